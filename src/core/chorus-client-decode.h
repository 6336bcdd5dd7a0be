/* chorus-client-decode.h: typed decoders of Chorus Pro answers (strict types, unknown fields ignored). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-client-types.h"
#include "chorus-structure.h"

G_BEGIN_DECLS

/* Each takes a parsed answer (codeRetour already checked) and returns a new result or NULL
 * with a CHORUS_CLIENT_ERROR_MALFORMED error. */
ChorusInvoicePage  *chorus_decode_received_page   (JsonObject *response, GError **error);
ChorusInvoicePage  *chorus_decode_issued_page     (JsonObject *response, GError **error);
ChorusInvoicePage  *chorus_decode_validator_page  (JsonObject *response, GError **error);
ChorusInvoice      *chorus_decode_invoice         (JsonObject *response, ChorusDirection direction,
                                                   GError **error);
ChorusHistory      *chorus_decode_history         (JsonObject *response, GError **error);
/* One page of consulter/historique in the server's order (newest first); after the pages are
 * joined, chorus_history_sort_events() puts them oldest first as chorus_decode_history(). */
ChorusHistory      *chorus_decode_history_page    (JsonObject *response, GError **error);
void                chorus_history_sort_events    (ChorusHistory *history);
ChorusActionResult *chorus_decode_action_result   (JsonObject *response, GError **error);
/* The action result with what deposer/pdf read in the PDF (result->read). */
ChorusActionResult *chorus_decode_deposit_pdf     (JsonObject *response, GError **error);
ChorusFlowReport   *chorus_decode_flow_report     (JsonObject *response, GError **error);
GBytes             *chorus_decode_download        (JsonObject *response, GError **error);
/* The PISTE token answer: its non-empty access_token (else an error), and expires_in as sent
 * (0 when absent). */
char               *chorus_decode_token           (JsonObject *response, gint64 *expires_in,
                                                   GError **error);
GArray             *chorus_decode_status_targets  (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_structures      (JsonObject *response, GError **error);
ChorusStructure    *chorus_decode_structure       (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_services        (JsonObject *response, GError **error);
ChorusService      *chorus_decode_service         (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_user_attachments (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_references      (JsonObject *response, ChorusReferenceKind kind,
                                                   GError **error);
/* The paged sub-lists of consulter/{recipiendaire,fournisseur} and consulter/historique. */
typedef enum {
  CHORUS_SUB_LIST_LINES,
  CHORUS_SUB_LIST_VAT,
  CHORUS_SUB_LIST_ATTACHMENTS,
  CHORUS_SUB_LIST_HISTORY,
  CHORUS_SUB_LIST_N
} ChorusSubList;

/* The keys of one sub-list: its paging object in the request (per direction), the page and
 * size keys in it, and where the answer puts the list and its suffixed paging fields. */
typedef struct {
  const char *request_wrapper[2];   /* [CHORUS_DIRECTION_RECEIVED], [CHORUS_DIRECTION_ISSUED] */
  const char *page_key;
  const char *size_key;
  const char *parent;               /* "facture", or NULL for the top level */
  const char *wrapper;              /* e.g. lignesDePoste */
  const char *items;                /* e.g. lignePoste */
  const char *suffix;               /* pageCourante<suffix>, pages…, total…, nbResultatsParPage… */
} ChorusSubListKeys;

const ChorusSubListKeys *chorus_sub_list_keys (ChorusSubList list);

/* What an answer says of one of its sub-lists; 0 where it says nothing. */
typedef struct {
  gboolean present;
  guint    received;     /* items in this answer */
  guint    page;
  guint    pages;
  guint    total;
  guint    page_size;
} ChorusSubListPaging;

void chorus_decode_sub_list_paging (JsonObject          *response,
                                    ChorusSubList        list,
                                    ChorusSubListPaging *out);

/* Strict base64 (RFC 4648 alphabet, padding, whitespace allowed); NULL if not base64. */
GBytes             *chorus_decode_base64          (const char *text, GError **error);

/* Entry points for fuzzing: the raw body of rechercher/recipiendaire, and the raw body of
 * any operation named by its path (as passed to chorus_client_call_async). */
ChorusInvoicePage  *chorus_client_decode_invoice_page (const char *json, gsize length,
                                                       GError **error);
gboolean            chorus_client_decode_for_path     (const char *path, const char *json,
                                                       gsize length, GError **error);

G_END_DECLS
