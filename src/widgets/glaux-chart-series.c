/* glaux-chart-series.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-series"

#include "config.h"

#include <math.h>

#include "glaux-chart-series.h"

/* Chunks never move once allocated, so a worker holding references to them can read the
 * samples below its count while the main thread appends past it. */
#define CHUNK_SHIFT 11
#define CHUNK_SIZE  (1u << CHUNK_SHIFT)
#define CHUNK_MASK  (CHUNK_SIZE - 1)

/* Below this many samples downsampling is cheaper than a thread hop. */
#define THREAD_THRESHOLD 50000

typedef struct
{
  gint64 times[CHUNK_SIZE];
  double values[CHUNK_SIZE];
} Chunk;

struct _GlauxChartSeries
{
  GObject    parent_instance;

  GPtrArray *chunks;
  guint      n_samples;
};

G_DEFINE_FINAL_TYPE (GlauxChartSeries, glaux_chart_series, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a downsampling job reads: its own references to the chunks and the count at the time. */
typedef struct
{
  GPtrArray *chunks;
  guint      n_samples;
  gint64     t0;
  gint64     t1;
  guint      n_columns;
} Snapshot;

G_DEFINE_BOXED_TYPE (GlauxChartColumns, glaux_chart_columns,
                     glaux_chart_columns_ref, glaux_chart_columns_unref)

static void
columns_free (gpointer data)
{
  GlauxChartColumns *columns = data;

  g_free (columns->first);
  g_free (columns->min);
  g_free (columns->max);
  g_free (columns->last);
}

GlauxChartColumns *
glaux_chart_columns_ref (GlauxChartColumns *columns)
{
  return g_atomic_rc_box_acquire (columns);
}

void
glaux_chart_columns_unref (GlauxChartColumns *columns)
{
  g_atomic_rc_box_release_full (columns, columns_free);
}

/* The middle of @column, where its point is drawn. */
gint64
glaux_chart_columns_get_time (const GlauxChartColumns *columns,
                              guint                    column)
{
  double span = (double)(columns->t1 - columns->t0);

  return columns->t0 + (gint64)((column + 0.5) * span / MAX (columns->n_columns, 1));
}

static void
chunk_release (gpointer data)
{
  g_atomic_rc_box_release (data);
}

static inline gint64
sample_time (GPtrArray *chunks,
             guint      index)
{
  return ((Chunk *)g_ptr_array_index (chunks, index >> CHUNK_SHIFT))->times[index & CHUNK_MASK];
}

static inline double
sample_value (GPtrArray *chunks,
              guint      index)
{
  return ((Chunk *)g_ptr_array_index (chunks, index >> CHUNK_SHIFT))->values[index & CHUNK_MASK];
}

/* The index of the first sample at or after @time (n_samples when there is none). */
static guint
lower_bound (GPtrArray *chunks,
             guint      n_samples,
             gint64     time)
{
  guint lo = 0;
  guint hi = n_samples;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sample_time (chunks, mid) < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Empty columns (every value NAN), for building derived columns such as stacked ones. */
GlauxChartColumns *
glaux_chart_columns_new (gint64 t0,
                         gint64 t1,
                         guint  n_columns)
{
  GlauxChartColumns *columns = g_atomic_rc_box_new0 (GlauxChartColumns);

  n_columns = MAX (n_columns, 1);
  columns->t0 = t0;
  columns->t1 = t1;
  columns->n_columns = n_columns;
  columns->value_min = INFINITY;
  columns->value_max = -INFINITY;
  columns->first = g_new (double, n_columns);
  columns->min = g_new (double, n_columns);
  columns->max = g_new (double, n_columns);
  columns->last = g_new (double, n_columns);
  for (guint i = 0; i < n_columns; i++)
    columns->first[i] = columns->min[i] = columns->max[i] = columns->last[i] = NAN;

  return columns;
}

static GlauxChartColumns *
downsample (GPtrArray *chunks,
            guint      n_samples,
            gint64     t0,
            gint64     t1,
            guint      n_columns)
{
  GlauxChartColumns *columns = glaux_chart_columns_new (t0, t1, n_columns);
  gint64 span = MAX (t1 - t0, 1);
  guint i;

  n_columns = columns->n_columns;

  /* Walk chunk by chunk: one pointer lookup per chunk keeps the loop tight. */
  for (i = lower_bound (chunks, n_samples, t0); i < n_samples;)
    {
      const Chunk *chunk = g_ptr_array_index (chunks, i >> CHUNK_SHIFT);
      guint end = MIN (n_samples - (i & ~CHUNK_MASK), CHUNK_SIZE);
      guint j;

      for (j = i & CHUNK_MASK; j < end; j++)
        {
          gint64 time = chunk->times[j];
          double value = chunk->values[j];
          guint column;

          if (time > t1)
            goto done;

          column = (guint)(((time - t0) * (gint64)n_columns) / span);
          if (column >= n_columns)
            column = n_columns - 1;

          if (isnan (columns->first[column]))
            {
              columns->first[column] = columns->min[column] = columns->max[column] = value;
              columns->n_present++;
            }
          else
            {
              columns->min[column] = MIN (columns->min[column], value);
              columns->max[column] = MAX (columns->max[column], value);
            }
          columns->last[column] = value;
          columns->value_min = MIN (columns->value_min, value);
          columns->value_max = MAX (columns->value_max, value);
        }

      i = (i & ~CHUNK_MASK) + end;
    }

done:
  if (columns->n_present == 0)
    columns->value_min = columns->value_max = 0;

  return columns;
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_ptr_array_unref (snapshot->chunks);
  g_free (snapshot);
}

static Snapshot *
snapshot_new (GlauxChartSeries *self,
              gint64            t0,
              gint64            t1,
              guint             n_columns)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->chunks = g_ptr_array_new_full (self->chunks->len, chunk_release);
  for (guint i = 0; i < self->chunks->len; i++)
    g_ptr_array_add (snapshot->chunks,
                     g_atomic_rc_box_acquire (g_ptr_array_index (self->chunks, i)));
  snapshot->n_samples = self->n_samples;
  snapshot->t0 = t0;
  snapshot->t1 = t1;
  snapshot->n_columns = n_columns;

  return snapshot;
}

static void
glaux_chart_series_finalize (GObject *object)
{
  GlauxChartSeries *self = (GlauxChartSeries *)object;

  g_clear_pointer (&self->chunks, g_ptr_array_unref);

  G_OBJECT_CLASS (glaux_chart_series_parent_class)->finalize (object);
}

static void
glaux_chart_series_class_init (GlauxChartSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_chart_series_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
glaux_chart_series_init (GlauxChartSeries *self)
{
  self->chunks = g_ptr_array_new_with_free_func (chunk_release);
}

GlauxChartSeries *
glaux_chart_series_new (void)
{
  return g_object_new (GLAUX_TYPE_CHART_SERIES, NULL);
}

static gboolean
append_one (GlauxChartSeries *self,
            gint64            time,
            double            value)
{
  Chunk *chunk;

  if (self->n_samples > 0 && time < sample_time (self->chunks, self->n_samples - 1))
    {
      g_critical ("Chart samples must be appended in time order");
      return FALSE;
    }

  if ((self->n_samples & CHUNK_MASK) == 0)
    g_ptr_array_add (self->chunks, g_atomic_rc_box_new (Chunk));

  chunk = g_ptr_array_index (self->chunks, self->n_samples >> CHUNK_SHIFT);
  chunk->times[self->n_samples & CHUNK_MASK] = time;
  chunk->values[self->n_samples & CHUNK_MASK] = value;
  self->n_samples++;

  return TRUE;
}

void
glaux_chart_series_append (GlauxChartSeries *self,
                           gint64            time,
                           double            value)
{
  g_return_if_fail (GLAUX_IS_CHART_SERIES (self));

  if (append_one (self, time, value))
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Appends a batch with a single "changed", for loading history. */
void
glaux_chart_series_append_many (GlauxChartSeries *self,
                                const gint64     *times,
                                const double     *values,
                                guint             n_samples)
{
  g_return_if_fail (GLAUX_IS_CHART_SERIES (self));
  g_return_if_fail (n_samples == 0 || (times != NULL && values != NULL));

  for (guint i = 0; i < n_samples; i++)
    if (!append_one (self, times[i], values[i]))
      break;

  if (n_samples > 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

void
glaux_chart_series_clear (GlauxChartSeries *self)
{
  g_return_if_fail (GLAUX_IS_CHART_SERIES (self));

  if (self->n_samples == 0)
    return;

  /* Running jobs keep their own chunk references; this only drops ours. */
  g_ptr_array_set_size (self->chunks, 0);
  self->n_samples = 0;
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
glaux_chart_series_get_n_samples (GlauxChartSeries *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_SERIES (self), 0);

  return self->n_samples;
}

gboolean
glaux_chart_series_get_sample (GlauxChartSeries *self,
                               guint             index,
                               gint64           *time,
                               double           *value)
{
  g_return_val_if_fail (GLAUX_IS_CHART_SERIES (self), FALSE);

  if (index >= self->n_samples)
    return FALSE;

  if (time != NULL)
    *time = sample_time (self->chunks, index);
  if (value != NULL)
    *value = sample_value (self->chunks, index);

  return TRUE;
}

gboolean
glaux_chart_series_get_extent (GlauxChartSeries *self,
                               gint64           *first_time,
                               gint64           *last_time)
{
  g_return_val_if_fail (GLAUX_IS_CHART_SERIES (self), FALSE);

  if (self->n_samples == 0)
    return FALSE;

  if (first_time != NULL)
    *first_time = sample_time (self->chunks, 0);
  if (last_time != NULL)
    *last_time = sample_time (self->chunks, self->n_samples - 1);

  return TRUE;
}

/* The last sample at or before @time: the value in force then. FALSE before the first one. */
gboolean
glaux_chart_series_lookup (GlauxChartSeries *self,
                           gint64            time,
                           gint64           *sample_time_out,
                           double           *value)
{
  guint index;

  g_return_val_if_fail (GLAUX_IS_CHART_SERIES (self), FALSE);

  index = lower_bound (self->chunks, self->n_samples, time);
  if (index < self->n_samples && sample_time (self->chunks, index) == time)
    {
      /* Several samples may share a time: the last of them is in force. */
      while (index + 1 < self->n_samples && sample_time (self->chunks, index + 1) == time)
        index++;
    }
  else if (index == 0)
    {
      return FALSE;
    }
  else
    {
      index--;
    }

  return glaux_chart_series_get_sample (self, index, sample_time_out, value);
}

/* Synchronous: for small series and for export, where the caller wants the result now. */
GlauxChartColumns *
glaux_chart_series_downsample (GlauxChartSeries *self,
                               gint64            t0,
                               gint64            t1,
                               guint             n_columns)
{
  g_return_val_if_fail (GLAUX_IS_CHART_SERIES (self), NULL);

  return downsample (self->chunks, self->n_samples, t0, t1, n_columns);
}

static void
downsample_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Snapshot *snapshot = task_data;

  g_task_return_pointer (task,
                         downsample (snapshot->chunks, snapshot->n_samples,
                                     snapshot->t0, snapshot->t1, snapshot->n_columns),
                         (GDestroyNotify)glaux_chart_columns_unref);
}

/* Large series are downsampled in a worker thread; small ones right away. Either way the result
 * arrives through the main loop, never inside the caller. */
void
glaux_chart_series_downsample_async (GlauxChartSeries    *self,
                                     gint64               t0,
                                     gint64               t1,
                                     guint                n_columns,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GLAUX_IS_CHART_SERIES (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_chart_series_downsample_async);
  g_task_set_return_on_cancel (task, TRUE);

  if (self->n_samples < THREAD_THRESHOLD)
    {
      g_task_return_pointer (task, downsample (self->chunks, self->n_samples, t0, t1, n_columns),
                             (GDestroyNotify)glaux_chart_columns_unref);
      return;
    }

  g_task_set_task_data (task, snapshot_new (self, t0, t1, n_columns), snapshot_free);
  g_task_run_in_thread (task, downsample_thread);
}

GlauxChartColumns *
glaux_chart_series_downsample_finish (GlauxChartSeries  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (GLAUX_IS_CHART_SERIES (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
