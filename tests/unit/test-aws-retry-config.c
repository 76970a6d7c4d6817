/* test-aws-retry-config.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-aws-config.h"
#include "glaux-aws-error.h"
#include "glaux-connection.h"
#include "glaux-keyring.h"
#include "glaux-test-util.h"

#define ACCESS_KEY "AKIDTESTRETRYCONFIG"
#define SECRET_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYRETRYKEY"

/* Config files in the test's private HOME --------------------------------------------------- */

static char *
write_aws_file (const char *name,
                const char *contents)
{
  g_autofree char *dir = g_build_filename (glaux_test_get_home (), ".aws", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  return path;
}

/* A fixed environment: HOME (for ~/.aws) plus the given AWS_* variables, NULL for unset. */
static char **
make_envp (const char *max_attempts,
           const char *retry_mode)
{
  char **envp = g_environ_setenv (NULL, "HOME", glaux_test_get_home (), TRUE);

  if (max_attempts != NULL)
    envp = g_environ_setenv (envp, "AWS_MAX_ATTEMPTS", max_attempts, TRUE);
  if (retry_mode != NULL)
    envp = g_environ_setenv (envp, "AWS_RETRY_MODE", retry_mode, TRUE);

  return envp;
}

static GlauxAwsConfig *
load_config (char **envp)
{
  g_autoptr(GError) error = NULL;
  GlauxAwsConfig *config = glaux_aws_config_load ((const char * const *)envp, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);

  return config;
}

/* Resolution and validation ----------------------------------------------------------------- */

typedef struct
{
  const char     *config_keys;   /* lines added to [profile dev] of ~/.aws/config */
  const char     *credentials_keys; /* lines of [dev] in ~/.aws/credentials, or NULL */
  const char     *env_max_attempts;
  const char     *env_retry_mode;
  GlauxRetryMode  mode;
  guint           max_attempts;  /* 0: the mode's default */
} PrecedenceCase;

/* The environment beats the profile, setting by setting; the credentials file beats the config
 * file, as for every key; an empty variable counts as unset. */
static void
test_precedence (void)
{
  static const PrecedenceCase cases[] = {
    { "", NULL, NULL, NULL, GLAUX_RETRY_MODE_STANDARD, 0 },
    { "max_attempts = 10\n", NULL, NULL, NULL, GLAUX_RETRY_MODE_STANDARD, 10 },
    { "max_attempts = 10\n", NULL, "1", NULL, GLAUX_RETRY_MODE_STANDARD, 1 },
    { "max_attempts = 10\n", NULL, "", NULL, GLAUX_RETRY_MODE_STANDARD, 10 },
    { "retry_mode = legacy\n", NULL, NULL, NULL, GLAUX_RETRY_MODE_LEGACY, 0 },
    { "retry_mode = legacy\n", NULL, NULL, "standard", GLAUX_RETRY_MODE_STANDARD, 0 },
    { "retry_mode = legacy\nmax_attempts = 2\n", NULL, NULL, "adaptive",
      GLAUX_RETRY_MODE_ADAPTIVE, 2 },
    { "retry_mode = adaptive\n", NULL, "7", NULL, GLAUX_RETRY_MODE_ADAPTIVE, 7 },
    { "", NULL, "4", "legacy", GLAUX_RETRY_MODE_LEGACY, 4 },
    { "max_attempts = 4\n", "max_attempts = 6\n", NULL, NULL, GLAUX_RETRY_MODE_STANDARD, 6 },
    /* A bad profile value does not matter when the environment overrides it. */
    { "max_attempts = zero\nretry_mode = fast\n", NULL, "3", "standard",
      GLAUX_RETRY_MODE_STANDARD, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *config_text = g_strconcat ("[profile dev]\nregion = us-east-1\n",
                                                  cases[i].config_keys, NULL);
      g_autofree char *credentials_text = g_strconcat ("[dev]\n", cases[i].credentials_keys,
                                                       NULL);
      g_auto(GStrv) envp = make_envp (cases[i].env_max_attempts, cases[i].env_retry_mode);
      g_autofree char *config_path = write_aws_file ("config", config_text);
      g_autofree char *credentials_path = write_aws_file ("credentials",
                                                          cases[i].credentials_keys != NULL
                                                          ? credentials_text : "");
      g_autoptr(GlauxAwsConfig) config = load_config (envp);
      GlauxAwsProfile *profile = glaux_aws_config_lookup_profile (config, "dev");
      g_autoptr(GError) error = NULL;
      GlauxRetryMode mode = GLAUX_RETRY_MODE_LEGACY;
      guint max_attempts = 99;

      g_test_message ("case %u", i);
      g_assert_nonnull (profile);
      g_assert_true (glaux_aws_profile_resolve_retry (profile, (const char * const *)envp, &mode,
                                                      &max_attempts, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mode, ==, cases[i].mode);
      g_assert_cmpuint (max_attempts, ==, cases[i].max_attempts);
    }
}

typedef struct
{
  const char *config_keys;
  const char *env_max_attempts;
  const char *env_retry_mode;
  const char *expected; /* the whole message; "%s" stands for the config file's path */
} BadCase;

/* Each bad value fails with a message naming where it was set, what was wrong and the fix. */
static void
test_bad_values (void)
{
  static const BadCase cases[] = {
    { "", "0", NULL,
      "AWS_MAX_ATTEMPTS must be a whole number of attempts, 1 or more (the first attempt "
      "included), not '0': correct or remove it" },
    { "", "ten", NULL,
      "AWS_MAX_ATTEMPTS must be a whole number of attempts, 1 or more (the first attempt "
      "included), not 'ten': correct or remove it" },
    { "", "-1", NULL,
      "AWS_MAX_ATTEMPTS must be a whole number of attempts, 1 or more (the first attempt "
      "included), not '-1': correct or remove it" },
    { "", "2.5", NULL,
      "AWS_MAX_ATTEMPTS must be a whole number of attempts, 1 or more (the first attempt "
      "included), not '2.5': correct or remove it" },
    { "", "+3", NULL,
      "AWS_MAX_ATTEMPTS must be a whole number of attempts, 1 or more (the first attempt "
      "included), not '+3': correct or remove it" },
    { "", "99999999999", NULL,
      "AWS_MAX_ATTEMPTS must be a whole number of attempts, 1 or more (the first attempt "
      "included), not '99999999999': correct or remove it" },
    { "max_attempts = 0\n", NULL, NULL,
      "max_attempts in profile 'dev' ([profile dev] in %s line 1) must be a whole number of "
      "attempts, 1 or more (the first attempt included), not '0': correct or remove it" },
    { "max_attempts = three\n", NULL, "legacy",
      "max_attempts in profile 'dev' ([profile dev] in %s line 1) must be a whole number of "
      "attempts, 1 or more (the first attempt included), not 'three': correct or remove it" },
    { "", NULL, "fast",
      "AWS_RETRY_MODE must be 'standard', 'legacy' or 'adaptive', not 'fast': correct or "
      "remove it" },
    { "max_attempts = 2\n", NULL, "Standard",
      "AWS_RETRY_MODE must be 'standard', 'legacy' or 'adaptive', not 'Standard': correct or "
      "remove it" },
    { "retry_mode = smart\n", "2", NULL,
      "retry_mode in profile 'dev' ([profile dev] in %s line 1) must be 'standard', 'legacy' or "
      "'adaptive', not 'smart': correct or remove it" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *config_text = g_strconcat ("[profile dev]\n", cases[i].config_keys,
                                                  "region = us-east-1\n", NULL);
      g_auto(GStrv) envp = make_envp (cases[i].env_max_attempts, cases[i].env_retry_mode);
      g_autofree char *config_path = write_aws_file ("config", config_text);
      g_autofree char *credentials_path = write_aws_file ("credentials", "");
      g_autoptr(GlauxAwsConfig) config = load_config (envp);
      GlauxAwsProfile *profile = glaux_aws_config_lookup_profile (config, "dev");
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) expected = g_string_new (cases[i].expected);
      GlauxRetryMode mode;
      guint max_attempts;

      g_test_message ("case %u", i);
      g_string_replace (expected, "%s", config_path, 1);
      g_assert_false (glaux_aws_profile_resolve_retry (profile, (const char * const *)envp,
                                                       &mode, &max_attempts, &error));
      g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
      g_assert_cmpstr (error->message, ==, expected->str);
    }
}

/* Connections against a server that always answers 503 ---------------------------------------- */

typedef struct
{
  SoupServer *server;
  char       *endpoint;
  guint       requests;
  GArray     *delays;
} Fixture;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;

  fixture->requests++;
  soup_server_message_set_status (message, 503, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  fixture->delays = g_array_new (FALSE, FALSE, sizeof (GTimeSpan));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->endpoint, g_free);
  g_clear_pointer (&fixture->delays, g_array_unref);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* Records the backoff and retries at once, so four attempts do not take seconds. */
static GSource *
recording_sleep (GTimeSpan delay,
                 gpointer  user_data)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->delays, delay);

  return g_timeout_source_new (0);
}

static void
write_flaky_profile (Fixture    *fixture,
                     const char *retry_keys)
{
  g_autofree char *config_text = g_strdup_printf ("[profile flaky]\n"
                                                  "region = us-east-1\n"
                                                  "endpoint_url = %s\n"
                                                  "%s",
                                                  fixture->endpoint, retry_keys);
  g_autofree char *config_path = write_aws_file ("config", config_text);
  g_autofree char *credentials_path = write_aws_file ("credentials",
                                                      "[flaky]\n"
                                                      "aws_access_key_id = " ACCESS_KEY "\n"
                                                      "aws_secret_access_key = " SECRET_KEY "\n");
}

static gboolean
connect_sync (GlauxConnection  *connection,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_connection_connect_async (connection, NULL, store_result_cb, &result);
  glaux_test_wait_until (has_result, &result, 30000);

  return glaux_connection_connect_finish (connection, result, error);
}

static GlauxConnection *
connect_profile (char **envp)
{
  g_autoptr(GlauxAwsConfig) config = load_config (envp);
  GlauxAwsProfile *profile = glaux_aws_config_lookup_profile (config, "flaky");
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (profile);
  connection = glaux_connection_new_for_profile (config, profile, (const char * const *)envp);
  g_assert_true (connect_sync (connection, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&connection);
}

static GlauxAwsJsonClient *
json_client_of (GlauxConnection *connection)
{
  return glaux_athena_client_get_json_client (glaux_connection_get_athena_client (connection));
}

/* Makes one Athena call and one S3 call against the 503 server; returns the requests each made. */
static void
count_attempts (Fixture         *fixture,
                GlauxConnection *connection,
                guint           *athena_requests,
                guint           *s3_requests)
{
  GlauxAwsJsonClient *json_client = json_client_of (connection);
  GlauxS3Client *s3_client = glaux_connection_get_s3_client (connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) s3_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) s3_error = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GlauxS3Object) object = NULL;

  glaux_retry_policy_set_sleep_func (glaux_aws_json_client_get_retry_policy (json_client),
                                     recording_sleep, fixture, NULL);
  glaux_retry_policy_set_sleep_func (glaux_s3_client_get_retry_policy (s3_client),
                                     recording_sleep, fixture, NULL);

  fixture->requests = 0;
  glaux_aws_json_client_call_async (json_client, "ListWorkGroups", NULL, NULL, store_result_cb,
                                    &result);
  glaux_test_wait_until (has_result, &result, 30000);
  response = glaux_aws_json_client_call_finish (json_client, result, &error);
  g_assert_null (response);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpuint (glaux_aws_error_get_http_status (error), ==, 503);
  *athena_requests = fixture->requests;

  fixture->requests = 0;
  glaux_s3_client_head_object_async (s3_client, "bucket", "key", NULL, store_result_cb,
                                     &s3_result);
  glaux_test_wait_until (has_result, &s3_result, 30000);
  object = glaux_s3_client_head_object_finish (s3_client, s3_result, &s3_error);
  g_assert_null (object);
  g_assert_error (s3_error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpuint (glaux_aws_error_get_http_status (s3_error), ==, 503);
  *s3_requests = fixture->requests;
}

typedef struct
{
  const char     *retry_keys;       /* in [profile flaky] */
  const char     *env_max_attempts;
  const char     *env_retry_mode;
  GlauxRetryMode  mode;
  guint           attempts;
} AttemptCase;

/* The profile's (or the environment's) settings reach both clients of a connection, and the
 * server sees exactly that many attempts per call. */
static void
test_connection_attempts (Fixture       *fixture,
                          gconstpointer  data)
{
  static const AttemptCase cases[] = {
    { "max_attempts = 1\n", NULL, NULL, GLAUX_RETRY_MODE_STANDARD, 1 },
    { "max_attempts = 4\n", NULL, NULL, GLAUX_RETRY_MODE_STANDARD, 4 },
    { "", NULL, NULL, GLAUX_RETRY_MODE_STANDARD, 3 },
    { "retry_mode = legacy\n", NULL, NULL, GLAUX_RETRY_MODE_LEGACY, 5 },
    { "max_attempts = 4\n", "2", NULL, GLAUX_RETRY_MODE_STANDARD, 2 },
    { "retry_mode = legacy\nmax_attempts = 1\n", NULL, "adaptive", GLAUX_RETRY_MODE_ADAPTIVE, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) envp = make_envp (cases[i].env_max_attempts, cases[i].env_retry_mode);
      g_autoptr(GlauxConnection) connection = NULL;
      GlauxRetryPolicy *athena_policy;
      GlauxRetryPolicy *s3_policy;
      guint athena_requests = 0;
      guint s3_requests = 0;

      g_test_message ("case %u", i);
      write_flaky_profile (fixture, cases[i].retry_keys);
      connection = connect_profile (envp);
      athena_policy = glaux_aws_json_client_get_retry_policy (json_client_of (connection));
      s3_policy = glaux_s3_client_get_retry_policy (glaux_connection_get_s3_client (connection));
      g_assert_cmpint (glaux_retry_policy_get_mode (athena_policy), ==, cases[i].mode);
      g_assert_cmpint (glaux_retry_policy_get_mode (s3_policy), ==, cases[i].mode);
      g_assert_cmpuint (glaux_retry_policy_get_max_attempts (athena_policy), ==,
                        cases[i].attempts);
      g_assert_cmpuint (glaux_retry_policy_get_max_attempts (s3_policy), ==, cases[i].attempts);

      g_array_set_size (fixture->delays, 0);
      count_attempts (fixture, connection, &athena_requests, &s3_requests);
      g_assert_cmpuint (athena_requests, ==, cases[i].attempts);
      g_assert_cmpuint (s3_requests, ==, cases[i].attempts);
      g_assert_cmpuint (fixture->delays->len, ==, 2 * (cases[i].attempts - 1));
    }
}

/* A bad value makes connecting fail with the message, before any request is sent; fixing the
 * profile (a changed setting disconnects) lets it connect. */
static void
test_connection_bad_value (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) envp = make_envp (NULL, NULL);
  g_autoptr(GlauxAwsConfig) config = NULL;
  g_autoptr(GlauxAwsConfig) fixed_config = NULL;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  write_flaky_profile (fixture, "max_attempts = 0\n");
  config = load_config (envp);
  connection = glaux_connection_new_for_profile (config,
                                                 glaux_aws_config_lookup_profile (config, "flaky"),
                                                 (const char * const *)envp);
  g_assert_false (connect_sync (connection, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_true (g_str_has_prefix (error->message, "max_attempts in profile 'flaky' ("));
  g_assert_nonnull (strstr (error->message, "not '0': correct or remove it"));
  g_assert_cmpint (glaux_connection_get_status (connection), ==, GLAUX_CONNECTION_STATUS_FAILED);
  g_assert_cmpstr (glaux_connection_get_error (connection)->message, ==, error->message);
  g_assert_cmpuint (fixture->requests, ==, 0);

  g_clear_error (&error);
  write_flaky_profile (fixture, "max_attempts = 2\n");
  fixed_config = load_config (envp);
  glaux_connection_update_profile (connection, fixed_config,
                                   glaux_aws_config_lookup_profile (fixed_config, "flaky"));
  g_assert_true (connect_sync (connection, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (glaux_retry_policy_get_max_attempts (
                      glaux_aws_json_client_get_retry_policy (json_client_of (connection))),
                    ==, 2);

  /* A later change of the setting alone disconnects, so the next connect applies it. */
  g_clear_object (&config);
  write_flaky_profile (fixture, "max_attempts = 6\n");
  config = load_config (envp);
  glaux_connection_update_profile (connection, config,
                                   glaux_aws_config_lookup_profile (config, "flaky"));
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_true (connect_sync (connection, &error));
  g_assert_cmpuint (glaux_retry_policy_get_max_attempts (
                      glaux_aws_json_client_get_retry_policy (json_client_of (connection))),
                    ==, 6);
}

/* Named so that build-aux/lsan.supp covers GLib 2.74's leak in libsecret's file backend. */
static void
keyring_store (const char *connection_id,
               const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_keyring_store_async (connection_id, GLAUX_KEYRING_SECRET_ACCESS_KEY, secret, NULL,
                             store_result_cb, &result);
  glaux_test_wait_until (has_result, &result, 30000);
  g_assert_true (glaux_keyring_store_finish (result, &error));
  g_assert_no_error (error);
}

/* Keys typed into Glaux have no profile: AWS_MAX_ATTEMPTS / AWS_RETRY_MODE do not apply. */
static void
test_connection_keys_defaults (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint athena_requests = 0;
  guint s3_requests = 0;

  keyring_store ("keys:retry", SECRET_KEY);

  g_setenv ("AWS_MAX_ATTEMPTS", "7", TRUE);
  g_setenv ("AWS_RETRY_MODE", "legacy", TRUE);
  connection = glaux_connection_new_for_keys ("keys:retry", "Retry", "us-east-1", ACCESS_KEY,
                                              fixture->endpoint, FALSE);
  g_assert_true (connect_sync (connection, &error));
  g_assert_no_error (error);
  count_attempts (fixture, connection, &athena_requests, &s3_requests);
  g_unsetenv ("AWS_MAX_ATTEMPTS");
  g_unsetenv ("AWS_RETRY_MODE");

  g_assert_cmpint (glaux_retry_policy_get_mode (
                     glaux_aws_json_client_get_retry_policy (json_client_of (connection))),
                   ==, GLAUX_RETRY_MODE_STANDARD);
  g_assert_cmpuint (athena_requests, ==, GLAUX_RETRY_DEFAULT_MAX_ATTEMPTS);
  g_assert_cmpuint (s3_requests, ==, GLAUX_RETRY_DEFAULT_MAX_ATTEMPTS);
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/aws/RetryConfig/precedence", test_precedence);
  g_test_add_func ("/glaux/aws/RetryConfig/bad-values", test_bad_values);
  ADD_FIXTURE_TEST ("/glaux/aws/RetryConfig/connection-attempts", test_connection_attempts);
  ADD_FIXTURE_TEST ("/glaux/aws/RetryConfig/connection-bad-value", test_connection_bad_value);
  ADD_FIXTURE_TEST ("/glaux/aws/RetryConfig/connection-keys-defaults",
                    test_connection_keys_defaults);

  return g_test_run ();
}
