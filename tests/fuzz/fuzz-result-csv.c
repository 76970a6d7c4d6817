/* fuzz-result-csv.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The CSV parser, fed in chunks split where the input's first bytes say; the table must
 * not depend on the split. */

#include "config.h"

#include "glaux-fuzz-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  glaux_fuzz_init ();

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  glaux_fuzz_result_parser_run (GLAUX_RESULT_FORMAT_CSV, data, size);

  return 0;
}
