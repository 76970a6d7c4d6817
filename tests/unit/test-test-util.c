/* test-test-util.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The shared waiting helpers of tests/glaux-test-util.h: every test relies on them to see async
 * results arrive and to fail, not hang, when one never does. */

#include "config.h"

#include "glaux-test-util.h"

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
return_later_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  g_task_return_int (task, 42);
}

/* A result from another thread arrives through glaux_test_store_result_cb(). */
static void
test_wait_result (void)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (NULL, NULL, glaux_test_store_result_cb, &result);
  g_task_run_in_thread (task, return_later_cb);
  g_assert_null (result);

  g_assert_true (glaux_test_wait_result (&result, 5000) == result);
  g_assert_true (G_IS_TASK (result));
  g_assert_cmpint (g_task_propagate_int (G_TASK (result), &error), ==, 42);
  g_assert_no_error (error);
}

static void
test_conditions (void)
{
  gboolean flag = FALSE;
  gpointer pointer = NULL;

  g_assert_false (glaux_test_flag_is_set (&flag));
  g_assert_false (glaux_test_pointer_is_set (&pointer));
  flag = TRUE;
  pointer = &flag;
  g_assert_true (glaux_test_flag_is_set (&flag));
  g_assert_true (glaux_test_pointer_is_set (&pointer));

  /* A flag a timer sets is seen without any other source firing. */
  flag = FALSE;
  g_timeout_add (30, set_flag_cb, &flag);
  glaux_test_wait_until (glaux_test_flag_is_set, &flag, 5000);
  g_assert_true (flag);
}

static void
test_iterate (void)
{
  gint64 start = g_get_monotonic_time ();
  gboolean fired = FALSE;

  g_timeout_add (10, set_flag_cb, &fired);
  glaux_test_iterate (100);
  g_assert_true (fired);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * G_TIME_SPAN_MILLISECOND);
}

static void
count_hook (gpointer data)
{
  (*(guint *)data)++;
  g_printerr ("timeout hook ran\n");
}

/* In a child: waits that can only time out. */
static void
wait_never_child (void)
{
  glaux_test_wait_until (never, NULL, 100);
}

static void
wait_result_never_child (void)
{
  GAsyncResult *never_stored = NULL;

  glaux_test_wait_result (&never_stored, 100);
}

static void
wait_hook_child (void)
{
  guint calls = 0;

  glaux_test_set_timeout_hook (count_hook, &calls);
  glaux_test_wait_until (never, NULL, 100);
}

/* A timeout fails the test, saying what was awaited and where, instead of hanging. */
static void
test_timeout_fails (void)
{
  if (glaux_test_running_on_valgrind ())
    {
      g_test_skip ("the deadlines stretch tenfold under valgrind");
      return;
    }

  g_test_trap_subprocess ("/glaux/test-util/timeout/subprocess/condition", 10 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*test-test-util.c:*wait_never_child*"
                             "timed out after 100 ms waiting for condition never (NULL)*");

  g_test_trap_subprocess ("/glaux/test-util/timeout/subprocess/result", 10 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*wait_result_never_child*"
                             "timed out after 100 ms waiting for an async result in "
                             "&never_stored*");

  g_test_trap_subprocess ("/glaux/test-util/timeout/subprocess/hook", 10 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*timeout hook ran*timed out after 100 ms*");
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/test-util/wait-result", test_wait_result);
  g_test_add_func ("/glaux/test-util/conditions", test_conditions);
  g_test_add_func ("/glaux/test-util/iterate", test_iterate);
  g_test_add_func ("/glaux/test-util/timeout", test_timeout_fails);
  g_test_add_func ("/glaux/test-util/timeout/subprocess/condition", wait_never_child);
  g_test_add_func ("/glaux/test-util/timeout/subprocess/result", wait_result_never_child);
  g_test_add_func ("/glaux/test-util/timeout/subprocess/hook", wait_hook_child);

  return g_test_run ();
}
