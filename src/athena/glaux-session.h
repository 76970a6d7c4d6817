/* glaux-session.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-athena-types.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_SESSION (glaux_session_get_type ())

G_DECLARE_FINAL_TYPE (GlauxSession, glaux_session, GLAUX, SESSION, GObject)

GlauxSession      *glaux_session_new                            (const char   *session_id);
GlauxSession      *glaux_session_new_from_json                  (JsonObject   *json);
void               glaux_session_update_from_json               (GlauxSession *self,
                                                                 JsonObject   *json);
void               glaux_session_set_workgroup                  (GlauxSession *self,
                                                                 const char   *workgroup);
const char        *glaux_session_get_id                         (GlauxSession *self);
const char        *glaux_session_get_workgroup                  (GlauxSession *self);
const char        *glaux_session_get_description                (GlauxSession *self);
const char        *glaux_session_get_display_name               (GlauxSession *self);
const char        *glaux_session_get_engine_version             (GlauxSession *self);
const char        *glaux_session_get_notebook_version           (GlauxSession *self);
GlauxSessionState  glaux_session_get_state                      (GlauxSession *self);
const char        *glaux_session_get_state_name                 (GlauxSession *self);
const char        *glaux_session_get_state_change_reason        (GlauxSession *self);
GDateTime         *glaux_session_get_start_time                 (GlauxSession *self);
GDateTime         *glaux_session_get_last_modified_time         (GlauxSession *self);
GDateTime         *glaux_session_get_end_time                   (GlauxSession *self);
GDateTime         *glaux_session_get_idle_since_time            (GlauxSession *self);
int                glaux_session_get_coordinator_dpu_size       (GlauxSession *self);
int                glaux_session_get_max_concurrent_dpus        (GlauxSession *self);
int                glaux_session_get_default_executor_dpu_size  (GlauxSession *self);
GHashTable        *glaux_session_get_spark_properties           (GlauxSession *self);
GHashTable        *glaux_session_get_additional_configs         (GlauxSession *self);
int                glaux_session_get_idle_timeout_minutes       (GlauxSession *self);
gint64             glaux_session_get_idle_timeout_seconds       (GlauxSession *self);
const char        *glaux_session_get_working_directory          (GlauxSession *self);
const char        *glaux_session_get_execution_role             (GlauxSession *self);
gint64             glaux_session_get_dpu_execution_millis       (GlauxSession *self);

G_END_DECLS
