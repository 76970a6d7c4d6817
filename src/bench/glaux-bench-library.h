/* glaux-bench-library.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "glaux-bench-entry.h"
#include "glaux-bench-run.h"

G_BEGIN_DECLS

/* The version of the bench_runs tables this code writes (row "bench-library" of
 * glaux_component_versions). */
#define GLAUX_BENCH_LIBRARY_SCHEMA_VERSION 1

/* The run library: benchmark runs kept in the history database ($XDG_DATA_HOME/glaux/history.db)
 * in its own tables (bench_runs, and its row in glaux_component_versions), through its own SQLite
 * connection (WAL, busy timeout) used only from worker threads. It is a GListModel of
 * GlauxBenchEntry in the order they were added; the list changes on the main context when an
 * operation completes. A file that cannot be imported changes nothing. */
#define GLAUX_TYPE_BENCH_LIBRARY (glaux_bench_library_get_type ())

G_DECLARE_FINAL_TYPE (GlauxBenchLibrary, glaux_bench_library, GLAUX, BENCH_LIBRARY, GObject)

/* Opens (creating or migrating its tables) the database at @path (NULL: the history database)
 * and loads every run, in a worker thread. */
void               glaux_bench_library_new_async       (const char          *path,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GlauxBenchLibrary *glaux_bench_library_new_finish      (GAsyncResult        *result,
                                                        GError             **error);

const char        *glaux_bench_library_get_path        (GlauxBenchLibrary   *self);
/* The entry with that id; NULL when there is none. */
GlauxBenchEntry   *glaux_bench_library_lookup          (GlauxBenchLibrary   *self,
                                                        gint64               id);

/* Imports @file (read and parsed in a worker thread). When a run with the same sha256 is already
 * there, nothing is added: finish returns that entry and sets @already_present; show
 * glaux_bench_library_describe_duplicate(). */
void               glaux_bench_library_add_file_async  (GlauxBenchLibrary   *self,
                                                        GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Adds a document already in memory, e.g. a run Glaux recorded (GLAUX_BENCH_ORIGIN_RECORDED).
 * @source_path may be NULL. */
void               glaux_bench_library_add_json_async  (GlauxBenchLibrary   *self,
                                                        JsonNode            *document,
                                                        GlauxBenchOrigin     origin,
                                                        const char          *source_path,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Finishes either add. Returns: (transfer full): the new or the existing entry. */
GlauxBenchEntry   *glaux_bench_library_add_finish      (GlauxBenchLibrary   *self,
                                                        GAsyncResult        *result,
                                                        gboolean            *already_present,
                                                        GError             **error);
/* "This run is already in the library as “…” (added …)." */
char              *glaux_bench_library_describe_duplicate (GlauxBenchEntry  *entry);

void               glaux_bench_library_set_label_async (GlauxBenchLibrary   *self,
                                                        GlauxBenchEntry     *entry,
                                                        const char          *label,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void               glaux_bench_library_set_notes_async (GlauxBenchLibrary   *self,
                                                        GlauxBenchEntry     *entry,
                                                        const char          *notes,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void               glaux_bench_library_remove_async    (GlauxBenchLibrary   *self,
                                                        GlauxBenchEntry     *entry,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Finishes set_label, set_notes and remove. */
gboolean           glaux_bench_library_update_finish   (GlauxBenchLibrary   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
