/* glaux-chart-time-axis.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-chart-layer.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_TIME_AXIS (glaux_chart_time_axis_get_type ())

/* The x axis under the plot: ticks at round local times (seconds to weeks, picked so labels
 * do not crowd), with vertical grid lines. Without a range of its own the chart spans its data;
 * with one (e.g. the last 30 days) it shows exactly that. */
G_DECLARE_FINAL_TYPE (GlauxChartTimeAxis, glaux_chart_time_axis, GLAUX, CHART_TIME_AXIS,
                      GlauxChartLayer)

GlauxChartTimeAxis *glaux_chart_time_axis_new       (void);
void                glaux_chart_time_axis_set_range (GlauxChartTimeAxis *self,
                                                     gint64              t0,
                                                     gint64              t1);
void                glaux_chart_time_axis_unset_range (GlauxChartTimeAxis *self);
gboolean            glaux_chart_time_axis_get_range (GlauxChartTimeAxis *self,
                                                     gint64             *t0,
                                                     gint64             *t1);
gint64              glaux_chart_time_axis_get_step  (GlauxChartTimeAxis *self);

G_END_DECLS
