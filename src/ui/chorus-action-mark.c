/* chorus-action-mark.c: the outbox state of an invoice's last action, in words and signs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-format.h"
#include "chorus-status.h"
#include "chorus-store-validation.h"

char *
chorus_action_mark_format_time (const char *iso)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *local_text = NULL;

  if (iso == NULL || *iso == '\0')
    return NULL;
  /* Chorus Pro's times carry no zone (French local time); the outbox's are UTC with a Z. */
  parsed = g_date_time_new_from_iso8601 (iso, local);
  if (parsed == NULL)
    return chorus_format_datetime (iso);
  shown = g_date_time_to_local (parsed);
  local_text = g_date_time_format (shown, "%Y-%m-%dT%H:%M:%S");
  return chorus_format_datetime (local_text);
}

const char *
chorus_action_mark_label (ChorusStatus target)
{
  switch (target)
    {
    case CHORUS_STATUS_SERVICE_FAIT:
      return _("Service rendered");
    case CHORUS_STATUS_REJETEE:
      return _("Rejection");
    case CHORUS_STATUS_SUSPENDUE:
      return _("Suspension");
    case CHORUS_STATUS_A_RECYCLER:
      return _("Sent back for recycling");
    case CHORUS_STATUS_MANDATEE:
      return _("Mandate");
    case CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE:
      return _("Made available to the accountant");
    case CHORUS_STATUS_COMPTABILISEE:
      return _("Booking");
    case CHORUS_STATUS_MISE_EN_PAIEMENT:
      return _("Payment issued");
    case CHORUS_STATUS_MISE_A_DISPOSITION:
      return _("Service rendered cancelled");
    default:
      return chorus_status_label (target);
    }
}

const char *
chorus_action_mark_describe (const ChorusAction *action)
{
  g_return_val_if_fail (action != NULL, "");

  /* A decision's target is where the platform put the invoice (A_VALIDER_2 after a first-level
   * validation): the decision itself says what the user did. */
  switch (chorus_action_get_validation (action))
    {
    case CHORUS_VALIDATION_VALIDATE:
      return _("Validation");
    case CHORUS_VALIDATION_REFUSE:
      return _("Refusal");
    case CHORUS_VALIDATION_PAYMENT:
      return chorus_action_mark_label (CHORUS_STATUS_MISE_EN_PAIEMENT);
    case CHORUS_VALIDATION_RECYCLE:
      return chorus_action_mark_label (CHORUS_STATUS_A_RECYCLER);
    case CHORUS_VALIDATION_SUSPEND:
      return chorus_action_mark_label (CHORUS_STATUS_SUSPENDUE);
    case CHORUS_VALIDATION_REJECT:
      return chorus_action_mark_label (CHORUS_STATUS_REJETEE);
    case CHORUS_VALIDATION_LAST:
    default:
      return chorus_action_mark_label (action->target);
    }
}

ChorusActionMark
chorus_action_mark_for (ChorusInvoice       *invoice,
                        const ChorusAction  *action,
                        char               **tooltip)
{
  ChorusActionMark mark = CHORUS_ACTION_MARK_NONE;
  g_autofree char *when = NULL;
  ChorusStatus status;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), CHORUS_ACTION_MARK_NONE);

  if (tooltip != NULL)
    *tooltip = NULL;
  if (action == NULL || !chorus_action_is_status_change (action))
    return CHORUS_ACTION_MARK_NONE;
  status = chorus_invoice_get_status (invoice);

  switch (action->state)
    {
    case CHORUS_ACTION_PENDING:
      mark = chorus_action_is_held (action, g_get_real_time ()) ? CHORUS_ACTION_MARK_HELD : CHORUS_ACTION_MARK_PENDING;
      break;
    case CHORUS_ACTION_SENDING:
      mark = CHORUS_ACTION_MARK_PENDING;
      break;
    case CHORUS_ACTION_DONE:
      /* Only while the invoice is where the user put it: a later change makes the mark moot. */
      if (status == action->target)
        mark = CHORUS_ACTION_MARK_SENT;
      break;
    case CHORUS_ACTION_FAILED:
      /* Until the invoice gets where the user wanted (or a newer action replaces this one): a
       * refusal usually means the invoice moved on elsewhere, and the user must still see that
       * what they asked did not happen, and why. */
      if (status != action->target)
        mark = CHORUS_ACTION_MARK_REFUSED;
      break;
    default:
      break;
    }
  if (tooltip == NULL || mark == CHORUS_ACTION_MARK_NONE)
    return mark;

  when = chorus_action_mark_format_time (mark == CHORUS_ACTION_MARK_SENT || mark == CHORUS_ACTION_MARK_REFUSED
                                         ? action->finished_at : action->created_at);
  switch (mark)
    {
    case CHORUS_ACTION_MARK_HELD:
      *tooltip = g_strdup_printf (_("“%s”, asked on %s: still possible to undo, then sent to Chorus Pro"),
                                  chorus_action_mark_describe (action), when ? when : "");
      break;
    case CHORUS_ACTION_MARK_PENDING:
      *tooltip = g_strdup_printf (_("“%s”, asked on %s: waiting to be sent to Chorus Pro"),
                                  chorus_action_mark_describe (action), when ? when : "");
      break;
    case CHORUS_ACTION_MARK_SENT:
      *tooltip = g_strdup_printf (_("“%s” received by Chorus Pro on %s"),
                                  chorus_action_mark_describe (action), when ? when : "");
      break;
    case CHORUS_ACTION_MARK_REFUSED:
      *tooltip = g_strdup_printf (_("“%s” refused by Chorus Pro on %s: %s"),
                                  chorus_action_mark_describe (action), when ? when : "",
                                  action->message ? action->message : _("no reason given"));
      break;
    case CHORUS_ACTION_MARK_NONE:
    default:
      break;
    }
  return mark;
}

const char *
chorus_action_mark_symbol (ChorusActionMark mark)
{
  switch (mark)
    {
    case CHORUS_ACTION_MARK_HELD:
      return "⏱";
    case CHORUS_ACTION_MARK_PENDING:
      return "⇡";
    case CHORUS_ACTION_MARK_SENT:
      return "✓";
    case CHORUS_ACTION_MARK_REFUSED:
      return "⚠";
    case CHORUS_ACTION_MARK_NONE:
    default:
      return "";
    }
}

const char *
chorus_action_mark_css_class (ChorusActionMark mark)
{
  switch (mark)
    {
    case CHORUS_ACTION_MARK_HELD:
      return "held";
    case CHORUS_ACTION_MARK_PENDING:
      return "pending";
    case CHORUS_ACTION_MARK_SENT:
      return "sent";
    case CHORUS_ACTION_MARK_REFUSED:
      return "failed";
    case CHORUS_ACTION_MARK_NONE:
    default:
      return NULL;
    }
}
