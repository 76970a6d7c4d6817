/* glaux-compare-command.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-compare"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "glaux-compare-command.h"

/* `glaux compare`: the comparison the UI shows, as text, Markdown or JSON, for scripts and CI.
 * Numbers are formatted with g_ascii_formatd so the output does not depend on the locale. */

#define EXIT_REGRESSION 1
#define EXIT_REFUSED 2

static char *
format_number (double      value,
               const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("—");

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static char *
format_ms (double value)
{
  return format_number (value, "%.2f");
}

static char *
format_pct (double value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("—");

  number = format_number (fabs (value), "%.1f");
  /* −0.0 % and +0.0 % both read "0.0 %". */
  if (g_str_equal (number, "0.0"))
    return g_strdup ("0.0 %");

  return g_strdup_printf ("%s%s %%", value < 0 ? "-" : "+", number);
}

static char *
format_cost (double value)
{
  g_autofree char *number = format_number (value, "%.6f");

  return isnan (value) ? g_steal_pointer (&number) : g_strdup_printf ("$%s", number);
}

/* 2.55×, and three significant digits below 1 (0.0262×, not 0.03×). */
static char *
format_speedup (double value)
{
  g_autofree char *number = format_number (value, value >= 1 ? "%.2f" : "%.3g");

  return isnan (value) ? g_steal_pointer (&number) : g_strdup_printf ("%s×", number);
}

/* A table of strings; row 0 is the header. */
typedef struct
{
  guint      n_columns;
  GPtrArray *rows;   /* GStrv */
  gboolean  *left;   /* per column: left-aligned (text) */
} Table;

static Table *
table_new (guint n_columns)
{
  Table *table = g_new0 (Table, 1);

  table->n_columns = n_columns;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->left = g_new0 (gboolean, n_columns);

  return table;
}

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table->left);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

/* Takes the cells (a GPtrArray of char*, n_columns long). */
static void
table_add (Table     *table,
           GPtrArray *cells)
{
  g_assert (cells->len == table->n_columns);
  g_ptr_array_add (cells, NULL);
  g_ptr_array_add (table->rows, g_ptr_array_free (cells, FALSE));
}

static void
table_render_text (Table   *table,
                   GString *out)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (cells[c], -1));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < table->n_columns; c++)
        {
          glong padding = widths[c] - g_utf8_strlen (cells[c], -1);

          if (c > 0)
            g_string_append (line, "  ");
          if (!table->left[c])
            for (glong i = 0; i < padding; i++)
              g_string_append_c (line, ' ');
          g_string_append (line, cells[c]);
          if (table->left[c])
            for (glong i = 0; i < padding; i++)
              g_string_append_c (line, ' ');
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append_printf (out, "%s\n", line->str);

      if (r == 0)
        {
          for (guint c = 0; c < table->n_columns; c++)
            {
              if (c > 0)
                g_string_append (out, "  ");
              for (glong i = 0; i < widths[c]; i++)
                g_string_append_c (out, '-');
            }
          g_string_append_c (out, '\n');
        }
    }
}

static void
table_render_markdown (Table   *table,
                       GString *out)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (table->rows, r);

      g_string_append (out, "|");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *escaped = g_strjoinv ("\\|", (char *[]) { cells[c], NULL });

          g_string_append_printf (out, " %s |", escaped);
        }
      g_string_append_c (out, '\n');

      if (r == 0)
        {
          g_string_append (out, "|");
          for (guint c = 0; c < table->n_columns; c++)
            g_string_append (out, table->left[c] ? " :--- |" : " ---: |");
          g_string_append_c (out, '\n');
        }
    }
}

/* The per-query table: Query, Baseline ms, then per other run: ms, change, band. */
static Table *
build_query_table (GlauxBenchComparison *comparison)
{
  guint n_runs = glaux_bench_comparison_get_n_runs (comparison);
  Table *table = table_new (2 + 3 * (n_runs - 1));
  GPtrArray *header = g_ptr_array_new ();

  table->left[0] = TRUE;
  g_ptr_array_add (header, g_strdup (_("Query")));
  g_ptr_array_add (header, g_strdup (_("Baseline ms")));
  for (guint r = 1; r < n_runs; r++)
    {
      table->left[1 + 3 * r] = TRUE;
      g_ptr_array_add (header, g_strdup_printf (_("Run %u ms"), r));
      g_ptr_array_add (header, g_strdup_printf (_("Run %u change"), r));
      g_ptr_array_add (header, g_strdup_printf (_("Run %u band"), r));
    }
  table_add (table, header);

  for (guint i = 0; i < glaux_bench_comparison_get_n_rows (comparison); i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (comparison, i);
      GPtrArray *cells = g_ptr_array_new ();

      g_ptr_array_add (cells, g_strdup (row->query_id));
      g_ptr_array_add (cells, isnan (row->median_ms[0]) ? g_strdup (_("missing"))
                                                        : format_ms (row->median_ms[0]));
      for (guint r = 1; r < n_runs; r++)
        {
          g_ptr_array_add (cells, isnan (row->median_ms[r]) ? g_strdup (_("missing"))
                                                            : format_ms (row->median_ms[r]));
          g_ptr_array_add (cells, format_pct (row->change_pct[r]));
          if (isnan (row->median_ms[0]))
            g_ptr_array_add (cells, g_strdup (_("missing in baseline")));
          else if (isnan (row->median_ms[r]))
            g_ptr_array_add (cells, g_strdup (_("missing in this run")));
          else
            g_ptr_array_add (cells, g_strdup (glaux_bench_band_describe (row->band[r])));
        }
      table_add (table, cells);
    }

  return table;
}

/* The summary: one column per run. */
static Table *
build_summary_table (GlauxBenchComparison *comparison)
{
  guint n_runs = glaux_bench_comparison_get_n_runs (comparison);
  Table *table = table_new (1 + n_runs);
  GPtrArray *header = g_ptr_array_new ();
  const char *names[] = {
    N_("Geomean ms"), N_("Geomean change"), N_("Geomean band"), N_("Total ms"),
    N_("Total change"), N_("Speed-up"), N_("Cost"), N_("Cost per query"),
  };
  gboolean any_cost = FALSE;

  for (guint r = 0; r < n_runs; r++)
    any_cost |= !isnan (glaux_bench_comparison_get_totals (comparison, r)->cost_usd);

  table->left[0] = TRUE;
  g_ptr_array_add (header, g_strdup (""));
  g_ptr_array_add (header, g_strdup (_("Baseline")));
  for (guint r = 1; r < n_runs; r++)
    g_ptr_array_add (header, g_strdup_printf (_("Run %u"), r));
  table_add (table, header);

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      GPtrArray *cells;

      if (k >= 6 && !any_cost)
        break;

      cells = g_ptr_array_new ();
      g_ptr_array_add (cells, g_strdup (_(names[k])));
      for (guint r = 0; r < n_runs; r++)
        {
          const GlauxBenchRunTotals *totals = glaux_bench_comparison_get_totals (comparison, r);
          char *cell = NULL;

          switch (k)
            {
            case 0: cell = format_ms (totals->geomean_ms); break;
            case 1: cell = r == 0 ? g_strdup ("") : format_pct (totals->geomean_change_pct); break;
            case 2: cell = g_strdup (r == 0 ? "" : glaux_bench_band_describe (totals->geomean_band)); break;
            case 3: cell = format_ms (totals->total_ms); break;
            case 4: cell = r == 0 ? g_strdup ("") : format_pct (totals->total_change_pct); break;
            case 5: cell = format_speedup (totals->speedup); break;
            case 6:
              if (isnan (totals->cost_usd))
                cell = g_strdup (_("none"));
              else
                {
                  g_autofree char *cost = format_cost (totals->cost_usd);

                  cell = g_strdup_printf ("%s (%s)", cost, totals->cost_model);
                }
              break;
            case 7: cell = format_cost (totals->cost_per_query_usd); break;
            default: g_assert_not_reached ();
            }
          g_ptr_array_add (cells, cell);
        }
      table_add (table, cells);
    }

  return table;
}

static void
append_header (GlauxBenchComparison *comparison,
               GString              *out,
               gboolean              markdown)
{
  GlauxBenchRun *baseline = glaux_bench_comparison_get_run (comparison, 0);
  g_autofree char *sf = format_number (glaux_bench_run_get_scale_factor (baseline), "%g");
  guint n_runs = glaux_bench_comparison_get_n_runs (comparison);

  if (markdown)
    g_string_append_printf (out, "## %s\n\n", _("Benchmark comparison"));
  g_string_append_printf (out, _("Benchmark: %s (%s), scale factor %s; %u queries in common"),
                          glaux_bench_run_get_benchmark_name (baseline),
                          glaux_bench_run_get_benchmark_id (baseline), sf,
                          glaux_bench_comparison_get_n_common_queries (comparison));
  g_string_append (out, "\n\n");

  for (guint r = 0; r < n_runs; r++)
    {
      GlauxBenchRun *run = glaux_bench_comparison_get_run (comparison, r);
      g_autofree char *label = glaux_bench_run_dup_label (run);
      g_autofree char *role = r == 0 ? g_strdup (_("Baseline")) : g_strdup_printf (_("Run %u"), r);

      g_string_append_printf (out, "%s%s: %s\n", markdown ? "- " : "", role, label);
    }
  g_string_append_c (out, '\n');
}

static void
append_warnings (GlauxBenchComparison *comparison,
                 GString              *out,
                 gboolean              markdown)
{
  const char * const *warnings = glaux_bench_comparison_get_warnings (comparison);

  if (warnings[0] == NULL)
    return;

  g_string_append_printf (out, markdown ? "\n### %s\n\n" : "\n%s\n", _("Warnings"));
  for (guint i = 0; warnings[i] != NULL; i++)
    g_string_append_printf (out, "- %s\n", warnings[i]);
}

static void
append_verdict (GlauxBenchComparison *comparison,
                GString              *out,
                double                threshold_pct)
{
  g_autofree char *threshold = NULL;

  if (isnan (threshold_pct))
    return;

  threshold = format_number (threshold_pct, "%g");
  if (glaux_bench_comparison_has_regression (comparison, threshold_pct))
    g_string_append_printf (out, _("\nRegression: a query or the geomean is more than %s %% slower than the baseline.\n"),
                            threshold);
  else
    g_string_append_printf (out, _("\nNo regression over %s %%.\n"), threshold);
}

/* JSON, written by hand so numbers keep a short, stable form. */

static void
json_string (GString    *out,
             const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_number_full (GString    *out,
                  double      value,
                  const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (isnan (value) || isinf (value))
    {
      g_string_append (out, "null");
      return;
    }

  /* Fixed decimals, trailing zeros dropped: 6.9 stays 6.9, not 6.8999999999999995. */
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  end = buffer + strlen (buffer) - 1;
  while (end > buffer && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  if (g_str_equal (buffer, "-0"))
    g_strlcpy (buffer, "0", sizeof buffer);
  g_string_append (out, buffer);
}

static void
json_number (GString *out,
             double   value)
{
  json_number_full (out, value, "%.6f");
}

/* Cents of a cent matter for per-query costs. */
static void
json_cost (GString *out,
           double   value)
{
  json_number_full (out, value, "%.12f");
}

static void
json_member (GString    *out,
             const char *indent,
             const char *name,
             gboolean    first)
{
  g_string_append_printf (out, "%s\n%s", first ? "" : ",", indent);
  json_string (out, name);
  g_string_append (out, ": ");
}

static void
format_json (GlauxBenchComparison *comparison,
             GString              *out,
             double                threshold_pct)
{
  GlauxBenchRun *baseline = glaux_bench_comparison_get_run (comparison, 0);
  guint n_runs = glaux_bench_comparison_get_n_runs (comparison);
  const char * const *warnings = glaux_bench_comparison_get_warnings (comparison);

  g_string_append (out, "{");
  json_member (out, "  ", "benchmark", TRUE);
  g_string_append (out, "{\"id\": ");
  json_string (out, glaux_bench_run_get_benchmark_id (baseline));
  g_string_append (out, ", \"name\": ");
  json_string (out, glaux_bench_run_get_benchmark_name (baseline));
  g_string_append (out, ", \"scale_factor\": ");
  json_number (out, glaux_bench_run_get_scale_factor (baseline));
  g_string_append (out, "}");
  json_member (out, "  ", "common_queries", FALSE);
  g_string_append_printf (out, "%u", glaux_bench_comparison_get_n_common_queries (comparison));

  json_member (out, "  ", "runs", FALSE);
  g_string_append (out, "[");
  for (guint r = 0; r < n_runs; r++)
    {
      GlauxBenchRun *run = glaux_bench_comparison_get_run (comparison, r);
      const GlauxBenchRunTotals *totals = glaux_bench_comparison_get_totals (comparison, r);
      g_autofree char *label = glaux_bench_run_dup_label (run);

      g_string_append_printf (out, "%s\n    {", r > 0 ? "," : "");
      json_member (out, "      ", "role", TRUE);
      json_string (out, r == 0 ? "baseline" : "other");
      json_member (out, "      ", "label", FALSE);
      json_string (out, label);
      json_member (out, "      ", "platform", FALSE);
      json_string (out, glaux_bench_run_get_platform_name (run));
      json_member (out, "      ", "platform_version", FALSE);
      json_string (out, glaux_bench_run_get_platform_version (run));
      json_member (out, "      ", "run_id", FALSE);
      json_string (out, glaux_bench_run_get_run_id (run));
      json_member (out, "      ", "timestamp", FALSE);
      json_string (out, glaux_bench_run_get_timestamp (run));
      json_member (out, "      ", "sha256", FALSE);
      json_string (out, glaux_bench_run_get_sha256 (run));
      json_member (out, "      ", "queries", FALSE);
      g_string_append_printf (out, "%u", totals->n_queries);
      json_member (out, "      ", "geomean_ms", FALSE);
      json_number (out, totals->geomean_ms);
      json_member (out, "      ", "geomean_change_pct", FALSE);
      json_number (out, totals->geomean_change_pct);
      json_member (out, "      ", "geomean_band", FALSE);
      json_string (out, glaux_bench_band_to_string (totals->geomean_band));
      json_member (out, "      ", "total_ms", FALSE);
      json_number (out, totals->total_ms);
      json_member (out, "      ", "total_change_pct", FALSE);
      json_number (out, totals->total_change_pct);
      json_member (out, "      ", "speedup", FALSE);
      json_number (out, totals->speedup);
      json_member (out, "      ", "cost_usd", FALSE);
      json_cost (out, totals->cost_usd);
      json_member (out, "      ", "cost_model", FALSE);
      json_string (out, totals->cost_model);
      json_member (out, "      ", "cost_per_query_usd", FALSE);
      json_cost (out, totals->cost_per_query_usd);
      json_member (out, "      ", "faster", FALSE);
      g_string_append_printf (out, "%u", totals->n_faster);
      json_member (out, "      ", "slower", FALSE);
      g_string_append_printf (out, "%u", totals->n_slower);
      json_member (out, "      ", "ties", FALSE);
      g_string_append_printf (out, "%u", totals->n_ties);
      g_string_append (out, "\n    }");
    }
  g_string_append (out, "\n  ]");

  json_member (out, "  ", "queries", FALSE);
  g_string_append (out, "[");
  for (guint i = 0; i < glaux_bench_comparison_get_n_rows (comparison); i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (comparison, i);

      g_string_append_printf (out, "%s\n    {\"id\": ", i > 0 ? "," : "");
      json_string (out, row->query_id);
      g_string_append_printf (out, ", \"in_all_runs\": %s, \"median_ms\": [",
                              row->in_all_runs ? "true" : "false");
      for (guint r = 0; r < n_runs; r++)
        {
          g_string_append (out, r > 0 ? ", " : "");
          json_number (out, row->median_ms[r]);
        }
      g_string_append (out, "], \"change_pct\": [");
      for (guint r = 0; r < n_runs; r++)
        {
          g_string_append (out, r > 0 ? ", " : "");
          json_number (out, row->change_pct[r]);
        }
      g_string_append (out, "], \"band\": [");
      for (guint r = 0; r < n_runs; r++)
        {
          g_string_append (out, r > 0 ? ", " : "");
          json_string (out, glaux_bench_band_to_string (row->band[r]));
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n  ]");

  json_member (out, "  ", "warnings", FALSE);
  g_string_append (out, "[");
  for (guint i = 0; warnings[i] != NULL; i++)
    {
      g_string_append_printf (out, "%s\n    ", i > 0 ? "," : "");
      json_string (out, warnings[i]);
    }
  g_string_append (out, warnings[0] != NULL ? "\n  ]" : "]");

  if (!isnan (threshold_pct))
    {
      json_member (out, "  ", "regression", FALSE);
      g_string_append (out, "{\"threshold_pct\": ");
      json_number (out, threshold_pct);
      g_string_append_printf (out, ", \"regressed\": %s}",
                              glaux_bench_comparison_has_regression (comparison, threshold_pct)
                              ? "true" : "false");
    }
  g_string_append (out, "\n}\n");
}

/**
 * glaux_compare_command_format:
 *
 * Returns: (transfer full): the report, ending with a newline
 */
char *
glaux_compare_command_format (GlauxBenchComparison *comparison,
                              GlauxCompareFormat    format,
                              double                threshold_pct)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(Table) queries = NULL;
  g_autoptr(Table) summary = NULL;
  gboolean markdown = format == GLAUX_COMPARE_FORMAT_MARKDOWN;

  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (comparison), NULL);

  if (format == GLAUX_COMPARE_FORMAT_JSON)
    {
      format_json (comparison, out, threshold_pct);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  queries = build_query_table (comparison);
  summary = build_summary_table (comparison);

  append_header (comparison, out, markdown);
  if (markdown)
    {
      g_string_append_printf (out, "### %s\n\n", _("Per query (median of passing measurements)"));
      table_render_markdown (queries, out);
      g_string_append_printf (out, "\n### %s\n\n", _("Summary (queries in common)"));
      table_render_markdown (summary, out);
    }
  else
    {
      table_render_text (queries, out);
      g_string_append_c (out, '\n');
      table_render_text (summary, out);
    }
  append_warnings (comparison, out, markdown);
  append_verdict (comparison, out, threshold_pct);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse_format (const char         *text,
              GlauxCompareFormat *format)
{
  if (g_str_equal (text, "text"))
    *format = GLAUX_COMPARE_FORMAT_TEXT;
  else if (g_str_equal (text, "markdown") || g_str_equal (text, "md"))
    *format = GLAUX_COMPARE_FORMAT_MARKDOWN;
  else if (g_str_equal (text, "json"))
    *format = GLAUX_COMPARE_FORMAT_JSON;
  else
    return FALSE;

  return TRUE;
}

int
glaux_compare_command_run (int    argc,
                           char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *threshold_text = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GlauxBenchComparison) comparison = NULL;
  g_autofree char *report = NULL;
  GlauxCompareFormat format = GLAUX_COMPARE_FORMAT_TEXT;
  double threshold_pct = NAN;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text (default), markdown or json"), N_("FORMAT") },
    { "fail-on-regression", 0, 0, G_OPTION_ARG_STRING, &threshold_text,
      N_("Exit with status 1 when a query or the geomean is more than PCT slower than the "
         "baseline; PCT is a percentage (\"10\" or \"10%\") or a fraction below 1 (\"0.1\")"),
      N_("PCT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_set_prgname ("glaux compare");

  context = g_option_context_new (_("BASE.json OTHER.json… — compare BenchBox benchmark runs"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Compares a baseline BenchBox result (schema 1.x or 2.0–2.2, or "
                                  "a run Glaux recorded) with up to four others of the same "
                                  "benchmark and scale factor: per query the median of the passing "
                                  "measured executions and its change against the baseline, the "
                                  "geometric mean and total of the medians of the queries all runs "
                                  "have, cost, and warnings about differences between the runs."));
  g_option_context_set_description (context,
                                    _("Bands: a change within ±5 % is a tie; over 10 % minor, over "
                                      "25 % major, over 50 % critical (improvements likewise).\n\n"
                                      "Exit status: 0 when the comparison was printed (and nothing "
                                      "regressed over PCT); 1 when --fail-on-regression PCT is given "
                                      "and a query or the geomean regressed by more than PCT; 2 when "
                                      "a file cannot be read or the runs cannot be compared (different "
                                      "benchmarks or scale factors, an empty run), or the command "
                                      "line is wrong."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("glaux compare: %s\n", error->message);
      return EXIT_REFUSED;
    }

  if (format_text != NULL && !parse_format (format_text, &format))
    {
      g_printerr (_("glaux compare: unknown format “%s”; use text, markdown or json\n"), format_text);
      return EXIT_REFUSED;
    }
  if (threshold_text != NULL && !glaux_bench_parse_threshold (threshold_text, &threshold_pct))
    {
      g_printerr (_("glaux compare: --fail-on-regression needs a percentage such as 10, 10%% or "
                    "0.1, not “%s”\n"), threshold_text);
      return EXIT_REFUSED;
    }
  if (files == NULL || g_strv_length (files) < 2)
    {
      g_printerr (_("glaux compare: give a baseline and at least one other result file "
                    "(see glaux compare --help)\n"));
      return EXIT_REFUSED;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(GError) import_error = NULL;
      GlauxBenchRun *run = glaux_bench_run_new_from_file (file, NULL, &import_error);

      if (run == NULL)
        {
          g_printerr ("glaux compare: %s: %s\n", files[i], import_error->message);
          return EXIT_REFUSED;
        }
      g_ptr_array_add (runs, run);
    }

  comparison = glaux_bench_comparison_new (g_ptr_array_index (runs, 0),
                                           (GlauxBenchRun * const *) runs->pdata + 1,
                                           runs->len - 1, &error);
  if (comparison == NULL)
    {
      g_printerr ("glaux compare: %s\n", error->message);
      return EXIT_REFUSED;
    }

  report = glaux_compare_command_format (comparison, format, threshold_pct);
  fputs (report, stdout);
  fflush (stdout);

  if (!isnan (threshold_pct) && glaux_bench_comparison_has_regression (comparison, threshold_pct))
    return EXIT_REGRESSION;

  return 0;
}
