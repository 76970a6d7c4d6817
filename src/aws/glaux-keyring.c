/* glaux-keyring.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-keyring"

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-keyring.h"

/* Typed keys live only in the keyring, through the secret_password_*v calls: the only libsecret
 * API that also works inside Flatpak, where it uses the portal-keyed file backend. */

const SecretSchema *
glaux_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.glaux.Glaux.Credentials", SECRET_SCHEMA_NONE,
    {
      { "connection-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
kind_to_string (GlauxKeyringKind kind)
{
  switch (kind)
    {
    case GLAUX_KEYRING_SECRET_ACCESS_KEY:
      return "secret-access-key";

    case GLAUX_KEYRING_SESSION_TOKEN:
      return "session-token";

    case GLAUX_KEYRING_ANY:
    default:
      return NULL;
    }
}

static const char *
kind_to_label (GlauxKeyringKind kind)
{
  return kind == GLAUX_KEYRING_SESSION_TOKEN ? "session token" : "secret access key";
}

static GHashTable *
new_attributes (const char       *connection_id,
                GlauxKeyringKind  kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer)"connection-id", (gpointer)connection_id);
  if (kind != GLAUX_KEYRING_ANY)
    g_hash_table_insert (attributes, (gpointer)"kind", (gpointer)kind_to_string (kind));

  return attributes;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxKeyringKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                             "Could not save the %s in the keyring: %s", kind_to_label (kind),
                             error->message);
}

/**
 * glaux_keyring_store_async:
 * @connection_id: the connection the secret belongs to
 * @kind: the secret access key or the session token
 * @secret: the secret; an empty one is refused
 *
 * Stores (or replaces) one secret of a connection in the default collection.
 */
void
glaux_keyring_store_async (const char          *connection_id,
                           GlauxKeyringKind     kind,
                           const char          *secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (connection_id != NULL && connection_id[0] != '\0');
  g_return_if_fail (kind == GLAUX_KEYRING_SECRET_ACCESS_KEY || kind == GLAUX_KEYRING_SESSION_TOKEN);
  g_return_if_fail (secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_keyring_store_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);

  if (secret[0] == '\0')
    {
      g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                               "The %s is empty", kind_to_label (kind));
      return;
    }

  attributes = new_attributes (connection_id, kind);
  label = g_strdup_printf ("Glaux: AWS %s of connection %s", kind_to_label (kind), connection_id);
  secret_password_storev (glaux_keyring_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, secret, cancellable, store_cb, g_steal_pointer (&task));
}

gboolean
glaux_keyring_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxKeyringKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                             "Could not read the %s from the keyring: %s", kind_to_label (kind),
                             error->message);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify)secret_password_free);
}

void
glaux_keyring_lookup_async (const char          *connection_id,
                            GlauxKeyringKind     kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (connection_id != NULL && connection_id[0] != '\0');
  g_return_if_fail (kind == GLAUX_KEYRING_SECRET_ACCESS_KEY || kind == GLAUX_KEYRING_SESSION_TOKEN);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_keyring_lookup_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);

  attributes = new_attributes (connection_id, kind);
  secret_password_lookupv (glaux_keyring_get_schema (), attributes, cancellable, lookup_cb,
                           g_steal_pointer (&task));
}

/**
 * glaux_keyring_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with secret_password_free(); %NULL
 *   without an error when none is stored
 */
char *
glaux_keyring_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                             "Could not remove the keys from the keyring: %s", error->message);
  else
    g_task_return_boolean (task, removed);
}

/* Removes one kind of secret of a connection, or all of them with %GLAUX_KEYRING_ANY. */
void
glaux_keyring_clear_async (const char          *connection_id,
                           GlauxKeyringKind     kind,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (connection_id != NULL && connection_id[0] != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_keyring_clear_async);

  attributes = new_attributes (connection_id, kind);
  secret_password_clearv (glaux_keyring_get_schema (), attributes, cancellable, clear_cb,
                          g_steal_pointer (&task));
}

/* TRUE when something was removed; FALSE without an error when there was nothing to remove. */
gboolean
glaux_keyring_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
