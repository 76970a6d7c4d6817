/* glaux-chart-export-button.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-chart.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_EXPORT_BUTTON (glaux_chart_export_button_get_type ())

/* A menu button for a chart: "Export as PNG…" and "Export as SVG…" ask for a file
 * (GtkFileChooserNative) and write the chart there with its title, axes and units; a failure
 * shows as a toast. Properties: chart (GlauxChart), basename (char*, the suggested file name
 * without extension). Actions: "chart.export-png", "chart.export-svg". */
G_DECLARE_FINAL_TYPE (GlauxChartExportButton, glaux_chart_export_button, GLAUX, CHART_EXPORT_BUTTON,
                      GtkWidget)

GlauxChartExportButton *glaux_chart_export_button_new          (void);
GlauxChart             *glaux_chart_export_button_get_chart    (GlauxChartExportButton *self);
void                    glaux_chart_export_button_set_chart    (GlauxChartExportButton *self,
                                                                GlauxChart             *chart);
const char             *glaux_chart_export_button_get_basename (GlauxChartExportButton *self);
void                    glaux_chart_export_button_set_basename (GlauxChartExportButton *self,
                                                                const char             *basename);

G_END_DECLS
