/* glaux-connection-dialog.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-connection-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-connection-dialog.h"
#include "glaux-ui-util.h"

#define DEFAULT_REGION     "us-east-1"
#define MAX_NAME           128
#define TEST_NAMES_SHOWN   3

struct _GlauxConnectionDialog
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  AdwEntryRow          *access_key_row;
  GtkButton            *cancel_button;
  GtkLabel             *connection_message;
  AdwEntryRow          *endpoint_row;
  AdwPreferencesGroup  *error_group;
  GtkLabel             *error_label;
  GtkRevealer          *error_revealer;
  AdwPreferencesGroup  *keys_group;
  GtkLabel             *keys_message;
  AdwEntryRow          *name_row;
  AdwPreferencesPage   *page;
  AdwComboRow          *region_row;
  GtkStringList        *regions;
  GtkButton            *remove_button;
  AdwPreferencesGroup  *remove_group;
  GtkButton            *save_button;
  GtkLabel             *save_label;
  GtkSpinner           *save_spinner;
  GtkStack             *save_stack;
  AdwPasswordEntryRow  *secret_row;
  GtkButton            *test_button;
  GtkLabel             *test_result;
  GtkSpinner           *test_spinner;
  AdwPasswordEntryRow  *token_row;

  /* Borrowed References */
  GtkWidget            *focus_before_busy; /* weak */

  /* Owned References */
  GlauxConnectionList  *list;
  GlauxConnection      *connection;   /* NULL: add */
  GCancellable         *cancellable;  /* save or remove */
  GCancellable         *test_cancellable;
  GlauxConnectionKeys   pending;      /* what save_keys_async is working with */

  guint                 busy : 1;
  guint                 disposed : 1;
};

G_DEFINE_FINAL_TYPE (GlauxConnectionDialog, glaux_connection_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LIST,
  PROP_CONNECTION,
  N_PROPS
};

enum {
  SAVED,
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* athena-api.md §2.5: the PySpark engine version 3 regions plus the Apache Spark 3.5 ones. */
static const char * const spark_regions[] = {
  "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
  "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "sa-east-1", "us-east-1", "us-east-2", "us-west-2",
};

static void glaux_connection_dialog_validate (GlauxConnectionDialog *self);

static char *
row_text_stripped (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
mark_row (GtkWidget  *row,
          const char *message,
          GString    *messages)
{
  if (message == NULL)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  if (messages->len > 0)
    g_string_append_c (messages, '\n');
  g_string_append (messages, message);
}

static void
show_messages (GtkLabel *label,
               GString  *messages)
{
  gtk_label_set_text (label, messages->str);
  gtk_widget_set_visible (GTK_WIDGET (label), messages->len > 0);
}

static char *
selected_region (GlauxConnectionDialog *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->region_row);

  return item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

/* Access key IDs are 16–128 capital letters and digits (AKIA…, ASIA…), as the list checks. */
static gboolean
is_valid_access_key_id (const char *text)
{
  gsize length = strlen (text);

  if (length < 16 || length > 128)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Whether the user has typed into @row: an empty required field is only flagged once touched,
 * so a fresh form does not open covered in errors (the primary button stays off all the same). */
static gboolean
row_touched (gpointer row)
{
  if (gtk_editable_get_text (GTK_EDITABLE (row))[0] != '\0')
    g_object_set_data (G_OBJECT (row), "glaux-touched", GINT_TO_POINTER (TRUE));

  return g_object_get_data (G_OBJECT (row), "glaux-touched") != NULL;
}

static gboolean
has_whitespace (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_valid_endpoint (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL
         && (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0
             || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
         && g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

/* Checks every field; TRUE when what is typed is enough to test the connection (the name does
 * not matter for that), *can_save when it can also be saved. */
static gboolean
check_fields (GlauxConnectionDialog *self,
              gboolean              *can_save)
{
  g_autoptr(GString) connection = g_string_new (NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autofree char *name = row_text_stripped (self->name_row);
  g_autofree char *endpoint = row_text_stripped (self->endpoint_row);
  g_autofree char *access_key = row_text_stripped (self->access_key_row);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  const char *problem;
  gboolean name_ok;
  gboolean testable = TRUE;

  problem = NULL;
  if (name[0] == '\0')
    problem = _("Name: required, how the connection appears in the list");
  else if (g_utf8_strlen (name, -1) > MAX_NAME)
    problem = _("Name: at most 128 characters");
  name_ok = problem == NULL;
  mark_row (GTK_WIDGET (self->name_row), row_touched (self->name_row) ? problem : NULL, connection);

  problem = endpoint[0] == '\0' || is_valid_endpoint (endpoint)
              ? NULL : _("Endpoint URL: an http:// or https:// URL with a host, e.g. "
                         "http://127.0.0.1:8080; leave empty for the region’s AWS endpoint");
  mark_row (GTK_WIDGET (self->endpoint_row), problem, connection);
  testable &= problem == NULL;

  problem = is_valid_access_key_id (access_key)
              ? NULL : _("Access key ID: 16–128 capital letters and digits, e.g. "
                         "AKIAIOSFODNN7EXAMPLE");
  testable &= problem == NULL;
  mark_row (GTK_WIDGET (self->access_key_row),
            row_touched (self->access_key_row) ? problem : NULL, keys);

  problem = NULL;
  if (secret[0] == '\0' && self->connection == NULL)
    problem = _("Secret access key: required");
  else if (has_whitespace (secret))
    problem = _("Secret access key: no spaces; paste the key exactly as AWS gave it");
  testable &= problem == NULL;
  mark_row (GTK_WIDGET (self->secret_row), row_touched (self->secret_row) ? problem : NULL, keys);

  problem = has_whitespace (token)
              ? _("Session token: no spaces; paste the token exactly as AWS gave it") : NULL;
  mark_row (GTK_WIDGET (self->token_row), problem, keys);
  testable &= problem == NULL;

  show_messages (self->connection_message, connection);
  show_messages (self->keys_message, keys);

  *can_save = testable && name_ok;

  return testable;
}

static void
glaux_connection_dialog_validate (GlauxConnectionDialog *self)
{
  gboolean can_save;
  gboolean testable;

  if (self->disposed)
    return;

  testable = check_fields (self, &can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", can_save && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.test",
                                 testable && !self->busy && self->test_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.remove",
                                 self->connection != NULL && !self->busy);
}

static void
set_busy (GlauxConnectionDialog *self,
          gboolean               busy)
{
  self->busy = !!busy;
  if (busy)
    glaux_ui_park_focus (GTK_WINDOW (self), GTK_WIDGET (self->cancel_button), &self->focus_before_busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_stack_set_visible_child_name (self->save_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->save_spinner, busy);
  glaux_connection_dialog_validate (self);

  if (!busy)
    glaux_ui_return_focus (&self->focus_before_busy);
}

static void
show_error (GlauxConnectionDialog *self,
            const char            *text)
{
  glaux_ui_set_error_card (self->error_label, GTK_WIDGET (self->error_group), self->error_revealer,
                           text);
}

static void
show_test_result (GlauxConnectionDialog *self,
                  const char            *text,
                  gboolean               success)
{
  gtk_label_set_text (self->test_result, text);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), text != NULL);
  if (success)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_result), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_result), "error");
    }
}

static void
set_testing (GlauxConnectionDialog *self,
             gboolean               testing)
{
  if (testing)
    self->test_cancellable = g_cancellable_new ();
  else
    g_clear_object (&self->test_cancellable);

  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_spinner_set_spinning (self->test_spinner, testing);
  glaux_connection_dialog_validate (self);
}

/* "Connected: 3 workgroups (primary, etl, adhoc)", the first few names only. */
static char *
format_workgroups (GPtrArray *workgroups)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (workgroups->len == 0)
    return g_strdup (_("Connected: no workgroups"));

  for (guint i = 0; i < workgroups->len && i < TEST_NAMES_SHOWN; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, glaux_workgroup_get_name (g_ptr_array_index (workgroups, i)));
    }
  if (workgroups->len > TEST_NAMES_SHOWN)
    g_string_append (names, ", …");

  return g_strdup_printf (ngettext ("Connected: %u workgroup (%s)",
                                    "Connected: %u workgroups (%s)", workgroups->len),
                          workgroups->len, names->str);
}

static void
list_work_groups_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GlauxConnectionDialog) self = user_data;
  g_autoptr(GPtrArray) workgroups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  workgroups = glaux_athena_client_list_work_groups_finish (GLAUX_ATHENA_CLIENT (object),
                                                            result, &error);
  if (self->disposed)
    return;

  set_testing (self, FALSE);
  if (workgroups == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  text = workgroups != NULL ? format_workgroups (workgroups) : glaux_ui_format_error (error);
  show_test_result (self, text, workgroups != NULL);
}

static void
test_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GlauxConnectionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GlauxAthenaClient *client;

  if (!glaux_connection_connect_finish (GLAUX_CONNECTION (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (self->disposed)
        return;
      set_testing (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          text = glaux_ui_format_error (error);
          show_test_result (self, text, FALSE);
        }
      return;
    }

  if (self->disposed)
    return;

  client = glaux_connection_get_athena_client (self->connection);
  glaux_athena_client_list_work_groups_async (client, 0, self->test_cancellable,
                                              list_work_groups_cb, g_object_ref (self));
}

/* A throw-away client built from what is typed; nothing is stored. */
static GlauxAthenaClient *
build_test_client (GlauxConnectionDialog  *self,
                   GError                **error)
{
  g_autofree char *region = selected_region (self);
  g_autofree char *endpoint = row_text_stripped (self->endpoint_row);
  g_autofree char *access_key = row_text_stripped (self->access_key_row);
  GlauxConnectionKeys keys = {
    .region = region,
    .access_key_id = access_key,
    .secret_access_key = (char *)gtk_editable_get_text (GTK_EDITABLE (self->secret_row)),
    .session_token = (char *)gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
    .endpoint_url = endpoint,
  };

  return glaux_connection_new_athena_client_for_keys (&keys, error);
}

static void
test_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GlauxConnectionDialog *self = GLAUX_CONNECTION_DIALOG (widget);
  g_autoptr(GlauxAthenaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));

  if (self->test_cancellable != NULL)
    return;

  show_test_result (self, NULL, FALSE);
  set_testing (self, TRUE);

  /* Editing with the secret left empty: the stored secret, through the connection itself. */
  if (self->connection != NULL && secret[0] == '\0')
    {
      glaux_connection_connect_async (self->connection, self->test_cancellable,
                                      test_connect_cb, g_object_ref (self));
      return;
    }

  client = build_test_client (self, &error);
  if (client == NULL)
    {
      g_autofree char *text = glaux_ui_format_error (error);

      set_testing (self, FALSE);
      show_test_result (self, text, FALSE);
      return;
    }

  glaux_athena_client_list_work_groups_async (client, 0, self->test_cancellable,
                                              list_work_groups_cb, g_object_ref (self));
}

static void
save_keys_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GlauxConnectionDialog) self = user_data;
  g_autoptr(GlauxConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = glaux_connection_list_save_keys_finish (GLAUX_CONNECTION_LIST (object),
                                                       result, &error);
  glaux_connection_keys_clear (&self->pending);
  if (self->disposed)
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (connection == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Cancelled. Nothing was saved."));
      else
        text = glaux_ui_format_error (error);
      show_error (self, text);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, connection);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GlauxConnectionDialog *self = GLAUX_CONNECTION_DIALOG (widget);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (self->busy)
    return;

  glaux_connection_keys_clear (&self->pending);
  self->pending.id = self->connection != NULL
                       ? g_strdup (glaux_connection_get_id (self->connection)) : NULL;
  self->pending.name = row_text_stripped (self->name_row);
  self->pending.region = selected_region (self);
  self->pending.access_key_id = row_text_stripped (self->access_key_row);
  self->pending.endpoint_url = row_text_stripped (self->endpoint_row);

  /* Editing: an empty secret keeps the stored secret and token. A new secret replaces the
   * token too, since a session token belongs to one key pair. */
  if (self->connection != NULL && secret[0] == '\0')
    {
      self->pending.secret_access_key = NULL;
      self->pending.session_token = token[0] != '\0' ? g_strdup (token) : NULL;
    }
  else
    {
      self->pending.secret_access_key = g_strdup (secret);
      if (token[0] != '\0')
        self->pending.session_token = g_strdup (token);
      else
        self->pending.session_token = self->connection != NULL ? g_strdup ("") : NULL;
    }

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  glaux_connection_list_save_keys_async (self->list, &self->pending, self->cancellable,
                                         save_keys_cb, g_object_ref (self));
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GlauxConnectionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_connection_list_remove_finish (GLAUX_CONNECTION_LIST (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (self->disposed)
        return;
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Cancelled. The connection may have been removed already."));
      else
        text = glaux_ui_format_error (error);
      show_error (self, text);
      return;
    }

  if (self->disposed)
    return;

  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[REMOVED], 0, self->connection);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
remove_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    GlauxConnectionDialog *self)
{
  if (!g_str_equal (response, "remove") || self->disposed || self->busy)
    return;

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  glaux_connection_list_remove_async (self->list, self->connection, self->cancellable,
                                      remove_cb, g_object_ref (self));
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlauxConnectionDialog *self = GLAUX_CONNECTION_DIALOG (widget);
  AdwMessageDialog *dialog;

  if (self->connection == NULL || self->busy)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"),
                                     glaux_connection_get_title (self->connection));
  adw_message_dialog_set_body (dialog, _("Glaux forgets this connection and deletes its keys "
                                         "from the keyring. Nothing changes on AWS."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Cancel stops a request under way (a test, a save) and keeps what was typed; otherwise it
 * closes. */
static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlauxConnectionDialog *self = GLAUX_CONNECTION_DIALOG (widget);

  if (self->cancellable != NULL || self->test_cancellable != NULL)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      if (self->test_cancellable != NULL)
        g_cancellable_cancel (self->test_cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
fill_regions (GlauxConnectionDialog *self,
              const char            *region)
{
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (spark_regions); i++)
    {
      gtk_string_list_append (self->regions, spark_regions[i]);
      found |= g_strcmp0 (region, spark_regions[i]) == 0;
    }
  /* A region outside the list (another partition, a new region) is kept, not replaced. */
  if (!found && region != NULL && region[0] != '\0')
    gtk_string_list_append (self->regions, region);

  if (region == NULL || region[0] == '\0')
    region = DEFAULT_REGION;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->regions)); i++)
    {
      if (g_str_equal (gtk_string_list_get_string (self->regions, i), region))
        adw_combo_row_set_selected (self->region_row, i);
    }
}

static void
glaux_connection_dialog_constructed (GObject *object)
{
  GlauxConnectionDialog *self = (GlauxConnectionDialog *)object;

  G_OBJECT_CLASS (glaux_connection_dialog_parent_class)->constructed (object);

  g_assert (GLAUX_IS_CONNECTION_LIST (self->list));

  if (self->connection == NULL)
    {
      fill_regions (self, NULL);
      glaux_connection_dialog_validate (self);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Connection"));
  gtk_label_set_text_with_mnemonic (self->save_label, _("_Save"));
  fill_regions (self, glaux_connection_get_region (self->connection));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         glaux_connection_get_title (self->connection) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->access_key_row),
                         glaux_connection_get_access_key_id (self->connection) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row),
                         glaux_connection_get_endpoint_url (self->connection) ?: "");
  adw_preferences_group_set_description (self->keys_group,
                                         _("Leave empty to keep the stored secret. A new secret "
                                           "replaces the stored session token as well."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 _("Secret access key (leave empty to keep the stored secret)"));
  gtk_widget_set_visible (GTK_WIDGET (self->remove_group), TRUE);
  glaux_connection_dialog_validate (self);
}

static void
glaux_connection_dialog_dispose (GObject *object)
{
  GlauxConnectionDialog *self = (GlauxConnectionDialog *)object;

  self->disposed = TRUE;
  g_clear_weak_pointer (&self->focus_before_busy);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_CONNECTION_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (glaux_connection_dialog_parent_class)->dispose (object);
}

static void
glaux_connection_dialog_finalize (GObject *object)
{
  GlauxConnectionDialog *self = (GlauxConnectionDialog *)object;

  glaux_connection_keys_clear (&self->pending);

  G_OBJECT_CLASS (glaux_connection_dialog_parent_class)->finalize (object);
}

static void
glaux_connection_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GlauxConnectionDialog *self = GLAUX_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_connection_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GlauxConnectionDialog *self = GLAUX_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_connection_dialog_class_init (GlauxConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = glaux_connection_dialog_constructed;
  object_class->dispose = glaux_connection_dialog_dispose;
  object_class->finalize = glaux_connection_dialog_finalize;
  object_class->get_property = glaux_connection_dialog_get_property;
  object_class->set_property = glaux_connection_dialog_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, GLAUX_TYPE_CONNECTION_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, GLAUX_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxConnectionDialog::saved:
   * @connection: the connection added or updated
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLAUX_TYPE_CONNECTION);

  /**
   * GlauxConnectionDialog::removed:
   * @connection: the connection removed from the list
   */
  signals[REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLAUX_TYPE_CONNECTION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, connection_message);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, keys_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, keys_message);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, page);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, regions);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, remove_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, save_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, save_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, test_result);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionDialog, token_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.test", NULL, test_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.remove", NULL, remove_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.cancel", NULL);
}

static void
glaux_connection_dialog_init (GlauxConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.test", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.remove", FALSE);

  g_signal_connect_swapped (self->name_row, "changed",
                            G_CALLBACK (glaux_connection_dialog_validate), self);
  g_signal_connect_swapped (self->endpoint_row, "changed",
                            G_CALLBACK (glaux_connection_dialog_validate), self);
  g_signal_connect_swapped (self->access_key_row, "changed",
                            G_CALLBACK (glaux_connection_dialog_validate), self);
  g_signal_connect_swapped (self->secret_row, "changed",
                            G_CALLBACK (glaux_connection_dialog_validate), self);
  g_signal_connect_swapped (self->token_row, "changed",
                            G_CALLBACK (glaux_connection_dialog_validate), self);
  g_signal_connect_swapped (self->region_row, "notify::selected",
                            G_CALLBACK (glaux_connection_dialog_validate), self);
}

/**
 * glaux_connection_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @list: the connection list that stores the result
 * @connection: (nullable): a connection with typed keys to edit, or %NULL to add one
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
GlauxConnectionDialog *
glaux_connection_dialog_new (GtkWindow           *parent,
                             GlauxConnectionList *list,
                             GlauxConnection     *connection)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (list), NULL);
  g_return_val_if_fail (!connection || GLAUX_IS_CONNECTION (connection), NULL);

  return g_object_new (GLAUX_TYPE_CONNECTION_DIALOG,
                       "transient-for", parent,
                       "list", list,
                       "connection", connection,
                       NULL);
}
