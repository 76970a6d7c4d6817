/* glaux-chart-line-layer.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-chart-layer.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_LINE_LAYER (glaux_chart_line_layer_get_type ())

/* A series as a line, or a filled area ("fill"). An area may stack on another line layer
 * ("stack-on"): its values are drawn on top of that layer's, and its fill starts there (e.g.
 * executors on top of the coordinator). Each pixel column shows the first, lowest, highest and
 * last value of its samples, so spikes survive downsampling. */
G_DECLARE_FINAL_TYPE (GlauxChartLineLayer, glaux_chart_line_layer, GLAUX, CHART_LINE_LAYER,
                      GlauxChartLayer)

GlauxChartLineLayer *glaux_chart_line_layer_new          (GlauxChartSeries    *series,
                                                          GlauxChartValueAxis *axis,
                                                          const char          *title);
gboolean             glaux_chart_line_layer_get_fill     (GlauxChartLineLayer *self);
void                 glaux_chart_line_layer_set_fill     (GlauxChartLineLayer *self,
                                                          gboolean             fill);
GlauxChartLineLayer *glaux_chart_line_layer_get_stack_on (GlauxChartLineLayer *self);
void                 glaux_chart_line_layer_set_stack_on (GlauxChartLineLayer *self,
                                                          GlauxChartLineLayer *base);
GlauxChartColumns   *glaux_chart_line_layer_get_top      (GlauxChartLineLayer *self);

G_END_DECLS
