/* test-flatpak-manifest.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "glaux-test-util.h"

static JsonObject *
load_manifest (JsonParser **parser)
{
  g_autofree char *path = g_build_filename (g_getenv ("GLAUX_SOURCE_DIR"),
                                            "flatpak", "io.github.glaux.Glaux.json", NULL);
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_file (*parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (*parser)));

  return json_node_get_object (json_parser_get_root (*parser));
}

static void
test_manifest_identity (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *manifest = load_manifest (&parser);

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, "io.github.glaux.Glaux");
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "glaux");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_true (json_object_has_member (manifest, "runtime-version"));
}

/* Exactly network, ipc, wayland with X11 fallback and GPU access: files go through the portal
 * and secrets through libsecret's portal-backed file keyring. */
static void
test_manifest_finish_args (void)
{
  static const char * const expected[] = {
    "--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
  };
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *manifest = load_manifest (&parser);
  JsonArray *finish_args = json_object_get_array_member (manifest, "finish-args");

  g_assert_cmpuint (json_array_get_length (finish_args), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (finish_args); j++)
        found |= g_str_equal (json_array_get_string_element (finish_args, j), expected[i]);
      g_assert_true (found);
    }
}

static void
test_manifest_app_module (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *manifest = load_manifest (&parser);
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  JsonObject *app_module;

  g_assert_cmpuint (json_array_get_length (modules), >=, 1);
  app_module = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (app_module, "name"), ==, "glaux");
  g_assert_cmpstr (json_object_get_string_member (app_module, "buildsystem"), ==, "meson");
}

int
main (int   argc,
      char *argv[])
{
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/glaux/data/Flatpak/identity", test_manifest_identity);
  g_test_add_func ("/glaux/data/Flatpak/finish-args", test_manifest_finish_args);
  g_test_add_func ("/glaux/data/Flatpak/app-module", test_manifest_app_module);

  return g_test_run ();
}
