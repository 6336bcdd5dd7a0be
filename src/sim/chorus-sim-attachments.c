/* chorus-sim-attachments.c: files: those uploaded by transverses/v1/ajouter/fichier and deposer/pdf,
 * kept in the store until an invoice or a works piece takes them, and the supporting document a
 * generated invoice may carry, drawn on demand. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-handlers.h"

const char *
sim_generated_attachment_kind (const SimInvoice *inv)
{
  if (!inv->generated || (inv->lines_seed >> 7) % 3 != 0)
    return NULL;
  switch (inv->lines_seed & 3)
    {
    case 1:
      return "Feuille_emargement";
    case 3:
      return "Situation_travaux";
    default:
      return "Bon_de_livraison";
    }
}

GBytes *
sim_attachment_data (SimCtx *ctx, gint64 id, char **name, char **extension)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;
  GBytes *data = NULL;

  if (id > SIM_GENERATED_ATTACHMENT_BASE && id < 2 * SIM_GENERATED_ATTACHMENT_BASE)
    {
      g_autoptr(SimInvoice) inv = sim_invoice_load (ctx->ds, id - SIM_GENERATED_ATTACHMENT_BASE);

      if (inv == NULL || sim_generated_attachment_kind (inv) == NULL)
        return NULL;
      if (name)
        *name = g_strdup_printf ("%s_%s.pdf", sim_generated_attachment_kind (inv), inv->numero);
      if (extension)
        *extension = g_strdup ("PDF");
      return sim_supporting_document_pdf (ctx, inv);
    }

  sim_bind_int (binds, id);
  stmt = sim_prepare (ctx, "SELECT data, nom, extension FROM attachments WHERE id = ?", binds);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      data = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
      if (name)
        *name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (extension)
        *extension = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  return data;
}

gint64
sim_store_attachment (SimCtx *ctx, const char *name, const char *extension, const char *mime, GBytes *data,
                      gint64 invoice_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = sim_dataset_next_id (ctx->ds, "attachments");

  /* Attachment ids live apart from invoice ids, which serve as the ids of drawn PDFs. */
  id = MAX (id, 90000000);
  sqlite3_prepare_v2 (ctx->db, "INSERT INTO attachments (id, nom, extension, mime, data, invoice_id)"
                               " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, extension, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, mime, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 5, g_bytes_get_data (data, NULL), (int) g_bytes_get_size (data), SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, invoice_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    id = 0;
  sqlite3_finalize (stmt);
  return id;
}

gboolean
sim_attachment_exists (SimCtx *ctx, gint64 id)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();

  sim_bind_int (binds, id);
  return id > 0 && sim_count (ctx, "SELECT COUNT(*) FROM attachments WHERE id = ?", binds) == 1;
}

void
sim_attachment_link (SimCtx *ctx, gint64 id, gint64 owner_id, gint64 line)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();

  sim_bind_int (binds, owner_id);
  sim_bind_int (binds, line);
  sim_bind_int (binds, id);
  sim_exec (ctx, "UPDATE attachments SET invoice_id = ?, numero_ligne = NULLIF(?, 0) WHERE id = ?", binds);
}

gboolean
sim_attachments_link_list (SimCtx *ctx, JsonArray *list, gint64 owner_id, JsonObject **fail)
{
  for (guint k = 0; list && k < json_array_get_length (list); k++)
    {
      JsonNode *e = json_array_get_element (list, k);
      gint64 pj;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          sim_bad_request (ctx, "pieceJointeComplementaire doit contenir des objets");
          return FALSE;
        }
      pj = sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireId", 0);
      if (ctx->error)
        return FALSE;
      if (!sim_attachment_exists (ctx, pj))
        {
          *fail = sim_fail_attachment_unknown (pj);
          return FALSE;
        }
      sim_attachment_link (ctx, pj, owner_id, 0);
    }
  return TRUE;
}

static const char *const allowed_extensions[] = {
  "BMP", "GIF", "FAX", "ODT", "PPT", "TIFF", "XLS", "BZ2", "GZ", "JPEG", "P7S", "RTF", "TXT", "XML", "CSV",
  "GZIP", "JPG", "PDF", "SVG", "XHTML", "XLSX", "DOC", "HTM", "ODP", "PNG", "TGZ", "XLC", "ZIP", "DOCX",
  "HTML", "ODS", "PPTX", "TIF",
};

gboolean
sim_extension_allowed (const char *ext)
{
  for (gsize k = 0; k < G_N_ELEMENTS (allowed_extensions); k++)
    if (ext && g_ascii_strcasecmp (ext, allowed_extensions[k]) == 0)
      return TRUE;
  return FALSE;
}

#define MAX_ATTACHMENT_BYTES (10 * 1024 * 1024)

JsonObject *
sim_check_upload_size (gsize len)
{
  if (len > MAX_ATTACHMENT_BYTES)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier dépasse 10 Mo");
  return NULL;
}

JsonObject *
sim_transverses_ajouter_fichier (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *b64 = sim_req_str (ctx, req, "pieceJointeFichier", NULL);
  const char *name = sim_req_str (ctx, req, "pieceJointeNom", NULL);
  const char *mime = sim_req_str (ctx, req, "pieceJointeTypeMime", "application/octet-stream");
  const char *ext = sim_req_str (ctx, req, "pieceJointeExtension", NULL);
  g_autofree guchar *raw = NULL;
  g_autoptr(GBytes) data = NULL;
  gsize len = 0;
  gint64 id;
  JsonObject *answer;
  JsonObject *fail;

  if (ctx->error)
    return NULL;
  if (b64 == NULL || name == NULL || ext == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs pieceJointeFichier, pieceJointeNom et pieceJointeExtension sont obligatoires");
  if (g_utf8_strlen (name, -1) > 50 || strchr (name, '.') == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le nom du fichier doit comporter une extension et au plus 50 caractères");
  if (!sim_extension_allowed (ext))
    return sim_fail (SIM_CODE_INVALID_VALUE, "L'extension « %s » n'est pas autorisée", ext);
  raw = g_base64_decode (b64, &len);
  if (len == 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier est vide ou mal encodé en base64");
  if ((fail = sim_check_upload_size (len)) != NULL)
    return fail;
  data = g_bytes_new_take (g_steal_pointer (&raw), len);
  id = sim_store_attachment (ctx, name, ext, mime, data, 0);
  answer = sim_ok ();
  json_object_set_int_member (answer, "pieceJointeId", id);
  return answer;
}
