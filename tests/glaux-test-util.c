/* glaux-test-util.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "glaux-test-util.h"

static char *test_home;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
remove_test_home (void)
{
  if (test_home != NULL && g_getenv ("GLAUX_TEST_KEEP_HOME") == NULL)
    remove_tree (test_home);
  g_clear_pointer (&test_home, g_free);
}

/* Points HOME and every XDG base directory at a fresh temporary folder and drops AWS variables,
 * so no test ever reads or writes the user's files, config or keyring. XDG_DATA_DIRS stays: the
 * toolkit needs the system's icons, GtkSourceView languages and schemas. */
void
glaux_test_init (int    *argc,
                 char ***argv)
{
  static const char * const aws_variables[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ATHENA", "AWS_ENDPOINT_URL_S3", "AWS_CA_BUNDLE",
    "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS",
  };
  static const char * const xdg_homes[][2] = {
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_STATE_HOME", ".local/state" },
  };
  g_autoptr(GError) error = NULL;

  test_home = g_dir_make_tmp ("glaux-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", test_home, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (xdg_homes); i++)
    {
      g_autofree char *path = g_build_filename (test_home, xdg_homes[i][1], NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (xdg_homes[i][0], path, TRUE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (aws_variables); i++)
    g_unsetenv (aws_variables[i]);

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "glaux-test-keyring", TRUE);
  atexit (remove_test_home);

  g_test_init (argc, argv, NULL);
}

const char *
glaux_test_get_home (void)
{
  return test_home;
}

/* A path inside ../shared (design documents and test data), located by meson. */
char *
glaux_test_build_shared (const char *first_element,
                         ...)
{
  const char *shared = g_getenv ("GLAUX_SHARED_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *element;
  va_list args;

  g_assert_nonnull (shared);
  g_ptr_array_add (parts, (gpointer)shared);

  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)element);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

/* A path in the build's test output folder (screenshots, reports), which is created on demand. */
char *
glaux_test_build_output (const char *file_name)
{
  const char *output = g_getenv ("GLAUX_TEST_OUTPUT_DIR");

  g_assert_nonnull (output);
  g_mkdir_with_parents (output, 0755);

  return g_build_filename (output, file_name, NULL);
}

/* Whether valgrind runs this test program (build-aux/glaux-dev valgrind): memcheck makes it
 * several times slower and holds freed blocks back, so deadlines stretch and memory peaks say
 * nothing under it. The processes it starts are not traced and keep their speed. */
gboolean
glaux_test_running_on_valgrind (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

  return preload != NULL && strstr (preload, "/vgpreload_") != NULL;
}

static void (*timeout_hook) (gpointer data);
static gpointer timeout_hook_data;

/* Runs @hook (@data) when a wait times out, before the test fails: it can save what the test saw
 * (a screenshot, the texts of a window). NULL removes it. */
void
glaux_test_set_timeout_hook (void   (*hook) (gpointer data),
                             gpointer data)
{
  timeout_hook = hook;
  timeout_hook_data = data;
}

static gboolean
flag_set_cb (gpointer data)
{
  *(gboolean *)data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until @condition holds; fails the test after @timeout_ms
 * (ten times that under valgrind), naming @what and the caller. The context wakes up every
 * 50 ms, so conditions on the outside world (processes, files) are seen even when no source of
 * this process fires. Called through glaux_test_wait_until(), which fills in the rest. */
void
glaux_test_wait_until_at (gboolean  (*condition) (gpointer data),
                          gpointer    data,
                          guint       timeout_ms,
                          const char *what,
                          const char *file,
                          int         line,
                          const char *func)
{
  g_autofree char *message = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id = 0;
  guint wake_id = g_timeout_add (50, wake_up_cb, NULL);
  guint effective_ms = timeout_ms;

  if (glaux_test_running_on_valgrind ())
    effective_ms = MIN (timeout_ms, G_MAXUINT / 10) * 10;
  timeout_id = g_timeout_add (effective_ms, flag_set_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  if (!timed_out)
    {
      g_source_remove (timeout_id);
      return;
    }

  /* The hook may wait too (for a frame to draw); a timeout in there must not call it again. */
  if (timeout_hook != NULL)
    {
      void (*hook) (gpointer data) = timeout_hook;

      timeout_hook = NULL;
      hook (timeout_hook_data);
      timeout_hook = hook;
    }
  message = g_strdup_printf ("timed out after %u ms waiting for %s", effective_ms, what);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

gboolean
glaux_test_pointer_is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

gboolean
glaux_test_flag_is_set (gpointer data)
{
  return *(gboolean *)data;
}

/* A GAsyncReadyCallback that keeps a reference to the result in the GAsyncResult pointer
 * @user_data points to, for glaux_test_wait_result(). */
void
glaux_test_store_result_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GAsyncResult *
glaux_test_wait_result_at (GAsyncResult **result,
                           guint          timeout_ms,
                           const char    *what,
                           const char    *file,
                           int            line,
                           const char    *func)
{
  glaux_test_wait_until_at (glaux_test_pointer_is_set, result, timeout_ms, what, file, line, func);

  return *result;
}

/* Runs the main loop for @milliseconds, letting timers, animations and I/O progress. */
void
glaux_test_iterate (guint milliseconds)
{
  gboolean elapsed = FALSE;

  g_timeout_add (milliseconds, flag_set_cb, &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
}
