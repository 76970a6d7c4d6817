/* test-local-process.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "glaux-local-process.h"
#include "glaux-test-util.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} StartResult;

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  StartResult *start = user_data;

  start->ok = glaux_local_process_start_finish (GLAUX_LOCAL_PROCESS (object), result,
                                                &start->error);
  start->done = TRUE;
}

static gboolean
start_done (gpointer data)
{
  return ((StartResult *)data)->done;
}

static void
start_and_wait (GlauxLocalProcess *process,
                StartResult       *start)
{
  glaux_local_process_start_async (process, NULL, start_cb, start);
  glaux_test_wait_until (start_done, start, 30000);
}

static char *
make_data_dir (const char *name)
{
  return g_build_filename (glaux_test_get_home (), name, NULL);
}

static char *
write_script (const char *name,
              const char *body)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), name, NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n%s\n", body);

  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);

  return g_steal_pointer (&path);
}

static gboolean
not_running (gpointer data)
{
  return !glaux_local_process_get_running (GLAUX_LOCAL_PROCESS (data));
}

static void
exited_cb (GlauxLocalProcess *process,
           gboolean          *exited)
{
  *exited = TRUE;
}

/* The real glaux-local starts on an ephemeral loopback port, answers HTTP there, and goes away
 * on stop. */
static void
test_local_process_real (void)
{
  g_autofree char *data_dir = make_data_dir ("local-real");
  g_autoptr(GlauxLocalProcess) process = glaux_local_process_new (NULL, data_dir);
  g_autoptr(GUri) uri = NULL;
  StartResult start = { 0 };
  gboolean exited = FALSE;
  GPid pid;

  start_and_wait (process, &start);
  g_assert_no_error (start.error);
  g_assert_true (start.ok);
  g_assert_true (glaux_local_process_get_running (process));

  uri = g_uri_parse (glaux_local_process_get_endpoint (process), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "http");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  g_assert_nonnull (glaux_local_process_get_region (process));
  g_assert_cmpuint (strlen (glaux_aws_credentials_get_access_key_id (
                              glaux_local_process_get_credentials (process))), >=, 16);
  g_assert_cmpuint (strlen (glaux_aws_credentials_get_secret_access_key (
                              glaux_local_process_get_credentials (process))), >=, 30);

  pid = glaux_local_process_get_pid (process);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, 0), ==, 0);

  g_signal_connect (process, "exited", G_CALLBACK (exited_cb), &exited);
  glaux_local_process_stop (process);
  glaux_test_wait_until (not_running, process, 10000);
  g_assert_true (exited);
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));
}

static void
test_local_process_missing_program (void)
{
  g_autofree char *data_dir = make_data_dir ("local-missing");
  g_autofree char *program = g_build_filename (glaux_test_get_home (), "no-such-glaux-local", NULL);
  g_autoptr(GlauxLocalProcess) process = glaux_local_process_new (program, data_dir);
  StartResult start = { 0 };

  start_and_wait (process, &start);
  g_assert_false (start.ok);
  g_assert_nonnull (start.error);
  g_assert_nonnull (strstr (start.error->message, program));
  g_clear_error (&start.error);
}

static void
test_local_process_exits_early (void)
{
  g_autofree char *data_dir = make_data_dir ("local-early");
  g_autofree char *program = write_script ("fails.sh",
                                           "echo 'cannot open the store: disk full' >&2\nexit 1");
  g_autoptr(GlauxLocalProcess) process = glaux_local_process_new (program, data_dir);
  StartResult start = { 0 };

  start_and_wait (process, &start);
  g_assert_false (start.ok);
  g_assert_nonnull (strstr (start.error->message, "stopped before it was ready"));
  g_assert_nonnull (strstr (start.error->message, "disk full"));
  g_assert_false (glaux_local_process_get_running (process));
  g_clear_error (&start.error);
}

static void
test_local_process_bad_readiness (void)
{
  g_autofree char *data_dir = make_data_dir ("local-garbage");
  g_autofree char *program = write_script ("garbage.sh",
                                           "echo 'listening somewhere'\nsleep 30");
  g_autoptr(GlauxLocalProcess) process = glaux_local_process_new (program, data_dir);
  StartResult start = { 0 };

  start_and_wait (process, &start);
  g_assert_false (start.ok);
  g_assert_error (start.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (glaux_local_process_get_running (process));
  g_clear_error (&start.error);
}

static void
test_local_process_never_ready (void)
{
  g_autofree char *data_dir = make_data_dir ("local-silent");
  g_autofree char *program = write_script ("silent.sh", "exec sleep 30");
  g_autoptr(GlauxLocalProcess) process = glaux_local_process_new (program, data_dir);
  StartResult start = { 0 };

  glaux_local_process_set_ready_timeout (process, 1);
  start_and_wait (process, &start);
  g_assert_false (start.ok);
  g_assert_error (start.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (glaux_local_process_get_running (process));
  g_clear_error (&start.error);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/athena/LocalProcess/real", test_local_process_real);
  g_test_add_func ("/glaux/athena/LocalProcess/missing-program", test_local_process_missing_program);
  g_test_add_func ("/glaux/athena/LocalProcess/exits-early", test_local_process_exits_early);
  g_test_add_func ("/glaux/athena/LocalProcess/bad-readiness", test_local_process_bad_readiness);
  g_test_add_func ("/glaux/athena/LocalProcess/never-ready", test_local_process_never_ready);

  return g_test_run ();
}
