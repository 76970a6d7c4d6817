/* test-result-table.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "glaux-result-table.h"
#include "glaux-result-table-private.h"
#include "glaux-test-util.h"

static void
append_row (GlauxResultTable   *table,
            const char * const *cells,
            guint               n_cells)
{
  glaux_result_table_begin_row (table);
  for (guint i = 0; i < n_cells; i++)
    glaux_result_table_append_cell (table, cells[i], cells[i] != NULL ? strlen (cells[i]) : 0);
  glaux_result_table_end_row (table);
}

#define APPEND(table, ...) \
  G_STMT_START { \
    const char *cells_[] = { __VA_ARGS__ }; \
    append_row (table, cells_, G_N_ELEMENTS (cells_)); \
  } G_STMT_END

/* The cell as text, "NULL" for a NULL cell. */
static char *
cell (GlauxResultTable *table,
      guint             row,
      guint             column)
{
  gsize length;
  const char *bytes = glaux_result_table_get_cell (table, row, column, &length);

  if (bytes == NULL)
    return g_strdup ("NULL");

  return g_strndup (bytes, length);
}

#define ASSERT_CELL(table, row, column, expected) \
  G_STMT_START { \
    g_autofree char *actual_ = cell (table, row, column); \
    g_assert_cmpstr (actual_, ==, expected); \
  } G_STMT_END

/* Column @column in the current order, joined with ",". */
static char *
column_text (GlauxResultTable *table,
             guint             column)
{
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (table));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = cell (table, i, column);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_signals++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

static void
test_append (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  const char *names[] = { "id", "name" };
  gsize length = 99;

  glaux_result_table_set_columns (table, names, 2);
  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 2);
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 1), ==, "name");
  g_assert_null (glaux_result_table_get_column_name (table, 2));

  APPEND (table, "1", "alice");
  APPEND (table, "2", "");
  APPEND (table, "3", NULL);

  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 3);
  g_assert_cmpuint (glaux_result_table_get_n_rows_seen (table), ==, 3);
  g_assert_false (glaux_result_table_get_truncated (table));
  g_assert_cmpuint (glaux_result_table_get_n_ragged (table), ==, 0);

  ASSERT_CELL (table, 0, 1, "alice");
  /* NULL and "" differ. */
  g_assert_nonnull (glaux_result_table_get_cell (table, 1, 1, &length));
  g_assert_cmpuint (length, ==, 0);
  g_assert_null (glaux_result_table_get_cell (table, 2, 1, &length));
  g_assert_cmpuint (length, ==, 0);
  /* Out of range */
  g_assert_null (glaux_result_table_get_cell (table, 3, 0, NULL));
  g_assert_null (glaux_result_table_get_cell (table, 0, 2, NULL));

  /* Bytes are kept as they are, invalid UTF-8 and NUL included. */
  glaux_result_table_begin_row (table);
  glaux_result_table_append_cell (table, "\xff\x00z", 3);
  glaux_result_table_end_row (table);
  g_assert_cmpmem (glaux_result_table_get_cell (table, 3, 0, &length), length, "\xff\x00z", 3);
}

/* Whole rows, one call each: the same table as cell by cell, across blocks, with NULLs, a
 * ragged row (taking the slow way in the middle), a late column and max-rows. */
static void
test_append_row (void)
{
  g_autoptr(GlauxResultTable) by_cell = glaux_result_table_new ();
  g_autoptr(GlauxResultTable) by_row = glaux_result_table_new ();
  const char * const names[] = { "id", "name", "note" };
  g_autofree char *big = g_strnfill (5000, 'x');

  glaux_result_table_set_columns (by_cell, names, 3);
  glaux_result_table_set_columns (by_row, names, 3);
  glaux_result_table_set_max_rows (by_cell, 9000);
  glaux_result_table_set_max_rows (by_row, 9000);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      const char *values[4] = { id, i % 3 == 0 ? NULL : "n", i % 5 == 0 ? "" : big, "extra" };
      gsize lengths[4] = { strlen (id), 1, 0, 5 };
      guint n = i == 4100 ? 2 : (i == 5000 ? 4 : 3);

      lengths[2] = values[2] == big ? (i % 7) * 700 : 0;
      glaux_result_table_begin_row (by_cell);
      for (guint c = 0; c < n; c++)
        glaux_result_table_append_cell (by_cell, values[c], lengths[c]);
      glaux_result_table_end_row (by_cell);
      glaux_result_table_append_row (by_row, values, lengths, n);
    }

  g_assert_cmpuint (glaux_result_table_get_n_rows (by_row), ==, 9000);
  g_assert_cmpuint (glaux_result_table_get_n_rows_seen (by_row), ==, 10000);
  g_assert_true (glaux_result_table_get_truncated (by_row));
  g_assert_cmpuint (glaux_result_table_get_n_columns (by_row), ==, 4);
  g_assert_cmpuint (glaux_result_table_get_n_ragged (by_row), ==,
                    glaux_result_table_get_n_ragged (by_cell));
  /* Row 4100 is short; row 5000 adds a column, so every 3-cell row after it is short too. */
  g_assert_cmpuint (glaux_result_table_get_n_ragged (by_row), ==, 1 + 1 + 3999);
  g_assert_true (glaux_result_table_get_column_numeric (by_row, 0));
  g_assert_false (glaux_result_table_get_column_numeric (by_row, 1));
  g_assert_true (glaux_result_table_get_row_ragged (by_row, 4100));

  for (guint r = 0; r < 9000; r++)
    for (guint c = 0; c < 4; c++)
      {
        gsize la, lb;
        const char *a = glaux_result_table_get_cell (by_cell, r, c, &la);
        const char *b = glaux_result_table_get_cell (by_row, r, c, &lb);

        g_assert_true ((a == NULL) == (b == NULL));
        g_assert_cmpmem (a, la, b, lb);
      }
  ASSERT_CELL (by_row, 3, 1, "NULL");
  ASSERT_CELL (by_row, 5, 2, "");
  ASSERT_CELL (by_row, 4100, 2, "NULL");
  ASSERT_CELL (by_row, 5000, 3, "extra");
  ASSERT_CELL (by_row, 5001, 3, "NULL");
}

/* Rows in batches (append_rows, as the CSV parser stores them): the same table as cell by
 * cell, with batches of any size across blocks and max-rows, NULLs and empty strings, cells
 * that make a block grow, a column that stops being numeric late, and a column added by a
 * ragged row in the middle (after which the batches' rows are ragged too). */
static void
test_append_rows (void)
{
  g_autoptr(GlauxResultTable) by_cell = glaux_result_table_new ();
  g_autoptr(GlauxResultTable) by_rows = glaux_result_table_new ();
  const char * const names[] = { "id", "amount", "note" };
  g_autofree char *big = g_strnfill (5000, 'x');
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **values = g_new (const char *, 3 * 700);
  g_autofree gsize *lengths = g_new (gsize, 3 * 700);
  guint row = 0;

  glaux_result_table_set_columns (by_cell, names, 3);
  glaux_result_table_set_columns (by_rows, names, 3);
  glaux_result_table_set_max_rows (by_cell, 9000);
  glaux_result_table_set_max_rows (by_rows, 9000);

  while (row < 10000)
    {
      guint n_rows = MIN ((guint) g_test_rand_int_range (1, 700), 10000 - row);

      if (row > 0 && row % 5 == 0 && g_test_rand_bit ())
        {
          /* A short row goes on its own, as the parser does. */
          const char *short_row[2] = { "7", "1" };
          gsize short_lengths[2] = { 1, 1 };

          APPEND (by_cell, "7", "1");
          glaux_result_table_append_row (by_rows, short_row, short_lengths, 2);
          row++;
          continue;
        }

      for (guint k = 0; k < n_rows; k++)
        {
          guint i = row + k;
          char *id = g_strdup_printf ("%u", i);
          const char **v = values + 3 * k;
          gsize *l = lengths + 3 * k;

          g_ptr_array_add (ids, id);
          v[0] = id;
          l[0] = strlen (id);
          v[1] = i % 11 == 0 ? NULL : (i % 1000 == 999 ? "n/a" : (i % 2 ? "-3.5" : "1e5"));
          l[1] = v[1] != NULL ? strlen (v[1]) : 0;
          v[2] = i % 3 == 0 ? NULL : (i % 5 == 0 ? "" : big);
          l[2] = v[2] == big ? (i % 7) * 700 : 0;

          glaux_result_table_begin_row (by_cell);
          for (guint c = 0; c < 3; c++)
            glaux_result_table_append_cell (by_cell, v[c], l[c]);
          glaux_result_table_end_row (by_cell);
        }
      glaux_result_table_append_rows (by_rows, values, lengths, 3, n_rows);
      row += n_rows;

      if (row >= 5000 && glaux_result_table_get_n_columns (by_rows) == 3)
        {
          /* A row with a fourth cell adds a column: later 3-cell rows are ragged. */
          const char *wide[4] = { "8", "2", "", "extra" };
          gsize wide_lengths[4] = { 1, 1, 0, 5 };

          APPEND (by_cell, "8", "2", "", "extra");
          glaux_result_table_append_rows (by_rows, wide, wide_lengths, 4, 1);
          row++;
        }
    }

  g_assert_cmpuint (glaux_result_table_get_n_rows (by_rows), ==, 9000);
  g_assert_cmpuint (glaux_result_table_get_n_rows_seen (by_rows), ==,
                    glaux_result_table_get_n_rows_seen (by_cell));
  g_assert_true (glaux_result_table_get_truncated (by_rows));
  g_assert_cmpuint (glaux_result_table_get_n_columns (by_rows), ==, 4);
  g_assert_cmpuint (glaux_result_table_get_n_ragged (by_rows), ==,
                    glaux_result_table_get_n_ragged (by_cell));
  g_assert_cmpuint (glaux_result_table_get_n_ragged (by_rows), >, 3000);
  g_assert_true (glaux_result_table_get_column_numeric (by_rows, 0));
  g_assert_false (glaux_result_table_get_column_numeric (by_rows, 1));
  g_assert_false (glaux_result_table_get_column_numeric (by_rows, 2));

  for (guint r = 0; r < 9000; r++)
    {
      g_assert_cmpint (glaux_result_table_get_row_ragged (by_rows, r), ==,
                       glaux_result_table_get_row_ragged (by_cell, r));
      for (guint c = 0; c < 4; c++)
        {
          gsize la, lb;
          const char *a = glaux_result_table_get_cell (by_cell, r, c, &la);
          const char *b = glaux_result_table_get_cell (by_rows, r, c, &lb);

          g_assert_true ((a == NULL) == (b == NULL));
          g_assert_cmpmem (a, la, b, lb);
        }
    }

  /* Numeric until the one non-number, whichever batch it is in. */
  {
    g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
    const char *cells[6] = { "1", "-2.5", "3.", "1e5", "-0", "Infinity" };
    gsize cell_lengths[6] = { 1, 4, 2, 3, 2, 8 };

    glaux_result_table_set_columns (table, names, 1);
    glaux_result_table_append_rows (table, cells, cell_lengths, 1, 6);
    g_assert_true (glaux_result_table_get_column_numeric (table, 0));
    cells[0] = "-";
    glaux_result_table_append_rows (table, cells, cell_lengths, 1, 1);
    g_assert_false (glaux_result_table_get_column_numeric (table, 0));
  }
}

static void
test_ragged (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  const char *names[] = { "a", "b" };

  glaux_result_table_set_columns (table, names, 2);
  APPEND (table, "1", "2");
  APPEND (table, "short");
  APPEND (table, "x", "y", "z");
  APPEND (table, "p", "q");

  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 3);
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 2), ==, "3");
  g_assert_cmpuint (glaux_result_table_get_n_ragged (table), ==, 3);
  g_assert_false (glaux_result_table_get_row_ragged (table, 0));
  g_assert_true (glaux_result_table_get_row_ragged (table, 1));
  g_assert_true (glaux_result_table_get_row_ragged (table, 2));
  /* Row 3 has fewer cells than the columns that exist now. */
  g_assert_true (glaux_result_table_get_row_ragged (table, 3));

  ASSERT_CELL (table, 0, 2, "NULL");
  ASSERT_CELL (table, 1, 0, "short");
  ASSERT_CELL (table, 1, 1, "NULL");
  ASSERT_CELL (table, 2, 2, "z");
  ASSERT_CELL (table, 3, 1, "q");
  ASSERT_CELL (table, 3, 2, "NULL");
}

/* Columns that appear and disappear across storage blocks, without a header. */
static void
test_ragged_growth (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  const guint n = 20000;

  for (guint r = 0; r < n; r++)
    {
      char a[16], b[16];

      g_snprintf (a, sizeof a, "%u", r);
      g_snprintf (b, sizeof b, "b%u", r);
      if (r >= 9000 && r < 15000)
        APPEND (table, a, b);
      else
        APPEND (table, a);
    }

  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, 2);
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 0), ==, "1");
  g_assert_cmpstr (glaux_result_table_get_column_name (table, 1), ==, "2");
  /* Rows before the second column appeared are not ragged; the row that added it is, and so
   * are the short rows after it. */
  g_assert_cmpuint (glaux_result_table_get_n_ragged (table), ==, 1 + n - 15000);
  g_assert_false (glaux_result_table_get_row_ragged (table, 8999));
  g_assert_true (glaux_result_table_get_row_ragged (table, 9000));
  g_assert_false (glaux_result_table_get_row_ragged (table, 9001));
  g_assert_true (glaux_result_table_get_row_ragged (table, 15000));

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *expected = g_strdup_printf ("b%u", r);
      g_autofree char *a = g_strdup_printf ("%u", r);

      ASSERT_CELL (table, r, 0, a);
      ASSERT_CELL (table, r, 1, (r >= 9000 && r < 15000) ? expected : "NULL");
    }
  g_assert_true (glaux_result_table_get_column_numeric (table, 0));
  g_assert_false (glaux_result_table_get_column_numeric (table, 1));
}

static void
test_max_rows (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  guint notified = 0;

  glaux_result_table_set_max_rows (table, 3);
  g_assert_cmpuint (glaux_result_table_get_max_rows (table), ==, 3);
  for (guint i = 0; i < 5; i++)
    {
      char text[8];

      g_snprintf (text, sizeof text, "%u", i);
      APPEND (table, text, "x");
    }

  g_assert_cmpuint (glaux_result_table_get_n_rows (table), ==, 3);
  g_assert_cmpuint (glaux_result_table_get_n_rows_seen (table), ==, 5);
  g_assert_true (glaux_result_table_get_truncated (table));
  ASSERT_CELL (table, 2, 0, "2");
  g_assert_null (glaux_result_table_get_cell (table, 3, 0, NULL));

  g_signal_connect_swapped (table, "notify::truncated", G_CALLBACK (count_cb), &notified);
  g_assert_cmpuint (glaux_result_table_flush (table), ==, 3);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 3);
}

static void
test_numeric (void)
{
  const struct { const char *value; gboolean numeric; } cases[] = {
    { "0", TRUE }, { "-12", TRUE }, { "+7", TRUE }, { "3.25", TRUE }, { ".5", TRUE },
    { "5.", TRUE }, { "1e10", TRUE }, { "-2.5E-3", TRUE }, { "NaN", TRUE },
    { "Infinity", TRUE }, { "-Infinity", TRUE }, { "1e", FALSE }, { "abc", FALSE },
    { "1,5", FALSE }, { " 1", FALSE }, { "1 ", FALSE }, { "0x10", FALSE }, { "-", FALSE },
    { ".", FALSE }, { "1.2.3", FALSE }, { "e5", FALSE }, { "2024-01-01", FALSE },
    { "-.5", TRUE }, { "-5.", TRUE }, { "1-", FALSE }, { "12-3", FALSE }, { "1.5-", FALSE },
    { "-.", FALSE }, { "--1", FALSE }, { "1..", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GlauxResultTable) table = glaux_result_table_new ();

      APPEND (table, "1");
      APPEND (table, NULL);
      APPEND (table, "");
      APPEND (table, cases[i].value);
      APPEND (table, "2.5");
      g_assert_cmpint (glaux_result_table_get_column_numeric (table, 0), ==, cases[i].numeric);
    }

  {
    g_autoptr(GlauxResultTable) table = glaux_result_table_new ();

    /* Only NULLs and empty strings: still numeric (nothing contradicts it). */
    APPEND (table, NULL);
    APPEND (table, "");
    g_assert_true (glaux_result_table_get_column_numeric (table, 0));
    g_assert_false (glaux_result_table_get_column_numeric (table, 1));
  }
}

static void
test_model (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  ItemsChanged record = { 0, };
  g_autoptr(GlauxResultRow) row = NULL;
  guint n_columns_notified = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (table)) == GLAUX_TYPE_RESULT_ROW);
  g_signal_connect (table, "items-changed", G_CALLBACK (items_changed_cb), &record);
  g_signal_connect_swapped (table, "notify::n-columns", G_CALLBACK (count_cb),
                            &n_columns_notified);

  APPEND (table, "a", "b");
  APPEND (table, "c", "d");
  /* Nothing visible before a flush. */
  g_assert_cmpuint (record.n_signals, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (table), 0));
  g_assert_cmpuint (n_columns_notified, ==, 0);

  g_assert_cmpuint (glaux_result_table_flush (table), ==, 2);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 2);
  g_assert_cmpuint (n_columns_notified, ==, 1);

  APPEND (table, "e", "f");
  APPEND (table, "g", "h");
  APPEND (table, "i", "j");
  g_assert_cmpuint (glaux_result_table_flush (table), ==, 3);
  g_assert_cmpuint (record.n_signals, ==, 2);
  g_assert_cmpuint (record.position, ==, 2);
  g_assert_cmpuint (record.added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 5);

  /* An empty flush emits nothing. */
  g_assert_cmpuint (glaux_result_table_flush (table), ==, 0);
  g_assert_cmpuint (record.n_signals, ==, 2);

  row = g_list_model_get_item (G_LIST_MODEL (table), 4);
  g_assert_true (GLAUX_IS_RESULT_ROW (row));
  g_assert_true (glaux_result_row_get_table (row) == table);
  g_assert_cmpuint (glaux_result_row_get_index (row), ==, 4);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (table), 5));
}

typedef struct
{
  GMainLoop *loop;
  gboolean   done;
  gboolean   ok;
  GError    *error;
} SortWait;

static void
sort_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SortWait *wait = user_data;

  wait->ok = glaux_result_table_sort_finish (GLAUX_RESULT_TABLE (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
sort_done (gpointer data)
{
  return ((SortWait *) data)->done;
}

static void
sort_and_wait (GlauxResultTable *table,
               int               column,
               gboolean          descending)
{
  SortWait wait = { 0, };

  glaux_result_table_sort_async (table, column, descending, NULL, sort_cb, &wait);
  glaux_test_wait_until (sort_done, &wait, 10000);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

#define ASSERT_COLUMN(table, column, expected) \
  G_STMT_START { \
    g_autofree char *actual_ = column_text (table, column); \
    g_assert_cmpstr (actual_, ==, expected); \
  } G_STMT_END

static void
test_sort (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  const char *names[] = { "n", "s", "tag" };
  ItemsChanged record = { 0, };

  glaux_result_table_set_columns (table, names, 3);
  APPEND (table, "10", "banana", "a");
  APPEND (table, "9", NULL, "b");
  APPEND (table, NULL, "apple", "c");
  APPEND (table, "-1.5", "Banana", "d");
  APPEND (table, "", "", "e");
  APPEND (table, "1e2", "apple", "f");
  APPEND (table, "9", "äpfel", "g");
  APPEND (table, "NaN", "banana", "h");
  glaux_result_table_flush (table);
  g_signal_connect (table, "items-changed", G_CALLBACK (items_changed_cb), &record);

  g_assert_true (glaux_result_table_get_column_numeric (table, 0));
  g_assert_false (glaux_result_table_get_column_numeric (table, 1));

  /* Numeric: empty first, NaN above numbers, NULL last; equal values keep file order. */
  sort_and_wait (table, 0, FALSE);
  ASSERT_COLUMN (table, 0, ",-1.5,9,9,10,1e2,NaN,NULL");
  ASSERT_COLUMN (table, 2, "e,d,b,g,a,f,h,c");
  g_assert_cmpint (glaux_result_table_get_sorted_column (table), ==, 0);
  g_assert_false (glaux_result_table_get_sort_descending (table));
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 8);
  g_assert_cmpuint (record.added, ==, 8);

  /* Descending: reversed, still stable, NULL still last. */
  sort_and_wait (table, 0, TRUE);
  ASSERT_COLUMN (table, 0, "NaN,1e2,10,9,9,-1.5,,NULL");
  ASSERT_COLUMN (table, 2, "h,f,a,b,g,d,e,c");
  g_assert_true (glaux_result_table_get_sort_descending (table));

  /* Text: byte order (uppercase before lowercase, UTF-8 after ASCII), stable. */
  sort_and_wait (table, 1, FALSE);
  ASSERT_COLUMN (table, 1, ",Banana,apple,apple,banana,banana,äpfel,NULL");
  ASSERT_COLUMN (table, 2, "e,d,c,f,a,h,g,b");
  sort_and_wait (table, 1, TRUE);
  ASSERT_COLUMN (table, 2, "g,a,h,c,f,d,e,b");

  /* Rows, cells and ragged flags follow the order. */
  {
    g_autofree char *tsv = glaux_result_table_dup_tsv (table, (guint[]) { 0, 7 }, 2, FALSE);

    g_assert_cmpstr (tsv, ==, "9\täpfel\tg\n9\t\tb\n");
  }

  /* File order back. */
  sort_and_wait (table, -1, FALSE);
  ASSERT_COLUMN (table, 2, "a,b,c,d,e,f,g,h");
  g_assert_cmpint (glaux_result_table_get_sorted_column (table), ==, -1);
  g_assert_cmpuint (record.n_signals, ==, 5);
}

/* The same stable order as the sort, computed here the slow way. */
static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  guint ra = *(const guint *) a, rb = *(const guint *) b;
  guint va = (ra * 7919) % 1000, vb = (rb * 7919) % 1000;

  if (va != vb)
    return va < vb ? -1 : 1;
  return ra < rb ? -1 : 1;
}

static void
fill_numbers (GlauxResultTable *table,
              guint             from,
              guint             to)
{
  for (guint r = from; r < to; r++)
    {
      char value[16], index[16];

      g_snprintf (value, sizeof value, "%u", (r * 7919) % 1000);
      g_snprintf (index, sizeof index, "%u", r);
      APPEND (table, value, index);
    }
}

static void
check_sorted_numbers (GlauxResultTable *table,
                      guint             n)
{
  g_autofree guint *expected = g_new (guint, n);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, n);
  for (guint i = 0; i < n; i++)
    expected[i] = i;
  qsort (expected, n, sizeof (guint), compare_numbers);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", expected[i]);

      ASSERT_CELL (table, i, 1, text);
    }
}

/* Rows appended and flushed while the sort thread runs are sorted in when it ends: a few on
 * the main thread, many in another thread round. Appending meanwhile grows the blocks the
 * thread reads (ASan checks that their old buffers stay alive). */
static void
test_sort_while_appending (void)
{
  const guint extras[] = { 1000, 60000 };

  for (guint e = 0; e < G_N_ELEMENTS (extras); e++)
    {
      g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
      SortWait wait = { 0, };
      ItemsChanged record = { 0, };
      guint n = 50000 + 7;

      fill_numbers (table, 0, n);
      glaux_result_table_flush (table);
      g_signal_connect (table, "items-changed", G_CALLBACK (items_changed_cb), &record);

      glaux_result_table_sort_async (table, 0, FALSE, NULL, sort_cb, &wait);
      fill_numbers (table, n, n + extras[e]);
      glaux_result_table_flush (table);
      /* Appended rows show at the end at once. */
      g_assert_cmpuint (record.position, ==, n);
      g_assert_cmpuint (record.added, ==, extras[e]);

      glaux_test_wait_until (sort_done, &wait, 20000);
      g_assert_no_error (wait.error);
      g_assert_true (wait.ok);
      g_assert_cmpuint (record.n_signals, ==, 2);
      g_assert_cmpuint (record.removed, ==, n + extras[e]);
      check_sorted_numbers (table, n + extras[e]);

      /* Rows flushed after the sort come after the sorted ones, in file order. */
      fill_numbers (table, n + extras[e], n + extras[e] + 3);
      glaux_result_table_flush (table);
      {
        g_autofree char *first = g_strdup_printf ("%u", n + extras[e]);
        g_autofree char *last = g_strdup_printf ("%u", n + extras[e] + 2);

        ASSERT_CELL (table, n + extras[e], 1, first);
        ASSERT_CELL (table, n + extras[e] + 2, 1, last);
      }
      if (extras[e] == 1000)
        {
          g_clear_pointer (&wait.error, g_error_free);
          continue;
        }
      sort_and_wait (table, 0, FALSE);
      check_sorted_numbers (table, n + extras[e] + 3);
    }
}

static void
test_sort_cancel (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SortWait first = { 0, }, second = { 0, }, third = { 0, };

  fill_numbers (table, 0, 30000);
  glaux_result_table_flush (table);

  /* A newer sort supersedes the first one. */
  glaux_result_table_sort_async (table, 1, FALSE, NULL, sort_cb, &first);
  glaux_result_table_sort_async (table, 0, FALSE, NULL, sort_cb, &second);
  glaux_test_wait_until (sort_done, &first, 10000);
  glaux_test_wait_until (sort_done, &second, 10000);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (second.error);
  g_assert_cmpint (glaux_result_table_get_sorted_column (table), ==, 0);
  check_sorted_numbers (table, 30000);
  g_clear_error (&first.error);

  /* The caller's cancellable: the order stays. */
  g_cancellable_cancel (cancellable);
  glaux_result_table_sort_async (table, 1, TRUE, cancellable, sort_cb, &third);
  glaux_test_wait_until (sort_done, &third, 10000);
  g_assert_error (third.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (glaux_result_table_get_sorted_column (table), ==, 0);
  check_sorted_numbers (table, 30000);
  g_clear_error (&third.error);

  /* A column that does not exist */
  {
    SortWait bad = { 0, };

    glaux_result_table_sort_async (table, 9, FALSE, NULL, sort_cb, &bad);
    glaux_test_wait_until (sort_done, &bad, 10000);
    g_assert_error (bad.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&bad.error);
  }
}

static void
test_tsv_csv (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *names[] = { "id", "te\"xt", "n" };
  g_autofree char *tsv = NULL;
  g_autofree char *all = NULL;
  g_autofree char *csv = NULL;

  glaux_result_table_set_columns (table, names, 3);
  APPEND (table, "1", "plain", "x");
  APPEND (table, "2", "a,b", NULL);
  APPEND (table, "3", "say \"hi\"", "");
  APPEND (table, "4", "two\nlines\r\n", "tab\there");
  glaux_result_table_flush (table);

  tsv = glaux_result_table_dup_tsv (table, (guint[]) { 3, 1 }, 2, TRUE);
  g_assert_cmpstr (tsv, ==,
                   "id\tte\"xt\tn\n"
                   "4\ttwo lines  \ttab here\n"
                   "2\ta,b\t\n");
  all = glaux_result_table_dup_tsv (table, NULL, 0, FALSE);
  g_assert_cmpstr (all, ==,
                   "1\tplain\tx\n2\ta,b\t\n3\tsay \"hi\"\t\n4\ttwo lines  \ttab here\n");

  g_assert_true (glaux_result_table_write_csv (table, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  csv = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  /* NULL is an empty field, "" a quoted empty one. */
  g_assert_cmpstr (csv, ==,
                   "id,\"te\"\"xt\",n\r\n"
                   "1,plain,x\r\n"
                   "2,\"a,b\",\r\n"
                   "3,\"say \"\"hi\"\"\",\"\"\r\n"
                   "4,\"two\nlines\r\n\",tab\there\r\n");
}

/* Larger than one write chunk, in sorted order, to a stream that fails midway. */
static void
test_csv_large (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) small = g_memory_output_stream_new (g_malloc (1000), 1000, NULL, g_free);
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;
  guint lines = 0;

  fill_numbers (table, 0, 40000);
  glaux_result_table_flush (table);
  sort_and_wait (table, 0, TRUE);

  g_assert_true (glaux_result_table_write_csv (table, stream, NULL, &error));
  g_assert_no_error (error);
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  for (gsize i = 0; i < size; i++)
    lines += data[i] == '\n';
  g_assert_cmpuint (lines, ==, 40001);
  g_assert_true (g_str_has_prefix (data, "1,2\r\n999,"));

  g_assert_false (glaux_result_table_write_csv (table, small, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

/* 1M small cells: well under twice the raw bytes plus 4-byte offsets. */
static void
test_memory (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  const guint n_rows = 125000;
  const guint n_columns = 8;
  gsize raw = 0;
  gsize empty_size = glaux_result_table_get_memory_size (table);
  gsize size;

  for (guint r = 0; r < n_rows; r++)
    {
      glaux_result_table_begin_row (table);
      for (guint c = 0; c < n_columns; c++)
        {
          char text[32];
          gsize length = g_snprintf (text, sizeof text, "v%u", (r * 31 + c) % 100000);

          glaux_result_table_append_cell (table, text, length);
          raw += length;
        }
      glaux_result_table_end_row (table);
    }

  size = glaux_result_table_get_memory_size (table);
  g_test_message ("1M cells: %" G_GSIZE_FORMAT " raw bytes, %" G_GSIZE_FORMAT " held",
                  raw, size);
  g_assert_cmpuint (empty_size, <, 1024);
  g_assert_cmpuint (size, >=, raw + 4 * n_rows * n_columns);
  g_assert_cmpuint (size, <, 2 * raw + 4 * n_rows * n_columns);
  /* Tighter still: the slack is a few percent, not a doubling. */
  g_assert_cmpuint (size, <, (raw + 4 * n_rows * n_columns) * 13 / 10);
}

/* Thousands of columns, few rows: no per-column block of row-count size. */
/* Row @i of the batch test: ragged now and then, NULLs, a column that appears late, and a
 * column that stops being numeric. */
static void
append_batch_row (GlauxResultTable *table,
                  guint             i)
{
  g_autofree char *a = g_strdup_printf ("%u", i);
  g_autofree char *b = g_strdup_printf ("text %u %s", i, i % 3 == 0 ? "with a longer tail" : "");
  g_autofree char *c = i == 7000 ? g_strdup ("not a number") : g_strdup_printf ("%u.5", i % 97);
  g_autofree char *d = g_strdup_printf ("late %u", i);

  if (i % 1000 == 999)
    APPEND (table, a, NULL);                      /* too few cells */
  else if (i >= 9000 && i % 500 == 0)
    APPEND (table, a, b, c, d);                   /* one more: a fourth column */
  else
    APPEND (table, a, i % 5 == 0 ? NULL : b, c);
}

static void
assert_same_table (GlauxResultTable *actual,
                   GlauxResultTable *expected)
{
  guint n_rows = glaux_result_table_get_n_rows (expected);
  guint n_columns = glaux_result_table_get_n_columns (expected);

  g_assert_cmpuint (glaux_result_table_get_n_rows (actual), ==, n_rows);
  g_assert_cmpuint (glaux_result_table_get_n_rows_seen (actual), ==,
                    glaux_result_table_get_n_rows_seen (expected));
  g_assert_cmpuint (glaux_result_table_get_n_ragged (actual), ==,
                    glaux_result_table_get_n_ragged (expected));
  g_assert_cmpint (glaux_result_table_get_truncated (actual), ==,
                   glaux_result_table_get_truncated (expected));
  g_assert_cmpuint (glaux_result_table_get_n_columns (actual), ==, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      g_assert_cmpstr (glaux_result_table_get_column_name (actual, c), ==,
                       glaux_result_table_get_column_name (expected, c));
      g_assert_cmpint (glaux_result_table_get_column_numeric (actual, c), ==,
                       glaux_result_table_get_column_numeric (expected, c));
    }
  for (guint row = 0; row < n_rows; row++)
    {
      g_assert_cmpint (glaux_result_table_get_row_ragged (actual, row), ==,
                       glaux_result_table_get_row_ragged (expected, row));
      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *want = cell (expected, row, c);
          g_autofree char *got = cell (actual, row, c);

          g_assert_cmpstr (got, ==, want);
        }
    }
}

/* Parsing in a worker thread: a staging table hands its rows over in batches (whole blocks
 * moved, unfinished ones copied and replaced later); the table that adopts them must end up
 * exactly like one that got the rows directly, whatever the batch points. */
static void
test_batches (void)
{
  const guint n_rows = 10000;
  const guint max_rows[] = { 0, 8500 };

  for (guint m = 0; m < G_N_ELEMENTS (max_rows); m++)
    for (guint step = 1; step <= 5000; step = step * 7 + 2)
      {
        g_autoptr(GlauxResultTable) expected = glaux_result_table_new ();
        g_autoptr(GlauxResultTable) staging = glaux_result_table_new ();
        g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
        const char *names[] = { "a", "b", "c" };
        guint rows_seen_in_table = 0;

        glaux_result_table_set_max_rows (expected, max_rows[m]);
        glaux_result_table_set_max_rows (staging, max_rows[m]);
        glaux_result_table_set_columns (expected, names, 3);
        glaux_result_table_set_columns (staging, names, 3);

        for (guint i = 0; i < n_rows; i++)
          {
            append_batch_row (expected, i);
            append_batch_row (staging, i);
            if (i % step == step - 1)
              {
                /* Copies every other time; the rows it has so far are right at once. */
                GlauxResultBatch *batch = glaux_result_table_take_batch (staging, (i / step) % 2,
                                                                         FALSE);

                if (batch != NULL)
                  {
                    g_assert_cmpuint (glaux_result_batch_get_n_rows (batch), <=, i + 1);
                    glaux_result_table_adopt_batch (table, batch);
                  }
                g_assert_cmpuint (glaux_result_table_get_n_rows (table), >=, rows_seen_in_table);
                rows_seen_in_table = glaux_result_table_get_n_rows (table);
                for (guint row = 0; row < rows_seen_in_table; row += 97)
                  {
                    g_autofree char *want = cell (expected, row, 1);
                    g_autofree char *got = cell (table, row, 1);

                    g_assert_cmpstr (got, ==, want);
                  }
              }
          }

        glaux_result_table_adopt_batch (table, glaux_result_table_take_batch (staging, FALSE,
                                                                              TRUE));
        g_assert_null (glaux_result_table_take_batch (staging, FALSE, FALSE));
        assert_same_table (table, expected);
        g_assert_cmpuint (glaux_result_table_flush (table), ==,
                          glaux_result_table_get_n_rows (expected));
      }
}

static void
test_wide (void)
{
  g_autoptr(GlauxResultTable) table = glaux_result_table_new ();
  const guint n_columns = 5000;

  for (guint r = 0; r < 3; r++)
    {
      glaux_result_table_begin_row (table);
      for (guint c = 0; c < n_columns; c++)
        {
          char text[16];

          glaux_result_table_append_cell (table, text, g_snprintf (text, sizeof text, "%u", c));
        }
      glaux_result_table_end_row (table);
    }

  g_assert_cmpuint (glaux_result_table_get_n_columns (table), ==, n_columns);
  ASSERT_CELL (table, 2, 4999, "4999");
  g_assert_cmpuint (glaux_result_table_get_memory_size (table), <, n_columns * 400);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/result-table/append", test_append);
  g_test_add_func ("/result-table/append-row", test_append_row);
  g_test_add_func ("/result-table/append-rows", test_append_rows);
  g_test_add_func ("/result-table/ragged", test_ragged);
  g_test_add_func ("/result-table/ragged-growth", test_ragged_growth);
  g_test_add_func ("/result-table/max-rows", test_max_rows);
  g_test_add_func ("/result-table/numeric", test_numeric);
  g_test_add_func ("/result-table/model", test_model);
  g_test_add_func ("/result-table/sort", test_sort);
  g_test_add_func ("/result-table/sort-while-appending", test_sort_while_appending);
  g_test_add_func ("/result-table/sort-cancel", test_sort_cancel);
  g_test_add_func ("/result-table/tsv-csv", test_tsv_csv);
  g_test_add_func ("/result-table/csv-large", test_csv_large);
  g_test_add_func ("/result-table/memory", test_memory);
  g_test_add_func ("/result-table/wide", test_wide);
  g_test_add_func ("/result-table/batches", test_batches);

  return g_test_run ();
}
