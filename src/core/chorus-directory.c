/* chorus-directory.c: the directory interface's dispatch and its value types. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-directory.h"

G_DEFINE_INTERFACE (ChorusDirectory, chorus_directory, G_TYPE_OBJECT)

static void
chorus_directory_default_init (ChorusDirectoryInterface *iface)
{
}

void
chorus_directory_search_async (ChorusDirectory     *self,
                               const char          *query,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_DIRECTORY (self));
  g_return_if_fail (query != NULL);

  CHORUS_DIRECTORY_GET_IFACE (self)->search_async (self, query, cancellable, callback, user_data);
}

GPtrArray *
chorus_directory_search_finish (ChorusDirectory  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (CHORUS_IS_DIRECTORY (self), NULL);

  return CHORUS_DIRECTORY_GET_IFACE (self)->search_finish (self, result, error);
}

void
chorus_directory_describe_async (ChorusDirectory     *self,
                                 gint64               structure_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_DIRECTORY (self));

  CHORUS_DIRECTORY_GET_IFACE (self)->describe_async (self, structure_id, cancellable, callback, user_data);
}

GPtrArray *
chorus_directory_describe_finish (ChorusDirectory       *self,
                                  GAsyncResult          *result,
                                  ChorusRecipientRules  *rules,
                                  GError               **error)
{
  g_return_val_if_fail (CHORUS_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  return CHORUS_DIRECTORY_GET_IFACE (self)->describe_finish (self, result, rules, error);
}

void
chorus_recipient_rules_set_service (ChorusRecipientRules *rules,
                                    GPtrArray            *services,
                                    const char           *service_code)
{
  g_return_if_fail (rules != NULL);

  rules->service_found = FALSE;
  rules->service_active = FALSE;
  rules->service_engagement_required = FALSE;
  if (service_code == NULL || *service_code == '\0' || services == NULL)
    return;
  for (guint i = 0; i < services->len; i++)
    {
      const ChorusService *service = g_ptr_array_index (services, i);

      if (g_strcmp0 (service->code, service_code) != 0)
        continue;
      rules->service_found = TRUE;
      rules->service_active = service->active;
      rules->service_engagement_required = service->engagement_required;
      return;
    }
}
