/* glaux-local-main.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local"

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "glaux-local-server.h"

/* Exit codes: 0 clean shutdown, 1 runtime failure, 2 bad command line. */
#define EXIT_USAGE 2

typedef struct
{
  int       port;
  char     *bind;
  char     *data_dir;
  char     *region;
  char     *access_key_id;
  char     *secret_access_key;
  char     *session_token;
  double    time_scale;
  gboolean  version;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->bind, g_free);
  g_clear_pointer (&options->data_dir, g_free);
  g_clear_pointer (&options->region, g_free);
  g_clear_pointer (&options->access_key_id, g_free);
  g_clear_pointer (&options->secret_access_key, g_free);
  g_clear_pointer (&options->session_token, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static char *
random_string (const char *alphabet,
               guint       length)
{
  GString *out = g_string_sized_new (length);
  gsize size = strlen (alphabet);

  for (guint i = 0; i < length; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, (gint32)size)]);

  return g_string_free (out, FALSE);
}

/* AWS-shaped: "AKIA" + 16 upper-case letters/digits, and a 40-character secret. Seeded from
 * /dev/urandom by GLib, so two instances never share keys. */
static void
generate_credentials (Options *options)
{
  g_autofree char *tail = random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);

  options->access_key_id = g_strconcat ("AKIA", tail, NULL);
  options->secret_access_key =
    random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
}

static gboolean
parse_options (int       *argc,
               char    ***argv,
               Options   *options,
               GError   **error)
{
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &options->port, "TCP port (0 picks a free one)", "N" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &options->bind, "Loopback address: 127.0.0.1 or ::1",
      "ADDRESS" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->data_dir,
      "State, S3 objects and catalog (default $XDG_DATA_HOME/glaux/local)", "DIR" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options->region, "Region to sign for", "R" },
    { "access-key-id", 0, 0, G_OPTION_ARG_STRING, &options->access_key_id,
      "Access key id (generated when omitted)", "K" },
    { "secret-access-key", 0, 0, G_OPTION_ARG_STRING, &options->secret_access_key,
      "Secret access key (generated when omitted)", "S" },
    { "session-token", 0, 0, G_OPTION_ARG_STRING, &options->session_token,
      "Session token every request must carry, as with temporary credentials (tests)", "T" },
    { "time-scale", 0, 0, G_OPTION_ARG_DOUBLE, &options->time_scale,
      "Speed-up for lifecycle delays and idle timeouts (tests)", "F" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("- Athena-compatible endpoint for Glaux (not Apache Spark)");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "Unexpected argument '%s'",
                   (*argv)[1]);
      return FALSE;
    }
  if (options->port < 0 || options->port > 65535)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--port %d is out of range (0..65535)", options->port);
      return FALSE;
    }
  if (!(options->time_scale > 0.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--time-scale must be greater than 0, got %g", options->time_scale);
      return FALSE;
    }
  if ((options->access_key_id == NULL) != (options->secret_access_key == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--access-key-id and --secret-access-key go together");
      return FALSE;
    }
  if (options->access_key_id != NULL
      && (options->access_key_id[0] == '\0' || options->secret_access_key[0] == '\0'))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--access-key-id and --secret-access-key must not be empty");
      return FALSE;
    }
  if (options->session_token != NULL
      && (options->access_key_id == NULL || options->session_token[0] == '\0'))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--session-token needs --access-key-id and --secret-access-key, "
                           "and must not be empty");
      return FALSE;
    }

  if (options->bind == NULL)
    options->bind = g_strdup ("127.0.0.1");

  return glaux_local_check_loopback (options->bind, error);
}

static void
print_ready_line (GlauxLocalServer *server,
                  const Options    *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, glaux_local_server_get_endpoint (server));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, options->region);
  json_builder_set_member_name (builder, "access_key_id");
  json_builder_add_string_value (builder, options->access_key_id);
  json_builder_set_member_name (builder, "secret_access_key");
  json_builder_add_string_value (builder, options->secret_access_key);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  json_builder_set_member_name (builder, "data_dir");
  json_builder_add_string_value (builder, options->data_dir);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  line = json_to_string (root, FALSE);
  fprintf (stdout, "%s\n", line);
  fflush (stdout);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_auto(Options) options = { 0, NULL, NULL, NULL, NULL, NULL, NULL, 1.0, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlauxLocalServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GlauxLocalConfig config;

  if (!parse_options (&argc, &argv, &options, &error))
    {
      g_printerr ("glaux-local: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (options.version)
    {
      g_print ("glaux-local %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (options.region == NULL)
    options.region = g_strdup ("us-east-1");
  if (options.data_dir == NULL)
    options.data_dir = g_build_filename (g_get_user_data_dir (), "glaux", "local", NULL);
  if (options.access_key_id == NULL)
    generate_credentials (&options);

  config = (GlauxLocalConfig) {
    .bind = options.bind,
    .port = (guint)options.port,
    .data_dir = options.data_dir,
    .region = options.region,
    .access_key_id = options.access_key_id,
    .secret_access_key = options.secret_access_key,
    .time_scale = options.time_scale,
    .session_token = options.session_token,
  };

  server = glaux_local_server_new (&config, &error);
  if (server == NULL || !glaux_local_server_listen (server, &error))
    {
      g_printerr ("glaux-local: %s\n", error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  print_ready_line (server, &options);

  g_main_loop_run (loop);
  glaux_local_server_shutdown (server);

  return EXIT_SUCCESS;
}
