/* glaux-result-parser.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-result-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "glaux-result-parser.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* CSV as Athena writes it (RFC 4180): an unquoted empty field is NULL, a quoted empty field
 * ("") is the empty string; that is how Athena tells them apart. Empty lines are skipped
 * (Athena never writes them; RFC 4180 would read a row with one empty field). Lenient where
 * RFC 4180 is strict: a quote inside an unquoted field is kept as a character, and text after
 * a closing quote is appended to the field. The only error is a quoted field still open at the
 * end of the data. A lone CR ends a record like LF and CRLF do. */
typedef enum
{
  CSV_FIELD_START,
  CSV_UNQUOTED,         /* an unquoted field continued from an earlier chunk */
  CSV_QUOTED,
  CSV_QUOTED_QUOTE,     /* a quote inside a quoted field: "" or the end of the field */
} CsvState;

typedef enum
{
  SHOW_SEEK,            /* looking for the first border */
  SHOW_HEADER,          /* after the first border: the header row */
  SHOW_HEADER_BORDER,   /* after the header row: the border under it */
  SHOW_BODY,
  SHOW_DONE,            /* first table read; the rest is ignored */
} ShowState;

typedef struct
{
  gsize    offset;      /* in json_values */
  gsize    length;
  gboolean present;
  gboolean null;
} JsonCell;

struct _GlauxResultParser
{
  GObject            parent_instance;

  GlauxResultFormat  format;
  GlauxResultTable  *table;

  guint64            line;          /* 1-based line at the parse position */
  guint8             bom[3];
  guint              bom_len;
  gboolean           bom_done;
  gboolean           failed;
  gboolean           finished;

  /* A CSV field, or a line (JSON lines, show table), split across chunks. */
  GString           *pending;

  /* CSV */
  CsvState           csv_state;
  gboolean           record_started;
  gboolean           row_open;
  gboolean           skip_lf;
  guint64            field_line;
  gboolean           header_done;
  GPtrArray         *header;
  /* Whole records parsed in one go (csv_fast_records): their cells, row after row. */
  const char       **row_values;
  gsize             *row_lengths;
  guint              row_cap;
  guint32           *scan_seps;     /* the fast path's separator offsets in its window */
  guint8            *scan_lines;    /* and line feeds per 64-byte block */
  char              *scan_unescaped; /* its quoted fields' content without the "" */

  /* JSON lines */
  GHashTable        *keys;          /* key → column + 1 */
  GArray            *json_cells;    /* JsonCell per column, for the line being parsed */
  GString           *json_values;   /* decoded cell bytes of that line */
  GString           *json_key;

  /* Show table */
  ShowState          show_state;
  GArray            *bounds;        /* display columns of the border's '+' */
  GPtrArray         *show_names;
};

G_DEFINE_FINAL_TYPE (GlauxResultParser, glaux_result_parser, G_TYPE_OBJECT)

/* Detection */

static gboolean
has_suffix_ci (const char *text,
               const char *suffix)
{
  gsize lt = strlen (text);
  gsize ls = strlen (suffix);

  return lt >= ls && g_ascii_strcasecmp (text + lt - ls, suffix) == 0;
}

static gboolean
is_border (const char *line,
           gsize       length)
{
  if (length < 2 || line[0] != '+' || line[length - 1] != '+' || line[1] != '-')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (line[i] != '+' && line[i] != '-')
      return FALSE;

  return TRUE;
}

static gsize
line_length (const char *line,
             const char *end)
{
  const char *nl = memchr (line, '\n', end - line);
  gsize length = (nl != NULL ? nl : end) - line;

  if (length > 0 && line[length - 1] == '\r')
    length--;

  return length;
}

/* A border line directly followed by a row line, anywhere in @data. */
static gboolean
contains_show_table (const char *data,
                     gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      gsize len = line_length (p, end);
      const char *next = memchr (p, '\n', end - p);

      if (next == NULL)
        return FALSE;
      next++;
      if (is_border (p, len) && next < end && *next == '|')
        return TRUE;
      p = next;
    }

  return FALSE;
}

/* Fields in the first line outside quotes, or -1 when the line is not complete. */
static int
csv_line_fields (const char  *p,
                 const char  *end,
                 const char **next)
{
  gboolean quoted = FALSE;
  int fields = 1;

  for (; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ',' && !quoted)
        fields++;
      else if (*p == '\n' && !quoted)
        {
          *next = p + 1;
          return fields;
        }
    }

  return -1;
}

/**
 * glaux_result_format_detect:
 *
 * Content decides first: a show table (a border line followed by a row line, anywhere in the
 * first bytes, since stdout may print other lines before it) and a first line holding a JSON
 * object win over the declared type. Otherwise a CSV type or ".csv" key means CSV (even with a
 * single column, as "SELECT count(*)" gives); without such a hint, CSV needs its first two
 * lines to hold the same number (at least two) of fields. A JSON type or ".json"/".jsonl" key
 * with a first byte "{" means JSON lines. Everything else is TEXT.
 */
GlauxResultFormat
glaux_result_format_detect (const char *result_type,
                            const char *key,
                            const char *first_bytes,
                            gsize       length)
{
  const char *p = first_bytes;
  const char *end = first_bytes + (first_bytes != NULL ? length : 0);
  gboolean csv_hint = FALSE;
  gboolean json_hint = FALSE;

  if (result_type != NULL)
    {
      csv_hint = strstr (result_type, "csv") != NULL;
      json_hint = strstr (result_type, "json") != NULL;
    }
  if (key != NULL)
    {
      csv_hint |= has_suffix_ci (key, ".csv");
      json_hint |= has_suffix_ci (key, ".json") || has_suffix_ci (key, ".jsonl")
                   || has_suffix_ci (key, ".ndjson");
    }

  if (end - p >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  if (p == end)
    {
      if (csv_hint)
        return GLAUX_RESULT_FORMAT_CSV;
      if (json_hint)
        return GLAUX_RESULT_FORMAT_JSON_LINES;
      return GLAUX_RESULT_FORMAT_TEXT;
    }

  if (contains_show_table (p, end - p))
    return GLAUX_RESULT_FORMAT_SHOW_TABLE;

  if (*p == '{')
    {
      gsize len = line_length (p, end);
      gboolean complete = memchr (p, '\n', end - p) != NULL;

      while (len > 0 && g_ascii_isspace (p[len - 1]))
        len--;
      /* A pretty-printed JSON document is not JSON lines. */
      if ((!complete && !csv_hint) || (complete && p[len - 1] == '}'))
        return GLAUX_RESULT_FORMAT_JSON_LINES;
    }

  if (csv_hint)
    return GLAUX_RESULT_FORMAT_CSV;

  if (!json_hint)
    {
      const char *second = NULL;
      const char *third = NULL;
      int first_fields = csv_line_fields (p, end, &second);

      if (first_fields >= 2 && csv_line_fields (second, end, &third) == first_fields)
        return GLAUX_RESULT_FORMAT_CSV;
    }

  return GLAUX_RESULT_FORMAT_TEXT;
}

/* GObject */

static void
glaux_result_parser_finalize (GObject *object)
{
  GlauxResultParser *self = (GlauxResultParser *)object;

  g_clear_object (&self->table);
  g_string_free (self->pending, TRUE);
  g_clear_pointer (&self->header, g_ptr_array_unref);
  g_free (self->row_values);
  g_free (self->row_lengths);
  g_free (self->scan_seps);
  g_free (self->scan_lines);
  g_free (self->scan_unescaped);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->json_cells, g_array_unref);
  g_string_free (self->json_values, TRUE);
  g_string_free (self->json_key, TRUE);
  g_clear_pointer (&self->bounds, g_array_unref);
  g_clear_pointer (&self->show_names, g_ptr_array_unref);

  G_OBJECT_CLASS (glaux_result_parser_parent_class)->finalize (object);
}

static void
glaux_result_parser_class_init (GlauxResultParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_result_parser_finalize;
}

static void
glaux_result_parser_init (GlauxResultParser *self)
{
  self->line = 1;
  self->pending = g_string_new (NULL);
  self->header = g_ptr_array_new_with_free_func (g_free);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->json_cells = g_array_new (FALSE, TRUE, sizeof (JsonCell));
  self->json_values = g_string_new (NULL);
  self->json_key = g_string_new (NULL);
  self->bounds = g_array_new (FALSE, FALSE, sizeof (guint));
  self->show_names = g_ptr_array_new_with_free_func (g_free);
}

/**
 * glaux_result_parser_new:
 * @table: (nullable): where rows go; required except for TEXT
 */
GlauxResultParser *
glaux_result_parser_new (GlauxResultFormat  format,
                         GlauxResultTable  *table)
{
  GlauxResultParser *self;

  g_return_val_if_fail (table == NULL || GLAUX_IS_RESULT_TABLE (table), NULL);
  g_return_val_if_fail (table != NULL || format == GLAUX_RESULT_FORMAT_TEXT, NULL);

  self = g_object_new (GLAUX_TYPE_RESULT_PARSER, NULL);
  self->format = format;
  self->table = table != NULL ? g_object_ref (table) : NULL;

  return self;
}

GlauxResultFormat
glaux_result_parser_get_format (GlauxResultParser *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_PARSER (self), GLAUX_RESULT_FORMAT_TEXT);

  return self->format;
}

/* CSV */

static void
csv_emit (GlauxResultParser *self,
          const char        *value,
          gsize              length)
{
  self->record_started = TRUE;

  if (G_UNLIKELY (!self->header_done))
    {
      g_ptr_array_add (self->header, value != NULL ? g_strndup (value, length) : g_strdup (""));
      return;
    }

  if (!self->row_open)
    {
      glaux_result_table_begin_row (self->table);
      self->row_open = TRUE;
    }
  glaux_result_table_append_cell (self->table, value, length);
}

static void
csv_end_record (GlauxResultParser *self)
{
  if (G_UNLIKELY (!self->header_done))
    {
      glaux_result_table_set_columns (self->table,
                                      (const char * const *) self->header->pdata,
                                      self->header->len);
      g_ptr_array_set_size (self->header, 0);
      self->header_done = TRUE;
    }
  else if (self->row_open)
    {
      glaux_result_table_end_row (self->table);
      self->row_open = FALSE;
    }

  self->record_started = FALSE;
}

/* After a field: a comma starts the next one, CR or LF ends the record. */
static void
csv_delimiter (GlauxResultParser *self,
               char               c)
{
  self->csv_state = CSV_FIELD_START;

  if (c == ',')
    return;

  csv_end_record (self);
  if (c == '\r')
    self->skip_lf = TRUE;
  else
    self->line++;
}

static guint64
count_newlines (const char *p,
                const char *end)
{
  guint64 n = 0;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }

  return n;
}

/* The first ',', CR or LF, or @end. Eight bytes at a time: a byte is special when it XORs to
 * zero with one of the three patterns (the classic has-zero-byte bit trick). */
static inline const char *
csv_scan_unquoted (const char *p,
                   const char *end)
{
#ifdef __SSE2__
  /* Sixteen bytes at a time (SSE2 is part of x86-64): most fields end in the first load. */
  const __m128i comma = _mm_set1_epi8 (',');
  const __m128i lf = _mm_set1_epi8 ('\n');
  const __m128i cr = _mm_set1_epi8 ('\r');

  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
      int mask = _mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, comma),
                                                                _mm_cmpeq_epi8 (v, lf)),
                                                  _mm_cmpeq_epi8 (v, cr)));

      if (mask != 0)
        return p + __builtin_ctz ((unsigned int) mask);
      p += 16;
    }
#endif
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define HAS_ZERO(v) (((v) - ONES) & ~(v) & HIGHS)
  while (end - p >= 8)
    {
      guint64 v;

      memcpy (&v, p, 8);
      if (HAS_ZERO (v ^ (ONES * ',')) | HAS_ZERO (v ^ (ONES * '\n')) | HAS_ZERO (v ^ (ONES * '\r')))
        break;
      p += 8;
    }
#undef HAS_ZERO
#undef HIGHS
#undef ONES

  while (p < end && *p != ',' && *p != '\n' && *p != '\r')
    p++;

  return p;
}

/* The fast path: whole records inside this chunk, found by a vectorised scan and stored in
 * batches with glaux_result_table_append_rows(), without the state machine. Two passes over a
 * window of the chunk (small enough to stay in the cache): the first classifies 64 bytes at a
 * time into bit masks of quotes, commas and line ends, tells which bytes are inside quotes by
 * a prefix XOR of the quote bits (no per-byte branch), and lists the separators outside
 * quotes; the second cuts records and fields at those positions. The quote parity is what
 * RFC 4180 means only while every quote opens a field, doubles another or closes a field;
 * where the data does something else (a quote inside an unquoted field, text after a closing
 * quote), the scan stops and the state machine, which is lenient about both, takes that
 * record. */
#define SCAN_WINDOW  (64 * 1024)
#define SCAN_BLOCK   64

typedef struct
{
  guint64 quote;
  guint64 comma;
  guint64 line_end;     /* CR or LF */
  guint64 lf;
} ScanMasks;

static inline void
scan_classify (const char *p,
               ScanMasks  *m)
{
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i comma = _mm_set1_epi8 (',');
  const __m128i lf = _mm_set1_epi8 ('\n');
  const __m128i cr = _mm_set1_epi8 ('\r');

  m->quote = m->comma = m->line_end = m->lf = 0;
  for (guint i = 0; i < 4; i++)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (p + 16 * i));
      __m128i is_lf = _mm_cmpeq_epi8 (v, lf);
      guint shift = 16 * i;

      m->quote |= (guint64) (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, quote)) << shift;
      m->comma |= (guint64) (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, comma)) << shift;
      m->lf |= (guint64) (guint) _mm_movemask_epi8 (is_lf) << shift;
      m->line_end |= (guint64) (guint) _mm_movemask_epi8 (_mm_or_si128 (is_lf,
                                                                      _mm_cmpeq_epi8 (v, cr)))
                     << shift;
    }
#else
  m->quote = m->comma = m->line_end = m->lf = 0;
  for (guint i = 0; i < SCAN_BLOCK; i++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << i;

      switch (p[i])
        {
        case '"':
          m->quote |= bit;
          break;
        case ',':
          m->comma |= bit;
          break;
        case '\n':
          m->lf |= bit;
          m->line_end |= bit;
          break;
        case '\r':
          m->line_end |= bit;
          break;
        default:
          break;
        }
    }
#endif
}

/* Bit i set when an odd number of bits are set at or below i. */
static inline guint64
prefix_xor (guint64 x)
{
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;

  return x;
}

/* First pass over [p, p + length): the offsets of the commas and line ends outside quotes, in
 * self->scan_seps; returns how many bytes can be trusted (length, or the offset where the
 * quoting stops following RFC 4180). The line feeds of each 64-byte block, quoted or not, go
 * in self->scan_lines, so the records consumed give the line number. */
static gsize
scan_separators (GlauxResultParser *self,
                 const char        *p,
                 gsize              length,
                 guint             *n_seps)
{
  guint32 *seps = self->scan_seps;
  guint n = 0;
  guint64 inside_carry = 0;     /* all ones when the previous block ended inside quotes */
  guint64 sep_carry = 1;        /* the window starts at a record start */
  guint64 close_carry = 0;

  for (gsize base = 0; base < length; base += SCAN_BLOCK)
    {
      char padded[SCAN_BLOCK];
      const char *block = p + base;
      gsize valid = MIN (SCAN_BLOCK, length - base);
      guint64 valid_mask = valid == SCAN_BLOCK ? G_MAXUINT64
                                               : (G_GUINT64_CONSTANT (1) << valid) - 1;
      ScanMasks m;
      guint64 inside, open, close, seps_mask, after_sep, after_close, bad;
      guint lines;

      if (valid < SCAN_BLOCK)
        {
          /* NUL bytes are not special. */
          memset (padded, 0, sizeof padded);
          memcpy (padded, block, valid);
          block = padded;
        }
      scan_classify (block, &m);

      inside = prefix_xor (m.quote) ^ inside_carry;
      open = m.quote & inside;
      close = m.quote & ~inside;
      seps_mask = (m.comma | m.line_end) & ~inside;
      after_sep = (seps_mask << 1) | sep_carry;
      after_close = (close << 1) | close_carry;
      /* A quote opens a field only at its start or right after a closing quote (""), and
       * after a closing quote comes a separator or another quote. */
      bad = ((open & ~(after_sep | after_close)) | (after_close & ~(seps_mask | open)))
            & valid_mask;

      inside_carry = (guint64) ((gint64) inside >> 63);
      sep_carry = seps_mask >> 63;
      close_carry = close >> 63;

      if (G_UNLIKELY (bad != 0))
        {
          guint stop = __builtin_ctzll (bad);

          valid_mask &= (G_GUINT64_CONSTANT (1) << stop) - 1;
          length = base + stop;
        }
      seps_mask &= valid_mask;
      /* Lines are few per block: no popcount (not in baseline x86-64). */
      lines = 0;
      for (guint64 lf = m.lf & valid_mask; lf != 0; lf &= lf - 1)
        lines++;
      self->scan_lines[base / SCAN_BLOCK] = lines;

      while (seps_mask != 0)
        {
          seps[n++] = (guint32) (base + __builtin_ctzll (seps_mask));
          seps_mask &= seps_mask - 1;
        }
    }

  *n_seps = n;

  return length;
}

/* A quoted field's content with every "" made one " (the scan let only doubled quotes
 * through), into @out; returns its length. */
static gsize
csv_unescape (char       *out,
              const char *p,
              const char *end)
{
  char *o = out;

  for (;;)
    {
      const char *q = memchr (p, '"', end - p);

      if (q == NULL)
        {
          memcpy (o, p, end - p);
          return o + (end - p) - out;
        }
      memcpy (o, p, q + 1 - p);
      o += q + 1 - p;
      p = q + 2;
    }
}

/* Second pass: the records of the window @p whose separators the scan found, stored with
 * glaux_result_table_append_rows() (column by column, straight into the arenas). Returns the
 * offset of the first record not stored (not ended in the window). */
static gsize
csv_cut_records (GlauxResultParser *self,
                 const char        *p,
                 const guint32     *seps,
                 guint              n_seps)
{
  guint n_columns = glaux_result_table_get_n_columns (self->table);
  const char **values;
  gsize *lengths;
  char *unescaped;
  gsize n_unescaped = 0;
  guint n_cells = 0;
  guint batch_start = 0;       /* first cell of the rows not stored yet */
  guint n_rows = 0;
  gsize record = 0;
  guint i = 0;

  if (n_seps == 0)
    return 0;

  /* A window has at most a cell per separator, and its unescaped bytes fit in its size. */
  if (G_UNLIKELY (self->row_cap < n_seps))
    {
      self->row_cap = MAX (n_seps, 16);
      self->row_values = g_renew (const char *, self->row_values, self->row_cap);
      self->row_lengths = g_renew (gsize, self->row_lengths, self->row_cap);
    }
  values = self->row_values;
  lengths = self->row_lengths;
  unescaped = self->scan_unescaped;

  while (i < n_seps)
    {
      gsize field = record;
      guint first = i;
      guint first_cell = n_cells;
      gboolean ended = FALSE;

      /* Line ends at a record's start are empty lines (or the LF of a CRLF): skipped. */
      if (seps[i] == record && p[record] != ',')
        {
          record++;
          i++;
          continue;
        }

      for (; i < n_seps; i++)
        {
          gsize sep = seps[i];
          const char *value = p + field;
          gsize length = sep - field;

          if (length == 0)
            value = NULL;
          else if (*value == '"')
            {
              /* The scan checked that the field ends with its closing quote. */
              value++;
              length -= 2;
              if (memchr (value, '"', length) != NULL)
                {
                  length = csv_unescape (unescaped + n_unescaped, value, value + length);
                  value = unescaped + n_unescaped;
                  n_unescaped += length;
                }
            }
          values[n_cells] = value;
          lengths[n_cells] = length;
          n_cells++;
          field = sep + 1;

          if (p[sep] != ',')
            {
              ended = TRUE;
              i++;
              break;
            }
        }

      if (!ended)
        {
          i = first;
          n_cells = first_cell;
          break;
        }

      if (G_UNLIKELY (n_cells - first_cell != n_columns))
        {
          /* A ragged row, stored on its own after the rows before it. */
          glaux_result_table_append_rows (self->table, values + batch_start,
                                          lengths + batch_start, n_columns, n_rows);
          glaux_result_table_append_row (self->table, values + first_cell,
                                         lengths + first_cell, n_cells - first_cell);
          n_columns = glaux_result_table_get_n_columns (self->table);
          batch_start = n_cells;
          n_rows = 0;
        }
      else
        n_rows++;
      record = field;
    }

  glaux_result_table_append_rows (self->table, values + batch_start, lengths + batch_start,
                                  n_columns, n_rows);

  return record;
}

/* Returns where it stopped: at the start of a record it leaves to csv_parse's state machine
 * (one that continues past the chunk or the window, or quotes the scan does not follow), or
 * @end. */
static const char *
csv_fast_records (GlauxResultParser *self,
                  const char        *p,
                  const char        *end)
{
  if (G_UNLIKELY (self->scan_seps == NULL))
    {
      self->scan_seps = g_new (guint32, SCAN_WINDOW);
      self->scan_lines = g_new (guint8, SCAN_WINDOW / SCAN_BLOCK);
      self->scan_unescaped = g_malloc (SCAN_WINDOW);
    }

  while (p < end)
    {
      gsize length = MIN ((gsize) (end - p), SCAN_WINDOW);
      gsize trusted;
      gsize done;
      guint n_seps;

      trusted = scan_separators (self, p, length, &n_seps);
      done = csv_cut_records (self, p, self->scan_seps, n_seps);

      /* Line feeds in what was consumed: whole blocks from the scan, the rest counted here. */
      for (gsize b = 0; b < done / SCAN_BLOCK; b++)
        self->line += self->scan_lines[b];
      self->line += count_newlines (p + done / SCAN_BLOCK * SCAN_BLOCK, p + done);
      p += done;

      /* No record ended in the window, or the scan stopped: the state machine goes on. */
      if (done == 0 || trusted < length)
        break;
    }

  return p;
}

static void
csv_parse (GlauxResultParser *self,
           const char        *p,
           const char        *end)
{
  while (p < end)
    {
      switch (self->csv_state)
        {
        case CSV_FIELD_START:
          {
            char c;
            const char *q;

            if (G_LIKELY (!self->record_started && self->header_done && !self->skip_lf))
              {
                p = csv_fast_records (self, p, end);
                if (p == end)
                  break;
              }
            c = *p;

            if (G_UNLIKELY (self->skip_lf))
              {
                self->skip_lf = FALSE;
                if (c == '\n')
                  {
                    self->line++;
                    p++;
                    continue;
                  }
              }

            if (c == '"')
              {
                self->csv_state = CSV_QUOTED;
                self->field_line = self->line;
                g_string_truncate (self->pending, 0);
                p++;
                /* The common case, the whole field in this chunk without "": no copy. */
                q = memchr (p, '"', end - p);
                if (q != NULL && q + 1 < end && q[1] != '"')
                  {
                    self->line += count_newlines (p, q);
                    if (q[1] == ',' || q[1] == '\n' || q[1] == '\r')
                      {
                        csv_emit (self, p, q - p);
                        csv_delimiter (self, q[1]);
                        p = q + 2;
                      }
                    else
                      {
                        g_string_append_len (self->pending, p, q - p);
                        self->csv_state = CSV_QUOTED_QUOTE;
                        p = q + 1;
                      }
                  }
              }
            else if (c == ',')
              {
                csv_emit (self, NULL, 0);
                p++;
              }
            else if (c == '\n' || c == '\r')
              {
                /* After a comma: an empty last field. At a record's start: an empty line. */
                if (self->record_started)
                  {
                    csv_emit (self, NULL, 0);
                    csv_delimiter (self, c);
                  }
                else if (c == '\r')
                  self->skip_lf = TRUE;
                else
                  self->line++;
                p++;
              }
            else
              {
                q = csv_scan_unquoted (p + 1, end);
                if (q == end)
                  {
                    g_string_truncate (self->pending, 0);
                    g_string_append_len (self->pending, p, end - p);
                    self->csv_state = CSV_UNQUOTED;
                    p = end;
                  }
                else
                  {
                    csv_emit (self, p, q - p);
                    csv_delimiter (self, *q);
                    p = q + 1;
                  }
              }
          }
          break;

        case CSV_UNQUOTED:
          {
            const char *q = csv_scan_unquoted (p, end);

            g_string_append_len (self->pending, p, q - p);
            p = q;
            if (q < end)
              {
                csv_emit (self, self->pending->str, self->pending->len);
                csv_delimiter (self, *q);
                p++;
              }
          }
          break;

        case CSV_QUOTED:
          {
            const char *q = memchr (p, '"', end - p);

            if (q == NULL)
              q = end;
            self->line += count_newlines (p, q);
            g_string_append_len (self->pending, p, q - p);
            p = q;
            if (q < end)
              {
                self->csv_state = CSV_QUOTED_QUOTE;
                p++;
              }
          }
          break;

        case CSV_QUOTED_QUOTE:
          {
            char c = *p;

            if (c == '"')
              {
                g_string_append_c (self->pending, '"');
                self->csv_state = CSV_QUOTED;
                p++;
              }
            else if (c == ',' || c == '\n' || c == '\r')
              {
                csv_emit (self, self->pending->str, self->pending->len);
                csv_delimiter (self, c);
                p++;
              }
            else
              {
                /* Text after the closing quote: kept, as most readers do. */
                self->csv_state = CSV_UNQUOTED;
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static gboolean
csv_finish (GlauxResultParser  *self,
            GError            **error)
{
  switch (self->csv_state)
    {
    case CSV_FIELD_START:
      if (self->record_started)
        csv_emit (self, NULL, 0);
      break;

    case CSV_UNQUOTED:
    case CSV_QUOTED_QUOTE:
      csv_emit (self, self->pending->str, self->pending->len);
      break;

    case CSV_QUOTED:
      /* Keep what was read, so the rows so far and the broken one can be seen. */
      csv_emit (self, self->pending->str, self->pending->len);
      csv_end_record (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("CSV line %" G_GUINT64_FORMAT ": a quoted field is not closed at the end of the data"),
                   self->field_line);
      return FALSE;

    default:
      g_assert_not_reached ();
    }

  if (self->record_started || !self->header_done)
    csv_end_record (self);

  return TRUE;
}

/* Lines (JSON lines, show tables) */

typedef gboolean (*LineFunc) (GlauxResultParser  *self,
                              const char         *line,
                              gsize               length,
                              GError            **error);

static gboolean
call_line (GlauxResultParser  *self,
           LineFunc            func,
           const char         *line,
           gsize               length,
           GError            **error)
{
  if (length > 0 && line[length - 1] == '\r')
    length--;

  return func (self, line, length, error);
}

/* Calls @func for every complete line; a partial line waits in @pending. Lines within one
 * chunk are not copied. */
static gboolean
split_lines (GlauxResultParser  *self,
             LineFunc            func,
             const char         *p,
             const char         *end,
             GError            **error)
{
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        {
          g_string_append_len (self->pending, p, end - p);
          return TRUE;
        }

      if (self->pending->len > 0)
        {
          g_string_append_len (self->pending, p, nl - p);
          if (!call_line (self, func, self->pending->str, self->pending->len, error))
            return FALSE;
          g_string_truncate (self->pending, 0);
        }
      else if (!call_line (self, func, p, nl - p, error))
        return FALSE;

      self->line++;
      p = nl + 1;
    }

  return TRUE;
}

static gboolean
finish_lines (GlauxResultParser  *self,
              LineFunc            func,
              GError            **error)
{
  if (self->pending->len == 0)
    return TRUE;

  if (!call_line (self, func, self->pending->str, self->pending->len, error))
    return FALSE;
  g_string_truncate (self->pending, 0);

  return TRUE;
}

/* JSON lines: values are kept as text. Strings are decoded; numbers, true and false keep
 * their JSON text exactly (no round trip through a double); null is NULL; objects and arrays
 * become compact JSON text. */

typedef struct
{
  const char *p;
  const char *end;
  const char *start;
} JsonCursor;

static void
json_skip_ws (JsonCursor *cur)
{
  while (cur->p < cur->end
         && (*cur->p == ' ' || *cur->p == '\t' || *cur->p == '\r' || *cur->p == '\n'))
    cur->p++;
}

static gboolean
json_fail (GlauxResultParser  *self,
           JsonCursor         *cur,
           const char         *what,
           GError            **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: "JSON line 3: invalid JSON at byte 12: expected ':'" */
               _("JSON line %" G_GUINT64_FORMAT ": invalid JSON at byte %" G_GSIZE_FORMAT ": %s"),
               self->line, (gsize) (cur->p - cur->start) + 1, what);
  return FALSE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
json_read_u4 (JsonCursor *cur,
              gunichar   *out)
{
  gunichar value = 0;

  if (cur->end - cur->p < 4)
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (cur->p[i]);

      if (h < 0)
        return FALSE;
      value = value * 16 + h;
    }
  cur->p += 4;
  *out = value;

  return TRUE;
}

/* At the opening quote; decodes into @out. */
static gboolean
json_string (GlauxResultParser  *self,
             JsonCursor         *cur,
             GString            *out,
             GError            **error)
{
  cur->p++;

  for (;;)
    {
      const char *q = cur->p;
      char c;

      while (q < cur->end && *q != '"' && *q != '\\')
        q++;
      g_string_append_len (out, cur->p, q - cur->p);
      cur->p = q;

      if (q == cur->end)
        return json_fail (self, cur, _("a string is not closed"), error);

      c = *cur->p++;
      if (c == '"')
        return TRUE;

      if (cur->p == cur->end)
        return json_fail (self, cur, _("a string is not closed"), error);

      c = *cur->p++;
      switch (c)
        {
        case '"':
        case '\\':
        case '/':
          g_string_append_c (out, c);
          break;

        case 'b':
          g_string_append_c (out, '\b');
          break;

        case 'f':
          g_string_append_c (out, '\f');
          break;

        case 'n':
          g_string_append_c (out, '\n');
          break;

        case 'r':
          g_string_append_c (out, '\r');
          break;

        case 't':
          g_string_append_c (out, '\t');
          break;

        case 'u':
          {
            gunichar ch;

            if (!json_read_u4 (cur, &ch))
              return json_fail (self, cur, _("a \\u escape needs four hex digits"), error);

            if (ch >= 0xD800 && ch <= 0xDBFF)
              {
                gunichar low;
                JsonCursor save = *cur;

                if (cur->end - cur->p >= 6 && cur->p[0] == '\\' && cur->p[1] == 'u')
                  {
                    cur->p += 2;
                    if (json_read_u4 (cur, &low) && low >= 0xDC00 && low <= 0xDFFF)
                      ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
                    else
                      {
                        *cur = save;
                        ch = 0xFFFD;
                      }
                  }
                else
                  ch = 0xFFFD;
              }
            else if (ch >= 0xDC00 && ch <= 0xDFFF)
              ch = 0xFFFD;

            g_string_append_unichar (out, ch);
          }
          break;

        default:
          cur->p--;
          return json_fail (self, cur, _("unknown escape in a string"), error);
        }
    }
}

/* An object or array, copied without the whitespace between tokens. */
static gboolean
json_compact (GlauxResultParser  *self,
              JsonCursor         *cur,
              GString            *out,
              GError            **error)
{
  g_autoptr(GString) stack = g_string_new (NULL);

  while (cur->p < cur->end)
    {
      char c = *cur->p;

      if (c == '"')
        {
          const char *start = cur->p++;

          while (cur->p < cur->end && *cur->p != '"')
            cur->p += *cur->p == '\\' ? 2 : 1;
          if (cur->p >= cur->end)
            {
              cur->p = start;
              return json_fail (self, cur, _("a string is not closed"), error);
            }
          cur->p++;
          g_string_append_len (out, start, cur->p - start);
          continue;
        }

      cur->p++;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;

      g_string_append_c (out, c);
      if (c == '{' || c == '[')
        g_string_append_c (stack, c == '{' ? '}' : ']');
      else if (c == '}' || c == ']')
        {
          if (stack->len == 0 || stack->str[stack->len - 1] != c)
            {
              cur->p--;
              return json_fail (self, cur, _("brackets do not match"), error);
            }
          g_string_truncate (stack, stack->len - 1);
          if (stack->len == 0)
            return TRUE;
        }
    }

  return json_fail (self, cur, _("an object or array is not closed"), error);
}

static gboolean
json_literal (JsonCursor *cur,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (cur->end - cur->p) < len || memcmp (cur->p, word, len) != 0)
    return FALSE;
  cur->p += len;

  return TRUE;
}

static gboolean
json_number (JsonCursor *cur)
{
  const char *start = cur->p;

  if (cur->p < cur->end && *cur->p == '-')
    cur->p++;
  while (cur->p < cur->end
         && (g_ascii_isdigit (*cur->p) || *cur->p == '.' || *cur->p == 'e' || *cur->p == 'E'
             || *cur->p == '+' || *cur->p == '-'))
    cur->p++;

  return cur->p > start && g_ascii_isdigit (cur->p[-1]);
}

/* Parses one value into the cell of @column. */
static gboolean
json_value (GlauxResultParser  *self,
            JsonCursor         *cur,
            guint               column,
            GError            **error)
{
  JsonCell *cell = &g_array_index (self->json_cells, JsonCell, column);
  GString *values = self->json_values;
  const char *start = cur->p;

  cell->present = TRUE;
  cell->null = FALSE;
  cell->offset = values->len;

  if (cur->p == cur->end)
    return json_fail (self, cur, _("a value is missing"), error);

  switch (*cur->p)
    {
    case '"':
      if (!json_string (self, cur, values, error))
        return FALSE;
      break;

    case '{':
    case '[':
      if (!json_compact (self, cur, values, error))
        return FALSE;
      break;

    case 'n':
      if (!json_literal (cur, "null"))
        return json_fail (self, cur, _("unknown value"), error);
      cell->null = TRUE;
      break;

    case 't':
    case 'f':
      if (!json_literal (cur, *cur->p == 't' ? "true" : "false"))
        return json_fail (self, cur, _("unknown value"), error);
      g_string_append_len (values, start, cur->p - start);
      break;

    default:
      if (!json_number (cur))
        {
          cur->p = start;
          return json_fail (self, cur, _("unknown value"), error);
        }
      g_string_append_len (values, start, cur->p - start);
      break;
    }

  cell->length = values->len - cell->offset;

  return TRUE;
}

static guint
json_column_for_key (GlauxResultParser *self,
                     const char        *key)
{
  gpointer value;
  guint column;

  if (g_hash_table_lookup_extended (self->keys, key, NULL, &value))
    return GPOINTER_TO_UINT (value) - 1;

  column = glaux_result_table_add_column (self->table, key);
  g_hash_table_insert (self->keys, g_strdup (key), GUINT_TO_POINTER (column + 1));
  g_array_set_size (self->json_cells, column + 1);

  return column;
}

static gboolean
json_line (GlauxResultParser  *self,
           const char         *line,
           gsize               length,
           GError            **error)
{
  JsonCursor cur = { line, line + length, line };
  guint n_columns;

  json_skip_ws (&cur);
  if (cur.p == cur.end)
    return TRUE;

  if (*cur.p != '{')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("JSON line %" G_GUINT64_FORMAT ": not a JSON object (each line must hold one object)"),
                   self->line);
      return FALSE;
    }
  cur.p++;

  g_string_truncate (self->json_values, 0);
  if (self->json_cells->len > 0)
    memset (self->json_cells->data, 0, self->json_cells->len * sizeof (JsonCell));

  json_skip_ws (&cur);
  if (cur.p < cur.end && *cur.p == '}')
    cur.p++;
  else
    for (;;)
      {
        guint column;

        json_skip_ws (&cur);
        if (cur.p == cur.end || *cur.p != '"')
          return json_fail (self, &cur, _("expected a key"), error);
        g_string_truncate (self->json_key, 0);
        if (!json_string (self, &cur, self->json_key, error))
          return FALSE;
        column = json_column_for_key (self, self->json_key->str);

        json_skip_ws (&cur);
        if (cur.p == cur.end || *cur.p != ':')
          return json_fail (self, &cur, _("expected ':'"), error);
        cur.p++;
        json_skip_ws (&cur);
        if (!json_value (self, &cur, column, error))
          return FALSE;

        json_skip_ws (&cur);
        if (cur.p < cur.end && *cur.p == ',')
          {
            cur.p++;
            continue;
          }
        if (cur.p < cur.end && *cur.p == '}')
          {
            cur.p++;
            break;
          }
        return json_fail (self, &cur, _("expected ',' or '}'"), error);
      }

  json_skip_ws (&cur);
  if (cur.p != cur.end)
    return json_fail (self, &cur, _("text after the object"), error);

  /* Missing keys are NULL, not ragged: every row gets every column. */
  n_columns = self->json_cells->len;
  glaux_result_table_begin_row (self->table);
  for (guint c = 0; c < n_columns; c++)
    {
      JsonCell *cell = &g_array_index (self->json_cells, JsonCell, c);

      if (!cell->present || cell->null)
        glaux_result_table_append_cell (self->table, NULL, 0);
      else
        glaux_result_table_append_cell (self->table, self->json_values->str + cell->offset,
                                        cell->length);
    }
  glaux_result_table_end_row (self->table);

  return TRUE;
}

/* Show tables */

/* Spark pads cells by "half width": one per code point, two for the full-width ranges of
 * org.apache.spark.util.Utils.fullWidthRegex. */
static guint
spark_char_width (gunichar c)
{
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF)
      || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
      || (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F)
      || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6))
    return 2;

  return 1;
}

/* Width of the character at @p (an invalid byte counts as one), and its byte length. */
static guint
display_char (const char *p,
              const char *end,
              gsize      *bytes)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *bytes = 1;
      return 1;
    }

  *bytes = g_utf8_next_char (p) - p;
  return spark_char_width (c);
}

static void
show_add_cell (GlauxResultParser *self,
               const char        *start,
               const char        *end,
               gboolean           header)
{
  while (start < end && *start == ' ')
    start++;
  while (end > start && end[-1] == ' ')
    end--;

  if (header)
    g_ptr_array_add (self->show_names, g_strndup (start, end - start));
  else if (end - start == 4 && memcmp (start, "null", 4) == 0)
    glaux_result_table_append_cell (self->table, NULL, 0);
  else
    glaux_result_table_append_cell (self->table, start, end - start);
}

/* Splits a row at the border's '+' columns, so a '|' inside a value stays in it. A row whose
 * width does not match the border (a wrong width guess) is split at every '|' instead. */
static void
show_split_row (GlauxResultParser *self,
                const char        *line,
                gsize              length,
                gboolean           header)
{
  const char *end = line + length;
  const guint *bounds = (const guint *) (gpointer) self->bounds->data;
  guint n_bounds = self->bounds->len;
  guint width = 0;
  const char *p;

  for (p = line; p < end;)
    {
      gsize bytes;

      width += display_char (p, end, &bytes);
      p += bytes;
    }

  if (width == bounds[n_bounds - 1] + 1 && line[length - 1] == '|')
    {
      guint column = 0;
      guint k = 0;
      const char *cell = line + 1;

      for (p = line; p < end && k + 1 < n_bounds;)
        {
          gsize bytes;
          guint w = display_char (p, end, &bytes);

          if (column >= bounds[k + 1])
            {
              show_add_cell (self, cell, p, header);
              cell = p + bytes;
              k++;
            }
          column += w;
          p += bytes;
        }
      return;
    }

  {
    const char *cell = line + 1;

    for (p = line + 1; p < end; p++)
      if (*p == '|')
        {
          show_add_cell (self, cell, p, header);
          cell = p + 1;
        }
    if (cell < end)
      show_add_cell (self, cell, end, header);
  }
}

static void
show_set_bounds (GlauxResultParser *self,
                 const char        *line,
                 gsize              length)
{
  g_array_set_size (self->bounds, 0);
  for (guint i = 0; i < length; i++)
    if (line[i] == '+')
      g_array_append_val (self->bounds, i);
}

static gboolean
show_line (GlauxResultParser  *self,
           const char         *line,
           gsize               length,
           GError            **error)
{
  switch (self->show_state)
    {
    case SHOW_SEEK:
      if (is_border (line, length))
        {
          show_set_bounds (self, line, length);
          self->show_state = SHOW_HEADER;
        }
      break;

    case SHOW_HEADER:
      if (length > 0 && line[0] == '|')
        {
          g_ptr_array_set_size (self->show_names, 0);
          show_split_row (self, line, length, TRUE);
          self->show_state = SHOW_HEADER_BORDER;
        }
      else if (is_border (line, length))
        show_set_bounds (self, line, length);
      else
        self->show_state = SHOW_SEEK;
      break;

    case SHOW_HEADER_BORDER:
      if (is_border (line, length))
        {
          glaux_result_table_set_columns (self->table,
                                          (const char * const *) self->show_names->pdata,
                                          self->show_names->len);
          show_set_bounds (self, line, length);
          self->show_state = SHOW_BODY;
        }
      else
        {
          /* Not a table after all; this line may start one. */
          self->show_state = SHOW_SEEK;
          return show_line (self, line, length, error);
        }
      break;

    case SHOW_BODY:
      if (length > 0 && line[0] == '|')
        {
          glaux_result_table_begin_row (self->table);
          show_split_row (self, line, length, FALSE);
          glaux_result_table_end_row (self->table);
        }
      else
        self->show_state = SHOW_DONE;
      break;

    case SHOW_DONE:
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* Feeding */

static gboolean
parse (GlauxResultParser  *self,
       const char         *data,
       gsize               length,
       GError            **error)
{
  switch (self->format)
    {
    case GLAUX_RESULT_FORMAT_TEXT:
      return TRUE;

    case GLAUX_RESULT_FORMAT_CSV:
      csv_parse (self, data, data + length);
      return TRUE;

    case GLAUX_RESULT_FORMAT_JSON_LINES:
      return split_lines (self, json_line, data, data + length, error);

    case GLAUX_RESULT_FORMAT_SHOW_TABLE:
      /* Past the first table nothing matters: skip without splitting lines. */
      if (self->show_state == SHOW_DONE)
        return TRUE;
      return split_lines (self, show_line, data, data + length, error);

    default:
      g_assert_not_reached ();
    }
}

/* A UTF-8 byte order mark at the very start is dropped, even when split across chunks. */
static gboolean
feed_bom (GlauxResultParser  *self,
          const char        **data,
          gsize              *length,
          GError            **error)
{
  static const guint8 bom[3] = { 0xef, 0xbb, 0xbf };

  while (*length > 0 && self->bom_len < 3)
    {
      self->bom[self->bom_len++] = (guint8) **data;
      (*data)++;
      (*length)--;
    }

  if (self->bom_len < 3 && memcmp (self->bom, bom, self->bom_len) == 0)
    return TRUE;

  self->bom_done = TRUE;
  if (self->bom_len == 3 && memcmp (self->bom, bom, 3) == 0)
    return TRUE;

  return parse (self, (const char *) self->bom, self->bom_len, error);
}

static gboolean
check_usable (GlauxResultParser  *self,
              GError            **error)
{
  if (self->failed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The result could not be read after an earlier error"));
      return FALSE;
    }

  g_return_val_if_fail (!self->finished, FALSE);

  return TRUE;
}

gboolean
glaux_result_parser_feed (GlauxResultParser  *self,
                          const char         *data,
                          gsize               length,
                          GError            **error)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_PARSER (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!check_usable (self, error))
    return FALSE;

  if (!self->bom_done && !feed_bom (self, &data, &length, error))
    {
      self->failed = TRUE;
      return FALSE;
    }

  if (length > 0 && !parse (self, data, length, error))
    {
      self->failed = TRUE;
      return FALSE;
    }

  return TRUE;
}

gboolean
glaux_result_parser_finish (GlauxResultParser  *self,
                            GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (GLAUX_IS_RESULT_PARSER (self), FALSE);

  if (!check_usable (self, error))
    return FALSE;

  self->finished = TRUE;

  /* Fewer than three bytes that began like a byte order mark: they are data. */
  if (!self->bom_done)
    {
      self->bom_done = TRUE;
      ok = parse (self, (const char *) self->bom, self->bom_len, error);
    }

  if (ok)
    {
      switch (self->format)
        {
        case GLAUX_RESULT_FORMAT_CSV:
          ok = csv_finish (self, error);
          break;

        case GLAUX_RESULT_FORMAT_JSON_LINES:
          ok = finish_lines (self, json_line, error);
          break;

        case GLAUX_RESULT_FORMAT_SHOW_TABLE:
          ok = self->show_state == SHOW_DONE || finish_lines (self, show_line, error);
          break;

        case GLAUX_RESULT_FORMAT_TEXT:
        default:
          break;
        }
    }

  if (!ok)
    self->failed = TRUE;

  return ok;
}
