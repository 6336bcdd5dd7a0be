/* chorus-works-workspace.c: pieces per role, the dossier as a chain, and what the rules let this role do. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-client-directory.h"
#include "chorus-deposit-wizard.h"
#include "chorus-plain-text.h"
#include "chorus-works-chain.h"
#include "chorus-works-workspace.h"

static const ChorusRole roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };

struct _ChorusWorksWorkspace
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkDropDown          *role_dropdown;
  GtkStringList        *role_model;
  GtkToggleButton      *synthese_toggle;
  GtkLabel             *count_label;
  GtkListBox           *piece_list;
  AdwStatusPage        *empty_page;
  GtkWidget            *detail_box;
  GtkWidget            *no_selection_page;
  GtkLabel             *dossier_label;
  ChorusWorksChain     *chain;
  AdwActionRow         *parties_row;
  AdwActionRow         *status_row;
  AdwActionRow         *motif_row;
  AdwPreferencesGroup  *action_group;
  AdwComboRow          *refusal_row;
  GtkStringList        *refusal_model;
  AdwEntryRow          *motif_entry;
  GtkFlowBox           *action_box;
  GtkLabel             *action_message;
  ChorusDepositWizard  *wizard;

  ChorusClient         *client;
  GCancellable         *cancellable;
  GPtrArray            *pieces;        /* ChorusWorksPiece listed */
  ChorusWorksPiece     *current;       /* the piece shown */
  ChorusWorksPiece     *associating;   /* previous piece of the one being deposited */
  guint                 busy;
};

G_DEFINE_FINAL_TYPE (ChorusWorksWorkspace, chorus_works_workspace, GTK_TYPE_WIDGET)

static void show_piece (ChorusWorksWorkspace *self, const ChorusWorksPiece *piece);

static void
set_message (ChorusWorksWorkspace *self, const char *message, gboolean is_error)
{
  gtk_label_set_label (self->action_message, message ? message : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->action_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->action_message), "error");
}

ChorusRole
chorus_works_workspace_get_role (ChorusWorksWorkspace *self)
{
  guint selected;

  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), CHORUS_ROLE_UNKNOWN);

  selected = gtk_drop_down_get_selected (self->role_dropdown);
  return selected < G_N_ELEMENTS (roles) ? roles[selected] : CHORUS_ROLE_FOURNISSEUR;
}

/* --- the list ------------------------------------------------------------------ */

static GtkWidget *
piece_row_new (const ChorusWorksPiece *piece)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (piece->status != CHORUS_WORKS_STATUS_UNKNOWN
                                     ? chorus_works_status_label (piece->status) : piece->status_code);
  g_autofree char *title = g_strdup_printf ("%s · %s", chorus_cadre_short_code (piece->cadre), piece->number ? piece->number : "");
  g_autofree char *amount = chorus_amount_format (piece->amount_ht, piece->currency);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", piece->supplier_name ? piece->supplier_name : "",
                                               piece->moa_name ? piece->moa_name : "", amount);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (status), 16);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, piece->status == CHORUS_WORKS_STATUS_REFUSEE ? "error"
                                    : piece->status == CHORUS_WORKS_STATUS_SUSPENDUE ? "warning" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
fill_list (ChorusWorksWorkspace *self, GPtrArray *all)
{
  ChorusRole role = chorus_works_workspace_get_role (self);
  gboolean synthese = gtk_toggle_button_get_active (self->synthese_toggle);
  GtkListBoxRow *row;
  g_autofree char *count = NULL;

  while ((row = gtk_list_box_get_row_at_index (self->piece_list, 0)) != NULL)
    gtk_list_box_remove (self->piece_list, GTK_WIDGET (row));
  g_clear_pointer (&self->pieces, g_ptr_array_unref);
  self->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (all, i);

      /* The Synthèse: what waits for this role, as the rules say. */
      if (synthese && !chorus_works_needs_action (role, piece->cadre, piece->status))
        continue;
      g_ptr_array_add (self->pieces, chorus_works_piece_copy (piece));
      gtk_list_box_append (self->piece_list, piece_row_new (piece));
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u piece", "%u pieces", self->pieces->len), self->pieces->len);
  gtk_label_set_label (self->count_label, count);
  adw_status_page_set_description (self->empty_page, synthese ? _("Nothing waits for you in this role.") : NULL);
}

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = chorus_client_call_finish (CHORUS_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) pieces = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->busy--;
  if (answer != NULL)
    pieces = chorus_works_pieces_from_json (answer, "listeFacturesTravaux", &error);
  if (pieces == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Pieces Cannot Be Loaded"));
      chorus_status_page_set_plain_description (self->empty_page, error->message);
      fill_list (self, NULL);
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Pieces"));
      fill_list (self, pieces);
    }
  g_object_unref (self);
}

void
chorus_works_workspace_refresh (ChorusWorksWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  if (self->client == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 1;
  gtk_widget_set_visible (self->detail_box, FALSE);
  {
    g_autoptr(JsonObject) body = chorus_works_build_search (chorus_works_workspace_get_role (self), 1, 500);

    chorus_client_call_async (self->client, "facturesTravaux/v1/rechercher", body, self->cancellable, search_cb,
                              g_object_ref (self));
  }
}

GPtrArray *
chorus_works_workspace_get_pieces (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  return self->pieces;
}

/* --- the dossier and the actions ----------------------------------------------------- */

static void action_clicked_cb (GtkButton *button, ChorusWorksWorkspace *self);

static void
fill_actions (ChorusWorksWorkspace *self, const ChorusWorksPiece *piece)
{
  ChorusRole role = chorus_works_workspace_get_role (self);
  ChorusWorksAction actions[CHORUS_WORKS_ACTION_LAST];
  gsize n = chorus_works_available_actions (role, piece->cadre, piece->status, actions, G_N_ELEMENTS (actions));
  gboolean can_refuse = FALSE, other_reason;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->action_box))) != NULL)
    gtk_flow_box_remove (self->action_box, child);
  for (gsize i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (chorus_works_action_label (actions[i]));

      g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (actions[i]));
      if (actions[i] == CHORUS_WORKS_ACTION_ASSOCIATE)
        gtk_widget_add_css_class (button, "suggested-action");
      if (actions[i] == CHORUS_WORKS_ACTION_REFUSE)
        {
          gtk_widget_add_css_class (button, "destructive-action");
          can_refuse = TRUE;
        }
      g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
      gtk_flow_box_append (self->action_box, button);
    }
  /* "Other reason" only where the rules allow it (a décompte général). */
  other_reason = can_refuse && chorus_works_check_action (CHORUS_WORKS_ACTION_REFUSE, role, piece->cadre, piece->status,
                                                           CHORUS_WORKS_REFUSAL_OTHER, "-", NULL);
  gtk_string_list_splice (self->refusal_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->refusal_model)), NULL);
  gtk_string_list_append (self->refusal_model, _("Error in the routing data"));
  if (other_reason)
    gtk_string_list_append (self->refusal_model, _("Other reason, no error in the amounts"));
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_row), can_refuse);
  gtk_widget_set_visible (GTK_WIDGET (self->action_group), n > 0);
  adw_preferences_group_set_description (self->action_group,
                                         can_refuse ? _("A piece may be refused only for an error in its routing data; "
                                                        "suspend it when information is missing.") : NULL);
}

static void
show_piece (ChorusWorksWorkspace *self, const ChorusWorksPiece *piece)
{
  g_autofree char *parties = NULL;
  g_autofree char *status = NULL;
  g_autofree char *date = NULL;

  ChorusWorksPiece *copy = chorus_works_piece_copy (piece);
  gboolean same = self->current != NULL && self->current->id == piece->id;

  /* @piece may be self->current itself. */
  g_clear_pointer (&self->current, chorus_works_piece_free);
  self->current = copy;
  piece = copy;
  parties = g_strdup_printf (_("Supplier: %s\nProject manager: %s\nContracting authority: %s"),
                             piece->supplier_name ? piece->supplier_name : "—",
                             piece->moe_name ? piece->moe_name : "—", piece->moa_name ? piece->moa_name : "—");
  date = chorus_date_format (piece->status_date);
  status = g_strdup_printf ("%s · %s", piece->status != CHORUS_WORKS_STATUS_UNKNOWN
                                       ? chorus_works_status_label (piece->status) : piece->status_code,
                            date ? date : "");
  adw_action_row_set_subtitle (self->parties_row, parties);
  adw_action_row_set_subtitle (self->status_row, status);
  adw_action_row_set_subtitle (self->motif_row, piece->status_comment ? piece->status_comment : "");
  gtk_widget_set_visible (GTK_WIDGET (self->motif_row), piece->status_comment != NULL);
  if (!same)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->motif_entry), "");
      set_message (self, NULL, FALSE);
    }
  fill_actions (self, piece);
  gtk_widget_set_visible (self->detail_box, TRUE);
}

static void
dossier_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = chorus_client_call_finish (CHORUS_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) pieces = NULL;
  g_autofree char *title = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->busy--;
  if (answer != NULL)
    pieces = chorus_works_pieces_from_json (answer, "listePieces", &error);
  if (pieces == NULL)
    {
      set_message (self, error->message, TRUE);
      g_object_unref (self);
      return;
    }
  chorus_works_chain_set_pieces (self->chain, pieces, self->current ? self->current->id : 0);
  /* The dossier is the freshest view of these pieces: the detail and the list follow it. */
  for (guint i = 0; i < pieces->len; i++)
    {
      const ChorusWorksPiece *fresh = g_ptr_array_index (pieces, i);

      for (guint j = 0; self->pieces != NULL && j < self->pieces->len; j++)
        if (((ChorusWorksPiece *) g_ptr_array_index (self->pieces, j))->id == fresh->id)
          {
            chorus_works_piece_free (g_ptr_array_index (self->pieces, j));
            g_ptr_array_index (self->pieces, j) = chorus_works_piece_copy (fresh);
          }
    }
  if (chorus_works_chain_get_selected (self->chain) != NULL)
    show_piece (self, chorus_works_chain_get_selected (self->chain));
  title = g_strdup_printf (_("Billing file %s"), self->current && self->current->dossier ? self->current->dossier : "");
  gtk_label_set_label (self->dossier_label, title);
  g_object_unref (self);
}

void
chorus_works_workspace_select (ChorusWorksWorkspace *self,
                               gint64                piece_id)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  for (guint i = 0; self->pieces != NULL && i < self->pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (self->pieces, i);

      if (piece->id != piece_id)
        continue;
      gtk_list_box_select_row (self->piece_list, gtk_list_box_get_row_at_index (self->piece_list, (int) i));
      show_piece (self, piece);
    }
  if (self->client == NULL)
    return;
  json_object_set_int_member (body, "idFactureTravaux", piece_id);
  self->busy++;
  chorus_client_call_async (self->client, "facturesTravaux/v1/consulter/dossierfacturation", body, self->cancellable,
                            dossier_cb, g_object_ref (self));
}

static void
row_activated_cb (GtkListBox *list, GtkListBoxRow *row, ChorusWorksWorkspace *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->pieces != NULL && index >= 0 && (guint) index < self->pieces->len)
    chorus_works_workspace_select (self, ((ChorusWorksPiece *) g_ptr_array_index (self->pieces, index))->id);
}

static void
chain_selected_cb (ChorusWorksChain *chain, const ChorusWorksPiece *piece, ChorusWorksWorkspace *self)
{
  show_piece (self, piece);
}

static void
action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = chorus_client_call_finish (CHORUS_CLIENT (source), result, &error);
  gint64 id = self->current ? self->current->id : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->busy--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_box), TRUE);
  if (answer == NULL)
    {
      /* The platform's own words; the piece stays as it was. */
      set_message (self, error->message, TRUE);
      g_object_unref (self);
      return;
    }
  if (self->current != NULL)
    {
      self->current->status = chorus_works_status_from_api (json_object_get_string_member_with_default (answer, "statut", NULL));
      g_free (self->current->status_code);
      self->current->status_code = g_strdup (json_object_get_string_member_with_default (answer, "statut", NULL));
      show_piece (self, self->current);
    }
  set_message (self, _("Done."), FALSE);
  /* Reload the dossier so the chain shows the new status. */
  if (id != 0)
    chorus_works_workspace_select (self, id);
  g_object_unref (self);
}

void
chorus_works_workspace_run_action (ChorusWorksWorkspace *self,
                                   ChorusWorksAction     action,
                                   ChorusWorksRefusal    refusal,
                                   const char           *motif)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  ChorusRole role;
  const char *path;

  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  if (self->current == NULL)
    return;
  role = chorus_works_workspace_get_role (self);
  /* The rules are checked here first: the user gets the reason at once, in French. */
  if (!chorus_works_check_action (action, role, self->current->cadre, self->current->status, refusal, motif, &error))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  if (action == CHORUS_WORKS_ACTION_ASSOCIATE)
    {
      g_autoptr(ChorusInvoice) previous = chorus_works_piece_to_invoice (self->current);

      g_clear_pointer (&self->associating, chorus_works_piece_free);
      self->associating = chorus_works_piece_copy (self->current);
      chorus_deposit_wizard_set_role (self->wizard, role);
      chorus_deposit_wizard_start_association (self->wizard, previous, self->current->id);
      gtk_stack_set_visible_child_name (self->stack, "associate");
      return;
    }
  if (self->client == NULL)
    return;
  if (action == CHORUS_WORKS_ACTION_COMPLETE)
    {
      body = chorus_works_build_complete (self->current->id, motif);
      path = "facturesTravaux/v1/completer";
    }
  else
    {
      body = chorus_works_build_process (self->current->id, action, refusal, motif);
      path = "facturesTravaux/v1/traiter";
    }
  self->busy++;
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_box), FALSE);
  set_message (self, _("Sending…"), FALSE);
  chorus_client_call_async (self->client, path, body, self->cancellable, action_done_cb, g_object_ref (self));
}

static void
action_clicked_cb (GtkButton *button, ChorusWorksWorkspace *self)
{
  ChorusWorksAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));
  ChorusWorksRefusal refusal = adw_combo_row_get_selected (self->refusal_row) == 1 ? CHORUS_WORKS_REFUSAL_OTHER
                                                                                  : CHORUS_WORKS_REFUSAL_ROUTING_ERROR;

  chorus_works_workspace_run_action (self, action, refusal, gtk_editable_get_text (GTK_EDITABLE (self->motif_entry)));
}

const char *
chorus_works_workspace_get_message (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  return gtk_label_get_label (self->action_message);
}

gboolean
chorus_works_workspace_is_busy (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), FALSE);

  return self->busy > 0;
}

/* --- associating the next piece ---------------------------------------------------------- */

typedef struct {
  ChorusWorksWorkspace *self;
  ChorusDepositDraft   *draft;
} Submit;

static void
submit_free (Submit *submit)
{
  g_object_unref (submit->self);
  chorus_deposit_draft_free (submit->draft);
  g_free (submit);
}

static void
works_submitted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Submit *submit = user_data;
  ChorusWorksWorkspace *self = submit->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = chorus_client_call_finish (CHORUS_CLIENT (source), result, &error);

  self->busy--;
  if (answer == NULL)
    chorus_deposit_wizard_show_send_error (self->wizard, error->message);
  else
    chorus_deposit_wizard_show_certificate (self->wizard,
                                            json_object_get_string_member_with_default (answer, "numeroFactureTravaux", NULL),
                                            json_object_get_string_member_with_default (answer, "dateDepot", NULL),
                                            CHORUS_STATUS_DEPOSEE,
                                            json_object_get_string_member_with_default (answer, "empreinteCertificatDepot", NULL));
  submit_free (submit);
}

static void
pdf_deposited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Submit *submit = user_data;
  ChorusWorksWorkspace *self = submit->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) deposited = chorus_client_deposit_pdf_finish (CHORUS_CLIENT (source), result, &error);
  g_autoptr(JsonObject) body = NULL;

  if (deposited == NULL)
    {
      self->busy--;
      chorus_deposit_wizard_show_send_error (self->wizard, error->message);
      submit_free (submit);
      return;
    }
  body = chorus_works_build_submit (self->associating, submit->draft->invoice, 0, deposited->attachment_id);
  chorus_client_call_async (self->client, "facturesTravaux/v1/soumettre", body, NULL, works_submitted_cb, submit);
}

static void
wizard_submit_cb (ChorusDepositWizard *wizard, ChorusDepositDraft *draft, ChorusWorksWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *name = NULL;
  Submit *submit;
  char *data = NULL;
  gsize length = 0;

  if (self->client == NULL || self->associating == NULL || draft->pdf_path == NULL)
    {
      chorus_deposit_wizard_show_send_error (wizard, _("Not connected to Chorus Pro."));
      return;
    }
  if (!g_file_get_contents (draft->pdf_path, &data, &length, &error))
    {
      chorus_deposit_wizard_show_send_error (wizard, error->message);
      return;
    }
  pdf = g_bytes_new_take (data, length);
  name = g_path_get_basename (draft->pdf_path);
  submit = g_new0 (Submit, 1);
  submit->self = g_object_ref (self);
  submit->draft = chorus_deposit_draft_copy (draft);
  self->busy++;
  chorus_client_deposit_pdf_async (self->client, pdf, name, NULL, pdf_deposited_cb, submit);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);

  gtk_stack_set_visible_child_name (self->stack, "pieces");
  chorus_works_workspace_refresh (self);
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_works_workspace_refresh (CHORUS_WORKS_WORKSPACE (widget));
}

/* --- setup ------------------------------------------------------------------------------ */

void
chorus_works_workspace_set_client (ChorusWorksWorkspace *self,
                                   ChorusClient         *client)
{
  g_autoptr(ChorusDirectory) directory = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));
  g_return_if_fail (client == NULL || CHORUS_IS_CLIENT (client));

  g_set_object (&self->client, client);
  if (client != NULL)
    {
      directory = chorus_client_directory_new (client);
      chorus_deposit_wizard_set_directory (self->wizard, directory);
    }
  chorus_works_workspace_refresh (self);
}

void
chorus_works_workspace_set_role (ChorusWorksWorkspace *self,
                                 ChorusRole            role)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] == role)
      gtk_drop_down_set_selected (self->role_dropdown, i);
}

static void
chorus_works_workspace_dispose (GObject *object)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_WORKSPACE);
  g_clear_object (&self->client);
  g_clear_pointer (&self->pieces, g_ptr_array_unref);
  g_clear_pointer (&self->current, chorus_works_piece_free);
  g_clear_pointer (&self->associating, chorus_works_piece_free);
  G_OBJECT_CLASS (chorus_works_workspace_parent_class)->dispose (object);
}

static void
chorus_works_workspace_class_init (ChorusWorksWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_workspace_dispose;

  g_type_ensure (CHORUS_TYPE_WORKS_CHAIN);
  g_type_ensure (CHORUS_TYPE_DEPOSIT_WIZARD);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-workspace.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusWorksWorkspace, name)
  BIND (stack); BIND (role_dropdown); BIND (role_model); BIND (synthese_toggle); BIND (count_label);
  BIND (piece_list); BIND (empty_page); BIND (detail_box); BIND (no_selection_page); BIND (dossier_label); BIND (chain); BIND (parties_row);
  BIND (status_row); BIND (motif_row); BIND (action_group); BIND (refusal_row); BIND (refusal_model);
  BIND (motif_entry); BIND (action_box); BIND (action_message); BIND (wizard);
#undef BIND
  gtk_widget_class_install_action (widget_class, "works.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "works.back", NULL, back_action);
}

static void
chorus_works_workspace_init (ChorusWorksWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The placeholder stands in the detail column whenever no piece is shown. */
  g_object_bind_property (self->detail_box, "visible", self->no_selection_page, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (self->role_model, chorus_role_label (roles[i]));
  g_signal_connect_swapped (self->role_dropdown, "notify::selected", G_CALLBACK (chorus_works_workspace_refresh), self);
  g_signal_connect_swapped (self->synthese_toggle, "toggled", G_CALLBACK (chorus_works_workspace_refresh), self);
  g_signal_connect (self->piece_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect (self->chain, "piece-selected", G_CALLBACK (chain_selected_cb), self);
  g_signal_connect (self->wizard, "submit", G_CALLBACK (wizard_submit_cb), self);
}

GtkWidget *
chorus_works_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_WORKSPACE, NULL);
}
