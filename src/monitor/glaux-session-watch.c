/* glaux-session-watch.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-session-watch"

#include "config.h"

#include "glaux-executor.h"
#include "glaux-session-watch.h"

/* One watched session: the session object itself (updated in place by the monitor), its
 * executors and the DPUs they hold now. */
struct _GlauxSessionWatch
{
  GObject       parent_instance;

  GlauxSession *session;
  GListStore   *executors;
  gint64        last_updated;
  int           dpus_now;
};

G_DEFINE_FINAL_TYPE (GlauxSessionWatch, glaux_session_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DPUS_NOW,
  PROP_EXECUTORS,
  PROP_LAST_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glaux_session_watch_dispose (GObject *object)
{
  GlauxSessionWatch *self = (GlauxSessionWatch *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->executors);

  G_OBJECT_CLASS (glaux_session_watch_parent_class)->dispose (object);
}

static void
glaux_session_watch_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlauxSessionWatch *self = GLAUX_SESSION_WATCH (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DPUS_NOW:
      g_value_set_int (value, self->dpus_now);
      break;

    case PROP_EXECUTORS:
      g_value_set_object (value, self->executors);
      break;

    case PROP_LAST_UPDATED:
      g_value_set_int64 (value, self->last_updated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_watch_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GlauxSessionWatch *self = GLAUX_SESSION_WATCH (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_session_watch_class_init (GlauxSessionWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glaux_session_watch_dispose;
  object_class->get_property = glaux_session_watch_get_property;
  object_class->set_property = glaux_session_watch_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GLAUX_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DPUS_NOW] =
    g_param_spec_int ("dpus-now", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EXECUTORS] =
    g_param_spec_object ("executors", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_UPDATED] =
    g_param_spec_int64 ("last-updated", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_session_watch_init (GlauxSessionWatch *self)
{
  self->executors = g_list_store_new (GLAUX_TYPE_EXECUTOR);
  self->dpus_now = -1;
}

GlauxSessionWatch *
glaux_session_watch_new (GlauxSession *session)
{
  g_return_val_if_fail (GLAUX_IS_SESSION (session), NULL);

  return g_object_new (GLAUX_TYPE_SESSION_WATCH,
                       "session", session,
                       NULL);
}

/**
 * glaux_session_watch_get_session:
 *
 * Returns: (transfer none): the session
 */
GlauxSession *
glaux_session_watch_get_session (GlauxSessionWatch *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_WATCH (self), NULL);

  return self->session;
}

/* -1 until ListExecutors answered once. */
int
glaux_session_watch_get_dpus_now (GlauxSessionWatch *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_WATCH (self), -1);

  return self->dpus_now;
}

/**
 * glaux_session_watch_get_executors:
 *
 * Returns: (transfer none): a #GListModel of #GlauxExecutor, newest first
 */
GListModel *
glaux_session_watch_get_executors (GlauxSessionWatch *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_WATCH (self), NULL);

  return G_LIST_MODEL (self->executors);
}

gint64
glaux_session_watch_get_last_updated (GlauxSessionWatch *self)
{
  g_return_val_if_fail (GLAUX_IS_SESSION_WATCH (self), 0);

  return self->last_updated;
}

void
glaux_session_watch_set_last_updated (GlauxSessionWatch *self,
                                      gint64             real_time)
{
  g_return_if_fail (GLAUX_IS_SESSION_WATCH (self));

  if (self->last_updated == real_time)
    return;

  self->last_updated = real_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_UPDATED]);
}

/* The executor's fields as an ExecutorsSummary, to update the kept object in place (bound
 * widgets see property notifications, not a new object). */
static void
copy_executor (GlauxExecutor *into,
               GlauxExecutor *from)
{
  g_autoptr(JsonObject) json = json_object_new ();

  if (glaux_executor_get_type_name (from) != NULL)
    json_object_set_string_member (json, "ExecutorType", glaux_executor_get_type_name (from));
  if (glaux_executor_get_state_name (from) != NULL)
    json_object_set_string_member (json, "ExecutorState", glaux_executor_get_state_name (from));
  json_object_set_int_member (json, "ExecutorSize", glaux_executor_get_size (from));
  json_object_set_int_member (json, "StartDateTime", glaux_executor_get_start_date_time (from));
  json_object_set_int_member (json, "TerminationDateTime",
                              glaux_executor_get_termination_date_time (from));

  glaux_executor_update_from_json (into, json);
}

static gboolean
find_executor (GListStore *store,
               const char *id,
               guint       from,
               guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = from; i < n; i++)
    {
      g_autoptr(GlauxExecutor) executor = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (glaux_executor_get_id (executor), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* DPUs held: each executor that is not over counts its size (an unknown size counts 1). */
static int
count_dpus (GListModel *executors)
{
  guint n = g_list_model_get_n_items (executors);
  gint64 dpus = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlauxExecutor) executor = g_list_model_get_item (executors, i);
      gint64 size = glaux_executor_get_size (executor);

      if (glaux_executor_state_is_terminal (glaux_executor_get_state (executor)))
        continue;
      dpus += size > 0 ? size : 1;
    }

  return (int)CLAMP (dpus, 0, G_MAXINT);
}

/**
 * glaux_session_watch_update_executors:
 * @executors: (element-type GlauxExecutor): ListExecutors' answer, newest first
 *
 * The store ends up in the order of @executors, with an executor already known (same id)
 * updated in place rather than replaced. Only the positions that change emit items-changed.
 */
void
glaux_session_watch_update_executors (GlauxSessionWatch *self,
                                      GPtrArray         *executors)
{
  int dpus;

  g_return_if_fail (GLAUX_IS_SESSION_WATCH (self));
  g_return_if_fail (executors != NULL);

  for (guint i = 0; i < executors->len; i++)
    {
      GlauxExecutor *fresh = g_ptr_array_index (executors, i);
      guint found;

      if (find_executor (self->executors, glaux_executor_get_id (fresh), i, &found))
        {
          g_autoptr(GlauxExecutor) kept = g_list_model_get_item (G_LIST_MODEL (self->executors),
                                                                 found);

          copy_executor (kept, fresh);
          if (found != i)
            {
              g_list_store_remove (self->executors, found);
              g_list_store_insert (self->executors, i, kept);
            }
        }
      else
        {
          g_list_store_insert (self->executors, i, fresh);
        }
    }

  /* Whatever is left after them is no longer listed. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->executors)) > executors->len)
    g_list_store_splice (self->executors, executors->len,
                         g_list_model_get_n_items (G_LIST_MODEL (self->executors)) - executors->len,
                         NULL, 0);

  dpus = count_dpus (G_LIST_MODEL (self->executors));
  if (dpus != self->dpus_now)
    {
      self->dpus_now = dpus;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DPUS_NOW]);
    }
}
