/* test-tpch.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "glaux-calculation-run.h"
#include "glaux-connection.h"
#include "glaux-query-set.h"
#include "glaux-result-loader.h"
#include "glaux-test-util.h"
#include "glaux-tpch.h"

/* The TPC-H generator: the specification's row counts at SF 0.01, key and value rules checked
 * with SQL, determinism, reloading, the asynchronous load with progress and cancel, and the 22
 * queries returning rows through SQLite and through real glaux-local calculations. */

/* GLAUX_TPCH_DEFAULT_SEED at SF 0.01 gives this many line items (1..7 per order: 4 on average,
 * so the specification's 60,000 within a few hundred). */
#define LINEITEM_SF001 60127

static char *shared_db;   /* SF 0.01, default seed, made once */

static char *
temp_db (const char *name)
{
  return g_build_filename (glaux_test_get_home (), name, NULL);
}

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static void
load (const char *path,
      double      scale_factor,
      guint64     seed,
      gboolean    expect_loaded)
{
  g_autoptr(GError) error = NULL;
  gboolean loaded = !expect_loaded;

  g_assert_true (glaux_tpch_load (path, scale_factor, seed, NULL, NULL, NULL, &loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (loaded, ==, expect_loaded);
}

static const char *
shared (void)
{
  if (shared_db == NULL)
    {
      gint64 start = g_get_monotonic_time ();

      shared_db = temp_db ("tpch-shared.db");
      load (shared_db, 0.01, GLAUX_TPCH_DEFAULT_SEED, TRUE);
      g_test_message ("SF 0.01 generated in %.2f s",
                      (g_get_monotonic_time () - start) / 1e6);
    }

  return shared_db;
}

/* Row counts */

static void
check_counts (const char *path,
              double      scale_factor)
{
  sqlite3 *db = open_db (path);

  for (const char * const *t = glaux_tpch_get_table_names (); *t != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", *t);
      gint64 count = query_int (db, sql);
      gint64 expected = glaux_tpch_get_table_cardinality (*t, scale_factor);

      g_test_message ("SF %g: %s has %" G_GINT64_FORMAT " rows", scale_factor, *t, count);
      if (g_str_equal (*t, "lineitem"))
        {
          /* 1..7 per order, uniform: the mean is 4 × orders, the spread a few hundred at
           * SF 0.01; ±5 % is more than ten standard deviations. */
          g_assert_cmpint (count, >, expected * 95 / 100);
          g_assert_cmpint (count, <, expected * 105 / 100);
        }
      else
        g_assert_cmpint (count, ==, expected);
    }
  sqlite3_close (db);
}

static void
test_counts (void)
{
  sqlite3 *db;

  g_assert_cmpint (glaux_tpch_get_table_cardinality ("region", 0.01), ==, 5);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("nation", 0.01), ==, 25);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("supplier", 0.01), ==, 100);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("customer", 0.01), ==, 1500);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("part", 0.01), ==, 2000);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("partsupp", 0.01), ==, 8000);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("orders", 0.01), ==, 15000);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("lineitem", 0.01), ==, 60000);
  g_assert_cmpint (glaux_tpch_get_table_cardinality ("orders", 0.1), ==, 150000);

  check_counts (shared (), 0.01);

  db = open_db (shared ());
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM lineitem"), ==, LINEITEM_SF001);
  sqlite3_close (db);
  g_assert_cmpfloat (glaux_tpch_get_loaded_scale_factor (shared (), NULL), ==, 0.01);
}

/* Key and value rules: each query counts the rows that break a rule. */
static void
test_rules (void)
{
  static const char * const violations[] = {
    /* Keys */
    "SELECT count(*) FROM lineitem WHERE l_orderkey NOT IN (SELECT o_orderkey FROM orders)",
    "SELECT count(*) FROM orders WHERE o_orderkey NOT IN (SELECT l_orderkey FROM lineitem)",
    "SELECT count(*) FROM lineitem WHERE NOT EXISTS (SELECT 1 FROM partsupp"
    " WHERE ps_partkey = l_partkey AND ps_suppkey = l_suppkey)",
    "SELECT count(*) FROM orders WHERE o_custkey % 3 = 0"
    " OR o_custkey NOT IN (SELECT c_custkey FROM customer)",
    /* Sparse order keys: the first 8 of every 32. */
    "SELECT count(*) FROM orders WHERE (o_orderkey - 1) % 32 >= 8",
    "SELECT max(o_orderkey) - ((15000 - 1) / 8 * 32 + 7 + 1) FROM orders",
    "SELECT count(*) FROM (SELECT ps_partkey FROM partsupp GROUP BY ps_partkey"
    " HAVING count(DISTINCT ps_suppkey) <> 4)",
    "SELECT count(*) FROM nation WHERE n_regionkey NOT IN (SELECT r_regionkey FROM region)",
    "SELECT count(*) FROM supplier WHERE s_nationkey NOT BETWEEN 0 AND 24",
    /* Line items: 1..7 per order, numbered from 1 */
    "SELECT count(*) FROM (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey"
    " HAVING count(*) NOT BETWEEN 1 AND 7 OR max(l_linenumber) <> count(*))",
    /* Values */
    "SELECT count(*) FROM lineitem WHERE l_discount < 0 OR l_discount > 0.10",
    "SELECT count(*) FROM lineitem WHERE l_tax < 0 OR l_tax > 0.08",
    "SELECT count(*) FROM lineitem WHERE l_quantity NOT BETWEEN 1 AND 50",
    "SELECT count(*) FROM lineitem, part WHERE p_partkey = l_partkey"
    " AND abs(l_extendedprice - l_quantity * p_retailprice) > 0.001",
    "SELECT count(*) FROM part WHERE abs(p_retailprice"
    " - (90000 + ((p_partkey / 10) % 20001) + 100 * (p_partkey % 1000)) / 100.0) > 0.001",
    "SELECT count(*) FROM lineitem WHERE l_receiptdate <= l_shipdate",
    "SELECT count(*) FROM lineitem, orders WHERE o_orderkey = l_orderkey AND"
    " (julianday(l_shipdate) - julianday(o_orderdate) NOT BETWEEN 1 AND 121"
    " OR julianday(l_commitdate) - julianday(o_orderdate) NOT BETWEEN 30 AND 90"
    " OR julianday(l_receiptdate) - julianday(l_shipdate) NOT BETWEEN 1 AND 30)",
    "SELECT count(*) FROM orders WHERE o_orderdate < '1992-01-01'"
    " OR o_orderdate > date('1998-12-31', '-151 days')",
    "SELECT count(*) FROM lineitem WHERE l_receiptdate > '1998-12-31'",
    "SELECT count(*) FROM lineitem WHERE (l_receiptdate <= '1995-06-17'"
    " AND l_returnflag NOT IN ('R', 'A'))"
    " OR (l_receiptdate > '1995-06-17' AND l_returnflag <> 'N')",
    "SELECT count(*) FROM lineitem WHERE l_linestatus <>"
    " CASE WHEN l_shipdate > '1995-06-17' THEN 'O' ELSE 'F' END",
    "SELECT count(*) FROM orders WHERE o_orderstatus <> (SELECT CASE"
    " WHEN sum(l_linestatus = 'O') = count(*) THEN 'O'"
    " WHEN sum(l_linestatus = 'F') = count(*) THEN 'F' ELSE 'P' END"
    " FROM lineitem WHERE l_orderkey = o_orderkey)",
    "SELECT count(*) FROM orders WHERE abs(o_totalprice - (SELECT"
    " sum(l_extendedprice * (1 + l_tax) * (1 - l_discount)) FROM lineitem"
    " WHERE l_orderkey = o_orderkey)) > 0.01 * 7",
    "SELECT count(*) FROM customer WHERE c_mktsegment NOT IN"
    " ('AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD')",
    "SELECT count(*) FROM customer WHERE substr(c_phone, 1, 2) <> printf('%02d', c_nationkey + 10)"
    " OR length(c_phone) <> 15",
    "SELECT count(*) FROM customer WHERE c_acctbal NOT BETWEEN -999.99 AND 9999.99",
    "SELECT count(*) FROM part WHERE p_size NOT BETWEEN 1 AND 50"
    " OR p_mfgr <> 'Manufacturer#' || substr(p_brand, 7, 1)"
    " OR p_brand NOT GLOB 'Brand#[1-5][1-5]'",
    "SELECT count(*) FROM part WHERE length(p_name) - length(replace(p_name, ' ', '')) < 4",
    "SELECT count(*) FROM partsupp WHERE ps_availqty NOT BETWEEN 1 AND 9999"
    " OR ps_supplycost NOT BETWEEN 1.00 AND 1000.00",
    "SELECT count(*) FROM supplier WHERE s_name <> printf('Supplier#%09d', s_suppkey)",
    "SELECT count(*) FROM lineitem WHERE l_shipmode NOT IN"
    " ('REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB')",
    "SELECT count(*) FROM lineitem WHERE length(l_comment) NOT BETWEEN 1 AND 43",
  };
  static const char * const presences[] = {
    /* What the queries look for exists. */
    "SELECT count(*) FROM supplier WHERE s_comment LIKE '%Customer%Complaints%'",
    "SELECT count(*) FROM supplier WHERE s_comment LIKE '%Customer%Recommends%'",
    "SELECT count(*) FROM orders WHERE o_comment LIKE '%special%requests%'",
    "SELECT count(*) FROM part WHERE p_name LIKE '%green%'",
    "SELECT count(*) FROM part WHERE p_type LIKE 'PROMO%'",
    "SELECT count(*) FROM orders WHERE o_orderstatus = 'P'",
    "SELECT count(*) FROM customer WHERE c_custkey NOT IN (SELECT o_custkey FROM orders)",
    "SELECT count(DISTINCT l_returnflag || l_linestatus) - 3 FROM lineitem",
  };
  sqlite3 *db = open_db (shared ());

  for (guint i = 0; i < G_N_ELEMENTS (violations); i++)
    {
      g_test_message ("%s", violations[i]);
      g_assert_cmpint (query_int (db, violations[i]), ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (presences); i++)
    {
      g_test_message ("%s", presences[i]);
      g_assert_cmpint (query_int (db, presences[i]), >, 0);
    }
  sqlite3_close (db);
}

/* Determinism */

static char *
dump_checksum (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db = open_db (path);

  for (const char * const *t = glaux_tpch_get_table_names (); *t != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2, 3", *t);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const guchar *text = sqlite3_column_text (stmt, c);

            g_checksum_update (checksum, text, -1);
            g_checksum_update (checksum, (const guchar *)"|", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  return g_strdup (g_checksum_get_string (checksum));
}

static void
test_determinism (void)
{
  g_autofree char *again = temp_db ("tpch-again.db");
  g_autofree char *other = temp_db ("tpch-other-seed.db");
  g_autofree char *sum_shared = NULL;
  g_autofree char *sum_again = NULL;
  g_autofree char *sum_other = NULL;

  load (again, 0.01, GLAUX_TPCH_DEFAULT_SEED, TRUE);
  load (other, 0.01, 1, TRUE);
  sum_shared = dump_checksum (shared ());
  sum_again = dump_checksum (again);
  sum_other = dump_checksum (other);
  g_test_message ("SHA-256 of the SF 0.01 dump: %s", sum_shared);
  g_assert_cmpstr (sum_shared, ==, sum_again);
  g_assert_cmpstr (sum_shared, !=, sum_other);
  check_counts (other, 0.01);
}

/* Reloading */

static void
test_reload (void)
{
  g_autofree char *path = temp_db ("tpch-reload.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpfloat (glaux_tpch_get_loaded_scale_factor (path, NULL), ==, 0);
  load (path, 0.01, GLAUX_TPCH_DEFAULT_SEED, TRUE);

  /* The same SF again: nothing is written (a marker row survives). */
  db = open_db (path);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE user_table (x); INSERT INTO user_table VALUES (1);"
                                 "DELETE FROM region WHERE r_regionkey = 4", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  load (path, 0.01, GLAUX_TPCH_DEFAULT_SEED, FALSE);
  db = open_db (path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM region"), ==, 4);
  sqlite3_close (db);

  /* Another SF replaces the tables (and leaves other tables alone). */
  if (g_test_slow ())
    {
      load (path, 0.1, GLAUX_TPCH_DEFAULT_SEED, TRUE);
      check_counts (path, 0.1);
      g_assert_cmpfloat (glaux_tpch_get_loaded_scale_factor (path, NULL), ==, 0.1);
    }
  else
    {
      /* Without -m slow: another seed takes the same replacing path quickly. */
      load (path, 0.01, 7, TRUE);
      check_counts (path, 0.01);
    }
  db = open_db (path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM user_table"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM region"), ==, 5);
  sqlite3_close (db);

  /* Unsupported SF: a clear error. */
  g_assert_false (glaux_tpch_load (path, 1.0, 1, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "0.01 or 0.1"));
}

/* The asynchronous load: progress on the main thread, never after the callback; cancel rolls
 * back. */

typedef struct
{
  GArray       *fractions;
  GThread      *main_thread;
  gboolean      done;
  gboolean      progress_after_done;
  gboolean      loaded;
  GError       *error;
  GCancellable *cancel_at_half;
} AsyncLoad;

static void
progress_cb (double      fraction,
             const char *table,
             gpointer    user_data)
{
  AsyncLoad *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_nonnull (table);
  state->progress_after_done |= state->done;
  g_array_append_val (state->fractions, fraction);
  if (state->cancel_at_half != NULL && fraction >= 0.5)
    g_cancellable_cancel (state->cancel_at_half);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncLoad *state = user_data;

  glaux_tpch_load_finish (result, &state->loaded, &state->error);
  state->done = TRUE;
}

static gboolean
async_done (gpointer data)
{
  return ((AsyncLoad *)data)->done;
}

static void
test_async (void)
{
  g_autofree char *path = temp_db ("tpch-async.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncLoad state = { 0 };
  sqlite3 *db;

  state.main_thread = g_thread_self ();
  state.fractions = g_array_new (FALSE, FALSE, sizeof (double));

  /* Cancelled half-way: an error and no tables. */
  state.cancel_at_half = cancellable;
  glaux_tpch_load_async (path, 0.01, cancellable, progress_cb, &state, NULL, load_cb, &state);
  glaux_test_wait_until (async_done, &state, 120000);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_assert_cmpfloat (glaux_tpch_get_loaded_scale_factor (path, NULL), ==, 0);
  db = open_db (path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'lineitem'"),
                   ==, 0);
  sqlite3_close (db);

  /* To the end: progress rises to 1. */
  g_array_set_size (state.fractions, 0);
  state.done = FALSE;
  state.cancel_at_half = NULL;
  glaux_tpch_load_async (path, 0.01, NULL, progress_cb, &state, NULL, load_cb, &state);
  glaux_test_wait_until (async_done, &state, 120000);
  g_assert_no_error (state.error);
  g_assert_true (state.loaded);
  /* Let any late progress idle run: it must not reach the callback. */
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (state.progress_after_done);
  g_assert_cmpuint (state.fractions->len, >=, 10);
  for (guint i = 1; i < state.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (state.fractions, double, i), >=,
                       g_array_index (state.fractions, double, i - 1));
  g_assert_cmpfloat (glaux_tpch_get_loaded_scale_factor (path, NULL), ==, 0.01);
  check_counts (path, 0.01);
  g_array_unref (state.fractions);
}

/* The queries through SQLite */

/* Rows, and in @non_null those with a value (an aggregate over nothing is one NULL row). */
static gint64
count_rows (sqlite3    *db,
            const char *sql,
            gint64     *non_null)
{
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0;
  int rc;

  *non_null = 0;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean has_value = FALSE;

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        has_value |= sqlite3_column_type (stmt, c) != SQLITE_NULL;
      *non_null += has_value;
      rows++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return rows;
}

static gint64 sqlite_rows[GLAUX_TPCH_N_QUERIES + 1];

static void
test_queries_sqlite (void)
{
  sqlite3 *db = open_db (shared ());

  for (guint q = 1; q <= GLAUX_TPCH_N_QUERIES; q++)
    {
      const char *sql = glaux_tpch_get_query (q);
      gint64 start = g_get_monotonic_time ();
      gint64 non_null;

      g_assert_nonnull (sql);
      sqlite_rows[q] = count_rows (db, sql, &non_null);
      g_assert_cmpint (non_null, ==, sqlite_rows[q]);
      g_test_message ("Q%u: %" G_GINT64_FORMAT " rows in %.1f ms", q, sqlite_rows[q],
                      (g_get_monotonic_time () - start) / 1000.0);
      g_assert_cmpint (sqlite_rows[q], >=, 1);
      /* Fast enough to run as a calculation many times. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    }
  g_assert_null (glaux_tpch_get_query (0));
  g_assert_null (glaux_tpch_get_query (23));
  sqlite3_close (db);
}

/* The queries as glaux-local calculations */

static void
set_flag_cb (GObject  *object,
             gboolean *flag)
{
  *flag = TRUE;
}

static GlauxSession *
start_session (GlauxConnection *connection)
{
  GlauxAthenaClient *athena = glaux_connection_get_athena_client (connection);
  g_autoptr(GlauxWorkgroupParams) workgroup = glaux_workgroup_params_new ("spark");
  g_autoptr(GlauxStartSessionParams) params = glaux_start_session_params_new ("spark");
  g_autoptr(GError) error = NULL;
  GlauxSession *session;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GAsyncResult *result = NULL;

  workgroup->selected_engine_version = g_strdup ("PySpark engine version 3");
  glaux_athena_client_create_work_group_async (athena, workgroup, NULL, glaux_test_store_result_cb,
                                               &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_athena_client_create_work_group_finish (athena, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  glaux_athena_client_start_session_async (athena, params, NULL, glaux_test_store_result_cb,
                                           &result);
  glaux_test_wait_result (&result, 60000);
  session = glaux_athena_client_start_session_finish (athena, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  while (glaux_session_get_state (session) != GLAUX_SESSION_STATE_IDLE)
    {
      g_autoptr(GlauxSession) same = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
      glaux_athena_client_get_session_status_async (athena, glaux_session_get_id (session), session,
                                                    NULL, glaux_test_store_result_cb, &result);
      glaux_test_wait_result (&result, 60000);
      same = glaux_athena_client_get_session_status_finish (athena, result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }

  return session;
}

/* Runs @code to the end and counts its result rows through the S3 client and the parser. */
static gint64
run_calculation (GlauxConnection *connection,
                 const char      *session_id,
                 const char      *code)
{
  g_autoptr(GlauxCalculationRun) run = glaux_calculation_run_new (connection, session_id, code,
                                                                 "test-tpch");
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultLoader) loader = NULL;
  GlauxCalculation *calculation;
  gboolean finished = FALSE;

  g_signal_connect (run, "finished", G_CALLBACK (set_flag_cb), &finished);
  glaux_calculation_run_start (run);
  glaux_test_wait_until (glaux_test_flag_is_set, &finished, 60000);
  g_assert_null (glaux_calculation_run_get_error (run));
  calculation = glaux_calculation_run_get_calculation (run);
  if (glaux_calculation_get_state (calculation) != GLAUX_CALCULATION_STATE_COMPLETED)
    g_error ("%s ended %s: %s", code, glaux_calculation_get_state_name (calculation),
             glaux_calculation_get_state_change_reason (calculation));

  loader = glaux_result_loader_new (glaux_connection_get_s3_client (connection),
                                    glaux_calculation_get_result_uri (calculation),
                                    glaux_calculation_get_result_type (calculation), table, 0);
  finished = FALSE;
  g_signal_connect (loader, "finished", G_CALLBACK (set_flag_cb), &finished);
  glaux_result_loader_start (loader);
  glaux_test_wait_until (glaux_test_flag_is_set, &finished, 60000);
  g_assert_cmpint (glaux_result_loader_get_state (loader), ==, GLAUX_RESULT_LOADER_DONE);
  glaux_result_table_flush (table);

  return glaux_result_table_get_n_rows (table);
}

static void
test_queries_local (void)
{
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "tpch-local", NULL);
  g_autoptr(GlauxConnection) connection = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"),
                                                                      data_dir);
  g_autoptr(GlauxQuerySet) set = glaux_query_set_new_tpch ();
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_catalog = g_build_filename (data_dir, "catalog.db", NULL);
  const char *catalog = glaux_connection_get_local_catalog_path (connection);
  gboolean loaded = FALSE;
  AsyncLoad state = { 0 };
  GAsyncResult *result = NULL;

  g_assert_cmpstr (catalog, ==, expected_catalog);

  glaux_connection_connect_async (connection, NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 60000);
  g_assert_true (glaux_connection_connect_finish (connection, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  {
    g_autofree char *from_process =
      glaux_local_process_dup_catalog_path (glaux_connection_get_local_process (connection));

    g_assert_cmpstr (from_process, ==, catalog);
  }

  /* Loaded while glaux-local runs, as the app does. */
  glaux_tpch_load_async (catalog, 0.01, NULL, NULL, NULL, NULL, load_cb, &state);
  glaux_test_wait_until (async_done, &state, 120000);
  g_assert_no_error (state.error);
  g_assert_true (state.loaded);
  loaded = state.loaded;
  g_assert_true (loaded);

  session = start_session (connection);
  for (guint i = 0; i < glaux_query_set_get_n_queries (set); i++)
    {
      g_autofree char *code = glaux_query_set_get_code_block (set, i);
      guint q = i + 1;
      gint64 rows;

      g_assert_true (g_str_has_prefix (code, "%%sql\n"));
      rows = run_calculation (connection, glaux_session_get_id (session), code);
      g_test_message ("Q%u on glaux-local: %" G_GINT64_FORMAT " rows", q, rows);
      g_assert_cmpint (rows, >=, 1);
      /* The same data in the catalog as in the shared database. */
      if (sqlite_rows[q] > 0)
        g_assert_cmpint (rows, ==, sqlite_rows[q]);
    }

  glaux_connection_disconnect (connection);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  glaux_test_init (&argc, &argv);

  g_test_add_func ("/tpch/counts", test_counts);
  g_test_add_func ("/tpch/rules", test_rules);
  g_test_add_func ("/tpch/determinism", test_determinism);
  g_test_add_func ("/tpch/reload", test_reload);
  g_test_add_func ("/tpch/async", test_async);
  g_test_add_func ("/tpch/queries-sqlite", test_queries_sqlite);
  g_test_add_func ("/tpch/queries-local", test_queries_local);

  status = g_test_run ();
  g_free (shared_db);

  return status;
}
