/* chorus-invoice-model.c: rows are 8-byte ids; ChorusInvoice objects exist only for a few recently
 * read pages of PAGE_SIZE rows, loaded in one query each. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-invoice-model.h"

#define PAGE_SIZE     256
#define MAX_PAGES     8
#define ACTION_QUARK  (action_quark ())

typedef struct {
  guint      index;
  GPtrArray *invoices;
} Page;

struct _ChorusInvoiceModel
{
  GObject      parent_instance;

  ChorusStore *store;
  GArray      *ids;
  GQueue       pages;   /* Page, most recently used first */
  gint64       version; /* the store's data version when the rows were last set */
};

static void chorus_invoice_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChorusInvoiceModel, chorus_invoice_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, chorus_invoice_model_list_model_init))

static GQuark
action_quark (void)
{
  return g_quark_from_static_string ("chorus-last-action");
}

/* Each row carries its last processing action, read for the whole page in one query. */
static void
attach_last_actions (ChorusInvoiceModel *self,
                     gpointer           *invoices,
                     const gint64       *ids,
                     guint               n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) last = chorus_store_outbox_last_actions (self->store, ids, n, &error);

  if (last == NULL)
    g_debug ("Last actions of a page: %s", error->message);
  for (guint i = 0; i < n; i++)
    {
      ChorusAction *action = last != NULL ? g_hash_table_lookup (last, &ids[i]) : NULL;

      g_object_set_qdata_full (G_OBJECT (invoices[i]), ACTION_QUARK,
                               action ? chorus_action_copy (action) : NULL, (GDestroyNotify) chorus_action_free);
    }
}

static void
page_free (Page *page)
{
  g_clear_pointer (&page->invoices, g_ptr_array_unref);
  g_free (page);
}

/* One row on its own; a row deleted since the query shows as an empty invoice with its id. */
static ChorusInvoice *
load_invoice (ChorusInvoiceModel *self,
              gint64              id)
{
  ChorusInvoice *invoice = chorus_store_load_invoice (self->store, id, NULL);

  if (invoice == NULL)
    {
      invoice = chorus_invoice_new ();
      chorus_invoice_set_id (invoice, id);
    }
  return invoice;
}

static Page *
load_page (ChorusInvoiceModel *self,
           guint               index)
{
  g_autoptr(GError) error = NULL;
  Page *page = g_new0 (Page, 1);
  guint start = index * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  const gint64 *ids = &g_array_index (self->ids, gint64, start);

  page->index = index;
  page->invoices = chorus_store_load_invoices (self->store, ids, n, &error);
  if (page->invoices == NULL || page->invoices->len != n)
    {
      /* An invoice deleted since the query: load the page row by row so the others still show. */
      if (error != NULL)
        g_debug ("Page %u of the invoice list: %s", index, error->message);
      g_clear_pointer (&page->invoices, g_ptr_array_unref);
      page->invoices = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        {
          g_ptr_array_add (page->invoices, load_invoice (self, ids[i]));
        }
    }

  attach_last_actions (self, page->invoices->pdata, ids, n);
  return page;
}

static GType
chorus_invoice_model_get_item_type (GListModel *model)
{
  return CHORUS_TYPE_INVOICE;
}

static guint
chorus_invoice_model_get_n_items (GListModel *model)
{
  return CHORUS_INVOICE_MODEL (model)->ids->len;
}

static gpointer
chorus_invoice_model_get_item (GListModel *model,
                               guint       position)
{
  ChorusInvoiceModel *self = CHORUS_INVOICE_MODEL (model);
  guint index = position / PAGE_SIZE;
  Page *page = NULL;

  if (position >= self->ids->len)
    return NULL;

  for (GList *l = self->pages.head; l != NULL; l = l->next)
    if (((Page *) l->data)->index == index)
      {
        page = l->data;
        g_queue_unlink (&self->pages, l);
        g_queue_push_head_link (&self->pages, l);
        break;
      }

  if (page == NULL)
    {
      page = load_page (self, index);
      g_queue_push_head (&self->pages, page);
      while (self->pages.length > MAX_PAGES)
        page_free (g_queue_pop_tail (&self->pages));
    }

  return g_object_ref (g_ptr_array_index (page->invoices, position % PAGE_SIZE));
}

static void
chorus_invoice_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = chorus_invoice_model_get_item_type;
  iface->get_n_items = chorus_invoice_model_get_n_items;
  iface->get_item = chorus_invoice_model_get_item;
}

static void
chorus_invoice_model_finalize (GObject *object)
{
  ChorusInvoiceModel *self = CHORUS_INVOICE_MODEL (object);

  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (chorus_invoice_model_parent_class)->finalize (object);
}

static void
chorus_invoice_model_class_init (ChorusInvoiceModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_invoice_model_finalize;
}

static void
chorus_invoice_model_init (ChorusInvoiceModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_queue_init (&self->pages);
  self->version = -1;
}

ChorusInvoiceModel *
chorus_invoice_model_new (ChorusStore *store)
{
  ChorusInvoiceModel *self;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);

  self = g_object_new (CHORUS_TYPE_INVOICE_MODEL, NULL);
  self->store = g_object_ref (store);
  return self;
}

gboolean
chorus_invoice_model_query (ChorusInvoiceModel         *self,
                            const ChorusInvoiceFilter  *filter,
                            ChorusSortColumn            sort,
                            gboolean                    descending,
                            GError                    **error)
{
  GArray *ids;

  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  ids = chorus_store_query_ids (self->store, filter, sort, descending, error);
  if (ids == NULL)
    return FALSE;
  chorus_invoice_model_set_ids (self, ids);
  return TRUE;
}

/* Drops the cached pages holding rows at or after @position. */
static void
drop_pages_from (ChorusInvoiceModel *self,
                 guint               position)
{
  GList *l = self->pages.head;

  while (l != NULL)
    {
      GList *next = l->next;
      Page *page = l->data;

      if ((page->index + 1) * PAGE_SIZE > position)
        {
          g_queue_delete_link (&self->pages, l);
          page_free (page);
        }
      l = next;
    }
}

void
chorus_invoice_model_set_ids (ChorusInvoiceModel *self,
                              GArray             *ids)
{
  g_autoptr(GArray) old = NULL;
  guint old_n, new_n, same = 0;
  gint64 version;
  GArray *passing;

  g_return_if_fail (CHORUS_IS_INVOICE_MODEL (self));
  g_return_if_fail (ids != NULL && g_array_get_element_size (ids) == sizeof (gint64));

  old_n = self->ids->len;
  new_n = ids->len;
  /* Rows that stay at their place keep their widgets and cached invoices: only what follows the
   * first row that differs is told (nothing at all when the list is the same). After a write
   * (a pull, an action) every row is read again. */
  version = chorus_store_get_data_version (self->store);
  if (version == self->version)
    while (same < MIN (old_n, new_n) && g_array_index (self->ids, gint64, same) == g_array_index (ids, gint64, same))
      same++;
  self->version = version;
  if (same == old_n || same == new_n)
    {
      old = g_steal_pointer (&self->ids);
      self->ids = ids;
      drop_pages_from (self, same);   /* the last page read may have been cut short */
      if (old_n != new_n)
        g_list_model_items_changed (G_LIST_MODEL (self), same, old_n - same, new_n - same);
      return;
    }

  drop_pages_from (self, same);
  old = g_steal_pointer (&self->ids);

  /* Never one replacement of all the rows: GTK 4.8's list item manager then looks for the old
   * rows' items among all the new rows, which reads the whole model. It also destroys the widgets
   * of every removed row (a column view keeps ~200 rows of cells alive) and builds new ones for
   * added rows, but rebinds the widgets of rows that merely move out of view. So the new rows are
   * slid in under the first row that differs, which pushes the old rows' widgets out of view to be
   * reused for the new ones; then that row is replaced (one row rebuilt) and the old rows, now out
   * of view, are removed. */
  passing = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old_n + new_n - same - 1);
  g_array_append_vals (passing, old->data, same + 1);
  g_array_append_vals (passing, &g_array_index (ids, gint64, same + 1), new_n - same - 1);
  g_array_append_vals (passing, &g_array_index (old, gint64, same + 1), old_n - same - 1);
  self->ids = passing;
  if (new_n > same + 1)
    g_list_model_items_changed (G_LIST_MODEL (self), same + 1, 0, new_n - same - 1);

  /* A page read while the new rows slid in holds the old row at @same. */
  g_array_index (passing, gint64, same) = g_array_index (ids, gint64, same);
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->index == same / PAGE_SIZE)
        {
          gint64 id = g_array_index (ids, gint64, same);
          ChorusInvoice *previous = g_ptr_array_index (page->invoices, same % PAGE_SIZE);

          g_ptr_array_index (page->invoices, same % PAGE_SIZE) = load_invoice (self, id);
          g_object_unref (previous);
          attach_last_actions (self, &page->invoices->pdata[same % PAGE_SIZE], &id, 1);
        }
    }
  g_list_model_items_changed (G_LIST_MODEL (self), same, 1, 1);

  self->ids = ids;
  drop_pages_from (self, new_n);
  g_array_unref (passing);
  if (old_n > same + 1)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - same - 1, 0);
}

gint64
chorus_invoice_model_get_id (ChorusInvoiceModel *self,
                             guint               position)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (self), 0);
  g_return_val_if_fail (position < self->ids->len, 0);

  return g_array_index (self->ids, gint64, position);
}

guint
chorus_invoice_model_find (ChorusInvoiceModel *self,
                           gint64              id)
{
  const gint64 *ids;

  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (self), G_MAXUINT);

  ids = (const gint64 *) (gpointer) self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    if (ids[i] == id)
      return i;
  return G_MAXUINT;
}

const ChorusAction *
chorus_invoice_model_get_last_action (ChorusInvoice *invoice)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  return g_object_get_qdata (G_OBJECT (invoice), ACTION_QUARK);
}

gsize
chorus_invoice_model_get_id_bytes (ChorusInvoiceModel *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (self), 0);
  return (gsize) self->ids->len * sizeof (gint64);
}

guint
chorus_invoice_model_get_n_cached (ChorusInvoiceModel *self)
{
  guint n = 0;

  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (self), 0);
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    n += ((Page *) l->data)->invoices->len;
  return n;
}

void
chorus_invoice_model_refresh_id (ChorusInvoiceModel *self,
                                 gint64              id)
{
  guint position;

  g_return_if_fail (CHORUS_IS_INVOICE_MODEL (self));

  position = chorus_invoice_model_find (self, id);
  if (position == G_MAXUINT)
    return;
  /* Its page is read again, as new objects: the row's cells see a new item and show it. */
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->index == position / PAGE_SIZE)
        {
          g_queue_delete_link (&self->pages, l);
          page_free (page);
          break;
        }
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}
