/* glaux-preferences-window.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection-list.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_PREFERENCES_WINDOW (glaux_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GlauxPreferencesWindow, glaux_preferences_window, GLAUX, PREFERENCES_WINDOW, AdwPreferencesWindow)

GlauxPreferencesWindow *glaux_preferences_window_new             (GtkWindow              *transient_for);
/* Adds, per connection, its own price per DPU-hour and its daily budget to the Costs page. */
void                    glaux_preferences_window_set_connections (GlauxPreferencesWindow *self,
                                                                  GlauxConnectionList    *connections);

G_END_DECLS
