/* sim-test.c: fixture and HTTP helpers shared by the simulator conformance tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "sim-test.h"

void
sim_fixture_setup (SimFixture *f, gconstpointer data)
{
  ChorusSimConfig config = { SIM_TEST_SEED, SIM_TEST_INVOICES, NULL };
  g_autoptr(GError) error = NULL;

  f->sim = chorus_sim_new (&config, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->session = soup_session_new_with_options ("timeout", 30, NULL);
  f->token = sim_fetch_token (f);
}

void
sim_fixture_teardown (SimFixture *f, gconstpointer data)
{
  g_clear_pointer (&f->token, g_free);
  g_clear_object (&f->session);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

guint
sim_send (SimFixture *f, const char *method, const char *url, const char *content_type, const char *body,
          const char *const *headers, GBytes **out, SoupMessageHeaders **response_headers)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;

  g_assert_nonnull (msg);
  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  answer = soup_session_send_and_read (f->session, msg, NULL, &error);
  if (error != NULL)
    {
      if (out)
        *out = NULL;
      return 0;
    }
  if (response_headers)
    *response_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (out)
    *out = g_steal_pointer (&answer);
  return soup_message_get_status (msg);
}

JsonObject *
sim_parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    g_error ("not JSON (%s): %.*s", error->message, (int) MIN (len, 400), data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

char *
sim_fetch_token (SimFixture *f)
{
  g_autofree char *url = g_strconcat (chorus_sim_get_base_url (f->sim), "/api/oauth/token", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) o = NULL;
  guint status;

  status = sim_send (f, "POST", url, "application/x-www-form-urlencoded",
                     "grant_type=client_credentials&client_id=" CHORUS_SIM_CLIENT_ID
                     "&client_secret=" CHORUS_SIM_CLIENT_SECRET "&scope=openid", NULL, &body, NULL);
  g_assert_cmpuint (status, ==, 200);
  o = sim_parse_object (body);
  return g_strdup (json_object_get_string_member (o, "access_token"));
}

guint
sim_call (SimFixture *f, const char *path, const char *body, GBytes **out)
{
  g_autofree char *url = g_strconcat (chorus_sim_get_base_url (f->sim), "/cpro/", path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->token, NULL);
  g_autofree char *account = g_base64_encode ((const guchar *) CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD,
                                              strlen (CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD));
  const char *headers[] = { "Authorization", bearer, "cpro-account", account, NULL, NULL };

  return sim_send (f, "POST", url, "application/json;charset=utf-8", body, headers, out, NULL);
}

G_GNUC_PRINTF (3, 0) static JsonObject *
post_valist (SimFixture *f, const char *path, const char *format, va_list args)
{
  g_autofree char *body = g_strdup_vprintf (format, args);
  g_autoptr(GBytes) out = NULL;
  guint status = sim_call (f, path, body, &out);

  if (status != 200)
    g_error ("%s answered HTTP %u to %s: %.*s", path, status, body, out ? (int) g_bytes_get_size (out) : 0,
             out ? (const char *) g_bytes_get_data (out, NULL) : "");
  return sim_parse_object (out);
}

JsonObject *
sim_post (SimFixture *f, const char *path, const char *format, ...)
{
  va_list args;
  JsonObject *o;

  va_start (args, format);
  o = post_valist (f, path, format, args);
  va_end (args);
  g_assert_true (json_object_has_member (o, "codeRetour"));
  g_assert_true (json_object_has_member (o, "libelle"));
  return o;
}

JsonObject *
sim_post_ok (SimFixture *f, const char *path, const char *format, ...)
{
  va_list args;
  JsonObject *o;

  va_start (args, format);
  o = post_valist (f, path, format, args);
  va_end (args);
  if (sim_code (o) != 0)
    g_error ("%s failed: %" G_GINT64_FORMAT " %s", path, sim_code (o), json_object_get_string_member (o, "libelle"));
  g_assert_cmpstr (json_object_get_string_member (o, "libelle"), ==, "TRA_MSG_00.000");
  return o;
}

gint64
sim_code (JsonObject *o)
{
  return json_object_get_int_member (o, "codeRetour");
}

gint64
sim_find_invoice (SimFixture *f, gboolean received, const char *statut)
{
  g_autoptr(JsonObject) o = NULL;
  JsonArray *list;

  if (received)
    o = sim_post (f, "factures/v1/rechercher/recipiendaire",
                  "{\"statutCourant\":[\"%s\"],\"paramRecherche\":{\"nbResultatsParPage\":1}}", statut);
  else
    o = sim_post (f, "factures/v1/rechercher/fournisseur",
                  "{\"statutCourant\":[\"%s\"],\"rechercheFactureParFournisseur\":{\"nbResultatsParPage\":1}}", statut);
  if (sim_code (o) != 0)
    return 0;
  list = json_object_get_array_member (o, "listeFactures");
  return json_object_get_int_member (json_array_get_object_element (list, 0),
                                     received ? "idFacture" : "identifiantFactureCPP");
}

/* A SAISIE_API deposit of one line of 100 € + 20 % VAT, from the account's supplier. */
const char *
sim_status_of (SimFixture *f, gint64 id)
{
  static char status[64];
  g_autoptr(JsonObject) h = sim_post_ok (f, "factures/v1/consulter/historique", "{\"idFacture\":%" G_GINT64_FORMAT "}", id);

  g_strlcpy (status, json_object_get_string_member (h, "statutCourantCode"), sizeof status);
  return status;
}

GPtrArray *
sim_history_codes (SimFixture *f, gint64 id)
{
  g_autoptr(JsonObject) h = sim_post_ok (f, "factures/v1/consulter/historique", "{\"idFacture\":%" G_GINT64_FORMAT ","
                                         "\"paramRechercheHistoStatuts\":{\"nbResultatsParPageHistoStatut\":100}}", id);
  JsonArray *list = json_object_get_array_member (json_object_get_object_member (h, "historiquesDesStatuts"), "histoStatut");
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < json_array_get_length (list); k++)
    g_ptr_array_add (codes, g_strdup (json_object_get_string_member (json_array_get_object_element (list, k),
                                                                     "histoStatutCode")));
  return codes;
}

gint64
sim_deposit (SimFixture *f, const SimDeposit *d, char **libelle)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *dest = json_object_new ();
  JsonObject *four = json_object_new ();
  JsonObject *cadre = json_object_new ();
  JsonObject *refs = json_object_new ();
  JsonObject *totals = json_object_new ();
  JsonObject *line = json_object_new ();
  JsonArray *lines = json_array_new ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), body);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonObject) o = NULL;

  json_object_set_string_member (body, "modeDepot", d->mode ? d->mode : "SAISIE_API");
  if (d->numero)
    json_object_set_string_member (body, "numeroFactureSaisi", d->numero);
  json_object_set_string_member (body, "dateFacture", "2026-11-02");
  json_object_set_string_member (dest, "codeDestinataire", d->siret ? d->siret : chorus_sim_get_recipient_siret (f->sim));
  json_object_set_string_member (dest, "codeServiceExecutant", d->service ? d->service : "DRH");
  if (d->service && !*d->service)
    json_object_remove_member (dest, "codeServiceExecutant");
  json_object_set_object_member (body, "destinataire", dest);
  json_object_set_int_member (four, "idFournisseur", chorus_sim_get_supplier_id (f->sim));
  if (d->bank)
    json_object_set_int_member (four, "codeCoordonneesBancairesFournisseur", d->bank);
  json_object_set_object_member (body, "fournisseur", four);
  json_object_set_string_member (cadre, "codeCadreFacturation", d->cadre ? d->cadre : "A1_FACTURE_FOURNISSEUR");
  if (d->valideur)
    json_object_set_string_member (cadre, "codeStructureValideur", d->valideur);
  json_object_set_object_member (body, "cadreDeFacturation", cadre);
  json_object_set_string_member (refs, "deviseFacture", "EUR");
  json_object_set_string_member (refs, "typeFacture", d->type ? d->type : "FACTURE");
  json_object_set_string_member (refs, "typeTva", d->tva ? d->tva : "TVA_SUR_DEBIT");
  if (d->paiement)
    json_object_set_string_member (refs, "modePaiement", d->paiement);
  if (d->engagement)
    json_object_set_string_member (refs, "numeroBonCommande", d->engagement);
  json_object_set_object_member (body, "references", refs);
  json_object_set_int_member (line, "lignePosteNumero", 1);
  json_object_set_string_member (line, "lignePosteDenomination", "Audit des achats");
  json_object_set_int_member (line, "lignePosteQuantite", 1);
  json_object_set_int_member (line, "lignePosteMontantUnitaireHT", 100);
  json_object_set_string_member (line, "lignePosteTauxTva", "TVA5");
  json_array_add_object_element (lines, line);
  json_object_set_array_member (body, "lignePoste", lines);
  json_object_set_int_member (totals, "montantHtTotal", 100);
  json_object_set_int_member (totals, "montantTVA", 20);
  json_object_set_int_member (totals, "montantTtcTotal", 120);
  json_object_set_int_member (totals, "montantAPayer", 120);
  json_object_set_object_member (body, "montantTotal", totals);

  text = json_to_string (root, FALSE);
  g_assert_cmpuint (sim_call (f, "factures/v1/soumettre", text, &out), ==, 200);
  o = sim_parse_object (out);
  if (libelle)
    *libelle = g_strdup (json_object_get_string_member (o, "libelle"));
  return sim_code (o) == 0 ? json_object_get_int_member (o, "identifiantFactureCPP") : -sim_code (o);
}
