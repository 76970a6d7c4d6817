/* glaux-connection.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-connection"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "glaux-aws-error.h"
#include "glaux-chain-credentials-provider.h"
#include "glaux-connection.h"
#include "glaux-endpoint.h"
#include "glaux-http.h"
#include "glaux-keyring-credentials-provider.h"
#include "glaux-static-credentials-provider.h"

/* One place Glaux can talk to: glaux-local on this computer, an AWS profile, or keys typed
 * into Glaux. Connecting resolves the endpoints, region and credentials and builds the two
 * clients; the UI binds to the status, error and client properties. One attempt runs at a time
 * and every caller waits on it with its own cancellable, so one caller giving up never stops
 * the attempt for the others. */

#define NO_REGION_PROBLEM N_("No region: set region in the profile or AWS_REGION")

G_DEFINE_ENUM_TYPE (GlauxConnectionKind, glaux_connection_kind,
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_KIND_LOCAL, "local"),
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_KIND_PROFILE, "profile"),
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_KIND_KEYS, "keys"))

G_DEFINE_ENUM_TYPE (GlauxConnectionStatus, glaux_connection_status,
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_STATUS_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_STATUS_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_STATUS_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (GLAUX_CONNECTION_STATUS_UNUSABLE, "unusable"))

typedef struct _Attempt Attempt;

struct _GlauxConnection
{
  GObject                 parent_instance;

  GlauxConnectionKind     kind;
  char                   *id;
  char                   *title;
  char                   *subtitle;
  char                   *region;
  char                   *endpoint_url;
  char                   *access_key_id;
  gboolean                has_session_token;

  GlauxConnectionStatus   status;
  GError                 *error;
  char                   *problem;
  GlauxAthenaClient      *athena_client;
  GlauxS3Client          *s3_client;
  Attempt                *attempt;

  /* LOCAL */
  char                   *program;
  char                   *data_dir;
  char                   *local_catalog_path;
  GlauxLocalProcess      *local;
  GlauxLocalProcess      *stopping;

  /* PROFILE */
  GlauxAwsConfig         *config;
  GlauxAwsProfile        *profile;
  char                  **envp;
  char                   *profile_fingerprint;
};

G_DEFINE_FINAL_TYPE (GlauxConnection, glaux_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_REGION,
  PROP_ENDPOINT_URL,
  PROP_ACCESS_KEY_ID,
  PROP_HAS_SESSION_TOKEN,
  PROP_STATUS,
  PROP_ERROR,
  PROP_PROBLEM,
  PROP_ATHENA_CLIENT,
  PROP_S3_CLIENT,
  PROP_LOCAL_PROCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Property setters ------------------------------------------------------------------------- */

static void
set_string (GlauxConnection  *self,
            char            **field,
            const char       *value,
            guint             prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_status (GlauxConnection       *self,
            GlauxConnectionStatus  status)
{
  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* Takes @error (may be NULL). */
static void
set_error (GlauxConnection *self,
           GError          *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Takes both clients (may be NULL). */
static void
set_clients (GlauxConnection   *self,
             GlauxAthenaClient *athena_client,
             GlauxS3Client     *s3_client)
{
  if (self->athena_client != athena_client)
    {
      g_clear_object (&self->athena_client);
      self->athena_client = athena_client;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATHENA_CLIENT]);
    }

  if (self->s3_client != s3_client)
    {
      g_clear_object (&self->s3_client);
      self->s3_client = s3_client;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_S3_CLIENT]);
    }
}

/* Waiting callers -------------------------------------------------------------------------- */

struct _Attempt
{
  GlauxConnection          *self; /* owned: the connection lives while it connects */
  GCancellable             *cancellable;
  GPtrArray                *waiters;

  GlauxLocalProcess        *local;
  GlauxCredentialsProvider *provider;
  char                     *region;
  char                     *athena_url;
  char                     *s3_url;
  /* PROFILE only; the other kinds keep the clients' defaults (standard, 3 attempts). */
  GlauxRetryMode            retry_mode;
  guint                     max_attempts; /* 0: the mode's default */
};

typedef struct
{
  GTask   *task;
  Attempt *attempt;
  gulong   cancelled_id;
} Waiter;

static void
waiter_return (Waiter *waiter,
               GError *error)
{
  GCancellable *cancellable = g_task_get_cancellable (waiter->task);

  if (waiter->cancelled_id != 0)
    g_signal_handler_disconnect (cancellable, waiter->cancelled_id);

  if (error != NULL)
    g_task_return_error (waiter->task, error);
  else
    g_task_return_boolean (waiter->task, TRUE);

  g_object_unref (waiter->task);
  g_free (waiter);
}

/* Only this caller gives up; the attempt goes on for the others. */
static void
waiter_cancelled_cb (GCancellable *cancellable,
                     Waiter       *waiter)
{
  /* Not there: the attempt is returning its waiters right now and will return this one. */
  if (!g_ptr_array_remove (waiter->attempt->waiters, waiter))
    return;

  waiter_return (waiter, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("Connecting was cancelled")));
}

static void
attempt_add_waiter (Attempt *attempt,
                    GTask   *task)
{
  Waiter *waiter = g_new0 (Waiter, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->task = g_object_ref (task);
  waiter->attempt = attempt;
  if (cancellable != NULL)
    waiter->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                             G_CALLBACK (waiter_cancelled_cb), waiter);
  g_ptr_array_add (attempt->waiters, waiter);
}

/* Takes @error (NULL: success), copied for each waiter. */
static void
attempt_return_all (Attempt *attempt,
                    GError  *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&attempt->waiters);

  attempt->waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    waiter_return (g_ptr_array_index (waiters, i), error ? g_error_copy (error) : NULL);

  g_clear_error (&error);
}

static void
attempt_free (Attempt *attempt)
{
  g_assert (attempt->waiters->len == 0);

  g_ptr_array_unref (attempt->waiters);
  g_clear_object (&attempt->cancellable);
  g_clear_object (&attempt->local);
  g_clear_object (&attempt->provider);
  g_clear_pointer (&attempt->region, g_free);
  g_clear_pointer (&attempt->athena_url, g_free);
  g_clear_pointer (&attempt->s3_url, g_free);
  g_clear_object (&attempt->self);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

/* A disconnect while connecting leaves the attempt running until its callbacks see it. */
static gboolean
attempt_is_current (Attempt *attempt)
{
  return attempt->self->attempt == attempt;
}

/* glaux-local ------------------------------------------------------------------------------ */

static void
update_local_subtitle (GlauxConnection *self)
{
  g_autofree char *subtitle = NULL;

  if (self->region != NULL)
    subtitle = g_strdup_printf (_("glaux-local · %s"), self->region);
  else
    subtitle = g_strdup (_("glaux-local on this computer"));

  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
}

static GError *
new_local_stopped_error (GlauxLocalProcess *local)
{
  const char *reason = glaux_local_process_get_exit_reason (local);

  return g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK,
                      _("glaux-local stopped unexpectedly (%s); connect again to restart it"),
                      reason != NULL ? reason : _("no exit status"));
}

static void
local_exited_cb (GlauxLocalProcess *local,
                 GlauxConnection   *self)
{
  if (local != self->local)
    return;

  g_debug ("glaux-local went away while %s was in use", self->id);
  g_object_freeze_notify (G_OBJECT (self));
  g_signal_handlers_disconnect_by_func (local, local_exited_cb, self);
  g_clear_object (&self->local);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_PROCESS]);
  set_clients (self, NULL, NULL);
  set_error (self, new_local_stopped_error (local));
  set_status (self, GLAUX_CONNECTION_STATUS_FAILED);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Ask glaux-local to stop; the next start waits until it is gone (they share the data dir). */
static void
stop_local (GlauxConnection *self)
{
  if (self->local == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->local, local_exited_cb, self);
  glaux_local_process_stop (self->local);
  g_clear_object (&self->stopping);
  self->stopping = g_steal_pointer (&self->local);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_PROCESS]);
}

/* Completing an attempt -------------------------------------------------------------------- */

/* Takes @error. */
static void
attempt_fail (Attempt *attempt,
              GError  *error)
{
  g_autoptr(Attempt) owned = attempt;
  GlauxConnection *self = attempt->self;

  if (!attempt_is_current (attempt))
    {
      g_error_free (error);
      return;
    }

  g_debug ("Connecting %s failed: %s", self->id, error->message);
  self->attempt = NULL;
  g_object_freeze_notify (G_OBJECT (self));
  set_clients (self, NULL, NULL);
  set_error (self, g_error_copy (error));
  set_status (self, GLAUX_CONNECTION_STATUS_FAILED);
  g_object_thaw_notify (G_OBJECT (self));

  attempt_return_all (attempt, error);
}

static void
adopt_local (GlauxConnection *self,
             Attempt         *attempt)
{
  self->local = g_steal_pointer (&attempt->local);
  g_signal_connect (self->local, "exited", G_CALLBACK (local_exited_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_PROCESS]);
  set_string (self, &self->region, attempt->region, PROP_REGION);
  set_string (self, &self->endpoint_url, attempt->athena_url, PROP_ENDPOINT_URL);
  update_local_subtitle (self);
}

static void
attempt_succeed (Attempt *attempt)
{
  g_autoptr(Attempt) owned = attempt;
  GlauxConnection *self = attempt->self;
  GlauxAthenaClient *athena_client;
  GlauxS3Client *s3_client;
  SoupSession *session;
  GError *error = NULL;

  if (!attempt_is_current (attempt))
    {
      if (attempt->local != NULL)
        glaux_local_process_stop (attempt->local);
      return;
    }

  /* It could have died between announcing itself and this callback. */
  if (attempt->local != NULL && !glaux_local_process_get_running (attempt->local))
    {
      attempt_fail (g_steal_pointer (&owned), new_local_stopped_error (attempt->local));
      return;
    }

  session = glaux_http_session_get_default (&error);
  if (session == NULL)
    {
      if (attempt->local != NULL)
        glaux_local_process_stop (attempt->local);
      attempt_fail (g_steal_pointer (&owned), error);
      return;
    }

  athena_client = glaux_athena_client_new (session, attempt->athena_url, attempt->region,
                                           attempt->provider);
  s3_client = glaux_s3_client_new (session, attempt->s3_url, attempt->region, attempt->provider);
  glaux_retry_policy_configure (
    glaux_aws_json_client_get_retry_policy (glaux_athena_client_get_json_client (athena_client)),
    attempt->retry_mode, attempt->max_attempts);
  glaux_retry_policy_configure (glaux_s3_client_get_retry_policy (s3_client),
                                attempt->retry_mode, attempt->max_attempts);

  g_debug ("%s is ready: Athena at %s, S3 at %s, region %s, retry mode %s, max attempts %u",
           self->id, attempt->athena_url, attempt->s3_url, attempt->region,
           glaux_retry_mode_to_string (attempt->retry_mode),
           glaux_retry_policy_get_max_attempts (glaux_s3_client_get_retry_policy (s3_client)));
  self->attempt = NULL;
  g_object_freeze_notify (G_OBJECT (self));
  if (attempt->local != NULL)
    adopt_local (self, attempt);
  else if (self->kind == GLAUX_CONNECTION_KIND_PROFILE)
    set_string (self, &self->endpoint_url, attempt->athena_url, PROP_ENDPOINT_URL);
  set_clients (self, athena_client, s3_client);
  set_error (self, NULL);
  set_status (self, GLAUX_CONNECTION_STATUS_READY);
  g_object_thaw_notify (G_OBJECT (self));

  attempt_return_all (attempt, NULL);
}

/* LOCAL ------------------------------------------------------------------------------------ */

static void
local_started_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Attempt *attempt = user_data;
  GlauxLocalProcess *local = GLAUX_LOCAL_PROCESS (object);
  GError *error = NULL;

  if (!glaux_local_process_start_finish (local, result, &error))
    {
      attempt_fail (attempt, error);
      return;
    }

  attempt->region = g_strdup (glaux_local_process_get_region (local));
  attempt->athena_url = g_strdup (glaux_local_process_get_endpoint (local));
  attempt->s3_url = g_strdup (attempt->athena_url);
  attempt->provider = GLAUX_CREDENTIALS_PROVIDER (
    glaux_static_credentials_provider_new (glaux_local_process_get_credentials (local)));
  attempt_succeed (attempt);
}

static void
start_local (Attempt *attempt)
{
  GlauxConnection *self = attempt->self;

  if (g_cancellable_is_cancelled (attempt->cancellable))
    {
      attempt_fail (attempt, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  _("Connecting was cancelled")));
      return;
    }

  g_clear_object (&self->stopping);
  attempt->local = glaux_local_process_new (self->program, self->data_dir);
  glaux_local_process_start_async (attempt->local, attempt->cancellable, local_started_cb,
                                   attempt);
}

static void
stopping_notify_cb (GlauxLocalProcess *stopping,
                    GParamSpec        *pspec,
                    Attempt           *attempt)
{
  if (glaux_local_process_get_running (stopping))
    return;

  g_signal_handlers_disconnect_by_func (stopping, stopping_notify_cb, attempt);
  start_local (attempt);
}

static void
connect_local (Attempt *attempt)
{
  GlauxConnection *self = attempt->self;

  /* Two glaux-local on one data dir would both write its store. */
  if (self->stopping != NULL && glaux_local_process_get_running (self->stopping))
    {
      g_debug ("Waiting for the previous glaux-local to stop");
      g_signal_connect (self->stopping, "notify::running", G_CALLBACK (stopping_notify_cb),
                        attempt);
      return;
    }

  start_local (attempt);
}

/* PROFILE and KEYS ------------------------------------------------------------------------- */

static void
credentials_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  GError *error = NULL;

  credentials = glaux_credentials_provider_load_finish (GLAUX_CREDENTIALS_PROVIDER (object),
                                                        result, &error);
  if (credentials == NULL)
    attempt_fail (attempt, error);
  else
    attempt_succeed (attempt);
}

/* Loading once now makes a missing secret or a failing credential_process show at connect,
 * not at the first request. */
static void
load_credentials (Attempt *attempt)
{
  glaux_credentials_provider_load_async (attempt->provider, attempt->cancellable,
                                         credentials_loaded_cb, attempt);
}

static void
connect_profile (Attempt *attempt)
{
  GlauxConnection *self = attempt->self;
  const char * const *envp = (const char * const *)self->envp;
  const char *name = glaux_aws_profile_get_name (self->profile);
  GError *error = NULL;

  if (glaux_aws_profile_resolve_retry (self->profile, envp, &attempt->retry_mode,
                                       &attempt->max_attempts, &error))
    attempt->region = glaux_endpoint_resolve_region (self->profile, envp, NULL, &error);
  if (attempt->region != NULL)
    attempt->athena_url = glaux_endpoint_resolve ("athena", attempt->region, self->profile,
                                                  self->config, envp, NULL, &error);
  if (attempt->athena_url != NULL)
    attempt->s3_url = glaux_endpoint_resolve ("s3", attempt->region, self->profile,
                                              self->config, envp, NULL, &error);
  if (error != NULL)
    {
      attempt_fail (attempt, error);
      return;
    }

  /* An explicitly chosen profile: the environment's keys do not override it. */
  attempt->provider = GLAUX_CREDENTIALS_PROVIDER (
    glaux_chain_credentials_provider_new (NULL, NULL, name, envp));
  load_credentials (attempt);
}

/* Keys connections use the typed endpoint for every service, or the region's defaults. */
static char *
keys_endpoint_url (const char *service_id,
                   const char *region,
                   const char *endpoint_url)
{
  if (endpoint_url != NULL && endpoint_url[0] != '\0')
    return g_strdup (endpoint_url);

  return glaux_endpoint_default_url (service_id, region);
}

static void
connect_keys (Attempt *attempt)
{
  GlauxConnection *self = attempt->self;

  attempt->region = g_strdup (self->region);
  attempt->athena_url = keys_endpoint_url ("athena", self->region, self->endpoint_url);
  attempt->s3_url = keys_endpoint_url ("s3", self->region, self->endpoint_url);

  attempt->provider = GLAUX_CREDENTIALS_PROVIDER (
    glaux_keyring_credentials_provider_new (self->id, self->access_key_id));
  load_credentials (attempt);
}

/* Connecting ------------------------------------------------------------------------------- */

static void
start_attempt (GlauxConnection *self)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->self = g_object_ref (self);
  attempt->cancellable = g_cancellable_new ();
  attempt->waiters = g_ptr_array_new ();
  self->attempt = attempt;

  g_debug ("Connecting %s", self->id);
  set_status (self, GLAUX_CONNECTION_STATUS_CONNECTING);

  switch (self->kind)
    {
    case GLAUX_CONNECTION_KIND_LOCAL:
      connect_local (attempt);
      break;

    case GLAUX_CONNECTION_KIND_PROFILE:
      connect_profile (attempt);
      break;

    case GLAUX_CONNECTION_KIND_KEYS:
    default:
      connect_keys (attempt);
      break;
    }
}

void
glaux_connection_connect_async (GlauxConnection     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GLAUX_IS_CONNECTION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_connection_connect_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->status == GLAUX_CONNECTION_STATUS_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->status == GLAUX_CONNECTION_STATUS_UNUSABLE)
    {
      g_task_return_new_error (task, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_CONFIGURATION, "%s",
                               self->problem);
      return;
    }

  /* Added before the attempt starts: a synchronous failure must reach this caller too. */
  if (self->attempt == NULL)
    {
      start_attempt (self);
      if (self->attempt == NULL)
        {
          g_task_return_error (task, g_error_copy (self->error));
          return;
        }
    }

  attempt_add_waiter (self->attempt, task);
}

gboolean
glaux_connection_connect_finish (GlauxConnection  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
glaux_connection_disconnect (GlauxConnection *self)
{
  g_autoptr(GPtrArray) waiters = NULL;

  g_return_if_fail (GLAUX_IS_CONNECTION (self));

  if (self->attempt != NULL)
    {
      Attempt *attempt = g_steal_pointer (&self->attempt);

      /* Its callbacks see it is no longer current and clean up after themselves. */
      waiters = g_steal_pointer (&attempt->waiters);
      attempt->waiters = g_ptr_array_new ();
      g_cancellable_cancel (attempt->cancellable);
    }

  g_object_freeze_notify (G_OBJECT (self));
  stop_local (self);
  set_clients (self, NULL, NULL);
  if (self->status != GLAUX_CONNECTION_STATUS_UNUSABLE)
    set_status (self, GLAUX_CONNECTION_STATUS_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));

  /* Last: a waiter's callback may well connect again. */
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    waiter_return (g_ptr_array_index (waiters, i),
                   g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        _("The connection was closed")));
}

/* Getters ---------------------------------------------------------------------------------- */

const char *
glaux_connection_get_id (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->id;
}

GlauxConnectionKind
glaux_connection_get_kind (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), GLAUX_CONNECTION_KIND_LOCAL);

  return self->kind;
}

const char *
glaux_connection_get_title (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->title;
}

const char *
glaux_connection_get_subtitle (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->subtitle;
}

/* Returns: (nullable): the region (LOCAL: once glaux-local announced it) */
const char *
glaux_connection_get_region (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->region;
}

const char *
glaux_connection_get_endpoint_url (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->endpoint_url;
}

/* Returns: (nullable): the access key id typed for a KEYS connection, or a profile's static
 *   key id (never a secret) */
const char *
glaux_connection_get_access_key_id (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->access_key_id;
}

gboolean
glaux_connection_get_has_session_token (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), FALSE);

  return self->has_session_token;
}

GlauxConnectionStatus
glaux_connection_get_status (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), GLAUX_CONNECTION_STATUS_DISCONNECTED);

  return self->status;
}

/* Returns: (nullable): the last failure, kept after a disconnect until the next success */
const GError *
glaux_connection_get_error (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->error;
}

const char *
glaux_connection_get_problem (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->problem;
}

/**
 * glaux_connection_get_athena_client:
 *
 * Returns: (transfer none) (nullable): the client, %NULL unless READY
 */
GlauxAthenaClient *
glaux_connection_get_athena_client (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->athena_client;
}

/**
 * glaux_connection_get_s3_client:
 *
 * Returns: (transfer none) (nullable): the client, %NULL unless READY
 */
GlauxS3Client *
glaux_connection_get_s3_client (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->s3_client;
}

/**
 * glaux_connection_get_local_process:
 *
 * Returns: (transfer none) (nullable): the glaux-local in use while READY (LOCAL only)
 */
GlauxLocalProcess *
glaux_connection_get_local_process (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->local;
}

/* Known before connecting: the app loads TPC-H into it while glaux-local may be stopped. */
const char *
glaux_connection_get_local_catalog_path (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->local_catalog_path;
}

const char *
glaux_connection_get_profile_name (GlauxConnection *self)
{
  g_return_val_if_fail (GLAUX_IS_CONNECTION (self), NULL);

  return self->profile != NULL ? glaux_aws_profile_get_name (self->profile) : NULL;
}

/* GObject ---------------------------------------------------------------------------------- */

static void
glaux_connection_dispose (GObject *object)
{
  GlauxConnection *self = (GlauxConnection *)object;

  /* An attempt keeps a reference, so none runs here; glaux-local must not outlive us. */
  stop_local (self);
  g_clear_object (&self->stopping);
  g_clear_object (&self->athena_client);
  g_clear_object (&self->s3_client);
  g_clear_object (&self->config);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (glaux_connection_parent_class)->dispose (object);
}

static void
glaux_connection_finalize (GObject *object)
{
  GlauxConnection *self = (GlauxConnection *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);
  g_clear_pointer (&self->access_key_id, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->local_catalog_path, g_free);
  g_clear_pointer (&self->envp, g_strfreev);
  g_clear_pointer (&self->profile_fingerprint, g_free);

  G_OBJECT_CLASS (glaux_connection_parent_class)->finalize (object);
}

static void
glaux_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlauxConnection *self = GLAUX_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_ENDPOINT_URL:
      g_value_set_string (value, self->endpoint_url);
      break;

    case PROP_ACCESS_KEY_ID:
      g_value_set_string (value, self->access_key_id);
      break;

    case PROP_HAS_SESSION_TOKEN:
      g_value_set_boolean (value, self->has_session_token);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    case PROP_ATHENA_CLIENT:
      g_value_set_object (value, self->athena_client);
      break;

    case PROP_S3_CLIENT:
      g_value_set_object (value, self->s3_client);
      break;

    case PROP_LOCAL_PROCESS:
      g_value_set_object (value, self->local);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
object_property (const char *name,
                 GType       type)
{
  return g_param_spec_object (name, NULL, NULL, type,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static void
glaux_connection_class_init (GlauxConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = glaux_connection_dispose;
  object_class->finalize = glaux_connection_finalize;
  object_class->get_property = glaux_connection_get_property;

  properties[PROP_ID] = string_property ("id");
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, GLAUX_TYPE_CONNECTION_KIND,
                       GLAUX_CONNECTION_KIND_LOCAL, flags);
  properties[PROP_TITLE] = string_property ("title");
  properties[PROP_SUBTITLE] = string_property ("subtitle");
  properties[PROP_REGION] = string_property ("region");
  properties[PROP_ENDPOINT_URL] = string_property ("endpoint-url");
  properties[PROP_ACCESS_KEY_ID] = string_property ("access-key-id");
  properties[PROP_HAS_SESSION_TOKEN] =
    g_param_spec_boolean ("has-session-token", NULL, NULL, FALSE, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GLAUX_TYPE_CONNECTION_STATUS,
                       GLAUX_CONNECTION_STATUS_DISCONNECTED, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  properties[PROP_PROBLEM] = string_property ("problem");
  properties[PROP_ATHENA_CLIENT] = object_property ("athena-client", GLAUX_TYPE_ATHENA_CLIENT);
  properties[PROP_S3_CLIENT] = object_property ("s3-client", GLAUX_TYPE_S3_CLIENT);
  properties[PROP_LOCAL_PROCESS] = object_property ("local-process", GLAUX_TYPE_LOCAL_PROCESS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_connection_init (GlauxConnection *self)
{
}

/* Constructors ----------------------------------------------------------------------------- */

/**
 * glaux_connection_new_local:
 * @program: (nullable): the glaux-local program, %NULL to look it up at each start
 * @data_dir: (nullable): its data folder, %NULL for $XDG_DATA_HOME/glaux/local
 *
 * Returns: (transfer full): the "This computer" connection
 */
GlauxConnection *
glaux_connection_new_local (const char *program,
                            const char *data_dir)
{
  GlauxConnection *self = g_object_new (GLAUX_TYPE_CONNECTION, NULL);

  self->kind = GLAUX_CONNECTION_KIND_LOCAL;
  self->id = g_strdup ("local");
  self->title = g_strdup (_("This computer"));
  self->program = g_strdup (program);
  self->data_dir = data_dir != NULL
                   ? g_strdup (data_dir)
                   : g_build_filename (g_get_user_data_dir (), "glaux", "local", NULL);
  self->local_catalog_path = g_build_filename (self->data_dir, GLAUX_LOCAL_CATALOG_NAME, NULL);
  update_local_subtitle (self);

  return self;
}

/* "~/.aws/config" rather than the full path of the home folder. */
static char *
abbreviate_home (const char         *path,
                 const char * const *envp)
{
  const char *home = glaux_aws_config_getenv (envp, "HOME");
  gsize length;

  if (home == NULL || home[0] == '\0')
    home = g_get_home_dir ();

  length = strlen (home);
  while (length > 1 && home[length - 1] == '/')
    length--;

  if (strncmp (path, home, length) == 0 && path[length] == '/')
    return g_strconcat ("~", path + length, NULL);

  return g_strdup (path);
}

/* The file the profile's section comes from: the config file when it has one. */
static const char *
find_profile_file (GlauxAwsConfig  *config,
                   GlauxAwsProfile *profile)
{
  const char *config_path = glaux_aws_config_get_config_path (config);
  g_autofree char *in_config = NULL;

  if (config_path == NULL)
    return glaux_aws_config_get_credentials_path (config);

  in_config = g_strdup_printf (" in %s line ", config_path);
  if (strstr (glaux_aws_profile_get_origin (profile), in_config) != NULL)
    return config_path;

  return glaux_aws_config_get_credentials_path (config);
}

/* Whether any region setting exists, valid or not. */
static gboolean
has_region_setting (GlauxAwsProfile    *profile,
                    const char * const *envp)
{
  const char *region = glaux_aws_profile_get_region (profile);

  return glaux_aws_config_getenv (envp, "AWS_REGION") != NULL
         || glaux_aws_config_getenv (envp, "AWS_DEFAULT_REGION") != NULL
         || (region != NULL && region[0] != '\0');
}

/* What connecting depends on; a change means the clients must be rebuilt. */
static char *
dup_profile_fingerprint (GlauxConnection *self)
{
  GlauxAwsProfile *profile = self->profile;

  return g_strjoin ("\n",
                    self->region ? self->region : "",
                    self->problem ? self->problem : "",
                    glaux_aws_profile_get_endpoint_url (profile) ?: "",
                    glaux_aws_profile_get_services_name (profile) ?: "",
                    glaux_aws_profile_get_ignore_configured_endpoint_urls (profile) ?: "",
                    glaux_aws_profile_get_credential_process (profile) ?: "",
                    glaux_aws_profile_get_access_key_id (profile) ?: "",
                    glaux_aws_profile_get_keys_origin (profile) ?: "",
                    glaux_aws_profile_get_max_attempts (profile) ?: "",
                    glaux_aws_profile_get_retry_mode (profile) ?: "",
                    NULL);
}

static void
apply_profile (GlauxConnection *self,
               GlauxAwsConfig  *config,
               GlauxAwsProfile *profile)
{
  const char * const *envp = (const char * const *)self->envp;
  g_autoptr(GError) error = NULL;
  g_autofree char *region = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *file = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *fingerprint = NULL;

  g_set_object (&self->config, config);
  g_set_object (&self->profile, profile);

  region = glaux_endpoint_resolve_region (profile, envp, NULL, &error);
  if (glaux_aws_profile_get_problem (profile) != NULL)
    problem = g_strdup (glaux_aws_profile_get_problem (profile));
  else if (region == NULL && !has_region_setting (profile, envp))
    problem = g_strdup (_(NO_REGION_PROBLEM));
  else if (region == NULL)
    problem = g_strdup (error->message);

  file = abbreviate_home (find_profile_file (config, profile), envp);
  subtitle = region != NULL ? g_strdup_printf ("%s · %s", region, file) : g_strdup (file);

  set_string (self, &self->title, glaux_aws_profile_get_name (profile), PROP_TITLE);
  set_string (self, &self->region, region, PROP_REGION);
  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
  set_string (self, &self->access_key_id, glaux_aws_profile_get_access_key_id (profile),
              PROP_ACCESS_KEY_ID);
  set_string (self, &self->problem, problem, PROP_PROBLEM);

  fingerprint = dup_profile_fingerprint (self);
  if (self->profile_fingerprint != NULL && g_strcmp0 (fingerprint, self->profile_fingerprint) != 0)
    glaux_connection_disconnect (self);
  g_free (self->profile_fingerprint);
  self->profile_fingerprint = g_steal_pointer (&fingerprint);

  if (problem != NULL)
    {
      glaux_connection_disconnect (self);
      set_status (self, GLAUX_CONNECTION_STATUS_UNUSABLE);
    }
  else if (self->status == GLAUX_CONNECTION_STATUS_UNUSABLE)
    set_status (self, GLAUX_CONNECTION_STATUS_DISCONNECTED);
}

/**
 * glaux_connection_new_for_profile:
 * @config: the files @profile comes from
 * @profile: the profile
 * @envp: (nullable): the environment, %NULL for the process's own (copied now)
 *
 * Returns: (transfer full): a connection "profile:NAME"; UNUSABLE when Glaux cannot use the
 *   profile (SSO, assume-role, no region)
 */
GlauxConnection *
glaux_connection_new_for_profile (GlauxAwsConfig     *config,
                                  GlauxAwsProfile    *profile,
                                  const char * const *envp)
{
  GlauxConnection *self;

  g_return_val_if_fail (GLAUX_IS_AWS_CONFIG (config), NULL);
  g_return_val_if_fail (GLAUX_IS_AWS_PROFILE (profile), NULL);

  self = g_object_new (GLAUX_TYPE_CONNECTION, NULL);
  self->kind = GLAUX_CONNECTION_KIND_PROFILE;
  self->id = g_strconcat ("profile:", glaux_aws_profile_get_name (profile), NULL);
  self->envp = envp != NULL ? g_strdupv ((char **)envp) : g_get_environ ();
  apply_profile (self, config, profile);

  return self;
}

void
glaux_connection_update_profile (GlauxConnection *self,
                                 GlauxAwsConfig  *config,
                                 GlauxAwsProfile *profile)
{
  g_return_if_fail (GLAUX_IS_CONNECTION (self));
  g_return_if_fail (self->kind == GLAUX_CONNECTION_KIND_PROFILE);
  g_return_if_fail (GLAUX_IS_AWS_CONFIG (config));
  g_return_if_fail (GLAUX_IS_AWS_PROFILE (profile));
  g_return_if_fail (g_str_equal (glaux_aws_profile_get_name (profile),
                                 glaux_aws_profile_get_name (self->profile)));

  g_object_freeze_notify (G_OBJECT (self));
  apply_profile (self, config, profile);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_keys_subtitle (GlauxConnection *self)
{
  g_autofree char *subtitle = NULL;
  g_autoptr(GUri) uri = NULL;

  if (self->endpoint_url != NULL)
    uri = g_uri_parse (self->endpoint_url, G_URI_FLAGS_NONE, NULL);

  if (uri != NULL && g_uri_get_host (uri) != NULL)
    subtitle = g_strdup_printf (_("%s · keys in the keyring · %s"), self->region,
                                g_uri_get_host (uri));
  else
    subtitle = g_strdup_printf (_("%s · keys in the keyring"), self->region);

  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
}

/* Updates a KEYS connection from its settings entry; a change of anything but the name
 * disconnects it, so the next connect uses the new values. */
void
glaux_connection_update_keys (GlauxConnection *self,
                              const char      *name,
                              const char      *region,
                              const char      *access_key_id,
                              const char      *endpoint_url,
                              gboolean         has_session_token)
{
  gboolean changed;

  g_return_if_fail (GLAUX_IS_CONNECTION (self));
  g_return_if_fail (self->kind == GLAUX_CONNECTION_KIND_KEYS);
  g_return_if_fail (name != NULL && region != NULL && access_key_id != NULL);

  if (endpoint_url != NULL && endpoint_url[0] == '\0')
    endpoint_url = NULL;

  changed = g_strcmp0 (self->region, region) != 0
            || g_strcmp0 (self->access_key_id, access_key_id) != 0
            || g_strcmp0 (self->endpoint_url, endpoint_url) != 0
            || self->has_session_token != !!has_session_token;

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->title, name, PROP_TITLE);
  set_string (self, &self->region, region, PROP_REGION);
  set_string (self, &self->access_key_id, access_key_id, PROP_ACCESS_KEY_ID);
  set_string (self, &self->endpoint_url, endpoint_url, PROP_ENDPOINT_URL);
  if (self->has_session_token != !!has_session_token)
    {
      self->has_session_token = !!has_session_token;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SESSION_TOKEN]);
    }
  update_keys_subtitle (self);
  if (changed)
    glaux_connection_disconnect (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * glaux_connection_new_for_keys:
 * @id: the id from the settings ("keys:UUID")
 * @endpoint_url: (nullable): one URL for Athena and S3, %NULL or "" for the region's defaults
 *
 * Returns: (transfer full): a connection whose secrets are in the keyring under @id
 */
GlauxConnection *
glaux_connection_new_for_keys (const char *id,
                               const char *name,
                               const char *region,
                               const char *access_key_id,
                               const char *endpoint_url,
                               gboolean    has_session_token)
{
  GlauxConnection *self;

  g_return_val_if_fail (id != NULL && id[0] != '\0', NULL);
  g_return_val_if_fail (name != NULL && region != NULL && access_key_id != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_CONNECTION, NULL);
  self->kind = GLAUX_CONNECTION_KIND_KEYS;
  self->id = g_strdup (id);
  self->title = g_strdup (name);
  self->region = g_strdup (region);
  self->access_key_id = g_strdup (access_key_id);
  self->endpoint_url = endpoint_url != NULL && endpoint_url[0] != '\0' ? g_strdup (endpoint_url)
                                                                       : NULL;
  self->has_session_token = !!has_session_token;
  update_keys_subtitle (self);

  return self;
}

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

/**
 * glaux_connection_new_athena_client_for_keys:
 * @keys: keys as typed, with the secret (not yet saved)
 * @error: where a missing HTTP session is reported
 *
 * An Athena client for keys that are not saved yet (a connection dialog's Test): the same
 * endpoint choice as a saved connection with keys; the secrets stay in memory only.
 *
 * Returns: (transfer full): the client, or %NULL with @error set
 */
GlauxAthenaClient *
glaux_connection_new_athena_client_for_keys (const GlauxConnectionKeys  *keys,
                                             GError                    **error)
{
  g_autoptr(GlauxAwsCredentials) credentials = NULL;
  g_autoptr(GlauxStaticCredentialsProvider) provider = NULL;
  g_autofree char *endpoint = NULL;
  SoupSession *session;

  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (keys->region != NULL, NULL);

  session = glaux_http_session_get_default (error);
  if (session == NULL)
    return NULL;

  endpoint = keys_endpoint_url ("athena", keys->region, keys->endpoint_url);
  credentials = glaux_aws_credentials_new (keys->access_key_id, keys->secret_access_key,
                                           keys->session_token != NULL && keys->session_token[0] != '\0'
                                             ? keys->session_token : NULL,
                                           NULL);
  provider = glaux_static_credentials_provider_new (credentials);

  return glaux_athena_client_new (session, endpoint, keys->region,
                                  GLAUX_CREDENTIALS_PROVIDER (provider));
}

void
glaux_connection_keys_clear (GlauxConnectionKeys *keys)
{
  g_return_if_fail (keys != NULL);

  g_clear_pointer (&keys->id, g_free);
  g_clear_pointer (&keys->name, g_free);
  g_clear_pointer (&keys->region, g_free);
  g_clear_pointer (&keys->access_key_id, g_free);
  clear_secret (&keys->secret_access_key);
  clear_secret (&keys->session_token);
  g_clear_pointer (&keys->endpoint_url, g_free);
}
