/* chorus-works-dossier-text.c: what a works billing file says to its reader: the next step and the payment clock. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "chorus-works-dossier-text.h"

/* "A15 – État d'acompte, A22 – …": the cadres @role may deposit after the piece. */
char *
chorus_works_next_cadres_text (const ChorusWorksPiece *piece,
                               ChorusRole              role)
{
  ChorusCadre next[CHORUS_CADRE_LAST];
  gsize n = chorus_works_next_cadres (piece->cadre, role, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next));
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s – %s", i > 0 ? ", " : "", chorus_cadre_short_code (next[i]),
                            chorus_works_type_label (chorus_works_cadre_type (next[i])));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
chorus_works_next_step_text (GPtrArray              *pieces,
                             const ChorusWorksPiece *shown)
{
  const ChorusWorksPiece *waiting = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; pieces != NULL && i < pieces->len; i++)
    if (chorus_works_piece_holder (g_ptr_array_index (pieces, i)) != CHORUS_ROLE_UNKNOWN)
      waiting = g_ptr_array_index (pieces, i);
  if (waiting == NULL && shown != NULL && chorus_status_works_standing (shown->status) == CHORUS_WORKS_STANDING_REFUSED &&
      !chorus_status_works_refused_for_routing (shown->status))
    /* A décompte général its receiver refused "pour autre motif": the amounts are right, the dispute goes on. */
    text = g_strdup_printf (_("%s for another reason, with no error in the amounts: the disputed amounts are settled "
                              "in the next piece of the billing file."), chorus_status_label (shown->status));
  else if (waiting == NULL && shown != NULL && chorus_status_works_refused_for_routing (shown->status))
    /* A refusal for a routing error ends the piece: its depositor sends it again, rightly addressed. */
    text = g_strdup_printf (_("Refused for a routing error: the %s deposits the piece again (“Deposit a Piece”) with the right parties."),
                            chorus_role_label (chorus_works_cadre_depositor (shown->cadre)));
  else if (waiting == NULL)
    text = g_strdup (_("Nothing waits in this billing file."));
  else
    {
      ChorusRole holder = chorus_works_piece_holder (waiting);
      g_autofree char *next = chorus_works_next_cadres_text (waiting, holder);
      ChorusWorksStanding standing = chorus_status_works_standing (waiting->status);

      if (standing == CHORUS_WORKS_STANDING_TO_COMPLETE)
        text = g_strdup_printf (_("Next step: the %s completes the piece %s."), chorus_role_label (holder),
                                waiting->number ? waiting->number : "");
      else if (standing == CHORUS_WORKS_STANDING_TO_RECYCLE)
        text = g_strdup_printf (_("Next step: the %s recycles the piece %s."), chorus_role_label (holder),
                                waiting->number ? waiting->number : "");
      else if (*next != '\0')
        text = g_strdup_printf (_("Next step: the %s takes the piece %s into account by depositing %s."),
                                chorus_role_label (holder), waiting->number ? waiting->number : "", next);
      else
        text = g_strdup_printf (_("Next step: the %s processes the piece %s."), chorus_role_label (holder),
                                waiting->number ? waiting->number : "");
    }
  return g_steal_pointer (&text);
}

/* CCAG: payment within 30 days of the payment request reaching the MOE. */
char *
chorus_works_clock_text (GPtrArray  *pieces,
                         const char *today,
                         gboolean   *late)
{
  g_autofree char *start = chorus_works_clock_start (pieces);
  g_autofree char *start_text = chorus_date_format (start);
  g_autofree char *due_text = NULL;
  g_autofree char *text = NULL;
  gboolean paid_stage = FALSE;
  GDate due;
  int days = chorus_works_clock_days (start, today);

  for (guint i = 0; i < pieces->len; i++)
    paid_stage |= chorus_works_cadre_receiver (((ChorusWorksPiece *) g_ptr_array_index (pieces, i))->cadre) ==
                  CHORUS_ROLE_DESTINATAIRE;
  *late = FALSE;
  if (days < 0)
    return NULL;
  /* Sent to the wrong party and refused: no payment time runs for this file. */
  if (pieces->len > 0 &&
      chorus_status_works_refused_for_routing (((ChorusWorksPiece *) g_ptr_array_index (pieces, pieces->len - 1))->status))
    return g_strdup (_("Refused for a routing error: no payment time runs for this billing file."));
  g_date_clear (&due, 1);
  {
    int y = 0, m = 0, d = 0;

    if (sscanf (start, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
      g_date_set_dmy (&due, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  }
  if (g_date_valid (&due))
    {
      char iso[16];

      g_date_add_days (&due, CHORUS_WORKS_PAYMENT_DAYS);
      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &due);
      due_text = chorus_date_format (iso);
    }
  if (paid_stage)
    text = g_strdup_printf (_("Payment request received by the project manager on %s; the piece to pay has reached the "
                              "financial service (payment due on %s)."), start_text, due_text ? due_text : "—");
  else if (days <= CHORUS_WORKS_PAYMENT_DAYS)
    text = g_strdup_printf (_("Payment time: day %d of %d since the payment request reached the project manager on %s "
                              "(due on %s)."), days, CHORUS_WORKS_PAYMENT_DAYS, start_text, due_text ? due_text : "—");
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Payment time exceeded by %d day: the payment request reached the "
                                         "project manager on %s (due on %s).",
                                         "Payment time exceeded by %d days: the payment request reached the "
                                         "project manager on %s (due on %s).", days - CHORUS_WORKS_PAYMENT_DAYS),
                            days - CHORUS_WORKS_PAYMENT_DAYS, start_text, due_text ? due_text : "—");
  *late = !paid_stage && days > CHORUS_WORKS_PAYMENT_DAYS;
  return g_steal_pointer (&text);
}
