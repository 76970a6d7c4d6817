/* glaux-calculation-row.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-calculation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-calculation-row.h"
#include "glaux-cost-model.h"
#include "glaux-ui-util.h"

struct _GlauxCalculationRow
{
  GtkWidget         parent_instance;

  /* Owned References */
  GlauxCalculation *calculation;
  GSignalGroup     *calculation_signals;
  GlauxConnection  *connection;

  /* Template Widgets */
  GtkLabel         *cost_label;
  GtkLabel         *details_label;
  GtkLabel         *state_label;
  GtkLabel         *time_label;
};

G_DEFINE_FINAL_TYPE (GlauxCalculationRow, glaux_calculation_row, GTK_TYPE_WIDGET)

/* Calculations are often short: tenths of a second matter below a minute. */
static char *
format_duration (GTimeSpan span)
{
  if (span < G_TIME_SPAN_MINUTE)
    /* Translators: a duration in seconds, e.g. "2.4 s". */
    return g_strdup_printf (_("%.1f s"), (double)MAX (span, 0) / G_TIME_SPAN_SECOND);

  return glaux_ui_format_duration (span);
}

static void
glaux_calculation_row_update (GlauxCalculationRow *self)
{
  const char *css_classes[] = { "state-badge", NULL, NULL };
  g_autofree char *time = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  GDateTime *submitted;
  GDateTime *completed;
  const char *state;
  gint64 dpu_millis;

  g_assert (GLAUX_IS_CALCULATION_ROW (self));

  if (self->calculation == NULL)
    return;

  state = glaux_calculation_get_state_name (self->calculation);
  if (state == NULL)
    state = "UNKNOWN";
  glaux_ui_set_label (self->state_label, state);
  css_classes[1] = glaux_ui_state_css_class (state);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), css_classes);

  submitted = glaux_calculation_get_submission_time (self->calculation);
  completed = glaux_calculation_get_completion_time (self->calculation);
  time = glaux_ui_format_time (submitted);
  glaux_ui_set_label (self->time_label, time);

  if (submitted != NULL && completed != NULL)
    duration = format_duration (g_date_time_difference (completed, submitted));
  else
    duration = g_strdup ("—");

  dpu_millis = glaux_calculation_get_dpu_execution_millis (self->calculation);
  cost = glaux_cost_model_format_amount (glaux_ui_cost_on_connection (self->connection,
                                                                     dpu_millis));
  glaux_ui_set_label (self->cost_label, cost);

  /* Translators: a calculation's duration, then its DPU-milliseconds. */
  details = g_strdup_printf (_("%s · %" G_GINT64_FORMAT " DPU-ms"), duration, dpu_millis);
  glaux_ui_set_label (self->details_label, details);

  accessible = g_strdup_printf ("%s, %s, %s, %s", state, time, details, cost);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), glaux_calculation_get_id (self->calculation));
}

static void
glaux_calculation_row_dispose (GObject *object)
{
  GlauxCalculationRow *self = (GlauxCalculationRow *)object;
  GtkWidget *child;

  if (self->calculation_signals != NULL)
    g_signal_group_set_target (self->calculation_signals, NULL);
  g_clear_object (&self->calculation_signals);
  g_clear_object (&self->calculation);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_CALCULATION_ROW);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (glaux_calculation_row_parent_class)->dispose (object);
}

static void
glaux_calculation_row_finalize (GObject *object)
{
  GlauxCalculationRow *self = (GlauxCalculationRow *)object;

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (glaux_calculation_row_parent_class)->finalize (object);
}

static void
glaux_calculation_row_class_init (GlauxCalculationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_calculation_row_dispose;
  object_class->finalize = glaux_calculation_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-calculation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationRow, cost_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxCalculationRow, time_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glaux-calculation-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
glaux_calculation_row_init (GlauxCalculationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->calculation_signals = g_signal_group_new (GLAUX_TYPE_CALCULATION);
  g_signal_group_connect_object (self->calculation_signals, "notify",
                                 G_CALLBACK (glaux_calculation_row_update), self,
                                 G_CONNECT_SWAPPED);
  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (glaux_calculation_row_update), self,
                           G_CONNECT_SWAPPED);
}

GlauxCalculationRow *
glaux_calculation_row_new (void)
{
  return g_object_new (GLAUX_TYPE_CALCULATION_ROW, NULL);
}

/**
 * glaux_calculation_row_set_calculation:
 * @calculation: (nullable): the calculation to show
 * @connection: (nullable): the connection whose price its cost is computed at
 */
void
glaux_calculation_row_set_calculation (GlauxCalculationRow *self,
                                       GlauxCalculation    *calculation,
                                       GlauxConnection     *connection)
{
  g_return_if_fail (GLAUX_IS_CALCULATION_ROW (self));
  g_return_if_fail (!calculation || GLAUX_IS_CALCULATION (calculation));

  g_set_object (&self->connection, connection);
  g_set_object (&self->calculation, calculation);
  g_signal_group_set_target (self->calculation_signals, calculation);
  glaux_calculation_row_update (self);
}

GlauxCalculation *
glaux_calculation_row_get_calculation (GlauxCalculationRow *self)
{
  g_return_val_if_fail (GLAUX_IS_CALCULATION_ROW (self), NULL);

  return self->calculation;
}
