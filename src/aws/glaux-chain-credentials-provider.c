/* glaux-chain-credentials-provider.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-chain-credentials-provider"

#include "config.h"

#include "glaux-aws-config.h"
#include "glaux-aws-error.h"
#include "glaux-chain-credentials-provider.h"
#include "glaux-env-credentials-provider.h"
#include "glaux-keyring-credentials-provider.h"
#include "glaux-profile-credentials-provider.h"
#include "glaux-static-credentials-provider.h"

/* The credential chain of a connection, in the AWS order: keys typed into Glaux (keyring) when
 * the connection has them, the environment, then the profile from the shared files (credentials
 * file keys, credential_process, config file keys). As in botocore, an explicitly chosen profile
 * skips the environment, and the first source found is kept for later loads (a
 * credential_process refreshes itself). A source that exists but is broken stops the chain
 * with its own error; when nothing is found, the error lists what was tried. */
struct _GlauxChainCredentialsProvider
{
  GObject                   parent_instance;

  char                     *connection_id;
  char                     *access_key_id;
  char                     *profile_name;
  char                    **envp;

  GlauxCredentialsProvider *resolved;
  char                     *source;
  GPtrArray                *waiters;
};

static void credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxChainCredentialsProvider, glaux_chain_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      credentials_provider_iface_init))

static void
delegate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxAwsCredentials *credentials;
  GError *error = NULL;

  credentials = glaux_credentials_provider_load_finish (GLAUX_CREDENTIALS_PROVIDER (object),
                                                        result, &error);
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

static void
delegate (GlauxChainCredentialsProvider *self,
          GTask                         *task)
{
  glaux_credentials_provider_load_async (self->resolved, g_task_get_cancellable (task),
                                         delegate_cb, g_object_ref (task));
}

static void
resolve_done (GlauxChainCredentialsProvider *self,
              gpointer                       provider,
              char                          *source)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  g_debug ("Credentials of %s come from %s",
           self->connection_id ? self->connection_id : "the default chain", source);
  self->resolved = GLAUX_CREDENTIALS_PROVIDER (provider);
  self->source = source;

  for (guint i = 0; i < waiters->len; i++)
    delegate (self, g_ptr_array_index (waiters, i));
}

/* Nothing is kept, so the next load looks again (the user may have fixed the files). */
static void
resolve_failed (GlauxChainCredentialsProvider *self,
                GError                        *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  for (guint i = 0; i < waiters->len; i++)
    g_task_return_error (g_ptr_array_index (waiters, i), g_error_copy (error));

  g_error_free (error);
}

static char *
describe_file (const char *path,
               gboolean    exists)
{
  if (path == NULL)
    return g_strdup ("(no file)");

  return g_strdup_printf ("%s%s", path, exists ? "" : " (no such file)");
}

static GError *
new_nothing_found_error (GlauxChainCredentialsProvider *self,
                         GlauxAwsConfig                *config,
                         const char                    *profile_name,
                         GlauxAwsProfile               *profile)
{
  g_autofree char *env_tried = NULL;
  g_autofree char *profile_tried = NULL;
  g_autofree char *credentials_file = NULL;
  g_autofree char *config_file = NULL;

  if (self->profile_name != NULL)
    env_tried = g_strdup_printf ("environment variables (skipped: profile '%s' was chosen)",
                                 self->profile_name);
  else
    env_tried = g_strdup ("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                          "(not set)");

  credentials_file = describe_file (glaux_aws_config_get_credentials_path (config),
                                    glaux_aws_config_get_credentials_exists (config));
  config_file = describe_file (glaux_aws_config_get_config_path (config),
                               glaux_aws_config_get_config_exists (config));
  if (profile == NULL)
    profile_tried = g_strdup_printf ("profile '%s' (not found in %s or %s)", profile_name,
                                     credentials_file, config_file);
  else
    profile_tried = g_strdup_printf ("profile '%s' (%s sets neither aws_access_key_id and "
                                     "aws_secret_access_key nor credential_process)",
                                     profile_name, glaux_aws_profile_get_origin (profile));

  return g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                      "No AWS credentials found. Tried: keys saved in Glaux (none); %s; %s",
                      env_tried, profile_tried);
}

static char *
describe_profile_source (GlauxAwsProfile *profile)
{
  if (glaux_aws_profile_get_credential_source (profile) == GLAUX_AWS_CREDENTIAL_SOURCE_PROCESS)
    return g_strdup_printf ("the credential_process of profile '%s'",
                            glaux_aws_profile_get_name (profile));

  return g_strdup_printf ("the keys of profile '%s' (%s)", glaux_aws_profile_get_name (profile),
                          glaux_aws_profile_get_keys_origin (profile));
}

static void
config_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GlauxChainCredentialsProvider) self = user_data;
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autofree char *profile_name = NULL;
  GlauxAwsProfile *profile;
  GError *error = NULL;

  config = glaux_aws_config_load_finish (result, &error);
  if (config == NULL)
    {
      resolve_failed (self, error);
      return;
    }

  profile_name = self->profile_name != NULL
                 ? g_strdup (self->profile_name)
                 : glaux_aws_config_dup_profile_name ((const char * const *)self->envp);
  profile = glaux_aws_config_lookup_profile (config, profile_name);

  switch (profile ? glaux_aws_profile_get_credential_source (profile)
                  : GLAUX_AWS_CREDENTIAL_SOURCE_NONE)
    {
    case GLAUX_AWS_CREDENTIAL_SOURCE_STATIC_KEYS:
    case GLAUX_AWS_CREDENTIAL_SOURCE_PROCESS:
      resolve_done (self, glaux_profile_credentials_provider_new (profile),
                    describe_profile_source (profile));
      break;

    case GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED:
    case GLAUX_AWS_CREDENTIAL_SOURCE_INVALID:
      resolve_failed (self, g_error_new_literal (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                                                 glaux_aws_profile_get_problem (profile)));
      break;

    case GLAUX_AWS_CREDENTIAL_SOURCE_NONE:
    default:
      resolve_failed (self, new_nothing_found_error (self, config, profile_name, profile));
      break;
    }
}

static void
resolve (GlauxChainCredentialsProvider *self)
{
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  GError *error = NULL;

  if (self->connection_id != NULL && self->access_key_id != NULL)
    {
      resolve_done (self,
                    glaux_keyring_credentials_provider_new (self->connection_id,
                                                            self->access_key_id),
                    g_strdup ("the keys saved in the keyring"));
      return;
    }

  if (self->profile_name == NULL)
    {
      credentials = glaux_env_credentials_provider_read ((const char * const *)self->envp,
                                                         &error);
      if (error != NULL)
        {
          resolve_failed (self, error);
          return;
        }
      if (credentials != NULL)
        {
          resolve_done (self, glaux_static_credentials_provider_new (credentials),
                        g_strdup ("the environment variables"));
          return;
        }
    }

  glaux_aws_config_load_async ((const char * const *)self->envp, NULL, config_loaded_cb,
                               g_object_ref (self));
}

static void
glaux_chain_credentials_provider_load_async (GlauxCredentialsProvider *provider,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data)
{
  GlauxChainCredentialsProvider *self = GLAUX_CHAIN_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_chain_credentials_provider_load_async);

  if (self->resolved != NULL)
    {
      delegate (self, task);
      return;
    }

  /* Loads that come while the sources are examined wait for the same answer. */
  if (self->waiters != NULL)
    {
      g_ptr_array_add (self->waiters, g_steal_pointer (&task));
      return;
    }

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->waiters, g_steal_pointer (&task));
  resolve (self);
}

static GlauxAwsCredentials *
glaux_chain_credentials_provider_load_finish (GlauxCredentialsProvider  *provider,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = glaux_chain_credentials_provider_load_async;
  iface->load_finish = glaux_chain_credentials_provider_load_finish;
}

static void
glaux_chain_credentials_provider_finalize (GObject *object)
{
  GlauxChainCredentialsProvider *self = (GlauxChainCredentialsProvider *)object;

  g_clear_pointer (&self->connection_id, g_free);
  g_clear_pointer (&self->access_key_id, g_free);
  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->envp, g_strfreev);
  g_clear_object (&self->resolved);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (glaux_chain_credentials_provider_parent_class)->finalize (object);
}

static void
glaux_chain_credentials_provider_class_init (GlauxChainCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_chain_credentials_provider_finalize;
}

static void
glaux_chain_credentials_provider_init (GlauxChainCredentialsProvider *self)
{
}

/**
 * glaux_chain_credentials_provider_new:
 * @connection_id: (nullable): the connection, for keys saved in the keyring
 * @access_key_id: (nullable): the access key id typed for that connection; with
 *   @connection_id, the keyring is the only source
 * @profile_name: (nullable): a profile chosen explicitly, or %NULL for AWS_PROFILE /
 *   AWS_DEFAULT_PROFILE / "default" after the environment
 * @envp: (nullable): a fixed environment, or %NULL for the process's own as it is now
 *
 * Returns: (transfer full): a new provider
 */
GlauxChainCredentialsProvider *
glaux_chain_credentials_provider_new (const char         *connection_id,
                                      const char         *access_key_id,
                                      const char         *profile_name,
                                      const char * const *envp)
{
  GlauxChainCredentialsProvider *self = g_object_new (GLAUX_TYPE_CHAIN_CREDENTIALS_PROVIDER, NULL);

  self->connection_id = g_strdup (connection_id);
  self->access_key_id = g_strdup (access_key_id);
  self->profile_name = g_strdup (profile_name);
  self->envp = envp != NULL ? g_strdupv ((char **)envp) : g_get_environ ();

  return self;
}

/* Where the credentials come from ("the environment variables", "the credential_process of
 * profile 'dev'"...), or %NULL until a load found them. */
const char *
glaux_chain_credentials_provider_get_source (GlauxChainCredentialsProvider *self)
{
  g_return_val_if_fail (GLAUX_IS_CHAIN_CREDENTIALS_PROVIDER (self), NULL);

  return self->source;
}
