/* glaux-local-error.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-error"

#include "config.h"

#include "glaux-local-error.h"
#include "glaux-sigv4.h"

G_DEFINE_QUARK (glaux-local-error-quark, glaux_local_error)

static const struct
{
  const char *name;
  guint       status;
} error_shapes[] = {
  [GLAUX_LOCAL_ERROR_INVALID_REQUEST] = { "InvalidRequestException", 400 },
  [GLAUX_LOCAL_ERROR_RESOURCE_NOT_FOUND] = { "ResourceNotFoundException", 400 },
  [GLAUX_LOCAL_ERROR_INTERNAL] = { "InternalServerException", 500 },
  [GLAUX_LOCAL_ERROR_TOO_MANY_REQUESTS] = { "TooManyRequestsException", 400 },
  [GLAUX_LOCAL_ERROR_SESSION_ALREADY_EXISTS] = { "SessionAlreadyExistsException", 400 },
  [GLAUX_LOCAL_ERROR_UNKNOWN_OPERATION] = { "UnknownOperationException", 400 },
  [GLAUX_LOCAL_ERROR_SERIALIZATION] = { "SerializationException", 400 },
  [GLAUX_LOCAL_ERROR_ENTITY_TOO_LARGE] = { "RequestEntityTooLargeException", 413 },
  [GLAUX_LOCAL_ERROR_MISSING_AUTHENTICATION] = { "MissingAuthenticationTokenException", 403 },
  [GLAUX_LOCAL_ERROR_INCOMPLETE_SIGNATURE] = { "IncompleteSignatureException", 400 },
  [GLAUX_LOCAL_ERROR_UNRECOGNIZED_CLIENT] = { "UnrecognizedClientException", 403 },
  [GLAUX_LOCAL_ERROR_INVALID_SIGNATURE] = { "InvalidSignatureException", 403 },
};

/* Errors from other domains are internal failures as far as a client is concerned. */
const char *
glaux_local_error_get_name (const GError *error)
{
  if (error->domain != GLAUX_LOCAL_ERROR || error->code < 0
      || (gsize)error->code >= G_N_ELEMENTS (error_shapes))
    return "InternalServerException";

  return error_shapes[error->code].name;
}

guint
glaux_local_error_get_status (const GError *error)
{
  if (error->domain != GLAUX_LOCAL_ERROR || error->code < 0
      || (gsize)error->code >= G_N_ELEMENTS (error_shapes))
    return 500;

  return error_shapes[error->code].status;
}

static char *
format_amz_date (GDateTime *time)
{
  return g_date_time_format (time, "%Y%m%dT%H%M%SZ");
}

/* AWS words it "Signature expired: <date> is now earlier than <now - 15 min> (<now> - 15 min.)"
 * for an old date and "Signature not yet current: ..." for one in the future. */
static char *
skew_text (const char *amz_date,
           GDateTime  *now)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autoptr(GDateTime) earliest = g_date_time_add_minutes (utc, -15);
  g_autoptr(GDateTime) latest = g_date_time_add_minutes (utc, 15);
  g_autofree char *now_text = format_amz_date (utc);
  g_autofree char *earliest_text = format_amz_date (earliest);
  g_autofree char *latest_text = format_amz_date (latest);
  const char *date = amz_date != NULL ? amz_date : "";

  if (g_strcmp0 (date, now_text) < 0)
    return g_strdup_printf ("Signature expired: %s is now earlier than %s (%s - 15 min.)",
                            date, earliest_text, now_text);

  return g_strdup_printf ("Signature not yet current: %s is still later than %s (%s + 15 min.)",
                          date, latest_text, now_text);
}

/* The names and messages AWS JSON services (Athena) answer for each SigV4 failure. Clock skew
 * is an InvalidSignatureException there ("Signature expired: ..."), unlike S3. */
void
glaux_local_error_from_sigv4 (GError      **dest,
                              const GError *sigv4_error,
                              const char   *amz_date,
                              GDateTime    *now)
{
  GlauxLocalErrorCode code = GLAUX_LOCAL_ERROR_INVALID_SIGNATURE;
  const char *message = sigv4_error->message;
  g_autofree char *skew_message = NULL;

  if (sigv4_error->domain == GLAUX_SIGV4_ERROR)
    {
      switch ((GlauxSigv4Error)sigv4_error->code)
        {
        case GLAUX_SIGV4_ERROR_MISSING_AUTHENTICATION:
          code = GLAUX_LOCAL_ERROR_MISSING_AUTHENTICATION;
          message = "Missing Authentication Token";
          break;
        case GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE:
          code = GLAUX_LOCAL_ERROR_INCOMPLETE_SIGNATURE;
          break;
        case GLAUX_SIGV4_ERROR_UNKNOWN_ACCESS_KEY:
        case GLAUX_SIGV4_ERROR_INVALID_TOKEN:
          code = GLAUX_LOCAL_ERROR_UNRECOGNIZED_CLIENT;
          message = "The security token included in the request is invalid.";
          break;
        case GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH:
        case GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH:
          code = GLAUX_LOCAL_ERROR_INVALID_SIGNATURE;
          message = "The request signature we calculated does not match the signature you "
                    "provided. Check your AWS Secret Access Key and signing method. Consult "
                    "the service documentation for details.";
          break;
        case GLAUX_SIGV4_ERROR_TIME_SKEWED:
          code = GLAUX_LOCAL_ERROR_INVALID_SIGNATURE;
          skew_message = skew_text (amz_date, now);
          message = skew_message;
          break;
        default:
          break;
        }
    }

  g_set_error_literal (dest, GLAUX_LOCAL_ERROR, code, message);
}
