/* glaux-executor.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-executor"

#include "config.h"

#include "glaux-athena-json-private.h"
#include "glaux-executor.h"

/* One ExecutorsSummary entry of ListExecutors. Start and termination times are model longs of
 * unconfirmed unit, so they stay raw numbers instead of being guessed into dates. */
struct _GlauxExecutor
{
  GObject             parent_instance;

  char               *id;
  char               *session_id;
  char               *type_name;
  char               *state_name;
  gint64              size;
  gint64              start_date_time;
  gint64              termination_date_time;

  GlauxExecutorType   executor_type;
  GlauxExecutorState  state;
};

G_DEFINE_FINAL_TYPE (GlauxExecutor, glaux_executor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SESSION_ID,
  PROP_EXECUTOR_TYPE,
  PROP_TYPE_NAME,
  PROP_SIZE,
  PROP_STATE,
  PROP_STATE_NAME,
  PROP_START_DATE_TIME,
  PROP_TERMINATION_DATE_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glaux_executor_finalize (GObject *object)
{
  GlauxExecutor *self = (GlauxExecutor *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_pointer (&self->state_name, g_free);

  G_OBJECT_CLASS (glaux_executor_parent_class)->finalize (object);
}

static void
glaux_executor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GlauxExecutor *self = GLAUX_EXECUTOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SESSION_ID:
      g_value_set_string (value, self->session_id);
      break;

    case PROP_EXECUTOR_TYPE:
      g_value_set_enum (value, self->executor_type);
      break;

    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATE_NAME:
      g_value_set_string (value, self->state_name);
      break;

    case PROP_START_DATE_TIME:
      g_value_set_int64 (value, self->start_date_time);
      break;

    case PROP_TERMINATION_DATE_TIME:
      g_value_set_int64 (value, self->termination_date_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_executor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GlauxExecutor *self = GLAUX_EXECUTOR (object);

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
int64_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static void
glaux_executor_class_init (GlauxExecutorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_executor_finalize;
  object_class->get_property = glaux_executor_get_property;
  object_class->set_property = glaux_executor_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION_ID] = string_property ("session-id");
  properties[PROP_EXECUTOR_TYPE] =
    g_param_spec_enum ("executor-type", NULL, NULL,
                       GLAUX_TYPE_EXECUTOR_TYPE, GLAUX_EXECUTOR_TYPE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TYPE_NAME] = string_property ("type-name");
  properties[PROP_SIZE] = int64_property ("size");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GLAUX_TYPE_EXECUTOR_STATE, GLAUX_EXECUTOR_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE_NAME] = string_property ("state-name");
  properties[PROP_START_DATE_TIME] = int64_property ("start-date-time");
  properties[PROP_TERMINATION_DATE_TIME] = int64_property ("termination-date-time");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_executor_init (GlauxExecutor *self)
{
}

/**
 * glaux_executor_new:
 * @executor_id: (nullable): the executor id
 *
 * Returns: (transfer full): an executor that knows only its id
 */
GlauxExecutor *
glaux_executor_new (const char *executor_id)
{
  return g_object_new (GLAUX_TYPE_EXECUTOR, "id", executor_id, NULL);
}

/**
 * glaux_executor_new_from_json:
 * @json: an ExecutorsSummary object
 *
 * Returns: (transfer full): a new executor
 */
GlauxExecutor *
glaux_executor_new_from_json (JsonObject *json)
{
  GlauxExecutor *self;

  g_return_val_if_fail (json != NULL, NULL);

  self = glaux_executor_new (NULL);
  glaux_executor_update_from_json (self, json);
  return self;
}

static int
type_from_string (const char *name)
{
  return glaux_executor_type_from_string (name);
}

static int
state_from_string (const char *name)
{
  return glaux_executor_state_from_string (name);
}

/**
 * glaux_executor_update_from_json:
 * @json: an ExecutorsSummary object
 *
 * Updates the executor in place; only properties whose value changed are notified, members
 * that are absent leave their property untouched and unknown members are ignored.
 */
void
glaux_executor_update_from_json (GlauxExecutor *self,
                                 JsonObject    *json)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (GLAUX_IS_EXECUTOR (self));
  g_return_if_fail (json != NULL);

  g_object_freeze_notify (object);

  _glaux_athena_update_string (object, properties[PROP_ID], &self->id, json, "ExecutorId");
  _glaux_athena_update_enum (object, properties[PROP_EXECUTOR_TYPE], properties[PROP_TYPE_NAME],
                             (int *)&self->executor_type, &self->type_name, json, "ExecutorType",
                             type_from_string);
  _glaux_athena_update_int64 (object, properties[PROP_SIZE], &self->size, json, "ExecutorSize");
  _glaux_athena_update_enum (object, properties[PROP_STATE], properties[PROP_STATE_NAME],
                             (int *)&self->state, &self->state_name, json, "ExecutorState",
                             state_from_string);
  _glaux_athena_update_int64 (object, properties[PROP_START_DATE_TIME],
                              &self->start_date_time, json, "StartDateTime");
  _glaux_athena_update_int64 (object, properties[PROP_TERMINATION_DATE_TIME],
                              &self->termination_date_time, json, "TerminationDateTime");

  g_object_thaw_notify (object);
}

/* ExecutorsSummary has no SessionId: ListExecutors gives it once for the whole page. */
void
glaux_executor_set_session_id (GlauxExecutor *self,
                               const char    *session_id)
{
  g_return_if_fail (GLAUX_IS_EXECUTOR (self));

  if (_glaux_athena_set_string (&self->session_id, session_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ID]);
}

const char *
glaux_executor_get_id (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), NULL);
  return self->id;
}

const char *
glaux_executor_get_session_id (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), NULL);
  return self->session_id;
}

GlauxExecutorType
glaux_executor_get_executor_type (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), GLAUX_EXECUTOR_TYPE_UNKNOWN);
  return self->executor_type;
}

/* The type exactly as the server spelled it, also when Glaux does not know the value. */
const char *
glaux_executor_get_type_name (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), NULL);
  return self->type_name;
}

/* ExecutorSize, in DPUs. */
gint64
glaux_executor_get_size (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), 0);
  return self->size;
}

GlauxExecutorState
glaux_executor_get_state (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), GLAUX_EXECUTOR_STATE_UNKNOWN);
  return self->state;
}

/* The state exactly as the server spelled it, also when Glaux does not know the value. */
const char *
glaux_executor_get_state_name (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), NULL);
  return self->state_name;
}

gint64
glaux_executor_get_start_date_time (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), 0);
  return self->start_date_time;
}

gint64
glaux_executor_get_termination_date_time (GlauxExecutor *self)
{
  g_return_val_if_fail (GLAUX_IS_EXECUTOR (self), 0);
  return self->termination_date_time;
}
