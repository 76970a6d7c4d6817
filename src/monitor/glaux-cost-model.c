/* glaux-cost-model.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-cost-model"

#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "glaux-cost-model.h"

/* Prices per DPU-hour by region and the billing rules that turn DPU-milliseconds into dollars.
 * Athena publishes no machine-readable Spark price list; the only source Glaux has is
 * athena-api.md §8, so every figure here is an estimate that the user can override. */
struct _GlauxCostModel
{
  GObject     parent_instance;

  GHashTable *overrides;  /* region → double* */
  GHashTable *connection_prices; /* connection id → double*, winning over the region's */
  guint       minimum_billed_seconds;
};

G_DEFINE_FINAL_TYPE (GlauxCostModel, glaux_cost_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MINIMUM_BILLED_SECONDS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define FALLBACK_REGION "us-east-1"

/* Regions where Athena runs Spark (athena-api.md §2.5: PySpark engine version 3 and Apache Spark
 * version 3.5). Sources (athena-api.md §8, the only one available): ap-northeast-1 USD 0.50 per
 * DPU-hour was published in 2023 (S18); us-east-1 USD 0.35 is commonly quoted but unconfirmed.
 * No sourced figure exists for the other regions, so they carry the us-east-1 estimate. */
static const GlauxDpuPrice default_prices[] = {
  { "ap-northeast-1", 0.50, FALSE },
  { "ap-northeast-2", 0.35, TRUE },
  { "ap-south-1",     0.35, TRUE },
  { "ap-southeast-1", 0.35, TRUE },
  { "ap-southeast-2", 0.35, TRUE },
  { "ca-central-1",   0.35, TRUE },
  { "eu-central-1",   0.35, TRUE },
  { "eu-north-1",     0.35, TRUE },
  { "eu-west-1",      0.35, TRUE },
  { "eu-west-2",      0.35, TRUE },
  { "eu-west-3",      0.35, TRUE },
  { "sa-east-1",      0.35, TRUE },
  { "us-east-1",      0.35, TRUE },
  { "us-east-2",      0.35, TRUE },
  { "us-west-2",      0.35, TRUE },
  { NULL, 0.0, FALSE },
};

static void
glaux_cost_model_finalize (GObject *object)
{
  GlauxCostModel *self = (GlauxCostModel *)object;

  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->connection_prices, g_hash_table_unref);

  G_OBJECT_CLASS (glaux_cost_model_parent_class)->finalize (object);
}

static void
glaux_cost_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlauxCostModel *self = GLAUX_COST_MODEL (object);

  switch (prop_id)
    {
    case PROP_MINIMUM_BILLED_SECONDS:
      g_value_set_uint (value, self->minimum_billed_seconds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_cost_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GlauxCostModel *self = GLAUX_COST_MODEL (object);

  switch (prop_id)
    {
    case PROP_MINIMUM_BILLED_SECONDS:
      glaux_cost_model_set_minimum_billed_seconds (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_cost_model_class_init (GlauxCostModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_cost_model_finalize;
  object_class->get_property = glaux_cost_model_get_property;
  object_class->set_property = glaux_cost_model_set_property;

  properties[PROP_MINIMUM_BILLED_SECONDS] =
    g_param_spec_uint ("minimum-billed-seconds", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxCostModel::changed:
   *
   * A price or a billing rule changed: recompute displayed amounts.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
glaux_cost_model_init (GlauxCostModel *self)
{
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->connection_prices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * glaux_cost_model_get_default_prices:
 *
 * Returns: (transfer none) (array zero-terminated=1): the default table
 */
const GlauxDpuPrice *
glaux_cost_model_get_default_prices (void)
{
  return default_prices;
}

GlauxCostModel *
glaux_cost_model_new (void)
{
  return g_object_new (GLAUX_TYPE_COST_MODEL, NULL);
}

/**
 * glaux_cost_model_get_default:
 *
 * Returns: (transfer none): the process-wide model, created on first use and kept for the
 *   life of the process
 */
GlauxCostModel *
glaux_cost_model_get_default (void)
{
  static GlauxCostModel *instance;

  if (g_once_init_enter (&instance))
    {
      /* Never freed: it lives as long as the process (still reachable, so no leak report). */
      g_once_init_leave (&instance, glaux_cost_model_new ());
    }

  return instance;
}

static const GlauxDpuPrice *
lookup_default (const char *region)
{
  if (region == NULL)
    return NULL;

  for (guint i = 0; default_prices[i].region != NULL; i++)
    {
      if (g_str_equal (default_prices[i].region, region))
        return &default_prices[i];
    }

  return NULL;
}

/**
 * glaux_cost_model_get_price:
 * @region: (nullable): an AWS region; NULL or unknown regions get the us-east-1 estimate
 * @is_estimate: (out) (optional): whether the price is not from a published list (an override
 *   counts as confirmed: the user typed it)
 * @is_override: (out) (optional): whether the user's override applies
 *
 * Returns: USD per DPU-hour for @region
 */
double
glaux_cost_model_get_price (GlauxCostModel *self,
                            const char     *region,
                            gboolean       *is_estimate,
                            gboolean       *is_override)
{
  const GlauxDpuPrice *entry;
  const double *override = NULL;

  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  if (region != NULL)
    override = g_hash_table_lookup (self->overrides, region);

  if (override != NULL)
    {
      if (is_estimate != NULL)
        *is_estimate = FALSE;
      if (is_override != NULL)
        *is_override = TRUE;
      return *override;
    }

  if (is_override != NULL)
    *is_override = FALSE;

  entry = lookup_default (region);
  if (entry != NULL)
    {
      if (is_estimate != NULL)
        *is_estimate = entry->is_estimate;
      return entry->price_per_dpu_hour;
    }

  /* A region missing from the table (a custom endpoint, a new region): the us-east-1 figure is
   * the best guess there is, and it is only a guess. */
  if (is_estimate != NULL)
    *is_estimate = TRUE;
  return lookup_default (FALLBACK_REGION)->price_per_dpu_hour;
}

static gboolean
set_price_in (GHashTable *table,
              const char *key,
              double      price)
{
  const double *old = g_hash_table_lookup (table, key);

  if (price < 0.0 || !isfinite (price))
    return g_hash_table_remove (table, key);

  if (old != NULL && *old == price)
    return FALSE;

  g_hash_table_replace (table, g_strdup (key), g_memdup2 (&price, sizeof price));
  return TRUE;
}

/**
 * glaux_cost_model_set_price_override:
 * @price: USD per DPU-hour; a negative value (or NaN) removes the override
 */
void
glaux_cost_model_set_price_override (GlauxCostModel *self,
                                     const char     *region,
                                     double          price)
{
  g_return_if_fail (GLAUX_IS_COST_MODEL (self));
  g_return_if_fail (region != NULL);

  if (set_price_in (self->overrides, region, price))
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Replaces @table's contents with @prices (a{sd}, NULL: empty), ignoring negative prices;
 * TRUE if anything changed (compared both ways, so an identical setting changes nothing). */
static gboolean
replace_prices (GHashTable **table,
                GVariant    *prices)
{
  g_autoptr(GHashTable) next = NULL;
  GHashTableIter iter;
  gpointer key, value;

  next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (prices != NULL)
    {
      GVariantIter viter;
      const char *name;
      double price;

      g_variant_iter_init (&viter, prices);
      while (g_variant_iter_next (&viter, "{&sd}", &name, &price))
        {
          if (price >= 0.0 && isfinite (price))
            g_hash_table_replace (next, g_strdup (name), g_memdup2 (&price, sizeof price));
        }
    }

  if (g_hash_table_size (next) == g_hash_table_size (*table))
    {
      gboolean same = TRUE;

      g_hash_table_iter_init (&iter, next);
      while (same && g_hash_table_iter_next (&iter, &key, &value))
        {
          const double *old = g_hash_table_lookup (*table, key);

          same = old != NULL && *old == *(const double *)value;
        }

      if (same)
        return FALSE;
    }

  g_hash_table_unref (*table);
  *table = g_steal_pointer (&next);
  return TRUE;
}

/**
 * glaux_cost_model_set_price_overrides:
 * @overrides: (nullable): an a{sd} dictionary of region → price; NULL clears every override;
 *   a floating reference is consumed
 *
 * Negative prices in @overrides are ignored (as if absent). Emits "changed" once, if anything
 * changed.
 */
void
glaux_cost_model_set_price_overrides (GlauxCostModel *self,
                                      GVariant       *overrides)
{
  g_autoptr(GVariant) owned = NULL;

  g_return_if_fail (GLAUX_IS_COST_MODEL (self));
  g_return_if_fail (overrides == NULL ||
                    g_variant_is_of_type (overrides, G_VARIANT_TYPE ("a{sd}")));

  /* Like GLib's setters: g_variant_new_*() or g_variant_builder_end() straight in is fine. */
  if (overrides != NULL)
    owned = g_variant_ref_sink (overrides);
  if (replace_prices (&self->overrides, overrides))
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * glaux_cost_model_set_connection_price:
 * @connection_id: glaux_connection_get_id()
 * @price: USD per DPU-hour for everything on that connection (a negotiated rate, say); a
 *   negative value (or NaN) removes it
 */
void
glaux_cost_model_set_connection_price (GlauxCostModel *self,
                                       const char     *connection_id,
                                       double          price)
{
  g_return_if_fail (GLAUX_IS_COST_MODEL (self));
  g_return_if_fail (connection_id != NULL);

  if (set_price_in (self->connection_prices, connection_id, price))
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * glaux_cost_model_set_connection_prices:
 * @prices: (nullable): the "connection-prices" setting, an a{sd} of connection id → price;
 *   NULL clears them all; a floating reference is consumed
 *
 * Negative prices are ignored. Emits "changed" once, if anything changed.
 */
void
glaux_cost_model_set_connection_prices (GlauxCostModel *self,
                                        GVariant       *prices)
{
  g_autoptr(GVariant) owned = NULL;

  g_return_if_fail (GLAUX_IS_COST_MODEL (self));
  g_return_if_fail (prices == NULL || g_variant_is_of_type (prices, G_VARIANT_TYPE ("a{sd}")));

  if (prices != NULL)
    owned = g_variant_ref_sink (prices);
  if (replace_prices (&self->connection_prices, prices))
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * glaux_cost_model_get_price_for_connection:
 * @connection_id: (nullable): glaux_connection_get_id(); NULL: the region's price
 * @region: (nullable): the connection's region
 * @is_estimate: (out) (optional): as for glaux_cost_model_get_price(); a connection's own
 *   price is not an estimate
 * @is_override: (out) (optional): whether a price the user typed applies (the connection's or
 *   the region's)
 *
 * A connection's own price wins over its region's (override or default).
 *
 * Returns: USD per DPU-hour
 */
double
glaux_cost_model_get_price_for_connection (GlauxCostModel *self,
                                           const char     *connection_id,
                                           const char     *region,
                                           gboolean       *is_estimate,
                                           gboolean       *is_override)
{
  const double *price = NULL;

  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  if (connection_id != NULL)
    price = g_hash_table_lookup (self->connection_prices, connection_id);

  if (price == NULL)
    return glaux_cost_model_get_price (self, region, is_estimate, is_override);

  if (is_estimate != NULL)
    *is_estimate = FALSE;
  if (is_override != NULL)
    *is_override = TRUE;
  return *price;
}

/**
 * glaux_cost_model_has_connection_price:
 * @price: (out) (optional): the connection's own price
 *
 * Returns: whether @connection_id has a price of its own
 */
gboolean
glaux_cost_model_has_connection_price (GlauxCostModel *self,
                                       const char     *connection_id,
                                       double         *price)
{
  const double *found;

  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);

  found = g_hash_table_lookup (self->connection_prices, connection_id);
  if (found != NULL && price != NULL)
    *price = *found;

  return found != NULL;
}

guint
glaux_cost_model_get_minimum_billed_seconds (GlauxCostModel *self)
{
  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0);

  return self->minimum_billed_seconds;
}

/**
 * glaux_cost_model_set_minimum_billed_seconds:
 * @seconds: the minimum duration a session is billed for (0: none)
 *
 * Athena's minimum for Spark sessions is unconfirmed (athena-api.md §8), so the default is none.
 */
void
glaux_cost_model_set_minimum_billed_seconds (GlauxCostModel *self,
                                             guint           seconds)
{
  g_return_if_fail (GLAUX_IS_COST_MODEL (self));

  if (self->minimum_billed_seconds == seconds)
    return;

  self->minimum_billed_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINIMUM_BILLED_SECONDS]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Per-second billing: a started DPU-second is a billed DPU-second. Written without adding 999
 * first so that values near G_MAXINT64 cannot overflow. */
static gint64
dpu_millis_to_billed_seconds (gint64 dpu_millis)
{
  if (dpu_millis <= 0)
    return 0;

  return dpu_millis / 1000 + (dpu_millis % 1000 != 0 ? 1 : 0);
}

/**
 * glaux_cost_model_cost_for_dpu_millis:
 * @dpu_millis: DPU-milliseconds, as in DpuExecutionInMillis (≤ 0 costs nothing)
 *
 * Rounds up to whole DPU-seconds, then prices them. The minimum billed duration is not applied
 * here: DPU-milliseconds alone do not say how long a session lived nor on how many DPUs, and the
 * same figure prices single calculations; see glaux_cost_model_cost_for_session().
 *
 * Returns: US dollars
 */
double
glaux_cost_model_cost_for_dpu_millis (GlauxCostModel *self,
                                      const char     *region,
                                      gint64          dpu_millis)
{
  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  return glaux_cost_model_cost_for_connection (self, NULL, region, dpu_millis);
}

/**
 * glaux_cost_model_cost_for_connection:
 * @connection_id: (nullable): whose price applies (see
 *   glaux_cost_model_get_price_for_connection()); NULL: the region's
 *
 * glaux_cost_model_cost_for_dpu_millis() at the connection's price.
 *
 * Returns: US dollars
 */
double
glaux_cost_model_cost_for_connection (GlauxCostModel *self,
                                      const char     *connection_id,
                                      const char     *region,
                                      gint64          dpu_millis)
{
  double price;

  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  price = glaux_cost_model_get_price_for_connection (self, connection_id, region, NULL, NULL);
  return (double)dpu_millis_to_billed_seconds (dpu_millis) * price / 3600.0;
}

/**
 * glaux_cost_model_cost_for_session:
 * @dpu_millis: the session's DpuExecutionInMillis so far
 * @dpus_at_start: the DPUs a session holds from its start (its coordinator; ≤ 0 counts 1)
 *
 * A session's cost: its DPU-seconds, but at least @dpus_at_start held for the minimum billed
 * duration, since a session is billed that minimum however short it lives.
 *
 * Returns: US dollars
 */
double
glaux_cost_model_cost_for_session (GlauxCostModel *self,
                                   const char     *region,
                                   gint64          dpu_millis,
                                   int             dpus_at_start)
{
  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  return glaux_cost_model_session_cost_for_connection (self, NULL, region, dpu_millis,
                                                       dpus_at_start);
}

/**
 * glaux_cost_model_session_cost_for_connection:
 * @connection_id: (nullable): whose price applies; NULL: the region's
 *
 * glaux_cost_model_cost_for_session() at the connection's price.
 *
 * Returns: US dollars
 */
double
glaux_cost_model_session_cost_for_connection (GlauxCostModel *self,
                                              const char     *connection_id,
                                              const char     *region,
                                              gint64          dpu_millis,
                                              int             dpus_at_start)
{
  double price;
  gint64 billed;
  gint64 minimum;

  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  price = glaux_cost_model_get_price_for_connection (self, connection_id, region, NULL, NULL);
  billed = dpu_millis_to_billed_seconds (dpu_millis);
  minimum = (gint64)MAX (dpus_at_start, 1) * self->minimum_billed_seconds;

  return (double)MAX (billed, minimum) * price / 3600.0;
}

/**
 * glaux_cost_model_burn_rate:
 * @dpus: DPUs held (negative counts as none)
 *
 * Returns: US dollars per hour
 */
double
glaux_cost_model_burn_rate (GlauxCostModel *self,
                            const char     *region,
                            double          dpus)
{
  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  return glaux_cost_model_burn_rate_for_connection (self, NULL, region, dpus);
}

/**
 * glaux_cost_model_burn_rate_for_connection:
 * @connection_id: (nullable): whose price applies; NULL: the region's
 *
 * Returns: US dollars per hour for @dpus held on that connection
 */
double
glaux_cost_model_burn_rate_for_connection (GlauxCostModel *self,
                                           const char     *connection_id,
                                           const char     *region,
                                           double          dpus)
{
  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  if (!(dpus > 0.0))
    return 0.0;

  return dpus * glaux_cost_model_get_price_for_connection (self, connection_id, region, NULL, NULL);
}

/**
 * glaux_cost_model_estimate_session:
 * @coordinator_dpu_size: CoordinatorDpuSize (0: the default, 1)
 * @max_concurrent_dpus: MaxConcurrentDpus; below the coordinator's size (0: not set) it counts
 *   as the coordinator alone
 * @idle_timeout_minutes: how long an idle session lives before Athena ends it
 * @estimate: (out caller-allocates): the result
 *
 * The idle cost is the coordinator held for the idle timeout, rounded up to the minimum billed
 * duration when that is longer: a session left alone costs at least that minimum.
 */
void
glaux_cost_model_estimate_session (GlauxCostModel       *self,
                                   const char           *connection_id,
                                   const char           *region,
                                   int                   coordinator_dpu_size,
                                   int                   max_concurrent_dpus,
                                   int                   idle_timeout_minutes,
                                   GlauxSessionEstimate *estimate)
{
  double price;
  gint64 idle_seconds;

  g_return_if_fail (GLAUX_IS_COST_MODEL (self));
  g_return_if_fail (estimate != NULL);

  price = glaux_cost_model_get_price_for_connection (self, connection_id, region, NULL, NULL);

  estimate->dpus_at_start = coordinator_dpu_size > 0 ? coordinator_dpu_size : 1;
  estimate->dpus_at_max = MAX (max_concurrent_dpus, estimate->dpus_at_start);
  estimate->cost_per_hour_at_start = estimate->dpus_at_start * price;
  estimate->cost_per_hour_at_max = estimate->dpus_at_max * price;

  idle_seconds = (gint64)MAX (idle_timeout_minutes, 0) * 60;
  idle_seconds = MAX (idle_seconds, (gint64)self->minimum_billed_seconds);
  estimate->cost_if_idle_until_timeout =
    (double)estimate->dpus_at_start * (double)idle_seconds * price / 3600.0;
}

/* Digits grouped as @grouping says (the localeconv() encoding: sizes from the right, the last one
 * repeats, CHAR_MAX stops grouping). */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *separator,
                const char *grouping)
{
  gsize len = strlen (digits);
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *g = grouping;
  gsize pos = len;
  int size = 0;

  if (separator == NULL || *separator == '\0' || grouping == NULL || *grouping == '\0')
    {
      g_string_append (out, digits);
      return;
    }

  /* Positions (from the left) where a separator goes, collected from the right. */
  while (TRUE)
    {
      if (*g != '\0')
        {
          if (*g == CHAR_MAX || *g <= 0)
            break;
          size = *g;
          g++;
        }
      if (size <= 0 || pos <= (gsize)size)
        break;
      pos -= size;
      g_array_prepend_val (breaks, pos);
    }

  for (gsize i = 0, b = 0; i < len; i++)
    {
      if (b < breaks->len && g_array_index (breaks, gsize, b) == i)
        {
          g_string_append (out, separator);
          b++;
        }
      g_string_append_c (out, digits[i]);
    }
}

static const char *
nonempty (const char *a,
          const char *b)
{
  return a != NULL && *a != '\0' ? a : b;
}

/**
 * glaux_cost_model_format_amount:
 * @dollars: an amount in US dollars
 *
 * Formats with a "$" prefix, two decimals, and the current locale's monetary (else numeric)
 * decimal point and digit grouping: "$1,234.57" in en_US, "$1.234,57" in de_DE, "$1234.57" in
 * the C locale. Amounts under a cent keep two significant digits ("$0.0042") so that a running
 * session never reads as free; zero is "$0.00".
 *
 * Returns: (transfer full): the text
 */
char *
glaux_cost_model_format_amount (double dollars)
{
  struct lconv *lc = localeconv ();
  const char *decimal_point = nonempty (lc->mon_decimal_point, nonempty (lc->decimal_point, "."));
  const char *separator = nonempty (lc->mon_thousands_sep, lc->thousands_sep);
  const char *grouping = nonempty (lc->mon_thousands_sep, NULL) != NULL ? lc->mon_grouping
                                                                         : lc->grouping;
  GString *out = g_string_new (NULL);
  g_autofree char *format = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 400];
  double magnitude = fabs (dollars);
  int decimals = 2;
  char *point;

  if (!isfinite (dollars))
    magnitude = 0.0;

  if (magnitude > 0.0 && magnitude < 0.01)
    {
      char exp_text[32];
      int exponent;

      /* Two significant digits: "4.2e-03" → 4 decimals. Rounding may carry into the cent
       * (0.00999 → "1.0e-02"); then the normal two decimals read right. */
      g_ascii_formatd (exp_text, sizeof exp_text, "%.1e", magnitude);
      exponent = atoi (strchr (exp_text, 'e') + 1);
      if (exponent < -2)
        decimals = 1 - exponent;
    }

  /* Formatted in the C locale, then the locale's separators are put in by hand. */
  format = g_strdup_printf ("%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, magnitude);

  /* A negative amount that rounds to zero is not shown as "-$0.00". */
  if (dollars < 0.0 && strspn (buffer, "0.") != strlen (buffer))
    g_string_append_c (out, '-');
  g_string_append_c (out, '$');

  point = strchr (buffer, '.');
  if (point != NULL)
    *point = '\0';
  append_grouped (out, buffer, separator, grouping);
  if (point != NULL)
    {
      g_string_append (out, decimal_point);
      g_string_append (out, point + 1);
    }

  return g_string_free (out, FALSE);
}

/**
 * glaux_cost_model_format_dpu_hours:
 * @dpu_millis: DPU-milliseconds
 *
 * Returns: (transfer full): e.g. "3.25 DPU-hours", with the locale's decimal point
 */
char *
glaux_cost_model_format_dpu_hours (gint64 dpu_millis)
{
  /* The C library's %f uses LC_NUMERIC's decimal point, which is what is wanted here. */
  g_autofree char *number = g_strdup_printf ("%.2f", (double)dpu_millis / 3600000.0);

  /* TRANSLATORS: %s is a number with two decimals, e.g. "3.25 DPU-hours" */
  return g_strdup_printf (_("%s DPU-hours"), number);
}

/* Aggregation over time */

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* The running total just before @t (its left limit): nothing before the first point, the first
 * point's whole value from it on (a series that starts late still counts what came before),
 * linear between points, the last value after the last one. @values are the running maxima, so
 * a glitch that goes backwards never yields a negative amount. */
static double
cumulative_before (const gint64 *times,
                   const double *values,
                   gsize         n_points,
                   gsize        *cursor,
                   gint64        t)
{
  gsize k;

  if (n_points == 0 || t <= times[0])
    return 0.0;

  /* Edges ascend, so the search resumes where the previous one stopped. */
  while (*cursor + 1 < n_points && times[*cursor + 1] < t)
    (*cursor)++;
  k = *cursor;

  if (k + 1 >= n_points)
    return values[n_points - 1];

  return values[k] + (values[k + 1] - values[k]) *
                     ((double)(t - times[k]) / (double)(times[k + 1] - times[k]));
}

/**
 * glaux_cost_model_spread_dpu_millis:
 * @times: (array length=n_points): when each total was seen, ascending
 * @dpu_millis: (array length=n_points): the running total at each time
 * @edges: (array length=n_edges): bucket boundaries, ascending
 * @per_bucket: (array): @n_edges - 1 amounts, added to
 *
 * Each bucket gets the rounded total at its end minus the rounded total at its start, so the
 * buckets always add up to the whole series (no rounding drift across days), and an amount is
 * shared between two days in proportion to the time on each side of midnight.
 */
void
glaux_cost_model_spread_dpu_millis (const gint64 *times,
                                    const gint64 *dpu_millis,
                                    gsize         n_points,
                                    const gint64 *edges,
                                    gsize         n_edges,
                                    gint64       *per_bucket)
{
  g_autofree double *running = NULL;
  gsize cursor = 0;
  gint64 previous;

  g_return_if_fail (n_points == 0 || (times != NULL && dpu_millis != NULL));
  g_return_if_fail (n_edges == 0 || edges != NULL);

  if (n_edges < 2)
    return;

  running = g_new (double, MAX (n_points, 1));
  for (gsize i = 0; i < n_points; i++)
    {
      double value = (double)MAX (dpu_millis[i], 0);

      running[i] = i > 0 ? MAX (running[i - 1], value) : value;
    }

  previous = (gint64)llround (cumulative_before (times, running, n_points, &cursor, edges[0]));
  for (gsize i = 1; i < n_edges; i++)
    {
      gint64 next = (gint64)llround (cumulative_before (times, running, n_points, &cursor,
                                                        edges[i]));

      per_bucket[i - 1] += next - previous;
      previous = next;
    }
}

static gint64
date_time_to_usec (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC + g_date_time_get_microsecond (date_time);
}

static GDateTime *
date_time_from_usec (GTimeZone *tz,
                     gint64     time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local () : NULL;

  return g_date_time_to_timezone (utc, tz != NULL ? tz : local);
}

/* Midnight of @date in @tz; where a DST change skips midnight, the first time that exists. */
static gint64
midnight (GTimeZone   *tz,
          const GDate *date)
{
  g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local () : NULL;
  g_autoptr(GDateTime) date_time = g_date_time_new (tz != NULL ? tz : local,
                                                    g_date_get_year (date),
                                                    g_date_get_month (date),
                                                    g_date_get_day (date),
                                                    0, 0, 0.0);

  return date_time_to_usec (date_time);
}

/**
 * glaux_cost_model_day_edges:
 * @tz: (nullable): the calendar's time zone; %NULL: local time
 * @now: µs since the Unix epoch; today is the day that contains it
 * @n_days: how many days, at least 1
 *
 * Days are calendar days where the user lives, not UTC days: a session that ran from 23:00 to
 * 01:00 local time shows on two days whatever the offset. A day with a DST change is 23 or 25
 * hours long.
 *
 * Returns: (transfer full) (array): @n_days + 1 edges
 */
gint64 *
glaux_cost_model_day_edges (GTimeZone *tz,
                            gint64     now,
                            guint      n_days)
{
  g_autoptr(GDateTime) today = NULL;
  gint64 *edges;
  GDate date;

  g_return_val_if_fail (n_days > 0, NULL);

  today = date_time_from_usec (tz, now);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (today), g_date_time_get_month (today),
                  g_date_time_get_year (today));
  g_date_subtract_days (&date, n_days - 1);

  edges = g_new (gint64, n_days + 1);
  for (guint i = 0; i <= n_days; i++)
    {
      edges[i] = midnight (tz, &date);
      g_date_add_days (&date, 1);
    }

  return edges;
}

/**
 * glaux_cost_model_month_start:
 * @tz: (nullable): the calendar's time zone; %NULL: local time
 * @time: µs since the Unix epoch
 * @days_in_month: (out) (optional): 28 to 31
 * @days_elapsed: (out) (optional): days from the month's first midnight to @time, fractional
 *   (24-hour days, so a DST change shifts it by an hour)
 *
 * Returns: the local midnight starting @time's month, µs since the Unix epoch
 */
gint64
glaux_cost_model_month_start (GTimeZone *tz,
                              gint64     time,
                              int       *days_in_month,
                              double    *days_elapsed)
{
  g_autoptr(GDateTime) local_time = date_time_from_usec (tz, time);
  GDateMonth month = g_date_time_get_month (local_time);
  GDateYear year = g_date_time_get_year (local_time);
  gint64 start;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, month, year);
  start = midnight (tz, &date);

  if (days_in_month != NULL)
    *days_in_month = g_date_get_days_in_month (month, year);
  if (days_elapsed != NULL)
    *days_elapsed = (double)(time - start) / (double)USEC_PER_DAY;

  return start;
}

/**
 * glaux_cost_model_project_month:
 * @month_to_date: an amount so far this month (dollars or DPU-hours)
 * @days_elapsed: days since the month began (see glaux_cost_model_month_start())
 * @days_in_month: the month's length
 *
 * A straight-line projection: the average per elapsed day times the days in the month. Less
 * than a day elapsed counts as one day, so the first hours of a month do not multiply a few
 * cents into hundreds of dollars; once the month is over the projection is the amount itself.
 *
 * Returns: the projected amount at the end of the month
 */
double
glaux_cost_model_project_month (double month_to_date,
                                double days_elapsed,
                                int    days_in_month)
{
  if (!(month_to_date > 0.0) || days_in_month <= 0)
    return MAX (month_to_date, 0.0);

  if (!(days_elapsed >= 1.0))
    days_elapsed = 1.0;
  if (days_elapsed >= days_in_month)
    return month_to_date;

  return month_to_date / days_elapsed * days_in_month;
}

/**
 * glaux_cost_model_cost_until_idle_timeout:
 * @dpus: the DPUs the session holds (≤ 0: none)
 * @idle_since: when it became idle, µs since the Unix epoch (0: not idle now)
 * @idle_timeout_seconds: its idle timeout
 * @now: µs since the Unix epoch
 * @remaining_seconds: (out) (optional): seconds left until the timeout fires, rounded up
 *
 * The time left is rounded up to whole seconds (per-second billing) and is never negative: a
 * session past its timeout (Athena has yet to end it) costs nothing more by this estimate.
 *
 * Returns: US dollars
 */
double
glaux_cost_model_cost_until_idle_timeout (GlauxCostModel *self,
                                          const char     *region,
                                          int             dpus,
                                          gint64          idle_since,
                                          gint64          idle_timeout_seconds,
                                          gint64          now,
                                          gint64         *remaining_seconds)
{
  gint64 remaining_usec;
  gint64 seconds;

  g_return_val_if_fail (GLAUX_IS_COST_MODEL (self), 0.0);

  idle_timeout_seconds = MAX (idle_timeout_seconds, 0);
  if (idle_since <= 0 || idle_since > now)
    remaining_usec = idle_timeout_seconds * G_USEC_PER_SEC;
  else
    remaining_usec = idle_timeout_seconds * G_USEC_PER_SEC - (now - idle_since);

  seconds = remaining_usec <= 0 ? 0 : remaining_usec / G_USEC_PER_SEC +
                                      (remaining_usec % G_USEC_PER_SEC != 0 ? 1 : 0);
  if (remaining_seconds != NULL)
    *remaining_seconds = seconds;

  if (dpus <= 0)
    return 0.0;

  return (double)dpus * (double)seconds *
         glaux_cost_model_get_price (self, region, NULL, NULL) / 3600.0;
}
