/* test-sigv4.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-sigv4.h"
#include "glaux-test-util.h"

/* Every case of both layouts, none skipped: the repeated-key query cases and get-space that
 * botocore skips are produced exactly (query parameters are sorted by key, then value; a raw
 * space in the path is encoded once). */
#define CLASSIC_CASES 34
#define SUITE_CASES   38

/* The classic layout has no context file; its readme fixes these for every case. */
#define CLASSIC_ACCESS_KEY "AKIDEXAMPLE"
#define CLASSIC_SECRET     "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define CLASSIC_REGION     "us-east-1"
#define CLASSIC_SERVICE    "service"

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

typedef struct
{
  char     *name;
  char     *dir;
  gboolean  classic;
} VectorCase;

/* A raw HTTP request as written in the vector files. */
typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *names;
  GPtrArray *values;
  GBytes    *body;
} RawRequest;

/* Everything one case signs with and expects. */
typedef struct
{
  RawRequest *request;
  char       *access_key_id;
  char       *secret;
  char       *token;
  char       *region;
  char       *service;
  char       *amz_date;
  GDateTime  *time;
  gboolean    keep_path;
  gboolean    sign_body;
  gboolean    token_signed;
  char       *expected_canonical;
  char       *expected_string_to_sign;
  char       *expected_signature;
  char       *expected_authorization;
} Vector;

typedef struct
{
  const char *access_key_id;
  const char *secret;
  const char *token;
} KeyStore;

static GPtrArray *classic_cases;
static GPtrArray *suite_cases;

static void
vector_case_free (VectorCase *vector_case)
{
  g_free (vector_case->name);
  g_free (vector_case->dir);
  g_free (vector_case);
}

static void
raw_request_free (RawRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_ptr_array_unref (request->names);
  g_ptr_array_unref (request->values);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawRequest, raw_request_free)

static void
vector_free (Vector *vector)
{
  g_clear_pointer (&vector->request, raw_request_free);
  g_free (vector->access_key_id);
  g_free (vector->secret);
  g_free (vector->token);
  g_free (vector->region);
  g_free (vector->service);
  g_free (vector->amz_date);
  g_clear_pointer (&vector->time, g_date_time_unref);
  g_free (vector->expected_canonical);
  g_free (vector->expected_string_to_sign);
  g_free (vector->expected_signature);
  g_free (vector->expected_authorization);
  g_free (vector);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vector, vector_free)

static char *
read_text (const char *dir,
           const char *file_name)
{
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
raw_request_add_header (RawRequest *request,
                        const char *name,
                        const char *value)
{
  g_ptr_array_add (request->names, g_strdup (name));
  g_ptr_array_add (request->values, g_strdup (value));
}

static const char *
raw_request_get_header (RawRequest *request,
                        const char *name)
{
  for (guint i = 0; i < request->names->len; i++)
    {
      if (g_ascii_strcasecmp (request->names->pdata[i], name) == 0)
        return request->values->pdata[i];
    }

  return NULL;
}

static void
parse_request_line (RawRequest *request,
                    const char *line)
{
  const char *first_space = strchr (line, ' ');
  const char *last_space = strrchr (line, ' ');
  g_autofree char *target = NULL;
  char *question;

  g_assert_nonnull (first_space);
  g_assert_true (last_space > first_space);
  g_assert_true (g_str_has_prefix (last_space + 1, "HTTP/"));

  request->method = g_strndup (line, first_space - line);
  /* Targets may hold a raw space (get-space), so the version is after the last space. */
  target = g_strndup (first_space + 1, last_space - first_space - 1);
  question = strchr (target, '?');
  if (question != NULL)
    {
      request->query = g_strdup (question + 1);
      *question = '\0';
    }
  request->path = g_strdup (target);
}

/* Request line, headers (continuation lines folded into the previous value with their
 * newline, duplicates kept in order), blank line, body. Lines end in LF, maybe CRLF; the
 * classic files have no final newline. */
static RawRequest *
parse_raw_request (const char *text)
{
  g_autoptr(RawRequest) request = g_new0 (RawRequest, 1);
  const char *p = text;
  gboolean first = TRUE;

  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      gsize length = end != NULL ? (gsize)(end - p) : strlen (p);
      g_autofree char *line = g_strndup (p, length > 0 && p[length - 1] == '\r' ? length - 1
                                                                                 : length);

      p += length + (end != NULL);
      if (first)
        parse_request_line (request, line);
      else if (*line == '\0')
        break;
      else if (*line == ' ' || *line == '\t')
        {
          char **value = (char **)&request->values->pdata[request->values->len - 1];
          char *folded = g_strconcat (*value, "\n", line, NULL);

          g_assert_cmpuint (request->values->len, >, 0);
          g_free (*value);
          *value = folded;
        }
      else
        {
          const char *colon = strchr (line, ':');
          g_autofree char *name = NULL;

          g_assert_nonnull (colon);
          name = g_strndup (line, colon - line);
          raw_request_add_header (request, name, colon + 1);
        }
      first = FALSE;
    }

  request->body = g_bytes_new (p, strlen (p));
  return g_steal_pointer (&request);
}

static char *
signature_of_authorization (const char *authorization)
{
  const char *signature = strstr (authorization, "Signature=");

  g_assert_nonnull (signature);
  return g_strdup (signature + strlen ("Signature="));
}

static void
load_classic (Vector     *vector,
              VectorCase *vector_case)
{
  g_autofree char *base = g_path_get_basename (vector_case->dir);
  g_autofree char *req_name = g_strconcat (base, ".req", NULL);
  g_autofree char *sreq_name = g_strconcat (base, ".sreq", NULL);
  g_autofree char *creq_name = g_strconcat (base, ".creq", NULL);
  g_autofree char *sts_name = g_strconcat (base, ".sts", NULL);
  g_autofree char *authz_name = g_strconcat (base, ".authz", NULL);
  g_autofree char *req = read_text (vector_case->dir, req_name);
  g_autofree char *sreq = read_text (vector_case->dir, sreq_name);
  g_autoptr(RawRequest) signed_request = parse_raw_request (sreq);
  const char *date;

  vector->request = parse_raw_request (req);
  vector->access_key_id = g_strdup (CLASSIC_ACCESS_KEY);
  vector->secret = g_strdup (CLASSIC_SECRET);
  vector->region = g_strdup (CLASSIC_REGION);
  vector->service = g_strdup (CLASSIC_SERVICE);

  date = raw_request_get_header (vector->request, "X-Amz-Date");
  g_assert_nonnull (date);
  vector->amz_date = g_strdup (date);

  /* The session token is in the signed request (.sreq), and in .req too when the request
   * already carried it. A token the signer adds is signed unless the case is
   * post-sts-header-after, which the suite's readme describes as added after signing
   * (context.json's omit_session_token in the other layout). Only the token is taken from
   * .sreq: its signature line is wrong for get-vanilla-with-session-token. */
  vector->token = g_strdup (raw_request_get_header (signed_request, "X-Amz-Security-Token"));
  vector->token_signed = g_strcmp0 (base, "post-sts-header-after") != 0;

  vector->expected_canonical = read_text (vector_case->dir, creq_name);
  vector->expected_string_to_sign = read_text (vector_case->dir, sts_name);
  vector->expected_authorization = read_text (vector_case->dir, authz_name);
  vector->expected_signature = signature_of_authorization (vector->expected_authorization);
}

static char *
authorization_of_signed_request (const char *text)
{
  g_autoptr(RawRequest) request = parse_raw_request (text);
  const char *value = raw_request_get_header (request, "Authorization");

  g_assert_nonnull (value);
  return g_strdup (value);
}

static void
load_context (Vector     *vector,
              const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "context.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *context;
  JsonObject *credentials;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  credentials = json_object_get_object_member (context, "credentials");

  vector->access_key_id = g_strdup (json_object_get_string_member (credentials, "access_key_id"));
  vector->secret = g_strdup (json_object_get_string_member (credentials, "secret_access_key"));
  vector->token = g_strdup (json_object_get_string_member_with_default (credentials, "token",
                                                                       NULL));
  vector->region = g_strdup (json_object_get_string_member (context, "region"));
  vector->service = g_strdup (json_object_get_string_member (context, "service"));
  vector->keep_path = !json_object_get_boolean_member (context, "normalize");
  vector->sign_body = json_object_get_boolean_member (context, "sign_body");
  vector->token_signed = !json_object_get_boolean_member_with_default (context,
                                                                       "omit_session_token",
                                                                       FALSE);
  vector->time = g_date_time_new_from_iso8601 (json_object_get_string_member (context,
                                                                              "timestamp"),
                                               NULL);
  g_assert_nonnull (vector->time);
  vector->amz_date = glaux_sigv4_format_amz_date (vector->time);
}

static void
load_suite (Vector     *vector,
            VectorCase *vector_case)
{
  g_autofree char *request = read_text (vector_case->dir, "request.txt");
  g_autofree char *signed_request = read_text (vector_case->dir, "header-signed-request.txt");

  load_context (vector, vector_case->dir);
  vector->request = parse_raw_request (request);
  vector->expected_canonical = read_text (vector_case->dir, "header-canonical-request.txt");
  vector->expected_string_to_sign = read_text (vector_case->dir, "header-string-to-sign.txt");
  vector->expected_signature = read_text (vector_case->dir, "header-signature.txt");
  vector->expected_authorization = authorization_of_signed_request (signed_request);
}

static Vector *
load_vector (VectorCase *vector_case)
{
  Vector *vector = g_new0 (Vector, 1);

  if (vector_case->classic)
    load_classic (vector, vector_case);
  else
    load_suite (vector, vector_case);

  if (vector->time == NULL)
    {
      g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ",
                                              vector->amz_date, vector->amz_date + 4,
                                              vector->amz_date + 6, vector->amz_date + 9,
                                              vector->amz_date + 11, vector->amz_date + 13);

      vector->time = g_date_time_new_from_iso8601 (iso, NULL);
      g_assert_nonnull (vector->time);
    }

  return vector;
}

/* The headers the signer sees: the file's, plus what the signer itself adds before signing
 * (X-Amz-Date in the new layout, a signed session token, x-amz-content-sha256 for sign_body). */
static RawRequest *
signing_request (Vector     *vector,
                 const char *payload_hash)
{
  RawRequest *request = g_new0 (RawRequest, 1);

  request->method = g_strdup (vector->request->method);
  request->path = g_strdup (vector->request->path);
  request->query = g_strdup (vector->request->query);
  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < vector->request->names->len; i++)
    raw_request_add_header (request, vector->request->names->pdata[i],
                            vector->request->values->pdata[i]);

  if (raw_request_get_header (request, "X-Amz-Date") == NULL)
    raw_request_add_header (request, "X-Amz-Date", vector->amz_date);
  if (vector->token != NULL && vector->token_signed &&
      raw_request_get_header (request, "X-Amz-Security-Token") == NULL)
    raw_request_add_header (request, "X-Amz-Security-Token", vector->token);
  if (vector->sign_body)
    raw_request_add_header (request, "x-amz-content-sha256", payload_hash);

  return request;
}

static GlauxSigv4Header *
headers_of (RawRequest *request)
{
  GlauxSigv4Header *headers = g_new (GlauxSigv4Header, request->names->len + 1);

  for (guint i = 0; i < request->names->len; i++)
    headers[i] = (GlauxSigv4Header) { request->names->pdata[i], request->values->pdata[i] };

  return headers;
}

static GlauxSigv4Request
make_request (RawRequest             *raw,
              const char             *method,
              const GlauxSigv4Header *headers,
              const char             *payload_hash)
{
  return (GlauxSigv4Request) {
    .method = method,
    .path = raw->path,
    .query = raw->query,
    .headers = headers,
    .n_headers = raw->names->len,
    .payload_hash = payload_hash,
  };
}

static const char *
lookup_key (const char  *access_key_id,
            const char **session_token,
            gpointer     user_data)
{
  KeyStore *store = user_data;

  if (g_strcmp0 (access_key_id, store->access_key_id) != 0)
    return NULL;

  *session_token = store->token;
  return store->secret;
}

static void
assert_verify_error (RawRequest      *raw,
                     const char      *method,
                     const char      *payload_hash,
                     GlauxSigv4Flags  flags,
                     KeyStore        *store,
                     GDateTime       *now,
                     GlauxSigv4Error  code)
{
  g_autofree GlauxSigv4Header *headers = headers_of (raw);
  GlauxSigv4Request request = make_request (raw, method, headers, payload_hash);
  g_autoptr(GError) error = NULL;

  g_assert_false (glaux_sigv4_verify (&request, flags, lookup_key, store, now, NULL, &error));
  g_assert_error (error, GLAUX_SIGV4_ERROR, (int)code);
}

/* The request as the server receives it: signed headers, Authorization, and a token added
 * after signing when the case says so. */
static RawRequest *
received_request (Vector     *vector,
                  RawRequest *signing,
                  const char *authorization)
{
  RawRequest *request = g_new0 (RawRequest, 1);

  request->method = g_strdup (vector->request->method);
  request->path = g_strdup (vector->request->path);
  request->query = g_strdup (vector->request->query);
  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < signing->names->len; i++)
    raw_request_add_header (request, signing->names->pdata[i], signing->values->pdata[i]);
  if (vector->token != NULL && raw_request_get_header (request, "X-Amz-Security-Token") == NULL)
    raw_request_add_header (request, "X-Amz-Security-Token", vector->token);
  raw_request_add_header (request, "Authorization", authorization);

  return request;
}

static void
check_vector_verifies (Vector          *vector,
                       RawRequest      *signing,
                       const char      *payload_hash,
                       GlauxSigv4Flags  flags)
{
  g_autoptr(RawRequest) received = received_request (vector, signing,
                                                     vector->expected_authorization);
  g_autofree GlauxSigv4Header *headers = headers_of (received);
  GlauxSigv4Request request = make_request (received, vector->request->method, headers,
                                            payload_hash);
  KeyStore store = { vector->access_key_id, vector->secret, vector->token };
  GlauxSigv4Verified verified = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean valid = glaux_sigv4_verify (&request, flags, lookup_key, &store, vector->time,
                                       &verified, &error);

  g_assert_no_error (error);
  g_assert_true (valid);
  g_assert_cmpstr (verified.access_key_id, ==, vector->access_key_id);
  g_assert_cmpstr (verified.region, ==, vector->region);
  g_assert_cmpstr (verified.service, ==, vector->service);
  glaux_sigv4_verified_clear (&verified);
  g_assert_null (verified.access_key_id);
}

static void
check_vector_refusals (Vector          *vector,
                       RawRequest      *signing,
                       const char      *payload_hash,
                       GlauxSigv4Flags  flags)
{
  g_autofree char *tampered = g_strdup (vector->expected_authorization);
  g_autoptr(RawRequest) received = received_request (vector, signing,
                                                     vector->expected_authorization);
  g_autoptr(RawRequest) forged = NULL;
  g_autoptr(GDateTime) late = g_date_time_add_minutes (vector->time, 16);
  g_autoptr(GDateTime) early = g_date_time_add_minutes (vector->time, -16);
  KeyStore store = { vector->access_key_id, vector->secret, vector->token };
  KeyStore other_key = { "AKIDOTHER", vector->secret, vector->token };
  KeyStore other_secret = { vector->access_key_id, "not-the-secret", vector->token };
  char *last = tampered + strlen (tampered) - 1;

  *last = *last == '0' ? '1' : '0';
  forged = received_request (vector, signing, tampered);

  assert_verify_error (forged, vector->request->method, payload_hash, flags, &store,
                       vector->time, GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH);
  assert_verify_error (received, vector->request->method, payload_hash, flags, &other_secret,
                       vector->time, GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH);
  assert_verify_error (received, vector->request->method, payload_hash, flags, &other_key,
                       vector->time, GLAUX_SIGV4_ERROR_UNKNOWN_ACCESS_KEY);
  assert_verify_error (received, vector->request->method, payload_hash, flags, &store, late,
                       GLAUX_SIGV4_ERROR_TIME_SKEWED);
  assert_verify_error (received, vector->request->method, payload_hash, flags, &store, early,
                       GLAUX_SIGV4_ERROR_TIME_SKEWED);
}

static void
test_vector (gconstpointer data)
{
  VectorCase *vector_case = (VectorCase *)data;
  g_autoptr(Vector) vector = load_vector (vector_case);
  gsize body_length = 0;
  const guint8 *body = g_bytes_get_data (vector->request->body, &body_length);
  g_autofree char *payload_hash = glaux_sigv4_hex_sha256 (body, body_length);
  g_autoptr(RawRequest) signing = signing_request (vector, payload_hash);
  g_autofree GlauxSigv4Header *headers = headers_of (signing);
  GlauxSigv4Flags flags = vector->keep_path ? GLAUX_SIGV4_KEEP_PATH : GLAUX_SIGV4_DEFAULT;
  GlauxSigv4Request request = make_request (signing, signing->method, headers, payload_hash);
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;

  canonical = glaux_sigv4_canonical_request (&request, flags, &signed_headers);
  g_assert_cmpstr (canonical, ==, vector->expected_canonical);

  string_to_sign = glaux_sigv4_string_to_sign (vector->amz_date, vector->region,
                                               vector->service, canonical);
  g_assert_cmpstr (string_to_sign, ==, vector->expected_string_to_sign);

  signature = glaux_sigv4_signature (vector->secret, vector->amz_date, vector->region,
                                     vector->service, string_to_sign);
  g_assert_cmpstr (signature, ==, vector->expected_signature);

  authorization = glaux_sigv4_authorization (vector->access_key_id, vector->amz_date,
                                             vector->region, vector->service, signed_headers,
                                             signature);
  g_assert_cmpstr (authorization, ==, vector->expected_authorization);

  check_vector_verifies (vector, signing, payload_hash, flags);
  check_vector_refusals (vector, signing, payload_hash, flags);
}

static gboolean
is_case_dir (const char *dir,
             gboolean    classic)
{
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *req_name = g_strconcat (base, ".req", NULL);
  g_autofree char *marker = g_build_filename (dir, classic ? req_name : "context.json", NULL);

  return g_file_test (marker, G_FILE_TEST_IS_REGULAR);
}

static void
find_cases (const char *root,
            const char *relative,
            gboolean    classic,
            GPtrArray  *cases)
{
  g_autofree char *dir_path = relative != NULL ? g_build_filename (root, relative, NULL)
                                               : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_relative = relative != NULL ? g_build_filename (relative, entry, NULL)
                                                         : g_strdup (entry);
      g_autofree char *child = g_build_filename (root, child_relative, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_DIR))
        continue;
      if (is_case_dir (child, classic))
        {
          VectorCase *vector_case = g_new0 (VectorCase, 1);

          vector_case->name = g_steal_pointer (&child_relative);
          vector_case->dir = g_steal_pointer (&child);
          vector_case->classic = classic;
          g_ptr_array_add (cases, vector_case);
        }
      else
        find_cases (root, child_relative, classic, cases);
    }
}

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  const VectorCase *ca = *(VectorCase * const *)a;
  const VectorCase *cb = *(VectorCase * const *)b;

  return strcmp (ca->name, cb->name);
}

static GPtrArray *
discover_cases (const char *layout_dir,
                gboolean    classic)
{
  g_autofree char *root = glaux_test_build_shared ("testdata", "sigv4", layout_dir, NULL);
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify)vector_case_free);

  find_cases (root, NULL, classic, cases);
  g_ptr_array_sort (cases, compare_cases);
  return cases;
}

static void
test_vector_count (void)
{
  g_assert_cmpuint (classic_cases->len, ==, CLASSIC_CASES);
  g_assert_cmpuint (suite_cases->len, ==, SUITE_CASES);
  g_assert_cmpuint (classic_cases->len + suite_cases->len, ==, 72);
}

/* Canonical form details that the vectors do not cover. */
static char *
canonical_of (const char      *method,
              const char      *path,
              const char      *query,
              GlauxSigv4Flags  flags)
{
  GlauxSigv4Header headers[] = { { "Host", "example.com" } };
  GlauxSigv4Request request = { method, path, query, headers, 1, NULL };

  return glaux_sigv4_canonical_request (&request, flags, NULL);
}

static void
assert_canonical_uri_and_query (const char      *path,
                                const char      *query,
                                GlauxSigv4Flags  flags,
                                const char      *expected_uri,
                                const char      *expected_query)
{
  g_autofree char *canonical = canonical_of ("GET", path, query, flags);
  g_autofree char *expected = g_strdup_printf ("GET\n%s\n%s\nhost:example.com\n\nhost\n"
                                               EMPTY_SHA256, expected_uri, expected_query);

  g_assert_cmpstr (canonical, ==, expected);
}

static void
test_canonical_paths (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) deep_expected = g_string_new (NULL);

  assert_canonical_uri_and_query ("/a/./b/../c//d/", NULL, 0, "/a/c/d/", "");
  assert_canonical_uri_and_query ("/../..", NULL, 0, "/", "");
  assert_canonical_uri_and_query ("", NULL, 0, "/", "");
  /* Non-S3: the encoded path is encoded again; S3: kept as sent. */
  assert_canonical_uri_and_query ("/a%2Fb/c%20d", NULL, 0, "/a%252Fb/c%2520d", "");
  assert_canonical_uri_and_query ("/a%2Fb/c%20d", NULL, GLAUX_SIGV4_S3, "/a%2Fb/c%20d", "");
  assert_canonical_uri_and_query ("//key//./x", NULL, GLAUX_SIGV4_S3, "//key//./x", "");
  assert_canonical_uri_and_query ("/k$y=1 %zz", NULL, GLAUX_SIGV4_KEEP_PATH,
                                  "/k%24y%3D1%20%25zz", "");

  for (guint i = 0; i < 100; i++)
    {
      g_string_append_printf (deep, "/s%u", i);
      g_string_append_printf (deep_expected, "/s%u", i);
    }
  g_string_append (deep, "/..");
  g_string_truncate (deep_expected, deep_expected->len - strlen ("/s99"));
  assert_canonical_uri_and_query (deep->str, NULL, 0, deep_expected->str, "");
}

static void
test_canonical_queries (void)
{
  /* Sorted by key then value; empty parts dropped; '=' kept for empty values; escapes
   * normalised to upper case; '+' is a literal plus. */
  assert_canonical_uri_and_query ("/", "b=2&&a=&c&a=z&a=B", 0, "/", "a=&a=B&a=z&b=2&c=");
  assert_canonical_uri_and_query ("/", "k%e1%88%b4=%7e+x", 0, "/", "k%E1%88%B4=~%2Bx");
  assert_canonical_uri_and_query ("/", "Param-3=1&Param=2", 0, "/", "Param=2&Param-3=1");
  assert_canonical_uri_and_query ("/", "bad=%zz%4", 0, "/", "bad=%25zz%254");
  assert_canonical_uri_and_query ("/", "list-type=2&prefix=a/b c", GLAUX_SIGV4_S3, "/",
                                  "list-type=2&prefix=a%2Fb%20c");
}

static void
test_canonical_headers (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (GlauxSigv4Header));
  g_autoptr(GString) expected = g_string_new ("GET\n/\n\n");
  g_autofree char *canonical = NULL;
  g_autofree char *signed_headers = NULL;
  GlauxSigv4Header fixed[] = {
    { "X-Tabs", "\t a \t\t b  \r\n  c \t" },
    { "Host", "example.com" },
    { "x-tabs", "d" },
    { "X-Empty", "   " },
  };
  GlauxSigv4Request request;

  /* More headers than the signer keeps on its stack. */
  g_array_append_vals (headers, fixed, G_N_ELEMENTS (fixed));
  for (guint i = 0; i < 40; i++)
    {
      char *name = g_strdup_printf ("X-H%02u", 39 - i);

      g_ptr_array_add (names, name);
      g_array_append_val (headers, ((GlauxSigv4Header) { name, "v" }));
    }

  request = (GlauxSigv4Request) { "GET", "/", NULL, (GlauxSigv4Header *)headers->data,
                                  headers->len, NULL };
  canonical = glaux_sigv4_canonical_request (&request, 0, &signed_headers);

  g_string_append (expected, "host:example.com\nx-empty:\n");
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (expected, "x-h%02u:v\n", i);
  g_string_append (expected, "x-tabs:a b c,d\n\nhost;x-empty;");
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (expected, "x-h%02u;", i);
  g_string_append (expected, "x-tabs\n" EMPTY_SHA256);

  g_assert_cmpstr (canonical, ==, expected->str);
  g_assert_true (g_str_has_prefix (signed_headers, "host;x-empty;x-h00;x-h01;"));
}

static void
test_invariant_hashes (void)
{
  g_autofree char *empty = glaux_sigv4_hex_sha256 (NULL, 0);
  g_autofree char *abc = glaux_sigv4_hex_sha256 ((const guint8 *)"abc", 3);
  g_autoptr(GDateTime) local = g_date_time_new_from_iso8601 ("2026-03-01T23:30:05+02:00", NULL);
  g_autofree char *amz_date = glaux_sigv4_format_amz_date (local);

  g_assert_cmpstr (empty, ==, EMPTY_SHA256);
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (amz_date, ==, "20260301T213005Z");
}

/* glaux_sigv4_sign_message. Expected Authorization values were computed with botocore 1.29
 * (SigV4Auth / S3SigV4Auth) on the same request, headers, credentials and time. */
#define ATHENA_BODY                                                               \
  "{\"WorkGroup\":\"primary\",\"EngineConfiguration\":{\"CoordinatorDpuSize\":1," \
  "\"MaxConcurrentDpus\":20,\"DefaultExecutorDpuSize\":1}}"
#define ATHENA_KEY     "AKIAGLAUXTEST0000001"
#define ATHENA_SECRET  "glaux/Test+Secret/0123456789abcdefghijklm"
#define ATHENA_TOKEN   "FwoGZXIvYXdzEXAMPLE//token+value="
#define ATHENA_AUTHORIZATION                                                                \
  "AWS4-HMAC-SHA256 Credential=AKIAGLAUXTEST0000001/20260301/us-east-1/athena/aws4_request, " \
  "SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;"          \
  "x-amz-target, Signature=93bf01fb51182ebd9f7c0c5abf523f5b8d7ffc907d69b0c9976cdf9b42ad4113"
#define S3_KEY     "AKIAGLAUXTEST0000002"
#define S3_SECRET  "glaux/S3+Secret/abcdefghijklmnopqrstuvwxyz01"
#define S3_URL     "https://examplebucket.s3.us-west-2.amazonaws.com/results//2026/my%20file.csv" \
                   "?versionId=3&list-type=2"
#define S3_AUTHORIZATION                                                                     \
  "AWS4-HMAC-SHA256 Credential=AKIAGLAUXTEST0000002/20260301/us-west-2/s3/aws4_request, "     \
  "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "                                \
  "Signature=2b68313fb596a91c728f9019830aa2e6cc62012111976b637f1b16723441c1f8"

static GDateTime *
signing_time (void)
{
  return g_date_time_new_utc (2026, 3, 1, 10, 20, 30);
}

static SoupMessage *
athena_message (const char *url)
{
  g_autoptr(GBytes) body = g_bytes_new_static (ATHENA_BODY, strlen (ATHENA_BODY));
  SoupMessage *message = soup_message_new ("POST", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "X-Amz-Target", "AmazonAthena.StartSession");
  soup_message_headers_replace (headers, "User-Agent", "glaux/" PACKAGE_VERSION);
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", body);
  return message;
}

/* What a server would see: the message's headers plus the Host header libsoup sends. */
static RawRequest *
raw_request_of_message (SoupMessage *message,
                        const char  *host)
{
  RawRequest *request = g_new0 (RawRequest, 1);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  request->method = g_strdup (soup_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (soup_message_get_uri (message)));
  request->query = g_strdup (g_uri_get_query (soup_message_get_uri (message)));
  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);
  raw_request_add_header (request, "Host", host);
  soup_message_headers_iter_init (&iter, soup_message_get_request_headers (message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    raw_request_add_header (request, name, value);

  return request;
}

static gboolean
verify_raw (RawRequest       *raw,
            const char       *payload_hash,
            GlauxSigv4Flags   flags,
            KeyStore         *store,
            GDateTime        *now,
            GError          **error)
{
  g_autofree GlauxSigv4Header *headers = headers_of (raw);
  GlauxSigv4Request request = make_request (raw, raw->method, headers, payload_hash);

  return glaux_sigv4_verify (&request, flags, lookup_key, store, now, NULL, error);
}

static void
test_sign_athena_message (void)
{
  g_autoptr(SoupMessage) message = athena_message ("https://athena.us-east-1.amazonaws.com/");
  g_autoptr(GBytes) body = g_bytes_new_static (ATHENA_BODY, strlen (ATHENA_BODY));
  g_autoptr(GlauxAwsCredentials) credentials = glaux_aws_credentials_new (ATHENA_KEY,
                                                                           ATHENA_SECRET,
                                                                           ATHENA_TOKEN, NULL);
  g_autoptr(GDateTime) now = signing_time ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autofree char *body_hash = glaux_sigv4_hex_sha256 ((const guint8 *)ATHENA_BODY,
                                                       strlen (ATHENA_BODY));
  g_autoptr(RawRequest) received = NULL;
  KeyStore store = { ATHENA_KEY, ATHENA_SECRET, ATHENA_TOKEN };
  g_autoptr(GError) error = NULL;

  g_assert_true (glaux_sigv4_sign_message (message, body, credentials, "us-east-1", "athena",
                                           GLAUX_SIGV4_DEFAULT, now, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Date"), ==, "20260301T102030Z");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Security-Token"), ==,
                   ATHENA_TOKEN);
  g_assert_null (soup_message_headers_get_one (headers, "x-amz-content-sha256"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   ATHENA_AUTHORIZATION);

  received = raw_request_of_message (message, "athena.us-east-1.amazonaws.com");
  g_assert_true (verify_raw (received, body_hash, GLAUX_SIGV4_DEFAULT, &store, now, &error));
  g_assert_no_error (error);
}

static void
test_sign_s3_message (void)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", S3_URL);
  g_autoptr(GlauxAwsCredentials) credentials = glaux_aws_credentials_new (S3_KEY, S3_SECRET,
                                                                           NULL, NULL);
  g_autoptr(GDateTime) now = signing_time ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *host = "examplebucket.s3.us-west-2.amazonaws.com";
  KeyStore store = { S3_KEY, S3_SECRET, NULL };
  g_autoptr(RawRequest) received = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (headers, "Range", "bytes=0-1023");
  g_assert_true (glaux_sigv4_sign_message (message, NULL, credentials, "us-west-2", "s3",
                                           GLAUX_SIGV4_S3, now, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "x-amz-content-sha256"), ==,
                   EMPTY_SHA256);
  g_assert_null (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   S3_AUTHORIZATION);

  received = raw_request_of_message (message, host);
  g_assert_true (verify_raw (received, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, now, &error));
  g_assert_no_error (error);

  /* UNSIGNED-PAYLOAD: the verifier accepts it whatever the body. */
  g_assert_true (glaux_sigv4_sign_message (message, NULL, credentials, "us-west-2", "s3",
                                           GLAUX_SIGV4_S3 | GLAUX_SIGV4_UNSIGNED_PAYLOAD, now,
                                           &error));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "x-amz-content-sha256"), ==,
                   "UNSIGNED-PAYLOAD");
  g_clear_pointer (&received, raw_request_free);
  received = raw_request_of_message (message, host);
  g_assert_true (verify_raw (received, "UNSIGNED-PAYLOAD", GLAUX_SIGV4_S3, &store, now, &error));
  g_assert_true (verify_raw (received, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, now, &error));
  g_assert_no_error (error);
}

static void
test_sign_hop_by_hop (void)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", "https://example.com/x?a=1");
  g_autoptr(GlauxAwsCredentials) credentials = glaux_aws_credentials_new ("AK", "SECRET",
                                                                           NULL, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GDateTime) now = signing_time ();
  KeyStore store = { "AK", "SECRET", NULL };
  g_autoptr(RawRequest) received = NULL;
  g_autoptr(GError) error = NULL;
  const char *hop_by_hop[] = {
    "Connection", "Expect", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE",
    "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "X-Amzn-Trace-Id",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hop_by_hop); i++)
    soup_message_headers_append (headers, hop_by_hop[i], "x");
  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_headers_append (headers, "X-Custom", "one");
  g_assert_true (glaux_sigv4_sign_message (message, NULL, credentials, "eu-west-1", "svc",
                                           GLAUX_SIGV4_DEFAULT, now, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Authorization"),
                            "SignedHeaders=accept;host;x-amz-date;x-custom, "));

  /* A proxy rewriting hop-by-hop headers does not break the signature... */
  received = raw_request_of_message (message, "example.com");
  for (guint i = 0; i < received->names->len; i++)
    {
      if (g_ascii_strcasecmp (received->names->pdata[i], "User-Agent") == 0)
        {
          g_free (received->values->pdata[i]);
          received->values->pdata[i] = g_strdup ("rewritten-by-proxy");
        }
    }
  g_assert_true (verify_raw (received, EMPTY_SHA256, 0, &store, now, &error));
  g_assert_no_error (error);

  /* ...but changing a signed one does. */
  raw_request_add_header (received, "X-Custom", "two");
  g_assert_false (verify_raw (received, EMPTY_SHA256, 0, &store, now, &error));
  g_assert_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH);
}

static guint
count_headers (SoupMessageHeaders *headers,
               const char         *wanted)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  guint n = 0;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    n += g_ascii_strcasecmp (name, wanted) == 0;

  return n;
}

/* A retry signs the same message again: one date, one signature, no stale token. */
static void
test_sign_again (void)
{
  g_autoptr(SoupMessage) message = athena_message ("https://athena.us-east-1.amazonaws.com/");
  g_autoptr(GlauxAwsCredentials) temporary = glaux_aws_credentials_new ("AK", "SECRET",
                                                                         "TOKEN", NULL);
  g_autoptr(GlauxAwsCredentials) permanent = glaux_aws_credentials_new ("AK2", "SECRET2",
                                                                         NULL, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(GDateTime) first = signing_time ();
  g_autoptr(GDateTime) second = g_date_time_add_seconds (first, 61);
  g_autoptr(GError) error = NULL;

  g_assert_true (glaux_sigv4_sign_message (message, NULL, temporary, "us-east-1", "athena", 0,
                                           first, &error));
  g_assert_true (glaux_sigv4_sign_message (message, NULL, permanent, "us-east-1", "athena", 0,
                                           second, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_headers (headers, "X-Amz-Date"), ==, 1);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Date"), ==, "20260301T102131Z");
  g_assert_cmpuint (count_headers (headers, "X-Amz-Security-Token"), ==, 0);
  g_assert_cmpuint (count_headers (headers, "Authorization"), ==, 1);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (headers, "Authorization"),
                                   "AWS4-HMAC-SHA256 Credential=AK2/20260301/"));
}

static void
assert_signed_host (const char *url,
                    const char *host)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GlauxAwsCredentials) credentials = glaux_aws_credentials_new ("AK", "SECRET",
                                                                           NULL, NULL);
  g_autoptr(GDateTime) now = signing_time ();
  KeyStore store = { "AK", "SECRET", NULL };
  g_autoptr(RawRequest) right = NULL;
  g_autoptr(RawRequest) wrong = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  g_assert_true (glaux_sigv4_sign_message (message, NULL, credentials, "us-east-1", "athena", 0,
                                           now, &error));
  g_assert_no_error (error);

  right = raw_request_of_message (message, host);
  g_assert_true (verify_raw (right, EMPTY_SHA256, 0, &store, now, &error));
  g_assert_no_error (error);

  wrong = raw_request_of_message (message, "other.example");
  g_assert_false (verify_raw (wrong, EMPTY_SHA256, 0, &store, now, &error));
  g_assert_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH);
}

static void
test_sign_host_and_port (void)
{
  assert_signed_host ("http://127.0.0.1:8123/", "127.0.0.1:8123");
  assert_signed_host ("https://athena.us-east-1.amazonaws.com:443/",
                      "athena.us-east-1.amazonaws.com");
  assert_signed_host ("http://localhost:80/", "localhost");
  assert_signed_host ("https://localhost:80/", "localhost:80");
  assert_signed_host ("http://[::1]:9000/", "[::1]:9000");
}

static void
assert_sign_error (const char          *url,
                   GlauxAwsCredentials *credentials,
                   const char          *region,
                   const char          *service,
                   GlauxAwsErrorCode    code,
                   const char          *fragment)
{
  g_autoptr(SoupMessage) message = url != NULL ? soup_message_new ("GET", url)
                                               : g_object_new (SOUP_TYPE_MESSAGE,
                                                               "method", "GET", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (glaux_sigv4_sign_message (message, NULL, credentials, region, service, 0,
                                            NULL, &error));
  g_assert_error (error, GLAUX_AWS_ERROR, (int)code);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strstr (error->message, "SECRETVALUE"));
  g_assert_null (soup_message_headers_get_one (soup_message_get_request_headers (message),
                                               "Authorization"));
}

static void
test_sign_errors (void)
{
  g_autoptr(GlauxAwsCredentials) good = glaux_aws_credentials_new ("AK", "SECRETVALUE", NULL,
                                                                    NULL);
  g_autoptr(GlauxAwsCredentials) no_secret = glaux_aws_credentials_new ("AK", "", NULL, NULL);
  g_autoptr(GlauxAwsCredentials) no_key = glaux_aws_credentials_new ("", "SECRETVALUE", NULL,
                                                                      NULL);

  assert_sign_error ("https://example.com/", good, "", "athena",
                     GLAUX_AWS_ERROR_CONFIGURATION, "“” is not a valid region");
  assert_sign_error ("https://example.com/", good, "us/east", "athena",
                     GLAUX_AWS_ERROR_CONFIGURATION, "“us/east” is not a valid region");
  assert_sign_error ("https://example.com/", good, "us-east-1", "ath ena",
                     GLAUX_AWS_ERROR_CONFIGURATION, "“ath ena” is not a valid service name");
  assert_sign_error ("https://example.com/", no_secret, "us-east-1", "athena",
                     GLAUX_AWS_ERROR_CREDENTIALS, "no secret access key");
  assert_sign_error ("https://example.com/", no_key, "us-east-1", "athena",
                     GLAUX_AWS_ERROR_CREDENTIALS, "no access key id");
  /* libsoup refuses URIs without a host, so a message without any URI stands for them. */
  assert_sign_error (NULL, good, "us-east-1", "athena", GLAUX_AWS_ERROR_CONFIGURATION,
                     "Cannot sign the request: the URL “(none)” has no host");
}

/* glaux_sigv4_verify refusals with AWS's messages. Requests are built and signed here with
 * the low-level functions, then broken one way each. */
typedef struct
{
  RawRequest *raw;
  char       *payload_hash;
} SignedFixture;

static void
sign_raw (RawRequest      *raw,
          const char      *payload_hash,
          GlauxSigv4Flags  flags,
          const char      *access_key_id,
          const char      *secret,
          const char      *amz_date,
          const char      *credential_date)
{
  g_autofree GlauxSigv4Header *headers = headers_of (raw);
  GlauxSigv4Request request = make_request (raw, raw->method, headers, payload_hash);
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = glaux_sigv4_canonical_request (&request, flags, &signed_headers);
  g_autofree char *string_to_sign = glaux_sigv4_string_to_sign (amz_date, "us-east-1", "svc",
                                                                canonical);
  g_autofree char *signature = glaux_sigv4_signature (secret, amz_date, "us-east-1", "svc",
                                                      string_to_sign);
  g_autofree char *authorization = glaux_sigv4_authorization (access_key_id, credential_date,
                                                              "us-east-1", "svc",
                                                              signed_headers, signature);

  raw_request_add_header (raw, "Authorization", authorization);
}

static RawRequest *
new_raw (const char *method,
         const char *path,
         const char *query)
{
  RawRequest *raw = g_new0 (RawRequest, 1);

  raw->method = g_strdup (method);
  raw->path = g_strdup (path);
  raw->query = g_strdup (query);
  raw->names = g_ptr_array_new_with_free_func (g_free);
  raw->values = g_ptr_array_new_with_free_func (g_free);
  return raw;
}

static RawRequest *
signed_get (const char *token)
{
  RawRequest *raw = new_raw ("GET", "/", "a=1");

  raw_request_add_header (raw, "Host", "example.com");
  raw_request_add_header (raw, "X-Amz-Date", "20150830T123600Z");
  if (token != NULL)
    raw_request_add_header (raw, "X-Amz-Security-Token", token);
  sign_raw (raw, EMPTY_SHA256, 0, "AK", "SECRET", "20150830T123600Z", "20150830T123600Z");
  return raw;
}

static void
assert_refused (RawRequest      *raw,
                const char      *payload_hash,
                GlauxSigv4Flags  flags,
                KeyStore        *store,
                GDateTime       *now,
                GlauxSigv4Error  code,
                const char      *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (verify_raw (raw, payload_hash, flags, store, now, &error));
  g_assert_error (error, GLAUX_SIGV4_ERROR, (int)code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
set_raw_header (RawRequest *raw,
                const char *name,
                const char *value)
{
  for (guint i = 0; i < raw->names->len; i++)
    {
      if (g_ascii_strcasecmp (raw->names->pdata[i], name) == 0)
        {
          g_free (raw->values->pdata[i]);
          raw->values->pdata[i] = g_strdup (value);
          return;
        }
    }
  raw_request_add_header (raw, name, value);
}

static void
remove_raw_header (RawRequest *raw,
                   const char *name)
{
  for (guint i = raw->names->len; i > 0; i--)
    {
      if (g_ascii_strcasecmp (raw->names->pdata[i - 1], name) == 0)
        {
          g_ptr_array_remove_index (raw->names, i - 1);
          g_ptr_array_remove_index (raw->values, i - 1);
        }
    }
}

static void
test_verify_malformed (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  KeyStore store = { "AK", "SECRET", NULL };
  g_autoptr(RawRequest) raw = signed_get (NULL);
  const char *good = raw_request_get_header (raw, "Authorization");
  g_autofree char *without_credential = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (verify_raw (raw, EMPTY_SHA256, 0, &store, now, &error));
  g_assert_no_error (error);

  without_credential = g_strdup (strstr (good, "SignedHeaders="));
  set_raw_header (raw, "Authorization", without_credential);
  g_clear_pointer (&without_credential, g_free);
  without_credential = g_strconcat ("AWS4-HMAC-SHA256 ",
                                    raw_request_get_header (raw, "Authorization"), NULL);
  set_raw_header (raw, "Authorization", without_credential);
  remove_raw_header (raw, "X-Amz-Date");
  {
    g_autofree char *expected = g_strdup_printf (
      "Authorization header requires 'Credential' parameter. Authorization header requires "
      "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=%s",
      without_credential);

    assert_refused (raw, EMPTY_SHA256, 0, &store, now,
                    GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE, expected);
  }

  set_raw_header (raw, "Authorization", "AWS4-HMAC-SHA256 Credential");
  set_raw_header (raw, "X-Amz-Date", "20150830T123600Z");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "'Credential' not a valid key=value pair (missing equal-sign) in "
                  "Authorization header: 'AWS4-HMAC-SHA256 Credential'");

  set_raw_header (raw, "Authorization", "Bearer super-secret-bearer");
  verify_raw (raw, EMPTY_SHA256, 0, &store, now, &error);
  g_assert_error (error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE);
  g_assert_null (strstr (error->message, "super-secret-bearer"));
  g_assert_nonnull (strstr (error->message, "'Bearer'"));
  g_clear_error (&error);

  remove_raw_header (raw, "Authorization");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_MISSING_AUTHENTICATION,
                  "Missing Authentication Token");
  assert_refused (raw, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, now,
                  GLAUX_SIGV4_ERROR_MISSING_AUTHENTICATION, "Access Denied");

  set_raw_header (raw, "Authorization", "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc, "
                                        "SignedHeaders=host;x-amz-date, Signature=00");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "Credential must have exactly 5 slash-delimited elements, e.g. "
                  "keyid/date/region/service/term, got 'AK/20150830/us-east-1/svc'");

  set_raw_header (raw, "Authorization", "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/"
                                        "aws4_requests, SignedHeaders=host;x-amz-date, "
                                        "Signature=00");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "Credential should be scoped with a valid terminator: 'aws4_request', not "
                  "'aws4_requests'.");
}

static void
test_verify_dates (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  g_autoptr(GDateTime) late = g_date_time_new_utc (2015, 8, 30, 12, 52, 0);
  g_autoptr(GDateTime) early = g_date_time_new_utc (2015, 8, 30, 12, 20, 0);
  g_autoptr(GDateTime) edge = g_date_time_new_utc (2015, 8, 30, 12, 51, 0);
  KeyStore store = { "AK", "SECRET", NULL };
  g_autoptr(RawRequest) raw = signed_get (NULL);
  g_autoptr(RawRequest) wrong_scope = new_raw ("GET", "/", NULL);
  g_autoptr(RawRequest) dated = new_raw ("GET", "/", NULL);
  g_autoptr(GError) error = NULL;

  assert_refused (raw, EMPTY_SHA256, 0, &store, late, GLAUX_SIGV4_ERROR_TIME_SKEWED,
                  "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
                  "(20150830T125200Z - 15 min.)");
  assert_refused (raw, EMPTY_SHA256, 0, &store, early, GLAUX_SIGV4_ERROR_TIME_SKEWED,
                  "Signature not yet current: 20150830T123600Z is still later than "
                  "20150830T123500Z (20150830T122000Z + 15 min.)");
  assert_refused (raw, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, late,
                  GLAUX_SIGV4_ERROR_TIME_SKEWED,
                  "The difference between the request time and the current time is too large.");
  g_assert_true (verify_raw (raw, EMPTY_SHA256, 0, &store, edge, &error));
  g_assert_no_error (error);

  raw_request_add_header (wrong_scope, "Host", "example.com");
  raw_request_add_header (wrong_scope, "X-Amz-Date", "20150830T123600Z");
  sign_raw (wrong_scope, EMPTY_SHA256, 0, "AK", "SECRET", "20150830T123600Z",
            "20150831T000000Z");
  assert_refused (wrong_scope, EMPTY_SHA256, 0, &store, now,
                  GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                  "date from HTTP: '20150831' != '20150830', from 'X-Amz-Date'.");

  set_raw_header (raw, "X-Amz-Date", "2015-08-30T12:36:00Z");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. "
                  "See http://en.wikipedia.org/wiki/ISO_8601");
  set_raw_header (raw, "X-Amz-Date", "20150230T123600Z");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "Date must be in ISO-8601 'basic format'. Got '20150230T123600Z'. "
                  "See http://en.wikipedia.org/wiki/ISO_8601");

  /* Without X-Amz-Date, the HTTP Date header gives the time. */
  raw_request_add_header (dated, "Host", "example.com");
  raw_request_add_header (dated, "Date", "Sun, 30 Aug 2015 12:36:00 GMT");
  sign_raw (dated, EMPTY_SHA256, 0, "AK", "SECRET", "20150830T123600Z", "20150830T123600Z");
  g_assert_true (verify_raw (dated, EMPTY_SHA256, 0, &store, now, &error));
  g_assert_no_error (error);
  set_raw_header (dated, "Date", "yesterday");
  assert_refused (dated, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "The Date header 'yesterday' is not a valid HTTP date (RFC 7231).");
}

static void
test_verify_headers (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  KeyStore store = { "AK", "SECRET", NULL };
  g_autoptr(RawRequest) hostless = new_raw ("GET", "/", NULL);
  g_autoptr(RawRequest) raw = signed_get (NULL);

  raw_request_add_header (hostless, "Host", "example.com");
  raw_request_add_header (hostless, "X-Amz-Date", "20150830T123600Z");
  set_raw_header (hostless, "Authorization",
                  "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/aws4_request, "
                  "SignedHeaders=x-amz-date, Signature=00");
  assert_refused (hostless, EMPTY_SHA256, 0, &store, now,
                  GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

  set_raw_header (hostless, "Authorization",
                  "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/aws4_request, "
                  "SignedHeaders=host;x-amz-date;x-gone, Signature=00");
  assert_refused (hostless, EMPTY_SHA256, 0, &store, now,
                  GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "The header 'x-gone' is listed in SignedHeaders but is not in the request.");

  /* A changed query or path is caught by the signature. */
  g_free (raw->query);
  raw->query = g_strdup ("a=2");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now, GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your AWS Secret Access Key and signing method. Consult the "
                  "service documentation for details.");
  g_free (raw->query);
  raw->query = g_strdup ("a=1");
  g_free (raw->path);
  raw->path = g_strdup ("/other");
  assert_refused (raw, EMPTY_SHA256, 0, &store, now,
                  GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your AWS Secret Access Key and signing method. Consult the "
                  "service documentation for details.");
}

static void
test_verify_tokens (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  KeyStore temporary = { "AK", "SECRET", "TOKEN-1" };
  KeyStore permanent = { "AK", "SECRET", NULL };
  g_autoptr(RawRequest) with_token = signed_get ("TOKEN-1");
  g_autoptr(RawRequest) wrong_token = signed_get ("TOKEN-2");
  g_autoptr(RawRequest) without_token = signed_get (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (verify_raw (with_token, EMPTY_SHA256, 0, &temporary, now, &error));
  g_assert_no_error (error);

  assert_refused (wrong_token, EMPTY_SHA256, 0, &temporary, now, GLAUX_SIGV4_ERROR_INVALID_TOKEN,
                  "The security token included in the request is invalid.");
  assert_refused (without_token, EMPTY_SHA256, 0, &temporary, now,
                  GLAUX_SIGV4_ERROR_INVALID_TOKEN,
                  "The security token included in the request is invalid.");
  assert_refused (with_token, EMPTY_SHA256, 0, &permanent, now, GLAUX_SIGV4_ERROR_INVALID_TOKEN,
                  "The security token included in the request is invalid.");
}

static void
test_verify_s3_payload (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  KeyStore store = { "AK", "SECRET", NULL };
  g_autofree char *body_hash = glaux_sigv4_hex_sha256 ((const guint8 *)"hello", 5);
  g_autoptr(RawRequest) raw = new_raw ("PUT", "/bucket/my%20key", NULL);
  g_autoptr(RawRequest) missing = new_raw ("PUT", "/bucket/key", NULL);
  g_autoptr(RawRequest) streaming = new_raw ("PUT", "/bucket/key", NULL);
  g_autoptr(GError) error = NULL;

  raw_request_add_header (raw, "Host", "127.0.0.1:9000");
  raw_request_add_header (raw, "X-Amz-Date", "20150830T123600Z");
  raw_request_add_header (raw, "x-amz-content-sha256", body_hash);
  sign_raw (raw, body_hash, GLAUX_SIGV4_S3, "AK", "SECRET", "20150830T123600Z",
            "20150830T123600Z");
  g_assert_true (verify_raw (raw, body_hash, GLAUX_SIGV4_S3, &store, now, &error));
  g_assert_no_error (error);

  assert_refused (raw, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, now,
                  GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH,
                  "The provided 'x-amz-content-sha256' header does not match what was "
                  "computed.");
  assert_refused (raw, body_hash, GLAUX_SIGV4_S3, &(KeyStore) { "AK", "OTHER", NULL }, now,
                  GLAUX_SIGV4_ERROR_SIGNATURE_MISMATCH,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your key and signing method.");
  assert_refused (raw, body_hash, GLAUX_SIGV4_S3, &(KeyStore) { "AK2", "SECRET", NULL }, now,
                  GLAUX_SIGV4_ERROR_UNKNOWN_ACCESS_KEY,
                  "The AWS Access Key Id you provided does not exist in our records.");

  raw_request_add_header (missing, "Host", "127.0.0.1:9000");
  raw_request_add_header (missing, "X-Amz-Date", "20150830T123600Z");
  sign_raw (missing, EMPTY_SHA256, GLAUX_SIGV4_S3, "AK", "SECRET", "20150830T123600Z",
            "20150830T123600Z");
  assert_refused (missing, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, now,
                  GLAUX_SIGV4_ERROR_INCOMPLETE_SIGNATURE,
                  "Missing required header for this request: x-amz-content-sha256");

  raw_request_add_header (streaming, "Host", "127.0.0.1:9000");
  raw_request_add_header (streaming, "X-Amz-Date", "20150830T123600Z");
  raw_request_add_header (streaming, "x-amz-content-sha256",
                          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  sign_raw (streaming, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", GLAUX_SIGV4_S3, "AK", "SECRET",
            "20150830T123600Z", "20150830T123600Z");
  assert_refused (streaming, EMPTY_SHA256, GLAUX_SIGV4_S3, &store, now,
                  GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH,
                  "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value "
                  "(streaming uploads are not supported).");
}

/* Many threads, more (secret, region) pairs than the key cache holds: every signature must
 * equal the one computed alone. */
#define CACHE_THREADS 4
#define CACHE_ROUNDS  400
#define CACHE_PAIRS   13

static char *
pair_signature (guint pair)
{
  g_autofree char *secret = g_strdup_printf ("secret-%u", pair);
  g_autofree char *region = g_strdup_printf ("region-%u", pair % 5);

  return glaux_sigv4_signature (secret, "20260301T000000Z", region, "athena", "payload");
}

typedef struct
{
  char  **expected;
  guint   offset;
} CacheWorker;

static gpointer
cache_worker (gpointer data)
{
  CacheWorker *worker = data;
  guint mismatches = 0;

  for (guint round = 0; round < CACHE_ROUNDS; round++)
    {
      guint pair = (round * 7 + worker->offset) % CACHE_PAIRS;
      g_autofree char *signature = pair_signature (pair);

      mismatches += g_strcmp0 (signature, worker->expected[pair]) != 0;
    }

  return GUINT_TO_POINTER (mismatches);
}

static void
test_key_cache_threads (void)
{
  char *expected[CACHE_PAIRS];
  CacheWorker workers[CACHE_THREADS];
  GThread *threads[CACHE_THREADS];

  for (guint pair = 0; pair < CACHE_PAIRS; pair++)
    expected[pair] = pair_signature (pair);
  for (guint pair = 1; pair < CACHE_PAIRS; pair++)
    g_assert_cmpstr (expected[pair], !=, expected[0]);

  for (guint i = 0; i < CACHE_THREADS; i++)
    {
      workers[i] = (CacheWorker) { expected, i * 3 };
      threads[i] = g_thread_new ("sigv4-cache", cache_worker, &workers[i]);
    }
  for (guint i = 0; i < CACHE_THREADS; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 0);

  for (guint pair = 0; pair < CACHE_PAIRS; pair++)
    g_free (expected[pair]);
}

/* Over a real loopback connection: what libsoup sends is what was signed. */
typedef struct
{
  GMainLoop  *loop;
  KeyStore    store;
  GDateTime  *now;
  guint       accepted;
  guint       refused;
  GError     *last_error;
} LiveServer;

static void
live_handler (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  LiveServer *live = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  GlauxSigv4Flags flags = g_str_has_prefix (path, "/bucket/") ? GLAUX_SIGV4_S3 : 0;
  GlauxSigv4Verified verified = { 0 };

  g_clear_error (&live->last_error);
  if (glaux_sigv4_verify_message (message, bytes, flags, lookup_key, &live->store, live->now,
                                  &verified, &live->last_error))
    {
      live->accepted++;
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_COPY,
                                        verified.service, strlen (verified.service));
    }
  else
    {
      live->refused++;
      soup_server_message_set_status (message, 403, NULL);
    }
  glaux_sigv4_verified_clear (&verified);
}

static void
live_sent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LiveServer *live = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);

  g_main_loop_quit (live->loop);
}

static guint
live_send (SoupSession *session,
           SoupMessage *message,
           LiveServer  *live)
{
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, live_sent, live);
  g_main_loop_run (live->loop);
  return soup_message_get_status (message);
}

static void
test_live_round_trip (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GlauxAwsCredentials) credentials = glaux_aws_credentials_new ("AKLIVE", "live/secret",
                                                                           "live-token", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static (ATHENA_BODY, strlen (ATHENA_BODY));
  g_autoptr(GBytes) object = g_bytes_new_static ("col\n1\n", 6);
  LiveServer live = { g_main_loop_new (NULL, FALSE), { "AKLIVE", "live/secret", "live-token" },
                      NULL, 0, 0, NULL };
  g_autoptr(SoupMessage) athena = NULL;
  g_autoptr(SoupMessage) put = NULL;
  g_autoptr(SoupMessage) tampered = NULL;
  g_autofree char *base = NULL;
  g_autofree char *athena_url = NULL;
  g_autofree char *put_url = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, live_handler, &live, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  athena_url = g_strconcat (base, "?Action=x", NULL);
  put_url = g_strconcat (base, "bucket/dir//a%20b.csv", NULL);

  athena = athena_message (athena_url);
  g_assert_true (glaux_sigv4_sign_message (athena, body, credentials, "us-east-1", "athena", 0,
                                           NULL, &error));
  g_assert_cmpuint (live_send (session, athena, &live), ==, 200);
  g_assert_no_error (live.last_error);

  put = soup_message_new ("PUT", put_url);
  soup_message_set_request_body_from_bytes (put, "text/csv", object);
  g_assert_true (glaux_sigv4_sign_message (put, object, credentials, "us-east-1", "s3",
                                           GLAUX_SIGV4_S3, NULL, &error));
  g_assert_cmpuint (live_send (session, put, &live), ==, 200);
  g_assert_no_error (live.last_error);

  /* Signed for one body, sent with another. */
  tampered = soup_message_new ("PUT", put_url);
  soup_message_set_request_body_from_bytes (tampered, "text/csv", body);
  g_assert_true (glaux_sigv4_sign_message (tampered, object, credentials, "us-east-1", "s3",
                                           GLAUX_SIGV4_S3, NULL, &error));
  g_assert_cmpuint (live_send (session, tampered, &live), ==, 403);
  g_assert_error (live.last_error, GLAUX_SIGV4_ERROR, GLAUX_SIGV4_ERROR_CONTENT_SHA256_MISMATCH);

  g_assert_cmpuint (live.accepted, ==, 2);
  g_assert_cmpuint (live.refused, ==, 1);
  g_clear_error (&live.last_error);
  soup_session_abort (session);
  soup_server_disconnect (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_main_loop_unref (live.loop);
}

static void
add_vector_tests (GPtrArray  *cases,
                  const char *layout)
{
  for (guint i = 0; i < cases->len; i++)
    {
      VectorCase *vector_case = cases->pdata[i];
      g_autofree char *path = g_strdup_printf ("/glaux/aws/Sigv4/vector/%s/%s", layout,
                                               vector_case->name);

      g_test_add_data_func (path, vector_case, test_vector);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  glaux_test_init (&argc, &argv);

  classic_cases = discover_cases ("aws4_testsuite", TRUE);
  suite_cases = discover_cases ("aws-signing-test-suite/v4", FALSE);

  g_test_add_func ("/glaux/aws/Sigv4/vector-count", test_vector_count);
  add_vector_tests (classic_cases, "classic");
  add_vector_tests (suite_cases, "aws-c-auth");
  g_test_add_func ("/glaux/aws/Sigv4/canonical/paths", test_canonical_paths);
  g_test_add_func ("/glaux/aws/Sigv4/canonical/queries", test_canonical_queries);
  g_test_add_func ("/glaux/aws/Sigv4/canonical/headers", test_canonical_headers);
  g_test_add_func ("/glaux/aws/Sigv4/canonical/hashes-and-dates", test_invariant_hashes);
  g_test_add_func ("/glaux/aws/Sigv4/sign/athena-message", test_sign_athena_message);
  g_test_add_func ("/glaux/aws/Sigv4/sign/s3-message", test_sign_s3_message);
  g_test_add_func ("/glaux/aws/Sigv4/sign/hop-by-hop", test_sign_hop_by_hop);
  g_test_add_func ("/glaux/aws/Sigv4/sign/sign-again", test_sign_again);
  g_test_add_func ("/glaux/aws/Sigv4/sign/host-and-port", test_sign_host_and_port);
  g_test_add_func ("/glaux/aws/Sigv4/sign/errors", test_sign_errors);
  g_test_add_func ("/glaux/aws/Sigv4/verify/malformed", test_verify_malformed);
  g_test_add_func ("/glaux/aws/Sigv4/verify/dates", test_verify_dates);
  g_test_add_func ("/glaux/aws/Sigv4/verify/headers", test_verify_headers);
  g_test_add_func ("/glaux/aws/Sigv4/verify/tokens", test_verify_tokens);
  g_test_add_func ("/glaux/aws/Sigv4/verify/s3-payload", test_verify_s3_payload);
  g_test_add_func ("/glaux/aws/Sigv4/key-cache/threads", test_key_cache_threads);
  g_test_add_func ("/glaux/aws/Sigv4/live/round-trip", test_live_round_trip);

  status = g_test_run ();
  g_ptr_array_unref (classic_cases);
  g_ptr_array_unref (suite_cases);
  return status;
}
