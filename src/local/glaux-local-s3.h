/* glaux-local-s3.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* Each code is one S3 error: glaux_local_s3_error_get_code () gives its S3 name and
 * glaux_local_s3_error_get_status () its HTTP status. */
typedef enum
{
  GLAUX_LOCAL_S3_ERROR_NO_SUCH_BUCKET,         /* NoSuchBucket, 404 */
  GLAUX_LOCAL_S3_ERROR_NO_SUCH_KEY,            /* NoSuchKey, 404 */
  GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME,    /* InvalidBucketName, 400 */
  GLAUX_LOCAL_S3_ERROR_INVALID_KEY,            /* InvalidArgument, 400 */
  GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG,           /* KeyTooLongError, 400 */
  GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT,       /* InvalidArgument, 400 */
  GLAUX_LOCAL_S3_ERROR_INVALID_RANGE,          /* InvalidRange, 416 */
  GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED,          /* AccessDenied, 403 */
  GLAUX_LOCAL_S3_ERROR_INVALID_ACCESS_KEY_ID,  /* InvalidAccessKeyId, 403 */
  GLAUX_LOCAL_S3_ERROR_SIGNATURE_MISMATCH,     /* SignatureDoesNotMatch, 403 */
  GLAUX_LOCAL_S3_ERROR_TIME_SKEWED,            /* RequestTimeTooSkewed, 403 */
  GLAUX_LOCAL_S3_ERROR_CONTENT_SHA256_MISMATCH, /* XAmzContentSHA256Mismatch, 400 */
  GLAUX_LOCAL_S3_ERROR_AUTHORIZATION_MALFORMED, /* AuthorizationHeaderMalformed, 400 */
  GLAUX_LOCAL_S3_ERROR_INVALID_TOKEN,          /* InvalidToken, 400 */
  GLAUX_LOCAL_S3_ERROR_ENTITY_TOO_LARGE,       /* EntityTooLarge, 400 */
  GLAUX_LOCAL_S3_ERROR_INCOMPLETE_BODY,        /* IncompleteBody, 400 */
  GLAUX_LOCAL_S3_ERROR_METHOD_NOT_ALLOWED,     /* MethodNotAllowed, 405 */
  GLAUX_LOCAL_S3_ERROR_NOT_IMPLEMENTED,        /* NotImplemented, 501 */
  GLAUX_LOCAL_S3_ERROR_BUCKET_EXISTS,          /* BucketAlreadyOwnedByYou, 409 */
  GLAUX_LOCAL_S3_ERROR_INTERNAL,               /* InternalError, 500 */
} GlauxLocalS3ErrorCode;

#define GLAUX_LOCAL_S3_ERROR (glaux_local_s3_error_quark ())

/* One ListObjectsV2 page: keys and common prefixes in S3 (byte) order. */
typedef struct
{
  GPtrArray *keys;              /* char *, object keys */
  GArray    *sizes;             /* goffset, one per key */
  GArray    *mtimes;            /* gint64 unix seconds, one per key */
  GPtrArray *common_prefixes;   /* char * */
  char      *next_token;        /* opaque continuation token, or NULL when complete */
} GlauxLocalS3Listing;

#define GLAUX_LOCAL_TYPE_S3 (glaux_local_s3_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalS3, glaux_local_s3, GLAUX_LOCAL, S3, GObject)

GQuark        glaux_local_s3_error_quark      (void);
const char   *glaux_local_s3_error_get_code   (const GError         *error);
guint         glaux_local_s3_error_get_status (const GError         *error);
gboolean      glaux_local_s3_key_validate     (const char           *key,
                                               gsize                 length,
                                               GError              **error);
gboolean      glaux_local_s3_bucket_validate  (const char           *bucket,
                                               GError              **error);
GlauxLocalS3 *glaux_local_s3_new              (const char           *root,
                                               GError              **error);
const char   *glaux_local_s3_get_root         (GlauxLocalS3         *self);
gboolean      glaux_local_s3_create_bucket    (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               gboolean              exist_ok,
                                               GError              **error);
GPtrArray    *glaux_local_s3_list_buckets     (GlauxLocalS3         *self,
                                               GError              **error);
int           glaux_local_s3_open_object      (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               const char           *key,
                                               struct stat          *st,
                                               GError              **error);
int           glaux_local_s3_create_temp      (GlauxLocalS3         *self,
                                               char                **temp_path,
                                               GError              **error);
gboolean      glaux_local_s3_commit_temp      (GlauxLocalS3         *self,
                                               const char           *temp_path,
                                               const char           *bucket,
                                               const char           *key,
                                               GError              **error);
gboolean      glaux_local_s3_commit_temp_with_md5 (GlauxLocalS3     *self,
                                                   const char       *temp_path,
                                                   const char       *bucket,
                                                   const char       *key,
                                                   const char       *md5_hex,
                                                   GError          **error);
/* ETags without reading the object on GET: see glaux-local-s3.c. */
char         *glaux_local_s3_lookup_md5       (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               const char           *key,
                                               const struct stat    *st);
char         *glaux_local_s3_hash_object      (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               const char           *key,
                                               int                   fd,
                                               GCancellable         *cancellable,
                                               GError              **error);
gboolean      glaux_local_s3_put_bytes        (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               const char           *key,
                                               GBytes               *bytes,
                                               GError              **error);
gboolean      glaux_local_s3_delete_object    (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               const char           *key,
                                               GError              **error);
GlauxLocalS3Listing *
              glaux_local_s3_list_objects     (GlauxLocalS3         *self,
                                               const char           *bucket,
                                               const char           *prefix,
                                               const char           *delimiter,
                                               const char           *start_after,
                                               const char           *continuation_token,
                                               guint                 max_keys,
                                               GError              **error);
void          glaux_local_s3_listing_free     (GlauxLocalS3Listing  *listing);
gboolean      glaux_local_s3_parse_uri        (const char           *uri,
                                               char                **bucket,
                                               char                **key,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxLocalS3Listing, glaux_local_s3_listing_free)

G_END_DECLS
