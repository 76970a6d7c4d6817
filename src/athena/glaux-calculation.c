/* glaux-calculation.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-calculation"

#include "config.h"

#include "glaux-athena-json-private.h"
#include "glaux-calculation.h"

/* A calculation (one code block run in a session) as last reported by GetCalculationExecution,
 * GetCalculationExecutionStatus, ListCalculationExecutions (CalculationSummary) or
 * StartCalculationExecution. */
struct _GlauxCalculation
{
  GObject                parent_instance;

  char                  *id;
  char                  *session_id;
  char                  *description;
  char                  *working_directory;
  char                  *code;

  /* Status */
  char                  *state_name;
  char                  *state_change_reason;
  GDateTime             *submission_time;
  GDateTime             *completion_time;

  /* Statistics */
  gint64                 dpu_execution_millis;
  char                  *progress;

  /* Result */
  char                  *stdout_uri;
  char                  *stderr_uri;
  char                  *result_uri;
  char                  *result_type;

  GlauxCalculationState  state;
};

G_DEFINE_FINAL_TYPE (GlauxCalculation, glaux_calculation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SESSION_ID,
  PROP_DESCRIPTION,
  PROP_STATE,
  PROP_STATE_NAME,
  PROP_STATE_CHANGE_REASON,
  PROP_SUBMISSION_TIME,
  PROP_COMPLETION_TIME,
  PROP_DPU_EXECUTION_MILLIS,
  PROP_PROGRESS,
  PROP_STDOUT_URI,
  PROP_STDERR_URI,
  PROP_RESULT_URI,
  PROP_RESULT_TYPE,
  PROP_WORKING_DIRECTORY,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glaux_calculation_finalize (GObject *object)
{
  GlauxCalculation *self = (GlauxCalculation *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->working_directory, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->state_name, g_free);
  g_clear_pointer (&self->state_change_reason, g_free);
  g_clear_pointer (&self->submission_time, g_date_time_unref);
  g_clear_pointer (&self->completion_time, g_date_time_unref);
  g_clear_pointer (&self->progress, g_free);
  g_clear_pointer (&self->stdout_uri, g_free);
  g_clear_pointer (&self->stderr_uri, g_free);
  g_clear_pointer (&self->result_uri, g_free);
  g_clear_pointer (&self->result_type, g_free);

  G_OBJECT_CLASS (glaux_calculation_parent_class)->finalize (object);
}

static void
glaux_calculation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxCalculation *self = GLAUX_CALCULATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SESSION_ID:
      g_value_set_string (value, self->session_id);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
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

    case PROP_SUBMISSION_TIME:
      g_value_set_boxed (value, self->submission_time);
      break;

    case PROP_COMPLETION_TIME:
      g_value_set_boxed (value, self->completion_time);
      break;

    case PROP_DPU_EXECUTION_MILLIS:
      g_value_set_int64 (value, self->dpu_execution_millis);
      break;

    case PROP_PROGRESS:
      g_value_set_string (value, self->progress);
      break;

    case PROP_STDOUT_URI:
      g_value_set_string (value, self->stdout_uri);
      break;

    case PROP_STDERR_URI:
      g_value_set_string (value, self->stderr_uri);
      break;

    case PROP_RESULT_URI:
      g_value_set_string (value, self->result_uri);
      break;

    case PROP_RESULT_TYPE:
      g_value_set_string (value, self->result_type);
      break;

    case PROP_WORKING_DIRECTORY:
      g_value_set_string (value, self->working_directory);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_calculation_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlauxCalculation *self = GLAUX_CALCULATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      _glaux_athena_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_CODE:
      glaux_calculation_set_code (self, g_value_get_string (value));
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

static void
glaux_calculation_class_init (GlauxCalculationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_calculation_finalize;
  object_class->get_property = glaux_calculation_get_property;
  object_class->set_property = glaux_calculation_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION_ID] = string_property ("session-id");
  properties[PROP_DESCRIPTION] = string_property ("description");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GLAUX_TYPE_CALCULATION_STATE, GLAUX_CALCULATION_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE_NAME] = string_property ("state-name");
  properties[PROP_STATE_CHANGE_REASON] = string_property ("state-change-reason");
  properties[PROP_SUBMISSION_TIME] = time_property ("submission-time");
  properties[PROP_COMPLETION_TIME] = time_property ("completion-time");
  properties[PROP_DPU_EXECUTION_MILLIS] =
    g_param_spec_int64 ("dpu-execution-millis", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROGRESS] = string_property ("progress");
  properties[PROP_STDOUT_URI] = string_property ("stdout-uri");
  properties[PROP_STDERR_URI] = string_property ("stderr-uri");
  properties[PROP_RESULT_URI] = string_property ("result-uri");
  properties[PROP_RESULT_TYPE] = string_property ("result-type");
  properties[PROP_WORKING_DIRECTORY] = string_property ("working-directory");
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_calculation_init (GlauxCalculation *self)
{
}

/**
 * glaux_calculation_new:
 * @calculation_id: (nullable): the calculation execution id
 *
 * Returns: (transfer full): a calculation that knows only its id
 */
GlauxCalculation *
glaux_calculation_new (const char *calculation_id)
{
  return g_object_new (GLAUX_TYPE_CALCULATION, "id", calculation_id, NULL);
}

/**
 * glaux_calculation_new_from_json:
 * @json: a GetCalculationExecution response or a CalculationSummary object
 *
 * Returns: (transfer full): a new calculation
 */
GlauxCalculation *
glaux_calculation_new_from_json (JsonObject *json)
{
  GlauxCalculation *self;

  g_return_val_if_fail (json != NULL, NULL);

  self = glaux_calculation_new (NULL);
  glaux_calculation_update_from_json (self, json);
  return self;
}

static int
state_from_string (const char *name)
{
  return glaux_calculation_state_from_string (name);
}

static void
update_status (GlauxCalculation *self,
               JsonObject       *status)
{
  GObject *object = G_OBJECT (self);

  _glaux_athena_update_enum (object, properties[PROP_STATE], properties[PROP_STATE_NAME],
                             (int *)&self->state, &self->state_name, status, "State",
                             state_from_string);
  _glaux_athena_update_string (object, properties[PROP_STATE_CHANGE_REASON],
                               &self->state_change_reason, status, "StateChangeReason");
  _glaux_athena_update_time (object, properties[PROP_SUBMISSION_TIME],
                             &self->submission_time, status, "SubmissionDateTime");
  _glaux_athena_update_time (object, properties[PROP_COMPLETION_TIME],
                             &self->completion_time, status, "CompletionDateTime");
}

static void
update_result (GlauxCalculation *self,
               JsonObject       *result)
{
  GObject *object = G_OBJECT (self);

  _glaux_athena_update_string (object, properties[PROP_STDOUT_URI],
                               &self->stdout_uri, result, "StdOutS3Uri");
  _glaux_athena_update_string (object, properties[PROP_STDERR_URI],
                               &self->stderr_uri, result, "StdErrorS3Uri");
  _glaux_athena_update_string (object, properties[PROP_RESULT_URI],
                               &self->result_uri, result, "ResultS3Uri");
  _glaux_athena_update_string (object, properties[PROP_RESULT_TYPE],
                               &self->result_type, result, "ResultType");
}

/**
 * glaux_calculation_update_from_json:
 * @json: a GetCalculationExecution(Status) response or a CalculationSummary object
 *
 * Updates the calculation in place; only properties whose value changed are notified, members
 * that are absent leave their property untouched and unknown members are ignored.
 */
void
glaux_calculation_update_from_json (GlauxCalculation *self,
                                    JsonObject       *json)
{
  GObject *object = G_OBJECT (self);
  JsonObject *statistics;

  g_return_if_fail (GLAUX_IS_CALCULATION (self));
  g_return_if_fail (json != NULL);

  g_object_freeze_notify (object);

  _glaux_athena_update_string (object, properties[PROP_ID],
                               &self->id, json, "CalculationExecutionId");
  _glaux_athena_update_string (object, properties[PROP_SESSION_ID],
                               &self->session_id, json, "SessionId");
  _glaux_athena_update_string (object, properties[PROP_DESCRIPTION],
                               &self->description, json, "Description");
  _glaux_athena_update_string (object, properties[PROP_WORKING_DIRECTORY],
                               &self->working_directory, json, "WorkingDirectory");
  update_status (self, _glaux_athena_json_get_object (json, "Status"));
  statistics = _glaux_athena_json_get_object (json, "Statistics");
  _glaux_athena_update_int64 (object, properties[PROP_DPU_EXECUTION_MILLIS],
                              &self->dpu_execution_millis, statistics, "DpuExecutionInMillis");
  _glaux_athena_update_string (object, properties[PROP_PROGRESS],
                               &self->progress, statistics, "Progress");
  update_result (self, _glaux_athena_json_get_object (json, "Result"));

  g_object_thaw_notify (object);
}

/* CalculationSummary has no SessionId member: the list call knows it from its request. */
void
glaux_calculation_set_session_id (GlauxCalculation *self,
                                  const char       *session_id)
{
  g_return_if_fail (GLAUX_IS_CALCULATION (self));

  if (_glaux_athena_set_string (&self->session_id, session_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ID]);
}

/* The code block, known when this client submitted it or fetched it with
 * GetCalculationExecutionCode. */
void
glaux_calculation_set_code (GlauxCalculation *self,
                            const char       *code)
{
  g_return_if_fail (GLAUX_IS_CALCULATION (self));

  if (_glaux_athena_set_string (&self->code, code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
glaux_calculation_get_id (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->id;
}

const char *
glaux_calculation_get_session_id (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->session_id;
}

const char *
glaux_calculation_get_description (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->description;
}

GlauxCalculationState
glaux_calculation_get_state (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), GLAUX_CALCULATION_STATE_UNKNOWN);
  return self->state;
}

/* The state exactly as the server spelled it, also when Glaux does not know the value. */
const char *
glaux_calculation_get_state_name (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->state_name;
}

const char *
glaux_calculation_get_state_change_reason (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->state_change_reason;
}

/**
 * glaux_calculation_get_submission_time:
 *
 * Returns: (nullable) (transfer none): when the calculation was submitted (UTC)
 */
GDateTime *
glaux_calculation_get_submission_time (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->submission_time;
}

/**
 * glaux_calculation_get_completion_time:
 *
 * Returns: (nullable) (transfer none): when the calculation ended (UTC)
 */
GDateTime *
glaux_calculation_get_completion_time (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->completion_time;
}

gint64
glaux_calculation_get_dpu_execution_millis (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), 0);
  return self->dpu_execution_millis;
}

const char *
glaux_calculation_get_progress (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->progress;
}

const char *
glaux_calculation_get_stdout_uri (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->stdout_uri;
}

const char *
glaux_calculation_get_stderr_uri (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->stderr_uri;
}

const char *
glaux_calculation_get_result_uri (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->result_uri;
}

const char *
glaux_calculation_get_result_type (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->result_type;
}

const char *
glaux_calculation_get_working_directory (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->working_directory;
}

const char *
glaux_calculation_get_code (GlauxCalculation *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION (self), NULL);
  return self->code;
}
