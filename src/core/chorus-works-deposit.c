/* chorus-works-deposit.c: checking and sending a works piece, and drawing its deposit certificate. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-json.h"
#include "chorus-works-deposit.h"

G_DEFINE_BOXED_TYPE (ChorusWorksDeposit, chorus_works_deposit, chorus_works_deposit_copy, chorus_works_deposit_free)

#define DEPOSIT_STRINGS(X) \
  X (previous_number) X (dossier) X (number) X (invoice_date) X (currency) X (market_number) \
  X (engagement_number) X (supplier_name) X (recipient_code) X (recipient_name) X (service_code) \
  X (moe_name) X (moa_name) X (comment) X (pdf_path)

/* The platform's limit for one attached file (reference §6.5). */
#define MAX_PDF_BYTES (10 * 1024 * 1024)

ChorusWorksDeposit *
chorus_works_deposit_new (void)
{
  ChorusWorksDeposit *deposit = g_new0 (ChorusWorksDeposit, 1);

  deposit->currency = g_strdup ("EUR");
  return deposit;
}

ChorusWorksDeposit *
chorus_works_deposit_copy (const ChorusWorksDeposit *deposit)
{
  ChorusWorksDeposit *copy;

  g_return_val_if_fail (deposit != NULL, NULL);

  copy = g_memdup2 (deposit, sizeof *deposit);
#define COPY(name) copy->name = g_strdup (deposit->name);
  DEPOSIT_STRINGS (COPY)
#undef COPY
  return copy;
}

void
chorus_works_deposit_free (ChorusWorksDeposit *deposit)
{
  if (deposit == NULL)
    return;
#define FREE(name) g_free (deposit->name);
  DEPOSIT_STRINGS (FREE)
#undef FREE
  g_free (deposit);
}

ChorusWorksDeposit *
chorus_works_deposit_new_next (const ChorusWorksPiece *previous,
                               ChorusRole              role)
{
  ChorusWorksDeposit *deposit = chorus_works_deposit_new ();
  ChorusCadre next[CHORUS_CADRE_LAST];

  g_return_val_if_fail (previous != NULL, deposit);

  deposit->role = role;
  deposit->previous_id = previous->id;
  deposit->previous_number = g_strdup (previous->number);
  deposit->previous_cadre = previous->cadre;
  deposit->dossier = g_strdup (previous->dossier ? previous->dossier : previous->number);
  if (chorus_works_next_cadres (previous->cadre, role, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next)) > 0)
    deposit->cadre = next[0];
  g_free (deposit->currency);
  deposit->currency = g_strdup (previous->currency ? previous->currency : "EUR");
  deposit->amount_ht = previous->amount_ht;
  deposit->amount_vat = previous->amount_vat;
  deposit->amount_ttc = previous->amount_ttc;
  deposit->amount_to_pay = previous->amount_to_pay;
  deposit->market_number = g_strdup (previous->market_number);
  deposit->engagement_number = g_strdup (previous->engagement_number);
  deposit->supplier_id = previous->supplier.id;
  deposit->supplier_name = g_strdup (previous->supplier.name);
  deposit->recipient_code = g_strdup (previous->recipient.identifier);
  deposit->recipient_name = g_strdup (previous->recipient.name);
  deposit->service_code = g_strdup (previous->recipient.service_code);
  deposit->moe_id = previous->moe.id;
  deposit->moe_name = g_strdup (previous->moe.name);
  deposit->moa_id = previous->moa.id;
  deposit->moa_name = g_strdup (previous->moa.name);
  return deposit;
}

/* --- the outbox payload ----------------------------------------------------------------- */

#define INT_MEMBERS(X) \
  X ("role", role) X ("cadre", cadre) X ("previousId", previous_id) X ("previousCadre", previous_cadre) \
  X ("vatType", vat_type) X ("amountHt", amount_ht) X ("amountVat", amount_vat) X ("amountTtc", amount_ttc) \
  X ("amountToPay", amount_to_pay) X ("supplierId", supplier_id) X ("moeId", moe_id) X ("moaId", moa_id)
#define STRING_MEMBERS(X) \
  X ("previousNumber", previous_number) X ("dossier", dossier) X ("number", number) X ("invoiceDate", invoice_date) \
  X ("currency", currency) X ("marketNumber", market_number) X ("engagementNumber", engagement_number) \
  X ("supplierName", supplier_name) X ("recipientCode", recipient_code) X ("recipientName", recipient_name) \
  X ("serviceCode", service_code) X ("moeName", moe_name) X ("moaName", moa_name) X ("comment", comment) \
  X ("pdfPath", pdf_path)

JsonNode *
chorus_works_deposit_to_json (const ChorusWorksDeposit *deposit)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (deposit != NULL, NULL);

#define PUT_INT(key, field) json_object_set_int_member (object, key, (gint64) deposit->field);
  INT_MEMBERS (PUT_INT)
#undef PUT_INT
#define PUT_STRING(key, field) if (deposit->field != NULL) json_object_set_string_member (object, key, deposit->field);
  STRING_MEMBERS (PUT_STRING)
#undef PUT_STRING
  json_node_take_object (node, object);
  return node;
}

ChorusWorksDeposit *
chorus_works_deposit_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(ChorusWorksDeposit) deposit = chorus_works_deposit_new ();
  JsonObject *object;
  gint64 value = 0;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The saved works deposit is damaged."));
      return NULL;
    }
  object = json_node_get_object (node);
#define GET_INT(key, field)                                            \
  if (!chorus_json_get_int (object, key, &value, error))               \
    return NULL;                                                       \
  deposit->field = value;
  INT_MEMBERS (GET_INT)
#undef GET_INT
#define GET_STRING(key, field)                                         \
  if (!chorus_json_get_string (object, key, &deposit->field, error))   \
    return NULL;
  STRING_MEMBERS (GET_STRING)
#undef GET_STRING
  return g_steal_pointer (&deposit);
}

/* --- checks ------------------------------------------------------------------------------ */

static void
check_cadre (GPtrArray *problems, const ChorusWorksDeposit *deposit)
{
  ChorusCadre next[CHORUS_CADRE_LAST];
  gsize n;
  gboolean found = FALSE;

  if (!chorus_works_cadre_is_piece (deposit->cadre))
    {
      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE, "%s", _("Choose the billing framework of the piece."));
      return;
    }
  if (chorus_works_cadre_depositor (deposit->cadre) != deposit->role)
    {
      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE, _("The framework %s is deposited by the %s, not by the %s."),
                   chorus_cadre_short_code (deposit->cadre),
                   chorus_role_label (chorus_works_cadre_depositor (deposit->cadre)), chorus_role_label (deposit->role));
      return;
    }
  if (deposit->previous_id == 0)
    {
      if (!chorus_works_cadre_can_deposit (deposit->cadre, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE))
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE,
                     _("A piece of framework %s is deposited only from an existing piece of its billing file."),
                     chorus_cadre_short_code (deposit->cadre));
      return;
    }
  n = chorus_works_next_cadres (deposit->previous_cadre, deposit->role, CHORUS_DEPOSIT_CHANNEL_SERVICE, next,
                                G_N_ELEMENTS (next));
  for (gsize i = 0; i < n; i++)
    found |= next[i] == deposit->cadre;
  if (!found)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE, _("A piece of framework %s cannot follow a piece of framework %s."),
                 chorus_cadre_short_code (deposit->cadre), chorus_cadre_short_code (deposit->previous_cadre));
}

static void
check_file (GPtrArray *problems, const ChorusWorksDeposit *deposit)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (deposit->pdf_path == NULL)
    {
      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, "%s", _("Choose the PDF of the piece."));
      return;
    }
  if (!g_file_get_contents (deposit->pdf_path, &data, &length, NULL))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, _("The file “%s” cannot be read."), deposit->pdf_path);
  else if (length < 5 || memcmp (data, "%PDF-", 5) != 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, "%s", _("The piece must be a PDF file."));
  else if (length > MAX_PDF_BYTES)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, "%s", _("The PDF is larger than 10 MB, the platform's limit."));
}

static void
check_references (GPtrArray *problems, const ChorusWorksDeposit *deposit, const char *today)
{
  const char *number = deposit->number;

  if (chorus_deposit_text_is_blank (number))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_NUMBER, "%s", _("The piece number is required."));
  else if (!chorus_deposit_number_is_valid (number))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_NUMBER, _("The piece number may have at most %d letters without accents, "
                                                          "digits and the characters - _ / +."),
                 CHORUS_INVOICE_NUMBER_MAX);
  if (chorus_deposit_text_is_blank (deposit->invoice_date))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_DATE, "%s", _("The date of the piece is required."));
  else if (!chorus_deposit_date_is_valid (deposit->invoice_date))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_DATE, "%s", _("The date of the piece is not a valid date."));
  else if (g_strcmp0 (deposit->invoice_date, today) > 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_DATE, "%s", _("The date of the piece is in the future."));
  if (deposit->currency == NULL || strlen (deposit->currency) != 3 || !g_ascii_isupper (deposit->currency[0]) ||
      !g_ascii_isupper (deposit->currency[1]) || !g_ascii_isupper (deposit->currency[2]))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CURRENCY, "%s", _("The currency is a code of three capital letters, such as EUR."));
  if (deposit->engagement_number != NULL && g_utf8_strlen (deposit->engagement_number, -1) > 50)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT, "%s", _("The engagement number is longer than 50 characters."));
}

static void
check_amounts (GPtrArray *problems, const ChorusWorksDeposit *deposit)
{
  if (deposit->amount_ht < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_HT, "%s", _("The amount excluding VAT cannot be negative."));
  if (deposit->amount_vat < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_VAT, "%s", _("The VAT amount cannot be negative."));
  if (ABS (deposit->amount_ht + deposit->amount_vat - deposit->amount_ttc) > 1)
    {
      g_autofree char *sum = chorus_amount_format (deposit->amount_ht + deposit->amount_vat, deposit->currency);

      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TTC,
                   _("The amount including VAT must be the amount excluding VAT plus the VAT: %s."), sum);
    }
  if (deposit->amount_to_pay < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY, "%s", _("The net amount to pay cannot be negative."));
}

static void
check_parties (GPtrArray *problems, const ChorusWorksDeposit *deposit)
{
  /* The next piece takes its parties from the previous one. */
  if (deposit->previous_id != 0)
    return;
  if (deposit->supplier_id <= 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT, "%s", _("Choose the supplier of the contract."));
  if (chorus_deposit_text_is_blank (deposit->recipient_code))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT, "%s", _("Choose the recipient that pays the works."));
  else if (!chorus_siret_is_valid (deposit->recipient_code))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT, _("The recipient's SIRET “%s” is not valid."),
                 deposit->recipient_code);
  if (deposit->moa_id <= 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT, "%s", _("Choose the contracting authority (MOA)."));
  if (deposit->moe_id <= 0 && (chorus_works_cadre_receiver (deposit->cadre) == CHORUS_ROLE_MOE ||
                               chorus_works_cadre_depositor (deposit->cadre) == CHORUS_ROLE_MOE))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT, "%s", _("Choose the project manager (MOE)."));
}

GPtrArray *
chorus_works_deposit_check (const ChorusWorksDeposit *deposit,
                            const char               *today)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_problem_free);
  g_autofree char *now = NULL;

  g_return_val_if_fail (deposit != NULL, problems);

  if (today == NULL)
    {
      g_autoptr(GDateTime) date = g_date_time_new_now_local ();

      today = now = g_date_time_format (date, "%Y-%m-%d");
    }
  check_cadre (problems, deposit);
  check_file (problems, deposit);
  check_parties (problems, deposit);
  check_references (problems, deposit, today);
  check_amounts (problems, deposit);
  return problems;
}

/* --- soumettre ----------------------------------------------------------------------------- */

static void
set_string (JsonObject *object, const char *key, const char *value)
{
  if (!chorus_deposit_text_is_blank (value))
    json_object_set_string_member (object, key, value);
}

static void
set_id (JsonObject *object, const char *key, gint64 value)
{
  if (value > 0)
    json_object_set_int_member (object, key, value);
}

/* No source shows this body (reference §0.2: only the operation is documented). It follows
 * factures/v1/soumettre (§2.1) member for member; the works members take the names consulter
 * answers use (cadreDeFacturation.idMoe/idMoa, typeFactureTravaux, idPiecePrecedente). */
JsonObject *
chorus_works_build_submit (const ChorusWorksDeposit *deposit,
                           gint64                    attachment_id)
{
  JsonObject *body = json_object_new ();
  JsonObject *part;
  JsonArray *pieces;

  g_return_val_if_fail (deposit != NULL, body);

  json_object_set_string_member (body, "modeDepot", "DEPOT_PDF_API");
  set_string (body, "numeroFactureSaisi", deposit->number);
  set_string (body, "dateFacture", deposit->invoice_date);
  set_id (body, "idPiecePrecedente", deposit->previous_id);
  if (deposit->previous_id == 0)
    {
      part = json_object_new ();
      set_string (part, "codeDestinataire", deposit->recipient_code);
      set_string (part, "codeServiceExecutant", deposit->service_code);
      json_object_set_object_member (body, "destinataire", part);
      part = json_object_new ();
      set_id (part, "idFournisseur", deposit->supplier_id);
      json_object_set_object_member (body, "fournisseur", part);
    }
  part = json_object_new ();
  json_object_set_string_member (part, "codeCadreFacturation", chorus_cadre_to_api (deposit->cadre));
  if (deposit->previous_id == 0)
    {
      set_id (part, "idMoe", deposit->moe_id);
      set_id (part, "idMoa", deposit->moa_id);
    }
  json_object_set_object_member (body, "cadreDeFacturation", part);

  part = json_object_new ();
  set_string (part, "deviseFacture", deposit->currency ? deposit->currency : "EUR");
  set_string (part, "typeFactureTravaux", chorus_works_type_to_api (chorus_works_cadre_type (deposit->cadre)));
  if (deposit->vat_type != CHORUS_VAT_TYPE_UNKNOWN)
    set_string (part, "typeTva", chorus_vat_type_to_api (deposit->vat_type));
  set_string (part, "numeroMarche", deposit->market_number);
  set_string (part, "numeroBonCommande", deposit->engagement_number);
  json_object_set_object_member (body, "references", part);

  part = json_object_new ();
  json_object_set_double_member (part, "montantHtTotal", chorus_amount_to_double (deposit->amount_ht));
  json_object_set_double_member (part, "montantTVA", chorus_amount_to_double (deposit->amount_vat));
  json_object_set_double_member (part, "montantTtcTotal", chorus_amount_to_double (deposit->amount_ttc));
  json_object_set_double_member (part, "montantAPayer", chorus_amount_to_double (deposit->amount_to_pay));
  json_object_set_object_member (body, "montantTotal", part);

  pieces = json_array_new ();
  part = json_object_new ();
  json_object_set_string_member (part, "pieceJointePrincipaleDesignation",
                                 chorus_works_type_label (chorus_works_cadre_type (deposit->cadre)));
  json_object_set_int_member (part, "pieceJointePrincipaleId", attachment_id);
  json_array_add_object_element (pieces, part);
  json_object_set_array_member (body, "pieceJointePrincipale", pieces);
  set_string (body, "commentaire", deposit->comment);
  return body;
}

/* --- the certificate ----------------------------------------------------------------------- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Writes @text from @y, wrapping at the page's width; returns the next line's y. */
static double
draw_text (cairo_t *cr, double x, double y, double width, double size, gboolean bold, const char *text)
{
  g_auto(GStrv) words = g_strsplit (text != NULL ? text : "", " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *candidate = line->len > 0 ? g_strconcat (line->str, " ", words[i], NULL) : g_strdup (words[i]);
      cairo_text_extents_t extents;

      cairo_text_extents (cr, candidate, &extents);
      if (extents.x_advance > width && line->len > 0)
        {
          cairo_move_to (cr, x, y);
          cairo_show_text (cr, line->str);
          y += size * 1.4;
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, candidate);
    }
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, line->str);
  return y + size * 1.5;
}

static double
draw_field (cairo_t *cr, double y, const char *title, const char *value)
{
  g_autofree char *text = g_strdup_printf ("%s : %s", title, value != NULL && *value != '\0' ? value : "—");

  return draw_text (cr, 56, y, 483, 10, FALSE, text);
}

static const char *
role_structure (const ChorusWorksDeposit *deposit)
{
  switch (deposit->role)
    {
    case CHORUS_ROLE_MOE:
      return deposit->moe_name;
    case CHORUS_ROLE_MOA:
      return deposit->moa_name;
    case CHORUS_ROLE_FOURNISSEUR:
    case CHORUS_ROLE_UNKNOWN:
    case CHORUS_ROLE_VALIDATEUR:
    case CHORUS_ROLE_DESTINATAIRE:
    case CHORUS_ROLE_LAST:
    default:
      return deposit->supplier_name;
    }
}

GBytes *
chorus_works_certificate_pdf (const ChorusWorksDeposit *deposit,
                              const char               *piece_number,
                              const char               *deposit_date,
                              const char               *certificate,
                              GError                  **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *date = chorus_date_format (deposit_date);
  g_autofree char *ht = NULL, *vat = NULL, *ttc = NULL, *to_pay = NULL;
  g_autofree char *title = NULL, *sentence = NULL, *depositor = NULL, *cadre = NULL;
  const char *type = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double y = 72;

  g_return_val_if_fail (deposit != NULL, NULL);

  ht = chorus_amount_format (deposit->amount_ht, deposit->currency);
  vat = chorus_amount_format (deposit->amount_vat, deposit->currency);
  ttc = chorus_amount_format (deposit->amount_ttc, deposit->currency);
  to_pay = chorus_amount_format (deposit->amount_to_pay, deposit->currency);
  type = chorus_works_type_label (chorus_works_cadre_type (deposit->cadre));
  /* TRANSLATORS: the title of a deposit certificate, e.g. "Deposit of a draft general statement" */
  title = g_strdup_printf (_("Deposit of a piece: %s"), type);
  sentence = g_strdup_printf (_("The piece “%s” (%s) was deposited; it is being sent to the recipient (%s – %s)."),
                              piece_number ? piece_number : deposit->number, type,
                              deposit->recipient_code ? deposit->recipient_code : "",
                              deposit->recipient_name ? deposit->recipient_name : "");
  depositor = g_strdup_printf ("%s", role_structure (deposit) ? role_structure (deposit) : "");
  cadre = g_strdup_printf ("%s – %s", chorus_cadre_short_code (deposit->cadre), chorus_cadre_label (deposit->cadre));

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, 595, 842);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y = draw_text (cr, 56, y, 483, 16, TRUE, _("Deposit Certificate"));
  y = draw_text (cr, 56, y, 483, 12, TRUE, title);
  y += 8;
  y = draw_field (cr, y, chorus_role_label (deposit->role), depositor);
  y = draw_field (cr, y, _("Deposit date"), date);
  y = draw_field (cr, y, _("Billing framework"), cadre);
  y += 8;
  y = draw_text (cr, 56, y, 483, 10, FALSE, sentence);
  y += 8;
  y = draw_field (cr, y, _("Certificate number"), certificate);
  y = draw_field (cr, y, _("Billing file number"), deposit->dossier ? deposit->dossier : deposit->number);
  y = draw_field (cr, y, _("Contract number"), deposit->market_number);
  y = draw_field (cr, y, _("Engagement number"), deposit->engagement_number);
  y = draw_field (cr, y, _("Total amount excluding VAT"), ht);
  y = draw_field (cr, y, _("VAT amount"), vat);
  y = draw_field (cr, y, _("Amount including VAT"), ttc);
  draw_field (cr, y, _("Amount to pay"), to_pay);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The certificate could not be drawn: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
