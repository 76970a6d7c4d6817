/* glaux-bench-entry.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-bench-run.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_BENCH_ORIGIN_IMPORTED, /* a BenchBox result file */
  GLAUX_BENCH_ORIGIN_RECORDED, /* a run Glaux recorded */
} GlauxBenchOrigin;

/* A run kept in the run library (GlauxBenchLibrary's items). Everything but the label and the
 * notes is fixed; change those through glaux_bench_library_set_label_async() and
 * glaux_bench_library_set_notes_async(), which store them and then notify "label" / "notes".
 *
 * Properties (read-only): id (gint64), origin, source-path, sha256, added (µs since the epoch),
 * run (GlauxBenchRun), label, notes, title (the label, else the run's label). */
#define GLAUX_TYPE_BENCH_ENTRY (glaux_bench_entry_get_type ())

G_DECLARE_FINAL_TYPE (GlauxBenchEntry, glaux_bench_entry, GLAUX, BENCH_ENTRY, GObject)

GlauxBenchEntry  *glaux_bench_entry_new             (gint64            id,
                                                     GlauxBenchOrigin  origin,
                                                     const char       *source_path,
                                                     gint64            added,
                                                     const char       *label,
                                                     const char       *notes,
                                                     GlauxBenchRun    *run);

gint64            glaux_bench_entry_get_id          (GlauxBenchEntry  *self);
GlauxBenchOrigin  glaux_bench_entry_get_origin      (GlauxBenchEntry  *self);
const char       *glaux_bench_entry_get_source_path (GlauxBenchEntry  *self);
const char       *glaux_bench_entry_get_sha256      (GlauxBenchEntry  *self);
gint64            glaux_bench_entry_get_added       (GlauxBenchEntry  *self);
GlauxBenchRun    *glaux_bench_entry_get_run         (GlauxBenchEntry  *self);
const char       *glaux_bench_entry_get_label       (GlauxBenchEntry  *self);
const char       *glaux_bench_entry_get_notes       (GlauxBenchEntry  *self);
char             *glaux_bench_entry_dup_title       (GlauxBenchEntry  *self);

/* For GlauxBenchLibrary only: updates the value and notifies. */
void              glaux_bench_entry_update_label    (GlauxBenchEntry  *self,
                                                     const char       *label);
void              glaux_bench_entry_update_notes    (GlauxBenchEntry  *self,
                                                     const char       *notes);

G_END_DECLS
