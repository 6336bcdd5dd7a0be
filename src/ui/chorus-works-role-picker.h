/* chorus-works-role-picker.h: the works role the user looks as (supplier, project manager, contracting authority) and which of its structures. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-structure.h"
#include "chorus-types.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_ROLE_PICKER (chorus_works_role_picker_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksRolePicker, chorus_works_role_picker, CHORUS, WORKS_ROLE_PICKER, GtkWidget)

/* Signals:
 *   "changed" (): the user chose another role or structure. */
GtkWidget  *chorus_works_role_picker_new            (void);
/* The account's structures (ChorusStructure; NULL or empty: not known yet): the roles offered are
 * those they hold, all three when they hold none. The role chosen stays when still offered. */
void        chorus_works_role_picker_set_structures (ChorusWorksRolePicker *self,
                                                     GPtrArray             *structures);
ChorusRole  chorus_works_role_picker_get_role       (ChorusWorksRolePicker *self);
/* Chooses @role when it is offered, as the user would. */
void        chorus_works_role_picker_set_role       (ChorusWorksRolePicker *self,
                                                     ChorusRole             role);
/* The Chorus Pro id of the structure chosen for the role, 0 for all of them. */
gint64      chorus_works_role_picker_get_structure  (ChorusWorksRolePicker *self);

G_END_DECLS
