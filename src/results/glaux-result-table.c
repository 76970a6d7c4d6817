/* glaux-result-table.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-result-table"

#include "config.h"

#include <string.h>

#include "glaux-result-table.h"
#include "glaux-result-table-private.h"

/* Storage layout. Rows are grouped in blocks of BLOCK_ROWS; per column and block there is one
 * Block: the cell bytes back to back in @data and, per cell, the end offset of its bytes in
 * @ends (the start is the previous cell's end). The top bit of an end offset is the cell's NULL
 * flag: the NULL bitmap lives interleaved with the offsets, so there is no second array to grow
 * and no byte shared between a cell being written and one a sort thread reads. A column that
 * appears late (ragged rows) has no blocks before it appeared: a missing block is all NULL.
 *
 * A block only grows while it is the last one, by copying into a larger buffer. While a sort
 * thread may read a snapshot of the old buffer, the old one is retired instead of freed, and
 * freed when no sort runs any more; full blocks never change. So sorting needs no lock and no
 * copy of the data. */
#define BLOCK_SHIFT 12
#define BLOCK_ROWS  (1u << BLOCK_SHIFT)
#define BLOCK_MASK  (BLOCK_ROWS - 1)
#define NULL_FLAG   0x80000000u
#define END_MASK    0x7fffffffu

/* Rows flushed while a sort runs are sorted in on the main thread when it ends, unless there
 * are more than this: then the sort runs again in the thread over everything. */
#define MAIN_THREAD_MERGE_MAX 20000

typedef struct
{
  char    *data;
  guint32 *ends;
  guint32  data_len;
  guint32  data_cap;
  guint32  n_cells;
  guint32  ends_cap;
} Block;

typedef struct
{
  char     *name;
  Block   **blocks;
  guint     n_blocks;
  guint     blocks_cap;
  gboolean  numeric;
  guint32   data_hint;        /* bytes in the last full block moved out (staging tables) */
} Column;

struct _GlauxResultTable
{
  GObject    parent_instance;

  GPtrArray *columns;          /* of Column */
  guint      n_rows;           /* stored */
  guint      n_flushed;        /* visible to the model */
  guint64    n_rows_seen;
  guint      max_rows;         /* 0: no limit */
  guint      n_ragged;
  guint8    *ragged;           /* bit per stored row */
  gsize      ragged_cap;       /* bytes */

  /* Row being appended */
  guint      cur_cell;
  guint      row_start_columns;
  gboolean   has_header;
  gboolean   in_row;
  gboolean   dropping;

  /* Current order: positions below n_order map through @order, the rest are in file order. */
  guint32   *order;
  guint      n_order;
  int        sorted_column;
  gboolean   sort_descending;

  /* Sorting */
  int        sort_serial;
  guint      n_sorts_running;
  GPtrArray *retired;          /* buffers a running sort may still read */

  /* Values last notified, so flush() notifies only what changed. */
  guint      notified_n_columns;
  guint      notified_n_rows;
  guint64    notified_n_rows_seen;
  guint      notified_n_ragged;
  gboolean   notified_truncated;

  /* Staging (a worker's table): rows and columns handed out in batches so far. */
  guint      n_rows_moved;
  guint      n_columns_taken;
};

struct _GlauxResultBatch
{
  guint      n_rows;           /* the staging table's rows the batch brings up to */
  guint64    n_rows_seen;
  guint      n_ragged;
  guint      first_block;
  guint      n_blocks;         /* per column, from first_block */
  guint      n_columns;
  guint      first_new_column;
  char     **names;            /* of columns first_new_column .. n_columns - 1 */
  gboolean  *numeric;          /* per column */
  Block    **blocks;           /* n_columns × n_blocks, column-major; NULL: all NULL */
  guint8    *ragged;           /* bits of rows first_block × BLOCK_ROWS .. n_rows */
  gsize      ragged_len;
};

struct _GlauxResultRow
{
  GObject           parent_instance;

  GlauxResultTable *table;
  guint             index;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (GlauxResultRow, glaux_result_row, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxResultTable, glaux_result_table, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  ROW_PROP_0,
  ROW_PROP_TABLE,
  ROW_PROP_INDEX,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

enum {
  PROP_0,
  PROP_N_COLUMNS,
  PROP_N_ROWS,
  PROP_N_ROWS_SEEN,
  PROP_TRUNCATED,
  PROP_N_RAGGED,
  PROP_MAX_ROWS,
  PROP_SORTED_COLUMN,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Row handles */

static void
glaux_result_row_finalize (GObject *object)
{
  GlauxResultRow *self = (GlauxResultRow *)object;

  g_clear_object (&self->table);

  G_OBJECT_CLASS (glaux_result_row_parent_class)->finalize (object);
}

static void
glaux_result_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlauxResultRow *self = GLAUX_RESULT_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_TABLE:
      g_value_set_object (value, self->table);
      break;

    case ROW_PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_result_row_class_init (GlauxResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_result_row_finalize;
  object_class->get_property = glaux_result_row_get_property;

  row_properties[ROW_PROP_TABLE] =
    g_param_spec_object ("table", NULL, NULL,
                         GLAUX_TYPE_RESULT_TABLE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  row_properties[ROW_PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
glaux_result_row_init (GlauxResultRow *self)
{
}

/**
 * glaux_result_row_get_table:
 *
 * Returns: (transfer none): the table the row belongs to
 */
GlauxResultTable *
glaux_result_row_get_table (GlauxResultRow *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_ROW (self), NULL);

  return self->table;
}

/**
 * glaux_result_row_get_index:
 *
 * Returns: the row's position in the table's order at the time the handle was made
 */
guint
glaux_result_row_get_index (GlauxResultRow *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_ROW (self), 0);

  return self->index;
}

/* Storage */

/* Block buffers of a page or more come from a pool shared by all tables: a table built after
 * another was freed (the next result opened) reuses its memory instead of faulting in fresh
 * pages, which costs about as much as parsing. Buffers are rounded up to whole pages, so a
 * freed buffer fits the next block of about the same size. The pool is bounded and emptied
 * once it has not been used for a while, so an idle app does not keep a big result's memory. */
#define POOL_PAGE        4096u
#define POOL_MAX_PAGES   2048u                    /* larger buffers are not pooled */
#define POOL_MAX_BYTES   ((gsize) 256 << 20)
#define POOL_IDLE_SECS   10

/* A free buffer in the pool holds the link to the next one of its size. */
typedef struct _PoolBuffer PoolBuffer;
struct _PoolBuffer
{
  PoolBuffer *next;
};

static GMutex      pool_lock;
static PoolBuffer *pool_lists[POOL_MAX_PAGES + 1]; /* by size in pages */
static gsize       pool_bytes;
static guint       pool_trim_id;
static gboolean    pool_used;

static void
pool_clear_locked (void)
{
  for (guint i = 0; i <= POOL_MAX_PAGES; i++)
    while (pool_lists[i] != NULL)
      {
        PoolBuffer *buffer = pool_lists[i];

        pool_lists[i] = buffer->next;
        g_free (buffer);
      }
  pool_bytes = 0;
}

static gboolean
pool_trim_cb (gpointer user_data)
{
  gboolean again;

  g_mutex_lock (&pool_lock);
  /* Used since the last tick: give it another period. */
  again = pool_used && pool_bytes > 0;
  pool_used = FALSE;
  if (!again)
    {
      pool_clear_locked ();
      pool_trim_id = 0;
    }
  g_mutex_unlock (&pool_lock);

  return again ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* A buffer of at least *size bytes; *size gets its real size: whole pages from a page on, so
 * that freed buffers fit later blocks. */
static gpointer
buffer_alloc (gsize *size)
{
  gsize pages = (*size + POOL_PAGE - 1) / POOL_PAGE;
  PoolBuffer *buffer = NULL;

  if (pages == 0 || *size < POOL_PAGE || pages > POOL_MAX_PAGES)
    return g_malloc (MAX (*size, sizeof (PoolBuffer)));

  *size = pages * POOL_PAGE;
  g_mutex_lock (&pool_lock);
  /* A buffer up to a quarter larger is better than fresh pages. */
  for (gsize i = pages; i <= MIN (POOL_MAX_PAGES, pages + pages / 4) && buffer == NULL; i++)
    if (pool_lists[i] != NULL)
      {
        buffer = pool_lists[i];
        pool_lists[i] = buffer->next;
        pool_bytes -= i * POOL_PAGE;
        pool_used = TRUE;
        *size = i * POOL_PAGE;
      }
  g_mutex_unlock (&pool_lock);

  return buffer != NULL ? (gpointer) buffer : g_malloc (*size);
}

/* @size: the size buffer_alloc() gave. */
static void
buffer_free (gpointer data,
             gsize    size)
{
  gsize pages = size / POOL_PAGE;
  PoolBuffer *buffer = data;

  if (data == NULL)
    return;

  if (size % POOL_PAGE != 0 || pages == 0 || pages > POOL_MAX_PAGES)
    {
      g_free (data);
      return;
    }

  g_mutex_lock (&pool_lock);
  if (pool_bytes + size > POOL_MAX_BYTES)
    {
      g_mutex_unlock (&pool_lock);
      g_free (data);
      return;
    }
  buffer->next = pool_lists[pages];
  pool_lists[pages] = buffer;
  pool_bytes += size;
  if (pool_trim_id == 0)
    pool_trim_id = g_timeout_add_seconds (POOL_IDLE_SECS, pool_trim_cb, NULL);
  g_mutex_unlock (&pool_lock);
}

static void
block_free (Block *block)
{
  if (block == NULL)
    return;

  buffer_free (block->data, block->data_cap);
  buffer_free (block->ends, (gsize) block->ends_cap * sizeof (guint32));
  g_free (block);
}

static void
column_free (Column *column)
{
  for (guint i = 0; i < column->n_blocks; i++)
    block_free (column->blocks[i]);
  g_free (column->blocks);
  g_free (column->name);
  g_free (column);
}

/* Frees @buffer now, or once no sort thread can be reading it. */
static void
retire (GlauxResultTable *self,
        gpointer          buffer,
        gsize             size)
{
  if (self->n_sorts_running > 0)
    g_ptr_array_add (self->retired, buffer);
  else
    buffer_free (buffer, size);
}

/* Grows by copying, never in place, so a sort's snapshot of the old buffer stays readable. */
static gpointer
grow_buffer (GlauxResultTable *self,
             gpointer          old,
             gsize             used,
             gsize             old_size,
             gsize            *new_size)
{
  gpointer grown = buffer_alloc (new_size);

  if (used > 0)
    memcpy (grown, old, used);
  if (old != NULL)
    retire (self, old, old_size);

  return grown;
}

static Column *
column_new (const char *name)
{
  Column *column = g_new0 (Column, 1);

  column->name = g_strdup (name);
  column->numeric = TRUE;

  return column;
}

static void
add_column (GlauxResultTable *self,
            const char       *name)
{
  g_autofree char *generated = NULL;

  if (name == NULL)
    name = generated = g_strdup_printf ("%u", self->columns->len + 1);

  g_ptr_array_add (self->columns, column_new (name));
}

/* The previous block's final size predicts the next one: sizing the new block from it avoids
 * most regrowth copies and most slack. */
static Block *
block_new (Column *column,
           guint   index)
{
  Block *block = g_new0 (Block, 1);
  Block *previous = index > 0 ? column->blocks[index - 1] : NULL;
  gsize size;

  if (previous != NULL && previous->n_cells == BLOCK_ROWS)
    {
      block->ends_cap = BLOCK_ROWS;
      block->data_cap = MAX (64, previous->data_len + previous->data_len / 16);
    }
  else if (previous == NULL && index > 0 && column->data_hint > 0)
    {
      /* The previous block was moved out of a staging table. */
      block->ends_cap = BLOCK_ROWS;
      block->data_cap = MAX (64, column->data_hint + column->data_hint / 16);
    }
  else
    {
      block->ends_cap = 16;
      block->data_cap = 64;
    }

  size = (gsize) block->ends_cap * sizeof (guint32);
  block->ends = buffer_alloc (&size);
  block->ends_cap = MIN (size / sizeof (guint32), BLOCK_ROWS);
  size = block->data_cap;
  block->data = buffer_alloc (&size);
  block->data_cap = MIN (size, END_MASK);

  return block;
}

/* The block holding @row, created (with NULLs before @row) when missing. */
static Block *
column_block_for_append (GlauxResultTable *self,
                         Column           *column,
                         guint             row)
{
  guint index = row >> BLOCK_SHIFT;
  Block *block;

  if (index >= column->blocks_cap)
    {
      guint cap = MAX (4, column->blocks_cap * 2);

      while (cap <= index)
        cap *= 2;
      /* Only the main thread reads the block pointer array, so plain realloc is fine. */
      column->blocks = g_renew (Block *, column->blocks, cap);
      memset (column->blocks + column->blocks_cap, 0,
              (cap - column->blocks_cap) * sizeof (Block *));
      column->blocks_cap = cap;
    }

  if (index >= column->n_blocks)
    column->n_blocks = index + 1;

  block = column->blocks[index];
  if (block == NULL)
    block = column->blocks[index] = block_new (column, index);

  return block;
}

static void
block_reserve_cells (GlauxResultTable *self,
                     Block            *block,
                     guint32           n_cells)
{
  guint32 cap;
  gsize size;

  if (n_cells <= block->ends_cap)
    return;

  cap = block->ends_cap;
  while (cap < n_cells)
    cap *= 2;
  size = MIN (cap, BLOCK_ROWS) * sizeof (guint32);
  block->ends = grow_buffer (self, block->ends, block->n_cells * sizeof (guint32),
                             (gsize) block->ends_cap * sizeof (guint32), &size);
  block->ends_cap = MIN (size / sizeof (guint32), BLOCK_ROWS);
}

static void
block_append (GlauxResultTable *self,
              Block            *block,
              const char       *value,
              gsize             length)
{
  if (value == NULL)
    length = 0;

  if (G_UNLIKELY (length > END_MASK - block->data_len))
    {
      g_warning ("A result cell of %" G_GSIZE_FORMAT " bytes is too large; it is cut", length);
      length = END_MASK - block->data_len;
    }

  if (block->data_len + length > block->data_cap)
    {
      guint64 cap = block->data_cap;
      gsize size;

      while (cap < block->data_len + length)
        cap *= 2;
      size = MIN (cap, (guint64) END_MASK);
      block->data = grow_buffer (self, block->data, block->data_len, block->data_cap, &size);
      block->data_cap = MIN (size, END_MASK);
    }

  if (block->n_cells == block->ends_cap)
    block_reserve_cells (self, block, block->n_cells + 1);

  if (length > 0)
    memcpy (block->data + block->data_len, value, length);
  block->data_len += length;
  block->ends[block->n_cells++] = block->data_len | (value == NULL ? NULL_FLAG : 0);
}

/* Appends NULLs to @column's block until it holds cells up to (excluding) @row. */
static Block *
column_fill_to (GlauxResultTable *self,
                Column           *column,
                guint             row)
{
  Block *block = column_block_for_append (self, column, row);
  guint32 wanted = row & BLOCK_MASK;

  while (block->n_cells < wanted)
    block_append (self, block, NULL, 0);

  return block;
}

/* Numbers as Spark and Athena print them: [+-]digits[.digits][e[+-]digits], ".5", "5.",
 * NaN and (-)Infinity. No locale, no hex, no surrounding spaces. */
static gboolean
is_number (const char *s,
           gsize       length)
{
  const char *p = s;
  const char *end = s + length;
  gboolean digits = FALSE;

  /* The common case first: digits, maybe a sign and one '.'. */
  if (p < end && *p == '-')
    p++;
  while (p < end && (guint8) (*p - '0') < 10)
    p++;
  if (p < end && *p == '.' && p > s && p[-1] != '-')
    {
      p++;
      while (p < end && (guint8) (*p - '0') < 10)
        p++;
    }
  if (p == end && p > s && p[-1] != '-')
    return TRUE;
  p = s;

  if (p < end && (*p == '+' || *p == '-'))
    p++;

  if ((gsize)(end - p) == 8 && memcmp (p, "Infinity", 8) == 0)
    return TRUE;
  if (p == s && length == 3 && memcmp (s, "NaN", 3) == 0)
    return TRUE;

  while (p < end && g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (p < end && *p == '.')
    {
      p++;
      while (p < end && g_ascii_isdigit (*p))
        p++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  return p == end;
}

static inline guint32
block_cell_start (const guint32 *ends,
                  guint32        i)
{
  return i == 0 ? 0 : (ends[i - 1] & END_MASK);
}

static inline guint
position_to_row (GlauxResultTable *self,
                 guint             position)
{
  return position < self->n_order ? self->order[position] : position;
}

static const char *
cell_at_row (GlauxResultTable *self,
             guint             row,
             guint             column,
             gsize            *length)
{
  Column *col;
  Block *block;
  guint index = row >> BLOCK_SHIFT;
  guint32 i = row & BLOCK_MASK;
  guint32 end;

  if (length != NULL)
    *length = 0;

  if (column >= self->columns->len || row >= self->n_rows)
    return NULL;

  col = g_ptr_array_index (self->columns, column);
  if (index >= col->n_blocks || (block = col->blocks[index]) == NULL || i >= block->n_cells)
    return NULL;

  end = block->ends[i];
  if (end & NULL_FLAG)
    return NULL;

  if (length != NULL)
    *length = end - block_cell_start (block->ends, i);

  return block->data + block_cell_start (block->ends, i);
}

static void
set_ragged (GlauxResultTable *self,
            guint             row)
{
  gsize byte = row / 8;

  if (byte >= self->ragged_cap)
    {
      gsize cap = MAX (64, self->ragged_cap * 2);

      while (cap <= byte)
        cap *= 2;
      self->ragged = g_realloc (self->ragged, cap);
      memset (self->ragged + self->ragged_cap, 0, cap - self->ragged_cap);
      self->ragged_cap = cap;
    }

  self->ragged[byte] |= 1u << (row % 8);
  self->n_ragged++;
}

/* GListModel */

static GType
glaux_result_table_get_item_type (GListModel *model)
{
  return GLAUX_TYPE_RESULT_ROW;
}

static guint
glaux_result_table_get_n_items (GListModel *model)
{
  return GLAUX_RESULT_TABLE (model)->n_flushed;
}

static gpointer
glaux_result_table_get_item (GListModel *model,
                             guint       position)
{
  GlauxResultTable *self = GLAUX_RESULT_TABLE (model);
  GlauxResultRow *row;

  if (position >= self->n_flushed)
    return NULL;

  row = g_object_new (GLAUX_TYPE_RESULT_ROW, NULL);
  row->table = g_object_ref (self);
  row->index = position;

  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = glaux_result_table_get_item_type;
  iface->get_n_items = glaux_result_table_get_n_items;
  iface->get_item = glaux_result_table_get_item;
}

/* GObject */

static void
glaux_result_table_finalize (GObject *object)
{
  GlauxResultTable *self = (GlauxResultTable *)object;

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->ragged, g_free);
  g_clear_pointer (&self->order, g_free);
  g_clear_pointer (&self->retired, g_ptr_array_unref);

  G_OBJECT_CLASS (glaux_result_table_parent_class)->finalize (object);
}

static void
glaux_result_table_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlauxResultTable *self = GLAUX_RESULT_TABLE (object);

  switch (prop_id)
    {
    case PROP_N_COLUMNS:
      g_value_set_uint (value, self->columns->len);
      break;

    case PROP_N_ROWS:
      g_value_set_uint (value, self->n_rows);
      break;

    case PROP_N_ROWS_SEEN:
      g_value_set_uint64 (value, self->n_rows_seen);
      break;

    case PROP_TRUNCATED:
      g_value_set_boolean (value, glaux_result_table_get_truncated (self));
      break;

    case PROP_N_RAGGED:
      g_value_set_uint (value, self->n_ragged);
      break;

    case PROP_MAX_ROWS:
      g_value_set_uint (value, self->max_rows);
      break;

    case PROP_SORTED_COLUMN:
      g_value_set_int (value, self->sorted_column);
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->sort_descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_result_table_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GlauxResultTable *self = GLAUX_RESULT_TABLE (object);

  switch (prop_id)
    {
    case PROP_MAX_ROWS:
      glaux_result_table_set_max_rows (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_result_table_class_init (GlauxResultTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_result_table_finalize;
  object_class->get_property = glaux_result_table_get_property;
  object_class->set_property = glaux_result_table_set_property;

  properties[PROP_N_COLUMNS] =
    g_param_spec_uint ("n-columns", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ROWS_SEEN] =
    g_param_spec_uint64 ("n-rows-seen", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TRUNCATED] =
    g_param_spec_boolean ("truncated", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_RAGGED] =
    g_param_spec_uint ("n-ragged", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* 0: no limit */
  properties[PROP_MAX_ROWS] =
    g_param_spec_uint ("max-rows", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORTED_COLUMN] =
    g_param_spec_int ("sorted-column", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_result_table_init (GlauxResultTable *self)
{
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  self->retired = g_ptr_array_new_with_free_func (g_free);
  self->sorted_column = -1;
}

/**
 * glaux_result_table_new:
 *
 * The table is not thread-safe: append, flush and read on one thread (the main thread). Only
 * the sort threads it starts itself read it concurrently, from immutable snapshots.
 */
GlauxResultTable *
glaux_result_table_new (void)
{
  return g_object_new (GLAUX_TYPE_RESULT_TABLE, NULL);
}

void
glaux_result_table_set_columns (GlauxResultTable   *self,
                                const char * const *names,
                                guint               n_names)
{
  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (names != NULL || n_names == 0);
  g_return_if_fail (self->n_rows == 0 && !self->in_row);

  g_ptr_array_set_size (self->columns, 0);
  for (guint i = 0; i < n_names; i++)
    add_column (self, names[i]);
  self->has_header = n_names > 0;

  if (self->notified_n_columns != self->columns->len)
    {
      self->notified_n_columns = self->columns->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COLUMNS]);
    }
}

/**
 * glaux_result_table_add_column:
 * @name: (nullable): the column's name; NULL names it by its number ("1", "2", ...)
 *
 * Adds a column after the others, at any time (JSON lines meet new keys late); rows already
 * stored are NULL in it. n-columns is notified at the next flush.
 *
 * Returns: the new column's index
 */
guint
glaux_result_table_add_column (GlauxResultTable *self,
                               const char       *name)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  add_column (self, name);

  return self->columns->len - 1;
}

guint
glaux_result_table_get_n_columns (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  return self->columns->len;
}

const char *
glaux_result_table_get_column_name (GlauxResultTable *self,
                                    guint             column)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), NULL);

  if (column >= self->columns->len)
    return NULL;

  return ((Column *) g_ptr_array_index (self->columns, column))->name;
}

gboolean
glaux_result_table_get_column_numeric (GlauxResultTable *self,
                                       guint             column)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), FALSE);

  if (column >= self->columns->len)
    return FALSE;

  return ((Column *) g_ptr_array_index (self->columns, column))->numeric;
}

void
glaux_result_table_begin_row (GlauxResultTable *self)
{
  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (!self->in_row);

  self->in_row = TRUE;
  self->cur_cell = 0;
  self->row_start_columns = self->columns->len;
  /* Rows are stored while row indices fit in guint32 (the permutation's type). */
  self->dropping = (self->max_rows > 0 && self->n_rows >= self->max_rows)
                   || self->n_rows == G_MAXUINT32;
}

void
glaux_result_table_append_cell (GlauxResultTable *self,
                                const char       *value,
                                gsize             length)
{
  Column *column;
  Block *block;
  guint row;

  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (self->in_row);

  if (self->dropping)
    return;

  row = self->n_rows;
  if (G_UNLIKELY (self->cur_cell >= self->columns->len))
    add_column (self, NULL);

  column = g_ptr_array_index (self->columns, self->cur_cell);
  self->cur_cell++;

  block = column_block_for_append (self, column, row);
  if (G_UNLIKELY (block->n_cells != (row & BLOCK_MASK)))
    block = column_fill_to (self, column, row);

  block_append (self, block, value, length);

  if (column->numeric && value != NULL && length > 0 && !is_number (value, length))
    column->numeric = FALSE;
}

void
glaux_result_table_end_row (GlauxResultTable *self)
{
  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (self->in_row);

  self->in_row = FALSE;
  self->n_rows_seen++;

  if (self->dropping)
    return;

  /* Padding costs nothing here: reading past a block's cells gives NULL, and the next append
   * to such a column fills the gap. Without a header, the first row defines the columns. */
  if (self->cur_cell < self->columns->len
      || (self->cur_cell > self->row_start_columns && (self->has_header || self->n_rows > 0)))
    set_ragged (self, self->n_rows);

  self->n_rows++;
}

/* memcpy() for the short cells most results have, without the call: two overlapping loads and
 * stores cover any length between a width and twice that width. */
static inline void
copy_cell (char       *dest,
           const char *src,
           gsize       length)
{
  guint64 a8, b8;
  guint32 a4, b4;
  char a16[16], b16[16];

  if (length > 16 && length <= 32)
    {
      memcpy (a16, src, 16);
      memcpy (b16, src + length - 16, 16);
      memcpy (dest, a16, 16);
      memcpy (dest + length - 16, b16, 16);
    }
  else if (length >= 8 && length <= 16)
    {
      memcpy (&a8, src, 8);
      memcpy (&b8, src + length - 8, 8);
      memcpy (dest, &a8, 8);
      memcpy (dest + length - 8, &b8, 8);
    }
  else if (length >= 4 && length < 8)
    {
      memcpy (&a4, src, 4);
      memcpy (&b4, src + length - 4, 4);
      memcpy (dest, &a4, 4);
      memcpy (dest + length - 4, &b4, 4);
    }
  else if (length > 16)
    memcpy (dest, src, length);
  else
    for (gsize i = 0; i < length; i++)
      dest[i] = src[i];
}

/* One cell into @column at @row (the row being appended), growing the block as needed. */
static inline void
append_to_column (GlauxResultTable *self,
                  Column           *column,
                  guint             row,
                  const char       *value,
                  gsize             length)
{
  guint index = row >> BLOCK_SHIFT;
  Block *block = index < column->n_blocks ? column->blocks[index] : NULL;

  if (G_UNLIKELY (block == NULL || block->n_cells != (row & BLOCK_MASK)))
    block = column_fill_to (self, column, row);

  if (G_LIKELY (value != NULL && block->n_cells < block->ends_cap
                && length <= block->data_cap - block->data_len))
    {
      copy_cell (block->data + block->data_len, value, length);
      block->data_len += length;
      block->ends[block->n_cells++] = block->data_len;
    }
  else
    block_append (self, block, value, length);

  if (column->numeric && value != NULL && length > 0 && !is_number (value, length))
    column->numeric = FALSE;
}

/**
 * glaux_result_table_append_row:
 * @values: (array length=n_values) (nullable): the cells; a NULL entry is a NULL cell
 * @lengths: (array length=n_values): their byte lengths
 *
 * The same as begin_row(), append_cell() for each value and end_row(), in one call: parsers
 * that have a whole row at hand save the per-cell calls and checks.
 */
void
glaux_result_table_append_row (GlauxResultTable   *self,
                               const char * const *values,
                               const gsize        *lengths,
                               guint               n_values)
{
  Column **columns;
  guint row;

  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (!self->in_row);
  g_return_if_fail (n_values == 0 || (values != NULL && lengths != NULL));

  /* Rows that change the columns, are dropped or are ragged take the ordinary path. */
  if (G_UNLIKELY (n_values != self->columns->len || n_values == 0
                  || (self->max_rows > 0 && self->n_rows >= self->max_rows)
                  || self->n_rows == G_MAXUINT32))
    {
      glaux_result_table_begin_row (self);
      for (guint i = 0; i < n_values; i++)
        glaux_result_table_append_cell (self, values[i], lengths[i]);
      glaux_result_table_end_row (self);
      return;
    }

  columns = (Column **) self->columns->pdata;
  row = self->n_rows;
  for (guint i = 0; i < n_values; i++)
    append_to_column (self, columns[i], row, values[i], lengths[i]);

  self->n_rows_seen++;
  self->n_rows++;
}

/* The common numbers ([-]digits[.digits]) without a call; is_number() decides the rest. */
static inline gboolean
is_number_fast (const char *s,
                gsize       length)
{
  gsize i = s[0] == '-';
  gsize digits;

  while (i < length && (guint8) (s[i] - '0') < 10)
    i++;
  digits = i - (s[0] == '-');
  if (i < length && s[i] == '.' && digits > 0)
    for (i++; i < length && (guint8) (s[i] - '0') < 10; i++)
      ;

  return (i == length && digits > 0) || is_number (s, length);
}

/* @n cells of rows @row.. (all in one block) into @column: the cells are @values[k * @stride]
 * and @lengths[k * @stride]. */
static void
append_column_cells (GlauxResultTable   *self,
                     Column             *column,
                     guint               row,
                     const char * const *values,
                     const gsize        *lengths,
                     guint               stride,
                     guint               n)
{
  guint index = row >> BLOCK_SHIFT;
  Block *block = index < column->n_blocks ? column->blocks[index] : NULL;
  gboolean numeric = column->numeric;
  guint32 *ends;
  guint32 used;
  char *data;

  if (G_UNLIKELY (block == NULL || block->n_cells != (row & BLOCK_MASK)))
    block = column_fill_to (self, column, row);
  block_reserve_cells (self, block, block->n_cells + n);

  data = block->data;
  used = block->data_len;
  ends = block->ends + block->n_cells;
  for (guint k = 0; k < n; k++)
    {
      const char *value = values[(gsize) k * stride];
      gsize length = lengths[(gsize) k * stride];

      if (value == NULL)
        {
          ends[k] = used | NULL_FLAG;
          continue;
        }
      if (G_UNLIKELY (length > block->data_cap - used))
        {
          /* block_append() grows the buffer (or cuts a cell too large for the offsets). */
          block->data_len = used;
          block->n_cells += k;
          block_append (self, block, value, length);
          block->n_cells -= k + 1;
          data = block->data;
          used = block->data_len;
        }
      else
        {
          copy_cell (data + used, value, length);
          used += length;
          ends[k] = used;
        }
      if (numeric && length > 0 && !is_number_fast (value, length))
        numeric = FALSE;
    }
  block->data_len = used;
  block->n_cells += n;
  column->numeric = numeric;
}

/**
 * glaux_result_table_append_rows:
 * @values: (array) (nullable): @n_rows × @n_values cells, row after row; a NULL entry is a
 *   NULL cell
 * @lengths: (array): their byte lengths
 */
void
glaux_result_table_append_rows (GlauxResultTable   *self,
                                const char * const *values,
                                const gsize        *lengths,
                                guint               n_values,
                                guint               n_rows)
{
  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (!self->in_row);
  g_return_if_fail (n_rows == 0 || n_values == 0 || (values != NULL && lengths != NULL));

  while (n_rows > 0)
    {
      Column **columns = (Column **) self->columns->pdata;
      guint row = self->n_rows;
      guint piece;

      /* Rows that change the columns, are dropped or are ragged take the ordinary path. */
      if (G_UNLIKELY (n_values != self->columns->len || n_values == 0
                      || (self->max_rows > 0 && row >= self->max_rows)
                      || row == G_MAXUINT32))
        {
          glaux_result_table_append_row (self, values, lengths, n_values);
          values += n_values;
          lengths += n_values;
          n_rows--;
          continue;
        }

      /* Up to the end of the block, the row limit and the last row index. */
      piece = MIN (n_rows, BLOCK_ROWS - (row & BLOCK_MASK));
      if (self->max_rows > 0)
        piece = MIN (piece, self->max_rows - row);
      piece = MIN (piece, G_MAXUINT32 - row);

      for (guint c = 0; c < n_values; c++)
        append_column_cells (self, columns[c], row, values + c, lengths + c, n_values, piece);

      self->n_rows += piece;
      self->n_rows_seen += piece;
      values += (gsize) piece * n_values;
      lengths += (gsize) piece * n_values;
      n_rows -= piece;
    }
}

/* Notifies the properties that changed since the last flush. */
static void
notify_changes (GlauxResultTable *self)
{
  GObject *object = G_OBJECT (self);
  gboolean truncated = glaux_result_table_get_truncated (self);

  g_object_freeze_notify (object);

  if (self->notified_n_columns != self->columns->len)
    {
      self->notified_n_columns = self->columns->len;
      g_object_notify_by_pspec (object, properties[PROP_N_COLUMNS]);
    }
  if (self->notified_n_rows != self->n_rows)
    {
      self->notified_n_rows = self->n_rows;
      g_object_notify_by_pspec (object, properties[PROP_N_ROWS]);
    }
  if (self->notified_n_rows_seen != self->n_rows_seen)
    {
      self->notified_n_rows_seen = self->n_rows_seen;
      g_object_notify_by_pspec (object, properties[PROP_N_ROWS_SEEN]);
    }
  if (self->notified_n_ragged != self->n_ragged)
    {
      self->notified_n_ragged = self->n_ragged;
      g_object_notify_by_pspec (object, properties[PROP_N_RAGGED]);
    }
  if (self->notified_truncated != truncated)
    {
      self->notified_truncated = truncated;
      g_object_notify_by_pspec (object, properties[PROP_TRUNCATED]);
    }

  g_object_thaw_notify (object);
}

/**
 * glaux_result_table_flush:
 *
 * Makes the rows appended since the last flush visible: one items-changed at the end of the
 * model (in a sorted table too: new rows come after the sorted ones, in file order, until the
 * next sort; rows flushed while a sort runs are sorted in when it ends). Columns that appeared
 * are notified (n-columns) before the items.
 *
 * Returns: the number of rows added to the model
 */
guint
glaux_result_table_flush (GlauxResultTable *self)
{
  guint old;
  guint added;

  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  old = self->n_flushed;
  added = self->n_rows - old;
  self->n_flushed = self->n_rows;

  if (self->notified_n_columns != self->columns->len)
    {
      self->notified_n_columns = self->columns->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COLUMNS]);
    }

  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, added);

  notify_changes (self);

  return added;
}

guint
glaux_result_table_get_n_rows (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  return self->n_rows;
}

guint64
glaux_result_table_get_n_rows_seen (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  return self->n_rows_seen;
}

gboolean
glaux_result_table_get_truncated (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), FALSE);

  return self->n_rows_seen > self->n_rows;
}

guint
glaux_result_table_get_n_ragged (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  return self->n_ragged;
}

/**
 * glaux_result_table_set_max_rows:
 * @max_rows: rows to keep; 0 (the default) keeps all
 *
 * Applies to rows appended from now on; rows already stored stay.
 */
void
glaux_result_table_set_max_rows (GlauxResultTable *self,
                                 guint             max_rows)
{
  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));

  if (self->max_rows == max_rows)
    return;

  self->max_rows = max_rows;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ROWS]);
}

guint
glaux_result_table_get_max_rows (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  return self->max_rows;
}

gsize
glaux_result_table_get_memory_size (GlauxResultTable *self)
{
  gsize size;

  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), 0);

  size = sizeof (*self) + self->ragged_cap + (gsize) self->n_order * sizeof (guint32);
  size += self->columns->len * (sizeof (Column) + sizeof (gpointer));

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *column = g_ptr_array_index (self->columns, c);

      size += column->blocks_cap * sizeof (Block *) + strlen (column->name) + 1;
      for (guint b = 0; b < column->n_blocks; b++)
        {
          Block *block = column->blocks[b];

          if (block != NULL)
            size += sizeof (Block) + block->data_cap + block->ends_cap * sizeof (guint32);
        }
    }

  return size;
}

const char *
glaux_result_table_get_cell (GlauxResultTable *self,
                             guint             row,
                             guint             column,
                             gsize            *length)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), NULL);

  if (row >= self->n_rows)
    {
      if (length != NULL)
        *length = 0;
      return NULL;
    }

  return cell_at_row (self, position_to_row (self, row), column, length);
}

gboolean
glaux_result_table_get_row_ragged (GlauxResultTable *self,
                                   guint             row)
{
  guint file_row;

  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), FALSE);

  if (row >= self->n_rows)
    return FALSE;

  file_row = position_to_row (self, row);
  if (file_row / 8 >= self->ragged_cap)
    return FALSE;

  return (self->ragged[file_row / 8] & (1u << (file_row % 8))) != 0;
}

/* Sorting */

typedef struct
{
  const char    *data;
  const guint32 *ends;
  guint32        n_cells;
} BlockView;

typedef struct
{
  BlockView *blocks;
  guint      n_blocks;
  guint      first;       /* sort file rows [first, first + n_rows) */
  guint      n_rows;
  gboolean   numeric;
  gboolean   descending;
  guint32   *result;      /* the sorted file rows */
  int        serial;
  int        column;
} SortData;

static void
sort_data_free (SortData *data)
{
  g_free (data->blocks);
  g_free (data->result);
  g_free (data);
}

/* Sort keys; ties fall back to the row index, which makes any sort stable. */
typedef struct
{
  double  number;
  guint32 klass;          /* ascending order of classes: 0 empty, 1 number, 2 NULL */
  guint32 row;
} NumericKey;

typedef struct
{
  const char *bytes;
  guint32     length;
  guint32     row;        /* top bit: NULL */
} TextKey;

static int
compare_numeric (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const NumericKey *ka = a;
  const NumericKey *kb = b;
  gboolean descending = GPOINTER_TO_INT (user_data);
  int result = 0;

  if (ka->klass == 2 || kb->klass == 2)
    {
      /* NULLs last in either direction. */
      if (ka->klass != kb->klass)
        return ka->klass == 2 ? 1 : -1;
    }
  else if (ka->klass != kb->klass)
    result = ka->klass < kb->klass ? -1 : 1;
  else if (ka->klass == 1)
    {
      /* NaN sorts above every number, as in Spark. */
      gboolean na = ka->number != ka->number;
      gboolean nb = kb->number != kb->number;

      if (na || nb)
        result = na == nb ? 0 : (na ? 1 : -1);
      else
        result = ka->number < kb->number ? -1 : (ka->number > kb->number ? 1 : 0);
    }

  if (descending)
    result = -result;
  if (result == 0)
    result = ka->row < kb->row ? -1 : (ka->row > kb->row ? 1 : 0);

  return result;
}

static int
compare_text (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const TextKey *ka = a;
  const TextKey *kb = b;
  gboolean descending = GPOINTER_TO_INT (user_data);
  gboolean null_a = (ka->row & NULL_FLAG) != 0;
  gboolean null_b = (kb->row & NULL_FLAG) != 0;
  int result = 0;

  if (null_a || null_b)
    {
      if (null_a != null_b)
        return null_a ? 1 : -1;
    }
  else
    {
      result = memcmp (ka->bytes, kb->bytes, MIN (ka->length, kb->length));
      if (result == 0)
        result = ka->length < kb->length ? -1 : (ka->length > kb->length ? 1 : 0);
    }

  if (descending)
    result = -result;
  if (result == 0)
    result = (ka->row & END_MASK) < (kb->row & END_MASK) ? -1 : 1;

  return result;
}

static const char *
view_cell (SortData *data,
           guint     row,
           gsize    *length)
{
  guint index = row >> BLOCK_SHIFT;
  guint32 i = row & BLOCK_MASK;
  BlockView *view;

  *length = 0;
  if (index >= data->n_blocks)
    return NULL;

  view = &data->blocks[index];
  if (view->ends == NULL || i >= view->n_cells || (view->ends[i] & NULL_FLAG))
    return NULL;

  *length = view->ends[i] - block_cell_start (view->ends, i);
  return view->data + block_cell_start (view->ends, i);
}

static double
parse_number (const char *bytes,
              gsize       length)
{
  char small[64];
  g_autofree char *large = NULL;
  char *copy = small;

  if (length >= sizeof small)
    copy = large = g_malloc (length + 1);
  memcpy (copy, bytes, length);
  copy[length] = '\0';

  return g_ascii_strtod (copy, NULL);
}

static void
sort_rows (SortData *data)
{
  guint n = data->n_rows;

  data->result = g_new (guint32, n);

  if (data->numeric)
    {
      NumericKey *keys = g_new (NumericKey, n);

      for (guint i = 0; i < n; i++)
        {
          guint row = data->first + i;
          gsize length;
          const char *bytes = view_cell (data, row, &length);

          keys[i].row = row;
          keys[i].number = 0;
          if (bytes == NULL)
            keys[i].klass = 2;
          else if (length == 0)
            keys[i].klass = 0;
          else
            {
              keys[i].klass = 1;
              keys[i].number = parse_number (bytes, length);
            }
        }
      g_qsort_with_data (keys, n, sizeof (NumericKey), compare_numeric,
                         GINT_TO_POINTER (data->descending));
      for (guint i = 0; i < n; i++)
        data->result[i] = keys[i].row;
      g_free (keys);
    }
  else
    {
      TextKey *keys = g_new (TextKey, n);

      for (guint i = 0; i < n; i++)
        {
          guint row = data->first + i;
          gsize length;
          const char *bytes = view_cell (data, row, &length);

          keys[i].bytes = bytes;
          keys[i].length = length;
          keys[i].row = row | (bytes == NULL ? NULL_FLAG : 0);
        }
      g_qsort_with_data (keys, n, sizeof (TextKey), compare_text,
                         GINT_TO_POINTER (data->descending));
      for (guint i = 0; i < n; i++)
        data->result[i] = keys[i].row & ~NULL_FLAG;
      g_free (keys);
    }
}

/* A newer sort_async() supersedes this one: stop early instead of sorting for nothing. */
static gboolean
sort_superseded (GTask    *task,
                 SortData *data)
{
  GlauxResultTable *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    return TRUE;

  if (g_atomic_int_get (&self->sort_serial) != data->serial)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "A newer sort replaced this one");
      return TRUE;
    }

  return FALSE;
}

static void
sort_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SortData *data = task_data;

  if (sort_superseded (task, data))
    return;

  sort_rows (data);

  if (sort_superseded (task, data))
    return;

  g_task_return_boolean (task, TRUE);
}

/* Row indices above 2^31 would collide with the NULL flag of TextKey; tables that large do not
 * fit in memory anyway. */
static SortData *
sort_data_new (GlauxResultTable *self,
               int               column,
               gboolean          descending,
               guint             first,
               guint             n_rows)
{
  SortData *data = g_new0 (SortData, 1);
  Column *col = g_ptr_array_index (self->columns, column);
  guint end = first + n_rows;

  data->column = column;
  data->descending = descending;
  data->numeric = col->numeric;
  data->first = first;
  data->n_rows = n_rows;
  data->n_blocks = MIN (col->n_blocks, (end + BLOCK_ROWS - 1) >> BLOCK_SHIFT);
  data->blocks = g_new0 (BlockView, MAX (1, data->n_blocks));

  for (guint b = 0; b < data->n_blocks; b++)
    {
      Block *block = col->blocks[b];

      if (block == NULL)
        continue;
      data->blocks[b].data = block->data;
      data->blocks[b].ends = block->ends;
      /* Only cells of rows in the snapshot: later cells may be written meanwhile. */
      data->blocks[b].n_cells = MIN (block->n_cells, end - MIN (end, b << BLOCK_SHIFT));
    }

  return data;
}

/* Merges the sorted runs a (n_a) and b (n_b) of file rows with the same order as the sort. */
static guint32 *
merge_runs (GlauxResultTable *self,
            SortData         *data,
            const guint32    *a,
            guint             n_a,
            const guint32    *b,
            guint             n_b)
{
  guint32 *merged = g_new (guint32, (gsize) n_a + n_b);
  guint i = 0, j = 0, k = 0;

  while (i < n_a && j < n_b)
    {
      int cmp;

      if (data->numeric)
        {
          NumericKey ka = { 0, 0, a[i] }, kb = { 0, 0, b[j] };
          gsize la, lb;
          const char *sa = cell_at_row (self, a[i], data->column, &la);
          const char *sb = cell_at_row (self, b[j], data->column, &lb);

          ka.klass = sa == NULL ? 2 : (la == 0 ? 0 : 1);
          kb.klass = sb == NULL ? 2 : (lb == 0 ? 0 : 1);
          if (ka.klass == 1)
            ka.number = parse_number (sa, la);
          if (kb.klass == 1)
            kb.number = parse_number (sb, lb);
          cmp = compare_numeric (&ka, &kb, GINT_TO_POINTER (data->descending));
        }
      else
        {
          TextKey ka, kb;
          gsize la, lb;

          ka.bytes = cell_at_row (self, a[i], data->column, &la);
          kb.bytes = cell_at_row (self, b[j], data->column, &lb);
          ka.length = la;
          kb.length = lb;
          ka.row = a[i] | (ka.bytes == NULL ? NULL_FLAG : 0);
          kb.row = b[j] | (kb.bytes == NULL ? NULL_FLAG : 0);
          cmp = compare_text (&ka, &kb, GINT_TO_POINTER (data->descending));
        }

      merged[k++] = cmp <= 0 ? a[i++] : b[j++];
    }
  while (i < n_a)
    merged[k++] = a[i++];
  while (j < n_b)
    merged[k++] = b[j++];

  return merged;
}

static void sort_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
start_sort_thread (GlauxResultTable *self,
                   GTask            *outer,
                   SortData         *data)
{
  GTask *inner = g_task_new (self, g_task_get_cancellable (outer), sort_done_cb, outer);

  g_task_set_source_tag (inner, start_sort_thread);
  g_task_set_task_data (inner, data, (GDestroyNotify) sort_data_free);
  self->n_sorts_running++;
  g_task_run_in_thread (inner, sort_thread);
  g_object_unref (inner);
}

static void
sort_ended (GlauxResultTable *self)
{
  g_assert (self->n_sorts_running > 0);

  if (--self->n_sorts_running == 0)
    g_ptr_array_set_size (self->retired, 0);
}

static void
apply_order (GlauxResultTable *self,
             guint32          *order,
             guint             n_order,
             int               column,
             gboolean          descending)
{
  guint n = self->n_flushed;

  g_free (self->order);
  self->order = order;
  self->n_order = n_order;

  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->sorted_column != column)
    {
      self->sorted_column = column;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTED_COLUMN]);
    }
  if (self->sort_descending != descending)
    {
      self->sort_descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
sort_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GlauxResultTable *self = GLAUX_RESULT_TABLE (object);
  g_autoptr(GTask) outer = user_data;
  SortData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint32 *order;
  guint n_order;
  guint sorted_end;

  sort_ended (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (data->serial != self->sort_serial)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "A newer sort replaced this one");
      return;
    }

  order = g_steal_pointer (&data->result);
  n_order = data->n_rows;
  sorted_end = data->first + data->n_rows;

  /* A continuation round sorted only the new rows: merge them into the earlier result. */
  if (data->first > 0)
    {
      guint32 *earlier = g_task_get_task_data (outer);
      guint32 *merged = merge_runs (self, data, earlier, data->first, order, n_order);

      g_free (order);
      order = merged;
      n_order = sorted_end;
    }

  /* Rows flushed meanwhile: many go round the thread again, a few are sorted in right here. */
  if (self->n_flushed > sorted_end)
    {
      guint extra = self->n_flushed - sorted_end;
      SortData *more = sort_data_new (self, data->column, data->descending, sorted_end, extra);

      more->serial = data->serial;
      g_task_set_task_data (outer, order, g_free);

      if (extra > MAIN_THREAD_MERGE_MAX)
        {
          start_sort_thread (self, g_steal_pointer (&outer), more);
          return;
        }

      sort_rows (more);
      order = merge_runs (self, more, order, sorted_end, more->result, extra);
      n_order = self->n_flushed;
      g_task_set_task_data (outer, NULL, NULL);
      sort_data_free (more);
    }
  else if (data->first > 0)
    g_task_set_task_data (outer, NULL, NULL);

  apply_order (self, order, n_order, data->column, data->descending);
  g_task_return_boolean (outer, TRUE);
}

/**
 * glaux_result_table_sort_async:
 * @column: the column, or -1 for file order
 *
 * Numeric columns sort by value (empty strings before numbers, NaN after them); text columns
 * by their bytes (memcmp: UTF-8 in code point order, not the locale's collation, which is
 * predictable and fast for a million rows). Ties keep file order; NULLs are last in both
 * directions. A new sort cancels one still running (it fails with G_IO_ERROR_CANCELLED).
 */
void
glaux_result_table_sort_async (GlauxResultTable    *self,
                               int                  column,
                               gboolean             descending,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SortData *data;

  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (column >= -1);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* Supersedes a running sort: its thread sees the serial change and stops. */
  g_atomic_int_inc (&self->sort_serial);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_result_table_sort_async);

  if (column < 0 || (guint) column >= self->columns->len)
    {
      if (column >= 0)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   "The table has no column %d", column);
          return;
        }
      apply_order (self, NULL, 0, -1, FALSE);
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = sort_data_new (self, column, descending, 0, self->n_flushed);
  data->serial = self->sort_serial;
  start_sort_thread (self, g_steal_pointer (&task), data);
}

gboolean
glaux_result_table_sort_finish (GlauxResultTable  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

int
glaux_result_table_get_sorted_column (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), -1);

  return self->sorted_column;
}

gboolean
glaux_result_table_get_sort_descending (GlauxResultTable *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), FALSE);

  return self->sort_descending;
}

/* Text output */

static void
append_tsv_cell (GString    *out,
                 const char *bytes,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = bytes[i];

      g_string_append_c (out, (c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
    }
}

/**
 * glaux_result_table_dup_tsv:
 *
 * @rows are positions in the current order; NULL with @n_rows 0 means every stored row.
 */
char *
glaux_result_table_dup_tsv (GlauxResultTable *self,
                            const guint      *rows,
                            guint             n_rows,
                            gboolean          with_header)
{
  GString *out;
  guint n_columns;

  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), NULL);

  out = g_string_new (NULL);
  n_columns = self->columns->len;

  if (rows == NULL && n_rows == 0)
    n_rows = self->n_rows;

  if (with_header)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          const char *name = glaux_result_table_get_column_name (self, c);

          if (c > 0)
            g_string_append_c (out, '\t');
          append_tsv_cell (out, name, strlen (name));
        }
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < n_rows; i++)
    {
      guint position = rows != NULL ? rows[i] : i;

      for (guint c = 0; c < n_columns; c++)
        {
          gsize length;
          const char *bytes = glaux_result_table_get_cell (self, position, c, &length);

          if (c > 0)
            g_string_append_c (out, '\t');
          if (bytes != NULL)
            append_tsv_cell (out, bytes, length);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
append_csv_cell (GString    *out,
                 const char *bytes,
                 gsize       length)
{
  gboolean quote = FALSE;

  for (gsize i = 0; i < length && !quote; i++)
    quote = bytes[i] == ',' || bytes[i] == '"' || bytes[i] == '\n' || bytes[i] == '\r';

  if (!quote)
    {
      g_string_append_len (out, bytes, length);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      if (bytes[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, bytes[i]);
    }
  g_string_append_c (out, '"');
}

/**
 * glaux_result_table_write_csv:
 *
 * Writes with blocking calls, in chunks of about 256 KiB: run it in a worker thread. The table
 * must not change meanwhile (no appends, flushes or sorts: export after the load finished). A
 * NULL is written as an empty field, an empty string as "" (quoted), so the file reads back
 * the same way (the parser keeps that distinction). Every stored row is written.
 */
gboolean
glaux_result_table_write_csv (GlauxResultTable  *self,
                              GOutputStream     *stream,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_autoptr(GString) out = NULL;
  guint n_columns;

  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  out = g_string_sized_new (300 * 1024);
  n_columns = self->columns->len;

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = glaux_result_table_get_column_name (self, c);

      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_cell (out, name, strlen (name));
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < self->n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          gsize length;
          const char *bytes = glaux_result_table_get_cell (self, r, c, &length);

          if (c > 0)
            g_string_append_c (out, ',');
          if (bytes == NULL)
            continue;
          if (length == 0)
            g_string_append (out, "\"\"");
          else
            append_csv_cell (out, bytes, length);
        }
      g_string_append (out, "\r\n");

      if (out->len >= 256 * 1024)
        {
          if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (out, 0);
        }
    }

  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
}

/* Batches (parsing in a worker thread) */

static Block *
block_copy (const Block *block)
{
  Block *copy = g_new0 (Block, 1);
  gsize size;

  size = MAX (block->n_cells, 1) * sizeof (guint32);
  copy->ends = buffer_alloc (&size);
  copy->ends_cap = MIN (size / sizeof (guint32), BLOCK_ROWS);
  size = MAX (block->data_len, 1);
  copy->data = buffer_alloc (&size);
  copy->data_cap = MIN (size, END_MASK);
  memcpy (copy->ends, block->ends, block->n_cells * sizeof (guint32));
  memcpy (copy->data, block->data, block->data_len);
  copy->n_cells = block->n_cells;
  copy->data_len = block->data_len;

  return copy;
}

/**
 * glaux_result_table_take_batch: (skip)
 *
 * Returns: (transfer full) (nullable): the rows and columns new since the last batch
 */
GlauxResultBatch *
glaux_result_table_take_batch (GlauxResultTable *staging,
                               gboolean          copy_tail,
                               gboolean          everything)
{
  GlauxResultBatch *batch;
  guint full_end = everything ? staging->n_rows : staging->n_rows & ~BLOCK_MASK;
  guint end = copy_tail || everything ? staging->n_rows : full_end;
  guint first_block = staging->n_rows_moved >> BLOCK_SHIFT;
  guint n_moved;
  guint n_columns = staging->columns->len;

  g_return_val_if_fail (GLAUX_IS_RESULT_TABLE (staging), NULL);
  /* A row may be open (a record continues in the next chunk): its cells are past n_rows, in
   * the unfinished block, so they are neither moved nor seen in a copy. */
  g_return_val_if_fail (!everything || !staging->in_row, NULL);

  /* After @everything, the last block moved unfinished: nothing is left behind it. */
  full_end = MAX (full_end, staging->n_rows_moved);
  end = MAX (end, staging->n_rows_moved);
  if (end == staging->n_rows_moved && n_columns == staging->n_columns_taken && !everything)
    return NULL;

  batch = g_new0 (GlauxResultBatch, 1);
  batch->n_rows = end;
  batch->n_rows_seen = staging->n_rows_seen;
  batch->n_ragged = staging->n_ragged;
  batch->first_block = first_block;
  batch->n_blocks = ((end + BLOCK_ROWS - 1) >> BLOCK_SHIFT) - first_block;
  batch->n_columns = n_columns;
  batch->first_new_column = staging->n_columns_taken;
  batch->names = g_new0 (char *, n_columns - staging->n_columns_taken + 1);
  batch->numeric = g_new (gboolean, MAX (n_columns, 1));
  batch->blocks = g_new0 (Block *, MAX ((gsize) n_columns * batch->n_blocks, 1));
  n_moved = ((full_end + (everything ? BLOCK_ROWS - 1 : 0)) >> BLOCK_SHIFT) - first_block;

  for (guint c = 0; c < n_columns; c++)
    {
      Column *column = g_ptr_array_index (staging->columns, c);

      if (c >= staging->n_columns_taken)
        batch->names[c - staging->n_columns_taken] = g_strdup (column->name);
      batch->numeric[c] = column->numeric;

      for (guint k = 0; k < batch->n_blocks; k++)
        {
          guint b = first_block + k;
          Block *block = b < column->n_blocks ? column->blocks[b] : NULL;

          if (block == NULL)
            continue;
          if (k < n_moved)
            {
              /* Full: it never changes again, so it moves. */
              batch->blocks[(gsize) c * batch->n_blocks + k] = block;
              column->blocks[b] = NULL;
              if (block->n_cells == BLOCK_ROWS)
                column->data_hint = block->data_len;
            }
          else
            batch->blocks[(gsize) c * batch->n_blocks + k] = block_copy (block);
        }
    }

  if (staging->ragged != NULL && (gsize) first_block * BLOCK_ROWS / 8 < staging->ragged_cap)
    {
      gsize from = (gsize) first_block * BLOCK_ROWS / 8;

      batch->ragged_len = MIN (staging->ragged_cap, ((gsize) end + 7) / 8) - from;
      batch->ragged = g_memdup2 (staging->ragged + from, batch->ragged_len);
    }

  staging->n_rows_moved = full_end;
  staging->n_columns_taken = n_columns;

  return batch;
}

guint
glaux_result_batch_get_n_rows (GlauxResultBatch *batch)
{
  return batch->n_rows;
}

void
glaux_result_batch_free (GlauxResultBatch *batch)
{
  if (batch == NULL)
    return;

  for (gsize i = 0; i < (gsize) batch->n_columns * batch->n_blocks; i++)
    block_free (batch->blocks[i]);
  g_free (batch->blocks);
  g_strfreev (batch->names);
  g_free (batch->numeric);
  g_free (batch->ragged);
  g_free (batch);
}

/* Replaces block @index of @column (a copy of an unfinished block, or nothing) with @block. */
static void
column_put_block (GlauxResultTable *self,
                  Column           *column,
                  guint             index,
                  Block            *block)
{
  Block *old;

  if (index >= column->blocks_cap)
    {
      guint cap = MAX (4, column->blocks_cap * 2);

      while (cap <= index)
        cap *= 2;
      column->blocks = g_renew (Block *, column->blocks, cap);
      memset (column->blocks + column->blocks_cap, 0,
              (cap - column->blocks_cap) * sizeof (Block *));
      column->blocks_cap = cap;
    }
  if (index >= column->n_blocks)
    column->n_blocks = index + 1;

  old = column->blocks[index];
  column->blocks[index] = block;
  if (old != NULL)
    {
      /* A sort thread may be reading the old copy. */
      retire (self, old->data, old->data_cap);
      retire (self, old->ends, (gsize) old->ends_cap * sizeof (guint32));
      g_free (old);
    }
}

/**
 * glaux_result_table_adopt_batch: (skip)
 * @batch: (transfer full): from glaux_result_table_take_batch() on the staging table
 */
void
glaux_result_table_adopt_batch (GlauxResultTable *self,
                                GlauxResultBatch *batch)
{
  g_return_if_fail (GLAUX_IS_RESULT_TABLE (self));
  g_return_if_fail (batch != NULL);
  g_return_if_fail (!self->in_row);

  for (guint c = self->columns->len; c < batch->n_columns; c++)
    add_column (self, c >= batch->first_new_column ? batch->names[c - batch->first_new_column]
                                                   : NULL);

  for (guint c = 0; c < batch->n_columns; c++)
    {
      Column *column = g_ptr_array_index (self->columns, c);

      column->numeric = batch->numeric[c];
      for (guint k = 0; k < batch->n_blocks; k++)
        {
          Block **slot = &batch->blocks[(gsize) c * batch->n_blocks + k];
          guint b = batch->first_block + k;

          if (*slot != NULL || (b < column->n_blocks && column->blocks[b] != NULL))
            column_put_block (self, column, b, g_steal_pointer (slot));
        }
    }

  if (batch->ragged_len > 0)
    {
      gsize from = (gsize) batch->first_block * BLOCK_ROWS / 8;
      gsize needed = from + batch->ragged_len;

      if (needed > self->ragged_cap)
        {
          gsize cap = MAX (64, self->ragged_cap * 2);

          while (cap < needed)
            cap *= 2;
          self->ragged = g_realloc (self->ragged, cap);
          memset (self->ragged + self->ragged_cap, 0, cap - self->ragged_cap);
          self->ragged_cap = cap;
        }
      memcpy (self->ragged + from, batch->ragged, batch->ragged_len);
    }

  self->n_rows = MAX (self->n_rows, batch->n_rows);
  self->n_rows_seen = MAX (self->n_rows_seen, batch->n_rows_seen);
  self->n_ragged = MAX (self->n_ragged, batch->n_ragged);

  glaux_result_batch_free (batch);
}
