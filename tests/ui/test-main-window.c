/* test-main-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window end to end against the glaux-local that Glaux starts itself: first start,
 * workgroups, sessions from start to termination, error toasts and the network-loss banner.
 * The tests share one window and run in order, like a user's afternoon.
 */

#include "config.h"

#include <signal.h>

#include <adwaita.h>

#include "glaux-application.h"
#include "glaux-connection-view.h"
#include "glaux-session-page.h"
#include "glaux-start-session-dialog.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"
#include "glaux-window.h"
#include "glaux-workgroup-dialog.h"

static GlauxApplication *app;
static GlauxWindow *window;

#define WAIT_MS 20000

static GlauxConnectionView *
current_view (void)
{
  return glaux_window_get_visible_view (window);
}

static GObject *
view_child (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (current_view ()), GLAUX_TYPE_CONNECTION_VIEW, name);
}

static GlauxAthenaClient *
athena (void)
{
  return glaux_connection_get_athena_client (glaux_connection_view_get_connection (current_view ()));
}

static gboolean
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child)
          && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (find_label_containing (child, text))
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
workgroup_listed (gpointer data)
{
  GListModel *workgroups = glaux_session_monitor_get_workgroups (glaux_connection_view_get_monitor (current_view ()));

  for (guint i = 0; i < g_list_model_get_n_items (workgroups); i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (workgroups, i);

      if (g_strcmp0 (glaux_workgroup_get_name (workgroup), data) == 0
          && glaux_workgroup_get_effective_engine_version (workgroup) != NULL)
        return TRUE;
    }

  return FALSE;
}

static GlauxSessionWatch *
shown_watch (void)
{
  return glaux_session_page_get_watch (GLAUX_SESSION_PAGE (view_child ("session_page")));
}

static gboolean
shown_session_in_state (gpointer data)
{
  GlauxSessionWatch *watch = shown_watch ();

  return watch != NULL
         && (int)glaux_session_get_state (glaux_session_watch_get_session (watch)) == GPOINTER_TO_INT (data);
}

static gboolean
monitor_has_history (gpointer data)
{
  return glaux_session_monitor_get_history_store (glaux_connection_view_get_monitor (current_view ())) != NULL;
}

static gboolean
selected_workgroup_is (gpointer data)
{
  GtkListView *list = GTK_LIST_VIEW (view_child ("workgroup_list"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  GlauxWorkgroup *workgroup = gtk_single_selection_get_selected_item (selection);

  return workgroup != NULL && g_strcmp0 (glaux_workgroup_get_name (workgroup), data) == 0;
}

static gboolean
banner_revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (view_child ("banner_revealer"))) == GPOINTER_TO_INT (data);
}

static gboolean
banner_shown (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (view_child ("banner_revealer")));
}

static gboolean
dialog_gone (gpointer data)
{
  return glaux_test_ui_find_window (GPOINTER_TO_SIZE (data)) == NULL;
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  glaux_test_ui_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  return ADW_MESSAGE_DIALOG (glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_first_start (void)
{
  GlauxConnection *connection;

  g_application_activate (G_APPLICATION (app));
  glaux_test_ui_wait_for_window (GLAUX_TYPE_WINDOW);
  window = GLAUX_WINDOW (glaux_test_ui_find_window (GLAUX_TYPE_WINDOW));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);

  /* Never a blank window: the connection view is there from the first frame. */
  connection = glaux_connection_view_get_connection (current_view ());
  g_assert_cmpstr (glaux_connection_get_id (connection), ==, "local");
  g_assert_cmpstr (glaux_connection_get_title (connection), ==, "This computer");

  glaux_test_wait_until (workgroup_listed, (gpointer)"primary", WAIT_MS);
  glaux_test_wait_until (selected_workgroup_is, (gpointer)"primary", WAIT_MS);
  g_assert_cmpint (glaux_connection_get_status (connection), ==, GLAUX_CONNECTION_STATUS_READY);
  g_assert_nonnull (glaux_connection_get_local_process (connection));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child ("sidebar_stack"))), ==,
                   "workgroups");
  glaux_test_wait_until (window_shows_text, (gpointer)"Updated", WAIT_MS);

  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-first-start");
}

static void
test_create_workgroup (void)
{
  GtkWindow *dialog;
  GObject *name_row;

  gtk_widget_activate_action (GTK_WIDGET (current_view ()), "view.new-workgroup", NULL);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_WORKGROUP_DIALOG);
  dialog = glaux_test_ui_find_window (GLAUX_TYPE_WORKGROUP_DIALOG);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (dialog), 2);

  name_row = gtk_widget_get_template_child (GTK_WIDGET (dialog), GLAUX_TYPE_WORKGROUP_DIALOG, "name_row");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "analytics");
  glaux_test_ui_iterate (300);
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "main-new-workgroup");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  glaux_test_wait_until (dialog_gone, GSIZE_TO_POINTER (GLAUX_TYPE_WORKGROUP_DIALOG), WAIT_MS);

  /* The new workgroup is listed and selected, with no sessions yet. */
  glaux_test_wait_until (workgroup_listed, (gpointer)"analytics", WAIT_MS);
  glaux_test_wait_until (selected_workgroup_is, (gpointer)"analytics", WAIT_MS);
  glaux_test_wait_until (window_shows_text, (gpointer)"No Active Sessions", WAIT_MS);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-workgroup-created");
}

static void
test_start_session (void)
{
  GtkWindow *dialog;
  GObject *description_row;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", NULL);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_START_SESSION_DIALOG);
  dialog = glaux_test_ui_find_window (GLAUX_TYPE_START_SESSION_DIALOG);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (dialog), 2);

  description_row = gtk_widget_get_template_child (GTK_WIDGET (dialog), GLAUX_TYPE_START_SESSION_DIALOG,
                                                   "description_row");
  gtk_editable_set_text (GTK_EDITABLE (description_row), "nightly aggregates");
  glaux_test_ui_iterate (200);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.start", NULL);
  glaux_test_wait_until (dialog_gone, GSIZE_TO_POINTER (GLAUX_TYPE_START_SESSION_DIALOG), WAIT_MS);

  /* The session is selected at once and shown on the page; the monitor follows it to IDLE. */
  glaux_test_wait_until (shown_session_in_state, GINT_TO_POINTER (GLAUX_SESSION_STATE_IDLE), WAIT_MS);
  g_assert_cmpstr (glaux_session_get_description (glaux_session_watch_get_session (shown_watch ())), ==,
                   "nightly aggregates");
  glaux_test_wait_until (window_shows_text, (gpointer)"COORDINATOR", WAIT_MS);

  /* The monitor records the session's DPUs in the history database as it watches. */
  glaux_test_wait_until (monitor_has_history, NULL, WAIT_MS);
  {
    g_autofree char *history = g_build_filename (g_get_user_data_dir (), "glaux", "history.db", NULL);

    g_assert_true (g_file_test (history, G_FILE_TEST_IS_REGULAR));
  }
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-session-idle");
}

static void
test_terminate_session (void)
{
  AdwMessageDialog *confirm;

  /* Ended sessions stay listed with the "All" filter, so TERMINATED can be seen. */
  gtk_widget_activate_action (GTK_WIDGET (current_view ()), "view.session-filter", "s", "all");
  gtk_widget_grab_focus (GTK_WIDGET (view_child ("session_list")));
  gtk_widget_activate_action (GTK_WIDGET (current_view ()), "view.terminate-selected", NULL);
  confirm = wait_for_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "nightly aggregates"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (confirm), "main-terminate-confirm");
  adw_message_dialog_response (confirm, "terminate");

  glaux_test_wait_until (shown_session_in_state, GINT_TO_POINTER (GLAUX_SESSION_STATE_TERMINATED), WAIT_MS);
  glaux_test_wait_until (window_shows_text, (gpointer)"TERMINATED", WAIT_MS);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-session-terminated");
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (glaux_athena_client_delete_work_group_finish (GLAUX_ATHENA_CLIENT (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
test_failing_request_toast (void)
{
  gboolean deleted = FALSE;

  /* Someone else deletes the selected workgroup; disabling it then fails on the server. */
  glaux_athena_client_delete_work_group_async (athena (), "analytics", TRUE, NULL, deleted_cb, &deleted);
  glaux_test_wait_until (glaux_test_flag_is_set, &deleted, WAIT_MS);
  gtk_widget_activate_action (GTK_WIDGET (current_view ()), "view.disable-workgroup", NULL);

  glaux_test_wait_until (window_shows_text, (gpointer)"WorkGroup analytics is not found", WAIT_MS);
  g_assert_true (find_label_containing (GTK_WIDGET (window), "InvalidRequestException"));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-error-toast");
}

static void
test_network_loss_banner (void)
{
  GlauxConnection *connection = glaux_connection_view_get_connection (current_view ());
  GlauxLocalProcess *local = glaux_connection_get_local_process (connection);
  GPid old_pid = glaux_local_process_get_pid (local);

  g_assert_cmpint (kill (old_pid, SIGKILL), ==, 0);

  glaux_test_wait_until (banner_revealed, GINT_TO_POINTER (TRUE), WAIT_MS);
  glaux_test_wait_until (banner_shown, NULL, WAIT_MS);
  /* The last known state stays: primary is still listed. */
  g_assert_true (workgroup_listed ((gpointer)"primary"));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-offline-banner");

  gtk_widget_activate_action (GTK_WIDGET (current_view ()), "view.retry", NULL);
  glaux_test_wait_until (banner_revealed, GINT_TO_POINTER (FALSE), WAIT_MS);
  g_assert_cmpint (glaux_connection_get_status (connection), ==, GLAUX_CONNECTION_STATUS_READY);
  g_assert_cmpint (glaux_local_process_get_pid (glaux_connection_get_local_process (connection)), !=, old_pid);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-back-online");
}

static void
test_narrow_window (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (view_child ("leaflet"));

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 4);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 4);
  g_assert_false (adw_leaflet_get_folded (leaflet));
}

static gboolean
connection_failed (gpointer data)
{
  GlauxConnectionView *view = current_view ();

  return g_strcmp0 (glaux_connection_get_id (glaux_connection_view_get_connection (view)), data) == 0
         && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (view_child ("sidebar_stack"))), "failed") == 0;
}

static void
test_switch_connections (void)
{
  GtkWidget *popover = GTK_WIDGET (view_child ("connection_popover"));
  GtkWidget *list_box = GTK_WIDGET (view_child ("connection_list_box"));

  /* The profiles from ~/.aws/config are listed; the SSO one says why it cannot be used. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (view_child ("connection_button")));
  glaux_test_ui_wait_for_frames (popover, 2);
  g_assert_true (find_label_containing (list_box, "lab"));
  g_assert_true (find_label_containing (list_box, "eu-west-1"));
  g_assert_true (find_label_containing (list_box, "sso-team"));
  g_assert_true (find_label_containing (list_box, "SSO"));
  glaux_test_ui_save_screenshot (popover, "main-connections");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* A profile whose endpoint does not answer: the view says so, with the reason. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-connection", "s", "profile:lab");
  glaux_test_wait_until (connection_failed, (gpointer)"profile:lab", WAIT_MS);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "main-profile-unreachable");

  /* Back on This computer, everything is as it was left. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-connection", "s", "local");
  g_assert_cmpstr (glaux_connection_get_id (glaux_connection_view_get_connection (current_view ())), ==, "local");
  g_assert_true (selected_workgroup_is ((gpointer)"analytics"));
  g_assert_true (shown_session_in_state (GINT_TO_POINTER (GLAUX_SESSION_STATE_IDLE)));
}

static void
write_aws_config (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), ".aws", NULL);
  g_autofree char *path = g_build_filename (dir, "config", NULL);
  g_autoptr(GError) error = NULL;
  /* "lab" points at a port nothing listens on; "sso-team" needs SSO, which Glaux lacks. */
  const char *config =
    "[profile lab]\n"
    "region = eu-west-1\n"
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    "endpoint_url = http://127.0.0.1:9\n"
    "\n"
    "[profile sso-team]\n"
    "region = us-east-1\n"
    "sso_start_url = https://example.awsapps.com/start\n"
    "sso_region = us-east-1\n"
    "sso_account_id = 123456789012\n"
    "sso_role_name = Analyst\n";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, config, -1, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  int status;

  /* The renderer the app would choose here (cairo without a GPU, as under Xvfb). */
  glaux_ui_choose_renderer ();
  glaux_test_init (&argc, &argv);

  write_aws_config ();
  settings = g_settings_new (BASE_ID);
  g_settings_set_uint (settings, "poll-fast-seconds", 1);
  g_settings_set_uint (settings, "poll-slow-seconds", 5);

  app = glaux_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/glaux/ui/MainWindow/first-start", test_first_start);
  g_test_add_func ("/glaux/ui/MainWindow/create-workgroup", test_create_workgroup);
  g_test_add_func ("/glaux/ui/MainWindow/start-session", test_start_session);
  g_test_add_func ("/glaux/ui/MainWindow/switch-connections", test_switch_connections);
  g_test_add_func ("/glaux/ui/MainWindow/terminate-session", test_terminate_session);
  g_test_add_func ("/glaux/ui/MainWindow/failing-request-toast", test_failing_request_toast);
  g_test_add_func ("/glaux/ui/MainWindow/network-loss-banner", test_network_loss_banner);
  g_test_add_func ("/glaux/ui/MainWindow/narrow-window", test_narrow_window);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
