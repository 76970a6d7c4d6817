/* glaux-chain-credentials-provider.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-credentials-provider.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CHAIN_CREDENTIALS_PROVIDER (glaux_chain_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (GlauxChainCredentialsProvider, glaux_chain_credentials_provider, GLAUX, CHAIN_CREDENTIALS_PROVIDER, GObject)

GlauxChainCredentialsProvider *glaux_chain_credentials_provider_new        (const char                    *connection_id,
                                                                            const char                    *access_key_id,
                                                                            const char                    *profile_name,
                                                                            const char * const            *envp);
const char                    *glaux_chain_credentials_provider_get_source (GlauxChainCredentialsProvider *self);

G_END_DECLS
