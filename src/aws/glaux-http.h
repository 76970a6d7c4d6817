/* glaux-http.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define GLAUX_HTTP_MAX_CONNS_PER_HOST 8
#define GLAUX_HTTP_MAX_BODY_SIZE      (16 * 1024 * 1024)

SoupSession *glaux_http_session_new             (const char           *ca_bundle,
                                                 GError              **error);
SoupSession *glaux_http_session_get_default     (GError              **error);
goffset      glaux_http_get_expected_length     (SoupMessage          *message);
GError      *glaux_http_transport_error         (SoupMessage          *message,
                                                 const GError         *error,
                                                 const char           *what);
void         glaux_http_read_body_async         (SoupMessage          *message,
                                                 GInputStream         *stream,
                                                 gsize                 max_size,
                                                 const char           *what,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GBytes      *glaux_http_read_body_finish        (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
