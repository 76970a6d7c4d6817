/* glaux-sigv4.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-sigv4"

#include "config.h"

#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-sigv4.h"

#define ALGORITHM          "AWS4-HMAC-SHA256"
#define TERMINATOR         "aws4_request"
#define EMPTY_SHA256       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define UNSIGNED_PAYLOAD   "UNSIGNED-PAYLOAD"
#define SHA256_LEN         32
#define HEX_SHA256_LEN     64
#define AMZ_DATE_LEN       16
#define SCOPE_DATE_LEN     8
#define MAX_CLOCK_SKEW     (15 * G_TIME_SPAN_MINUTE)
#define KEY_CACHE_SIZE     8
#define SCOPE_PART_MAX     64
#define STACK_HEADERS      32
#define STACK_SEGMENTS     32
#define STACK_NAMES        1024

/* AWS's own wording, so clients and SDKs recognise the errors. */
#define MSG_MISSING_AUTH          "Missing Authentication Token"
#define MSG_S3_MISSING_AUTH       "Access Denied"
#define MSG_INVALID_TOKEN         "The security token included in the request is invalid."
#define MSG_S3_INVALID_TOKEN      "The provided token is malformed or otherwise invalid."
#define MSG_S3_UNKNOWN_KEY \
  "The AWS Access Key Id you provided does not exist in our records."
#define MSG_S3_TIME_SKEWED \
  "The difference between the request time and the current time is too large."
#define MSG_SIGNATURE_MISMATCH                                                       \
  "The request signature we calculated does not match the signature you provided. " \
  "Check your AWS Secret Access Key and signing method. "                           \
  "Consult the service documentation for details."
#define MSG_S3_SIGNATURE_MISMATCH                                                    \
  "The request signature we calculated does not match the signature you provided. " \
  "Check your key and signing method."

G_DEFINE_QUARK (glaux-sigv4-error-quark, glaux_sigv4_error)

/* Hop-by-hop and proxy-rewritten headers: signing them would break behind any proxy. */
static const char * const unsigned_headers[] = {
  "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
  "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
  "x-amzn-trace-id",
};

typedef gboolean (*HeaderFilter) (const char    *name,
                                  gconstpointer  data);

typedef struct
{
  const char *start;
  gsize       length;
} Segment;

typedef struct
{
  gsize key;
  gsize key_length;
  gsize value;
  gsize value_length;
} QueryParam;

/* Signing keys are valid for a whole day: derive each once, and keep it as an HMAC already
 * keyed with it, which each signature copies (saving the two key blocks per signature). The
 * secret itself is not kept, only its SHA-256, so the cache never holds a copy of a secret
 * the caller has dropped. */
typedef struct
{
  guint8  secret_digest[SHA256_LEN];
  char    date[SCOPE_DATE_LEN + 1];
  char    region[SCOPE_PART_MAX];
  char    service[SCOPE_PART_MAX];
  GHmac  *hmac;
} SigningKeyEntry;

static GMutex          key_cache_lock;
static SigningKeyEntry key_cache[KEY_CACHE_SIZE];
static guint           key_cache_next;

/* What the Authorization header of a request says. */
typedef struct
{
  char  *header;
  char  *credential;
  char  *signature;
  char **scope;          /* access key id, date, region, service, terminator */
  char **signed_headers;
  char   amz_date[AMZ_DATE_LEN + 1];
} ParsedAuthorization;

static void
parsed_authorization_clear (ParsedAuthorization *auth)
{
  g_clear_pointer (&auth->header, g_free);
  g_clear_pointer (&auth->credential, g_free);
  g_clear_pointer (&auth->signature, g_free);
  g_clear_pointer (&auth->scope, g_strfreev);
  g_clear_pointer (&auth->signed_headers, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParsedAuthorization, parsed_authorization_clear)

static void
hex_encode (const guint8 *data,
            gsize         length,
            char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < length; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0xf];
    }
  out[2 * length] = '\0';
}

static void
sha256_digest (const void *data,
               gsize       length,
               guint8      out[SHA256_LEN])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_length = SHA256_LEN;

  g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, out, &out_length);
}

static void
sha256_hex (const void *data,
            gsize       length,
            char        out[HEX_SHA256_LEN + 1])
{
  guint8 digest[SHA256_LEN];

  sha256_digest (data, length, digest);
  hex_encode (digest, SHA256_LEN, out);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const char   *data,
             gsize         data_length,
             guint8        out[SHA256_LEN])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize out_length = SHA256_LEN;

  g_hmac_update (hmac, (const guchar *)data, data_length);
  g_hmac_get_digest (hmac, out, &out_length);
}

static void
derive_signing_key (const char *secret,
                    const char *date,
                    const char *region,
                    const char *service,
                    guint8      key[SHA256_LEN])
{
  gsize secret_length = strlen (secret);
  g_autofree char *seed = g_malloc (secret_length + 4);

  memcpy (seed, "AWS4", 4);
  memcpy (seed + 4, secret, secret_length);
  hmac_sha256 ((const guint8 *)seed, secret_length + 4, date, SCOPE_DATE_LEN, key);
  explicit_bzero (seed, secret_length + 4);

  hmac_sha256 (key, SHA256_LEN, region, strlen (region), key);
  hmac_sha256 (key, SHA256_LEN, service, strlen (service), key);
  hmac_sha256 (key, SHA256_LEN, TERMINATOR, strlen (TERMINATOR), key);
}

static SigningKeyEntry *
find_cached_key_locked (const guint8 *secret_digest,
                        const char   *date,
                        const char   *region,
                        const char   *service)
{
  for (guint i = 0; i < KEY_CACHE_SIZE; i++)
    {
      SigningKeyEntry *entry = &key_cache[i];

      if (entry->hmac != NULL &&
          memcmp (entry->secret_digest, secret_digest, SHA256_LEN) == 0 &&
          strcmp (entry->date, date) == 0 &&
          strcmp (entry->region, region) == 0 &&
          strcmp (entry->service, service) == 0)
        return entry;
    }

  return NULL;
}

static void
store_hmac (const guint8 *secret_digest,
            const char   *date,
            const char   *region,
            const char   *service,
            GHmac        *hmac)
{
  SigningKeyEntry *entry;

  g_mutex_lock (&key_cache_lock);
  if (find_cached_key_locked (secret_digest, date, region, service) == NULL)
    {
      entry = &key_cache[key_cache_next];
      key_cache_next = (key_cache_next + 1) % KEY_CACHE_SIZE;
      memcpy (entry->secret_digest, secret_digest, SHA256_LEN);
      g_strlcpy (entry->date, date, sizeof entry->date);
      g_strlcpy (entry->region, region, sizeof entry->region);
      g_strlcpy (entry->service, service, sizeof entry->service);
      g_clear_pointer (&entry->hmac, g_hmac_unref);
      entry->hmac = g_hmac_copy (hmac);
    }
  g_mutex_unlock (&key_cache_lock);
}

/* Returns a new HMAC keyed with the signing key; @amz_date only needs its first eight
 * characters (the scope date). */
static GHmac *
get_signing_hmac (const char *secret,
                  const char *amz_date,
                  const char *region,
                  const char *service)
{
  gboolean cacheable = strlen (region) < SCOPE_PART_MAX && strlen (service) < SCOPE_PART_MAX;
  guint8 secret_digest[SHA256_LEN];
  char date[SCOPE_DATE_LEN + 1];
  guint8 key[SHA256_LEN];
  SigningKeyEntry *entry = NULL;
  GHmac *hmac = NULL;

  g_strlcpy (date, amz_date, sizeof date);
  sha256_digest (secret, strlen (secret), secret_digest);

  g_mutex_lock (&key_cache_lock);
  if (cacheable)
    entry = find_cached_key_locked (secret_digest, date, region, service);
  if (entry != NULL)
    hmac = g_hmac_copy (entry->hmac);
  g_mutex_unlock (&key_cache_lock);

  if (hmac != NULL)
    return hmac;

  derive_signing_key (secret, date, region, service, key);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, key, SHA256_LEN);
  explicit_bzero (key, sizeof key);
  if (cacheable)
    store_hmac (secret_digest, date, region, service, hmac);
  return hmac;
}

static void
compute_signature (const char *secret,
                   const char *amz_date,
                   const char *region,
                   const char *service,
                   const char *string_to_sign,
                   gsize       length,
                   char        out[HEX_SHA256_LEN + 1])
{
  g_autoptr(GHmac) hmac = get_signing_hmac (secret, amz_date, region, service);
  guint8 digest[SHA256_LEN];
  gsize digest_length = SHA256_LEN;

  g_hmac_update (hmac, (const guchar *)string_to_sign, length);
  g_hmac_get_digest (hmac, digest, &digest_length);
  hex_encode (digest, SHA256_LEN, out);
}

static inline gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

static inline void
append_encoded_byte (GString *out,
                     guchar   c)
{
  static const char digits[] = "0123456789ABCDEF";

  if (is_unreserved (c))
    {
      g_string_append_c (out, c);
      return;
    }

  g_string_append_c (out, '%');
  g_string_append_c (out, digits[c >> 4]);
  g_string_append_c (out, digits[c & 0xf]);
}

static void
append_encoded (GString    *out,
                const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    append_encoded_byte (out, text[i]);
}

static inline gboolean
is_escape (const char *text,
           gsize       i,
           gsize       length)
{
  return text[i] == '%' && i + 2 < length &&
         g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]);
}

/* Query components arrive percent-encoded by whatever client sent them: decode each escape,
 * then encode with the RFC 3986 unreserved set, so equivalent spellings sign the same.
 * '+' stays a literal plus, as RFC 3986 says. */
static void
append_reencoded (GString    *out,
                  const char *text,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (is_escape (text, i, length))
        {
          append_encoded_byte (out, (g_ascii_xdigit_value (text[i + 1]) << 4) |
                                    g_ascii_xdigit_value (text[i + 2]));
          i += 2;
        }
      else
        append_encoded_byte (out, text[i]);
    }
}

/* S3: the path exactly as sent; only bytes that cannot appear in a URI are encoded. */
static void
append_path_as_sent (GString    *out,
                     const char *path)
{
  gsize length = strlen (path);

  for (gsize i = 0; i < length; i++)
    {
      if (path[i] == '/')
        g_string_append_c (out, '/');
      else if (is_escape (path, i, length))
        {
          g_string_append_len (out, path + i, 3);
          i += 2;
        }
      else
        append_encoded_byte (out, path[i]);
    }
}

/* Other services: drop empty and "." segments, resolve "..", then encode the (already
 * encoded) segments once more, which is SigV4's double encoding. */
static void
append_normalized_path (GString    *out,
                        const char *path)
{
  Segment stack[STACK_SEGMENTS];
  g_autofree Segment *heap = NULL;
  Segment *segments = stack;
  gsize capacity = 1;
  gsize n = 0;
  const char *p = path;

  for (const char *c = path; *c != '\0'; c++)
    capacity += *c == '/';
  if (capacity > STACK_SEGMENTS)
    segments = heap = g_new (Segment, capacity);

  while (*p != '\0')
    {
      const char *end = strchr (p, '/');
      gsize length = end != NULL ? (gsize)(end - p) : strlen (p);

      if (length == 2 && p[0] == '.' && p[1] == '.')
        {
          if (n > 0)
            n--;
        }
      else if (length > 1 || (length == 1 && p[0] != '.'))
        segments[n++] = (Segment) { p, length };

      p += length + (end != NULL);
    }

  for (gsize i = 0; i < n; i++)
    {
      g_string_append_c (out, '/');
      append_encoded (out, segments[i].start, segments[i].length);
    }
  if (n == 0 || path[strlen (path) - 1] == '/')
    g_string_append_c (out, '/');
}

static void
append_canonical_uri (GString         *out,
                      const char      *path,
                      GlauxSigv4Flags  flags)
{
  if (path == NULL || *path == '\0')
    g_string_append_c (out, '/');
  else if ((flags & (GLAUX_SIGV4_S3 | GLAUX_SIGV4_KEEP_PATH)) != 0)
    append_path_as_sent (out, path);
  else
    append_normalized_path (out, path);
}

static int
compare_ranges (const char *a,
                gsize       a_length,
                const char *b,
                gsize       b_length)
{
  int result = memcmp (a, b, MIN (a_length, b_length));

  if (result != 0)
    return result;
  return (a_length > b_length) - (a_length < b_length);
}

static int
compare_query_params (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const QueryParam *pa = a;
  const QueryParam *pb = b;
  const char *base = user_data;
  int result;

  result = compare_ranges (base + pa->key, pa->key_length, base + pb->key, pb->key_length);
  if (result != 0)
    return result;
  return compare_ranges (base + pa->value, pa->value_length, base + pb->value, pb->value_length);
}

/* Splits @query into parameters whose encoded key and value live in @arena. */
static gsize
split_query (const char *query,
             GString    *arena,
             QueryParam *params)
{
  const char *p = query;
  gsize n = 0;

  while (*p != '\0')
    {
      const char *end = strchr (p, '&');
      gsize length = end != NULL ? (gsize)(end - p) : strlen (p);
      const char *equals = memchr (p, '=', length);
      gsize key_length = equals != NULL ? (gsize)(equals - p) : length;

      if (length > 0)
        {
          params[n].key = arena->len;
          append_reencoded (arena, p, key_length);
          params[n].key_length = arena->len - params[n].key;
          params[n].value = arena->len;
          if (equals != NULL)
            append_reencoded (arena, equals + 1, length - key_length - 1);
          params[n].value_length = arena->len - params[n].value;
          n++;
        }

      p += length + (end != NULL);
    }

  return n;
}

static void
append_canonical_query (GString    *out,
                        const char *query)
{
  g_autoptr(GString) arena = NULL;
  g_autofree QueryParam *params = NULL;
  gsize capacity = 1;
  gsize n;

  if (query == NULL || *query == '\0')
    return;

  for (const char *c = query; *c != '\0'; c++)
    capacity += *c == '&';
  params = g_new (QueryParam, capacity);
  arena = g_string_sized_new (3 * strlen (query));

  n = split_query (query, arena, params);
  g_qsort_with_data (params, n, sizeof *params, compare_query_params, arena->str);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_len (out, arena->str + params[i].key, params[i].key_length);
      g_string_append_c (out, '=');
      g_string_append_len (out, arena->str + params[i].value, params[i].value_length);
    }
}

/* Header filters see the name lowercased. */
static gboolean
filter_all (const char    *name,
            gconstpointer  data)
{
  return TRUE;
}

static gboolean
filter_signable (const char    *name,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (unsigned_headers); i++)
    {
      if (strcmp (name, unsigned_headers[i]) == 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
filter_listed (const char    *name,
               gconstpointer  data)
{
  for (const char * const *listed = data; *listed != NULL; listed++)
    {
      if (g_ascii_strcasecmp (name, *listed) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  const char *name;   /* lowercase */
  const char *value;
} CanonicalHeader;

static int
compare_canonical_headers (gconstpointer a,
                           gconstpointer b,
                           gpointer      user_data)
{
  return strcmp (((const CanonicalHeader *)a)->name, ((const CanonicalHeader *)b)->name);
}

/* Copies the names lowercased into @names (sized by the caller) and keeps the headers that
 * pass @filter; returns how many. */
static gsize
select_headers (const GlauxSigv4Request *request,
                HeaderFilter             filter,
                gconstpointer            filter_data,
                char                    *names,
                CanonicalHeader         *selected)
{
  gsize n = 0;

  for (gsize i = 0; i < request->n_headers; i++)
    {
      const char *name = request->headers[i].name;
      char *lower = names;

      for (; *name != '\0'; name++)
        *names++ = (*name >= 'A' && *name <= 'Z') ? *name - 'A' + 'a' : *name;
      *names++ = '\0';

      if (filter (lower, filter_data))
        selected[n++] = (CanonicalHeader) { lower, request->headers[i].value };
    }

  return n;
}

#define WHITESPACE " \t\n\v\f\r"

/* Trims the value and turns every run of whitespace (folded lines included) into one space;
 * copies word by word, as values seldom hold more than one. */
static void
append_trimmed (GString    *out,
                const char *value)
{
  const char *p = value + strspn (value, WHITESPACE);
  gboolean first = TRUE;

  while (*p != '\0')
    {
      gsize length = strcspn (p, WHITESPACE);

      if (!first)
        g_string_append_c (out, ' ');
      g_string_append_len (out, p, length);
      p += length + strspn (p + length, WHITESPACE);
      first = FALSE;
    }
}

static void
append_canonical_headers (GString                 *out,
                          GString                 *signed_headers,
                          const GlauxSigv4Request *request,
                          HeaderFilter             filter,
                          gconstpointer            filter_data)
{
  CanonicalHeader stack_headers[STACK_HEADERS];
  char stack_names[STACK_NAMES];
  g_autofree CanonicalHeader *heap_headers = NULL;
  g_autofree char *heap_names = NULL;
  CanonicalHeader *headers = stack_headers;
  char *names = stack_names;
  gsize names_size = 0;
  gsize n;

  for (gsize i = 0; i < request->n_headers; i++)
    names_size += strlen (request->headers[i].name) + 1;
  if (request->n_headers > STACK_HEADERS)
    headers = heap_headers = g_new (CanonicalHeader, request->n_headers);
  if (names_size > STACK_NAMES)
    names = heap_names = g_malloc (names_size);

  n = select_headers (request, filter, filter_data, names, headers);
  /* A stable sort keeps repeated headers in their wire order, as SigV4 requires. */
  g_qsort_with_data (headers, n, sizeof *headers, compare_canonical_headers, NULL);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && strcmp (headers[i - 1].name, headers[i].name) == 0)
        g_string_append_c (out, ',');
      else
        {
          if (i > 0)
            {
              g_string_append_c (out, '\n');
              g_string_append_c (signed_headers, ';');
            }
          g_string_append (out, headers[i].name);
          g_string_append (signed_headers, headers[i].name);
          g_string_append_c (out, ':');
        }
      append_trimmed (out, headers[i].value);
    }
  if (n > 0)
    g_string_append_c (out, '\n');
}

static void
append_canonical_request (GString                 *out,
                          GString                 *signed_headers,
                          const GlauxSigv4Request *request,
                          GlauxSigv4Flags          flags,
                          HeaderFilter             filter,
                          gconstpointer            filter_data,
                          const char              *payload_hash)
{
  g_string_append (out, request->method);
  g_string_append_c (out, '\n');
  append_canonical_uri (out, request->path, flags);
  g_string_append_c (out, '\n');
  append_canonical_query (out, request->query);
  g_string_append_c (out, '\n');
  append_canonical_headers (out, signed_headers, request, filter, filter_data);
  g_string_append_c (out, '\n');
  g_string_append_len (out, signed_headers->str, signed_headers->len);
  g_string_append_c (out, '\n');
  g_string_append (out, payload_hash);
}

static void
append_scope (GString    *out,
              const char *amz_date,
              const char *region,
              const char *service)
{
  g_string_append_len (out, amz_date, SCOPE_DATE_LEN);
  g_string_append_c (out, '/');
  g_string_append (out, region);
  g_string_append_c (out, '/');
  g_string_append (out, service);
  g_string_append (out, "/" TERMINATOR);
}

static void
append_string_to_sign (GString    *out,
                       const char *amz_date,
                       const char *region,
                       const char *service,
                       const char *canonical_request,
                       gsize       length)
{
  char hash[HEX_SHA256_LEN + 1];

  sha256_hex (canonical_request, length, hash);
  g_string_append (out, ALGORITHM "\n");
  g_string_append (out, amz_date);
  g_string_append_c (out, '\n');
  append_scope (out, amz_date, region, service);
  g_string_append_c (out, '\n');
  g_string_append (out, hash);
}

static void
append_authorization (GString    *out,
                      const char *access_key_id,
                      const char *amz_date,
                      const char *region,
                      const char *service,
                      const char *signed_headers,
                      const char *signature)
{
  g_string_append (out, ALGORITHM " Credential=");
  g_string_append (out, access_key_id);
  g_string_append_c (out, '/');
  append_scope (out, amz_date, region, service);
  g_string_append (out, ", SignedHeaders=");
  g_string_append (out, signed_headers);
  g_string_append (out, ", Signature=");
  g_string_append (out, signature);
}

static void
format_amz_date (GDateTime *date_time,
                 char       out[AMZ_DATE_LEN + 1])
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date_time);

  g_snprintf (out, AMZ_DATE_LEN + 1, "%04d%02d%02dT%02d%02d%02dZ",
              g_date_time_get_year (utc), g_date_time_get_month (utc),
              g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
              g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/**
 * glaux_sigv4_hex_sha256:
 * @data: (array length=length) (nullable): the bytes to hash
 * @length: how many bytes
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of @data
 */
char *
glaux_sigv4_hex_sha256 (const guint8 *data,
                        gsize         length)
{
  char hash[HEX_SHA256_LEN + 1];

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  sha256_hex (data != NULL ? (const void *)data : "", length, hash);
  return g_strdup (hash);
}

/**
 * glaux_sigv4_canonical_request:
 * @request: the request; every one of its headers is signed
 * @flags: %GLAUX_SIGV4_S3 or %GLAUX_SIGV4_KEEP_PATH select the S3 path rule
 * @signed_headers: (out) (optional): the signed header list, "a;b;c"
 *
 * Returns: (transfer full): the SigV4 canonical request
 */
char *
glaux_sigv4_canonical_request (const GlauxSigv4Request  *request,
                               GlauxSigv4Flags           flags,
                               char                    **signed_headers)
{
  g_autoptr(GString) names = NULL;
  GString *out;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->method != NULL, NULL);
  g_return_val_if_fail (request->headers != NULL || request->n_headers == 0, NULL);

  names = g_string_sized_new (128);
  out = g_string_sized_new (512);
  append_canonical_request (out, names, request, flags, filter_all, NULL,
                            request->payload_hash != NULL ? request->payload_hash : EMPTY_SHA256);

  if (signed_headers != NULL)
    *signed_headers = g_string_free (g_steal_pointer (&names), FALSE);
  return g_string_free (out, FALSE);
}

/**
 * glaux_sigv4_string_to_sign:
 * @amz_date: the request time, "YYYYMMDDTHHMMSSZ"
 * @region: the signing region
 * @service: the signing name of the service
 * @canonical_request: the canonical request
 *
 * Returns: (transfer full): the SigV4 string to sign
 */
char *
glaux_sigv4_string_to_sign (const char *amz_date,
                            const char *region,
                            const char *service,
                            const char *canonical_request)
{
  GString *out;

  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= SCOPE_DATE_LEN, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (canonical_request != NULL, NULL);

  out = g_string_sized_new (160);
  append_string_to_sign (out, amz_date, region, service, canonical_request,
                         strlen (canonical_request));
  return g_string_free (out, FALSE);
}

/**
 * glaux_sigv4_signature:
 * @secret_access_key: the secret key
 * @amz_date: the request time, "YYYYMMDDTHHMMSSZ"
 * @region: the signing region
 * @service: the signing name of the service
 * @string_to_sign: the string to sign
 *
 * Returns: (transfer full): the lowercase hex signature
 */
char *
glaux_sigv4_signature (const char *secret_access_key,
                       const char *amz_date,
                       const char *region,
                       const char *service,
                       const char *string_to_sign)
{
  char signature[HEX_SHA256_LEN + 1];

  g_return_val_if_fail (secret_access_key != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= SCOPE_DATE_LEN, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (string_to_sign != NULL, NULL);

  compute_signature (secret_access_key, amz_date, region, service, string_to_sign,
                     strlen (string_to_sign), signature);
  return g_strdup (signature);
}

/**
 * glaux_sigv4_authorization:
 * @access_key_id: the access key id
 * @amz_date: the request time, "YYYYMMDDTHHMMSSZ"
 * @region: the signing region
 * @service: the signing name of the service
 * @signed_headers: the signed header list, "a;b;c"
 * @signature: the hex signature
 *
 * Returns: (transfer full): the value of the Authorization header
 */
char *
glaux_sigv4_authorization (const char *access_key_id,
                           const char *amz_date,
                           const char *region,
                           const char *service,
                           const char *signed_headers,
                           const char *signature)
{
  GString *out;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= SCOPE_DATE_LEN, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (signed_headers != NULL, NULL);
  g_return_val_if_fail (signature != NULL, NULL);

  out = g_string_sized_new (256);
  append_authorization (out, access_key_id, amz_date, region, service, signed_headers,
                        signature);
  return g_string_free (out, FALSE);
}

/**
 * glaux_sigv4_format_amz_date:
 * @date_time: a time
 *
 * Returns: (transfer full): @date_time in UTC as ISO 8601 basic format, "YYYYMMDDTHHMMSSZ"
 */
char *
glaux_sigv4_format_amz_date (GDateTime *date_time)
{
  char amz_date[AMZ_DATE_LEN + 1];

  g_return_val_if_fail (date_time != NULL, NULL);

  format_amz_date (date_time, amz_date);
  return g_strdup (amz_date);
}

/* Region and service go into the credential scope, where '/' or spaces would corrupt it. */
static gboolean
check_scope_part (const char  *value,
                  const char  *what,
                  GError     **error)
{
  gboolean valid = value != NULL && *value != '\0';

  for (const char *c = value; valid && *c != '\0'; c++)
    valid = g_ascii_isalnum (*c) || *c == '-' || *c == '_' || *c == '.';

  if (!valid)
    g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                 "Cannot sign the request: “%s” is not a valid %s (letters, digits, '-', "
                 "'_' and '.' only)", value != NULL ? value : "", what);
  return valid;
}

static gboolean
check_credentials (GlauxAwsCredentials  *credentials,
                   GError              **error)
{
  const char *access_key_id = glaux_aws_credentials_get_access_key_id (credentials);
  const char *secret = glaux_aws_credentials_get_secret_access_key (credentials);

  if (access_key_id == NULL || *access_key_id == '\0')
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                           "Cannot sign the request: the credentials have no access key id");
      return FALSE;
    }
  if (secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                           "Cannot sign the request: the credentials have no secret access key");
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_default_port (const char *scheme,
                 int         port)
{
  return port < 0 ||
         (port == 80 && g_ascii_strcasecmp (scheme, "http") == 0) ||
         (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0);
}

/* The Host header libsoup will send: an explicit one, else the URI's host, with the port
 * only when it is not the scheme's default, and IPv6 literals in brackets. */
static char *
message_host (SoupMessage  *message,
              GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *explicit_host = soup_message_headers_get_one (headers, "Host");
  GUri *uri = soup_message_get_uri (message);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  int port;

  if (explicit_host != NULL && *explicit_host != '\0')
    return g_strdup (explicit_host);

  if (host == NULL || *host == '\0')
    {
      g_autofree char *text = uri != NULL ? g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD)
                                          : g_strdup ("(none)");

      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "Cannot sign the request: the URL “%s” has no host", text);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (is_default_port (g_uri_get_scheme (uri), port))
    return strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}

static void
set_signing_headers (SoupMessageHeaders *headers,
                     const char         *amz_date,
                     const char         *session_token,
                     GlauxSigv4Flags     flags,
                     const char         *payload_hash)
{
  /* Replace, never append: a retried message is signed again. */
  soup_message_headers_remove (headers, "Authorization");
  soup_message_headers_replace (headers, "X-Amz-Date", amz_date);
  if (session_token != NULL && *session_token != '\0')
    soup_message_headers_replace (headers, "X-Amz-Security-Token", session_token);
  else
    soup_message_headers_remove (headers, "X-Amz-Security-Token");
  if ((flags & GLAUX_SIGV4_S3) != 0)
    soup_message_headers_replace (headers, "x-amz-content-sha256", payload_hash);
}

static void
payload_hash_for_body (GBytes          *body,
                       GlauxSigv4Flags  flags,
                       char             out[HEX_SHA256_LEN + 1])
{
  gsize length = 0;
  const void *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  if ((flags & (GLAUX_SIGV4_S3 | GLAUX_SIGV4_UNSIGNED_PAYLOAD)) ==
      (GLAUX_SIGV4_S3 | GLAUX_SIGV4_UNSIGNED_PAYLOAD))
    g_strlcpy (out, UNSIGNED_PAYLOAD, HEX_SHA256_LEN + 1);
  else if (length == 0)
    g_strlcpy (out, EMPTY_SHA256, HEX_SHA256_LEN + 1);
  else
    sha256_hex (data, length, out);
}

/* Copies pointers to the message's headers (plus @host) into @headers, which has room for
 * @capacity entries; returns how many were written. */
static gsize
collect_message_headers (SoupMessageHeaders *soup_headers,
                         const char         *host,
                         GlauxSigv4Header   *headers,
                         gsize               capacity)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  gsize n = 0;

  headers[n++] = (GlauxSigv4Header) { "host", host };
  soup_message_headers_iter_init (&iter, soup_headers);
  while (n < capacity && soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "host") != 0)
        headers[n++] = (GlauxSigv4Header) { name, value };
    }

  return n;
}

static gsize
count_message_headers (SoupMessageHeaders *soup_headers)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  gsize n = 0;

  soup_message_headers_iter_init (&iter, soup_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    n++;

  return n;
}

static char *
sign_request (const GlauxSigv4Request *request,
              GlauxSigv4Flags          flags,
              GlauxAwsCredentials     *credentials,
              const char              *amz_date,
              const char              *region,
              const char              *service)
{
  g_autoptr(GString) canonical = g_string_sized_new (1024);
  g_autoptr(GString) signed_headers = g_string_sized_new (128);
  g_autoptr(GString) string_to_sign = g_string_sized_new (160);
  GString *authorization = g_string_sized_new (256);
  char signature[HEX_SHA256_LEN + 1];

  append_canonical_request (canonical, signed_headers, request, flags, filter_signable, NULL,
                            request->payload_hash);
  append_string_to_sign (string_to_sign, amz_date, region, service, canonical->str,
                         canonical->len);
  compute_signature (glaux_aws_credentials_get_secret_access_key (credentials), amz_date,
                     region, service, string_to_sign->str, string_to_sign->len, signature);
  append_authorization (authorization, glaux_aws_credentials_get_access_key_id (credentials),
                        amz_date, region, service, signed_headers->str, signature);

  return g_string_free (authorization, FALSE);
}

/**
 * glaux_sigv4_sign_message:
 * @message: the request to sign, with its headers and body already set
 * @body: (nullable): the request body (%NULL for none)
 * @credentials: the credentials to sign with
 * @region: the signing region
 * @service: the signing name of the service ("athena", "s3"...)
 * @flags: %GLAUX_SIGV4_S3 and %GLAUX_SIGV4_UNSIGNED_PAYLOAD for S3 requests
 * @now: (nullable): the signing time, or %NULL for the current time
 * @error: return location for a #GError
 *
 * Sets X-Amz-Date, X-Amz-Security-Token (temporary credentials), x-amz-content-sha256 (S3)
 * and Authorization. Every header except hop-by-hop ones is signed, so set them all first;
 * calling it again (a retry) replaces the previous signature.
 *
 * Returns: %TRUE on success
 */
gboolean
glaux_sigv4_sign_message (SoupMessage          *message,
                          GBytes               *body,
                          GlauxAwsCredentials  *credentials,
                          const char           *region,
                          const char           *service,
                          GlauxSigv4Flags       flags,
                          GDateTime            *now,
                          GError              **error)
{
  SoupMessageHeaders *soup_headers;
  GlauxSigv4Header stack[STACK_HEADERS];
  g_autofree GlauxSigv4Header *heap = NULL;
  GlauxSigv4Header *headers = stack;
  g_autoptr(GDateTime) current = NULL;
  g_autofree char *host = NULL;
  g_autofree char *authorization = NULL;
  char amz_date[AMZ_DATE_LEN + 1];
  char payload_hash[HEX_SHA256_LEN + 1];
  GlauxSigv4Request request;
  gsize capacity;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (GLAUX_IS_AWS_CREDENTIALS (credentials), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_credentials (credentials, error) ||
      !check_scope_part (region, "region", error) ||
      !check_scope_part (service, "service name", error) ||
      (host = message_host (message, error)) == NULL)
    return FALSE;

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  format_amz_date (current, amz_date);
  payload_hash_for_body (body, flags, payload_hash);

  soup_headers = soup_message_get_request_headers (message);
  set_signing_headers (soup_headers, amz_date,
                       glaux_aws_credentials_get_session_token (credentials), flags,
                       payload_hash);

  capacity = count_message_headers (soup_headers) + 1;
  if (capacity > STACK_HEADERS)
    headers = heap = g_new (GlauxSigv4Header, capacity);

  request = (GlauxSigv4Request) {
    .method = soup_message_get_method (message),
    .path = g_uri_get_path (soup_message_get_uri (message)),
    .query = g_uri_get_query (soup_message_get_uri (message)),
    .headers = headers,
    .n_headers = collect_message_headers (soup_headers, host, headers, capacity),
    .payload_hash = payload_hash,
  };

  authorization = sign_request (&request, flags, credentials, amz_date, region, service);
  soup_message_headers_replace (soup_headers, "Authorization", authorization);
  return TRUE;
}

static const char *
find_header (const GlauxSigv4Request *request,
             const char              *name)
{
  for (gsize i = 0; i < request->n_headers; i++)
    {
      if (g_ascii_strcasecmp (request->headers[i].name, name) == 0)
        return request->headers[i].value;
    }

  return NULL;
}

static void
set_parameter (ParsedAuthorization *auth,
               const char          *key,
               const char          *value)
{
  if (strcmp (key, "Credential") == 0)
    {
      g_free (auth->credential);
      auth->credential = g_strdup (value);
    }
  else if (strcmp (key, "SignedHeaders") == 0)
    {
      g_strfreev (auth->signed_headers);
      auth->signed_headers = g_strsplit (value, ";", -1);
    }
  else if (strcmp (key, "Signature") == 0)
    {
      g_free (auth->signature);
      auth->signature = g_strdup (value);
    }
}

/* Splits "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."; unknown
 * parameters are ignored, as AWS does. */
static gboolean
parse_parameters (ParsedAuthorization  *auth,
                  GError              **error)
{
  g_auto(GStrv) parts = g_strsplit (auth->header + strlen (ALGORITHM), ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *equals = strchr (part, '=');

      if (*part == '\0')
        continue;
      if (equals == NULL)
        {
          g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                       "'%s' not a valid key=value pair (missing equal-sign) in "
                       "Authorization header: '%s'", part, auth->header);
          return FALSE;
        }
      *equals = '\0';
      set_parameter (auth, part, equals + 1);
    }

  return TRUE;
}

static gboolean
check_algorithm (const char  *header,
                 GError     **error)
{
  gsize word = strcspn (header, " ");

  if (word == strlen (ALGORITHM) && strncmp (header, ALGORITHM, word) == 0)
    return TRUE;

  /* Only the first word is echoed: other schemes (Bearer...) carry secrets after it. */
  g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
               "Unsupported Authorization algorithm '%.*s': only " ALGORITHM " is supported.",
               (int)MIN (word, 64), header);
  return FALSE;
}

static gboolean
parse_authorization (const GlauxSigv4Request  *request,
                     GlauxSigv4Flags           flags,
                     ParsedAuthorization      *auth,
                     GError                  **error)
{
  const char *header = find_header (request, "authorization");
  g_autoptr(GString) problems = g_string_new (NULL);

  if (header == NULL)
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_MISSING_AUTHENTICATION,
                           (flags & GLAUX_SIGV4_S3) != 0 ? MSG_S3_MISSING_AUTH : MSG_MISSING_AUTH);
      return FALSE;
    }

  auth->header = g_strstrip (g_strdup (header));
  if (!check_algorithm (auth->header, error) || !parse_parameters (auth, error))
    return FALSE;

  if (auth->credential == NULL)
    g_string_append (problems, "Authorization header requires 'Credential' parameter. ");
  if (auth->signature == NULL)
    g_string_append (problems, "Authorization header requires 'Signature' parameter. ");
  if (auth->signed_headers == NULL)
    g_string_append (problems, "Authorization header requires 'SignedHeaders' parameter. ");
  if (find_header (request, "x-amz-date") == NULL && find_header (request, "date") == NULL)
    g_string_append (problems, "Authorization header requires existence of either a "
                               "'X-Amz-Date' or a 'Date' header. ");

  if (problems->len > 0)
    {
      g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                   "%sAuthorization=%s", problems->str, auth->header);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_credential_scope (ParsedAuthorization  *auth,
                        GError              **error)
{
  auth->scope = g_strsplit (auth->credential, "/", -1);

  if (g_strv_length (auth->scope) != 5)
    {
      g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                   "Credential must have exactly 5 slash-delimited elements, e.g. "
                   "keyid/date/region/service/term, got '%s'", auth->credential);
      return FALSE;
    }
  if (strcmp (auth->scope[4], TERMINATOR) != 0)
    {
      g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                   "Credential should be scoped with a valid terminator: '" TERMINATOR "', "
                   "not '%s'.", auth->scope[4]);
      return FALSE;
    }
  if (*auth->scope[2] == '\0')
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                           "Credential should be scoped to a valid region, not ''. ");
      return FALSE;
    }
  if (*auth->scope[3] == '\0')
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                           "Credential should be scoped to a valid service, not ''. ");
      return FALSE;
    }

  return TRUE;
}

static int
parse_digits (const char *text,
              gsize       length)
{
  int value = 0;

  for (gsize i = 0; i < length; i++)
    value = value * 10 + (text[i] - '0');

  return value;
}

/* "YYYYMMDDTHHMMSSZ", and a real date. */
static GDateTime *
parse_amz_date (const char *text)
{
  if (strlen (text) != AMZ_DATE_LEN || text[8] != 'T' || text[15] != 'Z')
    return NULL;

  for (guint i = 0; i < AMZ_DATE_LEN - 1; i++)
    {
      if (i != 8 && !g_ascii_isdigit (text[i]))
        return NULL;
    }

  return g_date_time_new_utc (parse_digits (text, 4), parse_digits (text + 4, 2),
                              parse_digits (text + 6, 2), parse_digits (text + 9, 2),
                              parse_digits (text + 11, 2), parse_digits (text + 13, 2));
}

/* Reads X-Amz-Date (or, without it, the HTTP Date header) into @auth->amz_date and checks
 * that the credential scope is for that day. */
static GDateTime *
parse_request_time (const GlauxSigv4Request  *request,
                    ParsedAuthorization      *auth,
                    GError                  **error)
{
  const char *amz_date = find_header (request, "x-amz-date");
  const char *source = amz_date != NULL ? "X-Amz-Date" : "Date";
  g_autofree char *text = g_strstrip (g_strdup (amz_date != NULL ? amz_date
                                                                 : find_header (request, "date")));
  g_autoptr(GDateTime) request_time = amz_date != NULL ? parse_amz_date (text)
                                                       : soup_date_time_new_from_http_string (text);

  if (request_time == NULL)
    {
      if (amz_date != NULL)
        g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                     "Date must be in ISO-8601 'basic format'. Got '%s'. "
                     "See http://en.wikipedia.org/wiki/ISO_8601", text);
      else
        g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                     "The Date header '%s' is not a valid HTTP date (RFC 7231).", text);
      return NULL;
    }

  format_amz_date (request_time, auth->amz_date);
  if (strncmp (auth->scope[1], auth->amz_date, SCOPE_DATE_LEN) != 0 ||
      strlen (auth->scope[1]) != SCOPE_DATE_LEN)
    {
      g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                   "date from HTTP: '%s' != '%.8s', from '%s'.",
                   auth->scope[1], auth->amz_date, source);
      return NULL;
    }

  return g_steal_pointer (&request_time);
}

static gboolean
check_signed_headers (const GlauxSigv4Request  *request,
                      ParsedAuthorization      *auth,
                      GError                  **error)
{
  if (!g_strv_contains ((const char * const *)auth->signed_headers, "host"))
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                           "'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                           "Authorization.");
      return FALSE;
    }

  for (guint i = 0; auth->signed_headers[i] != NULL; i++)
    {
      if (find_header (request, auth->signed_headers[i]) == NULL)
        {
          g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                       "The header '%s' is listed in SignedHeaders but is not in the request.",
                       auth->signed_headers[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_clock_skew (GDateTime        *request_time,
                  const char       *amz_date,
                  GDateTime        *now,
                  GlauxSigv4Flags   flags,
                  GError          **error)
{
  GTimeSpan skew = g_date_time_difference (now, request_time);
  g_autoptr(GDateTime) limit = NULL;
  char now_text[AMZ_DATE_LEN + 1];
  char limit_text[AMZ_DATE_LEN + 1];

  if (skew <= MAX_CLOCK_SKEW && skew >= -MAX_CLOCK_SKEW)
    return TRUE;

  if ((flags & GLAUX_SIGV4_S3) != 0)
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_TIME_SKEWED,
                           MSG_S3_TIME_SKEWED);
      return FALSE;
    }

  limit = g_date_time_add (now, skew > 0 ? -MAX_CLOCK_SKEW : MAX_CLOCK_SKEW);
  format_amz_date (now, now_text);
  format_amz_date (limit, limit_text);
  if (skew > 0)
    g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_TIME_SKEWED,
                 "Signature expired: %s is now earlier than %s (%s - 15 min.)",
                 amz_date, limit_text, now_text);
  else
    g_set_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_TIME_SKEWED,
                 "Signature not yet current: %s is still later than %s (%s + 15 min.)",
                 amz_date, limit_text, now_text);
  return FALSE;
}

/* Compares in time that depends only on the lengths, so a forger learns nothing from timing. */
static gboolean
equal_constant_time (const char *a,
                     gsize       a_length,
                     const char *b,
                     gsize       b_length)
{
  guchar difference = a_length != b_length;

  for (gsize i = 0; i < MIN (a_length, b_length); i++)
    difference |= a[i] ^ b[i];

  return difference == 0;
}

static gboolean
check_session_token (const GlauxSigv4Request  *request,
                     const char               *expected,
                     GlauxSigv4Flags           flags,
                     GError                  **error)
{
  const char *sent = find_header (request, "x-amz-security-token");
  g_autofree char *trimmed = sent != NULL ? g_strstrip (g_strdup (sent)) : NULL;

  if (expected == NULL && trimmed == NULL)
    return TRUE;
  if (expected != NULL && trimmed != NULL &&
      equal_constant_time (trimmed, strlen (trimmed), expected, strlen (expected)))
    return TRUE;

  g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INVALID_TOKEN,
                       (flags & GLAUX_SIGV4_S3) != 0 ? MSG_S3_INVALID_TOKEN : MSG_INVALID_TOKEN);
  return FALSE;
}

static gboolean
is_hex_sha256 (const char *text)
{
  if (strlen (text) != HEX_SHA256_LEN)
    return FALSE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text) && !(*text >= 'a' && *text <= 'f'))
        return FALSE;
    }

  return TRUE;
}

/* S3 signs the x-amz-content-sha256 value, which must describe the body actually received. */
static gboolean
select_payload_hash (const GlauxSigv4Request  *request,
                     GlauxSigv4Flags           flags,
                     const char              **payload_hash,
                     GError                  **error)
{
  const char *body_hash = request->payload_hash != NULL ? request->payload_hash : EMPTY_SHA256;
  const char *claimed = find_header (request, "x-amz-content-sha256");

  *payload_hash = body_hash;
  if ((flags & GLAUX_SIGV4_S3) == 0)
    return TRUE;

  if (claimed == NULL)
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                           "Missing required header for this request: x-amz-content-sha256");
      return FALSE;
    }
  if (strcmp (claimed, UNSIGNED_PAYLOAD) != 0 && !is_hex_sha256 (claimed))
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH,
                           "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 "
                           "value (streaming uploads are not supported).");
      return FALSE;
    }
  if (strcmp (claimed, UNSIGNED_PAYLOAD) != 0 && strcmp (body_hash, UNSIGNED_PAYLOAD) != 0 &&
      strcmp (claimed, body_hash) != 0)
    {
      g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH,
                           "The provided 'x-amz-content-sha256' header does not match what was "
                           "computed.");
      return FALSE;
    }

  *payload_hash = claimed;
  return TRUE;
}

static gboolean
check_signature (const GlauxSigv4Request  *request,
                 GlauxSigv4Flags           flags,
                 ParsedAuthorization      *auth,
                 const char               *secret,
                 const char               *payload_hash,
                 GError                  **error)
{
  g_autoptr(GString) canonical = g_string_sized_new (1024);
  g_autoptr(GString) signed_headers = g_string_sized_new (128);
  g_autoptr(GString) string_to_sign = g_string_sized_new (160);
  char expected[HEX_SHA256_LEN + 1];

  append_canonical_request (canonical, signed_headers, request, flags, filter_listed,
                            auth->signed_headers, payload_hash);
  append_string_to_sign (string_to_sign, auth->amz_date, auth->scope[2], auth->scope[3],
                         canonical->str, canonical->len);
  compute_signature (secret, auth->amz_date, auth->scope[2], auth->scope[3],
                     string_to_sign->str, string_to_sign->len, expected);

  if (equal_constant_time (expected, HEX_SHA256_LEN, auth->signature, strlen (auth->signature)))
    return TRUE;

  g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH,
                       (flags & GLAUX_SIGV4_S3) != 0 ? MSG_S3_SIGNATURE_MISMATCH
                                                     : MSG_SIGNATURE_MISMATCH);
  return FALSE;
}

static gboolean
check_access_key (const char               *secret,
                  GlauxSigv4Flags           flags,
                  GError                  **error)
{
  if (secret != NULL)
    return TRUE;

  g_set_error_literal (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_UNKNOWN_ACCESS_KEY,
                       (flags & GLAUX_SIGV4_S3) != 0 ? MSG_S3_UNKNOWN_KEY : MSG_INVALID_TOKEN);
  return FALSE;
}

/**
 * glaux_sigv4_verify:
 * @request: the request as received, Authorization header included
 * @flags: %GLAUX_SIGV4_S3 for S3 (path rule, x-amz-content-sha256 required and checked
 *   against @request's payload_hash, S3 wording of the errors)
 * @lookup: (scope call): finds the secret and session token of an access key id
 * @lookup_data: data for @lookup
 * @now: (nullable): the current time, or %NULL for the clock
 * @verified: (out caller-allocates) (optional): who signed, for which region and service
 * @error: return location for a #GError in %GLAUX_SIGV4_ERROR, with AWS's message
 *
 * Checks a SigV4 Authorization header the way AWS does. Safe to call from any thread
 * (@lookup must be too).
 *
 * Returns: %TRUE if the signature is valid
 */
gboolean
glaux_sigv4_verify (const GlauxSigv4Request  *request,
                    GlauxSigv4Flags           flags,
                    GlauxSigv4SecretLookup    lookup,
                    gpointer                  lookup_data,
                    GDateTime                *now,
                    GlauxSigv4Verified       *verified,
                    GError                  **error)
{
  g_auto(ParsedAuthorization) auth = { 0 };
  g_autoptr(GDateTime) request_time = NULL;
  g_autoptr(GDateTime) current = NULL;
  const char *expected_token = NULL;
  const char *payload_hash = NULL;
  const char *secret;

  g_return_val_if_fail (request != NULL && request->method != NULL, FALSE);
  g_return_val_if_fail (request->headers != NULL || request->n_headers == 0, FALSE);
  g_return_val_if_fail (lookup != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_authorization (request, flags, &auth, error) ||
      !check_credential_scope (&auth, error) ||
      (request_time = parse_request_time (request, &auth, error)) == NULL ||
      !check_signed_headers (request, &auth, error))
    return FALSE;

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  if (!check_clock_skew (request_time, auth.amz_date, current, flags, error))
    return FALSE;

  secret = lookup (auth.scope[0], &expected_token, lookup_data);
  if (!check_access_key (secret, flags, error) ||
      !check_session_token (request, expected_token, flags, error) ||
      !select_payload_hash (request, flags, &payload_hash, error) ||
      !check_signature (request, flags, &auth, secret, payload_hash, error))
    return FALSE;

  if (verified != NULL)
    {
      verified->access_key_id = g_strdup (auth.scope[0]);
      verified->region = g_strdup (auth.scope[2]);
      verified->service = g_strdup (auth.scope[3]);
    }
  return TRUE;
}

/**
 * glaux_sigv4_verify_message:
 * @message: a request received by a #SoupServer
 * @body: (nullable): its complete body
 * @flags: as for glaux_sigv4_verify()
 * @lookup: (scope call): finds the secret and session token of an access key id
 * @lookup_data: data for @lookup
 * @now: (nullable): the current time, or %NULL for the clock
 * @verified: (out caller-allocates) (optional): who signed, for which region and service
 * @error: return location for a #GError in %GLAUX_SIGV4_ERROR
 *
 * glaux_sigv4_verify() on a server message: its method, path, query and headers as received.
 *
 * Returns: %TRUE if the signature is valid
 */
gboolean
glaux_sigv4_verify_message (SoupServerMessage       *message,
                            GBytes                  *body,
                            GlauxSigv4Flags          flags,
                            GlauxSigv4SecretLookup   lookup,
                            gpointer                 lookup_data,
                            GDateTime               *now,
                            GlauxSigv4Verified      *verified,
                            GError                 **error)
{
  SoupMessageHeaders *soup_headers;
  g_autofree GlauxSigv4Header *headers = NULL;
  SoupMessageHeadersIter iter;
  GUri *uri;
  const char *name;
  const char *value;
  char payload_hash[HEX_SHA256_LEN + 1];
  GlauxSigv4Request request;
  gsize n = 0;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (message), FALSE);

  soup_headers = soup_server_message_get_request_headers (message);
  uri = soup_server_message_get_uri (message);
  headers = g_new (GlauxSigv4Header, count_message_headers (soup_headers) + 1);
  soup_message_headers_iter_init (&iter, soup_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    headers[n++] = (GlauxSigv4Header) { name, value };
  payload_hash_for_body (body, GLAUX_SIGV4_DEFAULT, payload_hash);

  request = (GlauxSigv4Request) {
    .method = soup_server_message_get_method (message),
    .path = g_uri_get_path (uri),
    .query = g_uri_get_query (uri),
    .headers = headers,
    .n_headers = n,
    .payload_hash = payload_hash,
  };

  return glaux_sigv4_verify (&request, flags, lookup, lookup_data, now, verified, error);
}

/**
 * glaux_sigv4_verified_clear:
 * @verified: what glaux_sigv4_verify() filled in
 *
 * Frees the strings of @verified and resets them to %NULL.
 */
void
glaux_sigv4_verified_clear (GlauxSigv4Verified *verified)
{
  g_return_if_fail (verified != NULL);

  g_clear_pointer (&verified->access_key_id, g_free);
  g_clear_pointer (&verified->region, g_free);
  g_clear_pointer (&verified->service, g_free);
}
