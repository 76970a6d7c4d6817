/* glaux-chart-image.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Exporting a chart: one drawing, rendered to an image or a document in memory, then saved. */
typedef enum
{
  GLAUX_CHART_IMAGE_PNG,
  GLAUX_CHART_IMAGE_SVG,
  GLAUX_CHART_IMAGE_PDF,
} GlauxChartImageFormat;

/* Draws the whole chart at @width × @height on @cr; @pango has the widget's font at 96 dpi. */
typedef void (*GlauxChartImageDrawFunc) (cairo_t      *cr,
                                         PangoContext *pango,
                                         int           width,
                                         int           height,
                                         gpointer      user_data);

GBytes   *glaux_chart_image_render      (GtkWidget               *widget,
                                         GlauxChartImageFormat    format,
                                         int                      width,
                                         int                      height,
                                         const char              *title,
                                         GlauxChartImageDrawFunc  draw,
                                         gpointer                 user_data,
                                         GError                 **error);
/* Writes @bytes over @file atomically, off the main thread; errors name the file. */
void      glaux_chart_image_save_async  (gpointer                 source_object,
                                         gpointer                 source_tag,
                                         GBytes                  *bytes,
                                         GFile                   *file,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data);
gboolean  glaux_chart_image_save_finish (gpointer                 source_object,
                                         GAsyncResult            *result,
                                         GError                 **error);

G_END_DECLS
