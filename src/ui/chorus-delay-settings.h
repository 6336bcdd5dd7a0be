/* chorus-delay-settings.h: the legal payment delays as the user set them in GSettings. */
#pragma once

#include <gio/gio.h>

#include "chorus-deadline.h"

G_BEGIN_DECLS

/* The policy the settings describe: the days of each payer kind and the kind for structures whose
 * name tells nothing. */
ChorusDelayPolicy *chorus_delay_settings_read        (GSettings *settings);
/* Calls @callback (swapped, on @object) whenever a setting the policy is read from changes. */
void               chorus_delay_settings_connect     (GSettings *settings,
                                                      GCallback  callback,
                                                      gpointer   object);

G_END_DECLS
