/* glaux-athena-params.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-athena-types.h"

G_BEGIN_DECLS

/* StartSession parameters. Strings are owned (g_free); the maps are string → string. Values are
 * checked against the model when the request is built, not when they are set. */
struct _GlauxStartSessionParams
{
  char       *workgroup;
  char       *description;               /* NULL: left out */
  char       *execution_role;            /* NULL: the workgroup's role */
  char       *client_request_token;      /* NULL: a fresh UUID4 per call */
  int         max_concurrent_dpus;       /* always sent (old models require it); default 20 */
  int         coordinator_dpu_size;      /* 0: left out; the model allows only 1 */
  int         default_executor_dpu_size; /* 0: left out; the model allows only 1 */
  int         idle_timeout_minutes;      /* 0: left out (server default) */
  gboolean    copy_workgroup_tags;       /* sent only when TRUE (newer servers) */
  GHashTable *spark_properties;
  GHashTable *additional_configs;
  GHashTable *tags;
};

/* CreateWorkGroup / UpdateWorkGroup parameters. For updates, NULL leaves a setting unchanged
 * and "" removes it (output location, result encryption, customer content key). */
struct _GlauxWorkgroupParams
{
  char                *name;
  char                *description;
  char                *selected_engine_version;  /* e.g. "PySpark engine version 3" */
  char                *output_location;          /* s3://bucket/prefix/ */
  char                *execution_role;
  char                *customer_content_kms_key;
  char                *additional_configuration;
  char                *result_encryption_option; /* SSE_S3, SSE_KMS or CSE_KMS */
  char                *result_kms_key;
  int                  max_concurrent_dpus;      /* 0: left out */
  GlauxWorkgroupState  state;                    /* updates only; UNKNOWN: unchanged */
  GHashTable          *tags;                     /* CreateWorkGroup only */
};

#define GLAUX_TYPE_START_SESSION_PARAMS (glaux_start_session_params_get_type ())
#define GLAUX_TYPE_WORKGROUP_PARAMS     (glaux_workgroup_params_get_type ())

GType                    glaux_start_session_params_get_type      (void) G_GNUC_CONST;
GlauxStartSessionParams *glaux_start_session_params_new           (const char                    *workgroup);
GlauxStartSessionParams *glaux_start_session_params_copy          (const GlauxStartSessionParams *params);
void                     glaux_start_session_params_free          (GlauxStartSessionParams       *params);
JsonObject              *glaux_start_session_params_build_request (const GlauxStartSessionParams *params,
                                                                   const char                    *client_request_token);

GType                    glaux_workgroup_params_get_type          (void) G_GNUC_CONST;
GlauxWorkgroupParams    *glaux_workgroup_params_new               (const char                    *name);
GlauxWorkgroupParams    *glaux_workgroup_params_copy              (const GlauxWorkgroupParams    *params);
void                     glaux_workgroup_params_free              (GlauxWorkgroupParams          *params);
JsonObject              *glaux_workgroup_params_build_create      (const GlauxWorkgroupParams    *params);
JsonObject              *glaux_workgroup_params_build_update      (const GlauxWorkgroupParams    *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxStartSessionParams, glaux_start_session_params_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxWorkgroupParams, glaux_workgroup_params_free)

G_END_DECLS
