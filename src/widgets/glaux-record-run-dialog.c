/* glaux-record-run-dialog.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-record-run-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "glaux-bench-recorder.h"
#include "glaux-query-set.h"
#include "glaux-record-run-dialog.h"
#include "glaux-session-monitor.h"
#include "glaux-start-session-dialog.h"
#include "glaux-tpch.h"
#include "glaux-ui-util.h"

/* How often the list of idle sessions is read again from the monitor's model. */
#define REFRESH_MS 500

enum {
  SOURCE_TPCH,
  SOURCE_FOLDER,
};

static const double scale_factors[] = { 0.01, 0.1 };

struct _GlauxRecordRunDialog
{
  AdwWindow             parent_instance;

  /* Owned References */
  GlauxConnectionList  *connections;
  GlauxBenchLibrary    *library;
  GlauxConnection      *connection;
  GlauxSessionMonitor  *monitor;
  GtkStringList        *workgroup_names;
  GtkStringList        *session_names;
  GPtrArray            *session_ids;
  char                 *wanted_workgroup;
  char                 *wanted_session;
  GFile                *folder;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  GlauxBenchRecorder   *recorder;
  GlauxQuerySet        *query_set;
  GHashTable           *query_rows;     /* query id → AdwActionRow */
  GHashTable           *query_times;    /* query id → GString of its times so far */
  guint                 refresh_id;

  /* Template Widgets */
  GtkWidget            *error_group;
  GtkLabel             *error_label;
  GtkWidget            *where_group;
  GtkWidget            *queries_group;
  GtkWidget            *measure_group;
  GtkWidget            *progress_group;
  AdwComboRow          *connection_row;
  AdwComboRow          *workgroup_row;
  AdwComboRow          *session_row;
  AdwComboRow          *source_row;
  AdwComboRow          *scale_row;
  AdwEntryRow          *subset_row;
  AdwActionRow         *folder_row;
  GtkSpinButton        *iterations_spin;
  GtkButton            *record_button;
  GtkButton            *stop_button;
  GtkProgressBar       *progress_bar;
  GtkLabel             *status_label;
  GtkListBox           *query_list;

  guint                 running : 1;
  guint                 updating : 1;
};

G_DEFINE_FINAL_TYPE (GlauxRecordRunDialog, glaux_record_run_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error (GlauxRecordRunDialog *self,
           const char           *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->error_group, text != NULL);
}

static gboolean
is_local (GlauxRecordRunDialog *self)
{
  return self->connection != NULL &&
         glaux_connection_get_kind (self->connection) == GLAUX_CONNECTION_KIND_LOCAL;
}

static gboolean
is_tpch (GlauxRecordRunDialog *self)
{
  return adw_combo_row_get_selected (self->source_row) == SOURCE_TPCH;
}

static const char *
selected_session (GlauxRecordRunDialog *self)
{
  guint index = adw_combo_row_get_selected (self->session_row);

  if (self->session_ids == NULL || index >= self->session_ids->len)
    return NULL;

  return g_ptr_array_index (self->session_ids, index);
}

static void
update_controls (GlauxRecordRunDialog *self)
{
  gboolean tpch = is_tpch (self);

  gtk_widget_set_visible (GTK_WIDGET (self->scale_row), tpch && is_local (self));
  gtk_widget_set_visible (GTK_WIDGET (self->subset_row), tpch);
  gtk_widget_set_visible (GTK_WIDGET (self->folder_row), !tpch);

  /* The one-click path says what it does. */
  gtk_button_set_label (self->record_button, tpch ? _("_Run TPC-H") : _("_Record"));
  gtk_widget_set_visible (GTK_WIDGET (self->record_button), !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->running);
  gtk_widget_set_sensitive (self->where_group, !self->running);
  gtk_widget_set_sensitive (self->queries_group, !self->running);
  gtk_widget_set_sensitive (self->measure_group, !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.start",
                                 !self->running && selected_session (self) != NULL &&
                                 (tpch || self->folder != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.stop", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.start-session",
                                 !self->running && self->monitor != NULL);
}

/* Sessions and workgroups */

static void
update_sessions (GlauxRecordRunDialog *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *previous = selected_session (self);
  g_autofree char *keep = g_strdup (self->wanted_session != NULL ? self->wanted_session : previous);
  gboolean same = self->session_ids != NULL;
  guint selected = GTK_INVALID_LIST_POSITION;
  GListModel *sessions;

  if (self->monitor == NULL)
    return;

  sessions = glaux_session_monitor_get_sessions (self->monitor);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlauxSessionWatch) watch = g_list_model_get_item (sessions, i);
      GlauxSession *session = glaux_session_watch_get_session (watch);

      if (glaux_session_get_state (session) != GLAUX_SESSION_STATE_IDLE)
        continue;

      g_ptr_array_add (ids, g_strdup (glaux_session_get_id (session)));
      g_ptr_array_add (names, g_strdup (glaux_session_get_display_name (session)));
    }

  same = same && ids->len == self->session_ids->len;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_str_equal (g_ptr_array_index (ids, i), g_ptr_array_index (self->session_ids, i));
  if (same)
    return;

  for (guint i = 0; i < ids->len; i++)
    if (keep != NULL && g_str_equal (g_ptr_array_index (ids, i), keep))
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION && ids->len > 0 && self->wanted_session == NULL)
    selected = 0;
  if (selected != GTK_INVALID_LIST_POSITION && self->wanted_session != NULL)
    g_clear_pointer (&self->wanted_session, g_free);

  g_ptr_array_add (names, NULL);
  g_clear_pointer (&self->session_ids, g_ptr_array_unref);
  self->session_ids = g_steal_pointer (&ids);
  self->updating = TRUE;
  g_clear_object (&self->session_names);
  self->session_names = gtk_string_list_new ((const char * const *)names->pdata);
  adw_combo_row_set_model (self->session_row, G_LIST_MODEL (self->session_names));
  adw_combo_row_set_selected (self->session_row, selected);
  self->updating = FALSE;

  update_controls (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  update_sessions (user_data);

  return G_SOURCE_CONTINUE;
}

static void
workgroup_selected_cb (GlauxRecordRunDialog *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->workgroup_row);

  if (self->updating || item == NULL || self->monitor == NULL)
    return;

  glaux_session_monitor_set_workgroup (self->monitor, gtk_string_object_get_string (item));
  update_sessions (self);
}

static void
workgroups_changed_cb (GlauxRecordRunDialog *self)
{
  GListModel *workgroups = glaux_session_monitor_get_workgroups (self->monitor);
  const char *current = glaux_session_monitor_get_workgroup (self->monitor);
  g_autofree char *keep = g_strdup (self->wanted_workgroup != NULL ? self->wanted_workgroup : current);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (workgroups); i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (workgroups, i);

      if (!glaux_workgroup_get_is_spark (workgroup))
        continue;
      if (keep != NULL && g_str_equal (keep, glaux_workgroup_get_name (workgroup)))
        selected = g_list_model_get_n_items (G_LIST_MODEL (names));
      gtk_string_list_append (names, glaux_workgroup_get_name (workgroup));
    }
  if (selected == GTK_INVALID_LIST_POSITION && g_list_model_get_n_items (G_LIST_MODEL (names)) > 0)
    selected = 0;

  self->updating = TRUE;
  g_set_object (&self->workgroup_names, names);
  adw_combo_row_set_model (self->workgroup_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->workgroup_row, selected);
  self->updating = FALSE;
  workgroup_selected_cb (self);
}

static void
release_monitor (GlauxRecordRunDialog *self)
{
  if (self->monitor == NULL)
    return;

  g_signal_handlers_disconnect_by_data (glaux_session_monitor_get_workgroups (self->monitor), self);
  glaux_session_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
}

static void
use_connection (GlauxRecordRunDialog *self,
                GlauxConnection      *connection)
{
  if (connection == self->connection)
    return;

  release_monitor (self);
  g_set_object (&self->connection, connection);
  g_clear_pointer (&self->session_ids, g_ptr_array_unref);

  if (connection != NULL)
    {
      /* The shared monitor: starting it connects the connection when needed. */
      self->monitor = glaux_session_monitor_dup_for_connection (connection);
      glaux_session_monitor_start (self->monitor);
      g_signal_connect_object (glaux_session_monitor_get_workgroups (self->monitor), "items-changed",
                               G_CALLBACK (workgroups_changed_cb), self, G_CONNECT_SWAPPED);
      workgroups_changed_cb (self);
    }

  update_controls (self);
}

static void
connection_selected_cb (GlauxRecordRunDialog *self)
{
  if (!self->updating)
    use_connection (self, adw_combo_row_get_selected_item (self->connection_row));
}

static void
session_started_cb (GlauxStartSessionDialog *dialog,
                    GlauxSession            *session,
                    GlauxRecordRunDialog    *self)
{
  g_free (self->wanted_session);
  self->wanted_session = g_strdup (glaux_session_get_id (session));
  if (self->monitor != NULL)
    glaux_session_monitor_add_session (self->monitor, session);
}

static void
start_session_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GlauxRecordRunDialog *self = GLAUX_RECORD_RUN_DIALOG (widget);
  GlauxStartSessionDialog *dialog;

  if (self->monitor == NULL)
    return;

  dialog = glaux_start_session_dialog_new (GTK_WINDOW (self), self->connection,
                                           glaux_session_monitor_get_workgroups (self->monitor),
                                           glaux_session_monitor_get_workgroup (self->monitor));
  g_signal_connect_object (dialog, "started", G_CALLBACK (session_started_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The folder of queries */

static void
folder_response_cb (GlauxRecordRunDialog *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (folder == NULL)
    return;

  g_set_object (&self->folder, folder);
  {
    g_autofree char *name = g_file_get_parse_name (folder);

    adw_action_row_set_subtitle (self->folder_row, name);
  }
  update_controls (self);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GlauxRecordRunDialog *self = GLAUX_RECORD_RUN_DIALOG (widget);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (_("Choose a Folder of Queries"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (folder_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Recording */

static void
finish_running (GlauxRecordRunDialog *self,
                const char           *status)
{
  self->running = FALSE;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recorder);
  gtk_label_set_text (self->status_label, status);
  update_controls (self);
}

static void
fail (GlauxRecordRunDialog *self,
      const GError         *error,
      const char           *what)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_running (self, _("Stopped. Nothing was added to the run library."));
      return;
    }

  message = glaux_ui_format_error (error);
  /* Translators: what failed ("Could not record the run"), then why. */
  text = g_strdup_printf ("%s: %s", what, message);
  set_error (self, text);
  finish_running (self, text);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GlauxRecordRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxBenchEntry) entry = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  gboolean already_present = FALSE;

  entry = glaux_bench_library_add_finish (GLAUX_BENCH_LIBRARY (object), result, &already_present,
                                          &error);
  if (entry == NULL)
    {
      fail (self, error, _("Could not add the run to the run library"));
      return;
    }

  title = glaux_bench_entry_dup_title (entry);
  /* Translators: the recorded run's title. */
  text = g_strdup_printf (_("Done. The run is in the run library as “%s”."), title);
  gtk_progress_bar_set_fraction (self->progress_bar, 1);
  finish_running (self, text);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0, entry);
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GlauxRecordRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;

  document = glaux_bench_recorder_run_finish (GLAUX_BENCH_RECORDER (object), result, &error);
  if (document == NULL)
    {
      fail (self, error, _("Could not record the run"));
      return;
    }

  gtk_label_set_text (self->status_label, _("Adding the run to the run library…"));
  glaux_bench_library_add_json_async (self->library, document, GLAUX_BENCH_ORIGIN_RECORDED, NULL,
                                      self->cancellable, added_cb, g_object_ref (self));
}

static char *
query_title (const char *query_id)
{
  return g_ascii_isdigit (query_id[0]) ? g_strdup_printf ("Q%s", query_id) : g_strdup (query_id);
}

static void
execution_started_cb (GlauxBenchRecorder   *recorder,
                      const char           *query_id,
                      guint                 iteration,
                      GlauxRecordRunDialog *self)
{
  g_autofree char *title = query_title (query_id);
  g_autofree char *text = NULL;
  guint iterations = (guint)gtk_spin_button_get_value_as_int (self->iterations_spin);

  if (iteration == 0)
    /* Translators: progress, "Q3: warm-up". */
    text = g_strdup_printf (_("%s: warm-up"), title);
  else
    /* Translators: progress, "Q3: iteration 2 of 3". */
    text = g_strdup_printf (_("%s: iteration %u of %u"), title, iteration, iterations);
  gtk_label_set_text (self->status_label, text);
}

static void
execution_finished_cb (GlauxBenchRecorder   *recorder,
                       const char           *query_id,
                       guint                 iteration,
                       const char           *status,
                       double                ms,
                       GlauxRecordRunDialog *self)
{
  AdwActionRow *row = g_hash_table_lookup (self->query_rows, query_id);
  GString *times = g_hash_table_lookup (self->query_times, query_id);
  guint done = glaux_bench_recorder_get_n_done (recorder);
  guint total = glaux_bench_recorder_get_n_total (recorder);

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double)done / total);

  if (row == NULL || times == NULL)
    return;

  if (times->len > 0)
    g_string_append (times, ", ");
  if (iteration == 0)
    g_string_append (times, _("warm-up "));
  if (isfinite (ms))
    g_string_append_printf (times, _("%.0f ms"), ms);
  else
    g_string_append (times, "—");
  if (g_ascii_strcasecmp (status, "SUCCESS") != 0 && g_ascii_strcasecmp (status, "COMPLETED") != 0)
    g_string_append_printf (times, " (%s)", status);
  adw_action_row_set_subtitle (row, times->str);
}

static void
start_recorder (GlauxRecordRunDialog *self)
{
  guint iterations = (guint)gtk_spin_button_get_value_as_int (self->iterations_spin);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->query_list))) != NULL)
    gtk_list_box_remove (self->query_list, child);
  g_hash_table_remove_all (self->query_rows);
  g_hash_table_remove_all (self->query_times);

  for (guint i = 0; i < glaux_query_set_get_n_queries (self->query_set); i++)
    {
      const char *id = glaux_query_set_get_id (self->query_set, i);
      g_autofree char *title = query_title (id);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Waiting"));
      gtk_list_box_append (self->query_list, row);
      g_hash_table_insert (self->query_rows, g_strdup (id), row);
      g_hash_table_insert (self->query_times, g_strdup (id), g_string_new (NULL));
    }

  self->recorder = glaux_bench_recorder_new (self->connection, selected_session (self),
                                             self->query_set, iterations);
  if (is_tpch (self) && is_local (self))
    glaux_bench_recorder_set_scale_factor (self->recorder,
                                           scale_factors[MIN (adw_combo_row_get_selected (self->scale_row), 1)]);
  g_signal_connect_object (self->recorder, "execution-started", G_CALLBACK (execution_started_cb),
                           self, 0);
  g_signal_connect_object (self->recorder, "execution-finished",
                           G_CALLBACK (execution_finished_cb), self, 0);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->status_label, _("Starting…"));
  glaux_bench_recorder_run_async (self->recorder, self->cancellable, recorded_cb,
                                  g_object_ref (self));
}

static void
tpch_progress_cb (double      fraction,
                  const char *table,
                  gpointer    user_data)
{
  GlauxRecordRunDialog *self = user_data;
  g_autofree char *text = NULL;

  /* Translators: TPC-H data generation, "Loading TPC-H data: lineitem". */
  text = g_strdup_printf (_("Loading TPC-H data: %s"), table);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_label_set_text (self->status_label, text);
}

static void
tpch_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlauxRecordRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_tpch_load_finish (result, NULL, &error))
    {
      fail (self, error, _("Could not load the TPC-H data"));
      return;
    }

  start_recorder (self);
}

static void
folder_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlauxRecordRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->query_set = glaux_query_set_new_from_folder_finish (result, &error);
  if (self->query_set == NULL)
    {
      fail (self, error, _("Could not read the queries"));
      return;
    }

  start_recorder (self);
}

/* "1, 3 q6" → the TPC-H ids; FALSE with a message for anything not in 1..22. */
static gboolean
parse_subset (const char  *text,
              GStrv       *ids,
              GError     **error)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,;]+", text, 0, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *id = NULL;
      guint64 number = 0;

      if (parts[i][0] == '\0')
        continue;
      id = glaux_bench_normalize_query_id (parts[i]);
      if (!g_ascii_string_to_unsigned (id, 10, 1, GLAUX_TPCH_N_QUERIES, &number, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a TPC-H query: give numbers from 1 to 22, e.g. “1, 3, 6”"),
                       parts[i]);
          return FALSE;
        }
      g_free (id);
      id = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
      g_strv_builder_add (builder, id);
    }

  *ids = g_strv_builder_end (builder);

  return TRUE;
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GlauxRecordRunDialog *self = GLAUX_RECORD_RUN_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->running || selected_session (self) == NULL)
    return;

  set_error (self, NULL);
  g_clear_object (&self->query_set);

  if (is_tpch (self))
    {
      g_auto(GStrv) ids = NULL;
      g_autoptr(GlauxQuerySet) all = glaux_query_set_new_tpch ();

      if (!parse_subset (gtk_editable_get_text (GTK_EDITABLE (self->subset_row)), &ids, &error))
        {
          set_error (self, error->message);
          return;
        }
      self->query_set = ids[0] != NULL ? glaux_query_set_filter (all, (const char * const *)ids)
                                       : g_object_ref (all);
    }

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->progress_group, TRUE);
  update_controls (self);

  if (self->query_set == NULL)
    {
      gtk_label_set_text (self->status_label, _("Reading the queries…"));
      glaux_query_set_new_from_folder_async (self->folder, self->cancellable, folder_read_cb,
                                             g_object_ref (self));
    }
  else if (is_local (self) && glaux_connection_get_local_catalog_path (self->connection) != NULL)
    {
      /* Generated only when another scale factor (or none) is loaded; else it returns at once. */
      gtk_label_set_text (self->status_label, _("Checking the TPC-H data…"));
      glaux_tpch_load_async (glaux_connection_get_local_catalog_path (self->connection),
                             scale_factors[MIN (adw_combo_row_get_selected (self->scale_row), 1)],
                             self->cancellable, tpch_progress_cb, g_object_ref (self),
                             g_object_unref, tpch_loaded_cb, g_object_ref (self));
    }
  else
    start_recorder (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlauxRecordRunDialog *self = GLAUX_RECORD_RUN_DIALOG (widget);

  if (self->cancellable != NULL)
    {
      gtk_label_set_text (self->status_label, _("Stopping…"));
      g_cancellable_cancel (self->cancellable);
    }
}

/* GObject */

static gboolean
glaux_record_run_dialog_close_request (GtkWindow *window)
{
  GlauxRecordRunDialog *self = GLAUX_RECORD_RUN_DIALOG (window);

  /* Closing stops the run: the recorder stops the running calculation itself. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (glaux_record_run_dialog_parent_class)->close_request (window);
}

static void
glaux_record_run_dialog_dispose (GObject *object)
{
  GlauxRecordRunDialog *self = (GlauxRecordRunDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  release_monitor (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_RECORD_RUN_DIALOG);

  g_clear_object (&self->connections);
  g_clear_object (&self->library);
  g_clear_object (&self->connection);
  g_clear_object (&self->workgroup_names);
  g_clear_object (&self->session_names);
  g_clear_pointer (&self->session_ids, g_ptr_array_unref);
  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recorder);
  g_clear_object (&self->query_set);
  g_clear_pointer (&self->query_rows, g_hash_table_unref);
  g_clear_pointer (&self->query_times, g_hash_table_unref);

  G_OBJECT_CLASS (glaux_record_run_dialog_parent_class)->dispose (object);
}

static void
glaux_record_run_dialog_finalize (GObject *object)
{
  GlauxRecordRunDialog *self = (GlauxRecordRunDialog *)object;

  g_free (self->wanted_workgroup);
  g_free (self->wanted_session);

  G_OBJECT_CLASS (glaux_record_run_dialog_parent_class)->finalize (object);
}

static void
glaux_record_run_dialog_class_init (GlauxRecordRunDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = glaux_record_run_dialog_dispose;
  object_class->finalize = glaux_record_run_dialog_finalize;
  window_class->close_request = glaux_record_run_dialog_close_request;

  /**
   * GlauxRecordRunDialog::recorded:
   * @entry: the run, now in the library
   */
  signals[SIGNAL_RECORDED] =
    g_signal_new ("recorded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLAUX_TYPE_BENCH_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-record-run-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, where_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, queries_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, measure_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, connection_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, workgroup_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, session_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, subset_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, iterations_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxRecordRunDialog, query_list);

  gtk_widget_class_install_action (widget_class, "record.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "record.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "record.start-session", NULL, start_session_action);
  gtk_widget_class_install_action (widget_class, "record.choose-folder", NULL, choose_folder_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
glaux_record_run_dialog_init (GlauxRecordRunDialog *self)
{
  self->query_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->query_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             string_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_expression (self->connection_row,
                                gtk_property_expression_new (GLAUX_TYPE_CONNECTION, NULL, "title"));
  adw_combo_row_set_expression (self->workgroup_row,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  adw_combo_row_set_expression (self->session_row,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  g_signal_connect_object (self->connection_row, "notify::selected",
                           G_CALLBACK (connection_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workgroup_row, "notify::selected",
                           G_CALLBACK (workgroup_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session_row, "notify::selected",
                           G_CALLBACK (update_controls), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_row, "notify::selected",
                           G_CALLBACK (update_controls), self, G_CONNECT_SWAPPED);

  self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
  update_controls (self);
}

GlauxRecordRunDialog *
glaux_record_run_dialog_new (GtkWindow           *parent,
                             GlauxConnectionList *connections,
                             GlauxBenchLibrary   *library)
{
  GlauxRecordRunDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (connections == NULL || GLAUX_IS_CONNECTION_LIST (connections), NULL);
  g_return_val_if_fail (GLAUX_IS_BENCH_LIBRARY (library), NULL);

  self = g_object_new (GLAUX_TYPE_RECORD_RUN_DIALOG, "transient-for", parent, NULL);
  self->library = g_object_ref (library);

  if (connections != NULL)
    {
      GlauxConnection *local = glaux_connection_list_get_local (connections);
      GListModel *model = G_LIST_MODEL (connections);

      self->connections = g_object_ref (connections);
      self->updating = TRUE;
      adw_combo_row_set_model (self->connection_row, model);
      self->updating = FALSE;

      /* This computer first: it is where TPC-H runs in one click. */
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GlauxConnection) connection = g_list_model_get_item (model, i);

          if (connection == local)
            {
              self->updating = TRUE;
              adw_combo_row_set_selected (self->connection_row, i);
              self->updating = FALSE;
            }
        }
      use_connection (self, adw_combo_row_get_selected_item (self->connection_row));
    }

  return self;
}

void
glaux_record_run_dialog_set_connection (GlauxRecordRunDialog *self,
                                        GlauxConnection      *connection)
{
  g_return_if_fail (GLAUX_IS_RECORD_RUN_DIALOG (self));
  g_return_if_fail (GLAUX_IS_CONNECTION (connection));

  if (self->connections == NULL)
    {
      g_autoptr(GListStore) store = g_list_store_new (GLAUX_TYPE_CONNECTION);

      g_list_store_append (store, connection);
      self->updating = TRUE;
      adw_combo_row_set_model (self->connection_row, G_LIST_MODEL (store));
      self->updating = FALSE;
    }
  else
    {
      GListModel *model = G_LIST_MODEL (self->connections);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GlauxConnection) item = g_list_model_get_item (model, i);

          if (item == connection)
            {
              self->updating = TRUE;
              adw_combo_row_set_selected (self->connection_row, i);
              self->updating = FALSE;
            }
        }
    }

  use_connection (self, connection);
}

void
glaux_record_run_dialog_set_session (GlauxRecordRunDialog *self,
                                     const char           *workgroup,
                                     const char           *session_id)
{
  g_return_if_fail (GLAUX_IS_RECORD_RUN_DIALOG (self));

  g_free (self->wanted_workgroup);
  self->wanted_workgroup = g_strdup (workgroup);
  g_free (self->wanted_session);
  self->wanted_session = g_strdup (session_id);

  if (self->monitor != NULL)
    workgroups_changed_cb (self);
  update_sessions (self);
}

void
glaux_record_run_dialog_set_tpch (GlauxRecordRunDialog *self,
                                  double                scale_factor,
                                  const char           *query_ids)
{
  g_return_if_fail (GLAUX_IS_RECORD_RUN_DIALOG (self));

  adw_combo_row_set_selected (self->source_row, SOURCE_TPCH);
  adw_combo_row_set_selected (self->scale_row, scale_factor > 0.05 ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->subset_row), query_ids != NULL ? query_ids : "");
}

void
glaux_record_run_dialog_set_iterations (GlauxRecordRunDialog *self,
                                        guint                 iterations)
{
  g_return_if_fail (GLAUX_IS_RECORD_RUN_DIALOG (self));

  gtk_spin_button_set_value (self->iterations_spin, iterations);
}

const char *
glaux_record_run_dialog_get_session_id (GlauxRecordRunDialog *self)
{
  g_return_val_if_fail (GLAUX_IS_RECORD_RUN_DIALOG (self), NULL);

  return selected_session (self);
}

gboolean
glaux_record_run_dialog_get_running (GlauxRecordRunDialog *self)
{
  g_return_val_if_fail (GLAUX_IS_RECORD_RUN_DIALOG (self), FALSE);

  return self->running;
}
