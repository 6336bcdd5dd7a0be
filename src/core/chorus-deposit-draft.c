/* chorus-deposit-draft.c: JSON form of a deposit draft, and the drafts folder. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-deposit-draft.h"

G_DEFINE_BOXED_TYPE (ChorusDepositDraft, chorus_deposit_draft, chorus_deposit_draft_copy, chorus_deposit_draft_free)

ChorusDepositDraft *
chorus_deposit_draft_new (void)
{
  ChorusDepositDraft *draft = g_new0 (ChorusDepositDraft, 1);

  draft->invoice = chorus_invoice_new ();
  chorus_invoice_set_direction (draft->invoice, CHORUS_DIRECTION_ISSUED);
  return draft;
}

ChorusDepositDraft *
chorus_deposit_draft_copy (const ChorusDepositDraft *draft)
{
  ChorusDepositDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = g_new0 (ChorusDepositDraft, 1);
  copy->id = g_strdup (draft->id);
  copy->invoice = draft->invoice ? chorus_invoice_copy (draft->invoice) : chorus_invoice_new ();
  copy->pdf_path = g_strdup (draft->pdf_path);
  copy->flux_syntax = g_strdup (draft->flux_syntax);
  copy->attachment_paths = g_strdupv (draft->attachment_paths);
  copy->previous_piece_id = draft->previous_piece_id;
  copy->previous_cadre = draft->previous_cadre;
  copy->saved_at = g_strdup (draft->saved_at);
  return copy;
}

void
chorus_deposit_draft_free (ChorusDepositDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->id);
  g_clear_object (&draft->invoice);
  g_free (draft->pdf_path);
  g_free (draft->flux_syntax);
  g_strfreev (draft->attachment_paths);
  g_free (draft->saved_at);
  g_free (draft);
}

static void
set_string (JsonBuilder *builder, const char *key, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
set_int (JsonBuilder *builder, const char *key, gint64 value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

JsonNode *
chorus_deposit_draft_to_json (const ChorusDepositDraft *draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  ChorusInvoice *invoice;
  GPtrArray *array;

  g_return_val_if_fail (draft != NULL && CHORUS_IS_INVOICE (draft->invoice), NULL);
  invoice = draft->invoice;

  json_builder_begin_object (builder);
  set_string (builder, "id", draft->id);
  set_string (builder, "pdfPath", draft->pdf_path);
  set_string (builder, "fluxSyntax", draft->flux_syntax);
  set_int (builder, "previousPieceId", draft->previous_piece_id);
  set_string (builder, "previousCadre", chorus_cadre_to_api (draft->previous_cadre));
  set_string (builder, "savedAt", draft->saved_at);
  json_builder_set_member_name (builder, "attachmentPaths");
  json_builder_begin_array (builder);
  for (guint i = 0; draft->attachment_paths != NULL && draft->attachment_paths[i] != NULL; i++)
    json_builder_add_string_value (builder, draft->attachment_paths[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "invoice");
  json_builder_begin_object (builder);
#define WRITE_STRING(name) set_string (builder, #name, chorus_invoice_get_##name (invoice));
#define WRITE_INT(name) set_int (builder, #name, chorus_invoice_get_##name (invoice));
  CHORUS_INVOICE_STRING_FIELDS (WRITE_STRING)
  CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (WRITE_STRING)
  CHORUS_INVOICE_INT_FIELDS (WRITE_INT)
#undef WRITE_STRING
#undef WRITE_INT
  /* The codes as chosen or read (a Factur-X down payment stays ACOMPTE here: the request
   * sends it as FACTURE, see chorus_client_build_submit_body()). */
  set_string (builder, "cadre", chorus_invoice_get_cadre_code (invoice));
  set_string (builder, "invoiceType", chorus_invoice_get_invoice_type_code (invoice));
  set_string (builder, "vatType", chorus_invoice_get_vat_type_code (invoice));

  array = chorus_invoice_get_vat_lines (invoice);
  json_builder_set_member_name (builder, "vatLines");
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < array->len; i++)
    {
      const ChorusVatLine *line = g_ptr_array_index (array, i);

      json_builder_begin_object (builder);
      set_string (builder, "rateCode", line->rate_code);
      json_builder_set_member_name (builder, "rate");
      json_builder_add_double_value (builder, line->rate);
      set_int (builder, "baseHt", line->base_ht);
      set_int (builder, "vatAmount", line->vat_amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  array = chorus_invoice_get_lines (invoice);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < array->len; i++)
    {
      const ChorusInvoiceLine *line = g_ptr_array_index (array, i);

      json_builder_begin_object (builder);
      set_int (builder, "number", line->number);
      set_string (builder, "reference", line->reference);
      set_string (builder, "label", line->label);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_double_value (builder, line->quantity);
      set_string (builder, "unit", line->unit);
      set_int (builder, "unitPriceHt", line->unit_price_ht);
      set_int (builder, "discountHt", line->discount_ht);
      set_string (builder, "vatRateCode", line->vat_rate_code);
      json_builder_set_member_name (builder, "vatRate");
      json_builder_add_double_value (builder, line->vat_rate);
      set_int (builder, "totalHt", line->total_ht);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Typed readers: absent or null members give the default; a wrong type is an error. */
static gboolean
read_string (JsonObject *object, const char *key, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The draft is damaged: “%s” should be text."), key);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject *object, const char *key, gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The draft is damaged: “%s” should be a whole number."), key);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_double (JsonObject *object, const char *key, double *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, key);
  GType type;

  *out = 0.0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The draft is damaged: “%s” should be a number."), key);
      return FALSE;
    }
  *out = json_node_get_double (node);
  return TRUE;
}

static JsonArray *
read_array (JsonObject *object, const char *key, GError **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The draft is damaged: “%s” should be a list."), key);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (JsonArray *array, guint index, const char *key, GError **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The draft is damaged: “%s” should be a list."), key);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_invoice (JsonObject *object, ChorusInvoice *invoice, GError **error)
{
  g_autofree char *cadre = NULL;
  g_autofree char *type = NULL;
  g_autofree char *vat_type = NULL;
  g_autoptr(GPtrArray) vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  g_autoptr(GError) array_error = NULL;
  JsonArray *array;

#define READ_STRING(name)                                                  \
  {                                                                        \
    g_autofree char *value = NULL;                                         \
    if (!read_string (object, #name, &value, error))                       \
      return FALSE;                                                        \
    chorus_invoice_set_##name (invoice, value);                            \
  }
#define READ_INT(name)                                                     \
  {                                                                        \
    gint64 value;                                                          \
    if (!read_int (object, #name, &value, error))                          \
      return FALSE;                                                        \
    chorus_invoice_set_##name (invoice, value);                            \
  }
  CHORUS_INVOICE_STRING_FIELDS (READ_STRING)
  CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (READ_STRING)
  CHORUS_INVOICE_INT_FIELDS (READ_INT)
#undef READ_STRING
#undef READ_INT

  if (!read_string (object, "cadre", &cadre, error) ||
      !read_string (object, "invoiceType", &type, error) ||
      !read_string (object, "vatType", &vat_type, error))
    return FALSE;
  chorus_invoice_set_cadre_code (invoice, cadre);
  chorus_invoice_set_invoice_type_code (invoice, type);
  chorus_invoice_set_vat_type_code (invoice, vat_type);

  array = read_array (object, "vatLines", &array_error);
  if (array_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&array_error));
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = element_object (array, i, "vatLines", error);
      g_autoptr(ChorusVatLine) line = g_new0 (ChorusVatLine, 1);

      if (element == NULL ||
          !read_string (element, "rateCode", &line->rate_code, error) ||
          !read_double (element, "rate", &line->rate, error) ||
          !read_int (element, "baseHt", &line->base_ht, error) ||
          !read_int (element, "vatAmount", &line->vat_amount, error))
        return FALSE;
      g_ptr_array_add (vat_lines, g_steal_pointer (&line));
    }

  array = read_array (object, "lines", &array_error);
  if (array_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&array_error));
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = element_object (array, i, "lines", error);
      g_autoptr(ChorusInvoiceLine) line = g_new0 (ChorusInvoiceLine, 1);
      gint64 number = 0;

      if (element == NULL ||
          !read_int (element, "number", &number, error) ||
          !read_string (element, "reference", &line->reference, error) ||
          !read_string (element, "label", &line->label, error) ||
          !read_double (element, "quantity", &line->quantity, error) ||
          !read_string (element, "unit", &line->unit, error) ||
          !read_int (element, "unitPriceHt", &line->unit_price_ht, error) ||
          !read_int (element, "discountHt", &line->discount_ht, error) ||
          !read_string (element, "vatRateCode", &line->vat_rate_code, error) ||
          !read_double (element, "vatRate", &line->vat_rate, error) ||
          !read_int (element, "totalHt", &line->total_ht, error))
        return FALSE;
      line->number = (int) CLAMP (number, 0, G_MAXINT);
      g_ptr_array_add (lines, g_steal_pointer (&line));
    }

  chorus_invoice_set_vat_lines (invoice, vat_lines->len > 0 ? vat_lines : NULL);
  chorus_invoice_set_lines (invoice, lines->len > 0 ? lines : NULL);
  return TRUE;
}

ChorusDepositDraft *
chorus_deposit_draft_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(ChorusDepositDraft) draft = NULL;
  g_autofree char *previous_cadre = NULL;
  JsonObject *object;
  JsonNode *invoice_node;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The draft is damaged: it is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);
  draft = chorus_deposit_draft_new ();
  if (!read_string (object, "id", &draft->id, error) ||
      !read_string (object, "pdfPath", &draft->pdf_path, error) ||
      !read_string (object, "fluxSyntax", &draft->flux_syntax, error) ||
      !read_int (object, "previousPieceId", &draft->previous_piece_id, error) ||
      !read_string (object, "previousCadre", &previous_cadre, error) ||
      !read_string (object, "savedAt", &draft->saved_at, error))
    return NULL;
  draft->previous_cadre = chorus_cadre_from_api (previous_cadre);
  {
    g_autoptr(GError) array_error = NULL;
    JsonArray *paths = read_array (object, "attachmentPaths", &array_error);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    if (array_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&array_error));
        return NULL;
      }
    for (guint i = 0; paths != NULL && i < json_array_get_length (paths); i++)
      {
        JsonNode *path = json_array_get_element (paths, i);

        if (!JSON_NODE_HOLDS_VALUE (path) || json_node_get_value_type (path) != G_TYPE_STRING)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The draft is damaged: “%s” should be text."), "attachmentPaths");
            return NULL;
          }
        g_strv_builder_add (builder, json_node_get_string (path));
      }
    if (paths != NULL && json_array_get_length (paths) > 0)
      draft->attachment_paths = g_strv_builder_end (builder);
  }

  invoice_node = json_object_get_member (object, "invoice");
  if (invoice_node == NULL || !JSON_NODE_HOLDS_OBJECT (invoice_node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The draft is damaged: the invoice is missing."));
      return NULL;
    }
  if (!read_invoice (json_node_get_object (invoice_node), draft->invoice, error))
    return NULL;
  chorus_invoice_set_direction (draft->invoice, CHORUS_DIRECTION_ISSUED);
  return g_steal_pointer (&draft);
}

char *
chorus_deposit_draft_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "chorus-desk", "drafts", NULL);
}

/* Draft ids become file names: only what we generate is accepted. */
static gboolean
id_is_safe (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
draft_path (const char *dir, const char *id, GError **error)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *file = NULL;

  if (!id_is_safe (id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("“%s” is not a draft name."), id ? id : "");
      return NULL;
    }
  if (dir == NULL)
    dir = default_dir = chorus_deposit_draft_default_dir ();
  file = g_strconcat (id, ".json", NULL);
  return g_build_filename (dir, file, NULL);
}

gboolean
chorus_deposit_draft_save (ChorusDepositDraft  *draft,
                           const char          *dir,
                           GError             **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (draft->id == NULL)
    draft->id = g_uuid_string_random ();
  g_free (draft->saved_at);
  draft->saved_at = g_date_time_format_iso8601 (now);

  path = draft_path (dir, draft->id, error);
  if (path == NULL)
    return FALSE;
  parent = g_path_get_dirname (path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the drafts folder %s: %s"), parent, g_strerror (saved_errno));
      return FALSE;
    }
  node = chorus_deposit_draft_to_json (draft);
  text = json_to_string (node, TRUE);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

ChorusDepositDraft *
chorus_deposit_draft_load (const char  *dir,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = draft_path (dir, id, error);

  if (path == NULL)
    return NULL;
  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  return chorus_deposit_draft_from_json (json_parser_get_root (parser), error);
}

static int
compare_saved_at (gconstpointer a, gconstpointer b)
{
  const ChorusDepositDraft *da = *(ChorusDepositDraft * const *) a;
  const ChorusDepositDraft *db = *(ChorusDepositDraft * const *) b;

  return -g_strcmp0 (da->saved_at, db->saved_at);
}

GPtrArray *
chorus_deposit_draft_list (const char *dir)
{
  GPtrArray *drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_draft_free);
  g_autofree char *default_dir = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *name;

  if (dir == NULL)
    dir = default_dir = chorus_deposit_draft_default_dir ();
  folder = g_dir_open (dir, 0, NULL);
  if (folder == NULL)
    return drafts;

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *id = NULL;
      ChorusDepositDraft *draft;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".json"));
      draft = chorus_deposit_draft_load (dir, id, NULL);
      if (draft == NULL)
        continue;
      /* The file name is authoritative. */
      g_free (draft->id);
      draft->id = g_steal_pointer (&id);
      g_ptr_array_add (drafts, draft);
    }
  g_ptr_array_sort (drafts, compare_saved_at);
  return drafts;
}

gboolean
chorus_deposit_draft_delete (const char  *dir,
                             const char  *id,
                             GError     **error)
{
  g_autofree char *path = draft_path (dir, id, error);

  if (path == NULL)
    return FALSE;
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot delete the draft: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
