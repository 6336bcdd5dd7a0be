/* chorus-sim-dataset.c: schema, seeded generation and row access of the simulator's SQLite store. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chorus-sim-dataset.h"
#include "chorus-sim-rules.h"
#include "chorus-types.h"
#include "chorus-sim-private.h"

#define SCHEMA_VERSION "7"

struct _SimDataset {
  sqlite3      *db;
  char         *path;
  guint32       seed;
  guint         n_invoices;
  SimWellKnown  wk;
  GHashTable   *counts;          /* search SQL + binds → total, while nothing was written */
  sqlite3_int64 counts_changes;
  sqlite3_stmt *structure_stmt;  /* kept prepared: each page of results loads dozens */
  sqlite3_stmt *service_stmt;
  sqlite3_stmt *insert_stmt;
};

/* splitmix64: tiny, fast and the same on every platform, so a seed always gives the same data. */
typedef struct {
  guint64 s;
} Rng;

static guint64
rng_next (Rng *r)
{
  guint64 z = (r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint32
rng_range (Rng *r, guint32 n)
{
  return n == 0 ? 0 : (guint32) (rng_next (r) % n);
}

static double
rng_double (Rng *r)
{
  return (double) (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

static const char *
rng_pick (Rng *r, const char *const *items, gsize n)
{
  return items[rng_range (r, (guint32) n)];
}

#define PICK(r, arr) rng_pick ((r), (arr), G_N_ELEMENTS (arr))

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

/* ---- schema ---------------------------------------------------------------------------- */

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE structures (id INTEGER PRIMARY KEY, identifiant TEXT NOT NULL, type_identifiant TEXT NOT NULL,"
  " designation TEXT NOT NULL, is_public INTEGER NOT NULL, est_moa INTEGER NOT NULL DEFAULT 0,"
  " service_required INTEGER NOT NULL DEFAULT 0, ej_required INTEGER NOT NULL DEFAULT 0,"
  " ej_or_service INTEGER NOT NULL DEFAULT 0, adresse TEXT, code_postal TEXT, ville TEXT, pays TEXT,"
  " email TEXT, numero_tva TEXT, rcs TEXT, kind INTEGER NOT NULL DEFAULT 0, name_rank INTEGER NOT NULL DEFAULT 0,"
  " actif INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX structures_identifiant ON structures (identifiant);"
  "CREATE TABLE services (id INTEGER PRIMARY KEY, structure_id INTEGER NOT NULL, code TEXT NOT NULL,"
  " libelle TEXT NOT NULL, actif INTEGER NOT NULL, ej_required INTEGER NOT NULL, date_debut TEXT);"
  "CREATE INDEX services_structure ON services (structure_id, code);"
  "CREATE TABLE rattachements (structure_id INTEGER NOT NULL, role TEXT NOT NULL, PRIMARY KEY (structure_id, role));"
  "CREATE TABLE invoices (id INTEGER PRIMARY KEY, numero TEXT NOT NULL, supplier_id INTEGER NOT NULL,"
  " recipient_id INTEGER NOT NULL, service_id INTEGER NOT NULL DEFAULT 0, supplier_service_id INTEGER NOT NULL DEFAULT 0,"
  " statut TEXT NOT NULL, type_facture TEXT NOT NULL, type_tva TEXT, cadre TEXT NOT NULL, mode_depot TEXT,"
  " date_depot TEXT NOT NULL, date_facture TEXT NOT NULL, date_etat TEXT NOT NULL, ht INTEGER NOT NULL,"
  " tva INTEGER NOT NULL, ttc INTEGER NOT NULL, a_payer INTEGER NOT NULL, devise TEXT NOT NULL,"
  " numero_marche TEXT, numero_bc TEXT, numero_origine TEXT, mode_paiement TEXT, commentaire_etat TEXT,"
  " telechargee INTEGER NOT NULL DEFAULT 0, numero_flux TEXT, numero_mandat TEXT, lines_seed INTEGER NOT NULL DEFAULT 0,"
  " n_lines INTEGER NOT NULL DEFAULT 0, generated INTEGER NOT NULL DEFAULT 0, main_pj_id INTEGER NOT NULL DEFAULT 0,"
  " commentaire TEXT, lines_json TEXT, valideur_id INTEGER NOT NULL DEFAULT 0, motif_exoneration TEXT, date_echeance TEXT,"
  " type_dp TEXT NOT NULL DEFAULT 'FACTURE', type_facture_travaux TEXT, valideur2_id INTEGER NOT NULL DEFAULT 0,"
  " niveau_validation INTEGER NOT NULL DEFAULT 0, date_validation1 TEXT, date_validation2 TEXT,"
  " facturx INTEGER NOT NULL DEFAULT 0, moe_id INTEGER NOT NULL DEFAULT 0, moa_id INTEGER NOT NULL DEFAULT 0,"
  " coord_banc_id INTEGER NOT NULL DEFAULT 0,"
  " gen_statut TEXT, gen_date TEXT, gen_commentaire TEXT, queue_id INTEGER NOT NULL DEFAULT 0, supplier_rank INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE coordonnees_bancaires (id INTEGER PRIMARY KEY, structure_id INTEGER NOT NULL, nom TEXT NOT NULL,"
  " iban TEXT NOT NULL, bic TEXT, valide INTEGER NOT NULL);"
  "CREATE TABLE history (seq INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL, statut TEXT NOT NULL,"
  " date TEXT NOT NULL, commentaire TEXT);"
  "CREATE INDEX history_invoice ON history (invoice_id, seq);"
  "CREATE TABLE attachments (id INTEGER PRIMARY KEY, nom TEXT NOT NULL, extension TEXT NOT NULL, mime TEXT,"
  " data BLOB NOT NULL, invoice_id INTEGER NOT NULL DEFAULT 0, type_code TEXT, numero_ligne INTEGER);"
  "CREATE INDEX attachments_invoice ON attachments (invoice_id);"
  "CREATE TABLE flux (numero TEXT PRIMARY KEY, nom_fichier TEXT, syntaxe TEXT, date_depot TEXT,"
  " date_etat TEXT, etat TEXT NOT NULL, erreurs_json TEXT, supplier_id INTEGER NOT NULL);"
  "CREATE TABLE works (id INTEGER PRIMARY KEY, numero TEXT NOT NULL, cadre TEXT NOT NULL, statut TEXT NOT NULL,"
  " supplier_id INTEGER NOT NULL, moe_id INTEGER NOT NULL, moa_id INTEGER NOT NULL, service_id INTEGER NOT NULL DEFAULT 0,"
  " numero_marche TEXT, numero_engagement TEXT, date_depot TEXT NOT NULL, date_facture TEXT NOT NULL,"
  " date_etat TEXT NOT NULL, ht INTEGER NOT NULL, tva INTEGER NOT NULL, ttc INTEGER NOT NULL, a_payer INTEGER NOT NULL,"
  " prev_id INTEGER NOT NULL DEFAULT 0, next_id INTEGER NOT NULL DEFAULT 0, dossier TEXT NOT NULL, motif TEXT,"
  " mode_depot TEXT, telechargee INTEGER NOT NULL DEFAULT 0, lines_seed INTEGER NOT NULL DEFAULT 0,"
  " main_pj_id INTEGER NOT NULL DEFAULT 0);";

/* Created after the bulk insert: building an index once is much faster than growing it.
 * queue_id is the recipient an invoice is with: 0 while it waits for its validator, so that
 * the recipient's searches (one typeDemandePaiement at a time) walk one index without looking
 * at statuses. */
static const char index_sql[] =
  "CREATE INDEX invoices_queue_depot ON invoices (queue_id, type_dp, date_depot);"
  "CREATE INDEX invoices_queue_facture ON invoices (queue_id, type_dp, date_facture);"
  "CREATE INDEX invoices_queue_statut ON invoices (queue_id, type_dp, statut, date_depot);"
  "CREATE INDEX invoices_queue_ttc ON invoices (queue_id, type_dp, ttc);"
  "CREATE INDEX invoices_queue_etat ON invoices (queue_id, type_dp, date_etat);"
  "CREATE INDEX invoices_queue_numero ON invoices (queue_id, type_dp, numero);"
  "CREATE INDEX invoices_queue_supplier ON invoices (queue_id, type_dp, supplier_rank);"
  "CREATE INDEX invoices_supplier_depot ON invoices (supplier_id, date_depot);"
  "CREATE INDEX invoices_supplier_statut ON invoices (supplier_id, statut, date_depot);"
  "CREATE INDEX invoices_numero ON invoices (numero);"
  "CREATE INDEX invoices_flux ON invoices (numero_flux) WHERE numero_flux IS NOT NULL;"
  "CREATE INDEX invoices_valideur ON invoices (valideur_id, date_depot) WHERE valideur_id != 0;"
  "CREATE INDEX invoices_valideur2 ON invoices (valideur2_id, date_depot) WHERE valideur2_id != 0;"
  "CREATE INDEX works_supplier ON works (supplier_id, date_depot);"
  "CREATE INDEX works_moe ON works (moe_id, date_depot);"
  "CREATE INDEX works_moa ON works (moa_id, date_depot);"
  "CREATE INDEX works_dossier ON works (dossier);";

gboolean
sim_dataset_exec (SimDataset *self, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_warning ("chorus-sim: SQL failed: %s", msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

static char *
col_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);
  return t ? g_strdup ((const char *) t) : NULL;
}

/* ---- identifiers ----------------------------------------------------------------------- */

/* The Luhn check of a SIRET (the simulator's own: it must not trust the client's). */
static gboolean
luhn_valid (const char *digits)
{
  int sum = 0;
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      int d = digits[len - 1 - i] - '0';

      if (i % 2 == 1 && (d *= 2) > 9)
        d -= 9;
      sum += d;
    }
  return sum % 10 == 0;
}

/* A SIRET starting with @prefix whose 14 digits pass the Luhn check. */
static char *
make_siret (Rng *r, const char *prefix)
{
  char digits[15];
  gsize plen = strlen (prefix);

  for (;;)
    {
      memcpy (digits, prefix, plen);
      for (gsize i = plen; i < 13; i++)
        digits[i] = (char) ('0' + rng_range (r, 10));
      digits[14] = '\0';
      for (int d = 0; d < 10; d++)
        {
          digits[13] = (char) ('0' + d);
          /* La Poste's establishments (SIREN 356000000) follow another rule: none are drawn. */
          if (luhn_valid (digits) && !g_str_has_prefix (digits, "356000000"))
            return g_strdup (digits);
        }
    }
}

/* French intra-community VAT number of a SIREN: FR + key + SIREN. */
static char *
vat_number_for_siret (const char *siret)
{
  guint64 siren = g_ascii_strtoull (siret, NULL, 10) / 100000;
  return g_strdup_printf ("FR%02u%09" G_GUINT64_FORMAT, (guint) ((12 + 3 * (siren % 97)) % 97), siren);
}

/* ---- the fixed cast ---------------------------------------------------------------------- */

typedef enum {
  KIND_PUBLIC = 0,
  KIND_TRAINING = 1,
  KIND_COMPANY = 2,
  KIND_WORKS = 3,
  KIND_MOE = 4,
} StructureKind;

static const char *const towns[][2] = {
  { "Vallon-sur-Loire", "45120" }, { "Montreval", "01340" }, { "Saint-Aubin-des-Prés", "35140" },
  { "Rivebelle", "33210" }, { "Brenne-le-Château", "36300" }, { "Haute-Vallée", "38160" },
  { "Clairmont", "63110" }, { "Pont-Sainte-Marie", "10150" }, { "Lavaur-les-Bois", "81500" },
  { "Saint-Just-en-Plaine", "42170" }, { "Beaulieu-sur-Mer", "06310" }, { "Château-Renard", "45220" },
};

static const char *const streets[] = {
  "rue de la République", "avenue du Général de Gaulle", "boulevard Pasteur", "rue des Écoles",
  "place de l'Hôtel de Ville", "rue Victor Hugo", "allée des Tilleuls", "chemin des Vignes",
  "rue du Moulin", "avenue Jean Jaurès", "rue de la Gare", "impasse des Artisans",
};

typedef struct {
  const char *code;
  const char *libelle;
  gboolean    ej_required;
} ServiceSeed;

static const ServiceSeed hospital_services[] = {
  { "ANFH_FORMATION", "Formation continue – financements ANFH", FALSE },
  { "FORMATION", "Service formation du personnel", FALSE },
  { "ACHATS", "Direction des achats et de la logistique", TRUE },
  { "PHARMACIE", "Pharmacie à usage intérieur", TRUE },
  { "TRAVAUX", "Direction des travaux et du patrimoine", TRUE },
  { "DRH", "Direction des ressources humaines", FALSE },
  { "DSI", "Direction du système d'information", TRUE },
  { "BIOMED", "Ingénierie biomédicale", TRUE },
  { "RESTAURATION", "Restauration et hôtellerie", FALSE },
};

static const ServiceSeed commune_services[] = {
  { "SERVICES_TECHNIQUES", "Services techniques municipaux", FALSE },
  { "ECOLES", "Affaires scolaires", FALSE },
  { "CULTURE", "Médiathèque et culture", FALSE },
};

static const ServiceSeed anfh_services[] = {
  { "DELEGATION_REGIONALE", "Délégation régionale", FALSE },
  { "PLAN_FORMATION", "Plan de formation mutualisé", FALSE },
};

static const char *const public_names[] = {
  "Centre hospitalier de Saint-Aubin-des-Prés", "Centre hospitalier universitaire de Rivebelle",
  "Département de la Haute-Vallée", "Communauté de communes du Pays de Brenne",
  "EHPAD public Les Tilleuls", "Collège Jean Moulin de Clairmont", "Lycée professionnel Marie Curie",
  "Syndicat intercommunal des eaux du Val", "Commune de Pont-Sainte-Marie",
  "Centre communal d'action sociale de Lavaur-les-Bois", "Groupement hospitalier de territoire Loire Sud",
};

static const char *const training_first[] = {
  "Institut", "Centre de formation", "Organisme de formation", "Académie", "École", "Atelier",
};
static const char *const training_topic[] = {
  "des soins infirmiers", "Santé Management", "Hygiène et Qualité", "Gestes et Postures",
  "Sécurité Incendie", "Bureautique Pro", "Langues et Santé", "Relation Patient", "Éthique et Soin",
  "Urgences Formation",
};
static const char *const company_names[] = {
  "Distrimed", "Hygiène Plus", "Bureau Pro", "Elec Services", "Informatique Conseil", "Propreté 2000",
  "Médical Équipement", "Restauration Collective", "Transports Martin", "Imprimerie du Centre",
  "Papeterie Moderne", "Sécuri-Alarme", "Blanchisserie Centrale", "Lumière & Énergie", "Optimédical",
};
static const char *const works_names[] = {
  "Bâtiments Réunis", "Charpentes du Val", "Maçonnerie Dubois et Fils", "Toitures de l'Ouest",
  "Plomberie Chauffage Leroy", "Menuiseries Bernard", "Génie Climatique Services", "Peintures Moreau",
};
static const char *const legal_forms[] = { "SARL", "SAS", "SA", "EURL", "SASU" };
static const char *const foreign_companies[][3] = {
  { "Medizintechnik Becker GmbH", "UE_HORS_FRANCE", "DE" },
  { "Formations Belges SPRL", "UE_HORS_FRANCE", "BE" },
  { "Soluciones Hospitalarias SL", "UE_HORS_FRANCE", "ES" },
  { "Swiss Medical Training AG", "HORS_UE", "CH" },
  { "London Clinical Skills Ltd", "HORS_UE", "GB" },
};

typedef struct {
  sqlite3_stmt *structure;
  sqlite3_stmt *service;
  sqlite3_stmt *works;
  gint64        next_structure_id;
  gint64        next_service_id;
} Inserter;

static gint64
insert_structure (Inserter *ins, Rng *r, const char *identifiant, const char *type_id, const char *name,
                  StructureKind kind, gboolean est_moa, gboolean service_required, gboolean ej_required,
                  gboolean ej_or_service, const char *pays)
{
  sqlite3_stmt *s = ins->structure;
  gint64 id = ins->next_structure_id;
  guint t = rng_range (r, G_N_ELEMENTS (towns));
  g_autofree char *adresse = g_strdup_printf ("%u %s", 1 + rng_range (r, 120), PICK (r, streets));
  g_autofree char *tva = NULL;
  g_autofree char *rcs = NULL;
  g_autofree char *email = NULL;
  g_autofree char *slug = NULL;

  ins->next_structure_id += 1 + rng_range (r, 37);
  if (g_strcmp0 (type_id, "SIRET") == 0)
    {
      tva = vat_number_for_siret (identifiant);
      if (kind != KIND_PUBLIC)
        rcs = g_strdup_printf ("RCS %s %.3s %.3s %.3s", towns[t][0], identifiant, identifiant + 3, identifiant + 6);
    }
  slug = g_ascii_strdown (identifiant, -1);
  email = g_strdup_printf ("facturation.%s@exemple.fr", slug);

  sqlite3_reset (s);
  sqlite3_bind_int64 (s, 1, id);
  bind_text (s, 2, identifiant);
  bind_text (s, 3, type_id);
  bind_text (s, 4, name);
  sqlite3_bind_int (s, 5, kind == KIND_PUBLIC);
  sqlite3_bind_int (s, 6, est_moa);
  sqlite3_bind_int (s, 7, service_required);
  sqlite3_bind_int (s, 8, ej_required);
  sqlite3_bind_int (s, 9, ej_or_service);
  bind_text (s, 10, adresse);
  bind_text (s, 11, g_strcmp0 (pays, "FR") == 0 ? towns[t][1] : "10115");
  bind_text (s, 12, g_strcmp0 (pays, "FR") == 0 ? towns[t][0] : "Berlin");
  bind_text (s, 13, pays);
  bind_text (s, 14, email);
  bind_text (s, 15, tva);
  bind_text (s, 16, rcs);
  sqlite3_bind_int (s, 17, kind);
  if (sqlite3_step (s) != SQLITE_DONE)
    g_warning ("chorus-sim: structure insert failed");
  return id;
}

static gint64
insert_service (Inserter *ins, gint64 structure_id, const ServiceSeed *seed, gboolean actif)
{
  sqlite3_stmt *s = ins->service;
  gint64 id = ins->next_service_id++;

  sqlite3_reset (s);
  sqlite3_bind_int64 (s, 1, id);
  sqlite3_bind_int64 (s, 2, structure_id);
  bind_text (s, 3, seed->code);
  bind_text (s, 4, seed->libelle);
  sqlite3_bind_int (s, 5, actif);
  sqlite3_bind_int (s, 6, seed->ej_required);
  bind_text (s, 7, "2017-01-01 00:00");
  if (sqlite3_step (s) != SQLITE_DONE)
    g_warning ("chorus-sim: service insert failed");
  return id;
}

/* ---- lines ---------------------------------------------------------------------------- */

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

/* The lines of a generated invoice. The seed's two low bits carry the supplier kind; its top
 * bit says the invoice is VAT exempt (every line at the 0 % rate). */
#define SEED_EXEMPT 0x80000000u

static GPtrArray *
derive_lines (guint32 seed, int n_lines)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  gboolean exempt = (seed & SEED_EXEMPT) != 0;
  Rng r = { ((guint64) (seed & ~SEED_EXEMPT) << 1) | 1 };
  const Article *articles;
  gsize n_articles;

  switch (seed & 3)
    {
    case KIND_TRAINING:
      articles = training_articles;
      n_articles = G_N_ELEMENTS (training_articles);
      break;
    case KIND_WORKS:
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
      const Article *a = &articles[rng_range (&r, (guint32) n_articles)];
      SimLine *line = g_new0 (SimLine, 1);
      const SimVatRate *rate = sim_vat_rate_find (exempt ? "TVA1" : a->taux);

      line->numero = i + 1;
      line->reference = g_strdup_printf ("REF-%04u", 100 + rng_range (&r, 9000));
      line->denomination = g_strdup (a->denomination);
      line->unite = g_strdup (a->unite);
      line->quantite = (a->pu_min >= 300000) ? 1 : 1 + rng_range (&r, 24);
      line->pu_ht = a->pu_min + (gint64) rng_range (&r, (guint32) (a->pu_max - a->pu_min + 1));
      line->remise_ht = rng_range (&r, 10) == 0 ? sim_line_total_ht (line) / 20 : 0;
      line->taux_code = g_strdup (rate->code);
      line->taux_bp = rate->bp;
      g_ptr_array_add (lines, line);
    }
  return lines;
}

static gint64
vat_of (gint64 base, int bp)
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
      v->tva = vat_of (v->base_ht, v->taux_bp);
    }
  return out;
}

static void
totals_of (GPtrArray *lines, gint64 *ht, gint64 *tva)
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
    return derive_lines (inv->lines_seed, inv->n_lines);
  return lines_from_json (inv->lines_json);
}

/* ---- dates ------------------------------------------------------------------------------ */

static guint32
julian_of (int y, int m, int d)
{
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_get_julian (&date);
}

static void
format_julian (guint32 j, char out[11])
{
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, j);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

char *
sim_now_datetime (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d %H:%M");
}

char *
sim_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* ---- statuses --------------------------------------------------------------------------- */

static const char *const processing_steps[] = {
  "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE", "MISE_EN_PAIEMENT",
};

/* The path an invoice walked to reach @statut through @levels validators (0, 1 or 2); the last
 * element is @statut itself. */
static gsize
status_path (const char *statut, int levels, const char **path)
{
  static const char *const waiting[] = { "A_VALIDER_1", "A_VALIDER_2" };
  static const char *const refused[] = { "REFUSEE_1", "REFUSEE_2" };
  static const char *const validated[] = { "VALIDEE_1", "VALIDEE_2" };
  gsize n = 0;

  path[n++] = "DEPOSEE";
  if (g_strcmp0 (statut, "DEPOSEE") == 0)
    return n;
  if (g_strcmp0 (statut, "INTERPRETEE_OCR") == 0)
    {
      /* Read by the portal's OCR, it waits for its supplier to confirm the data. */
      path[n++] = statut;
      return n;
    }
  for (int level = 0; level < levels && level < 2; level++)
    {
      path[n++] = waiting[level];
      if (g_strcmp0 (statut, waiting[level]) == 0)
        return n;
      if (g_strcmp0 (statut, refused[level]) == 0)
        {
          path[n++] = refused[level];
          return n;
        }
      path[n++] = validated[level];
    }
  path[n++] = "EN_COURS_ACHEMINEMENT";
  if (g_strcmp0 (statut, "EN_COURS_ACHEMINEMENT") == 0)
    return n;
  if (g_strcmp0 (statut, "TECHNIQUE_INCONNU") == 0)
    {
      path[n++] = statut;
      return n;
    }
  path[n++] = "MISE_A_DISPOSITION";
  if (g_strcmp0 (statut, "MISE_A_DISPOSITION") == 0)
    return n;
  if (g_strcmp0 (statut, "COMPLETEE") == 0)
    {
      path[n++] = "SUSPENDUE";
      path[n++] = "COMPLETEE";
      return n;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (processing_steps); i++)
    {
      if (g_strcmp0 (statut, processing_steps[i]) == 0)
        {
          /* COMPTABILISEE follows MANDATEE or MISE_A_DISPOSITION_COMPTABLE, not both. */
          for (gsize j = 0; j <= i; j++)
            if (!(i == 3 && j == 2))
              path[n++] = processing_steps[j];
          return n;
        }
    }
  path[n++] = statut;
  return n;
}

static int
validation_levels (const SimInvoice *inv)
{
  return inv->valideur_id == 0 ? 0 : inv->valideur2_id == 0 ? 1 : 2;
}

void
sim_history_entry_free (SimHistoryEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->statut);
  g_free (e->date);
  g_free (e->commentaire);
  g_free (e);
}

GPtrArray *
sim_invoice_history (SimDataset *self, const SimInvoice *inv)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_history_entry_free);
  sqlite3_stmt *stmt = NULL;

  if (inv->generated)
    {
      const char *path[16];
      g_autofree char *gen_statut = NULL;
      g_autofree char *gen_date = NULL;
      g_autofree char *gen_commentaire = NULL;
      gsize n;
      int y, m, d;
      guint32 from, to;

      /* The generated walk ends where the invoice stood when generated; what happened
       * since is in the history table. */
      sqlite3_prepare_v2 (self->db, "SELECT gen_statut, gen_date, gen_commentaire FROM invoices WHERE id = ?", -1,
                          &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, inv->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gen_statut = col_text (stmt, 0);
          gen_date = col_text (stmt, 1);
          gen_commentaire = col_text (stmt, 2);
        }
      sqlite3_finalize (stmt);
      n = status_path (gen_statut ? gen_statut : inv->statut, validation_levels (inv), path);

      from = to = julian_of (2024, 1, 1);
      if (sscanf (inv->date_depot, "%d-%d-%d", &y, &m, &d) == 3)
        from = to = julian_of (y, m, d);
      if (sscanf (gen_date ? gen_date : inv->date_etat, "%d-%d-%d", &y, &m, &d) == 3)
        to = MAX (from, julian_of (y, m, d));
      for (gsize i = 0; i < n; i++)
        {
          SimHistoryEntry *e = g_new0 (SimHistoryEntry, 1);
          char day[11];
          guint32 j = n > 1 ? from + (guint32) ((guint64) (to - from) * i / (n - 1)) : from;

          format_julian (j, day);
          e->statut = g_strdup (path[i]);
          /* One step an hour at most, so that same-day steps stay in order. */
          e->date = g_strdup_printf ("%s %02u:%02u", day, (guint) MIN (8 + i, 22),
                                     (guint) ((inv->lines_seed >> 3) + i * 7) % 60);
          /* The last generated step keeps its comment (a suspension's reason) after a change. */
          if (i == n - 1 && gen_statut == NULL && inv->commentaire_etat && *inv->commentaire_etat)
            e->commentaire = g_strdup (inv->commentaire_etat);
          else if (i == n - 1 && gen_commentaire != NULL && *gen_commentaire != '\0')
            e->commentaire = g_strdup (gen_commentaire);
          g_ptr_array_add (out, e);
        }
    }

  sqlite3_prepare_v2 (self->db, "SELECT statut, date, commentaire FROM history WHERE invoice_id = ? ORDER BY seq",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, inv->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SimHistoryEntry *e = g_new0 (SimHistoryEntry, 1);
      e->statut = col_text (stmt, 0);
      e->date = col_text (stmt, 1);
      e->commentaire = col_text (stmt, 2);
      g_ptr_array_add (out, e);
    }
  sqlite3_finalize (stmt);
  return out;
}

/* The recipient an invoice is with (queue_id), 0 while a validator holds it or it is a draft. */
#define QUEUE_SQL "CASE WHEN niveau_validation > 0 OR statut IN (%s) THEN 0 ELSE recipient_id END"

static char *
queue_expression (void)
{
  g_autoptr(GString) hidden = g_string_new (NULL);
  const SimStatusInfo *all;
  gsize n;

  all = sim_statuses (&n);
  for (gsize k = 0; k < n; k++)
    if (sim_status_hidden_from_recipient (all[k].code))
      g_string_append_printf (hidden, "%s'%s'", hidden->len ? "," : "", all[k].code);
  return g_strdup_printf (QUEUE_SQL, hidden->str);
}

char *
sim_invoice_set_status (SimDataset *self, gint64 invoice_id, const char *statut, const char *commentaire)
{
  sqlite3_stmt *stmt = NULL;
  char *now = sim_now_datetime ();
  g_autofree char *queue = queue_expression ();
  g_autofree char *sql = NULL;

  /* Before the first change of a generated invoice, keep where its generated walk ended. */
  sqlite3_prepare_v2 (self->db,
                      "UPDATE invoices SET gen_statut = statut, gen_date = date_etat, gen_commentaire = commentaire_etat"
                      " WHERE id = ? AND generated = 1 AND gen_statut IS NULL", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (self->db, "UPDATE invoices SET statut = ?, date_etat = ?, commentaire_etat = ? WHERE id = ?",
                      -1, &stmt, NULL);
  bind_text (stmt, 1, statut);
  bind_text (stmt, 2, now);
  bind_text (stmt, 3, commentaire);
  sqlite3_bind_int64 (stmt, 4, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sql = g_strdup_printf ("UPDATE invoices SET queue_id = %s WHERE id = ?", queue);
  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (self->db, "INSERT INTO history (invoice_id, statut, date, commentaire) VALUES (?, ?, ?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  bind_text (stmt, 2, statut);
  bind_text (stmt, 3, now);
  bind_text (stmt, 4, commentaire);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return now;
}

void
sim_invoice_set_validation (SimDataset *self, gint64 invoice_id, int niveau, int validated_level)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *today = sim_today ();

  sqlite3_prepare_v2 (self->db,
                      "UPDATE invoices SET niveau_validation = ?1,"
                      " date_validation1 = CASE WHEN ?2 = 1 THEN ?3 ELSE date_validation1 END,"
                      " date_validation2 = CASE WHEN ?2 = 2 THEN ?3 ELSE date_validation2 END WHERE id = ?4",
                      -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, niveau);
  sqlite3_bind_int (stmt, 2, validated_level);
  bind_text (stmt, 3, today);
  sqlite3_bind_int64 (stmt, 4, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

gboolean
sim_invoice_insert (SimDataset *self, const SimInvoice *inv, gint64 supplier_rank)
{
  sqlite3_stmt *s;
  gboolean hidden = inv->niveau_validation > 0 || sim_status_hidden_from_recipient (inv->statut);
  int c = 1;

  if (self->insert_stmt == NULL &&
      sqlite3_prepare_v3 (self->db, "INSERT INTO invoices (" SIM_INVOICE_COLUMNS ", queue_id, supplier_rank) VALUES "
                          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          -1, SQLITE_PREPARE_PERSISTENT, &self->insert_stmt, NULL) != SQLITE_OK)
    {
      g_warning ("chorus-sim: invoice insert: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  s = self->insert_stmt;
  sqlite3_reset (s);
  sqlite3_bind_int64 (s, c++, inv->id);
  bind_text (s, c++, inv->numero);
  sqlite3_bind_int64 (s, c++, inv->supplier_id);
  sqlite3_bind_int64 (s, c++, inv->recipient_id);
  sqlite3_bind_int64 (s, c++, inv->service_id);
  sqlite3_bind_int64 (s, c++, inv->supplier_service_id);
  bind_text (s, c++, inv->statut);
  bind_text (s, c++, inv->type_facture);
  bind_text (s, c++, inv->type_tva);
  bind_text (s, c++, inv->cadre);
  bind_text (s, c++, inv->mode_depot);
  bind_text (s, c++, inv->date_depot);
  bind_text (s, c++, inv->date_facture);
  bind_text (s, c++, inv->date_etat);
  sqlite3_bind_int64 (s, c++, inv->ht);
  sqlite3_bind_int64 (s, c++, inv->tva);
  sqlite3_bind_int64 (s, c++, inv->ttc);
  sqlite3_bind_int64 (s, c++, inv->a_payer);
  bind_text (s, c++, inv->devise);
  bind_text (s, c++, inv->numero_marche);
  bind_text (s, c++, inv->numero_bc);
  bind_text (s, c++, inv->numero_origine);
  bind_text (s, c++, inv->mode_paiement);
  bind_text (s, c++, inv->commentaire_etat);
  sqlite3_bind_int (s, c++, inv->telechargee);
  bind_text (s, c++, inv->numero_flux);
  bind_text (s, c++, inv->numero_mandat);
  sqlite3_bind_int64 (s, c++, inv->lines_seed);
  sqlite3_bind_int (s, c++, inv->n_lines);
  sqlite3_bind_int (s, c++, inv->generated);
  sqlite3_bind_int64 (s, c++, inv->main_pj_id);
  bind_text (s, c++, inv->commentaire);
  bind_text (s, c++, inv->lines_json);
  sqlite3_bind_int64 (s, c++, inv->valideur_id);
  bind_text (s, c++, inv->motif_exoneration);
  bind_text (s, c++, inv->date_echeance);
  bind_text (s, c++, inv->type_dp ? inv->type_dp : "FACTURE");
  bind_text (s, c++, inv->type_facture_travaux);
  sqlite3_bind_int64 (s, c++, inv->valideur2_id);
  sqlite3_bind_int (s, c++, inv->niveau_validation);
  bind_text (s, c++, inv->date_validation1);
  bind_text (s, c++, inv->date_validation2);
  sqlite3_bind_int (s, c++, inv->facturx);
  sqlite3_bind_int64 (s, c++, inv->moe_id);
  sqlite3_bind_int64 (s, c++, inv->moa_id);
  sqlite3_bind_int64 (s, c++, inv->coord_banc_id);
  sqlite3_bind_int64 (s, c++, hidden ? 0 : inv->recipient_id);
  sqlite3_bind_int64 (s, c++, supplier_rank);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      g_warning ("chorus-sim: invoice insert failed: %s", sqlite3_errmsg (self->db));
      sqlite3_reset (s);
      return FALSE;
    }
  sqlite3_reset (s);
  return TRUE;
}

/* ---- generation ------------------------------------------------------------------------- */

typedef struct {
  gint64   id;
  int      kind;
  const char *type_id;
  gint64   rank;      /* of the name among all structures: sorting by supplier name walks an index */
} SupplierRef;

typedef struct {
  gint64  id;
  gboolean service_required;
  gboolean ej_required;
  gboolean ej_or_service;
  GArray *services;  /* gint64 */
  GArray *service_ej; /* gboolean */
} RecipientRef;

static const char *const all_statuses[] = {
  "DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION", "A_RECYCLER", "REJETEE", "SUSPENDUE",
  "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE", "MISE_EN_PAIEMENT",
  "COMPLETEE",
};

static const char *const motifs_suspension[] = {
  "Bon de commande manquant", "Merci de joindre la feuille d'émargement de la formation",
  "Quantités non conformes au bon de livraison", "Pièce justificative illisible",
  "Attestation de service fait à fournir",
};
static const char *const motifs_rejet[] = {
  "Facture en double", "Numéro d'engagement juridique erroné", "Montant non conforme au devis",
  "Prestation non commandée", "Erreur de destinataire : facture à adresser au GHT",
};
static const char *const motifs_recyclage[] = {
  "Service exécutant erroné : à adresser au service formation",
  "Mauvais destinataire dans l'établissement",
};

/* What the seeds teach, present in every dataset whatever its seed and size (the training and
 * demo data): the supplier's suspension to answer with documents, its invoice to recycle and
 * its rejected credit note (seeds 001 and 004); Factur-X invoices whose structured data the
 * recipient checks; works invoices received by the hospital; statuses a client may not know;
 * first- and second-level validations. */
typedef struct {
  gboolean    issued;         /* by the account's company; otherwise received by its hospital */
  const char *statut;
  const char *type_facture;
  const char *type_dp;        /* NULL: FACTURE */
  int         validators;     /* levels of validation the invoice goes through */
  gboolean    facturx;
  const char *motif;          /* NULL: one drawn for its status, if it takes one */
} TrainingCase;

static const TrainingCase training_cases[] = {
  { TRUE, "SUSPENDUE", "FACTURE", NULL, 0, FALSE,
    "Merci de joindre la feuille d'émargement signée par les stagiaires" },
  { TRUE, "A_RECYCLER", "FACTURE", NULL, 0, FALSE, "Service exécutant erroné : à adresser au service formation" },
  { TRUE, "REJETEE", "AVOIR", NULL, 0, FALSE, "Avoir sans référence à la facture d'origine" },
  { TRUE, "MISE_A_DISPOSITION", "FACTURE", NULL, 0, TRUE, NULL },
  { FALSE, "MISE_A_DISPOSITION", "FACTURE", NULL, 0, TRUE, NULL },
  { FALSE, "COMPLETEE", "FACTURE", NULL, 0, TRUE, NULL },
  { FALSE, "MISE_A_DISPOSITION", "FACTURE", "FACTURE_TRAVAUX", 0, FALSE, NULL },
  { FALSE, "SERVICE_FAIT", "FACTURE", "FACTURE_TRAVAUX", 0, FALSE, NULL },
  { FALSE, "TECHNIQUE_INCONNU", "FACTURE", NULL, 0, FALSE, NULL },
  { FALSE, "INTERPRETEE_OCR", "FACTURE", NULL, 0, FALSE, NULL },
  { FALSE, "A_VALIDER_1", "FACTURE", NULL, 1, FALSE, NULL },
  { FALSE, "A_VALIDER_1", "FACTURE", NULL, 2, TRUE, NULL },
  { FALSE, "A_VALIDER_1", "FACTURE", NULL, 1, FALSE, NULL },
  { FALSE, "A_VALIDER_2", "FACTURE", NULL, 2, FALSE, NULL },
  { FALSE, "REFUSEE_1", "FACTURE", NULL, 1, FALSE, "Montant non conforme au contrat de sous-traitance" },
  { FALSE, "MISE_A_DISPOSITION", "FACTURE", NULL, 2, FALSE, NULL },
};

/* Older invoices are further along: age in days → status. */
static const char *
draw_status (Rng *r, guint32 age_days)
{
  double x = rng_double (r);

  if (age_days > 150)
    {
      if (x < 0.78) return "MISE_EN_PAIEMENT";
      if (x < 0.84) return "COMPTABILISEE";
      if (x < 0.90) return "REJETEE";
      if (x < 0.94) return "A_RECYCLER";
      if (x < 0.97) return "MANDATEE";
      return "SUSPENDUE";
    }
  if (age_days > 45)
    {
      if (x < 0.30) return "MISE_EN_PAIEMENT";
      if (x < 0.45) return "MANDATEE";
      if (x < 0.55) return "MISE_A_DISPOSITION_COMPTABLE";
      if (x < 0.65) return "COMPTABILISEE";
      if (x < 0.75) return "SERVICE_FAIT";
      if (x < 0.82) return "SUSPENDUE";
      if (x < 0.87) return "REJETEE";
      if (x < 0.91) return "A_RECYCLER";
      if (x < 0.94) return "COMPLETEE";
      return "MISE_A_DISPOSITION";
    }
  if (x < 0.45) return "MISE_A_DISPOSITION";
  if (x < 0.62) return "SERVICE_FAIT";
  if (x < 0.70) return "MANDATEE";
  if (x < 0.76) return "SUSPENDUE";
  if (x < 0.80) return "REJETEE";
  if (x < 0.84) return "A_RECYCLER";
  if (x < 0.89) return "COMPLETEE";
  if (x < 0.94) return "EN_COURS_ACHEMINEMENT";
  return "DEPOSEE";
}

static int
status_depth (const char *statut)
{
  const char *path[16];
  return (int) status_path (statut, 0, path);
}

static gboolean
past_mandate (const char *statut)
{
  return g_strcmp0 (statut, "MANDATEE") == 0 || status_depth (statut) > status_depth ("MANDATEE");
}

typedef struct {
  Inserter      ins;
  Rng           r;
  GArray       *suppliers;   /* SupplierRef */
  GArray       *recipients;  /* RecipientRef */
  RecipientRef *hospital;
  SupplierRef   own;
  guint32       first_day;
  guint32       last_day;
  gint64        next_invoice_id;
  SimWellKnown *wk;
  SimDataset   *ds;
  gint64        other_validator;  /* a validator the account is not attached to */
} Gen;

#define FORCED_FIRST (2 * G_N_ELEMENTS (all_statuses))
#define TRAINING_LAST (FORCED_FIRST + G_N_ELEMENTS (training_cases))

/* A supplier of @kind among the generated ones (any, when none has that kind). */
static SupplierRef *
pick_supplier (Gen *g, int kind)
{
  guint start = rng_range (&g->r, g->suppliers->len);

  for (guint k = 0; k < g->suppliers->len; k++)
    {
      SupplierRef *s = &g_array_index (g->suppliers, SupplierRef, (start + k) % g->suppliers->len);
      if (s->kind == kind && g_strcmp0 (s->type_id, "SIRET") == 0)
        return s;
    }
  return &g_array_index (g->suppliers, SupplierRef, start);
}

static void
gen_invoice (Gen *g, guint i, guint n_total)
{
  Rng *r = &g->r;
  const TrainingCase *training = i >= FORCED_FIRST && i < TRAINING_LAST ? &training_cases[i - FORCED_FIRST] : NULL;
  SimInvoice inv = { 0 };
  SupplierRef *sup;
  RecipientRef *rec;
  const char *motif_exo = NULL;
  gboolean service_ej = FALSE;
  g_autofree char *numero = NULL;
  g_autofree char *numero_bc = NULL;
  g_autofree char *numero_marche = NULL;
  g_autofree char *numero_origine = NULL;
  g_autofree char *numero_mandat = NULL;
  g_autofree char *date_etat = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  char d_facture[11], d_depot[11], d_etat[11], d_echeance[11], d_val1[11], d_val2[11];
  guint32 j_facture, j_depot, j_etat, age;
  gint64 ht, tva;
  double x = rng_double (r);
  gboolean issued;
  int kind;

  if (training != NULL)
    issued = training->issued;
  else if (i < G_N_ELEMENTS (all_statuses) && i * 2 < n_total)
    issued = TRUE;
  else if (i < TRAINING_LAST)
    issued = FALSE;
  else
    issued = x >= 0.72 && x < 0.82;

  if (training != NULL)
    {
      /* The account's own invoices of the course bill training to the hospital. */
      rec = g->hospital;
      sup = issued ? &g->own
                   : pick_supplier (g, training->type_dp ? KIND_WORKS
                                       : training->validators ? KIND_COMPANY : KIND_TRAINING);
    }
  else if (issued)
    {
      sup = &g->own;
      rec = rng_range (r, 5) == 0 ? g->hospital
                                  : &g_array_index (g->recipients, RecipientRef, rng_range (r, g->recipients->len));
    }
  else
    {
      sup = &g_array_index (g->suppliers, SupplierRef, rng_range (r, g->suppliers->len));
      rec = (x < 0.72 || i < TRAINING_LAST)
              ? g->hospital
              : &g_array_index (g->recipients, RecipientRef, rng_range (r, g->recipients->len));
    }

  /* The account's own company trains, builds and sells: its invoices are of every kind. */
  kind = sup->kind;
  if (issued)
    kind = training ? KIND_TRAINING : rng_range (r, 4) < 2 ? KIND_TRAINING : rng_range (r, 2) ? KIND_WORKS : KIND_COMPANY;

  /* A few works invoices reach the hospital as their final recipient (typeDemandePaiement
   * FACTURE_TRAVAUX): the hospital is the maîtrise d'ouvrage of its own buildings. */
  inv.type_dp = "FACTURE";
  if ((training && training->type_dp) ||
      (!training && !issued && rec == g->hospital && kind == KIND_WORKS && rng_range (r, 4) == 0))
    {
      gboolean general = training ? g_strcmp0 (training->statut, "SERVICE_FAIT") == 0 : rng_range (r, 3) == 0;

      kind = KIND_WORKS;
      inv.type_dp = "FACTURE_TRAVAUX";
      inv.type_facture_travaux = general ? "DECOMPTE_GENERAL" : "ETAT_ACOMPTE_VALIDE";
      inv.moe_id = g->wk->moe_id;
      inv.moa_id = rec->id;
    }

  if (rec->services->len > 0 && (rec->service_required || rec->ej_or_service || rng_range (r, 10) < 7))
    {
      guint k;

      /* At the hospital each kind of supplier bills its own services: training bodies mostly
       * the ANFH-funded training service, builders the works department, the others purchasing,
       * pharmacy, IT, biomedical engineering or catering (indexes in hospital_services). */
      if (rec == g->hospital)
        {
          static const guint company_services[] = { 2, 3, 6, 7, 8 };

          switch (kind)
            {
            case KIND_TRAINING:
              k = rng_range (r, 10) < 7 ? 0 : rng_range (r, 2) ? 1 : 5;
              break;
            case KIND_WORKS:
              k = 4;
              break;
            default:
              k = company_services[rng_range (r, G_N_ELEMENTS (company_services))];
              break;
            }
        }
      else
        k = rng_range (r, rec->services->len);
      inv.service_id = g_array_index (rec->services, gint64, k);
      service_ej = g_array_index (rec->service_ej, gboolean, k);
    }

  j_facture = g->first_day + (guint32) (pow (rng_double (r), 0.7) * (g->last_day - g->first_day));
  j_depot = MIN (g->last_day, j_facture + rng_range (r, 8));
  age = g->last_day - j_depot;
  if (training)
    inv.statut = (char *) training->statut;
  else if (i < G_N_ELEMENTS (all_statuses) * 2)
    inv.statut = (char *) all_statuses[i % G_N_ELEMENTS (all_statuses)];
  else
    inv.statut = (char *) draw_status (r, age);

  /* Subcontractor invoices (A9) are validated by the titulaire, the account's own company, and
   * sometimes by the maîtrise d'œuvre after it; co-contractor invoices (A12) by the mandataire. */
  inv.cadre = "A1_FACTURE_FOURNISSEUR";
  if ((training && training->validators) || (!training && !issued && rec == g->hospital && rng_range (r, 50) == 0))
    {
      int levels = training ? training->validators : 1 + (int) rng_range (r, 2);

      inv.cadre = levels == 2 || rng_range (r, 2) ? "A9_FACTURE_SOUSTRAITANT" : "A12_FACTURE_COTRAITANT";
      inv.valideur_id = !training && rng_range (r, 8) == 0 ? g->other_validator : g->own.id;
      inv.valideur2_id = levels == 2 ? g->wk->moe_id : 0;
      if (!training && age < 60)
        {
          guint y = rng_range (r, 6);

          inv.statut = (char *) (y == 0 ? "REFUSEE_1" : y < 4 || levels == 1 ? "A_VALIDER_1" : "A_VALIDER_2");
        }
      inv.niveau_validation = sim_validation_level (inv.statut);
      if (g_strcmp0 (inv.statut, "REFUSEE_1") == 0)
        inv.niveau_validation = 1;
    }
  else if (!training && rng_range (r, 60) == 0)
    inv.cadre = "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE";

  j_etat = MIN (g->last_day, j_depot + (guint32) status_depth (inv.statut) * (2 + rng_range (r, 9)));
  format_julian (j_facture, d_facture);
  format_julian (j_depot, d_depot);
  format_julian (j_etat, d_etat);
  format_julian (j_facture + 30, d_echeance);
  format_julian (MIN (j_etat, j_depot + 2), d_val1);
  format_julian (MIN (j_etat, j_depot + 5), d_val2);
  date_etat = g_strdup_printf ("%s %02u:%02u", d_etat, 7 + rng_range (r, 12), rng_range (r, 60));
  if (inv.valideur_id != 0)
    {
      const char *path[16];
      gsize n = status_path (inv.statut, validation_levels (&inv), path);

      for (gsize k = 0; k < n; k++)
        {
          if (g_strcmp0 (path[k], "VALIDEE_1") == 0)
            inv.date_validation1 = d_val1;
          if (g_strcmp0 (path[k], "VALIDEE_2") == 0)
            inv.date_validation2 = d_val2;
        }
    }

  inv.type_facture = training ? (char *) training->type_facture : rng_range (r, 25) == 0 ? "AVOIR" : "FACTURE";

  switch (kind)
    {
    case KIND_TRAINING:
      inv.type_tva = "EXONERATION";
      motif_exo = "Exonération de TVA, article 261-4-4° a du CGI (formation professionnelle continue)";
      break;
    case KIND_WORKS:
      inv.type_tva = "TVA_SUR_ENCAISSEMENT";
      break;
    default:
      inv.type_tva = rng_range (r, 3) == 0 ? "TVA_SUR_ENCAISSEMENT" : "TVA_SUR_DEBIT";
      break;
    }
  if (g_strcmp0 (sup->type_id, "SIRET") != 0)
    {
      inv.type_tva = "SANS_TVA";
      motif_exo = "Autoliquidation : TVA due par le preneur (article 283-2 du CGI)";
    }

  {
    double y = rng_double (r);
    inv.n_lines = y < 0.6 ? 1 + (int) rng_range (r, 3) : y < 0.92 ? 4 + (int) rng_range (r, 9)
                                                               : 13 + (int) rng_range (r, 68);
  }
  inv.lines_seed = (guint32) ((rng_next (r) & 0x7ffffffcu) | (guint64) kind);
  if (motif_exo != NULL)
    inv.lines_seed |= SEED_EXEMPT;
  lines = derive_lines (inv.lines_seed, inv.n_lines);
  totals_of (lines, &ht, &tva);

  {
    static const char *const prefixes[] = { "F", "FAC", "FA", "FCT" };
    const char *prefix = kind == KIND_TRAINING ? "FORM" : kind == KIND_WORKS && inv.type_facture_travaux ? "SIT"
                         : PICK (r, prefixes);
    numero = g_strdup_printf ("%s%s-%.4s-%06u", inv.type_facture[0] == 'A' ? "AV" : "", prefix, d_facture,
                              (guint) (i + 1));
  }
  if (rec->ej_required || service_ej || (rec->ej_or_service && inv.service_id == 0) || rng_range (r, 10) < 4)
    numero_bc = g_strdup_printf ("%010u", 1300000000u + rng_range (r, 99999999));
  if (rng_range (r, 3) == 0 || inv.type_facture_travaux != NULL)
    numero_marche = g_strdup_printf ("%.4s-M%03u", d_facture, 1 + rng_range (r, 150));
  if (inv.type_facture[0] == 'A' && (training == NULL || training->motif == NULL))
    numero_origine = g_strdup_printf ("F-%.4s-%06u", d_facture, rng_range (r, 999999));
  if (past_mandate (inv.statut))
    numero_mandat = g_strdup_printf ("M%.4s-%05u", d_etat, rng_range (r, 99999));

  if (training && training->motif)
    inv.commentaire_etat = (char *) training->motif;
  else if (g_strcmp0 (inv.statut, "SUSPENDUE") == 0)
    inv.commentaire_etat = (char *) PICK (r, motifs_suspension);
  else if (g_strcmp0 (inv.statut, "REJETEE") == 0 || g_str_has_prefix (inv.statut, "REFUSEE"))
    inv.commentaire_etat = (char *) PICK (r, motifs_rejet);
  else if (g_strcmp0 (inv.statut, "A_RECYCLER") == 0)
    inv.commentaire_etat = (char *) PICK (r, motifs_recyclage);
  else if (g_strcmp0 (inv.statut, "COMPLETEE") == 0)
    inv.commentaire_etat = "Pièces complémentaires ajoutées par le fournisseur";

  {
    double y = rng_double (r);
    inv.mode_depot = y < 0.45 ? "DEPOT_PDF_API" : y < 0.7 ? "DEPOT_PDF_PORTAIL" : y < 0.85 ? "SAISIE_API"
                     : y < 0.92 ? "SAISIE_PORTAIL" : "EDI";
  }
  /* Structured deposits come as Factur-X: their PDF carries the CII invoice. */
  inv.facturx = training ? training->facturx
                         : (g_strcmp0 (inv.mode_depot, "EDI") == 0 || g_strcmp0 (inv.mode_depot, "DEPOT_PDF_API") == 0) &&
                           rng_range (r, 3) == 0;
  if (inv.facturx)
    inv.mode_depot = training ? "DEPOT_PDF_API" : inv.mode_depot;
  if (g_strcmp0 (inv.statut, "INTERPRETEE_OCR") == 0)
    inv.mode_depot = "DEPOT_PDF_PORTAIL";
  if (inv.type_facture[0] != 'A')
    {
      guint y = rng_range (r, 50);
      inv.mode_paiement = y < 2 ? "CHEQUE" : y < 5 ? "PRELEVEMENT" : "VIREMENT";
    }

  inv.id = g->next_invoice_id;
  g->next_invoice_id += 1 + rng_range (r, 3);
  inv.numero = numero;
  inv.supplier_id = sup->id;
  inv.recipient_id = rec->id;
  inv.date_depot = d_depot;
  inv.date_facture = d_facture;
  inv.date_etat = date_etat;
  inv.ht = ht;
  inv.tva = tva;
  inv.ttc = inv.a_payer = ht + tva;
  inv.devise = "EUR";
  inv.numero_marche = numero_marche;
  inv.numero_bc = numero_bc;
  inv.numero_origine = numero_origine;
  inv.telechargee = status_depth (inv.statut) > 4 || (g_strcmp0 (inv.statut, "MISE_A_DISPOSITION") == 0 && rng_range (r, 2));
  inv.numero_mandat = numero_mandat;
  inv.generated = TRUE;
  inv.motif_exoneration = (char *) motif_exo;
  inv.date_echeance = d_echeance;
  sim_invoice_insert (g->ds, &inv, sup->rank);
}

/* The works cases the seeds teach, each a billing file where the account is the supplier, the
 * MOE and the MOA (so every role sees it): each cadre of the webinar's table by its depositor,
 * the monthly and end-of-contract chains, the tacit procedure, a piece suspended waiting for
 * documents, one refused for a routing error, one sent back to be recycled. A NULL status is
 * the one the simulator's rules give (deposited, or followed by the next piece). */
typedef struct {
  const char *pieces[4][2];    /* { short cadre, status } */
  const char *motif;           /* commentaireEtatCourant of the piece with a status given */
} WorksCase;

static const WorksCase works_cases[] = {
  { { { "A4", NULL } } },
  { { { "A4", NULL }, { "A15", NULL } } },
  { { { "A4", NULL }, { "A15", NULL }, { "A19", NULL } } },
  { { { "A4", "SUSPENDUE" } }, "Il manque des pièces jointes : la situation de travaux détaillée du lot 02" },
  { { { "A4", "ERREUR_FOURNISSEUR_SUR_MOE" } }, "Erreur dans les données d'acheminement : ce marché relève d'une autre maîtrise d'œuvre" },
  { { { "A7", NULL }, { "A17", NULL }, { "A20", NULL } } },
  { { { "A7", NULL }, { "A17", NULL }, { "A20", NULL }, { "A8", NULL } } },
  { { { "A10", NULL } } },
  { { { "A13", NULL }, { "A15", NULL } } },
  { { { "A14", NULL } } },
  { { { "A5", NULL } } },
  { { { "A6", NULL } } },
  { { { "A15", NULL } } },
  { { { "A16", NULL } } },
  { { { "A17", NULL } } },
  { { { "A18", NULL } } },
  { { { "A19", NULL } } },
  { { { "A20", NULL } } },
  { { { "A7", NULL }, { "A22", NULL } } },
  { { { "A7", NULL }, { "A22", NULL }, { "A23", NULL } } },
  { { { "A22", NULL }, { "A24", NULL } } },
  { { { "A22", NULL }, { "A25", NULL } } },
  { { { "A24", NULL } } },
  { { { "A8", NULL } } },
  { { { "A4", NULL }, { "A15", "SUSPENDUE" } }, "Le détail des travaux du lot 03 manque à l'état d'acompte" },
  { { { "A4", "A_RECYCLER" }, { "A15", "EN_ATTENTE_RECYCLAGE_FOURNISSEUR" } }, "Numéro d'engagement erroné sur le projet de décompte" },
  { { { "A4", "COMPLETEE" } }, "Situation de travaux détaillée ajoutée" },
  { { { "A17", "ERREUR_MOE_SUR_MOA" } }, "Ce marché relève d'une autre maîtrise d'ouvrage" },
  { { { "A7", "PRISE_EN_COMPTE_MOE" } } },
  { { { "A15", "PRISE_EN_COMPTE_MOA" } } },
};

#define N_WORKS_CASES G_N_ELEMENTS (works_cases)

static void
insert_works (Gen *g, const char *cadre, const char *statut, gint64 supplier, gint64 moe, gint64 moa,
              const char *marche, const char *ej, const char *day, const char *date_etat, gint64 ht,
              gint64 prev, gint64 next, const char *dossier, const char *numero, const char *motif)
{
  sqlite3_stmt *s = g->ins.works;
  gint64 tva = vat_of (ht, 2000);

  sqlite3_reset (s);
  sqlite3_bind_int64 (s, 1, g->next_invoice_id);
  bind_text (s, 2, numero);
  bind_text (s, 3, cadre);
  bind_text (s, 4, statut);
  sqlite3_bind_int64 (s, 5, supplier);
  sqlite3_bind_int64 (s, 6, moe);
  sqlite3_bind_int64 (s, 7, moa);
  sqlite3_bind_int64 (s, 8, 0);
  bind_text (s, 9, marche);
  bind_text (s, 10, ej);
  bind_text (s, 11, day);
  bind_text (s, 12, day);
  bind_text (s, 13, date_etat);
  sqlite3_bind_int64 (s, 14, ht);
  sqlite3_bind_int64 (s, 15, tva);
  sqlite3_bind_int64 (s, 16, ht + tva);
  sqlite3_bind_int64 (s, 17, ht + tva);
  sqlite3_bind_int64 (s, 18, prev);
  sqlite3_bind_int64 (s, 19, next);
  bind_text (s, 20, dossier);
  bind_text (s, 21, motif);
  bind_text (s, 22, "DEPOT_PDF_API");
  sqlite3_bind_int (s, 23, 0);
  sqlite3_bind_int64 (s, 24, (gint64) ((rng_next (&g->r) & 0x7ffffffcu) | KIND_WORKS));
  if (sqlite3_step (s) != SQLITE_DONE)
    g_warning ("chorus-sim: works insert failed: %s", sqlite3_errmsg (sqlite3_db_handle (s)));
  g->next_invoice_id++;
}

/* One billing file: one of the seeds' cases first, then chains of random length and outcome. */
static void
gen_works (Gen *g, guint d, GArray *works_suppliers, gint64 other_moe, gint64 other_moa)
{
  Rng *r = &g->r;
  const char *chain[4][2] = { { NULL } };
  const char *motif = NULL;
  guint len = 0;
  gboolean scenario = d < N_WORKS_CASES;
  gint64 supplier = g->own.id, moe = g->wk->moe_id, moa = g->wk->moa_id;
  /* The seeds' cases are recent, so the 30-day payment clock means something in the demo. */
  guint32 j = scenario ? g->last_day - 40 + d : g->first_day + rng_range (r, g->last_day - g->first_day - 60);
  gint64 base_ht = 500000 + (gint64) rng_range (r, 20000000);
  g_autofree char *dossier = NULL;
  g_autofree char *marche = g_strdup_printf ("MT-%u-%03u", 2024 + rng_range (r, 3), 1 + rng_range (r, 200));
  g_autofree char *ej = rng_range (r, 2) ? g_strdup_printf ("%010u", 1400000000u + rng_range (r, 99999999)) : NULL;

  if (scenario)
    {
      for (; len < G_N_ELEMENTS (chain) && works_cases[d].pieces[len][0] != NULL; len++)
        {
          chain[len][0] = sim_works_cadre_code (works_cases[d].pieces[len][0]);
          chain[len][1] = works_cases[d].pieces[len][1];
        }
      motif = works_cases[d].motif;
    }
  else
    {
      const char *cadre = sim_works_cadre_code (rng_range (r, 3) == 0 ? "A7" : "A4");
      guint target = 1 + rng_range (r, 4);
      guint y = rng_range (r, 10);

      while (cadre != NULL && len < target)
        {
          chain[len++][0] = cadre;
          cadre = sim_works_next_in_chain (cadre, NULL);
        }
      if (y < 2 && g_str_has_prefix (sim_works_holder_status (chain[len - 1][0]), "MISE_A_DISPOSITION_MO"))
        chain[len - 1][1] = g_str_has_suffix (sim_works_holder_status (chain[len - 1][0]), "_MOE") ? "PRISE_EN_COMPTE_MOE"
                                                                                               : "PRISE_EN_COMPTE_MOA";
      else if (y == 2 && g_str_has_prefix (chain[len - 1][0], "A4_"))
        {
          chain[len - 1][1] = "SUSPENDUE";
          motif = "Il manque des pièces jointes : situation de travaux détaillée";
        }
      else if (y == 3 && len == 1 && g_str_has_prefix (chain[0][0], "A4_"))
        {
          chain[0][1] = "ERREUR_FOURNISSEUR_SUR_MOE";
          motif = "Erreur dans les données d'acheminement : maîtrise d'œuvre erronée";
        }
      supplier = d % 4 == 1 ? g->own.id : g_array_index (works_suppliers, gint64, rng_range (r, works_suppliers->len));
      moe = rng_range (r, 6) == 0 ? other_moe : g->wk->moe_id;
      moa = rng_range (r, 6) == 0 ? other_moa : g->wk->moa_id;
    }

  for (guint k = 0; k < len; k++)
    {
      const char *given_motif = chain[k][1] != NULL ? motif : NULL;
      const char *cadre = chain[k][0];
      const char *statut = chain[k][1];
      g_autofree char *numero = g_strdup_printf ("%s-%u-%02u", g_str_has_prefix (chain[0][0], "A4_") ? "PDM"
                                                 : g_str_has_prefix (chain[0][0], "A7_") ? "PDF" : "PT",
                                                 1000 + d, k + 1);
      g_autofree char *date_etat = NULL;
      char day[11];

      if (dossier == NULL)
        dossier = g_strdup (numero);
      if (statut == NULL)
        statut = k + 1 < len ? sim_works_followed_status (cadre, chain[k + 1][0]) : sim_works_holder_status (cadre);
      format_julian (j, day);
      date_etat = g_strdup_printf ("%s %02u:%02u", day, 8 + rng_range (r, 10), rng_range (r, 60));
      j += scenario ? 1 : 3 + rng_range (r, 12);
      insert_works (g, cadre, statut, supplier, moe, moa, marche, ej, day, date_etat,
                    base_ht - (gint64) (k * rng_range (r, 50000)), k > 0 ? g->next_invoice_id - 1 : 0,
                    k + 1 < len ? g->next_invoice_id + 1 : 0, dossier, numero, given_motif);
      if (given_motif != NULL)
        motif = NULL;
    }
}

/* An IBAN of France (FR76 + bank, branch, account, RIB key) whose ISO 13616 check digits hold. */
static char *
make_iban (Rng *r)
{
  char bban[24];
  guint rem = 0;
  g_autofree char *check_input = NULL;

  g_snprintf (bban, sizeof bban, "%05u%05u%011u", 10000 + rng_range (r, 89999), 10000 + rng_range (r, 89999),
              rng_range (r, 2000000000u));
  g_snprintf (bban + 21, 3, "%02u", rng_range (r, 97) + 1);
  /* BBAN + "FR00" with letters as numbers (F = 15, R = 27): 97 - (that mod 97). */
  check_input = g_strconcat (bban, "152700", NULL);
  for (const char *p = check_input; *p; p++)
    rem = (rem * 10 + (guint) (*p - '0')) % 97;
  return g_strdup_printf ("FR%02u%s", 98 - rem, bban);
}

/* The account's structures have bank details: the supplier two valid accounts and a closed
 * one, the maîtrise d'œuvre one (recuperer/coordbanc/valides). */
static void
gen_bank_accounts (Gen *g)
{
  static const struct { gboolean own; const char *nom; const char *bic; gboolean valide; } accounts[] = {
    { TRUE, "Compte principal – Crédit Coopératif Nantes", "CCOPFRPPXXX", TRUE },
    { TRUE, "Compte formation – Banque Populaire Grand Ouest", "CCBPFRPPNAN", TRUE },
    { TRUE, "Ancien compte (clôturé)", "AGRIFRPP847", FALSE },
    { FALSE, "Compte courant – Caisse d'Épargne", "CEPAFRPP444", TRUE },
  };
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (g->ds->db, "INSERT INTO coordonnees_bancaires (id, structure_id, nom, iban, bic, valide)"
                                 " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  for (gsize k = 0; k < G_N_ELEMENTS (accounts); k++)
    {
      g_autofree char *iban = make_iban (&g->r);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, 700000 + (gint64) k * 17 + rng_range (&g->r, 17));
      sqlite3_bind_int64 (stmt, 2, accounts[k].own ? g->own.id : g->wk->moe_id);
      bind_text (stmt, 3, accounts[k].nom);
      bind_text (stmt, 4, iban);
      bind_text (stmt, 5, accounts[k].bic);
      sqlite3_bind_int (stmt, 6, accounts[k].valide);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("chorus-sim: bank details insert failed");
    }
  sqlite3_finalize (stmt);
}

static void
add_recipient (Gen *g, gint64 id, gboolean service_required, gboolean ej_required, gboolean ej_or_service,
               const ServiceSeed *services, gsize n_services)
{
  RecipientRef ref = { id, service_required, ej_required, ej_or_service,
                       g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gboolean)) };

  for (gsize k = 0; k < n_services; k++)
    {
      gint64 sid = insert_service (&g->ins, id, &services[k], TRUE);
      g_array_append_val (ref.services, sid);
      g_array_append_val (ref.service_ej, services[k].ej_required);
    }
  g_array_append_val (g->recipients, ref);
}

static gboolean
generate (SimDataset *self, guint32 seed, guint n_invoices, GError **error)
{
  Gen g = { 0 };
  SimWellKnown *wk = &self->wk;
  gint64 hospital_id, anfh_id, other_moe, other_moa;
  g_autoptr(GArray) works_suppliers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *hospital_siret = NULL;
  guint n_dossiers;
  static const ServiceSeed inactive = { "ANCIEN_SERVICE", "Service fermé (ne plus utiliser)", FALSE };
  int rc = SQLITE_OK;

  g.r.s = ((guint64) seed << 32) ^ G_GUINT64_CONSTANT (0x5EED0C0FFEE);
  g.wk = wk;
  g.ds = self;
  g.first_day = julian_of (2024, 1, 2);
  g.last_day = julian_of (2026, 11, 20);
  g.next_invoice_id = 4000000 + rng_range (&g.r, 1000);
  g.ins.next_structure_id = 25000000 + rng_range (&g.r, 100000);
  g.ins.next_service_id = 1000000 + rng_range (&g.r, 1000);
  g.suppliers = g_array_new (FALSE, FALSE, sizeof (SupplierRef));
  g.recipients = g_array_new (FALSE, FALSE, sizeof (RecipientRef));

  if (!sim_dataset_exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN") ||
      !sim_dataset_exec (self, schema_sql))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not create the simulator schema: %s",
                   sqlite3_errmsg (self->db));
      return FALSE;
    }

  rc |= sqlite3_prepare_v2 (self->db,
                            "INSERT INTO structures (id, identifiant, type_identifiant, designation, is_public, est_moa,"
                            " service_required, ej_required, ej_or_service, adresse, code_postal, ville, pays, email,"
                            " numero_tva, rcs, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            -1, &g.ins.structure, NULL);
  rc |= sqlite3_prepare_v2 (self->db,
                            "INSERT INTO services (id, structure_id, code, libelle, actif, ej_required, date_debut)"
                            " VALUES (?,?,?,?,?,?,?)", -1, &g.ins.service, NULL);
  rc |= sqlite3_prepare_v2 (self->db, "INSERT INTO works (" SIM_WORKS_COLUMNS ") VALUES "
                            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)", -1, &g.ins.works, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not prepare the simulator inserts: %s",
                   sqlite3_errmsg (self->db));
      return FALSE;
    }

  /* The account's recipient: a hospital demanding a service code, with the ANFH service. */
  hospital_siret = make_siret (&g.r, "26");
  hospital_id = insert_structure (&g.ins, &g.r, hospital_siret, "SIRET", "Centre hospitalier de Vallon-sur-Loire",
                                  KIND_PUBLIC, TRUE, TRUE, FALSE, FALSE, "FR");
  add_recipient (&g, hospital_id, TRUE, FALSE, FALSE, hospital_services, G_N_ELEMENTS (hospital_services));
  insert_service (&g.ins, hospital_id, &inactive, FALSE);
  wk->recipient_id = hospital_id;
  wk->recipient_siret = g_strdup (hospital_siret);

  {
    g_autofree char *siret = make_siret (&g.r, "77");
    anfh_id = insert_structure (&g.ins, &g.r, siret, "SIRET",
                                "ANFH – Association nationale pour la formation permanente du personnel hospitalier",
                                KIND_PUBLIC, FALSE, FALSE, FALSE, FALSE, "FR");
    add_recipient (&g, anfh_id, FALSE, FALSE, FALSE, anfh_services, G_N_ELEMENTS (anfh_services));
  }
  {
    /* The strict one: service code and engagement number both mandatory. */
    g_autofree char *siret = make_siret (&g.r, "22");
    gint64 id = insert_structure (&g.ins, &g.r, siret, "SIRET", "Département du Val-de-Brenne", KIND_PUBLIC, TRUE,
                                  TRUE, TRUE, FALSE, "FR");
    static const ServiceSeed dept[] = {
      { "DIR_FINANCES", "Direction des finances", TRUE },
      { "COLLEGES", "Direction de l'éducation et des collèges", TRUE },
      { "ROUTES", "Direction des routes", TRUE },
    };
    add_recipient (&g, id, TRUE, TRUE, FALSE, dept, G_N_ELEMENTS (dept));
    wk->strict_recipient_id = id;
    wk->strict_recipient_siret = g_strdup (siret);
  }
  {
    g_autofree char *siret = make_siret (&g.r, "21");
    wk->moa_id = insert_structure (&g.ins, &g.r, siret, "SIRET", "Commune de Montreval", KIND_PUBLIC, TRUE,
                                   FALSE, TRUE, FALSE, "FR");
    add_recipient (&g, wk->moa_id, FALSE, TRUE, FALSE, commune_services, G_N_ELEMENTS (commune_services));
  }
  {
    g_autofree char *siret = make_siret (&g.r, "20");
    gint64 id = insert_structure (&g.ins, &g.r, siret, "SIRET", "Communauté d'agglomération du Val de Loire",
                                  KIND_PUBLIC, TRUE, FALSE, FALSE, TRUE, "FR");
    add_recipient (&g, id, FALSE, FALSE, TRUE, commune_services, G_N_ELEMENTS (commune_services));
    other_moa = id;
  }
  for (gsize k = 0; k < G_N_ELEMENTS (public_names); k++)
    {
      const char *prefix = g_str_has_prefix (public_names[k], "Centre hospitalier") ||
                           g_str_has_prefix (public_names[k], "Groupement") ? "26" : "21";
      g_autofree char *siret = make_siret (&g.r, prefix);
      gboolean hospital = prefix[1] == '6';
      gint64 id = insert_structure (&g.ins, &g.r, siret, "SIRET", public_names[k], KIND_PUBLIC, !hospital,
                                    k % 3 == 0, k % 4 == 1, FALSE, "FR");
      add_recipient (&g, id, k % 3 == 0, k % 4 == 1, FALSE,
                     hospital ? hospital_services : commune_services,
                     hospital ? 4 : G_N_ELEMENTS (commune_services));
    }
  {
    /* Dissolved: still in the directory, but a deposit to it is refused. */
    g_autofree char *siret = make_siret (&g.r, "25");
    g_autofree char *sql = NULL;

    wk->inactive_recipient_id = insert_structure (&g.ins, &g.r, siret, "SIRET",
                                                  "Syndicat intercommunal de la Vallée du Lys (dissous)", KIND_PUBLIC,
                                                  FALSE, FALSE, FALSE, FALSE, "FR");
    wk->inactive_recipient_siret = g_strdup (siret);
    sql = g_strdup_printf ("UPDATE structures SET actif = 0 WHERE id = %" G_GINT64_FORMAT, wk->inactive_recipient_id);
    sim_dataset_exec (self, sql);
  }

  /* The account's own company: training and small works, so it appears in every flow. */
  {
    g_autofree char *siret = make_siret (&g.r, "8");
    static const ServiceSeed own_services[] = {
      { "FACTURATION", "Service facturation", FALSE },
      { "AGENCE_NANTES", "Agence de Nantes", FALSE },
    };
    g.own.id = insert_structure (&g.ins, &g.r, siret, "SIRET", "Loire Compétences Formation et Bâtiment SAS",
                                 KIND_COMPANY, FALSE, FALSE, FALSE, FALSE, "FR");
    g.own.kind = KIND_COMPANY;
    g.own.type_id = "SIRET";
    for (gsize k = 0; k < G_N_ELEMENTS (own_services); k++)
      insert_service (&g.ins, g.own.id, &own_services[k], TRUE);
    wk->supplier_id = g.own.id;
    wk->supplier_siret = g_strdup (siret);
  }
  {
    g_autofree char *siret = make_siret (&g.r, "4");
    wk->moe_id = insert_structure (&g.ins, &g.r, siret, "SIRET", "Atelier d'architecture Lumière et Bois SARL",
                                   KIND_MOE, FALSE, FALSE, FALSE, FALSE, "FR");
  }
  {
    g_autofree char *siret = make_siret (&g.r, "5");
    other_moe = insert_structure (&g.ins, &g.r, siret, "SIRET", "Ingénierie Bâtiment Conseil SAS", KIND_MOE,
                                  FALSE, FALSE, FALSE, FALSE, "FR");
  }

  for (guint k = 0; k < 240; k++)
    {
      SupplierRef ref = { 0 };
      g_autofree char *name = NULL;
      g_autofree char *ident = NULL;
      const char *type_id = "SIRET";
      const char *pays = "FR";

      if (k < G_N_ELEMENTS (foreign_companies))
        {
          name = g_strdup (foreign_companies[k][0]);
          type_id = foreign_companies[k][1];
          pays = foreign_companies[k][2];
          ident = g_strdup_printf ("%s%09u", pays, 100000000u + rng_range (&g.r, 899999999));
          ref.kind = KIND_COMPANY;
        }
      else if (k == G_N_ELEMENTS (foreign_companies))
        {
          name = g_strdup ("Mme Claire Fontaine, formatrice indépendante");
          type_id = "PARTICULIER";
          ident = g_strdup_printf ("P%08u", rng_range (&g.r, 99999999));
          ref.kind = KIND_TRAINING;
        }
      else
        {
          guint kind = rng_range (&g.r, 10);
          g_autofree char *siret = make_siret (&g.r, rng_range (&g.r, 2) ? "8" : "4");

          ident = g_steal_pointer (&siret);
          if (kind < 4)
            {
              ref.kind = KIND_TRAINING;
              name = g_strdup_printf ("%s %s %s", PICK (&g.r, training_first), PICK (&g.r, training_topic),
                                      towns[rng_range (&g.r, G_N_ELEMENTS (towns))][0]);
            }
          else if (kind < 8)
            {
              ref.kind = KIND_COMPANY;
              name = g_strdup_printf ("%s %s", PICK (&g.r, company_names), PICK (&g.r, legal_forms));
            }
          else
            {
              ref.kind = KIND_WORKS;
              name = g_strdup_printf ("%s %s", PICK (&g.r, works_names), PICK (&g.r, legal_forms));
            }
          if (k % 7 == 0)
            {
              /* Same brand, another establishment: the name alone does not identify a supplier. */
              g_autofree char *tmp = g_strdup_printf ("%s – établissement de %s", name,
                                                      towns[rng_range (&g.r, G_N_ELEMENTS (towns))][0]);
              g_free (name);
              name = g_steal_pointer (&tmp);
            }
        }
      ref.id = insert_structure (&g.ins, &g.r, ident, type_id, name, (StructureKind) ref.kind, FALSE, FALSE, FALSE,
                                 FALSE, pays);
      ref.type_id = type_id;
      g_array_append_val (g.suppliers, ref);
      if (ref.kind == KIND_WORKS)
        g_array_append_val (works_suppliers, ref.id);
    }
  if (works_suppliers->len == 0)
    g_array_append_val (works_suppliers, g.own.id);

  sim_dataset_exec (self, "UPDATE structures SET name_rank = (SELECT COUNT(*) FROM structures s2"
                          " WHERE s2.designation < structures.designation"
                          " OR (s2.designation = structures.designation AND s2.id < structures.id))");
  g.own.rank = sim_structure_name_rank (self, g.own.id);
  for (guint k = 0; k < g.suppliers->len; k++)
    g_array_index (g.suppliers, SupplierRef, k).rank =
      sim_structure_name_rank (self, g_array_index (g.suppliers, SupplierRef, k).id);

  /* Taken only now: appending recipients moves the array. */
  g.hospital = &g_array_index (g.recipients, RecipientRef, 0);
  g.other_validator = g_array_index (g.suppliers, SupplierRef, g.suppliers->len / 2).id;
  for (guint i = 0; i < n_invoices; i++)
    gen_invoice (&g, i, n_invoices);

  n_dossiers = CLAMP (n_invoices / 100, N_WORKS_CASES, 2000);
  for (guint d = 0; d < n_dossiers; d++)
    gen_works (&g, d, works_suppliers, other_moe, other_moa);

  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO rattachements VALUES (%" G_GINT64_FORMAT ", 'DESTINATAIRE'), (%" G_GINT64_FORMAT ", 'FOURNISSEUR'),"
      " (%" G_GINT64_FORMAT ", 'MOE'), (%" G_GINT64_FORMAT ", 'MOA'), (%" G_GINT64_FORMAT ", 'VALIDATEUR'),"
      " (%" G_GINT64_FORMAT ", 'VALIDATEUR')",
      wk->recipient_id, wk->supplier_id, wk->moe_id, wk->moa_id, wk->supplier_id, wk->moe_id);
    sim_dataset_exec (self, sql);
  }
  gen_bank_accounts (&g);

  sqlite3_finalize (g.ins.structure);
  sqlite3_finalize (g.ins.service);
  sqlite3_finalize (g.ins.works);
  for (guint k = 0; k < g.recipients->len; k++)
    {
      g_array_unref (g_array_index (g.recipients, RecipientRef, k).services);
      g_array_unref (g_array_index (g.recipients, RecipientRef, k).service_ej);
    }
  g_array_unref (g.recipients);
  g_array_unref (g.suppliers);

  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT (SELECT COUNT(*) FROM invoices WHERE queue_id = %" G_GINT64_FORMAT " AND type_dp = 'FACTURE'),"
      " (SELECT COUNT(*) FROM invoices WHERE supplier_id = %" G_GINT64_FORMAT "),"
      " (SELECT COUNT(*) FROM invoices WHERE queue_id = %" G_GINT64_FORMAT " AND type_dp = 'FACTURE_TRAVAUX')",
      wk->recipient_id, wk->supplier_id, wk->recipient_id);
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        wk->n_received = (guint) sqlite3_column_int64 (stmt, 0);
        wk->n_issued = (guint) sqlite3_column_int64 (stmt, 1);
        wk->n_received_works = (guint) sqlite3_column_int64 (stmt, 2);
      }
    sqlite3_finalize (stmt);
  }

  {
    g_autofree char *meta = g_strdup_printf (
      "INSERT INTO meta VALUES ('schema', '" SCHEMA_VERSION "'), ('seed', '%u'), ('n_invoices', '%u'),"
      " ('recipient_id', '%" G_GINT64_FORMAT "'), ('supplier_id', '%" G_GINT64_FORMAT "'),"
      " ('moe_id', '%" G_GINT64_FORMAT "'), ('moa_id', '%" G_GINT64_FORMAT "'), ('strict_id', '%" G_GINT64_FORMAT "'),"
      " ('inactive_id', '%" G_GINT64_FORMAT "'), ('n_received', '%u'), ('n_issued', '%u'), ('n_received_works', '%u')",
      seed, n_invoices, wk->recipient_id, wk->supplier_id, wk->moe_id, wk->moa_id, wk->strict_recipient_id,
      wk->inactive_recipient_id, wk->n_received, wk->n_issued, wk->n_received_works);
    if (!sim_dataset_exec (self, meta) || !sim_dataset_exec (self, index_sql) ||
        !sim_dataset_exec (self, "COMMIT; ANALYZE; PRAGMA synchronous=NORMAL; PRAGMA wal_checkpoint(TRUNCATE)"))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not store the simulator dataset: %s",
                     sqlite3_errmsg (self->db));
        return FALSE;
      }
  }
  return TRUE;
}

static char *
meta_get (SimDataset *self, const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = col_text (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
meta_int (SimDataset *self, const char *key)
{
  g_autofree char *v = meta_get (self, key);
  return v ? g_ascii_strtoll (v, NULL, 10) : 0;
}

static gboolean
reopen_matches (SimDataset *self, guint32 seed, guint n_invoices)
{
  g_autofree char *schema = meta_get (self, "schema");
  g_autofree char *s = meta_get (self, "seed");
  g_autofree char *n = meta_get (self, "n_invoices");

  return g_strcmp0 (schema, SCHEMA_VERSION) == 0 && s && n &&
         g_ascii_strtoull (s, NULL, 10) == seed && g_ascii_strtoull (n, NULL, 10) == n_invoices;
}

static void
load_well_known (SimDataset *self)
{
  SimWellKnown *wk = &self->wk;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimStructure) sup = NULL;
  g_autoptr(SimStructure) strict = NULL;
  g_autoptr(SimStructure) inactive = NULL;

  wk->recipient_id = meta_int (self, "recipient_id");
  wk->supplier_id = meta_int (self, "supplier_id");
  wk->moe_id = meta_int (self, "moe_id");
  wk->moa_id = meta_int (self, "moa_id");
  wk->strict_recipient_id = meta_int (self, "strict_id");
  wk->n_received = (guint) meta_int (self, "n_received");
  wk->n_issued = (guint) meta_int (self, "n_issued");
  wk->n_received_works = (guint) meta_int (self, "n_received_works");
  wk->inactive_recipient_id = meta_int (self, "inactive_id");
  rec = sim_structure_load (self, wk->recipient_id);
  sup = sim_structure_load (self, wk->supplier_id);
  strict = sim_structure_load (self, wk->strict_recipient_id);
  wk->recipient_siret = g_strdup (rec ? rec->identifiant : "");
  wk->supplier_siret = g_strdup (sup ? sup->identifiant : "");
  wk->strict_recipient_siret = g_strdup (strict ? strict->identifiant : "");
  inactive = sim_structure_load (self, wk->inactive_recipient_id);
  wk->inactive_recipient_siret = g_strdup (inactive ? inactive->identifiant : "");
}

static void
well_known_clear (SimWellKnown *wk)
{
  g_free (wk->recipient_siret);
  g_free (wk->supplier_siret);
  g_free (wk->strict_recipient_siret);
  g_free (wk->inactive_recipient_siret);
  memset (wk, 0, sizeof *wk);
}

static void
close_db (SimDataset *self)
{
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->structure_stmt, sqlite3_finalize);
  g_clear_pointer (&self->service_stmt, sqlite3_finalize);
  g_clear_pointer (&self->insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

static gboolean
open_db (SimDataset *self, GError **error)
{
  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not open %s: %s", self->path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sim_dataset_exec (self, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456");
  return TRUE;
}

/* Keeps the strings callers may still hold (chorus_sim_get_…) when they did not change. */
static void
keep_string (char **now, char *before)
{
  if (g_strcmp0 (*now, before) == 0)
    {
      g_free (*now);
      *now = before;
    }
  else
    g_free (before);
}

/* Removes the database files and generates the dataset again from its seed. */
static gboolean
regenerate (SimDataset *self, GError **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  SimWellKnown before = self->wk;
  gboolean ok;

  close_db (self);
  memset (&self->wk, 0, sizeof self->wk);
  for (gsize k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *file = g_strconcat (self->path, suffixes[k], NULL);
      g_remove (file);
    }
  ok = open_db (self, error) && generate (self, self->seed, self->n_invoices, error);
  keep_string (&self->wk.recipient_siret, before.recipient_siret);
  keep_string (&self->wk.supplier_siret, before.supplier_siret);
  keep_string (&self->wk.strict_recipient_siret, before.strict_recipient_siret);
  keep_string (&self->wk.inactive_recipient_siret, before.inactive_recipient_siret);
  return ok;
}

SimDataset *
sim_dataset_open (const char *path, guint32 seed, guint n_invoices, GError **error)
{
  SimDataset *self = g_new0 (SimDataset, 1);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  self->path = g_strdup (path);
  self->seed = seed;
  self->n_invoices = n_invoices;
  if (!open_db (self, error))
    {
      sim_dataset_free (self);
      return NULL;
    }

  if (exists)
    {
      sqlite3_stmt *probe = NULL;
      gboolean has_meta = sqlite3_prepare_v2 (self->db, "SELECT 1 FROM meta", -1, &probe, NULL) == SQLITE_OK;

      sqlite3_finalize (probe);
      if (has_meta && reopen_matches (self, seed, n_invoices))
        {
          load_well_known (self);
          sim_dataset_exec (self, "PRAGMA journal_mode=WAL");
          return self;
        }
    }
  /* New, or another seed or size: start again from an empty file. */
  if (!regenerate (self, error))
    {
      sim_dataset_free (self);
      return NULL;
    }
  return self;
}

gboolean
sim_dataset_reset (SimDataset *self, GError **error)
{
  return regenerate (self, error);
}

gboolean
sim_dataset_cached_count (SimDataset *self, const char *key, gint64 *total)
{
  gint64 *found;

  if (self->counts == NULL || sqlite3_total_changes64 (self->db) != self->counts_changes)
    return FALSE;
  found = g_hash_table_lookup (self->counts, key);
  if (found == NULL)
    return FALSE;
  *total = *found;
  return TRUE;
}

void
sim_dataset_cache_count (SimDataset *self, const char *key, gint64 total)
{
  if (self->counts == NULL || sqlite3_total_changes64 (self->db) != self->counts_changes ||
      g_hash_table_size (self->counts) > 1000)
    {
      g_clear_pointer (&self->counts, g_hash_table_unref);
      self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      self->counts_changes = sqlite3_total_changes64 (self->db);
    }
  g_hash_table_insert (self->counts, g_strdup (key), g_memdup2 (&total, sizeof total));
}

void
sim_dataset_free (SimDataset *self)
{
  if (self == NULL)
    return;
  close_db (self);
  well_known_clear (&self->wk);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
sim_dataset_db (SimDataset *self)
{
  return self->db;
}

const SimWellKnown *
sim_dataset_well_known (SimDataset *self)
{
  return &self->wk;
}

GArray *
sim_dataset_attached (SimDataset *self, const char *role)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT structure_id FROM rattachements WHERE role = ? ORDER BY structure_id",
                      -1, &stmt, NULL);
  bind_text (stmt, 1, role);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (out, id);
    }
  sqlite3_finalize (stmt);
  return out;
}

gboolean
sim_dataset_is_attached (SimDataset *self, gint64 structure_id, const char *role)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  sqlite3_prepare_v2 (self->db,
                      "SELECT 1 FROM rattachements WHERE structure_id = ? AND (?2 IS NULL OR role = ?2)",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, structure_id);
  bind_text (stmt, 2, role);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* ---- rows ------------------------------------------------------------------------------- */

#define STRUCTURE_COLUMNS \
  "id, identifiant, type_identifiant, designation, is_public, est_moa, service_required, ej_required," \
  " ej_or_service, adresse, code_postal, ville, pays, email, numero_tva, rcs, actif"

static SimStructure *
structure_from_stmt (sqlite3_stmt *stmt)
{
  SimStructure *s = g_new0 (SimStructure, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->identifiant = col_text (stmt, 1);
  s->type_identifiant = col_text (stmt, 2);
  s->designation = col_text (stmt, 3);
  s->is_public = sqlite3_column_int (stmt, 4);
  s->est_moa = sqlite3_column_int (stmt, 5);
  s->service_required = sqlite3_column_int (stmt, 6);
  s->ej_required = sqlite3_column_int (stmt, 7);
  s->ej_or_service = sqlite3_column_int (stmt, 8);
  s->adresse = col_text (stmt, 9);
  s->code_postal = col_text (stmt, 10);
  s->ville = col_text (stmt, 11);
  s->pays = col_text (stmt, 12);
  s->email = col_text (stmt, 13);
  s->numero_tva = col_text (stmt, 14);
  s->rcs = col_text (stmt, 15);
  s->actif = sqlite3_column_int (stmt, 16);
  return s;
}

SimStructure *
sim_structure_load (SimDataset *self, gint64 id)
{
  SimStructure *s = NULL;

  if (self->structure_stmt == NULL)
    sqlite3_prepare_v3 (self->db, "SELECT " STRUCTURE_COLUMNS " FROM structures WHERE id = ?", -1,
                        SQLITE_PREPARE_PERSISTENT, &self->structure_stmt, NULL);
  sqlite3_reset (self->structure_stmt);
  sqlite3_bind_int64 (self->structure_stmt, 1, id);
  if (sqlite3_step (self->structure_stmt) == SQLITE_ROW)
    s = structure_from_stmt (self->structure_stmt);
  sqlite3_reset (self->structure_stmt);
  return s;
}

gint64
sim_structure_name_rank (SimDataset *self, gint64 id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 rank = 0;

  sqlite3_prepare_v2 (self->db, "SELECT name_rank FROM structures WHERE id = ?", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rank = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return rank;
}

SimStructure *
sim_structure_find (SimDataset *self, const char *identifiant)
{
  sqlite3_stmt *stmt = NULL;
  SimStructure *s = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT " STRUCTURE_COLUMNS " FROM structures WHERE identifiant = ? LIMIT 1",
                      -1, &stmt, NULL);
  bind_text (stmt, 1, identifiant);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    s = structure_from_stmt (stmt);
  sqlite3_finalize (stmt);
  return s;
}

void
sim_structure_free (SimStructure *s)
{
  if (s == NULL)
    return;
  g_free (s->identifiant);
  g_free (s->type_identifiant);
  g_free (s->designation);
  g_free (s->adresse);
  g_free (s->code_postal);
  g_free (s->ville);
  g_free (s->pays);
  g_free (s->email);
  g_free (s->numero_tva);
  g_free (s->rcs);
  g_free (s);
}

static SimService *
service_from_stmt (sqlite3_stmt *stmt)
{
  SimService *s = g_new0 (SimService, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->structure_id = sqlite3_column_int64 (stmt, 1);
  s->code = col_text (stmt, 2);
  s->libelle = col_text (stmt, 3);
  s->actif = sqlite3_column_int (stmt, 4);
  s->ej_required = sqlite3_column_int (stmt, 5);
  s->date_debut = col_text (stmt, 6);
  return s;
}

SimService *
sim_service_load (SimDataset *self, gint64 id)
{
  SimService *s = NULL;

  if (self->service_stmt == NULL)
    sqlite3_prepare_v3 (self->db, "SELECT id, structure_id, code, libelle, actif, ej_required, date_debut"
                                  " FROM services WHERE id = ?", -1, SQLITE_PREPARE_PERSISTENT, &self->service_stmt, NULL);
  sqlite3_reset (self->service_stmt);
  sqlite3_bind_int64 (self->service_stmt, 1, id);
  if (sqlite3_step (self->service_stmt) == SQLITE_ROW)
    s = service_from_stmt (self->service_stmt);
  sqlite3_reset (self->service_stmt);
  return s;
}

SimService *
sim_service_find (SimDataset *self, gint64 structure_id, const char *code)
{
  sqlite3_stmt *stmt = NULL;
  SimService *s = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT id, structure_id, code, libelle, actif, ej_required, date_debut"
                                " FROM services WHERE structure_id = ? AND code = ?", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, structure_id);
  bind_text (stmt, 2, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    s = service_from_stmt (stmt);
  sqlite3_finalize (stmt);
  return s;
}

void
sim_service_free (SimService *s)
{
  if (s == NULL)
    return;
  g_free (s->code);
  g_free (s->libelle);
  g_free (s->date_debut);
  g_free (s);
}

SimInvoice *
sim_invoice_from_row (sqlite3_stmt *stmt)
{
  SimInvoice *inv = g_new0 (SimInvoice, 1);

  inv->id = sqlite3_column_int64 (stmt, 0);
  inv->numero = col_text (stmt, 1);
  inv->supplier_id = sqlite3_column_int64 (stmt, 2);
  inv->recipient_id = sqlite3_column_int64 (stmt, 3);
  inv->service_id = sqlite3_column_int64 (stmt, 4);
  inv->supplier_service_id = sqlite3_column_int64 (stmt, 5);
  inv->statut = col_text (stmt, 6);
  inv->type_facture = col_text (stmt, 7);
  inv->type_tva = col_text (stmt, 8);
  inv->cadre = col_text (stmt, 9);
  inv->mode_depot = col_text (stmt, 10);
  inv->date_depot = col_text (stmt, 11);
  inv->date_facture = col_text (stmt, 12);
  inv->date_etat = col_text (stmt, 13);
  inv->ht = sqlite3_column_int64 (stmt, 14);
  inv->tva = sqlite3_column_int64 (stmt, 15);
  inv->ttc = sqlite3_column_int64 (stmt, 16);
  inv->a_payer = sqlite3_column_int64 (stmt, 17);
  inv->devise = col_text (stmt, 18);
  inv->numero_marche = col_text (stmt, 19);
  inv->numero_bc = col_text (stmt, 20);
  inv->numero_origine = col_text (stmt, 21);
  inv->mode_paiement = col_text (stmt, 22);
  inv->commentaire_etat = col_text (stmt, 23);
  inv->telechargee = sqlite3_column_int (stmt, 24);
  inv->numero_flux = col_text (stmt, 25);
  inv->numero_mandat = col_text (stmt, 26);
  inv->lines_seed = (guint32) sqlite3_column_int64 (stmt, 27);
  inv->n_lines = sqlite3_column_int (stmt, 28);
  inv->generated = sqlite3_column_int (stmt, 29);
  inv->main_pj_id = sqlite3_column_int64 (stmt, 30);
  inv->commentaire = col_text (stmt, 31);
  inv->lines_json = col_text (stmt, 32);
  inv->valideur_id = sqlite3_column_int64 (stmt, 33);
  inv->motif_exoneration = col_text (stmt, 34);
  inv->date_echeance = col_text (stmt, 35);
  inv->type_dp = col_text (stmt, 36);
  inv->type_facture_travaux = col_text (stmt, 37);
  inv->valideur2_id = sqlite3_column_int64 (stmt, 38);
  inv->niveau_validation = sqlite3_column_int (stmt, 39);
  inv->date_validation1 = col_text (stmt, 40);
  inv->date_validation2 = col_text (stmt, 41);
  inv->facturx = sqlite3_column_int (stmt, 42);
  inv->moe_id = sqlite3_column_int64 (stmt, 43);
  inv->moa_id = sqlite3_column_int64 (stmt, 44);
  inv->coord_banc_id = sqlite3_column_int64 (stmt, 45);
  return inv;
}

SimInvoice *
sim_invoice_load (SimDataset *self, gint64 id)
{
  sqlite3_stmt *stmt = NULL;
  SimInvoice *inv = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT " SIM_INVOICE_COLUMNS " FROM invoices WHERE id = ?", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    inv = sim_invoice_from_row (stmt);
  sqlite3_finalize (stmt);
  return inv;
}

void
sim_invoice_free (SimInvoice *inv)
{
  if (inv == NULL)
    return;
  g_free (inv->numero);
  g_free (inv->statut);
  g_free (inv->type_facture);
  g_free (inv->type_tva);
  g_free (inv->cadre);
  g_free (inv->mode_depot);
  g_free (inv->date_depot);
  g_free (inv->date_facture);
  g_free (inv->date_etat);
  g_free (inv->devise);
  g_free (inv->numero_marche);
  g_free (inv->numero_bc);
  g_free (inv->numero_origine);
  g_free (inv->mode_paiement);
  g_free (inv->commentaire_etat);
  g_free (inv->numero_flux);
  g_free (inv->numero_mandat);
  g_free (inv->commentaire);
  g_free (inv->lines_json);
  g_free (inv->motif_exoneration);
  g_free (inv->date_echeance);
  g_free (inv->type_dp);
  g_free (inv->type_facture_travaux);
  g_free (inv->date_validation1);
  g_free (inv->date_validation2);
  g_free (inv);
}

GPtrArray *
sim_bank_accounts (SimDataset *self, gint64 structure_id, gboolean valid_only)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_bank_account_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT id, structure_id, nom, iban, bic, valide FROM coordonnees_bancaires"
                                " WHERE structure_id = ? AND (valide = 1 OR ? = 0) ORDER BY id", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, structure_id);
  sqlite3_bind_int (stmt, 2, valid_only);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SimBankAccount *a = g_new0 (SimBankAccount, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->structure_id = sqlite3_column_int64 (stmt, 1);
      a->nom = col_text (stmt, 2);
      a->iban = col_text (stmt, 3);
      a->bic = col_text (stmt, 4);
      a->valide = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (out, a);
    }
  sqlite3_finalize (stmt);
  return out;
}

void
sim_bank_account_free (SimBankAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->nom);
  g_free (account->iban);
  g_free (account->bic);
  g_free (account);
}

SimWorks *
sim_works_from_row (sqlite3_stmt *stmt)
{
  SimWorks *w = g_new0 (SimWorks, 1);

  w->id = sqlite3_column_int64 (stmt, 0);
  w->numero = col_text (stmt, 1);
  w->cadre = col_text (stmt, 2);
  w->statut = col_text (stmt, 3);
  w->supplier_id = sqlite3_column_int64 (stmt, 4);
  w->moe_id = sqlite3_column_int64 (stmt, 5);
  w->moa_id = sqlite3_column_int64 (stmt, 6);
  w->service_id = sqlite3_column_int64 (stmt, 7);
  w->numero_marche = col_text (stmt, 8);
  w->numero_engagement = col_text (stmt, 9);
  w->date_depot = col_text (stmt, 10);
  w->date_facture = col_text (stmt, 11);
  w->date_etat = col_text (stmt, 12);
  w->ht = sqlite3_column_int64 (stmt, 13);
  w->tva = sqlite3_column_int64 (stmt, 14);
  w->ttc = sqlite3_column_int64 (stmt, 15);
  w->a_payer = sqlite3_column_int64 (stmt, 16);
  w->prev_id = sqlite3_column_int64 (stmt, 17);
  w->next_id = sqlite3_column_int64 (stmt, 18);
  w->dossier = col_text (stmt, 19);
  w->motif = col_text (stmt, 20);
  w->mode_depot = col_text (stmt, 21);
  w->telechargee = sqlite3_column_int (stmt, 22);
  w->lines_seed = (guint32) sqlite3_column_int64 (stmt, 23);
  w->main_pj_id = sqlite3_column_int64 (stmt, 24);
  return w;
}

SimWorks *
sim_works_load (SimDataset *self, gint64 id)
{
  sqlite3_stmt *stmt = NULL;
  SimWorks *w = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT " SIM_WORKS_COLUMNS " FROM works WHERE id = ?", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    w = sim_works_from_row (stmt);
  sqlite3_finalize (stmt);
  return w;
}

void
sim_works_free (SimWorks *w)
{
  if (w == NULL)
    return;
  g_free (w->numero);
  g_free (w->cadre);
  g_free (w->statut);
  g_free (w->numero_marche);
  g_free (w->numero_engagement);
  g_free (w->date_depot);
  g_free (w->date_facture);
  g_free (w->date_etat);
  g_free (w->dossier);
  g_free (w->motif);
  g_free (w->mode_depot);
  g_free (w);
}

gint64
sim_dataset_next_id (SimDataset *self, const char *table)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  gint64 id = 1;

  /* Invoices and works pieces share one id space, as idFacture does on the platform. */
  if (g_strcmp0 (table, "invoices") == 0 || g_strcmp0 (table, "works") == 0)
    sql = g_strdup ("SELECT MAX((SELECT IFNULL(MAX(id), 0) FROM invoices), (SELECT IFNULL(MAX(id), 0) FROM works)) + 1");
  else
    sql = g_strdup_printf ("SELECT IFNULL(MAX(id), 0) + 1 FROM %s", table);
  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}
