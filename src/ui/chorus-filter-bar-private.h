/* chorus-filter-bar-private.h: what the files of ChorusFilterBar share (its fields, its helpers).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-filter-bar.h"
#include "chorus-status.h"

G_BEGIN_DECLS

enum {
  GESTIONNAIRE_ANY = 0,
  GESTIONNAIRE_UNASSIGNED,
  GESTIONNAIRE_ME,
  GESTIONNAIRE_FIRST_NAME,
};

struct _ChorusFilterBar
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkToggleButton *group_to_process;
  GtkToggleButton *group_sent_back;
  GtkToggleButton *group_processed;
  GtkToggleButton *group_all;
  GtkSearchEntry  *search_entry;
  GtkToggleButton *more_button;
  GtkLabel        *active_count_label;
  GtkPopover      *saved_popover;
  GtkListBox      *saved_list;
  GtkLabel        *save_summary_label;
  GtkEntry        *save_name_entry;
  GtkFlowBox      *fields_box;
  GtkEntry        *date_from_entry;
  GtkEntry        *date_to_entry;
  GtkDropDown     *supplier_type_dropdown;
  GtkEntry        *supplier_entry;
  GtkEntry        *recipient_entry;
  GtkDropDown     *gestionnaire_dropdown;
  GtkDropDown     *service_dropdown;
  GtkEntry        *amount_min_entry;
  GtkEntry        *amount_max_entry;
  GtkCheckButton  *duplicates_check;
  GtkRevealer     *chips_revealer;
  GtkFlowBox      *chips_box;

  ChorusStore     *store;
  ChorusDirection  direction;
  GSettings       *settings;
  guint            counts[CHORUS_STATUS_GROUP_LAST];
  GtkLabel        *tab_names[CHORUS_STATUS_GROUP_LAST];
  GtkLabel        *tab_counts[CHORUS_STATUS_GROUP_LAST];
  GtkStringList   *gestionnaire_labels;
  GPtrArray       *gestionnaire_names;   /* char*, same order as the labels; NULL for the fixed ones */
  GtkStringList   *service_labels;
  GPtrArray       *service_codes;        /* char*, same order; NULL for "any" */
  /* Parsed values the filter points to. */
  char            *date_from;
  char            *date_to;
  char            *gestionnaire;
  guint            changed_id;
  gboolean         applying;
};

/* chorus-filter-bar.c */
void        _chorus_filter_bar_show_toast             (ChorusFilterBar *self,
                                                       const char      *text);
/* Emits "changed" now (and updates the chips); a debounced change waiting is the caller's to drop. */
gboolean    _chorus_filter_bar_emit_changed           (gpointer         data);
/* The user's own name as a handler (Preferences), or NULL; newly allocated. */
char       *_chorus_filter_bar_my_name                (ChorusFilterBar *self);
/* The handler chosen, and in @kind which entry of the drop-down (GESTIONNAIRE_*). */
const char *_chorus_filter_bar_selected_gestionnaire  (ChorusFilterBar *self,
                                                       guint           *kind);

/* chorus-filter-bar-chips.c: a removable chip for every filter that narrows the list. */
void        _chorus_filter_bar_update_chips           (ChorusFilterBar *self);

/* chorus-filter-bar-saved.c: the saved filter sets' popover and its template callbacks. */
void        _chorus_filter_bar_class_saved_init       (GtkWidgetClass  *widget_class);

/* Accessors for the tests. */
/* How many filters besides the tab and the search narrow the list (the chips shown). */
guint      chorus_filter_bar_get_active_count (ChorusFilterBar *self);

G_END_DECLS
