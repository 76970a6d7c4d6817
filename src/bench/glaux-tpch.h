/* glaux-tpch.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TPC-H for glaux-local: Glaux's own data generator following the TPC-H specification's schema
 * and value rules (not dbgen: the same shapes and cardinalities, different values, so answer
 * sets differ from dbgen's), written into a SQLite database such as glaux-local's catalog.db,
 * and the 22 queries in SQLite's dialect. */

#define GLAUX_TPCH_N_QUERIES    22
/* The seed the app uses: every query returns rows at SF 0.01 (test-tpch states its counts). */
#define GLAUX_TPCH_DEFAULT_SEED 20260843

/* Called on the thread-default main context of the load_async() caller, at most about every
 * 1 % of the rows: @fraction in [0, 1], @table the table being written. */
typedef void (*GlauxTpchProgressFunc) (double      fraction,
                                       const char *table,
                                       gpointer    user_data);

/* The eight table names in load order, NULL terminated. */
const char * const *glaux_tpch_get_table_names     (void);
/* TRUE for the scale factors the generator supports: 0.01 and 0.1. */
gboolean            glaux_tpch_is_supported_scale_factor (double scale_factor);
/* Rows of @table at @scale_factor as the specification gives them (lineitem: the expected
 * value, 4 per order; the generated count varies with the seed). 0 for an unknown table. */
gint64              glaux_tpch_get_table_cardinality (const char *table,
                                                      double      scale_factor);

/* Generates and writes the eight tables, their indexes and the meta table
 * (glaux_tpch_meta: key/value with scale_factor, seed, generator) in one transaction, replacing
 * any TPC-H tables there. When the same scale factor and seed are already loaded it does
 * nothing and sets *@loaded to FALSE. Blocking: call from a worker thread (load_async). */
gboolean            glaux_tpch_load                (const char            *db_path,
                                                    double                 scale_factor,
                                                    guint64                seed,
                                                    GCancellable          *cancellable,
                                                    GlauxTpchProgressFunc  progress,
                                                    gpointer               progress_data,
                                                    gboolean              *loaded,
                                                    GError               **error);
/* glaux_tpch_load() with GLAUX_TPCH_DEFAULT_SEED in a worker thread. @progress runs on the
 * caller's thread-default context and never after @callback. Cancelling rolls back: the
 * database keeps what it had. */
void                glaux_tpch_load_async          (const char            *db_path,
                                                    double                 scale_factor,
                                                    GCancellable          *cancellable,
                                                    GlauxTpchProgressFunc  progress,
                                                    gpointer               progress_data,
                                                    GDestroyNotify         progress_data_free,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
/* *@loaded (optional): FALSE when the scale factor was already there (nothing written). */
gboolean            glaux_tpch_load_finish         (GAsyncResult          *result,
                                                    gboolean              *loaded,
                                                    GError               **error);

/* The scale factor loaded in @db_path (0 with no error when none is). Blocking but quick. */
double              glaux_tpch_get_loaded_scale_factor (const char  *db_path,
                                                        GError     **error);

/* Query @number (1..22) in SQLite's dialect, with the specification's validation parameters;
 * NULL for another number. */
const char         *glaux_tpch_get_query           (guint                  number);

G_END_DECLS
