/* chorus-works-piece-view.c: a works piece with its billing file, what the role may do (and why not), and its PDF. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-pdf-view.h"
#include "chorus-plain-text.h"
#include "chorus-status.h"
#include "chorus-sync-works.h"
#include "chorus-works-certificate.h"
#include "chorus-works-chain.h"
#include "chorus-works-dossier-text.h"
#include "chorus-works-item.h"
#include "chorus-works-piece-view.h"
#include "chorus-file-choice.h"

struct _ChorusWorksPieceView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *paned;
  GtkLabel          *dossier_label;
  GtkLabel          *next_step_label;
  GtkLabel          *clock_label;
  ChorusWorksChain  *chain;
  AdwActionRow      *cadre_row;
  AdwActionRow      *status_row;
  AdwActionRow      *motif_row;
  AdwActionRow      *pending_row;
  AdwActionRow      *parties_row;
  AdwActionRow      *amounts_row;
  AdwActionRow      *references_row;
  AdwActionRow      *attachments_row;
  AdwActionRow      *certificate_row;
  AdwActionRow      *pdf_row;
  AdwPreferencesGroup *action_group;
  AdwEntryRow       *comment_row;
  AdwExpanderRow    *files_row;
  GtkListBox        *action_list;
  ChorusPdfView     *pdf_view;

  ChorusRole         role;
  GPtrArray         *pieces;      /* the billing file, ordered */
  ChorusWorksPiece  *piece;       /* shown */
  ChorusWorksAction  pending;
  GPtrArray         *files;       /* char *, NULL-terminated */
  GPtrArray         *file_rows;   /* GtkWidget in files_row */
  char              *today;
  GBytes            *pdf;         /* the shown piece's PDF, once fetched */
  char              *pdf_name;
  char              *last_toast;

  ChorusSync        *sync;
  GCancellable      *cancellable;  /* the shown piece's billing file and PDF */
  guint              loading;
  gint64             opening;      /* the piece asked for, until its billing file comes */
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (ChorusWorksPieceView, chorus_works_piece_view, GTK_TYPE_WIDGET)

enum { SIGNAL_DEPOSIT_NEXT, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void load_pdf (ChorusWorksPieceView *self);
static void queue_action (ChorusWorksPieceView *self, ChorusWorksAction action);

/* What each action is, said to the user, and the name its button has (for tests and a11y). */
static const struct {
  const char *title;
  const char *button;
  const char *explanation;
  const char *name;
} action_texts[CHORUS_WORKS_ACTION_LAST] = {
  [CHORUS_WORKS_ACTION_ASSOCIATE] = { N_("Take into account"), N_("Deposit the Next Piece"),
                                      N_("Taking a piece into account is depositing the next piece of its billing file."),
                                      "action-associate" },
  [CHORUS_WORKS_ACTION_SUSPEND] = { N_("Suspension"), N_("Suspend"),
                                    N_("Information is missing: the depositor completes the piece. Say what is missing above."),
                                    "action-suspend" },
  [CHORUS_WORKS_ACTION_REFUSE] = { N_("Refusal for a routing error"), N_("Refuse…"),
                                   N_("Only when the piece was sent to you by mistake (recipient, project manager, contracting "
                                      "authority or service). A disagreement on amounts is settled by the next piece."),
                                   "action-refuse" },
  [CHORUS_WORKS_ACTION_ASK_RECYCLE] = { N_("Recycling of the previous piece"), N_("Ask for Recycling"),
                                        N_("The supplier's previous piece goes back to the supplier to be corrected."),
                                        "action-ask-recycle" },
  [CHORUS_WORKS_ACTION_RECYCLE] = { N_("Recycling"), N_("Recycle"),
                                    N_("Correct the piece sent back; it then takes its place in the billing file again."),
                                    "action-recycle" },
  [CHORUS_WORKS_ACTION_COMPLETE] = { N_("Answer to the suspension"), N_("Complete"),
                                     N_("Join the documents asked for, with a comment if needed."), "action-complete" },
  [CHORUS_WORKS_ACTION_COMPLETE_MOE] = { N_("Answer to the suspension"), N_("Complete"),
                                         N_("Join the documents asked for, with a comment if needed."),
                                         "action-complete-moe" },
};

/* The outcome of the user's action on the piece, as a toast. */
static void
show_toast (ChorusWorksPieceView *self,
            const char           *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  chorus_toast_show_plain (GTK_WIDGET (self), text);
}

const char *
chorus_works_piece_view_get_last_toast (ChorusWorksPieceView *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self), NULL);

  return self->last_toast;
}

/* Whether @role ever does @action on some piece: the actions shown to this role. */
static gboolean
role_does (ChorusRole role, ChorusWorksAction action)
{
  for (ChorusCadre cadre = CHORUS_CADRE_A1; cadre < CHORUS_CADRE_LAST; cadre++)
    for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; chorus_works_cadre_is_piece (cadre) && status < CHORUS_STATUS_LAST;
         status++)
      if (chorus_works_check_action (action, role, cadre, status, CHORUS_CADRE_A4, "-", TRUE, NULL))
        return TRUE;
  return FALSE;
}

static const ChorusWorksPiece *
previous_of (ChorusWorksPieceView *self, const ChorusWorksPiece *piece)
{
  for (guint i = 0; self->pieces != NULL && i < self->pieces->len; i++)
    if (((ChorusWorksPiece *) g_ptr_array_index (self->pieces, i))->id == piece->previous_id)
      return g_ptr_array_index (self->pieces, i);
  return NULL;
}

static ChorusCadre
previous_cadre (ChorusWorksPieceView *self)
{
  const ChorusWorksPiece *previous = previous_of (self, self->piece);

  if (previous != NULL)
    return previous->cadre;
  return self->piece->previous_cadre;
}

static void
action_clicked_cb (GtkButton *button, ChorusWorksPieceView *self);

static void
fill_actions (ChorusWorksPieceView *self)
{
  GtkWidget *child;
  ChorusCadre before = previous_cadre (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->action_list))) != NULL)
    gtk_list_box_remove (self->action_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->files_row), FALSE);

  for (ChorusWorksAction action = 0; action < CHORUS_WORKS_ACTION_LAST; action++)
    {
      g_autoptr(GError) why_not = NULL;
      GtkWidget *row, *button;
      gboolean possible;

      if (!role_does (self->role, action))
        continue;
      if (action == CHORUS_WORKS_ACTION_COMPLETE || action == CHORUS_WORKS_ACTION_COMPLETE_MOE)
        gtk_widget_set_visible (GTK_WIDGET (self->files_row), TRUE);
      /* Only whether it is possible now; the comment is checked when the button is pressed. */
      possible = chorus_works_check_action (action, self->role, self->piece->cadre, self->piece->status, before, "-",
                                            TRUE, &why_not) && self->pending == CHORUS_WORKS_ACTION_LAST;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(action_texts[action].title));
      if (possible && action == CHORUS_WORKS_ACTION_ASSOCIATE)
        {
          g_autofree char *next = chorus_works_next_cadres_text (self->piece, self->role);
          g_autofree char *text = g_strdup_printf (_("Deposit the next piece of the billing file: %s."), next);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
        }
      else if (possible)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(action_texts[action].explanation));
      else if (self->pending != CHORUS_WORKS_ACTION_LAST)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("An action on this piece is waiting to be sent."));
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why_not->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      button = gtk_button_new_with_mnemonic (_(action_texts[action].button));
      gtk_widget_set_name (button, action_texts[action].name);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, possible);
      if (!possible)
        gtk_widget_set_tooltip_text (button, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      if (action == CHORUS_WORKS_ACTION_ASSOCIATE)
        gtk_widget_add_css_class (button, "suggested-action");
      else if (action == CHORUS_WORKS_ACTION_REFUSE)
        gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data (G_OBJECT (button), "works-action", GINT_TO_POINTER (action));
      g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      if (!possible)
        gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->action_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->action_group), gtk_widget_get_first_child (GTK_WIDGET (self->action_list)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->action_list), gtk_widget_get_first_child (GTK_WIDGET (self->action_list)) != NULL);
}

static char *
party_line (const char *title, const ChorusWorksParty *party)
{
  g_autofree char *service = NULL;

  if (party->name == NULL && party->identifier == NULL)
    return g_strdup_printf ("%s : —", title);
  /* The service routes the piece inside the structure: who at the MOA handles it. */
  if (party->service_code != NULL)
    service = g_strdup_printf (_(", service %s"), party->service_code);
  if (party->identifier == NULL)
    return g_strdup_printf ("%s : %s%s", title, party->name, service ? service : "");
  return g_strdup_printf ("%s : %s (%s)%s", title, party->name ? party->name : "", party->identifier,
                          service ? service : "");
}

static void
show_next_step (ChorusWorksPieceView *self)
{
  g_autofree char *text = NULL;

  /* The step the file waits for was taken here: what comes next is Chorus Pro's answer. */
  if (self->pending != CHORUS_WORKS_ACTION_LAST)
    text = g_strdup_printf (_("Next step: Chorus Pro's answer (“%s” waits in the outbox of this computer)."),
                            _(action_texts[self->pending].title));
  else
    text = chorus_works_next_step_text (self->pieces, self->piece);
  gtk_label_set_label (self->next_step_label, text);
}

static void
show_clock (ChorusWorksPieceView *self)
{
  gboolean late = FALSE;
  g_autofree char *text = chorus_works_clock_text (self->pieces, self->today, &late);

  gtk_label_set_label (self->clock_label, text ? text : "");
  if (late)
    gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->clock_label), text != NULL);
}

static void
show_piece (ChorusWorksPieceView *self)
{
  const ChorusWorksPiece *piece = self->piece;
  g_autofree char *title = NULL, *cadre = NULL, *status = NULL, *date = NULL, *parties = NULL, *amounts = NULL;
  g_autofree char *references = NULL, *ht = NULL, *vat = NULL, *ttc = NULL, *to_pay = NULL, *deposit = NULL;
  g_autofree char *supplier = NULL, *moe = NULL, *moa = NULL, *recipient = NULL;
  const char *motif_title;
  gboolean motif_shown;

  title = g_strdup_printf (_("Billing File No. %s"), piece->dossier ? piece->dossier
                                                     : ((ChorusWorksPiece *) g_ptr_array_index (self->pieces, 0))->number);
  gtk_label_set_label (self->dossier_label, title);
  show_next_step (self);
  show_clock (self);

  cadre = piece->cadre_certain
          ? g_strdup_printf ("%s – %s", chorus_cadre_short_code (piece->cadre), chorus_cadre_label (piece->cadre))
          : g_strdup_printf (_("%s – %s (deduced from the type: %s)"), chorus_cadre_short_code (piece->cadre),
                             chorus_cadre_label (piece->cadre), chorus_works_type_label (piece->type));
  adw_action_row_set_subtitle (self->cadre_row, cadre);
  date = chorus_date_format (piece->status_date);
  status = g_strdup_printf ("%s · %s", chorus_works_piece_status_label (piece), date ? date : "");
  adw_action_row_set_subtitle (self->status_row, status);
  motif_title = chorus_status_works_motif_title (piece->status);
  motif_shown = piece->status_comment != NULL && motif_title != NULL;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->motif_row), motif_title ? motif_title : "");
  adw_action_row_set_subtitle (self->motif_row, piece->status_comment ? piece->status_comment : "");
  gtk_widget_set_visible (GTK_WIDGET (self->motif_row), motif_shown);

  supplier = party_line (_("Supplier"), &piece->supplier);
  moe = party_line (_("Project manager"), &piece->moe);
  moa = party_line (_("Contracting authority"), &piece->moa);
  recipient = party_line (_("Recipient"), &piece->recipient);
  parties = g_strdup_printf ("%s\n%s\n%s\n%s", supplier, moe, moa, recipient);
  adw_action_row_set_subtitle (self->parties_row, parties);
  ht = chorus_amount_format (piece->amount_ht, piece->currency);
  vat = chorus_amount_format (piece->amount_vat, piece->currency);
  ttc = chorus_amount_format (piece->amount_ttc, piece->currency);
  to_pay = chorus_amount_format (piece->amount_to_pay, piece->currency);
  amounts = g_strdup_printf (_("Excl. VAT %s · VAT %s · Incl. VAT %s · To pay %s"), ht, vat, ttc, to_pay);
  adw_action_row_set_subtitle (self->amounts_row, amounts);
  g_free (date);
  date = chorus_date_format (piece->deposit_date);
  deposit = g_strdup_printf (_("Deposited on %s"), date ? date : "—");
  references = g_strdup_printf (_("Contract: %s · Engagement: %s · %s"), piece->market_number ? piece->market_number : "—",
                                piece->engagement_number ? piece->engagement_number : "—", deposit);
  adw_action_row_set_subtitle (self->references_row, references);
  if (piece->attachments != NULL && piece->attachments->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < piece->attachments->len; i++)
        g_string_append_printf (list, "%s%s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (piece->attachments, i));
      adw_action_row_set_subtitle (self->attachments_row, list->str);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_row), piece->attachments != NULL && piece->attachments->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_row), self->pending != CHORUS_WORKS_ACTION_LAST);
  if (self->pending != CHORUS_WORKS_ACTION_LAST)
    {
      g_autofree char *text = g_strdup_printf (_("%s: kept in the outbox until Chorus Pro confirms it."),
                                               _(action_texts[self->pending].title));

      adw_action_row_set_subtitle (self->pending_row, text);
    }
  fill_actions (self);
}

/* @pieces: the billing file, ordered (chorus_works_order_dossier()); shows @piece_id. */
static void
chorus_works_piece_view_set_dossier (ChorusWorksPieceView *self,
                                     GPtrArray            *pieces,
                                     gint64                piece_id)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));
  g_return_if_fail (pieces != NULL && pieces->len > 0);

  g_clear_pointer (&self->pieces, g_ptr_array_unref);
  self->pieces = chorus_works_order_dossier (pieces);
  g_clear_pointer (&self->piece, chorus_works_piece_free);
  for (guint i = 0; i < self->pieces->len; i++)
    if (((ChorusWorksPiece *) g_ptr_array_index (self->pieces, i))->id == piece_id)
      self->piece = chorus_works_piece_copy (g_ptr_array_index (self->pieces, i));
  if (self->piece == NULL)
    self->piece = chorus_works_piece_copy (g_ptr_array_index (self->pieces, 0));
  chorus_works_chain_set_pieces (self->chain, self->pieces, self->piece->id);
  show_piece (self);
}

const ChorusWorksPiece *
chorus_works_piece_view_get_piece (ChorusWorksPieceView *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self), NULL);

  return self->piece;
}

static void
chorus_works_piece_view_set_pending (ChorusWorksPieceView *self,
                                     ChorusWorksAction     pending)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  self->pending = pending;
  if (self->piece != NULL)
    show_piece (self);
}

static void
chorus_works_piece_view_set_certificate (ChorusWorksPieceView *self,
                                         gboolean              available)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->certificate_row), available);
}

static void
chorus_works_piece_view_show_pdf (ChorusWorksPieceView *self,
                                  GBytes               *pdf,
                                  const char           *file_name)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  chorus_pdf_view_load_bytes (self->pdf_view, pdf, file_name);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->pdf_name);
  self->pdf = pdf ? g_bytes_ref (pdf) : NULL;
  self->pdf_name = g_strdup (file_name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "piece.download", self->pdf != NULL);
}

gboolean
chorus_works_piece_view_save_pdf (ChorusWorksPieceView *self,
                                  const char           *path,
                                  GError              **error)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->pdf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The PDF of this piece has not arrived yet."));
      return FALSE;
    }
  return g_file_set_contents (path, g_bytes_get_data (self->pdf, NULL), (gssize) g_bytes_get_size (self->pdf), error);
}

static void
forget_pdf (ChorusWorksPieceView *self)
{
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->pdf_name, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "piece.download", FALSE);
}

static void
chorus_works_piece_view_show_pdf_loading (ChorusWorksPieceView *self)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  forget_pdf (self);
  chorus_pdf_view_show_loading (self->pdf_view);
}

static void
chorus_works_piece_view_show_pdf_error (ChorusWorksPieceView *self,
                                        const char           *message)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  forget_pdf (self);
  chorus_pdf_view_show_message (self->pdf_view, _("The PDF Cannot Be Shown"), message);
}

static const char *
chorus_works_piece_view_get_comment (ChorusWorksPieceView *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
}

/* The documents to join to a completion, NULL-terminated (borrowed). */
static const char * const *
chorus_works_piece_view_get_files (ChorusWorksPieceView *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self), NULL);

  return (const char * const *) self->files->pdata;
}

static void
remove_file_cb (GtkButton *button, ChorusWorksPieceView *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  for (guint i = 0; i < self->file_rows->len; i++)
    if (g_ptr_array_index (self->file_rows, i) == row)
      {
        g_ptr_array_remove_index (self->files, i);
        g_ptr_array_remove_index (self->file_rows, i);
        adw_expander_row_remove (self->files_row, row);
        break;
      }
}

void
chorus_works_piece_view_add_file (ChorusWorksPieceView *self,
                                  const char           *path)
{
  GtkWidget *row, *button;
  g_autofree char *name = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));
  g_return_if_fail (path != NULL);

  name = g_path_get_basename (path);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (button, _("Remove"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_file_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_expander_row_add_row (self->files_row, row);
  adw_expander_row_set_expanded (self->files_row, TRUE);
  /* Keep the array NULL-terminated for chorus_works_piece_view_get_files(). */
  g_ptr_array_insert (self->files, (int) self->files->len - 1, g_strdup (path));
  g_ptr_array_add (self->file_rows, row);
}

/* Clears the comment and the documents once an action is queued. */
static void
chorus_works_piece_view_clear_input (ChorusWorksPieceView *self)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), "");
  while (self->file_rows->len > 0)
    {
      adw_expander_row_remove (self->files_row, g_ptr_array_index (self->file_rows, 0));
      g_ptr_array_remove_index (self->file_rows, 0);
      g_ptr_array_remove_index (self->files, 0);
    }
}

void
chorus_works_piece_view_set_today (ChorusWorksPieceView *self,
                                   const char           *today)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  g_free (self->today);
  self->today = g_strdup (today);
}

/* --- actions -------------------------------------------------------------------------------- */

static void
refuse_response_cb (AdwMessageDialog *dialog, const char *response, ChorusWorksPieceView *self)
{
  if (g_strcmp0 (response, "refuse") == 0)
    queue_action (self, CHORUS_WORKS_ACTION_REFUSE);
}

static void
action_clicked_cb (GtkButton *button, ChorusWorksPieceView *self)
{
  ChorusWorksAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "works-action"));
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (self->piece == NULL)
    return;
  /* The rules first: the reason comes at once, in French, and nothing is queued. */
  if (!chorus_works_check_action (action, self->role, self->piece->cadre, self->piece->status, previous_cadre (self),
                                  chorus_works_piece_view_get_comment (self), self->files->len > 1, &error))
    {
      show_toast (self, error->message);
      return;
    }
  if (action == CHORUS_WORKS_ACTION_ASSOCIATE)
    {
      /* Taking into account: the next piece, from this one. */
      g_signal_emit (self, signals[SIGNAL_DEPOSIT_NEXT], 0);
      return;
    }
  if (action != CHORUS_WORKS_ACTION_REFUSE)
    {
      queue_action (self, action);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Refuse the Piece?"),
                                   _("A works piece is refused only when it was sent to you by mistake (an error in its "
                                     "routing data). If amounts are disputed, deposit the next piece with the amounts you "
                                     "accept; if information is missing, suspend it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "refuse",
                                    _("_Refuse for a Routing Error"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refuse", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (refuse_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
file_chosen (GtkWidget *owner, const char *path)
{
  chorus_works_piece_view_add_file (CHORUS_WORKS_PIECE_VIEW (owner), path);
}

static void
add_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_choose_files (widget, _("Documents to Join"), file_chosen);
}

static void
certificate_chosen (GtkWidget *owner, const char *path)
{
  ChorusWorksPieceView *self = CHORUS_WORKS_PIECE_VIEW (owner);
  g_autoptr(ChorusAction) deposit = NULL;
  g_autoptr(GError) error = NULL;

  if (self->piece == NULL || self->sync == NULL)
    return;
  deposit = chorus_works_certificate_find (chorus_sync_get_store (self->sync), self->piece->id);
  if (deposit == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This app holds no deposit certificate for this piece."));
  else
    chorus_works_certificate_write (deposit, path, &error);
  chorus_works_certificate_report (owner, error);
}

static void
export_certificate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksPieceView *self = CHORUS_WORKS_PIECE_VIEW (widget);

  if (self->piece != NULL)
    chorus_works_certificate_save_as (widget, self->piece->number, certificate_chosen);
}

static void
download_chosen (GtkWidget *owner, const char *path)
{
  ChorusWorksPieceView *self = CHORUS_WORKS_PIECE_VIEW (owner);
  g_autoptr(GError) error = NULL;

  if (!chorus_works_piece_view_save_pdf (self, path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The PDF could not be saved: %s"), error->message);

      show_toast (self, text);
    }
  else
    show_toast (self, _("PDF of the piece saved."));
}

/* "Télécharger la facture", as the Synthèse of the portal offers it. */
static void
download_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksPieceView *self = CHORUS_WORKS_PIECE_VIEW (widget);
  g_autofree char *name = NULL;

  if (self->pdf_name != NULL)
    name = g_strdup (self->pdf_name);
  else
    name = g_strdup_printf ("%s.pdf", self->piece && self->piece->number ? self->piece->number : "piece");
  chorus_choose_save_path (widget, _("Download the Piece"), _("_Save"), name, download_chosen);
}

static void
chain_selected_cb (ChorusWorksChain *chain, const ChorusWorksPiece *piece, ChorusWorksPieceView *self)
{
  if (piece == NULL || (self->piece != NULL && self->piece->id == piece->id))
    return;
  g_clear_pointer (&self->piece, chorus_works_piece_free);
  self->piece = chorus_works_piece_copy (piece);
  self->pending = CHORUS_WORKS_ACTION_LAST;
  show_piece (self);
  /* Another piece of the file: its PDF, not the billing file again. */
  chorus_works_piece_view_close (self);
  load_pdf (self);
}

/* --- loading and sending ------------------------------------------------------------------------- */

static void
update_busy (ChorusWorksPieceView *self)
{
  gboolean busy = self->loading > 0;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static ChorusWorksAction
pending_for (ChorusWorksPieceView *self, gint64 piece_id)
{
  g_autoptr(GHashTable) pending = self->sync != NULL ? chorus_sync_works_pending (self->sync) : NULL;

  return chorus_works_item_pending_in (pending, piece_id);
}

static void
pdf_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksPieceView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = chorus_sync_fetch_works_pdf_finish (CHORUS_SYNC (source), result, &error);
  g_autofree char *name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading--;
  update_busy (self);
  if (pdf == NULL)
    {
      chorus_works_piece_view_show_pdf_error (self, error->message);
      return;
    }
  name = g_strdup_printf ("%s.pdf", self->piece && self->piece->number ? self->piece->number : "piece");
  g_strdelimit (name, "/\\", '-');
  chorus_works_piece_view_show_pdf (self, pdf, name);
}

static void
load_pdf (ChorusWorksPieceView *self)
{
  g_autoptr(ChorusAction) deposit = NULL;

  if (self->sync == NULL || self->piece == NULL)
    return;
  deposit = chorus_works_certificate_find (chorus_sync_get_store (self->sync), self->piece->id);
  chorus_works_piece_view_set_certificate (self, deposit != NULL);
  chorus_works_piece_view_set_pending (self, pending_for (self, self->piece->id));
  chorus_works_piece_view_show_pdf_loading (self);
  self->loading++;
  update_busy (self);
  chorus_sync_fetch_works_pdf_async (self->sync, self->piece->id, self->cancellable, pdf_cb, g_object_ref (self));
}

static void
dossier_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksPieceView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pieces = chorus_sync_fetch_works_dossier_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading--;
  update_busy (self);
  if (pieces == NULL || pieces->len == 0)
    {
      show_toast (self, error ? error->message : _("Chorus Pro sent an empty billing file."));
      return;
    }
  chorus_works_piece_view_set_dossier (self, pieces, self->piece != NULL ? self->piece->id : self->opening);
  chorus_works_piece_view_set_pending (self, pending_for (self, self->piece->id));
  /* Not listed before (a piece just deposited): its PDF now that the piece is known. */
  if (self->opening != 0)
    load_pdf (self);
  self->opening = 0;
}

static void
load_dossier (ChorusWorksPieceView *self, gint64 piece_id)
{
  self->loading++;
  update_busy (self);
  chorus_sync_fetch_works_dossier_async (self->sync, piece_id, self->cancellable, dossier_cb, g_object_ref (self));
}

/* Writes the action to the outbox: it is sent now, or as soon as Chorus Pro can be reached. */
static void
queue_action (ChorusWorksPieceView *self, ChorusWorksAction action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (self->piece == NULL || self->sync == NULL)
    return;
  if (chorus_sync_enqueue_works_action (self->sync, action, self->piece->id, chorus_works_piece_view_get_comment (self),
                                        chorus_works_piece_view_get_files (self), &error) == 0)
    {
      show_toast (self, error->message);
      return;
    }
  chorus_works_piece_view_clear_input (self);
  chorus_works_piece_view_set_pending (self, action);
  done = g_strdup_printf (_("“%s” is in the outbox; it is sent to Chorus Pro now, or as soon as it can be reached."),
                          chorus_works_action_label (action));
  show_toast (self, done);
}

/* Chorus Pro answered an action on the shown piece: say so, and show where the billing file is now. */
static void
outbox_finished_cb (ChorusSync *sync, gint64 action_id, gboolean ok, const char *message, ChorusWorksPieceView *self)
{
  g_autoptr(ChorusAction) action = chorus_store_outbox_get (chorus_sync_get_store (sync), action_id, NULL);
  ChorusWorksAction works_action;
  g_autofree char *done = NULL;

  if (action == NULL || self->piece == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      (works_action = chorus_sync_works_action_of_kind (action->kind)) == CHORUS_WORKS_ACTION_LAST ||
      action->kind == CHORUS_ACTION_KIND_WORKS_SUBMIT || chorus_sync_works_action_piece (action) != self->piece->id)
    return;
  if (ok)
    done = g_strdup_printf (_("Chorus Pro recorded “%s”."), chorus_works_action_label (works_action));
  show_toast (self, ok ? done : message);
  chorus_works_piece_view_set_pending (self, pending_for (self, self->piece->id));
  load_dossier (self, self->piece->id);
}

void
chorus_works_piece_view_set_sync (ChorusWorksPieceView *self,
                                  ChorusSync           *sync)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  chorus_works_piece_view_close (self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_object (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self, 0);
}

void
chorus_works_piece_view_open (ChorusWorksPieceView   *self,
                              gint64                  piece_id,
                              const ChorusWorksPiece *listed,
                              ChorusRole              role)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  chorus_works_piece_view_close (self);
  self->role = role;
  chorus_works_piece_view_clear_input (self);
  g_clear_pointer (&self->piece, chorus_works_piece_free);
  /* The listed line at once; the billing file when it arrives. */
  if (listed != NULL)
    {
      g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);

      g_ptr_array_add (pieces, chorus_works_piece_copy (listed));
      chorus_works_piece_view_set_dossier (self, pieces, piece_id);
    }
  if (self->sync == NULL)
    return;
  load_dossier (self, piece_id);
  if (self->piece != NULL)
    load_pdf (self);
  else
    self->opening = piece_id;
}

void
chorus_works_piece_view_close (ChorusWorksPieceView *self)
{
  g_return_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = 0;
  self->opening = 0;
  update_busy (self);
}

gboolean
chorus_works_piece_view_get_busy (ChorusWorksPieceView *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_PIECE_VIEW (self), FALSE);

  return self->busy;
}

static void
chorus_works_piece_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ChorusWorksPieceView *self = CHORUS_WORKS_PIECE_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_works_piece_view_dispose (GObject *object)
{
  ChorusWorksPieceView *self = CHORUS_WORKS_PIECE_VIEW (object);

  chorus_works_piece_view_set_sync (self, NULL);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_PIECE_VIEW);
  g_clear_pointer (&self->pieces, g_ptr_array_unref);
  g_clear_pointer (&self->piece, chorus_works_piece_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);
  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->pdf_name, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  G_OBJECT_CLASS (chorus_works_piece_view_parent_class)->dispose (object);
}

static void
chorus_works_piece_view_class_init (ChorusWorksPieceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_piece_view_dispose;
  object_class->get_property = chorus_works_piece_view_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_DEPOSIT_NEXT] = g_signal_new ("deposit-next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                               NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CHORUS_TYPE_WORKS_CHAIN);
  g_type_ensure (CHORUS_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-piece-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusWorksPieceView, name)
  BIND (paned); BIND (dossier_label); BIND (next_step_label); BIND (clock_label); BIND (chain); BIND (cadre_row);
  BIND (status_row); BIND (motif_row); BIND (pending_row); BIND (parties_row); BIND (amounts_row);
  BIND (references_row); BIND (attachments_row); BIND (certificate_row); BIND (pdf_row); BIND (action_group); BIND (comment_row);
  BIND (files_row); BIND (action_list); BIND (pdf_view);
#undef BIND
  gtk_widget_class_install_action (widget_class, "piece.add-file", NULL, add_file_action);
  gtk_widget_class_install_action (widget_class, "piece.export-certificate", NULL, export_certificate_action);
  gtk_widget_class_install_action (widget_class, "piece.download", NULL, download_action);
}

static void
chorus_works_piece_view_init (ChorusWorksPieceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->role = CHORUS_ROLE_FOURNISSEUR;
  self->pending = CHORUS_WORKS_ACTION_LAST;
  self->files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->files, NULL);
  self->file_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->chain, "piece-selected", G_CALLBACK (chain_selected_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "piece.download", FALSE);
}

GtkWidget *
chorus_works_piece_view_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_PIECE_VIEW, NULL);
}
