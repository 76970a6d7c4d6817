/* test-compare-cli.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "glaux-test-util.h"

/* Runs the built glaux binary ($GLAUX_PROGRAM) as `glaux compare …` without a display and
 * checks its output against golden files in tests/unit/data/compare/ (checked by hand against
 * the sample files: see test-bench-import.c and test-bench-comparison.c for the numbers) and its
 * exit status. */

#define DUCKDB "tpch-duckdb-sf0.01-20260826-8a57a5a8.json"
#define SPARK "tpch-spark-sf0.01-20260826-2fd3b12b.json"
#define BIGQUERY "amplab_sf01_bigquery_sql_20260920_000055_35490af7.json"
#define DATABRICKS "amplab_sf01_databricks_sql_20261003_214137_2a7a0cdb.json"
#define DASK "amplab_sf001_dask_df_20260506_103702_46a63c90.json"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->out);
  g_free (outcome->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

/* @args: NULL-terminated; a name ending in .json is a sample file. */
static void
run_compare (Outcome    *outcome,
             const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("GLAUX_PROGRAM");
  const char *arg;
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("compare"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      if (g_str_has_suffix (arg, ".json"))
        g_ptr_array_add (argv, glaux_test_build_shared ("testdata", "benchbox", arg, NULL));
      else
        g_ptr_array_add (argv, g_strdup (arg));
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No display: the command must not need one. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &outcome->out, &outcome->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  outcome->status = g_subprocess_get_exit_status (process);
}

static void
assert_golden (const char *actual,
               const char *golden_name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "unit", "data", "compare",
                                            golden_name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (actual, expected) != 0)
    {
      g_autofree char *output = glaux_test_build_output (golden_name);

      /* Kept for a look (and, once checked by hand, to replace the golden file). */
      g_file_set_contents (output, actual, -1, NULL);
      g_test_message ("output differs from %s; written to %s", path, output);
    }
  g_assert_cmpstr (actual, ==, expected);
}

typedef struct
{
  const char *baseline;
  const char *other;
  const char *format;
  const char *golden;
} GoldenCase;

static void
test_golden (void)
{
  static const GoldenCase cases[] = {
    { DUCKDB, SPARK, "text", "tpch-duckdb-spark.txt" },
    { DUCKDB, SPARK, "markdown", "tpch-duckdb-spark.md" },
    { DUCKDB, SPARK, "json", "tpch-duckdb-spark.json" },
    { BIGQUERY, DATABRICKS, "text", "amplab-bigquery-databricks.txt" },
    { BIGQUERY, DATABRICKS, "markdown", "amplab-bigquery-databricks.md" },
    { BIGQUERY, DATABRICKS, "json", "amplab-bigquery-databricks.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Outcome) outcome = { 0 };

      g_test_message ("%s", cases[i].golden);
      run_compare (&outcome, cases[i].baseline, cases[i].other, "--format", cases[i].format, NULL);
      g_assert_cmpstr (outcome.err, ==, "");
      g_assert_cmpint (outcome.status, ==, 0);
      assert_golden (outcome.out, cases[i].golden);
    }

  /* Text is the default format. */
  {
    g_auto(Outcome) outcome = { 0 };

    run_compare (&outcome, DUCKDB, SPARK, NULL);
    g_assert_cmpint (outcome.status, ==, 0);
    assert_golden (outcome.out, "tpch-duckdb-spark.txt");
  }

  /* The JSON output is JSON. */
  {
    g_auto(Outcome) outcome = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    run_compare (&outcome, BIGQUERY, DATABRICKS, "--format=json", NULL);
    json_parser_load_from_data (parser, outcome.out, -1, &error);
    g_assert_no_error (error);
  }
}

typedef struct
{
  const char *baseline;
  const char *other;
  const char *threshold;
  int         status;
} RegressionCase;

/* Spark is far slower than DuckDB; Databricks is faster than BigQuery on every query. The
 * slowest Databricks query against BigQuery is query 5 (−53.2 %), so BigQuery against Databricks
 * regresses by at least 1 / (1 − 0.532) − 1 = 114 % on every query. */
static void
test_fail_on_regression (void)
{
  static const RegressionCase cases[] = {
    { DUCKDB, SPARK, "10", 1 },
    { DUCKDB, SPARK, "10%", 1 },
    { DUCKDB, SPARK, "0.1", 1 },
    { DUCKDB, SPARK, "100000", 0 },      /* no query is 1000× slower */
    { BIGQUERY, DATABRICKS, "10", 0 },
    { BIGQUERY, DATABRICKS, "0", 0 },
    { DATABRICKS, BIGQUERY, "10%", 1 },
    { DATABRICKS, BIGQUERY, "1000", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Outcome) outcome = { 0 };

      g_test_message ("%s vs %s over %s", cases[i].baseline, cases[i].other, cases[i].threshold);
      run_compare (&outcome, cases[i].baseline, cases[i].other, "--fail-on-regression",
                   cases[i].threshold, NULL);
      g_assert_cmpint (outcome.status, ==, cases[i].status);
      g_assert_cmpstr (outcome.err, ==, "");
      /* The report is printed either way, with the verdict last. */
      g_assert_true (g_str_has_prefix (outcome.out, "Benchmark: "));
      g_assert_nonnull (strstr (outcome.out, cases[i].status == 1 ? "\nRegression: " : "\nNo regression over "));
    }
}

static void
test_refusals (void)
{
  g_auto(Outcome) mixed = { 0 };
  g_auto(Outcome) empty = { 0 };
  g_auto(Outcome) one = { 0 };
  g_auto(Outcome) format = { 0 };
  g_auto(Outcome) threshold = { 0 };
  g_auto(Outcome) missing = { 0 };

  run_compare (&mixed, DUCKDB, BIGQUERY, "--fail-on-regression", "10", NULL);
  g_assert_cmpint (mixed.status, ==, 2);
  g_assert_cmpstr (mixed.out, ==, "");
  g_assert_cmpstr (mixed.err, ==,
                   "glaux compare: Cannot compare runs of different benchmarks: the baseline ran "
                   "TPC-H (tpch), the other run AMPLab Big Data (amplab). Choose runs of the same "
                   "benchmark.\n");

  run_compare (&empty, BIGQUERY, DASK, NULL);
  g_assert_cmpint (empty.status, ==, 2);
  g_assert_cmpstr (empty.out, ==, "");
  g_assert_nonnull (strstr (empty.err, "cannot be compared (no_queries)"));

  run_compare (&one, DUCKDB, NULL);
  g_assert_cmpint (one.status, ==, 2);
  g_assert_nonnull (strstr (one.err, "give a baseline and at least one other result file"));

  run_compare (&format, DUCKDB, SPARK, "--format", "html", NULL);
  g_assert_cmpint (format.status, ==, 2);
  g_assert_nonnull (strstr (format.err, "use text, markdown or json"));

  run_compare (&threshold, DUCKDB, SPARK, "--fail-on-regression", "ten", NULL);
  g_assert_cmpint (threshold.status, ==, 2);
  g_assert_nonnull (strstr (threshold.err, "--fail-on-regression needs a percentage"));

  run_compare (&missing, DUCKDB, "/nonexistent/missing-run", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_true (g_str_has_prefix (missing.err, "glaux compare: /nonexistent/missing-run: Could not read /nonexistent/missing-run: "));
}

static void
test_help (void)
{
  g_auto(Outcome) outcome = { 0 };

  run_compare (&outcome, "--help", NULL);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_nonnull (strstr (outcome.out, "BASE.json OTHER.json"));
  g_assert_nonnull (strstr (outcome.out, "--format=FORMAT"));
  g_assert_nonnull (strstr (outcome.out, "--fail-on-regression=PCT"));
  g_assert_nonnull (strstr (outcome.out, "Exit status: 0"));
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/compare-cli/golden", test_golden);
  g_test_add_func ("/compare-cli/fail-on-regression", test_fail_on_regression);
  g_test_add_func ("/compare-cli/refusals", test_refusals);
  g_test_add_func ("/compare-cli/help", test_help);

  return g_test_run ();
}
