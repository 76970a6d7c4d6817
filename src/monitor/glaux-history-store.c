/* glaux-history-store.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-history-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "glaux-executor.h"
#include "glaux-history-store.h"

/* How it works:
 *
 * - One worker thread owns the SQLite connection; everything reaches it through a queue of
 *   jobs, so the main thread never touches the database. A write pops every write queued behind
 *   it into the same transaction (a burst of samples is one commit); a query runs on its own and
 *   answers through its GTask on the caller's main context.
 * - The worker state (Worker) is reference counted apart from the GObject, so the thread never
 *   keeps the store alive; dispose queues a quit job and joins the thread, which commits what
 *   was queued before it.
 * - The schema is versioned with PRAGMA user_version and upgraded by an ordered list of
 *   migrations, each in its own transaction. */

#define RETENTION_CHECK_SECONDS (24 * 60 * 60)
#define MAX_WRITES_PER_TRANSACTION 2000
#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* Boxed types */

static GlauxHistorySamples *
samples_new (GArray *times,
             GArray *coordinator,
             GArray *executors,
             GArray *dpu_millis)
{
  GlauxHistorySamples *samples = g_atomic_rc_box_new0 (GlauxHistorySamples);

  samples->n_samples = times->len;
  samples->times = (gint64 *)(gpointer)g_array_free (times, FALSE);
  samples->coordinator_dpus = (double *)(gpointer)g_array_free (coordinator, FALSE);
  samples->executor_dpus = (double *)(gpointer)g_array_free (executors, FALSE);
  samples->dpu_millis = (gint64 *)(gpointer)g_array_free (dpu_millis, FALSE);

  return samples;
}

GlauxHistorySamples *
glaux_history_samples_ref (GlauxHistorySamples *samples)
{
  g_return_val_if_fail (samples != NULL, NULL);

  return g_atomic_rc_box_acquire (samples);
}

static void
samples_clear (gpointer data)
{
  GlauxHistorySamples *samples = data;

  g_free (samples->times);
  g_free (samples->coordinator_dpus);
  g_free (samples->executor_dpus);
  g_free (samples->dpu_millis);
}

void
glaux_history_samples_unref (GlauxHistorySamples *samples)
{
  g_return_if_fail (samples != NULL);

  g_atomic_rc_box_release_full (samples, samples_clear);
}

G_DEFINE_BOXED_TYPE (GlauxHistorySamples, glaux_history_samples,
                     glaux_history_samples_ref, glaux_history_samples_unref)

/**
 * glaux_history_session_copy:
 *
 * Returns: (transfer full): a deep copy
 */
GlauxHistorySession *
glaux_history_session_copy (const GlauxHistorySession *session)
{
  GlauxHistorySession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_memdup2 (session, sizeof *session);
  copy->connection_id = g_strdup (session->connection_id);
  copy->session_id = g_strdup (session->session_id);
  copy->workgroup = g_strdup (session->workgroup);
  copy->region = g_strdup (session->region);
  copy->description = g_strdup (session->description);
  copy->engine_version = g_strdup (session->engine_version);
  copy->state = g_strdup (session->state);

  return copy;
}

void
glaux_history_session_free (GlauxHistorySession *session)
{
  if (session == NULL)
    return;

  g_free (session->connection_id);
  g_free (session->session_id);
  g_free (session->workgroup);
  g_free (session->region);
  g_free (session->description);
  g_free (session->engine_version);
  g_free (session->state);
  g_free (session);
}

G_DEFINE_BOXED_TYPE (GlauxHistorySession, glaux_history_session,
                     glaux_history_session_copy, glaux_history_session_free)

/**
 * glaux_history_calculation_copy:
 *
 * Returns: (transfer full): a deep copy
 */
GlauxHistoryCalculation *
glaux_history_calculation_copy (const GlauxHistoryCalculation *calculation)
{
  GlauxHistoryCalculation *copy;

  g_return_val_if_fail (calculation != NULL, NULL);

  copy = g_memdup2 (calculation, sizeof *calculation);
  copy->session_id = g_strdup (calculation->session_id);
  copy->calculation_id = g_strdup (calculation->calculation_id);
  copy->description = g_strdup (calculation->description);
  copy->state = g_strdup (calculation->state);

  return copy;
}

void
glaux_history_calculation_free (GlauxHistoryCalculation *calculation)
{
  if (calculation == NULL)
    return;

  g_free (calculation->session_id);
  g_free (calculation->calculation_id);
  g_free (calculation->description);
  g_free (calculation->state);
  g_free (calculation);
}

G_DEFINE_BOXED_TYPE (GlauxHistoryCalculation, glaux_history_calculation,
                     glaux_history_calculation_copy, glaux_history_calculation_free)

GlauxHistoryDaily *
glaux_history_daily_ref (GlauxHistoryDaily *daily)
{
  g_return_val_if_fail (daily != NULL, NULL);

  return g_atomic_rc_box_acquire (daily);
}

static void
daily_clear (gpointer data)
{
  GlauxHistoryDaily *daily = data;

  g_free (daily->day_starts);
  g_free (daily->dpu_millis);
  g_free (daily->dpu_hours);
  g_free (daily->cost);
}

void
glaux_history_daily_unref (GlauxHistoryDaily *daily)
{
  g_return_if_fail (daily != NULL);

  g_atomic_rc_box_release_full (daily, daily_clear);
}

G_DEFINE_BOXED_TYPE (GlauxHistoryDaily, glaux_history_daily,
                     glaux_history_daily_ref, glaux_history_daily_unref)

/* The worker */

typedef struct _Worker Worker;
typedef struct _Job Job;

/* Runs on the worker thread. A write returns FALSE with @error to roll its batch back; a query
 * answers its task itself (and returns TRUE). */
typedef gboolean (*JobFunc) (Worker   *worker,
                             Job      *job,
                             GError  **error);

struct _Job
{
  JobFunc        func;
  gpointer       data;
  GDestroyNotify data_free;
  GTask         *task;        /* NULL for plain writes */
  guint          is_write : 1;
  guint          quit : 1;
};

struct _Worker
{
  char          *path;
  sqlite3       *db;
  GHashTable    *statements;  /* SQL text (static) → sqlite3_stmt */
  GAsyncQueue   *queue;
  GThread       *thread;
};

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

static Job *
job_new (JobFunc        func,
         gpointer       data,
         GDestroyNotify data_free,
         GTask         *task,
         gboolean       is_write)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->task = task;
  job->is_write = !!is_write;

  return job;
}

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

static void
worker_clear (gpointer data)
{
  Worker *worker = data;

  g_clear_pointer (&worker->statements, g_hash_table_unref);
  if (worker->db != NULL)
    sqlite3_close (worker->db);
  worker->db = NULL;
  g_clear_pointer (&worker->queue, g_async_queue_unref);
  g_clear_pointer (&worker->path, g_free);
}

static void
worker_unref (Worker *worker)
{
  g_atomic_rc_box_release_full (worker, worker_clear);
}

static gboolean
unref_task_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* The last reference to a task goes on its own main context, so that the store (its source
 * object) is never finalized on the worker thread. */
static void
release_task (GTask **task)
{
  GSource *source;

  if (*task == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, unref_task_cb, *task, NULL);
  g_source_attach (source, g_task_get_context (g_steal_pointer (task)));
  g_source_unref (source);
}

/* SQLite */

static gboolean
set_sqlite_error (Worker     *worker,
                  gboolean    writing,
                  GError    **error)
{
  const char *reason = worker->db != NULL ? sqlite3_errmsg (worker->db) : _("out of memory");

  if (writing)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Could not write to the DPU history in %s: %s"), worker->path, reason);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Could not read the DPU history in %s: %s"), worker->path, reason);
  return FALSE;
}

static gboolean
exec_sql (Worker     *worker,
          const char *sql,
          GError    **error)
{
  if (sqlite3_exec (worker->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (worker, TRUE, error);

  return TRUE;
}

/* A cached statement, reset and unbound. @sql must be a string constant: it is the cache key. */
static sqlite3_stmt *
prepare (Worker      *worker,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (worker->statements, sql);

  if (statement != NULL)
    {
      sqlite3_reset (statement);
      sqlite3_clear_bindings (statement);
      return statement;
    }

  if (sqlite3_prepare_v3 (worker->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement,
                          NULL) != SQLITE_OK)
    {
      set_sqlite_error (worker, FALSE, error);
      return NULL;
    }

  g_hash_table_insert (worker->statements, (gpointer)sql, statement);
  return statement;
}

static void
bind_text (sqlite3_stmt *statement,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (statement, index);
}

/* Times and sizes of 0 mean "not known": NULL in the database, so that COALESCE keeps what an
 * earlier record knew. */
static void
bind_known (sqlite3_stmt *statement,
            int           index,
            gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (statement, index, value);
  else
    sqlite3_bind_null (statement, index);
}

static char *
column_text (sqlite3_stmt *statement,
             int           index)
{
  return g_strdup ((const char *)sqlite3_column_text (statement, index));
}

/* Steps a statement that returns no rows (or whose rows are not wanted). */
static gboolean
step_done (Worker        *worker,
           sqlite3_stmt  *statement,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    ;
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (worker, TRUE, error);

  return TRUE;
}

/* Schema */

/* Ordered: migrations[i] takes the schema from version i to i + 1. Never edit a released one;
 * add the next. */
static const char * const migrations[] = {
  /* 1: sessions and samples of the total DPUs held. */
  "CREATE TABLE sessions ("
  "  key INTEGER PRIMARY KEY,"
  "  connection_id TEXT NOT NULL,"
  "  session_id TEXT NOT NULL,"
  "  workgroup TEXT,"
  "  region TEXT,"
  "  description TEXT,"
  "  engine_version TEXT,"
  "  state TEXT,"
  "  start_time INTEGER,"
  "  end_time INTEGER,"
  "  dpu_millis INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (connection_id, session_id));"
  "CREATE INDEX sessions_by_workgroup ON sessions (connection_id, workgroup);"
  "CREATE TABLE samples ("
  "  session_key INTEGER NOT NULL REFERENCES sessions (key) ON DELETE CASCADE,"
  "  time INTEGER NOT NULL,"
  "  dpus INTEGER NOT NULL,"
  "  dpu_millis INTEGER NOT NULL,"
  "  PRIMARY KEY (session_key, time)) WITHOUT ROWID;",

  /* 2: the session's DPU settings and idle timeout; samples split into coordinator and
   * executor DPUs (for stacked charts); calculations. A version 1 total is split as the
   * coordinator's 1 DPU (CoordinatorDpuSize is fixed at 1) and the rest as executors. */
  "ALTER TABLE sessions ADD COLUMN coordinator_dpu_size INTEGER;"
  "ALTER TABLE sessions ADD COLUMN max_concurrent_dpus INTEGER;"
  "ALTER TABLE sessions ADD COLUMN idle_timeout_seconds INTEGER;"
  "CREATE TABLE samples_v2 ("
  "  session_key INTEGER NOT NULL REFERENCES sessions (key) ON DELETE CASCADE,"
  "  time INTEGER NOT NULL,"
  "  coordinator_dpus INTEGER NOT NULL,"
  "  executor_dpus INTEGER NOT NULL,"
  "  dpu_millis INTEGER NOT NULL,"
  "  PRIMARY KEY (session_key, time)) WITHOUT ROWID;"
  "INSERT INTO samples_v2"
  "  SELECT session_key, time, MIN(dpus, 1), MAX(dpus - 1, 0), dpu_millis FROM samples;"
  "DROP TABLE samples;"
  "ALTER TABLE samples_v2 RENAME TO samples;"
  "CREATE INDEX samples_by_time ON samples (time);"
  "CREATE TABLE calculations ("
  "  session_key INTEGER NOT NULL REFERENCES sessions (key) ON DELETE CASCADE,"
  "  calculation_id TEXT NOT NULL,"
  "  description TEXT,"
  "  state TEXT,"
  "  start_time INTEGER,"
  "  end_time INTEGER,"
  "  dpu_millis INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (session_key, calculation_id)) WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GLAUX_HISTORY_STORE_SCHEMA_VERSION);

static gboolean
read_user_version (Worker  *worker,
                   int     *version,
                   GError **error)
{
  sqlite3_stmt *statement = NULL;
  int rc;

  if (sqlite3_prepare_v2 (worker->db, "PRAGMA user_version", -1, &statement, NULL) != SQLITE_OK)
    return set_sqlite_error (worker, FALSE, error);

  rc = sqlite3_step (statement);
  *version = rc == SQLITE_ROW ? sqlite3_column_int (statement, 0) : 0;
  sqlite3_finalize (statement);

  if (rc != SQLITE_ROW)
    return set_sqlite_error (worker, FALSE, error);

  return TRUE;
}

static gboolean
migrate (Worker  *worker,
         GError **error)
{
  int version;

  if (!read_user_version (worker, &version, error))
    return FALSE;

  if (version > GLAUX_HISTORY_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The DPU history in %s was written by a newer version of Glaux (schema %d; "
                     "this version reads up to %d). Update Glaux, or move the file away to start "
                     "a new history."),
                   worker->path, version, GLAUX_HISTORY_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int next = version + 1; next <= GLAUX_HISTORY_STORE_SCHEMA_VERSION; next++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", next);

      g_debug ("migrating %s to schema %d", worker->path, next);
      /* The version is set in the same transaction: a crash leaves the old schema whole. */
      if (!exec_sql (worker, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (worker, migrations[next - 1], error) ||
          !exec_sql (worker, set_version, error))
        {
          sqlite3_exec (worker->db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("Upgrading the DPU history to schema %d failed: "), next);
          return FALSE;
        }
      if (!exec_sql (worker, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
apply_retention (Worker  *worker,
                 guint    days,
                 GError **error)
{
  static const char * const deletes[] = {
    "DELETE FROM samples WHERE time < ?1",
    "DELETE FROM calculations WHERE COALESCE(end_time, start_time) < ?1",
    /* An ended session by its end, another by when it was last seen; its samples and
     * calculations go with it (ON DELETE CASCADE). */
    "DELETE FROM sessions WHERE COALESCE(end_time, updated) < ?1",
  };
  gint64 cutoff;

  if (days == 0)
    return TRUE;

  cutoff = g_get_real_time () - (gint64)days * USEC_PER_DAY;
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      sqlite3_stmt *statement = prepare (worker, deletes[i], error);

      if (statement == NULL)
        return FALSE;
      sqlite3_bind_int64 (statement, 1, cutoff);
      if (!step_done (worker, statement, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  guint retention_days;
} OpenData;

static gboolean
open_job (Worker  *worker,
          Job     *job,
          GError **error)
{
  OpenData *data = job->data;
  g_autofree char *folder = g_path_get_dirname (worker->path);
  GError *open_error = NULL;
  int rc;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (job->task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the folder %s for the DPU history: %s"),
                               folder, g_strerror (saved_errno));
      return TRUE;
    }

  /* The schema version is checked before anything is changed (even the journal mode), so
   * a file from a newer Glaux is left exactly as it was. */
  rc = sqlite3_open_v2 (worker->path, &worker->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK ||
      sqlite3_busy_timeout (worker->db, 5000) != SQLITE_OK ||
      !exec_sql (worker, "PRAGMA foreign_keys = ON", &open_error) ||
      !migrate (worker, &open_error) ||
      !exec_sql (worker, "PRAGMA journal_mode = WAL", &open_error) ||
      !exec_sql (worker, "PRAGMA synchronous = NORMAL", &open_error) ||
      !apply_retention (worker, data->retention_days, &open_error))
    {
      if (open_error == NULL)
        set_sqlite_error (worker, FALSE, &open_error);
      if (open_error->domain == G_IO_ERROR && open_error->code == G_IO_ERROR_FAILED)
        {
          g_autofree char *message = g_steal_pointer (&open_error->message);

          open_error->message =
            g_strdup_printf (_("%s. Glaux works without its history; to start a new one, move "
                               "the file away and restart Glaux."), message);
        }

      g_hash_table_remove_all (worker->statements);
      sqlite3_close (worker->db);
      worker->db = NULL;
      g_task_return_error (job->task, open_error);
      return TRUE;
    }

  g_task_return_boolean (job->task, TRUE);
  return TRUE;
}

/* The thread */

static void
run_query (Worker *worker,
           Job    *job)
{
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (job->task))
    ;
  else if (worker->db == NULL && job->func != open_job)
    g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                             _("The DPU history in %s is not open"), worker->path);
  else if (!job->func (worker, job, &error))
    g_task_return_error (job->task, g_steal_pointer (&error));

  release_task (&job->task);
  job_free (job);
}

/* Runs @first and the writes queued right behind it in one transaction. Returns the job that
 * ended the batch (not a write), or NULL. */
static Job *
run_writes (Worker *worker,
            Job    *first)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)job_free);
  g_autoptr(GError) error = NULL;
  Job *next = NULL;

  g_ptr_array_add (batch, first);
  while (batch->len < MAX_WRITES_PER_TRANSACTION &&
         (next = g_async_queue_try_pop (worker->queue)) != NULL && next->is_write)
    {
      g_ptr_array_add (batch, next);
      next = NULL;
    }

  if (worker->db == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   _("The DPU history in %s is not open"), worker->path);
    }
  else if (exec_sql (worker, "BEGIN IMMEDIATE", &error))
    {
      for (guint i = 0; i < batch->len && error == NULL; i++)
        {
          Job *job = g_ptr_array_index (batch, i);

          job->func (worker, job, &error);
        }

      if (error == NULL)
        exec_sql (worker, "COMMIT", &error);
      if (error != NULL)
        sqlite3_exec (worker->db, "ROLLBACK", NULL, NULL, NULL);
    }

  if (error != NULL)
    g_warning ("%u history records were not saved: %s", batch->len, error->message);

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (job->task == NULL)
        continue;
      if (error != NULL)
        g_task_return_error (job->task, g_error_copy (error));
      else
        g_task_return_boolean (job->task, TRUE);
      release_task (&job->task);
    }

  return next;
}

static gpointer
worker_thread (gpointer user_data)
{
  Worker *worker = user_data;
  Job *next = NULL;

  while (TRUE)
    {
      Job *job = next != NULL ? next : g_async_queue_pop (worker->queue);

      next = NULL;
      if (job->quit)
        {
          job_free (job);
          break;
        }

      if (job->is_write)
        next = run_writes (worker, job);
      else
        run_query (worker, job);
    }

  /* Closing checkpoints the WAL into the database file. */
  g_hash_table_remove_all (worker->statements);
  if (worker->db != NULL)
    sqlite3_close (worker->db);
  worker->db = NULL;
  worker_unref (worker);

  return NULL;
}

/* The store */

struct _GlauxHistoryStore
{
  GObject  parent_instance;

  char    *path;
  guint    retention_days;
  Worker  *worker;
  GSource *retention_source;
};

G_DEFINE_FINAL_TYPE (GlauxHistoryStore, glaux_history_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_RETENTION_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CALCULATION_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
push_job (GlauxHistoryStore *self,
          Job               *job)
{
  g_async_queue_push (self->worker->queue, job);
}

static gboolean
retention_job (Worker  *worker,
               Job     *job,
               GError **error)
{
  return apply_retention (worker, GPOINTER_TO_UINT (job->data), error);
}

static void
queue_retention (GlauxHistoryStore *self,
                 GTask             *task)
{
  push_job (self, job_new (retention_job, GUINT_TO_POINTER (self->retention_days), NULL, task,
                           TRUE));
}

static gboolean
retention_timeout_cb (gpointer user_data)
{
  GlauxHistoryStore *self = user_data;

  queue_retention (self, NULL);
  return G_SOURCE_CONTINUE;
}

static void
glaux_history_store_constructed (GObject *object)
{
  GlauxHistoryStore *self = (GlauxHistoryStore *)object;

  G_OBJECT_CLASS (glaux_history_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = glaux_history_store_get_default_path ();

  self->worker = g_atomic_rc_box_new0 (Worker);
  self->worker->path = g_strdup (self->path);
  self->worker->queue = g_async_queue_new ();
  self->worker->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                    finalize_statement);
  self->worker->thread = g_thread_new ("glaux-history", worker_thread,
                                       g_atomic_rc_box_acquire (self->worker));

  self->retention_source = g_timeout_source_new_seconds (RETENTION_CHECK_SECONDS);
  g_source_set_callback (self->retention_source, retention_timeout_cb, self, NULL);
  g_source_set_name (self->retention_source, "[glaux] history retention");
  g_source_attach (self->retention_source, g_main_context_get_thread_default ());
}

static void
glaux_history_store_dispose (GObject *object)
{
  GlauxHistoryStore *self = (GlauxHistoryStore *)object;

  if (self->retention_source != NULL)
    {
      g_source_destroy (self->retention_source);
      g_clear_pointer (&self->retention_source, g_source_unref);
    }

  if (self->worker != NULL)
    {
      Job *quit = g_new0 (Job, 1);
      GThread *thread = g_steal_pointer (&self->worker->thread);

      /* Writes queued before this are committed first; waiting here keeps them safe at exit. */
      quit->quit = TRUE;
      push_job (self, quit);
      if (thread == g_thread_self ())
        g_thread_unref (thread);
      else
        g_thread_join (thread);
      g_clear_pointer (&self->worker, worker_unref);
    }

  G_OBJECT_CLASS (glaux_history_store_parent_class)->dispose (object);
}

static void
glaux_history_store_finalize (GObject *object)
{
  GlauxHistoryStore *self = (GlauxHistoryStore *)object;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (glaux_history_store_parent_class)->finalize (object);
}

static void
glaux_history_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxHistoryStore *self = GLAUX_HISTORY_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, self->retention_days);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_history_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GlauxHistoryStore *self = GLAUX_HISTORY_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_RETENTION_DAYS:
      if (self->worker == NULL)
        self->retention_days = g_value_get_uint (value);
      else
        glaux_history_store_set_retention_days (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_history_store_class_init (GlauxHistoryStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = glaux_history_store_constructed;
  object_class->dispose = glaux_history_store_dispose;
  object_class->finalize = glaux_history_store_finalize;
  object_class->get_property = glaux_history_store_get_property;
  object_class->set_property = glaux_history_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* The "history-retention-days" setting binds here (0: keep everything). */
  properties[PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL,
                       0, G_MAXUINT / 2, GLAUX_HISTORY_STORE_DEFAULT_RETENTION_DAYS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Charts follow new calculations without querying again. */
  signals[CALCULATION_RECORDED] =
    g_signal_new ("calculation-recorded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING,
                  GLAUX_TYPE_HISTORY_CALCULATION | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
glaux_history_store_init (GlauxHistoryStore *self)
{
  self->retention_days = GLAUX_HISTORY_STORE_DEFAULT_RETENTION_DAYS;
}

/* Public API: opening and settings */

/**
 * glaux_history_store_get_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/glaux/history.db`
 */
char *
glaux_history_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "glaux", "history.db", NULL);
}

/**
 * glaux_history_store_new_async:
 * @path: (nullable): the database file; %NULL: glaux_history_store_get_default_path()
 * @retention_days: days of history kept (0: everything), applied once it is open
 *
 * Creates the file and its folder when missing, upgrades an older schema, and refuses a newer
 * one (its error says so) rather than damage it.
 */
void
glaux_history_store_new_async (const char          *path,
                               guint                retention_days,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GlauxHistoryStore) self = NULL;
  GTask *task;
  OpenData *data;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self = g_object_new (GLAUX_TYPE_HISTORY_STORE,
                       "path", path,
                       "retention-days", retention_days,
                       NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_history_store_new_async);

  data = g_new0 (OpenData, 1);
  data->retention_days = retention_days;
  push_job (self, job_new (open_job, data, g_free, task, FALSE));
}

/**
 * glaux_history_store_new_finish:
 *
 * Returns: (transfer full): the open store, or %NULL with @error set
 */
GlauxHistoryStore *
glaux_history_store_new_finish (GAsyncResult  *result,
                                GError       **error)
{
  GObject *source;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  source = g_task_get_source_object (G_TASK (result));
  g_return_val_if_fail (GLAUX_IS_HISTORY_STORE (source), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return g_object_ref (GLAUX_HISTORY_STORE (source));
}

const char *
glaux_history_store_get_path (GlauxHistoryStore *self)
{
  g_return_val_if_fail (GLAUX_IS_HISTORY_STORE (self), NULL);

  return self->path;
}

guint
glaux_history_store_get_retention_days (GlauxHistoryStore *self)
{
  g_return_val_if_fail (GLAUX_IS_HISTORY_STORE (self), 0);

  return self->retention_days;
}

/**
 * glaux_history_store_set_retention_days:
 * @days: days of history kept; 0 keeps everything
 *
 * Deletes what is now too old at once (in the background).
 */
void
glaux_history_store_set_retention_days (GlauxHistoryStore *self,
                                        guint              days)
{
  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));

  if (self->retention_days == days)
    return;

  self->retention_days = days;
  queue_retention (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
}

void
glaux_history_store_apply_retention_async (GlauxHistoryStore   *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_history_store_apply_retention_async);
  queue_retention (self, task);
}

gboolean
glaux_history_store_apply_retention_finish (GlauxHistoryStore  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
flush_job (Worker  *worker,
           Job     *job,
           GError **error)
{
  return TRUE;
}

void
glaux_history_store_flush_async (GlauxHistoryStore   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_history_store_flush_async);
  push_job (self, job_new (flush_job, NULL, NULL, task, TRUE));
}

gboolean
glaux_history_store_flush_finish (GlauxHistoryStore  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Writes */

/* The key of a session's row, creating a bare row when the session was never recorded. A
 * DpuExecutionInMillis that went up and the time of the record are kept on the way. */
static gint64
session_key (Worker      *worker,
             const char  *connection_id,
             const char  *session_id,
             gint64       dpu_millis,
             gint64       updated,
             GError     **error)
{
  sqlite3_stmt *statement;
  gint64 key;

  statement = prepare (worker,
                       "INSERT INTO sessions (connection_id, session_id, dpu_millis, updated)"
                       " VALUES (?1, ?2, ?3, ?4)"
                       " ON CONFLICT (connection_id, session_id) DO UPDATE SET"
                       "  dpu_millis = MAX(dpu_millis, excluded.dpu_millis),"
                       "  updated = MAX(updated, excluded.updated)"
                       " RETURNING key",
                       error);
  if (statement == NULL)
    return -1;

  bind_text (statement, 1, connection_id);
  bind_text (statement, 2, session_id);
  sqlite3_bind_int64 (statement, 3, MAX (dpu_millis, 0));
  sqlite3_bind_int64 (statement, 4, updated);

  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      set_sqlite_error (worker, TRUE, error);
      sqlite3_reset (statement);
      return -1;
    }

  key = sqlite3_column_int64 (statement, 0);
  if (!step_done (worker, statement, error))
    return -1;

  return key;
}

static gboolean
session_job (Worker  *worker,
             Job     *job,
             GError **error)
{
  GlauxHistorySession *session = job->data;
  sqlite3_stmt *statement;

  statement = prepare (worker,
                       "INSERT INTO sessions (connection_id, session_id, workgroup, region,"
                       "  description, engine_version, state, start_time, end_time, dpu_millis,"
                       "  coordinator_dpu_size, max_concurrent_dpus, idle_timeout_seconds,"
                       "  updated)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                       " ON CONFLICT (connection_id, session_id) DO UPDATE SET"
                       "  workgroup = COALESCE(excluded.workgroup, workgroup),"
                       "  region = COALESCE(excluded.region, region),"
                       "  description = COALESCE(excluded.description, description),"
                       "  engine_version = COALESCE(excluded.engine_version, engine_version),"
                       "  state = COALESCE(excluded.state, state),"
                       "  start_time = COALESCE(excluded.start_time, start_time),"
                       "  end_time = COALESCE(excluded.end_time, end_time),"
                       "  dpu_millis = MAX(dpu_millis, excluded.dpu_millis),"
                       "  coordinator_dpu_size ="
                       "   COALESCE(excluded.coordinator_dpu_size, coordinator_dpu_size),"
                       "  max_concurrent_dpus ="
                       "   COALESCE(excluded.max_concurrent_dpus, max_concurrent_dpus),"
                       "  idle_timeout_seconds ="
                       "   COALESCE(excluded.idle_timeout_seconds, idle_timeout_seconds),"
                       "  updated = MAX(updated, excluded.updated)",
                       error);
  if (statement == NULL)
    return FALSE;

  bind_text (statement, 1, session->connection_id);
  bind_text (statement, 2, session->session_id);
  bind_text (statement, 3, session->workgroup);
  bind_text (statement, 4, session->region);
  bind_text (statement, 5, session->description);
  bind_text (statement, 6, session->engine_version);
  bind_text (statement, 7, session->state);
  bind_known (statement, 8, session->start_time);
  bind_known (statement, 9, session->end_time);
  sqlite3_bind_int64 (statement, 10, MAX (session->dpu_millis, 0));
  bind_known (statement, 11, session->coordinator_dpu_size);
  bind_known (statement, 12, session->max_concurrent_dpus);
  bind_known (statement, 13, session->idle_timeout_seconds);
  sqlite3_bind_int64 (statement, 14, session->updated);

  return step_done (worker, statement, error);
}

typedef struct
{
  char   *connection_id;
  char   *session_id;
  gint64  time;
  int     coordinator_dpus;
  int     executor_dpus;
  gint64  dpu_millis;
} SampleRecord;

static void
sample_record_free (SampleRecord *record)
{
  g_free (record->connection_id);
  g_free (record->session_id);
  g_free (record);
}

static gboolean
sample_job (Worker  *worker,
            Job     *job,
            GError **error)
{
  SampleRecord *record = job->data;
  sqlite3_stmt *statement;
  gint64 key;

  key = session_key (worker, record->connection_id, record->session_id, record->dpu_millis,
                     record->time, error);
  if (key < 0)
    return FALSE;

  statement = prepare (worker,
                       "INSERT OR REPLACE INTO samples (session_key, time, coordinator_dpus,"
                       "  executor_dpus, dpu_millis) VALUES (?1, ?2, ?3, ?4, ?5)",
                       error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, key);
  sqlite3_bind_int64 (statement, 2, record->time);
  sqlite3_bind_int (statement, 3, MAX (record->coordinator_dpus, 0));
  sqlite3_bind_int (statement, 4, MAX (record->executor_dpus, 0));
  sqlite3_bind_int64 (statement, 5, MAX (record->dpu_millis, 0));

  return step_done (worker, statement, error);
}

typedef struct
{
  char                    *connection_id;
  GlauxHistoryCalculation *calculation;
  gint64                   updated;
} CalculationRecord;

static void
calculation_record_free (CalculationRecord *record)
{
  g_free (record->connection_id);
  glaux_history_calculation_free (record->calculation);
  g_free (record);
}

static gboolean
calculation_job (Worker  *worker,
                 Job     *job,
                 GError **error)
{
  CalculationRecord *record = job->data;
  GlauxHistoryCalculation *calculation = record->calculation;
  sqlite3_stmt *statement;
  gint64 key;

  key = session_key (worker, record->connection_id, calculation->session_id, 0, record->updated,
                     error);
  if (key < 0)
    return FALSE;

  statement = prepare (worker,
                       "INSERT OR REPLACE INTO calculations (session_key, calculation_id,"
                       "  description, state, start_time, end_time, dpu_millis)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       error);
  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, key);
  bind_text (statement, 2, calculation->calculation_id);
  bind_text (statement, 3, calculation->description);
  bind_text (statement, 4, calculation->state);
  bind_known (statement, 5, calculation->start_time);
  bind_known (statement, 6, calculation->end_time);
  sqlite3_bind_int64 (statement, 7, MAX (calculation->dpu_millis, 0));

  return step_done (worker, statement, error);
}

static gint64
date_time_usec (GDateTime *date_time)
{
  if (date_time == NULL)
    return 0;

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

/**
 * glaux_history_store_record_session:
 * @connection_id: the connection's id
 * @region: (nullable): the connection's region (prices are per region)
 * @workgroup: (nullable): the workgroup, when @session does not name it
 *
 * Values @session does not know (NULL, 0) keep what an earlier record said.
 */
void
glaux_history_store_record_session (GlauxHistoryStore *self,
                                    const char        *connection_id,
                                    const char        *region,
                                    const char        *workgroup,
                                    GlauxSession      *session)
{
  GlauxHistorySession *record;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (GLAUX_IS_SESSION (session));
  g_return_if_fail (glaux_session_get_id (session) != NULL);

  record = g_new0 (GlauxHistorySession, 1);
  record->connection_id = g_strdup (connection_id);
  record->session_id = g_strdup (glaux_session_get_id (session));
  record->workgroup = g_strdup (glaux_session_get_workgroup (session) != NULL
                                ? glaux_session_get_workgroup (session) : workgroup);
  record->region = g_strdup (region);
  record->description = g_strdup (glaux_session_get_description (session));
  record->engine_version = g_strdup (glaux_session_get_engine_version (session));
  if (glaux_session_get_state (session) != GLAUX_SESSION_STATE_UNKNOWN)
    record->state = g_strdup (glaux_session_get_state_name (session));
  record->start_time = date_time_usec (glaux_session_get_start_time (session));
  record->end_time = date_time_usec (glaux_session_get_end_time (session));
  record->dpu_millis = glaux_session_get_dpu_execution_millis (session);
  record->coordinator_dpu_size = glaux_session_get_coordinator_dpu_size (session);
  record->max_concurrent_dpus = glaux_session_get_max_concurrent_dpus (session);
  record->idle_timeout_seconds = glaux_session_get_idle_timeout_seconds (session);
  record->updated = g_get_real_time ();

  push_job (self, job_new (session_job, record, (GDestroyNotify)glaux_history_session_free, NULL,
                           TRUE));
}

/**
 * glaux_history_store_record_sample:
 * @time: when the values were seen, µs since the Unix epoch
 * @coordinator_dpus: DPUs held by the coordinator
 * @executor_dpus: DPUs held by the other executors
 * @dpu_millis: the session's DpuExecutionInMillis at @time
 *
 * A second sample at the same @time replaces the first.
 */
void
glaux_history_store_record_sample (GlauxHistoryStore *self,
                                   const char        *connection_id,
                                   const char        *session_id,
                                   gint64             time,
                                   int                coordinator_dpus,
                                   int                executor_dpus,
                                   gint64             dpu_millis)
{
  SampleRecord *record;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (session_id != NULL);

  record = g_new0 (SampleRecord, 1);
  record->connection_id = g_strdup (connection_id);
  record->session_id = g_strdup (session_id);
  record->time = time;
  record->coordinator_dpus = coordinator_dpus;
  record->executor_dpus = executor_dpus;
  record->dpu_millis = dpu_millis;

  push_job (self, job_new (sample_job, record, (GDestroyNotify)sample_record_free, NULL, TRUE));
}

/**
 * glaux_history_store_record_watch:
 * @time: when (µs since the Unix epoch)
 *
 * DPUs are counted as GlauxSessionWatch counts dpus-now: executors not in a terminal state,
 * each by its size (at least 1); the COORDINATOR ones apart from the rest.
 *
 * Returns: whether a sample was recorded
 */
gboolean
glaux_history_store_record_watch (GlauxHistoryStore *self,
                                  const char        *connection_id,
                                  GlauxSessionWatch *watch,
                                  gint64             time)
{
  GlauxSession *session;
  GListModel *executors;
  gint64 coordinator = 0;
  gint64 others = 0;

  g_return_val_if_fail (GLAUX_IS_HISTORY_STORE (self), FALSE);
  g_return_val_if_fail (GLAUX_IS_SESSION_WATCH (watch), FALSE);

  session = glaux_session_watch_get_session (watch);
  if (glaux_session_watch_get_dpus_now (watch) < 0 || glaux_session_get_id (session) == NULL)
    return FALSE;

  executors = glaux_session_watch_get_executors (watch);
  for (guint i = 0; i < g_list_model_get_n_items (executors); i++)
    {
      g_autoptr(GlauxExecutor) executor = g_list_model_get_item (executors, i);
      gint64 size = MAX (glaux_executor_get_size (executor), 1);

      if (glaux_executor_state_is_terminal (glaux_executor_get_state (executor)))
        continue;
      if (glaux_executor_get_executor_type (executor) == GLAUX_EXECUTOR_TYPE_COORDINATOR)
        coordinator += size;
      else
        others += size;
    }

  glaux_history_store_record_sample (self, connection_id, glaux_session_get_id (session), time,
                                     (int)CLAMP (coordinator, 0, G_MAXINT),
                                     (int)CLAMP (others, 0, G_MAXINT),
                                     glaux_session_get_dpu_execution_millis (session));
  return TRUE;
}

/**
 * glaux_history_store_record_calculation:
 * @calculation: a calculation that knows its session (GetCalculationExecution's answer)
 *
 * Recording the same calculation again replaces the earlier record.
 */
void
glaux_history_store_record_calculation (GlauxHistoryStore *self,
                                        const char        *connection_id,
                                        GlauxCalculation  *calculation)
{
  CalculationRecord *record;
  GlauxHistoryCalculation *copy;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (GLAUX_IS_CALCULATION (calculation));
  g_return_if_fail (glaux_calculation_get_id (calculation) != NULL);
  g_return_if_fail (glaux_calculation_get_session_id (calculation) != NULL);

  copy = g_new0 (GlauxHistoryCalculation, 1);
  copy->session_id = g_strdup (glaux_calculation_get_session_id (calculation));
  copy->calculation_id = g_strdup (glaux_calculation_get_id (calculation));
  copy->description = g_strdup (glaux_calculation_get_description (calculation));
  if (glaux_calculation_get_state (calculation) != GLAUX_CALCULATION_STATE_UNKNOWN)
    copy->state = g_strdup (glaux_calculation_get_state_name (calculation));
  copy->start_time = date_time_usec (glaux_calculation_get_submission_time (calculation));
  copy->end_time = date_time_usec (glaux_calculation_get_completion_time (calculation));
  copy->dpu_millis = glaux_calculation_get_dpu_execution_millis (calculation);

  record = g_new0 (CalculationRecord, 1);
  record->connection_id = g_strdup (connection_id);
  record->calculation = copy;
  record->updated = g_get_real_time ();

  /* Before queueing: the worker frees the record once written. */
  g_signal_emit (self, signals[CALCULATION_RECORDED], 0, connection_id, copy);

  push_job (self, job_new (calculation_job, record, (GDestroyNotify)calculation_record_free, NULL,
                           TRUE));
}

/* Queries */

typedef struct
{
  char   *connection_id;
  char   *id;             /* session id, or workgroup (nullable) */
  gint64  from;
  gint64  to;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->connection_id);
  g_free (data->id);
  g_free (data);
}

static GTask *
new_query (GlauxHistoryStore   *self,
           gpointer             source_tag,
           JobFunc              func,
           gpointer             data,
           GDestroyNotify       data_free,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* The task owns the data: _finish() may need it, and the task is released on this thread. */
  g_task_set_task_data (task, data, data_free);
  push_job (self, job_new (func, data, NULL, g_object_ref (task), FALSE));

  return task;
}

static gboolean
samples_job (Worker  *worker,
             Job     *job,
             GError **error)
{
  QueryData *data = job->data;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *coordinator = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *executors = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *dpu_millis = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *statement;
  int rc;

  statement = prepare (worker,
                       "SELECT time, coordinator_dpus, executor_dpus, samples.dpu_millis"
                       " FROM samples JOIN sessions ON samples.session_key = sessions.key"
                       " WHERE connection_id = ?1 AND session_id = ?2"
                       "  AND time >= ?3 AND time < ?4"
                       " ORDER BY time",
                       error);
  if (statement != NULL)
    {
      bind_text (statement, 1, data->connection_id);
      bind_text (statement, 2, data->id);
      sqlite3_bind_int64 (statement, 3, data->from);
      sqlite3_bind_int64 (statement, 4, data->to);

      while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
        {
          gint64 time = sqlite3_column_int64 (statement, 0);
          double c = sqlite3_column_double (statement, 1);
          double e = sqlite3_column_double (statement, 2);
          gint64 m = sqlite3_column_int64 (statement, 3);

          g_array_append_val (times, time);
          g_array_append_val (coordinator, c);
          g_array_append_val (executors, e);
          g_array_append_val (dpu_millis, m);
        }
      sqlite3_reset (statement);

      if (rc == SQLITE_DONE)
        {
          g_task_return_pointer (job->task, samples_new (times, coordinator, executors, dpu_millis),
                                 (GDestroyNotify)glaux_history_samples_unref);
          return TRUE;
        }
      set_sqlite_error (worker, FALSE, error);
    }

  g_array_unref (times);
  g_array_unref (coordinator);
  g_array_unref (executors);
  g_array_unref (dpu_millis);
  return FALSE;
}

/**
 * glaux_history_store_query_samples_async:
 * @from: the first time wanted (µs since the Unix epoch), inclusive
 * @to: the end, exclusive
 */
void
glaux_history_store_query_samples_async (GlauxHistoryStore   *self,
                                         const char          *connection_id,
                                         const char          *session_id,
                                         gint64               from,
                                         gint64               to,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (session_id != NULL);

  data = g_new0 (QueryData, 1);
  data->connection_id = g_strdup (connection_id);
  data->id = g_strdup (session_id);
  data->from = from;
  data->to = to;
  task = new_query (self, glaux_history_store_query_samples_async, samples_job, data,
                    (GDestroyNotify)query_data_free, cancellable, callback, user_data);
}

/**
 * glaux_history_store_query_samples_finish:
 *
 * Returns: (transfer full): the samples (none for an unknown session), or %NULL with @error
 */
GlauxHistorySamples *
glaux_history_store_query_samples_finish (GlauxHistoryStore  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reads one row of @statement into a new item; @data is the job's QueryData. */
typedef gpointer (*ReadRowFunc) (sqlite3_stmt *statement,
                                 QueryData    *data);

/* Steps @statement to its end, one item per row, and returns the items through @job's task. */
static gboolean
return_rows (Worker         *worker,
             Job            *job,
             sqlite3_stmt   *statement,
             ReadRowFunc     read_row,
             GDestroyNotify  free_item,
             GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_item);
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (items, read_row (statement, job->data));
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (worker, FALSE, error);

  g_task_return_pointer (job->task, g_steal_pointer (&items), (GDestroyNotify)g_ptr_array_unref);
  return TRUE;
}

static gpointer
read_session (sqlite3_stmt *statement,
              QueryData    *data)
{
  GlauxHistorySession *session = g_new0 (GlauxHistorySession, 1);

  session->connection_id = column_text (statement, 0);
  session->session_id = column_text (statement, 1);
  session->workgroup = column_text (statement, 2);
  session->region = column_text (statement, 3);
  session->description = column_text (statement, 4);
  session->engine_version = column_text (statement, 5);
  session->state = column_text (statement, 6);
  session->start_time = sqlite3_column_int64 (statement, 7);
  session->end_time = sqlite3_column_int64 (statement, 8);
  session->dpu_millis = sqlite3_column_int64 (statement, 9);
  session->coordinator_dpu_size = sqlite3_column_int (statement, 10);
  session->max_concurrent_dpus = sqlite3_column_int (statement, 11);
  session->idle_timeout_seconds = sqlite3_column_int64 (statement, 12);
  session->updated = sqlite3_column_int64 (statement, 13);

  return session;
}

static gboolean
sessions_job (Worker  *worker,
              Job     *job,
              GError **error)
{
  QueryData *data = job->data;
  sqlite3_stmt *statement;

  statement = prepare (worker,
                       "SELECT connection_id, session_id, workgroup, region, description,"
                       "  engine_version, state, start_time, end_time, dpu_millis,"
                       "  coordinator_dpu_size, max_concurrent_dpus, idle_timeout_seconds,"
                       "  updated"
                       " FROM sessions WHERE connection_id = ?1 AND (?2 IS NULL OR workgroup = ?2)"
                       " ORDER BY COALESCE(start_time, updated) DESC, session_id",
                       error);
  if (statement == NULL)
    return FALSE;

  bind_text (statement, 1, data->connection_id);
  bind_text (statement, 2, data->id);

  return return_rows (worker, job, statement, read_session,
                      (GDestroyNotify)glaux_history_session_free, error);
}

/**
 * glaux_history_store_list_sessions_async:
 * @workgroup: (nullable): only this workgroup's sessions; %NULL: all of the connection's
 */
void
glaux_history_store_list_sessions_async (GlauxHistoryStore   *self,
                                         const char          *connection_id,
                                         const char          *workgroup,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);

  data = g_new0 (QueryData, 1);
  data->connection_id = g_strdup (connection_id);
  data->id = g_strdup (workgroup);
  task = new_query (self, glaux_history_store_list_sessions_async, sessions_job, data,
                    (GDestroyNotify)query_data_free, cancellable, callback, user_data);
}

/**
 * glaux_history_store_list_sessions_finish:
 *
 * Returns: (transfer container) (element-type GlauxHistorySession): the sessions
 */
GPtrArray *
glaux_history_store_list_sessions_finish (GlauxHistoryStore  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
read_calculation (sqlite3_stmt *statement,
                  QueryData    *data)
{
  GlauxHistoryCalculation *calculation = g_new0 (GlauxHistoryCalculation, 1);

  calculation->session_id = g_strdup (data->id);
  calculation->calculation_id = column_text (statement, 0);
  calculation->description = column_text (statement, 1);
  calculation->state = column_text (statement, 2);
  calculation->start_time = sqlite3_column_int64 (statement, 3);
  calculation->end_time = sqlite3_column_int64 (statement, 4);
  calculation->dpu_millis = sqlite3_column_int64 (statement, 5);

  return calculation;
}

static gboolean
calculations_job (Worker  *worker,
                  Job     *job,
                  GError **error)
{
  QueryData *data = job->data;
  sqlite3_stmt *statement;

  statement = prepare (worker,
                       "SELECT calculation_id, calculations.description, calculations.state,"
                       "  calculations.start_time, calculations.end_time, calculations.dpu_millis"
                       " FROM calculations JOIN sessions ON calculations.session_key = sessions.key"
                       " WHERE connection_id = ?1 AND session_id = ?2"
                       " ORDER BY COALESCE(calculations.start_time, 0), calculation_id",
                       error);
  if (statement == NULL)
    return FALSE;

  bind_text (statement, 1, data->connection_id);
  bind_text (statement, 2, data->id);

  return return_rows (worker, job, statement, read_calculation,
                      (GDestroyNotify)glaux_history_calculation_free, error);
}

void
glaux_history_store_list_calculations_async (GlauxHistoryStore   *self,
                                             const char          *connection_id,
                                             const char          *session_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (session_id != NULL);

  data = g_new0 (QueryData, 1);
  data->connection_id = g_strdup (connection_id);
  data->id = g_strdup (session_id);
  task = new_query (self, glaux_history_store_list_calculations_async, calculations_job, data,
                    (GDestroyNotify)query_data_free, cancellable, callback, user_data);
}

/**
 * glaux_history_store_list_calculations_finish:
 *
 * Returns: (transfer container) (element-type GlauxHistoryCalculation): the calculations
 */
GPtrArray *
glaux_history_store_list_calculations_finish (GlauxHistoryStore  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Per-day aggregates. The worker spreads each session's running DPU-milliseconds over the days
 * (per region, since prices are per region); prices are applied on the main thread in
 * _finish(), where the cost model lives. */

typedef struct
{
  char           *connection_id;
  char           *workgroup;
  guint           n_days;
  gint64         *edges;          /* n_days + 1 */
  gint64          month_start;
  gint64          now;
  int             days_in_month;
  double          days_elapsed;
  GlauxCostModel *cost_model;
} DailyQuery;

typedef struct
{
  GPtrArray  *regions;           /* char* (NULL: unknown region) */
  GArray     *day_millis;        /* gint64, n_days per region */
  GArray     *month_millis;      /* gint64, one per region */
} DailyRaw;

typedef struct
{
  gint64 time;
  gint64 dpu_millis;
} Point;

static void
daily_query_free (DailyQuery *query)
{
  g_free (query->connection_id);
  g_free (query->workgroup);
  g_free (query->edges);
  g_clear_object (&query->cost_model);
  g_free (query);
}

static void
daily_raw_free (DailyRaw *raw)
{
  g_ptr_array_unref (raw->regions);
  g_array_unref (raw->day_millis);
  g_array_unref (raw->month_millis);
  g_free (raw);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a;
  const Point *pb = b;

  return (pa->time > pb->time) - (pa->time < pb->time);
}

static guint
raw_region_index (DailyRaw   *raw,
                  const char *region,
                  guint       n_days)
{
  gint64 zero = 0;

  for (guint i = 0; i < raw->regions->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (raw->regions, i), region) == 0)
        return i;
    }

  g_ptr_array_add (raw->regions, g_strdup (region));
  for (guint d = 0; d < n_days; d++)
    g_array_append_val (raw->day_millis, zero);
  g_array_append_val (raw->month_millis, zero);

  return raw->regions->len - 1;
}

/* Appends the samples @statement yields (time, dpu_millis). */
static gboolean
collect_points (Worker        *worker,
                sqlite3_stmt  *statement,
                GArray        *points,
                GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      Point point = { sqlite3_column_int64 (statement, 0), sqlite3_column_int64 (statement, 1) };

      g_array_append_val (points, point);
    }
  sqlite3_reset (statement);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (worker, FALSE, error);

  return TRUE;
}

/* A session's running total around the window: nothing at its start, the last sample before
 * the window, the samples in it, and its last recorded DpuExecutionInMillis at its end (or when
 * last seen), which also covers sessions that were listed but never sampled. */
static gboolean
session_points (Worker   *worker,
                gint64    key,
                gint64    start_time,
                gint64    end_time,
                gint64    dpu_millis,
                gint64    window_start,
                gint64    window_end,
                GArray   *points,
                GError  **error)
{
  sqlite3_stmt *statement;
  Point last;

  g_array_set_size (points, 0);
  if (start_time > 0)
    {
      Point start = { start_time, 0 };

      g_array_append_val (points, start);
    }

  statement = prepare (worker,
                       "SELECT time, dpu_millis FROM samples WHERE session_key = ?1 AND time < ?2"
                       " ORDER BY time DESC LIMIT 1",
                       error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, key);
  sqlite3_bind_int64 (statement, 2, window_start);
  if (!collect_points (worker, statement, points, error))
    return FALSE;

  statement = prepare (worker,
                       "SELECT time, dpu_millis FROM samples WHERE session_key = ?1"
                       " AND time >= ?2 AND time <= ?3 ORDER BY time",
                       error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, key);
  sqlite3_bind_int64 (statement, 2, window_start);
  sqlite3_bind_int64 (statement, 3, window_end);
  if (!collect_points (worker, statement, points, error))
    return FALSE;

  /* Clocks differ (Athena's start time against this machine's sample times): sort. */
  g_array_sort (points, compare_points);

  last.time = points->len > 0 ? g_array_index (points, Point, points->len - 1).time : 0;
  last.time = MAX (last.time, end_time);
  last.dpu_millis = dpu_millis;
  if (dpu_millis > 0 && last.time > 0)
    g_array_append_val (points, last);

  return TRUE;
}

static gboolean
daily_job (Worker  *worker,
           Job     *job,
           GError **error)
{
  DailyQuery *query = job->data;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 window_start = MIN (query->edges[0], query->month_start);
  gint64 window_end = MAX (query->edges[query->n_days], query->now);
  gint64 month_edges[2] = { query->month_start, query->now };
  DailyRaw *raw;
  sqlite3_stmt *statement;
  GArray *sessions;
  int rc;

  typedef struct
  {
    gint64  key;
    char   *region;
    gint64  start_time;
    gint64  end_time;
    gint64  dpu_millis;
  } Row;

  statement = prepare (worker,
                       "SELECT key, region, start_time, end_time, updated, dpu_millis"
                       " FROM sessions WHERE connection_id = ?1 AND (?2 IS NULL OR workgroup = ?2)"
                       "  AND COALESCE(start_time, 0) < ?4"
                       "  AND MAX(COALESCE(end_time, 0), updated) >= ?3",
                       error);
  if (statement == NULL)
    return FALSE;

  bind_text (statement, 1, query->connection_id);
  bind_text (statement, 2, query->workgroup);
  sqlite3_bind_int64 (statement, 3, window_start);
  sqlite3_bind_int64 (statement, 4, window_end);

  /* Read the sessions first: the samples statements must not interleave with this one. */
  sessions = g_array_new (FALSE, TRUE, sizeof (Row));
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      Row row = {
        sqlite3_column_int64 (statement, 0),
        column_text (statement, 1),
        sqlite3_column_int64 (statement, 2),
        sqlite3_column_int64 (statement, 3),
        sqlite3_column_int64 (statement, 5),
      };

      /* Not ended: its total stands as of its last record. */
      if (row.end_time <= 0)
        row.end_time = sqlite3_column_int64 (statement, 4);
      g_array_append_val (sessions, row);
    }
  sqlite3_reset (statement);

  raw = g_new0 (DailyRaw, 1);
  raw->regions = g_ptr_array_new_with_free_func (g_free);
  raw->day_millis = g_array_new (FALSE, TRUE, sizeof (gint64));
  raw->month_millis = g_array_new (FALSE, TRUE, sizeof (gint64));

  if (rc != SQLITE_DONE)
    set_sqlite_error (worker, FALSE, error);

  for (guint i = 0; rc == SQLITE_DONE && i < sessions->len; i++)
    {
      Row *row = &g_array_index (sessions, Row, i);
      guint r;

      if (!session_points (worker, row->key, row->start_time, row->end_time, row->dpu_millis,
                           window_start, window_end, points, error))
        {
          rc = SQLITE_ERROR;
          break;
        }

      g_array_set_size (times, points->len);
      g_array_set_size (values, points->len);
      for (guint p = 0; p < points->len; p++)
        {
          g_array_index (times, gint64, p) = g_array_index (points, Point, p).time;
          g_array_index (values, gint64, p) = g_array_index (points, Point, p).dpu_millis;
        }

      r = raw_region_index (raw, row->region, query->n_days);
      glaux_cost_model_spread_dpu_millis ((gint64 *)(gpointer)times->data,
                                          (gint64 *)(gpointer)values->data, points->len,
                                          query->edges, query->n_days + 1,
                                          &g_array_index (raw->day_millis, gint64,
                                                          r * query->n_days));
      glaux_cost_model_spread_dpu_millis ((gint64 *)(gpointer)times->data,
                                          (gint64 *)(gpointer)values->data, points->len,
                                          month_edges, 2,
                                          &g_array_index (raw->month_millis, gint64, r));
    }

  for (guint i = 0; i < sessions->len; i++)
    g_free (g_array_index (sessions, Row, i).region);
  g_array_unref (sessions);

  if (rc != SQLITE_DONE)
    {
      daily_raw_free (raw);
      return FALSE;
    }

  g_task_return_pointer (job->task, raw, (GDestroyNotify)daily_raw_free);
  return TRUE;
}

/**
 * glaux_history_store_query_daily_async:
 * @workgroup: (nullable): one workgroup; %NULL: the whole connection
 * @n_days: days wanted, at least 1 (today included)
 * @now: µs since the Unix epoch (0: now)
 * @tz: (nullable): the calendar's time zone; %NULL: local time
 * @cost_model: (nullable): prices; %NULL: glaux_cost_model_get_default()
 *
 * A day's DPU-milliseconds are the growth of each session's DpuExecutionInMillis between that
 * day's local midnights, interpolated linearly between samples. Its cost is those
 * DPU-milliseconds priced at the connection's own price, else its region's
 * (glaux_cost_model_cost_for_connection(), so rounded up to whole DPU-seconds per day and
 * region), and the month to date likewise.
 */
void
glaux_history_store_query_daily_async (GlauxHistoryStore   *self,
                                       const char          *connection_id,
                                       const char          *workgroup,
                                       guint                n_days,
                                       gint64               now,
                                       GTimeZone           *tz,
                                       GlauxCostModel      *cost_model,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DailyQuery *query;

  g_return_if_fail (GLAUX_IS_HISTORY_STORE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (n_days > 0);
  g_return_if_fail (cost_model == NULL || GLAUX_IS_COST_MODEL (cost_model));

  query = g_new0 (DailyQuery, 1);
  query->connection_id = g_strdup (connection_id);
  query->workgroup = g_strdup (workgroup);
  query->n_days = n_days;
  query->now = now > 0 ? now : g_get_real_time ();
  query->edges = glaux_cost_model_day_edges (tz, query->now, n_days);
  query->month_start = glaux_cost_model_month_start (tz, query->now, &query->days_in_month,
                                                     &query->days_elapsed);
  query->cost_model = g_object_ref (cost_model != NULL ? cost_model
                                                       : glaux_cost_model_get_default ());

  task = new_query (self, glaux_history_store_query_daily_async, daily_job, query,
                    (GDestroyNotify)daily_query_free, cancellable, callback, user_data);
}

/**
 * glaux_history_store_query_daily_finish:
 *
 * Returns: (transfer full): the days and the month to date, or %NULL with @error
 */
GlauxHistoryDaily *
glaux_history_store_query_daily_finish (GlauxHistoryStore  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  DailyQuery *query;
  DailyRaw *raw;
  GlauxHistoryDaily *daily;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  raw = g_task_propagate_pointer (G_TASK (result), error);
  if (raw == NULL)
    return NULL;

  query = g_task_get_task_data (G_TASK (result));
  daily = g_atomic_rc_box_new0 (GlauxHistoryDaily);
  daily->n_days = query->n_days;
  daily->day_starts = g_memdup2 (query->edges, sizeof (gint64) * (query->n_days + 1));
  daily->dpu_millis = g_new0 (gint64, query->n_days);
  daily->dpu_hours = g_new0 (double, query->n_days);
  daily->cost = g_new0 (double, query->n_days);
  daily->month_start = query->month_start;
  daily->days_in_month = query->days_in_month;
  daily->days_elapsed = query->days_elapsed;

  for (guint r = 0; r < raw->regions->len; r++)
    {
      const char *region = g_ptr_array_index (raw->regions, r);
      gint64 month = g_array_index (raw->month_millis, gint64, r);
      gboolean is_estimate = FALSE;

      glaux_cost_model_get_price_for_connection (query->cost_model, query->connection_id, region,
                                                 &is_estimate, NULL);
      daily->is_estimate |= is_estimate;

      for (guint d = 0; d < query->n_days; d++)
        {
          gint64 millis = g_array_index (raw->day_millis, gint64, r * query->n_days + d);

          daily->dpu_millis[d] += millis;
          daily->cost[d] += glaux_cost_model_cost_for_connection (query->cost_model,
                                                                  query->connection_id, region,
                                                                  millis);
        }

      daily->month_dpu_millis += month;
      daily->month_cost += glaux_cost_model_cost_for_connection (query->cost_model,
                                                                 query->connection_id, region,
                                                                 month);
    }

  for (guint d = 0; d < query->n_days; d++)
    daily->dpu_hours[d] = (double)daily->dpu_millis[d] / 3600000.0;
  daily->month_projection = glaux_cost_model_project_month (daily->month_cost, daily->days_elapsed,
                                                            daily->days_in_month);

  daily_raw_free (raw);
  return daily;
}
