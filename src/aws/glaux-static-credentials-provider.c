/* glaux-static-credentials-provider.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-static-credentials-provider"

#include "config.h"

#include "glaux-static-credentials-provider.h"

/* Always the same credentials: keys given by the caller, such as the fresh random pair of the
 * embedded glaux-local, or a profile's aws_access_key_id / aws_secret_access_key. */
struct _GlauxStaticCredentialsProvider
{
  GObject              parent_instance;

  GlauxAwsCredentials *credentials;
};

static void credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxStaticCredentialsProvider, glaux_static_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      credentials_provider_iface_init))

static void
glaux_static_credentials_provider_load_async (GlauxCredentialsProvider *provider,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  GlauxStaticCredentialsProvider *self = GLAUX_STATIC_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_static_credentials_provider_load_async);
  g_task_return_pointer (task, g_object_ref (self->credentials), g_object_unref);
}

static GlauxAwsCredentials *
glaux_static_credentials_provider_load_finish (GlauxCredentialsProvider  *provider,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = glaux_static_credentials_provider_load_async;
  iface->load_finish = glaux_static_credentials_provider_load_finish;
}

static void
glaux_static_credentials_provider_finalize (GObject *object)
{
  GlauxStaticCredentialsProvider *self = (GlauxStaticCredentialsProvider *)object;

  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (glaux_static_credentials_provider_parent_class)->finalize (object);
}

static void
glaux_static_credentials_provider_class_init (GlauxStaticCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_static_credentials_provider_finalize;
}

static void
glaux_static_credentials_provider_init (GlauxStaticCredentialsProvider *self)
{
}

/**
 * glaux_static_credentials_provider_new:
 * @credentials: the credentials to hand out
 *
 * Returns: (transfer full): a new provider
 */
GlauxStaticCredentialsProvider *
glaux_static_credentials_provider_new (GlauxAwsCredentials *credentials)
{
  GlauxStaticCredentialsProvider *self;

  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (credentials), NULL);

  self = g_object_new (GLAUX_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);
  self->credentials = g_object_ref (credentials);

  return self;
}
