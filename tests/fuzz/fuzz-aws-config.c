/* fuzz-aws-config.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The AWS config and credentials parser: the input up to its first NUL byte is ~/.aws/config,
 * the rest ~/.aws/credentials (both written to files, as the parser reads files). Every
 * profile is then read the way the connection dialog and the credential chain read it. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glaux-aws-config.h"
#include "glaux-fuzz-util.h"

static char *config_path;
static char *credentials_path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  glaux_fuzz_init ();

  config_path = g_build_filename (glaux_fuzz_get_tmpdir (), "config", NULL);
  credentials_path = g_build_filename (glaux_fuzz_get_tmpdir (), "credentials", NULL);

  return 0;
}

static void
write_file (const char   *path,
            const guint8 *data,
            gsize         size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *)data, size, &error))
    {
      fprintf (stderr, "glaux-fuzz: %s\n", error->message);
      abort ();
    }
}

static void
read_profile (GlauxAwsConfig  *config,
              GlauxAwsProfile *profile)
{
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  const char *name = glaux_aws_profile_get_name (profile);
  const char *services = glaux_aws_profile_get_services_name (profile);

  g_assert (name != NULL);
  g_assert (glaux_aws_config_lookup_profile (config, name) != NULL);
  glaux_aws_profile_get_origin (profile);
  glaux_aws_profile_get_region (profile);
  glaux_aws_profile_get_endpoint_url (profile);
  glaux_aws_profile_get_ignore_configured_endpoint_urls (profile);
  glaux_aws_profile_get_credential_process (profile);
  glaux_aws_profile_get_access_key_id (profile);
  glaux_aws_profile_get_credential_source (profile);
  glaux_aws_profile_get_keys_origin (profile);
  glaux_aws_profile_get_problem (profile);
  credentials = glaux_aws_profile_dup_static_credentials (profile);

  if (services != NULL)
    {
      glaux_aws_config_has_services (config, services);
      glaux_aws_config_get_service_endpoint_url (config, services, "athena");
      glaux_aws_config_get_service_endpoint_url (config, services, "s3");
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *nul = memchr (data, '\0', size);
  gsize config_size = nul != NULL ? (gsize)(nul - data) : size;
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *profiles;

  write_file (config_path, data, config_size);
  if (nul != NULL)
    write_file (credentials_path, nul + 1, size - config_size - 1);
  else
    write_file (credentials_path, (const guint8 *)"", 0);

  config = glaux_aws_config_new_from_files (config_path, credentials_path, &error);
  if (config == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  profiles = glaux_aws_config_get_profiles (config);
  for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
    {
      g_autoptr(GlauxAwsProfile) profile = g_list_model_get_item (profiles, i);

      read_profile (config, profile);
    }
  glaux_aws_config_lookup_profile (config, "default");
  glaux_aws_config_has_services (config, "default");

  return 0;
}
