/* chorus-invoice.c: the invoice object; accessors are generated from the field lists. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-invoice.h"
#include "chorus-status.h"

struct _ChorusInvoice
{
  GObject            parent_instance;

#define DEFINE_STRING(name) char *name;
#define DEFINE_INT(name) gint64 name;
  CHORUS_INVOICE_STRING_FIELDS (DEFINE_STRING)
  CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (DEFINE_STRING)
  CHORUS_INVOICE_INT_FIELDS (DEFINE_INT)
#undef DEFINE_STRING
#undef DEFINE_INT

  gint64             key;
  ChorusDirection    direction;
  const char        *status_code;   /* interned, as sent: codes the app does not know survive */
  /* Interned codes as sent, like status_code: typeFacture, cadreFacturation,
   * typeIdentifiantFournisseur, typeTva values the app does not know are kept, not lost. */
  const char        *invoice_type_code;
  const char        *cadre_code;
  const char        *supplier_id_type_code;
  const char        *vat_type_code;
  gboolean           downloaded;

  GPtrArray         *lines;
  GPtrArray         *vat_lines;
  GPtrArray         *history;
  GPtrArray         *user_actions;
  GPtrArray         *attachments;
};

G_DEFINE_FINAL_TYPE (ChorusInvoice, chorus_invoice, G_TYPE_OBJECT)

ChorusInvoiceLine *
chorus_invoice_line_copy (const ChorusInvoiceLine *line)
{
  ChorusInvoiceLine *copy = g_memdup2 (line, sizeof *line);

  copy->reference = g_strdup (line->reference);
  copy->label = g_strdup (line->label);
  copy->unit = g_strdup (line->unit);
  copy->vat_rate_code = g_strdup (line->vat_rate_code);
  return copy;
}

void
chorus_invoice_line_free (ChorusInvoiceLine *line)
{
  if (line == NULL)
    return;
  g_free (line->reference);
  g_free (line->label);
  g_free (line->unit);
  g_free (line->vat_rate_code);
  g_free (line);
}

ChorusVatLine *
chorus_vat_line_copy (const ChorusVatLine *line)
{
  ChorusVatLine *copy = g_memdup2 (line, sizeof *line);

  copy->rate_code = g_strdup (line->rate_code);
  return copy;
}

void
chorus_vat_line_free (ChorusVatLine *line)
{
  if (line == NULL)
    return;
  g_free (line->rate_code);
  g_free (line);
}

ChorusStatusEvent *
chorus_status_event_copy (const ChorusStatusEvent *event)
{
  ChorusStatusEvent *copy = g_memdup2 (event, sizeof *event);

  copy->date = g_strdup (event->date);
  copy->comment = g_strdup (event->comment);
  copy->user = g_strdup (event->user);
  return copy;
}

void
chorus_status_event_free (ChorusStatusEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->date);
  g_free (event->comment);
  g_free (event->user);
  g_free (event);
}

ChorusAttachment *
chorus_attachment_copy (const ChorusAttachment *attachment)
{
  ChorusAttachment *copy = g_memdup2 (attachment, sizeof *attachment);

  copy->name = g_strdup (attachment->name);
  copy->extension = g_strdup (attachment->extension);
  copy->type_code = g_strdup (attachment->type_code);
  return copy;
}

void
chorus_attachment_free (ChorusAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->name);
  g_free (attachment->extension);
  g_free (attachment->type_code);
  g_free (attachment);
}

ChorusUserAction *
chorus_user_action_copy (const ChorusUserAction *action)
{
  ChorusUserAction *copy = g_new0 (ChorusUserAction, 1);

  copy->code = g_strdup (action->code);
  copy->date = g_strdup (action->date);
  copy->user = g_strdup (action->user);
  return copy;
}

void
chorus_user_action_free (ChorusUserAction *action)
{
  if (action == NULL)
    return;
  g_free (action->code);
  g_free (action->date);
  g_free (action->user);
  g_free (action);
}

char *
chorus_user_action_label (const char *code)
{
  /* The values of the spec's annex (histoActionCode). */
  static const struct {
    const char *code;
    const char *label;
  } labels[] = {
    { "TELECHARGEMENT_FACTURE", N_("Invoice downloaded") },
    { "ACQUITTEMENT_REJET", N_("Rejection acknowledged") },
    { "ACQUITTEMENT_SUSPENSION", N_("Suspension acknowledged") },
    { "TRAITEMENT_REJET", N_("Rejection processed") },
  };
  g_autofree char *lower = NULL;

  if (code == NULL || *code == '\0')
    return g_strdup ("");
  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (code, labels[i].code))
      return g_strdup (g_dgettext (GETTEXT_PACKAGE, labels[i].label));
  /* A code added since: readable, never hidden. */
  lower = g_ascii_strdown (code, -1);
  g_strdelimit (lower, "_", ' ');
  lower[0] = g_ascii_toupper (lower[0]);
  return g_steal_pointer (&lower);
}

G_DEFINE_BOXED_TYPE (ChorusUserAction, chorus_user_action, chorus_user_action_copy, chorus_user_action_free)
G_DEFINE_BOXED_TYPE (ChorusInvoiceLine, chorus_invoice_line, chorus_invoice_line_copy, chorus_invoice_line_free)
G_DEFINE_BOXED_TYPE (ChorusVatLine, chorus_vat_line, chorus_vat_line_copy, chorus_vat_line_free)
G_DEFINE_BOXED_TYPE (ChorusStatusEvent, chorus_status_event, chorus_status_event_copy, chorus_status_event_free)
G_DEFINE_BOXED_TYPE (ChorusAttachment, chorus_attachment, chorus_attachment_copy, chorus_attachment_free)

static void
chorus_invoice_finalize (GObject *object)
{
  ChorusInvoice *self = CHORUS_INVOICE (object);

#define FREE_STRING(name) g_free (self->name);
  CHORUS_INVOICE_STRING_FIELDS (FREE_STRING)
  CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (FREE_STRING)
#undef FREE_STRING
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->vat_lines, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->user_actions, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (chorus_invoice_parent_class)->finalize (object);
}

static void
chorus_invoice_class_init (ChorusInvoiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_invoice_finalize;
}

static void
chorus_invoice_init (ChorusInvoice *self)
{
}

ChorusInvoice *
chorus_invoice_new (void)
{
  return g_object_new (CHORUS_TYPE_INVOICE, NULL);
}

typedef gpointer (*ElementCopyFunc) (gconstpointer element);

static GPtrArray *
copy_array (GPtrArray *array, ElementCopyFunc copy, GDestroyNotify free_func)
{
  GPtrArray *out;

  if (array == NULL)
    return NULL;
  out = g_ptr_array_new_full (array->len, free_func);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (out, copy (g_ptr_array_index (array, i)));
  return out;
}

ChorusInvoice *
chorus_invoice_copy (ChorusInvoice *self)
{
  ChorusInvoice *copy;

  g_return_val_if_fail (CHORUS_IS_INVOICE (self), NULL);

  copy = chorus_invoice_new ();
#define COPY_STRING(name) copy->name = g_strdup (self->name);
#define COPY_INT(name) copy->name = self->name;
  CHORUS_INVOICE_STRING_FIELDS (COPY_STRING)
  CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (COPY_STRING)
  CHORUS_INVOICE_INT_FIELDS (COPY_INT)
#undef COPY_STRING
#undef COPY_INT
  copy->key = self->key;
  copy->direction = self->direction;
  copy->status_code = self->status_code;
  copy->invoice_type_code = self->invoice_type_code;
  copy->cadre_code = self->cadre_code;
  copy->supplier_id_type_code = self->supplier_id_type_code;
  copy->vat_type_code = self->vat_type_code;
  copy->downloaded = self->downloaded;
  copy->lines = copy_array (self->lines, (ElementCopyFunc) chorus_invoice_line_copy,
                            (GDestroyNotify) chorus_invoice_line_free);
  copy->vat_lines = copy_array (self->vat_lines, (ElementCopyFunc) chorus_vat_line_copy,
                                (GDestroyNotify) chorus_vat_line_free);
  copy->history = copy_array (self->history, (ElementCopyFunc) chorus_status_event_copy,
                              (GDestroyNotify) chorus_status_event_free);
  copy->user_actions = copy_array (self->user_actions, (ElementCopyFunc) chorus_user_action_copy,
                                   (GDestroyNotify) chorus_user_action_free);
  copy->attachments = copy_array (self->attachments, (ElementCopyFunc) chorus_attachment_copy,
                                  (GDestroyNotify) chorus_attachment_free);
  return copy;
}

#define DEFINE_STRING_ACCESSORS(name)                                                \
  const char *                                                                      \
  chorus_invoice_get_##name (ChorusInvoice *self)                                   \
  {                                                                                 \
    g_return_val_if_fail (CHORUS_IS_INVOICE (self), NULL);                          \
    return self->name;                                                              \
  }                                                                                 \
  void                                                                              \
  chorus_invoice_set_##name (ChorusInvoice *self, const char *value)                \
  {                                                                                 \
    g_return_if_fail (CHORUS_IS_INVOICE (self));                                    \
    g_free (self->name);                                                            \
    self->name = g_strdup (value);                                                  \
  }
#define DEFINE_INT_ACCESSORS(name)                                                   \
  gint64                                                                            \
  chorus_invoice_get_##name (ChorusInvoice *self)                                   \
  {                                                                                 \
    g_return_val_if_fail (CHORUS_IS_INVOICE (self), 0);                             \
    return self->name;                                                              \
  }                                                                                 \
  void                                                                              \
  chorus_invoice_set_##name (ChorusInvoice *self, gint64 value)                     \
  {                                                                                 \
    g_return_if_fail (CHORUS_IS_INVOICE (self));                                    \
    self->name = value;                                                             \
  }
CHORUS_INVOICE_STRING_FIELDS (DEFINE_STRING_ACCESSORS)
CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (DEFINE_STRING_ACCESSORS)
CHORUS_INVOICE_INT_FIELDS (DEFINE_INT_ACCESSORS)

#define DEFINE_VALUE_ACCESSORS(Type, name)                                           \
  Type                                                                              \
  chorus_invoice_get_##name (ChorusInvoice *self)                                   \
  {                                                                                 \
    g_return_val_if_fail (CHORUS_IS_INVOICE (self), (Type) 0);                      \
    return self->name;                                                              \
  }                                                                                 \
  void                                                                              \
  chorus_invoice_set_##name (ChorusInvoice *self, Type value)                       \
  {                                                                                 \
    g_return_if_fail (CHORUS_IS_INVOICE (self));                                    \
    self->name = value;                                                             \
  }
DEFINE_VALUE_ACCESSORS (gint64, key)
DEFINE_VALUE_ACCESSORS (ChorusDirection, direction)
DEFINE_VALUE_ACCESSORS (gboolean, downloaded)

/* An enum read from its raw code, and set as the code of the enum: both ways share the code. */
#define DEFINE_CODED_ACCESSORS(Type, name, prefix, unknown)                           \
  Type                                                                              \
  chorus_invoice_get_##name (ChorusInvoice *self)                                   \
  {                                                                                 \
    g_return_val_if_fail (CHORUS_IS_INVOICE (self), unknown);                       \
    return prefix##_from_api (self->name##_code);                                   \
  }                                                                                 \
  void                                                                              \
  chorus_invoice_set_##name (ChorusInvoice *self, Type value)                       \
  {                                                                                 \
    g_return_if_fail (CHORUS_IS_INVOICE (self));                                    \
    self->name##_code = value == unknown ? NULL                                     \
                                         : chorus_status_code_intern (prefix##_to_api (value)); \
  }                                                                                 \
  const char *                                                                      \
  chorus_invoice_get_##name##_code (ChorusInvoice *self)                            \
  {                                                                                 \
    g_return_val_if_fail (CHORUS_IS_INVOICE (self), NULL);                          \
    return self->name##_code;                                                       \
  }                                                                                 \
  void                                                                              \
  chorus_invoice_set_##name##_code (ChorusInvoice *self, const char *code)          \
  {                                                                                 \
    g_return_if_fail (CHORUS_IS_INVOICE (self));                                    \
    self->name##_code = chorus_status_code_intern (code);                           \
  }
DEFINE_CODED_ACCESSORS (ChorusInvoiceType, invoice_type, chorus_invoice_type, CHORUS_INVOICE_TYPE_UNKNOWN)
DEFINE_CODED_ACCESSORS (ChorusCadre, cadre, chorus_cadre, CHORUS_CADRE_UNKNOWN)
DEFINE_CODED_ACCESSORS (ChorusIdType, supplier_id_type, chorus_id_type, CHORUS_ID_TYPE_UNKNOWN)
DEFINE_CODED_ACCESSORS (ChorusVatType, vat_type, chorus_vat_type, CHORUS_VAT_TYPE_UNKNOWN)

static const char *const direction_names[] = {
  [CHORUS_DIRECTION_RECEIVED] = "received",
  [CHORUS_DIRECTION_ISSUED] = "issued",
  [CHORUS_DIRECTION_TO_VALIDATE] = "to-validate",
};

const char *
chorus_direction_to_string (ChorusDirection direction)
{
  return direction_names[chorus_direction_from_int (direction)];
}

ChorusDirection
chorus_direction_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (direction_names); i++)
    if (g_str_equal (name, direction_names[i]))
      return (ChorusDirection) i;
  return CHORUS_DIRECTION_RECEIVED;
}

ChorusDirection
chorus_direction_from_int (int value)
{
  return value >= 0 && value < (int) G_N_ELEMENTS (direction_names) ? (ChorusDirection) value
                                                                    : CHORUS_DIRECTION_RECEIVED;
}

ChorusStatus
chorus_invoice_get_status (ChorusInvoice *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE (self), CHORUS_STATUS_UNKNOWN);
  return chorus_status_from_api (self->status_code);
}

void
chorus_invoice_set_status (ChorusInvoice *self, ChorusStatus status)
{
  g_return_if_fail (CHORUS_IS_INVOICE (self));
  self->status_code = chorus_status_code_intern (chorus_status_to_api (status));
}

const char *
chorus_invoice_get_status_code (ChorusInvoice *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE (self), NULL);
  return self->status_code;
}

void
chorus_invoice_set_status_code (ChorusInvoice *self, const char *code)
{
  g_return_if_fail (CHORUS_IS_INVOICE (self));
  self->status_code = chorus_status_code_intern (code);
}

#define DEFINE_ARRAY_ACCESSORS(name)                                                 \
  GPtrArray *                                                                       \
  chorus_invoice_get_##name (ChorusInvoice *self)                                   \
  {                                                                                 \
    g_return_val_if_fail (CHORUS_IS_INVOICE (self), NULL);                          \
    return self->name;                                                              \
  }                                                                                 \
  void                                                                              \
  chorus_invoice_set_##name (ChorusInvoice *self, GPtrArray *value)                 \
  {                                                                                 \
    g_return_if_fail (CHORUS_IS_INVOICE (self));                                    \
    if (value != NULL)                                                              \
      g_ptr_array_ref (value);                                                      \
    g_clear_pointer (&self->name, g_ptr_array_unref);                               \
    self->name = value;                                                             \
  }
DEFINE_ARRAY_ACCESSORS (lines)
DEFINE_ARRAY_ACCESSORS (vat_lines)
DEFINE_ARRAY_ACCESSORS (history)
DEFINE_ARRAY_ACCESSORS (user_actions)
DEFINE_ARRAY_ACCESSORS (attachments)
