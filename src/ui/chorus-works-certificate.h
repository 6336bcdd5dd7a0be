/* chorus-works-certificate.h: a works deposit's certificate: found in the outbox, saved as PDF where the user says. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-file-choice.h"
#include "chorus-store.h"
#include "chorus-works-deposit.h"

G_BEGIN_DECLS

/* The outbox's deposit of @piece_id with what Chorus Pro answered (number, date, certificate),
 * when this app deposited it; NULL otherwise. */
ChorusAction *chorus_works_certificate_find    (ChorusStore             *store,
                                                gint64                   piece_id);
/* Writes the certificate of the deposit @action found above to @path. */
gboolean      chorus_works_certificate_write   (const ChorusAction      *action,
                                                const char              *path,
                                                GError                 **error);
/* The same for a deposit the caller holds with the answer's fields. */
gboolean      chorus_works_certificate_write_deposit (const ChorusWorksDeposit *deposit,
                                                const char              *number,
                                                const char              *date,
                                                const char              *certificate,
                                                const char              *path,
                                                GError                 **error);
/* Asks where to save the certificate of the piece @number; @chosen writes it there and says how it
 * went with chorus_works_certificate_report(). */
void          chorus_works_certificate_save_as (GtkWidget               *owner,
                                                const char              *number,
                                                ChorusFileChosenFunc     chosen);
/* "Certificate saved", or why not, as a toast over @owner. */
void          chorus_works_certificate_report  (GtkWidget               *owner,
                                                const GError            *error);

G_END_DECLS
