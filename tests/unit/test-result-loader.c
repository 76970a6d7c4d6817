/* test-result-loader.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>

#include "glaux-aws-error.h"
#include "glaux-connection.h"
#include "glaux-result-loader.h"
#include "glaux-test-util.h"

/* Result objects streamed from a real glaux-local (through a real GlauxConnection) into a
 * table or text: tricky CSV, a multi-MB CSV whose rows arrive before the end, JSON lines, text
 * and invalid UTF-8, the text limit, cancelling, a missing object, glaux-local killed mid-stream
 * then retry() resuming with a Range request, and CSV export (byte for byte, and from JSON
 * lines). Objects are written straight into glaux-local's data folder (bucket = folder). */

#define BUCKET "loader"

typedef struct
{
  char            *data_dir;
  GlauxConnection *connection;
} Fixture;

/* Waiting */

static void
connect_and_wait (GlauxConnection *connection)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_connection_connect_finish (connection, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("local-%08x", g_random_int ());
  g_autofree char *bucket = NULL;

  fixture->data_dir = g_build_filename (glaux_test_get_home (), name, NULL);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  connect_and_wait (fixture->connection);

  bucket = g_build_filename (fixture->data_dir, "s3", BUCKET, NULL);
  g_assert_cmpint (g_mkdir_with_parents (bucket, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  glaux_test_iterate (50);
  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static GlauxS3Client *
s3 (Fixture *fixture)
{
  GlauxS3Client *client = glaux_connection_get_s3_client (fixture->connection);

  g_assert_nonnull (client);
  return client;
}

/* Puts an object by writing glaux-local's file; returns its s3:// URI. */
static char *
put_object (Fixture    *fixture,
            const char *key,
            const char *data,
            gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "s3", BUCKET, key, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("s3://" BUCKET "/%s", key);
}

typedef struct
{
  guint  n_finished;
  guint  n_progress;
  guint  n_states;
  gint64 first_progress;
  gint64 last_progress;
} Observer;

static void
finished_cb (GlauxResultLoader *loader,
             Observer          *observer)
{
  observer->n_finished++;
}

static void
progress_cb (GlauxResultLoader *loader,
             GParamSpec        *pspec,
             Observer          *observer)
{
  gint64 now = g_get_monotonic_time ();

  if (observer->n_progress++ == 0)
    observer->first_progress = now;
  observer->last_progress = now;
}

static void
state_cb (GlauxResultLoader *loader,
          GParamSpec        *pspec,
          Observer          *observer)
{
  observer->n_states++;
}

static void
observe (GlauxResultLoader *loader,
         Observer          *observer)
{
  g_signal_connect (loader, "finished", G_CALLBACK (finished_cb), observer);
  g_signal_connect (loader, "notify::bytes-received", G_CALLBACK (progress_cb), observer);
  g_signal_connect (loader, "notify::state", G_CALLBACK (state_cb), observer);
}

/* Starts @loader and waits for it to leave LOADING. */
static void
run_loader (GlauxResultLoader *loader,
            Observer          *observer)
{
  guint before = observer->n_finished;

  g_assert_cmpint (glaux_result_loader_get_state (loader), !=, GLAUX_RESULT_LOADER_LOADING);
  if (glaux_result_loader_get_state (loader) == GLAUX_RESULT_LOADER_IDLE)
    glaux_result_loader_start (loader);
  else
    glaux_result_loader_retry (loader);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_LOADING);
  while (observer->n_finished == before)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (observer->n_finished, ==, before + 1);
}

static void
assert_cell (GlauxResultTable *table,
             guint             row,
             guint             column,
             const char       *expected)
{
  gsize length = 0;
  const char *cell = glaux_result_table_get_cell (table, row, column, &length);

  if (expected == NULL)
    {
      g_assert_null (cell);
      return;
    }
  g_assert_nonnull (cell);
  g_assert_cmpmem (cell, length, expected, strlen (expected));
}

/* Tests */

static const char tricky_csv[] =
  "id,name,note,amount\r\n"
  "1,\"Smith, John\",\"said \"\"hi\"\"\",12.5\r\n"
  "2,\"multi\nline\",\xc3\xa9t\xc3\xa9 \xf0\x9f\x90\x8d,\r\n"
  "3,,\"\",-7\n"
  "4,\"a\r\nb\",tail,1e3\r\n";

static void
test_csv_tricky (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *uri = put_object (fixture, "tricky.csv", tricky_csv, -1);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  Observer observer = { 0 };

  loader = glaux_result_loader_new (s3 (fixture), uri, "text/csv", table, 0);
  observe (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_IDLE);
  run_loader (loader, &observer);

  g_assert_null (glaux_result_loader_get_error (loader));
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_cmpint (glaux_result_loader_get_format (loader), ==, GLAUX_RESULT_FORMAT_CSV);
  g_assert_cmpuint (glaux_result_loader_get_bytes_received (loader), ==, strlen (tricky_csv));
  g_assert_cmpint (glaux_result_loader_get_total_bytes (loader), ==, strlen (tricky_csv));
  g_assert_false (glaux_result_loader_get_text_truncated (loader));
  /* The raw text is kept too (valid UTF-8 already). */
  g_assert_cmpstr (glaux_result_loader_get_text (loader), ==, tricky_csv);

  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 4);
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 1), ==, "name");
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 4);
  /* The loader flushed once at the end: the model shows every row. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 4);
  assert_cell (table, 0, 1, "Smith, John");
  assert_cell (table, 0, 2, "said \"hi\"");
  assert_cell (table, 1, 1, "multi\nline");
  assert_cell (table, 1, 2, "\xc3\xa9t\xc3\xa9 \xf0\x9f\x90\x8d");
  assert_cell (table, 3, 1, "a\r\nb");
  assert_cell (table, 3, 3, "1e3");
  g_assert_cmpuint (observer.n_finished, ==, 1);
  /* IDLE → LOADING → DONE */
  g_assert_cmpuint (observer.n_states, ==, 2);
}

typedef struct
{
  GlauxResultLoader *loader;
  GlauxResultTable  *table;
  guint              mid_rows;      /* rows stored at a notify before the end */
  guint              mid_items;     /* rows the model showed then */
} Midway;

static void
midway_cb (GlauxResultLoader *loader,
           GParamSpec        *pspec,
           Midway            *midway)
{
  gint64 total = glaux_result_loader_get_total_bytes (loader);

  if (total > 0 && glaux_result_loader_get_bytes_received (loader) < (guint64)total &&
      glaux_result_table_get_n_rows (midway->table) > midway->mid_rows)
    {
      midway->mid_rows = glaux_result_table_get_n_rows (midway->table);
      midway->mid_items = MAX (midway->mid_items,
                               g_list_model_get_n_items (G_LIST_MODEL (midway->table)));
    }
}

static GString *
make_large_csv (guint n_rows)
{
  GString *csv = g_string_new ("n,word,value,flag,text\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "%u,w%x,%.3f,%s,\"row %u, quoted \"\"x\"\"\"\n", i, i * 7919,
                            i / 7.0, i % 2 ? "true" : "false", i);

  return csv;
}

static void
test_csv_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) csv = make_large_csv (300000);
  g_autofree char *uri = put_object (fixture, "large.csv", csv->str, csv->len);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  Observer observer = { 0 };
  Midway midway = { 0 };
  gint64 started;
  double seconds;

  g_test_message ("CSV of %zu bytes", csv->len);
  loader = glaux_result_loader_new (s3 (fixture), uri, NULL, table, 0);
  midway.loader = loader;
  midway.table = table;
  observe (loader, &observer);
  g_signal_connect (loader, "notify::bytes-received", G_CALLBACK (midway_cb), &midway);
  started = g_get_monotonic_time ();
  run_loader (loader, &observer);
  seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;

  g_assert_null (glaux_result_loader_get_error (loader));
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_cmpint (glaux_result_loader_get_format (loader), ==, GLAUX_RESULT_FORMAT_CSV);
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 300000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 300000);
  assert_cell (table, 299999, 0, "299999");
  assert_cell (table, 299999, 4, "row 299999, quoted \"x\"");
  g_assert_true (glaux_result_loader_get_text_truncated (loader));
  g_assert_cmpuint (strlen (glaux_result_loader_get_text (loader)), ==, 4 * 1024 * 1024);

  /* Rows were in the table before the download ended, and the loader left flushing to the
   * consumer (no view here: the model stayed empty until the end). */
  g_test_message ("%.3f s, %u progress notifications, %u rows at the last one before the end",
                  seconds, observer.n_progress, midway.mid_rows);
  g_assert_cmpuint (midway.mid_rows, >, 0);
  g_assert_cmpuint (midway.mid_items, ==, 0);
  /* At most 4 per second, plus the first and the final one. */
  g_assert_cmpuint (observer.n_progress, <=, 4 * seconds + 3);
  g_assert_cmpfloat (glaux_result_loader_get_rate (loader), >, 0);
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  const char *text = "hello from stdout\nsecond line \xe2\x9c\x93\n";
  g_autofree char *uri = put_object (fixture, "stdout.txt", text, -1);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  g_autoptr(GlauxResultLoader) with_table = NULL;
  Observer observer = { 0 };

  /* No table: text. */
  loader = glaux_result_loader_new (s3 (fixture), uri, "text/plain", NULL, 0);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_cmpint (glaux_result_loader_get_format (loader), ==, GLAUX_RESULT_FORMAT_TEXT);
  g_assert_cmpstr (glaux_result_loader_get_text (loader), ==, text);

  /* With a table, plain text is detected as text: the table stays empty. */
  with_table = glaux_result_loader_new (s3 (fixture), uri, "text/plain", table, 0);
  observe (with_table, &observer);
  run_loader (with_table, &observer);
  g_assert_cmpint (glaux_result_loader_get_format (with_table), ==, GLAUX_RESULT_FORMAT_TEXT);
  g_assert_cmpstr (glaux_result_loader_get_text (with_table), ==, text);
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 0);

  /* An empty object. */
  g_free (uri);
  uri = put_object (fixture, "empty.txt", "", 0);
  g_clear_object (&loader);
  loader = glaux_result_loader_new (s3 (fixture), uri, NULL, NULL, 0);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_cmpstr (glaux_result_loader_get_text (loader), ==, "");
  g_assert_cmpint (glaux_result_loader_get_total_bytes (loader), ==, 0);
}

static void
test_invalid_utf8 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) bytes = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GlauxResultLoader) loader = NULL;
  Observer observer = { 0 };

  /* Big enough to span several reads, with bad bytes and multi-byte characters throughout. */
  for (guint i = 0; i < 40000; i++)
    g_string_append (bytes, i % 5 == 0 ? "ok \xe2\x82\xac \xff bad \xc3(x\xf0\x9f\x90\x8d\n"
                                       : "line \xc3\xa9\xe6\x97\xa5\n");
  g_string_append (bytes, "cut at the end \xe2\x82");
  expected = g_utf8_make_valid (bytes->str, bytes->len);
  uri = put_object (fixture, "invalid.txt", bytes->str, bytes->len);

  loader = glaux_result_loader_new (s3 (fixture), uri, "text/plain", NULL, 0);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_true (g_utf8_validate (glaux_result_loader_get_text (loader), -1, NULL));
  g_assert_cmpstr (glaux_result_loader_get_text (loader), ==, expected);
}

static void
test_text_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GlauxResultLoader) loader = NULL;
  Observer observer = { 0 };
  const char *kept;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "\xe2\x82\xac");   /* 3 bytes each */
  uri = put_object (fixture, "euros.txt", text->str, text->len);

  /* The limit falls inside a character: it is repaired, not cut into invalid UTF-8. */
  loader = glaux_result_loader_new (s3 (fixture), uri, NULL, NULL, 1000);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_true (glaux_result_loader_get_text_truncated (loader));
  g_assert_cmpuint (glaux_result_loader_get_bytes_received (loader), ==, 3000);
  kept = glaux_result_loader_get_text (loader);
  g_assert_true (g_utf8_validate (kept, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (kept, -1), ==, 334);
  g_assert_true (g_str_has_prefix (kept, "\xe2\x82\xac\xe2\x82\xac"));
  g_assert_true (g_str_has_suffix (kept, "\xe2\x82\xac\xef\xbf\xbd"));
}

static const char json_lines[] =
  "{\"id\": 1, \"name\": \"a\"}\n"
  "{\"id\": 2, \"name\": \"b, with comma\", \"extra\": \"q\\\"uote\"}\n"
  "{\"id\": 3, \"name\": null}\n";

static void
test_json_lines (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *uri = put_object (fixture, "result.json", json_lines, -1);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  Observer observer = { 0 };

  loader = glaux_result_loader_new (s3 (fixture), uri, "application/vnd.aws.athena.v1+json",
                                    table, 0);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_null (glaux_result_loader_get_error (loader));
  g_assert_cmpint (glaux_result_loader_get_format (loader), ==, GLAUX_RESULT_FORMAT_JSON_LINES);
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 3);
  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 3);
  assert_cell (table, 1, 1, "b, with comma");
  assert_cell (table, 2, 1, NULL);
}

/* Bad data far into a large object: parsed in the worker thread, the error still ends the load
 * (FAILED, not resumable), names the line, and keeps the rows before it. */
static void
test_bad_data_late (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) csv = make_large_csv (100000);
  g_autofree char *json_uri = NULL;
  g_autofree char *csv_uri = NULL;
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultTable) csv_table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  g_autoptr(GlauxResultLoader) csv_loader = NULL;
  Observer observer = { 0 };
  const GError *error;

  for (guint i = 1; i <= 60000; i++)
    if (i == 50000)
      g_string_append (json, "{\"id\": 50000, \"name\": \"unterminated}\n");
    else
      g_string_append_printf (json, "{\"id\": %u, \"name\": \"row number %u\"}\n", i, i);
  json_uri = put_object (fixture, "late-error.json", json->str, json->len);

  loader = glaux_result_loader_new (s3 (fixture), json_uri, "application/vnd.aws.athena.v1+json",
                                    table, 0);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_FAILED);
  error = glaux_result_loader_get_error (loader);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "50000"));
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 49999);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 49999);
  assert_cell (table, 49998, 0, "49999");
  glaux_test_iterate (100);
  g_assert_cmpuint (observer.n_finished, ==, 1);

  /* A quote left open at the very end: found when the worker finishes. */
  g_string_append (csv, "100000,w,1.0,true,\"never closed\n");
  csv_uri = put_object (fixture, "late-error.csv", csv->str, csv->len);
  csv_loader = glaux_result_loader_new (s3 (fixture), csv_uri, NULL, csv_table, 0);
  observe (csv_loader, &observer);
  run_loader (csv_loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (csv_loader), ==, GLAUX_RESULT_LOADER_FAILED);
  error = glaux_result_loader_get_error (csv_loader);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "100002"));
  /* The rows before it, and the broken one as far as it went. */
  g_assert_cmpuint (glaux_result_table_get_n_rows (csv_table), ==, 100001);
  assert_cell (csv_table, 99999, 0, "99999");
  assert_cell (csv_table, 100000, 4, "never closed\n");
}

static void
test_missing_object (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  g_autoptr(GlauxResultLoader) bad_uri = NULL;
  Observer observer = { 0 };
  const GError *error;

  loader = glaux_result_loader_new (s3 (fixture), "s3://" BUCKET "/no/such/key.csv", NULL, table,
                                    0);
  observe (loader, &observer);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_FAILED);
  error = glaux_result_loader_get_error (loader);
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpstr (glaux_aws_error_get_name (error), ==, "NoSuchKey");

  bad_uri = glaux_result_loader_new (s3 (fixture), "https://example.com/x", NULL, table, 0);
  observe (bad_uri, &observer);
  glaux_result_loader_start (bad_uri);
  g_assert_cmpint (glaux_result_loader_get_state (bad_uri), ==, GLAUX_RESULT_LOADER_FAILED);
  g_assert_nonnull (glaux_result_loader_get_error (bad_uri));
  g_test_message ("%s", glaux_result_loader_get_error (bad_uri)->message);
}

static void
cancel_on_progress_cb (GlauxResultLoader *loader,
                       GParamSpec        *pspec,
                       gpointer           user_data)
{
  if (glaux_result_loader_get_bytes_received (loader) > 0)
    glaux_result_loader_cancel (loader);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) csv = make_large_csv (200000);
  g_autofree char *uri = put_object (fixture, "cancel.csv", csv->str, csv->len);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  GlauxResultLoader *dropped;
  Observer observer = { 0 };

  loader = glaux_result_loader_new (s3 (fixture), uri, NULL, table, 0);
  observe (loader, &observer);
  g_signal_connect (loader, "notify::bytes-received", G_CALLBACK (cancel_on_progress_cb), NULL);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_CANCELLED);
  g_assert_null (glaux_result_loader_get_error (loader));
  g_assert_cmpuint (glaux_result_loader_get_bytes_received (loader), <, csv->len);
  glaux_test_iterate (200);
  g_assert_cmpuint (observer.n_finished, ==, 1);

  /* Retry after a cancel resumes where it stopped. */
  g_signal_handlers_disconnect_by_func (loader, cancel_on_progress_cb, NULL);
  run_loader (loader, &observer);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 200000);
  assert_cell (table, 199999, 0, "199999");

  /* Dropping a loader mid-stream: the request is cancelled, nothing touches it afterwards. */
  dropped = glaux_result_loader_new (s3 (fixture), uri, NULL, NULL, 0);
  glaux_result_loader_start (dropped);
  glaux_test_iterate (5);
  g_object_unref (dropped);
  glaux_test_iterate (300);
}

/* Kills glaux-local once the first bytes are in. */
static void
kill_on_progress_cb (GlauxResultLoader *loader,
                     GParamSpec        *pspec,
                     Fixture           *fixture)
{
  GlauxLocalProcess *local = glaux_connection_get_local_process (fixture->connection);

  if (glaux_result_loader_get_bytes_received (loader) == 0 || local == NULL ||
      !glaux_local_process_get_running (local))
    return;

  g_test_message ("killing glaux-local after %" G_GUINT64_FORMAT " bytes",
                  glaux_result_loader_get_bytes_received (loader));
  g_assert_cmpint (kill (glaux_local_process_get_pid (local), SIGKILL), ==, 0);
  g_signal_handlers_disconnect_by_func (loader, kill_on_progress_cb, fixture);
}

static gboolean
connection_not_ready (gpointer data)
{
  return glaux_connection_get_status (GLAUX_CONNECTION (data)) != GLAUX_CONNECTION_STATUS_READY;
}

static void
test_kill_and_retry (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) csv = make_large_csv (1000000);
  g_autofree char *uri = put_object (fixture, "kill.csv", csv->str, csv->len);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  GlauxS3Client *old_client = s3 (fixture);
  Observer observer = { 0 };
  const GError *error;
  guint64 received;
  guint rows;

  g_test_message ("CSV of %zu bytes", csv->len);
  loader = glaux_result_loader_new (old_client, uri, NULL, table, 0);
  observe (loader, &observer);
  g_signal_connect (loader, "notify::bytes-received", G_CALLBACK (kill_on_progress_cb), fixture);
  run_loader (loader, &observer);

  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_FAILED);
  error = glaux_result_loader_get_error (loader);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GLAUX_AWS_ERROR);
  g_test_message ("failed: %s", error->message);
  received = glaux_result_loader_get_bytes_received (loader);
  rows = glaux_result_table_get_n_rows (table);
  g_test_message ("kept %u rows from %" G_GUINT64_FORMAT " bytes", rows, received);
  g_assert_cmpuint (received, >, 0);
  g_assert_cmpuint (received, <, csv->len);
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, 1000000);
  /* The rows so far are visible. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, rows);

  /* Reconnect: glaux-local starts again on the same data, with a new S3 client. */
  glaux_test_wait_until (connection_not_ready, fixture->connection, 30000);
  connect_and_wait (fixture->connection);
  g_assert_true (s3 (fixture) != old_client);
  glaux_result_loader_set_s3_client (loader, s3 (fixture));
  run_loader (loader, &observer);

  g_assert_null (glaux_result_loader_get_error (loader));
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  g_assert_cmpuint (glaux_result_loader_get_bytes_received (loader), ==, csv->len);
  /* Every row exactly once: the parser went on where the cut left it. */
  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 1000000);
  g_assert_cmpuint (glaux_result_table_get_n_ragged (table), ==, 0);
  for (guint row = rows - 2; row < rows + 2; row++)
    {
      g_autofree char *n = g_strdup_printf ("%u", row);
      g_autofree char *text = g_strdup_printf ("row %u, quoted \"x\"", row);

      assert_cell (table, row, 0, n);
      assert_cell (table, row, 4, text);
    }
  assert_cell (table, 999999, 0, "999999");
}

/* Export */

static char *
export_to (Fixture    *fixture,
           const char *uri,
           const char *result_type,
           const char *file_name,
           guint64    *bytes_written,
           GError    **error)
{
  g_autofree char *path = g_build_filename (glaux_test_get_home (), file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GAsyncResult *result = NULL;
  gboolean ok;

  glaux_result_export_csv_async (s3 (fixture), uri, result_type, file, NULL,
                                 glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  ok = glaux_result_export_csv_finish (result, bytes_written, error);
  g_object_unref (result);

  return ok ? g_steal_pointer (&path) : NULL;
}

static void
assert_no_temp_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (glaux_test_get_home (), 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_suffix (name, ".part"));
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GString) csv = make_large_csv (150000);
  g_autofree char *tricky_uri = put_object (fixture, "tricky.csv", tricky_csv, -1);
  g_autofree char *large_uri = put_object (fixture, "large.csv", csv->str, csv->len);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint64 written = 0;
  gsize length;

  path = export_to (fixture, tricky_uri, "text/csv", "tricky-export.csv", &written, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, tricky_csv, strlen (tricky_csv));
  g_assert_cmpuint (written, ==, strlen (tricky_csv));

  /* Large, over an existing file. */
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&path, g_free);
  path = export_to (fixture, large_uri, NULL, "tricky-export.csv", &written, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, csv->len);
  g_assert_true (memcmp (contents, csv->str, length) == 0);
  g_assert_cmpuint (written, ==, csv->len);
  assert_no_temp_files ();
}

static void
test_export_json_lines (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *uri = put_object (fixture, "result.json", json_lines, -1);
  g_autofree char *text_uri = put_object (fixture, "stdout.txt", "just text\n", -1);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  guint64 written = 0;

  path = export_to (fixture, uri, "application/vnd.aws.athena.v1+json", "json-export.csv",
                    &written, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_test_message ("exported:\n%s", contents);
  g_assert_cmpuint (written, ==, strlen (contents));
  /* The header comes first, with every key; NULL (and missing keys) are empty fields. */
  g_assert_cmpstr (contents, ==,
                   "id,name,extra\r\n"
                   "1,a,\r\n"
                   "2,\"b, with comma\",\"q\"\"uote\"\r\n"
                   "3,,\r\n");

  /* A failed export leaves an existing file alone, and no partial file behind. */
  existing = g_build_filename (glaux_test_get_home (), "keep.csv", NULL);
  g_assert_true (g_file_set_contents (existing, "old contents", -1, NULL));
  g_assert_null (export_to (fixture, "s3://" BUCKET "/missing.csv", NULL, "keep.csv", NULL,
                            &error));
  g_assert_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_clear_error (&error);
  g_assert_null (export_to (fixture, text_uri, "text/plain", "keep.csv", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_true (g_file_get_contents (existing, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "old contents");
  assert_no_temp_files ();
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/result-loader/csv-tricky", test_csv_tricky);
  ADD ("/result-loader/csv-large", test_csv_large);
  ADD ("/result-loader/text", test_text);
  ADD ("/result-loader/invalid-utf8", test_invalid_utf8);
  ADD ("/result-loader/text-limit", test_text_limit);
  ADD ("/result-loader/json-lines", test_json_lines);
  ADD ("/result-loader/bad-data-late", test_bad_data_late);
  ADD ("/result-loader/missing-object", test_missing_object);
  ADD ("/result-loader/cancel", test_cancel);
  ADD ("/result-loader/kill-and-retry", test_kill_and_retry);
  ADD ("/result-loader/export-csv", test_export_csv);
  ADD ("/result-loader/export-json-lines", test_export_json_lines);
#undef ADD

  return g_test_run ();
}
