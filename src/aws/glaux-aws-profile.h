/* glaux-aws-profile.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-aws-credentials.h"
#include "glaux-retry-policy.h"

G_BEGIN_DECLS

/* Where a profile's credentials come from, in botocore's order of precedence. */
typedef enum
{
  GLAUX_AWS_CREDENTIAL_SOURCE_NONE,        /* no keys, no credential_process */
  GLAUX_AWS_CREDENTIAL_SOURCE_STATIC_KEYS, /* aws_access_key_id + aws_secret_access_key */
  GLAUX_AWS_CREDENTIAL_SOURCE_PROCESS,     /* credential_process */
  GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED, /* SSO, assume-role, web identity: see the problem */
  GLAUX_AWS_CREDENTIAL_SOURCE_INVALID,     /* half a key pair, empty command: see the problem */
} GlauxAwsCredentialSource;

#define GLAUX_TYPE_AWS_PROFILE (glaux_aws_profile_get_type ())

G_DECLARE_FINAL_TYPE (GlauxAwsProfile, glaux_aws_profile, GLAUX, AWS_PROFILE, GObject)

GlauxAwsProfile          *glaux_aws_profile_new                                 (const char      *name,
                                                                                 GHashTable      *config_values,
                                                                                 const char      *config_origin,
                                                                                 GHashTable      *credentials_values,
                                                                                 const char      *credentials_origin);
const char               *glaux_aws_profile_get_name                            (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_origin                          (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_region                          (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_endpoint_url                    (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_services_name                   (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_ignore_configured_endpoint_urls (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_credential_process              (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_access_key_id                   (GlauxAwsProfile *self);
GlauxAwsCredentialSource  glaux_aws_profile_get_credential_source               (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_keys_origin                     (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_problem                         (GlauxAwsProfile *self);
GlauxAwsCredentials      *glaux_aws_profile_dup_static_credentials              (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_max_attempts                    (GlauxAwsProfile *self);
const char               *glaux_aws_profile_get_retry_mode                      (GlauxAwsProfile *self);
/* @envp: an environment as from g_get_environ(), or %NULL for the process's own. */
gboolean                  glaux_aws_profile_resolve_retry                       (GlauxAwsProfile     *self,
                                                                                 const char * const  *envp,
                                                                                 GlauxRetryMode      *mode,
                                                                                 guint               *max_attempts,
                                                                                 GError             **error);

G_END_DECLS
