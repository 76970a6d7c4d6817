/* glaux-endpoint.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-endpoint"

#include "config.h"

#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-endpoint.h"

/* Region and endpoint resolution with the precedence of the AWS SDKs (botocore's
 * EndpointURLProvider). Each result comes with a description of where it came from, so the UI
 * and error messages can say which setting to change. */

/* Lower-case letters, digits and single inner hyphens, starting with a letter: the value ends up
 * in a host name and in the SigV4 scope, so nothing else may get through. */
gboolean
glaux_endpoint_validate_region (const char  *region,
                                const char  *origin,
                                GError     **error)
{
  gsize length;

  g_return_val_if_fail (region != NULL, FALSE);
  g_return_val_if_fail (origin != NULL, FALSE);

  length = strlen (region);
  for (gsize i = 0; i < length; i++)
    {
      char c = region[i];

      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9' && i > 0)
          || (c == '-' && i > 0 && i + 1 < length && region[i - 1] != '-'))
        continue;

      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "The region '%s' from %s is not a valid AWS region name "
                   "(expected something like us-east-1)", region, origin);
      return FALSE;
    }

  if (length == 0 || length > 63)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "The region from %s must be 1 to 63 characters long, not %" G_GSIZE_FORMAT,
                   origin, length);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_url_error (GError     **error,
               const char  *url,
               const char  *origin,
               const char  *problem)
{
  /* A URL with user info may carry a password: never repeat it. */
  if (strchr (url, '@') != NULL)
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                 "The endpoint URL from %s %s", origin, problem);
  else
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                 "The endpoint URL '%s' from %s %s", url, origin, problem);

  return FALSE;
}

/* An absolute http or https URL with a host, no user info, query or fragment. */
gboolean
glaux_endpoint_validate_url (const char  *url,
                             const char  *origin,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (origin != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      problem = g_strdup_printf ("is not a valid URL (%s)", local_error->message);
      return set_url_error (error, url, origin, problem);
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      problem = g_strdup_printf ("must start with https:// or http://, not %s:", scheme);
      return set_url_error (error, url, origin, problem);
    }

  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    return set_url_error (error, url, origin, "has no host name");

  if (g_uri_get_userinfo (uri) != NULL)
    return set_url_error (error, url, origin, "must not contain a user name or password");

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return set_url_error (error, url, origin, "must not have a query (?) or fragment (#)");

  return TRUE;
}

/* https://<service>.<region>.amazonaws.com, or .amazonaws.com.cn in the China regions. */
char *
glaux_endpoint_default_url (const char *service_id,
                            const char *region)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (service_id != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  prefix = g_strdelimit (g_ascii_strdown (service_id, -1), " _", '-');

  return g_strdup_printf ("https://%s.%s.amazonaws.com%s", prefix, region,
                          g_str_has_prefix (region, "cn-") ? ".cn" : "");
}

/**
 * glaux_endpoint_resolve_region:
 * @profile: (nullable): the profile in use
 * @envp: (nullable): the environment, %NULL for the process's own
 * @origin: (out) (optional): where the region came from
 * @error: return location for a #GLAUX_AWS_ERROR_CONFIGURATION error
 *
 * AWS_REGION, then AWS_DEFAULT_REGION, then the profile's `region`.
 *
 * Returns: (transfer full): the region, or %NULL with @error set
 */
char *
glaux_endpoint_resolve_region (GlauxAwsProfile     *profile,
                               const char * const  *envp,
                               char               **origin,
                               GError             **error)
{
  g_autofree char *found_origin = NULL;
  const char *region;

  g_return_val_if_fail (!profile || GLAUX_IS_AWS_PROFILE (profile), NULL);

  if ((region = glaux_aws_config_getenv (envp, "AWS_REGION")) != NULL)
    found_origin = g_strdup ("AWS_REGION");
  else if ((region = glaux_aws_config_getenv (envp, "AWS_DEFAULT_REGION")) != NULL)
    found_origin = g_strdup ("AWS_DEFAULT_REGION");
  else if (profile != NULL && (region = glaux_aws_profile_get_region (profile)) != NULL
           && region[0] != '\0')
    found_origin = g_strdup_printf ("the region of profile '%s' (%s)",
                                    glaux_aws_profile_get_name (profile),
                                    glaux_aws_profile_get_origin (profile));
  else
    {
      if (profile != NULL)
        g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                     "No AWS region is set: set AWS_REGION (or AWS_DEFAULT_REGION), or add "
                     "'region = ...' to profile '%s' (%s)", glaux_aws_profile_get_name (profile),
                     glaux_aws_profile_get_origin (profile));
      else
        g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                             "No AWS region is set: set AWS_REGION (or AWS_DEFAULT_REGION), or "
                             "choose a profile that has a region");
      return NULL;
    }

  if (!glaux_endpoint_validate_region (region, found_origin, error))
    return NULL;

  if (origin != NULL)
    *origin = g_steal_pointer (&found_origin);

  return g_strdup (region);
}

/* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS beats the profile's ignore_configured_endpoint_urls. */
static gboolean
read_ignore_flag (GlauxAwsProfile     *profile,
                  const char * const  *envp,
                  gboolean            *ignore,
                  GError             **error)
{
  g_autofree char *origin = NULL;
  const char *value;

  *ignore = FALSE;
  if ((value = glaux_aws_config_getenv (envp, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) != NULL)
    origin = g_strdup ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  else if (profile != NULL
           && (value = glaux_aws_profile_get_ignore_configured_endpoint_urls (profile)) != NULL)
    origin = g_strdup_printf ("ignore_configured_endpoint_urls of profile '%s'",
                              glaux_aws_profile_get_name (profile));
  else
    return TRUE;

  if (g_ascii_strcasecmp (value, "true") == 0)
    *ignore = TRUE;
  else if (g_ascii_strcasecmp (value, "false") != 0)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "%s must be 'true' or 'false', not '%s'", origin, value);
      return FALSE;
    }

  return TRUE;
}

/* AWS_ENDPOINT_URL_ATHENA: the service id upper-cased, spaces and hyphens turned into '_'. */
static char *
dup_service_variable (const char *service_id)
{
  g_autofree char *upper = g_ascii_strup (service_id, -1);

  return g_strconcat ("AWS_ENDPOINT_URL_", g_strdelimit (upper, " -", '_'), NULL);
}

/* The configured endpoint for @service_id, or NULL (without error) when nothing is configured. */
static char *
find_configured_url (const char          *service_id,
                     GlauxAwsProfile     *profile,
                     GlauxAwsConfig      *config,
                     const char * const  *envp,
                     char               **origin,
                     GError             **error)
{
  g_autofree char *service_variable = dup_service_variable (service_id);
  const char *services_name;
  const char *url;

  if ((url = glaux_aws_config_getenv (envp, service_variable)) != NULL)
    *origin = g_steal_pointer (&service_variable);
  else if ((url = glaux_aws_config_getenv (envp, "AWS_ENDPOINT_URL")) != NULL)
    *origin = g_strdup ("AWS_ENDPOINT_URL");
  else if (profile == NULL)
    return NULL;
  else if (config != NULL && (services_name = glaux_aws_profile_get_services_name (profile)) != NULL
           && (url = glaux_aws_config_get_service_endpoint_url (config, services_name,
                                                                service_id)) != NULL)
    *origin = g_strdup_printf ("[services %s] in %s", services_name,
                               glaux_aws_config_get_config_path (config));
  else if ((url = glaux_aws_profile_get_endpoint_url (profile)) != NULL && url[0] != '\0')
    *origin = g_strdup_printf ("endpoint_url of profile '%s'",
                               glaux_aws_profile_get_name (profile));
  else
    return NULL;

  if (!glaux_endpoint_validate_url (url, *origin, error))
    return NULL;

  return g_strdup (url);
}

/* A profile naming a [services] section that does not exist is a mistake worth reporting. */
static gboolean
check_services_section (GlauxAwsProfile  *profile,
                        GlauxAwsConfig   *config,
                        GError          **error)
{
  const char *services_name;

  if (profile == NULL || config == NULL
      || (services_name = glaux_aws_profile_get_services_name (profile)) == NULL
      || glaux_aws_config_has_services (config, services_name))
    return TRUE;

  g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
               "Profile '%s' sets services = %s, but %s has no [services %s] section",
               glaux_aws_profile_get_name (profile), services_name,
               glaux_aws_config_get_config_path (config), services_name);
  return FALSE;
}

/**
 * glaux_endpoint_resolve:
 * @service_id: the botocore service id ("athena", "s3")
 * @region: (nullable): the resolved region, needed only for the default endpoint
 * @profile: (nullable): the profile in use
 * @config: (nullable): the configuration @profile comes from, for [services] sections
 * @envp: (nullable): the environment, %NULL for the process's own
 * @origin: (out) (optional): where the URL came from
 * @error: return location for a #GLAUX_AWS_ERROR_CONFIGURATION error
 *
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's [services] entry, the profile's
 * endpoint_url, then the regional default. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the
 * profile's ignore_configured_endpoint_urls) skips all but the default.
 *
 * Returns: (transfer full): the endpoint URL, or %NULL with @error set
 */
char *
glaux_endpoint_resolve (const char          *service_id,
                        const char          *region,
                        GlauxAwsProfile     *profile,
                        GlauxAwsConfig      *config,
                        const char * const  *envp,
                        char               **origin,
                        GError             **error)
{
  g_autofree char *found_origin = NULL;
  g_autofree char *url = NULL;
  GError *local_error = NULL;
  gboolean ignore;

  g_return_val_if_fail (service_id != NULL && service_id[0] != '\0', NULL);
  g_return_val_if_fail (!profile || GLAUX_IS_AWS_PROFILE (profile), NULL);
  g_return_val_if_fail (!config || GLAUX_IS_AWS_CONFIG (config), NULL);

  if (!read_ignore_flag (profile, envp, &ignore, error))
    return NULL;

  if (!ignore)
    {
      if (!check_services_section (profile, config, error))
        return NULL;

      url = find_configured_url (service_id, profile, config, envp, &found_origin, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  if (url == NULL)
    {
      if (region == NULL)
        {
          g_autofree char *service_variable = dup_service_variable (service_id);

          g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                       "No endpoint is configured for %s and no region is set to choose the "
                       "default one: set AWS_REGION or %s", service_id, service_variable);
          return NULL;
        }
      if (!glaux_endpoint_validate_region (region, "the connection", error))
        return NULL;
      url = glaux_endpoint_default_url (service_id, region);
      found_origin = g_strdup_printf ("the default %s endpoint for %s", service_id, region);
    }

  if (origin != NULL)
    *origin = g_steal_pointer (&found_origin);

  return g_steal_pointer (&url);
}
