/* glaux-athena-json.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-athena-json"

#include "config.h"

#include <math.h>

#include "glaux-athena-json-private.h"

static JsonNode *
get_value_node (JsonObject *object,
                const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

JsonObject *
_glaux_athena_json_get_object (JsonObject *object,
                               const char *member)
{
  JsonNode *node = get_value_node (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
_glaux_athena_json_get_string (JsonObject *object,
                               const char *member)
{
  JsonNode *node = get_value_node (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Longs arrive as plain integers, but a server that writes them as doubles ("1.5e3") is read
 * too, rounded to the nearest integer. */
gboolean
_glaux_athena_json_get_int64 (JsonObject *object,
                              const char *member,
                              gint64     *value)
{
  JsonNode *node = get_value_node (object, member);
  GType type;
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type != G_TYPE_DOUBLE)
    return FALSE;

  d = json_node_get_double (node);
  if (!isfinite (d) || d >= 9.2e18 || d <= -9.2e18)
    return FALSE;

  *value = (gint64) llround (d);
  return TRUE;
}

static GDateTime *
timestamp_from_seconds (double   seconds,
                        GError **error)
{
  g_autoptr(GDateTime) whole = NULL;
  gint64 usec;
  gint64 secs;

  /* GDateTime covers years 1..9999; beyond ±2^53 µs a double has lost precision anyway. */
  if (!isfinite (seconds) || fabs (seconds) > 9.0e9)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "timestamp %g is out of range", seconds);
      return NULL;
    }

  usec = llround (seconds * G_USEC_PER_SEC);
  secs = usec / G_USEC_PER_SEC;
  if (usec % G_USEC_PER_SEC < 0)
    secs--;

  whole = g_date_time_new_from_unix_utc (secs);
  if (whole == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "timestamp %g is out of range", seconds);
      return NULL;
    }

  return g_date_time_add (whole, usec - secs * G_USEC_PER_SEC);
}

static GDateTime *
timestamp_from_string (const char  *text,
                       GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *parsed;
  char *end = NULL;
  double seconds;

  parsed = g_date_time_new_from_iso8601 (text, utc);
  if (parsed != NULL)
    {
      GDateTime *in_utc = g_date_time_to_utc (parsed);

      g_date_time_unref (parsed);
      return in_utc;
    }

  /* Some servers quote the epoch number. */
  seconds = g_ascii_strtod (text, &end);
  if (end != text && end != NULL && *end == '\0')
    return timestamp_from_seconds (seconds, error);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "'%s' is neither epoch seconds nor an ISO-8601 date", text);
  return NULL;
}

/* awsJson1_1 timestamps are epoch seconds as any JSON number form (integer, fraction,
 * exponent); botocore also accepts ISO-8601 strings, so Glaux does too. The result is UTC. */
GDateTime *
_glaux_athena_timestamp_from_node (JsonNode  *node,
                                   GError   **error)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "timestamp is not a number or a string");
      return NULL;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return timestamp_from_seconds ((double) json_node_get_int (node), error);
  if (type == G_TYPE_DOUBLE)
    return timestamp_from_seconds (json_node_get_double (node), error);
  if (type == G_TYPE_STRING)
    return timestamp_from_string (json_node_get_string (node), error);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "timestamp is not a number or a string");
  return NULL;
}

/* g_set_str () is GLib 2.76. */
gboolean
_glaux_athena_set_string (char       **field,
                          const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
_glaux_athena_update_string (GObject     *object,
                             GParamSpec  *pspec,
                             char       **field,
                             JsonObject  *json,
                             const char  *member)
{
  const char *value = _glaux_athena_json_get_string (json, member);

  if (value != NULL && _glaux_athena_set_string (field, value))
    g_object_notify_by_pspec (object, pspec);
}

void
_glaux_athena_set_int (GObject    *object,
                       GParamSpec *pspec,
                       int        *field,
                       int         value)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
_glaux_athena_set_int64 (GObject    *object,
                         GParamSpec *pspec,
                         gint64     *field,
                         gint64      value)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
_glaux_athena_update_int (GObject    *object,
                          GParamSpec *pspec,
                          int        *field,
                          JsonObject *json,
                          const char *member)
{
  gint64 value;

  if (_glaux_athena_json_get_int64 (json, member, &value) && value >= G_MININT && value <= G_MAXINT)
    _glaux_athena_set_int (object, pspec, field, (int) value);
}

void
_glaux_athena_update_int64 (GObject    *object,
                            GParamSpec *pspec,
                            gint64     *field,
                            JsonObject *json,
                            const char *member)
{
  gint64 value;

  if (_glaux_athena_json_get_int64 (json, member, &value))
    _glaux_athena_set_int64 (object, pspec, field, value);
}

void
_glaux_athena_update_boolean (GObject    *object,
                              GParamSpec *pspec,
                              gboolean   *field,
                              JsonObject *json,
                              const char *member)
{
  JsonNode *node = get_value_node (json, member);
  gboolean value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return;

  value = json_node_get_boolean (node);
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
_glaux_athena_update_time (GObject     *object,
                           GParamSpec  *pspec,
                           GDateTime  **field,
                           JsonObject  *json,
                           const char  *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) value = NULL;
  JsonNode *node = get_value_node (json, member);

  if (node == NULL)
    return;

  value = _glaux_athena_timestamp_from_node (node, &error);
  if (value == NULL)
    {
      g_debug ("Ignoring %s: %s", member, error->message);
      return;
    }

  if (*field != NULL && g_date_time_equal (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = g_steal_pointer (&value);
  g_object_notify_by_pspec (object, pspec);
}

GHashTable *
_glaux_athena_string_map_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

gboolean
_glaux_athena_string_map_equal (GHashTable *a,
                                GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
        return FALSE;
    }

  return TRUE;
}

/* A JSON object of string values; non-string values are skipped rather than guessed at. */
void
_glaux_athena_update_string_map (GObject     *object,
                                 GParamSpec  *pspec,
                                 GHashTable **field,
                                 JsonObject  *json,
                                 const char  *member)
{
  g_autoptr(GHashTable) map = NULL;
  JsonObject *source = _glaux_athena_json_get_object (json, member);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (source == NULL)
    return;

  map = _glaux_athena_string_map_new ();
  json_object_iter_init (&iter, source);
  while (json_object_iter_next (&iter, &key, &node))
    {
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_insert (map, g_strdup (key), g_strdup (json_node_get_string (node)));
    }

  if (_glaux_athena_string_map_equal (*field, map))
    return;

  g_hash_table_unref (*field);
  *field = g_steal_pointer (&map);
  g_object_notify_by_pspec (object, pspec);
}

/* Unknown wire values are kept: @name holds the raw string and @value becomes UNKNOWN (0). */
void
_glaux_athena_update_enum (GObject     *object,
                           GParamSpec  *value_pspec,
                           GParamSpec  *name_pspec,
                           int         *value,
                           char       **name,
                           JsonObject  *json,
                           const char  *member,
                           int        (*from_string) (const char *))
{
  const char *text = _glaux_athena_json_get_string (json, member);

  if (text == NULL)
    return;

  _glaux_athena_set_int (object, value_pspec, value, from_string (text));
  if (_glaux_athena_set_string (name, text))
    g_object_notify_by_pspec (object, name_pspec);
}
