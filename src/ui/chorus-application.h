/* chorus-application.h: the AdwApplication that owns settings, windows and app-wide actions. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_APPLICATION (chorus_application_get_type ())
G_DECLARE_FINAL_TYPE (ChorusApplication, chorus_application, CHORUS, APPLICATION, AdwApplication)

ChorusApplication *chorus_application_new          (void);
GSettings         *chorus_application_get_settings (ChorusApplication *self);

G_END_DECLS
