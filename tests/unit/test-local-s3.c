/* test-local-s3.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "glaux-local-s3.h"
#include "glaux-sigv4.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

static const char secret_text[] = "top secret, outside the store\n";

static void
test_key_validate (void)
{
  static const char * const good[] = {
    "a", "a/b/c.csv", "dir/file name with spaces", "%2e%2e", "..a/b..", "a/.hidden", "ü/ñ",
  };
  static const struct
  {
    const char *key;
    gsize       length;
    int         code;
  } bad[] = {
    { "", 0, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "..", 2, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "../secret", 9, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "a/../../secret", 14, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "a/..", 4, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "./a", 3, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "/etc/passwd", 11, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "a\\..\\b", 6, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "a\0b", 3, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "a//b", 4, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "folder/", 7, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
    { "\xff\xfe", 2, GLAUX_LOCAL_S3_ERROR_INVALID_KEY },
  };
  g_autofree char *long_key = g_strnfill (1025, 'k');
  g_autofree char *long_segment = g_strnfill (256, 's');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (glaux_local_s3_key_validate (good[i], strlen (good[i]), &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (glaux_local_s3_key_validate (bad[i].key, bad[i].length, &error));
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, bad[i].code);
      g_assert_cmpstr (glaux_local_s3_error_get_code (error), ==, "InvalidArgument");
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (glaux_local_s3_key_validate (long_key, strlen (long_key), &error));
    g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG);
    g_clear_error (&error);
    g_assert_false (glaux_local_s3_key_validate (long_segment, strlen (long_segment), &error));
    g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG);
  }
}

static void
test_bucket_validate (void)
{
  static const char * const good[] = { "abc", "glaux-local-results", "a.b-c", "123" };
  static const char * const bad[] = { "ab", "..", "a..b", "-abc", "abc-", "ABC", "a/b", "a_b",
                                      ".glaux-tmp" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (glaux_local_s3_bucket_validate (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (glaux_local_s3_bucket_validate (bad[i], &error));
      g_assert_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME);
    }
}

static void
assert_s3_error (GBytes     *body,
                 guint       status,
                 guint       expected_status,
                 const char *code)
{
  g_autofree char *element = g_strdup_printf ("<Code>%s</Code>", code);
  const char *text = g_bytes_get_data (body, NULL);

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_nonnull (text);
  if (strstr (text, element) == NULL)
    g_error ("expected %s in %s", element, text);
  g_assert_nonnull (strstr (text, "<RequestId>"));
  g_assert_nonnull (strstr (text, "<Resource>"));
}

static void
test_objects (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autoptr(GBytes) content = g_bytes_new_static ("0123456789", 10);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  GBytes *response;
  guint status = 0;
  const char *text;

  response = glaux_test_local_s3 (local, "PUT", "/data", empty, &status);
  g_assert_cmpuint (status, ==, 200);
  g_bytes_unref (response);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *path = g_strdup_printf ("/data/dir%u/file%u.txt", i % 2, i);

      response = glaux_test_local_s3 (local, "PUT", path, content, &status);
      g_assert_cmpuint (status, ==, 200);
      g_bytes_unref (response);
    }

  response = glaux_test_local_s3 (local, "GET", "/data/dir0/file0.txt", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_bytes_equal (response, content));
  g_bytes_unref (response);

  {
    g_autoptr(SoupMessage) message = glaux_test_local_message (local, "GET", "/data/dir0/file0.txt");
    g_autoptr(GBytes) part = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (message), "Range",
                                  "bytes=2-4");
    part = glaux_test_local_send (local, message, NULL, "s3", &status);
    g_assert_cmpuint (status, ==, 206);
    g_assert_cmpmem (g_bytes_get_data (part, NULL), g_bytes_get_size (part), "234", 3);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                   "Content-Range"), ==, "bytes 2-4/10");
  }
  {
    g_autoptr(SoupMessage) message = glaux_test_local_message (local, "GET", "/data/dir0/file0.txt");
    g_autoptr(GBytes) part = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (message), "Range",
                                  "bytes=50-60");
    part = glaux_test_local_send (local, message, NULL, "s3", &status);
    assert_s3_error (part, status, 416, "InvalidRange");
  }
  {
    g_autoptr(SoupMessage) message = glaux_test_local_message (local, "HEAD", "/data/dir1/file1.txt");
    g_autoptr(GBytes) nothing = glaux_test_local_send (local, message, NULL, "s3", &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (soup_message_headers_get_content_length (
                       soup_message_get_response_headers (message)), ==, 10);
    g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "ETag"));
  }

  response = glaux_test_local_s3 (local, "GET", "/data?list-type=2&delimiter=/", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  text = g_bytes_get_data (response, NULL);
  g_assert_nonnull (strstr (text, "<CommonPrefixes><Prefix>dir0/</Prefix></CommonPrefixes>"));
  g_assert_nonnull (strstr (text, "<CommonPrefixes><Prefix>dir1/</Prefix></CommonPrefixes>"));
  g_assert_nonnull (strstr (text, "<KeyCount>2</KeyCount>"));
  g_bytes_unref (response);

  response = glaux_test_local_s3 (local, "GET", "/data?list-type=2&prefix=dir0/&max-keys=2", NULL,
                                  &status);
  text = g_bytes_get_data (response, NULL);
  g_assert_nonnull (strstr (text, "<Key>dir0/file0.txt</Key>"));
  g_assert_nonnull (strstr (text, "<Key>dir0/file2.txt</Key>"));
  g_assert_nonnull (strstr (text, "<IsTruncated>true</IsTruncated>"));
  {
    const char *start = strstr (text, "<NextContinuationToken>") + strlen ("<NextContinuationToken>");
    g_autofree char *token = g_strndup (start, strstr (start, "<") - start);
    g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/data?list-type=2&prefix=dir0/&max-keys=2"
                                             "&continuation-token=%s", escaped);
    g_autoptr(GBytes) next = glaux_test_local_s3 (local, "GET", path, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (g_bytes_get_data (next, NULL), "<Key>dir0/file4.txt</Key>"));
    g_assert_nonnull (strstr (g_bytes_get_data (next, NULL), "<IsTruncated>false</IsTruncated>"));
  }
  g_bytes_unref (response);

  response = glaux_test_local_s3 (local, "DELETE", "/data/dir0/file0.txt", NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_bytes_unref (response);
  response = glaux_test_local_s3 (local, "GET", "/data/dir0/file0.txt", NULL, &status);
  assert_s3_error (response, status, 404, "NoSuchKey");
  g_bytes_unref (response);
  response = glaux_test_local_s3 (local, "GET", "/no-such-bucket/x", NULL, &status);
  assert_s3_error (response, status, 404, "NoSuchBucket");
  g_bytes_unref (response);

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

/* Sends a request whose path is written to the socket exactly as given (no client-side
 * normalisation), signed for S3 with the low-level signer. Returns the raw response. */
static char *
raw_signed_get (GlauxTestLocal *local,
                const char     *path)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) endpoint = g_uri_parse (local->endpoint, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_strdup_printf ("%s:%d", g_uri_get_host (endpoint),
                                           g_uri_get_port (endpoint));
  g_autofree char *amz_date = glaux_sigv4_format_amz_date (now);
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GString) response = g_string_new (NULL);
  const char *empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  GlauxSigv4Header headers[] = {
    { "host", host }, { "x-amz-content-sha256", empty_hash }, { "x-amz-date", amz_date },
  };
  GlauxSigv4Request sig_request = { "GET", path, NULL, headers, G_N_ELEMENTS (headers),
                                    empty_hash };
  char buffer[4096];
  gssize n;

  canonical = glaux_sigv4_canonical_request (&sig_request, GLAUX_SIGV4_S3, &signed_headers);
  to_sign = glaux_sigv4_string_to_sign (amz_date, local->region, "s3", canonical);
  signature = glaux_sigv4_signature (local->secret_access_key, amz_date, local->region, "s3",
                                     to_sign);
  authorization = glaux_sigv4_authorization (local->access_key_id, amz_date, local->region, "s3",
                                             signed_headers, signature);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s\r\nx-amz-content-sha256: %s\r\n"
                             "x-amz-date: %s\r\nAuthorization: %s\r\nConnection: close\r\n\r\n",
                             path, host, empty_hash, amz_date, authorization);

  connection = g_socket_client_connect_to_host (client, host, 0, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (response, buffer, n);

  return g_string_free (g_steal_pointer (&response), FALSE);
}

static void
assert_no_leak (GlauxTestLocal *local,
                const char     *path)
{
  g_autoptr(GBytes) response = NULL;
  guint status = 0;

  response = glaux_test_local_s3 (local, "GET", path, NULL, &status);
  g_test_message ("GET %s -> %u", path, status);
  g_assert_cmpuint (status, >=, 400);
  if (g_bytes_get_size (response) > 0)
    g_assert_null (g_strstr_len (g_bytes_get_data (response, NULL), g_bytes_get_size (response),
                                 "top secret"));
}

/* GET's ETag header (and, with @body, checks the bytes). */
static char *
get_etag (GlauxTestLocal *local,
          const char     *method,
          const char     *path,
          GBytes         *body)
{
  g_autoptr(SoupMessage) message = glaux_test_local_message (local, method, path);
  g_autoptr(GBytes) response = NULL;
  guint status = 0;

  response = glaux_test_local_send (local, message, NULL, "s3", &status);
  g_assert_cmpuint (status, ==, 200);
  if (body != NULL)
    g_assert_true (g_bytes_equal (response, body));

  return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                 "ETag"));
}

static char *
quoted_md5 (const char *text)
{
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);

  return g_strdup_printf ("\"%s\"", md5);
}

/* ETags are the MD5 of the body (as S3 gives single-part objects), whether glaux-local wrote
 * the object (recorded while writing) or a file was dropped in or changed behind its back
 * (hashed again on the next GET); the record outlives a restart. */
static void
test_etags (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "etags", NULL);
  g_autofree char *bucket_dir = g_build_filename (data_dir, "s3", "tags", NULL);
  g_autofree char *dropped = g_build_filename (bucket_dir, "dropped.csv", NULL);
  g_autofree char *meta_dir = g_build_filename (data_dir, "s3", ".glaux-etags", NULL);
  g_autoptr(GBytes) put_body = g_bytes_new_static ("a,b\n1,2\n", 8);
  g_autoptr(GBytes) dropped_body = g_bytes_new_static ("x,y\n3,4\n", 8);
  g_autoptr(GBytes) changed_body = g_bytes_new_static ("x,y\n5,6\n", 8);
  g_autofree char *put_md5 = quoted_md5 ("a,b\n1,2\n");
  g_autofree char *dropped_md5 = quoted_md5 ("x,y\n3,4\n");
  g_autofree char *changed_md5 = quoted_md5 ("x,y\n5,6\n");
  g_autoptr(GDir) meta = NULL;
  GlauxTestLocal *local;
  char *etag;
  GBytes *response;
  guint status = 0;
  guint n_records = 0;

  g_mkdir_with_parents (bucket_dir, 0700);
  local = glaux_test_local_start (data_dir, 1.0);

  response = glaux_test_local_s3 (local, "PUT", "/tags/put.csv", put_body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_bytes_unref (response);
  etag = get_etag (local, "GET", "/tags/put.csv", put_body);
  g_assert_cmpstr (etag, ==, put_md5);
  g_free (etag);

  /* A file glaux-local did not write. */
  g_assert_true (g_file_set_contents (dropped, "x,y\n3,4\n", 8, NULL));
  etag = get_etag (local, "HEAD", "/tags/dropped.csv", NULL);
  g_assert_cmpstr (etag, ==, dropped_md5);
  g_free (etag);
  etag = get_etag (local, "GET", "/tags/dropped.csv", dropped_body);
  g_assert_cmpstr (etag, ==, dropped_md5);
  g_free (etag);

  /* Changed in place, same size: the mtime (nanoseconds) tells. */
  g_usleep (10000);
  g_assert_true (g_file_set_contents (dropped, "x,y\n5,6\n", 8, NULL));
  etag = get_etag (local, "GET", "/tags/dropped.csv", changed_body);
  g_assert_cmpstr (etag, ==, changed_md5);
  g_free (etag);

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
  glaux_test_local_free (local);

  /* Records are kept beside the store (one per object) and read back after a restart. */
  meta = g_dir_open (meta_dir, 0, NULL);
  g_assert_nonnull (meta);
  while (g_dir_read_name (meta) != NULL)
    n_records++;
  g_assert_cmpuint (n_records, ==, 2);

  local = glaux_test_local_start (data_dir, 1.0);
  etag = get_etag (local, "GET", "/tags/put.csv", put_body);
  g_assert_cmpstr (etag, ==, put_md5);
  g_free (etag);

  /* The bucket listing does not show the records' folder. */
  response = glaux_test_local_s3 (local, "GET", "/", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (strstr (g_bytes_get_data (response, NULL), "glaux-etags"));
  g_bytes_unref (response);

  response = glaux_test_local_s3 (local, "DELETE", "/tags/put.csv", NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_bytes_unref (response);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
  glaux_test_local_free (local);

  g_dir_close (g_steal_pointer (&meta));
  meta = g_dir_open (meta_dir, 0, NULL);
  n_records = 0;
  while (g_dir_read_name (meta) != NULL)
    n_records++;
  g_assert_cmpuint (n_records, ==, 1);
}

static void
test_traversal (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autofree char *secret = g_build_filename (local->data_dir, "secret.txt", NULL);
  g_autofree char *bucket_dir = g_build_filename (local->data_dir, "s3", "trap", NULL);
  g_autofree char *file_link = g_build_filename (bucket_dir, "link.txt", NULL);
  g_autofree char *dir_link = g_build_filename (bucket_dir, "outside", NULL);
  g_autofree char *escaped_put = g_build_filename (local->data_dir, "planted.txt", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("overwritten", 11);
  g_autoptr(GError) error = NULL;
  static const char * const attempts[] = {
    "/trap/%2e%2e/%2e%2e/secret.txt",
    "/trap/%2E%2E%2F%2E%2E%2Fsecret.txt",
    "/trap/..%2f..%2fsecret.txt",
    "/trap/%2Fetc%2Fpasswd",
    "/trap/a%5C..%5C..%5Csecret.txt",
    "/trap/a%00b",
    "/%2e%2e/secret.txt",
    "/trap/link.txt",
    "/trap/outside/secret.txt",
  };
  guint status = 0;

  g_file_set_contents (secret, secret_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (bucket_dir, 0755), ==, 0);
  g_assert_cmpint (symlink (secret, file_link), ==, 0);
  g_assert_cmpint (symlink (local->data_dir, dir_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    assert_no_leak (local, attempts[i]);

  /* Literal dot segments, written to the socket as they are. */
  {
    g_autofree char *raw = raw_signed_get (local, "/trap/../../secret.txt");

    g_assert_null (strstr (raw, "top secret"));
    g_assert_false (g_str_has_prefix (raw, "HTTP/1.1 200"));
  }

  /* Writes through a planted directory link are refused; a file link is replaced, not followed. */
  g_bytes_unref (glaux_test_local_s3 (local, "PUT", "/trap/outside/planted.txt", payload,
                                      &status));
  g_assert_cmpuint (status, ==, 403);
  g_assert_false (g_file_test (escaped_put, G_FILE_TEST_EXISTS));
  g_bytes_unref (glaux_test_local_s3 (local, "PUT", "/trap/link.txt", payload, &status));
  g_assert_cmpuint (status, ==, 200);
  g_file_get_contents (secret, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, secret_text);
  g_assert_false (g_file_test (file_link, G_FILE_TEST_IS_SYMLINK));

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static void
test_auth_errors (void)
{
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (NULL, 1.0);
  g_autoptr(SoupMessage) unsigned_message = glaux_test_local_message (local, "GET",
                                                                      "/glaux-local-results?list-type=2");
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_secret = g_strdup (local->secret_access_key);
  g_autofree char *old_key = g_strdup (local->access_key_id);
  guint status;

  response = soup_session_send_and_read (local->session, unsigned_message, NULL, &error);
  g_assert_no_error (error);
  assert_s3_error (response, soup_message_get_status (unsigned_message), 403, "AccessDenied");
  g_clear_pointer (&response, g_bytes_unref);

  g_free (local->secret_access_key);
  local->secret_access_key = g_strdup ("wrong-secret-wrong-secret-wrong-secret-00");
  response = glaux_test_local_s3 (local, "GET", "/glaux-local-results?list-type=2", NULL, &status);
  assert_s3_error (response, status, 403, "SignatureDoesNotMatch");
  g_clear_pointer (&response, g_bytes_unref);

  g_free (local->access_key_id);
  local->access_key_id = g_strdup ("AKIANOBODYNOBODY0000");
  response = glaux_test_local_s3 (local, "GET", "/glaux-local-results?list-type=2", NULL, &status);
  assert_s3_error (response, status, 403, "InvalidAccessKeyId");

  g_free (local->access_key_id);
  local->access_key_id = g_steal_pointer (&old_key);
  g_free (local->secret_access_key);
  local->secret_access_key = g_steal_pointer (&old_secret);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/local/S3/key-validate", test_key_validate);
  g_test_add_func ("/glaux/local/S3/bucket-validate", test_bucket_validate);
  g_test_add_func ("/glaux/local/S3/objects", test_objects);
  g_test_add_func ("/glaux/local/S3/etags", test_etags);
  g_test_add_func ("/glaux/local/S3/traversal", test_traversal);
  g_test_add_func ("/glaux/local/S3/auth-errors", test_auth_errors);

  return g_test_run ();
}
