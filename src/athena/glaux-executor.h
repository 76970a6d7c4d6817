/* glaux-executor.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-athena-types.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_EXECUTOR (glaux_executor_get_type ())

G_DECLARE_FINAL_TYPE (GlauxExecutor, glaux_executor, GLAUX, EXECUTOR, GObject)

GlauxExecutor      *glaux_executor_new                       (const char    *executor_id);
GlauxExecutor      *glaux_executor_new_from_json             (JsonObject    *json);
void                glaux_executor_update_from_json          (GlauxExecutor *self,
                                                              JsonObject    *json);
void                glaux_executor_set_session_id            (GlauxExecutor *self,
                                                              const char    *session_id);
const char         *glaux_executor_get_id                    (GlauxExecutor *self);
const char         *glaux_executor_get_session_id            (GlauxExecutor *self);
GlauxExecutorType   glaux_executor_get_executor_type         (GlauxExecutor *self);
const char         *glaux_executor_get_type_name             (GlauxExecutor *self);
gint64              glaux_executor_get_size                  (GlauxExecutor *self);
GlauxExecutorState  glaux_executor_get_state                 (GlauxExecutor *self);
const char         *glaux_executor_get_state_name            (GlauxExecutor *self);
gint64              glaux_executor_get_start_date_time       (GlauxExecutor *self);
gint64              glaux_executor_get_termination_date_time (GlauxExecutor *self);

G_END_DECLS
