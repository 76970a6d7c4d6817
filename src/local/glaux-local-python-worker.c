/* glaux-local-python-worker.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-python-worker"

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "glaux-local-python-resources.h"
#include "glaux-local-python-worker.h"

/* The protocol is described at the top of glaux-local-worker.py. The script itself is the first
 * frame on python3's stdin, read by this bootstrap (unbuffered, so no request is swallowed),
 * which keeps the command line short and names the file in tracebacks. */
#define WORKER_SCRIPT_PATH  "/io/github/glaux/Glaux/local/glaux-local-worker.py"
#define WORKER_BOOTSTRAP \
  "import os, struct\n" \
  "def read(n):\n" \
  "    data = b''\n" \
  "    while len(data) < n:\n" \
  "        chunk = os.read(0, n - len(data))\n" \
  "        if not chunk:\n" \
  "            raise SystemExit('glaux-local-worker: no script on stdin')\n" \
  "        data += chunk\n" \
  "    return data\n" \
  "exec(compile(read(struct.unpack('>I', read(4))[0]), 'glaux-local-worker.py', 'exec'))\n"
#define INTERRUPT_GRACE_MS  3000
#define STDERR_DRAIN_MS     200
#define READ_CHUNK_SIZE     (256 * 1024)
#define MAX_HEADER_SIZE     (64 * 1024)
#define RAW_STDERR_LIMIT    (1024 * 1024)

G_DEFINE_QUARK (glaux-local-python-error-quark, glaux_local_python_error)

/* GlauxLocalPythonOutcome ------------------------------------------------------------------ */

struct _GlauxLocalPythonOutcome
{
  GObject  parent_instance;

  GBytes  *stdout_bytes;
  GBytes  *stderr_bytes;
  GBytes  *result_csv;
  char    *error_summary;

  guint    completed : 1;
  guint    canceled : 1;
};

G_DEFINE_FINAL_TYPE (GlauxLocalPythonOutcome, glaux_local_python_outcome, G_TYPE_OBJECT)

static void
glaux_local_python_outcome_finalize (GObject *object)
{
  GlauxLocalPythonOutcome *self = (GlauxLocalPythonOutcome *)object;

  g_clear_pointer (&self->stdout_bytes, g_bytes_unref);
  g_clear_pointer (&self->stderr_bytes, g_bytes_unref);
  g_clear_pointer (&self->result_csv, g_bytes_unref);
  g_clear_pointer (&self->error_summary, g_free);

  G_OBJECT_CLASS (glaux_local_python_outcome_parent_class)->finalize (object);
}

static void
glaux_local_python_outcome_class_init (GlauxLocalPythonOutcomeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glaux_local_python_outcome_finalize;
}

static void
glaux_local_python_outcome_init (GlauxLocalPythonOutcome *self)
{
}

/* Takes ownership of the byte arrays. */
static GlauxLocalPythonOutcome *
outcome_new (gboolean    completed,
             gboolean    canceled,
             GBytes     *stdout_bytes,
             GBytes     *stderr_bytes,
             GBytes     *result_csv,
             const char *error_summary)
{
  GlauxLocalPythonOutcome *self = g_object_new (GLAUX_TYPE_LOCAL_PYTHON_OUTCOME, NULL);

  self->completed = !!completed;
  self->canceled = !!canceled;
  self->stdout_bytes = stdout_bytes;
  self->stderr_bytes = stderr_bytes;
  self->result_csv = result_csv;
  self->error_summary = g_strdup (error_summary);

  return self;
}

gboolean
glaux_local_python_outcome_get_completed (GlauxLocalPythonOutcome *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_OUTCOME (self), FALSE);

  return self->completed;
}

gboolean
glaux_local_python_outcome_get_canceled (GlauxLocalPythonOutcome *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_OUTCOME (self), FALSE);

  return self->canceled;
}

/**
 * glaux_local_python_outcome_get_stdout:
 *
 * Returns: (transfer none): what the code block printed
 */
GBytes *
glaux_local_python_outcome_get_stdout (GlauxLocalPythonOutcome *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_OUTCOME (self), NULL);

  return self->stdout_bytes;
}

/**
 * glaux_local_python_outcome_get_stderr:
 *
 * Returns: (transfer none): the code block's stderr, with the traceback when it failed
 */
GBytes *
glaux_local_python_outcome_get_stderr (GlauxLocalPythonOutcome *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_OUTCOME (self), NULL);

  return self->stderr_bytes;
}

/**
 * glaux_local_python_outcome_get_result_csv:
 *
 * Returns: (transfer none) (nullable): the result table as CSV, or %NULL when there is none
 */
GBytes *
glaux_local_python_outcome_get_result_csv (GlauxLocalPythonOutcome *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_OUTCOME (self), NULL);

  return self->result_csv;
}

const char *
glaux_local_python_outcome_get_error_summary (GlauxLocalPythonOutcome *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_OUTCOME (self), NULL);

  return self->error_summary;
}

/* One python3 process ---------------------------------------------------------------------- */

/* Callbacks of a process that has been replaced or let go find worker == NULL and only clean up,
 * so a late event of an old process can never touch the current one. */
typedef struct
{
  GlauxLocalPythonWorker *worker;
  GSubprocess            *subprocess;
  GOutputStream          *requests;
  GInputStream           *replies;
  GInputStream           *errors;
  GCancellable           *cancellable;
  GByteArray             *reply_buffer;
  GByteArray             *raw_stderr;
  GBytes                 *request;
  guint                   drain_id;

  guint                   exited : 1;
  guint                   replies_closed : 1;
  guint                   errors_closed : 1;
  guint                   stderr_truncated : 1;
} WorkerProcess;

struct _GlauxLocalPythonWorker
{
  GObject                  parent_instance;

  char                    *catalog_path;
  WorkerProcess           *process;
  GPid                     pid;
  gint64                   started_at;
  gint64                   ended_at;

  /* The pending run, if any; its outcome waits in pending_outcome until python3's raw stderr
   * has caught up to sync_marker. */
  GTask                   *run;
  GlauxLocalPythonOutcome *pending_outcome;
  GByteArray              *sync_marker;
  gint64                   run_id;
  gint64                   next_id;
  gulong                   cancelled_id;
  guint                    grace_id;

  guint                    run_started : 1;
  guint                    interrupted : 1;
  guint                    killed_after_interrupt : 1;
  guint                    stopping : 1;
};

G_DEFINE_FINAL_TYPE (GlauxLocalPythonWorker, glaux_local_python_worker, G_TYPE_OBJECT)

enum {
  EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void process_read_replies (WorkerProcess *proc);
static void process_read_errors  (WorkerProcess *proc);
static void process_check_ended  (WorkerProcess *proc);

static void
process_free (WorkerProcess *proc)
{
  g_clear_object (&proc->subprocess);
  g_clear_object (&proc->cancellable);
  g_clear_pointer (&proc->reply_buffer, g_byte_array_unref);
  g_clear_pointer (&proc->raw_stderr, g_byte_array_unref);
  g_clear_pointer (&proc->request, g_bytes_unref);
}

static WorkerProcess *
process_ref (WorkerProcess *proc)
{
  return g_rc_box_acquire (proc);
}

static void
process_unref (WorkerProcess *proc)
{
  g_rc_box_release_full (proc, (GDestroyNotify)process_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WorkerProcess, process_unref)

static void
process_kill (WorkerProcess *proc)
{
  if (!proc->exited)
    g_subprocess_force_exit (proc->subprocess);
}

/* Takes what python3 wrote to its own stderr (crash messages, output of child processes) and
 * leaves the buffer empty. */
static GBytes *
process_take_raw_stderr (WorkerProcess *proc)
{
  GBytes *bytes;

  if (proc->stderr_truncated)
    g_byte_array_append (proc->raw_stderr, (const guint8 *)"\n[stderr truncated]\n", 20);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&proc->raw_stderr));
  proc->raw_stderr = g_byte_array_new ();
  proc->stderr_truncated = FALSE;

  return bytes;
}

/* Running a code block --------------------------------------------------------------------- */

static GBytes *
concat_bytes (GBytes     *first,
              GBytes     *second,
              const char *note)
{
  GByteArray *all = g_byte_array_new ();
  gsize first_len = 0;
  gsize second_len = 0;
  const guint8 *first_data = g_bytes_get_data (first, &first_len);
  const guint8 *second_data = second != NULL ? g_bytes_get_data (second, &second_len) : NULL;

  g_byte_array_append (all, first_data, first_len);
  g_byte_array_append (all, second_data, second_len);
  if (note != NULL)
    {
      if (all->len > 0 && all->data[all->len - 1] != '\n')
        g_byte_array_append (all, (const guint8 *)"\n", 1);
      g_byte_array_append (all, (const guint8 *)note, strlen (note));
    }

  return g_byte_array_free_to_bytes (all);
}

static void
worker_finish_run (GlauxLocalPythonWorker  *self,
                   GlauxLocalPythonOutcome *outcome)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->run);

  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_pointer (&self->sync_marker, g_byte_array_unref);
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;
  self->run_started = FALSE;
  self->interrupted = FALSE;
  self->killed_after_interrupt = FALSE;
  self->stopping = FALSE;

  g_task_return_pointer (task, outcome, g_object_unref);
}

static void
send_interrupt (GlauxLocalPythonWorker *self)
{
  g_debug ("Interrupting the code block running in python3 (pid %d)", (int)self->pid);
  g_subprocess_send_signal (self->process->subprocess, SIGINT);
}

static gboolean
handle_started (GlauxLocalPythonWorker *self,
                gint64                  id)
{
  if (self->run == NULL || id != self->run_id)
    return FALSE;

  self->run_started = TRUE;
  if (self->interrupted)
    send_interrupt (self);

  return TRUE;
}

static gboolean
read_length (JsonObject *header,
             const char *member,
             gboolean    optional,
             gint64     *length)
{
  *length = json_object_get_int_member_with_default (header, member, -2);

  return *length >= 0 || (optional && *length == -1);
}

static gssize
find_bytes (GByteArray *haystack,
            GByteArray *needle)
{
  for (guint i = 0; i + needle->len <= haystack->len; i++)
    if (memcmp (haystack->data + i, needle->data, needle->len) == 0)
      return i;

  return -1;
}

/* Completes the run once python3's raw stderr has reached the block's sync marker (or the
 * process is gone), so output written below sys.stderr is never cut off or misattributed. */
static void
worker_complete_pending (GlauxLocalPythonWorker *self,
                         WorkerProcess          *proc)
{
  GlauxLocalPythonOutcome *outcome = self->pending_outcome;
  g_autoptr(GBytes) raw = NULL;
  GBytes *stderr_bytes;
  gssize at;

  if (outcome == NULL)
    return;

  if ((at = find_bytes (proc->raw_stderr, self->sync_marker)) >= 0)
    {
      raw = g_bytes_new (proc->raw_stderr->data, at);
      g_byte_array_remove_range (proc->raw_stderr, 0, at + self->sync_marker->len);
    }
  else if (!proc->exited)
    return;
  else
    raw = process_take_raw_stderr (proc);

  stderr_bytes = concat_bytes (outcome->stderr_bytes, raw, NULL);
  g_bytes_unref (outcome->stderr_bytes);
  outcome->stderr_bytes = stderr_bytes;
  worker_finish_run (self, g_steal_pointer (&self->pending_outcome));
}

/* Returns how many bytes of the buffer the "done" frame takes (0 while incomplete, -1 when it
 * is malformed) and completes the pending run with it. */
static gssize
handle_done (GlauxLocalPythonWorker *self,
             WorkerProcess          *proc,
             JsonObject             *header,
             gsize                   header_end)
{
  const guint8 *payload = proc->reply_buffer->data + header_end;
  const char *status = json_object_get_string_member_with_default (header, "status", "");
  const char *summary = json_object_get_string_member_with_default (header, "error", NULL);
  const char *sync = json_object_get_string_member_with_default (header, "sync", "");
  gint64 out_len, err_len, result_len;
  GBytes *result = NULL;
  gboolean completed = g_str_equal (status, "completed");
  gboolean canceled = g_str_equal (status, "canceled");

  if (!read_length (header, "stdout", FALSE, &out_len)
      || !read_length (header, "stderr", FALSE, &err_len)
      || !read_length (header, "result", TRUE, &result_len)
      || (!completed && !canceled && !g_str_equal (status, "failed"))
      || strlen (sync) == 0
      || self->run == NULL
      || self->pending_outcome != NULL
      || json_object_get_int_member_with_default (header, "id", -1) != self->run_id)
    return -1;

  if (proc->reply_buffer->len - header_end < (guint64)(out_len + err_len + MAX (result_len, 0)))
    return 0;

  if (result_len >= 0)
    result = g_bytes_new (payload + out_len + err_len, result_len);

  self->pending_outcome = outcome_new (completed, canceled, g_bytes_new (payload, out_len),
                                       g_bytes_new (payload + out_len, err_len), result, summary);
  self->sync_marker = g_byte_array_new ();
  g_byte_array_append (self->sync_marker, (const guint8 *)"\0glaux-sync-", 12);
  g_byte_array_append (self->sync_marker, (const guint8 *)sync, strlen (sync));
  g_byte_array_append (self->sync_marker, (const guint8 *)"", 1);
  worker_complete_pending (self, proc);

  return header_end + out_len + err_len + MAX (result_len, 0);
}

/* Parses one frame at the start of the reply buffer; returns the bytes it took, 0 when more
 * data is needed, -1 on a protocol violation. */
static gssize
handle_frame (WorkerProcess *proc)
{
  GlauxLocalPythonWorker *self = proc->worker;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *header;
  const char *event;
  guint32 length;

  if (proc->reply_buffer->len < 4)
    return 0;

  memcpy (&length, proc->reply_buffer->data, 4);
  length = GUINT32_FROM_BE (length);
  if (length > MAX_HEADER_SIZE)
    return -1;
  if (proc->reply_buffer->len < 4 + length)
    return 0;

  if (!json_parser_load_from_data (parser, (const char *)proc->reply_buffer->data + 4, length,
                                   &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return -1;

  header = json_node_get_object (json_parser_get_root (parser));
  event = json_object_get_string_member_with_default (header, "event", "");

  if (g_str_equal (event, "hello"))
    return (gssize)length + 4;
  if (g_str_equal (event, "started"))
    return handle_started (self, json_object_get_int_member_with_default (header, "id", -1))
           ? (gssize)length + 4 : -1;
  if (g_str_equal (event, "done"))
    return handle_done (self, proc, header, 4 + length);

  return -1;
}

static void
process_handle_replies (WorkerProcess *proc)
{
  gssize used = 0;

  while (proc->worker != NULL && (used = handle_frame (proc)) > 0)
    g_byte_array_remove_range (proc->reply_buffer, 0, used);

  if (proc->worker != NULL && used < 0)
    {
      g_warning ("python3 (pid %d) broke the worker protocol; stopping it",
                 (int)proc->worker->pid);
      process_kill (proc);
    }
}

static void
on_replies_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WorkerProcess) proc = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                               NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      proc->replies_closed = TRUE;
      /* Only python3 exiting closes this pipe; if its code closed the descriptor, end it. */
      process_kill (proc);
      process_check_ended (proc);
      return;
    }

  g_byte_array_append (proc->reply_buffer, g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes));
  if (proc->worker != NULL)
    process_handle_replies (proc);
  process_read_replies (proc);
}

static void
process_read_replies (WorkerProcess *proc)
{
  g_input_stream_read_bytes_async (proc->replies, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   proc->cancellable, on_replies_read, process_ref (proc));
}

static void
on_errors_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WorkerProcess) proc = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                               NULL);
  gsize size;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      proc->errors_closed = TRUE;
      process_check_ended (proc);
      return;
    }

  /* Between runs only a bounded amount is kept; during a run all of it, up to the sync marker. */
  size = g_bytes_get_size (bytes);
  if ((proc->worker == NULL || proc->worker->run == NULL)
      && proc->raw_stderr->len + size > RAW_STDERR_LIMIT)
    {
      size = RAW_STDERR_LIMIT - MIN (proc->raw_stderr->len, RAW_STDERR_LIMIT);
      proc->stderr_truncated = TRUE;
    }
  g_byte_array_append (proc->raw_stderr, g_bytes_get_data (bytes, NULL), size);
  if (proc->worker != NULL)
    worker_complete_pending (proc->worker, proc);
  process_read_errors (proc);
}

static void
process_read_errors (WorkerProcess *proc)
{
  g_input_stream_read_bytes_async (proc->errors, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   proc->cancellable, on_errors_read, process_ref (proc));
}

/* The end of a process ------------------------------------------------------------------- */

static char *
describe_exit (GSubprocess *subprocess)
{
  if (g_subprocess_get_if_signaled (subprocess))
    return g_strdup_printf ("was killed by signal %d (%s)",
                            g_subprocess_get_term_sig (subprocess),
                            g_strsignal (g_subprocess_get_term_sig (subprocess)));

  return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (subprocess));
}

/* A run whose process ended before answering: canceled when the user interrupted it, failed
 * otherwise, with python3's own stderr and an explanation. */
static GlauxLocalPythonOutcome *
outcome_for_lost_process (GlauxLocalPythonWorker *self,
                          WorkerProcess          *proc)
{
  g_autoptr(GBytes) raw = process_take_raw_stderr (proc);
  g_autofree char *how = describe_exit (proc->subprocess);
  g_autofree char *note = NULL;
  g_autofree char *summary = NULL;

  if (self->killed_after_interrupt)
    {
      note = g_strdup_printf ("The code block did not stop within %d seconds of the interrupt, "
                              "so its Python worker was killed; variables defined earlier in "
                              "this session are lost.\n", INTERRUPT_GRACE_MS / 1000);
      summary = g_strdup ("KeyboardInterrupt: the Python worker was killed");
    }
  else if (self->stopping)
    {
      note = g_strdup ("The Python worker was stopped before the code block finished.\n");
      summary = g_strdup ("The Python worker was stopped");
    }
  else
    {
      note = g_strdup_printf ("The Python worker (python3) %s while running this code block; "
                              "variables defined earlier in this session are lost.\n", how);
      summary = g_strdup_printf ("The Python worker %s", how);
    }

  return outcome_new (FALSE, self->killed_after_interrupt || (self->interrupted && !self->stopping),
                      g_bytes_new (NULL, 0), concat_bytes (raw, NULL, note), NULL, summary);
}

static void
worker_process_ended (GlauxLocalPythonWorker *self,
                      WorkerProcess          *proc)
{
  g_autoptr(GlauxLocalPythonWorker) hold = g_object_ref (self);
  g_autoptr(WorkerProcess) owned = g_steal_pointer (&self->process);

  g_assert (owned == proc);
  g_debug ("A python3 worker of %s ended", self->catalog_path);
  proc->worker = NULL;
  g_cancellable_cancel (proc->cancellable);

  if (self->pending_outcome != NULL)
    worker_complete_pending (self, proc);
  else if (self->run != NULL)
    worker_finish_run (self, outcome_for_lost_process (self, proc));

  g_signal_emit (self, signals[EXITED], 0);
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  WorkerProcess *proc = user_data;

  proc->drain_id = 0;
  proc->errors_closed = TRUE;
  process_check_ended (proc);

  return G_SOURCE_REMOVE;
}

/* A process has ended for good once it exited and its reply pipe closed; its stderr gets a
 * moment more, since a child process it started may still hold that pipe open. */
static void
process_check_ended (WorkerProcess *proc)
{
  if (!proc->exited || !proc->replies_closed || proc->worker == NULL)
    return;

  if (!proc->errors_closed)
    {
      if (proc->drain_id == 0)
        proc->drain_id = g_timeout_add_full (G_PRIORITY_DEFAULT, STDERR_DRAIN_MS,
                                             on_drain_timeout, process_ref (proc),
                                             (GDestroyNotify)process_unref);
      return;
    }

  g_clear_handle_id (&proc->drain_id, g_source_remove);
  worker_process_ended (proc->worker, proc);
}

static void
on_process_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WorkerProcess) proc = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);

  proc->exited = TRUE;
  if (proc->worker != NULL)
    {
      proc->worker->pid = 0;
      proc->worker->ended_at = g_get_real_time ();
    }
  process_check_ended (proc);
}

static void
on_request_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WorkerProcess) proc = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&proc->request, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* python3 is gone or going; its exit completes the run. */
      g_debug ("Could not send the code block to python3: %s", error->message);
      process_kill (proc);
    }
}

/* Starting a process ----------------------------------------------------------------------- */

static GBytes *
frame_bytes (const void *data,
             gsize       length)
{
  GByteArray *frame = g_byte_array_sized_new (length + 4);
  guint32 prefix = GUINT32_TO_BE ((guint32)length);

  g_byte_array_append (frame, (const guint8 *)&prefix, 4);
  g_byte_array_append (frame, data, length);

  return g_byte_array_free_to_bytes (frame);
}

/* The worker script, framed for the bootstrap. */
static GBytes *
worker_script_frame (GError **error)
{
  g_autoptr(GBytes) script = NULL;

  script = g_resource_lookup_data (glaux_local_python_get_resource (), WORKER_SCRIPT_PATH,
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (script == NULL)
    return NULL;

  return frame_bytes (g_bytes_get_data (script, NULL), g_bytes_get_size (script));
}

/* python3 must not outlive glaux-local, even after a kill -9 in the middle of a block. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn_python (const char  *catalog_path,
              GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *directory = NULL;
  g_autoptr(GError) spawn_error = NULL;
  g_autoptr(GBytes) script = NULL;
  GSubprocess *subprocess;

  if (python == NULL)
    {
      g_set_error_literal (error, GLAUX_LOCAL_PYTHON_ERROR, GLAUX_LOCAL_PYTHON_ERROR_NOT_FOUND,
                           "Python code blocks need python3, which was not found on PATH; "
                           "SQL blocks (%%sql) still work.");
      return NULL;
    }

  if ((script = worker_script_frame (error)) == NULL)
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Relative paths in user code land next to the catalog, in glaux-local's data directory. */
  directory = g_path_get_dirname (catalog_path);
  if (g_file_test (directory, G_FILE_TEST_IS_DIR))
    g_subprocess_launcher_set_cwd (launcher, directory);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  subprocess = g_subprocess_launcher_spawn (launcher, &spawn_error, python, "-I", "-u", "-c",
                                            WORKER_BOOTSTRAP, catalog_path, NULL);
  /* The pipe is new and empty and the script far smaller than its buffer, so this never
   * blocks; a failure means python3 died at once, which its exit reports. */
  if (subprocess != NULL
      && !g_output_stream_write_all (g_subprocess_get_stdin_pipe (subprocess),
                                     g_bytes_get_data (script, NULL), g_bytes_get_size (script),
                                     NULL, NULL, &spawn_error))
    g_debug ("Could not hand the worker script to python3: %s", spawn_error->message);
  else if (subprocess == NULL)
    g_set_error (error, GLAUX_LOCAL_PYTHON_ERROR, GLAUX_LOCAL_PYTHON_ERROR_SPAWN_FAILED,
                 "Could not start the Python worker (%s): %s", python, spawn_error->message);

  return subprocess;
}

static WorkerProcess *
process_new (GlauxLocalPythonWorker *self,
             GSubprocess            *subprocess)
{
  WorkerProcess *proc = g_rc_box_new0 (WorkerProcess);

  proc->worker = self;
  proc->subprocess = subprocess;
  proc->requests = g_subprocess_get_stdin_pipe (subprocess);
  proc->replies = g_subprocess_get_stdout_pipe (subprocess);
  proc->errors = g_subprocess_get_stderr_pipe (subprocess);
  proc->cancellable = g_cancellable_new ();
  proc->reply_buffer = g_byte_array_new ();
  proc->raw_stderr = g_byte_array_new ();

  process_read_replies (proc);
  process_read_errors (proc);
  g_subprocess_wait_async (subprocess, NULL, on_process_exited, process_ref (proc));

  return proc;
}

/* GlauxLocalPythonWorker -------------------------------------------------------------------- */

static void
glaux_local_python_worker_dispose (GObject *object)
{
  GlauxLocalPythonWorker *self = (GlauxLocalPythonWorker *)object;

  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->process != NULL)
    {
      self->process->worker = NULL;
      process_kill (self->process);
      g_cancellable_cancel (self->process->cancellable);
      g_clear_pointer (&self->process, process_unref);
    }

  G_OBJECT_CLASS (glaux_local_python_worker_parent_class)->dispose (object);
}

static void
glaux_local_python_worker_finalize (GObject *object)
{
  GlauxLocalPythonWorker *self = (GlauxLocalPythonWorker *)object;

  g_clear_pointer (&self->catalog_path, g_free);
  g_clear_object (&self->pending_outcome);
  g_clear_pointer (&self->sync_marker, g_byte_array_unref);

  G_OBJECT_CLASS (glaux_local_python_worker_parent_class)->finalize (object);
}

static void
glaux_local_python_worker_class_init (GlauxLocalPythonWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  struct sigaction action;

  object_class->dispose = glaux_local_python_worker_dispose;
  object_class->finalize = glaux_local_python_worker_finalize;

  /**
   * GlauxLocalPythonWorker::exited:
   *
   * The python3 process ended (stop, crash, or killed after an interrupt).
   */
  signals[EXITED] = g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Writing a code block to a python3 that just died must fail with EPIPE, not kill us. */
  if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
    signal (SIGPIPE, SIG_IGN);
}

static void
glaux_local_python_worker_init (GlauxLocalPythonWorker *self)
{
}

/**
 * glaux_local_python_worker_new:
 * @catalog_path: the SQLite database that `spark.sql()` queries
 *
 * Returns: (transfer full): a worker; its python3 process starts on the first run
 */
GlauxLocalPythonWorker *
glaux_local_python_worker_new (const char *catalog_path)
{
  GlauxLocalPythonWorker *self;

  g_return_val_if_fail (catalog_path != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_LOCAL_PYTHON_WORKER, NULL);
  self->catalog_path = g_strdup (catalog_path);

  return self;
}

/**
 * glaux_local_python_worker_start:
 *
 * Starts the python3 process now (it also starts on demand). Does nothing when it runs already.
 *
 * Returns: %FALSE with @error set when python3 is missing or cannot be started
 */
gboolean
glaux_local_python_worker_start (GlauxLocalPythonWorker  *self,
                                 GError                 **error)
{
  GSubprocess *subprocess;

  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), FALSE);

  /* A process that exited but is still being wound up belongs to the pending run. */
  if (self->process != NULL && (!self->process->exited || self->run != NULL))
    return TRUE;

  if ((subprocess = spawn_python (self->catalog_path, error)) == NULL)
    return FALSE;

  /* The previous process exited but its pipes are still winding up: end it now, so its
   * "exited" is never lost. */
  if (self->process != NULL)
    worker_process_ended (self, self->process);

  self->process = process_new (self, subprocess);
  self->pid = g_ascii_strtoll (g_subprocess_get_identifier (subprocess), NULL, 10);
  self->started_at = g_get_real_time ();
  self->ended_at = 0;
  g_debug ("Started python3 (pid %d) for %s", (int)self->pid, self->catalog_path);

  return TRUE;
}

static GBytes *
build_request (gint64      id,
               const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  return frame_bytes (json, strlen (json));
}

static gboolean
on_interrupt_grace_expired (gpointer user_data)
{
  GlauxLocalPythonWorker *self = user_data;

  self->grace_id = 0;
  if (self->run != NULL && self->process != NULL)
    {
      g_debug ("python3 (pid %d) ignored the interrupt; killing it", (int)self->pid);
      self->killed_after_interrupt = TRUE;
      process_kill (self->process);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
interrupt_from_cancellable (gpointer user_data)
{
  g_autoptr(GlauxLocalPythonWorker) self = user_data;

  glaux_local_python_worker_interrupt (self);

  return G_SOURCE_REMOVE;
}

static void
on_run_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  GlauxLocalPythonWorker *self = user_data;

  /* Cancellation may come from any thread; the worker lives in the run's context. */
  g_main_context_invoke (g_task_get_context (self->run), interrupt_from_cancellable,
                         g_object_ref (self));
}

/**
 * glaux_local_python_worker_run_async:
 * @code: a Python code block
 * @cancellable: (nullable): cancelling it interrupts the code (like
 *   glaux_local_python_worker_interrupt()) and the run ends with %G_IO_ERROR_CANCELLED
 *
 * Runs @code in the worker's namespace, starting python3 if needed. One run at a time.
 */
void
glaux_local_python_worker_run_async (GlauxLocalPythonWorker *self,
                                     const char             *code,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  WorkerProcess *proc;

  g_return_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_local_python_worker_run_async);

  if (self->run != NULL)
    {
      g_task_return_new_error (task, GLAUX_LOCAL_PYTHON_ERROR, GLAUX_LOCAL_PYTHON_ERROR_BUSY,
                               "The Python worker is already running a code block");
      return;
    }

  if (!glaux_local_python_worker_start (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  proc = self->process;
  self->run = g_object_ref (task);
  self->run_id = ++self->next_id;
  proc->request = build_request (self->run_id, code);
  g_output_stream_write_all_async (proc->requests, g_bytes_get_data (proc->request, NULL),
                                   g_bytes_get_size (proc->request), G_PRIORITY_DEFAULT,
                                   proc->cancellable, on_request_written, process_ref (proc));

  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_run_cancelled),
                                                self, NULL);
}

/**
 * glaux_local_python_worker_run_finish:
 *
 * Returns: (transfer full): how the code block ended, or %NULL with @error set when it could
 *   not run at all (see #GlauxLocalPythonError) or the run was cancelled
 */
GlauxLocalPythonOutcome *
glaux_local_python_worker_run_finish (GlauxLocalPythonWorker  *self,
                                      GAsyncResult            *result,
                                      GError                 **error)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * glaux_local_python_worker_interrupt:
 *
 * Stops the running code block the way Ctrl+C would (KeyboardInterrupt): the run ends
 * canceled and the variables survive. Code that ignores the interrupt for 3 seconds gets its
 * process killed (the run still ends canceled). Does nothing when no code runs.
 */
void
glaux_local_python_worker_interrupt (GlauxLocalPythonWorker *self)
{
  g_return_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self));

  if (self->run == NULL || self->process == NULL || self->interrupted)
    return;

  self->interrupted = TRUE;
  /* Before "started" python3 would ignore SIGINT; the signal goes out when it arrives. */
  if (self->run_started)
    send_interrupt (self);
  self->grace_id = g_timeout_add (INTERRUPT_GRACE_MS, on_interrupt_grace_expired, self);
}

/**
 * glaux_local_python_worker_stop:
 *
 * Ends the python3 process (its variables are lost); a running code block ends failed.
 * "exited" follows once the process is gone.
 */
void
glaux_local_python_worker_stop (GlauxLocalPythonWorker *self)
{
  g_return_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self));

  if (self->process == NULL)
    return;

  self->stopping = self->run != NULL;
  process_kill (self->process);
}

gboolean
glaux_local_python_worker_is_running (GlauxLocalPythonWorker *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), FALSE);

  return self->process != NULL && !self->process->exited;
}

gboolean
glaux_local_python_worker_is_busy (GlauxLocalPythonWorker *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), FALSE);

  return self->run != NULL;
}

GPid
glaux_local_python_worker_get_pid (GlauxLocalPythonWorker *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), 0);

  return self->pid;
}

gint64
glaux_local_python_worker_get_started_at (GlauxLocalPythonWorker *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), 0);

  return self->started_at;
}

gint64
glaux_local_python_worker_get_ended_at (GlauxLocalPythonWorker *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PYTHON_WORKER (self), 0);

  return self->ended_at;
}
