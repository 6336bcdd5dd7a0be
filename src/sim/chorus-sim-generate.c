/* chorus-sim-generate.c: the dataset generated from its seed: the fixed cast of public structures
 * (the account's hospital, a strict department, communes, a dissolved syndicate), the account's
 * company, two maîtres d'œuvre, 240 suppliers, then the invoices, works dossiers and bank details.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-generate.h"

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
make_siret (SimRng *r, const char *prefix)
{
  char digits[15];
  gsize plen = strlen (prefix);

  for (;;)
    {
      memcpy (digits, prefix, plen);
      for (gsize i = plen; i < 13; i++)
        digits[i] = (char) ('0' + sim_rng_range (r, 10));
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

/* An IBAN of France (FR76 + bank, branch, account, RIB key) whose ISO 13616 check digits hold. */
static char *
make_iban (SimRng *r)
{
  char bban[24];
  guint rem = 0;
  g_autofree char *check_input = NULL;

  g_snprintf (bban, sizeof bban, "%05u%05u%011u", 10000 + sim_rng_range (r, 89999), 10000 + sim_rng_range (r, 89999),
              sim_rng_range (r, 2000000000u));
  g_snprintf (bban + 21, 3, "%02u", sim_rng_range (r, 97) + 1);
  /* BBAN + "FR00" with letters as numbers (F = 15, R = 27): 97 - (that mod 97). */
  check_input = g_strconcat (bban, "152700", NULL);
  for (const char *p = check_input; *p; p++)
    rem = (rem * 10 + (guint) (*p - '0')) % 97;
  return g_strdup_printf ("FR%02u%s", 98 - rem, bban);
}

/* ---- the fixed cast ------------------------------------------------------------------------- */

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

static gint64
insert_structure (SimGen *g, const char *identifiant, const char *type_id, const char *name, SimStructureKind kind,
                  gboolean est_moa, gboolean service_required, gboolean ej_required, gboolean ej_or_service,
                  const char *pays)
{
  SimRng *r = &g->r;
  sqlite3_stmt *s = g->insert_structure;
  gint64 id = g->next_structure_id;
  guint t = sim_rng_range (r, G_N_ELEMENTS (towns));
  g_autofree char *adresse = g_strdup_printf ("%u %s", 1 + sim_rng_range (r, 120), SIM_PICK (r, streets));
  g_autofree char *tva = NULL;
  g_autofree char *rcs = NULL;
  g_autofree char *email = NULL;
  g_autofree char *slug = NULL;

  g->next_structure_id += 1 + sim_rng_range (r, 37);
  if (g_strcmp0 (type_id, "SIRET") == 0)
    {
      tva = vat_number_for_siret (identifiant);
      if (kind != SIM_KIND_PUBLIC)
        rcs = g_strdup_printf ("RCS %s %.3s %.3s %.3s", towns[t][0], identifiant, identifiant + 3, identifiant + 6);
    }
  slug = g_ascii_strdown (identifiant, -1);
  email = g_strdup_printf ("facturation.%s@exemple.fr", slug);

  sqlite3_reset (s);
  sqlite3_bind_int64 (s, 1, id);
  sim_sql_bind_text (s, 2, identifiant);
  sim_sql_bind_text (s, 3, type_id);
  sim_sql_bind_text (s, 4, name);
  sqlite3_bind_int (s, 5, kind == SIM_KIND_PUBLIC);
  sqlite3_bind_int (s, 6, est_moa);
  sqlite3_bind_int (s, 7, service_required);
  sqlite3_bind_int (s, 8, ej_required);
  sqlite3_bind_int (s, 9, ej_or_service);
  sim_sql_bind_text (s, 10, adresse);
  sim_sql_bind_text (s, 11, g_strcmp0 (pays, "FR") == 0 ? towns[t][1] : "10115");
  sim_sql_bind_text (s, 12, g_strcmp0 (pays, "FR") == 0 ? towns[t][0] : "Berlin");
  sim_sql_bind_text (s, 13, pays);
  sim_sql_bind_text (s, 14, email);
  sim_sql_bind_text (s, 15, tva);
  sim_sql_bind_text (s, 16, rcs);
  sqlite3_bind_int (s, 17, kind);
  if (sqlite3_step (s) != SQLITE_DONE)
    g_warning ("chorus-sim: structure insert failed");
  return id;
}

static gint64
insert_service (SimGen *g, gint64 structure_id, const ServiceSeed *seed, gboolean actif)
{
  sqlite3_stmt *s = g->insert_service;
  gint64 id = g->next_service_id++;

  sqlite3_reset (s);
  sqlite3_bind_int64 (s, 1, id);
  sqlite3_bind_int64 (s, 2, structure_id);
  sim_sql_bind_text (s, 3, seed->code);
  sim_sql_bind_text (s, 4, seed->libelle);
  sqlite3_bind_int (s, 5, actif);
  sqlite3_bind_int (s, 6, seed->ej_required);
  sim_sql_bind_text (s, 7, "2017-01-01 00:00");
  if (sqlite3_step (s) != SQLITE_DONE)
    g_warning ("chorus-sim: service insert failed");
  return id;
}

static void
add_recipient (SimGen *g, gint64 id, gboolean service_required, gboolean ej_required, gboolean ej_or_service,
               const ServiceSeed *services, gsize n_services)
{
  SimRecipientRef ref = { id, service_required, ej_required, ej_or_service,
                       g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gboolean)) };

  for (gsize k = 0; k < n_services; k++)
    {
      gint64 sid = insert_service (g, id, &services[k], TRUE);
      g_array_append_val (ref.services, sid);
      g_array_append_val (ref.service_ej, services[k].ej_required);
    }
  g_array_append_val (g->recipients, ref);
}

/* The account's structures have bank details: the supplier two valid accounts and a closed
 * one, the maîtrise d'œuvre one (recuperer/coordbanc/valides). */
static void
gen_bank_accounts (SimGen *g)
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
      sqlite3_bind_int64 (stmt, 1, 700000 + (gint64) k * 17 + sim_rng_range (&g->r, 17));
      sqlite3_bind_int64 (stmt, 2, accounts[k].own ? g->own.id : g->wk->moe_id);
      sim_sql_bind_text (stmt, 3, accounts[k].nom);
      sim_sql_bind_text (stmt, 4, iban);
      sim_sql_bind_text (stmt, 5, accounts[k].bic);
      sqlite3_bind_int (stmt, 6, accounts[k].valide);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("chorus-sim: bank details insert failed");
    }
  sqlite3_finalize (stmt);
}


/* ---- the structures ------------------------------------------------------------------------ */

/* The recipients: the account's hospital, the ANFH, a strict department, the MOA commune and
 * another one, the other public bodies, and a dissolved syndicate. */
static void
gen_public_structures (SimGen *g)
{
  SimWellKnown *wk = g->wk;
  static const ServiceSeed inactive = { "ANCIEN_SERVICE", "Service fermé (ne plus utiliser)", FALSE };

  {
    /* The account's recipient: a hospital demanding a service code, with the ANFH service. */
    g_autofree char *siret = make_siret (&g->r, "26");
    gint64 id = insert_structure (g, siret, "SIRET", "Centre hospitalier de Vallon-sur-Loire", SIM_KIND_PUBLIC, TRUE,
                                  TRUE, FALSE, FALSE, "FR");

    add_recipient (g, id, TRUE, FALSE, FALSE, hospital_services, G_N_ELEMENTS (hospital_services));
    insert_service (g, id, &inactive, FALSE);
    wk->recipient_id = id;
    wk->recipient_siret = g_strdup (siret);
  }
  {
    g_autofree char *siret = make_siret (&g->r, "77");
    gint64 id = insert_structure (g, siret, "SIRET",
                                  "ANFH – Association nationale pour la formation permanente du personnel hospitalier",
                                  SIM_KIND_PUBLIC, FALSE, FALSE, FALSE, FALSE, "FR");

    add_recipient (g, id, FALSE, FALSE, FALSE, anfh_services, G_N_ELEMENTS (anfh_services));
  }
  {
    /* The strict one: service code and engagement number both mandatory. */
    g_autofree char *siret = make_siret (&g->r, "22");
    gint64 id = insert_structure (g, siret, "SIRET", "Département du Val-de-Brenne", SIM_KIND_PUBLIC, TRUE, TRUE, TRUE,
                                  FALSE, "FR");
    static const ServiceSeed dept[] = {
      { "DIR_FINANCES", "Direction des finances", TRUE },
      { "COLLEGES", "Direction de l'éducation et des collèges", TRUE },
      { "ROUTES", "Direction des routes", TRUE },
    };

    add_recipient (g, id, TRUE, TRUE, FALSE, dept, G_N_ELEMENTS (dept));
    wk->strict_recipient_id = id;
    wk->strict_recipient_siret = g_strdup (siret);
  }
  {
    g_autofree char *siret = make_siret (&g->r, "21");

    wk->moa_id = insert_structure (g, siret, "SIRET", "Commune de Montreval", SIM_KIND_PUBLIC, TRUE, FALSE, TRUE,
                                   FALSE, "FR");
    add_recipient (g, wk->moa_id, FALSE, TRUE, FALSE, commune_services, G_N_ELEMENTS (commune_services));
  }
  {
    g_autofree char *siret = make_siret (&g->r, "20");

    g->other_moa = insert_structure (g, siret, "SIRET", "Communauté d'agglomération du Val de Loire", SIM_KIND_PUBLIC,
                                     TRUE, FALSE, FALSE, TRUE, "FR");
    add_recipient (g, g->other_moa, FALSE, FALSE, TRUE, commune_services, G_N_ELEMENTS (commune_services));
  }
  for (gsize k = 0; k < G_N_ELEMENTS (public_names); k++)
    {
      const char *prefix = g_str_has_prefix (public_names[k], "Centre hospitalier") ||
                           g_str_has_prefix (public_names[k], "Groupement") ? "26" : "21";
      g_autofree char *siret = make_siret (&g->r, prefix);
      gboolean hospital = prefix[1] == '6';
      gint64 id = insert_structure (g, siret, "SIRET", public_names[k], SIM_KIND_PUBLIC, !hospital, k % 3 == 0,
                                    k % 4 == 1, FALSE, "FR");

      add_recipient (g, id, k % 3 == 0, k % 4 == 1, FALSE, hospital ? hospital_services : commune_services,
                     hospital ? 4 : G_N_ELEMENTS (commune_services));
    }
  {
    /* Dissolved: still in the directory, but a deposit to it is refused. */
    g_autofree char *siret = make_siret (&g->r, "25");
    g_autofree char *sql = NULL;

    wk->inactive_recipient_id = insert_structure (g, siret, "SIRET", "Syndicat intercommunal de la Vallée du Lys (dissous)",
                                                  SIM_KIND_PUBLIC, FALSE, FALSE, FALSE, FALSE, "FR");
    wk->inactive_recipient_siret = g_strdup (siret);
    sql = g_strdup_printf ("UPDATE structures SET actif = 0 WHERE id = %" G_GINT64_FORMAT, wk->inactive_recipient_id);
    sim_dataset_exec (g->ds, sql);
  }
}

/* The account's own company (training and small works, so that it appears in every flow), its
 * maîtrise d'œuvre and another one. */
static void
gen_account_structures (SimGen *g)
{
  SimWellKnown *wk = g->wk;

  {
    g_autofree char *siret = make_siret (&g->r, "8");
    static const ServiceSeed own_services[] = {
      { "FACTURATION", "Service facturation", FALSE },
      { "AGENCE_NANTES", "Agence de Nantes", FALSE },
    };

    g->own.id = insert_structure (g, siret, "SIRET", "Loire Compétences Formation et Bâtiment SAS", SIM_KIND_COMPANY,
                                  FALSE, FALSE, FALSE, FALSE, "FR");
    g->own.kind = SIM_KIND_COMPANY;
    g->own.type_id = "SIRET";
    for (gsize k = 0; k < G_N_ELEMENTS (own_services); k++)
      insert_service (g, g->own.id, &own_services[k], TRUE);
    wk->supplier_id = g->own.id;
    wk->supplier_siret = g_strdup (siret);
  }
  {
    g_autofree char *siret = make_siret (&g->r, "4");

    wk->moe_id = insert_structure (g, siret, "SIRET", "Atelier d'architecture Lumière et Bois SARL", SIM_KIND_MOE,
                                   FALSE, FALSE, FALSE, FALSE, "FR");
  }
  {
    g_autofree char *siret = make_siret (&g->r, "5");

    g->other_moe = insert_structure (g, siret, "SIRET", "Ingénierie Bâtiment Conseil SAS", SIM_KIND_MOE, FALSE, FALSE,
                                     FALSE, FALSE, "FR");
  }
}

/* 240 suppliers: foreign companies, a private trainer, then training bodies, companies and
 * builders, some of them establishments of the same brand. */
static void
gen_suppliers (SimGen *g)
{
  for (guint k = 0; k < 240; k++)
    {
      SimSupplierRef ref = { 0 };
      g_autofree char *name = NULL;
      g_autofree char *ident = NULL;
      const char *type_id = "SIRET";
      const char *pays = "FR";

      if (k < G_N_ELEMENTS (foreign_companies))
        {
          name = g_strdup (foreign_companies[k][0]);
          type_id = foreign_companies[k][1];
          pays = foreign_companies[k][2];
          ident = g_strdup_printf ("%s%09u", pays, 100000000u + sim_rng_range (&g->r, 899999999));
          ref.kind = SIM_KIND_COMPANY;
        }
      else if (k == G_N_ELEMENTS (foreign_companies))
        {
          name = g_strdup ("Mme Claire Fontaine, formatrice indépendante");
          type_id = "PARTICULIER";
          ident = g_strdup_printf ("P%08u", sim_rng_range (&g->r, 99999999));
          ref.kind = SIM_KIND_TRAINING;
        }
      else
        {
          guint kind = sim_rng_range (&g->r, 10);
          g_autofree char *siret = make_siret (&g->r, sim_rng_range (&g->r, 2) ? "8" : "4");

          ident = g_steal_pointer (&siret);
          if (kind < 4)
            {
              ref.kind = SIM_KIND_TRAINING;
              name = g_strdup_printf ("%s %s %s", SIM_PICK (&g->r, training_first), SIM_PICK (&g->r, training_topic),
                                      towns[sim_rng_range (&g->r, G_N_ELEMENTS (towns))][0]);
            }
          else if (kind < 8)
            {
              ref.kind = SIM_KIND_COMPANY;
              name = g_strdup_printf ("%s %s", SIM_PICK (&g->r, company_names), SIM_PICK (&g->r, legal_forms));
            }
          else
            {
              ref.kind = SIM_KIND_WORKS;
              name = g_strdup_printf ("%s %s", SIM_PICK (&g->r, works_names), SIM_PICK (&g->r, legal_forms));
            }
          if (k % 7 == 0)
            {
              /* Same brand, another establishment: the name alone does not identify a supplier. */
              g_autofree char *tmp = g_strdup_printf ("%s – établissement de %s", name,
                                                      towns[sim_rng_range (&g->r, G_N_ELEMENTS (towns))][0]);
              g_free (name);
              name = g_steal_pointer (&tmp);
            }
        }
      ref.id = insert_structure (g, ident, type_id, name, (SimStructureKind) ref.kind, FALSE, FALSE, FALSE, FALSE, pays);
      ref.type_id = type_id;
      g_array_append_val (g->suppliers, ref);
      if (ref.kind == SIM_KIND_WORKS)
        g_array_append_val (g->works_suppliers, ref.id);
    }
  if (g->works_suppliers->len == 0)
    g_array_append_val (g->works_suppliers, g->own.id);
}

/* Each structure's place in alphabetical order: sorting invoices by supplier name walks an index. */
static void
rank_names (SimGen *g)
{
  sim_dataset_exec (g->ds, "UPDATE structures SET name_rank = (SELECT COUNT(*) FROM structures s2"
                           " WHERE s2.designation < structures.designation"
                           " OR (s2.designation = structures.designation AND s2.id < structures.id))");
  g->own.rank = sim_structure_name_rank (g->ds, g->own.id);
  for (guint k = 0; k < g->suppliers->len; k++)
    g_array_index (g->suppliers, SimSupplierRef, k).rank =
      sim_structure_name_rank (g->ds, g_array_index (g->suppliers, SimSupplierRef, k).id);
}

/* The technical account: the hospital's recipient, the company's supplier, the MOE and the MOA,
 * and the validator of its company's subcontractors (and of the MOE's). */
static void
attach_account (SimGen *g)
{
  SimWellKnown *wk = g->wk;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO rattachements VALUES (%" G_GINT64_FORMAT ", 'DESTINATAIRE'), (%" G_GINT64_FORMAT ", 'FOURNISSEUR'),"
    " (%" G_GINT64_FORMAT ", 'MOE'), (%" G_GINT64_FORMAT ", 'MOA'), (%" G_GINT64_FORMAT ", 'VALIDATEUR'),"
    " (%" G_GINT64_FORMAT ", 'VALIDATEUR')",
    wk->recipient_id, wk->supplier_id, wk->moe_id, wk->moa_id, wk->supplier_id, wk->moe_id);

  sim_dataset_exec (g->ds, sql);
}

static void
gen_clear (SimGen *g)
{
  g_clear_pointer (&g->insert_structure, sqlite3_finalize);
  g_clear_pointer (&g->insert_service, sqlite3_finalize);
  for (guint k = 0; g->recipients != NULL && k < g->recipients->len; k++)
    {
      g_array_unref (g_array_index (g->recipients, SimRecipientRef, k).services);
      g_array_unref (g_array_index (g->recipients, SimRecipientRef, k).service_ej);
    }
  g_clear_pointer (&g->recipients, g_array_unref);
  g_clear_pointer (&g->suppliers, g_array_unref);
  g_clear_pointer (&g->works_suppliers, g_array_unref);
}

gboolean
sim_generate (SimDataset *self, GError **error)
{
  SimGen g = { .ds = self, .wk = &self->wk };
  guint n_dossiers;
  int rc = SQLITE_OK;

  g.r.s = ((guint64) self->seed << 32) ^ G_GUINT64_CONSTANT (0x5EED0C0FFEE);
  g.first_day = sim_julian_of (2024, 1, 2);
  g.last_day = sim_julian_of (2026, 11, 20);
  g.next_invoice_id = 4000000 + sim_rng_range (&g.r, 1000);
  g.next_structure_id = 25000000 + sim_rng_range (&g.r, 100000);
  g.next_service_id = 1000000 + sim_rng_range (&g.r, 1000);
  g.suppliers = g_array_new (FALSE, FALSE, sizeof (SimSupplierRef));
  g.recipients = g_array_new (FALSE, FALSE, sizeof (SimRecipientRef));
  g.works_suppliers = g_array_new (FALSE, FALSE, sizeof (gint64));

  rc |= sqlite3_prepare_v2 (self->db,
                            "INSERT INTO structures (id, identifiant, type_identifiant, designation, is_public, est_moa,"
                            " service_required, ej_required, ej_or_service, adresse, code_postal, ville, pays, email,"
                            " numero_tva, rcs, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            -1, &g.insert_structure, NULL);
  rc |= sqlite3_prepare_v2 (self->db,
                            "INSERT INTO services (id, structure_id, code, libelle, actif, ej_required, date_debut)"
                            " VALUES (?,?,?,?,?,?,?)", -1, &g.insert_service, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not prepare the simulator inserts: %s",
                   sqlite3_errmsg (self->db));
      gen_clear (&g);
      return FALSE;
    }

  gen_public_structures (&g);
  gen_account_structures (&g);
  gen_suppliers (&g);
  rank_names (&g);

  /* Taken only now: appending recipients moves the array. */
  g.hospital = &g_array_index (g.recipients, SimRecipientRef, 0);
  g.other_validator = g_array_index (g.suppliers, SimSupplierRef, g.suppliers->len / 2).id;
  for (guint i = 0; i < self->n_invoices; i++)
    sim_generate_invoice (&g, i, self->n_invoices);

  {
    gsize n_cases;

    sim_seed_works_cases (&n_cases);
    n_dossiers = CLAMP (self->n_invoices / 100, n_cases, 2000);
  }
  for (guint d = 0; d < n_dossiers; d++)
    sim_generate_works (&g, d);

  attach_account (&g);
  gen_bank_accounts (&g);
  gen_clear (&g);
  return TRUE;
}
