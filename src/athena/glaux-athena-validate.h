/* glaux-athena-validate.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Checks a whole request body of @operation against the Athena model (required members, JSON
 * types, lengths, ranges, enums, patterns and the documented cross-member rules). On failure
 * @error is GLAUX_AWS_ERROR_VALIDATION and its message names the member path and the rule, e.g.
 * "WorkGroup: 'bad name!' must match [a-zA-Z0-9._-]{1,128}". @request NULL means "{}". Used by
 * GlauxAthenaClient before sending and by glaux-local on receipt. */
gboolean            glaux_athena_validate_request            (const char  *operation,
                                                              JsonObject  *request,
                                                              GError     **error);
gboolean            glaux_athena_validate_is_known_operation (const char  *operation);
const char * const *glaux_athena_validate_list_operations    (void);

G_END_DECLS
