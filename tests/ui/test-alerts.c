/* test-alerts.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Idle alerts, budgets and "run in background" in the real application with the glaux-local it
 * starts itself. The idle threshold is the "idle-alert-minutes" setting at 0.05 minutes (3 s):
 * the key is a double for exactly this. The test session bus has no desktop, so the test owns
 * org.freedesktop.Notifications itself (the desktop's part, which GLib talks to) and records
 * what arrives there; the application's "notification-sent" signal says which alert it was.
 * Buttons are pressed by activating the application action with the button's target, as
 * GLib does when the server reports a click. The tests run in order and share the application.
 */

#include "config.h"

#include <adwaita.h>

#include "glaux-application.h"
#include "glaux-connection-view.h"
#include "glaux-cost-model.h"
#include "glaux-preferences-window.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"
#include "glaux-window.h"

#define WAIT_MS     30000
#define CONNECTION  "local"
#define WORKGROUP   "alerts-ui"
#define SPARK       "PySpark engine version 3"

static GlauxApplication *app;
static GSettings *settings;
static GHashTable *sent;          /* notification id → body (the last one) */
static GHashTable *sent_counts;   /* notification id → count */

static void
notification_sent_cb (GlauxApplication *application,
                      const char       *id,
                      const char       *title,
                      const char       *body,
                      gpointer          user_data)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (sent_counts, id));

  g_test_message ("notification %s: %s — %s", id, title, body);
  g_hash_table_replace (sent, g_strdup (id), g_strdup (body));
  g_hash_table_replace (sent_counts, g_strdup (id), GUINT_TO_POINTER (count + 1));
}

static guint
sent_count (const char *id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (sent_counts, id));
}

static gboolean
was_sent (gpointer data)
{
  return sent_count (data) > 0;
}

/* The desktop's notification server (the freedesktop.org protocol) */

static GPtrArray *server_notes;   /* "summary\nbody\naction labels…" per Notify call */
static gboolean server_ready;

static const char server_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "</interface></node>";

static void
server_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      g_autofree const char **actions = NULL;
      const char *summary;
      const char *body;
      GString *note = g_string_new (NULL);

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_variant_get_child (parameters, 5, "^a&s", &actions);
      g_string_append_printf (note, "%s\n%s", summary, body);
      /* Pairs of key and label: the labels are what the user sees. */
      for (guint i = 1; actions[0] != NULL && actions[i - 1] != NULL && actions[i] != NULL; i += 2)
        g_string_append_printf (note, "\n%s", actions[i]);
      g_ptr_array_add (server_notes, g_string_free (note, FALSE));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", server_notes->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "glaux", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  server_ready = TRUE;
}

static gboolean
server_is_ready (gpointer data)
{
  return server_ready;
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { server_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (server_xml, NULL);
  g_autoptr(GError) error = NULL;

  server_notes = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, NULL, NULL);
  glaux_test_wait_until (server_is_ready, NULL, 10000);
}

/* The server's record of a notification whose body contains @text. */
static const char *
server_note (const char *text)
{
  for (guint i = 0; i < server_notes->len; i++)
    if (strstr (g_ptr_array_index (server_notes, i), text) != NULL)
      return g_ptr_array_index (server_notes, i);

  return NULL;
}

static gboolean
server_has_note (gpointer data)
{
  return server_note (data) != NULL;
}

static GlauxWindow *
main_window (void)
{
  return GLAUX_WINDOW (glaux_test_ui_find_window (GLAUX_TYPE_WINDOW));
}

static GlauxAlertMonitor *
alerts (void)
{
  return glaux_application_get_alert_monitor (app, CONNECTION);
}

static gboolean
alerts_ready (gpointer data)
{
  return alerts () != NULL &&
         glaux_connection_get_athena_client (glaux_alert_monitor_get_connection (alerts ())) != NULL;
}

static GlauxAthenaClient *
athena (void)
{
  return glaux_connection_get_athena_client (glaux_alert_monitor_get_connection (alerts ()));
}

/* Athena calls, as another user of the same account would make them */

static void
create_workgroup (void)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (WORKGROUP);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->selected_engine_version = g_strdup (SPARK);
  glaux_athena_client_create_work_group_async (athena (), params, NULL, glaux_test_store_result_cb,
                                               &result);
  glaux_test_wait_result (&result, WAIT_MS);
  g_assert_true (glaux_athena_client_create_work_group_finish (athena (), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static char *
start_session (const char *description)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (WORKGROUP);
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->description = g_strdup (description);
  glaux_athena_client_start_session_async (athena (), params, NULL, glaux_test_store_result_cb,
                                           &result);
  glaux_test_wait_result (&result, WAIT_MS);
  session = glaux_athena_client_start_session_finish (athena (), result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  return g_strdup (glaux_session_get_id (session));
}

/* What glaux-local itself says about the session. */
static GlauxSessionState
local_state (const char *session_id)
{
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_athena_client_get_session_status_async (athena (), session_id, NULL, NULL,
                                                glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, WAIT_MS);
  session = glaux_athena_client_get_session_status_finish (athena (), result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  return glaux_session_get_state (session);
}

static gboolean
local_terminated (gpointer data)
{
  return local_state (data) == GLAUX_SESSION_STATE_TERMINATED;
}

static char *
idle_id (const char *session_id)
{
  return g_strdup_printf ("idle:%s:%s", CONNECTION, session_id);
}

static void
activate (const char *action,
          const char *session_id)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), action,
                                  g_variant_new ("(ss)", CONNECTION, session_id));
}

/* The toast in the window: a label with the idle text, and its Terminate button. */
static gboolean
find_text (GtkWidget  *root,
           const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), text) == 0)
        return TRUE;
      if (find_text (child, text))
        return TRUE;
    }

  return FALSE;
}

static gboolean
window_shows (gpointer data)
{
  return main_window () != NULL && find_text (GTK_WIDGET (main_window ()), data);
}

/* Tests */

static void
test_idle_terminate (void)
{
  g_autofree char *session_id = NULL;
  g_autofree char *id = NULL;
  const char *body;
  GlauxWindow *window;

  g_application_activate (G_APPLICATION (app));
  glaux_test_ui_wait_for_window (GLAUX_TYPE_WINDOW);
  window = main_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);

  /* Connected by the window, then watched by the application. */
  glaux_test_wait_until (alerts_ready, NULL, WAIT_MS);
  g_assert_cmpfloat (glaux_alert_monitor_get_idle_threshold_seconds (alerts ()), ==, 3.0);
  /* Not the selected workgroup: the alert monitor lists its sessions itself. Workgroups are
   * listed every minute, so ask now, as the window does after creating one. */
  create_workgroup ();
  glaux_session_monitor_refresh (glaux_alert_monitor_get_session_monitor (alerts ()));

  session_id = start_session ("forgotten notebook");
  id = idle_id (session_id);
  glaux_test_wait_until (was_sent, id, WAIT_MS);

  /* Which session, where, how long, at what cost; and the buttons. */
  body = g_hash_table_lookup (sent, id);
  g_assert_nonnull (strstr (body, "forgotten notebook"));
  g_assert_nonnull (strstr (body, WORKGROUP));
  g_assert_nonnull (strstr (body, "idle for"));
  g_assert_nonnull (strstr (body, "$"));

  /* What reached the desktop: title, body and the two buttons. */
  glaux_test_wait_until (server_has_note, (gpointer)"forgotten notebook", WAIT_MS);
  g_assert_true (g_str_has_prefix (server_note ("forgotten notebook"), "Idle Session Still Billing\n"));
  g_assert_nonnull (strstr (server_note ("forgotten notebook"), "\nTerminate"));
  g_assert_nonnull (strstr (server_note ("forgotten notebook"), "\nKeep"));

  /* The same inside the window, with a Terminate button. */
  glaux_test_wait_until (window_shows, (gpointer)"forgotten notebook", WAIT_MS);
  glaux_test_wait_until (window_shows, (gpointer)"app.terminate-session", WAIT_MS);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "alerts-toast");

  /* Once per idle period. */
  glaux_test_ui_iterate (2000);
  g_assert_cmpuint (sent_count (id), ==, 1);

  /* "Terminate", as the notification server would press it. */
  activate ("terminate-session", session_id);
  glaux_test_wait_until (local_terminated, session_id, WAIT_MS);
}

static void
test_idle_keep (void)
{
  g_autofree char *session_id = start_session ("kept on purpose");
  g_autofree char *id = idle_id (session_id);

  glaux_test_wait_until (was_sent, id, WAIT_MS);
  activate ("keep-session", session_id);

  /* Kept: no more alerts, and it still runs. */
  glaux_test_ui_iterate (4000);
  g_assert_cmpuint (sent_count (id), ==, 1);
  g_assert_cmpint (local_state (session_id), ==, GLAUX_SESSION_STATE_IDLE);

  /* The default action opens the window on it. */
  activate ("show-session", session_id);
  glaux_test_ui_iterate (500);
  g_assert_cmpstr (glaux_connection_get_id (glaux_connection_view_get_connection (
                     glaux_window_get_visible_view (main_window ()))), ==, CONNECTION);

  activate ("terminate-session", session_id);
  glaux_test_wait_until (local_terminated, session_id, WAIT_MS);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_widget (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences (void)
{
  g_auto(GVariantBuilder) prices = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sd}"));
  g_auto(GVariantBuilder) budgets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sd}"));
  GlauxCostModel *model = glaux_cost_model_get_default ();
  GtkWindow *preferences;
  GObject *costs_page;
  GtkWidget *expander;

  /* A negotiated rate for this computer's connection wins over its region's price. */
  g_variant_builder_add (&prices, "{sd}", CONNECTION, 0.25);
  g_settings_set_value (settings, "connection-prices", g_variant_builder_end (&prices));
  g_variant_builder_add (&budgets, "{sd}", CONNECTION, 5.0);
  g_settings_set_value (settings, "daily-budgets", g_variant_builder_end (&budgets));
  g_settings_set_uint (settings, "minimum-billed-seconds", 60);
  glaux_test_ui_iterate (200);
  g_assert_cmpfloat (glaux_cost_model_get_price_for_connection (model, CONNECTION, "us-east-1",
                                                                NULL, NULL), ==, 0.25);
  g_assert_cmpuint (glaux_cost_model_get_minimum_billed_seconds (model), ==, 60);
  g_assert_cmpfloat (glaux_alert_monitor_get_daily_budget (alerts ()), ==, 5.0);

  /* A threshold users would choose, for the picture (the tests' 0.05 shows as 0). */
  g_settings_set_double (settings, "idle-alert-minutes", 30.0);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_PREFERENCES_WINDOW);
  preferences = glaux_test_ui_find_window (GLAUX_TYPE_PREFERENCES_WINDOW);
  gtk_window_set_default_size (preferences, 640, 900);
  costs_page = gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                              GLAUX_TYPE_PREFERENCES_WINDOW, "costs_page");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (costs_page));
  expander = find_widget (GTK_WIDGET (costs_page), ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (preferences), 3);
  glaux_test_ui_iterate (400);
  glaux_test_ui_save_screenshot (GTK_WIDGET (preferences), "preferences-costs");
  gtk_window_destroy (preferences);
  g_settings_set_double (settings, "idle-alert-minutes", 0.05);

  g_settings_reset (settings, "connection-prices");
  g_settings_reset (settings, "daily-budgets");
  g_settings_reset (settings, "minimum-billed-seconds");
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static void
test_background (void)
{
  g_autofree char *session_id = NULL;
  g_autofree char *id = NULL;

  g_assert_false (glaux_application_get_background_hold (app));
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (glaux_application_get_background_hold (app));

  /* The last window closes; the application stays, says so, and keeps watching. */
  gtk_window_close (GTK_WINDOW (main_window ()));
  glaux_test_wait_until (no_windows, NULL, WAIT_MS);
  glaux_test_wait_until (was_sent, (gpointer)"background", WAIT_MS);
  g_assert_true (glaux_application_get_background_hold (app));
  g_assert_nonnull (alerts ());

  session_id = start_session ("while nobody looks");
  id = idle_id (session_id);
  glaux_test_wait_until (was_sent, id, WAIT_MS);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* The notification's default action brings the window back. */
  activate ("show-session", session_id);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_WINDOW);
  activate ("terminate-session", session_id);
  glaux_test_wait_until (local_terminated, session_id, WAIT_MS);

  /* Off again: closing the last window quits as before (the hold is gone). */
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (glaux_application_get_background_hold (app));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The renderer the app would choose here (cairo without a GPU, as under Xvfb). */
  glaux_ui_choose_renderer ();
  glaux_test_init (&argc, &argv);
  start_notification_server ();

  sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sent_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  settings = g_settings_new (BASE_ID);
  g_settings_set_uint (settings, "poll-fast-seconds", 1);
  g_settings_set_uint (settings, "poll-slow-seconds", 5);
  g_settings_set_double (settings, "idle-alert-minutes", 0.05);

  app = glaux_application_new (G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "notification-sent", G_CALLBACK (notification_sent_cb), NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/glaux/ui/Alerts/idle-terminate", test_idle_terminate);
  g_test_add_func ("/glaux/ui/Alerts/idle-keep", test_idle_keep);
  g_test_add_func ("/glaux/ui/Alerts/preferences", test_preferences);
  g_test_add_func ("/glaux/ui/Alerts/background", test_background);

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&settings);
  g_clear_pointer (&sent, g_hash_table_unref);
  g_clear_pointer (&sent_counts, g_hash_table_unref);
  g_clear_pointer (&server_notes, g_ptr_array_unref);

  return status;
}
