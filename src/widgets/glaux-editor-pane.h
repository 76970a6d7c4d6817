/* glaux-editor-pane.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-draft-store.h"
#include "glaux-session-monitor.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_EDITOR_PANE (glaux_editor_pane_get_type ())

/* The working surface under a session's header: editor tabs (AdwTabBar + AdwTabView, one
 * GtkSourceView 5 per tab: Python or SQL highlighting — SQL when the first line is "%%sql" or by
 * the tab's toggle —, line numbers, current line, bracket matching, a style scheme following
 * light/dark, undo/redo, Ctrl+F find), a Run/Stop bar with the calculation's live status, and
 * below it the history of the session's calculations (ListCalculationExecutions: state, start,
 * duration, DPU-ms, cost) beside a GlauxCalculationView of the selected one ("Open in Editor"
 * copies its code into a new tab).
 * Tabs are drafts of the session's workspace (connection + workgroup) in GlauxDraftStore: saved
 * as typed, restored on the next start, also when the session has ended.
 * Actions: "editor.run" (Ctrl+Return: the selection when there is one, else the buffer),
 * "editor.stop" (Ctrl+period), "editor.new-tab" (Ctrl+T), "editor.close-tab", "editor.find"
 * (Ctrl+F), "editor.open-in-editor". A run on a session that is not IDLE says why. */
G_DECLARE_FINAL_TYPE (GlauxEditorPane, glaux_editor_pane, GLAUX, EDITOR_PANE, GtkWidget)

GlauxEditorPane   *glaux_editor_pane_new             (void);
/* The session to run in; NULL clears. Drafts follow the workspace of the watch's session. */
void               glaux_editor_pane_set_watch       (GlauxEditorPane     *self,
                                                      GlauxSessionMonitor *monitor,
                                                      GlauxSessionWatch   *watch);
GlauxSessionWatch *glaux_editor_pane_get_watch       (GlauxEditorPane     *self);
/* Where drafts live (default: glaux_draft_store_get_default()); set before the first watch. */
void               glaux_editor_pane_set_draft_store (GlauxEditorPane     *self,
                                                      GlauxDraftStore     *store);

G_END_DECLS
