/* glaux-session-row.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection.h"
#include "glaux-session-watch.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_SESSION_ROW (glaux_session_row_get_type ())

/* A session in the sidebar list: description (or id), state badge, age, DPUs now, cost so far
 * (from glaux_cost_model_get_default() at the price of "connection"). Property "watch"
 * (GlauxSessionWatch), "connection" (GlauxConnection), "stale" (gboolean: dims the figures). The age ticks every second while
 * mapped. */
G_DECLARE_FINAL_TYPE (GlauxSessionRow, glaux_session_row, GLAUX, SESSION_ROW, GtkWidget)

GlauxSessionRow   *glaux_session_row_new       (void);
GlauxSessionWatch *glaux_session_row_get_watch (GlauxSessionRow   *self);
void               glaux_session_row_set_watch (GlauxSessionRow   *self,
                                                GlauxSessionWatch *watch);
void               glaux_session_row_set_connection (GlauxSessionRow *self,
                                                     GlauxConnection *connection);
void               glaux_session_row_set_stale (GlauxSessionRow   *self,
                                                gboolean           stale);

G_END_DECLS
