/* glaux-workgroup.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-athena-types.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_WORKGROUP (glaux_workgroup_get_type ())

G_DECLARE_FINAL_TYPE (GlauxWorkgroup, glaux_workgroup, GLAUX, WORKGROUP, GObject)

GlauxWorkgroup      *glaux_workgroup_new                              (const char     *name);
GlauxWorkgroup      *glaux_workgroup_new_from_json                    (JsonObject     *json);
void                 glaux_workgroup_update_from_json                 (GlauxWorkgroup *self,
                                                                       JsonObject     *json);
const char          *glaux_workgroup_get_name                         (GlauxWorkgroup *self);
GlauxWorkgroupState  glaux_workgroup_get_state                        (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_state_name                   (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_description                  (GlauxWorkgroup *self);
GDateTime           *glaux_workgroup_get_creation_time                (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_selected_engine_version      (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_effective_engine_version     (GlauxWorkgroup *self);
gboolean             glaux_workgroup_get_is_spark                     (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_output_location              (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_result_encryption_option     (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_result_kms_key               (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_execution_role               (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_customer_content_kms_key     (GlauxWorkgroup *self);
const char          *glaux_workgroup_get_additional_configuration     (GlauxWorkgroup *self);
int                  glaux_workgroup_get_default_max_concurrent_dpus  (GlauxWorkgroup *self);
gboolean             glaux_workgroup_get_enforce_configuration        (GlauxWorkgroup *self);
gboolean             glaux_workgroup_get_publish_cloudwatch_metrics   (GlauxWorkgroup *self);
gboolean             glaux_workgroup_get_requester_pays               (GlauxWorkgroup *self);

G_END_DECLS
