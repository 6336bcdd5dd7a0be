/* chorus-json.c: typed access to json-glib objects, liberal in what it accepts, exact with money.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
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

/* A JSON number as the text it most likely was: integers as such, other doubles in the
 * shortest form that reads back the same ("9822.5", not "9822.50000000000001"). */
static char *
number_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (node_is_value_of (node, G_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  value = json_node_get_double (node);
  if (!isfinite (value))
    return NULL;
  for (int digits = 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buffer, sizeof buffer, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g",
                       value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

static gboolean
node_is_number (JsonNode *node)
{
  return node_is_value_of (node, G_TYPE_INT64) || node_is_value_of (node, G_TYPE_DOUBLE);
}

/* Text of a value that may stand for "nothing": null, "", "null" (PHP and Java serialisers). */
static gboolean
text_means_nothing (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return *trimmed == '\0' || g_ascii_strcasecmp (trimmed, "null") == 0;
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
  if (node_is_value_of (node, G_TYPE_STRING))
    {
      *out = g_strdup (json_node_get_string (node));
      return TRUE;
    }
  /* A code or number sent as a JSON number ("codeFournisseur": 92752571570002). */
  if (node_is_number (node) && (*out = number_text (node)) != NULL)
    return TRUE;
  set_type_error (error, key, EXPECT_TEXT);
  return FALSE;
}

/* ------------------------------------------------------------------ exact decimals */

/* A decimal read exactly: sign, up to 18 significant digits, and where the point is. */
typedef struct {
  gboolean negative;
  guint64  digits;       /* the significant digits as an integer */
  int      exponent;     /* value = digits * 10^exponent */
} Decimal;

/* Reads "10", "-9822.50", "9822,5", "1 234,56", "1.234,56", "1e3", "+0.000001" exactly. A
 * lone comma or point is the decimal mark; with both, the last one is, the other groups
 * thousands. Blanks (also no-break spaces) group digits. */
static gboolean
parse_decimal (const char *text, Decimal *out)
{
  const char *last_mark = NULL;
  const char *p;
  gboolean any_digit = FALSE, after_mark = FALSE;
  guint significant = 0;

  memset (out, 0, sizeof *out);
  /* The decimal mark is the last '.' or ','; it may appear once, and the other one only
   * before it. A mark repeated with no other is only grouping ("1,234,567"). */
  for (p = text; *p != '\0'; p++)
    if (*p == '.' || *p == ',')
      last_mark = p;
  if (last_mark != NULL)
    {
      int same = 0;
      gboolean other_after = FALSE;

      for (p = text; *p != '\0'; p++)
        {
          if (*p == *last_mark)
            same++;
          else if ((*p == '.' || *p == ',') && p > last_mark)
            other_after = TRUE;
        }
      if (other_after)
        return FALSE;
      if (same > 1)
        {
          for (p = text; *p != '\0'; p++)
            if (*p != *last_mark && (*p == '.' || *p == ','))
              return FALSE;
          last_mark = NULL;
        }
    }

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-' || *p == '+')
    out->negative = *p++ == '-';
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          any_digit = TRUE;
          if (significant == 0 && *p == '0')
            {
              if (after_mark)
                out->exponent--;
              continue;
            }
          if (significant >= 18)
            {
              /* Digits past the 18th only matter before the point. */
              if (!after_mark)
                out->exponent++;
              continue;
            }
          out->digits = out->digits * 10 + (guint64) (*p - '0');
          significant++;
          if (after_mark)
            out->exponent--;
        }
      else if (p == last_mark)
        {
          if (after_mark)
            return FALSE;
          after_mark = TRUE;
        }
      else if ((*p == '.' || *p == ',') && any_digit && !after_mark)
        {
          /* Grouping by thousands: exactly three digits follow. */
          if (!g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || !g_ascii_isdigit (p[3]) ||
              g_ascii_isdigit (p[4]))
            return FALSE;
        }
      else if ((*p == ' ' || *p == '\'') && any_digit && !after_mark)
        continue;   /* grouping */
      else if ((guchar) *p == 0xc2 && (guchar) p[1] == 0xa0 && any_digit && !after_mark)
        p++;        /* no-break space */
      else if ((guchar) *p == 0xe2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xaf && any_digit &&
               !after_mark)
        p += 2;     /* narrow no-break space */
      else if ((*p == 'e' || *p == 'E') && any_digit)
        {
          char *end = NULL;
          gint64 shift = g_ascii_strtoll (p + 1, &end, 10);

          if (end == p + 1 || shift < -40 || shift > 40)
            return FALSE;
          out->exponent += (int) shift;
          p = end;
          break;
        }
      else
        break;
    }
  while (g_ascii_isspace (*p))
    p++;
  return any_digit && *p == '\0';
}

/* The decimal in hundredths, rounded half away from zero; FALSE when it does not fit. */
static gboolean
decimal_to_cents (const Decimal *decimal, gint64 *cents)
{
  int shift = decimal->exponent + 2;
  guint64 value = decimal->digits;

  if (value == 0)
    {
      *cents = 0;
      return TRUE;
    }
  if (shift >= 0)
    {
      for (; shift > 0; shift--)
        {
          if (value > G_MAXINT64 / 10)
            return FALSE;
          value *= 10;
        }
    }
  else
    {
      guint64 remainder = 0, divisor = 1;

      if (shift < -19)
        {
          *cents = 0;
          return TRUE;
        }
      for (; shift < 0; shift++)
        divisor *= 10;
      remainder = value % divisor;
      value /= divisor;
      if (remainder * 2 >= divisor)
        value++;
    }
  if (value > (guint64) G_MAXINT64)
    return FALSE;
  *cents = decimal->negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

static double
decimal_to_double (const Decimal *decimal)
{
  char buffer[64];

  g_snprintf (buffer, sizeof buffer, "%s%" G_GUINT64_FORMAT "e%d", decimal->negative ? "-" : "",
              decimal->digits, decimal->exponent);
  return g_ascii_strtod (buffer, NULL);
}

/* Reads a number or a numeric string into @decimal. *@absent is set for null, "" and "null". */
static gboolean
read_decimal (JsonObject *object, const char *key, Decimal *decimal, gboolean *absent)
{
  JsonNode *node = get_member (object, key);
  g_autofree char *text = NULL;

  *absent = FALSE;
  if (node == NULL)
    {
      *absent = TRUE;
      return TRUE;
    }
  if (node_is_number (node))
    text = number_text (node);
  else if (node_is_value_of (node, G_TYPE_STRING))
    {
      if (text_means_nothing (json_node_get_string (node)))
        {
          *absent = TRUE;
          return TRUE;
        }
      text = g_strdup (json_node_get_string (node));
    }
  return text != NULL && parse_decimal (text, decimal);
}

gboolean
chorus_json_get_double (JsonObject  *object,
                        const char  *key,
                        double      *out,
                        GError     **error)
{
  Decimal decimal;
  gboolean absent;
  double value;

  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0.0;
  if (node != NULL && node_is_value_of (node, G_TYPE_DOUBLE) && isfinite (json_node_get_double (node)))
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  if (node != NULL && node_is_value_of (node, G_TYPE_INT64))
    {
      *out = (double) json_node_get_int (node);
      return TRUE;
    }
  if (!read_decimal (object, key, &decimal, &absent))
    {
      set_type_error (error, key, EXPECT_NUMBER);
      return FALSE;
    }
  if (absent)
    return TRUE;
  value = decimal_to_double (&decimal);
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
  Decimal decimal;
  gboolean absent;
  guint64 value;

  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  /* The common case first: an integer sent as one. */
  if (node != NULL && node_is_value_of (node, G_TYPE_INT64))
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (!read_decimal (object, key, &decimal, &absent))
    goto not_whole;
  if (absent)
    return TRUE;
  /* "12", "12.0" and 12.0 are whole numbers; 12.5, "12,004" and 1e300 are not. */
  value = decimal.digits;
  for (int e = decimal.exponent; e < 0; e++)
    {
      if (value % 10 != 0)
        goto not_whole;
      value /= 10;
    }
  for (int e = decimal.exponent; e > 0; e--)
    {
      if (value > (guint64) G_MAXINT64 / 10)
        goto not_whole;
      value *= 10;
    }
  if (value > (guint64) G_MAXINT64)
    goto not_whole;
  *out = decimal.negative ? -(gint64) value : (gint64) value;
  return TRUE;

not_whole:
  set_type_error (error, key, EXPECT_WHOLE_NUMBER);
  return FALSE;
}

gboolean
chorus_json_get_amount (JsonObject  *object,
                        const char  *key,
                        gint64      *out,
                        GError     **error)
{
  Decimal decimal;
  gboolean absent;
  gint64 cents;

  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  /* A JSON number that is a whole number of cents needs no decimal reading: 9822.5 * 100 is
   * 982250 within a hair. Anything else (1.005, 16.6667) is read from its decimal form. */
  if (node != NULL && node_is_number (node))
    {
      double hundred = (node_is_value_of (node, G_TYPE_INT64) ? (double) json_node_get_int (node)
                                                              : json_node_get_double (node)) * 100.0;
      double nearest = nearbyint (hundred);

      if (isfinite (hundred) && fabs (nearest) <= 1e15 && fabs (hundred - nearest) < 1e-6)
        {
          *out = (gint64) nearest;
          return TRUE;
        }
    }
  if (!read_decimal (object, key, &decimal, &absent))
    {
      set_type_error (error, key, EXPECT_AMOUNT);
      return FALSE;
    }
  if (absent)
    return TRUE;
  /* decimal(19,6) leaves 13 digits before the point: anything past 10^15 is not an amount. */
  if (!decimal_to_cents (&decimal, &cents) || cents > 100000000000000000 ||
      cents < -100000000000000000)
    {
      set_type_error (error, key, EXPECT_AMOUNT);
      return FALSE;
    }
  *out = cents;
  return TRUE;
}

gboolean
chorus_json_get_bool (JsonObject  *object,
                      const char  *key,
                      gboolean    *out,
                      GError     **error)
{
  static const char *const yes[] = { "true", "oui", "o", "1", "yes", "y", "vrai", NULL };
  static const char *const no[] = { "false", "non", "n", "0", "no", "faux", NULL };
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (node_is_value_of (node, G_TYPE_BOOLEAN))
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }
  if (node_is_number (node))
    {
      double value = node_is_value_of (node, G_TYPE_INT64) ? (double) json_node_get_int (node)
                                                           : json_node_get_double (node);

      if (value == 0.0 || value == 1.0)
        {
          *out = value == 1.0;
          return TRUE;
        }
    }
  if (node_is_value_of (node, G_TYPE_STRING))
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      if (text_means_nothing (text))
        return TRUE;
      for (guint i = 0; yes[i] != NULL; i++)
        if (g_ascii_strcasecmp (text, yes[i]) == 0)
          {
            *out = TRUE;
            return TRUE;
          }
      for (guint i = 0; no[i] != NULL; i++)
        if (g_ascii_strcasecmp (text, no[i]) == 0)
          return TRUE;
    }
  set_type_error (error, key, EXPECT_BOOLEAN);
  return FALSE;
}

/* The member @key when it holds a node of @type (borrowed), NULL when absent or null; FALSE with an
 * error naming @expected when it holds anything else. */
static gboolean
get_typed_member (JsonObject    *object,
                  const char    *key,
                  JsonNodeType   type,
                  Expected       expected,
                  JsonNode     **out,
                  GError       **error)
{
  JsonNode *node = get_member (object, key);

  *out = NULL;
  if (node != NULL && JSON_NODE_TYPE (node) != type)
    {
      set_type_error (error, key, expected);
      return FALSE;
    }
  *out = node;
  return TRUE;
}

gboolean
chorus_json_get_object (JsonObject  *object,
                        const char  *key,
                        JsonObject **out,
                        GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (!get_typed_member (object, key, JSON_NODE_OBJECT, EXPECT_OBJECT, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_object (node);
  return TRUE;
}

gboolean
chorus_json_get_array (JsonObject  *object,
                       const char  *key,
                       JsonArray  **out,
                       GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (!get_typed_member (object, key, JSON_NODE_ARRAY, EXPECT_LIST, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_array (node);
  return TRUE;
}

gboolean
chorus_json_get_list (JsonObject  *object,
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
  /* A list of one sent as the element itself (Pastell, COMM's consulterCRDetaille). */
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      *out = json_array_sized_new (1);
      json_array_add_element (*out, json_node_copy (node));
      return TRUE;
    }
  set_type_error (error, key, EXPECT_LIST);
  return FALSE;
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

/* "Z", "+02:00", "+0200" or "+02" and nothing after. */
static gboolean
date_offset_only (const char *p)
{
  int hours, minutes = 0;

  if (*p == 'Z')
    return p[1] == '\0';
  p++;
  if (!read_digits (&p, 2, &hours))
    return FALSE;
  if (*p == ':')
    p++;
  if (*p != '\0' && !read_digits (&p, 2, &minutes))
    return FALSE;
  return *p == '\0' && hours <= 14 && minutes <= 59;
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
  /* A day alone, possibly with the offset of an xs:date ("2019-07-11+02:00", "…Z"). */
  if (*p == '\0' || ((*p == 'Z' || *p == '+' || *p == '-') && date_offset_only (p)))
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
  /* Chorus sends "" for dates it does not have; serialisers sometimes "null". */
  if (text == NULL || text_means_nothing (text))
    return TRUE;
  g_strstrip (text);
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

/* Readers for answers of the works operations --------------------------------------------------- */

gboolean
chorus_json_get_trimmed (JsonObject  *object,
                         const char  *key,
                         char       **out,
                         GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  if (node != NULL && node_is_value_of (node, G_TYPE_BOOLEAN))
    {
      g_free (*out);
      *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      return TRUE;
    }
  if (!chorus_json_get_string (object, key, out, error))
    return FALSE;
  if (*out != NULL)
    g_strstrip (*out);
  return TRUE;
}

gboolean
chorus_json_get_one_object (JsonObject  *object,
                            const char  *key,
                            JsonObject **out,
                            GError     **error)
{
  JsonNode *node = get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
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
