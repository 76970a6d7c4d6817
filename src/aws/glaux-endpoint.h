/* glaux-endpoint.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-aws-config.h"

G_BEGIN_DECLS

gboolean  glaux_endpoint_validate_region (const char          *region,
                                          const char          *origin,
                                          GError             **error);
gboolean  glaux_endpoint_validate_url    (const char          *url,
                                          const char          *origin,
                                          GError             **error);
char     *glaux_endpoint_default_url     (const char          *service_id,
                                          const char          *region);
char     *glaux_endpoint_resolve_region  (GlauxAwsProfile     *profile,
                                          const char * const  *envp,
                                          char               **origin,
                                          GError             **error);
char     *glaux_endpoint_resolve         (const char          *service_id,
                                          const char          *region,
                                          GlauxAwsProfile     *profile,
                                          GlauxAwsConfig      *config,
                                          const char * const  *envp,
                                          char               **origin,
                                          GError             **error);

G_END_DECLS
