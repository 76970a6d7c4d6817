/* glaux-aws-error.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-aws-error"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "glaux-aws-error.h"

typedef struct
{
  char  *name;
  char  *message;
  guint  http_status;
  char  *request_id;
} GlauxAwsErrorPrivate;

static void
glaux_aws_error_private_init (GlauxAwsErrorPrivate *priv)
{
}

static void
glaux_aws_error_private_copy (const GlauxAwsErrorPrivate *src,
                              GlauxAwsErrorPrivate       *dest)
{
  dest->name = g_strdup (src->name);
  dest->message = g_strdup (src->message);
  dest->http_status = src->http_status;
  dest->request_id = g_strdup (src->request_id);
}

static void
glaux_aws_error_private_clear (GlauxAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->name, g_free);
  g_clear_pointer (&priv->message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (GlauxAwsError, glaux_aws_error)

/* Standard retry mode (botocore retries/standard.py): codes that mean "slow down"... */
static const char * const throttling_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
  "TooManyRequestsException", "ProvisionedThroughputExceededException",
  "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
  "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
  "EC2ThrottledException",
};

/* ...and codes that mean "try again"; InternalServerException is Athena's 500 fault. */
static const char * const transient_codes[] = {
  "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
  "InternalServerException", "InternalError", "ServiceUnavailable",
};

/* Client faults that no number of retries fixes, whatever status they came with. */
static const char * const never_retried_codes[] = {
  "InvalidRequestException", "ResourceNotFoundException", "ValidationException",
  "ValidationError", "InvalidParameterException", "AccessDeniedException",
  "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
  "MissingAuthenticationToken", "ExpiredTokenException", "SignatureDoesNotMatch",
  "InvalidAccessKeyId", "AccessDenied", "NoSuchKey", "NoSuchBucket",
};

static gboolean
code_in (const char         *name,
         const char * const *codes,
         gsize               n_codes)
{
  for (gsize i = 0; i < n_codes; i++)
    if (g_strcmp0 (name, codes[i]) == 0)
      return TRUE;

  return FALSE;
}

/**
 * glaux_aws_error_set_service:
 *
 * Sets @error to a %GLAUX_AWS_ERROR_SERVICE error that keeps the AWS error name, message,
 * HTTP status and request id. Any of the strings may be %NULL.
 */
void
glaux_aws_error_set_service (GError     **error,
                             const char  *error_name,
                             const char  *message,
                             guint        http_status,
                             const char  *request_id)
{
  GlauxAwsErrorPrivate *priv;
  GError *new_error;

  if (error == NULL)
    return;

  if (message != NULL && *message != '\0')
    new_error = g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE, "%s: %s",
                             error_name ? error_name : "Error", message);
  else
    new_error = g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE, "%s (HTTP %u)",
                             error_name ? error_name : "Error", http_status);

  priv = glaux_aws_error_get_private (new_error);
  priv->name = g_strdup (error_name);
  priv->message = g_strdup (message);
  priv->http_status = http_status;
  priv->request_id = g_strdup (request_id);

  g_propagate_error (error, new_error);
}

static GlauxAwsErrorPrivate *
lookup_private (const GError *error)
{
  if (error == NULL || error->domain != GLAUX_AWS_ERROR)
    return NULL;

  return glaux_aws_error_get_private (error);
}

const char *
glaux_aws_error_get_name (const GError *error)
{
  GlauxAwsErrorPrivate *priv = lookup_private (error);

  return priv ? priv->name : NULL;
}

const char *
glaux_aws_error_get_message (const GError *error)
{
  GlauxAwsErrorPrivate *priv = lookup_private (error);

  return priv ? priv->message : NULL;
}

guint
glaux_aws_error_get_http_status (const GError *error)
{
  GlauxAwsErrorPrivate *priv = lookup_private (error);

  return priv ? priv->http_status : 0;
}

const char *
glaux_aws_error_get_request_id (const GError *error)
{
  GlauxAwsErrorPrivate *priv = lookup_private (error);

  return priv ? priv->request_id : NULL;
}

static gboolean
service_error_is_retryable (const GlauxAwsErrorPrivate *priv)
{
  if (code_in (priv->name, never_retried_codes, G_N_ELEMENTS (never_retried_codes)))
    return FALSE;

  if (code_in (priv->name, throttling_codes, G_N_ELEMENTS (throttling_codes)) ||
      code_in (priv->name, transient_codes, G_N_ELEMENTS (transient_codes)))
    return TRUE;

  switch (priv->http_status)
    {
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * glaux_aws_error_is_retryable:
 *
 * The SDK "standard" retry rules: throttling and transient error codes, HTTP 429/500/502/503/504,
 * network failures and timeouts. Validation, missing resources and anything outside
 * %GLAUX_AWS_ERROR (cancellation in particular) are never retried.
 */
gboolean
glaux_aws_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != GLAUX_AWS_ERROR)
    return FALSE;

  switch ((GlauxAwsErrorCode)error->code)
    {
    case GLAUX_AWS_ERROR_NETWORK:
    case GLAUX_AWS_ERROR_TIMEOUT:
      return TRUE;
    case GLAUX_AWS_ERROR_SERVICE:
      return service_error_is_retryable (glaux_aws_error_get_private (error));
    case GLAUX_AWS_ERROR_CREDENTIALS:
    case GLAUX_AWS_ERROR_INVALID_RESPONSE:
    case GLAUX_AWS_ERROR_VALIDATION:
    case GLAUX_AWS_ERROR_CONFIGURATION:
    default:
      return FALSE;
    }
}

/**
 * glaux_aws_error_sanitize_type:
 * @raw_type: an error type as sent (`aws.protocoltests#FooError:http://internal/`)
 *
 * Keeps the text before the first ':' and, of that, the text after the last '#'.
 *
 * Returns: (transfer full): the bare error name (`FooError`)
 */
char *
glaux_aws_error_sanitize_type (const char *raw_type)
{
  g_autofree char *head = NULL;
  const char *colon;
  const char *hash;

  g_return_val_if_fail (raw_type != NULL, NULL);

  colon = strchr (raw_type, ':');
  head = colon ? g_strndup (raw_type, colon - raw_type) : g_strdup (raw_type);
  hash = strrchr (head, '#');

  return g_strstrip (g_strdup (hash ? hash + 1 : head));
}

static GlauxAwsErrorCode
code_for_transport_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return GLAUX_AWS_ERROR_TIMEOUT;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return GLAUX_AWS_ERROR_INVALID_RESPONSE;

  return GLAUX_AWS_ERROR_NETWORK;
}

/**
 * glaux_aws_error_new_from_transport:
 * @error: what libsoup or GIO reported
 * @what: the call or resource, for the message (`AmazonAthena.GetSession`)
 *
 * Maps a transport failure into %GLAUX_AWS_ERROR: socket timeouts become TIMEOUT, a body cut
 * short becomes INVALID_RESPONSE, everything else (refused, reset, DNS, TLS handshake) NETWORK.
 * Refused certificates are told apart by glaux_http_transport_error(), which sees the message.
 * Cancellation and errors already in %GLAUX_AWS_ERROR are copied unchanged.
 *
 * Returns: (transfer full): the new error
 */
GError *
glaux_aws_error_new_from_transport (const GError *error,
                                    const char   *what)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == GLAUX_AWS_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  return g_error_new (GLAUX_AWS_ERROR, code_for_transport_error (error),
                      "%s: %s", what, error->message);
}
