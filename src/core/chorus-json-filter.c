/* chorus-json-filter.c: one pass over JSON text that masks, summarises or extracts string values by key. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "chorus-json-filter.h"

#define MAX_TRACKED_DEPTH 256
#define MAX_KEY           128
#define MAX_LIBELLE       4096
#define HEAD_CHARS        24      /* base64 characters kept to show the first 18 bytes */
#define STAGE_CHARS       4096    /* base64 characters decoded at a time; a multiple of 4 */

typedef enum {
  STATE_OUT,
  STATE_STRING,
  STATE_STRING_ESCAPE,
  STATE_VALUE,          /* a filtered string value */
  STATE_VALUE_ESCAPE,
  STATE_SCALAR,         /* a number, true, false or null */
} State;

typedef enum {
  CAPTURE_NONE,
  CAPTURE_CODE,
  CAPTURE_LIBELLE,
} Capture;

struct _ChorusJsonFilter
{
  ChorusJsonFilterFunc    func;
  gpointer                user_data;
  gsize                   max_output;
  char                   *mask;

  GString                *output;
  gboolean                truncated;
  gboolean                stop_when_cut;  /* nothing to extract: once cut, only codeRetour and libelle matter */

  State                   state;
  guint                   depth;
  guint8                  is_object[MAX_TRACKED_DEPTH + 1];
  gboolean                expect_key;
  gboolean                string_is_key;
  GString                *key;
  guint                   key_depth;
  gboolean                have_key;      /* a member name was read, its value has not started */

  /* The filtered value being read. */
  ChorusJsonFilterAction  action;
  gsize                   b64_chars;
  guint                   b64_padding;
  gboolean                b64_invalid;
  char                    head[HEAD_CHARS];
  guint                   head_length;
  char                    stage[STAGE_CHARS];
  guint                   stage_length;
  int                     decode_state;
  guint                   decode_save;
  GByteArray             *blob;

  Capture                 capture;
  GString                *captured;
  gboolean                have_code;
  gint64                  code;
  char                   *libelle;
};

ChorusJsonFilter *
chorus_json_filter_new (ChorusJsonFilterFunc  func,
                        gpointer              user_data,
                        gsize                 max_output,
                        const char           *mask)
{
  ChorusJsonFilter *self = g_new0 (ChorusJsonFilter, 1);

  self->func = func;
  self->user_data = user_data;
  self->max_output = max_output;
  self->mask = g_strdup (mask != NULL ? mask : "");
  self->output = g_string_new (NULL);
  self->key = g_string_new (NULL);
  self->captured = g_string_new (NULL);
  return self;
}

void
chorus_json_filter_free (ChorusJsonFilter *self)
{
  if (self == NULL)
    return;
  g_free (self->mask);
  g_string_free (self->output, TRUE);
  g_string_free (self->key, TRUE);
  g_string_free (self->captured, TRUE);
  g_clear_pointer (&self->blob, g_byte_array_unref);
  g_free (self->libelle);
  g_free (self);
}

/* Appends to the output until max_output, never cutting a UTF-8 character in two. */
static void
emit (ChorusJsonFilter *self, const char *text, gsize length)
{
  gsize room;

  if (self->truncated)
    return;
  room = self->max_output > self->output->len ? self->max_output - self->output->len : 0;
  if (length > room)
    {
      while (room > 0 && ((guchar) text[room] & 0xC0) == 0x80)
        room--;
      g_string_append_len (self->output, text, (gssize) room);
      self->truncated = TRUE;
      return;
    }
  g_string_append_len (self->output, text, (gssize) length);
}

static inline void
emit_c (ChorusJsonFilter *self, char c)
{
  if (!self->truncated && self->output->len < self->max_output)
    g_string_append_c (self->output, c);
  else
    self->truncated = TRUE;
}

static inline gboolean
in_object (ChorusJsonFilter *self)
{
  return self->depth > 0 && self->depth <= MAX_TRACKED_DEPTH && self->is_object[self->depth];
}

static inline gboolean
is_base64_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

static void
end_capture (ChorusJsonFilter *self)
{
  if (self->capture == CAPTURE_CODE)
    {
      const char *text = self->captured->str;
      gint64 value;

      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          self->have_code = TRUE;
          self->code = value;
        }
    }
  else if (self->capture == CAPTURE_LIBELLE)
    {
      /* The raw text is still escaped: let the JSON parser read it back. */
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", self->captured->str);
      g_autoptr(JsonNode) node = json_from_string (quoted, NULL);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_free (self->libelle);
          self->libelle = g_strdup (json_node_get_string (node));
        }
    }
  self->capture = CAPTURE_NONE;
  g_string_truncate (self->captured, 0);
}

static void
flush_stage (ChorusJsonFilter *self)
{
  guint old_length;
  gsize written;

  if (self->stage_length == 0)
    return;
  if (self->blob == NULL)
    self->blob = g_byte_array_new ();
  old_length = self->blob->len;
  g_byte_array_set_size (self->blob, old_length + (self->stage_length / 4 + 1) * 3);
  written = g_base64_decode_step (self->stage, self->stage_length, self->blob->data + old_length,
                                  &self->decode_state, &self->decode_save);
  g_byte_array_set_size (self->blob, old_length + written);
  self->stage_length = 0;
}

static void
start_value (ChorusJsonFilter *self, ChorusJsonFilterAction action)
{
  self->action = action;
  self->b64_chars = 0;
  self->b64_padding = 0;
  self->b64_invalid = FALSE;
  self->head_length = 0;
  self->stage_length = 0;
  self->decode_state = 0;
  self->decode_save = 0;
  self->state = STATE_VALUE;
}

/* How a SUMMARY value reads: "[base64: N bytes, begins with “…”]" in the user's language. */
static char *
chorus_json_filter_describe_base64 (gsize         decoded_size,
                                    const guchar *head,
                                    gsize         head_length)
{
  g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, decoded_size);
  GString *shown = g_string_new (NULL);

  /* Printable ASCII only, and nothing that needs escaping in JSON. */
  for (gsize i = 0; i < head_length; i++)
    g_string_append_c (shown, head[i] >= 0x20 && head[i] < 0x7F && head[i] != '"' && head[i] != '\\'
                              ? (char) head[i] : '.');
  {
    g_autofree char *text = g_string_free (shown, FALSE);

    /* Translators: a file sent inside a JSON request or answer, replaced in the exchanges journal:
     * its size in bytes, then its first bytes (e.g. “%PDF-1.7”) */
    return g_strdup_printf (_("[base64 file: %s bytes, begins with “%s”]"), size, text);
  }
}

static gboolean
end_value (ChorusJsonFilter *self, GError **error)
{
  switch (self->action)
    {
    case CHORUS_JSON_FILTER_MASK:
      emit_c (self, '"');
      emit (self, self->mask, strlen (self->mask));
      emit_c (self, '"');
      break;
    case CHORUS_JSON_FILTER_SUMMARY:
      {
        guchar head[HEAD_CHARS];
        int state = 0;
        guint save = 0;
        gsize head_bytes;
        g_autofree char *text = NULL;

        if (self->b64_invalid)
          text = g_strdup_printf (_("[%llu characters, not base64]"), (unsigned long long) self->b64_chars);
        else
          {
            head_bytes = g_base64_decode_step (self->head, self->head_length - self->head_length % 4, head,
                                               &state, &save);
            gsize size = self->b64_chars / 4 * 3;

            text = chorus_json_filter_describe_base64 (size > self->b64_padding ? size - self->b64_padding : 0,
                                                       head, head_bytes);
          }
        emit_c (self, '"');
        emit (self, text, strlen (text));
        emit_c (self, '"');
      }
      break;
    case CHORUS_JSON_FILTER_EXTRACT:
      if (self->b64_invalid || self->b64_chars % 4 != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The file in the answer is not valid base64."));
          return FALSE;
        }
      flush_stage (self);
      if (self->blob == NULL)
        self->blob = g_byte_array_new ();
      emit (self, "\"\"", 2);
      break;
    case CHORUS_JSON_FILTER_KEEP:
    default:
      break;
    }
  self->state = STATE_OUT;
  return TRUE;
}

/* One character of a filtered value (after unescaping). */
static inline void
value_char (ChorusJsonFilter *self, guchar c)
{
  if (c == ' ')
    return;
  if (is_base64_char (c) && self->b64_padding == 0)
    ;
  else if (c == '=' && self->b64_padding < 2)
    self->b64_padding++;
  else
    {
      self->b64_invalid = TRUE;
      self->b64_chars++;
      return;
    }
  self->b64_chars++;
  if (self->action == CHORUS_JSON_FILTER_SUMMARY && self->head_length < HEAD_CHARS)
    self->head[self->head_length++] = (char) c;
  else if (self->action == CHORUS_JSON_FILTER_EXTRACT)
    {
      self->stage[self->stage_length++] = (char) c;
      if (self->stage_length == STAGE_CHARS)
        flush_stage (self);
    }
}

static void
start_string (ChorusJsonFilter *self)
{
  ChorusJsonFilterAction action = CHORUS_JSON_FILTER_KEEP;

  if (in_object (self) && self->expect_key)
    {
      self->string_is_key = TRUE;
      g_string_truncate (self->key, 0);
      emit_c (self, '"');
      self->state = STATE_STRING;
      return;
    }
  self->string_is_key = FALSE;
  if (self->have_key && self->key_depth == self->depth)
    {
      if (self->depth == 1 && g_str_equal (self->key->str, "libelle"))
        self->capture = CAPTURE_LIBELLE;
      else if (self->depth == 1 && g_str_equal (self->key->str, "codeRetour"))
        self->capture = CAPTURE_CODE;
      if (self->func != NULL)
        action = self->func (self->key->str, self->depth, self->user_data);
    }
  self->have_key = FALSE;
  if (action == CHORUS_JSON_FILTER_KEEP)
    {
      emit_c (self, '"');
      self->state = STATE_STRING;
    }
  else
    start_value (self, action);
}

void
chorus_json_filter_set_stop_when_cut (ChorusJsonFilter *self,
                                      gboolean          stop)
{
  self->stop_when_cut = stop;
}

gboolean
chorus_json_filter_feed (ChorusJsonFilter  *self,
                         const char        *data,
                         gsize              length,
                         GError           **error)
{
  /* A search page of 1 MB is read as far as the cut, not to its end. */
  if (self->stop_when_cut && self->truncated && self->have_code && self->libelle != NULL)
    return TRUE;
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      switch (self->state)
        {
        case STATE_VALUE:
          if (c == '"')
            {
              if (!end_value (self, error))
                return FALSE;
            }
          else if (c == '\\')
            self->state = STATE_VALUE_ESCAPE;
          else
            value_char (self, c);
          break;

        case STATE_VALUE_ESCAPE:
          self->state = STATE_VALUE;
          if (c == '/')
            value_char (self, '/');
          else if (c != 'n' && c != 'r' && c != 't')
            value_char (self, '\\');   /* anything else cannot be base64 */
          break;

        case STATE_STRING:
          emit_c (self, (char) c);
          if (c == '\\')
            self->state = STATE_STRING_ESCAPE;
          else if (c == '"')
            {
              self->state = STATE_OUT;
              if (self->string_is_key)
                {
                  self->have_key = TRUE;
                  self->key_depth = self->depth;
                  self->expect_key = FALSE;
                }
              else if (self->capture != CAPTURE_NONE)
                end_capture (self);
              break;
            }
          if (self->string_is_key)
            {
              if (self->key->len < MAX_KEY)
                g_string_append_c (self->key, (char) c);
            }
          else if ((self->capture == CAPTURE_LIBELLE && self->captured->len < MAX_LIBELLE) ||
                   (self->capture == CAPTURE_CODE && self->captured->len < 32))
            g_string_append_c (self->captured, (char) c);
          break;

        case STATE_STRING_ESCAPE:
          emit_c (self, (char) c);
          self->state = STATE_STRING;
          if (self->string_is_key && self->key->len < MAX_KEY)
            g_string_append_c (self->key, (char) c);
          else if (self->capture == CAPTURE_LIBELLE && self->captured->len < MAX_LIBELLE)
            g_string_append_c (self->captured, (char) c);
          break;

        case STATE_SCALAR:
          if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
            {
              end_capture (self);
              self->state = STATE_OUT;
              /* The delimiter itself is handled below. */
            }
          else
            {
              emit_c (self, (char) c);
              if (self->capture == CAPTURE_CODE && self->captured->len < 32)
                g_string_append_c (self->captured, (char) c);
              break;
            }
          G_GNUC_FALLTHROUGH;

        case STATE_OUT:
        default:
          switch (c)
            {
            case '"':
              start_string (self);
              break;
            case '{':
            case '[':
              emit_c (self, (char) c);
              self->depth++;
              if (self->depth <= MAX_TRACKED_DEPTH)
                self->is_object[self->depth] = c == '{';
              self->expect_key = c == '{';
              self->have_key = FALSE;
              break;
            case '}':
            case ']':
              emit_c (self, (char) c);
              if (self->depth > 0)
                self->depth--;
              self->expect_key = FALSE;
              self->have_key = FALSE;
              break;
            case ',':
              emit_c (self, (char) c);
              self->expect_key = in_object (self);
              self->have_key = FALSE;
              break;
            case ':':
              emit_c (self, (char) c);
              self->expect_key = FALSE;
              break;
            case ' ':
            case '\n':
            case '\r':
            case '\t':
              emit_c (self, (char) c);
              break;
            default:
              /* A number, true, false or null. */
              emit_c (self, (char) c);
              if (self->have_key && self->key_depth == self->depth && self->depth == 1 &&
                  g_str_equal (self->key->str, "codeRetour"))
                {
                  self->capture = CAPTURE_CODE;
                  g_string_append_c (self->captured, (char) c);
                }
              self->have_key = FALSE;
              self->state = STATE_SCALAR;
              break;
            }
          break;
        }
    }
  return TRUE;
}

gboolean
chorus_json_filter_finish (ChorusJsonFilter  *self,
                           GError           **error)
{
  if (self->state == STATE_SCALAR)
    {
      end_capture (self);
      self->state = STATE_OUT;
    }
  if (self->state == STATE_VALUE || self->state == STATE_VALUE_ESCAPE)
    {
      /* Cut inside a filtered value: never leave any of it in the output. */
      if (self->action == CHORUS_JSON_FILTER_EXTRACT)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The answer ends in the middle of its file."));
          return FALSE;
        }
      self->truncated = TRUE;
    }
  return TRUE;
}

const char *
chorus_json_filter_get_output (ChorusJsonFilter *self,
                               gsize            *length)
{
  if (length != NULL)
    *length = self->output->len;
  return self->output->str;
}

char *
chorus_json_filter_steal_output (ChorusJsonFilter *self,
                                 gsize            *length)
{
  char *text;

  if (length != NULL)
    *length = self->output->len;
  text = g_string_free (self->output, FALSE);
  self->output = g_string_new (NULL);
  return text;
}

gboolean
chorus_json_filter_is_truncated (ChorusJsonFilter *self)
{
  return self->truncated;
}

GBytes *
chorus_json_filter_steal_blob (ChorusJsonFilter *self)
{
  if (self->blob == NULL)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&self->blob));
}

gboolean
chorus_json_filter_get_code (ChorusJsonFilter *self,
                             gint64           *code)
{
  if (self->have_code && code != NULL)
    *code = self->code;
  return self->have_code;
}

const char *
chorus_json_filter_get_libelle (ChorusJsonFilter *self)
{
  return self->libelle;
}
