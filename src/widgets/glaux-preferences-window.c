/* glaux-preferences-window.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-connection.h"
#include "glaux-cost-model.h"
#include "glaux-preferences-window.h"

struct _GlauxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;
  GlauxConnectionList  *connections;
  GPtrArray            *connection_rows;

  /* Template Widgets */
  AdwComboRow          *style_row;
  GtkSpinButton        *fast_spin;
  GtkSpinButton        *slow_spin;
  GtkSpinButton        *max_rows_spin;
  GtkSpinButton        *retention_spin;
  GtkSwitch            *background_switch;
  GtkSpinButton        *idle_alert_spin;
  GtkSpinButton        *minimum_billed_spin;
  AdwPreferencesGroup  *connections_group;
  AdwPreferencesPage   *costs_page;
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

/* Per connection: its own price and its daily budget, both a{sd} settings keyed by id. */

static void
set_dict_entry (GSettings  *settings,
                const char *key,
                const char *id,
                gboolean    present,
                double      value)
{
  g_autoptr(GVariant) current = g_settings_get_value (settings, key);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sd}"));
  GVariantIter iter;
  const char *name;
  double old;

  g_variant_iter_init (&iter, current);
  while (g_variant_iter_next (&iter, "{&sd}", &name, &old))
    if (!g_str_equal (name, id))
      g_variant_builder_add (&builder, "{sd}", name, old);
  if (present)
    g_variant_builder_add (&builder, "{sd}", id, value);

  g_settings_set_value (settings, key, g_variant_builder_end (&builder));
}

static void
connection_price_changed_cb (GlauxPreferencesWindow *self,
                             GObject                *widget)
{
  GtkSwitch *own = g_object_get_data (widget, "glaux-own-switch");
  GtkSpinButton *spin = g_object_get_data (widget, "glaux-price-spin");
  const char *id = g_object_get_data (widget, "glaux-connection-id");

  gtk_widget_set_sensitive (GTK_WIDGET (spin), gtk_switch_get_active (own));
  set_dict_entry (self->settings, "connection-prices", id, gtk_switch_get_active (own),
                  gtk_spin_button_get_value (spin));
}

static void
budget_changed_cb (GtkSpinButton          *spin,
                   GlauxPreferencesWindow *self)
{
  double budget = gtk_spin_button_get_value (spin);

  /* 0 means no budget: the entry goes. */
  set_dict_entry (self->settings, "daily-budgets",
                  g_object_get_data (G_OBJECT (spin), "glaux-connection-id"), budget > 0.0, budget);
}

static GtkWidget *
new_spin (double      upper,
          double      step,
          int         digits,
          double      value,
          const char *accessible)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0.0, upper, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return spin;
}

static void
add_connection_row (GlauxPreferencesWindow *self,
                    GlauxConnection        *connection)
{
  const char *id = glaux_connection_get_id (connection);
  const char *title = glaux_connection_get_title (connection);
  const char *region = glaux_connection_get_region (connection);
  g_autoptr(GVariant) prices = g_settings_get_value (self->settings, "connection-prices");
  g_autoptr(GVariant) budgets = g_settings_get_value (self->settings, "daily-budgets");
  g_autofree char *region_text = NULL;
  g_autofree char *price_label = NULL;
  g_autofree char *own_label = NULL;
  g_autofree char *budget_label = NULL;
  double price = glaux_cost_model_get_price (glaux_cost_model_get_default (), region, NULL, NULL);
  double budget = 0.0;
  gboolean own = g_variant_lookup (prices, id, "d", &price);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *price_row = adw_action_row_new ();
  GtkWidget *budget_row = adw_action_row_new ();
  GtkWidget *own_switch = gtk_switch_new ();
  GtkWidget *price_spin;
  GtkWidget *budget_spin;

  g_variant_lookup (budgets, id, "d", &budget);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  /* Translators: the connection's region, e.g. "Region eu-west-1". */
  region_text = g_strdup_printf (_("Region %s"), region != NULL ? region : _("not known yet"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), region_text);

  /* Translators: %s is a connection's name. */
  own_label = g_strdup_printf (_("Use a price of its own for %s"), title);
  price_label = g_strdup_printf (_("Price per DPU-hour for %s, US dollars"), title);
  budget_label = g_strdup_printf (_("Daily budget for %s, US dollars, 0 for none"), title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (price_row), _("Own price per DPU-hour"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (price_row),
                               _("US dollars; off: the region’s price"));
  gtk_switch_set_active (GTK_SWITCH (own_switch), own);
  gtk_widget_set_valign (own_switch, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (own_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, own_label, -1);
  price_spin = new_spin (100.0, 0.01, 3, price, price_label);
  gtk_widget_set_sensitive (price_spin, own);
  adw_action_row_add_suffix (ADW_ACTION_ROW (price_row), price_spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (price_row), own_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (price_row), own_switch);

  for (GtkWidget *widget = own_switch; widget != NULL; widget = widget == own_switch ? price_spin : NULL)
    {
      g_object_set_data (G_OBJECT (widget), "glaux-own-switch", own_switch);
      g_object_set_data (G_OBJECT (widget), "glaux-price-spin", price_spin);
      g_object_set_data_full (G_OBJECT (widget), "glaux-connection-id", g_strdup (id), g_free);
    }
  g_signal_connect_object (own_switch, "notify::active",
                           G_CALLBACK (connection_price_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (price_spin, "value-changed",
                           G_CALLBACK (connection_price_changed_cb), self, G_CONNECT_SWAPPED);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (budget_row), _("Daily budget"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (budget_row),
                               _("US dollars per day; 0: no budget"));
  budget_spin = new_spin (1000000.0, 1.0, 2, budget, budget_label);
  g_object_set_data_full (G_OBJECT (budget_spin), "glaux-connection-id", g_strdup (id), g_free);
  g_signal_connect (budget_spin, "value-changed", G_CALLBACK (budget_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (budget_row), budget_spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (budget_row), budget_spin);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), price_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), budget_row);
  adw_preferences_group_add (self->connections_group, expander);
  g_ptr_array_add (self->connection_rows, expander);
}

static void
rebuild_connection_rows (GlauxPreferencesWindow *self)
{
  GListModel *model;

  for (guint i = 0; i < self->connection_rows->len; i++)
    adw_preferences_group_remove (self->connections_group,
                                  g_ptr_array_index (self->connection_rows, i));
  g_ptr_array_set_size (self->connection_rows, 0);

  model = self->connections != NULL ? G_LIST_MODEL (self->connections) : NULL;
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlauxConnection) connection = g_list_model_get_item (model, i);

      add_connection_row (self, connection);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->connections_group), self->connection_rows->len > 0);
}

static void
glaux_preferences_window_dispose (GObject *object)
{
  GlauxPreferencesWindow *self = (GlauxPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->connection_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, idle_alert_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, minimum_billed_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, connections_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxPreferencesWindow, costs_page);
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
  g_settings_bind (self->settings, "history-retention-days", self->retention_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "idle-alert-minutes", self->idle_alert_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "minimum-billed-seconds", self->minimum_billed_spin, "value", G_SETTINGS_BIND_DEFAULT);

  self->connection_rows = g_ptr_array_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->connections_group), FALSE);

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

/**
 * glaux_preferences_window_set_connections:
 * @connections: (nullable): the connections to offer a price and a budget for
 */
void
glaux_preferences_window_set_connections (GlauxPreferencesWindow *self,
                                          GlauxConnectionList    *connections)
{
  g_return_if_fail (GLAUX_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (connections == NULL || GLAUX_IS_CONNECTION_LIST (connections));

  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_data (self->connections, self);
  g_set_object (&self->connections, connections);
  if (connections != NULL)
    g_signal_connect_object (connections, "items-changed",
                             G_CALLBACK (rebuild_connection_rows), self, G_CONNECT_SWAPPED);

  rebuild_connection_rows (self);
}
