/* chorus-directory.h: the structure directory as the deposit form needs it (recipients, services, obligations). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-deposit-rules.h"
#include "chorus-structure.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DIRECTORY (chorus_directory_get_type ())
G_DECLARE_INTERFACE (ChorusDirectory, chorus_directory, CHORUS, DIRECTORY, GObject)

struct _ChorusDirectoryInterface
{
  GTypeInterface parent_iface;

  void        (*search_async)    (ChorusDirectory      *self,
                                  const char           *query,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
  GPtrArray * (*search_finish)   (ChorusDirectory      *self,
                                  GAsyncResult         *result,
                                  GError              **error);
  void        (*describe_async)  (ChorusDirectory      *self,
                                  gint64                structure_id,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
  GPtrArray * (*describe_finish) (ChorusDirectory      *self,
                                  GAsyncResult         *result,
                                  ChorusRecipientRules *rules,
                                  GError              **error);
};

/* Recipients whose SIRET starts with @query (digits) or whose name contains it.
 * Returns: (transfer full) (element-type ChorusStructure) */
void       chorus_directory_search_async    (ChorusDirectory      *self,
                                             const char           *query,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray *chorus_directory_search_finish   (ChorusDirectory      *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* The structure's obligations (service/engagement required, active) in @rules, and its services
 * with their own engagement obligation.
 * Returns: (transfer full) (element-type ChorusService) */
void       chorus_directory_describe_async  (ChorusDirectory      *self,
                                             gint64                structure_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray *chorus_directory_describe_finish (ChorusDirectory      *self,
                                             GAsyncResult         *result,
                                             ChorusRecipientRules *rules,
                                             GError              **error);

/* Fills the service part of @rules for @service_code among @services (NULL/empty: no service). */
void       chorus_recipient_rules_set_service (ChorusRecipientRules *rules,
                                               GPtrArray            *services,
                                               const char           *service_code);

G_END_DECLS
