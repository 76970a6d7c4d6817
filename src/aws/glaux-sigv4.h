/* glaux-sigv4.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "glaux-aws-credentials.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_SIGV4_DEFAULT          = 0,
  /* S3 rules: path signed exactly as sent (no normalisation, no second encoding) and
   * x-amz-content-sha256 added and signed. */
  GLAUX_SIGV4_S3               = 1 << 0,
  /* With GLAUX_SIGV4_S3: x-amz-content-sha256 is UNSIGNED-PAYLOAD instead of the body hash. */
  GLAUX_SIGV4_UNSIGNED_PAYLOAD = 1 << 1,
  /* Only the S3 path rule (signed exactly as sent), without x-amz-content-sha256: the
   * "normalize": false cases of the test suite. GLAUX_SIGV4_S3 implies it. */
  GLAUX_SIGV4_KEEP_PATH        = 1 << 2,
} GlauxSigv4Flags;

/* Why a signature was refused; glaux-local maps these to each protocol's AWS error name. */
typedef enum
{
  GLAUX_SIGV4_ERROR_MISSING_AUTHENTICATION,  /* no Authorization header at all */
  GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,    /* malformed header, missing X-Amz-Date, unsigned host... */
  GLAUX_SIGV4_ERROR_UNKNOWN_ACCESS_KEY,      /* the access key id is not known */
  GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH,      /* recomputed signature differs */
  GLAUX_SIGV4_ERROR_TIME_SKEWED,             /* X-Amz-Date more than 15 minutes from now */
  GLAUX_SIGV4_ERROR_INVALID_TOKEN,           /* the session token does not belong to the key */
  GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH, /* S3: x-amz-content-sha256 is not the body hash */
} GlauxSigv4Error;

#define GLAUX_SIGV4_ERROR (glaux_sigv4_error_quark ())

/* One header as it appears on the wire; order and duplicates matter for signing. */
typedef struct
{
  const char *name;
  const char *value;
} GlauxSigv4Header;

/* A request in wire form: what both the signer and the verifier canonicalise. */
typedef struct
{
  const char             *method;
  const char             *path;          /* as sent, percent-encoded, without the query */
  const char             *query;         /* as sent, without '?', or NULL */
  const GlauxSigv4Header *headers;
  gsize                   n_headers;
  const char             *payload_hash;  /* lowercase hex SHA-256 of the body, or UNSIGNED-PAYLOAD;
                                          * NULL means an empty body */
} GlauxSigv4Request;

/* Returns the secret for @access_key_id, or NULL when the key is unknown; *session_token is set
 * to the token that must accompany the key, or NULL when none is required. */
typedef const char *(*GlauxSigv4SecretLookup) (const char  *access_key_id,
                                               const char **session_token,
                                               gpointer     user_data);

/* What a successful verification established. */
typedef struct
{
  char *access_key_id;
  char *region;
  char *service;
} GlauxSigv4Verified;

GQuark    glaux_sigv4_error_quark          (void);
char     *glaux_sigv4_hex_sha256           (const guint8             *data,
                                            gsize                     length);
char     *glaux_sigv4_canonical_request    (const GlauxSigv4Request  *request,
                                            GlauxSigv4Flags           flags,
                                            char                    **signed_headers);
char     *glaux_sigv4_string_to_sign       (const char               *amz_date,
                                            const char               *region,
                                            const char               *service,
                                            const char               *canonical_request);
char     *glaux_sigv4_signature            (const char               *secret_access_key,
                                            const char               *amz_date,
                                            const char               *region,
                                            const char               *service,
                                            const char               *string_to_sign);
char     *glaux_sigv4_authorization        (const char               *access_key_id,
                                            const char               *amz_date,
                                            const char               *region,
                                            const char               *service,
                                            const char               *signed_headers,
                                            const char               *signature);
gboolean  glaux_sigv4_sign_message         (SoupMessage              *message,
                                            GBytes                   *body,
                                            GlauxAwsCredentials      *credentials,
                                            const char               *region,
                                            const char               *service,
                                            GlauxSigv4Flags           flags,
                                            GDateTime                *now,
                                            GError                  **error);
gboolean  glaux_sigv4_verify               (const GlauxSigv4Request  *request,
                                            GlauxSigv4Flags           flags,
                                            GlauxSigv4SecretLookup    lookup,
                                            gpointer                  lookup_data,
                                            GDateTime                *now,
                                            GlauxSigv4Verified       *verified,
                                            GError                  **error);
void      glaux_sigv4_verified_clear       (GlauxSigv4Verified       *verified);
char     *glaux_sigv4_format_amz_date      (GDateTime                *date_time);
gboolean  glaux_sigv4_verify_message       (SoupServerMessage        *message,
                                            GBytes                   *body,
                                            GlauxSigv4Flags           flags,
                                            GlauxSigv4SecretLookup    lookup,
                                            gpointer                  lookup_data,
                                            GDateTime                *now,
                                            GlauxSigv4Verified       *verified,
                                            GError                  **error);

G_END_DECLS
