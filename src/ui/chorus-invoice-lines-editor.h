/* chorus-invoice-lines-editor.h: the deposit form's VAT breakdown and invoice lines, typed row by row.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-deposit-rules.h"
#include "chorus-invoice.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_INVOICE_LINES_EDITOR (chorus_invoice_lines_editor_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoiceLinesEditor, chorus_invoice_lines_editor, CHORUS, INVOICE_LINES_EDITOR, GtkWidget)

/* Emits "changed" when a row is added from its buttons, removed, or typed in. Its actions:
 * "lines.add-vat-line" and "lines.add-line". */
GtkWidget *chorus_invoice_lines_editor_new             (void);
/* The platform's VAT rates (ChorusReferenceItem, recuperer/tauxtva): a rate is sent as its code,
 * and one the platform does not offer is a problem. Copied. */
void       chorus_invoice_lines_editor_set_vat_rates   (ChorusInvoiceLinesEditor *self,
                                                        GPtrArray                *vat_rates);
/* Appends a row filled with @line, or an empty one when NULL. */
void       chorus_invoice_lines_editor_add_vat_line    (ChorusInvoiceLinesEditor *self,
                                                        const ChorusVatLine      *line);
void       chorus_invoice_lines_editor_add_line        (ChorusInvoiceLinesEditor *self,
                                                        const ChorusInvoiceLine  *line);
/* Removes every row. */
void       chorus_invoice_lines_editor_clear           (ChorusInvoiceLinesEditor *self);
/* The rows as ChorusVatLine / ChorusInvoiceLine; text that does not read goes to @problems if given. */
GPtrArray *chorus_invoice_lines_editor_collect_vat_lines (ChorusInvoiceLinesEditor *self,
                                                          GPtrArray                *problems);
GPtrArray *chorus_invoice_lines_editor_collect_lines   (ChorusInvoiceLinesEditor *self,
                                                        GPtrArray                *problems);
/* The list that shows @field (CHORUS_DEPOSIT_FIELD_VAT_LINES or _LINES), to mark it when wrong. */
GtkWidget *chorus_invoice_lines_editor_get_list        (ChorusInvoiceLinesEditor *self,
                                                        ChorusDepositField        field);

G_END_DECLS
