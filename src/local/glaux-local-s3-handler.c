/* glaux-local-s3-handler.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-s3-handler"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "glaux-local-s3-handler.h"

/* The S3 REST subset over a signed, already verified request: path-style
 * GET/HEAD/PUT/DELETE /<bucket>/<key>, GET /<bucket>?list-type=2, HEAD/PUT /<bucket>, GET /.
 * Keys are percent-decoded here and validated before any file is touched. */

#define S3_XMLNS "http://s3.amazonaws.com/doc/2006-03-01/"

static void
set_common_headers (SoupServerMessage *message,
                    const char        *request_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "x-amz-request-id", request_id);
  soup_message_headers_replace (headers, "x-amz-id-2", request_id);
  soup_message_headers_replace (headers, "Server", "glaux-local");
}

static void
respond_xml (SoupServerMessage *message,
             guint              status,
             GString           *xml)
{
  gsize length = xml->len;

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/xml", SOUP_MEMORY_TAKE,
                                    g_string_free (xml, FALSE), length);
}

static gboolean
is_head (SoupServerMessage *message)
{
  return g_str_equal (soup_server_message_get_method (message), "HEAD");
}

/* The request path as XML text. libsoup hands it over with some escapes decoded, possibly as
 * bytes that are not UTF-8 ("%c0%ae"): those are percent-encoded again, so the error document
 * stays well-formed. */
static char *
escape_resource (const char *path)
{
  g_autofree char *ascii = g_uri_escape_string (path, "/%!$&'()*+,;=:@~", FALSE);

  return g_markup_escape_text (ascii, -1);
}

void
glaux_local_s3_handler_error (SoupServerMessage *message,
                              const GError      *error,
                              const char        *request_id)
{
  GUri *uri = soup_server_message_get_uri (message);
  GString *xml;
  g_autofree char *valid_message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *resource = NULL;

  set_common_headers (message, request_id);
  if (is_head (message))
    {
      soup_server_message_set_status (message, glaux_local_s3_error_get_status (error), NULL);
      return;
    }

  valid_message = g_utf8_make_valid (error->message, -1);
  text = g_markup_escape_text (valid_message, -1);
  resource = escape_resource (g_uri_get_path (uri));
  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
  g_string_append_printf (xml, "<Code>%s</Code><Message>%s</Message><Resource>%s</Resource>"
                          "<RequestId>%s</RequestId></Error>",
                          glaux_local_s3_error_get_code (error), text, resource, request_id);
  respond_xml (message, glaux_local_s3_error_get_status (error), xml);
}

static void
fail (SoupServerMessage *message,
      const char        *request_id,
      GError            *error)
{
  glaux_local_s3_handler_error (message, error, request_id);
  g_error_free (error);
}

static char *
http_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%a, %d %b %Y %H:%M:%S GMT");
}

static char *
iso_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000Z");
}

static const char *
content_type_for (const char *key)
{
  if (g_str_has_suffix (key, ".csv"))
    return "text/csv";
  if (g_str_has_suffix (key, ".txt"))
    return "text/plain; charset=utf-8";
  if (g_str_has_suffix (key, ".json"))
    return "application/json";
  if (g_str_has_suffix (key, ".html"))
    return "text/html";

  return "application/octet-stream";
}

/* Parses one "bytes=a-b", "bytes=a-" or "bytes=-n" range against @size. FALSE with @error when
 * it cannot be satisfied; a header S3 would ignore leaves *has_range FALSE. */
static gboolean
parse_range (const char  *header,
             goffset      size,
             gboolean    *has_range,
             goffset     *start,
             goffset     *end,
             GError     **error)
{
  const char *spec;
  char *dash;
  gint64 first;
  gint64 last;

  *has_range = FALSE;
  if (header == NULL || !g_str_has_prefix (header, "bytes=") || strchr (header, ',') != NULL)
    return TRUE;

  spec = header + strlen ("bytes=");
  dash = strchr (spec, '-');
  if (dash == NULL)
    return TRUE;

  if (dash == spec)
    {
      gint64 suffix = g_ascii_strtoll (dash + 1, NULL, 10);

      if (suffix <= 0)
        goto unsatisfiable;
      first = MAX (0, size - suffix);
      last = size - 1;
    }
  else
    {
      first = g_ascii_strtoll (spec, NULL, 10);
      last = dash[1] != '\0' ? g_ascii_strtoll (dash + 1, NULL, 10) : size - 1;
      if (last < first)
        return TRUE;
      last = MIN (last, size - 1);
    }

  if (first >= size || size == 0)
    goto unsatisfiable;

  *has_range = TRUE;
  *start = first;
  *end = last;
  return TRUE;

unsatisfiable:
  g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_RANGE,
               "The requested range is not satisfiable: %s (object size %" G_GOFFSET_FORMAT ")",
               header, size);
  return FALSE;
}

/* Answers a GET or HEAD from the open object @fd with its known MD5. */
static void
respond_object (SoupServerMessage *message,
                const char        *request_id,
                const char        *bucket,
                const char        *key,
                int                fd,
                const struct stat *st,
                const char        *md5)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *range_header = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "Range");
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *modified = NULL;
  GError *error = NULL;
  gboolean has_range = FALSE;
  goffset start = 0, end = 0;

  mapped = g_mapped_file_new_from_fd (fd, FALSE, &error);
  if (mapped == NULL)
    {
      g_clear_error (&error);
      g_set_error (&error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot read object %s/%s", bucket, key);
      fail (message, request_id, error);
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  if (!parse_range (range_header, g_bytes_get_size (bytes), &has_range, &start, &end, &error))
    {
      g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT,
                                                        g_bytes_get_size (bytes));

      soup_message_headers_replace (headers, "Content-Range", content_range);
      fail (message, request_id, error);
      return;
    }

  etag = g_strdup_printf ("\"%s\"", md5);
  modified = http_date (st->st_mtime);
  set_common_headers (message, request_id);
  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Last-Modified", modified);
  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_message_headers_replace (headers, "Content-Type", content_type_for (key));

  if (has_range)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes %" G_GOFFSET_FORMAT "-%"
                                                        G_GOFFSET_FORMAT "/%" G_GSIZE_FORMAT,
                                                        start, end, g_bytes_get_size (bytes));
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, start, end - start + 1);

      soup_message_headers_replace (headers, "Content-Range", content_range);
      soup_server_message_set_status (message, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      g_clear_pointer (&bytes, g_bytes_unref);
      bytes = g_steal_pointer (&part);
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);

  if (is_head (message))
    soup_message_headers_set_content_length (headers, g_bytes_get_size (bytes));
  else if (g_bytes_get_size (bytes) > 0) /* libsoup refuses empty chunks; "" needs none */
    soup_message_body_append_bytes (soup_server_message_get_response_body (message), bytes);
}

/* A GET of an object whose MD5 is not known (a file dropped into the data folder, or changed
 * there): it is hashed once in a worker thread while the message waits, paused. */
typedef struct
{
  SoupServerMessage *message;
  char              *request_id;
  char              *bucket;
  char              *key;
  int                fd;
  struct stat        st;
} HashRequest;

static void
hash_request_free (HashRequest *request)
{
  g_clear_object (&request->message);
  g_free (request->request_id);
  g_free (request->bucket);
  g_free (request->key);
  if (request->fd >= 0)
    close (request->fd);
  g_free (request);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HashRequest *request = task_data;
  GError *error = NULL;
  char *md5 = glaux_local_s3_hash_object (GLAUX_LOCAL_S3 (source_object), request->bucket,
                                          request->key, request->fd, cancellable, &error);

  if (md5 == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, md5, g_free);
}

static void
hash_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HashRequest *request = g_task_get_task_data (G_TASK (result));
  g_autofree char *md5 = NULL;
  GError *error = NULL;

  md5 = g_task_propagate_pointer (G_TASK (result), &error);
  if (md5 == NULL)
    fail (request->message, request->request_id, error);
  else
    respond_object (request->message, request->request_id, request->bucket, request->key,
                    request->fd, &request->st, md5);
  soup_server_message_unpause (request->message);
}

static void
get_object (GlauxLocalS3      *s3,
            SoupServerMessage *message,
            const char        *request_id,
            const char        *bucket,
            const char        *key)
{
  g_autofree char *md5 = NULL;
  g_autoptr(GTask) task = NULL;
  HashRequest *request;
  GError *error = NULL;
  struct stat st;
  int fd;

  fd = glaux_local_s3_open_object (s3, bucket, key, &st, &error);
  if (fd < 0)
    {
      fail (message, request_id, error);
      return;
    }

  md5 = glaux_local_s3_lookup_md5 (s3, bucket, key, &st);
  if (md5 != NULL)
    {
      respond_object (message, request_id, bucket, key, fd, &st, md5);
      close (fd);
      return;
    }

  request = g_new0 (HashRequest, 1);
  request->message = g_object_ref (message);
  request->request_id = g_strdup (request_id);
  request->bucket = g_strdup (bucket);
  request->key = g_strdup (key);
  request->fd = fd;
  request->st = st;

  soup_server_message_pause (message);
  task = g_task_new (s3, NULL, hash_done_cb, NULL);
  g_task_set_source_tag (task, get_object);
  g_task_set_task_data (task, request, (GDestroyNotify) hash_request_free);
  g_task_run_in_thread (task, hash_thread);
}

static void
put_object (GlauxLocalS3             *s3,
            SoupServerMessage        *message,
            const char               *request_id,
            const char               *bucket,
            const char               *key,
            const GlauxLocalS3Upload *upload)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  g_autofree char *etag = NULL;
  GError *error = NULL;

  if (soup_message_headers_get_one (request_headers, "x-amz-copy-source") != NULL)
    {
      g_set_error_literal (&error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_NOT_IMPLEMENTED,
                           "glaux-local does not implement CopyObject.");
      fail (message, request_id, error);
      return;
    }
  if (upload == NULL || upload->temp_path == NULL)
    {
      g_set_error_literal (&error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INCOMPLETE_BODY,
                           "You did not provide the number of bytes specified by the "
                           "Content-Length HTTP header.");
      fail (message, request_id, error);
      return;
    }
  if (!glaux_local_s3_commit_temp_with_md5 (s3, upload->temp_path, bucket, key,
                                            upload->md5_hex, &error))
    {
      fail (message, request_id, error);
      return;
    }

  etag = g_strdup_printf ("\"%s\"", upload->md5_hex);
  set_common_headers (message, request_id);
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag", etag);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

static void
delete_object (GlauxLocalS3      *s3,
               SoupServerMessage *message,
               const char        *request_id,
               const char        *bucket,
               const char        *key)
{
  GError *error = NULL;

  if (!glaux_local_s3_delete_object (s3, bucket, key, &error))
    {
      fail (message, request_id, error);
      return;
    }

  set_common_headers (message, request_id);
  soup_server_message_set_status (message, SOUP_STATUS_NO_CONTENT, NULL);
}

/* encoding-type=url (what the AWS CLI asks for) percent-encodes keys in the listing. */
static void
append_element (GString    *xml,
                const char *element,
                const char *value,
                gboolean    url_encode)
{
  g_autofree char *encoded = url_encode ? g_uri_escape_string (value, "/", FALSE)
                                        : g_strdup (value);
  g_autofree char *text = g_markup_escape_text (encoded, -1);

  g_string_append_printf (xml, "<%s>%s</%s>", element, text, element);
}

static const char *
query_value (GHashTable *query,
             const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

static void
list_objects (GlauxLocalS3      *s3,
              SoupServerMessage *message,
              const char        *request_id,
              const char        *bucket,
              GHashTable        *query)
{
  const char *prefix = query_value (query, "prefix");
  const char *delimiter = query_value (query, "delimiter");
  const char *token = query_value (query, "continuation-token");
  const char *start_after = query_value (query, "start-after");
  const char *max_text = query_value (query, "max-keys");
  gboolean url = g_strcmp0 (query_value (query, "encoding-type"), "url") == 0;
  g_autoptr(GlauxLocalS3Listing) listing = NULL;
  GError *error = NULL;
  GString *xml;
  guint64 max_keys = 1000;

  if (max_text != NULL
      && (!g_ascii_string_to_unsigned (max_text, 10, 0, G_MAXINT, &max_keys, NULL)))
    {
      g_set_error (&error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT,
                   "Provided max-keys not an integer or within integer range: %s", max_text);
      fail (message, request_id, error);
      return;
    }
  max_keys = MIN (max_keys, 1000);

  listing = glaux_local_s3_list_objects (s3, bucket, prefix, delimiter, start_after, token,
                                         (guint)max_keys, &error);
  if (listing == NULL)
    {
      fail (message, request_id, error);
      return;
    }

  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\""
                      S3_XMLNS "\">");
  append_element (xml, "Name", bucket, FALSE);
  append_element (xml, "Prefix", prefix != NULL ? prefix : "", url);
  if (delimiter != NULL)
    append_element (xml, "Delimiter", delimiter, url);
  g_string_append_printf (xml, "<MaxKeys>%" G_GUINT64_FORMAT "</MaxKeys><KeyCount>%u</KeyCount>"
                          "<IsTruncated>%s</IsTruncated>", max_keys,
                          listing->keys->len + listing->common_prefixes->len,
                          listing->next_token != NULL ? "true" : "false");
  if (url)
    g_string_append (xml, "<EncodingType>url</EncodingType>");
  if (token != NULL)
    append_element (xml, "ContinuationToken", token, FALSE);
  if (listing->next_token != NULL)
    append_element (xml, "NextContinuationToken", listing->next_token, FALSE);
  if (start_after != NULL)
    append_element (xml, "StartAfter", start_after, url);

  for (guint i = 0; i < listing->keys->len; i++)
    {
      g_autofree char *modified = iso_date (g_array_index (listing->mtimes, gint64, i));

      g_string_append (xml, "<Contents>");
      append_element (xml, "Key", g_ptr_array_index (listing->keys, i), url);
      g_string_append_printf (xml, "<LastModified>%s</LastModified><Size>%" G_GOFFSET_FORMAT
                              "</Size><StorageClass>STANDARD</StorageClass></Contents>",
                              modified, g_array_index (listing->sizes, goffset, i));
    }
  for (guint i = 0; i < listing->common_prefixes->len; i++)
    {
      g_string_append (xml, "<CommonPrefixes>");
      append_element (xml, "Prefix", g_ptr_array_index (listing->common_prefixes, i), url);
      g_string_append (xml, "</CommonPrefixes>");
    }
  g_string_append (xml, "</ListBucketResult>");

  set_common_headers (message, request_id);
  respond_xml (message, SOUP_STATUS_OK, xml);
}

static void
list_buckets (GlauxLocalS3      *s3,
              SoupServerMessage *message,
              const char        *request_id)
{
  g_autoptr(GPtrArray) names = NULL;
  GError *error = NULL;
  GString *xml;

  names = glaux_local_s3_list_buckets (s3, &error);
  if (names == NULL)
    {
      fail (message, request_id, error);
      return;
    }

  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult "
                      "xmlns=\"" S3_XMLNS "\"><Owner><ID>glaux-local</ID><DisplayName>"
                      "glaux-local</DisplayName></Owner><Buckets>");
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (glaux_local_s3_get_root (s3),
                                                g_ptr_array_index (names, i), NULL);
      g_autofree char *created = NULL;
      GStatBuf st;

      created = iso_date (g_stat (path, &st) == 0 ? st.st_mtime : 0);
      g_string_append (xml, "<Bucket>");
      append_element (xml, "Name", g_ptr_array_index (names, i), FALSE);
      g_string_append_printf (xml, "<CreationDate>%s</CreationDate></Bucket>", created);
    }
  g_string_append (xml, "</Buckets></ListAllMyBucketsResult>");

  set_common_headers (message, request_id);
  respond_xml (message, SOUP_STATUS_OK, xml);
}

static void
bucket_request (GlauxLocalS3      *s3,
                SoupServerMessage *message,
                const char        *region,
                const char        *request_id,
                const char        *bucket,
                GHashTable        *query)
{
  const char *method = soup_server_message_get_method (message);
  GError *error = NULL;

  if (g_str_equal (method, "PUT"))
    {
      if (!glaux_local_s3_create_bucket (s3, bucket, FALSE, &error))
        {
          fail (message, request_id, error);
          return;
        }
      set_common_headers (message, request_id);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Location", "/");
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      return;
    }

  if (g_str_equal (method, "HEAD") || (g_str_equal (method, "GET") && query != NULL
                                       && g_hash_table_contains (query, "location")))
    {
      g_autoptr(GlauxLocalS3Listing) probe =
        glaux_local_s3_list_objects (s3, bucket, "\x01", NULL, NULL, NULL, 0, &error);

      if (probe == NULL)
        {
          fail (message, request_id, error);
          return;
        }
      set_common_headers (message, request_id);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "x-amz-bucket-region", region);
      if (g_str_equal (method, "HEAD"))
        soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      else
        {
          GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                       "<LocationConstraint xmlns=\"" S3_XMLNS "\">");

          g_string_append_printf (xml, "%s</LocationConstraint>",
                                  g_str_equal (region, "us-east-1") ? "" : region);
          respond_xml (message, SOUP_STATUS_OK, xml);
        }
      return;
    }

  if (g_str_equal (method, "GET")
      && g_strcmp0 (query_value (query, "list-type"), "2") == 0)
    {
      list_objects (s3, message, request_id, bucket, query);
      return;
    }

  g_set_error (&error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_NOT_IMPLEMENTED,
               "glaux-local implements only ListObjectsV2 (GET ?list-type=2), HeadBucket and "
               "CreateBucket on buckets; %s with this query is not supported.", method);
  fail (message, request_id, error);
}

/* Splits "/bucket/key" into the decoded bucket and key; the key may hold any byte, so it is
 * validated with its length before becoming a C string. */
static gboolean
split_path (const char  *path,
            char       **bucket,
            char       **key,
            GError     **error)
{
  const char *start = path[0] == '/' ? path + 1 : path;
  const char *slash = strchr (start, '/');
  g_autofree char *raw_bucket = slash != NULL ? g_strndup (start, slash - start)
                                              : g_strdup (start);
  g_autoptr(GBytes) decoded = NULL;
  gsize length = 0;
  const char *data;

  *bucket = g_uri_unescape_string (raw_bucket, "/");
  *key = NULL;
  if (*bucket == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME,
                   "The specified bucket is not valid: %s", raw_bucket);
      return FALSE;
    }
  if (slash == NULL || slash[1] == '\0')
    return TRUE;

  decoded = g_uri_unescape_bytes (slash + 1, -1, NULL, NULL);
  if (decoded == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                   "Object key '%s' has an invalid percent-encoding.", slash + 1);
      return FALSE;
    }
  data = g_bytes_get_data (decoded, &length);
  if (!glaux_local_s3_key_validate (data, length, error))
    return FALSE;

  *key = g_strndup (data, length);

  return TRUE;
}

void
glaux_local_s3_handler_handle (GlauxLocalS3             *s3,
                               SoupServerMessage        *message,
                               const char               *region,
                               const char               *request_id,
                               const GlauxLocalS3Upload *upload)
{
  const char *method = soup_server_message_get_method (message);
  const char *path = g_uri_get_path (soup_server_message_get_uri (message));
  GHashTable *query = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  GError *error = NULL;

  if (g_uri_get_query (soup_server_message_get_uri (message)) != NULL)
    query = soup_form_decode (g_uri_get_query (soup_server_message_get_uri (message)));

  if (g_str_equal (path, "/") && g_str_equal (method, "GET"))
    list_buckets (s3, message, request_id);
  else if (!split_path (path, &bucket, &key, &error))
    fail (message, request_id, error);
  else if (key == NULL)
    bucket_request (s3, message, region, request_id, bucket, query);
  else if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    get_object (s3, message, request_id, bucket, key);
  else if (g_str_equal (method, "PUT"))
    put_object (s3, message, request_id, bucket, key, upload);
  else if (g_str_equal (method, "DELETE"))
    delete_object (s3, message, request_id, bucket, key);
  else
    {
      g_set_error (&error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_METHOD_NOT_ALLOWED,
                   "The specified method is not allowed against this resource: %s", method);
      fail (message, request_id, error);
    }

  g_clear_pointer (&query, g_hash_table_unref);
}
