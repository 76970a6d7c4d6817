/* test-local-python.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "glaux-local-python-worker.h"
#include "glaux-test-util.h"

typedef struct
{
  GlauxLocalPythonOutcome *outcome;
  GError                  *error;
  gboolean                 done;
} RunResult;

typedef struct
{
  GlauxLocalPythonWorker *worker;
  char                   *catalog_path;
  guint                   exited;
} Fixture;

static void
on_exited (GlauxLocalPythonWorker *worker,
           Fixture                *fixture)
{
  fixture->exited++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("catalog-%u.db", g_random_int ());

  fixture->catalog_path = g_build_filename (glaux_test_get_home (), name, NULL);
  fixture->worker = glaux_local_python_worker_new (fixture->catalog_path);
  g_signal_connect (fixture->worker, "exited", G_CALLBACK (on_exited), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->worker);
  g_clear_pointer (&fixture->catalog_path, g_free);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunResult *run = user_data;

  run->outcome = glaux_local_python_worker_run_finish (GLAUX_LOCAL_PYTHON_WORKER (source),
                                                       result, &run->error);
  run->done = TRUE;
}

static gboolean
run_is_done (gpointer data)
{
  return ((RunResult *)data)->done;
}

static void
run_result_clear (RunResult *run)
{
  g_clear_object (&run->outcome);
  g_clear_error (&run->error);
  run->done = FALSE;
}

static void
start_run (GlauxLocalPythonWorker *worker,
           const char             *code,
           GCancellable           *cancellable,
           RunResult              *run)
{
  run_result_clear (run);
  glaux_local_python_worker_run_async (worker, code, cancellable, on_run_done, run);
}

static GlauxLocalPythonOutcome *
run_code (GlauxLocalPythonWorker *worker,
          const char             *code)
{
  RunResult run = { 0 };

  start_run (worker, code, NULL, &run);
  glaux_test_wait_until (run_is_done, &run, 30000);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.outcome);

  return run.outcome;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data != NULL ? data : "", size);
}

#define assert_stdout(outcome, expected) G_STMT_START { \
  g_autofree char *_text = bytes_to_string (glaux_local_python_outcome_get_stdout (outcome)); \
  g_assert_cmpstr (_text, ==, (expected)); \
} G_STMT_END

#define assert_stderr(outcome, expected) G_STMT_START { \
  g_autofree char *_text = bytes_to_string (glaux_local_python_outcome_get_stderr (outcome)); \
  g_assert_cmpstr (_text, ==, (expected)); \
} G_STMT_END

static void
assert_completed (GlauxLocalPythonOutcome *outcome)
{
  g_autofree char *err = bytes_to_string (glaux_local_python_outcome_get_stderr (outcome));

  if (!glaux_local_python_outcome_get_completed (outcome))
    g_error ("code block did not complete: %s", err);
  g_assert_false (glaux_local_python_outcome_get_canceled (outcome));
  g_assert_null (glaux_local_python_outcome_get_error_summary (outcome));
}

static void
test_variables_persist (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) first = NULL;
  g_autoptr(GlauxLocalPythonOutcome) second = NULL;
  g_autoptr(GlauxLocalPythonOutcome) third = NULL;
  GPid pid;

  g_assert_false (glaux_local_python_worker_is_running (fixture->worker));
  g_assert_cmpint (glaux_local_python_worker_get_started_at (fixture->worker), ==, 0);

  first = run_code (fixture->worker, "x = 40\ndef add(a, b):\n    return a + b\n");
  assert_completed (first);
  assert_stdout (first, "");
  g_assert_true (glaux_local_python_worker_is_running (fixture->worker));
  pid = glaux_local_python_worker_get_pid (fixture->worker);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (glaux_local_python_worker_get_started_at (fixture->worker), >, 0);
  g_assert_cmpint (glaux_local_python_worker_get_ended_at (fixture->worker), ==, 0);

  second = run_code (fixture->worker, "x = add(x, 2)\nprint('x is', x)");
  assert_completed (second);
  assert_stdout (second, "x is 42\n");

  /* The last expression is shown like a notebook would; None is not. */
  third = run_code (fixture->worker, "import sys\n{'x': x, 'same': __name__}\n");
  assert_completed (third);
  assert_stdout (third, "{'x': 42, 'same': '__main__'}\n");
  g_assert_cmpint (glaux_local_python_worker_get_pid (fixture->worker), ==, pid);
  g_assert_null (glaux_local_python_outcome_get_result_csv (third));
}

static void
test_prints (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) outcome = NULL;
  g_autoptr(GlauxLocalPythonOutcome) none = NULL;

  outcome = run_code (fixture->worker,
                      "import sys, os\n"
                      "print('to stdout')\n"
                      "print('to stderr', file=sys.stderr)\n"
                      "sys.stdout.write('h\\u00e9llo ')\n"
                      "os.write(1, b'raw fd 1\\n')\n"
                      "print(input.__name__, end='')\n"
                      "'last'");
  assert_completed (outcome);
  assert_stdout (outcome, "to stdout\nhéllo input'last'\n");
  /* Writes below Python's sys.stdout can never reach the protocol; they land in stderr. */
  assert_stderr (outcome, "to stderr\nraw fd 1\n");

  none = run_code (fixture->worker, "None");
  assert_completed (none);
  assert_stdout (none, "");
}

static void
test_traceback (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) outcome = NULL;
  g_autoptr(GlauxLocalPythonOutcome) nested = NULL;
  g_autoptr(GlauxLocalPythonOutcome) syntax = NULL;
  g_autoptr(GlauxLocalPythonOutcome) after = NULL;

  outcome = run_code (fixture->worker, "print('before')\nfoobar\nprint('never')");
  g_assert_false (glaux_local_python_outcome_get_completed (outcome));
  g_assert_false (glaux_local_python_outcome_get_canceled (outcome));
  assert_stdout (outcome, "before\n");
  assert_stderr (outcome,
                 "Traceback (most recent call last):\n"
                 "  File \"<stdin>\", line 2, in <module>\n"
                 "NameError: name 'foobar' is not defined\n");
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (outcome), ==,
                   "NameError: name 'foobar' is not defined");

  nested = run_code (fixture->worker,
                     "def f(n):\n"
                     "    return 1 / n\n"
                     "\n"
                     "f(0)\n");
  assert_stderr (nested,
                 "Traceback (most recent call last):\n"
                 "  File \"<stdin>\", line 4, in <module>\n"
                 "  File \"<stdin>\", line 2, in f\n"
                 "ZeroDivisionError: division by zero\n");

  syntax = run_code (fixture->worker, "x = 1\ny = (\n");
  g_assert_false (glaux_local_python_outcome_get_completed (syntax));
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (syntax), ==,
                   "SyntaxError: '(' was never closed");
  {
    g_autofree char *err = bytes_to_string (glaux_local_python_outcome_get_stderr (syntax));

    g_assert_true (g_str_has_prefix (err, "  File \"<stdin>\", line 2\n"));
    g_assert_null (strstr (err, "ast.py"));
  }

  /* A failure does not lose the session's variables or the process. */
  after = run_code (fixture->worker, "print(f(4))");
  assert_completed (after);
  assert_stdout (after, "0.25\n");
  g_assert_cmpuint (fixture->exited, ==, 0);
}

static void
test_display_csv (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) shown = NULL;
  g_autoptr(GlauxLocalPythonOutcome) last = NULL;
  g_autoptr(GlauxLocalPythonOutcome) wrong = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_last = NULL;

  shown = run_code (fixture->worker,
                    "df = spark.sql(\"SELECT 1 AS n, 'a,b' AS s, NULL AS z, '' AS e, 2.5 AS f "
                    "UNION ALL SELECT 2, 'say \\\"hi\\\"', 7, 'x', 1e20\")\n"
                    "display(df)\n"
                    "print(df.count(), df.columns)");
  assert_completed (shown);
  assert_stdout (shown, "2 ['n', 's', 'z', 'e', 'f']\n");
  g_assert_nonnull (glaux_local_python_outcome_get_result_csv (shown));
  csv = bytes_to_string (glaux_local_python_outcome_get_result_csv (shown));
  g_assert_cmpstr (csv, ==,
                   "n,s,z,e,f\r\n"
                   "1,\"a,b\",,\"\",2.5\r\n"
                   "2,\"say \"\"hi\"\"\",7,x,1.0e+20\r\n");

  /* A DataFrame as the last expression is the result table, not printed. */
  last = run_code (fixture->worker, "spark.sql('SELECT 3 AS three')");
  assert_completed (last);
  assert_stdout (last, "");
  csv_last = bytes_to_string (glaux_local_python_outcome_get_result_csv (last));
  g_assert_cmpstr (csv_last, ==, "three\r\n3\r\n");

  wrong = run_code (fixture->worker, "display(42)");
  g_assert_false (glaux_local_python_outcome_get_completed (wrong));
  g_assert_null (glaux_local_python_outcome_get_result_csv (wrong));
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (wrong), ==,
                   "TypeError: display() takes a DataFrame from spark.sql() "
                   "(or a pandas DataFrame), not int");
}

static void
test_show_table (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) outcome = NULL;
  g_autoptr(GlauxLocalPythonOutcome) top = NULL;
  g_autoptr(GlauxLocalPythonOutcome) collected = NULL;

  outcome = run_code (fixture->worker,
                      "df = spark.sql(\"SELECT 1 AS id, 'short' AS name, NULL AS v, 0.5 AS d "
                      "UNION ALL SELECT 22, 'a string longer than twenty chars', 3, 12345678.0 "
                      "ORDER BY id\")\n"
                      "df.show()");
  assert_completed (outcome);
  assert_stdout (outcome,
                 "+---+--------------------+----+-----------+\n"
                 "| id|                name|   v|          d|\n"
                 "+---+--------------------+----+-----------+\n"
                 "|  1|               short|null|        0.5|\n"
                 "| 22|a string longer t...|   3|1.2345678E7|\n"
                 "+---+--------------------+----+-----------+\n"
                 "\n");

  top = run_code (fixture->worker, "df.show(1, truncate=False)");
  assert_stdout (top,
                 "+---+-----+----+---+\n"
                 "|id |name |v   |d  |\n"
                 "+---+-----+----+---+\n"
                 "|1  |short|null|0.5|\n"
                 "+---+-----+----+---+\n"
                 "only showing top 1 row\n"
                 "\n");

  collected = run_code (fixture->worker,
                        "rows = df.collect()\n"
                        "print(rows[1].name, rows[1]['id'], rows[0].asDict())\n"
                        "print(rows[0], tuple(rows[0]) == (1, 'short', None, 0.5))\n"
                        "df");
  assert_completed (collected);
  assert_stdout (collected,
                 "a string longer than twenty chars 22 "
                 "{'id': 1, 'name': 'short', 'v': None, 'd': 0.5}\n"
                 "Row(id=1, name='short', v=None, d=0.5) True\n");
}

static void
test_unsupported (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const cases[][2] = {
    { "spark.read.csv('s3://x/')", "'spark.read'" },
    { "spark.createDataFrame([(1,)])", "'spark.createDataFrame'" },
    { "spark.sql('SELECT 1 AS a').groupBy('a')", "'DataFrame.groupBy'" },
    { "sc.parallelize([1])", "'sc.parallelize'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GlauxLocalPythonOutcome) outcome = run_code (fixture->worker, cases[i][0]);
      g_autofree char *expected = g_strdup_printf (
        "AttributeError: glaux-local is not Apache Spark: %s is not supported. Supported: "
        "spark.sql(query), DataFrame.show/collect/count/columns/toPandas, display(df).",
        cases[i][1]);

      g_assert_false (glaux_local_python_outcome_get_completed (outcome));
      g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (outcome), ==, expected);
    }

  {
    g_autoptr(GlauxLocalPythonOutcome) outcome = run_code (fixture->worker,
                                                           "from pyspark.sql import functions");
    g_autofree char *err = bytes_to_string (glaux_local_python_outcome_get_stderr (outcome));

    g_assert_false (glaux_local_python_outcome_get_completed (outcome));
    g_assert_nonnull (strstr (err, "ImportError: glaux-local is not Apache Spark: "
                                   "'import pyspark' is not supported."));
  }
}

static void
test_sql_catalog (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) created = NULL;
  g_autoptr(GlauxLocalPythonOutcome) missing = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  created = run_code (fixture->worker,
                      "spark.sql('CREATE TABLE t (k INTEGER, v TEXT)')\n"
                      "spark.sql(\"INSERT INTO t VALUES (1, 'one'), (2, 'two')\")\n"
                      "spark.sql('SELECT count(*) AS c FROM t').collect()[0].c");
  assert_completed (created);
  assert_stdout (created, "2\n");

  /* The same catalog file is what glaux-local's SQL engine reads. */
  g_assert_cmpint (sqlite3_open (fixture->catalog_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat(v, '+') FROM t", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "one+two");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  missing = run_code (fixture->worker, "spark.sql('SELECT * FROM nowhere')");
  g_assert_false (glaux_local_python_outcome_get_completed (missing));
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (missing), ==,
                   "sqlite3.OperationalError: no such table: nowhere");
}

typedef struct
{
  guint ticks;
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  ((Ticker *)user_data)->ticks++;

  return G_SOURCE_CONTINUE;
}

static void
interrupt_and_check (Fixture    *fixture,
                     const char *code,
                     const char *expected_line)
{
  RunResult run = { 0 };
  g_autoptr(GlauxLocalPythonOutcome) after = NULL;
  g_autofree char *err = NULL;
  Ticker ticker = { 0 };
  guint tick_id;
  gint64 start;

  start_run (fixture->worker, code, NULL, &run);
  /* The main loop keeps turning while the code runs. */
  tick_id = g_timeout_add (10, on_tick, &ticker);
  glaux_test_iterate (400);
  g_source_remove (tick_id);
  g_assert_false (run.done);
  g_assert_cmpuint (ticker.ticks, >=, 20);
  g_assert_true (glaux_local_python_worker_is_busy (fixture->worker));

  start = g_get_monotonic_time ();
  glaux_local_python_worker_interrupt (fixture->worker);
  glaux_test_wait_until (run_is_done, &run, 10000);
  g_test_message ("interrupt took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * G_TIME_SPAN_MILLISECOND);

  g_assert_no_error (run.error);
  g_assert_false (glaux_local_python_outcome_get_completed (run.outcome));
  g_assert_true (glaux_local_python_outcome_get_canceled (run.outcome));
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (run.outcome), ==,
                   "KeyboardInterrupt");
  err = bytes_to_string (glaux_local_python_outcome_get_stderr (run.outcome));
  g_assert_nonnull (strstr (err, expected_line));
  run_result_clear (&run);

  /* The worker survives with its variables. */
  after = run_code (fixture->worker, "print(kept)");
  assert_completed (after);
  assert_stdout (after, "yes\n");
  g_assert_cmpuint (fixture->exited, ==, 0);
}

static void
test_interrupt (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) setup = run_code (fixture->worker, "kept = 'yes'");

  assert_completed (setup);
  interrupt_and_check (fixture, "while True:\n    pass\n", "File \"<stdin>\", line ");
  interrupt_and_check (fixture, "import time\n\ntime.sleep(60)", "line 3, in <module>");
  interrupt_and_check (fixture,
                       "spark.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                       "WHERE x < 1000000000) SELECT count(*) FROM c').show()",
                       "line 1, in <module>");
}

static void
test_interrupt_ignored (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) setup = run_code (fixture->worker, "kept = 'yes'");
  g_autoptr(GlauxLocalPythonOutcome) after = NULL;
  g_autofree char *err = NULL;
  RunResult run = { 0 };
  gint64 start;

  start_run (fixture->worker,
             "import time\n"
             "print('stubborn')\n"
             "while True:\n"
             "    try:\n"
             "        time.sleep(10)\n"
             "    except KeyboardInterrupt:\n"
             "        pass\n", NULL, &run);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  start = g_get_monotonic_time ();
  glaux_local_python_worker_interrupt (fixture->worker);
  glaux_test_wait_until (run_is_done, &run, 10000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5000 * G_TIME_SPAN_MILLISECOND);

  g_assert_no_error (run.error);
  g_assert_true (glaux_local_python_outcome_get_canceled (run.outcome));
  err = bytes_to_string (glaux_local_python_outcome_get_stderr (run.outcome));
  g_assert_nonnull (strstr (err, "did not stop within 3 seconds of the interrupt"));
  g_assert_cmpuint (fixture->exited, ==, 1);
  g_assert_false (glaux_local_python_worker_is_running (fixture->worker));
  g_assert_cmpint (glaux_local_python_worker_get_ended_at (fixture->worker), >,
                   glaux_local_python_worker_get_started_at (fixture->worker));
  run_result_clear (&run);

  /* The next block gets a fresh process, without the old variables. */
  after = run_code (fixture->worker, "'kept' in dir()");
  assert_completed (after);
  assert_stdout (after, "False\n");
}

static void
test_large_output (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) outcome = NULL;
  g_autoptr(GlauxLocalPythonOutcome) table = NULL;
  GBytes *out;
  gsize size = 0;
  const char *text;

  outcome = run_code (fixture->worker,
                      "import sys\n"
                      "line = 'x' * 99\n"
                      "for i in range(50000):\n"
                      "    print(line)\n"
                      "written = sys.stderr.write('e' * 3000000)\n");
  assert_completed (outcome);
  out = glaux_local_python_outcome_get_stdout (outcome);
  text = g_bytes_get_data (out, &size);
  g_assert_cmpuint (size, ==, 5000000);
  g_assert_cmpint (text[99], ==, '\n');
  g_assert_cmpint (text[size - 1], ==, '\n');
  g_assert_cmpuint (g_bytes_get_size (glaux_local_python_outcome_get_stderr (outcome)), ==,
                    3000000);

  table = run_code (fixture->worker,
                    "display(spark.sql(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                    "SELECT x + 1 FROM c WHERE x < 100000) SELECT x, printf('%040d', x) AS p "
                    "FROM c\"))");
  assert_completed (table);
  g_assert_cmpuint (g_bytes_get_size (glaux_local_python_outcome_get_result_csv (table)), >,
                    4000000);
}

static void
test_python_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *empty = g_build_filename (glaux_test_get_home (), "empty-bin", NULL);
  RunResult run = { 0 };

  g_mkdir_with_parents (empty, 0700);
  g_setenv ("PATH", empty, TRUE);
  start_run (fixture->worker, "print(1)", NULL, &run);
  glaux_test_wait_until (run_is_done, &run, 5000);
  g_setenv ("PATH", saved_path, TRUE);

  g_assert_error (run.error, GLAUX_LOCAL_PYTHON_ERROR, GLAUX_LOCAL_PYTHON_ERROR_NOT_FOUND);
  g_assert_cmpstr (run.error->message, ==,
                   "Python code blocks need python3, which was not found on PATH; "
                   "SQL blocks (%%sql) still work.");
  g_assert_false (glaux_local_python_worker_is_running (fixture->worker));
  run_result_clear (&run);

  /* With python3 back on PATH the same worker works. */
  start_run (fixture->worker, "print(1)", NULL, &run);
  glaux_test_wait_until (run_is_done, &run, 30000);
  g_assert_no_error (run.error);
  assert_stdout (run.outcome, "1\n");
  run_result_clear (&run);
}

static void
test_crash (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GlauxLocalPythonOutcome) crashed = NULL;
  g_autoptr(GlauxLocalPythonOutcome) after = NULL;
  g_autofree char *err = NULL;

  crashed = run_code (fixture->worker,
                      "import os, sys\n"
                      "kept = 1\n"
                      "os.write(2, b'dying\\n')\n"
                      "os._exit(3)");
  g_assert_false (glaux_local_python_outcome_get_completed (crashed));
  g_assert_false (glaux_local_python_outcome_get_canceled (crashed));
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (crashed), ==,
                   "The Python worker exited with status 3");
  err = bytes_to_string (glaux_local_python_outcome_get_stderr (crashed));
  g_assert_cmpstr (err, ==,
                   "dying\nThe Python worker (python3) exited with status 3 while running this "
                   "code block; variables defined earlier in this session are lost.\n");
  g_assert_cmpuint (fixture->exited, ==, 1);

  after = run_code (fixture->worker, "print('kept' in dir())");
  assert_completed (after);
  assert_stdout (after, "False\n");
}

static void
test_busy_and_stop (Fixture       *fixture,
                    gconstpointer  data)
{
  RunResult first = { 0 };
  RunResult second = { 0 };

  start_run (fixture->worker, "import time\ntime.sleep(30)", NULL, &first);
  start_run (fixture->worker, "print(2)", NULL, &second);
  glaux_test_wait_until (run_is_done, &second, 5000);
  g_assert_error (second.error, GLAUX_LOCAL_PYTHON_ERROR, GLAUX_LOCAL_PYTHON_ERROR_BUSY);
  g_assert_false (first.done);

  glaux_local_python_worker_stop (fixture->worker);
  glaux_test_wait_until (run_is_done, &first, 5000);
  g_assert_no_error (first.error);
  g_assert_false (glaux_local_python_outcome_get_completed (first.outcome));
  g_assert_false (glaux_local_python_outcome_get_canceled (first.outcome));
  g_assert_cmpstr (glaux_local_python_outcome_get_error_summary (first.outcome), ==,
                   "The Python worker was stopped");
  g_assert_cmpuint (fixture->exited, ==, 1);
  g_assert_false (glaux_local_python_worker_is_running (fixture->worker));
  g_assert_false (glaux_local_python_worker_is_busy (fixture->worker));
  g_assert_cmpint (glaux_local_python_worker_get_pid (fixture->worker), ==, 0);

  run_result_clear (&first);
  run_result_clear (&second);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancellable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  g_autoptr(GlauxLocalPythonOutcome) before = NULL;
  g_autoptr(GlauxLocalPythonOutcome) after = NULL;
  RunResult run = { 0 };

  /* Set in a block of its own: how soon python3 runs a block's first line under load is not
   * the point; that a cancelled block leaves the session's variables is. */
  before = run_code (fixture->worker, "kept = 5");
  assert_completed (before);
  start_run (fixture->worker, "import time\ntime.sleep(30)", cancellable, &run);
  g_timeout_add (300, cancel_later, cancellable);
  glaux_test_wait_until (run_is_done, &run, 5000);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Cancelled before python3 even saw the block: it never runs to its end. */
  g_cancellable_cancel (early);
  start_run (fixture->worker, "import time\ntime.sleep(30)\nkept = 6", early, &run);
  glaux_test_wait_until (run_is_done, &run, 5000);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  run_result_clear (&run);

  after = run_code (fixture->worker, "kept");
  assert_stdout (after, "5\n");
  g_assert_cmpuint (fixture->exited, ==, 0);
}

static void
add_test (const char *name,
          void (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/glaux/local/PythonWorker/%s", name);

  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int    argc,
      char **argv)
{
  glaux_test_init (&argc, &argv);

  add_test ("variables-persist", test_variables_persist);
  add_test ("prints", test_prints);
  add_test ("traceback", test_traceback);
  add_test ("display-csv", test_display_csv);
  add_test ("show-table", test_show_table);
  add_test ("unsupported", test_unsupported);
  add_test ("sql-catalog", test_sql_catalog);
  add_test ("interrupt", test_interrupt);
  add_test ("interrupt-ignored", test_interrupt_ignored);
  add_test ("large-output", test_large_output);
  add_test ("python-missing", test_python_missing);
  add_test ("crash", test_crash);
  add_test ("busy-and-stop", test_busy_and_stop);
  add_test ("cancellable", test_cancellable);

  return g_test_run ();
}
