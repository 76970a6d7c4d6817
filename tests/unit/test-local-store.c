/* test-local-store.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "glaux-aws-credentials.h"
#include "glaux-sigv4.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

static const char * const idle_states[] = { "IDLE", NULL };
static const char * const running_states[] = { "RUNNING", NULL };
static const char * const final_states[] = { "COMPLETED", "FAILED", "CANCELED", NULL };

static const char slow_sql[] =
  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
  "SELECT count(*) FROM c";

static void
assert_store_intact (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "glaux-local.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
start_session (GlauxTestLocal *local)
{
  g_autoptr(JsonObject) started = glaux_test_local_call_ok (local, "StartSession",
                                                            "{\"WorkGroup\":\"primary\","
                                                            "\"EngineConfiguration\":{}}");
  char *id = g_strdup (json_object_get_string_member (started, "SessionId"));
  g_autofree char *state = glaux_test_local_wait_state (local, "GetSessionStatus", "SessionId",
                                                        id, idle_states, 5000);

  return id;
}

static char *
start_calculation (GlauxTestLocal *local,
                   const char     *session_id,
                   const char     *code)
{
  g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\",\"CodeBlock\":\"%s\"}",
                                           session_id, code);
  g_autoptr(JsonObject) started = glaux_test_local_call_ok (local, "StartCalculationExecution",
                                                            body);

  return g_strdup (json_object_get_string_member (started, "CalculationExecutionId"));
}

static JsonObject *
get_status (GlauxTestLocal *local,
            const char     *operation,
            const char     *member,
            const char     *id)
{
  g_autofree char *body = g_strdup_printf ("{\"%s\":\"%s\"}", member, id);
  g_autoptr(JsonObject) response = glaux_test_local_call_ok (local, operation, body);

  return json_object_ref (json_object_get_object_member (response, "Status"));
}

static void
assert_executors_terminated (GlauxTestLocal *local,
                             const char     *session_id)
{
  g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\"}", session_id);
  g_autoptr(JsonObject) response = glaux_test_local_call_ok (local, "ListExecutors", body);
  JsonArray *executors = json_object_get_array_member (response, "ExecutorsSummary");

  g_assert_cmpuint (json_array_get_length (executors), >=, 1);
  for (guint i = 0; i < json_array_get_length (executors); i++)
    {
      JsonObject *executor = json_array_get_object_element (executors, i);

      g_assert_cmpstr (json_object_get_string_member (executor, "ExecutorState"), ==,
                       "TERMINATED");
      g_assert_true (json_object_has_member (executor, "TerminationDateTime"));
    }
}

static void
test_restart (void)
{
  g_autoptr(GlauxTestLocal) first = glaux_test_local_start (NULL, 1.0);
  g_autoptr(GlauxTestLocal) second = NULL;
  g_autofree char *data_dir = g_strdup (first->data_dir);
  g_autofree char *session_id = start_session (first);
  g_autofree char *calc_id = NULL;
  g_autofree char *state = NULL;
  g_autoptr(JsonObject) session_status = NULL;
  g_autoptr(JsonObject) calc_status = NULL;

  json_object_unref (glaux_test_local_call_ok (first, "CreateWorkGroup", "{\"Name\":\"kept\"}"));
  calc_id = start_calculation (first, session_id, "SELECT 7");
  state = glaux_test_local_wait_state (first, "GetCalculationExecutionStatus",
                                       "CalculationExecutionId", calc_id, final_states, 5000);
  g_assert_cmpstr (state, ==, "COMPLETED");
  g_assert_cmpint (glaux_test_local_stop (first), ==, 0);
  assert_store_intact (data_dir);

  second = glaux_test_local_start (data_dir, 1.0);
  json_object_unref (glaux_test_local_call_ok (second, "GetWorkGroup", "{\"WorkGroup\":\"kept\"}"));
  session_status = get_status (second, "GetSessionStatus", "SessionId", session_id);
  g_assert_cmpstr (json_object_get_string_member (session_status, "State"), ==, "TERMINATED");
  g_assert_cmpstr (json_object_get_string_member (session_status, "StateChangeReason"), ==,
                   "glaux-local shut down");
  calc_status = get_status (second, "GetCalculationExecutionStatus", "CalculationExecutionId",
                            calc_id);
  g_assert_cmpstr (json_object_get_string_member (calc_status, "State"), ==, "COMPLETED");
  assert_executors_terminated (second, session_id);
  g_assert_cmpint (glaux_test_local_stop (second), ==, 0);
}

static void
test_kill_running (void)
{
  g_autoptr(GlauxTestLocal) first = glaux_test_local_start (NULL, 1.0);
  g_autoptr(GlauxTestLocal) second = NULL;
  g_autofree char *data_dir = g_strdup (first->data_dir);
  g_autofree char *session_id = start_session (first);
  g_autofree char *calc_id = start_calculation (first, session_id, slow_sql);
  g_autofree char *state = NULL;
  g_autoptr(JsonObject) session_status = NULL;
  g_autoptr(JsonObject) calc_status = NULL;

  state = glaux_test_local_wait_state (first, "GetCalculationExecutionStatus",
                                       "CalculationExecutionId", calc_id, running_states, 5000);
  glaux_test_local_kill (first);

  second = glaux_test_local_start (data_dir, 1.0);
  session_status = get_status (second, "GetSessionStatus", "SessionId", session_id);
  g_assert_cmpstr (json_object_get_string_member (session_status, "State"), ==, "TERMINATED");
  g_assert_cmpstr (json_object_get_string_member (session_status, "StateChangeReason"), ==,
                   "glaux-local restarted; the session's worker ended");
  calc_status = get_status (second, "GetCalculationExecutionStatus", "CalculationExecutionId",
                            calc_id);
  g_assert_cmpstr (json_object_get_string_member (calc_status, "State"), ==, "FAILED");
  g_assert_nonnull (strstr (json_object_get_string_member (calc_status, "StateChangeReason"),
                            "glaux-local stopped"));
  assert_executors_terminated (second, session_id);
  g_assert_cmpint (glaux_test_local_stop (second), ==, 0);
  assert_store_intact (data_dir);
}

typedef struct
{
  GPid  pid;
  guint delay_us;
} Killer;

static gpointer
kill_later (gpointer data)
{
  Killer *killer = data;

  g_usleep (killer->delay_us);
  kill (killer->pid, SIGKILL);

  return NULL;
}

/* Fires calls without checking them: the server may die in the middle of any of them. */
static void
fire (GlauxTestLocal *local,
      const char     *operation,
      const char     *body)
{
  g_autoptr(SoupMessage) message = glaux_test_local_message (local, "POST", "/");
  g_autoptr(GBytes) payload = g_bytes_new (body, strlen (body));
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autofree char *target = g_strconcat ("AmazonAthena.", operation, NULL);

  credentials = glaux_aws_credentials_new (local->access_key_id, local->secret_access_key, NULL,
                                           NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Amz-Target",
                                target);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", payload);
  glaux_sigv4_sign_message (message, payload, credentials, local->region, "athena",
                            GLAUX_SIGV4_DEFAULT, NULL, NULL);
  response = soup_session_send_and_read (local->session, message, NULL, NULL);
}

static void
test_kill_anytime (void)
{
  g_autofree char *data_dir = NULL;

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GlauxTestLocal) local = glaux_test_local_start (data_dir, 1.0);
      g_autoptr(JsonObject) listing = NULL;
      Killer killer = { local->pid, g_test_rand_int_range (0, 60000) };
      GThread *thread;

      if (data_dir == NULL)
        data_dir = g_strdup (local->data_dir);

      thread = g_thread_new ("killer", kill_later, &killer);
      for (guint i = 0; i < 20; i++)
        {
          fire (local, "StartSession", "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{}}");
          fire (local, "CreateWorkGroup", "{\"Name\":\"churn\"}");
          fire (local, "DeleteWorkGroup", "{\"WorkGroup\":\"churn\"}");
        }
      g_thread_join (thread);
      glaux_test_local_kill (local);
      assert_store_intact (data_dir);
    }

  {
    g_autoptr(GlauxTestLocal) last = glaux_test_local_start (data_dir, 1.0);
    g_autoptr(JsonObject) active = glaux_test_local_call_ok (last, "ListSessions",
                                                             "{\"WorkGroup\":\"primary\"}");

    /* Nothing survives a restart alive. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (active, "Sessions")),
                      ==, 0);
    g_assert_cmpint (glaux_test_local_stop (last), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/local/Store/restart", test_restart);
  g_test_add_func ("/glaux/local/Store/kill-running", test_kill_running);
  g_test_add_func ("/glaux/local/Store/kill-anytime", test_kill_anytime);

  return g_test_run ();
}
