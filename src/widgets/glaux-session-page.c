/* glaux-session-page.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-session-page"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-athena-records.h"
#include "glaux-cost-model.h"
#include "glaux-editor-pane.h"
#include "glaux-executor.h"
#include "glaux-session-chart.h"
#include "glaux-session-page.h"
#include "glaux-ui-util.h"
#include "glaux-workgroup.h"

/* Engine versions whose sessions offer a Spark UI and a Spark Connect endpoint. */
#define SPARK_CONNECT_ENGINE_PREFIX "Apache Spark version 3.5"

/* ExecutorsSummary times are longs of unconfirmed unit: beyond these they are taken as epoch
 * milliseconds or seconds (athena-api.md §6.3). */
#define EPOCH_MS_THRESHOLD G_GINT64_CONSTANT (1000000000000)
#define EPOCH_S_THRESHOLD  G_GINT64_CONSTANT (1000000000)

struct _GlauxSessionPage
{
  GtkWidget            parent_instance;

  GtkSpinner           *dashboard_spinner;
  GtkSpinner           *endpoint_spinner;

  /* Owned References */
  GlauxSessionMonitor *monitor;
  GlauxSessionWatch   *watch;
  GSignalGroup        *monitor_signals;
  GSignalGroup        *watch_signals;
  GSignalGroup        *session_signals;
  GCancellable        *cancellable;       /* TerminateSession; cancelled on dispose */
  GCancellable        *spark_cancellable; /* the Spark 3.5 look-ups of the current watch */
  char                *endpoint_url;

  /* Template Widgets */
  GtkBox              *content;
  GtkBox              *cost_box;
  GtkLabel            *cost_label;
  GtkStack            *dashboard_stack;
  GtkLinkButton       *dashboard_button;
  GtkLabel            *dashboard_error_label;
  GtkLabel            *dpu_hours_label;
  GtkLabel            *dpus_now_label;
  GlauxEditorPane     *editor_pane;
  GtkStack            *endpoint_stack;
  GtkLabel            *endpoint_error_label;
  GtkLabel            *endpoint_label;
  GtkLabel            *engine_label;
  GtkBox              *executors_box;
  GtkNoSelection      *executors_selection;
  GtkGrid             *facts_grid;
  GtkLabel            *id_label;
  GtkLabel            *idle_timeout_label;
  GtkLabel            *last_updated_label;
  GtkLabel            *max_dpus_label;
  GtkLabel            *reason_label;
  GlauxSessionChart   *session_chart;
  GtkBox              *spark_box;
  GtkLabel            *started_label;
  GtkLabel            *state_label;
  GtkLabel            *title_label;
  GtkBox              *when_box;
  GtkLabel            *when_caption_label;
  GtkLabel            *when_label;

  guint                spark_requested : 1;
  guint                terminating : 1;
};

G_DEFINE_FINAL_TYPE (GlauxSessionPage, glaux_session_page, GTK_TYPE_WIDGET)

/* ---- Closures of the executor columns ------------------------------------------------- */

static char *
format_executor_size (gpointer unused,
                      gint64   size)
{
  if (size <= 0)
    return g_strdup ("—");

  return g_strdup_printf (_("%" G_GINT64_FORMAT " DPU"), size);
}

static char *
format_executor_time (gpointer unused,
                      gint64   value)
{
  g_autoptr(GDateTime) time = NULL;

  if (value <= 0)
    return g_strdup ("—");
  if (value > EPOCH_MS_THRESHOLD)
    time = g_date_time_new_from_unix_utc (value / 1000);
  else if (value > EPOCH_S_THRESHOLD)
    time = g_date_time_new_from_unix_utc (value);
  else
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return glaux_ui_format_time (time);
}

static GStrv
state_badge_classes (gpointer    unused,
                     const char *state_name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "state-badge");
  g_strv_builder_add (builder, glaux_ui_state_css_class (state_name));

  return g_strv_builder_end (builder);
}

/* ---- Figures -------------------------------------------------------------------------- */

static const char *
glaux_session_page_get_region (GlauxSessionPage *self)
{
  if (self->monitor == NULL)
    return NULL;

  return glaux_connection_get_region (glaux_session_monitor_get_connection (self->monitor));
}

/* NULL while the connection is not ready; fetched per request, as the connection asks. */
static GlauxAthenaClient *
glaux_session_page_get_client (GlauxSessionPage *self)
{
  if (self->monitor == NULL)
    return NULL;

  return glaux_connection_get_athena_client (glaux_session_monitor_get_connection (self->monitor));
}

static void
set_time_label (GtkLabel  *label,
                GDateTime *time)
{
  g_autofree char *text = glaux_ui_format_time (time);

  glaux_ui_set_label (label, text);
}

static void
glaux_session_page_update_state (GlauxSessionPage *self,
                                 GlauxSession     *session)
{
  const char *css_classes[] = { "state-badge", NULL, NULL };
  const char *state = glaux_session_get_state_name (session);
  const char *reason = glaux_session_get_state_change_reason (session);
  GlauxSessionState state_value = glaux_session_get_state (session);
  gboolean can_terminate;

  if (state == NULL)
    state = "UNKNOWN";
  glaux_ui_set_label (self->state_label, state);
  css_classes[1] = glaux_ui_state_css_class (state);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), css_classes);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state,
                                  -1);

  glaux_ui_set_label (self->reason_label, reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL && reason[0] != '\0');

  /* TerminateSession does nothing on these; the button says so by being insensitive. */
  can_terminate = !self->terminating
                  && state_value != GLAUX_SESSION_STATE_TERMINATING
                  && state_value != GLAUX_SESSION_STATE_TERMINATED
                  && state_value != GLAUX_SESSION_STATE_FAILED;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.terminate", can_terminate);
}

static void
glaux_session_page_update_cost (GlauxSessionPage *self,
                                GlauxSession     *session)
{
  GlauxCostModel *model = glaux_cost_model_get_default ();
  GlauxConnection *connection = self->monitor != NULL
                                ? glaux_session_monitor_get_connection (self->monitor) : NULL;
  const char *region = connection != NULL ? glaux_connection_get_region (connection) : NULL;
  const char *connection_id = connection != NULL ? glaux_connection_get_id (connection) : NULL;
  gint64 dpu_millis = glaux_session_get_dpu_execution_millis (session);
  g_autofree char *dpu_hours = glaux_cost_model_format_dpu_hours (dpu_millis);
  g_autofree char *cost = NULL;
  g_autofree char *price_text = NULL;
  g_autofree char *tooltip = NULL;
  gboolean is_estimate = FALSE;
  gboolean is_override = FALSE;
  double price;

  price = glaux_cost_model_get_price_for_connection (model, connection_id, region, &is_estimate,
                                                     &is_override);
  cost = glaux_cost_model_format_amount (glaux_cost_model_cost_for_connection (model, connection_id,
                                                                              region, dpu_millis));
  price_text = glaux_cost_model_format_amount (price);

  glaux_ui_set_label (self->dpu_hours_label, dpu_hours);
  glaux_ui_set_label (self->cost_label, cost);

  /* Translators: the tooltip of the cost so far; a price, then a region. */
  tooltip = g_strdup_printf (_("An estimate from the DPU time used so far, at %s per DPU-hour "
                               "in %s (%s). Prices can be changed in Preferences."),
                             price_text, region != NULL ? region : _("an unknown region"),
                             is_override ? _("your price")
                             : is_estimate ? _("default price, not confirmed")
                             : _("default price"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cost_box), tooltip);
}

static void
glaux_session_page_update_dpus_now (GlauxSessionPage *self)
{
  g_autofree char *text = NULL;
  int dpus_now;

  if (self->watch == NULL)
    return;

  dpus_now = glaux_session_watch_get_dpus_now (self->watch);
  text = dpus_now < 0 ? g_strdup ("—") : g_strdup_printf ("%d", dpus_now);
  glaux_ui_set_label (self->dpus_now_label, text);
}

/* "Idle since" means something only while idle, "Ended" only once ended; they share a place. */
static void
glaux_session_page_update_when (GlauxSessionPage *self,
                                GlauxSession     *session)
{
  GDateTime *idle_since = glaux_session_get_idle_since_time (session);
  GDateTime *end = glaux_session_get_end_time (session);

  if (end != NULL)
    {
      glaux_ui_set_label (self->when_caption_label, _("Ended"));
      set_time_label (self->when_label, end);
    }
  else if (idle_since != NULL && glaux_session_get_state (session) == GLAUX_SESSION_STATE_IDLE)
    {
      glaux_ui_set_label (self->when_caption_label, _("Idle since"));
      set_time_label (self->when_label, idle_since);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->when_box),
                          end != NULL
                          || (idle_since != NULL
                              && glaux_session_get_state (session) == GLAUX_SESSION_STATE_IDLE));
}

static gboolean
glaux_session_page_is_spark_connect (GlauxSessionPage *self)
{
  const char *engine;

  if (self->watch == NULL)
    return FALSE;

  engine = glaux_session_get_engine_version (glaux_session_watch_get_session (self->watch));

  return engine != NULL && g_str_has_prefix (engine, SPARK_CONNECT_ENGINE_PREFIX);
}

static void glaux_session_page_request_spark (GlauxSessionPage *self);

static void
glaux_session_page_update_session (GlauxSessionPage *self)
{
  g_autofree char *idle_timeout = NULL;
  g_autofree char *max_dpus = NULL;
  GlauxSession *session;
  const char *title;
  const char *engine;
  gint64 idle_seconds;
  int max;

  g_assert (GLAUX_IS_SESSION_PAGE (self));

  if (self->watch == NULL)
    return;

  session = glaux_session_watch_get_session (self->watch);
  title = glaux_session_get_display_name (session);
  glaux_ui_set_label (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  glaux_ui_set_label (self->id_label, glaux_session_get_id (session));

  glaux_session_page_update_state (self, session);

  engine = glaux_session_get_engine_version (session);
  glaux_ui_set_label (self->engine_label, engine != NULL ? engine : "—");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->engine_label), engine);

  set_time_label (self->started_label, glaux_session_get_start_time (session));

  glaux_session_page_update_when (self, session);

  idle_seconds = glaux_session_get_idle_timeout_seconds (session);
  if (idle_seconds <= 0)
    idle_seconds = (gint64)glaux_session_get_idle_timeout_minutes (session) * 60;
  idle_timeout = idle_seconds > 0 ? glaux_ui_format_duration (idle_seconds * G_TIME_SPAN_SECOND)
                                  : g_strdup ("—");
  glaux_ui_set_label (self->idle_timeout_label, idle_timeout);

  max = glaux_session_get_max_concurrent_dpus (session);
  max_dpus = max > 0 ? g_strdup_printf ("%d", max) : g_strdup ("—");
  glaux_ui_set_label (self->max_dpus_label, max_dpus);

  glaux_session_page_update_dpus_now (self);
  glaux_session_page_update_cost (self, session);

  gtk_widget_set_visible (GTK_WIDGET (self->spark_box), glaux_session_page_is_spark_connect (self));
  /* Spark 3.5 runs code through Spark Connect, which the spark_box explains. */
  gtk_widget_set_visible (GTK_WIDGET (self->editor_pane), !glaux_session_page_is_spark_connect (self));
  glaux_session_page_request_spark (self);
}

static void
glaux_session_page_update_cost_cb (GlauxSessionPage *self)
{
  if (self->watch != NULL)
    glaux_session_page_update_cost (self, glaux_session_watch_get_session (self->watch));
}

/* While the monitor is offline the figures are the last known ones: dim them and say when
 * they were true. */
static void
glaux_session_page_update_stale (GlauxSessionPage *self)
{
  gboolean offline = self->monitor != NULL && glaux_session_monitor_get_offline (self->monitor);
  GtkWidget *figures[] = { GTK_WIDGET (self->facts_grid), GTK_WIDGET (self->state_label),
                           GTK_WIDGET (self->executors_box) };
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;
  gint64 last_updated = 0;

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      if (offline)
        gtk_widget_add_css_class (figures[i], "stale");
      else
        gtk_widget_remove_css_class (figures[i], "stale");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->last_updated_label), offline);
  if (!offline)
    return;

  if (self->watch != NULL)
    last_updated = glaux_session_watch_get_last_updated (self->watch);
  if (last_updated == 0)
    last_updated = glaux_session_monitor_get_last_updated (self->monitor);

  if (last_updated == 0)
    {
      glaux_ui_set_label (self->last_updated_label, _("Not updated yet"));
      return;
    }

  time = g_date_time_new_from_unix_local (last_updated / G_USEC_PER_SEC);
  clock = g_date_time_format (time, "%H:%M:%S");
  text = g_strdup_printf (_("Last updated %s"), clock);
  glaux_ui_set_label (self->last_updated_label, text);
}

/* ---- Spark 3.5: Spark UI and Spark Connect endpoint ------------------------------------ */

static void
show_spark_error (GtkStack     *stack,
                  GtkLabel     *label,
                  const char   *what,
                  const GError *error)
{
  g_autofree char *message = glaux_ui_format_error (error);
  g_autofree char *text = NULL;

  /* Translators: "<what> is not available: <error>" */
  text = g_strdup_printf (_("%s is not available: %s"), what, message);
  glaux_ui_set_label (label, text);
  gtk_stack_set_visible_child_name (stack, "error");
}

static void
glaux_session_page_dashboard_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GlauxSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = glaux_athena_client_get_resource_dashboard_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                           &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (url == NULL)
    {
      show_spark_error (self->dashboard_stack, self->dashboard_error_label, _("The Spark UI"),
                        error);
      return;
    }

  gtk_link_button_set_uri (self->dashboard_button, url);
  gtk_link_button_set_visited (self->dashboard_button, FALSE);
  gtk_stack_set_visible_child_name (self->dashboard_stack, "link");
}

static void
glaux_session_page_endpoint_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GlauxSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxSessionEndpoint) endpoint = NULL;

  endpoint = glaux_athena_client_get_session_endpoint_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                              &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (endpoint == NULL)
    {
      show_spark_error (self->endpoint_stack, self->endpoint_error_label,
                        _("The Spark Connect endpoint"), error);
      return;
    }

  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (endpoint->endpoint_url);
  glaux_ui_set_label (self->endpoint_label, endpoint->endpoint_url);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->endpoint_label), endpoint->endpoint_url);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.copy-endpoint", TRUE);
  gtk_stack_set_visible_child_name (self->endpoint_stack, "endpoint");
}

/* The partition and account of an IAM role ARN ("arn:aws:iam::123456789012:role/x"). */
static gboolean
parse_role_arn (const char  *role_arn,
                char       **partition,
                char       **account)
{
  g_auto(GStrv) parts = NULL;

  if (role_arn == NULL || !g_str_has_prefix (role_arn, "arn:"))
    return FALSE;

  parts = g_strsplit (role_arn, ":", 6);
  if (g_strv_length (parts) < 6 || parts[4][0] == '\0')
    return FALSE;

  *partition = g_strdup (parts[1]);
  *account = g_strdup (parts[4]);

  return TRUE;
}

static const char *
glaux_session_page_find_workgroup_role (GlauxSessionPage *self,
                                        const char       *workgroup)
{
  GListModel *workgroups = glaux_session_monitor_get_workgroups (self->monitor);
  guint n_items = workgroups != NULL ? g_list_model_get_n_items (workgroups) : 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GlauxWorkgroup) item = g_list_model_get_item (workgroups, i);

      if (g_strcmp0 (glaux_workgroup_get_name (item), workgroup) == 0)
        return glaux_workgroup_get_execution_role (item);
    }

  return NULL;
}

/* arn:<partition>:athena:<region>:<account>:workgroup/<workgroup>/session/<id>, the account
 * taken from the session's (or its workgroup's) execution role. The format AWS accepts is
 * unconfirmed (athena-api.md §11); glaux-local accepts anything ending in session/<id>. */
static char *
glaux_session_page_build_session_arn (GlauxSessionPage *self,
                                      GlauxSession     *session)
{
  const char *region = glaux_session_page_get_region (self);
  const char *workgroup = glaux_session_get_workgroup (session);
  g_autofree char *partition = NULL;
  g_autofree char *account = NULL;

  if (workgroup == NULL)
    workgroup = glaux_session_monitor_get_workgroup (self->monitor);

  if (!parse_role_arn (glaux_session_get_execution_role (session), &partition, &account) &&
      !parse_role_arn (glaux_session_page_find_workgroup_role (self, workgroup),
                       &partition, &account))
    {
      partition = g_strdup (region != NULL && g_str_has_prefix (region, "cn-") ? "aws-cn"
                            : region != NULL && g_str_has_prefix (region, "us-gov-") ? "aws-us-gov"
                            : "aws");
      account = g_strdup ("");
    }

  return g_strdup_printf ("arn:%s:athena:%s:%s:workgroup/%s/session/%s",
                          partition, region != NULL ? region : "", account,
                          workgroup != NULL ? workgroup : "", glaux_session_get_id (session));
}

/* Once per watch: the engine version may only become known with the first GetSession. */
static void
glaux_session_page_request_spark (GlauxSessionPage *self)
{
  g_autofree char *arn = NULL;
  GlauxAthenaClient *client;
  GlauxSession *session;
  GError *error = NULL;

  if (self->spark_requested || !glaux_session_page_is_spark_connect (self))
    return;

  self->spark_requested = TRUE;
  session = glaux_session_watch_get_session (self->watch);
  client = glaux_session_page_get_client (self);
  if (client == NULL)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                   _("not connected; refresh once the connection is back"));
      show_spark_error (self->dashboard_stack, self->dashboard_error_label, _("The Spark UI"),
                        error);
      show_spark_error (self->endpoint_stack, self->endpoint_error_label,
                        _("The Spark Connect endpoint"), error);
      g_error_free (error);
      return;
    }

  gtk_stack_set_visible_child_name (self->dashboard_stack, "loading");
  gtk_stack_set_visible_child_name (self->endpoint_stack, "loading");

  arn = glaux_session_page_build_session_arn (self, session);
  glaux_athena_client_get_resource_dashboard_async (client, arn, self->spark_cancellable,
                                                    glaux_session_page_dashboard_cb,
                                                    g_object_ref (self));
  glaux_athena_client_get_session_endpoint_async (client, glaux_session_get_id (session),
                                                  self->spark_cancellable,
                                                  glaux_session_page_endpoint_cb,
                                                  g_object_ref (self));
}

static void
glaux_session_page_copy_endpoint (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GlauxSessionPage *self = GLAUX_SESSION_PAGE (widget);

  if (self->endpoint_url == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->endpoint_url);
  glaux_ui_show_toast (widget, _("Endpoint URL copied"));
}

/* ---- Terminate ------------------------------------------------------------------------- */

typedef struct
{
  GlauxSessionPage *self;
  GlauxSession     *session;
} TerminateData;

static void
terminate_data_free (TerminateData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->session);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerminateData, terminate_data_free)

static void
glaux_session_page_terminate_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(TerminateData) data = user_data;
  GlauxSessionPage *self = data->self;
  GlauxSession *session = data->session;
  g_autoptr(GError) error = NULL;

  self->terminating = FALSE;
  if (!glaux_athena_client_terminate_session_finish (GLAUX_ATHENA_CLIENT (object), result, NULL,
                                                     &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        glaux_ui_show_error (GTK_WIDGET (self), error);
    }
  else if (self->monitor != NULL)
    {
      /* Polled fast until it reaches TERMINATED. */
      glaux_session_monitor_add_session (self->monitor, session);
    }

  if (self->watch != NULL)
    glaux_session_page_update_state (self, glaux_session_watch_get_session (self->watch));
}

static void
glaux_session_page_terminate_response_cb (GlauxSessionPage *self,
                                          const char       *response,
                                          AdwMessageDialog *dialog)
{
  GlauxSessionWatch *watch = g_object_get_data (G_OBJECT (dialog), "glaux-watch");
  g_autoptr(GError) error = NULL;
  GlauxAthenaClient *client;
  GlauxSession *session;
  TerminateData *data;

  g_assert (GLAUX_IS_SESSION_PAGE (self));

  /* The page may have moved on to another session while the dialog was open. */
  if (!g_str_equal (response, "terminate") || watch == NULL || watch != self->watch)
    return;

  session = glaux_session_watch_get_session (watch);
  client = glaux_session_page_get_client (self);
  if (client == NULL)
    {
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Could not terminate session %s: not connected. Retry once the "
                             "connection is back."),
                           glaux_session_get_id (session));
      glaux_ui_show_error (GTK_WIDGET (self), error);
      return;
    }

  self->terminating = TRUE;
  glaux_session_page_update_state (self, session);

  /* The callback polls this session, even if the page shows another one by then. */
  data = g_new0 (TerminateData, 1);
  data->self = g_object_ref (self);
  data->session = g_object_ref (session);
  glaux_athena_client_terminate_session_async (client, glaux_session_get_id (session), session,
                                               self->cancellable,
                                               glaux_session_page_terminate_cb, data);
}

static void
glaux_session_page_terminate (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  GlauxSessionPage *self = GLAUX_SESSION_PAGE (widget);
  g_autofree char *body = NULL;
  GlauxSession *session;
  AdwMessageDialog *dialog;
  GtkRoot *root;
  const char *name;

  if (self->watch == NULL)
    return;

  session = glaux_session_watch_get_session (self->watch);
  name = glaux_session_get_display_name (session);

  body = g_strdup_printf (_("Terminate session %s? Its running calculation stops and it stops "
                            "costing money. It cannot be restarted."), name);
  root = gtk_widget_get_root (widget);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       _("Terminate Session?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "terminate", _("_Terminate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "terminate", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "glaux-watch", g_object_ref (self->watch),
                          g_object_unref);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (glaux_session_page_terminate_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
glaux_session_page_dispose (GObject *object)
{
  GlauxSessionPage *self = (GlauxSessionPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->spark_cancellable);
  if (self->monitor_signals != NULL)
    g_signal_group_set_target (self->monitor_signals, NULL);
  if (self->watch_signals != NULL)
    g_signal_group_set_target (self->watch_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->monitor_signals);
  g_clear_object (&self->watch_signals);
  g_clear_object (&self->session_signals);
  if (self->executors_selection != NULL)
    gtk_no_selection_set_model (self->executors_selection, NULL);
  g_clear_object (&self->watch);
  g_clear_object (&self->monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_SESSION_PAGE);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (glaux_session_page_parent_class)->dispose (object);
}

static void
glaux_session_page_finalize (GObject *object)
{
  GlauxSessionPage *self = (GlauxSessionPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->spark_cancellable);
  g_clear_pointer (&self->endpoint_url, g_free);

  G_OBJECT_CLASS (glaux_session_page_parent_class)->finalize (object);
}

static void
glaux_session_page_class_init (GlauxSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_session_page_dispose;
  object_class->finalize = glaux_session_page_finalize;

  gtk_widget_class_install_action (widget_class, "session.terminate", NULL,
                                   glaux_session_page_terminate);
  gtk_widget_class_install_action (widget_class, "session.copy-endpoint", NULL,
                                   glaux_session_page_copy_endpoint);

  g_type_ensure (GLAUX_TYPE_EDITOR_PANE);
  g_type_ensure (GLAUX_TYPE_EXECUTOR);
  g_type_ensure (GLAUX_TYPE_SESSION_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-session-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, dashboard_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, endpoint_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, content);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, cost_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, cost_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, dashboard_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, dashboard_error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, dashboard_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, dpu_hours_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, dpus_now_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, endpoint_error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, endpoint_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, endpoint_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, engine_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, executors_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, executors_selection);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, id_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, idle_timeout_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, last_updated_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, max_dpus_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, session_chart);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, spark_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, started_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, when_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, when_caption_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionPage, when_label);
  gtk_widget_class_bind_template_callback (widget_class, format_executor_size);
  gtk_widget_class_bind_template_callback (widget_class, format_executor_time);
  gtk_widget_class_bind_template_callback (widget_class, state_badge_classes);

  gtk_widget_class_set_css_name (widget_class, "glaux-session-page");
}

static void
glaux_session_page_init (GlauxSessionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glaux_ui_spin_while_mapped (self->dashboard_spinner);
  glaux_ui_spin_while_mapped (self->endpoint_spinner);

  self->cancellable = g_cancellable_new ();
  self->spark_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.terminate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.copy-endpoint", FALSE);

  /* Signal groups follow the watch (and monitor) the page shows, and let go on dispose. */
  self->monitor_signals = g_signal_group_new (GLAUX_TYPE_SESSION_MONITOR);
  g_signal_group_connect_object (self->monitor_signals, "notify::offline",
                                 G_CALLBACK (glaux_session_page_update_stale), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->monitor_signals, "notify::last-updated",
                                 G_CALLBACK (glaux_session_page_update_stale), self,
                                 G_CONNECT_SWAPPED);

  self->watch_signals = g_signal_group_new (GLAUX_TYPE_SESSION_WATCH);
  g_signal_group_connect_object (self->watch_signals, "notify::dpus-now",
                                 G_CALLBACK (glaux_session_page_update_dpus_now), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->watch_signals, "notify::last-updated",
                                 G_CALLBACK (glaux_session_page_update_stale), self,
                                 G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (GLAUX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify",
                                 G_CALLBACK (glaux_session_page_update_session), self,
                                 G_CONNECT_SWAPPED);

  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (glaux_session_page_update_cost_cb), self,
                           G_CONNECT_SWAPPED);
}

GlauxSessionPage *
glaux_session_page_new (void)
{
  return g_object_new (GLAUX_TYPE_SESSION_PAGE, NULL);
}

static void
glaux_session_page_reset_spark (GlauxSessionPage *self)
{
  g_cancellable_cancel (self->spark_cancellable);
  g_clear_object (&self->spark_cancellable);
  self->spark_cancellable = g_cancellable_new ();
  self->spark_requested = FALSE;

  g_clear_pointer (&self->endpoint_url, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.copy-endpoint", FALSE);
  gtk_stack_set_visible_child_name (self->dashboard_stack, "loading");
  gtk_stack_set_visible_child_name (self->endpoint_stack, "loading");
}

/**
 * glaux_session_page_set_watch:
 * @monitor: the monitor that owns @watch (its connection is used for requests)
 * @watch: (nullable): the session to show
 *
 * Shows @watch; %NULL empties the page.
 */
void
glaux_session_page_set_watch (GlauxSessionPage    *self,
                              GlauxSessionMonitor *monitor,
                              GlauxSessionWatch   *watch)
{
  g_return_if_fail (GLAUX_IS_SESSION_PAGE (self));
  g_return_if_fail (!monitor || GLAUX_IS_SESSION_MONITOR (monitor));
  g_return_if_fail (!watch || GLAUX_IS_SESSION_WATCH (watch));
  g_return_if_fail (!watch || monitor != NULL);

  if (self->watch == watch && self->monitor == monitor)
    return;

  glaux_session_page_reset_spark (self);
  self->terminating = FALSE;
  g_set_object (&self->monitor, monitor);
  g_set_object (&self->watch, watch);

  g_signal_group_set_target (self->monitor_signals, monitor);
  g_signal_group_set_target (self->watch_signals, watch);
  g_signal_group_set_target (self->session_signals,
                             watch != NULL ? glaux_session_watch_get_session (watch) : NULL);
  gtk_no_selection_set_model (self->executors_selection,
                              watch != NULL ? glaux_session_watch_get_executors (watch) : NULL);

  if (watch == NULL)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.terminate", FALSE);

  glaux_session_chart_set_watch (self->session_chart, monitor, watch);
  glaux_editor_pane_set_watch (self->editor_pane, monitor, watch);

  glaux_session_page_update_session (self);
  glaux_session_page_update_stale (self);
}

GlauxSessionWatch *
glaux_session_page_get_watch (GlauxSessionPage *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_PAGE (self), NULL);

  return self->watch;
}

GtkBox *
glaux_session_page_get_content (GlauxSessionPage *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_PAGE (self), NULL);

  return self->content;
}

GlauxSessionChart *
glaux_session_page_get_chart (GlauxSessionPage *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_PAGE (self), NULL);

  return self->session_chart;
}
