/* test-aws-json-client.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-aws-json-client.h"
#include "glaux-http.h"
#include "glaux-retry-policy.h"
#include "glaux-sigv4.h"
#include "glaux-test-util.h"

#define ACCESS_KEY "AKIDTESTJSONCLIENT"
#define SECRET_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYTESTKEY"

/* A self-signed certificate for 127.0.0.1 (valid until 2126), made for this test only. */
static const char test_certificate[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBjzCCATagAwIBAgIUJzFS/ZvnTEwvzZO+H5TNTlTD0W4wCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMTA1MjA1MFoYDzIxMjYxMDI4\n"
  "MDUyMDUwWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAAR7jIooPqCtUTlpRGLEou8McrFfCVbGjt0BRsicc8ld1vVC9MDopy4g\n"
  "7b0foVszgnCQyrda6oCacvbictYr3LLjo2QwYjAdBgNVHQ4EFgQUMSWkc8Q15Jul\n"
  "/DlapvzABpKSEE0wHwYDVR0jBBgwFoAUMSWkc8Q15Jul/DlapvzABpKSEE0wDwYD\n"
  "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC\n"
  "ICW+Gdg3SsEtiAJKGCGt+hQz8ciUb02suSuB7HTsoS5bAiBph05Go5AwO+f/OaGG\n"
  "RfsxTSk78TZJ/NJxbKyrOPaQ5w==\n"
  "-----END CERTIFICATE-----\n";

static const char test_private_key[] =
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgluZVLI+6kRVIHSaQ\n"
  "sBVMWlQFW7TaK7l9ATNdQp2u8LqhRANCAAR7jIooPqCtUTlpRGLEou8McrFfCVbG\n"
  "jt0BRsicc8ld1vVC9MDopy4g7b0foVszgnCQyrda6oCacvbictYr3LLj\n"
  "-----END PRIVATE KEY-----\n";

/* A credentials provider that counts its loads, so tests see one load per attempt. */
#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject  parent_instance;
  guint    loads;
  gboolean fail;
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
  TestProvider *self = TEST_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->loads++;
  if (self->fail)
    g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                             "no access key is configured");
  else
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

/* What the server is told to do with the next request. */
typedef enum
{
  REPLY_NORMAL,
  REPLY_PAUSE,     /* never answer */
  REPLY_TRUNCATE,  /* declare 1000 bytes, send a few, close */
} ReplyKind;

typedef struct
{
  ReplyKind   kind;
  guint       status;
  const char *error_type_header;
  const char *body;
} Reply;

typedef struct
{
  SoupMessageHeaders *headers;
  char               *method;
  char               *path;
  GBytes             *body;
  gboolean            signature_valid;
  char               *signature_error;
} Recorded;

typedef struct
{
  SoupServer         *server;
  char               *endpoint;
  GQueue              replies;
  GPtrArray          *requests;
  GPtrArray          *paused;

  SoupSession        *session;
  TestProvider       *provider;
  GlauxAwsJsonClient *client;

  double              random_value;
  GArray             *delays;
  guint               sleep_ms;

  GAsyncResult       *result;
} Fixture;

static void
recorded_free (gpointer data)
{
  Recorded *recorded = data;

  soup_message_headers_unref (recorded->headers);
  g_free (recorded->method);
  g_free (recorded->path);
  g_bytes_unref (recorded->body);
  g_free (recorded->signature_error);
  g_free (recorded);
}

static const char *
lookup_secret (const char  *access_key_id,
               const char **session_token,
               gpointer     user_data)
{
  *session_token = NULL;

  return g_strcmp0 (access_key_id, ACCESS_KEY) == 0 ? SECRET_KEY : NULL;
}

static void
verify_signature (SoupServerMessage *message,
                  GBytes            *body,
                  Recorded          *recorded)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
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

  recorded->signature_valid = glaux_sigv4_verify (&request, GLAUX_SIGV4_DEFAULT, lookup_secret,
                                                  NULL, NULL, NULL, &error);
  if (error != NULL)
    recorded->signature_error = g_strdup (error->message);
}

static void
send_truncated (SoupServerMessage *message)
{
  static const char response[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/x-amz-json-1.1\r\n"
    "Content-Length: 1000\r\n"
    "\r\n"
    "{\"SessionId\": \"abc";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), response,
                             strlen (response), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  Reply *reply = g_queue_pop_head (&fixture->replies);
  Recorded *recorded = g_new0 (Recorded, 1);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);

  recorded->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  recorded->method = g_strdup (soup_server_message_get_method (message));
  recorded->path = g_strdup (path);
  recorded->body = g_bytes_ref (body);
  verify_signature (message, body, recorded);
  g_ptr_array_add (fixture->requests, recorded);

  /* Unscripted requests get a 500, so an unexpected retry shows up as a count mismatch. */
  if (reply == NULL)
    {
      soup_server_message_set_status (message, 500, NULL);
      return;
    }

  switch (reply->kind)
    {
    case REPLY_PAUSE:
      soup_server_message_pause (message);
      g_ptr_array_add (fixture->paused, g_object_ref (message));
      break;
    case REPLY_TRUNCATE:
      send_truncated (message);
      break;
    case REPLY_NORMAL:
    default:
      soup_server_message_set_status (message, reply->status, NULL);
      soup_message_headers_replace (response_headers, "x-amzn-RequestId", "req-0001");
      if (reply->error_type_header != NULL)
        soup_message_headers_replace (response_headers, "X-Amzn-ErrorType",
                                      reply->error_type_header);
      if (reply->body != NULL)
        soup_server_message_set_response (message, "application/x-amz-json-1.1",
                                          SOUP_MEMORY_COPY, reply->body, strlen (reply->body));
      break;
    }
}

static double
fixed_random (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->random_value;
}

static GSource *
recording_sleep (GTimeSpan delay,
                 gpointer  user_data)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->delays, delay);

  return g_timeout_source_new (fixture->sleep_ms);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  GlauxRetryPolicy *policy;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  g_queue_init (&fixture->replies);
  fixture->requests = g_ptr_array_new_with_free_func (recorded_free);
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->delays = g_array_new (FALSE, FALSE, sizeof (GTimeSpan));
  fixture->random_value = 0.5;

  fixture->session = glaux_http_session_new (NULL, &error);
  g_assert_no_error (error);
  fixture->provider = g_object_new (TEST_TYPE_PROVIDER, NULL);
  fixture->client = glaux_aws_json_client_new (fixture->session, fixture->endpoint, "us-east-1",
                                               "athena", "AmazonAthena",
                                               GLAUX_CREDENTIALS_PROVIDER (fixture->provider));

  policy = glaux_aws_json_client_get_retry_policy (fixture->client);
  glaux_retry_policy_set_random_func (policy, fixed_random, fixture, NULL);
  glaux_retry_policy_set_sleep_func (policy, recording_sleep, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < fixture->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->paused, i));
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->provider);
  soup_session_abort (fixture->session);
  g_clear_object (&fixture->session);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->endpoint, g_free);
  g_queue_clear (&fixture->replies);
  g_clear_pointer (&fixture->requests, g_ptr_array_unref);
  g_clear_pointer (&fixture->paused, g_ptr_array_unref);
  g_clear_pointer (&fixture->delays, g_array_unref);

  /* Let the cancelled connections wind down before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
start_call (Fixture      *fixture,
            const char   *operation,
            const char   *json,
            GCancellable *cancellable)
{
  g_autoptr(JsonNode) request = json ? json_from_string (json, NULL) : NULL;

  g_clear_object (&fixture->result);
  glaux_aws_json_client_call_async (fixture->client, operation, request, cancellable,
                                    glaux_test_store_result_cb, &fixture->result);
}

static JsonNode *
finish_call (Fixture  *fixture,
             GError  **error)
{
  glaux_test_wait_result (&fixture->result, 10000);

  return glaux_aws_json_client_call_finish (fixture->client, fixture->result, error);
}

static JsonNode *
call_sync (Fixture     *fixture,
           const char  *operation,
           const char  *json,
           GError     **error)
{
  start_call (fixture, operation, json, NULL);

  return finish_call (fixture, error);
}

static void
push_reply (Fixture     *fixture,
            const Reply *reply)
{
  g_queue_push_tail (&fixture->replies, (gpointer)reply);
}

static Recorded *
request_at (Fixture *fixture,
            guint    index)
{
  g_assert_cmpuint (index, <, fixture->requests->len);

  return g_ptr_array_index (fixture->requests, index);
}

static void
test_golden_request (Fixture       *fixture,
                     gconstpointer  data)
{
  static const Reply ok = { REPLY_NORMAL, 200, NULL, "{\"SessionId\":\"s-123\",\"State\":\"CREATING\"}" };
  static const Reply empty = { REPLY_NORMAL, 200, NULL, NULL };
  static const char golden_body[] = "{\"WorkGroup\":\"spark-wg\",\"SessionIdleTimeoutInMinutes\":15}";
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(JsonNode) empty_response = NULL;
  g_autoptr(GError) error = NULL;
  Recorded *recorded;
  const char *authorization;

  push_reply (fixture, &ok);
  response = call_sync (fixture, "StartSession", golden_body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (response), "SessionId"), ==,
                   "s-123");

  recorded = request_at (fixture, 0);
  g_assert_cmpstr (recorded->method, ==, "POST");
  g_assert_cmpstr (recorded->path, ==, "/");
  g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "X-Amz-Target"), ==,
                   "AmazonAthena.StartSession");
  g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "Content-Type"), ==,
                   "application/x-amz-json-1.1");
  g_assert_true (g_uuid_string_is_valid (soup_message_headers_get_one (recorded->headers,
                                                                       "amz-sdk-invocation-id")));
  g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "amz-sdk-request"), ==,
                   "attempt=1; max=3");
  g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "User-Agent"), ==,
                   "glaux/" PACKAGE_VERSION);
  g_assert_nonnull (soup_message_headers_get_one (recorded->headers, "X-Amz-Date"));
  authorization = soup_message_headers_get_one (recorded->headers, "Authorization");
  g_assert_true (g_str_has_prefix (authorization, "AWS4-HMAC-SHA256 Credential=" ACCESS_KEY "/"));
  g_assert_nonnull (strstr (authorization, "/us-east-1/athena/aws4_request"));
  g_assert_null (strstr (authorization, SECRET_KEY));
  g_assert_cmpstr (recorded->signature_error, ==, NULL);
  g_assert_true (recorded->signature_valid);
  g_assert_cmpmem (g_bytes_get_data (recorded->body, NULL), g_bytes_get_size (recorded->body),
                   golden_body, strlen (golden_body));
  g_assert_cmpuint (fixture->provider->loads, ==, 1);

  /* No input means "{}", and an empty success body means an empty output object. */
  push_reply (fixture, &empty);
  empty_response = call_sync (fixture, "ListEngineVersions", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (empty_response));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (empty_response)), ==, 0);
  recorded = request_at (fixture, 1);
  g_assert_cmpmem (g_bytes_get_data (recorded->body, NULL), g_bytes_get_size (recorded->body), "{}", 2);
  g_assert_true (recorded->signature_valid);
  g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "X-Amz-Target"), ==,
                   "AmazonAthena.ListEngineVersions");
  g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "amz-sdk-invocation-id"), !=,
                   soup_message_headers_get_one (request_at (fixture, 0)->headers,
                                                 "amz-sdk-invocation-id"));
}

typedef struct
{
  Reply       reply;
  const char *name;
  const char *message;
  const char *message_part;   /* for messages built from the status and body */
} ErrorCase;

static void
test_error_shapes (Fixture       *fixture,
                   gconstpointer  data)
{
  static const ErrorCase cases[] = {
    { { REPLY_NORMAL, 400, NULL,
        "{\"__type\":\"com.amazonaws.athena#InvalidRequestException\",\"Message\":\"WorkGroup wg is not found.\",\"AthenaErrorCode\":\"x\"}" },
      "InvalidRequestException", "WorkGroup wg is not found.", NULL },
    { { REPLY_NORMAL, 400, NULL,
        "{\"__type\":\"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/\",\"message\":\"lower\"}" },
      "FooError", "lower", NULL },
    { { REPLY_NORMAL, 400, NULL, "{\"__type\":\"BareError\",\"message\":\"first\",\"Message\":\"second\"}" },
      "BareError", "first", NULL },
    { { REPLY_NORMAL, 400, NULL, "{\"code\":\"CodeOnly\",\"Message\":\"from code\"}" },
      "CodeOnly", "from code", NULL },
    { { REPLY_NORMAL, 400, "ResourceNotFoundException:http://internal.amazon.com/", NULL },
      "ResourceNotFoundException", NULL, NULL },
    { { REPLY_NORMAL, 400, "HeaderWins", "{\"__type\":\"BodyLoses\",\"Message\":\"m\"}" },
      "HeaderWins", "m", NULL },
    { { REPLY_NORMAL, 400, NULL, NULL },
      "400", NULL, "Bad Request" },
    { { REPLY_NORMAL, 500, NULL, "<html><body>Proxy Oops</body></html>" },
      "500", NULL, "Proxy Oops" },
  };

  glaux_aws_json_client_set_max_attempts (fixture->client, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) response = NULL;

      push_reply (fixture, &cases[i].reply);
      response = call_sync (fixture, "GetWorkGroup", "{\"WorkGroup\":\"wg\"}", &error);
      g_assert_null (response);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
      g_assert_cmpstr (glaux_aws_error_get_name (error), ==, cases[i].name);
      if (cases[i].message_part != NULL)
        g_assert_nonnull (strstr (glaux_aws_error_get_message (error), cases[i].message_part));
      else
        g_assert_cmpstr (glaux_aws_error_get_message (error), ==, cases[i].message);
      g_assert_cmpuint (glaux_aws_error_get_http_status (error), ==, cases[i].reply.status);
      g_assert_cmpstr (glaux_aws_error_get_request_id (error), ==, "req-0001");
      g_assert_true (g_str_has_prefix (error->message, "AmazonAthena.GetWorkGroup: "));
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_null (strstr (error->message, SECRET_KEY));
      g_assert_cmpuint (fixture->requests->len, ==, i + 1);
    }
}

static void
check_three_attempts (Fixture    *fixture,
                      const char *expected_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  const char *invocation_id;

  response = call_sync (fixture, "StartSession", "{\"WorkGroup\":\"wg\"}", &error);
  g_assert_null (response);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, expected_name);
  g_assert_cmpuint (fixture->requests->len, ==, 3);
  g_assert_cmpuint (fixture->provider->loads, ==, 3);

  invocation_id = soup_message_headers_get_one (request_at (fixture, 0)->headers,
                                                "amz-sdk-invocation-id");
  for (guint i = 0; i < 3; i++)
    {
      Recorded *recorded = request_at (fixture, i);
      g_autofree char *attempt = g_strdup_printf ("attempt=%u; max=3", i + 1);

      g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "amz-sdk-invocation-id"),
                       ==, invocation_id);
      g_assert_cmpstr (soup_message_headers_get_one (recorded->headers, "amz-sdk-request"), ==,
                       attempt);
      g_assert_true (recorded->signature_valid);
    }
}

static void
test_retry_counts (Fixture       *fixture,
                   gconstpointer  data)
{
  static const Reply internal = { REPLY_NORMAL, 500, NULL, "{\"__type\":\"InternalServerException\",\"Message\":\"oops\"}" };
  static const Reply unavailable = { REPLY_NORMAL, 503, NULL, NULL };
  static const Reply too_many = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"TooManyRequestsException\",\"Message\":\"slow\",\"Reason\":\"CONCURRENT_QUERY_LIMIT_EXCEEDED\"}" };
  static const Reply throttled = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}" };
  static const struct { const Reply *reply; const char *name; } cases[] = {
    { &internal, "InternalServerException" },
    { &unavailable, "503" },
    { &too_many, "TooManyRequestsException" },
    { &throttled, "ThrottlingException" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_ptr_array_set_size (fixture->requests, 0);
      fixture->provider->loads = 0;
      for (guint j = 0; j < 3; j++)
        push_reply (fixture, cases[i].reply);

      check_three_attempts (fixture, cases[i].name);
      g_assert_cmpuint (fixture->delays->len, ==, 2 * (i + 1));
    }
}

static void
test_no_retry (Fixture       *fixture,
               gconstpointer  data)
{
  static const Reply invalid = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"InvalidRequestException\",\"Message\":\"bad\"}" };
  static const Reply missing = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"gone\"}" };
  static const Reply validation = { REPLY_NORMAL, 500, NULL, "{\"__type\":\"ValidationException\",\"Message\":\"no\"}" };
  const Reply *replies[] = { &invalid, &missing, &validation };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) response = NULL;

      push_reply (fixture, replies[i]);
      response = call_sync (fixture, "GetSession", "{\"SessionId\":\"s\"}", &error);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
      g_assert_cmpuint (fixture->requests->len, ==, i + 1);
    }

  g_assert_cmpuint (fixture->delays->len, ==, 0);
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (glaux_aws_json_client_get_retry_policy (fixture->client)),
                    ==, GLAUX_RETRY_QUOTA_CAPACITY);
}

static void
test_success_after_retries (Fixture       *fixture,
                            gconstpointer  data)
{
  static const Reply throttled = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}" };
  static const Reply ok = { REPLY_NORMAL, 200, NULL, "{\"State\":\"IDLE\"}" };
  GlauxRetryPolicy *policy = glaux_aws_json_client_get_retry_policy (fixture->client);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;

  push_reply (fixture, &throttled);
  push_reply (fixture, &throttled);
  push_reply (fixture, &ok);

  response = call_sync (fixture, "GetSessionStatus", "{\"SessionId\":\"s\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (response), "State"), ==,
                   "IDLE");
  g_assert_cmpuint (fixture->requests->len, ==, 3);
  /* Two retries took 5 each; the success refunds the last one's 5. */
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (policy), ==,
                    GLAUX_RETRY_QUOTA_CAPACITY - GLAUX_RETRY_COST);
}

static void
test_backoff_bounds (Fixture       *fixture,
                     gconstpointer  data)
{
  static const Reply unavailable = { REPLY_NORMAL, 503, NULL, NULL };
  static const double randoms[] = { 0.0, 0.25, 0.999999 };
  GlauxRetryPolicy *policy = glaux_aws_json_client_get_retry_policy (fixture->client);

  glaux_aws_json_client_set_max_attempts (fixture->client, 4);

  for (guint i = 0; i < G_N_ELEMENTS (randoms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) response = NULL;

      g_array_set_size (fixture->delays, 0);
      fixture->random_value = randoms[i];
      for (guint j = 0; j < 4; j++)
        push_reply (fixture, &unavailable);

      response = call_sync (fixture, "GetSession", "{}", &error);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
      g_assert_cmpuint (fixture->delays->len, ==, 3);

      /* Before retry n: rand × 2^(n-1) s, exactly. */
      for (guint n = 1; n <= 3; n++)
        g_assert_cmpint (g_array_index (fixture->delays, GTimeSpan, n - 1), ==,
                         (GTimeSpan)(randoms[i] * (double)((1 << (n - 1)) * G_TIME_SPAN_SECOND)));
    }

  /* The cap: 20 s from the sixth retry on; and the real jitter source stays in bounds. */
  fixture->random_value = 0.5;
  g_assert_cmpint (glaux_retry_policy_compute_delay (policy, 5), ==, 8 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (glaux_retry_policy_compute_delay (policy, 6), ==, 10 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (glaux_retry_policy_compute_delay (policy, 40), ==, 10 * G_TIME_SPAN_SECOND);

  glaux_retry_policy_set_random_func (policy, NULL, NULL, NULL);
  for (guint n = 0; n < 1000; n++)
    {
      guint attempt = 1 + n % 8;
      GTimeSpan ceiling = MIN (20, 1 << MIN (attempt - 1, 5)) * G_TIME_SPAN_SECOND;
      GTimeSpan delay = glaux_retry_policy_compute_delay (policy, attempt);

      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <, ceiling);
    }
}

static void
test_quota_exhaustion (Fixture       *fixture,
                       gconstpointer  data)
{
  static const Reply ok = { REPLY_NORMAL, 200, NULL, "{}" };
  GlauxRetryPolicy *policy = glaux_aws_json_client_get_retry_policy (fixture->client);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  GlauxRetryState state;
  GTimeSpan delay;

  /* Every unscripted answer is a 500: with attempts to spare, only the quota stops the call
   * after 500 / 5 = 100 retries. */
  fixture->random_value = 0.0;
  glaux_aws_json_client_set_max_attempts (fixture->client, 1000);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpuint (glaux_aws_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (fixture->requests->len, ==, 101);
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (policy), ==, 0);

  /* A success without retry refunds one token. */
  push_reply (fixture, &ok);
  g_clear_pointer (&response, json_node_unref);
  g_clear_error (&error);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (policy), ==, 1);

  /* Connection errors and timeouts cost 10. */
  {
    g_autoptr(GlauxRetryPolicy) fresh = glaux_retry_policy_new ();
    g_autoptr(GError) network = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK, "reset");

    glaux_retry_state_init (&state);
    g_assert_true (glaux_retry_policy_acquire_retry (fresh, &state, network, &delay));
    g_assert_cmpuint (glaux_retry_policy_get_available_quota (fresh), ==, 490);
    g_assert_cmpuint (state.attempt, ==, 2);
    glaux_retry_policy_record_success (fresh, &state);
    g_assert_cmpuint (glaux_retry_policy_get_available_quota (fresh), ==, 500);
  }
}

/* Modes and their attempt defaults; adaptive retries like standard mode (quota included). */
static void
test_retry_modes (void)
{
  static const struct { GlauxRetryMode mode; guint requested; guint expected; } cases[] = {
    { GLAUX_RETRY_MODE_STANDARD, 0, 3 },
    { GLAUX_RETRY_MODE_LEGACY, 0, 5 },
    { GLAUX_RETRY_MODE_ADAPTIVE, 0, 3 },
    { GLAUX_RETRY_MODE_STANDARD, 7, 7 },
    { GLAUX_RETRY_MODE_LEGACY, 1, 1 },
    { GLAUX_RETRY_MODE_ADAPTIVE, 10, 10 },
  };
  static const char * const rejected[] = { "Standard", "LEGACY", " standard", "", "fast" };
  g_autoptr(GError) throttled = NULL;
  GlauxRetryMode mode;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GlauxRetryPolicy) policy = glaux_retry_policy_new ();
      GlauxRetryState state;
      GTimeSpan delay;

      g_assert_cmpint (glaux_retry_policy_get_mode (policy), ==, GLAUX_RETRY_MODE_STANDARD);
      g_assert_cmpuint (glaux_retry_policy_get_max_attempts (policy), ==, 3);

      glaux_retry_policy_configure (policy, cases[i].mode, cases[i].requested);
      g_assert_cmpint (glaux_retry_policy_get_mode (policy), ==, cases[i].mode);
      g_assert_cmpuint (glaux_retry_policy_get_max_attempts (policy), ==, cases[i].expected);

      /* Round trip through the names AWS_RETRY_MODE takes. */
      g_assert_true (glaux_retry_mode_from_string (glaux_retry_mode_to_string (cases[i].mode),
                                                   &mode));
      g_assert_cmpint (mode, ==, cases[i].mode);

      /* Only legacy mode retries without touching the quota. */
      g_clear_error (&throttled);
      glaux_aws_error_set_service (&throttled, "ThrottlingException", "m", 400, "rid");
      glaux_retry_state_init (&state);
      if (cases[i].expected > 1)
        g_assert_true (glaux_retry_policy_acquire_retry (policy, &state, throttled, &delay));
      else
        g_assert_false (glaux_retry_policy_acquire_retry (policy, &state, throttled, &delay));
      g_assert_cmpuint (glaux_retry_policy_get_available_quota (policy), ==,
                        cases[i].mode == GLAUX_RETRY_MODE_LEGACY || cases[i].expected == 1
                        ? GLAUX_RETRY_QUOTA_CAPACITY
                        : GLAUX_RETRY_QUOTA_CAPACITY - GLAUX_RETRY_COST);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    g_assert_false (glaux_retry_mode_from_string (rejected[i], &mode));
  g_assert_false (glaux_retry_mode_from_string (NULL, &mode));
}

/* botocore's legacy `_retry.json` set, next to standard mode's, for the same errors. */
static void
test_legacy_retryable (void)
{
  static const struct { const char *name; guint status; gboolean legacy; gboolean standard; } cases[] = {
    { "Throttling", 400, TRUE, TRUE },
    { "ThrottlingException", 400, TRUE, TRUE },
    { "ThrottledException", 400, TRUE, TRUE },
    { "RequestThrottledException", 400, TRUE, TRUE },
    { "ProvisionedThroughputExceededException", 400, TRUE, TRUE },
    { "ThrottlingException", 403, FALSE, TRUE },
    { "TooManyRequestsException", 400, FALSE, TRUE },
    { "RequestTimeout", 400, FALSE, TRUE },
    { "SlowDown", 503, TRUE, TRUE },
    { "InternalServerException", 500, TRUE, TRUE },
    { "429", 429, TRUE, TRUE },
    { "500", 500, TRUE, TRUE },
    { "502", 502, TRUE, TRUE },
    { "503", 503, TRUE, TRUE },
    { "504", 504, TRUE, TRUE },
    { "509", 509, TRUE, FALSE },
    { "501", 501, FALSE, FALSE },
    { "InvalidRequestException", 400, FALSE, FALSE },
    { "ResourceNotFoundException", 400, FALSE, FALSE },
  };
  g_autoptr(GlauxRetryPolicy) legacy = glaux_retry_policy_new ();
  g_autoptr(GlauxRetryPolicy) standard = glaux_retry_policy_new ();
  g_autoptr(GError) network = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK, "x");
  g_autoptr(GError) timeout = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT, "x");
  g_autoptr(GError) invalid = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION, "x");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");

  glaux_retry_policy_configure (legacy, GLAUX_RETRY_MODE_LEGACY, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      glaux_aws_error_set_service (&error, cases[i].name, "m", cases[i].status, "rid");
      g_test_message ("%s (HTTP %u)", cases[i].name, cases[i].status);
      g_assert_cmpint (glaux_retry_policy_is_retryable (legacy, error), ==, cases[i].legacy);
      g_assert_cmpint (glaux_retry_policy_is_retryable (standard, error), ==, cases[i].standard);
    }

  g_assert_true (glaux_retry_policy_is_retryable (legacy, network));
  g_assert_true (glaux_retry_policy_is_retryable (legacy, timeout));
  g_assert_false (glaux_retry_policy_is_retryable (legacy, invalid));
  g_assert_false (glaux_retry_policy_is_retryable (legacy, cancelled));
  g_assert_false (glaux_retry_policy_is_retryable (legacy, NULL));
}

/* Legacy backoff: rand × 2^(n-1) s before retry n, without standard mode's 20 s cap. */
static void
test_legacy_delays (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct { guint failed_attempt; double random; GTimeSpan expected; } cases[] = {
    { 1, 0.5, G_TIME_SPAN_SECOND / 2 },
    { 2, 0.5, G_TIME_SPAN_SECOND },
    { 3, 0.5, 2 * G_TIME_SPAN_SECOND },
    { 4, 0.5, 4 * G_TIME_SPAN_SECOND },
    { 5, 0.5, 8 * G_TIME_SPAN_SECOND },
    { 6, 0.5, 16 * G_TIME_SPAN_SECOND },
    { 7, 0.75, 48 * G_TIME_SPAN_SECOND },
    { 11, 0.25, 256 * G_TIME_SPAN_SECOND },
    { 1, 0.0, 0 },
    { 4, 0.0, 0 },
    /* Past 2^22 s the exponent stops, so the timer's milliseconds cannot overflow. */
    { 23, 1.0, ((GTimeSpan)1 << 22) * G_TIME_SPAN_SECOND },
    { 40, 1.0, ((GTimeSpan)1 << 22) * G_TIME_SPAN_SECOND },
  };
  GlauxRetryPolicy *policy = glaux_aws_json_client_get_retry_policy (fixture->client);

  glaux_retry_policy_configure (policy, GLAUX_RETRY_MODE_LEGACY, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      fixture->random_value = cases[i].random;
      g_assert_cmpint (glaux_retry_policy_compute_delay (policy, cases[i].failed_attempt), ==,
                       cases[i].expected);
    }

  /* The real jitter source stays under the uncapped ceiling. */
  glaux_retry_policy_set_random_func (policy, NULL, NULL, NULL);
  for (guint n = 0; n < 1000; n++)
    {
      guint attempt = 1 + n % 8;
      GTimeSpan delay = glaux_retry_policy_compute_delay (policy, attempt);

      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <, ((GTimeSpan)1 << (attempt - 1)) * G_TIME_SPAN_SECOND);
    }
}

/* Through the client: five attempts by default, the legacy delays between them, no quota; a
 * TooManyRequestsException at HTTP 400 is not retried at all. */
static void
test_legacy_attempts (Fixture       *fixture,
                      gconstpointer  data)
{
  static const Reply unavailable = { REPLY_NORMAL, 503, NULL, NULL };
  static const Reply too_many = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"TooManyRequestsException\",\"Message\":\"slow\"}" };
  static const Reply throttled = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}" };
  static const Reply ok = { REPLY_NORMAL, 200, NULL, "{\"State\":\"IDLE\"}" };
  static const GTimeSpan expected_delays[] = {
    G_TIME_SPAN_SECOND / 4, G_TIME_SPAN_SECOND / 2, G_TIME_SPAN_SECOND, 2 * G_TIME_SPAN_SECOND,
  };
  GlauxRetryPolicy *policy = glaux_aws_json_client_get_retry_policy (fixture->client);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;

  glaux_retry_policy_configure (policy, GLAUX_RETRY_MODE_LEGACY, 0);
  fixture->random_value = 0.25;

  for (guint i = 0; i < 5; i++)
    push_reply (fixture, &unavailable);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpuint (glaux_aws_error_get_http_status (error), ==, 503);
  g_assert_cmpuint (fixture->requests->len, ==, 5);
  g_assert_cmpstr (soup_message_headers_get_one (request_at (fixture, 4)->headers,
                                                 "amz-sdk-request"), ==, "attempt=5; max=5");
  g_assert_cmpuint (fixture->delays->len, ==, G_N_ELEMENTS (expected_delays));
  for (guint i = 0; i < G_N_ELEMENTS (expected_delays); i++)
    g_assert_cmpint (g_array_index (fixture->delays, GTimeSpan, i), ==, expected_delays[i]);
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (policy), ==,
                    GLAUX_RETRY_QUOTA_CAPACITY);

  g_clear_error (&error);
  push_reply (fixture, &too_many);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, "TooManyRequestsException");
  g_assert_cmpuint (fixture->requests->len, ==, 6);

  g_clear_error (&error);
  push_reply (fixture, &throttled);
  push_reply (fixture, &throttled);
  push_reply (fixture, &ok);
  response = call_sync (fixture, "GetSessionStatus", "{}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (fixture->requests->len, ==, 9);
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (policy), ==,
                    GLAUX_RETRY_QUOTA_CAPACITY);
}

static gboolean
server_has_request (gpointer data)
{
  Fixture *fixture = data;

  return fixture->requests->len > 0;
}

static gboolean
backoff_started (gpointer data)
{
  Fixture *fixture = data;

  return fixture->delays->len > 0;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  static const Reply pause = { REPLY_PAUSE, 0, NULL, NULL };
  static const Reply throttled = { REPLY_NORMAL, 400, NULL, "{\"__type\":\"ThrottlingException\"}" };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) second = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  gint64 cancelled_at;

  /* Mid-request: the server holds the request; cancelling ends the call at once. */
  push_reply (fixture, &pause);
  start_call (fixture, "GetSession", "{}", cancellable);
  glaux_test_wait_until (server_has_request, fixture, 5000);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  response = finish_call (fixture, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_TIME_SPAN_SECOND / 2);
  g_assert_cmpuint (fixture->requests->len, ==, 1);

  /* During the backoff sleep (made 60 s long): no further attempt is made. */
  g_clear_error (&error);
  fixture->sleep_ms = 60000;
  push_reply (fixture, &throttled);
  start_call (fixture, "GetSession", "{}", second);
  glaux_test_wait_until (backoff_started, fixture, 5000);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (second);
  response = finish_call (fixture, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_TIME_SPAN_SECOND / 2);
  g_assert_cmpuint (fixture->requests->len, ==, 2);

  /* Already cancelled: nothing is sent. */
  g_clear_error (&error);
  start_call (fixture, "GetSession", "{}", second);
  response = finish_call (fixture, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  static const Reply pause = { REPLY_PAUSE, 0, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  glaux_aws_json_client_set_timeout (fixture->client, 300);
  push_reply (fixture, &pause);
  response = call_sync (fixture, "GetSession", "{}", &error);
  elapsed = g_get_monotonic_time () - started;

  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "AmazonAthena.GetSession"));
  g_assert_cmpint (elapsed, >=, 300 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (fixture->requests->len, ==, 1);
}

static void
test_truncated_body (Fixture       *fixture,
                     gconstpointer  data)
{
  static const Reply truncate = { REPLY_TRUNCATE, 0, NULL, NULL };
  static const Reply ok = { REPLY_NORMAL, 200, NULL, "{\"State\": \"IDLE\"}" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;

  /* A body cut short is a lost connection: retried, and the retry's answer counts. */
  push_reply (fixture, &truncate);
  push_reply (fixture, &ok);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
  g_clear_pointer (&response, json_node_unref);

  /* Cut short every time: the last attempt's error says how much arrived. */
  glaux_aws_json_client_set_max_attempts (fixture->client, 2);
  push_reply (fixture, &truncate);
  push_reply (fixture, &truncate);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_null (response);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "of 1000 bytes"));
  g_assert_cmpuint (fixture->requests->len, ==, 4);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  static const Reply array = { REPLY_NORMAL, 200, NULL, "[1, 2]" };
  static const Reply broken = { REPLY_NORMAL, 200, NULL, "{\"State\": " };
  g_autoptr(GlauxAwsJsonClient) bad_endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;

  response = call_sync (fixture, "", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  response = call_sync (fixture, "GetSession", "[\"not\", \"an object\"]", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "AmazonAthena.GetSession"));
  g_clear_error (&error);
  g_assert_cmpuint (fixture->requests->len, ==, 0);

  push_reply (fixture, &array);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "not a JSON object"));
  g_clear_error (&error);

  push_reply (fixture, &broken);
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_clear_error (&error);

  fixture->provider->fail = TRUE;
  response = call_sync (fixture, "GetSession", "{}", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
  fixture->provider->fail = FALSE;

  bad_endpoint = glaux_aws_json_client_new (fixture->session, "ftp://example.com", "us-east-1",
                                            "athena", "AmazonAthena",
                                            GLAUX_CREDENTIALS_PROVIDER (fixture->provider));
  g_clear_object (&fixture->result);
  glaux_aws_json_client_call_async (bad_endpoint, "GetSession", NULL, NULL,
                                    glaux_test_store_result_cb, &fixture->result);
  glaux_test_wait_result (&fixture->result, 5000);
  response = glaux_aws_json_client_call_finish (bad_endpoint, fixture->result, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "ftp://example.com"));
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GlauxAwsJsonClient) client = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *endpoint = NULL;

  /* A port that was free a moment ago: connecting is refused, which is retried (cost 10). */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = glaux_aws_json_client_new (fixture->session, endpoint, "us-east-1", "athena",
                                      "AmazonAthena", GLAUX_CREDENTIALS_PROVIDER (fixture->provider));
  glaux_retry_policy_set_sleep_func (glaux_aws_json_client_get_retry_policy (client),
                                     recording_sleep, fixture, NULL);
  g_clear_object (&fixture->result);
  glaux_aws_json_client_call_async (client, "GetSession", NULL, NULL, glaux_test_store_result_cb,
                                    &fixture->result);
  glaux_test_wait_result (&fixture->result, 10000);
  response = glaux_aws_json_client_call_finish (client, fixture->result, &error);

  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "AmazonAthena.GetSession"));
  g_assert_cmpuint (fixture->provider->loads, ==, 3);
  g_assert_cmpuint (glaux_retry_policy_get_available_quota (glaux_aws_json_client_get_retry_policy (client)),
                    ==, GLAUX_RETRY_QUOTA_CAPACITY - 2 * GLAUX_RETRY_TIMEOUT_COST);
}

static void
test_tls_trust_in_child (Fixture       *fixture,
                         gconstpointer  data)
{
  static const Reply ok = { REPLY_NORMAL, 200, NULL, "{\"State\":\"IDLE\"}" };
  g_autofree char *pem = g_strconcat (test_certificate, test_private_key, NULL);
  g_autofree char *bundle = g_build_filename (glaux_test_get_home (), "ca.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(SoupSession) trusting = NULL;
  g_autoptr(GlauxAwsJsonClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *endpoint = NULL;

  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));

  /* Not trusted: a configuration error naming the fix, and no retry. */
  client = glaux_aws_json_client_new (fixture->session, endpoint, "us-east-1", "athena",
                                      "AmazonAthena", GLAUX_CREDENTIALS_PROVIDER (fixture->provider));
  g_clear_object (&fixture->result);
  glaux_aws_json_client_call_async (client, "GetSessionStatus", NULL, NULL,
                                    glaux_test_store_result_cb, &fixture->result);
  glaux_test_wait_result (&fixture->result, 10000);
  response = glaux_aws_json_client_call_finish (client, fixture->result, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_nonnull (strstr (error->message, "AWS_CA_BUNDLE"));
  g_assert_cmpuint (fixture->provider->loads, ==, 1);
  g_assert_cmpuint (fixture->requests->len, ==, 0);
  g_clear_error (&error);
  g_clear_object (&client);

  /* Trusted through a CA bundle: the same call succeeds. */
  g_assert_true (g_file_set_contents (bundle, test_certificate, -1, NULL));
  trusting = glaux_http_session_new (bundle, &error);
  g_assert_no_error (error);
  client = glaux_aws_json_client_new (trusting, endpoint, "us-east-1", "athena",
                                      "AmazonAthena", GLAUX_CREDENTIALS_PROVIDER (fixture->provider));
  push_reply (fixture, &ok);
  g_clear_object (&fixture->result);
  glaux_aws_json_client_call_async (client, "GetSessionStatus", NULL, NULL,
                                    glaux_test_store_result_cb, &fixture->result);
  glaux_test_wait_result (&fixture->result, 10000);
  response = glaux_aws_json_client_call_finish (client, fixture->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (response), "State"), ==,
                   "IDLE");
  g_assert_true (request_at (fixture, 0)->signature_valid);

  soup_session_abort (trusting);
  soup_server_disconnect (server);
}

static void
test_sanitize_type (void)
{
  static const char * const cases[][2] = {
    { "FooError", "FooError" },
    { "aws.protocoltests.restjson#FooError", "FooError" },
    { "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError" },
    { "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError" },
    { "com.amazonaws.athena#InvalidRequestException", "InvalidRequestException" },
    { "a#b#C", "C" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = glaux_aws_error_sanitize_type (cases[i][0]);

      g_assert_cmpstr (name, ==, cases[i][1]);
    }
}

static void
test_retryable (void)
{
  static const struct { const char *name; guint status; gboolean retryable; } cases[] = {
    { "ThrottlingException", 400, TRUE },
    { "TooManyRequestsException", 400, TRUE },
    { "SlowDown", 503, TRUE },
    { "RequestTimeout", 400, TRUE },
    { "InternalServerException", 500, TRUE },
    { "500", 500, TRUE },
    { "502", 502, TRUE },
    { "503", 503, TRUE },
    { "504", 504, TRUE },
    { "501", 501, FALSE },
    { "InvalidRequestException", 400, FALSE },
    { "InvalidRequestException", 500, FALSE },
    { "ResourceNotFoundException", 400, FALSE },
    { "ValidationException", 400, FALSE },
    { "AccessDeniedException", 403, FALSE },
  };
  g_autoptr(GError) network = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK, "x");
  g_autoptr(GError) timeout = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT, "x");
  g_autoptr(GError) invalid = g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION, "x");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      glaux_aws_error_set_service (&error, cases[i].name, "m", cases[i].status, "rid");
      g_assert_cmpint (glaux_aws_error_is_retryable (error), ==, cases[i].retryable);
    }

  g_assert_true (glaux_aws_error_is_retryable (network));
  g_assert_true (glaux_aws_error_is_retryable (timeout));
  g_assert_false (glaux_aws_error_is_retryable (invalid));
  g_assert_false (glaux_aws_error_is_retryable (cancelled));
  g_assert_null (glaux_aws_error_get_name (cancelled));
}

static void
test_error_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  glaux_aws_error_set_service (&error, "ThrottlingException", "Rate exceeded", 400, "abc-123");
  g_assert_cmpstr (error->message, ==, "ThrottlingException: Rate exceeded");
  copy = g_error_copy (error);
  g_clear_error (&error);
  g_assert_cmpstr (glaux_aws_error_get_name (copy), ==, "ThrottlingException");
  g_assert_cmpstr (glaux_aws_error_get_message (copy), ==, "Rate exceeded");
  g_assert_cmpuint (glaux_aws_error_get_http_status (copy), ==, 400);
  g_assert_cmpstr (glaux_aws_error_get_request_id (copy), ==, "abc-123");
}

static void
test_http_session (void)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (glaux_test_get_home (), "no-such-ca.pem", NULL);

  session = glaux_http_session_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_session_get_user_agent (session), ==, "glaux/" PACKAGE_VERSION);
  g_assert_cmpuint (soup_session_get_max_conns_per_host (session), ==, GLAUX_HTTP_MAX_CONNS_PER_HOST);
  g_clear_object (&session);

  session = glaux_http_session_new (missing, &error);
  g_assert_null (session);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_setenv ("AWS_CA_BUNDLE", missing, TRUE);
  session = glaux_http_session_new (NULL, &error);
  g_unsetenv ("AWS_CA_BUNDLE");
  g_assert_null (session);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
}

/* LeakSanitizer's tracer crashes (SIGSEGV while stopping threads) once glib-networking's TLS
 * backend has run in the process, so under ASan the TLS case runs in a child without leak
 * checking; without ASan the child behaves the same. */
static void
test_tls_trust (void)
{
  if (g_test_subprocess ())
    {
      Fixture fixture = { 0 };

      fixture_set_up (&fixture, NULL);
      test_tls_trust_in_child (&fixture, NULL);
      fixture_tear_down (&fixture, NULL);
      return;
    }

  g_setenv ("ASAN_OPTIONS", "detect_leaks=0", TRUE);
  g_test_trap_subprocess (NULL, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/aws/Error/sanitize-type", test_sanitize_type);
  g_test_add_func ("/glaux/aws/Error/retryable", test_retryable);
  g_test_add_func ("/glaux/aws/Error/copy", test_error_copy);
  g_test_add_func ("/glaux/aws/Http/session", test_http_session);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/golden-request", test_golden_request);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/error-shapes", test_error_shapes);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/retry-counts", test_retry_counts);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/no-retry", test_no_retry);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/success-after-retries", test_success_after_retries);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/backoff-bounds", test_backoff_bounds);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/quota-exhaustion", test_quota_exhaustion);
  g_test_add_func ("/glaux/aws/Retry/modes", test_retry_modes);
  g_test_add_func ("/glaux/aws/Retry/legacy-retryable", test_legacy_retryable);
  ADD_FIXTURE_TEST ("/glaux/aws/Retry/legacy-delays", test_legacy_delays);
  ADD_FIXTURE_TEST ("/glaux/aws/Retry/legacy-attempts", test_legacy_attempts);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/cancel", test_cancel);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/timeout", test_timeout);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/truncated-body", test_truncated_body);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/bad-input", test_bad_input);
  ADD_FIXTURE_TEST ("/glaux/aws/JsonClient/connection-refused", test_connection_refused);
  g_test_add_func ("/glaux/aws/JsonClient/tls-trust", test_tls_trust);

  return g_test_run ();
}
