/* glaux-editor-pane.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-editor-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-calculation-row.h"
#include "glaux-calculation-run.h"
#include "glaux-calculation-view.h"
#include "glaux-cost-model.h"
#include "glaux-editor-page.h"
#include "glaux-editor-pane.h"
#include "glaux-ui-util.h"

/* How many calculations the history lists, and how many of them get their statistics
 * (DPU-ms, result locations) fetched one by one: ListCalculationExecutions has none. */
#define HISTORY_MAX_ITEMS     100
#define HISTORY_DETAILS_ITEMS 25

struct _GlauxEditorPane
{
  GtkWidget             parent_instance;

  /* Owned References */
  GlauxSessionMonitor  *monitor;
  GlauxSessionWatch    *watch;
  GlauxDraftStore      *draft_store;
  GSignalGroup         *session_signals;
  GSignalGroup         *run_signals;
  GSignalGroup         *run_calculation_signals;
  GListStore           *history;
  GHashTable           *runs;                  /* session id → its last GlauxCalculationRun */
  GQueue                details_queue;         /* GlauxCalculation waiting for their details */
  GCancellable         *drafts_cancellable;
  GCancellable         *history_cancellable;
  GCancellable         *details_cancellable;   /* of the selected calculation */
  char                 *workspace;
  char                 *message;               /* said under the run bar, until the next run */
  char                 *select_id;             /* to select once the history lists it */

  /* Borrowed References */
  GlauxCalculationRun  *run;                   /* the shown session's, owned by runs */

  /* Template Widgets */
  GtkPaned             *bottom_paned;
  GtkToggleButton      *code_button;
  GtkSourceView        *code_view;
  GtkLabel             *calculation_id_label;
  GlauxCalculationView *calculation_view;
  GtkStack             *details_stack;
  GtkSingleSelection   *history_selection;
  GtkStack             *history_stack;
  GtkListView          *history_view;
  GtkDropDown          *language_dropdown;
  GtkPaned             *main_paned;
  GtkButton            *run_button;
  GtkLabel             *run_error_label;
  GtkLabel             *run_state_label;
  GtkLabel             *run_status_label;
  AdwTabBar            *tab_bar;
  AdwTabView           *tab_view;

  guint                 untitled_counter;
  guint                 ensure_page_id;
  guint                 details_in_flight : 1;
  guint                 clearing_tabs : 1;
  guint                 loading_drafts : 1;
  guint                 refreshing_history : 1;
  guint                 syncing_language : 1;
  guint                 main_positioned : 1;
  guint                 bottom_positioned : 1;
  guint                 disposing : 1;         /* template children going: callbacks stop */
};

G_DEFINE_FINAL_TYPE (GlauxEditorPane, glaux_editor_pane, GTK_TYPE_WIDGET)

static void glaux_editor_pane_refresh_history (GlauxEditorPane *self);
static void glaux_editor_pane_show_calculation (GlauxEditorPane  *self,
                                                GlauxCalculation *calculation);

/* ---- Small helpers ---------------------------------------------------------------------- */

static gboolean
calculation_has_ended (GlauxCalculation *calculation)
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

static char *
format_elapsed (GTimeSpan span)
{
  if (span < G_TIME_SPAN_MINUTE)
    /* Translators: a duration in seconds, e.g. "2.4 s". */
    return g_strdup_printf (_("%.1f s"), (double)MAX (span, 0) / G_TIME_SPAN_SECOND);

  return glaux_ui_format_duration (span);
}

static GlauxConnection *
glaux_editor_pane_get_connection (GlauxEditorPane *self)
{
  return self->monitor != NULL ? glaux_session_monitor_get_connection (self->monitor) : NULL;
}

/* NULL while the connection is not ready; fetched per request, as the connection asks. */
static GlauxAthenaClient *
glaux_editor_pane_get_client (GlauxEditorPane *self)
{
  GlauxConnection *connection = glaux_editor_pane_get_connection (self);

  return connection != NULL ? glaux_connection_get_athena_client (connection) : NULL;
}

static GlauxSession *
glaux_editor_pane_get_session (GlauxEditorPane *self)
{
  return self->watch != NULL ? glaux_session_watch_get_session (self->watch) : NULL;
}

static GlauxEditorPage *
glaux_editor_pane_get_current_page (GlauxEditorPane *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  return page != NULL ? GLAUX_EDITOR_PAGE (adw_tab_page_get_child (page)) : NULL;
}

static GlauxCalculation *
glaux_editor_pane_get_selected_calculation (GlauxEditorPane *self)
{
  return gtk_single_selection_get_selected_item (self->history_selection);
}

static GlauxCalculation *
glaux_editor_pane_get_run_calculation (GlauxEditorPane *self)
{
  return self->run != NULL ? glaux_calculation_run_get_calculation (self->run) : NULL;
}

static gboolean
glaux_editor_pane_find_in_history (GlauxEditorPane *self,
                                   const char      *calculation_id,
                                   guint           *position)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GlauxCalculation) item = g_list_model_get_item (G_LIST_MODEL (self->history), i);

      if (g_strcmp0 (glaux_calculation_get_id (item), calculation_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
glaux_editor_pane_set_message (GlauxEditorPane *self,
                               const char      *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

/* ---- Run bar and actions ----------------------------------------------------------------- */

/* Whether code can run now; otherwise *reason says why, in words for the Run tooltip. */
static gboolean
glaux_editor_pane_can_run (GlauxEditorPane  *self,
                           const char      **reason)
{
  GlauxSession *session = glaux_editor_pane_get_session (self);

  if (session == NULL)
    {
      *reason = _("No session: pick or start one to run code");
      return FALSE;
    }

  if (self->run != NULL && glaux_calculation_run_get_running (self->run))
    {
      *reason = _("A calculation is running: wait for it to finish or stop it (Ctrl+.)");
      return FALSE;
    }

  switch (glaux_session_get_state (session))
    {
    case GLAUX_SESSION_STATE_IDLE:
      *reason = NULL;
      return TRUE;

    case GLAUX_SESSION_STATE_BUSY:
      *reason = _("The session is BUSY: it runs one calculation at a time; wait for it to finish");
      return FALSE;

    case GLAUX_SESSION_STATE_CREATING:
    case GLAUX_SESSION_STATE_CREATED:
      *reason = _("The session is starting: code can run once it is IDLE");
      return FALSE;

    case GLAUX_SESSION_STATE_DEGRADED:
      *reason = _("The session is DEGRADED: it cannot run code; start a new one");
      return FALSE;

    case GLAUX_SESSION_STATE_TERMINATING:
    case GLAUX_SESSION_STATE_TERMINATED:
    case GLAUX_SESSION_STATE_FAILED:
      *reason = _("The session has ended: start a new one to run code");
      return FALSE;

    case GLAUX_SESSION_STATE_UNKNOWN:
    default:
      *reason = _("The session's state is not known yet");
      return FALSE;
    }
}

static void
glaux_editor_pane_update_actions (GlauxEditorPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_page = adw_tab_view_get_selected_page (self->tab_view) != NULL;
  const char *reason = NULL;
  gboolean can_run;

  if (self->disposing)
    return;

  can_run = glaux_editor_pane_can_run (self, &reason) && has_page;
  gtk_widget_action_set_enabled (widget, "editor.run", can_run);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               reason != NULL ? reason
                               : _("Run the selection, or the whole tab (Ctrl+Enter)"));

  gtk_widget_action_set_enabled (widget, "editor.stop",
                                 self->run != NULL && glaux_calculation_run_get_running (self->run));
  gtk_widget_action_set_enabled (widget, "editor.close-tab", has_page);
  gtk_widget_action_set_enabled (widget, "editor.find", has_page);
  gtk_widget_action_set_enabled (widget, "editor.open-in-editor",
                                 glaux_editor_pane_get_selected_calculation (self) != NULL);
}

static void
glaux_editor_pane_update_run_bar (GlauxEditorPane *self)
{
  const char *css_classes[] = { "state-badge", NULL, NULL };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *status = NULL;
  g_autofree char *error_text = NULL;
  GlauxCalculation *calculation = glaux_editor_pane_get_run_calculation (self);
  const char *state = calculation != NULL ? glaux_calculation_get_state_name (calculation) : NULL;
  const GError *error = self->run != NULL ? glaux_calculation_run_get_error (self->run) : NULL;
  const char *reason = NULL;

  if (self->disposing)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->run_state_label), state != NULL);
  if (state != NULL)
    {
      glaux_ui_set_label (self->run_state_label, state);
      css_classes[1] = glaux_ui_state_css_class (state);
      gtk_widget_set_css_classes (GTK_WIDGET (self->run_state_label), css_classes);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->run_state_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, state,
                                      -1);
    }

  if (self->run != NULL)
    {
      const char *progress = calculation != NULL ? glaux_calculation_get_progress (calculation)
                                                 : NULL;
      gint64 dpu_millis = calculation != NULL
                          ? glaux_calculation_get_dpu_execution_millis (calculation) : 0;

      if (calculation == NULL && glaux_calculation_run_get_running (self->run))
        g_ptr_array_add (parts, g_strdup (_("Submitting…")));
      if (progress != NULL && progress[0] != '\0')
        g_ptr_array_add (parts, g_strdup (progress));
      g_ptr_array_add (parts, format_elapsed (glaux_calculation_run_get_elapsed (self->run)));
      g_ptr_array_add (parts, g_strdup_printf (_("%" G_GINT64_FORMAT " DPU-ms"), dpu_millis));
      g_ptr_array_add (parts,
                       glaux_cost_model_format_amount (
                         glaux_ui_cost_on_connection (glaux_editor_pane_get_connection (self),
                                                      dpu_millis)));
    }
  else if (self->watch != NULL && !glaux_editor_pane_can_run (self, &reason))
    {
      /* Before any run, why Run is off is worth more than a tooltip. */
      g_ptr_array_add (parts, g_strdup (reason));
    }
  g_ptr_array_add (parts, NULL);
  status = g_strjoinv (" · ", (char **)parts->pdata);
  glaux_ui_set_label (self->run_status_label, status);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_status_label),
                               status[0] != '\0' ? status : NULL);

  if (error != NULL)
    error_text = glaux_ui_format_error (error);
  else
    error_text = g_strdup (self->message);
  glaux_ui_set_label (self->run_error_label, error_text);
  gtk_widget_set_visible (GTK_WIDGET (self->run_error_label),
                          error_text != NULL && error_text[0] != '\0');
}

static void
glaux_editor_pane_update (GlauxEditorPane *self)
{
  glaux_editor_pane_update_actions (self);
  glaux_editor_pane_update_run_bar (self);
}

/* ---- History ----------------------------------------------------------------------------- */

static void
glaux_editor_pane_update_history_stack (GlauxEditorPane *self)
{
  gtk_stack_set_visible_child_name (self->history_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->history)) > 0
                                    ? "list" : "empty");
}

static void
glaux_editor_pane_select_in_history (GlauxEditorPane *self,
                                     guint            position)
{
  gtk_single_selection_set_selected (self->history_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->history_view), "list.scroll-to-item", "u",
                              position);
}

static void glaux_editor_pane_pump_details (GlauxEditorPane *self);

static void
history_details_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlauxEditorPane) self = user_data;
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GError) error = NULL;

  calculation = glaux_athena_client_get_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object),
                                                                      result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->details_in_flight = FALSE;
  /* A row without statistics is not worth a toast; the next refresh tries again. */
  if (error != NULL)
    g_debug ("GetCalculationExecution for the history: %s", error->message);

  glaux_editor_pane_pump_details (self);
}

/* One GetCalculationExecution at a time, newest first, for rows listed without statistics. */
static void
glaux_editor_pane_pump_details (GlauxEditorPane *self)
{
  g_autoptr(GlauxCalculation) calculation = NULL;
  GlauxAthenaClient *client;

  if (self->details_in_flight)
    return;

  client = glaux_editor_pane_get_client (self);
  calculation = g_queue_pop_head (&self->details_queue);
  if (client == NULL || calculation == NULL)
    return;

  self->details_in_flight = TRUE;
  glaux_athena_client_get_calculation_execution_async (client,
                                                       glaux_calculation_get_id (calculation),
                                                       calculation, self->history_cancellable,
                                                       history_details_cb, g_object_ref (self));
}

static void
glaux_editor_pane_clear_details_queue (GlauxEditorPane *self)
{
  g_queue_clear_full (&self->details_queue, g_object_unref);
}

static void
history_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GlauxEditorPane) self = user_data;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *selected_id = NULL;
  g_autoptr(GlauxCalculation) selected = NULL;
  GlauxCalculation *run_calculation;
  GlauxCalculation *now_selected;
  const char *session_id;
  gboolean run_listed = FALSE;
  guint position;

  listed = glaux_athena_client_list_calculation_executions_finish (GLAUX_ATHENA_CLIENT (object),
                                                                   result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (listed == NULL)
    {
      glaux_ui_show_error (GTK_WIDGET (self), error);
      return;
    }

  session_id = glaux_session_get_id (glaux_editor_pane_get_session (self));
  run_calculation = glaux_editor_pane_get_run_calculation (self);
  selected = glaux_editor_pane_get_selected_calculation (self);
  if (selected != NULL)
    g_object_ref (selected);
  selected_id = g_strdup (self->select_id != NULL ? self->select_id
                          : selected != NULL ? glaux_calculation_get_id (selected) : NULL);

  /* Objects already shown stay (rows and the view follow them); ended ones do not change. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  glaux_editor_pane_clear_details_queue (self);
  for (guint i = 0; i < listed->len; i++)
    {
      GlauxCalculation *item = g_ptr_array_index (listed, i);
      const char *id = glaux_calculation_get_id (item);
      g_autoptr(GlauxCalculation) existing = NULL;

      if (glaux_editor_pane_find_in_history (self, id, &position))
        existing = g_list_model_get_item (G_LIST_MODEL (self->history), position);

      if (run_calculation != NULL && g_strcmp0 (id, glaux_calculation_get_id (run_calculation)) == 0)
        {
          g_ptr_array_add (items, g_object_ref (run_calculation));
          run_listed = TRUE;
        }
      else if (existing != NULL && calculation_has_ended (existing))
        {
          g_ptr_array_add (items, g_steal_pointer (&existing));
        }
      else
        {
          if (glaux_calculation_get_session_id (item) == NULL)
            glaux_calculation_set_session_id (item, session_id);
          g_ptr_array_add (items, g_object_ref (item));
          if (i < HISTORY_DETAILS_ITEMS)
            g_queue_push_tail (&self->details_queue, g_object_ref (item));
        }
    }
  if (run_calculation != NULL && !run_listed && glaux_calculation_get_id (run_calculation) != NULL)
    g_ptr_array_insert (items, 0, g_object_ref (run_calculation));

  self->refreshing_history = TRUE;
  g_list_store_splice (self->history, 0, g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                       items->pdata, items->len);
  if (selected_id != NULL && glaux_editor_pane_find_in_history (self, selected_id, &position))
    glaux_editor_pane_select_in_history (self, position);
  else
    gtk_single_selection_set_selected (self->history_selection, GTK_INVALID_LIST_POSITION);
  self->refreshing_history = FALSE;

  if (self->select_id != NULL && g_strcmp0 (self->select_id, selected_id) == 0 &&
      glaux_editor_pane_get_selected_calculation (self) != NULL)
    g_clear_pointer (&self->select_id, g_free);

  now_selected = glaux_editor_pane_get_selected_calculation (self);
  if (now_selected != selected)
    glaux_editor_pane_show_calculation (self, now_selected);

  glaux_editor_pane_update_history_stack (self);
  glaux_editor_pane_update_actions (self);
  glaux_editor_pane_pump_details (self);
}

static void
glaux_editor_pane_refresh_history (GlauxEditorPane *self)
{
  GlauxAthenaClient *client = glaux_editor_pane_get_client (self);
  GlauxSession *session = glaux_editor_pane_get_session (self);

  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->history_cancellable = g_cancellable_new ();
  self->details_in_flight = FALSE;
  glaux_editor_pane_clear_details_queue (self);

  if (client == NULL || session == NULL)
    return;

  glaux_athena_client_list_calculation_executions_async (client, glaux_session_get_id (session),
                                                         GLAUX_CALCULATION_STATE_UNKNOWN,
                                                         HISTORY_MAX_ITEMS,
                                                         self->history_cancellable,
                                                         history_listed_cb, g_object_ref (self));
}

/* ---- The selected calculation ------------------------------------------------------------- */

typedef struct
{
  GlauxEditorPane  *self;
  GlauxCalculation *calculation;
  gboolean          open_in_editor;
} DetailsData;

static DetailsData *
details_data_new (GlauxEditorPane  *self,
                  GlauxCalculation *calculation,
                  gboolean          open_in_editor)
{
  DetailsData *data = g_new0 (DetailsData, 1);

  data->self = g_object_ref (self);
  data->calculation = g_object_ref (calculation);
  data->open_in_editor = open_in_editor;

  return data;
}

static void
details_data_free (DetailsData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->calculation);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DetailsData, details_data_free)

static void
glaux_editor_pane_show_code (GlauxEditorPane  *self,
                             GlauxCalculation *calculation)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->code_view));
  const char *code = glaux_calculation_get_code (calculation);
  const char *start = code != NULL ? code : "";

  while (g_ascii_isspace (*start))
    start++;
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (
                                    manager, g_str_has_prefix (start, "%%sql") ? "sql" : "python3"));
  gtk_text_buffer_set_text (buffer, code != NULL ? code : "", -1);
}

static void glaux_editor_pane_open_code (GlauxEditorPane *self,
                                         const char      *code);

static void
calculation_code_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DetailsData) data = user_data;
  GlauxEditorPane *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = glaux_athena_client_get_calculation_execution_code_finish (GLAUX_ATHENA_CLIENT (object),
                                                                    result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (code == NULL)
    {
      glaux_ui_show_error (GTK_WIDGET (self), error);
      return;
    }

  if (glaux_calculation_get_code (data->calculation) == NULL)
    glaux_calculation_set_code (data->calculation, code);
  if (glaux_editor_pane_get_selected_calculation (self) == data->calculation)
    glaux_editor_pane_show_code (self, data->calculation);
  if (data->open_in_editor)
    glaux_editor_pane_open_code (self, code);
}

static void
glaux_editor_pane_fetch_code (GlauxEditorPane  *self,
                              GlauxCalculation *calculation,
                              gboolean          open_in_editor)
{
  GlauxAthenaClient *client = glaux_editor_pane_get_client (self);

  if (client == NULL)
    return;

  glaux_athena_client_get_calculation_execution_code_async (client,
                                                            glaux_calculation_get_id (calculation),
                                                            NULL, self->details_cancellable,
                                                            calculation_code_cb,
                                                            details_data_new (self, calculation,
                                                                              open_in_editor));
}

static void
glaux_editor_pane_set_view_calculation (GlauxEditorPane  *self,
                                        GlauxCalculation *calculation)
{
  if (glaux_calculation_view_get_calculation (self->calculation_view) == calculation)
    return;

  glaux_calculation_view_set_calculation (self->calculation_view,
                                          glaux_editor_pane_get_connection (self), calculation);
}

static void
calculation_details_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DetailsData) data = user_data;
  GlauxEditorPane *self = data->self;
  g_autoptr(GlauxCalculation) calculation = NULL;
  g_autoptr(GError) error = NULL;

  calculation = glaux_athena_client_get_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object),
                                                                      result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    glaux_ui_show_error (GTK_WIDGET (self), error);

  if (glaux_editor_pane_get_selected_calculation (self) == data->calculation)
    glaux_editor_pane_set_view_calculation (self, data->calculation);
}

/* The list has no result locations: an ended calculation gets GetCalculationExecution first,
 * so the view downloads its result, stdout and stderr. */
static void
glaux_editor_pane_show_calculation (GlauxEditorPane  *self,
                                    GlauxCalculation *calculation)
{
  GlauxAthenaClient *client = glaux_editor_pane_get_client (self);
  gboolean needs_details;

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  self->details_cancellable = g_cancellable_new ();

  glaux_editor_pane_update_actions (self);
  if (calculation == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "empty");
      return;
    }

  glaux_ui_set_label (self->calculation_id_label, glaux_calculation_get_id (calculation));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->calculation_id_label),
                               glaux_calculation_get_id (calculation));
  gtk_stack_set_visible_child_name (self->details_stack, "calculation");

  glaux_editor_pane_show_code (self, calculation);
  if (glaux_calculation_get_code (calculation) == NULL)
    glaux_editor_pane_fetch_code (self, calculation, FALSE);

  needs_details = calculation_has_ended (calculation)
                  && calculation != glaux_editor_pane_get_run_calculation (self)
                  && glaux_calculation_get_result_uri (calculation) == NULL
                  && glaux_calculation_get_stdout_uri (calculation) == NULL
                  && glaux_calculation_get_stderr_uri (calculation) == NULL;
  if (needs_details && client != NULL)
    {
      glaux_athena_client_get_calculation_execution_async (client,
                                                           glaux_calculation_get_id (calculation),
                                                           calculation, self->details_cancellable,
                                                           calculation_details_cb,
                                                           details_data_new (self, calculation,
                                                                             FALSE));
      return;
    }

  glaux_editor_pane_set_view_calculation (self, calculation);
}

static void
history_selected_cb (GlauxEditorPane *self)
{
  GlauxCalculation *selected;

  g_assert (GLAUX_IS_EDITOR_PANE (self));

  if (self->refreshing_history || self->disposing)
    return;

  /* Rows inserted above move the selection without changing what is selected. */
  selected = glaux_editor_pane_get_selected_calculation (self);
  if (selected != NULL && selected == glaux_calculation_view_get_calculation (self->calculation_view))
    return;

  g_clear_pointer (&self->select_id, g_free);
  glaux_editor_pane_show_calculation (self, selected);
}

static void
history_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  GlauxEditorPane          *self)
{
  gtk_list_item_set_child (item, GTK_WIDGET (glaux_calculation_row_new ()));
}

static void
history_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GlauxEditorPane          *self)
{
  glaux_calculation_row_set_calculation (GLAUX_CALCULATION_ROW (gtk_list_item_get_child (item)),
                                         gtk_list_item_get_item (item),
                                         glaux_editor_pane_get_connection (self));
}

static void
history_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   GlauxEditorPane          *self)
{
  glaux_calculation_row_set_calculation (GLAUX_CALCULATION_ROW (gtk_list_item_get_child (item)),
                                         NULL, NULL);
}

/* ---- Runs ------------------------------------------------------------------------------- */

static void
run_calculation_cb (GlauxEditorPane *self)
{
  GlauxCalculation *calculation = glaux_editor_pane_get_run_calculation (self);
  gboolean select;
  const char *id;
  guint position;

  g_assert (GLAUX_IS_EDITOR_PANE (self));

  g_signal_group_set_target (self->run_calculation_signals, calculation);
  if (calculation == NULL || (id = glaux_calculation_get_id (calculation)) == NULL)
    {
      glaux_editor_pane_update (self);
      return;
    }

  if (glaux_calculation_get_code (calculation) == NULL)
    glaux_calculation_set_code (calculation, glaux_calculation_run_get_code (self->run));
  if (glaux_calculation_get_session_id (calculation) == NULL)
    glaux_calculation_set_session_id (calculation,
                                      glaux_session_get_id (glaux_editor_pane_get_session (self)));

  /* The run just started goes on top of the history, selected, so its result shows. The
   * insertion moves the selection, which forgets select_id: decide first. */
  select = g_strcmp0 (self->select_id, id) == 0;
  if (!glaux_editor_pane_find_in_history (self, id, &position))
    {
      g_list_store_insert (self->history, 0, calculation);
      position = 0;
      glaux_editor_pane_update_history_stack (self);
    }
  if (select)
    {
      glaux_editor_pane_select_in_history (self, position);
      g_clear_pointer (&self->select_id, g_free);
    }

  glaux_editor_pane_update (self);
}

static void
run_finished_cb (GlauxEditorPane *self)
{
  GlauxSession *session = glaux_editor_pane_get_session (self);

  g_assert (GLAUX_IS_EDITOR_PANE (self));

  /* The session goes back to IDLE: have the monitor look now rather than at its next tick. */
  if (session != NULL && self->monitor != NULL)
    glaux_session_monitor_add_session (self->monitor, session);

  glaux_editor_pane_update (self);
  glaux_editor_pane_refresh_history (self);
}

static void
glaux_editor_pane_set_run (GlauxEditorPane     *self,
                           GlauxCalculationRun *run)
{
  self->run = run;
  g_signal_group_set_target (self->run_signals, run);
  g_signal_group_set_target (self->run_calculation_signals,
                             run != NULL ? glaux_calculation_run_get_calculation (run) : NULL);
  glaux_editor_pane_update (self);
}

static void
glaux_editor_pane_run (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GlauxEditorPane *self = GLAUX_EDITOR_PANE (widget);
  GlauxEditorPage *page = glaux_editor_pane_get_current_page (self);
  g_autofree char *code = NULL;
  GlauxCalculationRun *run;
  GlauxSession *session;
  const char *reason = NULL;

  if (page == NULL)
    return;

  if (!glaux_editor_pane_can_run (self, &reason))
    {
      glaux_editor_pane_set_message (self, reason);
      glaux_editor_pane_update_run_bar (self);
      return;
    }

  code = glaux_editor_page_dup_code (page);
  if (code == NULL)
    {
      glaux_editor_pane_set_message (self, _("Nothing to run: this tab is empty."));
      glaux_editor_pane_update_run_bar (self);
      return;
    }

  session = glaux_editor_pane_get_session (self);
  glaux_editor_pane_set_message (self, NULL);
  run = glaux_calculation_run_new (glaux_editor_pane_get_connection (self),
                                   glaux_session_get_id (session), code,
                                   glaux_editor_page_get_title (page));
  /* The table owns the run; it outlives a switch to another session and back. */
  g_hash_table_replace (self->runs, g_strdup (glaux_session_get_id (session)), run);
  g_free (self->select_id);
  self->select_id = NULL;
  glaux_editor_pane_set_run (self, run);
  glaux_calculation_run_start (run);

  /* Polled fast while it is BUSY. */
  glaux_session_monitor_add_session (self->monitor, session);
}

static void
glaux_editor_pane_stop (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxEditorPane *self = GLAUX_EDITOR_PANE (widget);

  if (self->run != NULL && glaux_calculation_run_get_running (self->run))
    glaux_calculation_run_stop (self->run);
}

/* Selects the run's calculation as soon as it has an id (see run_calculation_cb). */
static void
run_notify_calculation_cb (GlauxEditorPane *self)
{
  GlauxCalculation *calculation = glaux_editor_pane_get_run_calculation (self);

  if (calculation != NULL && glaux_calculation_get_id (calculation) != NULL &&
      self->select_id == NULL && !glaux_editor_pane_find_in_history (self,
                                                                     glaux_calculation_get_id (calculation),
                                                                     NULL))
    self->select_id = g_strdup (glaux_calculation_get_id (calculation));

  run_calculation_cb (self);
}

/* ---- Drafts and tabs ------------------------------------------------------------------------ */

static GlauxDraftStore *
glaux_editor_pane_get_draft_store (GlauxEditorPane *self)
{
  if (self->draft_store == NULL)
    self->draft_store = g_object_ref (glaux_draft_store_get_default ());

  return self->draft_store;
}

static void
glaux_editor_pane_save_page (GlauxEditorPane *self,
                             GlauxEditorPage *page)
{
  g_autofree char *text = NULL;
  AdwTabPage *tab_page;
  GlauxDraft draft;

  if (self->workspace == NULL || self->clearing_tabs)
    return;

  tab_page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (page));
  text = glaux_editor_page_dup_text (page);
  draft.id = (char *)glaux_editor_page_get_draft_id (page);
  draft.title = (char *)glaux_editor_page_get_title (page);
  draft.language = (char *)glaux_editor_page_get_language (page);
  draft.text = text;
  draft.position = (guint)adw_tab_view_get_page_position (self->tab_view, tab_page);
  glaux_draft_store_save (glaux_editor_pane_get_draft_store (self), self->workspace, &draft);
}

static void
glaux_editor_pane_save_all (GlauxEditorPane *self)
{
  int n_pages = adw_tab_view_get_n_pages (self->tab_view);

  for (int i = 0; i < n_pages; i++)
    glaux_editor_pane_save_page (self,
                                 GLAUX_EDITOR_PAGE (adw_tab_page_get_child (
                                   adw_tab_view_get_nth_page (self->tab_view, i))));
}

static void
page_changed_cb (GlauxEditorPage *page,
                 GlauxEditorPane *self)
{
  g_assert (GLAUX_IS_EDITOR_PANE (self));

  /* A typed line clears the last complaint ("Nothing to run"). */
  if (self->message != NULL)
    {
      glaux_editor_pane_set_message (self, NULL);
      glaux_editor_pane_update_run_bar (self);
    }

  glaux_editor_pane_save_page (self, page);
}

static void
glaux_editor_pane_sync_language (GlauxEditorPane *self)
{
  GlauxEditorPage *page = glaux_editor_pane_get_current_page (self);

  if (page == NULL)
    return;

  self->syncing_language = TRUE;
  gtk_drop_down_set_selected (self->language_dropdown,
                              g_str_equal (glaux_editor_page_get_language (page), "sql") ? 1 : 0);
  self->syncing_language = FALSE;
}

static void
page_language_cb (GlauxEditorPage *page,
                  GParamSpec      *pspec,
                  GlauxEditorPane *self)
{
  if (page == glaux_editor_pane_get_current_page (self))
    glaux_editor_pane_sync_language (self);
}

static void
language_selected_cb (GlauxEditorPane *self)
{
  GlauxEditorPage *page = glaux_editor_pane_get_current_page (self);

  g_assert (GLAUX_IS_EDITOR_PANE (self));

  if (self->syncing_language || page == NULL || self->disposing)
    return;

  glaux_editor_page_set_language (page,
                                  gtk_drop_down_get_selected (self->language_dropdown) == 1
                                  ? "sql" : "python");
}

static GlauxEditorPage *
glaux_editor_pane_add_page (GlauxEditorPane *self,
                            const char      *draft_id,
                            const char      *language,
                            const char      *text)
{
  g_autofree char *fallback_title = NULL;
  GlauxEditorPage *page;
  AdwTabPage *tab_page;

  /* Translators: the title of a tab without code yet; %u counts them. */
  fallback_title = g_strdup_printf (_("Untitled %u"), ++self->untitled_counter);
  page = glaux_editor_page_new (draft_id, language, text, fallback_title);
  tab_page = adw_tab_view_append (self->tab_view, GTK_WIDGET (page));
  g_object_bind_property (page, "title", tab_page, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (page, "title", tab_page, "tooltip", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (page, "changed", G_CALLBACK (page_changed_cb), self, 0);
  g_signal_connect_object (page, "notify::language", G_CALLBACK (page_language_cb), self, 0);

  return page;
}

/* A new tab with a new draft, selected and focused; saved at once when it has text. */
static GlauxEditorPage *
glaux_editor_pane_new_page (GlauxEditorPane *self,
                            const char      *language,
                            const char      *text)
{
  g_autoptr(GlauxDraft) draft = glaux_draft_new (_("Untitled"), language, text);
  GlauxEditorPage *page = glaux_editor_pane_add_page (self, draft->id, language, text);

  adw_tab_view_set_selected_page (self->tab_view,
                                  adw_tab_view_get_page (self->tab_view, GTK_WIDGET (page)));
  gtk_widget_grab_focus (GTK_WIDGET (glaux_editor_page_get_view (page)));
  if (text != NULL && text[0] != '\0')
    glaux_editor_pane_save_page (self, page);

  return page;
}

static void
glaux_editor_pane_open_code (GlauxEditorPane *self,
                             const char      *code)
{
  const char *start = code;

  while (g_ascii_isspace (*start))
    start++;
  glaux_editor_pane_new_page (self, g_str_has_prefix (start, "%%sql") ? "sql" : "python", code);
}

static gboolean
ensure_page_cb (gpointer user_data)
{
  GlauxEditorPane *self = user_data;

  self->ensure_page_id = 0;
  if (adw_tab_view_get_n_pages (self->tab_view) == 0 && !self->loading_drafts &&
      self->workspace != NULL)
    glaux_editor_pane_new_page (self, "python", "");

  return G_SOURCE_REMOVE;
}

/* There is always a tab to type into: closing the last one opens an empty one. */
static void
tab_view_n_pages_cb (GlauxEditorPane *self)
{
  g_assert (GLAUX_IS_EDITOR_PANE (self));

  if (self->disposing)
    return;

  if (adw_tab_view_get_n_pages (self->tab_view) == 0 && !self->clearing_tabs &&
      !self->loading_drafts && self->ensure_page_id == 0)
    self->ensure_page_id = g_idle_add (ensure_page_cb, self);
}

static void
tab_view_selected_page_cb (GlauxEditorPane *self)
{
  g_assert (GLAUX_IS_EDITOR_PANE (self));

  if (self->disposing)
    return;

  glaux_editor_pane_sync_language (self);
  glaux_editor_pane_update_actions (self);
}

static void
tab_view_page_reordered_cb (GlauxEditorPane *self)
{
  g_assert (GLAUX_IS_EDITOR_PANE (self));

  if (self->disposing)
    return;

  glaux_editor_pane_save_all (self);
}

typedef struct
{
  GlauxEditorPane *self;
  AdwTabPage      *tab_page;
} CloseData;

static void
close_data_free (gpointer  user_data,
                 GClosure *closure)
{
  CloseData *data = user_data;

  g_clear_object (&data->self);
  g_clear_object (&data->tab_page);
  g_free (data);
}

static gboolean
glaux_editor_pane_has_tab_page (GlauxEditorPane *self,
                                AdwTabPage      *tab_page)
{
  int n_pages = adw_tab_view_get_n_pages (self->tab_view);

  for (int i = 0; i < n_pages; i++)
    if (adw_tab_view_get_nth_page (self->tab_view, i) == tab_page)
      return TRUE;

  return FALSE;
}

static void
glaux_editor_pane_finish_close (GlauxEditorPane *self,
                                AdwTabPage      *tab_page,
                                gboolean         confirm)
{
  GlauxEditorPage *page = GLAUX_EDITOR_PAGE (adw_tab_page_get_child (tab_page));

  if (confirm && self->workspace != NULL && !self->clearing_tabs)
    glaux_draft_store_remove (glaux_editor_pane_get_draft_store (self), self->workspace,
                              glaux_editor_page_get_draft_id (page));
  adw_tab_view_close_page_finish (self->tab_view, tab_page, confirm);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CloseData        *data)
{
  GlauxEditorPane *self = data->self;

  /* The tab may have gone with its workspace while the dialog was open. */
  if (self->tab_view != NULL && glaux_editor_pane_has_tab_page (self, data->tab_page))
    glaux_editor_pane_finish_close (self, data->tab_page, g_str_equal (response, "close"));
}

static gboolean
tab_view_close_page_cb (GlauxEditorPane *self,
                        AdwTabPage      *tab_page)
{
  GlauxEditorPage *page = GLAUX_EDITOR_PAGE (adw_tab_page_get_child (tab_page));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  CloseData *data;
  GtkRoot *root;

  g_assert (GLAUX_IS_EDITOR_PANE (self));

  /* Leaving a workspace closes its tabs, not its drafts; an empty tab has nothing to lose. */
  if (self->clearing_tabs || glaux_editor_page_is_empty (page))
    {
      glaux_editor_pane_finish_close (self, tab_page, TRUE);
      return GDK_EVENT_STOP;
    }

  /* Translators: %s is the tab's title. */
  body = g_strdup_printf (_("Close “%s”? Its code is deleted."), glaux_editor_page_get_title (page));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       _("Close Tab?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  data = g_new0 (CloseData, 1);
  data->self = g_object_ref (self);
  data->tab_page = g_object_ref (tab_page);
  g_signal_connect_data (dialog, "response", G_CALLBACK (close_response_cb), data,
                         close_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return GDK_EVENT_STOP;
}

static void
glaux_editor_pane_clear_tabs (GlauxEditorPane *self)
{
  int n_pages;

  self->clearing_tabs = TRUE;
  while ((n_pages = adw_tab_view_get_n_pages (self->tab_view)) > 0)
    {
      adw_tab_view_close_page (self->tab_view, adw_tab_view_get_nth_page (self->tab_view, 0));
      /* Never loop on a tab that refuses to go. */
      if (adw_tab_view_get_n_pages (self->tab_view) == n_pages)
        break;
    }
  self->clearing_tabs = FALSE;
  self->untitled_counter = 0;
}

static void
drafts_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GlauxEditorPane) self = user_data;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  drafts = glaux_draft_store_load_finish (GLAUX_DRAFT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_drafts = FALSE;
  if (error != NULL)
    {
      g_autofree char *message = glaux_ui_format_error (error);
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("The drafts of this workspace could not be read: %s"), message);
      glaux_editor_pane_set_message (self, text);
    }

  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      GlauxDraft *draft = g_ptr_array_index (drafts, i);

      glaux_editor_pane_add_page (self, draft->id, draft->language, draft->text);
    }

  if (adw_tab_view_get_n_pages (self->tab_view) == 0)
    glaux_editor_pane_new_page (self, "python", "");
  else
    adw_tab_view_set_selected_page (self->tab_view, adw_tab_view_get_nth_page (self->tab_view, 0));

  glaux_editor_pane_update (self);
}

static void
glaux_editor_pane_load_drafts (GlauxEditorPane *self,
                               const char      *workspace)
{
  if (g_strcmp0 (self->workspace, workspace) == 0)
    return;

  g_cancellable_cancel (self->drafts_cancellable);
  g_clear_object (&self->drafts_cancellable);
  self->drafts_cancellable = g_cancellable_new ();

  glaux_editor_pane_clear_tabs (self);
  g_free (self->workspace);
  self->workspace = g_strdup (workspace);
  if (workspace == NULL)
    return;

  self->loading_drafts = TRUE;
  glaux_draft_store_load_async (glaux_editor_pane_get_draft_store (self), workspace,
                                self->drafts_cancellable, drafts_loaded_cb, g_object_ref (self));
}

/* Drafts outlive sessions: they belong to the connection and the workgroup. */
static char *
glaux_editor_pane_build_workspace (GlauxEditorPane *self)
{
  GlauxSession *session = glaux_editor_pane_get_session (self);
  const char *workgroup;

  if (session == NULL)
    return NULL;

  workgroup = glaux_session_get_workgroup (session);
  if (workgroup == NULL)
    workgroup = glaux_session_monitor_get_workgroup (self->monitor);

  return g_strdup_printf ("%s/%s", glaux_connection_get_id (glaux_editor_pane_get_connection (self)),
                          workgroup != NULL ? workgroup : "");
}

/* ---- Actions ------------------------------------------------------------------------------ */

static void
glaux_editor_pane_new_tab (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  GlauxEditorPane *self = GLAUX_EDITOR_PANE (widget);

  if (self->workspace != NULL && !self->loading_drafts)
    glaux_editor_pane_new_page (self, "python", "");
}

static void
glaux_editor_pane_close_tab (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GlauxEditorPane *self = GLAUX_EDITOR_PANE (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
glaux_editor_pane_find (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxEditorPage *page = glaux_editor_pane_get_current_page (GLAUX_EDITOR_PANE (widget));

  if (page != NULL)
    glaux_editor_page_show_find (page);
}

static void
glaux_editor_pane_open_in_editor (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GlauxEditorPane *self = GLAUX_EDITOR_PANE (widget);
  GlauxCalculation *calculation = glaux_editor_pane_get_selected_calculation (self);
  const char *code;

  if (calculation == NULL)
    return;

  code = glaux_calculation_get_code (calculation);
  if (code != NULL)
    glaux_editor_pane_open_code (self, code);
  else
    glaux_editor_pane_fetch_code (self, calculation, TRUE);
}

/* ---- Layout ------------------------------------------------------------------------------- */

/* Default split, once the first allocation tells how much room there is: more than half for
 * the code, and a narrow history beside the result. */
static void
main_paned_max_position_cb (GlauxEditorPane *self)
{
  int max = 0;

  g_object_get (self->main_paned, "max-position", &max, NULL);
  if (self->main_positioned || max <= 1)
    return;

  self->main_positioned = TRUE;
  gtk_paned_set_position (self->main_paned, max * 3 / 5);
}

static void
bottom_paned_max_position_cb (GlauxEditorPane *self)
{
  int max = 0;

  g_object_get (self->bottom_paned, "max-position", &max, NULL);
  if (self->bottom_positioned || max <= 1)
    return;

  self->bottom_positioned = TRUE;
  gtk_paned_set_position (self->bottom_paned, MIN (CLAMP (max * 3 / 10, 240, 320), max / 2));
}

static gboolean
dark_to_style_scheme (GBinding     *binding,
                      const GValue *from_value,
                      GValue       *to_value,
                      gpointer      user_data)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = g_value_get_boolean (from_value);

  g_value_set_object (to_value,
                      gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark"
                                                                                : "Adwaita"));

  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
abandon_run (gpointer key,
             gpointer value,
             gpointer user_data)
{
  glaux_calculation_run_abandon (value);
}

static void
glaux_editor_pane_dispose (GObject *object)
{
  GlauxEditorPane *self = (GlauxEditorPane *)object;
  GtkWidget *child;

  self->disposing = TRUE;
  g_cancellable_cancel (self->drafts_cancellable);
  g_cancellable_cancel (self->history_cancellable);
  g_cancellable_cancel (self->details_cancellable);
  g_clear_handle_id (&self->ensure_page_id, g_source_remove);
  glaux_editor_pane_clear_details_queue (self);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->run_signals != NULL)
    g_signal_group_set_target (self->run_signals, NULL);
  if (self->run_calculation_signals != NULL)
    g_signal_group_set_target (self->run_calculation_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->run_signals);
  g_clear_object (&self->run_calculation_signals);

  /* Calculations go on in the session; only following them stops. */
  self->run = NULL;
  if (self->runs != NULL)
    g_hash_table_foreach (self->runs, abandon_run, NULL);
  g_clear_pointer (&self->runs, g_hash_table_unref);

  if (self->history_selection != NULL)
    gtk_single_selection_set_model (self->history_selection, NULL);
  g_clear_object (&self->history);
  g_clear_object (&self->watch);
  g_clear_object (&self->monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_EDITOR_PANE);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->tab_view = NULL;

  G_OBJECT_CLASS (glaux_editor_pane_parent_class)->dispose (object);
}

static void
glaux_editor_pane_finalize (GObject *object)
{
  GlauxEditorPane *self = (GlauxEditorPane *)object;

  g_clear_object (&self->draft_store);
  g_clear_object (&self->drafts_cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_pointer (&self->workspace, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->select_id, g_free);

  G_OBJECT_CLASS (glaux_editor_pane_parent_class)->finalize (object);
}

static void
glaux_editor_pane_class_init (GlauxEditorPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_editor_pane_dispose;
  object_class->finalize = glaux_editor_pane_finalize;

  gtk_widget_class_install_action (widget_class, "editor.run", NULL, glaux_editor_pane_run);
  gtk_widget_class_install_action (widget_class, "editor.stop", NULL, glaux_editor_pane_stop);
  gtk_widget_class_install_action (widget_class, "editor.new-tab", NULL,
                                   glaux_editor_pane_new_tab);
  gtk_widget_class_install_action (widget_class, "editor.close-tab", NULL,
                                   glaux_editor_pane_close_tab);
  gtk_widget_class_install_action (widget_class, "editor.find", NULL, glaux_editor_pane_find);
  gtk_widget_class_install_action (widget_class, "editor.open-in-editor", NULL,
                                   glaux_editor_pane_open_in_editor);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "editor.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK,
                                       "editor.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "editor.new-tab", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "editor.find", NULL);

  g_type_ensure (GLAUX_TYPE_CALCULATION_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-editor-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, bottom_paned);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, calculation_id_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, calculation_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, code_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, code_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, details_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, history_selection);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, history_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, history_view);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, main_paned);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, run_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, run_error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, run_state_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, run_status_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPane, tab_view);
  gtk_widget_class_bind_template_callback (widget_class, bottom_paned_max_position_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, main_paned_max_position_cb);
  gtk_widget_class_bind_template_callback (widget_class, tab_view_close_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, tab_view_n_pages_cb);
  gtk_widget_class_bind_template_callback (widget_class, tab_view_page_reordered_cb);
  gtk_widget_class_bind_template_callback (widget_class, tab_view_selected_page_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glaux-editor-pane");
}

static void
glaux_editor_pane_init (GlauxEditorPane *self)
{
  GtkListItemFactory *factory;
  GtkSourceBuffer *code_buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->drafts_cancellable = g_cancellable_new ();
  self->history_cancellable = g_cancellable_new ();
  self->details_cancellable = g_cancellable_new ();
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->details_queue);

  self->history = g_list_store_new (GLAUX_TYPE_CALCULATION);
  gtk_single_selection_set_model (self->history_selection, G_LIST_MODEL (self->history));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (history_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (history_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (history_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->history_view, factory);
  g_object_unref (factory);

  /* The read-only code of a history entry follows light and dark like the editor. */
  code_buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->code_view)));
  g_object_bind_property_full (adw_style_manager_get_default (), "dark",
                               code_buffer, "style-scheme", G_BINDING_SYNC_CREATE,
                               dark_to_style_scheme, NULL, NULL, NULL);

  self->session_signals = g_signal_group_new (GLAUX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (glaux_editor_pane_update), self,
                                 G_CONNECT_SWAPPED);

  self->run_signals = g_signal_group_new (GLAUX_TYPE_CALCULATION_RUN);
  g_signal_group_connect_object (self->run_signals, "notify::calculation",
                                 G_CALLBACK (run_notify_calculation_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->run_signals, "notify::running",
                                 G_CALLBACK (glaux_editor_pane_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->run_signals, "notify::elapsed",
                                 G_CALLBACK (glaux_editor_pane_update_run_bar), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->run_signals, "notify::error",
                                 G_CALLBACK (glaux_editor_pane_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->run_signals, "finished",
                                 G_CALLBACK (run_finished_cb), self, G_CONNECT_SWAPPED);

  self->run_calculation_signals = g_signal_group_new (GLAUX_TYPE_CALCULATION);
  g_signal_group_connect_object (self->run_calculation_signals, "notify",
                                 G_CALLBACK (glaux_editor_pane_update_run_bar), self,
                                 G_CONNECT_SWAPPED);

  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (glaux_editor_pane_update_run_bar), self,
                           G_CONNECT_SWAPPED);

  glaux_editor_pane_update (self);
}

GlauxEditorPane *
glaux_editor_pane_new (void)
{
  return g_object_new (GLAUX_TYPE_EDITOR_PANE, NULL);
}

/**
 * glaux_editor_pane_set_watch:
 * @monitor: (nullable): the monitor that owns @watch (its connection runs the code)
 * @watch: (nullable): the session to run code in
 *
 * Shows @watch's runs and history; the tabs change only when its workspace (connection and
 * workgroup) is another one.
 */
void
glaux_editor_pane_set_watch (GlauxEditorPane     *self,
                             GlauxSessionMonitor *monitor,
                             GlauxSessionWatch   *watch)
{
  g_autofree char *workspace = NULL;
  GlauxSession *session;

  g_return_if_fail (GLAUX_IS_EDITOR_PANE (self));
  g_return_if_fail (!monitor || GLAUX_IS_SESSION_MONITOR (monitor));
  g_return_if_fail (!watch || GLAUX_IS_SESSION_WATCH (watch));
  g_return_if_fail (!watch || monitor != NULL);

  if (self->watch == watch && self->monitor == monitor)
    return;

  g_set_object (&self->monitor, monitor);
  g_set_object (&self->watch, watch);
  session = glaux_editor_pane_get_session (self);
  g_signal_group_set_target (self->session_signals, session);

  glaux_editor_pane_set_message (self, NULL);
  g_clear_pointer (&self->select_id, g_free);
  glaux_editor_pane_set_run (self, session != NULL ? g_hash_table_lookup (self->runs,
                                                                          glaux_session_get_id (session))
                                                   : NULL);

  self->refreshing_history = TRUE;
  g_list_store_remove_all (self->history);
  self->refreshing_history = FALSE;
  glaux_editor_pane_show_calculation (self, NULL);
  glaux_editor_pane_update_history_stack (self);
  glaux_editor_pane_refresh_history (self);

  /* Without a session the tabs stay: they are drafts, not the session's. */
  if (watch != NULL)
    {
      workspace = glaux_editor_pane_build_workspace (self);
      glaux_editor_pane_load_drafts (self, workspace);
    }

  glaux_editor_pane_update (self);
}

GlauxSessionWatch *
glaux_editor_pane_get_watch (GlauxEditorPane *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PANE (self), NULL);

  return self->watch;
}

void
glaux_editor_pane_set_draft_store (GlauxEditorPane *self,
                                   GlauxDraftStore *store)
{
  g_return_if_fail (GLAUX_IS_EDITOR_PANE (self));
  g_return_if_fail (!store || GLAUX_IS_DRAFT_STORE (store));

  g_set_object (&self->draft_store, store);
}
