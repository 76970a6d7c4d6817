/* test-result-view.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <time.h>

#include "glaux-athena-params.h"
#include "glaux-calculation-view.h"
#include "glaux-connection.h"
#include "glaux-resources.h"
#include "glaux-result-table.h"
#include "glaux-result-view.h"
#include "glaux-s3-uri.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"

#define N_INGEST_ROWS     100000
#define ROWS_PER_CHUNK    2000

enum { COL_ID, COL_NAME, COL_VALUE, COL_FLAG, COL_CITY, COL_NOTE, COL_AMOUNT, COL_CODE, N_COLS };

static const char * const column_names[] = {
  "id", "name", "value", "flag", "city", "note", "amount", "code",
};

static const char * const cities[] = { "Zürich", "Lisboa", "Kraków", "Seattle", "Tōkyō" };

/* ---- Looking at the widgets ------------------------------------------------------------ */

static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = find_widget (child, match, data)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_column_view (GtkWidget     *widget,
                gconstpointer  unused)
{
  return GTK_IS_COLUMN_VIEW (widget);
}

static gboolean
is_footer (GtkWidget     *widget,
           gconstpointer  unused)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "caption");
}

static gboolean
is_popover (GtkWidget     *widget,
            gconstpointer  unused)
{
  return GTK_IS_POPOVER (widget);
}

static gboolean
is_button_for_action (GtkWidget     *widget,
                      gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static GtkColumnView *
view_column_view (GlauxResultView *view)
{
  return GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (view), is_column_view, NULL));
}

static const char *
footer_text (GlauxResultView *view)
{
  return gtk_label_get_label (GTK_LABEL (find_widget (GTK_WIDGET (view), is_footer, NULL)));
}

/* A cell on screen: the view tags each cell with its column and list item. */
typedef struct
{
  guint       row;
  guint       column;
  double      y;
  GtkWidget  *widget;
} Cell;

static void
collect_cells (GtkWidget *root,
               GtkWidget *relative_to,
               GArray    *cells)
{
  GQuark column_quark = g_quark_from_static_string ("glaux-result-view-column");
  GQuark item_quark = g_quark_from_static_string ("glaux-result-view-list-item");

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListItem *item = g_object_get_qdata (G_OBJECT (child), item_quark);

      if (GTK_IS_INSCRIPTION (child) && item != NULL && gtk_widget_is_drawable (child)
          && gtk_list_item_get_position (item) != GTK_INVALID_LIST_POSITION)
        {
          Cell cell = { gtk_list_item_get_position (item),
                        GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), column_quark)),
                        0, child };
          double x;

          if (gtk_widget_translate_coordinates (child, relative_to, 0, 0, &x, &cell.y))
            g_array_append_val (cells, cell);
        }
      collect_cells (child, relative_to, cells);
    }
}

static int
compare_cells_by_y (gconstpointer a,
                    gconstpointer b)
{
  const Cell *cell_a = a;
  const Cell *cell_b = b;

  return (cell_a->y > cell_b->y) - (cell_a->y < cell_b->y);
}

/* The cells of @column on screen, top to bottom. */
static GArray *
visible_cells (GlauxResultView *view,
               guint            column)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Cell));
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (Cell));

  collect_cells (GTK_WIDGET (view), GTK_WIDGET (view), all);
  for (guint i = 0; i < all->len; i++)
    {
      if (g_array_index (all, Cell, i).column == column)
        g_array_append_val (cells, g_array_index (all, Cell, i));
    }
  g_array_sort (cells, compare_cells_by_y);

  return cells;
}

static GtkWidget *
visible_cell (GlauxResultView *view,
              guint            row,
              guint            column)
{
  g_autoptr(GArray) cells = visible_cells (view, column);

  for (guint i = 0; i < cells->len; i++)
    {
      if (g_array_index (cells, Cell, i).row == row)
        return g_array_index (cells, Cell, i).widget;
    }

  return NULL;
}

static const char *
cell_text (GtkWidget *cell)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));

  return text != NULL ? text : "";
}

/* ---- Filling a table ---------------------------------------------------------------------- */

static void
append_text (GlauxResultTable *table,
             const char       *text)
{
  glaux_result_table_append_cell (table, text, text != NULL ? strlen (text) : 0);
}

/* Row @i of the synthetic result: NULL every tenth note, "" at 5 of every 10, invalid UTF-8 in
 * row 3 and a 5,000-byte note in row 4. */
static void
append_row (GlauxResultTable *table,
            guint             i)
{
  char buffer[64];

  glaux_result_table_begin_row (table);
  g_snprintf (buffer, sizeof buffer, "%u", i);
  append_text (table, buffer);
  g_snprintf (buffer, sizeof buffer, "name-%u", (i * 7919) % 1000);
  append_text (table, buffer);
  g_snprintf (buffer, sizeof buffer, "%.3f", ((i * 37) % 10000) / 7.0);
  append_text (table, buffer);
  append_text (table, i % 3 == 0 ? "true" : "false");
  append_text (table, cities[i % G_N_ELEMENTS (cities)]);
  if (i == 3)
    glaux_result_table_append_cell (table, "bad \xff\xfe bytes", 11);
  else if (i == 4)
    {
      g_autofree char *long_note = g_strnfill (5000, 'x');

      append_text (table, long_note);
    }
  else
    append_text (table, i % 10 == 0 ? NULL : i % 10 == 5 ? "" : "note");
  g_snprintf (buffer, sizeof buffer, "%u", (i * 104729u) % 100000u);
  append_text (table, buffer);
  g_snprintf (buffer, sizeof buffer, "c%05u", i);
  append_text (table, buffer);
  glaux_result_table_end_row (table);
}

/* ---- Frame timing ------------------------------------------------------------------------- */

typedef struct
{
  GlauxResultTable *table;
  guint             next_row;
  gint64            frame_start;
  gint64            frame_start_cpu;
  gint64            last_frame_end;
  gint64            max_frame;     /* before-paint → after-paint, wall clock */
  gint64            max_frame_cpu; /* the same in CPU time of the main thread */
  gint64            max_interval;  /* after-paint → after-paint, ingest work included */
  guint             n_frames;
  guint             source_id;
  gboolean          done;
} Ingest;

/* CPU time of this (the GTK) thread: what a frame costs, without the time other processes on
 * a busy machine take the core away. */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
frame_before_paint_cb (GdkFrameClock *clock,
                       Ingest        *ingest)
{
  ingest->frame_start = g_get_monotonic_time ();
  ingest->frame_start_cpu = thread_cpu_time ();
}

static void
frame_after_paint_cb (GdkFrameClock *clock,
                      Ingest        *ingest)
{
  gint64 now = g_get_monotonic_time ();

  if (ingest->done || ingest->frame_start == 0)
    return;

  ingest->max_frame = MAX (ingest->max_frame, now - ingest->frame_start);
  ingest->max_frame_cpu = MAX (ingest->max_frame_cpu, thread_cpu_time () - ingest->frame_start_cpu);
  if (ingest->last_frame_end != 0)
    ingest->max_interval = MAX (ingest->max_interval, now - ingest->last_frame_end);
  ingest->last_frame_end = now;
  ingest->n_frames++;
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return 0;

  return g_ascii_strtod (text, NULL);
}

/* Appends like a download would: a chunk of rows every few milliseconds on the main thread. */
static gboolean
ingest_chunk_cb (gpointer data)
{
  Ingest *ingest = data;
  guint end = MIN (ingest->next_row + ROWS_PER_CHUNK, N_INGEST_ROWS);

  for (; ingest->next_row < end; ingest->next_row++)
    append_row (ingest->table, ingest->next_row);

  if (ingest->next_row < N_INGEST_ROWS)
    return G_SOURCE_CONTINUE;

  ingest->source_id = 0;

  return G_SOURCE_REMOVE;
}

static gboolean
all_rows_visible (gpointer data)
{
  Ingest *ingest = data;

  return g_list_model_get_n_items (G_LIST_MODEL (ingest->table)) == N_INGEST_ROWS;
}

/* ---- Clipboard ---------------------------------------------------------------------------- */

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  glaux_test_wait_until (glaux_test_pointer_is_set, &text, 5000);

  return text;
}

/* ---- Tests -------------------------------------------------------------------------------- */

typedef struct
{
  GlauxResultTable *table;
  int               column;
  gboolean          descending;
} SortWait;

static gboolean
table_sorted (gpointer data)
{
  SortWait *wait = data;

  return glaux_result_table_get_sorted_column (wait->table) == wait->column
         && (wait->column < 0
             || glaux_result_table_get_sort_descending (wait->table) == wait->descending);
}

static void
wait_sorted (GlauxResultTable *table,
             int               column,
             gboolean          descending)
{
  SortWait wait = { table, column, descending };

  glaux_test_wait_until (table_sorted, &wait, 20000);
}

static guint64
cell_number (GlauxResultTable *table,
             guint             row,
             guint             column)
{
  gsize length = 0;
  const char *value = glaux_result_table_get_cell (table, row, column, &length);
  g_autofree char *text = g_strndup (value, length);

  g_assert_nonnull (value);

  return g_ascii_strtoull (text, NULL, 10);
}

static GtkWindow *
present_view (GlauxResultView *view,
              int              width,
              int              height)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (window, width, height);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (window);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);

  return window;
}

static void
check_visible_order (GlauxResultView *view,
                     guint            column,
                     gboolean         descending)
{
  g_autoptr(GArray) cells = visible_cells (view, column);
  guint64 previous = descending ? G_MAXUINT64 : 0;

  g_assert_cmpuint (cells->len, >, 5);
  for (guint i = 0; i < cells->len; i++)
    {
      guint64 value = g_ascii_strtoull (cell_text (g_array_index (cells, Cell, i).widget), NULL, 10);

      if (descending)
        g_assert_cmpuint (value, <=, previous);
      else
        g_assert_cmpuint (value, >=, previous);
      previous = value;
    }
}

static void
test_result_view_ingest (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autofree char *expected_rows = NULL;
  g_autofree char *clipboard = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(GtkColumnViewColumn) amount = NULL;
  GlauxResultView *view = glaux_result_view_new ();
  Ingest ingest = { table, 0, };
  GdkFrameClock *clock;
  GtkColumnView *column_view;
  GtkWindow *window;
  GtkWidget *cell;
  gulong update_id;
  gulong paint_id;

  glaux_result_table_set_columns (table, column_names, N_COLS);
  glaux_result_view_set_table (view, table);
  g_assert_true (glaux_result_view_get_table (view) == table);
  window = present_view (view, 1100, 700);
  column_view = view_column_view (view);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, N_COLS);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  update_id = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_before_paint_cb), &ingest);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_after_paint_cb), &ingest);

  /* Chunks arrive every few milliseconds, below the frame clock's priority, as network reads
   * that do not hog the main loop would (under ASan a chunk takes longer than the interval). */
  ingest.source_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 4, ingest_chunk_cb, &ingest, NULL);
  glaux_test_wait_until (all_rows_visible, &ingest, 60000);
  ingest.done = TRUE;
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_clear_handle_id (&ingest.source_id, g_source_remove);

  g_print ("# max frame while ingesting %u rows: %.1f ms CPU, %.1f ms wall (interval %.1f ms, "
           "%u frames, load average %.2f on %u CPUs)\n",
           N_INGEST_ROWS, ingest.max_frame_cpu / 1000.0, ingest.max_frame / 1000.0,
           ingest.max_interval / 1000.0, ingest.n_frames, load_average (), g_get_num_processors ());
  /* The view kept drawing while rows arrived. How long its frames take is a speed target,
   * measured by tests/bench/bench-results against a real download, not asserted here. */
  g_assert_cmpuint (ingest.n_frames, >, 3);

  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  expected_rows = g_strdup_printf ("%'u rows", N_INGEST_ROWS);
  g_assert_cmpstr (footer_text (view), ==, expected_rows);

  /* NULL and "" differ; bad bytes become U+FFFD; a very long cell is cut for display. */
  cell = visible_cell (view, 0, COL_NOTE);
  g_assert_nonnull (cell);
  g_assert_cmpstr (cell_text (cell), ==, "NULL");
  g_assert_true (gtk_widget_has_css_class (cell, "null"));
  cell = visible_cell (view, 5, COL_NOTE);
  g_assert_nonnull (cell);
  g_assert_cmpstr (cell_text (cell), ==, "");
  g_assert_false (gtk_widget_has_css_class (cell, "null"));
  cell = visible_cell (view, 1, COL_NOTE);
  g_assert_cmpstr (cell_text (cell), ==, "note");
  cell = visible_cell (view, 3, COL_NOTE);
  g_assert_nonnull (strstr (cell_text (cell), "\xEF\xBF\xBD"));
  g_assert_true (g_utf8_validate (cell_text (cell), -1, NULL));
  cell = visible_cell (view, 4, COL_NOTE);
  g_assert_true (g_str_has_suffix (cell_text (cell), "…"));
  g_assert_cmpuint (strlen (cell_text (cell)), <=, 1000 + strlen ("…"));

  /* Numbers are right-aligned in the numeric style; text is not. */
  cell = visible_cell (view, 2, COL_AMOUNT);
  g_assert_true (gtk_widget_has_css_class (cell, "numeric"));
  g_assert_cmpfloat (gtk_inscription_get_xalign (GTK_INSCRIPTION (cell)), ==, 1.0);
  cell = visible_cell (view, 2, COL_CITY);
  g_assert_false (gtk_widget_has_css_class (cell, "numeric"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "result-view-ingested");

  /* Sorting goes through the column view's sorter, as a header click does. */
  amount = g_list_model_get_item (gtk_column_view_get_columns (column_view), COL_AMOUNT);
  gtk_column_view_sort_by_column (column_view, amount, GTK_SORT_ASCENDING);
  wait_sorted (table, COL_AMOUNT, FALSE);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  for (guint i = 1; i < N_INGEST_ROWS; i += 997)
    g_assert_cmpuint (cell_number (table, i - 1, COL_AMOUNT), <=, cell_number (table, i, COL_AMOUNT));
  check_visible_order (view, COL_AMOUNT, FALSE);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "result-view-sorted");

  gtk_column_view_sort_by_column (column_view, amount, GTK_SORT_DESCENDING);
  wait_sorted (table, COL_AMOUNT, TRUE);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  check_visible_order (view, COL_AMOUNT, TRUE);
  g_assert_cmpuint (cell_number (table, 0, COL_AMOUNT), >=, cell_number (table, 1, COL_AMOUNT));

  /* Back to file order. */
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  wait_sorted (table, -1, FALSE);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  check_visible_order (view, COL_ID, FALSE);

  /* Copy: the selected rows as TSV with the header. */
  gtk_selection_model_select_range (GTK_SELECTION_MODEL (gtk_column_view_get_model (column_view)),
                                    1, 3, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "result.copy", NULL));
  clipboard = read_clipboard (GTK_WIDGET (view));
  lines = g_strsplit (clipboard, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  header = g_strsplit (lines[0], "\t", -1);
  g_assert_cmpuint (g_strv_length (header), ==, N_COLS);
  for (guint i = 0; i < N_COLS; i++)
    g_assert_cmpstr (header[i], ==, column_names[i]);
  g_assert_true (g_str_has_prefix (lines[1], "1\tname-919\t"));
  g_assert_true (g_str_has_prefix (lines[2], "2\t"));
  g_assert_true (g_str_has_prefix (lines[3], "3\t"));
  g_assert_true (lines[4] == NULL || lines[4][0] == '\0');

  /* Copy Cell copies the whole value of the cell the menu was opened on. */
  g_clear_pointer (&clipboard, g_free);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), "-");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "result.context-menu", NULL));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  glaux_test_ui_save_screenshot (find_widget (GTK_WIDGET (view), is_popover, NULL),
                                 "result-view-context-menu");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "result.copy-cell", NULL));
  clipboard = read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (clipboard, ==, "1");

  /* Dark. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "result-view-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  glaux_result_view_set_table (view, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 0);
  gtk_window_destroy (window);
}

static void
test_result_view_notes (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultTable) wide = glaux_result_table_new ();
  static const char * const names[] = { "a", "b", "c" };
  g_autofree char *expected = NULL;
  GlauxResultView *view = glaux_result_view_new ();
  GtkColumnView *column_view;
  GtkWindow *window;

  /* Ragged rows are padded and counted; past max-rows rows are counted and dropped. */
  glaux_result_table_set_columns (table, names, 3);
  glaux_result_table_set_max_rows (table, 10);
  for (guint i = 0; i < 25; i++)
    {
      guint n_cells = i == 2 ? 2 : i == 9 ? 4 : 3;

      glaux_result_table_begin_row (table);
      for (guint c = 0; c < n_cells; c++)
        {
          char buffer[16];

          g_snprintf (buffer, sizeof buffer, "%c%u", 'a' + c, i);
          append_text (table, buffer);
        }
      glaux_result_table_end_row (table);
    }

  glaux_result_view_set_table (view, table);
  window = present_view (view, 700, 400);
  column_view = view_column_view (view);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 10);
  g_test_message ("footer: %s", footer_text (view));
  g_assert_true (g_str_has_prefix (footer_text (view), "10 rows"));
  g_assert_nonnull (strstr (footer_text (view), "first 10 of 25 rows kept"));
  g_assert_nonnull (strstr (footer_text (view), "2 ragged rows padded"));
  /* The long row added a column. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 4);
  g_assert_cmpstr (cell_text (visible_cell (view, 2, 2)), ==, "NULL");
  g_assert_cmpstr (cell_text (visible_cell (view, 9, 3)), ==, "d9");
  g_assert_cmpstr (cell_text (visible_cell (view, 8, 3)), ==, "NULL");
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "result-view-ragged-truncated");

  /* Thousands of columns: the first 500 are shown, the footer says so. */
  for (guint i = 0; i < 3; i++)
    {
      glaux_result_table_begin_row (wide);
      for (guint c = 0; c < 2000; c++)
        append_text (wide, c % 2 == 0 ? "1" : "x");
      glaux_result_table_end_row (wide);
    }
  glaux_result_view_set_table (view, wide);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 500);
  expected = g_strdup_printf ("showing the first %'u of %'u columns", 500, 2000);
  g_test_message ("footer: %s", footer_text (view));
  g_assert_nonnull (strstr (footer_text (view), expected));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "result-view-wide");

  gtk_window_destroy (window);
}


/* ---- The calculation view against glaux-local ---------------------------------------------- */

typedef struct
{
  char                 *data_dir;
  GlauxConnection      *connection;
  char                 *session_id;
  GtkWindow            *window;
  GlauxCalculationView *view;
} CalcFixture;

static GlauxAthenaClient *
fixture_client (CalcFixture *fixture)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (fixture->connection);

  g_assert_nonnull (client);

  return client;
}

static void
calc_fixture_set_up (CalcFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("primary");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxSession) session = NULL;
  static guint counter;
  AdwToastOverlay *overlay;
  gint64 deadline;

  fixture->data_dir = g_strdup_printf ("%s/calc-local-%u", glaux_test_get_home (), ++counter);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  glaux_connection_connect_async (fixture->connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_connect_finish (fixture->connection, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  params->description = g_strdup ("result view test");
  params->max_concurrent_dpus = 4;
  glaux_athena_client_start_session_async (fixture_client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (fixture_client (fixture), result, &error);
  g_assert_no_error (error);
  fixture->session_id = g_strdup (glaux_session_get_id (session));

  /* Calculations need an IDLE session. */
  deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  while (glaux_session_get_state (session) != GLAUX_SESSION_STATE_IDLE)
    {
      g_autoptr(GlauxSession) status = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      glaux_test_ui_iterate (200);
      g_clear_object (&result);
      glaux_athena_client_get_session_status_async (fixture_client (fixture), fixture->session_id,
                                                    session, NULL, glaux_test_store_result_cb,
                                                    &result);
      glaux_test_wait_result (&result, 30000);
      status = glaux_athena_client_get_session_status_finish (fixture_client (fixture), result,
                                                              &error);
      g_assert_no_error (error);
    }

  fixture->view = glaux_calculation_view_new ();
  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (overlay, GTK_WIDGET (fixture->view));
  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 640);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (overlay));
  gtk_window_present (fixture->window);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

static void
calc_fixture_tear_down (CalcFixture   *fixture,
                        gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (fixture->window);
  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->session_id, g_free);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static gboolean
calculation_ended (GlauxCalculation *calculation)
{
  switch (glaux_calculation_get_state (calculation))
    {
    case GLAUX_CALCULATION_STATE_COMPLETED:
    case GLAUX_CALCULATION_STATE_FAILED:
    case GLAUX_CALCULATION_STATE_CANCELED:
      return TRUE;
    case GLAUX_CALCULATION_STATE_UNKNOWN:
    case GLAUX_CALCULATION_STATE_CREATING:
    case GLAUX_CALCULATION_STATE_CREATED:
    case GLAUX_CALCULATION_STATE_QUEUED:
    case GLAUX_CALCULATION_STATE_RUNNING:
    case GLAUX_CALCULATION_STATE_CANCELING:
    default:
      return FALSE;
    }
}

/* Starts @code, hands the (running) calculation to the view, and polls it until it ends, as
 * the session monitor would. */
static GlauxCalculation *
run_calculation (CalcFixture *fixture,
                 const char  *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_uuid_string_random ();
  GlauxCalculation *calculation;
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  glaux_athena_client_start_calculation_execution_async (fixture_client (fixture),
                                                         fixture->session_id, code, NULL, token,
                                                         NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  calculation = glaux_athena_client_start_calculation_execution_finish (fixture_client (fixture),
                                                                        result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (calculation);

  glaux_calculation_view_set_calculation (fixture->view, fixture->connection, calculation);
  g_assert_true (glaux_calculation_view_get_calculation (fixture->view) == calculation);

  while (!calculation_ended (calculation))
    {
      g_autoptr(GlauxCalculation) status = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      glaux_test_ui_iterate (150);
      g_clear_object (&result);
      glaux_athena_client_get_calculation_execution_async (fixture_client (fixture),
                                                           glaux_calculation_get_id (calculation),
                                                           calculation, NULL,
                                                           glaux_test_store_result_cb, &result);
      glaux_test_wait_result (&result, 30000);
      status = glaux_athena_client_get_calculation_execution_finish (fixture_client (fixture),
                                                                     result, &error);
      g_assert_no_error (error);
    }

  return calculation;
}

static gboolean
is_result_view (GtkWidget     *widget,
                gconstpointer  unused)
{
  return GLAUX_IS_RESULT_VIEW (widget);
}

static gboolean
is_view_stack (GtkWidget     *widget,
               gconstpointer  unused)
{
  return ADW_IS_VIEW_STACK (widget);
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget)
         && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return find_widget (wait->root, is_label_containing, wait->text) != NULL;
}

static void
wait_for_label (GtkWidget  *root,
                const char *text)
{
  LabelWait wait = { root, text };

  glaux_test_wait_until (label_shown, &wait, 30000);
}

static GlauxResultView *
calc_result_view (CalcFixture *fixture)
{
  return GLAUX_RESULT_VIEW (find_widget (GTK_WIDGET (fixture->view), is_result_view, NULL));
}

static const char *
visible_tab (CalcFixture *fixture)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (fixture->view), is_view_stack, NULL);

  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

/* The text of the text view inside the view stack page @name. */
static char *
tab_text (CalcFixture *fixture,
          const char  *name)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (fixture->view), is_view_stack, NULL);
  GtkWidget *page = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), name);
  GtkWidget *text_view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (page));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  CalcFixture *fixture;
  const char  *name;
  const char  *needle;
} TextWait;

static gboolean
tab_text_contains (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = tab_text (wait->fixture, wait->name);

  return strstr (text, wait->needle) != NULL;
}

static void
wait_for_tab_text (CalcFixture *fixture,
                   const char  *name,
                   const char  *needle)
{
  TextWait wait = { fixture, name, needle };

  glaux_test_wait_until (tab_text_contains, &wait, 30000);
}

typedef struct
{
  GlauxResultView *view;
  guint            n_rows;
} RowsWait;

static gboolean
rows_shown (gpointer data)
{
  RowsWait *wait = data;
  GlauxResultTable *table = glaux_result_view_get_table (wait->view);

  return table != NULL && g_list_model_get_n_items (G_LIST_MODEL (table)) == wait->n_rows;
}

static void
wait_for_rows (GlauxResultView *view,
               guint            n_rows)
{
  RowsWait wait = { view, n_rows };

  glaux_test_wait_until (rows_shown, &wait, 30000);
}

static GBytes *
read_object (CalcFixture *fixture,
             const char  *uri_text)
{
  g_autoptr(GlauxS3Uri) uri = glaux_s3_uri_parse (uri_text, TRUE, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  GlauxS3Client *s3 = glaux_connection_get_s3_client (fixture->connection);

  g_assert_nonnull (uri);
  glaux_s3_client_get_object_async (s3, uri->bucket, uri->key, 0, -1, NULL,
                                    glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  stream = glaux_s3_client_get_object_finish (s3, result, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_output_stream_splice_async (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, glaux_test_store_result_cb, &result);
  g_output_stream_splice_finish (memory, glaux_test_wait_result (&result, 30000), &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static GBytes *
export_to_file (CalcFixture *fixture,
                const char  *name)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint64 written = 0;
  gsize length = 0;

  glaux_calculation_view_export_async (fixture->view, file, NULL, glaux_test_store_result_cb,
                                       &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_calculation_view_export_finish (fixture->view, result, &written, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, length);

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
test_calculation_view_sql (CalcFixture   *fixture,
                           gconstpointer  data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GBytes) object = NULL;
  g_autoptr(GBytes) exported = NULL;
  GlauxResultView *result_view;
  GlauxResultTable *table;
  gsize length = 0;
  const char *cell;

  calculation = run_calculation (fixture,
                                 "%%sql\n"
                                 "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                                 "WHERE x < 1500)\n"
                                 "SELECT x AS id, 'row ' || x AS label, x * 1.5 AS amount,\n"
                                 "       CASE WHEN x % 7 = 0 THEN NULL ELSE 'v' || x END AS maybe\n"
                                 "FROM n");
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_COMPLETED);

  result_view = calc_result_view (fixture);
  wait_for_rows (result_view, 1500);
  wait_for_label (GTK_WIDGET (fixture->view), "1500 rows");
  g_assert_cmpstr (visible_tab (fixture), ==, "result");
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->view), is_label_containing, "COMPLETED"));
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->view), is_label_containing, "DPU-ms"));

  table = glaux_result_view_get_table (result_view);
  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 4);
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 1), ==, "label");
  cell = glaux_result_table_get_cell (table, 41, 1, &length);
  g_assert_cmpmem (cell, length, "row 42", 6);
  g_assert_true (glaux_result_table_get_column_numeric (table, 0));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpstr (cell_text (visible_cell (result_view, 6, 3)), ==, "NULL");
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "calculation-view-sql");

  /* Export: the result object byte for byte. */
  object = read_object (fixture, glaux_calculation_get_result_uri (calculation));
  exported = export_to_file (fixture, "sql-export.csv");
  g_assert_true (g_bytes_equal (object, exported));

  /* With fewer rows allowed in memory than the result has, the first ones are kept with a
   * note, and export still writes every row. */
  {
    g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
    g_autoptr(GBytes) exported_all = NULL;

    g_settings_set_uint (settings, "result-max-rows", 1000);
    glaux_calculation_view_set_calculation (fixture->view, fixture->connection, NULL);
    glaux_calculation_view_set_calculation (fixture->view, fixture->connection, calculation);
    result_view = calc_result_view (fixture);
    wait_for_rows (result_view, 1000);
    wait_for_label (GTK_WIDGET (fixture->view), "first 1000 of 1500 rows kept");
    table = glaux_result_view_get_table (result_view);
    g_assert_true (glaux_result_table_get_truncated (table));
    exported_all = export_to_file (fixture, "sql-export-all.csv");
    g_assert_true (g_bytes_equal (object, exported_all));
    g_settings_reset (settings, "result-max-rows");
  }
}

static void
test_calculation_view_show_table (CalcFixture   *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *output = NULL;
  GlauxResultView *result_view;
  GlauxResultTable *table;
  gsize length = 0;
  const char *cell;

  calculation = run_calculation (fixture,
                                 "print('before the table')\n"
                                 "spark.sql(\"SELECT 1 AS id, 'alpha' AS name, NULL AS note "
                                 "UNION ALL SELECT 2, 'beta', 'x'\").show()\n"
                                 "print('after the table')\n");
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_COMPLETED);

  /* The grid comes from the df.show() table in stdout; Output has the text. */
  result_view = calc_result_view (fixture);
  wait_for_rows (result_view, 2);
  table = glaux_result_view_get_table (result_view);
  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 3);
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 1), ==, "name");
  cell = glaux_result_table_get_cell (table, 1, 1, &length);
  g_assert_cmpmem (cell, length, "beta", 4);
  g_assert_null (glaux_result_table_get_cell (table, 0, 2, &length));
  wait_for_tab_text (fixture, "output", "after the table");
  output = tab_text (fixture, "output");
  g_assert_nonnull (strstr (output, "before the table"));
  g_assert_nonnull (strstr (output, "|alpha|"));
  g_assert_cmpstr (visible_tab (fixture), ==, "result");
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "calculation-view-show-table");

  exported = export_to_file (fixture, "show-export.csv");
  g_assert_cmpmem (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported),
                   "id,name,note\r\n1,alpha,\r\n2,beta,x\r\n", 34);
}

static void
test_calculation_view_failure (CalcFixture   *fixture,
                               gconstpointer  data)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autofree char *errors = NULL;

  calculation = run_calculation (fixture,
                                 "def divide(a, b):\n"
                                 "    return a / b\n"
                                 "print('about to fail')\n"
                                 "divide(1, 0)\n");
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_FAILED);

  /* Errors comes up by itself, with the traceback. */
  wait_for_tab_text (fixture, "errors", "ZeroDivisionError");
  g_assert_cmpstr (visible_tab (fixture), ==, "errors");
  errors = tab_text (fixture, "errors");
  g_assert_nonnull (strstr (errors, "Traceback"));
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->view), is_label_containing, "FAILED"));
  wait_for_tab_text (fixture, "output", "about to fail");
  g_assert_false (gtk_widget_is_sensitive (
    find_widget (GTK_WIDGET (fixture->view), is_button_for_action, "calculation.export")));
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "calculation-view-failed");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "calculation-view-failed-dark");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The renderer the app would choose here (cairo without a GPU, as under Xvfb). */
  glaux_ui_choose_renderer ();
  glaux_test_init (&argc, &argv);
  adw_init ();
  glaux_register_resource ();

  /* What AdwApplication loads from the resource base path in the real app. */
  gtk_css_provider_load_from_resource (css, "/io/github/glaux/Glaux/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/glaux/ui/ResultView/ingest-sort-copy", test_result_view_ingest);
  g_test_add_func ("/glaux/ui/ResultView/notes", test_result_view_notes);
  g_test_add ("/glaux/ui/CalculationView/sql", CalcFixture, NULL,
              calc_fixture_set_up, test_calculation_view_sql, calc_fixture_tear_down);
  g_test_add ("/glaux/ui/CalculationView/show-table", CalcFixture, NULL,
              calc_fixture_set_up, test_calculation_view_show_table, calc_fixture_tear_down);
  g_test_add ("/glaux/ui/CalculationView/failure", CalcFixture, NULL,
              calc_fixture_set_up, test_calculation_view_failure, calc_fixture_tear_down);

  return g_test_run ();
}
