/* glaux-calculation-row.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-calculation.h"
#include "glaux-connection.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CALCULATION_ROW (glaux_calculation_row_get_type ())

/* A calculation in the editor pane's history: state badge, start time and cost on top, the
 * duration and DPU-milliseconds below (cost from glaux_cost_model_get_default() at @connection's price).
 * Follows the calculation's notify signals while it runs. */
G_DECLARE_FINAL_TYPE (GlauxCalculationRow, glaux_calculation_row, GLAUX, CALCULATION_ROW, GtkWidget)

GlauxCalculationRow *glaux_calculation_row_new             (void);
void                 glaux_calculation_row_set_calculation (GlauxCalculationRow *self,
                                                            GlauxCalculation    *calculation,
                                                            GlauxConnection     *connection);
GlauxCalculation    *glaux_calculation_row_get_calculation (GlauxCalculationRow *self);

G_END_DECLS
