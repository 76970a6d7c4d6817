/* glaux-test-local.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A glaux-local process started by a test (the binary in $GLAUX_LOCAL). */
typedef struct
{
  GSubprocess *process;
  GPid         pid;
  char        *endpoint;
  char        *region;
  char        *access_key_id;
  char        *secret_access_key;
  char        *data_dir;
  SoupSession *session;
} GlauxTestLocal;

GlauxTestLocal *glaux_test_local_start     (const char        *data_dir,
                                            double             time_scale);
int             glaux_test_local_stop      (GlauxTestLocal    *local);
void            glaux_test_local_kill      (GlauxTestLocal    *local);
void            glaux_test_local_free      (GlauxTestLocal    *local);
SoupMessage    *glaux_test_local_message   (GlauxTestLocal    *local,
                                            const char        *method,
                                            const char        *path_and_query);
GBytes         *glaux_test_local_send      (GlauxTestLocal    *local,
                                            SoupMessage       *message,
                                            GBytes            *body,
                                            const char        *service,
                                            guint             *status);
JsonObject     *glaux_test_local_call      (GlauxTestLocal    *local,
                                            const char        *operation,
                                            const char        *json_body,
                                            guint             *status);
JsonObject     *glaux_test_local_call_ok   (GlauxTestLocal    *local,
                                            const char        *operation,
                                            const char        *json_body);
void            glaux_test_local_assert_error (GlauxTestLocal *local,
                                               const char     *operation,
                                               const char     *json_body,
                                               const char     *error_type,
                                               const char     *message_part);
GBytes         *glaux_test_local_s3        (GlauxTestLocal    *local,
                                            const char        *method,
                                            const char        *path_and_query,
                                            GBytes            *body,
                                            guint             *status);
char           *glaux_test_local_wait_state (GlauxTestLocal   *local,
                                             const char       *operation,
                                             const char       *id_member,
                                             const char       *id,
                                             const char * const *states,
                                             guint             timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxTestLocal, glaux_test_local_free)

G_END_DECLS
