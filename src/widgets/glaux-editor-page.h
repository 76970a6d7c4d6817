/* glaux-editor-page.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_EDITOR_PAGE (glaux_editor_page_get_type ())

/* One editor tab of the editor pane: a GtkSourceView 5 (Python or SQL highlighting, line
 * numbers, current line, bracket matching, auto-indent, 4-space tabs, a style scheme following
 * light/dark) under a find bar (GtkSearchBar + GtkSourceSearchContext: Enter / Shift+Enter next
 * and previous match, Escape closes). It is the view of one draft: draft-id, language ("python"
 * or "sql"; SQL by itself while the first line is "%%sql") and title (from the first line, else
 * the fallback title "Untitled N" given by the pane).
 * Properties (notify): title, language. Signal: changed () when the text or the language
 * changed, so the draft is saved. */
G_DECLARE_FINAL_TYPE (GlauxEditorPage, glaux_editor_page, GLAUX, EDITOR_PAGE, GtkWidget)

GlauxEditorPage *glaux_editor_page_new            (const char      *draft_id,
                                                   const char      *language,
                                                   const char      *text,
                                                   const char      *fallback_title);
const char      *glaux_editor_page_get_draft_id   (GlauxEditorPage *self);
const char      *glaux_editor_page_get_title      (GlauxEditorPage *self);
const char      *glaux_editor_page_get_language   (GlauxEditorPage *self);
/* The user's choice: it wins over the "%%sql" detection until the first line changes it. */
void             glaux_editor_page_set_language   (GlauxEditorPage *self,
                                                   const char      *language);
GtkSourceBuffer *glaux_editor_page_get_buffer     (GlauxEditorPage *self);
GtkSourceView   *glaux_editor_page_get_view       (GlauxEditorPage *self);
char            *glaux_editor_page_dup_text       (GlauxEditorPage *self);
gboolean         glaux_editor_page_is_empty       (GlauxEditorPage *self);
/* The code to run: the selection when there is one, else the whole text; a SQL tab's code
 * starts with the "%%sql" magic (added when missing). NULL when there is only blank space. */
char            *glaux_editor_page_dup_code       (GlauxEditorPage *self);
/* Opens the find bar with the selection (or the last search) and focuses it. */
void             glaux_editor_page_show_find      (GlauxEditorPage *self);
gboolean         glaux_editor_page_get_find_open  (GlauxEditorPage *self);

G_END_DECLS
