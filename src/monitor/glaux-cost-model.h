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
/* Dollars per hour for @dpus held. */
double               glaux_cost_model_burn_rate                 (GlauxCostModel      *self,
                                                                 const char          *region,
                                                                 double               dpus);
void                 glaux_cost_model_estimate_session          (GlauxCostModel       *self,
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

G_END_DECLS
