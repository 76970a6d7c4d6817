/* glaux-credential-process.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-credentials-provider.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CREDENTIAL_PROCESS (glaux_credential_process_get_type ())

G_DECLARE_FINAL_TYPE (GlauxCredentialProcess, glaux_credential_process, GLAUX, CREDENTIAL_PROCESS, GObject)

GlauxCredentialProcess *glaux_credential_process_new         (const char              *command_line,
                                                              GError                 **error);
void                    glaux_credential_process_set_timeout (GlauxCredentialProcess  *self,
                                                              guint                    timeout_ms);

G_END_DECLS
