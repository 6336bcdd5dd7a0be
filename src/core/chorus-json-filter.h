/* chorus-json-filter.h: one pass over JSON text that masks, summarises or extracts string values by key. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What happens to a string value, chosen by the key it belongs to. */
typedef enum {
  CHORUS_JSON_FILTER_KEEP,
  CHORUS_JSON_FILTER_MASK,     /* replaced by the filter's mask text */
  CHORUS_JSON_FILTER_SUMMARY,  /* base64: replaced by its decoded size and first bytes */
  CHORUS_JSON_FILTER_EXTRACT,  /* base64: decoded into the blob, left as "" in the output */
} ChorusJsonFilterAction;

/* @key is the raw (still escaped) member name; @depth is 1 for the members of the top object. */
typedef ChorusJsonFilterAction (*ChorusJsonFilterFunc) (const char *key,
                                                        guint       depth,
                                                        gpointer    user_data);

typedef struct _ChorusJsonFilter ChorusJsonFilter;

/* The output keeps at most @max_output bytes (then it is cut and marked truncated); the text is
 * still read to its end, so the blob and the top-level codeRetour / libelle are complete.
 * @mask is what MASK values become (inside the quotes). */
ChorusJsonFilter *chorus_json_filter_new           (ChorusJsonFilterFunc  func,
                                                    gpointer              user_data,
                                                    gsize                 max_output,
                                                    const char           *mask);
void              chorus_json_filter_free          (ChorusJsonFilter     *self);
/* With nothing to extract, the text after the cut is skipped once codeRetour and libelle are
 * known (later chunks are not read at all). */
void              chorus_json_filter_set_stop_when_cut (ChorusJsonFilter *self,
                                                        gboolean          stop);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusJsonFilter, chorus_json_filter_free)

/* Any chunking of the text works. FALSE with G_IO_ERROR_INVALID_DATA when a value to extract
 * is not strict base64. */
gboolean          chorus_json_filter_feed          (ChorusJsonFilter     *self,
                                                    const char           *data,
                                                    gsize                 length,
                                                    GError              **error);
gboolean          chorus_json_filter_finish        (ChorusJsonFilter     *self,
                                                    GError              **error);

const char       *chorus_json_filter_get_output    (ChorusJsonFilter     *self,
                                                    gsize                *length);
char             *chorus_json_filter_steal_output  (ChorusJsonFilter     *self,
                                                    gsize                *length);
gboolean          chorus_json_filter_is_truncated  (ChorusJsonFilter     *self);
/* NULL when no value was extracted. */
GBytes           *chorus_json_filter_steal_blob    (ChorusJsonFilter     *self);
/* The top-level codeRetour (number or numeric string) and libelle, when seen. */
gboolean          chorus_json_filter_get_code      (ChorusJsonFilter     *self,
                                                    gint64               *code);
const char       *chorus_json_filter_get_libelle   (ChorusJsonFilter     *self);


G_END_DECLS
