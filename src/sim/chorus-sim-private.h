/* chorus-sim-private.h: what the simulator's endpoint files share: request reading, answers, paging. */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-sim.h"
#include "chorus-sim-dataset.h"

G_BEGIN_DECLS

/* Every codeRetour the simulator answers, in one place. 0, 20000, 20002 and 20007 are the
 * platform's (reference §3–4, Pastell's fixtures); the others are the simulator's own numbering,
 * each answered with a French libelle. Functional errors come with HTTP 200 (§4), malformed
 * requests with HTTP 400, sizes over a cap with HTTP 413. */
enum {
  SIM_CODE_OK                = 0,
  SIM_CODE_NO_RESULT         = 20000,   /* TRA_MSG_00.015, factures searches */
  SIM_CODE_NOT_FOUND         = 20001,   /* object unknown or not visible to the account */
  SIM_CODE_TRANSITION        = 20002,   /* status change or action not allowed from the current status */
  SIM_CODE_MOTIF_REQUIRED    = 20003,
  SIM_CODE_MISSING_FIELD     = 20004,
  SIM_CODE_SERVICE_REQUIRED  = 20005,
  SIM_CODE_EJ_REQUIRED       = 20006,
  SIM_CODE_NO_RESULT_WORKS   = 20007,   /* GFT_MSG_01.075, facturesTravaux searches */
  SIM_CODE_INVALID_VALUE     = 20008,
  SIM_CODE_DUPLICATE         = 20009,
  SIM_CODE_FORBIDDEN         = 20010,   /* the account lacks the role for this structure */
  SIM_CODE_CADRE_NOT_ALLOWED = 20011,   /* a cadre that this operation does not deposit (works on factures) */
  SIM_CODE_RECIPIENT_INACTIVE = 20012,  /* the recipient structure is closed */
  SIM_CODE_BAD_REQUEST       = 20100,   /* HTTP 400: malformed JSON, wrong types, bad paging */
  SIM_CODE_REQUEST_TOO_LARGE = 20101,   /* HTTP 413: request body over the operation's cap */
  SIM_CODE_ANSWER_TOO_LARGE  = 20102,   /* HTTP 413: answer over the operation's cap */
  SIM_CODE_DOWNLOAD_TOO_LARGE = 413,    /* HTTP 413: telecharger/groupe over 120 MB (COMM) */
};

#define SIM_LIBELLE_OK "TRA_MSG_00.000"

typedef struct {
  ChorusSim  *sim;
  SimDataset *ds;
  sqlite3    *db;
  GError     *error;          /* first malformed-request problem: the answer becomes a 400 */
} SimCtx;

typedef JsonObject *(*SimHandler) (SimCtx *ctx, JsonObject *req);

typedef struct {
  const char *path;           /* after /cpro/ */
  SimHandler  handler;
} SimRoute;

/* Route tables of each endpoint file. */
const SimRoute *sim_factures_routes    (gsize *n);
const SimRoute *sim_travaux_routes     (gsize *n);
const SimRoute *sim_referentiel_routes (gsize *n);

/* Request reading: absent or null members give @def; a wrong type records a 400. */
void        sim_bad_request (SimCtx *ctx, const char *format, ...) G_GNUC_PRINTF (2, 3);
gboolean    sim_has         (JsonObject *o, const char *key);
gint64      sim_req_int     (SimCtx *ctx, JsonObject *o, const char *key, gint64 def);
const char *sim_req_str     (SimCtx *ctx, JsonObject *o, const char *key, const char *def);
gboolean    sim_req_bool    (SimCtx *ctx, JsonObject *o, const char *key, gboolean def);
/* A JSON number (or a numeric string, as some clients send) in euros → cents. */
gint64      sim_req_amount  (SimCtx *ctx, JsonObject *o, const char *key, gint64 def, gboolean *present);
double      sim_req_double  (SimCtx *ctx, JsonObject *o, const char *key, double def);
JsonObject *sim_req_obj     (SimCtx *ctx, JsonObject *o, const char *key);
JsonArray  *sim_req_array   (SimCtx *ctx, JsonObject *o, const char *key);
/* NULL, empty or only spaces. */
gboolean    sim_blank       (const char *s);
/* A list of strings given as one string or an array of strings. */
GPtrArray  *sim_req_str_list (SimCtx *ctx, JsonObject *o, const char *key);

/* Answers. */
JsonObject *sim_ok          (void);
JsonObject *sim_fail        (int code, const char *format, ...) G_GNUC_PRINTF (2, 3);
void        sim_set_str     (JsonObject *o, const char *key, const char *value);
void        sim_set_amount  (JsonObject *o, const char *key, gint64 cents);
double      sim_cents_to_json (gint64 cents);

typedef struct {
  gint64      page;
  gint64      per_page;
  const char *column;         /* SQL expression chosen from the allowed columns */
  gboolean    descending;
} SimPaging;

typedef struct {
  const char *api;            /* triColonne value, PascalCase */
  const char *sql;
} SimSortColumn;

#define SIM_MAX_PER_PAGE 10000

/* Reads pageResultatDemandee/nbResultatsParPage/triColonne/triSens from @wrapper (may be NULL). */
gboolean    sim_read_paging (SimCtx *ctx, JsonObject *wrapper, gint64 default_per_page,
                             const SimSortColumn *columns, gsize n_columns, const char *default_column,
                             gboolean default_descending, SimPaging *out);
/* Same for a consult sub-list whose keys carry a suffix (…LignesPoste). */
void        sim_read_sub_paging (SimCtx *ctx, JsonObject *wrapper, const char *suffix, SimPaging *out);
void        sim_write_paging (JsonObject *o, const SimPaging *paging, gint64 total, const char *suffix);
gint64      sim_count       (SimCtx *ctx, const char *sql, GPtrArray *binds);

/* Small bind list for dynamic SQL: each element is a GVariant (int64 or string). */
GPtrArray  *sim_binds_new   (void);
void        sim_bind_int    (GPtrArray *binds, gint64 v);
void        sim_bind_text   (GPtrArray *binds, const char *v);
sqlite3_stmt *sim_prepare   (SimCtx *ctx, const char *sql, GPtrArray *binds);

/* Structure helpers shared by endpoints. */
gboolean    sim_account_has (SimCtx *ctx, gint64 structure_id, const char *role);
char       *sim_in_list     (GArray *ids);   /* "(1,2,3)" */

/* PDF of an invoice or a works piece, drawn on demand. */
GBytes     *sim_invoice_pdf (SimCtx *ctx, const SimInvoice *inv);
GBytes     *sim_works_pdf   (SimCtx *ctx, const SimWorks *w);
/* Generated invoices may carry one complementary attachment, drawn on demand like their PDF;
 * its pieceJointeId is this base plus the invoice id. */
#define SIM_GENERATED_ATTACHMENT_BASE G_GINT64_CONSTANT (500000000)
/* "Feuille_emargement", "Bon_de_livraison" … or NULL when the invoice has none. */
const char *sim_generated_attachment_kind (const SimInvoice *inv);
/* A stored attachment (ajouter/fichier, deposer/pdf), a generated one, or NULL. */
GBytes     *sim_attachment_data (SimCtx *ctx, gint64 id, char **name, char **extension);

/* Works pieces (chorus-sim-travaux.c, the simulator's own rules). A works cadre that
 * facturesTravaux/v1/soumettre accepts (A4 … A25 of the webinar table). */
gboolean    sim_works_cadre_is_deposable (const char *cadre);
/* The full code of a short one ("A15" -> "A15_ETAT_ACOMPTE_MOE"), NULL when not a works cadre. */
const char *sim_works_cadre_code         (const char *short_code);
/* The piece that usually follows @cadre in a dossier (the tacit procedure aside), and who
 * deposits it; NULL at the end of a chain. */
const char *sim_works_next_in_chain      (const char *cadre,
                                          const char **by);
/* The status a piece of @previous takes when a piece of @next is associated to it. */
const char *sim_works_followed_status    (const char *previous,
                                          const char *next);
/* The PDF of works piece @id when the account sees it (marked downloaded); NULL when @id is
 * not such a piece. */
GBytes     *sim_travaux_download         (SimCtx     *ctx,
                                          gint64      id);

/* The supplier's bank details on an invoice: those chosen on deposit, else its first valid ones;
 * a supplier outside the account has details drawn from its id (id 0). */
SimBankAccount *sim_invoice_bank_account (SimCtx *ctx, const SimInvoice *inv);

/* Factur-X: the invoice as CII XML, that XML embedded in a drawn PDF, and the fields deposer/pdf
 * reads from an uploaded PDF (its Factur-X XML, else its text) into @answer. */
char       *sim_facturx_cii      (SimCtx *ctx, const SimInvoice *inv, GPtrArray *lines);
GBytes     *sim_facturx_embed    (GBytes *pdf, const char *xml, const char *numero);
void        sim_pdf_read_fields  (GBytes *pdf, JsonObject *answer);

/* Stores an uploaded file (ajouter/fichier, deposer/pdf); returns its pieceJointeId or 0. */
gint64      sim_store_attachment (SimCtx *ctx, const char *name, const char *extension, const char *mime,
                                  GBytes *data, gint64 invoice_id);
gboolean    sim_extension_allowed (const char *ext);

G_END_DECLS
