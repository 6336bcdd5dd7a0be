/* test-journal.c: the API journal: redaction of secrets and files, bounds, filters, the text for the
 * support, and a real exchange with the simulator that leaves no secret in the journal's files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "chorus-client-private.h"
#include "chorus-journal.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"

static char *
redact (const char *json)
{
  g_autoptr(ChorusJsonFilter) filter = chorus_journal_body_filter_new ();
  const char *secrets[] = { "S3cret-client-value", NULL };

  g_assert_true (chorus_json_filter_feed (filter, json, strlen (json), NULL));
  g_assert_true (chorus_json_filter_finish (filter, NULL));
  return chorus_journal_body_text (filter, strlen (json), secrets);
}

static void
test_redact_json (void)
{
  g_autofree char *pdf = g_base64_encode ((const guchar *) "%PDF-1.7 a whole invoice in here", 32);
  g_autofree char *body = g_strdup_printf (
      "{\"access_token\":\"tok-9f8e7d\",\"token_type\":\"Bearer\","
      "\"nested\":{\"client_secret\":\"abc\",\"password\":\"Pa55\",\"note\":\"S3cret-client-value inside\"},"
      "\"fichierFlux\":\"%s\",\"nomFichier\":\"facture.pdf\","
      "\"listeDesPiecesJointes\":{\"pieceJointe\":[{\"pieceJointeId\":12,\"pieceJointeDesignation\":\"Devis\"}]},"
      "\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\"}", pdf);
  g_autofree char *text = redact (body);
  g_autoptr(ChorusJsonFilter) filter = chorus_journal_body_filter_new ();
  gint64 code = -1;

  g_assert_null (strstr (text, "tok-9f8e7d"));
  g_assert_null (strstr (text, "\"abc\""));
  g_assert_null (strstr (text, "Pa55"));
  g_assert_null (strstr (text, "S3cret-client-value"));
  g_assert_null (strstr (text, pdf));
  /* What stays readable: the shape, the names, the file's size and first bytes. */
  g_assert_nonnull (strstr (text, "\"token_type\":\"Bearer\""));
  g_assert_nonnull (strstr (text, "\"nomFichier\":\"facture.pdf\""));
  g_assert_nonnull (strstr (text, "32"));
  g_assert_nonnull (strstr (text, "%PDF-1.7"));
  /* A member named like a file but holding metadata is kept. */
  g_assert_nonnull (strstr (text, "\"pieceJointeDesignation\":\"Devis\""));

  g_assert_true (chorus_json_filter_feed (filter, body, strlen (body), NULL));
  g_assert_true (chorus_json_filter_get_code (filter, &code));
  g_assert_cmpint (code, ==, 0);
  g_assert_cmpstr (chorus_json_filter_get_libelle (filter), ==, "TRA_MSG_00.000");
}

static void
test_redact_cut_and_odd (void)
{
  g_autoptr(GString) big = g_string_new ("{\"listeFactures\":[");
  g_autofree char *text = NULL;
  g_autofree char *odd = NULL;
  g_autoptr(ChorusJsonFilter) filter = chorus_journal_body_filter_new ();
  const char *chunks[] = { "{\"codeRet", "our\":\"20", "000\",\"libelle\":\"Aucun r\\u00e9sultat\"}" };
  gint64 code = 0;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (big, "%s{\"idFacture\":%u,\"numeroFacture\":\"F-%u\"}", i ? "," : "", i, i);
  g_string_append (big, "],\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\"}");
  text = redact (big->str);
  g_assert_cmpuint (strlen (text), <, CHORUS_JOURNAL_BODY_MAX + 200);
  g_assert_nonnull (strstr (text, "…"));

  /* Not JSON at all (a proxy's page): kept as text, cut, valid UTF-8. */
  odd = redact ("<html><body>Erreur \xff\xfe du proxy</body></html>");
  g_assert_true (g_utf8_validate (odd, -1, NULL));
  g_assert_nonnull (strstr (odd, "du proxy"));

  /* Any chunking reads the same; codeRetour as a numeric string, libelle unescaped. */
  for (gsize i = 0; i < G_N_ELEMENTS (chunks); i++)
    g_assert_true (chorus_json_filter_feed (filter, chunks[i], strlen (chunks[i]), NULL));
  g_assert_true (chorus_json_filter_finish (filter, NULL));
  g_assert_true (chorus_json_filter_get_code (filter, &code));
  g_assert_cmpint (code, ==, 20000);
  g_assert_cmpstr (chorus_json_filter_get_libelle (filter), ==, "Aucun résultat");
}

static void
test_redact_form (void)
{
  const char *form = "grant_type=client_credentials&client_id=app&client_secret=S3cret%2Bx&scope=openid";
  g_autofree char *text = chorus_journal_redact_form (form, strlen (form), NULL);

  g_assert_null (strstr (text, "S3cret"));
  g_assert_nonnull (strstr (text, "grant_type=client_credentials"));
  g_assert_nonnull (strstr (text, "client_id=app"));
  g_assert_nonnull (strstr (text, "scope=openid"));
}

static ChorusJournal *
open_journal (const char *dir)
{
  g_autoptr(GError) error = NULL;
  ChorusJournal *journal = chorus_journal_open (dir, &error);

  g_assert_no_error (error);
  return journal;
}

static void
add_entry (ChorusJournal *journal, const char *operation, guint status, gint64 code, const char *body)
{
  ChorusClientExchange exchange = {
    .time = g_get_real_time (), .method = "POST", .operation = operation, .http_status = status,
    .has_code = TRUE, .code = code, .libelle = code ? "Facture introuvable" : "TRA_MSG_00.000",
    .duration_ms = 12, .request = "{}", .response = body,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (chorus_journal_add (journal, &exchange, &error));
  g_assert_no_error (error);
}

static void
test_bounds_and_filters (void)
{
  g_autofree char *dir = g_dir_make_tmp ("chorus-journal-XXXXXX", NULL);
  g_autoptr(ChorusJournal) journal = open_journal (dir);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *large = g_strnfill (60 * 1024, 'x');
  g_autoptr(GError) error = NULL;
  GStatBuf info;
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);

  for (guint i = 0; i < 1100; i++)
    add_entry (journal, i % 10 == 0 ? "factures/v1/traiter/recue" : "factures/v1/rechercher/recipiendaire",
               i % 100 == 7 ? 503 : 200, i % 10 == 0 ? 20001 : 0, i == 1099 ? "{\"numeroFacture\":\"F-LAST\"}" : "{}");
  g_assert_cmpuint (chorus_journal_count (journal), ==, CHORUS_JOURNAL_MAX_ENTRIES);

  all = chorus_journal_list (journal, FALSE, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1000);
  /* Newest first. */
  g_assert_cmpint (((ChorusJournalEntry *) g_ptr_array_index (all, 0))->id, >,
                   ((ChorusJournalEntry *) g_ptr_array_index (all, 1))->id);
  errors = chorus_journal_list (journal, TRUE, NULL, 0, FALSE, &error);
  g_assert_cmpuint (errors->len, ==, 100 + 10);
  for (guint i = 0; i < errors->len; i++)
    g_assert_true (chorus_journal_entry_is_error (g_ptr_array_index (errors, i)));
  found = chorus_journal_list (journal, FALSE, "F-LAST", 0, TRUE, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((ChorusJournalEntry *) g_ptr_array_index (found, 0))->response, ==, "{\"numeroFacture\":\"F-LAST\"}");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = chorus_journal_list (journal, FALSE, "20001", 0, FALSE, &error);
  g_assert_cmpuint (found->len, ==, 100);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* LIKE's own characters are searched as text. */
  found = chorus_journal_list (journal, FALSE, "%", 0, FALSE, &error);
  g_assert_cmpuint (found->len, ==, 0);

  /* 20 MB at most, whatever the count: 400 answers of 60 kB keep about 340. */
  for (guint i = 0; i < 400; i++)
    add_entry (journal, "factures/v1/consulter/recipiendaire", 200, 0, large);
  g_assert_cmpuint (chorus_journal_count (journal), <, 400);
  g_assert_cmpuint (chorus_journal_count (journal) * (60 * 1024), <=, CHORUS_JOURNAL_MAX_BYTES + 60 * 1024);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  /* Kept across a restart. */
  g_clear_object (&journal);
  journal = open_journal (dir);
  g_assert_cmpuint (chorus_journal_count (journal), >, 300);
  g_assert_true (chorus_journal_clear (journal, &error));
  g_assert_cmpuint (chorus_journal_count (journal), ==, 0);
  g_clear_object (&journal);
  chorus_test_remove_dir (dir);
}

/* Every byte of every file of the journal (the database, its WAL and shared memory). */
static GString *
journal_bytes (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GString *all = g_string_new (NULL);
  const char *name;

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_prefix (name, "journal.db"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *data = NULL;
        gsize length = 0;

        g_assert_true (g_file_get_contents (path, &data, &length, NULL));
        g_string_append_len (all, data, (gssize) length);
      }
  return all;
}

static void
assert_absent (GString *haystack, const char *needle, const char *what)
{
  gsize length = strlen (needle);

  g_assert_cmpuint (length, >, 0);
  for (gsize i = 0; i + length <= haystack->len; i++)
    if (memcmp (haystack->str + i, needle, length) == 0)
      g_error ("%s found in the journal", what);
}

static void
test_no_secret_from_simulator (void)
{
  g_autoptr(ChorusSim) sim = chorus_test_sim_start (17, 30);
  g_autoptr(ChorusClient) client = chorus_test_sim_client (sim);
  g_autofree char *dir = g_dir_make_tmp ("chorus-journal-sim-XXXXXX", NULL);
  g_autoptr(ChorusJournal) journal = open_journal (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;
  g_autoptr(ChorusActionResult) flow = NULL, upload = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GString) stored = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *token = NULL, *account = NULL, *file_base64 = NULL, *support = NULL;
  g_autofree char *pair = g_strconcat (CHORUS_SIM_TECH_LOGIN, ":", CHORUS_SIM_TECH_PASSWORD, NULL);
  g_autofree guchar *file = NULL;
  gsize file_size = 4000;
  ChorusInvoiceQuery query;
  gint64 id;

  /* A file whose base64 no summary could contain: random bytes after a PDF header. */
  file = g_malloc (file_size);
  for (gsize i = 0; i < file_size; i++)
    file[i] = (guchar) g_random_int ();
  memcpy (file, "%PDF-1.4\n", 9);
  file_base64 = g_base64_encode (file, file_size);
  pdf = g_bytes_new (file, file_size);
  account = g_base64_encode ((const guchar *) pair, strlen (pair));

  chorus_journal_attach (journal, client);
  g_assert_true (chorus_client_check_token_sync (client, NULL, &error));
  g_assert_no_error (error);
  chorus_invoice_query_init (&query);
  page = chorus_client_search_received_sync (client, &query, NULL, &error);
  g_assert_no_error (error);
  id = chorus_invoice_get_id (g_ptr_array_index (page->invoices, 0));
  {
    g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (client, id, NULL, &error);
    g_autoptr(GBytes) downloaded = chorus_client_download_sync (client, &id, 1, CHORUS_DOWNLOAD_PDF, FALSE,
                                                                NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (history);
    g_assert_nonnull (downloaded);
  }
  flow = chorus_client_deposit_flow_sync (client, pdf, "facture.pdf", "IN_DP_E2_CII_FACTURX", NULL, &error);
  g_assert_no_error (error);
  upload = chorus_client_deposit_pdf_sync (client, pdf, "facture.pdf", NULL, &error);
  g_assert_no_error (error);
  token = _chorus_client_dup_access_token (client);
  g_assert_nonnull (token);

  /* Everything was recorded, the token request included... */
  entries = chorus_journal_list (journal, FALSE, NULL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >=, 6);
  g_assert_cmpstr (((ChorusJournalEntry *) g_ptr_array_index (entries, entries->len - 1))->operation, ==,
                   "oauth/token");
  g_assert_cmpstr (((ChorusJournalEntry *) g_ptr_array_index (entries, 0))->operation, ==,
                   "factures/v1/deposer/pdf");
  g_assert_nonnull (strstr (((ChorusJournalEntry *) g_ptr_array_index (entries, 0))->request, "%PDF-1.4"));

  /* ... and none of it is secret, in any file of the journal. */
  stored = journal_bytes (dir);
  g_assert_cmpuint (stored->len, >, 0);
  assert_absent (stored, CHORUS_SIM_CLIENT_SECRET, "the client secret");
  assert_absent (stored, CHORUS_SIM_TECH_PASSWORD, "the technical account's password");
  assert_absent (stored, account, "the cpro-account header");
  assert_absent (stored, token, "the bearer token");
  assert_absent (stored, file_base64, "the file's base64");
  /* Not even a part of it. */
  {
    g_autofree char *middle = g_strndup (file_base64 + 1000, 40);

    assert_absent (stored, middle, "a piece of the file's base64");
  }

  support = chorus_journal_format_for_support (entries, PACKAGE_VERSION, "Démo");
  g_assert_nonnull (strstr (support, PACKAGE_VERSION));
  g_assert_nonnull (strstr (support, "factures/v1/deposer/flux"));
  g_assert_null (strstr (support, CHORUS_SIM_CLIENT_SECRET));
  g_assert_null (strstr (support, CHORUS_SIM_TECH_PASSWORD));
  g_assert_null (strstr (support, token));
  g_assert_null (strstr (support, file_base64));

  g_clear_object (&client);
  chorus_sim_stop (sim);
  g_clear_object (&journal);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/journal/redact-json", test_redact_json);
  g_test_add_func ("/journal/redact-cut-and-odd", test_redact_cut_and_odd);
  g_test_add_func ("/journal/redact-form", test_redact_form);
  g_test_add_func ("/journal/bounds-and-filters", test_bounds_and_filters);
  g_test_add_func ("/journal/no-secret-from-simulator", test_no_secret_from_simulator);
  return g_test_run ();
}
