/* glaux-calculation-view.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-calculation-view"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-calculation-view.h"
#include "glaux-cost-model.h"
#include "glaux-result-loader.h"
#include "glaux-result-view.h"
#include "glaux-ui-util.h"

/* What a calculation leaves in S3, each streamed by its own loader. */
typedef enum
{
  OUTPUT_RESULT,
  OUTPUT_STDOUT,
  OUTPUT_STDERR,
  N_OUTPUTS
} Output;

struct _GlauxCalculationView
{
  GtkWidget             parent_instance;

  /* Owned References */
  GlauxConnection      *connection;
  GlauxCalculation     *calculation;
  GSignalGroup         *calculation_signals;
  GlauxResultLoader    *loaders[N_OUTPUTS];
  gsize                 text_shown[N_OUTPUTS]; /* bytes of each loader's text in its view */
  GlauxResultTable     *table;                 /* of the result object, or parsed from stdout */
  GCancellable         *cancellable;           /* exports for the current calculation */
  GtkFileChooserNative *chooser;
  char                 *export_message;

  /* Template Widgets */
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkTextView          *errors_view;
  GtkButton            *export_button;
  GtkTextView          *output_view;
  GtkLabel             *progress_label;
  GtkLabel             *reason_label;
  GtkStack             *result_stack;
  AdwStatusPage        *result_status;
  GtkTextView          *result_text_view;
  GlauxResultView      *result_view;
  AdwViewStack         *stack;
  GtkLabel             *state_label;
  GtkLabel             *stats_label;

  guint                 tick_id;
  guint                 loads_started : 1;
  guint                 table_from_stdout : 1;
  guint                 exporting : 1;
  guint                 waiting_for_connection : 1;
};

G_DEFINE_FINAL_TYPE (GlauxCalculationView, glaux_calculation_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CALCULATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void glaux_calculation_view_update (GlauxCalculationView *self);

/* ---- Helpers ------------------------------------------------------------------------------ */

static gboolean
state_is_terminal (GlauxCalculationState state)
{
  return state == GLAUX_CALCULATION_STATE_COMPLETED
         || state == GLAUX_CALCULATION_STATE_FAILED
         || state == GLAUX_CALCULATION_STATE_CANCELED;
}

/* Python blocks have no result object of their own: Athena (and glaux-local) point the result
 * URI at stdout then. */
static gboolean
has_result_object (GlauxCalculation *calculation)
{
  const char *result_uri = glaux_calculation_get_result_uri (calculation);

  return result_uri != NULL && result_uri[0] != '\0'
         && g_strcmp0 (result_uri, glaux_calculation_get_stdout_uri (calculation)) != 0;
}

static char *
format_count (guint64 count)
{
  /* The ' flag groups digits as the locale does: "12,345". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

static GtkTextView *
text_view_for (GlauxCalculationView *self,
               Output                output)
{
  switch (output)
    {
    case OUTPUT_RESULT:
      return self->result_text_view;
    case OUTPUT_STDOUT:
      return self->output_view;
    case OUTPUT_STDERR:
      return self->errors_view;
    case N_OUTPUTS:
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

static void
append_text (GtkTextView *view,
             const char  *text,
             gssize       length)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, length);
}

static void
clear_text (GtkTextView *view)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "", 0);
}

/* ---- Status line -------------------------------------------------------------------------- */

static GTimeSpan
elapsed (GlauxCalculation *calculation)
{
  GDateTime *start = glaux_calculation_get_submission_time (calculation);
  GDateTime *end = glaux_calculation_get_completion_time (calculation);
  g_autoptr(GDateTime) now = NULL;

  if (start == NULL)
    return -1;
  if (end != NULL)
    return g_date_time_difference (end, start);
  if (state_is_terminal (glaux_calculation_get_state (calculation)))
    return -1;

  now = g_date_time_new_now_utc ();

  return g_date_time_difference (now, start);
}

static void
update_status (GlauxCalculationView *self)
{
  const char *css_classes[] = { "state-badge", NULL, NULL };
  g_autoptr(GString) stats = g_string_new (NULL);
  g_autofree char *dpu_ms = NULL;
  g_autofree char *cost = NULL;
  const char *state;
  const char *reason;
  const char *progress;
  GTimeSpan span;
  gint64 millis;

  if (self->calculation == NULL)
    {
      glaux_ui_set_label (self->state_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->state_label), FALSE);
      glaux_ui_set_label (self->reason_label, _("No calculation selected"));
      glaux_ui_set_label (self->stats_label, "");
      return;
    }

  state = glaux_calculation_get_state_name (self->calculation);
  if (state == NULL)
    state = "UNKNOWN";
  css_classes[1] = glaux_ui_state_css_class (state);
  glaux_ui_set_label (self->state_label, state);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), css_classes);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), TRUE);

  reason = glaux_calculation_get_state_change_reason (self->calculation);
  glaux_ui_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reason_label), reason);

  progress = glaux_calculation_get_progress (self->calculation);
  if (progress != NULL && progress[0] != '\0')
    g_string_append_printf (stats, "%s · ", progress);

  span = elapsed (self->calculation);
  if (span >= 0)
    {
      g_autofree char *duration = glaux_ui_format_duration (span);

      g_string_append_printf (stats, "%s · ", duration);
    }

  millis = glaux_calculation_get_dpu_execution_millis (self->calculation);
  dpu_ms = format_count (MAX (millis, 0));
  cost = glaux_cost_model_format_amount (
    glaux_ui_cost_on_connection (self->connection, MAX (millis, 0)));
  /* Translators: DPU-milliseconds used, then the estimated cost: "3,400 DPU-ms · $0.0042". */
  g_string_append_printf (stats, _("%s DPU-ms · %s"), dpu_ms, cost);
  glaux_ui_set_label (self->stats_label, stats->str);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_status (GLAUX_CALCULATION_VIEW (user_data));

  return G_SOURCE_CONTINUE;
}

/* The elapsed time only needs to move while a running calculation is on screen. */
static void
update_ticking (GlauxCalculationView *self)
{
  gboolean running = self->calculation != NULL
                     && !state_is_terminal (glaux_calculation_get_state (self->calculation));

  if (running && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->tick_id == 0)
        self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
    }
  else
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* ---- Result page, progress line, error banner -------------------------------------------- */

static void
show_status (GlauxCalculationView *self,
             const char           *title,
             const char           *description)
{
  adw_status_page_set_title (self->result_status, title);
  adw_status_page_set_description (self->result_status, description);
  gtk_stack_set_visible_child_name (self->result_stack, "status");
}

static void
update_result_page (GlauxCalculationView *self)
{
  GlauxResultLoader *result = self->loaders[OUTPUT_RESULT];
  GlauxResultLoader *output = self->loaders[OUTPUT_STDOUT];
  GlauxCalculationState state;

  if (self->calculation == NULL)
    {
      show_status (self, _("No Calculation"), NULL);
      return;
    }

  if (self->table != NULL && glaux_result_table_get_n_columns (self->table) > 0)
    {
      gtk_stack_set_visible_child_name (self->result_stack, "table");
      return;
    }

  if (result != NULL && glaux_result_loader_get_format (result) == GLAUX_RESULT_FORMAT_TEXT
      && glaux_result_loader_get_bytes_received (result) > 0)
    {
      gtk_stack_set_visible_child_name (self->result_stack, "text");
      return;
    }

  state = glaux_calculation_get_state (self->calculation);
  if (!state_is_terminal (state))
    show_status (self, _("Running"), _("The result appears here once the calculation completes."));
  else if ((result != NULL && glaux_result_loader_get_state (result) == GLAUX_RESULT_LOADER_LOADING)
           || (result == NULL && output != NULL
               && glaux_result_loader_get_state (output) == GLAUX_RESULT_LOADER_LOADING))
    show_status (self, _("Loading the Result…"), NULL);
  else if (state == GLAUX_CALCULATION_STATE_FAILED)
    show_status (self, _("The Calculation Failed"), _("Errors shows what went wrong."));
  else if (state == GLAUX_CALCULATION_STATE_CANCELED)
    show_status (self, _("The Calculation Was Canceled"), NULL);
  else if (result != NULL)
    show_status (self, _("Empty Result"), _("The result object holds no rows."));
  else
    show_status (self, _("No Result Table"),
                 _("This calculation printed no table; what it printed is under Output."));
}

/* The loader whose bytes the progress line counts: the result object, else stdout. */
static GlauxResultLoader *
main_loader (GlauxCalculationView *self)
{
  if (self->loaders[OUTPUT_RESULT] != NULL)
    return self->loaders[OUTPUT_RESULT];

  return self->loaders[OUTPUT_STDOUT];
}

static void
update_progress (GlauxCalculationView *self)
{
  GlauxResultLoader *loader = main_loader (self);
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->table != NULL && glaux_result_table_get_n_columns (self->table) > 0)
    {
      guint n_rows = glaux_result_table_get_n_rows (self->table);
      g_autofree char *rows = format_count (n_rows);

      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", n_rows), rows);
    }

  if (loader != NULL && !self->table_from_stdout)
    {
      guint64 received = glaux_result_loader_get_bytes_received (loader);
      gint64 total = glaux_result_loader_get_total_bytes (loader);
      gboolean loading = glaux_result_loader_get_state (loader) == GLAUX_RESULT_LOADER_LOADING;
      g_autofree char *received_text = g_format_size (received);

      if (text->len > 0)
        g_string_append (text, " · ");
      if (loading && total >= 0)
        {
          g_autofree char *total_text = g_format_size (total);

          /* Translators: bytes downloaded so far of the object's size: "3.2 MB of 10.0 MB". */
          g_string_append_printf (text, _("%s of %s"), received_text, total_text);
        }
      else
        g_string_append (text, received_text);

      if (loading && glaux_result_loader_get_rate (loader) > 0)
        {
          g_autofree char *rate = g_format_size ((guint64)glaux_result_loader_get_rate (loader));

          /* Translators: a download rate, "45 MB/s". */
          g_string_append (text, " · ");
          g_string_append_printf (text, _("%s/s"), rate);
        }
    }

  if (self->exporting)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, _("exporting…"));
    }
  else if (self->export_message != NULL)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, self->export_message);
    }

  glaux_ui_set_label (self->progress_label, text->str);
}

static void
update_error (GlauxCalculationView *self)
{
  static const char * const what[N_OUTPUTS] = {
    N_("Cannot download the result"),
    N_("Cannot download the output"),
    N_("Cannot download the errors"),
  };
  gboolean failed = FALSE;

  for (guint i = 0; i < N_OUTPUTS; i++)
    {
      GlauxResultLoader *loader = self->loaders[i];
      g_autofree char *message = NULL;
      g_autofree char *text = NULL;

      if (loader == NULL || glaux_result_loader_get_state (loader) != GLAUX_RESULT_LOADER_FAILED)
        continue;

      message = glaux_result_loader_get_error (loader) != NULL
                ? glaux_ui_format_error (glaux_result_loader_get_error (loader))
                : g_strdup (_("The download stopped."));
      /* Translators: "Cannot download the result: <error>. Rows so far are kept." */
      text = g_strdup_printf (_("%s: %s"), _(what[i]), message);
      glaux_ui_set_label (self->error_label, text);
      failed = TRUE;
      break;
    }

  /* Nothing could start: the connection went away before the calculation ended. */
  if (!failed && self->waiting_for_connection)
    {
      glaux_ui_set_label (self->error_label,
                          _("Cannot download the result: the connection is not ready. "
                            "Connect again, then retry."));
      failed = TRUE;
    }

  gtk_revealer_set_reveal_child (self->error_revealer, failed);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), failed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calculation.retry", failed);
}

static gboolean
can_export (GlauxCalculationView *self)
{
  return self->calculation != NULL && !self->exporting
         && self->connection != NULL
         && glaux_calculation_get_state (self->calculation) == GLAUX_CALCULATION_STATE_COMPLETED
         && (has_result_object (self->calculation) || self->table_from_stdout);
}

static void
glaux_calculation_view_update (GlauxCalculationView *self)
{
  update_status (self);
  update_result_page (self);
  update_progress (self);
  update_error (self);
  update_ticking (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calculation.export", can_export (self));
}

/* ---- Loading ------------------------------------------------------------------------------ */

/* Appends what a loader received since the last call: loader text only grows. */
static void
show_new_text (GlauxCalculationView *self,
               Output                output)
{
  GlauxResultLoader *loader = self->loaders[output];
  const char *text;
  gsize length;

  if (loader == NULL)
    return;
  if (output == OUTPUT_RESULT && glaux_result_loader_get_format (loader) != GLAUX_RESULT_FORMAT_TEXT)
    return;

  text = glaux_result_loader_get_text (loader);
  length = text != NULL ? strlen (text) : 0;
  if (length <= self->text_shown[output])
    return;

  append_text (text_view_for (self, output), text + self->text_shown[output],
               length - self->text_shown[output]);
  self->text_shown[output] = length;
}

/* A df.show() table printed into stdout becomes the grid when there is no result object. */
static void
parse_table_from_stdout (GlauxCalculationView *self)
{
  g_autoptr(GlauxResultTable) table = NULL;
  g_autoptr(GlauxResultParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = glaux_result_loader_get_text (self->loaders[OUTPUT_STDOUT]);

  if (text == NULL || strstr (text, "+-") == NULL)
    return;

  table = glaux_result_table_new ();
  parser = glaux_result_parser_new (GLAUX_RESULT_FORMAT_SHOW_TABLE, table);
  if (!glaux_result_parser_feed (parser, text, strlen (text), &error)
      || !glaux_result_parser_finish (parser, &error))
    {
      /* Text that only looks like a table stays text. */
      g_debug ("No table in the output of %s: %s",
               glaux_calculation_get_id (self->calculation), error->message);
      return;
    }
  if (glaux_result_table_get_n_columns (table) == 0)
    return;

  g_set_object (&self->table, table);
  self->table_from_stdout = TRUE;
  glaux_result_view_set_table (self->result_view, table);
}

static Output
output_of (GlauxCalculationView *self,
           GlauxResultLoader    *loader)
{
  for (guint i = 0; i < N_OUTPUTS; i++)
    {
      if (self->loaders[i] == loader)
        return i;
    }

  g_return_val_if_reached (N_OUTPUTS);
}

static void
loader_changed_cb (GlauxResultLoader    *loader,
                   GParamSpec           *pspec,
                   GlauxCalculationView *self)
{
  Output output = output_of (self, loader);

  if (output == N_OUTPUTS)
    return;

  show_new_text (self, output);
  glaux_calculation_view_update (self);
}

static void
loader_finished_cb (GlauxResultLoader    *loader,
                    GlauxCalculationView *self)
{
  Output output = output_of (self, loader);

  if (output == N_OUTPUTS)
    return;

  show_new_text (self, output);

  if (glaux_result_loader_get_state (loader) == GLAUX_RESULT_LOADER_DONE)
    {
      if (glaux_result_loader_get_text_truncated (loader)
          && (output != OUTPUT_RESULT
              || glaux_result_loader_get_format (loader) == GLAUX_RESULT_FORMAT_TEXT))
        append_text (text_view_for (self, output),
                     _("\n[Only the beginning is shown here: the text is longer than 4 MB.]\n"), -1);

      if (output == OUTPUT_STDOUT && self->loaders[OUTPUT_RESULT] == NULL)
        parse_table_from_stdout (self);

      /* A failed calculation without stderr still says why. */
      if (output == OUTPUT_STDERR
          && self->text_shown[OUTPUT_STDERR] == 0
          && glaux_calculation_get_state (self->calculation) == GLAUX_CALCULATION_STATE_FAILED
          && glaux_calculation_get_state_change_reason (self->calculation) != NULL)
        append_text (self->errors_view,
                     glaux_calculation_get_state_change_reason (self->calculation), -1);
    }

  glaux_calculation_view_update (self);
}

static void
start_loader (GlauxCalculationView *self,
              Output                output,
              GlauxS3Client        *s3,
              const char           *uri,
              const char           *result_type,
              GlauxResultTable     *table)
{
  GlauxResultLoader *loader;

  if (uri == NULL || uri[0] == '\0')
    return;

  loader = glaux_result_loader_new (s3, uri, result_type, table, 0);
  self->loaders[output] = loader;
  self->text_shown[output] = 0;
  g_signal_connect_object (loader, "notify::bytes-received", G_CALLBACK (loader_changed_cb), self, 0);
  g_signal_connect_object (loader, "notify::state", G_CALLBACK (loader_changed_cb), self, 0);
  g_signal_connect_object (loader, "notify::format", G_CALLBACK (loader_changed_cb), self, 0);
  g_signal_connect_object (loader, "finished", G_CALLBACK (loader_finished_cb), self, 0);
  glaux_result_loader_start (loader);
}

/* Once the calculation has ended: the result object (if any), stdout and stderr. */
static void
start_loads (GlauxCalculationView *self)
{
  GlauxCalculationState state = glaux_calculation_get_state (self->calculation);
  GlauxS3Client *s3;

  if (self->loads_started
      || (state != GLAUX_CALCULATION_STATE_COMPLETED && state != GLAUX_CALCULATION_STATE_FAILED))
    return;

  /* Status polls report the end before the GetCalculationExecution that brings the output
   * locations; the notify of those starts the downloads. */
  if (glaux_calculation_get_stdout_uri (self->calculation) == NULL
      && glaux_calculation_get_stderr_uri (self->calculation) == NULL
      && glaux_calculation_get_result_uri (self->calculation) == NULL)
    return;

  s3 = self->connection != NULL ? glaux_connection_get_s3_client (self->connection) : NULL;
  self->waiting_for_connection = s3 == NULL;
  if (s3 == NULL)
    return;

  self->loads_started = TRUE;

  if (has_result_object (self->calculation))
    {
      g_autoptr(GSettings) settings = g_settings_new (BASE_ID);

      self->table = glaux_result_table_new ();
      /* Past this many rows the table keeps counting but drops them, so a result larger than
       * memory cannot take the desktop down; export streams every row from S3 anyway. */
      glaux_result_table_set_max_rows (self->table, g_settings_get_uint (settings, "result-max-rows"));
      glaux_result_view_set_table (self->result_view, self->table);
      start_loader (self, OUTPUT_RESULT, s3, glaux_calculation_get_result_uri (self->calculation),
                    glaux_calculation_get_result_type (self->calculation), self->table);
    }
  start_loader (self, OUTPUT_STDOUT, s3, glaux_calculation_get_stdout_uri (self->calculation),
                NULL, NULL);
  start_loader (self, OUTPUT_STDERR, s3, glaux_calculation_get_stderr_uri (self->calculation),
                NULL, NULL);

  /* A traceback is what the user wants to see first. */
  if (state == GLAUX_CALCULATION_STATE_FAILED)
    adw_view_stack_set_visible_child_name (self->stack, "errors");
}

static void
calculation_notify_cb (GlauxCalculationView *self)
{
  start_loads (self);
  glaux_calculation_view_update (self);
}

/* Cancels and drops everything that belongs to the current calculation. */
static void
clear_outputs (GlauxCalculationView *self)
{
  for (guint i = 0; i < N_OUTPUTS; i++)
    {
      if (self->loaders[i] != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->loaders[i], self);
          glaux_result_loader_cancel (self->loaders[i]);
          g_clear_object (&self->loaders[i]);
        }
      self->text_shown[i] = 0;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  g_clear_object (&self->table);
  g_clear_pointer (&self->export_message, g_free);
  self->loads_started = FALSE;
  self->waiting_for_connection = FALSE;
  self->table_from_stdout = FALSE;
  self->exporting = FALSE;
}

/* ---- Export ------------------------------------------------------------------------------- */

static void
export_stream_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  guint64 written = 0;

  if (!glaux_result_export_csv_finish (result, &written, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      guint64 *value = g_new (guint64, 1);

      *value = written;
      g_task_return_pointer (task, value, g_free);
    }
}

static void
export_replace_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_task_get_task_data (task);
  guint64 *value;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = g_new (guint64, 1);
  *value = g_bytes_get_size (bytes);
  g_task_return_pointer (task, value, g_free);
}

/**
 * glaux_calculation_view_export_async:
 *
 * What "Export CSV…" does once a file is chosen: streams the result object from S3 to @file
 * (glaux_result_export_csv_async), or, for a table read from stdout, writes that table. The
 * file is replaced atomically.
 */
void
glaux_calculation_view_export_async (GlauxCalculationView *self,
                                     GFile                *file,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GlauxS3Client *s3;

  g_return_if_fail (GLAUX_IS_CALCULATION_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_calculation_view_export_async);

  if (self->calculation != NULL && has_result_object (self->calculation))
    {
      s3 = self->connection != NULL ? glaux_connection_get_s3_client (self->connection) : NULL;
      if (s3 == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                   _("Cannot export: the connection is not ready. Connect "
                                     "again and retry."));
          return;
        }
      glaux_result_export_csv_async (s3, glaux_calculation_get_result_uri (self->calculation),
                                     glaux_calculation_get_result_type (self->calculation),
                                     file, cancellable, export_stream_cb, g_steal_pointer (&task));
      return;
    }

  if (self->table_from_stdout && self->table != NULL)
    {
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      GBytes *bytes;

      /* A table printed into stdout is small (the text is capped): write it here, save it
       * asynchronously. */
      if (!glaux_result_table_write_csv (self->table, memory, cancellable, &error)
          || !g_output_stream_close (memory, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
      g_task_set_task_data (task, bytes, (GDestroyNotify)g_bytes_unref);
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                           export_replace_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This calculation has no result table to export."));
}

gboolean
glaux_calculation_view_export_finish (GlauxCalculationView  *self,
                                      GAsyncResult          *result,
                                      guint64               *bytes_written,
                                      GError               **error)
{
  g_autofree guint64 *value = NULL;

  g_return_val_if_fail (GLAUX_IS_CALCULATION_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes_written != NULL)
    *bytes_written = value != NULL ? *value : 0;

  return value != NULL;
}

typedef struct
{
  GlauxCalculationView *self;
  char                 *name;
} ExportRun;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportRun *run = user_data;
  g_autoptr(GlauxCalculationView) self = run->self;
  g_autofree char *name = run->name;
  g_autoptr(GError) error = NULL;
  guint64 written = 0;

  g_free (run);

  if (!glaux_calculation_view_export_finish (self, result, &written, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->exporting = FALSE;
      g_free (self->export_message);
      self->export_message = g_strdup (_("export failed"));
      g_prefix_error (&error, _("Cannot export to “%s”: "), name);
      if (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY) != NULL)
        glaux_ui_show_error (GTK_WIDGET (self), error);
      else
        g_warning ("%s", error->message);
    }
  else
    {
      g_autofree char *size = g_format_size (written);

      self->exporting = FALSE;
      g_free (self->export_message);
      /* Translators: "exported 1.2 MB to result.csv" */
      self->export_message = g_strdup_printf (_("exported %s to %s"), size, name);
      if (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY) != NULL)
        {
          g_autofree char *toast = g_strdup_printf (_("Exported %s to “%s”"), size, name);

          glaux_ui_show_toast (GTK_WIDGET (self), toast);
        }
    }

  glaux_calculation_view_update (self);
}

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     GlauxCalculationView *self)
{
  g_autoptr(GFile) file = NULL;
  ExportRun *run;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  run = g_new0 (ExportRun, 1);
  run->self = g_object_ref (self);
  run->name = g_file_get_basename (file);
  self->exporting = TRUE;
  g_clear_pointer (&self->export_message, g_free);
  glaux_calculation_view_update (self);

  glaux_calculation_view_export_async (self, file, self->cancellable, export_done_cb, run);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlauxCalculationView *self = GLAUX_CALCULATION_VIEW (widget);
  g_autofree char *name = NULL;
  GtkFileFilter *filter;
  GtkRoot *root;

  if (!can_export (self) || self->chooser != NULL)
    return;

  root = gtk_widget_get_root (widget);
  self->chooser = gtk_file_chooser_native_new (_("Export Result as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = g_strdup_printf ("%s.csv", glaux_calculation_get_id (self->calculation));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Each reconnect makes a new S3 client; failed downloads resume through today's. */
static void
resume_failed_loads (GlauxCalculationView *self)
{
  GlauxS3Client *s3 = self->connection != NULL ? glaux_connection_get_s3_client (self->connection) : NULL;

  for (guint i = 0; i < N_OUTPUTS; i++)
    {
      if (self->loaders[i] == NULL
          || glaux_result_loader_get_state (self->loaders[i]) != GLAUX_RESULT_LOADER_FAILED)
        continue;

      if (s3 != NULL)
        glaux_result_loader_set_s3_client (self->loaders[i], s3);
      glaux_result_loader_retry (self->loaders[i]);
    }

  glaux_calculation_view_update (self);
}

static void
retry_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlauxCalculationView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_connection_connect_finish (GLAUX_CONNECTION (object), result, &error))
    {
      glaux_ui_show_error (GTK_WIDGET (self), error);
      return;
    }

  resume_failed_loads (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GlauxCalculationView *self = GLAUX_CALCULATION_VIEW (widget);

  if (!self->loads_started && self->calculation != NULL)
    {
      start_loads (self);
      glaux_calculation_view_update (self);
      return;
    }

  if (self->connection != NULL
      && glaux_connection_get_status (self->connection) != GLAUX_CONNECTION_STATUS_READY)
    {
      /* The endpoint went away (glaux-local restarted, say): reconnect first, then resume
       * with the new client. */
      glaux_connection_connect_async (self->connection, NULL, retry_connected_cb, g_object_ref (self));
      return;
    }

  resume_failed_loads (self);
}

/* ---- GtkWidget ------------------------------------------------------------------------ */

static void
glaux_calculation_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (glaux_calculation_view_parent_class)->map (widget);

  update_status (GLAUX_CALCULATION_VIEW (widget));
  update_ticking (GLAUX_CALCULATION_VIEW (widget));
}

static void
glaux_calculation_view_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&GLAUX_CALCULATION_VIEW (widget)->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (glaux_calculation_view_parent_class)->unmap (widget);
}

static void
glaux_calculation_view_dispose (GObject *object)
{
  GlauxCalculationView *self = (GlauxCalculationView *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  clear_outputs (self);
  if (self->calculation_signals != NULL)
    g_signal_group_set_target (self->calculation_signals, NULL);
  g_clear_object (&self->calculation_signals);
  g_clear_object (&self->calculation);
  g_clear_object (&self->connection);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_CALCULATION_VIEW);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (glaux_calculation_view_parent_class)->dispose (object);
}

static void
glaux_calculation_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GlauxCalculationView *self = GLAUX_CALCULATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALCULATION:
      g_value_set_object (value, self->calculation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_calculation_view_class_init (GlauxCalculationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_calculation_view_dispose;
  object_class->get_property = glaux_calculation_view_get_property;

  widget_class->map = glaux_calculation_view_map;
  widget_class->unmap = glaux_calculation_view_unmap;

  properties[PROP_CALCULATION] =
    g_param_spec_object ("calculation", NULL, NULL, GLAUX_TYPE_CALCULATION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-calculation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, errors_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, export_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, output_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, reason_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, result_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, result_status);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, result_text_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, result_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, state_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationView, stats_label);

  gtk_widget_class_install_action (widget_class, "calculation.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "calculation.retry", NULL, retry_action);

  gtk_widget_class_set_css_name (widget_class, "glaux-calculation-view");

  g_type_ensure (GLAUX_TYPE_RESULT_VIEW);
}

static void
glaux_calculation_view_init (GlauxCalculationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One handler for every property: state, URIs, progress and DPU-ms change together. */
  self->calculation_signals = g_signal_group_new (GLAUX_TYPE_CALCULATION);
  g_signal_group_connect_object (self->calculation_signals, "notify",
                                 G_CALLBACK (calculation_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stats_label),
                               _("Progress · elapsed time · DPU-milliseconds · estimated cost "
                                 "(from the price per DPU-hour in Preferences)"));
  glaux_calculation_view_update (self);
}

GlauxCalculationView *
glaux_calculation_view_new (void)
{
  return g_object_new (GLAUX_TYPE_CALCULATION_VIEW, NULL);
}

void
glaux_calculation_view_set_calculation (GlauxCalculationView *self,
                                        GlauxConnection      *connection,
                                        GlauxCalculation     *calculation)
{
  g_return_if_fail (GLAUX_IS_CALCULATION_VIEW (self));
  g_return_if_fail (!connection || GLAUX_IS_CONNECTION (connection));
  g_return_if_fail (!calculation || GLAUX_IS_CALCULATION (calculation));

  if (self->calculation == calculation && self->connection == connection)
    return;

  clear_outputs (self);
  glaux_result_view_set_table (self->result_view, NULL);
  for (guint i = 0; i < N_OUTPUTS; i++)
    clear_text (text_view_for (self, i));

  g_set_object (&self->connection, connection);
  g_set_object (&self->calculation, calculation);
  g_signal_group_set_target (self->calculation_signals, calculation);
  adw_view_stack_set_visible_child_name (self->stack, "result");

  if (calculation != NULL)
    start_loads (self);
  glaux_calculation_view_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALCULATION]);
}

GlauxCalculation *
glaux_calculation_view_get_calculation (GlauxCalculationView *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_VIEW (self), NULL);

  return self->calculation;
}
