/* chorus-client-directory.c: recipients by SIRET or name, their obligations and services, off the main thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-client-directory.h"

struct _ChorusClientDirectory
{
  GObject       parent_instance;
  ChorusClient *client;
};

static void chorus_client_directory_iface_init (ChorusDirectoryInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChorusClientDirectory, chorus_client_directory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CHORUS_TYPE_DIRECTORY, chorus_client_directory_iface_init))

/* Enough for a person choosing in a list; a longer query narrows it. */
#define SEARCH_PAGE_SIZE 50

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(ChorusPage) page = NULL;
  GError *error = NULL;
  GPtrArray *found;

  page = chorus_client_search_structures_finish (CHORUS_CLIENT (source), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  for (guint i = 0; page->items != NULL && i < page->items->len; i++)
    g_ptr_array_add (found, chorus_structure_copy (g_ptr_array_index (page->items, i)));
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* Everything runs on the caller's main context, as ChorusClient's async calls do. */
static void
search_async (ChorusDirectory *directory, const char *query, GCancellable *cancellable,
              GAsyncReadyCallback callback, gpointer user_data)
{
  ChorusClientDirectory *self = CHORUS_CLIENT_DIRECTORY (directory);
  GTask *task = g_task_new (directory, cancellable, callback, user_data);
  g_autofree char *clean = g_strstrip (g_strdup (query));

  g_task_set_source_tag (task, search_async);
  /* Digits are a SIRET (or its start); anything else is a name. */
  if (all_digits (clean))
    chorus_client_search_structures_async (self->client, clean, CHORUS_ID_TYPE_SIRET, NULL, 1, SEARCH_PAGE_SIZE,
                                           cancellable, search_cb, task);
  else
    chorus_client_search_structures_async (self->client, NULL, CHORUS_ID_TYPE_UNKNOWN, clean, 1, SEARCH_PAGE_SIZE,
                                           cancellable, search_cb, task);
}

static GPtrArray *
search_finish (ChorusDirectory *directory, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  gint64               structure_id;
  ChorusRecipientRules rules;
  GPtrArray           *listed;    /* ChorusService from rechercher/services */
  GPtrArray           *services;  /* the same, detailed by consulter/service */
} DescribeData;

static void
describe_data_free (DescribeData *data)
{
  g_clear_pointer (&data->listed, g_ptr_array_unref);
  g_clear_pointer (&data->services, g_ptr_array_unref);
  g_free (data);
}

static void consult_next_service (GTask *task);

static void
service_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  DescribeData *data = g_task_get_task_data (task);
  const ChorusService *listed = g_ptr_array_index (data->listed, data->services->len);
  GError *error = NULL;
  ChorusService *detail = chorus_client_consult_service_finish (CHORUS_CLIENT (source), result, &error);

  if (detail == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (detail->code == NULL)
    detail->code = g_strdup (listed->code);
  if (detail->name == NULL)
    detail->name = g_strdup (listed->name);
  detail->id = listed->id;
  detail->active = listed->active;
  g_ptr_array_add (data->services, detail);
  consult_next_service (g_steal_pointer (&task));
}

/* Only consulter/service tells whether a service requires an engagement number: one call each. */
static void
consult_next_service (GTask *task)
{
  ChorusClientDirectory *self = g_task_get_source_object (task);
  DescribeData *data = g_task_get_task_data (task);

  if (data->services->len == data->listed->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->services), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  chorus_client_consult_service_async (self->client, data->structure_id,
                                       ((ChorusService *) g_ptr_array_index (data->listed, data->services->len))->id,
                                       g_task_get_cancellable (task), service_cb, task);
}

static void
services_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  DescribeData *data = g_task_get_task_data (task);
  g_autoptr(ChorusPage) page = NULL;
  GError *error = NULL;

  page = chorus_client_search_services_finish (CHORUS_CLIENT (source), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->listed = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  for (guint i = 0; page->items != NULL && i < page->items->len; i++)
    g_ptr_array_add (data->listed, chorus_service_copy (g_ptr_array_index (page->items, i)));
  data->services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  consult_next_service (task);
}

static void
structure_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  DescribeData *data = g_task_get_task_data (task);
  g_autoptr(ChorusStructure) structure = NULL;
  GError *error = NULL;

  structure = chorus_client_consult_structure_finish (CHORUS_CLIENT (source), result, &error);
  if (structure == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->rules.found = TRUE;
  data->rules.active = structure->status == NULL || g_ascii_strcasecmp (structure->status, "ACTIVE") == 0;
  data->rules.service_required = structure->service_required;
  data->rules.engagement_required = structure->engagement_required;
  data->rules.engagement_or_service = structure->service_or_engagement;
  chorus_client_search_services_async (CHORUS_CLIENT (source), data->structure_id, 1, 1000,
                                       g_task_get_cancellable (task), services_cb, task);
}

static void
describe_async (ChorusDirectory *directory, gint64 structure_id, GCancellable *cancellable,
                GAsyncReadyCallback callback, gpointer user_data)
{
  ChorusClientDirectory *self = CHORUS_CLIENT_DIRECTORY (directory);
  GTask *task = g_task_new (directory, cancellable, callback, user_data);
  DescribeData *data = g_new0 (DescribeData, 1);

  data->structure_id = structure_id;
  g_task_set_source_tag (task, describe_async);
  g_task_set_task_data (task, data, (GDestroyNotify) describe_data_free);
  chorus_client_consult_structure_async (self->client, structure_id, cancellable, structure_cb, task);
}

static GPtrArray *
describe_finish (ChorusDirectory *directory, GAsyncResult *result, ChorusRecipientRules *rules, GError **error)
{
  GPtrArray *services = g_task_propagate_pointer (G_TASK (result), error);

  if (services != NULL)
    *rules = ((DescribeData *) g_task_get_task_data (G_TASK (result)))->rules;
  return services;
}

static void
chorus_client_directory_iface_init (ChorusDirectoryInterface *iface)
{
  iface->search_async = search_async;
  iface->search_finish = search_finish;
  iface->describe_async = describe_async;
  iface->describe_finish = describe_finish;
}

static void
chorus_client_directory_dispose (GObject *object)
{
  ChorusClientDirectory *self = CHORUS_CLIENT_DIRECTORY (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (chorus_client_directory_parent_class)->dispose (object);
}

static void
chorus_client_directory_class_init (ChorusClientDirectoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_client_directory_dispose;
}

static void
chorus_client_directory_init (ChorusClientDirectory *self)
{
}

ChorusDirectory *
chorus_client_directory_new (ChorusClient *client)
{
  ChorusClientDirectory *self;

  g_return_val_if_fail (CHORUS_IS_CLIENT (client), NULL);

  self = g_object_new (CHORUS_TYPE_CLIENT_DIRECTORY, NULL);
  self->client = g_object_ref (client);
  return CHORUS_DIRECTORY (self);
}
