/* chorus-sim-pdf.c: invoice, works piece and supporting document PDFs drawn with cairo on demand, so
 * a million invoices cost no disk. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-sim-private.h"
#include "chorus-types.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 42.0
#define ROW_H 16.0
#define FIRST_PAGE_ROWS 24
#define OTHER_PAGE_ROWS 40

/* "5,5 %": French decimal comma. */
static char *
rate_text (int bp)
{
  char *text = g_strdup_printf ("%.4g %%", bp / 100.0);
  char *dot = strchr (text, '.');

  if (dot)
    *dot = ',';
  return text;
}

static cairo_status_t
write_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
text_at (cairo_t *cr, double x, double y, double size, gboolean bold, const char *text)
{
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text ? text : "");
}

static void
text_right (cairo_t *cr, double right, double y, double size, gboolean bold, const char *text)
{
  cairo_text_extents_t ext;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &ext);
  cairo_move_to (cr, right - ext.x_advance, y);
  cairo_show_text (cr, text);
}

/* Cuts @text to @max characters (UTF-8 aware) with an ellipsis. */
static char *
clip (const char *text, glong max)
{
  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, max - 1);
    return g_strconcat (head, "…", NULL);
  }
}

typedef struct {
  const char *title;        /* FACTURE, AVOIR, PROJET DE DÉCOMPTE MENSUEL … */
  const char *numero;
  const char *date_facture;
  const char *date_echeance;
  const SimStructure *supplier;
  const SimStructure *recipient;
  const SimService *service;
  const char *engagement;
  const char *marche;
  const char *mode_paiement;
  const char *mention_tva;
  GPtrArray  *lines;
  gint64      ht, tva, ttc, a_payer;
} Doc;

static void
draw_header (cairo_t *cr, const Doc *doc)
{
  g_autofree char *date = chorus_date_format (doc->date_facture);
  g_autofree char *echeance = chorus_date_format (doc->date_echeance);
  g_autofree char *line = NULL;
  const SimStructure *s = doc->supplier;
  const SimStructure *r = doc->recipient;
  double y = MARGIN + 12;

  cairo_set_source_rgb (cr, 0.12, 0.23, 0.45);
  cairo_rectangle (cr, MARGIN, MARGIN - 10, 6, 64);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  {
    g_autofree char *name = clip (s ? s->designation : "", 44);
    text_at (cr, MARGIN + 14, y, 12, TRUE, name);
  }
  if (s)
    {
      line = g_strdup_printf ("%s, %s %s", s->adresse ? s->adresse : "", s->code_postal ? s->code_postal : "",
                              s->ville ? s->ville : "");
      text_at (cr, MARGIN + 14, y + 15, 8.5, FALSE, line);
      g_free (line);
      line = g_strdup_printf ("%s : %s", g_strcmp0 (s->type_identifiant, "SIRET") == 0 ? "SIRET" : "Identifiant",
                              s->identifiant);
      text_at (cr, MARGIN + 14, y + 27, 8.5, FALSE, line);
      g_free (line);
      if (s->numero_tva)
        {
          line = g_strdup_printf ("N° TVA intracommunautaire : %s", s->numero_tva);
          text_at (cr, MARGIN + 14, y + 39, 8.5, FALSE, line);
          g_clear_pointer (&line, g_free);
        }
    }

  cairo_set_source_rgb (cr, 0.12, 0.23, 0.45);
  /* The works titles are long: smaller and above, clear of the supplier's name. */
  if (g_utf8_strlen (doc->title, -1) > 12)
    text_right (cr, PAGE_W - MARGIN, y - 22, 12, TRUE, doc->title);
  else
    text_right (cr, PAGE_W - MARGIN, y + 2, 20, TRUE, doc->title);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  line = g_strdup_printf ("N° %s", doc->numero);
  text_right (cr, PAGE_W - MARGIN, y + 20, 10, TRUE, line);
  g_free (line);
  line = g_strdup_printf ("Date : %s", date ? date : "");
  text_right (cr, PAGE_W - MARGIN, y + 34, 9, FALSE, line);
  g_free (line);
  if (echeance)
    {
      line = g_strdup_printf ("Échéance : %s", echeance);
      text_right (cr, PAGE_W - MARGIN, y + 46, 9, FALSE, line);
      g_clear_pointer (&line, g_free);
    }

  /* The recipient box, where Chorus Pro reads the routing data. */
  y = MARGIN + 92;
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, PAGE_W / 2, y, PAGE_W / 2 - MARGIN, 78);
  cairo_stroke (cr);
  text_at (cr, PAGE_W / 2 + 8, y + 14, 8, TRUE, "DESTINATAIRE");
  {
    g_autofree char *name = clip (r ? r->designation : "", 40);
    text_at (cr, PAGE_W / 2 + 8, y + 28, 9.5, TRUE, name);
  }
  if (r)
    {
      line = g_strdup_printf ("%s, %s %s", r->adresse ? r->adresse : "", r->code_postal ? r->code_postal : "",
                              r->ville ? r->ville : "");
      text_at (cr, PAGE_W / 2 + 8, y + 41, 8.5, FALSE, line);
      g_free (line);
      line = g_strdup_printf ("SIRET : %s", r->identifiant);
      text_at (cr, PAGE_W / 2 + 8, y + 53, 8.5, FALSE, line);
      g_clear_pointer (&line, g_free);
    }
  if (doc->service)
    {
      line = g_strdup_printf ("Service exécutant : %s", doc->service->code);
      text_at (cr, PAGE_W / 2 + 8, y + 65, 8.5, FALSE, line);
      g_clear_pointer (&line, g_free);
    }

  text_at (cr, MARGIN, y + 14, 8, TRUE, "RÉFÉRENCES");
  line = g_strdup_printf ("Engagement (bon de commande) : %s", doc->engagement ? doc->engagement : "—");
  text_at (cr, MARGIN, y + 28, 8.5, FALSE, line);
  g_free (line);
  line = g_strdup_printf ("Marché : %s", doc->marche ? doc->marche : "—");
  text_at (cr, MARGIN, y + 41, 8.5, FALSE, line);
  g_free (line);
  line = g_strdup_printf ("Mode de paiement : %s", doc->mode_paiement ? "virement" : "—");
  text_at (cr, MARGIN, y + 53, 8.5, FALSE, line);
  g_clear_pointer (&line, g_free);
}

static double
draw_table_head (cairo_t *cr, double y)
{
  cairo_set_source_rgb (cr, 0.90, 0.92, 0.96);
  cairo_rectangle (cr, MARGIN, y - 11, PAGE_W - 2 * MARGIN, ROW_H);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  text_at (cr, MARGIN + 4, y, 8, TRUE, "Désignation");
  text_right (cr, 360, y, 8, TRUE, "Qté");
  text_right (cr, 430, y, 8, TRUE, "PU HT");
  text_right (cr, 470, y, 8, TRUE, "TVA");
  text_right (cr, PAGE_W - MARGIN - 4, y, 8, TRUE, "Total HT");
  return y + ROW_H;
}

static void
draw_footer (cairo_t *cr, const Doc *doc, int page, int n_pages)
{
  g_autofree char *text = g_strdup_printf ("%s – %s – page %d / %d", doc->numero,
                                           doc->supplier ? doc->supplier->designation : "", page, n_pages);
  g_autofree char *clipped = clip (text, 110);

  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  text_at (cr, MARGIN, PAGE_H - 24, 7, FALSE, clipped);
  text_right (cr, PAGE_W - MARGIN, PAGE_H - 24, 7, FALSE, "Facture transmise via Chorus Pro");
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
}

static void
draw_totals (cairo_t *cr, const Doc *doc, double y)
{
  g_autoptr(GPtrArray) vat = sim_vat_summary (doc->lines);
  g_autofree char *ht = chorus_amount_format (doc->ht, "EUR");
  g_autofree char *ttc = chorus_amount_format (doc->ttc, "EUR");
  g_autofree char *pay = chorus_amount_format (doc->a_payer, "EUR");
  double x_label = 330;

  y += 8;
  cairo_move_to (cr, x_label, y - 10);
  cairo_line_to (cr, PAGE_W - MARGIN, y - 10);
  cairo_stroke (cr);
  text_at (cr, x_label, y + 4, 9, FALSE, "Total HT");
  text_right (cr, PAGE_W - MARGIN - 4, y + 4, 9, FALSE, ht);
  y += 15;
  for (guint k = 0; k < vat->len; k++)
    {
      SimVatLine *v = g_ptr_array_index (vat, k);
      g_autofree char *rate = rate_text (v->taux_bp);
      g_autofree char *label = g_strdup_printf ("TVA %s sur ", rate);
      g_autofree char *base = chorus_amount_format (v->base_ht, "EUR");
      g_autofree char *amount = chorus_amount_format (doc->tva == 0 ? 0 : v->tva, "EUR");
      g_autofree char *full = g_strconcat (label, base, NULL);

      text_at (cr, x_label, y + 4, 8.5, FALSE, full);
      text_right (cr, PAGE_W - MARGIN - 4, y + 4, 8.5, FALSE, amount);
      y += 13;
    }
  text_at (cr, x_label, y + 6, 10, TRUE, "Total TTC");
  text_right (cr, PAGE_W - MARGIN - 4, y + 6, 10, TRUE, ttc);
  y += 17;
  cairo_set_source_rgb (cr, 0.12, 0.23, 0.45);
  text_at (cr, x_label, y + 6, 10.5, TRUE, "Net à payer");
  text_right (cr, PAGE_W - MARGIN - 4, y + 6, 10.5, TRUE, pay);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (doc->mention_tva)
    {
      g_autofree char *m = clip (doc->mention_tva, 100);
      text_at (cr, MARGIN, y + 30, 7.5, FALSE, m);
    }
  text_at (cr, MARGIN, y + 44, 7.5, FALSE,
           "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais de recouvrement : 40 €.");
}

static GBytes *
draw (const Doc *doc)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_array, out, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  guint n_lines = doc->lines->len;
  int n_pages = 1;
  guint line = 0;
  g_autofree char *title = g_strdup_printf ("%s %s", doc->title, doc->numero);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "chorus-sim");
  /* Rows on the first page leave room for the totals; the rest flows on. */
  if (n_lines > FIRST_PAGE_ROWS - 8)
    n_pages += (int) ((n_lines - (FIRST_PAGE_ROWS - 8) + OTHER_PAGE_ROWS - 9) / (OTHER_PAGE_ROWS - 8));
  n_pages = MIN (n_pages, 5);

  for (int page = 1; page <= n_pages; page++)
    {
      double y;
      guint rows = page == 1 ? FIRST_PAGE_ROWS : OTHER_PAGE_ROWS;
      guint room = page == n_pages ? rows - 8 : rows;

      if (page == 1)
        {
          draw_header (cr, doc);
          y = MARGIN + 200;
        }
      else
        {
          g_autofree char *cont = g_strdup_printf ("%s %s (suite)", doc->title, doc->numero);
          text_at (cr, MARGIN, MARGIN + 10, 11, TRUE, cont);
          y = MARGIN + 40;
        }
      y = draw_table_head (cr, y);
      for (guint r = 0; r < room && line < n_lines; r++, line++)
        {
          SimLine *l = g_ptr_array_index (doc->lines, line);
          g_autofree char *designation = clip (l->denomination, 52);
          g_autofree char *qty = g_strdup_printf ("%g %s", l->quantite, l->unite ? l->unite : "");
          g_autofree char *pu = chorus_amount_format (l->pu_ht, "");
          g_autofree char *rate = rate_text (l->taux_bp);
          g_autofree char *total = chorus_amount_format (sim_line_total_ht (l), "");

          if (r % 2 == 1)
            {
              cairo_set_source_rgb (cr, 0.97, 0.97, 0.97);
              cairo_rectangle (cr, MARGIN, y - 11, PAGE_W - 2 * MARGIN, ROW_H);
              cairo_fill (cr);
              cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
            }
          text_at (cr, MARGIN + 4, y, 8, FALSE, designation);
          text_right (cr, 360, y, 8, FALSE, qty);
          text_right (cr, 430, y, 8, FALSE, pu);
          text_right (cr, 470, y, 8, FALSE, rate);
          text_right (cr, PAGE_W - MARGIN - 4, y, 8, FALSE, total);
          y += ROW_H;
        }
      if (page == n_pages)
        {
          if (line < n_lines)
            {
              g_autofree char *more = g_strdup_printf ("… et %u autres lignes (détail en pièce jointe)", n_lines - line);
              text_at (cr, MARGIN + 4, y, 8, FALSE, more);
              y += ROW_H;
            }
          draw_totals (cr, doc, y);
        }
      draw_footer (cr, doc, page, n_pages);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
sim_invoice_pdf (SimCtx *ctx, const SimInvoice *inv)
{
  g_autoptr(SimStructure) supplier = sim_structure_load (ctx->ds, inv->supplier_id);
  g_autoptr(SimStructure) recipient = sim_structure_load (ctx->ds, inv->recipient_id);
  g_autoptr(SimService) service = inv->service_id ? sim_service_load (ctx->ds, inv->service_id) : NULL;
  g_autoptr(GPtrArray) lines = NULL;
  Doc doc = { 0 };

  /* A deposited PDF is served as it was deposited. */
  if (inv->main_pj_id != 0)
    {
      GBytes *stored = sim_attachment_data (ctx, inv->main_pj_id, NULL, NULL);
      if (stored != NULL)
        return stored;
    }

  lines = sim_invoice_lines (inv);
  doc.title = g_strcmp0 (inv->type_facture, "AVOIR") == 0 ? "AVOIR" : "FACTURE";
  doc.numero = inv->numero;
  doc.date_facture = inv->date_facture;
  doc.date_echeance = inv->date_echeance;
  doc.supplier = supplier;
  doc.recipient = recipient;
  doc.service = service;
  doc.engagement = inv->numero_bc;
  doc.marche = inv->numero_marche;
  doc.mode_paiement = inv->mode_paiement;
  doc.mention_tva = inv->motif_exoneration;
  doc.lines = lines;
  doc.ht = inv->ht;
  doc.tva = inv->tva;
  doc.ttc = inv->ttc;
  doc.a_payer = inv->a_payer;
  if (inv->facturx)
    {
      g_autoptr(GBytes) pdf = draw (&doc);
      g_autofree char *xml = sim_facturx_cii (ctx, inv, lines);

      return sim_facturx_embed (pdf, xml, inv->numero);
    }
  return draw (&doc);
}

GBytes *
sim_works_pdf (SimCtx *ctx, const SimWorks *w)
{
  g_autoptr(SimStructure) supplier = sim_structure_load (ctx->ds, w->supplier_id);
  g_autoptr(SimStructure) moa = sim_structure_load (ctx->ds, w->moa_id);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  SimLine *line = g_new0 (SimLine, 1);
  ChorusCadre cadre = chorus_cadre_from_api (w->cadre);
  g_autofree char *title = g_ascii_strup (chorus_cadre_short_code (cadre), -1);
  Doc doc = { 0 };

  line->numero = 1;
  line->denomination = g_strdup_printf ("Travaux du marché %s – dossier %s", w->numero_marche ? w->numero_marche : "",
                                        w->dossier);
  line->quantite = 1;
  line->unite = g_strdup ("FORFAIT");
  line->pu_ht = w->ht;
  line->taux_code = g_strdup ("TVA5");
  line->taux_bp = 2000;
  g_ptr_array_add (lines, line);

  doc.title = g_str_has_prefix (w->cadre, "A4_") ? "PROJET DE DÉCOMPTE MENSUEL"
              : g_str_has_prefix (w->cadre, "A7_") ? "PROJET DE DÉCOMPTE FINAL"
              : g_str_has_prefix (w->cadre, "A15_") ? "ÉTAT D'ACOMPTE"
              : g_str_has_prefix (w->cadre, "A19_") ? "ÉTAT D'ACOMPTE VALIDÉ"
              : g_str_has_prefix (w->cadre, "A17_") ? "PROJET DE DÉCOMPTE GÉNÉRAL"
              : g_str_has_prefix (w->cadre, "A20_") ? "DÉCOMPTE GÉNÉRAL"
              : g_str_has_prefix (w->cadre, "A8_") ? "DÉCOMPTE GÉNÉRAL DÉFINITIF" : title;
  doc.numero = w->numero;
  doc.date_facture = w->date_facture;
  doc.supplier = supplier;
  doc.recipient = moa;
  doc.engagement = w->numero_engagement;
  doc.marche = w->numero_marche;
  doc.mode_paiement = "VIREMENT";
  doc.lines = lines;
  doc.ht = w->ht;
  doc.tva = w->tva;
  doc.ttc = w->ttc;
  doc.a_payer = w->a_payer;
  return draw (&doc);
}

/* One signed page backing the invoice: attendance sheet, delivery note or works statement. */
GBytes *
sim_supporting_document_pdf (SimCtx *ctx, const SimInvoice *inv)
{
  g_autoptr(SimStructure) supplier = sim_structure_load (ctx->ds, inv->supplier_id);
  g_autoptr(SimStructure) recipient = sim_structure_load (ctx->ds, inv->recipient_id);
  g_autoptr(GPtrArray) lines = sim_invoice_lines (inv);
  const char *kind = sim_generated_attachment_kind (inv);
  const char *title = g_str_equal (kind, "Feuille_emargement") ? "FEUILLE D'ÉMARGEMENT"
                      : g_str_equal (kind, "Situation_travaux") ? "SITUATION DE TRAVAUX" : "BON DE LIVRAISON";
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_array, out, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *date = chorus_date_format (inv->date_facture);
  g_autofree char *ref = g_strdup_printf ("Se rapporte à la facture n° %s du %s", inv->numero, date);
  double y = MARGIN + 110;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  text_at (cr, MARGIN, MARGIN + 20, 18, TRUE, title);
  text_at (cr, MARGIN, MARGIN + 45, 10, FALSE, ref);
  {
    g_autofree char *from = g_strdup_printf ("Émis par : %s", supplier ? supplier->designation : "");
    g_autofree char *to = g_strdup_printf ("Pour : %s", recipient ? recipient->designation : "");
    g_autofree char *from_c = clip (from, 90);
    g_autofree char *to_c = clip (to, 90);
    text_at (cr, MARGIN, MARGIN + 65, 9, FALSE, from_c);
    text_at (cr, MARGIN, MARGIN + 79, 9, FALSE, to_c);
  }
  y = draw_table_head (cr, y);
  for (guint k = 0; k < lines->len && k < 30; k++)
    {
      SimLine *l = g_ptr_array_index (lines, k);
      g_autofree char *designation = clip (l->denomination, 52);
      g_autofree char *qty = g_strdup_printf ("%g %s", l->quantite, l->unite ? l->unite : "");

      text_at (cr, MARGIN + 4, y, 8, FALSE, designation);
      text_right (cr, 360, y, 8, FALSE, qty);
      y += ROW_H;
    }
  cairo_rectangle (cr, PAGE_W - MARGIN - 200, y + 30, 200, 70);
  cairo_stroke (cr);
  text_at (cr, PAGE_W - MARGIN - 192, y + 46, 8, TRUE, "Visa et signature du service fait");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}
