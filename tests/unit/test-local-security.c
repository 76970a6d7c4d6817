/* test-local-security.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "glaux-aws-credentials.h"
#include "glaux-local-s3.h"
#include "glaux-sigv4.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

/* glaux-local must never let anyone else in: it binds only to loopback, answers every request
 * that is not signed with its key by the AWS error, and no S3 key reaches a file outside its
 * data folder. Requests here are written byte for byte on a socket, so neither libsoup nor
 * GUri on the client side can tidy a crafted path before glaux-local sees it. */

#define BUCKET "sec-bucket"
#define SECRET_TEXT "outside secret, must never be served\n"

/* Raw HTTP ---------------------------------------------------------------------------------- */

typedef struct
{
  guint   status;
  GBytes *body;
  char   *headers;
} RawResponse;

static void
raw_response_free (RawResponse *response)
{
  g_bytes_unref (response->body);
  g_free (response->headers);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawResponse, raw_response_free)

typedef enum
{
  SIGN_NONE,          /* no Authorization header at all */
  SIGN_OK,            /* the server's key */
  SIGN_WRONG_SECRET,  /* the right key id, another secret */
  SIGN_WRONG_KEY,     /* an unknown key id */
  SIGN_OLD_DATE,      /* signed correctly, but 20 minutes ago */
  SIGN_TAMPERED,      /* signed, then the body changed */
} Signing;

static const char *
host_of (GlauxTestLocal *local)
{
  return local->endpoint + strlen ("http://");
}

/* The Authorization and X-Amz-* header lines for a request, computed over @raw_path exactly as
 * it goes on the wire (S3 rules: no normalisation). */
static char *
sign_lines (GlauxTestLocal *local,
            const char     *method,
            const char     *raw_path,
            const char     *query,
            const char     *service,
            const char     *target,
            GBytes         *body,
            Signing         signing)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_minutes (now, signing == SIGN_OLD_DATE ? -20 : 0);
  g_autofree char *amz_date = glaux_sigv4_format_amz_date (when);
  g_autofree char *payload = glaux_sigv4_hex_sha256 (body != NULL ? g_bytes_get_data (body, NULL)
                                                                  : NULL,
                                                     body != NULL ? g_bytes_get_size (body) : 0);
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;
  gboolean s3 = g_str_equal (service, "s3");
  GlauxSigv4Header headers[4];
  GlauxSigv4Request request;
  gsize n = 0;

  headers[n++] = (GlauxSigv4Header) { "host", host_of (local) };
  headers[n++] = (GlauxSigv4Header) { "x-amz-date", amz_date };
  if (s3)
    headers[n++] = (GlauxSigv4Header) { "x-amz-content-sha256", payload };
  if (target != NULL)
    headers[n++] = (GlauxSigv4Header) { "x-amz-target", target };

  request = (GlauxSigv4Request) {
    .method = method,
    .path = raw_path,
    .query = query,
    .headers = headers,
    .n_headers = n,
    .payload_hash = payload,
  };
  canonical = glaux_sigv4_canonical_request (&request, s3 ? GLAUX_SIGV4_KEEP_PATH
                                                          : GLAUX_SIGV4_DEFAULT, &signed_headers);
  to_sign = glaux_sigv4_string_to_sign (amz_date, local->region, service, canonical);
  signature = glaux_sigv4_signature (signing == SIGN_WRONG_SECRET
                                     ? "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                                     : local->secret_access_key,
                                     amz_date, local->region, service, to_sign);
  authorization = glaux_sigv4_authorization (signing == SIGN_WRONG_KEY ? "AKIAIOSFODNN7EXAMPLE"
                                                                       : local->access_key_id,
                                             amz_date, local->region, service, signed_headers,
                                             signature);

  return g_strdup_printf ("Authorization: %s\r\nX-Amz-Date: %s\r\n%s%s%s",
                          authorization, amz_date,
                          s3 ? "X-Amz-Content-SHA256: " : "", s3 ? payload : "", s3 ? "\r\n" : "");
}

static RawResponse *
read_response (GIOStream *stream)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  RawResponse *response = g_new0 (RawResponse, 1);
  GInputStream *input = g_io_stream_get_input_stream (stream);
  guint8 buffer[16384];
  const char *end;
  gssize n;

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (all, buffer, n);
  g_assert_no_error (error);
  g_byte_array_append (all, (const guint8 *)"", 1);

  g_assert_true (g_str_has_prefix ((const char *)all->data, "HTTP/1.1 "));
  response->status = (guint)g_ascii_strtoull ((const char *)all->data + 9, NULL, 10);
  end = strstr ((const char *)all->data, "\r\n\r\n");
  g_assert_nonnull (end);
  response->headers = g_strndup ((const char *)all->data, end - (const char *)all->data);
  response->body = g_bytes_new (end + 4, all->len - 1 - (end + 4 - (const char *)all->data));

  return response;
}

static GIOStream *
open_connection (GlauxTestLocal *local)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, host_of (local), 0, NULL, &error);
  g_assert_no_error (error);

  return G_IO_STREAM (connection);
}

/* Sends @method @raw_path (with "?query" when set) exactly as given. */
static RawResponse *
raw_request (GlauxTestLocal *local,
             const char     *method,
             const char     *raw_path,
             const char     *query,
             const char     *service,
             const char     *target,
             GBytes         *body,
             Signing         signing)
{
  g_autoptr(GIOStream) stream = open_connection (local);
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  gsize body_size = body != NULL ? g_bytes_get_size (body) : 0;
  GOutputStream *output = g_io_stream_get_output_stream (stream);

  if (signing != SIGN_NONE)
    signature = sign_lines (local, method, raw_path, query, service, target, body, signing);

  g_string_append_printf (request, "%s %s%s%s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n",
                          method, raw_path, query != NULL ? "?" : "", query != NULL ? query : "",
                          host_of (local));
  if (target != NULL)
    g_string_append_printf (request, "X-Amz-Target: %s\r\n"
                            "Content-Type: application/x-amz-json-1.1\r\n", target);
  if (signature != NULL)
    g_string_append (request, signature);
  g_string_append_printf (request, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body_size);
  if (body_size > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), body_size);

      /* A tampered request carries other bytes than the ones signed. */
      if (signing == SIGN_TAMPERED)
        text[0] = text[0] == 'X' ? 'Y' : 'X';
      g_string_append_len (request, text, body_size);
    }

  g_output_stream_write_all (output, request->str, request->len, NULL, NULL, &error);
  g_assert_no_error (error);

  return read_response (stream);
}

static RawResponse *
s3_request (GlauxTestLocal *local,
            const char     *method,
            const char     *raw_path,
            const char     *body_text)
{
  g_autoptr(GBytes) body = body_text != NULL ? g_bytes_new (body_text, strlen (body_text)) : NULL;

  return raw_request (local, method, raw_path, NULL, "s3", NULL, body, SIGN_OK);
}

static char *
body_text (RawResponse *response)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (response->body, &size);

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

static void
assert_s3_error (RawResponse *response,
                 guint        status,
                 const char  *code)
{
  g_autofree char *text = body_text (response);
  g_autofree char *tag = g_strdup_printf ("<Code>%s</Code>", code);

  if (response->status != status || strstr (text, tag) == NULL)
    g_error ("expected %u %s, got %u: %s", status, code, response->status, text);
}

/* Loopback only ------------------------------------------------------------------------------ */

/* A non-loopback address of this machine, if it has one. */
static char *
lan_address (void)
{
  struct ifaddrs *addresses = NULL;
  char *found = NULL;

  if (getifaddrs (&addresses) != 0)
    return NULL;
  for (struct ifaddrs *a = addresses; a != NULL && found == NULL; a = a->ifa_next)
    {
      char text[INET_ADDRSTRLEN];

      if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET)
        continue;
      inet_ntop (AF_INET, &((struct sockaddr_in *)a->ifa_addr)->sin_addr, text, sizeof text);
      if (!g_str_has_prefix (text, "127."))
        found = g_strdup (text);
    }
  freeifaddrs (addresses);

  return found;
}

static void
test_bind_refused (void)
{
  g_autofree char *lan = lan_address ();
  const char *addresses[] = {
    "0.0.0.0", "::", "0", "192.168.1.10", "10.0.0.1", "::ffff:192.168.1.10",
    "::ffff:0.0.0.0", "fe80::1", "example.com", "localhost.example.com", "127.0.0.1 ", "",
    lan,
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autofree char *data_dir = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      if (addresses[i] == NULL)
        continue;

      data_dir = g_build_filename (glaux_test_get_home (), "bind-refused", NULL);
      {
        const char *argv[] = {
          g_getenv ("GLAUX_LOCAL"), "--bind", addresses[i], "--port", "0",
          "--data-dir", data_dir, NULL
        };

        g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                      &status, &error);
      }
      g_assert_no_error (error);
      g_test_message ("--bind '%s': %s", addresses[i], err);

      /* Exit code 2 (bad command line), before anything listens or is written. */
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "glaux-local: --bind"));
      g_assert_true (strstr (err, "not a loopback address") != NULL
                     || strstr (err, "is not an IP address") != NULL);
      g_assert_nonnull (strstr (err, "127.0.0.1 or ::1"));
      g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
    }
}

/* ::1 and any 127/8 address are loopback and accepted (when the machine has them). */
static void
test_bind_loopback (void)
{
  const char *addresses[] = { "127.0.0.1", "127.0.0.2", "::1" };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "bind-ok", NULL);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error, g_getenv ("GLAUX_LOCAL"), "--bind", addresses[i],
                                  "--port", "0", "--data-dir", data_dir, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      if (line == NULL)
        {
          /* No such address on this machine (no IPv6): a bind failure, exit code 1. */
          g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, NULL);
          g_subprocess_wait (process, NULL, NULL);
          g_test_message ("--bind %s unavailable here: %s", addresses[i], err);
          g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
          continue;
        }
      expected = strchr (addresses[i], ':') != NULL
                 ? g_strdup_printf ("\"endpoint\":\"http://[%s]:", addresses[i])
                 : g_strdup_printf ("\"endpoint\":\"http://%s:", addresses[i]);
      g_assert_nonnull (strstr (line, expected));
      g_subprocess_send_signal (process, SIGTERM);
      g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
    }
}

/* Every request is authenticated ------------------------------------------------------------ */

static void
assert_athena_refused (GlauxTestLocal *local,
                       const char     *operation,
                       const char     *json,
                       Signing         signing,
                       const char     *type)
{
  g_autofree char *target = g_strconcat ("AmazonAthena.", operation, NULL);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(RawResponse) response =
    raw_request (local, "POST", "/", NULL, "athena", target, body, signing);
  g_autofree char *text = body_text (response);
  g_autofree char *member = g_strdup_printf ("\"__type\":\"%s\"", type);

  if (response->status < 400 || response->status >= 500 || strstr (text, member) == NULL)
    g_error ("%s (signing %d): expected %s, got %u %s", operation, signing, type,
             response->status, text);
  g_assert_nonnull (strstr (response->headers, "application/x-amz-json-1.1"));
  g_assert_nonnull (strstr (response->headers, "x-amzn-RequestId"));
}

static void
test_athena_authenticated (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 20.0);
  g_autoptr(JsonObject) listed = NULL;
  const char *operations[][2] = {
    { "CreateWorkGroup", "{\"Name\":\"intruder\",\"Configuration\":{\"SelectedEngineVersion\":"
                         "\"PySpark engine version 3\"}}" },
    { "ListWorkGroups", "{}" },
    { "StartSession", "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":"
                      "{\"MaxConcurrentDpus\":4}}" },
    { "DeleteWorkGroup", "{\"WorkGroup\":\"primary\"}" },
    { "NoSuchOperation", "{}" },
  };
  struct
  {
    Signing     signing;
    const char *type;
  } cases[] = {
    { SIGN_NONE, "MissingAuthenticationTokenException" },
    { SIGN_WRONG_SECRET, "InvalidSignatureException" },
    { SIGN_WRONG_KEY, "UnrecognizedClientException" },
    { SIGN_OLD_DATE, "InvalidSignatureException" },
    { SIGN_TAMPERED, "InvalidSignatureException" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
      assert_athena_refused (local, operations[i][0], operations[i][1], cases[j].signing,
                             cases[j].type);

  /* Other methods and paths are S3 requests: refused the S3 way. */
  {
    g_autoptr(RawResponse) response = raw_request (local, "GET", "/", NULL, "athena", NULL, NULL,
                                                   SIGN_NONE);

    assert_s3_error (response, 403, "AccessDenied");
  }

  /* Nothing of the above happened. */
  listed = glaux_test_local_call_ok (local, "ListWorkGroups", "{}");
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), listed);
    g_autofree char *text = json_to_string (node, FALSE);

    g_assert_null (strstr (text, "intruder"));
    g_assert_nonnull (strstr (text, "\"primary\""));
  }
  {
    g_autoptr(JsonObject) sessions =
      glaux_test_local_call_ok (local, "ListSessions", "{\"WorkGroup\":\"primary\"}");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sessions,
                                                                           "Sessions")), ==, 0);
  }

  /* A correctly signed call through the same raw path works: the refusals above are real. */
  {
    g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
    g_autoptr(RawResponse) response = raw_request (local, "POST", "/", NULL, "athena",
                                                   "AmazonAthena.ListWorkGroups", body, SIGN_OK);

    g_assert_cmpuint (response->status, ==, 200);
  }
}

static gboolean
object_exists (GlauxTestLocal *local,
               const char     *bucket,
               const char     *key)
{
  g_autofree char *path = g_build_filename (local->data_dir, "s3", bucket, key, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_s3_authenticated (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  const char *methods[] = { "GET", "HEAD", "PUT", "DELETE", "POST", "OPTIONS", "PATCH" };
  const char *paths[] = {
    "/", "/" BUCKET, "/" BUCKET "?list-type=2", "/" BUCKET "/kept.txt", "/" BUCKET "/new.txt",
    "/new-bucket", "/" BUCKET "/kept.txt?uploads",
  };
  struct
  {
    Signing     signing;
    guint       status;
    const char *code;
  } cases[] = {
    { SIGN_NONE, 403, "AccessDenied" },
    { SIGN_WRONG_SECRET, 403, "SignatureDoesNotMatch" },
    { SIGN_WRONG_KEY, 403, "InvalidAccessKeyId" },
    { SIGN_OLD_DATE, 403, "RequestTimeTooSkewed" },
    { SIGN_TAMPERED, 400, "XAmzContentSHA256Mismatch" },
  };
  g_autoptr(RawResponse) created = s3_request (local, "PUT", "/" BUCKET, NULL);
  g_autoptr(RawResponse) kept = s3_request (local, "PUT", "/" BUCKET "/kept.txt", "kept");

  g_assert_cmpuint (created->status, ==, 200);
  g_assert_cmpuint (kept->status, ==, 200);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_auto(GStrv) parts = g_strsplit (paths[p], "?", 2);
          gboolean has_body = g_str_equal (methods[m], "PUT") || g_str_equal (methods[m], "POST");
          g_autoptr(GBytes) body = has_body ? g_bytes_new_static ("XXXX evil", 9) : NULL;
          g_autoptr(RawResponse) response = NULL;
          Signing signing = cases[c].signing;
          g_autofree char *text = NULL;

          /* A tampered request needs a body to tamper with; POST / is Athena (tested above). */
          if ((signing == SIGN_TAMPERED && body == NULL)
              || (g_str_equal (methods[m], "POST") && g_str_equal (paths[p], "/")))
            continue;
          response = raw_request (local, methods[m], parts[0], parts[1], "s3", NULL, body,
                                  signing);
          text = body_text (response);
          if (response->status != cases[c].status
              || (!g_str_equal (methods[m], "HEAD") && strstr (text, cases[c].code) == NULL))
            g_error ("%s %s (signing %d): expected %u %s, got %u %s", methods[m], paths[p],
                     signing, cases[c].status, cases[c].code, response->status, text);
        }

  /* Nothing was written, replaced, created or deleted. */
  g_assert_true (object_exists (local, BUCKET, "kept.txt"));
  g_assert_false (object_exists (local, BUCKET, "new.txt"));
  g_assert_false (object_exists (local, "new-bucket", NULL));
  {
    g_autofree char *path = g_build_filename (local->data_dir, "s3", BUCKET, "kept.txt", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "kept");
  }
}

/* An unsigned upload is refused without its body ever reaching the disk. */
static void
test_s3_unsigned_upload_not_stored (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autoptr(RawResponse) created = s3_request (local, "PUT", "/" BUCKET, NULL);
  g_autoptr(GIOStream) stream = open_connection (local);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(RawResponse) response = NULL;
  g_autofree char *temp_dir = g_build_filename (local->data_dir, "s3", ".glaux-tmp", NULL);
  g_autofree guint8 *chunk = g_malloc0 (1024 * 1024);
  GOutputStream *output = g_io_stream_get_output_stream (stream);
  gint64 stored = 0;

  g_assert_cmpuint (created->status, ==, 200);
  g_string_append_printf (head, "PUT /" BUCKET "/big.bin HTTP/1.1\r\nHost: %s\r\n"
                          "Connection: close\r\nContent-Length: %d\r\n\r\n",
                          host_of (local), 8 * 1024 * 1024);
  g_output_stream_write_all (output, head->str, head->len, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_output_stream_write_all (output, chunk, 1024 * 1024, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_usleep (300 * 1000);

  /* Half of the body is in: none of it may be in the store's temporary folder. */
  {
    g_autoptr(GDir) dir = g_dir_open (temp_dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (temp_dir, name, NULL);
        GStatBuf st;

        if (g_stat (path, &st) == 0)
          stored += st.st_size;
      }
  }
  g_assert_cmpint (stored, ==, 0);

  for (guint i = 0; i < 4; i++)
    {
      g_output_stream_write_all (output, chunk, 1024 * 1024, NULL, NULL, &error);
      if (error != NULL)
        break; /* the server may answer and close before the whole body is sent */
    }
  g_clear_error (&error);
  response = read_response (stream);
  assert_s3_error (response, 403, "AccessDenied");
  g_assert_false (object_exists (local, BUCKET, "big.bin"));
}

static guint
count_fds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/* One signed request on a keep-alive connection, its answer read (by Content-Length), then
 * the client goes away while the connection is idle. */
static void
request_and_leave (GlauxTestLocal *local)
{
  g_autoptr(GIOStream) stream = open_connection (local);
  g_autofree char *signature = sign_lines (local, "GET", "/", NULL, "s3", NULL, NULL, SIGN_OK);
  g_autofree char *request = g_strdup_printf ("GET / HTTP/1.1\r\nHost: %s\r\n%s"
                                              "Content-Length: 0\r\n\r\n", host_of (local),
                                              signature);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *end = NULL;
  gsize wanted = 0;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), request, strlen (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer,
                                      sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (answer, buffer, n);
      end = strstr (answer->str, "\r\n\r\n");
      if (end != NULL && wanted == 0)
        {
          const char *length = strstr (answer->str, "Content-Length: ");

          g_assert_nonnull (length);
          wanted = (gsize)(end + 4 - answer->str) + g_ascii_strtoull (length + 16, NULL, 10);
        }
      if (wanted > 0 && answer->len >= wanted)
        break;
    }
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200"));
  g_io_stream_close (stream, NULL, NULL);
}

typedef struct
{
  GPid  pid;
  guint limit;
} FdLimit;

static gboolean
fds_at_most (gpointer data)
{
  FdLimit *limit = data;

  return count_fds (limit->pid) <= limit->limit;
}

/* libsoup 3.2 keeps the socket of a keep-alive connection its client closed while idle; glaux-local
 * closes them itself, so leaving clients cannot exhaust its descriptors. */
static void
test_client_closed_connections (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  FdLimit limit = { local->pid, 0 };
  guint before;
  guint peak;

  request_and_leave (local);
  g_usleep (3 * G_USEC_PER_SEC);
  before = count_fds (local->pid);
  for (guint i = 0; i < 200; i++)
    request_and_leave (local);
  peak = count_fds (local->pid);
  g_test_message ("descriptors: %u before, %u right after 200 left connections", before, peak);

  limit.limit = before + 2;
  glaux_test_wait_until (fds_at_most, &limit, 10000);

  /* Still serving. */
  {
    g_autoptr(RawResponse) response = s3_request (local, "GET", "/", NULL);

    g_assert_cmpuint (response->status, ==, 200);
  }
}

/* The Spark UI page needs its session's token; nothing else is served without a signature. */
static void
test_dashboard_needs_token (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 20.0);
  g_autoptr(JsonObject) started = glaux_test_local_call_ok (
    local, "StartSession",
    "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{\"MaxConcurrentDpus\":4}}");
  const char *id = json_object_get_string_member (started, "SessionId");
  g_autofree char *with_dots = g_strdup_printf ("/dashboard/%s/../%s", id, id);
  g_autofree char *token_only = g_strdup_printf ("/dashboard/?token=%s", id);
  g_autofree char *bare = g_strconcat ("/dashboard/", id, NULL);
  g_autofree char *empty_token = g_strconcat ("/dashboard/", id, "?token=", NULL);
  g_autofree char *wrong_token = g_strconcat ("/dashboard/", id, "?token=x", NULL);
  const char *paths[] = { bare, empty_token, wrong_token, with_dots, token_only };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *path = paths[i];
      g_autoptr(RawResponse) response = raw_request (local, "GET", path, NULL, "s3", NULL, NULL,
                                                     SIGN_NONE);
      g_autofree char *text = body_text (response);

      g_assert_cmpuint (response->status, >=, 400);
      g_assert_null (strstr (text, id));
    }
}

/* S3 keys never leave the data folder -------------------------------------------------------- */

typedef struct
{
  GlauxTestLocal *local;
  char           *outside;       /* a folder next to the data folder */
  char           *bucket_dir;
} Store;

static void
store_setup (Store         *store,
             gconstpointer  data)
{
  g_autofree char *secret_path = NULL;
  g_autoptr(RawResponse) created = NULL;
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "escape", "data", NULL);

  store->outside = g_build_filename (glaux_test_get_home (), "escape", "outside", NULL);
  g_assert_cmpint (g_mkdir_with_parents (store->outside, 0700), ==, 0);
  secret_path = g_build_filename (store->outside, "secret.txt", NULL);
  g_assert_true (g_file_set_contents (secret_path, SECRET_TEXT, -1, NULL));

  store->local = glaux_test_local_start (data_dir, 1.0);
  created = s3_request (store->local, "PUT", "/" BUCKET, NULL);
  g_assert_cmpuint (created->status, ==, 200);
  store->bucket_dir = g_build_filename (data_dir, "s3", BUCKET, NULL);
}

static void
store_teardown (Store         *store,
                gconstpointer  data)
{
  g_autofree char *escape = g_build_filename (glaux_test_get_home (), "escape", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", escape);

  glaux_test_local_free (store->local);
  g_assert_cmpint (system (command), ==, 0);
  g_free (store->outside);
  g_free (store->bucket_dir);
}

/* Every file under @dir, recursively, as "relative/path" lines (links marked "@"). */
static void
list_tree (const char *dir,
           const char *prefix,
           GString    *out)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *relative = g_strconcat (prefix, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_string_append_printf (out, "%s@\n", relative);
      else if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *sub = g_strconcat (relative, "/", NULL);

          list_tree (path, sub, out);
        }
      else
        g_string_append_printf (out, "%s\n", relative);
    }
}

static char *
outside_tree (Store *store)
{
  g_autofree char *escape = g_build_filename (glaux_test_get_home (), "escape", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);

  list_tree (escape, "", out);
  /* Only what is outside data/s3 matters (glaux-local's own files live beside it). */
  lines = g_strsplit (out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "data/"))
      g_string_append_printf (kept, "%s\n", lines[i]);

  return g_string_free (g_steal_pointer (&kept), FALSE);
}

static void
assert_outside_untouched (Store *store)
{
  g_autofree char *tree = outside_tree (store);
  g_autofree char *secret_path = g_build_filename (store->outside, "secret.txt", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpstr (tree, ==, "outside/secret.txt\n");
  g_assert_true (g_file_get_contents (secret_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, SECRET_TEXT);
}

/* PUT, GET, HEAD and DELETE of @raw_path are refused with 4xx and nothing outside changes. */
static void
assert_key_refused (Store      *store,
                    const char *raw_path,
                    const char *code)
{
  const char *methods[] = { "PUT", "GET", "HEAD", "DELETE" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(RawResponse) response =
        s3_request (store->local, methods[i], raw_path, g_str_equal (methods[i], "PUT")
                                                        ? "written by a crafted key" : NULL);
      g_autofree char *text = body_text (response);

      g_autofree char *shown = g_utf8_make_valid (text, -1);

      g_test_message ("%s %s → %u %s", methods[i], raw_path, response->status, shown);
      g_assert_null (strstr (text, "outside secret"));
      /* The error document is XML: UTF-8 even when the key was not. */
      g_assert_true (g_utf8_validate (text, -1, NULL));
      if (response->status < 400 || response->status >= 500)
        g_error ("%s %s: expected a 4xx refusal, got %u %s", methods[i], raw_path,
                 response->status, text);
      if (code != NULL && !g_str_equal (methods[i], "HEAD") && strstr (text, code) == NULL)
        g_error ("%s %s: expected %s, got %u %s", methods[i], raw_path, code, response->status,
                 text);
    }
  assert_outside_untouched (store);
}

static void
test_keys_encoded_dots (Store         *store,
                        gconstpointer  data)
{
  const char *paths[] = {
    "/" BUCKET "/%2e%2e/%2e%2e/%2e%2e/outside/secret.txt",
    "/" BUCKET "/%2E%2e%2f%2E%2e%2f%2e%2E%2foutside%2fsecret.txt",
    "/" BUCKET "/a/%2e%2e/%2e%2e/%2e%2e/%2e%2e/outside/secret.txt",
    "/" BUCKET "/%2e%2e",
    "/" BUCKET "/%2e",
    "/" BUCKET "/a/%2e/b",
    "/" BUCKET "/a/..%2f..%2f..%2f..%2foutside%2fsecret.txt",
    "/" BUCKET "/..%2F..%2F..%2Foutside%2Fsecret.txt",
  };

  /* libsoup's server decodes %2e and removes dot segments before glaux-local sees the path,
   * so these arrive as another path than the one signed: SignatureDoesNotMatch, or the
   * validator's InvalidArgument. The validator itself gets the decoded keys in keys/store. */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_key_refused (store, paths[i], NULL);
}

/* Literal dots: whatever the server's URI parser makes of them, the request is refused (a
 * changed path no longer matches its signature) and nothing escapes. */
static void
test_keys_literal_dots (Store         *store,
                        gconstpointer  data)
{
  const char *paths[] = {
    "/" BUCKET "/../../../outside/secret.txt",
    "/" BUCKET "/a/../../../../outside/secret.txt",
    "/../../outside/secret.txt",
    "/" BUCKET "/./../x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_key_refused (store, paths[i], NULL);
}

/* Double encoding: libsoup's server already undoes one level of "%25" (it hands glaux-local
 * "%2e%2e" for "%252e%252e") and the S3 handler decodes the rest, so the key becomes ".." after
 * all: it must be refused (by the signature, which covered the path as sent, or by the key
 * validator), never turned into a parent folder. */
static void
test_keys_double_encoded (Store         *store,
                          gconstpointer  data)
{
  const char *paths[] = {
    "/" BUCKET "/%252e%252e/%252e%252e/%252e%252e/outside/secret.txt",
    "/" BUCKET "/%252E%252e%252f%252e%252e%252f%252e%252e%252foutside%252fsecret.txt",
    "/" BUCKET "/%25252e%25252e/%25252e%25252e/%25252e%25252e/outside/secret.txt",
    "/%252e%252e/outside/secret.txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_key_refused (store, paths[i], NULL);
}

static void
test_keys_bad_bytes (Store         *store,
                     gconstpointer  data)
{
  g_autofree char *absolute = g_strdup_printf ("/" BUCKET "/%%2f%s", store->outside + 1);
  g_autofree char *absolute_secret = g_strconcat (absolute, "%2fsecret.txt", NULL);
  const char *paths[] = {
    "/" BUCKET "/..%5c..%5c..%5coutside%5csecret.txt",       /* backslashes */
    "/" BUCKET "/a%5cb",
    "/" BUCKET "//etc/passwd",                               /* absolute after the bucket */
    "/" BUCKET "/%2fetc%2fpasswd",
    absolute_secret,
    "/" BUCKET "/a%00b",                                     /* NUL */
    "/" BUCKET "/secret.txt%00.csv",
    "/" BUCKET "/%c0%ae%c0%ae/%c0%ae%c0%ae/outside/secret.txt", /* overlong UTF-8 "." */
    "/" BUCKET "/%c0%af",                                    /* overlong "/" */
    "/" BUCKET "/%e0%80%ae%e0%80%ae/x",                      /* 3-byte overlong "." */
    "/" BUCKET "/%ff%fe",                                    /* not UTF-8 at all */
    "/" BUCKET "/a//b",                                      /* empty segment */
    "/" BUCKET "/a/",                                        /* trailing slash */
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_key_refused (store, paths[i], NULL);

  /* Bad percent-encoding is refused, not guessed at. */
  assert_key_refused (store, "/" BUCKET "/a%zzb", NULL);
  assert_key_refused (store, "/" BUCKET "/a%2", NULL);
}

static void
test_buckets_with_dots (Store         *store,
                        gconstpointer  data)
{
  const char *paths[] = {
    "/../outside/secret.txt",
    "/%2e%2e/outside/secret.txt",
    "/%2e%2e%2foutside/secret.txt",
    "/sec..bucket/x",
    "/..%2f..%2fescape/outside/secret.txt",
    "/.glaux-tmp/x",
    "/.glaux-etags/x",
    "/%2e/" BUCKET "/x",
    "/a%00b/x",
    "/" BUCKET "%2f..%2f..%2f..%2foutside/secret.txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_key_refused (store, paths[i], NULL);

  /* CreateBucket with such names. */
  {
    const char *names[] = { "/%2e%2e", "/sec..ret", "/..%2fevil", "/.glaux-tmp", "/a%2fb" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(RawResponse) response = s3_request (store->local, "PUT", names[i], NULL);
        g_autofree char *s3_root = g_path_get_dirname (store->bucket_dir);
        g_autoptr(GDir) dir = g_dir_open (s3_root, 0, NULL);
        const char *name;

        g_assert_cmpuint (response->status, >=, 400);
        g_assert_cmpuint (response->status, <, 500);
        while ((name = g_dir_read_name (dir)) != NULL)
          g_assert_true (g_str_equal (name, BUCKET) || g_str_equal (name, "glaux-local-results")
                         || name[0] == '.');
      }
  }
  assert_outside_untouched (store);
}

/* The store itself, below HTTP: keys that no request line can deliver any more (the server
 * normalises dot segments) must still be refused by every entry point. */
static void
test_keys_store (Store         *store,
                 gconstpointer  data)
{
  g_autofree char *s3_root = g_path_get_dirname (store->bucket_dir);
  g_autoptr(GlauxLocalS3) s3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) evil = g_bytes_new_static ("evil", 4);
  const char *keys[] = {
    "../outside/secret.txt", "../../outside/secret.txt", "../../../outside/secret.txt",
    "a/../../../../outside/secret.txt", "./x", "a/./b", "a/..", "..", ".", "/etc/passwd",
    "..\\..\\outside\\secret.txt", "a\\b", "a//b", "a/", "\xc0\xae\xc0\xae/x",
    "\xe0\x80\xae\xe0\x80\xae/x", "\xff",
  };
  const char *buckets[] = { "..", "../escape", "sec..bucket", ".glaux-tmp", "a/b", "/tmp", "" };

  s3 = glaux_local_s3_new (s3_root, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      struct stat st;

      g_assert_false (glaux_local_s3_key_validate (keys[i], strlen (keys[i]), NULL));
      g_assert_cmpint (glaux_local_s3_open_object (s3, BUCKET, keys[i], &st, &error), ==, -1);
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY);
      g_clear_error (&error);
      g_assert_false (glaux_local_s3_put_bytes (s3, BUCKET, keys[i], evil, &error));
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY);
      g_clear_error (&error);
      g_assert_false (glaux_local_s3_delete_object (s3, BUCKET, keys[i], &error));
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY);
      g_clear_error (&error);
    }

  /* A NUL inside the key (as decoded from %00) is refused by length, not cut short. */
  g_assert_false (glaux_local_s3_key_validate ("ok\0/../../x", 12, &error));
  g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      g_assert_false (glaux_local_s3_bucket_validate (buckets[i], NULL));
      g_assert_false (glaux_local_s3_create_bucket (s3, buckets[i], TRUE, &error));
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME);
      g_clear_error (&error);
      g_assert_false (glaux_local_s3_put_bytes (s3, buckets[i], "x", evil, &error));
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME);
      g_clear_error (&error);
    }

  /* s3:// locations (a workgroup's calculation folder) go through the same checks. */
  {
    const char *uris[] = { "s3://../outside/", "s3://" BUCKET "/../../outside/",
                           "s3://" BUCKET "/a/../../x/", "s3:///etc/" };

    for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
      {
        g_autofree char *bucket = NULL;
        g_autofree char *prefix = NULL;

        if (glaux_local_s3_parse_uri (uris[i], &bucket, &prefix, &error))
          g_error ("%s parsed as bucket '%s' prefix '%s'", uris[i], bucket, prefix);
        g_clear_error (&error);
      }
  }
  assert_outside_untouched (store);
}

static void
make_link (const char *target,
           const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
test_keys_symlinks (Store         *store,
                    gconstpointer  data)
{
  g_autofree char *secret = g_build_filename (store->outside, "secret.txt", NULL);
  g_autofree char *sub = g_build_filename (store->bucket_dir, "sub", NULL);
  g_autofree char *s3_root = g_path_get_dirname (store->bucket_dir);
  g_autofree char *link_file = g_build_filename (store->bucket_dir, "link-file", NULL);
  g_autofree char *target = NULL;

  /* Links planted inside the bucket (as another program or a user could). */
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  make_link (store->outside, store->bucket_dir, "link-dir");
  make_link (secret, store->bucket_dir, "link-file");
  make_link ("../../../outside", sub, "up");
  make_link ("../../../outside/secret.txt", sub, "up-file");
  make_link (store->outside, s3_root, "linked-bucket");

  assert_key_refused (store, "/" BUCKET "/link-dir/secret.txt", "AccessDenied");
  assert_key_refused (store, "/" BUCKET "/link-dir/new.txt", "AccessDenied");
  assert_key_refused (store, "/" BUCKET "/sub/up/secret.txt", "AccessDenied");
  assert_key_refused (store, "/" BUCKET "/sub/up/deeper/new.txt", "AccessDenied");
  assert_key_refused (store, "/linked-bucket/secret.txt", "NoSuchBucket");

  /* A link as the object itself: GET and HEAD refuse it. PUT replaces the link with the new
   * object (rename never follows a link, as test-local-s3 expects); the file it pointed to is
   * untouched. */
  target = g_file_read_link (link_file, NULL);
  g_assert_cmpstr (target, ==, secret);
  {
    const char *paths[] = { "/" BUCKET "/link-file", "/" BUCKET "/sub/up-file" };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(RawResponse) get = s3_request (store->local, "GET", paths[i], NULL);
        g_autoptr(RawResponse) head = s3_request (store->local, "HEAD", paths[i], NULL);
        g_autoptr(RawResponse) put = s3_request (store->local, "PUT", paths[i], "overwritten");
        g_autoptr(RawResponse) again = s3_request (store->local, "GET", paths[i], NULL);
        g_autofree char *text = body_text (get);
        g_autofree char *again_text = body_text (again);

        assert_s3_error (get, 403, "AccessDenied");
        g_assert_cmpuint (head->status, ==, 403);
        g_assert_null (strstr (text, "outside secret"));
        g_assert_cmpuint (put->status, ==, 200);
        g_assert_cmpuint (again->status, ==, 200);
        g_assert_cmpstr (again_text, ==, "overwritten");
        assert_outside_untouched (store);
      }
  }
  g_assert_false (g_file_test (link_file, G_FILE_TEST_IS_SYMLINK));

  /* Listings show neither the links nor what is behind them. */
  {
    g_autoptr(RawResponse) list = raw_request (store->local, "GET", "/" BUCKET, "list-type=2",
                                               "s3", NULL, NULL, SIGN_OK);
    g_autoptr(RawResponse) buckets = s3_request (store->local, "GET", "/", NULL);
    g_autofree char *text = body_text (list);
    g_autofree char *bucket_text = body_text (buckets);

    g_assert_cmpuint (list->status, ==, 200);
    g_assert_null (strstr (text, "secret.txt"));
    g_assert_null (strstr (text, "link-dir"));
    g_assert_null (strstr (text, "sub/up/"));
    g_assert_cmpuint (buckets->status, ==, 200);
    g_assert_null (strstr (bucket_text, "linked-bucket"));
    g_assert_nonnull (strstr (bucket_text, BUCKET));
  }

  /* DELETE through a link does not reach the target. */
  {
    g_autoptr(RawResponse) response = s3_request (store->local, "DELETE",
                                                  "/" BUCKET "/link-dir/secret.txt", NULL);

    g_assert_cmpuint (response->status, >=, 400);
  }
  assert_outside_untouched (store);
}

int
main (int    argc,
      char **argv)
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/local-security/bind/refused", test_bind_refused);
  g_test_add_func ("/local-security/bind/loopback", test_bind_loopback);
  g_test_add_func ("/local-security/auth/athena", test_athena_authenticated);
  g_test_add_func ("/local-security/auth/s3", test_s3_authenticated);
  g_test_add_func ("/local-security/auth/s3-upload-not-stored",
                   test_s3_unsigned_upload_not_stored);
  g_test_add_func ("/local-security/auth/dashboard", test_dashboard_needs_token);
  g_test_add_func ("/local-security/dos/client-closed-connections",
                   test_client_closed_connections);
  g_test_add ("/local-security/keys/encoded-dots", Store, NULL, store_setup,
              test_keys_encoded_dots, store_teardown);
  g_test_add ("/local-security/keys/literal-dots", Store, NULL, store_setup,
              test_keys_literal_dots, store_teardown);
  g_test_add ("/local-security/keys/double-encoded", Store, NULL, store_setup,
              test_keys_double_encoded, store_teardown);
  g_test_add ("/local-security/keys/bad-bytes", Store, NULL, store_setup, test_keys_bad_bytes,
              store_teardown);
  g_test_add ("/local-security/keys/bucket-names", Store, NULL, store_setup,
              test_buckets_with_dots, store_teardown);
  g_test_add ("/local-security/keys/store", Store, NULL, store_setup, test_keys_store,
              store_teardown);
  g_test_add ("/local-security/keys/symlinks", Store, NULL, store_setup, test_keys_symlinks,
              store_teardown);

  return g_test_run ();
}
