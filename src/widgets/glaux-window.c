/* glaux-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-connection-dialog.h"
#include "glaux-window.h"

struct _GlauxWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;
  GlauxConnectionList  *connections;
  GlauxHistoryStore    *history_store;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *view_stack;
};

G_DEFINE_FINAL_TYPE (GlauxWindow, glaux_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The size is saved only while the window is neither maximised nor fullscreen, so un-maximising
 * after a restart goes back to the size the user chose. */
static void
glaux_window_save_state (GlauxWindow *self)
{
  int width;
  int height;

  g_assert (GLAUX_IS_WINDOW (self));

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));

  if (gtk_window_is_maximized (GTK_WINDOW (self)) || gtk_window_is_fullscreen (GTK_WINDOW (self)))
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
}

static void
glaux_window_restore_state (GlauxWindow *self)
{
  int width;
  int height;

  g_assert (GLAUX_IS_WINDOW (self));

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static GlauxConnectionView *
find_view (GlauxWindow *self,
           const char  *id)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->view_stack, id);

  return child != NULL ? GLAUX_CONNECTION_VIEW (child) : NULL;
}

gboolean
glaux_window_show_connection (GlauxWindow *self,
                              const char  *id)
{
  GlauxConnectionView *view;

  g_return_val_if_fail (GLAUX_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  view = find_view (self, id);
  if (view == NULL)
    {
      GlauxConnection *connection = glaux_connection_list_lookup (self->connections, id);

      if (connection == NULL)
        return FALSE;

      view = glaux_connection_view_new (connection, self->connections);
      if (self->history_store != NULL)
        glaux_session_monitor_set_history_store (glaux_connection_view_get_monitor (view),
                                                 self->history_store);
      gtk_stack_add_named (self->view_stack, GTK_WIDGET (view), id);
    }

  gtk_stack_set_visible_child (self->view_stack, GTK_WIDGET (view));
  g_settings_set_string (self->settings, "active-connection", id);

  return TRUE;
}

void
glaux_window_set_history_store (GlauxWindow       *self,
                                GlauxHistoryStore *store)
{
  g_return_if_fail (GLAUX_IS_WINDOW (self));
  g_return_if_fail (store == NULL || GLAUX_IS_HISTORY_STORE (store));

  g_set_object (&self->history_store, store);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    glaux_session_monitor_set_history_store (glaux_connection_view_get_monitor (GLAUX_CONNECTION_VIEW (child)),
                                             store);
}

GlauxConnectionView *
glaux_window_get_visible_view (GlauxWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (GLAUX_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->view_stack);

  return child != NULL ? GLAUX_CONNECTION_VIEW (child) : NULL;
}

/* A connection that left the list (removed, or its profile deleted) takes its view along; if it
 * was shown, "This computer" takes its place. */
static void
connections_changed_cb (GlauxWindow *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack));
  gboolean visible_removed = FALSE;

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      GlauxConnection *connection = glaux_connection_view_get_connection (GLAUX_CONNECTION_VIEW (child));

      if (glaux_connection_list_lookup (self->connections, glaux_connection_get_id (connection)) != connection)
        {
          visible_removed |= child == gtk_stack_get_visible_child (self->view_stack);
          gtk_stack_remove (self->view_stack, child);
        }

      child = next;
    }

  if (visible_removed || gtk_stack_get_visible_child (self->view_stack) == NULL)
    glaux_window_show_connection (self, "local");
}

static void
switch_connection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GlauxWindow *self = GLAUX_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (!glaux_window_show_connection (self, id))
    {
      g_autofree char *text = g_strdup_printf (_("There is no connection “%s” any more"), id);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
}

static void
connection_saved_cb (GlauxWindow     *self,
                     GlauxConnection *connection)
{
  glaux_window_show_connection (self, glaux_connection_get_id (connection));
}

static void
show_connection_dialog (GlauxWindow     *self,
                        GlauxConnection *connection)
{
  GlauxConnectionDialog *dialog = glaux_connection_dialog_new (GTK_WINDOW (self), self->connections,
                                                               connection);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (connection_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_connection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  show_connection_dialog (GLAUX_WINDOW (widget), NULL);
}

static void
edit_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxWindow *self = GLAUX_WINDOW (widget);
  GlauxConnection *connection;

  connection = glaux_connection_list_lookup (self->connections, g_variant_get_string (parameter, NULL));
  if (connection != NULL && glaux_connection_get_kind (connection) == GLAUX_CONNECTION_KIND_KEYS)
    show_connection_dialog (self, connection);
}

static void
reload_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlauxWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_connection_list_reload_finish (GLAUX_CONNECTION_LIST (object), result, &error))
    {
      g_autofree char *text = g_markup_escape_text (error->message, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
}

static void
reload_profiles_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxWindow *self = GLAUX_WINDOW (widget);

  glaux_connection_list_reload_async (self->connections, NULL, reload_finished_cb, g_object_ref (self));
}

/* Window-wide shortcuts act on the connection shown. */
static void
forward_to_view_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxConnectionView *view = glaux_window_get_visible_view (GLAUX_WINDOW (widget));
  g_autofree char *view_action = g_strconcat ("view.", strchr (action_name, '.') + 1, NULL);

  if (view != NULL)
    gtk_widget_activate_action (GTK_WIDGET (view), view_action, NULL);
}

static gboolean
glaux_window_close_request (GtkWindow *window)
{
  glaux_window_save_state (GLAUX_WINDOW (window));

  return GTK_WINDOW_CLASS (glaux_window_parent_class)->close_request (window);
}

static void
glaux_window_constructed (GObject *object)
{
  GlauxWindow *self = (GlauxWindow *)object;
  g_autofree char *active = NULL;

  G_OBJECT_CLASS (glaux_window_parent_class)->constructed (object);

  g_signal_connect_object (self->connections, "items-changed",
                           G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);

  /* The connection of the last run when it is still there; "This computer" otherwise, so the
   * first start always opens on something that works. */
  active = g_settings_get_string (self->settings, "active-connection");
  if (!glaux_window_show_connection (self, active))
    glaux_window_show_connection (self, "local");
}

static void
glaux_window_dispose (GObject *object)
{
  GlauxWindow *self = (GlauxWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_WINDOW);
  g_clear_object (&self->connections);
  g_clear_object (&self->history_store);

  G_OBJECT_CLASS (glaux_window_parent_class)->dispose (object);
}

static void
glaux_window_finalize (GObject *object)
{
  GlauxWindow *self = (GlauxWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (glaux_window_parent_class)->finalize (object);
}

static void
glaux_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GlauxWindow *self = GLAUX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTIONS:
      self->connections = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GlauxWindow *self = GLAUX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_window_class_init (GlauxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = glaux_window_constructed;
  object_class->dispose = glaux_window_dispose;
  object_class->finalize = glaux_window_finalize;
  object_class->get_property = glaux_window_get_property;
  object_class->set_property = glaux_window_set_property;

  window_class->close_request = glaux_window_close_request;

  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, GLAUX_TYPE_CONNECTION_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "win.switch-connection", "s", switch_connection_action);
  gtk_widget_class_install_action (widget_class, "win.add-connection", NULL, add_connection_action);
  gtk_widget_class_install_action (widget_class, "win.edit-connection", "s", edit_connection_action);
  gtk_widget_class_install_action (widget_class, "win.reload-profiles", NULL, reload_profiles_action);
  gtk_widget_class_install_action (widget_class, "win.new-session", NULL, forward_to_view_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, forward_to_view_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-session", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

static void
glaux_window_init (GlauxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_ID);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  glaux_window_restore_state (self);
}

GlauxWindow *
glaux_window_new (GtkApplication      *application,
                  GlauxConnectionList *connections)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (connections), NULL);

  return g_object_new (GLAUX_TYPE_WINDOW,
                       "application", application,
                       "connections", connections,
                       NULL);
}

void
glaux_window_add_toast (GlauxWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (GLAUX_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
