/* glaux-draft-store.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_DRAFT_STORE (glaux_draft_store_get_type ())

/* Editor drafts under a directory ($XDG_DATA_HOME/glaux/drafts/ by default), grouped by a
 * workspace key (the connection id and workgroup: drafts outlive sessions, which end). Each
 * draft has an id, a title, a language ("python" or "sql"), its text and its position among
 * the workspace's tabs. Saving writes the file atomically (temporary file + rename) at once, off
 * the main thread, coalescing writes while one is in flight, so a crash or a kill loses at most
 * the keystroke being written, and never leaves a half-written draft. */
G_DECLARE_FINAL_TYPE (GlauxDraftStore, glaux_draft_store, GLAUX, DRAFT_STORE, GObject)

typedef struct
{
  char *id;
  char *title;
  char *language;
  char *text;
  guint position;
} GlauxDraft;

GlauxDraftStore *glaux_draft_store_new         (const char       *directory);
GlauxDraftStore *glaux_draft_store_get_default (void);
/* Drafts of a workspace in tab order (GlauxDraft, owned by the array); read off the main thread. */
void             glaux_draft_store_load_async  (GlauxDraftStore  *self,
                                                const char       *workspace,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
GPtrArray       *glaux_draft_store_load_finish (GlauxDraftStore  *self,
                                                GAsyncResult     *result,
                                                GError          **error);
/* Blocking variant for tests and start-up paths that already run in a thread. */
GPtrArray       *glaux_draft_store_load        (GlauxDraftStore  *self,
                                                const char       *workspace,
                                                GError          **error);
void             glaux_draft_store_save        (GlauxDraftStore  *self,
                                                const char       *workspace,
                                                const GlauxDraft *draft);
void             glaux_draft_store_remove      (GlauxDraftStore  *self,
                                                const char       *workspace,
                                                const char       *draft_id);
/* Waits (iterating the main context) until every pending write has reached the disk; for
 * shutdown and tests. */
void             glaux_draft_store_flush       (GlauxDraftStore  *self);

GlauxDraft      *glaux_draft_new               (const char       *title,
                                                const char       *language,
                                                const char       *text);
void             glaux_draft_free              (GlauxDraft       *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxDraft, glaux_draft_free)

G_END_DECLS
