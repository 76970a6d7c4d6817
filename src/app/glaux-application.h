/* glaux-application.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_APPLICATION (glaux_application_get_type ())

G_DECLARE_FINAL_TYPE (GlauxApplication, glaux_application, GLAUX, APPLICATION, AdwApplication)

GlauxApplication *glaux_application_new (GApplicationFlags flags);

G_END_DECLS
