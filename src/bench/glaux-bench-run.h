/* glaux-bench-run.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every failure to read, compare or store a benchmark run lands in this domain. Messages name
 * the field or version at fault and are ready to show. */
typedef enum
{
  GLAUX_BENCH_ERROR_NOT_JSON,            /* the bytes are not JSON */
  GLAUX_BENCH_ERROR_NOT_BENCHBOX,        /* JSON, but not a BenchBox result (root, version key) */
  GLAUX_BENCH_ERROR_UNSUPPORTED_VERSION, /* a version Glaux does not read, e.g. "3.0" */
  GLAUX_BENCH_ERROR_VERSION_MISMATCH,    /* result_schema_version and version disagree */
  GLAUX_BENCH_ERROR_MISSING_FIELD,       /* a required field is absent */
  GLAUX_BENCH_ERROR_INVALID_FIELD,       /* a required field has the wrong type */
  GLAUX_BENCH_ERROR_TOO_LARGE,           /* over GLAUX_BENCH_MAX_FILE_SIZE */
  GLAUX_BENCH_ERROR_IO,                  /* the file could not be read */
  GLAUX_BENCH_ERROR_NOT_COMPARABLE,      /* comparison refused: benchmark or scale factor differ */
  GLAUX_BENCH_ERROR_TOO_MANY_RUNS,       /* comparison: more than a baseline and four others */
  GLAUX_BENCH_ERROR_DUPLICATE,           /* library: the same file is already there */
  GLAUX_BENCH_ERROR_NOT_FOUND,           /* library: no such entry */
  GLAUX_BENCH_ERROR_DATABASE,            /* library: SQLite failed */
} GlauxBenchErrorCode;

#define GLAUX_BENCH_ERROR (glaux_bench_error_quark ())

GQuark glaux_bench_error_quark (void);

/* The Results Explorer's cap on local imports (benchbox-format.md §5.13). */
#define GLAUX_BENCH_MAX_FILE_SIZE (10 * 1024 * 1024)

/* Why a run cannot take part in a comparison (the Explorer's reasons, §6). */
typedef enum
{
  GLAUX_BENCH_EXCLUSION_NONE,
  GLAUX_BENCH_EXCLUSION_NO_QUERIES,                  /* no query at all (empty run) */
  GLAUX_BENCH_EXCLUSION_MISSING_TIMING,              /* no query has a passing measurement */
  GLAUX_BENCH_EXCLUSION_ZERO_TIMING,                 /* every median is 0 ms */
  GLAUX_BENCH_EXCLUSION_INSUFFICIENT_VALID_QUERIES,  /* fewer than 2 queries with a time > 0 */
  GLAUX_BENCH_EXCLUSION_INSUFFICIENT_QUERY_COVERAGE, /* under half of the benchmark's queries */
} GlauxBenchExclusion;

/* "no_queries", "missing_timing", …; NULL for NONE. */
const char *glaux_bench_exclusion_to_string  (GlauxBenchExclusion exclusion);
/* A translated sentence for people. */
const char *glaux_bench_exclusion_describe   (GlauxBenchExclusion exclusion);

/* One entry of queries[] (warm-ups included), in file order. */
typedef struct
{
  char     *query_id;   /* normalised: "Q1" → "1", letter suffixes kept ("1a") */
  int       iteration;  /* iter; -1 when not recorded */
  int       stream;     /* -1 when not recorded */
  gboolean  is_warmup;  /* run_type "warmup", or iter 0 without run_type */
  double    ms;         /* NAN when not recorded */
  gint64    rows;       /* -1 when not recorded */
  char     *status;     /* as recorded ("SUCCESS"); NULL when absent */
  gboolean  passed;     /* status SUCCESS/PASS (any case), or no status */
  double    dpu_ms;     /* dpu_execution_ms (Glaux recordings); NAN when absent */
  double    cost_usd;   /* cost_usd (Glaux recordings); NAN when absent */
} GlauxBenchExecution;

/* A query's measurements: the passing measurement executions, natural-sorted by id. */
typedef struct
{
  char    *query_id;
  guint    n_samples;   /* passing measurement executions */
  double  *samples;     /* their ms, ascending */
  double   median_ms;   /* NAN when n_samples == 0 */
  guint    n_failed;    /* failed measurement executions */
  double   dpu_ms;      /* median dpu_execution_ms of the samples that have it; NAN: none */
  double   cost_usd;    /* median cost_usd of the samples that have it; NAN: none */
} GlauxBenchQuery;

/* Which summary values Glaux computed because the file did not report them. */
typedef enum
{
  GLAUX_BENCH_SUMMARY_COUNTS   = 1 << 0,
  GLAUX_BENCH_SUMMARY_TOTAL    = 1 << 1,
  GLAUX_BENCH_SUMMARY_AVG      = 1 << 2,
  GLAUX_BENCH_SUMMARY_MIN      = 1 << 3,
  GLAUX_BENCH_SUMMARY_MAX      = 1 << 4,
  GLAUX_BENCH_SUMMARY_GEOMEAN  = 1 << 5,
  GLAUX_BENCH_SUMMARY_STDEV    = 1 << 6,
  GLAUX_BENCH_SUMMARY_P90      = 1 << 7,
  GLAUX_BENCH_SUMMARY_P95      = 1 << 8,
  GLAUX_BENCH_SUMMARY_P99      = 1 << 9,
} GlauxBenchSummaryFields;

/* summary.queries and summary.timing as reported (over measurement executions); a value the
 * file lacks is computed the way BenchBox does, or NAN when it cannot be (e.g. a geomean with a
 * 0 ms time, percentiles under 10 samples). */
typedef struct
{
  guint                   total;
  guint                   passed;
  guint                   failed;
  guint                   skipped;
  double                  total_ms;
  double                  avg_ms;
  double                  min_ms;
  double                  max_ms;
  double                  geometric_mean_ms;
  double                  stdev_ms;
  double                  p90_ms;
  double                  p95_ms;
  double                  p99_ms;
  GlauxBenchSummaryFields computed;
} GlauxBenchSummary;

/* An imported (or recorded) benchmark run: BenchBox result JSON 2.0–2.2, best effort 1.x.
 * Immutable once built, so it may be shared between threads. */
#define GLAUX_TYPE_BENCH_RUN (glaux_bench_run_get_type ())

G_DECLARE_FINAL_TYPE (GlauxBenchRun, glaux_bench_run, GLAUX, BENCH_RUN, GObject)

/* Import. The sync calls may block (file reads, parsing): call them from a worker thread, a
 * test or the command line. @bytes over GLAUX_BENCH_MAX_FILE_SIZE are refused. */
GlauxBenchRun         *glaux_bench_run_new_from_bytes       (GBytes               *bytes,
                                                             GError              **error);
GlauxBenchRun         *glaux_bench_run_new_from_json        (JsonNode             *root,
                                                             GError              **error);
GlauxBenchRun         *glaux_bench_run_new_from_file        (GFile                *file,
                                                             GCancellable         *cancellable,
                                                             GError              **error);
void                   glaux_bench_run_new_from_file_async  (GFile                *file,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GlauxBenchRun         *glaux_bench_run_new_from_file_finish (GAsyncResult         *result,
                                                             GError              **error);
void                   glaux_bench_run_new_from_bytes_async (GBytes               *bytes,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GlauxBenchRun         *glaux_bench_run_new_from_bytes_finish (GAsyncResult        *result,
                                                              GError             **error);

/* Export as a BenchBox 2.2 document; importing it gives the same identity and numbers. Blocks
 * not modelled (environment, phases, tables, …) are carried over from a 2.x source. */
JsonNode              *glaux_bench_run_to_json              (GlauxBenchRun        *self);
GBytes                *glaux_bench_run_to_bytes             (GlauxBenchRun        *self);

/* Identity */
const char            *glaux_bench_run_get_schema_version   (GlauxBenchRun        *self);
gboolean               glaux_bench_run_is_legacy            (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_benchmark_id     (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_benchmark_name   (GlauxBenchRun        *self);
double                 glaux_bench_run_get_scale_factor     (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_test_type        (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_platform_name    (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_platform_version (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_mode             (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_tuning_mode      (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_timestamp        (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_run_id           (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_sha256           (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_validation       (GlauxBenchRun        *self);
char                  *glaux_bench_run_dup_label            (GlauxBenchRun        *self);
guint                  glaux_bench_run_get_iterations       (GlauxBenchRun        *self);

/* Executions (file order) and queries (natural order) */
guint                  glaux_bench_run_get_n_executions     (GlauxBenchRun        *self);
const GlauxBenchExecution *glaux_bench_run_get_execution    (GlauxBenchRun        *self,
                                                             guint                 index);
guint                  glaux_bench_run_get_n_queries        (GlauxBenchRun        *self);
const GlauxBenchQuery *glaux_bench_run_get_query            (GlauxBenchRun        *self,
                                                             guint                 index);
const GlauxBenchQuery *glaux_bench_run_lookup_query         (GlauxBenchRun        *self,
                                                             const char           *query_id);
guint                  glaux_bench_run_get_logical_query_count (GlauxBenchRun     *self);

/* Numbers */
const GlauxBenchSummary *glaux_bench_run_get_summary        (GlauxBenchRun        *self);
double                 glaux_bench_run_get_geomean_ms       (GlauxBenchRun        *self);
double                 glaux_bench_run_get_power_at_size    (GlauxBenchRun        *self);
double                 glaux_bench_run_get_throughput_at_size (GlauxBenchRun      *self);
double                 glaux_bench_run_get_qph_at_size      (GlauxBenchRun        *self);
gboolean               glaux_bench_run_get_tpc_suppressed   (GlauxBenchRun        *self);
double                 glaux_bench_run_get_cost_usd         (GlauxBenchRun        *self);
const char            *glaux_bench_run_get_cost_model       (GlauxBenchRun        *self);
GlauxBenchExclusion    glaux_bench_run_get_exclusion        (GlauxBenchRun        *self);

/* Helpers shared with the comparison and tests (pure functions). */
char                  *glaux_bench_normalize_query_id       (const char           *raw_id);
int                    glaux_bench_compare_query_ids        (const char           *a,
                                                             const char           *b);
double                 glaux_bench_median                   (const double         *values,
                                                             guint                 n_values);
double                 glaux_bench_geomean                  (const double         *values,
                                                             guint                 n_values);
char                  *glaux_bench_canonical_benchmark_id   (const char           *raw_id);
char                  *glaux_bench_sha256_bytes             (GBytes               *bytes);

G_END_DECLS
