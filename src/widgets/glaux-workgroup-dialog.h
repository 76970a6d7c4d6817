/* glaux-workgroup-dialog.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_WORKGROUP_DIALOG (glaux_workgroup_dialog_get_type ())

/* Creates (@workgroup NULL) or edits (UpdateWorkGroup) a Spark workgroup: name, description,
 * engine version (from ListEngineVersions), result location, execution role ARN, result
 * encryption, default MaxConcurrentDpus, and (edit only) enabled. Every field is validated as
 * typed, before any request. Signal: saved (const char *workgroup_name). */
G_DECLARE_FINAL_TYPE (GlauxWorkgroupDialog, glaux_workgroup_dialog, GLAUX, WORKGROUP_DIALOG, AdwWindow)

GlauxWorkgroupDialog *glaux_workgroup_dialog_new (GtkWindow       *parent,
                                                  GlauxConnection *connection,
                                                  GlauxWorkgroup  *workgroup);

G_END_DECLS
