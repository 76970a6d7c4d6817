/* glaux-cost-model.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One region's default price for Athena Spark, in US dollars per DPU-hour. */
typedef struct
{
  const char *region;
  double      price_per_dpu_hour;
  gboolean    is_estimate;  /* not confirmed by a published price list (see the README) */
} GlauxDpuPrice;

/* Before a session starts: what its settings would cost. */
typedef struct
{
  int    dpus_at_start;        /* the coordinator */
  int    dpus_at_max;          /* MaxConcurrentDpus */
  double cost_per_hour_at_start;
  double cost_per_hour_at_max;
  double cost_if_idle_until_timeout; /* DPUs at start held for the idle timeout */
} GlauxSessionEstimate;

#define GLAUX_TYPE_COST_MODEL (glaux_cost_model_get_type ())

/* Prices per DPU-hour by region (a documented default table, each entry overridable) and the
 * billing rules. Every figure is an estimate and the UI says so. Emits "changed" whenever a
 * price or rule changes, so displayed amounts can be recomputed. */
G_DECLARE_FINAL_TYPE (GlauxCostModel, glaux_cost_model, GLAUX, COST_MODEL, GObject)

/* The default table, NULL-region terminated; regions where Athena Spark runs. */
const GlauxDpuPrice *glaux_cost_model_get_default_prices        (void);

GlauxCostModel      *glaux_cost_model_new                       (void);
/* The process-wide model the app configures from its settings and widgets read. */
GlauxCostModel      *glaux_cost_model_get_default               (void);

/* The price used for @region: the override if any, else the table's, else the table's
 * us-east-1 price with *is_estimate set. Either out argument may be NULL. */
double               glaux_cost_model_get_price                 (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 gboolean            *is_estimate,
                                                                 gboolean            *is_override);
/* price < 0 removes the override. */
void                 glaux_cost_model_set_price_override        (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 double               price);
/* Replaces every override at once from the "dpu-price-overrides" setting (a{sd}). */
void                 glaux_cost_model_set_price_overrides       (GlauxCostModel      *self,
                                                                 GVariant            *overrides);
/* A connection's own price (a negotiated rate), winning over its region's. price < 0 removes
 * it; set_connection_prices() replaces them all from the "connection-prices" setting (a{sd}
 * keyed by glaux_connection_get_id()). */
void                 glaux_cost_model_set_connection_price      (GlauxCostModel      *self,
                                                                 const char          *connection_id,
                                                                 double               price);
void                 glaux_cost_model_set_connection_prices     (GlauxCostModel      *self,
                                                                 GVariant            *prices);
gboolean             glaux_cost_model_has_connection_price      (GlauxCostModel      *self,
                                                                 const char          *connection_id,
                                                                 double              *price);
/* The connection's own price if it has one, else glaux_cost_model_get_price() for @region. */
double               glaux_cost_model_get_price_for_connection  (GlauxCostModel      *self,
                                                                 const char          *connection_id,
                                                                 const char          *region,
                                                                 gboolean            *is_estimate,
                                                                 gboolean            *is_override);
/* Billing: per second, with an optional minimum billed duration per session (0: none). */
guint                glaux_cost_model_get_minimum_billed_seconds (GlauxCostModel     *self);
void                 glaux_cost_model_set_minimum_billed_seconds (GlauxCostModel     *self,
                                                                 guint                seconds);

/* DPU-milliseconds (DpuExecutionInMillis) → dollars, rounded up to whole DPU-seconds. */
double               glaux_cost_model_cost_for_dpu_millis       (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 gint64               dpu_millis);
/* A session's cost so far: its DPU-milliseconds as above, but at least @dpus_at_start (the
 * coordinator, ≤ 0 counts 1) held for the minimum billed duration. */
double               glaux_cost_model_cost_for_session          (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 gint64               dpu_millis,
                                                                 int                  dpus_at_start);
/* cost_for_dpu_millis, cost_for_session and burn_rate at a connection's price (@connection_id
 * NULL: the region's); the plain ones are these with no connection. */
double               glaux_cost_model_cost_for_connection       (GlauxCostModel      *self,
                                                                 const char          *connection_id,
                                                                 const char          *region,
                                                                 gint64               dpu_millis);
double               glaux_cost_model_session_cost_for_connection (GlauxCostModel    *self,
                                                                 const char          *connection_id,
                                                                 const char          *region,
                                                                 gint64               dpu_millis,
                                                                 int                  dpus_at_start);
double               glaux_cost_model_burn_rate_for_connection  (GlauxCostModel      *self,
                                                                 const char          *connection_id,
                                                                 const char          *region,
                                                                 double               dpus);
/* Dollars per hour for @dpus held. */
double               glaux_cost_model_burn_rate                 (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 double               dpus);
/* Before a session starts, at @connection_id's price (%NULL: @region's). */
void                 glaux_cost_model_estimate_session          (GlauxCostModel       *self,
                                                                 const char           *connection_id,
                                                                 const char           *region,
                                                                 int                   coordinator_dpu_size,
                                                                 int                   max_concurrent_dpus,
                                                                 int                   idle_timeout_minutes,
                                                                 GlauxSessionEstimate *estimate);

/* "$1,234.57" in the user's locale (LC_MONETARY/LC_NUMERIC grouping and decimal point); amounts
 * under a cent keep enough digits to be non-zero ("$0.0042"). */
char                *glaux_cost_model_format_amount             (double               dollars);
/* "3.25 DPU-hours" */
char                *glaux_cost_model_format_dpu_hours          (gint64               dpu_millis);

/* Aggregation over time (days and months are the user's local calendar, or @tz's). Times are
 * microseconds since the Unix epoch (g_get_real_time()). */

/* Adds to @per_bucket[i] the DPU-milliseconds of a cumulative series (@times ascending,
 * @dpu_millis the running total, as DpuExecutionInMillis) that fall in [@edges[i], @edges[i+1]),
 * interpolating linearly between points. @per_bucket has @n_edges - 1 entries. */
void                 glaux_cost_model_spread_dpu_millis         (const gint64        *times,
                                                                 const gint64        *dpu_millis,
                                                                 gsize                n_points,
                                                                 const gint64        *edges,
                                                                 gsize                n_edges,
                                                                 gint64              *per_bucket);
/* The @n_days + 1 local midnights bounding the last @n_days days, today last (the final edge
 * is tomorrow's midnight). Free with g_free(). */
gint64              *glaux_cost_model_day_edges                 (GTimeZone           *tz,
                                                                 gint64               now,
                                                                 guint                n_days);
/* The local midnight starting the month of @time; @days_in_month and @days_elapsed (fractional
 * days from that midnight to @time) are optional. */
gint64               glaux_cost_model_month_start               (GTimeZone           *tz,
                                                                 gint64               time,
                                                                 int                 *days_in_month,
                                                                 double              *days_elapsed);
/* Month-to-date / days elapsed × days in month; fewer than one day elapsed counts as one. */
double               glaux_cost_model_project_month             (double               month_to_date,
                                                                 double               days_elapsed,
                                                                 int                  days_in_month);
/* What a live session costs from @now until its idle timeout ends it, if it stays idle holding
 * @dpus: idle since @idle_since (0: not idle, so the whole timeout lies ahead). The remaining
 * seconds go to @remaining_seconds (optional). */
double               glaux_cost_model_cost_until_idle_timeout   (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 int                  dpus,
                                                                 gint64               idle_since,
                                                                 gint64               idle_timeout_seconds,
                                                                 gint64               now,
                                                                 gint64              *remaining_seconds);

G_END_DECLS
