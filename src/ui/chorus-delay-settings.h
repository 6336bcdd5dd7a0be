/* chorus-delay-settings.h: the legal payment delays as the user set them in GSettings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-deadline.h"

G_BEGIN_DECLS

/* The policy the settings describe: the days of each payer kind and the kind for structures whose
 * name tells nothing. */
ChorusDelayPolicy *chorus_delay_settings_read        (GSettings *settings);
/* Records the user's choice of @kind for the recipient structure @identifier; @automatic forgets it
 * (the structure's name, or the default kind, decides again). */
void               chorus_delay_settings_set_structure_kind (GSettings       *settings,
                                                      const char      *identifier,
                                                      ChorusPayerKind  kind,
                                                      gboolean         automatic);
/* Calls @callback (swapped, on @object) whenever a setting the policy is read from changes. */
void               chorus_delay_settings_connect     (GSettings *settings,
                                                      GCallback  callback,
                                                      gpointer   object);

G_END_DECLS
