/* test-bench-compare.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The benchmark window end to end: real BenchBox files imported into the run library, a bad
 * file refused without harm, DuckDB against Spark (TPC-H SF 0.01) compared in charts and the
 * table with the model's numbers, the linear/log switch, a refused comparison, every export,
 * and a TPC-H run recorded on the glaux-local Glaux starts itself, compared with DuckDB's.
 * The tests share one window and run in order.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "glaux-application.h"
#include "glaux-bench-chart.h"
#include "glaux-bench-window.h"
#include "glaux-compare-command.h"
#include "glaux-record-run-dialog.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"

#define WAIT_MS   20000
#define RECORD_MS 240000

#define DUCKDB  "tpch-duckdb-sf0.01-20260826-8a57a5a8.json"
#define SPARK   "tpch-spark-sf0.01-20260826-2fd3b12b.json"
#define AMPLAB  "amplab_sf01_bigquery_sql_20260920_000055_35490af7.json"
#define EMPTY   "amplab_sf001_dask_df_20260506_103702_46a63c90.json"

static GlauxApplication *app;
static GlauxBenchWindow *window;

static GObject *
child (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), GLAUX_TYPE_BENCH_WINDOW, name);
}

static GFile *
shared_file (const char *name)
{
  g_autofree char *path = glaux_test_build_shared ("testdata", "benchbox", name, NULL);

  return g_file_new_for_path (path);
}

static GlauxBenchRun *
load_run (const char *name)
{
  g_autoptr(GFile) file = shared_file (name);
  g_autoptr(GError) error = NULL;
  GlauxBenchRun *run = glaux_bench_run_new_from_file (file, NULL, &error);

  g_assert_no_error (error);

  return run;
}

static gboolean
library_open (gpointer data)
{
  return glaux_bench_window_get_library (window) != NULL;
}

static guint
n_runs (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (glaux_bench_window_get_library (window)));
}

static gboolean
library_has (gpointer data)
{
  return n_runs () == GPOINTER_TO_UINT (data);
}

static GlauxBenchEntry *
find_entry (const char *source_name)
{
  GListModel *model = G_LIST_MODEL (glaux_bench_window_get_library (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxBenchEntry) entry = g_list_model_get_item (model, i);
      const char *path = glaux_bench_entry_get_source_path (entry);

      if (source_name == NULL ? glaux_bench_entry_get_origin (entry) == GLAUX_BENCH_ORIGIN_RECORDED
                              : path != NULL && g_str_has_suffix (path, source_name))
        return entry;
    }

  return NULL;
}

static gboolean
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (root);
       widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
          strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
        return TRUE;
      if (find_label_containing (widget, text))
        return TRUE;
    }

  return FALSE;
}

static gboolean
window_shows_text (gpointer data)
{
  return find_label_containing (GTK_WIDGET (window), data);
}

static gboolean
no_toast (gpointer data)
{
  return !window_shows_text ((gpointer)"already in the run library") &&
         !window_shows_text ((gpointer)"Could not import");
}

static void
compare (const char *baseline,
         const char *other)
{
  GlauxBenchEntry *entries[2] = { find_entry (baseline), find_entry (other) };

  g_assert_nonnull (entries[0]);
  g_assert_nonnull (entries[1]);
  glaux_bench_window_set_compared (window, entries, 2);
}

static void
test_open (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "benchmarks", NULL);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_BENCH_WINDOW);
  window = GLAUX_BENCH_WINDOW (glaux_test_ui_find_window (GLAUX_TYPE_BENCH_WINDOW));
  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 900);
  glaux_test_wait_until (library_open, NULL, WAIT_MS);
  g_assert_cmpuint (n_runs (), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child ("library_stack"))), ==, "empty");

  /* The same action presents the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "benchmarks", NULL);
  glaux_test_ui_iterate (100);
  g_assert_true (glaux_test_ui_find_window (GLAUX_TYPE_BENCH_WINDOW) == GTK_WINDOW (window));
}

/* What a drop from the file manager delivers: the window's drop target gets a file list. */
static void
drop_files (GFile **files,
            guint   n_files)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = NULL;
  GSList *list = NULL;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  for (guint i = n_files; i > 0; i--)
    list = g_slist_prepend (list, files[i - 1]);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, list);
  g_slist_free (list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
}

static void
test_import (void)
{
  g_autofree char *bad_path = g_build_filename (glaux_test_get_home (), "not-benchbox.json", NULL);
  g_autoptr(GError) error = NULL;
  GFile *files[4] = { 0 };

  g_file_set_contents (bad_path, "this is not JSON at all", -1, &error);
  g_assert_no_error (error);

  /* The application's open(), as `glaux FILE.json…` does it. */
  files[0] = shared_file (DUCKDB);
  files[1] = shared_file (SPARK);
  files[2] = shared_file (AMPLAB);
  files[3] = shared_file (EMPTY);
  g_application_open (G_APPLICATION (app), files, 4, "");
  glaux_test_wait_until (library_has, GUINT_TO_POINTER (4), WAIT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_clear_object (&files[i]);

  /* A bad file: a reason in a toast, and nothing else changes. */
  files[0] = g_file_new_for_path (bad_path);
  glaux_bench_window_import_files (window, files, 1);
  glaux_test_wait_until (window_shows_text, (gpointer)"Could not import “not-benchbox.json”", WAIT_MS);
  g_assert_cmpuint (n_runs (), ==, 4);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-import-error");
  g_clear_object (&files[0]);

  /* The same file again, dropped onto the window, is not added twice. */
  files[0] = shared_file (DUCKDB);
  drop_files (files, 1);
  glaux_test_wait_until (window_shows_text, (gpointer)"already in the run library", WAIT_MS);
  g_assert_cmpuint (n_runs (), ==, 4);
  g_clear_object (&files[0]);

  /* The empty run is marked with its reason. */
  g_assert_cmpint (glaux_bench_run_get_exclusion (glaux_bench_entry_get_run (find_entry (EMPTY))), !=,
                   GLAUX_BENCH_EXCLUSION_NONE);
  g_assert_true (window_shows_text ((gpointer)"Excluded: "));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child ("library_stack"))), ==, "runs");

  /* The toasts go by themselves; the chart screenshots follow without them. */
  glaux_test_wait_until (no_toast, NULL, 3 * WAIT_MS);
}

static void
collect_labels (GtkWidget *root,
                GPtrArray *texts)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (root);
       widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
        g_ptr_array_add (texts, (gpointer)gtk_label_get_label (GTK_LABEL (widget)));
      collect_labels (widget, texts);
    }
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;

  return FALSE;
}

static void
test_compare (void)
{
  g_autoptr(GlauxBenchRun) duckdb = load_run (DUCKDB);
  g_autoptr(GlauxBenchRun) spark = load_run (SPARK);
  g_autoptr(GlauxBenchComparison) expected = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GlauxBenchComparison *shown;
  GtkColumnView *table = GTK_COLUMN_VIEW (child ("table"));
  GListModel *rows;
  GlauxBenchChart *bars = GLAUX_BENCH_CHART (child ("bars_chart"));
  g_autofree char *tooltip = NULL;
  graphene_rect_t bounds;

  expected = glaux_bench_comparison_new (duckdb, &spark, 1, &error);
  g_assert_no_error (error);

  compare (DUCKDB, SPARK);
  shown = glaux_bench_window_get_comparison (window);
  g_assert_nonnull (shown);
  g_assert_null (glaux_bench_window_get_refusal (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child ("compare_stack"))), ==, "comparison");

  /* The window's numbers are the model's for the same two files. */
  g_assert_cmpuint (glaux_bench_comparison_get_n_rows (shown), ==, glaux_bench_comparison_get_n_rows (expected));
  g_assert_cmpuint (glaux_bench_comparison_get_n_rows (shown), ==, 22);
  rows = G_LIST_MODEL (gtk_column_view_get_model (table));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 22);
  /* Query, two medians, one change. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (table)), ==, 4);

  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  collect_labels (GTK_WIDGET (table), texts);
  for (guint i = 0; i < 5; i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (expected, i);
      g_autofree char *base = g_strdup_printf ("%.*f", row->median_ms[0] < 10 ? 2 : 1, row->median_ms[0]);
      g_autofree char *other = g_strdup_printf ("%.*f", row->median_ms[1] < 10 ? 2 : 1, row->median_ms[1]);
      g_autofree char *change = g_strdup_printf ("%+.1f %% · %s", row->change_pct[1],
                                                 glaux_bench_band_describe (row->band[1]));

      g_test_message ("Q%s: %s ms vs %s ms, %s", row->query_id, base, other, change);
      g_assert_true (has_text (texts, row->query_id));
      g_assert_true (has_text (texts, base));
      g_assert_true (has_text (texts, other));
      g_assert_true (has_text (texts, change));
    }

  /* Summary strip: the geomean of each run. */
  {
    g_autofree char *geomean = g_strdup_printf ("%.1f ms", glaux_bench_comparison_get_totals (expected, 1)->geomean_ms);

    g_assert_true (window_shows_text (geomean));
  }

  /* Sorting by the change column puts the largest change first. */
  {
    g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (table), 3);
    g_autoptr(GtkStringObject) first = NULL;
    double largest = -INFINITY;
    const char *largest_id = NULL;

    for (guint i = 0; i < glaux_bench_comparison_get_n_rows (expected); i++)
      {
        const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (expected, i);

        if (isfinite (row->change_pct[1]) && row->change_pct[1] > largest)
          {
            largest = row->change_pct[1];
            largest_id = row->query_id;
          }
      }
    gtk_column_view_sort_by_column (table, column, GTK_SORT_DESCENDING);
    first = g_list_model_get_item (rows, 0);
    g_assert_cmpstr (gtk_string_object_get_string (first), ==, largest_id);
    gtk_column_view_sort_by_column (table, NULL, GTK_SORT_ASCENDING);
  }

  /* The tooltip gives the exact values of the query under the pointer. */
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (bars), GTK_WIDGET (bars), &bounds));
  for (double x = 0; x < bounds.size.width && tooltip == NULL; x += 4)
    tooltip = glaux_bench_chart_get_tooltip_text_at (bars, x, bounds.size.height / 2);
  g_assert_nonnull (tooltip);
  g_test_message ("tooltip: %s", tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "Q1\n"));
  g_assert_nonnull (strstr (tooltip, "(baseline)"));
  g_assert_nonnull (strstr (tooltip, " ms"));

  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-bars");
  glaux_test_ui_save_screenshot (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (table))), "bench-table");
}

static void
test_log_scale (void)
{
  GlauxBenchChart *bars = GLAUX_BENCH_CHART (child ("bars_chart"));

  g_assert_false (glaux_bench_chart_get_log_scale (bars));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child ("log_button")), TRUE);
  g_assert_true (glaux_bench_chart_get_log_scale (bars));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-bars-log");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child ("log_button")), FALSE);
  g_assert_false (glaux_bench_chart_get_log_scale (bars));

  gtk_widget_activate_action (GTK_WIDGET (window), "bench.show-changes", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child ("chart_stack"))), ==, "changes");
  /* Log scale is for times only. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child ("log_button"))));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-diverging");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_iterate (200);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-diverging-dark");
  gtk_widget_activate_action (GTK_WIDGET (window), "bench.show-times", NULL);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-bars-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  glaux_test_ui_iterate (200);
}

static void
test_refusal (void)
{
  compare (DUCKDB, AMPLAB);
  g_assert_null (glaux_bench_window_get_comparison (window));
  g_assert_nonnull (glaux_bench_window_get_refusal (window));
  g_test_message ("refusal: %s", glaux_bench_window_get_refusal (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child ("compare_stack"))), ==, "refused");
  g_assert_true (window_shows_text ((gpointer)glaux_bench_window_get_refusal (window)));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-refused");

  /* An excluded run is refused with its reason too. */
  compare (DUCKDB, EMPTY);
  g_assert_null (glaux_bench_window_get_comparison (window));
  g_assert_nonnull (glaux_bench_window_get_refusal (window));
  g_test_message ("refusal: %s", glaux_bench_window_get_refusal (window));
}

static char *
export (GlauxBenchExportFormat  format,
        const char             *name)
{
  g_autofree char *path = glaux_test_build_output (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  GAsyncResult *result = NULL;

  glaux_bench_window_export_async (window, format, file, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, WAIT_MS);
  g_assert_true (glaux_bench_window_export_finish (window, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  g_test_message ("exported %s (%" G_GSIZE_FORMAT " bytes)", path, length);

  return contents;
}

static void
test_export (void)
{
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  GlauxBenchComparison *shown;
  const GlauxBenchComparisonRow *row;
  g_autofree char *q1 = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  compare (DUCKDB, SPARK);
  shown = glaux_bench_window_get_comparison (window);
  g_assert_nonnull (shown);

  png = export (GLAUX_BENCH_EXPORT_PNG, "bench-export.png");
  g_assert_true (memcmp (png, "\x89PNG", 4) == 0);
  svg = export (GLAUX_BENCH_EXPORT_SVG, "bench-export.svg");
  g_assert_nonnull (strstr (svg, "<svg"));
  pdf = export (GLAUX_BENCH_EXPORT_PDF, "bench-export.pdf");
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  /* CSV: a header and one line per query, medians to 3 places. */
  csv = export (GLAUX_BENCH_EXPORT_CSV, "bench-export.csv");
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 22 + 2);
  g_assert_true (g_str_has_prefix (lines[0], "query,"));
  g_assert_nonnull (strstr (lines[0], "median_ms"));
  g_assert_nonnull (strstr (lines[0], "change_pct"));
  row = glaux_bench_comparison_get_row (shown, 0);
  q1 = g_strdup_printf ("%s,%s,", row->query_id, g_ascii_formatd (buffer, sizeof buffer, "%.3f", row->median_ms[0]));
  g_assert_true (g_str_has_prefix (lines[1], q1));
  g_assert_nonnull (strstr (lines[1], glaux_bench_band_to_string (row->band[1])));

  /* Markdown: exactly what `glaux compare --format markdown` prints. */
  markdown = export (GLAUX_BENCH_EXPORT_MARKDOWN, "bench-export.md");
  expected = glaux_compare_command_format (shown, GLAUX_COMPARE_FORMAT_MARKDOWN, NAN);
  g_assert_cmpstr (markdown, ==, expected);
}

static gboolean
entry_label_is (gpointer data)
{
  return g_strcmp0 (glaux_bench_entry_get_label (find_entry (SPARK)), data) == 0;
}

static void
test_label (void)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (child ("run_list"))));
  GListModel *model = G_LIST_MODEL (glaux_bench_window_get_library (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxBenchEntry) entry = g_list_model_get_item (model, i);

      if (entry == find_entry (SPARK))
        gtk_single_selection_set_selected (selection, i);
    }

  gtk_editable_set_text (GTK_EDITABLE (child ("label_row")), "Spark 3.5 local");
  g_signal_emit_by_name (child ("label_row"), "apply");
  glaux_test_wait_until (entry_label_is, (gpointer)"Spark 3.5 local", WAIT_MS);
  glaux_test_ui_iterate (200);
  g_assert_true (window_shows_text ((gpointer)"Spark 3.5 local"));
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
test_remove (void)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (child ("run_list"))));
  GListModel *model = G_LIST_MODEL (glaux_bench_window_get_library (window));
  AdwMessageDialog *dialog;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxBenchEntry) entry = g_list_model_get_item (model, i);

      if (entry == find_entry (AMPLAB))
        gtk_single_selection_set_selected (selection, i);
    }

  /* Asked first; Cancel keeps the run. */
  gtk_widget_activate_action (GTK_WIDGET (window), "bench.remove-run", NULL);
  glaux_test_wait_until (message_dialog_shown, NULL, WAIT_MS);
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "BigQuery"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "bench-remove-confirm");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  glaux_test_ui_iterate (200);
  g_assert_cmpuint (n_runs (), ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (window), "bench.remove-run", NULL);
  glaux_test_wait_until (message_dialog_shown, NULL, WAIT_MS);
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  glaux_test_wait_until (library_has, GUINT_TO_POINTER (3), WAIT_MS);
  g_assert_null (find_entry (AMPLAB));
}

/* Recording on glaux-local */

static GlauxRecordRunDialog *dialog;
static gboolean recorded;

static gboolean
connection_ready (gpointer data)
{
  return glaux_connection_get_status (data) == GLAUX_CONNECTION_STATUS_READY;
}

static gboolean
session_chosen (gpointer data)
{
  return g_strcmp0 (glaux_record_run_dialog_get_session_id (dialog), data) == 0;
}

static gboolean
recorded_or_stopped (gpointer data)
{
  return recorded || !glaux_record_run_dialog_get_running (dialog);
}

static void
recorded_cb (GlauxRecordRunDialog *self,
             GlauxBenchEntry      *entry,
             gpointer              data)
{
  recorded = TRUE;
}

static void
test_record (void)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("primary");
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GlauxConnection *local;
  GlauxBenchEntry *entry;
  GlauxBenchRun *run;
  GAsyncResult *result = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "bench.record", NULL);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_RECORD_RUN_DIALOG);
  dialog = GLAUX_RECORD_RUN_DIALOG (glaux_test_ui_find_window (GLAUX_TYPE_RECORD_RUN_DIALOG));
  g_signal_connect (dialog, "recorded", G_CALLBACK (recorded_cb), NULL);
  /* Tall enough for the progress list in the screenshots. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 1150);

  /* The dialog starts with this computer, which it connects. */
  local = adw_combo_row_get_selected_item (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog), GLAUX_TYPE_RECORD_RUN_DIALOG, "connection_row")));
  g_assert_nonnull (local);
  g_assert_cmpint (glaux_connection_get_kind (local), ==, GLAUX_CONNECTION_KIND_LOCAL);
  glaux_test_wait_until (connection_ready, local, WAIT_MS);

  params->description = g_strdup ("benchmark");
  glaux_athena_client_start_session_async (glaux_connection_get_athena_client (local), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, WAIT_MS);
  session = glaux_athena_client_start_session_finish (glaux_connection_get_athena_client (local),
                                                      result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  glaux_record_run_dialog_set_session (dialog, "primary", glaux_session_get_id (session));
  glaux_test_wait_until (session_chosen, (gpointer)glaux_session_get_id (session), WAIT_MS);
  glaux_record_run_dialog_set_tpch (dialog, 0.01, "1, 3, 6");
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "bench-record-setup");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.start", NULL);
  g_assert_true (glaux_record_run_dialog_get_running (dialog));
  glaux_test_wait_until (recorded_or_stopped, NULL, RECORD_MS);
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "bench-record-done");
  g_assert_true (recorded);

  entry = find_entry (NULL);
  g_assert_nonnull (entry);
  run = glaux_bench_entry_get_run (entry);
  g_assert_cmpstr (glaux_bench_run_get_benchmark_id (run), ==, "tpch");
  g_assert_cmpfloat (glaux_bench_run_get_scale_factor (run), ==, 0.01);
  g_assert_cmpuint (glaux_bench_run_get_n_queries (run), ==, 3);
  g_assert_cmpuint (glaux_bench_run_get_query (run, 0)->n_samples, ==, 3);
  g_assert_true (window_shows_text ((gpointer)"Recorded"));

  gtk_window_close (GTK_WINDOW (dialog));
  glaux_test_ui_iterate (200);

  /* Against DuckDB's SF 0.01 run: comparable, with a warning about the subset. */
  {
    GlauxBenchEntry *entries[2] = { find_entry (DUCKDB), entry };
    const char * const *warnings;

    glaux_bench_window_set_compared (window, entries, 2);
    g_assert_nonnull (glaux_bench_window_get_comparison (window));
    warnings = glaux_bench_comparison_get_warnings (glaux_bench_window_get_comparison (window));
    g_assert_nonnull (warnings[0]);
    g_test_message ("warning: %s", warnings[0]);
    glaux_test_ui_save_screenshot (GTK_WIDGET (window), "bench-recorded-vs-duckdb");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The renderer the app would choose here (cairo without a GPU, as under Xvfb). */
  glaux_ui_choose_renderer ();
  glaux_test_init (&argc, &argv);

  app = glaux_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add_func ("/glaux/ui/Bench/open", test_open);
  g_test_add_func ("/glaux/ui/Bench/import", test_import);
  g_test_add_func ("/glaux/ui/Bench/compare", test_compare);
  g_test_add_func ("/glaux/ui/Bench/log-scale", test_log_scale);
  g_test_add_func ("/glaux/ui/Bench/refusal", test_refusal);
  g_test_add_func ("/glaux/ui/Bench/export", test_export);
  g_test_add_func ("/glaux/ui/Bench/label", test_label);
  g_test_add_func ("/glaux/ui/Bench/remove", test_remove);
  g_test_add_func ("/glaux/ui/Bench/record", test_record);

  status = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);

  return status;
}
