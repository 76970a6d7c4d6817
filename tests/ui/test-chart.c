/* test-chart.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "glaux-chart.h"
#include "glaux-resources.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"

#define T0 ((gint64)1790000000 * G_USEC_PER_SEC)

/* The session chart as the session page builds it: DPUs of the coordinator and the executors
 * stacked on the left axis, cumulative cost on the right, calculations as spans. */
typedef struct
{
  GtkWindow           *window;
  GlauxChart          *chart;
  GlauxChartSeries    *coordinator;
  GlauxChartSeries    *executors;
  GlauxChartSeries    *cost;
  GlauxChartSpanLayer *spans;
  GlauxChartValueAxis *dpu_axis;
  GlauxChartValueAxis *cost_axis;
} Fixture;

static char *
format_dollars (double   value,
                gpointer user_data)
{
  return g_strdup_printf ("$%.2f", value);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GlauxChartTimeAxis) time_axis = glaux_chart_time_axis_new ();
  g_autoptr(GlauxChartLineLayer) coordinator = NULL;
  g_autoptr(GlauxChartLineLayer) executors = NULL;
  g_autoptr(GlauxChartLineLayer) cost = NULL;

  fixture->chart = glaux_chart_new ();
  glaux_chart_set_title (fixture->chart, "Session DPUs and cost");
  fixture->coordinator = glaux_chart_series_new ();
  fixture->executors = glaux_chart_series_new ();
  fixture->cost = glaux_chart_series_new ();
  fixture->dpu_axis = glaux_chart_value_axis_new (GTK_POS_LEFT, "DPUs", "DPU");
  fixture->cost_axis = glaux_chart_value_axis_new (GTK_POS_RIGHT, "Cost", "USD");
  glaux_chart_value_axis_set_format_func (fixture->cost_axis, format_dollars, NULL, NULL);
  fixture->spans = glaux_chart_span_layer_new ("Calculations");

  coordinator = glaux_chart_line_layer_new (fixture->coordinator, fixture->dpu_axis,
                                            "Coordinator");
  glaux_chart_line_layer_set_fill (coordinator, TRUE);
  executors = glaux_chart_line_layer_new (fixture->executors, fixture->dpu_axis, "Executors");
  glaux_chart_line_layer_set_fill (executors, TRUE);
  glaux_chart_line_layer_set_stack_on (executors, coordinator);
  cost = glaux_chart_line_layer_new (fixture->cost, fixture->cost_axis, "Cost");

  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (time_axis));
  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (fixture->dpu_axis));
  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (fixture->cost_axis));
  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (fixture->spans));
  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (coordinator));
  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (executors));
  glaux_chart_add_layer (fixture->chart, GLAUX_CHART_LAYER (cost));

  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 420);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (fixture->chart));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->coordinator);
  g_clear_object (&fixture->executors);
  g_clear_object (&fixture->cost);
  g_clear_object (&fixture->dpu_axis);
  g_clear_object (&fixture->cost_axis);
  g_clear_object (&fixture->spans);
}

static gboolean
chart_prepared (gpointer data)
{
  return glaux_chart_is_prepared (GLAUX_CHART (data));
}

static void
wait_for_chart (Fixture *fixture)
{
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->chart), 2);
  glaux_test_wait_until (chart_prepared, fixture->chart, 30000);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->chart), 2);
}

/* A session of @n samples, one every 100 ms: executors scale in steps of 4 DPUs, with a single
 * 60-DPU spike in the middle that downsampling must keep; cost accumulates at $0.35/DPU-hour. */
static void
fill_session (Fixture *fixture,
              guint    n)
{
  g_autofree gint64 *times = g_new (gint64, MAX (n, 1));
  g_autofree double *coordinator = g_new (double, MAX (n, 1));
  g_autofree double *executors = g_new (double, MAX (n, 1));
  g_autofree double *cost = g_new (double, MAX (n, 1));
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      times[i] = T0 + (gint64)i * 100 * 1000;
      coordinator[i] = 1;
      executors[i] = i == n / 2 && n > 2 ? 60 : 4 * (1 + (i * 5 / MAX (n, 1)) % 5);
      total += (coordinator[i] + executors[i]) * 0.1 / 3600 * 0.35;
      cost[i] = total;
    }

  glaux_chart_series_append_many (fixture->coordinator, times, coordinator, n);
  glaux_chart_series_append_many (fixture->executors, times, executors, n);
  glaux_chart_series_append_many (fixture->cost, times, cost, n);

  if (n > 10)
    {
      gint64 span = times[n - 1] - T0;

      glaux_chart_span_layer_add_span (fixture->spans, T0 + span / 10, T0 + span / 4,
                                       "Calculation 1");
      glaux_chart_span_layer_add_span (fixture->spans, T0 + span * 6 / 10, T0 + span * 7 / 10,
                                       "Calculation 2");
    }
}

static void
test_chart_samples (Fixture       *fixture,
                    gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autofree char *light = g_strdup_printf ("chart-%u-samples", n);
  g_autofree char *dark = g_strdup_printf ("chart-%u-samples-dark", n);
  graphene_rect_t plot;
  double min;
  double max;

  fill_session (fixture, n);
  wait_for_chart (fixture);

  g_assert_true (glaux_chart_get_plot_area (fixture->chart, &plot));
  g_assert_cmpfloat (plot.size.width, >, 500);
  g_assert_cmpfloat (plot.size.height, >, 200);
  glaux_chart_value_axis_get_range (fixture->dpu_axis, &min, &max);
  g_assert_cmpfloat (min, ==, 0);

  if (n == 0)
    {
      /* Nothing to say: no tooltip, the minimum range, and "No data yet" in the screenshot. */
      g_assert_null (glaux_chart_get_tooltip_text_at (fixture->chart,
                                                      plot.origin.x + plot.size.width / 2,
                                                      plot.origin.y + 10));
      g_assert_cmpfloat (max, ==, 1);
    }
  else if (n >= 10000)
    {
      /* The spike is one sample among thousands per pixel column, and still sets the scale:
       * 60 executor DPUs stacked on the coordinator's 1. */
      g_assert_cmpfloat (max, >=, 61);
      g_assert_cmpfloat (max, <, 100);
    }
  else
    {
      /* One sample: coordinator 1 + executors 4. */
      g_assert_cmpfloat (max, >=, 5);
      g_assert_cmpfloat (max, <=, 10);
    }

  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_chart (fixture);
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), dark);
}

/* Hovering a known time gives the exact sample values in force then, each in its unit. */
static void
test_chart_tooltip (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *text = NULL;
  graphene_rect_t plot;
  gint64 t0;
  gint64 t1;
  double x;

  /* One sample a minute for 20 minutes: executors hold k DPUs during minute k. */
  for (int k = 0; k <= 20; k++)
    {
      glaux_chart_series_append (fixture->coordinator, T0 + k * G_TIME_SPAN_MINUTE, 1);
      glaux_chart_series_append (fixture->executors, T0 + k * G_TIME_SPAN_MINUTE, k);
      glaux_chart_series_append (fixture->cost, T0 + k * G_TIME_SPAN_MINUTE, k * 0.25);
    }
  glaux_chart_span_layer_add_span (fixture->spans, T0 + 4 * G_TIME_SPAN_MINUTE,
                                   T0 + 8 * G_TIME_SPAN_MINUTE, "SELECT 1");
  wait_for_chart (fixture);

  glaux_chart_get_time_range (fixture->chart, &t0, &t1);
  g_assert_cmpint (t0, ==, T0);
  g_assert_cmpint (t1, ==, T0 + 20 * G_TIME_SPAN_MINUTE);
  g_assert_true (glaux_chart_get_plot_area (fixture->chart, &plot));

  x = glaux_chart_time_to_x (fixture->chart, T0 + 5 * G_TIME_SPAN_MINUTE + 30 * G_USEC_PER_SEC);
  text = glaux_chart_get_tooltip_text_at (fixture->chart, x, plot.origin.y + plot.size.height / 2);
  g_test_message ("tooltip: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Coordinator: 1 DPU"));
  g_assert_nonnull (strstr (text, "Executors: 5 DPU"));
  g_assert_nonnull (strstr (text, "Cost: $1.25"));
  g_assert_nonnull (strstr (text, "SELECT 1 (4 min"));
  g_clear_pointer (&text, g_free);

  /* Outside the span, the span says nothing. */
  x = glaux_chart_time_to_x (fixture->chart, T0 + 12 * G_TIME_SPAN_MINUTE);
  text = glaux_chart_get_tooltip_text_at (fixture->chart, x, plot.origin.y + 5);
  g_assert_nonnull (strstr (text, "Executors: 12 DPU"));
  g_assert_null (strstr (text, "SELECT 1"));
  g_clear_pointer (&text, g_free);

  /* Left of the plot (over the axis labels) there is no tooltip. */
  g_assert_null (glaux_chart_get_tooltip_text_at (fixture->chart, plot.origin.x - 5,
                                                  plot.origin.y + 5));

  /* Live update: a new sample extends the range and shows in the tooltip at the new end. */
  glaux_chart_series_append (fixture->executors, T0 + 25 * G_TIME_SPAN_MINUTE, 7);
  wait_for_chart (fixture);
  glaux_chart_get_time_range (fixture->chart, NULL, &t1);
  g_assert_cmpint (t1, ==, T0 + 25 * G_TIME_SPAN_MINUTE);
  g_assert_true (glaux_chart_get_plot_area (fixture->chart, &plot));
  text = glaux_chart_get_tooltip_text_at (fixture->chart, plot.origin.x + plot.size.width,
                                          plot.origin.y + 5);
  g_assert_nonnull (strstr (text, "Executors: 7 DPU"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "chart-tooltip-data");
}

static void
export_and_wait (GlauxChart  *chart,
                 gboolean     svg,
                 GFile       *file,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (svg)
    glaux_chart_export_svg_async (chart, file, 1200, 500, NULL, glaux_test_store_result_cb,
                                  &result);
  else
    glaux_chart_export_png_async (chart, file, 1200, 500, NULL, glaux_test_store_result_cb,
                                  &result);
  glaux_test_wait_result (&result, 30000);
  glaux_chart_export_finish (chart, result, error);
}

/* PNG and SVG files of the chart at another size than the widget's, with the title. */
static void
test_chart_export (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *png_path = glaux_test_build_output ("chart-export.png");
  g_autofree char *svg_path = glaux_test_build_output ("chart-export.svg");
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) svg = g_file_new_for_path (svg_path);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-folder/chart.png");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  graphene_rect_t before;
  graphene_rect_t after;
  gsize length;

  fill_session (fixture, 10000);
  wait_for_chart (fixture);
  g_assert_true (glaux_chart_get_plot_area (fixture->chart, &before));

  g_file_delete (png, NULL, NULL);
  g_file_delete (svg, NULL, NULL);

  export_and_wait (fixture->chart, FALSE, png, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1200);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 500);

  export_and_wait (fixture->chart, TRUE, svg, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml") || g_str_has_prefix (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "<title>Session DPUs and cost</title>"));
  g_assert_nonnull (strstr (contents, "width=\"1200\""));
  /* Vector data, not a picture of one. */
  g_assert_nonnull (strstr (contents, "<path"));

  /* The widget is back on its own geometry afterwards. */
  wait_for_chart (fixture);
  g_assert_true (glaux_chart_get_plot_area (fixture->chart, &after));
  g_assert_cmpfloat (before.size.width, ==, after.size.width);

  /* Failures say what and where. */
  export_and_wait (fixture->chart, FALSE, nowhere, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Could not save the chart to"));
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder/chart.png"));
  g_clear_error (&error);

  bytes = glaux_chart_render_png (fixture->chart, 0, 100, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* Daily columns for a workgroup: the last 30 days, DPU-hours on the left, cost on the right. */
static void
test_chart_daily_columns (void)
{
  g_autoptr(GlauxChart) chart = g_object_ref_sink (glaux_chart_new ());
  g_autoptr(GlauxChartTimeAxis) time_axis = glaux_chart_time_axis_new ();
  g_autoptr(GlauxChartValueAxis) hours_axis = glaux_chart_value_axis_new (GTK_POS_LEFT,
                                                                          "DPU-hours",
                                                                          "DPU-h");
  g_autoptr(GlauxChartValueAxis) cost_axis = glaux_chart_value_axis_new (GTK_POS_RIGHT,
                                                                         "Cost", "USD");
  g_autoptr(GlauxChartSeries) hours = glaux_chart_series_new ();
  g_autoptr(GlauxChartSeries) cost = glaux_chart_series_new ();
  g_autoptr(GlauxChartColumnLayer) columns = glaux_chart_column_layer_new (hours, hours_axis,
                                                                           "DPU-hours");
  g_autoptr(GlauxChartLineLayer) cost_line = glaux_chart_line_layer_new (cost, cost_axis,
                                                                         "Cost");
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  GtkWindow *window;
  graphene_rect_t plot;
  gint64 midnight;
  double total = 0;
  double x;

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  midnight = g_date_time_to_unix (today) * G_USEC_PER_SEC;

  for (int day = 29; day >= 0; day--)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (today, -day);
      gint64 start = g_date_time_to_unix (date) * G_USEC_PER_SEC;
      double value = 2 + (day * 7) % 11 + 0.5;

      glaux_chart_series_append (hours, start, value);
      total += value * 0.35;
      glaux_chart_series_append (cost, start + G_TIME_SPAN_DAY / 2, total);
    }

  glaux_chart_set_title (chart, "primary — last 30 days");
  glaux_chart_value_axis_set_format_func (cost_axis, format_dollars, NULL, NULL);
  glaux_chart_time_axis_set_range (time_axis, midnight - 29 * G_TIME_SPAN_DAY,
                                   midnight + G_TIME_SPAN_DAY);
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (time_axis));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (hours_axis));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (cost_axis));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (columns));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (cost_line));

  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 900, 360);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (window);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (chart), 2);
  glaux_test_wait_until (chart_prepared, chart, 30000);

  /* Today's bar: 2 + 0 + 0.5 DPU-hours, the exact value whatever the pixel. */
  g_assert_true (glaux_chart_get_plot_area (chart, &plot));
  x = glaux_chart_time_to_x (chart, midnight + G_TIME_SPAN_HOUR * 3);
  text = glaux_chart_get_tooltip_text_at (chart, x, plot.origin.y + plot.size.height - 2);
  g_test_message ("tooltip: %s", text);
  g_assert_nonnull (strstr (text, "DPU-hours: 2.50 DPU-h"));

  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "chart-daily-columns");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "chart-daily-columns-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (window);
}

/* Downsampling keeps the extremes of every column and reads only what existed. */
static void
test_chart_series_downsample (void)
{
  g_autoptr(GlauxChartSeries) series = glaux_chart_series_new ();
  g_autoptr(GlauxChartColumns) columns = NULL;
  gint64 time;
  double value;

  for (int i = 0; i < 10000; i++)
    glaux_chart_series_append (series, i, i == 4321 ? -5 : i % 7);

  columns = glaux_chart_series_downsample (series, 0, 9999, 10);
  g_assert_cmpuint (columns->n_columns, ==, 10);
  g_assert_cmpuint (columns->n_present, ==, 10);
  g_assert_cmpfloat (columns->value_min, ==, -5);
  g_assert_cmpfloat (columns->value_max, ==, 6);
  g_assert_cmpfloat (columns->min[4], ==, -5);
  g_assert_cmpfloat (columns->first[0], ==, 0);
  g_assert_cmpfloat (columns->last[9], ==, 9999 % 7);

  g_assert_true (glaux_chart_series_lookup (series, 4321, &time, &value));
  g_assert_cmpint (time, ==, 4321);
  g_assert_cmpfloat (value, ==, -5);
  g_assert_false (glaux_chart_series_lookup (series, -1, NULL, NULL));
  g_assert_true (glaux_chart_series_lookup (series, 1000000, &time, NULL));
  g_assert_cmpint (time, ==, 9999);
}

/* The chart widget alone (no window background), through the window's own renderer. */
static GBytes *
render_chart (GlauxChart *chart,
              int        *width,
              int        *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (chart));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (chart)));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  guchar *pixels;

  *width = gtk_widget_get_width (GTK_WIDGET (chart));
  *height = gtk_widget_get_height (GTK_WIDGET (chart));
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, *width);
  pixels = g_malloc ((gsize)*width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize)*width * 4);

  return g_bytes_new_take (pixels, (gsize)*width * *height * 4);
}

/* Pixels that differ by more than rounding. */
static guint
count_different_pixels (GBytes *a,
                        GBytes *b)
{
  const guchar *pa = g_bytes_get_data (a, NULL);
  const guchar *pb = g_bytes_get_data (b, NULL);
  gsize size = g_bytes_get_size (a);
  guint count = 0;

  g_assert_cmpuint (size, ==, g_bytes_get_size (b));
  for (gsize i = 0; i < size; i += 4)
    for (gsize c = 0; c < 4; c++)
      if (ABS ((int)pa[i + c] - (int)pb[i + c]) > 8)
        {
          count++;
          break;
        }

  return count;
}

/* Ten more minutes of the session at 30 executor DPUs: a new time range and a new scale. */
static void
grow_session (Fixture *fixture)
{
  gint64 time;
  double total;

  g_assert_true (glaux_chart_series_get_extent (fixture->cost, NULL, &time));
  g_assert_true (glaux_chart_series_lookup (fixture->cost, time, NULL, &total));
  for (guint i = 1; i <= 6000; i++)
    {
      total += 31 * 0.1 / 3600 * 0.35;
      glaux_chart_series_append (fixture->coordinator, time + i * 100 * 1000, 1);
      glaux_chart_series_append (fixture->executors, time + i * 100 * 1000, 30);
      glaux_chart_series_append (fixture->cost, time + i * 100 * 1000, total);
    }
}

typedef enum
{
  CHANGE_DATA = 1 << 0,
  CHANGE_SIZE = 1 << 1,
  CHANGE_DARK = 1 << 2,
} Changes;

/* What @fixture's chart shows now must differ from @old, and match a chart that never saw
 * anything before @changes (the style manager already holds the colour scheme). */
static GBytes *
assert_current_picture (Fixture *fixture,
                        Changes  changes,
                        GBytes  *old)
{
  g_autoptr(GBytes) expected = NULL;
  GBytes *shown;
  Fixture fresh = { NULL };
  int width;
  int height;
  int fresh_width;
  int fresh_height;

  wait_for_chart (fixture);
  shown = render_chart (fixture->chart, &width, &height);
  if (g_bytes_get_size (shown) == g_bytes_get_size (old))
    g_assert_cmpuint (count_different_pixels (shown, old), >, 1000);

  fixture_set_up (&fresh, NULL);
  if (changes & CHANGE_SIZE)
    gtk_window_set_default_size (fresh.window, 700, 360);
  fill_session (&fresh, 10000);
  if (changes & CHANGE_DATA)
    grow_session (&fresh);
  wait_for_chart (&fresh);
  expected = render_chart (fresh.chart, &fresh_width, &fresh_height);
  g_assert_cmpint (width, ==, fresh_width);
  g_assert_cmpint (height, ==, fresh_height);
  g_assert_cmpuint (count_different_pixels (shown, expected), ==, 0);

  gtk_window_destroy (fresh.window);
  g_clear_object (&fresh.coordinator);
  g_clear_object (&fresh.executors);
  g_clear_object (&fresh.cost);
  g_clear_object (&fresh.dpu_axis);
  g_clear_object (&fresh.cost_axis);
  g_clear_object (&fresh.spans);

  return shown;
}

/* After new data, a resize and a light/dark switch the chart shows exactly what a chart built
 * in that state shows: nothing of what it drew before lingers (prepared frames, colours). */
static void
test_chart_no_stale_picture (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) grown = NULL;
  g_autoptr(GBytes) resized = NULL;
  g_autoptr(GBytes) dark = NULL;
  int width;
  int height;

  fill_session (fixture, 10000);
  wait_for_chart (fixture);
  first = render_chart (fixture->chart, &width, &height);

  grow_session (fixture);
  grown = assert_current_picture (fixture, CHANGE_DATA, first);

  gtk_window_set_default_size (fixture->window, 700, 360);
  wait_for_chart (fixture);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->chart)), <, width);
  resized = assert_current_picture (fixture, CHANGE_DATA | CHANGE_SIZE, grown);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  dark = assert_current_picture (fixture, CHANGE_DATA | CHANGE_SIZE | CHANGE_DARK, resized);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
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

  g_test_add_func ("/glaux/ui/Chart/series-downsample", test_chart_series_downsample);
  g_test_add ("/glaux/ui/Chart/samples-0", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_chart_samples, fixture_tear_down);
  g_test_add ("/glaux/ui/Chart/samples-1", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_chart_samples, fixture_tear_down);
  g_test_add ("/glaux/ui/Chart/samples-10000", Fixture, GUINT_TO_POINTER (10000),
              fixture_set_up, test_chart_samples, fixture_tear_down);
  g_test_add ("/glaux/ui/Chart/samples-1000000", Fixture, GUINT_TO_POINTER (1000000),
              fixture_set_up, test_chart_samples, fixture_tear_down);
  g_test_add ("/glaux/ui/Chart/tooltip", Fixture, NULL,
              fixture_set_up, test_chart_tooltip, fixture_tear_down);
  g_test_add ("/glaux/ui/Chart/export", Fixture, NULL,
              fixture_set_up, test_chart_export, fixture_tear_down);
  g_test_add_func ("/glaux/ui/Chart/daily-columns", test_chart_daily_columns);
  g_test_add ("/glaux/ui/Chart/no-stale-picture", Fixture, NULL,
              fixture_set_up, test_chart_no_stale_picture, fixture_tear_down);

  return g_test_run ();
}
