/* glaux-bench-window.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-bench-comparison.h"
#include "glaux-bench-library.h"
#include "glaux-connection-list.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_BENCH_EXPORT_PNG,      /* the chart shown, as an image */
  GLAUX_BENCH_EXPORT_SVG,
  GLAUX_BENCH_EXPORT_PDF,
  GLAUX_BENCH_EXPORT_CSV,      /* the table */
  GLAUX_BENCH_EXPORT_MARKDOWN, /* the table as `glaux compare --format markdown` prints it */
} GlauxBenchExportFormat;

/* Formats a comparison as Markdown (transfer full). */
typedef char *(*GlauxBenchReportFunc) (GlauxBenchComparison *comparison);

#define GLAUX_TYPE_BENCH_WINDOW (glaux_bench_window_get_type ())

/* The benchmark window: the run library on the left (import by file chooser or drag and drop,
 * label, notes, export, remove), the comparison of the ticked runs on the right (grouped bars,
 * % change bars, a summary strip and a sortable table), and recording a run.
 *
 * Actions under "bench.": import, record, export-png, export-svg, export-pdf, export-csv,
 * export-markdown, show-times, show-changes, export-run, remove-run. */
G_DECLARE_FINAL_TYPE (GlauxBenchWindow, glaux_bench_window, GLAUX, BENCH_WINDOW, AdwApplicationWindow)

/* @library_path: the run library's database; NULL: the history database. @connections
 * (nullable): where runs are recorded. */
GlauxBenchWindow     *glaux_bench_window_new             (GtkApplication          *application,
                                                          GlauxConnectionList     *connections,
                                                          const char              *library_path);
/* The Markdown export's formatter (the application gives glaux compare's). */
void                  glaux_bench_window_set_report_func (GlauxBenchWindow        *self,
                                                          GlauxBenchReportFunc     func);
/* NULL until the library is open. */
GlauxBenchLibrary    *glaux_bench_window_get_library     (GlauxBenchWindow        *self);
/* Imports the files one after the other (after the library has opened); a file that cannot be
 * imported shows its reason in a toast and changes nothing. */
void                  glaux_bench_window_import_files    (GlauxBenchWindow        *self,
                                                          GFile                  **files,
                                                          guint                    n_files);
/* Ticks exactly these runs for comparison, the first as baseline. */
void                  glaux_bench_window_set_compared    (GlauxBenchWindow        *self,
                                                          GlauxBenchEntry        **entries,
                                                          guint                    n_entries);
/* The comparison shown; NULL when none is (too few runs ticked, or refused). */
GlauxBenchComparison *glaux_bench_window_get_comparison  (GlauxBenchWindow        *self);
/* Why the ticked runs cannot be compared; NULL when they can. */
const char           *glaux_bench_window_get_refusal     (GlauxBenchWindow        *self);
/* Writes the chart shown or the table to @file (atomically, off the main thread). */
void                  glaux_bench_window_export_async    (GlauxBenchWindow        *self,
                                                          GlauxBenchExportFormat   format,
                                                          GFile                   *file,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean              glaux_bench_window_export_finish   (GlauxBenchWindow        *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
/* The table as CSV: query, each run's median (ms), each other run's change (%) and band. */
char                 *glaux_bench_window_format_csv      (GlauxBenchComparison    *comparison,
                                                          const char * const      *run_names);

G_END_DECLS
