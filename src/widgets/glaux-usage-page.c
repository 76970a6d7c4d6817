/* glaux-usage-page.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-usage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-chart-export-button.h"
#include "glaux-cost-model.h"
#include "glaux-ui-util.h"
#include "glaux-usage-page.h"

/* Today's column grows while the page is open. */
#define REFRESH_SECONDS (5 * 60)

struct _GlauxUsagePage
{
  GtkWidget               parent_instance;

  GtkSpinner              *loading_spinner;

  /* Owned References */
  GlauxHistoryStore      *store;
  GlauxConnection        *connection;
  char                   *workgroup;
  GlauxHistoryDaily      *daily;
  GCancellable           *cancellable;
  GlauxChartSeries       *hours;
  GlauxChartSeries       *cost;
  GlauxChartTimeAxis     *time_axis;
  guint                   refresh_id;

  /* Template Widgets */
  GtkStack               *stack;
  AdwStatusPage          *empty_page;
  GlauxChart             *chart;
  GlauxChartExportButton *export_button;
  GtkLabel               *month_total_label;
  GtkLabel               *month_hours_label;
  GtkLabel               *projection_label;
  GtkLabel               *projection_detail_label;
  GtkLabel               *busiest_label;
  GtkLabel               *busiest_detail_label;
  GtkLabel               *note_label;
};

G_DEFINE_FINAL_TYPE (GlauxUsagePage, glaux_usage_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_amount (double   value,
               gpointer user_data)
{
  return glaux_cost_model_format_amount (value);
}

static const char *
scope_title (GlauxUsagePage *self)
{
  if (self->workgroup != NULL)
    return self->workgroup;
  if (self->connection != NULL)
    return glaux_connection_get_title (self->connection);

  return NULL;
}

static void
show_empty (GlauxUsagePage *self,
            const char     *title,
            const char     *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_nothing_recorded (GlauxUsagePage *self)
{
  g_autofree char *description = NULL;

  if (self->workgroup != NULL)
    /* Translators: %s is a workgroup name. */
    description = g_strdup_printf (_("Nothing has been recorded for workgroup “%s” in the last "
                                     "%d days. Glaux records DPU usage while it shows a "
                                     "workgroup’s sessions, so usage appears here once one of "
                                     "them has run."),
                                   self->workgroup, GLAUX_USAGE_PAGE_DAYS);
  else
    /* Translators: %s is a connection name. */
    description = g_strdup_printf (_("Nothing has been recorded for “%s” in the last %d days. "
                                     "Glaux records DPU usage while it shows a workgroup’s "
                                     "sessions, so usage appears here once a session has run."),
                                   scope_title (self), GLAUX_USAGE_PAGE_DAYS);

  show_empty (self, _("No Usage Recorded Yet"), description);
}

static char *
format_day (gint64      time,
            const char *format)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return g_date_time_format (date, format);
}

static void
glaux_usage_page_show_daily (GlauxUsagePage *self)
{
  GlauxHistoryDaily *daily = self->daily;
  g_autofree double *middles_cost = NULL;
  g_autofree gint64 *middles = NULL;
  g_autofree char *title = NULL;
  g_autofree char *month_total = NULL;
  g_autofree char *month_hours = NULL;
  g_autofree char *month_name = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *projection = NULL;
  g_autofree char *projection_detail = NULL;
  g_autofree char *busiest = NULL;
  g_autofree char *busiest_hours = NULL;
  g_autofree char *busiest_cost = NULL;
  g_autofree char *busiest_detail = NULL;
  gboolean any = daily->month_dpu_millis > 0;
  guint busiest_day = 0;

  for (guint d = 0; d < daily->n_days; d++)
    {
      any |= daily->dpu_millis[d] > 0;
      if (daily->dpu_millis[d] > daily->dpu_millis[busiest_day])
        busiest_day = d;
    }

  if (!any)
    {
      show_nothing_recorded (self);
      return;
    }

  /* Columns start at each local midnight; the cost of a day sits in its middle. */
  middles = g_new (gint64, daily->n_days);
  middles_cost = g_new (double, daily->n_days);
  for (guint d = 0; d < daily->n_days; d++)
    {
      middles[d] = daily->day_starts[d] + (daily->day_starts[d + 1] - daily->day_starts[d]) / 2;
      middles_cost[d] = daily->cost[d];
    }
  glaux_chart_series_clear (self->hours);
  glaux_chart_series_clear (self->cost);
  glaux_chart_series_append_many (self->hours, daily->day_starts, daily->dpu_hours, daily->n_days);
  glaux_chart_series_append_many (self->cost, middles, middles_cost, daily->n_days);
  glaux_chart_time_axis_set_range (self->time_axis, daily->day_starts[0],
                                   daily->day_starts[daily->n_days]);

  /* Translators: the usage chart's title (also in exported images); %s names a workgroup or a
   * connection. */
  title = g_strdup_printf (_("%s — DPU-hours and estimated cost per day, last %u days"),
                           scope_title (self), daily->n_days);
  glaux_chart_set_title (self->chart, title);

  month_total = glaux_cost_model_format_amount (daily->month_cost);
  month_hours = glaux_cost_model_format_dpu_hours (daily->month_dpu_millis);
  month_name = format_day (daily->month_start, "%B");
  /* Translators: "12.5 DPU-hours in March" */
  month_text = g_strdup_printf (_("%s in %s"), month_hours, month_name);
  glaux_ui_set_label (self->month_total_label, month_total);
  glaux_ui_set_label (self->month_hours_label, month_text);

  projection = glaux_cost_model_format_amount (daily->month_projection);
  projection_detail = g_strdup_printf (ngettext ("At the pace of the %d day so far, over %d days",
                                                 "At the pace of the %d days so far, over %d days",
                                                 (int)MAX (1, daily->days_elapsed)),
                                       (int)MAX (1, daily->days_elapsed), daily->days_in_month);
  glaux_ui_set_label (self->projection_label, projection);
  glaux_ui_set_label (self->projection_detail_label, projection_detail);

  busiest = format_day (daily->day_starts[busiest_day], "%a %-d %b");
  busiest_hours = glaux_cost_model_format_dpu_hours (daily->dpu_millis[busiest_day]);
  busiest_cost = glaux_cost_model_format_amount (daily->cost[busiest_day]);
  busiest_detail = g_strdup_printf ("%s · %s", busiest_hours, busiest_cost);
  glaux_ui_set_label (self->busiest_label, busiest);
  glaux_ui_set_label (self->busiest_detail_label, busiest_detail);

  glaux_ui_set_label (self->note_label,
                      daily->is_estimate
                      ? _("Estimates from the DPU time Glaux recorded, at the prices in "
                          "Preferences. Some prices used are defaults not confirmed by a "
                          "published price list.")
                      : _("Estimates from the DPU time Glaux recorded, at the prices in "
                          "Preferences."));

  gtk_stack_set_visible_child_name (self->stack, "usage");
}

static void
query_daily_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlauxUsagePage) self = user_data;
  g_autoptr(GlauxHistoryDaily) daily = NULL;
  g_autoptr(GError) error = NULL;

  daily = glaux_history_store_query_daily_finish (GLAUX_HISTORY_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (daily == NULL)
    {
      g_autofree char *message = glaux_ui_format_error (error);
      g_autofree char *description = NULL;

      description = g_strdup_printf (_("%s\nThe history file is %s."), message,
                                     glaux_history_store_get_path (GLAUX_HISTORY_STORE (object)));
      show_empty (self, _("Cannot Read the Usage History"), description);
    }
  else
    {
      g_clear_pointer (&self->daily, glaux_history_daily_unref);
      self->daily = g_steal_pointer (&daily);
      glaux_usage_page_show_daily (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
refresh_cb (gpointer user_data)
{
  glaux_usage_page_reload (user_data);

  return G_SOURCE_CONTINUE;
}

static void
glaux_usage_page_map (GtkWidget *widget)
{
  GlauxUsagePage *self = GLAUX_USAGE_PAGE (widget);

  GTK_WIDGET_CLASS (glaux_usage_page_parent_class)->map (widget);

  glaux_usage_page_reload (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
glaux_usage_page_unmap (GtkWidget *widget)
{
  GlauxUsagePage *self = GLAUX_USAGE_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (glaux_usage_page_parent_class)->unmap (widget);
}

static void
glaux_usage_page_dispose (GObject *object)
{
  GlauxUsagePage *self = (GlauxUsagePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_USAGE_PAGE);

  g_clear_object (&self->store);
  g_clear_object (&self->connection);
  g_clear_object (&self->hours);
  g_clear_object (&self->cost);
  g_clear_object (&self->time_axis);
  g_clear_pointer (&self->daily, glaux_history_daily_unref);

  G_OBJECT_CLASS (glaux_usage_page_parent_class)->dispose (object);
}

static void
glaux_usage_page_finalize (GObject *object)
{
  GlauxUsagePage *self = (GlauxUsagePage *)object;

  g_free (self->workgroup);

  G_OBJECT_CLASS (glaux_usage_page_parent_class)->finalize (object);
}

static void
glaux_usage_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlauxUsagePage *self = GLAUX_USAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, glaux_usage_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_usage_page_class_init (GlauxUsagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_usage_page_dispose;
  object_class->finalize = glaux_usage_page_finalize;
  object_class->get_property = glaux_usage_page_get_property;

  widget_class->map = glaux_usage_page_map;
  widget_class->unmap = glaux_usage_page_unmap;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLAUX_TYPE_CHART);
  g_type_ensure (GLAUX_TYPE_CHART_EXPORT_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-usage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, chart);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, export_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, month_total_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, month_hours_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, projection_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, projection_detail_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, busiest_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, busiest_detail_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxUsagePage, note_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
glaux_usage_page_init (GlauxUsagePage *self)
{
  g_autoptr(GlauxChartValueAxis) hours_axis = NULL;
  g_autoptr(GlauxChartValueAxis) cost_axis = NULL;
  g_autoptr(GlauxChartColumnLayer) columns = NULL;
  g_autoptr(GlauxChartLineLayer) cost_line = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  glaux_ui_spin_while_mapped (self->loading_spinner);

  self->hours = glaux_chart_series_new ();
  self->cost = glaux_chart_series_new ();
  self->time_axis = glaux_chart_time_axis_new ();
  hours_axis = glaux_chart_value_axis_new (GTK_POS_LEFT, _("DPU-hours"), _("DPU-h"));
  glaux_chart_value_axis_set_minimum_range (hours_axis, 0, 1);
  cost_axis = glaux_chart_value_axis_new (GTK_POS_RIGHT, _("Estimated cost per day"), NULL);
  glaux_chart_value_axis_set_format_func (cost_axis, format_amount, NULL, NULL);
  glaux_chart_value_axis_set_minimum_range (cost_axis, 0, 0.01);
  columns = glaux_chart_column_layer_new (self->hours, hours_axis, _("DPU-hours"));
  cost_line = glaux_chart_line_layer_new (self->cost, cost_axis, _("Estimated cost"));
  glaux_chart_layer_set_palette_index (GLAUX_CHART_LAYER (cost_line), 2);

  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (self->time_axis));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (hours_axis));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (cost_axis));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (columns));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (cost_line));

  /* Prices are applied as the answer arrives: new prices, new answer. */
  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (glaux_usage_page_reload), self, G_CONNECT_SWAPPED);
}

GlauxUsagePage *
glaux_usage_page_new (void)
{
  return g_object_new (GLAUX_TYPE_USAGE_PAGE, NULL);
}

/**
 * glaux_usage_page_set_scope:
 * @store: (nullable): the history; %NULL while it is not open
 * @connection: (nullable): the connection
 * @workgroup: (nullable): one of its workgroups; %NULL for the whole connection
 */
void
glaux_usage_page_set_scope (GlauxUsagePage    *self,
                            GlauxHistoryStore *store,
                            GlauxConnection   *connection,
                            const char        *workgroup)
{
  g_autofree char *basename = NULL;
  gboolean same;

  g_return_if_fail (GLAUX_IS_USAGE_PAGE (self));
  g_return_if_fail (store == NULL || GLAUX_IS_HISTORY_STORE (store));
  g_return_if_fail (connection == NULL || GLAUX_IS_CONNECTION (connection));

  same = store == self->store && connection == self->connection &&
         g_strcmp0 (workgroup, self->workgroup) == 0;

  g_set_object (&self->store, store);
  g_set_object (&self->connection, connection);
  /* @workgroup may be our own string (glaux_usage_page_get_workgroup()). */
  if (!same)
    {
      char *copy = g_strdup (workgroup);

      g_free (self->workgroup);
      self->workgroup = copy;
    }

  basename = g_strdup_printf ("usage-%s", scope_title (self) != NULL ? scope_title (self) : "glaux");
  glaux_chart_export_button_set_basename (self->export_button, basename);

  /* Another scope's figures must not show while this one's load. */
  if (!same)
    {
      g_clear_pointer (&self->daily, glaux_history_daily_unref);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  if (!same || gtk_widget_get_mapped (GTK_WIDGET (self)))
    glaux_usage_page_reload (self);
}

const char *
glaux_usage_page_get_workgroup (GlauxUsagePage *self)
{
  g_return_val_if_fail (GLAUX_IS_USAGE_PAGE (self), NULL);

  return self->workgroup;
}

GlauxHistoryStore *
glaux_usage_page_get_store (GlauxUsagePage *self)
{
  g_return_val_if_fail (GLAUX_IS_USAGE_PAGE (self), NULL);

  return self->store;
}

/* Reads the figures again (the ones shown stay until the answer). */
void
glaux_usage_page_reload (GlauxUsagePage *self)
{
  gboolean was_loading;

  g_return_if_fail (GLAUX_IS_USAGE_PAGE (self));

  was_loading = self->cancellable != NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->connection == NULL)
    {
      show_empty (self, _("No Usage Recorded Yet"), NULL);
      if (was_loading)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  if (self->store == NULL)
    {
      show_empty (self, _("No Usage History"),
                  _("The usage history is not open: Glaux could not open its history file, "
                    "or is still opening it. Usage shows here once it is open."));
      if (was_loading)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  glaux_history_store_query_daily_async (self->store, glaux_connection_get_id (self->connection),
                                         self->workgroup, GLAUX_USAGE_PAGE_DAYS, 0, NULL, NULL,
                                         self->cancellable, query_daily_cb, g_object_ref (self));
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
glaux_usage_page_get_loading (GlauxUsagePage *self)
{
  g_return_val_if_fail (GLAUX_IS_USAGE_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

GlauxHistoryDaily *
glaux_usage_page_get_daily (GlauxUsagePage *self)
{
  g_return_val_if_fail (GLAUX_IS_USAGE_PAGE (self), NULL);

  return self->daily;
}

GlauxChart *
glaux_usage_page_get_chart (GlauxUsagePage *self)
{
  g_return_val_if_fail (GLAUX_IS_USAGE_PAGE (self), NULL);

  return self->chart;
}
