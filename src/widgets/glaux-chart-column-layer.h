/* glaux-chart-column-layer.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-chart-layer.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_COLUMN_LAYER (glaux_chart_column_layer_get_type ())

/* Bars: each sample is the total of the "bucket" that starts at its time (a day by default;
 * append samples at local midnight for daily columns). Tooltips give the bucket's exact value. */
G_DECLARE_FINAL_TYPE (GlauxChartColumnLayer, glaux_chart_column_layer, GLAUX, CHART_COLUMN_LAYER,
                      GlauxChartLayer)

GlauxChartColumnLayer *glaux_chart_column_layer_new        (GlauxChartSeries      *series,
                                                            GlauxChartValueAxis   *axis,
                                                            const char            *title);
GTimeSpan              glaux_chart_column_layer_get_bucket (GlauxChartColumnLayer *self);
void                   glaux_chart_column_layer_set_bucket (GlauxChartColumnLayer *self,
                                                            GTimeSpan              bucket);

G_END_DECLS
