/* chorus-deposit-wizard.h: the supplier's deposit form: file, recipient, invoice data, checks, certificate. */
#pragma once

#include <adwaita.h>

#include "chorus-deposit-draft.h"
#include "chorus-deposit-rules.h"
#include "chorus-directory.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DEPOSIT_WIZARD (chorus_deposit_wizard_get_type ())
G_DECLARE_FINAL_TYPE (ChorusDepositWizard, chorus_deposit_wizard, CHORUS, DEPOSIT_WIZARD, GtkWidget)

GtkWidget          *chorus_deposit_wizard_new               (void);
void                chorus_deposit_wizard_set_directory     (ChorusDepositWizard      *self,
                                                             ChorusDirectory          *directory);
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
