/* chorus-works-deposit-form.h: depositing a works piece, first or next of its billing file, and its certificate. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-sync.h"

#include "chorus-directory.h"
#include "chorus-works-deposit.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_DEPOSIT_FORM (chorus_works_deposit_form_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksDepositForm, chorus_works_deposit_form, CHORUS, WORKS_DEPOSIT_FORM, GtkWidget)

/* Signals:
 *   "show-dossier" (gint64 piece_id): the user wants the billing file of the deposited piece.
 *   "new-deposit" (): the user starts another first piece. */
GtkWidget          *chorus_works_deposit_form_new           (void);
void                chorus_works_deposit_form_set_directory (ChorusWorksDepositForm   *self,
                                                             ChorusDirectory          *directory);
/* A deposit checked and confirmed by the user goes through @sync's outbox (NULL: it cannot be
 * sent); the certificate page shows Chorus Pro's answer. */
void                chorus_works_deposit_form_set_sync      (ChorusWorksDepositForm   *self,
                                                             ChorusSync               *sync);
/* The account's structures (ChorusStructure, with their role), for its own party and the defaults. */
void                chorus_works_deposit_form_set_structures (ChorusWorksDepositForm  *self,
                                                             GPtrArray                *structures);
/* A first piece by @role: the cadres of the seed's table for that role. */
void                chorus_works_deposit_form_start_initial (ChorusWorksDepositForm   *self,
                                                             ChorusRole                role);
/* The next piece after @previous by @role, prefilled from it. */
void                chorus_works_deposit_form_start_next    (ChorusWorksDepositForm   *self,
                                                             const ChorusWorksPiece   *previous,
                                                             ChorusRole                role);
/* As if the user chose @path as the piece's PDF. */
void                chorus_works_deposit_form_set_file      (ChorusWorksDepositForm   *self,
                                                             const char               *path);
/* The date checks compare against, YYYY-MM-DD; NULL: today. */
void                chorus_works_deposit_form_set_today     (ChorusWorksDepositForm   *self,
                                                             const char               *today);
/* "form" or "certificate". */
const char         *chorus_works_deposit_form_get_page      (ChorusWorksDepositForm   *self);
/* The certificate of the deposit shown, as a PDF file at @path. */
gboolean            chorus_works_deposit_form_export_certificate (ChorusWorksDepositForm *self,
                                                             const char               *path,
                                                             GError                  **error);

G_END_DECLS
