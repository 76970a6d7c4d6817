/* glaux-query-set.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  GLAUX_QUERY_LANGUAGE_SQL,
  GLAUX_QUERY_LANGUAGE_PYTHON,
} GlauxQueryLanguage;

#define GLAUX_TYPE_QUERY_SET (glaux_query_set_get_type ())

/* An ordered list of queries to benchmark, each (id, language, code): the TPC-H preset or a
 * folder of .sql / .py files. Immutable once made. */
G_DECLARE_FINAL_TYPE (GlauxQuerySet, glaux_query_set, GLAUX, QUERY_SET, GObject)

/* The 22 TPC-H queries, ids "1".."22", benchmark id "tpch", name "TPC-H". */
GlauxQuerySet      *glaux_query_set_new_tpch          (void);
/* Every .sql / .py file directly in @folder (other files and folders are skipped), in natural
 * order of their names (q2 before q10). Id: the base name without the extension and one
 * leading "q" / "Q" ("q01.sql" → "1", "Q14a.sql" → "14a", "setup.py" → "setup"); leading zeros
 * of a numeric id are dropped. Benchmark id and name: the folder's name. Fails with a message
 * naming the file when one cannot be read, is empty or is not UTF-8, when two files give the
 * same id, and when the folder holds no query. Blocking: use new_from_folder_async on the main
 * thread. */
GlauxQuerySet      *glaux_query_set_new_from_folder   (GFile               *folder,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
void                glaux_query_set_new_from_folder_async  (GFile               *folder,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GlauxQuerySet      *glaux_query_set_new_from_folder_finish (GAsyncResult        *result,
                                                            GError             **error);
/* A subset of @self: the queries whose ids are in @ids (in @self's order); unknown ids are
 * ignored. */
GlauxQuerySet      *glaux_query_set_filter            (GlauxQuerySet       *self,
                                                       const char * const  *ids);

/* "tpch", or the folder's name. */
const char         *glaux_query_set_get_benchmark_id  (GlauxQuerySet       *self);
/* "TPC-H", or the folder's name. */
const char         *glaux_query_set_get_benchmark_name (GlauxQuerySet      *self);
gboolean            glaux_query_set_get_is_tpch       (GlauxQuerySet       *self);
guint               glaux_query_set_get_n_queries     (GlauxQuerySet       *self);
const char         *glaux_query_set_get_id            (GlauxQuerySet       *self,
                                                       guint                index);
GlauxQueryLanguage  glaux_query_set_get_language      (GlauxQuerySet       *self,
                                                       guint                index);
const char         *glaux_query_set_get_code          (GlauxQuerySet       *self,
                                                       guint                index);
/* The code block to submit: SQL gets a first line "%%sql" (how glaux-local and the editor mark
 * SQL); Python goes as it is. */
char               *glaux_query_set_get_code_block    (GlauxQuerySet       *self,
                                                       guint                index);

/* Natural order of two ids or file names: digit runs compare by value ("2" < "10"), the rest
 * case-insensitively. */
int                 glaux_query_set_compare_natural   (const char          *a,
                                                       const char          *b);

G_END_DECLS
