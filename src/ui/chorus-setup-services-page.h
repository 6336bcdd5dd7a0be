/* chorus-setup-services-page.h: the setup wizard's choice of services, in each chosen structure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-connection-check.h"
#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_SERVICES_PAGE (chorus_setup_services_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupServicesPage, chorus_setup_services_page, CHORUS, SETUP_SERVICES_PAGE,
                      AdwPreferencesPage)

/* A new test with @check: the services are read again (what was ticked is kept). */
void chorus_setup_services_page_restart        (ChorusSetupServicesPage *self,
                                                ChorusConnectionCheck   *check,
                                                GCancellable            *cancellable);
/* A group per structure of @structures (ChorusStructure), with its active services; a new
 * profile (not @editing) takes the ones IT preset. */
void chorus_setup_services_page_fill           (ChorusSetupServicesPage *self,
                                                GPtrArray               *structures,
                                                gboolean                 editing);
/* Ticks a service of a saved profile. */
void chorus_setup_services_page_check_service  (ChorusSetupServicesPage *self,
                                                gint64                   structure_id,
                                                gint64                   service_id);
/* Adds the ticked services of @structure to @profile. */
void chorus_setup_services_page_add_to_profile (ChorusSetupServicesPage *self,
                                                ChorusProfile           *profile,
                                                const ChorusStructure   *structure);

G_END_DECLS
