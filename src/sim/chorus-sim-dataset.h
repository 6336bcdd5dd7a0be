/* chorus-sim-dataset.h: the simulator's SQLite store (chorus-sim-dataset.c), its rows as structs
 * (chorus-sim-rows.c), invoice lines (chorus-sim-lines.c) and histories (chorus-sim-history.c); the
 * seeded, deterministic generator behind it is chorus-sim-generate*.c. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _SimDataset SimDataset;

/* The structures the demo technical account is attached to, and other well-known ones. */
typedef struct {
  gint64 recipient_id;        /* the hospital (DESTINATAIRE) */
  gint64 supplier_id;         /* the account's own company (FOURNISSEUR) */
  gint64 moe_id;              /* maîtrise d'œuvre (MOE) */
  gint64 moa_id;              /* maîtrise d'ouvrage (MOA) */
  gint64 strict_recipient_id; /* needs a service code and an engagement number */
  gint64 inactive_recipient_id; /* a public structure closed since: deposits are refused */
  char  *recipient_siret;
  char  *supplier_siret;
  char  *strict_recipient_siret;
  char  *inactive_recipient_siret;
  guint  n_received;          /* typeDemandePaiement FACTURE, with the account's recipient */
  guint  n_received_works;    /* typeDemandePaiement FACTURE_TRAVAUX, with the account's recipient */
  guint  n_issued;
} SimWellKnown;

typedef struct {
  gint64  id;
  char   *identifiant;
  char   *type_identifiant;
  char   *designation;
  gboolean is_public;
  gboolean est_moa;
  gboolean service_required;
  gboolean ej_required;
  gboolean ej_or_service;
  gboolean actif;
  char   *adresse;
  char   *code_postal;
  char   *ville;
  char   *pays;
  char   *email;
  char   *numero_tva;
  char   *rcs;
} SimStructure;

typedef struct {
  gint64  id;
  gint64  structure_id;
  char   *code;
  char   *libelle;
  gboolean actif;
  gboolean ej_required;
  char   *date_debut;         /* YYYY-MM-DD HH:MM */
} SimService;

typedef struct {
  int     numero;
  char   *reference;
  char   *denomination;
  double  quantite;
  char   *unite;
  gint64  pu_ht;              /* cents */
  gint64  remise_ht;
  char   *taux_code;          /* TVA1 … TVA5 */
  int     taux_bp;            /* hundredths of percent: 2000 = 20 % */
} SimLine;

typedef struct {
  char   *taux_code;
  int     taux_bp;
  gint64  base_ht;
  gint64  tva;
} SimVatLine;

#define SIM_INVOICE_COLUMNS \
  "id, numero, supplier_id, recipient_id, service_id, supplier_service_id, statut, type_facture, " \
  "type_tva, cadre, mode_depot, date_depot, date_facture, date_etat, ht, tva, ttc, a_payer, devise, " \
  "numero_marche, numero_bc, numero_origine, mode_paiement, commentaire_etat, telechargee, numero_flux, " \
  "numero_mandat, lines_seed, n_lines, generated, main_pj_id, commentaire, lines_json, valideur_id, " \
  "motif_exoneration, date_echeance, type_dp, type_facture_travaux, valideur2_id, niveau_validation, " \
  "date_validation1, date_validation2, facturx, moe_id, moa_id, coord_banc_id"

typedef struct {
  gint64  id;
  char   *numero;
  gint64  supplier_id;
  gint64  recipient_id;
  gint64  service_id;         /* 0: none */
  gint64  supplier_service_id;
  char   *statut;
  char   *type_facture;
  char   *type_tva;
  char   *cadre;
  char   *mode_depot;
  char   *date_depot;
  char   *date_facture;
  char   *date_etat;          /* YYYY-MM-DD HH:MM */
  gint64  ht, tva, ttc, a_payer;
  char   *devise;
  char   *numero_marche;
  char   *numero_bc;
  char   *numero_origine;
  char   *mode_paiement;
  char   *commentaire_etat;
  gboolean telechargee;
  char   *numero_flux;
  char   *numero_mandat;
  guint32 lines_seed;
  int     n_lines;
  gboolean generated;
  gint64  main_pj_id;
  char   *commentaire;
  char   *lines_json;         /* lines of a submitted invoice, as SimLine JSON */
  gint64  valideur_id;        /* first-level validator structure; 0: none */
  char   *motif_exoneration;
  char   *date_echeance;
  char   *type_dp;            /* typeDemandePaiement: FACTURE or FACTURE_TRAVAUX */
  char   *type_facture_travaux;
  gint64  valideur2_id;       /* second-level validator structure; 0: none */
  int     niveau_validation;  /* 1 or 2 while with a validator (suspended or sent back there too) */
  char   *date_validation1;   /* YYYY-MM-DD */
  char   *date_validation2;
  gboolean facturx;           /* its drawn PDF carries the invoice as Factur-X (CII) */
  gint64  moe_id, moa_id;     /* works invoices: maîtrise d'œuvre and maîtrise d'ouvrage */
  gint64  coord_banc_id;      /* the supplier's bank details chosen on deposit; 0: the main ones */
} SimInvoice;

/* Bank details of a structure (recuperer/coordbanc/valides, consulter). */
typedef struct {
  gint64   id;
  gint64   structure_id;
  char    *nom;
  char    *iban;
  char    *bic;
  gboolean valide;
} SimBankAccount;

typedef struct {
  char *statut;
  char *date;                 /* YYYY-MM-DD HH:MM */
  char *commentaire;
} SimHistoryEntry;

typedef struct {
  const char *code;
  const char *libelle;
  int         bp;
} SimVatRate;

#define SIM_WORKS_COLUMNS \
  "id, numero, cadre, statut, supplier_id, moe_id, moa_id, service_id, numero_marche, numero_engagement, " \
  "date_depot, date_facture, date_etat, ht, tva, ttc, a_payer, prev_id, next_id, dossier, motif, " \
  "mode_depot, telechargee, lines_seed, main_pj_id"

typedef struct {
  gint64  id;
  char   *numero;
  char   *cadre;
  char   *statut;
  gint64  supplier_id, moe_id, moa_id, service_id;
  char   *numero_marche;
  char   *numero_engagement;
  char   *date_depot;
  char   *date_facture;
  char   *date_etat;
  gint64  ht, tva, ttc, a_payer;
  gint64  prev_id, next_id;
  char   *dossier;
  char   *motif;
  char   *mode_depot;
  gboolean telechargee;
  guint32 lines_seed;
  gint64  main_pj_id;         /* the deposited PDF; 0: drawn on demand */
} SimWorks;

SimDataset        *sim_dataset_open           (const char   *path,
                                               guint32       seed,
                                               guint         n_invoices,
                                               GError      **error);
void               sim_dataset_free           (SimDataset   *self);
sqlite3           *sim_dataset_db             (SimDataset   *self);
const SimWellKnown *sim_dataset_well_known    (SimDataset   *self);
/* The technical account's attachments: structure ids having @role (API string). */
GArray            *sim_dataset_attached       (SimDataset   *self,
                                               const char   *role);
gboolean           sim_dataset_is_attached    (SimDataset   *self,
                                               gint64        structure_id,
                                               const char   *role);

const SimVatRate  *sim_vat_rates              (gsize        *n);
const SimVatRate  *sim_vat_rate_find          (const char   *code);

SimStructure      *sim_structure_load         (SimDataset   *self,
                                               gint64        id);
SimStructure      *sim_structure_find         (SimDataset   *self,
                                               const char   *identifiant);
void               sim_structure_free         (SimStructure *s);
/* Position of the structure's name in alphabetical order (invoices keep their supplier's). */
gint64             sim_structure_name_rank    (SimDataset   *self,
                                               gint64        id);
SimService        *sim_service_load           (SimDataset   *self,
                                               gint64        id);
SimService        *sim_service_find           (SimDataset   *self,
                                               gint64        structure_id,
                                               const char   *code);
void               sim_service_free           (SimService   *s);

SimInvoice        *sim_invoice_load           (SimDataset   *self,
                                               gint64        id);
SimInvoice        *sim_invoice_from_row       (sqlite3_stmt *stmt);
void               sim_invoice_free           (SimInvoice   *inv);
/* Lines of an invoice: derived from the seed, or read back from what soumettre stored. */
GPtrArray         *sim_invoice_lines          (const SimInvoice *inv);
GPtrArray         *sim_vat_summary            (GPtrArray    *lines);
GPtrArray         *sim_invoice_history        (SimDataset   *self,
                                               const SimInvoice *inv);
/* Stores a new invoice row (generation and deposits). */
gboolean           sim_invoice_insert         (SimDataset   *self,
                                               const SimInvoice *inv,
                                               gint64        supplier_rank);
/* Sets the status (with its motif) and records it in the history; returns the datetime. The
 * invoice is with its recipient unless the status says otherwise or a validator holds it. */
char              *sim_invoice_set_status     (SimDataset   *self,
                                               gint64        invoice_id,
                                               const char   *statut,
                                               const char   *commentaire);
/* Which validation level holds the invoice (0: none, past validation); @validated_level
 * (1 or 2) also dates that level's validation. */
void               sim_invoice_set_validation (SimDataset   *self,
                                               gint64        invoice_id,
                                               int           niveau,
                                               int           validated_level);
GPtrArray         *sim_bank_accounts          (SimDataset   *self,
                                               gint64        structure_id,
                                               gboolean      valid_only);
/* The supplier's bank details on an invoice: those chosen on deposit, else its first valid ones;
 * a supplier outside the account has details drawn from its id (id 0). */
SimBankAccount    *sim_invoice_bank_account   (SimDataset   *self,
                                               const SimInvoice *inv);
void               sim_bank_account_free      (SimBankAccount *account);
/* "Jour" for JOUR: the label of a unit code of the generated lines. */
const char        *sim_unit_label             (const char   *code);
gint64             sim_line_total_ht          (const SimLine *line);
void               sim_line_free              (SimLine      *line);
void               sim_history_entry_free     (SimHistoryEntry *e);
char              *sim_lines_to_json          (GPtrArray    *lines);

SimWorks          *sim_works_load             (SimDataset   *self,
                                               gint64        id);
SimWorks          *sim_works_from_row         (sqlite3_stmt *stmt);
void               sim_works_free             (SimWorks     *w);
/* Stores a new works piece (generation and facturesTravaux/v1/soumettre). */
gboolean           sim_works_insert           (SimDataset   *self,
                                               const SimWorks *w);

gint64             sim_dataset_next_id        (SimDataset   *self,
                                               const char   *table);
/* Regenerates the dataset from its seed, as it was first made; FALSE (and @error) on failure. */
gboolean           sim_dataset_reset          (SimDataset   *self,
                                               GError      **error);
/* "YYYY-MM-DD HH:MM" of now, UTC. */
char              *sim_now_datetime           (void);
char              *sim_today                  (void);

/* Totals of searches, kept until the next write (paging through one search counts once). */
gboolean           sim_dataset_cached_count   (SimDataset   *self,
                                               const char   *key,
                                               gint64       *total);
void               sim_dataset_cache_count    (SimDataset   *self,
                                               const char   *key,
                                               gint64        total);

/* Runs @sql with no result; logs and returns FALSE on failure. */
gboolean           sim_dataset_exec           (SimDataset   *self,
                                               const char   *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimStructure, sim_structure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimService, sim_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimInvoice, sim_invoice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimWorks, sim_works_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimBankAccount, sim_bank_account_free)

G_END_DECLS
