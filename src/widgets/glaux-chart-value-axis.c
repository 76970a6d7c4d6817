/* glaux-chart-value-axis.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-value-axis"

#include "config.h"

#include <math.h>

#include "glaux-chart-value-axis.h"

#define LABEL_GAP 6.0
/* Roughly one tick per this many pixels of plot height. */
#define TICK_SPACING 48.0

typedef struct
{
  double       value;
  PangoLayout *layout;
} Tick;

struct _GlauxChartValueAxis
{
  GlauxChartLayer            parent_instance;

  GtkPositionType            position;
  char                      *label;
  char                      *unit;
  int                        digits;
  GlauxChartValueFormatFunc  format_func;
  gpointer                   format_data;
  GDestroyNotify             format_destroy;

  double                     minimum;
  double                     maximum;
  double                     data_min;
  double                     data_max;
  double                     min;
  double                     max;
  double                     step;

  GArray                    *ticks;
  PangoLayout               *label_layout;
  double                     ticks_width;
};

G_DEFINE_FINAL_TYPE (GlauxChartValueAxis, glaux_chart_value_axis, GLAUX_TYPE_CHART_LAYER)

static void
tick_clear (gpointer data)
{
  g_clear_object (&((Tick *)data)->layout);
}

/* The smallest of 1, 2, 2.5, 5 × 10ⁿ at least @raw. */
static double
nice_step (double raw)
{
  static const double factors[] = { 1, 2, 2.5, 5, 10 };
  double magnitude;

  if (!(raw > 0) || !isfinite (raw))
    return 1;

  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
    if (factors[i] * magnitude >= raw * (1 - 1e-9))
      return factors[i] * magnitude;

  return 10 * magnitude;
}

/* Decimal places the step needs: 0.25 → 2, 5 → 0. */
static int
step_digits (double step)
{
  int digits = 0;

  while (digits < 6 && fabs (step * pow (10, digits) - round (step * pow (10, digits))) > 1e-6)
    digits++;

  return digits;
}

static char *
format_tick (GlauxChartValueAxis *self,
             double               value)
{
  if (self->format_func != NULL)
    return self->format_func (value, self->format_data);

  return g_strdup_printf ("%.*f", step_digits (self->step), value);
}

/* Ticks for @plot_height pixels: the nice step, range and labels. */
static void
compute_ticks (GlauxChartValueAxis   *self,
               const GlauxChartFrame *frame,
               double                 plot_height)
{
  /* A little headroom so the highest point is not drawn on the plot's edge. */
  double lo = MIN (self->minimum, self->data_min < 0 ? self->data_min * 1.05 : self->data_min);
  double hi = MAX (self->maximum, self->data_max > 0 ? self->data_max * 1.05 : self->data_max);
  guint n_wanted = (guint)CLAMP (plot_height / TICK_SPACING, 2, 10);

  self->step = nice_step ((hi - lo) / n_wanted);
  self->min = floor (lo / self->step + 1e-9) * self->step;
  self->max = ceil (hi / self->step - 1e-9) * self->step;
  if (self->max <= self->min)
    self->max = self->min + self->step;

  g_array_set_size (self->ticks, 0);
  self->ticks_width = 0;
  for (double value = self->min; value <= self->max + self->step / 2; value += self->step)
    {
      g_autofree char *text = format_tick (self, fabs (value) < self->step / 1e6 ? 0 : value);
      Tick tick = { value, glaux_chart_frame_create_layout (frame, text, FALSE) };
      int width;

      pango_layout_get_pixel_size (tick.layout, &width, NULL);
      self->ticks_width = MAX (self->ticks_width, width);
      g_array_append_val (self->ticks, tick);
    }
}

static void
glaux_chart_value_axis_measure (GlauxChartLayer       *layer,
                                const GlauxChartFrame *frame,
                                GtkBorder             *margins)
{
  GlauxChartValueAxis *self = GLAUX_CHART_VALUE_AXIS (layer);
  g_autofree char *title = NULL;
  int label_height = 0;
  int extent;

  /* "DPUs (DPU)" says the unit twice; "Cost (USD)" does not. */
  if (self->unit != NULL && self->unit[0] != '\0' && self->label != NULL
      && !g_str_has_prefix (self->label, self->unit))
    title = g_strdup_printf ("%s (%s)", self->label, self->unit);
  else
    title = g_strdup (self->label != NULL ? self->label : "");

  g_clear_object (&self->label_layout);
  self->label_layout = glaux_chart_frame_create_layout (frame, title, FALSE);
  pango_layout_get_pixel_size (self->label_layout, NULL, &label_height);

  /* The plot is not placed yet: its height is about the frame's less the text rows. */
  compute_ticks (self, frame, frame->height - 3 * label_height);

  extent = (int)ceil (self->ticks_width + LABEL_GAP * 2);
  if (self->position == GTK_POS_RIGHT)
    margins->right = MAX (margins->right, extent);
  else
    margins->left = MAX (margins->left, extent);
  margins->top = MAX (margins->top, label_height + LABEL_GAP * 2);
}

static void
glaux_chart_value_axis_draw (GlauxChartLayer       *layer,
                             cairo_t               *cr,
                             const GlauxChartFrame *frame)
{
  GlauxChartValueAxis *self = GLAUX_CHART_VALUE_AXIS (layer);
  const graphene_rect_t *plot = &frame->plot;
  gboolean right = self->position == GTK_POS_RIGHT;
  int width;
  int height;

  cairo_set_line_width (cr, 1);

  /* The grid belongs to the left axis only: two grids would not line up. */
  if (!right)
    {
      cairo_set_source_rgba (cr, frame->foreground.red, frame->foreground.green,
                             frame->foreground.blue, 0.12);
      for (guint i = 0; i < self->ticks->len; i++)
        {
          double y = round (glaux_chart_value_axis_value_to_y (
                              self, frame, g_array_index (self->ticks, Tick, i).value)) + 0.5;

          cairo_move_to (cr, plot->origin.x, y);
          cairo_line_to (cr, plot->origin.x + plot->size.width, y);
        }
      cairo_stroke (cr);
    }

  gdk_cairo_set_source_rgba (cr, &frame->foreground);
  for (guint i = 0; i < self->ticks->len; i++)
    {
      const Tick *tick = &g_array_index (self->ticks, Tick, i);
      double y = glaux_chart_value_axis_value_to_y (self, frame, tick->value);

      pango_layout_get_pixel_size (tick->layout, &width, &height);
      cairo_move_to (cr,
                     right ? plot->origin.x + plot->size.width + LABEL_GAP
                           : plot->origin.x - LABEL_GAP - width,
                     y - height / 2.0);
      pango_cairo_show_layout (cr, tick->layout);
    }

  if (self->label_layout != NULL)
    {
      pango_layout_get_pixel_size (self->label_layout, &width, &height);
      /* Above the tick labels, flush with the outer edge of the chart. */
      cairo_move_to (cr,
                     right ? frame->width - width - LABEL_GAP
                           : MAX (LABEL_GAP, plot->origin.x - LABEL_GAP - self->ticks_width),
                     plot->origin.y - LABEL_GAP - height);
      pango_cairo_show_layout (cr, self->label_layout);
    }
}

static void
glaux_chart_value_axis_finalize (GObject *object)
{
  GlauxChartValueAxis *self = (GlauxChartValueAxis *)object;

  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_object (&self->label_layout);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (glaux_chart_value_axis_parent_class)->finalize (object);
}

static void
glaux_chart_value_axis_class_init (GlauxChartValueAxisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GlauxChartLayerClass *layer_class = GLAUX_CHART_LAYER_CLASS (klass);

  object_class->finalize = glaux_chart_value_axis_finalize;

  layer_class->measure = glaux_chart_value_axis_measure;
  layer_class->draw = glaux_chart_value_axis_draw;
}

static void
glaux_chart_value_axis_init (GlauxChartValueAxis *self)
{
  self->position = GTK_POS_LEFT;
  self->digits = -1;
  self->maximum = 1;
  self->max = 1;
  self->step = 1;
  self->ticks = g_array_new (FALSE, TRUE, sizeof (Tick));
  g_array_set_clear_func (self->ticks, tick_clear);
}

/* @label names the quantity ("DPUs", "Cost"), @unit its unit ("DPU", "USD"); the axis title
 * reads "label (unit)" and tooltips "value unit". */
GlauxChartValueAxis *
glaux_chart_value_axis_new (GtkPositionType  position,
                            const char      *label,
                            const char      *unit)
{
  GlauxChartValueAxis *self = g_object_new (GLAUX_TYPE_CHART_VALUE_AXIS, NULL);

  g_return_val_if_fail (position == GTK_POS_LEFT || position == GTK_POS_RIGHT, self);

  self->position = position;
  self->label = g_strdup (label);
  self->unit = g_strdup (unit);

  return self;
}

GtkPositionType
glaux_chart_value_axis_get_position (GlauxChartValueAxis *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self), GTK_POS_LEFT);

  return self->position;
}

const char *
glaux_chart_value_axis_get_unit (GlauxChartValueAxis *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self), NULL);

  return self->unit;
}

/* Decimal places of tooltip values; -1 (the default) shows whole numbers bare and others
 * with two places. */
void
glaux_chart_value_axis_set_digits (GlauxChartValueAxis *self,
                                   int                  digits)
{
  g_return_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self));

  self->digits = digits;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

/* Replaces the number formatting of ticks and tooltips (which then carry no unit suffix). */
void
glaux_chart_value_axis_set_format_func (GlauxChartValueAxis       *self,
                                        GlauxChartValueFormatFunc  func,
                                        gpointer                   user_data,
                                        GDestroyNotify             destroy)
{
  g_return_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self));

  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);

  self->format_func = func;
  self->format_data = user_data;
  self->format_destroy = destroy;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

/* The range shown even without data (default 0 to 1). */
void
glaux_chart_value_axis_set_minimum_range (GlauxChartValueAxis *self,
                                          double               minimum,
                                          double               maximum)
{
  g_return_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self));
  g_return_if_fail (minimum < maximum);

  self->minimum = minimum;
  self->maximum = maximum;
  glaux_chart_layer_changed (GLAUX_CHART_LAYER (self));
}

/* Called by the chart with the values its layers hold; TRUE when the ticks must change. */
gboolean
glaux_chart_value_axis_update_range (GlauxChartValueAxis *self,
                                     double               data_min,
                                     double               data_max)
{
  double old_min = self->min;
  double old_max = self->max;
  double old_step = self->step;
  double lo;
  double hi;

  g_return_val_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self), FALSE);

  self->data_min = data_min;
  self->data_max = data_max;

  /* Only a change of the nice range matters; the ticks are recomputed on the next measure. */
  lo = MIN (self->minimum, data_min);
  hi = MAX (self->maximum, data_max);

  return lo < old_min || hi > old_max || hi < old_max - old_step || lo > old_min + old_step;
}

void
glaux_chart_value_axis_get_range (GlauxChartValueAxis *self,
                                  double              *min,
                                  double              *max)
{
  g_return_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self));

  if (min != NULL)
    *min = self->min;
  if (max != NULL)
    *max = self->max;
}

double
glaux_chart_value_axis_value_to_y (GlauxChartValueAxis   *self,
                                   const GlauxChartFrame *frame,
                                   double                 value)
{
  double span = self->max - self->min;

  return frame->plot.origin.y + frame->plot.size.height * (1 - (value - self->min) / span);
}

/* "12 DPU", "0.25 USD", or what the format function makes of it. */
char *
glaux_chart_value_axis_format_value (GlauxChartValueAxis *self,
                                     double               value)
{
  int digits;

  g_return_val_if_fail (GLAUX_IS_CHART_VALUE_AXIS (self), NULL);

  if (self->format_func != NULL)
    return self->format_func (value, self->format_data);

  digits = self->digits;
  if (digits < 0)
    digits = value == round (value) ? 0 : 2;

  if (self->unit == NULL || self->unit[0] == '\0')
    return g_strdup_printf ("%.*f", digits, value);

  return g_strdup_printf ("%.*f %s", digits, value, self->unit);
}
