/* glaux-session-monitor.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-connection.h"
#include "glaux-history-store.h"
#include "glaux-session-watch.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_SESSION_MONITOR (glaux_session_monitor_get_type ())

/* Keeps one connection's workgroups and the sessions of one selected workgroup up to date by
 * polling adaptively: the fast interval while any listed session is CREATING, CREATED, BUSY or
 * TERMINATING, the slow one while they are idle; an ended session is fetched once more and then
 * left alone. Each watched resource has at most one request in flight (no storms, no overlap);
 * everything in flight is cancelled by glaux_session_monitor_stop() and on dispose.
 *
 * Properties (all notify):
 *   connection     GlauxConnection (construct-only)
 *   workgroups     GListModel of GlauxWorkgroup (ListWorkGroups, then GetWorkGroup for each, so
 *                  the engine is known), sorted by name; identity kept across refreshes
 *   workgroup      char*, the workgroup whose sessions are listed (NULL: none)
 *   sessions       GListModel of GlauxSessionWatch, newest first; identity kept
 *   include-ended  gboolean, also list TERMINATED / FAILED / DEGRADED / TERMINATING sessions
 *   last-updated   gint64, g_get_real_time() of the last successful answer (0: never)
 *   offline        gboolean, the last request failed on the network (or glaux-local is gone);
 *                  the last known state stays in the models, which the UI marks stale
 *   offline-error  GError (boxed), why offline; NULL when online
 *   loading        gboolean, requests in flight
 *
 * Signals:
 *   error (GError *error): an AWS error answer (not a network failure) to a monitor request,
 *                          for the UI to show once as a toast; the same error is not emitted
 *                          again on every tick. */
G_DECLARE_FINAL_TYPE (GlauxSessionMonitor, glaux_session_monitor, GLAUX, SESSION_MONITOR, GObject)

GlauxSessionMonitor *glaux_session_monitor_new                (GlauxConnection     *connection);
/* The one monitor shared by every window showing @connection and the application's alerts
 * (made on first use, kept while someone holds a reference). The workgroup whose sessions are
 * listed is shared too: the last one selected wins. */
GlauxSessionMonitor *glaux_session_monitor_dup_for_connection (GlauxConnection     *connection);
GlauxConnection     *glaux_session_monitor_get_connection     (GlauxSessionMonitor *self);
GListModel          *glaux_session_monitor_get_workgroups     (GlauxSessionMonitor *self);
GListModel          *glaux_session_monitor_get_sessions       (GlauxSessionMonitor *self);
const char          *glaux_session_monitor_get_workgroup      (GlauxSessionMonitor *self);
void                 glaux_session_monitor_set_workgroup      (GlauxSessionMonitor *self,
                                                               const char          *workgroup);
gboolean             glaux_session_monitor_get_include_ended  (GlauxSessionMonitor *self);
void                 glaux_session_monitor_set_include_ended  (GlauxSessionMonitor *self,
                                                               gboolean             include_ended);
gint64               glaux_session_monitor_get_last_updated   (GlauxSessionMonitor *self);
gboolean             glaux_session_monitor_get_offline        (GlauxSessionMonitor *self);
const GError        *glaux_session_monitor_get_offline_error  (GlauxSessionMonitor *self);
gboolean             glaux_session_monitor_get_loading        (GlauxSessionMonitor *self);
void                 glaux_session_monitor_set_intervals      (GlauxSessionMonitor *self,
                                                               guint                fast_ms,
                                                               guint                slow_ms);

/* Starts polling (connecting the connection first when needed). Calls are counted, so that
 * a shared monitor runs while any of its users wants it: each start() is matched by a stop(). */
void                 glaux_session_monitor_start              (GlauxSessionMonitor *self);
/* Once every start() has its stop(): cancels everything in flight and stops the timers; the
 * models keep their contents. */
void                 glaux_session_monitor_stop               (GlauxSessionMonitor *self);
/* Asks for everything now (F5), without doubling a request already in flight. */
void                 glaux_session_monitor_refresh            (GlauxSessionMonitor *self);
/* After a network failure: reconnects the connection when it is not READY (glaux-local is
 * started again), then refreshes. */
void                 glaux_session_monitor_retry              (GlauxSessionMonitor *self);

/* The watch of a listed session (NULL if not listed). */
GlauxSessionWatch   *glaux_session_monitor_lookup             (GlauxSessionMonitor *self,
                                                               const char          *session_id);
/* A session just started or changed by the UI: listed at once (when it belongs to the
 * selected workgroup) and polled fast. Returns its watch, or NULL for a session of another
 * workgroup. */
GlauxSessionWatch   *glaux_session_monitor_add_session        (GlauxSessionMonitor *self,
                                                               GlauxSession        *session);
/* The session shown on the session page: its executors are polled too (ListExecutors). Other
 * listed sessions get GetSession only, and their executors once per slow tick for dpus-now.
 * NULL: none. */
void                 glaux_session_monitor_set_focus          (GlauxSessionMonitor *self,
                                                               GlauxSessionWatch   *watch);

/* Where to record what is seen (NULL: nowhere): a DPU sample per answer about a listed session
 * (GetSession, ListExecutors), its row on every state change, and, when it leaves BUSY or ends,
 * its calculations that ended (ListCalculationExecutions, then GetCalculationExecution once
 * for each not recorded yet). */
void                 glaux_session_monitor_set_history_store  (GlauxSessionMonitor *self,
                                                               GlauxHistoryStore   *history);
GlauxHistoryStore   *glaux_session_monitor_get_history_store  (GlauxSessionMonitor *self);

G_END_DECLS
