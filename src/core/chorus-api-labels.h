/* chorus-api-labels.h: French labels of the API codes kept as strings: flow states, payment
 * request types, PDF deposit formats, flow syntaxes. A code not listed is shown readably. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* etatCourantDepotFlux: IN_INTEGRE, IN_INTEGRE_PARTIEL, IN_REJETE; any other IN_* code without
 * its prefix ("IN_EN_ATTENTE" -> "En attente"). NULL/empty -> "". */
const char *chorus_flow_state_label     (const char *code);
/* Whether a flow state is final and bad (IN_REJETE), final and good (IN_INTEGRE*), or neither. */
gboolean    chorus_flow_state_is_rejected  (const char *code);
gboolean    chorus_flow_state_is_integrated (const char *code);
/* typeDemandePaiement: FACTURE, FACTURE_TRAVAUX… */
const char *chorus_request_type_label   (const char *code);
/* formatDepot of deposer/pdf: PDF_NON_SIGNE, PDF_SIGNE_PADES, PDF_SIGNE_XADES. */
const char *chorus_deposit_format_label (const char *code);
/* syntaxeFlux of deposer/flux (§0.5), e.g. IN_DP_E2_CII_FACTURX -> "Factur-X (PDF avec XML CII)". */
const char *chorus_flow_syntax_label    (const char *code);
/* The syntaxes a deposit may use, NULL-terminated, in the order they are offered. */
const char *const *chorus_flow_syntaxes (void);

G_END_DECLS
