/* glaux-bounded-input-stream.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bounded-input-stream"

#include "config.h"

#include "glaux-aws-error.h"
#include "glaux-bounded-input-stream.h"

/* Wraps an HTTP body stream and counts what it delivers against the declared Content-Length,
 * so a connection closed early is an error on read instead of an EOF that looks like the end
 * of the object. Reads are passed straight to the base stream's async API (never to a thread:
 * libsoup streams belong to the main context). */
struct _GlauxBoundedInputStream
{
  GInputStream  parent_instance;

  GInputStream *base_stream;
  char         *what;
  goffset       expected;
  goffset       received;
};

G_DEFINE_FINAL_TYPE (GlauxBoundedInputStream, glaux_bounded_input_stream, G_TYPE_INPUT_STREAM)

/* The connection went away mid-body: a network error, retried like any other (as the SDKs do). */
static GError *
truncated_error (GlauxBoundedInputStream *self)
{
  return g_error_new (GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_NETWORK,
                      "%s: the response body ended after %" G_GINT64_FORMAT " of %"
                      G_GINT64_FORMAT " bytes", self->what, (gint64)self->received,
                      (gint64)self->expected);
}

/* Applies the length rules to one read result; returns @nread or -1 with @error set. */
static gssize
account_read (GlauxBoundedInputStream  *self,
              gssize                    nread,
              gsize                     count,
              GError                   *base_error,
              GError                  **error)
{
  if (nread < 0)
    {
      if (g_error_matches (base_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) && self->expected >= 0)
        g_propagate_error (error, truncated_error (self));
      else
        g_propagate_error (error, glaux_aws_error_new_from_transport (base_error, self->what));
      g_error_free (base_error);
      return -1;
    }

  if (nread == 0 && count > 0 && self->expected >= 0 && self->received < self->expected)
    {
      g_propagate_error (error, truncated_error (self));
      return -1;
    }

  self->received += nread;

  if (self->expected >= 0 && self->received > self->expected)
    {
      g_set_error (error, GLAUX_AWS_ERROR, GLAUX_AWS_ERROR_INVALID_RESPONSE,
                   "%s: the response body is longer than the declared %" G_GINT64_FORMAT
                   " bytes", self->what, (gint64)self->expected);
      return -1;
    }

  return nread;
}

static gssize
glaux_bounded_input_stream_read (GInputStream  *stream,
                                 void          *buffer,
                                 gsize          count,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  GlauxBoundedInputStream *self = GLAUX_BOUNDED_INPUT_STREAM (stream);
  GError *base_error = NULL;
  gssize nread;

  nread = g_input_stream_read (self->base_stream, buffer, count, cancellable, &base_error);

  return account_read (self, nread, count, base_error, error);
}

static void
base_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GlauxBoundedInputStream *self = g_task_get_source_object (task);
  gsize count = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  GError *base_error = NULL;
  GError *error = NULL;
  gssize nread;

  nread = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &base_error);
  nread = account_read (self, nread, count, base_error, &error);

  if (nread < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, nread);
}

static void
glaux_bounded_input_stream_read_async (GInputStream        *stream,
                                       void                *buffer,
                                       gsize                count,
                                       int                  io_priority,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GlauxBoundedInputStream *self = GLAUX_BOUNDED_INPUT_STREAM (stream);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_bounded_input_stream_read_async);
  g_task_set_task_data (task, GSIZE_TO_POINTER (count), NULL);

  g_input_stream_read_async (self->base_stream, buffer, count, io_priority, cancellable,
                             base_read_cb, g_steal_pointer (&task));
}

static gssize
glaux_bounded_input_stream_read_finish (GInputStream  *stream,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
glaux_bounded_input_stream_close (GInputStream  *stream,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  GlauxBoundedInputStream *self = GLAUX_BOUNDED_INPUT_STREAM (stream);

  return g_input_stream_close (self->base_stream, cancellable, error);
}

static void
base_close_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_input_stream_close_finish (G_INPUT_STREAM (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
glaux_bounded_input_stream_close_async (GInputStream        *stream,
                                        int                  io_priority,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GlauxBoundedInputStream *self = GLAUX_BOUNDED_INPUT_STREAM (stream);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_bounded_input_stream_close_async);

  g_input_stream_close_async (self->base_stream, io_priority, cancellable, base_close_cb, task);
}

static gboolean
glaux_bounded_input_stream_close_finish (GInputStream  *stream,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
glaux_bounded_input_stream_finalize (GObject *object)
{
  GlauxBoundedInputStream *self = (GlauxBoundedInputStream *)object;

  g_clear_object (&self->base_stream);
  g_clear_pointer (&self->what, g_free);

  G_OBJECT_CLASS (glaux_bounded_input_stream_parent_class)->finalize (object);
}

static void
glaux_bounded_input_stream_class_init (GlauxBoundedInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = glaux_bounded_input_stream_finalize;

  stream_class->read_fn = glaux_bounded_input_stream_read;
  stream_class->read_async = glaux_bounded_input_stream_read_async;
  stream_class->read_finish = glaux_bounded_input_stream_read_finish;
  stream_class->close_fn = glaux_bounded_input_stream_close;
  stream_class->close_async = glaux_bounded_input_stream_close_async;
  stream_class->close_finish = glaux_bounded_input_stream_close_finish;
}

static void
glaux_bounded_input_stream_init (GlauxBoundedInputStream *self)
{
  self->expected = -1;
}

/**
 * glaux_bounded_input_stream_new:
 * @base_stream: the body stream (taken over: closing the new stream closes it)
 * @expected_length: the declared length, or -1 when unknown
 * @what: the request, for error messages
 *
 * Returns: (transfer full): the counting stream
 */
GInputStream *
glaux_bounded_input_stream_new (GInputStream *base_stream,
                                goffset       expected_length,
                                const char   *what)
{
  GlauxBoundedInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);

  self = g_object_new (GLAUX_TYPE_BOUNDED_INPUT_STREAM, NULL);
  self->base_stream = g_object_ref (base_stream);
  self->expected = expected_length;
  self->what = g_strdup (what ? what : "response");

  return G_INPUT_STREAM (self);
}
