/* chorus-followup-form.h: an invoice's internal follow-up (handler, file number, notes), saved as it
 * is typed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-invoice.h"
#include "chorus-store.h"
#include "chorus-team-sync.h"

G_BEGIN_DECLS

/* Quiet time after the last change before the follow-up is written. */
#define CHORUS_FOLLOWUP_SAVE_DELAY_MS 700

#define CHORUS_TYPE_FOLLOWUP_FORM (chorus_followup_form_get_type ())
G_DECLARE_FINAL_TYPE (ChorusFollowupForm, chorus_followup_form, CHORUS, FOLLOWUP_FORM, GtkWidget)

GtkWidget *chorus_followup_form_new                 (void);
void       chorus_followup_form_set_store           (ChorusFollowupForm *self,
                                                     ChorusStore        *store);
/* Shows @invoice's follow-up (nullable); what was typed for the previous invoice is saved first. */
void       chorus_followup_form_set_invoice         (ChorusFollowupForm *self,
                                                     ChorusInvoice      *invoice);
/* Writes what waits to be saved now; FALSE (and the form says why) when the store refused it. */
gboolean   chorus_followup_form_save_now            (ChorusFollowupForm *self);
/* Whether the handler row shows (not on issued invoices: handlers are the recipient's team). */
void       chorus_followup_form_set_show_handler    (ChorusFollowupForm *self,
                                                     gboolean            show);
/* Team mode (NULL: none): who changed each field and when, who is processing the invoice (claimed
 * after a few seconds open, or at the first change, released when another is shown), its history,
 * and colleagues' changes shown as they arrive. */
void       chorus_followup_form_set_team            (ChorusFollowupForm *self,
                                                     ChorusTeamSync     *team);
/* Re-reads the handlers offered. */
void       chorus_followup_form_reload_gestionnaires (ChorusFollowupForm *self);

G_END_DECLS
