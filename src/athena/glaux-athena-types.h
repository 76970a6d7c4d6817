/* glaux-athena-types.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GlauxAthenaClient        GlauxAthenaClient;
typedef struct _GlauxCalculation         GlauxCalculation;
typedef struct _GlauxExecutor            GlauxExecutor;
typedef struct _GlauxSession             GlauxSession;
typedef struct _GlauxWorkgroup           GlauxWorkgroup;

typedef struct _GlauxApplicationDpuSizes GlauxApplicationDpuSizes;
typedef struct _GlauxEngineVersion       GlauxEngineVersion;
typedef struct _GlauxSessionEndpoint     GlauxSessionEndpoint;
typedef struct _GlauxStartSessionParams  GlauxStartSessionParams;
typedef struct _GlauxWorkgroupParams     GlauxWorkgroupParams;

/* Wire enums. UNKNOWN is a value the wire never sends: it stands for "not known yet" and for a
 * string this version of Glaux does not know; resources keep that raw string alongside. */
typedef enum
{
  GLAUX_SESSION_STATE_UNKNOWN,
  GLAUX_SESSION_STATE_CREATING,
  GLAUX_SESSION_STATE_CREATED,
  GLAUX_SESSION_STATE_IDLE,
  GLAUX_SESSION_STATE_BUSY,
  GLAUX_SESSION_STATE_TERMINATING,
  GLAUX_SESSION_STATE_TERMINATED,
  GLAUX_SESSION_STATE_DEGRADED,
  GLAUX_SESSION_STATE_FAILED,
} GlauxSessionState;

typedef enum
{
  GLAUX_CALCULATION_STATE_UNKNOWN,
  GLAUX_CALCULATION_STATE_CREATING,
  GLAUX_CALCULATION_STATE_CREATED,
  GLAUX_CALCULATION_STATE_QUEUED,
  GLAUX_CALCULATION_STATE_RUNNING,
  GLAUX_CALCULATION_STATE_CANCELING,
  GLAUX_CALCULATION_STATE_CANCELED,
  GLAUX_CALCULATION_STATE_COMPLETED,
  GLAUX_CALCULATION_STATE_FAILED,
} GlauxCalculationState;

typedef enum
{
  GLAUX_EXECUTOR_STATE_UNKNOWN,
  GLAUX_EXECUTOR_STATE_CREATING,
  GLAUX_EXECUTOR_STATE_CREATED,
  GLAUX_EXECUTOR_STATE_REGISTERED,
  GLAUX_EXECUTOR_STATE_TERMINATING,
  GLAUX_EXECUTOR_STATE_TERMINATED,
  GLAUX_EXECUTOR_STATE_FAILED,
} GlauxExecutorState;

typedef enum
{
  GLAUX_EXECUTOR_TYPE_UNKNOWN,
  GLAUX_EXECUTOR_TYPE_COORDINATOR,
  GLAUX_EXECUTOR_TYPE_GATEWAY,
  GLAUX_EXECUTOR_TYPE_WORKER,
} GlauxExecutorType;

typedef enum
{
  GLAUX_WORKGROUP_STATE_UNKNOWN,
  GLAUX_WORKGROUP_STATE_ENABLED,
  GLAUX_WORKGROUP_STATE_DISABLED,
} GlauxWorkgroupState;

GlauxSessionState     glaux_session_state_from_string            (const char            *name);
const char           *glaux_session_state_to_string              (GlauxSessionState      state);
gboolean              glaux_session_state_is_terminal            (GlauxSessionState      state);
gboolean              glaux_session_state_is_failure             (GlauxSessionState      state);
gboolean              glaux_session_state_accepts_calculations   (GlauxSessionState      state);

GlauxCalculationState glaux_calculation_state_from_string        (const char            *name);
const char           *glaux_calculation_state_to_string          (GlauxCalculationState  state);
gboolean              glaux_calculation_state_is_terminal        (GlauxCalculationState  state);

GlauxExecutorState    glaux_executor_state_from_string           (const char            *name);
const char           *glaux_executor_state_to_string             (GlauxExecutorState     state);
gboolean              glaux_executor_state_is_terminal           (GlauxExecutorState     state);

GlauxExecutorType     glaux_executor_type_from_string            (const char            *name);
const char           *glaux_executor_type_to_string              (GlauxExecutorType      type);

GlauxWorkgroupState   glaux_workgroup_state_from_string          (const char            *name);
const char           *glaux_workgroup_state_to_string            (GlauxWorkgroupState    state);

G_END_DECLS

#include "glaux-athena-enums.h"
