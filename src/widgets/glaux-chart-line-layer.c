/* glaux-chart-line-layer.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-line-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "glaux-chart-line-layer.h"
#include "glaux-chart-value-axis.h"

#define FILL_ALPHA 0.35
#define LINE_WIDTH 1.5

struct _GlauxChartLineLayer
{
  GlauxChartLayer      parent_instance;

  GlauxChartLineLayer *stack_on;
  gulong               stack_prepared_id;

  /* What is drawn: the columns plus the base's values when stacked, and the base itself. */
  GlauxChartColumns   *top;
  double              *baseline;

  guint                fill : 1;
};

G_DEFINE_FINAL_TYPE (GlauxChartLineLayer, glaux_chart_line_layer, GLAUX_TYPE_CHART_LAYER)

enum {
  PROP_0,
  PROP_FILL,
  PROP_STACK_ON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
same_geometry (const GlauxChartColumns *a,
               const GlauxChartColumns *b)
{
  return a->t0 == b->t0 && a->t1 == b->t1 && a->n_columns == b->n_columns;
}

/* Adds the base's value in force at each column (its last one, carried forward) to ours. */
static GlauxChartColumns *
stack_columns (const GlauxChartColumns *own,
               const GlauxChartColumns *base,
               double                  *baseline)
{
  GlauxChartColumns *top = glaux_chart_columns_new (own->t0, own->t1, own->n_columns);
  double carried = 0;

  for (guint i = 0; i < own->n_columns; i++)
    {
      double under;

      if (!isnan (base->last[i]))
        {
          under = base->max[i];
          carried = base->last[i];
        }
      else
        {
          under = carried;
        }
      baseline[i] = under;

      if (isnan (own->first[i]))
        continue;

      top->first[i] = own->first[i] + under;
      top->min[i] = own->min[i] + under;
      top->max[i] = own->max[i] + under;
      top->last[i] = own->last[i] + under;
      top->value_min = MIN (top->value_min, top->min[i]);
      top->value_max = MAX (top->value_max, top->max[i]);
      top->n_present++;
    }

  if (top->n_present == 0)
    top->value_min = top->value_max = 0;

  return top;
}

static void
glaux_chart_line_layer_prepared (GlauxChartLayer *layer)
{
  GlauxChartLineLayer *self = GLAUX_CHART_LINE_LAYER (layer);
  GlauxChartColumns *own = glaux_chart_layer_get_columns (layer);
  GlauxChartColumns *base_top;

  if (own == NULL)
    {
      g_clear_pointer (&self->top, glaux_chart_columns_unref);
      g_clear_pointer (&self->baseline, g_free);
      return;
    }

  base_top = self->stack_on != NULL ? self->stack_on->top : NULL;
  if (self->stack_on != NULL && (base_top == NULL || !same_geometry (own, base_top)))
    {
      /* The base is still being computed for this geometry: keep what is drawn until it is. */
      if (self->top == NULL)
        self->top = glaux_chart_columns_ref (own);
      return;
    }

  g_clear_pointer (&self->top, glaux_chart_columns_unref);
  g_clear_pointer (&self->baseline, g_free);

  if (base_top == NULL)
    {
      self->top = glaux_chart_columns_ref (own);
      return;
    }

  self->baseline = g_new (double, own->n_columns);
  self->top = stack_columns (own, base_top, self->baseline);
}

static void
glaux_chart_line_layer_base_prepared_cb (GlauxChartLineLayer *self,
                                         GlauxChartLayer     *base)
{
  /* Our stacked values depend on the base's: redo them and tell the chart. */
  g_signal_emit_by_name (self, "prepared");
}

/* Feeds points to cairo, folding runs at the same height into their two ends: flat stretches
 * (a DPU count that holds for hours) cost two vertices instead of one per pixel. */
typedef struct
{
  cairo_t  *cr;
  double    last_y;
  double    pending_x;
  gboolean  started;
  gboolean  pending;
} PathBuilder;

static void
path_point (PathBuilder *path,
            double       x,
            double       y)
{
  if (path->started && fabs (y - path->last_y) < 1e-3)
    {
      path->pending_x = x;
      path->pending = TRUE;
      return;
    }

  if (path->pending)
    cairo_line_to (path->cr, path->pending_x, path->last_y);

  if (!path->started)
    cairo_move_to (path->cr, x, y);
  else
    cairo_line_to (path->cr, x, y);

  path->started = TRUE;
  path->pending = FALSE;
  path->last_y = y;
}

static void
path_flush (PathBuilder *path)
{
  if (path->pending)
    cairo_line_to (path->cr, path->pending_x, path->last_y);
  path->pending = FALSE;
}

static void
glaux_chart_line_layer_draw (GlauxChartLayer       *layer,
                             cairo_t               *cr,
                             const GlauxChartFrame *frame)
{
  GlauxChartLineLayer *self = GLAUX_CHART_LINE_LAYER (layer);
  GlauxChartValueAxis *axis = glaux_chart_layer_get_value_axis (layer);
  const GlauxChartColumns *top = self->top;
  const double *baseline = self->baseline;
  double axis_min;
  double axis_max;
  double zero_y;
  GdkRGBA color;
  guint n = top != NULL ? top->n_columns : 0;
  g_autofree double *xs = NULL;

  if (axis == NULL || top == NULL || top->n_present == 0)
    return;

  glaux_chart_layer_get_color (layer, frame, &color);
  glaux_chart_value_axis_get_range (axis, &axis_min, &axis_max);
  zero_y = glaux_chart_value_axis_value_to_y (axis, frame, CLAMP (0, axis_min, axis_max));

  cairo_rectangle (cr, frame->plot.origin.x, frame->plot.origin.y,
                   frame->plot.size.width, frame->plot.size.height);
  cairo_clip (cr);
  /* Bevel joins: as good as round at this width, and far cheaper on thousands of vertices. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);

  /* Column positions once, shared by the fill and the line. */
  xs = g_new (double, n);
  for (guint i = 0; i < n; i++)
    xs[i] = glaux_chart_frame_time_to_x (frame, glaux_chart_columns_get_time (top, i));

  if (self->fill)
    {
      PathBuilder path = { cr };
      guint last_present = 0;

      for (guint i = 0; i < n; i++)
        {
          if (isnan (top->max[i]))
            continue;

          path_point (&path, xs[i], glaux_chart_value_axis_value_to_y (axis, frame, top->max[i]));
          last_present = i;
        }
      path_flush (&path);

      /* Back along the bottom: the base layer's values, or zero. */
      path.started = FALSE;
      for (guint i = last_present + 1; i-- > 0;)
        {
          if (isnan (top->max[i]))
            continue;

          if (!path.started)
            {
              /* Continue the outline rather than starting a new sub-path. */
              path.started = TRUE;
              path.last_y = baseline != NULL
                              ? glaux_chart_value_axis_value_to_y (axis, frame, baseline[i])
                              : zero_y;
              cairo_line_to (cr, xs[i], path.last_y);
              continue;
            }
          path_point (&path, xs[i],
                      baseline != NULL
                        ? glaux_chart_value_axis_value_to_y (axis, frame, baseline[i])
                        : zero_y);
        }
      path_flush (&path);

      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, FILL_ALPHA);
      cairo_fill (cr);
    }

  {
    PathBuilder path = { cr };

    for (guint i = 0; i < n; i++)
      {
        if (isnan (top->first[i]))
          continue;

        path_point (&path, xs[i], glaux_chart_value_axis_value_to_y (axis, frame, top->first[i]));
        if (top->min[i] != top->max[i])
          {
            path_point (&path, xs[i], glaux_chart_value_axis_value_to_y (axis, frame, top->min[i]));
            path_point (&path, xs[i], glaux_chart_value_axis_value_to_y (axis, frame, top->max[i]));
          }
        path_point (&path, xs[i], glaux_chart_value_axis_value_to_y (axis, frame, top->last[i]));
      }
    path_flush (&path);
  }

  /* A single sample is a point, not a line: give it a dot. */
  if (top->n_present == 1)
    {
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_rel_line_to (cr, 0, 0);
      cairo_set_line_width (cr, LINE_WIDTH * 4);
    }
  else
    {
      cairo_set_line_width (cr, LINE_WIDTH);
    }
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_stroke (cr);
}

static gboolean
glaux_chart_line_layer_get_value_extent (GlauxChartLayer *layer,
                                         double          *min,
                                         double          *max)
{
  GlauxChartLineLayer *self = GLAUX_CHART_LINE_LAYER (layer);

  if (self->top == NULL || self->top->n_present == 0)
    return FALSE;

  *min = self->top->value_min;
  *max = self->top->value_max;

  return TRUE;
}

static void
glaux_chart_line_layer_describe (GlauxChartLayer *layer,
                                 gint64           time,
                                 GString         *text)
{
  GlauxChartSeries *series = glaux_chart_layer_get_series (layer);
  GlauxChartValueAxis *axis = glaux_chart_layer_get_value_axis (layer);
  const char *title = glaux_chart_layer_get_title (layer);
  g_autofree char *formatted = NULL;
  double value;

  if (series == NULL || axis == NULL || !glaux_chart_series_lookup (series, time, NULL, &value))
    return;

  formatted = glaux_chart_value_axis_format_value (axis, value);
  if (text->len > 0)
    g_string_append_c (text, '\n');
  /* Translators: a tooltip line of a chart, "<series>: <value>", e.g. "Executors: 12 DPU". */
  g_string_append_printf (text, _("%s: %s"), title != NULL ? title : "", formatted);
}

static void
glaux_chart_line_layer_dispose (GObject *object)
{
  GlauxChartLineLayer *self = (GlauxChartLineLayer *)object;

  glaux_chart_line_layer_set_stack_on (self, NULL);
  g_clear_pointer (&self->top, glaux_chart_columns_unref);
  g_clear_pointer (&self->baseline, g_free);

  G_OBJECT_CLASS (glaux_chart_line_layer_parent_class)->dispose (object);
}

static void
glaux_chart_line_layer_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GlauxChartLineLayer *self = GLAUX_CHART_LINE_LAYER (object);

  switch (prop_id)
    {
    case PROP_FILL:
      g_value_set_boolean (value, self->fill);
      break;

    case PROP_STACK_ON:
      g_value_set_object (value, self->stack_on);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_line_layer_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GlauxChartLineLayer *self = GLAUX_CHART_LINE_LAYER (object);

  switch (prop_id)
    {
    case PROP_FILL:
      glaux_chart_line_layer_set_fill (self, g_value_get_boolean (value));
      break;

    case PROP_STACK_ON:
      glaux_chart_line_layer_set_stack_on (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_line_layer_class_init (GlauxChartLineLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GlauxChartLayerClass *layer_class = GLAUX_CHART_LAYER_CLASS (klass);

  object_class->dispose = glaux_chart_line_layer_dispose;
  object_class->get_property = glaux_chart_line_layer_get_property;
  object_class->set_property = glaux_chart_line_layer_set_property;

  layer_class->draw = glaux_chart_line_layer_draw;
  layer_class->get_value_extent = glaux_chart_line_layer_get_value_extent;
  layer_class->describe = glaux_chart_line_layer_describe;
  layer_class->prepared = glaux_chart_line_layer_prepared;

  properties[PROP_FILL] =
    g_param_spec_boolean ("fill", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STACK_ON] =
    g_param_spec_object ("stack-on", NULL, NULL, GLAUX_TYPE_CHART_LINE_LAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_chart_line_layer_init (GlauxChartLineLayer *self)
{
}

GlauxChartLineLayer *
glaux_chart_line_layer_new (GlauxChartSeries    *series,
                            GlauxChartValueAxis *axis,
                            const char          *title)
{
  return g_object_new (GLAUX_TYPE_CHART_LINE_LAYER,
                       "series", series,
                       "value-axis", axis,
                       "title", title,
                       NULL);
}

gboolean
glaux_chart_line_layer_get_fill (GlauxChartLineLayer *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_LINE_LAYER (self), FALSE);

  return self->fill;
}

void
glaux_chart_line_layer_set_fill (GlauxChartLineLayer *self,
                                 gboolean             fill)
{
  g_return_if_fail (GLAUX_IS_CHART_LINE_LAYER (self));

  fill = !!fill;
  if (self->fill == fill)
    return;

  self->fill = fill;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILL]);
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

GlauxChartLineLayer *
glaux_chart_line_layer_get_stack_on (GlauxChartLineLayer *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_LINE_LAYER (self), NULL);

  return self->stack_on;
}

void
glaux_chart_line_layer_set_stack_on (GlauxChartLineLayer *self,
                                     GlauxChartLineLayer *base)
{
  g_return_if_fail (GLAUX_IS_CHART_LINE_LAYER (self));
  g_return_if_fail (!base || (GLAUX_IS_CHART_LINE_LAYER (base) && base != self));

  if (self->stack_on == base)
    return;

  g_clear_signal_handler (&self->stack_prepared_id, self->stack_on);
  g_set_object (&self->stack_on, base);
  if (base != NULL)
    self->stack_prepared_id =
      g_signal_connect_object (base, "prepared",
                               G_CALLBACK (glaux_chart_line_layer_base_prepared_cb),
                               self, G_CONNECT_SWAPPED);

  g_clear_pointer (&self->top, glaux_chart_columns_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK_ON]);
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

/* The values as drawn: stacked on the base layer's when there is one. */
GlauxChartColumns *
glaux_chart_line_layer_get_top (GlauxChartLineLayer *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_LINE_LAYER (self), NULL);

  return self->top;
}
