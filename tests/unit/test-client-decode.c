/* test-client-decode.c: strict JSON readers, typed decoders, error mapping and backoff, no server. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-json.h"
#include "chorus-status.h"

static JsonObject *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = chorus_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

static void
test_json_liberal_types (void)
{
  g_autoptr(JsonObject) object = parse ("{\"s\":\"text\",\"n\":12,\"f\":12.0,\"h\":12.5,"
                                        "\"b\":true,\"z\":null,\"o\":{},\"a\":[],"
                                        "\"ns\":\"3346947\",\"nsp\":\" 42 \",\"nf\":\"12.0\","
                                        "\"big\":92752571570002,\"nulltext\":\"null\",\"empty\":\"\","
                                        "\"unknown\":{\"deep\":[1,2]}}");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 number = -1;
  double real = -1;
  gboolean flag = FALSE;
  JsonObject *child = NULL;
  JsonArray *array = NULL;

  g_assert_true (chorus_json_get_string (object, "s", &text, &error));
  g_assert_cmpstr (text, ==, "text");
  g_assert_true (chorus_json_get_int (object, "n", &number, &error));
  g_assert_cmpint (number, ==, 12);
  g_assert_true (chorus_json_get_int (object, "f", &number, &error));
  g_assert_cmpint (number, ==, 12);
  g_assert_true (chorus_json_get_double (object, "h", &real, &error));
  g_assert_cmpfloat (real, ==, 12.5);
  g_assert_true (chorus_json_get_bool (object, "b", &flag, &error));
  g_assert_true (flag);
  g_assert_true (chorus_json_get_object (object, "o", &child, &error));
  g_assert_nonnull (child);
  g_assert_true (chorus_json_get_array (object, "a", &array, &error));
  g_assert_nonnull (array);

  /* Ids as numeric strings (Pastell's fixtures), with blanks or a ".0". */
  g_assert_true (chorus_json_get_int (object, "ns", &number, &error));
  g_assert_cmpint (number, ==, 3346947);
  g_assert_true (chorus_json_get_int (object, "nsp", &number, &error));
  g_assert_cmpint (number, ==, 42);
  g_assert_true (chorus_json_get_int (object, "nf", &number, &error));
  g_assert_cmpint (number, ==, 12);
  g_assert_true (chorus_json_get_double (object, "ns", &real, &error));
  g_assert_cmpfloat (real, ==, 3346947.0);
  /* A code sent as a number reads as its text, all its digits. */
  g_assert_true (chorus_json_get_string (object, "n", &text, &error));
  g_assert_cmpstr (text, ==, "12");
  g_assert_true (chorus_json_get_string (object, "big", &text, &error));
  g_assert_cmpstr (text, ==, "92752571570002");
  g_assert_true (chorus_json_get_string (object, "h", &text, &error));
  g_assert_cmpstr (text, ==, "12.5");

  /* Absent, null, "" and "null" keep the default where a number is expected. */
  g_assert_true (chorus_json_get_string (object, "z", &text, &error));
  g_assert_null (text);
  g_assert_true (chorus_json_get_string (object, "missing", &text, &error));
  g_assert_null (text);
  g_assert_true (chorus_json_get_int (object, "z", &number, &error));
  g_assert_cmpint (number, ==, 0);
  g_assert_true (chorus_json_get_int (object, "nulltext", &number, &error));
  g_assert_cmpint (number, ==, 0);
  g_assert_true (chorus_json_get_int (object, "empty", &number, &error));
  g_assert_cmpint (number, ==, 0);
  g_assert_no_error (error);

  /* What the API never means is an error naming the key. */
  g_assert_false (chorus_json_get_string (object, "o", &text, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "“o”"));
  g_clear_error (&error);
  g_assert_false (chorus_json_get_string (object, "b", &text, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_int (object, "s", &number, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_int (object, "h", &number, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_int (object, "b", &number, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_bool (object, "s", &flag, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_object (object, "a", &child, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_array (object, "o", &array, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_double (object, "s", &real, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

/* Money to the cent from numbers and numeric strings, with no float drift. */
static void
test_json_amounts (void)
{
  static const struct { const char *json; gint64 cents; } good[] = {
    { "9822.5", 982250 },
    { "\"9822.50\"", 982250 },
    { "\"9822,50\"", 982250 },
    { "\"10\"", 1000 },
    { "9500", 950000 },
    { "\"1 234,56\"", 123456 },
    { "\"1\u00a0234,56\"", 123456 },
    { "\"1.234,56\"", 123456 },
    { "\"1,234,567.89\"", 123456789 },
    { "1.005", 101 },            /* 1.00499999… as a double: read as the decimal it was written */
    { "\"1.005\"", 101 },
    { "16.6667", 1667 },
    { "\"-0.005\"", -1 },        /* half away from zero */
    { "-12.344999", -1234 },
    { "0.1", 10 },
    { "1e3", 100000 },
    { "\"2.5E2\"", 25000 },
    { "\"+7\"", 700 },
    { "\"0.000001\"", 0 },
    { "\"9999999999999.999999\"", 1000000000000000 },  /* decimal(19,6) at its largest */
    { "12345678901234.56", 1234567890123456 },
    { "\"null\"", 0 },
    { "\"\"", 0 },
    { "null", 0 },
  };
  static const char *const bad[] = {
    "\"dix\"", "\"12,50 EUR\"", "\"1.2.3,4,5\"", "true", "{}", "[]", "\"12..5\"", "1e300",
    "\"1e999\"", "\"0x10\"", "\"NaN\"", "\"Infinity\"", "\"-\"", "\"12-5\"",
    "\"99999999999999999999\"",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"m\":%s}", good[i].json);
      g_autoptr(JsonObject) object = parse (json);
      g_autoptr(GError) error = NULL;
      gint64 cents = -42;

      g_assert_true (chorus_json_get_amount (object, "m", &cents, &error));
      g_assert_no_error (error);
      if (cents != good[i].cents)
        g_error ("%s read as %" G_GINT64_FORMAT " cents, not %" G_GINT64_FORMAT, good[i].json, cents,
                 good[i].cents);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"m\":%s}", bad[i]);
      g_autoptr(JsonObject) object = parse (json);
      g_autoptr(GError) error = NULL;
      gint64 cents = -42;

      if (chorus_json_get_amount (object, "m", &cents, &error))
        g_error ("%s read as %" G_GINT64_FORMAT " cents instead of refused", bad[i], cents);
      g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "“m”"));
    }
}

static void
test_json_booleans_and_lists (void)
{
  static const struct { const char *json; gboolean value; } good[] = {
    { "true", TRUE }, { "false", FALSE }, { "\"true\"", TRUE }, { "\"FALSE\"", FALSE },
    { "\"Oui\"", TRUE }, { "\"non\"", FALSE }, { "\"O\"", TRUE }, { "\"N\"", FALSE },
    { "1", TRUE }, { "0", FALSE }, { "\"1\"", TRUE }, { "\"0\"", FALSE }, { "\"\"", FALSE },
    { "null", FALSE }, { "\" oui \"", TRUE },
  };
  static const char *const bad[] = { "2", "\"peut-être\"", "1.5", "{}", "[true]" };
  g_autoptr(JsonObject) lists = parse ("{\"one\":{\"id\":1},\"many\":[{\"id\":1},{\"id\":2}],"
                                       "\"text\":\"x\",\"none\":null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"b\":%s}", good[i].json);
      g_autoptr(JsonObject) object = parse (json);
      gboolean value = !good[i].value;

      g_assert_true (chorus_json_get_bool (object, "b", &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].value);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"b\":%s}", bad[i]);
      g_autoptr(JsonObject) object = parse (json);
      gboolean value;

      g_assert_false (chorus_json_get_bool (object, "b", &value, &error));
      g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
      g_clear_error (&error);
    }

  /* A list of one sent as the element itself. */
  g_assert_true (chorus_json_get_list (lists, "one", &array, &error));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==, 1);
  g_clear_pointer (&array, json_array_unref);
  g_assert_true (chorus_json_get_list (lists, "many", &array, &error));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_clear_pointer (&array, json_array_unref);
  g_assert_true (chorus_json_get_list (lists, "none", &array, &error));
  g_assert_null (array);
  g_assert_false (chorus_json_get_list (lists, "text", &array, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static void
test_json_parse_errors (void)
{
  static const char *const bad[] = {
    "", "{", "{\"a\":", "[1,2]", "\"text\"", "{\"a\":1}garbage", "not json at all",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = chorus_json_parse_object (bad[i], -1, &error);

      g_assert_null (object);
      g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
      g_clear_error (&error);
    }

  /* Deep nesting is refused before the parser recurses into it. */
  g_string_append (deep, "{\"a\":");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (chorus_json_parse_object (deep->str, (gssize) deep->len, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static void
test_json_dates (void)
{
  static const struct { const char *in; gboolean day; const char *out; } cases[] = {
    { "2026-11-23", FALSE, "2026-11-23" },
    { "2026-11-23", TRUE, "2026-11-23" },
    { "2026-11-23 14:05", FALSE, "2026-11-23T14:05:00" },
    { "2026-11-23 14:05", TRUE, "2026-11-23" },
    { "2016-12-28T08:31:19+01:00", FALSE, "2016-12-28T08:31:19+01:00" },
    { "2022-01-07T10:11:47.823Z", FALSE, "2022-01-07T10:11:47Z" },
    { "2026-11-23T23:59:59", FALSE, "2026-11-23T23:59:59" },
    { "2026-02-30", FALSE, NULL },
    { "23/11/2026", FALSE, NULL },
    { "2026-11-23 25:00", FALSE, NULL },
    { "2026-11-23X", FALSE, NULL },
    { "2026-11-23T10:00+0100", FALSE, "2026-11-23T10:00:00+01:00" },
    { "2019-07-11T15:45:39.674+02:00", FALSE, "2019-07-11T15:45:39+02:00" },
    { "2019-07-11T15:45:39.674+0200", FALSE, "2019-07-11T15:45:39+02:00" },
    { "2019-03-27T11:12:24.777+01:00", TRUE, "2019-03-27" },
    { "2019-07-11T15:45:39-05", FALSE, "2019-07-11T15:45:39-05:00" },
    { "2019-07-11T15:45", FALSE, "2019-07-11T15:45:00" },
    { "2019-07-11+02:00", FALSE, "2019-07-11" },
    { "2019-07-11Z", TRUE, "2019-07-11" },
    { "2019-07-11+25:00", FALSE, NULL },
    { "2019-07-11T15:45:39.", FALSE, NULL },
  };
  g_autoptr(JsonObject) object = parse ("{\"d\":\"2026-11-23 14:05\",\"e\":\"\",\"bad\":\"soon\","
                                        "\"num\":20261123,\"n\":\"null\",\"sp\":\" 2026-11-23 \"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = chorus_json_normalize_datetime (cases[i].in, cases[i].day);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  g_assert_true (chorus_json_get_date (object, "d", &value, &error));
  g_assert_cmpstr (value, ==, "2026-11-23");
  g_assert_true (chorus_json_get_datetime (object, "e", &value, &error));
  g_assert_null (value);
  g_assert_true (chorus_json_get_datetime (object, "n", &value, &error));
  g_assert_null (value);
  g_assert_true (chorus_json_get_date (object, "sp", &value, &error));
  g_assert_cmpstr (value, ==, "2026-11-23");
  g_assert_false (chorus_json_get_date (object, "bad", &value, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (chorus_json_get_date (object, "num", &value, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static const char received_json[] =
  "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\",\"pageCourante\":2,\"pages\":3,"
  "\"nbResultatsParPage\":2,\"total\":5,\"champInconnu\":[1,{\"x\":null}],"
  "\"listeFactures\":[{\"idFacture\":4101,\"numeroFacture\":\"F-001\","
  "\"statut\":\"MISE_A_DISPOSITION\",\"typeFacture\":\"FACTURE\",\"dateDepot\":\"2026-11-02\","
  "\"dateFacture\":\"2026-10-30\",\"dateHeureEtatCourant\":\"2026-11-02 09:15\","
  "\"montantHT\":9500,\"montantTTC\":9822.5,\"montantApayer\":9822.5,\"devise\":\"EUR\","
  "\"idDestinataire\":26,\"codeDestinataire\":\"26073617000017\","
  "\"designationDestinataire\":\"CHU\",\"codeFournisseur\":\"44306184100047\","
  "\"designationFournisseur\":\"ACME\",\"typeIdentifiantFournisseur\":\"SIRET\","
  "\"factureTelechargeeParDestinataire\":true,\"numeroBonCommande\":\"EJ-9\"},"
  "{\"idFacture\":4102,\"numeroFacture\":\"F-002\",\"statut\":\"STATUT_FUTUR\","
  "\"montantHT\":null,\"montantTTC\":12,\"montantAPayer\":12}]}";

static void
test_decode_received_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;
  ChorusInvoice *first, *second;

  page = chorus_client_decode_invoice_page (received_json, strlen (received_json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->page, ==, 2);
  g_assert_cmpuint (page->pages, ==, 3);
  g_assert_cmpuint (page->total, ==, 5);
  g_assert_cmpuint (page->invoices->len, ==, 2);

  first = g_ptr_array_index (page->invoices, 0);
  g_assert_cmpint (chorus_invoice_get_direction (first), ==, CHORUS_DIRECTION_RECEIVED);
  g_assert_cmpint (chorus_invoice_get_id (first), ==, 4101);
  g_assert_cmpstr (chorus_invoice_get_number (first), ==, "F-001");
  g_assert_cmpint (chorus_invoice_get_status (first), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpint (chorus_invoice_get_amount_ht (first), ==, 950000);
  g_assert_cmpint (chorus_invoice_get_amount_ttc (first), ==, 982250);
  g_assert_cmpint (chorus_invoice_get_amount_vat (first), ==, 32250);
  g_assert_cmpint (chorus_invoice_get_amount_to_pay (first), ==, 982250);
  g_assert_cmpstr (chorus_invoice_get_status_date (first), ==, "2026-11-02T09:15:00");
  g_assert_cmpstr (chorus_invoice_get_deposit_date (first), ==, "2026-11-02");
  g_assert_cmpint (chorus_invoice_get_supplier_id_type (first), ==, CHORUS_ID_TYPE_SIRET);
  g_assert_true (chorus_invoice_get_downloaded (first));
  g_assert_cmpstr (chorus_invoice_get_engagement_number (first), ==, "EJ-9");

  /* An unknown status is kept as unknown, not an error; montantAPayer spelled the other way. */
  second = g_ptr_array_index (page->invoices, 1);
  g_assert_cmpint (chorus_invoice_get_status (second), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpint (chorus_invoice_get_amount_to_pay (second), ==, 1200);
  g_assert_cmpint (chorus_invoice_get_amount_ht (second), ==, 0);
}

/* One odd item never sinks its page: it is kept raw with the reason, the others are read. */
static void
test_decode_odd_items (void)
{
  static const struct { const char *item; const char *field; } odd[] = {
    { "{\"idFacture\":1,\"numeroFacture\":{}}", "numeroFacture" },
    { "{\"idFacture\":\"un\"}", "idFacture" },
    { "{\"idFacture\":2,\"montantTTC\":\"12,50 EUR\"}", "montantTTC" },
    { "{\"idFacture\":3,\"dateDepot\":\"hier\"}", "dateDepot" },
    { "{\"idFacture\":4,\"factureTelechargeeParDestinataire\":\"peut-être\"}",
      "factureTelechargeeParDestinataire" },
    { "{\"numeroFacture\":\"SANS-ID\"}", NULL },
    { "[1,2]", "listeFactures" },
    { "\"texte\"", "listeFactures" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autofree char *body = g_strdup_printf (
          "{\"codeRetour\":0,\"libelle\":\"GCU_MSG_01_000\",\"listeFactures\":["
          "{\"idFacture\":\"3346947\",\"numeroFacture\":\"OK-1\",\"montantTTC\":\"20\"},%s,"
          "{\"idFacture\":99,\"numeroFacture\":\"OK-2\"}]}", odd[i].item);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChorusInvoicePage) page = chorus_client_decode_invoice_page (body, strlen (body), &error);
      ChorusUnreadableItem *item;

      g_assert_no_error (error);
      g_assert_cmpuint (page->invoices->len, ==, 2);
      g_assert_cmpint (chorus_invoice_get_id (g_ptr_array_index (page->invoices, 0)), ==, 3346947);
      g_assert_cmpint (chorus_invoice_get_amount_ttc (g_ptr_array_index (page->invoices, 0)), ==, 2000);
      g_assert_cmpint (chorus_invoice_get_id (g_ptr_array_index (page->invoices, 1)), ==, 99);
      g_assert_cmpuint (page->unreadable->len, ==, 1);
      g_assert_cmpuint (page->total, ==, 3);
      item = g_ptr_array_index (page->unreadable, 0);
      g_assert_cmpstr (item->list, ==, "listeFactures");
      g_assert_nonnull (item->raw_json);
      g_assert_true (strlen (item->raw_json) > 0);
      g_assert_nonnull (item->reason);
      if (odd[i].field != NULL)
        g_assert_nonnull (strstr (item->reason, odd[i].field));
    }

  /* What can be told of the odd one: its id and number, and its JSON as sent. */
  {
    static const char body[] = "{\"listeFactures\":[{\"idFacture\":\"77\",\"numeroFacture\":\"F-77\","
                               "\"montantHT\":\"dix\"}]}";
    g_autoptr(ChorusInvoicePage) page = chorus_client_decode_invoice_page (body, strlen (body), NULL);
    ChorusUnreadableItem *item = g_ptr_array_index (page->unreadable, 0);
    g_autoptr(JsonObject) again = parse (item->raw_json);

    g_assert_cmpint (item->id, ==, 77);
    g_assert_cmpstr (item->number, ==, "F-77");
    g_assert_cmpstr (json_object_get_string_member (again, "montantHT"), ==, "dix");
  }
}

/* What still fails a whole answer: its frame, not its items. */
static void
test_decode_wrong_frames (void)
{
  static const char *const bodies[] = {
    "{\"codeRetour\":0,\"listeFactures\":\"aucune\"}",
    "{\"codeRetour\":0,\"listeFactures\":42}",
    "{\"codeRetour\":0,\"pages\":\"trois\",\"listeFactures\":[]}",
    "{\"codeRetour\":0,\"pages\":{},\"listeFactures\":[]}",
    "{\"codeRetour\":\"zéro\",\"listeFactures\":[]}",
    "{\"codeRetour\":0,\"parametresRetour\":[],\"listeFactures\":[]}",
  };
  /* Numeric strings in the frame and a list of one as an object are fine. */
  static const char fine[] = "{\"codeRetour\":\"0\",\"libelle\":\"CODE PAR DEFAUT\",\"pages\":\"3\","
                             "\"total\":\"21\",\"pageCourante\":\"2\",\"listeFactures\":"
                             "{\"idFacture\":5,\"statut\":\"SUSPENDUE\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(ChorusInvoicePage) refused = chorus_client_decode_invoice_page (
          bodies[i], strlen (bodies[i]), &error);

      g_assert_null (refused);
      g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
      g_clear_error (&error);
    }
  page = chorus_client_decode_invoice_page (fine, strlen (fine), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->pages, ==, 3);
  g_assert_cmpuint (page->page, ==, 2);
  g_assert_cmpuint (page->total, ==, 21);
  g_assert_true (page->total_known);
  g_assert_cmpuint (page->invoices->len, ==, 1);
  g_assert_cmpstr (chorus_invoice_get_status_code (g_ptr_array_index (page->invoices, 0)), ==, "SUSPENDUE");
}

/* Codes the app does not know are kept as sent, never turned into "unknown". */
static void
test_decode_unknown_codes_kept (void)
{
  static const char body[] =
    "{\"listeFactures\":[{\"idFacture\":8,\"statut\":\"NOUVEAU_STATUT\",\"typeFacture\":\"ACOMPTE\","
    "\"cadreFacturation\":\"A99_CADRE_FUTUR\",\"typeTva\":\"TVA_FUTURE\","
    "\"typeIdentifiantFournisseur\":\"NOUVEL_IDENTIFIANT\",\"modeDepot\":\"DEPOT_FUTUR\","
    "\"typeDemandePaiement\":\"MEMOIRE_JUSTICE\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = chorus_client_decode_invoice_page (body, strlen (body), &error);
  ChorusInvoice *invoice;

  g_assert_no_error (error);
  invoice = g_ptr_array_index (page->invoices, 0);
  g_assert_cmpstr (chorus_invoice_get_status_code (invoice), ==, "NOUVEAU_STATUT");
  g_assert_cmpstr (chorus_invoice_get_invoice_type_code (invoice), ==, "ACOMPTE");
  g_assert_cmpint (chorus_invoice_get_invoice_type (invoice), ==, CHORUS_INVOICE_TYPE_ACOMPTE);
  g_assert_cmpstr (chorus_invoice_get_cadre_code (invoice), ==, "A99_CADRE_FUTUR");
  g_assert_cmpint (chorus_invoice_get_cadre (invoice), ==, CHORUS_CADRE_UNKNOWN);
  g_assert_cmpstr (chorus_invoice_get_vat_type_code (invoice), ==, "TVA_FUTURE");
  g_assert_cmpstr (chorus_invoice_get_supplier_id_type_code (invoice), ==, "NOUVEL_IDENTIFIANT");
  g_assert_cmpstr (chorus_invoice_get_deposit_mode (invoice), ==, "DEPOT_FUTUR");
  g_assert_cmpstr (chorus_invoice_get_request_type (invoice), ==, "MEMOIRE_JUSTICE");
}

/* Sub-lists of consulter as objects instead of lists, and their paging read from the answer. */
static void
test_decode_sub_lists (void)
{
  g_autoptr(JsonObject) response = parse (
      "{\"facture\":{\"identifiantFactureCPP\":\"4101\","
      "\"lignesDePoste\":{\"lignePoste\":{\"lignePosteNumero\":\"1\",\"lignePosteDenomination\":\"Seule\","
      "\"lignePosteQuantite\":\"2,5\",\"lignePosteMontantUnitaireHT\":\"10.10\"},"
      "\"pageCouranteLignesPoste\":1,\"pagesLignesPoste\":3,\"totalLignesPoste\":\"401\","
      "\"nbResultatsParPageLignesPoste\":200},"
      "\"listeDesPiecesJointes\":{\"pieceJointe\":{\"pieceJointeId\":\"9\",\"pieceJointeDesignation\":\"pj.pdf\"}},"
      "\"recapitulatifDeTva\":{\"ligneTva\":{\"ligneTvaTauxRefCode\":\"TVA1\",\"ligneTvaMontantTvaParTaux\":\"2.02\"}},"
      "\"pieceJointePrincipale\":{\"idPieceJointePrincipale\":\"9\"}}}");
  g_autoptr(JsonObject) history_json = parse (
      "{\"idFacture\":\"4101\",\"historiquesDesStatuts\":{\"histoStatut\":{\"histoStatutCode\":"
      "\"DEPOSEE\",\"histoStatutDatePassage\":\"2015-12-01 10:36\"},\"totalHistoStatut\":1}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_decode_invoice (response, CHORUS_DIRECTION_RECEIVED, &error);
  g_autoptr(ChorusHistory) history = chorus_decode_history (history_json, &error);
  ChorusSubListPaging paging;
  ChorusInvoiceLine *line;
  ChorusAttachment *attachment;

  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_id (invoice), ==, 4101);
  g_assert_cmpuint (chorus_invoice_get_lines (invoice)->len, ==, 1);
  line = g_ptr_array_index (chorus_invoice_get_lines (invoice), 0);
  g_assert_cmpint (line->number, ==, 1);
  g_assert_cmpfloat (line->quantity, ==, 2.5);
  g_assert_cmpint (line->unit_price_ht, ==, 1010);
  g_assert_cmpint (line->total_ht, ==, 2525);
  attachment = g_ptr_array_index (chorus_invoice_get_attachments (invoice), 0);
  g_assert_cmpint (attachment->id, ==, 9);
  g_assert_true (attachment->is_main);
  g_assert_cmpint (((ChorusVatLine *) g_ptr_array_index (chorus_invoice_get_vat_lines (invoice), 0))->vat_amount,
                   ==, 202);
  g_assert_cmpuint (history->events->len, ==, 1);

  chorus_decode_sub_list_paging (response, CHORUS_SUB_LIST_LINES, &paging);
  g_assert_true (paging.present);
  g_assert_cmpuint (paging.received, ==, 1);
  g_assert_cmpuint (paging.page, ==, 1);
  g_assert_cmpuint (paging.pages, ==, 3);
  g_assert_cmpuint (paging.total, ==, 401);
  g_assert_cmpuint (paging.page_size, ==, 200);
  chorus_decode_sub_list_paging (response, CHORUS_SUB_LIST_ATTACHMENTS, &paging);
  g_assert_true (paging.present);
  g_assert_cmpuint (paging.received, ==, 1);
  g_assert_cmpuint (paging.total, ==, 0);
  chorus_decode_sub_list_paging (history_json, CHORUS_SUB_LIST_HISTORY, &paging);
  g_assert_cmpuint (paging.total, ==, 1);
  chorus_decode_sub_list_paging (history_json, CHORUS_SUB_LIST_LINES, &paging);
  g_assert_false (paging.present);
}

static void
test_decode_issued_page (void)
{
  g_autoptr(JsonObject) response = parse (
      "{\"codeRetour\":0,\"listeFactures\":[{\"identifiantFactureCPP\":77,"
      "\"numeroFacture\":\"S-1\",\"statut\":\"DEPOSEE\",\"montantAPayer\":10.5,"
      "\"numeroFluxDepot\":\"FLUX-1\",\"coordBancairesFournisseur\":{\"CleIban\":\"12\"}}],"
      "\"parametresRetour\":{\"pageCourante\":1,\"pages\":4,\"nbResultatsParPage\":10,"
      "\"total\":31}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = chorus_decode_issued_page (response, &error);
  ChorusInvoice *invoice;

  g_assert_no_error (error);
  g_assert_cmpuint (page->pages, ==, 4);
  g_assert_cmpuint (page->total, ==, 31);
  g_assert_cmpuint (page->page_size, ==, 10);
  invoice = g_ptr_array_index (page->invoices, 0);
  g_assert_cmpint (chorus_invoice_get_direction (invoice), ==, CHORUS_DIRECTION_ISSUED);
  g_assert_cmpint (chorus_invoice_get_id (invoice), ==, 77);
  g_assert_cmpint (chorus_invoice_get_amount_to_pay (invoice), ==, 1050);
  g_assert_cmpstr (chorus_invoice_get_flow_number (invoice), ==, "FLUX-1");
}

static void
test_decode_invoice_detail (void)
{
  g_autoptr(JsonObject) response = parse (
      "{\"codeRetour\":0,\"facture\":{\"identifiantFactureCPP\":4101,\"numeroFacture\":\"F-001\","
      "\"statutFacture\":\"SERVICE_FAIT\",\"modeDepot\":\"DEPOT_PDF_API\","
      "\"cadreDeFacturation\":{\"codeCadreFacturation\":\"A1_FACTURE_FOURNISSEUR\"},"
      "\"destinataire\":{\"codeDestinataire\":\"26073617000017\",\"idDestinataire\":26,"
      "\"libelleDestinataire\":\"CHU\",\"codeServiceExecutant\":\"SERV-1\"},"
      "\"fournisseur\":{\"idFournisseur\":9,\"codeFournisseur\":\"44306184100047\","
      "\"typeIdentifiantFournisseur\":\"SIRET\",\"designationFournisseur\":\"ACME\"},"
      "\"references\":{\"typeFacture\":\"AVOIR\",\"typeTva\":\"TVA_SUR_DEBIT\","
      "\"codeDeviseFacture\":\"EUR\",\"dateFacture\":\"2026-10-30\","
      "\"dateCreationFacture\":\"2026-11-02 10:01\",\"dateEcheancePaiement\":\"2026-12-02\","
      "\"modePaiement\":\"VIREMENT\",\"numeroDpMandat\":\"M-4\"},"
      "\"montantTotal\":{\"montantHtTotal\":100,\"montantTVA\":20,\"montantTtcTotal\":120,"
      "\"montantAPayer\":120},"
      "\"lignesDePoste\":{\"lignePoste\":[{\"lignePosteNumero\":1,"
      "\"lignePosteDenomination\":\"Formation\",\"lignePosteQuantite\":2,"
      "\"lignePosteUnite\":\"jour\",\"lignePosteMontantUnitaireHT\":50,"
      "\"lignePosteTauxTva\":\"TVA5\",\"lignePosteTauxTvaManuel\":20,"
      "\"lignePosteMontantHtApresRemise\":100}],\"pagesLignesPoste\":1},"
      "\"recapitulatifDeTva\":{\"ligneTva\":[{\"ligneTvaTauxRefCode\":\"TVA5\","
      "\"ligneTvaTauxRefValeur\":20,\"ligneTvaMontantBaseHtParTaux\":100,"
      "\"ligneTvaMontantTvaParTaux\":20}]},"
      "\"listeDesPiecesJointes\":{\"pieceJointe\":[{\"pieceJointeId\":555,"
      "\"pieceJointeDesignation\":\"facture.pdf\",\"pieceJointeExtension\":\"PDF\","
      "\"pieceJointeTypeCode\":\"FACTURE\"},{\"pieceJointeId\":556,"
      "\"pieceJointeDesignation\":\"bon.pdf\"}]},"
      "\"pieceJointePrincipale\":{\"idPieceJointePrincipale\":555}}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_decode_invoice (response, CHORUS_DIRECTION_RECEIVED,
                                                            &error);
  ChorusInvoiceLine *line;
  ChorusVatLine *vat;
  ChorusAttachment *attachment;

  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_id (invoice), ==, 4101);
  g_assert_cmpint (chorus_invoice_get_status (invoice), ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_cmpint (chorus_invoice_get_cadre (invoice), ==, CHORUS_CADRE_A1);
  g_assert_cmpint (chorus_invoice_get_invoice_type (invoice), ==, CHORUS_INVOICE_TYPE_AVOIR);
  g_assert_cmpint (chorus_invoice_get_vat_type (invoice), ==, CHORUS_VAT_TYPE_SUR_DEBIT);
  g_assert_cmpstr (chorus_invoice_get_service_code (invoice), ==, "SERV-1");
  g_assert_cmpint (chorus_invoice_get_supplier_id (invoice), ==, 9);
  g_assert_cmpstr (chorus_invoice_get_mandate_number (invoice), ==, "M-4");
  g_assert_cmpstr (chorus_invoice_get_due_date (invoice), ==, "2026-12-02");
  g_assert_cmpint (chorus_invoice_get_amount_vat (invoice), ==, 2000);
  g_assert_cmpint (chorus_invoice_get_amount_to_pay (invoice), ==, 12000);
  g_assert_cmpint (chorus_invoice_get_main_attachment_id (invoice), ==, 555);

  g_assert_cmpuint (chorus_invoice_get_lines (invoice)->len, ==, 1);
  line = g_ptr_array_index (chorus_invoice_get_lines (invoice), 0);
  g_assert_cmpstr (line->label, ==, "Formation");
  g_assert_cmpfloat (line->quantity, ==, 2.0);
  g_assert_cmpint (line->unit_price_ht, ==, 5000);
  g_assert_cmpint (line->total_ht, ==, 10000);
  g_assert_cmpfloat (line->vat_rate, ==, 20.0);
  vat = g_ptr_array_index (chorus_invoice_get_vat_lines (invoice), 0);
  g_assert_cmpstr (vat->rate_code, ==, "TVA5");
  g_assert_cmpfloat (vat->rate, ==, 20.0);
  g_assert_cmpint (vat->vat_amount, ==, 2000);
  g_assert_cmpuint (chorus_invoice_get_attachments (invoice)->len, ==, 2);
  attachment = g_ptr_array_index (chorus_invoice_get_attachments (invoice), 0);
  g_assert_true (attachment->is_main);
  attachment = g_ptr_array_index (chorus_invoice_get_attachments (invoice), 1);
  g_assert_false (attachment->is_main);
}

static void
test_decode_history_and_results (void)
{
  g_autoptr(JsonObject) history_json = parse (
      "{\"codeRetour\":0,\"idFacture\":4101,\"numeroFacture\":\"F-001\","
      "\"statutCourantCode\":\"MANDATEE\",\"historiquesDesStatuts\":{\"histoStatut\":["
      "{\"histoStatutCode\":\"MANDATEE\",\"histoStatutDatePassage\":\"2026-11-10 08:00\","
      "\"histoStatutUtilisateurNom\":\"Martin\",\"histoStatutUtilisateurPrenom\":\"Anne\"},"
      "{\"histoStatutCode\":\"MISE_A_DISPOSITION\",\"histoStatutDatePassage\":\"2026-11-02 09:15\"},"
      "{\"histoStatutCode\":\"SERVICE_FAIT\",\"histoStatutDatePassage\":\"2026-11-05 14:00\","
      "\"histoStatutCommentaire\":\"ok\"}]}}");
  g_autoptr(JsonObject) result_json = parse (
      "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\",\"idFacture\":4101,"
      "\"numeroFacture\":\"F-001\",\"dateTraitement\":\"2026-11-23\","
      "\"nouveauStatut\":\"SERVICE_FAIT\"}");
  g_autoptr(JsonObject) targets_json = parse (
      "{\"codeRetour\":0,\"listeStatutsPossiblesPourTraitement\":["
      "{\"statutPossiblePourTraitement\":\"SERVICE_FAIT\"},"
      "{\"statutPossiblePourTraitement\":\"INCONNU\"},"
      "{\"statutPossiblePourTraitement\":\"REJETEE\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_decode_history (history_json, &error);
  g_autoptr(ChorusActionResult) result = NULL;
  g_autoptr(GArray) targets = NULL;
  ChorusStatusEvent *event;

  g_assert_no_error (error);
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_MANDATEE);
  g_assert_cmpuint (history->events->len, ==, 3);
  event = g_ptr_array_index (history->events, 0);
  g_assert_cmpint (event->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  event = g_ptr_array_index (history->events, 2);
  g_assert_cmpint (event->status, ==, CHORUS_STATUS_MANDATEE);
  g_assert_cmpstr (event->user, ==, "Anne Martin");
  g_assert_cmpstr (event->date, ==, "2026-11-10T08:00:00");

  result = chorus_decode_action_result (result_json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->invoice_id, ==, 4101);
  g_assert_cmpint (result->status, ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_cmpstr (result->date, ==, "2026-11-23");

  targets = chorus_decode_status_targets (targets_json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 2);
  g_assert_cmpint (g_array_index (targets, ChorusStatus, 1), ==, CHORUS_STATUS_REJETEE);
}

/* histoAction (go-choruspro's field names): oldest first, user as "first last", the date read like
 * the others; an odd item is skipped and the history still decodes. */
static void
test_decode_history_user_actions (void)
{
  g_autoptr(JsonObject) json = parse (
      "{\"codeRetour\":0,\"idFacture\":4102,\"statutCourantCode\":\"REJETEE\","
      "\"historiquesDesStatuts\":{\"histoStatut\":[]},"
      "\"historiquesDesActionsUtilisateurs\":{\"histoAction\":["
      "{\"histoActionId\":2,\"histoActionCode\":\"ACQUITTEMENT_REJET\",\"histoActionDateHeure\":\"2026-11-12 10:05\","
      "\"histoActionUtilisateurNom\":\"Durand\",\"histoActionUtilisateurPrenom\":\"Paul\"},"
      "{\"histoActionId\":\"x\",\"histoActionCode\":{\"code\":42}},"
      "{\"histoActionId\":1,\"histoActionCode\":\"TELECHARGEMENT_FACTURE\",\"histoActionDateHeure\":\"2026-11-03 16:40\"}],"
      "\"pagesHistoAction\":1}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_decode_history (json, &error);
  ChorusUserAction *action;
  g_autofree char *known = chorus_user_action_label ("TELECHARGEMENT_FACTURE");
  g_autofree char *unknown = chorus_user_action_label ("NOUVELLE_ACTION");

  g_assert_no_error (error);
  g_assert_cmpuint (history->actions->len, ==, 2);
  action = g_ptr_array_index (history->actions, 0);
  g_assert_cmpstr (action->code, ==, "TELECHARGEMENT_FACTURE");
  g_assert_cmpstr (action->date, ==, "2026-11-03T16:40:00");
  g_assert_null (action->user);
  action = g_ptr_array_index (history->actions, 1);
  g_assert_cmpstr (action->user, ==, "Paul Durand");
  g_assert_cmpstr (known, ==, "Invoice downloaded");
  g_assert_cmpstr (unknown, ==, "Nouvelle action");
}

/* Same-minute events come newest first from the API and must end up oldest first. */
static void
test_decode_history_same_minute (void)
{
  g_autoptr(JsonObject) json = parse (
      "{\"codeRetour\":0,\"idFacture\":4102,\"numeroFacture\":\"F-002\","
      "\"statutCourantCode\":\"MISE_EN_PAIEMENT\",\"historiquesDesStatuts\":{\"histoStatut\":["
      "{\"histoStatutCode\":\"MISE_EN_PAIEMENT\",\"histoStatutDatePassage\":\"2026-11-12 10:30\"},"
      "{\"histoStatutCode\":\"MANDATEE\",\"histoStatutDatePassage\":\"2026-11-12 10:30\"},"
      "{\"histoStatutCode\":\"SERVICE_FAIT\",\"histoStatutDatePassage\":\"2026-11-12 10:30\"},"
      "{\"histoStatutCode\":\"MISE_A_DISPOSITION\",\"histoStatutDatePassage\":\"2026-11-02 09:15\"},"
      "{\"histoStatutCode\":\"DEPOSEE\",\"histoStatutDatePassage\":\"2026-11-02 09:15\"}]}}");
  static const ChorusStatus expected[] = {
    CHORUS_STATUS_DEPOSEE, CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_SERVICE_FAIT,
    CHORUS_STATUS_MANDATEE, CHORUS_STATUS_MISE_EN_PAIEMENT,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_decode_history (json, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (history->events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      ChorusStatusEvent *event = g_ptr_array_index (history->events, i);

      g_assert_cmpint (event->status, ==, expected[i]);
    }
}

static void
test_decode_structures (void)
{
  g_autoptr(JsonObject) consult = parse (
      "{\"codeRetour\":0,\"informationGenerales\":{\"idStructureCPP\":26,"
      "\"identifiantStructure\":\"26073617000017\",\"typeIdentifiantStructure\":\"SIRET\","
      "\"raisonSocialeStructure\":\"CHU\",\"dateExpirationMotPasseCompteTech\":\"2027-01-31\"},"
      "\"parametres\":{\"codeServiceDoitEtreRenseigne\":true,\"numeroEJDoitEtreRenseigne\":false},"
      "\"adressePostaleDuSiege\":{\"adresse\":\"1 rue X\",\"codePostal\":\"26000\","
      "\"ville\":\"Valence\"}}");
  g_autoptr(JsonObject) attachments = parse (
      "{\"codeRetour\":0,\"listeStructureRattachement\":[{\"idStructure\":26,"
      "\"identifiantStructure\":\"26073617000017\",\"designationStructure\":\"CHU\","
      "\"roleUtilisateur\":\"DESTINATAIRE\",\"listeServicesRattache\":[{\"idService\":3,"
      "\"codeService\":\"SERV-1\",\"libelleService\":\"Formation\",\"estActif\":true,"
      "\"dateDbtService\":\"2020-01-01 00:00\"}]}],\"parametresRetour\":{\"total\":1}}");
  g_autoptr(JsonObject) service_json = parse (
      "{\"codeRetour\":0,\"informationsGenerales\":{\"codeService\":\"SERV-1\","
      "\"nomService\":\"Formation\"},\"parametres\":{\"dateDebutValidite\":"
      "\"2016-12-28T08:31:19+01:00\",\"numeroEngagement\":true}}");
  g_autoptr(JsonObject) bad = parse ("{\"codeRetour\":0,\"informationGenerales\":"
                                     "{\"idStructureCPP\":\"vingt-six\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStructure) structure = chorus_decode_structure (consult, &error);
  g_autoptr(ChorusPage) page = NULL;
  g_autoptr(ChorusService) service = NULL;
  ChorusStructure *linked;

  g_assert_no_error (error);
  g_assert_cmpint (structure->id, ==, 26);
  g_assert_cmpstr (structure->name, ==, "CHU");
  g_assert_true (structure->service_required);
  g_assert_false (structure->engagement_required);
  g_assert_cmpstr (structure->password_expiry, ==, "2027-01-31");
  g_assert_cmpstr (structure->address, ==, "1 rue X, 26000 Valence");

  page = chorus_decode_user_attachments (attachments, &error);
  g_assert_no_error (error);
  linked = g_ptr_array_index (page->items, 0);
  g_assert_cmpint (linked->role, ==, CHORUS_ROLE_DESTINATAIRE);
  g_assert_cmpuint (linked->services->len, ==, 1);
  g_assert_cmpstr (((ChorusService *) g_ptr_array_index (linked->services, 0))->start_date, ==,
                   "2020-01-01T00:00:00");

  service = chorus_decode_service (service_json, &error);
  g_assert_no_error (error);
  g_assert_true (service->engagement_required);
  g_assert_cmpstr (service->start_date, ==, "2016-12-28T08:31:19+01:00");

  g_assert_null (chorus_decode_structure (bad, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static void
test_decode_flow_report (void)
{
  g_autoptr(JsonObject) response = parse (
      "{\"codeRetour\":0,\"etatCourantDepotFlux\":\"IN_REJETE\",\"dateDepotFlux\":\"2026-11-20\","
      "\"dateHeureEtatCourantFlux\":\"2026-11-20 10:42\",\"nomFichier\":\"lot.xml\","
      "\"listeErreurDP\":[{\"numeroDP\":\"F-9\",\"libelleErreurDP\":\"SIRET inconnu\"}],"
      "\"listeErreurTechnique\":[{\"codeErreur\":\"XSD\",\"libelleErreur\":\"Balise manquante\"}]}");
  g_autoptr(JsonObject) bad = parse ("{\"codeRetour\":0,\"listeErreurDP\":[{\"numeroDP\":{}}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFlowReport) report = chorus_decode_flow_report (response, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (report->state, ==, "IN_REJETE");
  g_assert_cmpstr (report->state_date, ==, "2026-11-20T10:42:00");
  g_assert_cmpuint (report->errors->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (report->errors, 0), ==, "F-9 : SIRET inconnu");
  g_assert_null (chorus_decode_flow_report (bad, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static void
test_decode_download (void)
{
  g_autoptr(JsonObject) good = parse ("{\"codeRetour\":0,\"fichierResultat\":\"JVBERi0xLjQK\"}");
  g_autoptr(JsonObject) bad = parse ("{\"codeRetour\":0,\"fichierResultat\":\"JVBE*i0xLjQK\"}");
  g_autoptr(JsonObject) empty = parse ("{\"codeRetour\":0}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = chorus_decode_download (good, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 9);
  g_assert_cmpint (memcmp (g_bytes_get_data (bytes, NULL), "%PDF-1.4\n", 9), ==, 0);
  g_assert_null (chorus_decode_download (bad, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (chorus_decode_download (empty, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (chorus_decode_base64 ("abc", &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static void
test_decode_for_path (void)
{
  static const char *const paths[] = {
    "factures/v1/rechercher/recipiendaire", "factures/v1/rechercher/fournisseur",
    "factures/v1/consulter/historique", "structures/v1/rechercher",
    "transverses/v1/recuperer/tauxtva", "factures/v1/traiter/recue",
  };
  static const char no_result[] = "{\"codeRetour\":20000,\"libelle\":\"TRA_MSG_00.015\"}";
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_true (chorus_client_decode_for_path (paths[i], "{\"codeRetour\":0}", 16, &error));
      g_assert_no_error (error);
      g_assert_false (chorus_client_decode_for_path (paths[i], "{\"codeRetour\":0", 15, &error));
      g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
      g_clear_error (&error);
    }
  /* "No result" is an API error for the generic decoder; typed searches turn it into an
   * empty page (covered by the HTTP tests). */
  g_assert_false (chorus_client_decode_for_path (paths[0], no_result, strlen (no_result), &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_cmpint (chorus_client_error_get_api_code (error), ==, 20000);
  g_assert_cmpstr (chorus_client_error_get_libelle (error), ==, "TRA_MSG_00.015");
}

static void
test_error_mapping (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) invalid_client = g_bytes_new_static ("{\"error\":\"invalid_client\"}", 26);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) api = parse ("{\"codeRetour\":20303,\"libelle\":\"Destinataire inactif\"}");
  g_autoptr(GError) copy = NULL;

  soup_message_headers_append (headers, "WWW-Authenticate",
                               "Bearer realm=\"PISTE\",error=\"Unauthorized\","
                               "error_description=\"login or password incorrects\"");
  error = _chorus_client_error_from_http (401, headers, NULL, FALSE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
  g_assert_nonnull (strstr (error->message, "login or password incorrects"));
  g_assert_cmpuint (chorus_client_error_get_http_status (error), ==, 401);
  g_clear_error (&error);

  error = _chorus_client_error_from_http (401, headers, invalid_client, TRUE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_clear_error (&error);
  error = _chorus_client_error_from_http (400, NULL, invalid_client, TRUE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_clear_error (&error);
  error = _chorus_client_error_from_http (403, NULL, NULL, FALSE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);
  error = _chorus_client_error_from_http (413, NULL, NULL, FALSE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE);
  g_clear_error (&error);
  error = _chorus_client_error_from_http (429, NULL, NULL, FALSE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_RATE_LIMITED);
  g_assert_true (chorus_client_error_is_transient (error));
  g_clear_error (&error);
  error = _chorus_client_error_from_http (503, NULL, NULL, FALSE);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503"));
  g_clear_error (&error);

  g_assert_false (_chorus_client_check_code_retour (api, 200, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_cmpint (chorus_client_error_get_api_code (error), ==, 20303);
  g_assert_nonnull (strstr (error->message, "Destinataire inactif"));
  g_assert_false (chorus_client_error_is_transient (error));
  /* The extra data survives a copy, as GTask does. */
  copy = g_error_copy (error);
  g_assert_cmpint (chorus_client_error_get_api_code (copy), ==, 20303);
  g_assert_cmpstr (chorus_client_error_get_libelle (copy), ==, "Destinataire inactif");
  g_assert_cmpint (chorus_client_error_get_api_code (NULL), ==, 0);

  g_assert_null (_chorus_client_parse_www_authenticate ("Bearer realm=\"PISTE\""));
  g_assert_null (_chorus_client_parse_www_authenticate (NULL));
}

static void
test_backoff_schedule (void)
{
  static const guint expected[] = { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (_chorus_client_backoff_delay_ms (i, 1000, 30000, -1, 0.5), ==, expected[i]);
  /* Huge retry numbers do not overflow. */
  g_assert_cmpuint (_chorus_client_backoff_delay_ms (200, 1000, 30000, -1, 0.5), ==, 30000);
  /* Retry-After wins when longer, never shortens the wait. */
  g_assert_cmpuint (_chorus_client_backoff_delay_ms (0, 1000, 30000, 5000, 0.5), ==, 5000);
  g_assert_cmpuint (_chorus_client_backoff_delay_ms (3, 1000, 30000, 10, 0.5), ==, 8000);
  /* The jitter spreads a delay over ±20 %. */
  g_assert_cmpuint (_chorus_client_backoff_delay_ms (3, 1000, 30000, -1, 0.0), ==, 6400);
  g_assert_cmpuint (_chorus_client_backoff_delay_ms (3, 1000, 30000, -1, 1.0), ==, 9600);

  g_assert_cmpint (_chorus_client_parse_retry_after ("120", now), ==, 120000);
  g_assert_cmpint (_chorus_client_parse_retry_after (" 0", now), ==, 0);
  g_assert_cmpint (_chorus_client_parse_retry_after ("Mon, 23 Nov 2026 12:00:30 GMT", now),
                   ==, 30000);
  g_assert_cmpint (_chorus_client_parse_retry_after ("Mon, 23 Nov 2026 11:00:00 GMT", now),
                   ==, 0);
  g_assert_cmpint (_chorus_client_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (_chorus_client_parse_retry_after ("-5", now), ==, -1);
  g_assert_cmpint (_chorus_client_parse_retry_after (NULL, now), ==, -1);
}

static void
test_environment_urls (void)
{
  g_autofree char *prod = chorus_environment_token_url (CHORUS_ENVIRONMENT_PRODUCTION, NULL);
  g_autofree char *sandbox = chorus_environment_token_url (CHORUS_ENVIRONMENT_QUALIFICATION, NULL);
  g_autofree char *local = chorus_environment_token_url (CHORUS_ENVIRONMENT_LOCAL,
                                                         "http://127.0.0.1:8080/");
  g_autofree char *prod_api = chorus_environment_api_url (CHORUS_ENVIRONMENT_PRODUCTION, NULL);
  g_autofree char *sandbox_api = chorus_environment_api_url (CHORUS_ENVIRONMENT_QUALIFICATION,
                                                             NULL);
  g_autofree char *local_api = chorus_environment_api_url (CHORUS_ENVIRONMENT_LOCAL,
                                                           "http://127.0.0.1:8080");
  g_autofree char *none = chorus_environment_token_url (CHORUS_ENVIRONMENT_LOCAL, NULL);

  g_assert_cmpstr (prod, ==, "https://oauth.piste.gouv.fr/api/oauth/token");
  g_assert_cmpstr (sandbox, ==, "https://sandbox-oauth.piste.gouv.fr/api/oauth/token");
  g_assert_cmpstr (local, ==, "http://127.0.0.1:8080/api/oauth/token");
  g_assert_cmpstr (prod_api, ==, "https://api.piste.gouv.fr/cpro/");
  g_assert_cmpstr (sandbox_api, ==, "https://sandbox-api.piste.gouv.fr/cpro/");
  g_assert_cmpstr (local_api, ==, "http://127.0.0.1:8080/cpro/");
  g_assert_null (none);
}

static void
test_request_bodies (void)
{
  ChorusInvoiceQuery query;
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(JsonObject) issued = NULL;
  g_autoptr(JsonObject) submit = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  JsonObject *paging;

  chorus_invoice_query_init (&query);
  query.status = CHORUS_STATUS_MISE_A_DISPOSITION;
  query.page = 3;
  query.page_size = 50;
  query.amount_ttc_min = 1050;
  query.deposit_from = "2026-01-01";
  received = chorus_client_build_received_query (&query);
  g_assert_cmpstr (json_object_get_string_member (received, "statutCourant"), ==,
                   "MISE_A_DISPOSITION");
  g_assert_cmpfloat (json_object_get_double_member (received, "montantTTCMin"), ==, 10.5);
  g_assert_false (json_object_has_member (received, "montantTTCMax"));
  g_assert_cmpstr (json_object_get_string_member (received, "periodeDateDepotDu"), ==,
                   "2026-01-01");
  paging = json_object_get_object_member (received, "paramRecherche");
  g_assert_cmpint (json_object_get_int_member (paging, "pageResultatDemandee"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (paging, "nbResultatsParPage"), ==, 50);

  issued = chorus_client_build_issued_query (&query);
  g_assert_true (json_object_has_member (issued, "rechercheFactureParFournisseur"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (issued, "statutCourant")));

  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_AVOIR);
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_main_attachment_id (invoice, 555);
  chorus_invoice_set_amount_to_pay (invoice, 12345);
  submit = chorus_client_build_submit_body (invoice);
  g_assert_cmpstr (json_object_get_string_member (submit, "modeDepot"), ==, "DEPOT_PDF_API");
  /* A credit note carries no payment mode. */
  g_assert_false (json_object_has_member (json_object_get_object_member (submit, "references"),
                                          "modePaiement"));
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (submit, "montantTotal"), "montantAPayer"),
                     ==, 123.45);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (submit, "pieceJointePrincipale")));
  g_assert_false (json_object_has_member (json_object_get_object_member (submit, "cadreDeFacturation"),
                                          "codeStructureValideur"));
  json_object_unref (submit);

  /* A subcontractor's invoice names the structure that validates it first. */
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A9);
  chorus_invoice_set_validator_code (invoice, "40814076343116");
  submit = chorus_client_build_submit_body (invoice);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (submit, "cadreDeFacturation"),
                                                  "codeCadreFacturation"), ==, "A9_FACTURE_SOUSTRAITANT");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (submit, "cadreDeFacturation"),
                                                  "codeStructureValideur"), ==, "40814076343116");
}

/* The validator's list names fields its own way (GO's FactureParValideur); its requests follow GO's
 * RechercherFactureParValideurOptions and TraiterFactureAValiderOptions. */
static void
test_validator (void)
{
  g_autoptr(JsonObject) response = parse (
    "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\","
    "\"parametresRetour\":{\"pageCourante\":2,\"pages\":3,\"nbResultatsParPage\":2,\"total\":5},"
    "\"listeFactures\":[{\"idFacture\":\"4242\",\"numeroFacture\":\"ST-9\",\"statut\":\"A_VALIDER_2\","
    "\"identifiantFournisseur\":\"44306184100047\",\"designationFournisseur\":\"Sous-traitant\","
    "\"identifiantDestinataire\":\"26440001100015\",\"designationDestinataire\":\"CHU\","
    "\"numeroEngagement\":\"EJ-77\",\"idValideur\":31,\"designationValideur\":\"Maître d'œuvre\","
    "\"montantTTC\":\"120.5\",\"dateDepot\":\"2026-03-02\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = chorus_decode_validator_page (response, &error);
  g_autoptr(JsonObject) query_body = NULL;
  g_autoptr(JsonObject) decision = NULL;
  ChorusInvoiceQuery query;
  ChorusInvoice *invoice;
  JsonArray *statuses;

  g_assert_no_error (error);
  g_assert_cmpuint (page->page, ==, 2);
  g_assert_cmpuint (page->pages, ==, 3);
  g_assert_cmpuint (page->invoices->len, ==, 1);
  invoice = g_ptr_array_index (page->invoices, 0);
  g_assert_cmpint (chorus_invoice_get_direction (invoice), ==, CHORUS_DIRECTION_TO_VALIDATE);
  g_assert_cmpint (chorus_invoice_get_id (invoice), ==, 4242);
  g_assert_cmpint (chorus_invoice_get_status (invoice), ==, CHORUS_STATUS_A_VALIDER_2);
  g_assert_cmpstr (chorus_invoice_get_supplier_code (invoice), ==, "44306184100047");
  g_assert_cmpstr (chorus_invoice_get_recipient_code (invoice), ==, "26440001100015");
  g_assert_cmpstr (chorus_invoice_get_engagement_number (invoice), ==, "EJ-77");
  g_assert_cmpint (chorus_invoice_get_validator_id (invoice), ==, 31);
  g_assert_cmpstr (chorus_invoice_get_validator_name (invoice), ==, "Maître d'œuvre");
  g_assert_cmpint (chorus_invoice_get_amount_ttc (invoice), ==, 12050);

  chorus_invoice_query_init (&query);
  query.status = CHORUS_STATUS_A_VALIDER_1;
  query.status_changed_from = "2026-01-01";
  query.validator_id = 31;
  query.page = 2;
  query_body = chorus_client_build_validator_query (&query);
  statuses = json_object_get_array_member (query_body, "statutCourant");
  g_assert_cmpuint (json_array_get_length (statuses), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (statuses, 0), ==, "A_VALIDER_1");
  g_assert_cmpint (json_object_get_int_member (query_body, "idStructureValideur"), ==, 31);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (query_body, "pagination"),
                                               "pageResultatDemandee"), ==, 2);
  /* Not a field of the validator's search. */
  g_assert_false (json_object_has_member (query_body, "periodeDateHeureEtatCourantDu"));
  g_assert_false (json_object_has_member (json_object_get_object_member (query_body, "pagination"), "triColonne"));

  decision = chorus_client_build_validate_body (4242, CHORUS_VALIDATION_REFUSE, "PIECE_MANQUANTE", "Il manque le PV",
                                                31);
  g_assert_cmpint (json_object_get_int_member (decision, "idFacture"), ==, 4242);
  g_assert_cmpstr (json_object_get_string_member (decision, "action"), ==, "REFUS");
  g_assert_cmpstr (json_object_get_string_member (decision, "motifRefus"), ==, "PIECE_MANQUANTE");
  g_assert_cmpstr (json_object_get_string_member (decision, "complementInfo"), ==, "Il manque le PV");
  g_assert_cmpint (json_object_get_int_member (decision, "idValideur"), ==, 31);
  g_assert_false (json_object_has_member (decision, "typeValideur"));
  g_clear_pointer (&decision, json_object_unref);
  decision = chorus_client_build_validate_body (4242, CHORUS_VALIDATION_VALIDATE, NULL, NULL, 0);
  g_assert_cmpuint (json_object_get_size (decision), ==, 2);

  for (guint a = 0; a < CHORUS_VALIDATION_LAST; a++)
    g_assert_cmpint (chorus_validation_action_from_api (chorus_validation_action_to_api (a)), ==, a);
  g_assert_cmpint (chorus_validation_action_from_api ("VALIDER"), ==, CHORUS_VALIDATION_LAST);
  g_assert_true (chorus_status_validation_needs_motif (CHORUS_VALIDATION_REJECT));
  g_assert_false (chorus_status_validation_needs_motif (CHORUS_VALIDATION_VALIDATE));
  g_assert_cmpint (chorus_validation_action_outcome (CHORUS_VALIDATION_VALIDATE, 2), ==, CHORUS_STATUS_VALIDEE_2);
  g_assert_cmpint (chorus_validation_action_outcome (CHORUS_VALIDATION_REFUSE, 1), ==, CHORUS_STATUS_REFUSEE_1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/json/liberal-types", test_json_liberal_types);
  g_test_add_func ("/client/json/amounts", test_json_amounts);
  g_test_add_func ("/client/json/booleans-and-lists", test_json_booleans_and_lists);
  g_test_add_func ("/client/json/parse-errors", test_json_parse_errors);
  g_test_add_func ("/client/json/dates", test_json_dates);
  g_test_add_func ("/client/decode/received-page", test_decode_received_page);
  g_test_add_func ("/client/decode/odd-items", test_decode_odd_items);
  g_test_add_func ("/client/decode/wrong-frames", test_decode_wrong_frames);
  g_test_add_func ("/client/decode/unknown-codes-kept", test_decode_unknown_codes_kept);
  g_test_add_func ("/client/decode/sub-lists", test_decode_sub_lists);
  g_test_add_func ("/client/decode/issued-page", test_decode_issued_page);
  g_test_add_func ("/client/decode/invoice-detail", test_decode_invoice_detail);
  g_test_add_func ("/client/decode/history-and-results", test_decode_history_and_results);
  g_test_add_func ("/client/decode/history-same-minute", test_decode_history_same_minute);
  g_test_add_func ("/client/decode/history-user-actions", test_decode_history_user_actions);
  g_test_add_func ("/client/decode/structures", test_decode_structures);
  g_test_add_func ("/client/decode/flow-report", test_decode_flow_report);
  g_test_add_func ("/client/decode/download", test_decode_download);
  g_test_add_func ("/client/decode/for-path", test_decode_for_path);
  g_test_add_func ("/client/errors/mapping", test_error_mapping);
  g_test_add_func ("/client/backoff/schedule", test_backoff_schedule);
  g_test_add_func ("/client/environment/urls", test_environment_urls);
  g_test_add_func ("/client/bodies", test_request_bodies);
  g_test_add_func ("/client/validator", test_validator);

  return g_test_run ();
}
