/* glaux-athena-json-private.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading responses leniently: a member that is absent, null or of the wrong type counts as
 * absent, so older and newer servers both work. */
JsonObject *_glaux_athena_json_get_object      (JsonObject   *object,
                                                const char   *member);
const char *_glaux_athena_json_get_string      (JsonObject   *object,
                                                const char   *member);
gboolean    _glaux_athena_json_get_int64       (JsonObject   *object,
                                                const char   *member,
                                                gint64       *value);
GDateTime  *_glaux_athena_timestamp_from_node  (JsonNode     *node,
                                                GError      **error);

/* In-place updates of resource objects: each sets *field from @json's @member when present and
 * notifies @pspec only when the value really changed. @json may be NULL (nothing happens). */
gboolean    _glaux_athena_set_string           (char        **field,
                                                const char   *value);
void        _glaux_athena_update_string        (GObject      *object,
                                                GParamSpec   *pspec,
                                                char        **field,
                                                JsonObject   *json,
                                                const char   *member);
void        _glaux_athena_update_int           (GObject      *object,
                                                GParamSpec   *pspec,
                                                int          *field,
                                                JsonObject   *json,
                                                const char   *member);
void        _glaux_athena_update_int64         (GObject      *object,
                                                GParamSpec   *pspec,
                                                gint64       *field,
                                                JsonObject   *json,
                                                const char   *member);
void        _glaux_athena_update_boolean       (GObject      *object,
                                                GParamSpec   *pspec,
                                                gboolean     *field,
                                                JsonObject   *json,
                                                const char   *member);
void        _glaux_athena_update_time          (GObject      *object,
                                                GParamSpec   *pspec,
                                                GDateTime   **field,
                                                JsonObject   *json,
                                                const char   *member);
void        _glaux_athena_update_string_map    (GObject      *object,
                                                GParamSpec   *pspec,
                                                GHashTable  **field,
                                                JsonObject   *json,
                                                const char   *member);
void        _glaux_athena_update_enum          (GObject      *object,
                                                GParamSpec   *value_pspec,
                                                GParamSpec   *name_pspec,
                                                int          *value,
                                                char        **name,
                                                JsonObject   *json,
                                                const char   *member,
                                                int         (*from_string) (const char *));
void        _glaux_athena_set_int              (GObject      *object,
                                                GParamSpec   *pspec,
                                                int          *field,
                                                int           value);
void        _glaux_athena_set_int64            (GObject      *object,
                                                GParamSpec   *pspec,
                                                gint64       *field,
                                                gint64        value);
GHashTable *_glaux_athena_string_map_new       (void);
gboolean    _glaux_athena_string_map_equal     (GHashTable   *a,
                                                GHashTable   *b);

G_END_DECLS
