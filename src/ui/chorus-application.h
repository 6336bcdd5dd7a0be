/* chorus-application.h: the AdwApplication that owns settings, windows and app-wide actions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_APPLICATION (chorus_application_get_type ())
G_DECLARE_FINAL_TYPE (ChorusApplication, chorus_application, CHORUS, APPLICATION, AdwApplication)

typedef struct _ChorusSession ChorusSession;

ChorusApplication *chorus_application_new          (void);
/* Makes @id the current profile and opens it (again, if it is already open). */
void               chorus_application_open_profile (ChorusApplication *self,
                                                    const char        *id);
/* Closes @id's session if open, deletes the profile and its local copy of the invoices; the
 * next profile opens, or the welcome page. Its secrets must be cleared already. */
void               chorus_application_forget_profile (ChorusApplication *self,
                                                      const char        *id);
/* Starts the simulator in-process and opens the workspace on its data. */
void               chorus_application_start_demo   (ChorusApplication *self);
/* The demo's or the training environment's data back to their starting point (what the
 * "reset" menu item does once confirmed); nothing to do with real data. */
gboolean           chorus_application_reset_simulated_data (ChorusApplication *self,
                                                            GError           **error);
/* The open session, or NULL on the welcome page. */
ChorusSession     *chorus_application_get_session  (ChorusApplication *self);

G_END_DECLS
