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
  /* While a change slides the new rows in: the old rows that follow them, from @tail_from on. */
  GArray      *tail;
  guint        tail_from;
  GQueue       pages;   /* Page, most recently used first */
  gint64       version; /* the store's data version when the rows were last set */
  GPtrArray   *dropped; /* pages left by a change, freed once the frame that shows it is done */
  guint        free_id;
};

static void chorus_invoice_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChorusInvoiceModel, chorus_invoice_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, chorus_invoice_model_list_model_init))

static guint
n_rows (ChorusInvoiceModel *self)
{
  return self->ids->len + (self->tail != NULL ? self->tail->len - self->tail_from : 0);
}

static gint64
id_at (ChorusInvoiceModel *self,
       guint               position)
{
  if (position < self->ids->len)
    return g_array_index (self->ids, gint64, position);
  return g_array_index (self->tail, gint64, position - self->ids->len + self->tail_from);
}

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

/* Reads the rows of @page it does not hold yet: all of them, or those after a change's first new row. */
static void
fill_page (ChorusInvoiceModel *self,
           Page               *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  guint start = page->index * PAGE_SIZE + page->invoices->len;
  guint n = MIN ((page->index + 1) * PAGE_SIZE, n_rows (self)) - start;
  gint64 ids[PAGE_SIZE];

  for (guint i = 0; i < n; i++)
    ids[i] = id_at (self, start + i);

  invoices = chorus_store_load_invoices (self->store, ids, n, &error);
  if (invoices == NULL || invoices->len != n)
    {
      /* An invoice deleted since the query: load the page row by row so the others still show. */
      if (error != NULL)
        g_debug ("Page %u of the invoice list: %s", page->index, error->message);
      g_clear_pointer (&invoices, g_ptr_array_unref);
      invoices = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (invoices, load_invoice (self, ids[i]));
    }

  attach_last_actions (self, invoices->pdata, ids, n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (page->invoices, g_steal_pointer (&invoices->pdata[i]));
  g_ptr_array_set_free_func (invoices, NULL);
}

static Page *
load_page (ChorusInvoiceModel *self,
           guint               index)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->invoices = g_ptr_array_new_full (PAGE_SIZE, g_object_unref);
  fill_page (self, page);
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
  return n_rows (CHORUS_INVOICE_MODEL (model));
}

static gpointer
chorus_invoice_model_get_item (GListModel *model,
                               guint       position)
{
  ChorusInvoiceModel *self = CHORUS_INVOICE_MODEL (model);
  guint index = position / PAGE_SIZE;
  Page *page = NULL;

  if (position >= n_rows (self))
    return NULL;

  for (GList *l = self->pages.head; l != NULL; l = l->next)
    if (((Page *) l->data)->index == index)
      {
        page = l->data;
        g_queue_unlink (&self->pages, l);
        g_queue_push_head_link (&self->pages, l);
        break;
      }

  if (page != NULL && position % PAGE_SIZE >= page->invoices->len)
    fill_page (self, page);
  else if (page == NULL)
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

  g_clear_handle_id (&self->free_id, g_source_remove);
  g_clear_pointer (&self->dropped, g_ptr_array_unref);
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
  self->dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
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

static gboolean
free_dropped_pages (gpointer data)
{
  ChorusInvoiceModel *self = data;

  self->free_id = 0;
  g_ptr_array_set_size (self->dropped, 0);
  return G_SOURCE_REMOVE;
}

/* Forgets the cached rows at or after @position; a page holding rows before it keeps them, so
 * that rows a change leaves in place keep their invoice objects. What is dropped is freed after
 * the change is painted: hundreds of objects and their strings are no work for the frame that
 * waits. */
static void
drop_pages_from (ChorusInvoiceModel *self,
                 guint               position)
{
  GList *l = self->pages.head;

  while (l != NULL)
    {
      GList *next = l->next;
      Page *page = l->data;
      guint start = page->index * PAGE_SIZE;

      if (start >= position)
        {
          g_queue_delete_link (&self->pages, l);
          g_ptr_array_add (self->dropped, page);
        }
      else if (start + page->invoices->len > position)
        {
          Page *rest = g_new0 (Page, 1);
          guint kept = position - start;

          rest->invoices = g_ptr_array_new_full (page->invoices->len - kept, g_object_unref);
          for (guint i = kept; i < page->invoices->len; i++)
            g_ptr_array_add (rest->invoices, g_steal_pointer (&page->invoices->pdata[i]));
          g_ptr_array_set_free_func (page->invoices, NULL);
          g_ptr_array_set_size (page->invoices, kept);
          g_ptr_array_set_free_func (page->invoices, g_object_unref);
          g_ptr_array_add (self->dropped, rest);
        }
      l = next;
    }
  if (self->dropped->len > 0 && self->free_id == 0)
    self->free_id = g_idle_add_full (G_PRIORITY_LOW, free_dropped_pages, self, NULL);
}

void
chorus_invoice_model_set_ids (ChorusInvoiceModel *self,
                              GArray             *ids)
{
  g_autoptr(GArray) old = NULL;
  guint old_n, new_n, same = 0;
  gint64 version;

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
      drop_pages_from (self, same);
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
   * slid in at the first row that differs, which pushes the old rows' widgets out of view to be
   * reused for the new ones, and the old rows, now out of view, are removed. GTK follows the
   * row at the top of the view (its anchor) wherever it goes: with rows kept above it, it stays
   * put; when the first row differs, the new rows come under it instead, then it is replaced
   * (that one row is rebuilt). Meanwhile it already reads as its new invoice: GTK keeps its
   * widget without reading it, and the page read for the new rows has it too. */
  self->ids = ids;
  self->tail = old;
  if (same > 0)
    {
      self->tail_from = same;
      g_list_model_items_changed (G_LIST_MODEL (self), same, 0, new_n - same);
    }
  else
    {
      self->tail_from = 1;
      if (new_n > 1)
        g_list_model_items_changed (G_LIST_MODEL (self), 1, 0, new_n - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 1);
    }
  self->tail = NULL;
  drop_pages_from (self, new_n);
  if (old_n > self->tail_from)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - self->tail_from, 0);
}

gint64
chorus_invoice_model_get_id (ChorusInvoiceModel *self,
                             guint               position)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (self), 0);
  g_return_val_if_fail (position < n_rows (self), 0);

  return id_at (self, position);
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
