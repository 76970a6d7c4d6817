/* glaux-retry-policy.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-retry-policy"

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-retry-policy.h"

#define MAX_BACKOFF_SECONDS 20

/* The SDK "standard" retry mode for one client: attempt limit, full-jitter exponential backoff
 * and the retry quota that stops a failing service from being hammered by every caller. */
struct _GlauxRetryPolicy
{
  GObject               parent_instance;

  guint                 max_attempts;
  guint                 quota;

  GlauxRetryRandomFunc  random_func;
  gpointer              random_data;
  GDestroyNotify        random_destroy;

  GlauxRetrySleepFunc   sleep_func;
  gpointer              sleep_data;
  GDestroyNotify        sleep_destroy;
};

G_DEFINE_FINAL_TYPE (GlauxRetryPolicy, glaux_retry_policy, G_TYPE_OBJECT)

static double
default_random (gpointer user_data)
{
  return g_random_double ();
}

static GSource *
default_sleep (GTimeSpan delay,
               gpointer  user_data)
{
  return g_timeout_source_new ((guint)(delay / 1000));
}

static void
clear_random_func (GlauxRetryPolicy *self)
{
  if (self->random_destroy != NULL)
    self->random_destroy (self->random_data);
  self->random_func = default_random;
  self->random_data = NULL;
  self->random_destroy = NULL;
}

static void
clear_sleep_func (GlauxRetryPolicy *self)
{
  if (self->sleep_destroy != NULL)
    self->sleep_destroy (self->sleep_data);
  self->sleep_func = default_sleep;
  self->sleep_data = NULL;
  self->sleep_destroy = NULL;
}

static void
glaux_retry_policy_finalize (GObject *object)
{
  GlauxRetryPolicy *self = (GlauxRetryPolicy *)object;

  clear_random_func (self);
  clear_sleep_func (self);

  G_OBJECT_CLASS (glaux_retry_policy_parent_class)->finalize (object);
}

static void
glaux_retry_policy_class_init (GlauxRetryPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_retry_policy_finalize;
}

static void
glaux_retry_policy_init (GlauxRetryPolicy *self)
{
  self->max_attempts = GLAUX_RETRY_DEFAULT_MAX_ATTEMPTS;
  self->quota = GLAUX_RETRY_QUOTA_CAPACITY;
  self->random_func = default_random;
  self->sleep_func = default_sleep;
}

GlauxRetryPolicy *
glaux_retry_policy_new (void)
{
  return g_object_new (GLAUX_TYPE_RETRY_POLICY, NULL);
}

/* AWS_MAX_ATTEMPTS / max_attempts: the total number of attempts, the first one included. */
void
glaux_retry_policy_set_max_attempts (GlauxRetryPolicy *self,
                                     guint             max_attempts)
{
  g_return_if_fail (GLAUX_IS_RETRY_POLICY (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
}

guint
glaux_retry_policy_get_max_attempts (GlauxRetryPolicy *self)
{
  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), 0);

  return self->max_attempts;
}

guint
glaux_retry_policy_get_available_quota (GlauxRetryPolicy *self)
{
  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), 0);

  return self->quota;
}

/* Tests replace the jitter source to check the delay bounds deterministically. */
void
glaux_retry_policy_set_random_func (GlauxRetryPolicy     *self,
                                    GlauxRetryRandomFunc  func,
                                    gpointer              user_data,
                                    GDestroyNotify        destroy)
{
  g_return_if_fail (GLAUX_IS_RETRY_POLICY (self));

  clear_random_func (self);
  if (func != NULL)
    {
      self->random_func = func;
      self->random_data = user_data;
      self->random_destroy = destroy;
    }
}

/* Tests replace the sleep to record the delays without waiting seconds for them. */
void
glaux_retry_policy_set_sleep_func (GlauxRetryPolicy    *self,
                                   GlauxRetrySleepFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (GLAUX_IS_RETRY_POLICY (self));

  clear_sleep_func (self);
  if (func != NULL)
    {
      self->sleep_func = func;
      self->sleep_data = user_data;
      self->sleep_destroy = destroy;
    }
}

/**
 * glaux_retry_policy_compute_delay:
 * @failed_attempt: the 1-based attempt that just failed
 *
 * Full jitter: rand[0,1) × min(2^(failed_attempt - 1) s, 20 s).
 *
 * Returns: the delay in microseconds
 */
GTimeSpan
glaux_retry_policy_compute_delay (GlauxRetryPolicy *self,
                                  guint             failed_attempt)
{
  GTimeSpan ceiling = MAX_BACKOFF_SECONDS * G_TIME_SPAN_SECOND;
  double jitter;

  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), 0);
  g_return_val_if_fail (failed_attempt >= 1, 0);

  if (failed_attempt - 1 < 5)
    ceiling = MIN (ceiling, ((GTimeSpan)1 << (failed_attempt - 1)) * G_TIME_SPAN_SECOND);

  jitter = CLAMP (self->random_func (self->random_data), 0.0, 1.0);

  return (GTimeSpan)(jitter * (double)ceiling);
}

/**
 * glaux_retry_policy_acquire_retry:
 * @state: the call's retry state
 * @error: why the attempt failed
 * @delay: (out): how long to wait before the next attempt, in microseconds
 *
 * Decides whether the failed attempt is retried: the error must be retryable, attempts must
 * remain and the quota must hold the retry's cost (10 after a timeout or connection error,
 * otherwise 5). On %TRUE the cost is taken and @state moves to the next attempt.
 */
gboolean
glaux_retry_policy_acquire_retry (GlauxRetryPolicy *self,
                                  GlauxRetryState  *state,
                                  const GError     *error,
                                  GTimeSpan        *delay)
{
  guint cost;

  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (delay != NULL, FALSE);

  *delay = 0;

  if (state->attempt >= self->max_attempts || !glaux_aws_error_is_retryable (error))
    return FALSE;

  if (g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT) ||
      g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK))
    cost = GLAUX_RETRY_TIMEOUT_COST;
  else
    cost = GLAUX_RETRY_COST;

  if (self->quota < cost)
    {
      g_debug ("Retry quota exhausted (%u left, %u needed)", self->quota, cost);
      return FALSE;
    }

  self->quota -= cost;
  state->retry_cost = cost;
  *delay = glaux_retry_policy_compute_delay (self, state->attempt);
  state->attempt++;

  return TRUE;
}

/* A success gives back what its last retry took, or one token when no retry was needed. */
void
glaux_retry_policy_record_success (GlauxRetryPolicy *self,
                                   GlauxRetryState  *state)
{
  guint refund;

  g_return_if_fail (GLAUX_IS_RETRY_POLICY (self));
  g_return_if_fail (state != NULL);

  refund = state->retry_cost > 0 ? state->retry_cost : 1;
  self->quota = MIN (GLAUX_RETRY_QUOTA_CAPACITY, self->quota + refund);
}

/**
 * glaux_retry_policy_create_sleep_source:
 *
 * Returns: (transfer full): a source that fires once after @delay (microseconds)
 */
GSource *
glaux_retry_policy_create_sleep_source (GlauxRetryPolicy *self,
                                        GTimeSpan         delay)
{
  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), NULL);

  return self->sleep_func (MAX (delay, 0), self->sleep_data);
}

void
glaux_retry_state_init (GlauxRetryState *state)
{
  g_return_if_fail (state != NULL);

  state->attempt = 1;
  state->retry_cost = 0;
}
