/* chorus-sim-answer.c: building answers: codeRetour and libelle, the refusals many operations share,
 * amounts, ids, parties, paging envelopes and code lists. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>

#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"

JsonObject *
sim_ok (void)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "codeRetour", SIM_CODE_OK);
  json_object_set_string_member (o, "libelle", SIM_LIBELLE_OK);
  return o;
}

JsonObject *
sim_fail (int code, const char *format, ...)
{
  JsonObject *o = json_object_new ();
  va_list args;
  g_autofree char *libelle = NULL;

  va_start (args, format);
  libelle = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_int_member (o, "codeRetour", code);
  json_object_set_string_member (o, "libelle", libelle);
  return o;
}

JsonObject *
sim_fail_missing (const char *field)
{
  return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ %s est obligatoire", field);
}

JsonObject *
sim_fail_no_result (void)
{
  return sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
}

JsonObject *
sim_fail_invoice_unknown (gint64 id)
{
  return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
}

JsonObject *
sim_fail_attachment_unknown (gint64 id)
{
  return sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", id);
}

JsonObject *
sim_check_motif_length (const char *motif)
{
  if (motif != NULL && g_utf8_strlen (motif, -1) > SIM_MOTIF_MAX_CHARS)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le motif ne doit pas dépasser %d caractères", SIM_MOTIF_MAX_CHARS);
  return NULL;
}

JsonObject *
sim_check_complement (const char *commentaire, JsonArray *complements)
{
  if (sim_blank (commentaire) && (complements == NULL || json_array_get_length (complements) == 0))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Un commentaire ou une pièce jointe complémentaire est obligatoire");
  return NULL;
}

/* ---- members ----------------------------------------------------------------------------------- */

void
sim_set_str (JsonObject *o, const char *key, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

double
sim_cents_to_json (gint64 cents)
{
  return (double) cents / 100.0;
}

/* Whole amounts go out as integers (9500), others as decimals (9822.5), as the platform does. */
void
sim_set_amount (JsonObject *o, const char *key, gint64 cents)
{
  if (cents % 100 == 0)
    json_object_set_int_member (o, key, cents / 100);
  else
    json_object_set_double_member (o, key, sim_cents_to_json (cents));
}

void
sim_set_id (JsonObject *o, const char *key, gint64 id)
{
  if (id != 0)
    json_object_set_int_member (o, key, id);
  else
    json_object_set_null_member (o, key);
}

void
sim_set_day (JsonObject *o, const char *key, const char *datetime)
{
  g_autofree char *day = g_strndup (datetime, 10);
  json_object_set_string_member (o, key, day);
}

void
sim_set_party (JsonObject *o, const SimStructure *s, const char *suffix, const char *id, const char *code,
               const char *name, const char *type)
{
  const char *prefixes[] = { id, code, name, type };
  const char *values[] = { NULL, s ? s->identifiant : NULL, s ? s->designation : NULL, s ? s->type_identifiant : NULL };

  for (gsize k = 0; k < G_N_ELEMENTS (prefixes); k++)
    {
      g_autofree char *key = prefixes[k] ? g_strconcat (prefixes[k], suffix, NULL) : NULL;

      if (key == NULL)
        continue;
      if (k == 0)
        sim_set_id (o, key, s ? s->id : 0);
      else
        sim_set_str (o, key, values[k]);
    }
}

/* ---- pages and lists ---------------------------------------------------------------------------- */

void
sim_write_paging (JsonObject *o, const SimPaging *paging, gint64 total, const char *suffix)
{
  g_autofree char *k1 = g_strconcat ("pageCourante", suffix, NULL);
  g_autofree char *k2 = g_strconcat ("pages", suffix, NULL);
  g_autofree char *k3 = g_strconcat ("nbResultatsParPage", suffix, NULL);
  g_autofree char *k4 = g_strconcat ("total", suffix, NULL);

  json_object_set_int_member (o, k1, paging->page);
  json_object_set_int_member (o, k2, (total + paging->per_page - 1) / paging->per_page);
  json_object_set_int_member (o, k3, paging->per_page);
  json_object_set_int_member (o, k4, total);
}

void
sim_set_page_info (JsonObject *answer, const SimPaging *paging, gint64 total)
{
  JsonObject *ret = json_object_new ();

  sim_write_paging (ret, paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
}

JsonObject *
sim_string_list_answer (const char *list_key, const char *item_key, const char *const *values, gsize n)
{
  JsonObject *answer = sim_ok ();
  JsonArray *items = json_array_new ();

  for (gsize k = 0; k < n; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, item_key, values[k]);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (answer, list_key, items);
  return answer;
}

JsonObject *
sim_code_label_list_answer (const char *list_key, const char *code_key, const char *label_key,
                            const char *const (*pairs)[2], gsize n)
{
  JsonObject *answer = sim_ok ();
  JsonArray *items = json_array_new ();

  for (gsize k = 0; k < n; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, code_key, pairs[k][0]);
      json_object_set_string_member (o, label_key, pairs[k][1]);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (answer, list_key, items);
  return answer;
}

char *
sim_deposit_fingerprint (gint64 id, const char *numero, const char *datetime)
{
  g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", id, numero, datetime);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (sum, (const guchar *) seed, -1);
  g_checksum_get_digest (sum, digest, &length);
  return g_base64_encode (digest, length);
}
