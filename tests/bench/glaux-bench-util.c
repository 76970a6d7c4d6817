/* glaux-bench-util.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench"

#include "config.h"

#include <errno.h>
#include <glib/gprintf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "glaux-bench-util.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return (da > db) - (da < db);
}

/* Median, min and max of @count samples; @samples is left as it was. */
GlauxBenchSpread
glaux_bench_spread (const double *samples,
                    int           count)
{
  g_autofree double *sorted = g_memdup2 (samples, sizeof *samples * MAX (count, 1));

  g_return_val_if_fail (count > 0, ((GlauxBenchSpread) { NAN, NAN, NAN, 0 }));

  qsort (sorted, count, sizeof *sorted, compare_doubles);

  return (GlauxBenchSpread) {
    .median = count % 2 == 1 ? sorted[count / 2]
                             : (sorted[count / 2 - 1] + sorted[count / 2]) / 2,
    .min = sorted[0],
    .max = sorted[count - 1],
    .runs = count,
  };
}

static void
add_name (GString    *json,
          const char *name)
{
  g_string_append_printf (json, "%s\"%s\":", json->len > 1 ? "," : "", name);
}

/* Rounded to what a benchmark can tell apart; JSON has no NaN, so unknown is null. */
static void
add_number (GString    *json,
            const char *name,
            double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  add_name (json, name);
  if (isfinite (value))
    g_string_append (json, g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
  else
    g_string_append (json, "null");
}

static void
add_string (GString    *json,
            const char *name,
            const char *value)
{
  add_name (json, name);
  if (value == NULL)
    {
      g_string_append (json, "null");
      return;
    }

  g_string_append_c (json, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (json, "\\%c", *p);
      else if ((guchar)*p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* "≤ 1.5×", "≥ 2000 requests/s", "< 1 %" … as the README shows it. */
static char *
format_target (const GlauxBenchFigure *figure)
{
  const char *relation = figure->higher_is_better ? "≥" : "≤";
  char target[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (target, sizeof target, "%g", figure->target);

  switch (figure->target_on)
    {
    case GLAUX_BENCH_TARGET_RATIO:
      return g_strdup_printf ("%s %s×", relation, target);
    case GLAUX_BENCH_TARGET_VALUE:
      return g_strdup_printf ("%s %s %s", relation, target, figure->unit);
    case GLAUX_BENCH_TARGET_NONE:
    default:
      return NULL;
    }
}

static gboolean
figure_passes (const GlauxBenchFigure *figure)
{
  double value;

  if (figure->target_on == GLAUX_BENCH_TARGET_NONE)
    return TRUE;

  value = figure->target_on == GLAUX_BENCH_TARGET_RATIO ? figure->ratio : figure->glaux;
  if (!isfinite (value))
    return FALSE;

  return figure->higher_is_better ? value >= figure->target : value <= figure->target;
}

/**
 * glaux_bench_report:
 * @figure: one measured figure
 *
 * Prints @figure as one `GLAUX-BENCH {json}` line on stdout (flushed at once, so the line is
 * there even when the program fails later) and says whether its target is met.
 *
 * Returns: %TRUE when the target is met or there is none
 */
gboolean
glaux_bench_report (const GlauxBenchFigure *figure)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autofree char *target = format_target (figure);
  g_autofree char *spread = NULL;
  char min[G_ASCII_DTOSTR_BUF_SIZE];
  char max[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean pass = figure_passes (figure);
  static const char * const target_on[] = { NULL, "glaux", "ratio" };

  /* Locale-independent: GTK programs have called setlocale (). */
  spread = g_strconcat (g_ascii_formatd (min, sizeof min, "%.4g", figure->spread.min), "–",
                        g_ascii_formatd (max, sizeof max, "%.4g", figure->spread.max), NULL);

  add_string (json, "id", figure->id);
  add_string (json, "what", figure->what);
  add_number (json, "glaux", figure->glaux);
  add_string (json, "reference_name", figure->reference_name);
  add_number (json, "reference", figure->reference_name != NULL ? figure->reference : NAN);
  add_string (json, "unit", figure->unit);
  add_number (json, "ratio", figure->ratio);
  add_string (json, "ratio_of", figure->ratio_of);
  add_string (json, "target", target);
  add_string (json, "target_on", target_on[figure->target_on]);
  add_name (json, "pass");
  g_string_append (json, pass ? "true" : "false");
  add_number (json, "median", figure->spread.median);
  add_string (json, "spread", spread);
  add_number (json, "min", figure->spread.min);
  add_number (json, "max", figure->spread.max);
  add_number (json, "runs", figure->spread.runs);
  g_string_append_c (json, '}');

  /* UTF-8 as it is: g_print () would turn "≤" into "?" in the C locale. */
  printf ("GLAUX-BENCH %s\n", json->str);
  fflush (stdout);

  if (!pass)
    fprintf (stderr, "MISSED: %s: %s is not %s\n", figure->id, figure->what, target);

  return pass;
}

void
glaux_bench_fail (const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  g_vfprintf (stderr, format, args);
  va_end (args);
  g_printerr ("\n");
  exit (GLAUX_BENCH_EXIT_FAILED);
}

void
glaux_bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          glaux_bench_remove_tree (child);
        }
    }

  g_remove (path);
}

/**
 * glaux_bench_make_xdg_dirs:
 * @envp: (inout): an environment to point at the new folders
 *
 * A fresh HOME and XDG folders (config, data, cache, state, runtime) under one new temporary
 * folder, so every run starts as a first start would.
 *
 * Returns: (transfer full): the folder holding them; remove it with glaux_bench_remove_tree()
 */
char *
glaux_bench_make_xdg_dirs (char ***envp)
{
  static const char * const dirs[][2] = {
    { "HOME", "home" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
    { "XDG_RUNTIME_DIR", "runtime" },
  };
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("glaux-bench-xdg-XXXXXX", &error);

  if (root == NULL)
    glaux_bench_fail ("Cannot make a temporary folder: %s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (root, dirs[i][1], NULL);

      if (g_mkdir_with_parents (path, 0700) != 0)
        glaux_bench_fail ("Cannot make %s: %s", path, g_strerror (errno));
      *envp = g_environ_setenv (*envp, dirs[i][0], path, TRUE);
    }

  return root;
}

/* utime + stime of @pid in clock ticks (sysconf (_SC_CLK_TCK) per second), 0 when it is gone. */
guint64
glaux_bench_process_cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  g_autofree char *stat = NULL;
  unsigned long long utime, stime;
  const char *after_comm;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_comm = strrchr (stat, ')')) == NULL)
    return 0;

  /* Fields 14 and 15 (utime, stime), counted after "pid (comm)": state is field 3. */
  if (sscanf (after_comm + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
              &utime, &stime) != 2)
    return 0;

  return utime + stime;
}

/* For g_subprocess_launcher_set_child_setup (): the program measured goes when the benchmark
 * goes, even when it fails half-way. */
void
glaux_bench_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * glaux_bench_run_under_xvfb:
 * @argv: the program's own arguments
 * @session_bus: also give it a private session bus (dbus-run-session)
 *
 * Runs the program again under a private Xvfb (xvfb-run -a), unless it already runs under the
 * one this function started. Returns only when it already does.
 */
void
glaux_bench_run_under_xvfb (char     **argv,
                            gboolean   session_bus)
{
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autofree char *dbus_run = g_find_program_in_path ("dbus-run-session");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;

  if (g_getenv ("GLAUX_BENCH_XVFB") != NULL)
    return;

  if (xvfb_run == NULL || (session_bus && dbus_run == NULL))
    glaux_bench_fail ("%s needs xvfb-run%s; install the xvfb, xauth%s packages",
                      argv[0], session_bus ? " and dbus-run-session" : "",
                      session_bus ? " and dbus" : "");

  g_setenv ("GLAUX_BENCH_XVFB", "1", TRUE);
  g_strv_builder_add_many (builder, xvfb_run, "-a", "-s",
                           "-screen 0 1600x1200x24 -nolisten tcp", NULL);
  if (session_bus)
    g_strv_builder_add_many (builder, dbus_run, "--", NULL);
  g_strv_builder_add (builder, self != NULL ? self : argv[0]);
  g_strv_builder_addv (builder, (const char **)argv + 1);
  args = g_strv_builder_end (builder);

  execv (xvfb_run, args);
  glaux_bench_fail ("%s: could not run %s: %s", argv[0], xvfb_run, g_strerror (errno));
}
