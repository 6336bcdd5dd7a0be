/* chorus-followup-form.c: the internal follow-up of one invoice. Each change is written to the store
 * after a short quiet time, at once when the user moves to another invoice, and when the form goes
 * away; a failure says so and keeps what was typed. Only the fields the user changed are written:
 * the others keep what the store has now, which a colleague may have changed meanwhile (team mode,
 * where the form also says who changed each field, who is processing the invoice, and claims it
 * while it stays open). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-followup-form.h"
#include "chorus-plain-text.h"
#include "chorus-team-ui.h"

/* Which fields the user changed since the last save. */
enum {
  DIRTY_GESTIONNAIRE = 1 << 0,
  DIRTY_REFERENCE    = 1 << 1,
  DIRTY_NOTES        = 1 << 2,
};

/* Showing an invoice this long counts as working on it: the team sees it claimed. */
#define CLAIM_DELAY_MS 3000

struct _ChorusFollowupForm
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *gestionnaire_label;
  GtkWidget     *gestionnaire_box;
  GtkDropDown   *gestionnaire_dropdown;
  GtkLabel      *reference_label;
  GtkEntry      *reference_entry;
  GtkTextView   *notes_view;
  GtkLabel      *state_label;
  GtkWidget     *claim_box;
  GtkLabel      *claim_label;
  GtkLabel      *gestionnaire_caption;
  GtkLabel      *reference_caption;
  GtkLabel      *notes_caption;
  GtkWidget     *history_expander;
  GtkLabel      *history_label;

  ChorusStore   *store;
  ChorusTeamSync *team;
  guint          dirty_fields;
  guint          claim_id;
  gint64         claimed_id;
  ChorusInvoice *invoice;
  GSettings     *settings;
  GtkStringList *gestionnaires;    /* first item: "nobody" */
  guint          save_id;
  gboolean       dirty;
  gboolean       filling;
};

G_DEFINE_FINAL_TYPE (ChorusFollowupForm, chorus_followup_form, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_team (ChorusFollowupForm *self);
static void claim_now (ChorusFollowupForm *self);

static void
show_toast (ChorusFollowupForm *self,
            const char         *text)
{
  /* Never lost: without a window to show it in, it goes to the log. */
  if (!chorus_toast_show_plain (GTK_WIDGET (self), text))
    g_warning ("%s", text);
}

static void
set_state (ChorusFollowupForm *self,
           const char         *text,
           gboolean            error)
{
  gtk_label_set_text (self->state_label, text ? text : "");
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
}

static void
update_reference_label (ChorusFollowupForm *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "internal-reference-label");
  g_autofree char *label = NULL;

  /* The team's own name for its file number, "N° Dapec" in seed 000. */
  g_strstrip (name);
  label = *name != '\0' ? g_strdup_printf ("_%s", name) : g_strdup (_("_File No."));
  gtk_label_set_text_with_mnemonic (self->reference_label, label);
}

gboolean
chorus_followup_form_save_now (ChorusFollowupForm *self)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *notes = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autofree char *gestionnaire_copy = NULL;
  ChorusInvoice *current;
  const char *gestionnaire = NULL;
  guint selected;

  g_return_val_if_fail (CHORUS_IS_FOLLOWUP_FORM (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty || self->invoice == NULL || self->store == NULL)
    return TRUE;

  /* The fields left alone keep what the store has now, not what the form showed. */
  {
    gint64 id = chorus_invoice_get_key (self->invoice);

    fresh = chorus_store_load_invoices (self->store, &id, 1, NULL);
  }
  current = fresh != NULL && fresh->len == 1 ? g_ptr_array_index (fresh, 0) : self->invoice;
  if (self->dirty_fields & DIRTY_NOTES)
    {
      buffer = gtk_text_view_get_buffer (self->notes_view);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }
  else
    notes = g_strdup (chorus_invoice_get_notes (current) ?: "");
  if (self->dirty_fields & DIRTY_REFERENCE)
    reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_entry))));
  else
    reference = g_strdup (chorus_invoice_get_internal_reference (current) ?: "");
  selected = gtk_drop_down_get_selected (self->gestionnaire_dropdown);
  if (!(self->dirty_fields & DIRTY_GESTIONNAIRE))
    gestionnaire = chorus_invoice_get_gestionnaire (current);
  else if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    gestionnaire = gtk_string_list_get_string (self->gestionnaires, selected);

  if (!chorus_store_set_local_fields (self->store, chorus_invoice_get_key (self->invoice), gestionnaire,
                                      *reference ? reference : NULL, *notes ? notes : NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
      g_autofree char *toast = g_strdup_printf (_("The follow-up of invoice %s could not be saved: %s"),
                                                chorus_invoice_get_number (self->invoice) ?: "",
                                                error->message);

      /* What was typed stays in the form (and dirty): the next change or move tries again. */
      set_state (self, text, TRUE);
      show_toast (self, toast);
      return FALSE;
    }
  gestionnaire_copy = g_strdup (gestionnaire);
  chorus_invoice_set_gestionnaire (self->invoice, gestionnaire_copy);
  chorus_invoice_set_internal_reference (self->invoice, *reference ? reference : NULL);
  chorus_invoice_set_notes (self->invoice, *notes ? notes : NULL);
  self->dirty = FALSE;
  self->dirty_fields = 0;
  set_state (self, _("Saved"), FALSE);
  update_team (self);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, chorus_invoice_get_key (self->invoice));
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer data)
{
  ChorusFollowupForm *self = data;

  self->save_id = 0;
  chorus_followup_form_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
changed_cb (ChorusFollowupForm *self,
            guint               field)
{
  if (self->filling || self->invoice == NULL)
    return;
  self->dirty_fields |= field;
  self->dirty = TRUE;
  /* Typing in it is working on it. */
  claim_now (self);
  set_state (self, _("Saving…"), FALSE);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (CHORUS_FOLLOWUP_SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
gestionnaire_changed_cb (ChorusFollowupForm *self)
{
  changed_cb (self, DIRTY_GESTIONNAIRE);
}

static void
reference_changed_cb (ChorusFollowupForm *self)
{
  changed_cb (self, DIRTY_REFERENCE);
}

static void
notes_changed_cb (ChorusFollowupForm *self)
{
  changed_cb (self, DIRTY_NOTES);
}

/* Shows the invoice's values in the fields of @fields (DIRTY_* bits), leaving the others as typed. */
static void
fill_fields (ChorusFollowupForm *self,
             guint               fields)
{
  const char *gestionnaire = self->invoice ? chorus_invoice_get_gestionnaire (self->invoice) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires));
  guint selected = 0;

  self->filling = TRUE;
  if (fields & DIRTY_GESTIONNAIRE)
    {
      /* A name set elsewhere (another machine, an import) stays selectable. */
      if (gestionnaire != NULL && *gestionnaire != '\0')
        {
          for (guint i = 1; i < n; i++)
            if (g_strcmp0 (gtk_string_list_get_string (self->gestionnaires, i), gestionnaire) == 0)
              selected = i;
          if (selected == 0)
            {
              gtk_string_list_append (self->gestionnaires, gestionnaire);
              selected = n;
            }
        }
      gtk_drop_down_set_selected (self->gestionnaire_dropdown, selected);
    }
  if (fields & DIRTY_REFERENCE)
    gtk_editable_set_text (GTK_EDITABLE (self->reference_entry),
                           self->invoice ? chorus_invoice_get_internal_reference (self->invoice) ?: "" : "");
  if (fields & DIRTY_NOTES)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                              self->invoice ? chorus_invoice_get_notes (self->invoice) ?: "" : "", -1);
  self->filling = FALSE;
}

static void
fill (ChorusFollowupForm *self)
{
  fill_fields (self, DIRTY_GESTIONNAIRE | DIRTY_REFERENCE | DIRTY_NOTES);
  update_team (self);
}

/* Team mode --------------------------------------------------------------------------------------- */

static void
set_caption (GtkLabel   *caption,
             const char *text)
{
  gtk_label_set_text (caption, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (caption), text != NULL);
}

static void
update_claim (ChorusFollowupForm *self)
{
  g_autofree char *claim = NULL;

  if (self->team != NULL && self->invoice != NULL)
    claim = chorus_team_describe_claim (self->team, chorus_invoice_get_key (self->invoice));
  gtk_label_set_text (self->claim_label, claim ? claim : "");
  gtk_widget_set_visible (self->claim_box, claim != NULL);
  if (claim != NULL && chorus_team_sync_is_claimed_by_other (self->team, chorus_invoice_get_key (self->invoice)))
    gtk_widget_add_css_class (self->claim_box, "warning");
  else
    gtk_widget_remove_css_class (self->claim_box, "warning");
}

static void
update_history (ChorusFollowupForm *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (self->team != NULL && self->invoice != NULL)
    entries = chorus_store_team_list_history (chorus_team_sync_get_store (self->team),
                                              chorus_invoice_get_key (self->invoice), NULL);
  gtk_widget_set_visible (self->history_expander, entries != NULL && entries->len > 0);
  if (entries == NULL || entries->len == 0)
    return;
  for (guint i = 0; i < entries->len; i++)
    {
      ChorusTeamHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) local = entry->changed_at ? g_date_time_to_local (entry->changed_at) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m/%Y %H:%M") : g_strdup ("");

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: "03/03/2026 10:42 — Marie Curie: gestionnaire “Paul” → “Marie”" */
      g_string_append_printf (text, _("%s — %s: %s “%s” → “%s”"), when, entry->author_name ? entry->author_name : "",
                              chorus_team_field_label (entry->field), entry->old_value ? entry->old_value : "",
                              entry->new_value ? entry->new_value : "");
      if (entry->concurrent && entry->replaced_name != NULL)
        /* Translators: after a change that replaced a colleague's without having seen it */
        g_string_append_printf (text, _(" (replaced a change by %s made meanwhile)"), entry->replaced_name);
    }
  gtk_label_set_text (self->history_label, text->str);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "History of the follow-up (%u change)",
                                        "History of the follow-up (%u changes)", entries->len), entries->len);
  gtk_expander_set_label (GTK_EXPANDER (self->history_expander), title);
}

static void
update_team (ChorusFollowupForm *self)
{
  gint64 id = self->invoice ? chorus_invoice_get_key (self->invoice) : 0;
  g_autofree char *gestionnaire = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *notes = NULL;

  if (self->team != NULL && id != 0)
    {
      gestionnaire = chorus_team_describe_change (self->team, id, CHORUS_TEAM_FIELD_GESTIONNAIRE);
      reference = chorus_team_describe_change (self->team, id, CHORUS_TEAM_FIELD_INTERNAL_REFERENCE);
      notes = chorus_team_describe_change (self->team, id, CHORUS_TEAM_FIELD_NOTES);
    }
  set_caption (self->gestionnaire_caption, gestionnaire);
  set_caption (self->reference_caption, reference);
  set_caption (self->notes_caption, notes);
  update_claim (self);
  update_history (self);
}

static void
release_claim (ChorusFollowupForm *self)
{
  g_clear_handle_id (&self->claim_id, g_source_remove);
  if (self->team != NULL && self->claimed_id != 0)
    chorus_team_sync_release (self->team, self->claimed_id);
  self->claimed_id = 0;
}

static void
claim_now (ChorusFollowupForm *self)
{
  gint64 id = self->invoice ? chorus_invoice_get_key (self->invoice) : 0;

  g_clear_handle_id (&self->claim_id, g_source_remove);
  if (self->team == NULL || id == 0 || self->claimed_id == id ||
      chorus_team_sync_get_state (self->team) != CHORUS_TEAM_STATE_ONLINE)
    return;
  /* Whether granted or held by someone else, the answer comes back as "claims-changed". */
  self->claimed_id = id;
  chorus_team_sync_claim_async (self->team, id, NULL, NULL, NULL);
}

static gboolean
claim_timeout_cb (gpointer data)
{
  ChorusFollowupForm *self = data;

  self->claim_id = 0;
  claim_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
contains (GArray *ids,
          gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* A colleague's change of the invoice shown: the fields not being typed in show it at once. */
static void
team_invoices_changed_cb (ChorusTeamSync     *team,
                          GArray             *ids,
                          ChorusFollowupForm *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  ChorusInvoice *current;
  gint64 id;

  if (self->invoice == NULL || self->store == NULL || !contains (ids, chorus_invoice_get_key (self->invoice)))
    return;
  id = chorus_invoice_get_key (self->invoice);
  fresh = chorus_store_load_invoices (self->store, &id, 1, NULL);
  if (fresh != NULL && fresh->len == 1)
    {
      current = g_ptr_array_index (fresh, 0);
      if (!(self->dirty_fields & DIRTY_GESTIONNAIRE))
        chorus_invoice_set_gestionnaire (self->invoice, chorus_invoice_get_gestionnaire (current));
      if (!(self->dirty_fields & DIRTY_REFERENCE))
        chorus_invoice_set_internal_reference (self->invoice, chorus_invoice_get_internal_reference (current));
      if (!(self->dirty_fields & DIRTY_NOTES))
        chorus_invoice_set_notes (self->invoice, chorus_invoice_get_notes (current));
      fill_fields (self, ~self->dirty_fields & (DIRTY_GESTIONNAIRE | DIRTY_REFERENCE | DIRTY_NOTES));
    }
  update_team (self);
}

static void
team_claims_changed_cb (ChorusTeamSync     *team,
                        GArray             *ids,
                        ChorusFollowupForm *self)
{
  if (self->invoice != NULL && contains (ids, chorus_invoice_get_key (self->invoice)))
    update_claim (self);
}

static void
team_state_changed_cb (ChorusFollowupForm *self)
{
  /* Back online with an invoice open for a while: claim it now. */
  if (self->invoice != NULL && self->claimed_id == 0 && self->claim_id == 0)
    self->claim_id = g_timeout_add (CLAIM_DELAY_MS, claim_timeout_cb, self);
  update_team (self);
}

void
chorus_followup_form_set_team (ChorusFollowupForm *self,
                               ChorusTeamSync     *team)
{
  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  if (self->team == team)
    return;
  release_claim (self);
  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_set_object (&self->team, team);
  if (team != NULL)
    {
      g_signal_connect_object (team, "invoices-changed", G_CALLBACK (team_invoices_changed_cb), self, 0);
      g_signal_connect_object (team, "claims-changed", G_CALLBACK (team_claims_changed_cb), self, 0);
      g_signal_connect_object (team, "pending-changed", G_CALLBACK (update_team), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (team, "state-changed", G_CALLBACK (team_state_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_team (self);
}

static void
chorus_followup_form_unmap (GtkWidget *widget)
{
  /* Leaving the tab, the invoice or the window: nothing typed waits behind. */
  chorus_followup_form_save_now (CHORUS_FOLLOWUP_FORM (widget));
  GTK_WIDGET_CLASS (chorus_followup_form_parent_class)->unmap (widget);
}

static void
chorus_followup_form_dispose (GObject *object)
{
  ChorusFollowupForm *self = CHORUS_FOLLOWUP_FORM (object);
  GtkWidget *child;

  if (self->dirty)
    chorus_followup_form_save_now (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  release_claim (self);
  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_clear_object (&self->team);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_FOLLOWUP_FORM);
  /* The template's box is not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->invoice);
  g_clear_object (&self->settings);
  g_clear_object (&self->gestionnaires);
  G_OBJECT_CLASS (chorus_followup_form_parent_class)->dispose (object);
}

static void
chorus_followup_form_class_init (ChorusFollowupFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_followup_form_dispose;
  widget_class->unmap = chorus_followup_form_unmap;

  /* The follow-up of the invoice with this id was written to the store. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-followup-form.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, gestionnaire_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, gestionnaire_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, gestionnaire_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, reference_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, notes_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, state_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, claim_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, claim_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, gestionnaire_caption);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, reference_caption);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, notes_caption);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, history_expander);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, history_label);
  gtk_widget_class_bind_template_callback (widget_class, gestionnaire_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reference_changed_cb);
}

static void
chorus_followup_form_init (ChorusFollowupForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->gestionnaires = gtk_string_list_new (NULL);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->gestionnaire_dropdown, G_LIST_MODEL (self->gestionnaires));
  self->filling = FALSE;
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed", G_CALLBACK (notes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::internal-reference-label", G_CALLBACK (update_reference_label),
                           self, G_CONNECT_SWAPPED);
  update_reference_label (self);
  chorus_followup_form_reload_gestionnaires (self);
}

GtkWidget *
chorus_followup_form_new (void)
{
  return g_object_new (CHORUS_TYPE_FOLLOWUP_FORM, NULL);
}

void
chorus_followup_form_set_store (ChorusFollowupForm *self,
                                ChorusStore        *store)
{
  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));
  g_return_if_fail (!store || CHORUS_IS_STORE (store));

  chorus_followup_form_save_now (self);
  g_set_object (&self->store, store);
  chorus_followup_form_reload_gestionnaires (self);
}

void
chorus_followup_form_set_invoice (ChorusFollowupForm *self,
                                  ChorusInvoice      *invoice)
{
  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));
  g_return_if_fail (!invoice || CHORUS_IS_INVOICE (invoice));

  /* The same invoice read again (a new copy after a sync): what is being typed stays, the other
   * fields show the new copy. */
  if (invoice != NULL && self->invoice != NULL && self->dirty &&
      chorus_invoice_get_key (invoice) == chorus_invoice_get_key (self->invoice))
    {
      g_set_object (&self->invoice, invoice);
      fill_fields (self, ~self->dirty_fields & (DIRTY_GESTIONNAIRE | DIRTY_REFERENCE | DIRTY_NOTES));
      update_team (self);
      return;
    }
  chorus_followup_form_save_now (self);
  if (invoice == NULL || self->invoice == NULL || chorus_invoice_get_key (invoice) != chorus_invoice_get_key (self->invoice))
    {
      release_claim (self);
      if (invoice != NULL && self->team != NULL)
        self->claim_id = g_timeout_add (CLAIM_DELAY_MS, claim_timeout_cb, self);
    }
  g_set_object (&self->invoice, invoice);
  self->dirty = FALSE;
  self->dirty_fields = 0;
  set_state (self, NULL, FALSE);
  fill (self);
}

void
chorus_followup_form_reload_gestionnaires (ChorusFollowupForm *self)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *kept = NULL;
  guint n, selected;
  gboolean filling;

  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));

  if (self->store != NULL)
    names = chorus_store_list_gestionnaires (self->store, NULL);
  selected = gtk_drop_down_get_selected (self->gestionnaire_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    kept = g_strdup (gtk_string_list_get_string (self->gestionnaires, selected));
  filling = self->filling;
  self->filling = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires));
  gtk_string_list_splice (self->gestionnaires, 0, n, NULL);
  gtk_string_list_append (self->gestionnaires, _("Nobody"));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    gtk_string_list_append (self->gestionnaires, names[i]);
  if (self->dirty)
    {
      /* A choice not saved yet stays chosen. */
      selected = 0;
      for (guint i = 1; kept != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->gestionnaires, i), kept) == 0)
          selected = i;
      if (kept != NULL && selected == 0)
        {
          gtk_string_list_append (self->gestionnaires, kept);
          selected = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires)) - 1;
        }
      gtk_drop_down_set_selected (self->gestionnaire_dropdown, selected);
    }
  self->filling = filling;
  if (!self->dirty)
    fill (self);
}

void
chorus_followup_form_set_show_handler (ChorusFollowupForm *self,
                                       gboolean            show)
{
  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));

  gtk_widget_set_visible (self->gestionnaire_label, show);
  gtk_widget_set_visible (self->gestionnaire_box, show);
}
