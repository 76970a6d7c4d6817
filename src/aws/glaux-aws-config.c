/* glaux-aws-config.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-aws-config"

#include "config.h"

#include <string.h>

#include "glaux-aws-config.h"
#include "glaux-aws-error.h"

/* The shared AWS config and credentials files, read the way botocore's configloader reads them
 * (Python's configparser underneath): full-line comments with # or ;, `key = value` or
 * `key: value`, lower-cased keys, lines indented deeper than the previous key continue it, and a
 * key with an empty value takes an indented block of sub-keys (kept as "parent.child").
 * Error messages name the file and line but never quote a line: it might hold a secret. */
struct _GlauxAwsConfig
{
  GObject     parent_instance;

  char       *config_path;
  char       *credentials_path;
  gboolean    config_exists;
  gboolean    credentials_exists;

  GListStore *profiles;
  GHashTable *profiles_by_name;
  GHashTable *services;
};

G_DEFINE_FINAL_TYPE (GlauxAwsConfig, glaux_aws_config, G_TYPE_OBJECT)

typedef struct
{
  char       *header;
  guint       line;
  GHashTable *values;
  GHashTable *lines;
} IniSection;

typedef struct
{
  const char *path;
  GPtrArray  *sections;
  IniSection *section;
  char       *key;
  gsize       key_indent;
  gboolean    key_is_block;
} IniParser;

/* Every value is wiped: the credentials file holds secret keys. */
static void
ini_section_free (IniSection *section)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, section->values);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    memset (value, 0, strlen (value));

  g_free (section->header);
  g_hash_table_unref (section->values);
  g_hash_table_unref (section->lines);
  g_free (section);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IniSection, ini_section_free)

static void
glaux_aws_config_finalize (GObject *object)
{
  GlauxAwsConfig *self = (GlauxAwsConfig *)object;

  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->credentials_path, g_free);
  g_clear_object (&self->profiles);
  g_clear_pointer (&self->profiles_by_name, g_hash_table_unref);
  g_clear_pointer (&self->services, g_hash_table_unref);

  G_OBJECT_CLASS (glaux_aws_config_parent_class)->finalize (object);
}

static void
glaux_aws_config_class_init (GlauxAwsConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_aws_config_finalize;
}

static void
glaux_aws_config_init (GlauxAwsConfig *self)
{
  self->profiles = g_list_store_new (GLAUX_TYPE_AWS_PROFILE);
  self->profiles_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_hash_table_unref);
}

/* An unset and an empty variable mean the same, as in botocore. */
const char *
glaux_aws_config_getenv (const char * const *envp,
                         const char         *name)
{
  const char *value;

  g_return_val_if_fail (name != NULL, NULL);

  if (envp == NULL)
    value = g_getenv (name);
  else
    value = g_environ_getenv ((char **)envp, name);

  return (value != NULL && value[0] != '\0') ? value : NULL;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* os.path.expandvars: $NAME and ${NAME}; unknown variables stay as written. */
static char *
expand_variables (const char         *path,
                  const char * const *envp)
{
  GString *out = g_string_new (NULL);
  const char *p = path;

  while (*p != '\0')
    {
      gboolean braced = p[0] == '$' && p[1] == '{';
      const char *start = p + (braced ? 2 : 1);
      const char *end = start;
      g_autofree char *name = NULL;
      const char *value;

      if (p[0] != '$')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      while (is_name_char (*end))
        end++;
      if (end == start || (braced && *end != '}'))
        {
          g_string_append_c (out, *p++);
          continue;
        }

      name = g_strndup (start, end - start);
      value = glaux_aws_config_getenv (envp, name);
      if (braced)
        end++;
      if (value != NULL)
        g_string_append (out, value);
      else
        g_string_append_len (out, p, end - p);
      p = end;
    }

  return g_string_free (out, FALSE);
}

/**
 * glaux_aws_config_expand_path:
 * @path: a path as written in a variable
 * @envp: (nullable): the environment
 *
 * Expands a leading `~` to the home folder, then `$NAME` / `${NAME}` variables.
 *
 * Returns: (transfer full): the expanded path
 */
char *
glaux_aws_config_expand_path (const char         *path,
                              const char * const *envp)
{
  g_autofree char *home_expanded = NULL;
  const char *home;

  g_return_val_if_fail (path != NULL, NULL);

  if (path[0] == '~' && (path[1] == '\0' || path[1] == '/'))
    {
      home = glaux_aws_config_getenv (envp, "HOME");
      if (home == NULL)
        home = g_get_home_dir ();
      home_expanded = g_strconcat (home, path + 1, NULL);
      path = home_expanded;
    }

  return expand_variables (path, envp);
}

/* AWS_CONFIG_FILE, or ~/.aws/config. */
char *
glaux_aws_config_dup_config_path (const char * const *envp)
{
  const char *path = glaux_aws_config_getenv (envp, "AWS_CONFIG_FILE");

  return glaux_aws_config_expand_path (path != NULL ? path : "~/.aws/config", envp);
}

/* AWS_SHARED_CREDENTIALS_FILE, or ~/.aws/credentials. */
char *
glaux_aws_config_dup_credentials_path (const char * const *envp)
{
  const char *path = glaux_aws_config_getenv (envp, "AWS_SHARED_CREDENTIALS_FILE");

  return glaux_aws_config_expand_path (path != NULL ? path : "~/.aws/credentials", envp);
}

/* AWS_PROFILE, then its legacy alias AWS_DEFAULT_PROFILE, then "default". */
char *
glaux_aws_config_dup_profile_name (const char * const *envp)
{
  const char *name = glaux_aws_config_getenv (envp, "AWS_PROFILE");

  if (name == NULL)
    name = glaux_aws_config_getenv (envp, "AWS_DEFAULT_PROFILE");

  return g_strdup (name != NULL ? name : "default");
}

static void
set_parse_error (GError     **error,
                 const char  *path,
                 guint        line,
                 const char  *format,
                 ...) G_GNUC_PRINTF (4, 5);

static void
set_parse_error (GError     **error,
                 const char  *path,
                 guint        line,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
               "%s line %u: %s", path, line, message);
}

static gboolean
parse_header (IniParser   *parser,
              const char  *text,
              guint        line,
              GError     **error)
{
  const char *close = strchr (text, ']');
  const char *trailing;
  g_autofree char *header = NULL;
  IniSection *section;

  if (close == NULL)
    {
      set_parse_error (error, parser->path, line, "a section header has no closing ']'");
      return FALSE;
    }

  trailing = close + 1 + strspn (close + 1, " \t");
  if (*trailing != '\0' && *trailing != '#' && *trailing != ';')
    {
      set_parse_error (error, parser->path, line, "unexpected text after a section header");
      return FALSE;
    }

  header = g_strstrip (g_strndup (text + 1, close - text - 1));
  if (header[0] == '\0')
    {
      set_parse_error (error, parser->path, line, "empty section name '[]'");
      return FALSE;
    }

  for (guint i = 0; i < parser->sections->len; i++)
    {
      IniSection *other = g_ptr_array_index (parser->sections, i);

      if (g_str_equal (other->header, header))
        {
          set_parse_error (error, parser->path, line, "section [%s] appears twice (first at line %u)",
                           header, other->line);
          return FALSE;
        }
    }

  section = g_new0 (IniSection, 1);
  section->header = g_steal_pointer (&header);
  section->line = line;
  section->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  section->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_ptr_array_add (parser->sections, section);

  parser->section = section;
  g_clear_pointer (&parser->key, g_free);

  return TRUE;
}

static gboolean
add_value (IniParser   *parser,
           char        *key,
           const char  *value,
           guint        line,
           GError     **error)
{
  guint first_line = GPOINTER_TO_UINT (g_hash_table_lookup (parser->section->lines, key));

  if (first_line != 0)
    {
      set_parse_error (error, parser->path, line, "'%s' is set twice in [%s] (first at line %u)",
                       key, parser->section->header, first_line);
      g_free (key);
      return FALSE;
    }

  g_hash_table_insert (parser->section->lines, g_strdup (key), GUINT_TO_POINTER (line));
  g_hash_table_insert (parser->section->values, key, g_strdup (value));

  return TRUE;
}

/* Splits "key = value" (or "key: value" when @colon_ok) at the first delimiter. */
static gboolean
split_assignment (const char  *text,
                  gboolean     colon_ok,
                  char       **key,
                  const char **value)
{
  const char *delimiter = text + strcspn (text, colon_ok ? "=:" : "=");
  g_autofree char *name = NULL;

  if (*delimiter == '\0')
    return FALSE;

  name = g_strndup (text, delimiter - text);
  *key = g_ascii_strdown (g_strstrip (name), -1);
  *value = delimiter + 1;
  while (g_ascii_isspace (**value))
    (*value)++;

  return TRUE;
}

static gboolean
parse_continuation (IniParser   *parser,
                    const char  *text,
                    guint        line,
                    GError     **error)
{
  g_autofree char *sub_key = NULL;
  const char *value;
  char *old_value;

  if (!parser->key_is_block)
    {
      /* configparser joins continuation lines with newlines. */
      old_value = g_hash_table_lookup (parser->section->values, parser->key);
      g_hash_table_insert (parser->section->values, g_strdup (parser->key),
                           g_strconcat (old_value, "\n", text, NULL));
      return TRUE;
    }

  if (!split_assignment (text, FALSE, &sub_key, &value) || sub_key[0] == '\0')
    {
      set_parse_error (error, parser->path, line,
                       "expected 'name = value' in the indented block under '%s'", parser->key);
      return FALSE;
    }

  return add_value (parser, g_strconcat (parser->key, ".", sub_key, NULL), value, line, error);
}

static gboolean
parse_assignment (IniParser   *parser,
                  const char  *text,
                  gsize        indent,
                  guint        line,
                  GError     **error)
{
  g_autofree char *key = NULL;
  const char *value;

  if (!split_assignment (text, TRUE, &key, &value))
    {
      set_parse_error (error, parser->path, line,
                       "expected '[section]', 'name = value' or a comment");
      return FALSE;
    }

  if (key[0] == '\0')
    {
      set_parse_error (error, parser->path, line, "a value has no name before '='");
      return FALSE;
    }

  if (parser->section == NULL)
    {
      set_parse_error (error, parser->path, line, "'%s' is set before any [section] header",
                       key);
      return FALSE;
    }

  g_free (parser->key);
  parser->key = g_strdup (key);
  parser->key_indent = indent;
  parser->key_is_block = value[0] == '\0';

  return add_value (parser, g_steal_pointer (&key), value, line, error);
}

static gboolean
parse_line (IniParser   *parser,
            char        *line_text,
            guint        line,
            GError     **error)
{
  gsize indent = strspn (line_text, " \t");
  char *text = g_strchomp (line_text + indent);

  if (text[0] == '\0' || text[0] == '#' || text[0] == ';')
    return TRUE;

  if (parser->key != NULL && indent > parser->key_indent)
    return parse_continuation (parser, text, line, error);

  if (text[0] == '[')
    return parse_header (parser, text, line, error);

  return parse_assignment (parser, text, indent, line, error);
}

static guint
count_lines (const char *data,
             const char *end)
{
  guint lines = 1;

  for (const char *p = data; p < end; p++)
    lines += *p == '\n';

  return lines;
}

/* Parses a whole file; @data is NUL-terminated and gets overwritten while being split. */
static GPtrArray *
parse_ini (const char  *path,
           char        *data,
           gsize        length,
           GError     **error)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func ((GDestroyNotify)ini_section_free);
  IniParser parser = { path, sections, NULL, NULL, 0, FALSE };
  const char *invalid;
  char *line_start = data;
  guint line = 1;
  gboolean ok = TRUE;

  if (!g_utf8_validate_len (data, length, &invalid))
    {
      set_parse_error (error, path, count_lines (data, invalid), "the file is not valid UTF-8");
      return NULL;
    }

  if (g_str_has_prefix (line_start, "\xEF\xBB\xBF"))
    line_start += 3;

  while (ok && line_start != NULL)
    {
      char *newline = strchr (line_start, '\n');

      if (newline != NULL)
        *newline = '\0';
      ok = parse_line (&parser, line_start, line++, error);
      line_start = newline != NULL ? newline + 1 : NULL;
    }

  g_free (parser.key);

  return ok ? g_steal_pointer (&sections) : NULL;
}

/* Missing files are normal (*exists = FALSE); anything else that stops reading is an error. */
static GPtrArray *
read_ini_file (const char  *path,
               const char  *what,
               gboolean    *exists,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  GPtrArray *sections;
  gsize length;

  *exists = FALSE;
  if (path == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)ini_section_free);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "Cannot read the AWS %s file %s: it is a directory", what, path);
      return NULL;
    }

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_ptr_array_new_with_free_func ((GDestroyNotify)ini_section_free);

      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION,
                   "Cannot read the AWS %s file %s: %s", what, path, local_error->message);
      return NULL;
    }

  *exists = TRUE;
  sections = parse_ini (path, data, length, error);
  memset (data, 0, length);

  return sections;
}

/* "[profile NAME]"-style headers: TRUE when @header is of @kind; *name is then set, or @error
 * when the name is missing or malformed. A name with spaces needs double quotes, as with shlex. */
static gboolean
match_header (const char  *path,
              IniSection  *section,
              const char  *kind,
              char       **name,
              GError     **error)
{
  gsize kind_length = strlen (kind);
  g_autofree char *rest = NULL;
  gsize rest_length;

  if (!g_str_has_prefix (section->header, kind)
      || (section->header[kind_length] != '\0' && !g_ascii_isspace (section->header[kind_length])))
    return FALSE;

  rest = g_strstrip (g_strdup (section->header + kind_length));
  rest_length = strlen (rest);
  if (rest_length >= 2 && rest[0] == '"' && rest[rest_length - 1] == '"')
    {
      *name = g_strndup (rest + 1, rest_length - 2);
    }
  else if (rest[0] == '\0' || strpbrk (rest, " \t\"") != NULL)
    {
      set_parse_error (error, path, section->line,
                       "[%s] must be written [%s NAME], with NAME in double quotes if it has "
                       "spaces", section->header, kind);
      return TRUE;
    }
  else
    {
      *name = g_steal_pointer (&rest);
    }

  if (**name == '\0')
    {
      set_parse_error (error, path, section->line, "[%s] has an empty name", section->header);
      g_clear_pointer (name, g_free);
    }

  return TRUE;
}

static char *
describe_section (const char *path,
                  IniSection *section)
{
  return g_strdup_printf ("[%s] in %s line %u", section->header, path, section->line);
}

/* Copies @from into @into, later sections winning key by key ([default] + [profile default]). */
static void
merge_values (GHashTable *into,
              GHashTable *from)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (into, g_strdup (key), g_strdup (value));
}

static GHashTable *
copy_values (GHashTable *from)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  merge_values (copy, from);

  return copy;
}

typedef struct
{
  GHashTable *values;
  char       *origin;
} ProfileSection;

static void
profile_section_free (ProfileSection *section)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, section->values);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    memset (value, 0, strlen (value));

  g_hash_table_unref (section->values);
  g_free (section->origin);
  g_free (section);
}

static void
add_profile_section (GHashTable *profiles,
                     char       *name,
                     const char *path,
                     IniSection *section)
{
  ProfileSection *existing = g_hash_table_lookup (profiles, name);
  g_autofree char *origin = describe_section (path, section);

  if (existing == NULL)
    {
      existing = g_new0 (ProfileSection, 1);
      existing->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      existing->origin = g_steal_pointer (&origin);
      g_hash_table_insert (profiles, name, existing);
    }
  else
    {
      char *both = g_strdup_printf ("%s and %s", existing->origin, origin);

      g_free (existing->origin);
      existing->origin = both;
      g_free (name);
    }

  merge_values (existing->values, section->values);
}

/* Sorts the config file's sections into profiles and [services] tables. */
static gboolean
collect_config_sections (GlauxAwsConfig  *self,
                         GPtrArray       *sections,
                         GHashTable      *profiles,
                         GError         **error)
{
  for (guint i = 0; i < sections->len; i++)
    {
      IniSection *section = g_ptr_array_index (sections, i);
      GError *local_error = NULL;
      char *name = NULL;

      if (g_str_equal (section->header, "default"))
        add_profile_section (profiles, g_strdup ("default"), self->config_path, section);
      else if (match_header (self->config_path, section, "profile", &name, &local_error))
        {
          if (name != NULL)
            add_profile_section (profiles, name, self->config_path, section);
        }
      else if (match_header (self->config_path, section, "services", &name, &local_error))
        {
          if (name != NULL)
            g_hash_table_insert (self->services, name, copy_values (section->values));
        }
      else if (match_header (self->config_path, section, "sso-session", &name, &local_error))
        g_free (name); /* Only profiles that use it matter, and they say SSO is unsupported. */
      else
        g_debug ("Ignoring section [%s] of %s: not a profile, services or sso-session section",
                 section->header, self->config_path);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  return TRUE;
}

static int
compare_profile_names (gconstpointer a,
                       gconstpointer b)
{
  const char *name_a = *(const char **)a;
  const char *name_b = *(const char **)b;
  gboolean default_a = g_str_equal (name_a, "default");
  gboolean default_b = g_str_equal (name_b, "default");

  if (default_a != default_b)
    return default_a ? -1 : 1;

  return strcmp (name_a, name_b);
}

static void
build_profiles (GlauxAwsConfig *self,
                GHashTable     *config_profiles,
                GHashTable     *credentials_profiles)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, config_profiles);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (names, name);
  g_hash_table_iter_init (&iter, credentials_profiles);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (names, name);

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (sorted, name);
  g_ptr_array_sort (sorted, compare_profile_names);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *profile_name = g_ptr_array_index (sorted, i);
      ProfileSection *config = g_hash_table_lookup (config_profiles, profile_name);
      ProfileSection *credentials = g_hash_table_lookup (credentials_profiles, profile_name);
      g_autoptr(GlauxAwsProfile) profile = NULL;

      profile = glaux_aws_profile_new (profile_name,
                                       config ? config->values : NULL,
                                       config ? config->origin : NULL,
                                       credentials ? credentials->values : NULL,
                                       credentials ? credentials->origin : NULL);
      g_list_store_append (self->profiles, profile);
      g_hash_table_insert (self->profiles_by_name, g_strdup (profile_name),
                           g_steal_pointer (&profile));
    }
}

/**
 * glaux_aws_config_new_from_files:
 * @config_path: (nullable): the config file, or %NULL for none
 * @credentials_path: (nullable): the credentials file, or %NULL for none
 * @error: return location for a #GLAUX_AWS_ERROR_CONFIGURATION error
 *
 * Reads both files (blocking; see glaux_aws_config_load_async()). A file that does not exist
 * counts as empty.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
GlauxAwsConfig *
glaux_aws_config_new_from_files (const char  *config_path,
                                 const char  *credentials_path,
                                 GError     **error)
{
  g_autoptr(GlauxAwsConfig) self = g_object_new (GLAUX_TYPE_AWS_CONFIG, NULL);
  g_autoptr(GPtrArray) config_sections = NULL;
  g_autoptr(GPtrArray) credentials_sections = NULL;
  g_autoptr(GHashTable) config_profiles = NULL;
  g_autoptr(GHashTable) credentials_profiles = NULL;

  self->config_path = g_strdup (config_path);
  self->credentials_path = g_strdup (credentials_path);

  config_sections = read_ini_file (config_path, "config", &self->config_exists, error);
  if (config_sections == NULL)
    return NULL;
  credentials_sections = read_ini_file (credentials_path, "credentials",
                                        &self->credentials_exists, error);
  if (credentials_sections == NULL)
    return NULL;

  config_profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)profile_section_free);
  credentials_profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify)profile_section_free);

  if (!collect_config_sections (self, config_sections, config_profiles, error))
    return NULL;

  /* The credentials file has bare [NAME] sections only. */
  for (guint i = 0; i < credentials_sections->len; i++)
    {
      IniSection *section = g_ptr_array_index (credentials_sections, i);

      add_profile_section (credentials_profiles, g_strdup (section->header), credentials_path,
                           section);
    }

  build_profiles (self, config_profiles, credentials_profiles);

  return g_steal_pointer (&self);
}

/**
 * glaux_aws_config_load:
 * @envp: (nullable): the environment
 * @error: return location for a #GLAUX_AWS_ERROR_CONFIGURATION error
 *
 * Reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (or their defaults),
 * blocking.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
GlauxAwsConfig *
glaux_aws_config_load (const char * const  *envp,
                       GError             **error)
{
  g_autofree char *config_path = glaux_aws_config_dup_config_path (envp);
  g_autofree char *credentials_path = glaux_aws_config_dup_credentials_path (envp);

  return glaux_aws_config_new_from_files (config_path, credentials_path, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  char **paths = task_data;
  GlauxAwsConfig *config;
  GError *error = NULL;

  config = glaux_aws_config_new_from_files (paths[0], paths[1], &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, g_object_unref);
}

/* Like glaux_aws_config_load(), in a worker thread. The environment is read before returning. */
void
glaux_aws_config_load_async (const char * const  *envp,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char **paths;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  paths = g_new0 (char *, 3);
  paths[0] = glaux_aws_config_dup_config_path (envp);
  paths[1] = glaux_aws_config_dup_credentials_path (envp);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_aws_config_load_async);
  g_task_set_task_data (task, paths, (GDestroyNotify)g_strfreev);
  g_task_run_in_thread (task, load_thread);
}

/**
 * glaux_aws_config_load_finish:
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
GlauxAwsConfig *
glaux_aws_config_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
glaux_aws_config_get_config_path (GlauxAwsConfig *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), NULL);

  return self->config_path;
}

const char *
glaux_aws_config_get_credentials_path (GlauxAwsConfig *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), NULL);

  return self->credentials_path;
}

gboolean
glaux_aws_config_get_config_exists (GlauxAwsConfig *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), FALSE);

  return self->config_exists;
}

gboolean
glaux_aws_config_get_credentials_exists (GlauxAwsConfig *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), FALSE);

  return self->credentials_exists;
}

/**
 * glaux_aws_config_get_profiles:
 *
 * Returns: (transfer none): every profile of both files, "default" first, then by name; each
 *   a #GlauxAwsProfile
 */
GListModel *
glaux_aws_config_get_profiles (GlauxAwsConfig *self)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), NULL);

  return G_LIST_MODEL (self->profiles);
}

/**
 * glaux_aws_config_lookup_profile:
 *
 * Returns: (transfer none) (nullable): the profile called @name, or %NULL
 */
GlauxAwsProfile *
glaux_aws_config_lookup_profile (GlauxAwsConfig *self,
                                 const char     *name)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->profiles_by_name, name);
}

gboolean
glaux_aws_config_has_services (GlauxAwsConfig *self,
                               const char     *services_name)
{
  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), FALSE);
  g_return_val_if_fail (services_name != NULL, FALSE);

  return g_hash_table_contains (self->services, services_name);
}

/* The `endpoint_url` sub-key under the service's key in [services NAME]; botocore spells the
 * key as the service id in lower case with spaces and hyphens turned into underscores. */
const char *
glaux_aws_config_get_service_endpoint_url (GlauxAwsConfig *self,
                                           const char     *services_name,
                                           const char     *service_id)
{
  GHashTable *values;
  g_autofree char *service_key = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (self), NULL);
  g_return_val_if_fail (services_name != NULL, NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  values = g_hash_table_lookup (self->services, services_name);
  if (values == NULL)
    return NULL;

  service_key = g_strdelimit (g_ascii_strdown (service_id, -1), " -", '_');
  key = g_strconcat (service_key, ".endpoint_url", NULL);

  return g_hash_table_lookup (values, key);
}
