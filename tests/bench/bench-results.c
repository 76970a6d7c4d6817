/* bench-results.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-results"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <malloc.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glaux-aws-credentials.h"
#include "bench-results-view.h"
#include "glaux-bench-util.h"
#include "glaux-result-loader.h"
#include "glaux-static-credentials-provider.h"

/* Result ingest speed (issue 6): a 1,000,000-row × 8-column CSV (about 100 MB) served by a
 * real glaux-local, read side by side in one run by
 *   (a) curl to /dev/null (signed with --aws-sigv4): the reference for the transfer itself,
 *   (b) boto3 get_object + Python's csv module into lists (/usr/bin/python3),
 *   (c) GlauxResultLoader into a GlauxResultTable (one flush at the end, plus one as soon as the
 *       first rows are parsed, as a view would),
 *   (d) for the record only: GlauxS3Client reading the object and dropping the bytes,
 *   (e) the loader filling a table shown by a GlauxResultView in a window (bench-results-view.c),
 *       its frames timed, beside the same view's frames redrawn with nothing arriving.
 * Targets: (c) ≤ 1.5 × (a); (b) ≥ 10 × (c); first rows in the model ≤ 100 ms after the
 * download starts; peak memory ≤ 1.6 × the CSV size; no frame of (e) longer than 50 ms. Warm-ups (one curl, one loader run) come
 * first, then --runs interleaved runs. The memory figure is the peak RSS growth of this process
 * while the loader fills a table with the whole result (what Glaux holds for a 1,000,000-row
 * result), from the first table this process builds, so no earlier table's freed buffers hide
 * part of it. Prints one GLAUX-BENCH line per figure; exit status 1 when a target is missed,
 * 2 for bad options, 3 when a step failed. */

#define TARGET_CURL_RATIO    1.5
#define TARGET_BOTO3_SPEEDUP 10.0
#define TARGET_FIRST_ROWS_MS 100.0
#define TARGET_MEMORY_RATIO  1.6
#define TARGET_VIEW_FRAME_MS 50.0
#define REDRAW_FRAMES        100
#define BUCKET               "bench"
#define KEY                  "results.csv"
#define PYTHON               "/usr/bin/python3"

static int n_rows = 1000000;
static int runs = 5;
static int boto3_runs = 3;
static int view_runs = 3;

static const GOptionEntry options[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows in the CSV (default 1000000)", "N" },
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Timed runs of curl and the loader (default 5)", "N" },
  { "boto3-runs", 0, 0, G_OPTION_ARG_INT, &boto3_runs, "Timed boto3 runs (default 3)", "N" },
  { "view-runs", 0, 0, G_OPTION_ARG_INT, &view_runs, "Timed runs into a visible view (default 3)",
    "N" },
  { NULL }
};

/* boto3 + csv, timed inside Python (interpreter start and client creation excluded). */
static const char boto3_script[] =
  "import csv, io, sys, time\n"
  "import boto3\n"
  "from botocore.config import Config\n"
  "endpoint, region, key, secret, bucket, name = sys.argv[1:7]\n"
  "s3 = boto3.client('s3', endpoint_url=endpoint, region_name=region,\n"
  "                  aws_access_key_id=key, aws_secret_access_key=secret,\n"
  "                  config=Config(s3={'addressing_style': 'path'}))\n"
  "start = time.perf_counter()\n"
  "body = s3.get_object(Bucket=bucket, Key=name)['Body']\n"
  "rows = list(csv.reader(io.TextIOWrapper(body, encoding='utf-8', newline='')))\n"
  "print('%.6f %d' % (time.perf_counter() - start, len(rows)))\n";

typedef struct
{
  GSubprocess *process;
  char        *endpoint;
  char        *region;
  char        *access_key_id;
  char        *secret_access_key;
} Server;

/* The data ---------------------------------------------------------------------------------- */

/* 8 columns, about 100 bytes a row, with quoted fields (commas, doubled quotes) in some rows. */
static guint64
write_csv (const char *path)
{
  static const char * const cities[] = { "Berlin", "Lisboa", "Osaka", "São Paulo", "Nairobi",
                                         "Reykjavík", "Toronto", "Chennai" };
  g_autoptr(GString) chunk = g_string_sized_new (1 << 20);
  guint64 total = 0;
  FILE *file = fopen (path, "wb");

  if (file == NULL)
    glaux_bench_fail ("Cannot write %s", path);

  g_string_append (chunk, "id,customer,city,amount,quantity,ordered_at,express,comment\n");
  for (int i = 0; i < n_rows; i++)
    {
      g_string_append_printf (chunk, "%d,customer-%07d,%s,%d.%02d,%d,2026-%02d-%02dT%02d:%02d:%02dZ,%s,",
                              i, (i * 7919) % 10000000, cities[i % G_N_ELEMENTS (cities)],
                              (i * 37) % 100000, i % 100, i % 250, 1 + i % 12, 1 + i % 28,
                              i % 24, i % 60, (i * 7) % 60, i % 3 == 0 ? "true" : "false");
      if (i % 4 == 0)
        g_string_append_printf (chunk, "\"order %d, \"\"gift\"\" wrapped\"\n", i);
      else
        g_string_append_printf (chunk, "plain note for order number %d\n", i);

      if (chunk->len >= (1 << 20) - 512 || i == n_rows - 1)
        {
          if (fwrite (chunk->str, 1, chunk->len, file) != chunk->len)
            glaux_bench_fail ("Cannot write %s", path);
          total += chunk->len;
          g_string_truncate (chunk, 0);
        }
    }
  if (fclose (file) != 0)
    glaux_bench_fail ("Cannot write %s", path);

  return total;
}

/* The server -------------------------------------------------------------------------------- */

static void
server_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
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

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !json_parser_load_from_data (parser, line, -1, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    glaux_bench_fail ("glaux-local printed no readiness line: %s",
                      error != NULL ? error->message : "EOF");

  ready = json_node_get_object (json_parser_get_root (parser));
  server->endpoint = g_strdup (json_object_get_string_member (ready, "endpoint"));
  server->region = g_strdup (json_object_get_string_member (ready, "region"));
  server->access_key_id = g_strdup (json_object_get_string_member (ready, "access_key_id"));
  server->secret_access_key = g_strdup (json_object_get_string_member (ready,
                                                                      "secret_access_key"));
  g_object_set_data_full (G_OBJECT (server->process), "lines", g_steal_pointer (&lines),
                          g_object_unref);

  return server;
}

static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_free (server->endpoint);
  g_free (server->region);
  g_free (server->access_key_id);
  g_free (server->secret_access_key);
  g_free (server);
}

/* "1,000,000", for the figures' descriptions. */
static char *
with_separators (int n)
{
  g_autofree char *digits = g_strdup_printf ("%d", n);
  GString *out = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

/* (a) curl ---------------------------------------------------------------------------------- */

/* Runs @argv with posix_spawnp() and returns what it printed. glibc's posix_spawn() shares the
 * parent's memory until exec (CLONE_VM | CLONE_VFORK), where fork() would mark every page of the
 * loader's reused table buffers copy-on-write and charge the next loader run a page fault per
 * page: an artefact of the benchmark, not something the app ever pays. */
static char *
spawn_and_read (const char * const *argv)
{
  posix_spawn_file_actions_t actions;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) environment = g_get_environ ();
  int fds[2];
  pid_t pid;
  int status;
  int rc;

  if (pipe (fds) != 0)
    glaux_bench_fail ("pipe: %s", g_strerror (errno));
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose (&actions, fds[0]);
  posix_spawn_file_actions_addclose (&actions, fds[1]);
  rc = posix_spawnp (&pid, argv[0], &actions, NULL, (char * const *)argv, environment);
  posix_spawn_file_actions_destroy (&actions);
  close (fds[1]);
  if (rc != 0)
    glaux_bench_fail ("%s: %s", argv[0], g_strerror (rc));

  for (;;)
    {
      char buffer[4096];
      gssize n = read (fds[0], buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (out, buffer, n);
    }
  close (fds[0]);

  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      glaux_bench_fail ("waitpid: %s", g_strerror (errno));
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    glaux_bench_fail ("%s failed (wait status %d)", argv[0], status);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One download to /dev/null; curl's own total and time to first byte, in ms. */
static void
run_curl (Server *server,
          double *total_ms,
          double *first_byte_ms)
{
  g_autofree char *sigv4 = g_strdup_printf ("aws:amz:%s:s3", server->region);
  g_autofree char *user = g_strdup_printf ("%s:%s", server->access_key_id,
                                           server->secret_access_key);
  g_autofree char *url = g_strdup_printf ("%s/" BUCKET "/" KEY, server->endpoint);
  g_autofree char *out = NULL;
  const char *argv[] = { "curl", "--silent", "--show-error", "--fail", "--output", "/dev/null",
                         "--write-out", "%{time_starttransfer} %{time_total} %{size_download}",
                         /* S3 wants the payload hash header; curl signs what it is given. */
                         "--header", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                         "--aws-sigv4", sigv4, "--user", user, url, NULL };
  double starttransfer, total;
  guint64 size;

  out = spawn_and_read (argv);
  if (sscanf (out, "%lf %lf %" G_GUINT64_FORMAT, &starttransfer, &total, &size) != 3)
    glaux_bench_fail ("curl printed “%s”", out);

  *total_ms = total * 1000;
  *first_byte_ms = starttransfer * 1000;
}

/* (b) boto3 --------------------------------------------------------------------------------- */

static double
run_boto3 (Server *server,
           int     expected_rows)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { PYTHON, "-c", boto3_script, server->endpoint, server->region,
                         server->access_key_id, server->secret_access_key, BUCKET, KEY, NULL };
  double seconds;
  int rows;
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                     &error) || !g_spawn_check_wait_status (status, &error))
    glaux_bench_fail ("boto3 failed: %s\n%s", error->message, err != NULL ? err : "");
  if (sscanf (out, "%lf %d", &seconds, &rows) != 2)
    glaux_bench_fail ("boto3 printed “%s”", out);
  if (rows != expected_rows)
    glaux_bench_fail ("boto3 read %d rows, expected %d", rows, expected_rows);

  return seconds * 1000;
}

/* (c) GlauxResultLoader --------------------------------------------------------------------- */

typedef struct
{
  GlauxResultTable *table;
  gint64            started;
  gint64            first_byte;
  gint64            first_rows;
  gboolean          finished;
} LoaderRun;

static void
loader_progress_cb (GlauxResultLoader *loader,
                    GParamSpec        *pspec,
                    LoaderRun         *run)
{
  if (run->first_byte == 0 && glaux_result_loader_get_bytes_received (loader) > 0)
    run->first_byte = g_get_monotonic_time ();
}

static void
loader_finished_cb (GlauxResultLoader *loader,
                    LoaderRun         *run)
{
  run->finished = TRUE;
}

/* A consumer that shows the first rows as soon as they are parsed (a view would do it on its
 * next frame): polls every millisecond until then. */
static gboolean
first_rows_cb (gpointer user_data)
{
  LoaderRun *run = user_data;

  if (glaux_result_table_get_n_rows (run->table) == 0)
    return G_SOURCE_CONTINUE;

  glaux_result_table_flush (run->table);
  run->first_rows = g_get_monotonic_time ();

  return G_SOURCE_REMOVE;
}

static guint64
proc_status_kb (const char *field)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL) ||
      (line = strstr (contents, field)) == NULL)
    glaux_bench_fail ("No %s in /proc/self/status", field);

  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

typedef struct
{
  double total_ms;
  double first_byte_ms;
  double first_rows_ms;
  double first_rows_after_byte_ms;
  gsize  table_bytes;
  double peak_delta_bytes;
} LoaderResult;

static LoaderResult
run_loader (GlauxS3Client *s3,
            int            expected_rows)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  LoaderRun run = { table, 0, 0, 0, FALSE };
  LoaderResult result = { 0 };
  guint64 rss_before;
  FILE *clear_refs;
  guint poll_id;

  malloc_trim (0);
  rss_before = proc_status_kb ("VmRSS:");
  /* Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak below is this run's. */
  clear_refs = fopen ("/proc/self/clear_refs", "w");
  if (clear_refs == NULL || fputs ("5", clear_refs) < 0 || fclose (clear_refs) != 0)
    glaux_bench_fail ("Cannot reset VmHWM through /proc/self/clear_refs");

  loader = glaux_result_loader_new (s3, "s3://" BUCKET "/" KEY, "text/csv", table, 0);
  g_signal_connect (loader, "notify::bytes-received", G_CALLBACK (loader_progress_cb), &run);
  g_signal_connect (loader, "finished", G_CALLBACK (loader_finished_cb), &run);
  poll_id = g_timeout_add (1, first_rows_cb, &run);

  run.started = g_get_monotonic_time ();
  glaux_result_loader_start (loader);
  while (!run.finished)
    g_main_context_iteration (NULL, TRUE);
  result.total_ms = (g_get_monotonic_time () - run.started) / 1000.0;

  if (glaux_result_loader_get_state (loader) != GLAUX_RESULT_LOADER_DONE)
    glaux_bench_fail ("The loader failed: %s", glaux_result_loader_get_error (loader)->message);
  if (glaux_result_table_get_n_rows (table) != (guint)expected_rows - 1)
    glaux_bench_fail ("The table has %u rows, expected %d",
                      glaux_result_table_get_n_rows (table), expected_rows - 1);
  if (run.first_rows == 0)
    {
      /* Everything arrived before the poll ran once. */
      g_source_remove (poll_id);
      run.first_rows = g_get_monotonic_time ();
    }

  result.first_byte_ms = (run.first_byte - run.started) / 1000.0;
  result.first_rows_ms = (run.first_rows - run.started) / 1000.0;
  result.first_rows_after_byte_ms = (run.first_rows - run.first_byte) / 1000.0;
  result.table_bytes = glaux_result_table_get_memory_size (table);
  result.peak_delta_bytes = (double)(proc_status_kb ("VmHWM:") - rss_before) * 1024;

  return result;
}

/* (d) GlauxS3Client alone ------------------------------------------------------------------ */

/* The same GET through the same client, read in the loader's chunk size and thrown away: how
 * much of the loader's time is the transfer on this side (for the report, no target). */
typedef struct
{
  GInputStream *stream;
  guint64       bytes;
  gboolean      done;
} ReadRun;

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReadRun *run = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    glaux_bench_fail ("Reading the object failed: %s", error->message);
  if (g_bytes_get_size (bytes) == 0)
    {
      run->done = TRUE;
      return;
    }
  run->bytes += g_bytes_get_size (bytes);
  g_input_stream_read_bytes_async (run->stream, 256 * 1024, G_PRIORITY_DEFAULT, NULL,
                                   read_chunk_cb, run);
}

static void
get_object_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReadRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->stream = glaux_s3_client_get_object_finish (GLAUX_S3_CLIENT (object), result, NULL,
                                                   &error);
  if (run->stream == NULL)
    glaux_bench_fail ("GetObject failed: %s", error->message);
  g_input_stream_read_bytes_async (run->stream, 256 * 1024, G_PRIORITY_DEFAULT, NULL,
                                   read_chunk_cb, run);
}

static double
run_client_read (GlauxS3Client *s3,
                 guint64        expected_bytes)
{
  ReadRun run = { NULL, 0, FALSE };
  gint64 started = g_get_monotonic_time ();
  double ms;

  glaux_s3_client_get_object_async (s3, BUCKET, KEY, 0, -1, NULL, get_object_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - started) / 1000.0;
  g_clear_object (&run.stream);
  if (run.bytes != expected_bytes)
    glaux_bench_fail ("The client read %" G_GUINT64_FORMAT " bytes, expected %"
                      G_GUINT64_FORMAT, run.bytes, expected_bytes);

  return ms;
}

/* Reporting ---------------------------------------------------------------------------------- */

static gboolean
report (const char         *id,
        const char         *what,
        double              glaux,
        const char         *reference_name,
        double              reference,
        const char         *unit,
        GlauxBenchSpread    ratio,
        const char         *ratio_of,
        GlauxBenchTargetOn  target_on,
        double              target,
        gboolean            higher_is_better)
{
  return glaux_bench_report (&(GlauxBenchFigure) {
    .id = id,
    .what = what,
    .glaux = glaux,
    .reference_name = reference_name,
    .reference = reference,
    .unit = unit,
    .ratio = ratio.median,
    .ratio_of = ratio_of,
    .target_on = target_on,
    .higher_is_better = higher_is_better,
    .target = target,
    .spread = ratio,
  });
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time result ingest");
  g_auto(GStrv) original_argv = g_strdupv (argv);
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GlauxStaticCredentialsProvider) provider = NULL;
  g_autoptr(GlauxS3Client) s3 = NULL;
  g_autoptr(SoupSession) http = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *bucket_dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree double *curl_ms = NULL;
  g_autofree double *curl_first_ms = NULL;
  g_autofree double *boto3_ms = NULL;
  g_autofree double *loader_ms = NULL;
  g_autofree double *client_ms = NULL;
  g_autofree double *first_rows_ms = NULL;
  g_autofree double *after_byte_ms = NULL;
  g_autofree double *loader_first_byte_ms = NULL;
  g_autofree double *ratios = NULL;
  g_autofree double *speedups = NULL;
  g_autofree double *memory = NULL;
  g_autofree double *table_memory = NULL;
  g_autofree char *what = NULL;
  g_autofree char *rows_text = NULL;
  GlauxBenchSpread curl, curl_first, boto3, loader, client, first_rows, after_byte;
  GlauxBenchSpread loader_first_byte;
  g_autofree double *view_frames = NULL;
  g_autofree double *view_intervals = NULL;
  GlauxBenchSpread view_frame, view_interval;
  double redraw_ms;
  LoaderResult warm;
  gboolean met = TRUE;
  guint64 csv_size;
  double ignored, ignored_first;
  Server *server;
  gint64 begin;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_rows < 1 || runs < 1 ||
      boto3_runs < 1 || view_runs < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Counts must be positive");
      return 2;
    }
  /* (e) needs a display: without one, this program runs again under a private Xvfb. */
  if (!bench_results_view_init (original_argv))
    glaux_bench_fail ("No display could be opened, even under Xvfb");

  data_dir = g_dir_make_tmp ("glaux-bench-results-XXXXXX", &error);
  if (data_dir == NULL)
    glaux_bench_fail ("%s", error->message);
  bucket_dir = g_build_filename (data_dir, "s3", BUCKET, NULL);
  g_mkdir_with_parents (bucket_dir, 0700);
  csv_path = g_build_filename (bucket_dir, KEY, NULL);
  begin = g_get_monotonic_time ();
  csv_size = write_csv (csv_path);
  g_print ("CSV: %d rows x 8 columns, %.1f MB (written in %.2f s)\n", n_rows, csv_size / 1e6,
           (g_get_monotonic_time () - begin) / 1e6);

  server = server_start (data_dir);
  g_print ("glaux-local %s\n", server->endpoint);

  credentials = glaux_aws_credentials_new (server->access_key_id, server->secret_access_key,
                                           NULL, NULL);
  provider = glaux_static_credentials_provider_new (credentials);
  http = soup_session_new ();
  s3 = glaux_s3_client_new (http, server->endpoint, server->region,
                            GLAUX_CREDENTIALS_PROVIDER (provider));
  glaux_s3_client_set_force_path_style (s3, TRUE);

  curl_ms = g_new0 (double, runs);
  curl_first_ms = g_new0 (double, runs);
  loader_ms = g_new0 (double, runs);
  client_ms = g_new0 (double, runs);
  first_rows_ms = g_new0 (double, runs);
  after_byte_ms = g_new0 (double, runs);
  loader_first_byte_ms = g_new0 (double, runs);
  ratios = g_new0 (double, runs);
  memory = g_new0 (double, runs + 1);
  table_memory = g_new0 (double, runs + 1);
  boto3_ms = g_new0 (double, boto3_runs);
  speedups = g_new0 (double, boto3_runs);

  /* Warm-ups: the page cache holds the object, the connection pool an open connection. The
   * loader's warm-up is the first table this process builds: its memory peak is the clean one. */
  run_curl (server, &ignored, &ignored_first);
  /* The CSV was written straight into the data folder, so glaux-local hashes it (for its ETag)
   * on this first GET only; GETs of objects it wrote itself never wait for that. */
  g_print ("curl warm-up: %8.1f ms (first byte %6.1f ms, includes the one-time ETag hash)\n",
           ignored, ignored_first);
  warm = run_loader (s3, n_rows + 1);
  memory[0] = warm.peak_delta_bytes;
  table_memory[0] = warm.table_bytes;
  g_print ("loader warm-up: %8.1f ms, peak +%.1f MB, table %.1f MB\n", warm.total_ms,
           warm.peak_delta_bytes / 1e6, warm.table_bytes / 1e6);

  /* Interleaved, so drift (thermal, page cache) hits all alike. */
  for (int i = 0; i < runs; i++)
    {
      LoaderResult result;

      run_curl (server, &curl_ms[i], &curl_first_ms[i]);
      client_ms[i] = run_client_read (s3, csv_size);
      result = run_loader (s3, n_rows + 1);
      loader_ms[i] = result.total_ms;
      first_rows_ms[i] = result.first_rows_ms;
      after_byte_ms[i] = result.first_rows_after_byte_ms;
      loader_first_byte_ms[i] = result.first_byte_ms;
      ratios[i] = loader_ms[i] / curl_ms[i];
      memory[i + 1] = result.peak_delta_bytes;
      table_memory[i + 1] = result.table_bytes;
      g_print ("run %d: curl %8.1f ms (first byte %6.1f ms)  client read %8.1f ms  loader %8.1f ms "
               "(first byte %6.1f ms, first rows %6.1f ms)  ratio %.2f  peak +%.1f MB\n", i + 1,
               curl_ms[i], curl_first_ms[i], client_ms[i], loader_ms[i], result.first_byte_ms,
               first_rows_ms[i], ratios[i], result.peak_delta_bytes / 1e6);
    }

  /* boto3 is slow: fewer runs, each compared with the loader's median. */
  loader = glaux_bench_spread (loader_ms, runs);
  for (int i = 0; i < boto3_runs; i++)
    {
      boto3_ms[i] = run_boto3 (server, n_rows + 1);
      speedups[i] = boto3_ms[i] / loader.median;
      g_print ("boto3 run %d: %8.1f ms\n", i + 1, boto3_ms[i]);
    }

  view_frames = g_new0 (double, view_runs);
  view_intervals = g_new0 (double, view_runs);
  for (int i = 0; i < view_runs; i++)
    {
      BenchViewIngest ingest = bench_results_view_ingest (s3, "s3://" BUCKET "/" KEY, n_rows);

      view_frames[i] = ingest.worst_frame_ms;
      view_intervals[i] = ingest.worst_interval_ms;
      g_print ("view run %d: %8.1f ms, %d frames, median frame %.1f ms, longest frame %.1f ms "
               "(update and layout %.1f, paint %.1f, after %.1f), most CPU in a frame %.1f ms, longest wait between "
               "frames %.1f ms\n", i + 1, ingest.ingest_ms, ingest.n_frames,
               ingest.median_frame_ms, ingest.worst_frame_ms, ingest.worst_phases_ms[0],
               ingest.worst_phases_ms[1], ingest.worst_phases_ms[2], ingest.worst_frame_cpu_ms,
               ingest.worst_interval_ms);
    }
  redraw_ms = bench_results_view_redraw (REDRAW_FRAMES);
  bench_results_view_close ();
  view_frame = glaux_bench_spread (view_frames, view_runs);
  view_interval = glaux_bench_spread (view_intervals, view_runs);

  curl = glaux_bench_spread (curl_ms, runs);
  curl_first = glaux_bench_spread (curl_first_ms, runs);
  boto3 = glaux_bench_spread (boto3_ms, boto3_runs);
  first_rows = glaux_bench_spread (first_rows_ms, runs);
  after_byte = glaux_bench_spread (after_byte_ms, runs);
  loader_first_byte = glaux_bench_spread (loader_first_byte_ms, runs);

  g_print ("RESULT results curl_ms median=%.1f min=%.1f max=%.1f first_byte_median=%.1f\n",
           curl.median, curl.min, curl.max, curl_first.median);
  g_print ("RESULT results loader_ms median=%.1f min=%.1f max=%.1f (%.0f MB/s)\n",
           loader.median, loader.min, loader.max, csv_size / 1e3 / loader.median);
  client = glaux_bench_spread (client_ms, runs);
  g_print ("RESULT results client_read_ms median=%.1f min=%.1f max=%.1f (GlauxS3Client alone, no "
           "parsing)\n", client.median, client.min, client.max);
  g_print ("RESULT results boto3_ms median=%.1f min=%.1f max=%.1f\n", boto3.median, boto3.min,
           boto3.max);
  g_print ("first rows: median %.1f ms after the start (the loader's first byte at %.1f ms, its "
           "first rows %.1f ms later; curl's first byte %.1f ms)\n", first_rows.median,
           loader_first_byte.median, after_byte.median, curl_first.median);
  g_print ("memory: table %.1f MB (%.3f × the CSV), peak growth %.1f MB in the first run\n",
           table_memory[0] / 1e6, table_memory[0] / csv_size, memory[0] / 1e6);

  rows_text = with_separators (n_rows);
  what = g_strdup_printf ("Result ingest, %s rows × 8 columns (CSV, %.0f MB) into "
                          "GlauxResultTable", rows_text, csv_size / 1e6);
  met &= report ("ingest-vs-curl", what, loader.median, "curl to /dev/null", curl.median, "ms",
                 glaux_bench_spread (ratios, runs), "Glaux ÷ curl", GLAUX_BENCH_TARGET_RATIO,
                 TARGET_CURL_RATIO, FALSE);
  met &= report ("ingest-vs-boto3", "Result ingest, the same CSV, against boto3 "
                 "get_object + Python csv", loader.median, "boto3 + csv", boto3.median, "ms",
                 glaux_bench_spread (speedups, boto3_runs), "boto3 ÷ Glaux",
                 GLAUX_BENCH_TARGET_RATIO, TARGET_BOTO3_SPEEDUP, TRUE);
  met &= glaux_bench_report (&(GlauxBenchFigure) {
    .id = "ingest-first-rows",
    .what = "Result ingest: first rows in the model after the download starts",
    .glaux = first_rows.median,
    .reference_name = "curl's first byte",
    .reference = curl_first.median,
    .unit = "ms",
    .ratio = first_rows.median / curl_first.median,
    .ratio_of = "Glaux ÷ curl's first byte",
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .target = TARGET_FIRST_ROWS_MS,
    .spread = first_rows,
  });
  g_clear_pointer (&what, g_free);
  what = g_strdup_printf ("Peak memory holding a %s-row result (loader + GlauxResultTable, "
                          "growth of the process's peak RSS)", rows_text);
  met &= report ("memory-1m-rows", what, memory[0] / 1e6, "the CSV's size", csv_size / 1e6,
                 "MB", glaux_bench_spread ((double[]) { memory[0] / csv_size }, 1), "Glaux ÷ CSV",
                 GLAUX_BENCH_TARGET_RATIO, TARGET_MEMORY_RATIO, FALSE);

  g_clear_pointer (&what, g_free);
  what = g_strdup_printf ("Longest frame of a visible result view while %s rows stream in "
                          "(1100 × 700 window)", rows_text);
  met &= glaux_bench_report (&(GlauxBenchFigure) {
    .id = "ingest-view-frame",
    .what = what,
    .glaux = view_frame.max,
    .reference_name = "the same view's frame with no new rows",
    .reference = redraw_ms,
    .unit = "ms",
    .ratio = view_frame.max / MAX (redraw_ms, 0.001),
    .ratio_of = "Glaux ÷ redraw",
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .target = TARGET_VIEW_FRAME_MS,
    .spread = view_frame,
  });
  glaux_bench_report (&(GlauxBenchFigure) {
    .id = "ingest-view-interval",
    .what = "Longest wait between two frames of that view, the loader's main-thread work included",
    .glaux = view_interval.max,
    .reference_name = "the same view's frame with no new rows",
    .reference = redraw_ms,
    .unit = "ms",
    .ratio = view_interval.max / MAX (redraw_ms, 0.001),
    .ratio_of = "Glaux ÷ redraw",
    .target_on = GLAUX_BENCH_TARGET_NONE,
    .spread = view_interval,
  });

  server_stop (server);
  glaux_bench_remove_tree (data_dir);

  return met ? 0 : GLAUX_BENCH_EXIT_MISSED;
}
