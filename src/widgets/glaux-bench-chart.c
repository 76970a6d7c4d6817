/* glaux-bench-chart.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "glaux-bench-chart.h"

#define EDGE        12
#define GAP         6
#define SWATCH      10
#define MAX_TICKS   16
#define MIN_WIDTH   320
#define MIN_HEIGHT  220

struct _GlauxBenchChart
{
  GtkWidget             parent_instance;

  GlauxBenchComparison *comparison;
  char                 *title;
  GStrv                 run_names;
  GlauxBenchChartKind   kind;

  /* Theme colours, looked up in css_changed. */
  GdkRGBA               foreground;
  GdkRGBA               background;
  /* Where the groups were drawn last, for the tooltip. */
  graphene_rect_t       plot;
  double                hover_x;

  guint                 log_scale : 1;
  guint                 hovering : 1;
};

G_DEFINE_FINAL_TYPE (GlauxBenchChart, glaux_bench_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_COMPARISON,
  PROP_LOG_SCALE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One colour per run (GNOME palette; readable on light and dark backgrounds alike). */
static const char * const run_colors[] = {
  "#3584e4", "#ff7800", "#9141ac", "#986a44", "#2190a4",
};

/* Bands, mildest to strongest: greens faster, yellow to dark red slower, grey for a tie. */
static const struct
{
  GlauxBenchBand  band;
  const char     *color;
} band_colors[] = {
  { GLAUX_BENCH_BAND_CRITICAL_FASTER, "#1c7a4a" },
  { GLAUX_BENCH_BAND_MAJOR_FASTER, "#26a269" },
  { GLAUX_BENCH_BAND_MINOR_FASTER, "#33d17a" },
  { GLAUX_BENCH_BAND_FASTER, "#8ff0a4" },
  { GLAUX_BENCH_BAND_TIE, "#9a9996" },
  { GLAUX_BENCH_BAND_SLOWER, "#f6d32d" },
  { GLAUX_BENCH_BAND_MINOR_SLOWER, "#ff7800" },
  { GLAUX_BENCH_BAND_MAJOR_SLOWER, "#e01b24" },
  { GLAUX_BENCH_BAND_CRITICAL_SLOWER, "#a51d2d" },
};

typedef struct
{
  GdkRGBA       foreground;
  GdkRGBA       background;
  PangoContext *pango;
  double        width;
  double        height;
  graphene_rect_t plot;
} Frame;

typedef struct
{
  double   lo;
  double   hi;
  gboolean log;
  double   ticks[MAX_TICKS];
  guint    n_ticks;
  int      decimals;
} Scale;

static void
set_color (cairo_t    *cr,
           const char *spec,
           double      alpha)
{
  GdkRGBA rgba;

  gdk_rgba_parse (&rgba, spec);
  rgba.alpha = alpha;
  gdk_cairo_set_source_rgba (cr, &rgba);
}

static const char *
band_color (GlauxBenchBand band)
{
  for (guint i = 0; i < G_N_ELEMENTS (band_colors); i++)
    if (band_colors[i].band == band)
      return band_colors[i].color;

  return band_colors[4].color;
}

/* The series of the chart: every run for bars, the runs after the baseline for changes. */
static guint
first_series (GlauxBenchChart *self)
{
  return self->kind == GLAUX_BENCH_CHART_BARS ? 0 : 1;
}

static double
row_value (GlauxBenchChart               *self,
           const GlauxBenchComparisonRow *row,
           guint                          run)
{
  return self->kind == GLAUX_BENCH_CHART_BARS ? row->median_ms[run] : row->change_pct[run];
}

static char *
dup_run_name (GlauxBenchChart *self,
              guint            run)
{
  if (self->run_names != NULL && run < g_strv_length (self->run_names))
    return g_strdup (self->run_names[run]);

  return glaux_bench_run_dup_label (glaux_bench_comparison_get_run (self->comparison, run));
}

/* A step of 1, 2 or 5 × 10ⁿ giving about @target intervals over @span. */
static double
nice_step (double span,
           guint  target)
{
  double raw = span / target;
  double magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;

  return 10 * magnitude;
}

static void
scale_linear (Scale  *scale,
              double  lo,
              double  hi)
{
  double step;

  if (hi - lo <= 0)
    hi = lo + 1;

  step = nice_step (hi - lo, 5);
  scale->lo = floor (lo / step) * step;
  scale->hi = ceil (hi / step) * step;
  scale->decimals = step >= 1 ? 0 : (int)ceil (-log10 (step));
  scale->n_ticks = 0;
  for (double v = scale->lo; v <= scale->hi + step / 2 && scale->n_ticks < MAX_TICKS; v += step)
    scale->ticks[scale->n_ticks++] = fabs (v) < step / 1000 ? 0 : v;
}

/* Whole decades, at least one, so a bar's length reads as its order of magnitude. */
static void
scale_log (Scale  *scale,
           double  min_positive,
           double  hi)
{
  int first = (int)floor (log10 (min_positive));
  int last = (int)ceil (log10 (hi));

  if (last <= first)
    last = first + 1;
  while (last - first + 1 > MAX_TICKS)
    first++;

  scale->log = TRUE;
  scale->lo = pow (10, first);
  scale->hi = pow (10, last);
  scale->decimals = first < 0 ? -first : 0;
  scale->n_ticks = 0;
  for (int e = first; e <= last; e++)
    scale->ticks[scale->n_ticks++] = pow (10, e);
}

static void
compute_scale (GlauxBenchChart *self,
               Scale           *scale)
{
  guint n_runs = glaux_bench_comparison_get_n_runs (self->comparison);
  double lo = INFINITY;
  double hi = -INFINITY;
  double min_positive = INFINITY;

  memset (scale, 0, sizeof *scale);

  for (guint i = 0; i < glaux_bench_comparison_get_n_rows (self->comparison); i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (self->comparison, i);

      for (guint run = first_series (self); run < n_runs; run++)
        {
          double value = row_value (self, row, run);

          if (!isfinite (value))
            continue;
          lo = MIN (lo, value);
          hi = MAX (hi, value);
          if (value > 0)
            min_positive = MIN (min_positive, value);
        }
    }

  if (self->kind == GLAUX_BENCH_CHART_DIVERGING)
    {
      lo = MIN (isfinite (lo) ? lo : 0, 0);
      hi = MAX (isfinite (hi) ? hi : 0, 0);
      /* Small changes: the tie zone and the minor edges around 0 stay in sight. */
      if (hi - lo < 4 * GLAUX_BENCH_MINOR_PCT)
        {
          lo = MIN (lo, -GLAUX_BENCH_MINOR_PCT);
          hi = MAX (hi, GLAUX_BENCH_MINOR_PCT);
        }
      scale_linear (scale, lo, hi);
    }
  else if (self->log_scale && isfinite (min_positive))
    scale_log (scale, min_positive, hi);
  else
    scale_linear (scale, 0, isfinite (hi) && hi > 0 ? hi : 1);
}

static double
scale_to_y (const Scale           *scale,
            const graphene_rect_t *plot,
            double                 value)
{
  double t;

  if (scale->log)
    {
      value = MAX (value, scale->lo);
      t = (log10 (value) - log10 (scale->lo)) / (log10 (scale->hi) - log10 (scale->lo));
    }
  else
    t = (value - scale->lo) / (scale->hi - scale->lo);

  return plot->origin.y + plot->size.height * (1 - CLAMP (t, 0, 1));
}

static char *
format_tick (const Scale *scale,
             double       value,
             gboolean     percent)
{
  if (percent)
    return g_strdup_printf ("%+.*f %%", scale->decimals, value);

  return g_strdup_printf ("%.*f", scale->decimals, value);
}

static PangoLayout *
make_layout (Frame      *frame,
             const char *text,
             gboolean    bold,
             double      scale)
{
  PangoLayout *layout = pango_layout_new (frame->pango);
  const PangoFontDescription *base = pango_context_get_font_description (frame->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (base);
  int size = pango_font_description_get_size (font);

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  pango_font_description_set_size (font, (int)(size * scale));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  int w;
  int h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* Draws @layout with its anchor (@xalign, @yalign in [0, 1]) at (@x, @y). */
static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             double       xalign,
             double       yalign)
{
  double w;
  double h;

  layout_size (layout, &w, &h);
  cairo_move_to (cr, round (x - w * xalign), round (y - h * yalign));
  pango_cairo_show_layout (cr, layout);
}

typedef struct
{
  char       *text;
  const char *color;
} LegendItem;

static void
legend_item_clear (LegendItem *item)
{
  g_free (item->text);
}

static GArray *
legend_items (GlauxBenchChart *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  guint n_runs = glaux_bench_comparison_get_n_runs (self->comparison);

  g_array_set_clear_func (items, (GDestroyNotify)legend_item_clear);

  if (self->kind == GLAUX_BENCH_CHART_BARS)
    {
      for (guint run = 0; run < n_runs; run++)
        {
          LegendItem item = { dup_run_name (self, run), run_colors[run % G_N_ELEMENTS (run_colors)] };

          if (run == 0)
            {
              /* Translators: a run's name in a chart legend, marked as the baseline. */
              g_autofree char *name = item.text;

              item.text = g_strdup_printf (_("%s (baseline)"), name);
            }
          g_array_append_val (items, item);
        }
      return items;
    }

  /* Only the bands that occur, in order from faster to slower. */
  for (guint b = 0; b < G_N_ELEMENTS (band_colors); b++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < glaux_bench_comparison_get_n_rows (self->comparison) && !seen; i++)
        {
          const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (self->comparison, i);

          for (guint run = 1; run < n_runs && !seen; run++)
            seen = row->band[run] == band_colors[b].band;
        }

      if (seen)
        {
          LegendItem item = { g_strdup (glaux_bench_band_describe (band_colors[b].band)),
                              band_colors[b].color };

          g_array_append_val (items, item);
        }
    }

  return items;
}

/* Lays the legend out in lines from (@x, @y) within @width; returns its height. With @cr NULL
 * it only measures. */
static double
draw_legend (GlauxBenchChart *self,
             cairo_t         *cr,
             Frame           *frame,
             GArray          *items,
             double           x,
             double           y,
             double           width)
{
  double line_height = 0;
  double cx = x;
  double cy = y;

  for (guint i = 0; i < items->len; i++)
    {
      LegendItem *item = &g_array_index (items, LegendItem, i);
      g_autoptr(PangoLayout) layout = make_layout (frame, item->text, FALSE, 0.9);
      double w;
      double h;
      double item_width;

      /* A name longer than the line is cut, never drawn past the edge. */
      pango_layout_set_width (layout, (int)(MAX (width - SWATCH - 3 * GAP, 1) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      layout_size (layout, &w, &h);
      item_width = SWATCH + GAP + w + 2 * GAP;
      if (cx > x && cx + item_width > x + width)
        {
          cx = x;
          cy += line_height + 2;
        }
      line_height = MAX (line_height, h);

      if (cr != NULL)
        {
          set_color (cr, item->color, 1);
          cairo_rectangle (cr, cx, cy + (h - SWATCH) / 2, SWATCH, SWATCH);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, &frame->foreground);
          show_layout (cr, layout, cx + SWATCH + GAP, cy, 0, 0);
        }
      cx += item_width;
    }

  return items->len > 0 ? cy + line_height - y : 0;
}

static char *
dup_query_label (const char *query_id)
{
  /* Numeric ids read as TPC query numbers: "Q5"; others as they are. */
  if (g_ascii_isdigit (query_id[0]))
    return g_strdup_printf ("Q%s", query_id);

  return g_strdup (query_id);
}

static void
draw_empty (GlauxBenchChart *self,
            cairo_t         *cr,
            Frame           *frame)
{
  g_autoptr(PangoLayout) layout = make_layout (frame, _("No comparison to show"), FALSE, 1);
  GdkRGBA dim = frame->foreground;

  dim.alpha *= 0.55;
  gdk_cairo_set_source_rgba (cr, &dim);
  show_layout (cr, layout, frame->width / 2, frame->height / 2, 0.5, 0.5);
}

static void
draw_bars (GlauxBenchChart *self,
           cairo_t         *cr,
           Frame           *frame,
           const Scale     *scale)
{
  const graphene_rect_t *plot = &frame->plot;
  guint n_rows = glaux_bench_comparison_get_n_rows (self->comparison);
  guint n_runs = glaux_bench_comparison_get_n_runs (self->comparison);
  guint n_series = n_runs - first_series (self);
  double group = plot->size.width / MAX (n_rows, 1);
  double bar = group * 0.8 / MAX (n_series, 1);
  double zero = self->kind == GLAUX_BENCH_CHART_BARS ? plot->origin.y + plot->size.height
                                                     : scale_to_y (scale, plot, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      const GlauxBenchComparisonRow *row = glaux_bench_comparison_get_row (self->comparison, i);

      for (guint run = first_series (self); run < n_runs; run++)
        {
          double value = row_value (self, row, run);
          double x = plot->origin.x + group * (i + 0.1) + bar * (run - first_series (self));
          double y;

          if (!isfinite (value))
            continue;

          y = scale_to_y (scale, plot, value);
          if (self->kind == GLAUX_BENCH_CHART_BARS)
            set_color (cr, run_colors[run % G_N_ELEMENTS (run_colors)], 1);
          else
            set_color (cr, band_color (row->band[run]), 1);

          /* At least a hairline, so a tiny value still shows where it is. */
          if (fabs (zero - y) < 1)
            y = zero - (value >= 0 ? 1 : -1);
          cairo_rectangle (cr, x, MIN (y, zero), MAX (bar - (bar > 4 ? 1 : 0), 1), fabs (zero - y));
          cairo_fill (cr);

          /* With several runs against the baseline, a cap in the run's colour tells them apart. */
          if (self->kind == GLAUX_BENCH_CHART_DIVERGING && n_series > 1)
            {
              set_color (cr, run_colors[run % G_N_ELEMENTS (run_colors)], 1);
              cairo_rectangle (cr, x, value >= 0 ? MIN (y, zero) : MAX (y, zero) - 3,
                               MAX (bar - (bar > 4 ? 1 : 0), 1), 3);
              cairo_fill (cr);
            }
        }
    }
}

static void
draw_chart (GlauxBenchChart *self,
            cairo_t         *cr,
            Frame           *frame)
{
  g_autoptr(GArray) legend = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) y_title = NULL;
  g_autoptr(PangoLayout) x_title = NULL;
  gboolean percent = self->kind == GLAUX_BENCH_CHART_DIVERGING;
  GdkRGBA grid = frame->foreground;
  GdkRGBA dim = frame->foreground;
  graphene_rect_t *plot = &frame->plot;
  double top = EDGE;
  double left = EDGE;
  double bottom;
  double tick_width = 0;
  double tick_height = 0;
  double label_height = 0;
  double group;
  guint n_rows;
  guint step = 1;
  Scale scale;

  grid.alpha *= 0.15;
  dim.alpha *= 0.7;

  if (self->comparison == NULL || glaux_bench_comparison_get_n_rows (self->comparison) == 0)
    {
      graphene_rect_init (plot, 0, 0, 0, 0);
      draw_empty (self, cr, frame);
      return;
    }

  n_rows = glaux_bench_comparison_get_n_rows (self->comparison);
  compute_scale (self, &scale);

  /* Title and legend on top. */
  if (self->title != NULL && self->title[0] != '\0')
    {
      double h;

      title = make_layout (frame, self->title, TRUE, 1.1);
      pango_layout_set_width (title, (int)((frame->width - 2 * EDGE) * PANGO_SCALE));
      pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
      gdk_cairo_set_source_rgba (cr, &frame->foreground);
      show_layout (cr, title, EDGE, top, 0, 0);
      layout_size (title, NULL, &h);
      top += h + GAP;
    }
  legend = legend_items (self);
  top += draw_legend (self, cr, frame, legend, EDGE, top, frame->width - 2 * EDGE) + 2 * GAP;

  /* Axis titles with their units. */
  y_title = make_layout (frame, percent ? _("Change vs baseline (%)") : _("Median time (ms)"),
                         FALSE, 0.9);
  x_title = make_layout (frame, _("Query"), FALSE, 0.9);
  left += pango_layout_get_baseline (y_title) / PANGO_SCALE + 2 * GAP;

  for (guint i = 0; i < scale.n_ticks; i++)
    {
      g_autofree char *text = format_tick (&scale, scale.ticks[i], percent);
      g_autoptr(PangoLayout) layout = make_layout (frame, text, FALSE, 0.85);
      double w;

      layout_size (layout, &w, &tick_height);
      tick_width = MAX (tick_width, w);
    }
  left += tick_width + GAP;

  {
    g_autoptr(PangoLayout) probe = make_layout (frame, "Q22", FALSE, 0.85);
    double h;

    layout_size (probe, NULL, &label_height);
    layout_size (x_title, NULL, &h);
    bottom = frame->height - EDGE - h - GAP - label_height - GAP;
  }

  graphene_rect_init (plot, left, top + tick_height / 2, MAX (frame->width - EDGE - left, 1),
                      MAX (bottom - top - tick_height / 2, 1));
  group = plot->size.width / n_rows;

  /* Grid and tick labels. */
  for (guint i = 0; i < scale.n_ticks; i++)
    {
      g_autofree char *text = format_tick (&scale, scale.ticks[i], percent);
      g_autoptr(PangoLayout) layout = make_layout (frame, text, FALSE, 0.85);
      double y = round (scale_to_y (&scale, plot, scale.ticks[i])) + 0.5;

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, plot->origin.x, y);
      cairo_line_to (cr, plot->origin.x + plot->size.width, y);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &dim);
      show_layout (cr, layout, plot->origin.x - GAP, y, 1, 0.5);
    }

  /* The tie zone: a change inside it is no change. */
  if (percent)
    {
      double y0 = scale_to_y (&scale, plot, GLAUX_BENCH_TIE_PCT);
      double y1 = scale_to_y (&scale, plot, -GLAUX_BENCH_TIE_PCT);

      set_color (cr, band_color (GLAUX_BENCH_BAND_TIE), 0.15);
      cairo_rectangle (cr, plot->origin.x, y0, plot->size.width, y1 - y0);
      cairo_fill (cr);
    }

  draw_bars (self, cr, frame, &scale);

  /* Axes. */
  gdk_cairo_set_source_rgba (cr, &dim);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (plot->origin.x) + 0.5, plot->origin.y);
  cairo_line_to (cr, round (plot->origin.x) + 0.5, plot->origin.y + plot->size.height);
  cairo_stroke (cr);
  {
    double y = round (percent ? scale_to_y (&scale, plot, 0)
                              : plot->origin.y + plot->size.height) + 0.5;

    cairo_move_to (cr, plot->origin.x, y);
    cairo_line_to (cr, plot->origin.x + plot->size.width, y);
    cairo_stroke (cr);
  }

  /* Query labels under the plot, thinned out when they would overlap. */
  {
    double widest = 0;

    for (guint i = 0; i < n_rows; i++)
      {
        g_autofree char *text = dup_query_label (glaux_bench_comparison_get_row (self->comparison, i)->query_id);
        g_autoptr(PangoLayout) layout = make_layout (frame, text, FALSE, 0.85);
        double w;

        layout_size (layout, &w, NULL);
        widest = MAX (widest, w);
      }
    while (group * step < widest + 4 && step < n_rows)
      step++;
  }
  for (guint i = 0; i < n_rows; i += step)
    {
      g_autofree char *text = dup_query_label (glaux_bench_comparison_get_row (self->comparison, i)->query_id);
      g_autoptr(PangoLayout) layout = make_layout (frame, text, FALSE, 0.85);

      gdk_cairo_set_source_rgba (cr, &dim);
      show_layout (cr, layout, plot->origin.x + group * (i + 0.5),
                   plot->origin.y + plot->size.height + GAP, 0.5, 0);
    }

  gdk_cairo_set_source_rgba (cr, &frame->foreground);
  show_layout (cr, x_title, plot->origin.x + plot->size.width / 2, frame->height - EDGE, 0.5, 1);

  cairo_save (cr);
  cairo_translate (cr, EDGE, plot->origin.y + plot->size.height / 2);
  cairo_rotate (cr, -G_PI / 2);
  show_layout (cr, y_title, 0, 0, 0.5, 0);
  cairo_restore (cr);
}

/* The group (query) under @x, or -1. */
static int
group_at (GlauxBenchChart *self,
          double           x,
          double           y)
{
  const graphene_rect_t *plot = &self->plot;
  guint n_rows;
  int index;

  if (self->comparison == NULL || plot->size.width <= 0 ||
      x < plot->origin.x || x >= plot->origin.x + plot->size.width ||
      y < plot->origin.y || y > plot->origin.y + plot->size.height)
    return -1;

  n_rows = glaux_bench_comparison_get_n_rows (self->comparison);
  index = (int)((x - plot->origin.x) / (plot->size.width / n_rows));

  return index < (int)n_rows ? index : -1;
}

static char *
format_ms (double ms)
{
  if (!isfinite (ms))
    return g_strdup (_("no passing measurement"));

  /* Translators: a median time in milliseconds. */
  return g_strdup_printf (_("%.*f ms"), ms < 10 ? 2 : 1, ms);
}

char *
glaux_bench_chart_get_tooltip_text_at (GlauxBenchChart *self,
                                       double           x,
                                       double           y)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *query = NULL;
  const GlauxBenchComparisonRow *row;
  int index;

  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), NULL);

  index = group_at (self, x, y);
  if (index < 0)
    return NULL;

  row = glaux_bench_comparison_get_row (self->comparison, index);
  query = dup_query_label (row->query_id);
  text = g_string_new (query);

  for (guint run = 0; run < glaux_bench_comparison_get_n_runs (self->comparison); run++)
    {
      g_autofree char *name = dup_run_name (self, run);
      g_autofree char *ms = format_ms (row->median_ms[run]);

      g_string_append_printf (text, "\n%s: %s", name, ms);
      if (run > 0 && isfinite (row->change_pct[run]))
        /* Translators: a change against the baseline and its band, "+12.3 %, Minor regression". */
        g_string_append_printf (text, _(" (%+.1f %%, %s)"), row->change_pct[run],
                                glaux_bench_band_describe (row->band[run]));
      else if (run == 0)
        g_string_append (text, _(" (baseline)"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
glaux_bench_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  GlauxBenchChart *self = GLAUX_BENCH_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Frame frame = { 0 };
  cairo_t *cr;
  int group;

  if (width <= 0 || height <= 0)
    return;

  frame.foreground = self->foreground;
  frame.background = self->background;
  frame.pango = gtk_widget_get_pango_context (widget);
  frame.width = width;
  frame.height = height;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_chart (self, cr, &frame);
  cairo_destroy (cr);
  self->plot = frame.plot;

  /* The hovered query's column is highlighted. */
  group = self->hovering ? group_at (self, self->hover_x, self->plot.origin.y) : -1;
  if (group >= 0)
    {
      double w = self->plot.size.width / glaux_bench_comparison_get_n_rows (self->comparison);
      GdkRGBA shade = self->foreground;

      shade.alpha *= 0.08;
      gtk_snapshot_append_color (snapshot, &shade,
                                 &GRAPHENE_RECT_INIT (self->plot.origin.x + w * group,
                                                      self->plot.origin.y, w,
                                                      self->plot.size.height));
    }
}

static void
glaux_bench_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 640;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = 360;
    }
}

static void
glaux_bench_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GlauxBenchChart *self = GLAUX_BENCH_CHART (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  GTK_WIDGET_CLASS (glaux_bench_chart_parent_class)->css_changed (widget, change);

  gtk_style_context_get_color (context, &self->foreground);
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &self->background))
    gdk_rgba_parse (&self->background, "#ffffff");
  gtk_widget_queue_draw (widget);
}

static gboolean
glaux_bench_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  GlauxBenchChart *self = GLAUX_BENCH_CHART (widget);
  g_autofree char *text = NULL;

  /* From the keyboard there is no pointer: describe the first query. */
  if (keyboard_mode)
    {
      x = (int)self->plot.origin.x + 1;
      y = (int)self->plot.origin.y + 1;
    }

  text = glaux_bench_chart_get_tooltip_text_at (self, x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
motion_cb (GlauxBenchChart          *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  self->hover_x = x;
  self->hovering = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GlauxBenchChart          *self,
          GtkEventControllerMotion *motion)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

typedef struct
{
  GlauxBenchChart *chart;
  Frame           *frame;
} ExportDrawing;

static void
export_draw_cb (cairo_t      *cr,
                PangoContext *pango,
                int           width,
                int           height,
                gpointer      user_data)
{
  ExportDrawing *drawing = user_data;

  drawing->frame->pango = pango;
  drawing->frame->width = width;
  drawing->frame->height = height;

  gdk_cairo_set_source_rgba (cr, &drawing->frame->background);
  cairo_paint (cr);
  draw_chart (drawing->chart, cr, drawing->frame);
}

GBytes *
glaux_bench_chart_render (GlauxBenchChart        *self,
                          GlauxChartImageFormat   format,
                          int                     width,
                          int                     height,
                          GError                **error)
{
  Frame frame = { 0 };
  ExportDrawing drawing = { self, &frame };

  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), NULL);

  frame.foreground = self->foreground;
  frame.background = self->background;

  return glaux_chart_image_render (GTK_WIDGET (self), format, width, height, self->title,
                                   export_draw_cb, &drawing, error);
}

void
glaux_bench_chart_export_async (GlauxBenchChart       *self,
                                GlauxChartImageFormat  format,
                                GFile                 *file,
                                int                    width,
                                int                    height,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  g_return_if_fail (GLAUX_IS_BENCH_CHART (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Drawing reads the widget's fonts and colours, so it happens here (a few milliseconds). */
  bytes = glaux_bench_chart_render (self, format, width, height, &error);
  if (bytes == NULL)
    {
      g_task_report_error (self, callback, user_data, glaux_bench_chart_export_async, error);
      return;
    }

  glaux_chart_image_save_async (self, glaux_bench_chart_export_async, bytes, file, cancellable,
                                callback, user_data);
}

gboolean
glaux_bench_chart_export_finish (GlauxBenchChart  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), FALSE);

  return glaux_chart_image_save_finish (self, result, error);
}

static void
glaux_bench_chart_dispose (GObject *object)
{
  GlauxBenchChart *self = (GlauxBenchChart *)object;

  g_clear_object (&self->comparison);

  G_OBJECT_CLASS (glaux_bench_chart_parent_class)->dispose (object);
}

static void
glaux_bench_chart_finalize (GObject *object)
{
  GlauxBenchChart *self = (GlauxBenchChart *)object;

  g_free (self->title);
  g_strfreev (self->run_names);

  G_OBJECT_CLASS (glaux_bench_chart_parent_class)->finalize (object);
}

static void
glaux_bench_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxBenchChart *self = GLAUX_BENCH_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_COMPARISON:
      g_value_set_object (value, self->comparison);
      break;

    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_bench_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlauxBenchChart *self = GLAUX_BENCH_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    case PROP_COMPARISON:
      glaux_bench_chart_set_comparison (self, g_value_get_object (value));
      break;

    case PROP_LOG_SCALE:
      glaux_bench_chart_set_log_scale (self, g_value_get_boolean (value));
      break;

    case PROP_TITLE:
      glaux_bench_chart_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_bench_chart_class_init (GlauxBenchChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_bench_chart_dispose;
  object_class->finalize = glaux_bench_chart_finalize;
  object_class->get_property = glaux_bench_chart_get_property;
  object_class->set_property = glaux_bench_chart_set_property;

  widget_class->snapshot = glaux_bench_chart_snapshot;
  widget_class->measure = glaux_bench_chart_measure;
  widget_class->css_changed = glaux_bench_chart_css_changed;
  widget_class->query_tooltip = glaux_bench_chart_query_tooltip;

  /* An int rather than a registered enum: the two kinds are fixed at construction. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, GLAUX_BENCH_CHART_BARS, GLAUX_BENCH_CHART_DIVERGING,
                      GLAUX_BENCH_CHART_BARS,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPARISON] =
    g_param_spec_object ("comparison", NULL, NULL, GLAUX_TYPE_BENCH_COMPARISON,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "benchchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
glaux_bench_chart_init (GlauxBenchChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gdk_rgba_parse (&self->foreground, "#000000");
  gdk_rgba_parse (&self->background, "#ffffff");
}

GlauxBenchChart *
glaux_bench_chart_new (GlauxBenchChartKind kind)
{
  return g_object_new (GLAUX_TYPE_BENCH_CHART, "kind", kind, NULL);
}

GlauxBenchChartKind
glaux_bench_chart_get_kind (GlauxBenchChart *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), GLAUX_BENCH_CHART_BARS);

  return self->kind;
}

GlauxBenchComparison *
glaux_bench_chart_get_comparison (GlauxBenchChart *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), NULL);

  return self->comparison;
}

void
glaux_bench_chart_set_comparison (GlauxBenchChart      *self,
                                  GlauxBenchComparison *comparison)
{
  g_return_if_fail (GLAUX_IS_BENCH_CHART (self));
  g_return_if_fail (comparison == NULL || GLAUX_IS_BENCH_COMPARISON (comparison));

  if (g_set_object (&self->comparison, comparison))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARISON]);
    }
}

gboolean
glaux_bench_chart_get_log_scale (GlauxBenchChart *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), FALSE);

  return self->log_scale;
}

void
glaux_bench_chart_set_log_scale (GlauxBenchChart *self,
                                 gboolean         log_scale)
{
  g_return_if_fail (GLAUX_IS_BENCH_CHART (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;

  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

const char *
glaux_bench_chart_get_title (GlauxBenchChart *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_CHART (self), NULL);

  return self->title;
}

void
glaux_bench_chart_set_title (GlauxBenchChart *self,
                             const char      *title)
{
  g_return_if_fail (GLAUX_IS_BENCH_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* The names of the comparison's runs in legend and tooltip (the library's titles); NULL: each
 * run's own label. */
void
glaux_bench_chart_set_run_names (GlauxBenchChart    *self,
                                 const char * const *names)
{
  g_return_if_fail (GLAUX_IS_BENCH_CHART (self));

  g_strfreev (self->run_names);
  self->run_names = g_strdupv ((char **)names);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
