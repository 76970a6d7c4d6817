/* glaux-ui-util.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-aws-error.h"
#include "glaux-cost-model.h"
#include "glaux-ui-util.h"

char *
glaux_ui_format_error (const GError *error)
{
  const char *name;

  g_return_val_if_fail (error != NULL, NULL);

  if (!g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE))
    return g_strdup (error->message);

  name = glaux_aws_error_get_name (error);
  if (name == NULL || name[0] == '\0')
    return g_strdup (error->message);

  return g_strdup_printf ("%s: %s", name,
                          glaux_aws_error_get_message (error) != NULL
                            ? glaux_aws_error_get_message (error) : error->message);
}

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  GtkWidget *ancestor = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (ancestor == NULL && GTK_IS_WINDOW (gtk_widget_get_root (widget)))
    {
      /* Dialogs show toasts of their own; a widget outside one falls back to the main window. */
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (gtk_widget_get_root (widget)));

      if (parent != NULL)
        return find_toast_overlay (gtk_window_get_child (parent));
    }

  return ancestor != NULL ? ADW_TOAST_OVERLAY (ancestor) : NULL;
}

void
glaux_ui_show_toast (GtkWidget  *widget,
                     const char *title)
{
  AdwToastOverlay *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = find_toast_overlay (widget);
  if (overlay == NULL)
    {
      g_warning ("No toast overlay to show “%s”", title);
      return;
    }

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (overlay, toast);
}

void
glaux_ui_show_error (GtkWidget    *widget,
                     const GError *error)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (error != NULL);

  text = glaux_ui_format_error (error);
  /* Toast titles are markup; AWS messages may carry <, > and &. */
  escaped = g_markup_escape_text (text, -1);
  glaux_ui_show_toast (widget, escaped);
}

void
glaux_ui_park_focus (GtkWindow  *window,
                     GtkWidget  *holder,
                     GtkWidget **saved)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_WIDGET (holder));

  g_set_weak_pointer (saved, gtk_window_get_focus (window));
  gtk_widget_grab_focus (holder);
}

void
glaux_ui_return_focus (GtkWidget **saved)
{
  if (*saved == NULL)
    return;

  if (gtk_widget_is_sensitive (*saved))
    gtk_widget_grab_focus (*saved);
  g_clear_weak_pointer (saved);
}

void
glaux_ui_set_error_card (GtkLabel    *label,
                         GtkWidget   *group,
                         GtkRevealer *revealer,
                         const char  *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (group, text != NULL);
  gtk_revealer_set_reveal_child (revealer, text != NULL);
}

char *
glaux_ui_format_duration (GTimeSpan span)
{
  gint64 seconds = MAX (span, 0) / G_TIME_SPAN_SECOND;

  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int)seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min"), (int)(seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (_("%d h %02d min"), (int)(seconds / 3600), (int)(seconds % 3600 / 60));

  return g_strdup_printf (_("%d d %d h"), (int)(seconds / 86400), (int)(seconds % 86400 / 3600));
}

char *
glaux_ui_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M:%S");

  /* Translators: a date and time, see the GDateTime format documentation. */
  return g_date_time_format (local, _("%e %b %H:%M"));
}

const char *
glaux_ui_state_css_class (const char *state_name)
{
  static const char * const active[] = { "CREATING", "CREATED", "BUSY", "TERMINATING",
                                         "QUEUED", "RUNNING", "CANCELING", "REGISTERED", NULL };
  static const char * const failed[] = { "FAILED", "DEGRADED", NULL };

  if (state_name == NULL)
    return "state-ended";
  if (g_strv_contains (active, state_name))
    return "state-active";
  if (g_str_equal (state_name, "IDLE"))
    return "state-idle";
  if (g_strv_contains (failed, state_name))
    return "state-failed";

  return "state-ended";
}

double
glaux_ui_cost_on_connection (GlauxConnection *connection,
                             gint64           dpu_millis)
{
  g_return_val_if_fail (connection == NULL || GLAUX_IS_CONNECTION (connection), 0.0);

  return glaux_cost_model_cost_for_connection (glaux_cost_model_get_default (),
                                               connection != NULL ? glaux_connection_get_id (connection) : NULL,
                                               connection != NULL ? glaux_connection_get_region (connection) : NULL,
                                               dpu_millis);
}

void
glaux_ui_set_label (GtkLabel   *label,
                    const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  if (g_strcmp0 (gtk_label_get_label (label), text != NULL ? text : "") != 0)
    gtk_label_set_label (label, text);
}

static void
spinner_mapped_cb (GtkSpinner *spinner)
{
  gtk_spinner_start (spinner);
}

void
glaux_ui_spin_while_mapped (GtkSpinner *spinner)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  gtk_spinner_set_spinning (spinner, gtk_widget_get_mapped (GTK_WIDGET (spinner)));
  g_signal_connect (spinner, "map", G_CALLBACK (spinner_mapped_cb), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
}

/* A GPU render node is what Mesa needs to draw GL in hardware (Flatpak: --device=dri). */
static gboolean
has_gpu_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;

  return FALSE;
}

/**
 * glaux_ui_choose_renderer:
 *
 * Without a GPU, GTK 4.8's GL renderer runs on Mesa's software rasteriser (llvmpipe), which
 * makes Glaux's busiest views several times slower than GTK's cairo renderer does
 * (tests/bench: the session chart at 1,000,000 samples and the result grid while rows stream
 * in). So when there is no GPU render node, or Mesa is told to render in software, Glaux asks
 * GTK for its cairo renderer. A GSK_RENDERER the user set wins. Call it first thing in main(),
 * before any thread or display exists (it sets an environment variable).
 */
void
glaux_ui_choose_renderer (void)
{
  const char *software = g_getenv ("LIBGL_ALWAYS_SOFTWARE");

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  if (has_gpu_render_node () && (software == NULL || *software == '\0' || g_str_equal (software, "0")))
    return;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
}
