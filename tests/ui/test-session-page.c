/* test-session-page.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "glaux-athena-params.h"
#include "glaux-connection.h"
#include "glaux-editor-pane.h"
#include "glaux-executor.h"
#include "glaux-resources.h"
#include "glaux-session-monitor.h"
#include "glaux-session-page.h"
#include "glaux-session-row.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"

#define SPARK_3_5 "Apache Spark version 3.5"

/* A real glaux-local behind a GlauxConnection, a monitor polling it fast, and a window with
 * a sidebar row and the session page, as the main window will lay them out. */
typedef struct
{
  char                *data_dir;
  GlauxConnection     *connection;
  GlauxSessionMonitor *monitor;
  GtkWindow           *window;
  GlauxSessionPage    *page;
  GlauxSessionRow     *row;
} Fixture;

static GlauxAthenaClient *
fixture_client (Fixture *fixture)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (fixture->connection);

  g_assert_nonnull (client);

  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static guint counter;
  AdwToastOverlay *overlay;
  gboolean connected;
  GtkWidget *paned;
  GtkWidget *list;

  fixture->data_dir = g_strdup_printf ("%s/local-%u", glaux_test_get_home (), ++counter);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  glaux_connection_connect_async (fixture->connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  connected = glaux_connection_connect_finish (fixture->connection, result, &error);
  g_assert_no_error (error);
  g_assert_true (connected);

  fixture->monitor = glaux_session_monitor_new (fixture->connection);
  glaux_session_monitor_set_intervals (fixture->monitor, 100, 300);
  glaux_session_monitor_set_workgroup (fixture->monitor, "primary");
  glaux_session_monitor_start (fixture->monitor);

  fixture->page = glaux_session_page_new ();
  fixture->row = glaux_session_row_new ();
  glaux_session_row_set_connection (fixture->row, fixture->connection);

  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_widget_set_size_request (list, 260, -1);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (fixture->row));

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), list);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (fixture->page));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);

  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (overlay, paned);

  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 700);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (overlay));
  gtk_window_present (fixture->window);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  glaux_session_monitor_stop (fixture->monitor);
  gtk_window_destroy (fixture->window);
  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static GlauxSessionWatch *
start_session (Fixture    *fixture,
               const char *workgroup,
               const char *description)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (workgroup);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxSession) session = NULL;
  GlauxSessionWatch *watch;

  params->description = g_strdup (description);
  params->max_concurrent_dpus = 4;
  params->idle_timeout_minutes = 20;
  glaux_athena_client_start_session_async (fixture_client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (fixture_client (fixture), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  watch = glaux_session_monitor_add_session (fixture->monitor, session);
  g_assert_nonnull (watch);
  glaux_session_monitor_set_focus (fixture->monitor, watch);

  return watch;
}

static const char *
session_id (GlauxSessionWatch *watch)
{
  return glaux_session_get_id (glaux_session_watch_get_session (watch));
}

/* ---- Looking at the widgets ------------------------------------------------------------ */

static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = find_widget (child, match, data)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_visible_label_with_text (GtkWidget     *widget,
                            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_visible_label_containing (GtkWidget     *widget,
                             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget)
         && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_button_for_action (GtkWidget     *widget,
                      gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static gboolean
is_link_button (GtkWidget     *widget,
                gconstpointer  unused)
{
  return GTK_IS_LINK_BUTTON (widget);
}

static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint count = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      count += is_visible_label_with_text (child, text) ? 1 : 0;
      count += count_labels (child, text);
    }

  return count;
}

static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  return GTK_LABEL (find_widget (root, is_visible_label_with_text, text));
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return find_widget (wait->root, is_visible_label_with_text, wait->text) != NULL;
}

static gboolean
label_containing_shown (gpointer data)
{
  LabelWait *wait = data;

  return find_widget (wait->root, is_visible_label_containing, wait->text) != NULL;
}

static void
wait_for_label (GtkWidget  *root,
                const char *text)
{
  LabelWait wait = { root, text };

  glaux_test_wait_until (label_shown, &wait, 30000);
}

static void
wait_for_label_containing (GtkWidget  *root,
                           const char *text)
{
  LabelWait wait = { root, text };

  glaux_test_wait_until (label_containing_shown, &wait, 30000);
}

static gboolean
ended_fact_shown (gpointer data)
{
  return count_labels (GTK_WIDGET (data), "Ended") == 2;
}

static gboolean
dpus_known (gpointer data)
{
  return glaux_session_watch_get_dpus_now (GLAUX_SESSION_WATCH (data)) > 0;
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  glaux_test_ui_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);

  return ADW_MESSAGE_DIALOG (glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
no_message_dialog (gpointer data)
{
  return glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void
test_session_page_lifecycle (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *row = GTK_WIDGET (fixture->row);
  g_autofree char *dpus_text = NULL;
  GlauxSessionWatch *watch;
  AdwMessageDialog *dialog;
  GtkWidget *terminate;
  GtkWidget *content;

  watch = start_session (fixture, "primary", "Nightly aggregation");
  glaux_session_page_set_watch (fixture->page, fixture->monitor, watch);
  glaux_session_row_set_watch (fixture->row, watch);
  g_assert_true (glaux_session_page_get_watch (fixture->page) == watch);
  g_assert_true (glaux_session_row_get_watch (fixture->row) == watch);

  /* The content box holds the editor pane (tests/ui/test-editor.c tests it). */
  content = GTK_WIDGET (glaux_session_page_get_content (fixture->page));
  g_assert_true (GLAUX_IS_EDITOR_PANE (gtk_widget_get_first_child (content)));

  wait_for_label (page, "IDLE");
  wait_for_label (page, "COORDINATOR");
  glaux_test_wait_until (dpus_known, watch, 30000);
  g_assert_nonnull (find_label (page, "Nightly aggregation"));
  g_assert_nonnull (find_label (page, session_id (watch)));
  g_assert_nonnull (find_label (page, "PySpark engine version 3"));
  g_assert_nonnull (find_label (page, "20 min"));
  g_assert_nonnull (find_label (page, "4"));
  g_assert_nonnull (find_label (page, "Idle since"));
  /* "Ended" is the executors' column; the fact of that name appears once the session ends. */
  g_assert_cmpuint (count_labels (page, "Ended"), ==, 1);
  /* Not a Spark 3.5 session: no Spark Connect section. */
  g_assert_null (find_label (page, "Spark Connect endpoint"));

  terminate = find_widget (page, is_button_for_action, "session.terminate");
  g_assert_nonnull (terminate);
  g_assert_true (gtk_widget_is_sensitive (terminate));

  /* The sidebar row: state badge and DPUs now. */
  wait_for_label (row, "IDLE");
  dpus_text = g_strdup_printf ("%d DPU", glaux_session_watch_get_dpus_now (watch));
  wait_for_label_containing (row, dpus_text);
  wait_for_label_containing (row, "$");

  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "session-page-idle");
  glaux_test_ui_save_screenshot (row, "session-row-idle");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "session-page-idle-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Terminate asks first, naming the session and what stops. */
  g_assert_true (gtk_widget_activate_action (page, "session.terminate", NULL));
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Nightly aggregation"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be restarted"));
  g_assert_true (adw_message_dialog_has_response (dialog, "terminate"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "terminate"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "session-page-terminate-dialog");
  g_signal_emit_by_name (dialog, "response", "terminate");
  if (glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  glaux_test_wait_until (no_message_dialog, NULL, 5000);

  wait_for_label (page, "TERMINATED");
  /* TerminateSession's answer may say TERMINATED before GetSession brings the end time. */
  glaux_test_wait_until (ended_fact_shown, page, 30000);
  g_assert_null (find_label (page, "Idle since"));
  g_assert_false (gtk_widget_is_sensitive (terminate));
  wait_for_label (row, "TERMINATED");
  g_assert_nonnull (find_label (page, "Session was terminated per request"));

  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "session-page-terminated");
  glaux_test_ui_save_screenshot (row, "session-row-terminated");

  glaux_session_page_set_watch (fixture->page, NULL, NULL);
  g_assert_null (glaux_session_page_get_watch (fixture->page));
}

static void
test_session_page_cancel_terminate (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GlauxSessionWatch *watch;
  AdwMessageDialog *dialog;

  watch = start_session (fixture, "primary", NULL);
  glaux_session_page_set_watch (fixture->page, fixture->monitor, watch);
  wait_for_label (page, "IDLE");
  /* Without a description the title is the session id. */
  g_assert_nonnull (find_label (page, session_id (watch)));

  g_assert_true (gtk_widget_activate_action (page, "session.terminate", NULL));
  dialog = wait_for_message_dialog ();
  g_signal_emit_by_name (dialog, "response", "cancel");
  if (glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));

  /* Several polls later the session is still there. */
  glaux_test_ui_iterate (1000);
  g_assert_nonnull (find_label (page, "IDLE"));
  g_assert_cmpint (glaux_session_get_state (glaux_session_watch_get_session (watch)), ==,
                   GLAUX_SESSION_STATE_IDLE);
}

static void
test_session_page_spark_connect (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new ("spark35");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GlauxSessionWatch *watch;
  GtkWidget *link;
  gboolean created;

  params->selected_engine_version = g_strdup (SPARK_3_5);
  params->output_location = g_strdup ("s3://glaux-local-results/spark35/");
  glaux_athena_client_create_work_group_async (fixture_client (fixture), params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  created = glaux_athena_client_create_work_group_finish (fixture_client (fixture), result, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  glaux_session_monitor_set_workgroup (fixture->monitor, "spark35");

  watch = start_session (fixture, "spark35", "Spark Connect session");
  glaux_session_page_set_watch (fixture->page, fixture->monitor, watch);
  glaux_session_row_set_watch (fixture->row, watch);

  wait_for_label (page, "IDLE");
  wait_for_label (page, SPARK_3_5);
  wait_for_label (page, "Spark Connect endpoint");
  wait_for_label_containing (page, "/spark-connect/");
  wait_for_label_containing (page, "needs a Spark Connect client");

  link = find_widget (page, is_link_button, NULL);
  g_assert_nonnull (link);
  g_assert_true (gtk_widget_is_drawable (link));
  g_assert_nonnull (strstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), "/dashboard/"));
  g_assert_true (gtk_widget_is_sensitive (find_widget (page, is_button_for_action,
                                                       "session.copy-endpoint")));

  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "session-page-spark-3-5");
}

static gboolean
monitor_offline (gpointer data)
{
  return glaux_session_monitor_get_offline (GLAUX_SESSION_MONITOR (data));
}

static void
test_session_page_stale (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GlauxSessionWatch *watch;
  GtkWidget *state;

  watch = start_session (fixture, "primary", "Goes stale");
  glaux_session_page_set_watch (fixture->page, fixture->monitor, watch);
  glaux_session_row_set_watch (fixture->row, watch);
  wait_for_label (page, "IDLE");

  /* glaux-local goes away: the last known state stays, dimmed, with its time. */
  glaux_local_process_stop (glaux_connection_get_local_process (fixture->connection));
  glaux_test_wait_until (monitor_offline, fixture->monitor, 30000);
  glaux_session_row_set_stale (fixture->row, TRUE);

  wait_for_label_containing (page, "Last updated ");
  state = GTK_WIDGET (find_label (page, "IDLE"));
  g_assert_nonnull (state);
  g_assert_true (gtk_widget_has_css_class (state, "stale"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_label (GTK_WIDGET (fixture->row),
                                                                   "IDLE")),
                                           "stale"));

  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "session-page-stale");
}

static gboolean
session_ended (gpointer data)
{
  GlauxSession *session = glaux_session_watch_get_session (GLAUX_SESSION_WATCH (data));

  return glaux_session_get_state (session) == GLAUX_SESSION_STATE_TERMINATED
         && glaux_session_get_dpu_execution_millis (session) > 0;
}

/* A connection's own price (Preferences → Costs) wins over its region's in the row and the page. */
static void
test_session_page_connection_price (Fixture       *fixture,
                                    gconstpointer  data)
{
  GlauxCostModel *model = glaux_cost_model_get_default ();
  const char *connection_id = glaux_connection_get_id (fixture->connection);
  const char *region = glaux_connection_get_region (fixture->connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_region = NULL;
  g_autofree char *at_connection = NULL;
  GlauxSessionWatch *watch;
  gint64 dpu_millis;

  watch = start_session (fixture, "primary", "Negotiated rate");
  glaux_session_page_set_watch (fixture->page, fixture->monitor, watch);
  glaux_session_row_set_watch (fixture->row, watch);
  wait_for_label (GTK_WIDGET (fixture->page), "IDLE");

  /* A terminated session's DPU time no longer grows, so the figures can be compared exactly. */
  glaux_athena_client_terminate_session_async (fixture_client (fixture), session_id (watch), NULL,
                                               NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  glaux_athena_client_terminate_session_finish (fixture_client (fixture), result, NULL, &error);
  g_assert_no_error (error);
  glaux_session_monitor_refresh (fixture->monitor);
  glaux_test_wait_until (session_ended, watch, 30000);
  glaux_test_ui_iterate (100);

  dpu_millis = glaux_session_get_dpu_execution_millis (glaux_session_watch_get_session (watch));
  at_region = glaux_cost_model_format_amount (
    glaux_cost_model_cost_for_dpu_millis (model, region, dpu_millis));
  wait_for_label (GTK_WIDGET (fixture->page), at_region);
  wait_for_label_containing (GTK_WIDGET (fixture->row), at_region);

  /* 3,600 per DPU-hour: a dollar per DPU-second, unlike any region's price. */
  glaux_cost_model_set_connection_price (model, connection_id, 3600.0);
  at_connection = glaux_cost_model_format_amount (
    glaux_cost_model_cost_for_connection (model, connection_id, region, dpu_millis));
  g_assert_cmpstr (at_connection, !=, at_region);
  wait_for_label (GTK_WIDGET (fixture->page), at_connection);
  wait_for_label_containing (GTK_WIDGET (fixture->row), at_connection);

  glaux_cost_model_set_connection_price (model, connection_id, -1);
  wait_for_label (GTK_WIDGET (fixture->page), at_region);
}

static void
test_executor_time_units (void)
{
  /* Executor times of unconfirmed unit: epoch ms and epoch s are shown as times, small
   * values raw. A hand-made executor list, so both units are covered. */
  g_autoptr(GlauxSessionWatch) watch = NULL;
  g_autoptr(GlauxSession) session = glaux_session_new ("s-units");
  g_autoptr(GPtrArray) executors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  GlauxSessionPage *page;
  GtkWindow *window;
  gint64 now_s = g_date_time_to_unix (now);

  json = g_strdup_printf ("[{\"ExecutorId\":\"ms\",\"ExecutorType\":\"COORDINATOR\","
                          "\"ExecutorState\":\"REGISTERED\",\"ExecutorSize\":1,"
                          "\"StartDateTime\":%" G_GINT64_FORMAT "},"
                          "{\"ExecutorId\":\"s\",\"ExecutorType\":\"WORKER\","
                          "\"ExecutorState\":\"TERMINATED\",\"ExecutorSize\":1,"
                          "\"StartDateTime\":%" G_GINT64_FORMAT ","
                          "\"TerminationDateTime\":4242}]",
                          now_s * 1000, now_s);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (executors, glaux_executor_new_from_json (
      json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), i)));

  watch = glaux_session_watch_new (session);
  glaux_session_watch_update_executors (watch, executors);

  page = glaux_session_page_new ();
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 1000, 700);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (window);

  {
    g_autoptr(GlauxConnection) connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"),
                                                                      glaux_test_get_home ());
    g_autoptr(GlauxSessionMonitor) monitor = glaux_session_monitor_new (connection);

    glaux_session_page_set_watch (page, monitor, watch);
    expected = glaux_ui_format_time (now);
    glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
    g_assert_nonnull (find_label (GTK_WIDGET (page), expected));
    g_assert_nonnull (find_label (GTK_WIDGET (page), "4242"));
    g_assert_nonnull (find_label (GTK_WIDGET (page), "WORKER"));
    glaux_session_page_set_watch (page, NULL, NULL);
  }

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The renderer the app would choose here (cairo without a GPU, as under Xvfb). */
  glaux_ui_choose_renderer ();
  glaux_test_init (&argc, &argv);
  adw_init ();
  glaux_register_resource ();

  /* What AdwApplication loads from the resource base path in the real app. */
  gtk_css_provider_load_from_resource (css, "/io/github/glaux/Glaux/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/glaux/ui/SessionPage/lifecycle", Fixture, NULL,
              fixture_set_up, test_session_page_lifecycle, fixture_tear_down);
  g_test_add ("/glaux/ui/SessionPage/cancel-terminate", Fixture, NULL,
              fixture_set_up, test_session_page_cancel_terminate, fixture_tear_down);
  g_test_add ("/glaux/ui/SessionPage/spark-connect", Fixture, NULL,
              fixture_set_up, test_session_page_spark_connect, fixture_tear_down);
  g_test_add ("/glaux/ui/SessionPage/stale", Fixture, NULL,
              fixture_set_up, test_session_page_stale, fixture_tear_down);
  g_test_add ("/glaux/ui/SessionPage/connection-price", Fixture, NULL,
              fixture_set_up, test_session_page_connection_price, fixture_tear_down);
  g_test_add_func ("/glaux/ui/SessionPage/executor-times", test_executor_time_units);

  return g_test_run ();
}
