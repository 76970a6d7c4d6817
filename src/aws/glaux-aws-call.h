/* glaux-aws-call.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "glaux-credentials-provider.h"
#include "glaux-retry-policy.h"
#include "glaux-sigv4.h"

G_BEGIN_DECLS

/* What varies between operations; the runner owns everything else. */
typedef struct
{
  /* Builds the unsigned message of one attempt; *body is what is sent and signed (or NULL). */
  SoupMessage *(*build_message)  (gpointer       op_data,
                                  GBytes       **body,
                                  GError       **error);
  /* Optional: takes a 2xx response as a stream instead of reading it whole (S3 GetObject). */
  gpointer     (*take_stream)    (gpointer       op_data,
                                  SoupMessage   *message,
                                  GInputStream  *stream,
                                  GError       **error);
  /* Turns a complete response of any status into a result, or an error. */
  gpointer     (*parse_response) (gpointer       op_data,
                                  SoupMessage   *message,
                                  GBytes        *body,
                                  GError       **error);
  GDestroyNotify result_free;
} GlauxAwsCallOps;

typedef struct
{
  SoupSession              *session;
  GlauxCredentialsProvider *credentials;
  GlauxRetryPolicy         *retry_policy;
  const char               *region;
  const char               *service;
  GlauxSigv4Flags           sign_flags;
  guint                     timeout_ms;     /* whole call, retries included; 0 = none */
  gsize                     max_body_size;
} GlauxAwsCallConfig;

void glaux_aws_call_run (GTask                    *task,
                         const GlauxAwsCallConfig *config,
                         const GlauxAwsCallOps    *ops,
                         gpointer                  op_data,
                         GDestroyNotify            op_data_free,
                         const char               *description);

G_END_DECLS
