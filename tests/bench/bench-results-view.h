/* bench-results-view.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-bench-util.h"
#include "glaux-s3-client.h"

G_BEGIN_DECLS

/* Frames of a visible GlauxResultView while a GlauxResultLoader fills its table. */
typedef struct
{
  double worst_frame_ms;    /* the longest frame (update, layout, paint) of the run */
  double worst_frame_cpu_ms; /* the most main-thread CPU time one frame took */
  double worst_phases_ms[3]; /* that frame's update (the view's flush) and layout, its paint,
                              * and the after-paint phase */
  double worst_interval_ms; /* the longest wait between two frames, the loader's work included */
  double median_frame_ms;
  double ingest_ms;         /* start of the download to the last row in the view's model */
  int    n_frames;
} BenchViewIngest;

gboolean        bench_results_view_init   (char          **argv);
BenchViewIngest bench_results_view_ingest (GlauxS3Client  *s3,
                                           const char     *s3_uri,
                                           guint           expected_rows);
double          bench_results_view_redraw (guint           n_frames);
void            bench_results_view_close  (void);

G_END_DECLS
