/* chorus-api-labels.c: the words users read for the flow, request-type, format and syntax codes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-api-labels.h"
#include "chorus-types.h"

typedef struct {
  const char *code;
  const char *context;   /* for words whose French agrees with what they describe */
  const char *label;
} CodeLabel;

static const char *
lookup (const CodeLabel *table, gsize n, const char *code, const char *strip_prefix)
{
  if (code == NULL || *code == '\0')
    return "";
  for (gsize i = 0; i < n; i++)
    if (strcmp (table[i].code, code) == 0)
      return table[i].context != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, table[i].context, table[i].label)
                                      : _(table[i].label);
  if (strip_prefix != NULL && g_str_has_prefix (code, strip_prefix) && code[strlen (strip_prefix)] != '\0')
    code += strlen (strip_prefix);
  return chorus_code_readable (code);
}

/* The confirmed final states (OCA's cron); the intermediate IN_* ones are shown without IN_. */
static const CodeLabel flow_states[] = {
  { "IN_INTEGRE", "flow state", NC_("flow state", "Integrated") },
  { "IN_INTEGRE_PARTIEL", "flow state", NC_("flow state", "Partly integrated") },
  { "IN_REJETE", "flow state", NC_("flow state", "Rejected") },
};

const char *
chorus_flow_state_label (const char *code)
{
  return lookup (flow_states, G_N_ELEMENTS (flow_states), code, "IN_");
}

gboolean
chorus_flow_state_is_rejected (const char *code)
{
  return g_strcmp0 (code, "IN_REJETE") == 0;
}

gboolean
chorus_flow_state_is_integrated (const char *code)
{
  return g_strcmp0 (code, "IN_INTEGRE") == 0 || g_strcmp0 (code, "IN_INTEGRE_PARTIEL") == 0;
}

static const CodeLabel request_types[] = {
  { "FACTURE", NULL, N_("Invoice") },
  { "FACTURE_TRAVAUX", NULL, N_("Works invoice") },
  { "MEMOIRE_JUSTICE", NULL, N_("Legal costs statement") },
};

const char *
chorus_request_type_label (const char *code)
{
  return lookup (request_types, G_N_ELEMENTS (request_types), code, NULL);
}

static const CodeLabel deposit_formats[] = {
  { "PDF_NON_SIGNE", NULL, N_("Unsigned PDF") },
  { "PDF_SIGNE_PADES", NULL, N_("PDF signed (PAdES)") },
  { "PDF_SIGNE_XADES", NULL, N_("PDF signed (XAdES)") },
};

const char *
chorus_deposit_format_label (const char *code)
{
  return lookup (deposit_formats, G_N_ELEMENTS (deposit_formats), code, NULL);
}

/* In the order offered: Factur-X first, the format most suppliers' software writes. */
static const CodeLabel flow_syntaxes[] = {
  { "IN_DP_E2_CII_FACTURX", NULL, N_("Factur-X (PDF with CII XML)") },
  { "IN_DP_E1_UBL_INVOICE", NULL, N_("UBL 2.1 invoice (XML)") },
  { "IN_DP_E1_CII_16B", NULL, N_("CII D16B invoice (XML)") },
  { "IN_DP_E1_CII", NULL, N_("UN/CEFACT CII invoice (XML)") },
  { "IN_DP_E1_XCBL", NULL, N_("xCBL invoice (XML)") },
  { "IN_DP_E2_UBL_INVOICE_MIN", NULL, N_("UBL invoice, minimal data, with its PDF") },
  { "IN_DP_E2_CII_MIN_16B", NULL, N_("CII D16B invoice, minimal data, with its PDF") },
  { "IN_DP_E2_CII_MIN", NULL, N_("CII invoice, minimal data, with its PDF") },
  { "IN_DP_E2_CPP_FACTURE_MIN", NULL, N_("Chorus Pro minimal invoice, with its PDF") },
  { "IN_DP_E3_UBL_INVOICE", NULL, N_("UBL invoice with its attachments") },
};

const char *
chorus_flow_syntax_label (const char *code)
{
  return lookup (flow_syntaxes, G_N_ELEMENTS (flow_syntaxes), code, "IN_DP_");
}

const char *const *
chorus_flow_syntaxes (void)
{
  static const char *codes[G_N_ELEMENTS (flow_syntaxes) + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (flow_syntaxes); i++)
        codes[i] = flow_syntaxes[i].code;
      g_once_init_leave (&initialized, 1);
    }
  return codes;
}
