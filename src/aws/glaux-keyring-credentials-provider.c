/* glaux-keyring-credentials-provider.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-keyring-credentials-provider"

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-keyring.h"
#include "glaux-keyring-credentials-provider.h"

/* Keys typed into Glaux: the access key id comes from the connection settings, the secret key and
 * the optional session token from the keyring. They are read once and then kept: typed keys
 * do not change behind the connection's back. */
struct _GlauxKeyringCredentialsProvider
{
  GObject              parent_instance;

  char                *connection_id;
  char                *access_key_id;
  GlauxAwsCredentials *cached;
};

static void credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxKeyringCredentialsProvider, glaux_keyring_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      credentials_provider_iface_init))

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxKeyringCredentialsProvider *self = g_task_get_source_object (task);
  const char *secret = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  token = glaux_keyring_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_object (&self->cached);
  self->cached = glaux_aws_credentials_new (self->access_key_id, secret, token, NULL);
  secret_password_free (token);
  g_debug ("Keys of connection %s from the keyring, access key %s", self->connection_id,
           self->access_key_id);

  g_task_return_pointer (task, g_object_ref (self->cached), g_object_unref);
}

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxKeyringCredentialsProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *secret;

  secret = glaux_keyring_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (secret == NULL)
    {
      g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                               "The keyring has no secret access key for connection '%s' "
                               "(access key %s); enter the keys again in the connection "
                               "settings", self->connection_id, self->access_key_id);
      return;
    }

  g_task_set_task_data (task, secret, (GDestroyNotify)secret_password_free);
  glaux_keyring_lookup_async (self->connection_id, GLAUX_KEYRING_SESSION_TOKEN,
                              g_task_get_cancellable (task), token_lookup_cb,
                              g_object_ref (task));
}

static void
glaux_keyring_credentials_provider_load_async (GlauxCredentialsProvider *provider,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  GlauxKeyringCredentialsProvider *self = GLAUX_KEYRING_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_keyring_credentials_provider_load_async);

  if (self->cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->cached), g_object_unref);
      return;
    }

  glaux_keyring_lookup_async (self->connection_id, GLAUX_KEYRING_SECRET_ACCESS_KEY, cancellable,
                              secret_lookup_cb, g_steal_pointer (&task));
}

static GlauxAwsCredentials *
glaux_keyring_credentials_provider_load_finish (GlauxCredentialsProvider  *provider,
                                                GAsyncResult              *result,
                                                GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = glaux_keyring_credentials_provider_load_async;
  iface->load_finish = glaux_keyring_credentials_provider_load_finish;
}

static void
glaux_keyring_credentials_provider_finalize (GObject *object)
{
  GlauxKeyringCredentialsProvider *self = (GlauxKeyringCredentialsProvider *)object;

  g_clear_pointer (&self->connection_id, g_free);
  g_clear_pointer (&self->access_key_id, g_free);
  g_clear_object (&self->cached);

  G_OBJECT_CLASS (glaux_keyring_credentials_provider_parent_class)->finalize (object);
}

static void
glaux_keyring_credentials_provider_class_init (GlauxKeyringCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_keyring_credentials_provider_finalize;
}

static void
glaux_keyring_credentials_provider_init (GlauxKeyringCredentialsProvider *self)
{
}

/**
 * glaux_keyring_credentials_provider_new:
 * @connection_id: the connection whose secrets are in the keyring
 * @access_key_id: the connection's access key id, kept in its settings
 *
 * Returns: (transfer full): a new provider
 */
GlauxKeyringCredentialsProvider *
glaux_keyring_credentials_provider_new (const char *connection_id,
                                        const char *access_key_id)
{
  GlauxKeyringCredentialsProvider *self;

  g_return_val_if_fail (connection_id != NULL && connection_id[0] != '\0', NULL);
  g_return_val_if_fail (access_key_id != NULL && access_key_id[0] != '\0', NULL);

  self = g_object_new (GLAUX_TYPE_KEYRING_CREDENTIALS_PROVIDER, NULL);
  self->connection_id = g_strdup (connection_id);
  self->access_key_id = g_strdup (access_key_id);

  return self;
}
