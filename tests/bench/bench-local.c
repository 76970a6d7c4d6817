/* bench-local.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-local"
/* sched_setaffinity () and the CPU_* macros. */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "glaux-aws-credentials.h"
#include "glaux-bench-util.h"
#include "glaux-sigv4.h"

/* Starts a real glaux-local (its CPU set limited to two cores) and times, over signed HTTP as an
 * SDK would send it: StartSession until GetSessionStatus says IDLE; a `SELECT 1` calculation
 * from StartCalculationExecution until COMPLETED; and signed GetSessionStatus requests per
 * second over several concurrent connections. The Debian AWS CLI's own time for one
 * `aws athena get-session-status` is measured in the same run for scale, and each figure is
 * shown beside it. Every measure has a warm-up (one session, one calculation, a quarter-length
 * rate run) before its timed runs. Prints one GLAUX-BENCH line per figure; exit status 1 when a
 * target is missed, 2 for bad options, 3 when a step failed. */

#define TARGET_IDLE_MS       200.0
#define TARGET_SELECT1_MS    50.0
#define TARGET_RPS           2000.0
#define AWS_PROGRAM          "/usr/bin/aws"
#define POLL_LIMIT_US        (10 * G_USEC_PER_SEC)

static int runs = 15;
static int rps_runs = 5;
static double rps_seconds = 2.0;
static int connections = 8;
static int server_cpus = 2;
static int cli_calls = 5;

static const GOptionEntry options[] = {
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Timed sessions and calculations (default 15)", "N" },
  { "rps-runs", 0, 0, G_OPTION_ARG_INT, &rps_runs, "Request-rate runs (default 5)", "N" },
  { "rps-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &rps_seconds,
    "Length of one request-rate run (default 2)", "S" },
  { "connections", 'c', 0, G_OPTION_ARG_INT, &connections,
    "Concurrent connections for the request rate (default 8)", "N" },
  { "server-cpus", 0, 0, G_OPTION_ARG_INT, &server_cpus,
    "Cores glaux-local may use (default 2)", "N" },
  { "cli-calls", 0, 0, G_OPTION_ARG_INT, &cli_calls, "aws CLI calls timed (default 5)", "N" },
  { NULL }
};

typedef struct
{
  GSubprocess         *process;
  char                *endpoint;
  char                *region;
  GlauxAwsCredentials *credentials;
  SoupSession         *http;
} Server;

/* Starting the server ---------------------------------------------------------------------- */

static void
server_child_setup (gpointer user_data)
{
  cpu_set_t set;

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  CPU_ZERO (&set);
  for (int cpu = 0; cpu < server_cpus; cpu++)
    CPU_SET (cpu, &set);
  sched_setaffinity (0, sizeof set, &set);
}

static const char *
glaux_local_program (void)
{
  const char *program = g_getenv ("GLAUX_LOCAL");

  return program != NULL ? program : BENCH_GLAUX_LOCAL;
}

static Server *
server_start (const char *data_dir)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  JsonObject *ready;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, server_child_setup, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, glaux_local_program (),
                                                 "--port", "0", "--data-dir", data_dir, NULL);
  if (server->process == NULL)
    glaux_bench_fail ("Cannot start %s: %s", glaux_local_program (), error->message);

  /* The readiness line comes at once; reading it synchronously is fine for a benchmark. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !json_parser_load_from_data (parser, line, -1, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    glaux_bench_fail ("glaux-local printed no readiness line: %s",
                      error != NULL ? error->message : "EOF");

  ready = json_node_get_object (json_parser_get_root (parser));
  server->endpoint = g_strconcat (json_object_get_string_member (ready, "endpoint"), "/", NULL);
  server->region = g_strdup (json_object_get_string_member (ready, "region"));
  server->credentials = glaux_aws_credentials_new (
    json_object_get_string_member (ready, "access_key_id"),
    json_object_get_string_member (ready, "secret_access_key"), NULL, NULL);
  server->http = soup_session_new_with_options ("max-conns", connections * 2,
                                                "max-conns-per-host", connections,
                                                "timeout", 30,
                                                NULL);
  g_object_set_data_full (G_OBJECT (server->process), "lines", g_steal_pointer (&lines),
                          g_object_unref);

  return server;
}

static void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  if (!g_subprocess_wait (server->process, NULL, &error))
    g_warning ("Waiting for glaux-local: %s", error->message);
  g_clear_object (&server->process);
  g_clear_object (&server->http);
  g_clear_object (&server->credentials);
  g_free (server->endpoint);
  g_free (server->region);
  g_free (server);
}

/* Signed Athena calls ---------------------------------------------------------------------- */

static SoupMessage *
signed_message (Server     *server,
                const char *operation,
                const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *target = g_strconcat ("AmazonAthena.", operation, NULL);
  g_autoptr(GError) error = NULL;
  SoupMessage *message = soup_message_new ("POST", server->endpoint);

  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Amz-Target",
                                target);
  /* libsoup opens a fresh connection for every POST unless told it may reuse one; SDKs keep a
   * pool of open connections, and so does this benchmark. */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", bytes);
  if (!glaux_sigv4_sign_message (message, bytes, server->credentials, server->region, "athena",
                                 GLAUX_SIGV4_DEFAULT, NULL, &error))
    glaux_bench_fail ("Cannot sign %s: %s", operation, error->message);

  return message;
}

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Reply;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* One call, waited for on the main context; returns the parsed JSON object of a 200 answer. */
static JsonObject *
call (Server     *server,
      const char *operation,
      const char *body)
{
  g_autoptr(SoupMessage) message = signed_message (server, operation, body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Reply reply = { 0 };

  soup_session_send_and_read_async (server->http, message, G_PRIORITY_DEFAULT, NULL, on_reply,
                                    &reply);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);

  if (reply.body == NULL)
    glaux_bench_fail ("%s failed: %s", operation, reply.error->message);
  if (soup_message_get_status (message) != SOUP_STATUS_OK
      || !json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL),
                                      g_bytes_get_size (reply.body), &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    glaux_bench_fail ("%s answered %u: %.*s", operation, soup_message_get_status (message),
                      (int)g_bytes_get_size (reply.body),
                      (const char *)g_bytes_get_data (reply.body, NULL));
  g_bytes_unref (reply.body);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
string_at (JsonObject *object,
           const char *first,
           const char *second)
{
  if (second != NULL)
    object = json_object_get_object_member (object, first);

  return g_strdup (json_object_get_string_member (object, second != NULL ? second : first));
}

static void
poll_until (Server     *server,
            const char *operation,
            const char *body,
            const char *wanted)
{
  gint64 deadline = g_get_monotonic_time () + POLL_LIMIT_US;

  for (;;)
    {
      g_autoptr(JsonObject) status = call (server, operation, body);
      g_autofree char *state = string_at (status, "Status", "State");

      if (g_str_equal (state, wanted))
        return;
      if (g_str_equal (state, "FAILED") || g_str_equal (state, "TERMINATED")
          || g_str_equal (state, "CANCELED") || g_get_monotonic_time () > deadline)
        glaux_bench_fail ("%s reached %s while waiting for %s", operation, state, wanted);
    }
}

/* Measurements ----------------------------------------------------------------------------- */

static char *
start_idle_session (Server *server,
                    double *elapsed_ms)
{
  g_autoptr(JsonObject) started = NULL;
  g_autofree char *status_body = NULL;
  char *session_id;
  gint64 begin = g_get_monotonic_time ();

  started = call (server, "StartSession",
                  "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{\"CoordinatorDpuSize\":1,"
                  "\"MaxConcurrentDpus\":20,\"DefaultExecutorDpuSize\":1},"
                  "\"SessionIdleTimeoutInMinutes\":60}");
  session_id = string_at (started, "SessionId", NULL);
  status_body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  poll_until (server, "GetSessionStatus", status_body, "IDLE");
  *elapsed_ms = (g_get_monotonic_time () - begin) / 1000.0;

  return session_id;
}

static void
terminate (Server     *server,
           const char *session_id)
{
  g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  g_autoptr(JsonObject) answer = call (server, "TerminateSession", body);
}

static GlauxBenchSpread
measure_start_to_idle (Server *server)
{
  g_autofree double *samples = g_new (double, runs);
  g_autofree char *warm_up = start_idle_session (server, &samples[0]);

  terminate (server, warm_up);
  for (int i = 0; i < runs; i++)
    {
      g_autofree char *session_id = start_idle_session (server, &samples[i]);

      g_print ("start-session -> IDLE   run %2d: %7.2f ms\n", i + 1, samples[i]);
      terminate (server, session_id);
    }

  return glaux_bench_spread (samples, runs);
}

static double
time_select1 (Server     *server,
              const char *session_id)
{
  g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\",\"CodeBlock\":\"SELECT 1\"}",
                                           session_id);
  g_autofree char *session_body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  g_autoptr(JsonObject) started = NULL;
  g_autofree char *calculation_body = NULL;
  g_autofree char *calculation_id = NULL;
  gint64 begin = g_get_monotonic_time ();
  double elapsed;

  started = call (server, "StartCalculationExecution", body);
  calculation_id = string_at (started, "CalculationExecutionId", NULL);
  calculation_body = g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", calculation_id);
  poll_until (server, "GetCalculationExecutionStatus", calculation_body, "COMPLETED");
  elapsed = (g_get_monotonic_time () - begin) / 1000.0;

  /* The next calculation needs the session IDLE again; not part of the timing. */
  poll_until (server, "GetSessionStatus", session_body, "IDLE");

  return elapsed;
}

static GlauxBenchSpread
measure_select1 (Server     *server,
                 const char *session_id)
{
  g_autofree double *samples = g_new (double, runs);

  time_select1 (server, session_id);
  for (int i = 0; i < runs; i++)
    {
      samples[i] = time_select1 (server, session_id);
      g_print ("SELECT 1 -> COMPLETED   run %2d: %7.2f ms\n", i + 1, samples[i]);
    }

  return glaux_bench_spread (samples, runs);
}

typedef struct
{
  Server   *server;
  char     *body;
  gint64    deadline;
  guint     completed;
  guint     in_flight;
  guint     failures;
} Flood;

typedef struct
{
  Flood       *flood;
  SoupMessage *message;
} FloodRequest;

static void flood_send (Flood *flood);

static void
on_flood_reply (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FloodRequest *request = user_data;
  Flood *flood = request->flood;
  g_autoptr(SoupMessage) message = request->message;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);

  g_free (request);
  flood->in_flight--;
  if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
    flood->completed++;
  else
    flood->failures++;

  if (g_get_monotonic_time () < flood->deadline)
    flood_send (flood);
}

/* Every request is signed afresh, as each SDK call is. */
static void
flood_send (Flood *flood)
{
  FloodRequest *request = g_new0 (FloodRequest, 1);

  request->flood = flood;
  request->message = signed_message (flood->server, "GetSessionStatus", flood->body);
  flood->in_flight++;
  soup_session_send_and_read_async (flood->server->http, request->message, G_PRIORITY_DEFAULT,
                                    NULL, on_flood_reply, request);
}

static double
requests_per_second (Server     *server,
                     const char *session_id)
{
  Flood flood = { .server = server };
  gint64 begin;
  double rate;

  flood.body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  begin = g_get_monotonic_time ();
  flood.deadline = begin + (gint64)(rps_seconds * G_USEC_PER_SEC);
  for (int i = 0; i < connections; i++)
    flood_send (&flood);
  while (flood.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  rate = flood.completed / ((g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);
  g_free (flood.body);
  if (flood.failures > 0)
    glaux_bench_fail ("%u GetSessionStatus requests failed during the request-rate run",
                      flood.failures);

  return rate;
}

static GlauxBenchSpread
measure_rps (Server     *server,
             const char *session_id)
{
  g_autofree double *samples = g_new (double, rps_runs);

  rps_seconds /= 4;
  requests_per_second (server, session_id);
  rps_seconds *= 4;
  for (int i = 0; i < rps_runs; i++)
    {
      samples[i] = requests_per_second (server, session_id);
      g_print ("GetSessionStatus rate   run %2d: %7.0f requests/s\n", i + 1, samples[i]);
    }

  return glaux_bench_spread (samples, rps_runs);
}

/* The AWS CLI's own time for the same call: Python start-up, botocore, signing, HTTP. */
static gboolean
measure_cli (Server           *server,
             const char       *session_id,
             GlauxBenchSpread *result)
{
  g_autofree double *samples = g_new (double, cli_calls);
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *endpoint = g_strndup (server->endpoint, strlen (server->endpoint) - 1);
  const char *argv[] = {
    AWS_PROGRAM, "athena", "get-session-status", "--session-id", session_id,
    "--endpoint-url", endpoint, "--region", server->region, "--output", "json", NULL
  };

  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID",
                           glaux_aws_credentials_get_access_key_id (server->credentials), TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY",
                           glaux_aws_credentials_get_secret_access_key (server->credentials),
                           TRUE);
  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  envp = g_environ_setenv (envp, "AWS_PAGER", "", TRUE);
  envp = g_environ_setenv (envp, "AWS_EC2_METADATA_DISABLED", "true", TRUE);
  envp = g_environ_unsetenv (envp, "AWS_PROFILE");

  for (int i = 0; i < cli_calls; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      gint64 begin = g_get_monotonic_time ();

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                            | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_subprocess_launcher_set_environ (launcher, envp);
      process = g_subprocess_launcher_spawnv (launcher, argv, &error);
      if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
        {
          g_printerr ("aws CLI not timed (%s): %s\n", AWS_PROGRAM, error->message);
          return FALSE;
        }
      samples[i] = (g_get_monotonic_time () - begin) / 1000.0;
      g_print ("aws get-session-status  run %2d: %7.2f ms\n", i + 1, samples[i]);
    }

  *result = glaux_bench_spread (samples, cli_calls);

  return TRUE;
}

/* Each figure is shown beside one AWS CLI call to the same glaux-local, for scale. */
static gboolean
report (const char       *id,
        const char       *what,
        GlauxBenchSpread  value,
        const char       *unit,
        double            target,
        gboolean          higher_is_better,
        const char       *cli_name,
        double            cli)
{
  return glaux_bench_report (&(GlauxBenchFigure) {
    .id = id,
    .what = what,
    .glaux = value.median,
    .reference_name = cli_name,
    .reference = cli,
    .unit = unit,
    .ratio = value.median / cli,
    .ratio_of = "Glaux ÷ aws CLI",
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .higher_is_better = higher_is_better,
    .target = target,
    .spread = value,
  });
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time glaux-local");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *what = NULL;
  GlauxBenchSpread idle, select1, rps, cli;
  gboolean met = TRUE;
  double ignored;
  Server *server;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || runs < 1 || rps_runs < 1 || connections < 1 || server_cpus < 1 || rps_seconds <= 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Counts and lengths must be positive");
      return 2;
    }

  data_dir = g_dir_make_tmp ("glaux-bench-local-XXXXXX", &error);
  if (data_dir == NULL)
    glaux_bench_fail ("%s", error->message);
  server = server_start (data_dir);
  g_print ("glaux-local %s on %d core(s), %d connection(s)\n", server->endpoint, server_cpus,
           connections);

  idle = measure_start_to_idle (server);
  session_id = start_idle_session (server, &ignored);
  select1 = measure_select1 (server, session_id);
  rps = measure_rps (server, session_id);

  if (!measure_cli (server, session_id, &cli))
    cli = (GlauxBenchSpread) { NAN, NAN, NAN, 0 };
  g_print ("aws CLI get-session-status: median %.1f ms (min %.1f, max %.1f), %d calls\n",
           cli.median, cli.min, cli.max, cli_calls);

  met &= report ("local-start-session", "glaux-local StartSession → IDLE", idle, "ms",
                 TARGET_IDLE_MS, FALSE, "one aws CLI get-session-status call", cli.median);
  met &= report ("local-select1", "glaux-local `SELECT 1` submit → COMPLETED", select1, "ms",
                 TARGET_SELECT1_MS, FALSE, "one aws CLI get-session-status call", cli.median);
  what = g_strdup_printf ("glaux-local signed GetSessionStatus throughput (%d connections, "
                          "%d cores)", connections, server_cpus);
  met &= report ("local-requests-per-second", what, rps, "requests/s", TARGET_RPS, TRUE,
                 "aws CLI get-session-status, one call after another", 1000.0 / cli.median);

  terminate (server, session_id);
  server_stop (server);
  glaux_bench_remove_tree (data_dir);

  return met ? 0 : GLAUX_BENCH_EXIT_MISSED;
}
