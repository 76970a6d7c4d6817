/* glaux-local-sql-job.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-sql-job"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "glaux-local-error.h"
#include "glaux-local-sql-job.h"

/* Runs one SQL code block on the local catalog in a worker thread, with its own connection so
 * sqlite3_interrupt() stops exactly this job. Several statements may follow each other; the
 * rows of the last statement that returns rows become result.csv:
 *   - RFC 4180: header row with the column names, CRLF line ends, fields holding a comma, a
 *     double quote, CR or LF are quoted and inner quotes doubled;
 *   - SQL NULL is an empty unquoted field, the empty string is "" (quoted), so they stay
 *     distinguishable; BLOBs are written as lowercase hex. */
struct _GlauxLocalSqlJob
{
  GObject       parent_instance;

  char         *catalog_path;
  char         *code;
  GlauxLocalS3 *s3;
  char         *result_bucket;
  char         *result_key;

  GMutex        lock;
  sqlite3      *db;              /* guarded by lock: only set while the job runs */
  gboolean      interrupted;     /* guarded by lock */
};

G_DEFINE_FINAL_TYPE (GlauxLocalSqlJob, glaux_local_sql_job, G_TYPE_OBJECT)

static void
glaux_local_sql_job_finalize (GObject *object)
{
  GlauxLocalSqlJob *self = (GlauxLocalSqlJob *)object;

  g_free (self->catalog_path);
  g_free (self->code);
  g_clear_object (&self->s3);
  g_free (self->result_bucket);
  g_free (self->result_key);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (glaux_local_sql_job_parent_class)->finalize (object);
}

static void
glaux_local_sql_job_class_init (GlauxLocalSqlJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_local_sql_job_finalize;
}

static void
glaux_local_sql_job_init (GlauxLocalSqlJob *self)
{
  g_mutex_init (&self->lock);
}

GlauxLocalSqlJob *
glaux_local_sql_job_new (const char   *catalog_path,
                         const char   *code,
                         GlauxLocalS3 *s3,
                         const char   *result_bucket,
                         const char   *result_key)
{
  GlauxLocalSqlJob *self = g_object_new (GLAUX_LOCAL_TYPE_SQL_JOB, NULL);

  self->catalog_path = g_strdup (catalog_path);
  self->code = g_strdup (code);
  self->s3 = g_object_ref (s3);
  self->result_bucket = g_strdup (result_bucket);
  self->result_key = g_strdup (result_key);

  return self;
}

void
glaux_local_sql_outcome_free (GlauxLocalSqlOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_clear_pointer (&outcome->stdout_bytes, g_bytes_unref);
  g_clear_pointer (&outcome->stderr_bytes, g_bytes_unref);
  g_free (outcome);
}

static const char *
skip_blank_and_comments (const char *p)
{
  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (p[0] == '-' && p[1] == '-')
        {
          p = strchr (p, '\n');
          if (p == NULL)
            return "";
          continue;
        }
      return p;
    }
}

/* A block is SQL when its first line is %%sql, or when it starts with an SQL keyword that is
 * not being used as a Python name ("select = 3" stays Python). */
gboolean
glaux_local_sql_is_sql_block (const char *code)
{
  static const char * const keywords[] = {
    "select", "with", "insert", "update", "delete", "create", "drop", "alter", "pragma",
    "values", "replace", "explain", "begin", "commit", "attach", "analyze", "vacuum",
  };
  const char *p = code;
  const char *next;

  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "%%sql", 5) == 0)
    return TRUE;

  p = skip_blank_and_comments (code);
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      gsize length = strlen (keywords[i]);

      if (g_ascii_strncasecmp (p, keywords[i], length) != 0)
        continue;
      next = p + length;
      if (*next != '\0' && !g_ascii_isspace (*next) && *next != '(' && *next != '*'
          && *next != ';')
        continue;
      while (*next == ' ' || *next == '\t')
        next++;

      return *next != '=' && *next != '.' && *next != ',' && *next != ':';
    }

  return FALSE;
}

/* Drops a leading "%%sql" line. */
static const char *
sql_text (const char *code)
{
  const char *p = code;

  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "%%sql", 5) != 0)
    return code;
  p = strchr (p, '\n');

  return p != NULL ? p + 1 : "";
}

void
glaux_local_sql_append_csv_field (GString    *out,
                                  const char *value,
                                  gsize       length)
{
  gboolean quote = length == 0;

  for (gsize i = 0; i < length && !quote; i++)
    quote = value[i] == ',' || value[i] == '"' || value[i] == '\r' || value[i] == '\n';

  if (!quote)
    {
      g_string_append_len (out, value, length);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      if (value[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, value[i]);
    }
  g_string_append_c (out, '"');
}

static void
append_column (GString      *out,
               sqlite3_stmt *stmt,
               int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      break;
    case SQLITE_BLOB:
      {
        const guchar *blob = sqlite3_column_blob (stmt, column);
        int length = sqlite3_column_bytes (stmt, column);

        for (int i = 0; i < length; i++)
          g_string_append_printf (out, "%02x", blob[i]);
        if (length == 0)
          g_string_append (out, "\"\"");
      }
      break;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
    case SQLITE_TEXT:
    default:
      {
        const char *text = (const char *)sqlite3_column_text (stmt, column);

        glaux_local_sql_append_csv_field (out, text, sqlite3_column_bytes (stmt, column));
      }
      break;
    }
}

static gboolean
write_all (int          fd,
           GString     *buffer,
           GError     **error)
{
  gsize written = 0;

  while (written < buffer->len)
    {
      gssize n = write (fd, buffer->str + written, buffer->len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot write result.csv: %s", g_strerror (saved_errno));
          return FALSE;
        }
      written += n;
    }
  g_string_truncate (buffer, 0);

  return TRUE;
}

typedef struct
{
  GlauxLocalSqlJob *job;
  GString          *out;
  GString          *err;
  int               csv_fd;
  gint64            result_rows;
  guint             statement;
} RunState;

/* Steps one prepared statement to the end, streaming its rows into the CSV file when it has
 * columns (the file is emptied first: only the last row-returning statement is kept). */
static int
run_statement (sqlite3      *db,
               sqlite3_stmt *stmt,
               RunState     *state,
               GError      **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  int columns = sqlite3_column_count (stmt);
  gint64 rows = 0;
  int rc;

  if (columns > 0)
    {
      if (ftruncate (state->csv_fd, 0) != 0 || lseek (state->csv_fd, 0, SEEK_SET) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot reset result.csv");
          return SQLITE_ERROR;
        }
      for (int i = 0; i < columns; i++)
        {
          const char *name = sqlite3_column_name (stmt, i);

          if (i > 0)
            g_string_append_c (csv, ',');
          glaux_local_sql_append_csv_field (csv, name, strlen (name));
        }
      g_string_append (csv, "\r\n");
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < columns; i++)
        {
          if (i > 0)
            g_string_append_c (csv, ',');
          append_column (csv, stmt, i);
        }
      g_string_append (csv, "\r\n");
      rows++;
      if (csv->len >= 64 * 1024 && !write_all (state->csv_fd, csv, error))
        return SQLITE_ERROR;
    }

  if (rc != SQLITE_DONE)
    return rc;
  if (columns > 0 && !write_all (state->csv_fd, csv, error))
    return SQLITE_ERROR;

  if (columns > 0)
    {
      state->result_rows = rows;
      g_string_append_printf (state->out, "-- statement %u: %" G_GINT64_FORMAT " row%s returned\n",
                              state->statement, rows, rows == 1 ? "" : "s");
    }
  else
    g_string_append_printf (state->out, "-- statement %u: %d row%s changed\n", state->statement,
                            sqlite3_changes (db), sqlite3_changes (db) == 1 ? "" : "s");

  return SQLITE_DONE;
}

static gboolean
is_interrupted (GlauxLocalSqlJob *self)
{
  gboolean interrupted;

  g_mutex_lock (&self->lock);
  interrupted = self->interrupted;
  g_mutex_unlock (&self->lock);

  return interrupted;
}

static gboolean
run_statements (sqlite3     *db,
                const char  *sql,
                RunState    *state,
                GError     **error)
{
  const char *tail = sql;

  while (*skip_blank_and_comments (tail) != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      /* sqlite3_interrupt only reaches statements already running. */
      if (is_interrupted (state->job))
        {
          g_string_append (state->err, "The calculation was stopped.\n");
          return FALSE;
        }
      if (sqlite3_prepare_v2 (db, tail, -1, &stmt, &tail) != SQLITE_OK)
        {
          g_string_append_printf (state->err, "Error in statement %u: %s\n",
                                  state->statement + 1, sqlite3_errmsg (db));
          return FALSE;
        }
      if (stmt == NULL)
        continue;

      state->statement++;
      rc = run_statement (db, stmt, state, error);
      sqlite3_finalize (stmt);
      if (rc == SQLITE_ERROR && error != NULL && *error != NULL)
        return FALSE;
      if (rc != SQLITE_DONE)
        {
          g_string_append_printf (state->err, "Error in statement %u: %s\n", state->statement,
                                  sqlite3_errstr (rc) != NULL && rc == SQLITE_INTERRUPT
                                  ? "interrupted" : sqlite3_errmsg (db));
          return FALSE;
        }
    }

  if (state->statement == 0)
    {
      g_string_append (state->err, "The code block holds no SQL statement.\n");
      return FALSE;
    }

  return TRUE;
}

static sqlite3 *
open_catalog (GlauxLocalSqlJob  *self,
              GString           *err)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (self->catalog_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                       | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_string_append_printf (err, "Cannot open the local catalog %s: %s\n", self->catalog_path,
                              db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

  return db;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GlauxLocalSqlJob *self = source_object;
  g_autoptr(GlauxLocalSqlOutcome) outcome = g_new0 (GlauxLocalSqlOutcome, 1);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *temp_path = NULL;
  RunState state = { self, out, err, -1, -1, 0 };
  sqlite3 *db = open_catalog (self, err);

  g_mutex_lock (&self->lock);
  self->db = db;
  if (self->interrupted && db != NULL)
    sqlite3_interrupt (db);
  g_mutex_unlock (&self->lock);

  state.csv_fd = glaux_local_s3_create_temp (self->s3, &temp_path, &error);
  if (db != NULL && state.csv_fd >= 0)
    outcome->success = run_statements (db, sql_text (self->code), &state, &error);
  if (error != NULL)
    g_string_append_printf (err, "%s\n", error->message);

  g_mutex_lock (&self->lock);
  self->db = NULL;
  outcome->interrupted = self->interrupted;
  g_mutex_unlock (&self->lock);
  sqlite3_close_v2 (db);

  if (state.csv_fd >= 0)
    close (state.csv_fd);
  g_clear_error (&error);
  if (outcome->success && state.result_rows >= 0
      && !glaux_local_s3_commit_temp (self->s3, temp_path, self->result_bucket,
                                      self->result_key, &error))
    {
      outcome->success = FALSE;
      g_string_append_printf (err, "Cannot store result.csv: %s\n", error->message);
    }
  else if (temp_path != NULL && (!outcome->success || state.result_rows < 0))
    g_unlink (temp_path);

  outcome->result_rows = outcome->success ? state.result_rows : -1;
  outcome->stdout_bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  outcome->stderr_bytes = g_string_free_to_bytes (g_steal_pointer (&err));
  g_task_return_pointer (task, g_steal_pointer (&outcome),
                         (GDestroyNotify)glaux_local_sql_outcome_free);
}

void
glaux_local_sql_job_run_async (GlauxLocalSqlJob    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GLAUX_LOCAL_IS_SQL_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_local_sql_job_run_async);
  g_task_run_in_thread (task, run_in_thread);
}

GlauxLocalSqlOutcome *
glaux_local_sql_job_run_finish (GlauxLocalSqlJob  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Thread-safe; stops the running statement at its next step (sqlite3_interrupt). */
void
glaux_local_sql_job_interrupt (GlauxLocalSqlJob *self)
{
  g_return_if_fail (GLAUX_LOCAL_IS_SQL_JOB (self));

  g_mutex_lock (&self->lock);
  self->interrupted = TRUE;
  if (self->db != NULL)
    sqlite3_interrupt (self->db);
  g_mutex_unlock (&self->lock);
}
