/* glaux-bench-first-frame.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-first-frame"

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>

/* An LD_PRELOAD module for bench-startup: it records, in any GTK 4 program, when the first frame
 * of its first window was rendered and presented, and writes that time (CLOCK_MONOTONIC, in µs,
 * as g_get_monotonic_time () gives it) to the file named by GLAUX_BENCH_FIRST_FRAME_FILE.
 *
 * How: GTK renders a surface's content in the handler of GdkSurface::render, called from its
 * frame clock's paint phase; the frame clock emits ::after-paint once that phase is over (the
 * renderer has drawn and presented the frame). Emission hooks on both signals, installed before
 * main () runs, see the first ::render and the ::after-paint that ends the same frame. Nothing in
 * the program is changed: hooks only observe. libgtk-4 binds its own calls directly
 * (-Bsymbolic), so hooking signals is the reliable way in, where interposing functions is not.
 *
 * The variables are removed from the environment at once, so the programs the measured program
 * starts (glaux-local, say) neither load this module nor overwrite the file. */

static char *first_frame_file;
static gboolean rendered;

static gboolean
render_hook (GSignalInvocationHint *hint,
             guint                  n_params,
             const GValue          *params,
             gpointer               user_data)
{
  rendered = TRUE;

  return FALSE;
}

static gboolean
after_paint_hook (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  g_autofree char *text = NULL;

  /* Frames before the first render (layout only, or an unmapped surface) do not count. */
  if (!rendered)
    return TRUE;

  text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  /* Atomic (temporary file and rename), so the benchmark never reads half a number. */
  g_file_set_contents (first_frame_file, text, -1, NULL);

  return FALSE;
}

__attribute__((constructor)) static void
glaux_bench_first_frame_init (void)
{
  const char *file = g_getenv ("GLAUX_BENCH_FIRST_FRAME_FILE");

  g_unsetenv ("LD_PRELOAD");
  if (file == NULL)
    return;

  first_frame_file = g_strdup (file);
  g_unsetenv ("GLAUX_BENCH_FIRST_FRAME_FILE");

  g_type_class_ref (GDK_TYPE_SURFACE);
  g_type_class_ref (GDK_TYPE_FRAME_CLOCK);
  g_signal_add_emission_hook (g_signal_lookup ("render", GDK_TYPE_SURFACE), 0,
                              render_hook, NULL, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("after-paint", GDK_TYPE_FRAME_CLOCK), 0,
                              after_paint_hook, NULL, NULL);
}
