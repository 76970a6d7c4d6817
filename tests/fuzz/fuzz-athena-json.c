/* fuzz-athena-json.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Athena response bodies into records: the body is parsed as GlauxAwsJsonClient does, then
 * read the way the client reads each operation's answer (Get*, List* items, Start*, the
 * session endpoint, error bodies), and every property of the records is read back. */

#include "config.h"

#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-athena-json-private.h"
#include "glaux-aws-error.h"
#include "glaux-fuzz-util.h"
#include "glaux-json-parse.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  glaux_fuzz_init ();

  /* The types' class_init runs once, not on the first input that happens to need it. */
  g_type_ensure (GLAUX_TYPE_WORKGROUP);
  g_type_ensure (GLAUX_TYPE_SESSION);
  g_type_ensure (GLAUX_TYPE_CALCULATION);
  g_type_ensure (GLAUX_TYPE_EXECUTOR);

  return 0;
}

/* What a bound widget does: read every readable property. */
static void
read_properties (gpointer object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_READABLE) == 0)
        continue;
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (object), pspecs[i]->name, &value);
    }
}

/* Get*, Start* and the status calls update one object in place from the response or one of
 * its members; doing it twice is what polling does. */
static void
update_records (JsonObject *object)
{
  g_autoptr(GlauxWorkgroup) workgroup = glaux_workgroup_new ("primary");
  g_autoptr(GlauxSession) session = glaux_session_new ("session");
  g_autoptr(GlauxCalculation) calculation = glaux_calculation_new ("calculation");
  g_autoptr(GlauxExecutor) executor = glaux_executor_new ("executor");

  for (guint pass = 0; pass < 2; pass++)
    {
      glaux_workgroup_update_from_json (workgroup, object);
      glaux_session_update_from_json (session, object);
      glaux_calculation_update_from_json (calculation, object);
      glaux_executor_update_from_json (executor, object);
    }
  read_properties (workgroup);
  read_properties (session);
  read_properties (calculation);
  read_properties (executor);
}

/* List* pages: each object of the array is one item. */
static void
parse_items (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array) && i < 64; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);

      {
        g_autoptr(GlauxWorkgroup) workgroup = glaux_workgroup_new_from_json (item);
        g_autoptr(GlauxSession) session = glaux_session_new_from_json (item);
        g_autoptr(GlauxCalculation) calculation = glaux_calculation_new_from_json (item);
        g_autoptr(GlauxExecutor) executor = glaux_executor_new_from_json (item);
        GlauxEngineVersion *version = glaux_engine_version_new_from_json (item);
        GlauxApplicationDpuSizes *sizes = glaux_application_dpu_sizes_new_from_json (item);

        /* The list models keep copies. */
        glaux_engine_version_free (glaux_engine_version_copy (version));
        glaux_application_dpu_sizes_free (glaux_application_dpu_sizes_copy (sizes));
        g_clear_pointer (&version, glaux_engine_version_free);
        g_clear_pointer (&sizes, glaux_application_dpu_sizes_free);
        read_properties (workgroup);
        read_properties (session);
        read_properties (calculation);
        read_properties (executor);
      }
    }
}

static void
parse_response (JsonObject *response)
{
  g_autoptr(GlauxSessionEndpoint) endpoint = NULL;
  g_autoptr(GlauxSessionEndpoint) endpoint_copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GList) members = json_object_get_members (response);
  gint64 number;

  update_records (response);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (response, l->data);

      if (JSON_NODE_HOLDS_OBJECT (node))
        update_records (json_node_get_object (node));
      else if (JSON_NODE_HOLDS_ARRAY (node))
        parse_items (json_node_get_array (node));

      /* Any member may be read as a timestamp, a string or a number. */
      g_clear_pointer (&time, g_date_time_unref);
      time = _glaux_athena_timestamp_from_node (node, NULL);
      _glaux_athena_json_get_string (response, l->data);
      _glaux_athena_json_get_int64 (response, l->data, &number);
    }

  endpoint = glaux_session_endpoint_new_from_json (response, &error);
  g_assert ((endpoint == NULL) == (error != NULL));
  if (endpoint != NULL)
    endpoint_copy = glaux_session_endpoint_copy (endpoint);
}

/* An error answer: the type from __type or code, sanitised, and the message. */
static void
parse_error_body (JsonObject *object)
{
  const char *members[] = { "__type", "code", "message", "Message" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *text = _glaux_athena_json_get_string (object, members[i]);
      g_autofree char *name = text != NULL ? glaux_aws_error_sanitize_type (text) : NULL;
      g_autoptr(GError) error = NULL;

      glaux_aws_error_set_service (&error, name != NULL ? name : "500", text, 400, "request-id");
      g_assert (error != NULL);
      glaux_aws_error_is_retryable (error);
      glaux_aws_error_get_name (error);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  /* As the JSON client reads a body: the whole body, which must hold one object. */
  if (!glaux_json_parser_load_from_data (parser, (const char *)data, size, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  parse_response (json_node_get_object (root));
  parse_error_body (json_node_get_object (root));

  return 0;
}
