/* test-editor.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "glaux-athena-params.h"
#include "glaux-calculation-view.h"
#include "glaux-connection.h"
#include "glaux-draft-store.h"
#include "glaux-editor-page.h"
#include "glaux-editor-pane.h"
#include "glaux-resources.h"
#include "glaux-session-monitor.h"
#include "glaux-session-page.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"

#define SPARK_3_5 "Apache Spark version 3.5"
#define RUN_TIMEOUT_MS 60000

/* A real glaux-local behind a GlauxConnection, a monitor polling it fast, and the session page
 * (with its editor pane) in a window of the main window's default size. */
typedef struct
{
  char                *data_dir;
  GlauxConnection     *connection;
  GlauxSessionMonitor *monitor;
  GlauxSessionWatch   *watch;
  char                *drafts_dir;
  GlauxDraftStore     *store;
  GtkWindow           *window;
  GlauxSessionPage    *page;
  GlauxEditorPane     *pane;
} Fixture;

static void
dump_texts (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_is_drawable (child))
        continue;
      if (GTK_IS_LABEL (child))
        g_test_message ("label: %s", gtk_label_get_label (GTK_LABEL (child)));
      else if (ADW_IS_STATUS_PAGE (child))
        g_test_message ("status page: %s / %s", adw_status_page_get_title (ADW_STATUS_PAGE (child)),
                        adw_status_page_get_description (ADW_STATUS_PAGE (child)));
      dump_texts (child);
    }
}

/* When a wait times out: a screenshot of the window and its texts, as what the pane showed
 * instead says why. */
static void
show_window_on_timeout (gpointer data)
{
  glaux_test_ui_save_screenshot (GTK_WIDGET (data), "editor-timed-out");
  dump_texts (GTK_WIDGET (data));
}

static GlauxAthenaClient *
fixture_client (Fixture *fixture)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (fixture->connection);

  g_assert_nonnull (client);

  return client;
}

/* ---- Looking at the widgets ------------------------------------------------------------ */

typedef gboolean (*MatchFunc) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             MatchFunc      match,
             gconstpointer  data)
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
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_button_for_action (GtkWidget     *widget,
                      gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

/* A label or text view on screen whose text contains @data. */
static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  g_autofree char *text = NULL;

  if (!gtk_widget_is_drawable (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget))
    return strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

      return strstr (text, data) != NULL;
    }

  return FALSE;
}

typedef struct
{
  GtkWidget     *root;
  MatchFunc      match;
  gconstpointer  data;
} WidgetWait;

static gboolean
widget_found (gpointer data)
{
  WidgetWait *wait = data;

  return find_widget (wait->root, wait->match, wait->data) != NULL;
}

static GtkWidget *
wait_for_widget (GtkWidget     *root,
                 MatchFunc      match,
                 gconstpointer  data)
{
  WidgetWait wait = { root, match, data };

  glaux_test_wait_until (widget_found, &wait, RUN_TIMEOUT_MS);

  return find_widget (root, match, data);
}

static GtkWidget *
pane_find (Fixture       *fixture,
           MatchFunc      match,
           gconstpointer  data)
{
  return find_widget (GTK_WIDGET (fixture->pane), match, data);
}

static AdwTabView *
pane_tab_view (Fixture *fixture)
{
  GtkWidget *view = pane_find (fixture, is_of_type, GSIZE_TO_POINTER (ADW_TYPE_TAB_VIEW));

  g_assert_nonnull (view);

  return ADW_TAB_VIEW (view);
}

static gboolean
has_tabs (gpointer data)
{
  Fixture *fixture = data;

  return adw_tab_view_get_n_pages (pane_tab_view (fixture)) > 0;
}

static GlauxEditorPage *
current_page (Fixture *fixture)
{
  AdwTabPage *page;

  glaux_test_wait_until (has_tabs, fixture, 30000);
  page = adw_tab_view_get_selected_page (pane_tab_view (fixture));
  g_assert_nonnull (page);

  return GLAUX_EDITOR_PAGE (adw_tab_page_get_child (page));
}

static char *
page_text (GlauxEditorPage *page)
{
  return glaux_editor_page_dup_text (page);
}

static void
set_code (Fixture    *fixture,
          const char *code)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (glaux_editor_page_get_buffer (current_page (fixture)));

  gtk_text_buffer_set_text (buffer, code, -1);
}

static GtkWidget *
run_button (Fixture *fixture)
{
  GtkWidget *button = pane_find (fixture, is_button_for_action, "editor.run");

  g_assert_nonnull (button);

  return button;
}

/* The state badge of the run bar: the label with "state-badge" beside the Run button. */
static GtkLabel *
run_state_label (Fixture *fixture)
{
  GtkWidget *bar = gtk_widget_get_parent (run_button (fixture));

  for (GtkWidget *child = gtk_widget_get_first_child (bar);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "state-badge"))
      return GTK_LABEL (child);

  g_assert_not_reached ();
}

static gboolean
can_run (gpointer data)
{
  return gtk_widget_is_sensitive (run_button (data));
}

typedef struct
{
  Fixture    *fixture;
  const char *state;
} StateWait;

static gboolean
run_bar_shows_state (gpointer data)
{
  StateWait *wait = data;
  GtkLabel *label = run_state_label (wait->fixture);

  return gtk_widget_get_visible (GTK_WIDGET (label))
         && g_strcmp0 (gtk_label_get_label (label), wait->state) == 0;
}

static gboolean
run_bar_ended (gpointer data)
{
  GtkLabel *label = run_state_label (data);
  const char *state = gtk_label_get_label (label);

  return gtk_widget_get_visible (GTK_WIDGET (label))
         && (g_str_equal (state, "COMPLETED") || g_str_equal (state, "FAILED")
             || g_str_equal (state, "CANCELED"));
}

static gboolean
run_over (gpointer data)
{
  Fixture *fixture = data;

  return !gtk_widget_is_sensitive (pane_find (fixture, is_button_for_action, "editor.stop"));
}

static void
wait_for_run_state (Fixture    *fixture,
                    const char *state)
{
  StateWait wait = { fixture, state };

  glaux_test_wait_until (run_bar_shows_state, &wait, RUN_TIMEOUT_MS);
  g_assert_cmpstr (gtk_label_get_label (run_state_label (fixture)), ==, state);
}

/* Runs the current tab once the session is IDLE and returns the state it ends in. */
static const char *
run_code (Fixture    *fixture,
          const char *code)
{
  set_code (fixture, code);
  glaux_test_wait_until (can_run, fixture, RUN_TIMEOUT_MS);
  g_assert_true (gtk_widget_is_sensitive (run_button (fixture)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.run", NULL));
  /* At once: the run has taken the session and Run waits for it. */
  g_assert_false (gtk_widget_is_sensitive (run_button (fixture)));

  glaux_test_wait_until (run_bar_ended, fixture, RUN_TIMEOUT_MS);
  /* Polling saw the end; the run is over once its final answer is in and Stop goes off. */
  glaux_test_wait_until (run_over, fixture, RUN_TIMEOUT_MS);

  return gtk_label_get_label (run_state_label (fixture));
}

static GtkWidget *
calculation_view (Fixture *fixture)
{
  GtkWidget *view = pane_find (fixture, is_of_type, GSIZE_TO_POINTER (GLAUX_TYPE_CALCULATION_VIEW));

  g_assert_nonnull (view);

  return view;
}

static gboolean
result_grid_has_rows (gpointer data)
{
  GtkWidget *grid = find_widget (calculation_view (data), is_of_type,
                                 GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GListModel *model;

  if (grid == NULL || !gtk_widget_is_drawable (grid))
    return FALSE;
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (grid)));

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

/* Output or Errors: the calculation view's tabs. */
static void
show_tab (Fixture    *fixture,
          const char *name)
{
  GtkWidget *stack = find_widget (calculation_view (fixture), is_of_type,
                                  GSIZE_TO_POINTER (ADW_TYPE_VIEW_STACK));

  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
}

static gboolean
is_history_list (GtkWidget     *widget,
                 gconstpointer  unused)
{
  GListModel *model;

  if (!GTK_IS_LIST_VIEW (widget))
    return FALSE;
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (widget)));
  if (!GTK_IS_SINGLE_SELECTION (model))
    return FALSE;
  model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));

  return model != NULL && g_list_model_get_item_type (model) == GLAUX_TYPE_CALCULATION;
}

static GListModel *
history_model (Fixture *fixture)
{
  GtkWidget *list = pane_find (fixture, is_history_list, NULL);

  g_assert_nonnull (list);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

/* ---- Fixture ---------------------------------------------------------------------------- */

static GlauxSessionWatch *
start_session (Fixture    *fixture,
               const char *workgroup,
               const char *description)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (workgroup);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxSession) session = NULL;
  GlauxSessionWatch *watch;

  params->description = g_strdup (description);
  params->max_concurrent_dpus = 4;
  params->idle_timeout_minutes = 20;
  glaux_athena_client_start_session_async (fixture_client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_start_session_finish (fixture_client (fixture), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  watch = glaux_session_monitor_add_session (fixture->monitor, session);
  g_assert_nonnull (watch);
  glaux_session_monitor_set_focus (fixture->monitor, watch);

  return watch;
}

static void
fixture_open_window (Fixture         *fixture,
                     GlauxDraftStore *store)
{
  AdwToastOverlay *overlay;

  fixture->page = glaux_session_page_new ();
  fixture->pane = GLAUX_EDITOR_PANE (find_widget (GTK_WIDGET (fixture->page), is_of_type,
                                                  GSIZE_TO_POINTER (GLAUX_TYPE_EDITOR_PANE)));
  g_assert_nonnull (fixture->pane);
  if (store != NULL)
    glaux_editor_pane_set_draft_store (fixture->pane, store);

  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (overlay, GTK_WIDGET (fixture->page));

  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 1200, 800);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (overlay));
  gtk_window_present (fixture->window);
  glaux_test_set_timeout_hook (show_window_on_timeout, fixture->window);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  if (fixture->watch != NULL)
    glaux_session_page_set_watch (fixture->page, fixture->monitor, fixture->watch);
}

static void
fixture_close_window (Fixture *fixture)
{
  glaux_test_set_timeout_hook (NULL, NULL);
  g_clear_pointer (&fixture->window, gtk_window_destroy);
  fixture->page = NULL;
  fixture->pane = NULL;
  glaux_test_ui_iterate (50);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static guint counter;
  gboolean connected;

  fixture->data_dir = g_strdup_printf ("%s/local-%u", glaux_test_get_home (), ++counter);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  glaux_connection_connect_async (fixture->connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  connected = glaux_connection_connect_finish (fixture->connection, result, &error);
  g_assert_no_error (error);
  g_assert_true (connected);

  fixture->monitor = glaux_session_monitor_new (fixture->connection);
  glaux_session_monitor_set_intervals (fixture->monitor, 100, 300);
  glaux_session_monitor_set_workgroup (fixture->monitor, "primary");
  glaux_session_monitor_start (fixture->monitor);

  /* Drafts of each test in their own folder: the workspace key is the same for all. */
  fixture->drafts_dir = g_strdup_printf ("%s/drafts-%u", glaux_test_get_home (), counter);
  fixture->store = glaux_draft_store_new (fixture->drafts_dir);

  fixture->watch = start_session (fixture, "primary", "Editor test");
  fixture_open_window (fixture, fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  glaux_draft_store_flush (fixture->store);
  glaux_session_monitor_stop (fixture->monitor);
  fixture_close_window (fixture);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->drafts_dir, g_free);
  glaux_connection_disconnect (fixture->connection);
  fixture->watch = NULL;
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->data_dir, g_free);
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void
test_editor_sql (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkDropDown *language;
  GlauxEditorPage *page;
  g_autofree char *opened = NULL;
  guint n_tabs;

  page = current_page (fixture);
  g_assert_cmpstr (glaux_editor_page_get_language (page), ==, "python");

  /* The tab's toggle makes it SQL; the code gets the %%sql magic when it runs. */
  language = GTK_DROP_DOWN (pane_find (fixture, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN)));
  g_assert_nonnull (language);
  gtk_drop_down_set_selected (language, 1);
  g_assert_cmpstr (glaux_editor_page_get_language (page), ==, "sql");

  set_code (fixture, "SELECT 1 AS one, 'x' AS two");
  g_assert_cmpstr (glaux_editor_page_get_title (page), ==, "SELECT 1 AS one, 'x' AS two");
  glaux_test_wait_until (can_run, fixture, RUN_TIMEOUT_MS);
  glaux_test_ui_save_screenshot (window, "editor-sql-code");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  glaux_test_ui_save_screenshot (window, "editor-sql-code-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_assert_cmpstr (run_code (fixture, "SELECT 1 AS one, 'x' AS two"), ==, "COMPLETED");
  glaux_test_wait_until (result_grid_has_rows, fixture, RUN_TIMEOUT_MS);
  g_assert_nonnull (find_widget (calculation_view (fixture), shows_text, "one"));
  g_assert_nonnull (find_widget (gtk_widget_get_parent (run_button (fixture)), shows_text,
                                 "DPU-ms"));

  /* The run is in the history, selected. */
  g_assert_cmpuint (g_list_model_get_n_items (history_model (fixture)), ==, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (history_model (fixture))),
                    ==, 0);
  glaux_test_ui_save_screenshot (window, "editor-sql-result");

  /* Open in Editor: the code, magic included, in a new SQL tab. */
  n_tabs = adw_tab_view_get_n_pages (pane_tab_view (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.open-in-editor",
                                             NULL));
  g_assert_cmpint (adw_tab_view_get_n_pages (pane_tab_view (fixture)), ==, n_tabs + 1);
  page = current_page (fixture);
  opened = page_text (page);
  g_assert_cmpstr (opened, ==, "%%sql\nSELECT 1 AS one, 'x' AS two");
  g_assert_cmpstr (glaux_editor_page_get_language (page), ==, "sql");
  g_assert_cmpstr (glaux_editor_page_get_title (page), ==, "SELECT 1 AS one, 'x' AS two");

  /* Find: the bar opens with the word and selects the first match. */
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (glaux_editor_page_get_buffer (page)),
                            "%%sql\nSELECT one FROM t\nWHERE one > 1", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.find", NULL));
  g_assert_true (glaux_editor_page_get_find_open (page));
  {
    GtkWidget *entry = find_widget (GTK_WIDGET (page), is_of_type,
                                    GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (glaux_editor_page_get_buffer (page));
    GtkTextIter start;
    GtkTextIter end;
    g_autofree char *selected = NULL;

    gtk_editable_set_text (GTK_EDITABLE (entry), "one");
    wait_for_widget (GTK_WIDGET (page), shows_text, "of 2");
    g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
    selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (selected, ==, "one");
    g_assert_cmpint (gtk_text_iter_get_line (&start), ==, 1);
    glaux_test_ui_save_screenshot (window, "editor-find-bar");

    /* Enter goes to the next match, on the third line. */
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
    g_assert_cmpint (gtk_text_iter_get_line (&start), ==, 2);
  }
}

static void
test_editor_python (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  g_assert_cmpstr (run_code (fixture, "print(\"hello\")"), ==, "COMPLETED");
  show_tab (fixture, "output");
  wait_for_widget (calculation_view (fixture), shows_text, "hello");
  glaux_test_ui_save_screenshot (window, "editor-python-output");

  g_assert_cmpstr (run_code (fixture, "x = 1\n1/0\n"), ==, "FAILED");
  /* The Errors tab is selected by itself, with the traceback. */
  wait_for_widget (calculation_view (fixture), shows_text, "ZeroDivisionError");
  g_assert_cmpuint (g_list_model_get_n_items (history_model (fixture)), ==, 2);
  glaux_test_ui_save_screenshot (window, "editor-python-traceback");

  /* A long calculation, stopped: it ends, and the run bar says how. */
  set_code (fixture, "import time\ntime.sleep(120)\n");
  glaux_test_wait_until (can_run, fixture, RUN_TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.run", NULL));
  wait_for_run_state (fixture, "RUNNING");
  g_assert_true (gtk_widget_is_sensitive (pane_find (fixture, is_button_for_action,
                                                     "editor.stop")));
  glaux_test_ui_save_screenshot (window, "editor-python-running");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.stop", NULL));
  glaux_test_wait_until (run_bar_ended, fixture, RUN_TIMEOUT_MS);
  glaux_test_wait_until (run_over, fixture, RUN_TIMEOUT_MS);
  g_assert_cmpstr (gtk_label_get_label (run_state_label (fixture)), ==, "CANCELED");
  g_assert_false (gtk_widget_is_sensitive (pane_find (fixture, is_button_for_action,
                                                      "editor.stop")));
  glaux_test_ui_save_screenshot (window, "editor-python-canceled");
}

static void
test_editor_drafts (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GlauxDraftStore) store = NULL;
  g_autofree char *text = NULL;
  GlauxEditorPage *page;

  set_code (fixture, "# first draft\nprint(42)\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.new-tab", NULL));
  g_assert_cmpint (adw_tab_view_get_n_pages (pane_tab_view (fixture)), ==, 2);
  set_code (fixture, "%%sql\nSELECT 2");
  g_assert_cmpstr (glaux_editor_page_get_language (current_page (fixture)), ==, "sql");
  glaux_draft_store_flush (fixture->store);

  /* The pane goes, a new one for the same workspace brings the tabs back. */
  fixture_close_window (fixture);
  fixture_open_window (fixture, fixture->store);
  glaux_test_wait_until (has_tabs, fixture, 30000);
  g_assert_cmpint (adw_tab_view_get_n_pages (pane_tab_view (fixture)), ==, 2);
  page = GLAUX_EDITOR_PAGE (adw_tab_page_get_child (adw_tab_view_get_nth_page (pane_tab_view (fixture), 0)));
  text = page_text (page);
  g_assert_cmpstr (text, ==, "# first draft\nprint(42)\n");
  g_assert_cmpstr (glaux_editor_page_get_title (page), ==, "first draft");
  g_clear_pointer (&text, g_free);
  page = GLAUX_EDITOR_PAGE (adw_tab_page_get_child (adw_tab_view_get_nth_page (pane_tab_view (fixture), 1)));
  text = page_text (page);
  g_assert_cmpstr (text, ==, "%%sql\nSELECT 2");
  g_assert_cmpstr (glaux_editor_page_get_language (page), ==, "sql");
  g_clear_pointer (&text, g_free);

  /* A restart: a new store on the same folder reads what the old one wrote. */
  fixture_close_window (fixture);
  store = glaux_draft_store_new (fixture->drafts_dir);
  fixture_open_window (fixture, store);
  glaux_test_wait_until (has_tabs, fixture, 30000);
  g_assert_cmpint (adw_tab_view_get_n_pages (pane_tab_view (fixture)), ==, 2);
  page = GLAUX_EDITOR_PAGE (adw_tab_page_get_child (adw_tab_view_get_nth_page (pane_tab_view (fixture), 0)));
  text = page_text (page);
  g_assert_cmpstr (text, ==, "# first draft\nprint(42)\n");
  g_clear_pointer (&text, g_free);

  /* Closing an empty tab removes its draft without asking. */
  adw_tab_view_set_selected_page (pane_tab_view (fixture),
                                  adw_tab_view_get_nth_page (pane_tab_view (fixture), 1));
  set_code (fixture, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.close-tab", NULL));
  g_assert_cmpint (adw_tab_view_get_n_pages (pane_tab_view (fixture)), ==, 1);
  glaux_draft_store_flush (store);
  {
    g_autoptr(GPtrArray) drafts = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *workspace = g_strdup_printf ("%s/primary",
                                                  glaux_connection_get_id (fixture->connection));

    drafts = glaux_draft_store_load (store, workspace, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (drafts->len, ==, 1);
    g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->text, ==,
                     "# first draft\nprint(42)\n");
  }

  /* A tab with code asks first; cancelling keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "editor.close-tab", NULL));
  glaux_test_ui_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“first draft”"));
    glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "editor-close-tab-dialog");
    g_signal_emit_by_name (dialog, "response", "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_assert_cmpint (adw_tab_view_get_n_pages (pane_tab_view (fixture)), ==, 1);
}

static gboolean
session_ended (gpointer data)
{
  GlauxSession *session = glaux_session_watch_get_session (GLAUX_SESSION_WATCH (data));

  return glaux_session_get_state (session) == GLAUX_SESSION_STATE_TERMINATED;
}

static void
test_editor_session_ended (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSession *session = glaux_session_watch_get_session (fixture->watch);

  set_code (fixture, "print(1)");
  glaux_test_wait_until (can_run, fixture, RUN_TIMEOUT_MS);

  glaux_athena_client_terminate_session_async (fixture_client (fixture),
                                               glaux_session_get_id (session), session, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  glaux_athena_client_terminate_session_finish (fixture_client (fixture), result, NULL, &error);
  g_assert_no_error (error);
  glaux_session_monitor_add_session (fixture->monitor, session);
  glaux_test_wait_until (session_ended, fixture->watch, 30000);

  /* Run says why it cannot; the draft is still there to copy. */
  g_assert_false (gtk_widget_is_sensitive (run_button (fixture)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (run_button (fixture)),
                            "The session has ended"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (glaux_editor_page_get_view (current_page (fixture)))));
  glaux_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "editor-session-ended");
}

static void
test_editor_spark_connect (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new ("spark35");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSessionWatch *watch;
  gboolean created;

  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (fixture->pane)));

  params->selected_engine_version = g_strdup (SPARK_3_5);
  params->output_location = g_strdup ("s3://glaux-local-results/spark35/");
  glaux_athena_client_create_work_group_async (fixture_client (fixture), params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  created = glaux_athena_client_create_work_group_finish (fixture_client (fixture), result, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  glaux_session_monitor_set_workgroup (fixture->monitor, "spark35");

  watch = start_session (fixture, "spark35", "Spark Connect session");
  glaux_session_page_set_watch (fixture->page, fixture->monitor, watch);
  wait_for_widget (GTK_WIDGET (fixture->page), shows_text, "needs a Spark Connect client");
  glaux_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->pane)));
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

  g_test_add ("/glaux/ui/Editor/sql", Fixture, NULL,
              fixture_set_up, test_editor_sql, fixture_tear_down);
  g_test_add ("/glaux/ui/Editor/python", Fixture, NULL,
              fixture_set_up, test_editor_python, fixture_tear_down);
  g_test_add ("/glaux/ui/Editor/drafts", Fixture, NULL,
              fixture_set_up, test_editor_drafts, fixture_tear_down);
  g_test_add ("/glaux/ui/Editor/session-ended", Fixture, NULL,
              fixture_set_up, test_editor_session_ended, fixture_tear_down);
  g_test_add ("/glaux/ui/Editor/spark-connect", Fixture, NULL,
              fixture_set_up, test_editor_spark_connect, fixture_tear_down);

  return g_test_run ();
}
