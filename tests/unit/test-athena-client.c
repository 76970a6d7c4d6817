/* test-athena-client.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-aws-error.h"
#include "glaux-retry-policy.h"
#include "glaux-static-credentials-provider.h"
#include "glaux-test-util.h"

/* An in-test Athena: records every request and answers from a queue of canned responses. */

typedef struct
{
  char     *method;
  char     *path;
  char     *target;
  char     *content_type;
  char     *authorization;
  JsonNode *body;
} Request;

typedef struct
{
  guint  status;
  char  *body;
} Response;

typedef struct
{
  SoupServer        *server;
  SoupSession       *session;
  GlauxAthenaClient *client;
  GPtrArray         *requests;
  GQueue             responses;
} Fixture;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->method);
  g_free (request->path);
  g_free (request->target);
  g_free (request->content_type);
  g_free (request->authorization);
  g_clear_pointer (&request->body, json_node_unref);
  g_free (request);
}

static void
response_free (gpointer data)
{
  Response *response = data;

  g_free (response->body);
  g_free (response);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  Request *request = g_new0 (Request, 1);
  Response *response;

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (path);
  request->target = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Target"));
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->body = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  g_ptr_array_add (fixture->requests, request);

  response = g_queue_pop_head (&fixture->responses);
  if (response == NULL)
    {
      static const char unexpected[] =
        "{\"__type\": \"InternalServerException\", \"Message\": \"no canned response\"}";

      soup_server_message_set_status (message, 500, NULL);
      soup_server_message_set_response (message, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                        unexpected, strlen (unexpected));
      return;
    }

  soup_server_message_set_status (message, response->status, NULL);
  soup_server_message_set_response (message, "application/x-amz-json-1.1", SOUP_MEMORY_COPY,
                                    response->body, strlen (response->body));
  response_free (response);
}

static double
no_jitter (gpointer user_data)
{
  return 0.0;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GlauxStaticCredentialsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  GlauxRetryPolicy *policy;
  GSList *uris;

  fixture->requests = g_ptr_array_new_with_free_func (request_free);
  g_queue_init (&fixture->responses);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  endpoint = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  credentials = glaux_aws_credentials_new ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                           NULL, NULL);
  provider = glaux_static_credentials_provider_new (credentials);
  fixture->session = soup_session_new ();
  fixture->client = glaux_athena_client_new (fixture->session, endpoint, "us-east-1",
                                             GLAUX_CREDENTIALS_PROVIDER (provider));

  /* retries still happen, just without waiting up to a second */
  policy = glaux_aws_json_client_get_retry_policy (glaux_athena_client_get_json_client (fixture->client));
  glaux_retry_policy_set_random_func (policy, no_jitter, NULL, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->session);
  /* let both ends see the keep-alive connections close before the server goes */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_queue_clear_full (&fixture->responses, response_free);
  g_clear_pointer (&fixture->requests, g_ptr_array_unref);
}

static void
respond (Fixture    *fixture,
         guint       status,
         const char *body)
{
  Response *response = g_new0 (Response, 1);

  response->status = status;
  response->body = g_strdup (body);
  g_queue_push_tail (&fixture->responses, response);
}

static void
assert_json_equal (JsonNode   *actual,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected_node = json_from_string (expected, &error);

  g_assert_no_error (error);
  g_assert_nonnull (actual);
  if (!json_node_equal (actual, expected_node))
    {
      g_autofree char *actual_text = json_to_string (actual, FALSE);

      g_error ("request body differs:\n  got      %s\n  expected %s", actual_text, expected);
    }
}

/* The wire contract of every call: POST /, the target header, the JSON 1.1 content type, a
 * SigV4 signature scoped to athena in the client's region, and the exact body. */
static void
assert_request (Fixture    *fixture,
                guint       index,
                const char *operation,
                const char *body)
{
  g_autofree char *target = g_strdup_printf ("AmazonAthena.%s", operation);
  Request *request;

  g_assert_cmpuint (index, <, fixture->requests->len);
  request = g_ptr_array_index (fixture->requests, index);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/");
  g_assert_cmpstr (request->target, ==, target);
  g_assert_cmpstr (request->content_type, ==, "application/x-amz-json-1.1");
  g_assert_nonnull (request->authorization);
  g_assert_true (g_str_has_prefix (request->authorization, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
  g_assert_nonnull (strstr (request->authorization, "/us-east-1/athena/aws4_request"));
  assert_json_equal (request->body, body);
}

static const char *
request_token (Fixture *fixture,
               guint    index)
{
  Request *request = g_ptr_array_index (fixture->requests, index);

  return json_object_get_string_member (json_node_get_object (request->body), "ClientRequestToken");
}

static void
assert_time (GDateTime *time,
             gint64     unix_seconds,
             int        microsecond)
{
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_to_unix (time), ==, unix_seconds);
  g_assert_cmpint (g_date_time_get_microsecond (time), ==, microsecond);
}

static void
record_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The notified property names, sorted and comma-separated (GObject's order is not ours). */
static char *
take_notified (GPtrArray *names)
{
  char *joined;

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (",", (char **) names->pdata);
  g_ptr_array_set_size (names, 0);
  return joined;
}

static void
test_workgroups (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new ("spark-wg");
  g_autoptr(GlauxWorkgroup) into = glaux_workgroup_new ("spark-wg");
  g_autoptr(GlauxWorkgroup) workgroup = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GError) error = NULL;
  GlauxWorkgroup *item;

  respond (fixture, 200,
           "{\"WorkGroups\": ["
           "  {\"Name\": \"primary\", \"State\": \"ENABLED\", \"Description\": \"\","
           "   \"CreationTime\": 1600000000,"
           "   \"EngineVersion\": {\"SelectedEngineVersion\": \"AUTO\","
           "                       \"EffectiveEngineVersion\": \"Athena engine version 3\"}},"
           "  {\"Name\": \"spark-wg\", \"State\": \"DISABLED\", \"Description\": \"Spark\","
           "   \"CreationTime\": 1593469842.665,"
           "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\","
           "                       \"EffectiveEngineVersion\": \"PySpark engine version 3\"},"
           "   \"IdentityCenterApplicationArn\": \"\"}]}");
  glaux_athena_client_list_work_groups_async (fixture->client, 0, NULL, glaux_test_store_result_cb,
                                              &result);
  glaux_test_wait_result (&result, 60000);
  workgroups = glaux_athena_client_list_work_groups_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 0, "ListWorkGroups", "{}");
  g_assert_cmpuint (workgroups->len, ==, 2);
  item = g_ptr_array_index (workgroups, 0);
  g_assert_cmpstr (glaux_workgroup_get_name (item), ==, "primary");
  g_assert_cmpint (glaux_workgroup_get_state (item), ==, GLAUX_WORKGROUP_STATE_ENABLED);
  g_assert_cmpstr (glaux_workgroup_get_description (item), ==, "");
  assert_time (glaux_workgroup_get_creation_time (item), 1600000000, 0);
  g_assert_cmpstr (glaux_workgroup_get_selected_engine_version (item), ==, "AUTO");
  g_assert_cmpstr (glaux_workgroup_get_effective_engine_version (item), ==, "Athena engine version 3");
  g_assert_false (glaux_workgroup_get_is_spark (item));
  item = g_ptr_array_index (workgroups, 1);
  g_assert_cmpstr (glaux_workgroup_get_name (item), ==, "spark-wg");
  g_assert_cmpint (glaux_workgroup_get_state (item), ==, GLAUX_WORKGROUP_STATE_DISABLED);
  g_assert_cmpstr (glaux_workgroup_get_description (item), ==, "Spark");
  assert_time (glaux_workgroup_get_creation_time (item), 1593469842, 665000);
  g_assert_true (glaux_workgroup_get_is_spark (item));
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"WorkGroup\": {\"Name\": \"spark-wg\", \"State\": \"ENABLED\","
           " \"Description\": \"Spark analytics\", \"CreationTime\": 1593469842.665,"
           " \"Configuration\": {"
           "   \"ResultConfiguration\": {\"OutputLocation\": \"s3://bucket/results/\","
           "     \"EncryptionConfiguration\": {\"EncryptionOption\": \"SSE_S3\"}},"
           "   \"EnforceWorkGroupConfiguration\": false, \"PublishCloudWatchMetricsEnabled\": true,"
           "   \"RequesterPaysEnabled\": true,"
           "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\","
           "                       \"EffectiveEngineVersion\": \"PySpark engine version 3\"},"
           "   \"AdditionalConfiguration\": \"{}\","
           "   \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
           "   \"EngineConfiguration\": {\"MaxConcurrentDpus\": 60},"
           "   \"CustomerContentEncryptionConfiguration\": {\"KmsKey\": \"alias/content\"}}}}");
  glaux_athena_client_get_work_group_async (fixture->client, "spark-wg", into, NULL,
                                            glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  workgroup = glaux_athena_client_get_work_group_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 1, "GetWorkGroup", "{\"WorkGroup\": \"spark-wg\"}");
  g_assert_true (workgroup == into);
  g_assert_cmpint (glaux_workgroup_get_state (into), ==, GLAUX_WORKGROUP_STATE_ENABLED);
  g_assert_cmpstr (glaux_workgroup_get_description (into), ==, "Spark analytics");
  g_assert_cmpstr (glaux_workgroup_get_output_location (into), ==, "s3://bucket/results/");
  g_assert_cmpstr (glaux_workgroup_get_result_encryption_option (into), ==, "SSE_S3");
  g_assert_null (glaux_workgroup_get_result_kms_key (into));
  g_assert_false (glaux_workgroup_get_enforce_configuration (into));
  g_assert_true (glaux_workgroup_get_publish_cloudwatch_metrics (into));
  g_assert_true (glaux_workgroup_get_requester_pays (into));
  g_assert_true (glaux_workgroup_get_is_spark (into));
  g_assert_cmpstr (glaux_workgroup_get_additional_configuration (into), ==, "{}");
  g_assert_cmpstr (glaux_workgroup_get_execution_role (into), ==,
                   "arn:aws:iam::123456789012:role/AthenaSpark");
  g_assert_cmpint (glaux_workgroup_get_default_max_concurrent_dpus (into), ==, 60);
  g_assert_cmpstr (glaux_workgroup_get_customer_content_kms_key (into), ==, "alias/content");
  g_clear_object (&result);

  params->description = g_strdup ("Spark analytics");
  params->selected_engine_version = g_strdup ("PySpark engine version 3");
  params->output_location = g_strdup ("s3://bucket/results/");
  params->execution_role = g_strdup ("arn:aws:iam::123456789012:role/AthenaSpark");
  g_hash_table_insert (params->tags, g_strdup ("team"), g_strdup ("data"));
  respond (fixture, 200, "{}");
  glaux_athena_client_create_work_group_async (fixture->client, params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_create_work_group_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  assert_request (fixture, 2, "CreateWorkGroup",
                  "{\"Name\": \"spark-wg\", \"Description\": \"Spark analytics\","
                  " \"Configuration\": {"
                  "   \"ResultConfiguration\": {\"OutputLocation\": \"s3://bucket/results/\"},"
                  "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\"},"
                  "   \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\"},"
                  " \"Tags\": [{\"Key\": \"team\", \"Value\": \"data\"}]}");
  g_clear_object (&result);

  g_clear_pointer (&params->output_location, g_free);
  params->output_location = g_strdup ("");
  params->state = GLAUX_WORKGROUP_STATE_DISABLED;
  respond (fixture, 200, "{}");
  glaux_athena_client_update_work_group_async (fixture->client, params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_update_work_group_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  assert_request (fixture, 3, "UpdateWorkGroup",
                  "{\"WorkGroup\": \"spark-wg\", \"Description\": \"Spark analytics\","
                  " \"State\": \"DISABLED\", \"ConfigurationUpdates\": {"
                  "   \"ResultConfigurationUpdates\": {\"RemoveOutputLocation\": true},"
                  "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\"},"
                  "   \"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\"}}");
  g_clear_object (&result);

  /* empty output: an empty body, not even "{}" */
  respond (fixture, 200, "");
  glaux_athena_client_delete_work_group_async (fixture->client, "old-wg", TRUE, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_delete_work_group_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  assert_request (fixture, 4, "DeleteWorkGroup",
                  "{\"WorkGroup\": \"old-wg\", \"RecursiveDeleteOption\": true}");
  g_assert_cmpuint (fixture->requests->len, ==, 5);
}

static void
test_sessions (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("spark-wg");
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GlauxSession) fetched = NULL;
  g_autoptr(GlauxSession) status = NULL;
  g_autoptr(GlauxSessionEndpoint) endpoint = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *notified_names = NULL;
  GlauxSessionState state = GLAUX_SESSION_STATE_UNKNOWN;
  GlauxSession *item;

  params->description = g_strdup ("nightly");
  params->idle_timeout_minutes = 15;
  params->client_request_token = g_strdup ("0f8fad5b-d9cb-469f-a165-70867728950e");
  g_hash_table_insert (params->spark_properties, g_strdup ("spark.x"), g_strdup ("1"));
  respond (fixture, 200, "{\"SessionId\": \"s-1\", \"State\": \"CREATING\"}");
  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  session = glaux_athena_client_start_session_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 0, "StartSession",
                  "{\"Description\": \"nightly\", \"WorkGroup\": \"spark-wg\","
                  " \"EngineConfiguration\": {\"MaxConcurrentDpus\": 20,"
                  "                           \"SparkProperties\": {\"spark.x\": \"1\"}},"
                  " \"SessionIdleTimeoutInMinutes\": 15,"
                  " \"ClientRequestToken\": \"0f8fad5b-d9cb-469f-a165-70867728950e\"}");
  g_assert_cmpstr (glaux_session_get_id (session), ==, "s-1");
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_CREATING);
  g_assert_cmpstr (glaux_session_get_state_name (session), ==, "CREATING");
  g_assert_cmpstr (glaux_session_get_workgroup (session), ==, "spark-wg");
  g_assert_cmpstr (glaux_session_get_description (session), ==, "nightly");
  g_assert_cmpint (glaux_session_get_max_concurrent_dpus (session), ==, 20);
  g_assert_cmpint (glaux_session_get_idle_timeout_minutes (session), ==, 15);
  g_assert_cmpint (glaux_session_get_idle_timeout_seconds (session), ==, 900);
  g_assert_cmpstr (g_hash_table_lookup (glaux_session_get_spark_properties (session), "spark.x"), ==, "1");
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"SessionId\": \"s-1\", \"Description\": \"nightly\", \"WorkGroup\": \"spark-wg\","
           " \"EngineVersion\": \"PySpark engine version 3\","
           " \"EngineConfiguration\": {\"CoordinatorDpuSize\": 1, \"MaxConcurrentDpus\": 20,"
           "   \"DefaultExecutorDpuSize\": 1, \"SparkProperties\": {\"spark.x\": \"1\"}},"
           " \"SessionConfiguration\": {\"ExecutionRole\": \"arn:aws:iam::123456789012:role/AthenaSpark\","
           "   \"WorkingDirectory\": \"s3://bucket/work/s-1/\", \"IdleTimeoutSeconds\": 900},"
           " \"Status\": {\"StartDateTime\": 1700000000.5, \"LastModifiedDateTime\": 1700000030,"
           "   \"IdleSinceDateTime\": 1700000030, \"State\": \"IDLE\","
           "   \"StateChangeReason\": \"ready\"},"
           " \"Statistics\": {\"DpuExecutionInMillis\": 60000}}");
  glaux_athena_client_get_session_async (fixture->client, "s-1", NULL, NULL,
                                         glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  fetched = glaux_athena_client_get_session_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 1, "GetSession", "{\"SessionId\": \"s-1\"}");
  g_assert_true (fetched != session);
  g_assert_cmpstr (glaux_session_get_id (fetched), ==, "s-1");
  g_assert_cmpstr (glaux_session_get_engine_version (fetched), ==, "PySpark engine version 3");
  g_assert_cmpint (glaux_session_get_state (fetched), ==, GLAUX_SESSION_STATE_IDLE);
  g_assert_cmpstr (glaux_session_get_state_change_reason (fetched), ==, "ready");
  assert_time (glaux_session_get_start_time (fetched), 1700000000, 500000);
  assert_time (glaux_session_get_last_modified_time (fetched), 1700000030, 0);
  assert_time (glaux_session_get_idle_since_time (fetched), 1700000030, 0);
  g_assert_cmpint (glaux_session_get_coordinator_dpu_size (fetched), ==, 1);
  g_assert_cmpint (glaux_session_get_default_executor_dpu_size (fetched), ==, 1);
  g_assert_cmpstr (glaux_session_get_working_directory (fetched), ==, "s3://bucket/work/s-1/");
  g_assert_cmpstr (glaux_session_get_execution_role (fetched), ==,
                   "arn:aws:iam::123456789012:role/AthenaSpark");
  g_assert_cmpint (glaux_session_get_idle_timeout_minutes (fetched), ==, 15);
  g_assert_cmpint (glaux_session_get_dpu_execution_millis (fetched), ==, 60000);
  g_clear_object (&result);

  /* the status poll updates the session the UI holds, notifying only what moved */
  g_signal_connect (session, "notify", G_CALLBACK (record_notify_cb), notified);
  respond (fixture, 200,
           "{\"SessionId\": \"s-1\", \"Status\": {\"StartDateTime\": 1700000000.5,"
           " \"LastModifiedDateTime\": 1700000030, \"IdleSinceDateTime\": 1700000030,"
           " \"State\": \"IDLE\", \"StateChangeReason\": \"ready\"}}");
  glaux_athena_client_get_session_status_async (fixture->client, "s-1", session, NULL,
                                                glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  status = glaux_athena_client_get_session_status_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 2, "GetSessionStatus", "{\"SessionId\": \"s-1\"}");
  g_assert_true (status == session);
  notified_names = take_notified (notified);
  g_assert_cmpstr (notified_names, ==,
                   "idle-since-time,last-modified-time,start-time,state,state-change-reason,state-name");
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_IDLE);
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"Sessions\": ["
           "  {\"SessionId\": \"s-2\", \"Description\": \"newer\","
           "   \"EngineVersion\": {\"SelectedEngineVersion\": \"PySpark engine version 3\","
           "                       \"EffectiveEngineVersion\": \"PySpark engine version 3\"},"
           "   \"NotebookVersion\": \"Athena notebook version 1\","
           "   \"Status\": {\"State\": \"IDLE\", \"StartDateTime\": 1700000100}},"
           "  {\"SessionId\": \"s-1\", \"Status\": {\"State\": \"SLEEPING\"}}]}");
  glaux_athena_client_list_sessions_async (fixture->client, "spark-wg", GLAUX_SESSION_STATE_IDLE, 0,
                                           NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  sessions = glaux_athena_client_list_sessions_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 3, "ListSessions", "{\"WorkGroup\": \"spark-wg\", \"StateFilter\": \"IDLE\"}");
  g_assert_cmpuint (sessions->len, ==, 2);
  item = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (glaux_session_get_id (item), ==, "s-2");
  g_assert_cmpstr (glaux_session_get_workgroup (item), ==, "spark-wg");
  g_assert_cmpstr (glaux_session_get_description (item), ==, "newer");
  g_assert_cmpstr (glaux_session_get_engine_version (item), ==, "PySpark engine version 3");
  g_assert_cmpstr (glaux_session_get_notebook_version (item), ==, "Athena notebook version 1");
  assert_time (glaux_session_get_start_time (item), 1700000100, 0);
  item = g_ptr_array_index (sessions, 1);
  g_assert_cmpint (glaux_session_get_state (item), ==, GLAUX_SESSION_STATE_UNKNOWN);
  g_assert_cmpstr (glaux_session_get_state_name (item), ==, "SLEEPING");
  g_clear_object (&result);

  respond (fixture, 200, "{\"State\": \"TERMINATING\"}");
  glaux_athena_client_terminate_session_async (fixture->client, "s-1", session, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_terminate_session_finish (fixture->client, result, &state, &error));
  g_assert_no_error (error);
  assert_request (fixture, 4, "TerminateSession", "{\"SessionId\": \"s-1\"}");
  g_assert_cmpint (state, ==, GLAUX_SESSION_STATE_TERMINATING);
  g_assert_cmpint (glaux_session_get_state (session), ==, GLAUX_SESSION_STATE_TERMINATING);
  g_assert_cmpstr (glaux_session_get_state_change_reason (session), ==, "ready");
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"EndpointUrl\": \"sc://spark.example.com:443\", \"AuthToken\": \"secret-token\","
           " \"AuthTokenExpirationTime\": 1700003600}");
  glaux_athena_client_get_session_endpoint_async (fixture->client, "s-1", NULL,
                                                  glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  endpoint = glaux_athena_client_get_session_endpoint_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 5, "GetSessionEndpoint", "{\"SessionId\": \"s-1\"}");
  g_assert_cmpstr (endpoint->endpoint_url, ==, "sc://spark.example.com:443");
  g_assert_cmpstr (endpoint->auth_token, ==, "secret-token");
  assert_time (endpoint->auth_token_expiration, 1700003600, 0);
  g_clear_object (&result);

  respond (fixture, 200, "{\"Url\": \"https://spark-ui.example.com/s-1\"}");
  glaux_athena_client_get_resource_dashboard_async (fixture->client,
                                                    "arn:aws:athena:us-east-1:123456789012:workgroup/spark-wg",
                                                    NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  url = glaux_athena_client_get_resource_dashboard_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 6, "GetResourceDashboard",
                  "{\"ResourceARN\": \"arn:aws:athena:us-east-1:123456789012:workgroup/spark-wg\"}");
  g_assert_cmpstr (url, ==, "https://spark-ui.example.com/s-1");
  g_assert_cmpuint (fixture->requests->len, ==, 7);
}

static void
test_calculations (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GlauxCalculation) fetched = NULL;
  g_autoptr(GlauxCalculation) status = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GlauxCalculationState state = GLAUX_CALCULATION_STATE_UNKNOWN;
  GlauxCalculation *item;

  respond (fixture, 200, "{\"CalculationExecutionId\": \"c-1\", \"State\": \"CREATING\"}");
  glaux_athena_client_start_calculation_execution_async (fixture->client, "s-1",
                                                         "spark.sql('select 1')", "probe",
                                                         "0f8fad5b-d9cb-469f-a165-70867728950e",
                                                         NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  calculation = glaux_athena_client_start_calculation_execution_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 0, "StartCalculationExecution",
                  "{\"SessionId\": \"s-1\", \"Description\": \"probe\","
                  " \"CodeBlock\": \"spark.sql('select 1')\","
                  " \"ClientRequestToken\": \"0f8fad5b-d9cb-469f-a165-70867728950e\"}");
  g_assert_cmpstr (glaux_calculation_get_id (calculation), ==, "c-1");
  g_assert_cmpstr (glaux_calculation_get_session_id (calculation), ==, "s-1");
  g_assert_cmpstr (glaux_calculation_get_description (calculation), ==, "probe");
  g_assert_cmpstr (glaux_calculation_get_code (calculation), ==, "spark.sql('select 1')");
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_CREATING);
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"CalculationExecutionId\": \"c-1\", \"SessionId\": \"s-1\", \"Description\": \"probe\","
           " \"WorkingDirectory\": \"s3://bucket/work/s-1/c-1/\","
           " \"Status\": {\"SubmissionDateTime\": 1700000000, \"CompletionDateTime\": 1700000004.75,"
           "   \"State\": \"COMPLETED\", \"StateChangeReason\": \"ok\"},"
           " \"Statistics\": {\"DpuExecutionInMillis\": 8000, \"Progress\": \"100%\"},"
           " \"Result\": {\"StdOutS3Uri\": \"s3://bucket/work/s-1/c-1/stdout\","
           "   \"StdErrorS3Uri\": \"s3://bucket/work/s-1/c-1/stderr\","
           "   \"ResultS3Uri\": \"s3://bucket/work/s-1/c-1/\","
           "   \"ResultType\": \"application/vnd.aws.athena.v1+json\"}}");
  glaux_athena_client_get_calculation_execution_async (fixture->client, "c-1", NULL, NULL,
                                                       glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  fetched = glaux_athena_client_get_calculation_execution_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 1, "GetCalculationExecution", "{\"CalculationExecutionId\": \"c-1\"}");
  g_assert_cmpstr (glaux_calculation_get_id (fetched), ==, "c-1");
  g_assert_cmpstr (glaux_calculation_get_session_id (fetched), ==, "s-1");
  g_assert_cmpstr (glaux_calculation_get_working_directory (fetched), ==, "s3://bucket/work/s-1/c-1/");
  g_assert_cmpint (glaux_calculation_get_state (fetched), ==, GLAUX_CALCULATION_STATE_COMPLETED);
  g_assert_cmpstr (glaux_calculation_get_state_change_reason (fetched), ==, "ok");
  assert_time (glaux_calculation_get_submission_time (fetched), 1700000000, 0);
  assert_time (glaux_calculation_get_completion_time (fetched), 1700000004, 750000);
  g_assert_cmpint (glaux_calculation_get_dpu_execution_millis (fetched), ==, 8000);
  g_assert_cmpstr (glaux_calculation_get_progress (fetched), ==, "100%");
  g_assert_cmpstr (glaux_calculation_get_stdout_uri (fetched), ==, "s3://bucket/work/s-1/c-1/stdout");
  g_assert_cmpstr (glaux_calculation_get_stderr_uri (fetched), ==, "s3://bucket/work/s-1/c-1/stderr");
  g_assert_cmpstr (glaux_calculation_get_result_uri (fetched), ==, "s3://bucket/work/s-1/c-1/");
  g_assert_cmpstr (glaux_calculation_get_result_type (fetched), ==, "application/vnd.aws.athena.v1+json");
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"Status\": {\"State\": \"RUNNING\", \"SubmissionDateTime\": 1700000000},"
           " \"Statistics\": {\"DpuExecutionInMillis\": 2000, \"Progress\": \"Stage 1\"}}");
  glaux_athena_client_get_calculation_execution_status_async (fixture->client, "c-1", calculation,
                                                              NULL, glaux_test_store_result_cb,
                                                              &result);
  glaux_test_wait_result (&result, 60000);
  status = glaux_athena_client_get_calculation_execution_status_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 2, "GetCalculationExecutionStatus", "{\"CalculationExecutionId\": \"c-1\"}");
  g_assert_true (status == calculation);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_RUNNING);
  g_assert_cmpint (glaux_calculation_get_dpu_execution_millis (calculation), ==, 2000);
  g_assert_cmpstr (glaux_calculation_get_progress (calculation), ==, "Stage 1");
  g_clear_object (&result);

  glaux_calculation_set_code (calculation, NULL);
  respond (fixture, 200, "{\"CodeBlock\": \"spark.sql('select 1')\\nprint('done')\"}");
  glaux_athena_client_get_calculation_execution_code_async (fixture->client, "c-1", calculation,
                                                            NULL, glaux_test_store_result_cb,
                                                            &result);
  glaux_test_wait_result (&result, 60000);
  code = glaux_athena_client_get_calculation_execution_code_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 3, "GetCalculationExecutionCode", "{\"CalculationExecutionId\": \"c-1\"}");
  g_assert_cmpstr (code, ==, "spark.sql('select 1')\nprint('done')");
  g_assert_cmpstr (glaux_calculation_get_code (calculation), ==, code);
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"Calculations\": ["
           "  {\"CalculationExecutionId\": \"c-2\", \"Description\": \"second\","
           "   \"Status\": {\"State\": \"COMPLETED\", \"SubmissionDateTime\": 1700000100,"
           "                \"CompletionDateTime\": 1700000101}},"
           "  {\"CalculationExecutionId\": \"c-1\", \"Status\": {\"State\": \"COMPLETED\"}}]}");
  glaux_athena_client_list_calculation_executions_async (fixture->client, "s-1",
                                                         GLAUX_CALCULATION_STATE_COMPLETED, 0, NULL,
                                                         glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  calculations = glaux_athena_client_list_calculation_executions_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 4, "ListCalculationExecutions",
                  "{\"SessionId\": \"s-1\", \"StateFilter\": \"COMPLETED\"}");
  g_assert_cmpuint (calculations->len, ==, 2);
  item = g_ptr_array_index (calculations, 0);
  g_assert_cmpstr (glaux_calculation_get_id (item), ==, "c-2");
  g_assert_cmpstr (glaux_calculation_get_session_id (item), ==, "s-1");
  g_assert_cmpstr (glaux_calculation_get_description (item), ==, "second");
  assert_time (glaux_calculation_get_completion_time (item), 1700000101, 0);
  g_clear_object (&result);

  respond (fixture, 200, "{\"State\": \"CANCELING\"}");
  glaux_athena_client_stop_calculation_execution_async (fixture->client, "c-1", calculation, NULL,
                                                        glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_stop_calculation_execution_finish (fixture->client, result,
                                                                        &state, &error));
  g_assert_no_error (error);
  assert_request (fixture, 5, "StopCalculationExecution", "{\"CalculationExecutionId\": \"c-1\"}");
  g_assert_cmpint (state, ==, GLAUX_CALCULATION_STATE_CANCELING);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_CANCELING);
  g_assert_cmpuint (fixture->requests->len, ==, 6);
}

static void
test_discovery (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) executors = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) sizes = NULL;
  g_autoptr(GError) error = NULL;
  GlauxApplicationDpuSizes *runtime;
  GlauxEngineVersion *version;
  GlauxExecutor *executor;

  respond (fixture, 200,
           "{\"SessionId\": \"s-1\", \"ExecutorsSummary\": ["
           "  {\"ExecutorId\": \"worker-2\", \"ExecutorType\": \"WORKER\", \"StartDateTime\": 1700000050,"
           "   \"ExecutorState\": \"REGISTERED\", \"ExecutorSize\": 1},"
           "  {\"ExecutorId\": \"coordinator\", \"ExecutorType\": \"COORDINATOR\","
           "   \"StartDateTime\": 1700000000, \"TerminationDateTime\": 1700000900,"
           "   \"ExecutorState\": \"REGISTERED\", \"ExecutorSize\": 1}]}");
  glaux_athena_client_list_executors_async (fixture->client, "s-1", GLAUX_EXECUTOR_STATE_REGISTERED,
                                            0, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  executors = glaux_athena_client_list_executors_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 0, "ListExecutors",
                  "{\"SessionId\": \"s-1\", \"ExecutorStateFilter\": \"REGISTERED\"}");
  g_assert_cmpuint (executors->len, ==, 2);
  executor = g_ptr_array_index (executors, 0);
  g_assert_cmpstr (glaux_executor_get_id (executor), ==, "worker-2");
  g_assert_cmpstr (glaux_executor_get_session_id (executor), ==, "s-1");
  g_assert_cmpint (glaux_executor_get_executor_type (executor), ==, GLAUX_EXECUTOR_TYPE_WORKER);
  g_assert_cmpint (glaux_executor_get_state (executor), ==, GLAUX_EXECUTOR_STATE_REGISTERED);
  g_assert_cmpint (glaux_executor_get_size (executor), ==, 1);
  g_assert_cmpint (glaux_executor_get_start_date_time (executor), ==, 1700000050);
  g_assert_cmpint (glaux_executor_get_termination_date_time (executor), ==, 0);
  executor = g_ptr_array_index (executors, 1);
  g_assert_cmpint (glaux_executor_get_executor_type (executor), ==, GLAUX_EXECUTOR_TYPE_COORDINATOR);
  g_assert_cmpint (glaux_executor_get_termination_date_time (executor), ==, 1700000900);
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"EngineVersions\": ["
           "  {\"SelectedEngineVersion\": \"PySpark engine version 3\","
           "   \"EffectiveEngineVersion\": \"PySpark engine version 3\"},"
           "  {\"SelectedEngineVersion\": \"Apache Spark version 3.5\","
           "   \"EffectiveEngineVersion\": \"Apache Spark version 3.5\"}]}");
  glaux_athena_client_list_engine_versions_async (fixture->client, 0, NULL,
                                                  glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  versions = glaux_athena_client_list_engine_versions_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 1, "ListEngineVersions", "{}");
  g_assert_cmpuint (versions->len, ==, 2);
  version = g_ptr_array_index (versions, 1);
  g_assert_cmpstr (version->selected, ==, "Apache Spark version 3.5");
  g_assert_cmpstr (version->effective, ==, "Apache Spark version 3.5");
  g_clear_object (&result);

  respond (fixture, 200,
           "{\"ApplicationDPUSizes\": [{\"ApplicationRuntimeId\": \"Athena notebook version 1\","
           " \"SupportedDPUSizes\": [1]}]}");
  glaux_athena_client_list_application_dpu_sizes_async (fixture->client, 0, NULL,
                                                        glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  sizes = glaux_athena_client_list_application_dpu_sizes_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 2, "ListApplicationDPUSizes", "{}");
  g_assert_cmpuint (sizes->len, ==, 1);
  runtime = g_ptr_array_index (sizes, 0);
  g_assert_cmpstr (runtime->runtime_id, ==, "Athena notebook version 1");
  g_assert_cmpuint (runtime->sizes->len, ==, 1);
  g_assert_cmpint (g_array_index (runtime->sizes, int, 0), ==, 1);
  g_assert_cmpuint (fixture->requests->len, ==, 3);
}

static void
test_pagination_three_pages (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  respond (fixture, 200,
           "{\"Sessions\": [{\"SessionId\": \"s-5\"}, {\"SessionId\": \"s-4\"}], \"NextToken\": \"page-2\"}");
  respond (fixture, 200,
           "{\"Sessions\": [{\"SessionId\": \"s-3\"}, {\"SessionId\": \"s-2\"}], \"NextToken\": \"page-3\"}");
  /* the last page: no NextToken (an empty one also ends the list) */
  respond (fixture, 200, "{\"Sessions\": [{\"SessionId\": \"s-1\"}], \"NextToken\": \"\"}");
  glaux_athena_client_list_sessions_async (fixture->client, "spark-wg", GLAUX_SESSION_STATE_UNKNOWN,
                                           0, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  sessions = glaux_athena_client_list_sessions_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->requests->len, ==, 3);
  assert_request (fixture, 0, "ListSessions", "{\"WorkGroup\": \"spark-wg\"}");
  assert_request (fixture, 1, "ListSessions", "{\"WorkGroup\": \"spark-wg\", \"NextToken\": \"page-2\"}");
  assert_request (fixture, 2, "ListSessions", "{\"WorkGroup\": \"spark-wg\", \"NextToken\": \"page-3\"}");
  g_assert_cmpuint (sessions->len, ==, 5);
  for (guint i = 0; i < sessions->len; i++)
    {
      GlauxSession *session = g_ptr_array_index (sessions, i);
      g_autofree char *id = g_strdup_printf ("s-%u", 5 - i);

      g_assert_cmpstr (glaux_session_get_id (session), ==, id);
      g_assert_cmpstr (glaux_session_get_workgroup (session), ==, "spark-wg");
    }
}

/* A bound asks each page for what is still missing, at most the model's page maximum. */
static void
test_pagination_max_items (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  respond (fixture, 200,
           "{\"WorkGroups\": [{\"Name\": \"a\"}, {\"Name\": \"b\"}, {\"Name\": \"c\"}], \"NextToken\": \"t2\"}");
  /* a server that ignores MaxResults: the extra item is dropped */
  respond (fixture, 200,
           "{\"WorkGroups\": [{\"Name\": \"d\"}, {\"Name\": \"e\"}, {\"Name\": \"f\"}], \"NextToken\": \"t3\"}");
  glaux_athena_client_list_work_groups_async (fixture->client, 5, NULL, glaux_test_store_result_cb,
                                              &result);
  glaux_test_wait_result (&result, 60000);
  workgroups = glaux_athena_client_list_work_groups_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
  assert_request (fixture, 0, "ListWorkGroups", "{\"MaxResults\": 5}");
  assert_request (fixture, 1, "ListWorkGroups", "{\"MaxResults\": 2, \"NextToken\": \"t2\"}");
  g_assert_cmpuint (workgroups->len, ==, 5);
  g_assert_cmpstr (glaux_workgroup_get_name (g_ptr_array_index (workgroups, 4)), ==, "e");
  g_clear_object (&result);

  respond (fixture, 200, "{\"Sessions\": [{\"SessionId\": \"x\"}], \"NextToken\": \"n\"}");
  respond (fixture, 200, "{\"Sessions\": []}");
  glaux_athena_client_list_sessions_async (fixture->client, "wg", GLAUX_SESSION_STATE_UNKNOWN, 120,
                                           NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  sessions = glaux_athena_client_list_sessions_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_request (fixture, 2, "ListSessions", "{\"WorkGroup\": \"wg\", \"MaxResults\": 100}");
  assert_request (fixture, 3, "ListSessions",
                  "{\"WorkGroup\": \"wg\", \"MaxResults\": 100, \"NextToken\": \"n\"}");
  g_assert_cmpuint (sessions->len, ==, 1);
}

/* A server that hands back the token it was given would otherwise be polled forever. */
static void
test_pagination_stuck_token (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) executors = NULL;
  g_autoptr(GError) error = NULL;

  respond (fixture, 200, "{\"SessionId\": \"s\", \"ExecutorsSummary\": [{\"ExecutorId\": \"e\"}], \"NextToken\": \"same\"}");
  respond (fixture, 200, "{\"SessionId\": \"s\", \"ExecutorsSummary\": [{\"ExecutorId\": \"e\"}], \"NextToken\": \"same\"}");
  glaux_athena_client_list_executors_async (fixture->client, "s", GLAUX_EXECUTOR_STATE_UNKNOWN, 0,
                                            NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  executors = glaux_athena_client_list_executors_finish (fixture->client, result, &error);
  g_assert_null (executors);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "ListExecutors returned the NextToken it was given; stopping instead of looping");
  g_assert_cmpuint (fixture->requests->len, ==, 2);
}

static void
assert_validation_error (GError     *error,
                         const char *message)
{
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, message);
}

/* Invalid requests fail before anything reaches the wire, naming the member and the rule. */
static void
test_validation_sends_nothing (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("bad name!");
  g_autoptr(GlauxWorkgroupParams) workgroup = glaux_workgroup_params_new ("wg");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GString) code = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gpointer value;

  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_start_session_finish (fixture->client, result, &error));
  assert_validation_error (error, "WorkGroup: 'bad name!' must match [a-zA-Z0-9._-]{1,128}");
  g_clear_error (&error);
  g_clear_object (&result);

  g_free (params->workgroup);
  params->workgroup = g_strdup ("spark-wg");
  params->max_concurrent_dpus = 1;
  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_start_session_finish (fixture->client, result, &error));
  assert_validation_error (error, "EngineConfiguration.MaxConcurrentDpus: 1 is out of range: "
                                  "must be between 2 and 5000");
  g_clear_error (&error);
  g_clear_object (&result);

  params->max_concurrent_dpus = 20;
  params->coordinator_dpu_size = 4;
  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_start_session_finish (fixture->client, result, &error));
  assert_validation_error (error, "EngineConfiguration.CoordinatorDpuSize: 4 is out of range: must be 1");
  g_clear_error (&error);
  g_clear_object (&result);

  params->coordinator_dpu_size = 0;
  params->idle_timeout_minutes = 481;
  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_start_session_finish (fixture->client, result, &error));
  assert_validation_error (error, "SessionIdleTimeoutInMinutes: 481 is out of range: must be between 1 and 480");
  g_clear_error (&error);
  g_clear_object (&result);

  params->idle_timeout_minutes = 0;
  params->client_request_token = g_strdup ("too-short");
  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_start_session_finish (fixture->client, result, &error));
  assert_validation_error (error, "ClientRequestToken: must be 32 to 128 characters long, got 9");
  g_clear_error (&error);
  g_clear_object (&result);

  for (guint i = 0; i < 68001; i++)
    g_string_append_c (code, 'x');
  glaux_athena_client_start_calculation_execution_async (fixture->client, "s-1", code->str, NULL,
                                                         NULL, NULL, glaux_test_store_result_cb,
                                                         &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_start_calculation_execution_finish (fixture->client, result, &error));
  assert_validation_error (error, "CodeBlock: must be at most 68000 characters long, got 68001");
  g_clear_error (&error);
  g_clear_object (&result);

  glaux_athena_client_get_session_async (fixture->client, NULL, NULL, NULL,
                                         glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_get_session_finish (fixture->client, result, &error));
  assert_validation_error (error, "SessionId: required member is missing");
  g_clear_error (&error);
  g_clear_object (&result);

  glaux_athena_client_get_calculation_execution_status_async (fixture->client,
                                                              "0123456789012345678901234567890123456789",
                                                              NULL, NULL, glaux_test_store_result_cb,
                                                              &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_get_calculation_execution_status_finish (fixture->client, result,
                                                                              &error));
  assert_validation_error (error, "CalculationExecutionId: must be 1 to 36 characters long, got 40");
  g_clear_error (&error);
  g_clear_object (&result);

  workgroup->customer_content_kms_key = g_strdup ("not a key");
  glaux_athena_client_create_work_group_async (fixture->client, workgroup, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_false (glaux_athena_client_create_work_group_finish (fixture->client, result, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Configuration.CustomerContentEncryptionConfiguration.KmsKey: "
                                   "'not a key' must match "));
  g_clear_error (&error);
  g_clear_object (&result);

  glaux_athena_client_delete_work_group_async (fixture->client, "", FALSE, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_false (glaux_athena_client_delete_work_group_finish (fixture->client, result, &error));
  assert_validation_error (error, "WorkGroup: '' must match [a-zA-Z0-9._-]{1,128}");
  g_clear_error (&error);
  g_clear_object (&result);

  glaux_athena_client_get_resource_dashboard_async (fixture->client, "", NULL,
                                                    glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  value = glaux_athena_client_get_resource_dashboard_finish (fixture->client, result, &error);
  g_assert_null (value);
  assert_validation_error (error, "ResourceARN: must be 1 to 1011 characters long, got 0");

  g_assert_cmpuint (fixture->requests->len, ==, 0);
}

static GlauxSession *
start_session (Fixture                 *fixture,
               GlauxStartSessionParams *params,
               GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_athena_client_start_session_async (fixture->client, params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  return glaux_athena_client_start_session_finish (fixture->client, result, error);
}

/* The token is built into the body once: the retry after a 500 repeats it, the next logical
 * call gets a new one. */
static void
test_token_across_retries (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("spark-wg");
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GlauxSession) first = NULL;
  g_autoptr(GlauxSession) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *token;

  respond (fixture, 500, "{\"__type\": \"InternalServerException\", \"Message\": \"try again\"}");
  respond (fixture, 200, "{\"SessionId\": \"s-1\", \"State\": \"CREATING\"}");
  first = start_session (fixture, params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_session_get_id (first), ==, "s-1");
  g_assert_cmpuint (fixture->requests->len, ==, 2);
  token = request_token (fixture, 0);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), ==, 36);
  g_assert_true (g_uuid_string_is_valid (token));
  g_assert_cmpint (token[14], ==, '4');
  g_assert_cmpstr (request_token (fixture, 1), ==, token);

  respond (fixture, 200, "{\"SessionId\": \"s-2\", \"State\": \"CREATING\"}");
  second = start_session (fixture, params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_session_get_id (second), ==, "s-2");
  g_assert_cmpuint (fixture->requests->len, ==, 3);
  g_assert_true (g_uuid_string_is_valid (request_token (fixture, 2)));
  g_assert_cmpstr (request_token (fixture, 2), !=, token);

  respond (fixture, 503, "{\"__type\": \"ServiceUnavailable\", \"Message\": \"busy\"}");
  respond (fixture, 200, "{\"CalculationExecutionId\": \"c-1\", \"State\": \"QUEUED\"}");
  glaux_athena_client_start_calculation_execution_async (fixture->client, "s-1", "1 + 1", NULL,
                                                         NULL, NULL, glaux_test_store_result_cb,
                                                         &result);
  glaux_test_wait_result (&result, 60000);
  calculation = glaux_athena_client_start_calculation_execution_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_QUEUED);
  g_assert_cmpuint (fixture->requests->len, ==, 5);
  g_assert_true (g_uuid_string_is_valid (request_token (fixture, 3)));
  g_assert_cmpstr (request_token (fixture, 3), ==, request_token (fixture, 4));
  g_assert_cmpstr (request_token (fixture, 3), !=, token);
}

static void
test_service_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GlauxWorkgroup) workgroup = NULL;
  g_autoptr(GError) error = NULL;

  respond (fixture, 400,
           "{\"__type\": \"InvalidRequestException\", \"Message\": \"WorkGroup nope is not found.\","
           " \"AthenaErrorCode\": \"INVALID_INPUT\"}");
  glaux_athena_client_get_work_group_async (fixture->client, "nope", NULL, NULL,
                                            glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  workgroup = glaux_athena_client_get_work_group_finish (fixture->client, result, &error);
  g_assert_null (workgroup);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, "InvalidRequestException");
  g_assert_cmpstr (glaux_aws_error_get_message (error), ==, "WorkGroup nope is not found.");
  /* client errors are not retried */
  g_assert_cmpuint (fixture->requests->len, ==, 1);
}

static void
test_invalid_responses (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("spark-wg");
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  respond (fixture, 200, "{\"State\": \"CREATING\"}");
  session = start_session (fixture, params, &error);
  g_assert_null (session);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "StartSession response has no SessionId");
  g_clear_error (&error);

  respond (fixture, 200, "{\"Sessions\": {\"SessionId\": \"s\"}}");
  glaux_athena_client_list_sessions_async (fixture->client, "wg", GLAUX_SESSION_STATE_UNKNOWN, 0,
                                           NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  sessions = glaux_athena_client_list_sessions_finish (fixture->client, result, &error);
  g_assert_null (sessions);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "ListSessions response: Sessions is not an array");
  g_clear_error (&error);
  g_clear_object (&result);

  respond (fixture, 200, "{\"Sessions\": [{\"SessionId\": \"s\"}, 7]}");
  glaux_athena_client_list_sessions_async (fixture->client, "wg", GLAUX_SESSION_STATE_UNKNOWN, 0,
                                           NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_null (glaux_athena_client_list_sessions_finish (fixture->client, result, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "ListSessions response: Sessions[1] is not an object");
  g_clear_error (&error);
  g_clear_object (&result);

  respond (fixture, 200, "{\"WorkGroup\": null}");
  glaux_athena_client_get_work_group_async (fixture->client, "wg", NULL, NULL,
                                            glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  value = glaux_athena_client_get_work_group_finish (fixture->client, result, &error);
  g_assert_null (value);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "GetWorkGroup response has no WorkGroup object");
  g_clear_error (&error);
  g_clear_object (&result);

  respond (fixture, 200, "{}");
  glaux_athena_client_get_resource_dashboard_async (fixture->client, "arn", NULL,
                                                    glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  value = glaux_athena_client_get_resource_dashboard_finish (fixture->client, result, &error);
  g_assert_null (value);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "GetResourceDashboard response has no Url");
}

static void
add_test (const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  add_test ("/glaux/athena/Client/workgroups", test_workgroups);
  add_test ("/glaux/athena/Client/sessions", test_sessions);
  add_test ("/glaux/athena/Client/calculations", test_calculations);
  add_test ("/glaux/athena/Client/discovery", test_discovery);
  add_test ("/glaux/athena/Client/pagination-three-pages", test_pagination_three_pages);
  add_test ("/glaux/athena/Client/pagination-max-items", test_pagination_max_items);
  add_test ("/glaux/athena/Client/pagination-stuck-token", test_pagination_stuck_token);
  add_test ("/glaux/athena/Client/validation-sends-nothing", test_validation_sends_nothing);
  add_test ("/glaux/athena/Client/token-across-retries", test_token_across_retries);
  add_test ("/glaux/athena/Client/service-error", test_service_error);
  add_test ("/glaux/athena/Client/invalid-responses", test_invalid_responses);

  return g_test_run ();
}
