/* glaux-chart-value-axis.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-chart-layer.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_VALUE_AXIS (glaux_chart_value_axis_get_type ())

/* Formats a value for tick labels and tooltips, e.g. a locale currency amount. */
typedef char *(*GlauxChartValueFormatFunc) (double   value,
                                            gpointer user_data);

/* The y axis, on the left or right of the plot: nice ticks (1, 2, 2.5, 5 × 10ⁿ) over a range
 * that always holds [minimum, maximum] and grows to the values of the layers bound to it; its
 * label (with units) above it. The left axis also draws the horizontal grid. */
G_DECLARE_FINAL_TYPE (GlauxChartValueAxis, glaux_chart_value_axis, GLAUX, CHART_VALUE_AXIS,
                      GlauxChartLayer)

GlauxChartValueAxis *glaux_chart_value_axis_new             (GtkPositionType            position,
                                                             const char                *label,
                                                             const char                *unit);
GtkPositionType      glaux_chart_value_axis_get_position    (GlauxChartValueAxis       *self);
const char          *glaux_chart_value_axis_get_unit        (GlauxChartValueAxis       *self);
void                 glaux_chart_value_axis_set_digits      (GlauxChartValueAxis       *self,
                                                             int                        digits);
void                 glaux_chart_value_axis_set_format_func (GlauxChartValueAxis       *self,
                                                             GlauxChartValueFormatFunc  func,
                                                             gpointer                   user_data,
                                                             GDestroyNotify             destroy);
void                 glaux_chart_value_axis_set_minimum_range (GlauxChartValueAxis     *self,
                                                             double                     minimum,
                                                             double                     maximum);
gboolean             glaux_chart_value_axis_update_range    (GlauxChartValueAxis       *self,
                                                             double                     data_min,
                                                             double                     data_max);
void                 glaux_chart_value_axis_get_range       (GlauxChartValueAxis       *self,
                                                             double                    *min,
                                                             double                    *max);
double               glaux_chart_value_axis_value_to_y      (GlauxChartValueAxis       *self,
                                                             const GlauxChartFrame     *frame,
                                                             double                     value);
char                *glaux_chart_value_axis_format_value    (GlauxChartValueAxis       *self,
                                                             double                     value);

G_END_DECLS
