/* glaux-aws-json-client.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "glaux-credentials-provider.h"
#include "glaux-retry-policy.h"

G_BEGIN_DECLS

#define GLAUX_TYPE_AWS_JSON_CLIENT (glaux_aws_json_client_get_type ())

G_DECLARE_FINAL_TYPE (GlauxAwsJsonClient, glaux_aws_json_client, GLAUX, AWS_JSON_CLIENT, GObject)

/* An awsJson1_1 client for one service endpoint: POST /, X-Amz-Target, SigV4, retries
 * (standard mode unless its policy is configured otherwise). @session is shared by the whole
 * process. */
GlauxAwsJsonClient *glaux_aws_json_client_new          (SoupSession               *session,
                                                        const char                *endpoint_url,
                                                        const char                *region,
                                                        const char                *signing_name,
                                                        const char                *target_prefix,
                                                        GlauxCredentialsProvider  *credentials);
const char         *glaux_aws_json_client_get_endpoint (GlauxAwsJsonClient        *self);
const char         *glaux_aws_json_client_get_region   (GlauxAwsJsonClient        *self);
/* @request is a JSON object node (or NULL for "{}"); the result is the response object node. */
void                glaux_aws_json_client_call_async   (GlauxAwsJsonClient        *self,
                                                        const char                *operation,
                                                        JsonNode                  *request,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
JsonNode           *glaux_aws_json_client_call_finish  (GlauxAwsJsonClient        *self,
                                                        GAsyncResult              *result,
                                                        GError                   **error);
void                glaux_aws_json_client_set_max_attempts (GlauxAwsJsonClient    *self,
                                                            guint                  max_attempts);
void                glaux_aws_json_client_set_timeout      (GlauxAwsJsonClient    *self,
                                                            guint                  timeout_ms);
guint               glaux_aws_json_client_get_timeout      (GlauxAwsJsonClient    *self);
GlauxRetryPolicy   *glaux_aws_json_client_get_retry_policy (GlauxAwsJsonClient    *self);

G_END_DECLS
