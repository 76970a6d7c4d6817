/* glaux-s3-client.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-s3-client"

#include "config.h"

#include "glaux-aws-call.h"
#include "glaux-aws-error.h"
#include "glaux-bounded-input-stream.h"
#include "glaux-http.h"
#include "glaux-s3-client.h"
#include "glaux-s3-uri.h"
#include "glaux-s3-xml.h"

#define DEFAULT_TIMEOUT_MS (60 * 1000)

/* Reads and writes S3 objects with signed requests: GetObject streams (the body is never held
 * in memory), HeadObject, PutObject, ListObjectsV2. Every request is idempotent, so 5xx,
 * throttling and connection failures are retried until a GetObject body starts streaming. */
struct _GlauxS3Client
{
  GObject                   parent_instance;

  SoupSession              *session;
  GlauxCredentialsProvider *credentials;
  GlauxRetryPolicy         *retry_policy;
  char                     *endpoint;
  char                     *region;
  guint                     timeout_ms;

  guint                     force_path_style : 1;
};

G_DEFINE_FINAL_TYPE (GlauxS3Client, glaux_s3_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (GlauxS3Object, glaux_s3_object, glaux_s3_object_copy, glaux_s3_object_free)
G_DEFINE_BOXED_TYPE (GlauxS3ListResult, glaux_s3_list_result, glaux_s3_list_result_copy,
                     glaux_s3_list_result_free)

GlauxS3Object *
glaux_s3_object_copy (const GlauxS3Object *object)
{
  GlauxS3Object *copy;

  g_return_val_if_fail (object != NULL, NULL);

  copy = g_new0 (GlauxS3Object, 1);
  copy->key = g_strdup (object->key);
  copy->size = object->size;
  copy->etag = g_strdup (object->etag);
  copy->content_type = g_strdup (object->content_type);
  copy->last_modified = object->last_modified ? g_date_time_ref (object->last_modified) : NULL;
  copy->storage_class = g_strdup (object->storage_class);

  return copy;
}

void
glaux_s3_object_free (GlauxS3Object *object)
{
  if (object == NULL)
    return;

  g_free (object->key);
  g_free (object->etag);
  g_free (object->content_type);
  g_clear_pointer (&object->last_modified, g_date_time_unref);
  g_free (object->storage_class);
  g_free (object);
}

static gpointer
copy_object_func (gconstpointer src,
                  gpointer      user_data)
{
  return glaux_s3_object_copy (src);
}

static gpointer
copy_string_func (gconstpointer src,
                  gpointer      user_data)
{
  return g_strdup (src);
}

GlauxS3ListResult *
glaux_s3_list_result_copy (const GlauxS3ListResult *result)
{
  GlauxS3ListResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (GlauxS3ListResult, 1);
  copy->objects = g_ptr_array_copy (result->objects, copy_object_func, NULL);
  g_ptr_array_set_free_func (copy->objects, (GDestroyNotify)glaux_s3_object_free);
  copy->common_prefixes = g_ptr_array_copy (result->common_prefixes, copy_string_func, NULL);
  g_ptr_array_set_free_func (copy->common_prefixes, g_free);
  copy->is_truncated = result->is_truncated;
  copy->next_continuation_token = g_strdup (result->next_continuation_token);

  return copy;
}

void
glaux_s3_list_result_free (GlauxS3ListResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->objects, g_ptr_array_unref);
  g_clear_pointer (&result->common_prefixes, g_ptr_array_unref);
  g_free (result->next_continuation_token);
  g_free (result);
}

/* One S3 request, shared by its attempts. */
typedef struct
{
  char    *method;
  char    *url;
  char    *description;
  char    *region;
  char    *key;
  char    *range;         /* Range header value, or NULL */
  guint64  offset;
  GBytes  *body;          /* PutObject */
  char    *content_type;  /* PutObject */
} S3Call;

static void
s3_call_free (gpointer data)
{
  S3Call *call = data;

  g_free (call->method);
  g_free (call->url);
  g_free (call->description);
  g_free (call->region);
  g_free (call->key);
  g_free (call->range);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->content_type);
  g_free (call);
}

typedef struct
{
  GInputStream  *stream;
  GlauxS3Object *object;
} GetResult;

static void
get_result_free (gpointer data)
{
  GetResult *result = data;

  g_clear_object (&result->stream);
  g_clear_pointer (&result->object, glaux_s3_object_free);
  g_free (result);
}

static SoupMessage *
s3_call_build_message (gpointer   op_data,
                       GBytes   **body,
                       GError   **error)
{
  S3Call *call = op_data;
  SoupMessage *message;

  message = soup_message_new (call->method, call->url);
  if (message == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "%s: “%s” is not a usable request URL", call->description, call->url);
      return NULL;
    }

  /* Object bytes exactly as stored: Range offsets and Content-Length count stored bytes. */
  soup_message_disable_feature (message, SOUP_TYPE_CONTENT_DECODER);

  if (call->range != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Range", call->range);

  if (call->body != NULL)
    {
      soup_message_set_request_body_from_bytes (message, call->content_type, call->body);
      *body = g_bytes_ref (call->body);
    }

  return message;
}

/* S3's <Error> document, or for bodiless answers (HEAD) the status, as botocore does. */
static GError *
s3_error_from_response (S3Call      *call,
                        SoupMessage *message,
                        GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint status = soup_message_get_status (message);
  const char *bucket_region = soup_message_headers_get_one (headers, "x-amz-bucket-region");
  GlauxS3XmlError parsed = { NULL, NULL, NULL };
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (body != NULL &&
      glaux_s3_xml_parse_error (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &parsed))
    {
      name = g_steal_pointer (&parsed.code);
      text = g_steal_pointer (&parsed.message);
    }
  else
    {
      name = g_strdup_printf ("%u", status);
      text = g_strdup (soup_status_get_phrase (status));
    }

  if (bucket_region != NULL && g_strcmp0 (bucket_region, call->region) != 0)
    {
      g_autofree char *old_text = g_steal_pointer (&text);

      text = g_strdup_printf ("%s (the bucket is in region %s, not %s)",
                              old_text ? old_text : "", bucket_region, call->region);
    }

  glaux_aws_error_set_service (&error, name, text, status,
                               parsed.request_id ? parsed.request_id
                                                 : soup_message_headers_get_one (headers,
                                                                                 "x-amz-request-id"));
  g_prefix_error (&error, "%s: ", call->description);
  glaux_s3_xml_error_clear (&parsed);

  return error;
}

static GlauxS3Object *
object_from_headers (S3Call      *call,
                     SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  GlauxS3Object *object = g_new0 (GlauxS3Object, 1);
  const char *last_modified = soup_message_headers_get_one (headers, "Last-Modified");
  goffset start, end, total;

  object->key = g_strdup (call->key);
  object->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  object->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  if (last_modified != NULL)
    object->last_modified = soup_date_time_new_from_http_string (last_modified);

  if (soup_message_get_status (message) == SOUP_STATUS_PARTIAL_CONTENT &&
      soup_message_headers_get_content_range (headers, &start, &end, &total) && total >= 0)
    object->size = total;
  else
    object->size = soup_message_headers_get_content_length (headers);

  return object;
}

static gboolean
check_range_answer (S3Call       *call,
                    SoupMessage  *message,
                    GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  goffset start, end, total;

  if (call->range == NULL)
    return TRUE;

  if (soup_message_get_status (message) != SOUP_STATUS_PARTIAL_CONTENT)
    {
      if (call->offset == 0)
        return TRUE;

      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "%s: the server ignored the byte range %s", call->description, call->range);
      return FALSE;
    }

  if (!soup_message_headers_get_content_range (headers, &start, &end, &total) ||
      (guint64)start != call->offset)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "%s: the partial response does not start at byte %" G_GUINT64_FORMAT,
                   call->description, call->offset);
      return FALSE;
    }

  return TRUE;
}

static gpointer
get_take_stream (gpointer       op_data,
                 SoupMessage   *message,
                 GInputStream  *stream,
                 GError       **error)
{
  S3Call *call = op_data;
  GetResult *result;

  if (!check_range_answer (call, message, error))
    return NULL;

  result = g_new0 (GetResult, 1);
  result->object = object_from_headers (call, message);
  result->stream = glaux_bounded_input_stream_new (stream, glaux_http_get_expected_length (message),
                                                   call->description);

  return result;
}

static gpointer
error_only_parse (gpointer      op_data,
                  SoupMessage  *message,
                  GBytes       *body,
                  GError      **error)
{
  S3Call *call = op_data;

  g_propagate_error (error, s3_error_from_response (call, message, body));

  return NULL;
}

static gpointer
head_parse (gpointer      op_data,
            SoupMessage  *message,
            GBytes       *body,
            GError      **error)
{
  S3Call *call = op_data;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    return error_only_parse (op_data, message, body, error);

  return object_from_headers (call, message);
}

static gpointer
put_parse (gpointer      op_data,
           SoupMessage  *message,
           GBytes       *body,
           GError      **error)
{
  const char *etag;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    return error_only_parse (op_data, message, body, error);

  etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");

  return g_strdup (etag ? etag : "");
}

static gpointer
list_parse (gpointer      op_data,
            SoupMessage  *message,
            GBytes       *body,
            GError      **error)
{
  S3Call *call = op_data;
  GlauxS3ListResult *result;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    return error_only_parse (op_data, message, body, error);

  result = glaux_s3_xml_parse_list_result (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                           error);
  if (result == NULL)
    g_prefix_error (error, "%s: ", call->description);

  return result;
}

static const GlauxAwsCallOps get_ops = {
  .build_message = s3_call_build_message,
  .take_stream = get_take_stream,
  .parse_response = error_only_parse,
  .result_free = get_result_free,
};

static const GlauxAwsCallOps head_ops = {
  .build_message = s3_call_build_message,
  .parse_response = head_parse,
  .result_free = (GDestroyNotify)glaux_s3_object_free,
};

static const GlauxAwsCallOps put_ops = {
  .build_message = s3_call_build_message,
  .parse_response = put_parse,
  .result_free = g_free,
};

static const GlauxAwsCallOps list_ops = {
  .build_message = s3_call_build_message,
  .parse_response = list_parse,
  .result_free = (GDestroyNotify)glaux_s3_list_result_free,
};

static void
glaux_s3_client_finalize (GObject *object)
{
  GlauxS3Client *self = (GlauxS3Client *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->retry_policy);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (glaux_s3_client_parent_class)->finalize (object);
}

static void
glaux_s3_client_class_init (GlauxS3ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_s3_client_finalize;
}

static void
glaux_s3_client_init (GlauxS3Client *self)
{
  self->retry_policy = glaux_retry_policy_new ();
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/**
 * glaux_s3_client_new:
 * @endpoint_url: the resolved S3 endpoint (`https://s3.eu-west-1.amazonaws.com`, or a custom
 *   one such as glaux-local's, which is then addressed path-style)
 * @region: the signing region
 *
 * Returns: (transfer full): a new client
 */
GlauxS3Client *
glaux_s3_client_new (SoupSession              *session,
                     const char               *endpoint_url,
                     const char               *region,
                     GlauxCredentialsProvider *credentials)
{
  GlauxS3Client *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (endpoint_url != NULL, NULL);
  g_return_val_if_fail (GLAUX_IS_CREDENTIALS_PROVIDER (credentials), NULL);

  self = g_object_new (GLAUX_TYPE_S3_CLIENT, NULL);
  self->session = g_object_ref (session);
  self->endpoint = g_strdup (endpoint_url);
  self->region = g_strdup (region);
  self->credentials = g_object_ref (credentials);

  return self;
}

const char *
glaux_s3_client_get_endpoint (GlauxS3Client *self)
{
  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), NULL);

  return self->endpoint;
}

const char *
glaux_s3_client_get_region (GlauxS3Client *self)
{
  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), NULL);

  return self->region;
}

/* The `addressing_style = path` / `s3.force_path_style` setting. */
void
glaux_s3_client_set_force_path_style (GlauxS3Client *self,
                                      gboolean       force_path_style)
{
  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));

  self->force_path_style = !!force_path_style;
}

gboolean
glaux_s3_client_get_force_path_style (GlauxS3Client *self)
{
  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), FALSE);

  return self->force_path_style;
}

void
glaux_s3_client_set_max_attempts (GlauxS3Client *self,
                                  guint          max_attempts)
{
  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));

  glaux_retry_policy_set_max_attempts (self->retry_policy, max_attempts);
}

/* The deadline of one call up to its response headers (a GetObject body then streams for as
 * long as the caller reads it); 0 disables it. */
void
glaux_s3_client_set_timeout (GlauxS3Client *self,
                             guint          timeout_ms)
{
  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));

  self->timeout_ms = timeout_ms;
}

/**
 * glaux_s3_client_get_retry_policy:
 *
 * Returns: (transfer none): the client's retry policy
 */
GlauxRetryPolicy *
glaux_s3_client_get_retry_policy (GlauxS3Client *self)
{
  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), NULL);

  return self->retry_policy;
}

static gboolean
check_target (GlauxS3Client  *self,
              const char     *bucket,
              const char     *key,
              gboolean        needs_key,
              GError        **error)
{
  if (self->region == NULL || *self->region == '\0')
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "No region is set for the S3 endpoint %s", self->endpoint);
      return FALSE;
    }
  if (bucket == NULL)
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "No S3 bucket was given");
      return FALSE;
    }
  if (!glaux_s3_validate_bucket_name (bucket, error))
    return FALSE;
  if (needs_key && key == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "No object key was given for bucket %s", bucket);
      return FALSE;
    }

  return !needs_key || glaux_s3_validate_key (key, error);
}

static S3Call *
s3_call_new (GlauxS3Client  *self,
             const char     *method,
             const char     *operation,
             const char     *bucket,
             const char     *key,
             const char     *query,
             GError        **error)
{
  g_autofree char *url = NULL;
  S3Call *call;

  url = glaux_s3_build_url (self->endpoint, bucket, key, self->force_path_style, error);
  if (url == NULL)
    return NULL;

  call = g_new0 (S3Call, 1);
  call->method = g_strdup (method);
  call->url = query ? g_strdup_printf ("%s?%s", url, query) : g_steal_pointer (&url);
  call->description = g_strdup_printf ("S3 %s s3://%s/%s", operation, bucket, key ? key : "");
  call->region = g_strdup (self->region);
  call->key = g_strdup (key);

  return call;
}

static void
run (GlauxS3Client         *self,
     GTask                 *task,
     const GlauxAwsCallOps *ops,
     S3Call                *call,
     GlauxSigv4Flags        extra_flags)
{
  GlauxAwsCallConfig config = { 0 };

  config.session = self->session;
  config.credentials = self->credentials;
  config.retry_policy = self->retry_policy;
  config.region = self->region;
  config.service = "s3";
  config.sign_flags = GLAUX_SIGV4_S3 | extra_flags;
  config.timeout_ms = self->timeout_ms;
  config.max_body_size = GLAUX_HTTP_MAX_BODY_SIZE;

  glaux_aws_call_run (task, &config, ops, call, s3_call_free, call->description);
}

static char *
range_header (guint64   offset,
              gint64    length,
              GError  **error)
{
  if (length == 0 || length < -1)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "A byte range length of %" G_GINT64_FORMAT " is not valid (use -1 for "
                   "“to the end”)", length);
      return NULL;
    }
  if (length > 0 && offset > G_MAXUINT64 - (guint64)length)
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "The byte range runs past the largest possible offset");
      return NULL;
    }

  if (length == -1)
    return g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-", offset);

  return g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                          offset, offset + (guint64)length - 1);
}

/**
 * glaux_s3_client_get_object_async:
 * @offset: first byte to read (0 for the start)
 * @length: number of bytes to read, or -1 for everything from @offset
 *
 * Starts a GetObject; the result is a stream of the body, handed over as soon as the response
 * headers arrive. A body that ends before its Content-Length fails on read.
 */
void
glaux_s3_client_get_object_async (GlauxS3Client       *self,
                                  const char          *bucket,
                                  const char          *key,
                                  guint64              offset,
                                  gint64               length,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *range = NULL;
  GError *error = NULL;
  S3Call *call;

  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_s3_client_get_object_async);

  if (offset != 0 || length != -1)
    range = range_header (offset, length, &error);

  if (error != NULL ||
      !check_target (self, bucket, key, TRUE, &error) ||
      (call = s3_call_new (self, SOUP_METHOD_GET, "GetObject", bucket, key, NULL, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  call->range = g_steal_pointer (&range);
  call->offset = offset;
  run (self, task, &get_ops, call, 0);
}

/**
 * glaux_s3_client_get_object_finish:
 * @object: (out) (optional) (transfer full): size (of the whole object), ETag, content type
 *
 * Returns: (transfer full): the body stream (read it to the end or close it), or %NULL
 */
GInputStream *
glaux_s3_client_get_object_finish (GlauxS3Client  *self,
                                   GAsyncResult   *result,
                                   GlauxS3Object **object,
                                   GError        **error)
{
  GetResult *get_result;
  GInputStream *stream;

  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  get_result = g_task_propagate_pointer (G_TASK (result), error);
  if (get_result == NULL)
    return NULL;

  stream = g_steal_pointer (&get_result->stream);
  if (object != NULL)
    *object = g_steal_pointer (&get_result->object);
  get_result_free (get_result);

  return stream;
}

void
glaux_s3_client_head_object_async (GlauxS3Client       *self,
                                   const char          *bucket,
                                   const char          *key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  S3Call *call;

  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_s3_client_head_object_async);

  if (!check_target (self, bucket, key, TRUE, &error) ||
      (call = s3_call_new (self, SOUP_METHOD_HEAD, "HeadObject", bucket, key, NULL, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  run (self, task, &head_ops, call, 0);
}

/**
 * glaux_s3_client_head_object_finish:
 *
 * Returns: (transfer full): the object's metadata, or %NULL with @error set
 */
GlauxS3Object *
glaux_s3_client_head_object_finish (GlauxS3Client  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * glaux_s3_client_put_object_async:
 * @content_type: (nullable): the object's Content-Type; %NULL for application/octet-stream
 *
 * Uploads @body in one request. Over https the payload is sent as UNSIGNED-PAYLOAD (TLS
 * protects it); over plain http its SHA-256 is signed.
 */
void
glaux_s3_client_put_object_async (GlauxS3Client       *self,
                                  const char          *bucket,
                                  const char          *key,
                                  GBytes              *body,
                                  const char          *content_type,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  S3Call *call;

  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_s3_client_put_object_async);

  if (!check_target (self, bucket, key, TRUE, &error) ||
      (call = s3_call_new (self, SOUP_METHOD_PUT, "PutObject", bucket, key, NULL, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  call->body = g_bytes_ref (body);
  call->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  run (self, task, &put_ops, call,
       g_str_has_prefix (call->url, "https:") ? GLAUX_SIGV4_UNSIGNED_PAYLOAD : 0);
}

/**
 * glaux_s3_client_put_object_finish:
 * @etag: (out) (optional) (transfer full): the new object's ETag ("" when none was sent)
 */
gboolean
glaux_s3_client_put_object_finish (GlauxS3Client  *self,
                                   GAsyncResult   *result,
                                   char          **etag,
                                   GError        **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;

  if (etag != NULL)
    *etag = g_steal_pointer (&value);

  return TRUE;
}

static void
append_query (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", name, escaped);
}

/**
 * glaux_s3_client_list_objects_v2_async:
 * @prefix: (nullable): only keys starting with this
 * @delimiter: (nullable): groups keys into common prefixes (usually "/")
 * @continuation_token: (nullable): NextContinuationToken of the previous page
 * @max_keys: page size, or 0 for the server's default (1000)
 */
void
glaux_s3_client_list_objects_v2_async (GlauxS3Client       *self,
                                       const char          *bucket,
                                       const char          *prefix,
                                       const char          *delimiter,
                                       const char          *continuation_token,
                                       guint                max_keys,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *max_keys_text = NULL;
  GError *error = NULL;
  S3Call *call;

  g_return_if_fail (GLAUX_IS_S3_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_s3_client_list_objects_v2_async);

  if (max_keys > 0)
    max_keys_text = g_strdup_printf ("%u", max_keys);

  append_query (query, "list-type", "2");
  append_query (query, "continuation-token", continuation_token);
  append_query (query, "delimiter", delimiter);
  append_query (query, "max-keys", max_keys_text);
  append_query (query, "prefix", prefix);

  if (!check_target (self, bucket, NULL, FALSE, &error) ||
      (call = s3_call_new (self, SOUP_METHOD_GET, "ListObjectsV2", bucket, NULL, query->str,
                           &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_free (call->description);
  call->description = g_strdup_printf ("S3 ListObjectsV2 s3://%s/%s", bucket, prefix ? prefix : "");
  run (self, task, &list_ops, call, 0);
}

/**
 * glaux_s3_client_list_objects_v2_finish:
 *
 * Returns: (transfer full): one page of the listing, or %NULL with @error set
 */
GlauxS3ListResult *
glaux_s3_client_list_objects_v2_finish (GlauxS3Client  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
