/* glaux-aws-credentials.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_AWS_CREDENTIALS (glaux_aws_credentials_get_type ())

G_DECLARE_FINAL_TYPE (GlauxAwsCredentials, glaux_aws_credentials, GLAUX, AWS_CREDENTIALS, GObject)

GlauxAwsCredentials *glaux_aws_credentials_new                   (const char          *access_key_id,
                                                                  const char          *secret_access_key,
                                                                  const char          *session_token,
                                                                  GDateTime           *expiration);
const char          *glaux_aws_credentials_get_access_key_id     (GlauxAwsCredentials *self);
const char          *glaux_aws_credentials_get_secret_access_key (GlauxAwsCredentials *self);
const char          *glaux_aws_credentials_get_session_token     (GlauxAwsCredentials *self);
GDateTime           *glaux_aws_credentials_get_expiration        (GlauxAwsCredentials *self);
gboolean             glaux_aws_credentials_expires_within        (GlauxAwsCredentials *self,
                                                                  GDateTime           *now,
                                                                  GTimeSpan            margin);

G_END_DECLS
