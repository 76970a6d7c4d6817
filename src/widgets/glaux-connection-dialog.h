/* glaux-connection-dialog.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection-list.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CONNECTION_DIALOG (glaux_connection_dialog_get_type ())

/* Adds (@connection NULL) or edits a connection with typed keys: name, region (the Athena Spark
 * regions), access key id, secret access key, optional session token, optional endpoint URL.
 * "Test" runs ListWorkGroups with what is typed and shows the exact answer. Saving stores the
 * secrets in the keyring through @list; "Remove" (edit only) asks first.
 * Signals: saved (GlauxConnection *connection), removed (GlauxConnection *connection). */
G_DECLARE_FINAL_TYPE (GlauxConnectionDialog, glaux_connection_dialog, GLAUX, CONNECTION_DIALOG, AdwWindow)

GlauxConnectionDialog *glaux_connection_dialog_new (GtkWindow           *parent,
                                                    GlauxConnectionList *list,
                                                    GlauxConnection     *connection);

G_END_DECLS
