/* glaux-chart-layer.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "glaux-chart-series.h"

G_BEGIN_DECLS

#define GLAUX_CHART_PALETTE_SIZE 6

/* Where and with what a chart is drawn: the widget and the exporters fill one each. */
typedef struct _GlauxChartFrame
{
  double           width;
  double           height;
  graphene_rect_t  plot;
  gint64           t0;
  gint64           t1;
  PangoContext    *pango;
  GdkRGBA          foreground;
  GdkRGBA          background;
  GdkRGBA          palette[GLAUX_CHART_PALETTE_SIZE];
} GlauxChartFrame;

double glaux_chart_frame_time_to_x (const GlauxChartFrame *frame,
                                    gint64                 time);
gint64 glaux_chart_frame_x_to_time (const GlauxChartFrame *frame,
                                    double                 x);
PangoLayout *glaux_chart_frame_create_layout (const GlauxChartFrame *frame,
                                              const char            *text,
                                              gboolean               bold);

#define GLAUX_TYPE_CHART_LAYER (glaux_chart_layer_get_type ())

/* A layer of a GlauxChart: an axis, or data drawn against the chart's time range and the
 * layer's value axis. A layer with a series keeps that series downsampled to one column per
 * pixel of the plot; the chart asks for it when data or geometry change, never while drawing.
 * "changed": needs new columns (data or settings changed); "prepared": new columns are in. */
G_DECLARE_DERIVABLE_TYPE (GlauxChartLayer, glaux_chart_layer, GLAUX, CHART_LAYER, GObject)

typedef struct _GlauxChartValueAxis GlauxChartValueAxis;

struct _GlauxChartLayerClass
{
  GObjectClass parent_class;

  /* Axes: reserve room around the plot (called before the plot size is known). */
  void     (*measure)          (GlauxChartLayer       *self,
                                const GlauxChartFrame *frame,
                                GtkBorder             *margins);
  /* Axes: place ticks once the plot is known. */
  void     (*layout)           (GlauxChartLayer       *self,
                                const GlauxChartFrame *frame);
  void     (*draw)             (GlauxChartLayer       *self,
                                cairo_t               *cr,
                                const GlauxChartFrame *frame);
  /* The values this layer needs its value axis to show, from its current columns. */
  gboolean (*get_value_extent) (GlauxChartLayer       *self,
                                double                *min,
                                double                *max);
  /* The time span of its data, for an automatic time range. */
  gboolean (*get_time_extent)  (GlauxChartLayer       *self,
                                gint64                *first,
                                gint64                *last);
  /* Tooltip lines for @time, exact values from the samples. */
  void     (*describe)         (GlauxChartLayer       *self,
                                gint64                 time,
                                GString               *text);
  void     (*prepared)         (GlauxChartLayer       *self);

  gpointer _reserved[8];
};

const char          *glaux_chart_layer_get_title        (GlauxChartLayer     *self);
void                 glaux_chart_layer_set_title        (GlauxChartLayer     *self,
                                                         const char          *title);
GlauxChartSeries    *glaux_chart_layer_get_series       (GlauxChartLayer     *self);
void                 glaux_chart_layer_set_series       (GlauxChartLayer     *self,
                                                         GlauxChartSeries    *series);
GlauxChartValueAxis *glaux_chart_layer_get_value_axis   (GlauxChartLayer     *self);
void                 glaux_chart_layer_set_value_axis   (GlauxChartLayer     *self,
                                                         GlauxChartValueAxis *axis);
int                  glaux_chart_layer_get_palette_index (GlauxChartLayer    *self);
void                 glaux_chart_layer_set_palette_index (GlauxChartLayer    *self,
                                                         int                  index);
void                 glaux_chart_layer_get_color        (GlauxChartLayer     *self,
                                                         const GlauxChartFrame *frame,
                                                         GdkRGBA             *color);
GlauxChartColumns   *glaux_chart_layer_get_columns      (GlauxChartLayer     *self);
void                 glaux_chart_layer_request_columns  (GlauxChartLayer     *self,
                                                         gint64               t0,
                                                         gint64               t1,
                                                         guint                n_columns,
                                                         gboolean             synchronous);
void                 glaux_chart_layer_set_columns      (GlauxChartLayer     *self,
                                                         GlauxChartColumns   *columns);
void                 glaux_chart_layer_changed          (GlauxChartLayer     *self);

void                 glaux_chart_layer_measure          (GlauxChartLayer       *self,
                                                         const GlauxChartFrame *frame,
                                                         GtkBorder             *margins);
void                 glaux_chart_layer_layout           (GlauxChartLayer       *self,
                                                         const GlauxChartFrame *frame);
void                 glaux_chart_layer_draw             (GlauxChartLayer       *self,
                                                         cairo_t               *cr,
                                                         const GlauxChartFrame *frame);
gboolean             glaux_chart_layer_get_value_extent (GlauxChartLayer       *self,
                                                         double                *min,
                                                         double                *max);
gboolean             glaux_chart_layer_get_time_extent  (GlauxChartLayer       *self,
                                                         gint64                *first,
                                                         gint64                *last);
void                 glaux_chart_layer_describe         (GlauxChartLayer       *self,
                                                         gint64                 time,
                                                         GString               *text);

G_END_DECLS
