/* glaux-credentials-provider.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-credentials-provider"

#include "config.h"

#include "glaux-credentials-provider.h"

/* Anything that can produce credentials: typed keys in the keyring, the environment, a profile,
 * a credential_process, or a chain of these. Loading is asynchronous because some sources run
 * a program or talk to the keyring daemon. */
G_DEFINE_INTERFACE (GlauxCredentialsProvider, glaux_credentials_provider, G_TYPE_OBJECT)

static void
glaux_credentials_provider_default_init (GlauxCredentialsProviderInterface *iface)
{
}

void
glaux_credentials_provider_load_async (GlauxCredentialsProvider *self,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_return_if_fail (GLAUX_IS_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  GLAUX_CREDENTIALS_PROVIDER_GET_IFACE (self)->load_async (self, cancellable, callback, user_data);
}

/**
 * glaux_credentials_provider_load_finish:
 *
 * Returns: (transfer full): the credentials, or %NULL with @error set
 */
GlauxAwsCredentials *
glaux_credentials_provider_load_finish (GlauxCredentialsProvider  *self,
                                        GAsyncResult              *result,
                                        GError                   **error)
{
  g_return_val_if_fail (GLAUX_IS_CREDENTIALS_PROVIDER (self), NULL);

  return GLAUX_CREDENTIALS_PROVIDER_GET_IFACE (self)->load_finish (self, result, error);
}
