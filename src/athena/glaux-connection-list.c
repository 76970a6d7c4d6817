/* glaux-connection-list.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-connection-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-connection-list.h"
#include "glaux-endpoint.h"
#include "glaux-keyring.h"

/* Every connection Glaux knows, in the order the switcher shows them: "This computer", the AWS
 * profiles, then the connections with typed keys from the "connections" setting. Reloads and
 * settings changes (from this window or another) update the connection objects in place and
 * emit the smallest items-changed they can, so a selected connection keeps its state. */

#define CONNECTIONS_KEY "connections"

struct _GlauxConnectionList
{
  GObject           parent_instance;

  GSettings        *settings;
  char            **envp;
  GPtrArray        *items;      /* GlauxConnection: local, profiles, then keys */
  guint             n_profiles;
  guint             load_serial;
  guint             applied_serial;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlauxConnectionList, glaux_connection_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* GListModel ------------------------------------------------------------------------------- */

static GType
glaux_connection_list_get_item_type (GListModel *model)
{
  return GLAUX_TYPE_CONNECTION;
}

static guint
glaux_connection_list_get_n_items (GListModel *model)
{
  return GLAUX_CONNECTION_LIST (model)->items->len;
}

static gpointer
glaux_connection_list_get_item (GListModel *model,
                                guint       position)
{
  GlauxConnectionList *self = GLAUX_CONNECTION_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = glaux_connection_list_get_item_type;
  iface->get_n_items = glaux_connection_list_get_n_items;
  iface->get_item = glaux_connection_list_get_item;
}

static GlauxConnection *
item_at (GlauxConnectionList *self,
         guint                position)
{
  return g_ptr_array_index (self->items, position);
}

static guint
keys_start (GlauxConnectionList *self)
{
  return 1 + self->n_profiles;
}

static void
insert_item (GlauxConnectionList *self,
             guint                position,
             GlauxConnection     *connection)
{
  g_ptr_array_insert (self->items, position, connection);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/* The connection is disconnected first: nothing may keep using a connection that is gone. */
static void
remove_item (GlauxConnectionList *self,
             guint                position)
{
  GlauxConnection *connection = g_ptr_array_steal_index (self->items, position);

  glaux_connection_disconnect (connection);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_unref (connection);
}

static gboolean
find_item (GlauxConnectionList *self,
           const char          *id,
           guint                from,
           guint               *position)
{
  for (guint i = from; i < self->items->len; i++)
    {
      if (g_str_equal (glaux_connection_get_id (item_at (self, i)), id))
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Profiles --------------------------------------------------------------------------------- */

static int
compare_profiles (gconstpointer a,
                  gconstpointer b)
{
  GlauxAwsProfile *profile_a = *(GlauxAwsProfile **)a;
  GlauxAwsProfile *profile_b = *(GlauxAwsProfile **)b;

  return strcmp (glaux_aws_profile_get_name (profile_a), glaux_aws_profile_get_name (profile_b));
}

static GPtrArray *
dup_sorted_profiles (GlauxAwsConfig *config)
{
  GListModel *profiles = glaux_aws_config_get_profiles (config);
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
    g_ptr_array_add (sorted, g_list_model_get_item (profiles, i));
  g_ptr_array_sort (sorted, compare_profiles);

  return sorted;
}

/* Both lists are sorted by name, so one merge pass finds what went, stayed and came. */
static void
apply_config (GlauxConnectionList *self,
              GlauxAwsConfig      *config)
{
  g_autoptr(GPtrArray) profiles = dup_sorted_profiles (config);
  const char * const *envp = (const char * const *)self->envp;
  guint position = 1;
  guint i = 0;

  while (position < keys_start (self) || i < profiles->len)
    {
      GlauxConnection *old = position < keys_start (self) ? item_at (self, position) : NULL;
      GlauxAwsProfile *profile = i < profiles->len ? g_ptr_array_index (profiles, i) : NULL;
      int cmp;

      if (old == NULL)
        cmp = 1;
      else if (profile == NULL)
        cmp = -1;
      else
        cmp = strcmp (glaux_connection_get_profile_name (old),
                      glaux_aws_profile_get_name (profile));

      if (cmp < 0)
        {
          self->n_profiles--;
          remove_item (self, position);
        }
      else if (cmp == 0)
        {
          glaux_connection_update_profile (old, config, profile);
          position++;
          i++;
        }
      else
        {
          self->n_profiles++;
          insert_item (self, position, glaux_connection_new_for_profile (config, profile, envp));
          position++;
          i++;
        }
    }
}

static void
config_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxConnectionList *self = g_task_get_source_object (task);
  guint serial = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GlauxAwsConfig) config = NULL;
  GError *error = NULL;

  config = glaux_aws_config_load_finish (result, &error);
  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Overlapping reloads: an older result must not undo a newer one. */
  if (serial > self->applied_serial)
    {
      self->applied_serial = serial;
      apply_config (self, config);
    }

  g_task_return_boolean (task, TRUE);
}

void
glaux_connection_list_reload_async (GlauxConnectionList *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GLAUX_IS_CONNECTION_LIST (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_connection_list_reload_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (++self->load_serial), NULL);

  glaux_aws_config_load_async ((const char * const *)self->envp, cancellable, config_loaded_cb,
                               g_steal_pointer (&task));
}

gboolean
glaux_connection_list_reload_finish (GlauxConnectionList  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Connections with typed keys (settings) --------------------------------------------------- */

typedef struct
{
  const char *id;
  const char *name;
  const char *region;
  const char *access_key_id;
  const char *endpoint_url;
  gboolean    has_session_token;
} KeysEntry;

/* Points into @dict, which must outlive the entry. */
static gboolean
read_entry (GVariant  *dict,
            KeysEntry *entry)
{
  memset (entry, 0, sizeof *entry);

  if (!g_variant_lookup (dict, "id", "&s", &entry->id)
      || !g_variant_lookup (dict, "name", "&s", &entry->name)
      || !g_variant_lookup (dict, "region", "&s", &entry->region)
      || !g_variant_lookup (dict, "access-key-id", "&s", &entry->access_key_id)
      || entry->id[0] == '\0' || entry->access_key_id[0] == '\0')
    return FALSE;

  g_variant_lookup (dict, "endpoint-url", "&s", &entry->endpoint_url);
  g_variant_lookup (dict, "has-session-token", "b", &entry->has_session_token);

  return TRUE;
}

static void
sync_entry (GlauxConnectionList *self,
            guint                position,
            const KeysEntry     *entry)
{
  GlauxConnection *connection;
  guint found;

  if (position < self->items->len
      && g_str_equal (glaux_connection_get_id (item_at (self, position)), entry->id))
    connection = item_at (self, position);
  else if (find_item (self, entry->id, position, &found))
    {
      /* Moved in the settings: move the same object. */
      connection = g_ptr_array_steal_index (self->items, found);
      g_list_model_items_changed (G_LIST_MODEL (self), found, 1, 0);
      insert_item (self, position, connection);
    }
  else
    {
      insert_item (self, position,
                   glaux_connection_new_for_keys (entry->id, entry->name, entry->region,
                                                  entry->access_key_id, entry->endpoint_url,
                                                  entry->has_session_token));
      return;
    }

  glaux_connection_update_keys (connection, entry->name, entry->region, entry->access_key_id,
                                entry->endpoint_url, entry->has_session_token);
}

/* Makes the KEYS part of the list match the setting, whoever changed it. */
static void
sync_from_settings (GlauxConnectionList *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, CONNECTIONS_KEY);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (KeysEntry));
  gsize n = g_variant_n_children (value);
  g_autoptr(GPtrArray) dicts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);

  for (gsize i = 0; i < n; i++)
    {
      GVariant *dict = g_variant_get_child_value (value, i);
      KeysEntry entry;

      g_ptr_array_add (dicts, dict);
      if (!read_entry (dict, &entry) || g_hash_table_contains (ids, entry.id))
        {
          g_message ("Ignoring entry %" G_GSIZE_FORMAT " of the connections setting: it lacks "
                     "an id, name, region or access key id, or repeats an id", i);
          continue;
        }
      g_hash_table_add (ids, (gpointer)entry.id);
      g_array_append_val (entries, entry);
    }

  for (guint i = self->items->len; i > keys_start (self); i--)
    {
      if (!g_hash_table_contains (ids, glaux_connection_get_id (item_at (self, i - 1))))
        remove_item (self, i - 1);
    }

  for (guint i = 0; i < entries->len; i++)
    sync_entry (self, keys_start (self) + i, &g_array_index (entries, KeysEntry, i));
}

static void
settings_changed_cb (GlauxConnectionList *self)
{
  sync_from_settings (self);
}

static GVariant *
build_entry (const KeysEntry *entry)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "id", "s", entry->id);
  g_variant_dict_insert (&dict, "name", "s", entry->name);
  g_variant_dict_insert (&dict, "region", "s", entry->region);
  g_variant_dict_insert (&dict, "access-key-id", "s", entry->access_key_id);
  g_variant_dict_insert (&dict, "endpoint-url", "s",
                         entry->endpoint_url != NULL ? entry->endpoint_url : "");
  g_variant_dict_insert (&dict, "has-session-token", "b", entry->has_session_token);

  return g_variant_dict_end (&dict);
}

/* Writes the setting with @id's entry replaced by @replacement (appended when new), or
 * removed when @replacement is NULL. Other entries are kept as they are. */
static gboolean
write_settings (GlauxConnectionList  *self,
                const char           *id,
                const KeysEntry      *replacement,
                GError              **error)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, CONNECTIONS_KEY);
  GVariantBuilder builder;
  gboolean replaced = FALSE;
  gsize n = g_variant_n_children (value);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) dict = g_variant_get_child_value (value, i);
      const char *entry_id = NULL;

      if (g_variant_lookup (dict, "id", "&s", &entry_id) && g_str_equal (entry_id, id))
        {
          if (replacement != NULL && !replaced)
            g_variant_builder_add_value (&builder, build_entry (replacement));
          replaced = TRUE;
        }
      else
        g_variant_builder_add_value (&builder, dict);
    }
  if (replacement != NULL && !replaced)
    g_variant_builder_add_value (&builder, build_entry (replacement));

  if (!g_settings_set_value (self->settings, CONNECTIONS_KEY, g_variant_builder_end (&builder)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("Could not save the connection: the connections setting is not "
                             "writable"));
      return FALSE;
    }

  sync_from_settings (self);

  return TRUE;
}

/* Saving typed keys ------------------------------------------------------------------------ */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

static gboolean
validate_access_key_id (const char *access_key_id)
{
  gsize length = access_key_id != NULL ? strlen (access_key_id) : 0;

  if (length < 16 || length > 128)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isupper (access_key_id[i]) && !g_ascii_isdigit (access_key_id[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
name_is_taken (GlauxConnectionList *self,
               const char          *name,
               GlauxConnection     *except)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  for (guint i = keys_start (self); i < self->items->len; i++)
    {
      GlauxConnection *connection = item_at (self, i);
      g_autofree char *other = NULL;

      if (connection == except)
        continue;
      other = g_utf8_casefold (glaux_connection_get_title (connection), -1);
      if (g_str_equal (folded, other))
        return TRUE;
    }

  return FALSE;
}

/* Every message names the field to fix and never repeats a secret. */
static gboolean
validate_keys (GlauxConnectionList        *self,
               const GlauxConnectionKeys  *keys,
               const char                 *name,
               GlauxConnection            *existing,
               GError                    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
    return invalid (error, _("Name: enter a name for the connection"));

  if (name_is_taken (self, name, existing))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Name: another connection is already called “%s”; choose another name"),
                   name);
      return FALSE;
    }

  if (is_blank (keys->region))
    return invalid (error, _("Region: enter the AWS region, such as us-east-1"));
  if (!glaux_endpoint_validate_region (keys->region, _("the Region field"), &local_error))
    return invalid (error, local_error->message);

  if (!validate_access_key_id (keys->access_key_id))
    return invalid (error, _("Access key ID: expected 16 to 128 capital letters and digits, "
                             "such as AKIAIOSFODNN7EXAMPLE"));

  if (existing == NULL && (keys->secret_access_key == NULL || keys->secret_access_key[0] == '\0'))
    return invalid (error, _("Secret access key: enter the secret access key of this access key"));

  if (!is_blank (keys->endpoint_url)
      && !glaux_endpoint_validate_url (keys->endpoint_url, _("the Endpoint URL field"),
                                       &local_error))
    return invalid (error, local_error->message);

  return TRUE;
}

typedef struct
{
  char     *id;
  char     *name;
  char     *region;
  char     *access_key_id;
  char     *endpoint_url;
  char     *secret_access_key;
  char     *session_token;
  gboolean  has_session_token;
  gboolean  is_new;
} SaveData;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
save_data_free (SaveData *data)
{
  g_free (data->id);
  g_free (data->name);
  g_free (data->region);
  g_free (data->access_key_id);
  g_free (data->endpoint_url);
  wipe_free (data->secret_access_key);
  wipe_free (data->session_token);
  g_free (data);
}

static void
new_keys_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  glaux_keyring_clear_finish (result, NULL);
}

/* Takes @error. Half-stored secrets of a new connection are cleaned up (best effort). */
static void
save_failed (GTask  *task,
             GError *error)
{
  SaveData *data = g_task_get_task_data (task);

  if (data->is_new)
    glaux_keyring_clear_async (data->id, GLAUX_KEYRING_ANY, NULL, new_keys_cleared_cb, NULL);

  /* The keyring's message already says what could not be saved. */
  g_task_return_error (task, error);
}

static void
save_settings (GTask *task)
{
  GlauxConnectionList *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  KeysEntry entry = {
    .id = data->id,
    .name = data->name,
    .region = data->region,
    .access_key_id = data->access_key_id,
    .endpoint_url = data->endpoint_url,
    .has_session_token = data->has_session_token,
  };
  GlauxConnection *connection;
  GError *error = NULL;
  guint position;

  if (!write_settings (self, data->id, &entry, &error))
    {
      if (data->is_new)
        glaux_keyring_clear_async (data->id, GLAUX_KEYRING_ANY, NULL, new_keys_cleared_cb, NULL);
      g_task_return_error (task, error);
      return;
    }

  if (!find_item (self, data->id, keys_start (self), &position))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The connection “%s” was saved but could not be read back "
                                 "from the settings"), data->name);
      return;
    }

  /* The secrets may have changed even when the settings did not. */
  connection = item_at (self, position);
  glaux_connection_disconnect (connection);
  g_debug ("Saved connection %s (%s)", data->id, data->is_new ? "new" : "edited");
  g_task_return_pointer (task, g_object_ref (connection), g_object_unref);
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!glaux_keyring_store_finish (result, &error))
    {
      save_failed (task, error);
      return;
    }

  save_settings (task);
}

static void
token_cleared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!glaux_keyring_clear_finish (result, &error))
    {
      save_failed (task, error);
      return;
    }

  save_settings (task);
}

static void
save_token (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (data->session_token != NULL && data->session_token[0] != '\0')
    glaux_keyring_store_async (data->id, GLAUX_KEYRING_SESSION_TOKEN, data->session_token,
                               cancellable, token_saved_cb, g_object_ref (task));
  else if (data->session_token != NULL && !data->is_new)
    glaux_keyring_clear_async (data->id, GLAUX_KEYRING_SESSION_TOKEN, cancellable,
                               token_cleared_cb, g_object_ref (task));
  else
    save_settings (task);
}

static void
secret_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!glaux_keyring_store_finish (result, &error))
    {
      save_failed (task, error);
      return;
    }

  save_token (task);
}

static char *
dup_trimmed (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

void
glaux_connection_list_save_keys_async (GlauxConnectionList       *self,
                                       const GlauxConnectionKeys *keys,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  GlauxConnection *existing = NULL;
  GError *error = NULL;
  SaveData *data;
  guint position;

  g_return_if_fail (GLAUX_IS_CONNECTION_LIST (self));
  g_return_if_fail (keys != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_connection_list_save_keys_async);

  if (keys->id != NULL)
    {
      if (!find_item (self, keys->id, keys_start (self), &position))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   _("The connection being edited no longer exists"));
          return;
        }
      existing = item_at (self, position);
    }

  name = dup_trimmed (keys->name ? keys->name : "");
  if (!validate_keys (self, keys, name, existing, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (SaveData, 1);
  data->is_new = existing == NULL;
  if (existing != NULL)
    data->id = g_strdup (keys->id);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();

      data->id = g_strconcat ("keys:", uuid, NULL);
    }
  data->name = g_steal_pointer (&name);
  data->region = dup_trimmed (keys->region);
  data->access_key_id = g_strdup (keys->access_key_id);
  data->endpoint_url = is_blank (keys->endpoint_url) ? NULL : dup_trimmed (keys->endpoint_url);
  data->session_token = g_strdup (keys->session_token);
  if (keys->session_token != NULL)
    data->has_session_token = keys->session_token[0] != '\0';
  else
    data->has_session_token = existing != NULL && glaux_connection_get_has_session_token (existing);
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);

  /* Editing: an empty secret keeps the stored one, like NULL. */
  if (keys->secret_access_key != NULL && keys->secret_access_key[0] != '\0')
    glaux_keyring_store_async (data->id, GLAUX_KEYRING_SECRET_ACCESS_KEY,
                               keys->secret_access_key, cancellable, secret_saved_cb,
                               g_steal_pointer (&task));
  else
    save_token (task);
}

/**
 * glaux_connection_list_save_keys_finish:
 *
 * Returns: (transfer full): the new or updated connection (the same object when editing)
 */
GlauxConnection *
glaux_connection_list_save_keys_finish (GlauxConnectionList  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removing --------------------------------------------------------------------------------- */

static void
keys_cleared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxConnectionList *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  GError *error = NULL;

  if (!glaux_keyring_clear_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!write_settings (self, id, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
glaux_connection_list_remove_async (GlauxConnectionList *self,
                                    GlauxConnection     *connection,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *id;
  guint position;

  g_return_if_fail (GLAUX_IS_CONNECTION_LIST (self));
  g_return_if_fail (GLAUX_IS_CONNECTION (connection));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_connection_list_remove_async);

  id = glaux_connection_get_id (connection);
  if (glaux_connection_get_kind (connection) != GLAUX_CONNECTION_KIND_KEYS
      || !find_item (self, id, keys_start (self), &position))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only connections added in Glaux can be removed; edit "
                                 "~/.aws/config to remove a profile"));
      return;
    }

  glaux_connection_disconnect (connection);
  g_task_set_task_data (task, g_strdup (id), g_free);
  glaux_keyring_clear_async (id, GLAUX_KEYRING_ANY, cancellable, keys_cleared_cb,
                             g_steal_pointer (&task));
}

gboolean
glaux_connection_list_remove_finish (GlauxConnectionList  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The rest --------------------------------------------------------------------------------- */

/**
 * glaux_connection_list_lookup:
 *
 * Returns: (transfer none) (nullable): the connection with @id
 */
GlauxConnection *
glaux_connection_list_lookup (GlauxConnectionList *self,
                              const char          *id)
{
  guint position;

  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_item (self, id, 0, &position) ? item_at (self, position) : NULL;
}

/**
 * glaux_connection_list_get_local:
 *
 * Returns: (transfer none): the "This computer" connection
 */
GlauxConnection *
glaux_connection_list_get_local (GlauxConnectionList *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (self), NULL);

  return item_at (self, 0);
}

void
glaux_connection_list_shutdown (GlauxConnectionList *self)
{
  g_return_if_fail (GLAUX_IS_CONNECTION_LIST (self));

  for (guint i = 0; i < self->items->len; i++)
    glaux_connection_disconnect (item_at (self, i));
}

static void
glaux_connection_list_dispose (GObject *object)
{
  GlauxConnectionList *self = (GlauxConnectionList *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, settings_changed_cb, self);
  g_clear_object (&self->settings);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (glaux_connection_list_parent_class)->dispose (object);
}

static void
glaux_connection_list_finalize (GObject *object)
{
  GlauxConnectionList *self = (GlauxConnectionList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->envp, g_strfreev);

  G_OBJECT_CLASS (glaux_connection_list_parent_class)->finalize (object);
}

static void
glaux_connection_list_class_init (GlauxConnectionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_connection_list_dispose;
  object_class->finalize = glaux_connection_list_finalize;
}

static void
glaux_connection_list_init (GlauxConnectionList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * glaux_connection_list_new:
 *
 * The list holds "This computer" and the connections with typed keys at once; call
 * glaux_connection_list_reload_async() to add the AWS profiles.
 *
 * Returns: (transfer full): a new list
 */
GlauxConnectionList *
glaux_connection_list_new (GSettings          *settings,
                           const char         *local_program,
                           const char         *local_data_dir,
                           const char * const *envp)
{
  GlauxConnectionList *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GLAUX_TYPE_CONNECTION_LIST, NULL);
  self->settings = g_object_ref (settings);
  self->envp = envp != NULL ? g_strdupv ((char **)envp) : g_get_environ ();
  g_ptr_array_add (self->items, glaux_connection_new_local (local_program, local_data_dir));

  sync_from_settings (self);
  g_signal_connect_swapped (settings, "changed::" CONNECTIONS_KEY,
                            G_CALLBACK (settings_changed_cb), self);

  return self;
}
