/* glaux-chart-image.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-image"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

#include "glaux-chart-image.h"

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/* Cairo draws text as glyph outlines; give the SVG a real <title> so it names itself. */
static GByteArray *
svg_add_title (GByteArray *svg,
               const char *title)
{
  g_autoptr(GByteArray) result = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *element = NULL;
  const char *start;
  const char *end;
  gsize offset;

  start = g_strstr_len ((const char *)svg->data, svg->len, "<svg");
  end = start != NULL ? memchr (start, '>', svg->len - (start - (const char *)svg->data)) : NULL;
  if (title == NULL || title[0] == '\0' || end == NULL)
    return svg;

  escaped = g_markup_escape_text (title, -1);
  element = g_strdup_printf ("\n<title>%s</title>", escaped);
  offset = end + 1 - (const char *)svg->data;

  result = g_byte_array_sized_new (svg->len + strlen (element));
  g_byte_array_append (result, svg->data, offset);
  g_byte_array_append (result, (const guint8 *)element, strlen (element));
  g_byte_array_append (result, svg->data + offset, svg->len - offset);
  g_byte_array_unref (svg);

  return g_steal_pointer (&result);
}

static cairo_surface_t *
create_surface (GlauxChartImageFormat  format,
                GByteArray            *bytes,
                int                    width,
                int                    height,
                const char            *title)
{
  cairo_surface_t *surface;

  switch (format)
    {
    case GLAUX_CHART_IMAGE_SVG:
      return cairo_svg_surface_create_for_stream (append_bytes_cb, bytes, width, height);

    case GLAUX_CHART_IMAGE_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes_cb, bytes, width, height);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      return surface;

    case GLAUX_CHART_IMAGE_PNG:
    default:
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
}

/**
 * glaux_chart_image_render:
 * @widget: the chart, whose font the drawing uses
 * @title: (nullable): the SVG's <title> and the PDF's title
 *
 * Returns: (transfer full): the image or document, or %NULL with @error set
 */
GBytes *
glaux_chart_image_render (GtkWidget                *widget,
                          GlauxChartImageFormat     format,
                          int                       width,
                          int                       height,
                          const char               *title,
                          GlauxChartImageDrawFunc   draw,
                          gpointer                  user_data,
                          GError                  **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  PangoContext *pango;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (draw != NULL, NULL);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export a chart of %d × %d pixels: both sides must be positive"),
                   width, height);
      return NULL;
    }

  surface = create_surface (format, bytes, width, height, title);
  cr = cairo_create (surface);

  /* The widget's font at screen resolution, so the export reads like the chart on screen. */
  pango = pango_cairo_create_context (cr);
  pango_context_set_font_description (
    pango, pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
  pango_cairo_context_set_resolution (pango, 96);

  draw (cr, pango, width, height, user_data);

  g_object_unref (pango);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (format == GLAUX_CHART_IMAGE_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes_cb, bytes);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart for export: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  if (format == GLAUX_CHART_IMAGE_SVG)
    bytes = svg_add_title (g_steal_pointer (&bytes), title);

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not save the chart to “%s”: %s"), name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
glaux_chart_image_save_async (gpointer             source_object,
                              gpointer             source_tag,
                              GBytes              *bytes,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  /* GIO writes a temporary file in its worker and renames it over @file. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       replace_cb, g_steal_pointer (&task));
}

gboolean
glaux_chart_image_save_finish (gpointer       source_object,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
