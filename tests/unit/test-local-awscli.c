/* test-local-awscli.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-integration.h"
#include "glaux-test-util.h"

#define SPARK_ENGINE     "PySpark engine version 3"
#define RESULTS_BUCKET   "glaux-local-results"
#define BUSY_MESSAGE     "Session is in the BUSY state; needs to be IDLE to accept Calculations."
#define IDLE_TIME_SCALE  60.0
#define WAIT_TIMEOUT_US  (30 * G_USEC_PER_SEC)

static GlauxIntegrationServer *server;

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* "Status.State" -> the member's node, or NULL. */
static JsonNode *
member_path (JsonObject *object,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

static const char *
member_string (JsonObject *object,
               const char *path)
{
  JsonNode *node = member_path (object, path);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *text = object_to_string (object);

      g_error ("No string at %s in %s", path, text);
    }

  return json_node_get_string (node);
}

static char *
unique_name (const char *prefix)
{
  return g_strdup_printf ("%s-%08x", prefix, g_random_int ());
}

static char *
read_s3_uri (const char *uri)
{
  g_autofree char *target = g_build_filename (glaux_test_get_home (), "s3-object", NULL);
  g_autoptr(JsonObject) head = NULL;
  g_autofree char *bucket = NULL;
  g_autoptr(GError) error = NULL;
  const char *slash;
  char *contents = NULL;

  g_assert_true (g_str_has_prefix (uri, "s3://"));
  slash = strchr (uri + 5, '/');
  g_assert_nonnull (slash);
  bucket = g_strndup (uri + 5, slash - (uri + 5));

  head = glaux_integration_aws (server, "s3api", "get-object", "--bucket", bucket,
                                "--key", slash + 1, target, NULL);
  g_assert_true (json_object_has_member (head, "ContentLength"));
  g_file_get_contents (target, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static char *
result_csv (JsonObject *calculation)
{
  const char *uri = member_string (calculation, "Result.ResultS3Uri");
  g_autofree char *file = NULL;

  if (g_str_has_suffix (uri, ".csv"))
    return read_s3_uri (uri);

  file = g_strconcat (uri, g_str_has_suffix (uri, "/") ? "" : "/", "result.csv", NULL);
  return read_s3_uri (file);
}

static void
create_workgroup (const char *name)
{
  g_autofree char *configuration = g_strdup_printf (
    "{\"ResultConfiguration\":{\"OutputLocation\":\"s3://" RESULTS_BUCKET "/%s/\"},"
    "\"EngineVersion\":{\"SelectedEngineVersion\":\"" SPARK_ENGINE "\"}}", name);
  g_autoptr(JsonObject) created = NULL;

  created = glaux_integration_aws (server, "athena", "create-work-group", "--name", name,
                                   "--description", "aws cli test",
                                   "--configuration", configuration, NULL);
}

static JsonObject *
wait_session (const char *session_id,
              const char *state)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  for (;;)
    {
      g_autoptr(JsonObject) status = glaux_integration_aws (server, "athena",
                                                            "get-session-status",
                                                            "--session-id", session_id, NULL);

      if (g_str_equal (member_string (status, "Status.State"), state))
        return g_steal_pointer (&status);
      if (g_get_monotonic_time () > deadline)
        g_error ("Session %s never reached %s (now %s)", session_id, state,
                 member_string (status, "Status.State"));
    }
}

static char *
start_session (const char *workgroup,
               const char *idle_minutes)
{
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) idle = NULL;

  started = glaux_integration_aws (server, "athena", "start-session",
                                   "--work-group", workgroup,
                                   "--engine-configuration",
                                   "{\"CoordinatorDpuSize\":1,\"MaxConcurrentDpus\":20,"
                                   "\"DefaultExecutorDpuSize\":1}",
                                   "--session-idle-timeout-in-minutes", idle_minutes, NULL);
  idle = wait_session (member_string (started, "SessionId"), "IDLE");

  return g_strdup (member_string (started, "SessionId"));
}

static JsonObject *
wait_calculation (const char *calculation_id)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  for (;;)
    {
      g_autoptr(JsonObject) calculation = glaux_integration_aws (server, "athena",
                                                                 "get-calculation-execution",
                                                                 "--calculation-execution-id",
                                                                 calculation_id, NULL);
      const char *state = member_string (calculation, "Status.State");

      if (g_str_equal (state, "COMPLETED") || g_str_equal (state, "FAILED")
          || g_str_equal (state, "CANCELED"))
        return g_steal_pointer (&calculation);
      if (g_get_monotonic_time () > deadline)
        g_error ("Calculation %s never ended (now %s)", calculation_id, state);
    }
}

static JsonObject *
calculate (const char *session_id,
           const char *code,
           const char *expected_state)
{
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) idle = NULL;
  JsonObject *calculation;

  started = glaux_integration_aws (server, "athena", "start-calculation-execution",
                                   "--session-id", session_id, "--code-block", code, NULL);
  calculation = wait_calculation (member_string (started, "CalculationExecutionId"));
  g_assert_cmpstr (member_string (calculation, "Status.State"), ==, expected_state);
  idle = wait_session (session_id, "IDLE");

  return calculation;
}

static void
assert_aws_error (GlauxIntegrationRun *run,
                  const char          *code,
                  const char          *message)
{
  g_autofree char *expected = g_strdup_printf ("An error occurred (%s)", code);

  glaux_integration_log (run->err);
  g_assert_cmpint (run->exit_status, !=, 0);
  g_assert_nonnull (strstr (run->err, expected));
  if (message != NULL)
    g_assert_nonnull (strstr (run->err, message));
}

static void
test_workgroups (void)
{
  g_autofree char *name = unique_name ("cli-wg");
  g_autofree char *not_found = g_strdup_printf ("WorkGroup %s is not found.", name);
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) got_again = NULL;
  g_autoptr(JsonObject) deleted = NULL;
  g_autoptr(GlauxIntegrationRun) gone = NULL;
  g_autofree char *listed_text = NULL;

  create_workgroup (name);
  got = glaux_integration_aws (server, "athena", "get-work-group", "--work-group", name, NULL);
  g_assert_cmpstr (member_string (got, "WorkGroup.Name"), ==, name);
  g_assert_cmpstr (member_string (got, "WorkGroup.State"), ==, "ENABLED");
  g_assert_cmpstr (member_string (got,
                                  "WorkGroup.Configuration.EngineVersion.SelectedEngineVersion"),
                   ==, SPARK_ENGINE);

  listed = glaux_integration_aws (server, "athena", "list-work-groups", NULL);
  listed_text = object_to_string (listed);
  g_assert_nonnull (strstr (listed_text, name));
  g_assert_nonnull (strstr (listed_text, "\"primary\""));

  updated = glaux_integration_aws (server, "athena", "update-work-group", "--work-group", name,
                                   "--description", "updated by aws", NULL);
  got_again = glaux_integration_aws (server, "athena", "get-work-group", "--work-group", name,
                                     NULL);
  g_assert_cmpstr (member_string (got_again, "WorkGroup.Description"), ==, "updated by aws");

  deleted = glaux_integration_aws (server, "athena", "delete-work-group", "--work-group", name,
                                   NULL);
  gone = glaux_integration_aws_run (server, NULL, "athena", "get-work-group", "--work-group",
                                    name, NULL);
  assert_aws_error (gone, "InvalidRequestException", not_found);
}

static void
test_calculations (void)
{
  g_autofree char *name = unique_name ("cli-calc");
  g_autofree char *session_id = NULL;
  g_autoptr(JsonObject) sql = NULL;
  g_autoptr(JsonObject) python = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(JsonObject) code = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *python_csv = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *traceback = NULL;

  create_workgroup (name);
  session_id = start_session (name, "480");

  sql = calculate (session_id, "SELECT 1 AS one, 'x\"y' AS two UNION ALL SELECT 2, NULL",
                   "COMPLETED");
  csv = result_csv (sql);
  g_assert_cmpstr (csv, ==, "one,two\r\n1,\"x\"\"y\"\r\n2,\r\n");
  g_assert_cmpint (json_node_get_int (member_path (sql, "Statistics.DpuExecutionInMillis")),
                   >, 0);
  code = glaux_integration_aws (server, "athena", "get-calculation-execution-code",
                                "--calculation-execution-id",
                                member_string (sql, "CalculationExecutionId"), NULL);
  g_assert_cmpstr (member_string (code, "CodeBlock"), ==,
                   "SELECT 1 AS one, 'x\"y' AS two UNION ALL SELECT 2, NULL");

  python = calculate (session_id,
                      "answer = 42\n"
                      "df = spark.sql('SELECT 1 AS id, \\'glaux\\' AS name')\n"
                      "df.show()\n"
                      "df", "COMPLETED");
  shown = read_s3_uri (member_string (python, "Result.StdOutS3Uri"));
  g_assert_cmpstr (shown, ==,
                   "+---+-----+\n"
                   "| id| name|\n"
                   "+---+-----+\n"
                   "|  1|glaux|\n"
                   "+---+-----+\n"
                   "\n");
  python_csv = result_csv (python);
  g_assert_cmpstr (python_csv, ==, "id,name\r\n1,glaux\r\n");

  /* Variables persist across calculations; a NameError fails with the traceback. */
  failed = calculate (session_id, "print(answer)\nfoobar", "FAILED");
  traceback = read_s3_uri (member_string (failed, "Result.StdErrorS3Uri"));
  g_assert_nonnull (strstr (traceback, "  File \"<stdin>\", line 2, in <module>\n"
                                       "NameError: name 'foobar' is not defined"));
  {
    g_autofree char *out = read_s3_uri (member_string (failed, "Result.StdOutS3Uri"));

    g_assert_cmpstr (out, ==, "42\n");
  }
}

static void
test_executors_stop_terminate (void)
{
  g_autofree char *name = unique_name ("cli-stop");
  g_autofree char *session_id = NULL;
  g_autoptr(JsonObject) warm = NULL;
  g_autoptr(JsonObject) executors = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) busy = NULL;
  g_autoptr(JsonObject) stopped = NULL;
  g_autoptr(JsonObject) canceled = NULL;
  g_autoptr(JsonObject) terminated = NULL;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(GlauxIntegrationRun) refused = NULL;
  g_autoptr(GlauxIntegrationRun) after_end = NULL;
  g_autofree char *executors_text = NULL;
  const char *calculation_id;
  gint64 begin;

  create_workgroup (name);
  session_id = start_session (name, "480");
  warm = calculate (session_id, "print('warm')", "COMPLETED");

  executors = glaux_integration_aws (server, "athena", "list-executors", "--session-id",
                                     session_id, NULL);
  executors_text = object_to_string (executors);
  glaux_integration_log (executors_text);
  g_assert_nonnull (strstr (executors_text, "\"COORDINATOR\""));
  g_assert_nonnull (strstr (executors_text, "\"WORKER\""));

  started = glaux_integration_aws (server, "athena", "start-calculation-execution",
                                   "--session-id", session_id,
                                   "--code-block", "import time\ntime.sleep(60)", NULL);
  calculation_id = member_string (started, "CalculationExecutionId");
  busy = wait_session (session_id, "BUSY");
  refused = glaux_integration_aws_run (server, NULL, "athena", "start-calculation-execution",
                                       "--session-id", session_id, "--code-block", "print(1)",
                                       NULL);
  assert_aws_error (refused, "InvalidRequestException", BUSY_MESSAGE);

  begin = g_get_monotonic_time ();
  stopped = glaux_integration_aws (server, "athena", "stop-calculation-execution",
                                   "--calculation-execution-id", calculation_id, NULL);
  g_assert_true (g_str_equal (member_string (stopped, "State"), "CANCELING")
                 || g_str_equal (member_string (stopped, "State"), "CANCELED"));
  canceled = wait_calculation (calculation_id);
  g_assert_cmpstr (member_string (canceled, "Status.State"), ==, "CANCELED");
  g_test_message ("stop -> CANCELED seen after %.2f s (including aws CLI start-up)",
                  (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);

  terminated = glaux_integration_aws (server, "athena", "terminate-session", "--session-id",
                                      session_id, NULL);
  ended = wait_session (session_id, "TERMINATED");
  g_assert_cmpstr (member_string (ended, "Status.StateChangeReason"), ==,
                   "Session was terminated per request");
  after_end = glaux_integration_aws_run (server, NULL, "athena", "start-calculation-execution",
                                         "--session-id", session_id, "--code-block", "1",
                                         NULL);
  assert_aws_error (after_end, "InvalidRequestException",
                    "Session is in the TERMINATED state; needs to be IDLE to accept "
                    "Calculations.");
}

static void
test_pagination (void)
{
  g_autofree char *name = unique_name ("cli-page");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sizes = g_string_new (NULL);
  g_autofree char *token = NULL;
  g_autoptr(GlauxIntegrationRun) too_many = NULL;
  g_autoptr(GlauxIntegrationRun) too_few = NULL;

  create_workgroup (name);
  for (guint i = 0; i < 7; i++)
    g_ptr_array_add (ids, start_session (name, "480"));

  /* aws-cli 2.9's model has no paginator for ListSessions, so the CLI returns one page and
   * its NextToken; follow the tokens by hand like any caller. */
  do
    {
      g_autoptr(JsonObject) page = NULL;
      JsonArray *sessions;

      if (token == NULL)
        page = glaux_integration_aws (server, "athena", "list-sessions", "--work-group", name,
                                      "--max-results", "3", NULL);
      else
        page = glaux_integration_aws (server, "athena", "list-sessions", "--work-group", name,
                                      "--max-results", "3", "--next-token", token, NULL);
      sessions = json_object_get_array_member (page, "Sessions");
      g_string_append_printf (sizes, "%u,", json_array_get_length (sessions));
      for (guint i = 0; i < json_array_get_length (sessions); i++)
        g_ptr_array_add (seen, g_strdup (json_object_get_string_member (
                                  json_array_get_object_element (sessions, i), "SessionId")));
      g_clear_pointer (&token, g_free);
      token = g_strdup (json_object_get_string_member_with_default (page, "NextToken", NULL));
    }
  while (token != NULL);

  g_assert_cmpstr (sizes->str, ==, "3,3,1,");
  g_assert_cmpuint (seen->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, g_ptr_array_index (ids, 6 - i));

  too_many = glaux_integration_aws_run (server, NULL, "athena", "list-sessions",
                                        "--work-group", name, "--max-results", "101", NULL);
  assert_aws_error (too_many, "InvalidRequestException", "MaxResults");
  /* The CLI itself refuses values below the model's minimum. */
  too_few = glaux_integration_aws_run (server, NULL, "athena", "list-sessions",
                                       "--work-group", name, "--max-results", "0", NULL);
  g_assert_cmpint (too_few->exit_status, !=, 0);
  g_assert_nonnull (strstr (too_few->err, "valid min value: 1"));

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) done = glaux_integration_aws (server, "athena", "terminate-session",
                                                          "--session-id",
                                                          g_ptr_array_index (ids, i), NULL);
    }
}

static void
test_errors (void)
{
  g_autofree char *long_id = g_strnfill (300, 's');
  g_autofree char *long_name = g_strnfill (200, 'w');
  g_autoptr(GlauxIntegrationRun) tampered = NULL;
  g_autoptr(GlauxIntegrationRun) tampered_s3 = NULL;
  g_autoptr(GlauxIntegrationRun) unknown = NULL;
  g_autoptr(GlauxIntegrationRun) too_long = NULL;
  g_autoptr(GlauxIntegrationRun) bad_name = NULL;
  g_autoptr(GlauxIntegrationRun) no_key = NULL;

  tampered = glaux_integration_aws_run (server, "wrongwrongwrongwrongwrongwrongwrongwrong",
                                        "athena", "list-work-groups", NULL);
  assert_aws_error (tampered, "InvalidSignatureException", NULL);
  tampered_s3 = glaux_integration_aws_run (server, "wrongwrongwrongwrongwrongwrongwrongwrong",
                                           "s3api", "list-objects-v2", "--bucket",
                                           RESULTS_BUCKET, NULL);
  assert_aws_error (tampered_s3, "SignatureDoesNotMatch", NULL);

  unknown = glaux_integration_aws_run (server, NULL, "athena", "get-session",
                                       "--session-id", "00000000-0000-0000-0000-000000000000",
                                       NULL);
  assert_aws_error (unknown, "ResourceNotFoundException",
                    "Session 00000000-0000-0000-0000-000000000000 is not found.");
  too_long = glaux_integration_aws_run (server, NULL, "athena", "get-session-status",
                                        "--session-id", long_id, NULL);
  assert_aws_error (too_long, "InvalidRequestException", "SessionId");
  bad_name = glaux_integration_aws_run (server, NULL, "athena", "create-work-group",
                                        "--name", long_name, NULL);
  assert_aws_error (bad_name, "InvalidRequestException", "Name");
  no_key = glaux_integration_aws_run (server, NULL, "s3api", "get-object", "--bucket",
                                      RESULTS_BUCKET, "--key", "missing/object.txt",
                                      "/dev/null", NULL);
  assert_aws_error (no_key, "NoSuchKey", NULL);
}

static void
test_idle_timeout (void)
{
  GlauxIntegrationServer *normal = server;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) ended = NULL;
  gint64 begin;

  server = glaux_integration_server_start (IDLE_TIME_SCALE);
  create_workgroup ("cli-idle");
  /* Not start_session (): the scaled minute lasts 1 s, less than one aws CLI call takes on a
   * busy machine, so waiting to see IDLE first could miss it. */
  started = glaux_integration_aws (server, "athena", "start-session", "--work-group", "cli-idle",
                                   "--engine-configuration",
                                   "{\"CoordinatorDpuSize\":1,\"MaxConcurrentDpus\":20,"
                                   "\"DefaultExecutorDpuSize\":1}",
                                   "--session-idle-timeout-in-minutes", "1", NULL);
  begin = g_get_monotonic_time ();
  ended = wait_session (member_string (started, "SessionId"), "TERMINATED");
  g_test_message ("idle session ended after %.2f s",
                  (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);
  g_assert_cmpstr (member_string (ended, "Status.StateChangeReason"), ==,
                   "Session was terminated per request");
  glaux_integration_server_stop (server);
  server = normal;
}

int
main (int    argc,
      char **argv)
{
  int status;

  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/local/AwsCli/workgroups", test_workgroups);
  g_test_add_func ("/glaux/local/AwsCli/calculations", test_calculations);
  g_test_add_func ("/glaux/local/AwsCli/executors-stop-terminate",
                   test_executors_stop_terminate);
  g_test_add_func ("/glaux/local/AwsCli/pagination", test_pagination);
  g_test_add_func ("/glaux/local/AwsCli/errors", test_errors);
  g_test_add_func ("/glaux/local/AwsCli/idle-timeout", test_idle_timeout);

  server = glaux_integration_server_start (1.0);
  status = g_test_run ();
  glaux_integration_server_stop (server);

  return status;
}
