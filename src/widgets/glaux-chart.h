/* glaux-chart.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "glaux-chart-column-layer.h"
#include "glaux-chart-layer.h"
#include "glaux-chart-line-layer.h"
#include "glaux-chart-series.h"
#include "glaux-chart-span-layer.h"
#include "glaux-chart-time-axis.h"
#include "glaux-chart-value-axis.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART (glaux_chart_get_type ())

/* A chart in the sysprof manner: layers (axes, lines and areas, columns, spans) drawn in
 * order in snapshot, from data downsampled off the draw path; a title, a hover marker and a
 * tooltip with exact values; colours from the theme (accent and libadwaita palette). CSS name
 * "chart". Exports the same drawing, with title, axes and units, as PNG or SVG. */
G_DECLARE_FINAL_TYPE (GlauxChart, glaux_chart, GLAUX, CHART, GtkWidget)

GlauxChart *glaux_chart_new                  (void);
const char *glaux_chart_get_title            (GlauxChart       *self);
void        glaux_chart_set_title            (GlauxChart       *self,
                                              const char       *title);
void        glaux_chart_add_layer            (GlauxChart       *self,
                                              GlauxChartLayer  *layer);
void        glaux_chart_remove_layer         (GlauxChart       *self,
                                              GlauxChartLayer  *layer);
void        glaux_chart_get_time_range       (GlauxChart       *self,
                                              gint64           *t0,
                                              gint64           *t1);
gboolean    glaux_chart_get_plot_area        (GlauxChart       *self,
                                              graphene_rect_t  *plot);
double      glaux_chart_time_to_x            (GlauxChart       *self,
                                              gint64            time);
char       *glaux_chart_get_tooltip_text_at  (GlauxChart       *self,
                                              double            x,
                                              double            y);
gboolean    glaux_chart_is_prepared          (GlauxChart       *self);

GBytes     *glaux_chart_render_png           (GlauxChart       *self,
                                              int               width,
                                              int               height,
                                              GError          **error);
GBytes     *glaux_chart_render_svg           (GlauxChart       *self,
                                              int               width,
                                              int               height,
                                              GError          **error);
void        glaux_chart_export_png_async     (GlauxChart       *self,
                                              GFile            *file,
                                              int               width,
                                              int               height,
                                              GCancellable     *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer          user_data);
void        glaux_chart_export_svg_async     (GlauxChart       *self,
                                              GFile            *file,
                                              int               width,
                                              int               height,
                                              GCancellable     *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer          user_data);
gboolean    glaux_chart_export_finish        (GlauxChart       *self,
                                              GAsyncResult     *result,
                                              GError          **error);

G_END_DECLS
