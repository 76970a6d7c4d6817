/* glaux-local-store.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-store"

#include "config.h"

#include <sqlite3.h>

#include "glaux-local-error.h"
#include "glaux-local-store.h"

/* glaux-local's state in SQLite: WAL journal, every change one statement or one explicit
 * transaction, so a kill -9 at any point leaves the last committed state. Only the main thread
 * uses the store. The schema is versioned with PRAGMA user_version. */
struct _GlauxLocalStore
{
  GObject  parent_instance;

  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (GlauxLocalStore, glaux_local_store, G_TYPE_OBJECT)

#define SCHEMA_VERSION 1

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS workgroups ("
  "  name TEXT PRIMARY KEY, description TEXT, state TEXT NOT NULL,"
  "  creation_ms INTEGER NOT NULL, configuration TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, workgroup TEXT NOT NULL, description TEXT,"
  "  engine_version TEXT NOT NULL, engine_configuration TEXT NOT NULL, notebook_version TEXT,"
  "  execution_role TEXT, working_directory TEXT, idle_timeout_minutes INTEGER NOT NULL,"
  "  state TEXT NOT NULL, reason TEXT, start_ms INTEGER NOT NULL, last_modified_ms INTEGER NOT NULL,"
  "  end_ms INTEGER NOT NULL, idle_since_ms INTEGER NOT NULL, dashboard_token TEXT);"
  "CREATE TABLE IF NOT EXISTS calculations ("
  "  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, session_id TEXT NOT NULL, description TEXT,"
  "  code TEXT NOT NULL, state TEXT NOT NULL, reason TEXT, submission_ms INTEGER NOT NULL,"
  "  running_ms INTEGER NOT NULL, completion_ms INTEGER NOT NULL, dpu_ms INTEGER NOT NULL,"
  "  progress TEXT, stdout_uri TEXT, stderr_uri TEXT, result_uri TEXT, result_type TEXT,"
  "  working_directory TEXT);"
  "CREATE INDEX IF NOT EXISTS calculations_by_session ON calculations (session_id, seq);"
  "CREATE TABLE IF NOT EXISTS executors ("
  "  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, session_id TEXT NOT NULL, type TEXT NOT NULL,"
  "  size INTEGER NOT NULL, state TEXT NOT NULL, start_ms INTEGER NOT NULL,"
  "  end_ms INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS tokens ("
  "  operation TEXT NOT NULL, token TEXT NOT NULL, request_hash TEXT NOT NULL,"
  "  response TEXT NOT NULL, PRIMARY KEY (operation, token));";

static gboolean
set_sqlite_error (GError      **error,
                  sqlite3      *db,
                  const char   *what)
{
  g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INTERNAL,
               "glaux-local store: %s failed: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec_sql (GlauxLocalStore  *self,
          const char       *sql,
          GError          **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sql);

  return TRUE;
}

static void
glaux_local_store_finalize (GObject *object)
{
  glaux_local_store_close (GLAUX_LOCAL_STORE (object));

  G_OBJECT_CLASS (glaux_local_store_parent_class)->finalize (object);
}

static void
glaux_local_store_class_init (GlauxLocalStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_local_store_finalize;
}

static void
glaux_local_store_init (GlauxLocalStore *self)
{
}

static gboolean
check_version (GlauxLocalStore  *self,
               const char       *path,
               GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (error, self->db, "reading the schema version");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INTERNAL,
                   "%s has schema version %d; this glaux-local understands up to %d",
                   path, version, SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

GlauxLocalStore *
glaux_local_store_open (const char  *path,
                        GError     **error)
{
  g_autoptr(GlauxLocalStore) self = g_object_new (GLAUX_LOCAL_TYPE_STORE, NULL);
  g_autofree char *version_sql = NULL;

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                       | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INTERNAL,
                   "Cannot open the glaux-local store %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  version_sql = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  if (!check_version (self, path, error)
      || !exec_sql (self, "PRAGMA journal_mode = WAL", error)
      || !exec_sql (self, "PRAGMA synchronous = NORMAL", error)
      || !exec_sql (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!exec_sql (self, schema_sql, error) || !exec_sql (self, version_sql, error)
      || !exec_sql (self, "COMMIT", error))
    {
      glaux_local_store_rollback (self);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Folds the WAL back into the database so a closed store is one self-contained file. */
void
glaux_local_store_close (GlauxLocalStore *self)
{
  g_return_if_fail (GLAUX_LOCAL_IS_STORE (self));

  if (self->db == NULL)
    return;

  sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

gboolean
glaux_local_store_begin (GlauxLocalStore  *self,
                         GError          **error)
{
  return exec_sql (self, "BEGIN IMMEDIATE", error);
}

gboolean
glaux_local_store_commit (GlauxLocalStore  *self,
                          GError          **error)
{
  return exec_sql (self, "COMMIT", error);
}

void
glaux_local_store_rollback (GlauxLocalStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *
prepare (GlauxLocalStore  *self,
         const char       *sql,
         GError          **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, sql);
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (GlauxLocalStore  *self,
           sqlite3_stmt     *stmt,
           const char       *what,
           GError          **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, what);

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

/* Heartbeats bound how long a crashed server's sessions are billed: recovery ends them at the
 * last heartbeat rather than at the restart time. */
gboolean
glaux_local_store_heartbeat (GlauxLocalStore  *self,
                             gint64            now_ms,
                             GError          **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO meta VALUES ('heartbeat_ms', ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_ms);

  return step_done (self, stmt, "heartbeat", error);
}

static gint64
last_heartbeat (GlauxLocalStore *self,
                gint64           fallback)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT value FROM meta WHERE key = 'heartbeat_ms'", NULL);
  gint64 value = fallback;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = g_ascii_strtoll ((const char *)sqlite3_column_text (stmt, 0), NULL, 10);
  sqlite3_finalize (stmt);

  return value > 0 && value <= fallback ? value : fallback;
}

/* After a restart nothing that was alive still is: live sessions end TERMINATED, unfinished
 * calculations FAILED, executors TERMINATED, all at the last moment the server was seen alive. */
gboolean
glaux_local_store_recover (GlauxLocalStore  *self,
                           gint64            now_ms,
                           GError          **error)
{
  static const char * const statements[] = {
    "UPDATE sessions SET state = 'TERMINATED',"
    "  reason = 'glaux-local restarted; the session''s worker ended',"
    "  end_ms = ?1, last_modified_ms = ?1, idle_since_ms = 0"
    "  WHERE state NOT IN ('TERMINATED', 'FAILED')",
    "UPDATE calculations SET state = 'FAILED',"
    "  reason = 'glaux-local stopped while the calculation was running; its worker ended',"
    "  completion_ms = ?1, dpu_ms = CASE WHEN running_ms > 0 AND ?1 > running_ms"
    "  THEN (?1 - running_ms) * 2 ELSE 0 END"
    "  WHERE state NOT IN ('COMPLETED', 'FAILED', 'CANCELED')",
    "UPDATE executors SET state = 'TERMINATED', end_ms = ?1 WHERE state != 'TERMINATED'",
  };
  gint64 end_ms = last_heartbeat (self, now_ms);

  if (!glaux_local_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = prepare (self, statements[i], error);

      if (stmt == NULL)
        {
          glaux_local_store_rollback (self);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, end_ms);
      if (!step_done (self, stmt, "recovery", error))
        {
          glaux_local_store_rollback (self);
          return FALSE;
        }
    }

  return glaux_local_store_commit (self, error);
}

GPtrArray *
glaux_local_store_load_workgroups (GlauxLocalStore  *self,
                                   GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_local_workgroup_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT name, description, state, creation_ms, "
                                "configuration FROM workgroups", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlauxLocalWorkgroup *workgroup = g_new0 (GlauxLocalWorkgroup, 1);

      workgroup->name = column_text (stmt, 0);
      workgroup->description = column_text (stmt, 1);
      workgroup->state = column_text (stmt, 2);
      workgroup->creation_ms = sqlite3_column_int64 (stmt, 3);
      workgroup->configuration = column_text (stmt, 4);
      g_ptr_array_add (list, workgroup);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "loading workgroups");
      return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
glaux_local_store_load_sessions (GlauxLocalStore  *self,
                                 GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_local_session_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, seq, workgroup, description, engine_version, "
                                "engine_configuration, notebook_version, execution_role, "
                                "working_directory, idle_timeout_minutes, state, reason, "
                                "start_ms, last_modified_ms, end_ms, idle_since_ms, "
                                "dashboard_token FROM sessions ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlauxLocalSession *session = g_new0 (GlauxLocalSession, 1);

      session->id = column_text (stmt, 0);
      session->seq = sqlite3_column_int64 (stmt, 1);
      session->workgroup = column_text (stmt, 2);
      session->description = column_text (stmt, 3);
      session->engine_version = column_text (stmt, 4);
      session->engine_configuration = column_text (stmt, 5);
      session->notebook_version = column_text (stmt, 6);
      session->execution_role = column_text (stmt, 7);
      session->working_directory = column_text (stmt, 8);
      session->idle_timeout_minutes = sqlite3_column_int64 (stmt, 9);
      session->state = column_text (stmt, 10);
      session->reason = column_text (stmt, 11);
      session->start_ms = sqlite3_column_int64 (stmt, 12);
      session->last_modified_ms = sqlite3_column_int64 (stmt, 13);
      session->end_ms = sqlite3_column_int64 (stmt, 14);
      session->idle_since_ms = sqlite3_column_int64 (stmt, 15);
      session->dashboard_token = column_text (stmt, 16);
      g_ptr_array_add (list, session);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "loading sessions");
      return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
glaux_local_store_load_calculations (GlauxLocalStore  *self,
                                     GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_local_calculation_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, seq, session_id, description, code, state, "
                                "reason, submission_ms, running_ms, completion_ms, dpu_ms, "
                                "progress, stdout_uri, stderr_uri, result_uri, result_type, "
                                "working_directory FROM calculations ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlauxLocalCalculation *calculation = g_new0 (GlauxLocalCalculation, 1);

      calculation->id = column_text (stmt, 0);
      calculation->seq = sqlite3_column_int64 (stmt, 1);
      calculation->session_id = column_text (stmt, 2);
      calculation->description = column_text (stmt, 3);
      calculation->code = column_text (stmt, 4);
      calculation->state = column_text (stmt, 5);
      calculation->reason = column_text (stmt, 6);
      calculation->submission_ms = sqlite3_column_int64 (stmt, 7);
      calculation->running_ms = sqlite3_column_int64 (stmt, 8);
      calculation->completion_ms = sqlite3_column_int64 (stmt, 9);
      calculation->dpu_ms = sqlite3_column_int64 (stmt, 10);
      calculation->progress = column_text (stmt, 11);
      calculation->stdout_uri = column_text (stmt, 12);
      calculation->stderr_uri = column_text (stmt, 13);
      calculation->result_uri = column_text (stmt, 14);
      calculation->result_type = column_text (stmt, 15);
      calculation->working_directory = column_text (stmt, 16);
      g_ptr_array_add (list, calculation);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "loading calculations");
      return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
glaux_local_store_load_executors (GlauxLocalStore  *self,
                                  GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_local_executor_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, seq, session_id, type, size, state, start_ms, "
                                "end_ms FROM executors ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlauxLocalExecutor *executor = g_new0 (GlauxLocalExecutor, 1);

      executor->id = column_text (stmt, 0);
      executor->seq = sqlite3_column_int64 (stmt, 1);
      executor->session_id = column_text (stmt, 2);
      executor->type = column_text (stmt, 3);
      executor->size = sqlite3_column_int64 (stmt, 4);
      executor->state = column_text (stmt, 5);
      executor->start_ms = sqlite3_column_int64 (stmt, 6);
      executor->end_ms = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (list, executor);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "loading executors");
      return NULL;
    }

  return g_steal_pointer (&list);
}

/* The largest creation sequence number in use, so new records continue the order. */
gint64
glaux_local_store_max_seq (GlauxLocalStore *self)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT MAX(m) FROM (SELECT MAX(seq) AS m FROM sessions "
                                "UNION ALL SELECT MAX(seq) FROM calculations "
                                "UNION ALL SELECT MAX(seq) FROM executors)", NULL);
  gint64 value = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

gboolean
glaux_local_store_put_workgroup (GlauxLocalStore            *self,
                                 const GlauxLocalWorkgroup  *workgroup,
                                 GError                    **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO workgroups VALUES (?, ?, ?, ?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, workgroup->name);
  bind_text (stmt, 2, workgroup->description);
  bind_text (stmt, 3, workgroup->state);
  sqlite3_bind_int64 (stmt, 4, workgroup->creation_ms);
  bind_text (stmt, 5, workgroup->configuration);

  return step_done (self, stmt, "saving a workgroup", error);
}

gboolean
glaux_local_store_delete_workgroup (GlauxLocalStore  *self,
                                    const char       *name,
                                    GError          **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM workgroups WHERE name = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);

  return step_done (self, stmt, "deleting a workgroup", error);
}

gboolean
glaux_local_store_put_session (GlauxLocalStore          *self,
                               const GlauxLocalSession  *session,
                               GError                  **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO sessions VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session->id);
  sqlite3_bind_int64 (stmt, 2, session->seq);
  bind_text (stmt, 3, session->workgroup);
  bind_text (stmt, 4, session->description);
  bind_text (stmt, 5, session->engine_version);
  bind_text (stmt, 6, session->engine_configuration);
  bind_text (stmt, 7, session->notebook_version);
  bind_text (stmt, 8, session->execution_role);
  bind_text (stmt, 9, session->working_directory);
  sqlite3_bind_int64 (stmt, 10, session->idle_timeout_minutes);
  bind_text (stmt, 11, session->state);
  bind_text (stmt, 12, session->reason);
  sqlite3_bind_int64 (stmt, 13, session->start_ms);
  sqlite3_bind_int64 (stmt, 14, session->last_modified_ms);
  sqlite3_bind_int64 (stmt, 15, session->end_ms);
  sqlite3_bind_int64 (stmt, 16, session->idle_since_ms);
  bind_text (stmt, 17, session->dashboard_token);

  return step_done (self, stmt, "saving a session", error);
}

gboolean
glaux_local_store_put_calculation (GlauxLocalStore              *self,
                                   const GlauxLocalCalculation  *calculation,
                                   GError                      **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO calculations VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, calculation->id);
  sqlite3_bind_int64 (stmt, 2, calculation->seq);
  bind_text (stmt, 3, calculation->session_id);
  bind_text (stmt, 4, calculation->description);
  bind_text (stmt, 5, calculation->code);
  bind_text (stmt, 6, calculation->state);
  bind_text (stmt, 7, calculation->reason);
  sqlite3_bind_int64 (stmt, 8, calculation->submission_ms);
  sqlite3_bind_int64 (stmt, 9, calculation->running_ms);
  sqlite3_bind_int64 (stmt, 10, calculation->completion_ms);
  sqlite3_bind_int64 (stmt, 11, calculation->dpu_ms);
  bind_text (stmt, 12, calculation->progress);
  bind_text (stmt, 13, calculation->stdout_uri);
  bind_text (stmt, 14, calculation->stderr_uri);
  bind_text (stmt, 15, calculation->result_uri);
  bind_text (stmt, 16, calculation->result_type);
  bind_text (stmt, 17, calculation->working_directory);

  return step_done (self, stmt, "saving a calculation", error);
}

gboolean
glaux_local_store_put_executor (GlauxLocalStore           *self,
                                const GlauxLocalExecutor  *executor,
                                GError                   **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO executors VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, executor->id);
  sqlite3_bind_int64 (stmt, 2, executor->seq);
  bind_text (stmt, 3, executor->session_id);
  bind_text (stmt, 4, executor->type);
  sqlite3_bind_int64 (stmt, 5, executor->size);
  bind_text (stmt, 6, executor->state);
  sqlite3_bind_int64 (stmt, 7, executor->start_ms);
  sqlite3_bind_int64 (stmt, 8, executor->end_ms);

  return step_done (self, stmt, "saving an executor", error);
}

gboolean
glaux_local_store_put_token (GlauxLocalStore  *self,
                             const char       *operation,
                             const char       *token,
                             const char       *request_hash,
                             const char       *response,
                             GError          **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, operation);
  bind_text (stmt, 2, token);
  bind_text (stmt, 3, request_hash);
  bind_text (stmt, 4, response);

  return step_done (self, stmt, "saving an idempotency token", error);
}

gboolean
glaux_local_store_get_token (GlauxLocalStore  *self,
                             const char       *operation,
                             const char       *token,
                             char            **request_hash,
                             char            **response)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT request_hash, response FROM tokens "
                                "WHERE operation = ? AND token = ?", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, operation);
  bind_text (stmt, 2, token);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *request_hash = column_text (stmt, 0);
      *response = column_text (stmt, 1);
      found = TRUE;
    }
  sqlite3_finalize (stmt);

  return found;
}

void
glaux_local_workgroup_free (GlauxLocalWorkgroup *workgroup)
{
  if (workgroup == NULL)
    return;

  g_free (workgroup->name);
  g_free (workgroup->description);
  g_free (workgroup->state);
  g_free (workgroup->configuration);
  g_free (workgroup);
}

void
glaux_local_session_free (GlauxLocalSession *session)
{
  if (session == NULL)
    return;

  g_free (session->id);
  g_free (session->workgroup);
  g_free (session->description);
  g_free (session->engine_version);
  g_free (session->engine_configuration);
  g_free (session->notebook_version);
  g_free (session->execution_role);
  g_free (session->working_directory);
  g_free (session->state);
  g_free (session->reason);
  g_free (session->dashboard_token);
  g_free (session);
}

void
glaux_local_calculation_free (GlauxLocalCalculation *calculation)
{
  if (calculation == NULL)
    return;

  g_free (calculation->id);
  g_free (calculation->session_id);
  g_free (calculation->description);
  g_free (calculation->code);
  g_free (calculation->state);
  g_free (calculation->reason);
  g_free (calculation->progress);
  g_free (calculation->stdout_uri);
  g_free (calculation->stderr_uri);
  g_free (calculation->result_uri);
  g_free (calculation->result_type);
  g_free (calculation->working_directory);
  g_free (calculation);
}

void
glaux_local_executor_free (GlauxLocalExecutor *executor)
{
  if (executor == NULL)
    return;

  g_free (executor->id);
  g_free (executor->session_id);
  g_free (executor->type);
  g_free (executor->state);
  g_free (executor);
}
