/* test-athena-validate.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "glaux-athena-validate.h"
#include "glaux-aws-error.h"
#include "glaux-test-util.h"

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
assert_valid (const char *operation,
              const char *json)
{
  g_autoptr(JsonObject) request = parse_object (json);
  g_autoptr(GError) error = NULL;

  if (!glaux_athena_validate_request (operation, request, &error))
    g_error ("%s %s: unexpected error: %s", operation, json, error->message);
}

static void
assert_invalid (const char *operation,
                const char *json,
                const char *message)
{
  g_autoptr(JsonObject) request = parse_object (json);
  g_autoptr(GError) error = NULL;

  g_assert_false (glaux_athena_validate_request (operation, request, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, message);
}

/* A JSON request {"<member>": "<char repeated n times>"} plus @extra members. */
static char *
with_long_string (const char *extra,
                  const char *member,
                  const char *unit,
                  guint       n)
{
  g_autoptr(GString) value = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (value, unit);

  return g_strdup_printf ("{%s%s\"%s\": \"%s\"}", extra, *extra ? ", " : "", member, value->str);
}

static void
test_operations (void)
{
  const char * const *operations = glaux_athena_validate_list_operations ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_strv_length ((char **) operations), ==, 21);
  for (guint i = 0; operations[i] != NULL; i++)
    g_assert_true (glaux_athena_validate_is_known_operation (operations[i]));

  g_assert_false (glaux_athena_validate_is_known_operation ("StartQueryExecution"));
  g_assert_false (glaux_athena_validate_is_known_operation (NULL));
  g_assert_false (glaux_athena_validate_request ("StartQueryExecution", NULL, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "'StartQueryExecution' is not an Athena operation Glaux knows");
}

/* Every operation accepts its smallest valid body; the list and discovery ones accept "{}" or
 * no body at all. */
static void
test_minimal_requests (void)
{
  static const char * const empty_ok[] = {
    "ListWorkGroups", "ListEngineVersions", "ListApplicationDPUSizes",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (empty_ok); i++)
    {
      assert_valid (empty_ok[i], "{}");
      g_assert_true (glaux_athena_validate_request (empty_ok[i], NULL, &error));
      g_assert_no_error (error);
    }

  assert_valid ("GetWorkGroup", "{\"WorkGroup\": \"primary\"}");
  assert_valid ("CreateWorkGroup", "{\"Name\": \"spark-wg\"}");
  assert_valid ("UpdateWorkGroup", "{\"WorkGroup\": \"spark-wg\"}");
  assert_valid ("DeleteWorkGroup", "{\"WorkGroup\": \"spark-wg\"}");
  assert_valid ("StartSession", "{\"WorkGroup\": \"spark-wg\", \"EngineConfiguration\": {}}");
  assert_valid ("GetSession", "{\"SessionId\": \"s\"}");
  assert_valid ("GetSessionStatus", "{\"SessionId\": \"s\"}");
  assert_valid ("ListSessions", "{\"WorkGroup\": \"spark-wg\"}");
  assert_valid ("TerminateSession", "{\"SessionId\": \"s\"}");
  assert_valid ("GetSessionEndpoint", "{\"SessionId\": \"s\"}");
  assert_valid ("GetResourceDashboard", "{\"ResourceARN\": \"a\"}");
  assert_valid ("StartCalculationExecution", "{\"SessionId\": \"s\", \"CodeBlock\": \"\"}");
  assert_valid ("GetCalculationExecution", "{\"CalculationExecutionId\": \"c\"}");
  assert_valid ("GetCalculationExecutionStatus", "{\"CalculationExecutionId\": \"c\"}");
  assert_valid ("GetCalculationExecutionCode", "{\"CalculationExecutionId\": \"c\"}");
  assert_valid ("ListCalculationExecutions", "{\"SessionId\": \"s\"}");
  assert_valid ("StopCalculationExecution", "{\"CalculationExecutionId\": \"c\"}");
  assert_valid ("ListExecutors", "{\"SessionId\": \"s\"}");
}

static void
test_required (void)
{
  assert_invalid ("GetWorkGroup", "{}", "WorkGroup: required member is missing");
  assert_invalid ("CreateWorkGroup", "{\"Description\": \"x\"}", "Name: required member is missing");
  assert_invalid ("UpdateWorkGroup", "{}", "WorkGroup: required member is missing");
  assert_invalid ("DeleteWorkGroup", "{\"RecursiveDeleteOption\": true}",
                  "WorkGroup: required member is missing");
  assert_invalid ("StartSession", "{\"EngineConfiguration\": {}}",
                  "WorkGroup: required member is missing");
  assert_invalid ("StartSession", "{\"WorkGroup\": \"wg\"}",
                  "EngineConfiguration: required member is missing");
  assert_invalid ("GetSession", "{}", "SessionId: required member is missing");
  assert_invalid ("GetSessionStatus", "{}", "SessionId: required member is missing");
  assert_invalid ("ListSessions", "{\"MaxResults\": 5}", "WorkGroup: required member is missing");
  assert_invalid ("TerminateSession", "{}", "SessionId: required member is missing");
  assert_invalid ("GetSessionEndpoint", "{}", "SessionId: required member is missing");
  assert_invalid ("GetResourceDashboard", "{}", "ResourceARN: required member is missing");
  assert_invalid ("StartCalculationExecution", "{\"CodeBlock\": \"1\"}",
                  "SessionId: required member is missing");
  assert_invalid ("GetCalculationExecution", "{}",
                  "CalculationExecutionId: required member is missing");
  assert_invalid ("GetCalculationExecutionStatus", "{}",
                  "CalculationExecutionId: required member is missing");
  assert_invalid ("GetCalculationExecutionCode", "{}",
                  "CalculationExecutionId: required member is missing");
  assert_invalid ("ListCalculationExecutions", "{}", "SessionId: required member is missing");
  assert_invalid ("StopCalculationExecution", "{}",
                  "CalculationExecutionId: required member is missing");
  assert_invalid ("ListExecutors", "{}", "SessionId: required member is missing");
  /* null is "absent", as botocore never sends it */
  assert_invalid ("GetSession", "{\"SessionId\": null}", "SessionId: required member is missing");
  /* required members of nested structures */
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"ResultConfiguration\": "
                  "{\"EncryptionConfiguration\": {\"KmsKey\": \"k\"}}}}",
                  "Configuration.ResultConfiguration.EncryptionConfiguration.EncryptionOption: "
                  "required member is missing");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"MonitoringConfiguration\": "
                  "{\"S3LoggingConfiguration\": {\"LogLocation\": \"s3://logs/x\"}}}",
                  "MonitoringConfiguration.S3LoggingConfiguration.Enabled: required member is missing");
}

static void
test_workgroup_name (void)
{
  g_autofree char *longest = NULL;
  g_autofree char *too_long = NULL;

  assert_valid ("GetWorkGroup", "{\"WorkGroup\": \"a.B_c-9\"}");
  assert_invalid ("GetWorkGroup", "{\"WorkGroup\": \"bad name!\"}",
                  "WorkGroup: 'bad name!' must match [a-zA-Z0-9._-]{1,128}");
  assert_invalid ("GetWorkGroup", "{\"WorkGroup\": \"\"}",
                  "WorkGroup: '' must match [a-zA-Z0-9._-]{1,128}");
  /* the pattern must cover the whole value, not just a part of it */
  assert_invalid ("ListSessions", "{\"WorkGroup\": \"wg\\n\"}",
                  "WorkGroup: 'wg\n' must match [a-zA-Z0-9._-]{1,128}");
  longest = with_long_string ("", "WorkGroup", "w", 128);
  assert_valid ("GetWorkGroup", longest);
  too_long = with_long_string ("", "Name", "w", 129);
  assert_invalid ("CreateWorkGroup", too_long,
                  "Name: 'wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww...' "
                  "must match [a-zA-Z0-9._-]{1,128}");
  assert_invalid ("GetWorkGroup", "{\"WorkGroup\": 7}", "WorkGroup: must be a string, not a number");
}

static void
test_lengths (void)
{
  g_autofree char *description_ok = with_long_string ("\"SessionId\": \"s\", \"CodeBlock\": \"1\"",
                                                      "Description", "d", 1024);
  g_autofree char *description_long = with_long_string ("\"SessionId\": \"s\", \"CodeBlock\": \"1\"",
                                                        "Description", "d", 1025);
  /* lengths count characters, not bytes: 1024 × "é" is 2048 bytes */
  g_autofree char *description_utf8 = with_long_string ("\"WorkGroup\": \"wg\"",
                                                        "Description", "\xc3\xa9", 1024);
  g_autofree char *code_ok = with_long_string ("\"SessionId\": \"s\"", "CodeBlock", "x", 68000);
  g_autofree char *code_long = with_long_string ("\"SessionId\": \"s\"", "CodeBlock", "x", 68001);
  g_autofree char *session_ok = with_long_string ("", "SessionId", "s", 256);
  g_autofree char *session_long = with_long_string ("", "SessionId", "s", 257);
  g_autofree char *calculation_ok = with_long_string ("", "CalculationExecutionId", "c", 36);
  g_autofree char *calculation_long = with_long_string ("", "CalculationExecutionId", "c", 37);
  g_autofree char *arn_long = with_long_string ("", "ResourceARN", "a", 1012);

  assert_valid ("StartCalculationExecution", description_ok);
  assert_invalid ("StartCalculationExecution", description_long,
                  "Description: must be 1 to 1024 characters long, got 1025");
  assert_valid ("UpdateWorkGroup", description_utf8);
  assert_invalid ("StartCalculationExecution",
                  "{\"SessionId\": \"s\", \"CodeBlock\": \"1\", \"Description\": \"\"}",
                  "Description: must be 1 to 1024 characters long, got 0");
  /* workgroup descriptions may be empty */
  assert_valid ("CreateWorkGroup", "{\"Name\": \"wg\", \"Description\": \"\"}");
  assert_valid ("StartCalculationExecution", code_ok);
  assert_invalid ("StartCalculationExecution", code_long,
                  "CodeBlock: must be at most 68000 characters long, got 68001");
  assert_valid ("GetSession", session_ok);
  assert_invalid ("TerminateSession", session_long,
                  "SessionId: must be 1 to 256 characters long, got 257");
  assert_invalid ("GetSession", "{\"SessionId\": \"\"}",
                  "SessionId: must be 1 to 256 characters long, got 0");
  assert_valid ("StopCalculationExecution", calculation_ok);
  assert_invalid ("GetCalculationExecutionCode", calculation_long,
                  "CalculationExecutionId: must be 1 to 36 characters long, got 37");
  assert_invalid ("GetResourceDashboard", arn_long,
                  "ResourceARN: must be 1 to 1011 characters long, got 1012");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"NotebookVersion\": \"\"}",
                  "NotebookVersion: must be 1 to 128 characters long, got 0");
}

static void
test_client_request_token (void)
{
  g_autofree char *shortest = with_long_string ("\"SessionId\": \"s\", \"CodeBlock\": \"1\"",
                                                "ClientRequestToken", "t", 32);
  g_autofree char *too_short = with_long_string ("\"SessionId\": \"s\", \"CodeBlock\": \"1\"",
                                                 "ClientRequestToken", "t", 31);
  g_autofree char *longest = with_long_string ("\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}",
                                               "ClientRequestToken", "t", 128);
  g_autofree char *too_long = with_long_string ("\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}",
                                                "ClientRequestToken", "t", 129);

  assert_valid ("StartCalculationExecution", shortest);
  assert_invalid ("StartCalculationExecution", too_short,
                  "ClientRequestToken: must be 32 to 128 characters long, got 31");
  assert_valid ("StartSession", longest);
  assert_invalid ("StartSession", too_long,
                  "ClientRequestToken: must be 32 to 128 characters long, got 129");
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, "
                "\"ClientRequestToken\": \"0f8fad5b-d9cb-469f-a165-70867728950e\"}");
}

static void
test_engine_configuration (void)
{
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"CoordinatorDpuSize\": 1, "
                "\"MaxConcurrentDpus\": 2, \"DefaultExecutorDpuSize\": 1}}");
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"MaxConcurrentDpus\": 5000}}");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"MaxConcurrentDpus\": 1}}",
                  "EngineConfiguration.MaxConcurrentDpus: 1 is out of range: must be between 2 and 5000");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"MaxConcurrentDpus\": 5001}}",
                  "EngineConfiguration.MaxConcurrentDpus: 5001 is out of range: must be between 2 and 5000");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"CoordinatorDpuSize\": 2}}",
                  "EngineConfiguration.CoordinatorDpuSize: 2 is out of range: must be 1");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"DefaultExecutorDpuSize\": 0}}",
                  "EngineConfiguration.DefaultExecutorDpuSize: 0 is out of range: must be 1");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"MaxConcurrentDpus\": \"20\"}}",
                  "EngineConfiguration.MaxConcurrentDpus: must be an integer, not a string");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"MaxConcurrentDpus\": 20.5}}",
                  "EngineConfiguration.MaxConcurrentDpus: must be an integer, not a decimal number");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"MaxConcurrentDpus\": 4294967298}}",
                  "EngineConfiguration.MaxConcurrentDpus: 4294967298 does not fit a 32-bit integer");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": []}",
                  "EngineConfiguration: must be an object, not an array");
}

static void
test_spark_properties (void)
{
  g_autofree char *value_ok = NULL;
  g_autofree char *value_long = NULL;
  g_autoptr(GString) big = g_string_new (NULL);

  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"SparkProperties\": "
                "{\"spark.executor.memory\": \"4g\", \"tab\\tkey\": \"\"}}}");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"SparkProperties\": {\"\": \"x\"}}}",
                  "EngineConfiguration.SparkProperties key '': must be 1 to 255 characters long, got 0");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"AdditionalConfigs\": "
                  "{\"bad\\u0001key\": \"x\"}}}",
                  "EngineConfiguration.AdditionalConfigs key 'bad\001key': 'bad\001key' must match "
                  "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"SparkProperties\": "
                  "{\"spark.x\": 1}}}",
                  "EngineConfiguration.SparkProperties['spark.x']: must be a string, not a number");

  for (guint i = 0; i < 51200; i++)
    g_string_append_c (big, 'v');
  value_ok = g_strdup_printf ("{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"SparkProperties\": "
                              "{\"k\": \"%s\"}}}", big->str);
  assert_valid ("StartSession", value_ok);
  g_string_append_c (big, 'v');
  value_long = g_strdup_printf ("{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"SparkProperties\": "
                                "{\"k\": \"%s\"}}}", big->str);
  assert_invalid ("StartSession", value_long,
                  "EngineConfiguration.SparkProperties['k']: must be at most 51200 characters long, "
                  "got 51201");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"Classifications\": "
                  "[{\"Name\": \"athena-query-engine-properties\"}, {\"Name\": \"\"}]}}",
                  "EngineConfiguration.Classifications[1].Name: must be 1 to 128 characters long, got 0");
}

static void
test_session_options (void)
{
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"SessionIdleTimeoutInMinutes\": 1}");
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"SessionIdleTimeoutInMinutes\": 480}");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"SessionIdleTimeoutInMinutes\": 0}",
                  "SessionIdleTimeoutInMinutes: 0 is out of range: must be between 1 and 480");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"SessionIdleTimeoutInMinutes\": 481}",
                  "SessionIdleTimeoutInMinutes: 481 is out of range: must be between 1 and 480");
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, "
                "\"Tags\": [{\"Key\": \"team\", \"Value\": \"\"}], \"CopyWorkGroupTags\": true}");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, "
                  "\"Tags\": [{\"Key\": \"team\", \"Value\": \"x\"}, {\"Key\": \"\", \"Value\": \"x\"}]}",
                  "Tags[1].Key: must be 1 to 128 characters long, got 0");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"Tags\": [\"team\"]}",
                  "Tags[0]: must be an object, not a string");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, \"CopyWorkGroupTags\": \"yes\"}",
                  "CopyWorkGroupTags: must be a boolean, not a string");
}

static void
test_role_arn (void)
{
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, "
                "\"ExecutionRole\": \"arn:aws:iam::123456789012:role/service-role/AthenaSpark\"}");
  assert_valid ("CreateWorkGroup",
                "{\"Name\": \"wg\", \"Configuration\": "
                "{\"ExecutionRole\": \"arn:aws-cn:iam::123456789012:role/x\"}}");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {}, "
                  "\"ExecutionRole\": \"arn:aws:iam::12345:role/AthenaSpark\"}",
                  "ExecutionRole: 'arn:aws:iam::12345:role/AthenaSpark' must match "
                  "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");
  assert_invalid ("UpdateWorkGroup",
                  "{\"WorkGroup\": \"wg\", \"ConfigurationUpdates\": {\"ExecutionRole\": \"arn:aws:iam\"}}",
                  "ConfigurationUpdates.ExecutionRole: must be 20 to 2048 characters long, got 11");
}

static void
test_kms_keys (void)
{
  static const char * const good[] = {
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:kms:eu-west-1:123456789012:alias/athena",
    "alias/athena-spark",
    "1234abcd-12ab-34cd-56ef-1234567890ab",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"Name\": \"wg\", \"Configuration\": "
                                               "{\"CustomerContentEncryptionConfiguration\": "
                                               "{\"KmsKey\": \"%s\"}}}", good[i]);

      assert_valid ("CreateWorkGroup", json);
    }

  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"CustomerContentEncryptionConfiguration\": "
                  "{\"KmsKey\": \"my key\"}}}",
                  "Configuration.CustomerContentEncryptionConfiguration.KmsKey: 'my key' must match "
                  "^arn:aws[a-z\\-]*:kms:([a-z0-9\\-]+):\\d{12}:key/?[a-zA-Z_0-9+=,.@\\-_/]+$"
                  "|^arn:aws[a-z\\-]*:kms:([a-z0-9\\-]+):\\d{12}:alias/?[a-zA-Z_0-9+=,.@\\-_/]+$"
                  "|^alias/[a-zA-Z0-9/_-]+$"
                  "|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}");
  assert_invalid ("UpdateWorkGroup",
                  "{\"WorkGroup\": \"wg\", \"ConfigurationUpdates\": "
                  "{\"CustomerContentEncryptionConfiguration\": {}}}",
                  "ConfigurationUpdates.CustomerContentEncryptionConfiguration.KmsKey: "
                  "required member is missing");
}

static void
test_workgroup_configuration (void)
{
  assert_valid ("CreateWorkGroup",
                "{\"Name\": \"spark-wg\", \"Description\": \"Spark\", \"Configuration\": {"
                "  \"ResultConfiguration\": {\"OutputLocation\": \"s3://bucket/results/\","
                "    \"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_KMS\", \"KmsKey\": \"k\"},"
                "    \"ExpectedBucketOwner\": \"123456789012\","
                "    \"AclConfiguration\": {\"S3AclOption\": \"BUCKET_OWNER_FULL_CONTROL\"}},"
                "  \"ManagedQueryResultsConfiguration\": {\"Enabled\": false},"
                "  \"EnforceWorkGroupConfiguration\": true,"
                "  \"PublishCloudWatchMetricsEnabled\": true,"
                "  \"BytesScannedCutoffPerQuery\": 10000000,"
                "  \"RequesterPaysEnabled\": false,"
                "  \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\"},"
                "  \"AdditionalConfiguration\": \"{\\\"NotebookVersion\\\": \\\"1\\\"}\","
                "  \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
                "  \"MonitoringConfiguration\": {"
                "    \"CloudWatchLoggingConfiguration\": {\"Enabled\": true, \"LogGroup\": \"/aws/athena\","
                "      \"LogStreamNamePrefix\": \"spark\", \"LogTypes\": {\"SPARK_DRIVER\": [\"STDOUT\"]}},"
                "    \"ManagedLoggingConfiguration\": {\"Enabled\": true},"
                "    \"S3LoggingConfiguration\": {\"Enabled\": true, \"LogLocation\": \"s3://logs-bucket/x\"}},"
                "  \"EngineConfiguration\": {\"MaxConcurrentDpus\": 40},"
                "  \"EnableMinimumEncryptionConfiguration\": false,"
                "  \"IdentityCenterConfiguration\": {\"EnableIdentityCenter\": false,"
                "    \"IdentityCenterInstanceArn\": \"arn:aws:sso:::instance/ssoins-0123456789abcdef\"},"
                "  \"QueryResultsS3AccessGrantsConfiguration\": {\"EnableS3AccessGrants\": true,"
                "    \"AuthenticationType\": \"DIRECTORY_IDENTITY\"}},"
                " \"Tags\": [{\"Key\": \"team\", \"Value\": \"data\"}]}");
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"ResultConfiguration\": "
                  "{\"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_C\"}}}}",
                  "Configuration.ResultConfiguration.EncryptionConfiguration.EncryptionOption: "
                  "'SSE_C' must be one of SSE_S3, SSE_KMS, CSE_KMS");
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"ResultConfiguration\": "
                  "{\"ExpectedBucketOwner\": \"12345678901a\"}}}",
                  "Configuration.ResultConfiguration.ExpectedBucketOwner: '12345678901a' must match ^[0-9]+$");
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"BytesScannedCutoffPerQuery\": 9999999}}",
                  "Configuration.BytesScannedCutoffPerQuery: 9999999 is out of range: must be at least "
                  "10000000");
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"AdditionalConfiguration\": \"\"}}",
                  "Configuration.AdditionalConfiguration: must be 1 to 128 characters long, got 0");
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"MonitoringConfiguration\": "
                  "{\"S3LoggingConfiguration\": {\"Enabled\": true, \"LogLocation\": \"s3://Logs/x\"}}}}",
                  "Configuration.MonitoringConfiguration.S3LoggingConfiguration.LogLocation: "
                  "'s3://Logs/x' must match ^s3://[a-z0-9][a-z0-9\\-]*[a-z0-9](/.*)?$");
  assert_invalid ("CreateWorkGroup",
                  "{\"Name\": \"wg\", \"Configuration\": {\"MonitoringConfiguration\": "
                  "{\"CloudWatchLoggingConfiguration\": {\"Enabled\": true, \"LogStreamNamePrefix\": \"a:b\"}}}}",
                  "Configuration.MonitoringConfiguration.CloudWatchLoggingConfiguration."
                  "LogStreamNamePrefix: 'a:b' must match ^[^:*]*$");
  assert_invalid ("UpdateWorkGroup", "{\"WorkGroup\": \"wg\", \"State\": \"PAUSED\"}",
                  "State: 'PAUSED' must be one of ENABLED, DISABLED");
  assert_valid ("UpdateWorkGroup",
                "{\"WorkGroup\": \"wg\", \"State\": \"DISABLED\", \"ConfigurationUpdates\": {"
                "\"ResultConfigurationUpdates\": {\"RemoveOutputLocation\": true},"
                "\"RemoveCustomerContentEncryptionConfiguration\": true,"
                "\"ManagedQueryResultsConfigurationUpdates\": {\"RemoveEncryptionConfiguration\": true}}}");
  assert_invalid ("UpdateWorkGroup",
                  "{\"WorkGroup\": \"wg\", \"ConfigurationUpdates\": {\"ResultConfigurationUpdates\": "
                  "{\"RemoveOutputLocation\": 1}}}",
                  "ConfigurationUpdates.ResultConfigurationUpdates.RemoveOutputLocation: "
                  "must be a boolean, not a number");
}

static void
test_list_ranges (void)
{
  g_autofree char *token_ok = with_long_string ("\"WorkGroup\": \"wg\"", "NextToken", "t", 2048);
  g_autofree char *token_long = with_long_string ("\"SessionId\": \"s\"", "NextToken", "t", 2049);
  g_autofree char *wg_token_long = with_long_string ("", "NextToken", "t", 1025);

  assert_valid ("ListWorkGroups", "{\"MaxResults\": 50}");
  assert_invalid ("ListWorkGroups", "{\"MaxResults\": 51}",
                  "MaxResults: 51 is out of range: must be between 1 and 50");
  assert_invalid ("ListWorkGroups", "{\"MaxResults\": 0}",
                  "MaxResults: 0 is out of range: must be between 1 and 50");
  assert_invalid ("ListWorkGroups", "{\"NextToken\": \"\"}",
                  "NextToken: must be 1 to 1024 characters long, got 0");
  assert_invalid ("ListWorkGroups", wg_token_long,
                  "NextToken: must be 1 to 1024 characters long, got 1025");
  assert_valid ("ListEngineVersions", "{\"MaxResults\": 10}");
  assert_invalid ("ListEngineVersions", "{\"MaxResults\": 11}",
                  "MaxResults: 11 is out of range: must be between 1 and 10");
  assert_valid ("ListApplicationDPUSizes", "{\"MaxResults\": 100, \"NextToken\": \"t\"}");
  assert_invalid ("ListApplicationDPUSizes", "{\"MaxResults\": 101}",
                  "MaxResults: 101 is out of range: must be between 1 and 100");
  assert_valid ("ListSessions", token_ok);
  assert_invalid ("ListSessions", "{\"WorkGroup\": \"wg\", \"MaxResults\": 101}",
                  "MaxResults: 101 is out of range: must be between 1 and 100");
  assert_invalid ("ListExecutors", token_long,
                  "NextToken: must be at most 2048 characters long, got 2049");
  assert_invalid ("ListCalculationExecutions", "{\"SessionId\": \"s\", \"MaxResults\": 0}",
                  "MaxResults: 0 is out of range: must be between 1 and 100");
}

static void
test_state_filters (void)
{
  assert_valid ("ListSessions", "{\"WorkGroup\": \"wg\", \"StateFilter\": \"TERMINATED\"}");
  assert_invalid ("ListSessions", "{\"WorkGroup\": \"wg\", \"StateFilter\": \"idle\"}",
                  "StateFilter: 'idle' must be one of CREATING, CREATED, IDLE, BUSY, TERMINATING, "
                  "TERMINATED, DEGRADED, FAILED");
  assert_valid ("ListCalculationExecutions", "{\"SessionId\": \"s\", \"StateFilter\": \"CANCELED\"}");
  assert_invalid ("ListCalculationExecutions", "{\"SessionId\": \"s\", \"StateFilter\": \"IDLE\"}",
                  "StateFilter: 'IDLE' must be one of CREATING, CREATED, QUEUED, RUNNING, CANCELING, "
                  "CANCELED, COMPLETED, FAILED");
  assert_valid ("ListExecutors", "{\"SessionId\": \"s\", \"ExecutorStateFilter\": \"REGISTERED\"}");
  assert_invalid ("ListExecutors", "{\"SessionId\": \"s\", \"ExecutorStateFilter\": \"RUNNING\"}",
                  "ExecutorStateFilter: 'RUNNING' must be one of CREATING, CREATED, REGISTERED, "
                  "TERMINATING, TERMINATED, FAILED");
}

static void
test_cross_member_rules (void)
{
  assert_valid ("StartCalculationExecution",
                "{\"SessionId\": \"s\", \"CalculationConfiguration\": {\"CodeBlock\": \"print(1)\"}}");
  assert_invalid ("StartCalculationExecution",
                  "{\"SessionId\": \"s\", \"CodeBlock\": \"print(1)\", "
                  "\"CalculationConfiguration\": {\"CodeBlock\": \"print(2)\"}}",
                  "CodeBlock: give either CodeBlock or the deprecated "
                  "CalculationConfiguration.CodeBlock, not both");
  assert_invalid ("StartCalculationExecution", "{\"SessionId\": \"s\"}",
                  "CodeBlock: required member is missing");
  assert_invalid ("StartSession",
                  "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": "
                  "{\"AdditionalConfigs\": {\"NotebookId\": \"n-1\"}}}",
                  "NotebookVersion: required when NotebookId is provided");
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"NotebookVersion\": \"Athena notebook version 1\", "
                "\"EngineConfiguration\": {\"AdditionalConfigs\": {\"NotebookId\": \"n-1\"}}}");
}

/* Newer SDKs may send members this model does not have yet. */
static void
test_unknown_members_ignored (void)
{
  assert_valid ("GetSession", "{\"SessionId\": \"s\", \"FutureMember\": {\"x\": [1, 2]}}");
  assert_valid ("StartSession",
                "{\"WorkGroup\": \"wg\", \"EngineConfiguration\": {\"FutureDpuKnob\": 3}}");
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/athena/Validate/operations", test_operations);
  g_test_add_func ("/glaux/athena/Validate/minimal-requests", test_minimal_requests);
  g_test_add_func ("/glaux/athena/Validate/required", test_required);
  g_test_add_func ("/glaux/athena/Validate/workgroup-name", test_workgroup_name);
  g_test_add_func ("/glaux/athena/Validate/lengths", test_lengths);
  g_test_add_func ("/glaux/athena/Validate/client-request-token", test_client_request_token);
  g_test_add_func ("/glaux/athena/Validate/engine-configuration", test_engine_configuration);
  g_test_add_func ("/glaux/athena/Validate/spark-properties", test_spark_properties);
  g_test_add_func ("/glaux/athena/Validate/session-options", test_session_options);
  g_test_add_func ("/glaux/athena/Validate/role-arn", test_role_arn);
  g_test_add_func ("/glaux/athena/Validate/kms-keys", test_kms_keys);
  g_test_add_func ("/glaux/athena/Validate/workgroup-configuration", test_workgroup_configuration);
  g_test_add_func ("/glaux/athena/Validate/list-ranges", test_list_ranges);
  g_test_add_func ("/glaux/athena/Validate/state-filters", test_state_filters);
  g_test_add_func ("/glaux/athena/Validate/cross-member-rules", test_cross_member_rules);
  g_test_add_func ("/glaux/athena/Validate/unknown-members-ignored", test_unknown_members_ignored);

  return g_test_run ();
}
