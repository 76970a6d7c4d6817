/* glaux-athena-records.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "glaux-athena-types.h"

G_BEGIN_DECLS

/* Small read-only answers that do not change once fetched, hence plain boxed structs. */

struct _GlauxEngineVersion
{
  char *selected;  /* SelectedEngineVersion */
  char *effective; /* EffectiveEngineVersion */
};

struct _GlauxApplicationDpuSizes
{
  char   *runtime_id; /* ApplicationRuntimeId, e.g. "Athena notebook version 1" */
  GArray *sizes;      /* of int: SupportedDPUSizes */
};

struct _GlauxSessionEndpoint
{
  char      *endpoint_url;          /* Spark Connect endpoint */
  char      *auth_token;
  GDateTime *auth_token_expiration; /* UTC */
};

#define GLAUX_TYPE_ENGINE_VERSION        (glaux_engine_version_get_type ())
#define GLAUX_TYPE_APPLICATION_DPU_SIZES (glaux_application_dpu_sizes_get_type ())
#define GLAUX_TYPE_SESSION_ENDPOINT      (glaux_session_endpoint_get_type ())

GType                     glaux_engine_version_get_type              (void) G_GNUC_CONST;
GlauxEngineVersion       *glaux_engine_version_new_from_json         (JsonObject                     *json);
GlauxEngineVersion       *glaux_engine_version_copy                  (const GlauxEngineVersion       *version);
void                      glaux_engine_version_free                  (GlauxEngineVersion             *version);

GType                     glaux_application_dpu_sizes_get_type       (void) G_GNUC_CONST;
GlauxApplicationDpuSizes *glaux_application_dpu_sizes_new_from_json  (JsonObject                     *json);
GlauxApplicationDpuSizes *glaux_application_dpu_sizes_copy           (const GlauxApplicationDpuSizes *sizes);
void                      glaux_application_dpu_sizes_free           (GlauxApplicationDpuSizes       *sizes);

GType                     glaux_session_endpoint_get_type            (void) G_GNUC_CONST;
GlauxSessionEndpoint     *glaux_session_endpoint_new_from_json       (JsonObject                     *json,
                                                                      GError                        **error);
GlauxSessionEndpoint     *glaux_session_endpoint_copy                (const GlauxSessionEndpoint     *endpoint);
void                      glaux_session_endpoint_free                (GlauxSessionEndpoint           *endpoint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxEngineVersion, glaux_engine_version_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxApplicationDpuSizes, glaux_application_dpu_sizes_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxSessionEndpoint, glaux_session_endpoint_free)

G_END_DECLS
