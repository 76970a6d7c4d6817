/* test-credentials.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "glaux-aws-config.h"
#include "glaux-aws-error.h"
#include "glaux-chain-credentials-provider.h"
#include "glaux-credential-process.h"
#include "glaux-env-credentials-provider.h"
#include "glaux-keyring.h"
#include "glaux-keyring-credentials-provider.h"
#include "glaux-profile-credentials-provider.h"
#include "glaux-static-credentials-provider.h"
#include "glaux-test-util.h"

typedef struct
{
  gboolean             done;
  GlauxAwsCredentials *credentials;
  GError              *error;
} LoadResult;

static gboolean
is_done (gpointer data)
{
  return ((LoadResult *)data)->done;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LoadResult *load = user_data;

  load->credentials = glaux_credentials_provider_load_finish (GLAUX_CREDENTIALS_PROVIDER (object),
                                                              result, &load->error);
  load->done = TRUE;
}

/* Loads once, running the main loop until the answer arrives. */
static GlauxAwsCredentials *
load (gpointer   provider,
      GError   **error)
{
  LoadResult result = { FALSE, NULL, NULL };

  glaux_credentials_provider_load_async (GLAUX_CREDENTIALS_PROVIDER (provider), NULL, load_cb,
                                         &result);
  glaux_test_wait_until (is_done, &result, 20000);
  if (result.error != NULL)
    g_propagate_error (error, result.error);

  return result.credentials;
}

static char *
write_file (const char *name,
            const char *text,
            int         mode)
{
  char *path = g_build_filename (glaux_test_get_home (), name, NULL);
  g_autofree char *directory = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (directory, 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);

  return path;
}

/* A shell script credential_process; sh is only the script's interpreter, never the launcher. */
static char *
write_script (const char *name,
              const char *body)
{
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", body, NULL);

  return write_file (name, text, 0755);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "unit", "data", "aws", name, NULL);
}

static guint
count_lines_in (const char *path)
{
  g_autofree char *text = NULL;
  guint lines = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    lines += *p == '\n';

  return lines;
}

static void
test_static_provider (void)
{
  g_autoptr(GlauxAwsCredentials) given = glaux_aws_credentials_new ("AKIDSTATIC", "s3cr3t", NULL,
                                                                    NULL);
  g_autoptr(GlauxStaticCredentialsProvider) provider = glaux_static_credentials_provider_new (given);
  g_autoptr(GlauxAwsCredentials) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = load (provider, &error);
  g_assert_no_error (error);
  g_assert_true (loaded == given);
}

static void
test_env_provider (void)
{
  g_auto(GStrv) envp = NULL;
  g_autoptr(GlauxEnvCredentialsProvider) provider = NULL;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expiration = NULL;

  /* Nothing set. */
  envp = g_environ_setenv (envp, "HOME", "/nowhere", TRUE);
  provider = glaux_env_credentials_provider_new ((const char * const *)envp);
  credentials = load (provider, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"));
  g_clear_error (&error);
  g_clear_object (&provider);

  /* Half a pair names the missing half. */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  credentials = glaux_env_credentials_provider_read ((const char * const *)envp, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==,
                   "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither");
  g_clear_error (&error);

  /* The old token name, and an expiration. */
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  envp = g_environ_setenv (envp, "AWS_SECURITY_TOKEN", "old-token", TRUE);
  envp = g_environ_setenv (envp, "AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z", TRUE);
  provider = glaux_env_credentials_provider_new ((const char * const *)envp);
  credentials = load (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDENV");
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==, "env-secret");
  g_assert_cmpstr (glaux_aws_credentials_get_session_token (credentials), ==, "old-token");
  expiration = g_date_time_format_iso8601 (glaux_aws_credentials_get_expiration (credentials));
  g_assert_cmpstr (expiration, ==, "2030-01-02T03:04:05Z");
  g_clear_object (&credentials);

  /* AWS_SESSION_TOKEN beats its old name. */
  envp = g_environ_setenv (envp, "AWS_SESSION_TOKEN", "new-token", TRUE);
  credentials = glaux_env_credentials_provider_read ((const char * const *)envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_session_token (credentials), ==, "new-token");
  g_clear_object (&credentials);

  envp = g_environ_setenv (envp, "AWS_CREDENTIAL_EXPIRATION", "next tuesday", TRUE);
  credentials = glaux_env_credentials_provider_read ((const char * const *)envp, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "AWS_CREDENTIAL_EXPIRATION 'next tuesday'"));
  g_assert_null (strstr (error->message, "env-secret"));
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

  return config;
}

static void
test_profile_provider (void)
{
  g_autoptr(GlauxAwsConfig) config = load_fixture ();
  g_autoptr(GlauxProfileCredentialsProvider) provider = NULL;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  provider = glaux_profile_credentials_provider_new (glaux_aws_config_lookup_profile (config, "dev"));
  credentials = load (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDCREDSDEV");
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==, "creds-dev-secret");
  g_clear_object (&provider);
  g_clear_object (&credentials);

  provider = glaux_profile_credentials_provider_new (glaux_aws_config_lookup_profile (config, "sso"));
  credentials = load (provider, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==,
                   "Profile 'sso' uses IAM Identity Center (SSO); Glaux does not support SSO yet. "
                   "Use credential_process or static keys.");
  g_clear_error (&error);
  g_clear_object (&provider);

  provider = glaux_profile_credentials_provider_new (glaux_aws_config_lookup_profile (config,
                                                                                      "regiononly"));
  credentials = load (provider, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "Profile 'regiononly'"));
  g_assert_nonnull (strstr (error->message, "has no credentials"));
}

static GlauxCredentialProcess *
new_process (const char *command_line)
{
  g_autoptr(GError) error = NULL;
  GlauxCredentialProcess *process = glaux_credential_process_new (command_line, &error);

  g_assert_no_error (error);

  return process;
}

static void
test_process_success (void)
{
  g_autofree char *script = write_script ("bin dir/creds",
                                          "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                                          "\"SecretAccessKey\": \"%s\", \"SessionToken\": \"tok\", "
                                          "\"Expiration\": \"2099-12-31T23:59:00Z\"}' \"$1\" \"$2\"\n");
  g_autofree char *quoted = g_shell_quote (script);
  g_autofree char *command = g_strdup_printf ("%s 'AKID $HOME' \"two words\"", quoted);
  g_autoptr(GlauxCredentialProcess) process = new_process (command);
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expiration = NULL;

  credentials = load (process, &error);
  g_assert_no_error (error);
  /* Arguments arrive split like shlex and unexpanded: no shell ever sees the command line. */
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKID $HOME");
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==, "two words");
  g_assert_cmpstr (glaux_aws_credentials_get_session_token (credentials), ==, "tok");
  expiration = g_date_time_format_iso8601 (glaux_aws_credentials_get_expiration (credentials));
  g_assert_cmpstr (expiration, ==, "2099-12-31T23:59:00Z");
}

static void
test_process_failure (void)
{
  g_autofree char *script = write_script ("fail",
                                          "echo 'partial output' \n"
                                          "echo '  Error: the SSO token expired; run login  ' >&2\n"
                                          "exit 3\n");
  g_autoptr(GlauxCredentialProcess) process = new_process (script);
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = load (process, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_null (credentials);
  g_assert_cmpstr (error->message, ==,
                   "The credential_process program 'fail' failed with exit status 3: "
                   "Error: the SSO token expired; run login");
}

static void
test_process_stderr_capped (void)
{
  g_autofree char *script = write_script ("noisy",
                                          "i=0; while [ $i -lt 500 ]; do printf 'abcdefghij' >&2; "
                                          "i=$((i+1)); done\nkill -TERM $$\n");
  g_autoptr(GlauxCredentialProcess) process = new_process (script);
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = load (process, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "was killed by signal 15"));
  g_assert_true (g_str_has_suffix (error->message, "…"));
  g_assert_cmpuint (strlen (error->message), <, 1200);
}

static void
test_process_timeout (void)
{
  g_autofree char *marker = g_build_filename (glaux_test_get_home (), "sleeper-finished", NULL);
  g_autofree char *body = g_strdup_printf ("sleep 3\ntouch '%s'\n", marker);
  g_autofree char *script = write_script ("sleeper", body);
  g_autoptr(GlauxCredentialProcess) process = new_process (script);
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  glaux_credential_process_set_timeout (process, 300);
  credentials = load (process, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==,
                   "The credential_process program 'sleeper' did not finish within 300 ms and "
                   "was stopped");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* The whole process group went down: the script never reaches its last line. */
  g_usleep (3500 * 1000);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
}

static void
test_process_bad_output (void)
{
  static const struct
  {
    const char *output;
    const char *message;
  } cases[] = {
    { "", "printed nothing" },
    { "AccessKeyId=AKID SecretAccessKey=TopSecret", "printed something that is not valid JSON" },
    { "{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"TopSecret\"",
      "printed something that is not valid JSON" },
    { "[1, \"TopSecret\"]", "printed JSON that is not an object" },
    { "{\"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"TopSecret\"}",
      "printed JSON without \"Version\": 1" },
    { "{\"Version\": 2, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"TopSecret\"}",
      "printed Version 2; only Version 1 is supported" },
    { "{\"Version\": \"1\", \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"TopSecret\"}",
      "printed a Version that is not the number 1" },
    { "{\"Version\": 1, \"SecretAccessKey\": \"TopSecret\"}", "printed no AccessKeyId" },
    { "{\"Version\": 1, \"AccessKeyId\": \"AKID\"}", "printed no SecretAccessKey" },
    { "{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"\"}",
      "printed an empty SecretAccessKey" },
    { "{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": 42}",
      "printed a SecretAccessKey that is not a string" },
    { "{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"TopSecret\", "
      "\"SessionToken\": [\"TopSecret\"]}", "printed a SessionToken that is not a string" },
    { "{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"TopSecret\", "
      "\"Expiration\": \"tomorrow\"}", "printed Expiration 'tomorrow', which is not an ISO 8601" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *output = write_file ("output.json", cases[i].output, 0600);
      g_autofree char *command = g_strdup_printf ("/bin/cat '%s'", output);
      g_autoptr(GlauxCredentialProcess) process = new_process (command);
      g_autoptr(GlauxAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, cases[i].message);
      credentials = load (process, &error);
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
      g_assert_true (g_str_has_prefix (error->message, "The credential_process program 'cat' "));
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_null (strstr (error->message, "TopSecret"));
    }
}

static void
test_process_bad_commands (void)
{
  g_autoptr(GlauxCredentialProcess) process = NULL;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  process = glaux_credential_process_new ("fetch-keys \"unterminated", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "cannot be split into arguments"));
  g_assert_null (process);
  g_clear_error (&error);

  process = glaux_credential_process_new ("   ", &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_clear_error (&error);

  process = new_process ("/nonexistent/glaux-fetch-keys --json");
  credentials = load (process, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not run the credential_process program "
                                   "'glaux-fetch-keys': "));
}

/* The script logs each run in @counter and prints keys expiring @seconds from now (or never). */
static char *
write_counting_script (const char *name,
                       const char *counter,
                       int         seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = g_date_time_add_seconds (now, seconds);
  g_autofree char *expiry_text = g_date_time_format_iso8601 (expiry);
  g_autofree char *expiration = seconds > 0
                                ? g_strdup_printf (", \"Expiration\": \"%s\"", expiry_text)
                                : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("echo run >> '%s'\n"
                                           "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                                           "\"SecretAccessKey\": \"proc-secret\"%s}'\n",
                                           counter, expiration);

  return write_script (name, body);
}

static GlauxCredentialProcess *
new_counting_process (const char *name,
                      const char *counter,
                      int         seconds)
{
  g_autofree char *script = write_counting_script (name, counter, seconds);

  return new_process (script);
}

static void
test_process_caching (void)
{
  static const struct
  {
    int   expires_in;
    guint runs_for_three_loads;
  } cases[] = {
    { 3600, 1 },  /* valid for an hour: cached */
    { 0, 1 },     /* no Expiration: permanent */
    { 120, 3 },   /* within the five-minute margin: refreshed every time */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("counting-%u", i);
      g_autofree char *counter = g_build_filename (glaux_test_get_home (), "counter", NULL);
      g_autoptr(GlauxCredentialProcess) process = NULL;

      g_remove (counter);
      process = new_counting_process (name, counter, cases[i].expires_in);
      for (guint j = 0; j < 3; j++)
        {
          g_autoptr(GlauxAwsCredentials) credentials = NULL;
          g_autoptr(GError) error = NULL;

          credentials = load (process, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDPROC");
        }
      g_assert_cmpuint (count_lines_in (counter), ==, cases[i].runs_for_three_loads);
    }
}

static void
test_process_concurrent_loads (void)
{
  g_autofree char *counter = g_build_filename (glaux_test_get_home (), "concurrent-counter", NULL);
  g_autoptr(GlauxCredentialProcess) process = new_counting_process ("concurrent", counter, 3600);
  LoadResult results[3] = { { FALSE, NULL, NULL }, };

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    glaux_credentials_provider_load_async (GLAUX_CREDENTIALS_PROVIDER (process), NULL, load_cb,
                                           &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      glaux_test_wait_until (is_done, &results[i], 10000);
      g_assert_no_error (results[i].error);
      g_assert_true (results[i].credentials == results[0].credentials);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_object_unref (results[i].credentials);

  g_assert_cmpuint (count_lines_in (counter), ==, 1);
}

static void
test_process_cancel (void)
{
  g_autofree char *script = write_script ("slow", "sleep 5\n");
  g_autoptr(GlauxCredentialProcess) process = new_process (script);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LoadResult result = { FALSE, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  glaux_credentials_provider_load_async (GLAUX_CREDENTIALS_PROVIDER (process), cancellable,
                                         load_cb, &result);
  g_cancellable_cancel (cancellable);
  glaux_test_wait_until (is_done, &result, 10000);

  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result.credentials);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&result.error);
}

static void
keyring_store (const char       *connection_id,
               GlauxKeyringKind  kind,
               const char       *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  glaux_keyring_store_async (connection_id, kind, secret, NULL, glaux_test_store_result_cb,
                             &result);
  ok = glaux_keyring_store_finish (glaux_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static char *
keyring_lookup (const char       *connection_id,
                GlauxKeyringKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  glaux_keyring_lookup_async (connection_id, kind, NULL, glaux_test_store_result_cb, &result);
  secret = glaux_keyring_lookup_finish (glaux_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  secret_password_free (secret);

  return copy;
}

static gboolean
keyring_clear (const char       *connection_id,
               GlauxKeyringKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  glaux_keyring_clear_async (connection_id, kind, NULL, glaux_test_store_result_cb, &result);
  ok = glaux_keyring_clear_finish (glaux_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);

  return ok;
}

/* Returns the files under @directory whose bytes contain @needle. */
static void
find_files_containing (const char *directory,
                       const char *needle,
                       GPtrArray  *found,
                       guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          find_files_containing (path, needle, found, n_files);
          continue;
        }

      (*n_files)++;
      if (g_file_get_contents (path, &contents, &length, NULL)
          && g_strstr_len (contents, length, needle) != NULL)
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

static void
test_keyring_store_lookup_clear (void)
{
  static const char secret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYKEYRINGKEY";
  static const char token[] = "FwoGZXIvYXdzEKEYRINGTOKEN";
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keyring_file = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GlauxKeyringCredentialsProvider) provider = NULL;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  guint n_files = 0;

  keyring_store ("conn-1", GLAUX_KEYRING_SECRET_ACCESS_KEY, secret);
  keyring_store ("conn-1", GLAUX_KEYRING_SESSION_TOKEN, token);
  keyring_store ("conn-2", GLAUX_KEYRING_SECRET_ACCESS_KEY, "other-secret");

  value = keyring_lookup ("conn-1", GLAUX_KEYRING_SECRET_ACCESS_KEY);
  g_assert_cmpstr (value, ==, secret);
  g_clear_pointer (&value, g_free);
  value = keyring_lookup ("conn-1", GLAUX_KEYRING_SESSION_TOKEN);
  g_assert_cmpstr (value, ==, token);
  g_clear_pointer (&value, g_free);

  /* The file backend wrote an encrypted keyring; the secrets appear in no file in plain text. */
  keyring_file = g_build_filename (g_get_user_data_dir (), "keyrings", "default.keyring", NULL);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));
  find_files_containing (glaux_test_get_home (), secret, found, &n_files);
  find_files_containing (glaux_test_get_home (), token, found, &n_files);
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpuint (found->len, ==, 0);

  provider = glaux_keyring_credentials_provider_new ("conn-1", "AKIDKEYRING");
  credentials = load (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDKEYRING");
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==, secret);
  g_assert_cmpstr (glaux_aws_credentials_get_session_token (credentials), ==, token);
  g_clear_object (&credentials);
  g_clear_object (&provider);

  /* Clearing one kind leaves the other; clearing all leaves other connections alone. */
  g_assert_true (keyring_clear ("conn-1", GLAUX_KEYRING_SESSION_TOKEN));
  value = keyring_lookup ("conn-1", GLAUX_KEYRING_SESSION_TOKEN);
  g_assert_null (value);
  value = keyring_lookup ("conn-1", GLAUX_KEYRING_SECRET_ACCESS_KEY);
  g_assert_cmpstr (value, ==, secret);
  g_clear_pointer (&value, g_free);
  g_assert_true (keyring_clear ("conn-1", GLAUX_KEYRING_ANY));
  g_assert_false (keyring_clear ("conn-1", GLAUX_KEYRING_ANY));
  value = keyring_lookup ("conn-2", GLAUX_KEYRING_SECRET_ACCESS_KEY);
  g_assert_cmpstr (value, ==, "other-secret");
  g_clear_pointer (&value, g_free);

  provider = glaux_keyring_credentials_provider_new ("conn-1", "AKIDKEYRING");
  credentials = load (provider, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==,
                   "The keyring has no secret access key for connection 'conn-1' (access key "
                   "AKIDKEYRING); enter the keys again in the connection settings");
}

static void
test_keyring_empty_secret (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_keyring_store_async ("conn-3", GLAUX_KEYRING_SECRET_ACCESS_KEY, "", NULL,
                             glaux_test_store_result_cb, &result);
  glaux_keyring_store_finish (glaux_test_wait_result (&result, 10000), &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "The secret access key is empty");
}

/* An environment pointing the shared files at the fixtures. */
static char **
fixture_environ (void)
{
  g_autofree char *config_path = fixture_path ("config");
  g_autofree char *credentials_path = fixture_path ("credentials");
  char **envp = NULL;

  envp = g_environ_setenv (envp, "HOME", glaux_test_get_home (), TRUE);
  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", config_path, TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);

  return envp;
}

static void
test_chain_order (void)
{
  g_auto(GStrv) envp = fixture_environ ();
  g_autoptr(GlauxChainCredentialsProvider) chain = NULL;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* Files only: the default profile's credentials-file keys. */
  chain = glaux_chain_credentials_provider_new (NULL, NULL, NULL, (const char * const *)envp);
  g_assert_null (glaux_chain_credentials_provider_get_source (chain));
  credentials = load (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDDEFAULT");
  g_assert_true (g_str_has_prefix (glaux_chain_credentials_provider_get_source (chain),
                                   "the keys of profile 'default' ("));
  g_clear_object (&credentials);
  g_clear_object (&chain);

  /* AWS_PROFILE picks another profile. */
  envp = g_environ_setenv (envp, "AWS_PROFILE", "dev", TRUE);
  chain = glaux_chain_credentials_provider_new (NULL, NULL, NULL, (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDCREDSDEV");
  g_clear_object (&credentials);
  g_clear_object (&chain);

  /* Environment keys beat AWS_PROFILE... */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  chain = glaux_chain_credentials_provider_new (NULL, NULL, NULL, (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDENV");
  g_assert_cmpstr (glaux_chain_credentials_provider_get_source (chain), ==,
                   "the environment variables");
  g_clear_object (&credentials);
  g_clear_object (&chain);

  /* ...but not a profile chosen explicitly. */
  chain = glaux_chain_credentials_provider_new (NULL, NULL, "credsonly", (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDCREDSONLY");
  g_clear_object (&credentials);
  g_clear_object (&chain);

  /* Keys saved in Glaux beat everything, and a missing secret is an error, not a fallback. */
  chain = glaux_chain_credentials_provider_new ("conn-chain", "AKIDTYPED", NULL,
                                                (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "no secret access key for connection 'conn-chain'"));
  g_clear_error (&error);

  keyring_store ("conn-chain", GLAUX_KEYRING_SECRET_ACCESS_KEY, "typed-secret");
  credentials = load (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_aws_credentials_get_access_key_id (credentials), ==, "AKIDTYPED");
  g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==, "typed-secret");
  g_assert_null (glaux_aws_credentials_get_session_token (credentials));
  g_assert_cmpstr (glaux_chain_credentials_provider_get_source (chain), ==,
                   "the keys saved in the keyring");
  keyring_clear ("conn-chain", GLAUX_KEYRING_ANY);
}

static void
test_chain_errors (void)
{
  g_auto(GStrv) envp = fixture_environ ();
  g_autoptr(GlauxChainCredentialsProvider) chain = NULL;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = fixture_path ("config");
  g_autofree char *credentials_path = fixture_path ("credentials");
  g_autofree char *expected = NULL;

  envp = g_environ_setenv (envp, "AWS_PROFILE", "ghost", TRUE);
  chain = glaux_chain_credentials_provider_new (NULL, NULL, NULL, (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  expected = g_strdup_printf ("No AWS credentials found. Tried: keys saved in Glaux (none); "
                              "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                              "(not set); profile 'ghost' (not found in %s or %s)",
                              credentials_path, config_path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_object (&chain);

  chain = glaux_chain_credentials_provider_new (NULL, NULL, "regiononly", (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "environment variables (skipped: profile "
                                            "'regiononly' was chosen)"));
  g_assert_nonnull (strstr (error->message, "sets neither aws_access_key_id"));
  g_clear_error (&error);
  g_clear_object (&chain);

  chain = glaux_chain_credentials_provider_new (NULL, NULL, "role", (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "Glaux does not support assume-role profiles yet"));
  g_clear_error (&error);
  g_clear_object (&chain);

  /* Broken environment keys stop the chain. */
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "lonely-secret", TRUE);
  chain = glaux_chain_credentials_provider_new (NULL, NULL, NULL, (const char * const *)envp);
  credentials = load (chain, &error);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS);
  g_assert_true (g_str_has_prefix (error->message, "AWS_SECRET_ACCESS_KEY is set but "
                                                   "AWS_ACCESS_KEY_ID is not"));
  g_assert_null (strstr (error->message, "lonely-secret"));
}

static void
test_chain_credential_process (void)
{
  g_autofree char *counter = g_build_filename (glaux_test_get_home (), "chain-counter", NULL);
  g_autofree char *script = write_counting_script ("chain-proc", counter, 3600);
  g_autofree char *quoted = g_shell_quote (script);
  g_autofree char *config_text = g_strdup_printf ("[profile tool]\n"
                                                  "credential_process = %s --flag\n", quoted);
  g_autofree char *config_path = write_file ("chain/config", config_text, 0600);
  g_autoptr(GlauxChainCredentialsProvider) chain = NULL;
  g_auto(GStrv) envp = NULL;

  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", config_path, TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", TRUE);
  chain = glaux_chain_credentials_provider_new (NULL, NULL, "tool", (const char * const *)envp);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GlauxAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;

      credentials = load (chain, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (glaux_aws_credentials_get_secret_access_key (credentials), ==,
                       "proc-secret");
    }

  g_assert_cmpstr (glaux_chain_credentials_provider_get_source (chain), ==,
                   "the credential_process of profile 'tool'");
  g_assert_cmpuint (count_lines_in (counter), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/aws/Credentials/static", test_static_provider);
  g_test_add_func ("/glaux/aws/Credentials/environment", test_env_provider);
  g_test_add_func ("/glaux/aws/Credentials/profile", test_profile_provider);
  g_test_add_func ("/glaux/aws/CredentialProcess/success", test_process_success);
  g_test_add_func ("/glaux/aws/CredentialProcess/failure", test_process_failure);
  g_test_add_func ("/glaux/aws/CredentialProcess/stderr-capped", test_process_stderr_capped);
  g_test_add_func ("/glaux/aws/CredentialProcess/timeout", test_process_timeout);
  g_test_add_func ("/glaux/aws/CredentialProcess/bad-output", test_process_bad_output);
  g_test_add_func ("/glaux/aws/CredentialProcess/bad-commands", test_process_bad_commands);
  g_test_add_func ("/glaux/aws/CredentialProcess/caching", test_process_caching);
  g_test_add_func ("/glaux/aws/CredentialProcess/concurrent-loads", test_process_concurrent_loads);
  g_test_add_func ("/glaux/aws/CredentialProcess/cancel", test_process_cancel);
  g_test_add_func ("/glaux/aws/Keyring/store-lookup-clear", test_keyring_store_lookup_clear);
  g_test_add_func ("/glaux/aws/Keyring/empty-secret", test_keyring_empty_secret);
  g_test_add_func ("/glaux/aws/Chain/order", test_chain_order);
  g_test_add_func ("/glaux/aws/Chain/errors", test_chain_errors);
  g_test_add_func ("/glaux/aws/Chain/credential-process", test_chain_credential_process);

  return g_test_run ();
}
