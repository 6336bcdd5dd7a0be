/* chorus-sim-factures-download.c: factures/v1/telecharger/groupe: one PDF, a ZIP of them (with the
 * complementary attachments when asked), or the PIVOT XML, each invoice then marked downloaded;
 * a works piece's PDF comes the same way. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-factures-private.h"
#include "chorus-sim-zip.h"

#define MAX_DOWNLOAD_BYTES (120 * 1024 * 1024)

static void
mark_downloaded (SimCtx *ctx, const SimInvoice *inv)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();

  if (!sim_invoice_visible (ctx, inv, SIM_SIDE_RECIPIENT))
    return;
  sim_bind_int (binds, inv->id);
  sim_exec (ctx, "UPDATE invoices SET telechargee = 1 WHERE id = ?", binds);
}

static char *
pivot_xml (SimCtx *ctx, GPtrArray *invoices)
{
  GString *x = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CPPFactures>\n");

  for (guint k = 0; k < invoices->len; k++)
    {
      SimInvoice *inv = g_ptr_array_index (invoices, k);
      g_autoptr(GBytes) pdf = sim_invoice_pdf (ctx, inv);
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
      g_autofree char *numero = g_markup_escape_text (inv->numero, -1);

      g_string_append_printf (x, "  <CPPFacturePivotUnitaire>\n    <Id>%" G_GINT64_FORMAT "</Id>\n"
                                 "    <NumeroFacture>%s</NumeroFacture>\n    <Statut>%s</Statut>\n"
                                 "    <DateFacture>%s</DateFacture>\n    <MontantHT>%.2f</MontantHT>\n"
                                 "    <MontantTTC>%.2f</MontantTTC>\n"
                                 "    <PieceJointe nom=\"%s.pdf\" type=\"FACTURE\">%s</PieceJointe>\n"
                                 "  </CPPFacturePivotUnitaire>\n",
                              inv->id, numero, inv->statut, inv->date_facture, sim_cents_to_json (inv->ht),
                              sim_cents_to_json (inv->ttc), numero, b64);
    }
  g_string_append (x, "</CPPFactures>\n");
  return g_string_free (x, FALSE);
}

JsonObject *
sim_factures_telecharger_groupe (SimCtx *ctx, JsonObject *req, int variant)
{
  JsonArray *list = sim_req_array (ctx, req, "listeFacture");
  const char *format = sim_req_str (ctx, req, "format", NULL);
  const char *with_pj = sim_req_str (ctx, req, "avecPiecesJointesComplementaires", "Non");
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_invoice_free);
  g_autoptr(GBytes) result = NULL;
  g_autofree char *b64 = NULL;
  JsonObject *answer;
  gboolean attachments;

  if (ctx->error)
    return NULL;
  if (list == NULL || json_array_get_length (list) == 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "La liste des factures à télécharger est vide");
  if (format == NULL)
    return sim_fail_missing ("format");
  if (g_strcmp0 (format, "PDF") != 0 && g_strcmp0 (format, "PIVOT") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le format « %s » n'est pas reconnu (PDF ou PIVOT)", format);
  if (g_strcmp0 (with_pj, "Oui") != 0 && g_strcmp0 (with_pj, "Non") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "avecPiecesJointesComplementaires doit valoir « Oui » ou « Non »");
  attachments = g_strcmp0 (with_pj, "Oui") == 0;

  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonNode *e = json_array_get_element (list, k);
      gint64 id;
      SimInvoice *inv;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          sim_bad_request (ctx, "listeFacture doit contenir des objets {idFacture}");
          return NULL;
        }
      id = sim_req_int (ctx, json_node_get_object (e), "idFacture", 0);
      if (ctx->error)
        return NULL;
      inv = sim_invoice_load_visible (ctx, id, 0, TRUE);
      if (inv == NULL && json_array_get_length (list) == 1)
        {
          /* A works piece is a demande de paiement too: its PDF comes the same way. */
          g_autoptr(GBytes) works_pdf = sim_travaux_download (ctx, id);

          if (works_pdf != NULL)
            {
              b64 = g_base64_encode (g_bytes_get_data (works_pdf, NULL), g_bytes_get_size (works_pdf));
              answer = sim_ok ();
              json_object_set_string_member (answer, "fichierResultat", b64);
              return answer;
            }
        }
      if (inv == NULL)
        return sim_fail_invoice_unknown (id);
      g_ptr_array_add (invoices, inv);
    }
  /* Each drawn PDF is ~10–60 kB: the 120 MB cap is reached long before this in practice. */
  if (invoices->len > 2000)
    return sim_fail (SIM_CODE_DOWNLOAD_TOO_LARGE, "Le volume du téléchargement dépasse 120 Mo");

  if (g_strcmp0 (format, "PIVOT") == 0)
    {
      char *xml = pivot_xml (ctx, invoices);
      result = g_bytes_new_take (xml, strlen (xml));
    }
  else
    {
      g_autoptr(GPtrArray) pjs = NULL;
      gboolean single = invoices->len == 1;

      if (single)
        {
          pjs = sim_invoice_attachments (ctx, g_ptr_array_index (invoices, 0));
          single = !attachments || pjs->len == 1;
        }
      if (single)
        result = sim_invoice_pdf (ctx, g_ptr_array_index (invoices, 0));
      else
        {
          g_autoptr(SimZip) zip = sim_zip_new ();

          for (guint k = 0; k < invoices->len; k++)
            {
              SimInvoice *inv = g_ptr_array_index (invoices, k);
              g_autoptr(GBytes) pdf = sim_invoice_pdf (ctx, inv);
              /* An invoice number may hold "/": one path element per invoice all the same. */
              g_autofree char *numero = g_strdelimit (g_strdup (inv->numero), "/\\", '_');
              g_autofree char *folder = invoices->len > 1 ? g_strdup_printf ("%s/", numero) : g_strdup ("");
              g_autofree char *name = g_strdup_printf ("%s%s.pdf", folder, numero);

              sim_zip_add (zip, name, pdf);
              if (attachments)
                {
                  g_autoptr(GPtrArray) list_pj = sim_invoice_attachments (ctx, inv);

                  for (guint p = 1; p < list_pj->len; p++)
                    {
                      JsonObject *pj = g_ptr_array_index (list_pj, p);
                      g_autofree char *pj_name = NULL;
                      g_autofree char *pj_ext = NULL;
                      g_autoptr(GBytes) data = sim_attachment_data (ctx, json_object_get_int_member (pj, "pieceJointeId"),
                                                                    &pj_name, &pj_ext);
                      g_autofree char *path = NULL;

                      if (data == NULL)
                        continue;
                      /* The uploader named it: keep its last path element only. */
                      g_autofree char *base = g_path_get_basename (g_strdelimit (pj_name, "\\", '/'));

                      path = g_strdup_printf ("%s%s", folder, base);
                      sim_zip_add (zip, path, data);
                    }
                }
            }
          result = sim_zip_finish (zip);
        }
    }

  if (result == NULL || g_bytes_get_size (result) > MAX_DOWNLOAD_BYTES)
    return sim_fail (SIM_CODE_DOWNLOAD_TOO_LARGE, "Le volume du téléchargement dépasse 120 Mo");
  for (guint k = 0; k < invoices->len; k++)
    mark_downloaded (ctx, g_ptr_array_index (invoices, k));

  b64 = g_base64_encode (g_bytes_get_data (result, NULL), g_bytes_get_size (result));
  answer = sim_ok ();
  json_object_set_string_member (answer, "fichierResultat", b64);
  return answer;
}
