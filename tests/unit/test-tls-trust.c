/* test-tls-trust.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-aws-error.h"
#include "glaux-connection-list.h"
#include "glaux-http.h"
#include "glaux-static-credentials-provider.h"
#include "glaux-test-util.h"

/* A certificate AWS endpoints would not present is fatal: an HTTPS Athena endpoint on loopback
 * with a self-signed certificate (made here with openssl) fails every call with a clear
 * "not trusted" error before any request reaches it, through the app's own path (a connection
 * with typed keys). Trusting it takes AWS_CA_BUNDLE; nothing in Glaux turns the check off. */

#define SCHEMA_ID "io.github.glaux.Glaux"

typedef struct
{
  SoupServer *server;
  char       *endpoint;
  char       *cert_path;
  guint       requests;
} Endpoint;

/* Writes a key and a self-signed certificate for @subject_alt_name with Debian's openssl. */
static char *
make_certificate (const char *name,
                  const char *subject_alt_name,
                  char      **cert_path)
{
  g_autofree char *key_path = g_strdup_printf ("%s/%s-key.pem", glaux_test_get_home (), name);
  g_autofree char *san = g_strconcat ("subjectAltName=", subject_alt_name, NULL);
  g_autofree char *key = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-subj", "/CN=glaux-test", "-addext", san, "-keyout", key_path, "-out", NULL, NULL
  };

  *cert_path = g_strdup_printf ("%s/%s-cert.pem", glaux_test_get_home (), name);
  argv[15] = *cert_path;
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("openssl is needed (Debian package openssl, in glaux-dev's TEST_PACKAGES): %s",
             error->message);
  g_spawn_check_wait_status (status, &error);
  if (error != NULL)
    g_error ("openssl req failed: %s", err);

  g_assert_true (g_file_get_contents (*cert_path, &cert, NULL, NULL));
  g_assert_true (g_file_get_contents (key_path, &key, NULL, NULL));

  return g_strconcat (cert, key, NULL);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Endpoint *endpoint = user_data;
  static const char body[] = "{\"WorkGroups\":[{\"Name\":\"over-tls\",\"State\":\"ENABLED\"}]}";

  endpoint->requests++;
  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "x-amzn-RequestId", "tls-test");
  soup_server_message_set_response (message, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static Endpoint *
endpoint_start (const char *name,
                const char *subject_alt_name)
{
  Endpoint *endpoint = g_new0 (Endpoint, 1);
  g_autofree char *pem = make_certificate (name, subject_alt_name, &endpoint->cert_path);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);
  endpoint->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (endpoint->server, NULL, server_cb, endpoint, NULL);
  soup_server_listen_local (endpoint->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (endpoint->server);
  endpoint->endpoint = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));

  return endpoint;
}

static void
endpoint_free (Endpoint *endpoint)
{
  soup_server_disconnect (endpoint->server);
  g_object_unref (endpoint->server);
  g_free (endpoint->endpoint);
  g_free (endpoint->cert_path);
  g_free (endpoint);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Endpoint, endpoint_free)

static GPtrArray *
list_work_groups (GlauxAthenaClient  *client,
                  GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_athena_client_list_work_groups_async (client, 0, NULL, glaux_test_store_result_cb, &result);
  return glaux_athena_client_list_work_groups_finish (client,
                                                      glaux_test_wait_result (&result, 30000),
                                                      error);
}

static void
assert_untrusted (const GError *error,
                  const char   *reason)
{
  g_test_message ("%s", error->message);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "TLS certificate of 127.0.0.1 is not trusted"));
  g_assert_nonnull (strstr (error->message, "request was not sent"));
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_nonnull (strstr (error->message, "AWS_CA_BUNDLE"));
}

/* The app's path: a connection with typed keys whose endpoint is the HTTPS server. */
static void
test_tls_untrusted_connection (void)
{
  g_autoptr(Endpoint) endpoint = endpoint_start ("self-signed", "IP:127.0.0.1");
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local", NULL);
  g_autoptr(GlauxConnectionList) list = glaux_connection_list_new (settings, NULL, data_dir,
                                                                   NULL);
  g_auto(GlauxConnectionKeys) keys = { 0 };
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GError) error = NULL;

  keys.name = g_strdup ("TLS test");
  keys.region = g_strdup ("us-east-1");
  keys.access_key_id = g_strdup ("AKIAIOSFODNN7EXAMPLE");
  keys.secret_access_key = g_strdup ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  keys.endpoint_url = g_strdup (endpoint->endpoint);
  glaux_connection_list_save_keys_async (list, &keys, NULL, glaux_test_store_result_cb, &saved);
  glaux_test_wait_result (&saved, 30000);
  connection = glaux_connection_list_save_keys_finish (list, saved, &error);
  g_assert_no_error (error);

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &connected);
  glaux_test_wait_result (&connected, 30000);
  g_assert_true (glaux_connection_connect_finish (connection, connected, &error));
  g_assert_no_error (error);

  /* Twice: a refused certificate is never retried into acceptance, nor remembered as good. */
  for (guint i = 0; i < 2; i++)
    {
      workgroups = list_work_groups (glaux_connection_get_athena_client (connection), &error);
      g_assert_null (workgroups);
      assert_untrusted (error, "unknown certificate authority");
      g_clear_error (&error);
    }
  g_assert_cmpuint (endpoint->requests, ==, 0);

  glaux_connection_list_shutdown (list);
}

static GlauxAthenaClient *
new_client (SoupSession *session,
            const char  *url)
{
  g_autoptr(GlauxAwsCredentials) credentials =
    glaux_aws_credentials_new ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                               NULL, NULL);
  g_autoptr(GlauxStaticCredentialsProvider) provider =
    glaux_static_credentials_provider_new (credentials);

  return glaux_athena_client_new (session, url, "us-east-1", GLAUX_CREDENTIALS_PROVIDER (provider));
}

/* AWS_CA_BUNDLE is the one way to trust a private certificate; it does not make a certificate
 * for another name acceptable. */
static void
test_tls_ca_bundle (void)
{
  g_autoptr(Endpoint) endpoint = endpoint_start ("bundle", "IP:127.0.0.1");
  g_autoptr(Endpoint) other = endpoint_start ("other-name", "DNS:other.example");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GlauxAthenaClient) client = NULL;
  g_autoptr(GlauxAthenaClient) other_client = NULL;
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle_path = g_build_filename (glaux_test_get_home (), "bundle.pem", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *bundle = NULL;

  g_assert_true (g_file_get_contents (endpoint->cert_path, &first, NULL, NULL));
  g_assert_true (g_file_get_contents (other->cert_path, &second, NULL, NULL));
  bundle = g_strconcat (first, second, NULL);
  g_assert_true (g_file_set_contents (bundle_path, bundle, -1, NULL));

  g_setenv ("AWS_CA_BUNDLE", bundle_path, TRUE);
  session = glaux_http_session_new (NULL, &error);
  g_unsetenv ("AWS_CA_BUNDLE");
  g_assert_no_error (error);

  client = new_client (session, endpoint->endpoint);
  workgroups = list_work_groups (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (workgroups->len, ==, 1);
  g_assert_cmpuint (endpoint->requests, ==, 1);

  other_client = new_client (session, other->endpoint);
  g_assert_null (list_work_groups (other_client, &error));
  assert_untrusted (error, "does not match the host name");
  g_assert_cmpuint (other->requests, ==, 0);
  soup_session_abort (session);

  /* A bundle that cannot be read is an error, not a fallback to trusting anything. */
  g_clear_error (&error);
  g_setenv ("AWS_CA_BUNDLE", "/nonexistent/ca.pem", TRUE);
  g_assert_null (glaux_http_session_new (NULL, &error));
  g_unsetenv ("AWS_CA_BUNDLE");
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
}

static void
scan_sources (const char *dir,
              GPtrArray  *offences)
{
  static const char * const forbidden[] = {
    "accept-certificate", "accept_certificate", "ssl-strict", "ssl_strict",
    "tls-database\", NULL", "set_tls_database (session, NULL)", "set_tls_database (self->session, NULL)",
    "G_TLS_CERTIFICATE_NO_FLAGS", "validation-flags", "set_validation_flags",
    "no-verify-ssl", "verify_ssl", "verify-ssl", "GLAUX_INSECURE", "INSECURE_SKIP",
  };
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_sources (path, offences);
          continue;
        }
      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h")
          && !g_str_has_suffix (name, ".py") && !g_str_has_suffix (name, ".ui")
          && !g_str_has_suffix (name, ".xml"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
        if (strstr (text, forbidden[i]) != NULL)
          g_ptr_array_add (offences, g_strdup_printf ("%s: %s", path, forbidden[i]));
    }
}

/* No code path, option or variable turns certificate checks off. */
static void
test_tls_no_override (void)
{
  g_autofree char *src = g_build_filename (g_getenv ("GLAUX_SOURCE_DIR"), "src", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("GLAUX_SOURCE_DIR"), "data", NULL);
  g_autoptr(GPtrArray) offences = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (g_getenv ("GLAUX_SOURCE_DIR"));
  scan_sources (src, offences);
  scan_sources (data, offences);
  for (guint i = 0; i < offences->len; i++)
    g_test_message ("certificate check override: %s", (char *)offences->pdata[i]);
  g_assert_cmpuint (offences->len, ==, 0);

  /* The sessions Glaux builds keep GIO's default: the system (or AWS_CA_BUNDLE) database. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SoupSession) session = glaux_http_session_new (NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (soup_session_get_tls_database (session));
  }
}

/* LeakSanitizer's tracer crashes (SIGSEGV while stopping threads) once glib-networking's TLS
 * backend has run in the process (see test-aws-json-client), so the TLS cases run in a child
 * without leak checking; without ASan the child behaves the same. */
static void
run_in_child (gconstpointer data)
{
  GTestFunc test = (GTestFunc)data;

  if (g_test_subprocess ())
    {
      test ();
      return;
    }

  g_setenv ("ASAN_OPTIONS", "detect_leaks=0", TRUE);
  g_test_trap_subprocess (NULL, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  glaux_test_init (&argc, &argv);

  g_test_add_data_func ("/tls-trust/untrusted-connection", test_tls_untrusted_connection,
                        run_in_child);
  g_test_add_data_func ("/tls-trust/ca-bundle", test_tls_ca_bundle, run_in_child);
  g_test_add_func ("/tls-trust/no-override", test_tls_no_override);

  return g_test_run ();
}
