/* glaux-start-session-dialog.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_START_SESSION_DIALOG (glaux_start_session_dialog_get_type ())

/* StartSession: workgroup (the Spark ones of @workgroups, GlauxWorkgroup items; @workgroup
 * preselected), description, MaxConcurrentDpus, idle timeout, Spark properties (key/value
 * rows), and a live estimate from glaux_cost_model_get_default() for the connection's region:
 * DPUs at start and at maximum, cost per hour at each, cost if left idle until the timeout.
 * Signal: started (GlauxSession *session), after StartSession answered. */
G_DECLARE_FINAL_TYPE (GlauxStartSessionDialog, glaux_start_session_dialog, GLAUX, START_SESSION_DIALOG, AdwWindow)

GlauxStartSessionDialog *glaux_start_session_dialog_new (GtkWindow       *parent,
                                                         GlauxConnection *connection,
                                                         GListModel      *workgroups,
                                                         const char      *workgroup);

G_END_DECLS
