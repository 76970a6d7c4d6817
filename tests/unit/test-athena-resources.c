/* test-athena-resources.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "glaux-athena-params.h"
#include "glaux-athena-records.h"
#include "glaux-athena-types.h"
#include "glaux-aws-error.h"
#include "glaux-calculation.h"
#include "glaux-executor.h"
#include "glaux-session.h"
#include "glaux-test-util.h"
#include "glaux-workgroup.h"

static const char get_session_json[] =
  "{"
  "  \"SessionId\": \"a4c5b3e2-7d1f-4f8e-9a0b-123456789abc\","
  "  \"Description\": \"nightly build\","
  "  \"WorkGroup\": \"spark-wg\","
  "  \"EngineVersion\": \"PySpark engine version 3\","
  "  \"EngineConfiguration\": {"
  "    \"CoordinatorDpuSize\": 1, \"MaxConcurrentDpus\": 20, \"DefaultExecutorDpuSize\": 1,"
  "    \"AdditionalConfigs\": {\"NotebookId\": \"nb-1\"},"
  "    \"SparkProperties\": {\"spark.sql.shuffle.partitions\": \"8\", \"spark.executor.memory\": \"4g\"}"
  "  },"
  "  \"NotebookVersion\": \"Athena notebook version 1\","
  "  \"MonitoringConfiguration\": {\"ManagedLoggingConfiguration\": {\"Enabled\": true}},"
  "  \"SessionConfiguration\": {"
  "    \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
  "    \"WorkingDirectory\": \"s3://bucket/work/\","
  "    \"IdleTimeoutSeconds\": 900,"
  "    \"SessionIdleTimeoutInMinutes\": 15,"
  "    \"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_S3\"}"
  "  },"
  "  \"Status\": {"
  "    \"StartDateTime\": 1700000000.123,"
  "    \"LastModifiedDateTime\": 1700000060,"
  "    \"IdleSinceDateTime\": 1.70000006e9,"
  "    \"State\": \"IDLE\","
  "    \"StateChangeReason\": \"Session is idle\""
  "  },"
  "  \"Statistics\": {\"DpuExecutionInMillis\": 123456789012},"
  "  \"SomethingNew\": {\"Nested\": [1, 2, 3]}"
  "}";

static const char get_calculation_json[] =
  "{"
  "  \"CalculationExecutionId\": \"7f3c2a10-1b2c-4d5e-8f90-abcdef012345\","
  "  \"SessionId\": \"a4c5b3e2-7d1f-4f8e-9a0b-123456789abc\","
  "  \"Description\": \"count rows\","
  "  \"WorkingDirectory\": \"s3://bucket/work/a4c5/7f3c/\","
  "  \"Status\": {"
  "    \"SubmissionDateTime\": \"2023-11-14T22:13:20.250Z\","
  "    \"CompletionDateTime\": 1700000012,"
  "    \"State\": \"COMPLETED\","
  "    \"StateChangeReason\": \"done\""
  "  },"
  "  \"Statistics\": {\"DpuExecutionInMillis\": 45210, \"Progress\": \"Stage 3/3\"},"
  "  \"Result\": {"
  "    \"StdOutS3Uri\": \"s3://bucket/work/a4c5/7f3c/stdout\","
  "    \"StdErrorS3Uri\": \"s3://bucket/work/a4c5/7f3c/stderr\","
  "    \"ResultS3Uri\": \"s3://bucket/work/a4c5/7f3c/\","
  "    \"ResultType\": \"application/vnd.aws.athena.v1+json\""
  "  },"
  "  \"FutureField\": true"
  "}";

static const char get_workgroup_json[] =
  "{"
  "  \"Name\": \"spark-wg\","
  "  \"State\": \"ENABLED\","
  "  \"Description\": \"Spark analytics\","
  "  \"CreationTime\": 1593469842.665,"
  "  \"Configuration\": {"
  "    \"ResultConfiguration\": {"
  "      \"OutputLocation\": \"s3://bucket/results/\","
  "      \"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_KMS\", \"KmsKey\": \"alias/results\"}"
  "    },"
  "    \"EnforceWorkGroupConfiguration\": true,"
  "    \"PublishCloudWatchMetricsEnabled\": true,"
  "    \"RequesterPaysEnabled\": false,"
  "    \"EngineVersion\": {"
  "      \"SelectedEngineVersion\": \"PySpark engine version 3\","
  "      \"EffectiveEngineVersion\": \"PySpark engine version 3\""
  "    },"
  "    \"AdditionalConfiguration\": \"{}\","
  "    \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
  "    \"EngineConfiguration\": {\"MaxConcurrentDpus\": 60},"
  "    \"CustomerContentEncryptionConfiguration\": {\"KmsKey\": \"alias/content\"},"
  "    \"IdentityCenterConfiguration\": {\"EnableIdentityCenter\": false}"
  "  },"
  "  \"IdentityCenterApplicationArn\": \"\""
  "}";

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_json_equal (JsonObject *object,
                   const char *expected)
{
  g_autoptr(JsonNode) actual_node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) expected_node = json_from_string (expected, NULL);

  g_assert_nonnull (expected_node);
  if (!json_node_equal (actual_node, expected_node))
    {
      g_autofree char *actual_text = json_to_string (actual_node, FALSE);

      g_error ("JSON differs:\n  got      %s\n  expected %s", actual_text, expected);
    }
}

static void
assert_time (GDateTime *time,
             gint64     unix_seconds,
             int        microsecond)
{
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_to_unix (time), ==, unix_seconds);
  g_assert_cmpint (g_date_time_get_microsecond (time), ==, microsecond);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
}

/* Records the names of notified properties. */
static void
record_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static GPtrArray *
watch_notify (gpointer object)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (object, "notify", G_CALLBACK (record_notify_cb), names);
  return names;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Asserts exactly the given properties (NULL-terminated, any order) were notified, then clears. */
static void
assert_notified (GPtrArray  *names,
                 const char *first,
                 ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_ptr_array_add (expected, (gpointer) name);
  va_end (args);
  g_ptr_array_sort (expected, compare_names);
  g_ptr_array_add (expected, NULL);

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  got = g_strjoinv (",", (char **) names->pdata);
  want = g_strjoinv (",", (char **) expected->pdata);
  g_assert_cmpstr (got, ==, want);
  g_ptr_array_set_size (names, 0);
}

static void
test_state_strings (void)
{
  static const char * const sessions[] = {
    "CREATING", "CREATED", "IDLE", "BUSY", "TERMINATING", "TERMINATED", "DEGRADED", "FAILED",
  };
  static const char * const calculations[] = {
    "CREATING", "CREATED", "QUEUED", "RUNNING", "CANCELING", "CANCELED", "COMPLETED", "FAILED",
  };
  static const char * const executors[] = {
    "CREATING", "CREATED", "REGISTERED", "TERMINATING", "TERMINATED", "FAILED",
  };
  static const char * const types[] = { "COORDINATOR", "GATEWAY", "WORKER" };

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    {
      GlauxSessionState state = glaux_session_state_from_string (sessions[i]);

      g_assert_cmpint (state, ==, GLAUX_SESSION_STATE_CREATING + i);
      g_assert_cmpstr (glaux_session_state_to_string (state), ==, sessions[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (calculations); i++)
    {
      GlauxCalculationState state = glaux_calculation_state_from_string (calculations[i]);

      g_assert_cmpint (state, ==, GLAUX_CALCULATION_STATE_CREATING + i);
      g_assert_cmpstr (glaux_calculation_state_to_string (state), ==, calculations[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (executors); i++)
    {
      GlauxExecutorState state = glaux_executor_state_from_string (executors[i]);

      g_assert_cmpint (state, ==, GLAUX_EXECUTOR_STATE_CREATING + i);
      g_assert_cmpstr (glaux_executor_state_to_string (state), ==, executors[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GlauxExecutorType type = glaux_executor_type_from_string (types[i]);

      g_assert_cmpint (type, ==, GLAUX_EXECUTOR_TYPE_COORDINATOR + i);
      g_assert_cmpstr (glaux_executor_type_to_string (type), ==, types[i]);
    }
  g_assert_cmpint (glaux_workgroup_state_from_string ("ENABLED"), ==, GLAUX_WORKGROUP_STATE_ENABLED);
  g_assert_cmpint (glaux_workgroup_state_from_string ("DISABLED"), ==, GLAUX_WORKGROUP_STATE_DISABLED);
  g_assert_cmpstr (glaux_workgroup_state_to_string (GLAUX_WORKGROUP_STATE_DISABLED), ==, "DISABLED");

  /* Unknown, differently cased and missing strings are UNKNOWN, which has no wire name. */
  g_assert_cmpint (glaux_session_state_from_string ("HIBERNATING"), ==, GLAUX_SESSION_STATE_UNKNOWN);
  g_assert_cmpint (glaux_session_state_from_string ("idle"), ==, GLAUX_SESSION_STATE_UNKNOWN);
  g_assert_cmpint (glaux_calculation_state_from_string (NULL), ==, GLAUX_CALCULATION_STATE_UNKNOWN);
  g_assert_cmpint (glaux_executor_type_from_string ("DRIVER"), ==, GLAUX_EXECUTOR_TYPE_UNKNOWN);
  g_assert_null (glaux_session_state_to_string (GLAUX_SESSION_STATE_UNKNOWN));
  g_assert_null (glaux_calculation_state_to_string (GLAUX_CALCULATION_STATE_UNKNOWN));
  g_assert_null (glaux_workgroup_state_to_string (GLAUX_WORKGROUP_STATE_UNKNOWN));
  g_assert_null (glaux_session_state_to_string (99));
}

static void
test_state_predicates (void)
{
  for (GlauxSessionState s = GLAUX_SESSION_STATE_UNKNOWN; s <= GLAUX_SESSION_STATE_FAILED; s++)
    {
      g_assert_cmpint (glaux_session_state_is_terminal (s), ==,
                       s == GLAUX_SESSION_STATE_TERMINATED || s == GLAUX_SESSION_STATE_FAILED);
      g_assert_cmpint (glaux_session_state_accepts_calculations (s), ==, s == GLAUX_SESSION_STATE_IDLE);
      g_assert_cmpint (glaux_session_state_is_failure (s), ==,
                       s == GLAUX_SESSION_STATE_DEGRADED || s == GLAUX_SESSION_STATE_FAILED);
    }
  for (GlauxCalculationState c = GLAUX_CALCULATION_STATE_UNKNOWN; c <= GLAUX_CALCULATION_STATE_FAILED; c++)
    g_assert_cmpint (glaux_calculation_state_is_terminal (c), ==,
                     c == GLAUX_CALCULATION_STATE_CANCELED || c == GLAUX_CALCULATION_STATE_COMPLETED ||
                     c == GLAUX_CALCULATION_STATE_FAILED);
  g_assert_true (glaux_executor_state_is_terminal (GLAUX_EXECUTOR_STATE_TERMINATED));
  g_assert_true (glaux_executor_state_is_terminal (GLAUX_EXECUTOR_STATE_FAILED));
  g_assert_false (glaux_executor_state_is_terminal (GLAUX_EXECUTOR_STATE_REGISTERED));
}

static void
assert_enum_nick (GType       type,
                  int         value,
                  const char *nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  g_assert_nonnull (enum_value);
  g_assert_cmpstr (enum_value->value_nick, ==, nick);
}

static void
test_enum_types (void)
{
  assert_enum_nick (GLAUX_TYPE_SESSION_STATE, GLAUX_SESSION_STATE_DEGRADED, "degraded");
  assert_enum_nick (GLAUX_TYPE_CALCULATION_STATE, GLAUX_CALCULATION_STATE_CANCELING, "canceling");
  assert_enum_nick (GLAUX_TYPE_EXECUTOR_STATE, GLAUX_EXECUTOR_STATE_REGISTERED, "registered");
  assert_enum_nick (GLAUX_TYPE_EXECUTOR_TYPE, GLAUX_EXECUTOR_TYPE_GATEWAY, "gateway");
  assert_enum_nick (GLAUX_TYPE_WORKGROUP_STATE, GLAUX_WORKGROUP_STATE_ENABLED, "enabled");
}

static void
test_session_from_get_session (void)
{
  g_autoptr(JsonObject) json = parse_object (get_session_json);
  g_autoptr(GlauxSession) session = glaux_session_new_from_json (json);
  g_autoptr(GHashTable) spark = NULL;
  GHashTable *configs;
  g_autofree char *state_name = NULL;
  GlauxSessionState state;

  g_assert_cmpstr (glaux_session_get_id (session), ==, "a4c5b3e2-7d1f-4f8e-9a0b-123456789abc");
  g_assert_cmpstr (glaux_session_get_description (session), ==, "nightly build");
  g_assert_cmpstr (glaux_session_get_workgroup (session), ==, "spark-wg");
  g_assert_cmpstr (glaux_session_get_engine_version (session), ==, "PySpark engine version 3");
  g_assert_cmpstr (glaux_session_get_notebook_version (session), ==, "Athena notebook version 1");
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_IDLE);
  g_assert_cmpstr (glaux_session_get_state_name (session), ==, "IDLE");
  g_assert_cmpstr (glaux_session_get_state_change_reason (session), ==, "Session is idle");
  assert_time (glaux_session_get_start_time (session), 1700000000, 123000);
  assert_time (glaux_session_get_last_modified_time (session), 1700000060, 0);
  assert_time (glaux_session_get_idle_since_time (session), 1700000060, 0);
  g_assert_null (glaux_session_get_end_time (session));
  g_assert_cmpint (glaux_session_get_coordinator_dpu_size (session), ==, 1);
  g_assert_cmpint (glaux_session_get_max_concurrent_dpus (session), ==, 20);
  g_assert_cmpint (glaux_session_get_default_executor_dpu_size (session), ==, 1);
  configs = glaux_session_get_additional_configs (session);
  g_assert_cmpuint (g_hash_table_size (configs), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (configs, "NotebookId"), ==, "nb-1");
  g_assert_cmpint (glaux_session_get_idle_timeout_minutes (session), ==, 15);
  g_assert_cmpint (glaux_session_get_idle_timeout_seconds (session), ==, 900);
  g_assert_cmpstr (glaux_session_get_working_directory (session), ==, "s3://bucket/work/");
  g_assert_cmpstr (glaux_session_get_execution_role (session), ==,
                   "arn:aws:iam::123456789012:role/AthenaSpark");
  g_assert_cmpint (glaux_session_get_dpu_execution_millis (session), ==, 123456789012);

  /* the same values through the property system, as widgets see them */
  g_object_get (session, "spark-properties", &spark, "state", &state, "state-name", &state_name, NULL);
  g_assert_cmpuint (g_hash_table_size (spark), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (spark, "spark.executor.memory"), ==, "4g");
  g_assert_cmpstr (g_hash_table_lookup (spark, "spark.sql.shuffle.partitions"), ==, "8");
  g_assert_cmpint (state, ==, GLAUX_SESSION_STATE_IDLE);
  g_assert_cmpstr (state_name, ==, "IDLE");
}

/* ListSessions items: EngineVersion is a struct there, and there is no WorkGroup. */
static void
test_session_summary (void)
{
  g_autoptr(JsonObject) json = parse_object (
    "{\"SessionId\": \"s-1\", \"Description\": \"d\","
    " \"EngineVersion\": {\"SelectedEngineVersion\": \"AUTO\","
    "                     \"EffectiveEngineVersion\": \"Apache Spark version 3.5\"},"
    " \"NotebookVersion\": \"Athena notebook version 1\","
    " \"Status\": {\"State\": \"BUSY\", \"StartDateTime\": 1700000000}}");
  g_autoptr(JsonObject) selected_only = parse_object (
    "{\"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\"}}");
  g_autoptr(GlauxSession) session = glaux_session_new_from_json (json);

  g_assert_cmpstr (glaux_session_get_id (session), ==, "s-1");
  g_assert_cmpstr (glaux_session_get_engine_version (session), ==, "Apache Spark version 3.5");
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_BUSY);
  g_assert_null (glaux_session_get_workgroup (session));
  glaux_session_set_workgroup (session, "spark-wg");
  g_assert_cmpstr (glaux_session_get_workgroup (session), ==, "spark-wg");

  glaux_session_update_from_json (session, selected_only);
  g_assert_cmpstr (glaux_session_get_engine_version (session), ==, "PySpark engine version 3");
}

static void
test_timestamps (void)
{
  static const struct {
    const char *json;
    gint64      seconds;
    int         microsecond;
  } cases[] = {
    { "1700000000", 1700000000, 0 },
    { "1700000000.123", 1700000000, 123000 },
    { "1.700000000123e9", 1700000000, 123000 },
    { "1.7E+9", 1700000000, 0 },
    { "1700000000.000001", 1700000000, 1 },
    { "-1.5", -2, 500000 },
    { "\"2023-11-14T22:13:20.123Z\"", 1700000000, 123000 },
    { "\"2023-11-15T00:13:20+02:00\"", 1700000000, 0 },
    { "\"1700000000.5\"", 1700000000, 500000 },
  };
  g_autoptr(GlauxSession) session = glaux_session_new ("s");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"Status\": {\"EndDateTime\": %s}}", cases[i].json);
      g_autoptr(JsonObject) json = parse_object (text);

      glaux_session_update_from_json (session, json);
      assert_time (glaux_session_get_end_time (session), cases[i].seconds, cases[i].microsecond);
    }
}

/* A timestamp that cannot be read leaves the last good value, as an absent one would. */
static void
test_bad_timestamps_ignored (void)
{
  static const char * const bad[] = {
    "\"yesterday\"", "true", "[1]", "{}", "1e300", "\"\"",
  };
  g_autoptr(JsonObject) good = parse_object ("{\"Status\": {\"EndDateTime\": 1700000000}}");
  g_autoptr(GlauxSession) session = glaux_session_new ("s");
  g_autoptr(GPtrArray) notified = NULL;

  glaux_session_update_from_json (session, good);
  notified = watch_notify (session);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"Status\": {\"EndDateTime\": %s}}", bad[i]);
      g_autoptr(JsonObject) json = parse_object (text);

      glaux_session_update_from_json (session, json);
      assert_time (glaux_session_get_end_time (session), 1700000000, 0);
    }
  assert_notified (notified, NULL);
}

static void
test_session_unknown_state_kept (void)
{
  g_autoptr(JsonObject) json = parse_object ("{\"Status\": {\"State\": \"HIBERNATING\"}}");
  g_autoptr(JsonObject) known = parse_object ("{\"Status\": {\"State\": \"TERMINATED\"}}");
  g_autoptr(GlauxSession) session = glaux_session_new ("s");

  glaux_session_update_from_json (session, json);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_UNKNOWN);
  g_assert_cmpstr (glaux_session_get_state_name (session), ==, "HIBERNATING");

  glaux_session_update_from_json (session, known);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_TERMINATED);
  g_assert_cmpstr (glaux_session_get_state_name (session), ==, "TERMINATED");
}

static void
test_session_notify_only_changes (void)
{
  g_autoptr(JsonObject) json = parse_object (get_session_json);
  g_autoptr(JsonObject) busy = parse_object (
    "{\"SessionId\": \"a4c5b3e2-7d1f-4f8e-9a0b-123456789abc\","
    " \"Status\": {\"State\": \"BUSY\", \"LastModifiedDateTime\": 1700000090,"
    "              \"StartDateTime\": 1700000000.123},"
    " \"Statistics\": {\"DpuExecutionInMillis\": 123456789012},"
    " \"EngineConfiguration\": {\"SparkProperties\": {\"spark.executor.memory\": \"4g\","
    "                                                 \"spark.sql.shuffle.partitions\": \"8\"}}}");
  g_autoptr(JsonObject) more_dpu = parse_object (
    "{\"Statistics\": {\"DpuExecutionInMillis\": 123456790000},"
    " \"EngineConfiguration\": {\"SparkProperties\": {\"spark.executor.memory\": \"8g\"}}}");
  g_autoptr(GlauxSession) session = glaux_session_new ("a4c5b3e2-7d1f-4f8e-9a0b-123456789abc");
  g_autoptr(GPtrArray) notified = watch_notify (session);

  glaux_session_update_from_json (session, json);
  assert_notified (notified, "additional-configs", "coordinator-dpu-size", "default-executor-dpu-size",
                   "description", "dpu-execution-millis", "engine-version", "execution-role",
                   "idle-since-time", "idle-timeout-minutes", "idle-timeout-seconds",
                   "last-modified-time", "max-concurrent-dpus", "notebook-version",
                   "spark-properties", "start-time", "state", "state-change-reason", "state-name",
                   "workgroup", "working-directory", NULL);

  /* the same answer again: nothing changed, nothing notified */
  glaux_session_update_from_json (session, json);
  assert_notified (notified, NULL);

  /* only the state, its name and the modification time moved; equal maps and times are quiet */
  glaux_session_update_from_json (session, busy);
  assert_notified (notified, "last-modified-time", "state", "state-name", NULL);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_BUSY);
  /* absent members keep their values */
  g_assert_cmpstr (glaux_session_get_state_change_reason (session), ==, "Session is idle");
  assert_time (glaux_session_get_idle_since_time (session), 1700000060, 0);

  glaux_session_update_from_json (session, more_dpu);
  assert_notified (notified, "dpu-execution-millis", "spark-properties", NULL);
  g_assert_cmpuint (g_hash_table_size (glaux_session_get_spark_properties (session)), ==, 1);
}

static void
test_session_missing_fields_unchanged (void)
{
  g_autoptr(JsonObject) json = parse_object (get_session_json);
  g_autoptr(JsonObject) empty = parse_object ("{}");
  g_autoptr(JsonObject) nulls = parse_object (
    "{\"Description\": null, \"Status\": null, \"Statistics\": {\"DpuExecutionInMillis\": null},"
    " \"EngineConfiguration\": {\"MaxConcurrentDpus\": \"many\"}}");
  g_autoptr(GlauxSession) session = glaux_session_new_from_json (json);
  g_autoptr(GPtrArray) notified = watch_notify (session);

  glaux_session_update_from_json (session, empty);
  glaux_session_update_from_json (session, nulls);
  assert_notified (notified, NULL);
  g_assert_cmpstr (glaux_session_get_description (session), ==, "nightly build");
  g_assert_cmpint (glaux_session_get_max_concurrent_dpus (session), ==, 20);
  g_assert_cmpint (glaux_session_get_dpu_execution_millis (session), ==, 123456789012);
}

static void
test_session_idle_timeout (void)
{
  g_autoptr(JsonObject) seconds = parse_object ("{\"SessionConfiguration\": {\"IdleTimeoutSeconds\": 1230}}");
  g_autoptr(JsonObject) minutes = parse_object (
    "{\"SessionConfiguration\": {\"SessionIdleTimeoutInMinutes\": 480}}");
  g_autoptr(GlauxSession) session = glaux_session_new ("s");

  glaux_session_update_from_json (session, seconds);
  g_assert_cmpint (glaux_session_get_idle_timeout_seconds (session), ==, 1230);
  g_assert_cmpint (glaux_session_get_idle_timeout_minutes (session), ==, 21);

  glaux_session_update_from_json (session, minutes);
  g_assert_cmpint (glaux_session_get_idle_timeout_minutes (session), ==, 480);
  g_assert_cmpint (glaux_session_get_idle_timeout_seconds (session), ==, 28800);
}

static void
test_calculation_from_json (void)
{
  g_autoptr(JsonObject) json = parse_object (get_calculation_json);
  g_autoptr(GlauxCalculation) calculation = glaux_calculation_new_from_json (json);

  g_assert_cmpstr (glaux_calculation_get_id (calculation), ==, "7f3c2a10-1b2c-4d5e-8f90-abcdef012345");
  g_assert_cmpstr (glaux_calculation_get_session_id (calculation), ==,
                   "a4c5b3e2-7d1f-4f8e-9a0b-123456789abc");
  g_assert_cmpstr (glaux_calculation_get_description (calculation), ==, "count rows");
  g_assert_cmpstr (glaux_calculation_get_working_directory (calculation), ==,
                   "s3://bucket/work/a4c5/7f3c/");
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_COMPLETED);
  g_assert_cmpstr (glaux_calculation_get_state_name (calculation), ==, "COMPLETED");
  g_assert_cmpstr (glaux_calculation_get_state_change_reason (calculation), ==, "done");
  assert_time (glaux_calculation_get_submission_time (calculation), 1700000000, 250000);
  assert_time (glaux_calculation_get_completion_time (calculation), 1700000012, 0);
  g_assert_cmpint (glaux_calculation_get_dpu_execution_millis (calculation), ==, 45210);
  g_assert_cmpstr (glaux_calculation_get_progress (calculation), ==, "Stage 3/3");
  g_assert_cmpstr (glaux_calculation_get_stdout_uri (calculation), ==, "s3://bucket/work/a4c5/7f3c/stdout");
  g_assert_cmpstr (glaux_calculation_get_stderr_uri (calculation), ==, "s3://bucket/work/a4c5/7f3c/stderr");
  g_assert_cmpstr (glaux_calculation_get_result_uri (calculation), ==, "s3://bucket/work/a4c5/7f3c/");
  g_assert_cmpstr (glaux_calculation_get_result_type (calculation), ==,
                   "application/vnd.aws.athena.v1+json");
  g_assert_null (glaux_calculation_get_code (calculation));

  g_object_set (calculation, "code", "print(1)", NULL);
  g_assert_cmpstr (glaux_calculation_get_code (calculation), ==, "print(1)");
}

static void
test_calculation_unknown_state_kept (void)
{
  g_autoptr(JsonObject) json = parse_object (
    "{\"CalculationExecutionId\": \"c\", \"Status\": {\"State\": \"PAUSED\"}, \"Unheard\": 1}");
  g_autoptr(GlauxCalculation) calculation = glaux_calculation_new_from_json (json);
  g_autofree char *name = NULL;
  GlauxCalculationState state;

  g_object_get (calculation, "state", &state, "state-name", &name, NULL);
  g_assert_cmpint (state, ==, GLAUX_CALCULATION_STATE_UNKNOWN);
  g_assert_cmpstr (name, ==, "PAUSED");
}

static void
test_calculation_notify_only_changes (void)
{
  g_autoptr(JsonObject) queued = parse_object (
    "{\"Status\": {\"State\": \"QUEUED\", \"SubmissionDateTime\": 1700000000}}");
  g_autoptr(JsonObject) running = parse_object (
    "{\"Status\": {\"State\": \"RUNNING\", \"SubmissionDateTime\": \"2023-11-14T22:13:20Z\"},"
    " \"Statistics\": {\"Progress\": \"Stage 1/3\"}}");
  g_autoptr(JsonObject) done = parse_object (get_calculation_json);
  g_autoptr(GlauxCalculation) calculation = glaux_calculation_new ("7f3c2a10-1b2c-4d5e-8f90-abcdef012345");
  g_autoptr(GPtrArray) notified = watch_notify (calculation);

  glaux_calculation_update_from_json (calculation, queued);
  assert_notified (notified, "state", "state-name", "submission-time", NULL);
  /* the same instant written as an ISO-8601 string is no change */
  glaux_calculation_update_from_json (calculation, running);
  assert_notified (notified, "progress", "state", "state-name", NULL);
  glaux_calculation_update_from_json (calculation, done);
  assert_notified (notified, "completion-time", "description", "dpu-execution-millis", "progress",
                   "result-type", "result-uri", "session-id", "state", "state-change-reason",
                   "state-name", "stderr-uri", "stdout-uri", "submission-time",
                   "working-directory", NULL);
  glaux_calculation_set_code (calculation, "x = 1");
  glaux_calculation_set_code (calculation, "x = 1");
  assert_notified (notified, "code", NULL);
}

static void
test_workgroup_from_json (void)
{
  g_autoptr(JsonObject) json = parse_object (get_workgroup_json);
  g_autoptr(GlauxWorkgroup) workgroup = glaux_workgroup_new_from_json (json);

  g_assert_cmpstr (glaux_workgroup_get_name (workgroup), ==, "spark-wg");
  g_assert_cmpint (glaux_workgroup_get_state (workgroup), ==, GLAUX_WORKGROUP_STATE_ENABLED);
  g_assert_cmpstr (glaux_workgroup_get_state_name (workgroup), ==, "ENABLED");
  g_assert_cmpstr (glaux_workgroup_get_description (workgroup), ==, "Spark analytics");
  assert_time (glaux_workgroup_get_creation_time (workgroup), 1593469842, 665000);
  g_assert_cmpstr (glaux_workgroup_get_selected_engine_version (workgroup), ==, "PySpark engine version 3");
  g_assert_cmpstr (glaux_workgroup_get_effective_engine_version (workgroup), ==, "PySpark engine version 3");
  g_assert_true (glaux_workgroup_get_is_spark (workgroup));
  g_assert_cmpstr (glaux_workgroup_get_output_location (workgroup), ==, "s3://bucket/results/");
  g_assert_cmpstr (glaux_workgroup_get_result_encryption_option (workgroup), ==, "SSE_KMS");
  g_assert_cmpstr (glaux_workgroup_get_result_kms_key (workgroup), ==, "alias/results");
  g_assert_cmpstr (glaux_workgroup_get_execution_role (workgroup), ==,
                   "arn:aws:iam::123456789012:role/AthenaSpark");
  g_assert_cmpstr (glaux_workgroup_get_customer_content_kms_key (workgroup), ==, "alias/content");
  g_assert_cmpstr (glaux_workgroup_get_additional_configuration (workgroup), ==, "{}");
  g_assert_cmpint (glaux_workgroup_get_default_max_concurrent_dpus (workgroup), ==, 60);
  g_assert_true (glaux_workgroup_get_enforce_configuration (workgroup));
  g_assert_true (glaux_workgroup_get_publish_cloudwatch_metrics (workgroup));
  g_assert_false (glaux_workgroup_get_requester_pays (workgroup));
}

static void
test_workgroup_is_spark (void)
{
  g_autoptr(JsonObject) sql = parse_object (
    "{\"Name\": \"primary\", \"State\": \"ENABLED\", \"Description\": \"\","
    " \"CreationTime\": 1600000000,"
    " \"EngineVersion\": {\"SelectedEngineVersion\": \"AUTO\","
    "                     \"EffectiveEngineVersion\": \"Athena engine version 3\"}}");
  g_autoptr(JsonObject) spark35 = parse_object (
    "{\"EngineVersion\": {\"SelectedEngineVersion\": \"Apache Spark version 3.5\","
    "                     \"EffectiveEngineVersion\": \"Apache Spark version 3.5\"}}");
  g_autoptr(JsonObject) paused = parse_object ("{\"State\": \"PAUSED\"}");
  g_autoptr(GlauxWorkgroup) workgroup = glaux_workgroup_new_from_json (sql);
  g_autoptr(GPtrArray) notified = watch_notify (workgroup);

  g_assert_cmpstr (glaux_workgroup_get_name (workgroup), ==, "primary");
  g_assert_cmpstr (glaux_workgroup_get_description (workgroup), ==, "");
  g_assert_false (glaux_workgroup_get_is_spark (workgroup));

  glaux_workgroup_update_from_json (workgroup, spark35);
  assert_notified (notified, "effective-engine-version", "is-spark", "selected-engine-version", NULL);
  g_assert_true (glaux_workgroup_get_is_spark (workgroup));

  glaux_workgroup_update_from_json (workgroup, spark35);
  assert_notified (notified, NULL);

  glaux_workgroup_update_from_json (workgroup, paused);
  assert_notified (notified, "state", "state-name", NULL);
  g_assert_cmpint (glaux_workgroup_get_state (workgroup), ==, GLAUX_WORKGROUP_STATE_UNKNOWN);
  g_assert_cmpstr (glaux_workgroup_get_state_name (workgroup), ==, "PAUSED");
}

static void
test_executor_from_json (void)
{
  g_autoptr(JsonObject) json = parse_object (
    "{\"ExecutorId\": \"coordinator-1\", \"ExecutorType\": \"COORDINATOR\","
    " \"StartDateTime\": 1700000000123, \"TerminationDateTime\": 1700000999000,"
    " \"ExecutorState\": \"TERMINATED\", \"ExecutorSize\": 1, \"Extra\": \"x\"}");
  g_autoptr(JsonObject) odd = parse_object (
    "{\"ExecutorType\": \"DRIVER\", \"ExecutorState\": \"DRAINING\", \"ExecutorSize\": 4}");
  g_autoptr(GlauxExecutor) executor = glaux_executor_new_from_json (json);
  g_autoptr(GPtrArray) notified = NULL;

  g_assert_cmpstr (glaux_executor_get_id (executor), ==, "coordinator-1");
  g_assert_cmpint (glaux_executor_get_executor_type (executor), ==, GLAUX_EXECUTOR_TYPE_COORDINATOR);
  g_assert_cmpstr (glaux_executor_get_type_name (executor), ==, "COORDINATOR");
  g_assert_cmpint (glaux_executor_get_size (executor), ==, 1);
  g_assert_cmpint (glaux_executor_get_state (executor), ==, GLAUX_EXECUTOR_STATE_TERMINATED);
  g_assert_cmpstr (glaux_executor_get_state_name (executor), ==, "TERMINATED");
  g_assert_cmpint (glaux_executor_get_start_date_time (executor), ==, 1700000000123);
  g_assert_cmpint (glaux_executor_get_termination_date_time (executor), ==, 1700000999000);
  g_assert_null (glaux_executor_get_session_id (executor));

  notified = watch_notify (executor);
  glaux_executor_update_from_json (executor, odd);
  glaux_executor_set_session_id (executor, "s-1");
  assert_notified (notified, "executor-type", "session-id", "size", "state", "state-name",
                   "type-name", NULL);
  g_assert_cmpint (glaux_executor_get_executor_type (executor), ==, GLAUX_EXECUTOR_TYPE_UNKNOWN);
  g_assert_cmpstr (glaux_executor_get_type_name (executor), ==, "DRIVER");
  g_assert_cmpstr (glaux_executor_get_state_name (executor), ==, "DRAINING");
  g_assert_cmpint (glaux_executor_get_start_date_time (executor), ==, 1700000000123);
}

static void
test_records (void)
{
  g_autoptr(JsonObject) version_json = parse_object (
    "{\"SelectedEngineVersion\": \"PySpark engine version 3\","
    " \"EffectiveEngineVersion\": \"PySpark engine version 3\"}");
  g_autoptr(JsonObject) sizes_json = parse_object (
    "{\"ApplicationRuntimeId\": \"Athena notebook version 1\", \"SupportedDPUSizes\": [1, \"2\", 4]}");
  g_autoptr(JsonObject) endpoint_json = parse_object (
    "{\"EndpointUrl\": \"sc://spark.example:443\", \"AuthToken\": \"tok\","
    " \"AuthTokenExpirationTime\": 1700003600.5}");
  g_autoptr(JsonObject) no_token = parse_object (
    "{\"EndpointUrl\": \"sc://spark.example:443\", \"AuthTokenExpirationTime\": 1}");
  g_autoptr(JsonObject) bad_time = parse_object (
    "{\"EndpointUrl\": \"u\", \"AuthToken\": \"t\", \"AuthTokenExpirationTime\": \"soon\"}");
  g_autoptr(GlauxEngineVersion) version = glaux_engine_version_new_from_json (version_json);
  g_autoptr(GlauxEngineVersion) version_copy = glaux_engine_version_copy (version);
  g_autoptr(GlauxApplicationDpuSizes) sizes = glaux_application_dpu_sizes_new_from_json (sizes_json);
  g_autoptr(GlauxApplicationDpuSizes) sizes_copy = glaux_application_dpu_sizes_copy (sizes);
  g_autoptr(GlauxSessionEndpoint) endpoint = NULL;
  g_autoptr(GlauxSessionEndpoint) endpoint_copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (version_copy->selected, ==, "PySpark engine version 3");
  g_assert_cmpstr (version_copy->effective, ==, "PySpark engine version 3");
  g_assert_cmpstr (sizes_copy->runtime_id, ==, "Athena notebook version 1");
  g_assert_cmpuint (sizes_copy->sizes->len, ==, 2);
  g_assert_cmpint (g_array_index (sizes_copy->sizes, int, 0), ==, 1);
  g_assert_cmpint (g_array_index (sizes_copy->sizes, int, 1), ==, 4);

  endpoint = glaux_session_endpoint_new_from_json (endpoint_json, &error);
  g_assert_no_error (error);
  endpoint_copy = glaux_session_endpoint_copy (endpoint);
  g_assert_cmpstr (endpoint_copy->endpoint_url, ==, "sc://spark.example:443");
  g_assert_cmpstr (endpoint_copy->auth_token, ==, "tok");
  assert_time (endpoint_copy->auth_token_expiration, 1700003600, 500000);

  g_assert_null (glaux_session_endpoint_new_from_json (no_token, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "GetSessionEndpoint response has no AuthToken string");
  g_clear_error (&error);
  g_assert_null (glaux_session_endpoint_new_from_json (bad_time, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "GetSessionEndpoint response: AuthTokenExpirationTime: "
                   "'soon' is neither epoch seconds nor an ISO-8601 date");
}

static void
test_start_session_params (void)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("spark-wg");
  g_autoptr(GlauxStartSessionParams) copy = NULL;
  g_autoptr(JsonObject) minimal = glaux_start_session_params_build_request (params, NULL);
  g_autoptr(JsonObject) full = NULL;

  /* MaxConcurrentDpus is always there (old models require it); sizes only when set */
  assert_json_equal (minimal, "{\"WorkGroup\": \"spark-wg\","
                              " \"EngineConfiguration\": {\"MaxConcurrentDpus\": 20}}");

  params->description = g_strdup ("nightly");
  params->execution_role = g_strdup ("arn:aws:iam::123456789012:role/AthenaSpark");
  params->max_concurrent_dpus = 40;
  params->coordinator_dpu_size = 1;
  params->default_executor_dpu_size = 1;
  params->idle_timeout_minutes = 15;
  params->copy_workgroup_tags = TRUE;
  g_hash_table_insert (params->spark_properties, g_strdup ("spark.x"), g_strdup ("1"));
  g_hash_table_insert (params->additional_configs, g_strdup ("NotebookId"), g_strdup ("nb"));
  g_hash_table_insert (params->tags, g_strdup ("team"), g_strdup ("data"));
  g_hash_table_insert (params->tags, g_strdup ("env"), g_strdup ("dev"));

  copy = glaux_start_session_params_copy (params);
  g_clear_pointer (&params, glaux_start_session_params_free);
  full = glaux_start_session_params_build_request (copy, "0f8fad5b-d9cb-469f-a165-70867728950e");
  assert_json_equal (full,
                     "{\"Description\": \"nightly\", \"WorkGroup\": \"spark-wg\","
                     " \"EngineConfiguration\": {\"CoordinatorDpuSize\": 1, \"MaxConcurrentDpus\": 40,"
                     "   \"DefaultExecutorDpuSize\": 1, \"AdditionalConfigs\": {\"NotebookId\": \"nb\"},"
                     "   \"SparkProperties\": {\"spark.x\": \"1\"}},"
                     " \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
                     " \"SessionIdleTimeoutInMinutes\": 15,"
                     " \"ClientRequestToken\": \"0f8fad5b-d9cb-469f-a165-70867728950e\","
                     " \"Tags\": [{\"Key\": \"env\", \"Value\": \"dev\"}, {\"Key\": \"team\", \"Value\": \"data\"}],"
                     " \"CopyWorkGroupTags\": true}");
}

static void
test_workgroup_params (void)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new ("spark-wg");
  g_autoptr(GlauxWorkgroupParams) removal = glaux_workgroup_params_new ("spark-wg");
  g_autoptr(GlauxWorkgroupParams) copy = NULL;
  g_autoptr(JsonObject) minimal_create = glaux_workgroup_params_build_create (params);
  g_autoptr(JsonObject) minimal_update = glaux_workgroup_params_build_update (params);
  g_autoptr(JsonObject) create = NULL;
  g_autoptr(JsonObject) update = NULL;
  g_autoptr(JsonObject) remove = NULL;

  assert_json_equal (minimal_create, "{\"Name\": \"spark-wg\"}");
  assert_json_equal (minimal_update, "{\"WorkGroup\": \"spark-wg\"}");

  params->description = g_strdup ("Spark analytics");
  params->selected_engine_version = g_strdup ("PySpark engine version 3");
  params->output_location = g_strdup ("s3://bucket/results/");
  params->execution_role = g_strdup ("arn:aws:iam::123456789012:role/AthenaSpark");
  params->customer_content_kms_key = g_strdup ("alias/content");
  params->additional_configuration = g_strdup ("{}");
  params->result_encryption_option = g_strdup ("SSE_KMS");
  params->result_kms_key = g_strdup ("alias/results");
  params->max_concurrent_dpus = 60;
  params->state = GLAUX_WORKGROUP_STATE_DISABLED;
  g_hash_table_insert (params->tags, g_strdup ("team"), g_strdup ("data"));
  copy = glaux_workgroup_params_copy (params);

  create = glaux_workgroup_params_build_create (copy);
  assert_json_equal (create,
                     "{\"Name\": \"spark-wg\", \"Description\": \"Spark analytics\","
                     " \"Configuration\": {"
                     "   \"ResultConfiguration\": {\"OutputLocation\": \"s3://bucket/results/\","
                     "     \"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_KMS\","
                     "                                   \"KmsKey\": \"alias/results\"}},"
                     "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\"},"
                     "   \"AdditionalConfiguration\": \"{}\","
                     "   \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
                     "   \"EngineConfiguration\": {\"MaxConcurrentDpus\": 60},"
                     "   \"CustomerContentEncryptionConfiguration\": {\"KmsKey\": \"alias/content\"}},"
                     " \"Tags\": [{\"Key\": \"team\", \"Value\": \"data\"}]}");

  update = glaux_workgroup_params_build_update (copy);
  assert_json_equal (update,
                     "{\"WorkGroup\": \"spark-wg\", \"Description\": \"Spark analytics\","
                     " \"State\": \"DISABLED\","
                     " \"ConfigurationUpdates\": {"
                     "   \"ResultConfigurationUpdates\": {\"OutputLocation\": \"s3://bucket/results/\","
                     "     \"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_KMS\","
                     "                                   \"KmsKey\": \"alias/results\"}},"
                     "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\"},"
                     "   \"AdditionalConfiguration\": \"{}\","
                     "   \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
                     "   \"EngineConfiguration\": {\"MaxConcurrentDpus\": 60},"
                     "   \"CustomerContentEncryptionConfiguration\": {\"KmsKey\": \"alias/content\"}}}");

  /* "" removes a setting in an update */
  removal->output_location = g_strdup ("");
  removal->result_encryption_option = g_strdup ("");
  removal->customer_content_kms_key = g_strdup ("");
  remove = glaux_workgroup_params_build_update (removal);
  assert_json_equal (remove,
                     "{\"WorkGroup\": \"spark-wg\", \"ConfigurationUpdates\": {"
                     "   \"ResultConfigurationUpdates\": {\"RemoveOutputLocation\": true,"
                     "                                    \"RemoveEncryptionConfiguration\": true},"
                     "   \"RemoveCustomerContentEncryptionConfiguration\": true}}");
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/athena/Types/state-strings", test_state_strings);
  g_test_add_func ("/glaux/athena/Types/state-predicates", test_state_predicates);
  g_test_add_func ("/glaux/athena/Types/enum-types", test_enum_types);
  g_test_add_func ("/glaux/athena/Session/from-get-session", test_session_from_get_session);
  g_test_add_func ("/glaux/athena/Session/summary", test_session_summary);
  g_test_add_func ("/glaux/athena/Session/timestamps", test_timestamps);
  g_test_add_func ("/glaux/athena/Session/bad-timestamps-ignored", test_bad_timestamps_ignored);
  g_test_add_func ("/glaux/athena/Session/unknown-state-kept", test_session_unknown_state_kept);
  g_test_add_func ("/glaux/athena/Session/notify-only-changes", test_session_notify_only_changes);
  g_test_add_func ("/glaux/athena/Session/missing-fields-unchanged", test_session_missing_fields_unchanged);
  g_test_add_func ("/glaux/athena/Session/idle-timeout", test_session_idle_timeout);
  g_test_add_func ("/glaux/athena/Calculation/from-json", test_calculation_from_json);
  g_test_add_func ("/glaux/athena/Calculation/unknown-state-kept", test_calculation_unknown_state_kept);
  g_test_add_func ("/glaux/athena/Calculation/notify-only-changes", test_calculation_notify_only_changes);
  g_test_add_func ("/glaux/athena/Workgroup/from-json", test_workgroup_from_json);
  g_test_add_func ("/glaux/athena/Workgroup/is-spark", test_workgroup_is_spark);
  g_test_add_func ("/glaux/athena/Executor/from-json", test_executor_from_json);
  g_test_add_func ("/glaux/athena/Records/parse", test_records);
  g_test_add_func ("/glaux/athena/Params/start-session", test_start_session_params);
  g_test_add_func ("/glaux/athena/Params/workgroup", test_workgroup_params);

  return g_test_run ();
}
