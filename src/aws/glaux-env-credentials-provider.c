/* glaux-env-credentials-provider.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-env-credentials-provider"

#include "config.h"

#include "glaux-aws-config.h"
#include "glaux-aws-error.h"
#include "glaux-env-credentials-provider.h"

/* AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or its old name
 * AWS_SECURITY_TOKEN) and AWS_CREDENTIAL_EXPIRATION, read at every load like botocore's
 * EnvProvider, so a changed environment is seen. */
struct _GlauxEnvCredentialsProvider
{
  GObject   parent_instance;

  char    **envp;
};

static void credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxEnvCredentialsProvider, glaux_env_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLAUX_TYPE_CREDENTIALS_PROVIDER,
                                                      credentials_provider_iface_init))

/**
 * glaux_env_credentials_provider_read:
 * @envp: (nullable): the environment, %NULL for the process's own
 * @error: return location for a #GLAUX_AWS_ERROR_CREDENTIALS error
 *
 * Returns: (transfer full) (nullable): the credentials; %NULL without an error when neither key
 *   variable is set, %NULL with @error set when the variables are incomplete or malformed
 */
GlauxAwsCredentials *
glaux_env_credentials_provider_read (const char * const  *envp,
                                     GError             **error)
{
  const char *access_key_id = glaux_aws_config_getenv (envp, "AWS_ACCESS_KEY_ID");
  const char *secret_access_key = glaux_aws_config_getenv (envp, "AWS_SECRET_ACCESS_KEY");
  const char *session_token = glaux_aws_config_getenv (envp, "AWS_SESSION_TOKEN");
  const char *expiration_text = glaux_aws_config_getenv (envp, "AWS_CREDENTIAL_EXPIRATION");
  g_autoptr(GDateTime) expiration = NULL;

  if (access_key_id == NULL && secret_access_key == NULL)
    return NULL;

  if (access_key_id == NULL || secret_access_key == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                   "%s is set but %s is not; set both or neither",
                   access_key_id != NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                   access_key_id != NULL ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
      return NULL;
    }

  if (session_token == NULL)
    session_token = glaux_aws_config_getenv (envp, "AWS_SECURITY_TOKEN");

  if (expiration_text != NULL
      && (expiration = g_date_time_new_from_iso8601 (expiration_text, NULL)) == NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                   "AWS_CREDENTIAL_EXPIRATION '%s' is not an ISO 8601 time with a time zone "
                   "(such as 2026-05-01T12:00:00Z)", expiration_text);
      return NULL;
    }

  g_debug ("Credentials from the environment, access key %s", access_key_id);

  return glaux_aws_credentials_new (access_key_id, secret_access_key, session_token, expiration);
}

static void
glaux_env_credentials_provider_load_async (GlauxCredentialsProvider *provider,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data)
{
  GlauxEnvCredentialsProvider *self = GLAUX_ENV_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  GlauxAwsCredentials *credentials;
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_env_credentials_provider_load_async);

  credentials = glaux_env_credentials_provider_read ((const char * const *)self->envp, &error);
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, g_object_unref);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                             "No credentials in the environment: AWS_ACCESS_KEY_ID and "
                             "AWS_SECRET_ACCESS_KEY are not set");
}

static GlauxAwsCredentials *
glaux_env_credentials_provider_load_finish (GlauxCredentialsProvider  *provider,
                                            GAsyncResult              *result,
                                            GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
credentials_provider_iface_init (GlauxCredentialsProviderInterface *iface)
{
  iface->load_async = glaux_env_credentials_provider_load_async;
  iface->load_finish = glaux_env_credentials_provider_load_finish;
}

static void
glaux_env_credentials_provider_finalize (GObject *object)
{
  GlauxEnvCredentialsProvider *self = (GlauxEnvCredentialsProvider *)object;

  g_clear_pointer (&self->envp, g_strfreev);

  G_OBJECT_CLASS (glaux_env_credentials_provider_parent_class)->finalize (object);
}

static void
glaux_env_credentials_provider_class_init (GlauxEnvCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_env_credentials_provider_finalize;
}

static void
glaux_env_credentials_provider_init (GlauxEnvCredentialsProvider *self)
{
}

/**
 * glaux_env_credentials_provider_new:
 * @envp: (nullable): a fixed environment to read, or %NULL for the process's own
 *
 * Returns: (transfer full): a new provider
 */
GlauxEnvCredentialsProvider *
glaux_env_credentials_provider_new (const char * const *envp)
{
  GlauxEnvCredentialsProvider *self = g_object_new (GLAUX_TYPE_ENV_CREDENTIALS_PROVIDER, NULL);

  self->envp = g_strdupv ((char **)envp);

  return self;
}
