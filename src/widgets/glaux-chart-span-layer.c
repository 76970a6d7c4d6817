/* glaux-chart-span-layer.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-span-layer"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-chart-span-layer.h"
#include "glaux-ui-util.h"

#define SHADE_ALPHA 0.14
#define EDGE_ALPHA  0.6
#define LABEL_PAD   4.0

typedef struct
{
  gint64  start;
  gint64  end;
  char   *label;
} Span;

struct _GlauxChartSpanLayer
{
  GlauxChartLayer  parent_instance;

  GArray          *spans;
};

G_DEFINE_FINAL_TYPE (GlauxChartSpanLayer, glaux_chart_span_layer, GLAUX_TYPE_CHART_LAYER)

static void
span_clear (gpointer data)
{
  g_clear_pointer (&((Span *)data)->label, g_free);
}

static void
glaux_chart_span_layer_draw (GlauxChartLayer       *layer,
                             cairo_t               *cr,
                             const GlauxChartFrame *frame)
{
  GlauxChartSpanLayer *self = GLAUX_CHART_SPAN_LAYER (layer);
  const graphene_rect_t *plot = &frame->plot;
  GdkRGBA color;

  glaux_chart_layer_get_color (layer, frame, &color);
  cairo_rectangle (cr, plot->origin.x, plot->origin.y, plot->size.width, plot->size.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1);

  for (guint i = 0; i < self->spans->len; i++)
    {
      const Span *span = &g_array_index (self->spans, Span, i);
      gint64 end = span->end < 0 ? frame->t1 : span->end;
      double x0;
      double x1;

      if (end < frame->t0 || span->start > frame->t1)
        continue;

      x0 = round (glaux_chart_frame_time_to_x (frame, span->start));
      x1 = MAX (round (glaux_chart_frame_time_to_x (frame, end)), x0 + 1);

      cairo_rectangle (cr, x0, plot->origin.y, x1 - x0, plot->size.height);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, SHADE_ALPHA);
      cairo_fill (cr);

      cairo_move_to (cr, x0 + 0.5, plot->origin.y);
      cairo_line_to (cr, x0 + 0.5, plot->origin.y + plot->size.height);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, EDGE_ALPHA);
      cairo_stroke (cr);

      if (span->label != NULL)
        {
          g_autoptr(PangoLayout) layout = glaux_chart_frame_create_layout (frame, span->label,
                                                                           FALSE);
          int width;

          /* Only where it fits: a clipped label would say something else. */
          pango_layout_get_pixel_size (layout, &width, NULL);
          if (width + 2 * LABEL_PAD <= x1 - x0)
            {
              gdk_cairo_set_source_rgba (cr, &frame->foreground);
              cairo_move_to (cr, x0 + LABEL_PAD, plot->origin.y + LABEL_PAD);
              pango_cairo_show_layout (cr, layout);
            }
        }
    }
}

static gboolean
glaux_chart_span_layer_get_time_extent (GlauxChartLayer *layer,
                                        gint64          *first,
                                        gint64          *last)
{
  GlauxChartSpanLayer *self = GLAUX_CHART_SPAN_LAYER (layer);

  if (self->spans->len == 0)
    return FALSE;

  *first = G_MAXINT64;
  *last = G_MININT64;
  for (guint i = 0; i < self->spans->len; i++)
    {
      const Span *span = &g_array_index (self->spans, Span, i);

      *first = MIN (*first, span->start);
      *last = MAX (*last, MAX (span->start, span->end));
    }

  return TRUE;
}

static void
glaux_chart_span_layer_describe (GlauxChartLayer *layer,
                                 gint64           time,
                                 GString         *text)
{
  GlauxChartSpanLayer *self = GLAUX_CHART_SPAN_LAYER (layer);

  for (guint i = 0; i < self->spans->len; i++)
    {
      const Span *span = &g_array_index (self->spans, Span, i);
      g_autofree char *duration = NULL;

      if (time < span->start || (span->end >= 0 && time > span->end))
        continue;

      if (text->len > 0)
        g_string_append_c (text, '\n');

      if (span->end < 0)
        {
          /* Translators: a running span in a chart tooltip, e.g. "Calculation 3 (running)". */
          g_string_append_printf (text, _("%s (running)"), span->label ? span->label : "");
          continue;
        }

      duration = glaux_ui_format_duration (span->end - span->start);
      /* Translators: a span in a chart tooltip with its duration, "Calculation 3 (2 min)". */
      g_string_append_printf (text, _("%s (%s)"), span->label ? span->label : "", duration);
    }
}

static void
glaux_chart_span_layer_finalize (GObject *object)
{
  GlauxChartSpanLayer *self = (GlauxChartSpanLayer *)object;

  g_clear_pointer (&self->spans, g_array_unref);

  G_OBJECT_CLASS (glaux_chart_span_layer_parent_class)->finalize (object);
}

static void
glaux_chart_span_layer_class_init (GlauxChartSpanLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GlauxChartLayerClass *layer_class = GLAUX_CHART_LAYER_CLASS (klass);

  object_class->finalize = glaux_chart_span_layer_finalize;

  layer_class->draw = glaux_chart_span_layer_draw;
  layer_class->get_time_extent = glaux_chart_span_layer_get_time_extent;
  layer_class->describe = glaux_chart_span_layer_describe;
}

static void
glaux_chart_span_layer_init (GlauxChartSpanLayer *self)
{
  self->spans = g_array_new (FALSE, TRUE, sizeof (Span));
  g_array_set_clear_func (self->spans, span_clear);
}

GlauxChartSpanLayer *
glaux_chart_span_layer_new (const char *title)
{
  return g_object_new (GLAUX_TYPE_CHART_SPAN_LAYER, "title", title, NULL);
}

/* Adds [@start, @end] (µs since the epoch; @end -1 while running) and returns its index. */
guint
glaux_chart_span_layer_add_span (GlauxChartSpanLayer *self,
                                 gint64               start,
                                 gint64               end,
                                 const char          *label)
{
  Span span = { start, end, g_strdup (label) };

  g_return_val_if_fail (GLAUX_IS_CHART_SPAN_LAYER (self), 0);
  g_return_val_if_fail (end < 0 || end >= start, 0);

  g_array_append_val (self->spans, span);
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));

  return self->spans->len - 1;
}

void
glaux_chart_span_layer_set_span_end (GlauxChartSpanLayer *self,
                                     guint                span,
                                     gint64               end)
{
  g_return_if_fail (GLAUX_IS_CHART_SPAN_LAYER (self));
  g_return_if_fail (span < self->spans->len);

  g_array_index (self->spans, Span, span).end = end;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

guint
glaux_chart_span_layer_get_n_spans (GlauxChartSpanLayer *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_SPAN_LAYER (self), 0);

  return self->spans->len;
}

void
glaux_chart_span_layer_clear (GlauxChartSpanLayer *self)
{
  g_return_if_fail (GLAUX_IS_CHART_SPAN_LAYER (self));

  g_array_set_size (self->spans, 0);
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}
