/* glaux-chart-span-layer.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-chart-layer.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_SPAN_LAYER (glaux_chart_span_layer_get_type ())

/* Shaded time spans over the whole plot height, labelled where they are wide enough (e.g.
 * calculation runs). A span still running has no end yet (-1) and reaches the chart's end. */
G_DECLARE_FINAL_TYPE (GlauxChartSpanLayer, glaux_chart_span_layer, GLAUX, CHART_SPAN_LAYER,
                      GlauxChartLayer)

GlauxChartSpanLayer *glaux_chart_span_layer_new         (const char          *title);
guint                glaux_chart_span_layer_add_span    (GlauxChartSpanLayer *self,
                                                         gint64               start,
                                                         gint64               end,
                                                         const char          *label);
void                 glaux_chart_span_layer_set_span_end (GlauxChartSpanLayer *self,
                                                         guint                span,
                                                         gint64               end);
guint                glaux_chart_span_layer_get_n_spans (GlauxChartSpanLayer *self);
void                 glaux_chart_span_layer_clear       (GlauxChartSpanLayer *self);

G_END_DECLS
