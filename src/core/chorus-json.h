/* chorus-json.h: liberal JSON readers: what the API means is read, anything else is an error naming the field.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses a JSON document whose root must be an object; nesting deeper than 64 levels is
 * refused before json-glib sees it. Errors are CHORUS_CLIENT_ERROR_MALFORMED. */
JsonObject *chorus_json_parse_object   (const char   *data,
                                        gssize        length,
                                        GError      **error);

/* Field readers. A missing field or JSON null leaves the default (NULL, 0, FALSE) and
 * succeeds; so does "" or "null" where a number, a boolean or a date is expected. What the
 * API is seen to send is read (§0.7): numbers as numeric strings ("3346947", "9822.50",
 * "9822,5"), text as a number, booleans as "true", "Oui", 1 (or 1.0). Anything else sets
 * CHORUS_CLIENT_ERROR_MALFORMED naming the field. Unknown fields are simply never read. */
gboolean    chorus_json_get_string     (JsonObject   *object,
                                        const char   *key,
                                        char        **out,
                                        GError      **error);
gboolean    chorus_json_get_int        (JsonObject   *object,
                                        const char   *key,
                                        gint64       *out,
                                        GError      **error);
gboolean    chorus_json_get_double     (JsonObject   *object,
                                        const char   *key,
                                        double       *out,
                                        GError      **error);
/* Euros read into int64 cents, exactly: the decimal text is rounded half away from zero at
 * the cent (decimal(19,6) on the wire), a JSON number through its shortest decimal form. */
gboolean    chorus_json_get_amount     (JsonObject   *object,
                                        const char   *key,
                                        gint64       *out,
                                        GError      **error);
gboolean    chorus_json_get_bool       (JsonObject   *object,
                                        const char   *key,
                                        gboolean     *out,
                                        GError      **error);
/* Borrowed pointers, NULL when absent. chorus_json_get_array() is strict: API lists are read
 * with chorus_json_get_list(). */
gboolean    chorus_json_get_object     (JsonObject   *object,
                                        const char   *key,
                                        JsonObject  **out,
                                        GError      **error);
gboolean    chorus_json_get_array      (JsonObject   *object,
                                        const char   *key,
                                        JsonArray   **out,
                                        GError      **error);
/* A list, also when a list of one comes as the element itself; a new reference (unref it). */
gboolean    chorus_json_get_list       (JsonObject   *object,
                                        const char   *key,
                                        JsonArray   **out,
                                        GError      **error);
/* Element @index of an array of objects (borrowed); @what names the list in errors. */
JsonObject *chorus_json_array_get_object (JsonArray  *array,
                                          guint       index,
                                          const char *what,
                                          GError    **error);

/* Dates as the API sends them: "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", or ISO 8601 with
 * "T" and an optional fraction and offset. chorus_json_get_date() keeps the day
 * ("YYYY-MM-DD"); chorus_json_get_datetime() gives "YYYY-MM-DDTHH:MM:SS" followed by the
 * offset when one was sent ("Z" or "+01:00"), or just the day when only a day was sent. */
gboolean    chorus_json_get_date       (JsonObject   *object,
                                        const char   *key,
                                        char        **out,
                                        GError      **error);
gboolean    chorus_json_get_datetime   (JsonObject   *object,
                                        const char   *key,
                                        char        **out,
                                        GError      **error);
/* The same normalisation on a bare string; NULL when it is not a date the API uses. */
char       *chorus_json_normalize_datetime (const char *text,
                                            gboolean    day_only);

/* Text as chorus_json_get_string() reads it, trimmed; a boolean reads as "true" or "false". For the
 * works answers, whose sources show padded codes and flags where text is documented. */
gboolean    chorus_json_get_trimmed    (JsonObject   *object,
                                        const char   *key,
                                        char        **out,
                                        GError      **error);
/* An object, also when it comes as a list holding that one object (an empty list is none). */
gboolean    chorus_json_get_one_object (JsonObject   *object,
                                        const char   *key,
                                        JsonObject  **out,
                                        GError      **error);

G_END_DECLS
