/* main.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-application.h"
#include "glaux-compare-command.h"
#include "glaux-ui-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GlauxApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Command-line tools run before (and without) the GtkApplication: no display needed. */
  if (argc >= 2 && g_str_equal (argv[1], "compare"))
    return glaux_compare_command_run (argc - 1, argv + 1);

  glaux_ui_choose_renderer ();
  g_set_application_name (_("Glaux"));

  app = glaux_application_new (G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
