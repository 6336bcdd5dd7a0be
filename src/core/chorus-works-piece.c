/* chorus-works-piece.c: reading works pieces liberally from rechercher, consulter and the dossier answers. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "chorus-client-error.h"
#include "chorus-json.h"
#include "chorus-status.h"
#include "chorus-works-piece.h"

G_DEFINE_BOXED_TYPE (ChorusWorksPiece, chorus_works_piece, chorus_works_piece_copy, chorus_works_piece_free)

#define PIECE_STRINGS(X) \
  X (number) X (dossier) X (type_code) X (status_code) X (status_date) X (status_comment) X (deposit_date) \
  X (invoice_date) X (deposit_mode) X (currency) X (market_number) X (engagement_number) X (previous_number) \
  X (next_number)
#define PARTIES(X) X (supplier) X (recipient) X (moe) X (moa)

ChorusWorksPiece *
chorus_works_piece_new (void)
{
  return g_new0 (ChorusWorksPiece, 1);
}

static void
party_copy (ChorusWorksParty *to, const ChorusWorksParty *from)
{
  to->id = from->id;
  to->identifier = g_strdup (from->identifier);
  to->name = g_strdup (from->name);
  to->service_code = g_strdup (from->service_code);
}

static void
party_clear (ChorusWorksParty *party)
{
  g_clear_pointer (&party->identifier, g_free);
  g_clear_pointer (&party->name, g_free);
  g_clear_pointer (&party->service_code, g_free);
}

ChorusWorksPiece *
chorus_works_piece_copy (const ChorusWorksPiece *piece)
{
  ChorusWorksPiece *copy;

  g_return_val_if_fail (piece != NULL, NULL);

  copy = g_memdup2 (piece, sizeof *piece);
#define COPY(name) copy->name = g_strdup (piece->name);
  PIECE_STRINGS (COPY)
#undef COPY
#define COPY_PARTY(name) party_copy (&copy->name, &piece->name);
  PARTIES (COPY_PARTY)
#undef COPY_PARTY
  copy->attachments = NULL;
  if (piece->attachments != NULL)
    {
      copy->attachments = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < piece->attachments->len; i++)
        g_ptr_array_add (copy->attachments, g_strdup (g_ptr_array_index (piece->attachments, i)));
    }
  return copy;
}

void
chorus_works_piece_free (ChorusWorksPiece *piece)
{
  if (piece == NULL)
    return;
#define FREE(name) g_free (piece->name);
  PIECE_STRINGS (FREE)
#undef FREE
#define CLEAR_PARTY(name) party_clear (&piece->name);
  PARTIES (CLEAR_PARTY)
#undef CLEAR_PARTY
  g_clear_pointer (&piece->attachments, g_ptr_array_unref);
  g_free (piece);
}

const char *
chorus_works_piece_status_label (const ChorusWorksPiece *piece)
{
  g_return_val_if_fail (piece != NULL, "");

  return chorus_status_code_label (piece->status_code);
}

ChorusRole
chorus_works_piece_holder (const ChorusWorksPiece *piece)
{
  g_return_val_if_fail (piece != NULL, CHORUS_ROLE_UNKNOWN);

  return chorus_works_holder (piece->cadre, piece->status);
}

/* --- reading --------------------------------------------------------------------------- */

/* Where a member may be: the item itself, then the sub-objects consulter groups fields in. */
typedef struct {
  JsonObject *objects[8];
  guint       n;
} Sources;

static gboolean
sources_add (Sources *sources, JsonObject *object, const char *key, GError **error)
{
  JsonObject *sub = NULL;

  if (!chorus_json_get_one_object (object, key, &sub, error))
    return FALSE;
  if (sub != NULL && sources->n < G_N_ELEMENTS (sources->objects))
    sources->objects[sources->n++] = sub;
  return TRUE;
}

/* The object holding the first of @keys present (not null), and which key it was. */
static JsonObject *
find_member (const Sources *sources, const char *const *keys, const char **found)
{
  for (guint i = 0; i < sources->n; i++)
    for (guint k = 0; keys[k] != NULL; k++)
      {
        JsonNode *node = json_object_get_member (sources->objects[i], keys[k]);

        if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
          {
            *found = keys[k];
            return sources->objects[i];
          }
      }
  return NULL;
}

#define KEYS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static gboolean
read_string (const Sources *s, const char *const *keys, char **out, GError **error)
{
  const char *key = NULL;
  JsonObject *object = find_member (s, keys, &key);

  if (object == NULL)
    return TRUE;
  if (!chorus_json_get_trimmed (object, key, out, error))
    return FALSE;
  /* Chorus sends "" for what it does not have. */
  if (*out != NULL && **out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

static gboolean
read_int (const Sources *s, const char *const *keys, gint64 *out, GError **error)
{
  const char *key = NULL;
  JsonObject *object = find_member (s, keys, &key);

  return object == NULL || chorus_json_get_int (object, key, out, error);
}

static gboolean
read_amount (const Sources *s, const char *const *keys, gint64 *out, gboolean *present, GError **error)
{
  const char *key = NULL;
  JsonObject *object = find_member (s, keys, &key);

  if (present != NULL)
    *present = object != NULL;
  return object == NULL || chorus_json_get_amount (object, key, out, error);
}

static gboolean
read_bool (const Sources *s, const char *const *keys, gboolean *out, GError **error)
{
  const char *key = NULL;
  JsonObject *object = find_member (s, keys, &key);

  return object == NULL || chorus_json_get_bool (object, key, out, error);
}

static gboolean
read_date (const Sources *s, const char *const *keys, gboolean day_only, char **out, GError **error)
{
  const char *key = NULL;
  JsonObject *object = find_member (s, keys, &key);

  if (object == NULL)
    return TRUE;
  return day_only ? chorus_json_get_date (object, key, out, error) : chorus_json_get_datetime (object, key, out, error);
}

static gboolean
read_party (const Sources *s, ChorusWorksParty *party, const char *const *ids, const char *const *identifiers,
            const char *const *names, const char *const *services, GError **error)
{
  return read_int (s, ids, &party->id, error) && read_string (s, identifiers, &party->identifier, error) &&
         read_string (s, names, &party->name, error) && read_string (s, services, &party->service_code, error);
}

/* A previous or next piece, given flat (idPiecePrecedente) or in its own object (consulter). */
static gboolean
read_link (JsonObject *item, const Sources *s, const char *object_key, const char *suffix, gint64 *id,
           char **number, ChorusCadre *cadre, GError **error)
{
  g_autofree char *id_key = g_strconcat ("idPiece", suffix, NULL);
  g_autofree char *number_key = g_strconcat ("numeroPiece", suffix, NULL);
  g_autofree char *cadre_key = g_strconcat ("cadreFacturationPiece", suffix, NULL);
  g_autofree char *cadre_code = NULL;
  Sources link = *s;

  if (!sources_add (&link, item, object_key, error))
    return FALSE;
  if (!read_int (&link, KEYS (id_key), id, error) || !read_string (&link, KEYS (number_key), number, error) ||
      !read_string (&link, KEYS (cadre_key), &cadre_code, error))
    return FALSE;
  if (cadre != NULL)
    *cadre = chorus_cadre_from_api (cadre_code);
  return TRUE;
}

static gboolean
read_attachments (JsonObject *item, ChorusWorksPiece *piece, GError **error)
{
  JsonObject *holder = NULL;
  g_autoptr(JsonArray) list = NULL;

  if (!chorus_json_get_one_object (item, "listeDesPiecesJointes", &holder, error))
    return FALSE;
  if (holder == NULL || !chorus_json_get_list (holder, "pieceJointe", &list, error))
    return holder == NULL;
  piece->attachments = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autofree char *name = NULL;
      g_autofree char *extension = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (!chorus_json_get_trimmed (json_node_get_object (node), "pieceJointeDesignation", &name, error) ||
          !chorus_json_get_trimmed (json_node_get_object (node), "pieceJointeExtension", &extension, error))
        return FALSE;
      if (name == NULL)
        continue;
      {
        g_autofree char *suffix = extension ? g_ascii_strdown (extension, -1) : NULL;
        g_autofree char *lower = g_ascii_strdown (name, -1);

        /* "situation.pdf" with extension "PDF" stays as it is; "situation" becomes "situation.pdf". */
        g_ptr_array_add (piece->attachments, suffix != NULL && !g_str_has_suffix (lower, suffix)
                                             ? g_strdup_printf ("%s.%s", name, suffix) : g_strdup (name));
      }
    }
  return TRUE;
}

/* One item of listeFacturesTravaux / listeFactureTravaux, or the factureTravaux object of
 * consulter. Liberal: ids and amounts as numbers or numeric strings, booleans as true/"true"/
 * "Oui", a one-element list as an object; only an item without a usable idFactureTravaux, or
 * whose fields have an impossible type, is refused. */
static ChorusWorksPiece *
chorus_works_piece_from_json (JsonObject  *item,
                              GError     **error)
{
  g_autoptr(ChorusWorksPiece) piece = chorus_works_piece_new ();
  g_autofree char *cadre_code = NULL;
  JsonObject *main_pj = NULL;
  Sources s = { { item }, 1 };
  gboolean has_vat = FALSE, has_ttc = FALSE;

  g_return_val_if_fail (item != NULL, NULL);

  /* consulter groups its fields like factures/v1/consulter does. */
  if (!sources_add (&s, item, "references", error) || !sources_add (&s, item, "montantTotal", error) ||
      !sources_add (&s, item, "cadreDeFacturation", error) || !sources_add (&s, item, "fournisseur", error) ||
      !sources_add (&s, item, "destinataire", error))
    return NULL;

  if (!read_int (&s, KEYS ("idFactureTravaux"), &piece->id, error) ||
      !read_string (&s, KEYS ("numeroFactureTravaux", "numeroFacture"), &piece->number, error) ||
      !read_string (&s, KEYS ("numeroDossierFacturation"), &piece->dossier, error) ||
      !read_string (&s, KEYS ("typeFactureTravaux"), &piece->type_code, error) ||
      !read_string (&s, KEYS ("cadreFacturation", "codeCadreFacturation"), &cadre_code, error) ||
      !read_string (&s, KEYS ("statutFactureTravaux", "statut", "statutCourant", "statutFacture"), &piece->status_code, error) ||
      !read_date (&s, KEYS ("dateHeureEtatCourant"), FALSE, &piece->status_date, error) ||
      !read_string (&s, KEYS ("commentaireEtatCourant"), &piece->status_comment, error) ||
      !read_date (&s, KEYS ("dateDepot"), TRUE, &piece->deposit_date, error) ||
      !read_date (&s, KEYS ("dateFactureTravaux", "dateFacture"), TRUE, &piece->invoice_date, error) ||
      !read_string (&s, KEYS ("modeDepot"), &piece->deposit_mode, error) ||
      !read_amount (&s, KEYS ("montantHT", "montantHtTotal"), &piece->amount_ht, NULL, error) ||
      !read_amount (&s, KEYS ("montantTVA"), &piece->amount_vat, &has_vat, error) ||
      !read_amount (&s, KEYS ("montantTTC", "montantTtcTotal"), &piece->amount_ttc, &has_ttc, error) ||
      !read_amount (&s, KEYS ("montantAPayer"), &piece->amount_to_pay, NULL, error) ||
      !read_string (&s, KEYS ("devise", "codeDeviseFacture"), &piece->currency, error) ||
      !read_party (&s, &piece->supplier, KEYS ("idFournisseur"), KEYS ("identifiantFournisseur", "codeFournisseur"),
                   KEYS ("designationFournisseur", "raisonSocialeFournisseur"), KEYS ("codeServiceFournisseur"), error) ||
      !read_party (&s, &piece->recipient, KEYS ("idDestinataire"), KEYS ("identifiantDestinataire", "codeDestinataire"),
                   KEYS ("designationDestinataire", "libelleDestinataire"), KEYS ("codeServiceExecutant"), error) ||
      !read_party (&s, &piece->moe, KEYS ("idMoe", "idMOE"), KEYS ("identifiantMoe", "codeMOE", "codeMoe"),
                   KEYS ("designationMoe", "designationMOE", "raisonSocialeMoe"), KEYS ("codeServiceMoe"), error) ||
      !read_party (&s, &piece->moa, KEYS ("idMoa", "idMOA"), KEYS ("identifiantMoa", "codeMOA", "codeMoa"),
                   KEYS ("designationMoa", "designationMOA", "raisonSocialeMoa"), KEYS ("codeServiceMoa"), error) ||
      !read_string (&s, KEYS ("numeroMarche"), &piece->market_number, error) ||
      !read_string (&s, KEYS ("numeroBonCommande", "numeroEngagement"), &piece->engagement_number, error) ||
      !read_link (item, &s, "piecePrecedente", "Precedente", &piece->previous_id, &piece->previous_number,
                  &piece->previous_cadre, error) ||
      !read_link (item, &s, "pieceSuivante", "Suivante", &piece->next_id, &piece->next_number, NULL, error) ||
      !read_bool (&s, KEYS ("factureTelechargeeParDestinataire", "factureTelechargee"), &piece->downloaded, error) ||
      !chorus_json_get_one_object (item, "pieceJointePrincipale", &main_pj, error) ||
      (main_pj != NULL && !chorus_json_get_int (main_pj, "idPieceJointePrincipale", &piece->main_attachment_id, error)) ||
      !read_attachments (item, piece, error))
    return NULL;

  if (piece->id <= 0)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("Invalid Chorus Pro answer: a works piece has no idFactureTravaux."));
      return NULL;
    }

  /* Keep what was sent, however unexpected: the raw code shows when the label is not known. */
  piece->status = chorus_status_from_api (piece->status_code);
  piece->type = chorus_works_type_from_api (piece->type_code);
  piece->cadre = chorus_cadre_from_api (cadre_code);
  piece->cadre_certain = chorus_works_cadre_is_piece (piece->cadre);
  if (!piece->cadre_certain)
    piece->cadre = chorus_works_guess_cadre (piece->type, piece->status, piece->previous_cadre, &piece->cadre_certain);
  if (piece->type == CHORUS_WORKS_TYPE_UNKNOWN && piece->type_code == NULL)
    piece->type = chorus_works_cadre_type (piece->cadre);
  /* The search answers give HT and TTC; the VAT is the difference. */
  if (!has_vat && has_ttc)
    piece->amount_vat = piece->amount_ttc - piece->amount_ht;
  if (piece->currency == NULL)
    piece->currency = g_strdup ("EUR");
  return g_steal_pointer (&piece);
}

static ChorusWorksPage *
chorus_works_page_new (void)
{
  ChorusWorksPage *page = g_new0 (ChorusWorksPage, 1);

  page->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);
  page->unreadable = g_ptr_array_new_with_free_func (g_free);
  return page;
}

void
chorus_works_page_free (ChorusWorksPage *page)
{
  if (page == NULL)
    return;
  g_ptr_array_unref (page->pieces);
  g_ptr_array_unref (page->unreadable);
  g_free (page);
}

static gboolean
read_count (JsonObject *object, const char *key, guint *out, GError **error)
{
  gint64 value = 0;

  if (object == NULL || !chorus_json_get_int (object, key, &value, error))
    return object == NULL;
  *out = (guint) CLAMP (value, 0, G_MAXINT32);
  return TRUE;
}

ChorusWorksPage *
chorus_works_page_from_json (JsonObject  *response,
                             GError     **error)
{
  static const char *const list_keys[] = { "listeFacturesTravaux", "listeFactureTravaux", "listeFactures" };
  g_autoptr(ChorusWorksPage) page = chorus_works_page_new ();
  g_autoptr(JsonArray) list = NULL;
  JsonObject *paging = NULL;

  g_return_val_if_fail (response != NULL, NULL);

  for (gsize k = 0; list == NULL && k < G_N_ELEMENTS (list_keys); k++)
    if (!chorus_json_get_list (response, list_keys[k], &list, error))
      return NULL;
  if (!chorus_json_get_one_object (response, "parametresRetour", &paging, error))
    return NULL;
  /* Paging inside parametresRetour (works searches), or at the top level. */
  if (!read_count (paging ? paging : response, "pageCourante", &page->page, error) ||
      !read_count (paging ? paging : response, "pages", &page->pages, error) ||
      !read_count (paging ? paging : response, "total", &page->total, error))
    return NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autoptr(GError) item_error = NULL;
      ChorusWorksPiece *piece = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        piece = chorus_works_piece_from_json (json_node_get_object (node), &item_error);
      if (piece != NULL)
        g_ptr_array_add (page->pieces, piece);
      else
        /* Kept whole, so that the user can see it and report it. */
        g_ptr_array_add (page->unreadable, json_to_string (node, TRUE));
    }
  return g_steal_pointer (&page);
}

ChorusWorksPiece *
chorus_works_piece_from_consult (JsonObject  *response,
                                 GError     **error)
{
  JsonObject *piece = NULL;

  g_return_val_if_fail (response != NULL, NULL);

  if (!chorus_json_get_one_object (response, "factureTravaux", &piece, error))
    return NULL;
  if (piece == NULL && !chorus_json_get_one_object (response, "facture", &piece, error))
    return NULL;
  return chorus_works_piece_from_json (piece != NULL ? piece : response, error);
}

/* --- the dossier ------------------------------------------------------------------------- */

GPtrArray *
chorus_works_order_dossier (GPtrArray *pieces)
{
  GPtrArray *ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_val_if_fail (pieces != NULL, ordered);

  for (guint i = 0; i < pieces->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      g_hash_table_insert (by_id, &piece->id, piece);
    }
  /* A piece names its previous one, its next one, or both: follow either. */
  for (guint i = 0; i < pieces->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);
      ChorusWorksPiece *next;

      if (piece->next_id == 0)
        continue;
      next = g_hash_table_lookup (by_id, &piece->next_id);
      if (next != NULL && next->previous_id == 0)
        next->previous_id = piece->id;
    }
  for (guint i = 0; i < pieces->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->previous_id != 0 && g_hash_table_contains (by_id, &piece->previous_id))
        continue;
      /* A chain start: follow it; a cycle in bad data stops at the first repeat. */
      while (piece != NULL && !g_hash_table_contains (placed, &piece->id))
        {
          ChorusWorksPiece *copy = chorus_works_piece_copy (piece);
          ChorusWorksPiece *next = NULL;

          g_hash_table_add (placed, &piece->id);
          if (ordered->len > 0)
            {
              ChorusWorksPiece *before = g_ptr_array_index (ordered, ordered->len - 1);

              if (before->id == copy->previous_id)
                {
                  copy->previous_cadre = before->cadre;
                  if (!copy->cadre_certain)
                    copy->cadre = chorus_works_guess_cadre (copy->type, copy->status, before->cadre,
                                                            &copy->cadre_certain);
                }
            }
          g_ptr_array_add (ordered, copy);
          if (piece->next_id != 0)
            next = g_hash_table_lookup (by_id, &piece->next_id);
          for (guint k = 0; next == NULL && k < pieces->len; k++)
            {
              ChorusWorksPiece *candidate = g_ptr_array_index (pieces, k);

              if (candidate->previous_id == piece->id)
                next = candidate;
            }
          piece = next;
        }
    }
  for (guint i = 0; i < pieces->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (!g_hash_table_contains (placed, &piece->id))
        g_ptr_array_add (ordered, chorus_works_piece_copy (piece));
    }
  return ordered;
}

char *
chorus_works_clock_start (GPtrArray *pieces)
{
  g_return_val_if_fail (pieces != NULL, NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (chorus_works_cadre_receiver (piece->cadre) == CHORUS_ROLE_MOE && piece->deposit_date != NULL)
        return g_strdup (piece->deposit_date);
    }
  for (guint i = 0; i < pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->deposit_date != NULL)
        return g_strdup (piece->deposit_date);
    }
  return NULL;
}

static gboolean
parse_day (const char *text, GDate *date)
{
  int year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

int
chorus_works_clock_days (const char *start,
                         const char *today)
{
  GDate from, to;

  if (!parse_day (start, &from))
    return -1;
  if (today == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *text = g_date_time_format (now, "%Y-%m-%d");

      return chorus_works_clock_days (start, text);
    }
  if (!parse_day (today, &to))
    return -1;
  return g_date_days_between (&from, &to);
}
