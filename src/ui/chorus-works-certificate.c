/* chorus-works-certificate.c: a works deposit's certificate: found in the outbox, saved as PDF where the user says. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-json.h"
#include "chorus-plain-text.h"
#include "chorus-works-certificate.h"

ChorusAction *
chorus_works_certificate_find (ChorusStore *store,
                               gint64       piece_id)
{
  g_autoptr(GPtrArray) deposits = NULL;

  g_return_val_if_fail (store == NULL || CHORUS_IS_STORE (store), NULL);

  if (store == NULL)
    return NULL;
  deposits = chorus_store_outbox_list_kind (store, CHORUS_ACTION_KIND_WORKS_SUBMIT, NULL);
  for (guint i = 0; deposits != NULL && i < deposits->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (deposits, i);
      g_autoptr(JsonObject) result = action->result ? chorus_json_parse_object (action->result, -1, NULL) : NULL;

      if (result != NULL && json_object_get_int_member_with_default (result, "pieceId", 0) == piece_id &&
          json_object_has_member (result, "certificate"))
        return chorus_action_copy (action);
    }
  return NULL;
}

gboolean
chorus_works_certificate_write_deposit (const ChorusWorksDeposit *deposit,
                                        const char               *number,
                                        const char               *date,
                                        const char               *certificate,
                                        const char               *path,
                                        GError                  **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (deposit != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pdf = chorus_works_certificate_pdf (deposit, number, date, certificate, error);
  return pdf != NULL && g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), error);
}

gboolean
chorus_works_certificate_write (const ChorusAction *action,
                                const char         *path,
                                GError            **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(ChorusWorksDeposit) deposit = NULL;

  g_return_val_if_fail (action != NULL, FALSE);

  node = action->payload ? json_from_string (action->payload, NULL) : NULL;
  result = action->result ? chorus_json_parse_object (action->result, -1, NULL) : NULL;
  deposit = node ? chorus_works_deposit_from_json (node, NULL) : NULL;
  if (deposit == NULL || result == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The deposit saved in the outbox is damaged."));
      return FALSE;
    }
  return chorus_works_certificate_write_deposit (deposit,
                                                 json_object_get_string_member_with_default (result, "number", NULL),
                                                 json_object_get_string_member_with_default (result, "date", NULL),
                                                 json_object_get_string_member_with_default (result, "certificate", NULL),
                                                 path, error);
}

void
chorus_works_certificate_save_as (GtkWidget            *owner,
                                  const char           *number,
                                  ChorusFileChosenFunc  chosen)
{
  /* TRANSLATORS: file name of an exported certificate; %s is the piece number */
  g_autofree char *name = g_strdup_printf (_("certificate-%s.pdf"), number ? number : "");

  g_strdelimit (name, "/\\", '-');
  chorus_choose_save_path (owner, _("Export the Deposit Certificate"), _("_Export"), name, chosen);
}

void
chorus_works_certificate_report (GtkWidget    *owner,
                                 const GError *error)
{
  g_autofree char *text = NULL;

  if (error == NULL)
    {
      chorus_toast_show_plain (owner, _("Deposit certificate saved"));
      return;
    }
  text = g_strdup_printf (_("The certificate could not be saved: %s"), error->message);
  chorus_toast_show_plain (owner, text);
}
