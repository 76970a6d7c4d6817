/* glaux-json-parse.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-json"

#include "config.h"

#include <string.h>

#include "glaux-json-parse.h"

/**
 * glaux_json_check_depth:
 * @data: JSON text, not necessarily NUL-terminated
 * @length: its length, or -1 when it is NUL-terminated
 *
 * Checks that arrays and objects nest at most %GLAUX_JSON_MAX_DEPTH levels. Brackets inside
 * strings do not count; the text is not validated otherwise (the parser does that).
 *
 * Returns: %TRUE when the nesting is within the limit
 */
gboolean
glaux_json_check_depth (const char  *data,
                        gssize       length,
                        GError     **error)
{
  gsize size = length < 0 ? strlen (data) : (gsize)length;
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > GLAUX_JSON_MAX_DEPTH)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "arrays and objects nest more than %d levels deep (at byte %"
                           G_GSIZE_FORMAT ")", GLAUX_JSON_MAX_DEPTH, i);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * glaux_json_parser_load_from_data:
 *
 * json_parser_load_from_data() for text from outside: json-glib 1.6 parses nested arrays and
 * objects recursively with no limit, so about 100,000 levels (a 200 KB document) overflow the
 * stack and crash the process. Text nesting deeper than %GLAUX_JSON_MAX_DEPTH fails with
 * %JSON_PARSER_ERROR_PARSE instead.
 *
 * Returns: %TRUE if @data was parsed
 */
gboolean
glaux_json_parser_load_from_data (JsonParser  *parser,
                                  const char  *data,
                                  gssize       length,
                                  GError     **error)
{
  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  return glaux_json_check_depth (data, length, error)
         && json_parser_load_from_data (parser, data, length, error);
}
