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
void        glaux_test_wait_until      (gboolean   (*condition) (gpointer data),
                                        gpointer     data,
                                        guint        timeout_ms);
gboolean    glaux_test_running_on_valgrind (void);

G_END_DECLS
