/* chorus-sim-travaux.c: facturesTravaux/v1: works pieces along the dossier de facturation, by the simulator's own rules.
 *
 * The rules are this file's tables, written from the AIFE webinar for maîtres d'œuvre (seed
 * 002: the cadres table by deposit mode, the dossier chains, the statuses and "a piece may be
 * refused only for an error in its routing data") and from reference §0.2 / §2.2 and the
 * samples for the operations and their answers. Nothing here asks src/core what is allowed:
 * only the vocabulary (status codes) is shared. PISTE paths beyond rechercher are
 * unconfirmed: these are AIFE's pre-PISTE operation names under facturesTravaux/v1/. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-types.h"

/* ---- the rules ------------------------------------------------------------------------------ */

/* Seed 002, "Les cadres de facturation", column "Dépôt PDF en mode Service" (what an API
 * client uses): ✓ in "Dépôt initial" is @first, ✓ in "Association" is @next. @sent_to is who
 * receives the piece (the statuses of the webinar: MAD MOE for a supplier's projet de décompte,
 * MAD MOA for the MOE's pieces, MAD fournisseur for the décompte général); the pieces that are
 * paid go to the financial service (DESTINATAIRE). */
typedef struct {
  const char *code;
  const char *type;        /* typeFactureTravaux */
  const char *depositor;
  const char *sent_to;
  gboolean    first;
  gboolean    next;
} WorksCadre;

static const WorksCadre works_cadres[] = {
  { "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "PROJET_DECOMPTE_MENSUEL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A5_ETAT_ACOMPTE_FOURNISSEUR", "ETAT_ACOMPTE", "FOURNISSEUR", "MOA", TRUE, FALSE },
  { "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR", "ETAT_ACOMPTE_VALIDE", "FOURNISSEUR", "DESTINATAIRE", TRUE, FALSE },
  { "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", "PROJET_DECOMPTE_FINAL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", "DECOMPTE_GENERAL_SIGNE", "FOURNISSEUR", "DESTINATAIRE", TRUE, TRUE },
  { "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", "DP_DE_SOUSTRAITANT_TRAVAUX", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", "PROJET_DECOMPTE_MENSUEL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A14_PROJET_DECOMPTE_FINAL_COTRAITANT", "PROJET_DECOMPTE_FINAL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A15_ETAT_ACOMPTE_MOE", "ETAT_ACOMPTE", "MOE", "MOA", TRUE, TRUE },
  { "A16_ETAT_ACOMPTE_VALIDE_MOE", "ETAT_ACOMPTE_VALIDE", "MOE", "DESTINATAIRE", TRUE, FALSE },
  { "A17_PROJET_DECOMPTE_GENERAL_MOE", "PROJET_DECOMPTE_GENERAL", "MOE", "MOA", TRUE, TRUE },
  { "A18_DECOMPTE_GENERAL_MOE", "DECOMPTE_GENERAL", "MOE", "FOURNISSEUR", TRUE, FALSE },
  { "A19_ETAT_ACOMPTE_VALIDE_MOA", "ETAT_ACOMPTE_VALIDE", "MOA", "DESTINATAIRE", TRUE, TRUE },
  { "A20_DECOMPTE_GENERAL_MOA", "DECOMPTE_GENERAL", "MOA", "FOURNISSEUR", TRUE, TRUE },
  { "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE", "PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE",
    "FOURNISSEUR", "MOA", TRUE, TRUE },
  { "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", "DECOMPTE_GENERAL_DEFINITIF_TACITE", "FOURNISSEUR",
    "DESTINATAIRE", FALSE, TRUE },
  { "A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE", "DECOMPTE_GENERAL_DEFINITIF_TACITE", "MOE", "DESTINATAIRE", TRUE, TRUE },
  { "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE", "DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE", "MOA",
    "DESTINATAIRE", FALSE, TRUE },
};

/* Which piece follows which, deposited by whom (the webinar's ASSOCIEE scenarios, its processes
 * during and at the end of the contract, and the tacit procedure). @on_silence: the supplier or
 * the MOE may go on while another party holds the previous piece and stays silent. */
typedef struct {
  const char *after;
  const char *next;
  const char *by;
  const char *previous_becomes;
  gboolean    on_silence;
} WorksLink;

static const WorksLink works_links[] = {
  { "A4_", "A15_", "MOE", "ASSOCIEE", FALSE },
  { "A10_", "A15_", "MOE", "ASSOCIEE", FALSE },
  { "A13_", "A15_", "MOE", "ASSOCIEE", FALSE },
  { "A5_", "A19_", "MOA", "ASSOCIEE", FALSE },
  { "A15_", "A19_", "MOA", "ASSOCIEE", FALSE },
  { "A7_", "A17_", "MOE", "ASSOCIEE", FALSE },
  { "A14_", "A17_", "MOE", "ASSOCIEE", FALSE },
  { "A17_", "A20_", "MOA", "ASSOCIEE", FALSE },
  { "A18_", "A8_", "FOURNISSEUR", "ASSOCIEE", FALSE },
  { "A20_", "A8_", "FOURNISSEUR", "ASSOCIEE", FALSE },
  { "A7_", "A22_", "FOURNISSEUR", "REMPLACEE_PAR_A22", TRUE },
  { "A17_", "A22_", "FOURNISSEUR", "REMPLACEE_PAR_A22", TRUE },
  { "A22_", "A23_", "FOURNISSEUR", "ASSOCIEE", TRUE },
  { "A22_", "A24_", "MOE", "ASSOCIEE", TRUE },
  { "A22_", "A25_", "MOA", "ASSOCIEE", FALSE },
};

/* The status a deposited piece takes, by who receives it. */
static const struct {
  const char *sent_to;
  const char *statut;
} on_deposit[] = {
  { "MOE", "MISE_A_DISPOSITION_MOE" },
  { "MOA", "MISE_A_DISPOSITION_MOA" },
  { "FOURNISSEUR", "A_ASSOCIER_FOURNISSEUR" },
  { "DESTINATAIRE", "MISE_A_DISPOSITION" },
};

/* Who has a piece in hand in each status: a party named by the code, its receiver, or its
 * depositor (to complete it, to recycle it). Any other status leaves nothing to do in works. */
typedef enum { HELD_NAMED, HELD_BY_RECEIVER, TO_COMPLETE, TO_RECYCLE } Holding;

static const struct {
  const char *statut;
  Holding     holding;
  const char *party;
} holdings[] = {
  { "MISE_A_DISPOSITION_MOE", HELD_NAMED, "MOE" },
  { "PRISE_EN_COMPTE_MOE", HELD_NAMED, "MOE" },
  { "A_ASSOCIER_MOE", HELD_NAMED, "MOE" },
  { "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE", HELD_NAMED, "MOE" },
  { "MISE_A_DISPOSITION_MOA", HELD_NAMED, "MOA" },
  { "PRISE_EN_COMPTE_MOA", HELD_NAMED, "MOA" },
  { "A_ASSOCIER_MOA", HELD_NAMED, "MOA" },
  { "TRANSMISE_MOA", HELD_NAMED, "MOA" },
  { "A_ASSOCIER_FOURNISSEUR", HELD_NAMED, "FOURNISSEUR" },
  { "COMPLETEE", HELD_BY_RECEIVER, NULL },
  { "SUSPENDUE", TO_COMPLETE, NULL },
  { "A_COMPLETER", TO_COMPLETE, NULL },
  { "A_RECYCLER", TO_RECYCLE, NULL },
};

/* A refusal is only for an error in the routing data: the status says who erred, seen by whom. */
static const struct {
  const char *depositor;
  const char *holder;
  const char *statut;
} routing_errors[] = {
  { "FOURNISSEUR", "MOE", "ERREUR_FOURNISSEUR_SUR_MOE" },
  { "FOURNISSEUR", "MOA", "ERREUR_FOURNISSEUR_SUR_MOA" },
  { "MOE", "MOA", "ERREUR_MOE_SUR_MOA" },
  { "MOE", "FOURNISSEUR", "ERREUR_MOE_SUR_FOURNISSEUR" },
  { "MOA", "FOURNISSEUR", "ERREUR_MOA_SUR_FOURNISSEUR" },
};

/* What each processing operation needs. Suspending asks the depositor to complete: the MOE
 * and the MOA ask it of a supplier's or the MOE's piece; completer is the supplier's answer,
 * completermoe the MOE's. Asking for recycling sends a supplier's piece, already followed by
 * another party's, back to the supplier. */
typedef enum { OP_SUSPEND, OP_REFUSE, OP_ASK_RECYCLE, OP_RECYCLE, OP_COMPLETE } OpKind;

static const struct {
  const char *path;
  OpKind      kind;
  const char *callers;       /* roles that may call it, as the piece's holder or depositor */
  const char *depositors;    /* whose pieces */
  gboolean    needs_comment;
} operations[] = {
  { "suspendre/demander/completer/factureTravaux", OP_SUSPEND, "MOE MOA", "FOURNISSEUR MOE", TRUE },
  { "refuser", OP_REFUSE, "MOE MOA FOURNISSEUR", "FOURNISSEUR MOE MOA", TRUE },
  { "demander/recyclage", OP_ASK_RECYCLE, "MOE MOA FOURNISSEUR", "MOE MOA", FALSE },
  { "recycler", OP_RECYCLE, "FOURNISSEUR", "FOURNISSEUR", FALSE },
  { "completer", OP_COMPLETE, "FOURNISSEUR", "FOURNISSEUR", FALSE },
  { "completermoe", OP_COMPLETE, "MOE", "MOE", FALSE },
};

static const WorksCadre *
cadre_find (const char *code)
{
  for (gsize k = 0; code != NULL && k < G_N_ELEMENTS (works_cadres); k++)
    if (g_str_equal (works_cadres[k].code, code))
      return &works_cadres[k];
  return NULL;
}

static gboolean
word_in (const char *word, const char *list)
{
  g_auto(GStrv) words = g_strsplit (list, " ", -1);

  return word != NULL && g_strv_contains ((const char *const *) words, word);
}

gboolean
sim_works_cadre_is_deposable (const char *cadre)
{
  return cadre_find (cadre) != NULL;
}

const char *
sim_works_holder_status (const char *cadre)
{
  const WorksCadre *c = cadre_find (cadre);

  for (gsize k = 0; c != NULL && k < G_N_ELEMENTS (on_deposit); k++)
    if (g_str_equal (on_deposit[k].sent_to, c->sent_to))
      return on_deposit[k].statut;
  return "MISE_A_DISPOSITION_MOE";
}

const char *
sim_works_next_in_chain (const char *cadre, const char **by)
{
  for (gsize k = 0; cadre != NULL && k < G_N_ELEMENTS (works_links); k++)
    if (g_str_has_prefix (cadre, works_links[k].after) && !works_links[k].on_silence)
      for (gsize c = 0; c < G_N_ELEMENTS (works_cadres); c++)
        if (g_str_has_prefix (works_cadres[c].code, works_links[k].next))
          {
            if (by != NULL)
              *by = works_links[k].by;
            return works_cadres[c].code;
          }
  return NULL;
}

const char *
sim_works_cadre_code (const char *short_code)
{
  g_autofree char *prefix = g_strconcat (short_code, "_", NULL);

  for (gsize k = 0; k < G_N_ELEMENTS (works_cadres); k++)
    if (g_str_has_prefix (works_cadres[k].code, prefix))
      return works_cadres[k].code;
  return NULL;
}

const char *
sim_works_followed_status (const char *previous, const char *next)
{
  for (gsize k = 0; k < G_N_ELEMENTS (works_links); k++)
    if (g_str_has_prefix (previous, works_links[k].after) && g_str_has_prefix (next, works_links[k].next))
      return works_links[k].previous_becomes;
  return "ASSOCIEE";
}

/* The party that must act on the piece now, or NULL. *@holding tells why. */
static const char *
holder_of (const SimWorks *w, Holding *holding)
{
  const WorksCadre *c = cadre_find (w->cadre);

  for (gsize k = 0; c != NULL && k < G_N_ELEMENTS (holdings); k++)
    {
      if (!g_str_equal (holdings[k].statut, w->statut))
        continue;
      if (holding != NULL)
        *holding = holdings[k].holding;
      switch (holdings[k].holding)
        {
        case HELD_NAMED:
          return holdings[k].party;
        case HELD_BY_RECEIVER:
          return g_str_equal (c->sent_to, "DESTINATAIRE") ? NULL : c->sent_to;
        case TO_COMPLETE:
        case TO_RECYCLE:
        default:
          return c->depositor;
        }
    }
  return NULL;
}

static gint64
structure_of_role (const SimWorks *w, const char *role)
{
  if (g_strcmp0 (role, "MOE") == 0)
    return w->moe_id;
  if (g_strcmp0 (role, "MOA") == 0)
    return w->moa_id;
  return w->supplier_id;
}

static gboolean
account_is (SimCtx *ctx, const SimWorks *w, const char *role)
{
  return role != NULL && sim_account_has (ctx, structure_of_role (w, role), role);
}

static gboolean
works_visible (SimCtx *ctx, const SimWorks *w)
{
  return account_is (ctx, w, "FOURNISSEUR") || account_is (ctx, w, "MOE") || account_is (ctx, w, "MOA");
}

static gboolean
blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* ---- answers -------------------------------------------------------------------------------- */

static void
set_party (JsonObject *o, SimDataset *ds, gint64 id, const char *id_key, const char *identifier_key,
           const char *name_key, const char *type_key)
{
  g_autoptr(SimStructure) s = id ? sim_structure_load (ds, id) : NULL;

  if (id_key != NULL)
    json_object_set_int_member (o, id_key, id);
  sim_set_str (o, identifier_key, s ? s->identifiant : NULL);
  sim_set_str (o, name_key, s ? s->designation : NULL);
  if (type_key != NULL)
    sim_set_str (o, type_key, s ? s->type_identifiant : NULL);
}

/* A rechercher item has the keys of Pastell's rechercherFactureTravaux item (sample 2: ids and
 * amounts there are strings; the API's own types are kept here), COMM's service codes, and the
 * works keys §2.1 lists for the recipient search (the state's comment, the contract and
 * engagement numbers, the MOE and MOA named as codeMOE/designationMOE…): nothing the reference
 * does not list. consulter and the billing file add the links, the billing file number, the
 * deposit mode and the parties' ids, which the app needs to draw the chain. */
typedef enum {
  ITEM_LISTED,   /* rechercher */
  ITEM_FULL,     /* consulter, consulter/dossierfacturation */
} ItemKind;

static JsonObject *
works_item (SimCtx *ctx, const SimWorks *w, ItemKind kind)
{
  JsonObject *o = json_object_new ();
  const WorksCadre *c = cadre_find (w->cadre);
  g_autoptr(SimService) service = w->service_id ? sim_service_load (ctx->ds, w->service_id) : NULL;

  json_object_set_int_member (o, "idFactureTravaux", w->id);
  json_object_set_string_member (o, "numeroFactureTravaux", w->numero);
  json_object_set_string_member (o, "typeDemandePaiement", "FACTURE_TRAVAUX");
  sim_set_str (o, "typeFactureTravaux", c ? c->type : NULL);
  json_object_set_string_member (o, "statutFactureTravaux", w->statut);
  json_object_set_string_member (o, "dateDepot", w->date_depot);
  json_object_set_string_member (o, "dateFactureTravaux", w->date_facture);
  {
    /* The platform's datetime form ("2019-07-11T15:45:39.674+02:00"). */
    g_autofree char *etat = g_strdup_printf ("%.10sT%s:00.000+01:00", w->date_etat,
                                             strlen (w->date_etat) >= 16 ? w->date_etat + 11 : "00:00");
    json_object_set_string_member (o, "dateHeureEtatCourant", etat);
  }
  sim_set_str (o, "commentaireEtatCourant", w->motif);
  json_object_set_string_member (o, "devise", "EUR");
  sim_set_amount (o, "montantHT", w->ht);
  sim_set_amount (o, "montantTTC", w->ttc);
  sim_set_amount (o, "montantAPayer", w->a_payer);
  set_party (o, ctx->ds, w->supplier_id, kind == ITEM_FULL ? "idFournisseur" : NULL, "identifiantFournisseur",
             "designationFournisseur", "typeIdentifiantFournisseur");
  json_object_set_null_member (o, "codeServiceFournisseur");
  set_party (o, ctx->ds, w->moa_id, "idDestinataire", "identifiantDestinataire", "designationDestinataire", NULL);
  sim_set_str (o, "codeServiceExecutant", service ? service->code : NULL);
  if (kind == ITEM_FULL)
    {
      set_party (o, ctx->ds, w->moe_id, "idMoe", "identifiantMoe", "designationMoe", NULL);
      set_party (o, ctx->ds, w->moa_id, "idMoa", "identifiantMoa", "designationMoa", NULL);
    }
  else
    {
      set_party (o, ctx->ds, w->moe_id, NULL, "codeMOE", "designationMOE", "typeIdentifiantMOE");
      set_party (o, ctx->ds, w->moa_id, NULL, "codeMOA", "designationMOA", "typeIdentifiantMOA");
    }
  json_object_set_null_member (o, "codeServiceMoe");
  sim_set_str (o, "codeServiceMoa", service ? service->code : NULL);
  sim_set_str (o, "numeroMarche", w->numero_marche);
  sim_set_str (o, "numeroBonCommande", w->numero_engagement);
  json_object_set_boolean_member (o, "factureTelechargeeParDestinataire", w->telechargee);
  if (kind == ITEM_LISTED)
    return o;
  json_object_set_string_member (o, "numeroDossierFacturation", w->dossier);
  if (w->prev_id)
    json_object_set_int_member (o, "idPiecePrecedente", w->prev_id);
  else
    json_object_set_null_member (o, "idPiecePrecedente");
  if (w->next_id)
    json_object_set_int_member (o, "idPieceSuivante", w->next_id);
  else
    json_object_set_null_member (o, "idPieceSuivante");
  sim_set_str (o, "modeDepot", w->mode_depot);
  return o;
}

static JsonObject *
no_works (void)
{
  return sim_fail (SIM_CODE_NO_RESULT_WORKS, "GFT_MSG_01.075");
}

static SimWorks *
load_visible (SimCtx *ctx, JsonObject *req, JsonObject **fail)
{
  gint64 id = sim_req_int (ctx, req, "idFactureTravaux", 0);
  SimWorks *w;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    {
      *fail = sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idFactureTravaux est obligatoire");
      return NULL;
    }
  w = sim_works_load (ctx->ds, id);
  if (w == NULL || !works_visible (ctx, w))
    {
      sim_works_free (w);
      *fail = sim_fail (SIM_CODE_NOT_FOUND, "La facture de travaux %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
      return NULL;
    }
  return w;
}

static void
works_set_status (SimCtx *ctx, gint64 id, const char *statut, const char *motif)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *now = sim_now_datetime ();
  sqlite3_stmt *stmt;

  sim_bind_text (binds, statut);
  sim_bind_text (binds, now);
  sim_bind_text (binds, motif ? motif : "");
  sim_bind_int (binds, id);
  stmt = sim_prepare (ctx, "UPDATE works SET statut = ?, date_etat = ?, motif = NULLIF(?, '') WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

/* ---- rechercher ----------------------------------------------------------------------------- */

static const SimSortColumn works_sort_columns[] = {
  { "TypeDemandePaiement", "date_depot" },   /* the only value a source shows: every piece has the same */
  { "DateDepot", "date_depot" },
  { "NumeroFactureTravaux", "numero" },
  { "MontantHT", "ht" },
  { "DateHeureEtatCourant", "date_etat" },
};

/* "x IN (?,?…)" for a list of request strings, each checked by @valid. */
static gboolean
add_in_list (GString *where, GPtrArray *binds, const char *column, GPtrArray *values)
{
  for (guint k = 0; k < values->len; k++)
    {
      g_string_append (where, k == 0 ? " AND " : ",");
      if (k == 0)
        g_string_append_printf (where, "%s IN (", column);
      g_string_append_c (where, '?');
      sim_bind_text (binds, g_ptr_array_index (values, k));
    }
  if (values->len > 0)
    g_string_append_c (where, ')');
  return TRUE;
}

static void
add_range (SimCtx *ctx, JsonObject *req, GString *where, GPtrArray *binds, const char *column, const char *from_key,
           const char *to_key, gboolean amount)
{
  if (amount)
    {
      gboolean has_min, has_max;
      gint64 min = sim_req_amount (ctx, req, from_key, 0, &has_min);
      gint64 max = sim_req_amount (ctx, req, to_key, 0, &has_max);

      if (has_min)
        {
          g_string_append_printf (where, " AND %s >= ?", column);
          sim_bind_int (binds, min);
        }
      if (has_max)
        {
          g_string_append_printf (where, " AND %s <= ?", column);
          sim_bind_int (binds, max);
        }
      return;
    }
  {
    const char *from = sim_req_str (ctx, req, from_key, NULL);
    const char *to = sim_req_str (ctx, req, to_key, NULL);

    if (!blank (from))
      {
        g_string_append_printf (where, " AND substr(%s, 1, 10) >= ?", column);
        sim_bind_text (binds, from);
      }
    if (!blank (to))
      {
        g_autofree char *day = g_strndup (to, 10);

        g_string_append_printf (where, " AND substr(%s, 1, 10) <= ?", column);
        sim_bind_text (binds, day);
      }
  }
}

static JsonObject *
rechercher (SimCtx *ctx, JsonObject *req)
{
  const char *role = sim_req_str (ctx, req, "roleUtilisateur", NULL);
  const char *cadre = sim_req_str (ctx, req, "cadreFacturation", NULL);
  const char *numero = sim_req_str (ctx, req, "numeroFactureTravaux", NULL);
  const char *marche = sim_req_str (ctx, req, "numeroMarche", NULL);
  const char *engagement = sim_req_str (ctx, req, "numeroBonCommande", NULL);
  const char *mode = sim_req_str (ctx, req, "modeDepot", NULL);
  const char *flux = sim_req_str (ctx, req, "numeroFluxDepot", NULL);
  const char *avec_sans = sim_req_str (ctx, req, "avecSansService", NULL);
  gboolean without_next = sim_req_bool (ctx, req, "uniquementSansPieceSuivante", FALSE);
  g_autoptr(GPtrArray) statuses = sim_req_str_list (ctx, req, "listeStatutCourant");
  g_autoptr(GPtrArray) types = sim_req_str_list (ctx, req, "listeTypeFactureTravaux");
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autoptr(GArray) attached = NULL;
  g_autofree char *in = NULL;
  g_autofree char *sql = NULL;
  const char *column;
  SimPaging paging;
  JsonObject *answer, *ret;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "rechercheFactureTravaux"), 10, works_sort_columns,
                                      G_N_ELEMENTS (works_sort_columns), "date_depot", TRUE, &paging))
    return NULL;
  if (role == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ roleUtilisateur est obligatoire");
  if (!word_in (role, "FOURNISSEUR MOE MOA VALIDATEUR DESTINATAIRE"))
    return sim_fail (SIM_CODE_INVALID_VALUE, "roleUtilisateur « %s » inconnu", role);
  /* Validators and financial services see works invoices through the factures searches. */
  if (g_str_equal (role, "VALIDATEUR") || g_str_equal (role, "DESTINATAIRE"))
    return no_works ();
  column = g_str_equal (role, "MOE") ? "moe_id" : g_str_equal (role, "MOA") ? "moa_id" : "supplier_id";
  attached = sim_dataset_attached (ctx->ds, role);
  in = sim_in_list (attached);
  g_string_append_printf (where, " AND %s IN %s", column, in);

  {
    static const struct { const char *key, *column; } ids[] = {
      { "idStructureFournisseur", "supplier_id" }, { "idStructureMoe", "moe_id" }, { "idStructureMoa", "moa_id" },
      { "idDestinataire", "moa_id" }, { "idServiceExecutant", "service_id" }, { "idServiceMoa", "service_id" },
    };

    for (gsize k = 0; k < G_N_ELEMENTS (ids); k++)
      if (sim_has (req, ids[k].key))
        {
          g_string_append_printf (where, " AND %s = ?", ids[k].column);
          sim_bind_int (binds, sim_req_int (ctx, req, ids[k].key, 0));
        }
  }
  /* Suppliers and MOEs have no services in this dataset; validators no works. */
  if (sim_has (req, "idServiceFournisseur") || sim_has (req, "idServiceMoe") || sim_has (req, "idStructureValideur") ||
      !blank (flux))
    g_string_append (where, " AND 0");
  if (!blank (cadre))
    {
      if (cadre_find (cadre) == NULL)
        return sim_fail (SIM_CODE_INVALID_VALUE, "cadreFacturation « %s » n'est pas un cadre de facture de travaux", cadre);
      g_string_append (where, " AND cadre = ?");
      sim_bind_text (binds, cadre);
    }
  if (types->len > 0)
    {
      g_autoptr(GPtrArray) cadres = g_ptr_array_new ();

      for (guint k = 0; k < types->len; k++)
        {
          gboolean known = FALSE;

          for (gsize c = 0; c < G_N_ELEMENTS (works_cadres); c++)
            if (g_str_equal (works_cadres[c].type, g_ptr_array_index (types, k)))
              {
                g_ptr_array_add (cadres, (gpointer) works_cadres[c].code);
                known = TRUE;
              }
          if (!known)
            return sim_fail (SIM_CODE_INVALID_VALUE, "typeFactureTravaux « %s » inconnu", (const char *) g_ptr_array_index (types, k));
        }
      add_in_list (where, binds, "cadre", cadres);
    }
  for (guint k = 0; k < statuses->len; k++)
    if (chorus_status_from_api (g_ptr_array_index (statuses, k)) == CHORUS_STATUS_UNKNOWN)
      return sim_fail (SIM_CODE_INVALID_VALUE, "Statut « %s » inconnu", (const char *) g_ptr_array_index (statuses, k));
  add_in_list (where, binds, "statut", statuses);
  if (!blank (numero))
    {
      /* A piece's number or its billing file's. */
      g_string_append (where, " AND (numero = ? OR dossier = ?)");
      sim_bind_text (binds, numero);
      sim_bind_text (binds, numero);
    }
  if (!blank (marche))
    {
      g_string_append (where, " AND numero_marche = ?");
      sim_bind_text (binds, marche);
    }
  if (!blank (engagement))
    {
      g_string_append (where, " AND numero_engagement = ?");
      sim_bind_text (binds, engagement);
    }
  if (!blank (mode))
    {
      g_string_append (where, " AND mode_depot = ?");
      sim_bind_text (binds, mode);
    }
  if (g_strcmp0 (avec_sans, "AVEC_SERVICE") == 0)
    g_string_append (where, " AND service_id != 0");
  else if (g_strcmp0 (avec_sans, "SANS_SERVICE") == 0)
    g_string_append (where, " AND service_id = 0");
  if (sim_has (req, "flagTelecharge"))
    {
      g_string_append (where, " AND telechargee = ?");
      sim_bind_int (binds, sim_req_bool (ctx, req, "flagTelecharge", FALSE));
    }
  if (without_next)
    g_string_append (where, " AND next_id = 0");
  add_range (ctx, req, where, binds, "date_depot", "periodeDateDepotDu", "periodeDateDepotAu", FALSE);
  add_range (ctx, req, where, binds, "date_facture", "periodeDateFactureTravauxDu", "periodeDateFactureTravauxAu", FALSE);
  add_range (ctx, req, where, binds, "date_etat", "periodeDateHeureEtatCourantDu", "periodeDateHeureEtatCourantAu", FALSE);
  add_range (ctx, req, where, binds, "ht", "montantHTMin", "montantHTMax", TRUE);
  add_range (ctx, req, where, binds, "ttc", "montantTTCMin", "montantTTCMax", TRUE);
  add_range (ctx, req, where, binds, "a_payer", "montantAPayerMin", "montantAPayerMax", TRUE);
  if (ctx->error)
    return NULL;

  sql = g_strdup_printf ("SELECT COUNT(*) FROM works WHERE %s", where->str);
  total = sim_count (ctx, sql, binds);
  if (total == 0)
    return no_works ();
  answer = sim_ok ();
  ret = json_object_new ();
  sim_write_paging (ret, &paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
  items = json_array_new ();
  g_free (sql);
  sql = g_strdup_printf ("SELECT " SIM_WORKS_COLUMNS " FROM works WHERE %s ORDER BY %s %s, id %s"
                         " LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         where->str, paging.column, paging.descending ? "DESC" : "ASC",
                         paging.descending ? "DESC" : "ASC", paging.per_page, (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimWorks) w = sim_works_from_row (stmt);
      json_array_add_object_element (items, works_item (ctx, w, ITEM_LISTED));
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeFacturesTravaux", items);
  return answer;
}

/* ---- consulter --------------------------------------------------------------------------- */

static JsonObject *
link_object (SimCtx *ctx, gint64 id, const char *suffix)
{
  g_autoptr(SimWorks) other = id ? sim_works_load (ctx->ds, id) : NULL;
  JsonObject *o = json_object_new ();
  g_autofree char *id_key = g_strconcat ("idPiece", suffix, NULL);
  g_autofree char *number_key = g_strconcat ("numeroPiece", suffix, NULL);
  g_autofree char *cadre_key = g_strconcat ("cadreFacturationPiece", suffix, NULL);

  if (other == NULL)
    return o;
  json_object_set_int_member (o, id_key, other->id);
  json_object_set_string_member (o, number_key, other->numero);
  json_object_set_string_member (o, cadre_key, other->cadre);
  return o;
}

/* The factureTravaux object: the search item plus, as factures/v1/consulter nests them
 * (GO's types), the cadre with its parties, the linked pieces and the attached files. */
static JsonObject *
consulter (SimCtx *ctx, JsonObject *req)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  JsonObject *answer, *piece, *cadre, *main_pj, *holder;
  JsonArray *pjs;
  sqlite3_stmt *stmt;

  if (w == NULL)
    return fail;
  piece = works_item (ctx, w, ITEM_FULL);
  cadre = json_object_new ();
  json_object_set_string_member (cadre, "codeCadreFacturation", w->cadre);
  set_party (cadre, ctx->ds, w->moe_id, "idMoe", "identifiantMoe", "designationMoe", "typeIdentifiantMoe");
  set_party (cadre, ctx->ds, w->moa_id, "idMoa", "identifiantMoa", "designationMoa", "typeIdentifiantMoa");
  json_object_set_object_member (piece, "cadreDeFacturation", cadre);
  json_object_set_object_member (piece, "piecePrecedente", link_object (ctx, w->prev_id, "Precedente"));
  json_object_set_object_member (piece, "pieceSuivante", link_object (ctx, w->next_id, "Suivante"));
  main_pj = json_object_new ();
  json_object_set_int_member (main_pj, "idPieceJointePrincipale", w->main_pj_id);
  json_object_set_object_member (piece, "pieceJointePrincipale", main_pj);
  pjs = json_array_new ();
  sim_bind_int (binds, w->id);
  sim_bind_int (binds, w->main_pj_id);
  stmt = sim_prepare (ctx, "SELECT id, nom, extension FROM attachments WHERE invoice_id = ? AND id != ? ORDER BY id", binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *pj = json_object_new ();

      json_object_set_int_member (pj, "pieceJointeId", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (pj, "pieceJointeDesignation", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (pj, "pieceJointeExtension", (const char *) sqlite3_column_text (stmt, 2));
      json_array_add_object_element (pjs, pj);
    }
  sqlite3_finalize (stmt);
  holder = json_object_new ();
  json_object_set_array_member (holder, "pieceJointe", pjs);
  json_object_set_object_member (piece, "listeDesPiecesJointes", holder);
  answer = sim_ok ();
  json_object_set_object_member (answer, "factureTravaux", piece);
  return answer;
}

static JsonObject *
consulter_dossier (SimCtx *ctx, JsonObject *req)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  JsonObject *answer;
  JsonArray *items;
  sqlite3_stmt *stmt;

  if (w == NULL)
    return fail;
  sim_bind_text (binds, w->dossier);
  stmt = sim_prepare (ctx, "SELECT " SIM_WORKS_COLUMNS " FROM works WHERE dossier = ? ORDER BY date_depot, id", binds);
  items = json_array_new ();
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimWorks) piece = sim_works_from_row (stmt);
      json_array_add_object_element (items, works_item (ctx, piece, ITEM_FULL));
    }
  sqlite3_finalize (stmt);
  answer = sim_ok ();
  json_object_set_string_member (answer, "numeroDossierFacturation", w->dossier);
  json_object_set_array_member (answer, "listeFactureTravaux", items);
  return answer;
}

/* ---- soumettre ---------------------------------------------------------------------------- */

/* numeroFactureSaisi: at most 20 characters, letters, digits and - _ / + (SPEC comment). */
static gboolean
number_ok (const char *number)
{
  if (number == NULL || *number == '\0' || strlen (number) > 20)
    return FALSE;
  for (const char *p = number; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_/+", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
day_ok (const char *day)
{
  int y, m, d;
  char tail;

  return day != NULL && sscanf (day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen (day) == 10 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static const WorksLink *
find_link (const char *previous, const char *next, const char *by)
{
  for (gsize k = 0; k < G_N_ELEMENTS (works_links); k++)
    if (g_str_has_prefix (previous, works_links[k].after) && g_str_has_prefix (next, works_links[k].next) &&
        g_str_equal (works_links[k].by, by))
      return &works_links[k];
  return NULL;
}

/* Refuses a number the depositor's structure already used (a resend must not slip through). */
static gboolean
number_taken (SimCtx *ctx, const char *column, gint64 structure_id, const char *numero)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM works WHERE %s = ? AND numero = ?", column);

  sim_bind_int (binds, structure_id);
  sim_bind_text (binds, numero);
  return sim_count (ctx, sql, binds) > 0;
}

static JsonObject *
soumettre (SimCtx *ctx, JsonObject *req)
{
  JsonObject *cadre_obj = sim_req_obj (ctx, req, "cadreDeFacturation");
  JsonObject *dest = sim_req_obj (ctx, req, "destinataire");
  JsonObject *four = sim_req_obj (ctx, req, "fournisseur");
  JsonObject *refs = sim_req_obj (ctx, req, "references");
  JsonObject *totals = sim_req_obj (ctx, req, "montantTotal");
  const char *cadre = sim_req_str (ctx, cadre_obj, "codeCadreFacturation", NULL);
  gint64 prev_id = sim_req_int (ctx, req, "idPiecePrecedente", 0);
  const char *numero = sim_req_str (ctx, req, "numeroFactureSaisi", NULL);
  const char *date = sim_req_str (ctx, req, "dateFacture", NULL);
  const char *mode = sim_req_str (ctx, req, "modeDepot", NULL);
  const char *marche = sim_req_str (ctx, refs, "numeroMarche", NULL);
  const char *engagement = sim_req_str (ctx, refs, "numeroBonCommande", NULL);
  const char *type = sim_req_str (ctx, refs, "typeFactureTravaux", NULL);
  const char *code_dest = sim_req_str (ctx, dest, "codeDestinataire", NULL);
  const char *code_service = sim_req_str (ctx, dest, "codeServiceExecutant", NULL);
  gint64 supplier = sim_req_int (ctx, four, "idFournisseur", 0);
  gint64 moe = sim_req_int (ctx, cadre_obj, "idMoe", 0);
  gint64 moa = sim_req_int (ctx, cadre_obj, "idMoa", 0);
  JsonArray *main_pj = sim_req_array (ctx, req, "pieceJointePrincipale");
  gboolean has_ht, has_tva, has_ttc, has_pay;
  gint64 ht = sim_req_amount (ctx, totals, "montantHtTotal", 0, &has_ht);
  gint64 tva = sim_req_amount (ctx, totals, "montantTVA", 0, &has_tva);
  gint64 ttc = sim_req_amount (ctx, totals, "montantTtcTotal", 0, &has_ttc);
  gint64 a_payer = sim_req_amount (ctx, totals, "montantAPayer", 0, &has_pay);
  g_autoptr(SimWorks) prev = NULL;
  g_autoptr(GPtrArray) binds = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree char *dossier = NULL;
  g_autofree char *fingerprint = NULL;
  const WorksCadre *rule;
  const WorksLink *link = NULL;
  gint64 service_id = 0;
  gint64 main_pj_id = 0;
  gint64 id, depositor;
  const char *statut;
  JsonObject *answer;
  sqlite3_stmt *stmt;

  if (ctx->error)
    return NULL;
  if (cadre == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ cadreDeFacturation.codeCadreFacturation est obligatoire");
  rule = cadre_find (cadre);
  if (rule == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre « %s » n'est pas un cadre de facture de travaux", cadre);
  if (mode != NULL && !g_str_equal (mode, "DEPOT_PDF_API") && !g_str_equal (mode, "DEPOT_PDF_SIGNE_API"))
    return sim_fail (SIM_CODE_INVALID_VALUE, "modeDepot « %s » : une facture de travaux se dépose en PDF", mode);
  if (type != NULL && !g_str_equal (type, rule->type))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeFactureTravaux « %s » ne correspond pas au cadre %s", type, cadre);

  if (prev_id > 0)
    {
      Holding holding = HELD_NAMED;
      const char *holder;

      prev = sim_works_load (ctx->ds, prev_id);
      if (prev == NULL || !works_visible (ctx, prev))
        return sim_fail (SIM_CODE_NOT_FOUND, "La pièce précédente %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", prev_id);
      if (!rule->next)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne se dépose pas à partir d'une pièce existante", cadre);
      link = find_link (prev->cadre, cadre, rule->depositor);
      if (link == NULL)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne peut pas suivre une pièce du cadre %s", cadre, prev->cadre);
      if (prev->next_id != 0)
        return sim_fail (SIM_CODE_TRANSITION, "La pièce %s a déjà une pièce suivante", prev->numero);
      holder = holder_of (prev, &holding);
      if (holder == NULL || (holding != HELD_NAMED && holding != HELD_BY_RECEIVER) ||
          (!g_str_equal (holder, rule->depositor) && !link->on_silence))
        return sim_fail (SIM_CODE_TRANSITION, "La pièce %s au statut %s ne peut pas recevoir de pièce suivante de la part de l'acteur %s",
                         prev->numero, prev->statut, rule->depositor);
      supplier = prev->supplier_id;
      moe = prev->moe_id;
      moa = prev->moa_id;
      service_id = prev->service_id;
      dossier = g_strdup (prev->dossier);
      if (marche == NULL)
        marche = prev->numero_marche;
      if (engagement == NULL)
        engagement = prev->numero_engagement;
    }
  else
    {
      g_autoptr(SimStructure) s_supplier = NULL, s_moe = NULL, s_moa = NULL, s_dest = NULL;

      if (!rule->first)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne se dépose qu'à partir d'une pièce existante (association)", cadre);
      if (supplier <= 0 || moa <= 0 || code_dest == NULL)
        return sim_fail (SIM_CODE_MISSING_FIELD, "fournisseur.idFournisseur, destinataire.codeDestinataire et "
                         "cadreDeFacturation.idMoa sont obligatoires pour un dépôt initial");
      if (moe <= 0 && (g_str_equal (rule->sent_to, "MOE") || g_str_equal (rule->depositor, "MOE")))
        return sim_fail (SIM_CODE_MISSING_FIELD, "cadreDeFacturation.idMoe est obligatoire pour le cadre %s", cadre);
      s_supplier = sim_structure_load (ctx->ds, supplier);
      s_moa = sim_structure_load (ctx->ds, moa);
      s_moe = moe > 0 ? sim_structure_load (ctx->ds, moe) : NULL;
      s_dest = sim_structure_find (ctx->ds, code_dest);
      if (s_supplier == NULL || s_moa == NULL || (moe > 0 && s_moe == NULL))
        return sim_fail (SIM_CODE_NOT_FOUND, "Une des structures du marché n'existe pas");
      if (s_dest == NULL || !s_dest->is_public)
        return sim_fail (SIM_CODE_NOT_FOUND, "Destinataire non trouvé ou inactif : %s", code_dest);
      /* Here the financial recipient is the MOA itself (no delegated MOA in this dataset). */
      if (s_dest->id != moa)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le destinataire %s n'est pas la maîtrise d'ouvrage du marché", code_dest);
      if (code_service != NULL && *code_service != '\0')
        {
          g_autoptr(SimService) service = sim_service_find (ctx->ds, moa, code_service);

          if (service == NULL)
            return sim_fail (SIM_CODE_NOT_FOUND, "Le service %s n'existe pas pour le destinataire %s", code_service, code_dest);
          service_id = service->id;
        }
    }

  depositor = g_str_equal (rule->depositor, "MOE") ? moe : g_str_equal (rule->depositor, "MOA") ? moa : supplier;
  if (!sim_account_has (ctx, depositor, rule->depositor))
    return sim_fail (SIM_CODE_FORBIDDEN, "Le cadre %s est déposé par l'acteur %s : l'utilisateur n'est pas rattaché à cette structure avec ce rôle",
                     cadre, rule->depositor);
  if (!number_ok (numero))
    return sim_fail (SIM_CODE_MISSING_FIELD, "numeroFactureSaisi est obligatoire (20 caractères au plus : lettres, chiffres, - _ / +)");
  if (!day_ok (date))
    return sim_fail (SIM_CODE_MISSING_FIELD, "dateFacture (AAAA-MM-JJ) est obligatoire");
  if (!has_ht || !has_tva || !has_ttc || !has_pay)
    return sim_fail (SIM_CODE_MISSING_FIELD, "montantTotal : montantHtTotal, montantTVA, montantTtcTotal et montantAPayer sont obligatoires");
  if (llabs (ht + tva - ttc) > 1 || ht < 0 || tva < 0 || a_payer < 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : HT + TVA ≠ TTC");
  if (main_pj == NULL || json_array_get_length (main_pj) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (main_pj, 0)))
    return sim_fail (SIM_CODE_MISSING_FIELD, "La pièce jointe principale (PDF) est obligatoire");
  main_pj_id = sim_req_int (ctx, json_array_get_object_element (main_pj, 0), "pieceJointePrincipaleId", 0);
  if (ctx->error)
    return NULL;
  binds = sim_binds_new ();
  sim_bind_int (binds, main_pj_id);
  if (sim_count (ctx, "SELECT COUNT(*) FROM attachments WHERE id = ?", binds) != 1)
    return sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", main_pj_id);
  if (number_taken (ctx, g_str_equal (rule->depositor, "MOE") ? "moe_id" : g_str_equal (rule->depositor, "MOA") ? "moa_id"
                                                                                                              : "supplier_id",
                    depositor, numero))
    return sim_fail (SIM_CODE_DUPLICATE, "Le numéro %s est déjà utilisé par une pièce de cette structure", numero);

  id = sim_dataset_next_id (ctx->ds, "works");
  if (dossier == NULL)
    dossier = g_strdup (numero);
  statut = sim_works_holder_status (cadre);
  sqlite3_prepare_v2 (ctx->db, "INSERT INTO works (" SIM_WORKS_COLUMNS ") VALUES "
                      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,NULL,?,0,0,?)", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, numero, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cadre, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, statut, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, supplier);
  sqlite3_bind_int64 (stmt, 6, moe);
  sqlite3_bind_int64 (stmt, 7, moa);
  sqlite3_bind_int64 (stmt, 8, service_id);
  sqlite3_bind_text (stmt, 9, marche, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, engagement, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 14, ht);
  sqlite3_bind_int64 (stmt, 15, tva);
  sqlite3_bind_int64 (stmt, 16, ttc);
  sqlite3_bind_int64 (stmt, 17, a_payer);
  sqlite3_bind_int64 (stmt, 18, prev ? prev->id : 0);
  sqlite3_bind_text (stmt, 19, dossier, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 20, mode != NULL ? mode : "DEPOT_PDF_API", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 21, main_pj_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      return sim_fail (SIM_CODE_INVALID_VALUE, "Dépôt impossible : %s", sqlite3_errmsg (ctx->db));
    }
  sqlite3_finalize (stmt);
  /* The uploaded PDF now belongs to the piece. */
  {
    g_autoptr(GPtrArray) b = sim_binds_new ();

    sim_bind_int (b, id);
    sim_bind_int (b, main_pj_id);
    stmt = sim_prepare (ctx, "UPDATE attachments SET invoice_id = ? WHERE id = ?", b);
    sqlite3_step (stmt);
    sqlite3_finalize (stmt);
  }

  if (prev)
    {
      g_autoptr(GPtrArray) b = sim_binds_new ();

      works_set_status (ctx, prev->id, link->previous_becomes, NULL);
      sim_bind_int (b, id);
      sim_bind_int (b, prev->id);
      stmt = sim_prepare (ctx, "UPDATE works SET next_id = ? WHERE id = ?", b);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }

  {
    g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", id, numero, now);
    g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize length = sizeof digest;

    g_checksum_update (sum, (const guchar *) seed, -1);
    g_checksum_get_digest (sum, digest, &length);
    fingerprint = g_base64_encode (digest, length);
  }
  answer = sim_ok ();
  json_object_set_int_member (answer, "idFactureTravaux", id);
  json_object_set_string_member (answer, "numeroFactureTravaux", numero);
  json_object_set_string_member (answer, "numeroDossierFacturation", dossier);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "statutFactureTravaux", statut);
  json_object_set_string_member (answer, "empreinteCertificatDepot", fingerprint);
  if (prev)
    json_object_set_int_member (answer, "idPiecePrecedente", prev->id);
  return answer;
}

/* ---- processing ---------------------------------------------------------------------------- */

static JsonObject *
process (SimCtx *ctx, JsonObject *req, OpKind kind, const char *path)
{
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  JsonArray *complements = sim_req_array (ctx, req, "pieceJointeComplementaire");
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(SimWorks) prev = NULL;
  const WorksCadre *rule;
  Holding holding = HELD_NAMED;
  const char *holder;
  const char *caller = NULL;
  gsize op = 0;
  JsonObject *answer;

  if (w == NULL)
    return fail;
  for (; op < G_N_ELEMENTS (operations); op++)
    if (g_str_equal (operations[op].path, path))
      break;
  rule = cadre_find (w->cadre);
  holder = holder_of (w, &holding);

  /* Who calls: the holder for the receiver's processing, the depositor for its answers. */
  if (kind == OP_RECYCLE || kind == OP_COMPLETE)
    {
      if (holder == NULL || (kind == OP_RECYCLE ? holding != TO_RECYCLE : holding != TO_COMPLETE))
        return sim_fail (SIM_CODE_TRANSITION, kind == OP_RECYCLE
                         ? "Seule une pièce à recycler peut être recyclée (statut actuel : %s)"
                         : "Seule une pièce suspendue peut être complétée (statut actuel : %s)", w->statut);
      caller = rule->depositor;
    }
  else
    {
      if (holder == NULL || (holding != HELD_NAMED && holding != HELD_BY_RECEIVER))
        return sim_fail (SIM_CODE_TRANSITION, "La pièce au statut %s ne peut plus être traitée", w->statut);
      caller = holder;
    }
  if (!word_in (caller, operations[op].callers) || !word_in (rule->depositor, operations[op].depositors))
    return sim_fail (SIM_CODE_FORBIDDEN, "L'acteur %s ne peut pas faire « %s » sur une pièce du cadre %s", caller, path, w->cadre);
  if (!account_is (ctx, w, caller))
    return sim_fail (SIM_CODE_FORBIDDEN, "Seul l'acteur %s de la pièce peut faire « %s »", caller, path);
  if (operations[op].needs_comment && blank (commentaire))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, kind == OP_SUSPEND ? "Le motif de la suspension est obligatoire"
                                                                 : "Le motif du refus est obligatoire");
  if (kind == OP_COMPLETE && blank (commentaire) && (complements == NULL || json_array_get_length (complements) == 0))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Un commentaire ou une pièce jointe complémentaire est obligatoire");

  switch (kind)
    {
    case OP_SUSPEND:
      works_set_status (ctx, w->id, "SUSPENDUE", commentaire);
      break;
    case OP_REFUSE:
      {
        const char *statut = NULL;

        for (gsize k = 0; k < G_N_ELEMENTS (routing_errors); k++)
          if (g_str_equal (routing_errors[k].depositor, rule->depositor) && g_str_equal (routing_errors[k].holder, caller))
            statut = routing_errors[k].statut;
        if (statut == NULL)
          return sim_fail (SIM_CODE_TRANSITION, "Une pièce du cadre %s ne peut pas être refusée par l'acteur %s", w->cadre, caller);
        works_set_status (ctx, w->id, statut, commentaire);
        break;
      }
    case OP_ASK_RECYCLE:
      {
        const WorksCadre *prev_rule;

        prev = w->prev_id ? sim_works_load (ctx->ds, w->prev_id) : NULL;
        prev_rule = prev ? cadre_find (prev->cadre) : NULL;
        if (prev_rule == NULL)
          return sim_fail (SIM_CODE_TRANSITION, "La pièce %s n'a pas de pièce précédente", w->numero);
        if (!g_str_equal (prev_rule->depositor, "FOURNISSEUR"))
          return sim_fail (SIM_CODE_TRANSITION, "Seule une pièce déposée par le fournisseur peut être renvoyée en recyclage");
        works_set_status (ctx, prev->id, "A_RECYCLER", commentaire);
        works_set_status (ctx, w->id, "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", NULL);
        break;
      }
    case OP_RECYCLE:
      {
        /* Corrected in place: the piece waiting for it goes back to its receiver. */
        g_autoptr(SimWorks) next = w->next_id ? sim_works_load (ctx->ds, w->next_id) : NULL;

        works_set_status (ctx, w->id, next ? "ASSOCIEE" : sim_works_holder_status (w->cadre), commentaire);
        if (next != NULL && g_str_equal (next->statut, "EN_ATTENTE_RECYCLAGE_FOURNISSEUR"))
          works_set_status (ctx, next->id, sim_works_holder_status (next->cadre), NULL);
        break;
      }
    case OP_COMPLETE:
      for (guint k = 0; complements != NULL && k < json_array_get_length (complements); k++)
        {
          JsonNode *e = json_array_get_element (complements, k);
          gint64 pj;
          g_autoptr(GPtrArray) b = sim_binds_new ();
          sqlite3_stmt *stmt;

          if (!JSON_NODE_HOLDS_OBJECT (e))
            {
              sim_bad_request (ctx, "pieceJointeComplementaire doit contenir des objets");
              return NULL;
            }
          pj = sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireId", 0);
          sim_bind_int (b, pj);
          if (ctx->error || sim_count (ctx, "SELECT COUNT(*) FROM attachments WHERE id = ?", b) != 1)
            return ctx->error ? NULL : sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", pj);
          g_ptr_array_set_size (b, 0);
          sim_bind_int (b, w->id);
          sim_bind_int (b, pj);
          stmt = sim_prepare (ctx, "UPDATE attachments SET invoice_id = ? WHERE id = ?", b);
          sqlite3_step (stmt);
          sqlite3_finalize (stmt);
        }
      works_set_status (ctx, w->id, "COMPLETEE", commentaire);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  /* The samples: the suspension answers {codeRetour, libelle}; demander/recyclage adds the two ids. */
  answer = sim_ok ();
  if (kind == OP_ASK_RECYCLE)
    {
      json_object_set_int_member (answer, "idFactureTravaux", w->id);
      json_object_set_int_member (answer, "idPiecePrecedente", prev->id);
    }
  else if (kind != OP_SUSPEND)
    json_object_set_int_member (answer, "idFactureTravaux", w->id);
  return answer;
}

#define PROCESS_HANDLER(name, kind, path) \
  static JsonObject *name (SimCtx *ctx, JsonObject *req) { return process (ctx, req, kind, path); }
PROCESS_HANDLER (suspendre, OP_SUSPEND, "suspendre/demander/completer/factureTravaux")
PROCESS_HANDLER (refuser, OP_REFUSE, "refuser")
PROCESS_HANDLER (demander_recyclage, OP_ASK_RECYCLE, "demander/recyclage")
PROCESS_HANDLER (recycler, OP_RECYCLE, "recycler")
PROCESS_HANDLER (completer, OP_COMPLETE, "completer")
PROCESS_HANDLER (completer_moe, OP_COMPLETE, "completermoe")
#undef PROCESS_HANDLER

/* ---- the PDF ------------------------------------------------------------------------------- */

GBytes *
sim_travaux_download (SimCtx *ctx, gint64 id)
{
  g_autoptr(SimWorks) w = sim_works_load (ctx->ds, id);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  GBytes *pdf = NULL;
  sqlite3_stmt *stmt;

  if (w == NULL || !works_visible (ctx, w))
    return NULL;
  if (w->main_pj_id != 0)
    pdf = sim_attachment_data (ctx, w->main_pj_id, NULL, NULL);
  if (pdf == NULL)
    pdf = sim_works_pdf (ctx, w);
  sim_bind_int (binds, w->id);
  stmt = sim_prepare (ctx, "UPDATE works SET telechargee = 1 WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return pdf;
}

static const SimRoute routes[] = {
  { "facturesTravaux/v1/rechercher", rechercher },
  { "facturesTravaux/v1/consulter", consulter },
  { "facturesTravaux/v1/consulter/dossierfacturation", consulter_dossier },
  { "facturesTravaux/v1/soumettre", soumettre },
  { "facturesTravaux/v1/suspendre/demander/completer/factureTravaux", suspendre },
  { "facturesTravaux/v1/refuser", refuser },
  { "facturesTravaux/v1/demander/recyclage", demander_recyclage },
  { "facturesTravaux/v1/recycler", recycler },
  { "facturesTravaux/v1/completer", completer },
  { "facturesTravaux/v1/completermoe", completer_moe },
};

const SimRoute *
sim_travaux_routes (gsize *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
