/* glaux-test-local.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "glaux-aws-credentials.h"
#include "glaux-sigv4.h"
#include "glaux-test-local.h"

/* A test that aborts must not leave its server running (and holding the test's pipes). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the glaux-local named by $GLAUX_LOCAL with --port 0 on @data_dir (a fresh temporary
 * folder when NULL) and reads its readiness line. */
GlauxTestLocal *
glaux_test_local_start (const char *data_dir,
                        double      time_scale)
{
  const char *binary = g_getenv ("GLAUX_LOCAL");
  g_autoptr(GlauxTestLocal) local = g_new0 (GlauxTestLocal, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *line = NULL;
  char scale_text[G_ASCII_DTOSTR_BUF_SIZE];
  JsonObject *ready;

  g_assert_nonnull (binary);
  local->data_dir = data_dir != NULL ? g_strdup (data_dir)
                                     : g_dir_make_tmp ("glaux-local-test-XXXXXX", &error);
  g_assert_no_error (error);

  scale = g_strdup (g_ascii_dtostr (scale_text, sizeof scale_text, time_scale));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  local->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--port", "0",
                                                "--data-dir", local->data_dir,
                                                "--time-scale", scale, NULL);
  g_assert_no_error (error);
  local->pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (local->process), NULL, 10);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (local->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  ready = json_node_get_object (json_parser_get_root (parser));
  local->endpoint = g_strdup (json_object_get_string_member (ready, "endpoint"));
  local->region = g_strdup (json_object_get_string_member (ready, "region"));
  local->access_key_id = g_strdup (json_object_get_string_member (ready, "access_key_id"));
  local->secret_access_key = g_strdup (json_object_get_string_member (ready, "secret_access_key"));
  g_assert_cmpint (json_object_get_int_member (ready, "pid"), ==, local->pid);
  g_assert_cmpstr (json_object_get_string_member (ready, "data_dir"), ==, local->data_dir);
  g_assert_true (g_str_has_prefix (local->endpoint, "http://127.0.0.1:"));
  g_assert_cmpint (strlen (local->access_key_id), ==, 20);
  g_assert_cmpint (strlen (local->secret_access_key), ==, 40);

  local->session = soup_session_new ();

  return g_steal_pointer (&local);
}

/* SIGTERM, then waits; returns the exit status. */
int
glaux_test_local_stop (GlauxTestLocal *local)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (local->process, SIGTERM);
  g_subprocess_wait (local->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (local->process));

  return g_subprocess_get_exit_status (local->process);
}

void
glaux_test_local_kill (GlauxTestLocal *local)
{
  g_subprocess_force_exit (local->process);
  g_subprocess_wait (local->process, NULL, NULL);
}

void
glaux_test_local_free (GlauxTestLocal *local)
{
  if (local == NULL)
    return;

  if (local->process != NULL && g_subprocess_get_identifier (local->process) != NULL)
    glaux_test_local_kill (local);
  g_clear_object (&local->process);
  g_clear_object (&local->session);
  g_free (local->endpoint);
  g_free (local->region);
  g_free (local->access_key_id);
  g_free (local->secret_access_key);
  g_free (local->data_dir);
  g_free (local);
}

SoupMessage *
glaux_test_local_message (GlauxTestLocal *local,
                          const char     *method,
                          const char     *path_and_query)
{
  g_autofree char *url = g_strconcat (local->endpoint, path_and_query, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  g_assert_nonnull (uri);

  return soup_message_new_from_uri (method, uri);
}

/* Signs @message for @service (S3 rules when it is "s3"), sends it and reads the body. */
GBytes *
glaux_test_local_send (GlauxTestLocal *local,
                       SoupMessage    *message,
                       GBytes         *body,
                       const char     *service,
                       guint          *status)
{
  g_autoptr(GlauxAwsCredentials) credentials =
    glaux_aws_credentials_new (local->access_key_id, local->secret_access_key, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *response;

  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, NULL, body);
  glaux_sigv4_sign_message (message, body, credentials, local->region, service,
                            g_str_equal (service, "s3") ? GLAUX_SIGV4_S3 : GLAUX_SIGV4_DEFAULT,
                            NULL, &error);
  g_assert_no_error (error);

  response = soup_session_send_and_read (local->session, message, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (message);

  return response;
}

/* An Athena call; returns the parsed response object (also for errors). */
JsonObject *
glaux_test_local_call (GlauxTestLocal *local,
                       const char     *operation,
                       const char     *json_body,
                       guint          *status)
{
  g_autoptr(SoupMessage) message = glaux_test_local_message (local, "POST", "/");
  g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_strconcat ("AmazonAthena.", operation, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "X-Amz-Target", target);
  soup_message_headers_replace (headers, "Content-Type", "application/x-amz-json-1.1");
  response = glaux_test_local_send (local, message, body, "athena", status);
  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (message), NULL), ==,
                   "application/x-amz-json-1.1");
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                  "x-amzn-RequestId"));

  json_parser_load_from_data (parser, g_bytes_get_data (response, NULL),
                              g_bytes_get_size (response), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

JsonObject *
glaux_test_local_call_ok (GlauxTestLocal *local,
                          const char     *operation,
                          const char     *json_body)
{
  guint status = 0;
  JsonObject *response = glaux_test_local_call (local, operation, json_body, &status);

  if (status != 200)
    g_error ("%s failed with %u: %s: %s", operation, status,
             json_object_get_string_member_with_default (response, "__type", "?"),
             json_object_get_string_member_with_default (response, "Message", "?"));

  return response;
}

void
glaux_test_local_assert_error (GlauxTestLocal *local,
                               const char     *operation,
                               const char     *json_body,
                               const char     *error_type,
                               const char     *message_part)
{
  guint status = 0;
  g_autoptr(JsonObject) response = glaux_test_local_call (local, operation, json_body, &status);
  const char *message = json_object_get_string_member_with_default (response, "Message", "");

  g_assert_cmpuint (status, >=, 400);
  g_assert_cmpstr (json_object_get_string_member_with_default (response, "__type", ""), ==,
                   error_type);
  if (message_part != NULL && strstr (message, message_part) == NULL)
    g_error ("%s: message '%s' lacks '%s'", operation, message, message_part);
}

GBytes *
glaux_test_local_s3 (GlauxTestLocal *local,
                     const char     *method,
                     const char     *path_and_query,
                     GBytes         *body,
                     guint          *status)
{
  g_autoptr(SoupMessage) message = glaux_test_local_message (local, method, path_and_query);

  return glaux_test_local_send (local, message, body, "s3", status);
}

static gboolean
state_in (const char         *state,
          const char * const *states)
{
  return state != NULL && g_strv_contains (states, state);
}

/* Polls @operation (GetSessionStatus, GetCalculationExecutionStatus) until Status.State is one
 * of @states; returns it. Fails the test after @timeout_ms. */
char *
glaux_test_local_wait_state (GlauxTestLocal     *local,
                             const char         *operation,
                             const char         *id_member,
                             const char         *id,
                             const char * const *states,
                             guint               timeout_ms)
{
  g_autofree char *body = g_strdup_printf ("{\"%s\":\"%s\"}", id_member, id);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      g_autoptr(JsonObject) response = glaux_test_local_call_ok (local, operation, body);
      JsonObject *status = json_object_get_object_member (response, "Status");
      const char *state = json_object_get_string_member (status, "State");

      if (state_in (state, states))
        return g_strdup (state);
      if (g_get_monotonic_time () > deadline)
        g_error ("%s %s stayed %s for %u ms", operation, id, state, timeout_ms);
      g_usleep (5000);
    }
}
