/* chorus-sim-factures-flux.c: flows: factures/v1/deposer/flux (a CII, UBL or Factur-X file, each
 * invoice integrated or refused with its reason) and the reports
 * of a flow, transverses/v1/consulterCR and consulterCRDetaille. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chorus-facturx.h"
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

/* A problem with the file itself, not with one of its invoices (listeErreurTechnique). */
static void
add_flux_technical_error (JsonArray *errors, const char *code, const char *message)
{
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "codeErreur", code);
  json_object_set_string_member (e, "libelleErreur", message);
  json_object_set_string_member (e, "natureErreur", "BLOQUANTE");
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
flux_lines (ChorusFacturxDocument *doc)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  GPtrArray *doc_lines = chorus_facturx_document_get_lines (doc);

  for (guint k = 0; doc_lines && k < doc_lines->len; k++)
    {
      ChorusInvoiceLine *dl = g_ptr_array_index (doc_lines, k);
      SimLine *l = g_new0 (SimLine, 1);

      l->numero = dl->number > 0 ? dl->number : (int) k + 1;
      l->reference = g_strdup (dl->reference);
      l->denomination = g_strdup (dl->label ? dl->label : "");
      l->quantite = dl->quantity > 0 ? dl->quantity : 1;
      l->unite = g_strdup (dl->unit);
      l->pu_ht = dl->unit_price_ht;
      l->remise_ht = dl->discount_ht;
      l->taux_bp = (int) (dl->vat_rate * 100 + 0.5);
      l->taux_code = g_strdup (rate_code (l->taux_bp));
      g_ptr_array_add (lines, l);
    }
  return lines;
}

/* Integrates one invoice read from a flow; on refusal, appends why to @errors. */
static void
integrate_flux_invoice (SimCtx *ctx, ChorusFacturxDocument *doc, const char *numero_flux, gint64 main_pj_id,
                        JsonArray *errors)
{
  const char *numero = chorus_facturx_document_get_number (doc);
  const char *seller = chorus_facturx_document_get_seller_siret (doc);
  const char *buyer = chorus_facturx_document_get_buyer_siret (doc);
  const char *date = chorus_facturx_document_get_issue_date (doc);
  g_autoptr(SimStructure) sup = seller ? sim_structure_find (ctx->ds, seller) : NULL;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gint64 ht = 0, tva = 0, ttc = 0, a_payer = 0;
  JsonObject *fail;
  gboolean credit_note = chorus_facturx_document_get_invoice_type (doc) == CHORUS_INVOICE_TYPE_AVOIR;
  const char *currency = chorus_facturx_document_get_currency (doc);

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
  fail = sim_check_routing (ctx, buyer, chorus_facturx_document_get_buyer_reference (doc),
                            chorus_facturx_document_get_order_reference (doc), &rec, &svc);
  if (fail)
    {
      add_flux_error (errors, numero, seller, buyer, json_object_get_string_member (fail, "libelle"));
      json_object_unref (fail);
      return;
    }
  if (!sim_is_date (date))
    {
      add_flux_error (errors, numero, seller, buyer, "Date de facture absente ou invalide");
      return;
    }
  if (!chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_TAX_BASIS, &ht) ||
      !chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, &ttc))
    {
      add_flux_error (errors, numero, seller, buyer, "Montants totaux HT et TTC obligatoires");
      return;
    }
  if (!chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, &tva))
    tva = ttc - ht;
  if (!chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, &a_payer))
    a_payer = ttc;
  if (llabs (ht + tva - ttc) > 1)
    {
      add_flux_error (errors, numero, seller, buyer, "Montants incohérents : HT + TVA ≠ TTC");
      return;
    }

  lines = flux_lines (doc);
  {
    SimNewInvoice n = {
      .id = sim_dataset_next_id (ctx->ds, "invoices"), .numero = numero, .supplier_id = sup->id,
      .rec = rec, .svc = svc, .type_facture = credit_note ? "AVOIR" : "FACTURE",
      .type_tva = tva == 0 ? "EXONERATION" : "TVA_SUR_DEBIT", .cadre = "A1_FACTURE_FOURNISSEUR",
      .mode_depot = "UPLOAD_API", .date_facture = date, .devise = currency ? currency : "EUR",
      .numero_marche = chorus_facturx_document_get_contract_reference (doc),
      .numero_bc = chorus_facturx_document_get_order_reference (doc),
      .numero_origine = chorus_facturx_document_get_preceding_invoice (doc),
      .mode_paiement = credit_note ? NULL : "VIREMENT", .numero_flux = numero_flux,
      .ht = ht, .tva = tva, .ttc = ttc, .a_payer = a_payer, .main_pj_id = main_pj_id, .lines = lines,
    };

    fail = sim_store_deposit (ctx, &n);
    if (fail)
      {
        add_flux_error (errors, numero, seller, buyer, json_object_get_string_member (fail, "libelle"));
        json_object_unref (fail);
      }
  }
}

/* Reads the flow as its syntax says and integrates what it holds. What keeps the whole file from
 * being read goes to @technical; what is wrong with one invoice in it, to @errors. */
static void
read_flux (SimCtx *ctx, GBytes *data, const char *name, const char *syntaxe, const char *numero, JsonArray *errors,
           JsonArray *technical)
{
  g_autoptr(ChorusFacturxDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 main_pj_id = 0;

  if (g_strcmp0 (syntaxe, "IN_DP_E2_CPP_FACTURE_MIN") == 0 || g_strcmp0 (syntaxe, "IN_DP_E1_XCBL") == 0)
    {
      add_flux_technical_error (technical, "SYNTAXE_NON_TRAITEE",
                                "Syntaxe non prise en charge par le simulateur (CPP_FACTURE_MIN, XCBL)");
      return;
    }
  if (g_strcmp0 (syntaxe, "IN_DP_E2_CII_FACTURX") == 0)
    {
      doc = chorus_facturx_read_pdf (data, &error);
      if (doc != NULL)
        main_pj_id = sim_store_attachment (ctx, name, "PDF", "application/pdf", data, 0);
    }
  else
    doc = chorus_facturx_read_xml (g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);

  if (doc == NULL && error != NULL)
    add_flux_technical_error (technical, "FICHIER_ILLISIBLE", error->message);
  else if (doc != NULL)
    {
      ChorusFacturxSyntax found = chorus_facturx_document_get_syntax (doc);
      gboolean ubl_declared = strstr (syntaxe, "UBL") != NULL;
      gboolean ubl_found = found == CHORUS_FACTURX_SYNTAX_UBL_INVOICE || found == CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE;

      if (ubl_declared != ubl_found)
        add_flux_technical_error (technical, "SYNTAXE_INCOHERENTE",
                                  "Le contenu du fichier ne correspond pas à la syntaxe déclarée");
      else
        integrate_flux_invoice (ctx, doc, numero, main_pj_id, errors);
    }
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
  g_autoptr(JsonArray) technical = json_array_new ();
  g_autoptr(JsonObject) all_errors = json_object_new ();
  g_autoptr(JsonNode) errors_node = json_node_new (JSON_NODE_OBJECT);
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
  read_flux (ctx, data, name, syntaxe, numero, errors, technical);

  json_object_set_array_member (all_errors, "dp", json_array_ref (errors));
  json_object_set_array_member (all_errors, "technique", json_array_ref (technical));
  json_node_set_object (errors_node, all_errors);
  errors_json = json_to_string (errors_node, FALSE);
  sim_bind_text (binds, numero);
  sim_bind_text (binds, name);
  sim_bind_text (binds, syntaxe);
  sim_bind_text (binds, today);
  sim_bind_text (binds, now);
  sim_bind_text (binds, json_array_get_length (errors) + json_array_get_length (technical) ? "IN_REJETE" : "IN_INTEGRE");
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
          JsonArray *technical = NULL;

          json_object_set_string_member (answer, "etatCourantDepotFlux", etat);
          json_object_set_string_member (answer, "dateDepotFlux", (const char *) sqlite3_column_text (stmt, 3));
          json_object_set_string_member (answer, "dateHeureEtatCourantFlux", (const char *) sqlite3_column_text (stmt, 4));
          json_object_set_string_member (answer, "codeInterfaceDepotFlux", (const char *) sqlite3_column_text (stmt, 2));
          json_object_set_string_member (answer, "nomFichier", (const char *) sqlite3_column_text (stmt, 1));
          /* Kept as {"dp": […], "technique": […]}; flux stored before that are a bare array. */
          if (errors && json_parser_load_from_data (parser, errors, -1, NULL))
            {
              JsonNode *root = json_parser_get_root (parser);

              if (JSON_NODE_HOLDS_ARRAY (root))
                dp = json_array_ref (json_node_get_array (root));
              else if (JSON_NODE_HOLDS_OBJECT (root))
                {
                  JsonObject *lists = json_node_get_object (root);

                  if (json_object_has_member (lists, "dp"))
                    dp = json_array_ref (json_object_get_array_member (lists, "dp"));
                  if (json_object_has_member (lists, "technique"))
                    technical = json_array_ref (json_object_get_array_member (lists, "technique"));
                }
            }
          json_object_set_array_member (answer, "listeErreurDP", dp ? dp : json_array_new ());
          json_object_set_array_member (answer, "listeErreurTechnique", technical ? technical : json_array_new ());
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
