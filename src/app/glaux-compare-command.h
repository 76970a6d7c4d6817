/* glaux-compare-command.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "glaux-bench-comparison.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_COMPARE_FORMAT_TEXT,
  GLAUX_COMPARE_FORMAT_MARKDOWN,
  GLAUX_COMPARE_FORMAT_JSON,
} GlauxCompareFormat;

/* `glaux compare BASE.json OTHER.json… [--format text|markdown|json] [--fail-on-regression PCT]`
 * without a display: @argv[0] is "compare". Prints the comparison on stdout, problems on
 * stderr. Returns the exit status: 0, 1 when a query or the geomean regressed by more than PCT,
 * 2 when the files cannot be read or compared (or the command line is wrong). */
int   glaux_compare_command_run    (int                    argc,
                                    char                 **argv);

/* The report the command prints; @threshold_pct NAN when no threshold was given. */
char *glaux_compare_command_format (GlauxBenchComparison  *comparison,
                                    GlauxCompareFormat     format,
                                    double                 threshold_pct);

G_END_DECLS
