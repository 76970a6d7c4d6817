/* glaux-connection-view.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection-list.h"
#include "glaux-session-monitor.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CONNECTION_VIEW (glaux_connection_view_get_type ())

/* Everything the window shows for one connection: the sidebar with the connection switcher and
 * the workgroups, the sessions of the selected workgroup, and the session page, in a leaflet
 * that folds on narrow windows. Each connection has its own view, so switching keeps what was
 * selected. Actions under "view.": new-workgroup, edit-workgroup, enable-workgroup,
 * disable-workgroup, delete-workgroup, new-session, terminate-selected, refresh, retry, go-back,
 * edit-connection, session-filter, show-usage (the whole connection's usage in the content
 * pane, which otherwise shows the selected session, or the selected workgroup's usage). */
G_DECLARE_FINAL_TYPE (GlauxConnectionView, glaux_connection_view, GLAUX, CONNECTION_VIEW, GtkWidget)

GlauxConnectionView *glaux_connection_view_new            (GlauxConnection     *connection,
                                                          GlauxConnectionList *connections);
GlauxConnection     *glaux_connection_view_get_connection (GlauxConnectionView *self);
GlauxSessionMonitor *glaux_connection_view_get_monitor    (GlauxConnectionView *self);
/* Selects a workgroup by name once it is listed (now, or when the monitor lists it). */
void                 glaux_connection_view_select_workgroup (GlauxConnectionView *self,
                                                            const char          *name);
/* Selects a listed session and shows it on the session page. */
gboolean             glaux_connection_view_select_session (GlauxConnectionView *self,
                                                          const char          *session_id);

G_END_DECLS
