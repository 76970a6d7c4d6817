/* glaux-local-server.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include "glaux-json-parse.h"
#include "glaux-local-athena.h"
#include "glaux-local-engine.h"
#include "glaux-local-error.h"
#include "glaux-local-s3-handler.h"
#include "glaux-local-server.h"
#include "glaux-sigv4.h"

/* The HTTP side of glaux-local: one SoupServer on loopback. POST / with X-Amz-Target is Athena
 * (JSON 1.1, SigV4 service "athena"); everything else is the S3 subset (service "s3"). Bodies
 * are collected by the server itself, chunk by chunk, so limits hold before memory is spent:
 * JSON bodies are capped at 1 MiB, S3 uploads stream to a temporary file (cap 5 GiB). */
struct _GlauxLocalServer
{
  GObject           parent_instance;

  char             *bind;
  guint             port;
  char             *data_dir;
  char             *region;
  char             *access_key_id;
  char             *secret_access_key;
  char             *session_token;
  char             *endpoint;

  GlauxLocalStore  *store;
  GlauxLocalS3     *s3;
  GlauxLocalEngine *engine;
  GlauxLocalAthena *athena;
  SoupServer       *server;
  int               lock_fd;

  GHashTable       *sockets;        /* GSocket → GUINT_TO_POINTER (requests in progress) */
  guint             sweep_id;
};

G_DEFINE_FINAL_TYPE (GlauxLocalServer, glaux_local_server, G_TYPE_OBJECT)

#define MAX_JSON_BODY  (1024 * 1024)
#define MAX_S3_BODY    (G_GINT64_CONSTANT (5) * 1024 * 1024 * 1024)
#define JSON_TYPE      "application/x-amz-json-1.1"
#define BODY_KEY       "glaux-local-body"
#define SWEEP_SECONDS  2
/* How long start-up waits for the data folder's lock before refusing (see lock_data_dir). */
#define LOCK_WAIT_MS   2000
#define LOCK_POLL_MS   20

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GlauxSigv4Verified, glaux_sigv4_verified_clear)

/* What the server collected of one request's body. */
typedef struct
{
  GlauxLocalServer *server;
  gboolean          to_file;
  GByteArray       *data;
  int               fd;
  char             *temp_path;
  GChecksum        *sha256;
  GChecksum        *md5;
  gint64            size;
  gint64            limit;
  gboolean          too_large;
  gboolean          write_failed;
  GError           *refused;      /* S3 upload whose headers fail SigV4: body discarded */
} Body;

static void
body_free (Body *body)
{
  if (body->fd >= 0)
    close (body->fd);
  if (body->temp_path != NULL)
    g_unlink (body->temp_path);
  g_free (body->temp_path);
  g_clear_pointer (&body->data, g_byte_array_unref);
  g_clear_pointer (&body->sha256, g_checksum_free);
  g_clear_pointer (&body->md5, g_checksum_free);
  g_clear_error (&body->refused);
  g_free (body);
}

static void
glaux_local_server_finalize (GObject *object)
{
  GlauxLocalServer *self = (GlauxLocalServer *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_pointer (&self->sockets, g_hash_table_unref);
  g_clear_object (&self->server);
  g_clear_object (&self->athena);
  g_clear_object (&self->engine);
  g_clear_object (&self->s3);
  g_clear_object (&self->store);
  g_free (self->bind);
  g_free (self->data_dir);
  g_free (self->region);
  g_free (self->access_key_id);
  g_free (self->secret_access_key);
  g_free (self->session_token);
  g_free (self->endpoint);
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  G_OBJECT_CLASS (glaux_local_server_parent_class)->finalize (object);
}

static void
glaux_local_server_class_init (GlauxLocalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_local_server_finalize;
}

static void
glaux_local_server_init (GlauxLocalServer *self)
{
  self->lock_fd = -1;
}

/* glaux-local serves the user's own machine only: a non-loopback address is refused. */
gboolean
glaux_local_check_loopback (const char  *bind,
                            GError     **error)
{
  g_autoptr(GInetAddress) address = bind != NULL ? g_inet_address_new_from_string (bind) : NULL;

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--bind '%s' is not an IP address; use 127.0.0.1 or ::1",
                   bind != NULL ? bind : "");
      return FALSE;
    }
  if (!g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--bind %s is not a loopback address; glaux-local only listens on "
                   "127.0.0.1 or ::1", bind);
      return FALSE;
    }

  return TRUE;
}

/* ---- Bodies ----------------------------------------------------------------------------- */

static void
got_chunk_cb (SoupServerMessage *message,
              GBytes            *chunk,
              Body              *body)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (chunk, &length);

  body->size += length;
  if (body->size > body->limit)
    body->too_large = TRUE;
  if (body->too_large || body->write_failed || body->refused != NULL)
    return;

  if (!body->to_file)
    {
      g_byte_array_append (body->data, data, length);
      return;
    }

  g_checksum_update (body->sha256, data, length);
  g_checksum_update (body->md5, data, length);
  for (gsize written = 0; written < length;)
    {
      gssize n = write (body->fd, data + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          body->write_failed = TRUE;
          return;
        }
      written += n;
    }
}

static gboolean
is_athena (SoupServerMessage *message)
{
  return g_str_equal (soup_server_message_get_method (message), "POST")
         && g_str_equal (g_uri_get_path (soup_server_message_get_uri (message)), "/");
}

static gboolean verify (GlauxLocalServer   *self,
                        SoupServerMessage  *message,
                        const char         *payload_hash,
                        GlauxSigv4Flags     flags,
                        GlauxSigv4Verified *verified,
                        GError            **error);

/* An S3 upload signs its headers and the hash it claims for its body (x-amz-content-sha256),
 * so the signature can be checked before the body arrives: a request that is not signed with
 * glaux-local's key never gets a byte written to disk. The body is still read (and dropped)
 * so the error can be answered on a well-formed connection. */
static GError *
check_upload_headers (GlauxLocalServer  *self,
                      SoupServerMessage *message)
{
  g_auto(GlauxSigv4Verified) verified = { NULL, };
  const char *claimed = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "x-amz-content-sha256");
  GError *error = NULL;

  if (verify (self, message, claimed, GLAUX_SIGV4_S3, &verified, &error))
    return NULL;

  return error;
}

/* Runs once the headers are in: decide where the body goes before any of it arrives. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  GlauxLocalServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  Body *body = g_new0 (Body, 1);
  goffset declared = soup_message_headers_get_content_length (headers);

  body->server = self;
  body->fd = -1;
  body->to_file = g_str_equal (soup_server_message_get_method (message), "PUT");
  body->limit = is_athena (message) ? MAX_JSON_BODY : body->to_file ? MAX_S3_BODY : MAX_JSON_BODY;
  if (declared > body->limit)
    body->too_large = TRUE;
  if (body->to_file && !body->too_large)
    body->refused = check_upload_headers (self, message);

  if (body->to_file && !body->too_large && body->refused == NULL)
    {
      body->fd = glaux_local_s3_create_temp (self->s3, &body->temp_path, NULL);
      body->write_failed = body->fd < 0;
      body->sha256 = g_checksum_new (G_CHECKSUM_SHA256);
      body->md5 = g_checksum_new (G_CHECKSUM_MD5);
    }
  else
    body->data = g_byte_array_new ();

  soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);
  g_signal_connect (message, "got-chunk", G_CALLBACK (got_chunk_cb), body);
  g_object_set_data_full (G_OBJECT (message), BODY_KEY, body, (GDestroyNotify)body_free);
}

/* A node owning @object (json_node_init_object would add a reference). */
static JsonNode *
take_object (JsonObject *object)
{
  JsonNode *node = json_node_init (json_node_alloc (), JSON_NODE_OBJECT);

  json_node_take_object (node, object);

  return node;
}

/* ---- Responses -------------------------------------------------------------------------- */

static void
respond_json (SoupServerMessage *message,
              guint              status,
              const char        *request_id,
              JsonNode          *node)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  gsize length = 0;
  char *text = json_to_string (node, FALSE);

  length = strlen (text);
  soup_message_headers_replace (headers, "x-amzn-RequestId", request_id);
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, JSON_TYPE, SOUP_MEMORY_TAKE, text, length);
}

static void
respond_athena_error (SoupServerMessage *message,
                      const char        *request_id,
                      const GError      *error,
                      const char        *resource_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  const char *name = glaux_local_error_get_name (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "__type");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "Message");
  json_builder_add_string_value (builder, error->message);
  if (resource_name != NULL)
    {
      json_builder_set_member_name (builder, "ResourceName");
      json_builder_add_string_value (builder, resource_name);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "X-Amzn-ErrorType", name);
  respond_json (message, glaux_local_error_get_status (error), request_id, node);
}

/* ---- Authentication --------------------------------------------------------------------- */

static const char *
lookup_secret (const char  *access_key_id,
               const char **session_token,
               gpointer     user_data)
{
  GlauxLocalServer *self = user_data;

  *session_token = NULL;
  if (g_strcmp0 (access_key_id, self->access_key_id) != 0)
    return NULL;
  *session_token = self->session_token;

  return self->secret_access_key;
}

static gboolean
verify (GlauxLocalServer   *self,
        SoupServerMessage  *message,
        const char         *payload_hash,
        GlauxSigv4Flags     flags,
        GlauxSigv4Verified *verified,
        GError            **error)
{
  SoupMessageHeaders *soup_headers = soup_server_message_get_request_headers (message);
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (GlauxSigv4Header));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GUri *uri = soup_server_message_get_uri (message);
  SoupMessageHeadersIter iter;
  GlauxSigv4Request request;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, soup_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      GlauxSigv4Header header = { name, value };

      g_array_append_val (headers, header);
    }

  request = (GlauxSigv4Request) {
    .method = soup_server_message_get_method (message),
    .path = g_uri_get_path (uri),
    .query = g_uri_get_query (uri),
    .headers = (const GlauxSigv4Header *)headers->data,
    .n_headers = headers->len,
    .payload_hash = payload_hash,
  };

  return glaux_sigv4_verify (&request, flags, lookup_secret, self, now, verified, error);
}

static const char *
amz_date_of (SoupServerMessage *message)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                       "X-Amz-Date");
}

/* ---- Athena ----------------------------------------------------------------------------- */

static gboolean
athena_authenticate (GlauxLocalServer   *self,
                     SoupServerMessage  *message,
                     GByteArray         *data,
                     GError            **error)
{
  g_auto(GlauxSigv4Verified) verified = { NULL, };
  g_autoptr(GError) sigv4_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *hash = glaux_sigv4_hex_sha256 (data->data, data->len);

  if (!verify (self, message, hash, GLAUX_SIGV4_DEFAULT, &verified, &sigv4_error))
    {
      glaux_local_error_from_sigv4 (error, sigv4_error, amz_date_of (message), now);
      return FALSE;
    }
  if (g_strcmp0 (verified.service, "athena") != 0)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_SIGNATURE,
                   "Credential should be scoped to correct service: 'athena'.");
      return FALSE;
    }

  return TRUE;
}

static char *
target_operation (SoupServerMessage  *message,
                  GError            **error)
{
  const char *target = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "X-Amz-Target");

  if (target == NULL || !g_str_has_prefix (target, "AmazonAthena."))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_UNKNOWN_OPERATION,
                   target == NULL ? "Missing X-Amz-Target header; expected AmazonAthena.<Operation>."
                   : "X-Amz-Target '%s' is not an AmazonAthena operation.", target);
      return NULL;
    }
  if (!glaux_local_athena_has_operation (target + strlen ("AmazonAthena.")))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_UNKNOWN_OPERATION,
                   "Operation %s is not supported by glaux-local.", target);
      return NULL;
    }

  return g_strdup (target + strlen ("AmazonAthena."));
}

static gboolean
check_content_type (SoupServerMessage  *message,
                    GError            **error)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (message), NULL);

  if (type == NULL || g_ascii_strcasecmp (type, JSON_TYPE) == 0
      || g_ascii_strcasecmp (type, "application/json") == 0)
    return TRUE;

  g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_SERIALIZATION,
               "Content-Type '%s' is not supported; send " JSON_TYPE ".", type);
  return FALSE;
}

static JsonNode *
parse_body (GByteArray  *data,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (data->len == 0)
    return take_object (json_object_new ());

  if (!g_utf8_validate ((const char *)data->data, data->len, NULL)
      || !glaux_json_parser_load_from_data (parser, (const char *)data->data, data->len,
                                            &parse_error))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_SERIALIZATION,
                   "The request body is not valid JSON: %s",
                   parse_error != NULL ? parse_error->message : "not UTF-8");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_SERIALIZATION,
                           "The request body must be a JSON object.");
      return NULL;
    }

  return json_node_copy (root);
}

static void
handle_athena (GlauxLocalServer  *self,
               SoupServerMessage *message,
               Body              *body,
               const char        *request_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *operation = NULL;
  g_autofree char *resource_name = NULL;

  if (body->too_large)
    {
      g_set_error (&error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_ENTITY_TOO_LARGE,
                   "The request body is %" G_GINT64_FORMAT " bytes; glaux-local accepts at most "
                   "%d bytes.", body->size, MAX_JSON_BODY);
      respond_athena_error (message, request_id, error, NULL);
      return;
    }

  if (!athena_authenticate (self, message, body->data, &error)
      || (operation = target_operation (message, &error)) == NULL
      || !check_content_type (message, &error)
      || (request = parse_body (body->data, &error)) == NULL)
    {
      respond_athena_error (message, request_id, error, NULL);
      return;
    }

  /* One line per call on stderr (stdout carries the readiness line), which bench-idle counts. */
  if (g_getenv ("GLAUX_LOCAL_TRACE_CALLS") != NULL)
    g_printerr ("glaux-local: Athena %s %s\n", operation,
                json_object_get_string_member_with_default (json_node_get_object (request),
                                                            "SessionId", "-"));
  response = glaux_local_athena_handle (self->athena, operation, json_node_get_object (request),
                                        &resource_name, &error);
  if (response == NULL)
    {
      respond_athena_error (message, request_id, error, resource_name);
      return;
    }

  respond_json (message, SOUP_STATUS_OK, request_id, response);
}

/* ---- S3 --------------------------------------------------------------------------------- */

static GlauxLocalS3ErrorCode
s3_code_for (const GError *sigv4_error)
{
  if (sigv4_error->domain != GLAUX_SIGV4_ERROR)
    return GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED;

  switch ((GlauxSigv4Error)sigv4_error->code)
    {
    case GLAUX_SIGV4_ERROR_MISSING_AUTHENTICATION:
      return GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED;
    case GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE:
      return GLAUX_LOCAL_S3_ERROR_AUTHORIZATION_MALFORMED;
    case GLAUX_SIGV4_ERROR_UNKNOWN_ACCESS_KEY:
      return GLAUX_LOCAL_S3_ERROR_INVALID_ACCESS_KEY_ID;
    case GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH:
      return GLAUX_LOCAL_S3_ERROR_SIGNATURE_MISMATCH;
    case GLAUX_SIGV4_ERROR_TIME_SKEWED:
      return GLAUX_LOCAL_S3_ERROR_TIME_SKEWED;
    case GLAUX_SIGV4_ERROR_INVALID_TOKEN:
      return GLAUX_LOCAL_S3_ERROR_INVALID_TOKEN;
    case GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH:
      return GLAUX_LOCAL_S3_ERROR_CONTENT_SHA256_MISMATCH;
    default:
      return GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED;
    }
}

static const char *
s3_message_for (GlauxLocalS3ErrorCode  code,
                const GError          *sigv4_error)
{
  switch (code)
    {
    case GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED:
      return "Access Denied";
    case GLAUX_LOCAL_S3_ERROR_INVALID_ACCESS_KEY_ID:
      return "The AWS Access Key Id you provided does not exist in our records.";
    case GLAUX_LOCAL_S3_ERROR_SIGNATURE_MISMATCH:
      return "The request signature we calculated does not match the signature you provided. "
             "Check your key and signing method.";
    case GLAUX_LOCAL_S3_ERROR_TIME_SKEWED:
      return "The difference between the request time and the current time is too large.";
    case GLAUX_LOCAL_S3_ERROR_CONTENT_SHA256_MISMATCH:
      return "The provided 'x-amz-content-sha256' header does not match what was computed.";
    case GLAUX_LOCAL_S3_ERROR_NO_SUCH_BUCKET:
    case GLAUX_LOCAL_S3_ERROR_NO_SUCH_KEY:
    case GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME:
    case GLAUX_LOCAL_S3_ERROR_INVALID_KEY:
    case GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG:
    case GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT:
    case GLAUX_LOCAL_S3_ERROR_INVALID_RANGE:
    case GLAUX_LOCAL_S3_ERROR_AUTHORIZATION_MALFORMED:
    case GLAUX_LOCAL_S3_ERROR_INVALID_TOKEN:
    case GLAUX_LOCAL_S3_ERROR_ENTITY_TOO_LARGE:
    case GLAUX_LOCAL_S3_ERROR_INCOMPLETE_BODY:
    case GLAUX_LOCAL_S3_ERROR_METHOD_NOT_ALLOWED:
    case GLAUX_LOCAL_S3_ERROR_NOT_IMPLEMENTED:
    case GLAUX_LOCAL_S3_ERROR_BUCKET_EXISTS:
    case GLAUX_LOCAL_S3_ERROR_INTERNAL:
    default:
      return sigv4_error->message;
    }
}

static void
s3_fail (SoupServerMessage     *message,
         const char            *request_id,
         GlauxLocalS3ErrorCode  code,
         const char            *text)
{
  g_autoptr(GError) error = g_error_new_literal (GLAUX_LOCAL_S3_ERROR, code, text);

  glaux_local_s3_handler_error (message, error, request_id);
}

static void
handle_s3 (GlauxLocalServer  *self,
           SoupServerMessage *message,
           Body              *body,
           const char        *request_id)
{
  g_auto(GlauxSigv4Verified) verified = { NULL, };
  g_autoptr(GError) sigv4_error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *md5 = NULL;
  GlauxSigv4Flags flags = GLAUX_SIGV4_S3;
  GlauxLocalS3Upload upload = { NULL, NULL };

  if (body->refused != NULL)
    {
      GlauxLocalS3ErrorCode code = s3_code_for (body->refused);

      s3_fail (message, request_id, code, s3_message_for (code, body->refused));
      return;
    }
  if (body->too_large)
    {
      s3_fail (message, request_id, GLAUX_LOCAL_S3_ERROR_ENTITY_TOO_LARGE,
               "Your proposed upload exceeds the maximum allowed object size.");
      return;
    }
  if (body->write_failed)
    {
      s3_fail (message, request_id, GLAUX_LOCAL_S3_ERROR_INTERNAL,
               "glaux-local could not store the uploaded body.");
      return;
    }

  if (body->to_file)
    {
      sha256 = g_strdup (g_checksum_get_string (body->sha256));
      md5 = g_strdup (g_checksum_get_string (body->md5));
    }
  else
    sha256 = glaux_sigv4_hex_sha256 (body->data->data, body->data->len);

  if (!verify (self, message, sha256, flags, &verified, &sigv4_error))
    {
      GlauxLocalS3ErrorCode code = s3_code_for (sigv4_error);

      s3_fail (message, request_id, code, s3_message_for (code, sigv4_error));
      return;
    }
  if (g_strcmp0 (verified.service, "s3") != 0)
    {
      g_autofree char *text = g_strdup_printf ("The authorization header is malformed; "
                                               "incorrect service '%s'. This endpoint belongs "
                                               "to 's3'.", verified.service);

      s3_fail (message, request_id, GLAUX_LOCAL_S3_ERROR_AUTHORIZATION_MALFORMED, text);
      return;
    }

  if (body->to_file)
    {
      close (body->fd);
      body->fd = -1;
      upload.temp_path = body->temp_path;
      upload.md5_hex = md5;
    }
  glaux_local_s3_handler_handle (self->s3, message, self->region, request_id, &upload);
}

/* ---- Spark UI dashboard page and the Spark Connect answer ------------------------------ */

static void
handle_dashboard (GlauxLocalServer  *self,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query)
{
  const char *session_id = path + strlen ("/dashboard/");
  const char *token = query != NULL ? g_hash_table_lookup (query, "token") : NULL;
  char *html = glaux_local_athena_dashboard_html (self->athena, session_id, token);

  if (html == NULL)
    {
      static const char text[] = "Unknown session or wrong token.\n";

      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, text,
                                        sizeof text - 1);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html,
                                    strlen (html));
}

static void
handle_spark_connect (SoupServerMessage *message)
{
  static const char text[] = "glaux-local manages Apache Spark version 3.5 sessions but does "
                             "not run a Spark Connect server; code runs only in PySpark engine "
                             "version 3 sessions (StartCalculationExecution).\n";

  soup_server_message_set_status (message, SOUP_STATUS_NOT_IMPLEMENTED, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, text,
                                    sizeof text - 1);
}

static void
request_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GlauxLocalServer *self = user_data;
  Body *body = g_object_get_data (G_OBJECT (message), BODY_KEY);
  g_autofree char *request_id = g_uuid_string_random ();
  const char *method = soup_server_message_get_method (message);

  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  if (g_str_equal (method, "GET") && g_str_has_prefix (path, "/dashboard/"))
    handle_dashboard (self, message, path, query);
  else if (g_str_has_prefix (path, "/spark-connect/"))
    handle_spark_connect (message);
  else if (is_athena (message))
    handle_athena (self, message, body, request_id);
  else
    handle_s3 (self, message, body, request_id);
}

/* ---- Connections closed by the client --------------------------------------------------- */

/* libsoup 3.2's SoupServer never disconnects a keep-alive connection that the client closes
 * while it is idle (fixed in 3.3, commit d20c6601): its socket stays open for good, one
 * descriptor per such connection, until glaux-local runs out of them. So glaux-local keeps the
 * sockets it has served and, every SWEEP_SECONDS, closes those that are idle and whose peer
 * has gone (a peek reads end-of-file). libsoup's own closing is seen as g_socket_is_closed. */

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *message,
                    GlauxLocalServer  *self)
{
  GSocket *socket = soup_server_message_get_socket (message);
  guint busy;

  if (socket == NULL)
    return;
  busy = GPOINTER_TO_UINT (g_hash_table_lookup (self->sockets, socket));
  g_hash_table_replace (self->sockets, g_object_ref (socket), GUINT_TO_POINTER (busy + 1));
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 GlauxLocalServer  *self)
{
  GSocket *socket = soup_server_message_get_socket (message);
  gpointer busy;

  if (socket == NULL || !g_hash_table_lookup_extended (self->sockets, socket, NULL, &busy))
    return;
  if (GPOINTER_TO_UINT (busy) > 0)
    g_hash_table_replace (self->sockets, g_object_ref (socket),
                          GUINT_TO_POINTER (GPOINTER_TO_UINT (busy) - 1));
}

static gboolean
peer_gone (GSocket *socket)
{
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static gboolean
sweep_cb (gpointer user_data)
{
  GlauxLocalServer *self = user_data;
  GHashTableIter iter;
  gpointer socket;
  gpointer busy;

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, &socket, &busy))
    {
      if (g_socket_is_closed (socket))
        g_hash_table_iter_remove (&iter);
      else if (GPOINTER_TO_UINT (busy) == 0 && peer_gone (socket))
        {
          g_debug ("Closing a connection its client left while idle (libsoup 3.2 keeps it)");
          g_socket_close (socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  return G_SOURCE_CONTINUE;
}

/* ---- Lifecycle -------------------------------------------------------------------------- */

/* One glaux-local per data folder: start-up recovery ends every session and calculation it
 * finds and clears unfinished uploads, which would wreck a second server's live work. The
 * kernel drops the lock when the holder dies, even by SIGKILL, but not at once: one just killed
 * (a cancelled connect, a restart) may still be exiting, so a busy lock is retried briefly. */
static gboolean
lock_data_dir (GlauxLocalServer  *self,
               const char        *data_dir,
               GError           **error)
{
  g_autofree char *path = g_build_filename (data_dir, "glaux-local.lock", NULL);
  int saved_errno;

  self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  for (guint waited_ms = 0; self->lock_fd >= 0; waited_ms += LOCK_POLL_MS)
    {
      if (flock (self->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return TRUE;
      if (errno != EWOULDBLOCK || waited_ms >= LOCK_WAIT_MS)
        break;
      g_usleep (LOCK_POLL_MS * 1000);
    }

  saved_errno = errno;
  if (saved_errno == EWOULDBLOCK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                 "Another glaux-local is already using the data folder %s; stop it first or "
                 "choose another --data-dir", data_dir);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "Cannot lock the data folder %s: %s", data_dir, g_strerror (saved_errno));

  return FALSE;
}

GlauxLocalServer *
glaux_local_server_new (const GlauxLocalConfig  *config,
                        GError                 **error)
{
  g_autoptr(GlauxLocalServer) self = g_object_new (GLAUX_LOCAL_TYPE_SERVER, NULL);
  g_autofree char *store_path = NULL;
  g_autofree char *s3_root = NULL;
  g_autofree char *catalog_path = NULL;

  if (!glaux_local_check_loopback (config->bind, error))
    return NULL;
  if (g_mkdir_with_parents (config->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the data folder %s: %s", config->data_dir,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!lock_data_dir (self, config->data_dir, error))
    return NULL;

  self->bind = g_strdup (config->bind);
  self->port = config->port;
  self->data_dir = g_strdup (config->data_dir);
  self->region = g_strdup (config->region);
  self->access_key_id = g_strdup (config->access_key_id);
  self->secret_access_key = g_strdup (config->secret_access_key);
  self->session_token = g_strdup (config->session_token);

  store_path = g_build_filename (config->data_dir, "glaux-local.db", NULL);
  s3_root = g_build_filename (config->data_dir, "s3", NULL);
  catalog_path = g_build_filename (config->data_dir, "catalog.db", NULL);

  self->store = glaux_local_store_open (store_path, error);
  if (self->store == NULL)
    return NULL;
  self->s3 = glaux_local_s3_new (s3_root, error);
  if (self->s3 == NULL)
    return NULL;
  self->engine = glaux_local_engine_new (self->store, self->s3, catalog_path,
                                         config->time_scale, error);
  if (self->engine == NULL)
    return NULL;

  self->server = soup_server_new ("server-header", "glaux-local/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, request_cb, self, NULL);

  self->sockets = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);
  self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, sweep_cb, self);

  return g_steal_pointer (&self);
}

gboolean
glaux_local_server_listen (GlauxLocalServer  *self,
                           GError           **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (self->bind);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, self->port);
  GSList *uris;
  guint port;

  if (!soup_server_listen (self->server, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  port = uris != NULL ? (guint)g_uri_get_port (uris->data) : self->port;
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  self->endpoint = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
                   ? g_strdup_printf ("http://[%s]:%u", self->bind, port)
                   : g_strdup_printf ("http://%s:%u", self->bind, port);
  self->athena = glaux_local_athena_new (self->engine, self->endpoint, self->region);

  return TRUE;
}

const char *
glaux_local_server_get_endpoint (GlauxLocalServer *self)
{
  return self->endpoint;
}

/* Stops accepting requests, ends every live session and closes the store. */
void
glaux_local_server_shutdown (GlauxLocalServer *self)
{
  soup_server_disconnect (self->server);
  glaux_local_engine_shutdown (self->engine);
  glaux_local_store_close (self->store);
}
