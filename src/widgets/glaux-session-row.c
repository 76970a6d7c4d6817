/* glaux-session-row.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-session-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-cost-model.h"
#include "glaux-session-row.h"
#include "glaux-ui-util.h"

struct _GlauxSessionRow
{
  GtkWidget          parent_instance;

  /* Owned References */
  GlauxSessionWatch *watch;
  GSignalGroup      *watch_signals;
  GSignalGroup      *session_signals;
  GlauxConnection   *connection;
  char              *accessible_label;

  /* Template Widgets */
  GtkLabel          *details_label;
  GtkLabel          *state_label;
  GtkLabel          *title_label;

  guint              tick_id;
  guint              stale : 1;
};

G_DEFINE_FINAL_TYPE (GlauxSessionRow, glaux_session_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WATCH,
  PROP_CONNECTION,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* From the start to now, or to the end for a session that has ended; -1 when not started. */
static GTimeSpan
session_age (GlauxSession *session)
{
  GDateTime *start = glaux_session_get_start_time (session);
  GDateTime *end = glaux_session_get_end_time (session);
  g_autoptr(GDateTime) now = NULL;

  if (start == NULL)
    return -1;
  if (end != NULL)
    return g_date_time_difference (end, start);

  now = g_date_time_new_now_utc ();

  return g_date_time_difference (now, start);
}

/* The spoken form of an age: screen readers read "12 minutes", not "12 min". */
static char *
format_spoken_age (GTimeSpan age)
{
  gint64 minutes = MAX (age, 0) / G_TIME_SPAN_MINUTE;

  if (minutes < 1)
    return g_strdup (_("less than a minute"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                            (int)minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", minutes / 60),
                            (int)(minutes / 60));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", minutes / 1440),
                          (int)(minutes / 1440));
}

static void
glaux_session_row_update (GlauxSessionRow *self)
{
  g_autofree char *age = NULL;
  g_autofree char *spoken_age = NULL;
  g_autofree char *dpus = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  const char *css_classes[] = { "state-badge", NULL, NULL, NULL };
  GlauxSession *session;
  const char *title;
  const char *state;
  GTimeSpan span;
  int dpus_now;

  g_assert (GLAUX_IS_SESSION_ROW (self));

  if (self->watch == NULL)
    return;

  session = glaux_session_watch_get_session (self->watch);
  title = glaux_session_get_display_name (session);
  state = glaux_session_get_state_name (session);
  if (state == NULL)
    state = "UNKNOWN";

  glaux_ui_set_label (self->title_label, title);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->title_label)),
                 glaux_session_get_id (session)) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), glaux_session_get_id (session));
  glaux_ui_set_label (self->state_label, state);
  /* Setting classes restyles and redraws the badge even when they are the same, and this runs
   * every second for every row. */
  css_classes[1] = glaux_ui_state_css_class (state);
  css_classes[2] = self->stale ? "stale" : NULL;
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->state_label), css_classes[1])
      || gtk_widget_has_css_class (GTK_WIDGET (self->state_label), "stale") != self->stale)
    gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), css_classes);

  span = session_age (session);
  age = span < 0 ? g_strdup ("—") : glaux_ui_format_duration (span);
  spoken_age = span < 0 ? g_strdup (_("not started")) : format_spoken_age (span);
  dpus_now = glaux_session_watch_get_dpus_now (self->watch);
  dpus = dpus_now < 0 ? g_strdup ("—") : g_strdup_printf (_("%d DPU"), dpus_now);
  cost = glaux_cost_model_format_amount (
    glaux_ui_cost_on_connection (self->connection, glaux_session_get_dpu_execution_millis (session)));

  /* Translators: age · DPUs now · cost so far, e.g. "12 min · 1 DPU · $0.01". */
  details = g_strdup_printf (_("%s · %s · %s"), age, dpus, cost);
  glaux_ui_set_label (self->details_label, details);

  /* Translators: the accessible summary of a session in the list:
   * "Session <name>, <STATE>, <age>, <DPUs>, <cost>". */
  accessible = g_strdup_printf (_("Session %s, %s, %s, %s, %s"),
                                title, state, spoken_age, dpus, cost);
  if (g_strcmp0 (accessible, self->accessible_label) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      g_free (self->accessible_label);
      self->accessible_label = g_steal_pointer (&accessible);
    }
}

static gboolean
glaux_session_row_tick_cb (gpointer user_data)
{
  glaux_session_row_update (GLAUX_SESSION_ROW (user_data));

  return G_SOURCE_CONTINUE;
}

/* The age only needs to move while someone can see it. */
static void
glaux_session_row_map (GtkWidget *widget)
{
  GlauxSessionRow *self = GLAUX_SESSION_ROW (widget);

  GTK_WIDGET_CLASS (glaux_session_row_parent_class)->map (widget);

  glaux_session_row_update (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, glaux_session_row_tick_cb, self);
}

static void
glaux_session_row_unmap (GtkWidget *widget)
{
  GlauxSessionRow *self = GLAUX_SESSION_ROW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (glaux_session_row_parent_class)->unmap (widget);
}

static void
glaux_session_row_dispose (GObject *object)
{
  GlauxSessionRow *self = (GlauxSessionRow *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->watch_signals != NULL)
    g_signal_group_set_target (self->watch_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->watch_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->watch);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_SESSION_ROW);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (glaux_session_row_parent_class)->dispose (object);
}

static void
glaux_session_row_finalize (GObject *object)
{
  GlauxSessionRow *self = (GlauxSessionRow *)object;

  g_clear_object (&self->connection);
  g_clear_pointer (&self->accessible_label, g_free);

  G_OBJECT_CLASS (glaux_session_row_parent_class)->finalize (object);
}

static void
glaux_session_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxSessionRow *self = GLAUX_SESSION_ROW (object);

  switch (prop_id)
    {
    case PROP_WATCH:
      g_value_set_object (value, self->watch);
      break;

    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlauxSessionRow *self = GLAUX_SESSION_ROW (object);

  switch (prop_id)
    {
    case PROP_WATCH:
      glaux_session_row_set_watch (self, g_value_get_object (value));
      break;

    case PROP_CONNECTION:
      glaux_session_row_set_connection (self, g_value_get_object (value));
      break;

    case PROP_STALE:
      glaux_session_row_set_stale (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_row_class_init (GlauxSessionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_session_row_dispose;
  object_class->finalize = glaux_session_row_finalize;
  object_class->get_property = glaux_session_row_get_property;
  object_class->set_property = glaux_session_row_set_property;

  widget_class->map = glaux_session_row_map;
  widget_class->unmap = glaux_session_row_unmap;

  properties[PROP_WATCH] =
    g_param_spec_object ("watch", NULL, NULL, GLAUX_TYPE_SESSION_WATCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, GLAUX_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-session-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxSessionRow, title_label);

  gtk_widget_class_set_css_name (widget_class, "glaux-session-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
glaux_session_row_init (GlauxSessionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The watch changes when a list item is recycled; signal groups follow it. */
  self->watch_signals = g_signal_group_new (GLAUX_TYPE_SESSION_WATCH);
  g_signal_group_connect_object (self->watch_signals, "notify::dpus-now",
                                 G_CALLBACK (glaux_session_row_update), self, G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (GLAUX_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify",
                                 G_CALLBACK (glaux_session_row_update), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (glaux_cost_model_get_default (), "changed",
                           G_CALLBACK (glaux_session_row_update), self, G_CONNECT_SWAPPED);
}

GlauxSessionRow *
glaux_session_row_new (void)
{
  return g_object_new (GLAUX_TYPE_SESSION_ROW, NULL);
}

GlauxSessionWatch *
glaux_session_row_get_watch (GlauxSessionRow *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_ROW (self), NULL);

  return self->watch;
}

void
glaux_session_row_set_watch (GlauxSessionRow   *self,
                             GlauxSessionWatch *watch)
{
  g_return_if_fail (GLAUX_IS_SESSION_ROW (self));
  g_return_if_fail (!watch || GLAUX_IS_SESSION_WATCH (watch));

  if (!g_set_object (&self->watch, watch))
    return;

  g_signal_group_set_target (self->watch_signals, watch);
  g_signal_group_set_target (self->session_signals,
                             watch != NULL ? glaux_session_watch_get_session (watch) : NULL);
  glaux_session_row_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH]);
}

void
glaux_session_row_set_connection (GlauxSessionRow *self,
                                  GlauxConnection *connection)
{
  g_return_if_fail (GLAUX_IS_SESSION_ROW (self));
  g_return_if_fail (connection == NULL || GLAUX_IS_CONNECTION (connection));

  if (!g_set_object (&self->connection, connection))
    return;

  glaux_session_row_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

void
glaux_session_row_set_stale (GlauxSessionRow *self,
                             gboolean         stale)
{
  g_return_if_fail (GLAUX_IS_SESSION_ROW (self));

  stale = !!stale;
  if (self->stale == stale)
    return;

  self->stale = stale;
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->details_label), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->details_label), "stale");
  /* The badge's classes are rebuilt there, "stale" included. */
  glaux_session_row_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}
