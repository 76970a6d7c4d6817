/* glaux-local-process.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-aws-credentials.h"

G_BEGIN_DECLS

/* The SQLite catalog in glaux-local's data folder (src/local/glaux-local-server.c). */
#define GLAUX_LOCAL_CATALOG_NAME "catalog.db"

#define GLAUX_TYPE_LOCAL_PROCESS (glaux_local_process_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalProcess, glaux_local_process, GLAUX, LOCAL_PROCESS, GObject)

GlauxLocalProcess   *glaux_local_process_new             (const char         *program,
                                                          const char         *data_dir);
char                *glaux_local_process_find_program    (void);
void                 glaux_local_process_set_ready_timeout (GlauxLocalProcess *self,
                                                          guint              seconds);
void                 glaux_local_process_start_async     (GlauxLocalProcess  *self,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean             glaux_local_process_start_finish    (GlauxLocalProcess  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
void                 glaux_local_process_stop            (GlauxLocalProcess  *self);
gboolean             glaux_local_process_get_running     (GlauxLocalProcess  *self);
const char          *glaux_local_process_get_endpoint    (GlauxLocalProcess  *self);
const char          *glaux_local_process_get_region      (GlauxLocalProcess  *self);
GlauxAwsCredentials *glaux_local_process_get_credentials (GlauxLocalProcess  *self);
GPid                 glaux_local_process_get_pid         (GlauxLocalProcess  *self);
const char          *glaux_local_process_get_exit_reason (GlauxLocalProcess  *self);
const char          *glaux_local_process_get_data_dir    (GlauxLocalProcess  *self);
/* <data dir>/catalog.db: where `%%sql` calculations run. */
char                *glaux_local_process_dup_catalog_path (GlauxLocalProcess *self);

G_END_DECLS
