/* glaux-result-table-private.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-result-table.h"

G_BEGIN_DECLS

/* Parsing in a worker thread (GlauxResultLoader): the worker appends to a private "staging"
 * table, and hands what it parsed to the main thread in batches; the table the view shows
 * adopts them without copying cell bytes. Whole 4096-row blocks move by pointer; the rows of
 * an unfinished block can be copied (so the first rows show at once, or the rows so far after a
 * failed transfer) and are replaced when their block moves. The staging table must start empty
 * and be the only source of rows for the table that adopts its batches. */
typedef struct _GlauxResultBatch GlauxResultBatch;

/* On the thread that appends to @staging. @copy_tail: also copy the rows of the unfinished
 * last block. @everything: move every block, the unfinished one too; nothing may be appended
 * to @staging afterwards. Returns NULL when there is nothing new. */
GlauxResultBatch *glaux_result_table_take_batch  (GlauxResultTable *staging,
                                                  gboolean          copy_tail,
                                                  gboolean          everything);
/* On the table's thread; takes @batch. Rows become visible at the next flush. */
void              glaux_result_table_adopt_batch (GlauxResultTable *self,
                                                  GlauxResultBatch *batch);
guint             glaux_result_batch_get_n_rows  (GlauxResultBatch *batch);
void              glaux_result_batch_free        (GlauxResultBatch *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxResultBatch, glaux_result_batch_free)

G_END_DECLS
