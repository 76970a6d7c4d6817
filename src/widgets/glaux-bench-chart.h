/* glaux-bench-chart.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "glaux-bench-comparison.h"
#include "glaux-chart-image.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_BENCH_CHART_BARS,      /* grouped bars: each run's median per query */
  GLAUX_BENCH_CHART_DIVERGING, /* % change against the baseline per query, coloured by band */
} GlauxBenchChartKind;

#define GLAUX_TYPE_BENCH_CHART (glaux_bench_chart_get_type ())

/* A categorical chart of a GlauxBenchComparison (one group per query), drawn with cairo in
 * snapshot in the theme's colours, with a legend, axis titles with units and a tooltip giving
 * the exact values under the pointer. The same picture renders to PNG, SVG and PDF.
 *
 * Properties: kind (construct only), comparison, log-scale (BARS only), title. */
G_DECLARE_FINAL_TYPE (GlauxBenchChart, glaux_bench_chart, GLAUX, BENCH_CHART, GtkWidget)

GlauxBenchChart      *glaux_bench_chart_new              (GlauxBenchChartKind    kind);
GlauxBenchChartKind   glaux_bench_chart_get_kind         (GlauxBenchChart       *self);
GlauxBenchComparison *glaux_bench_chart_get_comparison   (GlauxBenchChart       *self);
void                  glaux_bench_chart_set_comparison   (GlauxBenchChart       *self,
                                                          GlauxBenchComparison  *comparison);
gboolean              glaux_bench_chart_get_log_scale    (GlauxBenchChart       *self);
void                  glaux_bench_chart_set_log_scale    (GlauxBenchChart       *self,
                                                          gboolean               log_scale);
void                  glaux_bench_chart_set_run_names    (GlauxBenchChart       *self,
                                                          const char * const    *names);
const char           *glaux_bench_chart_get_title        (GlauxBenchChart       *self);
void                  glaux_bench_chart_set_title        (GlauxBenchChart       *self,
                                                          const char            *title);

/* The tooltip at a point of the widget (query, then each value exactly); NULL off the bars. */
char                 *glaux_bench_chart_get_tooltip_text_at (GlauxBenchChart    *self,
                                                             double              x,
                                                             double              y);

/* The chart drawn at @width × @height points with title, legend, axes and units. */
GBytes               *glaux_bench_chart_render           (GlauxBenchChart       *self,
                                                          GlauxChartImageFormat  format,
                                                          int                    width,
                                                          int                    height,
                                                          GError               **error);
/* Renders, then writes @file atomically (a temporary file renamed over it) off the main
 * thread. */
void                  glaux_bench_chart_export_async     (GlauxBenchChart       *self,
                                                          GlauxChartImageFormat  format,
                                                          GFile                 *file,
                                                          int                    width,
                                                          int                    height,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean              glaux_bench_chart_export_finish    (GlauxBenchChart       *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
