/* glaux-test-ui-util.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "glaux-test-ui-util.h"

typedef struct
{
  guint    remaining;
  gboolean done;
} FrameWait;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  FrameWait *wait = user_data;

  if (--wait->remaining > 0)
    return G_SOURCE_CONTINUE;

  wait->done = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
frame_wait_done (gpointer data)
{
  return ((FrameWait *)data)->done;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Waits until @widget is mapped and @n_frames have been drawn, so what a screenshot or an
 * assertion sees is what the user would see. */
void
glaux_test_ui_wait_for_frames (GtkWidget *widget,
                               guint      n_frames)
{
  FrameWait wait = { MAX (n_frames, 1), FALSE };

  glaux_test_wait_until (widget_is_mapped, widget, 10000);
  gtk_widget_add_tick_callback (widget, count_frame_cb, &wait, NULL);
  gtk_widget_queue_draw (widget);
  glaux_test_wait_until (frame_wait_done, &wait, 10000);
}

/* Renders @widget through a GtkWidgetPaintable with its own renderer and writes
 * <test output>/<name>.png. */
void
glaux_test_ui_save_screenshot (GtkWidget  *widget,
                               const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strdup_printf ("%s.png", name);
  g_autofree char *path = glaux_test_build_output (file_name);
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width;
  int height;

  glaux_test_ui_wait_for_frames (widget, 3);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

GtkWindow *
glaux_test_ui_find_window (GType window_type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_items = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, window_type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
window_exists (gpointer data)
{
  return glaux_test_ui_find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

void
glaux_test_ui_wait_for_window (GType window_type)
{
  glaux_test_wait_until (window_exists, GSIZE_TO_POINTER (window_type), 10000);
}

/* Runs the main loop for @milliseconds, letting timers, animations and I/O progress. */
void
glaux_test_ui_iterate (guint milliseconds)
{
  glaux_test_iterate (milliseconds);
}
