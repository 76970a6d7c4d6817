/* test-local-boto3.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "glaux-integration.h"
#include "glaux-test-util.h"

/* Each case is one function of tests/integration/boto3_suite.py, run by the Debian python3
 * (with python3-boto3), never a python3 found first on PATH. */
#define SYSTEM_PYTHON "/usr/bin/python3"

/* Idle timeouts are minutes; at this scale one minute lasts one second. */
#define IDLE_TIME_SCALE 60.0

static GlauxIntegrationServer *server;

static void
run_case (GlauxIntegrationServer *target,
          const char             *name)
{
  g_autofree char *script = glaux_integration_script_path ("boto3_suite.py");
  g_auto(GStrv) envp = glaux_integration_server_environ (target, NULL);
  g_autoptr(GlauxIntegrationRun) run = NULL;
  const char *argv[] = { SYSTEM_PYTHON, script, name, NULL };
  g_autofree char *scale = g_strdup_printf ("%g", IDLE_TIME_SCALE);

  envp = g_environ_setenv (envp, "GLAUX_TIME_SCALE", scale, TRUE);
  run = glaux_integration_run (envp, argv);
  glaux_integration_log (run->out);
  glaux_integration_log (run->err);
  if (run->exit_status != 0)
    g_error ("boto3 case %s failed (status %d); its output is above", name, run->exit_status);
  g_assert_true (g_str_has_prefix (run->out, "ok "));
}

static void
test_case (gconstpointer data)
{
  run_case (server, data);
}

static void
test_idle_timeout (void)
{
  GlauxIntegrationServer *fast = glaux_integration_server_start (IDLE_TIME_SCALE);

  run_case (fast, "idle-timeout");
  glaux_integration_server_stop (fast);
}

int
main (int    argc,
      char **argv)
{
  static const char * const cases[] = {
    "workgroups", "sql-calculation", "python-calculation", "stop-and-busy", "terminate",
    "pagination", "errors", "idempotency",
  };
  int status;

  glaux_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/glaux/local/Boto3/%s", cases[i]);

      g_test_add_data_func (path, cases[i], test_case);
    }
  g_test_add_func ("/glaux/local/Boto3/idle-timeout", test_idle_timeout);

  server = glaux_integration_server_start (1.0);
  status = g_test_run ();
  glaux_integration_server_stop (server);

  return status;
}
