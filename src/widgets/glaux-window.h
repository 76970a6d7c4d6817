/* glaux-window.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection-list.h"
#include "glaux-connection-view.h"
#include "glaux-history-store.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_WINDOW (glaux_window_get_type ())

/* The main window: one GlauxConnectionView per connection in a stack, so each keeps its
 * state while the user switches. Actions under "win.": switch-connection (s), add-connection,
 * edit-connection (s), reload-profiles, new-session, refresh. */
G_DECLARE_FINAL_TYPE (GlauxWindow, glaux_window, GLAUX, WINDOW, AdwApplicationWindow)

GlauxWindow         *glaux_window_new               (GtkApplication      *application,
                                                     GlauxConnectionList *connections);
void                 glaux_window_add_toast         (GlauxWindow         *self,
                                                     AdwToast            *toast);
/* Shows the view of the connection with @id (made on first use); FALSE if there is none. */
gboolean             glaux_window_show_connection   (GlauxWindow         *self,
                                                     const char          *id);
GlauxConnectionView *glaux_window_get_visible_view  (GlauxWindow         *self);
/* Where every connection's monitor records DPU samples, once the store is open. */
void                 glaux_window_set_history_store (GlauxWindow         *self,
                                                     GlauxHistoryStore   *store);

G_END_DECLS
