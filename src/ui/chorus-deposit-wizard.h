/* chorus-deposit-wizard.h: the supplier's deposit form: file, recipient, invoice data, checks, certificate. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-client-types.h"
#include "chorus-deposit-draft.h"
#include "chorus-deposit-rules.h"
#include "chorus-directory.h"
#include "chorus-status.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DEPOSIT_WIZARD (chorus_deposit_wizard_get_type ())
G_DECLARE_FINAL_TYPE (ChorusDepositWizard, chorus_deposit_wizard, CHORUS, DEPOSIT_WIZARD, GtkWidget)

GtkWidget          *chorus_deposit_wizard_new               (void);
void                chorus_deposit_wizard_set_directory     (ChorusDepositWizard      *self,
                                                             ChorusDirectory          *directory);
/* The structures the invoice may be issued from (ChorusStructure, with their services); with
 * several, the user must choose one (@selected_id preselects one, 0: none). */
void                chorus_deposit_wizard_set_suppliers     (ChorusDepositWizard      *self,
                                                             GPtrArray                *structures,
                                                             gint64                    selected_id);
/* The issuing structure chosen (or the only one); 0 when none. */
gint64              chorus_deposit_wizard_get_supplier      (ChorusDepositWizard      *self);
/* The platform's lists (ChorusReferenceItem, last known values): payment modes and VAT rates.
 * NULL or empty until known: transfer only, and any rate. */
void                chorus_deposit_wizard_set_references    (ChorusDepositWizard      *self,
                                                             GPtrArray                *payment_modes,
                                                             GPtrArray                *vat_rates);
/* The valid bank details of @structure_id (ChorusReferenceItem: code = id, label = name). */
void                chorus_deposit_wizard_set_bank_details  (ChorusDepositWizard      *self,
                                                             gint64                    structure_id,
                                                             GPtrArray                *details);
/* Answers "file-chosen": what the platform read in @pdf_path (deposer/pdf; NULL: nothing) fills
 * the empty fields, marked "read from the PDF"; @attachment_id is that upload, which the deposit
 * then names instead of uploading the PDF again. Ignored if another file was chosen since. */
void                chorus_deposit_wizard_apply_read        (ChorusDepositWizard      *self,
                                                             const char               *pdf_path,
                                                             ChorusInvoice            *read,
                                                             gint64                    attachment_id);
/* While the platform reads @pdf_path (or why it could not): @message under the file; NULL hides it. */
void                chorus_deposit_wizard_show_read_progress (ChorusDepositWizard     *self,
                                                             const char               *pdf_path,
                                                             const char               *message);
/* A document sent with the invoice (pièce jointe complémentaire). */
void                chorus_deposit_wizard_add_attachment    (ChorusDepositWizard      *self,
                                                             const char               *path);
/* Who deposits (FOURNISSEUR, MOE, MOA): decides the billing frameworks offered. */
void                chorus_deposit_wizard_set_role          (ChorusDepositWizard      *self,
                                                             ChorusRole                role);
/* NULL: the default drafts folder. */
void                chorus_deposit_wizard_set_drafts_dir    (ChorusDepositWizard      *self,
                                                             const char               *dir);
/* The date checks compare against; NULL: today. */
void                chorus_deposit_wizard_set_today         (ChorusDepositWizard      *self,
                                                             const char               *iso_date);
/* As if the user chose @file: loads it into the viewer and picks PDF or flux deposit. */
void                chorus_deposit_wizard_open_file         (ChorusDepositWizard      *self,
                                                             GFile                    *file);
/* Whether the file chosen last is still being read (its data prefill the form when done). */
gboolean            chorus_deposit_wizard_is_reading_file   (ChorusDepositWizard      *self);
void                chorus_deposit_wizard_load_draft        (ChorusDepositWizard      *self,
                                                             const ChorusDepositDraft *draft);
/* The form as a draft. Returns: (transfer full) */
ChorusDepositDraft *chorus_deposit_wizard_get_draft         (ChorusDepositWizard      *self);
/* Everything to correct before sending, as the platform would say it.
 * Returns: (transfer full) (element-type ChorusDepositProblem) */
GPtrArray          *chorus_deposit_wizard_check             (ChorusDepositWizard      *self);
/* Goes to a page: "file", "recipient", "invoice", "check" or "sent". */
void                chorus_deposit_wizard_show_page         (ChorusDepositWizard      *self,
                                                             const char               *page);
const char         *chorus_deposit_wizard_get_page          (ChorusDepositWizard      *self);
/* Empties the form for a new deposit. */
void                chorus_deposit_wizard_reset             (ChorusDepositWizard      *self);

/* Answers to the "submit" signal. */
void                chorus_deposit_wizard_show_certificate  (ChorusDepositWizard      *self,
                                                             const char               *invoice_number,
                                                             const char               *deposit_date,
                                                             ChorusStatus              status,
                                                             const char               *certificate);
void                chorus_deposit_wizard_show_flux_receipt (ChorusDepositWizard      *self,
                                                             const char               *flux_number,
                                                             const char               *deposit_date,
                                                             const char               *syntax);
void                chorus_deposit_wizard_show_send_error   (ChorusDepositWizard      *self,
                                                             const char               *message);

G_END_DECLS
