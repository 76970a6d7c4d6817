/* glaux-preferences-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-cost-model.h"
#include "glaux-preferences-window.h"

struct _GlauxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;

  /* Template Widgets */
  AdwComboRow          *style_row;
  GtkSpinButton        *fast_spin;
  GtkSpinButton        *slow_spin;
  GtkSpinButton        *max_rows_spin;
  AdwPreferencesGroup  *prices_group;
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

/* A price equal to the region's default removes the override, so later changes of the default
 * table reach users who never chose a price of their own. */
static void
price_changed_cb (GtkSpinButton          *spin,
                  GlauxPreferencesWindow *self)
{
  const GlauxDpuPrice *entry = g_object_get_data (G_OBJECT (spin), "glaux-price");
  g_autoptr(GVariant) current = g_settings_get_value (self->settings, "dpu-price-overrides");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sd}"));
  double price = gtk_spin_button_get_value (spin);
  GVariantIter iter;
  const char *region;
  double value;

  g_variant_iter_init (&iter, current);
  while (g_variant_iter_next (&iter, "{&sd}", &region, &value))
    if (!g_str_equal (region, entry->region))
      g_variant_builder_add (&builder, "{sd}", region, value);

  if (ABS (price - entry->price_per_dpu_hour) > 0.0005)
    g_variant_builder_add (&builder, "{sd}", entry->region, price);

  g_settings_set_value (self->settings, "dpu-price-overrides", g_variant_builder_end (&builder));
}

static void
add_price_row (GlauxPreferencesWindow *self,
               const GlauxDpuPrice    *entry)
{
  g_autofree char *default_text = glaux_cost_model_format_amount (entry->price_per_dpu_hour);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0.0, 100.0, 0.01);

  subtitle = entry->is_estimate ? g_strdup_printf (_("Default %s (estimate)"), default_text)
                                : g_strdup_printf (_("Default %s"), default_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->region);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             glaux_cost_model_get_price (glaux_cost_model_get_default (),
                                                         entry->region, NULL, NULL));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  accessible = g_strdup_printf (_("Price per DPU-hour in %s, US dollars"), entry->region);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (spin), "glaux-price", (gpointer)entry);
  g_signal_connect (spin, "value-changed", G_CALLBACK (price_changed_cb), self);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (self->prices_group, row);
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
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, fast_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, slow_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, max_rows_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, prices_group);
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
  g_settings_bind (self->settings, "poll-fast-seconds", self->fast_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "poll-slow-seconds", self->slow_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "result-max-rows", self->max_rows_spin, "value", G_SETTINGS_BIND_DEFAULT);

  for (const GlauxDpuPrice *entry = glaux_cost_model_get_default_prices (); entry->region != NULL; entry++)
    add_price_row (self, entry);
}

GlauxPreferencesWindow *
glaux_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (GLAUX_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       NULL);
}
