/* chorus-sim-lines.c: invoice lines: the VAT rates and units they use, the articles generated
 * invoices draw them from (derived again from a seed whenever asked, so that a million invoices
 * cost no disk), the lines a deposit stored as JSON, and the VAT summary of any of them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "chorus-sim-dataset-private.h"
#include "chorus-sim-random.h"

static const SimVatRate vat_rates[] = {
  { "TVA1", "Taux 0 % (exonération ou franchise en base, art. 293 B du CGI)", 0 },
  { "TVA2", "Taux particulier 2,1 %", 210 },
  { "TVA3", "Taux réduit 5,5 %", 550 },
  { "TVA4", "Taux intermédiaire 10 %", 1000 },
  { "TVA5", "Taux normal 20 %", 2000 },
};

const SimVatRate *
sim_vat_rates (gsize *n)
{
  *n = G_N_ELEMENTS (vat_rates);
  return vat_rates;
}

const SimVatRate *
sim_vat_rate_find (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vat_rates); i++)
    if (g_strcmp0 (vat_rates[i].code, code) == 0)
      return &vat_rates[i];
  return NULL;
}

/* ---- generated lines ------------------------------------------------------------------------ */

typedef struct {
  const char *denomination;
  const char *unite;
  gint64      pu_min;  /* cents */
  gint64      pu_max;
  const char *taux;
} Article;

static const Article training_articles[] = {
  { "Formation « Gestes et postures » – session de 2 jours", "JOUR", 45000, 98000, "TVA1" },
  { "Formation AFGSU niveau 2 – groupe de 12 stagiaires", "SESSION", 180000, 320000, "TVA1" },
  { "Formation hygiène hospitalière et prévention des infections", "JOUR", 60000, 110000, "TVA1" },
  { "Accompagnement au management d'équipe soignante", "HEURE", 9000, 16000, "TVA1" },
  { "Formation bientraitance en EHPAD", "JOUR", 70000, 120000, "TVA1" },
  { "Frais de déplacement du formateur", "FORFAIT", 8000, 45000, "TVA5" },
  { "Support pédagogique imprimé", "UNITE", 1200, 3500, "TVA3" },
  { "Formation sécurité incendie – évacuation", "SESSION", 65000, 140000, "TVA1" },
};

static const Article company_articles[] = {
  { "Gants nitrile non poudrés, boîte de 100", "BOITE", 690, 1290, "TVA5" },
  { "Papier A4 80 g, carton de 5 ramettes", "CARTON", 2100, 3400, "TVA5" },
  { "Repas livrés en liaison froide", "UNITE", 520, 890, "TVA4" },
  { "Médicament générique – boîte de 30 comprimés", "BOITE", 180, 2400, "TVA2" },
  { "Maintenance préventive du parc informatique", "FORFAIT", 45000, 180000, "TVA5" },
  { "Location de linge hospitalier", "KG", 180, 320, "TVA5" },
  { "Livres pour la médiathèque", "UNITE", 1200, 4500, "TVA3" },
  { "Intervention de dépannage électrique", "HEURE", 5500, 9500, "TVA5" },
  { "Transport sanitaire", "COURSE", 6000, 25000, "TVA4" },
  { "Produits d'entretien professionnels", "LOT", 3500, 12000, "TVA5" },
};

static const Article works_articles[] = {
  { "Lot 01 – Gros œuvre, travaux du mois", "FORFAIT", 800000, 4500000, "TVA5" },
  { "Lot 03 – Charpente et couverture", "FORFAIT", 400000, 2500000, "TVA5" },
  { "Lot 05 – Plomberie, chauffage, ventilation", "FORFAIT", 300000, 1800000, "TVA5" },
  { "Rénovation énergétique de logements (taux réduit)", "M2", 4500, 12000, "TVA4" },
  { "Travaux d'amélioration de la qualité énergétique", "M2", 6000, 15000, "TVA3" },
};

static const char *const units_labels[][2] = {
  { "JOUR", "Jour" }, { "SESSION", "Session" }, { "HEURE", "Heure" }, { "FORFAIT", "Forfait" },
  { "UNITE", "Unité" }, { "BOITE", "Boîte" }, { "CARTON", "Carton" }, { "KG", "Kilogramme" },
  { "COURSE", "Course" }, { "LOT", "Lot" }, { "M2", "Mètre carré" },
};

const char *
sim_unit_label (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (units_labels); i++)
    if (g_strcmp0 (units_labels[i][0], code) == 0)
      return units_labels[i][1];
  return code;
}

gint64
sim_line_total_ht (const SimLine *line)
{
  return (gint64) llround (line->quantite * (double) line->pu_ht) - line->remise_ht;
}

void
sim_line_free (SimLine *line)
{
  if (line == NULL)
    return;
  g_free (line->reference);
  g_free (line->denomination);
  g_free (line->unite);
  g_free (line->taux_code);
  g_free (line);
}

GPtrArray *
sim_lines_derive (guint32 seed, int n_lines)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  gboolean exempt = (seed & SIM_SEED_EXEMPT) != 0;
  SimRng r = { ((guint64) (seed & ~SIM_SEED_EXEMPT) << 1) | 1 };
  const Article *articles;
  gsize n_articles;

  switch (seed & 3)
    {
    case SIM_KIND_TRAINING:
      articles = training_articles;
      n_articles = G_N_ELEMENTS (training_articles);
      break;
    case SIM_KIND_WORKS:
      articles = works_articles;
      n_articles = G_N_ELEMENTS (works_articles);
      break;
    default:
      articles = company_articles;
      n_articles = G_N_ELEMENTS (company_articles);
      break;
    }

  for (int i = 0; i < n_lines; i++)
    {
      const Article *a = &articles[sim_rng_range (&r, (guint32) n_articles)];
      SimLine *line = g_new0 (SimLine, 1);
      const SimVatRate *rate = sim_vat_rate_find (exempt ? "TVA1" : a->taux);

      line->numero = i + 1;
      line->reference = g_strdup_printf ("REF-%04u", 100 + sim_rng_range (&r, 9000));
      line->denomination = g_strdup (a->denomination);
      line->unite = g_strdup (a->unite);
      line->quantite = (a->pu_min >= 300000) ? 1 : 1 + sim_rng_range (&r, 24);
      line->pu_ht = a->pu_min + (gint64) sim_rng_range (&r, (guint32) (a->pu_max - a->pu_min + 1));
      line->remise_ht = sim_rng_range (&r, 10) == 0 ? sim_line_total_ht (line) / 20 : 0;
      line->taux_code = g_strdup (rate->code);
      line->taux_bp = rate->bp;
      g_ptr_array_add (lines, line);
    }
  return lines;
}

/* ---- VAT ------------------------------------------------------------------------------------ */

gint64
sim_vat_of (gint64 base, int bp)
{
  return (gint64) llround ((double) base * bp / 10000.0);
}

GPtrArray *
sim_vat_summary (GPtrArray *lines)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < lines->len; i++)
    {
      SimLine *line = g_ptr_array_index (lines, i);
      SimVatLine *v = NULL;

      for (guint j = 0; j < out->len; j++)
        if (g_strcmp0 (((SimVatLine *) g_ptr_array_index (out, j))->taux_code, line->taux_code) == 0)
          v = g_ptr_array_index (out, j);
      if (v == NULL)
        {
          v = g_new0 (SimVatLine, 1);
          v->taux_code = line->taux_code;  /* borrowed from the line */
          v->taux_bp = line->taux_bp;
          g_ptr_array_add (out, v);
        }
      v->base_ht += sim_line_total_ht (line);
    }
  for (guint j = 0; j < out->len; j++)
    {
      SimVatLine *v = g_ptr_array_index (out, j);
      v->tva = sim_vat_of (v->base_ht, v->taux_bp);
    }
  return out;
}

void
sim_lines_totals (GPtrArray *lines, gint64 *ht, gint64 *tva)
{
  g_autoptr(GPtrArray) vat = sim_vat_summary (lines);

  *ht = 0;
  *tva = 0;
  for (guint j = 0; j < vat->len; j++)
    {
      SimVatLine *v = g_ptr_array_index (vat, j);
      *ht += v->base_ht;
      *tva += v->tva;
    }
}

/* ---- lines of a deposit ------------------------------------------------------------------- */

char *
sim_lines_to_json (GPtrArray *lines)
{
  g_autoptr(JsonArray) arr = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < lines->len; i++)
    {
      SimLine *l = g_ptr_array_index (lines, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "numero", l->numero);
      json_object_set_string_member (o, "reference", l->reference ? l->reference : "");
      json_object_set_string_member (o, "denomination", l->denomination ? l->denomination : "");
      json_object_set_double_member (o, "quantite", l->quantite);
      json_object_set_string_member (o, "unite", l->unite ? l->unite : "");
      json_object_set_int_member (o, "pu", l->pu_ht);
      json_object_set_int_member (o, "remise", l->remise_ht);
      json_object_set_string_member (o, "taux", l->taux_code ? l->taux_code : "");
      json_object_set_int_member (o, "bp", l->taux_bp);
      json_array_add_object_element (arr, o);
    }
  json_node_set_array (node, arr);
  return json_to_string (node, FALSE);
}

static GPtrArray *
lines_from_json (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *arr;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return lines;
  arr = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      SimLine *l = g_new0 (SimLine, 1);

      l->numero = (int) json_object_get_int_member (o, "numero");
      l->reference = g_strdup (json_object_get_string_member (o, "reference"));
      l->denomination = g_strdup (json_object_get_string_member (o, "denomination"));
      l->quantite = json_object_get_double_member (o, "quantite");
      l->unite = g_strdup (json_object_get_string_member (o, "unite"));
      l->pu_ht = json_object_get_int_member (o, "pu");
      l->remise_ht = json_object_get_int_member (o, "remise");
      l->taux_code = g_strdup (json_object_get_string_member (o, "taux"));
      l->taux_bp = (int) json_object_get_int_member (o, "bp");
      g_ptr_array_add (lines, l);
    }
  return lines;
}

GPtrArray *
sim_invoice_lines (const SimInvoice *inv)
{
  if (inv->generated)
    return sim_lines_derive (inv->lines_seed, inv->n_lines);
  return lines_from_json (inv->lines_json);
}
