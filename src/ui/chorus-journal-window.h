/* chorus-journal-window.h: the "Exchanges Journal" window: every exchange with Chorus Pro, for the user and the support. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-journal.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_JOURNAL_WINDOW (chorus_journal_window_get_type ())
G_DECLARE_FINAL_TYPE (ChorusJournalWindow, chorus_journal_window, CHORUS, JOURNAL_WINDOW, AdwWindow)

/* @environment is how the support reads the connection (e.g. "Qualification (sandbox)"). */
GtkWidget *chorus_journal_window_new           (GtkWindow           *parent,
                                                ChorusJournal       *journal,
                                                const char          *environment);
/* The Chorus Pro portal, where a sollicitation is entered (production's by default). */
#define CHORUS_PORTAL_URL               "https://portail.chorus-pro.gouv.fr/"
#define CHORUS_PORTAL_QUALIFICATION_URL "https://portail.qualif.chorus-pro.gouv.fr/"
void       chorus_journal_window_set_portal_url (ChorusJournalWindow *self,
                                                 const char          *url);
/* What "Copy for the Support" puts on the clipboard: the selected exchanges, or the listed ones. */
char      *chorus_journal_window_support_text  (ChorusJournalWindow *self);

G_END_DECLS
