/* glaux-alert-monitor.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-cost-model.h"
#include "glaux-history-store.h"
#include "glaux-session-monitor.h"

G_BEGIN_DECLS

/* µs since the Unix epoch, like g_get_real_time(). */
typedef gint64 (*GlauxAlertClockFunc) (gpointer user_data);

#define GLAUX_TYPE_ALERT_MONITOR (glaux_alert_monitor_get_type ())

/* Watches every active session of every workgroup of one connection for money burning
 * unnoticed. The selected workgroup's sessions come from the (shared) session monitor, which
 * polls them anyway; the other Spark workgroups are listed (ListSessions) once per interval,
 * and their sessions asked for (GetSession) once per interval when their cost matters (a budget
 * or a history store is set) — never a session twice per interval. Holds the session monitor
 * started while it lives.
 *
 * Properties (all notify):
 *   session-monitor         GlauxSessionMonitor (construct-only)
 *   cost-model              GlauxCostModel (NULL at construction: the default one)
 *   history-store           GlauxHistoryStore: today's cost comes from its daily query, and the
 *                           sessions only this monitor sees are recorded there
 *   idle-threshold-seconds  double, 0: idle alerts off
 *   daily-budget            double, US dollars per local day, 0: none
 *   budget-notified-day     char*, "YYYY-MM-DD": the local day "budget-exceeded" was last
 *                           emitted (the application keeps it across restarts)
 *   interval-ms             guint, how often to look (0: the default, 15 s)
 *
 * Signals:
 *   idle-alert (GlauxSession *session, double idle_seconds, double cost_per_hour): @session
 *     has been IDLE longer than the threshold; once per idle period, and not while kept.
 *   budget-exceeded (double cost_today, double budget): the connection's cost today (the
 *     user's local day) reached its budget; once per local day. */
G_DECLARE_FINAL_TYPE (GlauxAlertMonitor, glaux_alert_monitor, GLAUX, ALERT_MONITOR, GObject)

GlauxAlertMonitor   *glaux_alert_monitor_new                        (GlauxSessionMonitor *monitor);
GlauxSessionMonitor *glaux_alert_monitor_get_session_monitor        (GlauxAlertMonitor   *self);
GlauxConnection     *glaux_alert_monitor_get_connection             (GlauxAlertMonitor   *self);
double               glaux_alert_monitor_get_idle_threshold_seconds (GlauxAlertMonitor   *self);
void                 glaux_alert_monitor_set_idle_threshold_seconds (GlauxAlertMonitor   *self,
                                                                     double               seconds);
double               glaux_alert_monitor_get_daily_budget           (GlauxAlertMonitor   *self);
void                 glaux_alert_monitor_set_daily_budget           (GlauxAlertMonitor   *self,
                                                                     double               dollars);
const char          *glaux_alert_monitor_get_budget_notified_day    (GlauxAlertMonitor   *self);
void                 glaux_alert_monitor_set_budget_notified_day    (GlauxAlertMonitor   *self,
                                                                     const char          *day);
void                 glaux_alert_monitor_set_history_store          (GlauxAlertMonitor   *self,
                                                                     GlauxHistoryStore   *history);
void                 glaux_alert_monitor_set_interval               (GlauxAlertMonitor   *self,
                                                                     guint                interval_ms);
/* Replaces the clock ("now" for idle times and for which local day it is); NULL: the real one.
 * Tests move "today" with it instead of waiting for midnight. */
void                 glaux_alert_monitor_set_clock                  (GlauxAlertMonitor   *self,
                                                                     GlauxAlertClockFunc  clock,
                                                                     gpointer             user_data);

/* "Keep": no more idle alerts for the session until it next becomes busy. */
void                 glaux_alert_monitor_keep_session               (GlauxAlertMonitor   *self,
                                                                     const char          *session_id);
/* The live session with @session_id as last seen (NULL if not seen). */
GlauxSession        *glaux_alert_monitor_lookup_session             (GlauxAlertMonitor   *self,
                                                                     const char          *session_id);
/* Looks now (sessions, alerts, budget) instead of at the next interval. */
void                 glaux_alert_monitor_check                      (GlauxAlertMonitor   *self);

/* The local day of @time (µs since the Unix epoch) as "YYYY-MM-DD". */
char                *glaux_alert_monitor_format_day                 (gint64               time);

G_END_DECLS
