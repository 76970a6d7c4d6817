/* glaux-session-monitor.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-session-monitor"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-aws-error.h"
#include "glaux-session-monitor.h"

/* How the polling works (the header has the contract):
 *
 * - One tick runs every fast or slow interval. A tick asks for what is due, skipping any
 *   resource whose previous request is still in flight (in_flight holds one key per resource),
 *   so a slow server never sees requests pile up.
 * - Every request carries the GCancellable of its generation: `cancellable` for the connection
 *   and the workgroups, `sessions_cancellable` for the selected workgroup's sessions (replaced
 *   when the workgroup changes). Callbacks look at that cancellable before anything else and
 *   return without touching the monitor once it is cancelled; dispose and stop() cancel both,
 *   so no callback ever reaches a disposed monitor.
 * - Resource objects (GlauxWorkgroup, GlauxSession, GlauxExecutor) are updated in place, so
 *   bound widgets follow and the models only change when membership does. */

#define DEFAULT_FAST_MS        2000
#define DEFAULT_SLOW_MS        15000
#define WORKGROUPS_INTERVAL_MS 60000

typedef struct
{
  GlauxSessionWatch *watch;
  gint64             ended_serial;       /* tick whose GetSession first showed it ended (0: not) */
  GHashTable        *calculations_recorded; /* ids in the history (NULL: none yet) */
  GlauxSessionState  recorded_state;     /* the state the history has */
  guint              fresh : 1;          /* just added: polled fast until GetSession answers */
  guint              vanished : 1;       /* no longer in the active list */
  guint              executors_after_end : 1;
  guint              recorded : 1;       /* its row is in the history */
  guint              sampled_alive : 1;  /* sampled before it ended */
} Tracked;

struct _GlauxSessionMonitor
{
  GObject          parent_instance;

  GlauxConnection *connection;
  GlauxHistoryStore *history;
  GListStore      *workgroups;        /* GlauxWorkgroup, sorted by name */
  GHashTable      *workgroups_detailed; /* names GetWorkGroup answered for */
  GListStore      *sessions;          /* GlauxSessionWatch, newest first */
  GHashTable      *tracked;           /* session id → Tracked */
  char            *workgroup;
  char            *focus_id;

  GCancellable    *cancellable;
  GCancellable    *sessions_cancellable;
  GHashTable      *in_flight;         /* resource keys */
  GHashTable      *errors;            /* resource key → "name\nmessage" already emitted */

  GError          *offline_error;
  gint64           last_updated;

  guint            fast_ms;
  guint            slow_ms;
  guint            tick_id;
  gint64           tick_due;
  gint64           last_tick;
  gint64           last_slow_tick;
  gint64           last_workgroups;
  gint64           tick_serial;
  guint            n_users;           /* start() calls not yet matched by stop() */
  guint            announce_id;

  guint            running : 1;
  guint            connecting : 1;
  guint            include_ended : 1;
  guint            offline : 1;
  guint            loading : 1;
  guint            force_slow : 1;
  guint            force_workgroups : 1;
};

G_DEFINE_FINAL_TYPE (GlauxSessionMonitor, glaux_session_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_WORKGROUPS,
  PROP_WORKGROUP,
  PROP_SESSIONS,
  PROP_INCLUDE_ENDED,
  PROP_LAST_UPDATED,
  PROP_OFFLINE,
  PROP_OFFLINE_ERROR,
  PROP_LOADING,
  N_PROPS
};

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void tick          (GlauxSessionMonitor *self);
static void schedule_tick (GlauxSessionMonitor *self);

/* The monitor shared by everything watching a connection (see
 * glaux_session_monitor_dup_for_connection()); not a reference, cleared on dispose. */
static GQuark shared_quark;

/* Requests */

typedef struct
{
  GlauxSessionMonitor *self;        /* not a reference: valid while cancellable is not cancelled */
  GCancellable        *cancellable;
  char                *key;
  char                *name;        /* workgroup name or session id */
  GlauxSessionState    filter;
  gint64               serial;
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

static void
update_loading (GlauxSessionMonitor *self)
{
  gboolean loading = self->connecting || g_hash_table_size (self->in_flight) > 0;

  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* NULL when a request for @key is already in flight: that one will answer for both. */
static Request *
request_new (GlauxSessionMonitor *self,
             GCancellable        *cancellable,
             char                *key,
             const char          *name)
{
  Request *request;

  if (g_hash_table_contains (self->in_flight, key))
    {
      g_free (key);
      return NULL;
    }

  request = g_new0 (Request, 1);
  request->self = self;
  request->cancellable = g_object_ref (cancellable);
  request->key = key;
  request->name = g_strdup (name);
  request->serial = self->tick_serial;

  g_hash_table_add (self->in_flight, g_strdup (key));
  update_loading (self);

  return request;
}

/* The monitor, or NULL when the request's generation is over (then it must not be touched). */
static GlauxSessionMonitor *
request_complete (Request *request)
{
  GlauxSessionMonitor *self = request->self;

  if (g_cancellable_is_cancelled (request->cancellable))
    return NULL;

  g_hash_table_remove (self->in_flight, request->key);
  update_loading (self);

  return self;
}

/* State */

static void
set_offline (GlauxSessionMonitor *self,
             const GError        *error)
{
  gboolean offline = error != NULL;
  gboolean same_error;

  /* The same failure on every tick is not news. */
  same_error = error == NULL
               ? self->offline_error == NULL
               : self->offline_error != NULL &&
                 g_error_matches (self->offline_error, error->domain, error->code) &&
                 g_str_equal (self->offline_error->message, error->message);

  g_object_freeze_notify (G_OBJECT (self));

  if (!same_error)
    {
      g_clear_error (&self->offline_error);
      if (error != NULL)
        self->offline_error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_ERROR]);
    }

  if (self->offline != offline)
    {
      self->offline = offline;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
request_succeeded (GlauxSessionMonitor *self,
                   Request             *request)
{
  g_hash_table_remove (self->errors, request->key);
  set_offline (self, NULL);

  self->last_updated = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_UPDATED]);
}

static gboolean
error_is_offline (const GError *error)
{
  /* A body cut short is what a connection dropped mid-answer looks like (a killed glaux-local,
   * a proxy going away), so an unusable answer counts as the service being unreachable. */
  return g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK) ||
         g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT) ||
         g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE) ||
         g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
}

/* Network, timeout, unusable-answer and credential failures make the monitor offline (the UI shows a banner
 * and keeps the last known state); answers with an error are emitted once per resource until
 * that resource succeeds again, so a failing poll does not toast on every tick. */
static void
request_failed (GlauxSessionMonitor *self,
                Request             *request,
                const GError        *error)
{
  g_autofree char *identity = NULL;
  const char *name;
  const char *seen;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error_is_offline (error))
    {
      g_debug ("%s: offline: %s", request->key, error->message);
      set_offline (self, error);
      return;
    }

  name = glaux_aws_error_get_name (error);
  identity = g_strdup_printf ("%s\n%s\n%d\n%s", g_quark_to_string (error->domain),
                              name != NULL ? name : "", error->code, error->message);
  seen = g_hash_table_lookup (self->errors, request->key);
  if (g_strcmp0 (seen, identity) == 0)
    return;

  g_debug ("%s: %s", request->key, error->message);
  g_hash_table_replace (self->errors, g_strdup (request->key), g_steal_pointer (&identity));
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static void
forget_errors_with_prefix (GlauxSessionMonitor *self,
                           const char          *prefix)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->errors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix))
        g_hash_table_iter_remove (&iter);
    }
}

static void
forget_in_flight_with_prefix (GlauxSessionMonitor *self,
                              const char          *prefix)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_has_prefix (key, prefix))
        g_hash_table_iter_remove (&iter);
    }

  update_loading (self);
}

/* Workgroups */

static gboolean
find_workgroup (GlauxSessionMonitor *self,
                const char          *name,
                guint               *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->workgroups));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (G_LIST_MODEL (self->workgroups),
                                                                   i);

      if (g_strcmp0 (glaux_workgroup_get_name (workgroup), name) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static int
compare_workgroups (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return g_strcmp0 (glaux_workgroup_get_name ((GlauxWorkgroup *)a),
                    glaux_workgroup_get_name ((GlauxWorkgroup *)b));
}

/* A member missing from the summary says nothing. */
static gboolean
listed_differs (const char *listed,
                const char *known)
{
  return listed != NULL && g_strcmp0 (listed, known) != 0;
}

static gboolean
summary_differs (GlauxWorkgroup *known,
                 GlauxWorkgroup *listed)
{
  return listed_differs (glaux_workgroup_get_state_name (listed),
                         glaux_workgroup_get_state_name (known)) ||
         listed_differs (glaux_workgroup_get_description (listed),
                         glaux_workgroup_get_description (known)) ||
         listed_differs (glaux_workgroup_get_selected_engine_version (listed),
                         glaux_workgroup_get_selected_engine_version (known)) ||
         listed_differs (glaux_workgroup_get_effective_engine_version (listed),
                         glaux_workgroup_get_effective_engine_version (known));
}

static void
get_work_group_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GlauxWorkgroup) workgroup = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;

  workgroup = glaux_athena_client_get_work_group_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                         &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (workgroup == NULL)
    {
      request_failed (self, request, error);
      return;
    }

  g_hash_table_add (self->workgroups_detailed, g_strdup (request->name));
  request_succeeded (self, request);
}

static void
get_work_group (GlauxSessionMonitor *self,
                GlauxAthenaClient   *client,
                GlauxWorkgroup      *into)
{
  const char *name = glaux_workgroup_get_name (into);
  Request *request = request_new (self, self->cancellable,
                                  g_strconcat ("w:get:", name, NULL), name);

  if (request == NULL)
    return;

  glaux_athena_client_get_work_group_async (client, name, into, request->cancellable,
                                            get_work_group_cb, request);
}

static void
update_workgroups (GlauxSessionMonitor *self,
                   GlauxAthenaClient   *client,
                   GPtrArray           *listed)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < listed->len; i++)
    {
      GlauxWorkgroup *item = g_ptr_array_index (listed, i);
      const char *name = glaux_workgroup_get_name (item);
      guint position;

      if (name == NULL)
        continue;

      g_hash_table_add (names, (gpointer)name);

      if (!find_workgroup (self, name, &position))
        {
          g_list_store_insert_sorted (self->workgroups, item, compare_workgroups, NULL);
          get_work_group (self, client, item);
        }
      else
        {
          g_autoptr(GlauxWorkgroup) known =
            g_list_model_get_item (G_LIST_MODEL (self->workgroups), position);

          if (summary_differs (known, item) ||
              !g_hash_table_contains (self->workgroups_detailed, name))
            get_work_group (self, client, known);
        }
    }

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->workgroups)); i > 0; i--)
    {
      g_autoptr(GlauxWorkgroup) known =
        g_list_model_get_item (G_LIST_MODEL (self->workgroups), i - 1);
      const char *name = glaux_workgroup_get_name (known);

      if (!g_hash_table_contains (names, name))
        {
          g_hash_table_remove (self->workgroups_detailed, name);
          g_list_store_remove (self->workgroups, i - 1);
        }
    }
}

static void
list_work_groups_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;
  GlauxAthenaClient *client;

  listed = glaux_athena_client_list_work_groups_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                        &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (listed == NULL)
    {
      request_failed (self, request, error);
      return;
    }

  request_succeeded (self, request);
  /* The follow-up GetWorkGroup calls go through today's client (a reconnect replaces it). */
  client = glaux_connection_get_athena_client (self->connection);
  if (client != NULL)
    update_workgroups (self, client, listed);
}

static void
list_work_groups (GlauxSessionMonitor *self,
                  GlauxAthenaClient   *client)
{
  Request *request = request_new (self, self->cancellable, g_strdup ("w:list"), NULL);

  if (request == NULL)
    return;

  self->last_workgroups = g_get_monotonic_time ();
  self->force_workgroups = FALSE;
  glaux_athena_client_list_work_groups_async (client, 0, request->cancellable,
                                              list_work_groups_cb, request);
}

/* Sessions */

/* Stopped for good: nothing more to poll than one last look. DEGRADED is not terminal in the
 * model, but Athena no longer lists it as active and every client treats it as a failure. */
static gboolean
state_is_ended (GlauxSessionState state)
{
  return glaux_session_state_is_terminal (state) || state == GLAUX_SESSION_STATE_DEGRADED;
}

static gboolean
state_is_changing (GlauxSessionState state)
{
  switch (state)
    {
    case GLAUX_SESSION_STATE_CREATING:
    case GLAUX_SESSION_STATE_CREATED:
    case GLAUX_SESSION_STATE_BUSY:
    case GLAUX_SESSION_STATE_TERMINATING:
      return TRUE;

    case GLAUX_SESSION_STATE_UNKNOWN:
    case GLAUX_SESSION_STATE_IDLE:
    case GLAUX_SESSION_STATE_TERMINATED:
    case GLAUX_SESSION_STATE_DEGRADED:
    case GLAUX_SESSION_STATE_FAILED:
    default:
      return FALSE;
    }
}

static GlauxSessionState
tracked_state (Tracked *tracked)
{
  return glaux_session_get_state (glaux_session_watch_get_session (tracked->watch));
}

static const char *
tracked_id (Tracked *tracked)
{
  return glaux_session_get_id (glaux_session_watch_get_session (tracked->watch));
}

static void
tracked_free (Tracked *tracked)
{
  g_clear_object (&tracked->watch);
  g_clear_pointer (&tracked->calculations_recorded, g_hash_table_unref);
  g_free (tracked);
}

static gboolean
needs_fast_polling (GlauxSessionMonitor *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracked *tracked = value;

      if (tracked->fresh || state_is_changing (tracked_state (tracked)))
        return TRUE;
      /* Gone from the active list: one quick look to show how it ended. */
      if (tracked->vanished && tracked->ended_serial == 0)
        return TRUE;
    }

  return FALSE;
}

/* Newest first; a session not started yet (no start time) counts as the newest. */
static int
compare_watches (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GDateTime *ta = glaux_session_get_start_time (glaux_session_watch_get_session ((gpointer)a));
  GDateTime *tb = glaux_session_get_start_time (glaux_session_watch_get_session ((gpointer)b));

  if (ta == NULL || tb == NULL)
    return (ta == NULL ? 0 : 1) - (tb == NULL ? 0 : 1);

  return -g_date_time_compare (ta, tb);
}

static Tracked *
track_session (GlauxSessionMonitor *self,
               GlauxSession        *session)
{
  Tracked *tracked = g_new0 (Tracked, 1);

  tracked->watch = glaux_session_watch_new (session);
  tracked->fresh = TRUE;
  if (state_is_ended (glaux_session_get_state (session)))
    tracked->ended_serial = self->tick_serial;

  g_hash_table_replace (self->tracked, g_strdup (glaux_session_get_id (session)), tracked);
  g_list_store_insert_sorted (self->sessions, tracked->watch, compare_watches, NULL);

  return tracked;
}

static void
untrack_session (GlauxSessionMonitor *self,
                 Tracked             *tracked)
{
  guint position;

  if (g_list_store_find (self->sessions, tracked->watch, &position))
    g_list_store_remove (self->sessions, position);

  g_hash_table_remove (self->tracked, tracked_id (tracked));
}

/* History */

/* The history's own requests fail quietly (no toast: the user asked for none of them), except
 * that a network failure still makes the monitor offline. */
static void
history_request_failed (GlauxSessionMonitor *self,
                        Request             *request,
                        const GError        *error)
{
  if (error_is_offline (error))
    request_failed (self, request, error);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s (for the history): %s", request->key, error->message);
}

static void
get_calculation_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;
  Tracked *tracked;

  calculation = glaux_athena_client_get_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object),
                                                                      result, &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (calculation == NULL)
    {
      history_request_failed (self, request, error);
      return;
    }

  request_succeeded (self, request);
  tracked = g_hash_table_lookup (self->tracked, request->name);
  if (self->history == NULL || tracked == NULL || glaux_calculation_get_id (calculation) == NULL)
    return;

  if (glaux_calculation_get_session_id (calculation) == NULL)
    glaux_calculation_set_session_id (calculation, request->name);
  glaux_history_store_record_calculation (self->history, glaux_connection_get_id (self->connection),
                                          calculation);
  g_hash_table_add (tracked->calculations_recorded,
                    g_strdup (glaux_calculation_get_id (calculation)));
}

static void
list_calculations_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;
  GlauxAthenaClient *client;
  Tracked *tracked;

  calculations =
    glaux_athena_client_list_calculation_executions_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                            &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (calculations == NULL)
    {
      history_request_failed (self, request, error);
      return;
    }

  request_succeeded (self, request);
  tracked = g_hash_table_lookup (self->tracked, request->name);
  client = glaux_connection_get_athena_client (self->connection);
  if (tracked == NULL || client == NULL)
    return;

  /* Only ended ones, each fetched once: the summary lacks DpuExecutionInMillis. */
  for (guint i = 0; i < calculations->len; i++)
    {
      GlauxCalculation *calculation = g_ptr_array_index (calculations, i);
      const char *id = glaux_calculation_get_id (calculation);
      Request *get;

      if (id == NULL ||
          !glaux_calculation_state_is_terminal (glaux_calculation_get_state (calculation)) ||
          g_hash_table_contains (tracked->calculations_recorded, id))
        continue;

      get = request_new (self, self->sessions_cancellable, g_strconcat ("s:calc:", id, NULL),
                         request->name);
      if (get != NULL)
        glaux_athena_client_get_calculation_execution_async (client, id, NULL, get->cancellable,
                                                             get_calculation_cb, get);
    }
}

static void
list_calculations (GlauxSessionMonitor *self,
                   GlauxAthenaClient   *client,
                   Tracked             *tracked)
{
  const char *id = tracked_id (tracked);
  Request *request = request_new (self, self->sessions_cancellable,
                                  g_strconcat ("s:calcs:", id, NULL), id);

  if (request == NULL)
    return;

  if (tracked->calculations_recorded == NULL)
    tracked->calculations_recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  glaux_athena_client_list_calculation_executions_async (client, id,
                                                         GLAUX_CALCULATION_STATE_UNKNOWN, 0,
                                                         request->cancellable,
                                                         list_calculations_cb, request);
}

/* After an answer about @tracked: a DPU sample, its row when its state changed, and its
 * calculations once it leaves BUSY or ends (only for sessions seen alive, so that listing
 * ended sessions does not fetch every calculation they ever ran). */
static void
record_history (GlauxSessionMonitor *self,
                Tracked             *tracked,
                gboolean             session_answer)
{
  const char *connection_id = glaux_connection_get_id (self->connection);
  GlauxSession *session = glaux_session_watch_get_session (tracked->watch);
  GlauxSessionState state = glaux_session_get_state (session);

  if (self->history == NULL)
    return;

  if (session_answer && (!tracked->recorded || state != tracked->recorded_state))
    {
      GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);
      gboolean calculations_ended = tracked->recorded &&
                                    (tracked->recorded_state == GLAUX_SESSION_STATE_BUSY ||
                                     (state_is_ended (state) &&
                                      !state_is_ended (tracked->recorded_state)));

      glaux_history_store_record_session (self->history, connection_id,
                                          glaux_connection_get_region (self->connection),
                                          self->workgroup, session);
      tracked->recorded = TRUE;
      tracked->recorded_state = state;
      if (calculations_ended && client != NULL)
        list_calculations (self, client, tracked);
    }

  /* An ended session is sampled only on the answers that follow its end (no DPUs held any
   * more); one first seen ended, long after, would only stretch its chart. */
  if (state_is_ended (state) && !tracked->sampled_alive)
    return;

  if (glaux_history_store_record_watch (self->history, connection_id, tracked->watch,
                                        self->last_updated) &&
      !state_is_ended (state))
    tracked->sampled_alive = TRUE;
}

static void
get_session_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;
  Tracked *tracked;

  session = glaux_athena_client_get_session_finish (GLAUX_ATHENA_CLIENT (object), result, &error);
  if ((self = request_complete (request)) == NULL)
    return;

  tracked = g_hash_table_lookup (self->tracked, request->name);

  if (session == NULL)
    {
      /* Gone from the list and unknown to GetSession: gone for good, nothing to tell. */
      if (tracked != NULL && tracked->vanished &&
          g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE) &&
          g_strcmp0 (glaux_aws_error_get_name (error), "ResourceNotFoundException") == 0)
        untrack_session (self, tracked);
      else
        request_failed (self, request, error);
      schedule_tick (self);
      return;
    }

  request_succeeded (self, request);

  if (tracked != NULL)
    {
      tracked->fresh = FALSE;
      if (state_is_ended (tracked_state (tracked)) && tracked->ended_serial == 0)
        tracked->ended_serial = request->serial;
      glaux_session_watch_set_last_updated (tracked->watch, self->last_updated);
      record_history (self, tracked, TRUE);
    }

  schedule_tick (self);
}

static void
get_session (GlauxSessionMonitor *self,
             GlauxAthenaClient   *client,
             Tracked             *tracked)
{
  const char *id = tracked_id (tracked);
  Request *request = request_new (self, self->sessions_cancellable,
                                  g_strconcat ("s:get:", id, NULL), id);

  if (request == NULL)
    return;

  glaux_athena_client_get_session_async (client, id,
                                         glaux_session_watch_get_session (tracked->watch),
                                         request->cancellable, get_session_cb, request);
}

static void
list_executors_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GPtrArray) executors = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;
  Tracked *tracked;

  executors = glaux_athena_client_list_executors_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                         &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (executors == NULL)
    {
      request_failed (self, request, error);
      return;
    }

  request_succeeded (self, request);

  tracked = g_hash_table_lookup (self->tracked, request->name);
  if (tracked != NULL)
    {
      glaux_session_watch_update_executors (tracked->watch, executors);
      glaux_session_watch_set_last_updated (tracked->watch, self->last_updated);
      if (state_is_ended (tracked_state (tracked)))
        tracked->executors_after_end = TRUE;
      record_history (self, tracked, FALSE);
    }
}

static void
list_executors (GlauxSessionMonitor *self,
                GlauxAthenaClient   *client,
                Tracked             *tracked)
{
  const char *id = tracked_id (tracked);
  Request *request = request_new (self, self->sessions_cancellable,
                                  g_strconcat ("s:executors:", id, NULL), id);

  if (request == NULL)
    return;

  glaux_athena_client_list_executors_async (client, id, GLAUX_EXECUTOR_STATE_UNKNOWN, 0,
                                            request->cancellable, list_executors_cb, request);
}

/* GetSession for every session still alive, and once more for one that ended; executors for
 * the focused session every tick, for the others when the slow interval is due (or when they
 * were never fetched). */
static void
poll_sessions (GlauxSessionMonitor *self,
               GlauxAthenaClient   *client,
               gboolean             slow_due)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracked *tracked = value;
      gboolean ended = state_is_ended (tracked_state (tracked));

      if (!ended || tracked->fresh || tracked->ended_serial == 0)
        get_session (self, client, tracked);

      if (ended)
        {
          if (!tracked->executors_after_end)
            list_executors (self, client, tracked);
        }
      else if (slow_due ||
               g_strcmp0 (tracked_id (tracked), self->focus_id) == 0 ||
               glaux_session_watch_get_dpus_now (tracked->watch) < 0)
        {
          list_executors (self, client, tracked);
        }
    }
}

/* Returns the sessions listed for the first time. */
static GPtrArray *
update_sessions (GlauxSessionMonitor *self,
                 Request             *request,
                 GPtrArray           *listed)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  gboolean active_list = request->filter == GLAUX_SESSION_STATE_UNKNOWN;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < listed->len; i++)
    {
      GlauxSession *session = g_ptr_array_index (listed, i);
      const char *id = glaux_session_get_id (session);
      Tracked *tracked;

      if (id == NULL)
        continue;

      g_hash_table_add (ids, (gpointer)id);
      tracked = g_hash_table_lookup (self->tracked, id);
      if (tracked == NULL)
        g_ptr_array_add (added, track_session (self, session));
      else if (active_list)
        tracked->vanished = FALSE;
    }

  /* Only the active list says what disappeared: ended lists are partial views. */
  if (!active_list)
    return g_steal_pointer (&added);

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracked *tracked = value;

      if (g_hash_table_contains (ids, tracked_id (tracked)))
        continue;

      tracked->vanished = TRUE;
      /* Shown as ended for at least one tick, then dropped unless ended ones are wanted. */
      if (!self->include_ended &&
          tracked->ended_serial != 0 && tracked->ended_serial < request->serial &&
          state_is_ended (tracked_state (tracked)))
        g_ptr_array_add (gone, tracked);
    }

  for (guint i = 0; i < gone->len; i++)
    untrack_session (self, g_ptr_array_index (gone, i));

  return g_steal_pointer (&added);
}

static void
list_sessions_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;

  listed = glaux_athena_client_list_sessions_finish (GLAUX_ATHENA_CLIENT (object), result, &error);
  if ((self = request_complete (request)) == NULL)
    return;

  if (listed == NULL)
    {
      request_failed (self, request, error);
      schedule_tick (self);
      return;
    }

  request_succeeded (self, request);

  /* Ended sessions arriving after include-ended was switched off are not wanted. */
  if (request->filter == GLAUX_SESSION_STATE_UNKNOWN || self->include_ended)
    {
      g_autoptr(GPtrArray) added = update_sessions (self, request, listed);
      GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);

      /* Sessions listed for the first time get their details and executors now rather than a
       * tick later. */
      for (guint i = 0; client != NULL && i < added->len; i++)
        {
          get_session (self, client, g_ptr_array_index (added, i));
          list_executors (self, client, g_ptr_array_index (added, i));
        }
    }

  schedule_tick (self);
}

static void
list_sessions (GlauxSessionMonitor *self,
               GlauxAthenaClient   *client,
               GlauxSessionState    filter)
{
  Request *request;

  request = request_new (self, self->sessions_cancellable,
                         g_strdup_printf ("s:list:%s", glaux_session_state_to_string (filter)),
                         self->workgroup);
  if (request == NULL)
    return;

  request->filter = filter;
  glaux_athena_client_list_sessions_async (client, self->workgroup, filter, 0,
                                           request->cancellable, list_sessions_cb, request);
}

/* Ticks */

static gboolean
tick_cb (gpointer user_data)
{
  GlauxSessionMonitor *self = user_data;

  self->tick_id = 0;
  tick (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_tick (GlauxSessionMonitor *self)
{
  guint interval;
  gint64 due;
  gint64 now;

  if (!self->running)
    return;

  interval = self->offline || !needs_fast_polling (self) ? self->slow_ms : self->fast_ms;
  due = self->last_tick + (gint64)interval * 1000;

  if (self->tick_id != 0 && self->tick_due == due)
    return;

  now = g_get_monotonic_time ();
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_due = due;
  self->tick_id = g_timeout_add (due > now ? (guint)((due - now + 999) / 1000) : 0,
                                 tick_cb, self);
}

static void
tick_now (GlauxSessionMonitor *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  tick (self);
}

static GError *
new_connection_error (GlauxSessionMonitor *self)
{
  const GError *error = glaux_connection_get_error (self->connection);

  if (error != NULL)
    return g_error_copy (error);

  return g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK,
                      _("Could not connect to “%s”. Check the connection, then try again."),
                      glaux_connection_get_title (self->connection));
}

static void
tick (GlauxSessionMonitor *self)
{
  GlauxAthenaClient *client;
  gboolean slow_due;
  gint64 now;

  if (!self->running)
    return;

  now = g_get_monotonic_time ();
  self->last_tick = now;
  self->tick_serial++;

  client = glaux_connection_get_athena_client (self->connection);
  if (client == NULL)
    {
      /* FAILED (glaux-local went away, say) waits for retry(); CONNECTING ends in a status
       * notification, which ticks again. */
      if (glaux_connection_get_status (self->connection) == GLAUX_CONNECTION_STATUS_FAILED)
        {
          g_autoptr(GError) error = new_connection_error (self);

          set_offline (self, error);
        }
      schedule_tick (self);
      return;
    }

  slow_due = self->force_slow ||
             now - self->last_slow_tick >= (gint64)self->slow_ms * 1000 - 1000;
  if (slow_due)
    {
      self->last_slow_tick = now;
      self->force_slow = FALSE;
    }

  if (self->force_workgroups || self->last_workgroups == 0 ||
      now - self->last_workgroups >= (gint64)WORKGROUPS_INTERVAL_MS * 1000 - 1000)
    list_work_groups (self, client);

  if (self->workgroup != NULL)
    {
      static const GlauxSessionState ended_filters[] = {
        GLAUX_SESSION_STATE_TERMINATING,
        GLAUX_SESSION_STATE_TERMINATED,
        GLAUX_SESSION_STATE_FAILED,
        GLAUX_SESSION_STATE_DEGRADED,
      };

      list_sessions (self, client, GLAUX_SESSION_STATE_UNKNOWN);
      if (self->include_ended && slow_due)
        {
          for (guint i = 0; i < G_N_ELEMENTS (ended_filters); i++)
            list_sessions (self, client, ended_filters[i]);
        }
      poll_sessions (self, client, slow_due);
    }

  schedule_tick (self);
}

/* Connection */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  GlauxSessionMonitor *self;

  glaux_connection_connect_finish (GLAUX_CONNECTION (object), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable))
    return;

  self = request->self;
  self->connecting = FALSE;
  update_loading (self);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_offline (self, error);
      schedule_tick (self);
      return;
    }

  glaux_session_monitor_refresh (self);
}

static void
connect_connection (GlauxSessionMonitor *self)
{
  Request *request;

  if (self->connecting)
    return;

  request = g_new0 (Request, 1);
  request->self = self;
  request->cancellable = g_object_ref (self->cancellable);
  self->connecting = TRUE;
  update_loading (self);

  glaux_connection_connect_async (self->connection, request->cancellable, connect_cb, request);
}

static void
connection_status_cb (GlauxSessionMonitor *self)
{
  switch (glaux_connection_get_status (self->connection))
    {
    case GLAUX_CONNECTION_STATUS_READY:
      /* New clients (a reconnect): ask for everything again. */
      if (self->running)
        glaux_session_monitor_refresh (self);
      break;

    case GLAUX_CONNECTION_STATUS_FAILED:
      if (self->running)
        {
          g_autoptr(GError) error = new_connection_error (self);

          set_offline (self, error);
          schedule_tick (self);
        }
      break;

    case GLAUX_CONNECTION_STATUS_DISCONNECTED:
    case GLAUX_CONNECTION_STATUS_CONNECTING:
    case GLAUX_CONNECTION_STATUS_UNUSABLE:
    default:
      break;
    }
}

/* GObject */

static void
cancel_all (GlauxSessionMonitor *self)
{
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sessions_cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_hash_table_remove_all (self->in_flight);
  self->connecting = FALSE;
}

static void
glaux_session_monitor_constructed (GObject *object)
{
  GlauxSessionMonitor *self = (GlauxSessionMonitor *)object;

  G_OBJECT_CLASS (glaux_session_monitor_parent_class)->constructed (object);

  g_assert (GLAUX_IS_CONNECTION (self->connection));

  g_signal_connect_object (self->connection, "notify::status",
                           G_CALLBACK (connection_status_cb), self, G_CONNECT_SWAPPED);
}

static void
glaux_session_monitor_dispose (GObject *object)
{
  GlauxSessionMonitor *self = (GlauxSessionMonitor *)object;

  self->running = FALSE;
  self->n_users = 0;
  g_clear_handle_id (&self->announce_id, g_source_remove);
  if (self->cancellable != NULL)
    cancel_all (self);

  if (self->connection != NULL)
    {
      if (g_object_get_qdata (G_OBJECT (self->connection), shared_quark) == self)
        g_object_set_qdata (G_OBJECT (self->connection), shared_quark, NULL);
      g_signal_handlers_disconnect_by_data (self->connection, self);
    }
  g_clear_object (&self->connection);
  g_clear_object (&self->history);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sessions_cancellable);
  if (self->tracked != NULL)
    g_hash_table_remove_all (self->tracked);
  if (self->sessions != NULL)
    g_list_store_remove_all (self->sessions);
  g_clear_object (&self->sessions);
  g_clear_object (&self->workgroups);

  G_OBJECT_CLASS (glaux_session_monitor_parent_class)->dispose (object);
}

static void
glaux_session_monitor_finalize (GObject *object)
{
  GlauxSessionMonitor *self = (GlauxSessionMonitor *)object;

  g_clear_pointer (&self->workgroups_detailed, g_hash_table_unref);
  g_clear_pointer (&self->tracked, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->workgroup, g_free);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_error (&self->offline_error);

  G_OBJECT_CLASS (glaux_session_monitor_parent_class)->finalize (object);
}

static void
glaux_session_monitor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GlauxSessionMonitor *self = GLAUX_SESSION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_WORKGROUPS:
      g_value_set_object (value, self->workgroups);
      break;

    case PROP_WORKGROUP:
      g_value_set_string (value, self->workgroup);
      break;

    case PROP_SESSIONS:
      g_value_set_object (value, self->sessions);
      break;

    case PROP_INCLUDE_ENDED:
      g_value_set_boolean (value, self->include_ended);
      break;

    case PROP_LAST_UPDATED:
      g_value_set_int64 (value, self->last_updated);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    case PROP_OFFLINE_ERROR:
      g_value_set_boxed (value, self->offline_error);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_monitor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GlauxSessionMonitor *self = GLAUX_SESSION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_WORKGROUP:
      glaux_session_monitor_set_workgroup (self, g_value_get_string (value));
      break;

    case PROP_INCLUDE_ENDED:
      glaux_session_monitor_set_include_ended (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_monitor_class_init (GlauxSessionMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = glaux_session_monitor_constructed;
  object_class->dispose = glaux_session_monitor_dispose;
  object_class->finalize = glaux_session_monitor_finalize;
  object_class->get_property = glaux_session_monitor_get_property;
  object_class->set_property = glaux_session_monitor_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, GLAUX_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WORKGROUPS] =
    g_param_spec_object ("workgroups", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_WORKGROUP] =
    g_param_spec_string ("workgroup", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SESSIONS] =
    g_param_spec_object ("sessions", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_INCLUDE_ENDED] =
    g_param_spec_boolean ("include-ended", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_UPDATED] =
    g_param_spec_int64 ("last-updated", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OFFLINE_ERROR] =
    g_param_spec_boxed ("offline-error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxSessionMonitor::error:
   * @error: the error, in GLAUX_AWS_ERROR
   *
   * An error answer to a monitor request, emitted once until that request succeeds again.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  shared_quark = g_quark_from_static_string ("glaux-session-monitor-shared");
}

static void
glaux_session_monitor_init (GlauxSessionMonitor *self)
{
  self->workgroups = g_list_store_new (GLAUX_TYPE_WORKGROUP);
  self->workgroups_detailed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sessions = g_list_store_new (GLAUX_TYPE_SESSION_WATCH);
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)tracked_free);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->sessions_cancellable = g_cancellable_new ();
  self->fast_ms = DEFAULT_FAST_MS;
  self->slow_ms = DEFAULT_SLOW_MS;
}

/* Public API */

GlauxSessionMonitor *
glaux_session_monitor_new (GlauxConnection *connection)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);

  return g_object_new (GLAUX_TYPE_SESSION_MONITOR,
                       "connection", connection,
                       NULL);
}

/**
 * glaux_session_monitor_dup_for_connection:
 *
 * Every window showing @connection and the application's alerts share one monitor, so each
 * session is polled once however many look at it. The monitor lives while someone holds it.
 *
 * Returns: (transfer full): the connection's monitor, made on first use
 */
GlauxSessionMonitor *
glaux_session_monitor_dup_for_connection (GlauxConnection *connection)
{
  GlauxSessionMonitor *self;

  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);

  g_type_ensure (GLAUX_TYPE_SESSION_MONITOR);
  self = g_object_get_qdata (G_OBJECT (connection), shared_quark);
  if (self != NULL)
    return g_object_ref (self);

  self = glaux_session_monitor_new (connection);
  g_object_set_qdata (G_OBJECT (connection), shared_quark, self);

  return self;
}

/**
 * glaux_session_monitor_get_connection:
 *
 * Returns: (transfer none): the connection
 */
GlauxConnection *
glaux_session_monitor_get_connection (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);

  return self->connection;
}

/**
 * glaux_session_monitor_get_workgroups:
 *
 * Returns: (transfer none): a #GListModel of #GlauxWorkgroup, sorted by name
 */
GListModel *
glaux_session_monitor_get_workgroups (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);

  return G_LIST_MODEL (self->workgroups);
}

/**
 * glaux_session_monitor_get_sessions:
 *
 * Returns: (transfer none): a #GListModel of #GlauxSessionWatch, newest first
 */
GListModel *
glaux_session_monitor_get_sessions (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);

  return G_LIST_MODEL (self->sessions);
}

const char *
glaux_session_monitor_get_workgroup (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);

  return self->workgroup;
}

/* Starts a new sessions generation: what is in flight for the old workgroup is cancelled and
 * its answers ignored. */
static void
reset_sessions (GlauxSessionMonitor *self)
{
  g_cancellable_cancel (self->sessions_cancellable);
  g_clear_object (&self->sessions_cancellable);
  self->sessions_cancellable = g_cancellable_new ();

  forget_in_flight_with_prefix (self, "s:");
  forget_errors_with_prefix (self, "s:");
  g_hash_table_remove_all (self->tracked);
  g_list_store_remove_all (self->sessions);
}

/**
 * glaux_session_monitor_set_workgroup:
 * @workgroup: (nullable): the workgroup whose sessions to list
 *
 * Empties the sessions model and, when started, lists the new workgroup's sessions at once.
 */
void
glaux_session_monitor_set_workgroup (GlauxSessionMonitor *self,
                                     const char          *workgroup)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  if (g_strcmp0 (self->workgroup, workgroup) == 0)
    return;

  g_free (self->workgroup);
  self->workgroup = g_strdup (workgroup);
  reset_sessions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKGROUP]);

  if (self->running)
    {
      self->force_slow = TRUE;
      tick_now (self);
    }
}

gboolean
glaux_session_monitor_get_include_ended (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), FALSE);

  return self->include_ended;
}

/**
 * glaux_session_monitor_set_include_ended:
 *
 * Switching it on lists the ended sessions at once; switching it off drops them from the model.
 */
void
glaux_session_monitor_set_include_ended (GlauxSessionMonitor *self,
                                         gboolean             include_ended)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  include_ended = !!include_ended;
  if (self->include_ended == include_ended)
    return;

  self->include_ended = include_ended;

  if (!include_ended)
    {
      g_autoptr(GPtrArray) gone = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->tracked);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          if (state_is_ended (tracked_state (value)))
            g_ptr_array_add (gone, value);
        }

      for (guint i = 0; i < gone->len; i++)
        untrack_session (self, g_ptr_array_index (gone, i));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE_ENDED]);

  if (include_ended && self->running)
    {
      self->force_slow = TRUE;
      tick_now (self);
    }
}

gint64
glaux_session_monitor_get_last_updated (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), 0);

  return self->last_updated;
}

gboolean
glaux_session_monitor_get_offline (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), FALSE);

  return self->offline;
}

/**
 * glaux_session_monitor_get_offline_error:
 *
 * Returns: (nullable) (transfer none): why the monitor is offline; a GLAUX_AWS_ERROR_CREDENTIALS
 *   error means the connection's settings need attention
 */
const GError *
glaux_session_monitor_get_offline_error (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);

  return self->offline_error;
}

gboolean
glaux_session_monitor_get_loading (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), FALSE);

  return self->loading;
}

/**
 * glaux_session_monitor_set_intervals:
 * @fast_ms: while a session is changing state (0: the default, 2 s)
 * @slow_ms: while everything is idle, and while offline (0: the default, 15 s)
 */
void
glaux_session_monitor_set_intervals (GlauxSessionMonitor *self,
                                     guint                fast_ms,
                                     guint                slow_ms)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  self->fast_ms = fast_ms > 0 ? fast_ms : DEFAULT_FAST_MS;
  self->slow_ms = MAX (slow_ms > 0 ? slow_ms : DEFAULT_SLOW_MS, self->fast_ms);
  schedule_tick (self);
}

static gboolean
announce_workgroups_cb (gpointer user_data)
{
  GlauxSessionMonitor *self = user_data;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->workgroups));

  self->announce_id = 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->workgroups), i));
  g_list_store_splice (self->workgroups, 0, n, items->pdata, items->len);

  return G_SOURCE_REMOVE;
}

void
glaux_session_monitor_start (GlauxSessionMonitor *self)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  self->n_users++;
  if (self->running)
    {
      /* A newcomer's selection models were made from models already filled: tell it what is
       * there, as if just listed (same objects, so other users keep their selection). */
      if (self->n_users > 1 && self->announce_id == 0 &&
          g_list_model_get_n_items (G_LIST_MODEL (self->workgroups)) > 0)
        self->announce_id = g_idle_add (announce_workgroups_cb, self);
      return;
    }

  self->running = TRUE;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  if (g_cancellable_is_cancelled (self->sessions_cancellable))
    {
      g_clear_object (&self->sessions_cancellable);
      self->sessions_cancellable = g_cancellable_new ();
    }

  self->force_workgroups = TRUE;
  self->force_slow = TRUE;

  if (glaux_connection_get_status (self->connection) == GLAUX_CONNECTION_STATUS_READY)
    tick_now (self);
  else
    connect_connection (self);
}

void
glaux_session_monitor_stop (GlauxSessionMonitor *self)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  if (self->n_users > 0)
    self->n_users--;
  if (!self->running || self->n_users > 0)
    return;

  self->running = FALSE;
  g_clear_handle_id (&self->announce_id, g_source_remove);
  cancel_all (self);
  update_loading (self);
}

/**
 * glaux_session_monitor_refresh:
 *
 * Does nothing until the monitor is started.
 */
void
glaux_session_monitor_refresh (GlauxSessionMonitor *self)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  if (!self->running)
    return;

  self->force_workgroups = TRUE;
  self->force_slow = TRUE;
  tick_now (self);
}

void
glaux_session_monitor_retry (GlauxSessionMonitor *self)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));

  if (!self->running)
    {
      glaux_session_monitor_start (self);
      return;
    }

  if (glaux_connection_get_status (self->connection) != GLAUX_CONNECTION_STATUS_READY)
    connect_connection (self);
  else
    glaux_session_monitor_refresh (self);
}

/**
 * glaux_session_monitor_lookup:
 *
 * Returns: (nullable) (transfer none): the watch of @session_id
 */
GlauxSessionWatch *
glaux_session_monitor_lookup (GlauxSessionMonitor *self,
                              const char          *session_id)
{
  Tracked *tracked;

  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  tracked = g_hash_table_lookup (self->tracked, session_id);
  return tracked != NULL ? tracked->watch : NULL;
}

/**
 * glaux_session_monitor_add_session:
 * @session: a session the UI just started, terminated or otherwise changed
 *
 * Lists @session at once when it belongs to the selected workgroup (a session that does not say
 * which workgroup it is in is taken to be in it) and polls fast until the next answer. A session
 * already listed keeps its own object; that one is polled fast.
 *
 * Returns: (nullable) (transfer none): the session's watch; NULL for a session of another
 *   workgroup
 */
GlauxSessionWatch *
glaux_session_monitor_add_session (GlauxSessionMonitor *self,
                                   GlauxSession        *session)
{
  const char *workgroup;
  Tracked *tracked;

  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);
  g_return_val_if_fail (GLAUX_IS_SESSION (session), NULL);
  g_return_val_if_fail (glaux_session_get_id (session) != NULL, NULL);

  workgroup = glaux_session_get_workgroup (session);
  if (self->workgroup == NULL ||
      (workgroup != NULL && !g_str_equal (workgroup, self->workgroup)))
    return NULL;

  tracked = g_hash_table_lookup (self->tracked, glaux_session_get_id (session));
  if (tracked == NULL)
    tracked = track_session (self, session);

  tracked->fresh = TRUE;
  tracked->ended_serial = 0;
  tracked->executors_after_end = FALSE;

  if (self->running)
    {
      GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);

      if (client != NULL)
        {
          get_session (self, client, tracked);
          list_executors (self, client, tracked);
        }
      schedule_tick (self);
    }

  return tracked->watch;
}

/**
 * glaux_session_monitor_set_focus:
 * @watch: (nullable): the session shown on the session page
 */
void
glaux_session_monitor_set_focus (GlauxSessionMonitor *self,
                                 GlauxSessionWatch   *watch)
{
  const char *id = NULL;
  Tracked *tracked;

  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));
  g_return_if_fail (watch == NULL || GLAUX_IS_SESSION_WATCH (watch));

  if (watch != NULL)
    id = glaux_session_get_id (glaux_session_watch_get_session (watch));

  if (g_strcmp0 (self->focus_id, id) == 0)
    return;

  g_free (self->focus_id);
  self->focus_id = g_strdup (id);

  /* Its executors now, not at the next tick. */
  tracked = id != NULL ? g_hash_table_lookup (self->tracked, id) : NULL;
  if (self->running && tracked != NULL && !state_is_ended (tracked_state (tracked)))
    {
      GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);

      if (client != NULL)
        list_executors (self, client, tracked);
    }
}

/**
 * glaux_session_monitor_set_history_store:
 * @history: (nullable): where to record samples, sessions and calculations
 */
void
glaux_session_monitor_set_history_store (GlauxSessionMonitor *self,
                                         GlauxHistoryStore   *history)
{
  g_return_if_fail (GLAUX_IS_SESSION_MONITOR (self));
  g_return_if_fail (history == NULL || GLAUX_IS_HISTORY_STORE (history));

  g_set_object (&self->history, history);
}

/**
 * glaux_session_monitor_get_history_store:
 *
 * Returns: (nullable) (transfer none): the history store
 */
GlauxHistoryStore *
glaux_session_monitor_get_history_store (GlauxSessionMonitor *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_MONITOR (self), NULL);

  return self->history;
}
