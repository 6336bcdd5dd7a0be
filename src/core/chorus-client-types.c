/* chorus-client-types.c: constructors and destructors of the client's query and result records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-types.h"
#include "chorus-status.h"

void
chorus_invoice_query_init (ChorusInvoiceQuery *query)
{
  g_return_if_fail (query != NULL);

  memset (query, 0, sizeof *query);
  query->amount_ttc_min = -1;
  query->amount_ttc_max = -1;
}

ChorusInvoicePage *
chorus_invoice_page_new (void)
{
  ChorusInvoicePage *page = g_new0 (ChorusInvoicePage, 1);

  page->invoices = g_ptr_array_new_with_free_func (g_object_unref);
  page->unreadable = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_unreadable_item_free);
  return page;
}

void
chorus_invoice_page_free (ChorusInvoicePage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->invoices, g_ptr_array_unref);
  g_clear_pointer (&page->unreadable, g_ptr_array_unref);
  g_free (page);
}

ChorusPage *
chorus_page_new (GDestroyNotify item_free)
{
  ChorusPage *page = g_new0 (ChorusPage, 1);

  page->items = g_ptr_array_new_with_free_func (item_free);
  page->unreadable = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_unreadable_item_free);
  return page;
}

void
chorus_page_free (ChorusPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->unreadable, g_ptr_array_unref);
  g_free (page);
}

void
chorus_unreadable_item_free (ChorusUnreadableItem *item)
{
  if (item == NULL)
    return;
  g_free (item->operation);
  g_free (item->list);
  g_free (item->raw_json);
  g_free (item->reason);
  g_free (item->number);
  g_free (item);
}

void
chorus_history_free (ChorusHistory *history)
{
  if (history == NULL)
    return;
  g_free (history->invoice_number);
  g_free (history->current_status_code);
  g_clear_pointer (&history->events, g_ptr_array_unref);
  g_clear_pointer (&history->actions, g_ptr_array_unref);
  g_free (history);
}

void
chorus_action_result_free (ChorusActionResult *result)
{
  if (result == NULL)
    return;
  g_free (result->invoice_number);
  g_free (result->status_code);
  g_free (result->date);
  g_free (result->flow_number);
  g_free (result->certificate);
  g_free (result->libelle);
  g_clear_object (&result->read);
  g_free (result);
}

void
chorus_flow_error_free (ChorusFlowError *error)
{
  if (error == NULL)
    return;
  g_free (error->invoice_number);
  g_free (error->supplier_id);
  g_free (error->recipient_id);
  g_free (error->code);
  g_free (error->nature);
  g_free (error->message);
  g_free (error);
}

void
chorus_flow_report_free (ChorusFlowReport *report)
{
  if (report == NULL)
    return;
  g_free (report->state);
  g_free (report->deposit_date);
  g_free (report->state_date);
  g_free (report->file_name);
  g_free (report->interface_code);
  g_clear_pointer (&report->errors, g_ptr_array_unref);
  g_clear_pointer (&report->details, g_ptr_array_unref);
  g_free (report);
}

void
chorus_reference_item_free (ChorusReferenceItem *item)
{
  if (item == NULL)
    return;
  g_free (item->code);
  g_free (item->label);
  g_free (item);
}

ChorusReferenceItem *
chorus_reference_item_copy (const ChorusReferenceItem *item)
{
  ChorusReferenceItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (ChorusReferenceItem, 1);
  copy->code = g_strdup (item->code);
  copy->label = g_strdup (item->label);
  copy->value = item->value;
  return copy;
}

GPtrArray *
chorus_reference_items_copy (GPtrArray *items)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_reference_item_free);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (copy, chorus_reference_item_copy (g_ptr_array_index (items, i)));
  return copy;
}

static const struct {
  const char *api;
  const char *label;
} validation_actions[] = {
  [CHORUS_VALIDATION_VALIDATE] = { "VALIDATION", N_("Validate") },
  [CHORUS_VALIDATION_REFUSE] = { "REFUS", N_("Refuse") },
  [CHORUS_VALIDATION_PAYMENT] = { "MISE_EN_PAIEMENT", N_("Put into Payment") },
  [CHORUS_VALIDATION_RECYCLE] = { "MISE_EN_RECYCLAGE", N_("Send for Recycling") },
  [CHORUS_VALIDATION_SUSPEND] = { "SUSPENSION", N_("Suspend") },
  [CHORUS_VALIDATION_REJECT] = { "REJET", N_("Reject") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (validation_actions) == CHORUS_VALIDATION_LAST);

const char *
chorus_validation_action_to_api (ChorusValidationAction action)
{
  return (guint) action < CHORUS_VALIDATION_LAST ? validation_actions[action].api : NULL;
}

ChorusValidationAction
chorus_validation_action_from_api (const char *api)
{
  for (guint i = 0; api != NULL && i < CHORUS_VALIDATION_LAST; i++)
    if (g_str_equal (api, validation_actions[i].api))
      return (ChorusValidationAction) i;
  return CHORUS_VALIDATION_LAST;
}

const char *
chorus_validation_action_label (ChorusValidationAction action)
{
  return (guint) action < CHORUS_VALIDATION_LAST ? g_dgettext (GETTEXT_PACKAGE, validation_actions[action].label) : "";
}

ChorusStatus
chorus_validation_action_outcome (ChorusValidationAction action,
                                  int                    level)
{
  gboolean second = level == 2;

  switch (action)
    {
    case CHORUS_VALIDATION_VALIDATE:
      return second ? CHORUS_STATUS_VALIDEE_2 : CHORUS_STATUS_VALIDEE_1;
    case CHORUS_VALIDATION_REFUSE:
      return second ? CHORUS_STATUS_REFUSEE_2 : CHORUS_STATUS_REFUSEE_1;
    case CHORUS_VALIDATION_PAYMENT:
      return CHORUS_STATUS_MISE_EN_PAIEMENT;
    case CHORUS_VALIDATION_RECYCLE:
      return CHORUS_STATUS_A_RECYCLER;
    case CHORUS_VALIDATION_SUSPEND:
      return CHORUS_STATUS_SUSPENDUE;
    case CHORUS_VALIDATION_REJECT:
      return CHORUS_STATUS_REJETEE;
    case CHORUS_VALIDATION_LAST:
    default:
      return CHORUS_STATUS_UNKNOWN;
    }
}

