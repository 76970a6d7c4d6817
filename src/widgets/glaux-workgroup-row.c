/* glaux-workgroup-row.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-workgroup-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-ui-util.h"
#include "glaux-workgroup-row.h"

struct _GlauxWorkgroupRow
{
  GtkWidget       parent_instance;

  GSignalGroup   *workgroup_signals;

  /* Template Widgets */
  GtkLabel       *name_label;
  GtkLabel       *tag_label;
  GtkLabel       *engine_label;
};

G_DEFINE_FINAL_TYPE (GlauxWorkgroupRow, glaux_workgroup_row, GTK_TYPE_WIDGET)

static void
glaux_workgroup_row_update (GlauxWorkgroupRow *self)
{
  GlauxWorkgroup *workgroup = g_signal_group_dup_target (self->workgroup_signals);
  g_autoptr(GlauxWorkgroup) owned = workgroup;
  const char *engine;
  const char *tag = NULL;
  g_autofree char *accessible = NULL;

  if (workgroup == NULL)
    return;

  engine = glaux_workgroup_get_effective_engine_version (workgroup);
  if (engine == NULL)
    engine = glaux_workgroup_get_selected_engine_version (workgroup);

  if (glaux_workgroup_get_state (workgroup) == GLAUX_WORKGROUP_STATE_DISABLED)
    tag = _("Disabled");
  else if (engine != NULL && !glaux_workgroup_get_is_spark (workgroup))
    tag = _("SQL only");

  glaux_ui_set_label (self->name_label, glaux_workgroup_get_name (workgroup));
  glaux_ui_set_label (self->engine_label, engine != NULL ? engine : _("Engine not known yet"));
  glaux_ui_set_label (self->tag_label, tag);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_label), tag != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               tag != NULL && !g_str_equal (tag, _("Disabled"))
                                 ? _("A SQL workgroup: Glaux runs Spark sessions only")
                                 : NULL);

  accessible = g_strdup_printf ("%s, %s%s%s", glaux_workgroup_get_name (workgroup),
                                engine != NULL ? engine : "", tag != NULL ? ", " : "",
                                tag != NULL ? tag : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
glaux_workgroup_row_dispose (GObject *object)
{
  GlauxWorkgroupRow *self = (GlauxWorkgroupRow *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_WORKGROUP_ROW);
  /* The template's top widget has no id, so disposing the template leaves it in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->workgroup_signals);

  G_OBJECT_CLASS (glaux_workgroup_row_parent_class)->dispose (object);
}

static void
glaux_workgroup_row_class_init (GlauxWorkgroupRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_workgroup_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-workgroup-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupRow, tag_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxWorkgroupRow, engine_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
glaux_workgroup_row_init (GlauxWorkgroupRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->workgroup_signals = g_signal_group_new (GLAUX_TYPE_WORKGROUP);
  g_signal_group_connect_swapped (self->workgroup_signals, "notify",
                                  G_CALLBACK (glaux_workgroup_row_update), self);
}

GlauxWorkgroupRow *
glaux_workgroup_row_new (void)
{
  return g_object_new (GLAUX_TYPE_WORKGROUP_ROW, NULL);
}

void
glaux_workgroup_row_set_workgroup (GlauxWorkgroupRow *self,
                                   GlauxWorkgroup    *workgroup)
{
  g_return_if_fail (GLAUX_IS_WORKGROUP_ROW (self));
  g_return_if_fail (workgroup == NULL || GLAUX_IS_WORKGROUP (workgroup));

  g_signal_group_set_target (self->workgroup_signals, workgroup);
  glaux_workgroup_row_update (self);
}
