/* glaux-athena-client.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "glaux-athena-params.h"
#include "glaux-athena-records.h"
#include "glaux-athena-types.h"
#include "glaux-aws-json-client.h"
#include "glaux-calculation.h"
#include "glaux-executor.h"
#include "glaux-session.h"
#include "glaux-workgroup.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_ATHENA_CLIENT (glaux_athena_client_get_type ())

G_DECLARE_FINAL_TYPE (GlauxAthenaClient, glaux_athena_client, GLAUX, ATHENA_CLIENT, GObject)

/* One _async/_finish pair per Athena operation. Every request is validated against the model
 * first (nothing is sent when that fails). "Get" calls take an optional @into object that is
 * updated in place (and returned) so bound widgets follow; list calls follow NextToken to the
 * end, or until @max_items items (0: no bound), and return a GPtrArray that owns its items. */

GlauxAthenaClient    *glaux_athena_client_new                                     (SoupSession                    *session,
                                                                                   const char                     *endpoint_url,
                                                                                   const char                     *region,
                                                                                   GlauxCredentialsProvider       *credentials);
GlauxAthenaClient    *glaux_athena_client_new_for_json_client                     (GlauxAwsJsonClient             *json_client);
GlauxAwsJsonClient   *glaux_athena_client_get_json_client                         (GlauxAthenaClient              *self);

/* Workgroups */
void                  glaux_athena_client_list_work_groups_async                  (GlauxAthenaClient              *self,
                                                                                   guint                           max_items,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GPtrArray            *glaux_athena_client_list_work_groups_finish                 (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_work_group_async                    (GlauxAthenaClient              *self,
                                                                                   const char                     *name,
                                                                                   GlauxWorkgroup                 *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxWorkgroup       *glaux_athena_client_get_work_group_finish                   (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_create_work_group_async                 (GlauxAthenaClient              *self,
                                                                                   const GlauxWorkgroupParams     *params,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
gboolean              glaux_athena_client_create_work_group_finish                (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_update_work_group_async                 (GlauxAthenaClient              *self,
                                                                                   const GlauxWorkgroupParams     *params,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
gboolean              glaux_athena_client_update_work_group_finish                (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_delete_work_group_async                 (GlauxAthenaClient              *self,
                                                                                   const char                     *name,
                                                                                   gboolean                        recursive,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
gboolean              glaux_athena_client_delete_work_group_finish                (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);

/* Sessions */
void                  glaux_athena_client_start_session_async                     (GlauxAthenaClient              *self,
                                                                                   const GlauxStartSessionParams  *params,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxSession         *glaux_athena_client_start_session_finish                    (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_session_async                       (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   GlauxSession                   *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxSession         *glaux_athena_client_get_session_finish                      (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_session_status_async                (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   GlauxSession                   *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxSession         *glaux_athena_client_get_session_status_finish               (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_list_sessions_async                     (GlauxAthenaClient              *self,
                                                                                   const char                     *workgroup,
                                                                                   GlauxSessionState               state_filter,
                                                                                   guint                           max_items,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GPtrArray            *glaux_athena_client_list_sessions_finish                    (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_terminate_session_async                 (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   GlauxSession                   *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
gboolean              glaux_athena_client_terminate_session_finish                (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GlauxSessionState              *state,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_session_endpoint_async              (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxSessionEndpoint *glaux_athena_client_get_session_endpoint_finish             (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_resource_dashboard_async            (GlauxAthenaClient              *self,
                                                                                   const char                     *resource_arn,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
char                 *glaux_athena_client_get_resource_dashboard_finish           (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);

/* Calculations */
void                  glaux_athena_client_start_calculation_execution_async       (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   const char                     *code_block,
                                                                                   const char                     *description,
                                                                                   const char                     *client_request_token,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxCalculation     *glaux_athena_client_start_calculation_execution_finish      (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_calculation_execution_async         (GlauxAthenaClient              *self,
                                                                                   const char                     *calculation_id,
                                                                                   GlauxCalculation               *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxCalculation     *glaux_athena_client_get_calculation_execution_finish        (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_calculation_execution_status_async  (GlauxAthenaClient              *self,
                                                                                   const char                     *calculation_id,
                                                                                   GlauxCalculation               *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GlauxCalculation     *glaux_athena_client_get_calculation_execution_status_finish (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_get_calculation_execution_code_async    (GlauxAthenaClient              *self,
                                                                                   const char                     *calculation_id,
                                                                                   GlauxCalculation               *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
char                 *glaux_athena_client_get_calculation_execution_code_finish   (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_list_calculation_executions_async       (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   GlauxCalculationState           state_filter,
                                                                                   guint                           max_items,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GPtrArray            *glaux_athena_client_list_calculation_executions_finish      (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_stop_calculation_execution_async        (GlauxAthenaClient              *self,
                                                                                   const char                     *calculation_id,
                                                                                   GlauxCalculation               *into,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
gboolean              glaux_athena_client_stop_calculation_execution_finish       (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GlauxCalculationState          *state,
                                                                                   GError                        **error);

/* Executors, engines, DPU sizes */
void                  glaux_athena_client_list_executors_async                    (GlauxAthenaClient              *self,
                                                                                   const char                     *session_id,
                                                                                   GlauxExecutorState              state_filter,
                                                                                   guint                           max_items,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GPtrArray            *glaux_athena_client_list_executors_finish                   (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_list_engine_versions_async              (GlauxAthenaClient              *self,
                                                                                   guint                           max_items,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GPtrArray            *glaux_athena_client_list_engine_versions_finish             (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);
void                  glaux_athena_client_list_application_dpu_sizes_async        (GlauxAthenaClient              *self,
                                                                                   guint                           max_items,
                                                                                   GCancellable                   *cancellable,
                                                                                   GAsyncReadyCallback             callback,
                                                                                   gpointer                        user_data);
GPtrArray            *glaux_athena_client_list_application_dpu_sizes_finish       (GlauxAthenaClient              *self,
                                                                                   GAsyncResult                   *result,
                                                                                   GError                        **error);

G_END_DECLS
