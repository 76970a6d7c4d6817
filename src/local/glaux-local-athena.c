/* glaux-local-athena.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-athena"

#include "config.h"

#include <string.h>

#include "glaux-athena-validate.h"
#include "glaux-local-athena.h"
#include "glaux-local-error.h"

/* The 21 Athena operations of glaux-local: a request object in, a response object out (or a
 * GLAUX_LOCAL_ERROR). The body has already passed the model validation; this layer adds the
 * service's own rules (unknown resources, states, idempotency tokens, pagination). */
struct _GlauxLocalAthena
{
  GObject           parent_instance;

  GlauxLocalEngine *engine;
  char             *endpoint;
  char             *region;
};

G_DEFINE_FINAL_TYPE (GlauxLocalAthena, glaux_local_athena, G_TYPE_OBJECT)

typedef struct
{
  GlauxLocalAthena  *self;
  JsonObject        *request;
  char             **resource_name;
} Call;

typedef JsonNode *(*Handler) (Call *call, GError **error);

static void
glaux_local_athena_finalize (GObject *object)
{
  GlauxLocalAthena *self = (GlauxLocalAthena *)object;

  g_clear_object (&self->engine);
  g_free (self->endpoint);
  g_free (self->region);

  G_OBJECT_CLASS (glaux_local_athena_parent_class)->finalize (object);
}

static void
glaux_local_athena_class_init (GlauxLocalAthenaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_local_athena_finalize;
}

static void
glaux_local_athena_init (GlauxLocalAthena *self)
{
}

GlauxLocalAthena *
glaux_local_athena_new (GlauxLocalEngine *engine,
                        const char       *endpoint,
                        const char       *region)
{
  GlauxLocalAthena *self = g_object_new (GLAUX_LOCAL_TYPE_ATHENA, NULL);

  self->engine = g_object_ref (engine);
  self->endpoint = g_strdup (endpoint);
  self->region = g_strdup (region);

  return self;
}

/* A node owning @object (json_node_init_object would add a reference). */
static JsonNode *
take_object (JsonObject *object)
{
  JsonNode *node = json_node_init (json_node_alloc (), JSON_NODE_OBJECT);

  json_node_take_object (node, object);

  return node;
}

/* ---- Request and response helpers ------------------------------------------------------- */

static const char *
get_string (JsonObject *request,
            const char *member)
{
  JsonNode *node = request != NULL ? json_object_get_member (request, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *request,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = request != NULL ? json_object_get_member (request, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  return json_node_get_int (node);
}

static gboolean
get_bool (JsonObject *request,
          const char *member)
{
  JsonNode *node = request != NULL ? json_object_get_member (request, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
}

static JsonObject *
get_object (JsonObject *request,
            const char *member)
{
  JsonNode *node = request != NULL ? json_object_get_member (request, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The model validation catches missing required members; this keeps handlers safe if it ever
 * lets one through. */
static const char *
require_string (JsonObject  *request,
                const char  *member,
                GError     **error)
{
  const char *value = get_string (request, member);

  if (value == NULL)
    g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                 "%s: a value is required", member);

  return value;
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       ms)
{
  if (ms <= 0)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, (double)ms / 1000.0);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL)
      || json_parser_get_root (parser) == NULL)
    return take_object (json_object_new ());

  return json_node_copy (json_parser_get_root (parser));
}

static char *
to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* json_node_copy shares objects; a request must never change under its idempotency hash. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = to_json (node);

  return parse_json (text);
}

static void
add_json (JsonBuilder *builder,
          const char  *member,
          const char  *text)
{
  if (text == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, parse_json (text));
}

static JsonNode *
empty_response (void)
{
  return take_object (json_object_new ());
}

/* ---- Pagination ------------------------------------------------------------------------- */

/* Tokens are opaque to clients: base64 of "<list>|<scope>|<id of the next page's first item>",
 * so a token only works for the listing that issued it. */
static char *
make_token (const char *list,
            const char *scope,
            const char *first_id)
{
  g_autofree char *raw = g_strdup_printf ("%s|%s|%s", list, scope, first_id);

  return g_base64_encode ((const guchar *)raw, strlen (raw));
}

typedef const char *(*IdFunc) (gpointer item);

/* Returns the page [*start, *end) of @items for the request's NextToken and MaxResults. */
static gboolean
paginate (Call        *call,
          GPtrArray   *items,
          IdFunc       id_of,
          const char  *list,
          const char  *scope,
          gint64       default_max,
          guint       *start,
          guint       *end,
          char       **next_token,
          GError     **error)
{
  const char *token = get_string (call->request, "NextToken");
  gint64 max = get_int (call->request, "MaxResults", default_max);

  *start = 0;
  if (token != NULL)
    {
      gsize length = 0;
      g_autofree guchar *raw = g_base64_decode (token, &length);
      g_autofree char *text = raw != NULL ? g_strndup ((char *)raw, length) : NULL;
      g_autofree char *prefix = g_strdup_printf ("%s|%s|", list, scope);
      gboolean found = FALSE;

      if (text != NULL && g_str_has_prefix (text, prefix))
        {
          const char *first_id = text + strlen (prefix);

          for (guint i = 0; i < items->len && !found; i++)
            if (g_strcmp0 (id_of (g_ptr_array_index (items, i)), first_id) == 0)
              {
                *start = i;
                found = TRUE;
              }
        }
      if (!found)
        {
          g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                       "NextToken: '%s' is not a valid pagination token for this request "
                       "(or the item it points to no longer exists).", token);
          return FALSE;
        }
    }

  *end = (guint)MIN ((gint64)items->len, (gint64)*start + MAX (max, 1));
  *next_token = *end < items->len
                ? make_token (list, scope, id_of (g_ptr_array_index (items, *end))) : NULL;

  return TRUE;
}

/* ---- Idempotency ------------------------------------------------------------------------ */

/* The same members in another order are the same request: hash a member-sorted copy. */
static JsonNode *
sorted_copy (JsonNode *node)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonObject *sorted;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);

  object = json_node_get_object (node);
  sorted = json_object_new ();
  members = g_list_sort (json_object_get_members (object), (GCompareFunc)strcmp);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "ClientRequestToken"))
      json_object_set_member (sorted, l->data,
                              sorted_copy (json_object_get_member (object, l->data)));

  return take_object (sorted);
}

static char *
request_hash (JsonObject *request)
{
  g_autoptr(JsonNode) wrapper = json_node_init_object (json_node_alloc (), request);
  g_autoptr(JsonNode) sorted = sorted_copy (wrapper);
  g_autofree char *text = to_json (sorted);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* TRUE with *replay set when this ClientRequestToken was seen with the same parameters. */
static gboolean
check_token (Call        *call,
             const char  *operation,
             JsonNode   **replay,
             GError     **error)
{
  const char *token = get_string (call->request, "ClientRequestToken");
  GlauxLocalStore *store = glaux_local_engine_get_store (call->self->engine);
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_response = NULL;
  g_autofree char *hash = NULL;

  *replay = NULL;
  if (token == NULL
      || !glaux_local_store_get_token (store, operation, token, &stored_hash, &stored_response))
    return TRUE;

  hash = request_hash (call->request);
  if (!g_str_equal (hash, stored_hash))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "ClientRequestToken: the idempotency token %s was already used with "
                   "different parameters.", token);
      return FALSE;
    }

  *replay = parse_json (stored_response);

  return TRUE;
}

static void
remember_token (Call       *call,
                const char *operation,
                JsonNode   *response)
{
  const char *token = get_string (call->request, "ClientRequestToken");
  GlauxLocalStore *store = glaux_local_engine_get_store (call->self->engine);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;

  if (token == NULL)
    return;

  hash = request_hash (call->request);
  text = to_json (response);
  if (!glaux_local_store_put_token (store, operation, token, hash, text, &error))
    g_warning ("%s", error->message);
}

/* ---- Lookups ---------------------------------------------------------------------------- */

static GlauxLocalWorkgroup *
find_workgroup (Call        *call,
                const char  *member,
                GError     **error)
{
  const char *name = require_string (call->request, member, error);
  GlauxLocalWorkgroup *workgroup;

  if (name == NULL)
    return NULL;

  workgroup = glaux_local_engine_lookup_workgroup (call->self->engine, name);
  if (workgroup == NULL)
    g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                 "WorkGroup %s is not found.", name);

  return workgroup;
}

static GlauxLocalSession *
find_session (Call    *call,
              GError **error)
{
  const char *id = require_string (call->request, "SessionId", error);
  GlauxLocalSession *session;

  if (id == NULL)
    return NULL;

  session = glaux_local_engine_lookup_session (call->self->engine, id);
  if (session == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_RESOURCE_NOT_FOUND,
                   "Session %s is not found.", id);
      *call->resource_name = g_strdup (id);
    }

  return session;
}

static GlauxLocalCalculation *
find_calculation (Call    *call,
                  GError **error)
{
  const char *id = require_string (call->request, "CalculationExecutionId", error);
  GlauxLocalCalculation *calculation;

  if (id == NULL)
    return NULL;

  calculation = glaux_local_engine_lookup_calculation (call->self->engine, id);
  if (calculation == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_RESOURCE_NOT_FOUND,
                   "Calculation %s is not found.", id);
      *call->resource_name = g_strdup (id);
    }

  return calculation;
}

/* ---- Workgroups ------------------------------------------------------------------------- */

static const char *
workgroup_engine (GlauxLocalWorkgroup *workgroup)
{
  g_autoptr(JsonNode) configuration = parse_json (workgroup->configuration);
  JsonObject *engine = get_object (json_node_get_object (configuration), "EngineVersion");
  const char *selected = get_string (engine, "SelectedEngineVersion");

  if (g_strcmp0 (selected, GLAUX_LOCAL_ENGINE_SPARK_3_5) == 0)
    return GLAUX_LOCAL_ENGINE_SPARK_3_5;

  return GLAUX_LOCAL_ENGINE_PYSPARK_3;
}

static void
add_engine_version (JsonBuilder *builder,
                    const char  *member,
                    const char  *engine)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string (builder, "SelectedEngineVersion", engine);
  add_string (builder, "EffectiveEngineVersion", engine);
  json_builder_end_object (builder);
}

static const char *
workgroup_id (gpointer item)
{
  return ((GlauxLocalWorkgroup *)item)->name;
}

static JsonNode *
list_work_groups (Call    *call,
                  GError **error)
{
  g_autoptr(GPtrArray) items = glaux_local_engine_list_workgroups (call->self->engine);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *next = NULL;
  guint start, end;

  if (!paginate (call, items, workgroup_id, "workgroups", "", 50, &start, &end, &next, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "WorkGroups");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      GlauxLocalWorkgroup *workgroup = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_string (builder, "Name", workgroup->name);
      add_string (builder, "State", workgroup->state);
      add_string (builder, "Description", workgroup->description);
      add_time (builder, "CreationTime", workgroup->creation_ms);
      add_engine_version (builder, "EngineVersion", workgroup_engine (workgroup));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_string (builder, "NextToken", next);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
get_work_group (Call    *call,
                GError **error)
{
  GlauxLocalWorkgroup *workgroup = find_workgroup (call, "WorkGroup", error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (workgroup == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "WorkGroup");
  json_builder_begin_object (builder);
  add_string (builder, "Name", workgroup->name);
  add_string (builder, "State", workgroup->state);
  add_json (builder, "Configuration", workgroup->configuration);
  add_string (builder, "Description", workgroup->description);
  add_time (builder, "CreationTime", workgroup->creation_ms);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Only the two Spark engines exist here; the effective version always equals the selected. */
static gboolean
normalize_engine (JsonObject  *configuration,
                  const char  *previous,
                  GError     **error)
{
  JsonObject *engine = get_object (configuration, "EngineVersion");
  const char *selected = get_string (engine, "SelectedEngineVersion");
  g_autoptr(JsonObject) normalized = json_object_new ();

  if (selected == NULL || g_str_equal (selected, "AUTO"))
    selected = previous != NULL ? previous : GLAUX_LOCAL_ENGINE_PYSPARK_3;
  if (!g_str_equal (selected, GLAUX_LOCAL_ENGINE_PYSPARK_3)
      && !g_str_equal (selected, GLAUX_LOCAL_ENGINE_SPARK_3_5))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "Configuration.EngineVersion.SelectedEngineVersion: '%s' is not available "
                   "in glaux-local; use '%s' or '%s'.", selected, GLAUX_LOCAL_ENGINE_PYSPARK_3,
                   GLAUX_LOCAL_ENGINE_SPARK_3_5);
      return FALSE;
    }
  if (previous != NULL && !g_str_equal (previous, selected))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "ConfigurationUpdates.EngineVersion: a workgroup cannot change from %s to "
                   "%s; create a new workgroup instead.", previous, selected);
      return FALSE;
    }

  json_object_set_string_member (normalized, "SelectedEngineVersion", selected);
  json_object_set_string_member (normalized, "EffectiveEngineVersion", selected);
  json_object_set_object_member (configuration, "EngineVersion", g_steal_pointer (&normalized));

  return TRUE;
}

static JsonNode *
create_work_group (Call    *call,
                   GError **error)
{
  const char *name = require_string (call->request, "Name", error);
  JsonObject *given = get_object (call->request, "Configuration");
  g_autoptr(JsonNode) configuration = NULL;
  GlauxLocalWorkgroup *workgroup;

  if (name == NULL)
    return NULL;
  if (glaux_local_engine_lookup_workgroup (call->self->engine, name) != NULL)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "WorkGroup %s is already created.", name);
      return NULL;
    }

  if (given != NULL)
    {
      g_autoptr(JsonNode) wrapper = json_node_init_object (json_node_alloc (), given);

      configuration = deep_copy (wrapper);
    }
  else
    configuration = empty_response ();
  if (!normalize_engine (json_node_get_object (configuration), NULL, error))
    return NULL;

  workgroup = g_new0 (GlauxLocalWorkgroup, 1);
  workgroup->name = g_strdup (name);
  workgroup->description = g_strdup (get_string (call->request, "Description"));
  workgroup->state = g_strdup ("ENABLED");
  workgroup->creation_ms = glaux_local_engine_now_ms ();
  workgroup->configuration = to_json (configuration);
  if (!glaux_local_engine_save_workgroup (call->self->engine, workgroup, error))
    return NULL;

  return empty_response ();
}

/* ResultConfigurationUpdates: each member sets, each Remove* flag clears. */
static void
apply_result_updates (JsonObject *configuration,
                      JsonObject *updates)
{
  static const char * const members[] = {
    "OutputLocation", "EncryptionConfiguration", "ExpectedBucketOwner", "AclConfiguration",
  };
  JsonObject *result = get_object (configuration, "ResultConfiguration");

  if (result == NULL)
    {
      json_object_set_object_member (configuration, "ResultConfiguration", json_object_new ());
      result = get_object (configuration, "ResultConfiguration");
    }

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *remove = g_strconcat ("Remove", members[i], NULL);
      JsonNode *value = json_object_get_member (updates, members[i]);

      if (get_bool (updates, remove))
        json_object_remove_member (result, members[i]);
      else if (value != NULL)
        json_object_set_member (result, members[i], json_node_copy (value));
    }
}

static gboolean
apply_configuration_updates (JsonObject  *configuration,
                             JsonObject  *updates,
                             const char  *previous_engine,
                             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (updates);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *value = json_object_get_member (updates, member);

      if (g_str_equal (member, "ResultConfigurationUpdates") && JSON_NODE_HOLDS_OBJECT (value))
        apply_result_updates (configuration, json_node_get_object (value));
      else if (g_str_equal (member, "ManagedQueryResultsConfigurationUpdates"))
        json_object_set_member (configuration, "ManagedQueryResultsConfiguration",
                                json_node_copy (value));
      else if (g_str_equal (member, "RemoveBytesScannedCutoffPerQuery"))
        {
          if (json_node_get_boolean (value))
            json_object_remove_member (configuration, "BytesScannedCutoffPerQuery");
        }
      else if (g_str_equal (member, "RemoveCustomerContentEncryptionConfiguration"))
        {
          if (json_node_get_boolean (value))
            json_object_remove_member (configuration, "CustomerContentEncryptionConfiguration");
        }
      else
        json_object_set_member (configuration, member, json_node_copy (value));
    }

  return normalize_engine (configuration, previous_engine, error);
}

static JsonNode *
update_work_group (Call    *call,
                   GError **error)
{
  GlauxLocalWorkgroup *workgroup = find_workgroup (call, "WorkGroup", error);
  JsonObject *updates = get_object (call->request, "ConfigurationUpdates");
  g_autoptr(JsonNode) configuration = NULL;
  GlauxLocalWorkgroup *updated;

  if (workgroup == NULL)
    return NULL;

  configuration = parse_json (workgroup->configuration);
  if (updates != NULL
      && !apply_configuration_updates (json_node_get_object (configuration), updates,
                                       workgroup_engine (workgroup), error))
    return NULL;

  updated = g_new0 (GlauxLocalWorkgroup, 1);
  updated->name = g_strdup (workgroup->name);
  updated->description = g_strdup (json_object_has_member (call->request, "Description")
                                   ? get_string (call->request, "Description")
                                   : workgroup->description);
  updated->state = g_strdup (get_string (call->request, "State") != NULL
                             ? get_string (call->request, "State") : workgroup->state);
  updated->creation_ms = workgroup->creation_ms;
  updated->configuration = to_json (configuration);
  if (!glaux_local_engine_save_workgroup (call->self->engine, updated, error))
    return NULL;

  return empty_response ();
}

static JsonNode *
delete_work_group (Call    *call,
                   GError **error)
{
  GlauxLocalWorkgroup *workgroup = find_workgroup (call, "WorkGroup", error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *name = NULL;
  guint live = 0;

  if (workgroup == NULL)
    return NULL;
  if (g_str_equal (workgroup->name, "primary"))
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                           "WorkGroup: the primary workgroup cannot be deleted.");
      return NULL;
    }

  name = g_strdup (workgroup->name);
  sessions = glaux_local_engine_list_sessions (call->self->engine, name);
  for (guint i = 0; i < sessions->len; i++)
    {
      GlauxLocalSession *session = g_ptr_array_index (sessions, i);

      if (g_strcmp0 (session->state, "TERMINATED") != 0 && g_strcmp0 (session->state, "FAILED") != 0)
        live++;
    }
  if (live > 0 && !get_bool (call->request, "RecursiveDeleteOption"))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "WorkGroup %s has %u active session%s; terminate %s or set "
                   "RecursiveDeleteOption.", name, live, live == 1 ? "" : "s",
                   live == 1 ? "it" : "them");
      return NULL;
    }
  for (guint i = 0; i < sessions->len; i++)
    glaux_local_engine_terminate_session (call->self->engine, g_ptr_array_index (sessions, i),
                                          NULL);

  if (!glaux_local_engine_delete_workgroup (call->self->engine, name, error))
    return NULL;

  return empty_response ();
}

/* ---- Sessions --------------------------------------------------------------------------- */

static void
add_session_status (JsonBuilder       *builder,
                    GlauxLocalSession *session)
{
  json_builder_set_member_name (builder, "Status");
  json_builder_begin_object (builder);
  add_time (builder, "StartDateTime", session->start_ms);
  add_time (builder, "LastModifiedDateTime", session->last_modified_ms);
  add_time (builder, "EndDateTime", session->end_ms);
  add_time (builder, "IdleSinceDateTime", session->idle_since_ms);
  add_string (builder, "State", session->state);
  add_string (builder, "StateChangeReason", session->reason);
  json_builder_end_object (builder);
}

static char *
output_location (GlauxLocalWorkgroup *workgroup)
{
  g_autoptr(JsonNode) configuration = parse_json (workgroup->configuration);
  JsonObject *result = get_object (json_node_get_object (configuration), "ResultConfiguration");
  const char *location = get_string (result, "OutputLocation");

  if (location == NULL || location[0] == '\0')
    return g_strdup_printf ("s3://%s/%s/", GLAUX_LOCAL_RESULTS_BUCKET, workgroup->name);
  if (!g_str_has_suffix (location, "/"))
    return g_strconcat (location, "/", NULL);

  return g_strdup (location);
}

/* EngineConfiguration as GetSession shows it: what was asked, with the fixed sizes filled in. */
static char *
engine_configuration (JsonObject *given)
{
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                    given != NULL ? given : empty);
  g_autoptr(JsonNode) copy = deep_copy (node);
  JsonObject *object = json_node_get_object (copy);

  if (!json_object_has_member (object, "CoordinatorDpuSize"))
    json_object_set_int_member (object, "CoordinatorDpuSize", 1);
  if (!json_object_has_member (object, "MaxConcurrentDpus"))
    json_object_set_int_member (object, "MaxConcurrentDpus", GLAUX_LOCAL_DEFAULT_MAX_DPUS);
  if (!json_object_has_member (object, "DefaultExecutorDpuSize"))
    json_object_set_int_member (object, "DefaultExecutorDpuSize", 1);

  return to_json (copy);
}

static gboolean
check_workgroup_usable (GlauxLocalWorkgroup  *workgroup,
                        GError              **error)
{
  if (g_strcmp0 (workgroup->state, "DISABLED") == 0)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "WorkGroup %s is disabled.", workgroup->name);
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
start_session (Call    *call,
               GError **error)
{
  GlauxLocalWorkgroup *workgroup = find_workgroup (call, "WorkGroup", error);
  JsonObject *engine = get_object (call->request, "EngineConfiguration");
  JsonObject *configs = get_object (engine, "AdditionalConfigs");
  g_autoptr(JsonNode) workgroup_configuration = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *location = NULL;
  GlauxLocalSession *session;
  JsonNode *replay = NULL;
  JsonNode *response;

  if (workgroup == NULL || !check_token (call, "StartSession", &replay, error))
    return NULL;
  if (replay != NULL)
    return replay;
  if (!check_workgroup_usable (workgroup, error))
    return NULL;
  if (engine == NULL)
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                           "EngineConfiguration: a value is required");
      return NULL;
    }
  if (get_string (configs, "NotebookId") != NULL
      && get_string (call->request, "NotebookVersion") == NULL)
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                           "NotebookVersion is required when NotebookId is provided.");
      return NULL;
    }

  workgroup_configuration = parse_json (workgroup->configuration);
  location = output_location (workgroup);

  session = g_new0 (GlauxLocalSession, 1);
  session->workgroup = g_strdup (workgroup->name);
  session->description = g_strdup (get_string (call->request, "Description"));
  session->engine_version = g_strdup (workgroup_engine (workgroup));
  session->engine_configuration = engine_configuration (engine);
  session->notebook_version = g_strdup (get_string (call->request, "NotebookVersion"));
  session->execution_role = g_strdup (get_string (call->request, "ExecutionRole") != NULL
                                      ? get_string (call->request, "ExecutionRole")
                                      : get_string (json_node_get_object (workgroup_configuration),
                                                    "ExecutionRole"));
  session->idle_timeout_minutes = get_int (call->request, "SessionIdleTimeoutInMinutes",
                                           GLAUX_LOCAL_DEFAULT_IDLE_MIN);
  session->working_directory = g_steal_pointer (&location);
  glaux_local_engine_start_session (call->self->engine, session, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "SessionId", session->id);
  add_string (builder, "State", session->state);
  json_builder_end_object (builder);
  response = json_builder_get_root (builder);
  remember_token (call, "StartSession", response);

  return response;
}

static JsonNode *
get_session (Call    *call,
             GError **error)
{
  GlauxLocalSession *session = find_session (call, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (session == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "SessionId", session->id);
  add_string (builder, "Description", session->description);
  add_string (builder, "WorkGroup", session->workgroup);
  add_string (builder, "EngineVersion", session->engine_version);
  add_json (builder, "EngineConfiguration", session->engine_configuration);
  add_string (builder, "NotebookVersion", session->notebook_version);
  json_builder_set_member_name (builder, "SessionConfiguration");
  json_builder_begin_object (builder);
  add_string (builder, "ExecutionRole", session->execution_role);
  add_string (builder, "WorkingDirectory", session->working_directory);
  add_int (builder, "IdleTimeoutSeconds", session->idle_timeout_minutes * 60);
  add_int (builder, "SessionIdleTimeoutInMinutes", session->idle_timeout_minutes);
  json_builder_end_object (builder);
  add_session_status (builder, session);
  json_builder_set_member_name (builder, "Statistics");
  json_builder_begin_object (builder);
  add_int (builder, "DpuExecutionInMillis",
           glaux_local_engine_session_dpu_ms (call->self->engine, session));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
get_session_status (Call    *call,
                    GError **error)
{
  GlauxLocalSession *session = find_session (call, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (session == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "SessionId", session->id);
  add_session_status (builder, session);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
session_id (gpointer item)
{
  return ((GlauxLocalSession *)item)->id;
}

/* Without StateFilter only active sessions are listed, as the model documents. */
static JsonNode *
list_sessions (Call    *call,
               GError **error)
{
  GlauxLocalWorkgroup *workgroup = find_workgroup (call, "WorkGroup", error);
  const char *filter = get_string (call->request, "StateFilter");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *next = NULL;
  guint start, end;

  if (workgroup == NULL)
    return NULL;

  all = glaux_local_engine_list_sessions (call->self->engine, workgroup->name);
  for (guint i = 0; i < all->len; i++)
    {
      GlauxLocalSession *session = g_ptr_array_index (all, i);
      gboolean active = g_str_equal (session->state, "CREATING")
                        || g_str_equal (session->state, "CREATED")
                        || g_str_equal (session->state, "IDLE")
                        || g_str_equal (session->state, "BUSY");

      if (filter != NULL ? g_str_equal (session->state, filter) : active)
        g_ptr_array_add (items, session);
    }
  if (!paginate (call, items, session_id, "sessions", workgroup->name, 100, &start, &end, &next,
                 error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sessions");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      GlauxLocalSession *session = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_string (builder, "SessionId", session->id);
      add_string (builder, "Description", session->description);
      add_engine_version (builder, "EngineVersion", session->engine_version);
      add_string (builder, "NotebookVersion", session->notebook_version);
      add_session_status (builder, session);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_string (builder, "NextToken", next);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
state_response (const char *state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "State", state);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
terminate_session (Call    *call,
                   GError **error)
{
  GlauxLocalSession *session = find_session (call, error);

  if (session == NULL
      || !glaux_local_engine_terminate_session (call->self->engine, session, error))
    return NULL;

  return state_response (session->state);
}

static gboolean
check_alive (GlauxLocalSession  *session,
             GError            **error)
{
  if (g_str_equal (session->state, "TERMINATING") || g_str_equal (session->state, "TERMINATED")
      || g_str_equal (session->state, "FAILED"))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "Session is in the %s state; it has ended.", session->state);
      return FALSE;
    }

  return TRUE;
}

/* glaux-local does not run a Spark Connect server; the URL names this endpoint, where a
 * request gets an explanation rather than a connection failure. */
static JsonNode *
get_session_endpoint (Call    *call,
                      GError **error)
{
  GlauxLocalSession *session = find_session (call, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = NULL;

  if (session == NULL || !check_alive (session, error))
    return NULL;
  if (!g_str_equal (session->engine_version, GLAUX_LOCAL_ENGINE_SPARK_3_5))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "GetSessionEndpoint needs a session of engine %s; session %s runs %s.",
                   GLAUX_LOCAL_ENGINE_SPARK_3_5, session->id, session->engine_version);
      return NULL;
    }

  url = g_strdup_printf ("%s/spark-connect/%s", call->self->endpoint, session->id);
  json_builder_begin_object (builder);
  add_string (builder, "EndpointUrl", url);
  add_string (builder, "AuthToken", session->dashboard_token);
  add_time (builder, "AuthTokenExpirationTime", glaux_local_engine_now_ms () + 3600 * 1000);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Accepts a session ARN (…:workgroup/<wg>/session/<id> or …/session/<id>) or a bare id. */
static JsonNode *
get_resource_dashboard (Call    *call,
                        GError **error)
{
  const char *arn = require_string (call->request, "ResourceARN", error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = NULL;
  GlauxLocalSession *session;
  const char *id;

  if (arn == NULL)
    return NULL;
  id = strstr (arn, "session/") != NULL ? strstr (arn, "session/") + strlen ("session/") : arn;
  session = glaux_local_engine_lookup_session (call->self->engine, id);
  if (session == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_RESOURCE_NOT_FOUND,
                   "Resource %s is not found.", arn);
      *call->resource_name = g_strdup (arn);
      return NULL;
    }

  url = g_strdup_printf ("%s/dashboard/%s?token=%s", call->self->endpoint, session->id,
                         session->dashboard_token);
  json_builder_begin_object (builder);
  add_string (builder, "Url", url);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- Calculations ----------------------------------------------------------------------- */

static void
add_calculation_status (JsonBuilder           *builder,
                        GlauxLocalCalculation *calculation)
{
  json_builder_set_member_name (builder, "Status");
  json_builder_begin_object (builder);
  add_time (builder, "SubmissionDateTime", calculation->submission_ms);
  add_time (builder, "CompletionDateTime", calculation->completion_ms);
  add_string (builder, "State", calculation->state);
  add_string (builder, "StateChangeReason", calculation->reason);
  json_builder_end_object (builder);
}

static void
add_calculation_statistics (JsonBuilder           *builder,
                            GlauxLocalEngine      *engine,
                            GlauxLocalCalculation *calculation)
{
  json_builder_set_member_name (builder, "Statistics");
  json_builder_begin_object (builder);
  add_int (builder, "DpuExecutionInMillis",
           glaux_local_engine_calculation_dpu_ms (engine, calculation));
  add_string (builder, "Progress", calculation->progress);
  json_builder_end_object (builder);
}

static JsonNode *
start_calculation_execution (Call    *call,
                             GError **error)
{
  GlauxLocalSession *session = find_session (call, error);
  JsonObject *configuration = get_object (call->request, "CalculationConfiguration");
  const char *code = get_string (call->request, "CodeBlock");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GlauxLocalCalculation *calculation;
  JsonNode *replay = NULL;
  JsonNode *response;

  if (session == NULL || !check_token (call, "StartCalculationExecution", &replay, error))
    return NULL;
  if (replay != NULL)
    return replay;
  if (code != NULL && configuration != NULL)
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                           "CodeBlock: give either CodeBlock or CalculationConfiguration, "
                           "not both.");
      return NULL;
    }
  if (code == NULL)
    code = get_string (configuration, "CodeBlock");
  if (code == NULL || code[0] == '\0')
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                           "CodeBlock: a code block is required.");
      return NULL;
    }

  calculation = glaux_local_engine_start_calculation (call->self->engine, session, code,
                                                      get_string (call->request, "Description"),
                                                      error);
  if (calculation == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "CalculationExecutionId", calculation->id);
  add_string (builder, "State", calculation->state);
  json_builder_end_object (builder);
  response = json_builder_get_root (builder);
  remember_token (call, "StartCalculationExecution", response);

  return response;
}

static gboolean
has_result (GlauxLocalCalculation *calculation)
{
  return (g_str_equal (calculation->state, "COMPLETED") || g_str_equal (calculation->state, "FAILED"))
         && calculation->stdout_uri != NULL;
}

static JsonNode *
get_calculation_execution (Call    *call,
                           GError **error)
{
  GlauxLocalCalculation *calculation = find_calculation (call, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (calculation == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "CalculationExecutionId", calculation->id);
  add_string (builder, "SessionId", calculation->session_id);
  add_string (builder, "Description", calculation->description);
  add_string (builder, "WorkingDirectory", calculation->working_directory);
  add_calculation_status (builder, calculation);
  add_calculation_statistics (builder, call->self->engine, calculation);
  if (has_result (calculation))
    {
      json_builder_set_member_name (builder, "Result");
      json_builder_begin_object (builder);
      add_string (builder, "StdOutS3Uri", calculation->stdout_uri);
      add_string (builder, "StdErrorS3Uri", calculation->stderr_uri);
      add_string (builder, "ResultS3Uri", calculation->result_uri);
      add_string (builder, "ResultType", calculation->result_type);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
get_calculation_execution_status (Call    *call,
                                  GError **error)
{
  GlauxLocalCalculation *calculation = find_calculation (call, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (calculation == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_calculation_status (builder, calculation);
  add_calculation_statistics (builder, call->self->engine, calculation);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
get_calculation_execution_code (Call    *call,
                                GError **error)
{
  GlauxLocalCalculation *calculation = find_calculation (call, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (calculation == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "CodeBlock", calculation->code);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
calculation_id (gpointer item)
{
  return ((GlauxLocalCalculation *)item)->id;
}

static JsonNode *
list_calculation_executions (Call    *call,
                             GError **error)
{
  GlauxLocalSession *session = find_session (call, error);
  const char *filter = get_string (call->request, "StateFilter");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *next = NULL;
  guint start, end;

  if (session == NULL)
    return NULL;

  all = glaux_local_engine_list_calculations (call->self->engine, session->id);
  for (guint i = 0; i < all->len; i++)
    {
      GlauxLocalCalculation *calculation = g_ptr_array_index (all, i);

      if (filter == NULL || g_str_equal (calculation->state, filter))
        g_ptr_array_add (items, calculation);
    }
  if (!paginate (call, items, calculation_id, "calculations", session->id, 100, &start, &end,
                 &next, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Calculations");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      GlauxLocalCalculation *calculation = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_string (builder, "CalculationExecutionId", calculation->id);
      add_string (builder, "Description", calculation->description);
      add_calculation_status (builder, calculation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_string (builder, "NextToken", next);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
stop_calculation_execution (Call    *call,
                            GError **error)
{
  GlauxLocalCalculation *calculation = find_calculation (call, error);

  if (calculation == NULL
      || !glaux_local_engine_stop_calculation (call->self->engine, calculation, error))
    return NULL;

  return state_response (calculation->state);
}

/* ---- Executors and discovery ------------------------------------------------------------ */

static const char *
executor_id (gpointer item)
{
  return ((GlauxLocalExecutor *)item)->id;
}

static JsonNode *
list_executors (Call    *call,
                GError **error)
{
  GlauxLocalSession *session = find_session (call, error);
  const char *filter = get_string (call->request, "ExecutorStateFilter");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *next = NULL;
  guint start, end;

  if (session == NULL)
    return NULL;

  all = glaux_local_engine_list_executors (call->self->engine, session->id);
  for (guint i = 0; i < all->len; i++)
    {
      GlauxLocalExecutor *executor = g_ptr_array_index (all, i);

      if (filter == NULL || g_str_equal (executor->state, filter))
        g_ptr_array_add (items, executor);
    }
  if (!paginate (call, items, executor_id, "executors", session->id, 100, &start, &end, &next,
                 error))
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "SessionId", session->id);
  add_string (builder, "NextToken", next);
  json_builder_set_member_name (builder, "ExecutorsSummary");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      GlauxLocalExecutor *executor = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_string (builder, "ExecutorId", executor->id);
      add_string (builder, "ExecutorType", executor->type);
      add_int (builder, "StartDateTime", executor->start_ms);
      if (executor->end_ms > 0)
        add_int (builder, "TerminationDateTime", executor->end_ms);
      add_string (builder, "ExecutorState", executor->state);
      add_int (builder, "ExecutorSize", executor->size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char * const engines[] = {
  GLAUX_LOCAL_ENGINE_SPARK_3_5,
  GLAUX_LOCAL_ENGINE_PYSPARK_3,
};

static const char *
string_id (gpointer item)
{
  return item;
}

static GPtrArray *
engine_list (void)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    g_ptr_array_add (list, (gpointer)engines[i]);

  return list;
}

static JsonNode *
list_engine_versions (Call    *call,
                      GError **error)
{
  g_autoptr(GPtrArray) items = engine_list ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *next = NULL;
  guint start, end;

  if (!paginate (call, items, string_id, "engines", "", 10, &start, &end, &next, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "EngineVersions");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "SelectedEngineVersion", g_ptr_array_index (items, i));
      add_string (builder, "EffectiveEngineVersion", g_ptr_array_index (items, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_string (builder, "NextToken", next);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Coordinator and executors are fixed at 1 DPU (the model allows only 1). */
static JsonNode *
list_application_dpu_sizes (Call    *call,
                            GError **error)
{
  g_autoptr(GPtrArray) items = engine_list ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *next = NULL;
  guint start, end;

  if (!paginate (call, items, string_id, "dpu-sizes", "", 100, &start, &end, &next, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ApplicationDPUSizes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "ApplicationRuntimeId", g_ptr_array_index (items, i));
      json_builder_set_member_name (builder, "SupportedDPUSizes");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, 1);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_string (builder, "NextToken", next);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- Dispatch --------------------------------------------------------------------------- */

static const struct
{
  const char *name;
  Handler     handler;
} operations[] = {
  { "CreateWorkGroup", create_work_group },
  { "DeleteWorkGroup", delete_work_group },
  { "GetCalculationExecution", get_calculation_execution },
  { "GetCalculationExecutionCode", get_calculation_execution_code },
  { "GetCalculationExecutionStatus", get_calculation_execution_status },
  { "GetResourceDashboard", get_resource_dashboard },
  { "GetSession", get_session },
  { "GetSessionEndpoint", get_session_endpoint },
  { "GetSessionStatus", get_session_status },
  { "GetWorkGroup", get_work_group },
  { "ListApplicationDPUSizes", list_application_dpu_sizes },
  { "ListCalculationExecutions", list_calculation_executions },
  { "ListEngineVersions", list_engine_versions },
  { "ListExecutors", list_executors },
  { "ListSessions", list_sessions },
  { "ListWorkGroups", list_work_groups },
  { "StartCalculationExecution", start_calculation_execution },
  { "StartSession", start_session },
  { "StopCalculationExecution", stop_calculation_execution },
  { "TerminateSession", terminate_session },
  { "UpdateWorkGroup", update_work_group },
};

static Handler
lookup_handler (const char *operation)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (g_strcmp0 (operations[i].name, operation) == 0)
      return operations[i].handler;

  return NULL;
}

gboolean
glaux_local_athena_has_operation (const char *operation)
{
  return lookup_handler (operation) != NULL;
}

/**
 * glaux_local_athena_handle:
 * @request: (nullable): the request body; %NULL for an empty body
 * @resource_name: (out): set for ResourceNotFoundException, to the missing resource
 *
 * Returns: (transfer full): the response object, or %NULL with @error set
 */
JsonNode *
glaux_local_athena_handle (GlauxLocalAthena  *self,
                           const char        *operation,
                           JsonObject        *request,
                           char             **resource_name,
                           GError           **error)
{
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(GError) validation_error = NULL;
  Handler handler = lookup_handler (operation);
  Call call = { self, request != NULL ? request : empty, resource_name };

  *resource_name = NULL;
  if (handler == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_UNKNOWN_OPERATION,
                   "Operation AmazonAthena.%s is not supported by glaux-local.", operation);
      return NULL;
    }
  if (!glaux_athena_validate_request (operation, call.request, &validation_error))
    {
      g_set_error_literal (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                           validation_error->message);
      return NULL;
    }

  return handler (&call, error);
}

/* A small self-refreshing status page for GetResourceDashboard's URL. */
char *
glaux_local_athena_dashboard_html (GlauxLocalAthena *self,
                                   const char       *session_id,
                                   const char       *token)
{
  GlauxLocalSession *session = glaux_local_engine_lookup_session (self->engine, session_id);
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GPtrArray) executors = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (session == NULL || g_strcmp0 (session->dashboard_token, token) != 0)
    return NULL;

  title = g_markup_printf_escaped ("Session %s", session->id);
  g_string_append_printf (html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<meta http-equiv=\"refresh\" content=\"5\"><title>%s</title></head>"
                          "<body><h1>%s</h1>", title, title);
  g_string_append_printf (html, "<p>glaux-local (not Apache Spark). Workgroup %s, engine %s, "
                          "state <b>%s</b>, %" G_GINT64_FORMAT " DPU-ms.</p>",
                          session->workgroup, session->engine_version, session->state,
                          glaux_local_engine_session_dpu_ms (self->engine, session));

  executors = glaux_local_engine_list_executors (self->engine, session->id);
  g_string_append (html, "<h2>Executors</h2><table border=\"1\"><tr><th>Id</th><th>Type</th>"
                   "<th>State</th><th>Size</th></tr>");
  for (guint i = 0; i < executors->len; i++)
    {
      GlauxLocalExecutor *executor = g_ptr_array_index (executors, i);

      g_string_append_printf (html, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%" G_GINT64_FORMAT
                              "</td></tr>", executor->id, executor->type, executor->state,
                              executor->size);
    }
  g_string_append (html, "</table>");

  calculations = glaux_local_engine_list_calculations (self->engine, session->id);
  g_string_append (html, "<h2>Calculations</h2><table border=\"1\"><tr><th>Id</th>"
                   "<th>State</th><th>Progress</th></tr>");
  for (guint i = 0; i < calculations->len; i++)
    {
      GlauxLocalCalculation *calculation = g_ptr_array_index (calculations, i);
      g_autofree char *row = g_markup_printf_escaped ("<tr><td>%s</td><td>%s</td><td>%s</td></tr>",
                                                      calculation->id, calculation->state,
                                                      calculation->progress != NULL
                                                      ? calculation->progress : "");

      g_string_append (html, row);
    }
  g_string_append (html, "</table></body></html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}
