/* glaux-result-parser.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-result-table.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_RESULT_FORMAT_TEXT,       /* shown as text, no table */
  GLAUX_RESULT_FORMAT_CSV,        /* RFC 4180, first record is the header */
  GLAUX_RESULT_FORMAT_JSON_LINES, /* one JSON object per line; columns from keys in first-seen order */
  GLAUX_RESULT_FORMAT_SHOW_TABLE, /* the ASCII table Spark's df.show() prints (+---+ borders) */
} GlauxResultFormat;

/* Chooses the parser from the calculation's ResultType (a MIME type such as "text/csv" or
 * "application/json", may be NULL), the object's key (".csv", ".json", ".jsonl") and its first
 * bytes (CSV needs a header line with a separator; JSON lines start with "{"; a show table
 * starts with "+-"). */
GlauxResultFormat glaux_result_format_detect (const char *result_type,
                                              const char *key,
                                              const char *first_bytes,
                                              gsize       length);

#define GLAUX_TYPE_RESULT_PARSER (glaux_result_parser_get_type ())

/* An incremental parser: bytes arrive in chunks of any size, split anywhere (inside a quoted
 * field, a CRLF, a UTF-8 sequence), and rows go into the table as soon as they are complete.
 * TEXT keeps nothing in the table (the caller shows the bytes). SHOW_TABLE reads stdout that
 * may hold other lines around the table(s): it takes the first table, its header row as the
 * columns, trims the cell padding, and keeps "null" as NULL; text outside tables is ignored.
 * Errors name the line: "CSV line 12: a quoted field is not closed at the end of the data". */
G_DECLARE_FINAL_TYPE (GlauxResultParser, glaux_result_parser, GLAUX, RESULT_PARSER, GObject)

GlauxResultParser *glaux_result_parser_new        (GlauxResultFormat  format,
                                                   GlauxResultTable  *table);
GlauxResultFormat  glaux_result_parser_get_format (GlauxResultParser *self);
gboolean           glaux_result_parser_feed       (GlauxResultParser *self,
                                                   const char        *data,
                                                   gsize              length,
                                                   GError           **error);
/* End of data: completes the last row (a final line without newline), checks nothing is left
 * open. */
gboolean           glaux_result_parser_finish     (GlauxResultParser *self,
                                                   GError           **error);

G_END_DECLS
