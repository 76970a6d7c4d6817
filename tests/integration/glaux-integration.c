/* glaux-integration.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "glaux-integration.h"

#define AWS_PROGRAM       "/usr/bin/aws"

static void
write_aws_config (GlauxIntegrationServer *server)
{
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  /* Path-style S3 addressing, as against a local endpoint; nothing from the user's files. */
  config = g_strdup_printf ("[default]\n"
                            "region = %s\n"
                            "output = json\n"
                            "s3 =\n"
                            "    addressing_style = path\n",
                            server->local->region);
  server->aws_config_file = g_build_filename (server->data_dir, "aws-config", NULL);
  if (!g_file_set_contents (server->aws_config_file, config, -1, &error))
    g_error ("Cannot write %s: %s", server->aws_config_file, error->message);
}

/* glaux-local in a private folder, with an AWS config file for the clients beside it. */
GlauxIntegrationServer *
glaux_integration_server_start (double time_scale)
{
  GlauxIntegrationServer *server = g_new0 (GlauxIntegrationServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  server->data_dir = g_dir_make_tmp ("glaux-integration-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (server->data_dir, "local", NULL);
  server->local = glaux_test_local_start (data, time_scale);
  write_aws_config (server);
  g_test_message ("glaux-local (pid %d) at %s", (int)server->local->pid, server->local->endpoint);

  return server;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

/* SIGTERM is glaux-local's clean shutdown; it must end with status 0. */
void
glaux_integration_server_stop (GlauxIntegrationServer *server)
{
  g_assert_cmpint (glaux_test_local_stop (server->local), ==, 0);

  if (g_getenv ("GLAUX_TEST_KEEP_HOME") == NULL)
    remove_tree (server->data_dir);

  glaux_test_local_free (server->local);
  g_free (server->data_dir);
  g_free (server->aws_config_file);
  g_free (server);
}

/**
 * glaux_integration_server_environ:
 * @secret: (nullable): a secret to sign with instead of the server's (to tamper signatures)
 *
 * Returns: (transfer full): an environment for aws and boto3 that points at the server and
 *   at nothing of the user's (config, credentials, proxies, metadata service)
 */
char **
glaux_integration_server_environ (GlauxIntegrationServer *server,
                                  const char             *secret)
{
  static const char * const dropped[] = {
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ATHENA", "AWS_ENDPOINT_URL_S3", "AWS_CA_BUNDLE",
    "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
    "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP",
  };
  const char * const set[][2] = {
    { "AWS_ACCESS_KEY_ID", server->local->access_key_id },
    { "AWS_SECRET_ACCESS_KEY", secret != NULL ? secret : server->local->secret_access_key },
    { "AWS_CONFIG_FILE", server->aws_config_file },
    { "AWS_SHARED_CREDENTIALS_FILE", "/dev/null" },
    { "AWS_REGION", server->local->region },
    { "AWS_DEFAULT_REGION", server->local->region },
    { "AWS_PAGER", "" },
    { "AWS_EC2_METADATA_DISABLED", "true" },
    { "AWS_RETRY_MODE", "standard" },
    { "AWS_MAX_ATTEMPTS", "2" },
    { "NO_PROXY", "127.0.0.1,localhost" },
    { "PYTHONDONTWRITEBYTECODE", "1" },
    { "GLAUX_ENDPOINT", server->local->endpoint },
    { "GLAUX_REGION", server->local->region },
    { "GLAUX_ACCESS_KEY_ID", server->local->access_key_id },
    { "GLAUX_SECRET_ACCESS_KEY", secret != NULL ? secret : server->local->secret_access_key },
  };
  char **envp = g_get_environ ();

  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    envp = g_environ_unsetenv (envp, dropped[i]);
  for (guint i = 0; i < G_N_ELEMENTS (set); i++)
    envp = g_environ_setenv (envp, set[i][0], set[i][1], TRUE);

  return envp;
}

GlauxIntegrationRun *
glaux_integration_run (char               **envp,
                       const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GlauxIntegrationRun *run = g_new0 (GlauxIntegrationRun, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_error ("Cannot run %s (the Debian packages awscli and python3-boto3 are needed): %s",
             argv[0], error->message);

  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error))
    g_error ("Cannot read the output of %s: %s", argv[0], error->message);

  run->exit_status = g_subprocess_get_if_exited (process)
                     ? g_subprocess_get_exit_status (process) : -1;

  return run;
}

void
glaux_integration_run_free (GlauxIntegrationRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/* Client output as TAP comments, one line at a time (a bare line would break the TAP stream). */
void
glaux_integration_log (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i]);
}

char *
glaux_integration_script_path (const char *name)
{
  const char *source = g_getenv ("GLAUX_SOURCE_DIR");

  g_assert_nonnull (source);

  return g_build_filename (source, "tests", "integration", name, NULL);
}

static GlauxIntegrationRun *
aws_runv (GlauxIntegrationServer *server,
          const char             *secret,
          const char             *service,
          va_list                 args)
{
  g_auto(GStrv) envp = glaux_integration_server_environ (server, secret);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_new ("aws");
  const char *arg;

  g_ptr_array_add (argv, (gpointer)AWS_PROGRAM);
  g_ptr_array_add (argv, (gpointer)service);
  g_string_append_printf (line, " %s", service);
  while ((arg = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (argv, (gpointer)arg);
      g_string_append_printf (line, " %s", arg);
    }
  g_ptr_array_add (argv, (gpointer)"--endpoint-url");
  g_ptr_array_add (argv, server->local->endpoint);
  g_ptr_array_add (argv, (gpointer)"--output");
  g_ptr_array_add (argv, (gpointer)"json");
  g_ptr_array_add (argv, NULL);
  g_test_message ("%s", line->str);

  return glaux_integration_run (envp, (const char * const *)argv->pdata);
}

/**
 * glaux_integration_aws_run:
 * @secret: (nullable): sign with this secret instead of the server's
 *
 * Returns: (transfer full): the outcome of `aws SERVICE ARGS... --endpoint-url ...`
 */
GlauxIntegrationRun *
glaux_integration_aws_run (GlauxIntegrationServer *server,
                           const char             *secret,
                           const char             *service,
                           ...)
{
  GlauxIntegrationRun *run;
  va_list args;

  va_start (args, service);
  run = aws_runv (server, secret, service, args);
  va_end (args);

  return run;
}

/**
 * glaux_integration_aws:
 *
 * Runs `aws SERVICE ARGS...`, which must succeed.
 *
 * Returns: (transfer full): its JSON output (an empty object when it printed nothing)
 */
JsonObject *
glaux_integration_aws (GlauxIntegrationServer *server,
                       const char             *service,
                       ...)
{
  g_autoptr(GlauxIntegrationRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, service);
  run = aws_runv (server, NULL, service, args);
  va_end (args);

  if (run->exit_status != 0)
    {
      glaux_integration_log (run->err);
      g_error ("aws %s failed with status %d; its stderr is above", service, run->exit_status);
    }
  if (g_strstrip (run->out)[0] == '\0')
    return json_object_new ();
  if (!json_parser_load_from_data (parser, run->out, -1, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      glaux_integration_log (run->out);
      g_error ("aws %s printed no JSON object (above)", service);
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}
