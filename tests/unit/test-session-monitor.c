/* test-session-monitor.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "glaux-aws-error.h"
#include "glaux-connection.h"
#include "glaux-http.h"
#include "glaux-session-monitor.h"
#include "glaux-test-util.h"

/* The monitor against a real glaux-local, through a real GlauxConnection. Requests are counted
 * on the process-wide SoupSession ("request-queued" / "request-unqueued"), by X-Amz-Target. */

#define FAST_MS 100
#define SLOW_MS 300

#define SPARK_ENGINE "PySpark engine version 3"

typedef struct
{
  char                *data_dir;
  GlauxConnection     *connection;
  GlauxSessionMonitor *monitor;

  SoupSession         *soup;
  gulong               queued_id;
  gulong               unqueued_id;
  GHashTable          *totals;       /* target → total requests */
  GHashTable          *running;      /* target → requests in flight now */
  GHashTable          *peaks;        /* target → most in flight at once */

  guint                n_errors;
  GError              *last_error;
} Fixture;

/* Request counting */

static guint
count_get (GHashTable *table,
           const char *target)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, target));
}

static void
count_set (GHashTable *table,
           const char *target,
           guint       value)
{
  g_hash_table_replace (table, g_strdup (target), GUINT_TO_POINTER (value));
}

static const char *
message_target (SoupMessage *message)
{
  const char *target = soup_message_headers_get_one (soup_message_get_request_headers (message),
                                                     "X-Amz-Target");

  if (target == NULL || !g_str_has_prefix (target, "AmazonAthena."))
    return NULL;

  return target + strlen ("AmazonAthena.");
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *message,
                   Fixture     *fixture)
{
  const char *target = message_target (message);
  guint running;

  if (target == NULL)
    return;

  count_set (fixture->totals, target, count_get (fixture->totals, target) + 1);
  running = count_get (fixture->running, target) + 1;
  count_set (fixture->running, target, running);
  if (running > count_get (fixture->peaks, target))
    count_set (fixture->peaks, target, running);
}

static void
request_unqueued_cb (SoupSession *session,
                     SoupMessage *message,
                     Fixture     *fixture)
{
  const char *target = message_target (message);

  if (target == NULL)
    return;

  g_assert_cmpuint (count_get (fixture->running, target), >, 0);
  count_set (fixture->running, target, count_get (fixture->running, target) - 1);
}

static guint
total (Fixture    *fixture,
       const char *target)
{
  return count_get (fixture->totals, target);
}

/* Fixture */

static void
error_cb (GlauxSessionMonitor *monitor,
          const GError        *error,
          Fixture             *fixture)
{
  g_test_message ("monitor error: %s", error->message);
  fixture->n_errors++;
  g_clear_error (&fixture->last_error);
  fixture->last_error = g_error_copy (error);
}

static void
connect_and_wait (GlauxConnection *connection)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_connect_finish (connection, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("local-%08x", g_random_int ());

  fixture->data_dir = g_build_filename (glaux_test_get_home (), name, NULL);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  connect_and_wait (fixture->connection);

  fixture->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->peaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->soup = glaux_http_session_get_default (&error);
  g_assert_no_error (error);
  fixture->queued_id = g_signal_connect (fixture->soup, "request-queued",
                                         G_CALLBACK (request_queued_cb), fixture);
  fixture->unqueued_id = g_signal_connect (fixture->soup, "request-unqueued",
                                           G_CALLBACK (request_unqueued_cb), fixture);

  fixture->monitor = glaux_session_monitor_new (fixture->connection);
  glaux_session_monitor_set_intervals (fixture->monitor, FAST_MS, SLOW_MS);
  g_signal_connect (fixture->monitor, "error", G_CALLBACK (error_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->monitor);
  /* Whatever was cancelled finishes on the main loop. */
  glaux_test_iterate (50);

  g_clear_signal_handler (&fixture->queued_id, fixture->soup);
  g_clear_signal_handler (&fixture->unqueued_id, fixture->soup);
  fixture->soup = NULL;

  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->totals, g_hash_table_unref);
  g_clear_pointer (&fixture->running, g_hash_table_unref);
  g_clear_pointer (&fixture->peaks, g_hash_table_unref);
  g_clear_error (&fixture->last_error);
  g_clear_pointer (&fixture->data_dir, g_free);
}

/* Athena calls made by the test itself (what the UI would do) */

static GlauxAthenaClient *
client (Fixture *fixture)
{
  GlauxAthenaClient *athena = glaux_connection_get_athena_client (fixture->connection);

  g_assert_nonnull (athena);
  return athena;
}

static void
create_workgroup (Fixture    *fixture,
                  const char *name,
                  const char *engine)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (name);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->selected_engine_version = g_strdup (engine);
  params->description = g_strdup ("made by test-session-monitor");
  glaux_athena_client_create_work_group_async (client (fixture), params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_create_work_group_finish (client (fixture), result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
update_workgroup_description (Fixture    *fixture,
                              const char *name,
                              const char *description)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (name);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->description = g_strdup (description);
  glaux_athena_client_update_work_group_async (client (fixture), params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_update_work_group_finish (client (fixture), result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static GlauxSession *
start_session (Fixture    *fixture,
               const char *workgroup)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (workgroup);
  g_autoptr(GError) error = NULL;
  GlauxSession *session;
  GAsyncResult *result = NULL;

  params->description = g_strdup ("monitor test");
  params->max_concurrent_dpus = 4;
  glaux_athena_client_start_session_async (client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (client (fixture), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_object_unref (result);

  return session;
}

static void
terminate_session (Fixture      *fixture,
                   GlauxSession *session)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_athena_client_terminate_session_async (client (fixture), glaux_session_get_id (session),
                                               session, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_terminate_session_finish (client (fixture), result, NULL,
                                                               &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

/* Conditions */

typedef struct
{
  Fixture    *fixture;
  const char *name;
  gpointer    object;
  int         value;
} Condition;

/* Borrowed: the model keeps it. */
static gpointer
item_at (GListModel *model,
         guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  return item;
}

static GlauxWorkgroup *
find_workgroup (GlauxSessionMonitor *monitor,
                const char          *name)
{
  GListModel *model = glaux_session_monitor_get_workgroups (monitor);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (model, i);

      if (g_strcmp0 (glaux_workgroup_get_name (workgroup), name) == 0)
        return workgroup;
    }

  return NULL;
}

static gboolean
workgroup_has_engine (gpointer data)
{
  Condition *condition = data;
  GlauxWorkgroup *workgroup = find_workgroup (condition->fixture->monitor, condition->name);

  return workgroup != NULL && glaux_workgroup_get_effective_engine_version (workgroup) != NULL;
}

static gboolean
session_in_state (gpointer data)
{
  Condition *condition = data;

  return glaux_session_get_state (condition->object) == (GlauxSessionState)condition->value;
}

static gboolean
session_listed (gpointer data)
{
  Condition *condition = data;

  return (glaux_session_monitor_lookup (condition->fixture->monitor, condition->name) != NULL) ==
         condition->value;
}

static gboolean
watch_has_dpus (gpointer data)
{
  Condition *condition = data;

  return glaux_session_watch_get_dpus_now (condition->object) >= condition->value;
}

static gboolean
offline_is (gpointer data)
{
  Condition *condition = data;

  return glaux_session_monitor_get_offline (condition->fixture->monitor) == condition->value;
}

static gboolean
errors_at_least (gpointer data)
{
  Condition *condition = data;

  return condition->fixture->n_errors >= (guint)condition->value;
}

static gboolean
requests_at_least (gpointer data)
{
  Condition *condition = data;

  return total (condition->fixture, condition->name) >= (guint)condition->value;
}

static gboolean
not_loading (gpointer data)
{
  Condition *condition = data;

  return !glaux_session_monitor_get_loading (condition->fixture->monitor);
}

static void
wait_workgroup (Fixture    *fixture,
                const char *name)
{
  Condition condition = { fixture, name, NULL, 0 };

  g_test_message ("waiting for workgroup %s", name);
  glaux_test_wait_until (workgroup_has_engine, &condition, 10000);
}

static void
wait_state (GlauxSession      *session,
            GlauxSessionState  state)
{
  Condition condition = { NULL, NULL, session, state };

  g_test_message ("waiting for %s", glaux_session_state_to_string (state));
  glaux_test_wait_until (session_in_state, &condition, 10000);
}

static void
wait_listed (Fixture    *fixture,
             const char *session_id,
             gboolean    listed)
{
  Condition condition = { fixture, session_id, NULL, listed };

  g_test_message ("waiting for the session to be %s", listed ? "listed" : "dropped");
  glaux_test_wait_until (session_listed, &condition, 10000);
}

static void
wait_requests (Fixture    *fixture,
               const char *target,
               guint       at_least)
{
  Condition condition = { fixture, target, NULL, at_least };

  g_test_message ("waiting for %u %s", at_least, target);
  glaux_test_wait_until (requests_at_least, &condition, 10000);
}

/* Records each state the session goes through, and whether it was listed at the time. */
typedef struct
{
  Fixture *fixture;
  GArray  *states;
  gboolean terminated_listed;
} StateLog;

static void
state_changed_cb (GlauxSession *session,
                  GParamSpec   *pspec,
                  StateLog     *log)
{
  GlauxSessionState state = glaux_session_get_state (session);

  g_array_append_val (log->states, state);
  if (state == GLAUX_SESSION_STATE_TERMINATED)
    log->terminated_listed =
      glaux_session_monitor_lookup (log->fixture->monitor, glaux_session_get_id (session)) != NULL;
}

static gboolean
log_contains (StateLog          *log,
              GlauxSessionState  state)
{
  for (guint i = 0; i < log->states->len; i++)
    {
      if (g_array_index (log->states, GlauxSessionState, i) == state)
        return TRUE;
    }

  return FALSE;
}

/* Tests */

static void
test_workgroups (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *model = glaux_session_monitor_get_workgroups (fixture->monitor);
  GlauxWorkgroup *primary, *alpha, *beta;
  Condition idle = { fixture, NULL, NULL, 0 };
  guint n_get;

  create_workgroup (fixture, "spark-beta", SPARK_ENGINE);
  create_workgroup (fixture, "spark-alpha", SPARK_ENGINE);

  glaux_session_monitor_start (fixture->monitor);
  wait_workgroup (fixture, "spark-alpha");
  wait_workgroup (fixture, "spark-beta");
  wait_workgroup (fixture, "primary");
  glaux_test_wait_until (not_loading, &idle, 10000);

  /* Sorted by name, engine known through GetWorkGroup. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  primary = find_workgroup (fixture->monitor, "primary");
  alpha = find_workgroup (fixture->monitor, "spark-alpha");
  beta = find_workgroup (fixture->monitor, "spark-beta");
  g_assert_true (item_at (model, 0) == (gpointer)primary);
  g_assert_true (item_at (model, 1) == (gpointer)alpha);
  g_assert_true (item_at (model, 2) == (gpointer)beta);
  g_assert_cmpstr (glaux_workgroup_get_effective_engine_version (alpha), ==, SPARK_ENGINE);
  g_assert_true (glaux_workgroup_get_is_spark (alpha));
  g_assert_nonnull (glaux_workgroup_get_effective_engine_version (primary));
  /* Only GetWorkGroup tells the result location. */
  g_assert_nonnull (glaux_workgroup_get_output_location (primary));
  g_assert_cmpuint (total (fixture, "ListWorkGroups"), ==, 1);
  g_assert_cmpuint (total (fixture, "GetWorkGroup"), ==, 3);
  g_assert_cmpuint (fixture->n_errors, ==, 0);
  g_assert_cmpint (glaux_session_monitor_get_last_updated (fixture->monitor), >, 0);

  /* A refresh with nothing changed: same objects, no GetWorkGroup. */
  n_get = total (fixture, "GetWorkGroup");
  glaux_session_monitor_refresh (fixture->monitor);
  wait_requests (fixture, "ListWorkGroups", 2);
  glaux_test_wait_until (not_loading, &idle, 10000);
  g_assert_cmpuint (total (fixture, "GetWorkGroup"), ==, n_get);
  g_assert_true (find_workgroup (fixture->monitor, "spark-alpha") == alpha);

  /* A changed description: that workgroup alone is fetched again, in place. */
  update_workgroup_description (fixture, "spark-beta", "changed");
  glaux_session_monitor_refresh (fixture->monitor);
  wait_requests (fixture, "ListWorkGroups", 3);
  glaux_test_wait_until (not_loading, &idle, 10000);
  g_assert_cmpuint (total (fixture, "GetWorkGroup"), ==, n_get + 1);
  g_assert_true (find_workgroup (fixture->monitor, "spark-beta") == beta);
  g_assert_cmpstr (glaux_workgroup_get_description (beta), ==, "changed");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* Without a workgroup selected, no session is asked for. */
  g_assert_cmpuint (total (fixture, "ListSessions"), ==, 0);
}

static void
test_session_lifecycle (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *sessions = glaux_session_monitor_get_sessions (fixture->monitor);
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GlauxExecutor) executor = NULL;
  StateLog log = { fixture, g_array_new (FALSE, FALSE, sizeof (GlauxSessionState)), FALSE };
  GlauxSessionWatch *watch;
  Condition dpus;
  const char *id;
  guint before, listed;

  create_workgroup (fixture, "spark", SPARK_ENGINE);
  glaux_session_monitor_set_workgroup (fixture->monitor, "spark");
  glaux_session_monitor_start (fixture->monitor);
  wait_workgroup (fixture, "spark");

  /* Started by the UI: listed at once, CREATING, then IDLE through polling. */
  session = start_session (fixture, "spark");
  id = glaux_session_get_id (session);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_CREATING);
  g_signal_connect (session, "notify::state", G_CALLBACK (state_changed_cb), &log);
  watch = glaux_session_monitor_add_session (fixture->monitor, session);
  g_assert_nonnull (watch);
  g_assert_true (glaux_session_watch_get_session (watch) == session);
  g_assert_true (glaux_session_monitor_lookup (fixture->monitor, id) == watch);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);

  wait_state (session, GLAUX_SESSION_STATE_IDLE);
  /* The list answer kept the object the UI gave. */
  g_assert_true (glaux_session_monitor_lookup (fixture->monitor, id) == watch);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);

  /* The coordinator holds one DPU. */
  dpus = (Condition) { fixture, NULL, watch, 1 };
  glaux_test_wait_until (watch_has_dpus, &dpus, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (glaux_session_watch_get_executors (watch)), >=, 1);
  executor = g_list_model_get_item (glaux_session_watch_get_executors (watch),
                                    g_list_model_get_n_items (glaux_session_watch_get_executors (watch)) - 1);
  g_assert_cmpint (glaux_executor_get_executor_type (executor), ==,
                   GLAUX_EXECUTOR_TYPE_COORDINATOR);
  g_assert_cmpint (glaux_session_watch_get_last_updated (watch), >, 0);

  /* Idle: the slow interval, with never two ListSessions at once. Over 1.5 s at 300 ms that
   * is about 5 (fast polling would make it about 15). */
  glaux_test_iterate (2 * SLOW_MS);
  before = total (fixture, "ListSessions");
  glaux_test_iterate (1500);
  listed = total (fixture, "ListSessions") - before;
  g_test_message ("ListSessions while idle: %u in 1.5 s", listed);
  g_assert_cmpuint (listed, >=, 3);
  g_assert_cmpuint (listed, <=, 7);
  g_assert_cmpuint (count_get (fixture->peaks, "ListSessions"), ==, 1);
  g_assert_cmpuint (count_get (fixture->peaks, "GetSession"), ==, 1);
  g_assert_cmpuint (count_get (fixture->peaks, "ListWorkGroups"), ==, 1);

  /* Terminated: TERMINATED is seen while still listed, then the active list drops it. */
  terminate_session (fixture, session);
  g_assert_true (glaux_session_monitor_add_session (fixture->monitor, session) == watch);
  wait_state (session, GLAUX_SESSION_STATE_TERMINATED);
  g_assert_true (log.terminated_listed);
  wait_listed (fixture, id, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 0);
  g_assert_true (log_contains (&log, GLAUX_SESSION_STATE_IDLE));
  g_assert_true (log_contains (&log, GLAUX_SESSION_STATE_TERMINATED));

  /* Ended ones come back with include-ended, and are polled no more. */
  glaux_session_monitor_set_include_ended (fixture->monitor, TRUE);
  wait_listed (fixture, id, TRUE);
  {
    GlauxSessionWatch *ended = glaux_session_monitor_lookup (fixture->monitor, id);
    GlauxSession *copy = glaux_session_watch_get_session (ended);
    Condition ended_dpus = { fixture, NULL, ended, 0 };

    g_assert_true (ended != watch);
    g_assert_cmpint (glaux_session_get_state (copy), ==, GLAUX_SESSION_STATE_TERMINATED);
    glaux_test_wait_until (watch_has_dpus, &ended_dpus, 10000);
    g_assert_cmpint (glaux_session_watch_get_dpus_now (ended), ==, 0);
    glaux_test_iterate (2 * SLOW_MS);
    before = total (fixture, "GetSession");
    glaux_test_iterate (1000);
    g_assert_cmpuint (total (fixture, "GetSession"), ==, before);
  }

  /* With include-ended, a session that ends stays listed. */
  {
    g_autoptr(GlauxSession) second = start_session (fixture, "spark");

    glaux_session_monitor_add_session (fixture->monitor, second);
    wait_state (second, GLAUX_SESSION_STATE_IDLE);
    terminate_session (fixture, second);
    glaux_session_monitor_add_session (fixture->monitor, second);
    wait_state (second, GLAUX_SESSION_STATE_TERMINATED);
    glaux_test_iterate (3 * SLOW_MS);
    g_assert_nonnull (glaux_session_monitor_lookup (fixture->monitor,
                                                    glaux_session_get_id (second)));
    g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 2);

    /* Newest first. */
    {
      g_autoptr(GlauxSessionWatch) first = g_list_model_get_item (sessions, 0);

      g_assert_true (glaux_session_watch_get_session (first) == second);
    }

    /* Switching include-ended off drops them. */
    glaux_session_monitor_set_include_ended (fixture->monitor, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 0);
  }

  g_assert_cmpuint (fixture->n_errors, ==, 0);
  g_assert_false (glaux_session_monitor_get_offline (fixture->monitor));
  g_signal_handlers_disconnect_by_func (session, state_changed_cb, &log);
  g_array_unref (log.states);
}

static void
test_switch_workgroup (Fixture       *fixture,
                       gconstpointer  data)
{
  GListModel *sessions = glaux_session_monitor_get_sessions (fixture->monitor);
  g_autoptr(GlauxSession) in_a = NULL;
  g_autoptr(GlauxSession) in_b = NULL;

  create_workgroup (fixture, "spark-a", SPARK_ENGINE);
  create_workgroup (fixture, "spark-b", SPARK_ENGINE);
  in_a = start_session (fixture, "spark-a");
  in_b = start_session (fixture, "spark-b");

  /* Found by polling alone (not added by the UI). */
  glaux_session_monitor_start (fixture->monitor);
  glaux_session_monitor_set_workgroup (fixture->monitor, "spark-a");
  g_assert_cmpstr (glaux_session_monitor_get_workgroup (fixture->monitor), ==, "spark-a");
  wait_listed (fixture, glaux_session_get_id (in_a), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);

  glaux_session_monitor_set_workgroup (fixture->monitor, "spark-b");
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 0);
  g_assert_null (glaux_session_monitor_lookup (fixture->monitor, glaux_session_get_id (in_a)));
  wait_listed (fixture, glaux_session_get_id (in_b), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);

  /* Stays that way: nothing of spark-a comes back from a late answer. */
  glaux_test_iterate (3 * SLOW_MS);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);
  g_assert_null (glaux_session_monitor_lookup (fixture->monitor, glaux_session_get_id (in_a)));

  /* A session of another workgroup is not listed. */
  g_assert_null (glaux_session_monitor_add_session (fixture->monitor, in_a));
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);

  glaux_session_monitor_set_workgroup (fixture->monitor, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 0);
}

static void
test_offline_and_retry (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *workgroups = glaux_session_monitor_get_workgroups (fixture->monitor);
  g_autoptr(GlauxSession) session = NULL;
  GlauxLocalProcess *local;
  GlauxWorkgroup *spark;
  GlauxSessionWatch *watch;
  Condition offline = { fixture, NULL, NULL, TRUE };
  Condition online = { fixture, NULL, NULL, FALSE };
  const GError *error;
  gint64 updated;
  guint before;

  create_workgroup (fixture, "spark", SPARK_ENGINE);
  glaux_session_monitor_set_workgroup (fixture->monitor, "spark");
  glaux_session_monitor_start (fixture->monitor);
  session = start_session (fixture, "spark");
  watch = glaux_session_monitor_add_session (fixture->monitor, session);
  wait_state (session, GLAUX_SESSION_STATE_IDLE);
  wait_workgroup (fixture, "spark");
  spark = find_workgroup (fixture->monitor, "spark");
  g_assert_false (glaux_session_monitor_get_offline (fixture->monitor));
  g_assert_null (glaux_session_monitor_get_offline_error (fixture->monitor));

  /* glaux-local dies. */
  local = glaux_connection_get_local_process (fixture->connection);
  g_assert_nonnull (local);
  g_assert_cmpint (kill (glaux_local_process_get_pid (local), SIGKILL), ==, 0);
  glaux_test_wait_until (offline_is, &offline, 30000);

  /* Refused (NETWORK), or cut off mid-answer when the kill lands during a request
   * (INVALID_RESPONSE: "Connection terminated unexpectedly"). */
  error = glaux_session_monitor_get_offline_error (fixture->monitor);
  g_test_message ("offline: %s", error->message);
  g_assert_true (g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK) ||
                 g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE));
  /* The last known state stays; network failures are not toasted. */
  g_assert_true (glaux_session_monitor_lookup (fixture->monitor,
                                               glaux_session_get_id (session)) == watch);
  g_assert_true (find_workgroup (fixture->monitor, "spark") == spark);
  g_assert_cmpuint (g_list_model_get_n_items (workgroups), ==, 2);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_IDLE);
  g_assert_cmpuint (fixture->n_errors, ==, 0);

  /* Offline, nothing piles up: no request storm against a dead endpoint. */
  before = total (fixture, "ListSessions");
  glaux_test_iterate (1000);
  g_assert_cmpuint (total (fixture, "ListSessions") - before, <=, 4);
  g_assert_true (glaux_session_monitor_get_offline (fixture->monitor));

  /* Retry starts glaux-local again on the same data. */
  updated = glaux_session_monitor_get_last_updated (fixture->monitor);
  glaux_session_monitor_retry (fixture->monitor);
  glaux_test_wait_until (offline_is, &online, 30000);
  g_assert_null (glaux_session_monitor_get_offline_error (fixture->monitor));
  g_assert_cmpint (glaux_session_monitor_get_last_updated (fixture->monitor), >, updated);
  g_assert_true (find_workgroup (fixture->monitor, "spark") == spark);
  g_assert_cmpuint (g_list_model_get_n_items (workgroups), ==, 2);
  g_assert_true (glaux_local_process_get_running (
                   glaux_connection_get_local_process (fixture->connection)));
  g_assert_cmpuint (fixture->n_errors, ==, 0);
}

static void
test_service_error_once (Fixture       *fixture,
                         gconstpointer  data)
{
  Condition one_error = { fixture, NULL, NULL, 1 };
  guint before;

  glaux_session_monitor_start (fixture->monitor);
  glaux_session_monitor_set_workgroup (fixture->monitor, "no-such-workgroup");
  glaux_test_wait_until (errors_at_least, &one_error, 10000);
  g_assert_error (fixture->last_error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (fixture->last_error), ==,
                   "InvalidRequestException");

  /* It keeps asking (at the slow interval) without repeating the error. */
  before = total (fixture, "ListSessions");
  glaux_test_iterate (1500);
  g_test_message ("ListSessions while failing: %u in 1.5 s", total (fixture, "ListSessions") - before);
  g_assert_cmpuint (total (fixture, "ListSessions") - before, >=, 3);
  g_assert_cmpuint (total (fixture, "ListSessions") - before, <=, 7);
  g_assert_cmpuint (fixture->n_errors, ==, 1);
  g_assert_false (glaux_session_monitor_get_offline (fixture->monitor));

  /* Selecting it again is a new question: the error is told again, once. */
  glaux_session_monitor_set_workgroup (fixture->monitor, "primary");
  glaux_session_monitor_set_workgroup (fixture->monitor, "no-such-workgroup");
  one_error.value = 2;
  glaux_test_wait_until (errors_at_least, &one_error, 10000);
  glaux_test_iterate (1000);
  g_assert_cmpuint (fixture->n_errors, ==, 2);
}

static void
test_stop_and_dispose (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GlauxSession) session = NULL;
  Condition idle = { fixture, NULL, NULL, 0 };
  guint before;

  create_workgroup (fixture, "spark", SPARK_ENGINE);
  session = start_session (fixture, "spark");
  glaux_session_monitor_set_workgroup (fixture->monitor, "spark");

  /* Stop with requests in flight: nothing more is asked, loading ends at once. */
  glaux_session_monitor_start (fixture->monitor);
  g_assert_true (glaux_session_monitor_get_loading (fixture->monitor));
  glaux_session_monitor_stop (fixture->monitor);
  g_assert_false (glaux_session_monitor_get_loading (fixture->monitor));
  glaux_test_iterate (100);
  before = total (fixture, "ListSessions") + total (fixture, "GetSession") +
           total (fixture, "ListWorkGroups");
  glaux_test_iterate (3 * SLOW_MS);
  g_assert_cmpuint (total (fixture, "ListSessions") + total (fixture, "GetSession") +
                    total (fixture, "ListWorkGroups"), ==, before);

  /* Start again: it picks up where it was. */
  glaux_session_monitor_start (fixture->monitor);
  wait_listed (fixture, glaux_session_get_id (session), TRUE);
  glaux_test_wait_until (not_loading, &idle, 10000);

  /* Dropped with requests in flight: their answers never reach it (ASan would tell). */
  glaux_session_monitor_refresh (fixture->monitor);
  g_assert_true (glaux_session_monitor_get_loading (fixture->monitor));
  g_clear_object (&fixture->monitor);
  glaux_test_iterate (3 * SLOW_MS);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  if (g_getenv ("GLAUX_LOCAL") == NULL)
    {
      g_test_skip ("GLAUX_LOCAL is not set");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/session-monitor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("workgroups", test_workgroups);
  ADD ("session-lifecycle", test_session_lifecycle);
  ADD ("switch-workgroup", test_switch_workgroup);
  ADD ("offline-and-retry", test_offline_and_retry);
  ADD ("service-error-once", test_service_error_once);
  ADD ("stop-and-dispose", test_stop_and_dispose);

#undef ADD

  return g_test_run ();
}
