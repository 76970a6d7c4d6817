/* glaux-aws-credentials.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-aws-credentials"

#include "config.h"

#include <string.h>

#include "glaux-aws-credentials.h"

/* Immutable: a refresh produces a new object, so a request signed with one set never sees a
 * half-updated pair. The secret is wiped from memory when the object goes away. */
struct _GlauxAwsCredentials
{
  GObject    parent_instance;

  char      *access_key_id;
  char      *secret_access_key;
  char      *session_token;
  GDateTime *expiration;
};

G_DEFINE_FINAL_TYPE (GlauxAwsCredentials, glaux_aws_credentials, G_TYPE_OBJECT)

static void
wipe_string (char **str)
{
  if (*str != NULL)
    {
      memset (*str, 0, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

static void
glaux_aws_credentials_finalize (GObject *object)
{
  GlauxAwsCredentials *self = (GlauxAwsCredentials *)object;

  g_clear_pointer (&self->access_key_id, g_free);
  wipe_string (&self->secret_access_key);
  wipe_string (&self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);

  G_OBJECT_CLASS (glaux_aws_credentials_parent_class)->finalize (object);
}

static void
glaux_aws_credentials_class_init (GlauxAwsCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_aws_credentials_finalize;
}

static void
glaux_aws_credentials_init (GlauxAwsCredentials *self)
{
}

/**
 * glaux_aws_credentials_new:
 * @access_key_id: the access key id
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when temporary credentials expire
 *
 * Returns: (transfer full): new credentials
 */
GlauxAwsCredentials *
glaux_aws_credentials_new (const char *access_key_id,
                           const char *secret_access_key,
                           const char *session_token,
                           GDateTime  *expiration)
{
  GlauxAwsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_AWS_CREDENTIALS, NULL);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = (session_token != NULL && session_token[0] != '\0')
                        ? g_strdup (session_token) : NULL;
  self->expiration = expiration != NULL ? g_date_time_ref (expiration) : NULL;

  return self;
}

const char *
glaux_aws_credentials_get_access_key_id (GlauxAwsCredentials *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (self), NULL);

  return self->access_key_id;
}

const char *
glaux_aws_credentials_get_secret_access_key (GlauxAwsCredentials *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (self), NULL);

  return self->secret_access_key;
}

const char *
glaux_aws_credentials_get_session_token (GlauxAwsCredentials *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (self), NULL);

  return self->session_token;
}

GDateTime *
glaux_aws_credentials_get_expiration (GlauxAwsCredentials *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (self), NULL);

  return self->expiration;
}

/* TRUE when the credentials expire before @now + @margin; never for permanent keys. */
gboolean
glaux_aws_credentials_expires_within (GlauxAwsCredentials *self,
                                      GDateTime           *now,
                                      GTimeSpan            margin)
{
  g_autoptr(GDateTime) limit = NULL;

  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (self), TRUE);
  g_return_val_if_fail (now != NULL, TRUE);

  if (self->expiration == NULL)
    return FALSE;

  limit = g_date_time_add (now, margin);

  return g_date_time_compare (self->expiration, limit) <= 0;
}
