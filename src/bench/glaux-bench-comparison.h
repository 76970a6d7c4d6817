/* glaux-bench-comparison.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-bench-run.h"

G_BEGIN_DECLS

#define GLAUX_BENCH_COMPARISON_MAX_OTHERS 4

/* Bands of a % change against the baseline (benchmark-format.md §8.3 and issue 8), with
 * Δ = (other − baseline) / baseline × 100:
 *
 *   |Δ| ≤ 5            TIE
 *   5 < Δ ≤ 10         SLOWER            −10 ≤ Δ < −5      FASTER
 *   10 < Δ ≤ 25        MINOR_SLOWER      −25 ≤ Δ < −10     MINOR_FASTER
 *   25 < Δ ≤ 50        MAJOR_SLOWER      −50 ≤ Δ < −25     MAJOR_FASTER
 *   Δ > 50             CRITICAL_SLOWER   Δ < −50           CRITICAL_FASTER
 *
 * Each edge belongs to the milder band ("> 10 %" is minor, exactly 10 % is not); values within
 * 1e-9 of an edge count as on it, so 110 ms vs 100 ms is exactly 10 %. Improvements mirror the
 * regression edges on the same percentage scale. NONE: no change can be computed (a median is
 * missing, or the baseline's is 0). */
typedef enum
{
  GLAUX_BENCH_BAND_NONE,
  GLAUX_BENCH_BAND_TIE,
  GLAUX_BENCH_BAND_SLOWER,
  GLAUX_BENCH_BAND_MINOR_SLOWER,
  GLAUX_BENCH_BAND_MAJOR_SLOWER,
  GLAUX_BENCH_BAND_CRITICAL_SLOWER,
  GLAUX_BENCH_BAND_FASTER,
  GLAUX_BENCH_BAND_MINOR_FASTER,
  GLAUX_BENCH_BAND_MAJOR_FASTER,
  GLAUX_BENCH_BAND_CRITICAL_FASTER,
} GlauxBenchBand;

#define GLAUX_BENCH_TIE_PCT      5.0
#define GLAUX_BENCH_MINOR_PCT   10.0
#define GLAUX_BENCH_MAJOR_PCT   25.0
#define GLAUX_BENCH_CRITICAL_PCT 50.0

/* Pure maths (NAN in, NAN out). */
double          glaux_bench_change_pct        (double          baseline_ms,
                                               double          other_ms);
double          glaux_bench_speedup           (double          baseline_ms,
                                               double          other_ms);
GlauxBenchBand  glaux_bench_classify_change   (double          change_pct);
/* "tie", "slower", "minor_slower", …, "critical_faster"; NULL for NONE. */
const char     *glaux_bench_band_to_string    (GlauxBenchBand  band);
/* Translated: "Tie", "Minor regression", "Critical improvement", … */
const char     *glaux_bench_band_describe     (GlauxBenchBand  band);
gboolean        glaux_bench_band_is_slower    (GlauxBenchBand  band);
gboolean        glaux_bench_band_is_faster    (GlauxBenchBand  band);
/* "10", "10%", "10 %" → 10; "0.1" (a fraction below 1) → 10. FALSE for anything else. */
gboolean        glaux_bench_parse_threshold   (const char     *text,
                                               double         *pct);

/* One query across the runs (index 0 is the baseline). Arrays have n_runs entries. */
typedef struct
{
  char           *query_id;
  double         *median_ms;    /* NAN: missing in that run (no passing measurement) */
  double         *change_pct;   /* vs the baseline; [0] = 0; NAN when either is missing */
  GlauxBenchBand *band;         /* [0] = TIE; NONE when no change */
  double         *cost_usd;     /* per-query cost (Glaux recordings); NAN: none */
  gboolean        in_all_runs;  /* a "common" query: it counts in geomean and totals */
} GlauxBenchComparisonRow;

/* A run's figures over the common queries. */
typedef struct
{
  double          geomean_ms;          /* of the per-query medians of the common queries */
  double          geomean_change_pct;  /* vs the baseline's; 0 for the baseline */
  GlauxBenchBand  geomean_band;
  double          total_ms;            /* sum of those medians */
  double          total_change_pct;
  double          speedup;             /* baseline geomean / this geomean; 1 for the baseline */
  double          cost_usd;            /* the run's cost (glaux_bench_run_get_cost_usd); NAN */
  const char     *cost_model;
  double          cost_per_query_usd;  /* cost / queries with a median; NAN without a cost */
  guint           n_queries;           /* queries with a median in this run */
  guint           n_faster;            /* common queries in a FASTER band or better */
  guint           n_slower;            /* common queries in a SLOWER band or worse */
  guint           n_ties;
} GlauxBenchRunTotals;

/* A baseline and up to four other runs of the same benchmark and scale factor. Immutable. */
#define GLAUX_TYPE_BENCH_COMPARISON (glaux_bench_comparison_get_type ())

G_DECLARE_FINAL_TYPE (GlauxBenchComparison, glaux_bench_comparison, GLAUX, BENCH_COMPARISON, GObject)

/* Refuses (GLAUX_BENCH_ERROR_NOT_COMPARABLE) different canonical benchmarks or scale factors and
 * runs that are excluded (e.g. no_queries); more than four others is TOO_MANY_RUNS. */
GlauxBenchComparison      *glaux_bench_comparison_new          (GlauxBenchRun        *baseline,
                                                                GlauxBenchRun * const *others,
                                                                guint                 n_others,
                                                                GError              **error);

guint                      glaux_bench_comparison_get_n_runs   (GlauxBenchComparison *self);
GlauxBenchRun             *glaux_bench_comparison_get_run      (GlauxBenchComparison *self,
                                                                guint                 index);
/* Specific sentences (translated), NULL-terminated; empty when the runs match. */
const char * const        *glaux_bench_comparison_get_warnings (GlauxBenchComparison *self);
/* Every query of any run, natural order. */
guint                      glaux_bench_comparison_get_n_rows   (GlauxBenchComparison *self);
const GlauxBenchComparisonRow *glaux_bench_comparison_get_row  (GlauxBenchComparison *self,
                                                                guint                 index);
guint                      glaux_bench_comparison_get_n_common_queries (GlauxBenchComparison *self);
const GlauxBenchRunTotals *glaux_bench_comparison_get_totals   (GlauxBenchComparison *self,
                                                                guint                 index);
/* TRUE when any common query or any run's geomean is slower than the baseline by more than
 * @threshold_pct (e.g. 10). */
gboolean                   glaux_bench_comparison_has_regression (GlauxBenchComparison *self,
                                                                  double                threshold_pct);

G_END_DECLS
