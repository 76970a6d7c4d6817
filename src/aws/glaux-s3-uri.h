/* glaux-s3-uri.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_S3_URI (glaux_s3_uri_get_type ())

/* s3://bucket/key; the key is kept exactly as written (S3 URIs are not percent-encoded). */
typedef struct
{
  char *bucket;
  char *key;     /* "" for s3://bucket and s3://bucket/ */
} GlauxS3Uri;

GType       glaux_s3_uri_get_type          (void) G_GNUC_CONST;
GlauxS3Uri *glaux_s3_uri_parse             (const char        *text,
                                            gboolean           require_key,
                                            GError           **error);
GlauxS3Uri *glaux_s3_uri_copy              (const GlauxS3Uri  *uri);
void        glaux_s3_uri_free              (GlauxS3Uri        *uri);
char       *glaux_s3_uri_to_string         (const GlauxS3Uri  *uri);
gboolean    glaux_s3_validate_bucket_name  (const char        *bucket,
                                            GError           **error);
gboolean    glaux_s3_validate_key          (const char        *key,
                                            GError           **error);
char       *glaux_s3_encode_key            (const char        *key);
gboolean    glaux_s3_endpoint_is_aws       (const char        *endpoint_url);
gboolean    glaux_s3_use_path_style        (const char        *endpoint_url,
                                            const char        *bucket,
                                            gboolean           force_path_style);
char       *glaux_s3_build_url             (const char        *endpoint_url,
                                            const char        *bucket,
                                            const char        *key,
                                            gboolean           force_path_style,
                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxS3Uri, glaux_s3_uri_free)

G_END_DECLS
