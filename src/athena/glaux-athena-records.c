/* glaux-athena-records.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-athena-records"

#include "config.h"

#include <string.h>

#include "glaux-athena-json-private.h"
#include "glaux-athena-records.h"
#include "glaux-aws-error.h"

G_DEFINE_BOXED_TYPE (GlauxEngineVersion, glaux_engine_version,
                     glaux_engine_version_copy, glaux_engine_version_free)
G_DEFINE_BOXED_TYPE (GlauxApplicationDpuSizes, glaux_application_dpu_sizes,
                     glaux_application_dpu_sizes_copy, glaux_application_dpu_sizes_free)
G_DEFINE_BOXED_TYPE (GlauxSessionEndpoint, glaux_session_endpoint,
                     glaux_session_endpoint_copy, glaux_session_endpoint_free)

/**
 * glaux_engine_version_new_from_json:
 * @json: an EngineVersion object
 *
 * Returns: (transfer full): the engine version; absent members stay %NULL
 */
GlauxEngineVersion *
glaux_engine_version_new_from_json (JsonObject *json)
{
  GlauxEngineVersion *version;

  g_return_val_if_fail (json != NULL, NULL);

  version = g_new0 (GlauxEngineVersion, 1);
  version->selected = g_strdup (_glaux_athena_json_get_string (json, "SelectedEngineVersion"));
  version->effective = g_strdup (_glaux_athena_json_get_string (json, "EffectiveEngineVersion"));
  return version;
}

GlauxEngineVersion *
glaux_engine_version_copy (const GlauxEngineVersion *version)
{
  GlauxEngineVersion *copy;

  g_return_val_if_fail (version != NULL, NULL);

  copy = g_new0 (GlauxEngineVersion, 1);
  copy->selected = g_strdup (version->selected);
  copy->effective = g_strdup (version->effective);
  return copy;
}

void
glaux_engine_version_free (GlauxEngineVersion *version)
{
  if (version == NULL)
    return;

  g_free (version->selected);
  g_free (version->effective);
  g_free (version);
}

/**
 * glaux_application_dpu_sizes_new_from_json:
 * @json: an ApplicationDPUSizes object
 *
 * Returns: (transfer full): the runtime and its DPU sizes; entries that are not integers are
 *   skipped
 */
GlauxApplicationDpuSizes *
glaux_application_dpu_sizes_new_from_json (JsonObject *json)
{
  GlauxApplicationDpuSizes *sizes;
  JsonNode *list;

  g_return_val_if_fail (json != NULL, NULL);

  sizes = g_new0 (GlauxApplicationDpuSizes, 1);
  sizes->runtime_id = g_strdup (_glaux_athena_json_get_string (json, "ApplicationRuntimeId"));
  sizes->sizes = g_array_new (FALSE, FALSE, sizeof (int));

  list = json_object_get_member (json, "SupportedDPUSizes");
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          int size;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_INT64)
            continue;

          size = (int) json_node_get_int (element);
          g_array_append_val (sizes->sizes, size);
        }
    }

  return sizes;
}

GlauxApplicationDpuSizes *
glaux_application_dpu_sizes_copy (const GlauxApplicationDpuSizes *sizes)
{
  GlauxApplicationDpuSizes *copy;

  g_return_val_if_fail (sizes != NULL, NULL);

  copy = g_new0 (GlauxApplicationDpuSizes, 1);
  copy->runtime_id = g_strdup (sizes->runtime_id);
  copy->sizes = g_array_copy (sizes->sizes);
  return copy;
}

void
glaux_application_dpu_sizes_free (GlauxApplicationDpuSizes *sizes)
{
  if (sizes == NULL)
    return;

  g_free (sizes->runtime_id);
  g_clear_pointer (&sizes->sizes, g_array_unref);
  g_free (sizes);
}

static const char *
require_string (JsonObject  *json,
                const char  *member,
                GError     **error)
{
  const char *value = _glaux_athena_json_get_string (json, member);

  if (value == NULL)
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                 "GetSessionEndpoint response has no %s string", member);
  return value;
}

/**
 * glaux_session_endpoint_new_from_json:
 * @json: a GetSessionEndpoint response
 * @error: set when a required member is missing or malformed
 *
 * Returns: (transfer full) (nullable): the endpoint
 */
GlauxSessionEndpoint *
glaux_session_endpoint_new_from_json (JsonObject  *json,
                                      GError     **error)
{
  g_autoptr(GlauxSessionEndpoint) endpoint = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *expiration;
  const char *url;
  const char *token;

  g_return_val_if_fail (json != NULL, NULL);

  if ((url = require_string (json, "EndpointUrl", error)) == NULL ||
      (token = require_string (json, "AuthToken", error)) == NULL)
    return NULL;

  endpoint = g_new0 (GlauxSessionEndpoint, 1);
  endpoint->endpoint_url = g_strdup (url);
  endpoint->auth_token = g_strdup (token);

  expiration = json_object_get_member (json, "AuthTokenExpirationTime");
  endpoint->auth_token_expiration = _glaux_athena_timestamp_from_node (expiration, &local_error);
  if (endpoint->auth_token_expiration == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "GetSessionEndpoint response: AuthTokenExpirationTime: %s",
                   local_error->message);
      return NULL;
    }

  return g_steal_pointer (&endpoint);
}

GlauxSessionEndpoint *
glaux_session_endpoint_copy (const GlauxSessionEndpoint *endpoint)
{
  GlauxSessionEndpoint *copy;

  g_return_val_if_fail (endpoint != NULL, NULL);

  copy = g_new0 (GlauxSessionEndpoint, 1);
  copy->endpoint_url = g_strdup (endpoint->endpoint_url);
  copy->auth_token = g_strdup (endpoint->auth_token);
  if (endpoint->auth_token_expiration != NULL)
    copy->auth_token_expiration = g_date_time_ref (endpoint->auth_token_expiration);
  return copy;
}

/* The token is a credential for the Spark Connect endpoint: wiped before it is freed. */
void
glaux_session_endpoint_free (GlauxSessionEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;

  g_free (endpoint->endpoint_url);
  if (endpoint->auth_token != NULL)
    memset (endpoint->auth_token, 0, strlen (endpoint->auth_token));
  g_free (endpoint->auth_token);
  g_clear_pointer (&endpoint->auth_token_expiration, g_date_time_unref);
  g_free (endpoint);
}
