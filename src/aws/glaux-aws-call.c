/* glaux-aws-call.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-aws-call"

#include "config.h"

#include "glaux-aws-call.h"
#include "glaux-aws-error.h"
#include "glaux-http.h"

/* One AWS call from start to result: for every attempt, fresh credentials, a new message, a
 * fresh signature; retries as the client's policy allows; a deadline and the caller's
 * cancellable both cancel `cancellable`, which every pending step uses. The task's result is
 * whatever the operation's ops produce. */
typedef struct
{
  GTask                    *task;  /* borrowed: the call is the task's data */
  const GlauxAwsCallOps    *ops;
  gpointer                  op_data;
  GDestroyNotify            op_data_free;
  char                     *description;

  SoupSession              *session;
  GlauxCredentialsProvider *credentials;
  GlauxRetryPolicy         *retry_policy;
  char                     *region;
  char                     *service;
  GlauxSigv4Flags           sign_flags;
  guint                     timeout_ms;
  gsize                     max_body_size;

  char                     *invocation_id;
  GlauxRetryState           retry_state;
  GCancellable             *cancellable;
  GSource                   *caller_cancelled;
  GSource                   *deadline;
  GSource                   *sleep;
  GSource                   *sleep_interrupt;
  SoupMessage              *message;

  guint                     timed_out : 1;
} GlauxAwsCall;

static void start_attempt (GlauxAwsCall *call);

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
glaux_aws_call_free (gpointer data)
{
  GlauxAwsCall *call = data;

  if (call->op_data_free != NULL)
    call->op_data_free (call->op_data);
  g_clear_pointer (&call->description, g_free);
  g_clear_object (&call->session);
  g_clear_object (&call->credentials);
  g_clear_object (&call->retry_policy);
  g_clear_pointer (&call->region, g_free);
  g_clear_pointer (&call->service, g_free);
  g_clear_pointer (&call->invocation_id, g_free);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->message);
  g_free (call);
}

/* Stops the deadline and the link to the caller's cancellable: whatever happens next (such as
 * reading a returned stream) belongs to the caller. */
static void
detach (GlauxAwsCall *call)
{
  destroy_source (&call->caller_cancelled);
  destroy_source (&call->deadline);
  destroy_source (&call->sleep);
  destroy_source (&call->sleep_interrupt);
}

static void
fail (GlauxAwsCall *call,
      GError       *error)
{
  GTask *task = call->task;

  detach (call);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
succeed (GlauxAwsCall *call,
         gpointer      result)
{
  GTask *task = call->task;

  glaux_retry_policy_record_success (call->retry_policy, &call->retry_state);
  detach (call);
  g_task_return_pointer (task, result, call->ops->result_free);
  g_object_unref (task);
}

static gboolean
interrupted (GlauxAwsCall *call)
{
  return g_cancellable_is_cancelled (call->cancellable);
}

/* The caller's cancellation wins over the deadline, and neither is ever retried. */
static void
fail_interrupted (GlauxAwsCall *call)
{
  if (g_cancellable_is_cancelled (g_task_get_cancellable (call->task)) || !call->timed_out)
    fail (call, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  else
    fail (call, g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_TIMEOUT,
                             "%s did not complete within %u.%03u s", call->description,
                             call->timeout_ms / 1000, call->timeout_ms % 1000));
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  GlauxAwsCall *call = user_data;

  destroy_source (&call->sleep_interrupt);
  g_clear_pointer (&call->sleep, g_source_unref);
  start_attempt (call);

  return G_SOURCE_REMOVE;
}

static gboolean
sleep_interrupted_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GlauxAwsCall *call = user_data;

  g_clear_pointer (&call->sleep_interrupt, g_source_unref);
  fail_interrupted (call);

  return G_SOURCE_REMOVE;
}

static void
attempt_failed (GlauxAwsCall *call,
                GError       *error)
{
  GTimeSpan delay;

  if (!glaux_retry_policy_acquire_retry (call->retry_policy, &call->retry_state, error, &delay))
    {
      fail (call, error);
      return;
    }

  g_debug ("%s: attempt %u failed (%s), retrying in %" G_GINT64_FORMAT " ms",
           call->description, call->retry_state.attempt - 1,
           glaux_aws_error_get_name (error) ? glaux_aws_error_get_name (error) : "transport error",
           (gint64)(delay / 1000));
  g_error_free (error);

  call->sleep = glaux_retry_policy_create_sleep_source (call->retry_policy, delay);
  g_source_set_callback (call->sleep, sleep_done_cb, call, NULL);
  g_source_attach (call->sleep, g_task_get_context (call->task));

  call->sleep_interrupt = g_cancellable_source_new (call->cancellable);
  g_source_set_callback (call->sleep_interrupt, G_SOURCE_FUNC (sleep_interrupted_cb), call, NULL);
  g_source_attach (call->sleep_interrupt, g_task_get_context (call->task));
}

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GlauxAwsCall *call = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  gpointer parsed;

  body = glaux_http_read_body_finish (result, &error);
  if (interrupted (call))
    {
      g_clear_error (&error);
      fail_interrupted (call);
      return;
    }
  if (body == NULL)
    {
      attempt_failed (call, error);
      return;
    }

  parsed = call->ops->parse_response (call->op_data, call->message, body, &error);
  if (error != NULL)
    attempt_failed (call, error);
  else
    succeed (call, parsed);
}

static void
log_response (GlauxAwsCall *call)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->message);
  const char *request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");

  if (request_id == NULL)
    request_id = soup_message_headers_get_one (headers, "x-amz-request-id");

  g_debug ("%s: HTTP %u, attempt %u/%u, request id %s", call->description,
           soup_message_get_status (call->message), call->retry_state.attempt,
           glaux_retry_policy_get_max_attempts (call->retry_policy),
           request_id ? request_id : "(none)");
}

static void
message_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GlauxAwsCall *call = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  gpointer taken;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (interrupted (call))
    {
      fail_interrupted (call);
      return;
    }
  if (stream == NULL)
    {
      g_debug ("%s: attempt %u: %s", call->description, call->retry_state.attempt, error->message);
      attempt_failed (call, glaux_http_transport_error (call->message, error, call->description));
      return;
    }

  log_response (call);
  status = soup_message_get_status (call->message);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && call->ops->take_stream != NULL)
    {
      taken = call->ops->take_stream (call->op_data, call->message, stream, &error);
      if (error != NULL)
        fail (call, g_steal_pointer (&error));
      else
        succeed (call, taken);
      return;
    }

  glaux_http_read_body_async (call->message, stream, call->max_body_size, call->description,
                              call->cancellable, body_read_cb, call);
}

static void
set_sdk_headers (GlauxAwsCall *call,
                 SoupMessage  *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autofree char *attempt = NULL;

  attempt = g_strdup_printf ("attempt=%u; max=%u", call->retry_state.attempt,
                             glaux_retry_policy_get_max_attempts (call->retry_policy));
  soup_message_headers_replace (headers, "amz-sdk-invocation-id", call->invocation_id);
  soup_message_headers_replace (headers, "amz-sdk-request", attempt);
}

static void
credentials_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GlauxAwsCall *call = user_data;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  credentials = glaux_credentials_provider_load_finish (GLAUX_CREDENTIALS_PROVIDER (object),
                                                        result, &error);
  if (interrupted (call))
    {
      fail_interrupted (call);
      return;
    }
  if (credentials == NULL)
    {
      if (error->domain == GLAUX_AWS_ERROR)
        fail (call, g_steal_pointer (&error));
      else
        fail (call, g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                                 "%s: no usable credentials: %s", call->description,
                                 error->message));
      return;
    }

  g_clear_object (&call->message);
  call->message = call->ops->build_message (call->op_data, &body, &error);
  if (call->message == NULL)
    {
      fail (call, g_steal_pointer (&error));
      return;
    }

  /* The signature covers one host; a redirect would need a new one. IDEMPOTENT lets libsoup
   * reuse an idle keep-alive connection for POST, as the AWS SDKs do: a request lost on a
   * connection the server had closed comes back as a connection error, which the retry policy
   * resends, with the same ClientRequestToken where the operation has one. */
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);
  set_sdk_headers (call, call->message);

  now = g_date_time_new_now_utc ();
  if (!glaux_sigv4_sign_message (call->message, body, credentials, call->region, call->service,
                                 call->sign_flags, now, &error))
    {
      fail (call, g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CREDENTIALS,
                               "%s: cannot sign the request: %s", call->description,
                               error->message));
      return;
    }

  soup_session_send_async (call->session, call->message, G_PRIORITY_DEFAULT, call->cancellable,
                           message_sent_cb, call);
}

static void
start_attempt (GlauxAwsCall *call)
{
  if (interrupted (call))
    {
      fail_interrupted (call);
      return;
    }

  glaux_credentials_provider_load_async (call->credentials, call->cancellable,
                                         credentials_loaded_cb, call);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GlauxAwsCall *call = user_data;

  g_clear_pointer (&call->deadline, g_source_unref);
  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);

  return G_SOURCE_REMOVE;
}

/* A source rather than a signal handler: the handler would run inside the caller's
 * g_cancellable_cancel(), where completing the task and disconnecting it would deadlock. */
static gboolean
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GlauxAwsCall *call = user_data;

  g_clear_pointer (&call->caller_cancelled, g_source_unref);
  g_cancellable_cancel (call->cancellable);

  return G_SOURCE_REMOVE;
}

/**
 * glaux_aws_call_run:
 * @task: the caller's task (its cancellable is the caller's); the call keeps it alive until
 *   it returns, and its result is what @ops produce (free it with @ops->result_free)
 * @config: client settings, copied
 * @op_data: (transfer full): the operation's data, passed to @ops
 * @description: the call in messages and logs (`AmazonAthena.GetSession`); never a secret
 */
void
glaux_aws_call_run (GTask                    *task,
                    const GlauxAwsCallConfig *config,
                    const GlauxAwsCallOps    *ops,
                    gpointer                  op_data,
                    GDestroyNotify            op_data_free,
                    const char               *description)
{
  GlauxAwsCall *call;
  GCancellable *caller_cancellable;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (config != NULL && ops != NULL);

  call = g_new0 (GlauxAwsCall, 1);
  call->task = g_object_ref (task);
  call->ops = ops;
  call->op_data = op_data;
  call->op_data_free = op_data_free;
  call->description = g_strdup (description);
  call->session = g_object_ref (config->session);
  call->credentials = g_object_ref (config->credentials);
  call->retry_policy = g_object_ref (config->retry_policy);
  call->region = g_strdup (config->region);
  call->service = g_strdup (config->service);
  call->sign_flags = config->sign_flags;
  call->timeout_ms = config->timeout_ms;
  call->max_body_size = config->max_body_size;
  call->invocation_id = g_uuid_string_random ();
  call->cancellable = g_cancellable_new ();
  glaux_retry_state_init (&call->retry_state);
  g_task_set_task_data (task, call, glaux_aws_call_free);

  caller_cancellable = g_task_get_cancellable (task);
  if (caller_cancellable != NULL)
    {
      call->caller_cancelled = g_cancellable_source_new (caller_cancellable);
      g_source_set_callback (call->caller_cancelled, G_SOURCE_FUNC (caller_cancelled_cb), call,
                             NULL);
      g_source_attach (call->caller_cancelled, g_task_get_context (task));
      if (g_cancellable_is_cancelled (caller_cancellable))
        g_cancellable_cancel (call->cancellable);
    }

  if (call->timeout_ms > 0)
    {
      call->deadline = g_timeout_source_new (call->timeout_ms);
      g_source_set_callback (call->deadline, deadline_cb, call, NULL);
      g_source_attach (call->deadline, g_task_get_context (task));
    }

  start_attempt (call);
}
