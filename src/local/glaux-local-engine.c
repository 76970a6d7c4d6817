/* glaux-local-engine.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-engine"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "glaux-local-engine.h"
#include "glaux-local-error.h"
#include "glaux-local-python-worker.h"
#include "glaux-local-sql-job.h"

/* The state machines of glaux-local: workgroups, sessions, calculations and executors live in
 * memory (the records the API answers from) and every change is written through to the store.
 * A live session has a Runtime with its timer, its current calculation and its workers: a SQL
 * job thread while a SQL block runs, and one long-lived python3 process once Python ran.
 *
 * DPU model: the coordinator is 1 DPU from StartSession to TERMINATED; every real worker (the
 * thread of a SQL block while it runs, the session's python3 process while it lives) is one
 * WORKER executor of 1 DPU. DpuExecutionInMillis = the executors' lifetimes × their size, for a
 * calculation restricted to the time it ran. */
struct _GlauxLocalEngine
{
  GObject          parent_instance;

  GlauxLocalStore *store;
  GlauxLocalS3    *s3;
  char            *catalog_path;
  double           time_scale;
  gint64           seq;

  GHashTable      *workgroups;          /* name -> GlauxLocalWorkgroup (owned) */
  GHashTable      *sessions;            /* id -> GlauxLocalSession (owned) */
  GPtrArray       *session_order;       /* GlauxLocalSession, creation order */
  GHashTable      *calculations;        /* id -> GlauxLocalCalculation (owned) */
  GHashTable      *session_calcs;       /* session id -> GPtrArray of GlauxLocalCalculation */
  GHashTable      *executors;           /* id -> GlauxLocalExecutor (owned) */
  GHashTable      *session_executors;   /* session id -> GPtrArray of GlauxLocalExecutor */
  GHashTable      *runtimes;            /* session id -> Runtime, live sessions only */

  guint            heartbeat_id;
};

G_DEFINE_FINAL_TYPE (GlauxLocalEngine, glaux_local_engine, G_TYPE_OBJECT)

typedef struct
{
  GlauxLocalEngine       *engine;
  GlauxLocalSession      *session;
  gint64                  max_dpus;
  guint                   timer_id;
  guint                   stop_timer_id;
  GlauxLocalCalculation  *calculation;      /* current non-terminal calculation */
  GlauxLocalSqlJob       *sql_job;
  GlauxLocalExecutor     *sql_executor;
  GlauxLocalPythonWorker *python;
  GlauxLocalExecutor     *python_executor;
  gulong                  python_exited_id;
  GString                *notes;            /* engine remarks added to the next stderr */
} Runtime;

#define SESSION_STEP_MS     40
#define STOP_GRACE_MS       3000
#define HEARTBEAT_MS        2000
#define TERMINATED_BY_USER  "Session was terminated per request"

static void runtime_try_run   (Runtime *runtime);
static void runtime_arm_idle  (Runtime *runtime);

gint64
glaux_local_engine_now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
persist_error (const char *what,
               GError     *error)
{
  g_critical ("Cannot save %s: %s", what, error->message);
}

static void
save_session (GlauxLocalEngine  *self,
              GlauxLocalSession *session)
{
  g_autoptr(GError) error = NULL;

  if (!glaux_local_store_put_session (self->store, session, &error))
    persist_error ("a session", error);
}

static void
save_calculation (GlauxLocalEngine      *self,
                  GlauxLocalCalculation *calculation)
{
  g_autoptr(GError) error = NULL;

  if (!glaux_local_store_put_calculation (self->store, calculation, &error))
    persist_error ("a calculation", error);
}

static void
save_executor (GlauxLocalEngine   *self,
               GlauxLocalExecutor *executor)
{
  g_autoptr(GError) error = NULL;

  if (!glaux_local_store_put_executor (self->store, executor, &error))
    persist_error ("an executor", error);
}

static void
begin (GlauxLocalEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (!glaux_local_store_begin (self->store, &error))
    persist_error ("a transaction", error);
}

static void
commit (GlauxLocalEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (!glaux_local_store_commit (self->store, &error))
    {
      persist_error ("a transaction", error);
      glaux_local_store_rollback (self->store);
    }
}

static void
set_string (char       **field,
            const char  *value)
{
  if (*field == value)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
is_session_alive (const GlauxLocalSession *session)
{
  return g_strcmp0 (session->state, "TERMINATED") != 0 && g_strcmp0 (session->state, "FAILED") != 0;
}

static gboolean
is_calculation_final (const GlauxLocalCalculation *calculation)
{
  return g_strcmp0 (calculation->state, "COMPLETED") == 0
         || g_strcmp0 (calculation->state, "FAILED") == 0
         || g_strcmp0 (calculation->state, "CANCELED") == 0;
}

static guint
scaled_ms (GlauxLocalEngine *self,
           double            ms)
{
  return (guint)CLAMP (ms / self->time_scale, 1.0, (double)G_MAXUINT);
}

/* Session state changes; the caller saves. */
static void
session_set_state (GlauxLocalSession *session,
                   const char        *state,
                   const char        *reason)
{
  gint64 now = glaux_local_engine_now_ms ();

  set_string (&session->state, state);
  if (reason != NULL)
    set_string (&session->reason, reason);
  session->last_modified_ms = now;
  session->idle_since_ms = g_str_equal (state, "IDLE") ? now : 0;
  if (!is_session_alive (session))
    session->end_ms = now;
}

static GPtrArray *
list_for (GHashTable *index,
          const char *session_id)
{
  GPtrArray *list = g_hash_table_lookup (index, session_id);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (index, g_strdup (session_id), list);
    }

  return list;
}

static void
add_session (GlauxLocalEngine  *self,
             GlauxLocalSession *session)
{
  g_hash_table_insert (self->sessions, session->id, session);
  g_ptr_array_add (self->session_order, session);
}

static void
add_calculation (GlauxLocalEngine      *self,
                 GlauxLocalCalculation *calculation)
{
  g_hash_table_insert (self->calculations, calculation->id, calculation);
  g_ptr_array_add (list_for (self->session_calcs, calculation->session_id), calculation);
}

static void
add_executor (GlauxLocalEngine   *self,
              GlauxLocalExecutor *executor)
{
  g_hash_table_insert (self->executors, executor->id, executor);
  g_ptr_array_add (list_for (self->session_executors, executor->session_id), executor);
}

static GlauxLocalExecutor *
executor_register (GlauxLocalEngine *self,
                   const char       *session_id,
                   const char       *type,
                   gint64            start_ms)
{
  GlauxLocalExecutor *executor = g_new0 (GlauxLocalExecutor, 1);
  g_autofree char *uuid = g_uuid_string_random ();

  executor->id = g_strdup_printf ("%s-%s", g_str_equal (type, "COORDINATOR") ? "coordinator"
                                  : "worker", uuid);
  executor->seq = ++self->seq;
  executor->session_id = g_strdup (session_id);
  executor->type = g_strdup (type);
  executor->size = 1;
  executor->state = g_strdup ("REGISTERED");
  executor->start_ms = start_ms;
  add_executor (self, executor);
  save_executor (self, executor);

  return executor;
}

static void
executor_terminate (GlauxLocalEngine   *self,
                    GlauxLocalExecutor *executor,
                    gint64              end_ms)
{
  if (executor == NULL || g_strcmp0 (executor->state, "TERMINATED") == 0)
    return;

  set_string (&executor->state, "TERMINATED");
  executor->end_ms = MAX (end_ms, executor->start_ms);
  save_executor (self, executor);
}

static gint64
overlap_ms (gint64 a_start,
            gint64 a_end,
            gint64 b_start,
            gint64 b_end)
{
  gint64 start = MAX (a_start, b_start);
  gint64 end = MIN (a_end, b_end);

  return end > start ? end - start : 0;
}

/* DPU-milliseconds the session's executors held within [from, to]. */
static gint64
executors_dpu_ms (GlauxLocalEngine *self,
                  const char       *session_id,
                  gint64            from,
                  gint64            to)
{
  GPtrArray *list = g_hash_table_lookup (self->session_executors, session_id);
  gint64 now = glaux_local_engine_now_ms ();
  gint64 total = 0;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      GlauxLocalExecutor *executor = g_ptr_array_index (list, i);
      gint64 end = executor->end_ms > 0 ? executor->end_ms : now;

      total += overlap_ms (executor->start_ms, end, from, to) * executor->size;
    }

  return total;
}

gint64
glaux_local_engine_session_dpu_ms (GlauxLocalEngine  *self,
                                   GlauxLocalSession *session)
{
  return executors_dpu_ms (self, session->id, 0, G_MAXINT64);
}

gint64
glaux_local_engine_calculation_dpu_ms (GlauxLocalEngine      *self,
                                       GlauxLocalCalculation *calculation)
{
  if (is_calculation_final (calculation) || calculation->running_ms == 0)
    return calculation->dpu_ms;

  return executors_dpu_ms (self, calculation->session_id, calculation->running_ms,
                           glaux_local_engine_now_ms ());
}

static guint
live_workers (GlauxLocalEngine *self,
              const char       *session_id)
{
  GPtrArray *list = g_hash_table_lookup (self->session_executors, session_id);
  guint count = 0;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      GlauxLocalExecutor *executor = g_ptr_array_index (list, i);

      if (g_str_equal (executor->type, "WORKER") && g_str_equal (executor->state, "REGISTERED"))
        count++;
    }

  return count;
}

gint64
glaux_local_engine_session_max_dpus (GlauxLocalSession *session)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (session->engine_configuration == NULL
      || !json_parser_load_from_data (parser, session->engine_configuration, -1, NULL))
    return GLAUX_LOCAL_DEFAULT_MAX_DPUS;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "MaxConcurrentDpus"))
    return GLAUX_LOCAL_DEFAULT_MAX_DPUS;

  return json_object_get_int_member (json_node_get_object (root), "MaxConcurrentDpus");
}

/* ---- Runtime ---------------------------------------------------------------------------- */

static void
runtime_clear_timer (Runtime *runtime)
{
  g_clear_handle_id (&runtime->timer_id, g_source_remove);
}

static void
python_exited_cb (GlauxLocalPythonWorker *worker,
                  Runtime                *runtime)
{
  gint64 ended = glaux_local_python_worker_get_ended_at (worker) / 1000;

  executor_terminate (runtime->engine, runtime->python_executor,
                      ended > 0 ? ended : glaux_local_engine_now_ms ());
  runtime->python_executor = NULL;

  /* A calculation waiting for DPUs may fit now. */
  if (runtime->calculation != NULL && g_str_equal (runtime->calculation->state, "QUEUED"))
    runtime_try_run (runtime);
}

static void
runtime_free (Runtime *runtime)
{
  runtime_clear_timer (runtime);
  g_clear_handle_id (&runtime->stop_timer_id, g_source_remove);
  if (runtime->sql_job != NULL)
    glaux_local_sql_job_interrupt (runtime->sql_job);
  g_clear_object (&runtime->sql_job);
  if (runtime->python != NULL)
    {
      g_clear_signal_handler (&runtime->python_exited_id, runtime->python);
      glaux_local_python_worker_stop (runtime->python);
      g_clear_object (&runtime->python);
    }
  if (runtime->notes != NULL)
    g_string_free (runtime->notes, TRUE);
  g_free (runtime);
}

static Runtime *
runtime_new (GlauxLocalEngine  *self,
             GlauxLocalSession *session)
{
  Runtime *runtime = g_new0 (Runtime, 1);

  runtime->engine = self;
  runtime->session = session;
  runtime->max_dpus = glaux_local_engine_session_max_dpus (session);
  g_hash_table_insert (self->runtimes, g_strdup (session->id), runtime);

  return runtime;
}

static void
terminate_session_executors (GlauxLocalEngine *self,
                             const char       *session_id,
                             gint64            end_ms)
{
  GPtrArray *list = g_hash_table_lookup (self->session_executors, session_id);

  for (guint i = 0; list != NULL && i < list->len; i++)
    executor_terminate (self, g_ptr_array_index (list, i), end_ms);
}

static char *
object_uri (const char *working_directory,
            const char *name)
{
  return g_strconcat (working_directory, name, NULL);
}

/* Writes stdout.txt and stderr.txt next to result.csv; failures are noted in @stderr_text. */
static void
write_outputs (GlauxLocalEngine      *self,
               GlauxLocalCalculation *calculation,
               GBytes                *stdout_bytes,
               GBytes                *stderr_bytes)
{
  g_autofree char *bucket = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *stdout_key = NULL;
  g_autofree char *stderr_key = NULL;
  g_autoptr(GError) error = NULL;

  if (!glaux_local_s3_parse_uri (calculation->working_directory, &bucket, &prefix, &error)
      || !glaux_local_s3_create_bucket (self->s3, bucket, TRUE, &error))
    {
      g_warning ("Cannot write outputs of calculation %s: %s", calculation->id, error->message);
      return;
    }

  stdout_key = g_strconcat (prefix, "stdout.txt", NULL);
  stderr_key = g_strconcat (prefix, "stderr.txt", NULL);
  if (!glaux_local_s3_put_bytes (self->s3, bucket, stdout_key, stdout_bytes, &error)
      || !glaux_local_s3_put_bytes (self->s3, bucket, stderr_key, stderr_bytes, &error))
    {
      g_warning ("Cannot write outputs of calculation %s: %s", calculation->id, error->message);
      return;
    }

  g_free (calculation->stdout_uri);
  calculation->stdout_uri = object_uri (calculation->working_directory, "stdout.txt");
  g_free (calculation->stderr_uri);
  calculation->stderr_uri = object_uri (calculation->working_directory, "stderr.txt");
}

static GBytes *
with_notes (Runtime *runtime,
            GBytes  *stderr_bytes)
{
  g_autoptr(GString) text = NULL;
  gsize length = 0;
  const char *data;

  if (runtime->notes == NULL || runtime->notes->len == 0)
    return g_bytes_ref (stderr_bytes);

  data = g_bytes_get_data (stderr_bytes, &length);
  text = g_string_new_len (runtime->notes->str, runtime->notes->len);
  g_string_append_len (text, data, length);
  g_string_truncate (runtime->notes, 0);

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/* Ends the current calculation: outputs written, worker executor released, DPU-ms frozen,
 * session back to IDLE, all saved in one transaction. */
static void
runtime_finish (Runtime    *runtime,
                const char *state,
                const char *reason,
                const char *progress,
                GBytes     *stdout_bytes,
                GBytes     *stderr_bytes,
                gboolean    has_result)
{
  GlauxLocalEngine *self = runtime->engine;
  GlauxLocalCalculation *calculation = runtime->calculation;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) errors = with_notes (runtime, stderr_bytes != NULL ? stderr_bytes : empty);
  gint64 now = glaux_local_engine_now_ms ();

  g_clear_handle_id (&runtime->stop_timer_id, g_source_remove);
  write_outputs (self, calculation, stdout_bytes != NULL ? stdout_bytes : empty, errors);

  begin (self);
  executor_terminate (self, runtime->sql_executor, now);
  runtime->sql_executor = NULL;
  g_clear_object (&runtime->sql_job);

  g_free (calculation->result_uri);
  g_free (calculation->result_type);
  calculation->result_uri = has_result ? object_uri (calculation->working_directory, "result.csv")
                                       : g_strdup (calculation->stdout_uri);
  calculation->result_type = g_strdup (has_result ? "text/csv" : "text/plain");
  calculation->completion_ms = now;
  if (calculation->running_ms > 0)
    calculation->dpu_ms = executors_dpu_ms (self, calculation->session_id,
                                            calculation->running_ms, now);
  set_string (&calculation->state, state);
  set_string (&calculation->reason, reason);
  set_string (&calculation->progress, progress);
  save_calculation (self, calculation);
  runtime->calculation = NULL;

  if (g_str_equal (runtime->session->state, "BUSY"))
    {
      session_set_state (runtime->session, "IDLE", NULL);
      save_session (self, runtime->session);
    }
  commit (self);

  if (g_str_equal (runtime->session->state, "IDLE"))
    runtime_arm_idle (runtime);
}

static const char *
outcome_state (GlauxLocalCalculation *calculation,
               gboolean               success,
               gboolean               interrupted)
{
  if (success)
    return "COMPLETED";
  if (interrupted || g_str_equal (calculation->state, "CANCELING"))
    return "CANCELED";

  return "FAILED";
}

static const char *
outcome_reason (const char *state)
{
  if (g_str_equal (state, "CANCELED"))
    return "Calculation was canceled per request";
  if (g_str_equal (state, "FAILED"))
    return "The code block failed; see the calculation's stderr";

  return NULL;
}

/* Async callbacks carry the calculation id: by the time they run the session may be gone. */
typedef struct
{
  GlauxLocalEngine *engine;
  char             *calculation_id;
} Pending;

static Pending *
pending_new (GlauxLocalEngine      *self,
             GlauxLocalCalculation *calculation)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->engine = g_object_ref (self);
  pending->calculation_id = g_strdup (calculation->id);

  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->engine);
  g_free (pending->calculation_id);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

/* The runtime whose current calculation is @id, or NULL when it already ended elsewhere. */
static Runtime *
pending_runtime (Pending *pending)
{
  GlauxLocalCalculation *calculation = g_hash_table_lookup (pending->engine->calculations,
                                                            pending->calculation_id);
  Runtime *runtime;

  if (calculation == NULL)
    return NULL;
  runtime = g_hash_table_lookup (pending->engine->runtimes, calculation->session_id);
  if (runtime == NULL || runtime->calculation != calculation)
    return NULL;

  return runtime;
}

static void
sql_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GlauxLocalSqlOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  Runtime *runtime;
  const char *state;

  outcome = glaux_local_sql_job_run_finish (GLAUX_LOCAL_SQL_JOB (object), result, &error);
  runtime = pending_runtime (pending);
  if (runtime == NULL)
    return;

  if (outcome == NULL)
    {
      g_autoptr(GBytes) text = g_bytes_new (error->message, strlen (error->message));

      runtime_finish (runtime, "FAILED", error->message, "Failed", NULL, text, FALSE);
      return;
    }

  state = outcome_state (runtime->calculation, outcome->success, outcome->interrupted);
  if (outcome->result_rows >= 0)
    progress = g_strdup_printf ("%s: SQL, %" G_GINT64_FORMAT " result row%s",
                                g_str_equal (state, "COMPLETED") ? "Completed" : state,
                                outcome->result_rows, outcome->result_rows == 1 ? "" : "s");
  else
    progress = g_strdup_printf ("%s: SQL",
                                g_str_equal (state, "COMPLETED") ? "Completed" : state);

  runtime_finish (runtime, state, outcome_reason (state), progress, outcome->stdout_bytes,
                  outcome->stderr_bytes, outcome->success && outcome->result_rows >= 0);
}

static void
runtime_run_sql (Runtime *runtime)
{
  GlauxLocalEngine *self = runtime->engine;
  GlauxLocalCalculation *calculation = runtime->calculation;
  g_autofree char *bucket = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  if (!glaux_local_s3_parse_uri (calculation->working_directory, &bucket, &prefix, &error)
      || !glaux_local_s3_create_bucket (self->s3, bucket, TRUE, &error))
    {
      g_autoptr(GBytes) text = g_bytes_new (error->message, strlen (error->message));

      runtime_finish (runtime, "FAILED", error->message, "Failed", NULL, text, FALSE);
      return;
    }

  key = g_strconcat (prefix, "result.csv", NULL);
  runtime->sql_executor = executor_register (self, calculation->session_id, "WORKER",
                                             glaux_local_engine_now_ms ());
  runtime->sql_job = glaux_local_sql_job_new (self->catalog_path, calculation->code, self->s3,
                                              bucket, key);
  glaux_local_sql_job_run_async (runtime->sql_job, NULL, sql_done_cb,
                                 pending_new (self, calculation));
}

static void
python_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GlauxLocalPythonOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  GlauxLocalEngine *self = pending->engine;
  g_autofree char *progress = NULL;
  GBytes *result_csv;
  Runtime *runtime;
  const char *state;
  gboolean has_result = FALSE;

  outcome = glaux_local_python_worker_run_finish (GLAUX_LOCAL_PYTHON_WORKER (object), result,
                                                  &error);
  runtime = pending_runtime (pending);
  if (runtime == NULL)
    return;

  if (outcome == NULL)
    {
      g_autoptr(GBytes) text = g_bytes_new (error->message, strlen (error->message));

      runtime_finish (runtime, "FAILED", error->message, "Failed", NULL, text, FALSE);
      return;
    }

  state = outcome_state (runtime->calculation,
                         glaux_local_python_outcome_get_completed (outcome),
                         glaux_local_python_outcome_get_canceled (outcome));
  result_csv = glaux_local_python_outcome_get_result_csv (outcome);
  if (result_csv != NULL && g_str_equal (state, "COMPLETED"))
    {
      g_autofree char *bucket = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *key = NULL;

      if (glaux_local_s3_parse_uri (runtime->calculation->working_directory, &bucket, &prefix,
                                    &error))
        {
          key = g_strconcat (prefix, "result.csv", NULL);
          has_result = glaux_local_s3_put_bytes (self->s3, bucket, key, result_csv, &error);
        }
      if (!has_result)
        g_warning ("Cannot store result.csv of %s: %s", runtime->calculation->id,
                   error->message);
    }

  progress = g_strdup_printf ("%s: Python%s", g_str_equal (state, "COMPLETED") ? "Completed"
                              : state, has_result ? ", result table written" : "");
  runtime_finish (runtime, state,
                  g_str_equal (state, "FAILED")
                  && glaux_local_python_outcome_get_error_summary (outcome) != NULL
                  ? glaux_local_python_outcome_get_error_summary (outcome)
                  : outcome_reason (state),
                  progress, glaux_local_python_outcome_get_stdout (outcome),
                  glaux_local_python_outcome_get_stderr (outcome), has_result);
}

static gboolean
runtime_ensure_python (Runtime  *runtime,
                       GError  **error)
{
  GlauxLocalEngine *self = runtime->engine;
  gint64 started;

  if (runtime->python == NULL)
    {
      runtime->python = glaux_local_python_worker_new (self->catalog_path);
      runtime->python_exited_id = g_signal_connect (runtime->python, "exited",
                                                    G_CALLBACK (python_exited_cb), runtime);
    }
  if (glaux_local_python_worker_is_running (runtime->python))
    return TRUE;
  if (!glaux_local_python_worker_start (runtime->python, error))
    return FALSE;

  started = glaux_local_python_worker_get_started_at (runtime->python) / 1000;
  runtime->python_executor = executor_register (self, runtime->session->id, "WORKER",
                                                started > 0 ? started
                                                : glaux_local_engine_now_ms ());

  return TRUE;
}

static void
runtime_run_python (Runtime *runtime)
{
  g_autoptr(GError) error = NULL;

  if (!runtime_ensure_python (runtime, &error))
    {
      g_autofree char *text = g_strdup_printf ("%s\n", error->message);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

      runtime_finish (runtime, "FAILED", error->message, "Failed: Python unavailable", NULL,
                      bytes, FALSE);
      return;
    }

  glaux_local_python_worker_run_async (runtime->python, runtime->calculation->code, NULL,
                                       python_done_cb,
                                       pending_new (runtime->engine, runtime->calculation));
}

/* QUEUED -> RUNNING once the session's MaxConcurrentDpus leaves room for the worker the block
 * needs. An idle python3 worker is released when only it stands in the way of a SQL block. */
static void
runtime_try_run (Runtime *runtime)
{
  GlauxLocalEngine *self = runtime->engine;
  GlauxLocalCalculation *calculation = runtime->calculation;
  gboolean is_sql = glaux_local_sql_is_sql_block (calculation->code);
  gboolean python_alive = runtime->python != NULL
                          && glaux_local_python_worker_is_running (runtime->python);
  gint64 needed = is_sql || !python_alive ? 1 : 0;
  gint64 held = 1 + live_workers (self, runtime->session->id);

  if (held + needed > runtime->max_dpus)
    {
      g_autofree char *progress = g_strdup_printf ("Queued: needs %" G_GINT64_FORMAT
                                                   " DPUs, MaxConcurrentDpus is %"
                                                   G_GINT64_FORMAT, held + needed,
                                                   runtime->max_dpus);

      set_string (&calculation->progress, progress);
      save_calculation (self, calculation);
      if (is_sql && python_alive && !glaux_local_python_worker_is_busy (runtime->python))
        {
          if (runtime->notes == NULL)
            runtime->notes = g_string_new (NULL);
          g_string_append_printf (runtime->notes, "glaux-local: the session's Python worker was "
                                  "stopped to stay within MaxConcurrentDpus=%" G_GINT64_FORMAT
                                  "; Python variables start afresh.\n", runtime->max_dpus);
          /* Its "exited" handler frees the DPU and calls back here. */
          glaux_local_python_worker_stop (runtime->python);
        }
      return;
    }

  calculation->running_ms = glaux_local_engine_now_ms ();
  set_string (&calculation->state, "RUNNING");
  set_string (&calculation->progress, is_sql ? "Running SQL statements" : "Running Python code");
  save_calculation (self, calculation);

  if (is_sql)
    runtime_run_sql (runtime);
  else
    runtime_run_python (runtime);
}

static gboolean
queue_cb (gpointer user_data)
{
  g_autoptr(Pending) pending = user_data;
  Runtime *runtime = pending_runtime (pending);

  if (runtime == NULL || !g_str_equal (runtime->calculation->state, "CREATING"))
    return G_SOURCE_REMOVE;

  set_string (&runtime->calculation->state, "QUEUED");
  set_string (&runtime->calculation->progress, "Queued");
  save_calculation (runtime->engine, runtime->calculation);
  runtime_try_run (runtime);

  return G_SOURCE_REMOVE;
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  Runtime *runtime = user_data;

  runtime->timer_id = 0;
  if (g_str_equal (runtime->session->state, "IDLE"))
    glaux_local_engine_terminate_session (runtime->engine, runtime->session, NULL);

  return G_SOURCE_REMOVE;
}

static void
runtime_arm_idle (Runtime *runtime)
{
  GlauxLocalEngine *self = runtime->engine;
  double ms = (double)runtime->session->idle_timeout_minutes * 60000.0;

  runtime_clear_timer (runtime);
  runtime->timer_id = g_timeout_add (scaled_ms (self, ms), idle_timeout_cb, runtime);
}

static gboolean
session_step_cb (gpointer user_data)
{
  Runtime *runtime = user_data;
  GlauxLocalEngine *self = runtime->engine;
  GlauxLocalSession *session = runtime->session;

  runtime->timer_id = 0;
  if (g_str_equal (session->state, "CREATING"))
    {
      session_set_state (session, "CREATED", NULL);
      save_session (self, session);
      runtime->timer_id = g_timeout_add (scaled_ms (self, SESSION_STEP_MS), session_step_cb,
                                         runtime);
    }
  else if (g_str_equal (session->state, "CREATED"))
    {
      session_set_state (session, "IDLE", NULL);
      save_session (self, session);
      runtime_arm_idle (runtime);
    }
  else if (g_str_equal (session->state, "TERMINATING"))
    {
      begin (self);
      session_set_state (session, "TERMINATED", NULL);
      terminate_session_executors (self, session->id, session->end_ms);
      save_session (self, session);
      commit (self);
      g_hash_table_remove (self->runtimes, session->id);
    }

  return G_SOURCE_REMOVE;
}

/* ---- GObject ---------------------------------------------------------------------------- */

static gboolean
heartbeat_cb (gpointer user_data)
{
  GlauxLocalEngine *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_local_store_heartbeat (self->store, glaux_local_engine_now_ms (), &error))
    g_warning ("%s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
glaux_local_engine_finalize (GObject *object)
{
  GlauxLocalEngine *self = (GlauxLocalEngine *)object;

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_pointer (&self->runtimes, g_hash_table_unref);
  g_clear_pointer (&self->session_calcs, g_hash_table_unref);
  g_clear_pointer (&self->session_executors, g_hash_table_unref);
  g_clear_pointer (&self->session_order, g_ptr_array_unref);
  g_clear_pointer (&self->calculations, g_hash_table_unref);
  g_clear_pointer (&self->executors, g_hash_table_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->workgroups, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->s3);
  g_free (self->catalog_path);

  G_OBJECT_CLASS (glaux_local_engine_parent_class)->finalize (object);
}

static void
glaux_local_engine_class_init (GlauxLocalEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_local_engine_finalize;
}

static void
glaux_local_engine_init (GlauxLocalEngine *self)
{
  self->workgroups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)glaux_local_workgroup_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify)glaux_local_session_free);
  self->session_order = g_ptr_array_new ();
  self->calculations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify)glaux_local_calculation_free);
  self->session_calcs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify)g_ptr_array_unref);
  self->executors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify)glaux_local_executor_free);
  self->session_executors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify)g_ptr_array_unref);
  self->runtimes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)runtime_free);
}

static gboolean
ensure_primary (GlauxLocalEngine  *self,
                GError           **error)
{
  GlauxLocalWorkgroup *primary;

  if (!glaux_local_s3_create_bucket (self->s3, GLAUX_LOCAL_RESULTS_BUCKET, TRUE, error))
    return FALSE;
  if (g_hash_table_contains (self->workgroups, "primary"))
    return TRUE;

  primary = g_new0 (GlauxLocalWorkgroup, 1);
  primary->name = g_strdup ("primary");
  primary->state = g_strdup ("ENABLED");
  primary->creation_ms = glaux_local_engine_now_ms ();
  primary->configuration = g_strdup ("{\"ResultConfiguration\":{\"OutputLocation\":"
                                     "\"s3://" GLAUX_LOCAL_RESULTS_BUCKET "/primary/\"},"
                                     "\"EngineVersion\":{\"SelectedEngineVersion\":\""
                                     GLAUX_LOCAL_ENGINE_PYSPARK_3 "\",\"EffectiveEngineVersion\":\""
                                     GLAUX_LOCAL_ENGINE_PYSPARK_3 "\"}}");

  return glaux_local_engine_save_workgroup (self, primary, error);
}

static gboolean
load_state (GlauxLocalEngine  *self,
            GError           **error)
{
  g_autoptr(GPtrArray) workgroups = glaux_local_store_load_workgroups (self->store, error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GPtrArray) executors = NULL;

  if (workgroups == NULL
      || (sessions = glaux_local_store_load_sessions (self->store, error)) == NULL
      || (calculations = glaux_local_store_load_calculations (self->store, error)) == NULL
      || (executors = glaux_local_store_load_executors (self->store, error)) == NULL)
    return FALSE;

  g_ptr_array_set_free_func (workgroups, NULL);
  g_ptr_array_set_free_func (sessions, NULL);
  g_ptr_array_set_free_func (calculations, NULL);
  g_ptr_array_set_free_func (executors, NULL);

  for (guint i = 0; i < workgroups->len; i++)
    {
      GlauxLocalWorkgroup *workgroup = g_ptr_array_index (workgroups, i);

      g_hash_table_insert (self->workgroups, workgroup->name, workgroup);
    }
  for (guint i = 0; i < sessions->len; i++)
    add_session (self, g_ptr_array_index (sessions, i));
  for (guint i = 0; i < calculations->len; i++)
    add_calculation (self, g_ptr_array_index (calculations, i));
  for (guint i = 0; i < executors->len; i++)
    add_executor (self, g_ptr_array_index (executors, i));

  self->seq = glaux_local_store_max_seq (self->store);

  return TRUE;
}

/* Recovers the store (whatever was alive before this process is over), loads it and makes
 * sure the primary workgroup and its result bucket exist. */
GlauxLocalEngine *
glaux_local_engine_new (GlauxLocalStore  *store,
                        GlauxLocalS3     *s3,
                        const char       *catalog_path,
                        double            time_scale,
                        GError          **error)
{
  g_autoptr(GlauxLocalEngine) self = g_object_new (GLAUX_LOCAL_TYPE_ENGINE, NULL);

  self->store = g_object_ref (store);
  self->s3 = g_object_ref (s3);
  self->catalog_path = g_strdup (catalog_path);
  self->time_scale = time_scale > 0 ? time_scale : 1.0;

  if (!glaux_local_store_recover (store, glaux_local_engine_now_ms (), error)
      || !load_state (self, error) || !ensure_primary (self, error)
      || !glaux_local_store_heartbeat (store, glaux_local_engine_now_ms (), error))
    return NULL;

  self->heartbeat_id = g_timeout_add (HEARTBEAT_MS, heartbeat_cb, self);

  return g_steal_pointer (&self);
}

GlauxLocalStore *
glaux_local_engine_get_store (GlauxLocalEngine *self)
{
  return self->store;
}

/* ---- Workgroups ------------------------------------------------------------------------- */

GlauxLocalWorkgroup *
glaux_local_engine_lookup_workgroup (GlauxLocalEngine *self,
                                     const char       *name)
{
  return name != NULL ? g_hash_table_lookup (self->workgroups, name) : NULL;
}

static int
compare_workgroups (gconstpointer a,
                    gconstpointer b)
{
  const GlauxLocalWorkgroup *wa = *(GlauxLocalWorkgroup * const *)a;
  const GlauxLocalWorkgroup *wb = *(GlauxLocalWorkgroup * const *)b;

  return strcmp (wa->name, wb->name);
}

/* (transfer container): sorted by name. */
GPtrArray *
glaux_local_engine_list_workgroups (GlauxLocalEngine *self)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->workgroups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_workgroups);

  return list;
}

/* Takes ownership of @workgroup, replacing any workgroup of the same name. */
gboolean
glaux_local_engine_save_workgroup (GlauxLocalEngine     *self,
                                   GlauxLocalWorkgroup  *workgroup,
                                   GError              **error)
{
  if (!glaux_local_store_put_workgroup (self->store, workgroup, error))
    {
      glaux_local_workgroup_free (workgroup);
      return FALSE;
    }

  g_hash_table_replace (self->workgroups, workgroup->name, workgroup);

  return TRUE;
}

gboolean
glaux_local_engine_delete_workgroup (GlauxLocalEngine  *self,
                                     const char        *name,
                                     GError           **error)
{
  if (!glaux_local_store_delete_workgroup (self->store, name, error))
    return FALSE;

  g_hash_table_remove (self->workgroups, name);

  return TRUE;
}

/* ---- Sessions --------------------------------------------------------------------------- */

/* Takes ownership of @session (workgroup, engine and settings filled by the caller) and starts
 * it: CREATING now, CREATED and IDLE after short delays (scaled by --time-scale). */
GlauxLocalSession *
glaux_local_engine_start_session (GlauxLocalEngine   *self,
                                  GlauxLocalSession  *session,
                                  GError            **error)
{
  gint64 now = glaux_local_engine_now_ms ();
  /* The caller passes the workgroup's output location; the session works in a folder below. */
  g_autofree char *location = g_steal_pointer (&session->working_directory);
  Runtime *runtime;

  session->id = g_uuid_string_random ();
  session->working_directory = g_strdup_printf ("%s%s/", location, session->id);
  session->seq = ++self->seq;
  session->start_ms = now;
  session->dashboard_token = g_uuid_string_random ();
  session_set_state (session, "CREATING", NULL);
  add_session (self, session);

  begin (self);
  save_session (self, session);
  executor_register (self, session->id, "COORDINATOR", now);
  commit (self);

  runtime = runtime_new (self, session);
  runtime->timer_id = g_timeout_add (scaled_ms (self, SESSION_STEP_MS), session_step_cb, runtime);

  return session;
}

GlauxLocalSession *
glaux_local_engine_lookup_session (GlauxLocalEngine *self,
                                   const char       *id)
{
  return id != NULL ? g_hash_table_lookup (self->sessions, id) : NULL;
}

/* (transfer container): the workgroup's sessions, newest first. */
GPtrArray *
glaux_local_engine_list_sessions (GlauxLocalEngine *self,
                                  const char       *workgroup)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = self->session_order->len; i > 0; i--)
    {
      GlauxLocalSession *session = g_ptr_array_index (self->session_order, i - 1);

      if (g_strcmp0 (session->workgroup, workgroup) == 0)
        g_ptr_array_add (list, session);
    }

  return list;
}

/* TERMINATING now, TERMINATED a moment later; a running calculation is stopped and ends
 * FAILED (as the model documents). Ended sessions are left alone: the call is idempotent. */
gboolean
glaux_local_engine_terminate_session (GlauxLocalEngine   *self,
                                      GlauxLocalSession  *session,
                                      GError            **error)
{
  Runtime *runtime = g_hash_table_lookup (self->runtimes, session->id);

  if (runtime == NULL || g_str_equal (session->state, "TERMINATING")
      || !is_session_alive (session))
    return TRUE;

  runtime_clear_timer (runtime);
  if (runtime->calculation != NULL)
    {
      static const char message[] = "The session was terminated while the calculation ran.\n";
      g_autoptr(GBytes) text = g_bytes_new_static (message, sizeof message - 1);

      if (runtime->sql_job != NULL)
        glaux_local_sql_job_interrupt (runtime->sql_job);
      runtime_finish (runtime, "FAILED", "The session was terminated while the calculation ran",
                      "Failed: session terminated", NULL, text, FALSE);
    }
  if (runtime->python != NULL)
    glaux_local_python_worker_stop (runtime->python);

  runtime_clear_timer (runtime);
  session_set_state (session, "TERMINATING", TERMINATED_BY_USER);
  save_session (self, session);
  runtime->timer_id = g_timeout_add (scaled_ms (self, SESSION_STEP_MS), session_step_cb, runtime);

  return TRUE;
}

/* ---- Calculations ----------------------------------------------------------------------- */

GlauxLocalCalculation *
glaux_local_engine_start_calculation (GlauxLocalEngine  *self,
                                      GlauxLocalSession *session,
                                      const char        *code,
                                      const char        *description,
                                      GError           **error)
{
  Runtime *runtime = g_hash_table_lookup (self->runtimes, session->id);
  GlauxLocalCalculation *calculation;
  gint64 now = glaux_local_engine_now_ms ();

  if (g_strcmp0 (session->engine_version, GLAUX_LOCAL_ENGINE_SPARK_3_5) == 0)
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "Calculations are not supported for engine version %s; run code through "
                   "Spark Connect (GetSessionEndpoint) instead.", session->engine_version);
      return NULL;
    }
  if (runtime == NULL || !g_str_equal (session->state, "IDLE"))
    {
      g_set_error (error, GLAUX_LOCAL_ERROR, GLAUX_LOCAL_ERROR_INVALID_REQUEST,
                   "Session is in the %s state; needs to be IDLE to accept Calculations.",
                   session->state);
      return NULL;
    }

  calculation = g_new0 (GlauxLocalCalculation, 1);
  calculation->id = g_uuid_string_random ();
  calculation->seq = ++self->seq;
  calculation->session_id = g_strdup (session->id);
  calculation->description = g_strdup (description);
  calculation->code = g_strdup (code);
  calculation->state = g_strdup ("CREATING");
  calculation->submission_ms = now;
  calculation->progress = g_strdup ("Submitted");
  calculation->working_directory = g_strdup_printf ("%s%s/", session->working_directory,
                                                    calculation->id);
  add_calculation (self, calculation);

  runtime_clear_timer (runtime);
  runtime->calculation = calculation;
  begin (self);
  save_calculation (self, calculation);
  session_set_state (session, "BUSY", NULL);
  save_session (self, session);
  commit (self);

  g_idle_add (queue_cb, pending_new (self, calculation));

  return calculation;
}

GlauxLocalCalculation *
glaux_local_engine_lookup_calculation (GlauxLocalEngine *self,
                                       const char       *id)
{
  return id != NULL ? g_hash_table_lookup (self->calculations, id) : NULL;
}

static GPtrArray *
newest_first (GHashTable *index,
              const char *session_id)
{
  GPtrArray *source = g_hash_table_lookup (index, session_id);
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = source != NULL ? source->len : 0; i > 0; i--)
    g_ptr_array_add (list, g_ptr_array_index (source, i - 1));

  return list;
}

/* (transfer container): newest first. */
GPtrArray *
glaux_local_engine_list_calculations (GlauxLocalEngine *self,
                                      const char       *session_id)
{
  return newest_first (self->session_calcs, session_id);
}

/* (transfer container): newest first. */
GPtrArray *
glaux_local_engine_list_executors (GlauxLocalEngine *self,
                                   const char       *session_id)
{
  return newest_first (self->session_executors, session_id);
}

static gboolean
stop_grace_cb (gpointer user_data)
{
  Runtime *runtime = user_data;

  /* The worker ignored the interrupt (stuck in native code): end its process. */
  runtime->stop_timer_id = 0;
  if (runtime->python != NULL && runtime->calculation != NULL)
    glaux_local_python_worker_stop (runtime->python);

  return G_SOURCE_REMOVE;
}

/* CANCELING while the worker is interrupted (sqlite3_interrupt, SIGINT to python3), then
 * CANCELED when it has stopped. Final calculations are left as they are. */
gboolean
glaux_local_engine_stop_calculation (GlauxLocalEngine       *self,
                                     GlauxLocalCalculation  *calculation,
                                     GError                **error)
{
  Runtime *runtime = g_hash_table_lookup (self->runtimes, calculation->session_id);

  if (is_calculation_final (calculation) || g_str_equal (calculation->state, "CANCELING"))
    return TRUE;
  if (runtime == NULL || runtime->calculation != calculation)
    return TRUE;

  if (!g_str_equal (calculation->state, "RUNNING"))
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      runtime_finish (runtime, "CANCELED", "Calculation was canceled per request",
                      "Canceled before it ran", empty, empty, FALSE);
      return TRUE;
    }

  set_string (&calculation->state, "CANCELING");
  set_string (&calculation->progress, "Canceling");
  save_calculation (self, calculation);

  if (runtime->sql_job != NULL)
    glaux_local_sql_job_interrupt (runtime->sql_job);
  else if (runtime->python != NULL)
    {
      glaux_local_python_worker_interrupt (runtime->python);
      runtime->stop_timer_id = g_timeout_add (STOP_GRACE_MS, stop_grace_cb, runtime);
    }

  return TRUE;
}

/* SIGTERM/SIGINT: every live session ends TERMINATED ("glaux-local shut down"), its running
 * calculation FAILED, its workers stopped, in one transaction. */
void
glaux_local_engine_shutdown (GlauxLocalEngine *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = glaux_local_engine_now_ms ();

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);

  begin (self);
  g_hash_table_iter_init (&iter, self->runtimes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Runtime *runtime = value;
      GlauxLocalCalculation *calculation = runtime->calculation;

      if (runtime->sql_job != NULL)
        glaux_local_sql_job_interrupt (runtime->sql_job);
      if (calculation != NULL)
        {
          calculation->completion_ms = now;
          if (calculation->running_ms > 0)
            calculation->dpu_ms = executors_dpu_ms (self, calculation->session_id,
                                                    calculation->running_ms, now);
          set_string (&calculation->state, "FAILED");
          set_string (&calculation->reason, "glaux-local shut down while the calculation ran");
          set_string (&calculation->progress, "Failed: glaux-local shut down");
          save_calculation (self, calculation);
          runtime->calculation = NULL;
        }
      session_set_state (runtime->session, "TERMINATED", "glaux-local shut down");
      save_session (self, runtime->session);
      terminate_session_executors (self, runtime->session->id, now);
    }
  commit (self);

  g_hash_table_remove_all (self->runtimes);
}
