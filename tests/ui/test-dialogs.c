/* test-dialogs.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "glaux-application.h"
#include "glaux-connection-dialog.h"
#include "glaux-connection-list.h"
#include "glaux-cost-model.h"
#include "glaux-start-session-dialog.h"
#include "glaux-test-ui-util.h"
#include "glaux-ui-util.h"
#include "glaux-workgroup-dialog.h"

/* The dialogs against a real glaux-local, driven through their own widgets (found as template
 * children), with screenshots of each state. */

static GlauxApplication *app;
static GlauxConnection *local;
static GtkWindow *parent;

#define WAIT_MS 20000

/* Helpers */

static gpointer
child (gpointer     dialog,
       GType        type,
       const char  *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), type, name);

  g_assert_nonnull (object);
  return object;
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static gboolean
label_has_text (gpointer data)
{
  GtkLabel *label = data;

  return gtk_widget_get_visible (GTK_WIDGET (label)) && gtk_label_get_text (label)[0] != '\0';
}

static gboolean
revealer_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (data));
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* Clicks a button the way a pointer does (gtk_widget_activate would wait out the 250 ms
 * "pressed" animation first); fails when it is insensitive. */
static void
click (GtkButton *button)
{
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  gboolean  done;
  gpointer  object;
  char     *text;
} Result;

static void
result_clear (Result *result)
{
  g_clear_object (&result->object);
  g_clear_pointer (&result->text, g_free);
  result->done = FALSE;
}

static GlauxAthenaClient *
client (void)
{
  GlauxAthenaClient *athena = glaux_connection_get_athena_client (local);

  g_assert_nonnull (athena);
  return athena;
}

static GlauxWorkgroup *
get_workgroup (const char *name)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GlauxWorkgroup *workgroup;

  glaux_athena_client_get_work_group_async (client (), name, NULL, NULL, glaux_test_store_result_cb,
                                            &result);
  glaux_test_wait_result (&result, WAIT_MS);
  workgroup = glaux_athena_client_get_work_group_finish (client (), result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  return workgroup;
}

static gboolean
no_window (gpointer data)
{
  return glaux_test_ui_find_window (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
close_dialog (gpointer dialog)
{
  GType type = G_OBJECT_TYPE (dialog);

  gtk_window_close (GTK_WINDOW (dialog));
  glaux_test_wait_until (no_window, GSIZE_TO_POINTER (type), 5000);
}

static void
saved_name_cb (GtkWidget  *dialog,
               const char *name,
               Result     *result)
{
  result->text = g_strdup (name);
  result->done = TRUE;
}

static void
saved_object_cb (GtkWidget *dialog,
                 GObject   *object,
                 Result    *result)
{
  result->object = g_object_ref (object);
  result->done = TRUE;
}

static gboolean
engines_loaded (gpointer data)
{
  AdwComboRow *engine_row = data;

  return g_list_model_get_n_items (adw_combo_row_get_model (engine_row)) > 0
         && gtk_widget_is_sensitive (GTK_WIDGET (engine_row));
}

static gboolean
location_filled (gpointer data)
{
  return gtk_editable_get_text (GTK_EDITABLE (data))[0] != '\0';
}

static GlauxWorkgroupDialog *
open_workgroup_dialog (GlauxWorkgroup *workgroup)
{
  GlauxWorkgroupDialog *dialog = glaux_workgroup_dialog_new (parent, local, workgroup);

  gtk_window_present (GTK_WINDOW (dialog));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (dialog), 2);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  return dialog;
}

/* Workgroup dialog */

static void
test_workgroup_create (void)
{
  GlauxWorkgroupDialog *dialog = open_workgroup_dialog (NULL);
  GType type = GLAUX_TYPE_WORKGROUP_DIALOG;
  AdwEntryRow *name_row = child (dialog, type, "name_row");
  AdwComboRow *engine_row = child (dialog, type, "engine_row");
  AdwEntryRow *location_row = child (dialog, type, "location_row");
  AdwComboRow *encryption_row = child (dialog, type, "encryption_row");
  AdwEntryRow *kms_key_row = child (dialog, type, "kms_key_row");
  GtkLabel *general_message = child (dialog, type, "general_message");
  GtkLabel *results_message = child (dialog, type, "results_message");
  GtkButton *save_button = child (dialog, type, "save_button");
  g_autoptr(GlauxWorkgroup) workgroup = NULL;
  GtkStringObject *engine;
  Result saved = { 0 };

  glaux_test_wait_until (engines_loaded, engine_row, WAIT_MS);
  engine = adw_combo_row_get_selected_item (engine_row);
  g_assert_cmpstr (gtk_string_object_get_string (engine), ==, "PySpark engine version 3");
  /* A fresh form: Create is off, but nothing is flagged before the user types. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (name_row), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (general_message)));

  /* An invalid name: the row is marked, the message says what is allowed, Create stays off. */
  set_text (name_row, "bad name!");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (general_message)));
  assert_contains (gtk_label_get_text (general_message),
                   "Name: 1–128 characters of letters, digits, . - _");
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "workgroup-dialog-invalid");

  /* glaux-local: the result location follows the name, next to the primary workgroup's. */
  set_text (name_row, "analytics");
  glaux_test_wait_until (location_filled, location_row, WAIT_MS);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (name_row), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (general_message)));
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (location_row)), "s3://"));
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (location_row)),
                                   "/analytics/"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));

  set_text (location_row, "s3://glaux results/x");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  assert_contains (gtk_label_get_text (results_message), "Result location");
  set_text (location_row, "s3://glaux-local-results/analytics/");

  /* SSE-KMS needs a key: the row appears and must be filled. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kms_key_row)));
  adw_combo_row_set_selected (encryption_row, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kms_key_row)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  assert_contains (gtk_label_get_text (results_message), "KMS key: required");
  set_text (kms_key_row, "alias/glaux-test");

  set_text (child (dialog, type, "description_row"), "Team analytics");
  gtk_spin_button_set_value (child (dialog, type, "dpus_spin"), 40);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "workgroup-dialog-filled");

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_name_cb), &saved);
  click (save_button);
  glaux_test_wait_until (glaux_test_flag_is_set, &saved.done, WAIT_MS);
  g_assert_cmpstr (saved.text, ==, "analytics");
  glaux_test_wait_until (no_window, GSIZE_TO_POINTER (type), 5000);
  result_clear (&saved);

  workgroup = get_workgroup ("analytics");
  g_assert_cmpstr (glaux_workgroup_get_description (workgroup), ==, "Team analytics");
  g_assert_cmpstr (glaux_workgroup_get_selected_engine_version (workgroup), ==,
                   "PySpark engine version 3");
  g_assert_cmpstr (glaux_workgroup_get_output_location (workgroup), ==,
                   "s3://glaux-local-results/analytics/");
  g_assert_cmpstr (glaux_workgroup_get_result_encryption_option (workgroup), ==, "SSE_KMS");
  g_assert_cmpstr (glaux_workgroup_get_result_kms_key (workgroup), ==, "alias/glaux-test");
  g_assert_cmpint (glaux_workgroup_get_default_max_concurrent_dpus (workgroup), ==, 40);
  g_assert_cmpint (glaux_workgroup_get_state (workgroup), ==, GLAUX_WORKGROUP_STATE_ENABLED);
}

/* A request that fails shows the service's error in the dialog and keeps the input. */
static void
test_workgroup_error (void)
{
  GlauxWorkgroupDialog *dialog = open_workgroup_dialog (NULL);
  GType type = GLAUX_TYPE_WORKGROUP_DIALOG;
  AdwEntryRow *name_row = child (dialog, type, "name_row");
  GtkButton *save_button = child (dialog, type, "save_button");
  GtkLabel *error_label = child (dialog, type, "error_label");
  Result saved = { 0 };

  glaux_test_wait_until (engines_loaded, child (dialog, type, "engine_row"), WAIT_MS);
  set_text (name_row, "analytics");
  set_text (child (dialog, type, "description_row"), "A second one");
  set_text (child (dialog, type, "location_row"), "s3://glaux-local-results/again/");
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_name_cb), &saved);
  click (save_button);

  glaux_test_wait_until (revealer_revealed, child (dialog, type, "error_revealer"), WAIT_MS);
  assert_contains (gtk_label_get_text (error_label), "InvalidRequestException");
  assert_contains (gtk_label_get_text (error_label), "analytics");
  g_assert_false (saved.done);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "analytics");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, type, "description_row"))),
                   ==, "A second one");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, type, "page"))));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "workgroup-dialog-error");

  close_dialog (dialog);
}

static void
test_workgroup_edit (void)
{
  g_autoptr(GlauxWorkgroup) workgroup = get_workgroup ("analytics");
  g_autoptr(GlauxWorkgroup) updated = NULL;
  GlauxWorkgroupDialog *dialog = open_workgroup_dialog (workgroup);
  GType type = GLAUX_TYPE_WORKGROUP_DIALOG;
  GtkButton *save_button = child (dialog, type, "save_button");
  GtkSwitch *enabled_switch = child (dialog, type, "enabled_switch");
  Result saved = { 0 };

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Workgroup");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, type, "name_row"))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, type, "engine_row"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (dialog, type, "enabled_row"))));
  g_assert_true (gtk_switch_get_active (enabled_switch));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (dialog, type, "dpus_spin")), ==, 40);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (dialog, type, "kms_key_row"))));
  /* Nothing changed yet: nothing to save. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));

  gtk_switch_set_active (enabled_switch, FALSE);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "workgroup-dialog-edit");

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_name_cb), &saved);
  click (save_button);
  glaux_test_wait_until (glaux_test_flag_is_set, &saved.done, WAIT_MS);
  g_assert_cmpstr (saved.text, ==, "analytics");
  result_clear (&saved);

  updated = get_workgroup ("analytics");
  g_assert_cmpint (glaux_workgroup_get_state (updated), ==, GLAUX_WORKGROUP_STATE_DISABLED);
  /* Only the state was sent: the rest is as it was. */
  g_assert_cmpstr (glaux_workgroup_get_description (updated), ==, "Team analytics");
  g_assert_cmpstr (glaux_workgroup_get_result_kms_key (updated), ==, "alias/glaux-test");
  g_assert_cmpint (glaux_workgroup_get_default_max_concurrent_dpus (updated), ==, 40);
}

/* Start-session dialog */

static GListStore *
workgroups_model (gboolean with_spark)
{
  GListStore *store = g_list_store_new (GLAUX_TYPE_WORKGROUP);
  g_autoptr(JsonNode) sql = json_from_string ("{\"Name\":\"adhoc-sql\",\"State\":\"ENABLED\","
                                              "\"Configuration\":{\"EngineVersion\":{"
                                              "\"SelectedEngineVersion\":\"Athena engine version 3\","
                                              "\"EffectiveEngineVersion\":\"Athena engine version 3\"}}}",
                                              NULL);
  g_autoptr(GlauxWorkgroup) sql_workgroup = glaux_workgroup_new_from_json (json_node_get_object (sql));

  g_assert_false (glaux_workgroup_get_is_spark (sql_workgroup));
  g_list_store_append (store, sql_workgroup);
  if (with_spark)
    {
      g_autoptr(GlauxWorkgroup) analytics = get_workgroup ("analytics");
      g_autoptr(GlauxWorkgroup) primary = get_workgroup ("primary");

      g_list_store_append (store, analytics);
      g_list_store_append (store, primary);
    }

  return store;
}

static void
session_started_cb (GtkWidget    *dialog,
                    GlauxSession *session,
                    Result       *result)
{
  result->object = g_object_ref (session);
  result->done = TRUE;
}

static char *
amount (double dollars)
{
  return glaux_cost_model_format_amount (dollars);
}

static void
assert_label (gpointer    dialog,
              const char *name,
              const char *expected)
{
  GtkLabel *label = child (dialog, GLAUX_TYPE_START_SESSION_DIALOG, name);

  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
}

static void
test_start_session (void)
{
  g_autoptr(GListStore) workgroups = workgroups_model (TRUE);
  GlauxStartSessionDialog *dialog;
  GType type = GLAUX_TYPE_START_SESSION_DIALOG;
  GlauxCostModel *model = glaux_cost_model_get_default ();
  const char *region = glaux_connection_get_region (local);
  AdwComboRow *workgroup_row;
  GtkSpinButton *dpus_spin;
  GtkButton *save_button;
  GtkLabel *session_message;
  GtkLabel *properties_message;
  AdwPreferencesGroup *estimate_group;
  GtkWidget *first_row;
  GtkWidget *second_row;
  GlauxWorkgroup *selected;
  GlauxSession *session;
  Result started = { 0 };
  double price;
  g_autofree char *price_text = NULL;
  g_autofree char *start_cost = NULL;
  g_autofree char *max_cost = NULL;
  g_autofree char *idle_cost = NULL;

  dialog = glaux_start_session_dialog_new (parent, local, G_LIST_MODEL (workgroups), "primary");
  gtk_window_present (GTK_WINDOW (dialog));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (dialog), 2);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);

  workgroup_row = child (dialog, type, "workgroup_row");
  dpus_spin = child (dialog, type, "dpus_spin");
  save_button = child (dialog, type, "save_button");
  session_message = child (dialog, type, "session_message");
  properties_message = child (dialog, type, "properties_message");
  estimate_group = child (dialog, type, "estimate_group");

  /* Only the Spark workgroups are offered; the SQL one is not. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (workgroup_row)), ==, 2);
  selected = adw_combo_row_get_selected_item (workgroup_row);
  g_assert_cmpstr (glaux_workgroup_get_name (selected), ==, "primary");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dpus_spin), ==, 20);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));

  /* The disabled workgroup is refused with a reason; its default DPUs are taken. */
  adw_combo_row_set_selected (workgroup_row, 0);
  selected = adw_combo_row_get_selected_item (workgroup_row);
  g_assert_cmpstr (glaux_workgroup_get_name (selected), ==, "analytics");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dpus_spin), ==, 40);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  assert_contains (gtk_label_get_text (session_message), "disabled");
  adw_combo_row_set_selected (workgroup_row, 1);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (session_message)));

  /* The estimate follows every change. */
  gtk_spin_button_set_value (dpus_spin, 10);
  gtk_spin_button_set_value (child (dialog, type, "idle_spin"), 30);
  price = glaux_cost_model_get_price (model, region, NULL, NULL);
  start_cost = amount (price);
  max_cost = amount (price * 10);
  idle_cost = amount (price * 0.5);
  assert_label (dialog, "start_dpus_label", "1");
  assert_label (dialog, "max_dpus_label", "10");
  assert_label (dialog, "start_cost_label", start_cost);
  assert_label (dialog, "max_cost_label", max_cost);
  assert_label (dialog, "idle_cost_label", idle_cost);
  price_text = amount (price);
  assert_contains (adw_preferences_group_get_description (estimate_group), price_text);
  assert_contains (adw_preferences_group_get_description (estimate_group), region);
  assert_contains (adw_preferences_group_get_description (estimate_group), "per DPU-hour");

  /* ... and every change of the price. */
  glaux_cost_model_set_price_override (model, region, 1.0);
  assert_label (dialog, "max_cost_label", "$10.00");
  assert_label (dialog, "idle_cost_label", "$0.50");
  g_assert_null (strstr (adw_preferences_group_get_description (estimate_group),
                         "not a published price"));
  glaux_cost_model_set_price_override (model, region, -1);
  assert_label (dialog, "max_cost_label", max_cost);

  /* Spark properties: keys must be unique. */
  set_text (child (dialog, type, "description_row"), "Nightly aggregation");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.add-property", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.add-property", NULL);
  first_row = gtk_widget_get_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                       ADW_TYPE_PREFERENCES_ROW);
  g_assert_nonnull (first_row);
  second_row = first_row;
  first_row = gtk_widget_get_prev_sibling (second_row);
  g_assert_true (ADW_IS_PREFERENCES_ROW (first_row));
  set_text (g_object_get_data (G_OBJECT (first_row), "glaux-key"), "spark.sql.shuffle.partitions");
  set_text (g_object_get_data (G_OBJECT (first_row), "glaux-value"), "8");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  set_text (g_object_get_data (G_OBJECT (second_row), "glaux-key"), "spark.sql.shuffle.partitions");
  set_text (g_object_get_data (G_OBJECT (second_row), "glaux-value"), "16");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  assert_contains (gtk_label_get_text (properties_message), "keys must be unique");
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "start-session-dialog-invalid");

  set_text (g_object_get_data (G_OBJECT (second_row), "glaux-key"), "spark.executor.cores");
  set_text (g_object_get_data (G_OBJECT (second_row), "glaux-value"), "4");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (properties_message)));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "start-session-dialog-estimate");

  g_signal_connect (dialog, "started", G_CALLBACK (session_started_cb), &started);
  click (save_button);
  glaux_test_wait_until (glaux_test_flag_is_set, &started.done, WAIT_MS);
  session = started.object;
  g_assert_nonnull (glaux_session_get_id (session));
  g_assert_cmpstr (glaux_session_get_workgroup (session), ==, "primary");
  g_assert_true (glaux_session_get_state (session) == GLAUX_SESSION_STATE_CREATING
                 || glaux_session_get_state (session) == GLAUX_SESSION_STATE_CREATED
                 || glaux_session_get_state (session) == GLAUX_SESSION_STATE_IDLE);
  glaux_test_wait_until (no_window, GSIZE_TO_POINTER (type), 5000);

  /* What was asked for reached the service. */
  {
    GAsyncResult *got = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GlauxSession) fetched = NULL;
    GHashTable *spark_properties;

    glaux_athena_client_get_session_async (client (), glaux_session_get_id (session), NULL, NULL,
                                           glaux_test_store_result_cb, &got);
    glaux_test_wait_result (&got, WAIT_MS);
    fetched = glaux_athena_client_get_session_finish (client (), got, &error);
    g_assert_no_error (error);
    g_clear_object (&got);
    g_assert_cmpstr (glaux_session_get_description (fetched), ==, "Nightly aggregation");
    g_assert_cmpint (glaux_session_get_max_concurrent_dpus (fetched), ==, 10);
    g_assert_cmpint (glaux_session_get_idle_timeout_minutes (fetched), ==, 30);
    spark_properties = glaux_session_get_spark_properties (fetched);
    g_assert_nonnull (spark_properties);
    g_assert_cmpstr (g_hash_table_lookup (spark_properties, "spark.sql.shuffle.partitions"), ==, "8");
    g_assert_cmpstr (g_hash_table_lookup (spark_properties, "spark.executor.cores"), ==, "4");

    glaux_athena_client_terminate_session_async (client (), glaux_session_get_id (session), NULL,
                                                 NULL, glaux_test_store_result_cb, &got);
    glaux_test_wait_result (&got, WAIT_MS);
    g_assert_true (glaux_athena_client_terminate_session_finish (client (), got, NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&got);
  }

  result_clear (&started);
}

static void
test_start_session_no_spark (void)
{
  g_autoptr(GListStore) workgroups = workgroups_model (FALSE);
  GlauxStartSessionDialog *dialog;
  GType type = GLAUX_TYPE_START_SESSION_DIALOG;
  GtkLabel *session_message;

  dialog = glaux_start_session_dialog_new (parent, local, G_LIST_MODEL (workgroups), "adhoc-sql");
  gtk_window_present (GTK_WINDOW (dialog));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (dialog), 2);

  session_message = child (dialog, type, "session_message");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (child (dialog, type,
                                                                              "workgroup_row"))),
                    ==, 0);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, type, "save_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (session_message)));
  assert_contains (gtk_label_get_text (session_message), "no Spark workgroup");
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "start-session-dialog-no-spark");

  close_dialog (dialog);
}

/* Connection dialog */

typedef struct
{
  GSettings           *settings;
  GlauxConnectionList *list;
  const char          *endpoint;
  const char          *region;
  const char          *access_key_id;
  const char          *secret;
} ConnectionFixture;

static void
connection_fixture_init (ConnectionFixture *fixture)
{
  GlauxLocalProcess *process = glaux_connection_get_local_process (local);
  GlauxAwsCredentials *credentials;
  g_autofree char *data_dir = g_build_filename (glaux_test_get_home (), "unused-local", NULL);

  g_assert_nonnull (process);
  credentials = glaux_local_process_get_credentials (process);
  fixture->settings = g_settings_new (BASE_ID);
  fixture->list = glaux_connection_list_new (fixture->settings, g_getenv ("GLAUX_LOCAL"),
                                             data_dir, NULL);
  fixture->endpoint = glaux_local_process_get_endpoint (process);
  fixture->region = glaux_local_process_get_region (process);
  fixture->access_key_id = glaux_aws_credentials_get_access_key_id (credentials);
  fixture->secret = glaux_aws_credentials_get_secret_access_key (credentials);
}

static void
connection_fixture_clear (ConnectionFixture *fixture)
{
  glaux_connection_list_shutdown (fixture->list);
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->settings);
}

static GlauxConnectionDialog *
open_connection_dialog (ConnectionFixture *fixture,
                        GlauxConnection   *connection)
{
  GlauxConnectionDialog *dialog = glaux_connection_dialog_new (parent, fixture->list, connection);

  gtk_window_present (GTK_WINDOW (dialog));
  glaux_test_ui_wait_for_frames (GTK_WIDGET (dialog), 2);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);

  return dialog;
}

static void
select_region (gpointer    dialog,
               const char *region)
{
  AdwComboRow *region_row = child (dialog, GLAUX_TYPE_CONNECTION_DIALOG, "region_row");
  GListModel *regions = adw_combo_row_get_model (region_row);

  for (guint i = 0; i < g_list_model_get_n_items (regions); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (regions, i);

      if (g_str_equal (gtk_string_object_get_string (item), region))
        {
          adw_combo_row_set_selected (region_row, i);
          return;
        }
    }

  g_error ("Region %s is not offered", region);
}

static gboolean
test_finished (gpointer data)
{
  GtkWidget *dialog = data;
  GtkWidget *spinner = GTK_WIDGET (child (dialog, GLAUX_TYPE_CONNECTION_DIALOG, "test_spinner"));
  GtkLabel *result = child (dialog, GLAUX_TYPE_CONNECTION_DIALOG, "test_result");

  return !gtk_widget_get_visible (spinner) && label_has_text (result);
}

static const char *
run_test (gpointer dialog)
{
  GtkLabel *result = child (dialog, GLAUX_TYPE_CONNECTION_DIALOG, "test_result");

  click (child (dialog, GLAUX_TYPE_CONNECTION_DIALOG, "test_button"));
  glaux_test_wait_until (test_finished, dialog, WAIT_MS);

  return gtk_label_get_text (result);
}

static void
test_connection_dialog (void)
{
  ConnectionFixture fixture = { 0 };
  GlauxConnectionDialog *dialog;
  GType type = GLAUX_TYPE_CONNECTION_DIALOG;
  GtkButton *save_button;
  GtkLabel *keys_message;
  GlauxConnection *connection;
  Result saved = { 0 };
  g_autofree char *wrong_secret = NULL;
  const char *text;

  connection_fixture_init (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.list)), ==, 1);

  dialog = open_connection_dialog (&fixture, NULL);
  save_button = child (dialog, type, "save_button");
  keys_message = child (dialog, type, "keys_message");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (dialog, type, "remove_group"))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));

  set_text (child (dialog, type, "name_row"), "Team keys");
  select_region (dialog, fixture.region);
  set_text (child (dialog, type, "endpoint_row"), fixture.endpoint);
  set_text (child (dialog, type, "access_key_row"), "akia-lowercase");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  assert_contains (gtk_label_get_text (keys_message), "Access key ID: 16–128");
  set_text (child (dialog, type, "access_key_row"), fixture.access_key_id);
  /* The untouched secret is not flagged yet, but Add stays off; once typed and cleared, it is. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (keys_message)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  set_text (child (dialog, type, "secret_row"), "x");
  set_text (child (dialog, type, "secret_row"), "");
  assert_contains (gtk_label_get_text (keys_message), "Secret access key: required");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));

  /* A wrong secret: the exact answer of glaux-local. */
  wrong_secret = g_strnfill (strlen (fixture.secret), 'x');
  set_text (child (dialog, type, "secret_row"), wrong_secret);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (save_button)));
  text = run_test (dialog);
  /* Athena (awsJson1_1) names it InvalidSignatureException; S3 SignatureDoesNotMatch. */
  if (strstr (text, "InvalidSignatureException") == NULL
      && strstr (text, "SignatureDoesNotMatch") == NULL
      && strstr (text, "UnrecognizedClientException") == NULL)
    g_error ("Unexpected test result for a wrong secret: %s", text);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child (dialog, type, "test_result")),
                                           "error"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "connection-dialog-test-error");

  /* The right keys: the workgroups are listed. */
  set_text (child (dialog, type, "secret_row"), fixture.secret);
  text = run_test (dialog);
  assert_contains (text, "Connected: ");
  assert_contains (text, "primary");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child (dialog, type, "test_result")),
                                           "success"));
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "connection-dialog-test-ok");

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_object_cb), &saved);
  click (save_button);
  glaux_test_wait_until (glaux_test_flag_is_set, &saved.done, WAIT_MS);
  connection = GLAUX_CONNECTION (saved.object);
  g_assert_cmpint (glaux_connection_get_kind (connection), ==, GLAUX_CONNECTION_KIND_KEYS);
  g_assert_cmpstr (glaux_connection_get_title (connection), ==, "Team keys");
  g_assert_cmpstr (glaux_connection_get_region (connection), ==, fixture.region);
  g_assert_cmpstr (glaux_connection_get_access_key_id (connection), ==, fixture.access_key_id);
  g_assert_true (glaux_connection_list_lookup (fixture.list, glaux_connection_get_id (connection))
                 == connection);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.list)), ==, 2);
  glaux_test_wait_until (no_window, GSIZE_TO_POINTER (type), 5000);

  /* The list's own checks show in the dialog: the name is taken. */
  dialog = open_connection_dialog (&fixture, NULL);
  set_text (child (dialog, type, "name_row"), "team KEYS");
  set_text (child (dialog, type, "access_key_row"), fixture.access_key_id);
  set_text (child (dialog, type, "secret_row"), fixture.secret);
  click (child (dialog, type, "save_button"));
  glaux_test_wait_until (revealer_revealed, child (dialog, type, "error_revealer"), WAIT_MS);
  assert_contains (gtk_label_get_text (child (dialog, type, "error_label")),
                   "another connection is already called");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, type, "name_row"))), ==,
                   "team KEYS");
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "connection-dialog-error");
  close_dialog (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.list)), ==, 2);

  /* Editing: the secret starts empty and Test uses the stored one. */
  dialog = open_connection_dialog (&fixture, connection);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Connection");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, type, "secret_row"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, type, "name_row"))), ==,
                   "Team keys");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (dialog, type, "remove_group"))));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, type, "save_button"))));
  text = run_test (dialog);
  assert_contains (text, "Connected: ");
  glaux_test_ui_save_screenshot (GTK_WIDGET (dialog), "connection-dialog-edit");

  /* Remove asks first, naming the connection. */
  {
    Result removed = { 0 };
    GtkWindow *question;

    g_signal_connect (dialog, "removed", G_CALLBACK (saved_object_cb), &removed);
    click (child (dialog, type, "remove_button"));
    glaux_test_ui_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
    question = glaux_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_true (gtk_window_get_transient_for (question) == GTK_WINDOW (dialog));
    assert_contains (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), "Team keys");
    glaux_test_ui_save_screenshot (GTK_WIDGET (question), "connection-dialog-remove");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "remove");
    glaux_test_wait_until (glaux_test_flag_is_set, &removed.done, WAIT_MS);
    g_assert_true (removed.object == (gpointer)connection);
    result_clear (&removed);
  }
  glaux_test_wait_until (no_window, GSIZE_TO_POINTER (type), 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.list)), ==, 1);

  result_clear (&saved);
  connection_fixture_clear (&fixture);
}

/* Keyboard: Escape cancels, Enter activates the primary button once the form is valid. */
static void
test_keyboard (void)
{
  GlauxWorkgroupDialog *dialog = open_workgroup_dialog (NULL);
  GType type = GLAUX_TYPE_WORKGROUP_DIALOG;

  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog))
                 == GTK_WIDGET (child (dialog, type, "save_button")));
  g_assert_true (adw_entry_row_get_activates_default (child (dialog, type, "name_row")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.cancel", NULL);
  glaux_test_wait_until (no_window, GSIZE_TO_POINTER (type), 5000);
}

static gboolean
connect_done (gpointer data)
{
  return glaux_connection_get_status (local) == GLAUX_CONNECTION_STATUS_READY
         || glaux_connection_get_status (local) == GLAUX_CONNECTION_STATUS_FAILED;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  /* The renderer the app would choose here (cairo without a GPU, as under Xvfb). */
  glaux_ui_choose_renderer ();
  glaux_test_init (&argc, &argv);

  app = glaux_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  data_dir = g_build_filename (glaux_test_get_home (), "glaux-local", NULL);
  local = glaux_connection_new_local (g_getenv ("GLAUX_LOCAL"), data_dir);
  glaux_connection_connect_async (local, NULL, NULL, NULL);
  glaux_test_wait_until (connect_done, NULL, WAIT_MS);
  if (glaux_connection_get_error (local) != NULL)
    g_error ("glaux-local did not start: %s", glaux_connection_get_error (local)->message);
  g_assert_cmpint (glaux_connection_get_status (local), ==, GLAUX_CONNECTION_STATUS_READY);

  parent = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (parent, 800, 600);
  gtk_window_present (parent);

  g_test_add_func ("/glaux/ui/WorkgroupDialog/create", test_workgroup_create);
  g_test_add_func ("/glaux/ui/WorkgroupDialog/error", test_workgroup_error);
  g_test_add_func ("/glaux/ui/WorkgroupDialog/edit", test_workgroup_edit);
  g_test_add_func ("/glaux/ui/WorkgroupDialog/keyboard", test_keyboard);
  g_test_add_func ("/glaux/ui/StartSessionDialog/start", test_start_session);
  g_test_add_func ("/glaux/ui/StartSessionDialog/no-spark", test_start_session_no_spark);
  g_test_add_func ("/glaux/ui/ConnectionDialog/add-test-edit-remove", test_connection_dialog);

  status = g_test_run ();

  gtk_window_destroy (parent);
  glaux_connection_disconnect (local);
  g_clear_object (&local);
  g_clear_object (&app);

  return status;
}
