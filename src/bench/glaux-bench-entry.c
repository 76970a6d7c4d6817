/* glaux-bench-entry.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-bench-entry"

#include "config.h"

#include "glaux-bench-entry.h"

struct _GlauxBenchEntry
{
  GObject           parent_instance;

  gint64            id;
  GlauxBenchOrigin  origin;
  char             *source_path;
  gint64            added;
  char             *label;
  char             *notes;
  GlauxBenchRun    *run;
};

G_DEFINE_FINAL_TYPE (GlauxBenchEntry, glaux_bench_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORIGIN,
  PROP_SOURCE_PATH,
  PROP_SHA256,
  PROP_ADDED,
  PROP_RUN,
  PROP_LABEL,
  PROP_NOTES,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glaux_bench_entry_finalize (GObject *object)
{
  GlauxBenchEntry *self = GLAUX_BENCH_ENTRY (object);

  g_free (self->source_path);
  g_free (self->label);
  g_free (self->notes);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (glaux_bench_entry_parent_class)->finalize (object);
}

static void
glaux_bench_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxBenchEntry *self = GLAUX_BENCH_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ORIGIN:
      g_value_set_int (value, self->origin);
      break;
    case PROP_SOURCE_PATH:
      g_value_set_string (value, self->source_path);
      break;
    case PROP_SHA256:
      g_value_set_string (value, glaux_bench_entry_get_sha256 (self));
      break;
    case PROP_ADDED:
      g_value_set_int64 (value, self->added);
      break;
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_TITLE:
      g_value_take_string (value, glaux_bench_entry_dup_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_bench_entry_class_init (GlauxBenchEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glaux_bench_entry_finalize;
  object_class->get_property = glaux_bench_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN] =
    g_param_spec_int ("origin", NULL, NULL, GLAUX_BENCH_ORIGIN_IMPORTED,
                      GLAUX_BENCH_ORIGIN_RECORDED, GLAUX_BENCH_ORIGIN_IMPORTED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_PATH] =
    g_param_spec_string ("source-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDED] =
    g_param_spec_int64 ("added", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL, GLAUX_TYPE_BENCH_RUN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glaux_bench_entry_init (GlauxBenchEntry *self)
{
}

/**
 * glaux_bench_entry_new:
 * @run: the parsed run (a reference is taken)
 *
 * Returns: (transfer full): a new entry
 */
GlauxBenchEntry *
glaux_bench_entry_new (gint64            id,
                       GlauxBenchOrigin  origin,
                       const char       *source_path,
                       gint64            added,
                       const char       *label,
                       const char       *notes,
                       GlauxBenchRun    *run)
{
  GlauxBenchEntry *self;

  g_return_val_if_fail (GLAUX_IS_BENCH_RUN (run), NULL);

  self = g_object_new (GLAUX_TYPE_BENCH_ENTRY, NULL);
  self->id = id;
  self->origin = origin;
  self->source_path = g_strdup (source_path);
  self->added = added;
  self->label = g_strdup (label != NULL ? label : "");
  self->notes = g_strdup (notes != NULL ? notes : "");
  self->run = g_object_ref (run);

  return self;
}

/* The row id in bench_runs. */
gint64
glaux_bench_entry_get_id (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), 0);
  return self->id;
}

GlauxBenchOrigin
glaux_bench_entry_get_origin (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), GLAUX_BENCH_ORIGIN_IMPORTED);
  return self->origin;
}

/* The file it was imported from; NULL for a recorded run. */
const char *
glaux_bench_entry_get_source_path (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), NULL);
  return self->source_path;
}

const char *
glaux_bench_entry_get_sha256 (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), NULL);
  return glaux_bench_run_get_sha256 (self->run);
}

gint64
glaux_bench_entry_get_added (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), 0);
  return self->added;
}

/**
 * glaux_bench_entry_get_run:
 *
 * Returns: (transfer none): the run
 */
GlauxBenchRun *
glaux_bench_entry_get_run (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), NULL);
  return self->run;
}

/* The user's label; "" when none. */
const char *
glaux_bench_entry_get_label (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), NULL);
  return self->label;
}

const char *
glaux_bench_entry_get_notes (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), NULL);
  return self->notes;
}

/**
 * glaux_bench_entry_dup_title:
 *
 * Returns: (transfer full): the label, or glaux_bench_run_dup_label() when it is empty
 */
char *
glaux_bench_entry_dup_title (GlauxBenchEntry *self)
{
  g_return_val_if_fail (GLAUX_IS_BENCH_ENTRY (self), NULL);

  if (self->label[0] != '\0')
    return g_strdup (self->label);

  return glaux_bench_run_dup_label (self->run);
}

void
glaux_bench_entry_update_label (GlauxBenchEntry *self,
                                const char      *label)
{
  g_return_if_fail (GLAUX_IS_BENCH_ENTRY (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label != NULL ? label : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
glaux_bench_entry_update_notes (GlauxBenchEntry *self,
                                const char      *notes)
{
  g_return_if_fail (GLAUX_IS_BENCH_ENTRY (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes != NULL ? notes : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}
