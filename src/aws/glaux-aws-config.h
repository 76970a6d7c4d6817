/* glaux-aws-config.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-aws-profile.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_AWS_CONFIG (glaux_aws_config_get_type ())

G_DECLARE_FINAL_TYPE (GlauxAwsConfig, glaux_aws_config, GLAUX, AWS_CONFIG, GObject)

/* @envp everywhere: an environment as from g_get_environ(), or %NULL for the process's own. */
const char      *glaux_aws_config_getenv                    (const char * const  *envp,
                                                             const char          *name);
char            *glaux_aws_config_expand_path               (const char          *path,
                                                             const char * const  *envp);
char            *glaux_aws_config_dup_config_path           (const char * const  *envp);
char            *glaux_aws_config_dup_credentials_path      (const char * const  *envp);
char            *glaux_aws_config_dup_profile_name          (const char * const  *envp);

GlauxAwsConfig  *glaux_aws_config_new_from_files            (const char          *config_path,
                                                             const char          *credentials_path,
                                                             GError             **error);
GlauxAwsConfig  *glaux_aws_config_load                      (const char * const  *envp,
                                                             GError             **error);
void             glaux_aws_config_load_async                (const char * const  *envp,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GlauxAwsConfig  *glaux_aws_config_load_finish               (GAsyncResult        *result,
                                                             GError             **error);

const char      *glaux_aws_config_get_config_path           (GlauxAwsConfig      *self);
const char      *glaux_aws_config_get_credentials_path      (GlauxAwsConfig      *self);
gboolean         glaux_aws_config_get_config_exists         (GlauxAwsConfig      *self);
gboolean         glaux_aws_config_get_credentials_exists    (GlauxAwsConfig      *self);
GListModel      *glaux_aws_config_get_profiles              (GlauxAwsConfig      *self);
GlauxAwsProfile *glaux_aws_config_lookup_profile            (GlauxAwsConfig      *self,
                                                             const char          *name);
gboolean         glaux_aws_config_has_services              (GlauxAwsConfig      *self,
                                                             const char          *services_name);
const char      *glaux_aws_config_get_service_endpoint_url  (GlauxAwsConfig      *self,
                                                             const char          *services_name,
                                                             const char          *service_id);

G_END_DECLS
