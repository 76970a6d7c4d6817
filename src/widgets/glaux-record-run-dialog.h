/* glaux-record-run-dialog.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-bench-library.h"
#include "glaux-connection-list.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_RECORD_RUN_DIALOG (glaux_record_run_dialog_get_type ())

/* Records a benchmark run: a connection, one of its idle sessions (or one started from here),
 * a query set (the TPC-H preset, loaded on demand into glaux-local's catalog at SF 0.01 or 0.1,
 * all 22 queries or a subset; or a folder of .sql / .py files), the measured iterations after
 * one warm-up; progress per query, Stop; the finished run goes into @library as a recorded run.
 *
 * Actions under "record.": start, stop, start-session, choose-folder.
 * Signal: recorded (GlauxBenchEntry *entry), once the run is in the library. */
G_DECLARE_FINAL_TYPE (GlauxRecordRunDialog, glaux_record_run_dialog, GLAUX, RECORD_RUN_DIALOG, AdwWindow)

/* @connections (nullable): without it, only glaux_record_run_dialog_set_connection() sets one. */
GlauxRecordRunDialog *glaux_record_run_dialog_new             (GtkWindow            *parent,
                                                               GlauxConnectionList  *connections,
                                                               GlauxBenchLibrary    *library);
void                  glaux_record_run_dialog_set_connection  (GlauxRecordRunDialog *self,
                                                               GlauxConnection      *connection);
/* Picks the workgroup and, once it is listed idle, the session. */
void                  glaux_record_run_dialog_set_session     (GlauxRecordRunDialog *self,
                                                               const char           *workgroup,
                                                               const char           *session_id);
/* The TPC-H preset at @scale_factor; @query_ids (nullable): a subset such as "1, 3, 6". */
void                  glaux_record_run_dialog_set_tpch        (GlauxRecordRunDialog *self,
                                                               double                scale_factor,
                                                               const char           *query_ids);
void                  glaux_record_run_dialog_set_iterations  (GlauxRecordRunDialog *self,
                                                               guint                 iterations);
/* The session chosen (NULL: none yet). */
const char           *glaux_record_run_dialog_get_session_id  (GlauxRecordRunDialog *self);
/* Whether a recording (or the TPC-H load before it) is under way. */
gboolean              glaux_record_run_dialog_get_running     (GlauxRecordRunDialog *self);

G_END_DECLS
