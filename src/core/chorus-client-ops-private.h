/* chorus-client-ops-private.h: what the files of the typed operations share: the operation table's
 * row, the generic plumbing that runs a row, and the request bodies the rows send.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-client-works.h"
#include "chorus-status.h"

G_BEGIN_DECLS

/* The documented default page size of the searches. */
#define CHORUS_CLIENT_DEFAULT_PAGE_SIZE 100
/* The documented default and maximum of a consulter sub-list page (CS2017). */
#define CHORUS_CLIENT_SUB_LIST_PAGE_SIZE 200

/* Request bodies (chorus-client-bodies.c), besides the public chorus_client_build_*() and
 * chorus_works_build_*(). */
JsonObject *_chorus_client_build_paged (const char *wrapper_key, guint page, guint page_size);
JsonObject *_chorus_client_build_consult_page (ChorusDirection direction, gint64 invoice_id,
                                               ChorusSubList list, guint page, guint page_size);
JsonObject *_chorus_client_build_history_page (gint64 invoice_id, guint page, guint page_size);
JsonObject *_chorus_client_build_with_string (const char *key, const char *value);
JsonObject *_chorus_client_build_process_received (gint64 invoice_id, ChorusStatus target, const char *motif,
                                                   const char *mandate_number);
JsonObject *_chorus_client_build_deposit_pdf (const char *file_name);
JsonObject *_chorus_client_build_deposit_flow (const char *file_name, const char *syntax);
JsonObject *_chorus_client_build_complete (gint64 invoice_id, const char *comment, GPtrArray *attachments);
JsonObject *_chorus_client_build_recycle (gint64 invoice_id, const char *recipient_code,
                                          const char *service_code, const char *engagement_number,
                                          const char *comment);
JsonObject *_chorus_client_build_search_structures (const char *identifier, ChorusIdType id_type,
                                                    const char *name, guint page, guint page_size);
JsonObject *_chorus_client_build_consult_structure (gint64 structure_id);
JsonObject *_chorus_client_build_bank_details (gint64 structure_id);
JsonObject *_chorus_client_build_search_services (gint64 structure_id, guint page, guint page_size);
JsonObject *_chorus_client_build_consult_service (gint64 structure_id, gint64 service_id);
JsonObject *_chorus_client_build_references (ChorusReferenceKind kind, const char *request_type);
JsonObject *_chorus_client_build_add_file (const char *file_name, const char *extension,
                                           const char *mime_type);
JsonObject *_chorus_client_build_works_download (gint64 piece_id);

/* The plumbing of chorus-client-ops.c, for the operations written out by hand (consulter). */
gpointer    _chorus_client_op_finish (ChorusClient *self, GAsyncResult *result, gpointer source_tag,
                                      GError **error);

G_END_DECLS
