/* glaux-static-credentials-provider.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-credentials-provider.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_STATIC_CREDENTIALS_PROVIDER (glaux_static_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (GlauxStaticCredentialsProvider, glaux_static_credentials_provider, GLAUX, STATIC_CREDENTIALS_PROVIDER, GObject)

GlauxStaticCredentialsProvider *glaux_static_credentials_provider_new (GlauxAwsCredentials *credentials);

G_END_DECLS
