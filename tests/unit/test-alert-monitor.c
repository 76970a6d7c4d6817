/* test-alert-monitor.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "glaux-alert-monitor.h"
#include "glaux-calculation-run.h"
#include "glaux-connection.h"
#include "glaux-history-store.h"
#include "glaux-keyring.h"
#include "glaux-session-monitor.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

/* The alert monitor against a real glaux-local run with --time-scale 60, so sessions become
 * IDLE within a second (the idle timeout, 30 minutes, lasts 30 s: longer than any test). The
 * idle threshold is a second of real time. Two workgroups: the session monitor lists the
 * selected one ("alerts-a"); the alert monitor alone lists "alerts-b". "Today" moves through the
 * alert monitor's clock. */

#define TIME_SCALE   60.0
#define FAST_MS      100
#define SLOW_MS      300
#define INTERVAL_MS  200
#define THRESHOLD_S  1.0
#define CONNECTION   "keys:alerts"
#define WORKGROUP_A  "alerts-a"
#define WORKGROUP_B  "alerts-b"
#define SPARK_ENGINE "PySpark engine version 3"
#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* Fixture */

typedef struct
{
  GlauxTestLocal      *local;
  GlauxConnection     *connection;
  GlauxSessionMonitor *monitor;
  GlauxAlertMonitor   *alerts;
  GHashTable          *idle_alerts;   /* session id → count */
  double               last_cost_per_hour;
  double               last_idle_seconds;
  guint                n_budget;
  double               last_cost_today;
  gint64               clock_offset;  /* added to the real time */
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_get_real_time () + fixture->clock_offset;
}

static void
idle_alert_cb (GlauxAlertMonitor *alerts,
               GlauxSession      *session,
               double             idle_seconds,
               double             cost_per_hour,
               Fixture           *fixture)
{
  const char *id = glaux_session_get_id (session);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->idle_alerts, id));

  g_test_message ("idle alert: %s (%s) idle %.1f s, %.4f $/h", id,
                  glaux_session_get_workgroup (session), idle_seconds, cost_per_hour);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_IDLE);
  g_hash_table_replace (fixture->idle_alerts, g_strdup (id), GUINT_TO_POINTER (count + 1));
  fixture->last_idle_seconds = idle_seconds;
  fixture->last_cost_per_hour = cost_per_hour;
}

static void
budget_cb (GlauxAlertMonitor *alerts,
           double             cost_today,
           double             budget,
           Fixture           *fixture)
{
  g_test_message ("budget exceeded: %g ≥ %g", cost_today, budget);
  g_assert_cmpfloat (cost_today, >=, budget);
  fixture->n_budget++;
  fixture->last_cost_today = cost_today;
}

static guint
n_alerts (Fixture    *fixture,
          const char *session_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->idle_alerts, session_id));
}

static void
keyring_store (const char *secret)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_keyring_store_async (CONNECTION, GLAUX_KEYRING_SECRET_ACCESS_KEY, secret, NULL,
                             glaux_test_store_result_cb, &result);
  g_assert_true (glaux_keyring_store_finish (glaux_test_wait_result (&result, 30000), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static GlauxAthenaClient *
client (Fixture *fixture)
{
  GlauxAthenaClient *athena = glaux_connection_get_athena_client (fixture->connection);

  g_assert_nonnull (athena);
  return athena;
}

static void
create_workgroup (Fixture    *fixture,
                  const char *name)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (name);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->selected_engine_version = g_strdup (SPARK_ENGINE);
  glaux_athena_client_create_work_group_async (client (fixture), params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_create_work_group_finish (client (fixture), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static GlauxSession *
start_session (Fixture    *fixture,
               const char *workgroup)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (workgroup);
  g_autoptr(GError) error = NULL;
  GlauxSession *session;
  GAsyncResult *result = NULL;

  params->description = g_strdup ("alert test");
  params->idle_timeout_minutes = 30;
  glaux_athena_client_start_session_async (client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (client (fixture), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_clear_object (&result);

  return session;
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

static GlauxAlertMonitor *
new_alert_monitor (Fixture *fixture)
{
  GlauxAlertMonitor *alerts = glaux_alert_monitor_new (fixture->monitor);

  glaux_alert_monitor_set_interval (alerts, INTERVAL_MS);
  glaux_alert_monitor_set_clock (alerts, fixture_clock, fixture);
  g_signal_connect (alerts, "idle-alert", G_CALLBACK (idle_alert_cb), fixture);
  g_signal_connect (alerts, "budget-exceeded", G_CALLBACK (budget_cb), fixture);

  return alerts;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("alerts-%08x", g_random_int ());
  g_autofree char *local_dir = g_build_filename (glaux_test_get_home (), name, NULL);
  g_autoptr(GlauxSessionMonitor) again = NULL;

  fixture->idle_alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->local = glaux_test_local_start (local_dir, TIME_SCALE);
  keyring_store (fixture->local->secret_access_key);
  fixture->connection = glaux_connection_new_for_keys (CONNECTION, "Alerts",
                                                       fixture->local->region,
                                                       fixture->local->access_key_id,
                                                       fixture->local->endpoint, FALSE);
  connect_and_wait (fixture->connection);
  create_workgroup (fixture, WORKGROUP_A);
  create_workgroup (fixture, WORKGROUP_B);

  /* One monitor per connection, whoever asks. */
  fixture->monitor = glaux_session_monitor_dup_for_connection (fixture->connection);
  again = glaux_session_monitor_dup_for_connection (fixture->connection);
  g_assert_true (again == fixture->monitor);

  glaux_session_monitor_set_intervals (fixture->monitor, FAST_MS, SLOW_MS);
  glaux_session_monitor_set_workgroup (fixture->monitor, WORKGROUP_A);
  fixture->alerts = new_alert_monitor (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->alerts);
  g_clear_object (&fixture->monitor);
  glaux_test_iterate (50);

  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->connection);
  g_assert_cmpint (glaux_test_local_stop (fixture->local), ==, 0);
  g_clear_pointer (&fixture->local, glaux_test_local_free);
  g_clear_pointer (&fixture->idle_alerts, g_hash_table_unref);
}

/* Waiting for alerts */

typedef struct
{
  Fixture    *fixture;
  const char *session_id;
  guint       count;
} AlertWait;

static gboolean
alerted (gpointer data)
{
  AlertWait *wait = data;

  return n_alerts (wait->fixture, wait->session_id) >= wait->count;
}

static void
wait_alerts (Fixture    *fixture,
             const char *session_id,
             guint       count)
{
  AlertWait wait = { fixture, session_id, count };

  glaux_test_wait_until (alerted, &wait, 20000);
}

static gboolean
watch_listed (gpointer data)
{
  AlertWait *wait = data;

  return glaux_session_monitor_lookup (wait->fixture->monitor, wait->session_id) != NULL;
}

typedef struct
{
  GlauxCalculationRun *run;
  gboolean             finished;
} Run;

static void
finished_cb (GlauxCalculationRun *run,
             Run                 *data)
{
  data->finished = TRUE;
}

static gboolean
run_finished (gpointer data)
{
  return ((Run *)data)->finished;
}

/* Keeps @session_id BUSY for a while (longer than the alert monitor's interval, so a poll sees
 * it), then lets it go idle again. */
static void
run_calculation (Fixture    *fixture,
                 const char *session_id)
{
  Run data = { 0 };

  data.run = glaux_calculation_run_new (fixture->connection, session_id,
                                        "import time\ntime.sleep(1.0)\nprint('busy')", "busy");
  g_signal_connect (data.run, "finished", G_CALLBACK (finished_cb), &data);
  glaux_calculation_run_start (data.run);
  glaux_test_wait_until (run_finished, &data, 60000);
  g_assert_null (glaux_calculation_run_get_error (data.run));
  g_clear_object (&data.run);
}

/* Tests */

static void
test_idle_alerts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlauxSession) watched = start_session (fixture, WORKGROUP_A);
  g_autoptr(GlauxSession) listed = start_session (fixture, WORKGROUP_B);
  g_autoptr(GlauxSession) kept = start_session (fixture, WORKGROUP_B);
  const char *watched_id = glaux_session_get_id (watched);
  const char *listed_id = glaux_session_get_id (listed);
  const char *kept_id = glaux_session_get_id (kept);
  AlertWait in_monitor = { fixture, watched_id, 0 };
  GlauxSession *seen;

  /* Off until a threshold is set; a session kept before any alert stays silent. */
  glaux_alert_monitor_keep_session (fixture->alerts, kept_id);
  glaux_session_monitor_add_session (fixture->monitor, watched);
  glaux_test_wait_until (watch_listed, &in_monitor, 10000);
  glaux_test_iterate (1500);
  g_assert_cmpuint (g_hash_table_size (fixture->idle_alerts), ==, 0);

  glaux_alert_monitor_set_idle_threshold_seconds (fixture->alerts, THRESHOLD_S);
  g_assert_cmpfloat (glaux_alert_monitor_get_idle_threshold_seconds (fixture->alerts), ==,
                     THRESHOLD_S);

  /* Both workgroups are watched: the selected one through the session monitor, the other by
   * the alert monitor's own listing. Each alerts once for its idle period. */
  wait_alerts (fixture, watched_id, 1);
  wait_alerts (fixture, listed_id, 1);
  g_assert_cmpfloat (fixture->last_idle_seconds, >=, THRESHOLD_S);
  g_assert_cmpfloat (fixture->last_cost_per_hour, >, 0.0);
  seen = glaux_alert_monitor_lookup_session (fixture->alerts, listed_id);
  g_assert_nonnull (seen);
  g_assert_cmpstr (glaux_session_get_workgroup (seen), ==, WORKGROUP_B);
  g_assert_true (glaux_alert_monitor_get_connection (fixture->alerts) == fixture->connection);

  glaux_test_iterate (6 * INTERVAL_MS);
  g_assert_cmpuint (n_alerts (fixture, watched_id), ==, 1);
  g_assert_cmpuint (n_alerts (fixture, listed_id), ==, 1);
  g_assert_cmpuint (n_alerts (fixture, kept_id), ==, 0);

  /* Keep after an alert: nothing more, however long it idles. */
  glaux_alert_monitor_keep_session (fixture->alerts, listed_id);
  glaux_test_iterate (6 * INTERVAL_MS);
  g_assert_cmpuint (n_alerts (fixture, listed_id), ==, 1);

  /* Busy, then idle again: a new idle period, a new alert — for the kept session too. */
  run_calculation (fixture, watched_id);
  wait_alerts (fixture, watched_id, 2);
  run_calculation (fixture, kept_id);
  wait_alerts (fixture, kept_id, 1);
  run_calculation (fixture, listed_id);
  wait_alerts (fixture, listed_id, 2);

  glaux_test_iterate (6 * INTERVAL_MS);
  g_assert_cmpuint (n_alerts (fixture, watched_id), ==, 2);
  g_assert_cmpuint (n_alerts (fixture, kept_id), ==, 1);
  g_assert_cmpuint (n_alerts (fixture, listed_id), ==, 2);
  g_assert_cmpuint (fixture->n_budget, ==, 0);
}

static gboolean
budget_fired (gpointer data)
{
  return ((Fixture *)data)->n_budget > 0;
}

static void
test_budget_live (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlauxSession) session = start_session (fixture, WORKGROUP_B);
  g_autofree char *today = glaux_alert_monitor_format_day (g_get_real_time ());
  g_autofree char *tomorrow = glaux_alert_monitor_format_day (g_get_real_time () + USEC_PER_DAY);

  g_assert_cmpstr (today, !=, tomorrow);
  g_assert_null (glaux_alert_monitor_get_budget_notified_day (fixture->alerts));

  /* A budget of a ten-thousandth of a cent: any running session exceeds it. Without a history
   * store, the live sessions' cost is today's. */
  glaux_alert_monitor_set_daily_budget (fixture->alerts, 0.000001);
  glaux_test_wait_until (budget_fired, fixture, 20000);
  g_assert_cmpuint (fixture->n_budget, ==, 1);
  g_assert_cmpfloat (fixture->last_cost_today, >, 0.0);
  g_assert_cmpstr (glaux_alert_monitor_get_budget_notified_day (fixture->alerts), ==, today);

  /* Once per day. */
  glaux_test_iterate (8 * INTERVAL_MS);
  g_assert_cmpuint (fixture->n_budget, ==, 1);

  /* The next day, again. */
  fixture->clock_offset = USEC_PER_DAY;
  glaux_alert_monitor_check (fixture->alerts);
  g_assert_cmpuint (fixture->n_budget, ==, 2);
  g_assert_cmpstr (glaux_alert_monitor_get_budget_notified_day (fixture->alerts), ==, tomorrow);
  glaux_test_iterate (8 * INTERVAL_MS);
  g_assert_cmpuint (fixture->n_budget, ==, 2);

  /* After a restart, the remembered day holds it back; a day not remembered does not. */
  g_clear_object (&fixture->alerts);
  fixture->alerts = new_alert_monitor (fixture);
  glaux_alert_monitor_set_budget_notified_day (fixture->alerts, tomorrow);
  glaux_alert_monitor_set_daily_budget (fixture->alerts, 0.000001);
  glaux_test_iterate (8 * INTERVAL_MS);
  g_assert_cmpuint (fixture->n_budget, ==, 2);

  glaux_alert_monitor_set_budget_notified_day (fixture->alerts, today);
  glaux_alert_monitor_check (fixture->alerts);
  g_assert_cmpuint (fixture->n_budget, ==, 3);

  /* A budget higher than the cost never fires. */
  g_clear_object (&fixture->alerts);
  fixture->alerts = new_alert_monitor (fixture);
  glaux_alert_monitor_set_daily_budget (fixture->alerts, 1000.0);
  glaux_test_iterate (8 * INTERVAL_MS);
  g_assert_cmpuint (fixture->n_budget, ==, 3);
}

static void
test_budget_history (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), "alerts-history.db", NULL);
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = glaux_alert_monitor_format_day (g_get_real_time ());
  GAsyncResult *result = NULL;

  glaux_history_store_new_async (path, 90, NULL, glaux_test_store_result_cb, &result);
  store = glaux_history_store_new_finish (glaux_test_wait_result (&result, 30000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Tomorrow, as the alert monitor sees it, nothing has been spent yet. */
  fixture->clock_offset = USEC_PER_DAY;
  glaux_alert_monitor_set_history_store (fixture->alerts, store);
  glaux_alert_monitor_set_daily_budget (fixture->alerts, 0.000001);
  session = start_session (fixture, WORKGROUP_B);
  glaux_test_iterate (3000);
  g_assert_cmpuint (fixture->n_budget, ==, 0);

  /* Today it has: the session only the alert monitor sees was recorded in the history. */
  fixture->clock_offset = 0;
  glaux_test_wait_until (budget_fired, fixture, 20000);
  g_assert_cmpuint (fixture->n_budget, ==, 1);
  g_assert_cmpstr (glaux_alert_monitor_get_budget_notified_day (fixture->alerts), ==, today);
  glaux_test_iterate (8 * INTERVAL_MS);
  g_assert_cmpuint (fixture->n_budget, ==, 1);

  g_clear_object (&fixture->alerts);
  glaux_history_store_flush_async (store, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_history_store_flush_finish (store, result, &error));
  g_clear_object (&result);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add ("/glaux/monitor/AlertMonitor/idle", Fixture, NULL,
              fixture_set_up, test_idle_alerts, fixture_tear_down);
  g_test_add ("/glaux/monitor/AlertMonitor/budget-live", Fixture, NULL,
              fixture_set_up, test_budget_live, fixture_tear_down);
  g_test_add ("/glaux/monitor/AlertMonitor/budget-history", Fixture, NULL,
              fixture_set_up, test_budget_history, fixture_tear_down);

  return g_test_run ();
}
