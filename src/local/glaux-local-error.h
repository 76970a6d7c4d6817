/* glaux-local-error.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The errors glaux-local answers with on the Athena JSON protocol; each maps to one AWS error
 * shape name and HTTP status (glaux_local_error_get_name / _get_status). */
typedef enum
{
  GLAUX_LOCAL_ERROR_INVALID_REQUEST,          /* InvalidRequestException, 400 */
  GLAUX_LOCAL_ERROR_RESOURCE_NOT_FOUND,       /* ResourceNotFoundException, 400 */
  GLAUX_LOCAL_ERROR_INTERNAL,                 /* InternalServerException, 500 */
  GLAUX_LOCAL_ERROR_TOO_MANY_REQUESTS,        /* TooManyRequestsException, 400 */
  GLAUX_LOCAL_ERROR_SESSION_ALREADY_EXISTS,   /* SessionAlreadyExistsException, 400 */
  GLAUX_LOCAL_ERROR_UNKNOWN_OPERATION,        /* UnknownOperationException, 400 */
  GLAUX_LOCAL_ERROR_SERIALIZATION,            /* SerializationException, 400 */
  GLAUX_LOCAL_ERROR_ENTITY_TOO_LARGE,         /* RequestEntityTooLargeException, 413 */
  GLAUX_LOCAL_ERROR_MISSING_AUTHENTICATION,   /* MissingAuthenticationTokenException, 403 */
  GLAUX_LOCAL_ERROR_INCOMPLETE_SIGNATURE,     /* IncompleteSignatureException, 400 */
  GLAUX_LOCAL_ERROR_UNRECOGNIZED_CLIENT,      /* UnrecognizedClientException, 403 */
  GLAUX_LOCAL_ERROR_INVALID_SIGNATURE,        /* InvalidSignatureException, 403 */
} GlauxLocalErrorCode;

#define GLAUX_LOCAL_ERROR (glaux_local_error_quark ())

GQuark      glaux_local_error_quark      (void);
const char *glaux_local_error_get_name   (const GError *error);
guint       glaux_local_error_get_status (const GError *error);
void        glaux_local_error_from_sigv4 (GError      **dest,
                                          const GError *sigv4_error,
                                          const char   *amz_date,
                                          GDateTime    *now);

G_END_DECLS
