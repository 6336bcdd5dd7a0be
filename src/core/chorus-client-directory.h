/* chorus-client-directory.h: the structure directory read from Chorus Pro through ChorusClient. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client.h"
#include "chorus-directory.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_CLIENT_DIRECTORY (chorus_client_directory_get_type ())
G_DECLARE_FINAL_TYPE (ChorusClientDirectory, chorus_client_directory, CHORUS, CLIENT_DIRECTORY, GObject)

ChorusDirectory *chorus_client_directory_new (ChorusClient *client);

G_END_DECLS
