/* chorus-json.c: strict typed access to json-glib objects, with errors that name the field. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "chorus-client-error.h"
#include "chorus-json.h"
#include "chorus-types.h"

#define MAX_DEPTH 64

typedef enum {
  EXPECT_TEXT,
  EXPECT_NUMBER,
  EXPECT_WHOLE_NUMBER,
  EXPECT_AMOUNT,
  EXPECT_BOOLEAN,
  EXPECT_OBJECT,
  EXPECT_LIST,
  EXPECT_LIST_OF_OBJECTS,
  EXPECT_DATE,
} Expected;

/* The field name is the API's own (e.g. "montantHT"), useful to whoever reports the bug. */
static void
set_type_error (GError **error, const char *key, Expected expected)
{
  switch (expected)
    {
    case EXPECT_TEXT:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be text."), key);
      break;
    case EXPECT_NUMBER:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be a number."), key);
      break;
    case EXPECT_WHOLE_NUMBER:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be a whole number."), key);
      break;
    case EXPECT_AMOUNT:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be an amount."), key);
      break;
    case EXPECT_BOOLEAN:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be true or false."), key);
      break;
    case EXPECT_OBJECT:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be an object."), key);
      break;
    case EXPECT_LIST:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be a list."), key);
      break;
    case EXPECT_LIST_OF_OBJECTS:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be a list of objects."), key);
      break;
    case EXPECT_DATE:
    default:
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("Invalid Chorus Pro answer: the field “%s” should be a date."), key);
      break;
    }
}

/* Rejects documents nested too deeply, counting brackets outside strings. */
static gboolean
depth_is_reasonable (const char *data, gsize length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return TRUE;
}

JsonObject *
chorus_json_parse_object (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = (gssize) strlen (data);
  if (length == 0)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("Chorus Pro sent an empty answer."));
      return NULL;
    }
  if (!depth_is_reasonable (data, (gsize) length))
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("The Chorus Pro answer is not valid: it is nested too deeply."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("The Chorus Pro answer is not valid JSON (it may have been cut off): %s"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("The Chorus Pro answer is not valid: a JSON object was expected."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The member @key, or NULL when absent or null. */
static JsonNode *
get_member (JsonObject *object, const char *key)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, key);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
node_is_value_of (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
chorus_json_get_string (JsonObject  *object,
                        const char  *key,
                        char       **out,
                        GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  g_clear_pointer (out, g_free);
  if (node == NULL)
    return TRUE;
  if (!node_is_value_of (node, G_TYPE_STRING))
    {
      set_type_error (error, key, EXPECT_TEXT);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
chorus_json_get_double (JsonObject  *object,
                        const char  *key,
                        double      *out,
                        GError     **error)
{
  JsonNode *node = get_member (object, key);
  double value;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0.0;
  if (node == NULL)
    return TRUE;
  if (node_is_value_of (node, G_TYPE_INT64))
    value = (double) json_node_get_int (node);
  else if (node_is_value_of (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    {
      set_type_error (error, key, EXPECT_NUMBER);
      return FALSE;
    }
  if (!isfinite (value))
    {
      set_type_error (error, key, EXPECT_NUMBER);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
chorus_json_get_int (JsonObject  *object,
                     const char  *key,
                     gint64      *out,
                     GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  if (node == NULL)
    return TRUE;
  if (node_is_value_of (node, G_TYPE_INT64))
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (node_is_value_of (node, G_TYPE_DOUBLE))
    {
      /* "12.0" is still an integer; 12.5 or 1e300 is not. */
      double value = json_node_get_double (node);

      if (isfinite (value) && value == floor (value) && fabs (value) < 9.0e15)
        {
          *out = (gint64) value;
          return TRUE;
        }
    }
  set_type_error (error, key, EXPECT_WHOLE_NUMBER);
  return FALSE;
}

gboolean
chorus_json_get_amount (JsonObject  *object,
                        const char  *key,
                        gint64      *out,
                        GError     **error)
{
  double value;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  if (!chorus_json_get_double (object, key, &value, error))
    return FALSE;
  /* Beyond this the cents no longer fit an int64 exactly. */
  if (fabs (value) > 9.0e13)
    {
      set_type_error (error, key, EXPECT_AMOUNT);
      return FALSE;
    }
  *out = chorus_amount_from_double (value);
  return TRUE;
}

gboolean
chorus_json_get_bool (JsonObject  *object,
                      const char  *key,
                      gboolean    *out,
                      GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!node_is_value_of (node, G_TYPE_BOOLEAN))
    {
      set_type_error (error, key, EXPECT_BOOLEAN);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
chorus_json_get_object (JsonObject  *object,
                        const char  *key,
                        JsonObject **out,
                        GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_type_error (error, key, EXPECT_OBJECT);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
chorus_json_get_array (JsonObject  *object,
                       const char  *key,
                       JsonArray  **out,
                       GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_type_error (error, key, EXPECT_LIST);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

JsonObject *
chorus_json_array_get_object (JsonArray   *array,
                              guint        index,
                              const char  *what,
                              GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (array != NULL, NULL);
  g_return_val_if_fail (index < json_array_get_length (array), NULL);

  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_type_error (error, what, EXPECT_LIST_OF_OBJECTS);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_digits (const char **p, int count, int *value)
{
  int v = 0;

  for (int i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += count;
  *value = v;
  return TRUE;
}

char *
chorus_json_normalize_datetime (const char *text,
                                gboolean    day_only)
{
  const char *p = text;
  int year, month, day, hour = 0, minute = 0, second = 0;
  g_autofree char *offset = NULL;

  if (text == NULL)
    return NULL;
  if (!read_digits (&p, 4, &year) || *p++ != '-' || !read_digits (&p, 2, &month) ||
      *p++ != '-' || !read_digits (&p, 2, &day))
    return NULL;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  if (*p == '\0')
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  if (*p != 'T' && *p != ' ')
    return NULL;
  p++;
  if (!read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute))
    return NULL;
  if (*p == ':')
    {
      p++;
      if (!read_digits (&p, 2, &second))
        return NULL;
      if (*p == '.' || *p == ',')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return NULL;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (hour > 23 || minute > 59 || second > 60)
    return NULL;
  if (*p == 'Z')
    {
      offset = g_strdup ("Z");
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      char sign = *p++;
      int oh, om = 0;

      if (!read_digits (&p, 2, &oh))
        return NULL;
      if (*p == ':')
        p++;
      if (*p != '\0' && !read_digits (&p, 2, &om))
        return NULL;
      if (oh > 14 || om > 59)
        return NULL;
      offset = g_strdup_printf ("%c%02d:%02d", sign, oh, om);
    }
  if (*p != '\0')
    return NULL;
  /* The time is still checked: a garbled datetime is not a valid day. */
  if (day_only)
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%s", year, month, day, hour, minute,
                          second, offset != NULL ? offset : "");
}

static gboolean
get_date_common (JsonObject  *object,
                 const char  *key,
                 char       **out,
                 gboolean     day_only,
                 GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  g_clear_pointer (out, g_free);
  if (!chorus_json_get_string (object, key, &text, error))
    return FALSE;
  /* Chorus sends "" for dates it does not have. */
  if (text == NULL || *text == '\0')
    return TRUE;
  *out = chorus_json_normalize_datetime (text, day_only);
  if (*out == NULL)
    {
      set_type_error (error, key, EXPECT_DATE);
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_json_get_date (JsonObject  *object,
                      const char  *key,
                      char       **out,
                      GError     **error)
{
  return get_date_common (object, key, out, TRUE, error);
}

gboolean
chorus_json_get_datetime (JsonObject  *object,
                          const char  *key,
                          char       **out,
                          GError     **error)
{
  return get_date_common (object, key, out, FALSE, error);
}

/* Liberal readers ------------------------------------------------------------------------------ */

/* The text of a string or number node; NULL for anything else. */
static char *
scalar_text (JsonNode *node)
{
  if (node_is_value_of (node, G_TYPE_STRING))
    return g_strstrip (g_strdup (json_node_get_string (node)));
  if (node_is_value_of (node, G_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (node_is_value_of (node, G_TYPE_DOUBLE))
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  return NULL;
}

/* The trimmed text of @key when it holds a JSON string; NULL otherwise (the strict getter reads it). */
static char *
string_text (JsonObject *object, const char *key)
{
  JsonNode *node = get_member (object, key);

  return node != NULL && node_is_value_of (node, G_TYPE_STRING) ? scalar_text (node) : NULL;
}

/* "10", "10.5", and the French "1 234,5" (spaces, no-break spaces) as "1234.5". */
static char *
decimal_text (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == 0x00A0 || c == 0x202F)
        continue;
      g_string_append_unichar (digits, c == ',' ? '.' : c);
    }
  return g_string_free (digits, FALSE);
}

gboolean
chorus_json_read_string (JsonObject  *object,
                         const char  *key,
                         char       **out,
                         GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  g_clear_pointer (out, g_free);
  if (node == NULL)
    return TRUE;
  /* A SIRET or a number may come as a JSON number. */
  *out = scalar_text (node);
  if (*out == NULL && !node_is_value_of (node, G_TYPE_BOOLEAN))
    {
      set_type_error (error, key, EXPECT_TEXT);
      return FALSE;
    }
  if (*out == NULL)
    *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return TRUE;
}

gboolean
chorus_json_read_int (JsonObject  *object,
                      const char  *key,
                      gint64      *out,
                      GError     **error)
{
  g_autofree char *text = string_text (object, key);
  char *end = NULL;
  gint64 value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return chorus_json_get_int (object, key, out, error);
  *out = 0;
  if (*text == '\0')
    return TRUE;
  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0')
    {
      set_type_error (error, key, EXPECT_WHOLE_NUMBER);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
chorus_json_read_amount (JsonObject  *object,
                         const char  *key,
                         gint64      *out,
                         GError     **error)
{
  g_autofree char *given = string_text (object, key);
  g_autofree char *text = NULL;
  char *end = NULL;
  double value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (given == NULL)
    return chorus_json_get_amount (object, key, out, error);
  *out = 0;
  if (*given == '\0')
    return TRUE;
  text = decimal_text (given);
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || fabs (value) > 9.0e13)
    {
      set_type_error (error, key, EXPECT_AMOUNT);
      return FALSE;
    }
  *out = chorus_amount_from_double (value);
  return TRUE;
}

gboolean
chorus_json_read_bool (JsonObject  *object,
                       const char  *key,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node = get_member (object, key);
  g_autofree char *text = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (node_is_value_of (node, G_TYPE_BOOLEAN))
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }
  text = scalar_text (node);
  if (text != NULL)
    {
      static const char *const yes[] = { "true", "oui", "1", "o", "y", "yes" };
      static const char *const no[] = { "false", "non", "0", "n", "no", "" };

      for (gsize i = 0; i < G_N_ELEMENTS (yes); i++)
        if (g_ascii_strcasecmp (text, yes[i]) == 0)
          {
            *out = TRUE;
            return TRUE;
          }
      for (gsize i = 0; i < G_N_ELEMENTS (no); i++)
        if (g_ascii_strcasecmp (text, no[i]) == 0)
          return TRUE;
    }
  set_type_error (error, key, EXPECT_BOOLEAN);
  return FALSE;
}

gboolean
chorus_json_read_object (JsonObject  *object,
                         const char  *key,
                         JsonObject **out,
                         GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      /* A one-element list where one object is expected. */
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) == 0)
        return TRUE;
      if (json_array_get_length (array) == 1 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
        {
          *out = json_array_get_object_element (array, 0);
          return TRUE;
        }
      set_type_error (error, key, EXPECT_OBJECT);
      return FALSE;
    }
  return chorus_json_get_object (object, key, out, error);
}

gboolean
chorus_json_read_list (JsonObject  *object,
                       const char  *key,
                       JsonArray  **out,
                       GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      *out = json_array_ref (json_node_get_array (node));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      /* One element sent as an object instead of a list of one. */
      *out = json_array_new ();
      json_array_add_element (*out, json_node_copy (node));
      return TRUE;
    }
  set_type_error (error, key, EXPECT_LIST);
  return FALSE;
}
