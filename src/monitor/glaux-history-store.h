/* glaux-history-store.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-calculation.h"
#include "glaux-cost-model.h"
#include "glaux-session-watch.h"
#include "glaux-session.h"

G_BEGIN_DECLS

/* The schema this version writes (PRAGMA user_version). */
#define GLAUX_HISTORY_STORE_SCHEMA_VERSION 2
#define GLAUX_HISTORY_STORE_DEFAULT_RETENTION_DAYS 90

/* All times are µs since the Unix epoch (g_get_real_time()); 0 means unknown. */

/* A session's samples, as parallel arrays for charts: sample i is times[i], coordinator_dpus[i],
 * executor_dpus[i], dpu_millis[i] (the session's running DpuExecutionInMillis). Reference
 * counted, immutable, safe to hand to a worker thread. */
typedef struct
{
  guint   n_samples;
  gint64 *times;
  double *coordinator_dpus;
  double *executor_dpus;
  gint64 *dpu_millis;
} GlauxHistorySamples;

/* A session as last recorded, kept after Athena forgets it. */
typedef struct
{
  char   *connection_id;
  char   *session_id;
  char   *workgroup;
  char   *region;
  char   *description;
  char   *engine_version;
  char   *state;                 /* last SessionState seen, e.g. "TERMINATED" */
  gint64  start_time;
  gint64  end_time;
  gint64  dpu_millis;            /* last DpuExecutionInMillis */
  int     coordinator_dpu_size;
  int     max_concurrent_dpus;
  gint64  idle_timeout_seconds;
  gint64  updated;               /* when it was last recorded */
} GlauxHistorySession;

typedef struct
{
  char   *session_id;
  char   *calculation_id;
  char   *description;
  char   *state;                 /* e.g. "COMPLETED" */
  gint64  start_time;            /* SubmissionDateTime */
  gint64  end_time;              /* CompletionDateTime */
  gint64  dpu_millis;
} GlauxHistoryCalculation;

/* Per-day DPU usage and cost for the last n_days local days (today last), with the month to
 * date. Days run from local midnight to local midnight (see glaux_cost_model_day_edges()).
 * Reference counted, immutable. */
typedef struct
{
  guint    n_days;
  gint64  *day_starts;           /* n_days + 1 edges; the last is tomorrow's midnight */
  gint64  *dpu_millis;           /* per day */
  double  *dpu_hours;            /* per day */
  double  *cost;                 /* per day, US dollars */
  gboolean is_estimate;          /* a price used is not from a published list */
  gint64   month_start;
  int      days_in_month;
  double   days_elapsed;
  gint64   month_dpu_millis;     /* month to date */
  double   month_cost;           /* month to date */
  double   month_projection;     /* glaux_cost_model_project_month() of month_cost */
} GlauxHistoryDaily;

#define GLAUX_TYPE_HISTORY_SAMPLES     (glaux_history_samples_get_type ())
#define GLAUX_TYPE_HISTORY_SESSION     (glaux_history_session_get_type ())
#define GLAUX_TYPE_HISTORY_CALCULATION (glaux_history_calculation_get_type ())
#define GLAUX_TYPE_HISTORY_DAILY       (glaux_history_daily_get_type ())
#define GLAUX_TYPE_HISTORY_STORE       (glaux_history_store_get_type ())

GType                    glaux_history_samples_get_type     (void) G_GNUC_CONST;
GlauxHistorySamples     *glaux_history_samples_ref          (GlauxHistorySamples     *samples);
void                     glaux_history_samples_unref        (GlauxHistorySamples     *samples);

GType                    glaux_history_session_get_type     (void) G_GNUC_CONST;
GlauxHistorySession     *glaux_history_session_copy         (const GlauxHistorySession *session);
void                     glaux_history_session_free         (GlauxHistorySession     *session);

GType                    glaux_history_calculation_get_type (void) G_GNUC_CONST;
GlauxHistoryCalculation *glaux_history_calculation_copy     (const GlauxHistoryCalculation *calculation);
void                     glaux_history_calculation_free     (GlauxHistoryCalculation *calculation);

GType                    glaux_history_daily_get_type       (void) G_GNUC_CONST;
GlauxHistoryDaily       *glaux_history_daily_ref            (GlauxHistoryDaily       *daily);
void                     glaux_history_daily_unref          (GlauxHistoryDaily       *daily);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxHistorySamples, glaux_history_samples_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxHistorySession, glaux_history_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxHistoryCalculation, glaux_history_calculation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxHistoryDaily, glaux_history_daily_unref)

/* DPU history in SQLite ($XDG_DATA_HOME/glaux/history.db, WAL): sessions, DPU samples and
 * calculations, kept after Athena forgets a session. One worker thread owns the database:
 * record calls queue a write and return at once (consecutive writes share one transaction);
 * queries run on that thread and answer on the caller's main context. Records older than
 * "retention-days" (0: keep everything) are deleted when the store opens, when the setting
 * changes, and once a day. Dropping the last reference waits until the queued writes are
 * committed (at most one transaction), so nothing recorded is lost at exit.
 *
 * Properties: path (char*, construct-only), retention-days (guint, default 90).
 * Signals: calculation-recorded (const char *connection_id, GlauxHistoryCalculation *calculation),
 * emitted by glaux_history_store_record_calculation() on the caller's thread, as it queues the
 * write. */
G_DECLARE_FINAL_TYPE (GlauxHistoryStore, glaux_history_store, GLAUX, HISTORY_STORE, GObject)

/* $XDG_DATA_HOME/glaux/history.db */
char                *glaux_history_store_get_default_path      (void);

/* Opens (creating, or migrating to the current schema) the database at @path (NULL: the
 * default path) on the worker thread. */
void                 glaux_history_store_new_async             (const char           *path,
                                                                guint                 retention_days,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GlauxHistoryStore   *glaux_history_store_new_finish            (GAsyncResult         *result,
                                                                GError              **error);

const char          *glaux_history_store_get_path              (GlauxHistoryStore    *self);
guint                glaux_history_store_get_retention_days    (GlauxHistoryStore    *self);
void                 glaux_history_store_set_retention_days    (GlauxHistoryStore    *self,
                                                                guint                 days);

/* Writes (queued; the main thread never waits). @connection_id is glaux_connection_get_id(). */

/* The session's row: identity, settings, state, times and DpuExecutionInMillis. @region is the
 * connection's; @workgroup is used when @session does not say (ListSessions answers do not). */
void                 glaux_history_store_record_session        (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                const char           *region,
                                                                const char           *workgroup,
                                                                GlauxSession         *session);
void                 glaux_history_store_record_sample         (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                const char           *session_id,
                                                                gint64                time,
                                                                int                   coordinator_dpus,
                                                                int                   executor_dpus,
                                                                gint64                dpu_millis);
/* A sample from what @watch knows: its executors' DPUs (coordinator apart) and its session's
 * DpuExecutionInMillis. Returns FALSE (nothing written) while its executors are not known. */
gboolean             glaux_history_store_record_watch          (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                GlauxSessionWatch    *watch,
                                                                gint64                time);
void                 glaux_history_store_record_calculation    (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                GlauxCalculation     *calculation);

/* Completes once every write queued before it is committed. */
void                 glaux_history_store_flush_async           (GlauxHistoryStore    *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean             glaux_history_store_flush_finish          (GlauxHistoryStore    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* Deletes what is older than the retention now (also done at open, on change and daily). */
void                 glaux_history_store_apply_retention_async (GlauxHistoryStore    *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean             glaux_history_store_apply_retention_finish (GlauxHistoryStore   *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* Queries (answered on the caller's thread-default main context). */

/* Samples of one session with @from ≤ time < @to (0 and G_MAXINT64 for all), oldest first. */
void                 glaux_history_store_query_samples_async   (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                const char           *session_id,
                                                                gint64                from,
                                                                gint64                to,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GlauxHistorySamples *glaux_history_store_query_samples_finish  (GlauxHistoryStore    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* The sessions of a connection (@workgroup NULL: all its workgroups), ended ones included,
 * newest first. Returns a GPtrArray of GlauxHistorySession. */
void                 glaux_history_store_list_sessions_async   (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                const char           *workgroup,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GPtrArray           *glaux_history_store_list_sessions_finish  (GlauxHistoryStore    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* The calculations of a session, oldest first. Returns a GPtrArray of GlauxHistoryCalculation. */
void                 glaux_history_store_list_calculations_async  (GlauxHistoryStore *self,
                                                                   const char        *connection_id,
                                                                   const char        *session_id,
                                                                   GCancellable      *cancellable,
                                                                   GAsyncReadyCallback callback,
                                                                   gpointer           user_data);
GPtrArray           *glaux_history_store_list_calculations_finish (GlauxHistoryStore *self,
                                                                   GAsyncResult      *result,
                                                                   GError           **error);

/* DPU-hours and cost per local day for the @n_days days up to the one containing @now (0: now),
 * and the month to date with its projection, for a connection (@workgroup NULL) or one of its
 * workgroups. Prices come from @cost_model (NULL: the default model) when the answer arrives.
 * @tz NULL: local time. */
void                 glaux_history_store_query_daily_async     (GlauxHistoryStore    *self,
                                                                const char           *connection_id,
                                                                const char           *workgroup,
                                                                guint                 n_days,
                                                                gint64                now,
                                                                GTimeZone            *tz,
                                                                GlauxCostModel       *cost_model,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GlauxHistoryDaily   *glaux_history_store_query_daily_finish    (GlauxHistoryStore    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
