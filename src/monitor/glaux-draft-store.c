/* glaux-draft-store.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-draft-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "glaux-draft-store.h"

#define DRAFT_SUFFIX ".json"
/* Workspace keys longer than this (escaped) are hashed, to stay well inside NAME_MAX. */
#define MAX_READABLE_KEY 120

/* Writes are serialised per file: one job in flight, and at most one waiting behind it (the
 * newest contents, or a removal), so a burst of keystrokes costs two writes, not hundreds. */
typedef struct
{
  char    *path;
  GBytes  *next;          /* contents to write after the one in flight; NULL: delete */
  gboolean has_next;
} Pending;

struct _GlauxDraftStore
{
  GObject     parent_instance;

  char       *directory;
  GHashTable *pending;    /* path → Pending, while a job for that file runs */
};

G_DEFINE_FINAL_TYPE (GlauxDraftStore, glaux_draft_store, G_TYPE_OBJECT)

static void
pending_free (Pending *pending)
{
  g_free (pending->path);
  g_clear_pointer (&pending->next, g_bytes_unref);
  g_free (pending);
}

static void
glaux_draft_store_finalize (GObject *object)
{
  GlauxDraftStore *self = (GlauxDraftStore *)object;

  /* Jobs hold a reference: nothing is pending once the last one is gone. */
  g_warn_if_fail (g_hash_table_size (self->pending) == 0);
  g_hash_table_unref (self->pending);
  g_free (self->directory);

  G_OBJECT_CLASS (glaux_draft_store_parent_class)->finalize (object);
}

static void
glaux_draft_store_class_init (GlauxDraftStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_draft_store_finalize;
}

static void
glaux_draft_store_init (GlauxDraftStore *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify)pending_free);
}

/**
 * glaux_draft_store_new:
 * @directory: where the drafts live (created when first needed)
 *
 * Returns: (transfer full): a store
 */
GlauxDraftStore *
glaux_draft_store_new (const char *directory)
{
  GlauxDraftStore *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_DRAFT_STORE, NULL);
  self->directory = g_strdup (directory);

  return self;
}

/**
 * glaux_draft_store_get_default:
 *
 * Returns: (transfer none): the store under $XDG_DATA_HOME/glaux/drafts/
 */
GlauxDraftStore *
glaux_draft_store_get_default (void)
{
  static GlauxDraftStore *store;

  if (g_once_init_enter (&store))
    {
      g_autofree char *directory = g_build_filename (g_get_user_data_dir (), "glaux", "drafts",
                                                     NULL);

      g_once_init_leave (&store, glaux_draft_store_new (directory));
    }

  return store;
}

/* Paths */

/* A folder name for any workspace key: readable when the escaped key is a plain name, a hash
 * otherwise ("..", a leading dot, an overlong key). */
static char *
workspace_folder (const char *workspace)
{
  g_autofree char *escaped = g_uri_escape_string (workspace, NULL, FALSE);
  g_autofree char *hash = NULL;

  if (escaped[0] != '\0' && escaped[0] != '.' && strlen (escaped) <= MAX_READABLE_KEY)
    return g_steal_pointer (&escaped);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, workspace, -1);

  return g_strconcat ("_", hash, NULL);
}

static char *
workspace_path (GlauxDraftStore *self,
                const char      *workspace)
{
  g_autofree char *folder = workspace_folder (workspace);

  return g_build_filename (self->directory, folder, NULL);
}

static char *
draft_path (GlauxDraftStore *self,
            const char      *workspace,
            const char      *draft_id)
{
  g_autofree char *folder = workspace_path (self, workspace);
  g_autofree char *escaped = g_uri_escape_string (draft_id, NULL, FALSE);
  g_autofree char *name = NULL;

  /* Names starting with a dot are skipped when loading (hidden and temporary files). */
  if (escaped[0] == '.')
    name = g_strconcat ("%2E", escaped + 1, DRAFT_SUFFIX, NULL);
  else
    name = g_strconcat (escaped, DRAFT_SUFFIX, NULL);

  return g_build_filename (folder, name, NULL);
}

/* Drafts */

/**
 * glaux_draft_new:
 * @language: "python" or "sql"
 *
 * Returns: (transfer full): a draft with a new id, at position 0
 */
GlauxDraft *
glaux_draft_new (const char *title,
                 const char *language,
                 const char *text)
{
  GlauxDraft *draft = g_new0 (GlauxDraft, 1);

  draft->id = g_uuid_string_random ();
  draft->title = g_strdup (title != NULL ? title : "");
  draft->language = g_strdup (language != NULL ? language : "python");
  draft->text = g_strdup (text != NULL ? text : "");

  return draft;
}

void
glaux_draft_free (GlauxDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->id);
  g_free (draft->title);
  g_free (draft->language);
  g_free (draft->text);
  g_free (draft);
}

static GBytes *
draft_to_json (const GlauxDraft *draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, draft->title != NULL ? draft->title : "");
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, draft->language != NULL ? draft->language : "python");
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, draft->position);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, draft->text != NULL ? draft->text : "");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static GlauxDraft *
draft_from_json (const char  *id,
                 const char  *contents,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GlauxDraft) draft = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *text;
  gint64 position;

  if (!json_parser_load_from_data (parser, contents, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  text = object != NULL ? json_object_get_member (object, "text") : NULL;
  if (text == NULL || json_node_get_value_type (text) != G_TYPE_STRING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "not a draft (no “text” string)");
      return NULL;
    }

  draft = g_new0 (GlauxDraft, 1);
  draft->id = g_strdup (id);
  draft->title = g_strdup (json_object_get_string_member_with_default (object, "title", ""));
  draft->language = g_strdup (json_object_get_string_member_with_default (object, "language",
                                                                          "python"));
  draft->text = g_strdup (json_node_get_string (text));
  position = json_object_get_int_member_with_default (object, "position", 0);
  draft->position = (guint)CLAMP (position, 0, G_MAXUINT);

  return g_steal_pointer (&draft);
}

/* Loading */

static int
compare_drafts (gconstpointer a,
                gconstpointer b)
{
  const GlauxDraft *draft_a = *(GlauxDraft * const *)a;
  const GlauxDraft *draft_b = *(GlauxDraft * const *)b;

  if (draft_a->position != draft_b->position)
    return draft_a->position < draft_b->position ? -1 : 1;

  return g_strcmp0 (draft_a->id, draft_b->id);
}

/* A draft that cannot be read is reported and left on disk (never deleted: it may be the only
 * copy of someone's work); the others load. */
static GPtrArray *
load_folder (const char  *folder,
             GError     **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_draft_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&drafts);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Cannot read the drafts folder %s: "), folder);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *escaped_id = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GError) draft_error = NULL;
      GlauxDraft *draft;
      gsize length;

      /* Temporary files of interrupted writes end in a random suffix, not ".json". */
      if (name[0] == '.' || !g_str_has_suffix (name, DRAFT_SUFFIX))
        continue;

      path = g_build_filename (folder, name, NULL);
      escaped_id = g_strndup (name, strlen (name) - strlen (DRAFT_SUFFIX));
      id = g_uri_unescape_string (escaped_id, NULL);
      if (id == NULL)
        id = g_strdup (escaped_id);

      if (!g_file_get_contents (path, &contents, &length, &draft_error) ||
          (draft = draft_from_json (id, contents, length, &draft_error)) == NULL)
        {
          g_warning ("Skipping the unreadable draft %s: %s", path, draft_error->message);
          continue;
        }

      g_ptr_array_add (drafts, draft);
    }

  g_ptr_array_sort (drafts, compare_drafts);

  return g_steal_pointer (&drafts);
}

/**
 * glaux_draft_store_load:
 *
 * Reads the workspace's drafts (blocking). A missing folder is an empty list.
 *
 * Returns: (transfer container) (element-type GlauxDraft): the drafts in tab order
 */
GPtrArray *
glaux_draft_store_load (GlauxDraftStore  *self,
                        const char       *workspace,
                        GError          **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (GLAUX_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (workspace != NULL, NULL);

  folder = workspace_path (self, workspace);

  return load_folder (folder, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *drafts;
  GError *error = NULL;

  drafts = load_folder (task_data, &error);
  if (drafts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, drafts, (GDestroyNotify)g_ptr_array_unref);
}

void
glaux_draft_store_load_async (GlauxDraftStore     *self,
                              const char          *workspace,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GLAUX_IS_DRAFT_STORE (self));
  g_return_if_fail (workspace != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_draft_store_load_async);
  g_task_set_task_data (task, workspace_path (self, workspace), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * glaux_draft_store_load_finish:
 *
 * Returns: (transfer container) (element-type GlauxDraft): the drafts in tab order
 */
GPtrArray *
glaux_draft_store_load_finish (GlauxDraftStore  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (GLAUX_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writing */

typedef struct
{
  char   *path;
  GBytes *contents;   /* NULL: delete the file */
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_clear_pointer (&job->contents, g_bytes_unref);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *folder = g_path_get_dirname (job->path);
  GError *error = NULL;
  int saved_errno;

  if (job->contents == NULL)
    {
      if (g_unlink (job->path) != 0 && errno != ENOENT)
        {
          saved_errno = errno;
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   "Cannot remove the draft %s: %s", job->path,
                                   g_strerror (saved_errno));
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "Cannot create the drafts folder %s: %s", folder,
                               g_strerror (saved_errno));
      return;
    }

  /* CONSISTENT: a temporary file renamed over the draft, so a reader (or the next start after
   * a crash) sees the old text or the new one, never half of it. Drafts may hold secrets: 0600. */
  if (!g_file_set_contents_full (job->path, g_bytes_get_data (job->contents, NULL),
                                 g_bytes_get_size (job->contents),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void start_job (GlauxDraftStore *self,
                       Pending         *pending,
                       GBytes          *contents);

static void
job_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GlauxDraftStore *self = GLAUX_DRAFT_STORE (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) next = NULL;
  Pending *pending;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("%s", error->message);

  pending = g_hash_table_lookup (self->pending, job->path);
  g_return_if_fail (pending != NULL);

  if (!pending->has_next)
    {
      g_hash_table_remove (self->pending, job->path);
      return;
    }

  next = g_steal_pointer (&pending->next);
  pending->has_next = FALSE;
  start_job (self, pending, next);
}

static void
start_job (GlauxDraftStore *self,
           Pending         *pending,
           GBytes          *contents)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_cb, NULL);
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (pending->path);
  job->contents = contents != NULL ? g_bytes_ref (contents) : NULL;
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, job_thread);
}

/* Writes @contents (NULL: deletes) now, or after the job in flight for the same file. */
static void
queue_job (GlauxDraftStore *self,
           char            *path,
           GBytes          *contents)
{
  Pending *pending = g_hash_table_lookup (self->pending, path);

  if (pending != NULL)
    {
      g_clear_pointer (&pending->next, g_bytes_unref);
      pending->next = contents != NULL ? g_bytes_ref (contents) : NULL;
      pending->has_next = TRUE;
      g_free (path);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->path = path;
  g_hash_table_insert (self->pending, pending->path, pending);
  start_job (self, pending, contents);
}

/**
 * glaux_draft_store_save:
 *
 * Saves @draft (its id names the file) in the background; the latest save of a draft always
 * reaches the disk last.
 */
void
glaux_draft_store_save (GlauxDraftStore  *self,
                        const char       *workspace,
                        const GlauxDraft *draft)
{
  g_autoptr(GBytes) contents = NULL;

  g_return_if_fail (GLAUX_IS_DRAFT_STORE (self));
  g_return_if_fail (workspace != NULL);
  g_return_if_fail (draft != NULL && draft->id != NULL && draft->id[0] != '\0');

  contents = draft_to_json (draft);
  queue_job (self, draft_path (self, workspace, draft->id), contents);
}

void
glaux_draft_store_remove (GlauxDraftStore *self,
                          const char      *workspace,
                          const char      *draft_id)
{
  g_return_if_fail (GLAUX_IS_DRAFT_STORE (self));
  g_return_if_fail (workspace != NULL);
  g_return_if_fail (draft_id != NULL && draft_id[0] != '\0');

  queue_job (self, draft_path (self, workspace, draft_id), NULL);
}

void
glaux_draft_store_flush (GlauxDraftStore *self)
{
  g_return_if_fail (GLAUX_IS_DRAFT_STORE (self));

  while (g_hash_table_size (self->pending) > 0)
    g_main_context_iteration (NULL, TRUE);
}
