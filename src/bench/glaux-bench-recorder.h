/* glaux-bench-recorder.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-connection.h"
#include "glaux-cost-model.h"
#include "glaux-query-set.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_BENCH_RECORDER (glaux_bench_recorder_get_type ())

/* Records a power run of a query set in one session: 1 warm-up iteration, then N measured
 * iterations, each query one calculation after the other (GlauxCalculationRun). Per execution:
 * the time between the service's SubmissionDateTime and CompletionDateTime (millisecond
 * resolution; the client's poll interval does not enter it), the rows of the result (its
 * Result.ResultS3Uri read through the connection's S3 client and counted by the results
 * parser), the status, DpuExecutionInMillis and its estimated cost (GlauxCostModel
 * cost_for_dpu_millis for the connection's region). A failing query is recorded FAILED with its
 * error and the run goes on. The result is a BenchBox 2.2 document (see
 * benchbox-format.md §3) with Glaux's extras queries[].dpu_execution_ms and queries[].cost_usd.
 *
 * Properties: n-done (executions finished), n-total ((1 + iterations) × queries).
 * Signals:
 *   execution-started (const char *query_id, guint iteration) before each execution
 *     (iteration 0 is the warm-up);
 *   execution-finished (const char *query_id, guint iteration, const char *status, double ms)
 *     after it (ms: NAN when the service gave no times). */
G_DECLARE_FINAL_TYPE (GlauxBenchRecorder, glaux_bench_recorder, GLAUX, BENCH_RECORDER, GObject)

/* @iterations: measured iterations (≥ 1). The connection must be READY while running. */
GlauxBenchRecorder *glaux_bench_recorder_new              (GlauxConnection      *connection,
                                                           const char           *session_id,
                                                           GlauxQuerySet        *query_set,
                                                           guint                 iterations);
/* benchmark.scale_factor. Default: for the TPC-H preset on glaux-local, the SF loaded in its
 * catalog (glaux_tpch_get_loaded_scale_factor, read when the run starts); otherwise 1. */
void                glaux_bench_recorder_set_scale_factor (GlauxBenchRecorder   *self,
                                                           double                scale_factor);
/* Default: glaux_cost_model_get_default(). */
void                glaux_bench_recorder_set_cost_model   (GlauxBenchRecorder   *self,
                                                           GlauxCostModel       *cost_model);
guint               glaux_bench_recorder_get_n_done       (GlauxBenchRecorder   *self);
guint               glaux_bench_recorder_get_n_total      (GlauxBenchRecorder   *self);

/* Runs once (a second call fails). Cancelling stops the running calculation
 * (StopCalculationExecution), waits for it to end and fails with G_IO_ERROR_CANCELLED. Main
 * thread. */
void                glaux_bench_recorder_run_async        (GlauxBenchRecorder   *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
/* The BenchBox 2.2 document (transfer full). */
JsonNode           *glaux_bench_recorder_run_finish       (GlauxBenchRecorder   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
