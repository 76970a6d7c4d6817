/* glaux-calculation-view.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CALCULATION_VIEW (glaux_calculation_view_get_type ())

/* What one calculation produced: a status line (state with reason, progress, elapsed time,
 * DPU-ms and cost so far from glaux_cost_model_get_default() for the connection's region) and
 * three tabs (AdwViewStack + switcher): Result (a GlauxResultView fed by a GlauxResultLoader
 * while the object downloads, with row count, bytes and rate; text results as text; a df.show()
 * table found in stdout becomes the grid when there is no result object), Output (stdout) and
 * Errors (stderr, selected by itself when the calculation FAILED, so a traceback is in view).
 * Downloads start once the calculation is COMPLETED or FAILED; a lost connection keeps the rows
 * so far and offers Retry (resumes with a Range request). "Export CSV…" (GtkFileChooserNative)
 * streams the whole result from S3 to the file. Everything in flight is cancelled when the
 * calculation changes or the view is disposed.
 * Action: "calculation.export", "calculation.retry". */
G_DECLARE_FINAL_TYPE (GlauxCalculationView, glaux_calculation_view, GLAUX, CALCULATION_VIEW, GtkWidget)

GlauxCalculationView *glaux_calculation_view_new             (void);
/* @calculation may be running (the view follows its notify signals and loads once it ends). */
void                  glaux_calculation_view_set_calculation (GlauxCalculationView *self,
                                                              GlauxConnection      *connection,
                                                              GlauxCalculation     *calculation);
GlauxCalculation     *glaux_calculation_view_get_calculation (GlauxCalculationView *self);
/* What "Export CSV…" does once a file is chosen (so it can run without the file chooser):
 * streams the result object to @file, or writes the table read from stdout; atomically. */
void                  glaux_calculation_view_export_async    (GlauxCalculationView *self,
                                                              GFile                *file,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean              glaux_calculation_view_export_finish   (GlauxCalculationView *self,
                                                              GAsyncResult         *result,
                                                              guint64              *bytes_written,
                                                              GError              **error);

G_END_DECLS
