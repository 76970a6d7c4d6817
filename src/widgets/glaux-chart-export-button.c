/* glaux-chart-export-button.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chart-export-button"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-chart-export-button.h"
#include "glaux-ui-util.h"

/* Exports are drawn at this size whatever the widget's, so a squat chart on a page still gives
 * a legible picture. */
#define EXPORT_WIDTH  1200
#define EXPORT_HEIGHT 500

struct _GlauxChartExportButton
{
  GtkWidget             parent_instance;

  /* Owned References */
  GlauxChart           *chart;
  char                 *basename;
  GtkFileChooserNative *dialog;
  GCancellable         *cancellable;

  /* Template Widgets */
  GtkMenuButton        *menu_button;

  guint                 svg : 1;
};

G_DEFINE_FINAL_TYPE (GlauxChartExportButton, glaux_chart_export_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHART,
  PROP_BASENAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
export_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlauxChartExportButton) self = user_data;
  g_autoptr(GError) error = NULL;

  gboolean exported = glaux_chart_export_finish (GLAUX_CHART (object), result, &error);

  /* The window may have closed while the file was written: nobody to tell. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (!exported)
    glaux_ui_show_error (GTK_WIDGET (self), error);
  else
    glaux_ui_show_toast (GTK_WIDGET (self), _("Chart exported"));
}

static void
dialog_response_cb (GlauxChartExportButton *self,
                    int                     response,
                    GtkFileChooserNative   *dialog)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  g_clear_object (&self->dialog);

  if (file == NULL || self->chart == NULL)
    return;

  if (self->svg)
    glaux_chart_export_svg_async (self->chart, file, EXPORT_WIDTH, EXPORT_HEIGHT,
                                  self->cancellable, export_finished_cb, g_object_ref (self));
  else
    glaux_chart_export_png_async (self->chart, file, EXPORT_WIDTH, EXPORT_HEIGHT,
                                  self->cancellable, export_finished_cb, g_object_ref (self));
}

static void
glaux_chart_export_button_ask (GlauxChartExportButton *self,
                               gboolean                svg)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chart == NULL)
    return;

  if (self->dialog != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->dialog));
  g_clear_object (&self->dialog);

  self->svg = svg;
  self->dialog = gtk_file_chooser_native_new (svg ? _("Export Chart as SVG")
                                                  : _("Export Chart as PNG"),
                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                              _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->dialog), TRUE);

  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->dialog), filter);

  name = g_strdup_printf ("%s.%s", self->basename != NULL ? self->basename : "chart",
                          svg ? "svg" : "png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->dialog), name);

  g_signal_connect_object (self->dialog, "response", G_CALLBACK (dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->dialog));
}

static void
export_png_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  glaux_chart_export_button_ask (GLAUX_CHART_EXPORT_BUTTON (widget), FALSE);
}

static void
export_svg_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  glaux_chart_export_button_ask (GLAUX_CHART_EXPORT_BUTTON (widget), TRUE);
}

static void
glaux_chart_export_button_update_actions (GlauxChartExportButton *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export-png", self->chart != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export-svg", self->chart != NULL);
}

static void
glaux_chart_export_button_dispose (GObject *object)
{
  GlauxChartExportButton *self = (GlauxChartExportButton *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->dialog));
  g_clear_object (&self->dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_CHART_EXPORT_BUTTON);

  g_clear_object (&self->chart);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (glaux_chart_export_button_parent_class)->dispose (object);
}

static void
glaux_chart_export_button_finalize (GObject *object)
{
  GlauxChartExportButton *self = (GlauxChartExportButton *)object;

  g_free (self->basename);

  G_OBJECT_CLASS (glaux_chart_export_button_parent_class)->finalize (object);
}

static void
glaux_chart_export_button_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GlauxChartExportButton *self = GLAUX_CHART_EXPORT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;

    case PROP_BASENAME:
      g_value_set_string (value, self->basename);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_export_button_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GlauxChartExportButton *self = GLAUX_CHART_EXPORT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CHART:
      glaux_chart_export_button_set_chart (self, g_value_get_object (value));
      break;

    case PROP_BASENAME:
      glaux_chart_export_button_set_basename (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_chart_export_button_class_init (GlauxChartExportButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_chart_export_button_dispose;
  object_class->finalize = glaux_chart_export_button_finalize;
  object_class->get_property = glaux_chart_export_button_get_property;
  object_class->set_property = glaux_chart_export_button_set_property;

  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL, GLAUX_TYPE_CHART,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BASENAME] =
    g_param_spec_string ("basename", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-chart-export-button.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxChartExportButton, menu_button);

  gtk_widget_class_install_action (widget_class, "chart.export-png", NULL, export_png_action);
  gtk_widget_class_install_action (widget_class, "chart.export-svg", NULL, export_svg_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
glaux_chart_export_button_init (GlauxChartExportButton *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  glaux_chart_export_button_update_actions (self);
}

GlauxChartExportButton *
glaux_chart_export_button_new (void)
{
  return g_object_new (GLAUX_TYPE_CHART_EXPORT_BUTTON, NULL);
}

GlauxChart *
glaux_chart_export_button_get_chart (GlauxChartExportButton *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_EXPORT_BUTTON (self), NULL);

  return self->chart;
}

void
glaux_chart_export_button_set_chart (GlauxChartExportButton *self,
                                     GlauxChart             *chart)
{
  g_return_if_fail (GLAUX_IS_CHART_EXPORT_BUTTON (self));
  g_return_if_fail (chart == NULL || GLAUX_IS_CHART (chart));

  if (g_set_object (&self->chart, chart))
    {
      glaux_chart_export_button_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
    }
}

const char *
glaux_chart_export_button_get_basename (GlauxChartExportButton *self)
{
  g_return_val_if_fail (GLAUX_IS_CHART_EXPORT_BUTTON (self), NULL);

  return self->basename;
}

void
glaux_chart_export_button_set_basename (GlauxChartExportButton *self,
                                        const char             *basename)
{
  g_autofree char *safe = NULL;

  g_return_if_fail (GLAUX_IS_CHART_EXPORT_BUTTON (self));

  /* Session ids and workgroup names may hold characters a file name should not. */
  if (basename != NULL)
    safe = g_strdelimit (g_strdup (basename), "/\\:*?\"<>|", '-');

  if (g_strcmp0 (self->basename, safe) == 0)
    return;

  g_free (self->basename);
  self->basename = g_steal_pointer (&safe);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASENAME]);
}
