/* test-usage-charts.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "glaux-athena-params.h"
#include "glaux-chart-export-button.h"
#include "glaux-connection-list.h"
#include "glaux-connection-view.h"
#include "glaux-connection.h"
#include "glaux-cost-model.h"
#include "glaux-history-store.h"
#include "glaux-resources.h"
#include "glaux-session-chart.h"
#include "glaux-session-monitor.h"
#include "glaux-session-page.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"
#include "glaux-usage-page.h"

#define WAIT_MS 60000

/* ---- Waiting ----------------------------------------------------------------------------------- */

static GlauxHistoryStore *
open_store (const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxHistoryStore *store;

  glaux_history_store_new_async (path, 0, NULL, glaux_test_store_result_cb, &result);
  store = glaux_history_store_new_finish (glaux_test_wait_result (&result, 30000), &error);
  g_assert_no_error (error);

  return store;
}

static void
flush_store (GlauxHistoryStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_history_store_flush_async (store, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_history_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
}

static GlauxConnection *
connect_local (const char *data_dir)
{
  GlauxConnection *connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), data_dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_connect_finish (connection, result, &error));
  g_assert_no_error (error);

  return connection;
}

static GtkWindow *
new_window (GtkWidget *child,
            int        width,
            int        height)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());

  adw_toast_overlay_set_child (overlay, child);
  gtk_window_set_default_size (window, width, height);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (overlay));
  gtk_window_present (window);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);

  return window;
}

static void
screenshot_light_dark (GtkWidget  *window,
                       GlauxChart *chart,
                       const char *name)
{
  g_autofree char *dark = g_strdup_printf ("%s-dark", name);

  glaux_test_ui_save_screenshot (window, name);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_wait_for_frames (window, 3);
  glaux_test_ui_save_screenshot (window, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
  glaux_test_ui_wait_for_frames (window, 2);
}

/* ---- Looking at widgets ------------------------------------------------------------------------ */

static GtkWidget *
find_widget (GtkWidget     *root,
             gboolean     (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer  data)
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
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget)
         && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_drawable_of_type (GtkWidget     *widget,
                     gconstpointer  type)
{
  return is_of_type (widget, type) && gtk_widget_is_drawable (widget);
}

static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type,
              gboolean   drawable)
{
  return find_widget (root, drawable ? is_drawable_of_type : is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
chart_prepared (gpointer data)
{
  return glaux_chart_is_prepared (GLAUX_CHART (data));
}

static void
wait_for_chart (GlauxChart *chart)
{
  glaux_test_ui_wait_for_frames (GTK_WIDGET (chart), 2);
  glaux_test_wait_until (chart_prepared, chart, WAIT_MS);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (chart), 2);
}

/* ---- Export through the menu's actions and the file chooser ------------------------------------ */

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
file_chooser_hidden (gpointer data)
{
  return find_file_chooser () == NULL;
}

/* Picks "Export as …" in @root's chart menu and answers the file chooser with @path. */
static void
export_through_menu (GtkWidget  *root,
                     gboolean    svg,
                     const char *path)
{
  GtkWidget *button = find_of_type (root, GLAUX_TYPE_CHART_EXPORT_BUTTON, TRUE);
  GtkWidget *dialog;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action (button, svg ? "chart.export-svg" : "chart.export-png",
                                             NULL));
  glaux_test_wait_until (file_chooser_shown, NULL, WAIT_MS);
  dialog = find_file_chooser ();
  /* The suggested name has the right extension. */
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));

    g_assert_true (g_str_has_suffix (name, svg ? ".svg" : ".png"));
  }
  /* Typed as a whole path into the name field, as a user may. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), path);
  /* The chooser checks the name against the folder it loads before it lets "Export" through. */
  glaux_test_ui_iterate (500);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  glaux_test_wait_until (file_chooser_hidden, NULL, WAIT_MS);
}

static gboolean
png_loads (gpointer data)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (data, NULL);

  return texture != NULL;
}

static gboolean
svg_complete (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && strstr (contents, "</svg>") != NULL;
}

static gboolean
exported_toast_shown (gpointer data)
{
  return find_widget (data, is_label_containing, "Chart exported") != NULL;
}

static void
check_exports (GtkWidget  *root,
               const char *name,
               const char *title)
{
  g_autofree char *png_name = g_strdup_printf ("%s-export.png", name);
  g_autofree char *svg_name = g_strdup_printf ("%s-export.svg", name);
  g_autofree char *png = glaux_test_build_output (png_name);
  g_autofree char *svg = glaux_test_build_output (svg_name);
  g_autofree char *contents = NULL;
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  g_autofree char *title_element = g_strdup_printf ("<title>%s</title>", escaped);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_unlink (png);
  g_unlink (svg);

  export_through_menu (root, FALSE, png);
  glaux_test_wait_until (png_loads, png, WAIT_MS);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 800);

  export_through_menu (root, TRUE, svg);
  glaux_test_wait_until (svg_complete, svg, WAIT_MS);
  glaux_test_wait_until (exported_toast_shown, gtk_widget_get_root (root), WAIT_MS);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("looking for %s in %s", title_element, svg);
  g_assert_nonnull (strstr (contents, title_element));
}

static gboolean
error_toast_shown (gpointer data)
{
  return find_widget (data, is_label_containing, "Could not save the chart") != NULL;
}

/* ---- The session chart against glaux-local ----------------------------------------------------- */

typedef struct
{
  GlauxSessionWatch *watch;
  GlauxSessionState  state;
} WaitState;

static gboolean
session_in_state (gpointer data)
{
  WaitState *wait = data;

  return glaux_session_get_state (glaux_session_watch_get_session (wait->watch)) == wait->state;
}

static void
wait_for_state (GlauxSessionWatch *watch,
                GlauxSessionState  state)
{
  WaitState wait = { watch, state };

  glaux_test_wait_until (session_in_state, &wait, WAIT_MS);
}

typedef struct
{
  const char *session_id;
  guint       n;
} Recorded;

static void
calculation_recorded_cb (GlauxHistoryStore             *store,
                         const char                    *connection_id,
                         const GlauxHistoryCalculation *calculation,
                         Recorded                      *recorded)
{
  if (g_strcmp0 (calculation->session_id, recorded->session_id) == 0)
    recorded->n++;
}

static gboolean
recorded_at_least (gpointer data)
{
  Recorded *recorded = ((gpointer *)data)[0];

  return recorded->n >= GPOINTER_TO_UINT (((gpointer *)data)[1]);
}

static void
run_calculation (GlauxConnection *connection,
                 const char      *session_id,
                 const char      *code,
                 const char      *description)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GError) error = NULL;

  glaux_athena_client_start_calculation_execution_async (client, session_id, code, description,
                                                         NULL, NULL, glaux_test_store_result_cb,
                                                         &result);
  glaux_test_wait_result (&result, 30000);
  calculation = glaux_athena_client_start_calculation_execution_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (calculation);
}

typedef struct
{
  GlauxSessionChart *chart;
  guint              n_spans;
} WaitChart;

static gboolean
chart_loaded (gpointer data)
{
  WaitChart *wait = data;

  return !glaux_session_chart_get_loading (wait->chart)
         && glaux_session_chart_get_n_samples (wait->chart) > 0
         && glaux_session_chart_get_n_spans (wait->chart) == wait->n_spans;
}

static void
assert_span_at (GlauxChart  *chart,
                gint64       start,
                gint64       end,
                const char  *label)
{
  g_autofree char *text = NULL;
  graphene_rect_t plot;

  g_assert_true (glaux_chart_get_plot_area (chart, &plot));
  text = glaux_chart_get_tooltip_text_at (chart, glaux_chart_time_to_x (chart, start + (end - start) / 2),
                                          plot.origin.y + plot.size.height / 2);
  g_test_message ("tooltip: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, label));
}

static gboolean
monitor_lists (gpointer data)
{
  gpointer *args = data;

  return glaux_session_monitor_lookup (args[0], args[1]) != NULL;
}

static void
test_session_chart (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local-session", NULL);
  g_autofree char *history_path = g_build_filename (glaux_test_get_home (), "session-history.db",
                                                    NULL);
  g_autoptr(GlauxConnection) connection = connect_local (data_dir);
  g_autoptr(GlauxHistoryStore) store = open_store (history_path);
  g_autoptr(GlauxSessionMonitor) monitor = glaux_session_monitor_new (connection);
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("primary");
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *bad_path = NULL;
  Recorded recorded = { NULL, 0 };
  gpointer recorded_args[2] = { &recorded, GUINT_TO_POINTER (2) };
  GlauxSessionPage *page;
  GlauxSessionChart *chart;
  GlauxSessionWatch *watch;
  GtkWidget *scrolled;
  GtkWindow *window;
  WaitChart wait;
  gulong handler;
  guint n_samples;

  glaux_session_monitor_set_intervals (monitor, 100, 300);
  glaux_session_monitor_set_workgroup (monitor, "primary");
  glaux_session_monitor_set_history_store (monitor, store);
  glaux_session_monitor_start (monitor);

  page = glaux_session_page_new ();
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (page));
  window = new_window (scrolled, 1000, 760);
  chart = glaux_session_page_get_chart (page);

  /* A session, watched and shown. */
  params->description = g_strdup ("Chart test");
  params->max_concurrent_dpus = 4;
  params->idle_timeout_minutes = 20;
  glaux_athena_client_start_session_async (glaux_connection_get_athena_client (connection), params,
                                           NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (glaux_connection_get_athena_client (connection),
                                                      result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  session_id = g_strdup (glaux_session_get_id (session));
  recorded.session_id = session_id;
  handler = g_signal_connect (store, "calculation-recorded", G_CALLBACK (calculation_recorded_cb),
                              &recorded);

  watch = glaux_session_monitor_add_session (monitor, session);
  g_assert_nonnull (watch);
  glaux_session_monitor_set_focus (monitor, watch);
  glaux_session_page_set_watch (page, monitor, watch);
  g_assert_true (glaux_session_chart_get_session_id (chart) != NULL);
  wait_for_state (watch, GLAUX_SESSION_STATE_IDLE);

  /* Two calculations, long enough for the monitor to see the session BUSY. */
  run_calculation (connection, session_id, "import time\ntime.sleep(1.5)\nprint('one')\n",
                   "Warm-up");
  wait_for_state (watch, GLAUX_SESSION_STATE_BUSY);
  /* Running: a span shows before Athena's record of it. */
  g_assert_cmpuint (glaux_session_chart_get_n_spans (chart), ==, 1);
  wait_for_state (watch, GLAUX_SESSION_STATE_IDLE);
  run_calculation (connection, session_id, "import time\ntime.sleep(2)\nprint('two')\n",
                   "Aggregate");
  wait_for_state (watch, GLAUX_SESSION_STATE_BUSY);
  wait_for_state (watch, GLAUX_SESSION_STATE_IDLE);
  glaux_test_wait_until (recorded_at_least, recorded_args, WAIT_MS);

  /* The chart followed live: samples, and the two calculations as labelled spans (the
   * provisional ones replaced by the records). */
  wait.chart = chart;
  wait.n_spans = 2;
  glaux_test_wait_until (chart_loaded, &wait, WAIT_MS);
  g_assert_cmpuint (glaux_session_chart_get_n_samples (chart), >, 3);
  glaux_test_ui_iterate (1500);
  wait_for_chart (glaux_session_chart_get_chart (chart));

  flush_store (store);
  glaux_history_store_list_calculations_async (store, glaux_connection_get_id (connection),
                                               session_id, NULL, glaux_test_store_result_cb,
                                               &result);
  glaux_test_wait_result (&result, 30000);
  calculations = glaux_history_store_list_calculations_finish (store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (calculations->len, ==, 2);
  for (guint i = 0; i < calculations->len; i++)
    {
      GlauxHistoryCalculation *calculation = g_ptr_array_index (calculations, i);

      assert_span_at (glaux_session_chart_get_chart (chart), calculation->start_time,
                      calculation->end_time, calculation->description);
    }

  screenshot_light_dark (GTK_WIDGET (window), glaux_session_chart_get_chart (chart),
                         "session-chart");

  /* Export from the chart's menu; an unwritable folder says so in a toast. */
  check_exports (GTK_WIDGET (chart), "session-chart",
                 glaux_chart_get_title (glaux_session_chart_get_chart (chart)));
  /* A folder nobody can write to, not even root (tests may run as root). */
  bad_path = g_build_filename ("/proc", "glaux-chart.png", NULL);
  export_through_menu (GTK_WIDGET (chart), FALSE, bad_path);
  glaux_test_wait_until (error_toast_shown, window, WAIT_MS);

  /* Terminate; the end is recorded. */
  glaux_athena_client_terminate_session_async (glaux_connection_get_athena_client (connection),
                                               session_id, NULL, NULL, glaux_test_store_result_cb,
                                               &result);
  glaux_test_wait_result (&result, 30000);
  glaux_athena_client_terminate_session_finish (glaux_connection_get_athena_client (connection),
                                                result, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  wait_for_state (watch, GLAUX_SESSION_STATE_TERMINATED);
  glaux_test_ui_iterate (500);
  n_samples = glaux_session_chart_get_n_samples (chart);

  /* Restart: a new store object on the same file, a new monitor and window. */
  g_signal_handler_disconnect (store, handler);
  glaux_session_monitor_stop (monitor);
  gtk_window_destroy (window);
  glaux_session_monitor_set_history_store (monitor, NULL);
  g_clear_object (&monitor);
  g_clear_object (&store);

  store = open_store (history_path);
  monitor = glaux_session_monitor_new (connection);
  glaux_session_monitor_set_intervals (monitor, 100, 300);
  glaux_session_monitor_set_include_ended (monitor, TRUE);
  glaux_session_monitor_set_workgroup (monitor, "primary");
  glaux_session_monitor_set_history_store (monitor, store);
  glaux_session_monitor_start (monitor);

  page = glaux_session_page_new ();
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (page));
  window = new_window (scrolled, 1000, 760);
  chart = glaux_session_page_get_chart (page);

  {
    gpointer args[2] = { monitor, session_id };

    glaux_test_wait_until (monitor_lists, args, WAIT_MS);
  }
  watch = glaux_session_monitor_lookup (monitor, session_id);
  glaux_session_page_set_watch (page, monitor, watch);
  wait.chart = chart;
  glaux_test_wait_until (chart_loaded, &wait, WAIT_MS);
  g_assert_cmpuint (glaux_session_chart_get_n_samples (chart), >=, n_samples);
  wait_for_chart (glaux_session_chart_get_chart (chart));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "session-chart-restart");
  gtk_window_destroy (window);

  /* Once Athena forgets it, the history alone still draws it. */
  chart = glaux_session_chart_new ();
  window = new_window (GTK_WIDGET (chart), 900, 260);
  glaux_session_chart_set_session (chart, store, glaux_connection_get_id (connection),
                                   glaux_connection_get_region (connection), session_id);
  g_assert_true (glaux_session_chart_get_loading (chart));
  wait.chart = chart;
  glaux_test_wait_until (chart_loaded, &wait, WAIT_MS);
  g_assert_cmpuint (glaux_session_chart_get_n_samples (chart), >=, n_samples);
  wait_for_chart (glaux_session_chart_get_chart (chart));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "session-chart-history-only");
  gtk_window_destroy (window);

  glaux_session_monitor_stop (monitor);
  glaux_connection_disconnect (connection);
}

/* ---- Usage pages over a pre-filled history ----------------------------------------------------- */

typedef struct
{
  gint64 month_millis_workgroup;
  gint64 month_millis_connection;
} Expected;

/* A session of @hours hours from @start: one sample every 10 minutes, 1 coordinator DPU and
 * @executors executor DPUs, DpuExecutionInMillis growing accordingly; its month-to-date share
 * goes to @month_millis, spread as the cost model spreads it. */
static void
record_past_session (GlauxHistoryStore *store,
                     const char        *connection_id,
                     const char        *region,
                     const char        *workgroup,
                     const char        *session_id,
                     gint64             start,
                     double             hours,
                     int                executors,
                     gint64             month_start,
                     gint64             now,
                     gint64            *month_millis)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) millis = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 end = start + (gint64)(hours * G_TIME_SPAN_HOUR);
  gint64 step = 10 * G_TIME_SPAN_MINUTE;
  gint64 month_edges[2] = { month_start, now };
  gint64 total = 0;
  char start_text[G_ASCII_DTOSTR_BUF_SIZE];
  char end_text[G_ASCII_DTOSTR_BUF_SIZE];

  end = MIN (end, now - G_USEC_PER_SEC);
  for (gint64 t = start; t <= end; t += step)
    {
      gint64 time = MIN (t, end);

      total = (time - start) / 1000 * (1 + executors);
      g_array_append_val (times, time);
      g_array_append_val (millis, total);
      glaux_history_store_record_sample (store, connection_id, session_id, time, 1, executors,
                                         total);
    }

  g_ascii_dtostr (start_text, sizeof start_text, (double)start / G_USEC_PER_SEC);
  g_ascii_dtostr (end_text, sizeof end_text,
                  (double)g_array_index (times, gint64, times->len - 1) / G_USEC_PER_SEC);
  json = g_strdup_printf ("{\"SessionId\": \"%s\", \"WorkGroup\": \"%s\","
                          " \"EngineConfiguration\": {\"CoordinatorDpuSize\": 1,"
                          "   \"MaxConcurrentDpus\": 20},"
                          " \"Statistics\": {\"DpuExecutionInMillis\": %" G_GINT64_FORMAT "},"
                          " \"Status\": {\"State\": \"TERMINATED\", \"StartDateTime\": %s,"
                          "   \"EndDateTime\": %s}}",
                          session_id, workgroup, total, start_text, end_text);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  session = glaux_session_new_from_json (json_node_get_object (json_parser_get_root (parser)));
  glaux_history_store_record_session (store, connection_id, region, workgroup, session);

  glaux_cost_model_spread_dpu_millis ((gint64 *)(gpointer)times->data,
                                      (gint64 *)(gpointer)millis->data, times->len,
                                      month_edges, 2, month_millis);
}

static void
prefill (GlauxHistoryStore *store,
         GlauxConnection   *connection,
         Expected          *expected)
{
  const char *connection_id = glaux_connection_get_id (connection);
  const char *region = glaux_connection_get_region (connection);
  g_autoptr(GDateTime) now_local = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  gint64 now = g_get_real_time ();
  gint64 month_start = glaux_cost_model_month_start (NULL, now, NULL, NULL);

  today = g_date_time_new_local (g_date_time_get_year (now_local),
                                 g_date_time_get_month (now_local),
                                 g_date_time_get_day_of_month (now_local), 0, 0, 0);

  for (int day = 29; day >= 1; day--)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (today, -day);
      gint64 midnight = g_date_time_to_unix (date) * G_USEC_PER_SEC;
      g_autofree char *id = g_strdup_printf ("past-primary-%d", day);
      g_autofree char *other = g_strdup_printf ("past-other-%d", day);

      /* Weekday-like rhythm: some days busy, a few idle. */
      if (day % 7 == 3)
        continue;
      record_past_session (store, connection_id, region, "primary", id,
                           midnight + 9 * G_TIME_SPAN_HOUR, 1 + (day * 5) % 6,
                           (day * 3) % 8, month_start, now,
                           &expected->month_millis_workgroup);
      if (day % 3 == 0)
        record_past_session (store, connection_id, region, "analytics", other,
                             midnight + 14 * G_TIME_SPAN_HOUR, 2, 4, month_start, now,
                             &expected->month_millis_connection);
    }

  /* Today, ending a moment ago. */
  record_past_session (store, connection_id, region, "primary", "today-primary",
                       now - 90 * G_TIME_SPAN_MINUTE, 2, 3, month_start, now,
                       &expected->month_millis_workgroup);
  expected->month_millis_connection += expected->month_millis_workgroup;

  flush_store (store);
}

typedef struct
{
  GlauxUsagePage *page;
  const char     *workgroup;
} WaitUsage;

static gboolean
usage_shown (gpointer data)
{
  WaitUsage *wait = data;

  return !glaux_usage_page_get_loading (wait->page)
         && glaux_usage_page_get_daily (wait->page) != NULL
         && g_strcmp0 (glaux_usage_page_get_workgroup (wait->page), wait->workgroup) == 0;
}

static void
check_month_total (GtkWidget       *window,
                   GlauxConnection *connection,
                   GlauxUsagePage  *page,
                   gint64           month_millis)
{
  GlauxCostModel *model = glaux_cost_model_get_default ();
  double cost = glaux_cost_model_cost_for_dpu_millis (model, glaux_connection_get_region (connection),
                                                      month_millis);
  g_autofree char *text = glaux_cost_model_format_amount (cost);
  GlauxHistoryDaily *daily = glaux_usage_page_get_daily (page);

  g_test_message ("month to date: %" G_GINT64_FORMAT " DPU-ms, %s", month_millis, text);
  g_assert_cmpint (daily->month_dpu_millis, ==, month_millis);
  g_assert_nonnull (find_widget (window, is_visible_label_with_text, text));
}

static gboolean
no_history_shown (gpointer data)
{
  return find_widget (data, is_label_containing, "No Usage History") != NULL;
}

static void
test_usage_pages (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local-usage", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.glaux.Glaux");
  g_autoptr(GlauxConnectionList) connections = NULL;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GlauxHistoryStore) store = NULL;
  g_autoptr(GlauxHistoryStore) empty_store = NULL;
  g_autofree char *empty_path = g_build_filename (glaux_test_get_home (), "empty-history.db", NULL);
  GlauxConnectionView *view;
  GlauxUsagePage *page;
  GlauxChart *chart;
  GtkWindow *window;
  Expected expected = { 0, 0 };
  WaitUsage wait;

  connections = glaux_connection_list_new (settings, g_getenv ("GLAUX_LOCAL"), data_dir, NULL);
  connection = g_list_model_get_item (G_LIST_MODEL (connections), 0);
  g_assert_cmpint (glaux_connection_get_kind (connection), ==, GLAUX_CONNECTION_KIND_LOCAL);

  /* The history file the app would open, filled with 30 days of past sessions. */
  store = open_store (NULL);
  prefill (store, connection, &expected);
  g_assert_cmpint (expected.month_millis_workgroup, >, 0);

  view = glaux_connection_view_new (connection, connections);
  window = new_window (GTK_WIDGET (view), 1280, 860);

  /* A workgroup selected, no session: its usage; at first the app has not opened the history
   * yet, and the page says so. */
  glaux_connection_view_select_workgroup (view, "primary");
  page = GLAUX_USAGE_PAGE (find_of_type (GTK_WIDGET (view), GLAUX_TYPE_USAGE_PAGE, FALSE));
  g_assert_nonnull (page);
  glaux_test_wait_until (no_history_shown, window, WAIT_MS);

  /* Once it is open, the page picks it up by itself. */
  glaux_session_monitor_set_history_store (glaux_connection_view_get_monitor (view), store);
  wait.page = page;
  wait.workgroup = "primary";
  glaux_test_wait_until (usage_shown, &wait, WAIT_MS);
  chart = glaux_usage_page_get_chart (page);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (chart)));
  wait_for_chart (chart);
  check_month_total (GTK_WIDGET (window), connection, page, expected.month_millis_workgroup);
  g_assert_nonnull (strstr (glaux_chart_get_title (chart), "primary"));
  g_assert_cmpuint (glaux_usage_page_get_daily (page)->n_days, ==, 30);
  screenshot_light_dark (GTK_WIDGET (window), chart, "usage-workgroup");

  /* "Usage": the whole connection, other workgroups included. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "view.show-usage", NULL));
  wait.workgroup = NULL;
  glaux_test_wait_until (usage_shown, &wait, WAIT_MS);
  wait_for_chart (chart);
  check_month_total (GTK_WIDGET (window), connection, page, expected.month_millis_connection);
  g_assert_cmpint (expected.month_millis_connection, >, expected.month_millis_workgroup);
  screenshot_light_dark (GTK_WIDGET (window), chart, "usage-connection");
  check_exports (GTK_WIDGET (page), "usage-connection", glaux_chart_get_title (chart));

  gtk_window_destroy (window);

  /* Nothing recorded: a status page saying why, never a blank chart. */
  empty_store = open_store (empty_path);
  page = glaux_usage_page_new ();
  window = new_window (GTK_WIDGET (page), 900, 600);
  glaux_usage_page_set_scope (page, empty_store, connection, "primary");
  wait.page = page;
  wait.workgroup = "primary";
  glaux_test_wait_until (usage_shown, &wait, WAIT_MS);
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (glaux_usage_page_get_chart (page))));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_containing, "No Usage Recorded Yet"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "usage-empty");
  gtk_window_destroy (window);

  glaux_connection_disconnect (connection);
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

  gtk_css_provider_load_from_resource (css, "/io/github/glaux/Glaux/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/glaux/ui/UsageCharts/session-chart", test_session_chart);
  g_test_add_func ("/glaux/ui/UsageCharts/usage-pages", test_usage_pages);

  return g_test_run ();
}
