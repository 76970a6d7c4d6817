/* test-query-set.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "glaux-query-set.h"
#include "glaux-test-util.h"
#include "glaux-tpch.h"

/* Query sets: the TPC-H preset, folders in natural order with ids from file names, and a clear
 * error naming the file for unreadable, empty and non-UTF-8 files. */

static char *
make_folder (const char *name)
{
  char *path = g_build_filename (glaux_test_get_home (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
write_file (const char *folder,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
}

static GlauxQuerySet *
load_folder (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) folder = g_file_new_for_path (path);

  return glaux_query_set_new_from_folder (folder, NULL, error);
}

static void
test_tpch (void)
{
  g_autoptr(GlauxQuerySet) set = glaux_query_set_new_tpch ();
  g_autoptr(GlauxQuerySet) subset = NULL;
  g_autofree char *block = NULL;
  const char * const ids[] = { "6", "1", "99", NULL };

  g_assert_cmpstr (glaux_query_set_get_benchmark_id (set), ==, "tpch");
  g_assert_cmpstr (glaux_query_set_get_benchmark_name (set), ==, "TPC-H");
  g_assert_true (glaux_query_set_get_is_tpch (set));
  g_assert_cmpuint (glaux_query_set_get_n_queries (set), ==, 22);
  for (guint i = 0; i < 22; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (glaux_query_set_get_id (set, i), ==, id);
      g_assert_cmpint (glaux_query_set_get_language (set, i), ==, GLAUX_QUERY_LANGUAGE_SQL);
      g_assert_cmpstr (glaux_query_set_get_code (set, i), ==, glaux_tpch_get_query (i + 1));
    }
  g_assert_nonnull (strstr (glaux_query_set_get_code (set, 0), "l_returnflag"));
  block = glaux_query_set_get_code_block (set, 0);
  g_assert_true (g_str_has_prefix (block, "%%sql\n-- TPC-H Q1:"));

  subset = glaux_query_set_filter (set, ids);
  g_assert_cmpuint (glaux_query_set_get_n_queries (subset), ==, 2);
  g_assert_cmpstr (glaux_query_set_get_id (subset, 0), ==, "1");
  g_assert_cmpstr (glaux_query_set_get_id (subset, 1), ==, "6");
  g_assert_cmpstr (glaux_query_set_get_benchmark_id (subset), ==, "tpch");
  g_assert_true (glaux_query_set_get_is_tpch (subset));
}

static void
test_natural (void)
{
  g_assert_cmpint (glaux_query_set_compare_natural ("q2.sql", "q10.sql"), <, 0);
  g_assert_cmpint (glaux_query_set_compare_natural ("q10.sql", "q2.sql"), >, 0);
  g_assert_cmpint (glaux_query_set_compare_natural ("q02", "q2"), ==, 0);
  g_assert_cmpint (glaux_query_set_compare_natural ("Q1a", "q1b"), <, 0);
  g_assert_cmpint (glaux_query_set_compare_natural ("1", "1a"), <, 0);
  g_assert_cmpint (glaux_query_set_compare_natural ("abc", "ABD"), <, 0);
  g_assert_cmpint (glaux_query_set_compare_natural ("", "a"), <, 0);
}

static void
test_folder (void)
{
  g_autofree char *path = make_folder ("my-bench");
  g_autofree char *sub = g_build_filename (path, "nested.sql", NULL);
  g_autoptr(GlauxQuerySet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *block = NULL;
  /* Natural order of the file names: load.py, q01.sql, q2.sql, Q3.py, q10.sql, Q14a.sql, … */
  const char * const expected[] = { "load", "1", "2", "3", "10", "14a", "setup" };

  write_file (path, "q10.sql", "SELECT 10", -1);
  write_file (path, "q2.sql", "SELECT 2", -1);
  write_file (path, "q01.sql", "SELECT 1", -1);
  write_file (path, "Q3.py", "print(3)", -1);
  write_file (path, "Q14a.sql", "SELECT '14a'", -1);
  write_file (path, "setup.sql", "SELECT 'setup'", -1);
  write_file (path, "load.py", "print('load')", -1);
  /* Skipped: other extensions, hidden files, folders. */
  write_file (path, "README.md", "", 0);
  write_file (path, ".q4.sql", "SELECT 4", -1);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  set = load_folder (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_query_set_get_benchmark_id (set), ==, "my-bench");
  g_assert_cmpstr (glaux_query_set_get_benchmark_name (set), ==, "my-bench");
  g_assert_false (glaux_query_set_get_is_tpch (set));
  g_assert_cmpuint (glaux_query_set_get_n_queries (set), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (glaux_query_set_get_id (set, i), ==, expected[i]);

  g_assert_cmpstr (glaux_query_set_get_code (set, 1), ==, "SELECT 1");
  g_assert_cmpint (glaux_query_set_get_language (set, 3), ==, GLAUX_QUERY_LANGUAGE_PYTHON);
  g_assert_cmpstr (glaux_query_set_get_code (set, 3), ==, "print(3)");
  block = glaux_query_set_get_code_block (set, 3);
  g_assert_cmpstr (block, ==, "print(3)");
  g_clear_pointer (&block, g_free);
  block = glaux_query_set_get_code_block (set, 4);
  g_assert_cmpstr (block, ==, "%%sql\nSELECT 10");
}

typedef struct
{
  gboolean       done;
  GlauxQuerySet *set;
  GError        *error;
} AsyncState;

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->set = glaux_query_set_new_from_folder_finish (result, &state->error);
  state->done = TRUE;
}

static gboolean
async_done (gpointer data)
{
  return ((AsyncState *)data)->done;
}

static void
test_folder_async (void)
{
  g_autofree char *path = make_folder ("async-bench");
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  AsyncState state = { 0 };

  write_file (path, "q1.sql", "SELECT 1", -1);
  glaux_query_set_new_from_folder_async (folder, NULL, loaded_cb, &state);
  glaux_test_wait_until (async_done, &state, 10000);
  g_assert_no_error (state.error);
  g_assert_cmpuint (glaux_query_set_get_n_queries (state.set), ==, 1);
  g_object_unref (state.set);
}

static void
assert_folder_error (const char *path,
                     GQuark      domain,
                     int         code,
                     const char *part1,
                     const char *part2)
{
  g_autoptr(GlauxQuerySet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = load_folder (path, &error);
  g_assert_null (set);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, part1));
  if (part2 != NULL)
    g_assert_nonnull (strstr (error->message, part2));
}

static void
test_errors (void)
{
  g_autofree char *empty = make_folder ("empty-file");
  g_autofree char *blank = make_folder ("blank-file");
  g_autofree char *latin1 = make_folder ("latin1-file");
  g_autofree char *duplicate = make_folder ("duplicate-ids");
  g_autofree char *none = make_folder ("no-queries");
  g_autofree char *unreadable = make_folder ("unreadable");
  g_autofree char *missing = g_build_filename (glaux_test_get_home (), "missing", NULL);

  write_file (empty, "q1.sql", "SELECT 1", -1);
  write_file (empty, "q2.sql", "", 0);
  assert_folder_error (empty, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“q2.sql”", "empty");

  write_file (blank, "q1.py", "  \n\t\n", -1);
  assert_folder_error (blank, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“q1.py”", "empty");

  write_file (latin1, "q7.sql", "SELECT 'caf\xe9'", -1);
  assert_folder_error (latin1, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“q7.sql”", "UTF-8");

  write_file (duplicate, "q1.sql", "SELECT 1", -1);
  write_file (duplicate, "q01.py", "print(1)", -1);
  assert_folder_error (duplicate, G_IO_ERROR, G_IO_ERROR_EXISTS, "“q01.py”", "“1”");

  write_file (none, "notes.txt", "nothing", -1);
  assert_folder_error (none, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no-queries", ".sql");

  assert_folder_error (missing, G_IO_ERROR, G_IO_ERROR_FAILED, "missing", NULL);

  /* A file that cannot be read: a dangling symbolic link with a query's name. */
  {
    g_autofree char *link = g_build_filename (unreadable, "q5.sql", NULL);

    g_assert_cmpint (symlink ("/nonexistent/q5.sql", link), ==, 0);
    assert_folder_error (unreadable, G_IO_ERROR, G_IO_ERROR_FAILED, "“q5.sql”",
                         "Cannot read");
  }
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/query-set/tpch", test_tpch);
  g_test_add_func ("/query-set/natural", test_natural);
  g_test_add_func ("/query-set/folder", test_folder);
  g_test_add_func ("/query-set/folder-async", test_folder_async);
  g_test_add_func ("/query-set/errors", test_errors);

  return g_test_run ();
}
