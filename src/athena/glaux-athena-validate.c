/* glaux-athena-validate.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-athena-validate"

#include "config.h"

#include "glaux-athena-validate.h"
#include "glaux-aws-error.h"

/* The request shapes of the 21 operations Glaux uses, transcribed from the newest botocore
 * model (athena-api.md §3–§5). Validating against the newest model accepts requests from old
 * and new SDKs alike: nothing inside EngineConfiguration is required, DPU sizes are fixed at 1.
 * Unknown members are ignored, as newer SDKs may send members this table does not know. */

typedef enum
{
  KIND_STRING,
  KIND_INTEGER,
  KIND_LONG,
  KIND_BOOLEAN,
  KIND_STRUCT,
  KIND_LIST,
  KIND_MAP,
} ShapeKind;

typedef struct _Shape Shape;

typedef struct
{
  const char  *name;
  const Shape *shape;
  gboolean     required;
} Member;

/* Rules that involve more than one member; @path is the structure's own path. */
typedef gboolean (*StructCheck) (JsonObject  *object,
                                 GString     *path,
                                 GError     **error);

struct _Shape
{
  ShapeKind           kind;
  /* characters for strings, items for lists and maps, values for numbers */
  gint64              min;
  gint64              max;
  guint               has_min : 1;
  guint               has_max : 1;
  const char         *pattern;       /* the whole value must match */
  const char         *pattern_text;  /* how messages show it, when not the pattern itself */
  const char * const *enum_values;
  const Member       *members;       /* terminated by an entry with a NULL name */
  const Shape        *key;
  const Shape        *element;       /* list item or map value */
  StructCheck         check;
};

#define LEN(lo, hi) .min = (lo), .max = (hi), .has_min = TRUE, .has_max = TRUE
#define MAX_LEN(hi) .max = (hi), .has_max = TRUE
#define MIN_VALUE(lo) .min = (lo), .has_min = TRUE

static const char * const session_states[] = {
  "CREATING", "CREATED", "IDLE", "BUSY", "TERMINATING", "TERMINATED", "DEGRADED", "FAILED", NULL
};
static const char * const calculation_states[] = {
  "CREATING", "CREATED", "QUEUED", "RUNNING", "CANCELING", "CANCELED", "COMPLETED", "FAILED", NULL
};
static const char * const executor_states[] = {
  "CREATING", "CREATED", "REGISTERED", "TERMINATING", "TERMINATED", "FAILED", NULL
};
static const char * const workgroup_states[] = { "ENABLED", "DISABLED", NULL };
static const char * const encryption_options[] = { "SSE_S3", "SSE_KMS", "CSE_KMS", NULL };
static const char * const s3_acl_options[] = { "BUCKET_OWNER_FULL_CONTROL", NULL };
static const char * const authentication_types[] = { "DIRECTORY_IDENTITY", NULL };

#define KMS_KEY_PATTERN \
  "^arn:aws[a-z\\-]*:kms:([a-z0-9\\-]+):\\d{12}:key/?[a-zA-Z_0-9+=,.@\\-_/]+$" \
  "|^arn:aws[a-z\\-]*:kms:([a-z0-9\\-]+):\\d{12}:alias/?[a-zA-Z_0-9+=,.@\\-_/]+$" \
  "|^alias/[a-zA-Z0-9/_-]+$" \
  "|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"

/* Scalars */
static const Shape boolean_shape = { KIND_BOOLEAN };
static const Shape plain_string = { KIND_STRING };
static const Shape workgroup_name = { KIND_STRING, .pattern = "[a-zA-Z0-9._-]{1,128}" };
static const Shape session_id = { KIND_STRING, LEN (1, 256) };
static const Shape calculation_id = { KIND_STRING, LEN (1, 36) };
static const Shape description = { KIND_STRING, LEN (1, 1024) };
static const Shape workgroup_description = { KIND_STRING, LEN (0, 1024) };
static const Shape idempotency_token = { KIND_STRING, LEN (32, 128) };
static const Shape code_block = { KIND_STRING, MAX_LEN (68000) };
static const Shape name_string = { KIND_STRING, LEN (1, 128) };
static const Shape token = { KIND_STRING, LEN (1, 1024) };
static const Shape session_manager_token = { KIND_STRING, MAX_LEN (2048) };
static const Shape resource_arn = { KIND_STRING, LEN (1, 1011) };
static const Shape role_arn = {
  KIND_STRING, LEN (20, 2048),
  .pattern = "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$",
};
static const Shape kms_key = { KIND_STRING, LEN (1, 2048), .pattern = KMS_KEY_PATTERN };
static const Shape aws_account_id = { KIND_STRING, LEN (12, 12), .pattern = "^[0-9]+$" };
static const Shape identity_center_instance_arn = {
  KIND_STRING, LEN (0, 255),
  .pattern = "^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/"
             "(sso)?ins-[a-zA-Z0-9-.]{16}$",
};
static const Shape log_group = { KIND_STRING, LEN (1, 512), .pattern = "^[a-zA-Z0-9._/-]+$" };
static const Shape log_stream_prefix = { KIND_STRING, LEN (1, 512), .pattern = "^[^:*]*$" };
static const Shape s3_log_location = {
  KIND_STRING, MAX_LEN (1024), .pattern = "^s3://[a-z0-9][a-z0-9\\-]*[a-z0-9](/.*)?$",
};
/* The model's Java pattern [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]* means
 * "no control characters except tab, no U+FFFE/U+FFFF"; the same set in PCRE terms: */
static const Shape parameters_key = {
  KIND_STRING, LEN (1, 255),
  .pattern = "[\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}\\t]*",
  .pattern_text = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*",
};
static const Shape parameters_value = { KIND_STRING, MAX_LEN (51200) };
static const Shape session_state = { KIND_STRING, .enum_values = session_states };
static const Shape calculation_state = { KIND_STRING, .enum_values = calculation_states };
static const Shape executor_state = { KIND_STRING, .enum_values = executor_states };
static const Shape workgroup_state = { KIND_STRING, .enum_values = workgroup_states };
static const Shape encryption_option = { KIND_STRING, .enum_values = encryption_options };
static const Shape s3_acl_option = { KIND_STRING, .enum_values = s3_acl_options };
static const Shape authentication_type = { KIND_STRING, .enum_values = authentication_types };
static const Shape max_results_10 = { KIND_INTEGER, LEN (1, 10) };
static const Shape max_results_50 = { KIND_INTEGER, LEN (1, 50) };
static const Shape max_results_100 = { KIND_INTEGER, LEN (1, 100) };
static const Shape idle_timeout_minutes = { KIND_INTEGER, LEN (1, 480) };
static const Shape dpu_size = { KIND_INTEGER, LEN (1, 1) };
static const Shape max_concurrent_dpus = { KIND_INTEGER, LEN (2, 5000) };
static const Shape bytes_scanned_cutoff = { KIND_LONG, MIN_VALUE (10000000) };

/* Collections */
static const Shape parameters_map =
  { KIND_MAP, .key = &parameters_key, .element = &parameters_value };
static const Shape string_list = { KIND_LIST, .element = &plain_string };
static const Shape log_types_map = { KIND_MAP, .key = &plain_string, .element = &string_list };

/* Structures */
static const Member classification_members[] = {
  { "Name", &name_string },
  { "Properties", &parameters_map },
  { NULL }
};
static const Shape classification = { KIND_STRUCT, .members = classification_members };
static const Shape classification_list = { KIND_LIST, .element = &classification };

static const Member engine_configuration_members[] = {
  { "CoordinatorDpuSize", &dpu_size },
  { "MaxConcurrentDpus", &max_concurrent_dpus },
  { "DefaultExecutorDpuSize", &dpu_size },
  { "AdditionalConfigs", &parameters_map },
  { "SparkProperties", &parameters_map },
  { "Classifications", &classification_list },
  { NULL }
};
static const Shape engine_configuration = { KIND_STRUCT, .members = engine_configuration_members };

static const Member tag_members[] = {
  { "Key", &(const Shape) { KIND_STRING, LEN (1, 128) } },
  { "Value", &(const Shape) { KIND_STRING, LEN (0, 256) } },
  { NULL }
};
static const Shape tag = { KIND_STRUCT, .members = tag_members };
static const Shape tag_list = { KIND_LIST, .element = &tag };

static const Member cloudwatch_logging_members[] = {
  { "Enabled", &boolean_shape, TRUE },
  { "LogGroup", &log_group },
  { "LogStreamNamePrefix", &log_stream_prefix },
  { "LogTypes", &log_types_map },
  { NULL }
};
static const Member managed_logging_members[] = {
  { "Enabled", &boolean_shape, TRUE },
  { "KmsKey", &kms_key },
  { NULL }
};
static const Member s3_logging_members[] = {
  { "Enabled", &boolean_shape, TRUE },
  { "KmsKey", &kms_key },
  { "LogLocation", &s3_log_location },
  { NULL }
};
static const Member monitoring_configuration_members[] = {
  { "CloudWatchLoggingConfiguration",
    &(const Shape) { KIND_STRUCT, .members = cloudwatch_logging_members } },
  { "ManagedLoggingConfiguration",
    &(const Shape) { KIND_STRUCT, .members = managed_logging_members } },
  { "S3LoggingConfiguration", &(const Shape) { KIND_STRUCT, .members = s3_logging_members } },
  { NULL }
};
static const Shape monitoring_configuration =
  { KIND_STRUCT, .members = monitoring_configuration_members };

static const Member encryption_configuration_members[] = {
  { "EncryptionOption", &encryption_option, TRUE },
  { "KmsKey", &plain_string },
  { NULL }
};
static const Shape encryption_configuration =
  { KIND_STRUCT, .members = encryption_configuration_members };

static const Member acl_configuration_members[] = {
  { "S3AclOption", &s3_acl_option, TRUE },
  { NULL }
};
static const Shape acl_configuration = { KIND_STRUCT, .members = acl_configuration_members };

static const Member result_configuration_members[] = {
  { "OutputLocation", &plain_string },
  { "EncryptionConfiguration", &encryption_configuration },
  { "ExpectedBucketOwner", &aws_account_id },
  { "AclConfiguration", &acl_configuration },
  { NULL }
};
static const Member result_configuration_updates_members[] = {
  { "OutputLocation", &plain_string },
  { "RemoveOutputLocation", &boolean_shape },
  { "EncryptionConfiguration", &encryption_configuration },
  { "RemoveEncryptionConfiguration", &boolean_shape },
  { "ExpectedBucketOwner", &aws_account_id },
  { "RemoveExpectedBucketOwner", &boolean_shape },
  { "AclConfiguration", &acl_configuration },
  { "RemoveAclConfiguration", &boolean_shape },
  { NULL }
};

static const Member managed_results_encryption_members[] = {
  { "KmsKey", &kms_key, TRUE },
  { NULL }
};
static const Shape managed_results_encryption =
  { KIND_STRUCT, .members = managed_results_encryption_members };
static const Member managed_results_members[] = {
  { "Enabled", &boolean_shape, TRUE },
  { "EncryptionConfiguration", &managed_results_encryption },
  { NULL }
};
static const Member managed_results_updates_members[] = {
  { "Enabled", &boolean_shape },
  { "EncryptionConfiguration", &managed_results_encryption },
  { "RemoveEncryptionConfiguration", &boolean_shape },
  { NULL }
};

static const Member engine_version_members[] = {
  { "SelectedEngineVersion", &name_string },
  { "EffectiveEngineVersion", &name_string },
  { NULL }
};
static const Shape engine_version = { KIND_STRUCT, .members = engine_version_members };

static const Member customer_content_encryption_members[] = {
  { "KmsKey", &kms_key, TRUE },
  { NULL }
};
static const Shape customer_content_encryption = {
  KIND_STRUCT, .members = customer_content_encryption_members
};

static const Member identity_center_members[] = {
  { "EnableIdentityCenter", &boolean_shape },
  { "IdentityCenterInstanceArn", &identity_center_instance_arn },
  { NULL }
};
static const Member s3_access_grants_members[] = {
  { "EnableS3AccessGrants", &boolean_shape, TRUE },
  { "CreateUserLevelPrefix", &boolean_shape },
  { "AuthenticationType", &authentication_type, TRUE },
  { NULL }
};
static const Shape s3_access_grants = { KIND_STRUCT, .members = s3_access_grants_members };

static const Member workgroup_configuration_members[] = {
  { "ResultConfiguration",
    &(const Shape) { KIND_STRUCT, .members = result_configuration_members } },
  { "ManagedQueryResultsConfiguration",
    &(const Shape) { KIND_STRUCT, .members = managed_results_members } },
  { "EnforceWorkGroupConfiguration", &boolean_shape },
  { "PublishCloudWatchMetricsEnabled", &boolean_shape },
  { "BytesScannedCutoffPerQuery", &bytes_scanned_cutoff },
  { "RequesterPaysEnabled", &boolean_shape },
  { "EngineVersion", &engine_version },
  { "AdditionalConfiguration", &name_string },
  { "ExecutionRole", &role_arn },
  { "MonitoringConfiguration", &monitoring_configuration },
  { "EngineConfiguration", &engine_configuration },
  { "CustomerContentEncryptionConfiguration", &customer_content_encryption },
  { "EnableMinimumEncryptionConfiguration", &boolean_shape },
  { "IdentityCenterConfiguration",
    &(const Shape) { KIND_STRUCT, .members = identity_center_members } },
  { "QueryResultsS3AccessGrantsConfiguration", &s3_access_grants },
  { NULL }
};
static const Member workgroup_configuration_updates_members[] = {
  { "EnforceWorkGroupConfiguration", &boolean_shape },
  { "ResultConfigurationUpdates",
    &(const Shape) { KIND_STRUCT, .members = result_configuration_updates_members } },
  { "ManagedQueryResultsConfigurationUpdates",
    &(const Shape) { KIND_STRUCT, .members = managed_results_updates_members } },
  { "PublishCloudWatchMetricsEnabled", &boolean_shape },
  { "BytesScannedCutoffPerQuery", &bytes_scanned_cutoff },
  { "RemoveBytesScannedCutoffPerQuery", &boolean_shape },
  { "RequesterPaysEnabled", &boolean_shape },
  { "EngineVersion", &engine_version },
  { "RemoveCustomerContentEncryptionConfiguration", &boolean_shape },
  { "AdditionalConfiguration", &name_string },
  { "ExecutionRole", &role_arn },
  { "CustomerContentEncryptionConfiguration", &customer_content_encryption },
  { "EnableMinimumEncryptionConfiguration", &boolean_shape },
  { "QueryResultsS3AccessGrantsConfiguration", &s3_access_grants },
  { "MonitoringConfiguration", &monitoring_configuration },
  { "EngineConfiguration", &engine_configuration },
  { NULL }
};

static const Member calculation_configuration_members[] = {
  { "CodeBlock", &code_block },
  { NULL }
};

/* Operation inputs */

static gboolean check_start_session     (JsonObject  *object,
                                         GString     *path,
                                         GError     **error);
static gboolean check_start_calculation (JsonObject  *object,
                                         GString     *path,
                                         GError     **error);

static const Member list_workgroups_members[] = {
  { "NextToken", &token },
  { "MaxResults", &max_results_50 },
  { NULL }
};
static const Member workgroup_only_members[] = {
  { "WorkGroup", &workgroup_name, TRUE },
  { NULL }
};
static const Member create_workgroup_members[] = {
  { "Name", &workgroup_name, TRUE },
  { "Configuration", &(const Shape) { KIND_STRUCT, .members = workgroup_configuration_members } },
  { "Description", &workgroup_description },
  { "Tags", &tag_list },
  { NULL }
};
static const Member update_workgroup_members[] = {
  { "WorkGroup", &workgroup_name, TRUE },
  { "Description", &workgroup_description },
  { "ConfigurationUpdates",
    &(const Shape) { KIND_STRUCT, .members = workgroup_configuration_updates_members } },
  { "State", &workgroup_state },
  { NULL }
};
static const Member delete_workgroup_members[] = {
  { "WorkGroup", &workgroup_name, TRUE },
  { "RecursiveDeleteOption", &boolean_shape },
  { NULL }
};
static const Member start_session_members[] = {
  { "Description", &description },
  { "WorkGroup", &workgroup_name, TRUE },
  { "EngineConfiguration", &engine_configuration, TRUE },
  { "ExecutionRole", &role_arn },
  { "MonitoringConfiguration", &monitoring_configuration },
  { "NotebookVersion", &name_string },
  { "SessionIdleTimeoutInMinutes", &idle_timeout_minutes },
  { "ClientRequestToken", &idempotency_token },
  { "Tags", &tag_list },
  { "CopyWorkGroupTags", &boolean_shape },
  { NULL }
};
static const Member session_only_members[] = {
  { "SessionId", &session_id, TRUE },
  { NULL }
};
static const Member list_sessions_members[] = {
  { "WorkGroup", &workgroup_name, TRUE },
  { "StateFilter", &session_state },
  { "MaxResults", &max_results_100 },
  { "NextToken", &session_manager_token },
  { NULL }
};
static const Member resource_dashboard_members[] = {
  { "ResourceARN", &resource_arn, TRUE },
  { NULL }
};
static const Member start_calculation_members[] = {
  { "SessionId", &session_id, TRUE },
  { "Description", &description },
  { "CalculationConfiguration",
    &(const Shape) { KIND_STRUCT, .members = calculation_configuration_members } },
  { "CodeBlock", &code_block },
  { "ClientRequestToken", &idempotency_token },
  { NULL }
};
static const Member calculation_only_members[] = {
  { "CalculationExecutionId", &calculation_id, TRUE },
  { NULL }
};
static const Member list_calculations_members[] = {
  { "SessionId", &session_id, TRUE },
  { "StateFilter", &calculation_state },
  { "MaxResults", &max_results_100 },
  { "NextToken", &session_manager_token },
  { NULL }
};
static const Member list_executors_members[] = {
  { "SessionId", &session_id, TRUE },
  { "ExecutorStateFilter", &executor_state },
  { "MaxResults", &max_results_100 },
  { "NextToken", &session_manager_token },
  { NULL }
};
static const Member list_engine_versions_members[] = {
  { "NextToken", &token },
  { "MaxResults", &max_results_10 },
  { NULL }
};
static const Member list_dpu_sizes_members[] = {
  { "MaxResults", &max_results_100 },
  { "NextToken", &token },
  { NULL }
};

static const struct
{
  const char *name;
  Shape       input;
} operations[] = {
  { "ListWorkGroups", { KIND_STRUCT, .members = list_workgroups_members } },
  { "GetWorkGroup", { KIND_STRUCT, .members = workgroup_only_members } },
  { "CreateWorkGroup", { KIND_STRUCT, .members = create_workgroup_members } },
  { "UpdateWorkGroup", { KIND_STRUCT, .members = update_workgroup_members } },
  { "DeleteWorkGroup", { KIND_STRUCT, .members = delete_workgroup_members } },
  { "StartSession",
    { KIND_STRUCT, .members = start_session_members, .check = check_start_session } },
  { "GetSession", { KIND_STRUCT, .members = session_only_members } },
  { "GetSessionStatus", { KIND_STRUCT, .members = session_only_members } },
  { "ListSessions", { KIND_STRUCT, .members = list_sessions_members } },
  { "TerminateSession", { KIND_STRUCT, .members = session_only_members } },
  { "GetSessionEndpoint", { KIND_STRUCT, .members = session_only_members } },
  { "GetResourceDashboard", { KIND_STRUCT, .members = resource_dashboard_members } },
  { "StartCalculationExecution",
    { KIND_STRUCT, .members = start_calculation_members, .check = check_start_calculation } },
  { "GetCalculationExecution", { KIND_STRUCT, .members = calculation_only_members } },
  { "GetCalculationExecutionStatus", { KIND_STRUCT, .members = calculation_only_members } },
  { "GetCalculationExecutionCode", { KIND_STRUCT, .members = calculation_only_members } },
  { "ListCalculationExecutions", { KIND_STRUCT, .members = list_calculations_members } },
  { "StopCalculationExecution", { KIND_STRUCT, .members = calculation_only_members } },
  { "ListExecutors", { KIND_STRUCT, .members = list_executors_members } },
  { "ListEngineVersions", { KIND_STRUCT, .members = list_engine_versions_members } },
  { "ListApplicationDPUSizes", { KIND_STRUCT, .members = list_dpu_sizes_members } },
};

static const char * const operation_names[] = {
  "ListWorkGroups", "GetWorkGroup", "CreateWorkGroup", "UpdateWorkGroup", "DeleteWorkGroup",
  "StartSession", "GetSession", "GetSessionStatus", "ListSessions", "TerminateSession",
  "GetSessionEndpoint", "GetResourceDashboard", "StartCalculationExecution",
  "GetCalculationExecution", "GetCalculationExecutionStatus", "GetCalculationExecutionCode",
  "ListCalculationExecutions", "StopCalculationExecution", "ListExecutors",
  "ListEngineVersions", "ListApplicationDPUSizes", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (operation_names) == G_N_ELEMENTS (operations) + 1);

static gboolean validate_node (const Shape  *shape,
                               JsonNode     *node,
                               GString      *path,
                               GError      **error);

static GRegex *
get_regex (const char *pattern)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  g_autoptr(GError) error = NULL;
  GRegex *regex;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_regex_unref);

  regex = g_hash_table_lookup (cache, pattern);
  if (regex == NULL)
    {
      /* Smithy patterns are searches, but Athena enforces them on the whole value. */
      g_autofree char *anchored = g_strdup_printf ("\\A(?:%s)\\z", pattern);

      regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &error);
      if (regex == NULL)
        g_error ("Invalid model pattern %s: %s", pattern, error->message);
      g_hash_table_insert (cache, (gpointer) pattern, regex);
    }
  G_UNLOCK (cache);

  return regex;
}

/* Long values are cut in messages so an error never echoes a 68000-character code block. */
static char *
quote_value (const char *value)
{
  if (g_utf8_strlen (value, -1) <= 64)
    return g_strdup_printf ("'%s'", value);
  else
    {
      g_autofree char *head = g_utf8_substring (value, 0, 61);

      return g_strdup_printf ("'%s...'", head);
    }
}

static const char *
describe_node (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";

    case JSON_NODE_ARRAY:
      return "an array";

    case JSON_NODE_NULL:
      return "null";

    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return "a string";
  if (type == G_TYPE_BOOLEAN)
    return "a boolean";
  if (type == G_TYPE_DOUBLE)
    return "a decimal number";
  return "a number";
}

static gboolean
fail (GError     **error,
      GString     *path,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      GString     *path,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION, "%s: %s", path->str, message);
  return FALSE;
}

static gboolean
fail_type (GError     **error,
           GString     *path,
           const char  *expected,
           JsonNode    *node)
{
  return fail (error, path, "must be %s, not %s", expected, describe_node (node));
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* "must be 1 to 1024 characters long" and friends; @unit is "characters" or "items". */
static char *
describe_size_rule (const Shape *shape,
                    const char  *unit)
{
  if (shape->has_min && shape->has_max && shape->min == shape->max)
    return g_strdup_printf ("must be exactly %" G_GINT64_FORMAT " %s long", shape->min, unit);
  if (shape->has_min && shape->has_max)
    return g_strdup_printf ("must be %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " %s long",
                            shape->min, shape->max, unit);
  if (shape->has_max)
    return g_strdup_printf ("must be at most %" G_GINT64_FORMAT " %s long", shape->max, unit);
  return g_strdup_printf ("must be at least %" G_GINT64_FORMAT " %s long", shape->min, unit);
}

static gboolean
size_fits (const Shape *shape,
           gint64       size)
{
  return (!shape->has_min || size >= shape->min) && (!shape->has_max || size <= shape->max);
}

static gboolean
check_size (const Shape  *shape,
            gint64        size,
            const char   *unit,
            GString      *path,
            GError      **error)
{
  g_autofree char *rule = NULL;

  if (size_fits (shape, size))
    return TRUE;

  rule = describe_size_rule (shape, unit);
  return fail (error, path, "%s, got %" G_GINT64_FORMAT, rule, size);
}

static gboolean
check_enum (const Shape  *shape,
            const char   *value,
            GString      *path,
            GError      **error)
{
  g_autofree char *allowed = NULL;
  g_autofree char *quoted = NULL;

  if (g_strv_contains (shape->enum_values, value))
    return TRUE;

  allowed = g_strjoinv (", ", (char **) shape->enum_values);
  quoted = quote_value (value);
  return fail (error, path, "%s must be one of %s", quoted, allowed);
}

static gboolean
validate_string (const Shape  *shape,
                 JsonNode     *node,
                 GString      *path,
                 GError      **error)
{
  g_autofree char *quoted = NULL;
  const char *value;

  if (!node_holds (node, G_TYPE_STRING))
    return fail_type (error, path, "a string", node);

  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL))
    return fail (error, path, "is not valid UTF-8");

  if (!check_size (shape, g_utf8_strlen (value, -1), "characters", path, error))
    return FALSE;

  if (shape->enum_values != NULL && !check_enum (shape, value, path, error))
    return FALSE;

  if (shape->pattern == NULL || g_regex_match (get_regex (shape->pattern), value, 0, NULL))
    return TRUE;

  quoted = quote_value (value);
  return fail (error, path, "%s must match %s", quoted,
               shape->pattern_text != NULL ? shape->pattern_text : shape->pattern);
}

static gboolean
validate_number (const Shape  *shape,
                 JsonNode     *node,
                 GString      *path,
                 GError      **error)
{
  gint64 value;

  if (!node_holds (node, G_TYPE_INT64))
    return fail_type (error, path, "an integer", node);

  value = json_node_get_int (node);
  if (shape->kind == KIND_INTEGER && (value < G_MININT32 || value > G_MAXINT32))
    return fail (error, path, "%" G_GINT64_FORMAT " does not fit a 32-bit integer", value);

  if (size_fits (shape, value))
    return TRUE;

  if (shape->has_min && shape->has_max && shape->min == shape->max)
    return fail (error, path, "%" G_GINT64_FORMAT " is out of range: must be %" G_GINT64_FORMAT,
                 value, shape->min);
  if (shape->has_min && shape->has_max)
    return fail (error, path, "%" G_GINT64_FORMAT " is out of range: must be between %"
                 G_GINT64_FORMAT " and %" G_GINT64_FORMAT, value, shape->min, shape->max);
  if (shape->has_min)
    return fail (error, path, "%" G_GINT64_FORMAT " is out of range: must be at least %"
                 G_GINT64_FORMAT, value, shape->min);
  return fail (error, path, "%" G_GINT64_FORMAT " is out of range: must be at most %"
               G_GINT64_FORMAT, value, shape->max);
}

/* Appends a child to @path for the duration of one check. */
static gboolean
validate_child (const Shape  *shape,
                JsonNode     *node,
                GString      *path,
                GError      **error,
                const char   *format,
                ...) G_GNUC_PRINTF (5, 6);

static gboolean
validate_child (const Shape  *shape,
                JsonNode     *node,
                GString      *path,
                GError      **error,
                const char   *format,
                ...)
{
  gsize len = path->len;
  gboolean ret;
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (path, format, args);
  va_end (args);

  ret = validate_node (shape, node, path, error);
  g_string_truncate (path, len);
  return ret;
}

static gboolean
validate_struct (const Shape  *shape,
                 JsonNode     *node,
                 GString      *path,
                 GError      **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_type (error, path, "an object", node);

  object = json_node_get_object (node);
  for (const Member *member = shape->members; member->name != NULL; member++)
    {
      JsonNode *child = json_object_get_member (object, member->name);
      const char *separator = path->len > 0 ? "." : "";

      /* botocore never sends null; servers treat it as absent. */
      if (child == NULL || JSON_NODE_HOLDS_NULL (child))
        {
          if (member->required)
            {
              gsize len = path->len;

              g_string_append_printf (path, "%s%s", separator, member->name);
              fail (error, path, "required member is missing");
              g_string_truncate (path, len);
              return FALSE;
            }
          continue;
        }

      if (!validate_child (member->shape, child, path, error, "%s%s", separator, member->name))
        return FALSE;
    }

  return shape->check == NULL || shape->check (object, path, error);
}

static gboolean
validate_list (const Shape  *shape,
               JsonNode     *node,
               GString      *path,
               GError      **error)
{
  JsonArray *array;
  guint length;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_type (error, path, "an array", node);

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (!check_size (shape, length, "items", path, error))
    return FALSE;

  for (guint i = 0; i < length; i++)
    {
      if (!validate_child (shape->element, json_array_get_element (array, i), path, error,
                           "[%u]", i))
        return FALSE;
    }

  return TRUE;
}

static gboolean
validate_map (const Shape  *shape,
              JsonNode     *node,
              GString      *path,
              GError      **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_type (error, path, "an object", node);

  object = json_node_get_object (node);
  if (!check_size (shape, json_object_get_size (object), "items", path, error))
    return FALSE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      g_autoptr(JsonNode) key_node = json_node_init_string (json_node_alloc (), key);
      g_autofree char *quoted = quote_value (key);

      if (!validate_child (shape->key, key_node, path, error, " key %s", quoted) ||
          !validate_child (shape->element, value, path, error, "[%s]", quoted))
        return FALSE;
    }

  return TRUE;
}

static gboolean
validate_node (const Shape  *shape,
               JsonNode     *node,
               GString      *path,
               GError      **error)
{
  switch (shape->kind)
    {
    case KIND_STRING:
      return validate_string (shape, node, path, error);

    case KIND_INTEGER:
    case KIND_LONG:
      return validate_number (shape, node, path, error);

    case KIND_BOOLEAN:
      return node_holds (node, G_TYPE_BOOLEAN) || fail_type (error, path, "a boolean", node);

    case KIND_STRUCT:
      return validate_struct (shape, node, path, error);

    case KIND_LIST:
      return validate_list (shape, node, path, error);

    case KIND_MAP:
      return validate_map (shape, node, path, error);

    default:
      break;
    }

  g_assert_not_reached ();
  return FALSE;
}

static gboolean
has_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Observed from Athena: a notebook session needs the notebook runtime named. */
static gboolean
check_start_session (JsonObject  *object,
                     GString     *path,
                     GError     **error)
{
  JsonObject *engine = get_object_member (object, "EngineConfiguration");
  JsonObject *configs = engine != NULL ? get_object_member (engine, "AdditionalConfigs") : NULL;

  if (has_member (configs, "NotebookId") && !has_member (object, "NotebookVersion"))
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "NotebookVersion: required when NotebookId is provided");
      return FALSE;
    }

  return TRUE;
}

/* CalculationConfiguration is the deprecated wrapper of CodeBlock: exactly one carries code. */
static gboolean
check_start_calculation (JsonObject  *object,
                         GString     *path,
                         GError     **error)
{
  JsonObject *wrapper = get_object_member (object, "CalculationConfiguration");
  gboolean direct = has_member (object, "CodeBlock");
  gboolean wrapped = has_member (wrapper, "CodeBlock");

  if (direct && wrapped)
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "CodeBlock: give either CodeBlock or the deprecated "
                           "CalculationConfiguration.CodeBlock, not both");
      return FALSE;
    }
  if (!direct && !wrapped)
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "CodeBlock: required member is missing");
      return FALSE;
    }

  return TRUE;
}

static const Shape *
find_operation (const char *operation)
{
  if (operation == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      if (g_str_equal (operations[i].name, operation))
        return &operations[i].input;
    }

  return NULL;
}

gboolean
glaux_athena_validate_is_known_operation (const char *operation)
{
  return find_operation (operation) != NULL;
}

/**
 * glaux_athena_validate_list_operations:
 *
 * Returns: (transfer none) (array zero-terminated=1): the operations the validator knows
 */
const char * const *
glaux_athena_validate_list_operations (void)
{
  return operation_names;
}

/**
 * glaux_athena_validate_request:
 * @operation: the operation name, e.g. "StartSession"
 * @request: (nullable): the request body
 * @error: return location for a GLAUX_AWS_ERROR_VALIDATION error
 *
 * Returns: %TRUE if @request satisfies every constraint of @operation's input shape
 */
gboolean
glaux_athena_validate_request (const char  *operation,
                               JsonObject  *request,
                               GError     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(JsonNode) node = NULL;
  const Shape *input = find_operation (operation);

  if (input == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "'%s' is not an Athena operation Glaux knows", operation ? operation : "(null)");
      return FALSE;
    }

  if (request == NULL)
    request = empty = json_object_new ();

  node = json_node_init_object (json_node_alloc (), request);
  return validate_node (input, node, path, error);
}
