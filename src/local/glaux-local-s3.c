/* glaux-local-s3.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-local-s3"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "glaux-local-s3.h"

/* The object store behind glaux-local's S3 subset: bucket = folder under the root, key = path
 * below it. Every path is walked one segment at a time with openat (O_NOFOLLOW), so neither a
 * crafted key nor a symbolic link planted in a bucket can reach a file outside the root. All
 * methods are plain system calls on an immutable root (and a locked ETag cache), so
 * calculation threads may use them.
 *
 * ETags: S3 gives a single-part object the MD5 of its body. Hashing 100 MB takes ~200 ms, far
 * too slow for every GET, so the MD5 is computed while an object is written (PUT bodies are
 * hashed as they stream in, results as they are committed) and recorded, in memory and in a
 * small file under META_FOLDER, with the file's identity: device, inode, size and mtime in
 * nanoseconds. A file changed or dropped in behind glaux-local's back no longer matches its
 * record and is hashed again, once, on its next GET (in a worker thread). */
struct _GlauxLocalS3
{
  GObject     parent_instance;

  char       *root;
  char       *temp_dir;
  int         root_fd;
  int         meta_fd;

  GMutex      etags_lock;
  GHashTable *etags;            /* "bucket/key" → EtagRecord */
};

typedef struct
{
  guint64 dev;
  guint64 ino;
  gint64  size;
  gint64  mtime_ns;
  char    md5[33];
} EtagRecord;

G_DEFINE_FINAL_TYPE (GlauxLocalS3, glaux_local_s3, G_TYPE_OBJECT)

G_DEFINE_QUARK (glaux-local-s3-error-quark, glaux_local_s3_error)

#define MAX_KEY_LENGTH     1024
#define MAX_SEGMENT_LENGTH 255
#define TEMP_FOLDER        ".glaux-tmp"
/* Not a valid bucket name either, so never visible over S3. */
#define META_FOLDER        ".glaux-etags"

static const struct
{
  const char *code;
  guint       status;
} s3_errors[] = {
  [GLAUX_LOCAL_S3_ERROR_NO_SUCH_BUCKET] = { "NoSuchBucket", 404 },
  [GLAUX_LOCAL_S3_ERROR_NO_SUCH_KEY] = { "NoSuchKey", 404 },
  [GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME] = { "InvalidBucketName", 400 },
  [GLAUX_LOCAL_S3_ERROR_INVALID_KEY] = { "InvalidArgument", 400 },
  [GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG] = { "KeyTooLongError", 400 },
  [GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT] = { "InvalidArgument", 400 },
  [GLAUX_LOCAL_S3_ERROR_INVALID_RANGE] = { "InvalidRange", 416 },
  [GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED] = { "AccessDenied", 403 },
  [GLAUX_LOCAL_S3_ERROR_INVALID_ACCESS_KEY_ID] = { "InvalidAccessKeyId", 403 },
  [GLAUX_LOCAL_S3_ERROR_SIGNATURE_MISMATCH] = { "SignatureDoesNotMatch", 403 },
  [GLAUX_LOCAL_S3_ERROR_TIME_SKEWED] = { "RequestTimeTooSkewed", 403 },
  [GLAUX_LOCAL_S3_ERROR_CONTENT_SHA256_MISMATCH] = { "XAmzContentSHA256Mismatch", 400 },
  [GLAUX_LOCAL_S3_ERROR_AUTHORIZATION_MALFORMED] = { "AuthorizationHeaderMalformed", 400 },
  [GLAUX_LOCAL_S3_ERROR_INVALID_TOKEN] = { "InvalidToken", 400 },
  [GLAUX_LOCAL_S3_ERROR_ENTITY_TOO_LARGE] = { "EntityTooLarge", 400 },
  [GLAUX_LOCAL_S3_ERROR_INCOMPLETE_BODY] = { "IncompleteBody", 400 },
  [GLAUX_LOCAL_S3_ERROR_METHOD_NOT_ALLOWED] = { "MethodNotAllowed", 405 },
  [GLAUX_LOCAL_S3_ERROR_NOT_IMPLEMENTED] = { "NotImplemented", 501 },
  [GLAUX_LOCAL_S3_ERROR_BUCKET_EXISTS] = { "BucketAlreadyOwnedByYou", 409 },
  [GLAUX_LOCAL_S3_ERROR_INTERNAL] = { "InternalError", 500 },
};

const char *
glaux_local_s3_error_get_code (const GError *error)
{
  if (error->domain != GLAUX_LOCAL_S3_ERROR || error->code < 0
      || (gsize)error->code >= G_N_ELEMENTS (s3_errors))
    return "InternalError";

  return s3_errors[error->code].code;
}

guint
glaux_local_s3_error_get_status (const GError *error)
{
  if (error->domain != GLAUX_LOCAL_S3_ERROR || error->code < 0
      || (gsize)error->code >= G_N_ELEMENTS (s3_errors))
    return 500;

  return s3_errors[error->code].status;
}

static void
glaux_local_s3_finalize (GObject *object)
{
  GlauxLocalS3 *self = (GlauxLocalS3 *)object;

  if (self->root_fd >= 0)
    close (self->root_fd);
  if (self->meta_fd >= 0)
    close (self->meta_fd);
  g_clear_pointer (&self->etags, g_hash_table_unref);
  g_mutex_clear (&self->etags_lock);
  g_clear_pointer (&self->root, g_free);
  g_clear_pointer (&self->temp_dir, g_free);

  G_OBJECT_CLASS (glaux_local_s3_parent_class)->finalize (object);
}

static void
glaux_local_s3_class_init (GlauxLocalS3Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_local_s3_finalize;
}

static void
glaux_local_s3_init (GlauxLocalS3 *self)
{
  self->root_fd = -1;
  self->meta_fd = -1;
  g_mutex_init (&self->etags_lock);
  self->etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Keys can hold any byte; show them escaped so a NUL or a newline cannot hide in a message. */
static char *
printable_key (const char *key,
               gsize       length)
{
  g_autoptr(GString) out = g_string_sized_new (length + 8);

  for (gsize i = 0; i < length && i < 200; i++)
    {
      guchar c = (guchar)key[i];

      if (c < 0x20 || c == 0x7f || c == '\\')
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char)c);
    }
  if (length > 200)
    g_string_append (out, "...");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * glaux_local_s3_key_validate:
 * @key: the object key, already percent-decoded
 * @length: its length in bytes (a key may hold a NUL byte, which is refused)
 *
 * Checks that @key names a file strictly inside its bucket folder: 1..1024 bytes of UTF-8, no
 * NUL, no backslash, not absolute, no empty, "." or ".." segment, no segment over 255 bytes.
 * Pure function: it looks at no file.
 *
 * Returns: %TRUE when the key is acceptable
 */
gboolean
glaux_local_s3_key_validate (const char  *key,
                             gsize        length,
                             GError     **error)
{
  g_autofree char *shown = NULL;
  gsize start = 0;

  if (key == NULL || length == 0)
    {
      g_set_error_literal (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                           "The object key is empty.");
      return FALSE;
    }

  shown = printable_key (key, length);

  if (length > MAX_KEY_LENGTH)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG,
                   "Your key is too long: %" G_GSIZE_FORMAT " bytes, the limit is %d.",
                   length, MAX_KEY_LENGTH);
      return FALSE;
    }
  if (memchr (key, '\0', length) != NULL)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                   "Object key '%s' contains a NUL byte.", shown);
      return FALSE;
    }
  if (!g_utf8_validate_len (key, length, NULL))
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                   "Object key '%s' is not valid UTF-8.", shown);
      return FALSE;
    }
  if (memchr (key, '\\', length) != NULL)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                   "Object key '%s' contains a backslash, which glaux-local refuses.", shown);
      return FALSE;
    }
  if (key[0] == '/')
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                   "Object key '%s' is an absolute path (it starts with '/').", shown);
      return FALSE;
    }

  for (gsize i = 0; i <= length; i++)
    {
      gsize segment;

      if (i < length && key[i] != '/')
        continue;

      segment = i - start;
      if (segment == 0)
        {
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                       "Object key '%s' has an empty path segment ('//' or a trailing '/'); "
                       "glaux-local stores objects as files.", shown);
          return FALSE;
        }
      if ((segment == 1 && key[start] == '.')
          || (segment == 2 && key[start] == '.' && key[start + 1] == '.'))
        {
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_KEY,
                       "Object key '%s' has a '.' or '..' path segment.", shown);
          return FALSE;
        }
      if (segment > MAX_SEGMENT_LENGTH)
        {
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_KEY_TOO_LONG,
                       "Your key is too long: a path segment of '%s' has %" G_GSIZE_FORMAT
                       " bytes, the limit is %d.", shown, segment, MAX_SEGMENT_LENGTH);
          return FALSE;
        }
      start = i + 1;
    }

  return TRUE;
}

/* S3's naming rules; they also keep the bucket a single plain folder name. */
gboolean
glaux_local_s3_bucket_validate (const char  *bucket,
                                GError     **error)
{
  gsize length = bucket != NULL ? strlen (bucket) : 0;

  if (length < 3 || length > 63)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME,
                   "The specified bucket is not valid: '%s' must be 3 to 63 characters long.",
                   bucket != NULL ? bucket : "");
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = bucket[i];
      gboolean alnum = g_ascii_islower (c) || g_ascii_isdigit (c);

      if (!alnum && c != '.' && c != '-')
        {
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME,
                       "The specified bucket is not valid: '%s' may hold only lowercase "
                       "letters, digits, '.' and '-'.", bucket);
          return FALSE;
        }
      if ((i == 0 || i == length - 1) && !alnum)
        {
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME,
                       "The specified bucket is not valid: '%s' must start and end with a "
                       "letter or digit.", bucket);
          return FALSE;
        }
    }

  if (strstr (bucket, "..") != NULL)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_BUCKET_NAME,
                   "The specified bucket is not valid: '%s' contains '..'.", bucket);
      return FALSE;
    }

  return TRUE;
}

/* Uploads and results in progress when glaux-local was killed: never committed, never visible,
 * only taking space. */
static void
remove_stale_temp_files (const char *temp_dir)
{
  g_autoptr(GDir) dir = g_dir_open (temp_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, name, NULL);

      if (g_str_has_prefix (name, "upload-") && g_unlink (path) != 0)
        g_warning ("Cannot remove the unfinished upload %s: %s", path, g_strerror (errno));
    }
}

GlauxLocalS3 *
glaux_local_s3_new (const char  *root,
                    GError     **error)
{
  g_autoptr(GlauxLocalS3) self = g_object_new (GLAUX_LOCAL_TYPE_S3, NULL);
  int saved_errno;

  if (g_mkdir_with_parents (root, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the S3 folder %s: %s", root, g_strerror (saved_errno));
      return NULL;
    }

  self->root = g_strdup (root);
  self->temp_dir = g_build_filename (root, TEMP_FOLDER, NULL);
  g_mkdir_with_parents (self->temp_dir, 0700);
  remove_stale_temp_files (self->temp_dir);
  self->root_fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->root_fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot open the S3 folder %s: %s", root, g_strerror (saved_errno));
      return NULL;
    }

  /* Without it ETags still work, from memory only (and hashed again after a restart). */
  if (mkdirat (self->root_fd, META_FOLDER, 0700) != 0 && errno != EEXIST)
    g_warning ("Cannot create %s/%s: %s", root, META_FOLDER, g_strerror (errno));
  self->meta_fd = openat (self->root_fd, META_FOLDER,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  return g_steal_pointer (&self);
}

const char *
glaux_local_s3_get_root (GlauxLocalS3 *self)
{
  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), NULL);

  return self->root;
}

static int
open_bucket (GlauxLocalS3  *self,
             const char    *bucket,
             GError       **error)
{
  int fd;

  if (!glaux_local_s3_bucket_validate (bucket, error))
    return -1;

  fd = openat (self->root_fd, bucket, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_NO_SUCH_BUCKET,
                 "The specified bucket does not exist: %s", bucket);

  return fd;
}

static gboolean
set_walk_error (GError     **error,
                int          saved_errno,
                gboolean     create,
                const char  *key)
{
  g_autofree char *shown = printable_key (key, strlen (key));

  if (saved_errno == ELOOP)
    g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_ACCESS_DENIED,
                 "Access Denied: object key '%s' passes through a symbolic link, which "
                 "glaux-local never follows.", shown);
  else if (saved_errno == ENOTDIR && create)
    g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT,
                 "Object key '%s' needs a folder where an object already exists; "
                 "glaux-local stores objects as files.", shown);
  else if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_NO_SUCH_KEY,
                 "The specified key does not exist: %s", shown);
  else
    g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                 "Cannot reach object '%s': %s", shown, g_strerror (saved_errno));

  return FALSE;
}

/* Opens the folder that holds @key's last segment, creating folders on the way when @create;
 * *leaf points into @key at that last segment. */
static int
open_parent (GlauxLocalS3  *self,
             const char    *bucket,
             const char    *key,
             gboolean       create,
             const char   **leaf,
             GError       **error)
{
  g_auto(GStrv) segments = NULL;
  guint n_segments;
  int dir_fd;

  if (!glaux_local_s3_key_validate (key, strlen (key), error))
    return -1;
  dir_fd = open_bucket (self, bucket, error);
  if (dir_fd < 0)
    return -1;

  segments = g_strsplit (key, "/", -1);
  n_segments = g_strv_length (segments);

  for (guint i = 0; i + 1 < n_segments; i++)
    {
      int next = openat (dir_fd, segments[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      if (next < 0 && errno == ENOENT && create)
        {
          if (mkdirat (dir_fd, segments[i], 0755) != 0 && errno != EEXIST)
            {
              int saved_errno = errno;

              close (dir_fd);
              set_walk_error (error, saved_errno, create, key);
              return -1;
            }
          next = openat (dir_fd, segments[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
      if (next < 0)
        {
          int saved_errno = errno;
          struct stat st;

          /* O_DIRECTORY|O_NOFOLLOW on a link fails with ENOTDIR: name it for what it is. */
          if (fstatat (dir_fd, segments[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
            saved_errno = ELOOP;
          close (dir_fd);
          set_walk_error (error, saved_errno, create, key);
          return -1;
        }
      close (dir_fd);
      dir_fd = next;
    }

  *leaf = strrchr (key, '/') != NULL ? strrchr (key, '/') + 1 : key;

  return dir_fd;
}

/* Returns a read-only descriptor of the object's file (never through a link), filling @st. */
int
glaux_local_s3_open_object (GlauxLocalS3  *self,
                            const char    *bucket,
                            const char    *key,
                            struct stat   *st,
                            GError       **error)
{
  const char *leaf = NULL;
  int dir_fd;
  int fd;
  int saved_errno;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), -1);

  dir_fd = open_parent (self, bucket, key, FALSE, &leaf, error);
  if (dir_fd < 0)
    return -1;

  fd = openat (dir_fd, leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  saved_errno = errno;
  close (dir_fd);
  if (fd < 0)
    {
      set_walk_error (error, saved_errno, FALSE, key);
      return -1;
    }

  if (fstat (fd, st) != 0 || !S_ISREG (st->st_mode))
    {
      close (fd);
      set_walk_error (error, ENOENT, FALSE, key);
      return -1;
    }

  return fd;
}

/* ETag records */

static gint64
stat_mtime_ns (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

static gboolean
record_matches (const EtagRecord  *record,
                const struct stat *st)
{
  return record->dev == (guint64) st->st_dev && record->ino == (guint64) st->st_ino
         && record->size == (gint64) st->st_size && record->mtime_ns == stat_mtime_ns (st);
}

static char *
record_name (const char *bucket,
             const char *key)
{
  g_autofree char *path = g_strconcat (bucket, "/", key, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
}

static gboolean
is_md5_hex (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* The record file: "dev ino size mtime_ns md5\n", written to a temporary name and renamed. */
static void
write_record_file (GlauxLocalS3     *self,
                   const char       *name,
                   const EtagRecord *record)
{
  g_autofree char *text = NULL;
  g_autofree char *temp_name = NULL;
  gsize length;
  int fd;

  if (self->meta_fd < 0)
    return;

  text = g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %"
                          G_GINT64_FORMAT " %s\n", record->dev, record->ino, record->size,
                          record->mtime_ns, record->md5);
  length = strlen (text);
  temp_name = g_strdup_printf ("%s.%08x", name, g_random_int ());
  fd = openat (self->meta_fd, temp_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
               0600);
  if (fd < 0)
    return;
  if (write (fd, text, length) != (gssize) length)
    {
      close (fd);
      unlinkat (self->meta_fd, temp_name, 0);
      return;
    }
  close (fd);
  if (renameat (self->meta_fd, temp_name, self->meta_fd, name) != 0)
    unlinkat (self->meta_fd, temp_name, 0);
}

static gboolean
read_record_file (GlauxLocalS3 *self,
                  const char   *name,
                  EtagRecord   *record)
{
  char text[256];
  char md5[64];
  gssize n;
  int fd;

  if (self->meta_fd < 0)
    return FALSE;

  fd = openat (self->meta_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return FALSE;
  n = read (fd, text, sizeof text - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  text[n] = '\0';

  if (sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %"
              G_GINT64_FORMAT " %63s", &record->dev, &record->ino, &record->size,
              &record->mtime_ns, md5) != 5 || !is_md5_hex (md5))
    return FALSE;
  memcpy (record->md5, md5, 33);

  return TRUE;
}

/* Records @md5_hex as the ETag of bucket/key while the file has the identity in @st. */
static void
remember_md5 (GlauxLocalS3      *self,
              const char        *bucket,
              const char        *key,
              const struct stat *st,
              const char        *md5_hex)
{
  g_autofree char *name = record_name (bucket, key);
  EtagRecord *record = g_new0 (EtagRecord, 1);

  g_return_if_fail (is_md5_hex (md5_hex));

  record->dev = st->st_dev;
  record->ino = st->st_ino;
  record->size = st->st_size;
  record->mtime_ns = stat_mtime_ns (st);
  memcpy (record->md5, md5_hex, 33);

  write_record_file (self, name, record);

  g_mutex_lock (&self->etags_lock);
  g_hash_table_replace (self->etags, g_strconcat (bucket, "/", key, NULL), record);
  g_mutex_unlock (&self->etags_lock);
}

static void
forget_md5 (GlauxLocalS3 *self,
            const char   *bucket,
            const char   *key)
{
  g_autofree char *name = record_name (bucket, key);
  g_autofree char *path = g_strconcat (bucket, "/", key, NULL);

  g_mutex_lock (&self->etags_lock);
  g_hash_table_remove (self->etags, path);
  g_mutex_unlock (&self->etags_lock);

  if (self->meta_fd >= 0)
    unlinkat (self->meta_fd, name, 0);
}

/**
 * glaux_local_s3_lookup_md5:
 * @st: the object file's stat (from glaux_local_s3_open_object)
 *
 * Never reads the object: answers from the record made when the object was written or last
 * hashed, if the file still has the same device, inode, size and mtime.
 *
 * Returns: (transfer full) (nullable): the MD5 in hex, or NULL when the object must be hashed
 *   (glaux_local_s3_hash_object)
 */
char *
glaux_local_s3_lookup_md5 (GlauxLocalS3      *self,
                           const char        *bucket,
                           const char        *key,
                           const struct stat *st)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  EtagRecord *record;
  EtagRecord from_file;
  char *md5 = NULL;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), NULL);

  path = g_strconcat (bucket, "/", key, NULL);
  g_mutex_lock (&self->etags_lock);
  record = g_hash_table_lookup (self->etags, path);
  if (record != NULL && record_matches (record, st))
    md5 = g_strdup (record->md5);
  g_mutex_unlock (&self->etags_lock);
  if (md5 != NULL || record != NULL)
    return md5;

  /* Not seen since start: a record file left by an earlier run may still hold. */
  name = record_name (bucket, key);
  if (!read_record_file (self, name, &from_file))
    return NULL;

  g_mutex_lock (&self->etags_lock);
  g_hash_table_replace (self->etags, g_steal_pointer (&path),
                        g_memdup2 (&from_file, sizeof from_file));
  g_mutex_unlock (&self->etags_lock);

  return record_matches (&from_file, st) ? g_strdup (from_file.md5) : NULL;
}

static char *
md5_of_fd (int           fd,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  goffset offset = 0;

  for (;;)
    {
      gssize n = pread (fd, buffer, 1024 * 1024, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                       "Cannot read an object to compute its ETag: %s",
                       g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_checksum_update (checksum, buffer, n);
      offset += n;
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * glaux_local_s3_hash_object:
 * @fd: the object's descriptor (from glaux_local_s3_open_object)
 *
 * Reads the whole object to compute its MD5 and records it for later lookups (unless the file
 * changed while it was read). Blocking: call it in a worker thread.
 *
 * Returns: (transfer full): the MD5 in hex, or NULL with @error set
 */
char *
glaux_local_s3_hash_object (GlauxLocalS3  *self,
                            const char    *bucket,
                            const char    *key,
                            int            fd,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *md5 = NULL;
  struct stat before, after;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), NULL);

  if (fstat (fd, &before) != 0)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot read object %s/%s: %s", bucket, key, g_strerror (errno));
      return NULL;
    }

  md5 = md5_of_fd (fd, cancellable, error);
  if (md5 == NULL)
    return NULL;

  if (fstat (fd, &after) == 0 && before.st_size == after.st_size
      && stat_mtime_ns (&before) == stat_mtime_ns (&after))
    remember_md5 (self, bucket, key, &after, md5);

  return g_steal_pointer (&md5);
}

/* A new empty file in the store's private temporary folder (not a valid bucket name, so never
 * visible over S3), to be filled and then moved into place with glaux_local_s3_commit_temp. */
int
glaux_local_s3_create_temp (GlauxLocalS3  *self,
                            char         **temp_path,
                            GError       **error)
{
  g_autofree char *path = g_build_filename (self->temp_dir, "upload-XXXXXX", NULL);
  int fd;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), -1);

  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot create a temporary file in %s: %s", self->temp_dir,
                   g_strerror (saved_errno));
      return -1;
    }

  *temp_path = g_steal_pointer (&path);

  return fd;
}

/* Atomically moves a finished temporary file to bucket/key: readers see the old object or the
 * new one, never a partial file. The temporary file is removed on failure. Its MD5 (the ETag)
 * is computed here, while the data is fresh in the page cache, so GET never has to; callers
 * that hashed the bytes as they wrote them use glaux_local_s3_commit_temp_with_md5(). */
gboolean
glaux_local_s3_commit_temp (GlauxLocalS3  *self,
                            const char    *temp_path,
                            const char    *bucket,
                            const char    *key,
                            GError       **error)
{
  return glaux_local_s3_commit_temp_with_md5 (self, temp_path, bucket, key, NULL, error);
}

/**
 * glaux_local_s3_commit_temp_with_md5:
 * @md5_hex: (nullable): the MD5 of the file's bytes in hex, or NULL to compute it here
 *
 * glaux_local_s3_commit_temp() with the ETag already known, recorded with the file's identity
 * (rename keeps the inode and mtime), so a later GET answers without reading the object.
 */
gboolean
glaux_local_s3_commit_temp_with_md5 (GlauxLocalS3  *self,
                                     const char    *temp_path,
                                     const char    *bucket,
                                     const char    *key,
                                     const char    *md5_hex,
                                     GError       **error)
{
  g_autofree char *computed = NULL;
  const char *leaf = NULL;
  struct stat temp_st;
  struct stat st;
  gboolean known;
  int dir_fd;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), FALSE);

  known = lstat (temp_path, &temp_st) == 0 && S_ISREG (temp_st.st_mode);
  if (known && !is_md5_hex (md5_hex))
    {
      int fd = open (temp_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

      computed = fd >= 0 ? md5_of_fd (fd, NULL, NULL) : NULL;
      if (fd >= 0)
        close (fd);
      md5_hex = computed;
      known = computed != NULL;
    }

  dir_fd = open_parent (self, bucket, key, TRUE, &leaf, error);
  if (dir_fd < 0)
    {
      g_unlink (temp_path);
      return FALSE;
    }

  if (fstatat (dir_fd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
    {
      g_autofree char *shown = printable_key (key, strlen (key));

      close (dir_fd);
      g_unlink (temp_path);
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT,
                   "Object key '%s' names a folder that holds other objects; glaux-local "
                   "stores objects as files.", shown);
      return FALSE;
    }

  /* rename replaces a symbolic link itself, never the file it points to. */
  if (renameat (AT_FDCWD, temp_path, dir_fd, leaf) != 0)
    {
      int saved_errno = errno;

      close (dir_fd);
      g_unlink (temp_path);
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot store object %s/%s: %s", bucket, key, g_strerror (saved_errno));
      return FALSE;
    }

  close (dir_fd);

  if (known)
    remember_md5 (self, bucket, key, &temp_st, md5_hex);
  else
    forget_md5 (self, bucket, key);

  return TRUE;
}

gboolean
glaux_local_s3_put_bytes (GlauxLocalS3  *self,
                          const char    *bucket,
                          const char    *key,
                          GBytes        *bytes,
                          GError       **error)
{
  g_autofree char *temp_path = NULL;
  g_autofree char *md5 = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gsize written = 0;
  int fd;

  fd = glaux_local_s3_create_temp (self, &temp_path, error);
  if (fd < 0)
    return FALSE;

  while (written < length)
    {
      gssize n = write (fd, data + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (temp_path);
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                       "Cannot write object %s/%s: %s", bucket, key, g_strerror (saved_errno));
          return FALSE;
        }
      written += n;
    }
  close (fd);

  md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, data != NULL ? data : (const guint8 *) "",
                                     length);

  return glaux_local_s3_commit_temp_with_md5 (self, temp_path, bucket, key, md5, error);
}

/* S3 semantics: deleting a missing key succeeds; a missing bucket does not. */
gboolean
glaux_local_s3_delete_object (GlauxLocalS3  *self,
                              const char    *bucket,
                              const char    *key,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *leaf = NULL;
  int dir_fd;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), FALSE);

  dir_fd = open_parent (self, bucket, key, FALSE, &leaf, &local_error);
  if (dir_fd < 0)
    {
      if (g_error_matches (local_error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_NO_SUCH_KEY))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (unlinkat (dir_fd, leaf, 0) != 0 && errno != ENOENT && errno != EISDIR)
    {
      int saved_errno = errno;

      close (dir_fd);
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot delete object %s/%s: %s", bucket, key, g_strerror (saved_errno));
      return FALSE;
    }
  close (dir_fd);
  forget_md5 (self, bucket, key);

  return TRUE;
}

gboolean
glaux_local_s3_create_bucket (GlauxLocalS3  *self,
                              const char    *bucket,
                              gboolean       exist_ok,
                              GError       **error)
{
  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), FALSE);

  if (!glaux_local_s3_bucket_validate (bucket, error))
    return FALSE;

  if (mkdirat (self->root_fd, bucket, 0755) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        {
          if (exist_ok)
            return TRUE;
          g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_BUCKET_EXISTS,
                       "Your previous request to create the named bucket succeeded and you "
                       "already own it: %s", bucket);
          return FALSE;
        }
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot create bucket %s: %s", bucket, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

GPtrArray *
glaux_local_s3_list_buckets (GlauxLocalS3  *self,
                             GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DIR *dir;
  struct dirent *entry;
  int fd;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), NULL);

  fd = dup (self->root_fd);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INTERNAL,
                   "Cannot read the S3 folder %s", self->root);
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  rewinddir (dir);

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (!glaux_local_s3_bucket_validate (entry->d_name, NULL))
        continue;
      if (fstatat (self->root_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
          && S_ISDIR (st.st_mode))
        g_ptr_array_add (names, g_strdup (entry->d_name));
    }
  closedir (dir);

  g_ptr_array_sort (names, compare_names);

  return g_steal_pointer (&names);
}

typedef struct
{
  char   *key;
  goffset size;
  gint64  mtime;
} ObjectEntry;

static void
object_entry_free (gpointer data)
{
  ObjectEntry *entry = data;

  g_free (entry->key);
  g_free (entry);
}

static int
object_entry_compare (gconstpointer a,
                      gconstpointer b)
{
  const ObjectEntry *ea = *(ObjectEntry * const *)a;
  const ObjectEntry *eb = *(ObjectEntry * const *)b;

  return strcmp (ea->key, eb->key);
}

/* TRUE when a folder at @path (ending in '/') may hold keys starting with @prefix. */
static gboolean
folder_may_match (const char *path,
                  const char *prefix)
{
  gsize path_length = strlen (path);
  gsize prefix_length = strlen (prefix);

  return strncmp (path, prefix, MIN (path_length, prefix_length)) == 0;
}

static void
walk_folder (int          dir_fd,
             const char  *path,
             const char  *prefix,
             GPtrArray   *out)
{
  DIR *dir;
  struct dirent *entry;
  int fd = dup (dir_fd);

  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }

  while ((entry = readdir (dir)) != NULL)
    {
      g_autofree char *key = NULL;
      struct stat st;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (fstatat (dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;

      key = g_strconcat (path, entry->d_name, NULL);
      if (S_ISDIR (st.st_mode))
        {
          g_autofree char *folder = g_strconcat (key, "/", NULL);
          int child;

          if (!folder_may_match (folder, prefix))
            continue;
          child = openat (dir_fd, entry->d_name,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (child < 0)
            continue;
          walk_folder (child, folder, prefix, out);
          close (child);
        }
      else if (S_ISREG (st.st_mode) && g_str_has_prefix (key, prefix))
        {
          ObjectEntry *object = g_new0 (ObjectEntry, 1);

          object->key = g_steal_pointer (&key);
          object->size = st.st_size;
          object->mtime = st.st_mtime;
          g_ptr_array_add (out, object);
        }
    }
  closedir (dir);
}

/* Continuation tokens are base64 of "k<last key>" or "p<last common prefix>". */
static char *
make_token (char        kind,
            const char *value)
{
  g_autofree char *raw = g_strdup_printf ("%c%s", kind, value);

  return g_base64_encode ((const guchar *)raw, strlen (raw));
}

static gboolean
parse_token (const char  *token,
             char        *kind,
             char       **value,
             GError     **error)
{
  gsize length = 0;
  g_autofree guchar *raw = g_base64_decode (token, &length);

  if (raw == NULL || length < 2 || (raw[0] != 'k' && raw[0] != 'p')
      || memchr (raw, '\0', length) != NULL || !g_utf8_validate_len ((char *)raw, length, NULL))
    {
      g_set_error_literal (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT,
                           "The continuation token provided is incorrect");
      return FALSE;
    }

  *kind = raw[0];
  *value = g_strndup ((char *)raw + 1, length - 1);

  return TRUE;
}

GlauxLocalS3Listing *
glaux_local_s3_list_objects (GlauxLocalS3  *self,
                             const char    *bucket,
                             const char    *prefix,
                             const char    *delimiter,
                             const char    *start_after,
                             const char    *continuation_token,
                             guint          max_keys,
                             GError       **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (object_entry_free);
  g_autoptr(GlauxLocalS3Listing) listing = g_new0 (GlauxLocalS3Listing, 1);
  g_autofree char *resume = NULL;
  char resume_kind = 'k';
  const char *last_prefix = NULL;
  int bucket_fd;

  g_return_val_if_fail (GLAUX_LOCAL_IS_S3 (self), NULL);

  prefix = prefix != NULL ? prefix : "";
  if (delimiter != NULL && delimiter[0] == '\0')
    delimiter = NULL;
  if (continuation_token != NULL
      && !parse_token (continuation_token, &resume_kind, &resume, error))
    return NULL;
  if (resume == NULL && start_after != NULL && start_after[0] != '\0')
    resume = g_strdup (start_after);

  bucket_fd = open_bucket (self, bucket, error);
  if (bucket_fd < 0)
    return NULL;
  walk_folder (bucket_fd, "", prefix, objects);
  close (bucket_fd);
  g_ptr_array_sort (objects, object_entry_compare);

  listing->keys = g_ptr_array_new_with_free_func (g_free);
  listing->sizes = g_array_new (FALSE, FALSE, sizeof (goffset));
  listing->mtimes = g_array_new (FALSE, FALSE, sizeof (gint64));
  listing->common_prefixes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < objects->len; i++)
    {
      ObjectEntry *object = g_ptr_array_index (objects, i);
      const char *rest = object->key + strlen (prefix);
      const char *cut = delimiter != NULL ? strstr (rest, delimiter) : NULL;
      g_autofree char *common = NULL;

      if (resume != NULL && strcmp (object->key, resume) <= 0)
        continue;
      if (resume != NULL && resume_kind == 'p' && g_str_has_prefix (object->key, resume))
        continue;

      if (cut != NULL)
        {
          common = g_strndup (object->key, (cut - object->key) + strlen (delimiter));
          if (g_strcmp0 (common, last_prefix) == 0)
            continue;
        }

      /* One more entry exists beyond a full page: the token resumes after the last one. */
      if (listing->keys->len + listing->common_prefixes->len == max_keys)
        {
          if (last_prefix != NULL)
            listing->next_token = make_token ('p', last_prefix);
          else if (listing->keys->len > 0)
            listing->next_token = make_token ('k', g_ptr_array_index (listing->keys,
                                                                      listing->keys->len - 1));
          break;
        }

      if (common != NULL)
        {
          g_ptr_array_add (listing->common_prefixes, g_steal_pointer (&common));
          last_prefix = g_ptr_array_index (listing->common_prefixes,
                                           listing->common_prefixes->len - 1);
          continue;
        }

      g_ptr_array_add (listing->keys, g_strdup (object->key));
      g_array_append_val (listing->sizes, object->size);
      g_array_append_val (listing->mtimes, object->mtime);
      last_prefix = NULL;
    }

  return g_steal_pointer (&listing);
}

void
glaux_local_s3_listing_free (GlauxLocalS3Listing *listing)
{
  if (listing == NULL)
    return;

  g_clear_pointer (&listing->keys, g_ptr_array_unref);
  g_clear_pointer (&listing->sizes, g_array_unref);
  g_clear_pointer (&listing->mtimes, g_array_unref);
  g_clear_pointer (&listing->common_prefixes, g_ptr_array_unref);
  g_free (listing->next_token);
  g_free (listing);
}

/* Splits "s3://bucket/some/prefix/" into its bucket and key prefix (possibly empty). */
gboolean
glaux_local_s3_parse_uri (const char  *uri,
                          char       **bucket,
                          char       **key,
                          GError     **error)
{
  const char *rest;
  const char *slash;

  if (uri == NULL || (!g_str_has_prefix (uri, "s3://") && !g_str_has_prefix (uri, "S3://")))
    {
      g_set_error (error, GLAUX_LOCAL_S3_ERROR, GLAUX_LOCAL_S3_ERROR_INVALID_ARGUMENT,
                   "'%s' is not an s3:// location.", uri != NULL ? uri : "");
      return FALSE;
    }

  rest = uri + strlen ("s3://");
  slash = strchr (rest, '/');
  *bucket = slash != NULL ? g_strndup (rest, slash - rest) : g_strdup (rest);
  *key = g_strdup (slash != NULL ? slash + 1 : "");

  if (!glaux_local_s3_bucket_validate (*bucket, error))
    return FALSE;

  /* The prefix becomes the start of keys: refuse now what every key under it would fail. */
  if (**key != '\0')
    {
      gsize length = strlen (*key);

      if ((*key)[length - 1] == '/')
        length--;
      if (!glaux_local_s3_key_validate (*key, length, error))
        return FALSE;
    }

  return TRUE;
}
