/* test-sim-facturx.c: invoices whose PDF is a Factur-X (a CII invoice embedded as factur-x.xml,
 * declared in the XMP), read by poppler and by the app's Factur-X reader with nothing to object;
 * and what deposer/pdf reads from a PDF: its Factur-X data, else its text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "chorus-facturx.h"
#include "sim-test.h"

static GBytes *
download (SimFixture *f, gint64 id)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/telecharger/groupe", "{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT
                                         "}],\"format\":\"PDF\",\"avecPiecesJointesComplementaires\":\"Non\"}", id);
  gsize len = 0;
  guchar *raw = g_base64_decode (json_object_get_string_member (o, "fichierResultat"), &len);

  return g_bytes_new_take (raw, len);
}

/* The names of the PDF's attachments, in one string ("" when none). */
static char *
attachment_names (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  GString *names = g_string_new (NULL);
  GList *list;

  g_assert_no_error (error);
  list = poppler_document_has_attachments (doc) ? poppler_document_get_attachments (doc) : NULL;
  for (GList *l = list; l != NULL; l = l->next)
    g_string_append_printf (names, "%s%s", names->len ? "," : "", ((PopplerAttachment *) l->data)->name);
  g_list_free_full (list, g_object_unref);
  g_object_unref (doc);
  return g_string_free (names, FALSE);
}

/* Invoices (received, or issued) whose PDF carries factur-x.xml, among the first @scan; the
 * others go to @plain. */
static GArray *
facturx_invoices (SimFixture *f, gboolean received, guint scan, GArray *plain)
{
  g_autoptr(JsonObject) o = NULL;
  JsonArray *list;
  GArray *found = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (received)
    o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":%u}}", scan);
  else
    o = sim_post_ok (f, "factures/v1/rechercher/fournisseur", "{\"rechercheFactureParFournisseur\":{\"nbResultatsParPage\":%u}}",
                     scan);
  list = json_object_get_array_member (o, "listeFactures");
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (list, k),
                                              received ? "idFacture" : "identifiantFactureCPP");
      g_autoptr(GBytes) pdf = download (f, id);
      g_autofree char *names = attachment_names (pdf);

      if (g_str_equal (names, "factur-x.xml"))
        g_array_append_val (found, id);
      else if (plain != NULL)
        {
          g_assert_cmpstr (names, ==, "");
          g_array_append_val (plain, id);
        }
    }
  return found;
}

static gint64
cents (JsonObject *o, const char *key)
{
  return (gint64) (json_object_get_double_member (o, key) * 100.0 + 0.5);
}

static void
assert_matches_consult (SimFixture *f, gint64 id, gboolean received)
{
  g_autoptr(GBytes) pdf = download (f, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = chorus_facturx_read_pdf (pdf, &error);
  g_autoptr(JsonObject) c = sim_post_ok (f, received ? "factures/v1/consulter/recipiendaire" : "factures/v1/consulter/fournisseur",
                                         "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
  JsonObject *fac = json_object_get_object_member (c, "facture");
  JsonObject *totals = json_object_get_object_member (fac, "montantTotal");
  JsonObject *dest = json_object_get_object_member (fac, "destinataire");
  JsonObject *seller = json_object_get_object_member (fac, "fournisseur");
  g_autoptr(GPtrArray) checks = NULL;
  gint64 amount = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, json_object_get_string_member (fac, "numeroFacture"));
  g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, CHORUS_FACTURX_PROFILE_EN16931);
  g_assert_cmpstr (chorus_facturx_document_get_attachment_name (doc), ==, "factur-x.xml");
  g_assert_cmpstr (chorus_facturx_document_get_issue_date (doc), ==,
                   json_object_get_string_member (json_object_get_object_member (fac, "references"), "dateFacture"));
  /* A SIRET only for a French supplier; a foreign one has its own identifier, not written as a SIRET. */
  if (g_strcmp0 (json_object_get_string_member (seller, "typeIdentifiantFournisseur"), "SIRET") == 0)
    g_assert_cmpstr (chorus_facturx_document_get_seller_siret (doc), ==, json_object_get_string_member (seller, "codeFournisseur"));
  else
    g_assert_null (chorus_facturx_document_get_seller_siret (doc));
  g_assert_cmpstr (chorus_facturx_document_get_buyer_siret (doc), ==, json_object_get_string_member (dest, "codeDestinataire"));
  g_assert_cmpstr (chorus_facturx_document_get_buyer_reference (doc), ==, json_object_get_string_member (dest, "codeServiceExecutant"));
  g_assert_true (chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_TAX_BASIS, &amount));
  g_assert_cmpint (amount, ==, cents (totals, "montantHtTotal"));
  g_assert_true (chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, &amount));
  g_assert_cmpint (amount, ==, cents (totals, "montantTtcTotal"));
  g_assert_true (chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, &amount));
  g_assert_cmpint (amount, ==, cents (totals, "montantAPayer"));
  g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, ==,
                    json_object_get_int_member (json_object_get_object_member (fac, "lignesDePoste"), "totalLignesPoste"));

  /* The app's own checks of the file (arithmetic, profile, XMP) find nothing to object. */
  checks = chorus_facturx_cross_check (doc, NULL);
  if (chorus_facturx_checks_worst (checks) > CHORUS_FACTURX_SEVERITY_INFO)
    {
      for (guint k = 0; k < checks->len; k++)
        g_printerr ("%s\n", ((ChorusFacturxCheck *) g_ptr_array_index (checks, k))->message);
      g_error ("invoice %" G_GINT64_FORMAT ": its Factur-X has warnings", id);
    }
}

static void
test_generated (SimFixture *f, gconstpointer data)
{
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) received = facturx_invoices (f, TRUE, 120, plain);
  g_autoptr(GArray) issued = facturx_invoices (f, FALSE, 60, NULL);

  /* Some invoices are Factur-X, the others plain PDFs. */
  g_assert_cmpuint (received->len, >=, 2);
  g_assert_cmpuint (plain->len, >, received->len);
  g_assert_cmpuint (issued->len, >=, 1);
  for (guint k = 0; k < received->len; k++)
    assert_matches_consult (f, g_array_index (received, gint64, k), TRUE);
  for (guint k = 0; k < issued->len; k++)
    assert_matches_consult (f, g_array_index (issued, gint64, k), FALSE);
}

static JsonObject *
deposer_pdf (SimFixture *f, GBytes *pdf)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  return sim_post_ok (f, "factures/v1/deposer/pdf", "{\"fichierFacture\":\"%s\",\"nomFichier\":\"facture.pdf\","
                      "\"formatDepot\":\"PDF_NON_SIGNE\"}", b64);
}

/* deposer/pdf reads back what the invoice says: from its Factur-X XML, or from its text. */
static void
test_deposer_pdf_reads (SimFixture *f, gconstpointer data)
{
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) structured = facturx_invoices (f, TRUE, 60, plain);
  static const char *const fields[] = { "numeroFacture", "codeDestinataire", "codeFournisseur", "codeServiceExecutant" };
  GArray *sets[] = { structured, plain };

  for (gsize s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      gint64 id = g_array_index (sets[s], gint64, 0);
      g_autoptr(GBytes) pdf = download (f, id);
      g_autoptr(JsonObject) read = deposer_pdf (f, pdf);
      g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%"
                                             G_GINT64_FORMAT "}", id);
      JsonObject *fac = json_object_get_object_member (c, "facture");
      JsonObject *refs = json_object_get_object_member (fac, "references");
      JsonObject *totals = json_object_get_object_member (fac, "montantTotal");
      const char *expected[] = {
        json_object_get_string_member (fac, "numeroFacture"),
        json_object_get_string_member (json_object_get_object_member (fac, "destinataire"), "codeDestinataire"),
        json_object_get_string_member (json_object_get_object_member (fac, "fournisseur"), "codeFournisseur"),
        json_object_get_string_member (json_object_get_object_member (fac, "destinataire"), "codeServiceExecutant"),
      };

      g_assert_cmpint (json_object_get_int_member (read, "pieceJointeId"), >, 0);
      for (gsize k = 0; k < G_N_ELEMENTS (fields); k++)
        {
          /* The drawn PDF of a supplier known by another identifier than a SIRET says so. */
          if (k == 2 && s == 1 && json_object_get_null_member (read, fields[k]))
            continue;
          g_assert_cmpstr (json_object_get_string_member (read, fields[k]), ==, expected[k]);
        }
      g_assert_cmpstr (json_object_get_string_member (read, "dateFacture"), ==,
                       json_object_get_string_member (refs, "dateFacture"));
      g_assert_cmpstr (json_object_get_string_member (read, "typeFacture"), ==,
                       json_object_get_string_member (refs, "typeFacture"));
      g_assert_cmpstr (json_object_get_string_member (read, "codeDeviseFacture"), ==, "EUR");
      g_assert_cmpint (cents (read, "montantAPayer"), ==, cents (totals, "montantAPayer"));
      g_assert_cmpint (cents (read, "montantHtTotal"), ==, cents (totals, "montantHtTotal"));
      if (s == 0)
        {
          g_assert_cmpint (cents (read, "montantTVA"), ==, cents (totals, "montantTVA"));
          g_assert_cmpstr (json_object_get_string_member (read, "typeTva"), ==, json_object_get_string_member (refs, "typeTva"));
        }
    }
  {
    /* A PDF that says nothing the platform can read: every field null, a FACTURE by default. */
    static const char minimal[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    g_autoptr(GBytes) pdf = g_bytes_new_static (minimal, sizeof minimal - 1);
    g_autoptr(JsonObject) read = deposer_pdf (f, pdf);

    g_assert_true (json_object_get_null_member (read, "numeroFacture"));
    g_assert_true (json_object_get_null_member (read, "montantAPayer"));
    g_assert_cmpstr (json_object_get_string_member (read, "typeFacture"), ==, "FACTURE");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/facturx/generated", test_generated);
  ADD ("/sim/facturx/deposer-pdf-reads", test_deposer_pdf_reads);
  return g_test_run ();
}
