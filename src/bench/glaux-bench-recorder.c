/* glaux-bench-recorder.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "glaux-bench-recorder.h"
#include "glaux-calculation-run.h"
#include "glaux-result-loader.h"
#include "glaux-tpch.h"

typedef struct
{
  char    *query_id;
  guint    iteration;     /* 0: warm-up */
  gboolean success;
  double   ms;            /* NAN: no service times */
  gint64   rows;          /* -1: unknown */
  gint64   dpu_millis;    /* -1: unknown */
  double   cost_usd;      /* NAN: unknown */
  char    *calculation_id;
  char    *error;
} Execution;

struct _GlauxBenchRecorder
{
  GObject              parent_instance;

  GlauxConnection     *connection;
  char                *session_id;
  GlauxQuerySet       *query_set;
  GlauxCostModel      *cost_model;
  guint                iterations;
  double               scale_factor;   /* 0: not set */

  /* The run */
  GTask               *task;
  gulong               cancelled_id;
  GlauxSession        *session;        /* GetSession, for the platform block; may stay NULL */
  GlauxCalculationRun *run;
  GlauxResultLoader   *loader;
  GlauxResultTable    *table;
  GArray              *executions;     /* of Execution */
  guint                next;
  gint64               start_monotonic;
  GDateTime           *start_time;
  gboolean             started;
};

G_DEFINE_FINAL_TYPE (GlauxBenchRecorder, glaux_bench_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_DONE,
  PROP_N_TOTAL,
  N_PROPS
};

enum {
  EXECUTION_STARTED,
  EXECUTION_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_next (GlauxBenchRecorder *self);

static void
execution_clear (Execution *execution)
{
  g_clear_pointer (&execution->query_id, g_free);
  g_clear_pointer (&execution->calculation_id, g_free);
  g_clear_pointer (&execution->error, g_free);
}

static void
glaux_bench_recorder_dispose (GObject *object)
{
  GlauxBenchRecorder *self = (GlauxBenchRecorder *)object;

  if (self->run != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run, self);
      glaux_calculation_run_abandon (self->run);
    }
  g_clear_object (&self->run);
  if (self->loader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->loader, self);
      glaux_result_loader_cancel (self->loader);
    }
  g_clear_object (&self->loader);
  g_clear_object (&self->table);
  g_clear_object (&self->session);
  g_clear_object (&self->connection);
  g_clear_object (&self->query_set);
  g_clear_object (&self->cost_model);

  G_OBJECT_CLASS (glaux_bench_recorder_parent_class)->dispose (object);
}

static void
glaux_bench_recorder_finalize (GObject *object)
{
  GlauxBenchRecorder *self = (GlauxBenchRecorder *)object;

  g_free (self->session_id);
  g_array_unref (self->executions);
  g_clear_pointer (&self->start_time, g_date_time_unref);

  G_OBJECT_CLASS (glaux_bench_recorder_parent_class)->finalize (object);
}

static void
glaux_bench_recorder_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GlauxBenchRecorder *self = GLAUX_BENCH_RECORDER (object);

  switch (prop_id)
    {
    case PROP_N_DONE:
      g_value_set_uint (value, glaux_bench_recorder_get_n_done (self));
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, glaux_bench_recorder_get_n_total (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_bench_recorder_class_init (GlauxBenchRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_bench_recorder_dispose;
  object_class->finalize = glaux_bench_recorder_finalize;
  object_class->get_property = glaux_bench_recorder_get_property;

  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EXECUTION_STARTED] =
    g_signal_new ("execution-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  signals[EXECUTION_FINISHED] =
    g_signal_new ("execution-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT,
                  G_TYPE_STRING, G_TYPE_DOUBLE);
}

static void
glaux_bench_recorder_init (GlauxBenchRecorder *self)
{
  self->executions = g_array_new (FALSE, TRUE, sizeof (Execution));
  g_array_set_clear_func (self->executions, (GDestroyNotify)execution_clear);
}

/**
 * glaux_bench_recorder_new:
 * @connection: a connection (READY when the run starts)
 * @session_id: an IDLE session of it
 * @query_set: the queries
 * @iterations: measured iterations after the warm-up, at least 1
 */
GlauxBenchRecorder *
glaux_bench_recorder_new (GlauxConnection *connection,
                          const char      *session_id,
                          GlauxQuerySet   *query_set,
                          guint            iterations)
{
  GlauxBenchRecorder *self;

  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (GLAUX_IS_QUERY_SET (query_set), NULL);
  g_return_val_if_fail (iterations >= 1, NULL);

  self = g_object_new (GLAUX_TYPE_BENCH_RECORDER, NULL);
  self->connection = g_object_ref (connection);
  self->session_id = g_strdup (session_id);
  self->query_set = g_object_ref (query_set);
  self->iterations = iterations;
  self->cost_model = g_object_ref (glaux_cost_model_get_default ());

  return self;
}

void
glaux_bench_recorder_set_scale_factor (GlauxBenchRecorder *self,
                                       double              scale_factor)
{
  g_return_if_fail (GLAUX_IS_BENCH_RECORDER (self));
  g_return_if_fail (scale_factor > 0);

  self->scale_factor = scale_factor;
}

void
glaux_bench_recorder_set_cost_model (GlauxBenchRecorder *self,
                                     GlauxCostModel     *cost_model)
{
  g_return_if_fail (GLAUX_IS_BENCH_RECORDER (self));
  g_return_if_fail (GLAUX_IS_COST_MODEL (cost_model));

  g_set_object (&self->cost_model, cost_model);
}

guint
glaux_bench_recorder_get_n_done (GlauxBenchRecorder *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RECORDER (self), 0);

  return self->executions->len;
}

guint
glaux_bench_recorder_get_n_total (GlauxBenchRecorder *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RECORDER (self), 0);

  return (self->iterations + 1) * glaux_query_set_get_n_queries (self->query_set);
}

/* The document */

/* Naive local time with microseconds, as BenchBox writes it. */
static char *
format_timestamp (GDateTime *time)
{
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%06d", seconds, g_date_time_get_microsecond (time));
}

/* Rounded to 0.1 ms like BenchBox's queries[].ms. */
static double
round_tenth (double value)
{
  return round (value * 10.0) / 10.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* summary.timing over the successful measurements (benchbox-format.md §3). */
static void
add_timing (JsonBuilder *builder,
            GArray      *times)
{
  double total = 0, log_sum = 0, min = 0, max = 0;
  gboolean all_positive = TRUE;
  guint n = times->len;

  g_array_sort (times, compare_doubles);
  for (guint i = 0; i < n; i++)
    {
      double t = g_array_index (times, double, i);

      total += t;
      all_positive = all_positive && t > 0;
      log_sum += t > 0 ? log (t) : 0;
    }
  if (n > 0)
    {
      min = g_array_index (times, double, 0);
      max = g_array_index (times, double, n - 1);
    }

  json_builder_set_member_name (builder, "timing");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_ms");
  json_builder_add_double_value (builder, total);
  json_builder_set_member_name (builder, "avg_ms");
  json_builder_add_double_value (builder, n > 0 ? total / n : 0);
  json_builder_set_member_name (builder, "min_ms");
  json_builder_add_double_value (builder, min);
  json_builder_set_member_name (builder, "max_ms");
  json_builder_add_double_value (builder, max);
  if (n > 0 && all_positive)
    {
      json_builder_set_member_name (builder, "geometric_mean_ms");
      json_builder_add_double_value (builder, exp (log_sum / n));
    }
  if (n >= 3)
    {
      double mean = total / n, squares = 0;

      /* The sample standard deviation (Python's statistics.stdev). */
      for (guint i = 0; i < n; i++)
        squares += pow (g_array_index (times, double, i) - mean, 2);
      json_builder_set_member_name (builder, "stdev_ms");
      json_builder_add_double_value (builder, sqrt (squares / (n - 1)));
    }
  if (n >= 10)
    {
      static const struct { const char *name; double p; } percentiles[] = {
        { "p90_ms", 0.90 }, { "p95_ms", 0.95 }, { "p99_ms", 0.99 },
      };

      /* Nearest rank: sorted[int(n · p)]. */
      for (guint i = 0; i < G_N_ELEMENTS (percentiles); i++)
        {
          guint rank = MIN ((guint)(n * percentiles[i].p), n - 1);

          json_builder_set_member_name (builder, percentiles[i].name);
          json_builder_add_double_value (builder, g_array_index (times, double, rank));
        }
    }
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

static void
add_platform (GlauxBenchRecorder *self,
              JsonBuilder        *builder)
{
  gboolean local = glaux_connection_get_kind (self->connection) == GLAUX_CONNECTION_KIND_LOCAL;
  const char *engine = self->session != NULL
                       ? glaux_session_get_engine_version (self->session) : NULL;

  json_builder_set_member_name (builder, "platform");
  json_builder_begin_object (builder);
  add_string (builder, "name", local ? "glaux-local" : "Athena Spark");
  add_string (builder, "version", engine != NULL ? engine : "unknown");
  add_string (builder, "client_version", "Glaux " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "config");
  json_builder_begin_object (builder);
  add_string (builder, "execution_mode", "sql");
  add_string (builder, "region", glaux_connection_get_region (self->connection));
  add_string (builder, "session_id", self->session_id);
  if (self->session != NULL)
    {
      if (glaux_session_get_workgroup (self->session) != NULL)
        add_string (builder, "workgroup", glaux_session_get_workgroup (self->session));
      add_int (builder, "coordinator_dpu_size",
               glaux_session_get_coordinator_dpu_size (self->session));
      add_int (builder, "max_concurrent_dpus",
               glaux_session_get_max_concurrent_dpus (self->session));
      add_int (builder, "default_executor_dpu_size",
               glaux_session_get_default_executor_dpu_size (self->session));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_query_entry (JsonBuilder     *builder,
                 const Execution *execution)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", execution->query_id);
  add_int (builder, "iter", execution->iteration);
  add_int (builder, "stream", execution->iteration);
  add_string (builder, "run_type", execution->iteration == 0 ? "warmup" : "measurement");
  if (!isnan (execution->ms))
    add_double (builder, "ms", round_tenth (execution->ms));
  if (execution->rows >= 0)
    add_int (builder, "rows", execution->rows);
  add_string (builder, "status", execution->success ? "SUCCESS" : "FAILED");
  add_string (builder, "test_type", "power");
  if (execution->dpu_millis >= 0)
    add_int (builder, "dpu_execution_ms", execution->dpu_millis);
  if (!isnan (execution->cost_usd))
    add_double (builder, "cost_usd", execution->cost_usd);
  if (execution->calculation_id != NULL)
    add_string (builder, "calculation_id", execution->calculation_id);
  if (execution->error != NULL)
    add_string (builder, "error", execution->error);
  json_builder_end_object (builder);
}

static JsonNode *
build_document (GlauxBenchRecorder *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *run_id = g_strdup_printf ("%08x", g_random_int ());
  g_autofree char *timestamp = format_timestamp (self->start_time);
  g_autofree char *export_timestamp = format_timestamp (now);
  gint64 duration_ms = (g_get_monotonic_time () - self->start_monotonic) / 1000;
  guint total = 0, passed = 0;
  double cost_total = 0;
  gboolean have_cost = FALSE;

  for (guint i = 0; i < self->executions->len; i++)
    {
      Execution *execution = &g_array_index (self->executions, Execution, i);

      /* The run's cost is every DPU it used, warm-ups included. */
      if (!isnan (execution->cost_usd))
        {
          cost_total += execution->cost_usd;
          have_cost = TRUE;
        }
      if (execution->iteration == 0)
        continue;
      total++;
      if (execution->success)
        {
          passed++;
          if (!isnan (execution->ms))
            g_array_append_val (times, execution->ms);
        }
    }

  json_builder_begin_object (builder);
  add_string (builder, "version", "2.2");
  add_string (builder, "result_schema_version", "2.2");

  json_builder_set_member_name (builder, "run");
  json_builder_begin_object (builder);
  add_string (builder, "id", run_id);
  add_string (builder, "timestamp", timestamp);
  add_int (builder, "total_duration_ms", duration_ms);
  {
    double query_time = 0;

    for (guint i = 0; i < times->len; i++)
      query_time += g_array_index (times, double, i);
    add_int (builder, "query_time_ms", (gint64)llround (query_time));
  }
  add_int (builder, "iterations", self->iterations);
  /* Power run: stream == iter, warm-up stream included (as August 2026 BenchBox files). */
  add_int (builder, "streams", self->iterations + 1);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "benchmark");
  json_builder_begin_object (builder);
  add_string (builder, "id", glaux_query_set_get_benchmark_id (self->query_set));
  add_string (builder, "name", glaux_query_set_get_benchmark_name (self->query_set));
  add_double (builder, "scale_factor", self->scale_factor > 0 ? self->scale_factor : 1);
  add_string (builder, "test_type", "power");
  json_builder_end_object (builder);

  add_platform (self, builder);

  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "queries");
  json_builder_begin_object (builder);
  add_int (builder, "total", total);
  add_int (builder, "passed", passed);
  add_int (builder, "failed", total - passed);
  json_builder_end_object (builder);
  add_timing (builder, times);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "phases");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "power_test");
  json_builder_begin_object (builder);
  add_string (builder, "status", "COMPLETED");
  add_int (builder, "duration_ms", duration_ms);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "queries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->executions->len; i++)
    add_query_entry (builder, &g_array_index (self->executions, Execution, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->executions->len; i++)
    {
      Execution *execution = &g_array_index (self->executions, Execution, i);

      if (execution->success)
        continue;
      json_builder_begin_object (builder);
      add_string (builder, "phase", "query");
      add_string (builder, "query_id", execution->query_id);
      add_int (builder, "iter", execution->iteration);
      add_string (builder, "type", "CalculationFailed");
      add_string (builder, "message", execution->error != NULL ? execution->error : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cost");
  json_builder_begin_object (builder);
  add_string (builder, "model", "estimated");
  if (have_cost)
    add_double (builder, "total_usd", cost_total);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "export");
  json_builder_begin_object (builder);
  add_string (builder, "tool", "glaux");
  add_string (builder, "timestamp", export_timestamp);
  add_string (builder, "glaux_version", PACKAGE_VERSION);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Ending the run */

static void
finish_run (GlauxBenchRecorder *self,
            GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, self->cancelled_id);
  self->cancelled_id = 0;

  if (error == NULL && g_cancellable_is_cancelled (cancellable))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The benchmark run was cancelled"));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, build_document (self), (GDestroyNotify)json_node_unref);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GlauxBenchRecorder *self = user_data;

  /* The calculation ends as CANCELED and its "finished" ends the run. */
  if (self->run != NULL)
    glaux_calculation_run_stop (self->run);
  if (self->loader != NULL)
    glaux_result_loader_cancel (self->loader);
}

/* One execution */

static Execution *
current_execution (GlauxBenchRecorder *self)
{
  return &g_array_index (self->executions, Execution, self->executions->len - 1);
}

static void
execution_done (GlauxBenchRecorder *self)
{
  Execution *execution = current_execution (self);

  g_clear_object (&self->run);
  g_clear_object (&self->loader);
  g_clear_object (&self->table);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
  g_signal_emit (self, signals[EXECUTION_FINISHED], 0, execution->query_id,
                 execution->iteration, execution->success ? "SUCCESS" : "FAILED",
                 execution->ms);

  start_next (self);
}

static void
loader_finished_cb (GlauxResultLoader  *loader,
                    GlauxBenchRecorder *self)
{
  Execution *execution = current_execution (self);

  switch (glaux_result_loader_get_state (loader))
    {
    case GLAUX_RESULT_LOADER_DONE:
      glaux_result_table_flush (self->table);
      execution->rows = (gint64)glaux_result_table_get_n_rows_seen (self->table);
      break;
    case GLAUX_RESULT_LOADER_FAILED:
      /* The query ran; only its row count is unknown. */
      g_warning ("Cannot count the rows of query %s: %s", execution->query_id,
                 glaux_result_loader_get_error (loader)->message);
      break;
    case GLAUX_RESULT_LOADER_CANCELLED:
    case GLAUX_RESULT_LOADER_IDLE:
    case GLAUX_RESULT_LOADER_LOADING:
    default:
      break;
    }

  execution_done (self);
}

/* Counts the result's rows: the parser fills a table that keeps none of them. */
static gboolean
count_rows (GlauxBenchRecorder *self,
            GlauxCalculation   *calculation)
{
  GlauxS3Client *s3 = glaux_connection_get_s3_client (self->connection);
  const char *uri = glaux_calculation_get_result_uri (calculation);

  if (s3 == NULL || uri == NULL || *uri == '\0')
    return FALSE;

  self->table = glaux_result_table_new ();
  glaux_result_table_set_max_rows (self->table, 1);
  self->loader = glaux_result_loader_new (s3, uri, glaux_calculation_get_result_type (calculation),
                                          self->table, 4096);
  g_signal_connect (self->loader, "finished", G_CALLBACK (loader_finished_cb), self);
  glaux_result_loader_start (self->loader);

  return TRUE;
}

/* The last non-blank line of a failed calculation's stderr: SQLite's or Python's own words. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_strstrip (lines[i - 1]);
      if (*lines[i - 1] != '\0')
        return g_strdup (lines[i - 1]);
    }

  return NULL;
}

static void
stderr_finished_cb (GlauxResultLoader  *loader,
                    GlauxBenchRecorder *self)
{
  Execution *execution = current_execution (self);
  g_autofree char *line = NULL;

  if (glaux_result_loader_get_state (loader) == GLAUX_RESULT_LOADER_DONE
      && (line = last_line (glaux_result_loader_get_text (loader))) != NULL)
    {
      g_autofree char *message = execution->error;

      execution->error = g_strdup_printf ("%s (%s)", message, line);
    }

  execution_done (self);
}

static gboolean
read_stderr (GlauxBenchRecorder *self,
             GlauxCalculation   *calculation)
{
  GlauxS3Client *s3 = glaux_connection_get_s3_client (self->connection);
  const char *uri = calculation != NULL ? glaux_calculation_get_stderr_uri (calculation) : NULL;

  if (s3 == NULL || uri == NULL || *uri == '\0')
    return FALSE;

  self->loader = glaux_result_loader_new (s3, uri, NULL, NULL, 16 * 1024);
  g_signal_connect (self->loader, "finished", G_CALLBACK (stderr_finished_cb), self);
  glaux_result_loader_start (self->loader);

  return TRUE;
}

static char *
failure_message (GlauxCalculation *calculation)
{
  const char *reason = glaux_calculation_get_state_change_reason (calculation);

  if (reason != NULL && *reason != '\0')
    return g_strdup_printf (_("The calculation ended %s: %s"),
                            glaux_calculation_get_state_name (calculation), reason);

  return g_strdup_printf (_("The calculation ended %s"),
                          glaux_calculation_get_state_name (calculation));
}

static void
run_finished_cb (GlauxCalculationRun *run,
                 GlauxBenchRecorder  *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  GlauxCalculation *calculation = glaux_calculation_run_get_calculation (run);
  const GError *error = glaux_calculation_run_get_error (run);
  Execution *execution = current_execution (self);

  if (calculation != NULL)
    {
      GDateTime *submitted = glaux_calculation_get_submission_time (calculation);
      GDateTime *completed = glaux_calculation_get_completion_time (calculation);
      gint64 dpu = glaux_calculation_get_dpu_execution_millis (calculation);

      execution->calculation_id = g_strdup (glaux_calculation_get_id (calculation));
      /* Service timestamps: millisecond resolution, no polling delay in them. */
      if (submitted != NULL && completed != NULL)
        execution->ms = (double)g_date_time_difference (completed, submitted) / 1000.0;
      if (dpu >= 0)
        {
          execution->dpu_millis = dpu;
          execution->cost_usd =
            glaux_cost_model_cost_for_dpu_millis (self->cost_model,
                                                  glaux_connection_get_region (self->connection),
                                                  dpu);
        }
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      /* The stopped execution is not part of the run. */
      g_array_set_size (self->executions, self->executions->len - 1);
      g_clear_object (&self->run);
      finish_run (self, NULL);
      return;
    }

  if (error != NULL)
    execution->error = g_strdup (error->message);
  else if (calculation == NULL)
    execution->error = g_strdup (_("The calculation did not start"));
  else if (glaux_calculation_get_state (calculation) != GLAUX_CALCULATION_STATE_COMPLETED)
    {
      execution->error = failure_message (calculation);
      if (read_stderr (self, calculation))
        return;
    }
  else
    execution->success = TRUE;

  if (execution->success && count_rows (self, calculation))
    return;

  execution_done (self);
}

static void
start_next (GlauxBenchRecorder *self)
{
  guint n_queries = glaux_query_set_get_n_queries (self->query_set);
  guint index = self->executions->len;
  g_autofree char *code = NULL;
  g_autofree char *description = NULL;
  Execution execution = { 0 };

  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)) || index
      >= glaux_bench_recorder_get_n_total (self))
    {
      finish_run (self, NULL);
      return;
    }

  execution.query_id = g_strdup (glaux_query_set_get_id (self->query_set, index % n_queries));
  execution.iteration = index / n_queries;
  execution.ms = NAN;
  execution.rows = -1;
  execution.dpu_millis = -1;
  execution.cost_usd = NAN;
  g_array_append_val (self->executions, execution);

  code = glaux_query_set_get_code_block (self->query_set, index % n_queries);
  description = g_strdup_printf ("Glaux benchmark %s, query %s, %s %u",
                                 glaux_query_set_get_benchmark_id (self->query_set),
                                 execution.query_id,
                                 execution.iteration == 0 ? "warm-up" : "iteration",
                                 execution.iteration);
  self->run = glaux_calculation_run_new (self->connection, self->session_id, code, description);
  g_signal_connect (self->run, "finished", G_CALLBACK (run_finished_cb), self);

  g_signal_emit (self, signals[EXECUTION_STARTED], 0, execution.query_id, execution.iteration);
  glaux_calculation_run_start (self->run);
}

/* Starting */

static void
read_scale_factor_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  double scale_factor = glaux_tpch_get_loaded_scale_factor (task_data, &error);

  if (error != NULL)
    g_debug ("Cannot read the TPC-H scale factor: %s", error->message);
  /* In thousandths, through the int return. */
  g_task_return_int (task, (gssize)llround (scale_factor * 1000));
}

static void
scale_factor_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GlauxBenchRecorder *self = GLAUX_BENCH_RECORDER (object);
  gssize thousandths = g_task_propagate_int (G_TASK (result), NULL);

  if (thousandths > 0)
    self->scale_factor = (double)thousandths / 1000.0;
  start_next (self);
}

static void
read_scale_factor (GlauxBenchRecorder *self)
{
  const char *catalog = glaux_connection_get_local_catalog_path (self->connection);
  g_autoptr(GTask) task = NULL;

  if (self->scale_factor > 0 || catalog == NULL
      || !glaux_query_set_get_is_tpch (self->query_set))
    {
      start_next (self);
      return;
    }

  task = g_task_new (self, NULL, scale_factor_read_cb, NULL);
  g_task_set_task_data (task, g_strdup (catalog), g_free);
  g_task_run_in_thread (task, read_scale_factor_thread);
}

static void
get_session_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlauxBenchRecorder) self = user_data;
  g_autoptr(GError) error = NULL;

  self->session = glaux_athena_client_get_session_finish (GLAUX_ATHENA_CLIENT (object), result,
                                                          &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_run (self, NULL);
      return;
    }
  /* Only the platform block needs it: record without. */
  if (error != NULL)
    g_warning ("Cannot describe session %s: %s", self->session_id, error->message);

  read_scale_factor (self);
}

void
glaux_bench_recorder_run_async (GlauxBenchRecorder  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) own_cancellable = NULL;
  GlauxAthenaClient *athena;

  g_return_if_fail (GLAUX_IS_BENCH_RECORDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The task always has a cancellable: the run checks it between executions. */
  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_bench_recorder_run_async);

  if (self->started)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("This benchmark recorder has already run; make a new one"));
      return;
    }
  athena = glaux_connection_get_athena_client (self->connection);
  if (athena == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("“%s” is not connected; connect it, then run the benchmark"),
                               glaux_connection_get_title (self->connection));
      return;
    }

  self->started = TRUE;
  self->task = g_steal_pointer (&task);
  self->start_monotonic = g_get_monotonic_time ();
  self->start_time = g_date_time_new_now_local ();
  self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  glaux_athena_client_get_session_async (athena, self->session_id, NULL, cancellable,
                                         get_session_cb, g_object_ref (self));
}

JsonNode *
glaux_bench_recorder_run_finish (GlauxBenchRecorder  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RECORDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
