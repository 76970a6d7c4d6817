/* glaux-test-util.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void        glaux_test_init            (int         *argc,
                                        char      ***argv);
const char *glaux_test_get_home        (void);
char       *glaux_test_build_shared    (const char  *first_element,
                                        ...) G_GNUC_NULL_TERMINATED;
char       *glaux_test_build_output    (const char  *file_name);
gboolean    glaux_test_running_on_valgrind (void);

/* Waiting in the main context. A wait that times out fails the test with a message naming what
 * it waited for and where; glaux_test_set_timeout_hook() can add more (a screenshot) first. */
void          glaux_test_wait_until_at      (gboolean     (*condition) (gpointer data),
                                             gpointer       data,
                                             guint          timeout_ms,
                                             const char    *what,
                                             const char    *file,
                                             int            line,
                                             const char    *func);
GAsyncResult *glaux_test_wait_result_at     (GAsyncResult **result,
                                             guint          timeout_ms,
                                             const char    *what,
                                             const char    *file,
                                             int            line,
                                             const char    *func);
void          glaux_test_store_result_cb    (GObject       *object,
                                             GAsyncResult  *result,
                                             gpointer       user_data);
gboolean      glaux_test_pointer_is_set     (gpointer       data);
gboolean      glaux_test_flag_is_set        (gpointer       data);
void          glaux_test_iterate            (guint          milliseconds);
void          glaux_test_set_timeout_hook   (void         (*hook) (gpointer data),
                                             gpointer       data);

/* Iterates until @condition (@data) holds; fails the test after @timeout_ms. */
#define glaux_test_wait_until(condition, data, timeout_ms) \
  glaux_test_wait_until_at ((condition), (data), (timeout_ms), \
                            "condition " #condition " (" #data ")", __FILE__, __LINE__, G_STRFUNC)

/* Iterates until glaux_test_store_result_cb() has stored a result in the GAsyncResult pointer
 * @result points to, and returns it (owned by *@result); fails the test after @timeout_ms. */
#define glaux_test_wait_result(result, timeout_ms) \
  glaux_test_wait_result_at ((result), (timeout_ms), "an async result in " #result, \
                             __FILE__, __LINE__, G_STRFUNC)

G_END_DECLS
