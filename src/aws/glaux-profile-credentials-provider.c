/* glaux-profile-credentials-provider.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-profile-credentials-provider"

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-credential-process.h"
#include "glaux-profile-credentials-provider.h"

/* Credentials of one profile from the shared files: static keys (the credentials file's beat the
 * config file's), or its credential_process, whose provider is kept so its cache lives on.
 * Profiles Glaux cannot use yet fail with the profile's explanation. */
struct _GlauxProfileCredentialsProvider
{
  GObject                 parent_instance;

  GlauxAwsProfile        *profile;
  GlauxCredentialProcess *process;
};

static void credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxProfileCredentialsProvider, glaux_profile_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      credentials_provider_iface_init))

static void
process_load_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxProfileCredentialsProvider *self = g_task_get_source_object (task);
  GlauxAwsCredentials *credentials;
  GError *error = NULL;

  credentials = glaux_credentials_provider_load_finish (GLAUX_CREDENTIALS_PROVIDER (object),
                                                        result, &error);
  if (credentials == NULL)
    {
      g_prefix_error (&error, "Profile '%s': ", glaux_aws_profile_get_name (self->profile));
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

static void
load_from_process (GlauxProfileCredentialsProvider *self,
                   GTask                           *task)
{
  GError *error = NULL;

  if (self->process == NULL)
    {
      self->process =
        glaux_credential_process_new (glaux_aws_profile_get_credential_process (self->profile),
                                      &error);
      if (self->process == NULL)
        {
          g_prefix_error (&error, "Profile '%s': ", glaux_aws_profile_get_name (self->profile));
          g_task_return_error (task, error);
          return;
        }
    }

  glaux_credentials_provider_load_async (GLAUX_CREDENTIALS_PROVIDER (self->process),
                                         g_task_get_cancellable (task), process_load_cb,
                                         g_object_ref (task));
}

static void
glaux_profile_credentials_provider_load_async (GlauxCredentialsProvider *provider,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  GlauxProfileCredentialsProvider *self = GLAUX_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_profile_credentials_provider_load_async);

  switch (glaux_aws_profile_get_credential_source (self->profile))
    {
    case GLAUX_AWS_CREDENTIAL_SOURCE_STATIC_KEYS:
      g_debug ("Profile %s: static keys, access key %s", glaux_aws_profile_get_name (self->profile),
               glaux_aws_profile_get_access_key_id (self->profile));
      g_task_return_pointer (task, glaux_aws_profile_dup_static_credentials (self->profile),
                             g_object_unref);
      break;

    case GLAUX_AWS_CREDENTIAL_SOURCE_PROCESS:
      load_from_process (self, task);
      break;

    case GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED:
    case GLAUX_AWS_CREDENTIAL_SOURCE_INVALID:
      g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS, "%s",
                               glaux_aws_profile_get_problem (self->profile));
      break;

    case GLAUX_AWS_CREDENTIAL_SOURCE_NONE:
    default:
      g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                               "Profile '%s' (%s) has no credentials: it sets neither "
                               "aws_access_key_id and aws_secret_access_key nor "
                               "credential_process", glaux_aws_profile_get_name (self->profile),
                               glaux_aws_profile_get_origin (self->profile));
      break;
    }
}

static GlauxAwsCredentials *
glaux_profile_credentials_provider_load_finish (GlauxCredentialsProvider  *provider,
                                                GAsyncResult              *result,
                                                GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = glaux_profile_credentials_provider_load_async;
  iface->load_finish = glaux_profile_credentials_provider_load_finish;
}

static void
glaux_profile_credentials_provider_finalize (GObject *object)
{
  GlauxProfileCredentialsProvider *self = (GlauxProfileCredentialsProvider *)object;

  g_clear_object (&self->profile);
  g_clear_object (&self->process);

  G_OBJECT_CLASS (glaux_profile_credentials_provider_parent_class)->finalize (object);
}

static void
glaux_profile_credentials_provider_class_init (GlauxProfileCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_profile_credentials_provider_finalize;
}

static void
glaux_profile_credentials_provider_init (GlauxProfileCredentialsProvider *self)
{
}

/**
 * glaux_profile_credentials_provider_new:
 * @profile: a profile from a #GlauxAwsConfig
 *
 * Returns: (transfer full): a new provider
 */
GlauxProfileCredentialsProvider *
glaux_profile_credentials_provider_new (GlauxAwsProfile *profile)
{
  GlauxProfileCredentialsProvider *self;

  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (profile), NULL);

  self = g_object_new (GLAUX_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);
  self->profile = g_object_ref (profile);

  return self;
}
