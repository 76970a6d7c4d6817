/* glaux-calculation-run.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-calculation-run"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-aws-error.h"
#include "glaux-calculation-run.h"

#define POLL_INTERVAL_MS 500
#define TICK_INTERVAL_MS 1000
/* Status polls that may fail in a row (the client already retried each) before giving up. */
#define MAX_POLL_FAILURES 3

struct _GlauxCalculationRun
{
  GObject           parent_instance;

  GlauxConnection  *connection;
  char             *session_id;
  char             *code;
  char             *description;
  char             *token;

  GlauxCalculation *calculation;
  GError           *error;
  GCancellable     *cancellable;
  guint             poll_id;
  guint             tick_id;
  gint64            local_start;    /* real time (µs) when start() was called */
  gint64            elapsed;
  guint             poll_failures;
  guint             started : 1;
  guint             running : 1;
  guint             stop_requested : 1;
  guint             stop_sent : 1;
};

G_DEFINE_FINAL_TYPE (GlauxCalculationRun, glaux_calculation_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CALCULATION,
  PROP_RUNNING,
  PROP_ELAPSED,
  PROP_ERROR,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_poll (GlauxCalculationRun *self);

static void
glaux_calculation_run_dispose (GObject *object)
{
  GlauxCalculationRun *self = (GlauxCalculationRun *)object;

  /* Callbacks still pending see G_IO_ERROR_CANCELLED and leave self alone. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->connection);
  g_clear_object (&self->calculation);

  G_OBJECT_CLASS (glaux_calculation_run_parent_class)->dispose (object);
}

static void
glaux_calculation_run_finalize (GObject *object)
{
  GlauxCalculationRun *self = (GlauxCalculationRun *)object;

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->session_id);
  g_free (self->code);
  g_free (self->description);
  g_free (self->token);

  G_OBJECT_CLASS (glaux_calculation_run_parent_class)->finalize (object);
}

static void
glaux_calculation_run_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GlauxCalculationRun *self = GLAUX_CALCULATION_RUN (object);

  switch (prop_id)
    {
    case PROP_CALCULATION:
      g_value_set_object (value, self->calculation);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_ELAPSED:
      g_value_set_int64 (value, self->elapsed);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_calculation_run_class_init (GlauxCalculationRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_calculation_run_dispose;
  object_class->finalize = glaux_calculation_run_finalize;
  object_class->get_property = glaux_calculation_run_get_property;

  properties[PROP_CALCULATION] =
    g_param_spec_object ("calculation", NULL, NULL, GLAUX_TYPE_CALCULATION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ELAPSED] =
    g_param_spec_int64 ("elapsed", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
glaux_calculation_run_init (GlauxCalculationRun *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * glaux_calculation_run_new:
 * @description: (nullable): the calculation's description
 *
 * Returns: (transfer full): a run, not started yet
 */
GlauxCalculationRun *
glaux_calculation_run_new (GlauxConnection *connection,
                           const char      *session_id,
                           const char      *code,
                           const char      *description)
{
  GlauxCalculationRun *self;

  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_CALCULATION_RUN, NULL);
  self->connection = g_object_ref (connection);
  self->session_id = g_strdup (session_id);
  self->code = g_strdup (code);
  self->description = description != NULL && *description != '\0' ? g_strdup (description) : NULL;

  return self;
}

/* Elapsed time */

static gint64
compute_elapsed (GlauxCalculationRun *self)
{
  GDateTime *submitted = NULL;
  GDateTime *completed = NULL;
  gint64 start = self->local_start;
  gint64 end = g_get_real_time ();

  if (self->calculation != NULL)
    {
      submitted = glaux_calculation_get_submission_time (self->calculation);
      completed = glaux_calculation_get_completion_time (self->calculation);
    }
  if (submitted != NULL)
    start = g_date_time_to_unix (submitted) * G_USEC_PER_SEC
            + g_date_time_get_microsecond (submitted);
  if (!self->running && completed != NULL)
    end = g_date_time_to_unix (completed) * G_USEC_PER_SEC
          + g_date_time_get_microsecond (completed);

  return MAX (end - start, 0);
}

static void
update_elapsed (GlauxCalculationRun *self)
{
  gint64 elapsed = compute_elapsed (self);

  if (elapsed == self->elapsed)
    return;

  self->elapsed = elapsed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_elapsed (GLAUX_CALCULATION_RUN (user_data));

  return G_SOURCE_CONTINUE;
}

/* Ending */

static void
finish (GlauxCalculationRun *self,
        GError              *error)
{
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  g_object_freeze_notify (G_OBJECT (self));
  if (error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  update_elapsed (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FINISHED], 0);
}

static GlauxAthenaClient *
athena_client (GlauxCalculationRun  *self,
               GError              **error)
{
  GlauxAthenaClient *athena = glaux_connection_get_athena_client (self->connection);

  if (athena == NULL)
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK,
                 _("Not connected to “%s”; connect again, then run the code again."),
                 glaux_connection_get_title (self->connection));

  return athena;
}

/* A session that is still running something refuses new work with InvalidRequestException
 * "Session is in the BUSY state; needs to be IDLE to accept Calculations." */
static GError *
translate_start_error (GError *error)
{
  const char *message = glaux_aws_error_get_message (error);

  if (g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE) &&
      g_strcmp0 (glaux_aws_error_get_name (error), "InvalidRequestException") == 0 &&
      message != NULL && strstr (message, "BUSY state") != NULL)
    {
      g_error_free (error);
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY,
                                  _("The session is busy with another calculation; wait for it "
                                    "to finish or stop it (Ctrl+.)"));
    }

  return error;
}

/* Stopping */

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GlauxCalculationRun *self;
  GError *error = NULL;

  if (glaux_athena_client_stop_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                             NULL, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  /* Polling goes on: the calculation may still end by itself. */
  self = GLAUX_CALCULATION_RUN (user_data);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
send_stop (GlauxCalculationRun *self)
{
  GlauxAthenaClient *athena;
  GError *error = NULL;

  if (self->stop_sent)
    return;

  athena = athena_client (self, &error);
  if (athena == NULL)
    {
      g_clear_error (&self->error);
      self->error = error;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      return;
    }

  self->stop_sent = TRUE;
  glaux_athena_client_stop_calculation_execution_async (athena,
                                                        glaux_calculation_get_id (self->calculation),
                                                        self->calculation, self->cancellable,
                                                        stop_cb, self);
}

/* Polling */

static void
final_get_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  GlauxCalculationRun *self;
  GError *error = NULL;

  calculation = glaux_athena_client_get_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object),
                                                                      result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  self = GLAUX_CALCULATION_RUN (user_data);
  finish (self, error);
}

static void
fetch_final (GlauxCalculationRun *self)
{
  GlauxAthenaClient *athena;
  GError *error = NULL;

  athena = athena_client (self, &error);
  if (athena == NULL)
    {
      finish (self, error);
      return;
    }

  glaux_athena_client_get_calculation_execution_async (athena,
                                                       glaux_calculation_get_id (self->calculation),
                                                       self->calculation, self->cancellable,
                                                       final_get_cb, self);
}

static void
handle_state (GlauxCalculationRun *self)
{
  if (glaux_calculation_state_is_terminal (glaux_calculation_get_state (self->calculation)))
    fetch_final (self);
  else
    schedule_poll (self);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  GlauxCalculationRun *self;
  GError *error = NULL;

  calculation =
    glaux_athena_client_get_calculation_execution_status_finish (GLAUX_ATHENA_CLIENT (object),
                                                                 result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  self = GLAUX_CALCULATION_RUN (user_data);
  if (error != NULL)
    {
      g_debug ("Status of %s: %s", glaux_calculation_get_id (self->calculation), error->message);
      if (++self->poll_failures >= MAX_POLL_FAILURES)
        {
          finish (self, error);
          return;
        }
      g_error_free (error);
      schedule_poll (self);
      return;
    }

  self->poll_failures = 0;
  handle_state (self);
}

static gboolean
poll_cb (gpointer user_data)
{
  GlauxCalculationRun *self = GLAUX_CALCULATION_RUN (user_data);
  GlauxAthenaClient *athena;
  GError *error = NULL;

  self->poll_id = 0;

  athena = athena_client (self, &error);
  if (athena == NULL)
    {
      finish (self, error);
      return G_SOURCE_REMOVE;
    }

  glaux_athena_client_get_calculation_execution_status_async (athena,
                                                              glaux_calculation_get_id (self->calculation),
                                                              self->calculation, self->cancellable,
                                                              status_cb, self);

  return G_SOURCE_REMOVE;
}

/* The next poll is scheduled only once the previous answer is in: one request at a time. */
static void
schedule_poll (GlauxCalculationRun *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

/* Starting */

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  GlauxCalculationRun *self;
  GError *error = NULL;

  calculation =
    glaux_athena_client_start_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object),
                                                            result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  self = GLAUX_CALCULATION_RUN (user_data);
  if (error != NULL)
    {
      finish (self, translate_start_error (error));
      return;
    }

  self->calculation = g_steal_pointer (&calculation);
  if (glaux_calculation_get_session_id (self->calculation) == NULL)
    glaux_calculation_set_session_id (self->calculation, self->session_id);
  if (glaux_calculation_get_code (self->calculation) == NULL)
    glaux_calculation_set_code (self->calculation, self->code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALCULATION]);

  if (self->stop_requested)
    send_stop (self);

  handle_state (self);
}

/**
 * glaux_calculation_run_start:
 *
 * Starts the calculation. The ClientRequestToken is made once per run, so a start request
 * the client layer sends again after a network failure cannot run the code twice.
 */
void
glaux_calculation_run_start (GlauxCalculationRun *self)
{
  GlauxAthenaClient *athena;
  GError *error = NULL;

  g_return_if_fail (GLAUX_IS_CALCULATION_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->token = g_uuid_string_random ();
  self->local_start = g_get_real_time ();
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  athena = athena_client (self, &error);
  if (athena == NULL)
    {
      finish (self, error);
      return;
    }

  self->tick_id = g_timeout_add (TICK_INTERVAL_MS, tick_cb, self);
  glaux_athena_client_start_calculation_execution_async (athena, self->session_id, self->code,
                                                         self->description, self->token,
                                                         self->cancellable, start_cb, self);
}

/**
 * glaux_calculation_run_stop:
 *
 * Asks Athena to stop the calculation (at once, or as soon as the start request has answered).
 * Polling goes on until the calculation reaches a final state.
 */
void
glaux_calculation_run_stop (GlauxCalculationRun *self)
{
  g_return_if_fail (GLAUX_IS_CALCULATION_RUN (self));

  if (!self->running)
    return;

  self->stop_requested = TRUE;
  if (self->calculation != NULL)
    send_stop (self);
}

void
glaux_calculation_run_abandon (GlauxCalculationRun *self)
{
  g_return_if_fail (GLAUX_IS_CALCULATION_RUN (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

/**
 * glaux_calculation_run_get_calculation:
 *
 * Returns: (transfer none) (nullable): the calculation, once the start request answered
 */
GlauxCalculation *
glaux_calculation_run_get_calculation (GlauxCalculationRun *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_RUN (self), NULL);

  return self->calculation;
}

gboolean
glaux_calculation_run_get_running (GlauxCalculationRun *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_RUN (self), FALSE);

  return self->running;
}

gint64
glaux_calculation_run_get_elapsed (GlauxCalculationRun *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_RUN (self), 0);

  return self->elapsed;
}

const GError *
glaux_calculation_run_get_error (GlauxCalculationRun *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_RUN (self), NULL);

  return self->error;
}

const char *
glaux_calculation_run_get_code (GlauxCalculationRun *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_RUN (self), NULL);

  return self->code;
}
