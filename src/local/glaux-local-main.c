/* glaux-local-main.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local"

#include "config.h"

#include <glib.h>

int
main (int    argc,
      char **argv)
{
  g_printerr ("glaux-local %s: the server is being assembled\n", PACKAGE_VERSION);
  return 1;
}
