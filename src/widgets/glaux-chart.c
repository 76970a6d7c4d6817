/* glaux-chart.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "glaux-chart-image.h"
#include "glaux-chart.h"

#define EDGE      8
#define TITLE_GAP 4
/* The legend: a swatch and the layer's title per item, items in lines under the title. */
#define LEGEND_SWATCH   10
#define LEGEND_TEXT_GAP 4
#define LEGEND_ITEM_GAP 14
#define LEGEND_LINE_GAP 2
/* Below this the chart cannot say anything useful; wider is better. */
#define MIN_WIDTH  240
#define MIN_HEIGHT 160

struct _GlauxChart
{
  GtkWidget        parent_instance;

  GPtrArray       *layers;
  char            *title;

  /* The widget's own frame; exports build theirs from it. */
  GlauxChartFrame  frame;
  /* The plot as last drawn, kept until something it shows changes: a frame that only moves the
   * hover marker then repaints the marker alone (GSK redraws what differs between frames). */
  GskRenderNode   *plot_node;
  double           hover_x;
  guint            update_id;
  guint            placed : 1;
  guint            hovering : 1;
  guint            has_data : 1;
};

G_DEFINE_FINAL_TYPE (GlauxChart, glaux_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Palette after the accent, from libadwaita's named colours; the same in light and dark, and
 * all readable on either. Fallbacks are libadwaita 1.2's values. */
static const struct
{
  const char *name;
  const char *fallback;
  /* On a dark background: a lighter shade where the usual one lacks contrast. */
  const char *dark_name;
  const char *dark_fallback;
} palette[GLAUX_CHART_PALETTE_SIZE] = {
  { "accent_bg_color", "#3584e4", "accent_bg_color", "#3584e4" },
  { "green_4", "#2ec27e", "green_4", "#2ec27e" },
  { "orange_3", "#ff7800", "orange_3", "#ff7800" },
  { "purple_3", "#9141ac", "purple_2", "#c061cb" },
  { "red_3", "#e01b24", "red_2", "#ed333b" },
  { "brown_3", "#986a44", "brown_2", "#b5835a" },
};

static void glaux_chart_place (GlauxChart      *self,
                               GlauxChartFrame *frame);

static void
lookup_colors (GlauxChart      *self,
               GlauxChartFrame *frame)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean dark;

  gtk_style_context_get_color (context, &frame->foreground);
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &frame->background))
    gdk_rgba_parse (&frame->background, "#ffffff");

  dark = 0.2126 * frame->background.red + 0.7152 * frame->background.green +
         0.0722 * frame->background.blue < 0.5;
  for (guint i = 0; i < GLAUX_CHART_PALETTE_SIZE; i++)
    if (!gtk_style_context_lookup_color (context, dark ? palette[i].dark_name : palette[i].name,
                                         &frame->palette[i]))
      gdk_rgba_parse (&frame->palette[i], dark ? palette[i].dark_fallback : palette[i].fallback);
}

static gboolean
is_time_axis_with_range (GlauxChartLayer *layer,
                         gint64          *t0,
                         gint64          *t1)
{
  return GLAUX_IS_CHART_TIME_AXIS (layer) &&
         glaux_chart_time_axis_get_range (GLAUX_CHART_TIME_AXIS (layer), t0, t1);
}

/* The time axis's own range, or the span of all the data (growing with live updates). */
static void
compute_time_range (GlauxChart *self,
                    gint64     *t0,
                    gint64     *t1)
{
  gint64 first = G_MAXINT64;
  gint64 last = G_MININT64;

  self->has_data = FALSE;

  for (guint i = 0; i < self->layers->len; i++)
    {
      GlauxChartLayer *layer = g_ptr_array_index (self->layers, i);
      gint64 a;
      gint64 b;

      if (is_time_axis_with_range (layer, t0, t1))
        {
          self->has_data = TRUE;
          return;
        }

      if (!GLAUX_IS_CHART_TIME_AXIS (layer) && glaux_chart_layer_get_time_extent (layer, &a, &b))
        {
          first = MIN (first, a);
          last = MAX (last, b);
          self->has_data = TRUE;
        }
    }

  if (!self->has_data)
    {
      /* The last hour, on whole minutes so that updates do not move it every time. */
      last = g_get_real_time () / G_TIME_SPAN_MINUTE * G_TIME_SPAN_MINUTE;
      first = last - G_TIME_SPAN_HOUR;
    }
  else if (last - first < G_TIME_SPAN_MINUTE)
    {
      /* A lone sample sits in the middle of a minute, not squeezed against an edge. */
      gint64 middle = first + (last - first) / 2;

      first = middle - G_TIME_SPAN_MINUTE / 2;
      last = middle + G_TIME_SPAN_MINUTE / 2;
    }

  *t0 = first;
  *t1 = last;
}

/* Each value axis spans what the layers bound to it currently hold. */
static void
update_value_ranges (GlauxChart *self)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      GlauxChartLayer *axis = g_ptr_array_index (self->layers, i);
      double lo = 0;
      double hi = 0;

      if (!GLAUX_IS_CHART_VALUE_AXIS (axis))
        continue;

      for (guint j = 0; j < self->layers->len; j++)
        {
          GlauxChartLayer *layer = g_ptr_array_index (self->layers, j);
          double min;
          double max;

          if (glaux_chart_layer_get_value_axis (layer) == GLAUX_CHART_VALUE_AXIS (axis) &&
              glaux_chart_layer_get_value_extent (layer, &min, &max))
            {
              lo = MIN (lo, min);
              hi = MAX (hi, max);
            }
        }

      glaux_chart_value_axis_update_range (GLAUX_CHART_VALUE_AXIS (axis), lo, hi);
    }
}

static PangoLayout *
create_title_layout (GlauxChart            *self,
                     const GlauxChartFrame *frame)
{
  if (self->title == NULL || self->title[0] == '\0')
    return NULL;

  return glaux_chart_frame_create_layout (frame, self->title, TRUE);
}

/* Layers with data and a title have an item in the legend (axes name themselves). */
static gboolean
is_legend_layer (GlauxChartLayer *layer)
{
  const char *title = glaux_chart_layer_get_title (layer);

  return !GLAUX_IS_CHART_VALUE_AXIS (layer) && !GLAUX_IS_CHART_TIME_AXIS (layer) &&
         title != NULL && title[0] != '\0';
}

/* A line for a line, a square for an area, columns or spans, in the layer's colour. */
static void
draw_legend_swatch (GlauxChartLayer       *layer,
                    cairo_t               *cr,
                    const GlauxChartFrame *frame,
                    double                 x,
                    double                 y)
{
  GdkRGBA color;

  glaux_chart_layer_get_color (layer, frame, &color);
  if (GLAUX_IS_CHART_LINE_LAYER (layer) &&
      !glaux_chart_line_layer_get_fill (GLAUX_CHART_LINE_LAYER (layer)))
    {
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, y + LEGEND_SWATCH / 2.0);
      cairo_line_to (cr, x + LEGEND_SWATCH, y + LEGEND_SWATCH / 2.0);
      cairo_stroke (cr);
      return;
    }

  if (GLAUX_IS_CHART_SPAN_LAYER (layer))
    color.alpha *= 0.35;
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_rectangle (cr, x, y, LEGEND_SWATCH, LEGEND_SWATCH);
  cairo_fill (cr);
}

/* Lays the legend out in lines from (@x, @y) within @width, and draws it unless @cr is NULL.
 * Returns its height, 0 when no layer has an item. */
static double
glaux_chart_legend (GlauxChart            *self,
                    cairo_t               *cr,
                    const GlauxChartFrame *frame,
                    double                 x,
                    double                 y,
                    double                 width)
{
  double line_x = x;
  double line_y = y;
  double line_height = 0;

  for (guint i = 0; i < self->layers->len; i++)
    {
      GlauxChartLayer *layer = g_ptr_array_index (self->layers, i);
      g_autoptr(PangoLayout) text = NULL;
      double item_width;
      int text_width;
      int text_height;

      if (!is_legend_layer (layer))
        continue;

      text = glaux_chart_frame_create_layout (frame, glaux_chart_layer_get_title (layer), FALSE);
      pango_layout_get_pixel_size (text, &text_width, &text_height);
      item_width = LEGEND_SWATCH + LEGEND_TEXT_GAP + text_width;
      if (line_height > 0 && line_x + item_width > x + width)
        {
          line_x = x;
          line_y += line_height + LEGEND_LINE_GAP;
          line_height = 0;
        }

      if (cr != NULL)
        {
          draw_legend_swatch (layer, cr, frame, line_x, line_y + (text_height - LEGEND_SWATCH) / 2.0);
          gdk_cairo_set_source_rgba (cr, &frame->foreground);
          cairo_move_to (cr, line_x + LEGEND_SWATCH + LEGEND_TEXT_GAP, line_y);
          pango_cairo_show_layout (cr, text);
        }

      line_x += item_width + LEGEND_ITEM_GAP;
      line_height = MAX (line_height, text_height);
    }

  return line_height > 0 ? line_y + line_height - y : 0;
}

/* Where the legend starts: under the title. */
static double
legend_top (PangoLayout *title)
{
  int title_height = 0;

  if (title != NULL)
    pango_layout_get_pixel_size (title, NULL, &title_height);

  return EDGE + (title != NULL ? title_height + TITLE_GAP : 0);
}

/* Ranges, margins, plot and ticks for the frame's size. Cheap: no data is walked. */
static void
glaux_chart_place (GlauxChart      *self,
                   GlauxChartFrame *frame)
{
  g_autoptr(PangoLayout) title = create_title_layout (self, frame);
  GtkBorder margins = { EDGE, EDGE, EDGE, EDGE };
  double legend_height;
  double width;
  double height;

  compute_time_range (self, &frame->t0, &frame->t1);
  update_value_ranges (self);

  for (guint i = 0; i < self->layers->len; i++)
    glaux_chart_layer_measure (g_ptr_array_index (self->layers, i), frame, &margins);

  if (title != NULL)
    {
      int title_height;

      pango_layout_get_pixel_size (title, NULL, &title_height);
      margins.top += title_height + TITLE_GAP;
    }
  legend_height = glaux_chart_legend (self, NULL, frame, EDGE, legend_top (title),
                                      frame->width - 2 * EDGE);
  if (legend_height > 0)
    margins.top += legend_height + TITLE_GAP;

  width = MAX (frame->width - margins.left - margins.right, 1);
  height = MAX (frame->height - margins.top - margins.bottom, 1);
  frame->plot = GRAPHENE_RECT_INIT (margins.left, margins.top, width, height);

  for (guint i = 0; i < self->layers->len; i++)
    glaux_chart_layer_layout (g_ptr_array_index (self->layers, i), frame);
}

/* Places the frame and asks every series layer for one column per plot pixel. */
static void
glaux_chart_prepare (GlauxChart      *self,
                     GlauxChartFrame *frame,
                     gboolean         synchronous)
{
  guint n_columns;

  glaux_chart_place (self, frame);

  n_columns = (guint)ceil (frame->plot.size.width);
  for (guint i = 0; i < self->layers->len; i++)
    glaux_chart_layer_request_columns (g_ptr_array_index (self->layers, i),
                                       frame->t0, frame->t1, n_columns, synchronous);

  /* The new columns may move the value ranges, and with them the margins. */
  if (synchronous)
    glaux_chart_place (self, frame);
}

static void
glaux_chart_draw (GlauxChart            *self,
                  cairo_t               *cr,
                  const GlauxChartFrame *frame)
{
  g_autoptr(PangoLayout) title = create_title_layout (self, frame);

  for (guint i = 0; i < self->layers->len; i++)
    glaux_chart_layer_draw (g_ptr_array_index (self->layers, i), cr, frame);

  gdk_cairo_set_source_rgba (cr, &frame->foreground);

  if (title != NULL)
    {
      cairo_move_to (cr, EDGE, EDGE);
      pango_cairo_show_layout (cr, title);
    }
  glaux_chart_legend (self, cr, frame, EDGE, legend_top (title), frame->width - 2 * EDGE);

  if (!self->has_data)
    {
      g_autoptr(PangoLayout) empty = glaux_chart_frame_create_layout (frame, _("No data yet"),
                                                                      FALSE);
      int width;
      int height;

      pango_layout_get_pixel_size (empty, &width, &height);
      cairo_move_to (cr,
                     frame->plot.origin.x + (frame->plot.size.width - width) / 2,
                     frame->plot.origin.y + (frame->plot.size.height - height) / 2);
      pango_cairo_show_layout (cr, empty);
    }
}

/* The plot is drawn again at the next frame. */
static void
glaux_chart_redraw_plot (GlauxChart *self)
{
  g_clear_pointer (&self->plot_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GTK drops a widget's Pango context when it leaves its window: never keep an old one. */
static void
glaux_chart_prepare_placed (GlauxChart *self)
{
  self->frame.pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  glaux_chart_prepare (self, &self->frame, FALSE);
  glaux_chart_redraw_plot (self);
}

static gboolean
glaux_chart_update_cb (gpointer user_data)
{
  GlauxChart *self = user_data;

  self->update_id = 0;

  if (self->placed)
    glaux_chart_prepare_placed (self);

  return G_SOURCE_REMOVE;
}

/* Coalesces bursts of appends and arriving columns into one update before the next frame. */
static void
glaux_chart_queue_update (GlauxChart *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, glaux_chart_update_cb, self, NULL);
}

static void
glaux_chart_layer_changed_cb (GlauxChart      *self,
                              GlauxChartLayer *layer)
{
  glaux_chart_queue_update (self);
}

static void
glaux_chart_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  GlauxChart *self = GLAUX_CHART (widget);

  if (self->placed && self->frame.width == width && self->frame.height == height)
    return;

  self->frame.width = width;
  self->frame.height = height;
  self->placed = TRUE;
  glaux_chart_prepare_placed (self);
}

static void
glaux_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? MIN_WIDTH : MIN_HEIGHT;
}

static void
glaux_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  GlauxChart *self = GLAUX_CHART (widget);
  const graphene_rect_t *plot = &self->frame.plot;
  cairo_t *cr;

  if (!self->placed)
    return;

  if (self->plot_node == NULL)
    {
      self->frame.pango = gtk_widget_get_pango_context (widget);
      self->plot_node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, self->frame.width,
                                                                 self->frame.height));
      cr = gsk_cairo_node_get_draw_context (self->plot_node);
      glaux_chart_draw (self, cr, &self->frame);
      cairo_destroy (cr);
    }
  gtk_snapshot_append_node (snapshot, self->plot_node);

  /* The hover marker is a plain colour node: moving the pointer redraws nothing else. */
  if (self->hovering && self->hover_x >= plot->origin.x &&
      self->hover_x <= plot->origin.x + plot->size.width)
    {
      GdkRGBA marker = self->frame.foreground;

      marker.alpha *= 0.5;
      gtk_snapshot_append_color (snapshot, &marker,
                                 &GRAPHENE_RECT_INIT (floor (self->hover_x), plot->origin.y,
                                                      1, plot->size.height));
    }
}

static void
glaux_chart_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GlauxChart *self = GLAUX_CHART (widget);

  GTK_WIDGET_CLASS (glaux_chart_parent_class)->css_changed (widget, change);

  lookup_colors (self, &self->frame);
  /* Fonts may have changed too: text is measured again. */
  glaux_chart_queue_update (self);
  glaux_chart_redraw_plot (self);
}

static gboolean
glaux_chart_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard_mode,
                           GtkTooltip *tooltip)
{
  GlauxChart *self = GLAUX_CHART (widget);
  g_autofree char *text = NULL;

  /* From the keyboard there is no pointer: describe the latest values. */
  if (keyboard_mode)
    x = (int)(self->frame.plot.origin.x + self->frame.plot.size.width);

  text = glaux_chart_get_tooltip_text_at (self, x, keyboard_mode ? self->frame.plot.origin.y : y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
glaux_chart_motion_cb (GlauxChart               *self,
                       double                    x,
                       double                    y,
                       GtkEventControllerMotion *motion)
{
  self->hover_x = x;
  self->hovering = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
glaux_chart_leave_cb (GlauxChart               *self,
                      GtkEventControllerMotion *motion)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
glaux_chart_dispose (GObject *object)
{
  GlauxChart *self = (GlauxChart *)object;

  /* Removing a layer queues an update, so the idle is cleared only after the last one. */
  while (self->layers->len > 0)
    glaux_chart_remove_layer (self, g_ptr_array_index (self->layers, self->layers->len - 1));
  g_clear_handle_id (&self->update_id, g_source_remove);

  G_OBJECT_CLASS (glaux_chart_parent_class)->dispose (object);
}

static void
glaux_chart_finalize (GObject *object)
{
  GlauxChart *self = (GlauxChart *)object;

  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->plot_node, gsk_render_node_unref);

  G_OBJECT_CLASS (glaux_chart_parent_class)->finalize (object);
}

static void
glaux_chart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GlauxChart *self = GLAUX_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GlauxChart *self = GLAUX_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      glaux_chart_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_class_init (GlauxChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_chart_dispose;
  object_class->finalize = glaux_chart_finalize;
  object_class->get_property = glaux_chart_get_property;
  object_class->set_property = glaux_chart_set_property;

  widget_class->size_allocate = glaux_chart_size_allocate;
  widget_class->measure = glaux_chart_measure;
  widget_class->snapshot = glaux_chart_snapshot;
  widget_class->css_changed = glaux_chart_css_changed;
  widget_class->query_tooltip = glaux_chart_query_tooltip;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
glaux_chart_init (GlauxChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  lookup_colors (self, &self->frame);

  g_signal_connect_object (motion, "enter", G_CALLBACK (glaux_chart_motion_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (glaux_chart_motion_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (glaux_chart_leave_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  /* Focusable so keyboard users get the tooltip (latest values) too. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GlauxChart *
glaux_chart_new (void)
{
  return g_object_new (GLAUX_TYPE_CHART, NULL);
}

const char *
glaux_chart_get_title (GlauxChart *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART (self), NULL);

  return self->title;
}

void
glaux_chart_set_title (GlauxChart *self,
                       const char *title)
{
  g_return_if_fail (GLAUX_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  glaux_chart_queue_update (self);
}

/* Layers draw in the order they are added: axes and spans first, then data. A layer whose
 * palette index is -1 gets the next palette colour. */
void
glaux_chart_add_layer (GlauxChart      *self,
                       GlauxChartLayer *layer)
{
  g_return_if_fail (GLAUX_IS_CHART (self));
  g_return_if_fail (GLAUX_IS_CHART_LAYER (layer));

  if (glaux_chart_layer_get_palette_index (layer) < 0 &&
      !GLAUX_IS_CHART_TIME_AXIS (layer) && !GLAUX_IS_CHART_VALUE_AXIS (layer))
    {
      int n_colored = 0;

      for (guint i = 0; i < self->layers->len; i++)
        {
          GlauxChartLayer *other = g_ptr_array_index (self->layers, i);

          if (!GLAUX_IS_CHART_TIME_AXIS (other) && !GLAUX_IS_CHART_VALUE_AXIS (other))
            n_colored++;
        }
      glaux_chart_layer_set_palette_index (layer, n_colored);
    }

  g_ptr_array_add (self->layers, g_object_ref (layer));
  g_signal_connect_object (layer, "changed", G_CALLBACK (glaux_chart_layer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "prepared", G_CALLBACK (glaux_chart_layer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  glaux_chart_queue_update (self);
}

void
glaux_chart_remove_layer (GlauxChart      *self,
                          GlauxChartLayer *layer)
{
  g_return_if_fail (GLAUX_IS_CHART (self));
  g_return_if_fail (GLAUX_IS_CHART_LAYER (layer));

  g_signal_handlers_disconnect_by_data (layer, self);
  g_ptr_array_remove (self->layers, layer);
  glaux_chart_queue_update (self);
}

void
glaux_chart_get_time_range (GlauxChart *self,
                            gint64     *t0,
                            gint64     *t1)
{
  g_return_if_fail (GLAUX_IS_CHART (self));

  if (t0 != NULL)
    *t0 = self->frame.t0;
  if (t1 != NULL)
    *t1 = self->frame.t1;
}

/* The plot's rectangle in widget coordinates; FALSE before the first allocation. */
gboolean
glaux_chart_get_plot_area (GlauxChart      *self,
                           graphene_rect_t *plot)
{
  g_return_val_if_fail (GLAUX_IS_CHART (self), FALSE);

  if (plot != NULL)
    *plot = self->frame.plot;

  return self->placed;
}

double
glaux_chart_time_to_x (GlauxChart *self,
                       gint64      time)
{
  g_return_val_if_fail (GLAUX_IS_CHART (self), 0);

  return glaux_chart_frame_time_to_x (&self->frame, time);
}

/* TRUE once every series layer holds columns for the current geometry (tests wait on it). */
gboolean
glaux_chart_is_prepared (GlauxChart *self)
{
  guint n_columns = (guint)ceil (self->frame.plot.size.width);

  g_return_val_if_fail (GLAUX_IS_CHART (self), FALSE);

  if (!self->placed || self->update_id != 0)
    return FALSE;

  for (guint i = 0; i < self->layers->len; i++)
    {
      GlauxChartLayer *layer = g_ptr_array_index (self->layers, i);
      GlauxChartColumns *columns = glaux_chart_layer_get_columns (layer);

      if (glaux_chart_layer_get_series (layer) == NULL)
        continue;

      if (columns == NULL || columns->t0 != self->frame.t0 || columns->t1 != self->frame.t1 ||
          columns->n_columns != n_columns)
        return FALSE;
    }

  return TRUE;
}

/* The tooltip for a point of the widget: the time under it, then each layer's exact values
 * there. NULL outside the plot or where no layer has anything to say. */
char *
glaux_chart_get_tooltip_text_at (GlauxChart *self,
                                 double      x,
                                 double      y)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  const graphene_rect_t *plot = &self->frame.plot;
  gint64 time;

  g_return_val_if_fail (GLAUX_IS_CHART (self), NULL);

  if (!self->placed || !self->has_data ||
      x < plot->origin.x || x > plot->origin.x + plot->size.width ||
      y < plot->origin.y || y > plot->origin.y + plot->size.height)
    return NULL;

  time = glaux_chart_frame_x_to_time (&self->frame, x);
  for (guint i = 0; i < self->layers->len; i++)
    glaux_chart_layer_describe (g_ptr_array_index (self->layers, i), time, lines);

  if (lines->len == 0)
    return NULL;

  local = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  /* Translators: the time at the pointer in a chart tooltip, see g_date_time_format(). */
  when = g_date_time_format (local, _("%e %b %H:%M:%S"));

  return g_strdup_printf ("%s\n%s", g_strstrip (when), lines->str);
}

typedef struct
{
  GlauxChart      *chart;
  GlauxChartFrame *frame;
} ExportDrawing;

/* The series are downsampled again for the export's width, then the widget's own columns and
 * ticks are put back. */
static void
export_draw_cb (cairo_t      *cr,
                PangoContext *pango,
                int           width,
                int           height,
                gpointer      user_data)
{
  ExportDrawing *drawing = user_data;
  GlauxChart *self = drawing->chart;
  GlauxChartFrame *frame = drawing->frame;
  g_autoptr(GPtrArray) saved = g_ptr_array_new_full (self->layers->len, NULL);

  frame->width = width;
  frame->height = height;
  frame->pango = pango;

  for (guint i = 0; i < self->layers->len; i++)
    {
      GlauxChartColumns *columns =
        glaux_chart_layer_get_columns (g_ptr_array_index (self->layers, i));

      g_ptr_array_add (saved, columns != NULL ? glaux_chart_columns_ref (columns) : NULL);
    }

  glaux_chart_prepare (self, frame, TRUE);
  gdk_cairo_set_source_rgba (cr, &frame->background);
  cairo_paint (cr);
  glaux_chart_draw (self, cr, frame);

  for (guint i = 0; i < self->layers->len; i++)
    {
      GlauxChartColumns *columns = g_ptr_array_index (saved, i);

      glaux_chart_layer_set_columns (g_ptr_array_index (self->layers, i), columns);
      g_clear_pointer (&columns, glaux_chart_columns_unref);
    }
  if (self->placed)
    glaux_chart_prepare_placed (self);
}

/* Draws the chart at @width × @height on a fresh surface. */
static GBytes *
glaux_chart_render (GlauxChart             *self,
                    GlauxChartImageFormat   format,
                    int                     width,
                    int                     height,
                    GError                **error)
{
  GlauxChartFrame frame = self->frame;
  ExportDrawing drawing = { self, &frame };

  if (!self->placed)
    lookup_colors (self, &frame);

  return glaux_chart_image_render (GTK_WIDGET (self), format, width, height, self->title,
                                   export_draw_cb, &drawing, error);
}

/* The chart as a PNG image in memory, with title, axes and units. */
GBytes *
glaux_chart_render_png (GlauxChart  *self,
                        int          width,
                        int          height,
                        GError     **error)
{
  g_return_val_if_fail (GLAUX_IS_CHART (self), NULL);

  return glaux_chart_render (self, GLAUX_CHART_IMAGE_PNG, width, height, error);
}

/* The chart as an SVG document in memory (vector; text as outlines, the title also as <title>). */
GBytes *
glaux_chart_render_svg (GlauxChart  *self,
                        int          width,
                        int          height,
                        GError     **error)
{
  g_return_val_if_fail (GLAUX_IS_CHART (self), NULL);

  return glaux_chart_render (self, GLAUX_CHART_IMAGE_SVG, width, height, error);
}

static void
glaux_chart_export_async (GlauxChart            *self,
                          GlauxChartImageFormat  format,
                          GFile                 *file,
                          int                    width,
                          int                    height,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  g_return_if_fail (GLAUX_IS_CHART (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Drawing needs the widget's state, so it happens here; writing the file does not block. */
  bytes = glaux_chart_render (self, format, width, height, &error);
  if (bytes == NULL)
    {
      g_task_report_error (self, callback, user_data, glaux_chart_export_async, error);
      return;
    }

  glaux_chart_image_save_async (self, glaux_chart_export_async, bytes, file, cancellable,
                                callback, user_data);
}

void
glaux_chart_export_png_async (GlauxChart          *self,
                              GFile               *file,
                              int                  width,
                              int                  height,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  glaux_chart_export_async (self, GLAUX_CHART_IMAGE_PNG, file, width, height, cancellable, callback,
                            user_data);
}

void
glaux_chart_export_svg_async (GlauxChart          *self,
                              GFile               *file,
                              int                  width,
                              int                  height,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  glaux_chart_export_async (self, GLAUX_CHART_IMAGE_SVG, file, width, height, cancellable, callback,
                            user_data);
}

gboolean
glaux_chart_export_finish (GlauxChart    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (GLAUX_IS_CHART (self), FALSE);

  return glaux_chart_image_save_finish (self, result, error);
}
