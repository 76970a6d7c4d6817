/* glaux-s3-xml.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "glaux-s3-client.h"

G_BEGIN_DECLS

/* The fields of an S3 <Error> document; absent ones stay NULL. */
typedef struct
{
  char *code;
  char *message;
  char *request_id;
} GlauxS3XmlError;

GlauxS3ListResult *glaux_s3_xml_parse_list_result (const char      *data,
                                                   gsize            length,
                                                   GError         **error);
gboolean           glaux_s3_xml_parse_error       (const char      *data,
                                                   gsize            length,
                                                   GlauxS3XmlError *parsed);
void               glaux_s3_xml_error_clear       (GlauxS3XmlError *parsed);

G_END_DECLS
