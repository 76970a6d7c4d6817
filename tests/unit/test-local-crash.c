/* test-local-crash.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "glaux-draft-store.h"
#include "glaux-history-store.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

/* Crash safety. glaux-local runs 200 calculations (SQL and Python, some long) and is killed
 * with SIGKILL at seeded random moments, then restarted on the same data folder: the store
 * passes integrity_check, nothing is half-written, work that was running is FAILED with a
 * reason, no session is left alive, and every result that completed before is still served
 * byte for byte. Then Glaux's own stores: a child process saving drafts and writing history
 * is killed mid-write again and again; each restart finds the last saved draft or a newer one
 * (never an empty or torn one) and every committed history row. */

#define N_CALCULATIONS 200
#define N_KILLS        6
#define N_SESSIONS     4

static const char * const idle_states[] = { "IDLE", NULL };

/* glaux-local ------------------------------------------------------------------------------ */

static void
assert_db_intact (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
code_for (guint index,
          char *kind)
{
  /* Every 20th block is long: it is likely to be running when a kill comes. */
  if (index % 20 == 7)
    {
      *kind = 'P';
      return g_strdup_printf ("import time\\ntime.sleep(1.5)\\nprint('long %u')", index);
    }
  if (index % 20 == 13)
    {
      *kind = 'S';
      return g_strdup ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                       "WHERE x < 3000000) SELECT count(*) AS n FROM c");
    }

  switch (index % 4)
    {
    case 0:
      *kind = 'S';
      return g_strdup_printf ("SELECT %u AS n, 'row %u' AS label UNION ALL SELECT %u, 'next'",
                              index, index, index + 1);
    case 1:
      *kind = 'P';
      return g_strdup_printf ("print('python %u')\\nprint(sum(range(%u)))", index, index * 1000);
    case 2:
      *kind = 'S';
      return g_strdup_printf ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                              "WHERE x < %u) SELECT sum(x) AS total FROM c", 1000 + index * 100);
    default:
      *kind = 'P';
      return g_strdup_printf ("import time\\ntime.sleep(0.05)\\nprint('slept %u')", index);
    }
}

static char *
start_session (GlauxTestLocal *local)
{
  g_autoptr(JsonObject) started = glaux_test_local_call_ok (local, "StartSession",
                                                            "{\"WorkGroup\":\"primary\","
                                                            "\"EngineConfiguration\":"
                                                            "{\"MaxConcurrentDpus\":4}}");
  char *id = g_strdup (json_object_get_string_member (started, "SessionId"));
  g_autofree char *state = glaux_test_local_wait_state (local, "GetSessionStatus", "SessionId",
                                                        id, idle_states, 20000);

  return id;
}

static JsonObject *
get_calculation (GlauxTestLocal *local,
                 const char     *id)
{
  g_autofree char *body = g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", id);

  return glaux_test_local_call_ok (local, "GetCalculationExecution", body);
}

static GBytes *
download (GlauxTestLocal *local,
          const char     *uri)
{
  g_autofree char *path = NULL;
  guint status = 0;
  GBytes *bytes;

  g_assert_true (g_str_has_prefix (uri, "s3://"));
  path = g_strconcat ("/", uri + strlen ("s3://"), NULL);
  bytes = glaux_test_local_s3 (local, "GET", path, NULL, &status);
  if (status != 200)
    g_error ("GET %s: %u", uri, status);

  return bytes;
}

/* What a completed calculation serves: its stdout and, when it has one, its result table. */
static GBytes *
outputs_of (GlauxTestLocal *local,
            const char     *id)
{
  g_autoptr(JsonObject) calculation = get_calculation (local, id);
  JsonObject *result = json_object_get_object_member (calculation, "Result");
  g_autoptr(GByteArray) all = g_byte_array_new ();
  const char *members[] = { "StdOutS3Uri", "ResultS3Uri" };

  g_assert_nonnull (result);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *uri = json_object_get_string_member_with_default (result, members[i], NULL);
      g_autoptr(GBytes) bytes = NULL;

      if (uri == NULL || *uri == '\0')
        continue;
      bytes = download (local, uri);
      g_byte_array_append (all, (const guint8 *)members[i], strlen (members[i]));
      g_byte_array_append (all, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  g_assert_cmpuint (all->len, >, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

typedef struct
{
  GlauxTestLocal *local;
  char           *data_dir;
  GHashTable     *completed;     /* id → GBytes of its outputs */
  GHashTable     *failed;        /* id → reason */
  GPtrArray      *sessions;      /* every session id ever started */
  guint           interrupted;   /* running at a kill, FAILED after it */
  guint           finished_at_kill; /* running at a kill, but it had just completed */
} Run;

/* After a restart: nothing alive, in-flight work FAILED with a reason, earlier results intact,
 * no unfinished upload left behind. */
static void
check_after_restart (Run       *run,
                     GPtrArray *in_flight)
{
  g_autofree char *temp_dir = g_build_filename (run->data_dir, "s3", ".glaux-tmp", NULL);
  g_autoptr(GDir) dir = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  for (guint i = 0; i < run->sessions->len; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"SessionId\":\"%s\"}",
                                               (char *)run->sessions->pdata[i]);
      g_autoptr(JsonObject) status = glaux_test_local_call_ok (run->local, "GetSessionStatus",
                                                               body);
      const char *state = json_object_get_string_member (json_object_get_object_member (status,
                                                                                        "Status"),
                                                         "State");

      g_assert_true (g_str_equal (state, "TERMINATED") || g_str_equal (state, "FAILED"));
    }
  {
    g_autoptr(JsonObject) active = glaux_test_local_call_ok (run->local, "ListSessions",
                                                             "{\"WorkGroup\":\"primary\"}");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (active, "Sessions")),
                      ==, 0);
  }

  for (guint i = 0; i < in_flight->len; i++)
    {
      const char *id = in_flight->pdata[i];
      g_autoptr(JsonObject) calculation = get_calculation (run->local, id);
      JsonObject *status = json_object_get_object_member (calculation, "Status");
      const char *state = json_object_get_string_member (status, "State");
      const char *reason = json_object_get_string_member_with_default (status,
                                                                       "StateChangeReason", "");

      if (g_str_equal (state, "COMPLETED"))
        {
          /* It finished in the instant before the kill: its outputs must be whole. */
          g_hash_table_insert (run->completed, g_strdup (id), outputs_of (run->local, id));
          run->finished_at_kill++;
          continue;
        }
      if (!g_str_equal (state, "FAILED") || strstr (reason, "glaux-local stopped") == NULL)
        g_error ("calculation %s running at the kill is %s: %s", id, state, reason);
      g_hash_table_insert (run->failed, g_strdup (id), g_strdup (reason));
      run->interrupted++;
    }

  g_hash_table_iter_init (&iter, run->completed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GBytes) again = outputs_of (run->local, key);

      if (!g_bytes_equal (again, value))
        g_error ("the outputs of %s changed across a restart", (char *)key);
    }

  dir = g_dir_open (temp_dir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
test_local_kill_workload (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "crash-data", NULL);
  g_autofree char *store_path = g_build_filename (data_dir, "glaux-local.db", NULL);
  g_autofree char *catalog_path = g_build_filename (data_dir, "catalog.db", NULL);
  Run run = { NULL, data_dir,
              g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_bytes_unref),
              g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
              g_ptr_array_new_with_free_func (g_free), 0, 0 };
  guint kill_at[N_KILLS];
  guint next_kill = 0;
  guint submitted = 0;

  /* Kill points: after the Nth submission, then a random delay (seeded: --seed replays it). */
  for (guint i = 0; i < N_KILLS; i++)
    kill_at[i] = 15 + i * 30 + (guint)g_test_rand_int_range (0, 25);

  while (submitted < N_CALCULATIONS || next_kill < N_KILLS)
    {
      g_autoptr(GlauxTestLocal) local = glaux_test_local_start (data_dir, 20.0);
      g_autoptr(GPtrArray) in_flight = g_ptr_array_new_with_free_func (g_free);
      char *sessions[N_SESSIONS] = { NULL, };
      char *current[N_SESSIONS] = { NULL, };
      gboolean killed = FALSE;

      run.local = local;
      if (run.sessions->len > 0)
        {
          g_autoptr(GPtrArray) none = g_ptr_array_new ();

          check_after_restart (&run, none);
        }

      for (guint s = 0; s < N_SESSIONS; s++)
        {
          sessions[s] = start_session (local);
          g_ptr_array_add (run.sessions, g_strdup (sessions[s]));
        }

      while (!killed)
        {
          gboolean busy = FALSE;

          for (guint s = 0; s < N_SESSIONS; s++)
            {
              if (current[s] != NULL)
                {
                  g_autofree char *body =
                    g_strdup_printf ("{\"CalculationExecutionId\":\"%s\"}", current[s]);
                  g_autoptr(JsonObject) status =
                    glaux_test_local_call_ok (local, "GetCalculationExecutionStatus", body);
                  const char *state = json_object_get_string_member (
                    json_object_get_object_member (status, "Status"), "State");

                  if (g_str_equal (state, "COMPLETED"))
                    g_hash_table_insert (run.completed, g_strdup (current[s]),
                                         outputs_of (local, current[s]));
                  else if (g_str_equal (state, "FAILED") || g_str_equal (state, "CANCELED"))
                    g_error ("calculation %s ended %s without a kill", current[s], state);
                  else
                    {
                      busy = TRUE;
                      continue;
                    }
                  g_clear_pointer (&current[s], g_free);
                }

              if (submitted < N_CALCULATIONS)
                {
                  char kind = 0;
                  g_autofree char *code = code_for (submitted, &kind);
                  g_autofree char *body =
                    g_strdup_printf ("{\"SessionId\":\"%s\",\"CodeBlock\":\"%s\"}", sessions[s],
                                     code);
                  guint status = 0;
                  g_autoptr(JsonObject) started =
                    glaux_test_local_call (local, "StartCalculationExecution", body, &status);

                  /* The session may still be settling from the last block: try again later. */
                  if (status != 200)
                    continue;
                  current[s] = g_strdup (json_object_get_string_member (started,
                                                                        "CalculationExecutionId"));
                  submitted++;
                  busy = TRUE;
                }
            }

          if (next_kill < N_KILLS && submitted >= kill_at[next_kill])
            {
              g_usleep (1000 * (guint)g_test_rand_int_range (0, 400));
              glaux_test_local_kill (local);
              g_test_message ("kill %u after %u submissions", next_kill + 1, submitted);
              next_kill++;
              killed = TRUE;
              for (guint s = 0; s < N_SESSIONS; s++)
                if (current[s] != NULL)
                  g_ptr_array_add (in_flight, g_steal_pointer (&current[s]));
            }
          else if (!busy && submitted >= N_CALCULATIONS)
            break;
          else
            g_usleep (10 * 1000);
        }

      for (guint s = 0; s < N_SESSIONS; s++)
        {
          g_free (sessions[s]);
          g_free (current[s]);
        }

      if (!killed)
        {
          g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
          break;
        }

      /* Dead: its files as it left them. */
      assert_db_intact (store_path);
      assert_db_intact (catalog_path);
      {
        g_autoptr(GlauxTestLocal) restarted = glaux_test_local_start (data_dir, 20.0);

        run.local = restarted;
        check_after_restart (&run, in_flight);
        g_assert_cmpint (glaux_test_local_stop (restarted), ==, 0);
      }
    }

  /* A final restart on the whole history. */
  {
    g_autoptr(GlauxTestLocal) last = glaux_test_local_start (data_dir, 20.0);
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    run.local = last;
    check_after_restart (&run, none);
    g_assert_cmpint (glaux_test_local_stop (last), ==, 0);
  }
  assert_db_intact (store_path);

  g_test_message ("%u completed, %u interrupted (FAILED with a reason), %u completed just "
                  "before a kill, %u sessions", g_hash_table_size (run.completed),
                  run.interrupted, run.finished_at_kill, run.sessions->len);
  g_assert_cmpuint (g_hash_table_size (run.completed) + run.interrupted, ==, N_CALCULATIONS);
  g_assert_cmpuint (run.interrupted, >=, 1);

  g_hash_table_unref (run.completed);
  g_hash_table_unref (run.failed);
  g_ptr_array_unref (run.sessions);
}

/* A second glaux-local on the same data folder is refused while the first lives. */
static void
test_local_one_per_data_dir (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "locked-data", NULL);
  g_autoptr(GlauxTestLocal) first = glaux_test_local_start (data_dir, 1.0);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("GLAUX_LOCAL"), "--port", "0", "--data-dir", data_dir, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "Another glaux-local is already using the data folder"));
  g_assert_cmpstr (out, ==, "");

  /* Killed, it lets the next one in. */
  glaux_test_local_kill (first);
  {
    g_autoptr(GlauxTestLocal) second = glaux_test_local_start (data_dir, 1.0);

    g_assert_cmpint (glaux_test_local_stop (second), ==, 0);
  }
}

/* Glaux's drafts and history ------------------------------------------------------------- */

#define WORKSPACE     "crash-test"
/* Sample times (µs) far in the future, so retention never prunes them during the test. */
#define TIME_BASE     G_GINT64_CONSTANT (4000000000000000)
#define CONNECTION_ID "keys:crash-test"

/* A draft's text names its round and version and is long enough for a write to take a while;
 * anything else found in the file is a torn write. */
static char *
draft_text (guint round,
            guint version)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "# round %u version %u\n", round, version);
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "x_%u = %u  # keep typing\n", i, version);
  g_string_append_printf (text, "# end %u %u\n", round, version);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GlauxHistoryStore *
open_history (const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxHistoryStore *history;

  glaux_history_store_new_async (path, 3650, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  history = glaux_history_store_new_finish (result, &error);
  g_assert_no_error (error);

  return history;
}

/* The child: types (saves a new draft version) and records history as fast as it can,
 * reporting on stdout what has reached the disk, until it is killed. */
static int
writer_child (const char *dir,
              guint       round)
{
  g_autofree char *drafts_dir = g_build_filename (dir, "drafts", NULL);
  g_autofree char *history_path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GlauxDraftStore) drafts = glaux_draft_store_new (drafts_dir);
  g_autoptr(GlauxHistoryStore) history = open_history (history_path);

  for (guint version = 1;; version++)
    {
      g_autofree char *text = draft_text (round, version);
      g_autoptr(GlauxDraft) draft = glaux_draft_new ("Typing", "python", text);
      g_autoptr(GAsyncResult) flushed = NULL;

      g_free (draft->id);
      draft->id = g_strdup ("draft-1");
      glaux_draft_store_save (drafts, WORKSPACE, draft);
      glaux_history_store_record_sample (history, CONNECTION_ID, "session-1",
                                         TIME_BASE + (gint64)round * 1000000 + version, 1, 2,
                                         version);

      /* Every few keystrokes: wait until both are on disk, and say so. */
      if (version % 5 == 0)
        {
          glaux_draft_store_flush (drafts);
          glaux_history_store_flush_async (history, NULL, glaux_test_store_result_cb, &flushed);
          glaux_test_wait_result (&flushed, 30000);
          printf ("saved %u\n", version);
          fflush (stdout);
        }
      else
        g_main_context_iteration (NULL, FALSE);
    }

  return 0;
}

typedef struct
{
  GDataInputStream *lines;
  guint             saved;
  gboolean          done;
} Reader;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reader *reader = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (reader->lines, result, NULL,
                                                                      NULL);

  if (line == NULL)
    {
      reader->done = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "saved "))
    reader->saved = (guint)g_ascii_strtoull (line + 6, NULL, 10);
  g_data_input_stream_read_line_async (reader->lines, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                       reader);
}

static gboolean
saved_enough (gpointer data)
{
  Reader *reader = data;

  return reader->saved >= 5 || reader->done;
}

static gboolean
reader_done (gpointer data)
{
  return ((Reader *)data)->done;
}

static void
check_draft (const char *drafts_dir,
             guint       round,
             guint       saved)
{
  g_autoptr(GlauxDraftStore) drafts = glaux_draft_store_new (drafts_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = glaux_draft_store_load (drafts, WORKSPACE, &error);
  GlauxDraft *draft;
  guint found_round = 0;
  guint found_version = 0;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  draft = loaded->pdata[0];
  g_assert_nonnull (draft->text);
  g_assert_cmpint (sscanf (draft->text, "# round %u version %u", &found_round, &found_version),
                   ==, 2);
  expected = draft_text (found_round, found_version);
  g_assert_cmpstr (draft->text, ==, expected);
  /* The last saved version or a newer one (of this round). */
  g_assert_cmpuint (found_round, ==, round);
  g_assert_cmpuint (found_version, >=, saved);
}

static void
check_history (const char *history_path,
               guint       round,
               guint       saved)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  assert_db_intact (history_path);

  /* Opening it the app's way works (and replays the WAL). */
  g_object_unref (open_history (history_path));

  /* Every committed sample of this round, with no gap. */
  g_assert_cmpint (sqlite3_open_v2 (history_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sql = g_strdup_printf ("SELECT count(*), coalesce(max(time), 0) FROM samples "
                         "WHERE time > %" G_GINT64_FORMAT " AND time < %" G_GINT64_FORMAT,
                         TIME_BASE + (gint64)round * 1000000,
                         TIME_BASE + (gint64)(round + 1) * 1000000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >=, saved);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1) - TIME_BASE - (gint64)round * 1000000, ==,
                   sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_glaux_kill_while_writing (void)
{
  g_autofree char *dir = g_build_filename (glaux_test_get_home (), "glaux-stores", NULL);
  g_autofree char *drafts_dir = g_build_filename (dir, "drafts", NULL);
  g_autofree char *history_path = g_build_filename (dir, "history.db", NULL);
  /* The real path: under valgrind, exec of /proc/self/exe would start valgrind itself. */
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (self);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint round = 1; round <= 12; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *round_text = g_strdup_printf ("%u", round);
      Reader reader = { NULL, 0, FALSE };

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self,
                                "--writer-child", dir, round_text, NULL);
      g_assert_no_error (error);
      reader.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      g_data_input_stream_read_line_async (reader.lines, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                           &reader);

      /* Let it save a few times, then kill it in the middle of whatever it is writing. */
      glaux_test_wait_until (saved_enough, &reader, 30000);
      g_assert_false (reader.done);
      g_usleep (1000 * (guint)g_test_rand_int_range (0, 150));
      g_subprocess_force_exit (child);
      glaux_test_wait_until (reader_done, &reader, 10000);
      g_subprocess_wait (child, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_object_unref (reader.lines);

      g_test_message ("round %u: killed after saving version %u", round, reader.saved);
      check_draft (drafts_dir, round, reader.saved);
      check_history (history_path, round, reader.saved);
    }
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--writer-child"))
    return writer_child (argv[2], (guint)g_ascii_strtoull (argv[3], NULL, 10));

  glaux_test_init (&argc, &argv);

  g_test_add_func ("/local-crash/one-per-data-dir", test_local_one_per_data_dir);
  g_test_add_func ("/local-crash/glaux-stores", test_glaux_kill_while_writing);
  g_test_add_func ("/local-crash/kill-workload", test_local_kill_workload);

  return g_test_run ();
}
