/* glaux-fuzz-util.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-fuzz"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glaux-fuzz-util.h"

static char *tmpdir;

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) == 0)
    return G_LOG_WRITER_HANDLED;

  /* Print it, then abort so libFuzzer keeps the input. */
  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  abort ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
remove_tmpdir (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

void
glaux_fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  /* Nothing here talks to a proxy resolver or a desktop session. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
}

const char *
glaux_fuzz_get_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* /dev/shm keeps the per-input files off the disk where it exists. */
      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
        g_setenv ("TMPDIR", "/dev/shm", FALSE);
      tmpdir = g_dir_make_tmp ("glaux-fuzz-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          fprintf (stderr, "glaux-fuzz: cannot make a temporary folder: %s\n", error->message);
          abort ();
        }
      atexit (remove_tmpdir);
    }

  return tmpdir;
}

guint
glaux_fuzz_take_u16 (const guint8 **data,
                     gsize         *size)
{
  guint value = 0;

  if (*size >= 2)
    {
      value = (*data)[0] | ((*data)[1] << 8);
      *data += 2;
      *size -= 2;
    }
  else if (*size == 1)
    {
      value = (*data)[0];
      *data += 1;
      *size -= 1;
    }

  return value;
}

/* ---- Result parsers ----------------------------------------------------------------------- */

/* The table as text (columns, cells with NULL told from "", ragged marks) plus the error. */
static char *
dump_table (GlauxResultTable *table,
            const GError     *error)
{
  GString *out = g_string_new (NULL);
  guint n_columns = glaux_result_table_get_n_columns (table);

  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (out, "%s|", glaux_result_table_get_column_name (table, c));
  g_string_append_c (out, '\n');

  for (guint r = 0; r < glaux_result_table_get_n_rows (table); r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          gsize length = 0;
          const char *bytes = glaux_result_table_get_cell (table, r, c, &length);

          if (bytes == NULL)
            g_string_append (out, "<NULL>");
          else
            {
              g_string_append_printf (out, "%" G_GSIZE_FORMAT ":", length);
              g_string_append_len (out, bytes, length);
            }
          g_string_append_c (out, '|');
        }
      g_string_append (out, glaux_result_table_get_row_ragged (table, r) ? " ragged\n" : "\n");
    }
  g_string_append_printf (out, "ragged %u\n", glaux_result_table_get_n_ragged (table));
  if (error != NULL)
    g_string_append_printf (out, "error: %s\n", error->message);

  return g_string_free (out, FALSE);
}

/* What the result view and the export do with a table once it is loaded. */
static void
use_table (GlauxResultTable *table)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tsv = NULL;

  glaux_result_table_flush (table);
  for (guint c = 0; c < glaux_result_table_get_n_columns (table); c++)
    glaux_result_table_get_column_numeric (table, c);
  tsv = glaux_result_table_dup_tsv (table, NULL, 0, TRUE);
  if (!glaux_result_table_write_csv (table, stream, NULL, &error))
    {
      fprintf (stderr, "glaux-fuzz: writing a table to memory failed: %s\n", error->message);
      abort ();
    }
}

static char *
parse_chunks (GlauxResultFormat  format,
              const char        *text,
              gsize              length,
              const gsize       *cuts,
              guint              n_cuts,
              gboolean           use)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GlauxResultParser) parser = glaux_result_parser_new (format, table);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  gsize start = 0;

  for (guint i = 0; i <= n_cuts && ok; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;
      /* Each chunk in its own allocation, so ASan sees a read past its end. */
      g_autofree char *chunk = g_memdup2 (text + start, end - start);

      ok = glaux_result_parser_feed (parser, chunk, end - start, &error);
      start = end;
    }
  if (ok)
    ok = glaux_result_parser_finish (parser, &error);
  if (ok != (error == NULL) || (error != NULL && !g_error_matches (error, G_IO_ERROR,
                                                                   G_IO_ERROR_INVALID_DATA)))
    {
      fprintf (stderr, "glaux-fuzz: the parser returned %d with error %s\n", ok,
               error != NULL ? error->message : "(none)");
      abort ();
    }
  if (use)
    use_table (table);

  return dump_table (table, error);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize x = *(const gsize *)a;
  gsize y = *(const gsize *)b;

  return x < y ? -1 : x > y;
}

void
glaux_fuzz_result_parser_run (GlauxResultFormat  format,
                              const guint8      *data,
                              gsize              size)
{
  g_autofree char *whole = NULL;
  g_autofree char *split = NULL;
  gsize cuts[16];
  guint n_cuts;
  const char *text;

  if (size == 0)
    return;
  n_cuts = data[0] % 16;
  data++;
  size--;
  for (guint i = 0; i < n_cuts; i++)
    cuts[i] = glaux_fuzz_take_u16 (&data, &size);
  for (guint i = 0; i < n_cuts; i++)
    cuts[i] = size > 0 ? cuts[i] % (size + 1) : 0;
  qsort (cuts, n_cuts, sizeof cuts[0], compare_offsets);

  text = (const char *)data;
  glaux_result_format_detect (NULL, NULL, text, size);

  whole = parse_chunks (format, text, size, NULL, 0, TRUE);
  split = parse_chunks (format, text, size, cuts, n_cuts, FALSE);
  if (strcmp (whole, split) != 0)
    {
      fprintf (stderr, "glaux-fuzz: splitting the input changed the table.\n"
               "--- one chunk:\n%s\n--- %u cuts:\n%s\n", whole, n_cuts, split);
      abort ();
    }
}
