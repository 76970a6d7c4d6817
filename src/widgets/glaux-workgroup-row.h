/* glaux-workgroup-row.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-workgroup.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_WORKGROUP_ROW (glaux_workgroup_row_get_type ())

/* A workgroup in the sidebar: its name, its engine, and tags for SQL-only and disabled
 * workgroups, which cannot be used for Spark sessions. */
G_DECLARE_FINAL_TYPE (GlauxWorkgroupRow, glaux_workgroup_row, GLAUX, WORKGROUP_ROW, GtkWidget)

GlauxWorkgroupRow *glaux_workgroup_row_new           (void);
void               glaux_workgroup_row_set_workgroup (GlauxWorkgroupRow *self,
                                                      GlauxWorkgroup    *workgroup);

G_END_DECLS
