/* test-draft-store.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>

#include "glaux-draft-store.h"
#include "glaux-test-util.h"

/* Drafts on disk: order and content, coalesced writes where the last text wins, removal,
 * Unicode, a corrupt file among good ones, and a writer killed mid-write (a child process
 * running this same binary with --child-writer) never leaving a partial draft. */

#define KILL_DRAFTS 3

/* Warnings about unreadable drafts, counted instead of aborting the test (warnings are fatal
 * in tests, and g_test_expect_message() does not see structured log messages). */
static guint n_skip_warnings;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "glaux-draft-store") == 0 &&
      message != NULL && g_str_has_prefix (message, "Skipping the unreadable draft"))
    {
      g_test_message ("expected warning: %s", message);
      n_skip_warnings++;
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static char *
new_directory (void)
{
  g_autofree char *name = g_strdup_printf ("drafts-%08x", g_random_int ());

  return g_build_filename (glaux_test_get_home (), name, NULL);
}

static GlauxDraft *
find_draft (GPtrArray  *drafts,
            const char *id)
{
  for (guint i = 0; i < drafts->len; i++)
    {
      GlauxDraft *draft = g_ptr_array_index (drafts, i);

      if (g_str_equal (draft->id, id))
        return draft;
    }

  return NULL;
}

static void
test_save_load (void)
{
  g_autofree char *directory = new_directory ();
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  g_autoptr(GlauxDraft) a = glaux_draft_new ("Query", "sql", "SELECT 1");
  g_autoptr(GlauxDraft) b = glaux_draft_new ("Script", "python", "print('hi')\n");
  g_autoptr(GlauxDraft) c = glaux_draft_new ("Empty", "python", "");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GError) error = NULL;
  GlauxDraft *loaded;

  /* Nothing yet: an empty list, not an error. */
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  g_assert_cmpuint (strlen (a->id), >, 0);
  g_assert_cmpstr (a->id, !=, b->id);
  a->position = 2;
  b->position = 0;
  c->position = 1;
  glaux_draft_store_save (store, "local", a);
  glaux_draft_store_save (store, "local", b);
  glaux_draft_store_save (store, "local", c);
  glaux_draft_store_save (store, "aws:prod/spark", a);
  glaux_draft_store_flush (store);

  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 3);
  loaded = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (loaded->id, ==, b->id);
  g_assert_cmpstr (loaded->title, ==, "Script");
  g_assert_cmpstr (loaded->language, ==, "python");
  g_assert_cmpstr (loaded->text, ==, "print('hi')\n");
  g_assert_cmpuint (loaded->position, ==, 0);
  loaded = g_ptr_array_index (drafts, 1);
  g_assert_cmpstr (loaded->id, ==, c->id);
  g_assert_cmpstr (loaded->text, ==, "");
  loaded = g_ptr_array_index (drafts, 2);
  g_assert_cmpstr (loaded->id, ==, a->id);
  g_assert_cmpstr (loaded->language, ==, "sql");
  g_assert_cmpstr (loaded->text, ==, "SELECT 1");
  g_assert_cmpuint (loaded->position, ==, 2);

  /* Workspaces are separate. */
  other = glaux_draft_store_load (store, "aws:prod/spark", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (other, 0))->id, ==, a->id);

  /* A changed position reorders. */
  a->position = 0;
  b->position = 5;
  glaux_draft_store_save (store, "local", a);
  glaux_draft_store_save (store, "local", b);
  glaux_draft_store_flush (store);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->id, ==, a->id);
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 2))->id, ==, b->id);
}

/* Workspace keys and ids with path characters stay inside the store's directory. */
static void
test_workspace_keys (void)
{
  const char *keys[] = { "..", ".", "", "../../escape", "a/b\\c", "with space:and%percent",
                         "\xc3\xa9t\xc3\xa9", "very-long-key-" "0123456789012345678901234567890"
                         "1234567890123456789012345678901234567890123456789012345678901234567890"
                         "1234567890123456789012345678901234567890" };
  g_autofree char *directory = new_directory ();
  g_autofree char *escape = NULL;
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GlauxDraft) draft = glaux_draft_new ("t", "python", keys[i]);

      g_free (draft->id);
      draft->id = g_strdup_printf ("../id-%u", i);
      glaux_draft_store_save (store, keys[i], draft);
    }
  glaux_draft_store_flush (store);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GPtrArray) drafts = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *id = g_strdup_printf ("../id-%u", i);

      drafts = glaux_draft_store_load (store, keys[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drafts->len, ==, 1);
      g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->id, ==, id);
      g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->text, ==, keys[i]);
    }

  /* Nothing was written next to the store's directory. */
  escape = g_build_filename (directory, "..", "escape", NULL);
  g_assert_false (g_file_test (escape, G_FILE_TEST_EXISTS));
}

/* Bytes this process has written so far (all threads), from /proc/self/io. */
static guint64
bytes_written (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/io", &contents, NULL, NULL));
  line = strstr (contents, "wchar: ");
  g_assert_nonnull (line);

  return g_ascii_strtoull (line + strlen ("wchar: "), NULL, 10);
}

static void
test_coalesce (void)
{
  g_autofree char *directory = new_directory ();
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  g_autoptr(GlauxDraft) draft = glaux_draft_new ("Big", "python", NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint64 before;
  guint64 written;

  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "# a line of a long draft\n");   /* 250 kB */

  before = bytes_written ();
  /* 200 saves in a burst (a fast typist): at most the first and the last reach the disk. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *suffix = g_strdup_printf ("print(%u)\n", i);

      g_free (draft->text);
      draft->text = g_strconcat (text->str, suffix, NULL);
      glaux_draft_store_save (store, "local", draft);
    }
  glaux_draft_store_flush (store);
  written = bytes_written () - before;
  g_test_message ("200 saves of %zu bytes wrote %" G_GUINT64_FORMAT " bytes", text->len, written);
  g_assert_cmpuint (written, >=, text->len);
  g_assert_cmpuint (written, <, 3 * text->len);

  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_true (g_str_has_suffix (((GlauxDraft *)g_ptr_array_index (drafts, 0))->text,
                                   "print(199)\n"));
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->text, ==, draft->text);

  /* Saves interleaved with the main loop: still the last text wins. */
  for (guint i = 0; i < 50; i++)
    {
      g_free (draft->text);
      draft->text = g_strdup_printf ("version %u", i);
      glaux_draft_store_save (store, "local", draft);
      if (i % 3 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  glaux_draft_store_flush (store);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->text, ==, "version 49");
}

static void
test_remove (void)
{
  g_autofree char *directory = new_directory ();
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  g_autoptr(GlauxDraft) a = glaux_draft_new ("a", "python", "a");
  g_autoptr(GlauxDraft) b = glaux_draft_new ("b", "python", "b");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  glaux_draft_store_save (store, "local", a);
  glaux_draft_store_save (store, "local", b);
  glaux_draft_store_flush (store);
  glaux_draft_store_remove (store, "local", a->id);
  glaux_draft_store_flush (store);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->id, ==, b->id);

  /* Removed right after a save, while that write may still be in flight: stays removed. */
  glaux_draft_store_save (store, "local", b);
  glaux_draft_store_remove (store, "local", b->id);
  glaux_draft_store_flush (store);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);

  /* Removing what is not there is fine; saving again brings it back. */
  glaux_draft_store_remove (store, "local", "no-such-draft");
  glaux_draft_store_remove (store, "local", b->id);
  glaux_draft_store_save (store, "local", b);
  glaux_draft_store_flush (store);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
}

static void
test_unicode (void)
{
  const char *text = "# \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x90\x8d\n"
                     "s = \"quote \\\" and \\\\ backslash\\ttab\"\r\nnul-free \x7f end";
  g_autofree char *directory = new_directory ();
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  g_autoptr(GlauxDraft) draft = glaux_draft_new ("\xc3\x9c" "bersicht \xf0\x9f\x93\x8a", "python",
                                                 text);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  GlauxDraft *loaded;

  glaux_draft_store_save (store, "\xc3\xa9t\xc3\xa9", draft);
  glaux_draft_store_flush (store);
  drafts = glaux_draft_store_load (store, "\xc3\xa9t\xc3\xa9", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  loaded = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (loaded->title, ==, draft->title);
  g_assert_cmpstr (loaded->text, ==, text);
}

static void
test_corrupt_file (void)
{
  g_autofree char *directory = new_directory ();
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  g_autoptr(GlauxDraft) good = glaux_draft_new ("good", "python", "print('kept')");
  g_autoptr(GlauxDraft) bad = glaux_draft_new ("bad", "python", "to be truncated");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *bad_name = NULL;
  g_autofree char *contents = NULL;
  const char *name;

  glaux_draft_store_save (store, "local", good);
  glaux_draft_store_save (store, "local", bad);
  glaux_draft_store_flush (store);

  /* Simulate a crash of some other writer: half a JSON document. */
  dir = g_dir_open (directory, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  folder = g_build_filename (directory, name, NULL);
  bad_name = g_strconcat (bad->id, ".json", NULL);
  bad_path = g_build_filename (folder, bad_name, NULL);
  g_assert_true (g_file_get_contents (bad_path, &contents, NULL, NULL));
  contents[strlen (contents) / 2] = '\0';
  g_assert_true (g_file_set_contents (bad_path, contents, -1, NULL));

  n_skip_warnings = 0;
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_cmpuint (n_skip_warnings, ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((GlauxDraft *)g_ptr_array_index (drafts, 0))->text, ==, "print('kept')");
  /* It stays on disk: it may be the only copy. */
  g_assert_true (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  /* Garbage and valid JSON that is not a draft, through the async variant. */
  g_assert_true (g_file_set_contents (bad_path, "\xff\xfe garbage", -1, NULL));
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);

  g_assert_true (g_file_set_contents (bad_path, "[1, 2]", -1, NULL));
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = glaux_draft_store_load (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpuint (n_skip_warnings, ==, 3);

  /* The async load (a worker thread) of a clean workspace. */
  g_assert_cmpint (g_unlink (bad_path), ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  glaux_draft_store_load_async (store, "local", NULL, glaux_test_store_result_cb, &result);
  glaux_test_wait_result (&result, 10000);
  drafts = glaux_draft_store_load_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
}

/* Kill safety. A draft's versions are "<k>:" followed by k * 977 copies of a letter and "|end";
 * any partial write breaks that shape. */

static char *
kill_text (guint k)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%u:", k);
  for (guint i = 0; i < (k % 50 + 1) * 977; i++)
    g_string_append_c (text, 'a' + k % 26);
  g_string_append (text, "|end");

  return g_string_free (text, FALSE);
}

static gboolean
kill_text_valid (const char *text)
{
  g_autofree char *expected = NULL;
  guint64 k;
  char *end;

  k = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != ':')
    return FALSE;
  expected = kill_text ((guint)k);

  return g_str_equal (text, expected);
}

static int
child_writer (const char *directory)
{
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  GlauxDraft *drafts[KILL_DRAFTS];

  for (guint d = 0; d < KILL_DRAFTS; d++)
    {
      drafts[d] = glaux_draft_new ("kill", "python", NULL);
      g_free (drafts[d]->id);
      drafts[d]->id = g_strdup_printf ("draft-%u", d);
      drafts[d]->position = d;
    }

  for (guint k = 0; ; k++)
    {
      for (guint d = 0; d < KILL_DRAFTS; d++)
        {
          g_free (drafts[d]->text);
          drafts[d]->text = kill_text (k + d);
          glaux_draft_store_save (store, "kill", drafts[d]);
        }
      /* Let the writes finish now and then, so versions keep landing on disk. */
      if (k % 4 == 0)
        glaux_draft_store_flush (store);
      else
        g_main_context_iteration (NULL, FALSE);
      if (k == 8)
        {
          g_print ("writing\n");
          fflush (stdout);
        }
    }

  return 0;
}

static void
test_kill_safety (void)
{
  g_autofree char *directory = new_directory ();
  g_autoptr(GlauxDraftStore) store = glaux_draft_store_new (directory);
  char self_path[4096];
  gssize length;

  length = readlink ("/proc/self/exe", self_path, sizeof self_path - 1);
  g_assert_cmpint (length, >, 0);
  self_path[length] = '\0';

  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autoptr(GPtrArray) drafts = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_path,
                                "--child-writer", directory, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (line, ==, "writing");

      /* Kill it at a different moment each round. */
      g_usleep ((10 + g_random_int_range (0, 60)) * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));

      drafts = glaux_draft_store_load (store, "kill", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drafts->len, ==, KILL_DRAFTS);
      for (guint d = 0; d < KILL_DRAFTS; d++)
        {
          GlauxDraft *draft = g_ptr_array_index (drafts, d);
          g_autofree char *id = g_strdup_printf ("draft-%u", d);

          g_assert_nonnull (find_draft (drafts, id));
          g_assert_cmpstr (draft->id, ==, id);
          if (!kill_text_valid (draft->text))
            g_error ("round %u: draft %u is partial (%zu bytes)", round, d, strlen (draft->text));
        }
      g_test_message ("round %u: drafts at versions %.4s / %.4s / %.4s", round,
                      ((GlauxDraft *)g_ptr_array_index (drafts, 0))->text,
                      ((GlauxDraft *)g_ptr_array_index (drafts, 1))->text,
                      ((GlauxDraft *)g_ptr_array_index (drafts, 2))->text);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--child-writer"))
    return child_writer (argv[2]);

  g_log_set_writer_func (log_writer, NULL, NULL);
  glaux_test_init (&argc, &argv);

  g_test_add_func ("/draft-store/save-load", test_save_load);
  g_test_add_func ("/draft-store/workspace-keys", test_workspace_keys);
  g_test_add_func ("/draft-store/coalesce", test_coalesce);
  g_test_add_func ("/draft-store/remove", test_remove);
  g_test_add_func ("/draft-store/unicode", test_unicode);
  g_test_add_func ("/draft-store/corrupt-file", test_corrupt_file);
  g_test_add_func ("/draft-store/kill-safety", test_kill_safety);

  return g_test_run ();
}
