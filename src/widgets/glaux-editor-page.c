/* glaux-editor-page.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-editor-page"

#include "config.h"

#include <glib/gi18n.h>

#include "glaux-editor-page.h"

#define SQL_MAGIC          "%%sql"
#define TITLE_MAX_CHARS    32
#define TITLE_SCAN_LINES   8

struct _GlauxEditorPage
{
  GtkWidget                parent_instance;

  /* Owned References */
  GtkSourceSearchSettings *search_settings;
  GtkSourceSearchContext  *search_context;
  char                    *draft_id;
  char                    *language;
  char                    *title;
  char                    *fallback_title;

  /* Template Widgets */
  GtkLabel                *matches_label;
  GtkSearchBar            *search_bar;
  GtkSearchEntry          *search_entry;
  GtkSourceView           *view;

  /* The language was set by the "%%sql" first line, not by the user. */
  guint                    language_detected : 1;
};

G_DEFINE_FINAL_TYPE (GlauxEditorPage, glaux_editor_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_LANGUAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
glaux_set_str (char       **field,
               const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

static GtkSourceBuffer *
page_buffer (GlauxEditorPage *self)
{
  return GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
}

/* The text of line @line without its line end. */
static char *
dup_line (GtkTextBuffer *buffer,
          int            line)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
starts_with_sql_magic (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;

  return g_ascii_strncasecmp (text, SQL_MAGIC, strlen (SQL_MAGIC)) == 0;
}

/* ---- Style, language, title ------------------------------------------------------------ */

static void
glaux_editor_page_update_style_scheme (GlauxEditorPage *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  /* GtkSourceView 5.6 ships "Adwaita" and "Adwaita-dark"; "classic" is the last resort. */
  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager,
                                                         dark ? "classic-dark" : "classic");
  gtk_source_buffer_set_style_scheme (page_buffer (self), scheme);
}

static void
glaux_editor_page_apply_language (GlauxEditorPage *self,
                                  const char      *language)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  const char *id = g_strcmp0 (language, "sql") == 0 ? "sql" : "python3";

  if (!glaux_set_str (&self->language, g_strcmp0 (language, "sql") == 0 ? "sql" : "python"))
    return;

  gtk_source_buffer_set_language (page_buffer (self),
                                  gtk_source_language_manager_get_language (manager, id));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

/* A first line of "%%sql" makes the tab SQL; taking it away again undoes only that. */
static void
glaux_editor_page_detect_language (GlauxEditorPage *self)
{
  g_autofree char *first_line = dup_line (GTK_TEXT_BUFFER (page_buffer (self)), 0);

  if (starts_with_sql_magic (first_line))
    {
      if (!g_str_equal (self->language, "sql"))
        {
          glaux_editor_page_apply_language (self, "sql");
          self->language_detected = TRUE;
        }
    }
  else if (self->language_detected)
    {
      self->language_detected = FALSE;
      glaux_editor_page_apply_language (self, "python");
    }
}

/* The first line that says something, without comment markers or the "%%sql" magic. */
static char *
glaux_editor_page_compute_title (GlauxEditorPage *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (page_buffer (self));
  int n_lines = MIN (gtk_text_buffer_get_line_count (buffer), TITLE_SCAN_LINES);

  for (int i = 0; i < n_lines; i++)
    {
      g_autofree char *line = dup_line (buffer, i);
      char *text = g_strstrip (line);

      if (starts_with_sql_magic (text))
        text += strlen (SQL_MAGIC);
      while (*text == '#' || *text == '-' || *text == '/' || *text == '*' ||
             g_ascii_isspace (*text))
        text++;
      if (*text == '\0')
        continue;
      if (!g_utf8_validate (text, -1, NULL))
        continue;

      if (g_utf8_strlen (text, -1) > TITLE_MAX_CHARS)
        {
          g_autofree char *head = g_utf8_substring (text, 0, TITLE_MAX_CHARS - 1);

          return g_strconcat (g_strchomp (head), "…", NULL);
        }

      return g_strdup (text);
    }

  return g_strdup (self->fallback_title);
}

static void
glaux_editor_page_update_title (GlauxEditorPage *self)
{
  g_autofree char *title = glaux_editor_page_compute_title (self);

  if (glaux_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
glaux_editor_page_buffer_changed_cb (GlauxEditorPage *self,
                                     GtkTextBuffer   *buffer)
{
  g_assert (GLAUX_IS_EDITOR_PAGE (self));

  glaux_editor_page_update_title (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* After the edit is complete: "changed" comes from inside GtkTextBuffer's insert handler, and
 * a highlighting engine swapped in there would then be told about text it already read. */
static void
glaux_editor_page_buffer_edited_cb (GlauxEditorPage *self)
{
  g_autofree char *language = g_strdup (self->language);

  g_assert (GLAUX_IS_EDITOR_PAGE (self));

  glaux_editor_page_detect_language (self);
  if (g_strcmp0 (language, self->language) != 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- Find ------------------------------------------------------------------------------- */

static void
glaux_editor_page_update_matches (GlauxEditorPage *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (page_buffer (self));
  int count = gtk_source_search_context_get_occurrences_count (self->search_context);
  const char *search = gtk_source_search_settings_get_search_text (self->search_settings);
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;
  int position = -1;

  if (search == NULL || search[0] == '\0' || count < 0)
    {
      gtk_label_set_label (self->matches_label, "");
      return;
    }

  if (count == 0)
    {
      gtk_label_set_label (self->matches_label, _("No matches"));
      return;
    }

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    position = gtk_source_search_context_get_occurrence_position (self->search_context,
                                                                  &start, &end);
  if (position > 0)
    /* Translators: the match selected and how many there are, e.g. "2 of 5". */
    text = g_strdup_printf (_("%d of %d"), position, count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  gtk_label_set_label (self->matches_label, text);
}

static void
glaux_editor_page_select_match (GlauxEditorPage *self,
                                GtkTextIter     *start,
                                GtkTextIter     *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (page_buffer (self));

  gtk_text_buffer_select_range (buffer, start, end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.25, FALSE, 0, 0);
  glaux_editor_page_update_matches (self);
}

/* The buffers are small: the synchronous search is quick and keeps the order of keys. */
static void
glaux_editor_page_find_next (GlauxEditorPage *self,
                             gboolean         from_start_of_selection)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (page_buffer (self));
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter match_start;
  GtkTextIter match_end;
  gboolean wrapped;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_forward (self->search_context,
                                         from_start_of_selection ? &start : &end,
                                         &match_start, &match_end, &wrapped))
    glaux_editor_page_select_match (self, &match_start, &match_end);
  else
    glaux_editor_page_update_matches (self);
}

static void
glaux_editor_page_find_previous (GlauxEditorPage *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (page_buffer (self));
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter match_start;
  GtkTextIter match_end;
  gboolean wrapped;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_backward (self->search_context, &start,
                                          &match_start, &match_end, &wrapped))
    glaux_editor_page_select_match (self, &match_start, &match_end);
}

static void
search_changed_cb (GlauxEditorPage *self,
                   GtkSearchEntry  *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_assert (GLAUX_IS_EDITOR_PAGE (self));

  gtk_source_search_settings_set_search_text (self->search_settings,
                                              text[0] != '\0' ? text : NULL);
  /* Typing more keeps the match where it is, or finds the next one. */
  if (text[0] != '\0')
    glaux_editor_page_find_next (self, TRUE);
  else
    glaux_editor_page_update_matches (self);
}

static void
search_next_cb (GlauxEditorPage *self)
{
  g_assert (GLAUX_IS_EDITOR_PAGE (self));

  glaux_editor_page_find_next (self, FALSE);
}

static void
search_previous_cb (GlauxEditorPage *self)
{
  g_assert (GLAUX_IS_EDITOR_PAGE (self));

  glaux_editor_page_find_previous (self);
}

static gboolean
search_previous_shortcut_cb (GtkWidget *widget,
                             GVariant  *args,
                             gpointer   user_data)
{
  glaux_editor_page_find_previous (GLAUX_EDITOR_PAGE (user_data));

  return TRUE;
}

static void
search_mode_cb (GlauxEditorPage *self)
{
  gboolean open = gtk_search_bar_get_search_mode (self->search_bar);

  g_assert (GLAUX_IS_EDITOR_PAGE (self));

  gtk_source_search_context_set_highlight (self->search_context, open);
  /* Escape leaves the matches alone and puts the cursor back into the code. */
  if (!open)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
occurrences_changed_cb (GlauxEditorPage *self)
{
  glaux_editor_page_update_matches (self);
}

/* ---- Shortcuts on the view --------------------------------------------------------------- */

/* GtkTextView has bindings of its own (Ctrl+. inserts an emoji): the run, stop and find keys
 * are caught before it sees them and go to the pane's actions. */
static void
glaux_editor_page_add_view_shortcuts (GlauxEditorPage *self)
{
  static const struct {
    guint       keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_Return, "editor.run" },
    { GDK_KEY_KP_Enter, "editor.run" },
    { GDK_KEY_period, "editor.stop" },
    { GDK_KEY_f, "editor.find" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval,
                                                                                    GDK_CONTROL_MASK),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self->view), controller);

  /* Shift+Enter in the find entry: the previous match. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return,
                                                                                    GDK_SHIFT_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter,
                                                                                    GDK_SHIFT_MASK)),
                                                          gtk_callback_action_new (search_previous_shortcut_cb,
                                                                                   self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
glaux_editor_page_dispose (GObject *object)
{
  GlauxEditorPage *self = (GlauxEditorPage *)object;
  GtkWidget *child;

  g_clear_object (&self->search_context);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLAUX_TYPE_EDITOR_PAGE);
  /* Template children without a bound field are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (glaux_editor_page_parent_class)->dispose (object);
}

static void
glaux_editor_page_finalize (GObject *object)
{
  GlauxEditorPage *self = (GlauxEditorPage *)object;

  g_clear_object (&self->search_settings);
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->fallback_title, g_free);

  G_OBJECT_CLASS (glaux_editor_page_parent_class)->finalize (object);
}

static void
glaux_editor_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlauxEditorPage *self = GLAUX_EDITOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, glaux_editor_page_get_title (self));
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, glaux_editor_page_get_language (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_editor_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlauxEditorPage *self = GLAUX_EDITOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      glaux_editor_page_set_language (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glaux_editor_page_class_init (GlauxEditorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glaux_editor_page_dispose;
  object_class->finalize = glaux_editor_page_finalize;
  object_class->get_property = glaux_editor_page_get_property;
  object_class->set_property = glaux_editor_page_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "python",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glaux/Glaux/ui/glaux-editor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPage, matches_label);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlauxEditorPage, view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glaux-editor-page");
}

static void
glaux_editor_page_init (GlauxEditorPage *self)
{
  GtkSourceBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  buffer = page_buffer (self);
  gtk_source_buffer_set_highlight_matching_brackets (buffer, TRUE);
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);

  self->language = g_strdup ("");
  self->search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->search_settings, TRUE);
  self->search_context = gtk_source_search_context_new (buffer, self->search_settings);
  gtk_source_search_context_set_highlight (self->search_context, FALSE);
  g_signal_connect_object (self->search_context, "notify::occurrences-count",
                           G_CALLBACK (occurrences_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  glaux_editor_page_add_view_shortcuts (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (glaux_editor_page_update_style_scheme), self,
                           G_CONNECT_SWAPPED);
  glaux_editor_page_update_style_scheme (self);
}

/**
 * glaux_editor_page_new:
 * @draft_id: the id of the draft this tab shows
 * @language: (nullable): "python" (the default) or "sql"
 * @text: (nullable): the draft's text
 * @fallback_title: the title while the text has none, e.g. "Untitled 2"
 */
GlauxEditorPage *
glaux_editor_page_new (const char *draft_id,
                       const char *language,
                       const char *text,
                       const char *fallback_title)
{
  GlauxEditorPage *self;
  GtkSourceBuffer *buffer;
  GtkTextIter start;

  g_return_val_if_fail (draft_id != NULL, NULL);

  self = g_object_new (GLAUX_TYPE_EDITOR_PAGE, NULL);
  self->draft_id = g_strdup (draft_id);
  self->fallback_title = g_strdup (fallback_title != NULL ? fallback_title : _("Untitled"));
  glaux_editor_page_apply_language (self, language);

  /* Restoring a draft is not an edit: no undo step, no "changed". */
  buffer = page_buffer (self);
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (buffer), &start);

  /* A restored SQL draft whose first line is the magic keeps following it. */
  if (g_str_equal (self->language, "sql") && text != NULL && starts_with_sql_magic (text))
    self->language_detected = TRUE;
  else
    glaux_editor_page_detect_language (self);
  glaux_editor_page_update_title (self);

  g_signal_connect_object (buffer, "changed",
                           G_CALLBACK (glaux_editor_page_buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "insert-text",
                           G_CALLBACK (glaux_editor_page_buffer_edited_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (buffer, "delete-range",
                           G_CALLBACK (glaux_editor_page_buffer_edited_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  return self;
}

const char *
glaux_editor_page_get_draft_id (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  return self->draft_id;
}

const char *
glaux_editor_page_get_title (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  return self->title;
}

const char *
glaux_editor_page_get_language (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  return self->language;
}

void
glaux_editor_page_set_language (GlauxEditorPage *self,
                                const char      *language)
{
  g_return_if_fail (GLAUX_IS_EDITOR_PAGE (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  self->language_detected = FALSE;
  glaux_editor_page_apply_language (self, language);
  g_signal_emit (self, signals[CHANGED], 0);
}

GtkSourceBuffer *
glaux_editor_page_get_buffer (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  return page_buffer (self);
}

GtkSourceView *
glaux_editor_page_get_view (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  return self->view;
}

char *
glaux_editor_page_dup_text (GlauxEditorPage *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (page_buffer (self)), &start, &end);

  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (page_buffer (self)), &start, &end, FALSE);
}

gboolean
glaux_editor_page_is_empty (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), TRUE);

  return gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (page_buffer (self))) == 0;
}

char *
glaux_editor_page_dup_code (GlauxEditorPage *self)
{
  GtkTextBuffer *buffer;
  g_autofree char *code = NULL;
  GtkTextIter start;
  GtkTextIter end;
  const char *p;

  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), NULL);

  buffer = GTK_TEXT_BUFFER (page_buffer (self));
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    gtk_text_buffer_get_bounds (buffer, &start, &end);
  code = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  for (p = code; g_ascii_isspace (*p) || *p == '\n'; p++)
    ;
  if (*p == '\0')
    return NULL;

  /* Athena runs SQL in a Spark session through the %%sql cell magic; glaux-local too. */
  if (g_str_equal (self->language, "sql") && !starts_with_sql_magic (code))
    return g_strconcat (SQL_MAGIC "\n", code, NULL);

  return g_steal_pointer (&code);
}

void
glaux_editor_page_show_find (GlauxEditorPage *self)
{
  GtkTextBuffer *buffer;
  g_autofree char *selected = NULL;
  GtkTextIter start;
  GtkTextIter end;

  g_return_if_fail (GLAUX_IS_EDITOR_PAGE (self));

  /* A short selection on one line is what to look for. */
  buffer = GTK_TEXT_BUFFER (page_buffer (self));
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

gboolean
glaux_editor_page_get_find_open (GlauxEditorPage *self)
{
  g_return_val_if_fail (GLAUX_IS_EDITOR_PAGE (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}
