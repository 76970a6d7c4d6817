/* test-cost-model.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "glaux-cost-model.h"
#include "glaux-test-util.h"

#define US_EAST_1 0.35
#define TOKYO     0.50

/* Relative comparison: amounts span from 1e-5 to 1e12 dollars. */
static void
assert_dollars (double actual,
                double expected)
{
  if (expected == 0.0)
    g_assert_cmpfloat (actual, ==, 0.0);
  else
    g_assert_cmpfloat_with_epsilon (actual / expected, 1.0, 1e-12);
}

static void
count_cb (GlauxCostModel *model,
          guint          *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_default_table (void)
{
  static const char * const spark_regions[] = {
    "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
    "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3",
    "sa-east-1", "us-east-1", "us-east-2", "us-west-2",
  };
  const GlauxDpuPrice *prices = glaux_cost_model_get_default_prices ();
  guint n = 0;

  for (; prices[n].region != NULL; n++)
    {
      g_assert_cmpfloat (prices[n].price_per_dpu_hour, >, 0.0);
      /* Only Tokyo's price has a published source (athena-api.md §8). */
      g_assert_cmpint (prices[n].is_estimate, ==,
                       !g_str_equal (prices[n].region, "ap-northeast-1"));
      if (n > 0)
        g_assert_cmpstr (prices[n - 1].region, <, prices[n].region);
    }

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (spark_regions));
  for (guint i = 0; i < G_N_ELEMENTS (spark_regions); i++)
    g_assert_cmpstr (prices[i].region, ==, spark_regions[i]);
}

static void
test_prices (void)
{
  static const struct {
    const char *region;
    double      price;
    gboolean    is_estimate;
  } cases[] = {
    { "us-east-1",      US_EAST_1, TRUE },
    { "ap-northeast-1", TOKYO,     FALSE },
    { "eu-west-1",      US_EAST_1, TRUE },
    { "sa-east-1",      US_EAST_1, TRUE },
    /* Unknown regions and no region fall back to the us-east-1 estimate. */
    { "xx-nowhere-1",   US_EAST_1, TRUE },
    { "",               US_EAST_1, TRUE },
    { NULL,             US_EAST_1, TRUE },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean is_estimate = -1;
      gboolean is_override = -1;
      double price = glaux_cost_model_get_price (model, cases[i].region,
                                                 &is_estimate, &is_override);

      g_assert_cmpfloat (price, ==, cases[i].price);
      g_assert_cmpint (is_estimate, ==, cases[i].is_estimate);
      g_assert_false (is_override);
    }

  /* Out arguments are optional. */
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "ap-northeast-1", NULL, NULL), ==, TOKYO);
}

static void
test_overrides (void)
{
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();
  g_autoptr(GVariantBuilder) builder = NULL;
  gboolean is_estimate, is_override;
  guint changed = 0;

  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);

  /* An override wins over the table and counts as confirmed. */
  glaux_cost_model_set_price_override (model, "us-east-1", 0.40);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "us-east-1", &is_estimate, &is_override),
                     ==, 0.40);
  g_assert_false (is_estimate);
  g_assert_true (is_override);
  /* Other regions, and the fallback for unknown ones, keep the table's prices. */
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "us-east-2", NULL, NULL), ==, US_EAST_1);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "xx-nowhere-1", NULL, NULL), ==, US_EAST_1);
  assert_dollars (glaux_cost_model_cost_for_dpu_millis (model, "us-east-1", 3600000), 0.40);

  /* The same value again is no change. */
  glaux_cost_model_set_price_override (model, "us-east-1", 0.40);
  g_assert_cmpuint (changed, ==, 1);

  /* A region missing from the table can have its own price. */
  glaux_cost_model_set_price_override (model, "xx-nowhere-1", 1.25);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "xx-nowhere-1", &is_estimate, &is_override),
                     ==, 1.25);
  g_assert_false (is_estimate);
  g_assert_true (is_override);

  /* A zero price is a valid override (free tier, internal accounting). */
  glaux_cost_model_set_price_override (model, "eu-west-1", 0.0);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "eu-west-1", NULL, &is_override), ==, 0.0);
  g_assert_true (is_override);
  g_assert_cmpuint (changed, ==, 3);

  /* Negative removes. */
  glaux_cost_model_set_price_override (model, "us-east-1", -1);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "us-east-1", &is_estimate, &is_override),
                     ==, US_EAST_1);
  g_assert_true (is_estimate);
  g_assert_false (is_override);
  glaux_cost_model_set_price_override (model, "us-east-1", -1);
  g_assert_cmpuint (changed, ==, 4);

  /* The whole setting replaces every override at once, with one "changed". */
  builder = g_variant_builder_new (G_VARIANT_TYPE ("a{sd}"));
  g_variant_builder_add (builder, "{sd}", "ap-northeast-1", 0.6);
  g_variant_builder_add (builder, "{sd}", "us-west-2", 0.3);
  g_variant_builder_add (builder, "{sd}", "eu-north-1", -5.0); /* ignored */
  glaux_cost_model_set_price_overrides (model, g_variant_builder_end (builder));
  g_assert_cmpuint (changed, ==, 5);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "ap-northeast-1", NULL, NULL), ==, 0.6);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "us-west-2", NULL, NULL), ==, 0.3);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "eu-north-1", NULL, &is_override),
                     ==, US_EAST_1);
  g_assert_false (is_override);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "xx-nowhere-1", NULL, &is_override),
                     ==, US_EAST_1);
  g_assert_false (is_override);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "eu-west-1", NULL, NULL), ==, US_EAST_1);

  /* The same setting again: nothing changed. */
  glaux_cost_model_set_price_overrides (model, g_variant_new_parsed ("{'us-west-2': 0.3, "
                                                                     "'ap-northeast-1': 0.6}"));
  g_assert_cmpuint (changed, ==, 5);

  /* An empty dictionary and NULL both clear. */
  glaux_cost_model_set_price_overrides (model, g_variant_new_parsed ("@a{sd} {}"));
  g_assert_cmpuint (changed, ==, 6);
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "ap-northeast-1", &is_estimate, NULL),
                     ==, TOKYO);
  g_assert_false (is_estimate);
  glaux_cost_model_set_price_overrides (model, NULL);
  g_assert_cmpuint (changed, ==, 6);
}

static void
test_cost_for_dpu_millis (void)
{
  static const struct {
    const char *region;
    gint64      dpu_millis;
    gint64      billed_seconds;
    double      price;
  } cases[] = {
    { "us-east-1", 0, 0, US_EAST_1 },
    { "us-east-1", -1, 0, US_EAST_1 },
    { "us-east-1", G_MININT64, 0, US_EAST_1 },
    { "us-east-1", 1, 1, US_EAST_1 },
    { "us-east-1", 999, 1, US_EAST_1 },
    { "us-east-1", 1000, 1, US_EAST_1 },
    { "us-east-1", 1001, 2, US_EAST_1 },
    { "us-east-1", 1999, 2, US_EAST_1 },
    { "us-east-1", 60000, 60, US_EAST_1 },
    { "us-east-1", 3600000, 3600, US_EAST_1 },
    { "us-east-1", 3600001, 3601, US_EAST_1 },
    { "ap-northeast-1", 3600000, 3600, TOKYO },
    { "ap-northeast-1", 5 * 3600000 + 1, 5 * 3600 + 1, TOKYO },
    /* A year on 5000 DPUs, and the largest value the wire can carry: no overflow. */
    { "us-east-1", G_GINT64_CONSTANT (5000) * 365 * 24 * 3600000,
      G_GINT64_CONSTANT (5000) * 365 * 24 * 3600, US_EAST_1 },
    { "us-east-1", G_MAXINT64, G_MAXINT64 / 1000 + 1, US_EAST_1 },
    { "xx-nowhere-1", 7200000, 7200, US_EAST_1 },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double cost = glaux_cost_model_cost_for_dpu_millis (model, cases[i].region,
                                                          cases[i].dpu_millis);

      g_test_message ("case %u: %" G_GINT64_FORMAT " DPU-ms", i, cases[i].dpu_millis);
      assert_dollars (cost, (double)cases[i].billed_seconds * cases[i].price / 3600.0);
      g_assert_cmpfloat (cost, >=, 0.0);
    }

  /* Whole hours come out exact. */
  g_assert_cmpfloat (glaux_cost_model_cost_for_dpu_millis (model, "ap-northeast-1", 3600000 * 4),
                     ==, 2.0);

  /* The minimum billed duration is a session rule; it does not touch DPU-ms pricing. */
  glaux_cost_model_set_minimum_billed_seconds (model, 60);
  assert_dollars (glaux_cost_model_cost_for_dpu_millis (model, "us-east-1", 1000),
                  US_EAST_1 / 3600.0);
}

static void
test_minimum_billed (void)
{
  static const struct {
    guint  minimum;
    gint64 dpu_millis;
    int    dpus_at_start;
    gint64 billed_seconds;
  } cases[] = {
    { 0, 0, 1, 0 },
    { 0, 1, 1, 1 },
    { 0, 1001, 1, 2 },
    { 60, 0, 1, 60 },
    { 60, 1000, 1, 60 },
    { 60, 59999, 1, 60 },
    { 60, 60001, 1, 61 },
    { 60, 1000, 0, 60 },      /* no coordinator size known: 1 */
    { 60, 1000, -3, 60 },
    { 60, 100000, 2, 120 },   /* two DPUs from the start: 2 × 60 DPU-seconds at least */
    { 60, 130000, 2, 130 },
    { 3600, 1, 1, 3600 },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();
  guint changed = 0;
  guint notified = 0;

  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (model, "notify::minimum-billed-seconds", G_CALLBACK (notify_count_cb),
                    &notified);

  g_assert_cmpuint (glaux_cost_model_get_minimum_billed_seconds (model), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      glaux_cost_model_set_minimum_billed_seconds (model, cases[i].minimum);
      g_assert_cmpuint (glaux_cost_model_get_minimum_billed_seconds (model), ==, cases[i].minimum);
      g_test_message ("case %u", i);
      assert_dollars (glaux_cost_model_cost_for_session (model, "us-east-1", cases[i].dpu_millis,
                                                         cases[i].dpus_at_start),
                      (double)cases[i].billed_seconds * US_EAST_1 / 3600.0);
    }

  /* 0 → 60 → 3600: two changes, each notified once. */
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_burn_rate (void)
{
  static const struct {
    const char *region;
    double      dpus;
    double      per_hour;
  } cases[] = {
    { "us-east-1", 0, 0 },
    { "us-east-1", -2, 0 },
    { "us-east-1", NAN, 0 },
    { "us-east-1", 1, US_EAST_1 },
    { "us-east-1", 1.5, 1.5 * US_EAST_1 },
    { "ap-northeast-1", 20, 10.0 },
    { "ap-northeast-1", 5000, 2500.0 },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_dollars (glaux_cost_model_burn_rate (model, cases[i].region, cases[i].dpus),
                    cases[i].per_hour);
}

static void
test_estimate_session (void)
{
  static const struct {
    const char *region;
    guint       minimum;
    int         coordinator;
    int         max_dpus;
    int         idle_minutes;
    int         dpus_at_start;
    int         dpus_at_max;
    double      per_hour_at_start;
    double      per_hour_at_max;
    double      idle_cost;
  } cases[] = {
    /* CoordinatorDpuSize 0 (not given) means 1. */
    { "us-east-1", 0, 0, 20, 15, 1, 20, US_EAST_1, 20 * US_EAST_1, 0.25 * US_EAST_1 },
    { "us-east-1", 0, 1, 20, 20, 1, 20, US_EAST_1, 20 * US_EAST_1, US_EAST_1 / 3.0 },
    { "ap-northeast-1", 0, 1, 4, 480, 1, 4, TOKYO, 2.0, 4.0 },
    { "ap-northeast-1", 0, 1, 5000, 1, 1, 5000, TOKYO, 2500.0, TOKYO / 60.0 },
    /* MaxConcurrentDpus not set, or below the coordinator: the coordinator alone. */
    { "us-east-1", 0, 1, 0, 15, 1, 1, US_EAST_1, US_EAST_1, 0.25 * US_EAST_1 },
    { "us-east-1", 0, 2, 1, 30, 2, 2, 2 * US_EAST_1, 2 * US_EAST_1, US_EAST_1 },
    /* The minimum billed duration lifts a short idle timeout, never a long one. */
    { "us-east-1", 3600, 1, 20, 15, 1, 20, US_EAST_1, 20 * US_EAST_1, US_EAST_1 },
    { "us-east-1", 3600, 2, 20, 15, 2, 20, 2 * US_EAST_1, 20 * US_EAST_1, 2 * US_EAST_1 },
    { "us-east-1", 60, 1, 20, 120, 1, 20, US_EAST_1, 20 * US_EAST_1, 2 * US_EAST_1 },
    { "us-east-1", 60, 2, 20, 0, 2, 20, 2 * US_EAST_1, 20 * US_EAST_1, 2 * 60 * US_EAST_1 / 3600 },
    { "us-east-1", 0, 1, 20, 0, 1, 20, US_EAST_1, 20 * US_EAST_1, 0 },
    { "us-east-1", 0, 1, 20, -5, 1, 20, US_EAST_1, 20 * US_EAST_1, 0 },
    { "xx-nowhere-1", 0, 1, 2, 60, 1, 2, US_EAST_1, 2 * US_EAST_1, US_EAST_1 },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GlauxSessionEstimate estimate;

      memset (&estimate, 0xaa, sizeof estimate);
      g_test_message ("case %u", i);
      glaux_cost_model_set_minimum_billed_seconds (model, cases[i].minimum);
      glaux_cost_model_estimate_session (model, NULL, cases[i].region, cases[i].coordinator,
                                         cases[i].max_dpus, cases[i].idle_minutes, &estimate);
      g_assert_cmpint (estimate.dpus_at_start, ==, cases[i].dpus_at_start);
      g_assert_cmpint (estimate.dpus_at_max, ==, cases[i].dpus_at_max);
      assert_dollars (estimate.cost_per_hour_at_start, cases[i].per_hour_at_start);
      assert_dollars (estimate.cost_per_hour_at_max, cases[i].per_hour_at_max);
      assert_dollars (estimate.cost_if_idle_until_timeout, cases[i].idle_cost);
    }

  /* An override feeds the estimate. */
  {
    GlauxSessionEstimate estimate;

    glaux_cost_model_set_minimum_billed_seconds (model, 0);
    glaux_cost_model_set_price_override (model, "eu-west-1", 1.0);
    glaux_cost_model_estimate_session (model, NULL, "eu-west-1", 1, 10, 30, &estimate);
    assert_dollars (estimate.cost_per_hour_at_max, 10.0);
    assert_dollars (estimate.cost_if_idle_until_timeout, 0.5);
  }
}

typedef struct
{
  double      dollars;
  const char *text;
} AmountCase;

static void
check_amounts (const AmountCase *cases,
               guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = glaux_cost_model_format_amount (cases[i].dollars);

      g_test_message ("%.10g -> %s", cases[i].dollars, text);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_c_locale (void)
{
  static const AmountCase cases[] = {
    { 0.0, "$0.00" },
    { -0.0, "$0.00" },
    { NAN, "$0.00" },
    { 0.01, "$0.01" },
    { 0.014, "$0.01" },
    { 0.016, "$0.02" },
    { 0.5, "$0.50" },
    { 1.0, "$1.00" },
    { 2.5, "$2.50" },
    { 1234.567, "$1234.57" },
    { 1e6, "$1000000.00" },
    { -2.5, "-$2.50" },
    /* Under a cent: two significant digits, so it never reads as free. */
    { 0.0042, "$0.0042" },
    { 0.00421, "$0.0042" },
    { 0.00429, "$0.0043" },
    { 0.005, "$0.0050" },
    { 0.001, "$0.0010" },
    { 0.35 / 3600.0, "$0.000097" },
    { 1e-9, "$0.0000000010" },
    { -0.0042, "-$0.0042" },
    /* Rounds up to the cent: shown as a cent. */
    { 0.00999, "$0.01" },
    { 0.0099, "$0.0099" },
    { -0.001, "-$0.0010" },
  };
  static const struct {
    gint64      dpu_millis;
    const char *text;
  } hours[] = {
    { 0, "0.00 DPU-hours" },
    { 1, "0.00 DPU-hours" },
    { 3600000, "1.00 DPU-hours" },
    { 11700000, "3.25 DPU-hours" },
    { 36000000000, "10000.00 DPU-hours" },
  };

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  check_amounts (cases, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (hours); i++)
    {
      g_autofree char *text = glaux_cost_model_format_dpu_hours (hours[i].dpu_millis);

      g_assert_cmpstr (text, ==, hours[i].text);
    }
}

/* A locale with a comma decimal separator and grouping (glibc's de_DE: "." groups of 3). */
static void
test_format_comma_locale (void)
{
  static const char * const candidates[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8", "es_ES.UTF-8",
    "it_IT.UTF-8", "pt_BR.UTF-8",
  };
  const char *found = NULL;
  g_autofree char *thousands = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *small = NULL;
  g_autofree char *zero = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates) && found == NULL; i++)
    {
      if (setlocale (LC_ALL, candidates[i]) != NULL &&
          g_str_equal (localeconv ()->decimal_point, ","))
        found = candidates[i];
    }

  if (found == NULL)
    {
      setlocale (LC_ALL, "C");
      g_test_skip ("no locale with a comma decimal separator is installed");
      return;
    }

  g_test_message ("using %s", found);

  /* The separator differs per locale ("." in de_DE, a narrow no-break space in fr_FR). */
  thousands = g_strdup (localeconv ()->mon_thousands_sep);
  g_assert_cmpstr (localeconv ()->mon_decimal_point, ==, ",");
  g_assert_cmpuint (strlen (thousands), >, 0);

  expected = g_strdup_printf ("$1%s234%s567,89", thousands, thousands);
  {
    g_autofree char *text = glaux_cost_model_format_amount (1234567.891);

    g_assert_cmpstr (text, ==, expected);
  }
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("$1%s234,57", thousands);
  {
    g_autofree char *text = glaux_cost_model_format_amount (1234.567);

    g_assert_cmpstr (text, ==, expected);
  }

  small = glaux_cost_model_format_amount (0.0042);
  g_assert_cmpstr (small, ==, "$0,0042");
  zero = glaux_cost_model_format_amount (0);
  g_assert_cmpstr (zero, ==, "$0,00");
  hours = glaux_cost_model_format_dpu_hours (11700000);
  g_assert_cmpstr (hours, ==, "3,25 DPU-hours");

  {
    g_autofree char *text = glaux_cost_model_format_amount (999.994);

    g_assert_cmpstr (text, ==, "$999,99");
  }

  setlocale (LC_ALL, "C");
}

static void
test_get_default (void)
{
  GlauxCostModel *model = glaux_cost_model_get_default ();

  g_assert_true (GLAUX_IS_COST_MODEL (model));
  g_assert_true (model == glaux_cost_model_get_default ());
  g_assert_cmpfloat (glaux_cost_model_get_price (model, "ap-northeast-1", NULL, NULL), ==, TOKYO);
}

/* A connection's own price wins over its region's, in every formula, with the same rounding. */
static void
test_connection_price (void)
{
  static const struct {
    const char *connection;     /* NULL: no connection */
    const char *region;
    gint64      dpu_millis;
    int         dpus_at_start;
    guint       minimum;
    double      price;          /* expected price per DPU-hour */
    gboolean    is_override;
    gint64      billed_seconds; /* cost_for_connection: rounded up to whole DPU-seconds */
    gint64      session_seconds; /* session_cost_for_connection: at least the minimum */
  } cases[] = {
    /* "negotiated" has 0.20; "regional" has none, its region (eu-west-1) has an override 0.40. */
    { "negotiated", "us-east-1", 0, 1, 0, 0.20, TRUE, 0, 0 },
    { "negotiated", "us-east-1", 1, 1, 0, 0.20, TRUE, 1, 1 },
    { "negotiated", "us-east-1", 999, 1, 0, 0.20, TRUE, 1, 1 },
    { "negotiated", "us-east-1", 1000, 1, 0, 0.20, TRUE, 1, 1 },
    { "negotiated", "us-east-1", 1001, 1, 0, 0.20, TRUE, 2, 2 },
    { "negotiated", "eu-west-1", 3600000, 1, 0, 0.20, TRUE, 3600, 3600 },
    { "negotiated", "ap-northeast-1", 7200001, 1, 0, 0.20, TRUE, 7201, 7201 },
    { "negotiated", "us-east-1", 1000, 1, 60, 0.20, TRUE, 1, 60 },
    { "negotiated", "us-east-1", 1000, 4, 60, 0.20, TRUE, 1, 240 },
    { "negotiated", "us-east-1", 300001, 4, 60, 0.20, TRUE, 301, 301 },
    { "regional", "eu-west-1", 1500, 1, 0, 0.40, TRUE, 2, 2 },
    { "regional", "us-east-1", 1500, 1, 0, US_EAST_1, FALSE, 2, 2 },
    { "regional", "ap-northeast-1", 1500, 1, 60, TOKYO, FALSE, 2, 60 },
    { NULL, "ap-northeast-1", 3600000, 1, 0, TOKYO, FALSE, 3600, 3600 },
    { NULL, "eu-west-1", 3600000, 1, 0, 0.40, TRUE, 3600, 3600 },
    { "unknown", "xx-nowhere-1", 1, 1, 0, US_EAST_1, FALSE, 1, 1 },
    /* Free is a price too (an internal account, say). */
    { "free", "us-east-1", 3600000, 1, 60, 0.0, TRUE, 3600, 3600 },
  };
  g_autoptr(GlauxCostModel) model = glaux_cost_model_new ();
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sd}"));
  guint changed = 0;
  double price = 0.0;

  glaux_cost_model_set_price_override (model, "eu-west-1", 0.40);
  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);

  g_variant_builder_add (&builder, "{sd}", "negotiated", 0.20);
  g_variant_builder_add (&builder, "{sd}", "free", 0.0);
  g_variant_builder_add (&builder, "{sd}", "ignored", -1.0);
  glaux_cost_model_set_connection_prices (model, g_variant_builder_end (&builder));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (glaux_cost_model_has_connection_price (model, "negotiated", &price));
  g_assert_cmpfloat (price, ==, 0.20);
  g_assert_false (glaux_cost_model_has_connection_price (model, "ignored", NULL));
  g_assert_false (glaux_cost_model_has_connection_price (model, "regional", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean is_estimate = TRUE;
      gboolean is_override = FALSE;
      double got;

      g_test_message ("case %u: %s in %s, %" G_GINT64_FORMAT " DPU-ms", i,
                      cases[i].connection ? cases[i].connection : "(none)", cases[i].region,
                      cases[i].dpu_millis);
      glaux_cost_model_set_minimum_billed_seconds (model, cases[i].minimum);

      got = glaux_cost_model_get_price_for_connection (model, cases[i].connection,
                                                       cases[i].region, &is_estimate,
                                                       &is_override);
      g_assert_cmpfloat (got, ==, cases[i].price);
      g_assert_cmpint (is_override, ==, cases[i].is_override);
      if (cases[i].is_override)
        g_assert_false (is_estimate);

      assert_dollars (glaux_cost_model_cost_for_connection (model, cases[i].connection,
                                                            cases[i].region, cases[i].dpu_millis),
                      (double)cases[i].billed_seconds * cases[i].price / 3600.0);
      assert_dollars (glaux_cost_model_session_cost_for_connection (model, cases[i].connection,
                                                                    cases[i].region,
                                                                    cases[i].dpu_millis,
                                                                    cases[i].dpus_at_start),
                      (double)cases[i].session_seconds * cases[i].price / 3600.0);
      assert_dollars (glaux_cost_model_burn_rate_for_connection (model, cases[i].connection,
                                                                 cases[i].region, 3),
                      3 * cases[i].price);
    }

  /* The plain functions never see a connection's price. */
  assert_dollars (glaux_cost_model_cost_for_dpu_millis (model, "us-east-1", 3600000), US_EAST_1);

  /* Same setting again: no "changed"; one price removed: one "changed", the region's back. */
  changed = 0;
  builder = (GVariantBuilder) G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sd}"));
  g_variant_builder_add (&builder, "{sd}", "free", 0.0);
  g_variant_builder_add (&builder, "{sd}", "negotiated", 0.20);
  glaux_cost_model_set_connection_prices (model, g_variant_builder_end (&builder));
  g_assert_cmpuint (changed, ==, 0);
  glaux_cost_model_set_connection_price (model, "negotiated", -1.0);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpfloat (glaux_cost_model_get_price_for_connection (model, "negotiated", "eu-west-1",
                                                                NULL, NULL), ==, 0.40);
  glaux_cost_model_set_connection_price (model, "negotiated", NAN);
  g_assert_cmpuint (changed, ==, 1);
  glaux_cost_model_set_connection_prices (model, NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_false (glaux_cost_model_has_connection_price (model, "free", NULL));
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/cost-model/default-table", test_default_table);
  g_test_add_func ("/cost-model/prices", test_prices);
  g_test_add_func ("/cost-model/overrides", test_overrides);
  g_test_add_func ("/cost-model/cost-for-dpu-millis", test_cost_for_dpu_millis);
  g_test_add_func ("/cost-model/minimum-billed", test_minimum_billed);
  g_test_add_func ("/cost-model/burn-rate", test_burn_rate);
  g_test_add_func ("/cost-model/connection-price", test_connection_price);
  g_test_add_func ("/cost-model/estimate-session", test_estimate_session);
  g_test_add_func ("/cost-model/format/c-locale", test_format_c_locale);
  g_test_add_func ("/cost-model/format/comma-locale", test_format_comma_locale);
  g_test_add_func ("/cost-model/get-default", test_get_default);

  return g_test_run ();
}
