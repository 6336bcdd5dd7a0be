/* chorus-sim-factures-flux.c: flows: factures/v1/deposer/flux (a CII, UBL or Factur-X file read by
 * the simulator's own reader, each invoice integrated or refused with its reason) and the reports
 * of a flow, transverses/v1/consulterCR and consulterCRDetaille. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chorus-sim-factures-private.h"

#define MAX_FLUX_BYTES (120 * 1024 * 1024)

static void
add_flux_error (JsonArray *errors, const char *numero, const char *supplier, const char *recipient, const char *message)
{
  JsonObject *e = json_object_new ();

  sim_set_str (e, "numeroDP", numero);
  sim_set_str (e, "identifiantFournisseur", supplier);
  sim_set_str (e, "identifiantDestinataire", recipient);
  json_object_set_string_member (e, "libelleErreurDP", message);
  json_array_add_object_element (errors, e);
}

/* TVA1 … TVA5 for the rates the platform lists, MANUEL for any other. */
static const char *
rate_code (int bp)
{
  gsize n;
  const SimVatRate *rates = sim_vat_rates (&n);

  for (gsize k = 0; k < n; k++)
    if (rates[k].bp == bp)
      return rates[k].code;
  return "MANUEL";
}

/* The invoice's lines as the simulator keeps them. */
static GPtrArray *
flux_lines (const SimFacturxInvoice *doc)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);

  for (guint k = 0; k < doc->lines->len; k++)
    {
      const SimLine *read = g_ptr_array_index (doc->lines, k);
      SimLine *l = g_new0 (SimLine, 1);

      l->numero = read->numero > 0 ? read->numero : (int) k + 1;
      l->reference = g_strdup (read->reference);
      l->denomination = g_strdup (read->denomination ? read->denomination : "");
      l->quantite = read->quantite > 0 ? read->quantite : 1;
      l->unite = g_strdup (read->unite);
      l->pu_ht = read->pu_ht;
      l->taux_bp = read->taux_bp;
      l->taux_code = g_strdup (rate_code (l->taux_bp));
      g_ptr_array_add (lines, l);
    }
  return lines;
}

/* Integrates one invoice read from a flow; on refusal, appends why to @errors. */
static void
integrate_flux_invoice (SimCtx *ctx, const SimFacturxInvoice *doc, const char *numero_flux, gint64 main_pj_id,
                        JsonArray *errors)
{
  const char *numero = doc->number;
  const char *seller = doc->seller_id;
  const char *buyer = doc->buyer_id;
  g_autoptr(SimStructure) sup = seller ? sim_structure_find (ctx->ds, seller) : NULL;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gint64 ht = doc->tax_basis, ttc = doc->grand_total;
  gint64 tva = doc->has_tax_total ? doc->tax_total : ttc - ht;
  gint64 a_payer = doc->has_due_payable ? doc->due_payable : ttc;
  JsonObject *fail;

  if (!sim_invoice_number_valid (numero))
    {
      add_flux_error (errors, numero, seller, buyer, "Numéro de facture absent ou invalide (20 caractères au plus)");
      return;
    }
  if (sup == NULL || !sim_account_has (ctx, sup->id, "FOURNISSEUR"))
    {
      add_flux_error (errors, numero, seller, buyer, "Le fournisseur n'est pas une structure rattachée au compte déposant");
      return;
    }
  fail = sim_check_routing (ctx, buyer, doc->buyer_reference, doc->order_reference, &rec, &svc);
  if (fail)
    {
      add_flux_error (errors, numero, seller, buyer, json_object_get_string_member (fail, "libelle"));
      json_object_unref (fail);
      return;
    }
  if (doc->issue_date == NULL)
    {
      add_flux_error (errors, numero, seller, buyer, "Date de facture absente ou invalide");
      return;
    }
  if (!doc->has_tax_basis || !doc->has_grand_total)
    {
      add_flux_error (errors, numero, seller, buyer, "Montants totaux HT et TTC obligatoires");
      return;
    }
  if (llabs (ht + tva - ttc) > 1)
    {
      add_flux_error (errors, numero, seller, buyer, "Montants incohérents : HT + TVA ≠ TTC");
      return;
    }

  lines = flux_lines (doc);
  {
    SimNewInvoice n = {
      .id = sim_dataset_next_id (ctx->ds, "invoices"), .numero = numero, .supplier_id = sup->id,
      .rec = rec, .svc = svc, .type_facture = doc->credit_note ? "AVOIR" : "FACTURE",
      .type_tva = tva == 0 ? "EXONERATION" : "TVA_SUR_DEBIT", .cadre = "A1_FACTURE_FOURNISSEUR",
      .mode_depot = "UPLOAD_API", .date_facture = doc->issue_date, .devise = doc->currency ? doc->currency : "EUR",
      .numero_marche = doc->contract_reference, .numero_bc = doc->order_reference,
      .numero_origine = doc->preceding_invoice, .mode_paiement = doc->credit_note ? NULL : "VIREMENT",
      .numero_flux = numero_flux, .ht = ht, .tva = tva, .ttc = ttc, .a_payer = a_payer, .main_pj_id = main_pj_id,
      .lines = lines,
    };

    fail = sim_store_deposit (ctx, &n);
    if (fail)
      {
        add_flux_error (errors, numero, seller, buyer, json_object_get_string_member (fail, "libelle"));
        json_object_unref (fail);
      }
  }
}

/* Reads the flow as its syntax says and integrates what it holds; refusals go to @errors. */
static void
read_flux (SimCtx *ctx, GBytes *data, const char *name, const char *syntaxe, const char *numero, JsonArray *errors)
{
  g_autoptr(SimFacturxInvoice) doc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 main_pj_id = 0;

  if (g_strcmp0 (syntaxe, "IN_DP_E2_CPP_FACTURE_MIN") == 0 || g_strcmp0 (syntaxe, "IN_DP_E1_XCBL") == 0)
    {
      add_flux_error (errors, NULL, NULL, NULL, "Syntaxe non prise en charge par le simulateur (CPP_FACTURE_MIN, XCBL)");
      return;
    }
  if (g_strcmp0 (syntaxe, "IN_DP_E2_CII_FACTURX") == 0)
    {
      doc = sim_facturx_read_pdf (data, &error);
      if (doc != NULL)
        main_pj_id = sim_store_attachment (ctx, name, "PDF", "application/pdf", data, 0);
    }
  else
    doc = sim_facturx_read_xml (g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);

  if (doc == NULL)
    add_flux_error (errors, NULL, NULL, NULL, error->message);
  else if ((strstr (syntaxe, "UBL") != NULL) != doc->ubl)
    add_flux_error (errors, doc->number, NULL, NULL, "Le contenu du fichier ne correspond pas à la syntaxe déclarée");
  else
    integrate_flux_invoice (ctx, doc, numero, main_pj_id, errors);
}

JsonObject *
sim_factures_deposer_flux (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *b64 = sim_req_str (ctx, req, "fichierFlux", NULL);
  const char *name = sim_req_str (ctx, req, "nomFichier", NULL);
  const char *syntaxe = sim_req_str (ctx, req, "syntaxeFlux", NULL);
  gboolean signature = sim_req_bool (ctx, req, "avecSignature", FALSE);
  g_autoptr(GArray) suppliers = sim_dataset_attached (ctx->ds, "FOURNISSEUR");
  g_autoptr(GBytes) data = NULL;
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(JsonNode) errors_node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *errors_json = NULL;
  g_autofree char *numero = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree guchar *raw = NULL;
  gsize len = 0;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (b64 == NULL || name == NULL || syntaxe == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs fichierFlux, nomFichier et syntaxeFlux sont obligatoires");
  if (!sim_vocabulary_has (SIM_VOCAB_SYNTAXE_FLUX, syntaxe))
    return sim_fail (SIM_CODE_INVALID_VALUE, "syntaxeFlux « %s » inconnue", syntaxe);
  if (signature)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Les flux signés ne sont pas acceptés par l'API (avecSignature doit valoir false)");
  raw = g_base64_decode (b64, &len);
  if (len == 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier du flux est vide ou mal encodé en base64");
  if (len > MAX_FLUX_BYTES)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le flux dépasse 120 Mo");
  data = g_bytes_new_take (g_steal_pointer (&raw), len);

  numero = g_strdup_printf ("CPP%013" G_GINT64_FORMAT, 4200000001 + sim_count (ctx, "SELECT COUNT(*) FROM flux", NULL));
  read_flux (ctx, data, name, syntaxe, numero, errors);

  json_node_set_array (errors_node, errors);
  errors_json = json_to_string (errors_node, FALSE);
  sim_bind_text (binds, numero);
  sim_bind_text (binds, name);
  sim_bind_text (binds, syntaxe);
  sim_bind_text (binds, today);
  sim_bind_text (binds, now);
  sim_bind_text (binds, json_array_get_length (errors) ? "IN_REJETE" : "IN_INTEGRE");
  sim_bind_text (binds, errors_json);
  sim_bind_int (binds, suppliers->len ? g_array_index (suppliers, gint64, 0) : 0);
  sim_exec (ctx, "INSERT INTO flux (numero, nom_fichier, syntaxe, date_depot, date_etat, etat, erreurs_json, supplier_id)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", binds);

  /* Like the platform, the deposit itself succeeds; integration problems are in consulterCRDetaille. */
  answer = sim_ok ();
  json_object_set_string_member (answer, "numeroFluxDepot", numero);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "syntaxeFlux", syntaxe);
  return answer;
}

/* ---- reports ------------------------------------------------------------------------------------ */

/* consulterCR (@variant FALSE): the report as a file; consulterCRDetaille (TRUE): the state and
 * the refusal of each invoice. */
JsonObject *
sim_transverses_consulter_cr (SimCtx *ctx, JsonObject *req, int variant)
{
  gboolean detailed = variant;
  const char *numero = sim_req_str (ctx, req, "numeroFluxDepot", NULL);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autoptr(GArray) suppliers = sim_dataset_attached (ctx->ds, "FOURNISSEUR");
  g_autofree char *in = sim_in_list (suppliers);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  JsonObject *answer = NULL;

  if (ctx->error)
    return NULL;
  if (numero == NULL || *numero == '\0')
    return sim_fail_missing ("numeroFluxDepot");
  sim_bind_text (binds, numero);
  sql = g_strdup_printf ("SELECT numero, nom_fichier, syntaxe, date_depot, date_etat, etat, erreurs_json FROM flux"
                         " WHERE numero = ? AND supplier_id IN %s", in);
  stmt = sim_prepare (ctx, sql, binds);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *etat = (const char *) sqlite3_column_text (stmt, 5);
      const char *errors = (const char *) sqlite3_column_text (stmt, 6);

      answer = sim_ok ();
      if (detailed)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonArray *dp = NULL;

          json_object_set_string_member (answer, "etatCourantDepotFlux", etat);
          json_object_set_string_member (answer, "dateDepotFlux", (const char *) sqlite3_column_text (stmt, 3));
          json_object_set_string_member (answer, "dateHeureEtatCourantFlux", (const char *) sqlite3_column_text (stmt, 4));
          json_object_set_string_member (answer, "codeInterfaceDepotFlux", (const char *) sqlite3_column_text (stmt, 2));
          json_object_set_string_member (answer, "nomFichier", (const char *) sqlite3_column_text (stmt, 1));
          if (errors && json_parser_load_from_data (parser, errors, -1, NULL) &&
              JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
            dp = json_array_ref (json_node_get_array (json_parser_get_root (parser)));
          json_object_set_array_member (answer, "listeErreurDP", dp ? dp : json_array_new ());
          json_object_set_array_member (answer, "listeErreurTechnique", json_array_new ());
        }
      else
        {
          g_autofree char *cr = g_strdup_printf ("Compte rendu du flux %s : %s\n", numero, etat);
          g_autofree char *b64 = g_base64_encode ((const guchar *) cr, strlen (cr));

          json_object_set_string_member (answer, "numeroFluxDepot", numero);
          json_object_set_string_member (answer, "nomFichierFlux", (const char *) sqlite3_column_text (stmt, 1));
          json_object_set_string_member (answer, "dateDepotFlux", (const char *) sqlite3_column_text (stmt, 3));
          json_object_set_string_member (answer, "etatCourantFlux", etat);
          json_object_set_string_member (answer, "dateHeureEtatCourantFlux", (const char *) sqlite3_column_text (stmt, 4));
          json_object_set_string_member (answer, "codeInterfaceFlux", (const char *) sqlite3_column_text (stmt, 2));
          json_object_set_string_member (answer, "codeAppliPartenaire", "CHORUS_DESK");
          json_object_set_string_member (answer, "designationPartenaire", "Chorus Desk");
          json_object_set_string_member (answer, "fichierCR", b64);
        }
    }
  sqlite3_finalize (stmt);
  return answer ? answer : sim_fail (SIM_CODE_NOT_FOUND, "Le flux %s n'existe pas ou n'est pas accessible", numero);
}
