/* glaux-local-process.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-process"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "glaux-local-process.h"

/* The embedded glaux-local endpoint, started on an ephemeral loopback port with fresh
 * credentials. Its one-line JSON readiness message says where it listens; it is stopped with
 * SIGTERM (a clean shutdown) when Glaux no longer needs it. */

#define DEFAULT_READY_TIMEOUT_SECONDS 15
#define STOP_GRACE_SECONDS            10
#define STDERR_TAIL_BYTES             2048

struct _GlauxLocalProcess
{
  GObject              parent_instance;

  char                *program;
  char                *data_dir;
  guint                ready_timeout_seconds;

  GSubprocess         *subprocess;
  GDataInputStream    *stdout_lines;
  GCancellable        *cancellable;

  char                *endpoint;
  char                *region;
  GlauxAwsCredentials *credentials;
  GPid                 pid;
  char                *exit_reason;
  guint                kill_id;
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GlauxLocalProcess, glaux_local_process, G_TYPE_OBJECT)

/**
 * glaux_local_process_find_program:
 *
 * The glaux-local to start: `GLAUX_LOCAL` from the environment (uninstalled runs and tests),
 * else the installed program, else `glaux-local` on `PATH`.
 *
 * Returns: (transfer full) (nullable): the program path, or %NULL when none is found
 */
char *
glaux_local_process_find_program (void)
{
  const char *from_env = g_getenv ("GLAUX_LOCAL");

  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup (from_env);

  if (g_file_test (GLAUX_LOCAL_INSTALLED_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (GLAUX_LOCAL_INSTALLED_PATH);

  return g_find_program_in_path ("glaux-local");
}

static gboolean
parse_readiness_line (GlauxLocalProcess  *self,
                      const char         *line,
                      GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *ready;
  const char *endpoint;
  const char *region;
  const char *key_id;
  const char *secret;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("glaux-local did not announce itself with a JSON readiness line"));
      return FALSE;
    }

  ready = json_node_get_object (json_parser_get_root (parser));
  endpoint = json_object_get_string_member_with_default (ready, "endpoint", NULL);
  region = json_object_get_string_member_with_default (ready, "region", NULL);
  key_id = json_object_get_string_member_with_default (ready, "access_key_id", NULL);
  secret = json_object_get_string_member_with_default (ready, "secret_access_key", NULL);

  if (endpoint == NULL || region == NULL || key_id == NULL || secret == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("glaux-local’s readiness line lacks its endpoint, region or credentials"));
      return FALSE;
    }

  self->endpoint = g_strdup (endpoint);
  self->region = g_strdup (region);
  self->credentials = glaux_aws_credentials_new (key_id, secret, NULL, NULL);

  return TRUE;
}

static void
drain_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GInputStream *stream = G_INPUT_STREAM (object);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (stream, result, NULL);

  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    g_input_stream_read_bytes_async (stream, 8192, G_PRIORITY_LOW, NULL, drain_cb, NULL);
}

/* glaux-local's later output is not needed, but a full pipe would block it. */
static void
drain_stream (GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, 8192, G_PRIORITY_LOW, NULL, drain_cb, NULL);
}

/* "exit status 3" or "killed by signal 9 (Killed)", for messages. */
static char *
describe_exit (GSubprocess *subprocess)
{
  if (g_subprocess_get_if_exited (subprocess))
    return g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (subprocess));

  if (g_subprocess_get_if_signaled (subprocess))
    return g_strdup_printf (_("killed by signal %d (%s)"), g_subprocess_get_term_sig (subprocess),
                            g_strsignal (g_subprocess_get_term_sig (subprocess)));

  return g_strdup (_("unknown exit status"));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GlauxLocalProcess) self = user_data;
  GSubprocess *subprocess = G_SUBPROCESS (object);

  if (!g_subprocess_wait_finish (subprocess, result, NULL))
    return; /* Disposed: nobody is listening any more. */

  if (self->subprocess != subprocess)
    return;

  g_free (self->exit_reason);
  self->exit_reason = describe_exit (subprocess);
  g_debug ("glaux-local (pid %d) exited: %s", (int)self->pid, self->exit_reason);
  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_object (&self->subprocess);
  g_clear_object (&self->stdout_lines);
  self->pid = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[EXITED], 0);
}

typedef struct
{
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  guint         timeout_id;
  gboolean      timed_out;
  char         *stderr_tail;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_free (data->stderr_tail);
  g_free (data);
}

static void
stderr_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxLocalProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  gsize n_read = 0;

  /* A partial read (the ready timeout cancelled it) still says something useful. */
  g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, NULL);
  data->stderr_tail[n_read] = '\0';
  g_strstrip (data->stderr_tail);

  g_clear_object (&self->subprocess);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("glaux-local stopped before it was ready: %s"),
                           data->stderr_tail[0] != '\0' ? data->stderr_tail
                                                        : _("no error output"));
}

static void
early_exit_wait_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  GSubprocess *subprocess = G_SUBPROCESS (object);

  g_subprocess_wait_finish (subprocess, result, NULL);

  /* The process is gone, so its stderr ends soon; the ready timeout still bounds the read. */
  data->stderr_tail = g_malloc0 (STDERR_TAIL_BYTES + 1);
  g_input_stream_read_all_async (g_subprocess_get_stderr_pipe (subprocess), data->stderr_tail,
                                 STDERR_TAIL_BYTES, G_PRIORITY_DEFAULT, data->cancellable,
                                 stderr_read_cb, g_steal_pointer (&task));
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxLocalProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);

  if (line == NULL)
    {
      /* Whatever went wrong, a half-started glaux-local must not linger. */
      g_subprocess_force_exit (self->subprocess);
    }

  if (data->timed_out)
    {
      g_clear_object (&self->subprocess);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("glaux-local did not report that it was ready within %u seconds"),
                               self->ready_timeout_seconds);
      return;
    }

  if (line == NULL && error == NULL)
    {
      /* Its stdout ended: wait for it and tell what it wrote to stderr, without blocking. */
      g_subprocess_wait_async (self->subprocess, data->cancellable, early_exit_wait_cb,
                               g_steal_pointer (&task));
      return;
    }

  if (error != NULL || !parse_readiness_line (self, line, &error))
    {
      g_subprocess_force_exit (self->subprocess);
      g_clear_object (&self->subprocess);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  drain_stream (G_INPUT_STREAM (self->stdout_lines));
  drain_stream (g_subprocess_get_stderr_pipe (self->subprocess));
  g_subprocess_wait_async (self->subprocess, self->cancellable, wait_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_task_return_boolean (task, TRUE);
}

static gboolean
ready_timeout_cb (gpointer user_data)
{
  StartData *data = user_data;

  data->timeout_id = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);

  return G_SOURCE_REMOVE;
}

#ifdef __linux__
/* In the child, before exec: a Glaux that crashes or is killed must not leave glaux-local
 * running behind it. Only async-signal-safe calls here. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

void
glaux_local_process_start_async (GlauxLocalProcess   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *identifier;
  StartData *data;

  g_return_if_fail (GLAUX_IS_LOCAL_PROCESS (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_local_process_start_async);

  if (self->subprocess != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("glaux-local is already running"));
      return;
    }

  if (self->program == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("glaux-local was not found; install Glaux completely or set "
                                 "GLAUX_LOCAL to its path"));
      return;
    }

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("Could not create glaux-local’s data folder %s: %s"),
                               self->data_dir, g_strerror (errno));
      return;
    }

  /* A restart announces new values; the previous run's must not linger. */
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->exit_reason, g_free);
  g_clear_object (&self->credentials);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
#endif
  self->subprocess = g_subprocess_launcher_spawn (launcher, &error,
                                                  self->program,
                                                  "--port", "0",
                                                  "--bind", "127.0.0.1",
                                                  "--data-dir", self->data_dir,
                                                  NULL);
  if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("glaux-local was not found at %s; install Glaux completely or "
                                 "set GLAUX_LOCAL to its path"), self->program);
      return;
    }
  if (self->subprocess == NULL)
    {
      g_prefix_error (&error, _("Could not start %s: "), self->program);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No identifier: it already exited (and was reaped); the readiness read reports that. */
  identifier = g_subprocess_get_identifier (self->subprocess);
  self->pid = identifier != NULL ? atoi (identifier) : 0;
  g_clear_object (&self->stdout_lines);
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->subprocess));

  /* A glaux-local that never answers must not leave the window waiting forever. */
  data = g_new0 (StartData, 1);
  data->cancellable = g_cancellable_new ();
  data->timeout_id = g_timeout_add_seconds (self->ready_timeout_seconds, ready_timeout_cb, data);
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    g_object_ref (data->cancellable),
                                                    g_object_unref);
    }
  g_task_set_task_data (task, data, (GDestroyNotify)start_data_free);

  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT,
                                       data->cancellable, read_line_cb, g_steal_pointer (&task));
}

gboolean
glaux_local_process_start_finish (GlauxLocalProcess  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
kill_cb (gpointer user_data)
{
  GlauxLocalProcess *self = user_data;

  self->kill_id = 0;
  g_message ("glaux-local (pid %d) did not stop within %d seconds; killing it", (int)self->pid,
             STOP_GRACE_SECONDS);
  if (self->subprocess != NULL)
    g_subprocess_force_exit (self->subprocess);

  return G_SOURCE_REMOVE;
}

/* Asks glaux-local to shut down cleanly; it marks its sessions terminated and closes its store.
 * One that hangs is killed after a grace period, so a restart never waits forever. */
void
glaux_local_process_stop (GlauxLocalProcess *self)
{
  g_return_if_fail (GLAUX_IS_LOCAL_PROCESS (self));

  if (self->subprocess == NULL)
    return;

  g_subprocess_send_signal (self->subprocess, SIGTERM);
  if (self->kill_id == 0)
    self->kill_id = g_timeout_add_seconds (STOP_GRACE_SECONDS, kill_cb, self);
}

gboolean
glaux_local_process_get_running (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), FALSE);

  return self->subprocess != NULL && self->credentials != NULL;
}

const char *
glaux_local_process_get_endpoint (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), NULL);

  return self->endpoint;
}

const char *
glaux_local_process_get_region (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), NULL);

  return self->region;
}

/**
 * glaux_local_process_get_credentials:
 *
 * Returns: (transfer none) (nullable): the credentials glaux-local generated for this run
 */
GlauxAwsCredentials *
glaux_local_process_get_credentials (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), NULL);

  return self->credentials;
}

GPid
glaux_local_process_get_pid (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), 0);

  return self->pid;
}

/**
 * glaux_local_process_get_exit_reason:
 *
 * Returns: (nullable): how the last run that was ready ended ("exit status 1", "killed by
 *   signal 9 (Killed)"), or %NULL while it runs or before it ran
 */
const char *
glaux_local_process_get_exit_reason (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), NULL);

  return self->exit_reason;
}

const char *
glaux_local_process_get_data_dir (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), NULL);

  return self->data_dir;
}

char *
glaux_local_process_dup_catalog_path (GlauxLocalProcess *self)
{
  g_return_val_if_fail (GLAUX_IS_LOCAL_PROCESS (self), NULL);

  return g_build_filename (self->data_dir, GLAUX_LOCAL_CATALOG_NAME, NULL);
}

static void
glaux_local_process_dispose (GObject *object)
{
  GlauxLocalProcess *self = (GlauxLocalProcess *)object;

  g_cancellable_cancel (self->cancellable);
  glaux_local_process_stop (self);
  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->subprocess);

  G_OBJECT_CLASS (glaux_local_process_parent_class)->dispose (object);
}

static void
glaux_local_process_finalize (GObject *object)
{
  GlauxLocalProcess *self = (GlauxLocalProcess *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->exit_reason, g_free);

  G_OBJECT_CLASS (glaux_local_process_parent_class)->finalize (object);
}

static void
glaux_local_process_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxLocalProcess *self = GLAUX_LOCAL_PROCESS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, glaux_local_process_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_local_process_class_init (GlauxLocalProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_local_process_dispose;
  object_class->finalize = glaux_local_process_finalize;
  object_class->get_property = glaux_local_process_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when glaux-local ends after it was ready, whether asked to or not. */
  signals[EXITED] = g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
glaux_local_process_init (GlauxLocalProcess *self)
{
  self->cancellable = g_cancellable_new ();
  self->ready_timeout_seconds = DEFAULT_READY_TIMEOUT_SECONDS;
}

void
glaux_local_process_set_ready_timeout (GlauxLocalProcess *self,
                                       guint              seconds)
{
  g_return_if_fail (GLAUX_IS_LOCAL_PROCESS (self));
  g_return_if_fail (seconds > 0);

  self->ready_timeout_seconds = seconds;
}

/**
 * glaux_local_process_new:
 * @program: (nullable): the glaux-local program, or %NULL to look it up
 * @data_dir: where glaux-local keeps its state
 *
 * Returns: (transfer full): a process object; nothing is started yet
 */
GlauxLocalProcess *
glaux_local_process_new (const char *program,
                         const char *data_dir)
{
  GlauxLocalProcess *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_LOCAL_PROCESS, NULL);
  self->program = program != NULL ? g_strdup (program) : glaux_local_process_find_program ();
  self->data_dir = g_strdup (data_dir);

  return self;
}
