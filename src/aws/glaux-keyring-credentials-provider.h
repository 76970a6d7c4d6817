/* glaux-keyring-credentials-provider.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-credentials-provider.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_KEYRING_CREDENTIALS_PROVIDER (glaux_keyring_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (GlauxKeyringCredentialsProvider, glaux_keyring_credentials_provider, GLAUX, KEYRING_CREDENTIALS_PROVIDER, GObject)

GlauxKeyringCredentialsProvider *glaux_keyring_credentials_provider_new (const char *connection_id,
                                                                         const char *access_key_id);

G_END_DECLS
