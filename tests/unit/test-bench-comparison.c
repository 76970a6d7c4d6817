/* test-bench-comparison.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "glaux-bench-comparison.h"
#include "glaux-test-util.h"

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

/* Maths */

typedef struct
{
  double values[5];
  guint  n;
  double median;
  double geomean;
} StatsCase;

static void
test_median_geomean (void)
{
  static const StatsCase cases[] = {
    { { 0 }, 0, NAN, NAN },
    { { 5 }, 1, 5, 5 },
    { { 1, 3, 2 }, 3, 2, 1.8171205928321397 },          /* odd: the middle; ∛6 */
    { { 4, 1, 3, 2 }, 4, 2.5, 2.2133638394006434 },      /* even: mean of 2 and 3; ⁴√24 */
    { { 1, 100 }, 2, 50.5, 10 },
    { { 2, 8 }, 2, 5, 4 },
    { { 0, 4, 9 }, 3, 4, 6 },                            /* the geomean skips 0: √36 */
    { { 7.1, 7.2, 7.2 }, 3, 7.2, 7.166511143791679 },    /* ∛(7.1 · 7.2 · 7.2) */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      assert_close (glaux_bench_median (cases[i].values, cases[i].n), cases[i].median);
      assert_close (glaux_bench_geomean (cases[i].values, cases[i].n), cases[i].geomean);
    }
}

typedef struct
{
  double         baseline;
  double         other;
  double         change_pct;
  double         speedup;
  GlauxBenchBand band;
} ChangeCase;

/* Every band edge exactly on it and just beyond, both ways (baseline 100 ms, so the change in %
 * is other − 100). An edge belongs to the milder band. */
static void
test_bands (void)
{
  static const ChangeCase cases[] = {
    { 100, 100,    0,     1,             GLAUX_BENCH_BAND_TIE },
    { 100, 105,    5,     100 / 105.0,   GLAUX_BENCH_BAND_TIE },
    { 100, 105.01, 5.01,  100 / 105.01,  GLAUX_BENCH_BAND_SLOWER },
    { 100, 95,     -5,    100 / 95.0,    GLAUX_BENCH_BAND_TIE },
    { 100, 94.99,  -5.01, 100 / 94.99,   GLAUX_BENCH_BAND_FASTER },
    { 100, 110,    10,    100 / 110.0,   GLAUX_BENCH_BAND_SLOWER },
    { 100, 110.01, 10.01, 100 / 110.01,  GLAUX_BENCH_BAND_MINOR_SLOWER },
    { 100, 90,     -10,   100 / 90.0,    GLAUX_BENCH_BAND_FASTER },
    { 100, 89.99,  -10.01, 100 / 89.99,  GLAUX_BENCH_BAND_MINOR_FASTER },
    { 100, 125,    25,    0.8,           GLAUX_BENCH_BAND_MINOR_SLOWER },
    { 100, 125.01, 25.01, 100 / 125.01,  GLAUX_BENCH_BAND_MAJOR_SLOWER },
    { 100, 75,     -25,   100 / 75.0,    GLAUX_BENCH_BAND_MINOR_FASTER },
    { 100, 74.99,  -25.01, 100 / 74.99,  GLAUX_BENCH_BAND_MAJOR_FASTER },
    { 100, 150,    50,    100 / 150.0,   GLAUX_BENCH_BAND_MAJOR_SLOWER },
    { 100, 150.01, 50.01, 100 / 150.01,  GLAUX_BENCH_BAND_CRITICAL_SLOWER },
    { 100, 50,     -50,   2,             GLAUX_BENCH_BAND_MAJOR_FASTER },
    { 100, 49.99,  -50.01, 100 / 49.99,  GLAUX_BENCH_BAND_CRITICAL_FASTER },
    { 100, 400,    300,   0.25,          GLAUX_BENCH_BAND_CRITICAL_SLOWER },
    /* A baseline that is not round: 6.9 × 1.1 is 10 % up to rounding, and stays on the edge. */
    { 6.9, 6.9 * 1.1, 10, 1 / 1.1,       GLAUX_BENCH_BAND_SLOWER },
    { 7.2, 320.9, (320.9 - 7.2) / 7.2 * 100, 7.2 / 320.9, GLAUX_BENCH_BAND_CRITICAL_SLOWER },
    /* Nothing to compare. */
    { NAN, 5,      NAN,   NAN,           GLAUX_BENCH_BAND_NONE },
    { 5,   NAN,    NAN,   NAN,           GLAUX_BENCH_BAND_NONE },
    { 0,   5,      NAN,   NAN,           GLAUX_BENCH_BAND_NONE },
    { 5,   0,      -100,  NAN,           GLAUX_BENCH_BAND_CRITICAL_FASTER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double change = glaux_bench_change_pct (cases[i].baseline, cases[i].other);

      g_test_message ("case %u: %g → %g", i, cases[i].baseline, cases[i].other);
      if (isnan (cases[i].change_pct))
        g_assert_true (isnan (change));
      else
        g_assert_cmpfloat_with_epsilon (change, cases[i].change_pct, 1e-9);
      assert_close (glaux_bench_speedup (cases[i].baseline, cases[i].other), cases[i].speedup);
      g_assert_cmpint (glaux_bench_classify_change (change), ==, cases[i].band);
    }

  /* Exact percentages too, not only via change_pct. */
  g_assert_cmpint (glaux_bench_classify_change (5.0), ==, GLAUX_BENCH_BAND_TIE);
  g_assert_cmpint (glaux_bench_classify_change (5.000001), ==, GLAUX_BENCH_BAND_SLOWER);
  g_assert_cmpint (glaux_bench_classify_change (-50.000001), ==, GLAUX_BENCH_BAND_CRITICAL_FASTER);
  g_assert_cmpint (glaux_bench_classify_change (NAN), ==, GLAUX_BENCH_BAND_NONE);

  g_assert_cmpstr (glaux_bench_band_to_string (GLAUX_BENCH_BAND_MAJOR_SLOWER), ==, "major_slower");
  g_assert_null (glaux_bench_band_to_string (GLAUX_BENCH_BAND_NONE));
  g_assert_true (glaux_bench_band_is_slower (GLAUX_BENCH_BAND_SLOWER));
  g_assert_false (glaux_bench_band_is_slower (GLAUX_BENCH_BAND_TIE));
  g_assert_true (glaux_bench_band_is_faster (GLAUX_BENCH_BAND_CRITICAL_FASTER));
  g_assert_false (glaux_bench_band_is_faster (GLAUX_BENCH_BAND_CRITICAL_SLOWER));
}

typedef struct
{
  const char *text;
  gboolean    ok;
  double      pct;
} ThresholdCase;

static void
test_thresholds (void)
{
  static const ThresholdCase cases[] = {
    { "10", TRUE, 10 }, { "10%", TRUE, 10 }, { "10 %", TRUE, 10 }, { " 10% ", TRUE, 10 },
    { "0.1", TRUE, 10 }, { "0.25", TRUE, 25 }, { "0.5%", TRUE, 0.5 }, { "1", TRUE, 1 },
    { "0", TRUE, 0 }, { "12.5", TRUE, 12.5 },
    { "", FALSE, 0 }, { "%", FALSE, 0 }, { "ten", FALSE, 0 }, { "-5", FALSE, 0 },
    { "10%%", FALSE, 0 }, { "10x", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double pct = -1;

      g_test_message ("\"%s\"", cases[i].text);
      g_assert_cmpint (glaux_bench_parse_threshold (cases[i].text, &pct), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpfloat_with_epsilon (pct, cases[i].pct, 1e-12);
    }
}

/* Runs */

static GlauxBenchRun *
load_sample (const char *name)
{
  g_autofree char *path = glaux_test_build_shared ("testdata", "benchbox", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GlauxBenchRun *run = glaux_bench_run_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  return run;
}

/* A synthetic run: @times like "1=100 2=100" (one measurement each, so the median is that
 * value), @extra extra top-level members ending with a comma, or "". */
static GlauxBenchRun *
make_run (const char *benchmark,
          double      scale_factor,
          const char *times,
          const char *extra,
          const char *run_id)
{
  g_auto(GStrv) pairs = g_strsplit (times, " ", -1);
  g_autoptr(GString) queries = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  char sf[G_ASCII_DTOSTR_BUF_SIZE];
  GlauxBenchRun *run;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (pairs[i], "=", 2);

      g_string_append_printf (queries, "%s{\"id\": \"%s\", \"iter\": 1, \"run_type\": \"measurement\","
                              " \"ms\": %s, \"status\": \"SUCCESS\"}",
                              i > 0 ? ", " : "", parts[0], parts[1]);
    }

  json = g_strdup_printf ("{\"version\": \"2.2\", %s"
                          " \"run\": {\"id\": \"%s\", \"timestamp\": \"2026-11-01T12:00:00\","
                          "  \"total_duration_ms\": 1000, \"iterations\": 1},"
                          " \"benchmark\": {\"id\": \"%s\", \"scale_factor\": %s},"
                          " \"platform\": {\"name\": \"Engine\", \"version\": \"1\"},"
                          " \"summary\": {\"queries\": {\"total\": %u}},"
                          " \"queries\": [%s]}",
                          extra, run_id, benchmark,
                          g_ascii_dtostr (sf, sizeof sf, scale_factor),
                          g_strv_length (pairs), queries->str);
  bytes = g_bytes_new (json, strlen (json));
  run = glaux_bench_run_new_from_bytes (bytes, &error);
  g_assert_no_error (error);

  return run;
}

/* DuckDB (baseline) vs Spark, TPC-H SF 0.01: same shape, no warnings. Query 1: 7.2 vs 320.9 ms →
 * +4356.94 %, critical; geomeans 6.890330 vs 263.214142 → speed-up 0.026178. */
static void
test_tpch_samples (void)
{
  g_autoptr(GlauxBenchRun) duckdb = load_sample ("tpch-duckdb-sf0.01-20260826-8a57a5a8.json");
  g_autoptr(GlauxBenchRun) spark = load_sample ("tpch-spark-sf0.01-20260826-2fd3b12b.json");
  g_autoptr(GlauxBenchRun) older = load_sample ("perf_smoke_duckdb_tpch_001.json");
  GlauxBenchRun *others[] = { spark, older };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchComparison) comparison = glaux_bench_comparison_new (duckdb, others, 2, &error);
  const GlauxBenchComparisonRow *row;
  const GlauxBenchRunTotals *base, *spark_totals, *older_totals;
  const char * const *warnings;

  g_assert_no_error (error);
  g_assert_cmpuint (glaux_bench_comparison_get_n_runs (comparison), ==, 3);
  g_assert_true (glaux_bench_comparison_get_run (comparison, 0) == duckdb);
  g_assert_cmpuint (glaux_bench_comparison_get_n_rows (comparison), ==, 22);
  g_assert_cmpuint (glaux_bench_comparison_get_n_common_queries (comparison), ==, 22);

  row = glaux_bench_comparison_get_row (comparison, 0);
  g_assert_cmpstr (row->query_id, ==, "1");
  g_assert_true (row->in_all_runs);
  assert_close (row->median_ms[0], 7.2);
  assert_close (row->median_ms[1], 320.9);
  assert_close (row->median_ms[2], 11);
  g_assert_cmpfloat (row->change_pct[0], ==, 0);
  g_assert_cmpint (row->band[0], ==, GLAUX_BENCH_BAND_TIE);
  assert_close (row->change_pct[1], (320.9 - 7.2) * 100 / 7.2);
  g_assert_cmpint (row->band[1], ==, GLAUX_BENCH_BAND_CRITICAL_SLOWER);
  /* 11 vs 7.2: +52.8 %, critical. */
  assert_close (row->change_pct[2], (11 - 7.2) * 100 / 7.2);
  g_assert_cmpint (row->band[2], ==, GLAUX_BENCH_BAND_CRITICAL_SLOWER);

  /* Query 21: 8.0 vs 12 → exactly +50 %: major, not critical. */
  row = glaux_bench_comparison_get_row (comparison, 20);
  g_assert_cmpstr (row->query_id, ==, "21");
  assert_close (row->change_pct[2], 50);
  g_assert_cmpint (row->band[2], ==, GLAUX_BENCH_BAND_MAJOR_SLOWER);
  g_assert_cmpstr (glaux_bench_comparison_get_row (comparison, 21)->query_id, ==, "22");

  base = glaux_bench_comparison_get_totals (comparison, 0);
  spark_totals = glaux_bench_comparison_get_totals (comparison, 1);
  older_totals = glaux_bench_comparison_get_totals (comparison, 2);
  assert_close (base->geomean_ms, 6.890330341766069);
  assert_close (spark_totals->geomean_ms, 263.2141418115781);
  assert_close (older_totals->geomean_ms, 10.414700368092616);
  assert_close (base->speedup, 1);
  assert_close (spark_totals->speedup, 6.890330341766069 / 263.2141418115781);
  assert_close (spark_totals->geomean_change_pct,
                (263.2141418115781 - 6.890330341766069) * 100 / 6.890330341766069);
  g_assert_cmpint (spark_totals->geomean_band, ==, GLAUX_BENCH_BAND_CRITICAL_SLOWER);
  assert_close (base->total_ms, 152.2);
  assert_close (spark_totals->total_ms, 6477.7);
  assert_close (older_totals->total_ms, 230);
  assert_close (older_totals->total_change_pct, (230 - 152.2) * 100 / 152.2);
  /* Local engines: cost 0, per query 0. */
  assert_close (base->cost_usd, 0);
  g_assert_cmpstr (spark_totals->cost_model, ==, "estimated");
  assert_close (base->cost_per_query_usd, 0);
  g_assert_cmpuint (spark_totals->n_slower, ==, 22);
  g_assert_cmpuint (spark_totals->n_queries, ==, 22);

  /* Spark matches the baseline's shape; the 2.1 file has no tuning mode. */
  warnings = glaux_bench_comparison_get_warnings (comparison);
  g_assert_cmpuint (g_strv_length ((GStrv) warnings), ==, 1);
  g_assert_true (g_str_has_prefix (warnings[0], "Tuning mode differs: the baseline has notuning, DuckDB 1.5.1"));
  g_assert_true (g_str_has_suffix (warnings[0], " has none"));

  g_assert_true (glaux_bench_comparison_has_regression (comparison, 10));
}

/* BigQuery (baseline) vs Databricks, AMPLab SF 0.1: 2 vs 3 iterations; cost only on BigQuery. */
static void
test_amplab_samples (void)
{
  g_autoptr(GlauxBenchRun) bigquery = load_sample ("amplab_sf01_bigquery_sql_20260920_000055_35490af7.json");
  g_autoptr(GlauxBenchRun) databricks = load_sample ("amplab_sf01_databricks_sql_20261003_214137_2a7a0cdb.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchComparison) comparison =
    glaux_bench_comparison_new (bigquery, &databricks, 1, &error);
  const GlauxBenchRunTotals *base, *other;
  const char * const *warnings;

  g_assert_no_error (error);
  g_assert_cmpuint (glaux_bench_comparison_get_n_rows (comparison), ==, 8);
  g_assert_cmpstr (glaux_bench_comparison_get_row (comparison, 1)->query_id, ==, "1a");
  /* Query 1: 871.75 vs 289.5 → −66.79 %, critical improvement. */
  assert_close (glaux_bench_comparison_get_row (comparison, 0)->change_pct[1],
                (289.5 - 871.75) * 100 / 871.75);
  g_assert_cmpint (glaux_bench_comparison_get_row (comparison, 0)->band[1], ==,
                   GLAUX_BENCH_BAND_CRITICAL_FASTER);

  base = glaux_bench_comparison_get_totals (comparison, 0);
  other = glaux_bench_comparison_get_totals (comparison, 1);
  assert_close (base->geomean_ms, 1006.1240332051278);
  assert_close (other->geomean_ms, 393.81950087639206);
  assert_close (other->speedup, 1006.1240332051278 / 393.81950087639206);
  assert_close (base->total_ms, 8145.8);
  assert_close (other->total_ms, 3262.3);
  /* BigQuery's normalized cost over its 8 queries; Databricks has none. */
  assert_close (base->cost_usd, 0.002485513687133789);
  assert_close (base->cost_per_query_usd, 0.002485513687133789 / 8);
  g_assert_cmpstr (base->cost_model, ==, "normalized");
  g_assert_true (isnan (other->cost_usd));
  g_assert_true (isnan (other->cost_per_query_usd));
  g_assert_cmpuint (other->n_faster, ==, 8);

  warnings = glaux_bench_comparison_get_warnings (comparison);
  g_assert_cmpuint (g_strv_length ((GStrv) warnings), ==, 1);
  g_assert_cmpstr (warnings[0], ==,
                   "Different iteration counts: the baseline measured 2 iterations, "
                   "Databricks 2026.36 · 2026-10-03 21:41 · 2a7a0cdb measured 3");
  g_assert_false (glaux_bench_comparison_has_regression (comparison, 10));
}

typedef struct
{
  const char *name;
  int         code;
  const char *message;
} RefusalCase;

static void
test_refusals (void)
{
  g_autoptr(GlauxBenchRun) tpch = load_sample ("tpch-duckdb-sf0.01-20260826-8a57a5a8.json");
  g_autoptr(GlauxBenchRun) amplab = load_sample ("amplab_sf01_bigquery_sql_20260920_000055_35490af7.json");
  g_autoptr(GlauxBenchRun) dask = load_sample ("amplab_sf001_dask_df_20260506_103702_46a63c90.json");
  g_autoptr(GlauxBenchRun) tpch_sf1 = make_run ("tpch", 1, "1=5 2=6", "", "sf1");
  g_autoptr(GlauxBenchRun) tpch_001 = make_run ("TPCH", 0.01, "1=5 2=6", "", "again");
  g_autoptr(GlauxBenchRun) ssb = make_run ("ssb", 1, "1=5 2=6", "", "ssb");
  g_autoptr(GlauxBenchRun) star = make_run ("star_schema", 1, "1=5 2=6", "", "star");
  GlauxBenchRun *five[] = { tpch_001, tpch_001, tpch_001, tpch_001, tpch_001 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchComparison) comparison = NULL;

  comparison = glaux_bench_comparison_new (tpch, &amplab, 1, &error);
  g_assert_null (comparison);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE);
  g_assert_cmpstr (error->message, ==,
                   "Cannot compare runs of different benchmarks: the baseline ran TPC-H (tpch), "
                   "the other run AMPLab Big Data (amplab). Choose runs of the same benchmark.");
  g_clear_error (&error);

  comparison = glaux_bench_comparison_new (tpch, &tpch_sf1, 1, &error);
  g_assert_null (comparison);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE);
  g_assert_cmpstr (error->message, ==,
                   "Cannot compare runs at different scale factors: the baseline ran TPC-H at "
                   "SF 0.01, the other run at SF 1. Choose runs of the same scale factor.");
  g_clear_error (&error);

  /* The empty Dask run is excluded, as baseline or as another run. */
  comparison = glaux_bench_comparison_new (dask, &amplab, 1, &error);
  g_assert_null (comparison);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE);
  g_assert_nonnull (strstr (error->message, "cannot be compared (no_queries)"));
  g_clear_error (&error);
  comparison = glaux_bench_comparison_new (amplab, &dask, 1, &error);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE);
  g_clear_error (&error);

  comparison = glaux_bench_comparison_new (tpch, five, 5, &error);
  g_assert_null (comparison);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_MANY_RUNS);
  g_clear_error (&error);

  /* Four others are fine; "TPCH" is tpch; star_schema is ssb. */
  comparison = glaux_bench_comparison_new (tpch, five, 4, &error);
  g_assert_no_error (error);
  g_clear_object (&comparison);
  comparison = glaux_bench_comparison_new (ssb, &star, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (comparison);
}

/* Different subsets, validation, test type and tuning: each named; missing queries flagged;
 * geomean and totals over the common queries only. */
static void
test_warnings (void)
{
  g_autoptr(GlauxBenchRun) base = make_run ("tpch", 1, "1=100 2=100 3=100",
                                            "\"config\": {\"tuning_mode\": \"notuning\"},", "base");
  g_autoptr(GlauxBenchRun) other = make_run ("tpch", 1, "2=110 3=100 4=50",
                                             "\"config\": {\"tuning_mode\": \"tuned\", \"test_type\": \"throughput\"},"
                                             " \"summary_unused\": 0,", "other");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchComparison) comparison = glaux_bench_comparison_new (base, &other, 1, &error);
  const char * const *warnings;
  const GlauxBenchComparisonRow *row;

  g_assert_no_error (error);
  warnings = glaux_bench_comparison_get_warnings (comparison);
  g_assert_cmpuint (g_strv_length ((GStrv) warnings), ==, 4);
  g_assert_cmpstr (warnings[0], ==, "Different query subsets: Engine 1 · 2026-11-01 12:00 · other "
                                    "has no time for query 1, which the baseline has");
  g_assert_cmpstr (warnings[1], ==, "Different query subsets: the baseline has no time for query 4, "
                                    "which Engine 1 · 2026-11-01 12:00 · other has");
  g_assert_cmpstr (warnings[2], ==, "Test type differs: the baseline has none, "
                                    "Engine 1 · 2026-11-01 12:00 · other has throughput");
  g_assert_cmpstr (warnings[3], ==, "Tuning mode differs: the baseline has notuning, "
                                    "Engine 1 · 2026-11-01 12:00 · other has tuned");

  g_assert_cmpuint (glaux_bench_comparison_get_n_rows (comparison), ==, 4);
  g_assert_cmpuint (glaux_bench_comparison_get_n_common_queries (comparison), ==, 2);
  row = glaux_bench_comparison_get_row (comparison, 0);
  g_assert_cmpstr (row->query_id, ==, "1");
  g_assert_false (row->in_all_runs);
  g_assert_true (isnan (row->median_ms[1]));
  g_assert_true (isnan (row->change_pct[1]));
  g_assert_cmpint (row->band[1], ==, GLAUX_BENCH_BAND_NONE);
  row = glaux_bench_comparison_get_row (comparison, 3);
  g_assert_cmpstr (row->query_id, ==, "4");
  g_assert_true (isnan (row->median_ms[0]));
  g_assert_true (isnan (row->change_pct[0]));
  g_assert_cmpint (row->band[1], ==, GLAUX_BENCH_BAND_NONE);

  /* Common: 2 and 3. Baseline geomean 100, other √(110·100) = 104.88 → +4.88 %, a tie;
   * totals 200 vs 210 → +5 %. Query 2 is exactly +10 %: over 9.99, not over 10. */
  assert_close (glaux_bench_comparison_get_totals (comparison, 0)->geomean_ms, 100);
  assert_close (glaux_bench_comparison_get_totals (comparison, 1)->geomean_ms, sqrt (11000));
  g_assert_cmpint (glaux_bench_comparison_get_totals (comparison, 1)->geomean_band, ==,
                   GLAUX_BENCH_BAND_TIE);
  assert_close (glaux_bench_comparison_get_totals (comparison, 1)->total_change_pct, 5);
  g_assert_cmpuint (glaux_bench_comparison_get_totals (comparison, 1)->n_queries, ==, 3);
  g_assert_cmpuint (glaux_bench_comparison_get_totals (comparison, 1)->n_slower, ==, 1);
  g_assert_cmpuint (glaux_bench_comparison_get_totals (comparison, 1)->n_ties, ==, 1);
  g_assert_false (glaux_bench_comparison_has_regression (comparison, 10));
  g_assert_true (glaux_bench_comparison_has_regression (comparison, 9.99));
}

/* Validation states and iteration counts. */
static void
test_validation_warning (void)
{
  g_autoptr(GlauxBenchRun) base = make_run ("tpch", 1, "1=100 2=100",
                                            "\"summary_x\": 1,", "base");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlauxBenchRun) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchComparison) comparison = NULL;
  const char *json =
    "{\"version\": \"2.2\", \"run\": {\"id\": \"v\", \"timestamp\": \"2026-11-02T08:00:00\","
    " \"total_duration_ms\": 1, \"iterations\": 3},"
    " \"benchmark\": {\"id\": \"tpch\", \"scale_factor\": 1}, \"platform\": {\"name\": \"Engine\"},"
    " \"summary\": {\"queries\": {\"total\": 2}, \"validation\": \"failed\"},"
    " \"queries\": [{\"id\": \"1\", \"iter\": 1, \"ms\": 90}, {\"id\": \"2\", \"iter\": 1, \"ms\": 90}]}";
  const char * const *warnings;

  bytes = g_bytes_new_static (json, strlen (json));
  failed = glaux_bench_run_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  comparison = glaux_bench_comparison_new (base, &failed, 1, &error);
  g_assert_no_error (error);

  warnings = glaux_bench_comparison_get_warnings (comparison);
  g_assert_cmpuint (g_strv_length ((GStrv) warnings), ==, 2);
  g_assert_cmpstr (warnings[0], ==, "Different iteration counts: the baseline measured 1 "
                                    "iterations, Engine · 2026-11-02 08:00 · v measured 3");
  g_assert_cmpstr (warnings[1], ==, "Validation differs: the baseline has none, "
                                    "Engine · 2026-11-02 08:00 · v has failed");
  /* −10 % on both: faster, and no regression even at 0 %. */
  g_assert_cmpint (glaux_bench_comparison_get_row (comparison, 0)->band[1], ==,
                   GLAUX_BENCH_BAND_FASTER);
  g_assert_false (glaux_bench_comparison_has_regression (comparison, 0));
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/bench-comparison/median-geomean", test_median_geomean);
  g_test_add_func ("/bench-comparison/bands", test_bands);
  g_test_add_func ("/bench-comparison/thresholds", test_thresholds);
  g_test_add_func ("/bench-comparison/tpch-samples", test_tpch_samples);
  g_test_add_func ("/bench-comparison/amplab-samples", test_amplab_samples);
  g_test_add_func ("/bench-comparison/refusals", test_refusals);
  g_test_add_func ("/bench-comparison/warnings", test_warnings);
  g_test_add_func ("/bench-comparison/validation-warning", test_validation_warning);

  return g_test_run ();
}
