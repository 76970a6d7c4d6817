/* glaux-athena-params.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-athena-params"

#include "config.h"

#include "glaux-athena-json-private.h"
#include "glaux-athena-params.h"

G_DEFINE_BOXED_TYPE (GlauxStartSessionParams, glaux_start_session_params,
                     glaux_start_session_params_copy, glaux_start_session_params_free)
G_DEFINE_BOXED_TYPE (GlauxWorkgroupParams, glaux_workgroup_params,
                     glaux_workgroup_params_copy, glaux_workgroup_params_free)

/* The console's default session size. */
#define DEFAULT_MAX_CONCURRENT_DPUS 20

static GHashTable *
copy_map (GHashTable *map)
{
  GHashTable *copy = _glaux_athena_string_map_new ();
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (map == NULL)
    return copy;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

static int
compare_indirect (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted keys keep request bodies reproducible byte for byte. */
static GPtrArray *
sorted_keys (GHashTable *map)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_indirect);
  return keys;
}

static JsonObject *
map_to_json (GHashTable *map)
{
  g_autoptr(GPtrArray) keys = sorted_keys (map);
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      json_object_set_string_member (object, key, g_hash_table_lookup (map, key));
    }

  return object;
}

static JsonArray *
tags_to_json (GHashTable *tags)
{
  g_autoptr(GPtrArray) keys = sorted_keys (tags);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      JsonObject *tag = json_object_new ();

      json_object_set_string_member (tag, "Key", key);
      json_object_set_string_member (tag, "Value", g_hash_table_lookup (tags, key));
      json_array_add_object_element (array, tag);
    }

  return array;
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static void
set_optional_map (JsonObject *object,
                  const char *member,
                  GHashTable *map)
{
  if (map != NULL && g_hash_table_size (map) > 0)
    json_object_set_object_member (object, member, map_to_json (map));
}

static void
set_optional_tags (JsonObject *object,
                   GHashTable *tags)
{
  if (tags != NULL && g_hash_table_size (tags) > 0)
    json_object_set_array_member (object, "Tags", tags_to_json (tags));
}

static void
set_nonempty_object (JsonObject *object,
                     const char *member,
                     JsonObject *value)
{
  if (json_object_get_size (value) > 0)
    json_object_set_object_member (object, member, value);
  else
    json_object_unref (value);
}

/**
 * glaux_start_session_params_new:
 * @workgroup: (nullable): the Spark workgroup to start the session in
 *
 * Returns: (transfer full): parameters with the default DPU limit and empty maps
 */
GlauxStartSessionParams *
glaux_start_session_params_new (const char *workgroup)
{
  GlauxStartSessionParams *params = g_new0 (GlauxStartSessionParams, 1);

  params->workgroup = g_strdup (workgroup);
  params->max_concurrent_dpus = DEFAULT_MAX_CONCURRENT_DPUS;
  params->spark_properties = _glaux_athena_string_map_new ();
  params->additional_configs = _glaux_athena_string_map_new ();
  params->tags = _glaux_athena_string_map_new ();
  return params;
}

GlauxStartSessionParams *
glaux_start_session_params_copy (const GlauxStartSessionParams *params)
{
  GlauxStartSessionParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_memdup2 (params, sizeof *params);
  copy->workgroup = g_strdup (params->workgroup);
  copy->description = g_strdup (params->description);
  copy->execution_role = g_strdup (params->execution_role);
  copy->client_request_token = g_strdup (params->client_request_token);
  copy->spark_properties = copy_map (params->spark_properties);
  copy->additional_configs = copy_map (params->additional_configs);
  copy->tags = copy_map (params->tags);
  return copy;
}

void
glaux_start_session_params_free (GlauxStartSessionParams *params)
{
  if (params == NULL)
    return;

  g_free (params->workgroup);
  g_free (params->description);
  g_free (params->execution_role);
  g_free (params->client_request_token);
  g_clear_pointer (&params->spark_properties, g_hash_table_unref);
  g_clear_pointer (&params->additional_configs, g_hash_table_unref);
  g_clear_pointer (&params->tags, g_hash_table_unref);
  g_free (params);
}

static JsonObject *
build_engine_configuration (const GlauxStartSessionParams *params)
{
  JsonObject *engine = json_object_new ();

  /* Sizes other than 1 are sent so that validation names the mistake. */
  if (params->coordinator_dpu_size != 0)
    json_object_set_int_member (engine, "CoordinatorDpuSize", params->coordinator_dpu_size);
  json_object_set_int_member (engine, "MaxConcurrentDpus", params->max_concurrent_dpus);
  if (params->default_executor_dpu_size != 0)
    json_object_set_int_member (engine, "DefaultExecutorDpuSize",
                                params->default_executor_dpu_size);
  set_optional_map (engine, "AdditionalConfigs", params->additional_configs);
  set_optional_map (engine, "SparkProperties", params->spark_properties);
  return engine;
}

/**
 * glaux_start_session_params_build_request:
 * @params: the parameters
 * @client_request_token: the idempotency token to send
 *
 * Returns: (transfer full): the StartSession request body, not yet validated
 */
JsonObject *
glaux_start_session_params_build_request (const GlauxStartSessionParams *params,
                                          const char                    *client_request_token)
{
  JsonObject *request;

  g_return_val_if_fail (params != NULL, NULL);

  request = json_object_new ();
  set_optional_string (request, "Description", params->description);
  set_optional_string (request, "WorkGroup", params->workgroup);
  json_object_set_object_member (request, "EngineConfiguration",
                                 build_engine_configuration (params));
  set_optional_string (request, "ExecutionRole", params->execution_role);
  if (params->idle_timeout_minutes != 0)
    json_object_set_int_member (request, "SessionIdleTimeoutInMinutes",
                                params->idle_timeout_minutes);
  set_optional_string (request, "ClientRequestToken", client_request_token);
  set_optional_tags (request, params->tags);
  if (params->copy_workgroup_tags)
    json_object_set_boolean_member (request, "CopyWorkGroupTags", TRUE);
  return request;
}

/**
 * glaux_workgroup_params_new:
 * @name: (nullable): the workgroup name
 *
 * Returns: (transfer full): parameters that change nothing but name the workgroup
 */
GlauxWorkgroupParams *
glaux_workgroup_params_new (const char *name)
{
  GlauxWorkgroupParams *params = g_new0 (GlauxWorkgroupParams, 1);

  params->name = g_strdup (name);
  params->tags = _glaux_athena_string_map_new ();
  return params;
}

GlauxWorkgroupParams *
glaux_workgroup_params_copy (const GlauxWorkgroupParams *params)
{
  GlauxWorkgroupParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_memdup2 (params, sizeof *params);
  copy->name = g_strdup (params->name);
  copy->description = g_strdup (params->description);
  copy->selected_engine_version = g_strdup (params->selected_engine_version);
  copy->output_location = g_strdup (params->output_location);
  copy->execution_role = g_strdup (params->execution_role);
  copy->customer_content_kms_key = g_strdup (params->customer_content_kms_key);
  copy->additional_configuration = g_strdup (params->additional_configuration);
  copy->result_encryption_option = g_strdup (params->result_encryption_option);
  copy->result_kms_key = g_strdup (params->result_kms_key);
  copy->tags = copy_map (params->tags);
  return copy;
}

void
glaux_workgroup_params_free (GlauxWorkgroupParams *params)
{
  if (params == NULL)
    return;

  g_free (params->name);
  g_free (params->description);
  g_free (params->selected_engine_version);
  g_free (params->output_location);
  g_free (params->execution_role);
  g_free (params->customer_content_kms_key);
  g_free (params->additional_configuration);
  g_free (params->result_encryption_option);
  g_free (params->result_kms_key);
  g_clear_pointer (&params->tags, g_hash_table_unref);
  g_free (params);
}

static JsonObject *
build_encryption (const GlauxWorkgroupParams *params)
{
  JsonObject *encryption = json_object_new ();

  json_object_set_string_member (encryption, "EncryptionOption", params->result_encryption_option);
  set_optional_string (encryption, "KmsKey", params->result_kms_key);
  return encryption;
}

static JsonObject *
build_string_object (const char *member,
                     const char *value)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, member, value);
  return object;
}

static JsonObject *
build_max_dpus (int max_concurrent_dpus)
{
  JsonObject *engine = json_object_new ();

  json_object_set_int_member (engine, "MaxConcurrentDpus", max_concurrent_dpus);
  return engine;
}

/* What CreateWorkGroup and UpdateWorkGroup spell the same way. */
static void
build_common_configuration (const GlauxWorkgroupParams *params,
                            JsonObject                 *config)
{
  if (params->selected_engine_version != NULL)
    json_object_set_object_member (config, "EngineVersion",
                                   build_string_object ("SelectedEngineVersion",
                                                        params->selected_engine_version));
  set_optional_string (config, "AdditionalConfiguration", params->additional_configuration);
  set_optional_string (config, "ExecutionRole", params->execution_role);
  if (params->max_concurrent_dpus != 0)
    json_object_set_object_member (config, "EngineConfiguration",
                                   build_max_dpus (params->max_concurrent_dpus));
}

/**
 * glaux_workgroup_params_build_create:
 * @params: the parameters
 *
 * Returns: (transfer full): the CreateWorkGroup request body, not yet validated
 */
JsonObject *
glaux_workgroup_params_build_create (const GlauxWorkgroupParams *params)
{
  JsonObject *request;
  JsonObject *config;
  JsonObject *result;

  g_return_val_if_fail (params != NULL, NULL);

  request = json_object_new ();
  config = json_object_new ();
  result = json_object_new ();

  set_optional_string (request, "Name", params->name);
  set_optional_string (result, "OutputLocation", params->output_location);
  if (params->result_encryption_option != NULL)
    json_object_set_object_member (result, "EncryptionConfiguration", build_encryption (params));
  set_nonempty_object (config, "ResultConfiguration", result);
  build_common_configuration (params, config);
  if (params->customer_content_kms_key != NULL)
    json_object_set_object_member (config, "CustomerContentEncryptionConfiguration",
                                   build_string_object ("KmsKey",
                                                        params->customer_content_kms_key));
  set_nonempty_object (request, "Configuration", config);
  set_optional_string (request, "Description", params->description);
  set_optional_tags (request, params->tags);
  return request;
}

static JsonObject *
build_result_updates (const GlauxWorkgroupParams *params)
{
  JsonObject *result = json_object_new ();

  if (g_strcmp0 (params->output_location, "") == 0)
    json_object_set_boolean_member (result, "RemoveOutputLocation", TRUE);
  else
    set_optional_string (result, "OutputLocation", params->output_location);

  if (g_strcmp0 (params->result_encryption_option, "") == 0)
    json_object_set_boolean_member (result, "RemoveEncryptionConfiguration", TRUE);
  else if (params->result_encryption_option != NULL)
    json_object_set_object_member (result, "EncryptionConfiguration", build_encryption (params));

  return result;
}

/**
 * glaux_workgroup_params_build_update:
 * @params: the parameters
 *
 * Returns: (transfer full): the UpdateWorkGroup request body, not yet validated
 */
JsonObject *
glaux_workgroup_params_build_update (const GlauxWorkgroupParams *params)
{
  JsonObject *request;
  JsonObject *updates;
  const char *state;

  g_return_val_if_fail (params != NULL, NULL);

  request = json_object_new ();
  updates = json_object_new ();

  set_optional_string (request, "WorkGroup", params->name);
  set_optional_string (request, "Description", params->description);
  set_nonempty_object (updates, "ResultConfigurationUpdates", build_result_updates (params));
  build_common_configuration (params, updates);
  if (g_strcmp0 (params->customer_content_kms_key, "") == 0)
    json_object_set_boolean_member (updates, "RemoveCustomerContentEncryptionConfiguration", TRUE);
  else if (params->customer_content_kms_key != NULL)
    json_object_set_object_member (updates, "CustomerContentEncryptionConfiguration",
                                   build_string_object ("KmsKey",
                                                        params->customer_content_kms_key));
  set_nonempty_object (request, "ConfigurationUpdates", updates);
  state = glaux_workgroup_state_to_string (params->state);
  set_optional_string (request, "State", state);
  return request;
}
