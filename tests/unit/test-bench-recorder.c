/* test-bench-recorder.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "glaux-bench-recorder.h"
#include "glaux-bench-run.h"
#include "glaux-test-util.h"
#include "glaux-tpch.h"

/* Recording runs against a real glaux-local: a 3-query TPC-H subset, 1 warm-up + 2 iterations,
 * times from the service's timestamps, rows, DPU-ms and cost per execution, a failing query
 * recorded FAILED while the run goes on, and cancel stopping the running calculation. */

typedef struct
{
  char            *data_dir;
  GlauxConnection *connection;
  GlauxSession    *session;
} Fixture;

static GlauxAthenaClient *
client (Fixture *fixture)
{
  return glaux_connection_get_athena_client (fixture->connection);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GlauxWorkgroupParams) workgroup = glaux_workgroup_params_new ("spark");
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("spark");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("local-%08x", g_random_int ());
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GAsyncResult *result = NULL;

  fixture->data_dir = g_build_filename (glaux_test_get_home (), name, NULL);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  glaux_connection_connect_async (fixture->connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_connect_finish (fixture->connection, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  workgroup->selected_engine_version = g_strdup ("PySpark engine version 3");
  glaux_athena_client_create_work_group_async (client (fixture), workgroup, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_create_work_group_finish (client (fixture), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  params->max_concurrent_dpus = 4;
  glaux_athena_client_start_session_async (client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  fixture->session = glaux_athena_client_start_session_finish (client (fixture), result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  while (glaux_session_get_state (fixture->session) != GLAUX_SESSION_STATE_IDLE)
    {
      g_autoptr(GlauxSession) same = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
      glaux_athena_client_get_session_status_async (client (fixture),
                                                    glaux_session_get_id (fixture->session),
                                                    fixture->session, NULL,
                                                    glaux_test_store_result_cb, &result);
      glaux_test_wait_result (&result, 30000);
      same = glaux_athena_client_get_session_status_finish (client (fixture), result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static JsonNode *
record (Fixture        *fixture,
        GlauxQuerySet  *set,
        guint           iterations,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(GlauxBenchRecorder) recorder =
    glaux_bench_recorder_new (fixture->connection, glaux_session_get_id (fixture->session), set,
                              iterations);
  JsonNode *document;
  GAsyncResult *result = NULL;

  g_assert_cmpuint (glaux_bench_recorder_get_n_total (recorder), ==,
                    (iterations + 1) * glaux_query_set_get_n_queries (set));
  glaux_bench_recorder_run_async (recorder, cancellable, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 240000);
  document = glaux_bench_recorder_run_finish (recorder, result, error);
  g_object_unref (result);
  if (document != NULL)
    g_assert_cmpuint (glaux_bench_recorder_get_n_done (recorder), ==,
                      glaux_bench_recorder_get_n_total (recorder));

  return document;
}

static gint64
sqlite_rows (const char *db_path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return rows;
}

/* The calculation as the service reports it now. */
static GlauxCalculation *
get_calculation (Fixture    *fixture,
                 const char *calculation_id)
{
  g_autoptr(GError) error = NULL;
  GlauxCalculation *calculation;
  GAsyncResult *result = NULL;

  glaux_athena_client_get_calculation_execution_async (client (fixture), calculation_id, NULL,
                                                       NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  calculation = glaux_athena_client_get_calculation_execution_finish (client (fixture), result,
                                                                      &error);
  g_assert_no_error (error);
  g_object_unref (result);

  return calculation;
}

static void
test_tpch_subset (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *catalog = glaux_connection_get_local_catalog_path (fixture->connection);
  const char * const ids[] = { "1", "6", "14", NULL };
  g_autoptr(GlauxQuerySet) tpch = glaux_query_set_new_tpch ();
  g_autoptr(GlauxQuerySet) set = glaux_query_set_filter (tpch, ids);
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *run, *benchmark, *platform, *summary, *timing, *cost;
  JsonArray *queries;
  guint n_warmups = 0;
  double cost_sum = 0, time_sum = 0;

  g_assert_true (glaux_tpch_load (catalog, 0.01, GLAUX_TPCH_DEFAULT_SEED, NULL, NULL, NULL, NULL,
                                  &error));
  g_assert_no_error (error);

  document = record (fixture, set, 2, NULL, &error);
  g_assert_no_error (error);
  text = json_to_string (document, TRUE);
  g_test_message ("%s", text);

  root = json_node_get_object (document);
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, "2.2");
  g_assert_cmpstr (json_object_get_string_member (root, "result_schema_version"), ==, "2.2");

  run = json_object_get_object_member (root, "run");
  g_assert_cmpuint (strlen (json_object_get_string_member (run, "id")), ==, 8);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}$",
                                       json_object_get_string_member (run, "timestamp"), 0, 0));
  g_assert_cmpint (json_object_get_int_member (run, "iterations"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (run, "total_duration_ms"), >, 0);

  benchmark = json_object_get_object_member (root, "benchmark");
  g_assert_cmpstr (json_object_get_string_member (benchmark, "id"), ==, "tpch");
  g_assert_cmpstr (json_object_get_string_member (benchmark, "name"), ==, "TPC-H");
  /* The SF loaded in glaux-local's catalog. */
  g_assert_cmpfloat (json_object_get_double_member (benchmark, "scale_factor"), ==, 0.01);
  g_assert_cmpstr (json_object_get_string_member (benchmark, "test_type"), ==, "power");

  platform = json_object_get_object_member (root, "platform");
  g_assert_cmpstr (json_object_get_string_member (platform, "name"), ==, "glaux-local");
  g_assert_cmpstr (json_object_get_string_member (platform, "version"), ==,
                   "PySpark engine version 3");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (platform,
                                                                                 "config"),
                                                  "workgroup"), ==, "spark");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (platform, "config"),
                                               "max_concurrent_dpus"), ==, 4);

  queries = json_object_get_array_member (root, "queries");
  g_assert_cmpuint (json_array_get_length (queries), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      JsonObject *query = json_array_get_object_element (queries, i);
      const char *id = json_object_get_string_member (query, "id");
      gint64 iter = json_object_get_int_member (query, "iter");
      double ms = json_object_get_double_member (query, "ms");
      gint64 dpu = json_object_get_int_member (query, "dpu_execution_ms");
      double cost_usd = json_object_get_double_member (query, "cost_usd");
      g_autoptr(GlauxCalculation) calculation =
        get_calculation (fixture, json_object_get_string_member (query, "calculation_id"));
      gint64 service_us;
      guint q = (guint)g_ascii_strtoull (id, NULL, 10);

      g_assert_cmpstr (id, ==, ids[i % 3]);
      g_assert_cmpint (iter, ==, i / 3);
      g_assert_cmpint (json_object_get_int_member (query, "stream"), ==, iter);
      g_assert_cmpstr (json_object_get_string_member (query, "run_type"), ==,
                       iter == 0 ? "warmup" : "measurement");
      n_warmups += iter == 0;
      g_assert_cmpstr (json_object_get_string_member (query, "status"), ==, "SUCCESS");
      g_assert_cmpstr (json_object_get_string_member (query, "test_type"), ==, "power");

      /* The time is the service's CompletionDateTime - SubmissionDateTime. */
      service_us = g_date_time_difference (glaux_calculation_get_completion_time (calculation),
                                           glaux_calculation_get_submission_time (calculation));
      g_assert_cmpfloat (ms, >, 0);
      g_assert_cmpfloat_with_epsilon (ms, service_us / 1000.0, 0.051);

      g_assert_cmpint (json_object_get_int_member (query, "rows"), ==,
                       sqlite_rows (catalog, glaux_tpch_get_query (q)));
      g_assert_cmpint (dpu, >, 0);
      g_assert_cmpint (dpu, ==, glaux_calculation_get_dpu_execution_millis (calculation));
      g_assert_cmpfloat_with_epsilon (cost_usd,
                                      glaux_cost_model_cost_for_dpu_millis (
                                        glaux_cost_model_get_default (),
                                        glaux_connection_get_region (fixture->connection), dpu),
                                      1e-12);
      g_assert_cmpfloat (cost_usd, >, 0);
      cost_sum += cost_usd;
      if (iter > 0)
        time_sum += ms;
    }
  g_assert_cmpuint (n_warmups, ==, 3);

  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "queries"),
                                               "total"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "queries"),
                                               "passed"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "queries"),
                                               "failed"), ==, 0);
  timing = json_object_get_object_member (summary, "timing");
  /* Unrounded times in the summary, rounded in queries[]: within 0.05 ms each. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (timing, "total_ms"), time_sum,
                                  0.3);
  g_assert_true (json_object_has_member (timing, "geometric_mean_ms"));
  g_assert_true (json_object_has_member (timing, "stdev_ms"));
  g_assert_false (json_object_has_member (timing, "p90_ms"));   /* fewer than 10 samples */

  cost = json_object_get_object_member (root, "cost");
  g_assert_cmpstr (json_object_get_string_member (cost, "model"), ==, "estimated");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (cost, "total_usd"), cost_sum,
                                  1e-9);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "export"),
                                                  "tool"), ==, "glaux");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "errors")), ==, 0);

  /* It imports like any BenchBox 2.2 file. */
  {
    g_autoptr(GlauxBenchRun) imported = glaux_bench_run_new_from_json (document, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (glaux_bench_run_get_benchmark_id (imported), ==, "tpch");
    g_assert_cmpfloat (glaux_bench_run_get_scale_factor (imported), ==, 0.01);
    g_assert_cmpstr (glaux_bench_run_get_platform_name (imported), ==, "glaux-local");
    g_assert_cmpuint (glaux_bench_run_get_iterations (imported), ==, 2);
    g_assert_cmpuint (glaux_bench_run_get_n_executions (imported), ==, 9);
    g_assert_cmpuint (glaux_bench_run_get_n_queries (imported), ==, 3);
    for (guint i = 0; i < 9; i++)
      {
        const GlauxBenchExecution *execution = glaux_bench_run_get_execution (imported, i);

        g_assert_cmpint (execution->is_warmup, ==, i < 3);
        g_assert_true (execution->passed);
        g_assert_cmpfloat (execution->dpu_ms, >, 0);
        g_assert_cmpfloat (execution->cost_usd, >, 0);
      }
    g_assert_cmpfloat_with_epsilon (glaux_bench_run_get_cost_usd (imported), cost_sum, 1e-9);
  }
}

static void
write_file (const char *folder,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
test_failing_query (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *folder_path = g_build_filename (fixture->data_dir, "..", "failing", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GlauxQuerySet) set = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root, *queries_summary;
  JsonArray *queries, *errors;

  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  write_file (folder_path, "q1.sql", "SELECT * FROM no_such_table");
  write_file (folder_path, "q2.sql", "SELECT 1 AS one UNION ALL SELECT 2");
  folder = g_file_new_for_path (folder_path);
  set = glaux_query_set_new_from_folder (folder, NULL, &error);
  g_assert_no_error (error);

  document = record (fixture, set, 1, NULL, &error);
  g_assert_no_error (error);
  root = json_node_get_object (document);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "benchmark"),
                                                  "id"), ==, "failing");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (root,
                                                                                   "benchmark"),
                                                    "scale_factor"), ==, 1);
  queries = json_object_get_array_member (root, "queries");
  g_assert_cmpuint (json_array_get_length (queries), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *query = json_array_get_object_element (queries, i);
      gboolean failing = i % 2 == 0;

      g_assert_cmpstr (json_object_get_string_member (query, "status"), ==,
                       failing ? "FAILED" : "SUCCESS");
      if (failing)
        {
          g_test_message ("%s", json_object_get_string_member (query, "error"));
          g_assert_nonnull (strstr (json_object_get_string_member (query, "error"), "FAILED"));
          /* With the engine's own message from stderr. */
          g_assert_nonnull (strstr (json_object_get_string_member (query, "error"),
                                    "no such table: no_such_table"));
          g_assert_false (json_object_has_member (query, "rows"));
        }
      else
        g_assert_cmpint (json_object_get_int_member (query, "rows"), ==, 2);
    }
  queries_summary = json_object_get_object_member (json_object_get_object_member (root,
                                                                                  "summary"),
                                                   "queries");
  g_assert_cmpint (json_object_get_int_member (queries_summary, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (queries_summary, "passed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (queries_summary, "failed"), ==, 1);
  errors = json_object_get_array_member (root, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "query_id"), ==, "1");
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_started;
  guint         n_finished;
  char         *calculation_query;
} CancelState;

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
started_cb (GlauxBenchRecorder *recorder,
            const char         *query_id,
            guint               iteration,
            CancelState        *state)
{
  state->n_started++;
  /* Half a second into the sleeping warm-up. */
  if (g_str_equal (query_id, "2"))
    g_timeout_add (500, cancel_cb, state->cancellable);
}

static void
finished_cb (GlauxBenchRecorder *recorder,
             const char         *query_id,
             guint               iteration,
             const char         *status,
             double              ms,
             CancelState        *state)
{
  state->n_finished++;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *folder_path = g_build_filename (fixture->data_dir, "..", "sleepy", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GlauxQuerySet) set = NULL;
  g_autoptr(GlauxBenchRecorder) recorder = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  CancelState state = { cancellable, 0, 0, NULL };
  guint n_canceled = 0;
  gint64 start;
  GAsyncResult *result = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  write_file (folder_path, "q1.sql", "SELECT 1");
  write_file (folder_path, "q2.py", "import time\ntime.sleep(60)\nprint('late')\n");
  folder = g_file_new_for_path (folder_path);
  set = glaux_query_set_new_from_folder (folder, NULL, &error);
  g_assert_no_error (error);

  recorder = glaux_bench_recorder_new (fixture->connection,
                                       glaux_session_get_id (fixture->session), set, 3);
  g_signal_connect (recorder, "execution-started", G_CALLBACK (started_cb), &state);
  g_signal_connect (recorder, "execution-finished", G_CALLBACK (finished_cb), &state);
  start = g_get_monotonic_time ();
  glaux_bench_recorder_run_async (recorder, cancellable, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  document = glaux_bench_recorder_run_finish (recorder, result, &error);
  g_assert_null (document);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  /* Stopped, not waited for: well under the 60 s sleep. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (state.n_started, ==, 2);
  g_assert_cmpuint (state.n_finished, ==, 1);
  g_assert_cmpuint (glaux_bench_recorder_get_n_done (recorder), ==, 1);

  /* The sleeping calculation was stopped, and the session is free again. */
  glaux_athena_client_list_calculation_executions_async (client (fixture),
                                                         glaux_session_get_id (fixture->session),
                                                         GLAUX_CALCULATION_STATE_UNKNOWN, 0, NULL,
                                                         glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  calculations = glaux_athena_client_list_calculation_executions_finish (client (fixture), result,
                                                                         &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (calculations->len, ==, 2);
  for (guint i = 0; i < calculations->len; i++)
    {
      GlauxCalculation *calculation = g_ptr_array_index (calculations, i);

      n_canceled += glaux_calculation_get_state (calculation) == GLAUX_CALCULATION_STATE_CANCELED;
    }
  g_assert_cmpuint (n_canceled, ==, 1);
}

static void
test_not_connected (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "never", NULL);
  g_autoptr(GlauxConnection) connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"),
                                                                      data_dir);
  g_autoptr(GlauxQuerySet) set = glaux_query_set_new_tpch ();
  g_autoptr(GlauxBenchRecorder) recorder = glaux_bench_recorder_new (connection, "s-1", set, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  GAsyncResult *result = NULL;

  g_assert_cmpuint (glaux_bench_recorder_get_n_total (recorder), ==, 44);
  glaux_bench_recorder_run_async (recorder, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 5000);
  document = glaux_bench_recorder_run_finish (recorder, result, &error);
  g_assert_null (document);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "connect"));
  g_object_unref (result);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add ("/bench-recorder/tpch-subset", Fixture, NULL, fixture_set_up, test_tpch_subset,
              fixture_tear_down);
  g_test_add ("/bench-recorder/failing-query", Fixture, NULL, fixture_set_up,
              test_failing_query, fixture_tear_down);
  g_test_add ("/bench-recorder/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add_func ("/bench-recorder/not-connected", test_not_connected);

  return g_test_run ();
}
