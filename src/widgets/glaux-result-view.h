/* glaux-result-view.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-result-table.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_RESULT_VIEW (glaux_result_view_get_type ())

/* A GlauxResultTable in a GtkColumnView: columns from the header (rebuilt when they change),
 * numbers right-aligned in a monospace font, NULL shown as a dim "NULL" distinct from "",
 * invalid UTF-8 shown with U+FFFD. Flushes the table at most once per frame (a tick callback),
 * so rows appear while the download runs. Click a header to sort (numeric for numeric columns,
 * in a worker thread); Ctrl+C copies the selected rows as TSV; the context menu copies a cell or
 * the rows. A footer shows "N rows" (+ "first N of M rows kept" when truncated, "K ragged rows
 * padded" when ragged). Actions: "result.copy", "result.copy-cell". */
G_DECLARE_FINAL_TYPE (GlauxResultView, glaux_result_view, GLAUX, RESULT_VIEW, GtkWidget)

GlauxResultView  *glaux_result_view_new       (void);
GlauxResultTable *glaux_result_view_get_table (GlauxResultView  *self);
void              glaux_result_view_set_table (GlauxResultView  *self,
                                               GlauxResultTable *table);

G_END_DECLS
