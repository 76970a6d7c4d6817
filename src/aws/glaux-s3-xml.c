/* glaux-s3-xml.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-s3-xml"

#include "config.h"

#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-s3-xml.h"

/* S3's XML answers are small and flat, so a GMarkup walk that reports each closed element by
 * its path below the root ("Contents/Key") is all the parsing needed. */
typedef void (*ElementFunc) (const char  *path,
                             const char  *text,
                             gboolean     start,
                             gpointer     user_data,
                             GError     **error);

typedef struct
{
  const char  *root;
  ElementFunc  func;
  gpointer     user_data;
  GPtrArray   *stack;
  GString     *text;
} Walk;

static char *
relative_path (Walk *walk)
{
  GString *path = g_string_new (NULL);

  for (guint i = 1; i < walk->stack->len; i++)
    {
      if (i > 1)
        g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (walk->stack, i));
    }

  return g_string_free (path, FALSE);
}

static void
walk_start (GMarkupParseContext  *context,
            const char           *element_name,
            const char          **attribute_names,
            const char          **attribute_values,
            gpointer              user_data,
            GError              **error)
{
  Walk *walk = user_data;
  g_autofree char *path = NULL;

  if (walk->stack->len == 0 && g_strcmp0 (element_name, walk->root) != 0)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "expected an S3 <%s> document, got <%s>", walk->root, element_name);
      return;
    }

  g_ptr_array_add (walk->stack, g_strdup (element_name));
  g_string_truncate (walk->text, 0);

  path = relative_path (walk);
  walk->func (path, NULL, TRUE, walk->user_data, error);
}

static void
walk_end (GMarkupParseContext  *context,
          const char           *element_name,
          gpointer              user_data,
          GError              **error)
{
  Walk *walk = user_data;
  g_autofree char *path = relative_path (walk);

  walk->func (path, walk->text->str, FALSE, walk->user_data, error);
  g_ptr_array_set_size (walk->stack, walk->stack->len - 1);
  g_string_truncate (walk->text, 0);
}

static void
walk_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 text_len,
           gpointer              user_data,
           GError              **error)
{
  Walk *walk = user_data;

  g_string_append_len (walk->text, text, text_len);
}

static gboolean
walk_document (const char   *data,
               gsize         length,
               const char   *root,
               ElementFunc   func,
               gpointer      user_data,
               GError      **error)
{
  static const GMarkupParser parser = { walk_start, walk_end, walk_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  Walk walk = { root, func, user_data, g_ptr_array_new_with_free_func (g_free), g_string_new (NULL) };
  gboolean ok;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &walk, NULL);
  ok = g_markup_parse_context_parse (context, data, length, error) &&
       g_markup_parse_context_end_parse (context, error);

  g_ptr_array_unref (walk.stack);
  g_string_free (walk.text, TRUE);

  return ok;
}

typedef struct
{
  GlauxS3ListResult *result;
  GlauxS3Object     *current;
} ListWalk;

static gboolean
parse_size (const char  *text,
            guint64     *size,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, size, &local_error))
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "the object size “%s” in the listing is not a number", text);
      return FALSE;
    }

  return TRUE;
}

static void
list_object_field (GlauxS3Object  *object,
                   const char     *field,
                   const char     *text,
                   GError        **error)
{
  if (g_str_equal (field, "Key"))
    {
      g_free (object->key);
      object->key = g_strdup (text);
    }
  else if (g_str_equal (field, "Size"))
    parse_size (text, &object->size, error);
  else if (g_str_equal (field, "ETag"))
    {
      g_free (object->etag);
      object->etag = g_strdup (text);
    }
  else if (g_str_equal (field, "StorageClass"))
    {
      g_free (object->storage_class);
      object->storage_class = g_strdup (text);
    }
  else if (g_str_equal (field, "LastModified"))
    {
      g_clear_pointer (&object->last_modified, g_date_time_unref);
      object->last_modified = g_date_time_new_from_iso8601 (text, NULL);
      if (object->last_modified == NULL)
        g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                     "the LastModified value “%s” in the listing is not an ISO 8601 time", text);
    }
}

static void
list_element (const char  *path,
              const char  *text,
              gboolean     start,
              gpointer     user_data,
              GError     **error)
{
  ListWalk *walk = user_data;

  if (start)
    {
      if (g_str_equal (path, "Contents"))
        walk->current = g_new0 (GlauxS3Object, 1);
      return;
    }

  if (g_str_equal (path, "Contents"))
    {
      if (walk->current->key == NULL)
        g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                             "a <Contents> entry of the listing has no <Key>");
      g_ptr_array_add (walk->result->objects, g_steal_pointer (&walk->current));
    }
  else if (g_str_has_prefix (path, "Contents/") && walk->current != NULL)
    list_object_field (walk->current, path + strlen ("Contents/"), text, error);
  else if (g_str_equal (path, "CommonPrefixes/Prefix"))
    g_ptr_array_add (walk->result->common_prefixes, g_strdup (text));
  else if (g_str_equal (path, "IsTruncated"))
    walk->result->is_truncated = g_str_equal (text, "true");
  else if (g_str_equal (path, "NextContinuationToken"))
    {
      g_free (walk->result->next_continuation_token);
      walk->result->next_continuation_token = g_strdup (text);
    }
}

/**
 * glaux_s3_xml_parse_list_result:
 *
 * Parses a ListObjectsV2 `<ListBucketResult>`.
 *
 * Returns: (transfer full): the listing, or %NULL with a %GLAUX_AWS_ERROR_INVALID_RESPONSE error
 */
GlauxS3ListResult *
glaux_s3_xml_parse_list_result (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(GlauxS3ListResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  ListWalk walk = { NULL, NULL };

  result = g_new0 (GlauxS3ListResult, 1);
  result->objects = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_s3_object_free);
  result->common_prefixes = g_ptr_array_new_with_free_func (g_free);
  walk.result = result;

  if (!walk_document (data, length, "ListBucketResult", list_element, &walk, &local_error))
    {
      g_clear_pointer (&walk.current, glaux_s3_object_free);
      if (local_error->domain == GLAUX_AWS_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                     "the ListObjectsV2 response is not valid XML: %s", local_error->message);
      return NULL;
    }

  if (result->is_truncated && result->next_continuation_token == NULL)
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                           "the listing is truncated but has no NextContinuationToken");
      return NULL;
    }

  return g_steal_pointer (&result);
}

static void
error_element (const char  *path,
               const char  *text,
               gboolean     start,
               gpointer     user_data,
               GError     **error)
{
  GlauxS3XmlError *parsed = user_data;
  char **field = NULL;

  if (start)
    return;

  if (g_str_equal (path, "Code"))
    field = &parsed->code;
  else if (g_str_equal (path, "Message"))
    field = &parsed->message;
  else if (g_str_equal (path, "RequestId"))
    field = &parsed->request_id;

  if (field != NULL)
    {
      g_free (*field);
      *field = g_strdup (text);
    }
}

/**
 * glaux_s3_xml_parse_error:
 *
 * Reads `<Error><Code>…<Message>…<RequestId>…</Error>`.
 *
 * Returns: %TRUE when the body is such a document with a Code
 */
gboolean
glaux_s3_xml_parse_error (const char      *data,
                          gsize            length,
                          GlauxS3XmlError *parsed)
{
  g_return_val_if_fail (parsed != NULL, FALSE);

  if (length == 0 ||
      !walk_document (data, length, "Error", error_element, parsed, NULL) ||
      parsed->code == NULL || *parsed->code == '\0')
    {
      glaux_s3_xml_error_clear (parsed);
      return FALSE;
    }

  return TRUE;
}

void
glaux_s3_xml_error_clear (GlauxS3XmlError *parsed)
{
  g_clear_pointer (&parsed->code, g_free);
  g_clear_pointer (&parsed->message, g_free);
  g_clear_pointer (&parsed->request_id, g_free);
}
