/* glaux-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-window.h"

struct _GlauxWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;

  /* Template Widgets */
  AdwHeaderBar         *header_bar;
  GtkMenuButton        *primary_menu_button;
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *welcome_page;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (GlauxWindow, glaux_window, ADW_TYPE_APPLICATION_WINDOW)

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

static gboolean
glaux_window_close_request (GtkWindow *window)
{
  glaux_window_save_state (GLAUX_WINDOW (window));

  return GTK_WINDOW_CLASS (glaux_window_parent_class)->close_request (window);
}

static void
glaux_window_dispose (GObject *object)
{
  GlauxWindow *self = (GlauxWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_WINDOW);

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
glaux_window_class_init (GlauxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = glaux_window_dispose;
  object_class->finalize = glaux_window_finalize;

  window_class->close_request = glaux_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxWindow, window_title);
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
glaux_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (GLAUX_TYPE_WINDOW,
                       "application", application,
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
