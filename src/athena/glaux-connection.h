/* glaux-connection.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "glaux-athena-client.h"
#include "glaux-aws-config.h"
#include "glaux-local-process.h"
#include "glaux-s3-client.h"

G_BEGIN_DECLS

typedef enum
{
  GLAUX_CONNECTION_KIND_LOCAL,   /* glaux-local, started and stopped by Glaux */
  GLAUX_CONNECTION_KIND_PROFILE, /* a profile of ~/.aws/config and ~/.aws/credentials */
  GLAUX_CONNECTION_KIND_KEYS,    /* keys typed into Glaux; the secrets live in the keyring */
} GlauxConnectionKind;

typedef enum
{
  GLAUX_CONNECTION_STATUS_DISCONNECTED, /* not connected yet (or disconnected) */
  GLAUX_CONNECTION_STATUS_CONNECTING,
  GLAUX_CONNECTION_STATUS_READY,        /* the clients can be used */
  GLAUX_CONNECTION_STATUS_FAILED,       /* connecting failed, or glaux-local went away: see error */
  GLAUX_CONNECTION_STATUS_UNUSABLE,     /* cannot be used by this version: see problem */
} GlauxConnectionStatus;

#define GLAUX_TYPE_CONNECTION_KIND   (glaux_connection_kind_get_type ())
#define GLAUX_TYPE_CONNECTION_STATUS (glaux_connection_status_get_type ())
#define GLAUX_TYPE_CONNECTION        (glaux_connection_get_type ())

GType glaux_connection_kind_get_type   (void) G_GNUC_CONST;
GType glaux_connection_status_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (GlauxConnection, glaux_connection, GLAUX, CONNECTION, GObject)

/* What a user typed for a connection with keys; the secrets only pass through on their way to
 * the keyring. */
typedef struct
{
  char *id;                /* NULL: a new connection (an id is made up) */
  char *name;
  char *region;
  char *access_key_id;
  char *secret_access_key; /* NULL when editing: keep the stored secret */
  char *session_token;     /* NULL when editing: keep; "" removes it */
  char *endpoint_url;      /* NULL or "": the region's default */
} GlauxConnectionKeys;

/* Properties (all notify): id, kind, title, subtitle, region, endpoint-url, access-key-id,
 * has-session-token, status, error (GError boxed, the last failure), problem (why it is
 * unusable), athena-client, s3-client, local-process.
 * endpoint-url: KEYS: the endpoint URL typed (NULL: the region's defaults); LOCAL: the running
 * glaux-local's; PROFILE: the Athena endpoint resolved by the last connect. */

GlauxConnection       *glaux_connection_new_local            (const char           *program,
                                                              const char           *data_dir);
GlauxConnection       *glaux_connection_new_for_profile      (GlauxAwsConfig       *config,
                                                              GlauxAwsProfile      *profile,
                                                              const char * const   *envp);
GlauxConnection       *glaux_connection_new_for_keys         (const char           *id,
                                                              const char           *name,
                                                              const char           *region,
                                                              const char           *access_key_id,
                                                              const char           *endpoint_url,
                                                              gboolean              has_session_token);

const char            *glaux_connection_get_id               (GlauxConnection      *self);
GlauxConnectionKind    glaux_connection_get_kind             (GlauxConnection      *self);
const char            *glaux_connection_get_title            (GlauxConnection      *self);
const char            *glaux_connection_get_subtitle         (GlauxConnection      *self);
const char            *glaux_connection_get_region           (GlauxConnection      *self);
const char            *glaux_connection_get_endpoint_url     (GlauxConnection      *self);
const char            *glaux_connection_get_access_key_id    (GlauxConnection      *self);
gboolean               glaux_connection_get_has_session_token (GlauxConnection     *self);
GlauxConnectionStatus  glaux_connection_get_status           (GlauxConnection      *self);
const GError          *glaux_connection_get_error            (GlauxConnection      *self);
const char            *glaux_connection_get_problem          (GlauxConnection      *self);

/* Connecting starts glaux-local (LOCAL), resolves region, endpoints and credentials (PROFILE),
 * or reads the secrets from the keyring (KEYS), then builds the clients. Calling it while
 * READY completes at once; while CONNECTING, it joins the attempt under way. After FAILED
 * (glaux-local exited, say) it tries again from scratch. UNUSABLE fails at once with the
 * problem (GLAUX_AWS_ERROR_CONFIGURATION). Cancelling @cancellable only stops this caller's
 * wait (G_IO_ERROR_CANCELLED); the attempt goes on for the others. Main thread only. */
void                   glaux_connection_connect_async        (GlauxConnection      *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean               glaux_connection_connect_finish       (GlauxConnection      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Stops glaux-local (LOCAL) and drops the clients; status becomes DISCONNECTED (UNUSABLE
 * stays). An attempt under way is abandoned: its callers get G_IO_ERROR_CANCELLED. */
void                   glaux_connection_disconnect           (GlauxConnection      *self);

/* NULL unless READY. Each reconnect makes new clients: fetch them per request, do not keep them. */
GlauxAthenaClient     *glaux_connection_get_athena_client    (GlauxConnection      *self);
GlauxS3Client         *glaux_connection_get_s3_client        (GlauxConnection      *self);
/* LOCAL only (NULL otherwise): the running glaux-local. */
GlauxLocalProcess     *glaux_connection_get_local_process    (GlauxConnection      *self);
/* LOCAL only (NULL otherwise): the SQLite catalog glaux-local's SQL runs on, in its data
 * folder (it may not exist yet). */
const char            *glaux_connection_get_local_catalog_path (GlauxConnection    *self);

/* Frees the strings (wiping the secrets first) and sets them to NULL. */
GlauxAthenaClient     *glaux_connection_new_athena_client_for_keys (const GlauxConnectionKeys  *keys,
                                                                    GError                    **error);
void                   glaux_connection_keys_clear           (GlauxConnectionKeys  *keys);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GlauxConnectionKeys, glaux_connection_keys_clear)

/* For GlauxConnectionList: update a connection in place when its settings entry or its AWS
 * profile changed. A change that affects connecting disconnects it, so the next connect uses
 * the new values. */
void                   glaux_connection_update_keys          (GlauxConnection      *self,
                                                              const char           *name,
                                                              const char           *region,
                                                              const char           *access_key_id,
                                                              const char           *endpoint_url,
                                                              gboolean              has_session_token);
void                   glaux_connection_update_profile       (GlauxConnection      *self,
                                                              GlauxAwsConfig       *config,
                                                              GlauxAwsProfile      *profile);
/* PROFILE only: the profile's name (NULL otherwise). */
const char            *glaux_connection_get_profile_name     (GlauxConnection      *self);

G_END_DECLS
