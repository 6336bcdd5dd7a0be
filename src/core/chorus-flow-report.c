/* chorus-flow-report.c: explains a flux report: one entry per refused invoice or file error, with what to fix. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-flow-report.h"

void
chorus_flow_advice_free (ChorusFlowAdvice *advice)
{
  if (advice == NULL)
    return;
  g_free (advice->title);
  g_free (advice->detail);
  g_free (advice->advice);
  g_free (advice);
}

/* Only these three final states are confirmed (OCA's cron); anything else is still in progress. */
gboolean
chorus_flow_report_is_final (const ChorusFlowReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);
  return g_strcmp0 (report->state, "IN_INTEGRE") == 0 || g_strcmp0 (report->state, "IN_INTEGRE_PARTIEL") == 0 ||
         g_strcmp0 (report->state, "IN_REJETE") == 0;
}

gboolean
chorus_flow_report_has_errors (const ChorusFlowReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);
  return (report->details != NULL && report->details->len > 0) || g_strcmp0 (report->state, "IN_REJETE") == 0;
}

char *
chorus_flow_report_summary (const ChorusFlowReport *report)
{
  guint n_errors;

  g_return_val_if_fail (report != NULL, NULL);

  n_errors = report->details != NULL ? report->details->len : 0;
  if (g_strcmp0 (report->state, "IN_INTEGRE") == 0)
    return g_strdup (_("The flux was integrated: its invoices are in Chorus Pro and on their way to their recipients."));
  if (g_strcmp0 (report->state, "IN_INTEGRE_PARTIEL") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The flux was partly integrated: %u error below, the other invoices are in Chorus Pro.",
                                         "The flux was partly integrated: %u errors below, the other invoices are in Chorus Pro.",
                                         n_errors), n_errors);
  if (g_strcmp0 (report->state, "IN_REJETE") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The flux was rejected: no invoice of it was created. Correct the error below and deposit it again.",
                                         "The flux was rejected: no invoice of it was created. Correct the %u errors below and deposit it again.",
                                         n_errors), n_errors);
  /* The intermediate IN_ states are not documented: say it is in progress, and show the code. */
  return g_strdup_printf (_("Chorus Pro is still processing the flux (%s). Look at its report again in a few minutes."),
                          report->state != NULL ? report->state : "—");
}

/* Case-insensitive search for any of @words in @message. */
static gboolean
mentions (const char *message, const char * const *words)
{
  g_autofree char *folded = message != NULL ? g_utf8_casefold (message, -1) : NULL;

  for (guint i = 0; folded != NULL && words[i] != NULL; i++)
    if (strstr (folded, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* What to do about a refused invoice, from what the platform's message is about. The fields are
 * named as in Factur-X/UBL, where a flux carries them (EN 16931 business terms). */
static const char *
invoice_advice (const char *message)
{
  static const char *const service[] = { "service", NULL };
  static const char *const engagement[] = { "engagement", "bon de commande", "commande", NULL };
  static const char *const recipient[] = { "destinataire", "acheteur", "inactif", "introuvable", NULL };
  static const char *const supplier[] = { "fournisseur", "rattach", "vendeur", NULL };
  static const char *const number[] = { "numéro", "numero", "existe déjà", "doublon", NULL };
  static const char *const amounts[] = { "montant", "total", " ht", "ttc", "tva", NULL };
  static const char *const date[] = { "date", NULL };
  static const char *const syntax[] = { "syntaxe", "format", "xml", NULL };

  if (mentions (message, syntax))
    return _("Choose the flux format that matches the file (Factur-X PDF, UBL or CII XML) and deposit it again.");
  if (mentions (message, service))
    return _("Put the service code the recipient expects in the invoice's buyer reference (BT-10), then deposit it again.");
  if (mentions (message, engagement))
    return _("Put the engagement number (the recipient's purchase order) in the invoice's order reference (BT-13), then deposit it again.");
  if (mentions (message, supplier))
    return _("The seller's SIRET must be a supplier structure this account is attached to: check it in the invoice (BT-30) or attach the account to that structure on the portal.");
  if (mentions (message, recipient))
    return _("Check the recipient's SIRET in the invoice (buyer's legal identifier, BT-47) against the Chorus Pro directory: the structure must exist and be active.");
  if (mentions (message, number))
    return _("Give the invoice a number of its own: at most 20 characters (letters, digits and - _ / +), never used for another of your invoices.");
  if (mentions (message, amounts))
    return _("Check the totals: excluding VAT plus VAT must make the total including VAT, and the amount due cannot exceed it.");
  if (mentions (message, date))
    return _("Give the invoice a real issue date, no later than the day of the deposit.");
  return _("Correct this invoice in your invoicing software, then deposit it again: a refused invoice is not created in Chorus Pro.");
}

GPtrArray *
chorus_flow_report_explain (const ChorusFlowReport *report)
{
  GPtrArray *list;

  g_return_val_if_fail (report != NULL, NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_flow_advice_free);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; report->details != NULL && i < report->details->len; i++)
      {
        const ChorusFlowError *error = g_ptr_array_index (report->details, i);
        ChorusFlowAdvice *advice;
        g_autoptr(GString) detail = NULL;

        if (error->technical != (pass == 1))
          continue;
        advice = g_new0 (ChorusFlowAdvice, 1);
        detail = g_string_new (error->message != NULL && *error->message != '\0' ? error->message
                                                                                  : _("No explanation was given."));
        if (!error->technical)
          {
            advice->title = error->invoice_number != NULL && *error->invoice_number != '\0'
                            ? g_strdup_printf (_("Invoice %s refused"), error->invoice_number)
                            : g_strdup (_("An invoice of the flux was refused"));
            if (error->recipient_id != NULL && *error->recipient_id != '\0')
              g_string_append_printf (detail, " — %s", error->recipient_id);
            advice->advice = g_strdup (invoice_advice (error->message));
          }
        else
          {
            advice->title = error->code != NULL && *error->code != '\0'
                            ? g_strdup_printf (_("The file could not be processed (error %s)"), error->code)
                            : g_strdup (_("The file could not be processed"));
            if (error->nature != NULL && *error->nature != '\0')
              g_string_append_printf (detail, " (%s)", error->nature);
            advice->advice = g_strdup (_("Check that the file is a complete invoice in the format chosen for the deposit, not damaged or cut, then deposit it again."));
          }
        advice->detail = g_string_free (g_steal_pointer (&detail), FALSE);
        g_ptr_array_add (list, advice);
      }
  return list;
}
