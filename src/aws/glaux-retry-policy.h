/* glaux-retry-policy.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GLAUX_TYPE_RETRY_POLICY (glaux_retry_policy_get_type ())

G_DECLARE_FINAL_TYPE (GlauxRetryPolicy, glaux_retry_policy, GLAUX, RETRY_POLICY, GObject)

/* AWS_RETRY_MODE / retry_mode. */
typedef enum
{
  GLAUX_RETRY_MODE_STANDARD, /* the SDK standard mode: Glaux's default */
  GLAUX_RETRY_MODE_LEGACY,   /* botocore's own default: 5 attempts, uncapped backoff, no quota */
  GLAUX_RETRY_MODE_ADAPTIVE, /* standard retries; the client-side rate limiter is not implemented */
} GlauxRetryMode;

#define GLAUX_RETRY_DEFAULT_MAX_ATTEMPTS 3
#define GLAUX_RETRY_LEGACY_MAX_ATTEMPTS  5
#define GLAUX_RETRY_QUOTA_CAPACITY       500
#define GLAUX_RETRY_COST                 5
#define GLAUX_RETRY_TIMEOUT_COST         10

/* Returns a number in [0, 1). */
typedef double   (*GlauxRetryRandomFunc) (gpointer   user_data);
/* Returns a source that fires once after @delay microseconds (the caller sets its callback). */
typedef GSource *(*GlauxRetrySleepFunc)  (GTimeSpan  delay,
                                          gpointer   user_data);

/* Where one call stands: the attempt running now (1-based) and what its last retry cost. */
typedef struct
{
  guint attempt;
  guint retry_cost;
} GlauxRetryState;

gboolean          glaux_retry_mode_from_string            (const char           *text,
                                                           GlauxRetryMode       *mode);
const char       *glaux_retry_mode_to_string              (GlauxRetryMode        mode);
guint             glaux_retry_mode_get_default_max_attempts (GlauxRetryMode      mode);

GlauxRetryPolicy *glaux_retry_policy_new                  (void);
void              glaux_retry_policy_configure            (GlauxRetryPolicy     *self,
                                                           GlauxRetryMode        mode,
                                                           guint                 max_attempts);
GlauxRetryMode    glaux_retry_policy_get_mode             (GlauxRetryPolicy     *self);
gboolean          glaux_retry_policy_is_retryable         (GlauxRetryPolicy     *self,
                                                           const GError         *error);
void              glaux_retry_policy_set_max_attempts     (GlauxRetryPolicy     *self,
                                                           guint                 max_attempts);
guint             glaux_retry_policy_get_max_attempts     (GlauxRetryPolicy     *self);
guint             glaux_retry_policy_get_available_quota  (GlauxRetryPolicy     *self);
void              glaux_retry_policy_set_random_func      (GlauxRetryPolicy     *self,
                                                           GlauxRetryRandomFunc  func,
                                                           gpointer              user_data,
                                                           GDestroyNotify        destroy);
void              glaux_retry_policy_set_sleep_func       (GlauxRetryPolicy     *self,
                                                           GlauxRetrySleepFunc   func,
                                                           gpointer              user_data,
                                                           GDestroyNotify        destroy);
GTimeSpan         glaux_retry_policy_compute_delay        (GlauxRetryPolicy     *self,
                                                           guint                 failed_attempt);
gboolean          glaux_retry_policy_acquire_retry        (GlauxRetryPolicy     *self,
                                                           GlauxRetryState      *state,
                                                           const GError         *error,
                                                           GTimeSpan            *delay);
void              glaux_retry_policy_record_success       (GlauxRetryPolicy     *self,
                                                           GlauxRetryState      *state);
GSource          *glaux_retry_policy_create_sleep_source  (GlauxRetryPolicy     *self,
                                                           GTimeSpan             delay);
void              glaux_retry_state_init                  (GlauxRetryState      *state);

G_END_DECLS
