/* glaux-test-ui-util.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "glaux-test-util.h"

G_BEGIN_DECLS

void        glaux_test_ui_wait_for_frames    (GtkWidget   *widget,
                                              guint        n_frames);
void        glaux_test_ui_save_screenshot    (GtkWidget   *widget,
                                              const char  *name);
GtkWindow  *glaux_test_ui_find_window        (GType        window_type);
void        glaux_test_ui_wait_for_window    (GType        window_type);
void        glaux_test_ui_iterate            (guint        milliseconds);

G_END_DECLS
