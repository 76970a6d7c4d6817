/* glaux-bench-library.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-library"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "glaux-bench-library.h"

/* How it works:
 *
 * - The history database is shared with GlauxHistoryStore, which owns PRAGMA user_version; the
 *   library versions its own tables in glaux_component_versions (one row per component), so
 *   the two migrate independently.
 * - One SQLite connection, opened in a worker thread and used only from GTask worker threads
 *   under a mutex; WAL and a busy timeout let the history store's connection write meanwhile.
 * - Each operation runs in a worker thread (inner task) and, back on the caller's context,
 *   updates the list and the entries before completing the caller's task, so the list only
 *   changes on that context and only after the database did.
 * - A stored run keeps the document bytes (a file's exact bytes), so its sha256 stays that of
 *   the file and a re-import of the same file is recognised. */

#define COMPONENT "bench-library"
#define BUSY_TIMEOUT_MS 5000

struct _GlauxBenchLibrary
{
  GObject    parent_instance;

  char      *path;
  sqlite3   *db;
  GMutex     db_lock;
  GPtrArray *entries;   /* GlauxBenchEntry, by id */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxBenchLibrary, glaux_bench_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* GListModel */

static GType
list_model_get_item_type (GListModel *model)
{
  return GLAUX_TYPE_BENCH_ENTRY;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return GLAUX_BENCH_LIBRARY (model)->entries->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  GlauxBenchLibrary *self = GLAUX_BENCH_LIBRARY (model);

  if (position >= self->entries->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
glaux_bench_library_finalize (GObject *object)
{
  GlauxBenchLibrary *self = GLAUX_BENCH_LIBRARY (object);

  /* Every operation's task holds a reference, so none is running now. */
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_mutex_clear (&self->db_lock);
  g_free (self->path);
  g_ptr_array_unref (self->entries);

  G_OBJECT_CLASS (glaux_bench_library_parent_class)->finalize (object);
}

static void
glaux_bench_library_class_init (GlauxBenchLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_bench_library_finalize;
}

static void
glaux_bench_library_init (GlauxBenchLibrary *self)
{
  g_mutex_init (&self->db_lock);
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
}

/* SQLite helpers (worker threads, db_lock held) */

static gboolean
set_db_error (GlauxBenchLibrary  *self,
              const char         *what,
              GError            **error)
{
  g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_DATABASE,
               _("The run library in %s could not %s: %s"), self->path, what,
               self->db != NULL ? sqlite3_errmsg (self->db) : _("no database"));
  return FALSE;
}

static gboolean
exec_sql (GlauxBenchLibrary  *self,
          const char         *sql,
          GError            **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, _("update its tables"), error);

  return TRUE;
}

static sqlite3_stmt *
prepare (GlauxBenchLibrary  *self,
         const char         *sql,
         GError            **error)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      set_db_error (self, _("read its tables"), error);
      return NULL;
    }

  return statement;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Migrations: migrations[i] takes the tables from version i to i + 1. */
static const char * const migrations[] = {
  "CREATE TABLE bench_runs ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  origin TEXT NOT NULL CHECK (origin IN ('imported', 'recorded')),"
  "  source_path TEXT,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  label TEXT NOT NULL DEFAULT '',"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  added INTEGER NOT NULL,"
  "  document BLOB NOT NULL)",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GLAUX_BENCH_LIBRARY_SCHEMA_VERSION);

static gboolean
read_component_version (GlauxBenchLibrary  *self,
                        int                *version,
                        GError            **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  int rc;

  statement = prepare (self, "SELECT version FROM glaux_component_versions WHERE component = ?",
                       error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, COMPONENT, -1, SQLITE_STATIC);

  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int (statement, 0);
  else if (rc == SQLITE_DONE)
    *version = 0;
  else
    return set_db_error (self, _("read its version"), error);

  return TRUE;
}

static gboolean
migrate (GlauxBenchLibrary  *self,
         GError            **error)
{
  int version;

  if (!exec_sql (self, "CREATE TABLE IF NOT EXISTS glaux_component_versions ("
                       "component TEXT PRIMARY KEY, version INTEGER NOT NULL)", error) ||
      !read_component_version (self, &version, error))
    return FALSE;

  if (version > GLAUX_BENCH_LIBRARY_SCHEMA_VERSION)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_DATABASE,
                   _("The run library in %s was written by a newer Glaux (version %d, this one "
                     "reads up to %d); update Glaux to open it"),
                   self->path, version, GLAUX_BENCH_LIBRARY_SCHEMA_VERSION);
      return FALSE;
    }

  for (int next = version + 1; next <= GLAUX_BENCH_LIBRARY_SCHEMA_VERSION; next++)
    {
      g_autofree char *record = g_strdup_printf ("INSERT OR REPLACE INTO glaux_component_versions "
                                                 "(component, version) VALUES ('%s', %d)",
                                                 COMPONENT, next);

      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (self, migrations[next - 1], error) || !exec_sql (self, record, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (!exec_sql (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
open_database (GlauxBenchLibrary  *self,
               GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_DATABASE,
                   _("Could not create the folder %s for the run library: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK ||
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS) != SQLITE_OK)
    return set_db_error (self, _("be opened"), error);

  return exec_sql (self, "PRAGMA journal_mode = WAL", error) && migrate (self, error);
}

static GlauxBenchEntry *
entry_from_row (sqlite3_stmt *statement)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = sqlite3_column_int64 (statement, 0);
  const char *origin = (const char *) sqlite3_column_text (statement, 1);

  bytes = g_bytes_new (sqlite3_column_blob (statement, 6), sqlite3_column_bytes (statement, 6));
  run = glaux_bench_run_new_from_bytes (bytes, &error);
  if (run == NULL)
    {
      /* Kept in the database (a later Glaux may read it), left out of the list. */
      g_warning ("Run %" G_GINT64_FORMAT " of the run library cannot be read: %s", id,
                 error->message);
      return NULL;
    }

  return glaux_bench_entry_new (id,
                                g_strcmp0 (origin, "recorded") == 0 ? GLAUX_BENCH_ORIGIN_RECORDED
                                                                    : GLAUX_BENCH_ORIGIN_IMPORTED,
                                (const char *) sqlite3_column_text (statement, 2),
                                sqlite3_column_int64 (statement, 3),
                                (const char *) sqlite3_column_text (statement, 4),
                                (const char *) sqlite3_column_text (statement, 5),
                                run);
}

#define ENTRY_COLUMNS "id, origin, source_path, added, label, notes, document"

/* Operations */

typedef enum
{
  OP_OPEN,
  OP_ADD_FILE,
  OP_ADD_JSON,
  OP_SET_LABEL,
  OP_SET_NOTES,
  OP_REMOVE,
} OpKind;

typedef struct
{
  OpKind            kind;
  GTask            *outer;
  GFile            *file;
  GBytes           *document;
  GlauxBenchOrigin  origin;
  char             *source_path;
  GlauxBenchEntry  *target;
  char             *text;

  /* Results, from the worker thread */
  GPtrArray        *loaded;     /* OP_OPEN */
  GlauxBenchEntry  *added;      /* OP_ADD_*: the new entry */
  gint64            existing_id; /* OP_ADD_*: the entry with the same sha256; 0: none */
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->outer);
  g_clear_object (&op->file);
  g_clear_pointer (&op->document, g_bytes_unref);
  g_free (op->source_path);
  g_clear_object (&op->target);
  g_free (op->text);
  g_clear_pointer (&op->loaded, g_ptr_array_unref);
  g_clear_object (&op->added);
  g_free (op);
}

static gboolean
op_load (GlauxBenchLibrary  *self,
         Op                 *op,
         GError            **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  int rc;

  if (!open_database (self, error))
    return FALSE;

  statement = prepare (self, "SELECT " ENTRY_COLUMNS " FROM bench_runs ORDER BY id", error);
  if (statement == NULL)
    return FALSE;

  op->loaded = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      GlauxBenchEntry *entry = entry_from_row (statement);

      if (entry != NULL)
        g_ptr_array_add (op->loaded, entry);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self, _("read its runs"), error);

  return TRUE;
}

static gboolean
op_add (GlauxBenchLibrary  *self,
        Op                 *op,
        GCancellable       *cancellable,
        GError            **error)
{
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 added = g_get_real_time ();
  gsize size;
  gconstpointer data;
  int rc;

  /* Read and parse before touching the database: a bad file changes nothing. */
  if (op->kind == OP_ADD_FILE)
    {
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GError) read_error = NULL;
      g_autofree char *name = g_file_get_parse_name (op->file);

      info = g_file_query_info (op->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                G_FILE_QUERY_INFO_NONE, cancellable, &read_error);
      if (info != NULL && g_file_info_get_size (info) > GLAUX_BENCH_MAX_FILE_SIZE)
        {
          g_autofree char *size_text = g_format_size_full (g_file_info_get_size (info),
                                                           G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_LARGE,
                       _("%s is %s; Glaux imports BenchBox results of up to 10 MiB"),
                       name, size_text);
          return FALSE;
        }
      if (info != NULL)
        op->document = g_file_load_bytes (op->file, cancellable, NULL, &read_error);
      if (op->document == NULL)
        {
          g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_IO,
                       _("Could not read %s: %s"), name, read_error->message);
          return FALSE;
        }
      op->source_path = g_file_get_path (op->file);
    }

  run = glaux_bench_run_new_from_bytes (op->document, error);
  if (run == NULL)
    return FALSE;

  g_mutex_lock (&self->db_lock);

  find = prepare (self, "SELECT id FROM bench_runs WHERE sha256 = ?", error);
  if (find == NULL)
    goto fail;
  sqlite3_bind_text (find, 1, glaux_bench_run_get_sha256 (run), -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      op->existing_id = sqlite3_column_int64 (find, 0);
      g_mutex_unlock (&self->db_lock);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, _("look the run up"), error);
      goto fail;
    }

  insert = prepare (self, "INSERT INTO bench_runs (origin, source_path, sha256, added, document) "
                          "VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    goto fail;
  data = g_bytes_get_data (op->document, &size);
  sqlite3_bind_text (insert, 1, op->origin == GLAUX_BENCH_ORIGIN_RECORDED ? "recorded"
                                                                         : "imported",
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, op->source_path, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, glaux_bench_run_get_sha256 (run), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, added);
  sqlite3_bind_blob (insert, 5, data, (int) size, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      set_db_error (self, _("store the run"), error);
      goto fail;
    }

  op->added = glaux_bench_entry_new (sqlite3_last_insert_rowid (self->db), op->origin,
                                     op->source_path, added, "", "", run);
  g_mutex_unlock (&self->db_lock);
  return TRUE;

fail:
  g_mutex_unlock (&self->db_lock);
  return FALSE;
}

static gboolean
op_update (GlauxBenchLibrary  *self,
           Op                 *op,
           GError            **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  const char *sql;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_SET_LABEL:
      sql = "UPDATE bench_runs SET label = ?2 WHERE id = ?1";
      break;
    case OP_SET_NOTES:
      sql = "UPDATE bench_runs SET notes = ?2 WHERE id = ?1";
      break;
    case OP_REMOVE:
    case OP_OPEN:
    case OP_ADD_FILE:
    case OP_ADD_JSON:
    default:
      sql = "DELETE FROM bench_runs WHERE id = ?1";
    }

  g_mutex_lock (&self->db_lock);
  statement = prepare (self, sql, error);
  if (statement != NULL)
    {
      sqlite3_bind_int64 (statement, 1, glaux_bench_entry_get_id (op->target));
      if (op->kind != OP_REMOVE)
        sqlite3_bind_text (statement, 2, op->text, -1, SQLITE_STATIC);
      if (sqlite3_step (statement) != SQLITE_DONE)
        set_db_error (self, _("save the change"), error);
      else if (sqlite3_changes (self->db) == 0)
        g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_FOUND,
                     _("This run is no longer in the run library"));
      else
        ok = TRUE;
    }
  g_mutex_unlock (&self->db_lock);

  return ok;
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GlauxBenchLibrary *self = source_object;
  Op *op = task_data;
  GError *error = NULL;
  gboolean ok;

  switch (op->kind)
    {
    case OP_OPEN:
      g_mutex_lock (&self->db_lock);
      ok = op_load (self, op, &error);
      g_mutex_unlock (&self->db_lock);
      break;
    case OP_ADD_FILE:
    case OP_ADD_JSON:
      ok = op_add (self, op, cancellable, &error);
      break;
    case OP_SET_LABEL:
    case OP_SET_NOTES:
    case OP_REMOVE:
    default:
      ok = op_update (self, op, &error);
      break;
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static guint
find_position (GlauxBenchLibrary *self,
               gint64             id)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (glaux_bench_entry_get_id (g_ptr_array_index (self->entries, i)) == id)
      return i;

  return G_MAXUINT;
}

/* Back on the caller's context: apply the result to the list, then complete the caller. */
static void
op_done (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GlauxBenchLibrary *self = GLAUX_BENCH_LIBRARY (source_object);
  Op *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) outer = g_object_ref (op->outer);
  GError *error = NULL;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  switch (op->kind)
    {
    case OP_OPEN:
      for (guint i = 0; i < op->loaded->len; i++)
        g_ptr_array_add (self->entries, g_object_ref (g_ptr_array_index (op->loaded, i)));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, op->loaded->len);
      g_task_return_pointer (outer, g_object_ref (self), g_object_unref);
      break;

    case OP_ADD_FILE:
    case OP_ADD_JSON:
      if (op->existing_id != 0)
        {
          GlauxBenchEntry *existing = glaux_bench_library_lookup (self, op->existing_id);

          if (existing == NULL)
            {
              g_task_return_new_error (outer, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_DUPLICATE,
                                       _("This run is already in the run library"));
              break;
            }
          g_object_set_data (G_OBJECT (outer), "already-present", GINT_TO_POINTER (TRUE));
          g_task_return_pointer (outer, g_object_ref (existing), g_object_unref);
          break;
        }
      g_ptr_array_add (self->entries, g_object_ref (op->added));
      g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);
      g_task_return_pointer (outer, g_object_ref (op->added), g_object_unref);
      break;

    case OP_SET_LABEL:
      glaux_bench_entry_update_label (op->target, op->text);
      g_task_return_boolean (outer, TRUE);
      break;

    case OP_SET_NOTES:
      glaux_bench_entry_update_notes (op->target, op->text);
      g_task_return_boolean (outer, TRUE);
      break;

    case OP_REMOVE:
    default:
      position = find_position (self, glaux_bench_entry_get_id (op->target));
      if (position != G_MAXUINT)
        {
          g_ptr_array_remove_index (self->entries, position);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
      g_task_return_boolean (outer, TRUE);
      break;
    }
}

static void
op_start (GlauxBenchLibrary   *self,
          Op                  *op,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;

  /* The outer task has no source object for OP_OPEN: the library is its result. */
  op->outer = g_task_new (op->kind == OP_OPEN ? NULL : self, cancellable, callback, user_data);
  g_task_set_source_tag (op->outer, source_tag);

  inner = g_task_new (self, cancellable, op_done, NULL);
  g_task_set_task_data (inner, op, op_free);
  g_task_run_in_thread (inner, op_thread);
}

/**
 * glaux_bench_library_new_async:
 * @path: (nullable): the database; %NULL: `$XDG_DATA_HOME/glaux/history.db`
 */
void
glaux_bench_library_new_async (const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GlauxBenchLibrary) self = g_object_new (GLAUX_TYPE_BENCH_LIBRARY, NULL);
  Op *op = g_new0 (Op, 1);

  self->path = path != NULL ? g_strdup (path)
                            : g_build_filename (g_get_user_data_dir (), "glaux", "history.db",
                                                NULL);
  op->kind = OP_OPEN;
  op_start (self, op, glaux_bench_library_new_async, cancellable, callback, user_data);
}

/**
 * glaux_bench_library_new_finish:
 *
 * Returns: (transfer full): the library, or %NULL with @error in GLAUX_BENCH_ERROR
 */
GlauxBenchLibrary *
glaux_bench_library_new_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
glaux_bench_library_get_path (GlauxBenchLibrary *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_LIBRARY (self), NULL);
  return self->path;
}

/**
 * glaux_bench_library_lookup:
 *
 * Returns: (transfer none) (nullable): the entry with @id
 */
GlauxBenchEntry *
glaux_bench_library_lookup (GlauxBenchLibrary *self,
                            gint64             id)
{
  guint position;

  g_return_val_if_fail (GLAUX_IS_BENCH_LIBRARY (self), NULL);

  position = find_position (self, id);
  return position != G_MAXUINT ? g_ptr_array_index (self->entries, position) : NULL;
}

void
glaux_bench_library_add_file_async (GlauxBenchLibrary   *self,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Op *op;

  g_return_if_fail (GLAUX_IS_BENCH_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));

  op = g_new0 (Op, 1);
  op->kind = OP_ADD_FILE;
  op->origin = GLAUX_BENCH_ORIGIN_IMPORTED;
  op->file = g_object_ref (file);
  op_start (self, op, glaux_bench_library_add_file_async, cancellable, callback, user_data);
}

void
glaux_bench_library_add_json_async (GlauxBenchLibrary   *self,
                                    JsonNode            *document,
                                    GlauxBenchOrigin     origin,
                                    const char          *source_path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Op *op;
  char *text;

  g_return_if_fail (GLAUX_IS_BENCH_LIBRARY (self));
  g_return_if_fail (document != NULL);

  /* Serialised here, so the caller may change its node afterwards. */
  text = json_to_string (document, FALSE);
  op = g_new0 (Op, 1);
  op->kind = OP_ADD_JSON;
  op->origin = origin;
  op->source_path = g_strdup (source_path);
  op->document = g_bytes_new_take (text, strlen (text));
  op_start (self, op, glaux_bench_library_add_json_async, cancellable, callback, user_data);
}

/**
 * glaux_bench_library_add_finish:
 * @already_present: (out) (optional): set when the run was already in the library
 *
 * Returns: (transfer full): the new entry, or the existing one with the same sha256; %NULL with
 *   @error (GLAUX_BENCH_ERROR: the file's problem, or DATABASE)
 */
GlauxBenchEntry *
glaux_bench_library_add_finish (GlauxBenchLibrary  *self,
                                GAsyncResult       *result,
                                gboolean           *already_present,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (already_present != NULL)
    *already_present = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "already-present"));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * glaux_bench_library_describe_duplicate:
 *
 * Returns: (transfer full): a sentence saying the run is already there, and as what
 */
char *
glaux_bench_library_describe_duplicate (GlauxBenchEntry *entry)
{
  g_autofree char *title = NULL;
  g_autoptr(GDateTime) added = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (entry), NULL);

  title = glaux_bench_entry_dup_title (entry);
  added = g_date_time_new_from_unix_local (glaux_bench_entry_get_added (entry) / G_USEC_PER_SEC);
  when = added != NULL ? g_date_time_format (added, "%Y-%m-%d %H:%M") : g_strdup ("?");

  return g_strdup_printf (_("This run is already in the run library as “%s” (added %s); nothing "
                            "was added."), title, when);
}

static void
update_start (GlauxBenchLibrary   *self,
              OpKind               kind,
              GlauxBenchEntry     *entry,
              const char          *text,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->target = g_object_ref (entry);
  op->text = g_strdup (text != NULL ? text : "");
  op_start (self, op, source_tag, cancellable, callback, user_data);
}

void
glaux_bench_library_set_label_async (GlauxBenchLibrary   *self,
                                     GlauxBenchEntry     *entry,
                                     const char          *label,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_BENCH_LIBRARY (self));
  g_return_if_fail (GLAUX_IS_BENCH_ENTRY (entry));

  update_start (self, OP_SET_LABEL, entry, label, glaux_bench_library_set_label_async,
                cancellable, callback, user_data);
}

void
glaux_bench_library_set_notes_async (GlauxBenchLibrary   *self,
                                     GlauxBenchEntry     *entry,
                                     const char          *notes,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_BENCH_LIBRARY (self));
  g_return_if_fail (GLAUX_IS_BENCH_ENTRY (entry));

  update_start (self, OP_SET_NOTES, entry, notes, glaux_bench_library_set_notes_async,
                cancellable, callback, user_data);
}

void
glaux_bench_library_remove_async (GlauxBenchLibrary   *self,
                                  GlauxBenchEntry     *entry,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (GLAUX_IS_BENCH_LIBRARY (self));
  g_return_if_fail (GLAUX_IS_BENCH_ENTRY (entry));

  update_start (self, OP_REMOVE, entry, NULL, glaux_bench_library_remove_async,
                cancellable, callback, user_data);
}

gboolean
glaux_bench_library_update_finish (GlauxBenchLibrary  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
