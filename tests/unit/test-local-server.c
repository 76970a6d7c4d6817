/* test-local-server.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-aws-credentials.h"
#include "glaux-sigv4.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

static const char * const idle_states[] = { "IDLE", NULL };
static const char * const ended_states[] = { "TERMINATED", "FAILED", NULL };
static const char * const final_calc_states[] = { "COMPLETED", "FAILED", "CANCELED", NULL };

/* A recursive CTE that keeps SQLite busy far longer than any test waits. */
static const char slow_sql[] =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
  "SELECT count(*) FROM c";

static char *
start_idle_session (GlauxTestLocal *local,
                    const char     *body)
{
  g_autoptr(JsonObject) started = glaux_test_local_call_ok (local, "StartSession", body);
  char *id = g_strdup (json_object_get_string_member (started, "SessionId"));
  g_autofree char *state = NULL;

  g_assert_cmpstr (json_object_get_string_member (started, "State"), ==, "CREATING");
  state = glaux_test_local_wait_state (local, "GetSessionStatus", "SessionId", id, idle_states,
                                       5000);
  g_assert_cmpstr (state, ==, "IDLE");

  return id;
}

static char *
start_calculation (GlauxTestLocal *local,
                   const char     *session_id,
                   const char     *code)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autofree char *body = NULL;

  json_object_set_string_member (request, "SessionId", session_id);
  json_object_set_string_member (request, "CodeBlock", code);
  node = json_node_init_object (json_node_alloc (), request);
  body = json_to_string (node, FALSE);
  started = glaux_test_local_call_ok (local, "StartCalculationExecution", body);

  return g_strdup (json_object_get_string_member (started, "CalculationExecutionId"));
}

static char *
s3_path_of (const char *uri)
{
  g_assert_true (g_str_has_prefix (uri, "s3://"));

  return g_strconcat ("/", uri + strlen ("s3://"), NULL);
}

static void
test_workgroups (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) got = NULL;
  JsonObject *workgroup;
  JsonObject *configuration;
  g_autofree char *body = NULL;

  got = glaux_test_local_call_ok (local, "GetWorkGroup", "{\"WorkGroup\":\"primary\"}");
  workgroup = json_object_get_object_member (got, "WorkGroup");
  configuration = json_object_get_object_member (workgroup, "Configuration");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     configuration, "ResultConfiguration"), "OutputLocation"), ==,
                   "s3://glaux-local-results/primary/");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     configuration, "EngineVersion"), "SelectedEngineVersion"), ==,
                   "PySpark engine version 3");
  g_assert_true (json_object_has_member (workgroup, "CreationTime"));
  g_clear_pointer (&got, json_object_unref);

  json_object_unref (glaux_test_local_call_ok (local, "CreateWorkGroup",
                     "{\"Name\":\"team-a\",\"Description\":\"first\",\"Configuration\":"
                     "{\"ResultConfiguration\":{\"OutputLocation\":\"s3://team-bucket/out/\"}}}"));
  glaux_test_local_assert_error (local, "CreateWorkGroup", "{\"Name\":\"team-a\"}",
                                 "InvalidRequestException", "team-a");

  list = glaux_test_local_call_ok (local, "ListWorkGroups", "{\"MaxResults\":1}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "WorkGroups")), ==,
                    1);
  g_assert_true (json_object_has_member (list, "NextToken"));
  body = g_strdup_printf ("{\"MaxResults\":1,\"NextToken\":\"%s\"}",
                          json_object_get_string_member (list, "NextToken"));
  page = glaux_test_local_call_ok (local, "ListWorkGroups", body);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "WorkGroups")), ==,
                    1);
  g_assert_false (json_object_has_member (page, "NextToken"));

  json_object_unref (glaux_test_local_call_ok (local, "UpdateWorkGroup",
                     "{\"WorkGroup\":\"team-a\",\"Description\":\"second\",\"ConfigurationUpdates\":"
                     "{\"ResultConfigurationUpdates\":{\"OutputLocation\":\"s3://team-bucket/new/\"}}}"));
  got = glaux_test_local_call_ok (local, "GetWorkGroup", "{\"WorkGroup\":\"team-a\"}");
  workgroup = json_object_get_object_member (got, "WorkGroup");
  g_assert_cmpstr (json_object_get_string_member (workgroup, "Description"), ==, "second");
  configuration = json_object_get_object_member (workgroup, "Configuration");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     configuration, "ResultConfiguration"), "OutputLocation"), ==,
                   "s3://team-bucket/new/");

  json_object_unref (glaux_test_local_call_ok (local, "DeleteWorkGroup",
                                               "{\"WorkGroup\":\"team-a\"}"));
  glaux_test_local_assert_error (local, "GetWorkGroup", "{\"WorkGroup\":\"team-a\"}",
                                 "InvalidRequestException", "WorkGroup team-a is not found.");
  glaux_test_local_assert_error (local, "DeleteWorkGroup", "{\"WorkGroup\":\"primary\"}",
                                 "InvalidRequestException", "primary");
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_sql_calculation (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autofree char *session_id = NULL;
  g_autofree char *calc_id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *body = NULL;
  g_autofree char *result_path = NULL;
  g_autofree char *stdout_path = NULL;
  g_autoptr(JsonObject) calculation = NULL;
  g_autoptr(JsonObject) executors = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) out = NULL;
  JsonObject *result;
  JsonObject *statistics;
  gint64 started = g_get_monotonic_time ();
  guint status = 0;

  session_id = start_idle_session (local, "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":"
                                   "{\"MaxConcurrentDpus\":4}}");
  g_test_message ("StartSession -> IDLE in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 1000 * 1000);

  calc_id = start_calculation (local, session_id,
                               "CREATE TABLE t (a INTEGER, b TEXT);\n"
                               "INSERT INTO t VALUES (1, 'x,y'), (2, NULL), (3, 'say \"hi\"');\n"
                               "SELECT a, b FROM t ORDER BY a");
  state = glaux_test_local_wait_state (local, "GetCalculationExecutionStatus",
                                       "CalculationExecutionId", calc_id, final_calc_states, 5000);
  g_assert_cmpstr (state, ==, "COMPLETED");

  body = g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", calc_id);
  calculation = glaux_test_local_call_ok (local, "GetCalculationExecution", body);
  result = json_object_get_object_member (calculation, "Result");
  statistics = json_object_get_object_member (calculation, "Statistics");
  g_assert_cmpstr (json_object_get_string_member (result, "ResultType"), ==, "text/csv");
  g_assert_cmpint (json_object_get_int_member (statistics, "DpuExecutionInMillis"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (statistics, "Progress"), ==,
                   "Completed: SQL, 3 result rows");

  result_path = s3_path_of (json_object_get_string_member (result, "ResultS3Uri"));
  csv = glaux_test_local_s3 (local, "GET", result_path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (g_bytes_get_data (csv, NULL), ==,
                   "a,b\r\n1,\"x,y\"\r\n2,\r\n3,\"say \"\"hi\"\"\"\r\n");

  stdout_path = s3_path_of (json_object_get_string_member (result, "StdOutS3Uri"));
  out = glaux_test_local_s3 (local, "GET", stdout_path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (out, NULL), "statement 3: 3 rows returned"));

  g_free (body);
  body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  executors = glaux_test_local_call_ok (local, "ListExecutors", body);
  g_assert_cmpstr (json_object_get_string_member (executors, "SessionId"), ==, session_id);
  /* Newest first: the SQL worker that ran, then the coordinator. */
  {
    JsonArray *list = json_object_get_array_member (executors, "ExecutorsSummary");
    JsonObject *worker = json_array_get_object_element (list, 0);
    JsonObject *coordinator = json_array_get_object_element (list, 1);

    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (worker, "ExecutorType"), ==, "WORKER");
    g_assert_cmpstr (json_object_get_string_member (worker, "ExecutorState"), ==, "TERMINATED");
    g_assert_cmpint (json_object_get_int_member (worker, "TerminationDateTime"), >=,
                     json_object_get_int_member (worker, "StartDateTime"));
    g_assert_cmpstr (json_object_get_string_member (coordinator, "ExecutorType"), ==,
                     "COORDINATOR");
    g_assert_cmpstr (json_object_get_string_member (coordinator, "ExecutorState"), ==,
                     "REGISTERED");
  }

  /* A failing statement: FAILED with the SQLite message in stderr. */
  g_free (calc_id);
  g_free (state);
  calc_id = start_calculation (local, session_id, "%%sql\nSELECT * FROM missing_table");
  state = glaux_test_local_wait_state (local, "GetCalculationExecutionStatus",
                                       "CalculationExecutionId", calc_id, final_calc_states, 5000);
  g_assert_cmpstr (state, ==, "FAILED");
  {
    g_autofree char *get = g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", calc_id);
    g_autoptr(JsonObject) failed = glaux_test_local_call_ok (local, "GetCalculationExecution", get);
    g_autofree char *stderr_path = s3_path_of (json_object_get_string_member (
      json_object_get_object_member (failed, "Result"), "StdErrorS3Uri"));
    g_autoptr(GBytes) err = glaux_test_local_s3 (local, "GET", stderr_path, NULL, &status);

    g_assert_nonnull (strstr (g_bytes_get_data (err, NULL), "no such table: missing_table"));
  }

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_busy_and_stop (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autofree char *session_id = NULL;
  g_autofree char *calc_id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *body = NULL;
  g_autofree char *busy_body = NULL;
  g_autoptr(JsonObject) stopped = NULL;
  g_autoptr(JsonObject) other = NULL;
  gint64 stop_started;

  session_id = start_idle_session (local, "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":"
                                   "{\"MaxConcurrentDpus\":2}}");
  calc_id = start_calculation (local, session_id, slow_sql);

  busy_body = g_strdup_printf ("{\"SessionId\":\"%s\",\"CodeBlock\":\"SELECT 1\"}", session_id);
  glaux_test_local_assert_error (local, "StartCalculationExecution", busy_body,
                                 "InvalidRequestException",
                                 "Session is in the BUSY state; needs to be IDLE to accept "
                                 "Calculations.");

  /* A slow calculation never blocks other calls: a second session starts meanwhile. */
  g_free (state);
  {
    g_autofree char *second = start_idle_session (local, "{\"WorkGroup\":\"primary\","
                                                  "\"EngineConfiguration\":{}}");
    g_autofree char *second_calc = start_calculation (local, second, "SELECT 42");

    state = glaux_test_local_wait_state (local, "GetCalculationExecutionStatus",
                                         "CalculationExecutionId", second_calc,
                                         final_calc_states, 5000);
    g_assert_cmpstr (state, ==, "COMPLETED");
  }

  body = g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", calc_id);
  other = glaux_test_local_call_ok (local, "GetCalculationExecutionStatus", body);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (other, "Status"),
                                                  "State"), ==, "RUNNING");

  stop_started = g_get_monotonic_time ();
  stopped = glaux_test_local_call_ok (local, "StopCalculationExecution", body);
  g_assert_cmpstr (json_object_get_string_member (stopped, "State"), ==, "CANCELING");
  g_free (state);
  state = glaux_test_local_wait_state (local, "GetCalculationExecutionStatus",
                                       "CalculationExecutionId", calc_id, final_calc_states, 5000);
  g_assert_cmpstr (state, ==, "CANCELED");
  g_test_message ("stop -> CANCELED in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - stop_started) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - stop_started, <, 2 * G_USEC_PER_SEC);

  g_free (state);
  state = glaux_test_local_wait_state (local, "GetSessionStatus", "SessionId", session_id,
                                       idle_states, 2000);

  /* Terminate, twice: the second call is a no-op. */
  g_free (body);
  body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  json_object_unref (glaux_test_local_call_ok (local, "TerminateSession", body));
  g_free (state);
  state = glaux_test_local_wait_state (local, "GetSessionStatus", "SessionId", session_id,
                                       ended_states, 2000);
  g_assert_cmpstr (state, ==, "TERMINATED");
  json_object_unref (glaux_test_local_call_ok (local, "TerminateSession", body));
  glaux_test_local_assert_error (local, "StartCalculationExecution", busy_body,
                                 "InvalidRequestException",
                                 "Session is in the TERMINATED state; needs to be IDLE");
  {
    g_autoptr(JsonObject) session = glaux_test_local_call_ok (local, "GetSession", body);
    JsonObject *status = json_object_get_object_member (session, "Status");

    g_assert_cmpstr (json_object_get_string_member (status, "StateChangeReason"), ==,
                     "Session was terminated per request");
    g_assert_true (json_object_has_member (status, "EndDateTime"));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       session, "Statistics"), "DpuExecutionInMillis"), >, 0);
  }

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static char *
run_to_end (GlauxTestLocal *local,
            const char     *session_id,
            const char     *code,
            JsonObject    **calculation)
{
  g_autofree char *calc_id = start_calculation (local, session_id, code);
  g_autofree char *body = g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", calc_id);
  char *state = glaux_test_local_wait_state (local, "GetCalculationExecutionStatus",
                                             "CalculationExecutionId", calc_id,
                                             final_calc_states, 20000);

  *calculation = glaux_test_local_call_ok (local, "GetCalculationExecution", body);

  return state;
}

static char *
read_output (GlauxTestLocal *local,
             JsonObject     *calculation,
             const char     *member)
{
  JsonObject *result = json_object_get_object_member (calculation, "Result");
  g_autofree char *path = s3_path_of (json_object_get_string_member (result, member));
  g_autoptr(GBytes) bytes = NULL;
  guint status = 0;

  bytes = glaux_test_local_s3 (local, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Python blocks share one worker per session (variables persist); with MaxConcurrentDpus 2 a
 * SQL block needs the DPU the idle Python worker holds, which is released for it. */
static void
test_python_and_dpus (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autofree char *session_id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) sql = NULL;
  g_autoptr(JsonObject) executors = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  JsonArray *list;
  guint workers = 0;

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }

  session_id = start_idle_session (local, "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":"
                                   "{\"MaxConcurrentDpus\":2}}");
  state = run_to_end (local, session_id, "x = 41", &first);
  g_assert_cmpstr (state, ==, "COMPLETED");
  g_free (state);
  state = run_to_end (local, session_id, "print(x + 1)", &second);
  g_assert_cmpstr (state, ==, "COMPLETED");
  out = read_output (local, second, "StdOutS3Uri");
  g_assert_cmpstr (out, ==, "42\n");

  g_free (state);
  state = run_to_end (local, session_id, "SELECT 5 AS five", &sql);
  g_assert_cmpstr (state, ==, "COMPLETED");
  err = read_output (local, sql, "StdErrorS3Uri");
  g_assert_nonnull (strstr (err, "MaxConcurrentDpus=2"));

  body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  executors = glaux_test_local_call_ok (local, "ListExecutors", body);
  list = json_object_get_array_member (executors, "ExecutorsSummary");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *executor = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (executor, "ExecutorType"), "WORKER"))
        {
          workers++;
          g_assert_cmpstr (json_object_get_string_member (executor, "ExecutorState"), ==,
                           "TERMINATED");
        }
    }
  /* The python3 process, then the SQL thread. */
  g_assert_cmpuint (workers, ==, 2);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_idle_timeout (void)
{
  /* 1 minute / 600 = 100 ms. */
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 600.0);
  g_autofree char *session_id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) session = NULL;

  session_id = start_idle_session (local, "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{},"
                                   "\"SessionIdleTimeoutInMinutes\":1}");
  state = glaux_test_local_wait_state (local, "GetSessionStatus", "SessionId", session_id,
                                       ended_states, 3000);
  g_assert_cmpstr (state, ==, "TERMINATED");

  body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  session = glaux_test_local_call_ok (local, "GetSession", body);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (session,
                                                                                 "Status"),
                                                  "StateChangeReason"), ==,
                   "Session was terminated per request");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     session, "SessionConfiguration"), "IdleTimeoutSeconds"), ==, 60);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_pagination (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  const char *start = "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{}}";
  g_autofree char *first = start_idle_session (local, start);
  g_autofree char *second = start_idle_session (local, start);
  g_autofree char *third = start_idle_session (local, start);
  g_autoptr(JsonObject) page1 = NULL;
  g_autoptr(JsonObject) page2 = NULL;
  g_autofree char *body = NULL;
  JsonArray *sessions;

  page1 = glaux_test_local_call_ok (local, "ListSessions",
                                    "{\"WorkGroup\":\"primary\",\"MaxResults\":2}");
  sessions = json_object_get_array_member (page1, "Sessions");
  g_assert_cmpuint (json_array_get_length (sessions), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sessions, 0),
                                                  "SessionId"), ==, third);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sessions, 1),
                                                  "SessionId"), ==, second);

  body = g_strdup_printf ("{\"WorkGroup\":\"primary\",\"MaxResults\":2,\"NextToken\":\"%s\"}",
                          json_object_get_string_member (page1, "NextToken"));
  page2 = glaux_test_local_call_ok (local, "ListSessions", body);
  sessions = json_object_get_array_member (page2, "Sessions");
  g_assert_cmpuint (json_array_get_length (sessions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sessions, 0),
                                                  "SessionId"), ==, first);
  g_assert_false (json_object_has_member (page2, "NextToken"));

  glaux_test_local_assert_error (local, "ListSessions",
                                 "{\"WorkGroup\":\"primary\",\"NextToken\":\"bm90LWEtdG9rZW4=\"}",
                                 "InvalidRequestException", "NextToken");
  glaux_test_local_assert_error (local, "ListSessions",
                                 "{\"WorkGroup\":\"primary\",\"MaxResults\":101}",
                                 "InvalidRequestException", "MaxResults");
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_idempotency (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  const char *body = "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{},"
                     "\"ClientRequestToken\":\"0d6c9a8e-5b6a-4a8e-9d36-6f3c7b1e2a11\"}";
  g_autoptr(JsonObject) first = glaux_test_local_call_ok (local, "StartSession", body);
  g_autoptr(JsonObject) again = glaux_test_local_call_ok (local, "StartSession", body);

  g_assert_cmpstr (json_object_get_string_member (first, "SessionId"), ==,
                   json_object_get_string_member (again, "SessionId"));
  glaux_test_local_assert_error (local, "StartSession",
                                 "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{},"
                                 "\"Description\":\"changed\",\"ClientRequestToken\":"
                                 "\"0d6c9a8e-5b6a-4a8e-9d36-6f3c7b1e2a11\"}",
                                 "InvalidRequestException",
                                 "idempotency token 0d6c9a8e-5b6a-4a8e-9d36-6f3c7b1e2a11 was "
                                 "already used with different parameters");
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_spark_35 (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autofree char *spark = NULL;
  g_autofree char *pyspark = NULL;
  g_autofree char *body = NULL;
  g_autofree char *calc_body = NULL;
  g_autoptr(JsonObject) endpoint = NULL;
  g_autoptr(JsonObject) dashboard = NULL;
  g_autoptr(JsonObject) engines = NULL;
  g_autoptr(SoupMessage) page = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  engines = glaux_test_local_call_ok (local, "ListEngineVersions", "{}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (engines,
                                                                         "EngineVersions")), ==, 2);

  json_object_unref (glaux_test_local_call_ok (local, "CreateWorkGroup",
                     "{\"Name\":\"spark35\",\"Configuration\":{\"EngineVersion\":"
                     "{\"SelectedEngineVersion\":\"Apache Spark version 3.5\"}}}"));
  spark = start_idle_session (local, "{\"WorkGroup\":\"spark35\",\"EngineConfiguration\":{}}");
  calc_body = g_strdup_printf ("{\"SessionId\":\"%s\",\"CodeBlock\":\"SELECT 1\"}", spark);
  glaux_test_local_assert_error (local, "StartCalculationExecution", calc_body,
                                 "InvalidRequestException", "Spark Connect");

  body = g_strdup_printf ("{\"SessionId\":\"%s\"}", spark);
  endpoint = glaux_test_local_call_ok (local, "GetSessionEndpoint", body);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (endpoint, "EndpointUrl"),
                                   local->endpoint));
  g_assert_true (json_object_has_member (endpoint, "AuthTokenExpirationTime"));

  pyspark = start_idle_session (local, "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{}}");
  g_free (body);
  body = g_strdup_printf ("{\"SessionId\":\"%s\"}", pyspark);
  glaux_test_local_assert_error (local, "GetSessionEndpoint", body, "InvalidRequestException",
                                 "Apache Spark version 3.5");

  g_free (body);
  body = g_strdup_printf ("{\"ResourceARN\":\"arn:aws:athena:us-east-1:123456789012:workgroup/"
                          "primary/session/%s\"}", pyspark);
  dashboard = glaux_test_local_call_ok (local, "GetResourceDashboard", body);
  url = json_object_get_string_member (dashboard, "Url");
  page = soup_message_new ("GET", url);
  html = soup_session_send_and_read (local->session, page, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (page), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (html, NULL), pyspark));
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

/* Sends GetSessionStatus signed with @credentials at @now, then lets @tamper touch it. */
static JsonObject *
signed_call (GlauxTestLocal      *local,
             GlauxAwsCredentials *credentials,
             GDateTime           *now,
             gboolean             tamper,
             gboolean             sign,
             guint               *status)
{
  g_autoptr(SoupMessage) message = glaux_test_local_message (local, "POST", "/");
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"SessionId\":\"x\"}", 17);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "X-Amz-Target", "AmazonAthena.GetSessionStatus");
  soup_message_headers_replace (headers, "Content-Type", "application/x-amz-json-1.1");
  soup_message_set_request_body_from_bytes (message, NULL, body);
  if (sign)
    {
      glaux_sigv4_sign_message (message, body, credentials, local->region, "athena",
                                GLAUX_SIGV4_DEFAULT, now, &error);
      g_assert_no_error (error);
    }
  if (tamper)
    {
      g_autofree char *authorization = g_strdup (soup_message_headers_get_one (headers,
                                                                               "Authorization"));
      char *last = authorization + strlen (authorization) - 1;

      *last = *last == '0' ? '1' : '0';
      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  response = soup_session_send_and_read (local->session, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                 "X-Amzn-ErrorType"), !=, NULL);
  json_parser_load_from_data (parser, g_bytes_get_data (response, NULL),
                              g_bytes_get_size (response), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_auth_error (JsonObject *response,
                   guint       status,
                   guint       expected_status,
                   const char *type,
                   const char *message_part)
{
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (json_object_get_string_member (response, "__type"), ==, type);
  g_assert_nonnull (strstr (json_object_get_string_member (response, "Message"), message_part));
}

static void
test_authentication (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autoptr(GlauxAwsCredentials) good =
    glaux_aws_credentials_new (local->access_key_id, local->secret_access_key, NULL, NULL);
  g_autoptr(GlauxAwsCredentials) stranger =
    glaux_aws_credentials_new ("AKIAUNKNOWNUNKNOWN00", local->secret_access_key, NULL, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) skewed = g_date_time_add_minutes (now, -16);
  JsonObject *response;
  guint status = 0;

  response = signed_call (local, good, NULL, TRUE, TRUE, &status);
  assert_auth_error (response, status, 403, "InvalidSignatureException", "signature");
  json_object_unref (response);

  response = signed_call (local, stranger, NULL, FALSE, TRUE, &status);
  assert_auth_error (response, status, 403, "UnrecognizedClientException",
                     "The security token included in the request is invalid.");
  json_object_unref (response);

  response = signed_call (local, good, skewed, FALSE, TRUE, &status);
  assert_auth_error (response, status, 403, "InvalidSignatureException", "Signature expired");
  json_object_unref (response);

  response = signed_call (local, good, NULL, FALSE, FALSE, &status);
  assert_auth_error (response, status, 403, "MissingAuthenticationTokenException",
                     "Missing Authentication Token");
  json_object_unref (response);

  /* Correctly signed but unknown session: the request got through authentication. */
  response = signed_call (local, good, NULL, FALSE, TRUE, &status);
  assert_auth_error (response, status, 400, "ResourceNotFoundException", "Session x");
  g_assert_cmpstr (json_object_get_string_member (response, "ResourceName"), ==, "x");
  json_object_unref (response);

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_bad_requests (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autofree char *long_id = g_strnfill (300, 'a');
  g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\"}", long_id);
  g_autofree char *huge = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) response = NULL;
  guint status = 0;

  glaux_test_local_assert_error (local, "GetSession", body, "InvalidRequestException",
                                 "SessionId");
  glaux_test_local_assert_error (local, "GetWorkGroup", "{\"WorkGroup\":\"bad name!\"}",
                                 "InvalidRequestException", "WorkGroup");
  glaux_test_local_assert_error (local, "StartSession",
                                 "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{},"
                                 "\"SessionIdleTimeoutInMinutes\":481}",
                                 "InvalidRequestException", "SessionIdleTimeoutInMinutes");
  glaux_test_local_assert_error (local, "StartSession", "{\"WorkGroup\":\"primary\"}",
                                 "InvalidRequestException", "EngineConfiguration");
  glaux_test_local_assert_error (local, "CreateNamedQuery", "{}", "UnknownOperationException",
                                 "CreateNamedQuery");
  glaux_test_local_assert_error (local, "ListWorkGroups", "{not json",
                                 "SerializationException", "JSON");
  glaux_test_local_assert_error (local, "ListWorkGroups", "[1, 2]",
                                 "SerializationException", "object");

  /* An empty body means {}. */
  json_object_unref (glaux_test_local_call_ok (local, "ListEngineVersions", ""));

  huge = g_strnfill (2 * 1024 * 1024, ' ');
  message = glaux_test_local_message (local, "POST", "/");
  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Amz-Target",
                                "AmazonAthena.ListWorkGroups");
  payload = g_bytes_new (huge, strlen (huge));
  response = glaux_test_local_send (local, message, payload, "athena", &status);
  g_assert_cmpuint (status, ==, 413);
  g_assert_nonnull (strstr (g_bytes_get_data (response, NULL), "RequestEntityTooLargeException"));

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_bind_refused (void)
{
  const char *binary = g_getenv ("GLAUX_LOCAL");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, binary, "--bind", "0.0.0.0", "--port", "0", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (err_text, "not a loopback address"));
}

int
main (int    argc,
      char **argv)
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/local/Server/workgroups", test_workgroups);
  g_test_add_func ("/glaux/local/Server/sql-calculation", test_sql_calculation);
  g_test_add_func ("/glaux/local/Server/busy-and-stop", test_busy_and_stop);
  g_test_add_func ("/glaux/local/Server/python-and-dpus", test_python_and_dpus);
  g_test_add_func ("/glaux/local/Server/idle-timeout", test_idle_timeout);
  g_test_add_func ("/glaux/local/Server/pagination", test_pagination);
  g_test_add_func ("/glaux/local/Server/idempotency", test_idempotency);
  g_test_add_func ("/glaux/local/Server/spark-3.5", test_spark_35);
  g_test_add_func ("/glaux/local/Server/authentication", test_authentication);
  g_test_add_func ("/glaux/local/Server/bad-requests", test_bad_requests);
  g_test_add_func ("/glaux/local/Server/bind-refused", test_bind_refused);

  return g_test_run ();
}
