/* test-bench-library.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "glaux-bench-library.h"
#include "glaux-history-store.h"
#include "glaux-test-util.h"

#define DUCKDB "tpch-duckdb-sf0.01-20260826-8a57a5a8.json"
#define SPARK "tpch-spark-sf0.01-20260826-2fd3b12b.json"

static GlauxBenchLibrary *
open_library (const char  *path,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_bench_library_new_async (path, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);

  return glaux_bench_library_new_finish (result, error);
}

static GFile *
sample_file (const char *name)
{
  g_autofree char *path = glaux_test_build_shared ("testdata", "benchbox", name, NULL);

  return g_file_new_for_path (path);
}

static GlauxBenchEntry *
add_file (GlauxBenchLibrary  *library,
          GFile              *file,
          gboolean           *already_present,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_bench_library_add_file_async (library, file, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);

  return glaux_bench_library_add_finish (library, result, already_present, error);
}

typedef enum
{
  UPDATE_LABEL,
  UPDATE_NOTES,
  UPDATE_REMOVE,
} Update;

static gboolean
update (GlauxBenchLibrary  *library,
        GlauxBenchEntry    *entry,
        Update              kind,
        const char         *text,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (kind == UPDATE_LABEL)
    glaux_bench_library_set_label_async (library, entry, text, NULL, glaux_test_store_result_cb,
                                         &result);
  else if (kind == UPDATE_NOTES)
    glaux_bench_library_set_notes_async (library, entry, text, NULL, glaux_test_store_result_cb,
                                         &result);
  else
    glaux_bench_library_remove_async (library, entry, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);

  return glaux_bench_library_update_finish (library, result, error);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GString    *log)
{
  g_string_append_printf (log, "%s;", pspec->name);
}

static int
count_rows (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM bench_runs", -1, &statement, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return count;
}

/* Add, duplicate, label, notes, remove, reopen — at the default path (the history database). */
static void
test_lifecycle (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "glaux", "history.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchLibrary) library = open_library (NULL, &error);
  g_autoptr(GFile) duckdb = sample_file (DUCKDB);
  g_autoptr(GFile) spark = sample_file (SPARK);
  g_autoptr(GlauxBenchEntry) first = NULL;
  g_autoptr(GlauxBenchEntry) again = NULL;
  g_autoptr(GlauxBenchEntry) second = NULL;
  g_autoptr(GString) notified = g_string_new (NULL);
  g_autofree char *duplicate = NULL;
  g_autofree char *title = NULL;
  gboolean already_present = TRUE;
  guint changes = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (glaux_bench_library_get_path (library), ==, path);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (library)) == GLAUX_TYPE_BENCH_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  first = add_file (library, duckdb, &already_present, &error);
  g_assert_no_error (error);
  g_assert_false (already_present);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpint (glaux_bench_entry_get_origin (first), ==, GLAUX_BENCH_ORIGIN_IMPORTED);
  g_assert_cmpstr (glaux_bench_entry_get_sha256 (first), ==,
                   "c0122c880529afcde02747721223fa2bba1ee73400bea3df673d81d3753b576e");
  g_assert_cmpstr (glaux_bench_entry_get_source_path (first), ==, g_file_peek_path (duckdb));
  g_assert_cmpstr (glaux_bench_entry_get_label (first), ==, "");
  g_assert_cmpint (glaux_bench_entry_get_added (first), >, 0);
  g_assert_cmpstr (glaux_bench_run_get_platform_name (glaux_bench_entry_get_run (first)), ==, "DuckDB");
  title = glaux_bench_entry_dup_title (first);
  g_assert_cmpstr (title, ==, "DuckDB 1.3.2 · 2026-08-26 10:53 · 8a57a5a8");

  /* The same file again: the existing entry, nothing added. */
  again = add_file (library, duckdb, &already_present, &error);
  g_assert_no_error (error);
  g_assert_true (already_present);
  g_assert_true (again == first);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpint (count_rows (path), ==, 1);
  duplicate = glaux_bench_library_describe_duplicate (again);
  g_assert_true (g_str_has_prefix (duplicate, "This run is already in the run library as "
                                              "“DuckDB 1.3.2 · 2026-08-26 10:53 · 8a57a5a8” (added "));
  g_assert_true (g_str_has_suffix (duplicate, "); nothing was added."));

  second = add_file (library, spark, &already_present, &error);
  g_assert_no_error (error);
  g_assert_false (already_present);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_cmpint (glaux_bench_entry_get_id (second), >, glaux_bench_entry_get_id (first));
  g_assert_true (glaux_bench_library_lookup (library, glaux_bench_entry_get_id (second)) == second);

  g_signal_connect (first, "notify", G_CALLBACK (notify_cb), notified);
  g_assert_true (update (library, first, UPDATE_LABEL, "Laptop, before the upgrade", &error));
  g_assert_no_error (error);
  g_assert_true (update (library, first, UPDATE_NOTES, "Plugged in.\nSecond line.", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (notified->str, ==, "label;title;notes;");
  g_assert_cmpstr (glaux_bench_entry_get_label (first), ==, "Laptop, before the upgrade");
  g_clear_pointer (&title, g_free);
  title = glaux_bench_entry_dup_title (first);
  g_assert_cmpstr (title, ==, "Laptop, before the upgrade");

  g_assert_true (update (library, second, UPDATE_REMOVE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpuint (changes, ==, 3);
  /* A second removal finds nothing. */
  g_assert_false (update (library, second, UPDATE_REMOVE, NULL, &error));
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Reopened: what was stored, as it was. */
  g_signal_handlers_disconnect_by_data (first, notified);
  g_signal_handlers_disconnect_by_data (library, &changes);
  g_clear_object (&library);
  library = open_library (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  {
    g_autoptr(GlauxBenchEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), 0);

    g_assert_cmpint (glaux_bench_entry_get_id (entry), ==, glaux_bench_entry_get_id (first));
    g_assert_cmpstr (glaux_bench_entry_get_label (entry), ==, "Laptop, before the upgrade");
    g_assert_cmpstr (glaux_bench_entry_get_notes (entry), ==, "Plugged in.\nSecond line.");
    g_assert_cmpstr (glaux_bench_entry_get_sha256 (entry), ==, glaux_bench_entry_get_sha256 (first));
    g_assert_cmpint (glaux_bench_entry_get_added (entry), ==, glaux_bench_entry_get_added (first));
    g_assert_cmpstr (glaux_bench_entry_get_source_path (entry), ==, g_file_peek_path (duckdb));
    g_assert_cmpfloat (glaux_bench_run_get_geomean_ms (glaux_bench_entry_get_run (entry)), ==,
                       glaux_bench_run_get_geomean_ms (glaux_bench_entry_get_run (first)));
  }

  /* The spark file can come back after its removal. */
  g_clear_object (&second);
  second = add_file (library, spark, &already_present, &error);
  g_assert_no_error (error);
  g_assert_false (already_present);
  g_assert_cmpint (count_rows (path), ==, 2);

  /* Clean up for the next test. */
  g_assert_true (update (library, first, UPDATE_REMOVE, NULL, &error));
  g_assert_true (update (library, second, UPDATE_REMOVE, NULL, &error));
  g_assert_no_error (error);
}

/* Bad files are refused with their reason; nothing in the library changes. */
static void
test_bad_file (void)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), "bad-files.db", NULL);
  g_autofree char *not_json = g_build_filename (glaux_test_get_home (), "results.csv", NULL);
  g_autofree char *future = g_build_filename (glaux_test_get_home (), "future.json", NULL);
  g_autoptr(GFile) not_json_file = g_file_new_for_path (not_json);
  g_autoptr(GFile) future_file = g_file_new_for_path (future);
  g_autoptr(GFile) missing_file = g_file_new_for_path ("/nonexistent/run.json");
  g_autoptr(GFile) duckdb = sample_file (DUCKDB);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchLibrary) library = open_library (path, &error);
  g_autoptr(GlauxBenchEntry) entry = NULL;
  guint changes = 0;

  g_assert_no_error (error);
  entry = add_file (library, duckdb, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  g_assert_true (g_file_set_contents (not_json, "query_id,execution_time_ms\n1,7.2\n", -1, NULL));
  g_assert_true (g_file_set_contents (future, "{\"version\": \"3.0\", \"run\": {}}", -1, NULL));

  g_assert_null (add_file (library, not_json_file, NULL, &error));
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_JSON);
  g_clear_error (&error);
  g_assert_null (add_file (library, future_file, NULL, &error));
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_UNSUPPORTED_VERSION);
  g_assert_cmpstr (error->message, ==, "Schema version 3.0 is not supported; Glaux reads 1.x and 2.0–2.2");
  g_clear_error (&error);
  g_assert_null (add_file (library, missing_file, NULL, &error));
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_IO);
  g_clear_error (&error);

  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpint (count_rows (path), ==, 1);
  g_assert_cmpstr (glaux_bench_entry_get_label (entry), ==, "");
}

/* A recorded run from a JsonNode: origin "recorded", extras kept, same document twice is a
 * duplicate. */
static void
test_add_json (void)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), "recorded.db", NULL);
  const char *json =
    "{\"version\": \"2.2\", \"run\": {\"id\": \"rec1\", \"timestamp\": \"2026-11-20T10:00:00\","
    " \"total_duration_ms\": 10, \"iterations\": 1},"
    " \"benchmark\": {\"id\": \"tpch\", \"scale_factor\": 0.01}, \"platform\": {\"name\": \"glaux-local\"},"
    " \"summary\": {\"queries\": {\"total\": 2}},"
    " \"queries\": [{\"id\": \"1\", \"iter\": 1, \"ms\": 40, \"dpu_execution_ms\": 120},"
    "             {\"id\": \"2\", \"iter\": 1, \"ms\": 60, \"dpu_execution_ms\": 180}]}";
  g_autoptr(JsonNode) document = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchLibrary) library = open_library (path, &error);
  g_autoptr(GlauxBenchEntry) entry = NULL;
  g_autoptr(GlauxBenchEntry) again = NULL;
  gboolean already_present = TRUE;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      glaux_bench_library_add_json_async (library, document, GLAUX_BENCH_ORIGIN_RECORDED, NULL,
                                          NULL, glaux_test_store_result_cb, &result);
      glaux_test_wait_result (&result, 20000);
      if (i == 0)
        entry = glaux_bench_library_add_finish (library, result, &already_present, &error);
      else
        again = glaux_bench_library_add_finish (library, result, &already_present, &error);
      g_assert_no_error (error);
      g_assert_cmpint (already_present, ==, i == 1);
    }

  g_assert_true (entry == again);
  g_assert_cmpint (glaux_bench_entry_get_origin (entry), ==, GLAUX_BENCH_ORIGIN_RECORDED);
  g_assert_null (glaux_bench_entry_get_source_path (entry));
  g_assert_cmpfloat (glaux_bench_run_lookup_query (glaux_bench_entry_get_run (entry), "2")->dpu_ms, ==, 180);

  g_clear_object (&library);
  library = open_library (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GlauxBenchEntry) reopened = g_list_model_get_item (G_LIST_MODEL (library), 0);

    g_assert_cmpint (glaux_bench_entry_get_origin (reopened), ==, GLAUX_BENCH_ORIGIN_RECORDED);
    g_assert_cmpstr (glaux_bench_entry_get_sha256 (reopened), ==, glaux_bench_entry_get_sha256 (entry));
  }
}

/* The library lives beside the history store in one file: each keeps its own version, and a
 * newer library version is refused rather than damaged. */
static void
test_shared_database (void)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), "shared.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxBenchLibrary) library = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  glaux_history_store_new_async (path, 0, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  store = glaux_history_store_new_finish (result, &error);
  g_assert_no_error (error);

  library = open_library (path, &error);
  g_assert_no_error (error);
  g_clear_object (&library);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT version FROM glaux_component_versions "
                                           "WHERE component = 'bench-library'", -1, &statement,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (statement, 0), ==, GLAUX_BENCH_LIBRARY_SCHEMA_VERSION);
  sqlite3_finalize (statement);
  /* The history store's own version is untouched. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (statement, 0), ==, GLAUX_HISTORY_STORE_SCHEMA_VERSION);
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE glaux_component_versions SET version = 99 "
                                     "WHERE component = 'bench-library'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  /* The history store still opens; the library refuses the newer version. */
  g_clear_object (&result);
  glaux_history_store_new_async (path, 0, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  store = glaux_history_store_new_finish (result, &error);
  g_assert_no_error (error);

  library = open_library (path, &error);
  g_assert_null (library);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "was written by a newer Glaux (version 99"));
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/bench-library/lifecycle", test_lifecycle);
  g_test_add_func ("/bench-library/bad-file", test_bad_file);
  g_test_add_func ("/bench-library/add-json", test_add_json);
  g_test_add_func ("/bench-library/shared-database", test_shared_database);

  return g_test_run ();
}
