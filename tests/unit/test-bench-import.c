/* test-bench-import.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "glaux-bench-run.h"
#include "glaux-test-util.h"

/* Every sample in ../shared/testdata/benchbox/ with the numbers read off the file by hand.
 * "Measurements" are the queries[] entries with run_type "measurement" and status SUCCESS; the
 * iter-0 "warmup" entries never count. A query's median is the middle of its sorted
 * measurements (3 iterations), or the mean of the two (2 iterations). */

typedef struct
{
  const char          *file;
  const char          *sha256;
  const char          *schema_version;
  const char          *benchmark_id;
  const char          *benchmark_name;
  double               scale_factor;
  const char          *platform;
  const char          *platform_version;
  const char          *mode;
  const char          *tuning_mode;
  const char          *timestamp;
  const char          *run_id;
  guint                iterations;
  guint                n_executions;
  guint                n_queries;
  guint                logical_queries;
  guint                summary_total;
  guint                summary_passed;
  double               summary_total_ms;     /* as stored */
  double               summary_geomean_ms;   /* as stored; NAN when absent */
  const char          *sample_query;
  guint                sample_n;
  double               sample_ms[3];         /* sorted */
  double               sample_median;
  const char          *query_order[3];       /* the first three, natural order */
  const char          *last_query;
  double               geomean_of_medians;
  double               sum_of_medians;
  double               power_at_size;        /* NAN when not reported */
  double               cost_usd;             /* NAN when none */
  const char          *cost_model;
  GlauxBenchExclusion  exclusion;
} FileCase;

static const FileCase file_cases[] = {
  /* TPC-H SF 0.01, DuckDB 1.3.2, schema "version": "2.2" only. 88 entries = 22 queries × (1
   * warmup + 3 measurements). Query 1: warmup 7.5 (ignored); measurements iter 1 7.2, iter 2
   * 7.2, iter 3 7.1 → sorted 7.1, 7.2, 7.2 → median 7.2. The 22 medians are 7.2 6.9 6.6 6.5 7.9
   * 5.5 7.1 6.8 7.3 7.9 6.1 7.1 7.3 6.3 6.9 7.1 5.9 7.1 7.3 6.8 8.0 6.6: sum 152.2, geometric
   * mean exp(Σ ln m / 22) = 6.890330 (the stored summary geomean 6.9 is over all 66
   * measurements, unrounded: kept as stored). summary.queries.total 66 → 22 logical queries
   * (66 is a multiple of TPC-H's 22). cost.total_usd 0, model "actual"; normalized cost is
   * not_applicable_local, so cost.total_usd is used. */
  { "tpch-duckdb-sf0.01-20260826-8a57a5a8.json",
    "c0122c880529afcde02747721223fa2bba1ee73400bea3df673d81d3753b576e",
    "2.2", "tpch", "TPC-H", 0.01, "DuckDB", "1.3.2", "sql", "notuning",
    "2026-08-26T10:53:25.253436", "8a57a5a8", 3, 88, 22, 22, 66, 66, 456.3, 6.9,
    "1", 3, { 7.1, 7.2, 7.2 }, 7.2, { "1", "2", "3" }, "22",
    6.890330341766069, 152.2, 5160.696919237429, 0, "actual", GLAUX_BENCH_EXCLUSION_NONE },

  /* Same cohort on Spark 4.1.1. Query 1: warmup 186.4; measurements 170.8, 320.9, 350.7 →
   * median 320.9. Medians sum 6477.7; geomean 263.214142. cost.total_usd 0 "estimated". */
  { "tpch-spark-sf0.01-20260826-2fd3b12b.json",
    "3e59911b7cd0598f62424d4e4f4a52dc90a79cf33f2d745a7a567abc3665b443",
    "2.2", "tpch", "TPC-H", 0.01, "Spark", "4.1.1", "sql", "notuning",
    "2026-08-26T19:19:12.740395", "2fd3b12b", 3, 88, 22, 22, 66, 66, 18700.6, 248.6,
    "1", 3, { 170.8, 320.9, 350.7 }, 320.9, { "1", "2", "3" }, "22",
    263.2141418115781, 6477.7, 127.6113091085514, 0, "estimated", GLAUX_BENCH_EXCLUSION_NONE },

  /* DuckDB 1.5.1, schema 2.1 in exporter key order, integer ms. Query 14 comes first in the
   * file (warmup 18) yet sorts 14th. Query 1: 11, 11, 10 → sorted 10, 11, 11 → median 11.
   * Medians (all integers) sum 230; geomean 10.414700. No execution.tuning_mode. */
  { "perf_smoke_duckdb_tpch_001.json",
    "11458eacea971d8a813ed9b81104457db672dbbaa1263223221fc5bb59b802ec",
    "2.1", "tpch", "TPC-H", 0.01, "DuckDB", "1.5.1", "sql", NULL,
    "2026-04-13T08:39:14.312818", "6497d579", 3, 88, 22, 22, 66, 66, 686, 10.3,
    "1", 3, { 10, 11, 11 }, 11, { "1", "2", "3" }, "22",
    10.414700368092616, 230, 3336.3911882551233, 0, "actual", GLAUX_BENCH_EXCLUSION_NONE },

  /* AMPLab SF 0.1 on BigQuery: only "result_schema_version": "2.2". 24 entries = 8 queries ×
   * (1 warmup + 2 measurements). Query 1: warmup 1618.1; measurements 886.4, 857.1 → median
   * (857.1 + 886.4) / 2 = 871.75. Ids natural-sort 1, 1a, 2, 2a, 3, 3a, 4, 5. Medians 871.75
   * 810.75 1137.05 1051.05 927.95 1157.25 891.6 1298.4: sum 8145.8, geomean 1006.124033.
   * summary.queries.total 16 = 8 × 2 → 8 logical queries. Cost: normalized_cost.cost_status
   * "normalized", normalized_cost_usd the string "0.002485513687133789". */
  { "amplab_sf01_bigquery_sql_20260920_000055_35490af7.json",
    "1da08002305b877eedb148593212da89501a7eb15cffc2f5ccf9ec0841c1e148",
    "2.2", "amplab", "AMPLab Big Data", 0.1, "BigQuery", "unknown", "sql", "notuning",
    "2026-09-20T00:00:55.883064", "35490af7", 2, 24, 8, 8, 16, 16, 16291.6, 993.8,
    "1", 2, { 857.1, 886.4 }, 871.75, { "1", "1a", "2" }, "5",
    1006.1240332051278, 8145.8, NAN, 0.002485513687133789, "normalized",
    GLAUX_BENCH_EXCLUSION_NONE },

  /* Same cohort on Databricks: both version keys ("2.2"). Query 1: warmup 315.3; 282.7, 289.5,
   * 353.6 → median 289.5. Medians sum 3262.3, geomean 393.819501. cost has a model ("actual")
   * but no total_usd and the normalized cost is "unavailable": no cost. */
  { "amplab_sf01_databricks_sql_20261003_214137_2a7a0cdb.json",
    "e47fa13a2cf5bc6441698b77424294dfdf6d0fbd98fab69aebeebc5fce330662",
    "2.2", "amplab", "AMPLab Big Data", 0.1, "Databricks", "2026.36", "sql", "notuning",
    "2026-10-03T21:41:37.396682", "2a7a0cdb", 3, 32, 8, 8, 24, 24, 9908.7, 399.4,
    "1", 3, { 282.7, 289.5, 353.6 }, 289.5, { "1", "1a", "2" }, "5",
    393.81950087639206, 3262.3, NAN, NAN, NULL, GLAUX_BENCH_EXCLUSION_NONE },

  /* Dask, schema 2.1: "queries": [], summary.queries.total 0, timing all 0 (no geomean key).
   * Mode: config.execution_mode absent, platform.config.execution_mode "dataframe" wins over
   * config.mode "dataframe" and execution.mode "sql" (§5.8). Excluded: no_queries. */
  { "amplab_sf001_dask_df_20260506_103702_46a63c90.json",
    "d3126bb3649d312303c958baf9c127b0021004dde47d4cf51139478043045319",
    "2.1", "amplab", "AMPLab", 0.01, "Dask", "2026.3.0", "dataframe", "tuned",
    "2026-05-06T10:37:02.094753", "46a63c90", 1, 0, 0, 0, 0, 0, 0, NAN,
    NULL, 0, { 0 }, NAN, { NULL }, NULL,
    NAN, NAN, NAN, 0, "estimated", GLAUX_BENCH_EXCLUSION_NO_QUERIES },
};

static void
assert_close (double actual,
              double expected)
{
  if (isnan (expected))
    {
      g_assert_true (isnan (actual));
      return;
    }
  g_assert_false (isnan (actual));
  g_assert_cmpfloat_with_epsilon (actual, expected, 1e-9 * MAX (1.0, fabs (expected)));
}

static GlauxBenchRun *
load_sample (const char *name)
{
  g_autofree char *path = glaux_test_build_shared ("testdata", "benchbox", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GlauxBenchRun *run = glaux_bench_run_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);

  return run;
}

static void
check_case (GlauxBenchRun  *run,
            const FileCase *c,
            gboolean        reimported)
{
  const GlauxBenchSummary *summary = glaux_bench_run_get_summary (run);

  g_assert_cmpstr (glaux_bench_run_get_schema_version (run), ==,
                   reimported ? "2.2" : c->schema_version);
  if (!reimported)
    g_assert_cmpstr (glaux_bench_run_get_sha256 (run), ==, c->sha256);
  g_assert_cmpstr (glaux_bench_run_get_benchmark_id (run), ==, c->benchmark_id);
  g_assert_cmpstr (glaux_bench_run_get_benchmark_name (run), ==, c->benchmark_name);
  g_assert_cmpfloat (glaux_bench_run_get_scale_factor (run), ==, c->scale_factor);
  g_assert_cmpstr (glaux_bench_run_get_test_type (run), ==, "power");
  g_assert_cmpstr (glaux_bench_run_get_platform_name (run), ==, c->platform);
  g_assert_cmpstr (glaux_bench_run_get_platform_version (run), ==, c->platform_version);
  g_assert_cmpstr (glaux_bench_run_get_mode (run), ==, c->mode);
  g_assert_cmpstr (glaux_bench_run_get_tuning_mode (run), ==, c->tuning_mode);
  g_assert_cmpstr (glaux_bench_run_get_timestamp (run), ==, c->timestamp);
  g_assert_cmpstr (glaux_bench_run_get_run_id (run), ==, c->run_id);
  g_assert_cmpstr (glaux_bench_run_get_validation (run), ==, "passed");
  g_assert_cmpuint (glaux_bench_run_get_iterations (run), ==, c->iterations);
  g_assert_cmpuint (glaux_bench_run_get_n_executions (run), ==, c->n_executions);
  g_assert_cmpuint (glaux_bench_run_get_n_queries (run), ==, c->n_queries);
  g_assert_cmpuint (glaux_bench_run_get_logical_query_count (run), ==, c->logical_queries);

  g_assert_cmpuint (summary->total, ==, c->summary_total);
  g_assert_cmpuint (summary->passed, ==, c->summary_passed);
  g_assert_cmpuint (summary->failed, ==, 0);
  assert_close (summary->total_ms, c->summary_total_ms);
  assert_close (summary->geometric_mean_ms, c->summary_geomean_ms);
  if (!reimported)
    g_assert_cmpint (summary->computed, ==, 0);

  if (c->sample_query != NULL)
    {
      const GlauxBenchQuery *query = glaux_bench_run_lookup_query (run, c->sample_query);

      g_assert_nonnull (query);
      g_assert_cmpuint (query->n_samples, ==, c->sample_n);
      for (guint i = 0; i < c->sample_n; i++)
        assert_close (query->samples[i], c->sample_ms[i]);
      assert_close (query->median_ms, c->sample_median);
      g_assert_cmpuint (query->n_failed, ==, 0);
      /* "Q1" finds query "1". */
      g_assert_true (glaux_bench_run_lookup_query (run, "Q1") == glaux_bench_run_lookup_query (run, "1"));

      for (guint i = 0; i < G_N_ELEMENTS (c->query_order); i++)
        g_assert_cmpstr (glaux_bench_run_get_query (run, i)->query_id, ==, c->query_order[i]);
      g_assert_cmpstr (glaux_bench_run_get_query (run, c->n_queries - 1)->query_id, ==,
                       c->last_query);
    }

  {
    double sum = 0;

    for (guint i = 0; i < glaux_bench_run_get_n_queries (run); i++)
      sum += glaux_bench_run_get_query (run, i)->median_ms;
    assert_close (glaux_bench_run_get_n_queries (run) > 0 ? sum : NAN, c->sum_of_medians);
  }
  assert_close (glaux_bench_run_get_geomean_ms (run), c->geomean_of_medians);
  assert_close (glaux_bench_run_get_power_at_size (run), c->power_at_size);
  g_assert_false (glaux_bench_run_get_tpc_suppressed (run));
  assert_close (glaux_bench_run_get_cost_usd (run), c->cost_usd);
  g_assert_cmpstr (glaux_bench_run_get_cost_model (run), ==, c->cost_model);
  g_assert_cmpint (glaux_bench_run_get_exclusion (run), ==, c->exclusion);
}

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_cases); i++)
    {
      g_autoptr(GlauxBenchRun) run = load_sample (file_cases[i].file);

      g_test_message ("%s", file_cases[i].file);
      check_case (run, &file_cases[i], FALSE);
    }
}

/* The first executions of the DuckDB file, in file order: query 14's warm-up first. */
static void
test_executions (void)
{
  g_autoptr(GlauxBenchRun) run = load_sample ("tpch-duckdb-sf0.01-20260826-8a57a5a8.json");
  const GlauxBenchExecution *first = glaux_bench_run_get_execution (run, 0);
  guint warmups = 0;

  g_assert_cmpstr (first->query_id, ==, "14");
  g_assert_cmpint (first->iteration, ==, 0);
  g_assert_cmpint (first->stream, ==, 0);
  g_assert_true (first->is_warmup);
  g_assert_cmpfloat (first->ms, ==, 15.3);
  g_assert_cmpint (first->rows, ==, 1);
  g_assert_cmpstr (first->status, ==, "SUCCESS");
  g_assert_true (first->passed);
  g_assert_true (isnan (first->dpu_ms));
  g_assert_true (isnan (first->cost_usd));

  for (guint i = 0; i < glaux_bench_run_get_n_executions (run); i++)
    warmups += glaux_bench_run_get_execution (run, i)->is_warmup;
  g_assert_cmpuint (warmups, ==, 22);
}

static void
test_empty_run (void)
{
  g_autoptr(GlauxBenchRun) run = load_sample ("amplab_sf001_dask_df_20260506_103702_46a63c90.json");

  g_assert_cmpint (glaux_bench_run_get_exclusion (run), ==, GLAUX_BENCH_EXCLUSION_NO_QUERIES);
  g_assert_cmpstr (glaux_bench_exclusion_to_string (glaux_bench_run_get_exclusion (run)), ==,
                   "no_queries");
  g_assert_nonnull (glaux_bench_exclusion_describe (GLAUX_BENCH_EXCLUSION_NO_QUERIES));
  g_assert_cmpuint (glaux_bench_run_get_n_queries (run), ==, 0);
  g_assert_true (isnan (glaux_bench_run_get_geomean_ms (run)));
}

/* Round trip: export → import gives the same identity and numbers, for every file. */
static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_cases); i++)
    {
      g_autoptr(GlauxBenchRun) run = load_sample (file_cases[i].file);
      g_autoptr(GBytes) bytes = glaux_bench_run_to_bytes (run);
      g_autoptr(JsonNode) node = glaux_bench_run_to_json (run);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlauxBenchRun) again = glaux_bench_run_new_from_bytes (bytes, &error);
      g_autoptr(GlauxBenchRun) from_node = NULL;

      g_test_message ("%s", file_cases[i].file);
      g_assert_no_error (error);
      check_case (again, &file_cases[i], TRUE);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "version"), ==, "2.2");
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node),
                                                      "result_schema_version"), ==, "2.2");

      from_node = glaux_bench_run_new_from_json (node, &error);
      g_assert_no_error (error);
      check_case (from_node, &file_cases[i], TRUE);

      /* Executions one by one. */
      g_assert_cmpuint (glaux_bench_run_get_n_executions (again), ==,
                        glaux_bench_run_get_n_executions (run));
      for (guint e = 0; e < glaux_bench_run_get_n_executions (run); e++)
        {
          const GlauxBenchExecution *a = glaux_bench_run_get_execution (run, e);
          const GlauxBenchExecution *b = glaux_bench_run_get_execution (again, e);

          g_assert_cmpstr (a->query_id, ==, b->query_id);
          g_assert_cmpint (a->iteration, ==, b->iteration);
          g_assert_cmpint (a->is_warmup, ==, b->is_warmup);
          g_assert_cmpfloat (a->ms, ==, b->ms);
          g_assert_cmpint (a->rows, ==, b->rows);
          g_assert_cmpstr (a->status, ==, b->status);
        }

      /* The export does not change the kept document: a second export is identical. */
      {
        g_autoptr(GBytes) second = glaux_bench_run_to_bytes (run);

        g_assert_true (g_bytes_equal (bytes, second));
      }
    }
}

/* A run as Glaux records it (another helper writes the recorder): BenchBox 2.2 with
 * dpu_execution_ms and cost_usd on each execution and a Glaux platform name. */
static const char recorded_run[] =
  "{\"version\": \"2.2\", \"result_schema_version\": \"2.2\","
  " \"run\": {\"id\": \"0a1b2c3d\", \"timestamp\": \"2026-11-20T09:15:00.000001\","
  "           \"total_duration_ms\": 5000, \"query_time_ms\": 900, \"iterations\": 2},"
  " \"benchmark\": {\"id\": \"tpch\", \"name\": \"TPC-H\", \"scale_factor\": 0.01, \"test_type\": \"power\"},"
  " \"platform\": {\"name\": \"Athena Spark\", \"version\": \"PySpark engine version 3\"},"
  " \"config\": {\"mode\": \"sql\"},"
  " \"summary\": {\"queries\": {\"total\": 4, \"passed\": 4, \"failed\": 0}, \"timing\": {}},"
  " \"queries\": ["
  "  {\"id\": \"Q2\", \"iter\": 0, \"run_type\": \"warmup\", \"ms\": 500, \"status\": \"success\","
  "   \"dpu_execution_ms\": 2000, \"cost_usd\": \"0.000194\"},"
  "  {\"id\": \"Q2\", \"iter\": 1, \"run_type\": \"measurement\", \"ms\": 200, \"status\": \"SUCCESS\","
  "   \"dpu_execution_ms\": 800, \"cost_usd\": 0.0000778},"
  "  {\"id\": \"Q2\", \"iter\": 2, \"run_type\": \"measurement\", \"ms\": 300, \"status\": \"SUCCESS\","
  "   \"dpu_execution_ms\": 1200, \"cost_usd\": 0.0001167},"
  "  {\"id\": \"Q10\", \"iter\": 1, \"ms\": 150, \"status\": \"Success\","
  "   \"dpu_execution_ms\": 600, \"cost_usd\": 0.0000583},"
  "  {\"id\": \"Q10\", \"iter\": 2, \"ms\": 250, \"status\": \"FAILED\","
  "   \"dpu_execution_ms\": 1000, \"cost_usd\": 0.0000972}"
  " ]}";

static void
test_recorded_run (void)
{
  g_autoptr(JsonNode) root = json_from_string (recorded_run, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchRun) run = glaux_bench_run_new_from_json (root, &error);
  g_autoptr(GlauxBenchRun) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const GlauxBenchQuery *q2, *q10;
  const GlauxBenchSummary *summary;

  g_assert_no_error (error);
  g_assert_cmpstr (glaux_bench_run_get_platform_name (run), ==, "Athena Spark");

  /* "Q10" sorts after "Q2" once normalised: 2, 10. */
  g_assert_cmpuint (glaux_bench_run_get_n_queries (run), ==, 2);
  g_assert_cmpstr (glaux_bench_run_get_query (run, 0)->query_id, ==, "2");
  g_assert_cmpstr (glaux_bench_run_get_query (run, 1)->query_id, ==, "10");

  /* Query 2: the warm-up (500 ms) is out; 200 and 300 → median 250; DPU-ms 800, 1200 → 1000;
   * cost 0.0000778, 0.0001167 → 0.00009725. */
  q2 = glaux_bench_run_lookup_query (run, "2");
  g_assert_cmpuint (q2->n_samples, ==, 2);
  assert_close (q2->median_ms, 250);
  assert_close (q2->dpu_ms, 1000);
  assert_close (q2->cost_usd, (0.0000778 + 0.0001167) / 2);

  /* Query 10 has no run_type: iter 1 and 2 are measurements. "Success" passes (any case),
   * FAILED does not: one sample, 150. */
  q10 = glaux_bench_run_lookup_query (run, "10");
  g_assert_cmpuint (q10->n_samples, ==, 1);
  g_assert_cmpuint (q10->n_failed, ==, 1);
  assert_close (q10->median_ms, 150);
  g_assert_true (glaux_bench_run_get_execution (run, 0)->passed);
  assert_close (glaux_bench_run_get_execution (run, 0)->cost_usd, 0.000194);

  /* Summary counts as stored (4/4/0); timing was empty, so it is computed over the passing
   * measurements 200, 300, 150: total 650, min 150, max 300, avg 216.67, geomean
   * (200·300·150)^(1/3) = 208.01, stdev (3 samples) 76.38; no percentiles under 10 samples. */
  summary = glaux_bench_run_get_summary (run);
  g_assert_cmpuint (summary->total, ==, 4);
  assert_close (summary->total_ms, 650);
  assert_close (summary->min_ms, 150);
  assert_close (summary->max_ms, 300);
  assert_close (summary->avg_ms, 650.0 / 3);
  assert_close (summary->geometric_mean_ms, cbrt (200.0 * 300 * 150));
  assert_close (summary->stdev_ms, sqrt (((200 - 650.0 / 3) * (200 - 650.0 / 3) +
                                          (300 - 650.0 / 3) * (300 - 650.0 / 3) +
                                          (150 - 650.0 / 3) * (150 - 650.0 / 3)) / 2));
  g_assert_true (isnan (summary->p90_ms));
  g_assert_true (summary->computed & GLAUX_BENCH_SUMMARY_TOTAL);
  g_assert_false (summary->computed & GLAUX_BENCH_SUMMARY_COUNTS);

  /* No cost block: the cost is the sum of the measured executions' cost_usd (warm-up out),
   * failed ones included since they were billed: 0.0000778 + 0.0001167 + 0.0000583 + 0.0000972. */
  assert_close (glaux_bench_run_get_cost_usd (run), 0.0000778 + 0.0001167 + 0.0000583 + 0.0000972);
  g_assert_cmpstr (glaux_bench_run_get_cost_model (run), ==, "estimated");
  /* Two queries, but only 2 logical queries: both have a time. */
  g_assert_cmpint (glaux_bench_run_get_exclusion (run), ==, GLAUX_BENCH_EXCLUSION_NONE);

  /* The extras survive export → import. */
  bytes = glaux_bench_run_to_bytes (run);
  again = glaux_bench_run_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < glaux_bench_run_get_n_executions (run); i++)
    {
      const GlauxBenchExecution *a = glaux_bench_run_get_execution (run, i);
      const GlauxBenchExecution *b = glaux_bench_run_get_execution (again, i);

      g_assert_cmpstr (a->query_id, ==, b->query_id);
      g_assert_cmpfloat (a->dpu_ms, ==, b->dpu_ms);
      g_assert_cmpfloat (a->cost_usd, ==, b->cost_usd);
      g_assert_cmpint (a->is_warmup, ==, b->is_warmup);
      g_assert_cmpint (a->passed, ==, b->passed);
    }
  assert_close (glaux_bench_run_get_cost_usd (again), glaux_bench_run_get_cost_usd (run));
  assert_close (glaux_bench_run_get_summary (again)->geometric_mean_ms, summary->geometric_mean_ms);
}

/* Legacy 1.x, best effort (normalizer.py's layout): Q-prefixed ids, results.queries.details. */
static const char legacy_run[] =
  "{\"schema_version\": \"1.1\","
  " \"benchmark\": {\"name\": \"TPC-H\", \"scale_factor\": 1},"
  " \"execution\": {\"id\": \"abcd1234\", \"timestamp\": \"2025-12-01T08:00:00\","
  "                 \"platform\": {\"name\": \"DuckDB\", \"version\": \"1.1.0\"}},"
  " \"results\": {\"queries\": {\"total\": 3, \"successful\": 3, \"failed\": 0, \"details\": ["
  "   {\"id\": \"Q1\", \"execution_time_ms\": 120, \"rows_returned\": 4, \"status\": \"SUCCESS\", \"iteration\": 1},"
  "   {\"id\": \"Q1\", \"execution_time_ms\": 100, \"rows_returned\": 4, \"status\": \"SUCCESS\", \"iteration\": 2},"
  "   {\"query_id\": \"Q11\", \"execution_time_ms\": 80, \"status\": \"SUCCESS\", \"iteration\": 1}]},"
  "  \"timing\": {\"total_ms\": 300, \"avg_ms\": 100, \"min_ms\": 80, \"max_ms\": 120}},"
  " \"cost_summary\": {\"total_cost\": 0.5}}";

static void
test_legacy (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (legacy_run, strlen (legacy_run));
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchRun) run = glaux_bench_run_new_from_bytes (bytes, &error);
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GlauxBenchRun) again = NULL;

  g_assert_no_error (error);
  g_assert_true (glaux_bench_run_is_legacy (run));
  g_assert_cmpstr (glaux_bench_run_get_schema_version (run), ==, "1.1");
  g_assert_cmpstr (glaux_bench_run_get_benchmark_id (run), ==, "tpch");
  g_assert_cmpfloat (glaux_bench_run_get_scale_factor (run), ==, 1);
  g_assert_cmpstr (glaux_bench_run_get_platform_name (run), ==, "DuckDB");
  g_assert_cmpstr (glaux_bench_run_get_platform_version (run), ==, "1.1.0");
  g_assert_cmpstr (glaux_bench_run_get_run_id (run), ==, "abcd1234");
  g_assert_cmpstr (glaux_bench_run_get_timestamp (run), ==, "2025-12-01T08:00:00");
  /* Q1: 120, 100 → median 110; Q11: 80. Natural order 1, 11. */
  g_assert_cmpuint (glaux_bench_run_get_n_queries (run), ==, 2);
  g_assert_cmpstr (glaux_bench_run_get_query (run, 0)->query_id, ==, "1");
  g_assert_cmpstr (glaux_bench_run_get_query (run, 1)->query_id, ==, "11");
  assert_close (glaux_bench_run_lookup_query (run, "1")->median_ms, 110);
  g_assert_cmpuint (glaux_bench_run_get_summary (run)->passed, ==, 3);
  assert_close (glaux_bench_run_get_summary (run)->total_ms, 300);
  assert_close (glaux_bench_run_get_cost_usd (run), 0.5);
  g_assert_cmpuint (glaux_bench_run_get_iterations (run), ==, 2);
  /* summary total 3 over 2 queries (not a multiple of 22 or of 2): 3 logical queries, 2 with
   * a time: not under half. */
  g_assert_cmpint (glaux_bench_run_get_exclusion (run), ==,
                   GLAUX_BENCH_EXCLUSION_NONE);

  exported = glaux_bench_run_to_bytes (run);
  again = glaux_bench_run_new_from_bytes (exported, &error);
  g_assert_no_error (error);
  g_assert_false (glaux_bench_run_is_legacy (again));
  g_assert_cmpstr (glaux_bench_run_get_benchmark_id (again), ==, "tpch");
  g_assert_cmpstr (glaux_bench_run_get_platform_version (again), ==, "1.1.0");
  g_assert_cmpstr (glaux_bench_run_get_run_id (again), ==, "abcd1234");
  assert_close (glaux_bench_run_lookup_query (again, "1")->median_ms, 110);
  assert_close (glaux_bench_run_get_summary (again)->total_ms, 300);
  assert_close (glaux_bench_run_get_cost_usd (again), 0.5);
}

/* Bad inputs: the code and the message naming what is wrong. */
typedef struct
{
  const char *name;
  const char *json;
  int         code;
  const char *message;
} BadCase;

#define MINIMAL_REST \
  "\"benchmark\": {\"id\": \"tpch\", \"scale_factor\": 0.01}, \"platform\": {\"name\": \"DuckDB\"}," \
  " \"summary\": {\"queries\": {\"total\": 0}}, \"queries\": []}"

static const BadCase bad_cases[] = {
  { "not JSON", "tpch,duckdb,7.2\n", GLAUX_BENCH_ERROR_NOT_JSON, "This file is not JSON" },
  { "empty", "", GLAUX_BENCH_ERROR_NOT_JSON, "This file is not JSON" },
  { "array", "[{\"version\": \"2.2\"}]", GLAUX_BENCH_ERROR_NOT_BENCHBOX,
    "This is JSON but not a BenchBox result: its top level is a list, not an object" },
  { "no version", "{\"run\": {}}", GLAUX_BENCH_ERROR_NOT_BENCHBOX,
    "This is not a BenchBox result: it has no version, result_schema_version or schema_version field" },
  { "version 3.0", "{\"version\": \"3.0\"}", GLAUX_BENCH_ERROR_UNSUPPORTED_VERSION,
    "Schema version 3.0 is not supported; Glaux reads 1.x and 2.0–2.2" },
  { "mismatched versions", "{\"version\": \"2.1\", \"result_schema_version\": \"2.2\"}",
    GLAUX_BENCH_ERROR_VERSION_MISMATCH,
    "The file says result_schema_version 2.2 but version 2.1; a BenchBox result names one schema version" },
  { "missing run.timestamp",
    "{\"version\": \"2.2\", \"run\": {\"id\": \"x\", \"total_duration_ms\": 1}, " MINIMAL_REST,
    GLAUX_BENCH_ERROR_MISSING_FIELD, "Missing field run.timestamp" },
  { "missing run",
    "{\"version\": \"2.0\", " MINIMAL_REST, GLAUX_BENCH_ERROR_MISSING_FIELD, "Missing field run" },
  { "scale factor as a string",
    "{\"version\": \"2.2\", \"run\": {\"id\": \"x\", \"timestamp\": \"t\", \"total_duration_ms\": 1},"
    " \"benchmark\": {\"id\": \"tpch\", \"scale_factor\": \"0.01\"}}",
    GLAUX_BENCH_ERROR_INVALID_FIELD, "Field benchmark.scale_factor must be a number" },
  { "queries not a list",
    "{\"version\": \"2.2\", \"run\": {\"id\": \"x\", \"timestamp\": \"t\", \"total_duration_ms\": 1},"
    " \"benchmark\": {\"id\": \"tpch\", \"scale_factor\": 1}, \"platform\": {\"name\": \"p\"},"
    " \"summary\": {\"queries\": {}}, \"queries\": {}}",
    GLAUX_BENCH_ERROR_INVALID_FIELD, "Field queries must be a list" },
};

static void
test_bad_inputs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad_cases[i].json, strlen (bad_cases[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlauxBenchRun) run = glaux_bench_run_new_from_bytes (bytes, &error);

      g_test_message ("%s", bad_cases[i].name);
      g_assert_null (run);
      g_assert_error (error, GLAUX_BENCH_ERROR, bad_cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, bad_cases[i].message));
    }
}

/* 11 MiB of otherwise valid JSON is refused before parsing, from bytes and from a file. */
static void
test_too_large (void)
{
  gsize size = 11 * 1024 * 1024;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autofree char *path = g_build_filename (glaux_test_get_home (), "large.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  bytes = g_bytes_new_take (data, size);

  run = glaux_bench_run_new_from_bytes (bytes, &error);
  g_assert_null (run);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_LARGE);
  /* g_format_size() puts a no-break space before the unit. */
  g_assert_cmpstr (error->message, ==,
                   "The file is 11.0\u00a0MiB; Glaux imports BenchBox results of up to 10 MiB");
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), size, NULL));
  run = glaux_bench_run_new_from_file (file, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "large.json is 11.0\u00a0MiB"));
  g_clear_error (&error);

  /* A missing file is an I/O error naming it. */
  {
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/run.json");

    run = glaux_bench_run_new_from_file (missing, NULL, &error);
    g_assert_null (run);
    g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_IO);
    g_assert_true (g_str_has_prefix (error->message, "Could not read /nonexistent/run.json: "));
  }
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GlauxBenchRun **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = glaux_bench_run_new_from_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *path = glaux_test_build_shared ("testdata", "benchbox",
                                                   "tpch-spark-sf0.01-20260826-2fd3b12b.json",
                                                   NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GlauxBenchRun) run = NULL;

  glaux_bench_run_new_from_file_async (file, NULL, async_cb, &run);
  glaux_test_wait_until (glaux_test_pointer_is_set, &run, 10000);
  check_case (run, &file_cases[1], FALSE);
}

typedef struct
{
  const char *a;
  const char *b;
  int         order;
} IdCase;

static void
test_query_ids (void)
{
  static const IdCase cases[] = {
    { "1", "2", -1 }, { "2", "10", -1 }, { "10", "9", 1 }, { "1", "1a", -1 }, { "1a", "2", -1 },
    { "2a", "2b", -1 }, { "3a", "3", 1 }, { "22", "22", 0 }, { "01", "1", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int order = glaux_bench_compare_query_ids (cases[i].a, cases[i].b);

      g_assert_cmpint (order < 0 ? -1 : order > 0 ? 1 : 0, ==, cases[i].order);
    }

  {
    g_autofree char *a = glaux_bench_normalize_query_id ("Q1");
    g_autofree char *b = glaux_bench_normalize_query_id (" q14 ");
    g_autofree char *c = glaux_bench_normalize_query_id ("1a");
    g_autofree char *d = glaux_bench_normalize_query_id ("Query");
    g_autofree char *e = glaux_bench_canonical_benchmark_id ("star_schema");
    g_autofree char *f = glaux_bench_canonical_benchmark_id ("TPCH");

    g_assert_cmpstr (a, ==, "1");
    g_assert_cmpstr (b, ==, "14");
    g_assert_cmpstr (c, ==, "1a");
    g_assert_cmpstr (d, ==, "Query");
    g_assert_cmpstr (e, ==, "ssb");
    g_assert_cmpstr (f, ==, "tpch");
  }
}

/* Suppressed TPC metrics are hidden; star_schema is SSB; exclusions by coverage. */
static void
test_identity_rules (void)
{
  const char *json =
    "{\"version\": \"2.2\", \"run\": {\"id\": \"s\", \"timestamp\": \"2026-01-01T00:00:00\", \"total_duration_ms\": 9},"
    " \"benchmark\": {\"id\": \"star_schema\", \"scale_factor\": 1},"
    " \"platform\": {\"name\": \"Polars (DataFrame)\", \"config\": {\"execution_mode\": \"DataFrame\"}},"
    " \"config\": {\"execution_mode\": \"sql\", \"tuning_mode\": \"tuned\"},"
    " \"summary\": {\"queries\": {\"total\": 3}, \"validation\": {\"status\": \"FAILED\"},"
    "             \"tpc_metrics\": {\"suppressed\": true, \"reason\": \"subscale\", \"power_at_size\": 5}},"
    " \"cost\": {\"total_usd\": \"1.25\"},"
    " \"queries\": [{\"id\": \"1.1\", \"iter\": 1, \"ms\": 5}, {\"id\": \"1.2\", \"iter\": 1, \"ms\": 7},"
    "             {\"id\": \"2.1\", \"iter\": 1, \"ms\": 0}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchRun) run = glaux_bench_run_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (glaux_bench_run_get_benchmark_id (run), ==, "ssb");
  g_assert_cmpstr (glaux_bench_run_get_platform_name (run), ==, "Polars");
  /* config.execution_mode comes first. */
  g_assert_cmpstr (glaux_bench_run_get_mode (run), ==, "sql");
  g_assert_cmpstr (glaux_bench_run_get_tuning_mode (run), ==, "tuned");
  g_assert_cmpstr (glaux_bench_run_get_validation (run), ==, "failed");
  g_assert_true (glaux_bench_run_get_tpc_suppressed (run));
  g_assert_true (isnan (glaux_bench_run_get_power_at_size (run)));
  /* A decimal string, labelled "reported" without a model. */
  assert_close (glaux_bench_run_get_cost_usd (run), 1.25);
  g_assert_cmpstr (glaux_bench_run_get_cost_model (run), ==, "reported");
  /* SSB has 13 queries, but total 3 ≤ 3 observed: 3 logical, 2 valid (one is 0 ms): not under
   * half, and at least 2. */
  g_assert_cmpuint (glaux_bench_run_get_logical_query_count (run), ==, 3);
  g_assert_cmpint (glaux_bench_run_get_exclusion (run), ==, GLAUX_BENCH_EXCLUSION_NONE);
  /* Geomean of medians skips the 0: sqrt (5 · 7). */
  assert_close (glaux_bench_run_get_geomean_ms (run), sqrt (35));
}

typedef struct
{
  const char          *queries;
  const char          *total;
  GlauxBenchExclusion  exclusion;
} ExclusionCase;

static void
test_exclusions (void)
{
  static const ExclusionCase cases[] = {
    /* Nothing at all. */
    { "", "0", GLAUX_BENCH_EXCLUSION_NO_QUERIES },
    /* Only warm-ups: queries without a measurement. */
    { "{\"id\": \"1\", \"iter\": 0, \"ms\": 5}", "0", GLAUX_BENCH_EXCLUSION_MISSING_TIMING },
    /* Only failures. */
    { "{\"id\": \"1\", \"iter\": 1, \"ms\": 5, \"status\": \"FAILED\"}", "1",
      GLAUX_BENCH_EXCLUSION_MISSING_TIMING },
    /* Every median 0 ms. */
    { "{\"id\": \"1\", \"iter\": 1, \"ms\": 0}, {\"id\": \"2\", \"iter\": 1, \"ms\": 0}", "2",
      GLAUX_BENCH_EXCLUSION_ZERO_TIMING },
    /* One valid query. */
    { "{\"id\": \"1\", \"iter\": 1, \"ms\": 3}", "1", GLAUX_BENCH_EXCLUSION_INSUFFICIENT_VALID_QUERIES },
    /* 2 of TPC-H's 22 (44 = 22 × 2 executions reported): under half. */
    { "{\"id\": \"1\", \"iter\": 1, \"ms\": 3}, {\"id\": \"1\", \"iter\": 2, \"ms\": 3},"
      " {\"id\": \"2\", \"iter\": 1, \"ms\": 4}", "44",
      GLAUX_BENCH_EXCLUSION_INSUFFICIENT_QUERY_COVERAGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"version\": \"2.0\", \"run\": {\"id\": \"e\", \"timestamp\": \"t\", \"total_duration_ms\": 1},"
        " \"benchmark\": {\"id\": \"tpch\", \"scale_factor\": 1}, \"platform\": {\"name\": \"p\"},"
        " \"summary\": {\"queries\": {\"total\": %s}}, \"queries\": [%s]}",
        cases[i].total, cases[i].queries);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlauxBenchRun) run = glaux_bench_run_new_from_bytes (bytes, &error);

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpint (glaux_bench_run_get_exclusion (run), ==, cases[i].exclusion);
    }
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/bench-import/samples", test_samples);
  g_test_add_func ("/bench-import/executions", test_executions);
  g_test_add_func ("/bench-import/empty-run", test_empty_run);
  g_test_add_func ("/bench-import/round-trip", test_round_trip);
  g_test_add_func ("/bench-import/recorded-run", test_recorded_run);
  g_test_add_func ("/bench-import/legacy", test_legacy);
  g_test_add_func ("/bench-import/bad-inputs", test_bad_inputs);
  g_test_add_func ("/bench-import/too-large", test_too_large);
  g_test_add_func ("/bench-import/async", test_async);
  g_test_add_func ("/bench-import/query-ids", test_query_ids);
  g_test_add_func ("/bench-import/identity-rules", test_identity_rules);
  g_test_add_func ("/bench-import/exclusions", test_exclusions);

  return g_test_run ();
}
