/* glaux-profile-credentials-provider.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-aws-profile.h"
#include "glaux-credentials-provider.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_PROFILE_CREDENTIALS_PROVIDER (glaux_profile_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (GlauxProfileCredentialsProvider, glaux_profile_credentials_provider, GLAUX, PROFILE_CREDENTIALS_PROVIDER, GObject)

GlauxProfileCredentialsProvider *glaux_profile_credentials_provider_new (GlauxAwsProfile *profile);

G_END_DECLS
