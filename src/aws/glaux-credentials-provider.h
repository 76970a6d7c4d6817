/* glaux-credentials-provider.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-aws-credentials.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CREDENTIALS_PROVIDER (glaux_credentials_provider_get_type ())

G_DECLARE_INTERFACE (GlauxCredentialsProvider, glaux_credentials_provider, GLAUX, CREDENTIALS_PROVIDER, GObject)

struct _GlauxCredentialsProviderInterface
{
  GTypeInterface parent_iface;

  void                 (*load_async)  (GlauxCredentialsProvider  *self,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data);
  GlauxAwsCredentials *(*load_finish) (GlauxCredentialsProvider  *self,
                                       GAsyncResult              *result,
                                       GError                   **error);
};

void                 glaux_credentials_provider_load_async  (GlauxCredentialsProvider  *self,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
GlauxAwsCredentials *glaux_credentials_provider_load_finish (GlauxCredentialsProvider  *self,
                                                             GAsyncResult              *result,
                                                             GError                   **error);

G_END_DECLS
