/* glaux-athena-client.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-athena-client"

#include "config.h"

#include "glaux-athena-client.h"
#include "glaux-athena-json-private.h"
#include "glaux-athena-validate.h"
#include "glaux-aws-error.h"

/* The typed Athena API on top of the generic awsJson1_1 client: builds each request body once
 * (so retries resend the same ClientRequestToken), validates it against the model, and turns
 * responses into resource objects. */
struct _GlauxAthenaClient
{
  GObject             parent_instance;

  GlauxAwsJsonClient *json_client;
};

G_DEFINE_FINAL_TYPE (GlauxAthenaClient, glaux_athena_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JSON_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct _Call Call;

/* Consumes one successful response and completes (or, for lists, continues) @task. */
typedef void (*ResponseHandler) (GTask      *task,
                                 Call       *call,
                                 JsonObject *response);

typedef struct
{
  const char      *member;     /* the list member of the response */
  guint            page_limit; /* the model's MaxResults maximum */
  gpointer       (*parse_item) (Call       *call,
                                JsonObject *item);
  GDestroyNotify   free_item;
} ListSpec;

struct _Call
{
  const char      *operation;
  JsonObject      *request;
  ResponseHandler  handle;
  GObject         *into;      /* updated in place, when the caller passed one */
  char            *context;   /* workgroup or session id that list items do not repeat */

  /* List operations */
  const ListSpec  *list;
  GPtrArray       *items;
  guint            max_items;
};

static void
call_free (gpointer data)
{
  Call *call = data;

  g_clear_pointer (&call->request, json_object_unref);
  g_clear_object (&call->into);
  g_clear_pointer (&call->context, g_free);
  g_clear_pointer (&call->items, g_ptr_array_unref);
  g_free (call);
}

static void
glaux_athena_client_dispose (GObject *object)
{
  GlauxAthenaClient *self = (GlauxAthenaClient *)object;

  g_clear_object (&self->json_client);

  G_OBJECT_CLASS (glaux_athena_client_parent_class)->dispose (object);
}

static void
glaux_athena_client_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxAthenaClient *self = GLAUX_ATHENA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_JSON_CLIENT:
      g_value_set_object (value, self->json_client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_athena_client_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GlauxAthenaClient *self = GLAUX_ATHENA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_JSON_CLIENT:
      self->json_client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_athena_client_class_init (GlauxAthenaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_athena_client_dispose;
  object_class->get_property = glaux_athena_client_get_property;
  object_class->set_property = glaux_athena_client_set_property;

  properties[PROP_JSON_CLIENT] =
    g_param_spec_object ("json-client", NULL, NULL, GLAUX_TYPE_AWS_JSON_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_athena_client_init (GlauxAthenaClient *self)
{
}

/**
 * glaux_athena_client_new:
 * @session: the process-wide SoupSession
 * @endpoint_url: e.g. "https://athena.us-east-1.amazonaws.com" or glaux-local's URL
 * @region: the signing region
 * @credentials: where the signing keys come from
 *
 * Returns: (transfer full): a client signing for "athena" with target prefix "AmazonAthena"
 */
GlauxAthenaClient *
glaux_athena_client_new (SoupSession              *session,
                         const char               *endpoint_url,
                         const char               *region,
                         GlauxCredentialsProvider *credentials)
{
  g_autoptr(GlauxAwsJsonClient) json_client = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (GLAUX_IS_CREDENTIALS_PROVIDER (credentials), NULL);

  json_client = glaux_aws_json_client_new (session, endpoint_url, region,
                                           "athena", "AmazonAthena", credentials);
  return glaux_athena_client_new_for_json_client (json_client);
}

/**
 * glaux_athena_client_new_for_json_client:
 * @json_client: a client set up with signing name "athena" and target prefix "AmazonAthena"
 *
 * Returns: (transfer full): a new client
 */
GlauxAthenaClient *
glaux_athena_client_new_for_json_client (GlauxAwsJsonClient *json_client)
{
  g_return_val_if_fail (GLAUX_IS_AWS_JSON_CLIENT (json_client), NULL);

  return g_object_new (GLAUX_TYPE_ATHENA_CLIENT, "json-client", json_client, NULL);
}

/**
 * glaux_athena_client_get_json_client:
 *
 * Returns: (transfer none): the underlying JSON 1.1 client (retry policy, timeout)
 */
GlauxAwsJsonClient *
glaux_athena_client_get_json_client (GlauxAthenaClient *self)
{
  g_return_val_if_fail (GLAUX_IS_ATHENA_CLIENT (self), NULL);

  return self->json_client;
}

/* Plumbing shared by every operation */

static void return_invalid (GTask      *task,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

static void
return_invalid (GTask      *task,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE, "%s", message);
}

static GTask *
call_new (GlauxAthenaClient   *self,
          const char          *operation,
          JsonObject          *request,
          ResponseHandler      handle,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->operation = operation;
  call->request = request;
  call->handle = handle;
  g_task_set_task_data (task, call, call_free);
  return task;
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) response = NULL;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  response = glaux_aws_json_client_call_finish (GLAUX_AWS_JSON_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (response))
    {
      return_invalid (task, "%s response is not a JSON object", call->operation);
      return;
    }

  call->handle (task, call, json_node_get_object (response));
}

/* Takes @task; validates the request as it stands and sends it, or fails without sending. */
static void
call_send (GTask *task)
{
  GlauxAthenaClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  if (!glaux_athena_validate_request (call->operation, call->request, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  node = json_node_init_object (json_node_alloc (), call->request);
  glaux_aws_json_client_call_async (self->json_client, call->operation, node,
                                    g_task_get_cancellable (task), call_cb, task);
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static JsonObject *
request_with_string (const char *member,
                     const char *value)
{
  JsonObject *request = json_object_new ();

  set_optional_string (request, member, value);
  return request;
}

/* {"Status": {"State": <state>}}: the shape resources read, built from the bare State that
 * Start*, TerminateSession and StopCalculationExecution answer with. */
static JsonObject *
status_object (const char *state)
{
  JsonObject *wrapper = json_object_new ();
  JsonObject *status = json_object_new ();

  set_optional_string (status, "State", state);
  json_object_set_object_member (wrapper, "Status", status);
  return wrapper;
}

static void
handle_empty (GTask      *task,
              Call       *call,
              JsonObject *response)
{
  g_task_return_boolean (task, TRUE);
}

static gpointer
propagate_pointer (gpointer       self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
propagate_boolean (gpointer       self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns the state, or -1 with @error set. */
static gssize
propagate_state (gpointer       self,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Pagination */

static void
set_page_size (Call *call)
{
  guint remaining;

  /* Without a bound the server's default page size is used. */
  if (call->max_items == 0)
    return;

  remaining = call->max_items - call->items->len;
  json_object_set_int_member (call->request, "MaxResults", MIN (remaining, call->list->page_limit));
}

static gboolean
append_items (GTask      *task,
              Call       *call,
              JsonObject *response)
{
  JsonNode *node = json_object_get_member (response, call->list->member);
  JsonArray *array;

  /* Servers leave empty lists out. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      return_invalid (task, "%s response: %s is not an array", call->operation, call->list->member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          return_invalid (task, "%s response: %s[%u] is not an object",
                          call->operation, call->list->member, i);
          return FALSE;
        }

      if (call->max_items == 0 || call->items->len < call->max_items)
        {
          JsonObject *item = json_node_get_object (element);

          g_ptr_array_add (call->items, call->list->parse_item (call, item));
        }
    }

  return TRUE;
}

static void
handle_list_page (GTask      *task,
                  Call       *call,
                  JsonObject *response)
{
  const char *sent_token = _glaux_athena_json_get_string (call->request, "NextToken");
  const char *next_token = _glaux_athena_json_get_string (response, "NextToken");
  const char *session_id = _glaux_athena_json_get_string (response, "SessionId");

  /* ListExecutors names the session once per page rather than per item. */
  if (session_id != NULL)
    _glaux_athena_set_string (&call->context, session_id);

  if (!append_items (task, call, response))
    return;

  if (next_token == NULL || *next_token == '\0' ||
      (call->max_items != 0 && call->items->len >= call->max_items))
    {
      g_task_return_pointer (task, g_steal_pointer (&call->items),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  if (g_strcmp0 (sent_token, next_token) == 0)
    {
      return_invalid (task, "%s returned the NextToken it was given; stopping instead of looping",
                      call->operation);
      return;
    }

  json_object_set_string_member (call->request, "NextToken", next_token);
  set_page_size (call);
  call_send (g_object_ref (task));
}

static void
list_start (GTask          *task,
            const ListSpec *spec,
            const char     *context,
            guint           max_items)
{
  Call *call = g_task_get_task_data (task);

  call->list = spec;
  call->items = g_ptr_array_new_with_free_func (spec->free_item);
  call->max_items = max_items;
  call->context = g_strdup (context);
  set_page_size (call);
  call_send (task);
}

static gpointer
parse_workgroup (Call       *call,
                 JsonObject *item)
{
  return glaux_workgroup_new_from_json (item);
}

static gpointer
parse_session (Call       *call,
               JsonObject *item)
{
  GlauxSession *session = glaux_session_new_from_json (item);

  glaux_session_set_workgroup (session, call->context);
  return session;
}

static gpointer
parse_calculation (Call       *call,
                   JsonObject *item)
{
  GlauxCalculation *calculation = glaux_calculation_new_from_json (item);

  glaux_calculation_set_session_id (calculation, call->context);
  return calculation;
}

static gpointer
parse_executor (Call       *call,
                JsonObject *item)
{
  GlauxExecutor *executor = glaux_executor_new_from_json (item);

  glaux_executor_set_session_id (executor, call->context);
  return executor;
}

static gpointer
parse_engine_version (Call       *call,
                      JsonObject *item)
{
  return glaux_engine_version_new_from_json (item);
}

static gpointer
parse_dpu_sizes (Call       *call,
                 JsonObject *item)
{
  return glaux_application_dpu_sizes_new_from_json (item);
}

static const ListSpec workgroups_spec = {
  "WorkGroups", 50, parse_workgroup, g_object_unref
};
static const ListSpec sessions_spec = {
  "Sessions", 100, parse_session, g_object_unref
};
static const ListSpec calculations_spec = {
  "Calculations", 100, parse_calculation, g_object_unref
};
static const ListSpec executors_spec = {
  "ExecutorsSummary", 100, parse_executor, g_object_unref
};
static const ListSpec engine_versions_spec = {
  "EngineVersions", 10, parse_engine_version, (GDestroyNotify) glaux_engine_version_free
};
static const ListSpec dpu_sizes_spec = {
  "ApplicationDPUSizes", 100, parse_dpu_sizes, (GDestroyNotify) glaux_application_dpu_sizes_free
};

/* Workgroups */

void
glaux_athena_client_list_work_groups_async (GlauxAthenaClient   *self,
                                            guint                max_items,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = call_new (self, "ListWorkGroups", json_object_new (), handle_list_page,
                   glaux_athena_client_list_work_groups_async, cancellable, callback, user_data);
  list_start (task, &workgroups_spec, NULL, max_items);
}

/**
 * glaux_athena_client_list_work_groups_finish:
 *
 * Returns: (transfer container) (element-type GlauxWorkgroup): the workgroups
 */
GPtrArray *
glaux_athena_client_list_work_groups_finish (GlauxAthenaClient  *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_list_work_groups_async, error);
}

static void
handle_get_work_group (GTask      *task,
                       Call       *call,
                       JsonObject *response)
{
  JsonObject *json = _glaux_athena_json_get_object (response, "WorkGroup");
  GlauxWorkgroup *workgroup;

  if (json == NULL)
    {
      return_invalid (task, "GetWorkGroup response has no WorkGroup object");
      return;
    }

  if (call->into != NULL)
    workgroup = g_object_ref (GLAUX_WORKGROUP (call->into));
  else
    workgroup = glaux_workgroup_new (_glaux_athena_json_get_string (call->request, "WorkGroup"));

  glaux_workgroup_update_from_json (workgroup, json);
  g_task_return_pointer (task, workgroup, g_object_unref);
}

void
glaux_athena_client_get_work_group_async (GlauxAthenaClient   *self,
                                          const char          *name,
                                          GlauxWorkgroup      *into,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_WORKGROUP (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = call_new (self, "GetWorkGroup", request_with_string ("WorkGroup", name),
                   handle_get_work_group, glaux_athena_client_get_work_group_async,
                   cancellable, callback, user_data);
  if (into != NULL)
    ((Call *) g_task_get_task_data (task))->into = G_OBJECT (g_object_ref (into));
  call_send (task);
}

/**
 * glaux_athena_client_get_work_group_finish:
 *
 * Returns: (transfer full): the workgroup (@into when one was given)
 */
GlauxWorkgroup *
glaux_athena_client_get_work_group_finish (GlauxAthenaClient  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_work_group_async, error);
}

void
glaux_athena_client_create_work_group_async (GlauxAthenaClient          *self,
                                             const GlauxWorkgroupParams *params,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (params != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call_send (call_new (self, "CreateWorkGroup", glaux_workgroup_params_build_create (params),
                       handle_empty, glaux_athena_client_create_work_group_async,
                       cancellable, callback, user_data));
}

gboolean
glaux_athena_client_create_work_group_finish (GlauxAthenaClient  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  return propagate_boolean (self, result, glaux_athena_client_create_work_group_async, error);
}

void
glaux_athena_client_update_work_group_async (GlauxAthenaClient          *self,
                                             const GlauxWorkgroupParams *params,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (params != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call_send (call_new (self, "UpdateWorkGroup", glaux_workgroup_params_build_update (params),
                       handle_empty, glaux_athena_client_update_work_group_async,
                       cancellable, callback, user_data));
}

gboolean
glaux_athena_client_update_work_group_finish (GlauxAthenaClient  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  return propagate_boolean (self, result, glaux_athena_client_update_work_group_async, error);
}

void
glaux_athena_client_delete_work_group_async (GlauxAthenaClient   *self,
                                             const char          *name,
                                             gboolean             recursive,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  JsonObject *request;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  request = request_with_string ("WorkGroup", name);
  if (recursive)
    json_object_set_boolean_member (request, "RecursiveDeleteOption", TRUE);

  call_send (call_new (self, "DeleteWorkGroup", request, handle_empty,
                       glaux_athena_client_delete_work_group_async,
                       cancellable, callback, user_data));
}

gboolean
glaux_athena_client_delete_work_group_finish (GlauxAthenaClient  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  return propagate_boolean (self, result, glaux_athena_client_delete_work_group_async, error);
}

/* Sessions */

/* The new session already knows what was asked for: workgroup, description, engine
 * configuration (same member names as GetSession) and the session configuration. */
static void
handle_start_session (GTask      *task,
                      Call       *call,
                      JsonObject *response)
{
  g_autoptr(JsonObject) configuration = json_object_new ();
  g_autoptr(JsonObject) session_configuration = json_object_new ();
  g_autoptr(JsonObject) status = NULL;
  const char *session_id = _glaux_athena_json_get_string (response, "SessionId");
  GlauxSession *session;
  gint64 minutes;

  if (session_id == NULL)
    {
      return_invalid (task, "StartSession response has no SessionId");
      return;
    }

  if (_glaux_athena_json_get_int64 (call->request, "SessionIdleTimeoutInMinutes", &minutes))
    json_object_set_int_member (configuration, "SessionIdleTimeoutInMinutes", minutes);
  set_optional_string (configuration, "ExecutionRole",
                       _glaux_athena_json_get_string (call->request, "ExecutionRole"));
  json_object_set_object_member (session_configuration, "SessionConfiguration",
                                 json_object_ref (configuration));
  status = status_object (_glaux_athena_json_get_string (response, "State"));

  session = glaux_session_new (session_id);
  glaux_session_update_from_json (session, call->request);
  glaux_session_update_from_json (session, session_configuration);
  glaux_session_update_from_json (session, status);
  g_task_return_pointer (task, session, g_object_unref);
}

void
glaux_athena_client_start_session_async (GlauxAthenaClient             *self,
                                         const GlauxStartSessionParams *params,
                                         GCancellable                  *cancellable,
                                         GAsyncReadyCallback            callback,
                                         gpointer                       user_data)
{
  g_autofree char *token = NULL;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (params != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* One token per logical call, built into the body once, so every retry repeats it. */
  token = params->client_request_token != NULL ? g_strdup (params->client_request_token)
                                               : g_uuid_string_random ();

  call_send (call_new (self, "StartSession",
                       glaux_start_session_params_build_request (params, token),
                       handle_start_session, glaux_athena_client_start_session_async,
                       cancellable, callback, user_data));
}

/**
 * glaux_athena_client_start_session_finish:
 *
 * Returns: (transfer full): the new session, usually CREATING
 */
GlauxSession *
glaux_athena_client_start_session_finish (GlauxAthenaClient  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_start_session_async, error);
}

/* GetSession and GetSessionStatus answer with subsets of the same shape. */
static void
handle_get_session (GTask      *task,
                    Call       *call,
                    JsonObject *response)
{
  GlauxSession *session;

  if (call->into != NULL)
    session = g_object_ref (GLAUX_SESSION (call->into));
  else
    session = glaux_session_new (_glaux_athena_json_get_string (call->request, "SessionId"));

  glaux_session_update_from_json (session, response);
  g_task_return_pointer (task, session, g_object_unref);
}

static void
start_session_call (GlauxAthenaClient   *self,
                    const char          *operation,
                    const char          *session_id,
                    GObject             *into,
                    ResponseHandler      handle,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  task = call_new (self, operation, request_with_string ("SessionId", session_id), handle,
                   source_tag, cancellable, callback, user_data);
  if (into != NULL)
    ((Call *) g_task_get_task_data (task))->into = g_object_ref (into);
  call_send (task);
}

void
glaux_athena_client_get_session_async (GlauxAthenaClient   *self,
                                       const char          *session_id,
                                       GlauxSession        *into,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_SESSION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_session_call (self, "GetSession", session_id, (GObject *) into, handle_get_session,
                      glaux_athena_client_get_session_async, cancellable, callback, user_data);
}

/**
 * glaux_athena_client_get_session_finish:
 *
 * Returns: (transfer full): the session (@into when one was given)
 */
GlauxSession *
glaux_athena_client_get_session_finish (GlauxAthenaClient  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_session_async, error);
}

void
glaux_athena_client_get_session_status_async (GlauxAthenaClient   *self,
                                              const char          *session_id,
                                              GlauxSession        *into,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_SESSION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_session_call (self, "GetSessionStatus", session_id, (GObject *) into, handle_get_session,
                      glaux_athena_client_get_session_status_async,
                      cancellable, callback, user_data);
}

/**
 * glaux_athena_client_get_session_status_finish:
 *
 * Returns: (transfer full): the session (@into when one was given)
 */
GlauxSession *
glaux_athena_client_get_session_status_finish (GlauxAthenaClient  *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_session_status_async, error);
}

/* @state_filter GLAUX_SESSION_STATE_UNKNOWN: no filter (Athena then lists active sessions). */
void
glaux_athena_client_list_sessions_async (GlauxAthenaClient   *self,
                                         const char          *workgroup,
                                         GlauxSessionState    state_filter,
                                         guint                max_items,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JsonObject *request;
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  request = request_with_string ("WorkGroup", workgroup);
  set_optional_string (request, "StateFilter", glaux_session_state_to_string (state_filter));
  task = call_new (self, "ListSessions", request, handle_list_page,
                   glaux_athena_client_list_sessions_async, cancellable, callback, user_data);
  list_start (task, &sessions_spec, workgroup, max_items);
}

/**
 * glaux_athena_client_list_sessions_finish:
 *
 * Returns: (transfer container) (element-type GlauxSession): the sessions, newest first
 */
GPtrArray *
glaux_athena_client_list_sessions_finish (GlauxAthenaClient  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_list_sessions_async, error);
}

static void
handle_terminate_session (GTask      *task,
                          Call       *call,
                          JsonObject *response)
{
  const char *state = _glaux_athena_json_get_string (response, "State");

  if (call->into != NULL)
    {
      g_autoptr(JsonObject) status = status_object (state);

      glaux_session_update_from_json (GLAUX_SESSION (call->into), status);
    }

  g_task_return_int (task, glaux_session_state_from_string (state));
}

void
glaux_athena_client_terminate_session_async (GlauxAthenaClient   *self,
                                             const char          *session_id,
                                             GlauxSession        *into,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_SESSION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_session_call (self, "TerminateSession", session_id, (GObject *) into,
                      handle_terminate_session, glaux_athena_client_terminate_session_async,
                      cancellable, callback, user_data);
}

/**
 * glaux_athena_client_terminate_session_finish:
 * @state: (out) (optional): the state the server reported (UNKNOWN when it sent none or an
 *   unknown one; @into keeps the raw name)
 *
 * Returns: %TRUE if the server accepted the request
 */
gboolean
glaux_athena_client_terminate_session_finish (GlauxAthenaClient  *self,
                                              GAsyncResult       *result,
                                              GlauxSessionState  *state,
                                              GError            **error)
{
  gssize value = propagate_state (self, result, glaux_athena_client_terminate_session_async, error);

  if (value < 0)
    return FALSE;

  if (state != NULL)
    *state = value;
  return TRUE;
}

static void
handle_session_endpoint (GTask      *task,
                         Call       *call,
                         JsonObject *response)
{
  GlauxSessionEndpoint *endpoint;
  GError *error = NULL;

  endpoint = glaux_session_endpoint_new_from_json (response, &error);
  if (endpoint == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, endpoint, (GDestroyNotify) glaux_session_endpoint_free);
}

void
glaux_athena_client_get_session_endpoint_async (GlauxAthenaClient   *self,
                                                const char          *session_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_session_call (self, "GetSessionEndpoint", session_id, NULL, handle_session_endpoint,
                      glaux_athena_client_get_session_endpoint_async,
                      cancellable, callback, user_data);
}

/**
 * glaux_athena_client_get_session_endpoint_finish:
 *
 * Returns: (transfer full): the Spark Connect endpoint and its token
 */
GlauxSessionEndpoint *
glaux_athena_client_get_session_endpoint_finish (GlauxAthenaClient  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_session_endpoint_async, error);
}

static void
handle_resource_dashboard (GTask      *task,
                           Call       *call,
                           JsonObject *response)
{
  const char *url = _glaux_athena_json_get_string (response, "Url");

  if (url == NULL)
    return_invalid (task, "GetResourceDashboard response has no Url");
  else
    g_task_return_pointer (task, g_strdup (url), g_free);
}

void
glaux_athena_client_get_resource_dashboard_async (GlauxAthenaClient   *self,
                                                  const char          *resource_arn,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call_send (call_new (self, "GetResourceDashboard",
                       request_with_string ("ResourceARN", resource_arn),
                       handle_resource_dashboard, glaux_athena_client_get_resource_dashboard_async,
                       cancellable, callback, user_data));
}

/**
 * glaux_athena_client_get_resource_dashboard_finish:
 *
 * Returns: (transfer full): the URL of the live Spark UI / history server
 */
char *
glaux_athena_client_get_resource_dashboard_finish (GlauxAthenaClient  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_resource_dashboard_async, error);
}

/* Calculations */

static void
handle_start_calculation (GTask      *task,
                          Call       *call,
                          JsonObject *response)
{
  g_autoptr(JsonObject) status = NULL;
  const char *id = _glaux_athena_json_get_string (response, "CalculationExecutionId");
  GlauxCalculation *calculation;

  if (id == NULL)
    {
      return_invalid (task, "StartCalculationExecution response has no CalculationExecutionId");
      return;
    }

  status = status_object (_glaux_athena_json_get_string (response, "State"));
  calculation = glaux_calculation_new (id);
  glaux_calculation_update_from_json (calculation, call->request);
  glaux_calculation_update_from_json (calculation, status);
  glaux_calculation_set_code (calculation,
                              _glaux_athena_json_get_string (call->request, "CodeBlock"));
  g_task_return_pointer (task, calculation, g_object_unref);
}

/* @client_request_token NULL: a fresh UUID4, the same across this call's retries. */
void
glaux_athena_client_start_calculation_execution_async (GlauxAthenaClient   *self,
                                                       const char          *session_id,
                                                       const char          *code_block,
                                                       const char          *description,
                                                       const char          *client_request_token,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data)
{
  g_autofree char *token = NULL;
  JsonObject *request;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  token = client_request_token != NULL ? g_strdup (client_request_token) : g_uuid_string_random ();
  request = request_with_string ("SessionId", session_id);
  set_optional_string (request, "Description", description);
  set_optional_string (request, "CodeBlock", code_block);
  json_object_set_string_member (request, "ClientRequestToken", token);

  call_send (call_new (self, "StartCalculationExecution", request, handle_start_calculation,
                       glaux_athena_client_start_calculation_execution_async,
                       cancellable, callback, user_data));
}

/**
 * glaux_athena_client_start_calculation_execution_finish:
 *
 * Returns: (transfer full): the new calculation, with its code
 */
GlauxCalculation *
glaux_athena_client_start_calculation_execution_finish (GlauxAthenaClient  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_start_calculation_execution_async,
                            error);
}

/* GetCalculationExecution and GetCalculationExecutionStatus answer with subsets of one shape. */
static void
handle_get_calculation (GTask      *task,
                        Call       *call,
                        JsonObject *response)
{
  GlauxCalculation *calculation;

  if (call->into != NULL)
    calculation = g_object_ref (GLAUX_CALCULATION (call->into));
  else
    calculation = glaux_calculation_new (_glaux_athena_json_get_string (call->request,
                                                                        "CalculationExecutionId"));

  glaux_calculation_update_from_json (calculation, response);
  g_task_return_pointer (task, calculation, g_object_unref);
}

static void
start_calculation_call (GlauxAthenaClient   *self,
                        const char          *operation,
                        const char          *calculation_id,
                        GlauxCalculation    *into,
                        ResponseHandler      handle,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  task = call_new (self, operation, request_with_string ("CalculationExecutionId", calculation_id),
                   handle, source_tag, cancellable, callback, user_data);
  if (into != NULL)
    ((Call *) g_task_get_task_data (task))->into = G_OBJECT (g_object_ref (into));
  call_send (task);
}

void
glaux_athena_client_get_calculation_execution_async (GlauxAthenaClient   *self,
                                                     const char          *calculation_id,
                                                     GlauxCalculation    *into,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_CALCULATION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_calculation_call (self, "GetCalculationExecution", calculation_id, into,
                          handle_get_calculation,
                          glaux_athena_client_get_calculation_execution_async,
                          cancellable, callback, user_data);
}

/**
 * glaux_athena_client_get_calculation_execution_finish:
 *
 * Returns: (transfer full): the calculation (@into when one was given)
 */
GlauxCalculation *
glaux_athena_client_get_calculation_execution_finish (GlauxAthenaClient  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_calculation_execution_async,
                            error);
}

void
glaux_athena_client_get_calculation_execution_status_async (GlauxAthenaClient   *self,
                                                            const char          *calculation_id,
                                                            GlauxCalculation    *into,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_CALCULATION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_calculation_call (self, "GetCalculationExecutionStatus", calculation_id, into,
                          handle_get_calculation,
                          glaux_athena_client_get_calculation_execution_status_async,
                          cancellable, callback, user_data);
}

/**
 * glaux_athena_client_get_calculation_execution_status_finish:
 *
 * Returns: (transfer full): the calculation (@into when one was given)
 */
GlauxCalculation *
glaux_athena_client_get_calculation_execution_status_finish (GlauxAthenaClient  *self,
                                                             GAsyncResult       *result,
                                                             GError            **error)
{
  return propagate_pointer (self, result,
                            glaux_athena_client_get_calculation_execution_status_async, error);
}

static void
handle_calculation_code (GTask      *task,
                         Call       *call,
                         JsonObject *response)
{
  const char *code = _glaux_athena_json_get_string (response, "CodeBlock");

  /* An empty code block may be left out entirely. */
  if (code == NULL)
    code = "";

  if (call->into != NULL)
    glaux_calculation_set_code (GLAUX_CALCULATION (call->into), code);

  g_task_return_pointer (task, g_strdup (code), g_free);
}

void
glaux_athena_client_get_calculation_execution_code_async (GlauxAthenaClient   *self,
                                                          const char          *calculation_id,
                                                          GlauxCalculation    *into,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_CALCULATION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_calculation_call (self, "GetCalculationExecutionCode", calculation_id, into,
                          handle_calculation_code,
                          glaux_athena_client_get_calculation_execution_code_async,
                          cancellable, callback, user_data);
}

/**
 * glaux_athena_client_get_calculation_execution_code_finish:
 *
 * Returns: (transfer full): the code block (also stored in @into when one was given)
 */
char *
glaux_athena_client_get_calculation_execution_code_finish (GlauxAthenaClient  *self,
                                                           GAsyncResult       *result,
                                                           GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_get_calculation_execution_code_async,
                            error);
}

/* @state_filter GLAUX_CALCULATION_STATE_UNKNOWN: no filter. */
void
glaux_athena_client_list_calculation_executions_async (GlauxAthenaClient     *self,
                                                       const char            *session_id,
                                                       GlauxCalculationState  state_filter,
                                                       guint                  max_items,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data)
{
  JsonObject *request;
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  request = request_with_string ("SessionId", session_id);
  set_optional_string (request, "StateFilter", glaux_calculation_state_to_string (state_filter));
  task = call_new (self, "ListCalculationExecutions", request, handle_list_page,
                   glaux_athena_client_list_calculation_executions_async,
                   cancellable, callback, user_data);
  list_start (task, &calculations_spec, session_id, max_items);
}

/**
 * glaux_athena_client_list_calculation_executions_finish:
 *
 * Returns: (transfer container) (element-type GlauxCalculation): the calculations, newest first
 */
GPtrArray *
glaux_athena_client_list_calculation_executions_finish (GlauxAthenaClient  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_list_calculation_executions_async,
                            error);
}

static void
handle_stop_calculation (GTask      *task,
                         Call       *call,
                         JsonObject *response)
{
  const char *state = _glaux_athena_json_get_string (response, "State");

  if (call->into != NULL)
    {
      g_autoptr(JsonObject) status = status_object (state);

      glaux_calculation_update_from_json (GLAUX_CALCULATION (call->into), status);
    }

  g_task_return_int (task, glaux_calculation_state_from_string (state));
}

void
glaux_athena_client_stop_calculation_execution_async (GlauxAthenaClient   *self,
                                                      const char          *calculation_id,
                                                      GlauxCalculation    *into,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!into || GLAUX_IS_CALCULATION (into));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_calculation_call (self, "StopCalculationExecution", calculation_id, into,
                          handle_stop_calculation,
                          glaux_athena_client_stop_calculation_execution_async,
                          cancellable, callback, user_data);
}

/**
 * glaux_athena_client_stop_calculation_execution_finish:
 * @state: (out) (optional): the state the server reported (UNKNOWN when it sent none or an
 *   unknown one; @into keeps the raw name)
 *
 * Returns: %TRUE if the server accepted the request
 */
gboolean
glaux_athena_client_stop_calculation_execution_finish (GlauxAthenaClient      *self,
                                                       GAsyncResult           *result,
                                                       GlauxCalculationState  *state,
                                                       GError                **error)
{
  gssize value = propagate_state (self, result,
                                  glaux_athena_client_stop_calculation_execution_async, error);

  if (value < 0)
    return FALSE;

  if (state != NULL)
    *state = value;
  return TRUE;
}

/* Executors, engines, DPU sizes */

/* @state_filter GLAUX_EXECUTOR_STATE_UNKNOWN: no filter. */
void
glaux_athena_client_list_executors_async (GlauxAthenaClient   *self,
                                          const char          *session_id,
                                          GlauxExecutorState   state_filter,
                                          guint                max_items,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  JsonObject *request;
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  request = request_with_string ("SessionId", session_id);
  set_optional_string (request, "ExecutorStateFilter",
                       glaux_executor_state_to_string (state_filter));
  task = call_new (self, "ListExecutors", request, handle_list_page,
                   glaux_athena_client_list_executors_async, cancellable, callback, user_data);
  list_start (task, &executors_spec, session_id, max_items);
}

/**
 * glaux_athena_client_list_executors_finish:
 *
 * Returns: (transfer container) (element-type GlauxExecutor): the executors, newest first
 */
GPtrArray *
glaux_athena_client_list_executors_finish (GlauxAthenaClient  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_list_executors_async, error);
}

void
glaux_athena_client_list_engine_versions_async (GlauxAthenaClient   *self,
                                                guint                max_items,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = call_new (self, "ListEngineVersions", json_object_new (), handle_list_page,
                   glaux_athena_client_list_engine_versions_async,
                   cancellable, callback, user_data);
  list_start (task, &engine_versions_spec, NULL, max_items);
}

/**
 * glaux_athena_client_list_engine_versions_finish:
 *
 * Returns: (transfer container) (element-type GlauxEngineVersion): the engine versions
 */
GPtrArray *
glaux_athena_client_list_engine_versions_finish (GlauxAthenaClient  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_list_engine_versions_async, error);
}

void
glaux_athena_client_list_application_dpu_sizes_async (GlauxAthenaClient   *self,
                                                      guint                max_items,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLAUX_IS_ATHENA_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = call_new (self, "ListApplicationDPUSizes", json_object_new (), handle_list_page,
                   glaux_athena_client_list_application_dpu_sizes_async,
                   cancellable, callback, user_data);
  list_start (task, &dpu_sizes_spec, NULL, max_items);
}

/**
 * glaux_athena_client_list_application_dpu_sizes_finish:
 *
 * Returns: (transfer container) (element-type GlauxApplicationDpuSizes): the runtimes' sizes
 */
GPtrArray *
glaux_athena_client_list_application_dpu_sizes_finish (GlauxAthenaClient  *self,
                                                       GAsyncResult       *result,
                                                       GError            **error)
{
  return propagate_pointer (self, result, glaux_athena_client_list_application_dpu_sizes_async,
                            error);
}
