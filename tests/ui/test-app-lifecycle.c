/* test-app-lifecycle.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real glaux program, started as users start it: it brings up its own glaux-local, and
 * that glaux-local goes away with it, whether Glaux quits or is killed.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <gio/gio.h>

#include "glaux-test-util.h"

#define WAIT_MS 30000

/* The pid of a glaux-local whose parent is @parent, or 0. */
static GPid
find_child_glaux_local (GPid parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      char *after_comm;
      int ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;

      /* "pid (comm) state ppid ...": comm may hold spaces, so parse from its closing paren. */
      after_comm = strrchr (stat, ')');
      if (after_comm == NULL || strstr (stat, "(glaux-local)") == NULL)
        continue;
      if (sscanf (after_comm + 2, "%*c %d", &ppid) == 1 && ppid == parent)
        return (GPid)g_ascii_strtoll (name, NULL, 10);
    }

  return 0;
}

typedef struct
{
  GPid parent;
  GPid child;
} Family;

static gboolean
glaux_local_started (gpointer data)
{
  Family *family = data;

  family->child = find_child_glaux_local (family->parent);
  return family->child != 0;
}

static gboolean
process_gone (gpointer data)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", GPOINTER_TO_INT (data));
  g_autofree char *stat = NULL;

  /* A zombie (state Z) has exited; its parent has just not reaped it yet. */
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  return strstr (stat, ") Z ") != NULL;
}

static GSubprocess *
spawn_glaux (Family *family)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *glaux;

  glaux = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("GLAUX_PROGRAM"), NULL);
  g_assert_no_error (error);

  family->parent = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (glaux), NULL, 10);
  glaux_test_wait_until (glaux_local_started, family, WAIT_MS);

  return glaux;
}

static gboolean
subprocess_done (gpointer data)
{
  return g_subprocess_get_identifier (data) == NULL;
}

static void
test_quit_stops_glaux_local (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GSubprocess) glaux = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_path = NULL;
  Family family = { 0, 0 };

  glaux = spawn_glaux (&family);
  /* Let the window come up and the sidebar ask glaux-local for its workgroups. */
  g_usleep (G_USEC_PER_SEC);

  object_path = g_strdelimit (g_strdup_printf ("/%s", APP_ID), ".", '/');
  reply = g_dbus_connection_call_sync (bus, APP_ID, object_path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);

  glaux_test_wait_until (subprocess_done, glaux, WAIT_MS);
  g_assert_true (g_subprocess_get_successful (glaux));
  glaux_test_wait_until (process_gone, GINT_TO_POINTER (family.child), WAIT_MS);
}

static void
test_killed_glaux_takes_glaux_local_along (void)
{
  g_autoptr(GSubprocess) glaux = NULL;
  Family family = { 0, 0 };

  glaux = spawn_glaux (&family);
  g_subprocess_force_exit (glaux);
  glaux_test_wait_until (subprocess_done, glaux, WAIT_MS);
  glaux_test_wait_until (process_gone, GINT_TO_POINTER (family.child), WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/ui/App/quit-stops-glaux-local", test_quit_stops_glaux_local);
  g_test_add_func ("/glaux/ui/App/killed-glaux-takes-glaux-local-along", test_killed_glaux_takes_glaux_local_along);

  return g_test_run ();
}
