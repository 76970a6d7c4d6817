/* glaux-bench-util.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every benchmark program shares: the statistics over its timed runs, the one
 * machine-readable `GLAUX-BENCH {json}` line per figure that build-aux/bench-report collects,
 * and running under a private Xvfb. Exit statuses: 0 all targets met, 1 a target missed,
 * 2 bad options, 3 a step failed. */

#define GLAUX_BENCH_EXIT_MISSED 1
#define GLAUX_BENCH_EXIT_USAGE  2
#define GLAUX_BENCH_EXIT_FAILED 3

typedef struct
{
  double median;
  double min;
  double max;
  int    runs;
} GlauxBenchSpread;

/* Which number the target is about. */
typedef enum
{
  GLAUX_BENCH_TARGET_NONE,   /* reported for scale only */
  GLAUX_BENCH_TARGET_VALUE,  /* Glaux's own figure, in @unit */
  GLAUX_BENCH_TARGET_RATIO,  /* the ratio */
} GlauxBenchTargetOn;

typedef struct
{
  const char         *id;          /* stable key, e.g. "ingest-vs-curl" */
  const char         *what;        /* one line for the README table */
  double              glaux;       /* Glaux's median */
  const char         *reference_name; /* what the reference is, NULL when there is none */
  double              reference;   /* the reference's median, NAN when there is none */
  const char         *unit;        /* of glaux and reference */
  double              ratio;       /* as the target reads it, NAN when none */
  const char         *ratio_of;    /* how the ratio is formed, e.g. "Glaux ÷ curl" */
  GlauxBenchTargetOn  target_on;
  gboolean            higher_is_better;
  double              target;
  GlauxBenchSpread    spread;      /* of the ratio when the target is on it, else of Glaux's */
} GlauxBenchFigure;

GlauxBenchSpread glaux_bench_spread           (const double           *samples,
                                               int                     count);
gboolean         glaux_bench_report           (const GlauxBenchFigure *figure);

G_NORETURN void  glaux_bench_fail             (const char             *format,
                                               ...) G_GNUC_PRINTF (1, 2);
void             glaux_bench_remove_tree      (const char             *path);
char            *glaux_bench_make_xdg_dirs    (char                 ***envp);
guint64          glaux_bench_process_cpu_ticks (GPid                   pid);
void             glaux_bench_child_setup      (gpointer                user_data);

void             glaux_bench_run_under_xvfb   (char                  **argv,
                                               gboolean                session_bus);

G_END_DECLS
