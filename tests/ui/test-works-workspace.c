/* test-works-workspace.c: every works step of the seeds driven through real widgets against the simulator, in French:
 * each role's first piece and certificate, the Synthèse and the search, taking into account by the next piece,
 * suspension answered with a document, refusal for a routing error, recycling, the piece's PDF downloaded, the
 * Synthèse's options and its export; "Nouveau dépôt" after a deposit; the text of a piece refused for another reason;
 * a suspension taken offline, sent once when Chorus Pro is back. Screenshots go to the test output. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-sync-works.h"
#include "chorus-test-sim.h"
#include "chorus-test-ui.h"
#include "chorus-works-deposit-form.h"
#include "chorus-works-piece-view.h"
#include "chorus-works-workspace-private.h"

typedef struct {
  ChorusSim            *sim;
  ChorusClient         *client;
  ChorusStore          *store;
  ChorusSync           *sync;
  ChorusSession        *session;
  char                 *dir;
  char                 *pdf;
  char                 *document;
  GtkWindow            *window;
  ChorusWorksWorkspace *workspace;
  gint64                piece;
} Fixture;

/* --- waiting and finding ------------------------------------------------------------------------ */

static gboolean
list_ready (gpointer data)
{
  Fixture *f = data;

  return !chorus_works_workspace_get_busy (f->workspace) && chorus_works_workspace_get_n_pieces (f->workspace) > 0;
}

static gboolean
idle (gpointer data)
{
  Fixture *f = data;

  return !chorus_works_workspace_get_busy (f->workspace);
}

static gboolean
outbox_drained (gpointer data)
{
  Fixture *f = data;

  return chorus_store_count_open_actions (f->store) == 0 && !chorus_works_workspace_get_busy (f->workspace);
}

static gpointer
child (gpointer widget, GType type, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

/* A widget of the search form, inside the workspace. */
static gpointer
criterion (Fixture *f, const char *id)
{
  GtkWidget *found = chorus_test_template_child (GTK_WIDGET (f->workspace), id);

  g_assert_nonnull (found);
  return found;
}

static ChorusWorksPieceView *
piece_view (Fixture *f)
{
  return child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "piece_view");
}

static ChorusWorksDepositForm *
deposit_form (Fixture *f)
{
  return child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "deposit_form");
}

static gboolean
piece_shown (gpointer data)
{
  Fixture *f = data;
  const ChorusWorksPiece *piece = chorus_works_piece_view_get_piece (piece_view (f));

  return !chorus_works_workspace_get_busy (f->workspace) && piece != NULL && piece->id == f->piece &&
         g_strcmp0 (chorus_works_workspace_get_page (f->workspace), "piece") == 0;
}

static gboolean
certificate_shown (gpointer data)
{
  Fixture *f = data;

  return chorus_store_count_open_actions (f->store) == 0 &&
         g_strcmp0 (chorus_works_deposit_form_get_page (deposit_form (f)), "certificate") == 0 &&
         gtk_widget_get_visible (child (deposit_form (f), CHORUS_TYPE_WORKS_DEPOSIT_FORM, "certificate_buttons"));
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
button (GtkWidget *root, const char *name)
{
  GtkWidget *found = find_named (root, name);

  if (found == NULL)
    g_error ("no widget named %s", name);
  return found;
}

static void
click (GtkWidget *root, const char *name)
{
  GtkWidget *widget = button (root, name);

  g_assert_true (gtk_widget_is_sensitive (widget));
  if (GTK_IS_BUTTON (widget))
    g_signal_emit_by_name (widget, "clicked");
  else
    gtk_widget_activate (widget);
}

/* The message dialog on show, answered with @response. */
static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog = NULL;

  for (guint attempt = 0; dialog == NULL && attempt < 50; attempt++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            dialog = ADW_MESSAGE_DIALOG (window);
        }
      if (dialog == NULL)
        chorus_test_settle (20);
    }
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
type_into (gpointer row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
shoot (Fixture *f, const char *name)
{
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), name));
}

/* The first listed piece of @cadre in @status without anything pending; its id, 0 when none. */
static gint64
find_listed (Fixture *f, ChorusCadre cadre, ChorusStatus status)
{
  for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
    {
      const ChorusWorksPiece *piece = chorus_works_workspace_get_piece (f->workspace, i);

      if (piece->cadre == cadre && piece->status == status)
        return piece->id;
    }
  return 0;
}

static void
use_role (Fixture *f, ChorusRole role)
{
  gtk_widget_activate_action (GTK_WIDGET (f->workspace), "works.back", NULL);
  chorus_works_workspace_set_role (f->workspace, role);
  g_assert_cmpint (chorus_works_workspace_get_role (f->workspace), ==, role);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
}

static void
open_piece (Fixture *f, gint64 id)
{
  g_assert_cmpint (id, !=, 0);
  f->piece = id;
  chorus_works_workspace_open_piece (f->workspace, id);
  g_assert_true (chorus_test_wait_until (piece_shown, f, 20000));
}

typedef struct {
  Fixture      *f;
  ChorusStatus  status;
} Expect;

static gboolean
shown_in_status (gpointer data)
{
  Expect *expect = data;
  const ChorusWorksPiece *piece = chorus_works_piece_view_get_piece (piece_view (expect->f));

  return outbox_drained (expect->f) && piece_shown (expect->f) && piece != NULL && piece->status == expect->status;
}

/* The shown piece once the outbox sent the action and the billing file came back in @status. */
static const ChorusWorksPiece *
after_outbox (Fixture *f, ChorusStatus status)
{
  Expect expect = { f, status };

  if (!chorus_test_wait_until (shown_in_status, &expect, 30000))
    g_error ("the piece did not reach %s: %s (last toast: %s)", chorus_status_to_api (status),
             chorus_works_piece_view_get_piece (piece_view (f))->status_code,
             chorus_works_piece_view_get_last_toast (piece_view (f)));
  return chorus_works_piece_view_get_piece (piece_view (f));
}

/* --- fixture ------------------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->sim = chorus_test_sim_start (4242, 400);
  f->client = chorus_test_sim_client (f->sim);
  f->dir = g_dir_make_tmp ("chorus-works-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->pdf = g_build_filename (f->dir, "etat-acompte.pdf", NULL);
  f->document = g_build_filename (f->dir, "situation-travaux-lot-02.pdf", NULL);
  chorus_test_write_tiny_pdf (f->pdf);
  chorus_test_write_tiny_pdf (f->document);
  f->store = chorus_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->sync = chorus_sync_new (f->client, f->store);
  f->session = chorus_session_new_from_parts (NULL, f->client, f->store, f->sync);

  /* Screenshots of settled pages, not of cross-fades. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1024, 700);
  f->workspace = CHORUS_WORKS_WORKSPACE (chorus_works_workspace_new ());
  /* The outcomes show as toasts, as in the window. */
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->workspace));
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  g_object_set (f->workspace, "session", f->session, NULL);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  chorus_test_settle (50);
  g_clear_object (&f->session);
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
  chorus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->pdf);
  g_free (f->document);
}

/* --- the steps ------------------------------------------------------------------------------------ */

/* Fills the form's references and amounts; the parties come from the account's structures. */
static void
fill_form (Fixture *f, const char *number)
{
  ChorusWorksDepositForm *form = deposit_form (f);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");

  chorus_works_deposit_form_set_file (form, f->pdf);
  type_into (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "number_row"), number);
  type_into (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "date_row"), today);
  type_into (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "ht_row"), "48 500,00");
  type_into (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "vat_row"), "9 700,00");
  type_into (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "ttc_row"), "58 200,00");
  type_into (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "to_pay_row"), "58 200,00");
}

static GStrv
cadres_offered (Fixture *f)
{
  GListModel *model = child (deposit_form (f), CHORUS_TYPE_WORKS_DEPOSIT_FORM, "cadre_model");
  GStrv codes = g_new0 (char *, g_list_model_get_n_items (model) + 1);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *text = gtk_string_object_get_string (item);

      codes[i] = g_strndup (text, strcspn (text, " "));
    }
  return codes;
}

/* A first piece by @role, each the seed's cadres for it, sent through the outbox to its certificate. */
static void
deposit_to_certificate (Fixture *f, ChorusRole role, const char *const *expected, guint pick, const char *number,
                        const char *shot)
{
  ChorusWorksDepositForm *form = deposit_form (f);
  g_auto(GStrv) offered = NULL;
  g_autofree char *certificate = g_build_filename (f->dir, "certificat.pdf", NULL);
  g_autofree char *shot_form = g_strconcat (shot, "-form", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  use_role (f, role);
  click (GTK_WIDGET (f->workspace), "deposit");
  g_assert_cmpstr (chorus_works_workspace_get_page (f->workspace), ==, "deposit");
  offered = cadres_offered (f);
  g_assert_cmpstrv (offered, expected);

  /* Nothing filled: the problems are said, in French, and nothing is sent. */
  click (GTK_WIDGET (form), "send-deposit");
  g_assert_true (gtk_widget_get_visible (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "problems_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "problems_label")),
                            "PDF"));
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);

  adw_combo_row_set_selected (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "cadre_row"), pick);
  fill_form (f, number);
  shoot (f, shot_form);
  click (GTK_WIDGET (form), "send-deposit");
  answer_dialog ("send");
  g_assert_cmpstr (chorus_works_deposit_form_get_page (form), ==, "certificate");
  g_assert_true (chorus_test_wait_until (certificate_shown, f, 30000));
  shoot (f, shot);

  /* "Exporter le certificat de dépôt". */
  g_assert_true (chorus_works_deposit_form_export_certificate (form, certificate, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (certificate, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
}

/* …and its billing file: the piece, made available to its receiver. */
static void
initial_deposit (Fixture *f, ChorusRole role, const char *const *expected, guint pick, const char *number,
                 const char *shot)
{
  ChorusWorksDepositForm *form = deposit_form (f);
  const ChorusWorksPiece *deposited;

  deposit_to_certificate (f, role, expected, pick, number, shot);
  /* "Dossier de facturation". */
  f->piece = 0;
  click (GTK_WIDGET (form), "show-dossier");
  g_assert_true (chorus_test_wait_until (idle, f, 20000));
  deposited = chorus_works_piece_view_get_piece (piece_view (f));
  g_assert_nonnull (deposited);
  g_assert_cmpstr (deposited->number, ==, number);
  g_assert_cmpint (deposited->cadre, ==, chorus_cadre_from_api (chorus_cadre_to_api (deposited->cadre)));
  g_assert_cmpint (deposited->status, ==, chorus_works_status_after_deposit (deposited->cadre));
}

static void
test_initial_deposits (Fixture *f, gconstpointer data)
{
  const char *supplier[] = { "A4", "A5", "A6", "A7", "A8", "A10", "A13", "A14", "A22", NULL };
  const char *moe[] = { "A15", "A16", "A17", "A18", "A24", NULL };
  const char *moa[] = { "A19", "A20", NULL };

  initial_deposit (f, CHORUS_ROLE_FOURNISSEUR, supplier, 0, "PDM-UI-01", "works-initial-supplier");
  initial_deposit (f, CHORUS_ROLE_MOE, moe, 0, "EA-UI-01", "works-initial-moe");
  initial_deposit (f, CHORUS_ROLE_MOA, moa, 0, "EAV-UI-01", "works-initial-moa");
}

/* The Synthèse: the portal's columns, only what waits for the role (and its refused pieces), every page. */
static void
test_synthese_and_search (Fixture *f, gconstpointer data)
{
  static const char *const titles[] = {
    "Numéro", "N° de marché", "Montant HT", "Destinataire", "Fournisseur", "Maîtrise d'œuvre", "Maîtrise d'ouvrage",
    "Date de dépôt", "État courant", "Date de l'état", "N° d'engagement", "Action possible",
  };
  GtkColumnView *view = child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "column_view");
  GListModel *view_columns = gtk_column_view_get_columns (view);
  GtkDropDown *type = criterion (f, "type_dropdown");
  guint synthese;

  use_role (f, CHORUS_ROLE_MOE);
  g_assert_cmpuint (g_list_model_get_n_items (view_columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }
  synthese = chorus_works_workspace_get_n_pieces (f->workspace);
  for (guint i = 0; i < synthese; i++)
    {
      const ChorusWorksPiece *piece = chorus_works_workspace_get_piece (f->workspace, i);

      /* What waits for the MOE, or its own pieces refused for a routing error (as on the portal). */
      g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOE, piece->cadre, piece->status) ||
                     (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_REFUSE, piece->status) &&
                      chorus_works_cadre_depositor (piece->cadre) == CHORUS_ROLE_MOE));
    }
  shoot (f, "works-synthese-1024x700");
  gtk_window_set_default_size (f->window, 1600, 1000);
  shoot (f, "works-synthese-full");
  gtk_window_set_default_size (f->window, 1024, 700);

  /* The search: every piece of the role, then one type only. */
  click (GTK_WIDGET (f->workspace), "search");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), >, synthese);
  gtk_drop_down_set_selected (type, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL);
  click (GTK_WIDGET (f->workspace), "run-search");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
    g_assert_cmpint (chorus_works_workspace_get_piece (f->workspace, i)->type, ==,
                     CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL);
  g_assert_true (gtk_revealer_get_reveal_child (child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "search_revealer")));
  shoot (f, "works-search");

  /* By recipient: its SIRET, looked up in Chorus Pro. */
  {
    g_autofree char *siret = g_strdup (chorus_works_workspace_get_piece (f->workspace, 0)->recipient.identifier);
    AdwStatusPage *empty = child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "empty_page");

    g_assert_nonnull (siret);
    gtk_widget_activate_action (GTK_WIDGET (f->workspace), "works.reset-search", NULL);
    g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
    type_into (criterion (f, "recipient_entry"), "123");
    click (GTK_WIDGET (f->workspace), "run-search");
    /* Not searched: the toast says why. */
    g_assert_nonnull (chorus_works_workspace_get_last_toast (f->workspace));
    g_assert_nonnull (strstr (chorus_works_workspace_get_last_toast (f->workspace), "« 123 » n’est pas un SIRET"));
    /* The hospital receives no works piece: nothing found, and no error. */
    type_into (criterion (f, "recipient_entry"), chorus_sim_get_recipient_siret (f->sim));
    click (GTK_WIDGET (f->workspace), "run-search");
    g_assert_true (chorus_test_wait_until (idle, f, 20000));
    g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, 0);
    g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Aucune pièce");
    shoot (f, "works-search-nothing-found");
    type_into (criterion (f, "recipient_entry"), siret);
    click (GTK_WIDGET (f->workspace), "run-search");
    g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
    for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
      g_assert_cmpstr (chorus_works_workspace_get_piece (f->workspace, i)->recipient.identifier, ==, siret);
    shoot (f, "works-search-by-recipient");
  }
}

/* Searches with the service at @position of the service choice; the number of pieces found, each
 * checked to be of that service (the code before " – " in its label). */
static guint
search_with_service (Fixture *f, guint position)
{
  GtkDropDown *services = criterion (f, "service_dropdown");
  const char *label = gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (services)), position);
  g_autofree char *code = g_strndup (label, strstr (label, " – ") - label);
  guint n;

  gtk_drop_down_set_selected (services, position);
  click (GTK_WIDGET (f->workspace), "run-search");
  g_assert_true (chorus_test_wait_until (idle, f, 20000));
  n = chorus_works_workspace_get_n_pieces (f->workspace);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (chorus_works_workspace_get_piece (f->workspace, i)->recipient.service_code, ==, code);
  return n;
}

static gboolean
services_offered (gpointer data)
{
  Fixture *f = data;
  GtkDropDown *services = criterion (f, "service_dropdown");

  return idle (f) && g_list_model_get_n_items (gtk_drop_down_get_model (services)) > 1;
}

/* The recipient's service (idServiceExecutant): as contracting authority, the services of its own
 * structure (kept with the account's structures); with a recipient's SIRET typed, that recipient's,
 * read from the directory. Choosing one narrows the list to its pieces; "Tous les services" brings
 * them all back. */
static void
test_search_by_service (Fixture *f, gconstpointer data)
{
  GtkDropDown *services = criterion (f, "service_dropdown");
  GListModel *labels = gtk_drop_down_get_model (services);
  g_autofree char *siret = NULL;
  guint all, n_services, found = 0;

  use_role (f, CHORUS_ROLE_MOA);
  click (GTK_WIDGET (f->workspace), "search");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  all = chorus_works_workspace_get_n_pieces (f->workspace);
  siret = g_strdup (chorus_works_workspace_get_piece (f->workspace, 0)->recipient.identifier);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (services)));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "Tous les services");
  n_services = g_list_model_get_n_items (labels) - 1;
  g_assert_cmpuint (n_services, >, 1);
  for (guint k = 1; k <= n_services; k++)
    {
      guint n = search_with_service (f, k);

      g_assert_cmpuint (n, <, all);
      found += n;
      if (k == 1)
        {
          const ChorusWorksPiece *first = chorus_works_workspace_get_piece (f->workspace, 0);
          g_autofree char *service = NULL;

          g_assert_cmpuint (n, >, 0);
          shoot (f, "works-search-by-service");
          /* The piece names the service it was found by. */
          g_assert_nonnull (first->recipient.service_code);
          service = g_strdup_printf (", service %s", first->recipient.service_code);
          open_piece (f, first->id);
          g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (piece_view (f), CHORUS_TYPE_WORKS_PIECE_VIEW,
                                                                        "parties_row")),
                                    service));
          gtk_widget_activate_action (GTK_WIDGET (f->workspace), "works.back", NULL);
        }
    }
  /* Some pieces name no service: the services together hold fewer than all. */
  g_assert_cmpuint (found, >, 0);
  g_assert_cmpuint (found, <, all);
  gtk_drop_down_set_selected (services, 0);
  click (GTK_WIDGET (f->workspace), "run-search");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, all);

  /* The recipient by its SIRET: its services come from the directory. */
  g_assert_nonnull (siret);
  type_into (criterion (f, "recipient_entry"), "123");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (services)));
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 1);
  type_into (criterion (f, "recipient_entry"), siret);
  g_assert_true (chorus_test_wait_until (services_offered, f, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (labels) - 1, ==, n_services);
  g_assert_cmpuint (search_with_service (f, n_services), >, 0);
  for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
    g_assert_cmpstr (chorus_works_workspace_get_piece (f->workspace, i)->recipient.identifier, ==, siret);
  shoot (f, "works-search-by-recipient-service");
  gtk_widget_activate_action (GTK_WIDGET (f->workspace), "works.reset-search", NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (services), ==, 0);
}

/* Seed 002, "Cliquez sur le numéro pour accéder au détail de la pièce": a click on a row of the
 * Synthèse opens that piece, in its billing file, with the CCAG's 30-day payment time counted from
 * the moment the payment request reached the MOE. */
static void
test_click_opens_piece_with_clock (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "column_view");
  GtkLabel *clock = child (piece_view (f), CHORUS_TYPE_WORKS_PIECE_VIEW, "clock_label");
  g_autoptr(ChorusWorksPage) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *start_text = NULL;
  const ChorusWorksPiece *row;

  use_role (f, CHORUS_ROLE_MOE);
  row = chorus_works_workspace_get_piece (f->workspace, 0);
  g_assert_nonnull (row);
  f->piece = row->id;
  g_assert_true (gtk_column_view_get_single_click_activate (view));
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_true (chorus_test_wait_until (piece_shown, f, 20000));
  g_assert_cmpint (chorus_works_piece_view_get_piece (piece_view (f))->id, ==, f->piece);

  /* The MOE holds a payment request: the clock runs from the day it reached the MOE. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (clock)));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (clock), "Délai de paiement"));
  g_assert_nonnull (strstr (gtk_label_get_label (clock), " 30 "));
  /* The day it started, read from the billing file as Chorus Pro gives it. */
  dossier = chorus_client_works_dossier_sync (f->client, f->piece, NULL, &error);
  g_assert_no_error (error);
  start = chorus_works_clock_start (dossier->pieces);
  start_text = chorus_date_format (start);
  g_assert_nonnull (strstr (gtk_label_get_label (clock), start_text));
  shoot (f, "works-synthese-click-opens-piece");
}

/* The MOE takes the supplier's projet de décompte mensuel into account by depositing its état d'acompte. */
static void
test_take_into_account (Fixture *f, gconstpointer data)
{
  ChorusWorksDepositForm *form = deposit_form (f);
  g_auto(GStrv) offered = NULL;
  const char *only_a15[] = { "A15", NULL };
  const ChorusWorksPiece *piece;
  gint64 a4;

  use_role (f, CHORUS_ROLE_MOE);
  a4 = find_listed (f, CHORUS_CADRE_A4, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  open_piece (f, a4);
  shoot (f, "works-piece-moe");
  /* The MOE may take it into account, suspend it or refuse it; not complete it. */
  g_assert_true (gtk_widget_is_sensitive (button (GTK_WIDGET (piece_view (f)), "action-associate")));
  g_assert_true (gtk_widget_is_sensitive (button (GTK_WIDGET (piece_view (f)), "action-suspend")));
  g_assert_true (gtk_widget_is_sensitive (button (GTK_WIDGET (piece_view (f)), "action-refuse")));
  g_assert_false (gtk_widget_is_sensitive (button (GTK_WIDGET (piece_view (f)), "action-complete-moe")));
  click (GTK_WIDGET (piece_view (f)), "action-associate");
  g_assert_cmpstr (chorus_works_workspace_get_page (f->workspace), ==, "deposit");
  offered = cadres_offered (f);
  g_assert_cmpstrv (offered, only_a15);
  fill_form (f, "EA-UI-02");
  shoot (f, "works-associate-form");
  click (GTK_WIDGET (form), "send-deposit");
  answer_dialog ("send");
  g_assert_true (chorus_test_wait_until (certificate_shown, f, 30000));
  click (GTK_WIDGET (form), "show-dossier");
  g_assert_true (chorus_test_wait_until (idle, f, 20000));
  piece = chorus_works_piece_view_get_piece (piece_view (f));
  g_assert_cmpint (piece->cadre, ==, CHORUS_CADRE_A15);
  g_assert_cmpint (piece->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOA);
  g_assert_cmpint (piece->previous_id, ==, a4);
  shoot (f, "works-associated-chain");
}

/* The MOE suspends a piece for missing documents; the supplier answers with one. */
static void
test_suspend_and_complete (Fixture *f, gconstpointer data)
{
  ChorusWorksPieceView *view = piece_view (f);
  const ChorusWorksPiece *piece;
  gint64 a4;

  use_role (f, CHORUS_ROLE_MOE);
  a4 = find_listed (f, CHORUS_CADRE_A4, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  open_piece (f, a4);
  /* Without a reason: said at once, nothing queued. */
  click (GTK_WIDGET (view), "action-suspend");
  g_assert_nonnull (chorus_works_piece_view_get_last_toast (view));
  g_assert_cmpstr (chorus_works_piece_view_get_last_toast (view), !=, "");
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  type_into (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "comment_row"), "Il manque la situation de travaux du lot 02");
  click (GTK_WIDGET (view), "action-suspend");
  piece = after_outbox (f, CHORUS_STATUS_SUSPENDUE);
  g_assert_cmpstr (piece->status_comment, ==, "Il manque la situation de travaux du lot 02");
  shoot (f, "works-suspended");

  use_role (f, CHORUS_ROLE_FOURNISSEUR);
  open_piece (f, a4);
  g_assert_true (gtk_widget_get_visible (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "motif_row")));
  g_assert_true (gtk_widget_is_sensitive (button (GTK_WIDGET (view), "action-complete")));
  chorus_works_piece_view_add_file (view, f->document);
  type_into (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "comment_row"), "Situation de travaux jointe");
  shoot (f, "works-complete-with-document");
  click (GTK_WIDGET (view), "action-complete");
  piece = after_outbox (f, CHORUS_STATUS_COMPLETEE);
  g_assert_nonnull (piece->attachments);
  g_assert_cmpuint (piece->attachments->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (piece->attachments, 0), ==, "situation-travaux-lot-02.pdf");
  shoot (f, "works-completed");
}

/* A refusal only for a routing error, confirmed; the parties that do not hold the piece cannot. */
static void
test_refuse (Fixture *f, gconstpointer data)
{
  ChorusWorksPieceView *view = piece_view (f);
  const ChorusWorksPiece *piece;
  GtkWidget *refuse;
  gint64 a4;

  use_role (f, CHORUS_ROLE_MOE);
  a4 = find_listed (f, CHORUS_CADRE_A4, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  use_role (f, CHORUS_ROLE_MOA);
  open_piece (f, a4);
  refuse = button (GTK_WIDGET (view), "action-refuse");
  g_assert_false (gtk_widget_is_sensitive (refuse));
  g_assert_nonnull (gtk_widget_get_tooltip_text (refuse));

  use_role (f, CHORUS_ROLE_MOE);
  open_piece (f, a4);
  type_into (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "comment_row"), "Ce marché relève d'une autre maîtrise d'œuvre");
  click (GTK_WIDGET (view), "action-refuse");
  /* Cancelled: nothing queued. */
  answer_dialog ("cancel");
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  click (GTK_WIDGET (view), "action-refuse");
  answer_dialog ("refuse");
  piece = after_outbox (f, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE);
  g_assert_cmpint (piece->id, ==, a4);
  shoot (f, "works-refused");

  /* The supplier finds it in its Synthèse, told to deposit it again to the right parties. */
  use_role (f, CHORUS_ROLE_FOURNISSEUR);
  chorus_works_workspace_refresh (f->workspace);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpint (find_listed (f, CHORUS_CADRE_A4, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE), !=, 0);
  open_piece (f, a4);
  g_assert_nonnull (strstr (gtk_label_get_label (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "next_step_label")),
                            "Déposer une pièce"));
  shoot (f, "works-refused-seen-by-supplier");
}

/* The MOA sends the supplier's piece back to be recycled; the supplier recycles it. */
static void
test_recycle (Fixture *f, gconstpointer data)
{
  ChorusWorksPieceView *view = piece_view (f);
  const ChorusWorksPiece *piece;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 a15 = 0, a4;

  use_role (f, CHORUS_ROLE_MOA);
  /* An état d'acompte made from a supplier's projet de décompte. */
  for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
    {
      const ChorusWorksPiece *listed = chorus_works_workspace_get_piece (f->workspace, i);

      if (listed->type == CHORUS_WORKS_TYPE_ETAT_ACOMPTE && listed->status == CHORUS_STATUS_MISE_A_DISPOSITION_MOA)
        g_array_append_val (candidates, listed->id);
    }
  /* The list has no links: the billing file says which one follows a supplier's piece. */
  for (guint i = 0; a15 == 0 && i < candidates->len; i++)
    {
      open_piece (f, g_array_index (candidates, gint64, i));
      if (chorus_works_piece_view_get_piece (view)->cadre == CHORUS_CADRE_A15 &&
          chorus_works_piece_view_get_piece (view)->previous_id != 0)
        a15 = g_array_index (candidates, gint64, i);
    }
  g_assert_cmpint (a15, !=, 0);
  a4 = chorus_works_piece_view_get_piece (view)->previous_id;
  click (GTK_WIDGET (view), "action-ask-recycle");
  piece = after_outbox (f, CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR);
  g_assert_cmpint (piece->id, ==, a15);
  shoot (f, "works-ask-recycle");

  use_role (f, CHORUS_ROLE_FOURNISSEUR);
  open_piece (f, a4);
  g_assert_cmpint (chorus_works_piece_view_get_piece (view)->status, ==, CHORUS_STATUS_A_RECYCLER);
  type_into (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "comment_row"), "Numéro d'engagement corrigé");
  click (GTK_WIDGET (view), "action-recycle");
  piece = after_outbox (f, CHORUS_STATUS_ASSOCIEE);
  g_assert_cmpint (piece->id, ==, a4);
  shoot (f, "works-recycled");
}

static gboolean
pdf_arrived (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_is_sensitive (button (GTK_WIDGET (piece_view (f)), "download-piece"));
}

static gboolean
listed_piece (Fixture *f, gint64 id, const ChorusWorksPiece **found)
{
  for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
    if (chorus_works_workspace_get_piece (f->workspace, i)->id == id)
      {
        if (found != NULL)
          *found = chorus_works_workspace_get_piece (f->workspace, i);
        return TRUE;
      }
  return FALSE;
}

static guint
count_refused (Fixture *f)
{
  guint n = 0;

  for (guint i = 0; i < chorus_works_workspace_get_n_pieces (f->workspace); i++)
    n += chorus_works_action_took_effect (CHORUS_WORKS_ACTION_REFUSE,
                                          chorus_works_workspace_get_piece (f->workspace, i)->status);
  return n;
}

/* "Télécharger la facture" on a piece, whole at 1024 pixels; then the Synthèse's options (downloaded
 * pieces, pieces refused more than 10 days ago) and "Exporter les résultats". */
static void
test_download_and_synthese_options (Fixture *f, gconstpointer data)
{
  GtkCheckButton *hide_downloaded = child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "hide_downloaded_check");
  GtkCheckButton *hide_refused = child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "hide_refused_check");
  GtkWidget *pdf = child (piece_view (f), CHORUS_TYPE_WORKS_PIECE_VIEW, "pdf_view");
  g_autofree char *saved = g_build_filename (f->dir, "piece.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "synthese.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const ChorusWorksPiece *listed = NULL;
  guint refused_seen = 0, before;
  int minimum;
  gint64 id;

  use_role (f, CHORUS_ROLE_FOURNISSEUR);
  id = chorus_works_workspace_get_piece (f->workspace, 0)->id;
  open_piece (f, id);
  g_assert_true (chorus_test_wait_until (pdf_arrived, f, 20000));
  shoot (f, "works-piece-download-1024x700");
  /* The PDF's toolbar (its menu saves and prints) is never cut off on a laptop screen. */
  gtk_widget_measure (pdf, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (pdf), >, 0);
  g_assert_cmpint (gtk_widget_get_width (pdf), >=, minimum);
  g_assert_true (chorus_works_piece_view_save_pdf (piece_view (f), saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);

  /* Chorus Pro now counts it as downloaded: the option hides it from the Synthèse. */
  use_role (f, CHORUS_ROLE_FOURNISSEUR);
  chorus_works_workspace_refresh (f->workspace);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_true (listed_piece (f, id, &listed));
  g_assert_true (listed != NULL && listed->downloaded);
  before = chorus_works_workspace_get_n_pieces (f->workspace);
  gtk_check_button_set_active (hide_downloaded, TRUE);
  g_assert_false (listed_piece (f, id, NULL));
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), <, before);
  g_assert_nonnull (strstr (gtk_label_get_label (child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "count_label")),
                            "masquée"));
  shoot (f, "works-synthese-hide-downloaded");
  gtk_check_button_set_active (hide_downloaded, FALSE);
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, before);

  /* Refused pieces stay ten days; seen from far ahead, every refused one is hidden. */
  chorus_works_workspace_set_today (f->workspace, "2099-01-01");
  for (guint r = 0; r < 2; r++)
    {
      use_role (f, r == 0 ? CHORUS_ROLE_FOURNISSEUR : CHORUS_ROLE_MOE);
      gtk_check_button_set_active (hide_refused, FALSE);
      refused_seen += count_refused (f);
      gtk_check_button_set_active (hide_refused, TRUE);
      g_assert_cmpuint (count_refused (f), ==, 0);
    }
  g_assert_cmpuint (refused_seen, >, 0);
  gtk_check_button_set_active (hide_refused, FALSE);

  /* The search ignores the Synthèse's options. */
  gtk_check_button_set_active (hide_downloaded, TRUE);
  click (GTK_WIDGET (f->workspace), "search");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hide_downloaded)));
  g_assert_true (listed_piece (f, id, NULL));

  /* "Exporter les résultats": the portal's columns, one line per piece listed. */
  g_assert_true (chorus_works_workspace_export_csv (f->workspace, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Numéro;N° de marché;Montant HT"));
  lines = g_strsplit (g_strstrip (contents), "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, chorus_works_workspace_get_n_pieces (f->workspace) + 1);
}

/* The pieces of @number that @role finds in Chorus Pro. */
static guint
count_number (Fixture *f, ChorusRole role, const char *number)
{
  g_autoptr(ChorusWorksPage) page = NULL;
  g_autoptr(GError) error = NULL;
  ChorusWorksQuery query;
  guint n = 0;

  chorus_works_query_init (&query);
  query.role = role;
  query.number = number;
  query.page_size = 1000;
  page = chorus_client_works_search_sync (f->client, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->pieces->len; i++)
    n += g_strcmp0 (((ChorusWorksPiece *) g_ptr_array_index (page->pieces, i))->number, number) == 0;
  return n;
}

/* "Nouveau dépôt" after a deposit: an empty form for the next piece; what it sends is only that piece. */
static void
test_new_deposit_after_deposit (Fixture *f, gconstpointer data)
{
  static const char *const supplier[] = { "A4", "A5", "A6", "A7", "A8", "A10", "A13", "A14", "A22", NULL };
  static const char *const rows[] = { "number_row", "date_row", "ht_row", "vat_row", "ttc_row", "to_pay_row",
                                      "market_row", "engagement_row", "comment_row" };
  ChorusWorksDepositForm *form = deposit_form (f);
  GtkWidget *problems = child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "problems_label");
  g_auto(GStrv) offered = NULL;
  guint submitted;

  deposit_to_certificate (f, CHORUS_ROLE_FOURNISSEUR, supplier, 0, "PDM-UI-NEW-1", "works-new-deposit-first");
  submitted = chorus_sim_count_requests (f->sim, "facturesTravaux/v1/soumettre");
  g_assert_cmpuint (submitted, >=, 1);

  click (GTK_WIDGET (form), "new-deposit");
  g_assert_cmpstr (chorus_works_workspace_get_page (f->workspace), ==, "deposit");
  g_assert_cmpstr (chorus_works_deposit_form_get_page (form), ==, "form");
  shoot (f, "works-new-deposit-empty");
  /* Nothing of the first piece stays: no file, no reference, no amount, no problem said yet; the role's
   * first cadres are offered again. */
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpstr (gtk_editable_get_text (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, rows[i])), ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "file_row")), ==,
                   "Aucun fichier choisi");
  g_assert_false (gtk_widget_get_visible (problems));
  offered = cadres_offered (f);
  g_assert_cmpstrv (offered, supplier);
  g_assert_true (gtk_widget_is_sensitive (button (GTK_WIDGET (form), "send-deposit")));

  /* Sent empty: refused here, in French; nothing queued, nothing reaches Chorus Pro. */
  click (GTK_WIDGET (form), "send-deposit");
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (problems)), "PDF"));
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  g_assert_cmpuint (chorus_sim_count_requests (f->sim, "facturesTravaux/v1/soumettre"), ==, submitted);

  /* The next piece, filled and sent: one more soumettre, for it alone; the first piece stays single. */
  adw_combo_row_set_selected (child (form, CHORUS_TYPE_WORKS_DEPOSIT_FORM, "cadre_row"), 0);
  fill_form (f, "PDM-UI-NEW-2");
  click (GTK_WIDGET (form), "send-deposit");
  answer_dialog ("send");
  g_assert_true (chorus_test_wait_until (certificate_shown, f, 30000));
  g_assert_cmpuint (chorus_sim_count_requests (f->sim, "facturesTravaux/v1/soumettre"), ==, submitted + 1);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_FOURNISSEUR, "PDM-UI-NEW-1"), ==, 1);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_FOURNISSEUR, "PDM-UI-NEW-2"), ==, 1);
}

/* The first piece of @status some role finds in Chorus Pro; that role is taken. */
static gint64
find_in_chorus (Fixture *f, ChorusStatus status)
{
  static const ChorusRole roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(ChorusWorksPage) page = NULL;
      g_autoptr(GError) error = NULL;
      ChorusWorksQuery query;

      chorus_works_query_init (&query);
      query.role = roles[r];
      query.statuses = &status;
      query.n_statuses = 1;
      query.page_size = 1000;
      page = chorus_client_works_search_sync (f->client, &query, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->pieces->len; i++)
        if (((ChorusWorksPiece *) g_ptr_array_index (page->pieces, i))->status == status)
          {
            use_role (f, roles[r]);
            return ((ChorusWorksPiece *) g_ptr_array_index (page->pieces, i))->id;
          }
    }
  return 0;
}

/* A décompte général refused "pour autre motif" reads as such, not as a routing error; a routing error
 * still reads as one. */
static void
test_refused_other_reason (Fixture *f, gconstpointer data)
{
  static const struct {
    ChorusStatus  status;
    const char   *says;
  } cases[] = {
    { CHORUS_STATUS_REFUSEE_FOURNISSEUR, "Refusée par le fournisseur pour un autre motif, sans erreur de montant" },
    { CHORUS_STATUS_REFUSEE_MOA, "Refusée par la maîtrise d'ouvrage pour un autre motif, sans erreur de montant" },
    { CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE, "Refusée pour erreur d’acheminement" },
  };
  ChorusWorksPieceView *view = piece_view (f);
  GtkLabel *next_step = child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "next_step_label");
  GtkLabel *clock = child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "clock_label");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean routing = chorus_status_works_refused_for_routing (cases[i].status);
      g_autofree char *shot = g_strdup_printf ("works-refused-%s", chorus_status_to_api (cases[i].status));

      open_piece (f, find_in_chorus (f, cases[i].status));
      g_assert_cmpint (chorus_works_piece_view_get_piece (view)->status, ==, cases[i].status);
      if (!g_str_has_prefix (gtk_label_get_label (next_step), cases[i].says))
        g_error ("the piece in %s says “%s”", chorus_status_to_api (cases[i].status), gtk_label_get_label (next_step));
      /* Only a routing error is said to be one, in any text of the piece. */
      g_assert_true ((strstr (gtk_label_get_label (next_step), "acheminement") != NULL) == routing);
      g_assert_true (!gtk_widget_get_visible (GTK_WIDGET (clock)) ||
                     (strstr (gtk_label_get_label (clock), "acheminement") != NULL) == routing);
      /* The reason the refuser gave is shown under its own title. */
      g_assert_true (gtk_widget_get_visible (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "motif_row")));
      shoot (f, shot);
    }
}

static gboolean
sent_while_offline (gpointer data)
{
  Fixture *f = data;

  return !chorus_sync_get_flushing (f->sync) && !chorus_sync_get_online (f->sync);
}

/* Security review M6: a works action taken while Chorus Pro cannot be reached waits in the outbox, shown
 * on the piece as waiting; once Chorus Pro is back it reaches it exactly once. */
static void
test_suspend_offline_sent_once (Fixture *f, gconstpointer data)
{
  static const char *const suspend = "facturesTravaux/v1/suspendre/demander/completer/factureTravaux";
  ChorusWorksPieceView *view = piece_view (f);
  AdwPreferencesRow *pending = child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "pending_row");
  g_autofree char *base_url = g_strdup (chorus_sim_get_base_url (f->sim));
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  const ChorusWorksPiece *piece;
  gint64 a4;

  use_role (f, CHORUS_ROLE_MOE);
  a4 = find_listed (f, CHORUS_CADRE_A4, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  open_piece (f, a4);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pending)));
  g_assert_cmpuint (chorus_sim_count_requests (f->sim, suspend), ==, 0);

  /* Short retries: the outbox gives up on an unreachable Chorus Pro in a few seconds, not minutes. */
  chorus_client_set_retry_policy (f->client, 1, 20, 100, 1000);
  chorus_sim_stop (f->sim);
  type_into (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "comment_row"), "Il manque la situation de travaux du lot 02");
  click (GTK_WIDGET (view), "action-suspend");
  g_assert_true (chorus_test_wait_until (sent_while_offline, f, 30000));
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 1);
  /* The piece says it waits, keeps its status until Chorus Pro confirms, and cannot be acted on twice. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pending)));
  g_assert_cmpstr (adw_preferences_row_get_title (pending), ==, "En attente d'envoi");
  /* The next step is no longer the MOE's to take: it is Chorus Pro's answer. */
  g_assert_cmpstr (gtk_label_get_label (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "next_step_label")), ==,
                   "Prochaine étape : la réponse de Chorus Pro (« Suspension » attend dans la file d'envoi de cet "
                   "ordinateur).");
  g_assert_cmpint (chorus_works_piece_view_get_piece (view)->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  g_assert_false (gtk_widget_is_sensitive (button (GTK_WIDGET (view), "action-suspend")));
  shoot (f, "works-suspend-offline-waiting");

  /* Chorus Pro back at the same address; the outbox resumes as a session does when it starts. */
  g_assert_true (chorus_sim_start (f->sim, (guint16) g_uri_get_port (uri), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (chorus_sim_get_base_url (f->sim), ==, base_url);
  chorus_sync_resume_outbox (f->sync);
  piece = after_outbox (f, CHORUS_STATUS_SUSPENDUE);
  g_assert_cmpint (piece->id, ==, a4);
  g_assert_cmpstr (piece->status_comment, ==, "Il manque la situation de travaux du lot 02");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pending)));
  g_assert_nonnull (strstr (gtk_label_get_label (child (view, CHORUS_TYPE_WORKS_PIECE_VIEW, "next_step_label")),
                           "complète la pièce"));
  g_assert_cmpuint (chorus_sim_count_requests (f->sim, suspend), ==, 1);
  /* Another flush finds nothing left to send. */
  g_assert_true (chorus_test_flush_outbox (f->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_sim_count_requests (f->sim, suspend), ==, 1);
  shoot (f, "works-suspend-offline-sent");
}

/* The rows of the list exported (what it shows) whose "Action possible" says yes. */
static guint
rows_to_act (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "to-act.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (chorus_works_workspace_export_csv (f->workspace, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (g_strstrip (contents), "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, chorus_works_workspace_get_n_pieces (f->workspace) + 1);
  for (guint i = 1; lines[i] != NULL; i++)
    n += g_str_has_suffix (lines[i], ";Oui");
  return n;
}

/* The workspace's shape: F5 and Ctrl+R reload with "busy" around the load, "to-act" as the list
 * shows it, the session taken away (nothing of its data) and given back (the same list). */
static void
test_workspace_shape (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gboolean));
  ChorusSession *session = NULL;
  guint listed, to_act;
  gulong handler;

  use_role (f, CHORUS_ROLE_MOE);
  listed = chorus_works_workspace_get_n_pieces (f->workspace);
  to_act = chorus_works_workspace_get_to_act (f->workspace);
  g_assert_cmpuint (to_act, >, 0);
  g_assert_cmpuint (to_act, ==, rows_to_act (f));

  handler = chorus_test_record_busy (f->workspace, seen);
  g_assert_cmpstr (chorus_test_press_shortcut (GTK_WIDGET (f->workspace), GDK_KEY_F5, 0), ==, "works.refresh");
  g_assert_true (chorus_test_wait_until (chorus_test_busy_went_and_came_back, seen, 20000));
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, listed);
  g_array_set_size (seen, 0);
  g_assert_cmpstr (chorus_test_press_shortcut (GTK_WIDGET (f->workspace), GDK_KEY_r, GDK_CONTROL_MASK), ==,
                   "works.refresh");
  g_assert_true (chorus_test_wait_until (chorus_test_busy_went_and_came_back, seen, 20000));
  g_signal_handler_disconnect (f->workspace, handler);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpuint (chorus_works_workspace_get_to_act (f->workspace), ==, to_act);

  /* A search that lists what waits for no one: fewer to act on than listed, still as shown. */
  click (GTK_WIDGET (f->workspace), "search");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpuint (chorus_works_workspace_get_to_act (f->workspace), <, chorus_works_workspace_get_n_pieces (f->workspace));
  g_assert_cmpuint (chorus_works_workspace_get_to_act (f->workspace), ==, rows_to_act (f));
  click (GTK_WIDGET (f->workspace), "synthese");
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));

  /* No session: nothing of its data, and nothing to reload. */
  open_piece (f, chorus_works_workspace_get_piece (f->workspace, 0)->id);
  chorus_works_workspace_set_session (f->workspace, NULL);
  g_object_get (f->workspace, "session", &session, NULL);
  g_assert_null (session);
  g_assert_cmpstr (chorus_works_workspace_get_page (f->workspace), ==, "list");
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, 0);
  g_assert_cmpuint (chorus_works_workspace_get_to_act (f->workspace), ==, 0);
  g_assert_false (chorus_works_workspace_get_busy (f->workspace));
  /* The action is off: its button is insensitive. */
  g_assert_false (gtk_widget_is_sensitive (chorus_test_find_named (GTK_WIDGET (f->workspace), "refresh")));
  shoot (f, "works-no-session");

  /* Given back: the same Synthèse again. */
  chorus_works_workspace_set_session (f->workspace, f->session);
  g_assert_true (chorus_works_workspace_get_session (f->workspace) == f->session);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  use_role (f, CHORUS_ROLE_MOE);
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, listed);
  g_assert_cmpuint (chorus_works_workspace_get_to_act (f->workspace), ==, to_act);

  /* The same session again is read again (after a reset it holds a new store and sync). */
  g_array_set_size (seen, 0);
  handler = chorus_test_record_busy (f->workspace, seen);
  chorus_works_workspace_set_session (f->workspace, f->session);
  g_assert_true (chorus_test_wait_until (chorus_test_busy_went_and_came_back, seen, 20000));
  g_signal_handler_disconnect (f->workspace, handler);
  g_assert_true (chorus_test_wait_until (list_ready, f, 20000));
  g_assert_cmpuint (chorus_works_workspace_get_n_pieces (f->workspace), ==, listed);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("fr_FR.UTF-8");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/works-workspace/initial-deposit-each-role", test_initial_deposits);
  ADD ("/works-workspace/synthese-and-search", test_synthese_and_search);
  ADD ("/works-workspace/search-by-service", test_search_by_service);
  ADD ("/works-workspace/click-opens-piece-with-clock", test_click_opens_piece_with_clock);
  ADD ("/works-workspace/take-into-account", test_take_into_account);
  ADD ("/works-workspace/suspend-then-complete-with-document", test_suspend_and_complete);
  ADD ("/works-workspace/refuse-routing-error", test_refuse);
  ADD ("/works-workspace/ask-recycle-then-recycle", test_recycle);
  ADD ("/works-workspace/download-piece-and-synthese-options", test_download_and_synthese_options);
  ADD ("/works-workspace/shortcuts-busy-session-count", test_workspace_shape);
  ADD ("/works-workspace/new-deposit-after-deposit", test_new_deposit_after_deposit);
  ADD ("/works-workspace/refused-other-reason-text", test_refused_other_reason);
  ADD ("/works-workspace/suspend-offline-sent-once", test_suspend_offline_sent_once);
#undef ADD
  return g_test_run ();
}
