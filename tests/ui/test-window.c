/* test-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "glaux-application.h"
#include "glaux-preferences-window.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"
#include "glaux-window.h"

static GlauxApplication *app;

static GlauxWindow *
open_main_window (void)
{
  GlauxWindow *window;

  g_application_activate (G_APPLICATION (app));
  glaux_test_ui_wait_for_window (GLAUX_TYPE_WINDOW);
  window = GLAUX_WINDOW (glaux_test_ui_find_window (GLAUX_TYPE_WINDOW));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 3);

  return window;
}

static gboolean
no_main_window (gpointer data)
{
  return glaux_test_ui_find_window (GLAUX_TYPE_WINDOW) == NULL;
}

static void
close_main_window (GlauxWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  glaux_test_wait_until (no_main_window, NULL, 5000);
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action_name)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL && menu_has_action (section, action_name))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_str_equal (action, action_name))
        return TRUE;
    }

  return FALSE;
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (child)))
        return GTK_MENU_BUTTON (child);
      if ((found = find_primary_menu_button (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_window_opens_on_this_computer (void)
{
  GlauxWindow *window = open_main_window ();
  GlauxConnectionView *view;
  GtkMenuButton *menu_button;
  GMenuModel *menu;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Glaux");

  view = glaux_window_get_visible_view (window);
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpstr (glaux_connection_get_id (glaux_connection_view_get_connection (view)), ==, "local");

  menu_button = find_primary_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  menu = gtk_menu_button_get_menu_model (menu_button);
  g_assert_true (menu_has_action (menu, "app.preferences"));
  g_assert_true (menu_has_action (menu, "win.show-help-overlay"));
  g_assert_true (menu_has_action (menu, "app.about"));

  close_main_window (window);
}

static void
test_window_state_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  GlauxWindow *window;
  int width;
  int height;

  window = open_main_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  glaux_test_ui_wait_for_frames (GTK_WIDGET (window), 2);
  close_main_window (window);

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = open_main_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  g_settings_set_boolean (settings, "window-maximized", TRUE);
  close_main_window (window);
  /* Closing writes the real state back: the window was not maximized. */
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_preferences_style (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GlauxWindow *window = open_main_window ();
  GtkWindow *preferences;
  AdwComboRow *style_row;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  glaux_test_ui_wait_for_window (GLAUX_TYPE_PREFERENCES_WINDOW);
  preferences = glaux_test_ui_find_window (GLAUX_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  glaux_test_ui_save_screenshot (GTK_WIDGET (preferences), "preferences");

  style_row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (style_row);
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 0);

  adw_combo_row_set_selected (style_row, 2);
  g_assert_cmpstr (g_settings_get_string (settings, "style-variant"), ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  gtk_window_close (preferences);
  glaux_test_ui_save_screenshot (GTK_WIDGET (window), "window-dark");

  g_settings_set_string (settings, "style-variant", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_reset (settings, "style-variant");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_DEFAULT);

  close_main_window (window);
}

static void
test_shortcuts_window (void)
{
  GlauxWindow *window = open_main_window ();
  GtkWindow *shortcuts;

  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  glaux_test_ui_wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW);
  shortcuts = glaux_test_ui_find_window (GTK_TYPE_SHORTCUTS_WINDOW);
  glaux_test_ui_save_screenshot (GTK_WIDGET (shortcuts), "shortcuts");
  gtk_window_close (shortcuts);

  close_main_window (window);
}

static void
test_about_window (void)
{
  GlauxWindow *window = open_main_window ();
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  glaux_test_ui_wait_for_window (ADW_TYPE_ABOUT_WINDOW);
  about = glaux_test_ui_find_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Glaux");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  glaux_test_ui_save_screenshot (GTK_WIDGET (about), "about");
  gtk_window_close (about);

  close_main_window (window);
}

static void
test_accelerators (void)
{
  g_auto(GStrv) preferences = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     "app.preferences");
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_auto(GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                              "win.show-help-overlay");

  g_assert_cmpstr (preferences[0], ==, "<Control>comma");
  g_assert_cmpstr (quit[0], ==, "<Control>q");
  g_assert_nonnull (help[0]);
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

  g_test_add_func ("/glaux/ui/Window/opens-on-this-computer", test_window_opens_on_this_computer);
  g_test_add_func ("/glaux/ui/Window/state-saved", test_window_state_saved);
  g_test_add_func ("/glaux/ui/Window/accelerators", test_accelerators);
  g_test_add_func ("/glaux/ui/Preferences/style", test_preferences_style);
  g_test_add_func ("/glaux/ui/Shortcuts/window", test_shortcuts_window);
  g_test_add_func ("/glaux/ui/About/window", test_about_window);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
