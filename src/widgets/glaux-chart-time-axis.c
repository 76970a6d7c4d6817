/* glaux-chart-time-axis.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-time-axis"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "glaux-chart-time-axis.h"

#define LABEL_GAP 6.0
/* Free room between neighbouring labels. */
#define LABEL_SPACING 28.0

typedef struct
{
  gint64       time;
  PangoLayout *layout;
} Tick;

struct _GlauxChartTimeAxis
{
  GlauxChartLayer  parent_instance;

  GArray          *ticks;
  gint64           t0;
  gint64           t1;
  gint64           step;
  guint            has_range : 1;
};

G_DEFINE_FINAL_TYPE (GlauxChartTimeAxis, glaux_chart_time_axis, GLAUX_TYPE_CHART_LAYER)

/* Steps in seconds, each a round number on a clock or a calendar. */
static const gint64 steps[] = {
  1, 2, 5, 10, 15, 30,
  60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
  3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400,
};

static void
tick_clear (gpointer data)
{
  g_clear_object (&((Tick *)data)->layout);
}

static char *
format_tick (gint64 time,
             gint64 step_seconds)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  if (local == NULL)
    return g_strdup ("");

  /* Midnight or a step of days: the date is what matters. */
  if (step_seconds >= 86400 ||
      (g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0 &&
       g_date_time_get_second (local) == 0))
    /* Translators: a date on a chart's time axis, see g_date_time_format(); e.g. "3 Nov". */
    return g_date_time_format (local, C_("chart time axis", "%-d %b"));

  if (step_seconds < 60)
    /* Translators: a time of day with seconds on a chart's time axis. */
    return g_date_time_format (local, C_("chart time axis", "%H:%M:%S"));

  /* Translators: a time of day on a chart's time axis. */
  return g_date_time_format (local, C_("chart time axis", "%H:%M"));
}

/* The widest label a step can produce, to keep labels apart. */
static double
label_width (const GlauxChartFrame *frame,
             gint64                 step_seconds)
{
  g_autofree char *text = format_tick (frame->t1, step_seconds);
  g_autoptr(PangoLayout) layout = glaux_chart_frame_create_layout (frame, text, FALSE);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

static void
glaux_chart_time_axis_measure (GlauxChartLayer       *layer,
                               const GlauxChartFrame *frame,
                               GtkBorder             *margins)
{
  g_autoptr(PangoLayout) layout = glaux_chart_frame_create_layout (frame, "0", FALSE);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  margins->bottom = MAX (margins->bottom, height + LABEL_GAP * 2);
}

static void
glaux_chart_time_axis_layout (GlauxChartLayer       *layer,
                              const GlauxChartFrame *frame)
{
  GlauxChartTimeAxis *self = GLAUX_CHART_TIME_AXIS (layer);
  double span_seconds = (double)(frame->t1 - frame->t0) / G_USEC_PER_SEC;
  double width = MAX (frame->plot.size.width, 1);
  gint64 step = steps[G_N_ELEMENTS (steps) - 1];
  g_autoptr(GDateTime) start = NULL;
  gint64 offset;
  gint64 first;

  g_array_set_size (self->ticks, 0);
  if (span_seconds <= 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double pixels = steps[i] / span_seconds * width;

      if (pixels >= label_width (frame, steps[i]) + LABEL_SPACING)
        {
          step = steps[i];
          break;
        }
    }
  self->step = step;

  /* Round in local time so ticks fall on the hour and at local midnight. */
  start = g_date_time_new_from_unix_local (frame->t0 / G_USEC_PER_SEC);
  offset = start != NULL ? g_date_time_get_utc_offset (start) / G_USEC_PER_SEC : 0;
  first = frame->t0 / G_USEC_PER_SEC + offset;
  first = ((first + step - 1) / step) * step - offset;

  for (gint64 t = first; t * G_USEC_PER_SEC <= frame->t1; t += step)
    {
      g_autofree char *text = format_tick (t * G_USEC_PER_SEC, step);
      Tick tick = { t * G_USEC_PER_SEC, glaux_chart_frame_create_layout (frame, text, FALSE) };

      g_array_append_val (self->ticks, tick);
    }
}

static void
glaux_chart_time_axis_draw (GlauxChartLayer       *layer,
                            cairo_t               *cr,
                            const GlauxChartFrame *frame)
{
  GlauxChartTimeAxis *self = GLAUX_CHART_TIME_AXIS (layer);
  const graphene_rect_t *plot = &frame->plot;
  double bottom = plot->origin.y + plot->size.height;
  double previous_end = -G_MAXDOUBLE;

  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, frame->foreground.red, frame->foreground.green,
                         frame->foreground.blue, 0.12);
  for (guint i = 0; i < self->ticks->len; i++)
    {
      gint64 time = g_array_index (self->ticks, Tick, i).time;
      double x = round (glaux_chart_frame_time_to_x (frame, time)) + 0.5;

      cairo_move_to (cr, x, plot->origin.y);
      cairo_line_to (cr, x, bottom);
    }
  cairo_stroke (cr);

  /* The base line of the plot. */
  cairo_set_source_rgba (cr, frame->foreground.red, frame->foreground.green,
                         frame->foreground.blue, 0.4);
  cairo_move_to (cr, plot->origin.x, round (bottom) + 0.5);
  cairo_line_to (cr, plot->origin.x + plot->size.width, round (bottom) + 0.5);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &frame->foreground);
  for (guint i = 0; i < self->ticks->len; i++)
    {
      const Tick *tick = &g_array_index (self->ticks, Tick, i);
      double x = glaux_chart_frame_time_to_x (frame, tick->time);
      int width;

      pango_layout_get_pixel_size (tick->layout, &width, NULL);
      x = CLAMP (x - width / 2.0, 0, frame->width - width);
      /* A midnight label can be wider than its neighbours: never overlap. */
      if (x < previous_end + LABEL_GAP)
        continue;

      cairo_move_to (cr, x, bottom + LABEL_GAP);
      pango_cairo_show_layout (cr, tick->layout);
      previous_end = x + width;
    }
}

static gboolean
glaux_chart_time_axis_get_time_extent (GlauxChartLayer *layer,
                                       gint64          *first,
                                       gint64          *last)
{
  GlauxChartTimeAxis *self = GLAUX_CHART_TIME_AXIS (layer);

  if (!self->has_range)
    return FALSE;

  *first = self->t0;
  *last = self->t1;

  return TRUE;
}

static void
glaux_chart_time_axis_finalize (GObject *object)
{
  GlauxChartTimeAxis *self = (GlauxChartTimeAxis *)object;

  g_clear_pointer (&self->ticks, g_array_unref);

  G_OBJECT_CLASS (glaux_chart_time_axis_parent_class)->finalize (object);
}

static void
glaux_chart_time_axis_class_init (GlauxChartTimeAxisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GlauxChartLayerClass *layer_class = GLAUX_CHART_LAYER_CLASS (klass);

  object_class->finalize = glaux_chart_time_axis_finalize;

  layer_class->measure = glaux_chart_time_axis_measure;
  layer_class->layout = glaux_chart_time_axis_layout;
  layer_class->draw = glaux_chart_time_axis_draw;
  layer_class->get_time_extent = glaux_chart_time_axis_get_time_extent;
}

static void
glaux_chart_time_axis_init (GlauxChartTimeAxis *self)
{
  self->ticks = g_array_new (FALSE, TRUE, sizeof (Tick));
  g_array_set_clear_func (self->ticks, tick_clear);
}

GlauxChartTimeAxis *
glaux_chart_time_axis_new (void)
{
  return g_object_new (GLAUX_TYPE_CHART_TIME_AXIS, NULL);
}

/* Shows exactly [@t0, @t1] (µs since the epoch), whatever the data. */
void
glaux_chart_time_axis_set_range (GlauxChartTimeAxis *self,
                                 gint64              t0,
                                 gint64              t1)
{
  g_return_if_fail (GLAUX_IS_CHART_TIME_AXIS (self));
  g_return_if_fail (t0 < t1);

  self->t0 = t0;
  self->t1 = t1;
  self->has_range = TRUE;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

/* Back to spanning the data, growing with live updates. */
void
glaux_chart_time_axis_unset_range (GlauxChartTimeAxis *self)
{
  g_return_if_fail (GLAUX_IS_CHART_TIME_AXIS (self));

  self->has_range = FALSE;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

gboolean
glaux_chart_time_axis_get_range (GlauxChartTimeAxis *self,
                                 gint64             *t0,
                                 gint64             *t1)
{
  g_return_val_if_fail (GLAUX_IS_CHART_TIME_AXIS (self), FALSE);

  return glaux_chart_time_axis_get_time_extent (GLAUX_CHART_LAYER (self), t0, t1);
}

/* The tick step chosen by the last layout, in seconds. */
gint64
glaux_chart_time_axis_get_step (GlauxChartTimeAxis *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_TIME_AXIS (self), 0);

  return self->step;
}
