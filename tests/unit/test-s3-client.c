/* test-s3-client.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-http.h"
#include "glaux-s3-client.h"
#include "glaux-s3-uri.h"
#include "glaux-s3-xml.h"
#include "glaux-sigv4.h"
#include "glaux-test-util.h"

#define ACCESS_KEY  "AKIDTESTS3CLIENT"
#define SECRET_KEY  "wJalrXUtnFEMI/K7MDENG+bPxRfiCYS3TESTKEY"
#define BUCKET      "results-bucket"
#define BIG_KEY     "big/object.bin"
#define BIG_SIZE    (50 * 1024 * 1024)
#define CHUNK_SIZE  (64 * 1024)

#ifdef __SANITIZE_ADDRESS__
/* ASan parks freed memory in a quarantine (256 MB by default), which would hide whether the
 * stream holds on to memory; a small quarantine keeps the RSS check meaningful there too. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "quarantine_size_mb=1";
}
#endif

/* Static credentials from a minimal provider. */
#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject parent_instance;
};

static void test_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      test_provider_iface_init))

static void
test_provider_load_async (GlauxCredentialsProvider *provider,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_pointer (task, glaux_aws_credentials_new (ACCESS_KEY, SECRET_KEY, NULL, NULL),
                         g_object_unref);
}

static GlauxAwsCredentials *
test_provider_load_finish (GlauxCredentialsProvider  *provider,
                           GAsyncResult              *result,
                           GError                   **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = test_provider_load_async;
  iface->load_finish = test_provider_load_finish;
}

static void
test_provider_class_init (TestProviderClass *klass)
{
}

static void
test_provider_init (TestProvider *self)
{
}

/* Byte i of the generated big object: varies within and across 64 KiB blocks, so a chunk
 * delivered at the wrong offset does not match. */
static inline guint8
pattern_byte (guint64 offset)
{
  return (guint8)((offset * 131u) ^ (offset >> 9) ^ (offset >> 17));
}

typedef struct
{
  SoupServer   *server;
  char         *endpoint;
  GHashTable   *objects;         /* key -> GBytes */
  GHashTable   *content_types;   /* key -> char * */
  GPtrArray    *paths;           /* every request path, as received */
  guint         bad_signatures;
  guint         flaky_failures;  /* 503s still to send for "flaky" */
  guint         big_gets;

  SoupSession  *session;
  TestProvider *provider;
  GlauxS3Client *client;

  GAsyncResult *result;
} Fixture;

typedef struct
{
  SoupServerMessage *message;
  guint64            next;
  guint64            end;
} Streamer;

static const char *
lookup_secret (const char  *access_key_id,
               const char **session_token,
               gpointer     user_data)
{
  *session_token = NULL;

  return g_strcmp0 (access_key_id, ACCESS_KEY) == 0 ? SECRET_KEY : NULL;
}

static gboolean
signature_is_valid (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (GlauxSigv4Header));
  g_autofree char *hash = glaux_sigv4_hex_sha256 (g_bytes_get_data (body, NULL),
                                                  g_bytes_get_size (body));
  g_autoptr(GError) error = NULL;
  GUri *uri = soup_server_message_get_uri (message);
  SoupMessageHeadersIter iter;
  GlauxSigv4Header header;
  GlauxSigv4Request request;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &header.name, &header.value))
    g_array_append_val (list, header);

  request = (GlauxSigv4Request) {
    .method = soup_server_message_get_method (message),
    .path = g_uri_get_path (uri),
    .query = g_uri_get_query (uri),
    .headers = (GlauxSigv4Header *)(gpointer)list->data,
    .n_headers = list->len,
    .payload_hash = hash,
  };

  if (!glaux_sigv4_verify (&request, GLAUX_SIGV4_S3, lookup_secret, NULL, NULL, NULL, &error))
    {
      g_test_message ("signature refused for %s: %s", request.path, error->message);
      return FALSE;
    }

  return TRUE;
}

static void
reply_error (SoupServerMessage *message,
             guint              status,
             const char        *code,
             const char        *text)
{
  g_autofree char *xml = NULL;

  xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<Error><Code>%s</Code><Message>%s</Message>"
                         "<Key>whatever</Key><RequestId>REQ-%s</RequestId>"
                         "<HostId>host</HostId></Error>", code, text, code);
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/xml", SOUP_MEMORY_COPY, xml, strlen (xml));
}

static void
streamer_append (Streamer *streamer)
{
  SoupMessageBody *body = soup_server_message_get_response_body (streamer->message);
  gsize length;
  guint8 *chunk;

  if (streamer->next >= streamer->end)
    {
      soup_message_body_complete (body);
      return;
    }

  length = (gsize)MIN ((guint64)CHUNK_SIZE, streamer->end - streamer->next);
  chunk = g_malloc (length);
  for (gsize i = 0; i < length; i++)
    chunk[i] = pattern_byte (streamer->next + i);
  streamer->next += length;

  soup_message_body_append (body, SOUP_MEMORY_TAKE, chunk, length);
}

static void
streamer_wrote_chunk_cb (SoupServerMessage *message,
                         gpointer           user_data)
{
  streamer_append (user_data);
}

/* The big object is generated as it is written, one chunk at a time: the server side never
 * holds more than a chunk either, so the RSS check measures the client. */
static void
serve_big_object (Fixture           *fixture,
                  SoupServerMessage *message)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  Streamer *streamer = g_new0 (Streamer, 1);
  SoupRange *ranges = NULL;
  int n_ranges = 0;

  fixture->big_gets++;
  streamer->message = message;
  streamer->end = BIG_SIZE;

  if (soup_message_headers_get_ranges (request_headers, BIG_SIZE, &ranges, &n_ranges))
    {
      streamer->next = ranges[0].start;
      streamer->end = ranges[0].end + 1;
      soup_message_headers_set_content_range (headers, ranges[0].start, ranges[0].end, BIG_SIZE);
      soup_message_headers_free_ranges (request_headers, ranges);
      soup_server_message_set_status (message, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);

  soup_message_headers_set_content_length (headers, streamer->end - streamer->next);
  soup_message_headers_replace (headers, "Content-Type", "application/octet-stream");
  soup_message_headers_replace (headers, "ETag", "\"big-etag\"");
  soup_message_headers_replace (headers, "Last-Modified", "Wed, 12 Oct 2026 17:50:00 GMT");
  soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);

  g_signal_connect (message, "wrote-chunk", G_CALLBACK (streamer_wrote_chunk_cb), streamer);
  g_signal_connect_swapped (message, "finished", G_CALLBACK (g_free), streamer);
  streamer_append (streamer);
}

static void
serve_truncated (SoupServerMessage *message)
{
  static const char head[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/csv\r\n"
    "Content-Length: 1048576\r\n"
    "ETag: \"cut\"\r\n"
    "\r\n";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  g_autofree char *data = g_malloc (100000);
  GOutputStream *output = g_io_stream_get_output_stream (stream);

  memset (data, 'x', 100000);
  g_output_stream_write_all (output, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (output, data, 100000, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* ListObjectsV2 over the stored objects, with max-keys paging and an opaque token. */
static void
serve_list (Fixture           *fixture,
            SoupServerMessage *message,
            GHashTable        *query)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                         "<Name>" BUCKET "</Name>");
  const char *prefix = query ? g_hash_table_lookup (query, "prefix") : NULL;
  const char *token = query ? g_hash_table_lookup (query, "continuation-token") : NULL;
  const char *max_keys_text = query ? g_hash_table_lookup (query, "max-keys") : NULL;
  guint max_keys = max_keys_text ? (guint)g_ascii_strtoull (max_keys_text, NULL, 10) : 1000;
  guint start = token ? (guint)g_ascii_strtoull (token + strlen ("page-"), NULL, 10) : 0;
  GHashTableIter iter;
  gpointer key;
  guint i;

  g_hash_table_iter_init (&iter, fixture->objects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (prefix == NULL || g_str_has_prefix (key, prefix))
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);

  for (i = start; i < keys->len && i < start + max_keys; i++)
    {
      GBytes *bytes = g_hash_table_lookup (fixture->objects, keys->pdata[i]);
      g_autofree char *escaped = g_markup_escape_text (keys->pdata[i], -1);

      g_string_append_printf (xml, "<Contents><Key>%s</Key>"
                              "<LastModified>2026-10-12T17:50:30.000Z</LastModified>"
                              "<ETag>&quot;etag-%u&quot;</ETag><Size>%" G_GSIZE_FORMAT "</Size>"
                              "<StorageClass>STANDARD</StorageClass></Contents>",
                              escaped, i, g_bytes_get_size (bytes));
    }

  g_string_append_printf (xml, "<KeyCount>%u</KeyCount><MaxKeys>%u</MaxKeys>"
                          "<IsTruncated>%s</IsTruncated>", i - start, max_keys,
                          i < keys->len ? "true" : "false");
  if (i < keys->len)
    g_string_append_printf (xml, "<NextContinuationToken>page-%u</NextContinuationToken>", i);
  g_string_append (xml, "</ListBucketResult>");

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/xml", SOUP_MEMORY_COPY, xml->str, xml->len);
}

static void
serve_object (Fixture           *fixture,
              SoupServerMessage *message,
              const char        *key)
{
  const char *method = soup_server_message_get_method (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *content_type;
  GBytes *bytes;

  if (method == SOUP_METHOD_PUT)
    {
      SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);

      g_hash_table_replace (fixture->objects, g_strdup (key),
                            soup_message_body_flatten (soup_server_message_get_request_body (message)));
      g_hash_table_replace (fixture->content_types, g_strdup (key),
                            g_strdup (soup_message_headers_get_one (request_headers, "Content-Type")));
      soup_message_headers_replace (headers, "ETag", "\"put-etag\"");
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      return;
    }

  bytes = g_hash_table_lookup (fixture->objects, key);
  if (bytes == NULL)
    {
      if (method == SOUP_METHOD_HEAD)
        soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      else
        reply_error (message, SOUP_STATUS_NOT_FOUND, "NoSuchKey", "The specified key does not exist.");
      return;
    }

  soup_message_headers_replace (headers, "ETag", "\"small-etag\"");
  soup_message_headers_replace (headers, "Last-Modified", "Wed, 12 Oct 2026 17:50:00 GMT");
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  content_type = g_hash_table_lookup (fixture->content_types, key);
  soup_server_message_set_response (message, content_type ? content_type : "binary/octet-stream",
                                    SOUP_MEMORY_COPY, g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *raw_path = g_uri_get_path (soup_server_message_get_uri (message));
  g_autofree char *key = NULL;

  g_ptr_array_add (fixture->paths, g_strdup (raw_path));
  if (!signature_is_valid (message))
    {
      fixture->bad_signatures++;
      reply_error (message, SOUP_STATUS_FORBIDDEN, "SignatureDoesNotMatch", "bad signature");
      return;
    }

  if (g_strcmp0 (raw_path, "/" BUCKET) == 0)
    {
      serve_list (fixture, message, query);
      return;
    }

  if (!g_str_has_prefix (raw_path, "/" BUCKET "/"))
    {
      reply_error (message, SOUP_STATUS_NOT_FOUND, "NoSuchBucket", "The specified bucket does not exist");
      return;
    }

  key = g_uri_unescape_string (raw_path + strlen ("/" BUCKET "/"), NULL);
  if (g_str_equal (key, BIG_KEY))
    serve_big_object (fixture, message);
  else if (g_str_equal (key, "truncated.csv"))
    serve_truncated (message);
  else if (g_str_equal (key, "flaky") && fixture->flaky_failures > 0)
    {
      fixture->flaky_failures--;
      reply_error (message, SOUP_STATUS_SERVICE_UNAVAILABLE, "SlowDown", "Please reduce your request rate.");
    }
  else
    serve_object (fixture, message, key);
}

static GSource *
no_sleep (GTimeSpan delay,
          gpointer  user_data)
{
  return g_timeout_source_new (0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  fixture->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_bytes_unref);
  fixture->content_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->paths = g_ptr_array_new_with_free_func (g_free);

  fixture->session = glaux_http_session_new (NULL, &error);
  g_assert_no_error (error);
  fixture->provider = g_object_new (TEST_TYPE_PROVIDER, NULL);
  fixture->client = glaux_s3_client_new (fixture->session, fixture->endpoint, "us-east-1",
                                         GLAUX_CREDENTIALS_PROVIDER (fixture->provider));
  glaux_retry_policy_set_sleep_func (glaux_s3_client_get_retry_policy (fixture->client),
                                     no_sleep, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->provider);
  soup_session_abort (fixture->session);
  g_clear_object (&fixture->session);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->endpoint, g_free);
  g_clear_pointer (&fixture->objects, g_hash_table_unref);
  g_clear_pointer (&fixture->content_types, g_hash_table_unref);
  g_clear_pointer (&fixture->paths, g_ptr_array_unref);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GAsyncResult *
wait_result (Fixture *fixture)
{
  return glaux_test_wait_result (&fixture->result, 20000);
}

static void
reset_result (Fixture *fixture)
{
  g_clear_object (&fixture->result);
}

static GInputStream *
get_object (Fixture        *fixture,
            const char     *key,
            guint64         offset,
            gint64          length,
            GlauxS3Object **object,
            GError        **error)
{
  reset_result (fixture);
  glaux_s3_client_get_object_async (fixture->client, BUCKET, key, offset, length, NULL,
                                    glaux_test_store_result_cb, &fixture->result);

  return glaux_s3_client_get_object_finish (fixture->client, wait_result (fixture), object, error);
}

typedef struct
{
  GInputStream *stream;
  guint64       offset;      /* of the next byte expected */
  guint64       received;
  guint         chunks;
  gsize         largest_chunk;
  gboolean      mismatch;
  gboolean      done;
  GError       *error;
} Reader;

static void read_next (Reader *reader);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reader *reader = user_data;
  g_autoptr(GBytes) chunk = NULL;
  const guint8 *data;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &reader->error);
  if (chunk == NULL || g_bytes_get_size (chunk) == 0)
    {
      reader->done = TRUE;
      return;
    }

  data = g_bytes_get_data (chunk, &size);
  for (gsize i = 0; i < size && !reader->mismatch; i++)
    reader->mismatch = data[i] != pattern_byte (reader->offset + i);
  reader->offset += size;
  reader->received += size;
  reader->chunks++;
  reader->largest_chunk = MAX (reader->largest_chunk, size);

  read_next (reader);
}

static void
read_next (Reader *reader)
{
  g_input_stream_read_bytes_async (reader->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT, NULL,
                                   read_cb, reader);
}

static gboolean
reader_done (gpointer data)
{
  Reader *reader = data;

  return reader->done;
}

/* Reads a stream of the pattern to its end in 64 KiB chunks, checking every byte. */
static void
read_pattern (GInputStream *stream,
              guint64       offset,
              Reader       *reader)
{
  memset (reader, 0, sizeof *reader);
  reader->stream = stream;
  reader->offset = offset;
  read_next (reader);
  glaux_test_wait_until (reader_done, reader, 60000);
}

static gsize
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);

  return (gsize)g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

static void
test_stream_big_object (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GlauxS3Object) object = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gsize rss_before = status_kib ("VmRSS:");
  gsize peak_after;
  Reader reader;

  stream = get_object (fixture, BIG_KEY, 0, -1, &object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (object->size, ==, BIG_SIZE);
  g_assert_cmpstr (object->etag, ==, "\"big-etag\"");
  g_assert_cmpstr (object->content_type, ==, "application/octet-stream");
  g_assert_cmpstr (object->key, ==, BIG_KEY);
  g_assert_nonnull (object->last_modified);
  g_assert_cmpint (g_date_time_get_year (object->last_modified), ==, 2026);

  read_pattern (stream, 0, &reader);
  g_assert_no_error (reader.error);
  g_assert_false (reader.mismatch);
  g_assert_cmpuint (reader.received, ==, BIG_SIZE);
  g_assert_cmpuint (reader.largest_chunk, <=, CHUNK_SIZE);
  g_assert_cmpuint (reader.chunks, >=, BIG_SIZE / CHUNK_SIZE);

  /* Flat memory: the peak grew by far less than the 50 MB that went through. */
  peak_after = status_kib ("VmHWM:");
  g_test_message ("VmRSS before %" G_GSIZE_FORMAT " KiB, VmHWM after %" G_GSIZE_FORMAT " KiB",
                  rss_before, peak_after);
  /* memcheck holds freed blocks back (20 MB) to catch use after free. */
  if (glaux_test_running_on_valgrind ())
    g_test_message ("under valgrind: the peak is not checked");
  else
    g_assert_cmpuint (peak_after, <, rss_before + 8 * 1024);
  g_assert_cmpuint (fixture->bad_signatures, ==, 0);
}

static void
test_range_reads (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct { guint64 offset; gint64 length; guint64 expected; } cases[] = {
    { 0, 100, 100 },
    { 1000003, 70000, 70000 },
    { BIG_SIZE - 10, -1, 10 },
    { 123456, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GlauxS3Object) object = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      Reader reader;

      stream = get_object (fixture, BIG_KEY, cases[i].offset, cases[i].length, &object, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (object->size, ==, BIG_SIZE);

      read_pattern (stream, cases[i].offset, &reader);
      g_assert_no_error (reader.error);
      g_assert_false (reader.mismatch);
      g_assert_cmpuint (reader.received, ==, cases[i].expected);
    }

  /* A zero-length range is refused before anything is sent. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GInputStream) stream = get_object (fixture, BIG_KEY, 10, 0, NULL, &error);

    g_assert_null (stream);
    g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
    g_assert_cmpuint (fixture->big_gets, ==, G_N_ELEMENTS (cases));
  }
}

static void
test_put_head_get (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char csv[] = "id,name\n1,ünïcode\n2,\"quoted, comma\"\n";
  static const char key[] = "out/run 1/result+1.csv";
  g_autoptr(GBytes) body = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(GlauxS3Object) head = NULL;
  g_autoptr(GlauxS3Object) object = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  reset_result (fixture);
  glaux_s3_client_put_object_async (fixture->client, BUCKET, key, body, "text/csv", NULL,
                                    glaux_test_store_result_cb, &fixture->result);
  g_assert_true (glaux_s3_client_put_object_finish (fixture->client, wait_result (fixture), &etag,
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, "\"put-etag\"");
  g_assert_true (g_bytes_equal (g_hash_table_lookup (fixture->objects, key), body));
  g_assert_cmpstr (g_hash_table_lookup (fixture->content_types, key), ==, "text/csv");
  /* libsoup's server decodes the path; the wire form is checked in /glaux/aws/S3Uri/urls. */
  g_assert_cmpstr (g_ptr_array_index (fixture->paths, 0), ==, "/" BUCKET "/" "out/run 1/result+1.csv");

  reset_result (fixture);
  glaux_s3_client_head_object_async (fixture->client, BUCKET, key, NULL, glaux_test_store_result_cb,
                                     &fixture->result);
  head = glaux_s3_client_head_object_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (head->size, ==, strlen (csv));
  g_assert_cmpstr (head->etag, ==, "\"small-etag\"");
  g_assert_cmpstr (head->content_type, ==, "text/csv");
  g_assert_cmpstr (head->key, ==, key);

  stream = get_object (fixture, key, 0, -1, &object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (object->size, ==, strlen (csv));
  read_back = g_input_stream_read_bytes (stream, 4096, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, body));
  g_assert_cmpuint (fixture->bad_signatures, ==, 0);
}

static void
test_head_missing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GlauxS3Object) head = NULL;
  g_autoptr(GError) error = NULL;

  reset_result (fixture);
  glaux_s3_client_head_object_async (fixture->client, BUCKET, "nothing/here", NULL,
                                     glaux_test_store_result_cb, &fixture->result);
  head = glaux_s3_client_head_object_finish (fixture->client, wait_result (fixture), &error);
  g_assert_null (head);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, "404");
  g_assert_cmpuint (glaux_aws_error_get_http_status (error), ==, 404);
  g_assert_nonnull (strstr (error->message, "s3://" BUCKET "/nothing/here"));
  g_assert_cmpuint (fixture->paths->len, ==, 1);
}

static void
test_no_such_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = get_object (fixture, "missing.csv", 0, -1, NULL, &error);
  g_assert_null (stream);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, "NoSuchKey");
  g_assert_cmpstr (glaux_aws_error_get_message (error), ==, "The specified key does not exist.");
  g_assert_cmpstr (glaux_aws_error_get_request_id (error), ==, "REQ-NoSuchKey");
  g_assert_cmpuint (glaux_aws_error_get_http_status (error), ==, 404);
  g_assert_true (g_str_has_prefix (error->message, "S3 GetObject s3://" BUCKET "/missing.csv: "));
  g_assert_cmpuint (fixture->paths->len, ==, 1);
}

static void
test_retry_before_streaming (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("payload", 7);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_replace (fixture->objects, g_strdup ("flaky"), g_bytes_ref (body));
  fixture->flaky_failures = 2;
  stream = get_object (fixture, "flaky", 0, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->paths->len, ==, 3);
  read_back = g_input_stream_read_bytes (stream, 64, NULL, &error);
  g_assert_true (g_bytes_equal (read_back, body));

  /* Three SlowDowns in a row exhaust the three attempts. */
  g_clear_object (&stream);
  fixture->flaky_failures = 3;
  stream = get_object (fixture, "flaky", 0, -1, NULL, &error);
  g_assert_null (stream);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, "SlowDown");
  g_assert_cmpuint (fixture->paths->len, ==, 6);
}

static void
test_truncated_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[CHUNK_SIZE];
  gsize total = 0;
  gssize n;

  stream = get_object (fixture, "truncated.csv", 0, -1, NULL, &error);
  g_assert_no_error (error);

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error)) > 0)
    total += n;

  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK);
  g_assert_cmpuint (total, ==, 100000);
  g_assert_nonnull (strstr (error->message, "100000 of 1048576 bytes"));
}

static void
test_truncated_stream_async (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  Reader reader;

  stream = get_object (fixture, "truncated.csv", 0, -1, NULL, &error);
  g_assert_no_error (error);

  read_pattern (stream, 0, &reader);
  g_assert_error (reader.error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK);
  g_assert_cmpuint (reader.received, ==, 100000);
  g_clear_error (&reader.error);
}

static GlauxS3ListResult *
list_page (Fixture    *fixture,
           const char *prefix,
           const char *token,
           guint       max_keys,
           GError    **error)
{
  reset_result (fixture);
  glaux_s3_client_list_objects_v2_async (fixture->client, BUCKET, prefix, NULL, token, max_keys,
                                         NULL, glaux_test_store_result_cb, &fixture->result);

  return glaux_s3_client_list_objects_v2_finish (fixture->client, wait_result (fixture), error);
}

static void
test_list_continuation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *token = NULL;
  guint pages = 0;

  for (guint i = 0; i < 7; i++)
    g_hash_table_replace (fixture->objects, g_strdup_printf ("runs/q%02u & <x>.csv", i),
                          g_bytes_new_take (g_malloc0 (i * 10), i * 10));
  g_hash_table_replace (fixture->objects, g_strdup ("other/file"), g_bytes_new ("x", 1));

  do
    {
      g_autoptr(GlauxS3ListResult) page = NULL;
      g_autoptr(GError) error = NULL;

      page = list_page (fixture, "runs/", token, 3, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->objects->len, <=, 3);
      for (guint i = 0; i < page->objects->len; i++)
        {
          GlauxS3Object *object = g_ptr_array_index (page->objects, i);

          g_assert_cmpuint (object->size, ==, (guint64)(10 * seen->len));
          g_assert_cmpstr (object->storage_class, ==, "STANDARD");
          g_assert_true (g_str_has_prefix (object->etag, "\"etag-"));
          g_assert_cmpint (g_date_time_get_second (object->last_modified), ==, 30);
          g_ptr_array_add (seen, g_strdup (object->key));
        }

      g_free (token);
      token = g_strdup (page->next_continuation_token);
      g_assert_true (page->is_truncated == (token != NULL));
      pages++;
    }
  while (token != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "runs/q00 & <x>.csv");
  g_assert_cmpstr (g_ptr_array_index (seen, 6), ==, "runs/q06 & <x>.csv");
  g_assert_cmpstr (g_ptr_array_index (fixture->paths, 0), ==, "/" BUCKET);
  g_assert_cmpuint (fixture->bad_signatures, ==, 0);
}

static void
test_list_bad_xml (void)
{
  static const char * const broken[] = {
    "<ListBucketResult><Contents><Key>a</Key><Size>12x</Size></Contents></ListBucketResult>",
    "<ListBucketResult><Contents><Key>a</Key>",
    "<ListAllMyBucketsResult></ListAllMyBucketsResult>",
    "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>",
    "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
    "<ListBucketResult><Contents><Key>a</Key><LastModified>yesterday</LastModified></Contents></ListBucketResult>",
  };
  GlauxS3XmlError parsed = { NULL, NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlauxS3ListResult) result = NULL;

      result = glaux_s3_xml_parse_list_result (broken[i], strlen (broken[i]), &error);
      g_assert_null (result);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
    }

  g_assert_false (glaux_s3_xml_parse_error ("<html>502</html>", 16, &parsed));
  g_assert_null (parsed.code);
  g_assert_true (glaux_s3_xml_parse_error ("<Error><Code>AccessDenied</Code></Error>", 40, &parsed));
  g_assert_cmpstr (parsed.code, ==, "AccessDenied");
  g_assert_null (parsed.message);
  glaux_s3_xml_error_clear (&parsed);
}

static void
test_uri_parse (void)
{
  static const struct { const char *text; gboolean require_key; const char *bucket; const char *key; } good[] = {
    { "s3://my-bucket/path/to/result.csv", TRUE, "my-bucket", "path/to/result.csv" },
    { "S3://my.dotted.bucket/a b+c", TRUE, "my.dotted.bucket", "a b+c" },
    { "s3://abc", FALSE, "abc", "" },
    { "s3://abc/", FALSE, "abc", "" },
    { "s3://abc/prefix/", FALSE, "abc", "prefix/" },
    { "s3://abc//double", TRUE, "abc", "/double" },
  };
  static const struct { const char *text; gboolean require_key; const char *fragment; } bad[] = {
    { "https://bucket/key", TRUE, "must start with s3://" },
    { "s3:///key", TRUE, "no bucket name" },
    { "s3://ab/key", TRUE, "3 to 63 characters" },
    { "s3://My-Bucket/key", TRUE, "lowercase" },
    { "s3://bucket_name/key", TRUE, "lowercase" },
    { "s3://-bucket/key", TRUE, "begin and end" },
    { "s3://bucket-/key", TRUE, "begin and end" },
    { "s3://a..b/key", TRUE, "two adjacent dots" },
    { "s3://192.168.5.4/key", TRUE, "IP address" },
    { "s3://xn--bucket/key", TRUE, "reserved prefix" },
    { "s3://bucket-s3alias/key", TRUE, "reserved suffix" },
    { "s3://bucket", TRUE, "the key is missing" },
    { "s3://bucket/", TRUE, "the key is missing" },
    { "s3://bucket/a/../b", TRUE, "“..” path segment" },
    { "s3://bucket/./b", TRUE, "“.” path segment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlauxS3Uri) uri = glaux_s3_uri_parse (good[i].text, good[i].require_key, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (uri->bucket, ==, good[i].bucket);
      g_assert_cmpstr (uri->key, ==, good[i].key);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlauxS3Uri) uri = glaux_s3_uri_parse (bad[i].text, bad[i].require_key, &error);

      g_assert_null (uri);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("“%s”: unexpected message “%s”", bad[i].text, error->message);
    }

  {
    g_autofree char *long_key = g_strnfill (1025, 'k');
    g_autofree char *text = g_strdup_printf ("s3://bucket/%s", long_key);
    g_autoptr(GError) error = NULL;
    g_autoptr(GlauxS3Uri) uri = glaux_s3_uri_parse (text, TRUE, &error);
    g_autoptr(GlauxS3Uri) copy = NULL;
    g_autofree char *round_trip = NULL;

    g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
    g_clear_error (&error);

    uri = glaux_s3_uri_parse ("s3://bucket/dir/file.csv", TRUE, &error);
    copy = glaux_s3_uri_copy (uri);
    round_trip = glaux_s3_uri_to_string (copy);
    g_assert_cmpstr (round_trip, ==, "s3://bucket/dir/file.csv");
  }
}

static void
test_uri_urls (void)
{
  static const struct { const char *endpoint; const char *bucket; const char *key; gboolean force; const char *url; } cases[] = {
    { "https://s3.eu-west-1.amazonaws.com", "bucket", "a/b c.csv", FALSE,
      "https://bucket.s3.eu-west-1.amazonaws.com/a/b%20c.csv" },
    { "https://s3.eu-west-1.amazonaws.com", "bucket", NULL, FALSE,
      "https://bucket.s3.eu-west-1.amazonaws.com/" },
    { "https://s3.eu-west-1.amazonaws.com", "my.bucket", "k", FALSE,
      "https://s3.eu-west-1.amazonaws.com/my.bucket/k" },
    { "https://s3.eu-west-1.amazonaws.com", "bucket", "k", TRUE,
      "https://s3.eu-west-1.amazonaws.com/bucket/k" },
    { "https://s3.cn-north-1.amazonaws.com.cn", "bucket", "k", FALSE,
      "https://bucket.s3.cn-north-1.amazonaws.com.cn/k" },
    { "http://127.0.0.1:9000", "bucket", "dir/ü~x+y", FALSE,
      "http://127.0.0.1:9000/bucket/dir/%C3%BC~x%2By" },
    { "http://127.0.0.1:9000", "bucket", NULL, FALSE, "http://127.0.0.1:9000/bucket" },
    { "http://localhost:4566/proxy/", "bucket", "k", FALSE, "http://localhost:4566/proxy/bucket/k" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *encoded = glaux_s3_encode_key ("a b/c!*'()&$@=;:,?#[]%-_.~");

  g_assert_cmpstr (encoded, ==, "a%20b/c%21%2A%27%28%29%26%24%40%3D%3B%3A%2C%3F%23%5B%5D%25-_.~");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = glaux_s3_build_url (cases[i].endpoint, cases[i].bucket, cases[i].key,
                                                 cases[i].force, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].url);
    }

  g_assert_true (glaux_s3_endpoint_is_aws ("https://s3.us-east-1.amazonaws.com"));
  g_assert_false (glaux_s3_endpoint_is_aws ("http://127.0.0.1:9000"));
  bad = glaux_s3_build_url ("s3.amazonaws.com", "bucket", "k", FALSE, &error);
  g_assert_null (bad);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
}

static void
test_bad_arguments (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxS3ListResult) page = NULL;
  g_autoptr(GInputStream) stream = NULL;

  reset_result (fixture);
  glaux_s3_client_get_object_async (fixture->client, "Bad_Bucket", "k", 0, -1, NULL,
                                    glaux_test_store_result_cb, &fixture->result);
  stream = glaux_s3_client_get_object_finish (fixture->client, wait_result (fixture), NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Bad_Bucket"));
  g_clear_error (&error);

  reset_result (fixture);
  glaux_s3_client_list_objects_v2_async (fixture->client, "x", NULL, NULL, NULL, 0, NULL,
                                         glaux_test_store_result_cb, &fixture->result);
  page = glaux_s3_client_list_objects_v2_finish (fixture->client, wait_result (fixture), &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_cmpuint (fixture->paths->len, ==, 0);
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/stream-50mb", test_stream_big_object);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/range-reads", test_range_reads);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/put-head-get", test_put_head_get);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/head-missing", test_head_missing);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/no-such-key", test_no_such_key);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/retry-before-streaming", test_retry_before_streaming);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/truncated-stream", test_truncated_stream);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/truncated-stream-async", test_truncated_stream_async);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/list-continuation", test_list_continuation);
  ADD_FIXTURE_TEST ("/glaux/aws/S3Client/bad-arguments", test_bad_arguments);
  g_test_add_func ("/glaux/aws/S3Client/list-bad-xml", test_list_bad_xml);
  g_test_add_func ("/glaux/aws/S3Uri/parse", test_uri_parse);
  g_test_add_func ("/glaux/aws/S3Uri/urls", test_uri_urls);

  return g_test_run ();
}
