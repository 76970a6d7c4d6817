/* glaux-chart-layer.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-layer"

#include "config.h"

#include "glaux-chart-layer.h"
#include "glaux-chart-value-axis.h"

typedef struct
{
  char                *title;
  GlauxChartSeries    *series;
  gulong               series_changed_id;
  GlauxChartValueAxis *value_axis;
  int                  palette_index;

  /* The columns drawn now, and the geometry last asked for (they differ while a job runs). */
  GlauxChartColumns   *columns;
  GCancellable        *cancellable;
  gint64               want_t0;
  gint64               want_t1;
  guint                want_n_columns;
  guint                dirty : 1;
} GlauxChartLayerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GlauxChartLayer, glaux_chart_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SERIES,
  PROP_VALUE_AXIS,
  PROP_PALETTE_INDEX,
  N_PROPS
};

enum {
  CHANGED,
  PREPARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

double
glaux_chart_frame_time_to_x (const GlauxChartFrame *frame,
                             gint64                 time)
{
  double span = (double)MAX (frame->t1 - frame->t0, 1);

  return frame->plot.origin.x + (double)(time - frame->t0) * frame->plot.size.width / span;
}

gint64
glaux_chart_frame_x_to_time (const GlauxChartFrame *frame,
                             double                 x)
{
  double span = (double)MAX (frame->t1 - frame->t0, 1);

  return frame->t0 + (gint64)((x - frame->plot.origin.x) * span / MAX (frame->plot.size.width, 1));
}

/* Axis and title text: small for ticks, bold for titles; in the frame's font. */
PangoLayout *
glaux_chart_frame_create_layout (const GlauxChartFrame *frame,
                                 const char            *text,
                                 gboolean               bold)
{
  PangoLayout *layout = pango_layout_new (frame->pango);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs,
                          pango_attr_scale_new (bold ? PANGO_SCALE_MEDIUM : PANGO_SCALE_SMALL));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
glaux_chart_layer_series_changed_cb (GlauxChartLayer  *self,
                                     GlauxChartSeries *series)
{
  glaux_chart_layer_changed (self);
}

static void
glaux_chart_layer_dispose (GObject *object)
{
  GlauxChartLayer *self = (GlauxChartLayer *)object;
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_signal_handler (&priv->series_changed_id, priv->series);
  g_clear_object (&priv->series);
  g_clear_object (&priv->value_axis);
  g_clear_pointer (&priv->columns, glaux_chart_columns_unref);

  G_OBJECT_CLASS (glaux_chart_layer_parent_class)->dispose (object);
}

static void
glaux_chart_layer_finalize (GObject *object)
{
  GlauxChartLayer *self = (GlauxChartLayer *)object;
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (glaux_chart_layer_parent_class)->finalize (object);
}

static void
glaux_chart_layer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxChartLayer *self = GLAUX_CHART_LAYER (object);
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;

    case PROP_SERIES:
      g_value_set_object (value, priv->series);
      break;

    case PROP_VALUE_AXIS:
      g_value_set_object (value, priv->value_axis);
      break;

    case PROP_PALETTE_INDEX:
      g_value_set_int (value, priv->palette_index);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_layer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlauxChartLayer *self = GLAUX_CHART_LAYER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      glaux_chart_layer_set_title (self, g_value_get_string (value));
      break;

    case PROP_SERIES:
      glaux_chart_layer_set_series (self, g_value_get_object (value));
      break;

    case PROP_VALUE_AXIS:
      glaux_chart_layer_set_value_axis (self, g_value_get_object (value));
      break;

    case PROP_PALETTE_INDEX:
      glaux_chart_layer_set_palette_index (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_layer_class_init (GlauxChartLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_chart_layer_dispose;
  object_class->finalize = glaux_chart_layer_finalize;
  object_class->get_property = glaux_chart_layer_get_property;
  object_class->set_property = glaux_chart_layer_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERIES] =
    g_param_spec_object ("series", NULL, NULL, GLAUX_TYPE_CHART_SERIES,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VALUE_AXIS] =
    g_param_spec_object ("value-axis", NULL, NULL, GLAUX_TYPE_CHART_VALUE_AXIS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PALETTE_INDEX] =
    g_param_spec_int ("palette-index", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* Run first: a layer updates what it derives from its columns before others look. */
  signals[PREPARED] =
    g_signal_new ("prepared",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_FIRST,
                  G_STRUCT_OFFSET (GlauxChartLayerClass, prepared),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
glaux_chart_layer_init (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  priv->palette_index = -1;
  priv->dirty = TRUE;
}

const char *
glaux_chart_layer_get_title (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), NULL);

  return priv->title;
}

void
glaux_chart_layer_set_title (GlauxChartLayer *self,
                             const char      *title)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  glaux_chart_layer_changed (self);
}

GlauxChartSeries *
glaux_chart_layer_get_series (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), NULL);

  return priv->series;
}

void
glaux_chart_layer_set_series (GlauxChartLayer  *self,
                              GlauxChartSeries *series)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));
  g_return_if_fail (!series || GLAUX_IS_CHART_SERIES (series));

  if (priv->series == series)
    return;

  g_clear_signal_handler (&priv->series_changed_id, priv->series);
  g_set_object (&priv->series, series);
  if (series != NULL)
    priv->series_changed_id =
      g_signal_connect_object (series, "changed",
                               G_CALLBACK (glaux_chart_layer_series_changed_cb),
                               self, G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES]);
  glaux_chart_layer_changed (self);
}

GlauxChartValueAxis *
glaux_chart_layer_get_value_axis (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), NULL);

  return priv->value_axis;
}

void
glaux_chart_layer_set_value_axis (GlauxChartLayer     *self,
                                  GlauxChartValueAxis *axis)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));
  g_return_if_fail (!axis || GLAUX_IS_CHART_VALUE_AXIS (axis));

  if (g_set_object (&priv->value_axis, axis))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_AXIS]);
      glaux_chart_layer_changed (self);
    }
}

int
glaux_chart_layer_get_palette_index (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), -1);

  return priv->palette_index;
}

/* -1 lets the chart pick the next palette colour when the layer is added. */
void
glaux_chart_layer_set_palette_index (GlauxChartLayer *self,
                                     int              index)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (priv->palette_index == index)
    return;

  priv->palette_index = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PALETTE_INDEX]);
  glaux_chart_layer_changed (self);
}

void
glaux_chart_layer_get_color (GlauxChartLayer       *self,
                             const GlauxChartFrame *frame,
                             GdkRGBA               *color)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  *color = frame->palette[MAX (priv->palette_index, 0) % GLAUX_CHART_PALETTE_SIZE];
}

/* The columns to draw, possibly for a slightly older geometry while new ones are computed. */
GlauxChartColumns *
glaux_chart_layer_get_columns (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), NULL);

  return priv->columns;
}

void
glaux_chart_layer_set_columns (GlauxChartLayer   *self,
                               GlauxChartColumns *columns)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (priv->columns == columns)
    return;

  g_clear_pointer (&priv->columns, glaux_chart_columns_unref);
  if (columns != NULL)
    priv->columns = glaux_chart_columns_ref (columns);

  g_signal_emit (self, signals[PREPARED], 0);
}

static void
glaux_chart_layer_downsample_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GlauxChartLayer) self = user_data;
  g_autoptr(GlauxChartColumns) columns = NULL;
  g_autoptr(GError) error = NULL;

  columns = glaux_chart_series_downsample_finish (GLAUX_CHART_SERIES (object), result, &error);
  if (columns == NULL)
    {
      /* Cancelled: a newer request replaced this one. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not downsample a chart series: %s", error->message);
      return;
    }

  glaux_chart_layer_set_columns (self, columns);
}

/* Asks for the series downsampled to @n_columns over [@t0, @t1], unless that is already what
 * the layer has or is computing. @synchronous is for export, which needs the result now. */
void
glaux_chart_layer_request_columns (GlauxChartLayer *self,
                                   gint64           t0,
                                   gint64           t1,
                                   guint            n_columns,
                                   gboolean         synchronous)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (priv->series == NULL)
    return;

  if (!synchronous && !priv->dirty && priv->want_t0 == t0 && priv->want_t1 == t1 &&
      priv->want_n_columns == n_columns)
    return;

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);

  if (synchronous)
    {
      g_autoptr(GlauxChartColumns) columns =
        glaux_chart_series_downsample (priv->series, t0, t1, n_columns);

      /* The widget's geometry must be asked for again afterwards. */
      priv->dirty = TRUE;
      glaux_chart_layer_set_columns (self, columns);
      return;
    }

  priv->dirty = FALSE;
  priv->want_t0 = t0;
  priv->want_t1 = t1;
  priv->want_n_columns = n_columns;
  priv->cancellable = g_cancellable_new ();
  glaux_chart_series_downsample_async (priv->series, t0, t1, n_columns, priv->cancellable,
                                       glaux_chart_layer_downsample_cb, g_object_ref (self));
}

/* Data or settings changed: the chart recomputes what depends on this layer. */
void
glaux_chart_layer_changed (GlauxChartLayer *self)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  priv->dirty = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
glaux_chart_layer_measure (GlauxChartLayer       *self,
                           const GlauxChartFrame *frame,
                           GtkBorder             *margins)
{
  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (GLAUX_CHART_LAYER_GET_CLASS (self)->measure)
    GLAUX_CHART_LAYER_GET_CLASS (self)->measure (self, frame, margins);
}

void
glaux_chart_layer_layout (GlauxChartLayer       *self,
                          const GlauxChartFrame *frame)
{
  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (GLAUX_CHART_LAYER_GET_CLASS (self)->layout)
    GLAUX_CHART_LAYER_GET_CLASS (self)->layout (self, frame);
}

void
glaux_chart_layer_draw (GlauxChartLayer       *self,
                        cairo_t               *cr,
                        const GlauxChartFrame *frame)
{
  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (GLAUX_CHART_LAYER_GET_CLASS (self)->draw)
    {
      cairo_save (cr);
      GLAUX_CHART_LAYER_GET_CLASS (self)->draw (self, cr, frame);
      cairo_restore (cr);
    }
}

gboolean
glaux_chart_layer_get_value_extent (GlauxChartLayer *self,
                                    double          *min,
                                    double          *max)
{
  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), FALSE);

  if (GLAUX_CHART_LAYER_GET_CLASS (self)->get_value_extent)
    return GLAUX_CHART_LAYER_GET_CLASS (self)->get_value_extent (self, min, max);

  return FALSE;
}

gboolean
glaux_chart_layer_get_time_extent (GlauxChartLayer *self,
                                   gint64          *first,
                                   gint64          *last)
{
  GlauxChartLayerPrivate *priv = glaux_chart_layer_get_instance_private (self);

  g_return_val_if_fail (GLAUX_IS_CHART_LAYER (self), FALSE);

  if (GLAUX_CHART_LAYER_GET_CLASS (self)->get_time_extent)
    return GLAUX_CHART_LAYER_GET_CLASS (self)->get_time_extent (self, first, last);

  if (priv->series != NULL)
    return glaux_chart_series_get_extent (priv->series, first, last);

  return FALSE;
}

void
glaux_chart_layer_describe (GlauxChartLayer *self,
                            gint64           time,
                            GString         *text)
{
  g_return_if_fail (GLAUX_IS_CHART_LAYER (self));

  if (GLAUX_CHART_LAYER_GET_CLASS (self)->describe)
    GLAUX_CHART_LAYER_GET_CLASS (self)->describe (self, time, text);
}
