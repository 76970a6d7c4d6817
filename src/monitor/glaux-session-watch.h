/* glaux-session-watch.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-session.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_SESSION_WATCH (glaux_session_watch_get_type ())

/* What the monitor knows about one session beyond the session itself: the DPUs it holds now
 * (coordinator + executors from ListExecutors, each × its size) and its executors. Widgets
 * bind to its properties: session (GlauxSession), dpus-now (int, -1: not known yet),
 * executors (GListModel of GlauxExecutor, newest first), last-updated (gint64, g_get_real_time()
 * of the last answer, 0: never). The monitor owns and updates it. */
G_DECLARE_FINAL_TYPE (GlauxSessionWatch, glaux_session_watch, GLAUX, SESSION_WATCH, GObject)

GlauxSessionWatch *glaux_session_watch_new              (GlauxSession      *session);
GlauxSession      *glaux_session_watch_get_session      (GlauxSessionWatch *self);
int                glaux_session_watch_get_dpus_now     (GlauxSessionWatch *self);
GListModel        *glaux_session_watch_get_executors    (GlauxSessionWatch *self);
gint64             glaux_session_watch_get_last_updated (GlauxSessionWatch *self);

/* For the monitor: replace the executors (keeps GlauxExecutor identity by id) and recompute
 * dpus-now from the ones not in a terminal state. */
void               glaux_session_watch_update_executors (GlauxSessionWatch *self,
                                                         GPtrArray         *executors);
void               glaux_session_watch_set_last_updated (GlauxSessionWatch *self,
                                                         gint64             real_time);

G_END_DECLS
