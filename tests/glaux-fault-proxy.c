/* glaux-fault-proxy.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-fault-proxy"

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "glaux-fault-proxy.h"

#define MAX_HEADER_LINES 100
#define MAX_BODY_SIZE    (64 * 1024 * 1024)

/* The proxy reads each request itself (GSocketService, GDataInputStream), so it controls every
 * byte of the answer: a reset, a cut body, silence. Requests that reach glaux-local go through
 * a SoupSession of the proxy's thread with the client's headers, Host included, so the client's
 * SigV4 signature still verifies. Everything but the public accessors runs on that thread. */
struct _GlauxFaultProxy
{
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GSocketService *service;
  SoupSession    *upstream_session;
  GUri           *upstream;
  GCancellable   *cancellable;   /* cancelled when the proxy stops: ends every connection */
  GRand          *rand;
  char           *url;
  guint           n_connections;
  gboolean        stopping;

  GMutex          lock;          /* guards what follows */
  GCond           cond;
  gboolean        ready;
  double          rate;
  guint           kinds;
  guint           stall_ms;
  guint           counts[GLAUX_N_FAULTS];
  guint           n_requests;
  GPtrArray      *records;
};

typedef enum
{
  REQUEST_ATHENA,
  REQUEST_S3_OBJECT,
  REQUEST_S3_HEAD,
  REQUEST_S3_LIST,
} RequestClass;

/* One client connection; it handles its requests one after the other. */
typedef struct
{
  GlauxFaultProxy    *proxy;
  GSocketConnection  *connection;
  GDataInputStream   *input;
  GOutputStream      *output;

  char               *method;
  char               *target;
  SoupMessageHeaders *headers;
  guint               n_header_lines;
  guchar             *body;
  gsize               body_size;
  gboolean            close_after;
  RequestClass        request_class;
  GlauxFaultKind      fault;
  guint               forwards_left;

  guint               status;
  char               *reason;
  SoupMessageHeaders *response_headers;
  GBytes             *response_body;
  GBytes             *out;
  gboolean            close_after_write;

  GCancellable       *stall_cancellable;
  gulong              stall_handler;
  GSource            *stall_timer;
  guchar              stall_byte;
} Conn;

static const char *fault_names[GLAUX_N_FAULTS] = {
  "none",
  "http-500",
  "http-503",
  "too-many-requests",
  "throttling",
  "connection-reset",
  "tcp-rst",
  "stall",
  "truncated-body",
  "malformed-json",
  "wrong-content-type",
  "duplicated-request",
};

const char *
glaux_fault_kind_to_string (GlauxFaultKind kind)
{
  g_return_val_if_fail (kind < GLAUX_N_FAULTS, NULL);

  return fault_names[kind];
}

static void
record_free (gpointer data)
{
  GlauxFaultRecord *record = data;

  g_free (record->target);
  g_free (record->invocation_id);
  g_free (record->attempt);
  g_free (record->token);
  g_free (record);
}

static GlauxFaultRecord *
record_copy (const GlauxFaultRecord *record)
{
  GlauxFaultRecord *copy = g_new0 (GlauxFaultRecord, 1);

  copy->target = g_strdup (record->target);
  copy->invocation_id = g_strdup (record->invocation_id);
  copy->attempt = g_strdup (record->attempt);
  copy->token = g_strdup (record->token);
  copy->fault = record->fault;

  return copy;
}

/* ---- Connections ------------------------------------------------------------------------- */

static void read_request (Conn *conn);

static void
conn_reset_request (Conn *conn)
{
  g_clear_pointer (&conn->method, g_free);
  g_clear_pointer (&conn->target, g_free);
  g_clear_pointer (&conn->headers, soup_message_headers_unref);
  g_clear_pointer (&conn->body, g_free);
  g_clear_pointer (&conn->reason, g_free);
  g_clear_pointer (&conn->response_headers, soup_message_headers_unref);
  g_clear_pointer (&conn->response_body, g_bytes_unref);
  g_clear_pointer (&conn->out, g_bytes_unref);
  conn->body_size = 0;
  conn->n_header_lines = 0;
  conn->status = 0;
  conn->close_after = FALSE;
  conn->close_after_write = FALSE;
  conn->fault = GLAUX_FAULT_NONE;
}

/* Closes the connection, with a TCP reset when @reset, and frees it. */
static void
conn_close (Conn     *conn,
            gboolean  reset)
{
  GlauxFaultProxy *proxy = conn->proxy;

  if (reset)
    {
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };
      GSocket *socket = g_socket_connection_get_socket (conn->connection);

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);

  conn_reset_request (conn);
  if (conn->stall_timer != NULL)
    {
      g_source_destroy (conn->stall_timer);
      g_clear_pointer (&conn->stall_timer, g_source_unref);
    }
  if (conn->stall_handler != 0)
    g_cancellable_disconnect (proxy->cancellable, conn->stall_handler);
  g_clear_object (&conn->stall_cancellable);
  g_clear_object (&conn->input);
  g_clear_object (&conn->connection);
  g_free (conn);

  if (--proxy->n_connections == 0 && proxy->stopping)
    g_main_loop_quit (proxy->loop);
}

static void
record_fault (GlauxFaultProxy *proxy,
              GlauxFaultKind   kind)
{
  g_mutex_lock (&proxy->lock);
  proxy->counts[kind]++;
  proxy->n_requests++;
  g_mutex_unlock (&proxy->lock);
}

/* Logs the ClientRequestToken of Athena start calls, to check one token per logical call. */
static void
record_start_request (Conn *conn)
{
  const char *target = soup_message_headers_get_one (conn->headers, "X-Amz-Target");
  g_autoptr(JsonParser) parser = json_parser_new ();
  GlauxFaultRecord *record;
  JsonNode *root;

  if (target == NULL || (!g_str_has_suffix (target, ".StartSession")
                         && !g_str_has_suffix (target, ".StartCalculationExecution")))
    return;

  record = g_new0 (GlauxFaultRecord, 1);
  record->target = g_strdup (target);
  record->invocation_id = g_strdup (soup_message_headers_get_one (conn->headers,
                                                                  "amz-sdk-invocation-id"));
  record->attempt = g_strdup (soup_message_headers_get_one (conn->headers, "amz-sdk-request"));
  record->fault = conn->fault;
  if (conn->body != NULL
      && json_parser_load_from_data (parser, (const char *)conn->body, conn->body_size, NULL))
    {
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_OBJECT (root))
        record->token = g_strdup (json_object_get_string_member_with_default (
                                    json_node_get_object (root), "ClientRequestToken", NULL));
    }

  g_mutex_lock (&conn->proxy->lock);
  g_ptr_array_add (conn->proxy->records, record);
  g_mutex_unlock (&conn->proxy->lock);
}

static RequestClass
classify (Conn *conn)
{
  if (soup_message_headers_get_one (conn->headers, "X-Amz-Target") != NULL)
    return REQUEST_ATHENA;
  if (g_str_equal (conn->method, "HEAD"))
    return REQUEST_S3_HEAD;
  if (strstr (conn->target, "list-type=") != NULL)
    return REQUEST_S3_LIST;

  return REQUEST_S3_OBJECT;
}

static gboolean
kind_applies (GlauxFaultKind kind,
              RequestClass   request_class)
{
  if (kind == GLAUX_FAULT_TRUNCATED)
    return request_class != REQUEST_S3_HEAD;
  /* A cut object body with a matching length is undetectable, as on the real network. */
  if (kind == GLAUX_FAULT_MALFORMED_JSON)
    return request_class == REQUEST_ATHENA || request_class == REQUEST_S3_LIST;

  return TRUE;
}

static GlauxFaultKind
choose_fault (Conn *conn)
{
  GlauxFaultProxy *proxy = conn->proxy;
  GlauxFaultKind candidates[GLAUX_N_FAULTS];
  guint n_candidates = 0;
  double rate;
  guint kinds;

  g_mutex_lock (&proxy->lock);
  rate = proxy->rate;
  kinds = proxy->kinds;
  g_mutex_unlock (&proxy->lock);

  /* Always two draws, so the sequence depends on the seed and the request count only. */
  if (g_rand_double (proxy->rand) >= rate)
    {
      g_rand_int (proxy->rand);
      return GLAUX_FAULT_NONE;
    }

  for (guint kind = GLAUX_FAULT_NONE + 1; kind < GLAUX_N_FAULTS; kind++)
    if ((kinds & (1u << kind)) && kind_applies (kind, conn->request_class))
      candidates[n_candidates++] = kind;

  if (n_candidates == 0)
    {
      g_rand_int (proxy->rand);
      return GLAUX_FAULT_NONE;
    }

  return candidates[g_rand_int_range (proxy->rand, 0, n_candidates)];
}

/* ---- Writing answers -------------------------------------------------------------------- */

static void
response_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Conn *conn = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error)
      || conn->close_after_write || conn->close_after)
    {
      conn_close (conn, FALSE);
      return;
    }

  conn_reset_request (conn);
  read_request (conn);
}

static void
write_out (Conn    *conn,
           GString *text,
           gboolean close_after_write)
{
  gsize size = text->len;

  conn->out = g_string_free_to_bytes (text);
  conn->close_after_write = close_after_write;
  g_output_stream_write_all_async (conn->output, g_bytes_get_data (conn->out, NULL), size,
                                   G_PRIORITY_DEFAULT, conn->proxy->cancellable,
                                   response_written_cb, conn);
}

static gboolean
is_hop_by_hop (const char *name)
{
  static const char * const names[] = {
    "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Proxy-Connection",
    "TE", "Trailer", "Upgrade", "Expect",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

/* The head of an answer; @content_length is what Content-Length says (< 0: none). */
static GString *
response_head (guint               status,
               const char         *reason,
               SoupMessageHeaders *headers,
               gint64              content_length)
{
  GString *text = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", status,
                          reason != NULL ? reason : soup_status_get_phrase (status));
  if (headers != NULL)
    {
      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (!is_hop_by_hop (name))
          g_string_append_printf (text, "%s: %s\r\n", name, value);
    }
  if (content_length >= 0)
    g_string_append_printf (text, "Content-Length: %" G_GINT64_FORMAT "\r\n", content_length);
  g_string_append (text, "\r\n");

  return text;
}

static void
write_canned (Conn       *conn,
              guint       status,
              const char *content_type,
              const char *body)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autofree char *request_id = g_uuid_string_random ();
  GString *text;

  soup_message_headers_append (headers, "Content-Type", content_type);
  soup_message_headers_append (headers, "x-amzn-RequestId", request_id);
  text = response_head (status, NULL, headers, strlen (body));
  if (!g_str_equal (conn->method, "HEAD"))
    g_string_append (text, body);
  write_out (conn, text, FALSE);
}

static void
write_s3_error (Conn       *conn,
                guint       status,
                const char *code,
                const char *message)
{
  g_autofree char *body =
    g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
                     "<Message>%s</Message><RequestId>fault-proxy</RequestId></Error>",
                     code, message);

  write_canned (conn, status, "application/xml", body);
}

static void
write_athena_error (Conn       *conn,
                    guint       status,
                    const char *type,
                    const char *message)
{
  g_autofree char *body = g_strdup_printf ("{\"__type\":\"%s\",\"Message\":\"%s\"}", type, message);

  write_canned (conn, status, "application/x-amz-json-1.1", body);
}

static void
write_injected_error (Conn *conn)
{
  gboolean athena = conn->request_class == REQUEST_ATHENA;

  if (conn->fault == GLAUX_FAULT_HTTP_500 && athena)
    write_athena_error (conn, 500, "InternalServerException",
                        "Injected fault: an internal error occurred.");
  else if (conn->fault == GLAUX_FAULT_HTTP_500)
    write_s3_error (conn, 500, "InternalError",
                    "We encountered an internal error. Please try again.");
  else if (conn->fault == GLAUX_FAULT_HTTP_503 && athena)
    write_athena_error (conn, 503, "ServiceUnavailable",
                        "Injected fault: the service is unavailable.");
  else if (conn->fault == GLAUX_FAULT_HTTP_503)
    write_s3_error (conn, 503, "ServiceUnavailable", "Please reduce your request rate.");
  else if (conn->fault == GLAUX_FAULT_TOO_MANY_REQUESTS && athena)
    write_canned (conn, 400, "application/x-amz-json-1.1",
                  "{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\","
                  "\"Reason\":\"CONCURRENT_QUERY_LIMIT_EXCEEDED\"}");
  else if (conn->fault == GLAUX_FAULT_THROTTLING && athena)
    write_athena_error (conn, 400, "com.amazon.coral.availability#ThrottlingException",
                        "Rate exceeded");
  else if (conn->fault == GLAUX_FAULT_TOO_MANY_REQUESTS || conn->fault == GLAUX_FAULT_THROTTLING)
    write_s3_error (conn, 503, "SlowDown", "Please reduce your request rate.");
  else
    /* A captive portal or a misconfigured gateway: HTML where JSON or XML was expected. */
    write_canned (conn, athena ? 200 : 502, "text/html; charset=utf-8",
                  "<!DOCTYPE html>\n<html><head><title>Gateway error</title></head>"
                  "<body><h1>Gateway error</h1><p>The upstream server did not answer.</p>"
                  "</body></html>\n");
}

/* The forwarded answer, changed as the fault says. */
static void
write_forwarded (Conn *conn)
{
  gsize size = g_bytes_get_size (conn->response_body);
  const guchar *data = g_bytes_get_data (conn->response_body, NULL);
  const char *declared;
  GString *text;

  if (g_str_equal (conn->method, "HEAD") || conn->status == 204 || conn->status == 304)
    {
      declared = soup_message_headers_get_one (conn->response_headers, "Content-Length");
      text = response_head (conn->status, conn->reason, conn->response_headers,
                            declared != NULL ? g_ascii_strtoll (declared, NULL, 10) : -1);
      write_out (conn, text, FALSE);
      return;
    }

  if (conn->fault == GLAUX_FAULT_TRUNCATED)
    {
      /* Half the body (or all of it, when it is tiny) under a larger Content-Length. */
      text = response_head (conn->status, conn->reason, conn->response_headers,
                            size >= 2 ? size : size + 1024);
      g_string_append_len (text, (const char *)data, size >= 2 ? size / 2 : size);
      write_out (conn, text, TRUE);
    }
  else if (conn->fault == GLAUX_FAULT_MALFORMED_JSON)
    {
      text = response_head (200, NULL, conn->response_headers, size / 2 + 1);
      g_string_append_len (text, (const char *)data, size / 2);
      g_string_append_c (text, '{');
      write_out (conn, text, FALSE);
    }
  else
    {
      text = response_head (conn->status, conn->reason, conn->response_headers, size);
      g_string_append_len (text, (const char *)data, size);
      write_out (conn, text, FALSE);
    }
}

/* ---- Stalls ----------------------------------------------------------------------------- */

static void
stall_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Conn *conn = user_data;

  /* Whatever it is (the client gave up, the timer, the proxy stopping), the stall is over. */
  g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  conn_close (conn, FALSE);
}

static gboolean
stall_timer_cb (gpointer user_data)
{
  Conn *conn = user_data;

  g_clear_pointer (&conn->stall_timer, g_source_unref);
  g_cancellable_cancel (conn->stall_cancellable);

  return G_SOURCE_REMOVE;
}

static void
proxy_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Holds the connection open without answering until the client closes it. */
static void
stall (Conn *conn)
{
  guint stall_ms;

  g_mutex_lock (&conn->proxy->lock);
  stall_ms = conn->proxy->stall_ms;
  g_mutex_unlock (&conn->proxy->lock);

  conn->stall_cancellable = g_cancellable_new ();
  conn->stall_handler = g_cancellable_connect (conn->proxy->cancellable,
                                               G_CALLBACK (proxy_cancelled_cb),
                                               g_object_ref (conn->stall_cancellable),
                                               g_object_unref);
  if (stall_ms > 0)
    {
      conn->stall_timer = g_timeout_source_new (stall_ms);
      g_source_set_callback (conn->stall_timer, stall_timer_cb, conn, NULL);
      g_source_attach (conn->stall_timer, conn->proxy->context);
    }
  g_input_stream_read_async (G_INPUT_STREAM (conn->input), &conn->stall_byte, 1,
                             G_PRIORITY_DEFAULT, conn->stall_cancellable, stall_read_cb, conn);
}

/* ---- Forwarding ------------------------------------------------------------------------- */

static void forward (Conn *conn);

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SoupMessage) message = user_data;
  Conn *conn = g_object_get_data (G_OBJECT (message), "conn");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          conn_close (conn, FALSE);
          return;
        }
      write_canned (conn, 502, "text/plain", "The fault proxy could not reach glaux-local.");
      return;
    }

  g_clear_pointer (&conn->response_body, g_bytes_unref);
  g_clear_pointer (&conn->response_headers, soup_message_headers_unref);
  g_clear_pointer (&conn->reason, g_free);
  conn->response_body = g_steal_pointer (&body);
  conn->response_headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  conn->status = soup_message_get_status (message);
  conn->reason = g_strdup (soup_message_get_reason_phrase (message));

  if (--conn->forwards_left > 0)
    {
      forward (conn);
      return;
    }

  if (conn->fault == GLAUX_FAULT_RESET)
    conn_close (conn, FALSE);
  else if (conn->fault == GLAUX_FAULT_STALL)
    stall (conn);
  else
    write_forwarded (conn);
}

static void
forward (Conn *conn)
{
  GlauxFaultProxy *proxy = conn->proxy;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeadersIter iter;
  SoupMessageHeaders *headers;
  SoupMessage *message;
  const char *name;
  const char *value;

  uri = g_uri_parse_relative (proxy->upstream, conn->target, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      write_canned (conn, 400, "text/plain", "The fault proxy cannot parse the request target.");
      return;
    }

  message = soup_message_new_from_uri (conn->method, uri);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);
  /* Host too: the client signed it. */
  soup_message_headers_iter_init (&iter, conn->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (!is_hop_by_hop (name))
      soup_message_headers_append (headers, name, value);
  if (conn->body_size > 0 || g_str_equal (conn->method, "POST")
      || g_str_equal (conn->method, "PUT"))
    {
      g_autoptr(GBytes) body = g_bytes_new (conn->body, conn->body_size);

      soup_message_set_request_body_from_bytes (message, NULL, body);
    }

  g_object_set_data (G_OBJECT (message), "conn", conn);
  soup_session_send_and_read_async (proxy->upstream_session, message, G_PRIORITY_DEFAULT,
                                    proxy->cancellable, forwarded_cb, message);
}

static void
handle_request (Conn *conn)
{
  conn->request_class = classify (conn);
  conn->fault = choose_fault (conn);
  record_fault (conn->proxy, conn->fault);
  record_start_request (conn);

  if (conn->fault == GLAUX_FAULT_HTTP_500 || conn->fault == GLAUX_FAULT_HTTP_503
      || conn->fault == GLAUX_FAULT_TOO_MANY_REQUESTS || conn->fault == GLAUX_FAULT_THROTTLING
      || conn->fault == GLAUX_FAULT_WRONG_CONTENT_TYPE)
    {
      write_injected_error (conn);
    }
  else if (conn->fault == GLAUX_FAULT_RST)
    {
      conn_close (conn, TRUE);
    }
  else
    {
      conn->forwards_left = conn->fault == GLAUX_FAULT_DUPLICATE ? 2 : 1;
      forward (conn);
    }
}

/* ---- Reading requests ------------------------------------------------------------------- */

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Conn *conn = user_data;
  gsize bytes_read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &bytes_read, NULL)
      || bytes_read != conn->body_size)
    {
      conn_close (conn, FALSE);
      return;
    }

  handle_request (conn);
}

static void
continue_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Conn *conn = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    {
      conn_close (conn, FALSE);
      return;
    }

  g_input_stream_read_all_async (G_INPUT_STREAM (conn->input), conn->body, conn->body_size,
                                 G_PRIORITY_DEFAULT, conn->proxy->cancellable, body_read_cb, conn);
}

static void
head_done (Conn *conn)
{
  const char *connection = soup_message_headers_get_one (conn->headers, "Connection");
  const char *expect = soup_message_headers_get_one (conn->headers, "Expect");
  static const char continue_line[] = "HTTP/1.1 100 Continue\r\n\r\n";
  goffset length;

  conn->close_after = connection != NULL && soup_header_contains (connection, "close");

  if (soup_message_headers_get_encoding (conn->headers) == SOUP_ENCODING_CHUNKED)
    {
      conn->close_after = TRUE;
      write_canned (conn, 501, "text/plain", "The fault proxy does not take chunked requests.");
      return;
    }

  length = soup_message_headers_get_content_length (conn->headers);
  if (length < 0 || length > MAX_BODY_SIZE)
    {
      conn->close_after = TRUE;
      write_canned (conn, 413, "text/plain", "The request body is too large for the fault proxy.");
      return;
    }

  conn->body_size = length;
  conn->body = g_malloc (MAX (conn->body_size, 1));
  if (conn->body_size == 0)
    {
      handle_request (conn);
      return;
    }

  if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0)
    {
      g_output_stream_write_all_async (conn->output, continue_line, strlen (continue_line),
                                       G_PRIORITY_DEFAULT, conn->proxy->cancellable,
                                       continue_written_cb, conn);
      return;
    }

  g_input_stream_read_all_async (G_INPUT_STREAM (conn->input), conn->body, conn->body_size,
                                 G_PRIORITY_DEFAULT, conn->proxy->cancellable, body_read_cb, conn);
}

static gboolean
parse_request_line (Conn       *conn,
                    const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 3);

  if (g_strv_length (parts) != 3 || !g_str_has_prefix (parts[2], "HTTP/1.")
      || parts[1][0] != '/')
    return FALSE;

  conn->method = g_strdup (parts[0]);
  conn->target = g_strdup (parts[1]);
  conn->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if (g_str_equal (parts[2], "HTTP/1.0"))
    conn->close_after = TRUE;

  return TRUE;
}

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Conn *conn = user_data;
  g_autofree char *line = NULL;
  const char *colon;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  if (line == NULL)
    {
      /* The client closed its keep-alive connection (or the proxy is stopping). */
      conn_close (conn, FALSE);
      return;
    }

  if (conn->method == NULL)
    {
      if (!parse_request_line (conn, line))
        {
          conn_close (conn, FALSE);
          return;
        }
    }
  else if (line[0] == '\0')
    {
      head_done (conn);
      return;
    }
  else
    {
      colon = strchr (line, ':');
      if (colon == NULL || ++conn->n_header_lines > MAX_HEADER_LINES)
        {
          conn_close (conn, FALSE);
          return;
        }
      line[colon - line] = '\0';
      soup_message_headers_append (conn->headers, g_strstrip (line), g_strstrip ((char *)colon + 1));
    }

  read_request (conn);
}

static void
read_request (Conn *conn)
{
  g_data_input_stream_read_line_async (conn->input, G_PRIORITY_DEFAULT, conn->proxy->cancellable,
                                       line_read_cb, conn);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GlauxFaultProxy *proxy = user_data;
  Conn *conn;

  if (proxy->stopping)
    return FALSE;

  conn = g_new0 (Conn, 1);
  conn->proxy = proxy;
  conn->connection = g_object_ref (connection);
  conn->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (conn->input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (conn->input), FALSE);
  conn->output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  proxy->n_connections++;

  read_request (conn);

  return TRUE;
}

/* ---- The proxy thread ------------------------------------------------------------------- */

static gboolean
start_listening (GlauxFaultProxy  *proxy,
                 GError          **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  proxy->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    return FALSE;

  g_signal_connect (proxy->service, "incoming", G_CALLBACK (incoming_cb), proxy);
  g_socket_service_start (proxy->service);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  return TRUE;
}

static gpointer
proxy_thread (gpointer data)
{
  GlauxFaultProxy *proxy = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (proxy->context);

  proxy->upstream_session = g_object_new (SOUP_TYPE_SESSION,
                                          "max-conns", 64,
                                          "max-conns-per-host", 64,
                                          NULL);
  soup_session_remove_feature_by_type (proxy->upstream_session, SOUP_TYPE_CONTENT_DECODER);
  if (!start_listening (proxy, &error))
    g_error ("The fault proxy cannot listen on loopback: %s", error->message);

  g_mutex_lock (&proxy->lock);
  proxy->ready = TRUE;
  g_cond_signal (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  g_main_loop_run (proxy->loop);

  /* Let the cancelled accept and upstream requests finish before the objects go. */
  soup_session_abort (proxy->upstream_session);
  while (g_main_context_iteration (proxy->context, FALSE))
    ;
  g_clear_object (&proxy->upstream_session);
  g_clear_object (&proxy->service);
  while (g_main_context_iteration (proxy->context, FALSE))
    ;

  g_main_context_pop_thread_default (proxy->context);

  return NULL;
}

static gboolean
stop_cb (gpointer data)
{
  GlauxFaultProxy *proxy = data;

  proxy->stopping = TRUE;
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_cancellable_cancel (proxy->cancellable);
  if (proxy->n_connections == 0)
    g_main_loop_quit (proxy->loop);

  return G_SOURCE_REMOVE;
}

/**
 * glaux_fault_proxy_new:
 * @upstream_url: where requests go (glaux-local's endpoint)
 * @seed: the PRNG seed: the same seed and request order give the same faults
 * @rate: the share of requests that get a fault, 0 to 1
 *
 * Returns: (transfer full): a running proxy on 127.0.0.1 and a free port
 */
GlauxFaultProxy *
glaux_fault_proxy_new (const char *upstream_url,
                       guint32     seed,
                       double      rate)
{
  GlauxFaultProxy *proxy = g_new0 (GlauxFaultProxy, 1);

  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->cond);
  proxy->upstream = g_uri_parse (upstream_url, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert_nonnull (proxy->upstream);
  proxy->rand = g_rand_new_with_seed (seed);
  proxy->rate = CLAMP (rate, 0.0, 1.0);
  proxy->kinds = GLAUX_FAULT_ALL_KINDS;
  proxy->records = g_ptr_array_new_with_free_func (record_free);
  proxy->cancellable = g_cancellable_new ();
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);
  proxy->thread = g_thread_new ("fault-proxy", proxy_thread, proxy);

  g_mutex_lock (&proxy->lock);
  while (!proxy->ready)
    g_cond_wait (&proxy->cond, &proxy->lock);
  g_mutex_unlock (&proxy->lock);

  return proxy;
}

/* Stops the proxy: connections in progress (stalls included) are closed. */
void
glaux_fault_proxy_free (GlauxFaultProxy *proxy)
{
  if (proxy == NULL)
    return;

  g_main_context_invoke (proxy->context, stop_cb, proxy);
  g_thread_join (proxy->thread);

  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_object_unref (proxy->cancellable);
  g_uri_unref (proxy->upstream);
  g_rand_free (proxy->rand);
  g_ptr_array_unref (proxy->records);
  g_free (proxy->url);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->cond);
  g_free (proxy);
}

const char *
glaux_fault_proxy_get_url (GlauxFaultProxy *proxy)
{
  return proxy->url;
}

void
glaux_fault_proxy_set_rate (GlauxFaultProxy *proxy,
                            double           rate)
{
  g_mutex_lock (&proxy->lock);
  proxy->rate = CLAMP (rate, 0.0, 1.0);
  g_mutex_unlock (&proxy->lock);
}

void
glaux_fault_proxy_set_kinds (GlauxFaultProxy *proxy,
                             guint            kinds)
{
  g_mutex_lock (&proxy->lock);
  proxy->kinds = kinds;
  g_mutex_unlock (&proxy->lock);
}

void
glaux_fault_proxy_set_stall_ms (GlauxFaultProxy *proxy,
                                guint            stall_ms)
{
  g_mutex_lock (&proxy->lock);
  proxy->stall_ms = stall_ms;
  g_mutex_unlock (&proxy->lock);
}

guint
glaux_fault_proxy_get_count (GlauxFaultProxy *proxy,
                             GlauxFaultKind   kind)
{
  guint count;

  g_return_val_if_fail (kind < GLAUX_N_FAULTS, 0);

  g_mutex_lock (&proxy->lock);
  count = proxy->counts[kind];
  g_mutex_unlock (&proxy->lock);

  return count;
}

guint
glaux_fault_proxy_get_requests (GlauxFaultProxy *proxy)
{
  guint count;

  g_mutex_lock (&proxy->lock);
  count = proxy->n_requests;
  g_mutex_unlock (&proxy->lock);

  return count;
}

guint
glaux_fault_proxy_get_faults (GlauxFaultProxy *proxy)
{
  guint count;

  g_mutex_lock (&proxy->lock);
  count = proxy->n_requests - proxy->counts[GLAUX_FAULT_NONE];
  g_mutex_unlock (&proxy->lock);

  return count;
}

GPtrArray *
glaux_fault_proxy_dup_records (GlauxFaultProxy *proxy)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (record_free);

  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->records->len; i++)
    g_ptr_array_add (copy, record_copy (g_ptr_array_index (proxy->records, i)));
  g_mutex_unlock (&proxy->lock);

  return copy;
}

char *
glaux_fault_proxy_format_counts (GlauxFaultProxy *proxy)
{
  GString *text = g_string_new (NULL);
  guint requests = glaux_fault_proxy_get_requests (proxy);
  guint faults = glaux_fault_proxy_get_faults (proxy);

  for (guint kind = GLAUX_FAULT_NONE + 1; kind < GLAUX_N_FAULTS; kind++)
    g_string_append_printf (text, "%-20s %u\n", fault_names[kind],
                            glaux_fault_proxy_get_count (proxy, kind));
  g_string_append_printf (text, "%-20s %u of %u requests (%.1f %%)\n", "faults injected", faults,
                          requests, requests > 0 ? 100.0 * faults / requests : 0.0);

  return g_string_free (text, FALSE);
}
