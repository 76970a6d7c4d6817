/* fuzz-benchbox.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The BenchBox importer: a result file's bytes into a GlauxBenchRun, every value read back
 * the way the Results Explorer reads it, and the export imported again, which must give the
 * same identity and numbers. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "glaux-bench-run.h"
#include "glaux-fuzz-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  glaux_fuzz_init ();
  g_type_ensure (GLAUX_TYPE_BENCH_RUN);

  return 0;
}

static void
read_run (GlauxBenchRun *run)
{
  g_autofree char *label = glaux_bench_run_dup_label (run);

  glaux_bench_run_get_schema_version (run);
  glaux_bench_run_is_legacy (run);
  glaux_bench_run_get_benchmark_name (run);
  glaux_bench_run_get_test_type (run);
  glaux_bench_run_get_platform_version (run);
  glaux_bench_run_get_mode (run);
  glaux_bench_run_get_tuning_mode (run);
  glaux_bench_run_get_timestamp (run);
  glaux_bench_run_get_run_id (run);
  glaux_bench_run_get_sha256 (run);
  glaux_bench_run_get_validation (run);
  glaux_bench_run_get_iterations (run);
  glaux_bench_run_get_logical_query_count (run);
  glaux_bench_run_get_summary (run);
  glaux_bench_run_get_power_at_size (run);
  glaux_bench_run_get_throughput_at_size (run);
  glaux_bench_run_get_qph_at_size (run);
  glaux_bench_run_get_tpc_suppressed (run);
  glaux_bench_run_get_cost_usd (run);
  glaux_bench_run_get_cost_model (run);
  glaux_bench_exclusion_describe (glaux_bench_run_get_exclusion (run));

  for (guint i = 0; i < glaux_bench_run_get_n_executions (run); i++)
    g_assert (glaux_bench_run_get_execution (run, i) != NULL);

  for (guint i = 0; i < glaux_bench_run_get_n_queries (run); i++)
    {
      const GlauxBenchQuery *query = glaux_bench_run_get_query (run, i);

      g_assert (query != NULL && query->query_id != NULL);
      g_assert (glaux_bench_run_lookup_query (run, query->query_id) == query);
      for (guint s = 1; s < query->n_samples; s++)
        g_assert (query->samples[s - 1] <= query->samples[s]);
      if (i > 0)
        g_assert (glaux_bench_compare_query_ids (glaux_bench_run_get_query (run, i - 1)->query_id,
                                                 query->query_id) <= 0);
    }
}

static gboolean
same_number (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b || fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b));
}

static void
check_same (GlauxBenchRun *run,
            GlauxBenchRun *again)
{
  const GlauxBenchSummary *a = glaux_bench_run_get_summary (run);
  const GlauxBenchSummary *b = glaux_bench_run_get_summary (again);
  const char *what = NULL;

  if (g_strcmp0 (glaux_bench_run_get_benchmark_id (run), glaux_bench_run_get_benchmark_id (again)) != 0)
    what = "benchmark id";
  else if (g_strcmp0 (glaux_bench_run_get_platform_name (run),
                      glaux_bench_run_get_platform_name (again)) != 0)
    what = "platform";
  else if (!same_number (glaux_bench_run_get_scale_factor (run),
                         glaux_bench_run_get_scale_factor (again)))
    what = "scale factor";
  else if (glaux_bench_run_get_n_queries (run) != glaux_bench_run_get_n_queries (again))
    what = "number of queries";
  else if (a->total != b->total || a->passed != b->passed || a->failed != b->failed)
    what = "summary counts";
  else if (!same_number (glaux_bench_run_get_geomean_ms (run),
                         glaux_bench_run_get_geomean_ms (again)))
    what = "geometric mean";

  for (guint i = 0; what == NULL && i < glaux_bench_run_get_n_queries (run); i++)
    {
      const GlauxBenchQuery *q = glaux_bench_run_get_query (run, i);
      const GlauxBenchQuery *r = glaux_bench_run_get_query (again, i);

      if (g_strcmp0 (q->query_id, r->query_id) != 0 || q->n_samples != r->n_samples
          || !same_number (q->median_ms, r->median_ms))
        what = "a query";
    }

  if (what != NULL)
    {
      fprintf (stderr, "glaux-fuzz: exporting and importing again changed the %s\n", what);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autoptr(GlauxBenchRun) again = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GError) error = NULL;

  run = glaux_bench_run_new_from_bytes (bytes, &error);
  if (run == NULL)
    {
      g_assert (error != NULL && error->domain == GLAUX_BENCH_ERROR);
      return 0;
    }

  read_run (run);
  exported = glaux_bench_run_to_bytes (run);
  again = glaux_bench_run_new_from_bytes (exported, &error);
  if (again == NULL)
    {
      fprintf (stderr, "glaux-fuzz: the exported run does not import: %s\n", error->message);
      abort ();
    }
  check_same (run, again);

  return 0;
}
