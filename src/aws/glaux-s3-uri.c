/* glaux-s3-uri.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-s3-uri"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "glaux-aws-error.h"
#include "glaux-s3-uri.h"

#define MAX_KEY_BYTES 1024

G_DEFINE_BOXED_TYPE (GlauxS3Uri, glaux_s3_uri, glaux_s3_uri_copy, glaux_s3_uri_free)

static gboolean
invalid_bucket (GError     **error,
                const char  *bucket,
                const char  *reason)
{
  g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
               "“%s” is not a valid S3 bucket name: %s", bucket, reason);
  return FALSE;
}

static gboolean
looks_like_ip_address (const char *bucket)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (bucket);

  return address != NULL;
}

/**
 * glaux_s3_validate_bucket_name:
 *
 * The S3 naming rules for general purpose buckets, with the broken rule in the error.
 */
gboolean
glaux_s3_validate_bucket_name (const char  *bucket,
                               GError     **error)
{
  static const char * const reserved_prefixes[] = { "xn--", "sthree-", "amzn-s3-demo-" };
  static const char * const reserved_suffixes[] = {
    "-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3",
  };
  gsize length;

  g_return_val_if_fail (bucket != NULL, FALSE);

  length = strlen (bucket);
  if (length < 3 || length > 63)
    return invalid_bucket (error, bucket, "it must be 3 to 63 characters long");

  for (const char *p = bucket; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '-')
      return invalid_bucket (error, bucket,
                             "only lowercase letters, digits, dots and hyphens are allowed");

  if (!g_ascii_isalnum (bucket[0]) || !g_ascii_isalnum (bucket[length - 1]))
    return invalid_bucket (error, bucket, "it must begin and end with a letter or digit");
  if (strstr (bucket, "..") != NULL)
    return invalid_bucket (error, bucket, "it must not contain two adjacent dots");
  if (looks_like_ip_address (bucket))
    return invalid_bucket (error, bucket, "it must not be formatted as an IP address");

  for (gsize i = 0; i < G_N_ELEMENTS (reserved_prefixes); i++)
    if (g_str_has_prefix (bucket, reserved_prefixes[i]))
      return invalid_bucket (error, bucket, "it starts with a reserved prefix");
  for (gsize i = 0; i < G_N_ELEMENTS (reserved_suffixes); i++)
    if (g_str_has_suffix (bucket, reserved_suffixes[i]))
      return invalid_bucket (error, bucket, "it ends with a reserved suffix");

  return TRUE;
}

/**
 * glaux_s3_validate_key:
 *
 * A key we can address: non-empty UTF-8 of at most 1024 bytes, and no "." or ".." segment,
 * which HTTP URL handling would resolve away before the request reaches S3.
 */
gboolean
glaux_s3_validate_key (const char  *key,
                       GError     **error)
{
  g_auto(GStrv) segments = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  if (*key == '\0')
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "The S3 object key is empty");
      return FALSE;
    }
  if (strlen (key) > MAX_KEY_BYTES)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "The S3 object key is %" G_GSIZE_FORMAT " bytes long; the limit is %d",
                   strlen (key), MAX_KEY_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (key, -1, NULL))
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                           "The S3 object key is not valid UTF-8");
      return FALSE;
    }

  segments = g_strsplit (key, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (g_str_equal (segments[i], ".") || g_str_equal (segments[i], ".."))
      {
        g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                     "The S3 object key “%s” has a “%s” path segment, which cannot be "
                     "addressed over HTTP", key, segments[i]);
        return FALSE;
      }

  return TRUE;
}

/**
 * glaux_s3_uri_parse:
 * @text: `s3://bucket/key`
 * @require_key: whether an object key must be present (FALSE for buckets and prefixes)
 *
 * Returns: (transfer full): the parsed URI, or %NULL with a %GLAUX_AWS_ERROR_VALIDATION error
 */
GlauxS3Uri *
glaux_s3_uri_parse (const char  *text,
                    gboolean     require_key,
                    GError     **error)
{
  g_autoptr(GlauxS3Uri) uri = NULL;
  const char *rest;
  const char *slash;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_ascii_strncasecmp (text, "s3://", 5) != 0)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "“%s” is not an S3 URI: it must start with s3://", text);
      return NULL;
    }

  rest = text + 5;
  slash = strchr (rest, '/');
  uri = g_new0 (GlauxS3Uri, 1);
  uri->bucket = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);
  uri->key = g_strdup (slash ? slash + 1 : "");

  if (*uri->bucket == '\0')
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "“%s” has no bucket name", text);
      return NULL;
    }
  if (!glaux_s3_validate_bucket_name (uri->bucket, error))
    return NULL;

  if (require_key && *uri->key == '\0')
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_VALIDATION,
                   "“%s” names a bucket, not an object: the key is missing", text);
      return NULL;
    }
  if (*uri->key != '\0' && !glaux_s3_validate_key (uri->key, error))
    return NULL;

  return g_steal_pointer (&uri);
}

GlauxS3Uri *
glaux_s3_uri_copy (const GlauxS3Uri *uri)
{
  GlauxS3Uri *copy;

  g_return_val_if_fail (uri != NULL, NULL);

  copy = g_new0 (GlauxS3Uri, 1);
  copy->bucket = g_strdup (uri->bucket);
  copy->key = g_strdup (uri->key);

  return copy;
}

void
glaux_s3_uri_free (GlauxS3Uri *uri)
{
  if (uri == NULL)
    return;

  g_free (uri->bucket);
  g_free (uri->key);
  g_free (uri);
}

char *
glaux_s3_uri_to_string (const GlauxS3Uri *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return g_strdup_printf ("s3://%s/%s", uri->bucket, uri->key ? uri->key : "");
}

/**
 * glaux_s3_encode_key:
 *
 * Percent-encodes a key for the request path as S3 expects it (and as SigV4 signs it for S3):
 * every byte except A-Z a-z 0-9 - _ . ~ and '/' becomes %XX.
 *
 * Returns: (transfer full): the encoded key
 */
char *
glaux_s3_encode_key (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_uri_escape_string (key, "/", FALSE);
}

static GUri *
parse_endpoint (const char  *endpoint_url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (endpoint_url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "The S3 endpoint “%s” is not an http:// or https:// URL with a host",
                   endpoint_url);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/* AWS's own S3 hosts accept virtual-host addressing; custom endpoints (glaux-local, MinIO,
 * proxies) are addressed path-style. */
gboolean
glaux_s3_endpoint_is_aws (const char *endpoint_url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (endpoint_url != NULL, FALSE);

  uri = parse_endpoint (endpoint_url, NULL);
  if (uri == NULL)
    return FALSE;

  host = g_uri_get_host (uri);

  return g_str_has_suffix (host, ".amazonaws.com") ||
         g_str_has_suffix (host, ".amazonaws.com.cn") ||
         g_str_has_suffix (host, ".api.aws");
}

/* Dotted bucket names break the wildcard certificate of virtual hosts, so they go path-style. */
gboolean
glaux_s3_use_path_style (const char *endpoint_url,
                         const char *bucket,
                         gboolean    force_path_style)
{
  g_return_val_if_fail (endpoint_url != NULL && bucket != NULL, TRUE);

  return force_path_style || strchr (bucket, '.') != NULL || !glaux_s3_endpoint_is_aws (endpoint_url);
}

/**
 * glaux_s3_build_url:
 * @key: (nullable): the object key, or %NULL for a bucket request
 *
 * `https://bucket.s3.region.amazonaws.com/key` or `http://127.0.0.1:9000/bucket/key`; a path
 * in a custom endpoint URL is kept in front of the bucket. Bucket requests address
 * `http://127.0.0.1:9000/bucket` and `https://bucket.s3.region.amazonaws.com/`.
 *
 * Returns: (transfer full): the request URL, or %NULL with @error set
 */
char *
glaux_s3_build_url (const char  *endpoint_url,
                    const char  *bucket,
                    const char  *key,
                    gboolean     force_path_style,
                    GError     **error)
{
  g_autoptr(GUri) endpoint = NULL;
  g_autoptr(GUri) url = NULL;
  g_autofree char *encoded_key = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (endpoint_url != NULL && bucket != NULL, NULL);

  endpoint = parse_endpoint (endpoint_url, error);
  if (endpoint == NULL)
    return NULL;

  encoded_key = glaux_s3_encode_key (key ? key : "");
  base = g_strdup (g_uri_get_path (endpoint));
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  if (glaux_s3_use_path_style (endpoint_url, bucket, force_path_style))
    {
      host = g_strdup (g_uri_get_host (endpoint));
      path = key ? g_strdup_printf ("%s/%s/%s", base, bucket, encoded_key)
                 : g_strdup_printf ("%s/%s", base, bucket);
    }
  else
    {
      host = g_strdup_printf ("%s.%s", bucket, g_uri_get_host (endpoint));
      path = g_strdup_printf ("%s/%s", base, encoded_key);
    }

  url = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (endpoint), NULL, host,
                     g_uri_get_port (endpoint), path, NULL, NULL);

  return g_uri_to_string (url);
}
