/* glaux-s3-client.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "glaux-credentials-provider.h"
#include "glaux-retry-policy.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_S3_OBJECT      (glaux_s3_object_get_type ())
#define GLAUX_TYPE_S3_LIST_RESULT (glaux_s3_list_result_get_type ())
#define GLAUX_TYPE_S3_CLIENT      (glaux_s3_client_get_type ())

/* What S3 says about one object (HeadObject, GetObject headers, a ListObjectsV2 entry). */
typedef struct
{
  char      *key;
  guint64    size;            /* the whole object, also for range reads */
  char      *etag;            /* as sent, quotes included */
  char      *content_type;    /* NULL in listings */
  GDateTime *last_modified;   /* NULL when not sent */
  char      *storage_class;   /* listings only */
} GlauxS3Object;

typedef struct
{
  GPtrArray *objects;                /* GlauxS3Object */
  GPtrArray *common_prefixes;        /* char *, with a delimiter */
  gboolean   is_truncated;
  char      *next_continuation_token;
} GlauxS3ListResult;

GType              glaux_s3_object_get_type      (void) G_GNUC_CONST;
GlauxS3Object     *glaux_s3_object_copy          (const GlauxS3Object     *object);
void               glaux_s3_object_free          (GlauxS3Object           *object);
GType              glaux_s3_list_result_get_type (void) G_GNUC_CONST;
GlauxS3ListResult *glaux_s3_list_result_copy     (const GlauxS3ListResult *result);
void               glaux_s3_list_result_free     (GlauxS3ListResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxS3Object, glaux_s3_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxS3ListResult, glaux_s3_list_result_free)

G_DECLARE_FINAL_TYPE (GlauxS3Client, glaux_s3_client, GLAUX, S3_CLIENT, GObject)

GlauxS3Client     *glaux_s3_client_new                  (SoupSession               *session,
                                                         const char                *endpoint_url,
                                                         const char                *region,
                                                         GlauxCredentialsProvider  *credentials);
const char        *glaux_s3_client_get_endpoint         (GlauxS3Client             *self);
const char        *glaux_s3_client_get_region           (GlauxS3Client             *self);
void               glaux_s3_client_set_force_path_style (GlauxS3Client             *self,
                                                         gboolean                   force_path_style);
gboolean           glaux_s3_client_get_force_path_style (GlauxS3Client             *self);
void               glaux_s3_client_set_max_attempts     (GlauxS3Client             *self,
                                                         guint                      max_attempts);
void               glaux_s3_client_set_timeout          (GlauxS3Client             *self,
                                                         guint                      timeout_ms);
GlauxRetryPolicy  *glaux_s3_client_get_retry_policy     (GlauxS3Client             *self);
void               glaux_s3_client_get_object_async     (GlauxS3Client             *self,
                                                         const char                *bucket,
                                                         const char                *key,
                                                         guint64                    offset,
                                                         gint64                     length,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
GInputStream      *glaux_s3_client_get_object_finish    (GlauxS3Client             *self,
                                                         GAsyncResult              *result,
                                                         GlauxS3Object            **object,
                                                         GError                   **error);
void               glaux_s3_client_head_object_async    (GlauxS3Client             *self,
                                                         const char                *bucket,
                                                         const char                *key,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
GlauxS3Object     *glaux_s3_client_head_object_finish   (GlauxS3Client             *self,
                                                         GAsyncResult              *result,
                                                         GError                   **error);
void               glaux_s3_client_put_object_async     (GlauxS3Client             *self,
                                                         const char                *bucket,
                                                         const char                *key,
                                                         GBytes                    *body,
                                                         const char                *content_type,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
gboolean           glaux_s3_client_put_object_finish    (GlauxS3Client             *self,
                                                         GAsyncResult              *result,
                                                         char                     **etag,
                                                         GError                   **error);
void               glaux_s3_client_list_objects_v2_async (GlauxS3Client            *self,
                                                          const char               *bucket,
                                                          const char               *prefix,
                                                          const char               *delimiter,
                                                          const char               *continuation_token,
                                                          guint                     max_keys,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
GlauxS3ListResult *glaux_s3_client_list_objects_v2_finish (GlauxS3Client           *self,
                                                           GAsyncResult            *result,
                                                           GError                 **error);

G_END_DECLS
