/* test-history-store.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "glaux-history-store.h"
#include "glaux-test-util.h"

/* The history store on real SQLite files in the test's private home, and the cost model's
 * aggregation helpers it uses. Times are µs since the Unix epoch. */

#define USEC_PER_HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define USEC_PER_DAY  (24 * USEC_PER_HOUR)

/* Helpers */

static char *
new_db_path (void)
{
  static guint counter;

  return g_strdup_printf ("%s/history-%u/history.db", glaux_test_get_home (), ++counter);
}

static GlauxHistoryStore *
open_store (const char *path,
            guint       retention_days,
            GError    **error)
{
  GlauxHistoryStore *store;
  GAsyncResult *result = NULL;

  glaux_history_store_new_async (path, retention_days, NULL, glaux_test_store_result_cb, &result);
  store = glaux_history_store_new_finish (glaux_test_wait_result (&result, 20000), error);
  g_clear_object (&result);

  return store;
}

static GlauxHistoryStore *
open_store_ok (const char *path,
               guint       retention_days)
{
  g_autoptr(GError) error = NULL;
  GlauxHistoryStore *store = open_store (path, retention_days, &error);

  g_assert_no_error (error);
  g_assert_true (GLAUX_IS_HISTORY_STORE (store));
  return store;
}

static void
flush (GlauxHistoryStore *store)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_history_store_flush_async (store, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  g_assert_true (glaux_history_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static void
apply_retention (GlauxHistoryStore *store)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_history_store_apply_retention_async (store, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  g_assert_true (glaux_history_store_apply_retention_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static GlauxHistorySamples *
query_samples (GlauxHistoryStore *store,
               const char        *connection_id,
               const char        *session_id,
               gint64             from,
               gint64             to)
{
  g_autoptr(GError) error = NULL;
  GlauxHistorySamples *samples;
  GAsyncResult *result = NULL;

  glaux_history_store_query_samples_async (store, connection_id, session_id, from, to, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  samples = glaux_history_store_query_samples_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (samples);
  g_clear_object (&result);

  return samples;
}

static GPtrArray *
list_sessions (GlauxHistoryStore *store,
               const char        *connection_id,
               const char        *workgroup)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions;
  GAsyncResult *result = NULL;

  glaux_history_store_list_sessions_async (store, connection_id, workgroup, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  sessions = glaux_history_store_list_sessions_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sessions);
  g_clear_object (&result);

  return sessions;
}

static GPtrArray *
list_calculations (GlauxHistoryStore *store,
                   const char        *connection_id,
                   const char        *session_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *calculations;
  GAsyncResult *result = NULL;

  glaux_history_store_list_calculations_async (store, connection_id, session_id, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  calculations = glaux_history_store_list_calculations_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (calculations);
  g_clear_object (&result);

  return calculations;
}

static GlauxHistoryDaily *
query_daily (GlauxHistoryStore *store,
             const char        *connection_id,
             const char        *workgroup,
             guint              n_days,
             gint64             now,
             GTimeZone         *tz,
             GlauxCostModel    *model)
{
  g_autoptr(GError) error = NULL;
  GlauxHistoryDaily *daily;
  GAsyncResult *result = NULL;

  glaux_history_store_query_daily_async (store, connection_id, workgroup, n_days, now, tz, model,
                                         NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 20000);
  daily = glaux_history_store_query_daily_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (daily);
  g_clear_object (&result);

  return daily;
}

/* A session as GetSession would describe it; times in µs (0: absent). */
static GlauxSession *
make_session (const char *id,
              const char *workgroup,
              const char *state,
              gint64      start,
              gint64      end,
              gint64      dpu_millis)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char start_text[G_ASCII_DTOSTR_BUF_SIZE];
  char end_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (start_text, sizeof start_text, (double)start / G_USEC_PER_SEC);
  g_ascii_dtostr (end_text, sizeof end_text, (double)end / G_USEC_PER_SEC);

  g_string_append_printf (json,
                          "{\"SessionId\": \"%s\", \"WorkGroup\": \"%s\","
                          " \"Description\": \"test %s\","
                          " \"EngineVersion\":"
                          "   {\"EffectiveEngineVersion\": \"PySpark engine version 3\"},"
                          " \"EngineConfiguration\": {\"CoordinatorDpuSize\": 1,"
                          "   \"MaxConcurrentDpus\": 20, \"DefaultExecutorDpuSize\": 1},"
                          " \"SessionConfiguration\": {\"IdleTimeoutSeconds\": 900},"
                          " \"Statistics\": {\"DpuExecutionInMillis\": %" G_GINT64_FORMAT "},"
                          " \"Status\": {\"State\": \"%s\"",
                          id, workgroup, id, dpu_millis, state);
  if (start > 0)
    g_string_append_printf (json, ", \"StartDateTime\": %s", start_text);
  if (end > 0)
    g_string_append_printf (json, ", \"EndDateTime\": %s", end_text);
  g_string_append (json, "}}");

  json_parser_load_from_data (parser, json->str, -1, &error);
  g_assert_no_error (error);

  return glaux_session_new_from_json (json_node_get_object (json_parser_get_root (parser)));
}

static GlauxCalculation *
make_calculation (const char *id,
                  const char *session_id,
                  gint64      start,
                  gint64      end,
                  gint64      dpu_millis)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  json = g_strdup_printf ("{\"CalculationExecutionId\": \"%s\", \"SessionId\": \"%s\","
                          " \"Description\": \"calc %s\","
                          " \"Status\": {\"State\": \"COMPLETED\", \"SubmissionDateTime\": %"
                          G_GINT64_FORMAT ", \"CompletionDateTime\": %" G_GINT64_FORMAT "},"
                          " \"Statistics\": {\"DpuExecutionInMillis\": %" G_GINT64_FORMAT "}}",
                          id, session_id, id, start / G_USEC_PER_SEC, end / G_USEC_PER_SEC,
                          dpu_millis);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return glaux_calculation_new_from_json (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
local_time (GTimeZone *tz,
            int        year,
            int        month,
            int        day,
            int        hour,
            int        minute,
            double     seconds)
{
  g_autoptr(GDateTime) date_time = g_date_time_new (tz, year, month, day, hour, minute, seconds);

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

/* Direct SQLite access, to look at (or fake) what is on disk */

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *statement = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);

  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *statement = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);

  return value;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Schema */

static void
test_schema (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *default_path = glaux_history_store_get_default_path ();
  g_autofree char *expected_default = g_build_filename (g_get_user_data_dir (), "glaux",
                                                        "history.db", NULL);
  sqlite3 *db;

  g_assert_cmpstr (default_path, ==, expected_default);

  /* The folder is made on the way. */
  store = open_store_ok (path, 90);
  g_assert_cmpstr (glaux_history_store_get_path (store), ==, path);
  g_assert_cmpuint (glaux_history_store_get_retention_days (store), ==, 90);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&store);

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, GLAUX_HISTORY_STORE_SCHEMA_VERSION);
  journal = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND"
                                " name IN ('sessions', 'samples', 'calculations')"), ==, 3);
  g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM pragma_table_info('samples')"
                                " WHERE name IN ('coordinator_dpus', 'executor_dpus')"), ==, 2);
  sqlite3_close (db);
}

/* The default path is used when none is given ($XDG_DATA_HOME is the test's). */
static void
test_default_path (void)
{
  g_autoptr(GlauxHistoryStore) store = open_store_ok (NULL, 90);
  g_autofree char *expected = glaux_history_store_get_default_path ();

  g_assert_cmpstr (glaux_history_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

/* A version 1 file, written the way version 1 wrote it, is upgraded in place and keeps its
 * data: the total DPUs are split into the coordinator's and the executors'. */
static void
test_migration_v1 (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxHistorySamples) samples = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GlauxCalculation) calculation = NULL;
  GlauxHistorySession *session;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  db = open_raw (path);
  raw_exec (db,
            "PRAGMA journal_mode = WAL;"
            "CREATE TABLE sessions ("
            "  key INTEGER PRIMARY KEY,"
            "  connection_id TEXT NOT NULL,"
            "  session_id TEXT NOT NULL,"
            "  workgroup TEXT,"
            "  region TEXT,"
            "  description TEXT,"
            "  engine_version TEXT,"
            "  state TEXT,"
            "  start_time INTEGER,"
            "  end_time INTEGER,"
            "  dpu_millis INTEGER NOT NULL DEFAULT 0,"
            "  updated INTEGER NOT NULL DEFAULT 0,"
            "  UNIQUE (connection_id, session_id));"
            "CREATE INDEX sessions_by_workgroup ON sessions (connection_id, workgroup);"
            "CREATE TABLE samples ("
            "  session_key INTEGER NOT NULL REFERENCES sessions (key) ON DELETE CASCADE,"
            "  time INTEGER NOT NULL,"
            "  dpus INTEGER NOT NULL,"
            "  dpu_millis INTEGER NOT NULL,"
            "  PRIMARY KEY (session_key, time)) WITHOUT ROWID;"
            "INSERT INTO sessions (key, connection_id, session_id, workgroup, region, state,"
            "  start_time, end_time, dpu_millis, updated)"
            "  VALUES (7, 'local', 'old-session', 'primary', 'us-east-1', 'TERMINATED',"
            "  1000000, 4000000, 5000, 4000000);"
            "INSERT INTO samples VALUES (7, 1000000, 1, 0);"
            "INSERT INTO samples VALUES (7, 2000000, 3, 1000);"
            "INSERT INTO samples VALUES (7, 3000000, 0, 5000);"
            "PRAGMA user_version = 1;");
  sqlite3_close (db);

  store = open_store_ok (path, 0);

  sessions = list_sessions (store, "local", NULL);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (session->session_id, ==, "old-session");
  g_assert_cmpstr (session->workgroup, ==, "primary");
  g_assert_cmpstr (session->state, ==, "TERMINATED");
  g_assert_cmpint (session->dpu_millis, ==, 5000);
  g_assert_cmpint (session->end_time, ==, 4000000);
  /* New columns start unknown. */
  g_assert_cmpint (session->max_concurrent_dpus, ==, 0);
  g_assert_cmpint (session->idle_timeout_seconds, ==, 0);

  samples = query_samples (store, "local", "old-session", 0, G_MAXINT64);
  g_assert_cmpuint (samples->n_samples, ==, 3);
  g_assert_cmpint (samples->times[1], ==, 2000000);
  g_assert_cmpfloat (samples->coordinator_dpus[0], ==, 1.0);
  g_assert_cmpfloat (samples->executor_dpus[0], ==, 0.0);
  g_assert_cmpfloat (samples->coordinator_dpus[1], ==, 1.0);
  g_assert_cmpfloat (samples->executor_dpus[1], ==, 2.0);
  g_assert_cmpfloat (samples->coordinator_dpus[2], ==, 0.0);
  g_assert_cmpfloat (samples->executor_dpus[2], ==, 0.0);
  g_assert_cmpint (samples->dpu_millis[2], ==, 5000);

  /* What version 2 added works on the upgraded file. */
  calculation = make_calculation ("calc-1", "old-session", 2000000, 3000000, 4000);
  glaux_history_store_record_calculation (store, "local", calculation);
  calculations = list_calculations (store, "local", "old-session");
  g_assert_cmpuint (calculations->len, ==, 1);
  g_clear_object (&store);

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM pragma_table_info('samples')"
                                " WHERE name = 'dpus'"), ==, 0);
  sqlite3_close (db);
}

/* A file from a newer Glaux is refused with a clear message, and left as it was. */
static void
test_newer_schema (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  db = open_raw (path);
  raw_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;");
  sqlite3_close (db);

  store = open_store (path, 90, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "newer version of Glaux"));
  g_assert_nonnull (strstr (error->message, path));

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sessions'"),
                   ==, 0);
  sqlite3_close (db);
}

/* Not a database at all: a specific error naming the file. */
static void
test_not_a_database (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  GlauxHistoryStore *store;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "this is not SQLite, not even close; "
                                            "it is long enough to have a header though.",
                                      -1, NULL));

  store = open_store (path, 90, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
}

/* Everything recorded is there after the store is closed and opened again. */
static void
test_restart (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GlauxHistorySamples) samples = NULL;
  g_autoptr(GlauxHistorySamples) range = NULL;
  g_autoptr(GlauxHistorySamples) unknown = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  GlauxHistorySession *found;
  GlauxHistoryCalculation *calc;
  /* Whole seconds: the JSON of a session carries seconds. */
  gint64 t0 = (g_get_real_time () / G_USEC_PER_SEC - 3600) * G_USEC_PER_SEC;

  store = open_store_ok (path, 90);
  session = make_session ("s-1", "primary", "IDLE", t0, 0, 0);
  glaux_history_store_record_session (store, "conn-a", "eu-west-1", NULL, session);
  for (int i = 0; i < 100; i++)
    glaux_history_store_record_sample (store, "conn-a", "s-1", t0 + i * G_USEC_PER_SEC,
                                       1, i % 3, (gint64)i * 1500);
  calculation = make_calculation ("c-1", "s-1", t0 + 10 * G_USEC_PER_SEC,
                                  t0 + 20 * G_USEC_PER_SEC, 12345);
  glaux_history_store_record_calculation (store, "conn-a", calculation);

  /* The same session id on another connection is another session. */
  glaux_history_store_record_sample (store, "conn-b", "s-1", t0, 1, 0, 1);

  /* The session ends: its row follows (and an older, smaller total never lowers it). */
  g_clear_object (&session);
  session = make_session ("s-1", "primary", "TERMINATED", t0, t0 + 200 * G_USEC_PER_SEC,
                          200000);
  glaux_history_store_record_session (store, "conn-a", "eu-west-1", NULL, session);
  /* A second sample at the same time replaces the first. */
  glaux_history_store_record_sample (store, "conn-a", "s-1", t0 + 99 * G_USEC_PER_SEC, 0, 0,
                                     99 * 1500);
  /* Dropping the store commits what was queued: no flush here on purpose. */
  g_clear_object (&store);

  store = open_store_ok (path, 90);
  sessions = list_sessions (store, "conn-a", "primary");
  g_assert_cmpuint (sessions->len, ==, 1);
  found = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (found->connection_id, ==, "conn-a");
  g_assert_cmpstr (found->session_id, ==, "s-1");
  g_assert_cmpstr (found->workgroup, ==, "primary");
  g_assert_cmpstr (found->region, ==, "eu-west-1");
  g_assert_cmpstr (found->description, ==, "test s-1");
  g_assert_cmpstr (found->engine_version, ==, "PySpark engine version 3");
  g_assert_cmpstr (found->state, ==, "TERMINATED");
  g_assert_cmpint (found->start_time, ==, t0);
  g_assert_cmpint (found->end_time, ==, t0 + 200 * G_USEC_PER_SEC);
  g_assert_cmpint (found->dpu_millis, ==, 200000);
  g_assert_cmpint (found->coordinator_dpu_size, ==, 1);
  g_assert_cmpint (found->max_concurrent_dpus, ==, 20);
  g_assert_cmpint (found->idle_timeout_seconds, ==, 900);
  g_assert_cmpint (found->end_time, >, found->start_time);

  other = list_sessions (store, "conn-a", "elsewhere");
  g_assert_cmpuint (other->len, ==, 0);

  samples = query_samples (store, "conn-a", "s-1", 0, G_MAXINT64);
  g_assert_cmpuint (samples->n_samples, ==, 100);
  for (guint i = 0; i < samples->n_samples; i++)
    {
      g_assert_cmpint (samples->times[i], ==, t0 + i * G_USEC_PER_SEC);
      g_assert_cmpfloat (samples->coordinator_dpus[i], ==, i < 99 ? 1.0 : 0.0);
    }
  g_assert_cmpint (samples->dpu_millis[99], ==, 99 * 1500);
  g_assert_cmpfloat (samples->executor_dpus[2], ==, 2.0);

  range = query_samples (store, "conn-a", "s-1", t0 + 10 * G_USEC_PER_SEC,
                         t0 + 20 * G_USEC_PER_SEC);
  g_assert_cmpuint (range->n_samples, ==, 10);
  g_assert_cmpint (range->times[0], ==, t0 + 10 * G_USEC_PER_SEC);

  unknown = query_samples (store, "conn-a", "no-such-session", 0, G_MAXINT64);
  g_assert_cmpuint (unknown->n_samples, ==, 0);

  calculations = list_calculations (store, "conn-a", "s-1");
  g_assert_cmpuint (calculations->len, ==, 1);
  calc = g_ptr_array_index (calculations, 0);
  g_assert_cmpstr (calc->calculation_id, ==, "c-1");
  g_assert_cmpstr (calc->session_id, ==, "s-1");
  g_assert_cmpstr (calc->state, ==, "COMPLETED");
  g_assert_cmpstr (calc->description, ==, "calc c-1");
  g_assert_cmpint (calc->dpu_millis, ==, 12345);
  g_assert_cmpint (calc->end_time - calc->start_time, ==, 10 * G_USEC_PER_SEC);
}

static void
calculation_recorded_cb (GlauxHistoryStore             *store,
                         const char                    *connection_id,
                         const GlauxHistoryCalculation *calculation,
                         GPtrArray                     *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s/%s/%s/%" G_GINT64_FORMAT, connection_id,
                                          calculation->session_id, calculation->calculation_id,
                                          calculation->dpu_millis));
}

/* Recording a calculation tells its listeners at once (charts follow it without a query), with
 * what the store will hold; a later record of the same calculation tells again. */
static void
test_calculation_recorded_signal (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GlauxHistoryStore) store = open_store_ok (path, 90);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GlauxCalculation) first = NULL;
  g_autoptr(GlauxCalculation) again = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  gint64 t0 = (g_get_real_time () / G_USEC_PER_SEC - 600) * G_USEC_PER_SEC;

  g_signal_connect (store, "calculation-recorded", G_CALLBACK (calculation_recorded_cb), seen);

  first = make_calculation ("c-1", "s-1", t0, t0 + 5 * G_USEC_PER_SEC, 100);
  glaux_history_store_record_calculation (store, "conn", first);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "conn/s-1/c-1/100");

  again = make_calculation ("c-1", "s-1", t0, t0 + 6 * G_USEC_PER_SEC, 250);
  glaux_history_store_record_calculation (store, "conn", again);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "conn/s-1/c-1/250");

  /* Samples and sessions do not emit it. */
  glaux_history_store_record_sample (store, "conn", "s-1", t0, 1, 0, 0);
  g_assert_cmpuint (seen->len, ==, 2);

  calculations = list_calculations (store, "conn", "s-1");
  g_assert_cmpuint (calculations->len, ==, 1);
  g_assert_cmpint (((GlauxHistoryCalculation *)g_ptr_array_index (calculations, 0))->dpu_millis,
                   ==, 250);
}

/* Old records go at open and when the setting changes; 0 keeps everything. */
static void
test_retention (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxSession) ancient = NULL;
  g_autoptr(GlauxCalculation) old_calculation = NULL;
  g_autoptr(GlauxCalculation) new_calculation = NULL;
  g_autoptr(GlauxHistorySamples) samples = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  gint64 now = g_get_real_time ();

  /* Nothing is deleted while retention is 0. */
  store = open_store_ok (path, 0);
  ancient = make_session ("ancient", "primary", "TERMINATED", now - 120 * USEC_PER_DAY,
                          now - 119 * USEC_PER_DAY, 1000);
  glaux_history_store_record_session (store, "conn", "us-east-1", NULL, ancient);
  glaux_history_store_record_sample (store, "conn", "ancient", now - 120 * USEC_PER_DAY, 1, 0, 0);
  for (int days_ago = 100; days_ago >= 1; days_ago -= 33)
    glaux_history_store_record_sample (store, "conn", "long", now - days_ago * USEC_PER_DAY,
                                       1, 0, (100 - days_ago) * 1000);
  old_calculation = make_calculation ("old", "long", now - 100 * USEC_PER_DAY,
                                      now - 99 * USEC_PER_DAY, 1);
  new_calculation = make_calculation ("new", "long", now - 2 * USEC_PER_DAY,
                                      now - 2 * USEC_PER_DAY, 1);
  glaux_history_store_record_calculation (store, "conn", old_calculation);
  glaux_history_store_record_calculation (store, "conn", new_calculation);
  apply_retention (store);
  sessions = list_sessions (store, "conn", NULL);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_clear_pointer (&sessions, g_ptr_array_unref);
  g_clear_object (&store);

  /* At open, with the default 90 days: the session that ended 119 days ago goes with its
   * sample (although its row was written today: an ended session counts from its end); the
   * long one loses its sample from 100 days ago (67, 34 and 1 stay) and its old
   * calculation. */
  store = open_store_ok (path, 90);
  sessions = list_sessions (store, "conn", NULL);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (((GlauxHistorySession *)g_ptr_array_index (sessions, 0))->session_id, ==,
                   "long");
  samples = query_samples (store, "conn", "long", 0, G_MAXINT64);
  g_assert_cmpuint (samples->n_samples, ==, 3);
  g_assert_cmpint (samples->times[0], ==, now - 67 * USEC_PER_DAY);
  g_clear_pointer (&samples, glaux_history_samples_unref);
  samples = query_samples (store, "conn", "ancient", 0, G_MAXINT64);
  g_assert_cmpuint (samples->n_samples, ==, 0);
  g_clear_pointer (&samples, glaux_history_samples_unref);
  calculations = list_calculations (store, "conn", "long");
  g_assert_cmpuint (calculations->len, ==, 1);
  g_assert_cmpstr (((GlauxHistoryCalculation *)g_ptr_array_index (calculations, 0))->calculation_id,
                   ==, "new");
  g_clear_pointer (&calculations, g_ptr_array_unref);

  /* A shorter setting applies at once: 10 days leaves the sample from yesterday. */
  glaux_history_store_set_retention_days (store, 10);
  g_assert_cmpuint (glaux_history_store_get_retention_days (store), ==, 10);
  flush (store);
  samples = query_samples (store, "conn", "long", 0, G_MAXINT64);
  g_assert_cmpuint (samples->n_samples, ==, 1);
  g_assert_cmpint (samples->times[0], ==, now - 1 * USEC_PER_DAY);
  g_clear_pointer (&samples, glaux_history_samples_unref);
  g_clear_object (&store);
}

/* A session known only from samples, all older than the retention, goes entirely (samples,
 * calculations and row), since nothing about it is recent. */
static void
test_retention_whole_session (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 now = g_get_real_time ();
  sqlite3 *db;

  store = open_store_ok (path, 0);
  glaux_history_store_record_sample (store, "conn", "gone", now - 50 * USEC_PER_DAY, 1, 0, 10);
  glaux_history_store_record_sample (store, "conn", "kept", now - 5 * USEC_PER_DAY, 1, 0, 10);
  flush (store);
  g_clear_object (&store);

  store = open_store_ok (path, 30);
  sessions = list_sessions (store, "conn", NULL);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (((GlauxHistorySession *)g_ptr_array_index (sessions, 0))->session_id, ==,
                   "kept");
  g_clear_object (&store);

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM samples"), ==, 1);
  sqlite3_close (db);
}

/* Daily aggregates with known inputs. The calendar is local time (here a fixed UTC+05:00 zone,
 * so that local midnight is 19:00 UTC): a session from 23:00 to 01:00 local time counts on
 * two days, although it lies within one UTC day. */
static void
test_daily (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+05:00");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();
  g_autoptr(GlauxHistoryDaily) all = NULL;
  g_autoptr(GlauxHistoryDaily) alpha = NULL;
  g_autoptr(GlauxHistoryDaily) in_utc = NULL;
  g_autoptr(GlauxHistoryDaily) empty = NULL;
  g_autoptr(GlauxSession) s1 = NULL;
  g_autoptr(GlauxSession) s2 = NULL;
  g_autoptr(GlauxSession) s3 = NULL;
  gint64 now = local_time (tz, 2026, 3, 10, 12, 0, 0);
  gint64 s1_start = local_time (tz, 2026, 3, 9, 23, 0, 0);
  double expected_month;

  g_assert_nonnull (tz);
  glaux_cost_model_set_price_override (model, "us-east-1", 0.40);

  store = open_store_ok (path, 0);

  /* s1 (alpha, us-east-1): 2 DPUs from 23:00 to 01:00 local, sampled at 23:15 and 00:45 only,
   * so the split at midnight is interpolated: 7,200,000 DPU-ms on each side. */
  s1 = make_session ("s1", "alpha", "TERMINATED", s1_start, s1_start + 2 * USEC_PER_HOUR,
                     14400000);
  glaux_history_store_record_session (store, "conn", "us-east-1", NULL, s1);
  glaux_history_store_record_sample (store, "conn", "s1", s1_start + USEC_PER_HOUR / 4, 1, 1,
                                     1800000);
  glaux_history_store_record_sample (store, "conn", "s1", s1_start + 7 * USEC_PER_HOUR / 4, 1, 1,
                                     12600000);

  /* s2 (beta, ap-northeast-1 at 0.50): 1 DPU from 22:00 on the last day of February to 02:00
   * on March 1st, never sampled: its total spreads evenly from start to end. */
  s2 = make_session ("s2", "beta", "TERMINATED", local_time (tz, 2026, 2, 28, 22, 0, 0),
                     local_time (tz, 2026, 3, 1, 2, 0, 0), 14400000);
  glaux_history_store_record_session (store, "conn", "ap-northeast-1", NULL, s2);

  /* s3 (alpha): 1.5 DPU-seconds on March 5th, billed as 2. */
  s3 = make_session ("s3", "alpha", "TERMINATED", local_time (tz, 2026, 3, 5, 10, 0, 0),
                     local_time (tz, 2026, 3, 5, 10, 0, 1.5), 1500);
  glaux_history_store_record_session (store, "conn", "us-east-1", NULL, s3);

  /* Another connection's session never counts. */
  glaux_history_store_record_sample (store, "other", "s1", s1_start, 1, 0, 999999999);

  all = query_daily (store, "conn", NULL, 10, now, tz, model);
  g_assert_cmpuint (all->n_days, ==, 10);
  g_assert_cmpint (all->day_starts[0], ==, local_time (tz, 2026, 3, 1, 0, 0, 0));
  g_assert_cmpint (all->day_starts[9], ==, local_time (tz, 2026, 3, 10, 0, 0, 0));
  g_assert_cmpint (all->day_starts[10], ==, local_time (tz, 2026, 3, 11, 0, 0, 0));
  g_assert_cmpint (all->dpu_millis[0], ==, 7200000);   /* s2's March half */
  g_assert_cmpint (all->dpu_millis[4], ==, 1500);      /* s3 */
  g_assert_cmpint (all->dpu_millis[8], ==, 7200000);   /* s1 before midnight */
  g_assert_cmpint (all->dpu_millis[9], ==, 7200000);   /* s1 after midnight */
  for (guint d = 1; d < 8; d++)
    {
      if (d != 4)
        g_assert_cmpint (all->dpu_millis[d], ==, 0);
    }
  g_assert_cmpfloat_with_epsilon (all->dpu_hours[8], 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (all->cost[0], 7200 * 0.50 / 3600, 1e-12);
  g_assert_cmpfloat_with_epsilon (all->cost[4], 2 * 0.40 / 3600, 1e-12);
  g_assert_cmpfloat_with_epsilon (all->cost[8], 7200 * 0.40 / 3600, 1e-12);
  g_assert_false (all->is_estimate);

  /* Month to date: s2's March part, s3 and s1; 9.5 days of 31 elapsed. */
  g_assert_cmpint (all->month_start, ==, local_time (tz, 2026, 3, 1, 0, 0, 0));
  g_assert_cmpint (all->days_in_month, ==, 31);
  g_assert_cmpfloat_with_epsilon (all->days_elapsed, 9.5, 1e-9);
  g_assert_cmpint (all->month_dpu_millis, ==, 7200000 + 1500 + 14400000);
  expected_month = 7200 * 0.50 / 3600 + 14402 * 0.40 / 3600;
  g_assert_cmpfloat_with_epsilon (all->month_cost, expected_month, 1e-12);
  g_assert_cmpfloat_with_epsilon (all->month_projection, expected_month / 9.5 * 31, 1e-12);

  /* One workgroup. */
  alpha = query_daily (store, "conn", "alpha", 10, now, tz, model);
  g_assert_cmpint (alpha->dpu_millis[0], ==, 0);
  g_assert_cmpint (alpha->dpu_millis[8], ==, 7200000);
  g_assert_cmpint (alpha->dpu_millis[9], ==, 7200000);
  g_assert_cmpint (alpha->month_dpu_millis, ==, 14401500);

  /* The same data in UTC days: s1 lies within March 9th, s2 within February 28th. */
  in_utc = query_daily (store, "conn", NULL, 10, now, utc, model);
  g_assert_cmpint (in_utc->day_starts[0], ==, local_time (utc, 2026, 3, 1, 0, 0, 0));
  g_assert_cmpint (in_utc->dpu_millis[0], ==, 0);
  g_assert_cmpint (in_utc->dpu_millis[8], ==, 14400000);
  g_assert_cmpint (in_utc->dpu_millis[9], ==, 0);
  g_assert_cmpint (in_utc->month_dpu_millis, ==, 14401500);

  /* A connection without history: zeros, no projection. */
  empty = query_daily (store, "nobody", NULL, 30, now, tz, NULL);
  g_assert_cmpuint (empty->n_days, ==, 30);
  for (guint d = 0; d < 30; d++)
    g_assert_cmpint (empty->dpu_millis[d], ==, 0);
  g_assert_cmpfloat (empty->month_projection, ==, 0.0);
}

/* Cost model aggregation helpers */

typedef struct
{
  const char *name;
  gint64      times[6];
  gint64      values[6];
  gsize       n_points;
  gint64      edges[5];
  gsize       n_edges;
  gint64      expected[4];
} SpreadCase;

static void
test_cost_spread (void)
{
  static const SpreadCase cases[] = {
    { "empty series", { 0 }, { 0 }, 0, { 0, 10, 20 }, 3, { 0, 0 } },
    { "all inside one bucket", { 2, 4, 6 }, { 0, 100, 300 }, 3, { 0, 10, 20 }, 3, { 300, 0 } },
    { "linear across an edge", { 0, 20 }, { 0, 1000 }, 2, { 0, 5, 20 }, 3, { 250, 750 } },
    { "first point carries what came before", { 5, 15 }, { 400, 600 }, 2, { 0, 10, 20 }, 3,
      { 500, 100 } },
    { "an edge exactly on a point", { 0, 10, 20 }, { 0, 100, 200 }, 3, { 0, 10, 20 }, 3,
      { 100, 100 } },
    { "after the last point nothing grows", { 0, 10 }, { 0, 100 }, 2, { 0, 5, 50, 60 }, 4,
      { 50, 50, 0 } },
    { "a total going backwards never counts negative", { 0, 10, 20 }, { 0, 500, 300 }, 3,
      { 0, 10, 20 }, 3, { 500, 0 } },
    /* 1000 / 3 per bucket: rounded totals at each edge, so the buckets add up to 1000. */
    { "rounding keeps the sum", { 0, 3 }, { 0, 1000 }, 2, { 0, 1, 2, 3 }, 4, { 333, 334, 333 } },
    { "before the series starts", { 100, 200 }, { 0, 10 }, 2, { 0, 50, 100 }, 3, { 0, 0 } },
    { "duplicate times", { 0, 10, 10, 20 }, { 0, 100, 150, 250 }, 4, { 0, 10, 11, 20 }, 4,
      { 100, 60, 90 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SpreadCase *c = &cases[i];
      gint64 buckets[4] = { 0 };

      g_test_message ("%s", c->name);
      glaux_cost_model_spread_dpu_millis (c->times, c->values, c->n_points, c->edges, c->n_edges,
                                          buckets);
      for (gsize b = 0; b + 1 < c->n_edges; b++)
        g_assert_cmpint (buckets[b], ==, c->expected[b]);
    }

  /* It adds to what is there (sessions are summed into the same days). */
  {
    gint64 times[] = { 0, 10 };
    gint64 values[] = { 0, 10 };
    gint64 edges[] = { 0, 10 };
    gint64 bucket = 5;

    glaux_cost_model_spread_dpu_millis (times, values, 2, edges, 2, &bucket);
    g_assert_cmpint (bucket, ==, 15);
  }
}

static void
test_cost_calendar (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+05:00");
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autofree gint64 *edges = NULL;
  g_autofree gint64 *dst = NULL;
  int days_in_month = 0;
  double elapsed = 0;
  gint64 start;

  /* 00:30 local on March 1st is still February 28th in UTC. */
  edges = glaux_cost_model_day_edges (tz, local_time (tz, 2026, 3, 1, 0, 30, 0), 2);
  g_assert_cmpint (edges[0], ==, local_time (tz, 2026, 2, 28, 0, 0, 0));
  g_assert_cmpint (edges[1], ==, local_time (tz, 2026, 3, 1, 0, 0, 0));
  g_assert_cmpint (edges[2], ==, local_time (tz, 2026, 3, 2, 0, 0, 0));

  start = glaux_cost_model_month_start (tz, local_time (tz, 2026, 3, 1, 0, 30, 0), &days_in_month,
                                        &elapsed);
  g_assert_cmpint (start, ==, local_time (tz, 2026, 3, 1, 0, 0, 0));
  g_assert_cmpint (days_in_month, ==, 31);
  g_assert_cmpfloat_with_epsilon (elapsed, 0.5 / 24, 1e-12);

  start = glaux_cost_model_month_start (tz, local_time (tz, 2028, 2, 29, 12, 0, 0), &days_in_month,
                                        NULL);
  g_assert_cmpint (days_in_month, ==, 29);
  g_assert_cmpint (start, ==, local_time (tz, 2028, 2, 1, 0, 0, 0));

  /* A DST day is 23 hours long (Berlin, 29 March 2026), when the zone database is there. */
  if (berlin != NULL && g_strcmp0 (g_time_zone_get_identifier (berlin), "Europe/Berlin") == 0)
    {
      dst = glaux_cost_model_day_edges (berlin, local_time (berlin, 2026, 3, 29, 12, 0, 0), 1);
      g_assert_cmpint (dst[1] - dst[0], ==, 23 * USEC_PER_HOUR);
    }
}

typedef struct
{
  double month_to_date;
  double days_elapsed;
  int    days_in_month;
  double expected;
} ProjectionCase;

static void
test_cost_projection (void)
{
  static const ProjectionCase cases[] = {
    { 10.0, 10.0, 30, 30.0 },
    { 10.0, 9.5, 31, 10.0 / 9.5 * 31 },
    { 10.0, 0.25, 31, 310.0 },     /* less than a day counts as one */
    { 10.0, 0.0, 28, 280.0 },
    { 10.0, 31.0, 31, 10.0 },      /* the month is over */
    { 10.0, 40.0, 31, 10.0 },
    { 0.0, 5.0, 30, 0.0 },
    { -1.0, 5.0, 30, 0.0 },
    { 3.0, 2.0, 0, 3.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (glaux_cost_model_project_month (cases[i].month_to_date,
                                                                   cases[i].days_elapsed,
                                                                   cases[i].days_in_month),
                                    cases[i].expected, 1e-12);
}

typedef struct
{
  int    dpus;
  gint64 idle_for_usec;   /* -1: not idle */
  gint64 timeout_seconds;
  gint64 expected_seconds;
} IdleCase;

static void
test_cost_until_idle_timeout (void)
{
  static const IdleCase cases[] = {
    { 1, 0, 900, 900 },
    { 1, -1, 900, 900 },                            /* not idle: the whole timeout */
    { 3, 300 * G_USEC_PER_SEC, 900, 600 },
    { 1, 300 * G_USEC_PER_SEC + 1, 900, 600 },      /* 599.999999 s rounds up */
    { 1, 300 * G_USEC_PER_SEC - 1, 900, 601 },      /* 600.000001 s rounds up */
    { 2, 900 * G_USEC_PER_SEC, 900, 0 },
    { 2, 2000 * G_USEC_PER_SEC, 900, 0 },           /* past due: nothing more */
    { 0, 0, 900, 900 },                             /* no DPUs: costs nothing */
    { 1, 0, -5, 0 },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();
  gint64 now = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;

  glaux_cost_model_set_price_override (model, "eu-west-1", 0.36);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const IdleCase *c = &cases[i];
      gint64 idle_since = c->idle_for_usec < 0 ? 0 : now - c->idle_for_usec;
      gint64 remaining = -1;
      double cost;

      cost = glaux_cost_model_cost_until_idle_timeout (model, "eu-west-1", c->dpus, idle_since,
                                                       c->timeout_seconds, now, &remaining);
      g_assert_cmpint (remaining, ==, c->expected_seconds);
      g_assert_cmpfloat_with_epsilon (cost, MAX (c->dpus, 0) * c->expected_seconds * 0.36 / 3600,
                                      1e-12);
    }

  /* Idle since a time in the future (clocks differ): the whole timeout. */
  g_assert_cmpfloat_with_epsilon (glaux_cost_model_cost_until_idle_timeout (model, "eu-west-1", 1,
                                                                            now + G_USEC_PER_SEC,
                                                                            3600, now, NULL),
                                  0.36, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/history-store/schema", test_schema);
  g_test_add_func ("/history-store/default-path", test_default_path);
  g_test_add_func ("/history-store/migration-v1", test_migration_v1);
  g_test_add_func ("/history-store/newer-schema", test_newer_schema);
  g_test_add_func ("/history-store/not-a-database", test_not_a_database);
  g_test_add_func ("/history-store/restart", test_restart);
  g_test_add_func ("/history-store/calculation-recorded", test_calculation_recorded_signal);
  g_test_add_func ("/history-store/retention", test_retention);
  g_test_add_func ("/history-store/retention-whole-session", test_retention_whole_session);
  g_test_add_func ("/history-store/daily", test_daily);
  g_test_add_func ("/history-store/cost/spread", test_cost_spread);
  g_test_add_func ("/history-store/cost/calendar", test_cost_calendar);
  g_test_add_func ("/history-store/cost/projection", test_cost_projection);
  g_test_add_func ("/history-store/cost/until-idle-timeout", test_cost_until_idle_timeout);

  return g_test_run ();
}
