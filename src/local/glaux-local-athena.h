/* glaux-local-athena.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-local-engine.h"

G_BEGIN_DECLS

#define GLAUX_LOCAL_TYPE_ATHENA (glaux_local_athena_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalAthena, glaux_local_athena, GLAUX_LOCAL, ATHENA, GObject)

GlauxLocalAthena *glaux_local_athena_new            (GlauxLocalEngine  *engine,
                                                     const char        *endpoint,
                                                     const char        *region);
gboolean          glaux_local_athena_has_operation  (const char        *operation);
JsonNode         *glaux_local_athena_handle         (GlauxLocalAthena  *self,
                                                     const char        *operation,
                                                     JsonObject        *request,
                                                     char             **resource_name,
                                                     GError           **error);
char             *glaux_local_athena_dashboard_html (GlauxLocalAthena  *self,
                                                     const char        *session_id,
                                                     const char        *token);

G_END_DECLS
