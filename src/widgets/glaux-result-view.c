/* glaux-result-view.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-result-view"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-result-view.h"
#include "glaux-ui-util.h"

/* Creating a GtkColumnViewColumn per column of a 5,000-column result takes seconds and every
 * realised row holds a cell per column; the first ones are shown, export writes them all. */
#define MAX_VISIBLE_COLUMNS 500
/* Longer cells are cut for display; copy and export keep every byte. */
#define MAX_CELL_DISPLAY_BYTES 1000
/* Rows sampled to size a column. */
#define WIDTH_SAMPLE_ROWS 100
/* After this many frames without new rows the per-frame tick gives way to a slower poll, so an
 * idle view does not keep the frame clock running. */
#define IDLE_FRAMES_BEFORE_POLL 30
#define POLL_INTERVAL_MS 100
/* GTK 4.8 keeps about 200 rows of cell widgets alive. Creating them all in the frame the
 * first rows arrive takes several frames' time, so the rows shown grow by a budget of cells
 * per frame until that many rows exist; from then on they follow the table. */
#define RAMP_CELLS_PER_FRAME 96
#define RAMP_ROWS 256
#define FOOTER_INTERVAL_US (G_USEC_PER_SEC / 4)

struct _GlauxResultView
{
  GtkWidget          parent_instance;

  /* Owned References */
  GlauxResultTable  *table;
  GtkMultiSelection *selection;        /* over slice */
  GtkSliceListModel *slice;            /* over table: the rows shown so far */
  GPtrArray         *columns;          /* GtkColumnViewColumn, index = table column */
  GCancellable      *sort_cancellable;
  char              *footer_text;

  /* Template Widgets */
  GtkColumnView     *column_view;
  GtkPopoverMenu    *context_popover;
  GtkLabel          *footer_label;
  GtkScrolledWindow *scrolled_window;

  guint              tick_id;
  guint              poll_id;
  guint              idle_frames;
  gint64             footer_time;      /* of the last footer update while rows arrive */
  int                char_width;       /* pixels, 0 until measured */
  int                menu_row;         /* the cell the context menu was opened on */
  int                menu_column;
  int                probe_column;
  guint              probing : 1;
  guint              syncing_sorter : 1;
  guint              sorting : 1;
  guint              widths_from_rows : 1;
  guint              ramped : 1;
};

G_DEFINE_FINAL_TYPE (GlauxResultView, glaux_result_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GQuark column_quark;
static GQuark list_item_quark;

/* One per column sorter: the sorters only exist to give the headers their click-to-sort
 * arrows; GTK 4.8 has no API telling which column is sorted, so the column view's sorter is
 * asked to compare two dummies and the column sorter it consults first records itself. */
typedef struct
{
  GlauxResultView *self;
  guint            column;
} SortProbe;

static void update_footer (GlauxResultView *self);

/* ---- Cells ---------------------------------------------------------------------------- */

/* The display form of a cell: valid UTF-8 (U+FFFD for bad bytes), one line, at most
 * MAX_CELL_DISPLAY_BYTES of the value. */
static char *
display_text (const char *value,
              gsize       length)
{
  gboolean capped = FALSE;
  char *text;

  if (length > MAX_CELL_DISPLAY_BYTES)
    {
      length = MAX_CELL_DISPLAY_BYTES;
      /* Back off to a character start so the cut does not make a U+FFFD of its own. */
      for (guint i = 0; i < 3 && ((guchar)value[length] & 0xC0) == 0x80; i++)
        length--;
      capped = TRUE;
    }

  text = g_utf8_make_valid (value, length);
  for (char *p = text; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        *p = ' ';
    }

  if (capped)
    {
      char *full = g_strconcat (text, "…", NULL);

      g_free (text);
      text = full;
    }

  return text;
}

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    enabled)
{
  if (enabled == gtk_widget_has_css_class (widget, css_class))
    return;

  if (enabled)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/* One right-click gesture for the whole grid (a gesture per cell would be thousands of
 * objects): the cell under the pointer is found by picking. */
static void
grid_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GlauxResultView *self)
{
  GtkWidget *grid = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  GtkListItem *list_item = NULL;
  GtkWidget *cell;
  guint position;
  double view_x;
  double view_y;

  for (cell = gtk_widget_pick (grid, x, y, GTK_PICK_DEFAULT);
       cell != NULL && cell != grid;
       cell = gtk_widget_get_parent (cell))
    {
      if ((list_item = g_object_get_qdata (G_OBJECT (cell), list_item_quark)) != NULL)
        break;
    }
  if (list_item == NULL)
    return;
  position = gtk_list_item_get_position (list_item);
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  /* As in file managers: a right click outside the selection selects that row. */
  if (!gtk_selection_model_is_selected (selection, position))
    gtk_selection_model_select_item (selection, position, TRUE);

  self->menu_row = position;
  self->menu_column = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cell), column_quark));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.copy-cell", TRUE);

  if (!gtk_widget_translate_coordinates (grid, GTK_WIDGET (self), x, y, &view_x, &view_y))
    view_x = view_y = 0;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover),
                               &(GdkRectangle) { view_x, view_y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

/* Cells are created by the hundred when rows first arrive: keep them cheap. */
static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               GlauxResultView          *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  g_object_set_qdata (G_OBJECT (cell), column_quark,
                      g_object_get_qdata (G_OBJECT (factory), column_quark));
  /* The list item owns the cell, so this pointer never outlives it. */
  g_object_set_qdata (G_OBJECT (cell), list_item_quark, list_item);

  gtk_list_item_set_child (list_item, cell);
}

/* Reads straight from the table's arena: no GBinding, no property per cell. */
static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              GlauxResultView          *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (factory), column_quark));
  GlauxResultRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GlauxResultTable *table = glaux_result_row_get_table (row);
  g_autofree char *text = NULL;
  const char *value;
  gboolean numeric;
  gsize length = 0;

  value = glaux_result_table_get_cell (table, glaux_result_row_get_index (row), column, &length);
  numeric = glaux_result_table_get_column_numeric (table, column);

  set_css_class (cell, "null", value == NULL);
  set_css_class (cell, "numeric", numeric);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), numeric ? 1.0 : 0.0);

  if (value == NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), C_("result cell", "NULL"));
      return;
    }

  text = display_text (value, length);
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                GlauxResultView          *self)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), NULL);
}

/* ---- Columns ---------------------------------------------------------------------------- */

static int
sort_probe_compare (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  SortProbe *probe = user_data;

  if (!probe->self->probing)
    return 0;

  probe->self->probe_column = probe->column;

  return -1;
}

/* The column and direction the headers show: -1 when none. */
static int
probe_sort_column (GlauxResultView *self,
                   gboolean        *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering ordering;

  self->probe_column = -1;
  self->probing = TRUE;
  ordering = gtk_sorter_compare (sorter, self, self->column_view);
  self->probing = FALSE;

  *descending = ordering == GTK_ORDERING_LARGER;

  return self->probe_column;
}

static int
get_char_width (GlauxResultView *self)
{
  if (self->char_width == 0)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      self->char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                              pango_font_metrics_get_approximate_digit_width (metrics)) / PANGO_SCALE;
      self->char_width = MAX (self->char_width, 4);
      pango_font_metrics_unref (metrics);
    }

  return self->char_width;
}

/* Fixed widths, from the header and a sample of rows, so GTK does not size columns from
 * whichever rows happen to be realised (and does not measure every cell). */
static int
measure_column (GlauxResultView *self,
                guint            column)
{
  const char *name = glaux_result_table_get_column_name (self->table, column);
  guint n_rows = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->table)), WIDTH_SAMPLE_ROWS);
  gsize chars = (name != NULL ? g_utf8_strlen (name, -1) : 0) + 3; /* + the sort arrow */

  for (guint row = 0; row < n_rows; row++)
    {
      gsize length = 0;
      const char *value = glaux_result_table_get_cell (self->table, row, column, &length);

      chars = MAX (chars, value != NULL ? length : 4);
    }

  return CLAMP (chars, 5, 48) * get_char_width (self) + 16;
}

static void
add_column (GlauxResultView *self,
            guint            index)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  g_autofree char *title = NULL;
  const char *name = glaux_result_table_get_column_name (self->table, index);
  SortProbe *probe;

  g_object_set_qdata (G_OBJECT (factory), column_quark, GUINT_TO_POINTER (index));
  g_signal_connect_object (factory, "setup", G_CALLBACK (cell_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (cell_unbind_cb), self, 0);

  title = name != NULL ? display_text (name, strlen (name)) : g_strdup ("");
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, measure_column (self, index));

  probe = g_new0 (SortProbe, 1);
  probe->self = self;
  probe->column = index;
  sorter = gtk_custom_sorter_new (sort_probe_compare, probe, g_free);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));

  gtk_column_view_append_column (self->column_view, column);
  g_ptr_array_add (self->columns, g_steal_pointer (&column));
}

static void
remove_columns (GlauxResultView *self,
                guint            keep)
{
  self->syncing_sorter = TRUE;
  while (self->columns->len > keep)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->columns, self->columns->len - 1);

      gtk_column_view_remove_column (self->column_view, column);
      g_ptr_array_remove_index (self->columns, self->columns->len - 1);
    }
  self->syncing_sorter = FALSE;
}

/* Columns follow the table: a header sets them, ragged rows may add more. */
static void
sync_columns (GlauxResultView *self)
{
  guint n_columns = 0;

  if (self->table != NULL)
    n_columns = MIN (glaux_result_table_get_n_columns (self->table), MAX_VISIBLE_COLUMNS);

  if (n_columns < self->columns->len)
    remove_columns (self, n_columns);
  for (guint i = self->columns->len; i < n_columns; i++)
    add_column (self, i);
}

/* Once the first rows are in, the header-only widths are redone from the data. */
static void
measure_columns_from_rows (GlauxResultView *self)
{
  if (self->widths_from_rows || g_list_model_get_n_items (G_LIST_MODEL (self->table)) == 0)
    return;

  self->widths_from_rows = TRUE;
  for (guint i = 0; i < self->columns->len; i++)
    gtk_column_view_column_set_fixed_width (g_ptr_array_index (self->columns, i),
                                            measure_column (self, i));
}

/* ---- Sorting ---------------------------------------------------------------------------- */

/* Puts the header arrow where the table's order is. */
static void
sync_sort_indicator (GlauxResultView *self)
{
  int column = self->table != NULL ? glaux_result_table_get_sorted_column (self->table) : -1;
  gboolean descending = self->table != NULL && glaux_result_table_get_sort_descending (self->table);
  gboolean shown_descending;

  if (probe_sort_column (self, &shown_descending) == column
      && (column < 0 || shown_descending == descending))
    return;

  self->syncing_sorter = TRUE;
  if (column < 0 || (guint)column >= self->columns->len)
    gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  else
    gtk_column_view_sort_by_column (self->column_view, g_ptr_array_index (self->columns, column),
                                    descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->syncing_sorter = FALSE;
}

static void
sort_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GlauxResultView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_result_table_sort_finish (GLAUX_RESULT_TABLE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_prefix_error (&error, _("Cannot sort the result: "));
      glaux_ui_show_error (GTK_WIDGET (self), error);
    }

  if ((GlauxResultTable *)object != self->table)
    return;

  self->sorting = FALSE;
  self->menu_row = -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.copy-cell", FALSE);
  sync_sort_indicator (self);
  update_footer (self);
}

static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   GlauxResultView *self)
{
  gboolean descending = FALSE;
  int column;

  if (self->syncing_sorter || self->probing || self->table == NULL)
    return;

  column = probe_sort_column (self, &descending);
  if (!self->sorting
      && column == glaux_result_table_get_sorted_column (self->table)
      && (column < 0 || descending == glaux_result_table_get_sort_descending (self->table)))
    return;

  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  self->sort_cancellable = g_cancellable_new ();
  self->sorting = TRUE;
  glaux_result_table_sort_async (self->table, column, descending, self->sort_cancellable,
                                 sort_done_cb, g_object_ref (self));
  update_footer (self);
}

/* ---- Footer and the per-frame flush ----------------------------------------------------- */

static char *
format_count (guint64 count)
{
  /* The ' flag groups digits as the locale does: "1,234,567". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

static char *
build_footer (GlauxResultView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->table));
  guint n_columns = glaux_result_table_get_n_columns (self->table);
  guint n_ragged = glaux_result_table_get_n_ragged (self->table);
  g_autofree char *rows = format_count (n_rows);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", n_rows), rows);

  if (glaux_result_table_get_truncated (self->table))
    {
      g_autofree char *kept = format_count (glaux_result_table_get_n_rows (self->table));
      g_autofree char *seen = format_count (glaux_result_table_get_n_rows_seen (self->table));

      g_string_append (text, " · ");
      /* Translators: "first 100,000 of 2,345,678 rows kept" — the rest is not in memory. */
      g_string_append_printf (text, _("first %s of %s rows kept (export writes all)"), kept, seen);
    }

  if (n_ragged > 0)
    {
      g_autofree char *ragged = format_count (n_ragged);

      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s ragged row padded",
                                                 "%s ragged rows padded", n_ragged), ragged);
    }

  if (n_columns > MAX_VISIBLE_COLUMNS)
    {
      g_autofree char *shown = format_count (MAX_VISIBLE_COLUMNS);
      g_autofree char *all = format_count (n_columns);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("showing the first %s of %s columns"), shown, all);
    }

  if (self->sorting)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("sorting…"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_footer (GlauxResultView *self)
{
  g_autofree char *text = self->table != NULL ? build_footer (self) : g_strdup ("");

  if (g_strcmp0 (text, self->footer_text) == 0)
    return;

  gtk_label_set_label (self->footer_label, text);
  g_free (self->footer_text);
  self->footer_text = g_steal_pointer (&text);
}

/* Makes rows appended since the last call visible (one items-changed), follows new columns and
 * refreshes the footer. Returns the number of rows that appeared. */
static guint
flush_table (GlauxResultView *self)
{
  GListModel *shown = G_LIST_MODEL (self->slice);
  guint n_shown = g_list_model_get_n_items (shown);
  guint n_rows;
  guint added;
  gint64 now;

  if (self->table == NULL)
    return 0;

  glaux_result_table_flush (self->table);
  if (glaux_result_table_get_n_columns (self->table) != self->columns->len)
    sync_columns (self);

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->table));
  if (!self->ramped && n_shown < n_rows)
    {
      guint step = MAX (1, RAMP_CELLS_PER_FRAME / MAX (1, self->columns->len));
      guint size = MIN (n_rows, n_shown + step);

      self->ramped = size >= RAMP_ROWS;
      gtk_slice_list_model_set_size (self->slice, self->ramped ? G_MAXUINT : size);
    }

  if (n_rows > 0)
    measure_columns_from_rows (self);

  /* A new footer text relayouts the whole view: a few times a second is enough while rows
   * pour in; the final count shows on the first frame without new rows. */
  added = g_list_model_get_n_items (shown) - n_shown;
  now = g_get_monotonic_time ();
  if (added == 0 || now - self->footer_time >= FOOTER_INTERVAL_US)
    {
      update_footer (self);
      self->footer_time = now;
    }

  return added;
}

static gboolean poll_cb (gpointer user_data);

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (widget);

  if (flush_table (self) > 0)
    self->idle_frames = 0;
  else if (++self->idle_frames > IDLE_FRAMES_BEFORE_POLL)
    {
      self->tick_id = 0;
      self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_ticking (GlauxResultView *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->idle_frames = 0;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

/* While rows trickle in slowly (or not at all), a timer looks for them; once some come, the
 * flush goes back to once per frame. */
static gboolean
poll_cb (gpointer user_data)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (user_data);

  if (flush_table (self) > 0)
    {
      self->poll_id = 0;
      start_ticking (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
stop_ticking (GlauxResultView *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* ---- Actions ---------------------------------------------------------------------------- */

static void
copy_rows_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autofree guint *rows = NULL;
  g_autofree char *tsv = NULL;
  GtkBitsetIter iter;
  guint64 n_selected;
  guint n_rows = 0;
  guint row;

  if (self->table == NULL)
    return;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  n_selected = gtk_bitset_get_size (selected);
  if (n_selected == 0)
    return;

  rows = g_new (guint, n_selected);
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &row);
       more && n_rows < n_selected;
       more = gtk_bitset_iter_next (&iter, &row))
    rows[n_rows++] = row;

  tsv = glaux_result_table_dup_tsv (self->table, rows, n_rows, TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), tsv);
}

static void
copy_cell_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (widget);
  g_autofree char *text = NULL;
  const char *value;
  gsize length = 0;

  if (self->table == NULL || self->menu_row < 0 || self->menu_column < 0
      || (guint)self->menu_row >= g_list_model_get_n_items (G_LIST_MODEL (self->table)))
    return;

  value = glaux_result_table_get_cell (self->table, self->menu_row, self->menu_column, &length);
  /* The whole value, not the display form; bytes that are not UTF-8 cannot go to a text
   * clipboard as they are. */
  text = value != NULL ? g_utf8_make_valid (value, length) : g_strdup ("");
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/* Shift+F10 and the Menu key: the menu for the first selected row (its first cell). */
static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (widget);
  g_autoptr(GtkBitset) selected = NULL;

  if (self->table == NULL)
    return;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    {
      self->menu_row = -1;
      gtk_widget_action_set_enabled (widget, "result.copy-cell", FALSE);
    }
  else
    {
      self->menu_row = gtk_bitset_get_minimum (selected);
      self->menu_column = 0;
      gtk_widget_action_set_enabled (widget, "result.copy-cell", TRUE);
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover),
                               &(GdkRectangle) { gtk_widget_get_width (widget) / 2,
                                                 gtk_widget_get_height (widget) / 2, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

/* ---- GtkWidget ------------------------------------------------------------------------ */

/* Rows only need to appear while someone can see them. */
static void
glaux_result_view_map (GtkWidget *widget)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (widget);

  GTK_WIDGET_CLASS (glaux_result_view_parent_class)->map (widget);

  flush_table (self);
  start_ticking (self);
}

static void
glaux_result_view_unmap (GtkWidget *widget)
{
  stop_ticking (GLAUX_RESULT_VIEW (widget));

  GTK_WIDGET_CLASS (glaux_result_view_parent_class)->unmap (widget);
}

/* A new font (or scale) changes the character width the column widths come from. */
static void
glaux_result_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (glaux_result_view_parent_class)->css_changed (widget, change);

  GLAUX_RESULT_VIEW (widget)->char_width = 0;
}

static void
glaux_result_view_dispose (GObject *object)
{
  GlauxResultView *self = (GlauxResultView *)object;
  GtkWidget *child;

  stop_ticking (self);
  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);

  if (self->column_view != NULL)
    {
      remove_columns (self, 0);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->slice);
  g_clear_object (&self->table);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_RESULT_VIEW);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (glaux_result_view_parent_class)->dispose (object);
}

static void
glaux_result_view_finalize (GObject *object)
{
  GlauxResultView *self = (GlauxResultView *)object;

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->footer_text, g_free);

  G_OBJECT_CLASS (glaux_result_view_parent_class)->finalize (object);
}

static void
glaux_result_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_object (value, self->table);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_result_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlauxResultView *self = GLAUX_RESULT_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      glaux_result_view_set_table (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_result_view_class_init (GlauxResultViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_result_view_dispose;
  object_class->finalize = glaux_result_view_finalize;
  object_class->get_property = glaux_result_view_get_property;
  object_class->set_property = glaux_result_view_set_property;

  widget_class->map = glaux_result_view_map;
  widget_class->unmap = glaux_result_view_unmap;
  widget_class->css_changed = glaux_result_view_css_changed;

  properties[PROP_TABLE] =
    g_param_spec_object ("table", NULL, NULL, GLAUX_TYPE_RESULT_TABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-result-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxResultView, column_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxResultView, context_popover);
  gtk_widget_class_bind_template_child (widget_class, GlauxResultView, footer_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxResultView, scrolled_window);

  gtk_widget_class_install_action (widget_class, "result.copy", NULL, copy_rows_action);
  gtk_widget_class_install_action (widget_class, "result.copy-cell", NULL, copy_cell_action);
  gtk_widget_class_install_action (widget_class, "result.context-menu", NULL, context_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "result.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "result.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0,
                                       "result.context-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "glaux-result-view");

  column_quark = g_quark_from_static_string ("glaux-result-view-column");
  list_item_quark = g_quark_from_static_string ("glaux-result-view-list-item");
}

static void
glaux_result_view_init (GlauxResultView *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->menu_row = -1;
  self->menu_column = -1;

  self->slice = gtk_slice_list_model_new (NULL, 0, 0);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->slice)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (grid_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.copy-cell", FALSE);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, 0);
}

GlauxResultView *
glaux_result_view_new (void)
{
  return g_object_new (GLAUX_TYPE_RESULT_VIEW, NULL);
}

GlauxResultTable *
glaux_result_view_get_table (GlauxResultView *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_VIEW (self), NULL);

  return self->table;
}

void
glaux_result_view_set_table (GlauxResultView  *self,
                             GlauxResultTable *table)
{
  g_return_if_fail (GLAUX_IS_RESULT_VIEW (self));
  g_return_if_fail (!table || GLAUX_IS_RESULT_TABLE (table));

  if (self->table == table)
    return;

  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  self->sorting = FALSE;
  self->widths_from_rows = FALSE;
  self->menu_row = -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.copy-cell", FALSE);
  gtk_popover_popdown (GTK_POPOVER (self->context_popover));

  remove_columns (self, 0);
  g_set_object (&self->table, table);
  self->ramped = FALSE;
  gtk_slice_list_model_set_size (self->slice, 0);
  gtk_slice_list_model_set_model (self->slice, G_LIST_MODEL (table));

  sync_columns (self);
  sync_sort_indicator (self);
  update_footer (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_ticking (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE]);
}
