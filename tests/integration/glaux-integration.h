/* glaux-integration.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "glaux-test-local.h"

G_BEGIN_DECLS

/* A real glaux-local (from $GLAUX_LOCAL) on a free loopback port with a fresh data directory,
 * driven from outside only: the Debian AWS CLI (/usr/bin/aws) and boto3 (/usr/bin/python3). */
typedef struct
{
  GlauxTestLocal *local;
  char           *data_dir;
  char           *aws_config_file;
} GlauxIntegrationServer;

/* The output of one client command. */
typedef struct
{
  int   exit_status;
  char *out;
  char *err;
} GlauxIntegrationRun;

GlauxIntegrationServer *glaux_integration_server_start     (double                  time_scale);
void                    glaux_integration_server_stop      (GlauxIntegrationServer *server);
char                  **glaux_integration_server_environ   (GlauxIntegrationServer *server,
                                                            const char             *secret);
GlauxIntegrationRun    *glaux_integration_run              (char                  **envp,
                                                            const char * const     *argv);
void                    glaux_integration_run_free         (GlauxIntegrationRun    *run);
char                   *glaux_integration_script_path      (const char             *name);
void                    glaux_integration_log              (const char             *text);

/* aws athena / aws s3api helpers: NULL-terminated arguments after the service name. */
JsonObject             *glaux_integration_aws              (GlauxIntegrationServer *server,
                                                            const char             *service,
                                                            ...) G_GNUC_NULL_TERMINATED;
GlauxIntegrationRun    *glaux_integration_aws_run          (GlauxIntegrationServer *server,
                                                            const char             *secret,
                                                            const char             *service,
                                                            ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxIntegrationRun, glaux_integration_run_free)

G_END_DECLS
