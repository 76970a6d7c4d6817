/* test-result-parser.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-result-parser.h"
#include "glaux-test-util.h"

/* The table as text: "# name | name" then one line per row, cells quoted ('' is the empty
 * string, NULL is NULL), bytes escaped, " (ragged)" on ragged rows; an error last. */
static char *
dump (GlauxResultTable *table,
      const GError     *error)
{
  GString *out = g_string_new ("#");
  guint n_columns = glaux_result_table_get_n_columns (table);

  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (out, "%s %s", c > 0 ? " |" : "",
                            glaux_result_table_get_column_name (table, c));
  g_string_append_c (out, '\n');

  for (guint r = 0; r < glaux_result_table_get_n_rows (table); r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          gsize length;
          const char *bytes = glaux_result_table_get_cell (table, r, c, &length);

          if (c > 0)
            g_string_append (out, " | ");
          if (bytes == NULL)
            g_string_append (out, "NULL");
          else
            {
              g_autofree char *copy = g_strndup (bytes, length);
              g_autofree char *escaped = g_strescape (copy, NULL);

              g_string_append_printf (out, "'%s'", escaped);
            }
        }
      if (glaux_result_table_get_row_ragged (table, r))
        g_string_append (out, " (ragged)");
      g_string_append_c (out, '\n');
    }

  if (error != NULL)
    g_string_append_printf (out, "error: %s\n", error->message);

  return g_string_free (out, FALSE);
}

/* Feeds @data in the pieces that @cuts (ascending offsets) make, then finishes. */
static char *
parse_cut (GlauxResultFormat  format,
           const char        *data,
           gsize              length,
           const gsize       *cuts,
           guint              n_cuts)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultParser) parser = glaux_result_parser_new (format, table);
  g_autoptr(GError) error = NULL;
  gsize start = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i <= n_cuts && ok; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;

      ok = glaux_result_parser_feed (parser, data + start, end - start, &error);
      start = end;
    }
  if (ok)
    ok = glaux_result_parser_finish (parser, &error);
  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  return dump (table, error);
}

static char *
parse_bytewise (GlauxResultFormat  format,
                const char        *data,
                gsize              length)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultParser) parser = glaux_result_parser_new (format, table);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  for (gsize i = 0; i < length && ok; i++)
    {
      /* Copy each byte out, so ASan catches a read past the chunk. */
      g_autofree char *byte = g_memdup2 (data + i, 1);

      ok = glaux_result_parser_feed (parser, byte, 1, &error);
    }
  if (ok)
    glaux_result_parser_finish (parser, &error);

  return dump (table, error);
}

/* One chunk gives @expected; every two-chunk split (every @stride-th for large samples) and
 * byte-by-byte feeding give the same. */
static void
check_sample (GlauxResultFormat  format,
              const char        *data,
              gssize             length,
              const char        *expected,
              guint              stride)
{
  g_autofree char *whole = NULL;
  g_autofree char *bytewise = NULL;
  gsize len = length < 0 ? strlen (data) : (gsize) length;
  g_autofree char *copy = g_memdup2 (data, len);

  whole = parse_cut (format, copy, len, NULL, 0);
  g_assert_cmpstr (whole, ==, expected);

  for (gsize cut = 0; cut <= len; cut += MAX (stride, 1))
    {
      g_autofree char *split = parse_cut (format, copy, len, &cut, 1);

      if (g_strcmp0 (split, whole) != 0)
        g_error ("Split at byte %" G_GSIZE_FORMAT " differs:\n%s\nvs one chunk:\n%s",
                 cut, split, whole);
    }

  bytewise = parse_bytewise (format, copy, len);
  g_assert_cmpstr (bytewise, ==, whole);
}

#define CSV  GLAUX_RESULT_FORMAT_CSV
#define JSON GLAUX_RESULT_FORMAT_JSON_LINES
#define SHOW GLAUX_RESULT_FORMAT_SHOW_TABLE

static void
test_csv_basic (void)
{
  check_sample (CSV, "a,b\n1,x\n2,\"y,z\"\n", -1,
                "# a | b\n'1' | 'x'\n'2' | 'y,z'\n", 1);
  /* Doubled quotes, quotes only around part of the data */
  check_sample (CSV, "q,r\n\"he said \"\"hi\"\"\",\"\"\"\"\n", -1,
                "# q | r\n'he said \\\"hi\\\"' | '\\\"'\n", 1);
  /* Embedded CR LF and commas in quotes, CRLF line ends */
  check_sample (CSV, "a,b\r\n\"line1\r\nline2\",2\r\n\"x,\ny\",3\r\n", -1,
                "# a | b\n'line1\\r\\nline2' | '2'\n'x,\\ny' | '3'\n", 1);
  /* A final line without newline, quoted and unquoted */
  check_sample (CSV, "a,b\n1,2", -1, "# a | b\n'1' | '2'\n", 1);
  check_sample (CSV, "a,b\n1,\"2\"", -1, "# a | b\n'1' | '2'\n", 1);
  /* A byte order mark is skipped */
  check_sample (CSV, "\xef\xbb\xbfid,name\n1,alice\n", -1, "# id | name\n'1' | 'alice'\n", 1);
  /* Lone CR line ends */
  check_sample (CSV, "a,b\r1,2\r3,4", -1, "# a | b\n'1' | '2'\n'3' | '4'\n", 1);
}

static void
test_csv_null (void)
{
  /* Athena: unquoted empty is NULL, quoted empty is the empty string. */
  check_sample (CSV, "a,b,c\n,\"\",x\n\"\",,\n,,\n", -1,
                "# a | b | c\n"
                "NULL | '' | 'x'\n"
                "'' | NULL | NULL\n"
                "NULL | NULL | NULL\n", 1);
  /* A single-column empty quoted field is a row; an empty line is not. */
  check_sample (CSV, "v\n\"\"\n\n1\n\r\n2\n", -1, "# v\n''\n'1'\n'2'\n", 1);
  /* Header only, and nothing at all */
  check_sample (CSV, "a,b\n", -1, "# a | b\n", 1);
  check_sample (CSV, "", -1, "#\n", 1);
}

static void
test_csv_text (void)
{
  /* Unicode, and invalid UTF-8 kept as bytes */
  check_sample (CSV, "名前,x\n日本,\xf0\x9f\x98\x80\n\xff\xfe,\"\xc3\",\n", -1,
                "# 名前 | x | 3\n"
                "'\\346\\227\\245\\346\\234\\254' | '\\360\\237\\230\\200' | NULL\n"
                "'\\377\\376' | '\\303' | NULL (ragged)\n", 1);
  /* Lenient: a quote inside an unquoted field, text after a closing quote */
  check_sample (CSV, "a,b\nab\"c,\"q\"z\n", -1, "# a | b\n'ab\\\"c' | 'qz'\n", 1);
  /* Ragged rows */
  check_sample (CSV, "a,b\n1\n1,2,3\n4,5\n", -1,
                "# a | b | 3\n'1' | NULL | NULL (ragged)\n'1' | '2' | '3' (ragged)\n'4' | '5' | NULL (ragged)\n",
                1);
}

static void
test_csv_wide (void)
{
  GString *data = g_string_new (NULL);
  GString *expected = g_string_new ("#");
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;

  for (guint r = 0; r < 3; r++)
    {
      for (guint c = 0; c < 2000; c++)
        {
          if (r == 0)
            {
              g_string_append_printf (data, "%sc%u", c > 0 ? "," : "", c);
              g_string_append_printf (expected, "%s c%u", c > 0 ? " |" : "", c);
            }
          else
            {
              g_string_append_printf (data, "%s%s%u%s", c > 0 ? "," : "",
                                      c % 3 == 0 ? "\"" : "", r * c, c % 3 == 0 ? "\"" : "");
              g_string_append_printf (expected, "%s'%u'", c > 0 ? " | " : "", r * c);
            }
        }
      g_string_append (data, r == 1 ? "\r\n" : "\n");
      g_string_append_c (expected, '\n');
    }

  text = g_string_free (data, FALSE);
  want = g_string_free (expected, FALSE);
  check_sample (CSV, text, -1, want, 97);
}

static void
test_csv_errors (void)
{
  /* The line where the open quoted field starts; rows before it are kept. */
  check_sample (CSV, "a,b\n1,2\n3,\"open\nmore\n", -1,
                "# a | b\n'1' | '2'\n'3' | 'open\\nmore\\n'\n"
                "error: CSV line 3: a quoted field is not closed at the end of the data\n", 1);
  check_sample (CSV, "a\r\n\"x\r\ny\"\r\n\"", -1,
                "# a\n'x\\r\\ny'\n''\n"
                "error: CSV line 4: a quoted field is not closed at the end of the data\n", 1);
}

/* Random CSV: mostly well-formed rows (quoted fields with "", commas and line ends inside,
 * CRLF, lone CR, empty lines, NULLs, ragged rows), with the odd quote the vectorised fast
 * path does not follow (inside an unquoted field, text after a closing quote). */
static char *
random_csv (gsize  target,
            gsize *length)
{
  static const char * const quoted_parts[] = { "a", "bc", ",", "\n", "\r\n", "\"\"", " ",
                                               "\r", "xyz" };
  GString *data = g_string_new ("h1,h2,h3\n");

  while (data->len < target)
    {
      guint n_fields = g_test_rand_int_range (0, 10) == 0 ? g_test_rand_int_range (1, 6) : 3;

      if (g_test_rand_int_range (0, 30) == 0)
        g_string_append (data, g_test_rand_bit () ? "\n" : "\r\n");

      for (guint f = 0; f < n_fields; f++)
        {
          guint kind = g_test_rand_int_range (0, 100);

          if (f > 0)
            g_string_append_c (data, ',');
          if (kind < 10)
            ;                                   /* NULL */
          else if (kind < 45)
            for (guint k = g_test_rand_int_range (1, 40); k > 0; k--)
              g_string_append_c (data, "abcdefghij .-0123456789"[g_test_rand_int_range (0, 23)]);
          else if (kind < 95)
            {
              g_string_append_c (data, '"');
              for (guint k = g_test_rand_int_range (0, 8); k > 0; k--)
                g_string_append (data, quoted_parts[g_test_rand_int_range (0, G_N_ELEMENTS
                                                                           (quoted_parts))]);
              g_string_append_c (data, '"');
            }
          else if (kind < 97)
            g_string_append (data, "ab\"c");      /* a quote inside an unquoted field */
          else if (kind < 99)
            g_string_append (data, "\"q\"z");    /* text after the closing quote */
          else
            g_string_append (data, "\"\"\"");   /* a quote left open to the next one */
        }

      switch (g_test_rand_int_range (0, 10))
        {
        case 0:
          g_string_append (data, "\r\n");
          break;
        case 1:
          g_string_append_c (data, '\r');
          break;
        default:
          g_string_append_c (data, '\n');
        }
    }

  *length = data->len;
  return g_string_free (data, FALSE);
}

/* The fast path (whole records in a chunk, found by the vectorised scan in 64 KiB windows)
 * agrees with the state machine (bytes fed one at a time), rows, NULLs, ragged flags, the
 * error and its line number included, and so do random splits. */
static void
test_csv_fast_path (void)
{
  for (guint round = 0; round < 60; round++)
    {
      gsize length;
      /* Small samples, and a few that span several scan windows. */
      gsize target = round % 10 == 9 ? 200000 : g_test_rand_int_range (1, 2000);
      g_autofree char *data = random_csv (target, &length);
      g_autofree char *whole = parse_cut (CSV, data, length, NULL, 0);
      g_autofree char *bytewise = parse_bytewise (CSV, data, length);
      gsize cuts[3];

      if (g_strcmp0 (whole, bytewise) != 0)
        g_error ("Round %u: one chunk and byte by byte differ for:\n%s\n%s\nvs\n%s",
                 round, length < 4000 ? data : "(large)", whole, bytewise);

      for (guint k = 0; k < G_N_ELEMENTS (cuts); k++)
        cuts[k] = g_test_rand_int_range (0, length + 1);
      if (cuts[0] > cuts[1])
        {
          gsize t = cuts[0];
          cuts[0] = cuts[1];
          cuts[1] = t;
        }
      if (cuts[1] > cuts[2])
        {
          gsize t = cuts[1];
          cuts[1] = cuts[2];
          cuts[2] = t;
        }
      if (cuts[0] > cuts[1])
        {
          gsize t = cuts[0];
          cuts[0] = cuts[1];
          cuts[1] = t;
        }

      {
        g_autofree char *split = parse_cut (CSV, data, length, cuts, G_N_ELEMENTS (cuts));

        if (g_strcmp0 (split, whole) != 0)
          g_error ("Round %u: cut at %" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT
                   " differs", round, cuts[0], cuts[1], cuts[2]);
      }
    }
}

static void
test_json (void)
{
  check_sample (JSON,
                "{\"id\": 1, \"name\": \"alice\", \"tags\": [\"a\", \"b c\"], \"o\": {\"k\" : null}}\n"
                "{\"id\":2,\"name\":null,\"x\":true,\"s\":\"\\u00e9\\ud83d\\ude00\\n\\\"\"}\n"
                "\n"
                "{\"name\": \"\", \"id\": -2.50e+10}\r\n"
                "{}\n"
                "{\"id\": 12345678901234567890, \"x\": false}", -1,
                "# id | name | tags | o | x | s\n"
                "'1' | 'alice' | '[\\\"a\\\",\\\"b c\\\"]' | '{\\\"k\\\":null}' | NULL | NULL\n"
                "'2' | NULL | NULL | NULL | 'true' | '\\303\\251\\360\\237\\230\\200\\n\\\"'\n"
                "'-2.50e+10' | '' | NULL | NULL | NULL | NULL\n"
                "NULL | NULL | NULL | NULL | NULL | NULL\n"
                "'12345678901234567890' | NULL | NULL | NULL | 'false' | NULL\n", 1);
  /* Invalid UTF-8 and a lone surrogate */
  check_sample (JSON, "{\"k\": \"\xff\", \"l\": \"\\udc00\"}\n", -1,
                "# k | l\n'\\377' | '\\357\\277\\275'\n", 1);
}

static void
test_json_errors (void)
{
  check_sample (JSON, "{\"a\": 1}\n[1, 2]\n{\"a\": 3}\n", -1,
                "# a\n'1'\n"
                "error: JSON line 2: not a JSON object (each line must hold one object)\n", 1);
  check_sample (JSON, "{\"a\": 1}\n\n{\"a\": }\n", -1,
                "# a\n'1'\n"
                "error: JSON line 3: invalid JSON at byte 7: unknown value\n", 1);
  check_sample (JSON, "{\"a\": [1, {\"b\": 2]}\n", -1,
                "# a\nerror: JSON line 1: invalid JSON at byte 18: brackets do not match\n", 1);
  check_sample (JSON, "{\"a\": \"x\"\n", -1,
                "# a\nerror: JSON line 1: invalid JSON at byte 10: expected ',' or '}'\n", 1);
  check_sample (JSON, "{\"a\": 1} x\n", -1,
                "# a\nerror: JSON line 1: invalid JSON at byte 10: text after the object\n", 1);
  check_sample (JSON, "{\"a\": \"\\q\"}\n", -1,
                "# a\nerror: JSON line 1: invalid JSON at byte 9: unknown escape in a string\n", 1);
}

static const char show_basic[] =
  "Starting job...\n"
  "+---+-----+----------------------+\n"
  "| id| name|                  note|\n"
  "+---+-----+----------------------+\n"
  "|  1|alice|abcdefghijklmnopq...|\n"
  "|  2| null|                      |\n"
  "|  3|  x|y|                   a|b|\n"
  "+---+-----+----------------------+\n"
  "only showing top 3 rows\n"
  "\n"
  "+---+\n"
  "|  z|\n"
  "+---+\n"
  "|  9|\n"
  "+---+\n";

static void
test_show_table (void)
{
  /* The first table; "null" is NULL; '|' inside values; truncated cells as printed. The
   * truncated row's width does not match the border here, so it is split at its '|' characters. */
  check_sample (SHOW, show_basic, -1,
                "# id | name | note\n"
                "'1' | 'alice' | 'abcdefghijklmnopq...'\n"
                "'2' | NULL | ''\n"
                "'3' | 'x|y' | 'a|b'\n", 1);

  /* Wide characters take two columns, as Spark pads them; CRLF lines; no final newline. */
  check_sample (SHOW,
                "+----+---+\r\n"
                "|name|  n|\r\n"
                "+----+---+\r\n"
                "|日本|  1|\r\n"
                "|   é|  2|\r\n"
                "+----+---+", -1,
                "# name | n\n'\\346\\227\\245\\346\\234\\254' | '1'\n'\\303\\251' | '2'\n", 1);

  /* Borders without a header row, the vertical format, and plain text: no table. */
  check_sample (SHOW,
                "+---+ looks like\n"
                "+----+\n"
                "no row\n"
                "-RECORD 0---\n"
                " id  | 1 \n"
                "text only\n", -1,
                "#\n", 1);
}

static void
test_detect (void)
{
  const struct {
    const char *type;
    const char *key;
    const char *bytes;
    GlauxResultFormat expected;
  } cases[] = {
    { "text/csv", "s/result.csv", "a,b\n1,2\n", CSV },
    { "text/csv", NULL, "_c0\n42\n", CSV },
    { NULL, "x/result.CSV", "count\n", CSV },
    { NULL, NULL, "a,b\n1,2\n", CSV },
    { NULL, NULL, "a,\"b,c\"\n1,2\n", CSV },
    { NULL, NULL, "Hello, world\n", GLAUX_RESULT_FORMAT_TEXT },
    { "text/plain", "stdout.txt", "Hello, world\nsecond line\n", GLAUX_RESULT_FORMAT_TEXT },
    { "application/json", "r.json", "{\"a\": 1}\n{\"a\": 2}\n", JSON },
    { NULL, "r.jsonl", "{\"a\": 1}", JSON },
    { NULL, NULL, "{\"a\": 1}\n", JSON },
    { "application/json", NULL, "{\n  \"a\": 1\n}\n", GLAUX_RESULT_FORMAT_TEXT },
    { "application/json", NULL, "[1, 2]", GLAUX_RESULT_FORMAT_TEXT },
    { "text/plain", "stdout.txt", "+---+\n| id|\n+---+\n", SHOW },
    { "text/plain", "stdout.txt", "noise\nmore\r\n+---+\r\n| id|\r\n", SHOW },
    { "text/plain", "stdout.txt", "+---+ not a border\n| x|\n", GLAUX_RESULT_FORMAT_TEXT },
    { "text/csv", NULL, "", CSV },
    { NULL, "a.json", "", JSON },
    { NULL, NULL, "", GLAUX_RESULT_FORMAT_TEXT },
    { NULL, NULL, "\xef\xbb\xbf{\"a\": 1}\n", JSON },
    { "text/plain", NULL, "Traceback (most recent call last):\n  File x\n", GLAUX_RESULT_FORMAT_TEXT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GlauxResultFormat format = glaux_result_format_detect (cases[i].type, cases[i].key,
                                                             cases[i].bytes,
                                                             strlen (cases[i].bytes));

      if (format != cases[i].expected)
        g_error ("case %u (%s): detected %d, expected %d", i, cases[i].bytes, format,
                 cases[i].expected);
    }

  g_assert_cmpint (glaux_result_format_detect (NULL, NULL, NULL, 0), ==, GLAUX_RESULT_FORMAT_TEXT);
}

static void
test_text_and_reuse (void)
{
  g_autoptr(GlauxResultParser) text = glaux_result_parser_new (GLAUX_RESULT_FORMAT_TEXT, NULL);
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultParser) json = glaux_result_parser_new (JSON, table);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (glaux_result_parser_get_format (text), ==, GLAUX_RESULT_FORMAT_TEXT);
  g_assert_true (glaux_result_parser_feed (text, "anything", 8, &error));
  g_assert_true (glaux_result_parser_finish (text, &error));
  g_assert_no_error (error);

  /* After an error, feeding more fails clearly instead of parsing garbage. */
  g_assert_false (glaux_result_parser_feed (json, "nope\n", 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (glaux_result_parser_feed (json, "{}\n", 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* Plain CSV parsing speed, to report (run with -m perf on an optimised build). */
static void
test_csv_speed (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultParser) parser = glaux_result_parser_new (CSV, table);
  g_autoptr(GString) data = g_string_new ("id,name,amount,ts,flag,city,code,comment\n");
  g_autoptr(GError) error = NULL;
  const gsize chunk = 64 * 1024;
  gint64 start;
  double seconds;
  guint rows = g_test_perf () ? 1000000 : 20000;

  for (guint r = 0; r < rows; r++)
    g_string_append_printf (data, "%u,name_%u,%u.%02u,2026-01-%02u 10:%02u:00,%s,City %u,C%05u,"
                            "some comment text %u\n",
                            r, r % 5000, r % 100000, r % 100, 1 + r % 28, r % 60,
                            r % 2 ? "true" : "false", r % 300, r % 99999, r);

  start = g_get_monotonic_time ();
  for (gsize off = 0; off < data->len; off += chunk)
    g_assert_true (glaux_result_parser_feed (parser, data->str + off,
                                             MIN (chunk, data->len - off), &error));
  g_assert_true (glaux_result_parser_finish (parser, &error));
  glaux_result_table_flush (table);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, rows);
  g_assert_true (glaux_result_table_get_column_numeric (table, 2));
  g_assert_false (glaux_result_table_get_column_numeric (table, 1));
  g_test_message ("CSV: %" G_GSIZE_FORMAT " bytes, %u rows in %.3f s: %.0f MB/s; table holds "
                  "%" G_GSIZE_FORMAT " bytes (%.2f x the CSV)",
                  data->len, rows, seconds, data->len / seconds / 1e6,
                  glaux_result_table_get_memory_size (table),
                  (double) glaux_result_table_get_memory_size (table) / data->len);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/result-parser/csv/basic", test_csv_basic);
  g_test_add_func ("/result-parser/csv/null", test_csv_null);
  g_test_add_func ("/result-parser/csv/text", test_csv_text);
  g_test_add_func ("/result-parser/csv/wide", test_csv_wide);
  g_test_add_func ("/result-parser/csv/errors", test_csv_errors);
  g_test_add_func ("/result-parser/csv/fast-path", test_csv_fast_path);
  g_test_add_func ("/result-parser/csv/speed", test_csv_speed);
  g_test_add_func ("/result-parser/json", test_json);
  g_test_add_func ("/result-parser/json/errors", test_json_errors);
  g_test_add_func ("/result-parser/show-table", test_show_table);
  g_test_add_func ("/result-parser/detect", test_detect);
  g_test_add_func ("/result-parser/text-and-reuse", test_text_and_reuse);

  return g_test_run ();
}
