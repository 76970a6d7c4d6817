/* glaux-fuzz-util.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-result-parser.h"

G_BEGIN_DECLS

/* The libFuzzer entry points every harness defines. */
int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const guint8   *data,
                             size_t          size);

/* Once per process: quiet logging (debug, info, messages and warnings are dropped, so bad
 * input does not flood the output) while criticals and errors still abort, because a failed
 * precondition inside project code is a bug the harness must report. */
void  glaux_fuzz_init               (void);

/* A private folder for the harness's files, removed at exit. */
const char *glaux_fuzz_get_tmpdir   (void);

/* Reads the two bytes at *data as a little-endian number and advances, or 0 at the end. */
guint glaux_fuzz_take_u16           (const guint8  **data,
                                     gsize          *size);

/* The result parsers' harness: the input's first bytes choose up to 15 split points, the rest
 * is the data. It is parsed in one chunk and in those chunks, and both tables must be equal. */
void  glaux_fuzz_result_parser_run  (GlauxResultFormat  format,
                                     const guint8      *data,
                                     gsize              size);

G_END_DECLS
