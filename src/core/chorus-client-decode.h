/* chorus-client-decode.h: typed decoders of Chorus Pro answers (strict types, unknown fields ignored). */
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
ChorusActionResult *chorus_decode_action_result   (JsonObject *response, GError **error);
/* The action result with what deposer/pdf read in the PDF (result->read). */
ChorusActionResult *chorus_decode_deposit_pdf     (JsonObject *response, GError **error);
ChorusFlowReport   *chorus_decode_flow_report     (JsonObject *response, GError **error);
GBytes             *chorus_decode_download        (JsonObject *response, GError **error);
GArray             *chorus_decode_status_targets  (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_structures      (JsonObject *response, GError **error);
ChorusStructure    *chorus_decode_structure       (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_services        (JsonObject *response, GError **error);
ChorusService      *chorus_decode_service         (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_user_attachments (JsonObject *response, GError **error);
ChorusPage         *chorus_decode_references      (JsonObject *response, ChorusReferenceKind kind,
                                                   GError **error);
/* Strict base64 (RFC 4648 alphabet, padding, whitespace allowed); NULL if not base64. */
GBytes             *chorus_decode_base64          (const char *text, GError **error);

/* Entry points for fuzzing: the raw body of rechercher/recipiendaire, and the raw body of
 * any operation named by its path (as passed to chorus_client_call_async). */
ChorusInvoicePage  *chorus_client_decode_invoice_page (const char *json, gsize length,
                                                       GError **error);
gboolean            chorus_client_decode_for_path     (const char *path, const char *json,
                                                       gsize length, GError **error);

G_END_DECLS
