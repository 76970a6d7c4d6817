/* bench-chart.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-chart"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "glaux-bench-util.h"
#include "glaux-chart.h"
#include "glaux-ui-util.h"

/* Session chart speed (issue 7): the session chart (coordinator and executors stacked on the
 * DPU axis, cumulative cost on the second axis, two calculation spans) with 1,000,000 samples
 * per series in a 1000 × 400 window. A frame is the frame clock's layout and paint phases of
 * that window (GTK snapshots the chart, which strokes its precomputed columns with cairo, then
 * renders with the renderer Glaux itself picks on this machine, see glaux_ui_choose_renderer(),
 * and presents). Two kinds of frame are timed, side by side in the same run:
 *   (a) redraw frames: the pointer moves over the plot every frame (the hover marker follows it
 *       and the chart draws itself again), as while hovering;
 *   (b) live-update frames: every cycle appends one sample to each of the three series, as a
 *       live session does; the worker downsamples the grown series, and the frame timed is the
 *       one in which the chart draws the new columns. The time from the appends to the end of
 *       that frame is reported too.
 * References:
 *   - an empty GlauxChart (title and "No data yet") in the same window, drawn afresh every
 *     frame (its title alternates): a full repaint's fixed cost;
 *   - the naive drawing: the same three series stroked point by point, 1,000,000 points each,
 *     with cairo on an image surface of the same size (what the chart would cost without
 *     downsampling);
 *   - for the record: the chart drawn afresh and rendered offscreen by the cairo renderer (the
 *     chart's own drawing, without presentation), and the off-frame cost of downsampling one
 *     1,000,000-sample series to 1000 columns.
 * Target: median frame ≤ 8 ms for both (a) and (b) (10 frames of warm-up are not counted).
 * Prints one GLAUX-BENCH line per figure; exit status 1 when a target is missed, 2 for bad
 * options, 3 when a step failed. Needs a display: without one it re-runs itself under a private
 * Xvfb. GSK_RENDERER=gl measures GTK's GL renderer instead (Mesa's software rasteriser under
 * Xvfb). */

#define TARGET_FRAME_MS 8.0
#define WIDTH           1000
#define HEIGHT          400
#define T0              ((gint64)1790000000 * G_USEC_PER_SEC)

#define WARM_UP         10

static int n_samples = 1000000;
static int frames = 200;
static int naive_runs = 5;

static const GOptionEntry options[] = {
  { "samples", 0, 0, G_OPTION_ARG_INT, &n_samples, "Samples per series (default 1000000)", "N" },
  { "frames", 'f', 0, G_OPTION_ARG_INT, &frames, "Timed frames (default 200)", "N" },
  { "naive-runs", 0, 0, G_OPTION_ARG_INT, &naive_runs, "Timed naive drawings (default 5)", "N" },
  { NULL }
};

typedef struct
{
  double median;
  double p90;
  double min;
  double max;
} Spread;

typedef struct
{
  GlauxChartSeries *coordinator;
  GlauxChartSeries *executors;
  GlauxChartSeries *cost;
  guint             n;
  double            total;
} Session;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return (da > db) - (da < db);
}

static Spread
spread (double *samples,
        int     count)
{
  qsort (samples, count, sizeof *samples, compare_doubles);

  return (Spread) {
    .median = count % 2 == 1 ? samples[count / 2]
                             : (samples[count / 2 - 1] + samples[count / 2]) / 2,
    .p90 = samples[MIN (count - 1, count * 9 / 10)],
    .min = samples[0],
    .max = samples[count - 1],
  };
}

/* Sample @i of a long session, one every 100 ms, as in tests/ui/test-chart.c. */
static void
session_sample (Session *session,
                guint    i,
                gint64  *time,
                double  *coordinator,
                double  *executors,
                double  *cost)
{
  *time = T0 + (gint64)i * 100 * 1000;
  *coordinator = 1;
  *executors = 4 * (1 + ((guint64)i * 5 / n_samples) % 5) + (i % 97 == 0 ? 3 : 0);
  session->total += (*coordinator + *executors) * 0.1 / 3600 * 0.35;
  *cost = session->total;
}

static Session
session_new (guint n)
{
  g_autofree gint64 *times = g_new (gint64, n);
  g_autofree double *coordinator = g_new (double, n);
  g_autofree double *executors = g_new (double, n);
  g_autofree double *cost = g_new (double, n);
  Session session = {
    glaux_chart_series_new (), glaux_chart_series_new (), glaux_chart_series_new (), n, 0
  };

  for (guint i = 0; i < n; i++)
    session_sample (&session, i, &times[i], &coordinator[i], &executors[i], &cost[i]);

  glaux_chart_series_append_many (session.coordinator, times, coordinator, n);
  glaux_chart_series_append_many (session.executors, times, executors, n);
  glaux_chart_series_append_many (session.cost, times, cost, n);

  return session;
}

/* What a live session does every second: one more sample in each series. */
static void
session_append (Session *session)
{
  gint64 time;
  double coordinator;
  double executors;
  double cost;

  session_sample (session, session->n++, &time, &coordinator, &executors, &cost);
  glaux_chart_series_append (session->coordinator, time, coordinator);
  glaux_chart_series_append (session->executors, time, executors);
  glaux_chart_series_append (session->cost, time, cost);
}

static void
session_clear (Session *session)
{
  g_clear_object (&session->coordinator);
  g_clear_object (&session->executors);
  g_clear_object (&session->cost);
}

static GlauxChart *
session_chart_new (Session *session)
{
  GlauxChart *chart = glaux_chart_new ();
  g_autoptr(GlauxChartTimeAxis) time_axis = glaux_chart_time_axis_new ();
  g_autoptr(GlauxChartValueAxis) dpus = glaux_chart_value_axis_new (GTK_POS_LEFT, "DPUs", "DPU");
  g_autoptr(GlauxChartValueAxis) cost = glaux_chart_value_axis_new (GTK_POS_RIGHT, "Cost", "USD");
  g_autoptr(GlauxChartSpanLayer) spans = glaux_chart_span_layer_new ("Calculations");
  g_autoptr(GlauxChartLineLayer) coordinator = NULL;
  g_autoptr(GlauxChartLineLayer) executors = NULL;
  g_autoptr(GlauxChartLineLayer) cost_line = NULL;
  gint64 span = (gint64)n_samples * 100 * 1000;

  glaux_chart_set_title (chart, "Session DPUs and cost");
  coordinator = glaux_chart_line_layer_new (session->coordinator, dpus, "Coordinator");
  glaux_chart_line_layer_set_fill (coordinator, TRUE);
  executors = glaux_chart_line_layer_new (session->executors, dpus, "Executors");
  glaux_chart_line_layer_set_fill (executors, TRUE);
  glaux_chart_line_layer_set_stack_on (executors, coordinator);
  cost_line = glaux_chart_line_layer_new (session->cost, cost, "Cost");
  glaux_chart_span_layer_add_span (spans, T0 + span / 10, T0 + span / 4, "Calculation 1");
  glaux_chart_span_layer_add_span (spans, T0 + span * 6 / 10, T0 + span * 7 / 10, "Calculation 2");

  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (time_axis));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (dpus));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (cost));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (spans));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (coordinator));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (executors));
  glaux_chart_add_layer (chart, GLAUX_CHART_LAYER (cost_line));

  return chart;
}

static GtkWindow *
present (GlauxChart *chart)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_set_child (window, GTK_WIDGET (chart));
  gtk_window_present (window);

  /* Mapped, allocated, and every series downsampled for this width. */
  while (!glaux_chart_is_prepared (chart) || !gtk_widget_get_mapped (GTK_WIDGET (chart)))
    {
      if (g_get_monotonic_time () > deadline)
        glaux_bench_fail ("bench-chart: the chart was not ready within a minute");
      g_main_context_iteration (NULL, TRUE);
    }

  return window;
}

typedef enum
{
  FRAMES_REPAINT,  /* the empty chart, drawn afresh every frame */
  FRAMES_HOVER,    /* (a) the pointer moves over the plot */
  FRAMES_LIVE,     /* (b) one more sample per series, then the frame that draws it */
} FramesKind;

typedef enum
{
  LIVE_APPEND,
  LIVE_WAIT_COLUMNS,
  LIVE_TIMING,
} LiveState;

typedef struct
{
  GtkWidget          *widget;
  FramesKind          kind;
  Session            *session;
  GtkEventController *motion;
  double             *samples;
  double             *latencies;
  int                 wanted;
  int                 count;
  int                 skip;
  guint               tick;
  LiveState           live;
  gint64              appended;
  gint64              paint_start;
} FrameTimer;

/* The update phase runs the tick callbacks; timing starts at its end and covers layout and
 * paint, where GTK snapshots the window and renders and presents it. */
static void
frame_update_cb (GdkFrameClock *clock,
                 FrameTimer    *timer)
{
  if (timer->kind != FRAMES_LIVE)
    {
      timer->paint_start = g_get_monotonic_time ();
      return;
    }

  /* Every series holds columns for the grown range: this frame draws them. */
  if (timer->live == LIVE_WAIT_COLUMNS && glaux_chart_is_prepared (GLAUX_CHART (timer->widget)))
    {
      timer->live = LIVE_TIMING;
      timer->paint_start = g_get_monotonic_time ();
    }
}

static void
frame_after_paint_cb (GdkFrameClock *clock,
                      FrameTimer    *timer)
{
  gint64 now = g_get_monotonic_time ();

  if (timer->paint_start == 0)
    return;

  if (timer->skip > 0)
    {
      timer->skip--;
    }
  else if (timer->count < timer->wanted)
    {
      timer->samples[timer->count] = (now - timer->paint_start) / 1000.0;
      if (timer->latencies != NULL)
        timer->latencies[timer->count] = (now - timer->appended) / 1000.0;
      timer->count++;
    }

  timer->paint_start = 0;
  timer->live = LIVE_APPEND;
}

static gboolean
frames_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  FrameTimer *timer = user_data;
  graphene_rect_t plot;

  switch (timer->kind)
    {
    case FRAMES_REPAINT:
      /* A new title makes the chart draw itself afresh (after this frame: the next one). */
      glaux_chart_set_title (GLAUX_CHART (widget),
                             timer->tick % 2 ? "Session DPUs and cost" : "Session DPUs and cost ");
      break;

    case FRAMES_HOVER:
      /* What the pointer moving across the plot does: the marker follows it. */
      glaux_chart_get_plot_area (GLAUX_CHART (widget), &plot);
      g_signal_emit_by_name (timer->motion, "motion",
                             plot.origin.x + (timer->tick * 7) % (int)plot.size.width,
                             plot.origin.y + plot.size.height / 2);
      break;

    case FRAMES_LIVE:
      if (timer->live == LIVE_APPEND)
        {
          timer->appended = g_get_monotonic_time ();
          session_append (timer->session);
          timer->live = LIVE_WAIT_COLUMNS;
        }
      break;

    default:
      g_assert_not_reached ();
    }
  timer->tick++;

  return G_SOURCE_CONTINUE;
}

static GtkEventController *
find_motion_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        return controller;
    }

  glaux_bench_fail ("bench-chart: the chart has no motion controller");
}

/* Real frames of the window: snapshot, render with GTK's renderer, present. */
static Spread
time_window_frames (GtkWidget  *widget,
                    FramesKind  kind,
                    Session    *session,
                    Spread     *latency)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autofree double *samples = g_new (double, frames);
  g_autofree double *latencies = latency != NULL ? g_new (double, frames) : NULL;
  FrameTimer timer = {
    widget, kind, session, NULL, samples, latencies, frames, 0, WARM_UP, 0, LIVE_APPEND, 0, 0
  };
  gulong update_id;
  gulong after_paint_id;
  guint tick_id;

  if (kind == FRAMES_HOVER)
    timer.motion = find_motion_controller (widget);

  update_id = g_signal_connect_after (clock, "update", G_CALLBACK (frame_update_cb), &timer);
  after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_after_paint_cb),
                                     &timer);
  tick_id = gtk_widget_add_tick_callback (widget, frames_tick_cb, &timer, NULL);

  while (timer.count < timer.wanted)
    g_main_context_iteration (NULL, TRUE);

  /* The timer lives on this stack: nothing may call back into it later. */
  gtk_widget_remove_tick_callback (widget, tick_id);
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, after_paint_id);

  if (kind == FRAMES_HOVER)
    g_signal_emit_by_name (timer.motion, "leave");
  if (latency != NULL)
    *latency = spread (latencies, frames);

  return spread (samples, frames);
}

/* Spins the main loop until the chart has taken in every change. */
static void
wait_prepared (GlauxChart *chart)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!glaux_chart_is_prepared (chart))
    {
      if (g_get_monotonic_time () > deadline)
        glaux_bench_fail ("bench-chart: the chart did not take in a change within a minute");
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The chart's own share, without the window: its snapshot vfunc drawing it afresh (a changed
 * title makes it), and its nodes rendered with the software cairo renderer (so GL upload and
 * presentation are left out). */
static Spread
time_offscreen_frames (GtkWidget *widget,
                       double    *snapshot_ms)
{
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autofree double *samples = g_new (double, frames);
  g_autoptr(GError) error = NULL;
  double snapshot_total = 0;

  if (!gsk_renderer_realize (renderer, NULL, &error))
    glaux_bench_fail ("bench-chart: could not set up the cairo renderer: %s", error->message);

  for (int i = 0; i < frames; i++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gint64 start;
      gint64 middle;

      glaux_chart_set_title (GLAUX_CHART (widget),
                             i % 2 ? "Session DPUs and cost" : "Session DPUs and cost ");
      wait_prepared (GLAUX_CHART (widget));
      start = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      middle = g_get_monotonic_time ();
      if (node == NULL)
        glaux_bench_fail ("bench-chart: the chart drew nothing");
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0,
                                                                  gtk_widget_get_width (widget),
                                                                  gtk_widget_get_height (widget)));
      samples[i] = (g_get_monotonic_time () - start) / 1000.0;
      snapshot_total += (middle - start) / 1000.0;
    }

  gsk_renderer_unrealize (renderer);
  *snapshot_ms = snapshot_total / frames;

  return spread (samples, frames);
}

/* What drawing without downsampling costs: every sample a path point. */
static double
time_naive (Session *session)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  GlauxChartSeries *all[] = { session->coordinator, session->executors, session->cost };
  double scale[] = { HEIGHT / 40.0, HEIGHT / 40.0, HEIGHT / 150.0 };
  double x_scale = (double)WIDTH / ((gint64)n_samples * 100 * 1000);
  gint64 start = g_get_monotonic_time ();

  for (guint s = 0; s < G_N_ELEMENTS (all); s++)
    {
      guint n = glaux_chart_series_get_n_samples (all[s]);

      for (guint i = 0; i < n; i++)
        {
          gint64 time;
          double value;

          glaux_chart_series_get_sample (all[s], i, &time, &value);
          cairo_line_to (cr, (time - T0) * x_scale, HEIGHT - value * scale[s]);
        }
      cairo_set_source_rgb (cr, 0.2, 0.5, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  cairo_surface_flush (surface);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_downsample (GlauxChartSeries *series)
{
  g_autofree double *samples = g_new (double, 5);
  gint64 first;
  gint64 last;

  glaux_chart_series_get_extent (series, &first, &last);
  for (int i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GlauxChartColumns) columns = glaux_chart_series_downsample (series, first, last,
                                                                            WIDTH);

      samples[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  return spread (samples, 5).median;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- session chart frame time");
  g_auto(GStrv) original_argv = g_strdupv (argv);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxChart) empty = NULL;
  g_autoptr(GlauxChart) chart = NULL;
  g_autofree double *naive = NULL;
  GtkWindow *empty_window;
  GtkWindow *chart_window;
  Spread live_frame;
  Spread live_latency;
  Spread hover_frame;
  Spread empty_frame;
  Spread offscreen_frame;
  Spread naive_spread;
  Session session;
  double snapshot_ms;
  double downsample_ms;
  gboolean met = TRUE;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-chart: %s\n", error->message);
      return 2;
    }
  if (n_samples < 2 || frames < 1 || naive_runs < 1)
    {
      g_printerr ("bench-chart: --samples must be at least 2, "
                  "--frames and --naive-runs at least 1\n");
      return 2;
    }

  glaux_ui_choose_renderer ();
  if (!gtk_init_check ())
    {
      glaux_bench_run_under_xvfb (original_argv, FALSE);
      glaux_bench_fail ("bench-chart: no display could be opened, even under Xvfb");
    }
  adw_init ();

  session = session_new (n_samples);

  /* The same widget with nothing to draw but its title and "No data yet", drawn afresh. */
  empty = g_object_ref_sink (glaux_chart_new ());
  glaux_chart_set_title (empty, "Session DPUs and cost");
  empty_window = present (empty);
  empty_frame = time_window_frames (GTK_WIDGET (empty), FRAMES_REPAINT, NULL, NULL);
  gtk_window_destroy (empty_window);

  chart = g_object_ref_sink (session_chart_new (&session));
  chart_window = present (chart);
  hover_frame = time_window_frames (GTK_WIDGET (chart), FRAMES_HOVER, NULL, NULL);
  live_frame = time_window_frames (GTK_WIDGET (chart), FRAMES_LIVE, &session, &live_latency);
  offscreen_frame = time_offscreen_frames (GTK_WIDGET (chart), &snapshot_ms);

  /* Every sample a path point. */
  naive = g_new (double, naive_runs);
  for (int i = 0; i < naive_runs; i++)
    naive[i] = time_naive (&session);
  naive_spread = spread (naive, naive_runs);

  downsample_ms = time_downsample (session.executors);

  g_print ("RESULT chart renderer=%s size=%dx%d samples_per_series=%d series=3 frames=%d\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (chart_window))),
           WIDTH, HEIGHT, n_samples, frames);
  g_print ("RESULT chart empty_chart_repaint median_ms=%.3f p90_ms=%.3f min_ms=%.3f max_ms=%.3f\n",
           empty_frame.median, empty_frame.p90, empty_frame.min, empty_frame.max);
  g_print ("RESULT chart naive_draw_no_downsampling median_ms=%.2f min_ms=%.2f max_ms=%.2f "
           "runs=%d\n", naive_spread.median, naive_spread.min, naive_spread.max, naive_runs);
  g_print ("RESULT chart downsample_off_frame median_ms=%.2f columns=%d samples=%d\n",
           downsample_ms, WIDTH, n_samples);
  g_print ("RESULT chart chart_only_cairo_renderer median_ms=%.3f p90_ms=%.3f min_ms=%.3f "
           "max_ms=%.3f snapshot_mean_ms=%.3f\n", offscreen_frame.median, offscreen_frame.p90,
           offscreen_frame.min, offscreen_frame.max, snapshot_ms);

  g_print ("RESULT chart redraw_frame_hover median_ms=%.3f p90_ms=%.3f min_ms=%.3f "
           "max_ms=%.3f\n", hover_frame.median, hover_frame.p90, hover_frame.min, hover_frame.max);
  g_print ("RESULT chart live_update_frame median_ms=%.3f p90_ms=%.3f min_ms=%.3f max_ms=%.3f\n",
           live_frame.median, live_frame.p90, live_frame.min, live_frame.max);
  g_print ("RESULT chart live_update_append_to_drawn median_ms=%.3f p90_ms=%.3f min_ms=%.3f "
           "max_ms=%.3f\n", live_latency.median, live_latency.p90, live_latency.min,
           live_latency.max);

  /* (b) The frame that draws new data is the one the target is about. */
  met &= glaux_bench_report (&(GlauxBenchFigure) {
    .id = "chart-frame-1m",
    .what = "Session chart live-update frame (one more sample per series drawn), "
            "1,000,000 samples per series (1000 × 400 window)",
    .glaux = live_frame.median,
    .reference_name = "an empty chart's full repaint",
    .reference = empty_frame.median,
    .unit = "ms",
    .ratio = live_frame.median / MAX (empty_frame.median, 0.001),
    .ratio_of = "Glaux ÷ empty chart",
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .target = TARGET_FRAME_MS,
    .spread = { live_frame.median, live_frame.min, live_frame.max, frames },
  });
  /* (a) */
  met &= glaux_bench_report (&(GlauxBenchFigure) {
    .id = "chart-redraw-1m",
    .what = "Session chart redraw frame while hovering, 1,000,000 samples per series "
            "(1000 × 400 window)",
    .glaux = hover_frame.median,
    .reference_name = "an empty chart's full repaint",
    .reference = empty_frame.median,
    .unit = "ms",
    .ratio = hover_frame.median / MAX (empty_frame.median, 0.001),
    .ratio_of = "Glaux ÷ empty chart",
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .target = TARGET_FRAME_MS,
    .spread = { hover_frame.median, hover_frame.min, hover_frame.max, frames },
  });
  glaux_bench_report (&(GlauxBenchFigure) {
    .id = "chart-vs-naive",
    .what = "Session chart live-update frame against stroking every sample without "
            "downsampling",
    .glaux = live_frame.median,
    .reference_name = "naive cairo drawing",
    .reference = naive_spread.median,
    .unit = "ms",
    .ratio = live_frame.median / MAX (naive_spread.median, 0.001),
    .ratio_of = "Glaux ÷ naive",
    .target_on = GLAUX_BENCH_TARGET_NONE,
    .spread = { live_frame.median, live_frame.min, live_frame.max, frames },
  });

  gtk_window_destroy (chart_window);
  session_clear (&session);

  return met ? 0 : GLAUX_BENCH_EXIT_MISSED;
}
