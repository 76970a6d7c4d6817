/* glaux-session-chart.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-chart.h"
#include "glaux-history-store.h"
#include "glaux-session-monitor.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_SESSION_CHART (glaux_session_chart_get_type ())

/* One session's DPUs over time (coordinator and executors stacked, left axis), its cumulative
 * estimated cost (right axis) and its calculations as labelled spans, with an export menu.
 * History comes from the store, read off the main thread, so an ended session keeps its chart
 * after a restart even when Athena no longer lists it; a watched session then follows the
 * monitor's answers live (samples appended, never reloaded) and the store's newly recorded
 * calculations. A calculation still running shows as a span from when the session went BUSY.
 * Property: loading (gboolean, history being read). */
G_DECLARE_FINAL_TYPE (GlauxSessionChart, glaux_session_chart, GLAUX, SESSION_CHART, GtkWidget)

GlauxSessionChart *glaux_session_chart_new            (void);
/* A watched session; its history store is the monitor's (none: live samples only). */
void               glaux_session_chart_set_watch      (GlauxSessionChart   *self,
                                                       GlauxSessionMonitor *monitor,
                                                       GlauxSessionWatch   *watch);
/* A session known only to the history (ended, maybe forgotten by Athena). @region prices it. */
void               glaux_session_chart_set_session    (GlauxSessionChart   *self,
                                                       GlauxHistoryStore   *store,
                                                       const char          *connection_id,
                                                       const char          *region,
                                                       const char          *session_id);
const char        *glaux_session_chart_get_session_id (GlauxSessionChart   *self);
gboolean           glaux_session_chart_get_loading    (GlauxSessionChart   *self);
GlauxChart        *glaux_session_chart_get_chart      (GlauxSessionChart   *self);
guint              glaux_session_chart_get_n_samples  (GlauxSessionChart   *self);
guint              glaux_session_chart_get_n_spans    (GlauxSessionChart   *self);

G_END_DECLS
