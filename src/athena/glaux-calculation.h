/* glaux-calculation.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-athena-types.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_CALCULATION (glaux_calculation_get_type ())

G_DECLARE_FINAL_TYPE (GlauxCalculation, glaux_calculation, GLAUX, CALCULATION, GObject)

GlauxCalculation      *glaux_calculation_new                       (const char       *calculation_id);
GlauxCalculation      *glaux_calculation_new_from_json             (JsonObject       *json);
void                   glaux_calculation_update_from_json          (GlauxCalculation *self,
                                                                    JsonObject       *json);
void                   glaux_calculation_set_session_id            (GlauxCalculation *self,
                                                                    const char       *session_id);
void                   glaux_calculation_set_code                  (GlauxCalculation *self,
                                                                    const char       *code);
const char            *glaux_calculation_get_id                    (GlauxCalculation *self);
const char            *glaux_calculation_get_session_id            (GlauxCalculation *self);
const char            *glaux_calculation_get_description           (GlauxCalculation *self);
GlauxCalculationState  glaux_calculation_get_state                 (GlauxCalculation *self);
const char            *glaux_calculation_get_state_name            (GlauxCalculation *self);
const char            *glaux_calculation_get_state_change_reason   (GlauxCalculation *self);
GDateTime             *glaux_calculation_get_submission_time       (GlauxCalculation *self);
GDateTime             *glaux_calculation_get_completion_time       (GlauxCalculation *self);
gint64                 glaux_calculation_get_dpu_execution_millis  (GlauxCalculation *self);
const char            *glaux_calculation_get_progress              (GlauxCalculation *self);
const char            *glaux_calculation_get_stdout_uri            (GlauxCalculation *self);
const char            *glaux_calculation_get_stderr_uri            (GlauxCalculation *self);
const char            *glaux_calculation_get_result_uri            (GlauxCalculation *self);
const char            *glaux_calculation_get_result_type           (GlauxCalculation *self);
const char            *glaux_calculation_get_working_directory     (GlauxCalculation *self);
const char            *glaux_calculation_get_code                  (GlauxCalculation *self);

G_END_DECLS
