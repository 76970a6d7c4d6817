/* glaux-bench-comparison.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-comparison"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "glaux-bench-comparison.h"

/* The comparison is computed once, in the constructor: per-query medians come from the runs
 * (median of passing measurements), the geomean and totals use only the queries every run has,
 * so runs with different subsets are still compared like for like (and a warning says so). */

#define EDGE_EPSILON 1e-9
#define MAX_LISTED_QUERIES 8

struct _GlauxBenchComparison
{
  GObject              parent_instance;

  GPtrArray           *runs;      /* GlauxBenchRun, [0] the baseline */
  GPtrArray           *rows;      /* GlauxBenchComparisonRow */
  GStrv                warnings;
  GlauxBenchRunTotals *totals;    /* n_runs */
  guint                n_common;
};

G_DEFINE_FINAL_TYPE (GlauxBenchComparison, glaux_bench_comparison, G_TYPE_OBJECT)

/* Maths */

/* (other − baseline) / baseline × 100; NAN when either is missing or the baseline is not > 0. */
double
glaux_bench_change_pct (double baseline_ms,
                        double other_ms)
{
  if (isnan (baseline_ms) || isnan (other_ms) || baseline_ms <= 0)
    return NAN;

  /* Multiplying first keeps round cases exact: 110 vs 100 is 10, not 10.000000000000002. */
  return (other_ms - baseline_ms) * 100.0 / baseline_ms;
}

/* baseline / other (> 1: the other run is faster); NAN when either is missing or other ≤ 0. */
double
glaux_bench_speedup (double baseline_ms,
                     double other_ms)
{
  if (isnan (baseline_ms) || isnan (other_ms) || other_ms <= 0 || baseline_ms <= 0)
    return NAN;

  return baseline_ms / other_ms;
}

GlauxBenchBand
glaux_bench_classify_change (double change_pct)
{
  double magnitude;
  gboolean slower;

  if (isnan (change_pct))
    return GLAUX_BENCH_BAND_NONE;

  magnitude = fabs (change_pct);
  slower = change_pct > 0;

  if (magnitude <= GLAUX_BENCH_TIE_PCT + EDGE_EPSILON)
    return GLAUX_BENCH_BAND_TIE;
  if (magnitude <= GLAUX_BENCH_MINOR_PCT + EDGE_EPSILON)
    return slower ? GLAUX_BENCH_BAND_SLOWER : GLAUX_BENCH_BAND_FASTER;
  if (magnitude <= GLAUX_BENCH_MAJOR_PCT + EDGE_EPSILON)
    return slower ? GLAUX_BENCH_BAND_MINOR_SLOWER : GLAUX_BENCH_BAND_MINOR_FASTER;
  if (magnitude <= GLAUX_BENCH_CRITICAL_PCT + EDGE_EPSILON)
    return slower ? GLAUX_BENCH_BAND_MAJOR_SLOWER : GLAUX_BENCH_BAND_MAJOR_FASTER;

  return slower ? GLAUX_BENCH_BAND_CRITICAL_SLOWER : GLAUX_BENCH_BAND_CRITICAL_FASTER;
}

const char *
glaux_bench_band_to_string (GlauxBenchBand band)
{
  switch (band)
    {
    case GLAUX_BENCH_BAND_TIE:
      return "tie";
    case GLAUX_BENCH_BAND_SLOWER:
      return "slower";
    case GLAUX_BENCH_BAND_MINOR_SLOWER:
      return "minor_slower";
    case GLAUX_BENCH_BAND_MAJOR_SLOWER:
      return "major_slower";
    case GLAUX_BENCH_BAND_CRITICAL_SLOWER:
      return "critical_slower";
    case GLAUX_BENCH_BAND_FASTER:
      return "faster";
    case GLAUX_BENCH_BAND_MINOR_FASTER:
      return "minor_faster";
    case GLAUX_BENCH_BAND_MAJOR_FASTER:
      return "major_faster";
    case GLAUX_BENCH_BAND_CRITICAL_FASTER:
      return "critical_faster";
    case GLAUX_BENCH_BAND_NONE:
    default:
      return NULL;
    }
}

const char *
glaux_bench_band_describe (GlauxBenchBand band)
{
  switch (band)
    {
    case GLAUX_BENCH_BAND_TIE:
      return _("Tie");
    case GLAUX_BENCH_BAND_SLOWER:
      return _("Slightly slower");
    case GLAUX_BENCH_BAND_MINOR_SLOWER:
      return _("Minor regression");
    case GLAUX_BENCH_BAND_MAJOR_SLOWER:
      return _("Major regression");
    case GLAUX_BENCH_BAND_CRITICAL_SLOWER:
      return _("Critical regression");
    case GLAUX_BENCH_BAND_FASTER:
      return _("Slightly faster");
    case GLAUX_BENCH_BAND_MINOR_FASTER:
      return _("Minor improvement");
    case GLAUX_BENCH_BAND_MAJOR_FASTER:
      return _("Major improvement");
    case GLAUX_BENCH_BAND_CRITICAL_FASTER:
      return _("Critical improvement");
    case GLAUX_BENCH_BAND_NONE:
    default:
      return _("Not compared");
    }
}

gboolean
glaux_bench_band_is_slower (GlauxBenchBand band)
{
  return band >= GLAUX_BENCH_BAND_SLOWER && band <= GLAUX_BENCH_BAND_CRITICAL_SLOWER;
}

gboolean
glaux_bench_band_is_faster (GlauxBenchBand band)
{
  return band >= GLAUX_BENCH_BAND_FASTER && band <= GLAUX_BENCH_BAND_CRITICAL_FASTER;
}

/* BenchBox's --fail-on-regression accepts "10%" and "0.1"; a bare number ≥ 1 is a percentage,
 * a bare number below 1 a fraction (so "0.5" is 50 %, "0.5%" is half a percent). */
gboolean
glaux_bench_parse_threshold (const char *text,
                             double     *pct)
{
  g_autofree char *copy = NULL;
  gboolean percent = FALSE;
  char *end = NULL;
  double value;
  gsize length;

  g_return_val_if_fail (pct != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  length = strlen (copy);
  if (length > 0 && copy[length - 1] == '%')
    {
      percent = TRUE;
      copy[length - 1] = '\0';
      g_strchomp (copy);
    }
  if (copy[0] == '\0')
    return FALSE;

  value = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || !isfinite (value) || value < 0)
    return FALSE;

  *pct = (percent || value >= 1) ? value : value * 100.0;
  return TRUE;
}

/* Object */

static void
row_free (gpointer data)
{
  GlauxBenchComparisonRow *row = data;

  g_free (row->query_id);
  g_free (row->median_ms);
  g_free (row->change_pct);
  g_free (row->band);
  g_free (row->cost_usd);
  g_free (row);
}

static void
glaux_bench_comparison_finalize (GObject *object)
{
  GlauxBenchComparison *self = GLAUX_BENCH_COMPARISON (object);

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_strfreev);
  g_clear_pointer (&self->totals, g_free);

  G_OBJECT_CLASS (glaux_bench_comparison_parent_class)->finalize (object);
}

static void
glaux_bench_comparison_class_init (GlauxBenchComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_bench_comparison_finalize;
}

static void
glaux_bench_comparison_init (GlauxBenchComparison *self)
{
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_ptr_array_new_with_free_func (row_free);
}

/* Refusals */

static gboolean
same_scale_factor (double a,
                   double b)
{
  return fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b));
}

static char *
format_scale_factor (double scale_factor)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", scale_factor));
}

static gboolean
check_comparable (GlauxBenchRun  *baseline,
                  GlauxBenchRun  *other,
                  GError        **error)
{
  GlauxBenchExclusion exclusion = glaux_bench_run_get_exclusion (other);

  if (exclusion != GLAUX_BENCH_EXCLUSION_NONE)
    {
      g_autofree char *label = glaux_bench_run_dup_label (other);

      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE,
                   _("%s cannot be compared (%s): %s"), label,
                   glaux_bench_exclusion_to_string (exclusion),
                   glaux_bench_exclusion_describe (exclusion));
      return FALSE;
    }

  if (other == baseline)
    return TRUE;

  if (!g_str_equal (glaux_bench_run_get_benchmark_id (baseline),
                    glaux_bench_run_get_benchmark_id (other)))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE,
                   _("Cannot compare runs of different benchmarks: the baseline ran %s (%s), "
                     "the other run %s (%s). Choose runs of the same benchmark."),
                   glaux_bench_run_get_benchmark_name (baseline),
                   glaux_bench_run_get_benchmark_id (baseline),
                   glaux_bench_run_get_benchmark_name (other),
                   glaux_bench_run_get_benchmark_id (other));
      return FALSE;
    }

  if (!same_scale_factor (glaux_bench_run_get_scale_factor (baseline),
                          glaux_bench_run_get_scale_factor (other)))
    {
      g_autofree char *a = format_scale_factor (glaux_bench_run_get_scale_factor (baseline));
      g_autofree char *b = format_scale_factor (glaux_bench_run_get_scale_factor (other));

      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_COMPARABLE,
                   _("Cannot compare runs at different scale factors: the baseline ran %s at "
                     "SF %s, the other run at SF %s. Choose runs of the same scale factor."),
                   glaux_bench_run_get_benchmark_name (baseline), a, b);
      return FALSE;
    }

  return TRUE;
}

/* Warnings */

static char *
list_ids (GPtrArray *ids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ids->len && i < MAX_LISTED_QUERIES; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (ids, i));
  if (ids->len > MAX_LISTED_QUERIES)
    g_string_append_printf (text, _(" and %u more"), ids->len - MAX_LISTED_QUERIES);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
warn_if_different (GPtrArray  *warnings,
                   const char *what,
                   const char *baseline_value,
                   const char *other_value,
                   const char *other_label)
{
  if (g_strcmp0 (baseline_value, other_value) == 0)
    return;

  /* TRANSLATORS: e.g. "Tuning mode differs: the baseline has notuning, Spark 4.1.1 · … has tuned" */
  g_ptr_array_add (warnings,
                   g_strdup_printf (_("%s differs: the baseline has %s, %s has %s"), what,
                                    baseline_value != NULL ? baseline_value : _("none"),
                                    other_label,
                                    other_value != NULL ? other_value : _("none")));
}

static void
collect_warnings (GlauxBenchComparison *self,
                  GPtrArray            *warnings)
{
  GlauxBenchRun *baseline = g_ptr_array_index (self->runs, 0);

  for (guint r = 1; r < self->runs->len; r++)
    {
      GlauxBenchRun *other = g_ptr_array_index (self->runs, r);
      g_autofree char *label = glaux_bench_run_dup_label (other);
      g_autoptr(GPtrArray) only_baseline = g_ptr_array_new ();
      g_autoptr(GPtrArray) only_other = g_ptr_array_new ();
      guint base_iterations = glaux_bench_run_get_iterations (baseline);
      guint other_iterations = glaux_bench_run_get_iterations (other);

      for (guint i = 0; i < self->rows->len; i++)
        {
          GlauxBenchComparisonRow *row = g_ptr_array_index (self->rows, i);
          gboolean in_base = !isnan (row->median_ms[0]);
          gboolean in_other = !isnan (row->median_ms[r]);

          if (in_base && !in_other)
            g_ptr_array_add (only_baseline, row->query_id);
          else if (!in_base && in_other)
            g_ptr_array_add (only_other, row->query_id);
        }

      if (only_baseline->len > 0)
        {
          g_autofree char *ids = list_ids (only_baseline);

          g_ptr_array_add (warnings,
                           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Different query subsets: %s has no time for query %s, which the baseline has",
                                                         "Different query subsets: %s has no time for queries %s, which the baseline has",
                                                         only_baseline->len),
                                            label, ids));
        }
      if (only_other->len > 0)
        {
          g_autofree char *ids = list_ids (only_other);

          g_ptr_array_add (warnings,
                           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Different query subsets: the baseline has no time for query %s, which %s has",
                                                         "Different query subsets: the baseline has no time for queries %s, which %s has",
                                                         only_other->len),
                                            ids, label));
        }

      if (base_iterations != other_iterations)
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("Different iteration counts: the baseline measured %u "
                                            "iterations, %s measured %u"),
                                          base_iterations, label, other_iterations));

      warn_if_different (warnings, _("Validation"), glaux_bench_run_get_validation (baseline),
                         glaux_bench_run_get_validation (other), label);
      warn_if_different (warnings, _("Test type"), glaux_bench_run_get_test_type (baseline),
                         glaux_bench_run_get_test_type (other), label);
      warn_if_different (warnings, _("Tuning mode"), glaux_bench_run_get_tuning_mode (baseline),
                         glaux_bench_run_get_tuning_mode (other), label);
      warn_if_different (warnings, _("Execution mode"), glaux_bench_run_get_mode (baseline),
                         glaux_bench_run_get_mode (other), label);
    }
}

/* Rows and totals */

static int
compare_id_pointers (gconstpointer a,
                     gconstpointer b)
{
  return glaux_bench_compare_query_ids (*(const char * const *) a, *(const char * const *) b);
}

static void
build_rows (GlauxBenchComparison *self)
{
  guint n_runs = self->runs->len;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint r = 0; r < n_runs; r++)
    {
      GlauxBenchRun *run = g_ptr_array_index (self->runs, r);

      for (guint q = 0; q < glaux_bench_run_get_n_queries (run); q++)
        {
          const GlauxBenchQuery *query = glaux_bench_run_get_query (run, q);

          if (g_hash_table_add (seen, query->query_id))
            g_ptr_array_add (ids, query->query_id);
        }
    }
  g_ptr_array_sort (ids, compare_id_pointers);

  for (guint i = 0; i < ids->len; i++)
    {
      GlauxBenchComparisonRow *row = g_new0 (GlauxBenchComparisonRow, 1);
      const char *id = g_ptr_array_index (ids, i);

      row->query_id = g_strdup (id);
      row->median_ms = g_new (double, n_runs);
      row->change_pct = g_new (double, n_runs);
      row->band = g_new (GlauxBenchBand, n_runs);
      row->cost_usd = g_new (double, n_runs);
      row->in_all_runs = TRUE;

      for (guint r = 0; r < n_runs; r++)
        {
          const GlauxBenchQuery *query =
            glaux_bench_run_lookup_query (g_ptr_array_index (self->runs, r), id);

          row->median_ms[r] = query != NULL ? query->median_ms : NAN;
          row->cost_usd[r] = query != NULL ? query->cost_usd : NAN;
          row->in_all_runs &= !isnan (row->median_ms[r]);
        }
      for (guint r = 0; r < n_runs; r++)
        {
          row->change_pct[r] = r == 0 && !isnan (row->median_ms[0])
                               ? 0 : glaux_bench_change_pct (row->median_ms[0], row->median_ms[r]);
          row->band[r] = glaux_bench_classify_change (row->change_pct[r]);
        }

      self->n_common += row->in_all_runs;
      g_ptr_array_add (self->rows, row);
    }
}

static void
build_totals (GlauxBenchComparison *self)
{
  guint n_runs = self->runs->len;

  self->totals = g_new0 (GlauxBenchRunTotals, n_runs);

  for (guint r = 0; r < n_runs; r++)
    {
      GlauxBenchRun *run = g_ptr_array_index (self->runs, r);
      GlauxBenchRunTotals *totals = &self->totals[r];
      g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (double));

      totals->total_ms = 0;
      for (guint i = 0; i < self->rows->len; i++)
        {
          GlauxBenchComparisonRow *row = g_ptr_array_index (self->rows, i);

          if (!isnan (row->median_ms[r]))
            totals->n_queries++;
          if (!row->in_all_runs)
            continue;
          g_array_append_val (medians, row->median_ms[r]);
          totals->total_ms += row->median_ms[r];
          if (r == 0)
            continue;
          if (glaux_bench_band_is_faster (row->band[r]))
            totals->n_faster++;
          else if (glaux_bench_band_is_slower (row->band[r]))
            totals->n_slower++;
          else if (row->band[r] == GLAUX_BENCH_BAND_TIE)
            totals->n_ties++;
        }
      if (medians->len == 0)
        totals->total_ms = NAN;

      totals->geomean_ms = glaux_bench_geomean ((const double *) (gpointer) medians->data,
                                                medians->len);
      totals->cost_usd = glaux_bench_run_get_cost_usd (run);
      totals->cost_model = glaux_bench_run_get_cost_model (run);
      totals->cost_per_query_usd = totals->n_queries > 0 ? totals->cost_usd / totals->n_queries
                                                         : NAN;
    }

  for (guint r = 0; r < n_runs; r++)
    {
      GlauxBenchRunTotals *totals = &self->totals[r];

      totals->geomean_change_pct = glaux_bench_change_pct (self->totals[0].geomean_ms,
                                                           totals->geomean_ms);
      totals->geomean_band = glaux_bench_classify_change (totals->geomean_change_pct);
      totals->total_change_pct = glaux_bench_change_pct (self->totals[0].total_ms,
                                                         totals->total_ms);
      totals->speedup = glaux_bench_speedup (self->totals[0].geomean_ms, totals->geomean_ms);
    }
}

/**
 * glaux_bench_comparison_new:
 * @baseline: the run the others are measured against
 * @others: (array length=n_others): up to four other runs
 *
 * Returns: (transfer full): the comparison, or %NULL with @error in GLAUX_BENCH_ERROR
 */
GlauxBenchComparison *
glaux_bench_comparison_new (GlauxBenchRun        *baseline,
                            GlauxBenchRun * const *others,
                            guint                 n_others,
                            GError              **error)
{
  g_autoptr(GlauxBenchComparison) self = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (baseline), NULL);
  g_return_val_if_fail (others != NULL || n_others == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_others > GLAUX_BENCH_COMPARISON_MAX_OTHERS)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_MANY_RUNS,
                   _("A comparison has a baseline and up to %d other runs; %u were chosen"),
                   GLAUX_BENCH_COMPARISON_MAX_OTHERS, n_others);
      return NULL;
    }

  if (!check_comparable (baseline, baseline, error))
    return NULL;
  for (guint i = 0; i < n_others; i++)
    if (!check_comparable (baseline, others[i], error))
      return NULL;

  self = g_object_new (GLAUX_TYPE_BENCH_COMPARISON, NULL);
  g_ptr_array_add (self->runs, g_object_ref (baseline));
  for (guint i = 0; i < n_others; i++)
    g_ptr_array_add (self->runs, g_object_ref (others[i]));

  build_rows (self);
  build_totals (self);

  warnings = g_ptr_array_new ();
  collect_warnings (self, warnings);
  g_ptr_array_add (warnings, NULL);
  self->warnings = (GStrv) g_ptr_array_free (g_steal_pointer (&warnings), FALSE);

  return g_steal_pointer (&self);
}

/* The baseline and the others: n_others + 1. */
guint
glaux_bench_comparison_get_n_runs (GlauxBenchComparison *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), 0);
  return self->runs->len;
}

/**
 * glaux_bench_comparison_get_run:
 * @index: 0 for the baseline
 *
 * Returns: (transfer none): the run
 */
GlauxBenchRun *
glaux_bench_comparison_get_run (GlauxBenchComparison *self,
                                guint                 index)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->runs->len, NULL);
  return g_ptr_array_index (self->runs, index);
}

const char * const *
glaux_bench_comparison_get_warnings (GlauxBenchComparison *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), NULL);
  return (const char * const *) self->warnings;
}

guint
glaux_bench_comparison_get_n_rows (GlauxBenchComparison *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), 0);
  return self->rows->len;
}

const GlauxBenchComparisonRow *
glaux_bench_comparison_get_row (GlauxBenchComparison *self,
                                guint                 index)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

/* Queries with a median in every run: the ones geomean and totals use. */
guint
glaux_bench_comparison_get_n_common_queries (GlauxBenchComparison *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), 0);
  return self->n_common;
}

const GlauxBenchRunTotals *
glaux_bench_comparison_get_totals (GlauxBenchComparison *self,
                                   guint                 index)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->runs->len, NULL);
  return &self->totals[index];
}

gboolean
glaux_bench_comparison_has_regression (GlauxBenchComparison *self,
                                       double                threshold_pct)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (self), FALSE);

  for (guint r = 1; r < self->runs->len; r++)
    {
      if (self->totals[r].geomean_change_pct > threshold_pct + EDGE_EPSILON)
        return TRUE;
      for (guint i = 0; i < self->rows->len; i++)
        {
          GlauxBenchComparisonRow *row = g_ptr_array_index (self->rows, i);

          if (row->change_pct[r] > threshold_pct + EDGE_EPSILON)
            return TRUE;
        }
    }

  return FALSE;
}
