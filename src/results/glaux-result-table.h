/* glaux-result-table.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_RESULT_ROW   (glaux_result_row_get_type ())
#define GLAUX_TYPE_RESULT_TABLE (glaux_result_table_get_type ())

/* A row handle: made on demand by g_list_model_get_item(), holding only the table and the
 * row's index in the table's current (possibly sorted) order. */
G_DECLARE_FINAL_TYPE (GlauxResultRow, glaux_result_row, GLAUX, RESULT_ROW, GObject)

/* A columnar store of result rows: per column, one growing arena of cell bytes plus an offset
 * array (and a NULL bitmap), so a million rows are a handful of allocations, not a million
 * objects. Cells keep their bytes exactly (invalid UTF-8 included); NULL differs from "".
 *
 * It is a GListModel of GlauxResultRow. Appended rows become visible to the model only when
 * glaux_result_table_flush() is called (the view calls it at most once per frame), so ingest
 * does not emit items-changed per row.
 *
 * Properties (notify): n-columns, n-rows (rows stored), n-rows-seen (rows offered, including
 * those dropped past max-rows), truncated (rows were dropped), n-ragged (rows that had too
 * few or too many cells), sorted-column (-1: file order), sort-descending, max-rows (0, the
 * default: no limit). The counts are notified by flush(), not per row.
 *
 * Not thread-safe: append, flush, sort and read on one thread (the main thread); the sort
 * threads it starts read immutable snapshots. */
G_DECLARE_FINAL_TYPE (GlauxResultTable, glaux_result_table, GLAUX, RESULT_TABLE, GObject)

GlauxResultTable *glaux_result_row_get_table             (GlauxResultRow    *self);
guint             glaux_result_row_get_index             (GlauxResultRow    *self);

GlauxResultTable *glaux_result_table_new                 (void);
/* Header: sets the columns; only before the first row. Rows appended without a header get
 * columns named "1", "2", ... as they need them. */
void              glaux_result_table_set_columns         (GlauxResultTable  *self,
                                                          const char * const *names,
                                                          guint              n_names);
/* Adds a column at any time (JSON lines meet keys late); earlier rows are NULL in it. @name
 * NULL: named by its number. Returns its index. */
guint             glaux_result_table_add_column          (GlauxResultTable  *self,
                                                          const char        *name);
guint             glaux_result_table_get_n_columns       (GlauxResultTable  *self);
const char       *glaux_result_table_get_column_name     (GlauxResultTable  *self,
                                                          guint              column);
/* TRUE when every non-NULL, non-empty cell of the column parses as a number (so far). */
gboolean          glaux_result_table_get_column_numeric  (GlauxResultTable  *self,
                                                          guint              column);

/* Appending a row: begin, one append_cell per cell (value NULL: a NULL cell), end. A row with
 * fewer cells than columns is padded with NULLs, one with more grows the columns; either way it
 * is flagged ragged. Past max-rows, rows are counted and dropped. */
void              glaux_result_table_begin_row           (GlauxResultTable  *self);
void              glaux_result_table_append_cell         (GlauxResultTable  *self,
                                                          const char        *value,
                                                          gsize              length);
void              glaux_result_table_end_row             (GlauxResultTable  *self);
/* A whole row in one call (the same as begin, append_cell per value, end; faster). */
void              glaux_result_table_append_row          (GlauxResultTable   *self,
                                                          const char * const *values,
                                                          const gsize        *lengths,
                                                          guint               n_values);
/* @n_rows rows of @n_values cells each, row after row in @values and @lengths (the same as
 * append_row() per row; faster still: each column's cells are copied in one loop). */
void              glaux_result_table_append_rows         (GlauxResultTable   *self,
                                                          const char * const *values,
                                                          const gsize        *lengths,
                                                          guint               n_values,
                                                          guint               n_rows);
/* Emits items-changed for the rows appended since the last flush; returns their number. In a
 * sorted table they come after the sorted rows, in file order, until the next sort. */
guint             glaux_result_table_flush               (GlauxResultTable  *self);

guint             glaux_result_table_get_n_rows          (GlauxResultTable  *self);
guint64           glaux_result_table_get_n_rows_seen     (GlauxResultTable  *self);
gboolean          glaux_result_table_get_truncated       (GlauxResultTable  *self);
guint             glaux_result_table_get_n_ragged        (GlauxResultTable  *self);
void              glaux_result_table_set_max_rows        (GlauxResultTable  *self,
                                                          guint              max_rows);
guint             glaux_result_table_get_max_rows        (GlauxResultTable  *self);
/* Bytes held by the arenas, offsets and bitmaps. */
gsize             glaux_result_table_get_memory_size     (GlauxResultTable  *self);

/* @row in the current order. Returns NULL for a NULL cell; *length gets the byte length. The
 * pointer stays valid until the next append. */
const char       *glaux_result_table_get_cell            (GlauxResultTable  *self,
                                                          guint              row,
                                                          guint              column,
                                                          gsize             *length);
gboolean          glaux_result_table_get_row_ragged      (GlauxResultTable  *self,
                                                          guint              row);

/* Sorting computes a permutation in a worker thread (numerically for numeric columns, with ""
 * before numbers and NaN after them; text by bytes, i.e. UTF-8 code point order, not locale
 * collation; stable; NULLs last in both directions), then swaps it in and emits one
 * items-changed for the whole model. Rows flushed while a sort runs are sorted in at the end.
 * column -1 restores file order. A newer sort makes a running one fail with
 * G_IO_ERROR_CANCELLED. */
void              glaux_result_table_sort_async          (GlauxResultTable  *self,
                                                          int                column,
                                                          gboolean           descending,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
gboolean          glaux_result_table_sort_finish         (GlauxResultTable  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);
int               glaux_result_table_get_sorted_column   (GlauxResultTable  *self);
gboolean          glaux_result_table_get_sort_descending (GlauxResultTable  *self);

/* Tab-separated text of rows (current order) for the clipboard: tabs and newlines inside cells
 * become spaces, NULL becomes "". @rows: indices; NULL with n_rows 0 means every row. */
char             *glaux_result_table_dup_tsv             (GlauxResultTable  *self,
                                                          const guint       *rows,
                                                          guint              n_rows,
                                                          gboolean           with_header);
/* RFC 4180 CSV of the whole table (header first, current order), written to @stream with
 * blocking writes (run it in a thread, with no appends meanwhile). NULL is an empty field, ""
 * a quoted empty one, as Athena writes them. */
gboolean          glaux_result_table_write_csv           (GlauxResultTable  *self,
                                                          GOutputStream     *stream,
                                                          GCancellable      *cancellable,
                                                          GError           **error);

G_END_DECLS
