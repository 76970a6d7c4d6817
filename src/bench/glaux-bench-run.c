/* glaux-bench-run.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-run"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "glaux-bench-run.h"
#include "glaux-json-parse.h"

/* How it reads a file (benchmark-format.md §2, §5, §6):
 *
 * - The version comes from result_schema_version, else version, else schema_version (by key
 *   presence); when both of the first two are set they must agree. 2.0–2.2 read the compact v2
 *   layout, 1.x the legacy one (results.queries.details[]), best effort.
 * - Every queries[] entry becomes a GlauxBenchExecution; the passing measurement executions of
 *   each query give its samples and median. The stored summary is kept as reported; only what
 *   it lacks is computed.
 * - The source document is kept, so an export carries the blocks Glaux does not model
 *   (environment, phases, per-execution extras, …) and re-imports to the same numbers. */

G_DEFINE_QUARK (glaux-bench-error-quark, glaux_bench_error)

struct _GlauxBenchRun
{
  GObject              parent_instance;

  JsonNode            *document;
  char                *schema_version;
  gboolean             legacy;

  char                *benchmark_raw_id;
  char                *benchmark_id;
  char                *benchmark_name;
  double               scale_factor;
  char                *test_type;
  char                *platform_name;
  char                *platform_version;
  char                *mode;
  char                *tuning_mode;
  char                *timestamp;
  char                *run_id;
  char                *sha256;
  char                *validation;
  double               total_duration_ms;
  double               query_time_ms;
  guint                iterations;

  GPtrArray           *executions;   /* GlauxBenchExecution */
  GPtrArray           *queries;      /* GlauxBenchQuery, natural order */
  GHashTable          *query_index;  /* id → GlauxBenchQuery (borrowed) */
  guint                logical_query_count;

  GlauxBenchSummary    summary;
  double               geomean_ms;
  double               power_at_size;
  double               throughput_at_size;
  double               qph_at_size;
  gboolean             tpc_suppressed;
  double               cost_usd;
  char                *cost_model;
  GlauxBenchExclusion  exclusion;
};

G_DEFINE_FINAL_TYPE (GlauxBenchRun, glaux_bench_run, G_TYPE_OBJECT)

static void
execution_free (gpointer data)
{
  GlauxBenchExecution *execution = data;

  g_free (execution->query_id);
  g_free (execution->status);
  g_free (execution);
}

static void
query_free (gpointer data)
{
  GlauxBenchQuery *query = data;

  g_free (query->query_id);
  g_free (query->samples);
  g_free (query);
}

static void
glaux_bench_run_finalize (GObject *object)
{
  GlauxBenchRun *self = GLAUX_BENCH_RUN (object);

  g_clear_pointer (&self->document, json_node_unref);
  g_free (self->schema_version);
  g_free (self->benchmark_raw_id);
  g_free (self->benchmark_id);
  g_free (self->benchmark_name);
  g_free (self->test_type);
  g_free (self->platform_name);
  g_free (self->platform_version);
  g_free (self->mode);
  g_free (self->tuning_mode);
  g_free (self->timestamp);
  g_free (self->run_id);
  g_free (self->sha256);
  g_free (self->validation);
  g_free (self->cost_model);
  g_clear_pointer (&self->executions, g_ptr_array_unref);
  g_clear_pointer (&self->queries, g_ptr_array_unref);
  g_clear_pointer (&self->query_index, g_hash_table_unref);

  G_OBJECT_CLASS (glaux_bench_run_parent_class)->finalize (object);
}

static void
glaux_bench_run_class_init (GlauxBenchRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_bench_run_finalize;
}

static void
glaux_bench_run_init (GlauxBenchRun *self)
{
  self->executions = g_ptr_array_new_with_free_func (execution_free);
  self->queries = g_ptr_array_new_with_free_func (query_free);
  self->query_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->scale_factor = NAN;
  self->total_duration_ms = NAN;
  self->query_time_ms = NAN;
  self->geomean_ms = NAN;
  self->power_at_size = NAN;
  self->throughput_at_size = NAN;
  self->qph_at_size = NAN;
  self->cost_usd = NAN;
}

/* Exclusions */

const char *
glaux_bench_exclusion_to_string (GlauxBenchExclusion exclusion)
{
  switch (exclusion)
    {
    case GLAUX_BENCH_EXCLUSION_NO_QUERIES:
      return "no_queries";
    case GLAUX_BENCH_EXCLUSION_MISSING_TIMING:
      return "missing_timing";
    case GLAUX_BENCH_EXCLUSION_ZERO_TIMING:
      return "zero_timing";
    case GLAUX_BENCH_EXCLUSION_INSUFFICIENT_VALID_QUERIES:
      return "insufficient_valid_queries";
    case GLAUX_BENCH_EXCLUSION_INSUFFICIENT_QUERY_COVERAGE:
      return "insufficient_query_coverage";
    case GLAUX_BENCH_EXCLUSION_NONE:
    default:
      return NULL;
    }
}

const char *
glaux_bench_exclusion_describe (GlauxBenchExclusion exclusion)
{
  switch (exclusion)
    {
    case GLAUX_BENCH_EXCLUSION_NO_QUERIES:
      return _("The run has no queries.");
    case GLAUX_BENCH_EXCLUSION_MISSING_TIMING:
      return _("No query of the run has a passing measured execution.");
    case GLAUX_BENCH_EXCLUSION_ZERO_TIMING:
      return _("Every query of the run took 0 ms, so it cannot be compared.");
    case GLAUX_BENCH_EXCLUSION_INSUFFICIENT_VALID_QUERIES:
      return _("Fewer than two queries of the run have a time.");
    case GLAUX_BENCH_EXCLUSION_INSUFFICIENT_QUERY_COVERAGE:
      return _("Fewer than half of the benchmark's queries have a time.");
    case GLAUX_BENCH_EXCLUSION_NONE:
    default:
      return NULL;
    }
}

/* Pure helpers */

/**
 * glaux_bench_normalize_query_id:
 *
 * Returns: (transfer full): "Q1" → "1", "q14" → "14", "1a" kept, surrounding spaces dropped
 */
char *
glaux_bench_normalize_query_id (const char *raw_id)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (raw_id != NULL, NULL);

  id = g_strstrip (g_strdup (raw_id));
  if ((id[0] == 'Q' || id[0] == 'q') && g_ascii_isdigit (id[1]))
    return g_strdup (id + 1);

  return g_steal_pointer (&id);
}

/* Natural order: digit runs compare by value (2 < 10), the rest byte by byte, so
 * 1 < 1a < 2 < 2a < 10. */
int
glaux_bench_compare_query_ids (const char *a,
                               const char *b)
{
  const char *p = a;
  const char *q = b;

  while (*p != '\0' && *q != '\0')
    {
      if (g_ascii_isdigit (*p) && g_ascii_isdigit (*q))
        {
          const char *p_end, *q_end;
          gsize p_len, q_len;
          int order;

          while (*p == '0' && g_ascii_isdigit (p[1]))
            p++;
          while (*q == '0' && g_ascii_isdigit (q[1]))
            q++;
          for (p_end = p; g_ascii_isdigit (*p_end); p_end++)
            ;
          for (q_end = q; g_ascii_isdigit (*q_end); q_end++)
            ;
          p_len = p_end - p;
          q_len = q_end - q;
          if (p_len != q_len)
            return p_len < q_len ? -1 : 1;
          order = strncmp (p, q, p_len);
          if (order != 0)
            return order;
          p = p_end;
          q = q_end;
        }
      else
        {
          if (*p != *q)
            return (guchar) *p < (guchar) *q ? -1 : 1;
          p++;
          q++;
        }
    }

  if (*p != *q)
    return *p == '\0' ? -1 : 1;

  return strcmp (a, b);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median of @n_values (any order); the mean of the middle two for an even count; NAN for none. */
double
glaux_bench_median (const double *values,
                    guint         n_values)
{
  g_autofree double *sorted = NULL;

  if (n_values == 0)
    return NAN;

  sorted = g_memdup2 (values, n_values * sizeof (double));
  qsort (sorted, n_values, sizeof (double), compare_doubles);

  if (n_values % 2 == 1)
    return sorted[n_values / 2];

  return (sorted[n_values / 2 - 1] + sorted[n_values / 2]) / 2.0;
}

/* Geometric mean of the values > 0 (BenchBox drops zeros and missing values); NAN for none. */
double
glaux_bench_geomean (const double *values,
                     guint         n_values)
{
  double log_sum = 0;
  guint n = 0;

  for (guint i = 0; i < n_values; i++)
    {
      if (isnan (values[i]) || values[i] <= 0)
        continue;
      log_sum += log (values[i]);
      n++;
    }

  return n > 0 ? exp (log_sum / n) : NAN;
}

/**
 * glaux_bench_canonical_benchmark_id:
 *
 * Returns: (transfer full): lower case, with SSB's raw alias star_schema folded into "ssb"
 */
char *
glaux_bench_canonical_benchmark_id (const char *raw_id)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (raw_id != NULL, NULL);

  id = g_strstrip (g_ascii_strdown (raw_id, -1));
  if (g_str_equal (id, "star_schema"))
    return g_strdup ("ssb");

  return g_steal_pointer (&id);
}

char *
glaux_bench_sha256_bytes (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* JSON access by dotted path */

static JsonNode *
lookup (JsonNode   *root,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node;
}

static const char *
lookup_string (JsonNode   *root,
               const char *path)
{
  JsonNode *node = lookup (root, path);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static const char *
lookup_nonempty_string (JsonNode   *root,
                        const char *path)
{
  const char *value = lookup_string (root, path);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

static gboolean
node_get_number (JsonNode *node,
                 double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  *value = json_node_get_double (node);
  return isfinite (*value);
}

/* A number, or a decimal string ("0.0024855"): normalized cost values are strings. */
static gboolean
node_get_decimal (JsonNode *node,
                  double   *value)
{
  const char *text;
  char *end = NULL;

  if (node_get_number (node, value))
    return TRUE;
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  text = json_node_get_string (node);
  if (text == NULL || text[0] == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);

  return end != NULL && *end == '\0' && isfinite (*value);
}

static double
lookup_number (JsonNode   *root,
               const char *path)
{
  double value;

  return node_get_number (lookup (root, path), &value) ? value : NAN;
}

static gboolean
has_member (JsonNode   *root,
            const char *member)
{
  return json_object_has_member (json_node_get_object (root), member);
}

/* json_node_copy() shares objects and arrays; the kept document must not change with the
 * caller's, and an export must not change the kept (sealed) document. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *object_copy = json_object_new ();
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &member, &value))
        json_object_set_member (object_copy, member, deep_copy (value));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, object_copy);
      return copy;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      JsonArray *array_copy = json_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        json_array_add_element (array_copy, deep_copy (json_array_get_element (array, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, array_copy);
      return copy;
    }

  copy = json_node_copy (node);
  return copy;
}

/* Required fields */

static gboolean
require (JsonNode    *root,
         const char  *path,
         JsonNodeType type,
         GType        value_type,
         GError     **error)
{
  JsonNode *node = lookup (root, path);
  double number;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_MISSING_FIELD,
                   _("Missing field %s"), path);
      return FALSE;
    }

  if (type == JSON_NODE_OBJECT && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_INVALID_FIELD,
                   _("Field %s must be an object"), path);
      return FALSE;
    }
  if (type == JSON_NODE_ARRAY && !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_INVALID_FIELD,
                   _("Field %s must be a list"), path);
      return FALSE;
    }
  if (type == JSON_NODE_VALUE && value_type == G_TYPE_STRING &&
      (json_node_get_value_type (node) != G_TYPE_STRING || json_node_get_string (node)[0] == '\0'))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_INVALID_FIELD,
                   _("Field %s must be a non-empty string"), path);
      return FALSE;
    }
  if (type == JSON_NODE_VALUE && value_type == G_TYPE_DOUBLE && !node_get_number (node, &number))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_INVALID_FIELD,
                   _("Field %s must be a number"), path);
      return FALSE;
    }

  return TRUE;
}

#define REQUIRE_OBJECT(path) require (root, path, JSON_NODE_OBJECT, G_TYPE_INVALID, error)
#define REQUIRE_ARRAY(path) require (root, path, JSON_NODE_ARRAY, G_TYPE_INVALID, error)
#define REQUIRE_STRING(path) require (root, path, JSON_NODE_VALUE, G_TYPE_STRING, error)
#define REQUIRE_NUMBER(path) require (root, path, JSON_NODE_VALUE, G_TYPE_DOUBLE, error)

/* Version resolution (§2) */

typedef enum
{
  SCHEMA_V2,
  SCHEMA_LEGACY,
} SchemaKind;

static gboolean
resolve_version (JsonNode    *root,
                 char       **version_out,
                 SchemaKind  *kind,
                 GError     **error)
{
  const char *keys[] = { "result_schema_version", "version", "schema_version" };
  const char *result_schema_version = lookup_nonempty_string (root, "result_schema_version");
  const char *version = lookup_nonempty_string (root, "version");
  const char *key = NULL;
  JsonNode *node;
  g_autofree char *value = NULL;

  if (result_schema_version != NULL && version != NULL)
    {
      g_autofree char *a = g_strstrip (g_strdup (result_schema_version));
      g_autofree char *b = g_strstrip (g_strdup (version));

      if (!g_str_equal (a, b))
        {
          g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_VERSION_MISMATCH,
                       _("The file says result_schema_version %s but version %s; a BenchBox "
                         "result names one schema version"), a, b);
          return FALSE;
        }
    }

  /* By key presence, so an explicit null is not replaced by an older alias. */
  for (guint i = 0; i < G_N_ELEMENTS (keys) && key == NULL; i++)
    if (has_member (root, keys[i]))
      key = keys[i];

  if (key == NULL)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_BENCHBOX,
                   _("This is not a BenchBox result: it has no version, result_schema_version "
                     "or schema_version field"));
      return FALSE;
    }

  node = lookup (root, key);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    value = g_strstrip (g_strdup (json_node_get_string (node)));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = g_strdup_printf ("%.1f", json_node_get_double (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    value = g_strdup_printf ("%" G_GINT64_FORMAT ".0", json_node_get_int (node));

  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_INVALID_FIELD,
                   _("Field %s must name a schema version such as \"2.2\""), key);
      return FALSE;
    }

  if (g_str_equal (value, "2.0") || g_str_equal (value, "2.1") || g_str_equal (value, "2.2"))
    *kind = SCHEMA_V2;
  else if (g_str_equal (value, "1") || g_str_has_prefix (value, "1."))
    *kind = SCHEMA_LEGACY;
  else
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_UNSUPPORTED_VERSION,
                   _("Schema version %s is not supported; Glaux reads 1.x and 2.0–2.2"), value);
      return FALSE;
    }

  *version_out = g_steal_pointer (&value);
  return TRUE;
}

/* Executions */

static JsonNode *
entry_member (JsonObject *entry,
              const char *name,
              const char *alias)
{
  JsonNode *node = json_object_get_member (entry, name);

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && alias != NULL)
    node = json_object_get_member (entry, alias);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static char *
entry_id (JsonObject *entry)
{
  JsonNode *node = entry_member (entry, "id", "query_id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return glaux_bench_normalize_query_id (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

static int
entry_int (JsonObject *entry,
           const char *name,
           const char *alias)
{
  double value;

  /* Out of int's range the conversion is undefined: not recorded then. */
  if (!node_get_number (entry_member (entry, name, alias), &value)
      || !(value >= G_MININT && value <= G_MAXINT))
    return -1;

  return (int) value;
}

static gboolean
status_passes (const char *status)
{
  return status == NULL ||
         g_ascii_strcasecmp (status, "SUCCESS") == 0 ||
         g_ascii_strcasecmp (status, "PASS") == 0 ||
         g_ascii_strcasecmp (status, "PASSED") == 0;
}

/* NULL when the entry is not an execution (no id, or a run_type BenchBox does not know). */
static GlauxBenchExecution *
execution_new (JsonObject *entry)
{
  GlauxBenchExecution *execution;
  g_autofree char *id = entry_id (entry);
  JsonNode *run_type = entry_member (entry, "run_type", NULL);
  JsonNode *status = entry_member (entry, "status", NULL);
  const char *run_type_text = NULL;
  double number;

  if (id == NULL || id[0] == '\0')
    return NULL;
  if (run_type != NULL)
    {
      if (json_node_get_value_type (run_type) != G_TYPE_STRING)
        return NULL;
      run_type_text = json_node_get_string (run_type);
      if (!g_str_equal (run_type_text, "warmup") && !g_str_equal (run_type_text, "measurement"))
        return NULL;
    }

  execution = g_new0 (GlauxBenchExecution, 1);
  execution->query_id = g_steal_pointer (&id);
  execution->iteration = entry_int (entry, "iter", "iteration");
  execution->stream = entry_int (entry, "stream", "stream_id");
  execution->is_warmup = run_type_text != NULL ? g_str_equal (run_type_text, "warmup")
                                               : execution->iteration == 0;
  execution->ms = node_get_number (entry_member (entry, "ms", "execution_time_ms"), &number)
                  ? number : NAN;
  execution->rows = node_get_number (entry_member (entry, "rows", "rows_returned"), &number)
                    && fabs (number) < 9.0e18 ? (gint64) number : -1;
  if (status != NULL && json_node_get_value_type (status) == G_TYPE_STRING)
    execution->status = g_strdup (json_node_get_string (status));
  execution->passed = status_passes (execution->status);
  execution->dpu_ms = node_get_number (entry_member (entry, "dpu_execution_ms", NULL), &number)
                      ? number : NAN;
  execution->cost_usd = node_get_decimal (entry_member (entry, "cost_usd", NULL), &number)
                        ? number : NAN;

  return execution;
}

static void
read_executions (GlauxBenchRun *self,
                 JsonArray     *entries)
{
  guint n = entries != NULL ? json_array_get_length (entries) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      GlauxBenchExecution *execution;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      execution = execution_new (json_node_get_object (node));
      if (execution != NULL)
        g_ptr_array_add (self->executions, execution);
    }
}

/* Queries */

static int
compare_queries (gconstpointer a,
                 gconstpointer b)
{
  const GlauxBenchQuery *x = *(GlauxBenchQuery * const *) a;
  const GlauxBenchQuery *y = *(GlauxBenchQuery * const *) b;

  return glaux_bench_compare_query_ids (x->query_id, y->query_id);
}

static double
median_of_array (GArray *values)
{
  return glaux_bench_median ((const double *) (gpointer) values->data, values->len);
}

static void
build_queries (GlauxBenchRun *self)
{
  for (guint i = 0; i < self->executions->len; i++)
    {
      GlauxBenchExecution *execution = g_ptr_array_index (self->executions, i);
      GlauxBenchQuery *query = g_hash_table_lookup (self->query_index, execution->query_id);

      if (query == NULL)
        {
          query = g_new0 (GlauxBenchQuery, 1);
          query->query_id = g_strdup (execution->query_id);
          g_ptr_array_add (self->queries, query);
          g_hash_table_insert (self->query_index, query->query_id, query);
        }
    }

  for (guint q = 0; q < self->queries->len; q++)
    {
      GlauxBenchQuery *query = g_ptr_array_index (self->queries, q);
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) dpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) cost = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < self->executions->len; i++)
        {
          GlauxBenchExecution *execution = g_ptr_array_index (self->executions, i);

          if (execution->is_warmup || !g_str_equal (execution->query_id, query->query_id))
            continue;
          if (!execution->passed)
            {
              query->n_failed++;
              continue;
            }
          if (isnan (execution->ms))
            continue;
          g_array_append_val (samples, execution->ms);
          if (!isnan (execution->dpu_ms))
            g_array_append_val (dpu, execution->dpu_ms);
          if (!isnan (execution->cost_usd))
            g_array_append_val (cost, execution->cost_usd);
        }

      g_array_sort (samples, compare_doubles);
      query->median_ms = median_of_array (samples);
      query->dpu_ms = median_of_array (dpu);
      query->cost_usd = median_of_array (cost);
      query->n_samples = samples->len;
      query->samples = (double *) (gpointer) g_array_free (g_steal_pointer (&samples), FALSE);
    }

  g_ptr_array_sort (self->queries, compare_queries);
}

/* The benchmark's query count, as the Explorer infers it: repeated executions are not extra
 * queries (66 TPC-H measurements are 22 queries). */
static guint
infer_logical_query_count (GlauxBenchRun *self,
                           guint          reported_total)
{
  static const struct { const char *id; guint count; } known[] = {
    { "tpch", 22 }, { "tpch_skew", 22 }, { "tpchavoc", 22 }, { "tpcds", 99 },
    { "ssb", 13 }, { "clickbench", 43 },
  };
  guint observed = self->queries->len;
  gboolean repeated = FALSE;

  if (observed == 0)
    return reported_total;
  if (reported_total <= observed)
    return reported_total != 0 ? reported_total : observed;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (self->benchmark_id, known[i].id) && observed <= known[i].count &&
        reported_total % known[i].count == 0)
      return known[i].count;

  for (guint i = 0; i < self->queries->len; i++)
    repeated |= ((GlauxBenchQuery *) g_ptr_array_index (self->queries, i))->n_samples > 1;
  if (reported_total % observed == 0 && repeated)
    return observed;

  return reported_total;
}

static void
compute_exclusion (GlauxBenchRun *self)
{
  guint valid = 0, zero = 0, missing = 0;

  for (guint i = 0; i < self->queries->len; i++)
    {
      GlauxBenchQuery *query = g_ptr_array_index (self->queries, i);

      if (isnan (query->median_ms))
        missing++;
      else if (query->median_ms <= 0)
        zero++;
      else
        valid++;
    }
  if (self->logical_query_count > self->queries->len)
    missing += self->logical_query_count - self->queries->len;

  if (valid == 0)
    {
      if (self->logical_query_count == 0 && self->queries->len == 0)
        self->exclusion = GLAUX_BENCH_EXCLUSION_NO_QUERIES;
      else if (zero > 0 && missing == 0)
        self->exclusion = GLAUX_BENCH_EXCLUSION_ZERO_TIMING;
      else
        self->exclusion = GLAUX_BENCH_EXCLUSION_MISSING_TIMING;
    }
  else if (valid < 2)
    self->exclusion = GLAUX_BENCH_EXCLUSION_INSUFFICIENT_VALID_QUERIES;
  else if (self->logical_query_count > 0 && valid * 2 < self->logical_query_count)
    self->exclusion = GLAUX_BENCH_EXCLUSION_INSUFFICIENT_QUERY_COVERAGE;
  else
    self->exclusion = GLAUX_BENCH_EXCLUSION_NONE;
}

/* Summary: reported values kept, missing ones computed from the passing measurements the way
 * BenchBox's writer does (geomean only when all > 0, stdev from 3 samples, nearest-rank
 * percentiles from 10). */

static double
stored_or_nan (JsonObject *object,
               const char *member)
{
  double value;

  if (object == NULL)
    return NAN;

  return node_get_number (json_object_get_member (object, member), &value) ? value : NAN;
}

static void
fill_value (GlauxBenchSummary       *summary,
            double                  *field,
            double                   computed,
            GlauxBenchSummaryFields  flag)
{
  if (!isnan (*field) || isnan (computed))
    return;
  *field = computed;
  summary->computed |= flag;
}

static void
read_summary (GlauxBenchRun *self,
              JsonObject    *queries,
              JsonObject    *timing,
              const char    *passed_key)
{
  GlauxBenchSummary *summary = &self->summary;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint total = 0, passed = 0, skipped = 0;
  double sum = 0, counts[4];
  gboolean all_positive = TRUE;
  guint n;

  for (guint i = 0; i < self->executions->len; i++)
    {
      GlauxBenchExecution *execution = g_ptr_array_index (self->executions, i);

      if (execution->is_warmup)
        continue;
      total++;
      if (execution->status != NULL && g_ascii_strcasecmp (execution->status, "SKIPPED") == 0)
        skipped++;
      if (!execution->passed)
        continue;
      passed++;
      if (isnan (execution->ms))
        continue;
      g_array_append_val (times, execution->ms);
      sum += execution->ms;
      all_positive &= execution->ms > 0;
    }
  g_array_sort (times, compare_doubles);
  n = times->len;

  counts[0] = stored_or_nan (queries, "total");
  counts[1] = stored_or_nan (queries, passed_key);
  counts[2] = stored_or_nan (queries, "failed");
  counts[3] = stored_or_nan (queries, "skipped");
  /* A count that is negative or too large for a guint is not one: computed instead. */
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (!(counts[i] >= 0 && counts[i] <= G_MAXUINT))
      counts[i] = NAN;
  if (isnan (counts[0]) || isnan (counts[1]) || isnan (counts[2]))
    summary->computed |= GLAUX_BENCH_SUMMARY_COUNTS;
  summary->total = isnan (counts[0]) ? total : (guint) counts[0];
  summary->passed = isnan (counts[1]) ? passed : (guint) counts[1];
  summary->failed = isnan (counts[2]) ? total - passed - skipped : (guint) counts[2];
  summary->skipped = isnan (counts[3]) ? skipped : (guint) counts[3];

  summary->total_ms = stored_or_nan (timing, "total_ms");
  summary->avg_ms = stored_or_nan (timing, "avg_ms");
  summary->min_ms = stored_or_nan (timing, "min_ms");
  summary->max_ms = stored_or_nan (timing, "max_ms");
  summary->geometric_mean_ms = stored_or_nan (timing, "geometric_mean_ms");
  summary->stdev_ms = stored_or_nan (timing, "stdev_ms");
  summary->p90_ms = stored_or_nan (timing, "p90_ms");
  summary->p95_ms = stored_or_nan (timing, "p95_ms");
  summary->p99_ms = stored_or_nan (timing, "p99_ms");

  if (n == 0)
    return;

  {
    const double *t = (const double *) (gpointer) times->data;
    double mean = sum / n, variance = 0;

    for (guint i = 0; i < n; i++)
      variance += (t[i] - mean) * (t[i] - mean);

    fill_value (summary, &summary->total_ms, sum, GLAUX_BENCH_SUMMARY_TOTAL);
    fill_value (summary, &summary->avg_ms, mean, GLAUX_BENCH_SUMMARY_AVG);
    fill_value (summary, &summary->min_ms, t[0], GLAUX_BENCH_SUMMARY_MIN);
    fill_value (summary, &summary->max_ms, t[n - 1], GLAUX_BENCH_SUMMARY_MAX);
    fill_value (summary, &summary->geometric_mean_ms,
                all_positive ? glaux_bench_geomean (t, n) : NAN, GLAUX_BENCH_SUMMARY_GEOMEAN);
    fill_value (summary, &summary->stdev_ms,
                n >= 3 ? sqrt (variance / (n - 1)) : NAN, GLAUX_BENCH_SUMMARY_STDEV);
    fill_value (summary, &summary->p90_ms, n >= 10 ? t[MIN (n - 1, (guint) (n * 0.90))] : NAN,
                GLAUX_BENCH_SUMMARY_P90);
    fill_value (summary, &summary->p95_ms, n >= 10 ? t[MIN (n - 1, (guint) (n * 0.95))] : NAN,
                GLAUX_BENCH_SUMMARY_P95);
    fill_value (summary, &summary->p99_ms, n >= 10 ? t[MIN (n - 1, (guint) (n * 0.99))] : NAN,
                GLAUX_BENCH_SUMMARY_P99);
  }
}

static void
read_tpc_metrics (GlauxBenchRun *self,
                  JsonNode      *metrics)
{
  JsonNode *suppressed = lookup (metrics, "suppressed");

  if (metrics == NULL || !JSON_NODE_HOLDS_OBJECT (metrics))
    return;
  if (suppressed != NULL && json_node_get_value_type (suppressed) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (suppressed))
    {
      /* Reported as suppressed (unofficial runs): hidden, whatever numbers came along. */
      self->tpc_suppressed = TRUE;
      return;
    }

  self->power_at_size = lookup_number (metrics, "power_at_size");
  self->throughput_at_size = lookup_number (metrics, "throughput_at_size");
  self->qph_at_size = lookup_number (metrics, "qphh_at_size");
  if (isnan (self->qph_at_size))
    self->qph_at_size = lookup_number (metrics, "qphds_at_size");
}

/* §6 step 6: normalized cost when normalized, else cost.total_usd labelled with cost.model,
 * else (Glaux recordings) the sum of the measured executions' cost_usd. */
static void
read_cost (GlauxBenchRun *self,
           JsonNode      *root)
{
  const char *status = lookup_string (root, "normalized_cost.cost_status");
  double value, sum = 0;
  gboolean any = FALSE;

  if (status != NULL && g_str_equal (status, "normalized") &&
      node_get_decimal (lookup (root, "normalized_cost.normalized_cost_usd"), &value))
    {
      self->cost_usd = value;
      self->cost_model = g_strdup ("normalized");
      return;
    }

  if (node_get_decimal (lookup (root, "cost.total_usd"), &value) ||
      node_get_decimal (lookup (root, "cost_summary.total_cost"), &value))
    {
      const char *model = lookup_nonempty_string (root, "cost.model");

      self->cost_usd = value;
      self->cost_model = g_strdup (model != NULL ? model : "reported");
      return;
    }

  for (guint i = 0; i < self->executions->len; i++)
    {
      GlauxBenchExecution *execution = g_ptr_array_index (self->executions, i);

      if (execution->is_warmup || isnan (execution->cost_usd))
        continue;
      sum += execution->cost_usd;
      any = TRUE;
    }
  if (any)
    {
      self->cost_usd = sum;
      self->cost_model = g_strdup ("estimated");
    }
}

static char *
strip_dataframe_suffix (const char *name)
{
  if (g_str_has_suffix (name, " (DataFrame)"))
    return g_strndup (name, strlen (name) - strlen (" (DataFrame)"));

  return g_strdup (name);
}

static char *
first_string (JsonNode    *root,
              const char **paths,
              gboolean     lower)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *value = lookup_nonempty_string (root, paths[i]);

      if (value != NULL)
        return lower ? g_ascii_strdown (value, -1) : g_strdup (value);
    }

  return NULL;
}

static void
read_common_identity (GlauxBenchRun *self,
                      JsonNode      *root)
{
  const char *mode_paths[] = { "config.execution_mode", "platform.config.execution_mode",
                               "config.mode", "execution.execution_mode", "configuration.mode",
                               NULL };
  const char *tuning_paths[] = { "config.tuning_mode", "execution.tuning_mode", NULL };
  JsonNode *validation = lookup (root, "summary.validation");

  self->mode = first_string (root, mode_paths, TRUE);
  self->tuning_mode = first_string (root, tuning_paths, FALSE);

  if (validation != NULL && JSON_NODE_HOLDS_OBJECT (validation))
    validation = lookup (validation, "status");
  if (validation != NULL && json_node_get_value_type (validation) == G_TYPE_STRING)
    self->validation = g_ascii_strdown (json_node_get_string (validation), -1);
}

static gboolean
read_v2 (GlauxBenchRun *self,
         JsonNode      *root,
         GError       **error)
{
  const char *test_type_paths[] = { "benchmark.test_type", "config.test_type", NULL };
  JsonArray *entries;
  JsonNode *timing;
  double iterations;

  if (!REQUIRE_OBJECT ("run") ||
      !REQUIRE_STRING ("run.id") ||
      !REQUIRE_STRING ("run.timestamp") ||
      !REQUIRE_NUMBER ("run.total_duration_ms") ||
      !REQUIRE_OBJECT ("benchmark") ||
      !REQUIRE_STRING ("benchmark.id") ||
      !REQUIRE_NUMBER ("benchmark.scale_factor") ||
      !REQUIRE_OBJECT ("platform") ||
      !REQUIRE_STRING ("platform.name") ||
      !REQUIRE_OBJECT ("summary") ||
      !REQUIRE_OBJECT ("summary.queries") ||
      !REQUIRE_ARRAY ("queries"))
    return FALSE;

  self->run_id = g_strdup (lookup_string (root, "run.id"));
  self->timestamp = g_strdup (lookup_string (root, "run.timestamp"));
  self->total_duration_ms = lookup_number (root, "run.total_duration_ms");
  self->query_time_ms = lookup_number (root, "run.query_time_ms");
  self->benchmark_raw_id = g_strdup (lookup_string (root, "benchmark.id"));
  self->benchmark_name = g_strdup (lookup_nonempty_string (root, "benchmark.name"));
  self->scale_factor = lookup_number (root, "benchmark.scale_factor");
  self->test_type = first_string (root, test_type_paths, TRUE);
  self->platform_name = strip_dataframe_suffix (lookup_string (root, "platform.name"));
  self->platform_version = g_strdup (lookup_nonempty_string (root, "platform.version"));
  read_common_identity (self, root);

  entries = json_node_get_array (lookup (root, "queries"));
  read_executions (self, entries);
  if (self->test_type == NULL && json_array_get_length (entries) > 0)
    {
      JsonNode *first = json_array_get_element (entries, 0);

      self->test_type = g_strdup (lookup_nonempty_string (first, "test_type"));
    }

  iterations = lookup_number (root, "run.iterations");
  self->iterations = iterations >= 0 && iterations <= G_MAXUINT ? (guint) iterations : 0;

  timing = lookup (root, "summary.timing");
  read_summary (self,
                json_node_get_object (lookup (root, "summary.queries")),
                timing != NULL && JSON_NODE_HOLDS_OBJECT (timing) ? json_node_get_object (timing)
                                                                 : NULL,
                "passed");
  read_tpc_metrics (self, lookup (root, "summary.tpc_metrics"));

  return TRUE;
}

/* Legacy 1.x (normalizer.py's best effort): benchmark as a name or an object, execution{id,
 * timestamp, platform}, configuration, results{queries{details[]}, timing}, cost_summary. */
static gboolean
read_legacy (GlauxBenchRun *self,
             JsonNode      *root,
             GError       **error)
{
  const char *benchmark_paths[] = { "benchmark.id", "benchmark.name", "benchmark", NULL };
  const char *platform_paths[] = { "execution.platform.name", "execution.platform",
                                   "platform.name", "platform", NULL };
  const char *timestamp_paths[] = { "execution.timestamp", "run.timestamp", "timestamp", NULL };
  JsonNode *details = lookup (root, "results.queries.details");
  JsonNode *timing = lookup (root, "results.timing");
  JsonNode *queries = lookup (root, "results.queries");
  g_autofree char *benchmark = first_string (root, benchmark_paths, FALSE);
  g_autofree char *platform = first_string (root, platform_paths, FALSE);
  double duration;

  if (benchmark == NULL)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_MISSING_FIELD,
                   _("Missing field %s"), "benchmark");
      return FALSE;
    }
  if (platform == NULL)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_MISSING_FIELD,
                   _("Missing field %s"), "execution.platform");
      return FALSE;
    }
  self->timestamp = first_string (root, timestamp_paths, FALSE);
  if (self->timestamp == NULL)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_MISSING_FIELD,
                   _("Missing field %s"), "execution.timestamp");
      return FALSE;
    }

  self->scale_factor = lookup_number (root, "benchmark.scale_factor");
  if (isnan (self->scale_factor))
    self->scale_factor = lookup_number (root, "configuration.scale_factor");
  if (isnan (self->scale_factor))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_MISSING_FIELD,
                   _("Missing field %s"), "benchmark.scale_factor");
      return FALSE;
    }

  {
    /* "TPC-H" → "tpch", the v2 id. */
    GString *id = g_string_new (NULL);

    for (const char *p = benchmark; *p != '\0'; p++)
      if (g_ascii_isalnum (*p) || *p == '_')
        g_string_append_c (id, g_ascii_tolower (*p));
    self->benchmark_raw_id = g_string_free (id, FALSE);
  }
  self->benchmark_name = first_string (root, (const char *[]) { "benchmark.name", NULL }, FALSE);
  if (self->benchmark_name == NULL)
    self->benchmark_name = g_strdup (benchmark);
  self->platform_name = strip_dataframe_suffix (platform);
  self->platform_version = first_string (root, (const char *[]) { "execution.platform.version",
                                                                  "platform.version", NULL },
                                         FALSE);
  self->run_id = first_string (root, (const char *[]) { "execution.id", "run.id", NULL }, FALSE);
  if (self->run_id == NULL)
    self->run_id = g_strndup (self->sha256, 8);
  {
    const char *test_type_paths[] = { "benchmark.test_type", "configuration.test_type", NULL };

    self->test_type = first_string (root, test_type_paths, TRUE);
  }
  read_common_identity (self, root);

  read_executions (self, details != NULL && JSON_NODE_HOLDS_ARRAY (details)
                         ? json_node_get_array (details) : NULL);

  duration = lookup_number (root, "execution.duration_ms");
  self->total_duration_ms = isnan (duration) ? lookup_number (timing, "total_ms") : duration;
  read_summary (self,
                queries != NULL && JSON_NODE_HOLDS_OBJECT (queries) ? json_node_get_object (queries)
                                                                   : NULL,
                timing != NULL && JSON_NODE_HOLDS_OBJECT (timing) ? json_node_get_object (timing)
                                                                 : NULL,
                "successful");
  self->query_time_ms = self->summary.total_ms;
  read_tpc_metrics (self, lookup (root, "metrics"));

  return TRUE;
}

/* Builds the model from @root (taken). */
static GlauxBenchRun *
run_new_from_root (JsonNode  *root,
                   char      *sha256,
                   GError   **error)
{
  g_autoptr(GlauxBenchRun) self = g_object_new (GLAUX_TYPE_BENCH_RUN, NULL);
  g_autoptr(JsonNode) owned_root = root;
  SchemaKind kind;
  gboolean ok;

  self->sha256 = sha256;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_BENCHBOX,
                   _("This is JSON but not a BenchBox result: its top level is %s, not an object"),
                   JSON_NODE_HOLDS_ARRAY (root) ? _("a list") : _("a single value"));
      return NULL;
    }

  if (!resolve_version (root, &self->schema_version, &kind, error))
    return NULL;

  self->legacy = kind == SCHEMA_LEGACY;
  ok = self->legacy ? read_legacy (self, root, error) : read_v2 (self, root, error);
  if (!ok)
    return NULL;

  self->benchmark_id = glaux_bench_canonical_benchmark_id (self->benchmark_raw_id);
  if (self->benchmark_name == NULL)
    self->benchmark_name = g_strdup (self->benchmark_raw_id);

  build_queries (self);
  if (self->iterations == 0)
    {
      /* No run.iterations: the highest measurement iteration. */
      for (guint i = 0; i < self->executions->len; i++)
        {
          GlauxBenchExecution *execution = g_ptr_array_index (self->executions, i);

          if (execution->iteration > 0)
            self->iterations = MAX (self->iterations, (guint) execution->iteration);
        }
    }

  {
    g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < self->queries->len; i++)
      g_array_append_val (medians, ((GlauxBenchQuery *) g_ptr_array_index (self->queries, i))->median_ms);
    self->geomean_ms = glaux_bench_geomean ((const double *) (gpointer) medians->data, medians->len);
  }

  self->logical_query_count = infer_logical_query_count (self, self->summary.total);
  compute_exclusion (self);
  read_cost (self, root);

  self->document = g_steal_pointer (&owned_root);

  return g_steal_pointer (&self);
}

/**
 * glaux_bench_run_new_from_bytes:
 *
 * Parses a BenchBox result file's bytes. May block for a large file: call from a worker thread.
 *
 * Returns: (transfer full): the run, or %NULL with @error in GLAUX_BENCH_ERROR
 */
GlauxBenchRun *
glaux_bench_run_new_from_bytes (GBytes  *bytes,
                                GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > GLAUX_BENCH_MAX_FILE_SIZE)
    {
      g_autofree char *size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_LARGE,
                   _("The file is %s; Glaux imports BenchBox results of up to 10 MiB"),
                   size_text);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  /* Only white space parses without error, to no root: that file is empty too. */
  if (size == 0 || !glaux_json_parser_load_from_data (parser, data, size, &parse_error)
      || json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_JSON,
                   _("This file is not JSON (%s); choose a BenchBox result .json file"),
                   parse_error != NULL ? parse_error->message : _("it is empty"));
      return NULL;
    }

  return run_new_from_root (json_node_copy (json_parser_get_root (parser)),
                            glaux_bench_sha256_bytes (bytes), error);
}

/**
 * glaux_bench_run_new_from_json:
 * @root: a BenchBox document, e.g. a run Glaux recorded; copied
 *
 * The sha256 is that of the document serialised compactly.
 *
 * Returns: (transfer full): the run, or %NULL with @error in GLAUX_BENCH_ERROR
 */
GlauxBenchRun *
glaux_bench_run_new_from_json (JsonNode  *root,
                               GError   **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = json_to_string (root, FALSE);
  length = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);

  return run_new_from_root (deep_copy (root), glaux_bench_sha256_bytes (bytes), error);
}

/**
 * glaux_bench_run_new_from_file:
 *
 * Blocking: the size is checked before anything is read.
 *
 * Returns: (transfer full): the run, or %NULL with @error in GLAUX_BENCH_ERROR
 */
GlauxBenchRun *
glaux_bench_run_new_from_file (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL && g_file_info_get_size (info) > GLAUX_BENCH_MAX_FILE_SIZE)
    {
      g_autofree char *size_text = g_format_size_full (g_file_info_get_size (info),
                                                       G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_TOO_LARGE,
                   _("%s is %s; Glaux imports BenchBox results of up to 10 MiB"),
                   name, size_text);
      return NULL;
    }

  if (info != NULL)
    bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_IO,
                     _("Could not read %s: %s"), name, local_error->message);
      return NULL;
    }

  return glaux_bench_run_new_from_bytes (bytes, error);
}

static void
from_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GlauxBenchRun *run = glaux_bench_run_new_from_file (task_data, cancellable, &error);

  if (run == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, run, g_object_unref);
}

/**
 * glaux_bench_run_new_from_file_async:
 *
 * Reads and parses @file in a worker thread.
 */
void
glaux_bench_run_new_from_file_async (GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_bench_run_new_from_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, from_file_thread);
}

/**
 * glaux_bench_run_new_from_file_finish:
 *
 * Returns: (transfer full): the run, or %NULL with @error
 */
GlauxBenchRun *
glaux_bench_run_new_from_file_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
from_bytes_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GlauxBenchRun *run = glaux_bench_run_new_from_bytes (task_data, &error);

  if (run == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, run, g_object_unref);
}

/**
 * glaux_bench_run_new_from_bytes_async:
 *
 * Parses @bytes (e.g. a dropped file's contents) in a worker thread.
 */
void
glaux_bench_run_new_from_bytes_async (GBytes              *bytes,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (bytes != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_bench_run_new_from_bytes_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, from_bytes_thread);
}

/**
 * glaux_bench_run_new_from_bytes_finish:
 *
 * Returns: (transfer full): the run, or %NULL with @error
 */
GlauxBenchRun *
glaux_bench_run_new_from_bytes_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Export */

static JsonObject *
ensure_object (JsonObject *parent,
               const char *member)
{
  JsonNode *node = json_object_get_member (parent, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (parent, member, json_object_new ());
      node = json_object_get_member (parent, member);
    }

  return json_node_get_object (node);
}

static void
set_number (JsonObject *object,
            const char *member,
            double      value)
{
  if (isnan (value))
    return;

  /* Whole numbers stay integers, as BenchBox writes them. */
  if (value == floor (value) && fabs (value) < 1e15)
    json_object_set_int_member (object, member, (gint64) value);
  else
    json_object_set_double_member (object, member, value);
}

static void
set_string (JsonObject *object,
            const char *member,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static JsonNode *
execution_to_json (const GlauxBenchExecution *execution)
{
  JsonObject *entry = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (entry, "id", execution->query_id);
  if (execution->iteration >= 0)
    json_object_set_int_member (entry, "iter", execution->iteration);
  if (execution->stream >= 0)
    json_object_set_int_member (entry, "stream", execution->stream);
  json_object_set_string_member (entry, "run_type",
                                 execution->is_warmup ? "warmup" : "measurement");
  set_number (entry, "ms", execution->ms);
  if (execution->rows >= 0)
    json_object_set_int_member (entry, "rows", execution->rows);
  set_string (entry, "status", execution->status);
  set_number (entry, "dpu_execution_ms", execution->dpu_ms);
  set_number (entry, "cost_usd", execution->cost_usd);
  json_node_take_object (node, entry);

  return node;
}

/* The queries[] of a 2.x source keep their extras; ids are normalised and run_type made
 * explicit so a reader that ignores iter 0 still sees the warm-ups. */
static void
export_v2_queries (GlauxBenchRun *self,
                   JsonObject    *root)
{
  JsonArray *entries = json_object_get_array_member (root, "queries");
  guint n = json_array_get_length (entries);
  guint next = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry;
      const GlauxBenchExecution *execution;
      GlauxBenchExecution *parsed;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      parsed = execution_new (entry);
      if (parsed == NULL)
        continue;
      execution_free (parsed);

      /* Executions were read in the same order, skipping the same entries. */
      execution = g_ptr_array_index (self->executions, next++);
      json_object_remove_member (entry, "query_id");
      json_object_set_string_member (entry, "id", execution->query_id);
      json_object_set_string_member (entry, "run_type",
                                     execution->is_warmup ? "warmup" : "measurement");
    }
}

static void
export_summary (GlauxBenchRun *self,
                JsonObject    *root)
{
  const GlauxBenchSummary *s = &self->summary;
  JsonObject *summary = ensure_object (root, "summary");
  JsonObject *queries = ensure_object (summary, "queries");
  JsonObject *timing = ensure_object (summary, "timing");

  json_object_set_int_member (queries, "total", s->total);
  json_object_set_int_member (queries, "passed", s->passed);
  json_object_set_int_member (queries, "failed", s->failed);
  if (s->skipped > 0)
    json_object_set_int_member (queries, "skipped", s->skipped);

  /* Reported values are already there (and untouched); only computed ones are added. */
#define EXPORT_TIMING(flag, name, value) \
  if ((s->computed & (flag)) || !json_object_has_member (timing, name)) \
    set_number (timing, name, value)
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_TOTAL, "total_ms", s->total_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_AVG, "avg_ms", s->avg_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_MIN, "min_ms", s->min_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_MAX, "max_ms", s->max_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_GEOMEAN, "geometric_mean_ms", s->geometric_mean_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_STDEV, "stdev_ms", s->stdev_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_P90, "p90_ms", s->p90_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_P95, "p95_ms", s->p95_ms);
  EXPORT_TIMING (GLAUX_BENCH_SUMMARY_P99, "p99_ms", s->p99_ms);
#undef EXPORT_TIMING

  if (self->validation != NULL && !json_object_has_member (summary, "validation"))
    json_object_set_string_member (summary, "validation", self->validation);
}

/* A 1.x source has nothing to carry over: the 2.2 blocks are written from the model. */
static JsonObject *
legacy_to_v2 (GlauxBenchRun *self)
{
  JsonObject *root = json_object_new ();
  JsonObject *run = ensure_object (root, "run");
  JsonObject *benchmark = ensure_object (root, "benchmark");
  JsonObject *platform = ensure_object (root, "platform");
  JsonArray *entries = json_array_new ();
  JsonNode *metrics = lookup (self->document, "metrics");

  json_object_set_string_member (run, "id", self->run_id);
  json_object_set_string_member (run, "timestamp", self->timestamp);
  set_number (run, "total_duration_ms", isnan (self->total_duration_ms) ? 0 : self->total_duration_ms);
  set_number (run, "query_time_ms", self->query_time_ms);
  if (self->iterations > 0)
    json_object_set_int_member (run, "iterations", self->iterations);

  json_object_set_string_member (benchmark, "id", self->benchmark_raw_id);
  json_object_set_string_member (benchmark, "name", self->benchmark_name);
  json_object_set_double_member (benchmark, "scale_factor", self->scale_factor);
  set_string (benchmark, "test_type", self->test_type);

  json_object_set_string_member (platform, "name", self->platform_name);
  set_string (platform, "version", self->platform_version);

  if (self->mode != NULL)
    json_object_set_string_member (ensure_object (root, "config"), "mode", self->mode);
  if (self->tuning_mode != NULL)
    json_object_set_string_member (ensure_object (root, "execution"), "tuning_mode",
                                   self->tuning_mode);

  for (guint i = 0; i < self->executions->len; i++)
    json_array_add_element (entries, execution_to_json (g_ptr_array_index (self->executions, i)));
  json_object_set_array_member (root, "queries", entries);

  if (metrics != NULL && JSON_NODE_HOLDS_OBJECT (metrics))
    json_object_set_member (ensure_object (root, "summary"), "tpc_metrics",
                            json_node_copy (metrics));
  if (!isnan (self->cost_usd))
    {
      JsonObject *cost = ensure_object (root, "cost");

      json_object_set_string_member (cost, "model", self->cost_model);
      json_object_set_double_member (cost, "total_usd", self->cost_usd);
    }

  return root;
}

/**
 * glaux_bench_run_to_json:
 *
 * Returns: (transfer full): a BenchBox 2.2 document (version and result_schema_version "2.2")
 */
JsonNode *
glaux_bench_run_to_json (GlauxBenchRun *self)
{
  JsonNode *node;
  JsonObject *root;

  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);

  if (self->legacy)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, legacy_to_v2 (self));
    }
  else
    node = deep_copy (self->document);

  root = json_node_get_object (node);
  json_object_remove_member (root, "schema_version");
  json_object_set_string_member (root, "version", "2.2");
  json_object_set_string_member (root, "result_schema_version", "2.2");
  if (!self->legacy)
    export_v2_queries (self, root);
  export_summary (self, root);

  return node;
}

/**
 * glaux_bench_run_to_bytes:
 *
 * Returns: (transfer full): glaux_bench_run_to_json() as UTF-8, 2-space indent, trailing newline
 */
GBytes *
glaux_bench_run_to_bytes (GlauxBenchRun *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);

  node = glaux_bench_run_to_json (self);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';

  return g_bytes_new_take (g_steal_pointer (&text), length);
}

/* Getters */

const char *
glaux_bench_run_get_schema_version (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->schema_version;
}

gboolean
glaux_bench_run_is_legacy (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), FALSE);
  return self->legacy;
}

/* Canonical: lower case, star_schema → ssb. */
const char *
glaux_bench_run_get_benchmark_id (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->benchmark_id;
}

const char *
glaux_bench_run_get_benchmark_name (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->benchmark_name;
}

double
glaux_bench_run_get_scale_factor (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NAN);
  return self->scale_factor;
}

/* "power", "throughput", …; NULL when the file does not say. */
const char *
glaux_bench_run_get_test_type (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->test_type;
}

const char *
glaux_bench_run_get_platform_name (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->platform_name;
}

/* As recorded, possibly "unknown"; NULL when absent. */
const char *
glaux_bench_run_get_platform_version (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->platform_version;
}

/* "sql" / "dataframe" by the §5.8 precedence, lower case; NULL when unknown. */
const char *
glaux_bench_run_get_mode (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->mode;
}

const char *
glaux_bench_run_get_tuning_mode (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->tuning_mode;
}

/* Naive local time exactly as recorded ("2026-08-26T10:53:25.253436"): never converted. */
const char *
glaux_bench_run_get_timestamp (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->timestamp;
}

const char *
glaux_bench_run_get_run_id (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->run_id;
}

/* Of the bytes read (lower-case hex). */
const char *
glaux_bench_run_get_sha256 (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->sha256;
}

/* summary.validation in lower case ("passed", "failed", "partial"); NULL when absent. */
const char *
glaux_bench_run_get_validation (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->validation;
}

/**
 * glaux_bench_run_dup_label:
 *
 * Returns: (transfer full): "DuckDB 1.3.2 · 2026-08-26 10:53 · 8a57a5a8", for lists and legends
 */
char *
glaux_bench_run_dup_label (GlauxBenchRun *self)
{
  g_autofree char *when = NULL;
  gboolean has_version;

  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);

  when = g_strndup (self->timestamp, 16);
  if (strlen (when) > 10 && when[10] == 'T')
    when[10] = ' ';
  has_version = self->platform_version != NULL &&
                g_ascii_strcasecmp (self->platform_version, "unknown") != 0;

  return g_strdup_printf ("%s%s%s · %s · %s", self->platform_name,
                          has_version ? " " : "", has_version ? self->platform_version : "",
                          when, self->run_id);
}

/* run.iterations, else the highest iter seen. */
guint
glaux_bench_run_get_iterations (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), 0);
  return self->iterations;
}

guint
glaux_bench_run_get_n_executions (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), 0);
  return self->executions->len;
}

const GlauxBenchExecution *
glaux_bench_run_get_execution (GlauxBenchRun *self,
                               guint          index)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  g_return_val_if_fail (index < self->executions->len, NULL);
  return g_ptr_array_index (self->executions, index);
}

/* Every query id seen (warm-up only ones too, with no median), natural order. */
guint
glaux_bench_run_get_n_queries (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), 0);
  return self->queries->len;
}

const GlauxBenchQuery *
glaux_bench_run_get_query (GlauxBenchRun *self,
                           guint          index)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  g_return_val_if_fail (index < self->queries->len, NULL);
  return g_ptr_array_index (self->queries, index);
}

/* @query_id is normalised first ("Q3" finds "3"); NULL when absent. */
const GlauxBenchQuery *
glaux_bench_run_lookup_query (GlauxBenchRun *self,
                              const char    *query_id)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  g_return_val_if_fail (query_id != NULL, NULL);

  id = glaux_bench_normalize_query_id (query_id);
  return g_hash_table_lookup (self->query_index, id);
}

/* The benchmark's query count as the Explorer infers it (TPC-H 22 …). */
guint
glaux_bench_run_get_logical_query_count (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), 0);
  return self->logical_query_count;
}

const GlauxBenchSummary *
glaux_bench_run_get_summary (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return &self->summary;
}

/* Geometric mean of the per-query medians (> 0 only); NAN when there is none. */
double
glaux_bench_run_get_geomean_ms (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NAN);
  return self->geomean_ms;
}

/* Reported TPC metrics (opaque); NAN when absent or suppressed. */
double
glaux_bench_run_get_power_at_size (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NAN);
  return self->power_at_size;
}

double
glaux_bench_run_get_throughput_at_size (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NAN);
  return self->throughput_at_size;
}

double
glaux_bench_run_get_qph_at_size (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NAN);
  return self->qph_at_size;
}

gboolean
glaux_bench_run_get_tpc_suppressed (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), FALSE);
  return self->tpc_suppressed;
}

/* US dollars (§6 step 6); NAN when the run has no cost. */
double
glaux_bench_run_get_cost_usd (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NAN);
  return self->cost_usd;
}

/* "normalized", cost.model ("actual", "estimated", "marginal"), "reported" or, for a Glaux
 * recording without a total, "estimated"; NULL without a cost. */
const char *
glaux_bench_run_get_cost_model (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), NULL);
  return self->cost_model;
}

GlauxBenchExclusion
glaux_bench_run_get_exclusion (GlauxBenchRun *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (self), GLAUX_BENCH_EXCLUSION_NONE);
  return self->exclusion;
}
