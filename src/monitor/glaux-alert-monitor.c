/* glaux-alert-monitor.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-alert-monitor"

#include "config.h"

#include <math.h>

#include "glaux-alert-monitor.h"

/* How it works: one tick per interval lists the Spark workgroups the session monitor does not
 * cover, asks for the sessions only this monitor sees when their cost matters, then looks at
 * every live session for idle alerts and at today's cost for the budget. Requests carry the
 * monitor's cancellable and a key in in_flight, so a slow answer is never doubled; dispose
 * cancels them and their callbacks then leave the monitor alone. */

#define DEFAULT_INTERVAL_MS 15000

typedef struct
{
  gint64 idle_since;    /* µs, the idle period last seen (0: not idle) */
  guint  alerted : 1;   /* alerted for that period */
  guint  kept : 1;      /* "Keep" until the session is next busy */
} AlertState;

struct _GlauxAlertMonitor
{
  GObject              parent_instance;

  GlauxSessionMonitor *monitor;
  GlauxCostModel      *cost_model;
  GlauxHistoryStore   *history;
  GCancellable        *cancellable;

  GHashTable          *listed;      /* session id → GlauxSession, from our own ListSessions */
  GHashTable          *alerts;      /* session id → AlertState */
  GHashTable          *in_flight;   /* request keys */

  GlauxAlertClockFunc  clock;
  gpointer             clock_data;

  double               idle_threshold_seconds;
  double               daily_budget;
  char                *budget_notified_day;
  guint                interval_ms;
  guint                tick_id;
};

G_DEFINE_FINAL_TYPE (GlauxAlertMonitor, glaux_alert_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION_MONITOR,
  PROP_COST_MODEL,
  PROP_HISTORY_STORE,
  PROP_IDLE_THRESHOLD_SECONDS,
  PROP_DAILY_BUDGET,
  PROP_BUDGET_NOTIFIED_DAY,
  PROP_INTERVAL_MS,
  N_PROPS
};

enum {
  SIGNAL_IDLE_ALERT,
  SIGNAL_BUDGET_EXCEEDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void check_alerts (GlauxAlertMonitor *self);

static gint64
now (GlauxAlertMonitor *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
}

static GlauxConnection *
connection (GlauxAlertMonitor *self)
{
  return glaux_session_monitor_get_connection (self->monitor);
}

/* Requests */

typedef struct
{
  GlauxAlertMonitor *self;         /* not a reference: valid while cancellable is not cancelled */
  GCancellable      *cancellable;
  char              *key;
  char              *name;         /* workgroup or session id */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->key, g_free);
  g_clear_pointer (&request->name, g_free);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* NULL while a request for @key is in flight: its answer will do. */
static Request *
request_new (GlauxAlertMonitor *self,
             char              *key,
             const char        *name)
{
  Request *request;

  if (g_hash_table_contains (self->in_flight, key))
    {
      g_free (key);
      return NULL;
    }

  request = g_new0 (Request, 1);
  request->self = self;
  request->cancellable = g_object_ref (self->cancellable);
  request->key = key;
  request->name = g_strdup (name);
  g_hash_table_add (self->in_flight, g_strdup (key));

  return request;
}

static GlauxAlertMonitor *
request_complete (Request *request)
{
  if (g_cancellable_is_cancelled (request->cancellable))
    return NULL;

  g_hash_table_remove (request->self->in_flight, request->key);
  return request->self;
}

/* Sessions only this monitor sees */

static void
get_session_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GlauxAlertMonitor *self;
  GlauxSession *known;

  session = glaux_athena_client_get_session_finish (GLAUX_ATHENA_CLIENT (object), result, &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (session == NULL)
    {
      g_debug ("GetSession %s: %s", request->name, error->message);
      return;
    }

  known = g_hash_table_lookup (self->listed, request->name);
  if (known == NULL)
    return;

  if (self->history != NULL)
    {
      GlauxConnection *conn = connection (self);
      const char *id = glaux_connection_get_id (conn);

      glaux_history_store_record_session (self->history, id, glaux_connection_get_region (conn),
                                          glaux_session_get_workgroup (known), known);
      glaux_history_store_record_sample (self->history, id, request->name, g_get_real_time (),
                                         MAX (glaux_session_get_coordinator_dpu_size (known), 1),
                                         0, glaux_session_get_dpu_execution_millis (known));
    }

  check_alerts (self);
}

static void
get_session (GlauxAlertMonitor *self,
             GlauxAthenaClient *client,
             GlauxSession      *session)
{
  const char *id = glaux_session_get_id (session);
  Request *request = request_new (self, g_strconcat ("get:", id, NULL), id);

  if (request == NULL)
    return;

  glaux_athena_client_get_session_async (client, id, session, request->cancellable,
                                         get_session_cb, request);
}

static gboolean
costs_matter (GlauxAlertMonitor *self)
{
  return self->history != NULL || self->daily_budget > 0.0;
}

static void
list_sessions_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GlauxAthenaClient *client;
  GlauxAlertMonitor *self;
  GHashTableIter iter;
  gpointer key, value;

  sessions = glaux_athena_client_list_sessions_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                       &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (sessions == NULL)
    {
      g_debug ("ListSessions %s: %s", request->name, error->message);
      return;
    }

  client = glaux_connection_get_athena_client (connection (self));

  for (guint i = 0; i < sessions->len; i++)
    {
      GlauxSession *listed = g_ptr_array_index (sessions, i);
      const char *id = glaux_session_get_id (listed);
      GlauxSession *known;

      if (id == NULL)
        continue;

      g_hash_table_add (seen, (gpointer)id);
      glaux_session_set_workgroup (listed, request->name);

      /* Without GetSession the summary's status is all there is, so the newest one replaces
       * the old object; with it, the known object keeps its DPUs and is updated in place. */
      known = g_hash_table_lookup (self->listed, id);
      if (known == NULL || !costs_matter (self))
        {
          g_hash_table_replace (self->listed, g_strdup (id), g_object_ref (listed));
          known = listed;
        }

      if (client != NULL && costs_matter (self))
        get_session (self, client, known);
    }

  /* What this workgroup no longer lists has ended. */
  g_hash_table_iter_init (&iter, self->listed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (glaux_session_get_workgroup (value), request->name) == 0 &&
          !g_hash_table_contains (seen, key))
        g_hash_table_iter_remove (&iter);
    }

  check_alerts (self);
}

static void
list_sessions (GlauxAlertMonitor *self,
               GlauxAthenaClient *client,
               const char        *workgroup)
{
  Request *request = request_new (self, g_strconcat ("list:", workgroup, NULL), workgroup);

  if (request == NULL)
    return;

  glaux_athena_client_list_sessions_async (client, workgroup, GLAUX_SESSION_STATE_UNKNOWN, 0,
                                           request->cancellable, list_sessions_cb, request);
}

/* Idle alerts */

static gint64
date_time_to_usec (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC + g_date_time_get_microsecond (date_time);
}

static gboolean
state_is_ended (GlauxSessionState state)
{
  return state == GLAUX_SESSION_STATE_TERMINATED || state == GLAUX_SESSION_STATE_FAILED ||
         state == GLAUX_SESSION_STATE_DEGRADED;
}

static void
check_session (GlauxAlertMonitor *self,
               GlauxSession      *session,
               int                dpus_now,
               gint64             time)
{
  const char *id = glaux_session_get_id (session);
  GlauxSessionState state = glaux_session_get_state (session);
  GDateTime *idle_since_time;
  AlertState *alert;
  gint64 idle_since;
  double idle_seconds;
  double dpus;
  double per_hour;

  if (id == NULL)
    return;

  if (state_is_ended (state))
    {
      g_hash_table_remove (self->alerts, id);
      return;
    }

  alert = g_hash_table_lookup (self->alerts, id);
  if (alert == NULL)
    {
      alert = g_new0 (AlertState, 1);
      g_hash_table_insert (self->alerts, g_strdup (id), alert);
    }

  /* Anything but IDLE ends the idle period; being BUSY also ends a "Keep" (a session kept
   * while it was still starting stays kept through its first idle period). */
  if (state != GLAUX_SESSION_STATE_IDLE)
    {
      alert->idle_since = 0;
      alert->alerted = FALSE;
      if (state == GLAUX_SESSION_STATE_BUSY)
        alert->kept = FALSE;
      return;
    }

  idle_since_time = glaux_session_get_idle_since_time (session);
  idle_since = idle_since_time != NULL ? date_time_to_usec (idle_since_time)
                                       : alert->idle_since != 0 ? alert->idle_since : time;

  /* Another idle period than the one seen: the session was busy in between, even if no poll
   * saw it. */
  if (alert->idle_since != idle_since)
    {
      if (alert->idle_since != 0)
        alert->kept = FALSE;
      alert->idle_since = idle_since;
      alert->alerted = FALSE;
    }

  idle_seconds = (double)(time - idle_since) / G_USEC_PER_SEC;
  if (alert->alerted || alert->kept || !(self->idle_threshold_seconds > 0.0) ||
      idle_seconds < self->idle_threshold_seconds)
    return;

  alert->alerted = TRUE;

  /* An idle session holds its coordinator, plus whatever executors are still up. */
  dpus = dpus_now > 0 ? dpus_now : MAX (glaux_session_get_coordinator_dpu_size (session), 1);
  per_hour = glaux_cost_model_burn_rate_for_connection (self->cost_model,
                                                        glaux_connection_get_id (connection (self)),
                                                        glaux_connection_get_region (connection (self)),
                                                        dpus);

  g_signal_emit (self, signals[SIGNAL_IDLE_ALERT], 0, session, idle_seconds, per_hour);
}

static void
check_alerts (GlauxAlertMonitor *self)
{
  GListModel *watched = glaux_session_monitor_get_sessions (self->monitor);
  guint n = g_list_model_get_n_items (watched);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) dpus = g_array_new (FALSE, FALSE, sizeof (int));
  gint64 time = now (self);
  GHashTableIter iter;
  gpointer key, value;

  /* Collected first: a handler may terminate a session or change the models. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxSessionWatch) watch = g_list_model_get_item (watched, i);
      int dpus_now = glaux_session_watch_get_dpus_now (watch);

      g_ptr_array_add (sessions, g_object_ref (glaux_session_watch_get_session (watch)));
      g_array_append_val (dpus, dpus_now);
    }

  g_hash_table_iter_init (&iter, self->listed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int unknown = -1;

      if (glaux_session_monitor_lookup (self->monitor, key) != NULL)
        continue;
      g_ptr_array_add (sessions, g_object_ref (value));
      g_array_append_val (dpus, unknown);
    }

  g_object_ref (self);
  for (guint i = 0; i < sessions->len && !g_cancellable_is_cancelled (self->cancellable); i++)
    check_session (self, g_ptr_array_index (sessions, i), g_array_index (dpus, int, i), time);
  g_object_unref (self);
}

/* Budget */

static void
budget_reached (GlauxAlertMonitor *self,
                const char        *day,
                double             cost_today)
{
  if (!(self->daily_budget > 0.0) || cost_today < self->daily_budget ||
      g_strcmp0 (self->budget_notified_day, day) == 0)
    return;

  glaux_alert_monitor_set_budget_notified_day (self, day);
  g_signal_emit (self, signals[SIGNAL_BUDGET_EXCEEDED], 0, cost_today, self->daily_budget);
}

static void
daily_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GlauxHistoryDaily) daily = NULL;
  g_autoptr(GError) error = NULL;
  GlauxAlertMonitor *self;
  GlauxConnection *conn;
  double cost;

  daily = glaux_history_store_query_daily_finish (GLAUX_HISTORY_STORE (object), result, &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (daily == NULL)
    {
      g_debug ("Today's cost: %s", error->message);
      return;
    }

  /* The store prices per region; a connection's own price replaces them all. */
  conn = connection (self);
  if (glaux_cost_model_has_connection_price (self->cost_model, glaux_connection_get_id (conn),
                                             NULL))
    cost = glaux_cost_model_cost_for_connection (self->cost_model, glaux_connection_get_id (conn),
                                                 glaux_connection_get_region (conn),
                                                 daily->dpu_millis[daily->n_days - 1]);
  else
    cost = daily->cost[daily->n_days - 1];

  budget_reached (self, request->name, cost);
}

/* Without a history, the live sessions are all there is: their whole cost counts as today's. */
static double
live_cost (GlauxAlertMonitor *self)
{
  GListModel *watched = glaux_session_monitor_get_sessions (self->monitor);
  GlauxConnection *conn = connection (self);
  guint n = g_list_model_get_n_items (watched);
  GHashTableIter iter;
  gpointer key, value;
  double cost = 0.0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxSessionWatch) watch = g_list_model_get_item (watched, i);
      GlauxSession *session = glaux_session_watch_get_session (watch);

      cost += glaux_cost_model_session_cost_for_connection (
        self->cost_model, glaux_connection_get_id (conn), glaux_connection_get_region (conn),
        glaux_session_get_dpu_execution_millis (session),
        glaux_session_get_coordinator_dpu_size (session));
    }

  g_hash_table_iter_init (&iter, self->listed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (glaux_session_monitor_lookup (self->monitor, key) != NULL)
        continue;
      cost += glaux_cost_model_session_cost_for_connection (
        self->cost_model, glaux_connection_get_id (conn), glaux_connection_get_region (conn),
        glaux_session_get_dpu_execution_millis (value),
        glaux_session_get_coordinator_dpu_size (value));
    }

  return cost;
}

static void
check_budget (GlauxAlertMonitor *self)
{
  gint64 time = now (self);
  g_autofree char *day = glaux_alert_monitor_format_day (time);
  Request *request;

  if (!(self->daily_budget > 0.0) || g_strcmp0 (self->budget_notified_day, day) == 0)
    return;

  if (self->history == NULL)
    {
      budget_reached (self, day, live_cost (self));
      return;
    }

  request = request_new (self, g_strdup ("daily"), day);
  if (request == NULL)
    return;

  glaux_history_store_query_daily_async (self->history,
                                         glaux_connection_get_id (connection (self)), NULL, 1,
                                         time, NULL, self->cost_model, request->cancellable,
                                         daily_cb, request);
}

/* Ticks */

static void
tick (GlauxAlertMonitor *self)
{
  GListModel *workgroups = glaux_session_monitor_get_workgroups (self->monitor);
  const char *selected = glaux_session_monitor_get_workgroup (self->monitor);
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection (self));
  guint n = g_list_model_get_n_items (workgroups);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (workgroups, i);
      const char *name = glaux_workgroup_get_name (workgroup);

      /* The session monitor polls the selected workgroup's sessions already. */
      if (name == NULL || g_strcmp0 (name, selected) == 0 ||
          !glaux_workgroup_get_is_spark (workgroup) ||
          glaux_workgroup_get_state (workgroup) == GLAUX_WORKGROUP_STATE_DISABLED)
        continue;

      g_hash_table_add (names, (gpointer)name);
      if (client != NULL)
        list_sessions (self, client, name);
    }

  /* Sessions of workgroups we no longer list (now selected, or gone). */
  g_hash_table_iter_init (&iter, self->listed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!g_hash_table_contains (names, glaux_session_get_workgroup (value)))
        g_hash_table_iter_remove (&iter);
    }

  check_alerts (self);
  check_budget (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
schedule_ticks (GlauxAlertMonitor *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add (self->interval_ms, tick_cb, self);
}

/* GObject */

static void
glaux_alert_monitor_constructed (GObject *object)
{
  GlauxAlertMonitor *self = (GlauxAlertMonitor *)object;

  G_OBJECT_CLASS (glaux_alert_monitor_parent_class)->constructed (object);

  g_assert (GLAUX_IS_SESSION_MONITOR (self->monitor));

  if (self->cost_model == NULL)
    self->cost_model = g_object_ref (glaux_cost_model_get_default ());

  glaux_session_monitor_start (self->monitor);
  schedule_ticks (self);
}

static void
glaux_alert_monitor_dispose (GObject *object)
{
  GlauxAlertMonitor *self = (GlauxAlertMonitor *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->monitor != NULL)
    glaux_session_monitor_stop (self->monitor);

  g_clear_object (&self->monitor);
  g_clear_object (&self->cost_model);
  g_clear_object (&self->history);
  if (self->listed != NULL)
    g_hash_table_remove_all (self->listed);

  G_OBJECT_CLASS (glaux_alert_monitor_parent_class)->dispose (object);
}

static void
glaux_alert_monitor_finalize (GObject *object)
{
  GlauxAlertMonitor *self = (GlauxAlertMonitor *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->listed, g_hash_table_unref);
  g_clear_pointer (&self->alerts, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->budget_notified_day, g_free);

  G_OBJECT_CLASS (glaux_alert_monitor_parent_class)->finalize (object);
}

static void
glaux_alert_monitor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxAlertMonitor *self = GLAUX_ALERT_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_COST_MODEL:
      g_value_set_object (value, self->cost_model);
      break;

    case PROP_HISTORY_STORE:
      g_value_set_object (value, self->history);
      break;

    case PROP_IDLE_THRESHOLD_SECONDS:
      g_value_set_double (value, self->idle_threshold_seconds);
      break;

    case PROP_DAILY_BUDGET:
      g_value_set_double (value, self->daily_budget);
      break;

    case PROP_BUDGET_NOTIFIED_DAY:
      g_value_set_string (value, self->budget_notified_day);
      break;

    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_alert_monitor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GlauxAlertMonitor *self = GLAUX_ALERT_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    case PROP_COST_MODEL:
      self->cost_model = g_value_dup_object (value);
      break;

    case PROP_HISTORY_STORE:
      glaux_alert_monitor_set_history_store (self, g_value_get_object (value));
      break;

    case PROP_IDLE_THRESHOLD_SECONDS:
      glaux_alert_monitor_set_idle_threshold_seconds (self, g_value_get_double (value));
      break;

    case PROP_DAILY_BUDGET:
      glaux_alert_monitor_set_daily_budget (self, g_value_get_double (value));
      break;

    case PROP_BUDGET_NOTIFIED_DAY:
      glaux_alert_monitor_set_budget_notified_day (self, g_value_get_string (value));
      break;

    case PROP_INTERVAL_MS:
      glaux_alert_monitor_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_alert_monitor_class_init (GlauxAlertMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = glaux_alert_monitor_constructed;
  object_class->dispose = glaux_alert_monitor_dispose;
  object_class->finalize = glaux_alert_monitor_finalize;
  object_class->get_property = glaux_alert_monitor_get_property;
  object_class->set_property = glaux_alert_monitor_set_property;

  properties[PROP_SESSION_MONITOR] =
    g_param_spec_object ("session-monitor", NULL, NULL, GLAUX_TYPE_SESSION_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COST_MODEL] =
    g_param_spec_object ("cost-model", NULL, NULL, GLAUX_TYPE_COST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HISTORY_STORE] =
    g_param_spec_object ("history-store", NULL, NULL, GLAUX_TYPE_HISTORY_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IDLE_THRESHOLD_SECONDS] =
    g_param_spec_double ("idle-threshold-seconds", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DAILY_BUDGET] =
    g_param_spec_double ("daily-budget", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUDGET_NOTIFIED_DAY] =
    g_param_spec_string ("budget-notified-day", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL, 0, G_MAXUINT, DEFAULT_INTERVAL_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxAlertMonitor::idle-alert:
   * @session: the idle session (its workgroup set)
   * @idle_seconds: how long it has been idle
   * @cost_per_hour: what it burns per hour meanwhile, US dollars
   */
  signals[SIGNAL_IDLE_ALERT] =
    g_signal_new ("idle-alert",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, GLAUX_TYPE_SESSION, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * GlauxAlertMonitor::budget-exceeded:
   * @cost_today: the connection's cost today, US dollars
   * @budget: the daily budget
   */
  signals[SIGNAL_BUDGET_EXCEEDED] =
    g_signal_new ("budget-exceeded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
glaux_alert_monitor_init (GlauxAlertMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  self->listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->interval_ms = DEFAULT_INTERVAL_MS;
}

/* Public API */

GlauxAlertMonitor *
glaux_alert_monitor_new (GlauxSessionMonitor *monitor)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (monitor), NULL);

  return g_object_new (GLAUX_TYPE_ALERT_MONITOR,
                       "session-monitor", monitor,
                       NULL);
}

/**
 * glaux_alert_monitor_get_session_monitor:
 *
 * Returns: (transfer none): the session monitor
 */
GlauxSessionMonitor *
glaux_alert_monitor_get_session_monitor (GlauxAlertMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_ALERT_MONITOR (self), NULL);

  return self->monitor;
}

/**
 * glaux_alert_monitor_get_connection:
 *
 * Returns: (transfer none): the connection watched
 */
GlauxConnection *
glaux_alert_monitor_get_connection (GlauxAlertMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_ALERT_MONITOR (self), NULL);

  return connection (self);
}

double
glaux_alert_monitor_get_idle_threshold_seconds (GlauxAlertMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_ALERT_MONITOR (self), 0.0);

  return self->idle_threshold_seconds;
}

/**
 * glaux_alert_monitor_set_idle_threshold_seconds:
 * @seconds: how long a session may idle before an alert (≤ 0: never)
 *
 * Sessions already alerted for their current idle period are not alerted again.
 */
void
glaux_alert_monitor_set_idle_threshold_seconds (GlauxAlertMonitor *self,
                                                double             seconds)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));

  if (!(seconds > 0.0) || !isfinite (seconds))
    seconds = 0.0;
  if (self->idle_threshold_seconds == seconds)
    return;

  self->idle_threshold_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_THRESHOLD_SECONDS]);
}

double
glaux_alert_monitor_get_daily_budget (GlauxAlertMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_ALERT_MONITOR (self), 0.0);

  return self->daily_budget;
}

/**
 * glaux_alert_monitor_set_daily_budget:
 * @dollars: US dollars per local day (≤ 0: no budget)
 */
void
glaux_alert_monitor_set_daily_budget (GlauxAlertMonitor *self,
                                      double             dollars)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));

  if (!(dollars > 0.0) || !isfinite (dollars))
    dollars = 0.0;
  if (self->daily_budget == dollars)
    return;

  self->daily_budget = dollars;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAILY_BUDGET]);
}

/**
 * glaux_alert_monitor_get_budget_notified_day:
 *
 * Returns: (nullable): the local day ("YYYY-MM-DD") the budget was last reported exceeded
 */
const char *
glaux_alert_monitor_get_budget_notified_day (GlauxAlertMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_ALERT_MONITOR (self), NULL);

  return self->budget_notified_day;
}

/**
 * glaux_alert_monitor_set_budget_notified_day:
 * @day: (nullable): "YYYY-MM-DD"; the application restores it at start, so a restart does not
 *   report the same day twice
 */
void
glaux_alert_monitor_set_budget_notified_day (GlauxAlertMonitor *self,
                                             const char        *day)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));

  if (day != NULL && *day == '\0')
    day = NULL;
  if (g_strcmp0 (self->budget_notified_day, day) == 0)
    return;

  g_free (self->budget_notified_day);
  self->budget_notified_day = g_strdup (day);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET_NOTIFIED_DAY]);
}

/**
 * glaux_alert_monitor_set_history_store:
 * @history: (nullable): where today's cost comes from
 */
void
glaux_alert_monitor_set_history_store (GlauxAlertMonitor *self,
                                       GlauxHistoryStore *history)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));
  g_return_if_fail (history == NULL || GLAUX_IS_HISTORY_STORE (history));

  if (g_set_object (&self->history, history))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_STORE]);
}

/**
 * glaux_alert_monitor_set_interval:
 * @interval_ms: how often to look (0: the default, 15 s; the slow polling interval is right)
 */
void
glaux_alert_monitor_set_interval (GlauxAlertMonitor *self,
                                  guint              interval_ms)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));

  if (interval_ms == 0)
    interval_ms = DEFAULT_INTERVAL_MS;
  if (self->interval_ms == interval_ms)
    return;

  self->interval_ms = interval_ms;
  if (self->tick_id != 0)
    schedule_ticks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
}

/**
 * glaux_alert_monitor_set_clock:
 * @clock: (nullable): returns µs since the Unix epoch
 */
void
glaux_alert_monitor_set_clock (GlauxAlertMonitor   *self,
                               GlauxAlertClockFunc  clock,
                               gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));

  self->clock = clock;
  self->clock_data = user_data;
}

void
glaux_alert_monitor_keep_session (GlauxAlertMonitor *self,
                                  const char        *session_id)
{
  AlertState *alert;

  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));
  g_return_if_fail (session_id != NULL);

  alert = g_hash_table_lookup (self->alerts, session_id);
  if (alert == NULL)
    {
      alert = g_new0 (AlertState, 1);
      g_hash_table_insert (self->alerts, g_strdup (session_id), alert);
    }

  alert->kept = TRUE;
}

/**
 * glaux_alert_monitor_lookup_session:
 *
 * Returns: (nullable) (transfer none): the session as last seen
 */
GlauxSession *
glaux_alert_monitor_lookup_session (GlauxAlertMonitor *self,
                                    const char        *session_id)
{
  GlauxSessionWatch *watch;

  g_return_val_if_fail (GLAUX_IS_ALERT_MONITOR (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  watch = glaux_session_monitor_lookup (self->monitor, session_id);
  if (watch != NULL)
    return glaux_session_watch_get_session (watch);

  return g_hash_table_lookup (self->listed, session_id);
}

void
glaux_alert_monitor_check (GlauxAlertMonitor *self)
{
  g_return_if_fail (GLAUX_IS_ALERT_MONITOR (self));

  tick (self);
}

/**
 * glaux_alert_monitor_format_day:
 * @time: µs since the Unix epoch
 *
 * Returns: (transfer full): the local calendar day of @time, "YYYY-MM-DD"
 */
char *
glaux_alert_monitor_format_day (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d");
}
