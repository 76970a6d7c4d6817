/* glaux-local-sql-job.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-local-s3.h"

G_BEGIN_DECLS

/* What one SQL code block produced. result_rows is -1 when no statement returned rows. */
typedef struct
{
  gboolean  success;
  gboolean  interrupted;
  GBytes   *stdout_bytes;
  GBytes   *stderr_bytes;
  gint64    result_rows;
} GlauxLocalSqlOutcome;

#define GLAUX_LOCAL_TYPE_SQL_JOB (glaux_local_sql_job_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalSqlJob, glaux_local_sql_job, GLAUX_LOCAL, SQL_JOB, GObject)

GlauxLocalSqlJob     *glaux_local_sql_job_new          (const char            *catalog_path,
                                                        const char            *code,
                                                        GlauxLocalS3          *s3,
                                                        const char            *result_bucket,
                                                        const char            *result_key);
void                  glaux_local_sql_job_run_async    (GlauxLocalSqlJob      *self,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
GlauxLocalSqlOutcome *glaux_local_sql_job_run_finish   (GlauxLocalSqlJob      *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
void                  glaux_local_sql_job_interrupt    (GlauxLocalSqlJob      *self);
gboolean              glaux_local_sql_is_sql_block     (const char            *code);
void                  glaux_local_sql_outcome_free     (GlauxLocalSqlOutcome  *outcome);
void                  glaux_local_sql_append_csv_field (GString               *out,
                                                        const char            *value,
                                                        gsize                  length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxLocalSqlOutcome, glaux_local_sql_outcome_free)

G_END_DECLS
