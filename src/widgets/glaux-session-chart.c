/* glaux-session-chart.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-session-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-chart-export-button.h"
#include "glaux-cost-model.h"
#include "glaux-executor.h"
#include "glaux-session-chart.h"

/* Athena's calculation times and this machine's sample times come from different clocks: a
 * recorded calculation this close to a provisional "running" span replaces it. */
#define SPAN_MATCH_SLACK (5 * G_USEC_PER_SEC)

typedef struct
{
  gint64 start;
  gint64 end;     /* -1: still running */
} Provisional;

struct _GlauxSessionChart
{
  GtkWidget            parent_instance;

  /* Owned References */
  GlauxHistoryStore   *store;
  GlauxSessionWatch   *watch;
  GSignalGroup        *watch_signals;
  GSignalGroup        *session_signals;
  GSignalGroup        *store_signals;
  GCancellable        *cancellable;     /* the history reads of the current session */
  char                *connection_id;
  char                *session_id;
  char                *region;
  GlauxChartSeries    *coordinator;
  GlauxChartSeries    *executors;
  GlauxChartSeries    *cost;
  GlauxChartValueAxis *dpu_axis;
  GlauxChartValueAxis *cost_axis;
  GlauxChartSpanLayer *spans;
  GArray              *times;           /* gint64, every sample shown, for repricing */
  GArray              *dpu_millis;      /* gint64, alongside */
  GArray              *pending;         /* Sample, live answers while the history loads */
  GPtrArray           *calculations;    /* GlauxHistoryCalculation, by start */
  GArray              *provisional;     /* Provisional: BUSY periods not recorded yet */

  /* Template Widgets */
  GlauxChart             *chart;
  GlauxChartExportButton *export_button;

  guint                n_loads;         /* history reads in flight */
  guint                busy : 1;
};

typedef struct
{
  gint64 time;
  double coordinator;
  double executors;
  gint64 dpu_millis;
} Sample;

G_DEFINE_FINAL_TYPE (GlauxSessionChart, glaux_session_chart, GTK_TYPE_WIDGET)

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

/* ---- Samples -------------------------------------------------------------------------------- */

static double
sample_cost (GlauxSessionChart *self,
             gint64             dpu_millis)
{
  return glaux_cost_model_cost_for_connection (glaux_cost_model_get_default (),
                                               self->connection_id, self->region, dpu_millis);
}

static gint64
last_time (GlauxSessionChart *self)
{
  if (self->times->len == 0)
    return G_MININT64;

  return g_array_index (self->times, gint64, self->times->len - 1);
}

/* Series only grow forwards: an answer no newer than what is shown adds nothing. */
static void
append_sample (GlauxSessionChart *self,
               const Sample      *sample)
{
  if (sample->time <= last_time (self))
    return;

  g_array_append_val (self->times, sample->time);
  g_array_append_val (self->dpu_millis, sample->dpu_millis);
  glaux_chart_series_append (self->coordinator, sample->time, sample->coordinator);
  glaux_chart_series_append (self->executors, sample->time, sample->executors);
  glaux_chart_series_append (self->cost, sample->time, sample_cost (self, sample->dpu_millis));
}

/* Prices changed: the cost line is recomputed from the DPU-milliseconds kept aside. */
static void
glaux_session_chart_reprice (GlauxSessionChart *self)
{
  g_autofree double *values = g_new (double, MAX (self->times->len, 1));

  for (guint i = 0; i < self->times->len; i++)
    values[i] = sample_cost (self, g_array_index (self->dpu_millis, gint64, i));

  glaux_chart_series_clear (self->cost);
  glaux_chart_series_append_many (self->cost, (const gint64 *)(gpointer)self->times->data, values,
                                  self->times->len);
}

/* The DPUs of the watch's answer, counted as glaux_history_store_record_watch() counts them, so
 * the live chart matches the one read back after a restart. */
static gboolean
sample_from_watch (GlauxSessionWatch *watch,
                   Sample            *sample)
{
  GListModel *executors = glaux_session_watch_get_executors (watch);

  if (glaux_session_watch_get_dpus_now (watch) < 0 || glaux_session_watch_get_last_updated (watch) == 0)
    return FALSE;

  sample->time = glaux_session_watch_get_last_updated (watch);
  sample->coordinator = 0;
  sample->executors = 0;
  sample->dpu_millis =
    glaux_session_get_dpu_execution_millis (glaux_session_watch_get_session (watch));

  for (guint i = 0; i < g_list_model_get_n_items (executors); i++)
    {
      g_autoptr(GlauxExecutor) executor = g_list_model_get_item (executors, i);
      gint64 size = MAX (glaux_executor_get_size (executor), 1);

      if (glaux_executor_state_is_terminal (glaux_executor_get_state (executor)))
        continue;
      if (glaux_executor_get_executor_type (executor) == GLAUX_EXECUTOR_TYPE_COORDINATOR)
        sample->coordinator += size;
      else
        sample->executors += size;
    }

  return TRUE;
}

static void
watch_updated_cb (GlauxSessionChart *self)
{
  Sample sample;

  if (self->watch == NULL || !sample_from_watch (self->watch, &sample))
    return;

  /* Until the history is in, the series cannot take newer samples ahead of older ones. */
  if (self->n_loads > 0)
    g_array_append_val (self->pending, sample);
  else
    append_sample (self, &sample);
}

/* ---- Calculation spans ---------------------------------------------------------------------- */

static gboolean
provisional_is_recorded (GlauxSessionChart *self,
                         const Provisional *span)
{
  for (guint i = 0; i < self->calculations->len; i++)
    {
      const GlauxHistoryCalculation *calculation = g_ptr_array_index (self->calculations, i);
      gint64 end = calculation->end_time > 0 ? calculation->end_time : G_MAXINT64;

      if (calculation->start_time <= (span->end < 0 ? G_MAXINT64 : span->end + SPAN_MATCH_SLACK) &&
          end >= span->start - SPAN_MATCH_SLACK)
        return TRUE;
    }

  return FALSE;
}

/* Spans are few: rebuilding them is cheaper than keeping indices in step. */
static void
glaux_session_chart_update_spans (GlauxSessionChart *self)
{
  glaux_chart_span_layer_clear (self->spans);

  for (guint i = 0; i < self->calculations->len; i++)
    {
      const GlauxHistoryCalculation *calculation = g_ptr_array_index (self->calculations, i);
      g_autofree char *fallback = NULL;
      const char *label = calculation->description;

      if (calculation->start_time <= 0)
        continue;
      if (label == NULL || label[0] == '\0')
        label = fallback = g_strdup_printf (_("Calculation %u"), i + 1);

      glaux_chart_span_layer_add_span (self->spans, calculation->start_time,
                                       calculation->end_time > 0 ? calculation->end_time : -1,
                                       label);
    }

  for (guint i = 0; i < self->provisional->len; i++)
    {
      const Provisional *span = &g_array_index (self->provisional, Provisional, i);

      if (!provisional_is_recorded (self, span))
        glaux_chart_span_layer_add_span (self->spans, span->start, span->end,
                                         span->end < 0 ? _("Running…") : _("Calculation"));
    }
}

static int
compare_calculations (gconstpointer a,
                      gconstpointer b)
{
  const GlauxHistoryCalculation *ca = *(GlauxHistoryCalculation * const *)a;
  const GlauxHistoryCalculation *cb = *(GlauxHistoryCalculation * const *)b;

  return (ca->start_time > cb->start_time) - (ca->start_time < cb->start_time);
}

static gboolean
find_calculation (GlauxSessionChart *self,
                  const char        *calculation_id,
                  guint             *index)
{
  for (guint i = 0; i < self->calculations->len; i++)
    {
      GlauxHistoryCalculation *known = g_ptr_array_index (self->calculations, i);

      if (g_strcmp0 (known->calculation_id, calculation_id) == 0)
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Adds @calculation (taking it), replacing one of the same id. */
static void
take_calculation (GlauxSessionChart       *self,
                  GlauxHistoryCalculation *calculation)
{
  guint index;

  if (find_calculation (self, calculation->calculation_id, &index))
    g_ptr_array_remove_index (self->calculations, index);

  g_ptr_array_add (self->calculations, calculation);
  g_ptr_array_sort (self->calculations, compare_calculations);
}

static void
calculation_recorded_cb (GlauxSessionChart             *self,
                         const char                    *connection_id,
                         const GlauxHistoryCalculation *calculation)
{
  if (g_strcmp0 (connection_id, self->connection_id) != 0 ||
      g_strcmp0 (calculation->session_id, self->session_id) != 0)
    return;

  take_calculation (self, glaux_history_calculation_copy (calculation));
  glaux_session_chart_update_spans (self);
}

/* BUSY means a calculation runs: show it at once, before Athena's record of it arrives. */
static void
session_state_cb (GlauxSessionChart *self)
{
  GlauxSession *session;
  gboolean busy;
  gint64 now;

  if (self->watch == NULL)
    return;

  session = glaux_session_watch_get_session (self->watch);
  busy = glaux_session_get_state (session) == GLAUX_SESSION_STATE_BUSY;
  if (busy == self->busy)
    return;

  self->busy = busy;
  now = g_get_real_time ();

  if (busy)
    {
      Provisional span = { now, -1 };

      g_array_append_val (self->provisional, span);
    }
  else if (self->provisional->len > 0)
    {
      Provisional *span = &g_array_index (self->provisional, Provisional,
                                          self->provisional->len - 1);

      if (span->end < 0)
        span->end = now;
    }

  glaux_session_chart_update_spans (self);
}

/* ---- History -------------------------------------------------------------------------------- */

static void
glaux_session_chart_load_done (GlauxSessionChart *self)
{
  g_assert (self->n_loads > 0);

  if (--self->n_loads > 0)
    return;

  for (guint i = 0; i < self->pending->len; i++)
    append_sample (self, &g_array_index (self->pending, Sample, i));
  g_array_set_size (self->pending, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
query_samples_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GlauxSessionChart) self = user_data;
  g_autoptr(GlauxHistorySamples) samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *cost = NULL;
  g_autofree double *coordinator = NULL;
  g_autofree double *executors = NULL;

  samples = glaux_history_store_query_samples_finish (GLAUX_HISTORY_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (samples == NULL)
    g_warning ("Could not read the DPU history of session %s: %s", self->session_id,
               error->message);
  else if (samples->n_samples > 0)
    {
      guint n = samples->n_samples;

      /* Nothing is shown before the history: the whole history goes in at once. */
      coordinator = g_new (double, n);
      executors = g_new (double, n);
      cost = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          coordinator[i] = samples->coordinator_dpus[i];
          executors[i] = samples->executor_dpus[i];
          cost[i] = sample_cost (self, samples->dpu_millis[i]);
        }

      g_array_append_vals (self->times, samples->times, n);
      g_array_append_vals (self->dpu_millis, samples->dpu_millis, n);
      glaux_chart_series_append_many (self->coordinator, samples->times, coordinator, n);
      glaux_chart_series_append_many (self->executors, samples->times, executors, n);
      glaux_chart_series_append_many (self->cost, samples->times, cost, n);
    }

  glaux_session_chart_load_done (self);
}

static void
list_calculations_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GlauxSessionChart) self = user_data;
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GError) error = NULL;

  calculations = glaux_history_store_list_calculations_finish (GLAUX_HISTORY_STORE (object),
                                                               result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (calculations == NULL)
    g_warning ("Could not read the calculations of session %s: %s", self->session_id,
               error->message);
  else
    {
      /* Ones recorded live meanwhile are newer than what the query read. */
      for (guint i = 0; i < calculations->len; i++)
        {
          GlauxHistoryCalculation *calculation = g_ptr_array_index (calculations, i);
          guint index;

          if (!find_calculation (self, calculation->calculation_id, &index))
            take_calculation (self, glaux_history_calculation_copy (calculation));
        }
      glaux_session_chart_update_spans (self);
    }

  glaux_session_chart_load_done (self);
}

static void
glaux_session_chart_reset (GlauxSessionChart *self)
{
  gboolean was_loading = self->n_loads > 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->n_loads = 0;
  self->busy = FALSE;

  g_array_set_size (self->times, 0);
  g_array_set_size (self->dpu_millis, 0);
  g_array_set_size (self->pending, 0);
  g_array_set_size (self->provisional, 0);
  g_ptr_array_set_size (self->calculations, 0);
  glaux_chart_series_clear (self->coordinator);
  glaux_chart_series_clear (self->executors);
  glaux_chart_series_clear (self->cost);
  glaux_chart_span_layer_clear (self->spans);

  g_signal_group_set_target (self->watch_signals, NULL);
  g_signal_group_set_target (self->session_signals, NULL);
  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->watch);
  g_clear_object (&self->store);
  g_clear_pointer (&self->connection_id, g_free);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->region, g_free);

  if (was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
glaux_session_chart_load (GlauxSessionChart *self)
{
  g_autofree char *basename = NULL;

  basename = self->session_id != NULL ? g_strdup_printf ("session-%s", self->session_id) : NULL;
  glaux_chart_export_button_set_basename (self->export_button, basename);

  if (self->store == NULL || self->connection_id == NULL || self->session_id == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->n_loads = 2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  g_signal_group_set_target (self->store_signals, self->store);
  glaux_history_store_query_samples_async (self->store, self->connection_id, self->session_id,
                                           0, G_MAXINT64, self->cancellable, query_samples_cb,
                                           g_object_ref (self));
  glaux_history_store_list_calculations_async (self->store, self->connection_id,
                                               self->session_id, self->cancellable,
                                               list_calculations_cb, g_object_ref (self));
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
glaux_session_chart_dispose (GObject *object)
{
  GlauxSessionChart *self = (GlauxSessionChart *)object;
  GtkWidget *child;

  if (self->times != NULL)
    glaux_session_chart_reset (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_SESSION_CHART);
  /* The template's top widget has no id, so disposing the template leaves it in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->watch_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->coordinator);
  g_clear_object (&self->executors);
  g_clear_object (&self->cost);
  g_clear_object (&self->dpu_axis);
  g_clear_object (&self->cost_axis);
  g_clear_object (&self->spans);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->dpu_millis, g_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->provisional, g_array_unref);
  g_clear_pointer (&self->calculations, g_ptr_array_unref);

  G_OBJECT_CLASS (glaux_session_chart_parent_class)->dispose (object);
}

static void
glaux_session_chart_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxSessionChart *self = GLAUX_SESSION_CHART (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, glaux_session_chart_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_chart_class_init (GlauxSessionChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_session_chart_dispose;
  object_class->get_property = glaux_session_chart_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLAUX_TYPE_CHART);
  g_type_ensure (GLAUX_TYPE_CHART_EXPORT_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-session-chart.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionChart, chart);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionChart, export_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
glaux_session_chart_init (GlauxSessionChart *self)
{
  g_autoptr(GlauxChartTimeAxis) time_axis = glaux_chart_time_axis_new ();
  g_autoptr(GlauxChartLineLayer) coordinator = NULL;
  g_autoptr(GlauxChartLineLayer) executors = NULL;
  g_autoptr(GlauxChartLineLayer) cost = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->dpu_millis = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pending = g_array_new (FALSE, FALSE, sizeof (Sample));
  self->provisional = g_array_new (FALSE, FALSE, sizeof (Provisional));
  self->calculations = g_ptr_array_new_with_free_func ((GDestroyNotify)glaux_history_calculation_free);

  self->coordinator = glaux_chart_series_new ();
  self->executors = glaux_chart_series_new ();
  self->cost = glaux_chart_series_new ();
  self->dpu_axis = glaux_chart_value_axis_new (GTK_POS_LEFT, _("DPUs"), _("DPU"));
  glaux_chart_value_axis_set_minimum_range (self->dpu_axis, 0, 2);
  self->cost_axis = glaux_chart_value_axis_new (GTK_POS_RIGHT, _("Estimated cost"), NULL);
  glaux_chart_value_axis_set_format_func (self->cost_axis, format_amount, NULL, NULL);
  glaux_chart_value_axis_set_minimum_range (self->cost_axis, 0, 0.01);
  self->spans = glaux_chart_span_layer_new (_("Calculations"));

  coordinator = glaux_chart_line_layer_new (self->coordinator, self->dpu_axis, _("Coordinator"));
  glaux_chart_line_layer_set_fill (coordinator, TRUE);
  executors = glaux_chart_line_layer_new (self->executors, self->dpu_axis, _("Executors"));
  glaux_chart_line_layer_set_fill (executors, TRUE);
  glaux_chart_line_layer_set_stack_on (executors, coordinator);
  cost = glaux_chart_line_layer_new (self->cost, self->cost_axis, _("Estimated cost"));

  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (time_axis));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (self->dpu_axis));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (self->cost_axis));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (self->spans));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (coordinator));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (executors));
  glaux_chart_add_layer (self->chart, GLAUX_CHART_LAYER (cost));

  self->watch_signals = g_signal_group_new (GLAUX_TYPE_SESSION_WATCH);
  g_signal_group_connect_swapped (self->watch_signals, "notify::last-updated",
                                  G_CALLBACK (watch_updated_cb), self);
  self->session_signals = g_signal_group_new (GLAUX_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state",
                                  G_CALLBACK (session_state_cb), self);
  self->store_signals = g_signal_group_new (GLAUX_TYPE_HISTORY_STORE);
  g_signal_group_connect_swapped (self->store_signals, "calculation-recorded",
                                  G_CALLBACK (calculation_recorded_cb), self);

  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (glaux_session_chart_reprice), self, G_CONNECT_SWAPPED);
}

/* ---- Public API ----------------------------------------------------------------------------- */

GlauxSessionChart *
glaux_session_chart_new (void)
{
  return g_object_new (GLAUX_TYPE_SESSION_CHART, NULL);
}

/**
 * glaux_session_chart_set_watch:
 * @monitor: (nullable): the monitor following @watch
 * @watch: (nullable): the session; %NULL clears the chart
 *
 * Showing the session already shown keeps its chart as it is.
 */
void
glaux_session_chart_set_watch (GlauxSessionChart   *self,
                               GlauxSessionMonitor *monitor,
                               GlauxSessionWatch   *watch)
{
  GlauxConnection *connection;
  GlauxSession *session;

  g_return_if_fail (GLAUX_IS_SESSION_CHART (self));
  g_return_if_fail (monitor == NULL || GLAUX_IS_SESSION_MONITOR (monitor));
  g_return_if_fail (watch == NULL || GLAUX_IS_SESSION_WATCH (watch));

  if (watch != NULL && watch == self->watch)
    return;

  glaux_session_chart_reset (self);
  if (watch == NULL || monitor == NULL)
    {
      glaux_session_chart_load (self);
      return;
    }

  session = glaux_session_watch_get_session (watch);
  connection = glaux_session_monitor_get_connection (monitor);
  self->watch = g_object_ref (watch);
  g_set_object (&self->store, glaux_session_monitor_get_history_store (monitor));
  self->connection_id = g_strdup (glaux_connection_get_id (connection));
  self->region = g_strdup (glaux_connection_get_region (connection));
  self->session_id = g_strdup (glaux_session_get_id (session));

  g_signal_group_set_target (self->watch_signals, watch);
  g_signal_group_set_target (self->session_signals, session);
  glaux_session_chart_load (self);

  /* What the watch knows now, and a calculation already running. */
  watch_updated_cb (self);
  session_state_cb (self);
}

/**
 * glaux_session_chart_set_session:
 * @store: (nullable): the history store
 * @session_id: (nullable): the session; %NULL clears the chart
 */
void
glaux_session_chart_set_session (GlauxSessionChart *self,
                                 GlauxHistoryStore *store,
                                 const char        *connection_id,
                                 const char        *region,
                                 const char        *session_id)
{
  g_return_if_fail (GLAUX_IS_SESSION_CHART (self));
  g_return_if_fail (store == NULL || GLAUX_IS_HISTORY_STORE (store));

  glaux_session_chart_reset (self);
  g_set_object (&self->store, store);
  self->connection_id = g_strdup (connection_id);
  self->region = g_strdup (region);
  self->session_id = g_strdup (session_id);
  glaux_session_chart_load (self);
}

const char *
glaux_session_chart_get_session_id (GlauxSessionChart *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_CHART (self), NULL);

  return self->session_id;
}

gboolean
glaux_session_chart_get_loading (GlauxSessionChart *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_CHART (self), FALSE);

  return self->n_loads > 0;
}

GlauxChart *
glaux_session_chart_get_chart (GlauxSessionChart *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_CHART (self), NULL);

  return self->chart;
}

guint
glaux_session_chart_get_n_samples (GlauxSessionChart *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_CHART (self), 0);

  return self->times->len;
}

guint
glaux_session_chart_get_n_spans (GlauxSessionChart *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_CHART (self), 0);

  return glaux_chart_span_layer_get_n_spans (self->spans);
}
