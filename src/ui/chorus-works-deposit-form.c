/* chorus-works-deposit-form.c: the works deposit as the portal's "Déposer": type, file, cadre, parties, references, amounts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-json.h"
#include "chorus-sync-works.h"
#include "chorus-works-certificate.h"
#include "chorus-works-deposit-form.h"

typedef struct {
  AdwEntryRow *row;
  const char  *title;       /* the row's title while nothing is found */
  gint64       id;
  char        *name;
  char        *identifier;
} Party;

struct _ChorusWorksDepositForm
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwActionRow         *type_row;
  AdwActionRow         *previous_row;
  AdwActionRow         *file_row;
  AdwComboRow          *cadre_row;
  GtkStringList        *cadre_model;
  AdwComboRow          *structure_row;
  GtkStringList        *structure_model;
  AdwPreferencesGroup  *parties_group;
  AdwEntryRow          *supplier_row;
  AdwEntryRow          *moe_row;
  AdwEntryRow          *moa_row;
  AdwEntryRow          *service_row;
  AdwEntryRow          *number_row;
  AdwEntryRow          *date_row;
  AdwEntryRow          *currency_row;
  AdwComboRow          *vat_type_row;
  GtkStringList        *vat_type_model;
  AdwEntryRow          *market_row;
  AdwEntryRow          *engagement_row;
  AdwEntryRow          *ht_row;
  AdwEntryRow          *vat_row;
  AdwEntryRow          *ttc_row;
  AdwEntryRow          *to_pay_row;
  AdwEntryRow          *comment_row;
  GtkLabel             *problems_label;
  GtkImage             *sent_icon;
  GtkLabel             *sent_title;
  GtkLabel             *sent_description;
  AdwPreferencesGroup  *recap_group;
  GtkWidget            *certificate_buttons;
  GtkWidget            *export_button;
  GtkWidget            *dossier_button;

  ChorusDirectory      *directory;
  ChorusSync           *sync;
  gint64                sent_action;    /* the outbox action of the deposit on show */
  GCancellable         *cancellable;
  GPtrArray            *structures;     /* the account's (ChorusStructure) */
  GPtrArray            *own;            /* those of the depositor's role, as offered in structure_row */
  ChorusRole            role;
  ChorusWorksPiece     *previous;
  ChorusCadre           cadres[CHORUS_CADRE_LAST];
  gsize                 n_cadres;
  Party                 supplier, moe, moa;
  char                 *pdf_path;
  char                 *today;
  GPtrArray            *recap_rows;

  /* The deposit shown on the certificate page. */
  ChorusWorksDeposit   *sent;
  gint64                sent_piece;
  char                 *sent_number;
  char                 *sent_date;
  char                 *sent_certificate;
};

G_DEFINE_FINAL_TYPE (ChorusWorksDepositForm, chorus_works_deposit_form, GTK_TYPE_WIDGET)

enum { SIGNAL_SHOW_DOSSIER, SIGNAL_NEW_DEPOSIT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void chorus_works_deposit_form_show_pending     (ChorusWorksDepositForm *self);
static void chorus_works_deposit_form_show_certificate (ChorusWorksDepositForm *self,
                                                        gint64                  piece_id,
                                                        const char             *number,
                                                        const char             *deposit_date,
                                                        const char             *dossier,
                                                        const char             *certificate);
static void chorus_works_deposit_form_show_error       (ChorusWorksDepositForm *self,
                                                        const char             *message);

static const ChorusVatType vat_types[] = {
  CHORUS_VAT_TYPE_UNKNOWN, CHORUS_VAT_TYPE_SUR_DEBIT, CHORUS_VAT_TYPE_SUR_ENCAISSEMENT,
  CHORUS_VAT_TYPE_EXONERATION, CHORUS_VAT_TYPE_SANS_TVA,
};

static void
party_clear (Party *party)
{
  party->id = 0;
  g_clear_pointer (&party->name, g_free);
  g_clear_pointer (&party->identifier, g_free);
}

static void
party_set (ChorusWorksDepositForm *self, Party *party, gint64 id, const char *identifier, const char *name)
{
  g_autofree char *title = NULL;

  party_clear (party);
  party->id = id;
  party->identifier = g_strdup (identifier);
  party->name = g_strdup (name);
  title = g_strdup_printf ("%s — %s", _(party->title), name ? name : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (party->row), title);
  /* Setting the text sends "changed": the party is set once the text is there. */
  g_signal_handlers_block_matched (party->row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_editable_set_text (GTK_EDITABLE (party->row), identifier ? identifier : "");
  g_signal_handlers_unblock_matched (party->row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
party_reset (Party *party)
{
  party_clear (party);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (party->row), _(party->title));
}

static Party *
party_of_row (ChorusWorksDepositForm *self, AdwEntryRow *row)
{
  return row == self->supplier.row ? &self->supplier : row == self->moe.row ? &self->moe : &self->moa;
}

static void
set_problems (ChorusWorksDepositForm *self, const char *text)
{
  gtk_label_set_label (self->problems_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text != NULL && *text != '\0');
}

/* The account's own structure with @role, for a party the account plays. */
static const ChorusStructure *
account_structure (ChorusWorksDepositForm *self, ChorusRole role)
{
  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    if (((ChorusStructure *) g_ptr_array_index (self->structures, i))->role == role)
      return g_ptr_array_index (self->structures, i);
  return NULL;
}

/* --- parties looked up by SIRET ----------------------------------------------------------- */

typedef struct {
  ChorusWorksDepositForm *self;
  Party                  *party;
  char                   *query;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_free (lookup->query);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  ChorusWorksDepositForm *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = chorus_directory_search_finish (CHORUS_DIRECTORY (source), result, &error);
  const ChorusStructure *match = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  for (guint i = 0; found != NULL && i < found->len; i++)
    if (g_strcmp0 (((ChorusStructure *) g_ptr_array_index (found, i))->identifier, lookup->query) == 0)
      match = g_ptr_array_index (found, i);
  if (match == NULL && found != NULL && found->len == 1)
    match = g_ptr_array_index (found, 0);
  if (match != NULL)
    {
      party_set (self, lookup->party, match->id, match->identifier, match->name);
      set_problems (self, NULL);
    }
  else
    {
      g_autofree char *text = error != NULL ? g_strdup (error->message)
                              : g_strdup_printf (_("No structure of Chorus Pro has the SIRET “%s”."), lookup->query);
      set_problems (self, text);
    }
}

static void
party_apply_cb (AdwEntryRow *row, ChorusWorksDepositForm *self)
{
  Party *party = party_of_row (self, row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  Lookup *lookup;

  if (*text == '\0' || self->directory == NULL)
    return;
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->party = party;
  lookup->query = g_strdup (text);
  chorus_directory_search_async (self->directory, text, self->cancellable, lookup_cb, lookup);
}

static void
party_changed_cb (AdwEntryRow *row, ChorusWorksDepositForm *self)
{
  party_reset (party_of_row (self, row));
}

/* --- filling ------------------------------------------------------------------------------ */

static void
fill_cadres (ChorusWorksDepositForm *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  if (self->previous != NULL)
    self->n_cadres = chorus_works_next_cadres (self->previous->cadre, self->role, CHORUS_DEPOSIT_CHANNEL_SERVICE,
                                               self->cadres, G_N_ELEMENTS (self->cadres));
  else
    self->n_cadres = chorus_works_initial_cadres (self->role, CHORUS_DEPOSIT_CHANNEL_SERVICE, self->cadres,
                                                  G_N_ELEMENTS (self->cadres));
  for (gsize i = 0; i < self->n_cadres; i++)
    g_ptr_array_add (labels, g_strdup_printf ("%s – %s", chorus_cadre_short_code (self->cadres[i]),
                                              chorus_works_type_label (chorus_works_cadre_type (self->cadres[i]))));
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->cadre_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cadre_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->cadre_row, 0);
}

static void
fill_structures (ChorusWorksDepositForm *self)
{
  g_clear_pointer (&self->own, g_ptr_array_unref);
  self->own = g_ptr_array_new ();
  gtk_string_list_splice (self->structure_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->structure_model)), NULL);
  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      g_autofree char *label = NULL;

      if (structure->role != self->role)
        continue;
      label = g_strdup_printf ("%s – %s", structure->identifier ? structure->identifier : "",
                               structure->name ? structure->name : "");
      gtk_string_list_append (self->structure_model, label);
      g_ptr_array_add (self->own, structure);
    }
  if (self->own->len == 0)
    gtk_string_list_append (self->structure_model, _("No structure attached with this role"));
}

static void
clear_form (ChorusWorksDepositForm *self)
{
  AdwEntryRow *rows[] = { self->service_row, self->number_row, self->date_row, self->market_row, self->engagement_row,
                          self->ht_row, self->vat_row, self->ttc_row, self->to_pay_row, self->comment_row };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_text (GTK_EDITABLE (rows[i]), "");
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), "EUR");
  adw_combo_row_set_selected (self->vat_type_row, 0);
  party_reset (&self->supplier);
  party_reset (&self->moe);
  party_reset (&self->moa);
  g_signal_handlers_block_matched (self->supplier.row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->moe.row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->moa.row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_editable_set_text (GTK_EDITABLE (self->supplier.row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->moe.row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->moa.row), "");
  g_signal_handlers_unblock_matched (self->supplier.row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->moe.row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->moa.row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_clear_pointer (&self->pdf_path, g_free);
  adw_action_row_set_subtitle (self->file_row, _("No file chosen"));
  set_problems (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
set_amount_text (AdwEntryRow *row, gint64 cents)
{
  g_autofree char *text = chorus_amount_format (cents, "");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

void
chorus_works_deposit_form_start_initial (ChorusWorksDepositForm *self,
                                         ChorusRole              role)
{
  const ChorusStructure *structure;

  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  self->role = role;
  g_clear_pointer (&self->previous, chorus_works_piece_free);
  clear_form (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->type_row), _("Initial deposit"));
  adw_action_row_set_subtitle (self->type_row, _("The first piece of a billing file."));
  gtk_widget_set_visible (GTK_WIDGET (self->previous_row), FALSE);
  fill_cadres (self);
  fill_structures (self);
  gtk_widget_set_visible (GTK_WIDGET (self->structure_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->parties_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->supplier_row), role != CHORUS_ROLE_FOURNISSEUR);
  gtk_widget_set_visible (GTK_WIDGET (self->moe_row), role != CHORUS_ROLE_MOE);
  gtk_widget_set_visible (GTK_WIDGET (self->moa_row), role != CHORUS_ROLE_MOA);
  /* The other parties default to the account's own structures in those roles (a demo or a
   * structure playing several parts); anyone else is typed by SIRET. */
  if (role != CHORUS_ROLE_FOURNISSEUR && (structure = account_structure (self, CHORUS_ROLE_FOURNISSEUR)) != NULL)
    party_set (self, &self->supplier, structure->id, structure->identifier, structure->name);
  if (role != CHORUS_ROLE_MOE && (structure = account_structure (self, CHORUS_ROLE_MOE)) != NULL)
    party_set (self, &self->moe, structure->id, structure->identifier, structure->name);
  if (role != CHORUS_ROLE_MOA && (structure = account_structure (self, CHORUS_ROLE_MOA)) != NULL)
    party_set (self, &self->moa, structure->id, structure->identifier, structure->name);
}

void
chorus_works_deposit_form_start_next (ChorusWorksDepositForm *self,
                                      const ChorusWorksPiece *previous,
                                      ChorusRole              role)
{
  g_autoptr(ChorusWorksDeposit) next = NULL;
  g_autofree char *title = NULL, *subtitle = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));
  g_return_if_fail (previous != NULL);

  self->role = role;
  clear_form (self);
  g_clear_pointer (&self->previous, chorus_works_piece_free);
  self->previous = chorus_works_piece_copy (previous);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->type_row), _("From a piece already in Chorus Pro"));
  adw_action_row_set_subtitle (self->type_row, _("Some data were taken from the previous piece of the billing file: "
                                                 "check them before sending."));
  title = g_strdup_printf (_("Previous piece: %s – %s"), chorus_cadre_short_code (previous->cadre),
                           chorus_works_type_label (previous->type));
  subtitle = g_strdup_printf (_("No. %s · Supplier: %s · Recipient: %s"), previous->number ? previous->number : "",
                              previous->supplier.name ? previous->supplier.name : "—",
                              previous->recipient.name ? previous->recipient.name : "—");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->previous_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->previous_row), title);
  adw_action_row_set_subtitle (self->previous_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->previous_row), TRUE);
  fill_cadres (self);
  gtk_widget_set_visible (GTK_WIDGET (self->structure_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->parties_group), FALSE);

  next = chorus_works_deposit_new_next (previous, role);
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), next->currency ? next->currency : "EUR");
  gtk_editable_set_text (GTK_EDITABLE (self->market_row), next->market_number ? next->market_number : "");
  gtk_editable_set_text (GTK_EDITABLE (self->engagement_row), next->engagement_number ? next->engagement_number : "");
  set_amount_text (self->ht_row, next->amount_ht);
  set_amount_text (self->vat_row, next->amount_vat);
  set_amount_text (self->ttc_row, next->amount_ttc);
  set_amount_text (self->to_pay_row, next->amount_to_pay);
}

void
chorus_works_deposit_form_set_file (ChorusWorksDepositForm *self,
                                    const char             *path)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  g_free (self->pdf_path);
  self->pdf_path = g_strdup (path);
  name = path ? g_path_get_basename (path) : NULL;
  adw_action_row_set_subtitle (self->file_row, name ? name : _("No file chosen"));
}

/* --- reading the form ------------------------------------------------------------------------ */

/* The amount typed in @row; FALSE with a French problem when it is not one. */
static gboolean
read_amount (ChorusWorksDepositForm *self, AdwEntryRow *row, gint64 *cents, gboolean *empty, GString *problems)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  *cents = 0;
  *empty = *text == '\0';
  if (*empty)
    return TRUE;
  if (chorus_amount_parse (text, cents))
    return TRUE;
  g_string_append_printf (problems, _("“%s” is not an amount (%s)."), text,
                          adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  g_string_append_c (problems, '\n');
  return FALSE;
}

static ChorusWorksDeposit *
read_deposit (ChorusWorksDepositForm *self, GString *problems)
{
  ChorusWorksDeposit *deposit;
  guint cadre = adw_combo_row_get_selected (self->cadre_row);
  guint vat = adw_combo_row_get_selected (self->vat_type_row);
  guint structure = adw_combo_row_get_selected (self->structure_row);
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  gboolean no_ttc = FALSE, no_to_pay = FALSE, no_ht = FALSE, no_vat = FALSE;

  if (self->previous != NULL)
    deposit = chorus_works_deposit_new_next (self->previous, self->role);
  else
    {
      const ChorusStructure *own = structure < self->own->len ? g_ptr_array_index (self->own, structure) : NULL;
      Party *parties[] = { &self->supplier, &self->moe, &self->moa };
      const ChorusRole roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };

      deposit = chorus_works_deposit_new ();
      deposit->role = self->role;
      for (gsize i = 0; i < G_N_ELEMENTS (parties); i++)
        {
          gint64 id = roles[i] == self->role ? (own ? own->id : 0) : parties[i]->id;
          const char *name = roles[i] == self->role ? (own ? own->name : NULL) : parties[i]->name;
          const char *typed = gtk_editable_get_text (GTK_EDITABLE (parties[i]->row));

          if (roles[i] != self->role && id == 0 && *typed != '\0')
            {
              g_string_append_printf (problems, _("Press Enter in “%s” to look the structure up."), _(parties[i]->title));
              g_string_append_c (problems, '\n');
            }
          if (roles[i] == CHORUS_ROLE_FOURNISSEUR)
            {
              deposit->supplier_id = id;
              deposit->supplier_name = g_strdup (name);
            }
          else if (roles[i] == CHORUS_ROLE_MOE)
            {
              deposit->moe_id = id;
              deposit->moe_name = g_strdup (name);
            }
          else
            {
              deposit->moa_id = id;
              deposit->moa_name = g_strdup (name);
              /* The MOA is the structure that pays here: the destinataire. */
              deposit->recipient_code = g_strdup (roles[i] == self->role ? (own ? own->identifier : NULL)
                                                  : parties[i]->identifier);
              deposit->recipient_name = g_strdup (name);
            }
        }
      deposit->service_code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->service_row))));
      if (*deposit->service_code == '\0')
        g_clear_pointer (&deposit->service_code, g_free);
    }
  deposit->cadre = cadre < self->n_cadres ? self->cadres[cadre] : CHORUS_CADRE_UNKNOWN;
  g_free (deposit->number);
  deposit->number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  deposit->invoice_date = chorus_date_parse (date);
  if (*date != '\0' && deposit->invoice_date == NULL)
    {
      g_string_append_printf (problems, _("“%s” is not a date: write it dd/mm/yyyy."), date);
      g_string_append_c (problems, '\n');
    }
  g_free (deposit->currency);
  deposit->currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_row)), -1);
  deposit->vat_type = vat < G_N_ELEMENTS (vat_types) ? vat_types[vat] : CHORUS_VAT_TYPE_UNKNOWN;
  g_free (deposit->market_number);
  deposit->market_number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->market_row))));
  g_free (deposit->engagement_number);
  deposit->engagement_number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->engagement_row))));
  deposit->comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
  read_amount (self, self->ht_row, &deposit->amount_ht, &no_ht, problems);
  read_amount (self, self->vat_row, &deposit->amount_vat, &no_vat, problems);
  read_amount (self, self->ttc_row, &deposit->amount_ttc, &no_ttc, problems);
  read_amount (self, self->to_pay_row, &deposit->amount_to_pay, &no_to_pay, problems);
  if (no_ht)
    {
      g_string_append (problems, _("The amount excluding VAT is required."));
      g_string_append_c (problems, '\n');
    }
  /* Left empty, the totals follow from what was typed. */
  if (no_ttc)
    deposit->amount_ttc = deposit->amount_ht + deposit->amount_vat;
  if (no_to_pay)
    deposit->amount_to_pay = deposit->amount_ttc;
  deposit->pdf_path = g_strdup (self->pdf_path);
  return deposit;
}

/* The form as a deposit. (transfer full) */
static ChorusWorksDeposit *
chorus_works_deposit_form_get_deposit (ChorusWorksDepositForm *self)
{
  g_autoptr(GString) ignored = g_string_new (NULL);

  g_return_val_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self), NULL);

  return read_deposit (self, ignored);
}

/* The problems shown under the form (ChorusDepositProblem, transfer full); empty when it may go. */
static GPtrArray *
chorus_works_deposit_form_check (ChorusWorksDepositForm *self)
{
  g_autoptr(GString) typing = g_string_new (NULL);
  g_autoptr(ChorusWorksDeposit) deposit = NULL;
  GPtrArray *problems;

  deposit = read_deposit (self, typing);
  problems = chorus_works_deposit_check (deposit, self->today);
  if (typing->len > 0)
    {
      ChorusDepositProblem *problem = g_new0 (ChorusDepositProblem, 1);

      g_strchomp (typing->str);
      problem->field = CHORUS_DEPOSIT_FIELD_AMOUNT_HT;
      problem->message = g_strdup (typing->str);
      g_ptr_array_insert (problems, 0, problem);
    }
  return problems;
}

/* --- sending ------------------------------------------------------------------------------------ */

static void
confirm_cb (AdwMessageDialog *dialog, const char *response, ChorusWorksDepositForm *self)
{
  g_autoptr(ChorusWorksDeposit) deposit = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "send") != 0)
    return;
  deposit = chorus_works_deposit_form_get_deposit (self);
  if (self->sync == NULL)
    {
      chorus_works_deposit_form_show_error (self, _("Not connected to Chorus Pro."));
      return;
    }
  self->sent_action = chorus_sync_enqueue_works_deposit (self->sync, deposit, &error);
  if (self->sent_action == 0)
    {
      chorus_works_deposit_form_show_error (self, error->message);
      return;
    }
  chorus_works_deposit_form_show_pending (self);
}

/* Chorus Pro answered the deposit on show: its certificate, or why not. */
static void
outbox_finished_cb (ChorusSync *sync, gint64 action_id, gboolean ok, const char *message, ChorusWorksDepositForm *self)
{
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(JsonObject) result = NULL;

  if (action_id == 0 || action_id != self->sent_action ||
      (action = chorus_store_outbox_get (chorus_sync_get_store (sync), action_id, NULL)) == NULL)
    return;
  result = chorus_json_parse_object (action->result ? action->result : "{}", -1, NULL);
  if (ok && result != NULL)
    chorus_works_deposit_form_show_certificate (self, json_object_get_int_member_with_default (result, "pieceId", 0),
                                                json_object_get_string_member_with_default (result, "number", NULL),
                                                json_object_get_string_member_with_default (result, "date", NULL),
                                                json_object_get_string_member_with_default (result, "dossier", NULL),
                                                json_object_get_string_member_with_default (result, "certificate", NULL));
  else
    chorus_works_deposit_form_show_error (self, message);
}

void
chorus_works_deposit_form_set_sync (ChorusWorksDepositForm *self,
                                    ChorusSync             *sync)
{
  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  self->sent_action = 0;
  if (sync != NULL)
    g_signal_connect_object (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self, 0);
}

static void
send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksDepositForm *self = CHORUS_WORKS_DEPOSIT_FORM (widget);
  g_autoptr(GPtrArray) problems = chorus_works_deposit_form_check (self);
  GtkWidget *dialog;

  if (problems->len > 0)
    {
      g_autofree char *text = chorus_deposit_problems_join (problems);

      set_problems (self, text);
      return;
    }
  set_problems (self, NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Submit the Works Piece?"),
                                   self->previous != NULL
                                   ? _("Some data were taken from the previous piece of the billing file. Check them "
                                       "in the form before you confirm.")
                                   : _("The piece is sent to Chorus Pro and made available to its recipient."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "send",
                                    _("_Confirm and Send"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_recap (ChorusWorksDepositForm *self)
{
  for (guint i = 0; i < self->recap_rows->len; i++)
    adw_preferences_group_remove (self->recap_group, g_ptr_array_index (self->recap_rows, i));
  g_ptr_array_set_size (self->recap_rows, 0);
}

static void
add_recap (ChorusWorksDepositForm *self, const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && *value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->recap_group, row);
  g_ptr_array_add (self->recap_rows, row);
}

/* Queued in the outbox: the certificate page says it waits to be sent. */
static void
chorus_works_deposit_form_show_pending (ChorusWorksDepositForm *self)
{
  g_autoptr(ChorusWorksDeposit) deposit = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  deposit = chorus_works_deposit_form_get_deposit (self);
  clear_recap (self);
  gtk_image_set_from_icon_name (self->sent_icon, "mail-send-symbolic");
  gtk_label_set_label (self->sent_title, _("Waiting to Be Sent"));
  gtk_label_set_label (self->sent_description, _("The piece is in the outbox: it is sent as soon as Chorus Pro can "
                                                 "be reached, and its certificate shows here."));
  title = g_strdup_printf ("%s – %s", chorus_cadre_short_code (deposit->cadre),
                           chorus_works_type_label (chorus_works_cadre_type (deposit->cadre)));
  add_recap (self, _("Piece"), title);
  add_recap (self, _("Number"), deposit->number);
  gtk_widget_set_visible (self->certificate_buttons, FALSE);
  gtk_widget_set_sensitive (self->export_button, FALSE);
  gtk_widget_set_sensitive (self->dossier_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "certificate");
}

/* The platform took it: the récapitulatif and the certificate. */
static void
chorus_works_deposit_form_show_certificate (ChorusWorksDepositForm *self,
                                            gint64                  piece_id,
                                            const char             *number,
                                            const char             *deposit_date,
                                            const char             *dossier,
                                            const char             *certificate)
{
  g_autofree char *date = chorus_date_format (deposit_date);
  g_autofree char *ht = NULL, *vat = NULL, *ttc = NULL, *to_pay = NULL, *sentence = NULL, *depositor = NULL;
  const char *type;

  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  g_clear_pointer (&self->sent, chorus_works_deposit_free);
  self->sent = chorus_works_deposit_form_get_deposit (self);
  if (dossier != NULL)
    {
      g_free (self->sent->dossier);
      self->sent->dossier = g_strdup (dossier);
    }
  self->sent_piece = piece_id;
  g_free (self->sent_number);
  self->sent_number = g_strdup (number ? number : self->sent->number);
  g_free (self->sent_date);
  self->sent_date = g_strdup (deposit_date);
  g_free (self->sent_certificate);
  self->sent_certificate = g_strdup (certificate);

  type = chorus_works_type_label (chorus_works_cadre_type (self->sent->cadre));
  ht = chorus_amount_format (self->sent->amount_ht, self->sent->currency);
  vat = chorus_amount_format (self->sent->amount_vat, self->sent->currency);
  ttc = chorus_amount_format (self->sent->amount_ttc, self->sent->currency);
  to_pay = chorus_amount_format (self->sent->amount_to_pay, self->sent->currency);
  sentence = g_strdup_printf (_("The piece “%s” (%s) was deposited; it is being sent to the recipient (%s – %s)."),
                              self->sent_number, type, self->sent->recipient_code ? self->sent->recipient_code : "",
                              self->sent->recipient_name ? self->sent->recipient_name : "");
  clear_recap (self);
  gtk_image_set_from_icon_name (self->sent_icon, "emblem-ok-symbolic");
  gtk_label_set_label (self->sent_title, _("Deposit Certificate"));
  gtk_label_set_label (self->sent_description, sentence);
  depositor = g_strdup_printf ("%s", self->role == CHORUS_ROLE_MOE ? (self->sent->moe_name ? self->sent->moe_name : "")
                                     : self->role == CHORUS_ROLE_MOA ? (self->sent->moa_name ? self->sent->moa_name : "")
                                     : (self->sent->supplier_name ? self->sent->supplier_name : ""));
  add_recap (self, chorus_role_label (self->role), depositor);
  add_recap (self, _("Deposit date"), date);
  add_recap (self, _("Certificate number"), certificate);
  add_recap (self, _("Billing file number"), self->sent->dossier ? self->sent->dossier : self->sent_number);
  add_recap (self, _("Total amount excluding VAT"), ht);
  add_recap (self, _("VAT amount"), vat);
  add_recap (self, _("Amount including VAT"), ttc);
  add_recap (self, _("Amount to pay"), to_pay);
  gtk_widget_set_visible (self->certificate_buttons, TRUE);
  gtk_widget_set_sensitive (self->export_button, certificate != NULL);
  gtk_widget_set_sensitive (self->dossier_button, piece_id > 0);
  gtk_stack_set_visible_child_name (self->stack, "certificate");
}

/* Refused (or not queued): back to the form with the platform's words. */
static void
chorus_works_deposit_form_show_error (ChorusWorksDepositForm *self,
                                      const char             *message)
{
  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  set_problems (self, message);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

const char *
chorus_works_deposit_form_get_page (ChorusWorksDepositForm *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
chorus_works_deposit_form_export_certificate (ChorusWorksDepositForm  *self,
                                              const char              *path,
                                              GError                 **error)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self), FALSE);
  g_return_val_if_fail (self->sent != NULL, FALSE);

  return chorus_works_certificate_write_deposit (self->sent, self->sent_number, self->sent_date, self->sent_certificate,
                                                 path, error);
}

/* --- actions ------------------------------------------------------------------------------------ */

static void
file_chosen_cb (GtkNativeDialog *dialog, int response, ChorusWorksDepositForm *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      chorus_works_deposit_form_set_file (self, path);
    }
  g_object_unref (dialog);
}

static void
choose_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("PDF of the Piece"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_chosen (GtkWidget *owner, const char *path)
{
  g_autoptr(GError) error = NULL;

  chorus_works_deposit_form_export_certificate (CHORUS_WORKS_DEPOSIT_FORM (owner), path, &error);
  chorus_works_certificate_report (owner, error);
}

static void
export_certificate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksDepositForm *self = CHORUS_WORKS_DEPOSIT_FORM (widget);

  if (self->sent != NULL)
    chorus_works_certificate_save_as (widget, self->sent_number, export_chosen);
}

static void
show_dossier_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksDepositForm *self = CHORUS_WORKS_DEPOSIT_FORM (widget);

  g_signal_emit (self, signals[SIGNAL_SHOW_DOSSIER], 0, self->sent_piece);
}

static void
new_deposit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_NEW_DEPOSIT], 0);
}

/* --- setup --------------------------------------------------------------------------------------- */

void
chorus_works_deposit_form_set_directory (ChorusWorksDepositForm *self,
                                         ChorusDirectory        *directory)
{
  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  g_set_object (&self->directory, directory);
}

void
chorus_works_deposit_form_set_structures (ChorusWorksDepositForm *self,
                                          GPtrArray              *structures)
{
  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  g_clear_pointer (&self->structures, g_ptr_array_unref);
  self->structures = structures ? g_ptr_array_ref (structures) : NULL;
}

void
chorus_works_deposit_form_set_today (ChorusWorksDepositForm *self,
                                     const char             *today)
{
  g_return_if_fail (CHORUS_IS_WORKS_DEPOSIT_FORM (self));

  g_free (self->today);
  self->today = g_strdup (today);
}

static void
chorus_works_deposit_form_dispose (GObject *object)
{
  ChorusWorksDepositForm *self = CHORUS_WORKS_DEPOSIT_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  chorus_works_deposit_form_set_sync (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_DEPOSIT_FORM);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_clear_pointer (&self->own, g_ptr_array_unref);
  g_clear_pointer (&self->previous, chorus_works_piece_free);
  g_clear_pointer (&self->recap_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sent, chorus_works_deposit_free);
  party_clear (&self->supplier);
  party_clear (&self->moe);
  party_clear (&self->moa);
  g_clear_pointer (&self->pdf_path, g_free);
  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->sent_number, g_free);
  g_clear_pointer (&self->sent_date, g_free);
  g_clear_pointer (&self->sent_certificate, g_free);
  G_OBJECT_CLASS (chorus_works_deposit_form_parent_class)->dispose (object);
}

static void
chorus_works_deposit_form_class_init (ChorusWorksDepositFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_deposit_form_dispose;

  signals[SIGNAL_SHOW_DOSSIER] = g_signal_new ("show-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                               NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_NEW_DEPOSIT] = g_signal_new ("new-deposit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-deposit-form.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusWorksDepositForm, name)
  BIND (stack); BIND (type_row); BIND (previous_row); BIND (file_row); BIND (cadre_row); BIND (cadre_model);
  BIND (structure_row); BIND (structure_model); BIND (parties_group); BIND (supplier_row); BIND (moe_row);
  BIND (moa_row); BIND (service_row); BIND (number_row); BIND (date_row); BIND (currency_row); BIND (vat_type_row);
  BIND (vat_type_model); BIND (market_row); BIND (engagement_row); BIND (ht_row); BIND (vat_row); BIND (ttc_row);
  BIND (to_pay_row); BIND (comment_row); BIND (problems_label); BIND (sent_icon); BIND (sent_title); BIND (sent_description); BIND (recap_group);
  BIND (certificate_buttons); BIND (export_button); BIND (dossier_button);
#undef BIND
  gtk_widget_class_install_action (widget_class, "form.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "form.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "form.export-certificate", NULL, export_certificate_action);
  gtk_widget_class_install_action (widget_class, "form.show-dossier", NULL, show_dossier_action);
  gtk_widget_class_install_action (widget_class, "form.new-deposit", NULL, new_deposit_action);
}

static void
chorus_works_deposit_form_init (ChorusWorksDepositForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->recap_rows = g_ptr_array_new ();
  self->role = CHORUS_ROLE_FOURNISSEUR;
  self->supplier = (Party) { self->supplier_row, N_("Supplier (SIRET)") };
  self->moe = (Party) { self->moe_row, N_("Project manager (SIRET)") };
  self->moa = (Party) { self->moa_row, N_("Contracting authority, recipient (SIRET)") };
  for (gsize i = 0; i < G_N_ELEMENTS (vat_types); i++)
    gtk_string_list_append (self->vat_type_model, vat_types[i] == CHORUS_VAT_TYPE_UNKNOWN ? _("Not given")
                                                                                          : chorus_vat_type_label (vat_types[i]));
  g_signal_connect (self->supplier_row, "apply", G_CALLBACK (party_apply_cb), self);
  g_signal_connect (self->moe_row, "apply", G_CALLBACK (party_apply_cb), self);
  g_signal_connect (self->moa_row, "apply", G_CALLBACK (party_apply_cb), self);
  g_signal_connect (self->supplier_row, "changed", G_CALLBACK (party_changed_cb), self);
  g_signal_connect (self->moe_row, "changed", G_CALLBACK (party_changed_cb), self);
  g_signal_connect (self->moa_row, "changed", G_CALLBACK (party_changed_cb), self);
}

GtkWidget *
chorus_works_deposit_form_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_DEPOSIT_FORM, NULL);
}
