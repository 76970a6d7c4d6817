/* glaux-bench-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "glaux-bench-chart.h"
#include "glaux-bench-window.h"
#include "glaux-cost-model.h"
#include "glaux-record-run-dialog.h"
#include "glaux-ui-util.h"

/* Charts are exported at this size whatever the widget's, so the picture reads the same. */
#define EXPORT_WIDTH  1400
#define EXPORT_HEIGHT 700

struct _GlauxBenchWindow
{
  AdwApplicationWindow    parent_instance;

  GtkSpinner              *library_spinner;

  /* Owned References */
  GlauxConnectionList    *connections;
  char                   *library_path;
  GlauxBenchLibrary      *library;
  GCancellable           *cancellable;
  GQueue                  pending;        /* GFile to import once the library is open */
  GHashTable             *compared;       /* GlauxBenchEntry → itself: the ticked runs */
  GlauxBenchEntry        *baseline;
  GlauxBenchComparison   *comparison;
  GStrv                   run_names;      /* of the comparison's runs, baseline first */
  GPtrArray              *run_titles;     /* their full titles */
  char                   *refusal;
  GtkSingleSelection     *selection;
  GtkFileChooserNative   *chooser;
  GHashTable             *rows;           /* query id → const GlauxBenchComparisonRow * */
  GHashTable             *checks;         /* the bound rows' GtkCheckButtons */
  GlauxBenchReportFunc    report_func;

  /* Template Widgets */
  AdwToastOverlay        *toast_overlay;
  GtkStack               *library_stack;
  GtkListView            *run_list;
  GtkWidget              *details_box;
  GtkLabel               *details_label;
  AdwEntryRow            *label_row;
  AdwEntryRow            *notes_row;
  GtkStack               *compare_stack;
  AdwStatusPage          *refused_page;
  GtkListBox             *warnings_list;
  GtkBox                 *summary_box;
  GtkToggleButton        *times_button;
  GtkToggleButton        *changes_button;
  GtkToggleButton        *log_button;
  GtkDropDown            *baseline_dropdown;
  GtkStack               *chart_stack;
  GlauxBenchChart        *bars_chart;
  GlauxBenchChart        *diverging_chart;
  GtkColumnView          *table;

  guint                   importing : 1;
  guint                   updating_baseline : 1;
};

G_DEFINE_FINAL_TYPE (GlauxBenchWindow, glaux_bench_window, ADW_TYPE_APPLICATION_WINDOW)

static void glaux_bench_window_import_next  (GlauxBenchWindow *self);
static void glaux_bench_window_update       (GlauxBenchWindow *self);

static void
show_toast (GlauxBenchWindow *self,
            const char       *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (markup);

  /* Reasons are long: they stay a while, and the newest shows at once (several files may
   * fail in a row; the others wait their turn). */
  adw_toast_set_timeout (toast, strlen (text) > 60 ? 10 : 5);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Helpers for the list of runs */

/* "TPC-H · SF 0.01 · DuckDB 1.3.2": the run's label (the title above) has platform and date. */
static char *
describe_run (GlauxBenchRun *run)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *platform = glaux_bench_run_get_platform_name (run);
  const char *version = glaux_bench_run_get_platform_version (run);
  const char *name = glaux_bench_run_get_benchmark_name (run);
  char sf[G_ASCII_DTOSTR_BUF_SIZE];

  if (name == NULL)
    name = glaux_bench_run_get_benchmark_id (run);
  if (name != NULL)
    g_string_append_printf (text, "%s · ", name);
  g_ascii_formatd (sf, sizeof sf, "%g", glaux_bench_run_get_scale_factor (run));
  /* Translators: a scale factor, "SF 0.01". */
  g_string_append_printf (text, _("SF %s"), sf);
  if (platform != NULL)
    g_string_append_printf (text, " · %s", platform);
  if (platform != NULL && version != NULL && g_ascii_strcasecmp (version, "unknown") != 0)
    g_string_append_printf (text, " %s", version);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_compared (GlauxBenchWindow *self,
             GlauxBenchEntry  *entry)
{
  return g_hash_table_contains (self->compared, entry);
}

static void
include_toggled_cb (GtkCheckButton   *check,
                    GlauxBenchWindow *self)
{
  GlauxBenchEntry *entry = g_object_get_data (G_OBJECT (check), "glaux-entry");

  if (entry == NULL)
    return;

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->compared, g_object_ref (entry));
  else
    g_hash_table_remove (self->compared, entry);

  glaux_bench_window_update (self);
}

static void
run_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GlauxBenchWindow         *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *excluded = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_tooltip_text (check, _("Compare this run"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect_object (check, "toggled", G_CALLBACK (include_toggled_cb), self, 0);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_add_css_class (badge, "state-badge");
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), badge);

  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (excluded), 0);
  gtk_label_set_wrap (GTK_LABEL (excluded), TRUE);
  gtk_widget_add_css_class (excluded, "caption");
  gtk_widget_add_css_class (excluded, "error");

  gtk_box_append (GTK_BOX (texts), top);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (texts), excluded);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), texts);

  g_object_set_data (G_OBJECT (item), "glaux-check", check);
  g_object_set_data (G_OBJECT (item), "glaux-title", title);
  g_object_set_data (G_OBJECT (item), "glaux-badge", badge);
  g_object_set_data (G_OBJECT (item), "glaux-subtitle", subtitle);
  g_object_set_data (G_OBJECT (item), "glaux-excluded", excluded);
  gtk_list_item_set_child (item, row);
}

static void
run_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             GlauxBenchWindow         *self)
{
  GlauxBenchEntry *entry = gtk_list_item_get_item (item);
  GlauxBenchRun *run = glaux_bench_entry_get_run (entry);
  GtkWidget *check = g_object_get_data (G_OBJECT (item), "glaux-check");
  GtkWidget *excluded = g_object_get_data (G_OBJECT (item), "glaux-excluded");
  GlauxBenchExclusion exclusion = glaux_bench_run_get_exclusion (run);
  g_autofree char *subtitle = describe_run (run);
  g_autofree char *title = glaux_bench_entry_dup_title (entry);
  gboolean recorded = glaux_bench_entry_get_origin (entry) == GLAUX_BENCH_ORIGIN_RECORDED;
  GBinding *binding;

  /* Set before the entry is attached, so binding does not count as a tick. */
  g_object_set_data (G_OBJECT (check), "glaux-entry", NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_compared (self, entry));
  g_object_set_data (G_OBJECT (check), "glaux-entry", entry);
  g_hash_table_add (self->checks, check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  binding = g_object_bind_property (entry, "title", g_object_get_data (G_OBJECT (item), "glaux-title"),
                                    "label", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (item), "glaux-binding", binding);
  binding = g_object_bind_property (entry, "title", g_object_get_data (G_OBJECT (item), "glaux-title"),
                                    "tooltip-text", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (item), "glaux-tooltip-binding", binding);

  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "glaux-badge"),
                      recorded ? _("Recorded") : _("Imported"));
  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "glaux-subtitle"), subtitle);
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (item), "glaux-subtitle"), subtitle);

  gtk_widget_set_visible (excluded, exclusion != GLAUX_BENCH_EXCLUSION_NONE);
  if (exclusion != GLAUX_BENCH_EXCLUSION_NONE)
    {
      /* Translators: why a run cannot be compared, e.g. "Excluded: the run has no queries". */
      g_autofree char *text = g_strdup_printf (_("Excluded: %s"),
                                               glaux_bench_exclusion_describe (exclusion));

      gtk_label_set_text (GTK_LABEL (excluded), text);
    }
}

static void
run_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GlauxBenchWindow         *self)
{
  for (const char * const *key = (const char * const[]){ "glaux-binding", "glaux-tooltip-binding", NULL }; *key; key++)
    {
      GBinding *binding = g_object_get_data (G_OBJECT (item), *key);

      if (binding != NULL)
        g_binding_unbind (binding);
      g_object_set_data (G_OBJECT (item), *key, NULL);
    }
  g_object_set_data (g_object_get_data (G_OBJECT (item), "glaux-check"), "glaux-entry", NULL);
  if (self->checks != NULL)
    g_hash_table_remove (self->checks, g_object_get_data (G_OBJECT (item), "glaux-check"));
}

/* The visible check buttons follow a change of the ticked set made elsewhere. */
static void
sync_checks (GlauxBenchWindow *self)
{
  GHashTableIter iter;
  gpointer check;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    {
      GlauxBenchEntry *entry = g_object_get_data (check, "glaux-entry");

      g_object_set_data (check, "glaux-entry", NULL);
      gtk_check_button_set_active (check, entry != NULL && is_compared (self, entry));
      g_object_set_data (check, "glaux-entry", entry);
    }
}

/* Details of the selected run */

static GlauxBenchEntry *
selected_entry (GlauxBenchWindow *self)
{
  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static void
update_details (GlauxBenchWindow *self)
{
  GlauxBenchEntry *entry = selected_entry (self);

  gtk_widget_set_sensitive (self->details_box, entry != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bench.export-run", entry != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bench.remove-run", entry != NULL);

  if (entry == NULL)
    {
      gtk_label_set_text (self->details_label, _("Select a run to edit its label and notes."));
      gtk_editable_set_text (GTK_EDITABLE (self->label_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row), "");
      return;
    }

  {
    const char *path = glaux_bench_entry_get_source_path (entry);
    g_autofree char *text = NULL;

    if (path != NULL)
      /* Translators: where an imported run came from. */
      text = g_strdup_printf (_("From %s"), path);
    else
      text = g_strdup (_("Recorded in Glaux"));
    gtk_label_set_text (self->details_label, text);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->label_row),
                         glaux_bench_entry_get_label (entry) != NULL ? glaux_bench_entry_get_label (entry) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         glaux_bench_entry_get_notes (entry) != NULL ? glaux_bench_entry_get_notes (entry) : "");
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GlauxBenchWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_bench_library_update_finish (GLAUX_BENCH_LIBRARY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        glaux_ui_show_error (GTK_WIDGET (self->toast_overlay), error);
      return;
    }

  /* Titles in charts and table follow a new label. */
  glaux_bench_window_update (self);
}

static void
label_applied_cb (GlauxBenchWindow *self)
{
  GlauxBenchEntry *entry = selected_entry (self);
  g_autofree char *label = NULL;

  if (entry == NULL)
    return;

  label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  glaux_bench_library_set_label_async (self->library, entry, label[0] != '\0' ? label : NULL,
                                       self->cancellable, update_cb, g_object_ref (self));
}

static void
notes_applied_cb (GlauxBenchWindow *self)
{
  GlauxBenchEntry *entry = selected_entry (self);
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));

  if (entry == NULL)
    return;

  glaux_bench_library_set_notes_async (self->library, entry, notes[0] != '\0' ? notes : NULL,
                                       self->cancellable, update_cb, g_object_ref (self));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GlauxBenchWindow *self)
{
  GlauxBenchEntry *entry = g_object_get_data (G_OBJECT (dialog), "glaux-entry");

  if (!g_str_equal (response, "remove") || entry == NULL || self->library == NULL)
    return;

  g_hash_table_remove (self->compared, entry);
  if (self->baseline == entry)
    g_clear_object (&self->baseline);
  glaux_bench_library_remove_async (self->library, entry, self->cancellable, update_cb,
                                    g_object_ref (self));
}

static void
remove_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GlauxBenchWindow *self = GLAUX_BENCH_WINDOW (widget);
  GlauxBenchEntry *entry = selected_entry (self);
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (entry == NULL)
    return;

  title = glaux_bench_entry_dup_title (entry);
  heading = g_strdup_printf (_("Remove “%s”?"), title);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The run leaves the run library, with its "
                                                         "label and notes. Its file, if it came "
                                                         "from one, is not touched.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "glaux-entry", g_object_ref (entry), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import */

static void
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GlauxBenchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchEntry) entry = NULL;
  g_autoptr(GFile) file = g_queue_pop_head (&self->pending);
  gboolean already_present = FALSE;

  entry = glaux_bench_library_add_finish (GLAUX_BENCH_LIBRARY (object), result, &already_present,
                                          &error);
  self->importing = FALSE;

  if (entry == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: a file name and the reason it could not be imported. */
      text = g_strdup_printf (_("Could not import “%s”: %s"), name, error->message);
      show_toast (self, text);
    }
  else if (already_present)
    {
      g_autofree char *text = glaux_bench_library_describe_duplicate (entry);

      show_toast (self, text);
    }

  glaux_bench_window_import_next (self);
}

static void
glaux_bench_window_import_next (GlauxBenchWindow *self)
{
  GFile *file;

  if (self->library == NULL || self->importing)
    return;

  file = g_queue_peek_head (&self->pending);
  if (file == NULL)
    return;

  self->importing = TRUE;
  glaux_bench_library_add_file_async (self->library, file, self->cancellable, add_cb,
                                      g_object_ref (self));
}

static void
import_response_cb (GlauxBenchWindow     *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (files == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  glaux_bench_window_import_files (self, (GFile **)array->pdata, array->len);
}

static GtkFileChooserNative *
new_chooser (GlauxBenchWindow     *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             const char           *filter_name,
             const char           *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  self->chooser = chooser;

  return chooser;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlauxBenchWindow *self = GLAUX_BENCH_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = new_chooser (self, _("Import BenchBox Results"), GTK_FILE_CHOOSER_ACTION_OPEN,
                         _("_Import"), _("BenchBox results (JSON)"), "application/json");
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         GlauxBenchWindow *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  glaux_bench_window_import_files (self, (GFile **)files->pdata, files->len);

  return files->len > 0;
}

/* Export of a run as BenchBox JSON */

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      g_task_return_new_error (task, error->domain, error->code, _("Could not save “%s”: %s"),
                               name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* GIO writes a temporary file in its worker thread and renames it over @file. */
static void
write_bytes_async (gpointer             source,
                   GFile               *file,
                   GBytes              *bytes,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable, write_cb,
                                       task);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GlauxBenchWindow *self = GLAUX_BENCH_WINDOW (object);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        glaux_ui_show_error (GTK_WIDGET (self->toast_overlay), error);
      return;
    }

  show_toast (self, _("Exported"));
}

static void
export_run_response_cb (GlauxBenchWindow     *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GlauxBenchEntry *entry = g_object_get_data (G_OBJECT (chooser), "glaux-entry");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL || entry == NULL)
    {
      g_clear_object (&self->chooser);
      return;
    }

  bytes = glaux_bench_run_to_bytes (glaux_bench_entry_get_run (entry));
  g_clear_object (&self->chooser);
  write_bytes_async (self, file, bytes, self->cancellable, exported_cb, NULL);
}

static void
export_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GlauxBenchWindow *self = GLAUX_BENCH_WINDOW (widget);
  GlauxBenchEntry *entry = selected_entry (self);
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (entry == NULL)
    return;

  chooser = new_chooser (self, _("Export Run as BenchBox JSON"), GTK_FILE_CHOOSER_ACTION_SAVE,
                         _("_Export"), _("BenchBox results (JSON)"), "application/json");
  title = glaux_bench_entry_dup_title (entry);
  name = g_strdup_printf ("%s.json", g_strdelimit (title, "/\\:*?\"<>| ", '-'));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "glaux-entry", g_object_ref (entry), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_run_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The comparison */

static char *
format_ms (double ms)
{
  if (!isfinite (ms))
    return g_strdup ("—");

  return g_strdup_printf ("%.*f", ms < 10 ? 2 : 1, ms);
}

static const char *
band_css_class (GlauxBenchBand band)
{
  if (glaux_bench_band_is_faster (band))
    return "success";
  if (band == GLAUX_BENCH_BAND_SLOWER)
    return "warning";
  if (glaux_bench_band_is_slower (band))
    return "error";

  return NULL;
}

/* The ticked runs in library order, the baseline first. */
static GPtrArray *
ordered_compared (GlauxBenchWindow *self)
{
  GPtrArray *entries = g_ptr_array_new ();
  GListModel *model = G_LIST_MODEL (self->library);

  if (self->library == NULL)
    return entries;

  if (self->baseline != NULL && is_compared (self, self->baseline))
    g_ptr_array_add (entries, self->baseline);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxBenchEntry) entry = g_list_model_get_item (model, i);

      if (is_compared (self, entry) && entry != self->baseline)
        g_ptr_array_add (entries, entry);
    }

  return entries;
}

static void
baseline_selected_cb (GlauxBenchWindow *self)
{
  GListModel *names = gtk_drop_down_get_model (self->baseline_dropdown);
  guint index = gtk_drop_down_get_selected (self->baseline_dropdown);
  GPtrArray *entries;
  GlauxBenchEntry *entry;

  if (self->updating_baseline || names == NULL)
    return;

  /* The entries the names stand for travel with the model. */
  entries = g_object_get_data (G_OBJECT (names), "glaux-entries");
  if (entries == NULL || index >= entries->len)
    return;

  entry = g_ptr_array_index (entries, index);
  if (entry == self->baseline)
    return;

  g_set_object (&self->baseline, entry);
  glaux_bench_window_update (self);
}

static void
update_baseline_dropdown (GlauxBenchWindow *self,
                          GPtrArray        *entries)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *title = glaux_bench_entry_dup_title (g_ptr_array_index (entries, i));

      gtk_string_list_append (names, title);
      g_ptr_array_add (kept, g_object_ref (g_ptr_array_index (entries, i)));
    }
  g_object_set_data_full (G_OBJECT (names), "glaux-entries", kept, (GDestroyNotify)g_ptr_array_unref);

  self->updating_baseline = TRUE;
  gtk_drop_down_set_model (self->baseline_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->baseline_dropdown, 0);
  self->updating_baseline = FALSE;
}

static void
update_warnings (GlauxBenchWindow *self)
{
  const char * const *warnings = glaux_bench_comparison_get_warnings (self->comparison);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_list))) != NULL)
    gtk_list_box_remove (self->warnings_list, child);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (warnings[i]);

      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (row, 12);
      gtk_widget_set_margin_end (row, 12);
      gtk_widget_set_margin_top (row, 8);
      gtk_widget_set_margin_bottom (row, 8);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_list_box_append (self->warnings_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_list), warnings != NULL && warnings[0] != NULL);
}

static GtkWidget *
summary_line (const char *caption,
              const char *value,
              const char *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (caption);
  GtkWidget *number = gtk_label_new (value);

  gtk_widget_add_css_class (name, "dim-label");
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (number, "numeric");
  if (css_class != NULL)
    gtk_widget_add_css_class (number, css_class);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), number);

  return box;
}

static void
update_summary (GlauxBenchWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))) != NULL)
    gtk_box_remove (self->summary_box, child);

  for (guint run = 0; run < glaux_bench_comparison_get_n_runs (self->comparison); run++)
    {
      const GlauxBenchRunTotals *totals = glaux_bench_comparison_get_totals (self->comparison, run);
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *title = gtk_label_new (self->run_names[run]);
      g_autofree char *geomean = NULL;
      g_autofree char *total = NULL;
      g_autofree char *speedup = NULL;
      g_autofree char *cost = NULL;

      gtk_widget_add_css_class (card, "card");
      gtk_widget_set_margin_bottom (card, 2);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_set_tooltip_text (title, g_ptr_array_index (self->run_titles, run));
      gtk_box_append (GTK_BOX (card), title);

      /* Translators: a time in milliseconds in the summary strip. */
      geomean = g_strdup_printf (_("%.1f ms"), totals->geomean_ms);
      total = g_strdup_printf (_("%.1f ms"), totals->total_ms);
      if (run == 0)
        speedup = g_strdup (_("baseline"));
      else if (totals->geomean_band == GLAUX_BENCH_BAND_TIE)
        /* Translators: the speed-up of a run within the tie band: no material winner. */
        speedup = g_strdup_printf (_("%.2f× (tie)"), totals->speedup);
      else
        speedup = g_strdup_printf (totals->speedup >= 1 ? _("%.2f× faster") : _("%.2f× slower"),
                                   totals->speedup >= 1 ? totals->speedup : 1 / totals->speedup);
      gtk_box_append (GTK_BOX (card), summary_line (_("Geomean"), geomean, NULL));
      gtk_box_append (GTK_BOX (card), summary_line (_("Total"), total, NULL));
      if (isfinite (totals->cost_usd))
        {
          cost = glaux_cost_model_format_amount (totals->cost_usd);
          gtk_box_append (GTK_BOX (card), summary_line (_("Cost"), cost, NULL));
        }
      gtk_box_append (GTK_BOX (card),
                      summary_line (_("Speed-up"), speedup,
                                    run > 0 ? band_css_class (totals->geomean_band) : NULL));

      for (child = gtk_widget_get_first_child (card); child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          gtk_widget_set_margin_start (child, 12);
          gtk_widget_set_margin_end (child, 12);
        }
      gtk_widget_set_margin_top (gtk_widget_get_first_child (card), 8);
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (card), 8);
      gtk_box_append (self->summary_box, card);
    }
}

/* The table: one column view row per query; items are GtkStringObjects holding the query id,
 * looked up in self->rows. Column kinds are kept on the factories. */

enum {
  CELL_QUERY,
  CELL_MEDIAN,
  CELL_CHANGE,
};

static const GlauxBenchComparisonRow *
lookup_row (GlauxBenchWindow *self,
            gpointer          item)
{
  return g_hash_table_lookup (self->rows, gtk_string_object_get_string (item));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "glaux-kind"));

  gtk_label_set_xalign (GTK_LABEL (label), kind == CELL_QUERY ? 0 : 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GlauxBenchWindow         *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  int kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "glaux-kind"));
  guint run = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "glaux-run"));
  const GlauxBenchComparisonRow *row = lookup_row (self, gtk_list_item_get_item (item));
  g_autofree char *text = NULL;
  const char *css_class = NULL;

  for (const char * const *c = (const char * const[]){ "success", "warning", "error", NULL }; *c; c++)
    gtk_widget_remove_css_class (label, *c);
  gtk_widget_set_tooltip_text (label, NULL);

  if (row == NULL)
    return;

  switch (kind)
    {
    case CELL_QUERY:
      text = g_strdup (row->query_id);
      if (!row->in_all_runs)
        gtk_widget_set_tooltip_text (label, _("Not in every run: left out of geomean and totals"));
      break;

    case CELL_MEDIAN:
      text = format_ms (row->median_ms[run]);
      break;

    case CELL_CHANGE:
    default:
      if (isfinite (row->change_pct[run]))
        {
          /* Translators: a % change and its band, "+12.3 % · Minor regression". */
          text = g_strdup_printf (_("%+.1f %% · %s"), row->change_pct[run],
                                  glaux_bench_band_describe (row->band[run]));
          css_class = band_css_class (row->band[run]);
        }
      else
        text = g_strdup ("—");
      break;
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

typedef struct
{
  GlauxBenchWindow *self;
  int               kind;
  guint             run;
} SortData;

static int
compare_doubles (double a,
                 double b)
{
  /* Missing values sort last either way round. */
  if (!isfinite (a) || !isfinite (b))
    return isfinite (a) ? -1 : isfinite (b) ? 1 : 0;

  return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_cb (gconstpointer a,
         gconstpointer b,
         gpointer      user_data)
{
  SortData *data = user_data;
  const GlauxBenchComparisonRow *ra = lookup_row (data->self, (gpointer)a);
  const GlauxBenchComparisonRow *rb = lookup_row (data->self, (gpointer)b);

  if (ra == NULL || rb == NULL)
    return 0;

  switch (data->kind)
    {
    case CELL_QUERY:
      return glaux_bench_compare_query_ids (ra->query_id, rb->query_id);

    case CELL_MEDIAN:
      return compare_doubles (ra->median_ms[data->run], rb->median_ms[data->run]);

    case CELL_CHANGE:
    default:
      return compare_doubles (ra->change_pct[data->run], rb->change_pct[data->run]);
    }
}

static void
add_column (GlauxBenchWindow *self,
            const char       *title,
            int               kind,
            guint             run)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;
  SortData *data = g_new0 (SortData, 1);

  g_object_set_data (G_OBJECT (factory), "glaux-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (factory), "glaux-run", GUINT_TO_POINTER (run));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);

  data->self = self;
  data->kind = kind;
  data->run = run;
  sorter = GTK_SORTER (gtk_custom_sorter_new (sort_cb, data, g_free));

  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->table, column);
}

static void
update_table (GlauxBenchWindow *self)
{
  g_autoptr(GtkStringList) ids = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkSortListModel *sorted;
  GListModel *columns = gtk_column_view_get_columns (self->table);
  guint n_runs = glaux_bench_comparison_get_n_runs (self->comparison);

  gtk_column_view_set_model (self->table, NULL);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->table, column);
    }

  g_hash_table_remove_all (self->rows);
  for (guint i = 0; i < glaux_bench_comparison_get_n_rows (self->comparison); i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (self->comparison, i);

      g_hash_table_insert (self->rows, row->query_id, (gpointer)row);
      gtk_string_list_append (ids, row->query_id);
    }

  add_column (self, _("Query"), CELL_QUERY, 0);
  for (guint run = 0; run < n_runs; run++)
    {
      /* Translators: a table header: a run's name and the unit of its medians. */
      g_autofree char *title = g_strdup_printf (_("%s (ms)"), self->run_names[run]);

      add_column (self, title, CELL_MEDIAN, run);
    }
  for (guint run = 1; run < n_runs; run++)
    {
      /* Translators: a table header: a run's change against the baseline. */
      g_autofree char *title = g_strdup_printf (_("%s vs baseline"), self->run_names[run]);

      add_column (self, title, CELL_CHANGE, run);
    }

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_steal_pointer (&ids)),
                                    g_object_ref (gtk_column_view_get_sorter (self->table)));
  selection = gtk_no_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
}

static void
update_charts (GlauxBenchWindow *self)
{
  GlauxBenchRun *baseline = glaux_bench_comparison_get_run (self->comparison, 0);
  const char *benchmark = glaux_bench_run_get_benchmark_name (baseline);
  g_autofree char *bars_title = NULL;
  g_autofree char *changes_title = NULL;
  char sf[G_ASCII_DTOSTR_BUF_SIZE];

  if (benchmark == NULL)
    benchmark = glaux_bench_run_get_benchmark_id (baseline);
  g_ascii_formatd (sf, sizeof sf, "%g", glaux_bench_run_get_scale_factor (baseline));

  /* Translators: chart title; benchmark name and scale factor. */
  bars_title = g_strdup_printf (_("Median per query · %s SF %s"), benchmark, sf);
  /* Translators: chart title; baseline name, benchmark name and scale factor. */
  changes_title = g_strdup_printf (_("Change vs “%s” · %s SF %s"),
                                   self->run_names[0], benchmark, sf);

  glaux_bench_chart_set_run_names (self->bars_chart, (const char * const *)self->run_names);
  glaux_bench_chart_set_run_names (self->diverging_chart, (const char * const *)self->run_names);
  glaux_bench_chart_set_title (self->bars_chart, bars_title);
  glaux_bench_chart_set_title (self->diverging_chart, changes_title);
  glaux_bench_chart_set_comparison (self->bars_chart, self->comparison);
  glaux_bench_chart_set_comparison (self->diverging_chart, self->comparison);
}

static void
set_export_enabled (GlauxBenchWindow *self,
                    gboolean          enabled)
{
  static const char * const actions[] = {
    "bench.export-png", "bench.export-svg", "bench.export-pdf", "bench.export-csv",
    "bench.export-markdown",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
}

/* A run's name in legends, cards and column headers: the user's label, else platform and
 * version ("DuckDB 1.3.2"); the full title stays in tooltips and the baseline choice. */
static char *
dup_short_name (GlauxBenchEntry *entry)
{
  GlauxBenchRun *run = glaux_bench_entry_get_run (entry);
  const char *label = glaux_bench_entry_get_label (entry);
  const char *platform = glaux_bench_run_get_platform_name (run);
  const char *version = glaux_bench_run_get_platform_version (run);

  if (label != NULL && label[0] != '\0')
    return g_strdup (label);
  if (platform == NULL)
    return glaux_bench_entry_dup_title (entry);
  if (version == NULL || g_ascii_strcasecmp (version, "unknown") == 0)
    return g_strdup (platform);

  return g_strdup_printf ("%s %s", platform, version);
}

/* Short names, told apart by their position when two runs would share one. */
static GStrv
dup_run_names (GPtrArray *entries)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = g_new0 (char *, entries->len + 1);

  for (guint i = 0; i < entries->len; i++)
    names[i] = dup_short_name (g_ptr_array_index (entries, i));

  for (guint i = 0; i < entries->len; i++)
    {
      gboolean shared = FALSE;

      for (guint j = 0; j < entries->len; j++)
        shared |= i != j && g_str_equal (names[i], names[j]);

      if (shared)
        {
          /* Translators: a run's name and its position in the comparison, "DuckDB 1.3.2 #2". */
          g_autofree char *numbered = g_strdup_printf (_("%s #%u"), names[i], i + 1);

          g_strv_builder_add (builder, numbered);
        }
      else
        g_strv_builder_add (builder, names[i]);
    }

  return g_strv_builder_end (builder);
}

/* Recomputes the comparison of the ticked runs (pure maths on runs already in memory). */
static void
glaux_bench_window_update (GlauxBenchWindow *self)
{
  g_autoptr(GPtrArray) entries = ordered_compared (self);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->comparison);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->run_names, g_strfreev);
  g_clear_pointer (&self->run_titles, g_ptr_array_unref);

  if (entries->len > 0 && g_ptr_array_index (entries, 0) != self->baseline)
    g_set_object (&self->baseline, g_ptr_array_index (entries, 0));
  if (entries->len == 0)
    g_clear_object (&self->baseline);
  update_baseline_dropdown (self, entries);

  if (entries->len < 2)
    {
      glaux_bench_chart_set_comparison (self->bars_chart, NULL);
      glaux_bench_chart_set_comparison (self->diverging_chart, NULL);
      gtk_stack_set_visible_child_name (self->compare_stack, "empty");
      set_export_enabled (self, FALSE);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      GlauxBenchEntry *entry = g_ptr_array_index (entries, i);

      if (i > 0)
        g_ptr_array_add (others, glaux_bench_entry_get_run (entry));
    }

  self->comparison = glaux_bench_comparison_new (glaux_bench_entry_get_run (g_ptr_array_index (entries, 0)),
                                                 (GlauxBenchRun * const *)others->pdata, others->len,
                                                 &error);
  if (self->comparison == NULL)
    {
      self->refusal = g_strdup (error->message);
      adw_status_page_set_description (self->refused_page, self->refusal);
      glaux_bench_chart_set_comparison (self->bars_chart, NULL);
      glaux_bench_chart_set_comparison (self->diverging_chart, NULL);
      gtk_stack_set_visible_child_name (self->compare_stack, "refused");
      set_export_enabled (self, FALSE);
      return;
    }

  self->run_names = dup_run_names (entries);
  self->run_titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (self->run_titles, glaux_bench_entry_dup_title (g_ptr_array_index (entries, i)));
  update_warnings (self);
  update_summary (self);
  update_table (self);
  update_charts (self);
  gtk_stack_set_visible_child_name (self->compare_stack, "comparison");
  set_export_enabled (self, TRUE);
}

static void
view_toggled_cb (GlauxBenchWindow *self)
{
  gboolean times = gtk_toggle_button_get_active (self->times_button);

  gtk_stack_set_visible_child_name (self->chart_stack, times ? "times" : "changes");
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_button), times);
}

static void
show_times_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_toggle_button_set_active (GLAUX_BENCH_WINDOW (widget)->times_button, TRUE);
}

static void
show_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_toggle_button_set_active (GLAUX_BENCH_WINDOW (widget)->changes_button, TRUE);
}

/* Export of the comparison */

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value,
            int      decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    return;

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

/**
 * glaux_bench_window_format_csv:
 * @run_names: (nullable): column names of the runs; NULL: each run's label
 *
 * Returns: (transfer full): one line per query, empty cells where a value is missing; numbers
 *   with a dot and the precision of the table (milliseconds to 3 places, % to 2)
 */
char *
glaux_bench_window_format_csv (GlauxBenchComparison *comparison,
                               const char * const   *run_names)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_runs;

  g_return_val_if_fail (GLAUX_IS_BENCH_COMPARISON (comparison), NULL);

  n_runs = glaux_bench_comparison_get_n_runs (comparison);
  csv_field (out, "query");
  for (guint pass = 0; pass < 3; pass++)
    for (guint run = pass == 0 ? 0 : 1; run < n_runs; run++)
      {
        g_autofree char *name = run_names != NULL ? g_strdup (run_names[run])
                                                  : glaux_bench_run_dup_label (glaux_bench_comparison_get_run (comparison, run));
        g_autofree char *header = g_strdup_printf (pass == 0 ? "%s median_ms" :
                                                   pass == 1 ? "%s change_pct" : "%s band", name);

        g_string_append_c (out, ',');
        csv_field (out, header);
      }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < glaux_bench_comparison_get_n_rows (comparison); i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (comparison, i);

      csv_field (out, row->query_id);
      for (guint run = 0; run < n_runs; run++)
        {
          g_string_append_c (out, ',');
          csv_number (out, row->median_ms[run], 3);
        }
      for (guint run = 1; run < n_runs; run++)
        {
          g_string_append_c (out, ',');
          csv_number (out, row->change_pct[run], 2);
        }
      for (guint run = 1; run < n_runs; run++)
        {
          const char *band = glaux_bench_band_to_string (row->band[run]);

          g_string_append_c (out, ',');
          if (band != NULL)
            g_string_append (out, band);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
chart_exported_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!glaux_bench_chart_export_finish (GLAUX_BENCH_CHART (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
glaux_bench_window_export_async (GlauxBenchWindow       *self,
                                 GlauxBenchExportFormat  format,
                                 GFile                  *file,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  GlauxBenchChart *chart;

  g_return_if_fail (GLAUX_IS_BENCH_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_bench_window_export_async);

  if (self->comparison == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Nothing to export: tick two or more comparable runs first"));
      return;
    }

  chart = gtk_toggle_button_get_active (self->times_button) ? self->bars_chart : self->diverging_chart;
  switch (format)
    {
    case GLAUX_BENCH_EXPORT_PNG:
    case GLAUX_BENCH_EXPORT_SVG:
    case GLAUX_BENCH_EXPORT_PDF:
      glaux_bench_chart_export_async (chart,
                                      format == GLAUX_BENCH_EXPORT_PNG ? GLAUX_CHART_IMAGE_PNG :
                                      format == GLAUX_BENCH_EXPORT_SVG ? GLAUX_CHART_IMAGE_SVG :
                                      GLAUX_CHART_IMAGE_PDF,
                                      file, EXPORT_WIDTH, EXPORT_HEIGHT, cancellable,
                                      chart_exported_cb, g_steal_pointer (&task));
      return;

    case GLAUX_BENCH_EXPORT_CSV:
      text = glaux_bench_window_format_csv (self->comparison, (const char * const *)self->run_names);
      break;

    case GLAUX_BENCH_EXPORT_MARKDOWN:
    default:
      if (self->report_func == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("Markdown export is not available in this window"));
          return;
        }
      text = self->report_func (self->comparison);
      break;
    }

  {
    gsize length = strlen (text);

    bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable, write_cb,
                                       g_steal_pointer (&task));
}

gboolean
glaux_bench_window_export_finish (GlauxBenchWindow  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const struct
{
  const char *extension;
  const char *mime_type;
  const char *filter_name;
  const char *title;
} export_kinds[] = {
  [GLAUX_BENCH_EXPORT_PNG] = { "png", "image/png", N_("PNG images"), N_("Export Chart as PNG") },
  [GLAUX_BENCH_EXPORT_SVG] = { "svg", "image/svg+xml", N_("SVG images"), N_("Export Chart as SVG") },
  [GLAUX_BENCH_EXPORT_PDF] = { "pdf", "application/pdf", N_("PDF documents"), N_("Export Chart as PDF") },
  [GLAUX_BENCH_EXPORT_CSV] = { "csv", "text/csv", N_("CSV files"), N_("Export Table as CSV") },
  [GLAUX_BENCH_EXPORT_MARKDOWN] = { "md", "text/markdown", N_("Markdown files"), N_("Export Table as Markdown") },
};

static void
export_response_cb (GlauxBenchWindow     *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  GlauxBenchExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "glaux-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    glaux_bench_window_export_async (self, format, file, self->cancellable, exported_cb, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlauxBenchWindow *self = GLAUX_BENCH_WINDOW (widget);
  GlauxBenchExportFormat format;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (g_str_equal (action_name, "bench.export-png"))
    format = GLAUX_BENCH_EXPORT_PNG;
  else if (g_str_equal (action_name, "bench.export-svg"))
    format = GLAUX_BENCH_EXPORT_SVG;
  else if (g_str_equal (action_name, "bench.export-pdf"))
    format = GLAUX_BENCH_EXPORT_PDF;
  else if (g_str_equal (action_name, "bench.export-csv"))
    format = GLAUX_BENCH_EXPORT_CSV;
  else
    format = GLAUX_BENCH_EXPORT_MARKDOWN;

  chooser = new_chooser (self, _(export_kinds[format].title), GTK_FILE_CHOOSER_ACTION_SAVE,
                         _("_Export"), _(export_kinds[format].filter_name),
                         export_kinds[format].mime_type);
  name = g_strdup_printf ("%s.%s", format <= GLAUX_BENCH_EXPORT_PDF ? "benchmark-chart" : "benchmark-comparison",
                          export_kinds[format].extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "glaux-format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Recording */

static void
recorded_cb (GlauxRecordRunDialog *dialog,
             GlauxBenchEntry      *entry,
             GlauxBenchWindow     *self)
{
  /* The new run is ticked with what was compared, so it shows against it at once. */
  g_hash_table_add (self->compared, g_object_ref (entry));
  sync_checks (self);
  glaux_bench_window_update (self);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlauxBenchWindow *self = GLAUX_BENCH_WINDOW (widget);
  GlauxRecordRunDialog *dialog;

  if (self->library == NULL)
    return;

  dialog = glaux_record_run_dialog_new (GTK_WINDOW (self), self->connections, self->library);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (recorded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The library */

static void
library_changed_cb (GlauxBenchWindow *self,
                    guint             position,
                    guint             removed,
                    guint             added)
{
  GListModel *model = G_LIST_MODEL (self->library);
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;
  gboolean dropped = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxBenchEntry) entry = g_list_model_get_item (model, i);

      g_hash_table_add (present, entry);
    }

  /* A removed run is no longer compared. */
  g_hash_table_iter_init (&iter, self->compared);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      {
        g_hash_table_iter_remove (&iter);
        dropped = TRUE;
      }
  if (self->baseline != NULL && !g_hash_table_contains (present, self->baseline))
    g_clear_object (&self->baseline);

  gtk_stack_set_visible_child_name (self->library_stack,
                                    g_list_model_get_n_items (model) > 0 ? "runs" : "empty");
  update_details (self);
  if (dropped)
    glaux_bench_window_update (self);
}

static void
library_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GlauxBenchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GlauxBenchLibrary *library = glaux_bench_library_new_finish (result, &error);

  if (library == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      text = g_strdup_printf (_("Could not open the run library: %s"), error->message);
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->library_stack, "empty")),
                                 _("Run Library Unavailable"));
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->library_stack, "empty")),
                                       text);
      gtk_stack_set_visible_child_name (self->library_stack, "empty");
      show_toast (self, text);
      return;
    }

  self->library = library;
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (library)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (update_details),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->run_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (library, "items-changed", G_CALLBACK (library_changed_cb), self,
                           G_CONNECT_SWAPPED);
  library_changed_cb (self, 0, 0, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bench.record", TRUE);

  glaux_bench_window_import_next (self);
}

/* GObject */

static void
glaux_bench_window_dispose (GObject *object)
{
  GlauxBenchWindow *self = (GlauxBenchWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_BENCH_WINDOW);

  g_queue_clear_full (&self->pending, g_object_unref);
  g_clear_pointer (&self->compared, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_object (&self->baseline);
  g_clear_object (&self->comparison);
  g_clear_object (&self->selection);
  g_clear_object (&self->library);
  g_clear_object (&self->connections);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (glaux_bench_window_parent_class)->dispose (object);
}

static void
glaux_bench_window_finalize (GObject *object)
{
  GlauxBenchWindow *self = (GlauxBenchWindow *)object;

  g_free (self->library_path);
  g_free (self->refusal);
  g_strfreev (self->run_names);
  g_clear_pointer (&self->run_titles, g_ptr_array_unref);

  G_OBJECT_CLASS (glaux_bench_window_parent_class)->finalize (object);
}

static void
glaux_bench_window_class_init (GlauxBenchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_bench_window_dispose;
  object_class->finalize = glaux_bench_window_finalize;

  g_type_ensure (GLAUX_TYPE_BENCH_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-bench-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, library_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, library_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, run_list);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, details_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, details_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, label_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, notes_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, compare_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, refused_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, summary_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, times_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, changes_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, log_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, baseline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, bars_chart);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, diverging_chart);
  gtk_widget_class_bind_template_child (widget_class, GlauxBenchWindow, table);

  gtk_widget_class_install_action (widget_class, "bench.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "bench.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "bench.export-png", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "bench.export-svg", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "bench.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "bench.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "bench.export-markdown", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "bench.show-times", NULL, show_times_action);
  gtk_widget_class_install_action (widget_class, "bench.show-changes", NULL, show_changes_action);
  gtk_widget_class_install_action (widget_class, "bench.export-run", NULL, export_run_action);
  gtk_widget_class_install_action (widget_class, "bench.remove-run", NULL, remove_run_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "bench.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "bench.remove-run", NULL);
}

static void
glaux_bench_window_init (GlauxBenchWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *drop;

  self->cancellable = g_cancellable_new ();
  self->compared = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->checks = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->pending);

  gtk_widget_init_template (GTK_WIDGET (self));
  glaux_ui_spin_while_mapped (self->library_spinner);

  g_signal_connect_object (factory, "setup", G_CALLBACK (run_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (run_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (run_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->run_list, factory);

  g_signal_connect_object (self->label_row, "apply", G_CALLBACK (label_applied_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notes_row, "apply", G_CALLBACK (notes_applied_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->times_button, "toggled", G_CALLBACK (view_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->baseline_dropdown, "notify::selected",
                           G_CALLBACK (baseline_selected_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->log_button, "active", self->bars_chart, "log-scale",
                          G_BINDING_SYNC_CREATE);

  /* Files dropped anywhere on the window are imported. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->library_stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bench.record", FALSE);
  set_export_enabled (self, FALSE);
  update_details (self);
}

GlauxBenchWindow *
glaux_bench_window_new (GtkApplication      *application,
                        GlauxConnectionList *connections,
                        const char          *library_path)
{
  GlauxBenchWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (connections == NULL || GLAUX_IS_CONNECTION_LIST (connections), NULL);

  self = g_object_new (GLAUX_TYPE_BENCH_WINDOW, "application", application, NULL);
  g_set_object (&self->connections, connections);
  self->library_path = g_strdup (library_path);
  glaux_bench_library_new_async (self->library_path, self->cancellable, library_opened_cb,
                                 g_object_ref (self));

  return self;
}

/**
 * glaux_bench_window_set_report_func:
 * @func: formats the Markdown report of a comparison (glaux_compare_command_format())
 *
 * The window lives below the application, which owns the command line's report: it hands the
 * formatter down so the Markdown export prints the very same numbers.
 */
void
glaux_bench_window_set_report_func (GlauxBenchWindow     *self,
                                    GlauxBenchReportFunc  func)
{
  g_return_if_fail (GLAUX_IS_BENCH_WINDOW (self));

  self->report_func = func;
}

GlauxBenchLibrary *
glaux_bench_window_get_library (GlauxBenchWindow *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_WINDOW (self), NULL);

  return self->library;
}

void
glaux_bench_window_import_files (GlauxBenchWindow  *self,
                                 GFile            **files,
                                 guint              n_files)
{
  g_return_if_fail (GLAUX_IS_BENCH_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    g_queue_push_tail (&self->pending, g_object_ref (files[i]));

  glaux_bench_window_import_next (self);
}

void
glaux_bench_window_set_compared (GlauxBenchWindow  *self,
                                 GlauxBenchEntry  **entries,
                                 guint              n_entries)
{
  g_return_if_fail (GLAUX_IS_BENCH_WINDOW (self));

  g_hash_table_remove_all (self->compared);
  for (guint i = 0; i < n_entries; i++)
    g_hash_table_add (self->compared, g_object_ref (entries[i]));
  g_clear_object (&self->baseline);
  if (n_entries > 0)
    self->baseline = g_object_ref (entries[0]);

  sync_checks (self);
  glaux_bench_window_update (self);
}

GlauxBenchComparison *
glaux_bench_window_get_comparison (GlauxBenchWindow *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_WINDOW (self), NULL);

  return self->comparison;
}

const char *
glaux_bench_window_get_refusal (GlauxBenchWindow *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_WINDOW (self), NULL);

  return self->refusal;
}
