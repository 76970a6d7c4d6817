/* test-secrets.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-aws-error.h"
#include "glaux-connection-list.h"
#include "glaux-draft-store.h"
#include "glaux-history-store.h"
#include "glaux-keyring.h"
#include "glaux-s3-client.h"
#include "glaux-test-util.h"

/* Typed keys live only in the keyring. A connection with keys whose secret and session token
 * are fresh random strings is saved, connected and used (Athena and S3 calls, a call that
 * fails because the secret is wrong) with every debug message written to a file; a child
 * process uses the same keys and aborts. Then every file Glaux wrote (the GSettings keyfile,
 * history.db, the drafts), the captured logs and the crash output are searched for the
 * secret, the token and any signed header: none may be there. */

#define SCHEMA_ID "io.github.glaux.Glaux"

static FILE *log_file;

/* Every message, debug included, goes to the log file (and the usual output). */
static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (log_file != NULL)
    {
      g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);

      fprintf (log_file, "%s\n", line);
      fflush (log_file);
    }

  /* Debug and info only go to the file: on stdout they would break the TAP stream. */
  if (log_file != NULL && (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static char *
random_text (const char *alphabet,
             guint       length)
{
  GString *out = g_string_sized_new (length);

  for (guint i = 0; i < length; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, (gint32)strlen (alphabet))]);

  return g_string_free (out, FALSE);
}

/* glaux-local ------------------------------------------------------------------------------ */

typedef struct
{
  GSubprocess *process;
  char        *endpoint;
  char        *region;
} Local;

static Local *
local_start (const char *access_key_id,
             const char *secret,
             const char *token,
             const char *stderr_path)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local-data", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Local *local = g_new0 (Local, 1);
  JsonObject *ready;

  /* glaux-local's own messages are searched too. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  local->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GLAUX_LOCAL"),
                                                "--port", "0", "--data-dir", data_dir,
                                                "--time-scale", "20",
                                                "--access-key-id", access_key_id,
                                                "--secret-access-key", secret,
                                                "--session-token", token, NULL);
  g_assert_no_error (error);

  /* The ready line holds the secret by design (it is how a parent learns its keys): it is read
   * from the pipe here and never stored. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (local->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  ready = json_node_get_object (json_parser_get_root (parser));
  local->endpoint = g_strdup (json_object_get_string_member (ready, "endpoint"));
  local->region = g_strdup (json_object_get_string_member (ready, "region"));

  return local;
}

static void
local_free (Local *local)
{
  g_subprocess_send_signal (local->process, SIGTERM);
  g_subprocess_wait (local->process, NULL, NULL);
  g_object_unref (local->process);
  g_free (local->endpoint);
  g_free (local->region);
  g_free (local);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Local, local_free)

/* Calls ----------------------------------------------------------------------------------- */

static GlauxConnection *
save_keys_and_wait (GlauxConnectionList       *list,
                    const GlauxConnectionKeys *keys)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxConnection *connection;

  glaux_connection_list_save_keys_async (list, keys, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  connection = glaux_connection_list_save_keys_finish (list, result, &error);
  g_assert_no_error (error);

  /* libsecret's file backend finishes writing the keyring after the call returns; let that
   * happen here, where build-aux/lsan.supp expects GLib's leak of its etag. */
  for (gint64 end = g_get_monotonic_time () + 300000; g_get_monotonic_time () < end;)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }

  return connection;
}

static void
connect_sync (GlauxConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_connection_connect_finish (connection, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_work_groups (GlauxConnection  *connection,
                  GError          **error)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection);
  g_autoptr(GAsyncResult) result = NULL;

  glaux_athena_client_list_work_groups_async (client, 0, NULL, glaux_test_store_result_cb, &result);
  return glaux_athena_client_list_work_groups_finish (client,
                                                      glaux_test_wait_result (&result, 60000),
                                                      error);
}

static GlauxSession *
start_session (GlauxConnection *connection)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection);
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("primary");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxSession *session;

  params->max_concurrent_dpus = 4;
  glaux_athena_client_start_session_async (client, params, NULL, glaux_test_store_result_cb,
                                           &result);
  glaux_test_wait_result (&result, 60000);
  session = glaux_athena_client_start_session_finish (client, result, &error);
  g_assert_no_error (error);

  return session;
}

static void
terminate_session (GlauxConnection *connection,
                   GlauxSession    *session)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_athena_client_terminate_session_async (client, glaux_session_get_id (session), session,
                                               NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_terminate_session_finish (client, result, NULL, &error));
  g_assert_no_error (error);
}

static void
list_objects (GlauxConnection *connection)
{
  GlauxS3Client *client = glaux_connection_get_s3_client (connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxS3ListResult *listing;

  glaux_s3_client_list_objects_v2_async (client, "glaux-local-results", "", NULL, NULL, 100,
                                         NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  listing = glaux_s3_client_list_objects_v2_finish (client, result, &error);
  g_assert_no_error (error);
  glaux_s3_list_result_free (listing);
}

/* The crash child ------------------------------------------------------------------------- */

/* Runs in a child process with the parent's HOME (and keyring, and settings): connects the
 * saved connection, makes a signed call, then aborts the way a crash would. */
static int
crash_child (const char *connection_id)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *data_dir = g_build_filename (g_get_home_dir (), "child-local", NULL);
  g_autoptr(GlauxConnectionList) list = glaux_connection_list_new (settings, NULL, data_dir,
                                                                   NULL);
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GError) error = NULL;
  GlauxConnection *connection = glaux_connection_list_lookup (list, connection_id);

  if (connection == NULL)
    {
      g_printerr ("crash child: no connection %s\n", connection_id);
      return 3;
    }
  connect_sync (connection);
  workgroups = list_work_groups (connection, &error);
  if (workgroups == NULL)
    {
      g_printerr ("crash child: the call failed: %s\n", error->message);
      return 4;
    }
  g_printerr ("crash child: signed call done, %u workgroups; aborting now\n", workgroups->len);
  g_debug ("about to abort with the keys loaded");
  abort ();
}

static char *
run_crash_child (const char *connection_id)
{
  g_autofree char *stderr_path = g_build_filename (glaux_test_get_home (), "crash-stderr.txt",
                                                   NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  /* The real path: under valgrind, exec of /proc/self/exe would start valgrind itself. */
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (self);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  g_subprocess_launcher_set_stdout_file_path (launcher, stderr_path);
  child = g_subprocess_launcher_spawn (launcher, &error, self, "--crash-child",
                                       connection_id, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGABRT);

  g_assert_true (g_file_get_contents (stderr_path, &output, NULL, NULL));
  g_assert_nonnull (strstr (output, "crash child: signed call done"));

  return g_steal_pointer (&stderr_path);
}

/* Searching ------------------------------------------------------------------------------- */

typedef struct
{
  const char * const *needles;
  GPtrArray          *found;
  guint               files;
} Search;

static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static void
search_file (Search     *search,
             const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return;
  search->files++;
  for (guint i = 0; search->needles[i] != NULL; i++)
    if (contains (data, length, search->needles[i]))
      g_ptr_array_add (search->found, g_strdup_printf ("%s holds '%.12s…'", path,
                                                       search->needles[i]));
}

/* Every file under @dir except the keyring (which must hold the secret, encrypted). */
static void
search_tree (Search     *search,
             const char *dir,
             const char *keyring_dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (g_strcmp0 (path, keyring_dir) != 0)
            search_tree (search, path, keyring_dir);
          continue;
        }
      search_file (search, path);
    }
}

static void
flush_history (GlauxHistoryStore *history)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_history_store_flush_async (history, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
}

static void
test_secrets_nowhere (void)
{
  g_autofree char *secret = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                                         40);
  g_autofree char *wrong_secret =
    random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  g_autofree char *token_tail = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 300);
  g_autofree char *token = g_strconcat ("IQoJb3JpZ2luX2Vj", token_tail, NULL);
  g_autofree char *key_tail = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  g_autofree char *access_key_id = g_strconcat ("ASIA", key_tail, NULL);
  g_autofree char *local_stderr = g_build_filename (glaux_test_get_home (), "local-stderr.txt",
                                                    NULL);
  g_autofree char *keyring_dir = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings",
                                               "keyfile", NULL);
  g_autofree char *history_path = g_build_filename (g_get_user_data_dir (), "glaux",
                                                    "history.db", NULL);
  g_autofree char *drafts_dir = g_build_filename (g_get_user_data_dir (), "glaux", "drafts", NULL);
  g_autofree char *list_dir = g_build_filename (glaux_test_get_home (), "list-local", NULL);
  g_autofree char *crash_output = NULL;
  g_autofree char *id = NULL;
  g_autofree char *settings_text = NULL;
  g_autoptr(Local) local = local_start (access_key_id, secret, token, local_stderr);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GlauxConnectionList) list = glaux_connection_list_new (settings, NULL, list_dir, NULL);
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GlauxConnection) edited = NULL;
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GlauxHistoryStore) history = NULL;
  g_autoptr(GlauxDraftStore) drafts = NULL;
  g_autoptr(GlauxDraft) draft = NULL;
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GlauxConnectionKeys) keys = { 0 };
  g_auto(GlauxConnectionKeys) wrong = { 0 };
  const char *needles[] = {
    secret, token, wrong_secret, "Authorization:", "authorization:", "Signature=",
    "AWS4-HMAC-SHA256 Credential", "X-Amz-Security-Token:", "x-amz-security-token:", NULL
  };
  Search search = { needles, g_ptr_array_new_with_free_func (g_free), 0 };

  /* The app's stores, where the app puts them. */
  glaux_history_store_new_async (history_path, 90, NULL, glaux_test_store_result_cb, &opened);
  history = glaux_history_store_new_finish (glaux_test_wait_result (&opened, 60000), &error);
  g_assert_no_error (error);
  drafts = glaux_draft_store_new (drafts_dir);

  /* Typed keys, a session token included. */
  keys.name = g_strdup ("Secrets test");
  keys.region = g_strdup (local->region);
  keys.access_key_id = g_strdup (access_key_id);
  keys.secret_access_key = g_strdup (secret);
  keys.session_token = g_strdup (token);
  keys.endpoint_url = g_strdup (local->endpoint);
  connection = save_keys_and_wait (list, &keys);
  id = g_strdup (glaux_connection_get_id (connection));
  keys.id = g_strdup (id);
  g_assert_true (glaux_connection_get_has_session_token (connection));

  /* Used: Athena and S3 calls, the history and a draft written. */
  connect_sync (connection);
  workgroups = list_work_groups (connection, &error);
  g_assert_no_error (error);
  session = start_session (connection);
  glaux_history_store_record_session (history, id, local->region, "primary", session);
  list_objects (connection);
  terminate_session (connection, session);
  glaux_history_store_record_session (history, id, local->region, "primary", session);
  draft = glaux_draft_new ("Untitled", "python", "df = spark.range(10)\ndf.show()\n");
  glaux_draft_store_save (drafts, id, draft);

  /* A wrong secret: the call fails, its error names neither secret. */
  wrong.id = g_strdup (id);
  wrong.name = g_strdup ("Secrets test");
  wrong.region = g_strdup (local->region);
  wrong.access_key_id = g_strdup (access_key_id);
  wrong.secret_access_key = g_strdup (wrong_secret);
  wrong.session_token = g_strdup (token);
  wrong.endpoint_url = g_strdup (local->endpoint);
  edited = save_keys_and_wait (list, &wrong);
  g_assert_true (edited == connection);
  connect_sync (connection);
  g_clear_pointer (&workgroups, g_ptr_array_unref);
  workgroups = list_work_groups (connection, &error);
  g_assert_null (workgroups);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_debug ("wrong secret: %s", error->message);
  for (guint i = 0; needles[i] != NULL; i++)
    g_assert_null (strstr (error->message, needles[i]));
  g_clear_error (&error);

  /* Back to the right secret for the crash child. */
  g_clear_object (&edited);
  edited = save_keys_and_wait (list, &keys);
  connect_sync (connection);
  workgroups = list_work_groups (connection, &error);
  g_assert_no_error (error);

  flush_history (history);
  glaux_draft_store_flush (drafts);
  g_settings_sync ();
  crash_output = run_crash_child (id);
  glaux_connection_list_shutdown (list);
  g_clear_object (&history);
  g_clear_object (&drafts);

  /* The stores exist and hold what they should (so the search reads real files). */
  g_assert_true (g_file_get_contents (keyfile, &settings_text, NULL, NULL));
  g_assert_nonnull (strstr (settings_text, access_key_id));
  g_assert_true (g_file_test (history_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (drafts_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (keyring_dir, G_FILE_TEST_IS_DIR));
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *stored = NULL;

    glaux_keyring_lookup_async (id, GLAUX_KEYRING_SECRET_ACCESS_KEY, NULL,
                                glaux_test_store_result_cb, &result);
    stored = glaux_keyring_lookup_finish (glaux_test_wait_result (&result, 60000), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stored, ==, secret);
  }

  /* Nothing anywhere: every file of the private HOME (settings, history.db and its WAL, drafts,
   * the crash output, glaux-local's stderr), the captured log, and the keyring file itself
   * (encrypted: not in clear there either). */
  fclose (log_file);
  log_file = NULL;
  search_tree (&search, glaux_test_get_home (), keyring_dir);
  search_tree (&search, keyring_dir, NULL);
  for (guint i = 0; i < search.found->len; i++)
    g_test_message ("LEAK: %s", (char *)search.found->pdata[i]);
  g_test_message ("searched %u files", search.files);
  g_assert_cmpuint (search.files, >=, 6);
  g_assert_cmpuint (search.found->len, ==, 0);
  g_ptr_array_unref (search.found);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *log_path = NULL;

  g_log_set_writer_func (capture_writer, NULL, NULL);

  /* The crash child keeps the parent's HOME, settings and keyring. */
  if (argc == 3 && g_str_equal (argv[1], "--crash-child"))
    {
      g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
      return crash_child (argv[2]);
    }

  glaux_test_init (&argc, &argv);
  /* The real settings store, on disk in the test's XDG_CONFIG_HOME; every debug message on. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_path = g_build_filename (glaux_test_get_home (), "captured.log", NULL);
  log_file = fopen (log_path, "w");
  g_assert_nonnull (log_file);

  g_test_add_func ("/secrets/nowhere", test_secrets_nowhere);

  return g_test_run ();
}
