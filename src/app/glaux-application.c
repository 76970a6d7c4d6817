/* glaux-application.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-application"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-application.h"
#include "glaux-connection-list.h"
#include "glaux-cost-model.h"
#include "glaux-history-store.h"
#include "glaux-local-process.h"
#include "glaux-preferences-window.h"
#include "glaux-resources.h"
#include "glaux-window.h"

struct _GlauxApplication
{
  AdwApplication  parent_instance;

  GSettings            *settings;
  GlauxConnectionList  *connections;
  GlauxHistoryStore    *history_store;
};

G_DEFINE_FINAL_TYPE (GlauxApplication, glaux_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static void
glaux_application_apply_style (GlauxApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
style_variant_changed_cb (GlauxApplication *self,
                          const char       *key,
                          GSettings        *settings)
{
  glaux_application_apply_style (self);
}

static void
price_overrides_changed_cb (GlauxApplication *self)
{
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, "dpu-price-overrides");

  glaux_cost_model_set_price_overrides (glaux_cost_model_get_default (), overrides);
}

static void
profiles_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A broken ~/.aws/config must not stop Glaux: "This computer" still works, and the
   * connection switcher offers to reload once the file is fixed. */
  if (!glaux_connection_list_reload_finish (GLAUX_CONNECTION_LIST (object), result, &error))
    g_warning ("Could not read the AWS configuration: %s", error->message);
}

static void
history_store_opened_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GlauxApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->history_store = glaux_history_store_new_finish (result, &error);
  if (self->history_store == NULL)
    {
      /* Without history the live views still work; only the charts of the past are missing. */
      g_warning ("Could not open the DPU history: %s", error->message);
      return;
    }

  g_settings_bind (self->settings, "history-retention-days",
                   self->history_store, "retention-days", G_SETTINGS_BIND_GET);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GLAUX_IS_WINDOW (l->data))
      glaux_window_set_history_store (l->data, self->history_store);
}

static void
glaux_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  GtkApplication *app = user_data;
  GlauxPreferencesWindow *preferences;

  preferences = glaux_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
glaux_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "The Glaux authors", NULL };
  GtkApplication *app = user_data;

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Glaux"),
                         "application-icon", BASE_ID,
                         "developer-name", _("The Glaux authors"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORT_URL,
                         "comments", _("A desktop console for Amazon Athena for Apache Spark: "
                                       "sessions, calculations, results, DPU usage and cost, "
                                       "and benchmark comparisons."),
                         "developers", developers,
                         "copyright", "© 2026 The Glaux authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
glaux_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window lets it save its state before the application goes away. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }

  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "preferences", glaux_application_preferences_action },
  { "about", glaux_application_about_action },
  { "quit", glaux_application_quit_action },
};

static void
glaux_application_load_connections (GlauxApplication *self)
{
  g_autofree char *program = glaux_local_process_find_program ();
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "glaux", "local", NULL);

  /* Without a glaux-local program the local connection reports that itself, in the window. */
  self->connections = glaux_connection_list_new (self->settings,
                                                 program != NULL ? program : "glaux-local",
                                                 data_dir, NULL);
  glaux_connection_list_reload_async (self->connections, NULL, profiles_loaded_cb, NULL);
}

static int
glaux_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (glaux_application_parent_class)->handle_local_options (application,
                                                                                    options);
}

static void
glaux_application_startup (GApplication *application)
{
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  GlauxApplication *self = GLAUX_APPLICATION (application);

  G_APPLICATION_CLASS (glaux_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  self->settings = g_settings_new (BASE_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
  glaux_application_apply_style (self);
  g_signal_connect_object (self->settings, "changed::dpu-price-overrides",
                           G_CALLBACK (price_overrides_changed_cb), self, G_CONNECT_SWAPPED);
  price_overrides_changed_cb (self);

  glaux_application_load_connections (self);
  glaux_history_store_new_async (NULL, g_settings_get_uint (self->settings, "history-retention-days"),
                                 NULL, history_store_opened_cb, g_object_ref (self));
}

static void
glaux_application_shutdown (GApplication *application)
{
  GlauxApplication *self = GLAUX_APPLICATION (application);

  /* glaux-local is ours: it stops with Glaux. */
  if (self->connections != NULL)
    glaux_connection_list_shutdown (self->connections);

  G_APPLICATION_CLASS (glaux_application_parent_class)->shutdown (application);
}

static void
glaux_application_activate (GApplication *application)
{
  GlauxApplication *self = GLAUX_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (glaux_window_new (GTK_APPLICATION (application), self->connections));
      if (self->history_store != NULL)
        glaux_window_set_history_store (GLAUX_WINDOW (window), self->history_store);
    }

  gtk_window_present (window);
}

static void
glaux_application_finalize (GObject *object)
{
  GlauxApplication *self = (GlauxApplication *)object;

  g_clear_object (&self->connections);
  g_clear_object (&self->history_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (glaux_application_parent_class)->finalize (object);
}

static void
glaux_application_class_init (GlauxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = glaux_application_finalize;

  app_class->activate = glaux_application_activate;
  app_class->startup = glaux_application_startup;
  app_class->shutdown = glaux_application_shutdown;
  app_class->handle_local_options = glaux_application_handle_local_options;

  /* The resources sit in a static library: registering them by hand keeps the linker
   * from dropping them along with their constructor. */
  glaux_register_resource ();
}

static void
glaux_application_init (GlauxApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
}

GlauxApplication *
glaux_application_new (GApplicationFlags flags)
{
  return g_object_new (GLAUX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
