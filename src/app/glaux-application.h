/* glaux-application.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "glaux-alert-monitor.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_APPLICATION (glaux_application_get_type ())

G_DECLARE_FINAL_TYPE (GlauxApplication, glaux_application, GLAUX, APPLICATION, AdwApplication)

/* App actions besides preferences, about and quit: benchmarks (Ctrl+B) opens the benchmark
 * window; for notifications and toasts, terminate-session, keep-session and show-session take
 * "(ss)" (connection id, session id), show-connection takes "s", show-window none. Files given
 * on the command line are imported into the benchmark library. Property background-hold (gboolean): held for
 * "run in background". Signal notification-sent (char *id, char *title, char *body). */
GlauxApplication  *glaux_application_new                 (GApplicationFlags  flags);
gboolean           glaux_application_get_background_hold (GlauxApplication  *self);
GlauxAlertMonitor *glaux_application_get_alert_monitor   (GlauxApplication  *self,
                                                          const char        *connection_id);

G_END_DECLS
