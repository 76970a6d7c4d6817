/* glaux-chart-series.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_CHART_SERIES  (glaux_chart_series_get_type ())
#define GLAUX_TYPE_CHART_COLUMNS (glaux_chart_columns_get_type ())

/* A series downsampled to @n_columns equal time columns over [@t0, @t1]: per column the first,
 * smallest, largest and last value of its samples, NAN where a column has none. Immutable and
 * reference counted, so a worker thread can build it while the widget draws the previous one. */
typedef struct _GlauxChartColumns
{
  gint64   t0;
  gint64   t1;
  guint    n_columns;
  guint    n_present;
  double   value_min;
  double   value_max;
  double  *first;
  double  *min;
  double  *max;
  double  *last;
} GlauxChartColumns;

GType              glaux_chart_columns_get_type   (void) G_GNUC_CONST;
GlauxChartColumns *glaux_chart_columns_new        (gint64                   t0,
                                                   gint64                   t1,
                                                   guint                    n_columns);
GlauxChartColumns *glaux_chart_columns_ref        (GlauxChartColumns *columns);
void               glaux_chart_columns_unref      (GlauxChartColumns *columns);
gint64             glaux_chart_columns_get_time   (const GlauxChartColumns *columns,
                                                   guint                    column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxChartColumns, glaux_chart_columns_unref)

/* Samples (time in µs since the Unix epoch, value) in compact chunked arrays; times never go
 * backwards. "changed" is emitted after every append or clear. Appends happen on the main
 * thread; downsampling may run in a worker, reading only the samples that existed when it
 * started. */
G_DECLARE_FINAL_TYPE (GlauxChartSeries, glaux_chart_series, GLAUX, CHART_SERIES, GObject)

GlauxChartSeries  *glaux_chart_series_new              (void);
void               glaux_chart_series_append           (GlauxChartSeries     *self,
                                                        gint64                time,
                                                        double                value);
void               glaux_chart_series_append_many      (GlauxChartSeries     *self,
                                                        const gint64         *times,
                                                        const double         *values,
                                                        guint                 n_samples);
void               glaux_chart_series_clear            (GlauxChartSeries     *self);
guint              glaux_chart_series_get_n_samples    (GlauxChartSeries     *self);
gboolean           glaux_chart_series_get_sample       (GlauxChartSeries     *self,
                                                        guint                 index,
                                                        gint64               *time,
                                                        double               *value);
gboolean           glaux_chart_series_get_extent       (GlauxChartSeries     *self,
                                                        gint64               *first_time,
                                                        gint64               *last_time);
gboolean           glaux_chart_series_lookup           (GlauxChartSeries     *self,
                                                        gint64                time,
                                                        gint64               *sample_time,
                                                        double               *value);
GlauxChartColumns *glaux_chart_series_downsample       (GlauxChartSeries     *self,
                                                        gint64                t0,
                                                        gint64                t1,
                                                        guint                 n_columns);
void               glaux_chart_series_downsample_async (GlauxChartSeries     *self,
                                                        gint64                t0,
                                                        gint64                t1,
                                                        guint                 n_columns,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GlauxChartColumns *glaux_chart_series_downsample_finish (GlauxChartSeries    *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
