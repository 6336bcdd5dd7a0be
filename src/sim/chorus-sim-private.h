/* chorus-sim-private.h: what the simulator's operation files share: the codes it answers, the
 * handler's context, request reading, answer building, dynamic SQL, stored files, drawn PDFs and
 * Factur-X. Each section names the file that holds it. SPDX-License-Identifier: GPL-3.0-or-later */
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

/* Answers @req; @variant is the route's (which side of an invoice, which works operation…).
 * A handler returns the answer, or NULL after recording a malformed request in ctx->error. */
typedef JsonObject *(*SimHandler) (SimCtx *ctx, JsonObject *req, int variant);

typedef struct {
  const char *path;           /* after /cpro/ */
  SimHandler  handler;
  int         variant;
} SimRoute;

/* Every operation the simulator answers (chorus-sim-routes.c). */
const SimRoute *sim_routes (gsize *n);

/* ---- request reading (chorus-sim-request.c) ------------------------------------------------ */

/* Absent or null members give @def; a wrong type records a 400. */
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
/* A list of strings given as one string or an array of strings. */
GPtrArray  *sim_req_str_list (SimCtx *ctx, JsonObject *o, const char *key);
/* NULL, empty or only spaces. */
gboolean    sim_blank       (const char *s);
/* A valid "YYYY-MM-DD" at the start of @s (a time may follow); sim_is_day: exactly one. */
gboolean    sim_is_date     (const char *s);
gboolean    sim_is_day      (const char *s);
/* codeLangue (FR or EN, FR when absent); FALSE with the refusal in @fail, or a 400 recorded. */
gboolean    sim_read_langue (SimCtx *ctx, JsonObject *req, JsonObject **fail);

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
/* The items [@first, @end) of a list of @len on the page asked. */
void        sim_page_bounds (const SimPaging *paging, gsize len, gsize *first, gsize *end);

/* ---- answers (chorus-sim-answer.c) --------------------------------------------------------- */

JsonObject *sim_ok          (void);
JsonObject *sim_fail        (int code, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* The refusals many operations share: "Le champ @field est obligatoire", TRA_MSG_00.015, an
 * invoice or an attachment the account does not see. */
JsonObject *sim_fail_missing            (const char *field);
JsonObject *sim_fail_no_result          (void);
JsonObject *sim_fail_invoice_unknown    (gint64 id);
JsonObject *sim_fail_attachment_unknown (gint64 id);
/* NULL, or the refusal of a motif longer than the platform keeps (SIM_MOTIF_MAX_CHARS). */
JsonObject *sim_check_motif_length      (const char *motif);
/* NULL, or the refusal of a completion that brings neither a comment nor a file. */
JsonObject *sim_check_complement        (const char *commentaire,
                                         JsonArray  *complements);
void        sim_set_str     (JsonObject *o, const char *key, const char *value);
/* An id, or null for 0. */
void        sim_set_id      (JsonObject *o, const char *key, gint64 id);
void        sim_set_amount  (JsonObject *o, const char *key, gint64 cents);
double      sim_cents_to_json (gint64 cents);
/* A date-only member (dateTraitement) from a "YYYY-MM-DD HH:MM" datetime. */
void        sim_set_day     (JsonObject *o, const char *key, const char *datetime);
/* A structure named by its id, identifier, name and identifier type: the keys are @id, @code,
 * @name and @type followed by @suffix ("codeValideur" + "1"); a NULL key is left out, and the id
 * is null for an unknown structure. */
void        sim_set_party   (JsonObject *o, const SimStructure *s, const char *suffix, const char *id,
                             const char *code, const char *name, const char *type);
void        sim_write_paging (JsonObject *o, const SimPaging *paging, gint64 total, const char *suffix);
/* parametresRetour{} of a page of @total results. */
void        sim_set_page_info (JsonObject *answer, const SimPaging *paging, gint64 total);
/* An answer listing @values as {@item_key: value}, under @list_key. */
JsonObject *sim_string_list_answer (const char *list_key, const char *item_key, const char *const *values, gsize n);
/* An answer listing code/label pairs ({@code_key, @label_key}) under @list_key. */
JsonObject *sim_code_label_list_answer (const char *list_key, const char *code_key, const char *label_key,
                                        const char *const (*pairs)[2], gsize n);
/* empreinteCertificatDepot: base64 of the SHA-256 of the deposit's id, number and time. */
char       *sim_deposit_fingerprint (gint64 id, const char *numero, const char *datetime);

/* ---- dynamic SQL (chorus-sim-query.c) ------------------------------------------------------ */

/* Small bind list for dynamic SQL: each element is a GVariant (int64 or string). */
GPtrArray  *sim_binds_new   (void);
void        sim_bind_int    (GPtrArray *binds, gint64 v);
void        sim_bind_text   (GPtrArray *binds, const char *v);
sqlite3_stmt *sim_prepare   (SimCtx *ctx, const char *sql, GPtrArray *binds);
/* Runs a statement that returns no row. */
gboolean    sim_exec        (SimCtx *ctx, const char *sql, GPtrArray *binds);
/* SELECT COUNT(*)…, kept until the next write (paging through one search counts once). */
gint64      sim_count       (SimCtx *ctx, const char *sql, GPtrArray *binds);
/* " ORDER BY <column> <direction>@then LIMIT … OFFSET …" for the page asked; @then follows the
 * direction verbatim (", id"), @tie_id is repeated with the direction (", i.id DESC"). */
char       *sim_page_clause (const SimPaging *paging, const char *then, const char *tie_id);
/* " AND @column IN (?,?…)" for @values (nothing when empty). */
void        sim_where_in    (GString *where, GPtrArray *binds, const char *column, GPtrArray *values);
/* " AND @column >= ?" / " <= ?" for the amounts @min_key and @max_key of @req, when given. */
void        sim_where_amounts (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req,
                               const char *min_key, const char *max_key, const char *column);
gboolean    sim_account_has (SimCtx *ctx, gint64 structure_id, const char *role);
char       *sim_in_list     (GArray *ids);   /* "(1,2,3)" */

/* ---- stored and generated files (chorus-sim-attachments.c) --------------------------------- */

/* Generated invoices may carry one complementary attachment, drawn on demand like their PDF;
 * its pieceJointeId is this base plus the invoice id. */
#define SIM_GENERATED_ATTACHMENT_BASE G_GINT64_CONSTANT (500000000)
/* "Feuille_emargement", "Bon_de_livraison" … or NULL when the invoice has none. */
const char *sim_generated_attachment_kind (const SimInvoice *inv);
/* A stored attachment (ajouter/fichier, deposer/pdf), a generated one, or NULL. */
GBytes     *sim_attachment_data (SimCtx *ctx, gint64 id, char **name, char **extension);
/* Stores an uploaded file (ajouter/fichier, deposer/pdf); returns its pieceJointeId or 0. */
gint64      sim_store_attachment (SimCtx *ctx, const char *name, const char *extension, const char *mime,
                                  GBytes *data, gint64 invoice_id);
gboolean    sim_attachment_exists (SimCtx *ctx, gint64 id);
/* Gives attachment @id to invoice or works piece @owner_id, on @line (0: the whole invoice). */
void        sim_attachment_link (SimCtx *ctx, gint64 id, gint64 owner_id, gint64 line);
/* Gives each attachment of a pieceJointeComplementaire[] list to @owner_id; FALSE with the refusal
 * in @fail (an attachment unknown), or a 400 recorded. */
gboolean    sim_attachments_link_list (SimCtx *ctx, JsonArray *list, gint64 owner_id, JsonObject **fail);
gboolean    sim_extension_allowed (const char *ext);
/* NULL, or the refusal of an uploaded file over 10 Mo (ajouter/fichier, deposer/pdf). */
JsonObject *sim_check_upload_size (gsize len);

/* ---- drawn PDFs (chorus-sim-pdf.c) --------------------------------------------------------- */

GBytes     *sim_invoice_pdf (SimCtx *ctx, const SimInvoice *inv);
GBytes     *sim_works_pdf   (SimCtx *ctx, const SimWorks *w);
/* The one signed page of a generated attachment (attendance sheet, delivery note, works statement). */
GBytes     *sim_supporting_document_pdf (SimCtx *ctx, const SimInvoice *inv);

/* ---- Factur-X (chorus-sim-facturx.c writes, chorus-sim-facturx-read.c reads) ------------- */

/* The invoice as CII XML, and that XML embedded in a drawn PDF. */
char       *sim_facturx_cii      (SimCtx *ctx, const SimInvoice *inv, GPtrArray *lines);
GBytes     *sim_facturx_embed    (GBytes *pdf, const char *xml, const char *numero);

/* The fields deposer/pdf reads from an uploaded PDF (its Factur-X XML, else its text) into @answer. */
void        sim_pdf_read_fields  (GBytes *pdf, JsonObject *answer);

/* ---- shared by the two invoice spaces -------------------------------------------------------- */

/* The PDF of works piece @id when the account sees it (marked downloaded); NULL when @id is not
 * such a piece (chorus-sim-travaux.c). */
GBytes     *sim_travaux_download (SimCtx *ctx, gint64 id);

G_END_DECLS
