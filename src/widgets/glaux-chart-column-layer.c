/* glaux-chart-column-layer.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-column-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "glaux-chart-column-layer.h"
#include "glaux-chart-value-axis.h"

/* The share of a bucket a bar leaves free, so neighbouring days stay apart. */
#define BAR_GAP 0.3

struct _GlauxChartColumnLayer
{
  GlauxChartLayer parent_instance;

  GTimeSpan       bucket;
};

G_DEFINE_FINAL_TYPE (GlauxChartColumnLayer, glaux_chart_column_layer, GLAUX_TYPE_CHART_LAYER)

static void
glaux_chart_column_layer_draw (GlauxChartLayer       *layer,
                               cairo_t               *cr,
                               const GlauxChartFrame *frame)
{
  GlauxChartColumnLayer *self = GLAUX_CHART_COLUMN_LAYER (layer);
  GlauxChartValueAxis *axis = glaux_chart_layer_get_value_axis (layer);
  GlauxChartColumns *columns = glaux_chart_layer_get_columns (layer);
  double bucket_width;
  double bar_width;
  double axis_min;
  double axis_max;
  double zero_y;
  GdkRGBA color;

  if (axis == NULL || columns == NULL || columns->n_present == 0)
    return;

  glaux_chart_layer_get_color (layer, frame, &color);
  glaux_chart_value_axis_get_range (axis, &axis_min, &axis_max);
  zero_y = glaux_chart_value_axis_value_to_y (axis, frame, CLAMP (0, axis_min, axis_max));

  bucket_width = glaux_chart_frame_time_to_x (frame, frame->t0 + self->bucket) -
                 glaux_chart_frame_time_to_x (frame, frame->t0);
  bar_width = bucket_width >= 4 ? bucket_width * (1 - BAR_GAP) : MAX (bucket_width, 1);

  cairo_rectangle (cr, frame->plot.origin.x, frame->plot.origin.y,
                   frame->plot.size.width, frame->plot.size.height);
  cairo_clip (cr);

  for (guint i = 0; i < columns->n_columns; i++)
    {
      gint64 start;
      double x;
      double y;

      if (isnan (columns->max[i]))
        continue;

      /* The column's start is within a pixel of the sample's own time. */
      start = columns->t0 + (gint64)((double)i * (columns->t1 - columns->t0) / columns->n_columns);
      x = glaux_chart_frame_time_to_x (frame, start) + (bucket_width - bar_width) / 2;
      y = glaux_chart_value_axis_value_to_y (axis, frame, columns->max[i]);
      cairo_rectangle (cr, round (x), MIN (y, zero_y),
                       MAX (round (bar_width), 1), fabs (zero_y - y));
    }

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);
}

static gboolean
glaux_chart_column_layer_get_value_extent (GlauxChartLayer *layer,
                                           double          *min,
                                           double          *max)
{
  GlauxChartColumns *columns = glaux_chart_layer_get_columns (layer);

  if (columns == NULL || columns->n_present == 0)
    return FALSE;

  /* Bars grow from zero. */
  *min = MIN (columns->value_min, 0);
  *max = MAX (columns->value_max, 0);

  return TRUE;
}

static gboolean
glaux_chart_column_layer_get_time_extent (GlauxChartLayer *layer,
                                          gint64          *first,
                                          gint64          *last)
{
  GlauxChartColumnLayer *self = GLAUX_CHART_COLUMN_LAYER (layer);
  GlauxChartSeries *series = glaux_chart_layer_get_series (layer);

  if (series == NULL || !glaux_chart_series_get_extent (series, first, last))
    return FALSE;

  /* The last bar covers its whole bucket. */
  *last += self->bucket;

  return TRUE;
}

static void
glaux_chart_column_layer_describe (GlauxChartLayer *layer,
                                   gint64           time,
                                   GString         *text)
{
  GlauxChartColumnLayer *self = GLAUX_CHART_COLUMN_LAYER (layer);
  GlauxChartSeries *series = glaux_chart_layer_get_series (layer);
  GlauxChartValueAxis *axis = glaux_chart_layer_get_value_axis (layer);
  const char *title = glaux_chart_layer_get_title (layer);
  g_autofree char *formatted = NULL;
  gint64 start;
  double value;

  if (series == NULL || axis == NULL ||
      !glaux_chart_series_lookup (series, time, &start, &value) || time >= start + self->bucket)
    return;

  formatted = glaux_chart_value_axis_format_value (axis, value);
  if (text->len > 0)
    g_string_append_c (text, '\n');
  /* Translators: a tooltip line of a chart, "<series>: <value>", e.g. "Cost: $4.20". */
  g_string_append_printf (text, _("%s: %s"), title != NULL ? title : "", formatted);
}

static void
glaux_chart_column_layer_class_init (GlauxChartColumnLayerClass *klass)
{
  GlauxChartLayerClass *layer_class = GLAUX_CHART_LAYER_CLASS (klass);

  layer_class->draw = glaux_chart_column_layer_draw;
  layer_class->get_value_extent = glaux_chart_column_layer_get_value_extent;
  layer_class->get_time_extent = glaux_chart_column_layer_get_time_extent;
  layer_class->describe = glaux_chart_column_layer_describe;
}

static void
glaux_chart_column_layer_init (GlauxChartColumnLayer *self)
{
  self->bucket = G_TIME_SPAN_DAY;
}

GlauxChartColumnLayer *
glaux_chart_column_layer_new (GlauxChartSeries    *series,
                              GlauxChartValueAxis *axis,
                              const char          *title)
{
  return g_object_new (GLAUX_TYPE_CHART_COLUMN_LAYER,
                       "series", series,
                       "value-axis", axis,
                       "title", title,
                       NULL);
}

GTimeSpan
glaux_chart_column_layer_get_bucket (GlauxChartColumnLayer *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_COLUMN_LAYER (self), 0);

  return self->bucket;
}

void
glaux_chart_column_layer_set_bucket (GlauxChartColumnLayer *self,
                                     GTimeSpan              bucket)
{
  g_return_if_fail (GLAUX_IS_CHART_COLUMN_LAYER (self));
  g_return_if_fail (bucket > 0);

  self->bucket = bucket;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}
