/* glaux-usage-page.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-chart.h"
#include "glaux-connection.h"
#include "glaux-history-store.h"

G_BEGIN_DECLS

#define GLAUX_USAGE_PAGE_DAYS 30

#define GLAUX_TYPE_USAGE_PAGE (glaux_usage_page_get_type ())

/* DPU usage of one workgroup or of a whole connection from the history: DPU-hours (columns,
 * left axis) and estimated cost (right axis) per day for the last 30 days, with an export menu;
 * below, this month's total, its projection to the month's end and the busiest day. With
 * nothing recorded it says why instead of drawing an empty chart. Reads off the main thread,
 * again when shown, every few minutes while shown, and when prices change.
 * Property: loading (gboolean). */
G_DECLARE_FINAL_TYPE (GlauxUsagePage, glaux_usage_page, GLAUX, USAGE_PAGE, GtkWidget)

GlauxUsagePage    *glaux_usage_page_new           (void);
/* @store NULL: no history (yet); @workgroup NULL: the whole connection. */
void               glaux_usage_page_set_scope     (GlauxUsagePage    *self,
                                                   GlauxHistoryStore *store,
                                                   GlauxConnection   *connection,
                                                   const char        *workgroup);
GlauxHistoryStore *glaux_usage_page_get_store     (GlauxUsagePage    *self);
const char        *glaux_usage_page_get_workgroup (GlauxUsagePage    *self);
/* Reads the figures again (those shown stay until the answer). */
void               glaux_usage_page_reload        (GlauxUsagePage    *self);
gboolean           glaux_usage_page_get_loading   (GlauxUsagePage    *self);
/* The figures shown (NULL before the first answer). */
GlauxHistoryDaily *glaux_usage_page_get_daily     (GlauxUsagePage    *self);
GlauxChart        *glaux_usage_page_get_chart     (GlauxUsagePage    *self);

G_END_DECLS
