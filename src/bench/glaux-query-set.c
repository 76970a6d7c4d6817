/* glaux-query-set.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-query-set"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "glaux-query-set.h"
#include "glaux-tpch.h"

typedef struct
{
  char               *id;
  GlauxQueryLanguage  language;
  char               *code;
} Query;

struct _GlauxQuerySet
{
  GObject    parent_instance;

  char      *benchmark_id;
  char      *benchmark_name;
  GPtrArray *queries;   /* of Query */
  gboolean   is_tpch;
};

G_DEFINE_FINAL_TYPE (GlauxQuerySet, glaux_query_set, G_TYPE_OBJECT)

static void
query_free (Query *query)
{
  g_free (query->id);
  g_free (query->code);
  g_free (query);
}

static void
glaux_query_set_finalize (GObject *object)
{
  GlauxQuerySet *self = (GlauxQuerySet *)object;

  g_free (self->benchmark_id);
  g_free (self->benchmark_name);
  g_ptr_array_unref (self->queries);

  G_OBJECT_CLASS (glaux_query_set_parent_class)->finalize (object);
}

static void
glaux_query_set_class_init (GlauxQuerySetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glaux_query_set_finalize;
}

static void
glaux_query_set_init (GlauxQuerySet *self)
{
  self->queries = g_ptr_array_new_with_free_func ((GDestroyNotify)query_free);
}

static void
add_query (GlauxQuerySet      *self,
           const char         *id,
           GlauxQueryLanguage  language,
           const char         *code)
{
  Query *query = g_new0 (Query, 1);

  query->id = g_strdup (id);
  query->language = language;
  query->code = g_strdup (code);
  g_ptr_array_add (self->queries, query);
}

GlauxQuerySet *
glaux_query_set_new_tpch (void)
{
  GlauxQuerySet *self = g_object_new (GLAUX_TYPE_QUERY_SET, NULL);

  self->benchmark_id = g_strdup ("tpch");
  self->benchmark_name = g_strdup ("TPC-H");
  self->is_tpch = TRUE;
  for (guint i = 1; i <= GLAUX_TPCH_N_QUERIES; i++)
    {
      char id[8];

      g_snprintf (id, sizeof id, "%u", i);
      add_query (self, id, GLAUX_QUERY_LANGUAGE_SQL, glaux_tpch_get_query (i));
    }

  return self;
}

/* Natural order */

int
glaux_query_set_compare_natural (const char *a,
                                 const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *a_end, *b_end;
          gsize a_len, b_len;
          int order;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (a_end = a; g_ascii_isdigit (*a_end); a_end++);
          for (b_end = b; g_ascii_isdigit (*b_end); b_end++);
          a_len = a_end - a;
          b_len = b_end - b;
          if (a_len != b_len)
            return a_len < b_len ? -1 : 1;
          if ((order = strncmp (a, b, a_len)) != 0)
            return order;
          a = a_end;
          b = b_end;
          continue;
        }
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return g_ascii_tolower (*a) < g_ascii_tolower (*b) ? -1 : 1;
      a++;
      b++;
    }

  return (*a != '\0') - (*b != '\0');
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *name_a = *(const char * const *)a;
  const char *name_b = *(const char * const *)b;
  int order = glaux_query_set_compare_natural (name_a, name_b);

  /* Same natural order ("q1" and "q01"): keep a stable, total order. */
  return order != 0 ? order : strcmp (name_a, name_b);
}

/* "q01.sql" → "1", "Q14a.py" → "14a", "setup.sql" → "setup". */
static char *
id_from_file_name (const char *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *base = g_strndup (name, dot != NULL ? (gsize)(dot - name) : strlen (name));
  const char *id = base;

  if ((id[0] == 'q' || id[0] == 'Q') && g_ascii_isdigit (id[1]))
    id++;
  while (id[0] == '0' && g_ascii_isdigit (id[1]))
    id++;

  return g_strdup (id);
}

static gboolean
language_for_name (const char         *name,
                   GlauxQueryLanguage *language)
{
  if (g_str_has_suffix (name, ".sql") || g_str_has_suffix (name, ".SQL"))
    *language = GLAUX_QUERY_LANGUAGE_SQL;
  else if (g_str_has_suffix (name, ".py") || g_str_has_suffix (name, ".PY"))
    *language = GLAUX_QUERY_LANGUAGE_PYTHON;
  else
    return FALSE;

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static gboolean
add_file (GlauxQuerySet  *self,
          GFile          *folder,
          const char     *name,
          GHashTable     *ids,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *id = id_from_file_name (name);
  g_autofree char *display = g_filename_display_name (name);
  const char *other;
  GlauxQueryLanguage language = GLAUX_QUERY_LANGUAGE_SQL;
  gsize length = 0;

  language_for_name (name, &language);
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Cannot read the query file “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The query file “%s” is not UTF-8 text; save it as UTF-8"), display);
      return FALSE;
    }
  if (is_blank (contents))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The query file “%s” is empty; add a query or remove the file"), display);
      return FALSE;
    }
  if ((other = g_hash_table_lookup (ids, id)) != NULL)
    {
      g_autofree char *other_display = g_filename_display_name (other);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The query files “%s” and “%s” both give query id “%s”; rename one"),
                   other_display, display, id);
      return FALSE;
    }

  g_hash_table_insert (ids, g_strdup (id), g_strdup (name));
  add_query (self, id, language, contents);

  return TRUE;
}

GlauxQuerySet *
glaux_query_set_new_from_folder (GFile         *folder,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GlauxQuerySet) self = NULL;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *folder_name = NULL;
  GFileInfo *info;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder_name = g_file_get_parse_name (folder);
  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (enumerator == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the query folder “%s”: %s"), folder_name,
                   local_error->message);
      return NULL;
    }

  while ((info = g_file_enumerator_next_file (enumerator, cancellable, &local_error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);
      GlauxQueryLanguage language;

      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY && name[0] != '.'
          && language_for_name (name, &language))
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }
  if (local_error != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the query folder “%s”: %s"), folder_name,
                   local_error->message);
      return NULL;
    }
  if (names->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder “%s” holds no .sql or .py query files"), folder_name);
      return NULL;
    }

  g_ptr_array_sort (names, compare_names);

  self = g_object_new (GLAUX_TYPE_QUERY_SET, NULL);
  basename = g_file_get_basename (folder);
  self->benchmark_id = g_filename_display_name (basename);
  self->benchmark_name = g_strdup (self->benchmark_id);
  for (guint i = 0; i < names->len; i++)
    if (!add_file (self, folder, g_ptr_array_index (names, i), ids, cancellable, error))
      return NULL;

  return g_steal_pointer (&self);
}

static void
load_folder_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GlauxQuerySet *set = glaux_query_set_new_from_folder (task_data, cancellable, &error);

  if (set == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, set, g_object_unref);
}

void
glaux_query_set_new_from_folder_async (GFile               *folder,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_query_set_new_from_folder_async);
  g_task_set_task_data (task, g_object_ref (folder), g_object_unref);
  g_task_run_in_thread (task, load_folder_thread);
}

GlauxQuerySet *
glaux_query_set_new_from_folder_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GlauxQuerySet *
glaux_query_set_filter (GlauxQuerySet      *self,
                        const char * const *ids)
{
  GlauxQuerySet *subset;

  g_return_val_if_fail (GLAUX_IS_QUERY_SET (self), NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  subset = g_object_new (GLAUX_TYPE_QUERY_SET, NULL);
  subset->benchmark_id = g_strdup (self->benchmark_id);
  subset->benchmark_name = g_strdup (self->benchmark_name);
  subset->is_tpch = self->is_tpch;
  for (guint i = 0; i < self->queries->len; i++)
    {
      Query *query = g_ptr_array_index (self->queries, i);

      if (g_strv_contains (ids, query->id))
        add_query (subset, query->id, query->language, query->code);
    }

  return subset;
}

/* Getters */

const char *
glaux_query_set_get_benchmark_id (GlauxQuerySet *self)
{
  g_return_val_if_fail (GLAUX_IS_QUERY_SET (self), NULL);

  return self->benchmark_id;
}

const char *
glaux_query_set_get_benchmark_name (GlauxQuerySet *self)
{
  g_return_val_if_fail (GLAUX_IS_QUERY_SET (self), NULL);

  return self->benchmark_name;
}

gboolean
glaux_query_set_get_is_tpch (GlauxQuerySet *self)
{
  g_return_val_if_fail (GLAUX_IS_QUERY_SET (self), FALSE);

  return self->is_tpch;
}

guint
glaux_query_set_get_n_queries (GlauxQuerySet *self)
{
  g_return_val_if_fail (GLAUX_IS_QUERY_SET (self), 0);

  return self->queries->len;
}

static Query *
get_query (GlauxQuerySet *self,
           guint          index)
{
  g_return_val_if_fail (GLAUX_IS_QUERY_SET (self), NULL);
  g_return_val_if_fail (index < self->queries->len, NULL);

  return g_ptr_array_index (self->queries, index);
}

const char *
glaux_query_set_get_id (GlauxQuerySet *self,
                        guint          index)
{
  Query *query = get_query (self, index);

  return query != NULL ? query->id : NULL;
}

GlauxQueryLanguage
glaux_query_set_get_language (GlauxQuerySet *self,
                              guint          index)
{
  Query *query = get_query (self, index);

  return query != NULL ? query->language : GLAUX_QUERY_LANGUAGE_SQL;
}

const char *
glaux_query_set_get_code (GlauxQuerySet *self,
                          guint          index)
{
  Query *query = get_query (self, index);

  return query != NULL ? query->code : NULL;
}

char *
glaux_query_set_get_code_block (GlauxQuerySet *self,
                                guint          index)
{
  Query *query = get_query (self, index);

  if (query == NULL)
    return NULL;
  if (query->language == GLAUX_QUERY_LANGUAGE_PYTHON)
    return g_strdup (query->code);

  return g_strconcat ("%%sql\n", query->code, NULL);
}
