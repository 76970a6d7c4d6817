/* test-json-parse.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The JSON nesting limit that fuzzing found missing: json-glib 1.6 recursed through 100,000
 * nested arrays until the stack overflowed, crashing Glaux on such an Athena response or
 * BenchBox file and glaux-local on such a request body. */

#include "config.h"

#include <string.h>

#include "glaux-bench-run.h"
#include "glaux-json-parse.h"
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

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/json/depth/limit", test_json_depth_limit);
  g_test_add_func ("/json/depth/strings", test_json_depth_strings);
  g_test_add_func ("/json/parser/deep", test_json_parser_deep);
  g_test_add_func ("/json/bench/deep", test_json_bench_deep);
  g_test_add_func ("/json/local/deep", test_json_local_deep);

  return g_test_run ();
}
