/* glaux-calculation-run.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-connection.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CALCULATION_RUN (glaux_calculation_run_get_type ())

/* One run of a code block in a session: StartCalculationExecution with a ClientRequestToken
 * (kept for retries, so a retried start never runs the code twice), then status polling, fast
 * while it runs (500 ms), and a final GetCalculationExecution once it ends so the result,
 * stdout and stderr locations are known.
 *
 * Properties (notify): calculation (GlauxCalculation, NULL until started; updated in place),
 * running (gboolean), elapsed (gint64 µs since submission, ticking while running),
 * error (GError boxed: why it could not start or be followed; a BUSY session gets
 * "The session is busy with another calculation; wait for it to finish or stop it (Ctrl+.)").
 * Signal: finished () once the calculation is COMPLETED, FAILED or CANCELED, or on error. */
G_DECLARE_FINAL_TYPE (GlauxCalculationRun, glaux_calculation_run, GLAUX, CALCULATION_RUN, GObject)

GlauxCalculationRun *glaux_calculation_run_new             (GlauxConnection     *connection,
                                                            const char          *session_id,
                                                            const char          *code,
                                                            const char          *description);
void                 glaux_calculation_run_start           (GlauxCalculationRun *self);
/* StopCalculationExecution; polling goes on until the calculation ends. */
void                 glaux_calculation_run_stop            (GlauxCalculationRun *self);
/* Cancels requests in flight and stops polling (the calculation itself is not stopped). */
void                 glaux_calculation_run_abandon         (GlauxCalculationRun *self);
GlauxCalculation    *glaux_calculation_run_get_calculation (GlauxCalculationRun *self);
gboolean             glaux_calculation_run_get_running     (GlauxCalculationRun *self);
gint64               glaux_calculation_run_get_elapsed     (GlauxCalculationRun *self);
const GError        *glaux_calculation_run_get_error       (GlauxCalculationRun *self);
const char          *glaux_calculation_run_get_code        (GlauxCalculationRun *self);

G_END_DECLS
