/* test-connection.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-aws-error.h"
#include "glaux-connection-list.h"
#include "glaux-keyring.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

#define SCHEMA_ID      "io.github.glaux.Glaux"
#define EXAMPLE_SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

/* Waiting for async results ---------------------------------------------------------------- */

static gboolean
connect_sync (GlauxConnection  *connection,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  return glaux_connection_connect_finish (connection, glaux_test_wait_result (&result, 30000),
                                          error);
}

static void
assert_connects (GlauxConnection *connection)
{
  g_autoptr(GError) error = NULL;
  gboolean connected = connect_sync (connection, &error);

  g_assert_no_error (error);
  g_assert_true (connected);
  g_assert_cmpint (glaux_connection_get_status (connection), ==, GLAUX_CONNECTION_STATUS_READY);
  g_assert_nonnull (glaux_connection_get_athena_client (connection));
  g_assert_nonnull (glaux_connection_get_s3_client (connection));
  g_assert_null (glaux_connection_get_error (connection));
}

static GPtrArray *
list_work_groups (GlauxConnection *connection)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *workgroups;

  g_assert_nonnull (client);
  glaux_athena_client_list_work_groups_async (client, 0, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  workgroups = glaux_athena_client_list_work_groups_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workgroups);

  return workgroups;
}

static gboolean
has_work_group (GlauxConnection *connection,
                const char      *name)
{
  g_autoptr(GPtrArray) workgroups = list_work_groups (connection);

  for (guint i = 0; i < workgroups->len; i++)
    {
      if (g_str_equal (glaux_workgroup_get_name (g_ptr_array_index (workgroups, i)), name))
        return TRUE;
    }

  return FALSE;
}

static void
create_work_group (GlauxConnection *connection,
                   const char      *name)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (connection);
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  params->selected_engine_version = g_strdup ("PySpark engine version 3");
  glaux_athena_client_create_work_group_async (client, params, NULL, glaux_test_store_result_cb,
                                               &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_create_work_group_finish (client, result, &error));
  g_assert_no_error (error);
}

static char *
keyring_lookup (const char       *id,
                GlauxKeyringKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  glaux_keyring_lookup_async (id, kind, NULL, glaux_test_store_result_cb, &result);
  secret = glaux_keyring_lookup_finish (glaux_test_wait_result (&result, 30000), &error);
  g_assert_no_error (error);

  return secret;
}

static char *
dup_settings_text (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "connections");

  return g_variant_print (value, TRUE);
}

static gboolean
status_is_failed (gpointer data)
{
  return glaux_connection_get_status (data) == GLAUX_CONNECTION_STATUS_FAILED;
}

static gboolean
pid_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) != 0;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* LOCAL ------------------------------------------------------------------------------------ */

/* "This computer": glaux-local starts, answers, is noticed when it dies, restarts on the same
 * data dir and stops on disconnect. */
static void
test_connection_local (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local-data", NULL);
  g_autoptr(GlauxConnection) connection = glaux_connection_new_local (NULL, data_dir);
  g_autofree char *first_endpoint = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;
  const GError *failure;
  guint athena_notifies = 0;
  GPid pid;

  g_assert_cmpstr (glaux_connection_get_id (connection), ==, "local");
  g_assert_cmpint (glaux_connection_get_kind (connection), ==, GLAUX_CONNECTION_KIND_LOCAL);
  g_assert_cmpstr (glaux_connection_get_title (connection), ==, "This computer");
  g_assert_cmpstr (glaux_connection_get_subtitle (connection), ==, "glaux-local on this computer");
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (glaux_connection_get_athena_client (connection));

  assert_connects (connection);
  g_assert_nonnull (glaux_connection_get_region (connection));
  subtitle = g_strdup_printf ("glaux-local · %s", glaux_connection_get_region (connection));
  g_assert_cmpstr (glaux_connection_get_subtitle (connection), ==, subtitle);
  g_assert_true (g_str_has_prefix (glaux_connection_get_endpoint_url (connection),
                                   "http://127.0.0.1:"));
  g_assert_cmpstr (glaux_s3_client_get_endpoint (glaux_connection_get_s3_client (connection)), ==,
                   glaux_connection_get_endpoint_url (connection));
  first_endpoint = g_strdup (glaux_connection_get_endpoint_url (connection));
  g_assert_true (has_work_group (connection, "primary"));
  create_work_group (connection, "before-kill");

  /* Connecting while READY completes at once. */
  assert_connects (connection);

  /* glaux-local dies behind Glaux's back. */
  g_signal_connect (connection, "notify::athena-client", G_CALLBACK (count_notify_cb),
                    &athena_notifies);
  pid = glaux_local_process_get_pid (glaux_connection_get_local_process (connection));
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  glaux_test_wait_until (status_is_failed, connection, 10000);
  failure = glaux_connection_get_error (connection);
  g_assert_error (failure, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK);
  g_assert_nonnull (strstr (failure->message, "glaux-local stopped unexpectedly"));
  g_assert_nonnull (strstr (failure->message, "signal 9"));
  g_assert_null (glaux_connection_get_athena_client (connection));
  g_assert_null (glaux_connection_get_s3_client (connection));
  g_assert_null (glaux_connection_get_local_process (connection));
  g_assert_cmpuint (athena_notifies, ==, 1);

  /* A later connect starts it again on a new port, with the same data. */
  assert_connects (connection);
  g_assert_cmpstr (glaux_connection_get_endpoint_url (connection), !=, first_endpoint);
  g_assert_true (has_work_group (connection, "primary"));
  g_assert_true (has_work_group (connection, "before-kill"));

  /* Disconnect stops it; connecting right away waits for it to be gone, then starts anew. */
  pid = glaux_local_process_get_pid (glaux_connection_get_local_process (connection));
  glaux_connection_disconnect (connection);
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (glaux_connection_get_athena_client (connection));
  assert_connects (connection);
  g_assert_true (pid_gone (GINT_TO_POINTER (pid)));
  g_assert_true (has_work_group (connection, "before-kill"));

  pid = glaux_local_process_get_pid (glaux_connection_get_local_process (connection));
  glaux_connection_disconnect (connection);
  glaux_test_wait_until (pid_gone, GINT_TO_POINTER (pid), 10000);
}

/* Two callers share one attempt; the one that cancels gets CANCELLED, the other READY. */
static void
test_connection_local_join (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local-join", NULL);
  g_autoptr(GlauxConnection) connection = glaux_connection_new_local (NULL, data_dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  glaux_connection_connect_async (connection, cancellable, glaux_test_store_result_cb, &first);
  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &second);
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_CONNECTING);
  g_cancellable_cancel (cancellable);

  glaux_test_wait_result (&first, 30000);
  g_assert_false (glaux_connection_connect_finish (connection, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_CONNECTING);

  glaux_test_wait_result (&second, 30000);
  g_assert_true (glaux_connection_connect_finish (connection, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (glaux_connection_get_status (connection), ==, GLAUX_CONNECTION_STATUS_READY);
  g_assert_true (has_work_group (connection, "primary"));

  pid = glaux_local_process_get_pid (glaux_connection_get_local_process (connection));
  glaux_connection_disconnect (connection);
  glaux_test_wait_until (pid_gone, GINT_TO_POINTER (pid), 10000);

  /* Disconnecting while connecting fails the waiters and leaves it DISCONNECTED... */
  g_clear_object (&first);
  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &first);
  glaux_connection_disconnect (connection);
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  glaux_test_wait_result (&first, 30000);
  g_assert_false (glaux_connection_connect_finish (connection, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (glaux_connection_get_athena_client (connection));

  /* ...and the next connect works. */
  assert_connects (connection);
  pid = glaux_local_process_get_pid (glaux_connection_get_local_process (connection));
  glaux_connection_disconnect (connection);
  glaux_test_wait_until (pid_gone, GINT_TO_POINTER (pid), 10000);
}

static void
test_connection_local_missing (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "local-missing", NULL);
  g_autofree char *program = g_build_filename (glaux_test_get_home (), "no-glaux-local", NULL);
  g_autoptr(GlauxConnection) connection = glaux_connection_new_local (program, data_dir);
  g_autoptr(GError) error = NULL;

  g_assert_false (connect_sync (connection, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "glaux-local was not found"));
  g_assert_nonnull (strstr (error->message, "GLAUX_LOCAL"));
  g_assert_cmpint (glaux_connection_get_status (connection), ==, GLAUX_CONNECTION_STATUS_FAILED);
  g_assert_cmpstr (glaux_connection_get_error (connection)->message, ==, error->message);
  g_assert_null (glaux_connection_get_athena_client (connection));
}

/* PROFILE and the list --------------------------------------------------------------------- */

static void
write_aws_file (const char *name,
                const char *contents)
{
  g_autofree char *dir = g_build_filename (glaux_test_get_home (), ".aws", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
reload_sync (GlauxConnectionList *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_connection_list_reload_async (list, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_list_reload_finish (list, result, &error));
  g_assert_no_error (error);
}

static GlauxConnection *
item (GlauxConnectionList *list,
      guint                position)
{
  g_autoptr(GlauxConnection) connection = g_list_model_get_item (G_LIST_MODEL (list), position);

  return connection; /* the list keeps it alive */
}

static void
assert_ids (GlauxConnectionList *list,
            const char          *expected)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            glaux_connection_get_id (item (list, i)));

  g_assert_cmpstr (ids->str, ==, expected);
}

typedef struct
{
  guint  position;
  guint  removed;
  guint  added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static char *
dup_changes (GArray *changes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = &g_array_index (changes, Change, i);

      g_string_append_printf (text, "%s%u-%u+%u", i > 0 ? " " : "", change->position,
                              change->removed, change->added);
    }
  g_array_set_size (changes, 0);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
write_profiles (GlauxTestLocal *local,
                gboolean        second_version)
{
  g_autofree char *config = NULL;
  g_autofree char *credentials = NULL;

  if (!second_version)
    {
      config = g_strdup_printf ("[profile local]\n"
                                "region = %s\n"
                                "endpoint_url = %s\n"
                                "\n"
                                "[profile sso]\n"
                                "sso_start_url = https://example.awsapps.com/start\n"
                                "sso_region = us-east-1\n"
                                "sso_account_id = 123456789012\n"
                                "sso_role_name = Admin\n"
                                "region = us-east-1\n"
                                "\n"
                                "[profile noregion]\n"
                                "output = json\n",
                                local->region, local->endpoint);
      credentials = g_strdup_printf ("[local]\n"
                                     "aws_access_key_id = %s\n"
                                     "aws_secret_access_key = %s\n"
                                     "\n"
                                     "[noregion]\n"
                                     "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                     "aws_secret_access_key = " EXAMPLE_SECRET "\n",
                                     local->access_key_id, local->secret_access_key);
    }
  else
    {
      /* noregion goes, alpha comes, sso becomes usable (and moves to the credentials file),
       * local stays as it was. */
      config = g_strdup_printf ("[profile alpha]\n"
                                "region = eu-west-1\n"
                                "\n"
                                "[profile local]\n"
                                "region = %s\n"
                                "endpoint_url = %s\n",
                                local->region, local->endpoint);
      credentials = g_strdup_printf ("[local]\n"
                                     "aws_access_key_id = %s\n"
                                     "aws_secret_access_key = %s\n"
                                     "\n"
                                     "[sso]\n"
                                     "region = us-east-1\n"
                                     "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                     "aws_secret_access_key = " EXAMPLE_SECRET "\n",
                                     local->access_key_id, local->secret_access_key);
    }

  write_aws_file ("config", config);
  write_aws_file ("credentials", credentials);
}

static GlauxConnectionList *
new_list (GSettings          *settings,
          const char * const *envp)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "list-local", NULL);

  return glaux_connection_list_new (settings, NULL, data_dir, envp);
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "connections");
}

/* Profiles from the shared files: usable ones connect (the environment's keys do not override
 * a chosen profile), unusable ones say why, and a reload keeps the objects. */
static void
test_connection_profiles (void)
{
  g_autofree char *local_dir = g_build_filename (glaux_test_get_home (), "profiles-local", NULL);
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (local_dir, 1.0);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GlauxConnectionList) list = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;
  GlauxConnection *profile_local;
  GlauxConnection *sso;
  GlauxConnection *noregion;
  guint subtitle_notifies = 0;

  reset_settings (settings);
  write_profiles (local, FALSE);
  /* Wrong keys in the environment must not win over the profile's. */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG0", TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "not-the-secret", TRUE);

  list = new_list (settings, (const char * const *)envp);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == GLAUX_TYPE_CONNECTION);
  assert_ids (list, "local");
  g_assert_true (glaux_connection_list_get_local (list) == item (list, 0));

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), changes);
  reload_sync (list);
  assert_ids (list, "local profile:local profile:noregion profile:sso");
  text = dup_changes (changes);
  g_assert_cmpstr (text, ==, "1-0+1 2-0+1 3-0+1");
  g_clear_pointer (&text, g_free);

  profile_local = glaux_connection_list_lookup (list, "profile:local");
  noregion = glaux_connection_list_lookup (list, "profile:noregion");
  sso = glaux_connection_list_lookup (list, "profile:sso");
  g_assert_cmpint (glaux_connection_get_kind (profile_local), ==, GLAUX_CONNECTION_KIND_PROFILE);
  g_assert_cmpstr (glaux_connection_get_title (profile_local), ==, "local");
  subtitle = g_strdup_printf ("%s · ~/.aws/config", local->region);
  g_assert_cmpstr (glaux_connection_get_subtitle (profile_local), ==, subtitle);
  g_assert_cmpint (glaux_connection_get_status (profile_local), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (glaux_connection_get_problem (profile_local));

  g_assert_cmpint (glaux_connection_get_status (sso), ==, GLAUX_CONNECTION_STATUS_UNUSABLE);
  g_assert_nonnull (strstr (glaux_connection_get_problem (sso), "SSO"));
  g_assert_cmpstr (glaux_connection_get_subtitle (sso), ==, "us-east-1 · ~/.aws/config");
  g_assert_cmpint (glaux_connection_get_status (noregion), ==, GLAUX_CONNECTION_STATUS_UNUSABLE);
  g_assert_nonnull (strstr (glaux_connection_get_problem (noregion), "No region"));
  g_assert_cmpstr (glaux_connection_get_subtitle (noregion), ==, "~/.aws/config");

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (connect_sync (sso, &error));
    g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION);
    g_assert_cmpint (glaux_connection_get_status (sso), ==, GLAUX_CONNECTION_STATUS_UNUSABLE);
  }

  assert_connects (profile_local);
  g_assert_cmpstr (glaux_connection_get_endpoint_url (profile_local), ==, local->endpoint);
  g_assert_true (has_work_group (profile_local, "primary"));

  /* Reload: noregion goes, alpha comes, sso becomes usable; local keeps its object and state. */
  g_signal_connect (sso, "notify::subtitle", G_CALLBACK (count_notify_cb), &subtitle_notifies);
  write_profiles (local, TRUE);
  reload_sync (list);
  assert_ids (list, "local profile:alpha profile:local profile:sso");
  text = dup_changes (changes);
  g_assert_cmpstr (text, ==, "1-0+1 3-1+0");
  g_assert_true (glaux_connection_list_lookup (list, "profile:local") == profile_local);
  g_assert_true (glaux_connection_list_lookup (list, "profile:sso") == sso);
  g_assert_cmpint (glaux_connection_get_status (profile_local), ==, GLAUX_CONNECTION_STATUS_READY);
  g_assert_cmpint (glaux_connection_get_status (sso), ==, GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (glaux_connection_get_problem (sso));
  g_assert_cmpstr (glaux_connection_get_subtitle (sso), ==, "us-east-1 · ~/.aws/credentials");
  g_assert_cmpuint (subtitle_notifies, ==, 1);

  /* The same files again: nothing changes. */
  reload_sync (list);
  g_clear_pointer (&text, g_free);
  text = dup_changes (changes);
  g_assert_cmpstr (text, ==, "");

  glaux_connection_list_shutdown (list);
  g_assert_cmpint (glaux_connection_get_status (profile_local), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

/* KEYS ------------------------------------------------------------------------------------- */

static GlauxConnection *
save_keys_and_wait (GlauxConnectionList        *list,
           const GlauxConnectionKeys  *keys,
           GError                    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  glaux_connection_list_save_keys_async (list, keys, NULL, glaux_test_store_result_cb, &result);
  return glaux_connection_list_save_keys_finish (list, glaux_test_wait_result (&result, 30000),
                                                 error);
}

static void
remove_and_wait (GlauxConnectionList *list,
                   GlauxConnection     *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  glaux_connection_list_remove_async (list, connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_list_remove_finish (list, result, &error));
  g_assert_no_error (error);
}

static void
test_connection_keys (void)
{
  g_autofree char *local_dir = g_build_filename (glaux_test_get_home (), "keys-local", NULL);
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (local_dir, 1.0);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GlauxConnectionList) list = NULL;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GlauxConnection) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_text = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *token = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected_ids = NULL;
  g_auto(GlauxConnectionKeys) keys = { 0 };
  g_auto(GlauxConnectionKeys) edit = { 0 };

  reset_settings (settings);
  write_aws_file ("config", "");
  write_aws_file ("credentials", "");
  list = new_list (settings, NULL);
  reload_sync (list);
  assert_ids (list, "local");

  keys.name = g_strdup ("  Test keys ");
  keys.region = g_strdup (local->region);
  keys.access_key_id = g_strdup (local->access_key_id);
  keys.secret_access_key = g_strdup (local->secret_access_key);
  keys.endpoint_url = g_strdup (local->endpoint);
  connection = save_keys_and_wait (list, &keys, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);

  id = g_strdup (glaux_connection_get_id (connection));
  g_assert_true (g_str_has_prefix (id, "keys:"));
  g_assert_cmpint (glaux_connection_get_kind (connection), ==, GLAUX_CONNECTION_KIND_KEYS);
  g_assert_cmpstr (glaux_connection_get_title (connection), ==, "Test keys");
  subtitle = g_strdup_printf ("%s · keys in the keyring · 127.0.0.1", local->region);
  g_assert_cmpstr (glaux_connection_get_subtitle (connection), ==, subtitle);
  g_assert_false (glaux_connection_get_has_session_token (connection));
  g_assert_true (glaux_connection_list_lookup (list, id) == connection);
  g_assert_true (item (list, 1) == connection);

  /* The secret is in the keyring, never in the settings. */
  settings_text = dup_settings_text (settings);
  g_assert_null (strstr (settings_text, local->secret_access_key));
  g_assert_nonnull (strstr (settings_text, local->access_key_id));
  g_assert_nonnull (strstr (settings_text, id));
  secret = keyring_lookup (id, GLAUX_KEYRING_SECRET_ACCESS_KEY);
  g_assert_cmpstr (secret, ==, local->secret_access_key);
  g_assert_null (keyring_lookup (id, GLAUX_KEYRING_SESSION_TOKEN));

  assert_connects (connection);
  g_assert_cmpstr (glaux_s3_client_get_endpoint (glaux_connection_get_s3_client (connection)), ==,
                   local->endpoint);
  g_assert_true (has_work_group (connection, "primary"));

  /* Editing keeps the object and the stored secret, and disconnects. */
  edit.id = g_strdup (id);
  edit.name = g_strdup ("Renamed");
  edit.region = g_strdup (local->region);
  edit.access_key_id = g_strdup (local->access_key_id);
  edit.endpoint_url = g_strdup (local->endpoint);
  edited = save_keys_and_wait (list, &edit, &error);
  g_assert_no_error (error);
  g_assert_true (edited == connection);
  g_assert_cmpstr (glaux_connection_get_title (connection), ==, "Renamed");
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (glaux_connection_get_athena_client (connection));
  expected_ids = g_strdup_printf ("local %s", id);
  assert_ids (list, expected_ids);
  assert_connects (connection);
  g_assert_true (has_work_group (connection, "primary"));

  /* A session token is added, then removed with "". */
  g_clear_object (&edited);
  edit.session_token = g_strdup ("session-token-value");
  edited = save_keys_and_wait (list, &edit, &error);
  g_assert_no_error (error);
  g_assert_true (glaux_connection_get_has_session_token (connection));
  token = keyring_lookup (id, GLAUX_KEYRING_SESSION_TOKEN);
  g_assert_cmpstr (token, ==, "session-token-value");
  g_clear_pointer (&settings_text, g_free);
  settings_text = dup_settings_text (settings);
  g_assert_null (strstr (settings_text, "session-token-value"));

  g_clear_object (&edited);
  g_free (edit.session_token);
  edit.session_token = g_strdup ("");
  edited = save_keys_and_wait (list, &edit, &error);
  g_assert_no_error (error);
  g_assert_false (glaux_connection_get_has_session_token (connection));
  g_assert_null (keyring_lookup (id, GLAUX_KEYRING_SESSION_TOKEN));

  /* Removing clears the keyring and the settings. */
  remove_and_wait (list, connection);
  assert_ids (list, "local");
  g_assert_null (glaux_connection_list_lookup (list, id));
  g_assert_null (keyring_lookup (id, GLAUX_KEYRING_SECRET_ACCESS_KEY));
  g_clear_pointer (&settings_text, g_free);
  settings_text = dup_settings_text (settings);
  g_assert_cmpstr (settings_text, ==, "@aa{sv} []");
  g_assert_cmpint (glaux_connection_get_status (connection), ==,
                   GLAUX_CONNECTION_STATUS_DISCONNECTED);

  /* Profiles cannot be removed here. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    GlauxConnection *local_connection = glaux_connection_list_get_local (list);

    glaux_connection_list_remove_async (list, local_connection, NULL, glaux_test_store_result_cb,
                                        &result);
    glaux_test_wait_result (&result, 30000);
    g_assert_false (glaux_connection_list_remove_finish (list, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
  }

  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

static gboolean
has_n_items (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* Another window writes the setting: the list follows, keeping objects it already has. */
static void
test_connection_keys_external (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GSettings) other = g_settings_new (SCHEMA_ID);
  g_autoptr(GlauxConnectionList) list = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autofree char *text = NULL;
  GlauxConnection *first;
  gpointer args[2];

  reset_settings (settings);
  list = new_list (settings, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), changes);

  g_settings_set_value (other, "connections", g_variant_new_parsed (
    "[{'id': <'keys:one'>, 'name': <'One'>, 'region': <'us-east-1'>, "
    "  'access-key-id': <'AKIAIOSFODNN7EXAMPLE'>, 'endpoint-url': <''>, "
    "  'has-session-token': <false>}]"));
  args[0] = list;
  args[1] = GUINT_TO_POINTER (2);
  glaux_test_wait_until (has_n_items, args, 5000);
  first = glaux_connection_list_lookup (list, "keys:one");
  g_assert_nonnull (first);
  g_assert_cmpstr (glaux_connection_get_subtitle (first), ==, "us-east-1 · keys in the keyring");
  g_assert_null (glaux_connection_get_endpoint_url (first));

  g_settings_set_value (other, "connections", g_variant_new_parsed (
    "[{'id': <'keys:two'>, 'name': <'Two'>, 'region': <'eu-west-1'>, "
    "  'access-key-id': <'AKIAIOSFODNN7EXAMPLE'>, 'endpoint-url': <''>, "
    "  'has-session-token': <false>},"
    " {'id': <'keys:one'>, 'name': <'One renamed'>, 'region': <'us-east-1'>, "
    "  'access-key-id': <'AKIAIOSFODNN7EXAMPLE'>, 'endpoint-url': <''>, "
    "  'has-session-token': <false>}]"));
  args[1] = GUINT_TO_POINTER (3);
  glaux_test_wait_until (has_n_items, args, 5000);
  assert_ids (list, "local keys:two keys:one");
  g_assert_true (glaux_connection_list_lookup (list, "keys:one") == first);
  g_assert_cmpstr (glaux_connection_get_title (first), ==, "One renamed");

  reset_settings (other);
  args[1] = GUINT_TO_POINTER (1);
  glaux_test_wait_until (has_n_items, args, 5000);
  text = dup_changes (changes);
  g_assert_cmpstr (text, ==, "1-0+1 1-0+1 2-1+0 1-1+0");
}

static void
assert_invalid (GlauxConnectionList       *list,
                const GlauxConnectionKeys *keys,
                const char                *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxConnection) connection = save_keys_and_wait (list, keys, &error);

  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, field) == NULL)
    g_error ("“%s” does not name the field %s", error->message, field);
  if (keys->secret_access_key != NULL && keys->secret_access_key[0] != '\0')
    g_assert_null (strstr (error->message, keys->secret_access_key));
}

static void
test_connection_keys_validation (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GlauxConnectionList) list = NULL;
  g_autoptr(GlauxConnection) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected_ids = NULL;
  g_auto(GlauxConnectionKeys) keys = { 0 };

  reset_settings (settings);
  list = new_list (settings, NULL);

  keys.name = g_strdup ("Prod");
  keys.region = g_strdup ("us-east-1");
  keys.access_key_id = g_strdup ("AKIAIOSFODNN7EXAMPLE");
  keys.secret_access_key = g_strdup ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  existing = save_keys_and_wait (list, &keys, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glaux_connection_get_subtitle (existing), ==,
                   "us-east-1 · keys in the keyring");
  before = dup_settings_text (settings);

#define TRY(member, value, field) \
  G_STMT_START { \
    char *saved = keys.member; \
    keys.member = (char *)(value); \
    assert_invalid (list, &keys, field); \
    keys.member = saved; \
  } G_STMT_END

  TRY (name, "", "Name");
  TRY (name, "   ", "Name");
  TRY (name, "prod", "Name"); /* taken, whatever the case */
  keys.name[0] = 'Q';
  TRY (region, "", "Region");
  TRY (region, "US_EAST_1", "Region");
  TRY (access_key_id, "AKIA123", "Access key ID");
  TRY (access_key_id, "akiaiosfodnn7example", "Access key ID");
  TRY (access_key_id, NULL, "Access key ID");
  TRY (secret_access_key, NULL, "Secret access key");
  TRY (secret_access_key, "", "Secret access key");
  TRY (endpoint_url, "ftp://example.com", "Endpoint URL");
  TRY (endpoint_url, "https://user:pw@example.com", "Endpoint URL");
  TRY (endpoint_url, "not a url", "Endpoint URL");
#undef TRY

  after = dup_settings_text (settings);
  g_assert_cmpstr (before, ==, after);
  expected_ids = g_strdup_printf ("local %s", glaux_connection_get_id (existing));
  assert_ids (list, expected_ids);

  /* Editing may keep its own name, and needs no secret. */
  {
    g_auto(GlauxConnectionKeys) edit = { 0 };
    g_autoptr(GlauxConnection) edited = NULL;

    edit.id = g_strdup (glaux_connection_get_id (existing));
    edit.name = g_strdup ("Prod");
    edit.region = g_strdup ("eu-central-1");
    edit.access_key_id = g_strdup ("AKIAIOSFODNN7EXAMPLE");
    edit.endpoint_url = g_strdup ("https://athena.example.com/");
    edited = save_keys_and_wait (list, &edit, &error);
    g_assert_no_error (error);
    g_assert_true (edited == existing);
    g_assert_cmpstr (glaux_connection_get_subtitle (existing), ==,
                     "eu-central-1 · keys in the keyring · athena.example.com");
  }

  /* An unknown id. */
  {
    g_auto(GlauxConnectionKeys) edit = { 0 };
    g_autoptr(GlauxConnection) edited = NULL;

    edit.id = g_strdup ("keys:gone");
    edit.name = g_strdup ("Gone");
    edit.region = g_strdup ("eu-central-1");
    edit.access_key_id = g_strdup ("AKIAIOSFODNN7EXAMPLE");
    edited = save_keys_and_wait (list, &edit, &error);
    g_assert_null (edited);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  remove_and_wait (list, existing);
}

/* A keyring that cannot be written leaves the settings as they were. */
static void
test_connection_keys_keyring_failure (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GlauxConnectionList) list = NULL;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = g_build_filename (g_get_user_data_dir (), "keyrings",
                                               "default.keyring", NULL);
  g_autofree char *aside = g_strconcat (keyring, ".aside", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GlauxConnectionKeys) keys = { 0 };

  reset_settings (settings);
  list = new_list (settings, NULL);
  before = dup_settings_text (settings);

  /* The file backend keeps its keyring in that file (earlier tests created it); a folder in
   * its place makes every write fail, even for root. */
  g_assert_true (g_file_test (keyring, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_rename (keyring, aside), ==, 0);
  g_assert_cmpint (g_mkdir (keyring, 0700), ==, 0);

  keys.name = g_strdup ("Broken keyring");
  keys.region = g_strdup ("us-east-1");
  keys.access_key_id = g_strdup ("AKIAIOSFODNN7EXAMPLE");
  keys.secret_access_key = g_strdup ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  connection = save_keys_and_wait (list, &keys, &error);

  g_assert_cmpint (g_rmdir (keyring), ==, 0);
  g_assert_cmpint (g_rename (aside, keyring), ==, 0);

  g_assert_null (connection);
  g_assert_nonnull (error);
  g_test_message ("Keyring failure: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Could not save the secret access key in the keyring"));
  g_assert_null (strstr (error->message, keys.secret_access_key));
  after = dup_settings_text (settings);
  g_assert_cmpstr (before, ==, after);
  assert_ids (list, "local");
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/athena/Connection/local", test_connection_local);
  g_test_add_func ("/glaux/athena/Connection/local-join", test_connection_local_join);
  g_test_add_func ("/glaux/athena/Connection/local-missing", test_connection_local_missing);
  g_test_add_func ("/glaux/athena/Connection/profiles", test_connection_profiles);
  g_test_add_func ("/glaux/athena/Connection/keys", test_connection_keys);
  g_test_add_func ("/glaux/athena/Connection/keys-external", test_connection_keys_external);
  g_test_add_func ("/glaux/athena/Connection/keys-validation", test_connection_keys_validation);
  g_test_add_func ("/glaux/athena/Connection/keys-keyring-failure",
                   test_connection_keys_keyring_failure);

  return g_test_run ();
}
