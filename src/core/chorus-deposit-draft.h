/* chorus-deposit-draft.h: a deposit being prepared, as JSON: saved drafts and outbox payloads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-invoice.h"

G_BEGIN_DECLS

typedef struct {
  char          *id;                 /* file name stem of the draft */
  ChorusInvoice *invoice;            /* the form's data (amounts in cents) */
  char          *pdf_path;           /* the chosen PDF or Factur-X file; NULL for none yet */
  char          *flux_syntax;        /* syntaxeFlux when deposited as a flux; NULL for a PDF deposit */
  GStrv          attachment_paths;   /* other documents sent with it (pièces jointes complémentaires); may be NULL */
  gint64         previous_piece_id;  /* works: the piece this one follows, 0 for a first piece */
  ChorusCadre    previous_cadre;
  char          *saved_at;           /* ISO 8601, set by save */
} ChorusDepositDraft;

#define CHORUS_TYPE_DEPOSIT_DRAFT (chorus_deposit_draft_get_type ())
GType               chorus_deposit_draft_get_type  (void) G_GNUC_CONST;
ChorusDepositDraft *chorus_deposit_draft_new       (void);
ChorusDepositDraft *chorus_deposit_draft_copy      (const ChorusDepositDraft *draft);
void                chorus_deposit_draft_free      (ChorusDepositDraft       *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusDepositDraft, chorus_deposit_draft_free)

JsonNode           *chorus_deposit_draft_to_json   (const ChorusDepositDraft *draft);
/* Strict: wrong types are an error, unknown members are ignored. */
ChorusDepositDraft *chorus_deposit_draft_from_json (JsonNode                 *node,
                                                    GError                  **error);

/* The drafts folder: <user data>/chorus-desk/drafts unless @dir is given. */
char               *chorus_deposit_draft_default_dir (void);
/* Writes <dir>/<id>.json atomically; gives the draft an id and a saved_at when it has none. */
gboolean            chorus_deposit_draft_save      (ChorusDepositDraft       *draft,
                                                    const char               *dir,
                                                    GError                  **error);
ChorusDepositDraft *chorus_deposit_draft_load      (const char               *dir,
                                                    const char               *id,
                                                    GError                  **error);
/* Every readable draft of @dir, most recent first; unreadable files are skipped.
 * Returns: (transfer full) (element-type ChorusDepositDraft) */
GPtrArray          *chorus_deposit_draft_list      (const char               *dir);
gboolean            chorus_deposit_draft_delete    (const char               *dir,
                                                    const char               *id,
                                                    GError                  **error);

G_END_DECLS
