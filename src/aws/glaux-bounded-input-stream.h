/* glaux-bounded-input-stream.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_BOUNDED_INPUT_STREAM (glaux_bounded_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (GlauxBoundedInputStream, glaux_bounded_input_stream, GLAUX, BOUNDED_INPUT_STREAM, GInputStream)

GInputStream *glaux_bounded_input_stream_new (GInputStream *base_stream,
                                              goffset       expected_length,
                                              const char   *what);

G_END_DECLS
