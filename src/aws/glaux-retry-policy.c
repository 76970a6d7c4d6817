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

/* botocore's legacy backoff has no cap; the exponent stops here only so that the delay in
 * milliseconds still fits the guint of a GLib timeout (2^22 s is about 48 days). */
#define LEGACY_MAX_EXPONENT 22

/* The SDK retry modes for one client: attempt limit, full-jitter exponential backoff and, in
 * standard mode, the retry quota that stops a failing service from being hammered by every
 * caller. */
struct _GlauxRetryPolicy
{
  GObject               parent_instance;

  GlauxRetryMode        mode;
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
  self->mode = GLAUX_RETRY_MODE_STANDARD;
  self->max_attempts = GLAUX_RETRY_DEFAULT_MAX_ATTEMPTS;
  self->quota = GLAUX_RETRY_QUOTA_CAPACITY;
  self->random_func = default_random;
  self->sleep_func = default_sleep;
}

/**
 * glaux_retry_mode_from_string:
 * @text: a value of AWS_RETRY_MODE or retry_mode
 * @mode: (out): the mode
 *
 * Returns: %TRUE if @text is `standard`, `legacy` or `adaptive` (exactly, as botocore wants)
 */
gboolean
glaux_retry_mode_from_string (const char     *text,
                              GlauxRetryMode *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  if (g_strcmp0 (text, "standard") == 0)
    *mode = GLAUX_RETRY_MODE_STANDARD;
  else if (g_strcmp0 (text, "legacy") == 0)
    *mode = GLAUX_RETRY_MODE_LEGACY;
  else if (g_strcmp0 (text, "adaptive") == 0)
    *mode = GLAUX_RETRY_MODE_ADAPTIVE;
  else
    return FALSE;

  return TRUE;
}

const char *
glaux_retry_mode_to_string (GlauxRetryMode mode)
{
  switch (mode)
    {
    case GLAUX_RETRY_MODE_LEGACY:
      return "legacy";
    case GLAUX_RETRY_MODE_ADAPTIVE:
      return "adaptive";
    case GLAUX_RETRY_MODE_STANDARD:
    default:
      return "standard";
    }
}

/* The attempts a mode makes when max_attempts is not given: 5 in legacy mode, otherwise 3. */
guint
glaux_retry_mode_get_default_max_attempts (GlauxRetryMode mode)
{
  return mode == GLAUX_RETRY_MODE_LEGACY ? GLAUX_RETRY_LEGACY_MAX_ATTEMPTS
                                         : GLAUX_RETRY_DEFAULT_MAX_ATTEMPTS;
}

GlauxRetryPolicy *
glaux_retry_policy_new (void)
{
  return g_object_new (GLAUX_TYPE_RETRY_POLICY, NULL);
}

/**
 * glaux_retry_policy_configure:
 * @mode: the retry mode
 * @max_attempts: the total number of attempts, or 0 for @mode's default
 *
 * Applies AWS_RETRY_MODE / retry_mode and AWS_MAX_ATTEMPTS / max_attempts, resolved by the
 * caller. Meant for a new client, before its first call.
 */
void
glaux_retry_policy_configure (GlauxRetryPolicy *self,
                              GlauxRetryMode    mode,
                              guint             max_attempts)
{
  static gsize adaptive_told = 0;

  g_return_if_fail (GLAUX_IS_RETRY_POLICY (self));
  g_return_if_fail (mode <= GLAUX_RETRY_MODE_ADAPTIVE);

  /* Adaptive mode adds a client-side rate limiter (a token bucket fed by the measured send
   * rate) to standard retries; Glaux only does the retries. */
  if (mode == GLAUX_RETRY_MODE_ADAPTIVE && g_once_init_enter (&adaptive_told))
    {
      g_debug ("Retry mode 'adaptive': retrying as in standard mode; the client-side rate "
               "limiter of adaptive mode is not implemented");
      g_once_init_leave (&adaptive_told, 1);
    }

  self->mode = mode;
  self->max_attempts = max_attempts > 0 ? max_attempts
                                        : glaux_retry_mode_get_default_max_attempts (mode);
}

GlauxRetryMode
glaux_retry_policy_get_mode (GlauxRetryPolicy *self)
{
  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), GLAUX_RETRY_MODE_STANDARD);

  return self->mode;
}

/* botocore's legacy `_retry.json` (`__default__`; Athena has no section of its own): these
 * throttling codes only with HTTP 400, the listed statuses whatever the code, and connection
 * errors. Athena's TooManyRequestsException is not among them. */
static gboolean
legacy_is_retryable (const GError *error)
{
  static const char * const throttling_codes[] = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "ProvisionedThroughputExceededException",
  };
  guint status;

  if (g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK) ||
      g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT))
    return TRUE;

  if (!g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_SERVICE))
    return FALSE;

  status = glaux_aws_error_get_http_status (error);
  switch (status)
    {
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
    case 509:
      return TRUE;
    case 400:
      for (gsize i = 0; i < G_N_ELEMENTS (throttling_codes); i++)
        if (g_strcmp0 (glaux_aws_error_get_name (error), throttling_codes[i]) == 0)
          return TRUE;
      return FALSE;
    default:
      return FALSE;
    }
}

/**
 * glaux_retry_policy_is_retryable:
 * @error: (nullable): why an attempt failed
 *
 * Whether the policy's mode retries @error at all (attempts and quota aside): legacy mode has
 * its own, smaller set; standard and adaptive use glaux_aws_error_is_retryable().
 */
gboolean
glaux_retry_policy_is_retryable (GlauxRetryPolicy *self,
                                 const GError     *error)
{
  g_return_val_if_fail (GLAUX_IS_RETRY_POLICY (self), FALSE);

  if (error == NULL)
    return FALSE;

  if (self->mode == GLAUX_RETRY_MODE_LEGACY)
    return legacy_is_retryable (error);

  return glaux_aws_error_is_retryable (error);
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
 * Full jitter: rand[0,1) × min(2^(failed_attempt - 1) s, 20 s). Legacy mode has no 20 s cap:
 * rand[0,1) × 2^(failed_attempt - 1) s.
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

  if (self->mode == GLAUX_RETRY_MODE_LEGACY)
    ceiling = ((GTimeSpan)1 << MIN (failed_attempt - 1, LEGACY_MAX_EXPONENT)) * G_TIME_SPAN_SECOND;
  else if (failed_attempt - 1 < 5)
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
 * remain and, except in legacy mode, the quota must hold the retry's cost (10 after a timeout
 * or connection error, otherwise 5). On %TRUE the cost is taken and @state moves to the next
 * attempt.
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

  if (state->attempt >= self->max_attempts || !glaux_retry_policy_is_retryable (self, error))
    return FALSE;

  if (self->mode == GLAUX_RETRY_MODE_LEGACY)
    cost = 0;
  else if (g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT) ||
      g_error_matches (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK))
    cost = GLAUX_RETRY_TIMEOUT_COST;
  else
    cost = GLAUX_RETRY_COST;

  if (cost > 0 && self->quota < cost)
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

/* A success gives back what its last retry took, or one token when no retry was needed (legacy
 * mode has no quota). */
void
glaux_retry_policy_record_success (GlauxRetryPolicy *self,
                                   GlauxRetryState  *state)
{
  guint refund;

  g_return_if_fail (GLAUX_IS_RETRY_POLICY (self));
  g_return_if_fail (state != NULL);

  if (self->mode == GLAUX_RETRY_MODE_LEGACY)
    return;

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
