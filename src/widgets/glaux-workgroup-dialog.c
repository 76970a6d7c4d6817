/* glaux-workgroup-dialog.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-workgroup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-s3-uri.h"
#include "glaux-ui-util.h"
#include "glaux-workgroup-dialog.h"

#define DEFAULT_ENGINE      "PySpark engine version 3"
#define DEFAULT_MAX_DPUS    20
#define ROLE_ARN_PATTERN    "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$"
#define MAX_DESCRIPTION     1024
#define MAX_KMS_KEY         2048

struct _GlauxWorkgroupDialog
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  GtkButton            *cancel_button;
  AdwEntryRow          *description_row;
  AdwActionRow         *dpus_row;
  GtkSpinButton        *dpus_spin;
  AdwActionRow         *enabled_row;
  GtkSwitch            *enabled_switch;
  AdwComboRow          *encryption_row;
  GtkStringList        *encryptions;
  AdwComboRow          *engine_row;
  GtkSpinner           *engine_spinner;
  GtkStringList        *engines;
  AdwPreferencesGroup  *error_group;
  GtkLabel             *error_label;
  GtkRevealer          *error_revealer;
  GtkLabel             *general_message;
  AdwEntryRow          *kms_key_row;
  AdwEntryRow          *location_row;
  AdwEntryRow          *name_row;
  AdwPreferencesPage   *page;
  GtkLabel             *results_message;
  AdwEntryRow          *role_row;
  GtkButton            *save_button;
  GtkLabel             *save_label;
  GtkSpinner           *save_spinner;
  GtkStack             *save_stack;
  GtkLabel             *spark_message;

  /* Borrowed References */
  GtkWidget            *focus_before_busy; /* weak */

  /* Owned References */
  GlauxConnection      *connection;
  GlauxWorkgroup       *workgroup;     /* NULL: create */
  GCancellable         *cancellable;   /* the save request */
  GCancellable         *load_cancellable;
  char                 *engine_error;  /* why the engine list is missing */
  char                 *location_base; /* LOCAL: where the default result location goes */
  char                 *auto_location; /* the last default written into the location row */

  guint                 engines_loading : 1;
  guint                 busy : 1;
  guint                 disposed : 1;
};

G_DEFINE_FINAL_TYPE (GlauxWorkgroupDialog, glaux_workgroup_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_WORKGROUP,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Positions of the encryption combo; a fourth (CSE_KMS) is added for workgroups that use it. */
static const char * const encryption_options[] = { NULL, "SSE_S3", "SSE_KMS", "CSE_KMS" };

static void glaux_workgroup_dialog_validate (GlauxWorkgroupDialog *self);

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
row_text_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

static gboolean
is_local (GlauxWorkgroupDialog *self)
{
  return glaux_connection_get_kind (self->connection) == GLAUX_CONNECTION_KIND_LOCAL;
}

/* Marks @row invalid (error style, tooltip, accessible description) and collects @message for
 * the group's message label; @message NULL clears the row. */
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
is_valid_name (const char *name)
{
  gsize length = strlen (name);

  if (length < 1 || length > 128)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_role_arn (const char *arn)
{
  gsize length = strlen (arn);

  return length >= 20 && length <= 2048
         && g_regex_match_simple (ROLE_ARN_PATTERN, arn, 0, 0);
}

/* A result location must be an S3 URI naming a folder: s3://bucket/ or s3://bucket/prefix/. */
static char *
check_location (const char *text)
{
  g_autoptr(GlauxS3Uri) uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = glaux_s3_uri_parse (text, FALSE, &error);
  if (uri == NULL)
    return g_strdup_printf (_("Result location: %s. Use s3://bucket/prefix/"), error->message);
  if (!glaux_s3_validate_bucket_name (uri->bucket, &error))
    return g_strdup_printf (_("Result location: %s"), error->message);
  if (uri->key[0] != '\0' && !g_str_has_suffix (uri->key, "/"))
    return g_strdup (_("Result location: must end with “/” (a folder), e.g. s3://bucket/prefix/"));
  if (strlen (text) > 1024)
    return g_strdup (_("Result location: at most 1024 characters"));

  return NULL;
}

static const char *
selected_encryption (GlauxWorkgroupDialog *self)
{
  guint position = adw_combo_row_get_selected (self->encryption_row);

  if (position >= G_N_ELEMENTS (encryption_options))
    return NULL;

  return encryption_options[position];
}

static char *
selected_engine (GlauxWorkgroupDialog *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->engine_row);

  return item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

static gboolean
encryption_needs_key (const char *option)
{
  return g_strcmp0 (option, "SSE_KMS") == 0 || g_strcmp0 (option, "CSE_KMS") == 0;
}

/* Fills @params with what the form says: everything for CreateWorkGroup, only the changes for
 * UpdateWorkGroup. Returns FALSE when an update would change nothing. */
static gboolean
collect_params (GlauxWorkgroupDialog *self,
                GlauxWorkgroupParams *params)
{
  g_autofree char *description = row_text_stripped (self->description_row);
  g_autofree char *location = row_text_stripped (self->location_row);
  g_autofree char *role = row_text_stripped (self->role_row);
  g_autofree char *kms_key = row_text_stripped (self->kms_key_row);
  const char *encryption = selected_encryption (self);
  int dpus = gtk_spin_button_get_value_as_int (self->dpus_spin);
  int old_dpus = DEFAULT_MAX_DPUS;
  gboolean changed = FALSE;

  if (!encryption_needs_key (encryption))
    g_clear_pointer (&kms_key, g_free);

  if (self->workgroup == NULL)
    {
      params->description = description[0] != '\0' ? g_steal_pointer (&description) : NULL;
      params->selected_engine_version = selected_engine (self);
      params->output_location = location[0] != '\0' ? g_steal_pointer (&location) : NULL;
      params->execution_role = role[0] != '\0' ? g_steal_pointer (&role) : NULL;
      params->result_encryption_option = g_strdup (encryption);
      params->result_kms_key = g_steal_pointer (&kms_key);
      params->max_concurrent_dpus = dpus;
      return TRUE;
    }

  /* A workgroup without a default shows (and uses) 20: keeping it is no change. */
  if (glaux_workgroup_get_default_max_concurrent_dpus (self->workgroup) > 0)
    old_dpus = glaux_workgroup_get_default_max_concurrent_dpus (self->workgroup);

  if (g_strcmp0 (description, glaux_workgroup_get_description (self->workgroup) ?: "") != 0)
    {
      params->description = g_steal_pointer (&description);
      changed = TRUE;
    }
  if (g_strcmp0 (location, glaux_workgroup_get_output_location (self->workgroup) ?: "") != 0)
    {
      params->output_location = g_steal_pointer (&location);
      changed = TRUE;
    }
  if (role[0] != '\0'
      && g_strcmp0 (role, glaux_workgroup_get_execution_role (self->workgroup)) != 0)
    {
      params->execution_role = g_steal_pointer (&role);
      changed = TRUE;
    }
  /* The option and its key travel together: EncryptionConfiguration replaces both. */
  if (g_strcmp0 (encryption, glaux_workgroup_get_result_encryption_option (self->workgroup)) != 0
      || g_strcmp0 (kms_key, glaux_workgroup_get_result_kms_key (self->workgroup)) != 0)
    {
      params->result_encryption_option = g_strdup (encryption != NULL ? encryption : "");
      params->result_kms_key = g_steal_pointer (&kms_key);
      changed = TRUE;
    }
  if (dpus != old_dpus)
    {
      params->max_concurrent_dpus = dpus;
      changed = TRUE;
    }
  if (gtk_switch_get_active (self->enabled_switch)
      != (glaux_workgroup_get_state (self->workgroup) != GLAUX_WORKGROUP_STATE_DISABLED))
    {
      params->state = gtk_switch_get_active (self->enabled_switch)
                        ? GLAUX_WORKGROUP_STATE_ENABLED : GLAUX_WORKGROUP_STATE_DISABLED;
      changed = TRUE;
    }

  return changed;
}

static void
glaux_workgroup_dialog_validate (GlauxWorkgroupDialog *self)
{
  g_autoptr(GString) general = g_string_new (NULL);
  g_autoptr(GString) results = g_string_new (NULL);
  g_autoptr(GString) spark = g_string_new (NULL);
  g_autofree char *name = row_text_stripped (self->name_row);
  g_autofree char *description = row_text_stripped (self->description_row);
  g_autofree char *location = row_text_stripped (self->location_row);
  g_autofree char *location_problem = NULL;
  g_autofree char *role = row_text_stripped (self->role_row);
  g_autofree char *kms_key = row_text_stripped (self->kms_key_row);
  g_autofree char *engine = selected_engine (self);
  const char *encryption = selected_encryption (self);
  const char *old_role = self->workgroup != NULL
                           ? glaux_workgroup_get_execution_role (self->workgroup) : NULL;
  const char *old_location = self->workgroup != NULL
                               ? glaux_workgroup_get_output_location (self->workgroup) : NULL;
  gboolean valid = TRUE;
  const char *problem;

  if (self->disposed)
    return;

  /* Name */
  problem = is_valid_name (name) ? NULL : _("Name: 1–128 characters of letters, digits, . - _");
  valid &= problem == NULL;
  mark_row (GTK_WIDGET (self->name_row), row_touched (self->name_row) ? problem : NULL, general);

  problem = g_utf8_strlen (description, -1) <= MAX_DESCRIPTION
              ? NULL : _("Description: at most 1024 characters");
  mark_row (GTK_WIDGET (self->description_row), problem, general);
  valid &= problem == NULL;

  /* Engine: only new workgroups pick one, from the list the service gave. */
  problem = NULL;
  if (self->workgroup == NULL)
    {
      if (self->engine_error != NULL)
        problem = self->engine_error;
      else if (engine == NULL && !self->engines_loading)
        problem = _("Engine version: this connection offers no Spark engine");
      valid &= engine != NULL;
    }
  mark_row (GTK_WIDGET (self->engine_row), problem, general);

  /* Result location: required, except for a workgroup that never had one. */
  if (location[0] != '\0')
    location_problem = check_location (location);
  else if (self->workgroup == NULL || (old_location != NULL && old_location[0] != '\0'))
    location_problem = g_strdup (_("Result location: required, an S3 folder like s3://bucket/prefix/"));
  valid &= location_problem == NULL;
  mark_row (GTK_WIDGET (self->location_row),
            row_touched (self->location_row) ? location_problem : NULL, results);

  problem = NULL;
  if (encryption_needs_key (encryption))
    {
      if (kms_key[0] == '\0')
        problem = _("KMS key: required for SSE-KMS (a key ARN, alias ARN, alias/name or key ID)");
      else if (strlen (kms_key) > MAX_KMS_KEY)
        problem = _("KMS key: at most 2048 characters");
    }
  mark_row (GTK_WIDGET (self->kms_key_row), problem, results);
  valid &= problem == NULL;

  /* Execution role: AWS needs one for Spark; glaux-local runs without. A role can be replaced
   * but UpdateWorkGroup has no way to remove it. */
  problem = NULL;
  if (role[0] != '\0')
    {
      if (!is_valid_role_arn (role))
        problem = _("Execution role: an IAM role ARN like arn:aws:iam::123456789012:role/name");
    }
  else if (old_role != NULL && old_role[0] != '\0')
    problem = _("Execution role: required; a workgroup’s role can be replaced, not removed");
  else if (!is_local (self))
    problem = _("Execution role: required by AWS for Spark workgroups (an IAM role ARN)");
  valid &= problem == NULL;
  mark_row (GTK_WIDGET (self->role_row), row_touched (self->role_row) ? problem : NULL, spark);

  show_messages (self->general_message, general);
  show_messages (self->results_message, results);
  show_messages (self->spark_message, spark);

  if (valid && self->workgroup != NULL)
    {
      g_autoptr(GlauxWorkgroupParams) params = glaux_workgroup_params_new (NULL);

      /* Nothing to send: Save stays off until something changes. */
      valid = collect_params (self, params);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", valid && !self->busy);
}

static void
set_busy (GlauxWorkgroupDialog *self,
          gboolean              busy)
{
  self->busy = !!busy;
  if (busy)
    glaux_ui_park_focus (GTK_WINDOW (self), GTK_WIDGET (self->cancel_button), &self->focus_before_busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_stack_set_visible_child_name (self->save_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->save_spinner, busy);
  glaux_workgroup_dialog_validate (self);

  if (!busy)
    glaux_ui_return_focus (&self->focus_before_busy);
}

static void
show_error (GlauxWorkgroupDialog *self,
            const char           *text)
{
  glaux_ui_set_error_card (self->error_label, GTK_WIDGET (self->error_group), self->error_revealer,
                           text);
}

/* LOCAL connections get a result location next to the primary workgroup's, following the
 * name as it is typed until the user edits the location. */
static void
update_default_location (GlauxWorkgroupDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;

  if (self->location_base == NULL || self->workgroup != NULL)
    return;
  if (self->auto_location != NULL
      ? g_strcmp0 (row_text (self->location_row), self->auto_location) != 0
      : row_text (self->location_row)[0] != '\0')
    return;

  /* An invalid name would only make a second error; the location waits for a valid one. */
  name = row_text_stripped (self->name_row);
  if (name[0] != '\0' && !is_valid_name (name))
    return;
  location = name[0] != '\0' ? g_strconcat (self->location_base, name, "/", NULL) : g_strdup ("");
  g_free (self->auto_location);
  self->auto_location = g_strdup (location);
  gtk_editable_set_text (GTK_EDITABLE (self->location_row), location);
}

static void
name_changed_cb (GlauxWorkgroupDialog *self)
{
  update_default_location (self);
  glaux_workgroup_dialog_validate (self);
}

static void
encryption_changed_cb (GlauxWorkgroupDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->kms_key_row),
                          encryption_needs_key (selected_encryption (self)));
  glaux_workgroup_dialog_validate (self);
}

/* Engine versions: the Spark ones of ListEngineVersions, "PySpark engine version 3" first
 * choice. */
static void
list_engine_versions_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GlauxWorkgroupDialog) self = user_data;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  guint preferred = GTK_INVALID_LIST_POSITION;

  versions = glaux_athena_client_list_engine_versions_finish (GLAUX_ATHENA_CLIENT (object),
                                                              result, &error);
  if (self->disposed)
    return;

  self->engines_loading = FALSE;
  gtk_spinner_set_spinning (self->engine_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->engine_spinner), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->engine_row), NULL);

  if (versions == NULL)
    {
      g_autofree char *text = glaux_ui_format_error (error);

      g_free (self->engine_error);
      self->engine_error = g_strdup_printf (_("Engine version: the list could not be loaded "
                                              "(%s). Close the dialog and try again."), text);
      glaux_workgroup_dialog_validate (self);
      return;
    }

  for (guint i = 0; i < versions->len; i++)
    {
      GlauxEngineVersion *version = g_ptr_array_index (versions, i);
      g_autofree char *lower = NULL;

      if (version->selected == NULL)
        continue;
      lower = g_ascii_strdown (version->selected, -1);
      if (strstr (lower, "spark") == NULL)
        continue;
      if (g_str_equal (version->selected, DEFAULT_ENGINE))
        preferred = g_list_model_get_n_items (G_LIST_MODEL (self->engines));
      gtk_string_list_append (self->engines, version->selected);
    }

  if (preferred != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->engine_row, preferred);
  gtk_widget_set_sensitive (GTK_WIDGET (self->engine_row),
                            g_list_model_get_n_items (G_LIST_MODEL (self->engines)) > 1);
  glaux_workgroup_dialog_validate (self);
}

static void
get_primary_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlauxWorkgroupDialog) self = user_data;
  g_autoptr(GlauxWorkgroup) primary = NULL;
  const char *location;

  /* Only a default: when the primary workgroup cannot be read, the row stays empty. */
  primary = glaux_athena_client_get_work_group_finish (GLAUX_ATHENA_CLIENT (object), result, NULL);
  if (self->disposed || primary == NULL)
    return;

  location = glaux_workgroup_get_output_location (primary);
  if (location == NULL || !g_str_has_suffix (location, "/"))
    return;

  /* s3://bucket/primary/ → s3://bucket/<name>/ */
  if (g_str_has_suffix (location, "/primary/"))
    self->location_base = g_strndup (location, strlen (location) - strlen ("primary/"));
  else
    self->location_base = g_strdup (location);
  update_default_location (self);
  glaux_workgroup_dialog_validate (self);
}

static void
start_loading (GlauxWorkgroupDialog *self)
{
  GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);

  if (client == NULL)
    {
      const GError *error = glaux_connection_get_error (self->connection);
      g_autofree char *text = error != NULL ? glaux_ui_format_error (error) : NULL;

      self->engines_loading = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->engine_spinner), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->engine_row), NULL);
      self->engine_error = g_strdup_printf (_("Engine version: the connection is not ready (%s)"),
                                            text != NULL ? text : _("not connected"));
      glaux_workgroup_dialog_validate (self);
      return;
    }

  glaux_athena_client_list_engine_versions_async (client, 0, self->load_cancellable,
                                                  list_engine_versions_cb, g_object_ref (self));
  if (is_local (self))
    glaux_athena_client_get_work_group_async (client, "primary", NULL, self->load_cancellable,
                                              get_primary_cb, g_object_ref (self));
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GlauxWorkgroupDialog) self = user_data;

  /* The error, if any, is the connection's own; start_loading reports it. */
  glaux_connection_connect_finish (GLAUX_CONNECTION (object), result, NULL);
  if (!self->disposed)
    start_loading (self);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GlauxWorkgroupDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean ok;

  if (self->workgroup == NULL)
    ok = glaux_athena_client_create_work_group_finish (GLAUX_ATHENA_CLIENT (object), result, &error);
  else
    ok = glaux_athena_client_update_work_group_finish (GLAUX_ATHENA_CLIENT (object), result, &error);

  if (self->disposed)
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (!ok)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Cancelled. The service may still have carried out the request."));
      else
        text = glaux_ui_format_error (error);
      show_error (self, text);
      return;
    }

  name = row_text_stripped (self->name_row);
  g_signal_emit (self, signals[SAVED], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GlauxWorkgroupDialog *self = GLAUX_WORKGROUP_DIALOG (widget);
  g_autoptr(GlauxWorkgroupParams) params = NULL;
  g_autofree char *name = NULL;
  GlauxAthenaClient *client;

  if (self->busy)
    return;

  client = glaux_connection_get_athena_client (self->connection);
  if (client == NULL)
    {
      show_error (self, _("The connection is not ready. Close the dialog, check the connection, "
                          "and try again."));
      return;
    }

  name = row_text_stripped (self->name_row);
  params = glaux_workgroup_params_new (name);
  collect_params (self, params);

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  if (self->workgroup == NULL)
    glaux_athena_client_create_work_group_async (client, params, self->cancellable,
                                                 save_cb, g_object_ref (self));
  else
    glaux_athena_client_update_work_group_async (client, params, self->cancellable,
                                                 save_cb, g_object_ref (self));
}

/* Cancel stops a request under way and keeps what was typed; otherwise it closes. */
static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlauxWorkgroupDialog *self = GLAUX_WORKGROUP_DIALOG (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
fill_from_workgroup (GlauxWorkgroupDialog *self)
{
  GlauxWorkgroup *workgroup = self->workgroup;
  const char *engine = glaux_workgroup_get_selected_engine_version (workgroup);
  const char *encryption = glaux_workgroup_get_result_encryption_option (workgroup);
  int dpus = glaux_workgroup_get_default_max_concurrent_dpus (workgroup);

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Workgroup"));
  gtk_label_set_text_with_mnemonic (self->save_label, _("_Save"));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), glaux_workgroup_get_name (workgroup));
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         glaux_workgroup_get_description (workgroup) ?: "");

  /* A workgroup cannot switch engine generations: show it, read-only. */
  if (engine == NULL || g_str_equal (engine, "AUTO"))
    engine = glaux_workgroup_get_effective_engine_version (workgroup);
  gtk_string_list_append (self->engines, engine != NULL ? engine : _("Unknown"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->engine_row), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->location_row),
                         glaux_workgroup_get_output_location (workgroup) ?: "");
  if (g_strcmp0 (encryption, "CSE_KMS") == 0)
    gtk_string_list_append (self->encryptions, _("CSE-KMS (client-side, a KMS key)"));
  for (guint i = 0; i < G_N_ELEMENTS (encryption_options); i++)
    {
      if (g_strcmp0 (encryption, encryption_options[i]) == 0)
        adw_combo_row_set_selected (self->encryption_row, i);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->kms_key_row),
                         glaux_workgroup_get_result_kms_key (workgroup) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->role_row),
                         glaux_workgroup_get_execution_role (workgroup) ?: "");
  gtk_spin_button_set_value (self->dpus_spin, dpus > 0 ? dpus : DEFAULT_MAX_DPUS);

  gtk_widget_set_visible (GTK_WIDGET (self->enabled_row), TRUE);
  gtk_switch_set_active (self->enabled_switch,
                         glaux_workgroup_get_state (workgroup) != GLAUX_WORKGROUP_STATE_DISABLED);
}

static void
glaux_workgroup_dialog_constructed (GObject *object)
{
  GlauxWorkgroupDialog *self = (GlauxWorkgroupDialog *)object;

  G_OBJECT_CLASS (glaux_workgroup_dialog_parent_class)->constructed (object);

  g_assert (GLAUX_IS_CONNECTION (self->connection));

  if (self->workgroup != NULL)
    {
      fill_from_workgroup (self);
    }
  else
    {
      self->engines_loading = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->engine_spinner), TRUE);
      gtk_spinner_set_spinning (self->engine_spinner, TRUE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->engine_row),
                                   _("Loading engine versions…"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->engine_row), FALSE);

      if (glaux_connection_get_athena_client (self->connection) != NULL)
        start_loading (self);
      else
        glaux_connection_connect_async (self->connection, self->load_cancellable,
                                        connect_cb, g_object_ref (self));
    }

  encryption_changed_cb (self);
}

static void
glaux_workgroup_dialog_dispose (GObject *object)
{
  GlauxWorkgroupDialog *self = (GlauxWorkgroupDialog *)object;

  self->disposed = TRUE;
  g_clear_weak_pointer (&self->focus_before_busy);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_WORKGROUP_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->workgroup);

  G_OBJECT_CLASS (glaux_workgroup_dialog_parent_class)->dispose (object);
}

static void
glaux_workgroup_dialog_finalize (GObject *object)
{
  GlauxWorkgroupDialog *self = (GlauxWorkgroupDialog *)object;

  g_free (self->engine_error);
  g_free (self->location_base);
  g_free (self->auto_location);

  G_OBJECT_CLASS (glaux_workgroup_dialog_parent_class)->finalize (object);
}

static void
glaux_workgroup_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GlauxWorkgroupDialog *self = GLAUX_WORKGROUP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_WORKGROUP:
      g_value_set_object (value, self->workgroup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_workgroup_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GlauxWorkgroupDialog *self = GLAUX_WORKGROUP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_WORKGROUP:
      self->workgroup = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_workgroup_dialog_class_init (GlauxWorkgroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = glaux_workgroup_dialog_constructed;
  object_class->dispose = glaux_workgroup_dialog_dispose;
  object_class->finalize = glaux_workgroup_dialog_finalize;
  object_class->get_property = glaux_workgroup_dialog_get_property;
  object_class->set_property = glaux_workgroup_dialog_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, GLAUX_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WORKGROUP] =
    g_param_spec_object ("workgroup", NULL, NULL, GLAUX_TYPE_WORKGROUP,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxWorkgroupDialog::saved:
   * @name: the workgroup created or updated
   *
   * Emitted once the service accepted the request, just before the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-workgroup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, dpus_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, dpus_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, enabled_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, encryption_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, encryptions);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, engine_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, engine_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, engines);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, general_message);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, kms_key_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, page);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, results_message);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, save_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, save_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupDialog, spark_message);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.cancel", NULL);
}

/* Enter in a spin button saves too, as it does in the entry rows. */
static void
spin_activates_default (GtkSpinButton *spin)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (spin));

  if (GTK_IS_TEXT (delegate))
    gtk_text_set_activates_default (GTK_TEXT (delegate), TRUE);
}

static void
glaux_workgroup_dialog_init (GlauxWorkgroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->load_cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  spin_activates_default (self->dpus_spin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect_swapped (self->description_row, "changed",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
  g_signal_connect_swapped (self->location_row, "changed",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
  g_signal_connect_swapped (self->role_row, "changed",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
  g_signal_connect_swapped (self->kms_key_row, "changed",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
  g_signal_connect_swapped (self->engine_row, "notify::selected",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
  g_signal_connect_swapped (self->encryption_row, "notify::selected",
                            G_CALLBACK (encryption_changed_cb), self);
  g_signal_connect_swapped (self->dpus_spin, "value-changed",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
  g_signal_connect_swapped (self->enabled_switch, "notify::active",
                            G_CALLBACK (glaux_workgroup_dialog_validate), self);
}

/**
 * glaux_workgroup_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @connection: where the workgroup lives
 * @workgroup: (nullable): the workgroup to edit, or %NULL to create one
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
GlauxWorkgroupDialog *
glaux_workgroup_dialog_new (GtkWindow       *parent,
                            GlauxConnection *connection,
                            GlauxWorkgroup  *workgroup)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (!workgroup || GLAUX_IS_WORKGROUP (workgroup), NULL);

  return g_object_new (GLAUX_TYPE_WORKGROUP_DIALOG,
                       "transient-for", parent,
                       "connection", connection,
                       "workgroup", workgroup,
                       NULL);
}
