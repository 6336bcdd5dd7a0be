/* chorus-format.h: values as French users read them: amounts, dates, labels for the API's codes
 * (deposit and payment modes, units, VAT rates), grouped SIRET and SIREN, dates with times,
 * certificate fingerprints; and back, the amounts, dates and text people write. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Dépôt PDF par API" for DEPOT_PDF_API; a readable form of codes this version does not know
 * ("Nouveau mode" for NOUVEAU_MODE); NULL stays NULL. */
const char *chorus_format_deposit_mode  (const char *code);
/* "Virement" for VIREMENT, and so on; same fallback. */
const char *chorus_format_payment_mode  (const char *code);
/* "20 sessions", "2,5 heures", "12 kg": the quantity with its unit in words, French decimal comma.
 * Unknown unit codes are kept, in lower case. */
char       *chorus_format_quantity      (double      quantity,
                                         const char *unit);
/* "20 %", "5,5 %"; "0 % (franchise en base)" for the franchise code TVA1. */
char       *chorus_format_vat_rate      (const char *code,
                                         double      rate);
/* "879 294 438 52252" for a SIRET, "879 294 438" for a SIREN (spaces and dots in the input are
 * ignored); anything else as given. */
char       *chorus_format_siret         (const char *identifier);
/* "06/12/2026 04:24" from "2026-12-06T04:24:00", "2026-12-06 04:24" or with seconds, fractions and
 * an offset; "06/12/2026" from a date alone; text that is no date is returned as given. */
char       *chorus_format_datetime      (const char *text);
/* A deposit certificate's fingerprint (empreinteCertificatDepot, base64) as groups of four
 * hexadecimal characters, "5714 9656 C71B …"; text that is not base64 is returned as given. */
char       *chorus_format_certificate   (const char *fingerprint);
/* Digits of @text without the spaces and dots people type in a SIRET ("879 294 438 52252" ->
 * "87929443852252"), or NULL when @text is not only digits, spaces and dots. */
char       *chorus_format_digits_only   (const char *text);
/* "3 781": French grouping with a narrow no-break space, as the status tabs show counts. */
char       *chorus_format_count         (guint       n);
/* A day written "2026-01-31" or "20260131" (UN/CEFACT format 102), years 1900 to 2999; FALSE (and
 * @date cleared) for anything else, a day that does not exist included. */
gboolean    chorus_format_read_date     (const char *text,
                                         GDate      *date);
/* Whether two names, codes or references people typed are the same once trimmed and case-folded. */
gboolean    chorus_format_same_text     (const char *a,
                                         const char *b);

/* Money is kept in cents (int64) everywhere but on the wire. */
gint64             chorus_amount_from_double        (double             value);
double             chorus_amount_to_double          (gint64             cents);
/* "1 234,56 €": French grouping and decimal comma, independent of the process locale. */
char              *chorus_amount_format             (gint64             cents,
                                                     const char        *currency);
/* "23/11/2026" from "2026-11-23"; NULL stays NULL. */
char              *chorus_date_format               (const char        *iso_date);
gboolean           chorus_siret_is_valid            (const char        *siret);
/* Reads "1 234,56", "1234.5", "-12 €" into cents; FALSE on anything else. */
gboolean           chorus_amount_parse              (const char        *text,
                                                     gint64            *cents);
/* "2026-11-23" from "23/11/2026" (or from an ISO date); NULL when not a real date. */
char              *chorus_date_parse                (const char        *text);

G_END_DECLS
