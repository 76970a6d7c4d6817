/* bench-results-view.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-results"

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <time.h>

#include "bench-results-view.h"
#include "glaux-resources.h"
#include "glaux-result-loader.h"
#include "glaux-result-view.h"
#include "glaux-ui-util.h"

/* Issue 6's frame target: a result streamed into a visible GtkColumnView (a GlauxResultView in
 * a 1100 × 700 window, as on a session page) while GlauxResultLoader downloads and parses it.
 * A frame is the frame clock's before-paint to after-paint: the view's per-frame flush of new
 * rows (its tick callback), layout, snapshot, render and present. The interval between two
 * frames' ends also counts what runs on the main thread between them (the loader appending
 * rows), which is what a user would feel as a stall. The window draws with the renderer Glaux
 * itself picks on this machine (glaux_ui_choose_renderer(): GTK's cairo renderer when there is
 * no GPU, as under Xvfb; GSK_RENDERER=gl measures GL on Mesa's software rasteriser instead). */

#define WIDTH  1100
#define HEIGHT 700

typedef struct
{
  GArray *frames;          /* double, ms */
  gint64  frame_start;
  gint64  layout_end;
  gint64  paint_end;
  gint64  frame_start_cpu;
  gint64  worst_frame_cpu;
  gint64  last_frame_end;
  gint64  worst_interval;
  double  worst_ms;
  double  worst_phases[3]; /* the longest frame's update (the view's flush) and layout, its
                            * paint (snapshot, render, present), and what follows */
} FrameLog;

static GtkWindow *window;
static GlauxResultView *view;

gboolean
bench_results_view_init (char **argv)
{
  /* The renderer Glaux itself would use on this machine (see glaux_ui_choose_renderer()). */
  glaux_ui_choose_renderer ();
  if (!gtk_init_check ())
    {
      glaux_bench_run_under_xvfb (argv, FALSE);
      return FALSE;
    }
  adw_init ();
  /* The view's template and style: the static library's resource is not registered by itself. */
  glaux_register_resource ();

  return TRUE;
}

/* CPU time of the main thread: a frame's own work, without its waits for a core. */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 FrameLog      *log)
{
  log->frame_start = g_get_monotonic_time ();
  log->frame_start_cpu = thread_cpu_time ();
}

/* These two run after GTK's own handlers of the phase: they mark its end. */
static void
layout_cb (GdkFrameClock *clock,
           FrameLog      *log)
{
  log->layout_end = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          FrameLog      *log)
{
  log->paint_end = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameLog      *log)
{
  gint64 now = g_get_monotonic_time ();
  double ms = (now - log->frame_start) / 1000.0;
  /* A frame with nothing to lay out or paint skips those phases: they end where they began. */
  gint64 layout_end = MAX (log->layout_end, log->frame_start);
  gint64 paint_end = MAX (log->paint_end, layout_end);

  if (log->frame_start == 0)
    return;
  if (ms > log->worst_ms)
    {
      log->worst_ms = ms;
      log->worst_phases[0] = (layout_end - log->frame_start) / 1000.0;
      log->worst_phases[1] = (paint_end - layout_end) / 1000.0;
      log->worst_phases[2] = (now - paint_end) / 1000.0;
    }
  g_array_append_val (log->frames, ms);
  log->worst_frame_cpu = MAX (log->worst_frame_cpu, thread_cpu_time () - log->frame_start_cpu);
  if (log->last_frame_end != 0)
    log->worst_interval = MAX (log->worst_interval, now - log->last_frame_end);
  log->last_frame_end = now;
}

static void
frame_log_attach (FrameLog *log)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  *log = (FrameLog) { g_array_new (FALSE, FALSE, sizeof (double)), 0, };
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), log);
  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), log);
  g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), log);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), log);
}

static void
frame_log_detach (FrameLog *log)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_signal_handlers_disconnect_by_data (clock, log);
}

static gboolean
window_is_drawn (gpointer data)
{
  guint *frames = data;

  return --(*frames) == 0 ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  gtk_widget_queue_draw (widget);

  return window_is_drawn (user_data);
}

/* Waits for @n frames of the window, each with a full redraw of the view. */
static void
wait_frames (guint n)
{
  guint left = n;

  gtk_widget_add_tick_callback (GTK_WIDGET (view), count_frame_cb, &left, NULL);
  while (left > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
present_view (GlauxResultTable *table)
{
  bench_results_view_close ();
  view = glaux_result_view_new ();
  glaux_result_view_set_table (view, table);
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    g_main_context_iteration (NULL, TRUE);
  wait_frames (5);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return (da > db) - (da < db);
}

static void
loader_finished_cb (GlauxResultLoader *loader,
                    gboolean          *finished)
{
  *finished = TRUE;
}

/**
 * bench_results_view_ingest:
 *
 * Downloads @s3_uri into a new table shown by a new view, timing every frame from the start
 * of the download until the view's model holds all @expected_rows rows.
 */
BenchViewIngest
bench_results_view_ingest (GlauxS3Client *s3,
                           const char    *s3_uri,
                           guint          expected_rows)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  BenchViewIngest result = { 0 };
  gboolean finished = FALSE;
  FrameLog log;
  gint64 start;

  present_view (table);
  loader = glaux_result_loader_new (s3, s3_uri, "text/csv", table, 0);
  g_signal_connect (loader, "finished", G_CALLBACK (loader_finished_cb), &finished);

  frame_log_attach (&log);
  start = g_get_monotonic_time ();
  glaux_result_loader_start (loader);
  while (!finished || g_list_model_get_n_items (G_LIST_MODEL (table)) < expected_rows)
    {
      if (finished && glaux_result_loader_get_state (loader) != GLAUX_RESULT_LOADER_DONE)
        glaux_bench_fail ("The loader failed: %s",
                          glaux_result_loader_get_error (loader)->message);
      g_main_context_iteration (NULL, TRUE);
    }
  result.ingest_ms = (g_get_monotonic_time () - start) / 1000.0;
  frame_log_detach (&log);

  if (glaux_result_table_get_n_rows (table) != expected_rows)
    glaux_bench_fail ("The view's table has %u rows, expected %u",
                      glaux_result_table_get_n_rows (table), expected_rows);
  if (log.frames->len < 3)
    glaux_bench_fail ("Only %u frames while ingesting: the view did not keep drawing",
                      log.frames->len);

  g_array_sort (log.frames, compare_doubles);
  result.n_frames = log.frames->len;
  result.median_frame_ms = g_array_index (log.frames, double, log.frames->len / 2);
  result.worst_frame_ms = g_array_index (log.frames, double, log.frames->len - 1);
  result.worst_interval_ms = log.worst_interval / 1000.0;
  result.worst_frame_cpu_ms = log.worst_frame_cpu / 1000.0;
  memcpy (result.worst_phases_ms, log.worst_phases, sizeof log.worst_phases);
  g_array_unref (log.frames);

  return result;
}

/**
 * bench_results_view_redraw:
 *
 * The reference: the median frame of the last view, its table full and nothing arriving,
 * redrawn @n_frames times.
 */
double
bench_results_view_redraw (guint n_frames)
{
  FrameLog log;
  double median;

  g_assert (view != NULL);
  wait_frames (5);
  frame_log_attach (&log);
  wait_frames (n_frames);
  frame_log_detach (&log);
  if (log.frames->len == 0)
    glaux_bench_fail ("The view drew no frame when asked to redraw");

  g_array_sort (log.frames, compare_doubles);
  median = g_array_index (log.frames, double, log.frames->len / 2);
  g_print ("redraw (%s): median frame %.1f ms; the longest %.1f ms (update and layout %.1f, "
           "paint %.1f, after %.1f)\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), median, log.worst_ms, log.worst_phases[0], log.worst_phases[1],
           log.worst_phases[2]);
  g_array_unref (log.frames);

  return median;
}

void
bench_results_view_close (void)
{
  if (window != NULL)
    gtk_window_destroy (window);
  window = NULL;
  view = NULL;
}
