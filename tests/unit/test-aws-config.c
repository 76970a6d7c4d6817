/* test-aws-config.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "glaux-aws-config.h"
#include "glaux-aws-error.h"
#include "glaux-endpoint.h"
#include "glaux-test-util.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "unit", "data", "aws", name, NULL);
}

static GlauxAwsConfig *
load_fixture (void)
{
  g_autofree char *config_path = fixture_path ("config");
  g_autofree char *credentials_path = fixture_path ("credentials");
  g_autoptr(GError) error = NULL;
  GlauxAwsConfig *config;

  config = glaux_aws_config_new_from_files (config_path, credentials_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  return config;
}

/* Writes @text to a fresh file in the test home and returns its path. */
static char *
write_temp_file (const char *name,
                 const char *text)
{
  char *path = g_build_filename (glaux_test_get_home (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_config_fixture_profiles (void)
{
  static const char * const expected_names[] = {
    "default", "credsonly", "dev", "half", "proc", "quoted name", "regiononly", "role",
    "spaced", "sso", "webid",
  };
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  GListModel *profiles = glaux_aws_config_get_profiles (config);

  g_assert_true (glaux_aws_config_get_config_exists (config));
  g_assert_true (glaux_aws_config_get_credentials_exists (config));
  g_assert_cmpuint (g_list_model_get_n_items (profiles), ==, G_N_ELEMENTS (expected_names));

  for (guint i = 0; i < G_N_ELEMENTS (expected_names); i++)
    {
      g_autoptr(GlauxAwsProfile) profile = g_list_model_get_item (profiles, i);

      g_assert_cmpstr (glaux_aws_profile_get_name (profile), ==, expected_names[i]);
      g_assert_true (glaux_aws_config_lookup_profile (config, expected_names[i]) == profile);
    }

  g_assert_null (glaux_aws_config_lookup_profile (config, "missing"));
  /* A section without the "profile " prefix in the config file is not a profile. */
  g_assert_null (glaux_aws_config_lookup_profile (config, "plugins"));
}

static void
test_config_static_keys (void)
{
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  GlauxAwsProfile *profile;

  /* [default] + [profile default] merge; the keys come from the credentials file. */
  profile = glaux_aws_config_lookup_profile (config, "default");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "eu-west-1");
  g_assert_cmpint (glaux_aws_profile_get_credential_source (profile), ==,
                   GLAUX_AWS_CREDENTIAL_SOURCE_STATIC_KEYS);
  g_assert_cmpstr (glaux_aws_profile_get_access_key_id (profile), ==, "AKIDDEFAULT");
  g_assert_true (g_str_has_suffix (glaux_aws_profile_get_keys_origin (profile),
                                   "credentials line 2"));
  g_assert_nonnull (strstr (glaux_aws_profile_get_origin (profile), "[profile default]"));
  credentials = glaux_aws_profile_dup_static_credentials (profile);
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==,
                   "default-secret-key");
  g_assert_null (glaux_aws_credentials_get_session_token (credentials));
  g_clear_object (&credentials);

  /* Both files have keys for dev: the credentials file wins, the config still gives region. */
  profile = glaux_aws_config_lookup_profile (config, "dev");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "us-west-2");
  g_assert_cmpstr (glaux_aws_profile_get_endpoint_url (profile), ==, "http://localhost:4566");
  g_assert_cmpstr (glaux_aws_profile_get_services_name (profile), ==, "dev-services");
  credentials = glaux_aws_profile_dup_static_credentials (profile);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDCREDSDEV");
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==,
                   "creds-dev-secret");
  g_assert_cmpstr (glaux_aws_credentials_get_session_token (credentials), ==, "creds-dev-token");

  /* A credentials-file-only profile, with settings beyond keys. */
  profile = glaux_aws_config_lookup_profile (config, "credsonly");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "us-east-2");
  g_assert_cmpstr (glaux_aws_profile_get_access_key_id (profile), ==, "AKIDCREDSONLY");
}

static void
test_config_syntax_variants (void)
{
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  GlauxAwsProfile *profile;

  profile = glaux_aws_config_lookup_profile (config, "spaced");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "ap-south-1");
  profile = glaux_aws_config_lookup_profile (config, "quoted name");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "ca-central-1");

  profile = glaux_aws_config_lookup_profile (config, "proc");
  g_assert_cmpint (glaux_aws_profile_get_credential_source (profile), ==,
                   GLAUX_AWS_CREDENTIAL_SOURCE_PROCESS);
  g_assert_cmpstr (glaux_aws_profile_get_credential_process (profile), ==,
                   "/usr/bin/env fetch-keys --profile proc");
  g_assert_null (glaux_aws_profile_get_problem (profile));

  profile = glaux_aws_config_lookup_profile (config, "regiononly");
  g_assert_cmpint (glaux_aws_profile_get_credential_source (profile), ==,
                   GLAUX_AWS_CREDENTIAL_SOURCE_NONE);
  g_assert_null (glaux_aws_profile_get_problem (profile));
  g_assert_null (glaux_aws_profile_dup_static_credentials (profile));

  g_assert_true (glaux_aws_config_has_services (config, "dev-services"));
  g_assert_false (glaux_aws_config_has_services (config, "other"));
  g_assert_cmpstr (glaux_aws_config_get_service_endpoint_url (config, "dev-services", "athena"),
                   ==, "http://localhost:9000");
  g_assert_cmpstr (glaux_aws_config_get_service_endpoint_url (config, "dev-services", "S3"),
                   ==, "http://localhost:9001");
  g_assert_null (glaux_aws_config_get_service_endpoint_url (config, "dev-services", "sts"));
}

static void
test_config_unsupported_profiles (void)
{
  static const struct
  {
    const char               *name;
    GlauxAwsCredentialSource  source;
    const char               *problem;
  } cases[] = {
    { "sso", GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED,
      "Profile 'sso' uses IAM Identity Center (SSO); Glaux does not support SSO yet. Use "
      "credential_process or static keys." },
    { "role", GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED,
      "Profile 'role' assumes an IAM role (role_arn); Glaux does not support assume-role "
      "profiles yet. Use credential_process or static keys." },
    { "webid", GLAUX_AWS_CREDENTIAL_SOURCE_UNSUPPORTED,
      "Profile 'webid' uses a web identity token (web_identity_token_file); Glaux does not "
      "support web identity profiles yet. Use credential_process or static keys." },
  };
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  GlauxAwsProfile *profile;
  g_autofree char *problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      profile = glaux_aws_config_lookup_profile (config, cases[i].name);
      g_assert_nonnull (profile);
      g_assert_cmpint (glaux_aws_profile_get_credential_source (profile), ==, cases[i].source);
      g_assert_cmpstr (glaux_aws_profile_get_problem (profile), ==, cases[i].problem);
      g_object_get (profile, "problem", &problem, NULL);
      g_assert_cmpstr (problem, ==, cases[i].problem);
      g_clear_pointer (&problem, g_free);
    }

  /* Half a key pair is invalid and says which half is missing. */
  profile = glaux_aws_config_lookup_profile (config, "half");
  g_assert_cmpint (glaux_aws_profile_get_credential_source (profile), ==,
                   GLAUX_AWS_CREDENTIAL_SOURCE_INVALID);
  g_assert_nonnull (strstr (glaux_aws_profile_get_problem (profile),
                            "sets aws_access_key_id but not aws_secret_access_key"));
}

static void
test_config_missing_files (void)
{
  g_autofree char *config_path = g_build_filename (glaux_test_get_home (), "nope", "config", NULL);
  g_autofree char *credentials_path = g_build_filename (glaux_test_get_home (), "nope",
                                                        "credentials", NULL);
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = glaux_aws_config_new_from_files (config_path, credentials_path, &error);
  g_assert_no_error (error);
  g_assert_false (glaux_aws_config_get_config_exists (config));
  g_assert_false (glaux_aws_config_get_credentials_exists (config));
  g_assert_cmpuint (g_list_model_get_n_items (glaux_aws_config_get_profiles (config)), ==, 0);
}

/* Tests run as root, so chmod 000 would not stop reading: a directory stands in for the file. */
static void
test_config_unreadable (void)
{
  g_autofree char *directory = g_build_filename (glaux_test_get_home (), "unreadable", NULL);
  g_autofree char *good = fixture_path ("config");
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);

  config = glaux_aws_config_new_from_files (directory, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "AWS config file"));
  g_assert_nonnull (strstr (error->message, directory));
  g_assert_nonnull (strstr (error->message, "directory"));
  g_assert_null (config);
  g_clear_error (&error);

  config = glaux_aws_config_new_from_files (good, directory, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "AWS credentials file"));
  g_assert_null (config);
}

static void
test_config_syntax_errors (void)
{
  static const struct
  {
    const char *text;
    guint       line;
    const char *message;
  } cases[] = {
    { "region = us-east-1\n", 1, "'region' is set before any [section] header" },
    { "[default]\nregion\n", 2, "expected '[section]', 'name = value' or a comment" },
    { "[default\nregion = x\n", 1, "a section header has no closing ']'" },
    { "[default] extra\n", 1, "unexpected text after a section header" },
    { "[]\n", 1, "empty section name '[]'" },
    { "[default]\nregion = a\n\nregion = b\n", 4, "'region' is set twice in [default] (first at line 2)" },
    { "[profile a]\n[profile b]\n[profile a]\n", 3, "section [profile a] appears twice (first at line 1)" },
    { "[profile]\n", 1, "[profile] must be written [profile NAME]" },
    { "[profile a b]\n", 1, "[profile a b] must be written [profile NAME]" },
    { "[services  \"\"]\n", 1, "has an empty name" },
    { "[default]\ns3 =\n  addressing_style\n", 3, "expected 'name = value' in the indented block under 's3'" },
    { "[default]\n= value\n", 2, "a value has no name before '='" },
    { "[default]\nregion = \xff\xfe\n", 2, "the file is not valid UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_temp_file ("bad-config", cases[i].text);
      g_autofree char *prefix = g_strdup_printf ("%s line %u: ", path, cases[i].line);
      g_autoptr(GlauxAwsConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, cases[i].message);
      config = glaux_aws_config_new_from_files (path, NULL, &error);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
      g_assert_null (config);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* A malformed line in the credentials file must not end up in the message. */
static void
test_config_error_hides_secrets (void)
{
  g_autofree char *path = write_temp_file ("bad-credentials",
                                           "[default]\naws_access_key_id = AKIDX\n"
                                           "aws_secret_access_key SuperSecretValue42\n");
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = glaux_aws_config_new_from_files (NULL, path, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_null (strstr (error->message, "SuperSecretValue42"));
}

static void
test_config_line_forms (void)
{
  g_autofree char *path = write_temp_file ("forms-config",
                                           "\xEF\xBB\xBF# BOM, CRLF and continuations\r\n"
                                           "[profile crlf]\r\n"
                                           "region = eu-north-1\r\n"
                                           "[profile continued]\n"
                                           "  region = us-east-1\n"
                                           "    more text\n"
                                           "  output = json\n"
                                           "[profile Case]\n"
                                           "REGION = me-south-1\n");
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  GlauxAwsProfile *profile;

  config = glaux_aws_config_new_from_files (path, NULL, &error);
  g_assert_no_error (error);

  profile = glaux_aws_config_lookup_profile (config, "crlf");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "eu-north-1");

  /* configparser joins a deeper-indented line to the value before it. */
  profile = glaux_aws_config_lookup_profile (config, "continued");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "us-east-1\nmore text");

  /* Keys are case-insensitive, profile names are not. */
  profile = glaux_aws_config_lookup_profile (config, "Case");
  g_assert_cmpstr (glaux_aws_profile_get_region (profile), ==, "me-south-1");
  g_assert_null (glaux_aws_config_lookup_profile (config, "case"));
}

static void
test_config_environment (void)
{
  g_auto(GStrv) envp = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  envp = g_environ_setenv (envp, "HOME", "/home/someone", TRUE);
  envp = g_environ_setenv (envp, "CONF_DIR", "/etc/aws", TRUE);

  path = glaux_aws_config_dup_config_path ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "/home/someone/.aws/config");
  g_clear_pointer (&path, g_free);
  path = glaux_aws_config_dup_credentials_path ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "/home/someone/.aws/credentials");
  g_clear_pointer (&path, g_free);

  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", "$CONF_DIR/config-${CONF_DIR}-$UNSET_VAR", TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "~/creds/$", TRUE);
  path = glaux_aws_config_dup_config_path ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "/etc/aws/config-/etc/aws-$UNSET_VAR");
  g_clear_pointer (&path, g_free);
  path = glaux_aws_config_dup_credentials_path ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "/home/someone/creds/$");
  g_clear_pointer (&path, g_free);

  path = glaux_aws_config_dup_profile_name ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "default");
  g_clear_pointer (&path, g_free);
  envp = g_environ_setenv (envp, "AWS_DEFAULT_PROFILE", "legacy", TRUE);
  path = glaux_aws_config_dup_profile_name ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "legacy");
  g_clear_pointer (&path, g_free);
  envp = g_environ_setenv (envp, "AWS_PROFILE", "dev", TRUE);
  path = glaux_aws_config_dup_profile_name ((const char * const *)envp);
  g_assert_cmpstr (path, ==, "dev");
  g_clear_pointer (&path, g_free);

  /* glaux_aws_config_load() follows the variables to the fixture. */
  path = fixture_path ("config");
  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", path, TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "~/absent", TRUE);
  config = glaux_aws_config_load ((const char * const *)envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_config_get_config_path (config), ==, path);
  expected = g_strdup ("/home/someone/absent");
  g_assert_cmpstr (glaux_aws_config_get_credentials_path (config), ==, expected);
  g_assert_false (glaux_aws_config_get_credentials_exists (config));
  g_assert_nonnull (glaux_aws_config_lookup_profile (config, "sso"));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GlauxAwsConfig **config = user_data;
  g_autoptr(GError) error = NULL;

  *config = glaux_aws_config_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_config_load_async (void)
{
  g_autofree char *config_path = fixture_path ("config");
  g_autofree char *credentials_path = fixture_path ("credentials");
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_auto(GStrv) envp = NULL;

  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", config_path, TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);
  glaux_aws_config_load_async ((const char * const *)envp, NULL, load_cb, &config);
  glaux_test_wait_until (glaux_test_pointer_is_set, &config, 5000);

  g_assert_cmpuint (g_list_model_get_n_items (glaux_aws_config_get_profiles (config)), ==, 11);
}

typedef struct
{
  const char *aws_region;
  const char *aws_default_region;
  const char *profile_region;
  const char *expected;
  const char *origin;
} RegionCase;

static GlauxAwsProfile *
new_profile (const char *name,
             ...) G_GNUC_NULL_TERMINATED;

/* A profile from key/value pairs, as if read from a config file section. */
static GlauxAwsProfile *
new_profile (const char *name,
             ...)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  const char *key;
  va_list args;

  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (values, (gpointer)key, va_arg (args, char *));
  va_end (args);

  return glaux_aws_profile_new (name, values, "[test] in memory", NULL, NULL);
}

static void
test_region_precedence (void)
{
  static const RegionCase cases[] = {
    { "eu-west-3", "us-west-1", "ap-east-1", "eu-west-3", "AWS_REGION" },
    { NULL, "us-west-1", "ap-east-1", "us-west-1", "AWS_DEFAULT_REGION" },
    { "", "us-west-1", "ap-east-1", "us-west-1", "AWS_DEFAULT_REGION" },
    { NULL, NULL, "ap-east-1", "ap-east-1", "the region of profile 'p' ([test] in memory)" },
    { "cn-north-1", NULL, NULL, "cn-north-1", "AWS_REGION" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GlauxAwsProfile) profile = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *region = NULL;
      g_autofree char *origin = NULL;
      g_auto(GStrv) envp = NULL;

      if (cases[i].aws_region != NULL)
        envp = g_environ_setenv (envp, "AWS_REGION", cases[i].aws_region, TRUE);
      if (cases[i].aws_default_region != NULL)
        envp = g_environ_setenv (envp, "AWS_DEFAULT_REGION", cases[i].aws_default_region, TRUE);
      profile = cases[i].profile_region
                ? new_profile ("p", "region", cases[i].profile_region, NULL)
                : new_profile ("p", "output", "json", NULL);

      region = glaux_endpoint_resolve_region (profile, (const char * const *)envp, &origin,
                                              &error);
      g_assert_no_error (error);
      g_assert_cmpstr (region, ==, cases[i].expected);
      g_assert_cmpstr (origin, ==, cases[i].origin);
    }
}

static void
test_region_errors (void)
{
  g_autoptr(GlauxAwsProfile) profile = new_profile ("bare", "output", "json", NULL);
  g_autoptr(GlauxAwsProfile) bad = new_profile ("bad", "region", "us-east-1\nmore", NULL);
  const char *empty_env[] = { NULL };
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *region = NULL;

  region = glaux_endpoint_resolve_region (profile, empty_env, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_cmpstr (error->message, ==,
                   "No AWS region is set: set AWS_REGION (or AWS_DEFAULT_REGION), or add "
                   "'region = ...' to profile 'bare' ([test] in memory)");
  g_clear_error (&error);

  region = glaux_endpoint_resolve_region (NULL, empty_env, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "AWS_REGION"));
  g_clear_error (&error);

  region = glaux_endpoint_resolve_region (bad, empty_env, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "profile 'bad'"));
  g_assert_nonnull (strstr (error->message, "not a valid AWS region name"));
  g_clear_error (&error);

  for (const char * const *bad_region = (const char * const[]) {
         "US-EAST-1", "us_east_1", "-us-east-1", "us-east-", "us--east-1", "1us", "us.east.1",
         NULL };
       *bad_region != NULL; bad_region++)
    {
      envp = g_environ_setenv (envp, "AWS_REGION", *bad_region, TRUE);
      region = glaux_endpoint_resolve_region (NULL, (const char * const *)envp, NULL, &error);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
      g_assert_null (region);
      g_assert_nonnull (strstr (error->message, "from AWS_REGION"));
      g_clear_error (&error);
    }
}

typedef struct
{
  const char *service;
  const char *region;
  const char *profile;
  const char *env[6];
  const char *expected;
  const char *origin;
} EndpointCase;

static void
test_endpoint_precedence (void)
{
  static const EndpointCase cases[] = {
    { "athena", "us-west-2", "dev",
      { "AWS_ENDPOINT_URL_ATHENA", "http://a.example:1", "AWS_ENDPOINT_URL", "http://all.example" },
      "http://a.example:1", "AWS_ENDPOINT_URL_ATHENA" },
    { "athena", "us-west-2", "dev",
      { "AWS_ENDPOINT_URL_S3", "http://s3.example", "AWS_ENDPOINT_URL", "http://all.example" },
      "http://all.example", "AWS_ENDPOINT_URL" },
    { "s3", "us-west-2", "dev",
      { "AWS_ENDPOINT_URL_S3", "http://s3.example", "AWS_ENDPOINT_URL", "http://all.example" },
      "http://s3.example", "AWS_ENDPOINT_URL_S3" },
    { "athena", "us-west-2", "dev", { NULL },
      "http://localhost:9000", "[services dev-services] in CONFIG" },
    { "s3", "us-west-2", "dev", { NULL },
      "http://localhost:9001", "[services dev-services] in CONFIG" },
    { "sts", "us-west-2", "dev", { NULL },
      "http://localhost:4566", "endpoint_url of profile 'dev'" },
    { "athena", "eu-west-1", "default", { NULL },
      "https://athena.eu-west-1.amazonaws.com", "the default athena endpoint for eu-west-1" },
    { "s3", "us-west-2", "default", { NULL },
      "https://s3.us-west-2.amazonaws.com", "the default s3 endpoint for us-west-2" },
    { "athena", "cn-northwest-1", NULL, { NULL },
      "https://athena.cn-northwest-1.amazonaws.com.cn",
      "the default athena endpoint for cn-northwest-1" },
    { "athena", "us-west-2", "dev",
      { "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE", "AWS_ENDPOINT_URL_ATHENA", "http://a.example" },
      "https://athena.us-west-2.amazonaws.com", "the default athena endpoint for us-west-2" },
    { "athena", "us-west-2", "dev",
      { "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false" },
      "http://localhost:9000", "[services dev-services] in CONFIG" },
    { "athena", "us-west-2", NULL,
      { "AWS_ENDPOINT_URL_ATHENA", "", "AWS_ENDPOINT_URL", "https://127.0.0.1:8443/base" },
      "https://127.0.0.1:8443/base", "AWS_ENDPOINT_URL" },
  };
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  g_autofree char *config_path = fixture_path ("config");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GlauxAwsProfile *profile = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      g_autofree char *origin = NULL;
      g_autofree char *expected_origin = NULL;
      g_auto(GStrv) envp = NULL;
      g_auto(GStrv) parts = NULL;

      for (guint j = 0; cases[i].env[j] != NULL; j += 2)
        envp = g_environ_setenv (envp, cases[i].env[j], cases[i].env[j + 1], TRUE);
      if (envp == NULL)
        envp = g_new0 (char *, 1);
      if (cases[i].profile != NULL)
        profile = glaux_aws_config_lookup_profile (config, cases[i].profile);

      g_test_message ("case %u: %s", i, cases[i].expected);
      url = glaux_endpoint_resolve (cases[i].service, cases[i].region, profile, config,
                                    (const char * const *)envp, &origin, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].expected);

      parts = g_strsplit (cases[i].origin, "CONFIG", -1);
      expected_origin = g_strjoinv (config_path, parts);
      g_assert_cmpstr (origin, ==, expected_origin);
    }
}

static void
test_endpoint_profile_settings (void)
{
  g_autoptr(GlauxAwsProfile) ignoring = new_profile ("ign", "endpoint_url", "http://x.example",
                                                     "ignore_configured_endpoint_urls", "true",
                                                     NULL);
  g_autoptr(GlauxAwsProfile) bad_flag = new_profile ("flag", "ignore_configured_endpoint_urls",
                                                     "yes", NULL);
  g_autoptr(GlauxAwsProfile) dangling = new_profile ("dangling", "services", "nowhere", NULL);
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  const char *empty_env[] = { NULL };
  const char *env_false[] = { "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = glaux_endpoint_resolve ("athena", "us-east-1", ignoring, NULL, empty_env, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://athena.us-east-1.amazonaws.com");
  g_clear_pointer (&url, g_free);

  /* The variable beats the profile setting. */
  url = glaux_endpoint_resolve ("athena", "us-east-1", ignoring, NULL, env_false, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "http://x.example");
  g_clear_pointer (&url, g_free);

  url = glaux_endpoint_resolve ("athena", "us-east-1", bad_flag, NULL, empty_env, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_cmpstr (error->message, ==,
                   "ignore_configured_endpoint_urls of profile 'flag' must be 'true' or 'false', "
                   "not 'yes'");
  g_clear_error (&error);

  url = glaux_endpoint_resolve ("athena", "us-east-1", dangling, config, empty_env, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "has no [services nowhere] section"));
  g_clear_error (&error);

  url = glaux_endpoint_resolve ("athena", NULL, NULL, NULL, empty_env, NULL, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "AWS_ENDPOINT_URL_ATHENA"));
}

static void
test_endpoint_invalid_urls (void)
{
  static const struct
  {
    const char *url;
    const char *message;
  } cases[] = {
    { "ftp://files.example", "must start with https:// or http://, not ftp:" },
    { "localhost:4566", "must start with https:// or http://, not localhost:" },
    { "http://", "has no host name" },
    { "not a url", "is not a valid URL" },
    { "https://host.example/?x=1", "must not have a query (?) or fragment (#)" },
    { "https://host.example/#top", "must not have a query (?) or fragment (#)" },
    { "https://user:hunter2@host.example", "must not contain a user name or password" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) envp = g_environ_setenv (NULL, "AWS_ENDPOINT_URL_S3", cases[i].url, TRUE);
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      url = glaux_endpoint_resolve ("s3", "us-east-1", NULL, NULL, (const char * const *)envp,
                                    NULL, &error);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
      g_assert_null (url);
      g_assert_nonnull (strstr (error->message, "from AWS_ENDPOINT_URL_S3"));
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_null (strstr (error->message, "hunter2"));
    }
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/aws/Config/fixture-profiles", test_config_fixture_profiles);
  g_test_add_func ("/glaux/aws/Config/static-keys", test_config_static_keys);
  g_test_add_func ("/glaux/aws/Config/syntax-variants", test_config_syntax_variants);
  g_test_add_func ("/glaux/aws/Config/unsupported-profiles", test_config_unsupported_profiles);
  g_test_add_func ("/glaux/aws/Config/missing-files", test_config_missing_files);
  g_test_add_func ("/glaux/aws/Config/unreadable", test_config_unreadable);
  g_test_add_func ("/glaux/aws/Config/syntax-errors", test_config_syntax_errors);
  g_test_add_func ("/glaux/aws/Config/error-hides-secrets", test_config_error_hides_secrets);
  g_test_add_func ("/glaux/aws/Config/line-forms", test_config_line_forms);
  g_test_add_func ("/glaux/aws/Config/environment", test_config_environment);
  g_test_add_func ("/glaux/aws/Config/load-async", test_config_load_async);
  g_test_add_func ("/glaux/aws/Region/precedence", test_region_precedence);
  g_test_add_func ("/glaux/aws/Region/errors", test_region_errors);
  g_test_add_func ("/glaux/aws/Endpoint/precedence", test_endpoint_precedence);
  g_test_add_func ("/glaux/aws/Endpoint/profile-settings", test_endpoint_profile_settings);
  g_test_add_func ("/glaux/aws/Endpoint/invalid-urls", test_endpoint_invalid_urls);

  return g_test_run ();
}
