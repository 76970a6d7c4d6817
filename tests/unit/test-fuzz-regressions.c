/* test-fuzz-regressions.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The bugs the fuzz harnesses of tests/fuzz/ found, each kept as a test:
 * - json-glib 1.6 recursed through 100,000 nested arrays until the stack overflowed, crashing
 *   Glaux on such an Athena response or BenchBox file and glaux-local on such a request body;
 * - a body of white space parses to no root: the JSON client and the BenchBox importer passed
 *   that NULL on (criticals; the importer then crashed);
 * - glaux-local's GET of an empty object appended an empty chunk (a libsoup critical);
 * - the BenchBox importer converted out-of-range numbers (a count of -1, a stream of 1e300) to
 *   integers, which is undefined behaviour (UBSan). */

#include "config.h"

#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-aws-json-client.h"
#include "glaux-bench-run.h"
#include "glaux-json-parse.h"
#include "glaux-static-credentials-provider.h"
#include "glaux-test-local.h"
#include "glaux-test-util.h"

/* A member "a" holding @depth nested arrays. */
static char *
nested (guint depth)
{
  GString *text = g_string_new ("{\"a\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

static void
test_json_depth_limit (void)
{
  g_autofree char *deepest = nested (GLAUX_JSON_MAX_DEPTH - 1);
  g_autofree char *too_deep = nested (GLAUX_JSON_MAX_DEPTH);
  g_autoptr(GError) error = NULL;

  /* The object counts as a level. */
  g_assert_true (glaux_json_check_depth (deepest, -1, &error));
  g_assert_no_error (error);
  g_assert_false (glaux_json_check_depth (too_deep, -1, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "more than 512 levels"));
  g_clear_error (&error);

  /* Only @length bytes are read. */
  g_assert_true (glaux_json_check_depth (too_deep, GLAUX_JSON_MAX_DEPTH, &error));
  g_assert_no_error (error);
}

static void
test_json_depth_strings (void)
{
  g_autoptr(GString) text = g_string_new ("{\"a\":\"");
  g_autoptr(GError) error = NULL;

  /* Brackets inside strings, escaped quotes and backslashes included, do not nest. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "[{\\\"\\\\");
  g_string_append (text, "\",\"b\":[[]]}");
  g_assert_true (glaux_json_check_depth (text->str, text->len, &error));
  g_assert_no_error (error);

  /* Closing brackets without openers do not bank depth for later. */
  g_assert_true (glaux_json_check_depth ("]]]]}}}}[[[]", -1, &error));
  g_assert_no_error (error);
}

static void
test_json_parser_deep (void)
{
  g_autofree char *ok = nested (8);
  g_autofree char *deep = nested (200000);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (glaux_json_parser_load_from_data (parser, ok, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  g_assert_false (glaux_json_parser_load_from_data (parser, deep, strlen (deep), &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
}

/* A BenchBox file is chosen by the user, maybe downloaded: refused, not a crash. */
static void
test_json_bench_deep (void)
{
  g_autofree char *deep = nested (200000);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&deep), 2 * 200000 + 6);
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = glaux_bench_run_new_from_bytes (bytes, &error);
  g_assert_null (run);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_JSON);
  g_assert_nonnull (strstr (error->message, "levels"));
}

static void
test_json_bench_blank (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (" \n\t ", 4);
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = glaux_bench_run_new_from_bytes (bytes, &error);
  g_assert_null (run);
  g_assert_error (error, GLAUX_BENCH_ERROR, GLAUX_BENCH_ERROR_NOT_JSON);
  g_assert_nonnull (strstr (error->message, "empty"));
}

/* Counts, streams, rows and iterations out of their type's range are not recorded, so the
 * counts are computed; under UBSan the conversions used to fail. */
static void
test_bench_out_of_range (void)
{
  g_autofree char *path = glaux_test_build_shared ("testdata", "benchbox",
                                                   "tpch-duckdb-sf0.01-20260826-8a57a5a8.json",
                                                   NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GlauxBenchRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const GlauxBenchExecution *first;
  const GlauxBenchSummary *summary;
  JsonObject *root;
  JsonObject *query;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_int_member (json_object_get_object_member (
    json_object_get_object_member (root, "summary"), "queries"), "failed", -1);
  json_object_set_int_member (json_object_get_object_member (root, "run"), "iterations", -3);
  query = json_array_get_object_element (json_object_get_array_member (root, "queries"), 0);
  json_object_set_double_member (query, "stream", 1e300);
  json_object_set_double_member (query, "rows", -1e300);

  run = glaux_bench_run_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  summary = glaux_bench_run_get_summary (run);
  g_assert_cmpuint (summary->failed, ==, summary->total - summary->passed - summary->skipped);
  g_assert_true (summary->computed & GLAUX_BENCH_SUMMARY_COUNTS);
  first = glaux_bench_run_get_execution (run, 0);
  g_assert_cmpint (first->stream, ==, -1);
  g_assert_cmpint (first->rows, ==, -1);
}

/* ---- The JSON client on a white-space body -------------------------------------------------- */

static void
blank_body_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char body[] = " \r\n ";
  guint status = GPOINTER_TO_UINT (user_data);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                    body, sizeof body - 1);
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(JsonNode) node = NULL;

  node = glaux_aws_json_client_call_finish (GLAUX_AWS_JSON_CLIENT (object), result, error);
  g_assert_null (node);
  g_assert_nonnull (*error);
}

/* One call to a server that answers @status with white space; returns the client's error. */
static GError *
call_blank_server (guint status)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GlauxAwsCredentials) credentials =
    glaux_aws_credentials_new ("AKIDBLANKBODY", "secret", NULL, NULL);
  g_autoptr(GlauxStaticCredentialsProvider) provider =
    glaux_static_credentials_provider_new (credentials);
  g_autoptr(GlauxAwsJsonClient) client = NULL;
  g_autoptr(GError) listen_error = NULL;
  g_autofree char *endpoint = NULL;
  GSList *uris;
  GError *error = NULL;

  soup_server_add_handler (server, NULL, blank_body_cb, GUINT_TO_POINTER (status), NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &listen_error);
  g_assert_no_error (listen_error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  client = glaux_aws_json_client_new (session, endpoint, "us-east-1", "athena", "AmazonAthena",
                                      GLAUX_CREDENTIALS_PROVIDER (provider));
  glaux_aws_json_client_set_max_attempts (client, 1);
  glaux_aws_json_client_call_async (client, "ListWorkGroups", NULL, NULL, call_done_cb, &error);
  glaux_test_wait_until (glaux_test_pointer_is_set, &error, 10000);

  return error;
}

static void
test_json_client_blank (void)
{
  g_autoptr(GError) ok_error = call_blank_server (SOUP_STATUS_OK);
  g_autoptr(GError) failed_error = call_blank_server (SOUP_STATUS_BAD_REQUEST);

  g_assert_error (ok_error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (ok_error->message, "not a JSON object"));
  g_assert_error (failed_error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE);
  g_assert_cmpuint (glaux_aws_error_get_http_status (failed_error), ==, 400);
}

/* ---- glaux-local -------------------------------------------------------------------------- */

/* glaux-local answers a signed request with a deep body with a SerializationException and
 * keeps serving. */
static void
test_json_local_deep (void)
{
  g_autofree char *local_dir = g_build_filename (glaux_test_get_home (), "json-local", NULL);
  g_autoptr(GlauxTestLocal) local = glaux_test_local_start (local_dir, 1.0);
  g_autofree char *deep = nested (200000);
  g_autoptr(JsonObject) listed = NULL;

  glaux_test_local_assert_error (local, "ListWorkGroups", deep, "SerializationException",
                                 "more than 512 levels");
  listed = glaux_test_local_call_ok (local, "ListWorkGroups", "{}");
  g_assert_true (json_object_has_member (listed, "WorkGroups"));
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

/* An empty object downloads as an empty 200 answer; glaux-local runs with fatal criticals so
 * the empty chunk it used to append would kill it. */
static void
test_local_empty_object (void)
{
  g_autofree char *local_dir = g_build_filename (glaux_test_get_home (), "empty-local", NULL);
  g_autoptr(GlauxTestLocal) local = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) created = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) got = NULL;
  guint status = 0;

  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  local = glaux_test_local_start (local_dir, 1.0);
  g_unsetenv ("G_DEBUG");

  created = glaux_test_local_s3 (local, "PUT", "/empty-bucket", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  stored = glaux_test_local_s3 (local, "PUT", "/empty-bucket/marker", empty, &status);
  g_assert_cmpuint (status, ==, 200);
  got = glaux_test_local_s3 (local, "GET", "/empty-bucket/marker", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
  g_assert_cmpint (glaux_test_local_stop (local), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/json/depth/limit", test_json_depth_limit);
  g_test_add_func ("/json/depth/strings", test_json_depth_strings);
  g_test_add_func ("/json/parser/deep", test_json_parser_deep);
  g_test_add_func ("/json/bench/deep", test_json_bench_deep);
  g_test_add_func ("/json/bench/blank", test_json_bench_blank);
  g_test_add_func ("/bench/out-of-range", test_bench_out_of_range);
  g_test_add_func ("/json/client/blank", test_json_client_blank);
  g_test_add_func ("/json/local/deep", test_json_local_deep);
  g_test_add_func ("/local/s3/empty-object", test_local_empty_object);

  return g_test_run ();
}
