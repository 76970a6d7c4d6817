/* glaux-window.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_WINDOW (glaux_window_get_type ())

G_DECLARE_FINAL_TYPE (GlauxWindow, glaux_window, GLAUX, WINDOW, AdwApplicationWindow)

GlauxWindow *glaux_window_new        (GtkApplication *application);
void         glaux_window_add_toast  (GlauxWindow    *self,
                                      AdwToast       *toast);

G_END_DECLS
