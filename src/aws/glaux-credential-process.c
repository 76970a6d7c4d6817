/* glaux-credential-process.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-credential-process"

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glaux-aws-error.h"
#include "glaux-credential-process.h"

/* A profile's credential_process: the command runs without a shell (argv split like shlex),
 * prints {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?} and
 * the result is cached until five minutes before Expiration (forever without one), as botocore's
 * ProcessProvider does. Loads that arrive while the command runs wait for the same run. The
 * command gets its own process group so a timeout also stops whatever it started. */

#define DEFAULT_TIMEOUT_MS  60000
#define REFRESH_MARGIN      (5 * G_TIME_SPAN_MINUTE)
#define MAX_STDERR_IN_ERROR 1000

typedef struct _Run Run;

struct _GlauxCredentialProcess
{
  GObject              parent_instance;

  char               **argv;
  char                *program;
  guint                timeout_ms;

  GlauxAwsCredentials *cached;
  Run                 *run;
};

struct _Run
{
  GlauxCredentialProcess *self;
  GSubprocess            *subprocess;
  GCancellable           *cancellable;
  GSource                *timeout_source;
  GPtrArray              *waiters;
  gboolean                timed_out;
};

typedef struct
{
  GTask   *task;
  GSource *cancel_source;
  Run     *run;
} Waiter;

static void credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxCredentialProcess, glaux_credential_process, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      credentials_provider_iface_init))

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
run_free (Run *run)
{
  if (run->timeout_source != NULL)
    {
      g_source_destroy (run->timeout_source);
      g_source_unref (run->timeout_source);
    }
  g_clear_pointer (&run->waiters, g_ptr_array_unref);
  g_clear_object (&run->subprocess);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->self);
  g_free (run);
}

/* Kills the whole process group: a script's children would otherwise keep the pipes open. */
static void
run_stop (Run *run)
{
  const char *identifier = g_subprocess_get_identifier (run->subprocess);

  if (identifier != NULL)
    kill (-(pid_t)atoi (identifier), SIGKILL);
  g_subprocess_force_exit (run->subprocess);
  g_cancellable_cancel (run->cancellable);
}

static char *
format_duration (guint timeout_ms)
{
  if (timeout_ms % 1000 == 0)
    return g_strdup_printf ("%u s", timeout_ms / 1000);

  return g_strdup_printf ("%u ms", timeout_ms);
}

static gboolean
run_timeout_cb (gpointer data)
{
  Run *run = data;

  run->timed_out = TRUE;
  g_clear_pointer (&run->timeout_source, g_source_unref);
  run_stop (run);

  return G_SOURCE_REMOVE;
}

/* The command's error output for a message: valid UTF-8, trimmed, capped. */
static char *
describe_stderr (GBytes *stderr_bytes)
{
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data = stderr_bytes ? g_bytes_get_data (stderr_bytes, &size) : NULL;
  const char *end;

  text = g_strstrip (g_utf8_make_valid (data != NULL ? data : "", size));
  if (text[0] == '\0')
    return g_strdup ("(it printed nothing on standard error)");

  if (strlen (text) > MAX_STDERR_IN_ERROR)
    {
      end = g_utf8_find_prev_char (text, text + MAX_STDERR_IN_ERROR + 1);
      return g_strdup_printf ("%.*s…", (int)(end - text), text);
    }

  return g_steal_pointer (&text);
}

static gboolean
check_exit_status (GlauxCredentialProcess  *self,
                   GSubprocess             *subprocess,
                   GBytes                  *stderr_bytes,
                   GError                 **error)
{
  g_autofree char *stderr_text = NULL;

  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0)
    return TRUE;

  stderr_text = describe_stderr (stderr_bytes);
  if (g_subprocess_get_if_exited (subprocess))
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                 "The credential_process program '%s' failed with exit status %d: %s",
                 self->program, g_subprocess_get_exit_status (subprocess), stderr_text);
  else
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                 "The credential_process program '%s' was killed by signal %d: %s",
                 self->program, g_subprocess_get_term_sig (subprocess), stderr_text);

  return FALSE;
}

static gboolean
set_output_error (GError     **error,
                  const char  *program,
                  const char  *format,
                  ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_output_error (GError     **error,
                  const char  *program,
                  const char  *format,
                  ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
               "The credential_process program '%s' %s", program, problem);

  return FALSE;
}

/* A required or optional string member; the value is never put into a message. */
static gboolean
get_string_member (JsonObject   *object,
                   const char   *program,
                   const char   *name,
                   gboolean      required,
                   const char  **value,
                   GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || set_output_error (error, program, "printed no %s", name);

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return set_output_error (error, program, "printed a %s that is not a string", name);

  *value = json_node_get_string (node);
  if (required && (*value)[0] == '\0')
    return set_output_error (error, program, "printed an empty %s", name);

  return TRUE;
}

static gboolean
check_version (JsonObject  *object,
               const char  *program,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, "Version");

  if (node == NULL)
    return set_output_error (error, program, "printed JSON without \"Version\": 1");

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return set_output_error (error, program, "printed a Version that is not the number 1");

  if (json_node_get_int (node) != 1)
    return set_output_error (error, program,
                             "printed Version %" G_GINT64_FORMAT "; only Version 1 is supported",
                             json_node_get_int (node));

  return TRUE;
}

static GlauxAwsCredentials *
parse_output (const char  *program,
              const char  *data,
              gsize        size,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) expiration = NULL;
  JsonObject *object;
  const char *access_key_id;
  const char *secret_access_key;
  const char *session_token;
  const char *expiration_text;

  if (size == 0)
    {
      set_output_error (error, program, "printed nothing; it must print a JSON object with "
                        "\"Version\": 1, AccessKeyId and SecretAccessKey");
      return NULL;
    }

  /* The parser's own message may quote the text, which holds the secret. */
  if (!g_utf8_validate_len (data, size, NULL)
      || !json_parser_load_from_data (parser, data, size, NULL))
    {
      set_output_error (error, program, "printed something that is not valid JSON");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_output_error (error, program, "printed JSON that is not an object");
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (!check_version (object, program, error)
      || !get_string_member (object, program, "AccessKeyId", TRUE, &access_key_id, error)
      || !get_string_member (object, program, "SecretAccessKey", TRUE, &secret_access_key, error)
      || !get_string_member (object, program, "SessionToken", FALSE, &session_token, error)
      || !get_string_member (object, program, "Expiration", FALSE, &expiration_text, error))
    return NULL;

  if (expiration_text != NULL
      && (expiration = g_date_time_new_from_iso8601 (expiration_text, NULL)) == NULL)
    {
      set_output_error (error, program, "printed Expiration '%s', which is not an ISO 8601 time "
                        "with a time zone (such as 2026-05-01T12:00:00Z)", expiration_text);
      return NULL;
    }

  g_debug ("credential_process %s gave access key %s", program, access_key_id);

  return glaux_aws_credentials_new (access_key_id, secret_access_key, session_token, expiration);
}

static GlauxAwsCredentials *
finish_run (Run          *run,
            GAsyncResult *result,
            GError      **error)
{
  GlauxCredentialProcess *self = run->self;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GlauxAwsCredentials *credentials;
  g_autofree char *duration = NULL;
  gsize size = 0;
  char *data;

  if (!g_subprocess_communicate_finish (run->subprocess, result, &stdout_bytes, &stderr_bytes,
                                        &local_error))
    {
      duration = format_duration (self->timeout_ms);
      if (run->timed_out)
        g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                     "The credential_process program '%s' did not finish within %s and was "
                     "stopped", self->program, duration);
      else
        g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                     "Could not read the output of the credential_process program '%s': %s",
                     self->program, local_error->message);
      return NULL;
    }

  if (!check_exit_status (self, run->subprocess, stderr_bytes, error))
    return NULL;

  /* Take the only reference so the secret can be wiped afterwards. */
  data = g_bytes_unref_to_data (g_steal_pointer (&stdout_bytes), &size);
  credentials = parse_output (self->program, data, size, error);
  if (data != NULL)
    memset (data, 0, size);
  g_free (data);

  return credentials;
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  GlauxCredentialProcess *self = run->self;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = finish_run (run, result, &error);
  if (self->run == run)
    self->run = NULL;

  if (credentials != NULL)
    g_set_object (&self->cached, credentials);

  for (guint i = 0; i < run->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (run->waiters, i);

      if (credentials != NULL)
        g_task_return_pointer (waiter->task, g_object_ref (credentials), g_object_unref);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
    }

  run_free (run);
}

/* Runs in the child between fork and exec. */
static void
child_setup (gpointer data)
{
  setpgid (0, 0);
}

static gboolean
run_start (GlauxCredentialProcess  *self,
           GError                 **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) local_error = NULL;
  Run *run;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  run = g_new0 (Run, 1);
  run->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *)self->argv,
                                                  &local_error);
  if (run->subprocess == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                   "Could not run the credential_process program '%s': %s", self->program,
                   local_error->message);
      run_free (run);
      return FALSE;
    }

  g_debug ("Started credential_process %s", self->program);
  run->self = g_object_ref (self);
  run->cancellable = g_cancellable_new ();
  run->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify)waiter_free);
  run->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (run->timeout_source, run_timeout_cb, run, NULL);
  g_source_attach (run->timeout_source, g_main_context_get_thread_default ());
  g_subprocess_communicate_async (run->subprocess, NULL, run->cancellable, communicate_cb, run);
  self->run = run;

  return TRUE;
}

/* A caller that gives up gets its answer now; the last one to leave stops the command. */
static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      data)
{
  Waiter *waiter = data;
  Run *run = waiter->run;

  g_task_return_error_if_cancelled (waiter->task);
  g_ptr_array_remove_fast (run->waiters, waiter);
  if (run->waiters->len == 0)
    {
      /* Later loads start afresh instead of joining a run that is being stopped. */
      if (run->self->run == run)
        run->self->run = NULL;
      run_stop (run);
    }

  return G_SOURCE_REMOVE;
}

static void
add_waiter (Run   *run,
            GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->task = g_object_ref (task);
  waiter->run = run;
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb), waiter,
                             NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_ptr_array_add (run->waiters, waiter);
}

static void
glaux_credential_process_load_async (GlauxCredentialsProvider *provider,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  GlauxCredentialProcess *self = GLAUX_CREDENTIAL_PROCESS (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_credential_process_load_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->cached != NULL
      && !glaux_aws_credentials_expires_within (self->cached, now, REFRESH_MARGIN))
    {
      g_task_return_pointer (task, g_object_ref (self->cached), g_object_unref);
      return;
    }

  if (self->run == NULL && !run_start (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  add_waiter (self->run, task);
}

static GlauxAwsCredentials *
glaux_credential_process_load_finish (GlauxCredentialsProvider  *provider,
                                      GAsyncResult              *result,
                                      GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = glaux_credential_process_load_async;
  iface->load_finish = glaux_credential_process_load_finish;
}

static void
glaux_credential_process_finalize (GObject *object)
{
  GlauxCredentialProcess *self = (GlauxCredentialProcess *)object;

  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->program, g_free);
  g_clear_object (&self->cached);

  G_OBJECT_CLASS (glaux_credential_process_parent_class)->finalize (object);
}

static void
glaux_credential_process_class_init (GlauxCredentialProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_credential_process_finalize;
}

static void
glaux_credential_process_init (GlauxCredentialProcess *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/**
 * glaux_credential_process_new:
 * @command_line: the credential_process value, split like a POSIX shell would (quotes and
 *   backslashes) but never run through one
 * @error: return location for a #GLAUX_AWS_ERROR_CONFIGURATION error
 *
 * Returns: (transfer full): a new provider, or %NULL when @command_line cannot be split
 */
GlauxCredentialProcess *
glaux_credential_process_new (const char  *command_line,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GlauxCredentialProcess *self;
  char **argv = NULL;

  g_return_val_if_fail (command_line != NULL, NULL);

  if (!g_shell_parse_argv (command_line, NULL, &argv, &local_error))
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "The credential_process command cannot be split into arguments: %s",
                   local_error->message);
      return NULL;
    }

  self = g_object_new (GLAUX_TYPE_CREDENTIAL_PROCESS, NULL);
  self->argv = argv;
  self->program = g_path_get_basename (argv[0]);

  return self;
}

/* How long the command may run before it is killed; 60 s unless changed. */
void
glaux_credential_process_set_timeout (GlauxCredentialProcess *self,
                                      guint                   timeout_ms)
{
  g_return_if_fail (GLAUX_IS_CREDENTIAL_PROCESS (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}
