/* glaux-workgroup.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-workgroup"

#include "config.h"

#include <string.h>

#include "glaux-athena-json-private.h"
#include "glaux-workgroup.h"

/* An Athena workgroup as last reported by GetWorkGroup (WorkGroup shape) or ListWorkGroups
 * (WorkGroupSummary shape); both feed the same object. */
struct _GlauxWorkgroup
{
  GObject              parent_instance;

  char                *name;
  char                *state_name;
  char                *description;
  GDateTime           *creation_time;

  /* Configuration */
  char                *selected_engine_version;
  char                *effective_engine_version;
  char                *output_location;
  char                *result_encryption_option;
  char                *result_kms_key;
  char                *execution_role;
  char                *customer_content_kms_key;
  char                *additional_configuration;
  int                  default_max_concurrent_dpus;

  GlauxWorkgroupState  state;
  gboolean             enforce_configuration;
  gboolean             publish_cloudwatch_metrics;
  gboolean             requester_pays;
  gboolean             is_spark;
};

G_DEFINE_FINAL_TYPE (GlauxWorkgroup, glaux_workgroup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_NAME,
  PROP_DESCRIPTION,
  PROP_CREATION_TIME,
  PROP_SELECTED_ENGINE_VERSION,
  PROP_EFFECTIVE_ENGINE_VERSION,
  PROP_IS_SPARK,
  PROP_OUTPUT_LOCATION,
  PROP_RESULT_ENCRYPTION_OPTION,
  PROP_RESULT_KMS_KEY,
  PROP_EXECUTION_ROLE,
  PROP_CUSTOMER_CONTENT_KMS_KEY,
  PROP_ADDITIONAL_CONFIGURATION,
  PROP_DEFAULT_MAX_CONCURRENT_DPUS,
  PROP_ENFORCE_CONFIGURATION,
  PROP_PUBLISH_CLOUDWATCH_METRICS,
  PROP_REQUESTER_PAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glaux_workgroup_finalize (GObject *object)
{
  GlauxWorkgroup *self = (GlauxWorkgroup *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->state_name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->creation_time, g_date_time_unref);
  g_clear_pointer (&self->selected_engine_version, g_free);
  g_clear_pointer (&self->effective_engine_version, g_free);
  g_clear_pointer (&self->output_location, g_free);
  g_clear_pointer (&self->result_encryption_option, g_free);
  g_clear_pointer (&self->result_kms_key, g_free);
  g_clear_pointer (&self->execution_role, g_free);
  g_clear_pointer (&self->customer_content_kms_key, g_free);
  g_clear_pointer (&self->additional_configuration, g_free);

  G_OBJECT_CLASS (glaux_workgroup_parent_class)->finalize (object);
}

static void
glaux_workgroup_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GlauxWorkgroup *self = GLAUX_WORKGROUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATE_NAME:
      g_value_set_string (value, self->state_name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_CREATION_TIME:
      g_value_set_boxed (value, self->creation_time);
      break;

    case PROP_SELECTED_ENGINE_VERSION:
      g_value_set_string (value, self->selected_engine_version);
      break;

    case PROP_EFFECTIVE_ENGINE_VERSION:
      g_value_set_string (value, self->effective_engine_version);
      break;

    case PROP_IS_SPARK:
      g_value_set_boolean (value, self->is_spark);
      break;

    case PROP_OUTPUT_LOCATION:
      g_value_set_string (value, self->output_location);
      break;

    case PROP_RESULT_ENCRYPTION_OPTION:
      g_value_set_string (value, self->result_encryption_option);
      break;

    case PROP_RESULT_KMS_KEY:
      g_value_set_string (value, self->result_kms_key);
      break;

    case PROP_EXECUTION_ROLE:
      g_value_set_string (value, self->execution_role);
      break;

    case PROP_CUSTOMER_CONTENT_KMS_KEY:
      g_value_set_string (value, self->customer_content_kms_key);
      break;

    case PROP_ADDITIONAL_CONFIGURATION:
      g_value_set_string (value, self->additional_configuration);
      break;

    case PROP_DEFAULT_MAX_CONCURRENT_DPUS:
      g_value_set_int (value, self->default_max_concurrent_dpus);
      break;

    case PROP_ENFORCE_CONFIGURATION:
      g_value_set_boolean (value, self->enforce_configuration);
      break;

    case PROP_PUBLISH_CLOUDWATCH_METRICS:
      g_value_set_boolean (value, self->publish_cloudwatch_metrics);
      break;

    case PROP_REQUESTER_PAYS:
      g_value_set_boolean (value, self->requester_pays);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_workgroup_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GlauxWorkgroup *self = GLAUX_WORKGROUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      _glaux_athena_set_string (&self->name, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS));
}

static void
glaux_workgroup_class_init (GlauxWorkgroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_workgroup_finalize;
  object_class->get_property = glaux_workgroup_get_property;
  object_class->set_property = glaux_workgroup_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GLAUX_TYPE_WORKGROUP_STATE, GLAUX_WORKGROUP_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE_NAME] = string_property ("state-name");
  properties[PROP_DESCRIPTION] = string_property ("description");
  properties[PROP_CREATION_TIME] =
    g_param_spec_boxed ("creation-time", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_ENGINE_VERSION] = string_property ("selected-engine-version");
  properties[PROP_EFFECTIVE_ENGINE_VERSION] = string_property ("effective-engine-version");
  properties[PROP_IS_SPARK] = boolean_property ("is-spark");
  properties[PROP_OUTPUT_LOCATION] = string_property ("output-location");
  properties[PROP_RESULT_ENCRYPTION_OPTION] = string_property ("result-encryption-option");
  properties[PROP_RESULT_KMS_KEY] = string_property ("result-kms-key");
  properties[PROP_EXECUTION_ROLE] = string_property ("execution-role");
  properties[PROP_CUSTOMER_CONTENT_KMS_KEY] = string_property ("customer-content-kms-key");
  properties[PROP_ADDITIONAL_CONFIGURATION] = string_property ("additional-configuration");
  properties[PROP_DEFAULT_MAX_CONCURRENT_DPUS] =
    g_param_spec_int ("default-max-concurrent-dpus", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENFORCE_CONFIGURATION] = boolean_property ("enforce-configuration");
  properties[PROP_PUBLISH_CLOUDWATCH_METRICS] = boolean_property ("publish-cloudwatch-metrics");
  properties[PROP_REQUESTER_PAYS] = boolean_property ("requester-pays");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_workgroup_init (GlauxWorkgroup *self)
{
}

/**
 * glaux_workgroup_new:
 * @name: (nullable): the workgroup name
 *
 * Returns: (transfer full): a workgroup that knows only its name
 */
GlauxWorkgroup *
glaux_workgroup_new (const char *name)
{
  return g_object_new (GLAUX_TYPE_WORKGROUP, "name", name, NULL);
}

/**
 * glaux_workgroup_new_from_json:
 * @json: a WorkGroup or WorkGroupSummary object
 *
 * Returns: (transfer full): a new workgroup
 */
GlauxWorkgroup *
glaux_workgroup_new_from_json (JsonObject *json)
{
  GlauxWorkgroup *self;

  g_return_val_if_fail (json != NULL, NULL);

  self = glaux_workgroup_new (NULL);
  glaux_workgroup_update_from_json (self, json);
  return self;
}

static int
state_from_string (const char *name)
{
  return glaux_workgroup_state_from_string (name);
}

static gboolean
engine_is_spark (const char *engine)
{
  g_autofree char *lower = NULL;

  if (engine == NULL)
    return FALSE;

  lower = g_ascii_strdown (engine, -1);
  return strstr (lower, "spark") != NULL;
}

/* "Spark" covers both "PySpark engine version 3" and "Apache Spark version 3.5"; the effective
 * engine wins over the selected one ("AUTO" says nothing). */
static void
update_is_spark (GlauxWorkgroup *self)
{
  const char *engine = self->effective_engine_version;
  gboolean is_spark;

  if (engine == NULL)
    engine = self->selected_engine_version;

  is_spark = engine_is_spark (engine);
  if (is_spark == self->is_spark)
    return;

  self->is_spark = is_spark;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_SPARK]);
}

static void
update_engine_version (GlauxWorkgroup *self,
                       JsonObject     *engine_version)
{
  GObject *object = G_OBJECT (self);

  _glaux_athena_update_string (object, properties[PROP_SELECTED_ENGINE_VERSION],
                               &self->selected_engine_version, engine_version,
                               "SelectedEngineVersion");
  _glaux_athena_update_string (object, properties[PROP_EFFECTIVE_ENGINE_VERSION],
                               &self->effective_engine_version, engine_version,
                               "EffectiveEngineVersion");
}

static void
update_result_configuration (GlauxWorkgroup *self,
                             JsonObject     *result)
{
  GObject *object = G_OBJECT (self);
  JsonObject *encryption = _glaux_athena_json_get_object (result, "EncryptionConfiguration");

  _glaux_athena_update_string (object, properties[PROP_OUTPUT_LOCATION],
                               &self->output_location, result, "OutputLocation");
  _glaux_athena_update_string (object, properties[PROP_RESULT_ENCRYPTION_OPTION],
                               &self->result_encryption_option, encryption, "EncryptionOption");
  _glaux_athena_update_string (object, properties[PROP_RESULT_KMS_KEY],
                               &self->result_kms_key, encryption, "KmsKey");
}

static void
update_configuration (GlauxWorkgroup *self,
                      JsonObject     *config)
{
  GObject *object = G_OBJECT (self);
  JsonObject *engine = _glaux_athena_json_get_object (config, "EngineConfiguration");
  JsonObject *content;

  content = _glaux_athena_json_get_object (config, "CustomerContentEncryptionConfiguration");

  update_result_configuration (self, _glaux_athena_json_get_object (config, "ResultConfiguration"));
  update_engine_version (self, _glaux_athena_json_get_object (config, "EngineVersion"));
  _glaux_athena_update_string (object, properties[PROP_EXECUTION_ROLE],
                               &self->execution_role, config, "ExecutionRole");
  _glaux_athena_update_string (object, properties[PROP_CUSTOMER_CONTENT_KMS_KEY],
                               &self->customer_content_kms_key, content, "KmsKey");
  _glaux_athena_update_string (object, properties[PROP_ADDITIONAL_CONFIGURATION],
                               &self->additional_configuration, config, "AdditionalConfiguration");
  _glaux_athena_update_int (object, properties[PROP_DEFAULT_MAX_CONCURRENT_DPUS],
                            &self->default_max_concurrent_dpus, engine, "MaxConcurrentDpus");
  _glaux_athena_update_boolean (object, properties[PROP_ENFORCE_CONFIGURATION],
                                &self->enforce_configuration, config,
                                "EnforceWorkGroupConfiguration");
  _glaux_athena_update_boolean (object, properties[PROP_PUBLISH_CLOUDWATCH_METRICS],
                                &self->publish_cloudwatch_metrics, config,
                                "PublishCloudWatchMetricsEnabled");
  _glaux_athena_update_boolean (object, properties[PROP_REQUESTER_PAYS],
                                &self->requester_pays, config, "RequesterPaysEnabled");
}

/**
 * glaux_workgroup_update_from_json:
 * @json: a WorkGroup or WorkGroupSummary object
 *
 * Updates the workgroup in place; only properties whose value changed are notified, members
 * that are absent leave their property untouched and unknown members are ignored.
 */
void
glaux_workgroup_update_from_json (GlauxWorkgroup *self,
                                  JsonObject     *json)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (GLAUX_IS_WORKGROUP (self));
  g_return_if_fail (json != NULL);

  g_object_freeze_notify (object);

  _glaux_athena_update_string (object, properties[PROP_NAME], &self->name, json, "Name");
  _glaux_athena_update_enum (object, properties[PROP_STATE], properties[PROP_STATE_NAME],
                             (int *)&self->state, &self->state_name, json, "State",
                             state_from_string);
  _glaux_athena_update_string (object, properties[PROP_DESCRIPTION],
                               &self->description, json, "Description");
  _glaux_athena_update_time (object, properties[PROP_CREATION_TIME],
                             &self->creation_time, json, "CreationTime");
  /* WorkGroupSummary carries the engine at the top level, WorkGroup inside Configuration. */
  update_engine_version (self, _glaux_athena_json_get_object (json, "EngineVersion"));
  update_configuration (self, _glaux_athena_json_get_object (json, "Configuration"));
  update_is_spark (self);

  g_object_thaw_notify (object);
}

const char *
glaux_workgroup_get_name (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->name;
}

GlauxWorkgroupState
glaux_workgroup_get_state (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), GLAUX_WORKGROUP_STATE_UNKNOWN);
  return self->state;
}

/* The state exactly as the server spelled it, also when Glaux does not know the value. */
const char *
glaux_workgroup_get_state_name (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->state_name;
}

const char *
glaux_workgroup_get_description (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->description;
}

/**
 * glaux_workgroup_get_creation_time:
 *
 * Returns: (nullable) (transfer none): when the workgroup was created (UTC)
 */
GDateTime *
glaux_workgroup_get_creation_time (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->creation_time;
}

const char *
glaux_workgroup_get_selected_engine_version (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->selected_engine_version;
}

const char *
glaux_workgroup_get_effective_engine_version (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->effective_engine_version;
}

gboolean
glaux_workgroup_get_is_spark (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), FALSE);
  return self->is_spark;
}

const char *
glaux_workgroup_get_output_location (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->output_location;
}

const char *
glaux_workgroup_get_result_encryption_option (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->result_encryption_option;
}

const char *
glaux_workgroup_get_result_kms_key (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->result_kms_key;
}

const char *
glaux_workgroup_get_execution_role (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->execution_role;
}

const char *
glaux_workgroup_get_customer_content_kms_key (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->customer_content_kms_key;
}

const char *
glaux_workgroup_get_additional_configuration (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), NULL);
  return self->additional_configuration;
}

/* Configuration.EngineConfiguration.MaxConcurrentDpus, 0 when the workgroup sets none. */
int
glaux_workgroup_get_default_max_concurrent_dpus (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), 0);
  return self->default_max_concurrent_dpus;
}

gboolean
glaux_workgroup_get_enforce_configuration (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), FALSE);
  return self->enforce_configuration;
}

gboolean
glaux_workgroup_get_publish_cloudwatch_metrics (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), FALSE);
  return self->publish_cloudwatch_metrics;
}

gboolean
glaux_workgroup_get_requester_pays (GlauxWorkgroup *self)
{
  g_return_val_if_fail (GLAUX_IS_WORKGROUP (self), FALSE);
  return self->requester_pays;
}
