/* glaux-connection-list.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-connection.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CONNECTION_LIST (glaux_connection_list_get_type ())

/* A GListModel of GlauxConnection: "This computer" first, then the AWS profiles (sorted by
 * name), then the connections with typed keys (in the order they were added). Connection
 * objects keep their identity across reloads, so each keeps its state while the user switches.
 * Changes of the "connections" setting (another window) are followed at once. Main thread only. */
G_DECLARE_FINAL_TYPE (GlauxConnectionList, glaux_connection_list, GLAUX, CONNECTION_LIST, GObject)

/* @settings: the io.github.glaux.Glaux settings ("connections" key). @local_program and
 * @local_data_dir: passed to glaux_connection_new_local() (NULL: look up / the default folder).
 * @envp: NULL for the process's own. The new list holds "This computer" and the connections
 * with typed keys; call glaux_connection_list_reload_async() once to add the profiles. */
GlauxConnectionList *glaux_connection_list_new             (GSettings            *settings,
                                                            const char           *local_program,
                                                            const char           *local_data_dir,
                                                            const char * const   *envp);
/* Re-reads ~/.aws/config and ~/.aws/credentials off the main thread; profiles that disappeared
 * are removed, new ones added, existing ones updated in place. */
void                 glaux_connection_list_reload_async    (GlauxConnectionList  *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             glaux_connection_list_reload_finish   (GlauxConnectionList  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
GlauxConnection     *glaux_connection_list_lookup          (GlauxConnectionList  *self,
                                                            const char           *id);
GlauxConnection     *glaux_connection_list_get_local       (GlauxConnectionList  *self);

/* Adds (keys->id == NULL) or updates a connection with typed keys: the secrets go to the
 * keyring first, then the settings; on failure nothing is changed. Returns the connection (the
 * same object when editing, disconnected so the next connect uses the new keys). Invalid input
 * fails with G_IO_ERROR_INVALID_ARGUMENT and a message naming the field. When editing, a NULL
 * or empty secret_access_key keeps the stored one. */
void                 glaux_connection_list_save_keys_async (GlauxConnectionList       *self,
                                                            const GlauxConnectionKeys *keys,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
GlauxConnection     *glaux_connection_list_save_keys_finish (GlauxConnectionList      *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);
/* Removes a connection with typed keys (disconnecting it): its secrets from the keyring, then
 * its settings entry. Other kinds fail with G_IO_ERROR_NOT_SUPPORTED. */
void                 glaux_connection_list_remove_async    (GlauxConnectionList  *self,
                                                            GlauxConnection      *connection,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             glaux_connection_list_remove_finish   (GlauxConnectionList  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Disconnects every connection (glaux-local stops). */
void                 glaux_connection_list_shutdown        (GlauxConnectionList  *self);

G_END_DECLS
