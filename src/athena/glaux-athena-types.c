/* glaux-athena-types.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-athena-types"

#include "config.h"

#include "glaux-athena-types.h"

/* Wire spellings, indexed by enum value; slot 0 (UNKNOWN) has none. */
static const char * const session_states[] = {
  NULL, "CREATING", "CREATED", "IDLE", "BUSY", "TERMINATING", "TERMINATED", "DEGRADED", "FAILED",
};
static const char * const calculation_states[] = {
  NULL, "CREATING", "CREATED", "QUEUED", "RUNNING", "CANCELING", "CANCELED", "COMPLETED", "FAILED",
};
static const char * const executor_states[] = {
  NULL, "CREATING", "CREATED", "REGISTERED", "TERMINATING", "TERMINATED", "FAILED",
};
static const char * const executor_types[] = {
  NULL, "COORDINATOR", "GATEWAY", "WORKER",
};
static const char * const workgroup_states[] = {
  NULL, "ENABLED", "DISABLED",
};

/* Wire enums are case-sensitive upper case; anything else is unknown (and kept raw by callers). */
static guint
lookup (const char * const *names,
        guint               n_names,
        const char         *name)
{
  if (name == NULL)
    return 0;

  for (guint i = 1; i < n_names; i++)
    {
      if (g_str_equal (names[i], name))
        return i;
    }

  return 0;
}

static const char *
name_of (const char * const *names,
         guint               n_names,
         guint               value)
{
  return value < n_names ? names[value] : NULL;
}

GlauxSessionState
glaux_session_state_from_string (const char *name)
{
  return lookup (session_states, G_N_ELEMENTS (session_states), name);
}

/**
 * glaux_session_state_to_string:
 *
 * Returns: (nullable): the wire name, or %NULL for %GLAUX_SESSION_STATE_UNKNOWN
 */
const char *
glaux_session_state_to_string (GlauxSessionState state)
{
  return name_of (session_states, G_N_ELEMENTS (session_states), state);
}

/* Nothing more will happen to the session: polling can stop. */
gboolean
glaux_session_state_is_terminal (GlauxSessionState state)
{
  return state == GLAUX_SESSION_STATE_TERMINATED || state == GLAUX_SESSION_STATE_FAILED;
}

/* DEGRADED (no healthy coordinator) is not terminal in the model, but every client treats it as
 * a failure, so the UI shows it as one. */
gboolean
glaux_session_state_is_failure (GlauxSessionState state)
{
  return state == GLAUX_SESSION_STATE_FAILED || state == GLAUX_SESSION_STATE_DEGRADED;
}

/* Only IDLE sessions accept StartCalculationExecution: "needs to be IDLE to accept
 * Calculations", as Athena puts it. */
gboolean
glaux_session_state_accepts_calculations (GlauxSessionState state)
{
  return state == GLAUX_SESSION_STATE_IDLE;
}

GlauxCalculationState
glaux_calculation_state_from_string (const char *name)
{
  return lookup (calculation_states, G_N_ELEMENTS (calculation_states), name);
}

/**
 * glaux_calculation_state_to_string:
 *
 * Returns: (nullable): the wire name, or %NULL for %GLAUX_CALCULATION_STATE_UNKNOWN
 */
const char *
glaux_calculation_state_to_string (GlauxCalculationState state)
{
  return name_of (calculation_states, G_N_ELEMENTS (calculation_states), state);
}

gboolean
glaux_calculation_state_is_terminal (GlauxCalculationState state)
{
  return state == GLAUX_CALCULATION_STATE_CANCELED ||
         state == GLAUX_CALCULATION_STATE_COMPLETED ||
         state == GLAUX_CALCULATION_STATE_FAILED;
}

GlauxExecutorState
glaux_executor_state_from_string (const char *name)
{
  return lookup (executor_states, G_N_ELEMENTS (executor_states), name);
}

/**
 * glaux_executor_state_to_string:
 *
 * Returns: (nullable): the wire name, or %NULL for %GLAUX_EXECUTOR_STATE_UNKNOWN
 */
const char *
glaux_executor_state_to_string (GlauxExecutorState state)
{
  return name_of (executor_states, G_N_ELEMENTS (executor_states), state);
}

gboolean
glaux_executor_state_is_terminal (GlauxExecutorState state)
{
  return state == GLAUX_EXECUTOR_STATE_TERMINATED || state == GLAUX_EXECUTOR_STATE_FAILED;
}

GlauxExecutorType
glaux_executor_type_from_string (const char *name)
{
  return lookup (executor_types, G_N_ELEMENTS (executor_types), name);
}

/**
 * glaux_executor_type_to_string:
 *
 * Returns: (nullable): the wire name, or %NULL for %GLAUX_EXECUTOR_TYPE_UNKNOWN
 */
const char *
glaux_executor_type_to_string (GlauxExecutorType type)
{
  return name_of (executor_types, G_N_ELEMENTS (executor_types), type);
}

GlauxWorkgroupState
glaux_workgroup_state_from_string (const char *name)
{
  return lookup (workgroup_states, G_N_ELEMENTS (workgroup_states), name);
}

/**
 * glaux_workgroup_state_to_string:
 *
 * Returns: (nullable): the wire name, or %NULL for %GLAUX_WORKGROUP_STATE_UNKNOWN
 */
const char *
glaux_workgroup_state_to_string (GlauxWorkgroupState state)
{
  return name_of (workgroup_states, G_N_ELEMENTS (workgroup_states), state);
}
