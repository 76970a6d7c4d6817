/* glaux-preferences-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-preferences-window.h"

struct _GlauxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;

  /* Template Widgets */
  AdwComboRow          *style_row;
};

G_DEFINE_FINAL_TYPE (GlauxPreferencesWindow, glaux_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Order of the rows in the style combo, matching the schema's choices. */
static const char * const style_variants[] = { "follow", "light", "dark" };

static gboolean
style_variant_to_position (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_variants); i++)
    {
      if (g_str_equal (name, style_variants[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_style_variant (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (style_variants))
    return NULL;

  return g_variant_new_string (style_variants[position]);
}

static void
glaux_preferences_window_dispose (GObject *object)
{
  GlauxPreferencesWindow *self = (GlauxPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (glaux_preferences_window_parent_class)->dispose (object);
}

static void
glaux_preferences_window_class_init (GlauxPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, style_row);
}

static void
glaux_preferences_window_init (GlauxPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_ID);
  g_settings_bind_with_mapping (self->settings, "style-variant",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_variant_to_position,
                                position_to_style_variant,
                                NULL, NULL);
}

GlauxPreferencesWindow *
glaux_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (GLAUX_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       NULL);
}
