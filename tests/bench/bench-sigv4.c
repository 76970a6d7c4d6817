/* bench-sigv4.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-sigv4"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "glaux-bench-util.h"
#include "glaux-sigv4.h"

/* Signs a typical Athena StartSession request again and again (as a retry does, so every
 * signature replaces the previous one), then has botocore's SigV4Auth sign the same request
 * in a child process, and compares. Each side: a warm-up of a tenth of a run, then --runs timed
 * runs; figures are medians with the min–max spread. Prints one GLAUX-BENCH line (target: ≤ 20 µs
 * per signature); exit status 1 when Glaux misses the target, 3 when botocore could not be timed,
 * 2 for bad options. */

#define TARGET_US       20.0
#define PYTHON          "/usr/bin/python3"
#define ENDPOINT        "https://athena.us-east-1.amazonaws.com/"
#define REGION          "us-east-1"
#define SERVICE         "athena"
#define ACCESS_KEY_ID   "ASIAGLAUXBENCH000001"
#define SECRET          "glauxBenchSecretKey/0123456789+abcdefghij"
#define SESSION_TOKEN   "IQoJb3JpZ2luX2VjEGlhdXhiZW5jaC1zZXNzaW9uLXRva2VuLWZvci1zaWd2NC10aW1p" \
                        "bmctb25seQ=="
#define BODY                                                                                   \
  "{\"WorkGroup\":\"spark-analytics\",\"Description\":\"glaux editor session\","             \
  "\"EngineConfiguration\":{\"CoordinatorDpuSize\":1,\"MaxConcurrentDpus\":20,"              \
  "\"DefaultExecutorDpuSize\":1,\"SparkProperties\":{\"spark.sql.shuffle.partitions\":\"64\"}}," \
  "\"NotebookVersion\":\"Athena notebook version 1\",\"SessionIdleTimeoutInMinutes\":20,"    \
  "\"ClientRequestToken\":\"5f0c8f0e-7d4b-4a55-9b8e-2f1d2c3b4a59\"}"

static const char * const request_headers[][2] = {
  { "X-Amz-Target", "AmazonAthena.StartSession" },
  { "User-Agent", "glaux/" PACKAGE_VERSION },
  { "amz-sdk-invocation-id", "0b6a3f02-93c4-4d2e-8e58-1f6a2d9c7b11" },
  { "amz-sdk-request", "attempt=1; max=3" },
};

static int runs = 7;
static int iterations = 20000;
static int botocore_iterations = 2000;

static const GOptionEntry options[] = {
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Timed runs (default 7)", "N" },
  { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations,
    "Signatures per Glaux run (default 20000)", "N" },
  { "botocore-iterations", 'b', 0, G_OPTION_ARG_INT, &botocore_iterations,
    "Signatures per botocore run (default 2000)", "N" },
  { NULL }
};

static SoupMessage *
build_message (GBytes *body)
{
  SoupMessage *message = soup_message_new ("POST", ENDPOINT);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  for (guint i = 0; i < G_N_ELEMENTS (request_headers); i++)
    soup_message_headers_replace (headers, request_headers[i][0], request_headers[i][1]);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", body);
  return message;
}

static void
sign_many (SoupMessage         *message,
           GBytes              *body,
           GlauxAwsCredentials *credentials,
           int                  count)
{
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < count; i++)
    {
      if (!glaux_sigv4_sign_message (message, body, credentials, REGION, SERVICE,
                                     GLAUX_SIGV4_DEFAULT, NULL, &error))
        g_error ("Signing failed: %s", error->message);
    }
}

static GlauxBenchSpread
time_glaux (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static (BODY, strlen (BODY));
  g_autoptr(SoupMessage) message = build_message (body);
  g_autoptr(GlauxAwsCredentials) credentials = glaux_aws_credentials_new (ACCESS_KEY_ID, SECRET,
                                                                           SESSION_TOKEN, NULL);
  g_autofree double *samples = g_new (double, runs);

  sign_many (message, body, credentials, MAX (iterations / 10, 1));
  for (int run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();

      sign_many (message, body, credentials, iterations);
      samples[run] = (double)(g_get_monotonic_time () - start) / iterations;
      g_print ("glaux    run %d: %.3f us/signature\n", run + 1, samples[run]);
    }

  return glaux_bench_spread (samples, runs);
}

/* The same URL, headers (Content-Type and Content-Length as libsoup set them) and body. */
static GPtrArray *
botocore_argv (const char *script)
{
  g_autoptr(GBytes) body = g_bytes_new_static (BODY, strlen (BODY));
  g_autoptr(SoupMessage) message = build_message (body);
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_ptr_array_add (argv, g_strdup (PYTHON));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup ("--url=" ENDPOINT));
  g_ptr_array_add (argv, g_strdup ("--region=" REGION));
  g_ptr_array_add (argv, g_strdup ("--service=" SERVICE));
  g_ptr_array_add (argv, g_strdup ("--access-key-id=" ACCESS_KEY_ID));
  g_ptr_array_add (argv, g_strdup ("--secret-access-key=" SECRET));
  g_ptr_array_add (argv, g_strdup ("--session-token=" SESSION_TOKEN));
  g_ptr_array_add (argv, g_strdup_printf ("--runs=%d", runs));
  g_ptr_array_add (argv, g_strdup_printf ("--iterations=%d", botocore_iterations));

  soup_message_headers_iter_init (&iter, soup_message_get_request_headers (message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_ptr_array_add (argv, g_strdup_printf ("--header=%s: %s", name, value));
  g_ptr_array_add (argv, NULL);

  return argv;
}

static gboolean
parse_botocore_summary (const char        *output,
                        GlauxBenchSpread  *timing,
                        GError           **error)
{
  const char *line = strstr (output, "MEDIAN_US=");

  if (line != NULL &&
      sscanf (line, "MEDIAN_US=%lf MIN_US=%lf MAX_US=%lf",
              &timing->median, &timing->min, &timing->max) == 3)
    {
      timing->runs = runs;
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s printed no MEDIAN_US=… MIN_US=… MAX_US=… line; its output was:\n%s",
               PYTHON, output);
  return FALSE;
}

static gboolean
time_botocore (const char        *script,
               GlauxBenchSpread  *timing,
               GError           **error)
{
  g_autoptr(GPtrArray) argv = botocore_argv (script);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static (BODY, strlen (BODY));
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) errors = NULL;
  g_autofree char *text = NULL;

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL ||
      !g_subprocess_communicate (process, input, NULL, &output, &errors, error))
    return FALSE;

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s %s failed (is python3-botocore installed?):\n%.*s", PYTHON, script,
                   (int)g_bytes_get_size (errors), (const char *)g_bytes_get_data (errors, NULL));
      return FALSE;
    }

  text = g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output));
  g_print ("%s", text);
  return parse_botocore_summary (text, timing, error);
}

static const char *
botocore_script (void)
{
  const char *script = g_getenv ("GLAUX_BENCH_SIGV4_BOTOCORE");

  return script != NULL ? script : BENCH_SIGV4_BOTOCORE_SCRIPT;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time SigV4 against botocore");
  g_autoptr(GError) error = NULL;
  GlauxBenchSpread glaux;
  GlauxBenchSpread botocore = { 0 };
  gboolean have_botocore;
  gboolean met;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (runs < 1 || iterations < 1 || botocore_iterations < 1)
    {
      g_printerr ("--runs, --iterations and --botocore-iterations must be at least 1\n");
      return 2;
    }

  g_print ("SigV4: Athena StartSession, %zu-byte body, temporary credentials; "
           "%d runs x %d signatures\n", strlen (BODY), runs, iterations);
  glaux = time_glaux ();
  g_print ("glaux    median %.3f us/signature (min %.3f, max %.3f, spread %.1f%%)\n",
           glaux.median, glaux.min, glaux.max, 100 * (glaux.max - glaux.min) / glaux.median);

  have_botocore = time_botocore (botocore_script (), &botocore, &error);
  if (have_botocore)
    g_print ("botocore median %.3f us/signature (min %.3f, max %.3f, spread %.1f%%); "
             "glaux is %.1fx faster\n", botocore.median, botocore.min, botocore.max,
             100 * (botocore.max - botocore.min) / botocore.median,
             botocore.median / glaux.median);
  else
    g_printerr ("botocore could not be timed: %s\n", error->message);

  met = glaux_bench_report (&(GlauxBenchFigure) {
    .id = "sigv4-sign",
    .what = "SigV4 signing of an Athena StartSession request, per signature",
    .glaux = glaux.median,
    .reference_name = "botocore SigV4Auth",
    .reference = have_botocore ? botocore.median : NAN,
    .unit = "µs",
    .ratio = have_botocore ? glaux.median / botocore.median : NAN,
    .ratio_of = "Glaux ÷ botocore",
    .target_on = GLAUX_BENCH_TARGET_VALUE,
    .target = TARGET_US,
    .spread = glaux,
  });
  if (!met)
    return GLAUX_BENCH_EXIT_MISSED;

  return have_botocore ? 0 : GLAUX_BENCH_EXIT_FAILED;
}
