/* glaux-ui-util.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-connection.h"

G_BEGIN_DECLS

/* "ErrorName: message" for AWS service errors, the plain message otherwise. */
char     *glaux_ui_format_error    (const GError *error);
/* Shows @error as a toast in the nearest AdwToastOverlay above @widget (the window's). */
void      glaux_ui_show_error      (GtkWidget    *widget,
                                    const GError *error);
void      glaux_ui_show_toast      (GtkWidget    *widget,
                                    const char   *title);
/* While a dialog's request runs its form is insensitive: the focus waits on @holder (the
 * Cancel button) in *@saved's stead, and glaux_ui_return_focus() puts it back. */
void      glaux_ui_park_focus      (GtkWindow    *window,
                                    GtkWidget    *holder,
                                    GtkWidget   **saved);
void      glaux_ui_return_focus    (GtkWidget   **saved);
/* A dialog's error card: @text in @label, @group and @revealer shown; NULL hides them. */
void      glaux_ui_set_error_card  (GtkLabel     *label,
                                    GtkWidget    *group,
                                    GtkRevealer  *revealer,
                                    const char   *text);
/* A duration in words: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
char     *glaux_ui_format_duration (GTimeSpan     span);
/* A time of day for today ("14:03"), with the date otherwise ("21 Nov 14:03"); "—" for NULL. */
char     *glaux_ui_format_time     (GDateTime    *time);
/* CSS class for a session, calculation or executor state badge: "state-active" (starting,
 * busy), "state-idle", "state-ended", "state-failed". */
const char *glaux_ui_state_css_class (const char *state_name);
/* gtk_label_set_label() relayouts the whole window even for the same text (an X round trip per
 * call on X11); figures refreshed every second or every poll go through this instead. */
void      glaux_ui_set_label       (GtkLabel     *label,
                                    const char   *text);
/* A spinner in a hidden stack page still animates every frame in GTK 4.8 (its CSS animation
 * runs while unmapped); this one spins only while it can be seen. */
void      glaux_ui_spin_while_mapped (GtkSpinner *spinner);
/* Before GTK opens a display: GTK's cairo renderer where GL would be software (no GPU). */
void      glaux_ui_choose_renderer (void);
/* Estimated dollars for @dpu_millis at @connection's price (its own, else its region's; %NULL:
 * the default price), from glaux_cost_model_get_default(). */
double    glaux_ui_cost_on_connection (GlauxConnection *connection,
                                       gint64           dpu_millis);

G_END_DECLS
