/* glaux-aws-error.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every failure of an AWS call lands in this domain. SERVICE errors carry the AWS details
 * (error name, message, HTTP status, request id) through GLib's extended error data. */
typedef enum
{
  GLAUX_AWS_ERROR_SERVICE,          /* the service answered with an error (name/message kept) */
  GLAUX_AWS_ERROR_NETWORK,          /* could not connect, connection reset, TLS failure */
  GLAUX_AWS_ERROR_TIMEOUT,          /* no answer within the deadline */
  GLAUX_AWS_ERROR_CREDENTIALS,      /* no usable credentials */
  GLAUX_AWS_ERROR_INVALID_RESPONSE, /* truncated body, malformed JSON/XML, wrong content type */
  GLAUX_AWS_ERROR_VALIDATION,       /* the request broke a model constraint; nothing was sent */
  GLAUX_AWS_ERROR_CONFIGURATION,    /* bad region, endpoint URL, profile... */
} GlauxAwsErrorCode;

#define GLAUX_AWS_ERROR (glaux_aws_error_quark ())

GQuark      glaux_aws_error_quark          (void);
void        glaux_aws_error_set_service    (GError      **error,
                                            const char   *error_name,
                                            const char   *message,
                                            guint         http_status,
                                            const char   *request_id);
const char *glaux_aws_error_get_name       (const GError *error);
const char *glaux_aws_error_get_message    (const GError *error);
guint       glaux_aws_error_get_http_status (const GError *error);
const char *glaux_aws_error_get_request_id (const GError *error);
gboolean    glaux_aws_error_is_retryable   (const GError *error);
char       *glaux_aws_error_sanitize_type  (const char   *raw_type);
GError     *glaux_aws_error_new_from_transport (const GError *error,
                                                const char   *what);

G_END_DECLS
