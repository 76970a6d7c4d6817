/* glaux-local-s3-handler.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "glaux-local-s3.h"

G_BEGIN_DECLS

/* A PUT body the server already streamed to a temporary file. */
typedef struct
{
  const char *temp_path;
  const char *md5_hex;
} GlauxLocalS3Upload;

void glaux_local_s3_handler_handle (GlauxLocalS3             *s3,
                                    SoupServerMessage        *message,
                                    const char               *region,
                                    const char               *request_id,
                                    const GlauxLocalS3Upload *upload);
void glaux_local_s3_handler_error  (SoupServerMessage        *message,
                                    const GError             *error,
                                    const char               *request_id);

G_END_DECLS
