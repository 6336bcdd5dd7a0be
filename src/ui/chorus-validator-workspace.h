/* chorus-validator-workspace.h: invoices awaiting our validation; validate, or refuse with a motif. */
#pragma once

#include <adwaita.h>

#include "chorus-client.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_VALIDATOR_WORKSPACE (chorus_validator_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusValidatorWorkspace, chorus_validator_workspace, CHORUS, VALIDATOR_WORKSPACE, GtkWidget)

GtkWidget  *chorus_validator_workspace_new         (void);
void        chorus_validator_workspace_set_client  (ChorusValidatorWorkspace *self,
                                                    ChorusClient             *client);
void        chorus_validator_workspace_refresh     (ChorusValidatorWorkspace *self);
/* The invoices listed (ChorusInvoice), borrowed. */
GPtrArray  *chorus_validator_workspace_get_invoices (ChorusValidatorWorkspace *self);
void        chorus_validator_workspace_select      (ChorusValidatorWorkspace *self,
                                                    gint64                    invoice_id);
/* Validates the selected invoice, or refuses it: @motif is required to refuse. */
void        chorus_validator_workspace_decide      (ChorusValidatorWorkspace *self,
                                                    gboolean                  validate,
                                                    const char               *motif);
const char *chorus_validator_workspace_get_message (ChorusValidatorWorkspace *self);
gboolean    chorus_validator_workspace_is_busy     (ChorusValidatorWorkspace *self);

G_END_DECLS
