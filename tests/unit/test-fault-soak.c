/* test-fault-soak.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-athena-client.h"
#include "glaux-aws-error.h"
#include "glaux-fault-proxy.h"
#include "glaux-http.h"
#include "glaux-result-loader.h"
#include "glaux-s3-client.h"
#include "glaux-s3-uri.h"
#include "glaux-static-credentials-provider.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

/* 1,000 mixed operations through the fault proxy (15 % of the requests get a fault) against a
 * real glaux-local: sessions started and terminated, calculations run to the end with their
 * results downloaded, objects downloaded whole, by range and through GlauxResultLoader (whose
 * retry() resumes with a Range request), CSV exports, list calls. Eight lanes run at once.
 * Every operation must end in success or a clear error; downloads must be byte-identical; the
 * server must hold no duplicate session or calculation, and every start the client retried
 * must have repeated its ClientRequestToken. The faults by kind go to the TAP log and to
 * tests/output/fault-soak.txt. */

#define N_OPERATIONS     1000
#define N_LANES          8
#define FAULT_RATE       0.15
#define SEED             20261121
#define TIME_SCALE       20.0
#define WORKGROUP        "soak"
#define BUCKET           "soak-data"
#define SOCKET_TIMEOUT_S 2
#define CALL_TIMEOUT_MS  30000
#define POLL_MS          20
#define MAX_POLLS        1500
#define LOADER_RETRIES   4

typedef enum
{
  OP_START_SESSION,
  OP_TERMINATE_SESSION,
  OP_CALCULATION,
  OP_LOADER,
  OP_RANGE,
  OP_EXPORT,
  OP_LIST_SESSIONS,
  OP_LIST_CALCULATIONS,
  OP_LIST_OBJECTS,
  N_OPS
} OpKind;

static const char *op_names[N_OPS] = {
  "start-session", "terminate-session", "calculation", "result-loader", "range-get",
  "csv-export", "list-sessions", "list-calculations", "list-objects",
};

/* Objects written straight into glaux-local's data folder, downloaded through the proxy. */
static const struct
{
  const char *key;
  gsize       size;
  gboolean    text;
} objects[] = {
  { "small.txt", 700, TRUE },
  { "medium.csv", 300 * 1024, TRUE },
  { "large.csv", 3 * 1024 * 1024, TRUE },
  { "binary.bin", 1024 * 1024 + 17, FALSE },
};

typedef struct _Soak Soak;

typedef struct
{
  Soak              *soak;
  guint              index;
  char              *session_id;    /* an IDLE session of this lane, or NULL */

  OpKind             op;
  char              *description;
  guint              polls;
  guint              poll_failures;
  GlauxCalculation  *calculation;
  GlauxResultLoader *loader;
  guint              loader_retries;
  guint              object;
  guint64            offset;
  gint64             length;
  GOutputStream     *sink;
  GAsyncReadyCallback spliced;      /* gets the object once it is all in sink */
  GFile             *export_file;
  GCancellable      *cancellable;
} Lane;

struct _Soak
{
  GlauxTestLocal    *local;
  GlauxFaultProxy   *proxy;
  SoupSession       *session;
  GlauxAthenaClient *athena;
  GlauxS3Client     *s3;
  GRand             *rand;
  GBytes            *object_data[G_N_ELEMENTS (objects)];
  Lane               lanes[N_LANES];
  guint              n_started;
  guint              n_finished;
  guint              n_lanes_running;
  guint              successes[N_OPS];
  guint              failures[N_OPS];
  GHashTable        *errors;         /* message pattern → count */
  GHashTable        *sessions;       /* description → session id, for starts that succeeded */
  GHashTable        *calculations;   /* description → calculation id */
  guint64            bytes_compared;
  guint              server_sessions;
  guint              server_calculations;
  guint              start_requests;
  guint              start_calls;
  guint              start_retries;
};

static void lane_next (Lane *lane);

/* ---- Outcomes ----------------------------------------------------------------------------- */

/* The message with ids and numbers blanked (words of digits, long hex words such as UUIDs),
 * so that like errors are counted together. */
static char *
error_pattern (const GError *error)
{
  GString *pattern = g_string_new (NULL);
  const char *p = error->message;

  while (*p != '\0' && pattern->len < 110)
    {
      const char *end = p;
      gboolean digits = TRUE;
      gboolean hex = TRUE;
      gboolean has_digit = FALSE;

      while (g_ascii_isalnum (*end) || *end == '-' || *end == '.')
        {
          digits = digits && (g_ascii_isdigit (*end) || *end == '.');
          hex = hex && (g_ascii_isxdigit (*end) || *end == '-');
          has_digit = has_digit || g_ascii_isdigit (*end);
          end++;
        }

      if (end == p)
        g_string_append_c (pattern, *p++);
      else
        {
          if ((digits && has_digit) || (hex && has_digit && end - p >= 8))
            g_string_append_c (pattern, '#');
          else
            g_string_append_len (pattern, p, end - p);
          p = end;
        }
    }

  return g_string_free (pattern, FALSE);
}

/* A clear error names what happened: a non-empty message, in a domain Glaux reports from. */
static void
assert_clear_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  if (strlen (error->message) < 10)
    g_error ("Unclear error message: “%s”", error->message);
  if (error->domain != GLAUX_AWS_ERROR && error->domain != G_IO_ERROR)
    g_error ("Error outside GLAUX_AWS_ERROR / G_IO_ERROR: %s (%s)", error->message,
             g_quark_to_string (error->domain));
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}

static void
lane_reset_op (Lane *lane)
{
  g_clear_pointer (&lane->description, g_free);
  g_clear_object (&lane->calculation);
  g_clear_object (&lane->loader);
  g_clear_object (&lane->sink);
  if (lane->export_file != NULL)
    g_file_delete (lane->export_file, NULL, NULL);
  g_clear_object (&lane->export_file);
  lane->polls = 0;
  lane->poll_failures = 0;
  lane->loader_retries = 0;
}

static gboolean
lane_next_cb (gpointer data)
{
  lane_next (data);

  return G_SOURCE_REMOVE;
}

/* Records the outcome and starts the lane's next operation from an idle, so no callback
 * recurses into the next one. Takes @error. */
static void
op_done (Lane   *lane,
         GError *error)
{
  Soak *soak = lane->soak;

  if (error != NULL)
    {
      g_autofree char *pattern = NULL;
      char *key;

      assert_clear_error (error);
      pattern = error_pattern (error);
      key = g_strdup_printf ("%s: %s", op_names[lane->op], pattern);
      g_hash_table_insert (soak->errors, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (soak->errors,
                                                                                    key)) + 1));
      soak->failures[lane->op]++;
      g_debug ("lane %u: %s failed: %s", lane->index, op_names[lane->op], error->message);
      g_error_free (error);
    }
  else
    {
      soak->successes[lane->op]++;
    }

  soak->n_finished++;
  lane_reset_op (lane);
  g_idle_add (lane_next_cb, lane);
}

/* ---- Objects ---------------------------------------------------------------------------- */

static char *
local_path_for_uri (Soak       *soak,
                    const char *uri_text)
{
  g_autoptr(GlauxS3Uri) uri = glaux_s3_uri_parse (uri_text, TRUE, NULL);

  g_assert_nonnull (uri);
  return g_build_filename (soak->local->data_dir, "s3", uri->bucket, uri->key, NULL);
}

static GBytes *
read_local_object (Soak       *soak,
                   const char *uri_text)
{
  g_autofree char *path = local_path_for_uri (soak, uri_text);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (data, size);
}

static void
assert_same_bytes (Soak         *soak,
                   const char   *what,
                   gconstpointer expected,
                   gsize         expected_size,
                   gconstpointer actual,
                   gsize         actual_size)
{
  if (expected_size != actual_size || memcmp (expected, actual, expected_size) != 0)
    g_error ("%s: the downloaded %" G_GSIZE_FORMAT " bytes differ from the %" G_GSIZE_FORMAT
             " bytes in glaux-local's data folder", what, actual_size, expected_size);
  soak->bytes_compared += actual_size;
}

static GBytes *
make_object (guint index)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (index + 1);

  if (!objects[index].text)
    {
      for (gsize i = 0; i < objects[index].size; i++)
        g_string_append_c (text, (char)g_rand_int_range (rand, 0, 256));
      return g_string_free_to_bytes (text);
    }

  g_string_append (text, "id,name,amount\n");
  for (guint row = 1; text->len < objects[index].size; row++)
    g_string_append_printf (text, "%u,\"row %u, é\",%d.%02d\n", row, row,
                            g_rand_int_range (rand, -100000, 100000), g_rand_int_range (rand, 0, 100));
  g_string_truncate (text, objects[index].size);

  return g_string_free_to_bytes (text);
}

static void
write_objects (Soak *soak)
{
  g_autofree char *bucket = g_build_filename (soak->local->data_dir, "s3", BUCKET, NULL);

  g_assert_cmpint (g_mkdir_with_parents (bucket, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autofree char *path = g_build_filename (bucket, objects[i].key, NULL);
      g_autoptr(GError) error = NULL;

      soak->object_data[i] = make_object (i);
      g_file_set_contents (path, g_bytes_get_data (soak->object_data[i], NULL),
                           g_bytes_get_size (soak->object_data[i]), &error);
      g_assert_no_error (error);
    }
}

/* ---- Sessions --------------------------------------------------------------------------- */

static void poll_session (Lane *lane);

static gboolean
poll_session_cb (gpointer data)
{
  poll_session (data);

  return G_SOURCE_REMOVE;
}

static void
session_polled_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lane *lane = user_data;
  g_autoptr(GlauxSession) session = NULL;
  GError *error = NULL;

  session = glaux_athena_client_get_session_status_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                           &error);
  if (session == NULL)
    {
      /* The next poll may get through; give up only when several in a row fail. */
      if (++lane->poll_failures >= 4)
        {
          g_prefix_error (&error, "Waiting for session %s: ", lane->session_id);
          g_clear_pointer (&lane->session_id, g_free);
          op_done (lane, error);
          return;
        }
      g_error_free (error);
    }
  else
    {
      lane->poll_failures = 0;
      switch (glaux_session_get_state (session))
        {
        case GLAUX_SESSION_STATE_IDLE:
          op_done (lane, NULL);
          return;
        case GLAUX_SESSION_STATE_CREATING:
        case GLAUX_SESSION_STATE_CREATED:
        case GLAUX_SESSION_STATE_BUSY:
          break;
        case GLAUX_SESSION_STATE_UNKNOWN:
        case GLAUX_SESSION_STATE_TERMINATING:
        case GLAUX_SESSION_STATE_TERMINATED:
        case GLAUX_SESSION_STATE_DEGRADED:
        case GLAUX_SESSION_STATE_FAILED:
        default:
          g_error ("Session %s went %s while starting", lane->session_id,
                   glaux_session_get_state_name (session));
        }
    }

  if (++lane->polls > MAX_POLLS)
    g_error ("Session %s never became IDLE", lane->session_id);
  g_timeout_add (POLL_MS, poll_session_cb, lane);
}

static void
poll_session (Lane *lane)
{
  glaux_athena_client_get_session_status_async (lane->soak->athena, lane->session_id, NULL,
                                                lane->cancellable, session_polled_cb, lane);
}

static void
session_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Lane *lane = user_data;
  g_autoptr(GlauxSession) session = NULL;
  GError *error = NULL;

  session = glaux_athena_client_start_session_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                      &error);
  if (session == NULL)
    {
      op_done (lane, error);
      return;
    }

  g_assert_null (g_hash_table_lookup (lane->soak->sessions, lane->description));
  g_hash_table_insert (lane->soak->sessions, g_strdup (lane->description),
                       g_strdup (glaux_session_get_id (session)));
  lane->session_id = g_strdup (glaux_session_get_id (session));
  poll_session (lane);
}

static void
start_session (Lane *lane)
{
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new (WORKGROUP);

  lane->description = g_strdup_printf ("soak-session-%04u", lane->soak->n_started);
  params->description = g_strdup (lane->description);
  params->max_concurrent_dpus = 2;
  params->idle_timeout_minutes = 480;
  glaux_athena_client_start_session_async (lane->soak->athena, params, lane->cancellable,
                                           session_started_cb, lane);
}

static void
session_terminated_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Lane *lane = user_data;
  GError *error = NULL;

  glaux_athena_client_terminate_session_finish (GLAUX_ATHENA_CLIENT (object), result, NULL,
                                                &error);
  op_done (lane, error);
}

static void
terminate_session (Lane *lane)
{
  g_autofree char *session_id = g_steal_pointer (&lane->session_id);

  /* Whatever the answer, the lane starts afresh: a failed terminate may still have happened. */
  glaux_athena_client_terminate_session_async (lane->soak->athena, session_id, NULL,
                                               lane->cancellable, session_terminated_cb, lane);
}

/* ---- Calculations ----------------------------------------------------------------------- */

static void poll_calculation (Lane *lane);

static gboolean
poll_calculation_cb (gpointer data)
{
  poll_calculation (data);

  return G_SOURCE_REMOVE;
}

static void
result_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lane *lane = user_data;
  GMemoryOutputStream *sink = G_MEMORY_OUTPUT_STREAM (lane->sink);
  const char *uri = glaux_calculation_get_result_uri (lane->calculation);
  g_autoptr(GBytes) expected = NULL;
  GError *error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      op_done (lane, error);
      return;
    }

  expected = read_local_object (lane->soak, uri);
  assert_same_bytes (lane->soak, uri, g_bytes_get_data (expected, NULL),
                     g_bytes_get_size (expected), g_memory_output_stream_get_data (sink),
                     g_memory_output_stream_get_data_size (sink));
  op_done (lane, NULL);
}

/* Streams an object (or a range of it) into lane->sink, then calls lane->spliced. */
static void
object_got_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Lane *lane = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GlauxS3Object) info = NULL;
  GError *error = NULL;

  stream = glaux_s3_client_get_object_finish (GLAUX_S3_CLIENT (object), result, &info, &error);
  if (stream == NULL)
    {
      op_done (lane, error);
      return;
    }

  lane->sink = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (lane->sink, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, lane->cancellable, lane->spliced, lane);
}

static void
get_object (Lane                *lane,
            const char          *uri_text,
            guint64              offset,
            gint64               length,
            GAsyncReadyCallback  spliced)
{
  g_autoptr(GlauxS3Uri) uri = glaux_s3_uri_parse (uri_text, TRUE, NULL);

  g_assert_nonnull (uri);
  lane->spliced = spliced;
  glaux_s3_client_get_object_async (lane->soak->s3, uri->bucket, uri->key, offset, length,
                                    lane->cancellable, object_got_cb, lane);
}

static void
calculation_got_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Lane *lane = user_data;
  g_autoptr(GlauxCalculation) calculation = NULL;
  GError *error = NULL;

  calculation = glaux_athena_client_get_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object),
                                                                      result, &error);
  if (calculation == NULL)
    {
      op_done (lane, error);
      return;
    }

  if (glaux_calculation_get_state (calculation) != GLAUX_CALCULATION_STATE_COMPLETED)
    g_error ("Calculation %s ended %s: %s", glaux_calculation_get_id (calculation),
             glaux_calculation_get_state_name (calculation),
             glaux_calculation_get_state_change_reason (calculation));
  g_assert_nonnull (glaux_calculation_get_result_uri (calculation));
  get_object (lane, glaux_calculation_get_result_uri (calculation), 0, -1, result_read_cb);
}

static void
calculation_polled_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Lane *lane = user_data;
  g_autoptr(GlauxCalculation) calculation = NULL;
  GError *error = NULL;

  calculation = glaux_athena_client_get_calculation_execution_status_finish (
                  GLAUX_ATHENA_CLIENT (object), result, &error);
  if (calculation == NULL)
    {
      if (++lane->poll_failures >= 4)
        {
          g_prefix_error (&error, "Following calculation %s: ",
                          glaux_calculation_get_id (lane->calculation));
          op_done (lane, error);
          return;
        }
      g_error_free (error);
    }
  else if (glaux_calculation_get_state (calculation) == GLAUX_CALCULATION_STATE_COMPLETED
           || glaux_calculation_get_state (calculation) == GLAUX_CALCULATION_STATE_FAILED
           || glaux_calculation_get_state (calculation) == GLAUX_CALCULATION_STATE_CANCELED)
    {
      glaux_athena_client_get_calculation_execution_async (lane->soak->athena,
                                                           glaux_calculation_get_id (lane->calculation),
                                                           lane->calculation, lane->cancellable,
                                                           calculation_got_cb, lane);
      return;
    }
  else
    {
      lane->poll_failures = 0;
    }

  if (++lane->polls > MAX_POLLS)
    g_error ("Calculation %s never ended", glaux_calculation_get_id (lane->calculation));
  g_timeout_add (POLL_MS, poll_calculation_cb, lane);
}

static void
poll_calculation (Lane *lane)
{
  glaux_athena_client_get_calculation_execution_status_async (lane->soak->athena,
                                                              glaux_calculation_get_id (lane->calculation),
                                                              NULL, lane->cancellable,
                                                              calculation_polled_cb, lane);
}

static void
calculation_started_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Lane *lane = user_data;
  GError *error = NULL;

  lane->calculation =
    glaux_athena_client_start_calculation_execution_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                            &error);
  if (lane->calculation == NULL)
    {
      /* It may still run (the answer was lost): its session could stay BUSY a while, so the
       * lane moves to a new session. */
      g_clear_pointer (&lane->session_id, g_free);
      op_done (lane, error);
      return;
    }

  g_assert_null (g_hash_table_lookup (lane->soak->calculations, lane->description));
  g_hash_table_insert (lane->soak->calculations, g_strdup (lane->description),
                       g_strdup (glaux_calculation_get_id (lane->calculation)));
  poll_calculation (lane);
}

static void
start_calculation (Lane *lane)
{
  guint n = lane->soak->n_started;
  g_autofree char *code = g_strdup_printf ("SELECT %u AS op, 'lane %u' AS lane, %u * 7 AS x",
                                           n, lane->index, n);

  lane->description = g_strdup_printf ("soak-calculation-%04u", n);
  glaux_athena_client_start_calculation_execution_async (lane->soak->athena, lane->session_id,
                                                         code, lane->description, NULL,
                                                         lane->cancellable,
                                                         calculation_started_cb, lane);
}

/* ---- Downloads -------------------------------------------------------------------------- */

static char *
object_uri (guint index)
{
  return g_strdup_printf ("s3://" BUCKET "/%s", objects[index].key);
}

static void
loader_finished_cb (GlauxResultLoader *loader,
                    Lane              *lane)
{
  GBytes *expected = lane->soak->object_data[lane->object];
  const char *text;

  switch (glaux_result_loader_get_state (loader))
    {
    case GLAUX_RESULT_LOADER_FAILED:
      /* What the result view's Retry button does: resume where the transfer stopped. */
      if (lane->loader_retries++ < LOADER_RETRIES)
        {
          glaux_result_loader_retry (loader);
          return;
        }
      op_done (lane, g_error_copy (glaux_result_loader_get_error (loader)));
      return;
    case GLAUX_RESULT_LOADER_DONE:
      text = glaux_result_loader_get_text (loader);
      assert_same_bytes (lane->soak, objects[lane->object].key, g_bytes_get_data (expected, NULL),
                         g_bytes_get_size (expected), text, strlen (text));
      op_done (lane, NULL);
      return;
    case GLAUX_RESULT_LOADER_IDLE:
    case GLAUX_RESULT_LOADER_LOADING:
    case GLAUX_RESULT_LOADER_CANCELLED:
    default:
      g_error ("The loader finished in state %d", glaux_result_loader_get_state (loader));
    }
}

static void
load_object (Lane *lane)
{
  g_autofree char *uri = NULL;

  /* Text objects under the loader's text limit (4 MiB) are compared as text. */
  do
    lane->object = g_rand_int_range (lane->soak->rand, 0, G_N_ELEMENTS (objects));
  while (!objects[lane->object].text);

  uri = object_uri (lane->object);
  lane->loader = glaux_result_loader_new (lane->soak->s3, uri, NULL, NULL, 0);
  g_signal_connect (lane->loader, "finished", G_CALLBACK (loader_finished_cb), lane);
  glaux_result_loader_start (lane->loader);
}

static void
range_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Lane *lane = user_data;
  GMemoryOutputStream *sink = G_MEMORY_OUTPUT_STREAM (lane->sink);
  GBytes *expected = lane->soak->object_data[lane->object];
  gsize size = g_bytes_get_size (expected);
  gsize expected_size;
  GError *error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      op_done (lane, error);
      return;
    }

  expected_size = lane->length < 0 ? size - lane->offset
                                   : MIN ((gsize)lane->length, size - lane->offset);
  assert_same_bytes (lane->soak, objects[lane->object].key,
                     (const guchar *)g_bytes_get_data (expected, NULL) + lane->offset,
                     expected_size, g_memory_output_stream_get_data (sink),
                     g_memory_output_stream_get_data_size (sink));
  op_done (lane, NULL);
}

static void
get_range (Lane *lane)
{
  g_autofree char *uri = NULL;
  gsize size;

  lane->object = g_rand_int_range (lane->soak->rand, 0, G_N_ELEMENTS (objects));
  size = objects[lane->object].size;
  lane->offset = g_rand_int_range (lane->soak->rand, 0, size);
  lane->length = g_rand_boolean (lane->soak->rand) ? -1
                 : g_rand_int_range (lane->soak->rand, 1, size - lane->offset + 1);
  uri = object_uri (lane->object);
  get_object (lane, uri, lane->offset, lane->length, range_read_cb);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lane *lane = user_data;
  GBytes *expected = lane->soak->object_data[lane->object];
  g_autofree char *data = NULL;
  gsize size = 0;
  GError *error = NULL;

  if (!glaux_result_export_csv_finish (result, NULL, &error))
    {
      op_done (lane, error);
      return;
    }

  g_file_load_contents (lane->export_file, NULL, &data, &size, NULL, &error);
  g_assert_no_error (error);
  assert_same_bytes (lane->soak, objects[lane->object].key, g_bytes_get_data (expected, NULL),
                     g_bytes_get_size (expected), data, size);
  op_done (lane, NULL);
}

static void
export_csv (Lane *lane)
{
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  lane->object = g_rand_boolean (lane->soak->rand) ? 1 : 2;   /* the CSV objects */
  uri = object_uri (lane->object);
  name = g_strdup_printf ("export-%u.csv", lane->index);
  path = g_build_filename (glaux_test_get_home (), name, NULL);
  lane->export_file = g_file_new_for_path (path);
  glaux_result_export_csv_async (lane->soak->s3, uri, "csv", lane->export_file, lane->cancellable,
                                 exported_cb, lane);
}

/* ---- Lists ------------------------------------------------------------------------------ */

static void
sessions_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GPtrArray) sessions = NULL;
  GError *error = NULL;

  sessions = glaux_athena_client_list_sessions_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                       &error);
  op_done (user_data, error);
}

static void
calculations_listed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GPtrArray) calculations = NULL;
  GError *error = NULL;

  calculations = glaux_athena_client_list_calculation_executions_finish (GLAUX_ATHENA_CLIENT (object),
                                                                         result, &error);
  op_done (user_data, error);
}

static void
objects_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GlauxS3ListResult) list = NULL;
  GError *error = NULL;

  list = glaux_s3_client_list_objects_v2_finish (GLAUX_S3_CLIENT (object), result, &error);
  if (list != NULL)
    g_assert_cmpuint (list->objects->len, ==, G_N_ELEMENTS (objects));
  op_done (user_data, error);
}

/* ---- Lanes ------------------------------------------------------------------------------ */

static OpKind
choose_op (Lane *lane)
{
  guint draw = g_rand_int_range (lane->soak->rand, 0, 100);

  if (lane->session_id == NULL)
    return draw < 85 ? OP_START_SESSION : OP_LIST_OBJECTS;
  if (draw < 30)
    return OP_CALCULATION;
  if (draw < 36)
    return OP_TERMINATE_SESSION;
  if (draw < 48)
    return OP_LOADER;
  if (draw < 62)
    return OP_RANGE;
  if (draw < 70)
    return OP_EXPORT;
  if (draw < 80)
    return OP_LIST_SESSIONS;
  if (draw < 90)
    return OP_LIST_CALCULATIONS;

  return OP_LIST_OBJECTS;
}

static void
lane_next (Lane *lane)
{
  Soak *soak = lane->soak;

  if (soak->n_started >= N_OPERATIONS)
    {
      soak->n_lanes_running--;
      return;
    }

  lane->op = choose_op (lane);
  soak->n_started++;

  switch (lane->op)
    {
    case OP_START_SESSION:
      start_session (lane);
      break;
    case OP_TERMINATE_SESSION:
      terminate_session (lane);
      break;
    case OP_CALCULATION:
      start_calculation (lane);
      break;
    case OP_LOADER:
      load_object (lane);
      break;
    case OP_RANGE:
      get_range (lane);
      break;
    case OP_EXPORT:
      export_csv (lane);
      break;
    case OP_LIST_SESSIONS:
      glaux_athena_client_list_sessions_async (soak->athena, WORKGROUP, GLAUX_SESSION_STATE_UNKNOWN,
                                               0, lane->cancellable, sessions_listed_cb, lane);
      break;
    case OP_LIST_CALCULATIONS:
      glaux_athena_client_list_calculation_executions_async (soak->athena, lane->session_id,
                                                             GLAUX_CALCULATION_STATE_UNKNOWN, 0,
                                                             lane->cancellable,
                                                             calculations_listed_cb, lane);
      break;
    case OP_LIST_OBJECTS:
      glaux_s3_client_list_objects_v2_async (soak->s3, BUCKET, NULL, NULL, NULL, 0,
                                             lane->cancellable, objects_listed_cb, lane);
      break;
    case N_OPS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
all_lanes_done (gpointer data)
{
  return ((Soak *)data)->n_lanes_running == 0;
}

/* ---- Checks against glaux-local itself (not through the proxy) -------------------------- */

/* Calls a list operation to its last page; adds the items of @member to @items. */
static void
list_all (GlauxTestLocal *local,
          const char     *operation,
          const char     *id_member,
          const char     *id,
          const char     *state_filter,
          const char     *member,
          GPtrArray      *items)
{
  g_autofree char *filter = state_filter ? g_strdup_printf (",\"StateFilter\":\"%s\"", state_filter)
                                         : g_strdup ("");
  g_autofree char *next = NULL;

  do
    {
      g_autofree char *body = NULL;
      g_autoptr(JsonObject) response = NULL;
      JsonArray *array;

      body = next ? g_strdup_printf ("{\"%s\":\"%s\"%s,\"NextToken\":\"%s\"}", id_member, id,
                                     filter, next)
                  : g_strdup_printf ("{\"%s\":\"%s\"%s}", id_member, id, filter);
      response = glaux_test_local_call_ok (local, operation, body);
      array = json_object_get_array_member (response, member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (items, json_object_ref (json_array_get_object_element (array, i)));
      g_free (next);
      next = g_strdup (json_object_get_string_member_with_default (response, "NextToken", NULL));
    }
  while (next != NULL);
}

/* At most one server object per logical start, and every start that succeeded is there. */
static void
check_no_duplicates (GPtrArray  *items,
                     const char *id_member,
                     GHashTable *succeeded,
                     GHashTable *seen)
{
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);
      const char *description = json_object_get_string_member_with_default (item, "Description",
                                                                            NULL);
      const char *id = json_object_get_string_member (item, id_member);
      const char *expected;

      if (description == NULL || !g_str_has_prefix (description, "soak-"))
        continue;
      if (g_hash_table_contains (seen, description))
        g_error ("Duplicate: %s and %s both carry “%s”", id,
                 (char *)g_hash_table_lookup (seen, description), description);
      g_hash_table_insert (seen, g_strdup (description), g_strdup (id));

      expected = g_hash_table_lookup (succeeded, description);
      if (expected != NULL)
        g_assert_cmpstr (id, ==, expected);
    }
}

static void
check_server_state (Soak *soak)
{
  g_autoptr(GHashTable) seen_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               g_free);
  g_autoptr(GHashTable) seen_calculations = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                   g_free, g_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  static const char * const states[] = {
    "CREATING", "CREATED", "IDLE", "BUSY", "TERMINATING", "TERMINATED", "DEGRADED", "FAILED",
  };
  GHashTableIter iter;
  gpointer key;

  /* ListSessions shows active sessions only, unless given a state. */
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    list_all (soak->local, "ListSessions", "WorkGroup", WORKGROUP, states[i], "Sessions",
              sessions);

  check_no_duplicates (sessions, "SessionId", soak->sessions, seen_sessions);
  for (guint i = 0; i < sessions->len; i++)
    {
      JsonObject *session = g_ptr_array_index (sessions, i);
      g_autoptr(GPtrArray) calculations =
        g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

      list_all (soak->local, "ListCalculationExecutions", "SessionId",
                json_object_get_string_member (session, "SessionId"), NULL, "Calculations",
                calculations);

      check_no_duplicates (calculations, "CalculationExecutionId", soak->calculations,
                           seen_calculations);
    }

  g_hash_table_iter_init (&iter, soak->sessions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen_sessions, key))
      g_error ("The started session “%s” is not on the server", (char *)key);
  g_hash_table_iter_init (&iter, soak->calculations);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen_calculations, key))
      g_error ("The started calculation “%s” is not on the server", (char *)key);

  soak->server_sessions = g_hash_table_size (seen_sessions);
  soak->server_calculations = g_hash_table_size (seen_calculations);
}

/* One ClientRequestToken per logical call (amz-sdk-invocation-id), repeated by every retry. */
static void
check_tokens (Soak *soak)
{
  g_autoptr(GPtrArray) records = glaux_fault_proxy_dup_records (soak->proxy);
  g_autoptr(GHashTable) by_invocation = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_token = g_hash_table_new (g_str_hash, g_str_equal);
  guint retried = 0;

  g_assert_cmpuint (records->len, >, 0);
  for (guint i = 0; i < records->len; i++)
    {
      GlauxFaultRecord *record = g_ptr_array_index (records, i);
      const char *token;
      const char *invocation;

      g_assert_nonnull (record->invocation_id);
      if (record->token == NULL || strlen (record->token) < 32)
        g_error ("%s was sent without a valid ClientRequestToken", record->target);

      token = g_hash_table_lookup (by_invocation, record->invocation_id);
      if (token != NULL)
        {
          retried++;
          if (!g_str_equal (token, record->token))
            g_error ("%s invocation %s retried with token %s after %s", record->target,
                     record->invocation_id, record->token, token);
        }
      g_hash_table_insert (by_invocation, record->invocation_id, record->token);

      invocation = g_hash_table_lookup (by_token, record->token);
      if (invocation != NULL && !g_str_equal (invocation, record->invocation_id))
        g_error ("The token %s was used by two logical calls", record->token);
      g_hash_table_insert (by_token, record->token, record->invocation_id);
    }

  soak->start_requests = records->len;
  soak->start_calls = g_hash_table_size (by_invocation);
  soak->start_retries = retried;
  g_assert_cmpuint (retried, >, 0);
}

static void
report (Soak   *soak,
        double  seconds)
{
  g_autofree char *counts = glaux_fault_proxy_format_counts (soak->proxy);
  g_autofree char *path = glaux_test_build_output ("fault-soak.txt");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) patterns = g_hash_table_get_keys (soak->errors);
  g_auto(GStrv) lines = NULL;
  guint ok = 0;

  for (guint op = 0; op < N_OPS; op++)
    ok += soak->successes[op];

  g_string_append_printf (text,
                          "Fault soak: %u operations in %.1f s through the fault proxy "
                          "(seed %u, fault rate %.0f %%, %u lanes)\n"
                          "%u succeeded, %u ended in a clear error, no crash; %" G_GUINT64_FORMAT
                          " downloaded bytes compared, all identical\n"
                          "server: %u sessions for %u successful starts, %u calculations for %u "
                          "successful starts, no duplicates\n"
                          "%u start requests for %u logical starts: %u resent by the client, "
                          "each with its call's ClientRequestToken\n\n",
                          soak->n_finished, seconds, SEED, FAULT_RATE * 100, N_LANES, ok,
                          soak->n_finished - ok, soak->bytes_compared, soak->server_sessions,
                          g_hash_table_size (soak->sessions), soak->server_calculations,
                          g_hash_table_size (soak->calculations), soak->start_requests,
                          soak->start_calls, soak->start_retries);
  g_string_append (text, "operation            ok  error\n");
  for (guint op = 0; op < N_OPS; op++)
    g_string_append_printf (text, "%-18s %4u %6u\n", op_names[op], soak->successes[op],
                            soak->failures[op]);
  g_string_append (text, "\nfaults injected by kind\n");
  g_string_append (text, counts);
  g_string_append (text, "\nerrors reported (pattern: count)\n");
  patterns = g_list_sort (patterns, (GCompareFunc)strcmp);
  for (GList *l = patterns; l != NULL; l = l->next)
    g_string_append_printf (text, "%4u  %s\n",
                            GPOINTER_TO_UINT (g_hash_table_lookup (soak->errors, l->data)),
                            (char *)l->data);

  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i]);

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
}

static void
create_workgroup (GlauxTestLocal *local)
{
  g_autoptr(JsonObject) response =
    glaux_test_local_call_ok (local, "CreateWorkGroup",
                              "{\"Name\":\"" WORKGROUP "\",\"Configuration\":"
                              "{\"EngineVersion\":{\"SelectedEngineVersion\":"
                              "\"PySpark engine version 3\"}}}");
}

static void
test_fault_soak (void)
{
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GlauxCredentialsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double seconds;
  Soak soak = { 0 };
  guint ok = 0;

  soak.local = glaux_test_local_start (NULL, TIME_SCALE);
  create_workgroup (soak.local);
  write_objects (&soak);
  soak.proxy = glaux_fault_proxy_new (soak.local->endpoint, SEED, FAULT_RATE);
  soak.rand = g_rand_new_with_seed (SEED);
  soak.errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soak.sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soak.calculations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* A socket timeout the stalls outlast, so they end as timeouts that are retried. */
  soak.session = glaux_http_session_new (NULL, &error);
  g_assert_no_error (error);
  soup_session_set_timeout (soak.session, SOCKET_TIMEOUT_S);

  credentials = glaux_aws_credentials_new (soak.local->access_key_id,
                                           soak.local->secret_access_key, NULL, NULL);
  provider = GLAUX_CREDENTIALS_PROVIDER (glaux_static_credentials_provider_new (credentials));
  soak.athena = glaux_athena_client_new (soak.session, glaux_fault_proxy_get_url (soak.proxy),
                                         soak.local->region, provider);
  glaux_aws_json_client_set_timeout (glaux_athena_client_get_json_client (soak.athena),
                                     CALL_TIMEOUT_MS);
  soak.s3 = glaux_s3_client_new (soak.session, glaux_fault_proxy_get_url (soak.proxy),
                                 soak.local->region, provider);
  glaux_s3_client_set_force_path_style (soak.s3, TRUE);
  glaux_s3_client_set_timeout (soak.s3, CALL_TIMEOUT_MS);

  start = g_get_monotonic_time ();
  soak.n_lanes_running = N_LANES;
  for (guint i = 0; i < N_LANES; i++)
    {
      soak.lanes[i].soak = &soak;
      soak.lanes[i].index = i;
      soak.lanes[i].cancellable = g_cancellable_new ();
      lane_next (&soak.lanes[i]);
    }
  glaux_test_wait_until (all_lanes_done, &soak, 170000);

  g_assert_cmpuint (soak.n_finished, ==, N_OPERATIONS);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  glaux_fault_proxy_set_rate (soak.proxy, 0.0);
  check_tokens (&soak);
  check_server_state (&soak);
  report (&soak, seconds);

  /* The faults happened, of every kind, and most operations still succeeded. */
  g_assert_cmpuint (glaux_fault_proxy_get_faults (soak.proxy), >=,
                    glaux_fault_proxy_get_requests (soak.proxy) / 10);
  for (guint kind = GLAUX_FAULT_NONE + 1; kind < GLAUX_N_FAULTS; kind++)
    g_assert_cmpuint (glaux_fault_proxy_get_count (soak.proxy, kind), >, 0);
  for (guint op = 0; op < N_OPS; op++)
    ok += soak.successes[op];
  g_assert_cmpuint (ok, >=, N_OPERATIONS * 8 / 10);

  for (guint i = 0; i < N_LANES; i++)
    {
      g_clear_object (&soak.lanes[i].cancellable);
      g_clear_pointer (&soak.lanes[i].session_id, g_free);
    }
  g_clear_object (&soak.athena);
  g_clear_object (&soak.s3);
  g_clear_pointer (&soak.proxy, glaux_fault_proxy_free);
  g_clear_object (&soak.session);
  g_clear_pointer (&soak.local, glaux_test_local_free);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_bytes_unref (soak.object_data[i]);
  g_rand_free (soak.rand);
  g_hash_table_unref (soak.errors);
  g_hash_table_unref (soak.sessions);
  g_hash_table_unref (soak.calculations);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/fault/soak", test_fault_soak);

  return g_test_run ();
}
