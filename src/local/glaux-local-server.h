/* glaux-local-server.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  const char *bind;                /* a loopback address: 127.0.0.1 or ::1 */
  guint       port;                /* 0 = any free port */
  const char *data_dir;
  const char *region;
  const char *access_key_id;
  const char *secret_access_key;
  double      time_scale;          /* > 0; divides every lifecycle delay and idle timeout */
  const char *session_token;       /* NULL: requests carry none; else they must carry this one */
} GlauxLocalConfig;

#define GLAUX_LOCAL_TYPE_SERVER (glaux_local_server_get_type ())

G_DECLARE_FINAL_TYPE (GlauxLocalServer, glaux_local_server, GLAUX_LOCAL, SERVER, GObject)

gboolean          glaux_local_check_loopback      (const char              *bind,
                                                   GError                 **error);
GlauxLocalServer *glaux_local_server_new          (const GlauxLocalConfig  *config,
                                                   GError                 **error);
gboolean          glaux_local_server_listen       (GlauxLocalServer        *self,
                                                   GError                 **error);
const char       *glaux_local_server_get_endpoint (GlauxLocalServer        *self);
void              glaux_local_server_shutdown     (GlauxLocalServer        *self);

G_END_DECLS
