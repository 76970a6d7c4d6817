/* glaux-start-session-dialog.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-start-session-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-cost-model.h"
#include "glaux-start-session-dialog.h"
#include "glaux-ui-util.h"

#define DEFAULT_MAX_DPUS      20
#define COORDINATOR_DPUS      1
#define MAX_DESCRIPTION       255
#define MAX_PROPERTY_KEY      255
#define MAX_PROPERTY_VALUE    51200

struct _GlauxStartSessionDialog
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  GtkButton            *add_property_button;
  GtkButton            *cancel_button;
  AdwEntryRow          *description_row;
  AdwActionRow         *dpus_row;
  GtkSpinButton        *dpus_spin;
  AdwPreferencesGroup  *error_group;
  GtkLabel             *error_label;
  GtkRevealer          *error_revealer;
  AdwPreferencesGroup  *estimate_group;
  GtkLabel             *idle_cost_label;
  AdwActionRow         *idle_row;
  GtkSpinButton        *idle_spin;
  GtkLabel             *max_cost_label;
  GtkLabel             *max_dpus_label;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *properties_group;
  GtkLabel             *properties_message;
  GtkButton            *save_button;
  GtkLabel             *save_label;
  GtkSpinner           *save_spinner;
  GtkStack             *save_stack;
  GtkLabel             *session_message;
  GtkLabel             *start_cost_label;
  GtkLabel             *start_dpus_label;
  AdwComboRow          *workgroup_row;

  /* Borrowed References */
  GtkWidget            *focus_before_busy; /* weak */
  GPtrArray            *property_rows; /* AdwPreferencesRow, owned by properties_group */

  /* Owned References */
  GlauxConnection      *connection;
  GListModel           *workgroups;
  GtkFilterListModel   *spark_workgroups;
  GCancellable         *cancellable;
  char                 *initial_workgroup;

  guint                 busy : 1;
  guint                 disposed : 1;
  guint                 dpus_edited : 1;
  guint                 setting_dpus : 1;
};

G_DEFINE_FINAL_TYPE (GlauxStartSessionDialog, glaux_start_session_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_WORKGROUPS,
  PROP_WORKGROUP,
  N_PROPS
};

enum {
  STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void glaux_start_session_dialog_validate (GlauxStartSessionDialog *self);

static GlauxWorkgroup *
selected_workgroup (GlauxStartSessionDialog *self)
{
  return adw_combo_row_get_selected_item (self->workgroup_row);
}

static void
mark_widget (GtkWidget  *widget,
             const char *message,
             GString    *messages)
{
  if (message == NULL)
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  gtk_widget_add_css_class (widget, "error");
  gtk_widget_set_tooltip_text (widget, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
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

static GtkEditable *
property_key (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "glaux-key");
}

static GtkEditable *
property_value (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "glaux-value");
}

/* Validates the property rows; fills @spark_properties (if given) with the non-blank ones. */
static gboolean
check_properties (GlauxStartSessionDialog *self,
                  GString                 *messages,
                  GHashTable              *spark_properties)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean valid = TRUE;

  for (guint i = 0; i < self->property_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->property_rows, i);
      const char *key = gtk_editable_get_text (property_key (row));
      const char *value = gtk_editable_get_text (property_value (row));
      g_autofree char *key_problem = NULL;
      g_autofree char *value_problem = NULL;

      /* A row left blank is ignored rather than refused. */
      if (key[0] == '\0' && value[0] == '\0')
        {
          mark_widget (GTK_WIDGET (property_key (row)), NULL, messages);
          mark_widget (GTK_WIDGET (property_value (row)), NULL, messages);
          continue;
        }

      if (key[0] == '\0')
        key_problem = g_strdup (_("Property key: required when a value is given"));
      else if (g_utf8_strlen (key, -1) > MAX_PROPERTY_KEY)
        key_problem = g_strdup (_("Property key: at most 255 characters"));
      else if (g_hash_table_contains (seen, key))
        key_problem = g_strdup_printf (_("Property key: “%s” is given twice; keys must be unique"),
                                       key);
      if (g_utf8_strlen (value, -1) > MAX_PROPERTY_VALUE)
        value_problem = g_strdup_printf (_("Property value of “%s”: at most 51200 characters"), key);

      mark_widget (GTK_WIDGET (property_key (row)), key_problem, messages);
      mark_widget (GTK_WIDGET (property_value (row)), value_problem, messages);
      valid &= key_problem == NULL && value_problem == NULL;

      g_hash_table_add (seen, (gpointer)key);
      if (spark_properties != NULL)
        g_hash_table_insert (spark_properties, g_strdup (key), g_strdup (value));
    }

  return valid;
}

/* The live estimate, from the cost model and the connection's region. */
static void
update_estimate (GlauxStartSessionDialog *self)
{
  GlauxCostModel *model = glaux_cost_model_get_default ();
  const char *region = glaux_connection_get_region (self->connection);
  const char *connection_id = glaux_connection_get_id (self->connection);
  GlauxSessionEstimate estimate;
  g_autofree char *price_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *start_dpus = NULL;
  g_autofree char *max_dpus = NULL;
  g_autofree char *start_cost = NULL;
  g_autofree char *max_cost = NULL;
  g_autofree char *idle_cost = NULL;
  gboolean is_estimate = FALSE;
  gboolean is_override = FALSE;
  double price;

  if (self->disposed)
    return;

  price = glaux_cost_model_get_price_for_connection (model, connection_id, region, &is_estimate,
                                                     &is_override);
  glaux_cost_model_estimate_session (model, connection_id, region, COORDINATOR_DPUS,
                                     gtk_spin_button_get_value_as_int (self->dpus_spin),
                                     gtk_spin_button_get_value_as_int (self->idle_spin),
                                     &estimate);

  start_dpus = g_strdup_printf ("%d", estimate.dpus_at_start);
  max_dpus = g_strdup_printf ("%d", estimate.dpus_at_max);
  start_cost = glaux_cost_model_format_amount (estimate.cost_per_hour_at_start);
  max_cost = glaux_cost_model_format_amount (estimate.cost_per_hour_at_max);
  idle_cost = glaux_cost_model_format_amount (estimate.cost_if_idle_until_timeout);
  gtk_label_set_text (self->start_dpus_label, start_dpus);
  gtk_label_set_text (self->max_dpus_label, max_dpus);
  gtk_label_set_text (self->start_cost_label, start_cost);
  gtk_label_set_text (self->max_cost_label, max_cost);
  gtk_label_set_text (self->idle_cost_label, idle_cost);

  price_text = glaux_cost_model_format_amount (price);
  if (is_override)
    /* Translators: "Estimate at $0.30 per DPU-hour, your price for this connection" */
    note = g_strdup_printf (_("Estimate at %s per DPU-hour, your price for this connection"),
                            price_text);
  else if (is_estimate)
    /* Translators: "Estimate at $0.35 per DPU-hour for us-east-1 (not a published price)" */
    note = g_strdup_printf (_("Estimate at %s per DPU-hour for %s (not a published price)"),
                            price_text, region != NULL ? region : _("an unknown region"));
  else
    /* Translators: "Estimate at $0.50 per DPU-hour for ap-northeast-1" */
    note = g_strdup_printf (_("Estimate at %s per DPU-hour for %s"),
                            price_text, region != NULL ? region : _("an unknown region"));
  adw_preferences_group_set_description (self->estimate_group, note);
}

static void
glaux_start_session_dialog_validate (GlauxStartSessionDialog *self)
{
  g_autoptr(GString) session = g_string_new (NULL);
  g_autoptr(GString) spark = g_string_new (NULL);
  GlauxWorkgroup *workgroup;
  const char *description;
  const char *problem = NULL;
  gboolean valid = TRUE;

  if (self->disposed)
    return;

  workgroup = selected_workgroup (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->spark_workgroups)) == 0)
    problem = _("This connection has no Spark workgroup. Create one first: SQL workgroups "
                "cannot run Spark sessions.");
  else if (workgroup == NULL)
    problem = _("Workgroup: choose the Spark workgroup to start the session in");
  else if (glaux_workgroup_get_state (workgroup) == GLAUX_WORKGROUP_STATE_DISABLED)
    problem = _("Workgroup: disabled; enable it before starting a session in it");
  mark_widget (GTK_WIDGET (self->workgroup_row), problem, session);
  valid &= problem == NULL;

  description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  problem = g_utf8_strlen (description, -1) <= MAX_DESCRIPTION
              ? NULL : _("Description: at most 255 characters");
  mark_widget (GTK_WIDGET (self->description_row), problem, session);
  valid &= problem == NULL;

  valid &= check_properties (self, spark, NULL);

  show_messages (self->session_message, session);
  show_messages (self->properties_message, spark);
  update_estimate (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.start", valid && !self->busy);
}

/* The workgroup's default MaxConcurrentDpus, unless the user already chose a figure. */
static void
workgroup_changed_cb (GlauxStartSessionDialog *self)
{
  GlauxWorkgroup *workgroup = selected_workgroup (self);

  if (workgroup != NULL && !self->dpus_edited)
    {
      int dpus = glaux_workgroup_get_default_max_concurrent_dpus (workgroup);

      self->setting_dpus = TRUE;
      gtk_spin_button_set_value (self->dpus_spin, dpus > 0 ? dpus : DEFAULT_MAX_DPUS);
      self->setting_dpus = FALSE;
    }

  glaux_start_session_dialog_validate (self);
}

static void
dpus_changed_cb (GlauxStartSessionDialog *self)
{
  if (!self->setting_dpus)
    self->dpus_edited = TRUE;

  glaux_start_session_dialog_validate (self);
}

static void
remove_property_cb (GtkButton               *button,
                    GlauxStartSessionDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_PREFERENCES_ROW);
  guint index;

  g_assert (row != NULL);

  if (g_ptr_array_find (self->property_rows, row, &index))
    {
      g_ptr_array_remove_index (self->property_rows, index);
      adw_preferences_group_remove (self->properties_group, row);
    }

  /* Keep the keyboard focus in the group rather than losing it with the row. */
  gtk_widget_grab_focus (GTK_WIDGET (self->add_property_button));
  glaux_start_session_dialog_validate (self);
}

static GtkWidget *
property_entry (const char *placeholder,
                const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return entry;
}

/* One key/value row: two entries and a remove button. */
static GtkWidget *
add_property_row (GlauxStartSessionDialog *self,
                  const char              *key,
                  const char              *value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *key_entry = property_entry (_("Key, e.g. spark.sql.shuffle.partitions"),
                                         _("Spark property key"));
  GtkWidget *value_entry = property_entry (_("Value"), _("Spark property value"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_tooltip_text (remove, _("Remove this property"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this property"),
                                  -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_property_cb), self);

  gtk_editable_set_text (GTK_EDITABLE (key_entry), key);
  gtk_editable_set_text (GTK_EDITABLE (value_entry), value);
  g_signal_connect_swapped (key_entry, "changed",
                            G_CALLBACK (glaux_start_session_dialog_validate), self);
  g_signal_connect_swapped (value_entry, "changed",
                            G_CALLBACK (glaux_start_session_dialog_validate), self);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), key_entry);
  gtk_box_append (GTK_BOX (box), value_entry);
  gtk_box_append (GTK_BOX (box), remove);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Spark property"));
  g_object_set_data (G_OBJECT (row), "glaux-key", key_entry);
  g_object_set_data (G_OBJECT (row), "glaux-value", value_entry);

  adw_preferences_group_add (self->properties_group, row);
  g_ptr_array_add (self->property_rows, row);

  return row;
}

static void
add_property_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxStartSessionDialog *self = GLAUX_START_SESSION_DIALOG (widget);
  GtkWidget *row = add_property_row (self, "", "");

  gtk_widget_grab_focus (GTK_WIDGET (property_key (row)));
  glaux_start_session_dialog_validate (self);
}

static void
set_busy (GlauxStartSessionDialog *self,
          gboolean                 busy)
{
  self->busy = !!busy;
  if (busy)
    glaux_ui_park_focus (GTK_WINDOW (self), GTK_WIDGET (self->cancel_button), &self->focus_before_busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add-property", !busy);
  gtk_stack_set_visible_child_name (self->save_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->save_spinner, busy);
  glaux_start_session_dialog_validate (self);

  if (!busy)
    glaux_ui_return_focus (&self->focus_before_busy);
}

static void
show_error (GlauxStartSessionDialog *self,
            const char              *text)
{
  glaux_ui_set_error_card (self->error_label, GTK_WIDGET (self->error_group), self->error_revealer,
                           text);
}

static void
start_session_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GlauxStartSessionDialog) self = user_data;
  g_autoptr(GlauxSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = glaux_athena_client_start_session_finish (GLAUX_ATHENA_CLIENT (object), result, &error);
  if (self->disposed)
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (session == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Cancelled. The session may still have been started; check the "
                           "workgroup’s sessions."));
      else
        text = glaux_ui_format_error (error);
      show_error (self, text);
      return;
    }

  if (glaux_session_get_workgroup (session) == NULL)
    glaux_session_set_workgroup (session, glaux_workgroup_get_name (selected_workgroup (self)));

  g_signal_emit (self, signals[STARTED], 0, session);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GlauxStartSessionDialog *self = GLAUX_START_SESSION_DIALOG (widget);
  g_autoptr(GlauxStartSessionParams) params = NULL;
  g_autoptr(GString) ignored = g_string_new (NULL);
  g_autofree char *description = NULL;
  GlauxWorkgroup *workgroup = selected_workgroup (self);
  GlauxAthenaClient *client;

  if (self->busy || workgroup == NULL)
    return;

  client = glaux_connection_get_athena_client (self->connection);
  if (client == NULL)
    {
      show_error (self, _("The connection is not ready. Close the dialog, check the connection, "
                          "and try again."));
      return;
    }

  params = glaux_start_session_params_new (glaux_workgroup_get_name (workgroup));
  description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row))));
  if (description[0] != '\0')
    params->description = g_steal_pointer (&description);
  params->max_concurrent_dpus = gtk_spin_button_get_value_as_int (self->dpus_spin);
  params->idle_timeout_minutes = gtk_spin_button_get_value_as_int (self->idle_spin);
  check_properties (self, ignored, params->spark_properties);

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  glaux_athena_client_start_session_async (client, params, self->cancellable,
                                           start_session_cb, g_object_ref (self));
}

/* Cancel stops a request under way and keeps what was typed; otherwise it closes. */
static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlauxStartSessionDialog *self = GLAUX_START_SESSION_DIALOG (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
is_spark_workgroup (gpointer item,
                    gpointer user_data)
{
  return glaux_workgroup_get_is_spark (GLAUX_WORKGROUP (item));
}

static void
glaux_start_session_dialog_constructed (GObject *object)
{
  GlauxStartSessionDialog *self = (GlauxStartSessionDialog *)object;
  GtkCustomFilter *filter;
  guint n_items;

  G_OBJECT_CLASS (glaux_start_session_dialog_parent_class)->constructed (object);

  g_assert (GLAUX_IS_CONNECTION (self->connection));
  g_assert (G_IS_LIST_MODEL (self->workgroups));

  /* SQL workgroups cannot run Spark sessions, so they are not offered. */
  filter = gtk_custom_filter_new (is_spark_workgroup, NULL, NULL);
  self->spark_workgroups = gtk_filter_list_model_new (g_object_ref (self->workgroups),
                                                      GTK_FILTER (filter));
  adw_combo_row_set_expression (self->workgroup_row,
                                gtk_property_expression_new (GLAUX_TYPE_WORKGROUP, NULL, "name"));
  adw_combo_row_set_model (self->workgroup_row, G_LIST_MODEL (self->spark_workgroups));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->spark_workgroups));
  for (guint i = 0; i < n_items && self->initial_workgroup != NULL; i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (G_LIST_MODEL (self->spark_workgroups), i);

      if (g_strcmp0 (glaux_workgroup_get_name (workgroup), self->initial_workgroup) == 0)
        adw_combo_row_set_selected (self->workgroup_row, i);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->workgroup_row), n_items > 0);
  if (n_items == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->workgroup_row), _("No Spark workgroup"));

  g_signal_connect_swapped (self->workgroup_row, "notify::selected-item",
                            G_CALLBACK (workgroup_changed_cb), self);
  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (update_estimate), self, G_CONNECT_SWAPPED);
  workgroup_changed_cb (self);
}

static void
glaux_start_session_dialog_dispose (GObject *object)
{
  GlauxStartSessionDialog *self = (GlauxStartSessionDialog *)object;

  self->disposed = TRUE;
  g_clear_weak_pointer (&self->focus_before_busy);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_pointer (&self->property_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_START_SESSION_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->spark_workgroups);
  g_clear_object (&self->workgroups);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (glaux_start_session_dialog_parent_class)->dispose (object);
}

static void
glaux_start_session_dialog_finalize (GObject *object)
{
  GlauxStartSessionDialog *self = (GlauxStartSessionDialog *)object;

  g_free (self->initial_workgroup);

  G_OBJECT_CLASS (glaux_start_session_dialog_parent_class)->finalize (object);
}

static void
glaux_start_session_dialog_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  GlauxStartSessionDialog *self = GLAUX_START_SESSION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_WORKGROUPS:
      g_value_set_object (value, self->workgroups);
      break;

    case PROP_WORKGROUP:
      g_value_set_string (value, self->initial_workgroup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_start_session_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  GlauxStartSessionDialog *self = GLAUX_START_SESSION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_WORKGROUPS:
      self->workgroups = g_value_dup_object (value);
      break;

    case PROP_WORKGROUP:
      self->initial_workgroup = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_start_session_dialog_class_init (GlauxStartSessionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = glaux_start_session_dialog_constructed;
  object_class->dispose = glaux_start_session_dialog_dispose;
  object_class->finalize = glaux_start_session_dialog_finalize;
  object_class->get_property = glaux_start_session_dialog_get_property;
  object_class->set_property = glaux_start_session_dialog_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, GLAUX_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WORKGROUPS] =
    g_param_spec_object ("workgroups", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WORKGROUP] =
    g_param_spec_string ("workgroup", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlauxStartSessionDialog::started:
   * @session: the new session, as StartSession answered (CREATING, usually)
   *
   * Emitted once the service accepted the request, just before the dialog closes.
   */
  signals[STARTED] =
    g_signal_new ("started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GLAUX_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-start-session-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, add_property_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, dpus_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, dpus_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, estimate_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, idle_cost_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, idle_row);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, max_cost_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, max_dpus_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, page);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, properties_group);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, properties_message);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, save_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, save_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, session_message);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, start_cost_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, start_dpus_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxStartSessionDialog, workgroup_row);

  gtk_widget_class_install_action (widget_class, "dialog.start", NULL, start_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.add-property", NULL, add_property_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.cancel", NULL);
}

/* Enter in a spin button starts the session too, as it does in the entries. */
static void
spin_activates_default (GtkSpinButton *spin)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (spin));

  if (GTK_IS_TEXT (delegate))
    gtk_text_set_activates_default (GTK_TEXT (delegate), TRUE);
}

static void
glaux_start_session_dialog_init (GlauxStartSessionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->property_rows = g_ptr_array_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  spin_activates_default (self->dpus_spin);
  spin_activates_default (self->idle_spin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.start", FALSE);

  g_signal_connect_swapped (self->description_row, "changed",
                            G_CALLBACK (glaux_start_session_dialog_validate), self);
  g_signal_connect_swapped (self->dpus_spin, "value-changed",
                            G_CALLBACK (dpus_changed_cb), self);
  g_signal_connect_swapped (self->idle_spin, "value-changed",
                            G_CALLBACK (glaux_start_session_dialog_validate), self);
}

/**
 * glaux_start_session_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @connection: where the session starts
 * @workgroups: the connection's workgroups (#GlauxWorkgroup items); only Spark ones are offered
 * @workgroup: (nullable): the workgroup to preselect
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
GlauxStartSessionDialog *
glaux_start_session_dialog_new (GtkWindow       *parent,
                                GlauxConnection *connection,
                                GListModel      *workgroups,
                                const char      *workgroup)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (workgroups), NULL);

  return g_object_new (GLAUX_TYPE_START_SESSION_DIALOG,
                       "transient-for", parent,
                       "connection", connection,
                       "workgroups", workgroups,
                       "workgroup", workgroup,
                       NULL);
}
