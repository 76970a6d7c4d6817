/* glaux-local-python-worker.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLAUX_LOCAL_PYTHON_ERROR (glaux_local_python_error_quark ())

/**
 * GlauxLocalPythonError:
 * @GLAUX_LOCAL_PYTHON_ERROR_NOT_FOUND: no python3 on PATH; the message is the text to show
 *   in the calculation's stderr ("Python code blocks need python3, which was not found on PATH;
 *   SQL blocks (%%sql) still work.")
 * @GLAUX_LOCAL_PYTHON_ERROR_SPAWN_FAILED: python3 exists but could not be started
 * @GLAUX_LOCAL_PYTHON_ERROR_BUSY: a code block is already running in this worker
 *
 * Errors from glaux_local_python_worker_run_finish() mean the code never ran. Once the code has
 * started, every ending (success, exception, interrupt, worker crash, stop) is reported as a
 * #GlauxLocalPythonOutcome instead, except a cancelled #GCancellable (%G_IO_ERROR_CANCELLED).
 */
typedef enum
{
  GLAUX_LOCAL_PYTHON_ERROR_NOT_FOUND,
  GLAUX_LOCAL_PYTHON_ERROR_SPAWN_FAILED,
  GLAUX_LOCAL_PYTHON_ERROR_BUSY,
} GlauxLocalPythonError;

GQuark glaux_local_python_error_quark (void);

#define GLAUX_TYPE_LOCAL_PYTHON_OUTCOME (glaux_local_python_outcome_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalPythonOutcome, glaux_local_python_outcome,
                      GLAUX, LOCAL_PYTHON_OUTCOME, GObject)

/* completed: the block ran to its end (calculation COMPLETED).
 * canceled: it was interrupted by glaux_local_python_worker_interrupt() (CANCELED).
 * Neither: it failed (FAILED); stderr holds the traceback or the reason.
 * stdout/stderr are never NULL (possibly empty); result_csv is the result table (CSV, RFC 4180,
 * header row) from display(df) or a DataFrame as the last expression, or NULL when there is none.
 * error_summary is one line such as "NameError: name 'foobar' is not defined" (NULL on success). */
gboolean    glaux_local_python_outcome_get_completed     (GlauxLocalPythonOutcome *self);
gboolean    glaux_local_python_outcome_get_canceled      (GlauxLocalPythonOutcome *self);
GBytes     *glaux_local_python_outcome_get_stdout        (GlauxLocalPythonOutcome *self);
GBytes     *glaux_local_python_outcome_get_stderr        (GlauxLocalPythonOutcome *self);
GBytes     *glaux_local_python_outcome_get_result_csv    (GlauxLocalPythonOutcome *self);
const char *glaux_local_python_outcome_get_error_summary (GlauxLocalPythonOutcome *self);

#define GLAUX_TYPE_LOCAL_PYTHON_WORKER (glaux_local_python_worker_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalPythonWorker, glaux_local_python_worker,
                      GLAUX, LOCAL_PYTHON_WORKER, GObject)

/* One long-lived python3 process (started on the first run, or by _start()); variables persist
 * between runs like a notebook. It emits "exited" (no arguments) whenever that process ends,
 * whatever the reason; the next run starts a fresh one. Dispose stops the process.
 * started_at / ended_at: g_get_real_time () of the current (or last) process's start and end in
 * microseconds; 0 when never started / while still running. The pid is 0 when not running. */
GlauxLocalPythonWorker  *glaux_local_python_worker_new        (const char              *catalog);
gboolean                 glaux_local_python_worker_start      (GlauxLocalPythonWorker  *self,
                                                               GError                 **error);
void                     glaux_local_python_worker_run_async  (GlauxLocalPythonWorker  *self,
                                                               const char              *code,
                                                               GCancellable            *cancellable,
                                                               GAsyncReadyCallback      callback,
                                                               gpointer                 user_data);
GlauxLocalPythonOutcome *glaux_local_python_worker_run_finish (GlauxLocalPythonWorker  *self,
                                                               GAsyncResult            *result,
                                                               GError                 **error);
void                     glaux_local_python_worker_interrupt  (GlauxLocalPythonWorker  *self);
void                     glaux_local_python_worker_stop       (GlauxLocalPythonWorker  *self);

gboolean glaux_local_python_worker_is_running     (GlauxLocalPythonWorker *self);
gboolean glaux_local_python_worker_is_busy        (GlauxLocalPythonWorker *self);
GPid     glaux_local_python_worker_get_pid        (GlauxLocalPythonWorker *self);
gint64   glaux_local_python_worker_get_started_at (GlauxLocalPythonWorker *self);
gint64   glaux_local_python_worker_get_ended_at   (GlauxLocalPythonWorker *self);

G_END_DECLS
