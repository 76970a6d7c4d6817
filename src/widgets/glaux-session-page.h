/* glaux-session-page.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-session-chart.h"
#include "glaux-session-monitor.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_SESSION_PAGE (glaux_session_page_get_type ())

/* One session: a header (state badge with its reason, engine version, started, idle since, DPUs
 * now, DPU-hours and cost so far, a Terminate button that asks first), a chart of its DPUs, cost
 * and calculations over time (GlauxSessionChart), the executor list (type,
 * size, state, start and end), and for "Apache Spark version 3.5" sessions the Spark UI link
 * (GetResourceDashboard), the Spark Connect endpoint (GetSessionEndpoint) and a plain note
 * that running code there needs Spark Connect. Everything follows the watch live; while the
 * monitor is offline the figures are marked stale. The lower part (a GtkBox, "content") is
 * where the editor goes later.
 * Action: "session.terminate" (asks, then TerminateSession). */
G_DECLARE_FINAL_TYPE (GlauxSessionPage, glaux_session_page, GLAUX, SESSION_PAGE, GtkWidget)

GlauxSessionPage  *glaux_session_page_new         (void);
void               glaux_session_page_set_watch   (GlauxSessionPage    *self,
                                                   GlauxSessionMonitor *monitor,
                                                   GlauxSessionWatch   *watch);
GlauxSessionWatch *glaux_session_page_get_watch   (GlauxSessionPage    *self);
GtkBox            *glaux_session_page_get_content (GlauxSessionPage    *self);
GlauxSessionChart *glaux_session_page_get_chart   (GlauxSessionPage    *self);

G_END_DECLS
