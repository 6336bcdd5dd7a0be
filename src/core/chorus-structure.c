/* chorus-structure.c: copy and free of the structure and service records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-structure.h"

G_DEFINE_BOXED_TYPE (ChorusService, chorus_service, chorus_service_copy, chorus_service_free)
G_DEFINE_BOXED_TYPE (ChorusStructure, chorus_structure, chorus_structure_copy,
                     chorus_structure_free)

ChorusService *
chorus_service_new (void)
{
  return g_new0 (ChorusService, 1);
}

ChorusService *
chorus_service_copy (const ChorusService *service)
{
  ChorusService *copy;

  g_return_val_if_fail (service != NULL, NULL);

  copy = g_memdup2 (service, sizeof *service);
  copy->code = g_strdup (service->code);
  copy->name = g_strdup (service->name);
  copy->description = g_strdup (service->description);
  copy->start_date = g_strdup (service->start_date);
  copy->end_date = g_strdup (service->end_date);
  return copy;
}

void
chorus_service_free (ChorusService *service)
{
  if (service == NULL)
    return;
  g_free (service->code);
  g_free (service->name);
  g_free (service->description);
  g_free (service->start_date);
  g_free (service->end_date);
  g_free (service);
}

static gpointer
copy_service (gconstpointer service, gpointer user_data)
{
  return chorus_service_copy (service);
}

ChorusStructure *
chorus_structure_new (void)
{
  return g_new0 (ChorusStructure, 1);
}

ChorusStructure *
chorus_structure_copy (const ChorusStructure *structure)
{
  ChorusStructure *copy;

  g_return_val_if_fail (structure != NULL, NULL);

  copy = g_memdup2 (structure, sizeof *structure);
  copy->identifier = g_strdup (structure->identifier);
  copy->name = g_strdup (structure->name);
  copy->status = g_strdup (structure->status);
  copy->email = g_strdup (structure->email);
  copy->vat_number = g_strdup (structure->vat_number);
  copy->address = g_strdup (structure->address);
  copy->password_expiry = g_strdup (structure->password_expiry);
  copy->attachment_status = g_strdup (structure->attachment_status);
  if (structure->services != NULL)
    copy->services = g_ptr_array_copy (structure->services, copy_service, NULL);
  return copy;
}

void
chorus_structure_free (ChorusStructure *structure)
{
  if (structure == NULL)
    return;
  g_free (structure->identifier);
  g_free (structure->name);
  g_free (structure->status);
  g_free (structure->email);
  g_free (structure->vat_number);
  g_free (structure->address);
  g_free (structure->password_expiry);
  g_free (structure->attachment_status);
  g_clear_pointer (&structure->services, g_ptr_array_unref);
  g_free (structure);
}
