/* glaux-result-loader.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-result-parser.h"
#include "glaux-s3-client.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_RESULT_LOADER_IDLE,
  GLAUX_RESULT_LOADER_LOADING,
  GLAUX_RESULT_LOADER_DONE,
  GLAUX_RESULT_LOADER_FAILED,    /* see error; rows so far are kept, retry() resumes */
  GLAUX_RESULT_LOADER_CANCELLED,
} GlauxResultLoaderState;

#define GLAUX_TYPE_RESULT_LOADER (glaux_result_loader_get_type ())

/* Streams one S3 object (a calculation's result, stdout or stderr) through GlauxS3Client into a
 * parser and its table, or into text, while it downloads. Never blocks the main thread.
 *
 * Properties (notify, at most a few times per second while loading): state, format (the one
 * detected from the result type, key and first bytes), bytes-received, total-bytes (-1 until
 * known), rate (bytes per second, smoothed), error (GError boxed), text-truncated.
 * Signal: finished () when state leaves LOADING. */
G_DECLARE_FINAL_TYPE (GlauxResultLoader, glaux_result_loader, GLAUX, RESULT_LOADER, GObject)

/* @s3_uri: s3://bucket/key. @result_type: the calculation's ResultType, or NULL. @table: where
 * table formats go (NULL forces TEXT). Text is kept up to @text_limit bytes (0: 4 MiB). */
GlauxResultLoader      *glaux_result_loader_new               (GlauxS3Client     *s3,
                                                               const char        *s3_uri,
                                                               const char        *result_type,
                                                               GlauxResultTable  *table,
                                                               gsize              text_limit);
void                    glaux_result_loader_start             (GlauxResultLoader *self);
/* A reconnect makes new clients (GlauxConnection): give the new one before retry(). */
void                    glaux_result_loader_set_s3_client     (GlauxResultLoader *self,
                                                               GlauxS3Client     *s3);
/* After FAILED: resumes with a Range request from bytes-received. */
void                    glaux_result_loader_retry             (GlauxResultLoader *self);
void                    glaux_result_loader_cancel            (GlauxResultLoader *self);
GlauxResultLoaderState  glaux_result_loader_get_state         (GlauxResultLoader *self);
GlauxResultFormat       glaux_result_loader_get_format        (GlauxResultLoader *self);
guint64                 glaux_result_loader_get_bytes_received (GlauxResultLoader *self);
gint64                  glaux_result_loader_get_total_bytes   (GlauxResultLoader *self);
double                  glaux_result_loader_get_rate          (GlauxResultLoader *self);
const GError           *glaux_result_loader_get_error         (GlauxResultLoader *self);
/* The text so far (TEXT format, and the raw text of other formats up to the limit, so a
 * result that fails to parse can still be shown). Valid UTF-8: invalid bytes become U+FFFD. */
const char             *glaux_result_loader_get_text          (GlauxResultLoader *self);
gboolean                glaux_result_loader_get_text_truncated (GlauxResultLoader *self);

/* Exports the whole object as CSV to @destination, streaming from S3 straight to the file: a
 * CSV object is copied byte for byte; other table formats are parsed and written as CSV as they
 * arrive. Nothing is held in memory beyond a chunk; the file is written atomically (a partial
 * export never replaces an existing file). */
void                    glaux_result_export_csv_async         (GlauxS3Client     *s3,
                                                               const char        *s3_uri,
                                                               const char        *result_type,
                                                               GFile             *destination,
                                                               GCancellable      *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer           user_data);
gboolean                glaux_result_export_csv_finish        (GAsyncResult      *result,
                                                               guint64           *bytes_written,
                                                               GError           **error);

G_END_DECLS
