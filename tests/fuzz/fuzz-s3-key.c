/* fuzz-s3-key.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* S3 keys: glaux-local's validator and store, and the client's s3:// parser and URL builder.
 * The invariant: a key glaux-local accepts is stored at <data>/<bucket>/<key> exactly, never
 * elsewhere, even with symbolic links planted in the bucket; a key it refuses stores nothing.
 * The input is the key (percent-decoded, as the handler passes it; it may hold NUL bytes). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glaux-fuzz-util.h"
#include "glaux-local-s3.h"
#include "glaux-s3-uri.h"

#define BUCKET "fuzz-bucket"

static GlauxLocalS3 *store;
static char *root;
static char *outside;
static GBytes *payload;
static char *link_path;
static char *root_link_path;

static void
die (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
die (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bucket_path = NULL;

  glaux_fuzz_init ();

  root = g_build_filename (glaux_fuzz_get_tmpdir (), "s3", NULL);
  outside = g_build_filename (glaux_fuzz_get_tmpdir (), "outside", NULL);
  g_mkdir_with_parents (outside, 0700);
  store = glaux_local_s3_new (root, &error);
  if (store == NULL || !glaux_local_s3_create_bucket (store, BUCKET, TRUE, &error))
    die ("glaux-fuzz: %s", error->message);

  /* Links a key could try to walk through: to a folder outside the data folder and to /. */
  bucket_path = g_build_filename (root, BUCKET, NULL);
  link_path = g_build_filename (bucket_path, "out", NULL);
  root_link_path = g_build_filename (bucket_path, "slash", NULL);
  payload = g_bytes_new_static ("fuzz", 4);

  return 0;
}

/* A key may replace a link with an object, and deleting it removes it: plant them again. */
static void
plant_links (void)
{
  if ((symlink (outside, link_path) != 0 && errno != EEXIST)
      || (symlink ("/", root_link_path) != 0 && errno != EEXIST))
    die ("glaux-fuzz: symlink: %s", g_strerror (errno));
}

/* Where the descriptor really points, from /proc. */
static char *
fd_path (int fd)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);

  return g_file_read_link (proc, NULL);
}

static void
check_outside_empty (void)
{
  g_autoptr(GDir) dir = g_dir_open (outside, 0, NULL);

  if (dir == NULL || g_dir_read_name (dir) != NULL)
    die ("glaux-fuzz: something was written outside the data folder (%s)", outside);
}

static void
check_local_store (const char *key,
                   gsize       length)
{
  g_autoptr(GError) validate_error = NULL;
  g_autoptr(GError) put_error = NULL;
  gboolean valid = glaux_local_s3_key_validate (key, length, &validate_error);
  gboolean stored;

  g_assert (valid == (validate_error == NULL));
  if (strlen (key) != length)
    {
      /* A NUL byte: the store's functions take C strings, so only the validator sees it. */
      if (valid)
        die ("glaux-fuzz: a key with a NUL byte was accepted");
      return;
    }

  stored = glaux_local_s3_put_bytes (store, BUCKET, key, payload, &put_error);
  if (!valid && stored)
    die ("glaux-fuzz: the store wrote key '%s' that the validator refuses (%s)",
         key, validate_error->message);

  if (stored)
    {
      g_autofree char *expected = g_build_filename (root, BUCKET, key, NULL);
      g_autofree char *actual = NULL;
      g_autoptr(GError) error = NULL;
      struct stat st;
      int fd = glaux_local_s3_open_object (store, BUCKET, key, &st, &error);

      if (fd < 0)
        die ("glaux-fuzz: key '%s' was stored but cannot be opened: %s", key, error->message);
      if (!S_ISREG (st.st_mode) || st.st_size != 4)
        die ("glaux-fuzz: key '%s' opens something else than the object stored", key);
      actual = fd_path (fd);
      close (fd);
      if (g_strcmp0 (actual, expected) != 0)
        die ("glaux-fuzz: key '%s' was stored at %s, not %s", key, actual, expected);
      if (!glaux_local_s3_delete_object (store, BUCKET, key, &error))
        die ("glaux-fuzz: key '%s' was stored but cannot be deleted: %s", key, error->message);
    }
  check_outside_empty ();
}

/* The client side: s3:// locations typed by the user, keys in request URLs. */
static void
check_client (const char *key)
{
  g_autofree char *text = g_strconcat ("s3://" BUCKET "/", key, NULL);
  g_autoptr(GlauxS3Uri) uri = NULL;
  g_autoptr(GlauxS3Uri) raw = glaux_s3_uri_parse (key, FALSE, NULL);
  g_autofree char *encoded = glaux_s3_encode_key (key);
  g_autofree char *url = NULL;
  g_autofree char *local_bucket = NULL;
  g_autofree char *local_key = NULL;

  glaux_s3_validate_key (key, NULL);
  for (const char *c = encoded; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("-._~/%", *c) == NULL)
      die ("glaux-fuzz: the encoded key '%s' has a raw '%c'", encoded, *c);

  uri = glaux_s3_uri_parse (text, TRUE, NULL);
  if (uri != NULL)
    {
      g_autofree char *again_text = glaux_s3_uri_to_string (uri);
      g_autoptr(GlauxS3Uri) again = glaux_s3_uri_parse (again_text, TRUE, NULL);

      if (again == NULL || g_strcmp0 (again->bucket, uri->bucket) != 0
          || g_strcmp0 (again->key, uri->key) != 0)
        die ("glaux-fuzz: '%s' does not parse back to the same location", again_text);
      url = glaux_s3_build_url ("https://s3.eu-west-1.amazonaws.com", uri->bucket, uri->key,
                                FALSE, NULL);
      g_clear_pointer (&url, g_free);
      url = glaux_s3_build_url ("http://127.0.0.1:9000", uri->bucket, uri->key, TRUE, NULL);
    }

  if (raw != NULL)
    g_free (glaux_s3_uri_to_string (raw));

  if (glaux_local_s3_parse_uri (key, &local_bucket, &local_key, NULL))
    g_assert (local_bucket != NULL && local_key != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* NUL-terminated, but with any NUL bytes of the input kept. */
  g_autofree char *key = g_malloc (size + 1);

  memcpy (key, data, size);
  key[size] = '\0';
  plant_links ();
  check_local_store (key, size);
  check_client (key);

  return 0;
}
