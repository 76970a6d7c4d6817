/* glaux-aws-profile.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-aws-profile"

#include "config.h"

#include <string.h>

#include "glaux-aws-config.h"
#include "glaux-aws-error.h"
#include "glaux-aws-profile.h"

/* One named profile, merged from the config file section and the credentials file section of the
 * same name (the credentials file wins key by key, as in botocore). Immutable once built; the
 * secret key and token are wiped when the profile goes away. */
struct _GlauxAwsProfile
{
  GObject                   parent_instance;

  char                     *name;
  char                     *origin;
  char                     *region;
  char                     *endpoint_url;
  char                     *services_name;
  char                     *ignore_configured_endpoint_urls;
  char                     *credential_process;
  char                     *max_attempts;
  char                     *max_attempts_origin;
  char                     *retry_mode;
  char                     *retry_mode_origin;

  char                     *access_key_id;
  char                     *secret_access_key;
  char                     *session_token;
  char                     *keys_origin;

  GlauxAwsCredentialSource  credential_source;
  char                     *problem;
};

G_DEFINE_FINAL_TYPE (GlauxAwsProfile, glaux_aws_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_REGION,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
glaux_aws_profile_finalize (GObject *object)
{
  GlauxAwsProfile *self = (GlauxAwsProfile *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);
  g_clear_pointer (&self->services_name, g_free);
  g_clear_pointer (&self->ignore_configured_endpoint_urls, g_free);
  g_clear_pointer (&self->credential_process, g_free);
  g_clear_pointer (&self->max_attempts, g_free);
  g_clear_pointer (&self->max_attempts_origin, g_free);
  g_clear_pointer (&self->retry_mode, g_free);
  g_clear_pointer (&self->retry_mode_origin, g_free);
  g_clear_pointer (&self->access_key_id, g_free);
  wipe_string (&self->secret_access_key);
  wipe_string (&self->session_token);
  g_clear_pointer (&self->keys_origin, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (glaux_aws_profile_parent_class)->finalize (object);
}

static void
glaux_aws_profile_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxAwsProfile *self = GLAUX_AWS_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_aws_profile_class_init (GlauxAwsProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_aws_profile_finalize;
  object_class->get_property = glaux_aws_profile_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_aws_profile_init (GlauxAwsProfile *self)
{
}

/* A value from the credentials section if it has the key, else from the config section. */
static const char *
lookup_merged (GHashTable *config_values,
               GHashTable *credentials_values,
               const char *key)
{
  const char *value = NULL;

  if (credentials_values != NULL)
    value = g_hash_table_lookup (credentials_values, key);
  if (value == NULL && config_values != NULL)
    value = g_hash_table_lookup (config_values, key);

  return value;
}

/* Like lookup_merged(), and names the key and the file section it came from, for messages:
 * "max_attempts in profile 'dev' ([profile dev] in /home/u/.aws/config line 4)". */
static void
take_merged_with_origin (GlauxAwsProfile  *self,
                         GHashTable       *config_values,
                         const char       *config_origin,
                         GHashTable       *credentials_values,
                         const char       *credentials_origin,
                         const char       *key,
                         char            **value,
                         char            **origin)
{
  const char *found = NULL;
  const char *section = NULL;

  if (credentials_values != NULL && (found = g_hash_table_lookup (credentials_values, key)))
    section = credentials_origin;
  else if (config_values != NULL && (found = g_hash_table_lookup (config_values, key)))
    section = config_origin;
  else
    return;

  *value = g_strdup (found);
  if (section != NULL)
    *origin = g_strdup_printf ("%s in profile '%s' (%s)", key, self->name, section);
  else
    *origin = g_strdup_printf ("%s in profile '%s'", key, self->name);
}

static gboolean
has_any_key (GHashTable         *config_values,
             GHashTable         *credentials_values,
             const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (lookup_merged (config_values, credentials_values, keys[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
set_problem (GlauxAwsProfile          *self,
             GlauxAwsCredentialSource  source,
             char                     *problem)
{
  self->credential_source = source;
  self->problem = problem;
}

/* Takes the key pair of one file's section. Returns FALSE when the section has no key at all;
 * half a pair makes the profile invalid, as botocore's PartialCredentialsError does. */
static gboolean
take_keys (GlauxAwsProfile *self,
           GHashTable      *values,
           const char      *origin)
{
  const char *access_key_id;
  const char *secret_access_key;
  const char *session_token;

  if (values == NULL)
    return FALSE;

  access_key_id = g_hash_table_lookup (values, "aws_access_key_id");
  secret_access_key = g_hash_table_lookup (values, "aws_secret_access_key");
  if (access_key_id == NULL && secret_access_key == NULL)
    return FALSE;

  if (access_key_id == NULL || access_key_id[0] == '\0'
      || secret_access_key == NULL || secret_access_key[0] == '\0')
    {
      gboolean id_missing = access_key_id == NULL || access_key_id[0] == '\0';

      set_problem (self, GLAUX_AWS_CREDENTIAL_SOURCE_INVALID,
                   g_strdup_printf ("Profile '%s' (%s) sets %s but not %s.", self->name, origin,
                                    id_missing ? "aws_secret_access_key" : "aws_access_key_id",
                                    id_missing ? "aws_access_key_id" : "aws_secret_access_key"));
      return TRUE;
    }

  session_token = g_hash_table_lookup (values, "aws_session_token");
  if (session_token == NULL)
    session_token = g_hash_table_lookup (values, "aws_security_token");

  self->credential_source = GLAUX_AWS_CREDENTIAL_SOURCE_STATIC_KEYS;
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = g_strdup (session_token);
  self->keys_origin = g_strdup (origin);

  return TRUE;
}

/* Decides the credential source in the order of botocore's resolver: web identity, assume role,
 * SSO, credentials file keys, credential_process, config file keys. */
static void
classify_credentials (GlauxAwsProfile *self,
                      GHashTable      *config_values,
                      const char      *config_origin,
                      GHashTable      *credentials_values,
                      const char      *credentials_origin)
{
  static const char * const sso_keys[] = {
    "sso_session", "sso_start_url", "sso_account_id", "sso_role_name", NULL
  };
  static const char * const role_keys[] = { "role_arn", NULL };
  static const char * const web_identity_keys[] = { "web_identity_token_file", NULL };
  const char *process;

  if (has_any_key (config_values, credentials_values, role_keys)
      && has_any_key (config_values, credentials_values, web_identity_keys))
    set_problem (self, GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED,
                 g_strdup_printf ("Profile '%s' uses a web identity token "
                                  "(web_identity_token_file); Glaux does not support web identity "
                                  "profiles yet. Use credential_process or static keys.",
                                  self->name));
  else if (has_any_key (config_values, credentials_values, role_keys))
    set_problem (self, GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED,
                 g_strdup_printf ("Profile '%s' assumes an IAM role (role_arn); Glaux does not "
                                  "support assume-role profiles yet. Use credential_process or "
                                  "static keys.", self->name));
  else if (has_any_key (config_values, credentials_values, sso_keys))
    set_problem (self, GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED,
                 g_strdup_printf ("Profile '%s' uses IAM Identity Center (SSO); Glaux does not "
                                  "support SSO yet. Use credential_process or static keys.",
                                  self->name));
  else if (take_keys (self, credentials_values, credentials_origin))
    return;
  else if ((process = lookup_merged (config_values, credentials_values,
                                     "credential_process")) != NULL)
    {
      if (process[0] == '\0')
        set_problem (self, GLAUX_AWS_CREDENTIAL_SOURCE_INVALID,
                     g_strdup_printf ("Profile '%s' has an empty credential_process.",
                                      self->name));
      else
        self->credential_source = GLAUX_AWS_CREDENTIAL_SOURCE_PROCESS;
    }
  else if (!take_keys (self, config_values, config_origin))
    self->credential_source = GLAUX_AWS_CREDENTIAL_SOURCE_NONE;
}

/**
 * glaux_aws_profile_new:
 * @name: the profile name
 * @config_values: (nullable): keys of the config file section (sub-keys as "parent.child")
 * @config_origin: (nullable): where that section is, for messages
 * @credentials_values: (nullable): keys of the credentials file section
 * @credentials_origin: (nullable): where that section is, for messages
 *
 * The tables are only read; nothing keeps a reference to them.
 *
 * Returns: (transfer full): a new profile
 */
GlauxAwsProfile *
glaux_aws_profile_new (const char *name,
                       GHashTable *config_values,
                       const char *config_origin,
                       GHashTable *credentials_values,
                       const char *credentials_origin)
{
  GlauxAwsProfile *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (config_values != NULL || credentials_values != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_AWS_PROFILE, NULL);
  self->name = g_strdup (name);
  if (config_values != NULL && credentials_values != NULL)
    self->origin = g_strdup_printf ("%s; %s", credentials_origin, config_origin);
  else
    self->origin = g_strdup (config_values != NULL ? config_origin : credentials_origin);

  self->region = g_strdup (lookup_merged (config_values, credentials_values, "region"));
  self->endpoint_url = g_strdup (lookup_merged (config_values, credentials_values,
                                                "endpoint_url"));
  self->services_name = g_strdup (lookup_merged (config_values, credentials_values, "services"));
  self->ignore_configured_endpoint_urls =
    g_strdup (lookup_merged (config_values, credentials_values,
                             "ignore_configured_endpoint_urls"));
  self->credential_process = g_strdup (lookup_merged (config_values, credentials_values,
                                                      "credential_process"));
  take_merged_with_origin (self, config_values, config_origin, credentials_values,
                           credentials_origin, "max_attempts", &self->max_attempts,
                           &self->max_attempts_origin);
  take_merged_with_origin (self, config_values, config_origin, credentials_values,
                           credentials_origin, "retry_mode", &self->retry_mode,
                           &self->retry_mode_origin);

  classify_credentials (self, config_values, config_origin, credentials_values,
                        credentials_origin);

  return self;
}

const char *
glaux_aws_profile_get_name (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->name;
}

/* The file sections the profile was read from, e.g. "[profile dev] in /home/u/.aws/config line 4". */
const char *
glaux_aws_profile_get_origin (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->origin;
}

const char *
glaux_aws_profile_get_region (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->region;
}

const char *
glaux_aws_profile_get_endpoint_url (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->endpoint_url;
}

/* The name of the [services NAME] section the profile's `services` key points at. */
const char *
glaux_aws_profile_get_services_name (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->services_name;
}

/* The raw value, validated by whoever resolves endpoints. */
const char *
glaux_aws_profile_get_ignore_configured_endpoint_urls (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->ignore_configured_endpoint_urls;
}

const char *
glaux_aws_profile_get_credential_process (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->credential_process;
}

/* The access key id of static keys (not a secret), or %NULL. */
const char *
glaux_aws_profile_get_access_key_id (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->access_key_id;
}

GlauxAwsCredentialSource
glaux_aws_profile_get_credential_source (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), GLAUX_AWS_CREDENTIAL_SOURCE_NONE);

  return self->credential_source;
}

/* Which file section the static keys came from, or %NULL. */
const char *
glaux_aws_profile_get_keys_origin (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->keys_origin;
}

/* Why the profile cannot give credentials (unsupported or invalid), or %NULL. Never a secret. */
const char *
glaux_aws_profile_get_problem (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->problem;
}

/**
 * glaux_aws_profile_dup_static_credentials:
 *
 * Returns: (transfer full) (nullable): the profile's static keys, or %NULL when its credentials
 *   come from elsewhere
 */
GlauxAwsCredentials *
glaux_aws_profile_dup_static_credentials (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  if (self->credential_source != GLAUX_AWS_CREDENTIAL_SOURCE_STATIC_KEYS)
    return NULL;

  return glaux_aws_credentials_new (self->access_key_id, self->secret_access_key,
                                    self->session_token, NULL);
}

/* The raw max_attempts value, validated by glaux_aws_profile_resolve_retry(), or %NULL. */
const char *
glaux_aws_profile_get_max_attempts (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->max_attempts;
}

/* The raw retry_mode value, validated by glaux_aws_profile_resolve_retry(), or %NULL. */
const char *
glaux_aws_profile_get_retry_mode (GlauxAwsProfile *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), NULL);

  return self->retry_mode;
}

static gboolean
parse_retry_mode (const char      *value,
                  const char      *origin,
                  GlauxRetryMode  *mode,
                  GError         **error)
{
  if (glaux_retry_mode_from_string (value, mode))
    return TRUE;

  g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
               "%s must be 'standard', 'legacy' or 'adaptive', not '%s': correct or remove it",
               origin, value);
  return FALSE;
}

/* Digits only: botocore's int() would take "+3" or " 3", but a sign or blank is a typo here. */
static gboolean
parse_max_attempts (const char  *value,
                    const char  *origin,
                    guint       *max_attempts,
                    GError     **error)
{
  guint64 number = 0;
  gboolean valid = value[0] != '\0';

  for (const char *p = value; valid && *p != '\0'; p++)
    valid = g_ascii_isdigit (*p);
  if (valid)
    valid = g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &number, NULL);

  if (!valid)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "%s must be a whole number of attempts, 1 or more (the first attempt "
                   "included), not '%s': correct or remove it", origin, value);
      return FALSE;
    }

  *max_attempts = (guint)number;
  return TRUE;
}

/**
 * glaux_aws_profile_resolve_retry:
 * @envp: (nullable): the environment, %NULL for the process's own
 * @mode: (out): the retry mode
 * @max_attempts: (out): the total number of attempts; 0 when none is set (the mode's default)
 * @error: return location for a #GLAUX_AWS_ERROR_CONFIGURATION error
 *
 * AWS_RETRY_MODE over the profile's retry_mode (default standard), AWS_MAX_ATTEMPTS over its
 * max_attempts. An invalid value fails, naming where it came from, even when the other
 * setting is fine.
 *
 * Returns: %TRUE on success
 */
gboolean
glaux_aws_profile_resolve_retry (GlauxAwsProfile     *self,
                                 const char * const  *envp,
                                 GlauxRetryMode      *mode,
                                 guint               *max_attempts,
                                 GError             **error)
{
  const char *value;

  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (self), FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);
  g_return_val_if_fail (max_attempts != NULL, FALSE);

  *mode = GLAUX_RETRY_MODE_STANDARD;
  *max_attempts = 0;

  if ((value = glaux_aws_config_getenv (envp, "AWS_RETRY_MODE")) != NULL)
    {
      if (!parse_retry_mode (value, "AWS_RETRY_MODE", mode, error))
        return FALSE;
    }
  else if (self->retry_mode != NULL
           && !parse_retry_mode (self->retry_mode, self->retry_mode_origin, mode, error))
    return FALSE;

  if ((value = glaux_aws_config_getenv (envp, "AWS_MAX_ATTEMPTS")) != NULL)
    return parse_max_attempts (value, "AWS_MAX_ATTEMPTS", max_attempts, error);
  else if (self->max_attempts != NULL)
    return parse_max_attempts (self->max_attempts, self->max_attempts_origin, max_attempts,
                               error);

  return TRUE;
}
