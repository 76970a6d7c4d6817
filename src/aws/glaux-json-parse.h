/* glaux-json-parse.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any document Glaux reads or writes (AWS answers nest a handful of levels). */
#define GLAUX_JSON_MAX_DEPTH 512

gboolean glaux_json_check_depth            (const char  *data,
                                            gssize       length,
                                            GError     **error);
gboolean glaux_json_parser_load_from_data  (JsonParser  *parser,
                                            const char  *data,
                                            gssize       length,
                                            GError     **error);

G_END_DECLS
