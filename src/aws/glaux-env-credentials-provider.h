/* glaux-env-credentials-provider.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-credentials-provider.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_ENV_CREDENTIALS_PROVIDER (glaux_env_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (GlauxEnvCredentialsProvider, glaux_env_credentials_provider, GLAUX, ENV_CREDENTIALS_PROVIDER, GObject)

GlauxEnvCredentialsProvider *glaux_env_credentials_provider_new  (const char * const  *envp);
GlauxAwsCredentials         *glaux_env_credentials_provider_read (const char * const  *envp,
                                                                  GError             **error);

G_END_DECLS
