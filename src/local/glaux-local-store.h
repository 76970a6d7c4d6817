/* glaux-local-store.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Times are Unix epoch milliseconds; 0 means "not set". */
typedef struct
{
  char   *name;
  char   *description;
  char   *state;                 /* ENABLED / DISABLED */
  gint64  creation_ms;
  char   *configuration;         /* WorkGroupConfiguration as JSON text */
} GlauxLocalWorkgroup;

typedef struct
{
  char   *id;
  gint64  seq;                   /* creation order, for newest-first listings */
  char   *workgroup;
  char   *description;
  char   *engine_version;
  char   *engine_configuration;  /* EngineConfiguration as JSON text */
  char   *notebook_version;
  char   *execution_role;
  char   *working_directory;
  gint64  idle_timeout_minutes;
  char   *state;
  char   *reason;
  gint64  start_ms;
  gint64  last_modified_ms;
  gint64  end_ms;
  gint64  idle_since_ms;
  char   *dashboard_token;
} GlauxLocalSession;

typedef struct
{
  char   *id;
  gint64  seq;
  char   *session_id;
  char   *description;
  char   *code;
  char   *state;
  char   *reason;
  gint64  submission_ms;
  gint64  running_ms;            /* when it started RUNNING */
  gint64  completion_ms;
  gint64  dpu_ms;
  char   *progress;
  char   *stdout_uri;
  char   *stderr_uri;
  char   *result_uri;
  char   *result_type;
  char   *working_directory;
} GlauxLocalCalculation;

typedef struct
{
  char   *id;
  gint64  seq;
  char   *session_id;
  char   *type;                  /* COORDINATOR / WORKER */
  gint64  size;                  /* DPUs */
  char   *state;                 /* REGISTERED / TERMINATED */
  gint64  start_ms;
  gint64  end_ms;
} GlauxLocalExecutor;

#define GLAUX_LOCAL_TYPE_STORE (glaux_local_store_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalStore, glaux_local_store, GLAUX_LOCAL, STORE, GObject)

GlauxLocalStore *glaux_local_store_open              (const char             *path,
                                                      GError                **error);
void             glaux_local_store_close             (GlauxLocalStore        *self);
gboolean         glaux_local_store_recover           (GlauxLocalStore        *self,
                                                      gint64                  now_ms,
                                                      GError                **error);
gboolean         glaux_local_store_heartbeat         (GlauxLocalStore        *self,
                                                      gint64                  now_ms,
                                                      GError                **error);
gboolean         glaux_local_store_begin             (GlauxLocalStore        *self,
                                                      GError                **error);
gboolean         glaux_local_store_commit            (GlauxLocalStore        *self,
                                                      GError                **error);
void             glaux_local_store_rollback          (GlauxLocalStore        *self);
GPtrArray       *glaux_local_store_load_workgroups   (GlauxLocalStore        *self,
                                                      GError                **error);
GPtrArray       *glaux_local_store_load_sessions     (GlauxLocalStore        *self,
                                                      GError                **error);
GPtrArray       *glaux_local_store_load_calculations (GlauxLocalStore        *self,
                                                      GError                **error);
GPtrArray       *glaux_local_store_load_executors    (GlauxLocalStore        *self,
                                                      GError                **error);
gint64           glaux_local_store_max_seq           (GlauxLocalStore        *self);
gboolean         glaux_local_store_put_workgroup     (GlauxLocalStore        *self,
                                                      const GlauxLocalWorkgroup *workgroup,
                                                      GError                **error);
gboolean         glaux_local_store_delete_workgroup  (GlauxLocalStore        *self,
                                                      const char             *name,
                                                      GError                **error);
gboolean         glaux_local_store_put_session       (GlauxLocalStore        *self,
                                                      const GlauxLocalSession *session,
                                                      GError                **error);
gboolean         glaux_local_store_put_calculation   (GlauxLocalStore        *self,
                                                      const GlauxLocalCalculation *calculation,
                                                      GError                **error);
gboolean         glaux_local_store_put_executor      (GlauxLocalStore        *self,
                                                      const GlauxLocalExecutor *executor,
                                                      GError                **error);
gboolean         glaux_local_store_put_token         (GlauxLocalStore        *self,
                                                      const char             *operation,
                                                      const char             *token,
                                                      const char             *request_hash,
                                                      const char             *response,
                                                      GError                **error);
gboolean         glaux_local_store_get_token         (GlauxLocalStore        *self,
                                                      const char             *operation,
                                                      const char             *token,
                                                      char                  **request_hash,
                                                      char                  **response);

void glaux_local_workgroup_free   (GlauxLocalWorkgroup   *workgroup);
void glaux_local_session_free     (GlauxLocalSession     *session);
void glaux_local_calculation_free (GlauxLocalCalculation *calculation);
void glaux_local_executor_free    (GlauxLocalExecutor    *executor);

G_END_DECLS
