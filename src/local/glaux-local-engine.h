/* glaux-local-engine.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-local-s3.h"
#include "glaux-local-store.h"

G_BEGIN_DECLS

#define GLAUX_LOCAL_ENGINE_PYSPARK_3  "PySpark engine version 3"
#define GLAUX_LOCAL_ENGINE_SPARK_3_5  "Apache Spark version 3.5"
#define GLAUX_LOCAL_RESULTS_BUCKET    "glaux-local-results"
#define GLAUX_LOCAL_DEFAULT_MAX_DPUS  20
#define GLAUX_LOCAL_DEFAULT_IDLE_MIN  20

#define GLAUX_LOCAL_TYPE_ENGINE (glaux_local_engine_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalEngine, glaux_local_engine, GLAUX_LOCAL, ENGINE, GObject)

GlauxLocalEngine      *glaux_local_engine_new                 (GlauxLocalStore       *store,
                                                               GlauxLocalS3          *s3,
                                                               const char            *catalog_path,
                                                               double                 time_scale,
                                                               GError               **error);
gint64                 glaux_local_engine_now_ms              (void);
GlauxLocalStore       *glaux_local_engine_get_store           (GlauxLocalEngine      *self);
GlauxLocalWorkgroup   *glaux_local_engine_lookup_workgroup    (GlauxLocalEngine      *self,
                                                               const char            *name);
GPtrArray             *glaux_local_engine_list_workgroups     (GlauxLocalEngine      *self);
gboolean               glaux_local_engine_save_workgroup      (GlauxLocalEngine      *self,
                                                               GlauxLocalWorkgroup   *workgroup,
                                                               GError               **error);
gboolean               glaux_local_engine_delete_workgroup    (GlauxLocalEngine      *self,
                                                               const char            *name,
                                                               GError               **error);
GlauxLocalSession     *glaux_local_engine_start_session       (GlauxLocalEngine      *self,
                                                               GlauxLocalSession     *session,
                                                               GError               **error);
GlauxLocalSession     *glaux_local_engine_lookup_session      (GlauxLocalEngine      *self,
                                                               const char            *id);
GPtrArray             *glaux_local_engine_list_sessions       (GlauxLocalEngine      *self,
                                                               const char            *workgroup);
gboolean               glaux_local_engine_terminate_session   (GlauxLocalEngine      *self,
                                                               GlauxLocalSession     *session,
                                                               GError               **error);
gint64                 glaux_local_engine_session_dpu_ms      (GlauxLocalEngine      *self,
                                                               GlauxLocalSession     *session);
gint64                 glaux_local_engine_session_max_dpus    (GlauxLocalSession     *session);
GlauxLocalCalculation *glaux_local_engine_start_calculation   (GlauxLocalEngine      *self,
                                                               GlauxLocalSession     *session,
                                                               const char            *code,
                                                               const char            *description,
                                                               GError               **error);
GlauxLocalCalculation *glaux_local_engine_lookup_calculation  (GlauxLocalEngine      *self,
                                                               const char            *id);
GPtrArray             *glaux_local_engine_list_calculations   (GlauxLocalEngine      *self,
                                                               const char            *session_id);
gboolean               glaux_local_engine_stop_calculation    (GlauxLocalEngine      *self,
                                                               GlauxLocalCalculation *calculation,
                                                               GError               **error);
gint64                 glaux_local_engine_calculation_dpu_ms  (GlauxLocalEngine      *self,
                                                               GlauxLocalCalculation *calculation);
GPtrArray             *glaux_local_engine_list_executors      (GlauxLocalEngine      *self,
                                                               const char            *session_id);
void                   glaux_local_engine_shutdown            (GlauxLocalEngine      *self);

G_END_DECLS
