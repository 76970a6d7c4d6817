/* glaux-session.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-session"

#include "config.h"

#include "glaux-athena-json-private.h"
#include "glaux-session.h"

/* A Spark session as last reported by GetSession, GetSessionStatus, ListSessions (SessionSummary)
 * or StartSession; every one of them updates the same object in place. */
struct _GlauxSession
{
  GObject            parent_instance;

  char              *id;
  char              *workgroup;
  char              *description;
  char              *engine_version;
  char              *notebook_version;

  /* Status */
  char              *state_name;
  char              *state_change_reason;
  GDateTime         *start_time;
  GDateTime         *last_modified_time;
  GDateTime         *end_time;
  GDateTime         *idle_since_time;

  /* EngineConfiguration */
  int                coordinator_dpu_size;
  int                max_concurrent_dpus;
  int                default_executor_dpu_size;
  GHashTable        *spark_properties;
  GHashTable        *additional_configs;

  /* SessionConfiguration */
  int                idle_timeout_minutes;
  gint64             idle_timeout_seconds;
  char              *working_directory;
  char              *execution_role;

  gint64             dpu_execution_millis;
  GlauxSessionState  state;
};

G_DEFINE_FINAL_TYPE (GlauxSession, glaux_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_WORKGROUP,
  PROP_DESCRIPTION,
  PROP_ENGINE_VERSION,
  PROP_NOTEBOOK_VERSION,
  PROP_STATE,
  PROP_STATE_NAME,
  PROP_STATE_CHANGE_REASON,
  PROP_START_TIME,
  PROP_LAST_MODIFIED_TIME,
  PROP_END_TIME,
  PROP_IDLE_SINCE_TIME,
  PROP_COORDINATOR_DPU_SIZE,
  PROP_MAX_CONCURRENT_DPUS,
  PROP_DEFAULT_EXECUTOR_DPU_SIZE,
  PROP_SPARK_PROPERTIES,
  PROP_ADDITIONAL_CONFIGS,
  PROP_IDLE_TIMEOUT_MINUTES,
  PROP_IDLE_TIMEOUT_SECONDS,
  PROP_WORKING_DIRECTORY,
  PROP_EXECUTION_ROLE,
  PROP_DPU_EXECUTION_MILLIS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glaux_session_finalize (GObject *object)
{
  GlauxSession *self = (GlauxSession *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->workgroup, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->engine_version, g_free);
  g_clear_pointer (&self->notebook_version, g_free);
  g_clear_pointer (&self->state_name, g_free);
  g_clear_pointer (&self->state_change_reason, g_free);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->last_modified_time, g_date_time_unref);
  g_clear_pointer (&self->end_time, g_date_time_unref);
  g_clear_pointer (&self->idle_since_time, g_date_time_unref);
  g_clear_pointer (&self->spark_properties, g_hash_table_unref);
  g_clear_pointer (&self->additional_configs, g_hash_table_unref);
  g_clear_pointer (&self->working_directory, g_free);
  g_clear_pointer (&self->execution_role, g_free);

  G_OBJECT_CLASS (glaux_session_parent_class)->finalize (object);
}

static void
glaux_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GlauxSession *self = GLAUX_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_WORKGROUP:
      g_value_set_string (value, self->workgroup);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_ENGINE_VERSION:
      g_value_set_string (value, self->engine_version);
      break;

    case PROP_NOTEBOOK_VERSION:
      g_value_set_string (value, self->notebook_version);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATE_NAME:
      g_value_set_string (value, self->state_name);
      break;

    case PROP_STATE_CHANGE_REASON:
      g_value_set_string (value, self->state_change_reason);
      break;

    case PROP_START_TIME:
      g_value_set_boxed (value, self->start_time);
      break;

    case PROP_LAST_MODIFIED_TIME:
      g_value_set_boxed (value, self->last_modified_time);
      break;

    case PROP_END_TIME:
      g_value_set_boxed (value, self->end_time);
      break;

    case PROP_IDLE_SINCE_TIME:
      g_value_set_boxed (value, self->idle_since_time);
      break;

    case PROP_COORDINATOR_DPU_SIZE:
      g_value_set_int (value, self->coordinator_dpu_size);
      break;

    case PROP_MAX_CONCURRENT_DPUS:
      g_value_set_int (value, self->max_concurrent_dpus);
      break;

    case PROP_DEFAULT_EXECUTOR_DPU_SIZE:
      g_value_set_int (value, self->default_executor_dpu_size);
      break;

    case PROP_SPARK_PROPERTIES:
      g_value_set_boxed (value, self->spark_properties);
      break;

    case PROP_ADDITIONAL_CONFIGS:
      g_value_set_boxed (value, self->additional_configs);
      break;

    case PROP_IDLE_TIMEOUT_MINUTES:
      g_value_set_int (value, self->idle_timeout_minutes);
      break;

    case PROP_IDLE_TIMEOUT_SECONDS:
      g_value_set_int64 (value, self->idle_timeout_seconds);
      break;

    case PROP_WORKING_DIRECTORY:
      g_value_set_string (value, self->working_directory);
      break;

    case PROP_EXECUTION_ROLE:
      g_value_set_string (value, self->execution_role);
      break;

    case PROP_DPU_EXECUTION_MILLIS:
      g_value_set_int64 (value, self->dpu_execution_millis);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GlauxSession *self = GLAUX_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      _glaux_athena_set_string (&self->id, g_value_get_string (value));
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
time_property (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_DATE_TIME,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
int_property (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, 0, G_MAXINT, 0,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
int64_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
map_property (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_HASH_TABLE,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static void
glaux_session_class_init (GlauxSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_session_finalize;
  object_class->get_property = glaux_session_get_property;
  object_class->set_property = glaux_session_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_WORKGROUP] = string_property ("workgroup");
  properties[PROP_DESCRIPTION] = string_property ("description");
  properties[PROP_ENGINE_VERSION] = string_property ("engine-version");
  properties[PROP_NOTEBOOK_VERSION] = string_property ("notebook-version");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GLAUX_TYPE_SESSION_STATE, GLAUX_SESSION_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE_NAME] = string_property ("state-name");
  properties[PROP_STATE_CHANGE_REASON] = string_property ("state-change-reason");
  properties[PROP_START_TIME] = time_property ("start-time");
  properties[PROP_LAST_MODIFIED_TIME] = time_property ("last-modified-time");
  properties[PROP_END_TIME] = time_property ("end-time");
  properties[PROP_IDLE_SINCE_TIME] = time_property ("idle-since-time");
  properties[PROP_COORDINATOR_DPU_SIZE] = int_property ("coordinator-dpu-size");
  properties[PROP_MAX_CONCURRENT_DPUS] = int_property ("max-concurrent-dpus");
  properties[PROP_DEFAULT_EXECUTOR_DPU_SIZE] = int_property ("default-executor-dpu-size");
  properties[PROP_SPARK_PROPERTIES] = map_property ("spark-properties");
  properties[PROP_ADDITIONAL_CONFIGS] = map_property ("additional-configs");
  properties[PROP_IDLE_TIMEOUT_MINUTES] = int_property ("idle-timeout-minutes");
  properties[PROP_IDLE_TIMEOUT_SECONDS] = int64_property ("idle-timeout-seconds");
  properties[PROP_WORKING_DIRECTORY] = string_property ("working-directory");
  properties[PROP_EXECUTION_ROLE] = string_property ("execution-role");
  properties[PROP_DPU_EXECUTION_MILLIS] = int64_property ("dpu-execution-millis");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_session_init (GlauxSession *self)
{
  self->spark_properties = _glaux_athena_string_map_new ();
  self->additional_configs = _glaux_athena_string_map_new ();
}

/**
 * glaux_session_new:
 * @session_id: (nullable): the session id
 *
 * Returns: (transfer full): a session that knows only its id
 */
GlauxSession *
glaux_session_new (const char *session_id)
{
  return g_object_new (GLAUX_TYPE_SESSION, "id", session_id, NULL);
}

/**
 * glaux_session_new_from_json:
 * @json: a GetSession response or a SessionSummary object
 *
 * Returns: (transfer full): a new session
 */
GlauxSession *
glaux_session_new_from_json (JsonObject *json)
{
  GlauxSession *self;

  g_return_val_if_fail (json != NULL, NULL);

  self = glaux_session_new (NULL);
  glaux_session_update_from_json (self, json);
  return self;
}

static int
state_from_string (const char *name)
{
  return glaux_session_state_from_string (name);
}

static void
update_status (GlauxSession *self,
               JsonObject   *status)
{
  GObject *object = G_OBJECT (self);

  _glaux_athena_update_enum (object, properties[PROP_STATE], properties[PROP_STATE_NAME],
                             (int *)&self->state, &self->state_name, status, "State",
                             state_from_string);
  _glaux_athena_update_string (object, properties[PROP_STATE_CHANGE_REASON],
                               &self->state_change_reason, status, "StateChangeReason");
  _glaux_athena_update_time (object, properties[PROP_START_TIME],
                             &self->start_time, status, "StartDateTime");
  _glaux_athena_update_time (object, properties[PROP_LAST_MODIFIED_TIME],
                             &self->last_modified_time, status, "LastModifiedDateTime");
  _glaux_athena_update_time (object, properties[PROP_END_TIME],
                             &self->end_time, status, "EndDateTime");
  _glaux_athena_update_time (object, properties[PROP_IDLE_SINCE_TIME],
                             &self->idle_since_time, status, "IdleSinceDateTime");
}

static void
update_engine_configuration (GlauxSession *self,
                             JsonObject   *engine)
{
  GObject *object = G_OBJECT (self);

  _glaux_athena_update_int (object, properties[PROP_COORDINATOR_DPU_SIZE],
                            &self->coordinator_dpu_size, engine, "CoordinatorDpuSize");
  _glaux_athena_update_int (object, properties[PROP_MAX_CONCURRENT_DPUS],
                            &self->max_concurrent_dpus, engine, "MaxConcurrentDpus");
  _glaux_athena_update_int (object, properties[PROP_DEFAULT_EXECUTOR_DPU_SIZE],
                            &self->default_executor_dpu_size, engine, "DefaultExecutorDpuSize");
  _glaux_athena_update_string_map (object, properties[PROP_SPARK_PROPERTIES],
                                   &self->spark_properties, engine, "SparkProperties");
  _glaux_athena_update_string_map (object, properties[PROP_ADDITIONAL_CONFIGS],
                                   &self->additional_configs, engine, "AdditionalConfigs");
}

/* The idle timeout comes as IdleTimeoutSeconds (all models) and SessionIdleTimeoutInMinutes
 * (2025-11 models); when a server sends only one, the other is derived from it. */
static void
update_idle_timeout (GlauxSession *self,
                     JsonObject   *config)
{
  GObject *object = G_OBJECT (self);
  gboolean has_seconds;
  gboolean has_minutes;
  gint64 seconds = 0;
  gint64 minutes = 0;

  has_seconds = _glaux_athena_json_get_int64 (config, "IdleTimeoutSeconds", &seconds);
  has_minutes = _glaux_athena_json_get_int64 (config, "SessionIdleTimeoutInMinutes", &minutes);
  if (has_minutes && !has_seconds)
    seconds = minutes * 60;
  else if (has_seconds && !has_minutes)
    minutes = (seconds + 59) / 60;
  else if (!has_seconds && !has_minutes)
    return;

  _glaux_athena_set_int64 (object, properties[PROP_IDLE_TIMEOUT_SECONDS],
                           &self->idle_timeout_seconds, seconds);
  _glaux_athena_set_int (object, properties[PROP_IDLE_TIMEOUT_MINUTES],
                         &self->idle_timeout_minutes, (int) CLAMP (minutes, 0, G_MAXINT));
}

static void
update_session_configuration (GlauxSession *self,
                              JsonObject   *config)
{
  GObject *object = G_OBJECT (self);

  update_idle_timeout (self, config);
  _glaux_athena_update_string (object, properties[PROP_WORKING_DIRECTORY],
                               &self->working_directory, config, "WorkingDirectory");
  _glaux_athena_update_string (object, properties[PROP_EXECUTION_ROLE],
                               &self->execution_role, config, "ExecutionRole");
}

/* GetSession has EngineVersion as a plain string, SessionSummary as an EngineVersion struct. */
static void
update_engine_version (GlauxSession *self,
                       JsonObject   *json)
{
  JsonObject *engine = _glaux_athena_json_get_object (json, "EngineVersion");
  const char *name;

  if (engine == NULL)
    {
      _glaux_athena_update_string (G_OBJECT (self), properties[PROP_ENGINE_VERSION],
                                   &self->engine_version, json, "EngineVersion");
      return;
    }

  name = _glaux_athena_json_get_string (engine, "EffectiveEngineVersion");
  if (name == NULL)
    name = _glaux_athena_json_get_string (engine, "SelectedEngineVersion");
  if (name != NULL && _glaux_athena_set_string (&self->engine_version, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_VERSION]);
}

/**
 * glaux_session_update_from_json:
 * @json: a GetSession / GetSessionStatus response or a SessionSummary object
 *
 * Updates the session in place; only properties whose value changed are notified, members
 * that are absent leave their property untouched and unknown members are ignored.
 */
void
glaux_session_update_from_json (GlauxSession *self,
                                JsonObject   *json)
{
  GObject *object = G_OBJECT (self);
  JsonObject *statistics;

  g_return_if_fail (GLAUX_IS_SESSION (self));
  g_return_if_fail (json != NULL);

  g_object_freeze_notify (object);

  _glaux_athena_update_string (object, properties[PROP_ID], &self->id, json, "SessionId");
  _glaux_athena_update_string (object, properties[PROP_WORKGROUP],
                               &self->workgroup, json, "WorkGroup");
  _glaux_athena_update_string (object, properties[PROP_DESCRIPTION],
                               &self->description, json, "Description");
  _glaux_athena_update_string (object, properties[PROP_NOTEBOOK_VERSION],
                               &self->notebook_version, json, "NotebookVersion");
  update_engine_version (self, json);
  update_status (self, _glaux_athena_json_get_object (json, "Status"));
  update_engine_configuration (self, _glaux_athena_json_get_object (json, "EngineConfiguration"));
  update_session_configuration (self, _glaux_athena_json_get_object (json, "SessionConfiguration"));
  statistics = _glaux_athena_json_get_object (json, "Statistics");
  _glaux_athena_update_int64 (object, properties[PROP_DPU_EXECUTION_MILLIS],
                              &self->dpu_execution_millis, statistics, "DpuExecutionInMillis");

  g_object_thaw_notify (object);
}

/* SessionSummary has no WorkGroup member: the list call knows it from its request. */
void
glaux_session_set_workgroup (GlauxSession *self,
                             const char   *workgroup)
{
  g_return_if_fail (GLAUX_IS_SESSION (self));

  if (_glaux_athena_set_string (&self->workgroup, workgroup))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKGROUP]);
}

const char *
glaux_session_get_id (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->id;
}

const char *
glaux_session_get_workgroup (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->workgroup;
}

const char *
glaux_session_get_description (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->description;
}

/* What a person calls the session: its description, or its id when it has none. */
const char *
glaux_session_get_display_name (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);

  if (self->description != NULL && self->description[0] != '\0')
    return self->description;

  return self->id;
}

const char *
glaux_session_get_engine_version (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->engine_version;
}

const char *
glaux_session_get_notebook_version (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->notebook_version;
}

GlauxSessionState
glaux_session_get_state (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), GLAUX_SESSION_STATE_UNKNOWN);
  return self->state;
}

/* The state exactly as the server spelled it, also when Glaux does not know the value. */
const char *
glaux_session_get_state_name (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->state_name;
}

const char *
glaux_session_get_state_change_reason (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->state_change_reason;
}

/**
 * glaux_session_get_start_time:
 *
 * Returns: (nullable) (transfer none): when the session started (UTC)
 */
GDateTime *
glaux_session_get_start_time (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->start_time;
}

/**
 * glaux_session_get_last_modified_time:
 *
 * Returns: (nullable) (transfer none): when the session last changed (UTC)
 */
GDateTime *
glaux_session_get_last_modified_time (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->last_modified_time;
}

/**
 * glaux_session_get_end_time:
 *
 * Returns: (nullable) (transfer none): when the session ended (UTC)
 */
GDateTime *
glaux_session_get_end_time (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->end_time;
}

/**
 * glaux_session_get_idle_since_time:
 *
 * Returns: (nullable) (transfer none): since when the session is idle (UTC)
 */
GDateTime *
glaux_session_get_idle_since_time (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->idle_since_time;
}

int
glaux_session_get_coordinator_dpu_size (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), 0);
  return self->coordinator_dpu_size;
}

int
glaux_session_get_max_concurrent_dpus (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), 0);
  return self->max_concurrent_dpus;
}

int
glaux_session_get_default_executor_dpu_size (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), 0);
  return self->default_executor_dpu_size;
}

/**
 * glaux_session_get_spark_properties:
 *
 * Returns: (transfer none) (element-type utf8 utf8): the Spark properties, possibly empty
 */
GHashTable *
glaux_session_get_spark_properties (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->spark_properties;
}

/**
 * glaux_session_get_additional_configs:
 *
 * Returns: (transfer none) (element-type utf8 utf8): EngineConfiguration.AdditionalConfigs
 */
GHashTable *
glaux_session_get_additional_configs (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->additional_configs;
}

int
glaux_session_get_idle_timeout_minutes (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), 0);
  return self->idle_timeout_minutes;
}

gint64
glaux_session_get_idle_timeout_seconds (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), 0);
  return self->idle_timeout_seconds;
}

const char *
glaux_session_get_working_directory (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->working_directory;
}

const char *
glaux_session_get_execution_role (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), NULL);
  return self->execution_role;
}

/* SessionStatistics.DpuExecutionInMillis: the billing basis of the session so far. */
gint64
glaux_session_get_dpu_execution_millis (GlauxSession *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (self), 0);
  return self->dpu_execution_millis;
}
