/* test-session-sampling.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "glaux-calculation-run.h"
#include "glaux-connection.h"
#include "glaux-history-store.h"
#include "glaux-keyring.h"
#include "glaux-session-monitor.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

/* The session monitor writing to the history store, against a real glaux-local run with
 * --time-scale 60 (a 2-minute idle timeout fires after 2 seconds). The connection is a "keys"
 * connection to that glaux-local, since a local connection starts its own glaux-local at
 * normal speed. */

#define TIME_SCALE   60.0
#define FAST_MS      100
#define SLOW_MS      300
#define CONNECTION   "keys:sampling"
#define WORKGROUP    "sampling"
#define SPARK_ENGINE "PySpark engine version 3"

/* Store helpers */

static GlauxHistoryStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  GlauxHistoryStore *store;
  GAsyncResult *result = NULL;

  glaux_history_store_new_async (path, 90, NULL, glaux_test_store_result_cb, &result);
  store = glaux_history_store_new_finish (glaux_test_wait_result (&result, 30000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&result);

  return store;
}

static GPtrArray *
stored_sessions (GlauxHistoryStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions;
  GAsyncResult *result = NULL;

  glaux_history_store_list_sessions_async (store, CONNECTION, WORKGROUP, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  sessions = glaux_history_store_list_sessions_finish (store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  return sessions;
}

static GlauxHistorySamples *
stored_samples (GlauxHistoryStore *store,
                const char        *session_id)
{
  g_autoptr(GError) error = NULL;
  GlauxHistorySamples *samples;
  GAsyncResult *result = NULL;

  glaux_history_store_query_samples_async (store, CONNECTION, session_id, 0, G_MAXINT64, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  samples = glaux_history_store_query_samples_finish (store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  return samples;
}

static GPtrArray *
stored_calculations (GlauxHistoryStore *store,
                     const char        *session_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *calculations;
  GAsyncResult *result = NULL;

  glaux_history_store_list_calculations_async (store, CONNECTION, session_id, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  calculations = glaux_history_store_list_calculations_finish (store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  return calculations;
}

/* Athena set-up through the connection's client */

static void
store_secret (const char *secret)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_keyring_store_async (CONNECTION, GLAUX_KEYRING_SECRET_ACCESS_KEY, secret, NULL,
                             glaux_test_store_result_cb, &result);
  g_assert_true (glaux_keyring_store_finish (glaux_test_wait_result (&result, 30000), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static void
connect_and_wait (GlauxConnection *connection)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_connect_finish (connection, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static void
create_workgroup (GlauxAthenaClient *client)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (WORKGROUP);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->selected_engine_version = g_strdup (SPARK_ENGINE);
  glaux_athena_client_create_work_group_async (client, params, NULL, glaux_test_store_result_cb,
                                               &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_create_work_group_finish (client, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static GlauxSession *
start_session (GlauxAthenaClient *client)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (WORKGROUP);
  g_autoptr(GError) error = NULL;
  GlauxSession *session;
  GAsyncResult *result = NULL;

  params->description = g_strdup ("sampling test");
  params->max_concurrent_dpus = 4;
  params->idle_timeout_minutes = 2;
  glaux_athena_client_start_session_async (client, params, NULL, glaux_test_store_result_cb,
                                           &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_clear_object (&result);

  return session;
}

/* Conditions */

typedef struct
{
  GlauxHistoryStore *store;
  GlauxSessionWatch *watch;
  const char        *session_id;
  GlauxSessionState  state;
  guint              n_finished;
  gboolean           saw_busy;
} Observer;

static gboolean
watch_in_state (gpointer data)
{
  Observer *observer = data;

  return glaux_session_get_state (glaux_session_watch_get_session (observer->watch)) ==
         observer->state;
}

static gboolean
run_finished (gpointer data)
{
  return ((Observer *)data)->n_finished > 0;
}

static void
finished_cb (GlauxCalculationRun *run,
             Observer            *observer)
{
  observer->n_finished++;
}

static void
state_cb (GlauxSession *session,
          GParamSpec   *pspec,
          Observer     *observer)
{
  if (glaux_session_get_state (session) == GLAUX_SESSION_STATE_BUSY)
    observer->saw_busy = TRUE;
}

static gboolean
watch_settled (gpointer data)
{
  Observer *observer = data;

  return observer->watch != NULL &&
         glaux_session_watch_get_dpus_now (observer->watch) >= 0 &&
         glaux_session_get_state (glaux_session_watch_get_session (observer->watch)) ==
         GLAUX_SESSION_STATE_TERMINATED;
}

static guint
count_samples (GlauxHistoryStore *store,
               const char        *session_id)
{
  g_autoptr(GlauxHistorySamples) samples = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_history_store_flush_async (store, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_history_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  samples = stored_samples (store, session_id);
  return samples->n_samples;
}

/* The history shows the ended session with a sample holding no DPUs, and its calculation. */
static gboolean
history_complete (gpointer data)
{
  Observer *observer = data;
  g_autoptr(GPtrArray) sessions = stored_sessions (observer->store);
  g_autoptr(GPtrArray) calculations = stored_calculations (observer->store, observer->session_id);
  g_autoptr(GlauxHistorySamples) samples = stored_samples (observer->store, observer->session_id);
  GlauxHistorySession *session;
  guint last;

  if (sessions->len != 1 || calculations->len != 1 || samples->n_samples == 0)
    return FALSE;

  session = g_ptr_array_index (sessions, 0);
  last = samples->n_samples - 1;

  return g_strcmp0 (session->state, "TERMINATED") == 0 &&
         samples->coordinator_dpus[last] + samples->executor_dpus[last] == 0.0;
}

static void
test_sampling (void)
{
  g_autofree char *local_dir = g_build_filename (glaux_test_get_home (), "sampling-local", NULL);
  g_autofree char *db_path = g_build_filename (glaux_test_get_home (), "sampling", "history.db",
                                               NULL);
  g_autoptr(GlauxTestLocal) local = NULL;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GlauxSessionMonitor) monitor = NULL;
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxSession) started = NULL;
  g_autoptr(GlauxCalculationRun) run = NULL;
  g_autoptr(GlauxHistorySamples) samples = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GlauxHistoryDaily) daily = NULL;
  g_autoptr(GError) error = NULL;
  GlauxHistorySession *stored;
  GlauxHistoryCalculation *calculation;
  GlauxCalculation *ran;
  GlauxSession *live;
  Observer observer = { 0 };
  guint n_alive = 0;
  guint n_before;
  gint64 final_dpu_millis;
  gint64 final_calculation_millis;
  GAsyncResult *result = NULL;

  local = glaux_test_local_start (local_dir, TIME_SCALE);
  store_secret (local->secret_access_key);
  connection = glaux_connection_new_for_keys (CONNECTION, "Sampling", local->region,
                                              local->access_key_id, local->endpoint, FALSE);
  connect_and_wait (connection);
  create_workgroup (glaux_connection_get_athena_client (connection));

  store = open_store (db_path);
  monitor = glaux_session_monitor_new (connection);
  glaux_session_monitor_set_intervals (monitor, FAST_MS, SLOW_MS);
  glaux_session_monitor_set_history_store (monitor, store);
  g_assert_true (glaux_session_monitor_get_history_store (monitor) == store);
  glaux_session_monitor_set_workgroup (monitor, WORKGROUP);
  glaux_session_monitor_start (monitor);

  started = start_session (glaux_connection_get_athena_client (connection));
  observer.store = store;
  observer.session_id = glaux_session_get_id (started);
  observer.watch = glaux_session_monitor_add_session (monitor, started);
  g_assert_nonnull (observer.watch);
  live = glaux_session_watch_get_session (observer.watch);
  g_signal_connect (live, "notify::state", G_CALLBACK (state_cb), &observer);

  observer.state = GLAUX_SESSION_STATE_IDLE;
  glaux_test_wait_until (watch_in_state, &observer, 20000);

  /* A calculation that lasts long enough for the monitor to see the session BUSY. */
  run = glaux_calculation_run_new (connection, observer.session_id,
                                   "import time\ntime.sleep(0.8)\nprint('slept')", "sampled");
  g_signal_connect (run, "finished", G_CALLBACK (finished_cb), &observer);
  glaux_calculation_run_start (run);
  glaux_test_wait_until (run_finished, &observer, 60000);
  g_assert_null (glaux_calculation_run_get_error (run));
  ran = glaux_calculation_run_get_calculation (run);
  g_assert_cmpint (glaux_calculation_get_state (ran), ==, GLAUX_CALCULATION_STATE_COMPLETED);
  g_assert_true (observer.saw_busy);

  /* Idle for the 2-minute timeout, scaled to 2 s: glaux-local ends it. */
  observer.state = GLAUX_SESSION_STATE_TERMINATED;
  glaux_test_wait_until (watch_in_state, &observer, 30000);
  glaux_test_wait_until (history_complete, &observer, 20000);

  final_dpu_millis = glaux_session_get_dpu_execution_millis (live);
  final_calculation_millis = glaux_calculation_get_dpu_execution_millis (ran);
  g_assert_cmpint (final_dpu_millis, >, 0);
  g_assert_cmpint (final_calculation_millis, >, 0);

  /* A monitor started later lists the ended session (include-ended) without adding samples
   * to it: its chart keeps its own time span. */
  g_signal_handlers_disconnect_by_data (live, &observer);
  g_clear_object (&monitor);
  glaux_test_iterate (50);
  n_before = count_samples (store, observer.session_id);
  monitor = glaux_session_monitor_new (connection);
  glaux_session_monitor_set_intervals (monitor, FAST_MS, SLOW_MS);
  glaux_session_monitor_set_history_store (monitor, store);
  glaux_session_monitor_set_include_ended (monitor, TRUE);
  glaux_session_monitor_set_workgroup (monitor, WORKGROUP);
  glaux_session_monitor_start (monitor);
  observer.watch = NULL;
  while (observer.watch == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      observer.watch = glaux_session_monitor_lookup (monitor, observer.session_id);
    }
  glaux_test_wait_until (watch_settled, &observer, 20000);
  glaux_test_iterate (4 * SLOW_MS);
  g_assert_cmpuint (count_samples (store, observer.session_id), ==, n_before);

  /* Gone: the monitor, the store and glaux-local itself. */
  g_clear_object (&monitor);
  glaux_test_iterate (50);
  glaux_history_store_flush_async (store, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_history_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&store);
  glaux_connection_disconnect (connection);
  g_clear_object (&connection);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);

  /* A new store on the same file has it all. */
  store = open_store (db_path);
  sessions = stored_sessions (store);
  g_assert_cmpuint (sessions->len, ==, 1);
  stored = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (stored->session_id, ==, observer.session_id);
  g_assert_cmpstr (stored->workgroup, ==, WORKGROUP);
  g_assert_cmpstr (stored->region, ==, local->region);
  g_assert_cmpstr (stored->description, ==, "sampling test");
  g_assert_cmpstr (stored->state, ==, "TERMINATED");
  g_assert_cmpint (stored->dpu_millis, ==, final_dpu_millis);
  g_assert_cmpint (stored->max_concurrent_dpus, ==, 4);
  g_assert_cmpint (stored->idle_timeout_seconds, ==, 120);
  g_assert_cmpint (stored->start_time, >, 0);
  g_assert_cmpint (stored->end_time, >, stored->start_time);

  samples = stored_samples (store, observer.session_id);
  g_test_message ("%u samples over %.1f s", samples->n_samples,
                  samples->n_samples > 0
                  ? (double)(samples->times[samples->n_samples - 1] - samples->times[0]) / 1e6
                  : 0.0);
  g_assert_cmpuint (samples->n_samples, >=, 5);
  for (guint i = 0; i < samples->n_samples; i++)
    {
      if (i > 0)
        {
          g_assert_cmpint (samples->times[i], >, samples->times[i - 1]);
          g_assert_cmpint (samples->dpu_millis[i], >=, samples->dpu_millis[i - 1]);
        }
      if (samples->coordinator_dpus[i] > 0)
        {
          /* While alive: the coordinator's 1 DPU; executors only while something runs. */
          g_assert_cmpfloat (samples->coordinator_dpus[i], ==, 1.0);
          g_assert_cmpfloat (samples->executor_dpus[i], <=, 3.0);
          n_alive++;
        }
    }
  g_assert_cmpuint (n_alive, >=, 3);
  g_assert_cmpint (samples->dpu_millis[samples->n_samples - 1], ==, final_dpu_millis);
  g_assert_cmpint (samples->dpu_millis[0], <, final_dpu_millis);

  calculations = stored_calculations (store, observer.session_id);
  g_assert_cmpuint (calculations->len, ==, 1);
  calculation = g_ptr_array_index (calculations, 0);
  g_assert_cmpstr (calculation->calculation_id, ==, glaux_calculation_get_id (ran));
  g_assert_cmpstr (calculation->state, ==, "COMPLETED");
  g_assert_cmpstr (calculation->description, ==, "sampled");
  g_assert_cmpint (calculation->dpu_millis, ==, final_calculation_millis);
  g_assert_cmpint (calculation->start_time, >, 0);
  g_assert_cmpint (calculation->end_time, >=, calculation->start_time);

  /* The session's whole DPU-ms land in the last two local days (it may cross midnight). */
  glaux_history_store_query_daily_async (store, CONNECTION, NULL, 2, 0, NULL, NULL, NULL,
                                         glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  daily = glaux_history_store_query_daily_finish (store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (daily->dpu_millis[0] + daily->dpu_millis[1], ==, final_dpu_millis);
  g_assert_cmpfloat (daily->cost[0] + daily->cost[1], >, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/session-sampling/sampled-terminated-restarted", test_sampling);

  return g_test_run ();
}
