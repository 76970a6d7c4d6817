/* glaux-http.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-http"

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-bounded-input-stream.h"
#include "glaux-http.h"

#define READ_CHUNK_SIZE (64 * 1024)

static SoupSession *default_session;

/**
 * glaux_http_session_new:
 * @ca_bundle: (nullable): a PEM file of trusted CAs; %NULL reads `AWS_CA_BUNDLE`, and without
 *   it the system trust store is used
 *
 * The session every AWS client of the process shares: a `glaux/VERSION` user agent, enough
 * connections per host for parallel S3 reads, socket timeouts. TLS certificate errors are
 * never overridden. libsoup itself honours `SOUP_FORCE_HTTP1=1` as an HTTP/2 escape hatch.
 *
 * Returns: (transfer full): the session, or %NULL when the CA bundle cannot be loaded
 */
SoupSession *
glaux_http_session_new (const char  *ca_bundle,
                        GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupSession *session;

  if (ca_bundle == NULL)
    ca_bundle = g_getenv ("AWS_CA_BUNDLE");

  if (ca_bundle != NULL && *ca_bundle != '\0')
    {
      database = g_tls_file_database_new (ca_bundle, &local_error);
      if (database == NULL)
        {
          g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                       "The CA bundle “%s” (AWS_CA_BUNDLE / ca_bundle) cannot be used: %s",
                       ca_bundle, local_error->message);
          return NULL;
        }
    }

  session = g_object_new (SOUP_TYPE_SESSION,
                          "user-agent", "glaux/" PACKAGE_VERSION,
                          "max-conns", 4 * GLAUX_HTTP_MAX_CONNS_PER_HOST,
                          "max-conns-per-host", GLAUX_HTTP_MAX_CONNS_PER_HOST,
                          "timeout", 60,
                          "idle-timeout", 60,
                          NULL);
  if (database != NULL)
    soup_session_set_tls_database (session, database);

  return session;
}

/**
 * glaux_http_session_get_default:
 *
 * The process-wide session, created on first use (main thread).
 *
 * Returns: (transfer none): the shared session, or %NULL with @error set
 */
SoupSession *
glaux_http_session_get_default (GError **error)
{
  if (default_session == NULL)
    default_session = glaux_http_session_new (NULL, error);

  return default_session;
}

/* The number of body bytes the response declares (0 for HEAD, 204 and 304), or -1 when it is
 * chunked, read to EOF or content-encoded (then the header counts compressed bytes, not what
 * the stream delivers). */
goffset
glaux_http_get_expected_length (SoupMessage *message)
{
  SoupMessageHeaders *headers;
  const char *encoding;
  guint status;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), -1);

  status = soup_message_get_status (message);
  if (soup_message_get_method (message) == SOUP_METHOD_HEAD ||
      status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    return 0;

  headers = soup_message_get_response_headers (message);
  encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0 &&
      !soup_message_is_feature_disabled (message, SOUP_TYPE_CONTENT_DECODER))
    return -1;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return -1;

  return soup_message_headers_get_content_length (headers);
}

static const char *
describe_certificate_flags (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return "it is signed by an unknown certificate authority";
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return "it does not match the host name";
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return "it has expired";
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return "it is not valid yet";
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return "it has been revoked";
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return "it uses an insecure algorithm";

  return "it was rejected";
}

/**
 * glaux_http_transport_error:
 *
 * Maps a send or read failure into %GLAUX_AWS_ERROR, naming the host and, for TLS, why the
 * certificate was refused. A refused certificate is a %GLAUX_AWS_ERROR_CONFIGURATION error: it
 * is never retried nor overridden, the fix is in what the user trusts.
 *
 * Returns: (transfer full): the error to report
 */
GError *
glaux_http_transport_error (SoupMessage  *message,
                            const GError *error,
                            const char   *what)
{
  GTlsCertificateFlags flags;
  GUri *uri;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  uri = soup_message_get_uri (message);
  flags = soup_message_get_tls_peer_certificate_errors (message);

  if (flags != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                        "%s: the TLS certificate of %s is not trusted, so the request was not "
                        "sent: %s (%s). If the endpoint uses a private certificate authority, "
                        "point AWS_CA_BUNDLE at it.",
                        what, g_uri_get_host (uri), describe_certificate_flags (flags),
                        error->message);

  /* libsoup says PARTIAL_INPUT when the peer closes before the status line: nothing of the
   * answer arrived, so it is a connection failure (retried), not a response cut short. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK,
                        "%s: the connection to %s was closed before a response arrived (%s)",
                        what, g_uri_get_host (uri), error->message);

  return glaux_aws_error_new_from_transport (error, what);
}

typedef struct
{
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         max_size;
  char         *what;
} ReadBody;

static void
read_body_free (gpointer data)
{
  ReadBody *read_body = data;

  g_clear_object (&read_body->stream);
  g_clear_pointer (&read_body->buffer, g_byte_array_unref);
  g_clear_pointer (&read_body->what, g_free);
  g_free (read_body);
}

static void read_next_chunk (GTask *task);

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadBody *read_body = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&read_body->buffer)),
                             (GDestroyNotify)g_bytes_unref);
      return;
    }

  if (read_body->buffer->len + g_bytes_get_size (chunk) > read_body->max_size)
    {
      g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                               "%s: the response body is larger than %" G_GSIZE_FORMAT " bytes",
                               read_body->what, read_body->max_size);
      return;
    }

  g_byte_array_append (read_body->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  ReadBody *read_body = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (read_body->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_chunk_cb, task);
}

/**
 * glaux_http_read_body_async:
 * @message: the message whose headers declare the length
 * @stream: the body stream from soup_session_send_finish()
 * @max_size: bodies larger than this are an error
 * @what: the request, for error messages
 *
 * Reads a whole response body. A body shorter than its Content-Length (the peer closed early)
 * or larger than @max_size fails with %GLAUX_AWS_ERROR_INVALID_RESPONSE.
 */
void
glaux_http_read_body_async (SoupMessage         *message,
                            GInputStream        *stream,
                            gsize                max_size,
                            const char          *what,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadBody *read_body;

  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_http_read_body_async);

  read_body = g_new0 (ReadBody, 1);
  read_body->stream = glaux_bounded_input_stream_new (stream,
                                                      glaux_http_get_expected_length (message),
                                                      what);
  read_body->buffer = g_byte_array_new ();
  read_body->max_size = max_size;
  read_body->what = g_strdup (what);
  g_task_set_task_data (task, read_body, read_body_free);

  read_next_chunk (g_steal_pointer (&task));
}

/**
 * glaux_http_read_body_finish:
 *
 * Returns: (transfer full): the body, or %NULL with @error set
 */
GBytes *
glaux_http_read_body_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
