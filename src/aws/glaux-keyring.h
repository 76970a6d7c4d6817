/* glaux-keyring.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The secrets of a connection with typed keys; the access key id is not one of them (the caller
 * keeps it in GSettings). */
typedef enum
{
  GLAUX_KEYRING_ANY,               /* glaux_keyring_clear_async() only: every kind */
  GLAUX_KEYRING_SECRET_ACCESS_KEY,
  GLAUX_KEYRING_SESSION_TOKEN,
} GlauxKeyringKind;

const SecretSchema *glaux_keyring_get_schema    (void);
void                glaux_keyring_store_async   (const char           *connection_id,
                                                 GlauxKeyringKind      kind,
                                                 const char           *secret,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            glaux_keyring_store_finish  (GAsyncResult         *result,
                                                 GError              **error);
void                glaux_keyring_lookup_async  (const char           *connection_id,
                                                 GlauxKeyringKind      kind,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char               *glaux_keyring_lookup_finish (GAsyncResult         *result,
                                                 GError              **error);
void                glaux_keyring_clear_async   (const char           *connection_id,
                                                 GlauxKeyringKind      kind,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            glaux_keyring_clear_finish  (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
