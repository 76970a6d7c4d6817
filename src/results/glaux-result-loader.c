/* glaux-result-loader.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-result-loader"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "glaux-result-loader.h"
#include "glaux-result-table-private.h"
#include "glaux-s3-uri.h"

/* Bytes asked for per read; libsoup hands over what has arrived, up to this. */
#define CHUNK_SIZE          (256 * 1024)
#define DEFAULT_TEXT_LIMIT  (4 * 1024 * 1024)
/* Format detection waits for a whole first line, or this many bytes. */
#define DETECT_MAX          (64 * 1024)
/* Progress notifications at most this often (4 per second). */
#define NOTIFY_INTERVAL_US  (G_USEC_PER_SEC / 4)
/* Reading pauses while the parse worker has this much waiting, so a download faster than the
 * parser does not pile up in memory. */
#define QUEUE_MAX_BYTES     (4 * 1024 * 1024)

/* Parsing runs in a worker thread, so the download (libsoup, on the main thread) and parsing
 * overlap. The worker feeds its own parser and a private staging table, and after each chunk
 * hands the new rows back to the main thread, where the loader's table adopts them (whole
 * blocks by pointer, see glaux-result-table-private.h). Jobs go to the worker in order through
 * an async queue; replies come back in order through the main context. */
typedef enum
{
  JOB_CHUNK,
  JOB_FINISH,           /* end of data: parser_finish, then every row */
  JOB_SYNC,             /* the transfer failed: every row so far, parsing may go on later */
  JOB_STOP,
} JobKind;

typedef struct
{
  JobKind  kind;
  GBytes  *bytes;
  guint    attempt;
} Job;

typedef struct _Worker Worker;

typedef struct
{
  Worker           *worker;
  JobKind           kind;
  guint             attempt;
  gsize             consumed;
  GlauxResultBatch *batch;
  GError           *error;
} Reply;

struct _Worker
{
  gatomicrefcount     ref;
  GThread            *thread;
  GAsyncQueue        *jobs;
  GMainContext       *context;

  /* The worker thread's */
  GlauxResultParser  *parser;
  GlauxResultTable   *staging;
  GError             *error;         /* the data failed to parse: later chunks are ignored */
  gboolean            first_rows_sent;

  /* The main thread's */
  GlauxResultLoader  *loader;        /* NULL once the loader is disposed */
  gsize               queued_bytes;
};

/* Incremental UTF-8 repair: the text so far is always valid (invalid bytes become U+FFFD, one
 * per byte, like g_utf8_make_valid()); a sequence split across chunks waits in @pending. */
typedef struct
{
  GString *text;
  guint8   pending[4];
  gsize    n_pending;
} Utf8Text;

struct _GlauxResultLoader
{
  GObject                 parent_instance;

  GlauxS3Client          *s3;
  GlauxS3Uri             *uri;
  char                   *uri_text;
  char                   *result_type;
  GlauxResultTable       *table;
  gsize                   text_limit;

  GlauxResultLoaderState  state;
  GlauxResultFormat       format;
  gboolean                detected;
  GByteArray             *head;          /* bytes kept until the format is known */
  GlauxResultParser      *parser;
  Worker                 *worker;        /* instead of @parser when parsing in a thread */
  gboolean                reading_paused; /* until the worker catches up */
  guint                   attempt;       /* request serial, so late replies are recognised */
  GError                 *transfer_error; /* waiting for JOB_SYNC before it is reported */
  gboolean                finish_sent;
  gboolean                finish_replied;
  GError                 *finish_error;
  GError                 *error;
  gboolean                resumable;     /* FAILED on the transfer, not on the data */

  GCancellable           *cancellable;   /* of the current attempt */
  GInputStream           *stream;
  char                   *etag;          /* of the first response, to notice a changed object */

  guint64                 bytes_received;
  gint64                  total_bytes;
  double                  rate;
  gint64                  rate_time;
  guint64                 rate_bytes;
  gint64                  last_notify;
  guint64                 notified_bytes;

  Utf8Text                text;
  gsize                   text_bytes;    /* raw bytes taken into the text */
  gboolean                text_truncated;
};

G_DEFINE_FINAL_TYPE (GlauxResultLoader, glaux_result_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_FORMAT,
  PROP_BYTES_RECEIVED,
  PROP_TOTAL_BYTES,
  PROP_RATE,
  PROP_ERROR,
  PROP_TEXT_TRUNCATED,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void read_next (GlauxResultLoader *self);
static void end_loading (GlauxResultLoader      *self,
                         GlauxResultLoaderState  state,
                         GError                 *error,
                         gboolean                resumable);

/* Parse worker */

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);

  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref))
    return;

  g_clear_object (&worker->parser);
  g_clear_object (&worker->staging);
  g_clear_error (&worker->error);
  g_async_queue_unref (worker->jobs);
  g_main_context_unref (worker->context);
  g_free (worker);
}

static void
reply_free (Reply *reply)
{
  glaux_result_batch_free (reply->batch);
  g_clear_error (&reply->error);
  worker_unref (reply->worker);
  g_free (reply);
}

static gpointer worker_thread (gpointer user_data);

static void
worker_push (Worker  *worker,
             JobKind  kind,
             GBytes  *bytes,
             guint    attempt)
{
  Job *job = g_new0 (Job, 1);

  if (worker->thread == NULL)
    worker->thread = g_thread_new ("glaux-result-parse", worker_thread, worker);

  job->kind = kind;
  job->bytes = bytes;
  job->attempt = attempt;
  if (bytes != NULL)
    worker->queued_bytes += g_bytes_get_size (bytes);
  if (kind == JOB_STOP)
    g_async_queue_push_front (worker->jobs, job);
  else
    g_async_queue_push (worker->jobs, job);
}

static gboolean reply_cb (gpointer user_data);

/* Runs one job in the worker thread; FALSE for JOB_STOP. */
static gboolean
worker_run_job (Worker *worker,
                Job    *job)
{
  Reply *reply;
  GError *error = NULL;
  gsize length;
  const char *data;

  if (job->kind == JOB_STOP)
    return FALSE;

  reply = g_new0 (Reply, 1);
  reply->worker = worker_ref (worker);
  reply->kind = job->kind;
  reply->attempt = job->attempt;

  switch (job->kind)
    {
    case JOB_CHUNK:
      data = g_bytes_get_data (job->bytes, &length);
      reply->consumed = length;
      if (worker->error != NULL)
        break;
      if (!glaux_result_parser_feed (worker->parser, data, length, &error))
        {
          worker->error = g_error_copy (error);
          reply->error = error;
          reply->batch = glaux_result_table_take_batch (worker->staging, TRUE, FALSE);
          break;
        }
      /* The first rows are copied out at once, before their block is full. */
      reply->batch = glaux_result_table_take_batch (worker->staging, !worker->first_rows_sent,
                                                    FALSE);
      if (reply->batch != NULL && glaux_result_batch_get_n_rows (reply->batch) > 0)
        worker->first_rows_sent = TRUE;
      break;

    case JOB_FINISH:
      if (worker->error != NULL)
        reply->error = g_error_copy (worker->error);
      else if (!glaux_result_parser_finish (worker->parser, &error))
        {
          worker->error = g_error_copy (error);
          reply->error = error;
        }
      reply->batch = glaux_result_table_take_batch (worker->staging, TRUE, TRUE);
      break;

    case JOB_SYNC:
      reply->batch = glaux_result_table_take_batch (worker->staging, TRUE, FALSE);
      break;

    case JOB_STOP:
    default:
      g_assert_not_reached ();
    }

  g_main_context_invoke_full (worker->context, G_PRIORITY_DEFAULT, reply_cb, reply, NULL);

  return TRUE;
}

static gpointer
worker_thread (gpointer user_data)
{
  Worker *worker = user_data;
  gboolean running = TRUE;

  while (running)
    {
      Job *job = g_async_queue_pop (worker->jobs);

      running = worker_run_job (worker, job);
      job_free (job);
    }

  return NULL;
}

static Worker *
worker_new (GlauxResultLoader *loader,
            GlauxResultFormat  format)
{
  Worker *worker = g_new0 (Worker, 1);

  g_atomic_ref_count_init (&worker->ref);
  worker->jobs = g_async_queue_new_full (job_free);
  worker->context = g_main_context_ref_thread_default ();
  worker->staging = glaux_result_table_new ();
  glaux_result_table_set_max_rows (worker->staging,
                                   glaux_result_table_get_max_rows (loader->table));
  worker->parser = glaux_result_parser_new (format, worker->staging);
  worker->loader = loader;

  return worker;
}

/* Stops the thread (after the job it is on) and forgets the loader; replies still on their
 * way find no loader and only free themselves. */
static void
worker_stop (Worker *worker)
{
  worker->loader = NULL;
  if (worker->thread != NULL)
    {
      worker_push (worker, JOB_STOP, NULL, 0);
      g_thread_join (worker->thread);
      worker->thread = NULL;
    }
  worker_unref (worker);
}

static void
resume_reading (GlauxResultLoader *self)
{
  if (self->reading_paused && self->worker->queued_bytes <= QUEUE_MAX_BYTES / 2 &&
      self->state == GLAUX_RESULT_LOADER_LOADING && self->stream != NULL)
    {
      self->reading_paused = FALSE;
      read_next (self);
    }
}

static gboolean
reply_cb (gpointer user_data)
{
  Reply *reply = user_data;
  GlauxResultLoader *self = reply->worker->loader;
  gboolean loading;

  if (reply->kind == JOB_CHUNK)
    reply->worker->queued_bytes -= reply->consumed;

  if (self == NULL)
    {
      reply_free (reply);
      return G_SOURCE_REMOVE;
    }

  if (reply->batch != NULL)
    glaux_result_table_adopt_batch (self->table, g_steal_pointer (&reply->batch));

  loading = self->state == GLAUX_RESULT_LOADER_LOADING;
  switch (reply->kind)
    {
    case JOB_CHUNK:
      if (reply->error != NULL)
        {
          /* The data is bad: no point reading on, nor resuming later. */
          self->resumable = FALSE;
          if (loading)
            {
              g_cancellable_cancel (self->cancellable);
              end_loading (self, GLAUX_RESULT_LOADER_FAILED, g_steal_pointer (&reply->error),
                           FALSE);
            }
        }
      else
        resume_reading (self);
      break;

    case JOB_FINISH:
      self->finish_replied = TRUE;
      self->finish_error = g_steal_pointer (&reply->error);
      if (loading)
        end_loading (self, self->finish_error != NULL ? GLAUX_RESULT_LOADER_FAILED
                                                      : GLAUX_RESULT_LOADER_DONE,
                     self->finish_error != NULL ? g_error_copy (self->finish_error) : NULL,
                     FALSE);
      break;

    case JOB_SYNC:
      if (loading && reply->attempt == self->attempt && self->transfer_error != NULL)
        end_loading (self, GLAUX_RESULT_LOADER_FAILED, g_steal_pointer (&self->transfer_error),
                     TRUE);
      break;

    case JOB_STOP:
    default:
      g_assert_not_reached ();
    }

  reply_free (reply);

  return G_SOURCE_REMOVE;
}

/* UTF-8 text */

static void
utf8_text_init (Utf8Text *text)
{
  text->text = g_string_new (NULL);
  text->n_pending = 0;
}

static void
utf8_text_clear (Utf8Text *text)
{
  if (text->text != NULL)
    g_string_free (text->text, TRUE);
  text->text = NULL;
}

/* The length of the sequence @lead starts, or 0 when it cannot start one. */
static gsize
utf8_sequence_length (guint8 lead)
{
  if (lead >= 0xc2 && lead <= 0xdf)
    return 2;
  if (lead >= 0xe0 && lead <= 0xef)
    return 3;
  if (lead >= 0xf0 && lead <= 0xf4)
    return 4;
  return 0;
}

/* Whether @data (shorter than its sequence) may still become a valid sequence. */
static gboolean
utf8_is_incomplete (const guint8 *data,
                    gsize         length)
{
  gsize needed = utf8_sequence_length (data[0]);

  if (needed == 0 || length >= needed)
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if ((data[i] & 0xc0) != 0x80)
      return FALSE;

  return TRUE;
}

static void
utf8_text_append_valid (Utf8Text     *text,
                        const guint8 *data,
                        gsize         length,
                        gboolean      final)
{
  const guint8 *p = data;
  const guint8 *end = data + length;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len ((const char *)p, end - p, &valid_end))
        {
          g_string_append_len (text->text, (const char *)p, end - p);
          return;
        }

      g_string_append_len (text->text, (const char *)p, (const guint8 *)valid_end - p);
      p = (const guint8 *)valid_end;

      if (!final && utf8_is_incomplete (p, end - p))
        {
          memcpy (text->pending, p, end - p);
          text->n_pending = end - p;
          return;
        }

      g_string_append (text->text, "\xef\xbf\xbd");
      p++;
    }
}

static void
utf8_text_append_replacements (Utf8Text *text,
                               gsize     count)
{
  for (gsize i = 0; i < count; i++)
    g_string_append (text->text, "\xef\xbf\xbd");
}

/* Appends @data, repairing invalid bytes; a character split at the end waits for the next
 * chunk unless @final. */
static void
utf8_text_append (Utf8Text   *text,
                  const char *data,
                  gsize       length,
                  gboolean    final)
{
  if (text->n_pending > 0)
    {
      /* The pending bytes are a lead byte and continuation bytes; complete them from @data. */
      gsize needed = utf8_sequence_length (text->pending[0]);
      gsize missing = needed - text->n_pending;
      gsize i;

      for (i = 0; i < missing && i < length; i++)
        if (((guint8)data[i] & 0xc0) != 0x80)
          break;

      if (i == length && i < missing)
        {
          /* Still incomplete: wait for more, or give up at the end. */
          memcpy (text->pending + text->n_pending, data, length);
          text->n_pending += length;
          if (final)
            {
              utf8_text_append_replacements (text, text->n_pending);
              text->n_pending = 0;
            }
          return;
        }

      if (i == missing)
        {
          guint8 joined[4];

          memcpy (joined, text->pending, text->n_pending);
          memcpy (joined + text->n_pending, data, missing);
          if (g_utf8_validate_len ((const char *)joined, needed, NULL))
            {
              g_string_append_len (text->text, (const char *)joined, needed);
              data += missing;
              length -= missing;
            }
          else
            utf8_text_append_replacements (text, text->n_pending);
        }
      else
        {
          /* Cut short by a byte that cannot continue it: the pending bytes are invalid, and
           * the bytes of @data are read on their own. */
          utf8_text_append_replacements (text, text->n_pending);
        }
      text->n_pending = 0;
    }

  utf8_text_append_valid (text, (const guint8 *)data, length, final);
}

/* GObject */

static void
glaux_result_loader_dispose (GObject *object)
{
  GlauxResultLoader *self = (GlauxResultLoader *)object;

  /* Callbacks still pending see G_IO_ERROR_CANCELLED and leave self alone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stream);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->worker, worker_stop);
  g_clear_object (&self->table);
  g_clear_object (&self->s3);

  G_OBJECT_CLASS (glaux_result_loader_parent_class)->dispose (object);
}

static void
glaux_result_loader_finalize (GObject *object)
{
  GlauxResultLoader *self = (GlauxResultLoader *)object;

  g_clear_pointer (&self->uri, glaux_s3_uri_free);
  g_free (self->uri_text);
  g_free (self->result_type);
  g_free (self->etag);
  g_clear_pointer (&self->head, g_byte_array_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->transfer_error);
  g_clear_error (&self->finish_error);
  utf8_text_clear (&self->text);

  G_OBJECT_CLASS (glaux_result_loader_parent_class)->finalize (object);
}

static void
glaux_result_loader_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxResultLoader *self = GLAUX_RESULT_LOADER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_TOTAL_BYTES:
      g_value_set_int64 (value, self->total_bytes);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_TEXT_TRUNCATED:
      g_value_set_boolean (value, self->text_truncated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_result_loader_class_init (GlauxResultLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_result_loader_dispose;
  object_class->finalize = glaux_result_loader_finalize;
  object_class->get_property = glaux_result_loader_get_property;

  /* No GType is registered for the enums of src/results: plain ints. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      GLAUX_RESULT_LOADER_IDLE, GLAUX_RESULT_LOADER_CANCELLED,
                      GLAUX_RESULT_LOADER_IDLE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FORMAT] =
    g_param_spec_int ("format", NULL, NULL,
                      GLAUX_RESULT_FORMAT_TEXT, GLAUX_RESULT_FORMAT_SHOW_TABLE,
                      GLAUX_RESULT_FORMAT_TEXT,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_BYTES] =
    g_param_spec_int64 ("total-bytes", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TEXT_TRUNCATED] =
    g_param_spec_boolean ("text-truncated", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
glaux_result_loader_init (GlauxResultLoader *self)
{
  self->total_bytes = -1;
  self->resumable = TRUE;
  utf8_text_init (&self->text);
}

/**
 * glaux_result_loader_new:
 * @result_type: (nullable): the calculation's ResultType
 * @table: (nullable): where rows go; %NULL keeps text only
 *
 * Returns: (transfer full): a loader, not started
 */
GlauxResultLoader *
glaux_result_loader_new (GlauxS3Client    *s3,
                         const char       *s3_uri,
                         const char       *result_type,
                         GlauxResultTable *table,
                         gsize             text_limit)
{
  GlauxResultLoader *self;

  g_return_val_if_fail (GLAUX_IS_S3_CLIENT (s3), NULL);
  g_return_val_if_fail (s3_uri != NULL, NULL);
  g_return_val_if_fail (!table || GLAUX_IS_RESULT_TABLE (table), NULL);

  self = g_object_new (GLAUX_TYPE_RESULT_LOADER, NULL);
  self->s3 = g_object_ref (s3);
  self->uri_text = g_strdup (s3_uri);
  self->result_type = g_strdup (result_type);
  self->table = table != NULL ? g_object_ref (table) : NULL;
  self->text_limit = text_limit > 0 ? text_limit : DEFAULT_TEXT_LIMIT;

  return self;
}

/**
 * glaux_result_loader_set_s3_client:
 *
 * Replaces the S3 client used by the next request (retry() after a reconnect: a
 * GlauxConnection makes new clients each time it connects).
 */
void
glaux_result_loader_set_s3_client (GlauxResultLoader *self,
                                   GlauxS3Client     *s3)
{
  g_return_if_fail (GLAUX_IS_RESULT_LOADER (self));
  g_return_if_fail (GLAUX_IS_S3_CLIENT (s3));

  g_set_object (&self->s3, s3);
}

/* State */

static void
set_state (GlauxResultLoader      *self,
           GlauxResultLoaderState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_rate (GlauxResultLoader *self,
             gint64             now)
{
  double elapsed = (now - self->rate_time) / (double)G_USEC_PER_SEC;
  double instant;

  if (elapsed <= 0)
    return;

  instant = (self->bytes_received - self->rate_bytes) / elapsed;
  /* Exponential smoothing over the notification ticks. */
  self->rate = self->rate > 0 ? 0.6 * self->rate + 0.4 * instant : instant;
  self->rate_time = now;
  self->rate_bytes = self->bytes_received;
}

static void
notify_progress (GlauxResultLoader *self,
                 gboolean           force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now - self->last_notify < NOTIFY_INTERVAL_US)
    return;

  self->last_notify = now;
  update_rate (self, now);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->notified_bytes != self->bytes_received)
    {
      self->notified_bytes = self->bytes_received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Leaves LOADING: rows so far become visible (the one flush the loader does: a view flushes
 * once per frame while loading, a headless consumer sees every row at the end). */
static void
end_loading (GlauxResultLoader      *self,
             GlauxResultLoaderState  state,
             GError                 *error,
             gboolean                resumable)
{
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  g_clear_object (&self->stream);
  if (self->table != NULL)
    glaux_result_table_flush (self->table);

  g_object_freeze_notify (G_OBJECT (self));
  if (error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error;
      self->resumable = resumable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  notify_progress (self, TRUE);
  set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FINISHED], 0);
}

/* Data */

static void
take_text (GlauxResultLoader *self,
           const char        *data,
           gsize              length)
{
  gsize take;

  if (self->text_bytes >= self->text_limit)
    {
      if (length > 0 && !self->text_truncated)
        {
          self->text_truncated = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_TRUNCATED]);
        }
      return;
    }

  take = MIN (length, self->text_limit - self->text_bytes);
  self->text_bytes += take;
  /* At the limit, a character cut in half is repaired at once: the text is final. */
  utf8_text_append (&self->text, data, take, self->text_bytes >= self->text_limit);
  if (take < length && !self->text_truncated)
    {
      self->text_truncated = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_TRUNCATED]);
    }
}

/* @bytes: @data as GBytes, if it is at hand (saves a copy for the worker), or NULL. */
static gboolean
feed_parser (GlauxResultLoader  *self,
             GBytes             *bytes,
             const char         *data,
             gsize               length,
             GError            **error)
{
  if (self->worker != NULL && self->worker->thread == NULL && length > 0)
    {
      /* The first data is parsed here, before the thread starts (so nothing races): its rows
       * are in the table as soon as the first bytes are. */
      Worker *worker = self->worker;
      gboolean ok = glaux_result_parser_feed (worker->parser, data, length, error);
      GlauxResultBatch *batch = glaux_result_table_take_batch (worker->staging, TRUE, FALSE);

      if (batch != NULL)
        {
          worker->first_rows_sent = glaux_result_batch_get_n_rows (batch) > 0;
          glaux_result_table_adopt_batch (self->table, batch);
        }
      if (!ok)
        worker->error = error != NULL && *error != NULL ? g_error_copy (*error)
                                                        : g_error_new_literal (G_IO_ERROR,
                                                                               G_IO_ERROR_INVALID_DATA,
                                                                               "invalid data");
      /* From now on the worker thread owns the parser and the staging table. */
      worker->thread = g_thread_new ("glaux-result-parse", worker_thread, worker);
      return ok;
    }

  if (self->worker != NULL && length > 0)
    {
      worker_push (self->worker, JOB_CHUNK,
                   bytes != NULL ? g_bytes_ref (bytes) : g_bytes_new (data, length),
                   self->attempt);
      return TRUE;
    }

  if (self->parser == NULL || length == 0)
    return TRUE;

  return glaux_result_parser_feed (self->parser, data, length, error);
}

static void
set_format (GlauxResultLoader *self,
            GlauxResultFormat  format)
{
  self->detected = TRUE;
  self->format = format;
  /* The worker's batches need a table of their own; one with rows already is parsed into
   * directly. */
  if (format != GLAUX_RESULT_FORMAT_TEXT && self->table != NULL &&
      glaux_result_table_get_n_rows (self->table) == 0 &&
      glaux_result_table_get_n_columns (self->table) == 0)
    self->worker = worker_new (self, format);
  else if (format != GLAUX_RESULT_FORMAT_TEXT && self->table != NULL)
    self->parser = glaux_result_parser_new (format, self->table);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

/* Enough to tell the format: two lines (CSV is told by two lines with as many fields), or
 * DETECT_MAX bytes. */
static gboolean
head_complete (GByteArray *head)
{
  const guint8 *first;

  if (head->len >= DETECT_MAX)
    return TRUE;
  first = memchr (head->data, '\n', head->len);

  return first != NULL && memchr (first + 1, '\n', head->data + head->len - (first + 1)) != NULL;
}

/* Until the format is known, bytes collect in @head; at the end of the data, @final. */
static gboolean
take_data (GlauxResultLoader  *self,
           GBytes             *bytes,
           const char         *data,
           gsize               length,
           gboolean            final,
           GError            **error)
{
  g_autoptr(GByteArray) head = NULL;

  take_text (self, data, length);

  if (self->detected)
    return feed_parser (self, bytes, data, length, error);

  if (self->table == NULL)
    {
      set_format (self, GLAUX_RESULT_FORMAT_TEXT);
      return TRUE;
    }

  if (self->head == NULL)
    self->head = g_byte_array_new ();
  g_byte_array_append (self->head, (const guint8 *)data, length);
  if (!final && !head_complete (self->head))
    return TRUE;

  head = g_steal_pointer (&self->head);
  set_format (self, glaux_result_format_detect (self->result_type, self->uri->key,
                                                (const char *)head->data, head->len));

  return feed_parser (self, NULL, (const char *)head->data, head->len, error);
}

static void
finish_data (GlauxResultLoader *self)
{
  GError *error = NULL;

  if (!self->detected && !take_data (self, NULL, "", 0, TRUE, &error))
    {
      end_loading (self, GLAUX_RESULT_LOADER_FAILED, error, FALSE);
      return;
    }

  utf8_text_append (&self->text, "", 0, TRUE);

  if (self->worker != NULL)
    {
      /* The worker ends the load when it has parsed everything (reply_cb). */
      if (!self->finish_sent)
        {
          self->finish_sent = TRUE;
          worker_push (self->worker, JOB_FINISH, NULL, self->attempt);
        }
      else if (self->finish_replied)
        end_loading (self, self->finish_error != NULL ? GLAUX_RESULT_LOADER_FAILED
                                                      : GLAUX_RESULT_LOADER_DONE,
                     self->finish_error != NULL ? g_error_copy (self->finish_error) : NULL,
                     FALSE);
      return;
    }

  if (self->parser != NULL && !glaux_result_parser_finish (self->parser, &error))
    {
      end_loading (self, GLAUX_RESULT_LOADER_FAILED, error, FALSE);
      return;
    }

  end_loading (self, GLAUX_RESULT_LOADER_DONE, NULL, FALSE);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GlauxResultLoader *self;
  GError *error = NULL;
  gsize length;
  const char *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* cancel() has already ended the load, or self is gone. */
      g_error_free (error);
      return;
    }

  self = GLAUX_RESULT_LOADER (user_data);
  if (bytes == NULL && self->worker != NULL)
    {
      /* Reported once the worker has parsed what arrived, so the rows so far are there. */
      g_clear_error (&self->transfer_error);
      self->transfer_error = error;
      worker_push (self->worker, JOB_SYNC, NULL, self->attempt);
      return;
    }
  if (bytes == NULL)
    {
      end_loading (self, GLAUX_RESULT_LOADER_FAILED, error, TRUE);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      finish_data (self);
      return;
    }

  self->bytes_received += length;
  if (!take_data (self, bytes, data, length, FALSE, &error))
    {
      end_loading (self, GLAUX_RESULT_LOADER_FAILED, error, FALSE);
      return;
    }

  notify_progress (self, FALSE);
  /* A handler may have cancelled. */
  if (self->state != GLAUX_RESULT_LOADER_LOADING)
    return;
  if (self->worker != NULL && self->worker->queued_bytes > QUEUE_MAX_BYTES)
    self->reading_paused = TRUE;
  else
    read_next (self);
}

static void
read_next (GlauxResultLoader *self)
{
  g_input_stream_read_bytes_async (self->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, self);
}

static void
get_object_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GlauxS3Object) info = NULL;
  g_autoptr(GInputStream) stream = NULL;
  GlauxResultLoader *self;
  GError *error = NULL;

  stream = glaux_s3_client_get_object_finish (GLAUX_S3_CLIENT (object), result, &info, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  self = GLAUX_RESULT_LOADER (user_data);
  if (stream == NULL)
    {
      end_loading (self, GLAUX_RESULT_LOADER_FAILED, error, TRUE);
      return;
    }

  /* Resuming into the same parser only makes sense for the same bytes. */
  if (self->etag != NULL && info->etag != NULL && g_strcmp0 (self->etag, info->etag) != 0)
    {
      end_loading (self, GLAUX_RESULT_LOADER_FAILED,
                   g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                _("%s changed on S3 while it was loading; load it again from "
                                  "the start."), self->uri_text),
                   FALSE);
      return;
    }
  if (self->etag == NULL)
    self->etag = g_strdup (info->etag);

  if (self->total_bytes != (gint64)info->size)
    {
      self->total_bytes = info->size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
    }

  if (self->state == GLAUX_RESULT_LOADER_LOADING)
    {
      self->stream = g_steal_pointer (&stream);
      read_next (self);
    }
}

static void
begin_request (GlauxResultLoader *self)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->attempt++;
  self->reading_paused = FALSE;
  g_clear_error (&self->transfer_error);
  self->rate_time = g_get_monotonic_time ();
  self->rate_bytes = self->bytes_received;
  /* The first bytes are told at once; then at most every NOTIFY_INTERVAL_US. */
  self->last_notify = 0;
  set_state (self, GLAUX_RESULT_LOADER_LOADING);

  /* Everything already arrived (the failure came at the very end): no request for nothing. */
  if (self->total_bytes >= 0 && self->bytes_received >= (guint64)self->total_bytes &&
      self->bytes_received > 0)
    {
      finish_data (self);
      return;
    }

  glaux_s3_client_get_object_async (self->s3, self->uri->bucket, self->uri->key,
                                    self->bytes_received, -1, self->cancellable,
                                    get_object_cb, self);
}

void
glaux_result_loader_start (GlauxResultLoader *self)
{
  GError *error = NULL;

  g_return_if_fail (GLAUX_IS_RESULT_LOADER (self));
  g_return_if_fail (self->state == GLAUX_RESULT_LOADER_IDLE);

  self->uri = glaux_s3_uri_parse (self->uri_text, TRUE, &error);
  if (self->uri == NULL)
    {
      set_state (self, GLAUX_RESULT_LOADER_LOADING);
      end_loading (self, GLAUX_RESULT_LOADER_FAILED, error, FALSE);
      return;
    }

  begin_request (self);
}

/**
 * glaux_result_loader_retry:
 *
 * After a transfer failure (or a cancel), asks for the rest of the object (a Range request from
 * bytes-received) and feeds it to the same parser. Failures of the data itself (a parse error,
 * an object changed on S3) cannot be resumed: load again with a new loader.
 */
void
glaux_result_loader_retry (GlauxResultLoader *self)
{
  g_return_if_fail (GLAUX_IS_RESULT_LOADER (self));
  g_return_if_fail (self->state == GLAUX_RESULT_LOADER_FAILED ||
                    self->state == GLAUX_RESULT_LOADER_CANCELLED);

  if (!self->resumable)
    {
      g_warning ("%s cannot be resumed: %s", self->uri_text,
                 self->error != NULL ? self->error->message : "not resumable");
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  begin_request (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
glaux_result_loader_cancel (GlauxResultLoader *self)
{
  g_return_if_fail (GLAUX_IS_RESULT_LOADER (self));

  if (self->state != GLAUX_RESULT_LOADER_LOADING)
    return;

  g_cancellable_cancel (self->cancellable);
  end_loading (self, GLAUX_RESULT_LOADER_CANCELLED, NULL, TRUE);
}

GlauxResultLoaderState
glaux_result_loader_get_state (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), GLAUX_RESULT_LOADER_IDLE);

  return self->state;
}

GlauxResultFormat
glaux_result_loader_get_format (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), GLAUX_RESULT_FORMAT_TEXT);

  return self->format;
}

guint64
glaux_result_loader_get_bytes_received (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), 0);

  return self->bytes_received;
}

gint64
glaux_result_loader_get_total_bytes (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), -1);

  return self->total_bytes;
}

double
glaux_result_loader_get_rate (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), 0);

  return self->rate;
}

const GError *
glaux_result_loader_get_error (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), NULL);

  return self->error;
}

const char *
glaux_result_loader_get_text (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), NULL);

  return self->text.text->str;
}

gboolean
glaux_result_loader_get_text_truncated (GlauxResultLoader *self)
{
  g_return_val_if_fail (GLAUX_IS_RESULT_LOADER (self), FALSE);

  return self->text_truncated;
}

/* Export */

/* One export: S3 → (CSV: the bytes as they are | other tables: parser → private table → CSV)
 * → a temporary file next to the destination, renamed over it at the end. */
typedef struct
{
  GlauxS3Uri        *uri;
  char              *result_type;
  GFile             *destination;
  GFile             *temp;
  GInputStream      *in;
  GOutputStream     *out;
  GByteArray        *head;
  gboolean           detected;
  GlauxResultFormat  format;
  GlauxResultTable  *table;
  GlauxResultParser *parser;
  GBytes            *chunk;      /* being written */
  gboolean           created;    /* the temporary file exists */
  guint64            written;
  GError            *error;      /* kept while the temporary file is cleaned up */
} Export;

static void
export_free (Export *export)
{
  g_clear_pointer (&export->uri, glaux_s3_uri_free);
  g_free (export->result_type);
  g_clear_object (&export->destination);
  g_clear_object (&export->temp);
  g_clear_object (&export->in);
  g_clear_object (&export->out);
  g_clear_pointer (&export->head, g_byte_array_unref);
  g_clear_pointer (&export->chunk, g_bytes_unref);
  g_clear_object (&export->parser);
  g_clear_object (&export->table);
  g_clear_error (&export->error);
  g_free (export);
}

static void export_read_next (GTask *task);

static void
export_delete_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);

  g_file_delete_finish (G_FILE (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&export->error));
}

static void
export_abort_close_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  /* Not cancellable: the partial file goes even when the export was cancelled. */
  g_file_delete_async (export->temp, G_PRIORITY_DEFAULT, NULL, export_delete_cb, task);
}

/* Fails the export (takes @task's reference), removing the partial file first. */
static void
export_fail (GTask  *task,
             GError *error)
{
  Export *export = g_task_get_task_data (task);

  export->error = error;
  g_clear_object (&export->in);
  if (export->out != NULL && !g_output_stream_is_closed (export->out))
    g_output_stream_close_async (export->out, G_PRIORITY_DEFAULT, NULL, export_abort_close_cb,
                                 task);
  else if (export->created)
    g_file_delete_async (export->temp, G_PRIORITY_DEFAULT, NULL, export_delete_cb, task);
  else
    {
      g_task_return_error (task, g_steal_pointer (&export->error));
      g_object_unref (task);
    }
}

static void
export_move_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      export_fail (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
export_close_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      export_fail (task, error);
      return;
    }

  /* A rename in the same folder: the destination is replaced whole, or not at all. */
  g_file_move_async (export->temp, export->destination,
                     G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                     G_PRIORITY_DEFAULT, g_task_get_cancellable (task), NULL, NULL,
                     export_move_cb, task);
}

static void
export_complete (GTask *task)
{
  Export *export = g_task_get_task_data (task);

  g_output_stream_close_async (export->out, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                               export_close_cb, task);
}

static void
export_write_table_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  Export *export = task_data;
  GError *error = NULL;

  if (!glaux_result_table_write_csv (export->table, export->out, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_write_table_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      export_fail (task, error);
      return;
    }

  export->written = g_seekable_tell (G_SEEKABLE (export->out));
  export_complete (task);
}

static void
export_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      export_fail (task, error);
      return;
    }

  export->written += written;
  if (export->in == NULL)
    export_complete (task);
  else
    export_read_next (task);
}

/* Takes the next piece of data: written as is (CSV) or parsed. @bytes NULL: the end. */
static void
export_take (GTask  *task,
             GBytes *bytes)
{
  Export *export = g_task_get_task_data (task);
  g_autoptr(GBytes) out_bytes = NULL;
  GError *error = NULL;
  gboolean final = bytes == NULL;
  const char *data = NULL;
  gsize length = 0;

  if (!final)
    data = g_bytes_get_data (bytes, &length);

  if (!export->detected)
    {
      g_byte_array_append (export->head, (const guint8 *)data, length);
      if (!final && !head_complete (export->head))
        {
          export_read_next (task);
          return;
        }

      export->detected = TRUE;
      export->format = glaux_result_format_detect (export->result_type, export->uri->key,
                                                   (const char *)export->head->data,
                                                   export->head->len);
      if (export->format == GLAUX_RESULT_FORMAT_TEXT)
        {
          export_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                          _("%s is text, not a table: there is nothing to "
                                            "export as CSV."), export->uri->key));
          return;
        }
      if (export->format != GLAUX_RESULT_FORMAT_CSV)
        {
          export->table = glaux_result_table_new ();
          export->parser = glaux_result_parser_new (export->format, export->table);
        }
      out_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&export->head));
    }
  else if (!final)
    out_bytes = g_bytes_ref (bytes);

  if (final)
    g_clear_object (&export->in);

  if (export->format == GLAUX_RESULT_FORMAT_CSV)
    {
      if (out_bytes != NULL && g_bytes_get_size (out_bytes) > 0)
        {
          /* The chunk stays alive (in the export) until its write completes. */
          g_clear_pointer (&export->chunk, g_bytes_unref);
          export->chunk = g_steal_pointer (&out_bytes);
          g_output_stream_write_all_async (export->out, g_bytes_get_data (export->chunk, NULL),
                                           g_bytes_get_size (export->chunk), G_PRIORITY_DEFAULT,
                                           g_task_get_cancellable (task), export_write_cb, task);
          return;
        }
      if (final)
        export_complete (task);
      else
        export_read_next (task);
      return;
    }

  /* Other table formats: parsed into the private table, written as CSV at the end. */
  if (out_bytes != NULL &&
      !glaux_result_parser_feed (export->parser, g_bytes_get_data (out_bytes, NULL),
                                 g_bytes_get_size (out_bytes), &error))
    {
      export_fail (task, error);
      return;
    }
  if (!final)
    {
      export_read_next (task);
      return;
    }
  if (!glaux_result_parser_finish (export->parser, &error))
    {
      export_fail (task, error);
      return;
    }

  {
    GTask *write_task = g_task_new (NULL, g_task_get_cancellable (task), export_write_table_cb,
                                    task);

    g_task_set_task_data (write_task, export, NULL);
    g_task_run_in_thread (write_task, export_write_table_thread);
    g_object_unref (write_task);
  }
}

static void
export_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      export_fail (task, error);
      return;
    }

  export_take (task, g_bytes_get_size (bytes) > 0 ? bytes : NULL);
}

static void
export_read_next (GTask *task)
{
  Export *export = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (export->in, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), export_read_cb, task);
}

static void
export_create_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  export->out = G_OUTPUT_STREAM (g_file_create_finish (G_FILE (object), result, &error));
  if (export->out == NULL)
    {
      export_fail (task, error);
      return;
    }
  export->created = TRUE;

  export_read_next (task);
}

static void
export_get_object_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_name = NULL;
  GError *error = NULL;

  export->in = glaux_s3_client_get_object_finish (GLAUX_S3_CLIENT (object), result, NULL, &error);
  if (export->in == NULL)
    {
      export_fail (task, error);
      return;
    }

  /* Hidden, next to the destination (same file system, so the final rename is atomic). */
  folder = g_file_get_parent (export->destination);
  base = g_file_get_basename (export->destination);
  temp_name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
  export->temp = g_file_get_child (folder, temp_name);
  g_file_create_async (export->temp, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                       g_task_get_cancellable (task), export_create_cb, task);
}

/**
 * glaux_result_export_csv_async:
 * @result_type: (nullable): the calculation's ResultType
 *
 * Exports the object as CSV. A CSV object is copied byte for byte, streaming. JSON lines and
 * show tables are parsed first and written at the end: their columns are only known once every
 * line has been read, and the header comes first.
 */
void
glaux_result_export_csv_async (GlauxS3Client       *s3,
                               const char          *s3_uri,
                               const char          *result_type,
                               GFile               *destination,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Export *export;
  g_autoptr(GFile) folder = NULL;
  GError *error = NULL;

  g_return_if_fail (GLAUX_IS_S3_CLIENT (s3));
  g_return_if_fail (s3_uri != NULL);
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (s3, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_result_export_csv_async);
  export = g_new0 (Export, 1);
  export->result_type = g_strdup (result_type);
  export->destination = g_object_ref (destination);
  export->head = g_byte_array_new ();
  g_task_set_task_data (task, export, (GDestroyNotify)export_free);

  folder = g_file_get_parent (destination);
  export->uri = glaux_s3_uri_parse (s3_uri, TRUE, &error);
  if (export->uri == NULL || folder == NULL)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                             _("Cannot export to %s: choose a file in a folder."),
                             g_file_peek_path (destination));
      export_fail (task, error);
      return;
    }

  glaux_s3_client_get_object_async (s3, export->uri->bucket, export->uri->key, 0, -1, cancellable,
                                    export_get_object_cb, task);
}

/**
 * glaux_result_export_csv_finish:
 * @bytes_written: (out) (optional): the size of the exported file
 */
gboolean
glaux_result_export_csv_finish (GAsyncResult  *result,
                                guint64       *bytes_written,
                                GError       **error)
{
  Export *export;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == glaux_result_export_csv_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  export = g_task_get_task_data (G_TASK (result));
  if (bytes_written != NULL)
    *bytes_written = export->written;

  return TRUE;
}
