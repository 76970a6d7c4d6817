/* test-calculation-run.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-calculation-run.h"
#include "glaux-connection.h"
#include "glaux-s3-uri.h"
#include "glaux-test-util.h"

/* Calculation runs against a real glaux-local, through a real GlauxConnection: SQL and Python
 * blocks complete with their outputs in S3, a raising block fails with its traceback, a long
 * block stops, a BUSY session refuses a second run with a clear message. */

#define SPARK_ENGINE "PySpark engine version 3"

typedef struct
{
  char            *data_dir;
  GlauxConnection *connection;
  GlauxSession    *session;
} Fixture;

static GlauxAthenaClient *
client (Fixture *fixture)
{
  GlauxAthenaClient *athena = glaux_connection_get_athena_client (fixture->connection);

  g_assert_nonnull (athena);
  return athena;
}

/* Fixture: a Spark workgroup and one IDLE session. */

static void
create_workgroup (Fixture    *fixture,
                  const char *name)
{
  g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (name);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  params->selected_engine_version = g_strdup (SPARK_ENGINE);
  glaux_athena_client_create_work_group_async (client (fixture), params, NULL,
                                               glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_athena_client_create_work_group_finish (client (fixture), result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
refresh_session (Fixture *fixture)
{
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_athena_client_get_session_status_async (client (fixture),
                                                glaux_session_get_id (fixture->session),
                                                fixture->session, NULL, glaux_test_store_result_cb,
                                                &result);
  glaux_test_wait_result (&result, 30000);
  session = glaux_athena_client_get_session_status_finish (client (fixture), result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
wait_session_state (Fixture           *fixture,
                    GlauxSessionState  state)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      refresh_session (fixture);
      if (glaux_session_get_state (fixture->session) == state)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      glaux_test_iterate (50);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GlauxStartSessionParams) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("local-%08x", g_random_int ());
  GAsyncResult *result = NULL;

  fixture->data_dir = g_build_filename (glaux_test_get_home (), name, NULL);
  fixture->connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), fixture->data_dir);
  glaux_connection_connect_async (fixture->connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_true (glaux_connection_connect_finish (fixture->connection, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  create_workgroup (fixture, "spark");
  params = glaux_start_session_params_new ("spark");
  params->max_concurrent_dpus = 4;
  glaux_athena_client_start_session_async (client (fixture), params, NULL,
                                           glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  fixture->session = glaux_athena_client_start_session_finish (client (fixture), result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  wait_session_state (fixture, GLAUX_SESSION_STATE_IDLE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Whatever was cancelled finishes on the main loop. */
  glaux_test_iterate (50);
  g_clear_object (&fixture->session);
  glaux_connection_disconnect (fixture->connection);
  g_clear_object (&fixture->connection);
  g_clear_pointer (&fixture->data_dir, g_free);
}

/* Helpers */

typedef struct
{
  guint  n_finished;
  guint  n_elapsed;
  GArray *running;   /* gboolean values of "running" notifications */
} Observer;

static void
finished_cb (GlauxCalculationRun *run,
             Observer            *observer)
{
  observer->n_finished++;
}

static void
elapsed_cb (GlauxCalculationRun *run,
            GParamSpec          *pspec,
            Observer            *observer)
{
  observer->n_elapsed++;
}

static void
running_cb (GlauxCalculationRun *run,
            GParamSpec          *pspec,
            Observer            *observer)
{
  gboolean running = glaux_calculation_run_get_running (run);

  g_array_append_val (observer->running, running);
}

static void
observe (GlauxCalculationRun *run,
         Observer            *observer)
{
  observer->running = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_signal_connect (run, "finished", G_CALLBACK (finished_cb), observer);
  g_signal_connect (run, "notify::elapsed", G_CALLBACK (elapsed_cb), observer);
  g_signal_connect (run, "notify::running", G_CALLBACK (running_cb), observer);
}

static gboolean
observer_finished (gpointer data)
{
  return ((Observer *)data)->n_finished > 0;
}

static GlauxCalculationRun *
run_to_end (Fixture    *fixture,
            const char *code,
            Observer   *observer)
{
  GlauxCalculationRun *run = glaux_calculation_run_new (fixture->connection,
                                                        glaux_session_get_id (fixture->session),
                                                        code, "test-calculation-run");

  observe (run, observer);
  g_assert_false (glaux_calculation_run_get_running (run));
  glaux_calculation_run_start (run);
  g_assert_true (glaux_calculation_run_get_running (run));
  glaux_test_wait_until (observer_finished, observer, 60000);
  g_assert_cmpuint (observer->n_finished, ==, 1);
  g_assert_false (glaux_calculation_run_get_running (run));

  return run;
}

/* The whole object at @uri, as a string. */
static char *
read_s3_text (Fixture    *fixture,
              const char *uri)
{
  GlauxS3Client *s3 = glaux_connection_get_s3_client (fixture->connection);
  g_autoptr(GlauxS3Uri) parsed = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  g_assert_nonnull (uri);
  parsed = glaux_s3_uri_parse (uri, TRUE, &error);
  g_assert_no_error (error);

  glaux_s3_client_get_object_async (s3, parsed->bucket, parsed->key, 0, -1, NULL,
                                    glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  stream = glaux_s3_client_get_object_finish (s3, result, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  g_assert_cmpint (g_output_stream_splice_finish (memory, result, &error), >=, 0);
  g_assert_no_error (error);
  g_clear_object (&result);

  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
}

static guint
count_calculations (Fixture *fixture)
{
  g_autoptr(GPtrArray) calculations = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  glaux_athena_client_list_calculation_executions_async (client (fixture),
                                                         glaux_session_get_id (fixture->session),
                                                         GLAUX_CALCULATION_STATE_UNKNOWN, 0,
                                                         NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 30000);
  calculations = glaux_athena_client_list_calculation_executions_finish (client (fixture), result,
                                                                         &error);
  g_assert_no_error (error);
  g_object_unref (result);

  return calculations->len;
}

static void
observer_clear (Observer *observer)
{
  g_clear_pointer (&observer->running, g_array_unref);
}

/* Tests */

static void
test_sql (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GlauxCalculationRun) run = NULL;
  g_autofree char *result = NULL;
  GlauxCalculation *calculation;
  Observer observer = { 0 };

  run = run_to_end (fixture, "SELECT 1 AS one", &observer);
  g_assert_null (glaux_calculation_run_get_error (run));
  calculation = glaux_calculation_run_get_calculation (run);
  g_assert_nonnull (calculation);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_COMPLETED);
  g_assert_cmpstr (glaux_calculation_get_session_id (calculation), ==,
                   glaux_session_get_id (fixture->session));
  g_assert_cmpstr (glaux_calculation_run_get_code (run), ==, "SELECT 1 AS one");
  /* The final GetCalculationExecution brought the result location. */
  g_assert_nonnull (glaux_calculation_get_result_uri (calculation));
  g_assert_nonnull (glaux_calculation_get_result_type (calculation));
  g_assert_true (g_str_has_prefix (glaux_calculation_get_result_uri (calculation), "s3://"));
  result = read_s3_text (fixture, glaux_calculation_get_result_uri (calculation));
  g_test_message ("result (%s): %s", glaux_calculation_get_result_type (calculation), result);
  g_assert_true (g_str_has_prefix (result, "one"));
  g_assert_nonnull (strstr (result, "1"));

  /* running went TRUE then FALSE, once each; elapsed is the run's duration. */
  g_assert_cmpuint (observer.running->len, ==, 2);
  g_assert_true (g_array_index (observer.running, gboolean, 0));
  g_assert_false (g_array_index (observer.running, gboolean, 1));
  g_assert_cmpint (glaux_calculation_run_get_elapsed (run), >, 0);
  g_assert_cmpint (glaux_calculation_run_get_elapsed (run), <, 60 * G_USEC_PER_SEC);
  observer_clear (&observer);
}

static void
test_python_stdout (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GlauxCalculationRun) run = NULL;
  g_autofree char *out = NULL;
  GlauxCalculation *calculation;
  Observer observer = { 0 };

  run = run_to_end (fixture, "print('hello from glaux', 6 * 7)", &observer);
  g_assert_null (glaux_calculation_run_get_error (run));
  calculation = glaux_calculation_run_get_calculation (run);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_COMPLETED);
  out = read_s3_text (fixture, glaux_calculation_get_stdout_uri (calculation));
  g_assert_nonnull (strstr (out, "hello from glaux 42"));
  observer_clear (&observer);
}

static void
test_python_failure (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GlauxCalculationRun) run = NULL;
  g_autofree char *err = NULL;
  GlauxCalculation *calculation;
  Observer observer = { 0 };

  run = run_to_end (fixture, "x = 1\nraise ValueError('broken on purpose')\n", &observer);
  /* A failing calculation is not a run error: the run followed it to its end. */
  g_assert_null (glaux_calculation_run_get_error (run));
  calculation = glaux_calculation_run_get_calculation (run);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_FAILED);
  err = read_s3_text (fixture, glaux_calculation_get_stderr_uri (calculation));
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "Traceback"));
  g_assert_nonnull (strstr (err, "ValueError: broken on purpose"));
  observer_clear (&observer);
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GlauxCalculationRun) run = NULL;
  GlauxCalculation *calculation;
  Observer observer = { 0 };
  gint64 stopped_at;
  gint64 took;

  run = glaux_calculation_run_new (fixture->connection, glaux_session_get_id (fixture->session),
                                   "import time\ntime.sleep(30)\n", NULL);
  observe (run, &observer);
  glaux_calculation_run_start (run);

  /* Let it run for a while: elapsed ticks about once a second. */
  glaux_test_iterate (2300);
  g_assert_true (glaux_calculation_run_get_running (run));
  calculation = glaux_calculation_run_get_calculation (run);
  g_assert_nonnull (calculation);
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_RUNNING);
  g_assert_cmpuint (observer.n_elapsed, >=, 2);
  g_assert_cmpuint (observer.n_elapsed, <=, 4);
  g_assert_cmpint (glaux_calculation_run_get_elapsed (run), >=, 1 * G_USEC_PER_SEC);

  stopped_at = g_get_monotonic_time ();
  glaux_calculation_run_stop (run);
  glaux_test_wait_until (observer_finished, &observer, 20000);
  took = g_get_monotonic_time () - stopped_at;
  g_test_message ("stopped in %" G_GINT64_FORMAT " ms", took / 1000);
  g_assert_cmpint (took, <, 10 * G_USEC_PER_SEC);
  g_assert_null (glaux_calculation_run_get_error (run));
  g_assert_cmpint (glaux_calculation_get_state (calculation), ==, GLAUX_CALCULATION_STATE_CANCELED);
  g_assert_cmpint (glaux_calculation_run_get_elapsed (run), <, 15 * G_USEC_PER_SEC);
  observer_clear (&observer);
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GlauxCalculationRun) first = NULL;
  g_autoptr(GlauxCalculationRun) second = NULL;
  Observer first_observer = { 0 };
  Observer second_observer = { 0 };
  const GError *error;

  first = glaux_calculation_run_new (fixture->connection, glaux_session_get_id (fixture->session),
                                     "import time\ntime.sleep(30)\n", NULL);
  observe (first, &first_observer);
  glaux_calculation_run_start (first);
  wait_session_state (fixture, GLAUX_SESSION_STATE_BUSY);
  g_assert_cmpuint (count_calculations (fixture), ==, 1);

  second = glaux_calculation_run_new (fixture->connection, glaux_session_get_id (fixture->session),
                                      "print('second')", NULL);
  observe (second, &second_observer);
  glaux_calculation_run_start (second);
  glaux_test_wait_until (observer_finished, &second_observer, 20000);
  g_assert_false (glaux_calculation_run_get_running (second));
  g_assert_null (glaux_calculation_run_get_calculation (second));
  error = glaux_calculation_run_get_error (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==,
                   "The session is busy with another calculation; wait for it to finish or stop "
                   "it (Ctrl+.)");
  g_assert_cmpuint (count_calculations (fixture), ==, 1);

  /* The first one is unaffected; stop it. */
  g_assert_true (glaux_calculation_run_get_running (first));
  glaux_calculation_run_stop (first);
  glaux_test_wait_until (observer_finished, &first_observer, 20000);
  g_assert_cmpint (glaux_calculation_get_state (glaux_calculation_run_get_calculation (first)), ==,
                   GLAUX_CALCULATION_STATE_CANCELED);
  observer_clear (&first_observer);
  observer_clear (&second_observer);
}

static void
test_not_connected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GlauxCalculationRun) run = NULL;
  Observer observer = { 0 };

  glaux_connection_disconnect (fixture->connection);
  run = glaux_calculation_run_new (fixture->connection, glaux_session_get_id (fixture->session),
                                   "print(1)", NULL);
  observe (run, &observer);
  glaux_calculation_run_start (run);
  g_assert_cmpuint (observer.n_finished, ==, 1);
  g_assert_false (glaux_calculation_run_get_running (run));
  g_assert_error (glaux_calculation_run_get_error (run), GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK);
  g_test_message ("%s", glaux_calculation_run_get_error (run)->message);
  observer_clear (&observer);
}

/* Dropping a run mid-flight cancels its requests; nothing touches the freed object. */
static void
test_abandon (Fixture       *fixture,
              gconstpointer  data)
{
  GlauxCalculationRun *run;
  Observer observer = { 0 };

  run = glaux_calculation_run_new (fixture->connection, glaux_session_get_id (fixture->session),
                                   "import time\ntime.sleep(30)\n", NULL);
  observe (run, &observer);
  glaux_calculation_run_start (run);
  glaux_test_iterate (700);
  glaux_calculation_run_abandon (run);
  g_assert_false (glaux_calculation_run_get_running (run));
  g_object_unref (run);
  glaux_test_iterate (1200);
  g_assert_cmpuint (observer.n_finished, ==, 0);

  /* The calculation itself still runs: the session is BUSY. */
  wait_session_state (fixture, GLAUX_SESSION_STATE_BUSY);
  observer_clear (&observer);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add ("/calculation-run/sql", Fixture, NULL, fixture_set_up, test_sql, fixture_tear_down);
  g_test_add ("/calculation-run/python-stdout", Fixture, NULL, fixture_set_up, test_python_stdout,
              fixture_tear_down);
  g_test_add ("/calculation-run/python-failure", Fixture, NULL, fixture_set_up,
              test_python_failure, fixture_tear_down);
  g_test_add ("/calculation-run/stop", Fixture, NULL, fixture_set_up, test_stop,
              fixture_tear_down);
  g_test_add ("/calculation-run/busy", Fixture, NULL, fixture_set_up, test_busy,
              fixture_tear_down);
  g_test_add ("/calculation-run/not-connected", Fixture, NULL, fixture_set_up, test_not_connected,
              fixture_tear_down);
  g_test_add ("/calculation-run/abandon", Fixture, NULL, fixture_set_up, test_abandon,
              fixture_tear_down);

  return g_test_run ();
}
