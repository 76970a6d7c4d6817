/* fuzz-local-request.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* glaux-local's request handling, headers and body to the Athena and S3 dispatch. One real
 * GlauxLocalServer runs in this process on 127.0.0.1; each input becomes one HTTP request on a
 * new loopback connection, and the main loop runs until the server closes it.
 *
 * Input: a flags byte, then "METHOD TARGET\n", "Name: value\n" header lines, an empty line and
 * the body. Flags bit 0 clear: the request is signed for the server's key like a real client
 * (Host, X-Amz-Date, x-amz-content-sha256 for S3 and Authorization added; the harness's own
 * Host, Content-Length and "Connection: close" replace any framing header of the input), so
 * the fuzzer gets past authentication to the operations; set: the bytes go to the socket as
 * they are (CRLF line ends, and "Connection: close" after the request line so it stays one
 * request). Bit 1 signs for S3 even for POST /, bit 2 signs for Athena otherwise. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glaux-fuzz-util.h"
#include "glaux-local-server.h"
#include "glaux-sigv4.h"

#define ACCESS_KEY_ID     "AKIAFUZZFUZZFUZZFUZZ"
#define SECRET_ACCESS_KEY "fuzz/secret/fuzz/secret/fuzz/secret/fuzz"
#define REGION            "us-east-1"
#define MAX_RESPONSE      (4 * 1024 * 1024)
#define TICK_MS           50

enum
{
  FLAG_RAW         = 1 << 0,
  FLAG_SIGN_S3     = 1 << 1,
  FLAG_SIGN_ATHENA = 1 << 2,
};

static GlauxLocalServer *server;
static GlauxAwsCredentials *credentials;
static char *endpoint;
static GSocketAddress *address;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *empty_path = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  GlauxLocalConfig config = { 0, };

  glaux_fuzz_init ();

  /* Python code blocks then fail at once (python3 not on PATH) instead of starting a python3
   * per session; everything else works as in glaux-local. */
  empty_path = g_build_filename (glaux_fuzz_get_tmpdir (), "no-programs", NULL);
  g_mkdir_with_parents (empty_path, 0700);
  g_setenv ("PATH", empty_path, TRUE);

  data_dir = g_build_filename (glaux_fuzz_get_tmpdir (), "local", NULL);
  config = (GlauxLocalConfig) {
    .bind = "127.0.0.1",
    .port = 0,
    .data_dir = data_dir,
    .region = REGION,
    .access_key_id = ACCESS_KEY_ID,
    .secret_access_key = SECRET_ACCESS_KEY,
    .time_scale = 1000.0,
  };
  server = glaux_local_server_new (&config, &error);
  if (server == NULL || !glaux_local_server_listen (server, &error))
    {
      fprintf (stderr, "glaux-fuzz: cannot start glaux-local: %s\n", error->message);
      abort ();
    }

  endpoint = g_strdup (glaux_local_server_get_endpoint (server));
  uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  credentials = glaux_aws_credentials_new (ACCESS_KEY_ID, SECRET_ACCESS_KEY, NULL, NULL);

  return 0;
}

/* ---- Building the request ----------------------------------------------------------------- */

static gboolean
is_token (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isalnum (*text) && strchr ("!#$%&'*+-.^_`|~", *text) == NULL)
      return FALSE;

  return TRUE;
}

/* The harness frames a signed request itself (raw requests try the rest). */
static gboolean
is_framing (const char *name)
{
  const char *names[] = { "Host", "Content-Length", "Transfer-Encoding", "Connection" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

/* The request target with every byte a request line cannot hold percent-encoded. */
static char *
encode_target (const char *target,
               gsize       length)
{
  GString *out = g_string_new (NULL);

  if (length == 0 || target[0] != '/')
    g_string_append_c (out, '/');
  for (gsize i = 0; i < length; i++)
    {
      guchar c = target[i];

      if (c > 0x20 && c < 0x7f)
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "%%%02X", c);
    }

  return g_string_free (out, FALSE);
}

/* A signed request as Glaux's client sends it, serialised for the wire; NULL when the input
 * does not make a request a client could send. */
static GBytes *
build_signed (guint         flags,
              const char   *head,
              gsize         head_length,
              const guint8 *body,
              gsize         body_length)
{
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) request_line = NULL;
  g_autofree char *target = NULL;
  g_autofree char *url = NULL;
  g_autofree char *head_text = g_strndup (head, head_length);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body_bytes = g_bytes_new (body, body_length);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  GUri *uri;
  GString *wire;
  const char *service;
  const char *name;
  const char *value;
  GlauxSigv4Flags sigv4_flags;

  if (memchr (head, '\0', head_length) != NULL)
    return NULL;
  lines = g_strsplit (head_text, "\n", -1);
  if (lines[0] == NULL)
    return NULL;
  request_line = g_strsplit (lines[0], " ", 2);
  if (request_line[0] == NULL || request_line[1] == NULL || !is_token (request_line[0]))
    return NULL;

  target = encode_target (request_line[1], strlen (request_line[1]));
  url = g_strconcat (endpoint, target, NULL);
  message = soup_message_new (request_line[0], url);
  if (message == NULL)
    return NULL;

  headers = soup_message_get_request_headers (message);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (g_strchomp (lines[i]), ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      if (!is_token (lines[i]) || strchr (colon + 1, '\r') != NULL || is_framing (lines[i]))
        continue;
      soup_message_headers_append (headers, lines[i], g_strstrip (colon + 1));
    }
  soup_message_headers_replace (headers, "Connection", "close");
  soup_message_headers_set_content_length (headers, body_length);

  uri = soup_message_get_uri (message);
  if ((flags & FLAG_SIGN_S3) != 0)
    service = "s3";
  else if ((flags & FLAG_SIGN_ATHENA) != 0)
    service = "athena";
  else if (g_str_equal (request_line[0], "POST") && g_str_equal (g_uri_get_path (uri), "/"))
    service = "athena";
  else
    service = "s3";
  sigv4_flags = g_str_equal (service, "s3") ? GLAUX_SIGV4_S3 : GLAUX_SIGV4_DEFAULT;
  if (g_str_equal (service, "athena") && soup_message_headers_get_one (headers, "Content-Type") == NULL)
    soup_message_headers_replace (headers, "Content-Type", "application/x-amz-json-1.1");

  if (!glaux_sigv4_sign_message (message, body_bytes, credentials, REGION, service, sigv4_flags,
                                 NULL, &error))
    return NULL;

  wire = g_string_new (NULL);
  g_string_append_printf (wire, "%s %s%s%s HTTP/1.1\r\n", request_line[0], g_uri_get_path (uri),
                          g_uri_get_query (uri) != NULL ? "?" : "",
                          g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "");
  g_string_append_printf (wire, "Host: %s:%d\r\n", g_uri_get_host (uri), g_uri_get_port (uri));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Host") != 0)
      g_string_append_printf (wire, "%s: %s\r\n", name, value);
  g_string_append (wire, "\r\n");
  g_string_append_len (wire, (const char *)body, body_length);

  return g_string_free_to_bytes (wire);
}

static void
append_crlf (GString    *wire,
             const char *text,
             gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
        g_string_append_c (wire, '\r');
      g_string_append_c (wire, text[i]);
    }
}

/* The input's lines as they are, with CRLF line ends, then the body. "Connection: close"
 * after the request line keeps it to one request: libsoup would read the rest of the body as
 * a pipelined second request, which check_raw() has not seen. */
static GBytes *
build_raw (const char   *head,
           gsize         head_length,
           const guint8 *body,
           gsize         body_length)
{
  GString *wire = g_string_sized_new (head_length + body_length + 40);
  const char *eol = memchr (head, '\n', head_length);
  gsize first = eol != NULL ? (gsize)(eol - head) : head_length;

  append_crlf (wire, head, first > 0 && head[first - 1] == '\r' ? first - 1 : first);
  g_string_append (wire, "\r\nConnection: close");
  if (eol != NULL)
    append_crlf (wire, eol, head_length - first);
  g_string_append (wire, "\r\n\r\n");
  g_string_append_len (wire, (const char *)body, body_length);

  return g_string_free_to_bytes (wire);
}

/* libsoup 3.2.2 leaks the path of a request it refuses for an unknown body encoding or a Host
 * with a '/' (fixed upstream later), so those requests, and any whose headers it cannot parse,
 * stop here: libsoup answers them 400 or 501 without calling glaux-local's code. */
static gboolean
check_raw (GBytes *request)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (request, &size);
  const char *end = g_strstr_len (data, size, "\r\n\r\n");
  const char *host;
  SoupHTTPVersion version;

  if (end == NULL)
    return FALSE;

  if (soup_headers_parse_request (data, end + 2 - data, headers, &method, &path,
                                  &version) != SOUP_STATUS_OK)
    return FALSE;
  host = soup_message_headers_get_one (headers, "Host");

  return soup_message_headers_get_encoding (headers) != SOUP_ENCODING_UNRECOGNIZED
         && (host == NULL || strchr (host, '/') == NULL);
}

/* ---- Sending it ----------------------------------------------------------------------------- */

typedef struct
{
  GSocket *socket;
  GString *response;
  gsize    seen;
  guint    ticks;
  gboolean head;
  gboolean done;
} Exchange;

/* TRUE once @response holds a whole final answer: headers, then Content-Length bytes (none
 * for HEAD), after any 1xx interim answers. glaux-local always sends a Content-Length. */
static gboolean
response_complete (const GString *response,
                   gboolean       head)
{
  const char *start = response->str;
  const char *end = response->str + response->len;

  while (start < end)
    {
      const char *blank = g_strstr_len (start, end - start, "\r\n\r\n");
      g_autofree char *headers = NULL;
      char *length;

      if (blank == NULL)
        return FALSE;
      if (g_str_has_prefix (start, "HTTP/1.1 1") || g_str_has_prefix (start, "HTTP/1.0 1"))
        {
          start = blank + 4;
          continue;
        }
      if (head)
        return TRUE;

      headers = g_ascii_strdown (start, blank - start);
      length = strstr (headers, "\r\ncontent-length:");
      if (length == NULL)
        return FALSE;

      return (guint64)(end - (blank + 4)) >= g_ascii_strtoull (length + 17, NULL, 10);
    }

  return FALSE;
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  Exchange *exchange = user_data;
  char buffer[16384];
  gssize n;

  n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
  if (n > 0)
    {
      if (exchange->response->len < MAX_RESPONSE)
        g_string_append_len (exchange->response, buffer, n);
      if (!response_complete (exchange->response, exchange->head))
        return G_SOURCE_CONTINUE;
      exchange->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (n < 0 && (condition & (G_IO_HUP | G_IO_ERR)) == 0)
    return G_SOURCE_CONTINUE;

  exchange->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* A raw request may keep the connection alive after its answer (libsoup then waits for the
 * next request even after this side shut down writing), and its answer may not be one the
 * check above understands: the exchange also ends once an answer stops growing, or after 2 s
 * without one. */
static gboolean
tick_cb (gpointer user_data)
{
  Exchange *exchange = user_data;

  exchange->ticks++;
  if ((exchange->response->len > 0 && exchange->response->len == exchange->seen)
      || exchange->ticks >= 2000 / TICK_MS)
    {
      exchange->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  exchange->seen = exchange->response->len;
  return G_SOURCE_CONTINUE;
}

/* Sends @request on a new connection and runs the main loop until the server closes it. */
static gsize
exchange_request (GBytes   *request,
                  gboolean  head)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSource) source = NULL;
  g_autoptr(GString) response = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  Exchange exchange = { NULL, response, 0, 0, head, FALSE };
  gsize size = 0;
  const char *data = g_bytes_get_data (request, &size);
  guint timeout_id;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  if (socket == NULL || !g_socket_connect (socket, address, NULL, &error))
    {
      fprintf (stderr, "glaux-fuzz: cannot connect to glaux-local: %s\n", error->message);
      abort ();
    }
  exchange.socket = socket;

  /* The server reads while this writes, so write as the loop turns. */
  g_socket_set_blocking (socket, FALSE);
  for (gsize written = 0; written < size;)
    {
      gssize n = g_socket_send (socket, data + written, size - written, NULL, NULL);

      if (n > 0)
        written += n;
      else
        g_main_context_iteration (NULL, FALSE);
    }
  /* Nothing more is coming: a short body ends the request instead of stalling it. */
  g_socket_shutdown (socket, FALSE, TRUE, NULL);

  source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (source, (GSourceFunc)(void (*)(void))readable_cb, &exchange, NULL);
  g_source_attach (source, NULL);
  timeout_id = g_timeout_add (TICK_MS, tick_cb, &exchange);

  while (!exchange.done)
    g_main_context_iteration (NULL, TRUE);

  g_source_destroy (source);
  if (g_main_context_find_source_by_id (NULL, timeout_id) != NULL)
    g_source_remove (timeout_id);
  g_socket_close (socket, NULL);

  return response->len;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) request = NULL;
  const char *head;
  const guint8 *separator;
  const guint8 *body;
  gsize head_length;
  gsize body_length;
  guint flags;
  gsize answered;

  if (size < 2)
    return 0;
  flags = data[0];
  head = (const char *)data + 1;
  separator = NULL;
  for (gsize i = 1; i + 1 < size && separator == NULL; i++)
    if (data[i] == '\n' && data[i + 1] == '\n')
      separator = data + i;
  head_length = separator != NULL ? (gsize)((const char *)separator - head) : size - 1;
  body = separator != NULL ? separator + 2 : data + size;
  body_length = (gsize)(data + size - body);

  if ((flags & FLAG_RAW) != 0)
    {
      request = build_raw (head, head_length, body, body_length);
      if (!check_raw (request))
        return 0;
    }
  else
    request = build_signed (flags, head, head_length, body, body_length);
  if (request == NULL)
    return 0;

  answered = exchange_request (request, size > 5 && memcmp (data + 1, "HEAD ", 5) == 0);

  /* A well-formed signed request always gets an answer. */
  if ((flags & FLAG_RAW) == 0 && answered == 0)
    {
      fprintf (stderr, "glaux-fuzz: glaux-local closed a signed request without answering\n");
      abort ();
    }

  return 0;
}
