/* glaux-connection-view.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-connection-view"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-aws-error.h"
#include "glaux-connection-view.h"
#include "glaux-session-page.h"
#include "glaux-session-row.h"
#include "glaux-start-session-dialog.h"
#include "glaux-ui-util.h"
#include "glaux-usage-page.h"
#include "glaux-workgroup-dialog.h"
#include "glaux-workgroup-row.h"

struct _GlauxConnectionView
{
  GtkWidget             parent_instance;

  GtkSpinner            *connecting_spinner;

  /* Owned References */
  GlauxConnection      *connection;
  GlauxConnectionList  *connections;
  GlauxSessionMonitor  *monitor;
  GSettings            *settings;
  GtkSingleSelection   *workgroup_selection;
  GtkMultiSelection    *session_selection;
  GCancellable         *cancellable;
  char                 *session_filter;
  char                 *pending_workgroup;
  char                 *pending_session;
  guint                 clock_id;
  gboolean              selecting;
  gboolean              connection_usage; /* "Usage" shows the whole connection's */

  /* Template Widgets */
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *sessions_pane;
  GtkWidget            *content_pane;
  GtkMenuButton        *connection_button;
  GtkLabel             *connection_label;
  GtkPopover           *connection_popover;
  GtkListBox           *connection_list_box;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkWidget            *banner_settings_button;
  GtkStack             *sidebar_stack;
  AdwStatusPage        *connecting_page;
  AdwStatusPage        *failed_page;
  GtkListView          *workgroup_list;
  AdwWindowTitle       *sessions_title;
  GtkStack             *sessions_stack;
  AdwStatusPage        *sessions_empty_page;
  GtkWidget            *empty_start_button;
  GtkListView          *session_list;
  GtkActionBar         *selection_bar;
  GtkLabel             *selection_label;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  GlauxSessionPage     *session_page;
  GlauxUsagePage       *usage_page;
};

G_DEFINE_FINAL_TYPE (GlauxConnectionView, glaux_connection_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_CONNECTIONS,
  PROP_SESSION_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GlauxWorkgroup *
selected_workgroup (GlauxConnectionView *self)
{
  return gtk_single_selection_get_selected_item (self->workgroup_selection);
}

static GtkWindow *
parent_window (GlauxConnectionView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The selected sessions that can still be terminated, in list order. */
static GPtrArray *
dup_terminable_selection (GlauxConnectionView *self)
{
  GPtrArray *watches = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (self->session_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxSessionWatch) watch = NULL;
      GlauxSessionState state;

      if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->session_selection), i))
        continue;

      watch = g_list_model_get_item (model, i);
      state = glaux_session_get_state (glaux_session_watch_get_session (watch));
      if (!glaux_session_state_is_terminal (state) && state != GLAUX_SESSION_STATE_TERMINATING)
        g_ptr_array_add (watches, g_steal_pointer (&watch));
    }

  return watches;
}

static guint
count_selected (GlauxConnectionView *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->session_selection));
  return (guint)gtk_bitset_get_size (selected);
}

/* ---- Enabled actions, titles, pages --------------------------------------------------------- */

static void
update_actions (GlauxConnectionView *self)
{
  GlauxWorkgroup *workgroup = selected_workgroup (self);
  gboolean ready = glaux_connection_get_status (self->connection) == GLAUX_CONNECTION_STATUS_READY;
  gboolean enabled = workgroup != NULL
                     && glaux_workgroup_get_state (workgroup) != GLAUX_WORKGROUP_STATE_DISABLED;
  gboolean spark = workgroup != NULL && glaux_workgroup_get_is_spark (workgroup);
  g_autoptr(GPtrArray) terminable = dup_terminable_selection (self);
  gboolean is_primary = workgroup != NULL
                        && g_strcmp0 (glaux_workgroup_get_name (workgroup), "primary") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.new-workgroup", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.edit-workgroup", ready && workgroup != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.enable-workgroup",
                                 ready && workgroup != NULL && !enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.disable-workgroup",
                                 ready && workgroup != NULL && enabled);
  /* Athena refuses to delete the primary workgroup. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.delete-workgroup",
                                 ready && workgroup != NULL && !is_primary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.new-session", ready && enabled && spark);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.terminate-selected",
                                 ready && terminable->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.edit-connection",
                                 glaux_connection_get_kind (self->connection)
                                   == GLAUX_CONNECTION_KIND_KEYS);
}

static void
update_sessions_pane (GlauxConnectionView *self)
{
  GlauxWorkgroup *workgroup = selected_workgroup (self);
  GListModel *sessions = G_LIST_MODEL (self->session_selection);
  guint n_sessions = g_list_model_get_n_items (sessions);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  const char *title = NULL;
  gboolean all = g_strcmp0 (self->session_filter, "all") == 0;

  if (workgroup == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->workgroup_selection)) == 0)
    {
      adw_window_title_set_title (self->sessions_title, _("Sessions"));
      adw_window_title_set_subtitle (self->sessions_title, NULL);
      title = _("Not Connected");
      description = g_strdup_printf (_("Workgroups and sessions appear once %s answers."),
                                     glaux_connection_get_title (self->connection));
    }
  else if (workgroup == NULL)
    {
      adw_window_title_set_title (self->sessions_title, _("Sessions"));
      adw_window_title_set_subtitle (self->sessions_title, NULL);
      title = _("No Workgroup Selected");
      description = g_strdup (_("Pick a workgroup in the sidebar, or create one with the + button."));
    }
  else
    {
      const char *name = glaux_workgroup_get_name (workgroup);
      const char *engine = glaux_workgroup_get_effective_engine_version (workgroup);

      adw_window_title_set_title (self->sessions_title, name);
      subtitle = g_strdup_printf (all ? ngettext ("%u session", "%u sessions", n_sessions)
                                      : ngettext ("%u active session", "%u active sessions", n_sessions),
                                  n_sessions);
      adw_window_title_set_subtitle (self->sessions_title, subtitle);

      if (engine != NULL && !glaux_workgroup_get_is_spark (workgroup))
        {
          title = _("A SQL Workgroup");
          description = g_strdup_printf (_("“%s” runs SQL queries with %s. Glaux manages Spark "
                                           "sessions: pick a Spark workgroup, or create one."),
                                         name, engine);
        }
      else if (glaux_workgroup_get_state (workgroup) == GLAUX_WORKGROUP_STATE_DISABLED)
        {
          title = _("Workgroup Disabled");
          description = g_strdup (_("Enable it from the workgroup menu to start sessions."));
        }
      else if (n_sessions == 0)
        {
          title = all ? _("No Sessions") : _("No Active Sessions");
          description = g_strdup (_("A session holds DPUs, and costs money, from the moment it "
                                    "starts until it is terminated or times out idle."));
        }
    }

  if (title != NULL)
    {
      adw_status_page_set_title (self->sessions_empty_page, title);
      adw_status_page_set_description (self->sessions_empty_page, description);
      gtk_widget_set_visible (self->empty_start_button,
                              workgroup != NULL && n_sessions == 0
                              && glaux_workgroup_get_is_spark (workgroup)
                              && glaux_workgroup_get_state (workgroup) != GLAUX_WORKGROUP_STATE_DISABLED);
      gtk_stack_set_visible_child_name (self->sessions_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->sessions_stack, "sessions");
    }
}

static void
update_selection_bar (GlauxConnectionView *self)
{
  guint n = count_selected (self);
  g_autofree char *label = NULL;

  label = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);
  glaux_ui_set_label (self->selection_label, label);
  gtk_action_bar_set_revealed (self->selection_bar, n > 1);
}

static void
update_content_title (GlauxConnectionView *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *region = glaux_connection_get_region (self->connection);
  gint64 updated = glaux_session_monitor_get_last_updated (self->monitor);

  title = region != NULL ? g_strdup_printf ("%s · %s", glaux_connection_get_title (self->connection), region)
                         : g_strdup (glaux_connection_get_title (self->connection));

  if (glaux_session_monitor_get_offline (self->monitor) && updated > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (updated / G_USEC_PER_SEC);
      g_autofree char *time = glaux_ui_format_time (when);

      subtitle = g_strdup_printf (_("Offline · last updated %s"), time);
    }
  else if (updated > 0)
    {
      gint64 seconds = MAX (0, (g_get_real_time () - updated) / G_USEC_PER_SEC);

      /* Seconds would redraw the header every second for nothing: the monitor polls far more
       * often than once a minute while all is well. */
      if (seconds < 60)
        subtitle = g_strdup (_("Updated just now"));
      else
        {
          g_autofree char *span = glaux_ui_format_duration (seconds * G_USEC_PER_SEC);

          subtitle = g_strdup_printf (_("Updated %s ago"), span);
        }
    }
  else if (glaux_connection_get_status (self->connection) == GLAUX_CONNECTION_STATUS_CONNECTING)
    subtitle = g_strdup (_("Connecting…"));

  if (g_strcmp0 (adw_window_title_get_title (self->content_title), title) != 0)
    adw_window_title_set_title (self->content_title, title);
  if (g_strcmp0 (adw_window_title_get_subtitle (self->content_title), subtitle) != 0)
    adw_window_title_set_subtitle (self->content_title, subtitle);
}

static void
update_connection_state (GlauxConnectionView *self)
{
  GlauxConnectionStatus status = glaux_connection_get_status (self->connection);
  const GError *error = glaux_connection_get_error (self->connection);
  gboolean have_workgroups = g_list_model_get_n_items (G_LIST_MODEL (self->workgroup_selection)) > 0;

  glaux_ui_set_label (self->connection_label, glaux_connection_get_title (self->connection));

  if (have_workgroups)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "workgroups");
  else if (status == GLAUX_CONNECTION_STATUS_UNUSABLE)
    {
      adw_status_page_set_title (self->failed_page, _("Cannot Use This Connection"));
      adw_status_page_set_description (self->failed_page,
                                       glaux_connection_get_problem (self->connection));
      gtk_stack_set_visible_child_name (self->sidebar_stack, "failed");
    }
  else if (status == GLAUX_CONNECTION_STATUS_FAILED && error != NULL)
    {
      g_autofree char *text = glaux_ui_format_error (error);

      adw_status_page_set_title (self->failed_page, _("Cannot Connect"));
      adw_status_page_set_description (self->failed_page, text);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "failed");
    }
  else if (glaux_session_monitor_get_offline (self->monitor))
    {
      const GError *offline = glaux_session_monitor_get_offline_error (self->monitor);
      g_autofree char *text = offline != NULL ? glaux_ui_format_error (offline) : NULL;

      adw_status_page_set_title (self->failed_page, _("Cannot Connect"));
      adw_status_page_set_description (self->failed_page, text);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "failed");
    }
  else
    {
      adw_status_page_set_title (self->connecting_page,
                                 glaux_connection_get_kind (self->connection) == GLAUX_CONNECTION_KIND_LOCAL
                                   ? _("Starting glaux-local…") : _("Connecting…"));
      gtk_stack_set_visible_child_name (self->sidebar_stack, "connecting");
    }

  update_actions (self);
  update_content_title (self);
  update_sessions_pane (self);
}

static void
update_banner (GlauxConnectionView *self)
{
  gboolean offline = glaux_session_monitor_get_offline (self->monitor);
  const GError *error = glaux_session_monitor_get_offline_error (self->monitor);
  gboolean credentials = error != NULL && g_error_matches (error, GLAUX_AWS_ERROR,
                                                           GLAUX_AWS_ERROR_CREDENTIALS);
  gboolean have_state = g_list_model_get_n_items (G_LIST_MODEL (self->workgroup_selection)) > 0;

  if (offline && have_state)
    {
      g_autofree char *reason = error != NULL ? glaux_ui_format_error (error) : g_strdup ("");
      g_autofree char *text = NULL;

      if (credentials)
        text = g_strdup_printf (_("The credentials were refused. Check this connection’s settings.\n"
                                  "%s\nShown: the last known state."), reason);
      else
        text = g_strdup_printf (_("Cannot reach %s.\n%s\nShown: the last known state."),
                                glaux_connection_get_title (self->connection), reason);
      glaux_ui_set_label (self->banner_label, text);
    }

  gtk_widget_set_visible (self->banner_settings_button,
                          credentials
                          && glaux_connection_get_kind (self->connection) == GLAUX_CONNECTION_KIND_KEYS);
  gtk_revealer_set_reveal_child (self->banner_revealer, offline && have_state);

  /* The last known figures stay visible but look stale until the monitor is back. */
  if (offline)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->session_list), "stale");
      gtk_widget_add_css_class (GTK_WIDGET (self->workgroup_list), "stale");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->session_list), "stale");
      gtk_widget_remove_css_class (GTK_WIDGET (self->workgroup_list), "stale");
    }

  update_connection_state (self);
}

static gboolean
clock_tick_cb (gpointer user_data)
{
  update_content_title (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- Workgroups ------------------------------------------------------------------------------ */

static gboolean
select_workgroup_by_name (GlauxConnectionView *self,
                          const char          *name)
{
  GListModel *model = G_LIST_MODEL (self->workgroup_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (model, i);

      if (g_strcmp0 (glaux_workgroup_get_name (workgroup), name) == 0)
        {
          self->selecting = TRUE;
          gtk_single_selection_set_selected (self->workgroup_selection, i);
          self->selecting = FALSE;
          return TRUE;
        }
    }

  return FALSE;
}

/* Without a choice of the user's, the first enabled Spark workgroup is selected. */
static void
select_default_workgroup (GlauxConnectionView *self)
{
  GListModel *model = G_LIST_MODEL (self->workgroup_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxWorkgroup) workgroup = g_list_model_get_item (model, i);

      if (glaux_workgroup_get_is_spark (workgroup)
          && glaux_workgroup_get_state (workgroup) != GLAUX_WORKGROUP_STATE_DISABLED)
        {
          self->selecting = TRUE;
          gtk_single_selection_set_selected (self->workgroup_selection, i);
          self->selecting = FALSE;
          return;
        }
    }
}

static void
workgroups_changed_cb (GlauxConnectionView *self)
{
  if (self->pending_workgroup != NULL && select_workgroup_by_name (self, self->pending_workgroup))
    g_clear_pointer (&self->pending_workgroup, g_free);
  else if (selected_workgroup (self) == NULL)
    select_default_workgroup (self);

  update_banner (self);
  update_sessions_pane (self);
}

static void update_content_page (GlauxConnectionView *self);

static void
workgroup_selection_changed_cb (GlauxConnectionView *self)
{
  GlauxWorkgroup *workgroup = selected_workgroup (self);

  glaux_session_monitor_set_workgroup (self->monitor,
                                       workgroup != NULL ? glaux_workgroup_get_name (workgroup) : NULL);
  if (workgroup != NULL)
    self->connection_usage = FALSE;
  update_sessions_pane (self);
  update_actions (self);
  update_content_page (self);

  /* On a folded (narrow) window a click on a workgroup goes on to its sessions. */
  if (workgroup != NULL && !self->selecting && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sessions_pane);
}

static void
workgroup_activate_cb (GlauxConnectionView *self,
                       guint                position)
{
  gtk_single_selection_set_selected (self->workgroup_selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->sessions_pane);
}

static void
workgroup_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (glaux_workgroup_row_new ()));
}

static void
workgroup_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  glaux_workgroup_row_set_workgroup (GLAUX_WORKGROUP_ROW (gtk_list_item_get_child (item)),
                                     gtk_list_item_get_item (item));
}

static void
workgroup_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  glaux_workgroup_row_set_workgroup (GLAUX_WORKGROUP_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- Sessions -------------------------------------------------------------------------------- */

/* The content pane: the selected session; without one, the usage of the selected workgroup, or
 * of the whole connection after "Usage". */
static void
update_content_page (GlauxConnectionView *self)
{
  GlauxWorkgroup *workgroup = selected_workgroup (self);

  if (glaux_session_page_get_watch (self->session_page) != NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "session");
      return;
    }

  if (!self->connection_usage && workgroup == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      return;
    }

  glaux_usage_page_set_scope (self->usage_page,
                              glaux_session_monitor_get_history_store (self->monitor),
                              self->connection,
                              self->connection_usage ? NULL : glaux_workgroup_get_name (workgroup));
  gtk_stack_set_visible_child_name (self->content_stack, "usage");
}

/* The history store reaches the monitor after the view is built (the app opens it in the
 * background): look again when shown, and on the monitor's answers while shown. */
static void
usage_page_map_cb (GlauxConnectionView *self)
{
  glaux_usage_page_set_scope (self->usage_page,
                              glaux_session_monitor_get_history_store (self->monitor),
                              self->connection,
                              glaux_usage_page_get_workgroup (self->usage_page));
}

static void
usage_page_check_store (GlauxConnectionView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self->usage_page)) &&
      glaux_usage_page_get_store (self->usage_page) != glaux_session_monitor_get_history_store (self->monitor))
    usage_page_map_cb (self);
}

static void
show_session (GlauxConnectionView *self,
              GlauxSessionWatch   *watch)
{
  if (watch == glaux_session_page_get_watch (self->session_page))
    return;

  if (watch != NULL)
    self->connection_usage = FALSE;
  glaux_session_page_set_watch (self->session_page, self->monitor, watch);
  glaux_session_monitor_set_focus (self->monitor, watch);
  update_content_page (self);
}

static void
session_selection_changed_cb (GlauxConnectionView *self)
{
  GListModel *model = G_LIST_MODEL (self->session_selection);
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->session_selection));

  if (gtk_bitset_get_size (selected) == 1)
    {
      g_autoptr(GlauxSessionWatch) watch = g_list_model_get_item (model, gtk_bitset_get_nth (selected, 0));

      show_session (self, watch);
      if (!self->selecting && adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
    }
  else if (gtk_bitset_get_size (selected) == 0)
    {
      show_session (self, NULL);
    }

  update_selection_bar (self);
  update_actions (self);
}

static gboolean
select_session_by_id (GlauxConnectionView *self,
                      const char          *session_id)
{
  GListModel *model = G_LIST_MODEL (self->session_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxSessionWatch) watch = g_list_model_get_item (model, i);

      if (g_strcmp0 (glaux_session_get_id (glaux_session_watch_get_session (watch)), session_id) == 0)
        {
          self->selecting = TRUE;
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->session_selection), i, TRUE);
          self->selecting = FALSE;
          return TRUE;
        }
    }

  return FALSE;
}

static void
sessions_changed_cb (GlauxConnectionView *self)
{
  GlauxSessionWatch *shown = glaux_session_page_get_watch (self->session_page);

  if (self->pending_session != NULL && select_session_by_id (self, self->pending_session))
    g_clear_pointer (&self->pending_session, g_free);

  /* A session that left the list (another workgroup, or ended under the "active" filter) is
   * no longer shown. */
  if (shown != NULL)
    {
      const char *id = glaux_session_get_id (glaux_session_watch_get_session (shown));

      if (glaux_session_monitor_lookup (self->monitor, id) == NULL)
        show_session (self, NULL);
    }

  update_sessions_pane (self);
  update_selection_bar (self);
  update_actions (self);
}

static void
session_activate_cb (GlauxConnectionView *self,
                     guint                position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->session_selection), position, TRUE);
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

static void
session_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (glaux_session_row_new ()));
}

static void
session_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GlauxConnectionView      *self)
{
  GlauxSessionRow *row = GLAUX_SESSION_ROW (gtk_list_item_get_child (item));

  glaux_session_row_set_connection (row, self->connection);
  glaux_session_row_set_watch (row, gtk_list_item_get_item (item));
}

static void
session_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  glaux_session_row_set_watch (GLAUX_SESSION_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- Monitor signals -------------------------------------------------------------------------- */

static void
monitor_error_cb (GlauxConnectionView *self,
                  const GError        *error)
{
  glaux_ui_show_error (GTK_WIDGET (self), error);
}

/* ---- Connection switcher ---------------------------------------------------------------------- */

static void
connection_row_activated_cb (GlauxConnectionView *self,
                             GtkListBoxRow       *row)
{
  GlauxConnection *connection = g_object_get_data (G_OBJECT (row), "glaux-connection");

  gtk_popover_popdown (self->connection_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.switch-connection", "s",
                              glaux_connection_get_id (connection));
}

static GtkWidget *
connection_row_label (const char *text,
                      gboolean    secondary)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* A bounded natural width keeps the popover from measuring the rows for one long line. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
  if (secondary)
    {
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
    }

  return label;
}

static GtkWidget *
create_connection_row (gpointer item,
                       gpointer user_data)
{
  GlauxConnectionView *self = user_data;
  GlauxConnection *connection = item;
  const char *problem = glaux_connection_get_problem (connection);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *accessible = NULL;

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), connection_row_label (glaux_connection_get_title (connection), FALSE));
  gtk_box_append (GTK_BOX (text),
                  connection_row_label (problem != NULL ? problem : glaux_connection_get_subtitle (connection),
                                        TRUE));

  if (problem != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_set_tooltip_text (icon, _("Glaux cannot use this connection yet"));
      gtk_box_append (GTK_BOX (box), icon);
    }
  gtk_box_append (GTK_BOX (box), text);

  if (connection == self->connection)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));

  if (glaux_connection_get_kind (connection) == GLAUX_CONNECTION_KIND_KEYS)
    {
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
      g_autofree char *label = g_strdup_printf (_("Edit “%s”"), glaux_connection_get_title (connection));

      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_set_tooltip_text (edit, label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "win.edit-connection");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", glaux_connection_get_id (connection));
      gtk_box_append (GTK_BOX (box), edit);
    }

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), problem == NULL);
  accessible = g_strdup_printf ("%s, %s", glaux_connection_get_title (connection),
                                problem != NULL ? problem : glaux_connection_get_subtitle (connection));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "glaux-connection", g_object_ref (connection), g_object_unref);

  return row;
}

/* ---- Actions ----------------------------------------------------------------------------------- */

static void
workgroup_saved_cb (GlauxConnectionView *self,
                    const char          *name)
{
  g_free (self->pending_workgroup);
  self->pending_workgroup = g_strdup (name);
  glaux_session_monitor_refresh (self->monitor);
}

static void
show_workgroup_dialog (GlauxConnectionView *self,
                       GlauxWorkgroup      *workgroup)
{
  GlauxWorkgroupDialog *dialog = glaux_workgroup_dialog_new (parent_window (self), self->connection,
                                                             workgroup);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (workgroup_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_workgroup_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_workgroup_dialog (GLAUX_CONNECTION_VIEW (widget), NULL);
}

static void
edit_workgroup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);

  if (selected_workgroup (self) != NULL)
    show_workgroup_dialog (self, selected_workgroup (self));
}

static void
update_work_group_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GlauxConnectionView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_athena_client_update_work_group_finish (GLAUX_ATHENA_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      glaux_ui_show_error (GTK_WIDGET (self), error);
    }

  /* Also after a failure: the workgroup may have changed or gone away under us. */
  glaux_session_monitor_refresh (self->monitor);
}

static void
set_workgroup_state (GlauxConnectionView *self,
                     GlauxWorkgroupState  state)
{
  GlauxWorkgroup *workgroup = selected_workgroup (self);
  GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);
  g_autoptr(GlauxWorkgroupParams) params = NULL;

  if (workgroup == NULL || client == NULL)
    return;

  params = glaux_workgroup_params_new (glaux_workgroup_get_name (workgroup));
  params->state = state;
  glaux_athena_client_update_work_group_async (client, params, self->cancellable,
                                               update_work_group_cb, g_object_ref (self));
}

static void
enable_workgroup_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  set_workgroup_state (GLAUX_CONNECTION_VIEW (widget), GLAUX_WORKGROUP_STATE_ENABLED);
}

static void
disable_workgroup_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_workgroup_state (GLAUX_CONNECTION_VIEW (widget), GLAUX_WORKGROUP_STATE_DISABLED);
}

static void
delete_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlauxConnectionView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_athena_client_delete_work_group_finish (GLAUX_ATHENA_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      glaux_ui_show_error (GTK_WIDGET (self), error);
    }

  glaux_session_monitor_refresh (self->monitor);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (user_data);
  const char *name = g_object_get_data (G_OBJECT (dialog), "glaux-workgroup");
  GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);

  if (!g_str_equal (response, "delete") || client == NULL)
    return;

  glaux_athena_client_delete_work_group_async (client, name, TRUE, self->cancellable,
                                               delete_finished_cb, g_object_ref (self));
}

static void
delete_workgroup_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);
  GlauxWorkgroup *workgroup = selected_workgroup (self);
  GListModel *sessions = glaux_session_monitor_get_sessions (self->monitor);
  guint n_active = 0;
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;
  const char *location;

  if (workgroup == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlauxSessionWatch) watch = g_list_model_get_item (sessions, i);

      if (!glaux_session_state_is_terminal (glaux_session_get_state (glaux_session_watch_get_session (watch))))
        n_active++;
    }

  location = glaux_workgroup_get_output_location (workgroup);
  heading = g_strdup_printf (_("Delete Workgroup “%s”?"), glaux_workgroup_get_name (workgroup));
  body = g_strdup_printf (ngettext ("Its %u active session is terminated, and its sessions, "
                                    "calculations and settings are removed from Athena. "
                                    "Result files in %s are kept.",
                                    "Its %u active sessions are terminated, and its sessions, "
                                    "calculations and settings are removed from Athena. "
                                    "Result files in %s are kept.", n_active),
                          n_active, location != NULL ? location : _("its result location"));

  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "glaux-workgroup",
                          g_strdup (glaux_workgroup_get_name (workgroup)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
session_started_cb (GlauxConnectionView *self,
                    GlauxSession        *session)
{
  GlauxSessionWatch *watch = glaux_session_monitor_add_session (self->monitor, session);

  g_free (self->pending_session);
  self->pending_session = g_strdup (glaux_session_get_id (session));
  if (watch != NULL && select_session_by_id (self, self->pending_session))
    g_clear_pointer (&self->pending_session, g_free);
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);
  GlauxWorkgroup *workgroup = selected_workgroup (self);
  GlauxStartSessionDialog *dialog;

  dialog = glaux_start_session_dialog_new (parent_window (self), self->connection,
                                           glaux_session_monitor_get_workgroups (self->monitor),
                                           workgroup != NULL ? glaux_workgroup_get_name (workgroup) : NULL);
  g_signal_connect_object (dialog, "started", G_CALLBACK (session_started_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
terminate_finished_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GlauxConnectionView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!glaux_athena_client_terminate_session_finish (GLAUX_ATHENA_CLIENT (object), result, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    glaux_ui_show_error (GTK_WIDGET (self), error);
}

static void
terminate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (user_data);
  GPtrArray *watches = g_object_get_data (G_OBJECT (dialog), "glaux-watches");
  GlauxAthenaClient *client = glaux_connection_get_athena_client (self->connection);

  if (!g_str_equal (response, "terminate") || client == NULL)
    return;

  for (guint i = 0; i < watches->len; i++)
    {
      GlauxSession *session = glaux_session_watch_get_session (g_ptr_array_index (watches, i));

      glaux_athena_client_terminate_session_async (client, glaux_session_get_id (session), session,
                                                   self->cancellable, terminate_finished_cb,
                                                   g_object_ref (self));
      glaux_session_monitor_add_session (self->monitor, session);
    }
}

static void
terminate_selected_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);
  g_autoptr(GPtrArray) watches = dup_terminable_selection (self);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (watches->len == 0)
    return;

  for (guint i = 0; i < watches->len; i++)
    {
      GlauxSession *session = glaux_session_watch_get_session (g_ptr_array_index (watches, i));

      g_string_append_printf (names, "%s• %s", i > 0 ? "\n" : "", glaux_session_get_display_name (session));
    }

  heading = g_strdup_printf (ngettext ("Terminate %u Session?", "Terminate %u Sessions?", watches->len),
                             watches->len);
  body = g_strdup_printf (_("%s\n\nRunning calculations stop and the sessions stop costing money. "
                            "A terminated session cannot be restarted."), names->str);

  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "terminate", _("_Terminate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "terminate",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "glaux-watches", g_steal_pointer (&watches),
                          (GDestroyNotify)g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (terminate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  glaux_session_monitor_refresh (GLAUX_CONNECTION_VIEW (widget)->monitor);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  glaux_session_monitor_retry (GLAUX_CONNECTION_VIEW (widget)->monitor);
}

static void
show_usage_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);

  self->connection_usage = TRUE;
  /* Showing usage replaces the session page, as picking nothing would. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->session_selection));
  show_session (self, NULL);
  update_content_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  adw_leaflet_navigate (GLAUX_CONNECTION_VIEW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
edit_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);

  gtk_widget_activate_action (widget, "win.edit-connection", "s",
                              glaux_connection_get_id (self->connection));
}

/* ---- GObject ------------------------------------------------------------------------------------ */

static void
glaux_connection_view_set_session_filter (GlauxConnectionView *self,
                                          const char          *filter)
{
  if (g_strcmp0 (self->session_filter, filter) == 0)
    return;

  g_free (self->session_filter);
  self->session_filter = g_strdup (filter);

  if (self->monitor != NULL)
    glaux_session_monitor_set_include_ended (self->monitor, g_strcmp0 (filter, "all") == 0);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "session-filter", filter);
  if (self->session_selection != NULL)
    update_sessions_pane (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_FILTER]);
}

static void
poll_intervals_changed_cb (GlauxConnectionView *self)
{
  glaux_session_monitor_set_intervals (self->monitor,
                                       g_settings_get_uint (self->settings, "poll-fast-seconds") * 1000,
                                       g_settings_get_uint (self->settings, "poll-slow-seconds") * 1000);
}

static void
connection_list_changed_cb (GlauxConnectionView *self)
{
  /* Rows are rebuilt by the list box; the title may have been edited. */
  update_connection_state (self);
}

static void
glaux_connection_view_map (GtkWidget *widget)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);

  GTK_WIDGET_CLASS (glaux_connection_view_parent_class)->map (widget);

  if (self->clock_id == 0)
    self->clock_id = g_timeout_add_seconds (1, clock_tick_cb, self);
  update_content_title (self);
}

static void
glaux_connection_view_unmap (GtkWidget *widget)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (widget);

  g_clear_handle_id (&self->clock_id, g_source_remove);

  GTK_WIDGET_CLASS (glaux_connection_view_parent_class)->unmap (widget);
}

static void
glaux_connection_view_constructed (GObject *object)
{
  GlauxConnectionView *self = (GlauxConnectionView *)object;
  GtkListItemFactory *factory;
  g_autofree char *filter = NULL;

  G_OBJECT_CLASS (glaux_connection_view_parent_class)->constructed (object);

  self->monitor = glaux_session_monitor_dup_for_connection (self->connection);
  self->settings = g_settings_new (BASE_ID);
  poll_intervals_changed_cb (self);
  g_signal_connect_object (self->settings, "changed::poll-fast-seconds",
                           G_CALLBACK (poll_intervals_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::poll-slow-seconds",
                           G_CALLBACK (poll_intervals_changed_cb), self, G_CONNECT_SWAPPED);
  filter = g_settings_get_string (self->settings, "session-filter");
  glaux_connection_view_set_session_filter (self, filter);
  glaux_session_monitor_set_include_ended (self->monitor, g_str_equal (filter, "all"));

  /* Workgroups */
  self->workgroup_selection =
    gtk_single_selection_new (g_object_ref (glaux_session_monitor_get_workgroups (self->monitor)));
  gtk_single_selection_set_autoselect (self->workgroup_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->workgroup_selection, TRUE);
  gtk_single_selection_set_selected (self->workgroup_selection, GTK_INVALID_LIST_POSITION);
  /* After the list view has taken the change in, so selecting from the handler is safe. */
  g_signal_connect_object (self->workgroup_selection, "items-changed",
                           G_CALLBACK (workgroups_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->workgroup_selection, "selection-changed",
                           G_CALLBACK (workgroup_selection_changed_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (workgroup_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (workgroup_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (workgroup_unbind_cb), NULL);
  gtk_list_view_set_factory (self->workgroup_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->workgroup_list, GTK_SELECTION_MODEL (self->workgroup_selection));

  /* Sessions */
  self->session_selection =
    gtk_multi_selection_new (g_object_ref (glaux_session_monitor_get_sessions (self->monitor)));
  g_signal_connect_object (self->session_selection, "items-changed",
                           G_CALLBACK (sessions_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->session_selection, "selection-changed",
                           G_CALLBACK (session_selection_changed_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (session_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (session_bind_cb), self, 0);
  g_signal_connect (factory, "unbind", G_CALLBACK (session_unbind_cb), NULL);
  gtk_list_view_set_factory (self->session_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->session_list, GTK_SELECTION_MODEL (self->session_selection));

  /* Connections */
  gtk_list_box_bind_model (self->connection_list_box, G_LIST_MODEL (self->connections),
                           create_connection_row, self, NULL);
  g_signal_connect_object (self->connections, "items-changed",
                           G_CALLBACK (connection_list_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->connection, "notify",
                           G_CALLBACK (update_connection_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::offline",
                           G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::offline-error",
                           G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::last-updated",
                           G_CALLBACK (update_content_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::last-updated",
                           G_CALLBACK (usage_page_check_store), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "error",
                           G_CALLBACK (monitor_error_cb), self, G_CONNECT_SWAPPED);

  update_banner (self);
  update_sessions_pane (self);
  update_selection_bar (self);

  glaux_session_monitor_start (self->monitor);
}

static void
glaux_connection_view_dispose (GObject *object)
{
  GlauxConnectionView *self = (GlauxConnectionView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->monitor != NULL)
    glaux_session_monitor_stop (self->monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_CONNECTION_VIEW);
  /* The template's top widget has no id, so disposing the template leaves it in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->workgroup_selection);
  g_clear_object (&self->session_selection);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  g_clear_object (&self->connections);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (glaux_connection_view_parent_class)->dispose (object);
}

static void
glaux_connection_view_finalize (GObject *object)
{
  GlauxConnectionView *self = (GlauxConnectionView *)object;

  g_free (self->session_filter);
  g_free (self->pending_workgroup);
  g_free (self->pending_session);

  G_OBJECT_CLASS (glaux_connection_view_parent_class)->finalize (object);
}

static void
glaux_connection_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_SESSION_FILTER:
      g_value_set_string (value, self->session_filter);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_connection_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GlauxConnectionView *self = GLAUX_CONNECTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_CONNECTIONS:
      self->connections = g_value_dup_object (value);
      break;

    case PROP_SESSION_FILTER:
      glaux_connection_view_set_session_filter (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_connection_view_class_init (GlauxConnectionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = glaux_connection_view_constructed;
  object_class->dispose = glaux_connection_view_dispose;
  object_class->finalize = glaux_connection_view_finalize;
  object_class->get_property = glaux_connection_view_get_property;
  object_class->set_property = glaux_connection_view_set_property;

  widget_class->map = glaux_connection_view_map;
  widget_class->unmap = glaux_connection_view_unmap;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, GLAUX_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, GLAUX_TYPE_CONNECTION_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION_FILTER] =
    g_param_spec_string ("session-filter", NULL, NULL, "active",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLAUX_TYPE_SESSION_PAGE);
  g_type_ensure (GLAUX_TYPE_USAGE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-connection-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, sessions_pane);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, content_pane);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, connection_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, connection_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, connection_popover);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, connection_list_box);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, banner_settings_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, failed_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, workgroup_list);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, sessions_title);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, sessions_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, sessions_empty_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, empty_start_button);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, session_list);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, content_title);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, session_page);
  gtk_widget_class_bind_template_child (widget_class, GlauxConnectionView, usage_page);
  gtk_widget_class_bind_template_callback (widget_class, workgroup_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, session_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, usage_page_map_cb);

  gtk_widget_class_install_action (widget_class, "view.new-workgroup", NULL, new_workgroup_action);
  gtk_widget_class_install_action (widget_class, "view.edit-workgroup", NULL, edit_workgroup_action);
  gtk_widget_class_install_action (widget_class, "view.enable-workgroup", NULL, enable_workgroup_action);
  gtk_widget_class_install_action (widget_class, "view.disable-workgroup", NULL, disable_workgroup_action);
  gtk_widget_class_install_action (widget_class, "view.delete-workgroup", NULL, delete_workgroup_action);
  gtk_widget_class_install_action (widget_class, "view.new-session", NULL, new_session_action);
  gtk_widget_class_install_action (widget_class, "view.terminate-selected", NULL, terminate_selected_action);
  gtk_widget_class_install_action (widget_class, "view.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "view.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "view.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "view.show-usage", NULL, show_usage_action);
  gtk_widget_class_install_action (widget_class, "view.edit-connection", NULL, edit_connection_action);
  gtk_widget_class_install_property_action (widget_class, "view.session-filter", "session-filter");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
glaux_connection_view_init (GlauxConnectionView *self)
{
  GtkEventController *shortcuts;

  self->cancellable = g_cancellable_new ();
  self->session_filter = g_strdup ("active");

  gtk_widget_init_template (GTK_WIDGET (self));
  glaux_ui_spin_while_mapped (self->connecting_spinner);

  /* Delete terminates the selected sessions while the session list has the focus, so it never
   * steals the key from a text field. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("view.terminate-selected")));
  gtk_widget_add_controller (GTK_WIDGET (self->session_list), shortcuts);
}

GlauxConnectionView *
glaux_connection_view_new (GlauxConnection     *connection,
                           GlauxConnectionList *connections)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (GLAUX_IS_CONNECTION_LIST (connections), NULL);

  return g_object_new (GLAUX_TYPE_CONNECTION_VIEW,
                       "connection", connection,
                       "connections", connections,
                       NULL);
}

GlauxConnection *
glaux_connection_view_get_connection (GlauxConnectionView *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_VIEW (self), NULL);

  return self->connection;
}

GlauxSessionMonitor *
glaux_connection_view_get_monitor (GlauxConnectionView *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_VIEW (self), NULL);

  return self->monitor;
}

void
glaux_connection_view_select_workgroup (GlauxConnectionView *self,
                                        const char          *name)
{
  g_return_if_fail (GLAUX_IS_CONNECTION_VIEW (self));

  g_clear_pointer (&self->pending_workgroup, g_free);
  if (!select_workgroup_by_name (self, name))
    self->pending_workgroup = g_strdup (name);
}

gboolean
glaux_connection_view_select_session (GlauxConnectionView *self,
                                      const char          *session_id)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION_VIEW (self), FALSE);

  return select_session_by_id (self, session_id);
}
