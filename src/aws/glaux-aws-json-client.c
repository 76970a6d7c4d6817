/* glaux-aws-json-client.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-aws-json-client"

#include "config.h"

#include <string.h>

#include "glaux-aws-call.h"
#include "glaux-aws-error.h"
#include "glaux-aws-json-client.h"
#include "glaux-http.h"
#include "glaux-json-parse.h"

#define DEFAULT_TIMEOUT_MS (60 * 1000)
#define ERROR_SNIPPET_LENGTH 200

struct _GlauxAwsJsonClient
{
  GObject                   parent_instance;

  SoupSession              *session;
  GlauxCredentialsProvider *credentials;
  GlauxRetryPolicy         *retry_policy;
  char                     *endpoint;
  char                     *region;
  char                     *signing_name;
  char                     *target_prefix;
  GUri                     *uri;            /* NULL when the endpoint is not a usable URL */
  guint                     timeout_ms;
};

G_DEFINE_FINAL_TYPE (GlauxAwsJsonClient, glaux_aws_json_client, G_TYPE_OBJECT)

static JsonNode *
new_empty_object_node (void)
{
  g_autoptr(JsonObject) object = json_object_new ();

  return json_node_init_object (json_node_alloc (), object);
}

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_SIGNING_NAME,
  PROP_TARGET_PREFIX,
  PROP_CREDENTIALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One operation's request, shared by all of its attempts. */
typedef struct
{
  GlauxAwsJsonClient *client;
  char               *target;
  GBytes             *body;
} JsonCall;

static void
json_call_free (gpointer data)
{
  JsonCall *call = data;

  g_clear_object (&call->client);
  g_clear_pointer (&call->target, g_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static SoupMessage *
json_call_build_message (gpointer   op_data,
                         GBytes   **body,
                         GError   **error)
{
  JsonCall *call = op_data;
  SoupMessage *message;

  message = soup_message_new_from_uri (SOUP_METHOD_POST, call->client->uri);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", call->body);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "X-Amz-Target", call->target);
  *body = g_bytes_ref (call->body);

  return message;
}

static char *
body_snippet (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  g_autofree char *text = NULL;

  if (size == 0 || !g_utf8_validate_len (data, MIN (size, ERROR_SNIPPET_LENGTH), NULL))
    return NULL;

  text = g_strndup (data, MIN (size, ERROR_SNIPPET_LENGTH));
  g_strdelimit (text, "\r\n\t", ' ');

  return g_strdup (g_strstrip (text));
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The error type from X-Amzn-ErrorType, then __type, then code; the message from message,
 * then Message (awsJson1_1 rules, athena-api.md §2.3). Without either, the HTTP status. */
static GError *
parse_error_response (JsonCall    *call,
                      SoupMessage *message,
                      GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint status = soup_message_get_status (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *name = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *snippet = NULL;
  const char *raw_type;
  const char *text = NULL;
  GError *error = NULL;
  JsonObject *object = NULL;

  if (g_bytes_get_size (body) > 0 &&
      glaux_json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body), NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  raw_type = soup_message_headers_get_one (headers, "X-Amzn-ErrorType");
  if (raw_type == NULL && object != NULL)
    raw_type = string_member (object, "__type");
  if (raw_type == NULL && object != NULL)
    raw_type = string_member (object, "code");
  if (raw_type != NULL)
    name = glaux_aws_error_sanitize_type (raw_type);

  if (object != NULL)
    text = string_member (object, "message") ? string_member (object, "message")
                                             : string_member (object, "Message");

  /* Nothing AWS-shaped (a proxy page, an empty body): the status is all there is. */
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup_printf ("%u", status);
      if (text == NULL)
        {
          snippet = body_snippet (body);
          fallback = snippet ? g_strdup_printf ("%s: %s", soup_status_get_phrase (status), snippet)
                             : g_strdup (soup_status_get_phrase (status));
          text = fallback;
        }
    }

  glaux_aws_error_set_service (&error, name, text, status,
                               soup_message_headers_get_one (headers, "x-amzn-RequestId"));
  g_prefix_error (&error, "%s: ", call->target);

  return error;
}

static gpointer
json_call_parse_response (gpointer      op_data,
                          SoupMessage  *message,
                          GBytes       *body,
                          GError      **error)
{
  JsonCall *call = op_data;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_propagate_error (error, parse_error_response (call, message, body));
      return NULL;
    }

  /* Operations with no output may answer with an empty body. */
  if (g_bytes_get_size (body) == 0)
    return new_empty_object_node ();

  parser = json_parser_new ();
  if (!glaux_json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                         g_bytes_get_size (body), &local_error))
    {
      const char *content_type =
        soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
      g_autofree char *snippet = NULL;

      /* An HTML page instead of JSON: something else (a proxy, a captive portal) answered. */
      if (content_type != NULL && strstr (content_type, "json") == NULL)
        {
          snippet = body_snippet (body);
          g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                       "%s: the response is not valid JSON but %s, so something other than the "
                       "service answered (a proxy or a captive portal?): %s", call->target,
                       content_type, snippet ? snippet : "(no text)");
          return NULL;
        }
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "%s: the response is not valid JSON: %s", call->target, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  /* A body of white space parses, to no root at all. */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "%s: the response is not a JSON object", call->target);
      return NULL;
    }

  return json_node_copy (root);
}

static const GlauxAwsCallOps json_call_ops = {
  .build_message = json_call_build_message,
  .parse_response = json_call_parse_response,
  .result_free = (GDestroyNotify)json_node_unref,
};

static GUri *
parse_endpoint (const char *endpoint)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (endpoint == NULL)
    return NULL;

  uri = g_uri_parse (endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return NULL;

  if (*g_uri_get_path (uri) == '\0')
    return g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (uri),
                        g_uri_get_port (uri), "/", NULL, NULL);

  return g_steal_pointer (&uri);
}

static void
glaux_aws_json_client_constructed (GObject *object)
{
  GlauxAwsJsonClient *self = (GlauxAwsJsonClient *)object;

  G_OBJECT_CLASS (glaux_aws_json_client_parent_class)->constructed (object);

  self->uri = parse_endpoint (self->endpoint);
}

static void
glaux_aws_json_client_finalize (GObject *object)
{
  GlauxAwsJsonClient *self = (GlauxAwsJsonClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->retry_policy);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->signing_name, g_free);
  g_clear_pointer (&self->target_prefix, g_free);
  g_clear_pointer (&self->uri, g_uri_unref);

  G_OBJECT_CLASS (glaux_aws_json_client_parent_class)->finalize (object);
}

static void
glaux_aws_json_client_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GlauxAwsJsonClient *self = GLAUX_AWS_JSON_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_SIGNING_NAME:
      g_value_set_string (value, self->signing_name);
      break;
    case PROP_TARGET_PREFIX:
      g_value_set_string (value, self->target_prefix);
      break;
    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_aws_json_client_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GlauxAwsJsonClient *self = GLAUX_AWS_JSON_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_SIGNING_NAME:
      self->signing_name = g_value_dup_string (value);
      break;
    case PROP_TARGET_PREFIX:
      self->target_prefix = g_value_dup_string (value);
      break;
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_aws_json_client_class_init (GlauxAwsJsonClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = glaux_aws_json_client_constructed;
  object_class->finalize = glaux_aws_json_client_finalize;
  object_class->get_property = glaux_aws_json_client_get_property;
  object_class->set_property = glaux_aws_json_client_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION, flags);
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL, flags);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL, flags);
  properties[PROP_SIGNING_NAME] =
    g_param_spec_string ("signing-name", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_PREFIX] =
    g_param_spec_string ("target-prefix", NULL, NULL, NULL, flags);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, GLAUX_TYPE_CREDENTIALS_PROVIDER, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_aws_json_client_init (GlauxAwsJsonClient *self)
{
  self->retry_policy = glaux_retry_policy_new ();
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/**
 * glaux_aws_json_client_new:
 * @endpoint_url: `https://athena.us-east-1.amazonaws.com` or a custom endpoint; an unusable URL
 *   makes every call fail with %GLAUX_AWS_ERROR_CONFIGURATION
 *
 * Returns: (transfer full): a new client
 */
GlauxAwsJsonClient *
glaux_aws_json_client_new (SoupSession              *session,
                           const char               *endpoint_url,
                           const char               *region,
                           const char               *signing_name,
                           const char               *target_prefix,
                           GlauxCredentialsProvider *credentials)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (GLAUX_IS_CREDENTIALS_PROVIDER (credentials), NULL);
  g_return_val_if_fail (signing_name != NULL && target_prefix != NULL, NULL);

  return g_object_new (GLAUX_TYPE_AWS_JSON_CLIENT,
                       "session", session,
                       "endpoint", endpoint_url,
                       "region", region,
                       "signing-name", signing_name,
                       "target-prefix", target_prefix,
                       "credentials", credentials,
                       NULL);
}

const char *
glaux_aws_json_client_get_endpoint (GlauxAwsJsonClient *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self), NULL);

  return self->endpoint;
}

const char *
glaux_aws_json_client_get_region (GlauxAwsJsonClient *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self), NULL);

  return self->region;
}

/* AWS_MAX_ATTEMPTS / the profile's max_attempts, resolved by the caller. */
void
glaux_aws_json_client_set_max_attempts (GlauxAwsJsonClient *self,
                                        guint               max_attempts)
{
  g_return_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self));

  glaux_retry_policy_set_max_attempts (self->retry_policy, max_attempts);
}

/* The deadline of one call, retries and backoff included; 0 disables it. */
void
glaux_aws_json_client_set_timeout (GlauxAwsJsonClient *self,
                                   guint               timeout_ms)
{
  g_return_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self));

  self->timeout_ms = timeout_ms;
}

guint
glaux_aws_json_client_get_timeout (GlauxAwsJsonClient *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self), 0);

  return self->timeout_ms;
}

/**
 * glaux_aws_json_client_get_retry_policy:
 *
 * Returns: (transfer none): the client's retry policy (its quota is shared by all calls)
 */
GlauxRetryPolicy *
glaux_aws_json_client_get_retry_policy (GlauxAwsJsonClient *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self), NULL);

  return self->retry_policy;
}

static gboolean
operation_name_is_valid (const char *operation)
{
  if (operation == NULL || *operation == '\0')
    return FALSE;

  for (const char *p = operation; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;

  return TRUE;
}

static gboolean
check_call (GlauxAwsJsonClient  *self,
            const char          *operation,
            JsonNode            *request,
            GError             **error)
{
  if (self->uri == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "The endpoint “%s” is not an http:// or https:// URL with a host",
                   self->endpoint ? self->endpoint : "");
      return FALSE;
    }
  if (self->region == NULL || *self->region == '\0')
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "No region is set for %s", self->endpoint);
      return FALSE;
    }
  if (!operation_name_is_valid (operation))
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "“%s” is not an operation name (letters and digits only)",
                   operation ? operation : "");
      return FALSE;
    }
  if (request != NULL && !JSON_NODE_HOLDS_OBJECT (request))
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "The input of %s.%s must be a JSON object", self->target_prefix, operation);
      return FALSE;
    }

  return TRUE;
}

static GBytes *
serialize_request (JsonNode *request)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) empty = NULL;
  char *text;
  gsize length;

  if (request == NULL)
    request = empty = new_empty_object_node ();

  json_generator_set_root (generator, request);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

void
glaux_aws_json_client_call_async (GlauxAwsJsonClient  *self,
                                  const char          *operation,
                                  JsonNode            *request,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  GlauxAwsCallConfig config = { 0 };
  JsonCall *call;

  g_return_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_aws_json_client_call_async);

  if (!check_call (self, operation, request, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  call = g_new0 (JsonCall, 1);
  call->client = g_object_ref (self);
  call->target = g_strdup_printf ("%s.%s", self->target_prefix, operation);
  call->body = serialize_request (request);

  config.session = self->session;
  config.credentials = self->credentials;
  config.retry_policy = self->retry_policy;
  config.region = self->region;
  config.service = self->signing_name;
  config.sign_flags = GLAUX_SIGV4_DEFAULT;
  config.timeout_ms = self->timeout_ms;
  config.max_body_size = GLAUX_HTTP_MAX_BODY_SIZE;

  glaux_aws_call_run (task, &config, &json_call_ops, call, json_call_free, call->target);
}

/**
 * glaux_aws_json_client_call_finish:
 *
 * Returns: (transfer full): the response object node, or %NULL with @error set
 */
JsonNode *
glaux_aws_json_client_call_finish (GlauxAwsJsonClient  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (GLAUX_IS_AWS_JSON_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
