/* glaux-application.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-application"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "glaux-alert-monitor.h"
#include "glaux-application.h"
#include "glaux-bench-window.h"
#include "glaux-connection-list.h"
#include "glaux-connection-view.h"
#include "glaux-compare-command.h"
#include "glaux-cost-model.h"
#include "glaux-history-store.h"
#include "glaux-local-process.h"
#include "glaux-preferences-window.h"
#include "glaux-resources.h"
#include "glaux-session-monitor.h"
#include "glaux-ui-util.h"
#include "glaux-window.h"

struct _GlauxApplication
{
  AdwApplication  parent_instance;

  GSettings            *settings;
  GlauxConnectionList  *connections;
  GlauxHistoryStore    *history_store;
  GHashTable           *alert_monitors;  /* connection id → GlauxAlertMonitor */

  guint                 held : 1;        /* g_application_hold() for "run in background" */
};

G_DEFINE_FINAL_TYPE (GlauxApplication, glaux_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_BACKGROUND_HOLD,
  N_PROPS
};

enum {
  SIGNAL_NOTIFICATION_SENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static void
glaux_application_apply_style (GlauxApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
style_variant_changed_cb (GlauxApplication *self,
                          const char       *key,
                          GSettings        *settings)
{
  glaux_application_apply_style (self);
}

static void
price_overrides_changed_cb (GlauxApplication *self)
{
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, "dpu-price-overrides");

  glaux_cost_model_set_price_overrides (glaux_cost_model_get_default (), overrides);
}

static void
connection_prices_changed_cb (GlauxApplication *self)
{
  g_autoptr(GVariant) prices = g_settings_get_value (self->settings, "connection-prices");

  glaux_cost_model_set_connection_prices (glaux_cost_model_get_default (), prices);
}

/* Alerts and background */

/* GNotification has no getters: the title and body go along for "notification-sent". */
static void
send_notification (GlauxApplication *self,
                   const char       *id,
                   const char       *title,
                   const char       *body,
                   GNotification    *notification)
{
  g_application_send_notification (G_APPLICATION (self), id, notification);
  g_signal_emit (self, signals[SIGNAL_NOTIFICATION_SENT], 0, id, title, body);
}

static char *
idle_notification_id (const char *connection_id,
                      const char *session_id)
{
  return g_strdup_printf ("idle:%s:%s", connection_id, session_id);
}

/* The main window most recently focused; the benchmark window may be the active one. */
static GlauxWindow *
find_main_window (GlauxApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GLAUX_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
add_toast_to_windows (GlauxApplication *self,
                      AdwToast         *toast)
{
  GlauxWindow *window = find_main_window (self);

  /* One toast, in the main window the user looked at last (a toast belongs to one overlay). */
  if (window != NULL)
    glaux_window_add_toast (window, toast);
  else
    g_object_unref (toast);
}

/* "Session “etl” in workgroup primary has been idle for 32 min, still billing $0.35 an hour." */
static char *
format_idle_text (GlauxSession *session,
                  double        idle_seconds,
                  double        cost_per_hour)
{
  g_autofree char *idle = glaux_ui_format_duration ((GTimeSpan)(idle_seconds * G_TIME_SPAN_SECOND));
  g_autofree char *rate = glaux_cost_model_format_amount (cost_per_hour);
  const char *workgroup = glaux_session_get_workgroup (session);

  /* Translators: session name, workgroup, idle time ("32 min"), dollars per hour ("$0.35"). */
  return g_strdup_printf (_("Session “%s” in workgroup %s has been idle for %s, still billing %s an hour."),
                          glaux_session_get_display_name (session),
                          workgroup != NULL ? workgroup : _("(unknown)"), idle, rate);
}

static void
idle_alert_cb (GlauxAlertMonitor *alerts,
               GlauxSession      *session,
               double             idle_seconds,
               double             cost_per_hour,
               GlauxApplication  *self)
{
  const char *connection_id = glaux_connection_get_id (glaux_alert_monitor_get_connection (alerts));
  const char *session_id = glaux_session_get_id (session);
  g_autofree char *id = idle_notification_id (connection_id, session_id);
  g_autofree char *body = format_idle_text (session, idle_seconds, cost_per_hour);
  g_autofree char *markup = g_markup_escape_text (body, -1);
  const char *title = _("Idle Session Still Billing");
  g_autoptr(GNotification) notification = g_notification_new (title);
  AdwToast *toast;

  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-session", "(ss)",
                                                connection_id, session_id);
  g_notification_add_button_with_target (notification, _("Terminate"), "app.terminate-session",
                                         "(ss)", connection_id, session_id);
  g_notification_add_button_with_target (notification, _("Keep"), "app.keep-session",
                                         "(ss)", connection_id, session_id);
  send_notification (self, id, title, body, notification);

  toast = adw_toast_new (markup);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Terminate"));
  adw_toast_set_action_name (toast, "app.terminate-session");
  adw_toast_set_action_target_value (toast, g_variant_new ("(ss)", connection_id, session_id));
  add_toast_to_windows (self, toast);
}

static void
budget_exceeded_cb (GlauxAlertMonitor *alerts,
                    double             cost_today,
                    double             budget,
                    GlauxApplication  *self)
{
  GlauxConnection *connection = glaux_alert_monitor_get_connection (alerts);
  const char *connection_id = glaux_connection_get_id (connection);
  g_autofree char *id = g_strdup_printf ("budget:%s", connection_id);
  g_autofree char *cost = glaux_cost_model_format_amount (cost_today);
  g_autofree char *limit = glaux_cost_model_format_amount (budget);
  g_autofree char *body = NULL;
  const char *title = _("Daily Budget Reached");
  g_autoptr(GNotification) notification = g_notification_new (title);

  /* Translators: connection name, cost today ("$12.40"), the daily budget ("$10.00"). */
  body = g_strdup_printf (_("%s has cost an estimated %s today, over its daily budget of %s."),
                          glaux_connection_get_title (connection), cost, limit);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-connection", "s",
                                                connection_id);
  send_notification (self, id, title, body, notification);
}

static void
budget_notified_day_cb (GlauxAlertMonitor *alerts,
                        GParamSpec        *pspec,
                        GlauxApplication  *self)
{
  const char *connection_id = glaux_connection_get_id (glaux_alert_monitor_get_connection (alerts));
  const char *day = glaux_alert_monitor_get_budget_notified_day (alerts);
  g_autoptr(GVariant) current = g_settings_get_value (self->settings, "budget-notified-days");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *key;
  const char *value;

  /* Remembered in the settings, so a restart the same day does not notify again. */
  g_variant_iter_init (&iter, current);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, connection_id))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (day != NULL)
    g_variant_builder_add (&builder, "{ss}", connection_id, day);

  g_settings_set_value (self->settings, "budget-notified-days", g_variant_builder_end (&builder));
}

static double
lookup_double (GVariant   *dict,
               const char *key)
{
  double value = 0.0;

  return g_variant_lookup (dict, key, "d", &value) ? value : 0.0;
}

static void
apply_alert_settings (GlauxApplication  *self,
                      GlauxAlertMonitor *alerts)
{
  const char *id = glaux_connection_get_id (glaux_alert_monitor_get_connection (alerts));
  GlauxSessionMonitor *monitor = glaux_alert_monitor_get_session_monitor (alerts);
  g_autoptr(GVariant) budgets = g_settings_get_value (self->settings, "daily-budgets");
  g_autoptr(GVariant) notified = g_settings_get_value (self->settings, "budget-notified-days");
  g_autofree char *day = NULL;
  guint slow_seconds = g_settings_get_uint (self->settings, "poll-slow-seconds");

  g_variant_lookup (notified, id, "s", &day);
  glaux_alert_monitor_set_budget_notified_day (alerts, day);
  glaux_alert_monitor_set_idle_threshold_seconds (alerts,
                                                  g_settings_get_double (self->settings,
                                                                         "idle-alert-minutes") * 60.0);
  glaux_alert_monitor_set_daily_budget (alerts, lookup_double (budgets, id));
  /* Alerts need no more than the slow interval; a threshold under it (tests) gets finer ticks. */
  glaux_alert_monitor_set_interval (alerts, MIN (slow_seconds * 1000,
                                                 MAX (glaux_alert_monitor_get_idle_threshold_seconds (alerts) * 250, 200)));
  glaux_session_monitor_set_intervals (monitor, g_settings_get_uint (self->settings, "poll-fast-seconds") * 1000,
                                       slow_seconds * 1000);
  if (self->history_store != NULL)
    {
      glaux_session_monitor_set_history_store (monitor, self->history_store);
      glaux_alert_monitor_set_history_store (alerts, self->history_store);
    }
}

static void
alert_settings_changed_cb (GlauxApplication *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->alert_monitors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    apply_alert_settings (self, value);
}

/* Watching starts once a connection is in use (connected by a window): connecting every AWS
 * profile at start just for alerts would be a surprise. From then on it goes on without
 * windows. */
static void
ensure_alert_monitor (GlauxApplication *self,
                      GlauxConnection  *connection)
{
  g_autoptr(GlauxSessionMonitor) monitor = NULL;
  GlauxAlertMonitor *alerts;
  const char *id = glaux_connection_get_id (connection);

  if (g_hash_table_contains (self->alert_monitors, id))
    return;

  monitor = glaux_session_monitor_dup_for_connection (connection);
  alerts = glaux_alert_monitor_new (monitor);
  g_hash_table_insert (self->alert_monitors, g_strdup (id), alerts);
  apply_alert_settings (self, alerts);

  g_signal_connect_object (alerts, "idle-alert", G_CALLBACK (idle_alert_cb), self, 0);
  g_signal_connect_object (alerts, "budget-exceeded", G_CALLBACK (budget_exceeded_cb), self, 0);
  g_signal_connect_object (alerts, "notify::budget-notified-day",
                           G_CALLBACK (budget_notified_day_cb), self, 0);
}

static void
connection_status_cb (GlauxConnection  *connection,
                      GParamSpec       *pspec,
                      GlauxApplication *self)
{
  if (glaux_connection_get_status (connection) == GLAUX_CONNECTION_STATUS_READY)
    ensure_alert_monitor (self, connection);
}

static void
connections_changed_cb (GlauxApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->connections);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxConnection) connection = g_list_model_get_item (model, i);

      g_hash_table_add (ids, (gpointer)glaux_connection_get_id (connection));
      if (g_object_get_data (G_OBJECT (connection), "glaux-application-watched") == NULL)
        {
          g_object_set_data (G_OBJECT (connection), "glaux-application-watched", self);
          g_signal_connect_object (connection, "notify::status",
                                   G_CALLBACK (connection_status_cb), self, 0);
        }
      connection_status_cb (connection, NULL, self);
    }

  /* A removed connection is no longer watched. */
  g_hash_table_iter_init (&iter, self->alert_monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (ids, key))
      g_hash_table_iter_remove (&iter);
}

static void
update_background_hold (GlauxApplication *self)
{
  gboolean wanted = g_settings_get_boolean (self->settings, "run-in-background");

  if (wanted == self->held)
    return;

  self->held = wanted;
  /* Releasing with no window left quits, as closing the last window does. */
  if (wanted)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKGROUND_HOLD]);
}

static void
window_removed_cb (GlauxApplication *self,
                   GtkWindow        *window)
{
  g_autoptr(GNotification) notification = NULL;
  const char *title;
  const char *body;

  if (!self->held || gtk_application_get_windows (GTK_APPLICATION (self)) != NULL ||
      !GLAUX_IS_WINDOW (window))
    return;

  /* The way back, besides the desktop's list of background apps. */
  title = _("Glaux Is Running in the Background");
  body = _("Idle sessions and daily budgets are still watched. Open Glaux to see your sessions, "
           "or quit it from its menu.");
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-window");
  send_notification (self, "background", title, body, notification);
}

static GlauxWindow *
present_window (GlauxApplication *self)
{
  g_application_activate (G_APPLICATION (self));

  return find_main_window (self);
}

typedef struct
{
  GlauxConnectionView *view;
  char                *session_id;
  guint                tries;
} ShowSession;

static void
show_session_free (ShowSession *show)
{
  g_clear_object (&show->view);
  g_free (show->session_id);
  g_free (show);
}

/* The session's workgroup may have to be listed first: try for a few seconds. */
static gboolean
show_session_cb (gpointer user_data)
{
  ShowSession *show = user_data;

  if (glaux_connection_view_select_session (show->view, show->session_id) || ++show->tries >= 50)
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

static void
profiles_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A broken ~/.aws/config must not stop Glaux: "This computer" still works, and the
   * connection switcher offers to reload once the file is fixed. */
  if (!glaux_connection_list_reload_finish (GLAUX_CONNECTION_LIST (object), result, &error))
    g_warning ("Could not read the AWS configuration: %s", error->message);
}

static void
history_store_opened_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GlauxApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->history_store = glaux_history_store_new_finish (result, &error);
  if (self->history_store == NULL)
    {
      /* Without history the live views still work; only the charts of the past are missing. */
      g_warning ("Could not open the DPU history: %s", error->message);
      return;
    }

  g_settings_bind (self->settings, "history-retention-days",
                   self->history_store, "retention-days", G_SETTINGS_BIND_GET);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GLAUX_IS_WINDOW (l->data))
      glaux_window_set_history_store (l->data, self->history_store);

  alert_settings_changed_cb (self);
}

static void
glaux_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  GtkApplication *app = user_data;
  GlauxPreferencesWindow *preferences;

  preferences = glaux_preferences_window_new (gtk_application_get_active_window (app));
  glaux_preferences_window_set_connections (preferences, GLAUX_APPLICATION (app)->connections);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
glaux_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "The Glaux authors", NULL };
  GtkApplication *app = user_data;

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Glaux"),
                         "application-icon", BASE_ID,
                         "developer-name", _("The Glaux authors"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORT_URL,
                         "comments", _("A desktop console for Amazon Athena for Apache Spark: "
                                       "sessions, calculations, results, DPU usage and cost, "
                                       "and benchmark comparisons."),
                         "developers", developers,
                         "copyright", "© 2026 The Glaux authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
glaux_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window lets it save its state before the application goes away. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }

  /* Quit means quit, background or not. */
  if (GLAUX_APPLICATION (app)->held)
    {
      GLAUX_APPLICATION (app)->held = FALSE;
      g_application_release (G_APPLICATION (app));
      g_object_notify_by_pspec (G_OBJECT (app), properties[PROP_BACKGROUND_HOLD]);
    }

  g_application_quit (G_APPLICATION (app));
}

static GlauxAlertMonitor *
lookup_alerts (GlauxApplication *self,
               const char       *connection_id)
{
  return g_hash_table_lookup (self->alert_monitors, connection_id);
}

typedef struct
{
  GlauxApplication *self;
  char             *connection_id;
  char             *session_id;
} Terminate;

static void
terminate_free (Terminate *terminate)
{
  g_clear_object (&terminate->self);
  g_free (terminate->connection_id);
  g_free (terminate->session_id);
  g_free (terminate);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Terminate, terminate_free)

static void
show_error_toast (GlauxApplication *self,
                  const char       *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  add_toast_to_windows (self, adw_toast_new (markup));
  g_warning ("%s", message);
}

static void
terminate_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Terminate) terminate = user_data;
  g_autoptr(GError) error = NULL;
  GlauxAlertMonitor *alerts;

  if (!glaux_athena_client_terminate_session_finish (GLAUX_ATHENA_CLIENT (object), result, NULL,
                                                     &error))
    {
      g_autofree char *message = glaux_ui_format_error (error);
      g_autofree char *text = g_strdup_printf (_("Could not terminate the idle session: %s"),
                                               message);

      show_error_toast (terminate->self, text);
      return;
    }

  /* Its state shows everywhere at the next answer: ask now. */
  alerts = lookup_alerts (terminate->self, terminate->connection_id);
  if (alerts != NULL)
    glaux_session_monitor_refresh (glaux_alert_monitor_get_session_monitor (alerts));
}

static void
glaux_application_terminate_session_action (GSimpleAction *action,
                                            GVariant      *parameter,
                                            gpointer       user_data)
{
  GlauxApplication *self = user_data;
  g_autofree char *notification_id = NULL;
  GlauxAthenaClient *client = NULL;
  GlauxAlertMonitor *alerts;
  Terminate *terminate;
  const char *connection_id;
  const char *session_id;

  g_variant_get (parameter, "(&s&s)", &connection_id, &session_id);
  notification_id = idle_notification_id (connection_id, session_id);
  g_application_withdraw_notification (G_APPLICATION (self), notification_id);

  alerts = lookup_alerts (self, connection_id);
  if (alerts != NULL)
    client = glaux_connection_get_athena_client (glaux_alert_monitor_get_connection (alerts));
  if (client == NULL)
    {
      show_error_toast (self, _("Could not terminate the idle session: its connection is not "
                                "connected. Open Glaux and terminate it from the session list."));
      return;
    }

  terminate = g_new0 (Terminate, 1);
  terminate->self = g_object_ref (self);
  terminate->connection_id = g_strdup (connection_id);
  terminate->session_id = g_strdup (session_id);
  glaux_athena_client_terminate_session_async (client, session_id,
                                               glaux_alert_monitor_lookup_session (alerts, session_id),
                                               NULL, terminate_cb, terminate);
}

static void
glaux_application_keep_session_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  GlauxApplication *self = user_data;
  g_autofree char *notification_id = NULL;
  GlauxAlertMonitor *alerts;
  const char *connection_id;
  const char *session_id;

  g_variant_get (parameter, "(&s&s)", &connection_id, &session_id);
  notification_id = idle_notification_id (connection_id, session_id);
  g_application_withdraw_notification (G_APPLICATION (self), notification_id);

  alerts = lookup_alerts (self, connection_id);
  if (alerts != NULL)
    glaux_alert_monitor_keep_session (alerts, session_id);
}

static void
glaux_application_show_session_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  GlauxApplication *self = user_data;
  GlauxAlertMonitor *alerts;
  GlauxSession *session = NULL;
  GlauxConnectionView *view;
  GlauxWindow *window;
  ShowSession *show;
  const char *connection_id;
  const char *session_id;

  g_variant_get (parameter, "(&s&s)", &connection_id, &session_id);

  window = present_window (self);
  if (window == NULL || !glaux_window_show_connection (window, connection_id))
    return;

  view = glaux_window_get_visible_view (window);
  alerts = lookup_alerts (self, connection_id);
  if (alerts != NULL)
    session = glaux_alert_monitor_lookup_session (alerts, session_id);
  if (session != NULL && glaux_session_get_workgroup (session) != NULL)
    glaux_connection_view_select_workgroup (view, glaux_session_get_workgroup (session));

  show = g_new0 (ShowSession, 1);
  show->view = g_object_ref (view);
  show->session_id = g_strdup (session_id);
  if (show_session_cb (show) == G_SOURCE_CONTINUE)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 100, show_session_cb, show,
                        (GDestroyNotify)show_session_free);
  else
    show_session_free (show);
}

static void
glaux_application_show_connection_action (GSimpleAction *action,
                                          GVariant      *parameter,
                                          gpointer       user_data)
{
  GlauxApplication *self = user_data;
  GlauxWindow *window = present_window (self);

  if (window != NULL)
    glaux_window_show_connection (window, g_variant_get_string (parameter, NULL));
}

static void
glaux_application_show_window_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  present_window (user_data);
}

static char *
format_markdown (GlauxBenchComparison *comparison)
{
  return glaux_compare_command_format (comparison, GLAUX_COMPARE_FORMAT_MARKDOWN, NAN);
}

/* One benchmark window per application, made on first use. */
static GlauxBenchWindow *
present_bench_window (GlauxApplication *self)
{
  GlauxBenchWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GLAUX_IS_BENCH_WINDOW (l->data) && window == NULL)
      window = l->data;

  if (window == NULL)
    {
      window = glaux_bench_window_new (GTK_APPLICATION (self), self->connections, NULL);
      /* The Markdown export prints what `glaux compare --format markdown` prints. */
      glaux_bench_window_set_report_func (window, format_markdown);
    }
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
glaux_application_benchmarks_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  present_bench_window (user_data);
}

/* `glaux FILE.json…`: BenchBox results are imported into the run library. */
static void
glaux_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  glaux_bench_window_import_files (present_bench_window (GLAUX_APPLICATION (application)), files,
                                   n_files);
}

static const GActionEntry app_actions[] = {
  { "preferences", glaux_application_preferences_action },
  { "about", glaux_application_about_action },
  { "quit", glaux_application_quit_action },
  { "terminate-session", glaux_application_terminate_session_action, "(ss)" },
  { "keep-session", glaux_application_keep_session_action, "(ss)" },
  { "show-session", glaux_application_show_session_action, "(ss)" },
  { "show-connection", glaux_application_show_connection_action, "s" },
  { "show-window", glaux_application_show_window_action },
  { "benchmarks", glaux_application_benchmarks_action },
};

static void
glaux_application_load_connections (GlauxApplication *self)
{
  g_autofree char *program = glaux_local_process_find_program ();
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "glaux", "local", NULL);

  /* Without a glaux-local program the local connection reports that itself, in the window. */
  self->connections = glaux_connection_list_new (self->settings,
                                                 program != NULL ? program : "glaux-local",
                                                 data_dir, NULL);
  glaux_connection_list_reload_async (self->connections, NULL, profiles_loaded_cb, NULL);
}

static int
glaux_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (glaux_application_parent_class)->handle_local_options (application,
                                                                                    options);
}

static void
glaux_application_startup (GApplication *application)
{
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *benchmarks_accels[] = { "<Control>b", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *alert_keys[] = {
    "idle-alert-minutes", "daily-budgets", "budget-notified-days", "poll-fast-seconds",
    "poll-slow-seconds",
  };
  GlauxApplication *self = GLAUX_APPLICATION (application);

  G_APPLICATION_CLASS (glaux_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.benchmarks",
                                         benchmarks_accels);

  self->settings = g_settings_new (BASE_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
  glaux_application_apply_style (self);
  g_signal_connect_object (self->settings, "changed::dpu-price-overrides",
                           G_CALLBACK (price_overrides_changed_cb), self, G_CONNECT_SWAPPED);
  price_overrides_changed_cb (self);

  g_signal_connect_object (self->settings, "changed::connection-prices",
                           G_CALLBACK (connection_prices_changed_cb), self, G_CONNECT_SWAPPED);
  connection_prices_changed_cb (self);
  g_settings_bind (self->settings, "minimum-billed-seconds",
                   glaux_cost_model_get_default (), "minimum-billed-seconds", G_SETTINGS_BIND_GET);

  glaux_application_load_connections (self);

  for (guint i = 0; i < G_N_ELEMENTS (alert_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", alert_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (alert_settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->connections, "items-changed",
                           G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);
  connections_changed_cb (self);
  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (update_background_hold), self, G_CONNECT_SWAPPED);
  update_background_hold (self);
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);

  glaux_history_store_new_async (NULL, g_settings_get_uint (self->settings, "history-retention-days"),
                                 NULL, history_store_opened_cb, g_object_ref (self));
}

static void
glaux_application_shutdown (GApplication *application)
{
  GlauxApplication *self = GLAUX_APPLICATION (application);

  /* Nothing more to watch: the monitors stop before their connections go. */
  g_hash_table_remove_all (self->alert_monitors);

  /* glaux-local is ours: it stops with Glaux. */
  if (self->connections != NULL)
    glaux_connection_list_shutdown (self->connections);

  G_APPLICATION_CLASS (glaux_application_parent_class)->shutdown (application);
}

static void
glaux_application_activate (GApplication *application)
{
  GlauxApplication *self = GLAUX_APPLICATION (application);
  GtkWindow *window = GTK_WINDOW (find_main_window (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (glaux_window_new (GTK_APPLICATION (application), self->connections));
      if (self->history_store != NULL)
        glaux_window_set_history_store (GLAUX_WINDOW (window), self->history_store);
    }

  gtk_window_present (window);
}

static void
glaux_application_finalize (GObject *object)
{
  GlauxApplication *self = (GlauxApplication *)object;

  g_clear_pointer (&self->alert_monitors, g_hash_table_unref);
  g_clear_object (&self->connections);
  g_clear_object (&self->history_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (glaux_application_parent_class)->finalize (object);
}

static void
glaux_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxApplication *self = GLAUX_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_BACKGROUND_HOLD:
      g_value_set_boolean (value, self->held);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_application_class_init (GlauxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = glaux_application_finalize;
  object_class->get_property = glaux_application_get_property;

  app_class->activate = glaux_application_activate;
  app_class->open = glaux_application_open;
  app_class->startup = glaux_application_startup;
  app_class->shutdown = glaux_application_shutdown;
  app_class->handle_local_options = glaux_application_handle_local_options;

  /**
   * GlauxApplication:background-hold:
   *
   * Whether the application holds itself (g_application_hold()) to keep alerts working with
   * no window open: the "run-in-background" setting.
   */
  properties[PROP_BACKGROUND_HOLD] =
    g_param_spec_boolean ("background-hold", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxApplication::notification-sent:
   * @id: the notification's id
   * @title: its title
   * @body: its body
   *
   * Emitted after each g_application_send_notification(), for tests and anyone who wants to
   * know (the notification server itself cannot be asked).
   */
  signals[SIGNAL_NOTIFICATION_SENT] =
    g_signal_new ("notification-sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /* The resources sit in a static library: registering them by hand keeps the linker
   * from dropping them along with their constructor. */
  glaux_register_resource ();
}

static void
glaux_application_init (GlauxApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  self->alert_monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

GlauxApplication *
glaux_application_new (GApplicationFlags flags)
{
  return g_object_new (GLAUX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

gboolean
glaux_application_get_background_hold (GlauxApplication *self)
{
  g_return_val_if_fail (GLAUX_IS_APPLICATION (self), FALSE);

  return self->held;
}

/**
 * glaux_application_get_alert_monitor:
 * @connection_id: glaux_connection_get_id()
 *
 * Returns: (nullable) (transfer none): the connection's alert monitor; connections are watched
 *   once they have been connected
 */
GlauxAlertMonitor *
glaux_application_get_alert_monitor (GlauxApplication *self,
                                     const char       *connection_id)
{
  g_return_val_if_fail (GLAUX_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  return lookup_alerts (self, connection_id);
}
