/* bench-idle.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-idle"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "glaux-aws-credentials.h"
#include "glaux-bench-util.h"
#include "glaux-sigv4.h"

/* Glaux at rest (issue 7): the real glaux program, under a private Xvfb and session bus, first
 * start (fresh XDG folders, so "This computer" with the primary workgroup selected), watching 20
 * IDLE sessions of that workgroup for 5 minutes (--minutes for shorter runs).
 *
 * Glaux starts its own glaux-local as always; GLAUX_LOCAL points it at a two-line wrapper that
 * adds a known port and keys (so this program can create the sessions) and
 * GLAUX_LOCAL_TRACE_CALLS=1, under which glaux-local writes one line per Athena call, with its
 * operation and SessionId, to its stderr (a file here). Once all sessions are IDLE, Glaux has
 * polled every one of them (GetSession per session id in the log: they are in its list) and
 * SETTLE_S more seconds have passed, the window opens. This program sends nothing during it.
 *
 * Measured over the window: CPU time of the Glaux process (utime + stime from /proc/PID/stat,
 * all threads) over wall time, as % of one core, with glaux-local's beside it; and the Athena
 * calls Glaux made per minute (the log lines in the window), by operation. Per-minute values give
 * the spread. At the end every session must still be IDLE. Target: Glaux < 1 % of one core.
 * Exit status 1 when the target is missed, 2 for bad options, 3 when a step failed. */

#define TARGET_CPU_PERCENT  1.0
#define REGION              "us-east-1"
#define ACCESS_KEY_ID       "AKIAGLAUXBENCHIDLE01"
#define SECRET              "glauxBenchIdleSecret/0123456789abcdefghij"
#define SETTLE_S            20
#define WAIT_LIMIT_US       (120 * G_USEC_PER_SEC)

static double minutes = 5;
static int n_sessions = 20;

static const GOptionEntry options[] = {
  { "minutes", 'm', 0, G_OPTION_ARG_DOUBLE, &minutes, "Length of the window (default 5)", "M" },
  { "sessions", 's', 0, G_OPTION_ARG_INT, &n_sessions, "IDLE sessions (default 20)", "N" },
  { NULL }
};

typedef struct
{
  SoupSession         *http;
  char                *endpoint;
  GlauxAwsCredentials *credentials;
} Client;

/* One signed Athena call; the parsed answer, or NULL (with the reason in @error). */
static JsonObject *
call (Client      *client,
      const char  *operation,
      const char  *body,
      GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *target = g_strconcat ("AmazonAthena.", operation, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", client->endpoint);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Amz-Target",
                                target);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", bytes);
  if (!glaux_sigv4_sign_message (message, bytes, client->credentials, REGION, "athena",
                                 GLAUX_SIGV4_DEFAULT, NULL, error))
    return NULL;

  reply = soup_session_send_and_read (client->http, message, NULL, error);
  if (reply == NULL)
    return NULL;
  if (soup_message_get_status (message) != SOUP_STATUS_OK ||
      !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                   g_bytes_get_size (reply), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s answered %u: %.*s", operation,
                   soup_message_get_status (message), (int)g_bytes_get_size (reply),
                   (const char *)g_bytes_get_data (reply, NULL));
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
call_or_fail (Client     *client,
              const char *operation,
              const char *body)
{
  g_autoptr(GError) error = NULL;
  JsonObject *answer = call (client, operation, body, &error);

  if (answer == NULL)
    glaux_bench_fail ("%s failed: %s", operation, error->message);

  return answer;
}

static char *
session_state (Client     *client,
               const char *session_id)
{
  g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  g_autoptr(JsonObject) status = call_or_fail (client, "GetSessionStatus", body);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (status,
                                                                                 "Status"),
                                                  "State"));
}

/* A loopback port free right now, for glaux-local to take. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL) ||
      (bound = g_socket_get_local_address (socket, NULL)) == NULL)
    glaux_bench_fail ("Cannot find a free loopback port");

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* What Glaux runs as its glaux-local: the real one, on our port with our keys, logging calls. */
static char *
write_glaux_local_wrapper (const char *folder,
                           guint16     port,
                           const char *log)
{
  g_autofree char *script = g_strdup_printf (
    "#!/bin/sh\n"
    "GLAUX_LOCAL_TRACE_CALLS=1 exec '%s' \"$@\" --port %u --region " REGION
    " --access-key-id " ACCESS_KEY_ID " --secret-access-key " SECRET " 2>>'%s'\n",
    BENCH_GLAUX_LOCAL, port, log);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, "glaux-local", NULL);

  if (!g_file_set_contents (path, script, -1, &error) || g_chmod (path, 0755) != 0)
    glaux_bench_fail ("Cannot write %s: %s", path, error != NULL ? error->message : "chmod");

  return path;
}

static GSubprocess *
start_glaux (char      **envp,
             const char *wrapper,
             const char *root)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *log = g_build_filename (root, "glaux-stderr.log", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  envp = g_environ_setenv (envp, "GLAUX_LOCAL", wrapper, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, TRUE);
  envp = g_environ_setenv (envp, "GTK_A11Y", "none", TRUE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_set_environ (launcher, envp);
  g_subprocess_launcher_set_child_setup (launcher, glaux_bench_child_setup, NULL, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_strfreev (envp);

  process = g_subprocess_launcher_spawn (launcher, &error, BENCH_GLAUX, NULL);
  if (process == NULL)
    glaux_bench_fail ("Cannot start %s: %s", BENCH_GLAUX, error->message);

  return process;
}

/* The glaux-local Glaux started (the wrapper execs it, so it is Glaux's child). */
static GPid
find_glaux_local (GPid parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_comm;
      int ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL) ||
          strstr (stat, "(glaux-local)") == NULL || (after_comm = strrchr (stat, ')')) == NULL)
        continue;
      if (sscanf (after_comm + 2, "%*c %d", &ppid) == 1 && ppid == parent)
        return (GPid)g_ascii_strtoll (name, NULL, 10);
    }

  return 0;
}

static void
wait_for_endpoint (Client      *client,
                   GSubprocess *glaux)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) answer = call (client, "ListWorkGroups", "{}", &error);

      if (answer != NULL)
        return;
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (glaux) == NULL)
        glaux_bench_fail ("Glaux's glaux-local never answered at %s: %s", client->endpoint,
                          error->message);
      g_usleep (100 * 1000);
    }
}

static GPtrArray *
start_idle_sessions (Client *client)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline;
  /* Long enough that none idles out during the window. */
  g_autofree char *body = g_strdup_printf (
    "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{\"CoordinatorDpuSize\":1,"
    "\"MaxConcurrentDpus\":20,\"DefaultExecutorDpuSize\":1},"
    "\"SessionIdleTimeoutInMinutes\":%d}", (int)MIN (480, ceil (minutes) + 30));

  for (int i = 0; i < n_sessions; i++)
    {
      g_autoptr(JsonObject) started = call_or_fail (client, "StartSession", body);

      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (started, "SessionId")));
    }

  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *state = NULL;

      while (!g_str_equal ((state = session_state (client, ids->pdata[i])), "IDLE"))
        {
          if (g_get_monotonic_time () > deadline)
            glaux_bench_fail ("Session %s is %s, not IDLE", (char *)ids->pdata[i], state);
          g_clear_pointer (&state, g_free);
          g_usleep (50 * 1000);
        }
    }

  return ids;
}

/* The Athena calls logged from byte @from of @log on: their count, by operation in @by_operation,
 * the session ids of GetSession calls in @polled. Returns the end offset. */
static gsize
read_calls (const char *log,
            gsize       from,
            guint      *count,
            GHashTable *by_operation,
            GHashTable *polled)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  if (!g_file_get_contents (log, &contents, &length, NULL) || length <= from)
    return from;

  lines = g_strsplit (contents + from, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *call_text = strstr (lines[i], ": Athena ");
      g_auto(GStrv) words = NULL;

      if (call_text == NULL)
        continue;
      words = g_strsplit (call_text + strlen (": Athena "), " ", 2);
      (*count)++;
      if (by_operation != NULL)
        g_hash_table_insert (by_operation, g_strdup (words[0]),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (
                               g_hash_table_lookup (by_operation, words[0])) + 1));
      if (polled != NULL && words[1] != NULL && g_str_equal (words[0], "GetSession"))
        g_hash_table_add (polled, g_strdup (words[1]));
    }

  return length;
}

static guint
count_polled (GPtrArray  *ids,
              GHashTable *polled)
{
  guint seen = 0;

  for (guint i = 0; i < ids->len; i++)
    seen += g_hash_table_contains (polled, ids->pdata[i]);

  return seen;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- Glaux watching IDLE sessions");
  g_auto(GStrv) original_argv = g_strdupv (argv);
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) glaux = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) polled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) in_window = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_operation = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_autofree char *root = NULL;
  g_autofree char *wrapper = NULL;
  g_autofree char *log = NULL;
  g_autofree char *what = NULL;
  g_autofree double *cpu = NULL;
  g_autofree double *local_cpu = NULL;
  g_autofree double *per_minute = NULL;
  g_autoptr(GString) operations = g_string_new (NULL);
  Client client = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  double ticks_per_s = sysconf (_SC_CLK_TCK);
  double total_s, glaux_percent, local_percent;
  guint64 glaux_ticks0, local_ticks0, glaux_ticks, local_ticks;
  guint calls = 0;
  gsize offset = 0;
  gint64 deadline, window_start;
  int intervals;
  guint16 port;
  GPid glaux_pid, local_pid;
  gboolean met;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !(minutes > 0) ||
      n_sessions < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--minutes and --sessions must be "
                  "positive");
      return GLAUX_BENCH_EXIT_USAGE;
    }

  glaux_bench_run_under_xvfb (original_argv, TRUE);

  root = glaux_bench_make_xdg_dirs (&envp);
  log = g_build_filename (root, "glaux-local.log", NULL);
  port = free_port ();
  wrapper = write_glaux_local_wrapper (root, port, log);
  glaux = start_glaux (g_strdupv (envp), wrapper, root);
  glaux_pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (glaux), NULL, 10);

  client.http = soup_session_new_with_options ("timeout", 30, NULL);
  client.endpoint = g_strdup_printf ("http://127.0.0.1:%u/", port);
  client.credentials = glaux_aws_credentials_new (ACCESS_KEY_ID, SECRET, NULL, NULL);
  wait_for_endpoint (&client, glaux);
  local_pid = find_glaux_local (glaux_pid);
  if (local_pid == 0)
    glaux_bench_fail ("No glaux-local child of Glaux (pid %d) was found", (int)glaux_pid);

  ids = start_idle_sessions (&client);
  g_print ("%u sessions IDLE in the primary workgroup of glaux-local %s (pid %d)\n", ids->len,
           client.endpoint, (int)local_pid);

  /* In Glaux's list: it has asked GetSession about each of them. */
  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (count_polled (ids, polled) < ids->len)
    {
      if (g_get_monotonic_time () > deadline)
        glaux_bench_fail ("Glaux polled only %u of the %u sessions within %d s",
                          count_polled (ids, polled), ids->len,
                          (int)(WAIT_LIMIT_US / G_USEC_PER_SEC));
      offset = read_calls (log, offset, &calls, NULL, polled);
      g_usleep (200 * 1000);
    }
  g_print ("Glaux polls all %u sessions; settling for %d s\n", ids->len, SETTLE_S);
  g_usleep (SETTLE_S * G_USEC_PER_SEC);

  /* The window: one sample a minute (or less, for short runs). */
  intervals = MAX (1, (int)ceil (minutes));
  cpu = g_new (double, intervals);
  local_cpu = g_new (double, intervals);
  per_minute = g_new (double, intervals);
  calls = 0;
  offset = read_calls (log, 0, &calls, NULL, NULL);
  calls = 0;
  glaux_ticks0 = glaux_ticks = glaux_bench_process_cpu_ticks (glaux_pid);
  local_ticks0 = local_ticks = glaux_bench_process_cpu_ticks (local_pid);
  window_start = g_get_monotonic_time ();
  for (int i = 0; i < intervals; i++)
    {
      double seconds = minutes * 60 / intervals;
      guint64 glaux_now, local_now;
      guint interval_calls = 0;

      g_usleep ((gulong)(seconds * G_USEC_PER_SEC));
      glaux_now = glaux_bench_process_cpu_ticks (glaux_pid);
      local_now = glaux_bench_process_cpu_ticks (local_pid);
      if (glaux_now == 0 || local_now == 0)
        glaux_bench_fail ("Glaux or its glaux-local exited during the window");
      offset = read_calls (log, offset, &interval_calls, by_operation, in_window);
      calls += interval_calls;

      cpu[i] = 100.0 * (glaux_now - glaux_ticks) / ticks_per_s / seconds;
      local_cpu[i] = 100.0 * (local_now - local_ticks) / ticks_per_s / seconds;
      per_minute[i] = interval_calls * 60.0 / seconds;
      glaux_ticks = glaux_now;
      local_ticks = local_now;
      g_print ("interval %d (%.0f s): Glaux %.3f %% of a core, glaux-local %.3f %%, %u calls\n",
               i + 1, seconds, cpu[i], local_cpu[i], interval_calls);
    }
  total_s = (g_get_monotonic_time () - window_start) / (double)G_USEC_PER_SEC;
  glaux_percent = 100.0 * (glaux_ticks - glaux_ticks0) / ticks_per_s / total_s;
  local_percent = 100.0 * (local_ticks - local_ticks0) / ticks_per_s / total_s;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *state = session_state (&client, ids->pdata[i]);

      if (!g_str_equal (state, "IDLE"))
        glaux_bench_fail ("Session %s ended the window %s, not IDLE", (char *)ids->pdata[i],
                          state);
    }

  g_hash_table_iter_init (&iter, by_operation);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (operations, " %s %u", (char *)key, GPOINTER_TO_UINT (value));
  g_print ("%.0f s: Glaux %.3f %% of a core, glaux-local %.3f %%; %u Athena calls (%.1f a "
           "minute):%s; %u of %u sessions polled in the window\n", total_s, glaux_percent,
           local_percent, calls, calls * 60.0 / total_s, operations->str,
           count_polled (ids, in_window), ids->len);

  what = g_strdup_printf ("Idle CPU of Glaux watching %u IDLE sessions for %g min "
                          "(%% of one core)", ids->len, minutes);
  met = glaux_bench_report (&(GlauxBenchFigure) {
    .id = "idle-cpu",
    .what = what,
    .glaux = glaux_percent,
    .reference_name = "glaux-local serving it",
    .reference = local_percent,
    .unit = "%",
    .ratio = NAN,
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .target = TARGET_CPU_PERCENT,
    .spread = glaux_bench_spread (cpu, intervals),
  });
  g_clear_pointer (&what, g_free);
  what = g_strdup_printf ("Athena requests per minute while watching %u IDLE sessions",
                          ids->len);
  glaux_bench_report (&(GlauxBenchFigure) {
    .id = "idle-requests",
    .what = what,
    .glaux = calls * 60.0 / total_s,
    .unit = "requests/min",
    .ratio = NAN,
    .target_on = GLAUX_BENCH_TARGET_NONE,
    .spread = glaux_bench_spread (per_minute, intervals),
  });

  g_subprocess_send_signal (glaux, SIGTERM);
  g_subprocess_wait (glaux, NULL, NULL);
  for (int i = 0; i < 500 && glaux_bench_process_cpu_ticks (local_pid) != 0; i++)
    g_usleep (10 * 1000);
  g_clear_object (&client.http);
  g_clear_object (&client.credentials);
  g_free (client.endpoint);
  glaux_bench_remove_tree (root);

  return met ? 0 : GLAUX_BENCH_EXIT_MISSED;
}
