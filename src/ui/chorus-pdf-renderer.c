/* chorus-pdf-renderer.c: poppler is not thread-safe per document, so one worker thread owns each
 * document and runs every job on it in order; results come back as GTasks on the caller's context.
 * Every load starts a new worker: a page that takes poppler minutes never holds up the next document. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>

#include "chorus-pdf-renderer-private.h"

#define DEFAULT_CACHE_LIMIT (96 * 1024 * 1024)
/* Page sizes outside these bounds (in points) are lies, not drawings: 1e6 pt is 350 m. */
#define MIN_PAGE_POINTS 1.0
#define MAX_PAGE_POINTS 1e6

typedef enum {
  JOB_LOAD,
  JOB_RENDER,
  JOB_FIND,
  JOB_TEXT,
  JOB_QUIT,
} JobKind;

typedef struct {
  JobKind  kind;
  gint     generation;
  GTask   *task;
  GBytes  *bytes;
  guint    page;
  double   scale;
  char    *text;
} Job;

typedef struct {
  gint     generation;
  GBytes  *bytes;
  GArray  *sizes;   /* double pairs: width, height in points */
  gboolean truncated;
} LoadResult;

typedef struct {
  GdkTexture      *texture;
  graphene_rect_t  area;
} RenderResult;

/* What a render job asks for (the task data): the cache needs it back on the caller's side. */
typedef struct {
  gint            generation;
  guint           page;
  double          scale;
  gboolean        whole;
  graphene_rect_t area;
} RenderRequestData;

/* What the worker knows of its document. */
typedef struct {
  PopplerDocument *document;
  GArray          *sizes;
} WorkerDocument;

typedef struct {
  guint       page;
  gint64      scale_key;
  GdkTexture *texture;
  gsize       size;
} CacheEntry;

struct _ChorusPdfRenderer
{
  GObject      parent_instance;

  GThread     *thread;      /* the worker of the current document, NULL before the first load */
  GAsyncQueue *jobs;        /* its queue */
  gint         generation;  /* atomic: workers read it to skip jobs of a replaced document */

  GBytes      *bytes;
  GArray      *sizes;
  gboolean     truncated;

  GQueue       cache;       /* CacheEntry, most recently used first */
  gsize        cache_bytes;
  gsize        cache_limit;
};

G_DEFINE_FINAL_TYPE (ChorusPdfRenderer, chorus_pdf_renderer, G_TYPE_OBJECT)

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->text);
  g_free (job);
}

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_clear_pointer (&result->sizes, g_array_unref);
  g_free (result);
}

static void
render_result_free (RenderResult *result)
{
  g_clear_object (&result->texture);
  g_free (result);
}

static void
cache_entry_free (CacheEntry *entry)
{
  g_clear_object (&entry->texture);
  g_free (entry);
}

static gint64
scale_key (double scale)
{
  return (gint64) llround (scale * 10000.0);
}

/* Worker side: everything below until the GObject part runs in the worker thread. */

static PopplerDocument *
open_document (GBytes  *bytes,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, &local_error);

  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("This PDF is protected by a password, so it cannot be shown here. "
                               "Save a copy and open it with a PDF reader."));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("This file is not a readable PDF: it is damaged or incomplete."));
      return NULL;
    }
  return document;
}

/* The sizes of the pages poppler can read, in order, stopping at the first it cannot: a page tree
 * may claim more pages than it holds (poppler then gives NULL), or absurd sizes. */
static GArray *
readable_page_sizes (PopplerDocument  *document,
                     gboolean         *truncated,
                     GError          **error)
{
  int n_claimed = poppler_document_get_n_pages (document);
  guint n_wanted = (guint) CLAMP (n_claimed, 0, CHORUS_PDF_MAX_PAGES);
  g_autoptr(GArray) sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), n_wanted * 2);

  for (guint i = 0; i < n_wanted; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, (int) i);
      double size[2];

      if (page == NULL)
        break;
      poppler_page_get_size (page, &size[0], &size[1]);
      g_object_unref (page);
      /* Written so that NaN fails too. */
      if (!(size[0] <= MAX_PAGE_POINTS && size[1] <= MAX_PAGE_POINTS))
        break;
      size[0] = MAX (size[0], MIN_PAGE_POINTS);
      size[1] = MAX (size[1], MIN_PAGE_POINTS);
      g_array_append_vals (sizes, size, 2);
    }

  if (sizes->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           n_claimed < 1 ? _("This PDF has no pages.")
                                         : _("None of the pages of this PDF can be read: it is damaged."));
      return NULL;
    }
  *truncated = sizes->len / 2 == CHORUS_PDF_MAX_PAGES && n_claimed > CHORUS_PDF_MAX_PAGES;
  return g_steal_pointer (&sizes);
}

static void
cairo_surface_unref_cb (gpointer data)
{
  cairo_surface_destroy (data);
}

static GdkTexture *
render_page (PopplerPage            *page,
             double                  width_pt,
             double                  height_pt,
             double                  scale,
             const graphene_rect_t  *area,
             graphene_rect_t        *out_area,
             GError                **error)
{
  graphene_rect_t whole = GRAPHENE_RECT_INIT (0, 0, width_pt, height_pt);
  graphene_rect_t wanted;
  /* In double: a whole page must come out at exactly ceil (size × scale), as the view expects
   * (graphene's floats round 595.2 up). */
  double left = 0, top = 0, width = width_pt, height = height_pt;
  double x0, y0, x1, y1;
  int pixel_width, pixel_height;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  g_autoptr(GBytes) pixels = NULL;

  if (area != NULL)
    {
      if (!graphene_rect_intersection (area, &whole, &wanted) || wanted.size.width <= 0 || wanted.size.height <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The area is outside the page");
          return NULL;
        }
      left = wanted.origin.x;
      top = wanted.origin.y;
      width = wanted.size.width;
      height = wanted.size.height;
    }

  /* Bounded whatever the page claims: cairo refuses sides above 32767 px, and memory is finite. */
  scale = chorus_pdf_renderer_capped_scale (width, height, scale);
  x0 = floor (left * scale);
  y0 = floor (top * scale);
  x1 = ceil ((left + width) * scale);
  y1 = ceil ((top + height) * scale);
  pixel_width = MAX (1, (int) (x1 - x0));
  pixel_height = MAX (1, (int) (y1 - y0));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("There is not enough memory to draw this page."));
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, -x0, -y0);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("This page could not be drawn (%s)."),
                   cairo_status_to_string (status));
      return NULL;
    }

  graphene_rect_init (out_area, (float) (x0 / scale), (float) (y0 / scale),
                      (float) (pixel_width / scale), (float) (pixel_height / scale));
  /* The texture keeps the surface's memory alive: no copy of the pixels. */
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                       (gsize) cairo_image_surface_get_stride (surface) * pixel_height,
                                       cairo_surface_unref_cb, surface);
  return gdk_memory_texture_new (pixel_width, pixel_height, GDK_MEMORY_DEFAULT, pixels,
                                 cairo_image_surface_get_stride (surface));
}

static GArray *
find_text (WorkerDocument *doc,
           const char     *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (ChorusPdfMatch));

  for (guint i = 0; i < doc->sizes->len / 2; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc->document, (int) i);
      double height = g_array_index (doc->sizes, double, i * 2 + 1);
      GList *found;

      if (page == NULL)
        continue;
      found = poppler_page_find_text_with_options (page, text, POPPLER_FIND_DEFAULT);
      g_object_unref (page);
      for (GList *l = found; l != NULL; l = l->next)
        {
          PopplerRectangle *rect = l->data;
          ChorusPdfMatch match = { i, GRAPHENE_RECT_INIT (0, 0, 0, 0) };

          /* poppler counts y from the bottom of the page. */
          graphene_rect_init (&match.area, (float) rect->x1, (float) (height - rect->y2),
                              (float) (rect->x2 - rect->x1), (float) (rect->y2 - rect->y1));
          g_array_append_val (matches, match);
        }
      g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
    }
  return matches;
}

static void
worker_load (WorkerDocument *doc,
             Job            *job)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *loaded = open_document (job->bytes, &error);
  g_autoptr(GArray) sizes = NULL;
  LoadResult *result;
  gboolean truncated = FALSE;

  if (loaded != NULL)
    sizes = readable_page_sizes (loaded, &truncated, &error);
  if (sizes == NULL)
    {
      g_clear_object (&loaded);
      g_task_return_error (job->task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (LoadResult, 1);
  result->generation = job->generation;
  result->bytes = g_bytes_ref (job->bytes);
  result->sizes = g_array_ref (sizes);
  result->truncated = truncated;
  g_clear_object (&doc->document);
  doc->document = loaded;
  g_clear_pointer (&doc->sizes, g_array_unref);
  doc->sizes = g_steal_pointer (&sizes);
  g_task_return_pointer (job->task, result, (GDestroyNotify) load_result_free);
}

static void
worker_render (WorkerDocument *doc,
               Job            *job)
{
  g_autoptr(GError) error = NULL;
  const RenderRequestData *request = g_task_get_task_data (job->task);
  PopplerPage *page = NULL;
  RenderResult *result;

  if (job->page < doc->sizes->len / 2)
    page = poppler_document_get_page (doc->document, (int) job->page);
  if (page == NULL)
    {
      g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No page %u", job->page);
      return;
    }

  result = g_new0 (RenderResult, 1);
  result->texture = render_page (page, g_array_index (doc->sizes, double, job->page * 2),
                                 g_array_index (doc->sizes, double, job->page * 2 + 1), job->scale,
                                 request->whole ? NULL : &request->area, &result->area, &error);
  g_object_unref (page);
  if (result->texture == NULL)
    {
      render_result_free (result);
      g_task_return_error (job->task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (job->task, result, (GDestroyNotify) render_result_free);
}

static gpointer
worker_main (gpointer data)
{
  g_autoptr(GAsyncQueue) jobs = data;
  WorkerDocument doc = { NULL, NULL };

  for (;;)
    {
      Job *job = g_async_queue_pop (jobs);
      ChorusPdfRenderer *owner;

      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }

      /* The task holds a reference on its renderer. */
      owner = g_task_get_source_object (job->task);
      if (g_task_return_error_if_cancelled (job->task))
        ;
      else if (job->generation != g_atomic_int_get (&owner->generation))
        g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The document was replaced");
      else if (job->kind == JOB_LOAD)
        worker_load (&doc, job);
      else if (doc.document == NULL)
        g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "The document could not be read");
      else if (job->kind == JOB_RENDER)
        worker_render (&doc, job);
      else if (job->kind == JOB_TEXT)
        {
          PopplerPage *page = NULL;

          if (job->page < doc.sizes->len / 2)
            page = poppler_document_get_page (doc.document, (int) job->page);
          if (page == NULL)
            g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No page %u", job->page);
          else
            g_task_return_pointer (job->task, poppler_page_get_text (page), g_free);
          g_clear_object (&page);
        }
      else if (job->kind == JOB_FIND)
        g_task_return_pointer (job->task, find_text (&doc, job->text), (GDestroyNotify) g_array_unref);
      job_free (job);
    }
  g_clear_object (&doc.document);
  g_clear_pointer (&doc.sizes, g_array_unref);
  return NULL;
}

/* Caller side. */

static Job *
job_new (ChorusPdfRenderer *self,
         JobKind            kind,
         GTask             *task,
         gpointer           source_tag)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->generation = self->generation;
  job->task = task;
  g_task_set_source_tag (task, source_tag);
  return job;
}

static void
submit (ChorusPdfRenderer *self,
        Job               *job)
{
  if (self->jobs == NULL)
    {
      g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "No document is loaded");
      job_free (job);
      return;
    }
  g_async_queue_push (self->jobs, job);
}

/* Lets the current worker finish what it is doing on its own, then quit. */
static void
retire_worker (ChorusPdfRenderer *self,
               gboolean           wait)
{
  Job *quit;

  if (self->thread == NULL)
    return;
  quit = g_new0 (Job, 1);
  quit->kind = JOB_QUIT;
  g_async_queue_push (self->jobs, quit);
  /* The last reference can go with a finished job inside the worker itself: it must not wait for itself. */
  if (wait && g_thread_self () != self->thread)
    g_thread_join (self->thread);
  else
    g_thread_unref (self->thread);
  self->thread = NULL;
  g_clear_pointer (&self->jobs, g_async_queue_unref);
}

static void
cache_clear (ChorusPdfRenderer *self)
{
  g_queue_clear_full (&self->cache, (GDestroyNotify) cache_entry_free);
  self->cache_bytes = 0;
}

static void
cache_trim (ChorusPdfRenderer *self)
{
  /* Keep at least the newest texture, even when it alone exceeds the limit. */
  while (self->cache_bytes > self->cache_limit && self->cache.length > 1)
    {
      CacheEntry *oldest = g_queue_pop_tail (&self->cache);

      self->cache_bytes -= oldest->size;
      cache_entry_free (oldest);
    }
}

static void
cache_insert (ChorusPdfRenderer *self,
              guint              page,
              double             scale,
              GdkTexture        *texture)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);
  gint64 key = scale_key (scale);

  for (GList *l = self->cache.head; l != NULL; l = l->next)
    {
      CacheEntry *old = l->data;

      if (old->page == page && old->scale_key == key)
        {
          self->cache_bytes -= old->size;
          cache_entry_free (old);
          g_queue_delete_link (&self->cache, l);
          break;
        }
    }

  entry->page = page;
  entry->scale_key = key;
  entry->texture = g_object_ref (texture);
  entry->size = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  g_queue_push_head (&self->cache, entry);
  self->cache_bytes += entry->size;
  cache_trim (self);
}

static void
chorus_pdf_renderer_finalize (GObject *object)
{
  ChorusPdfRenderer *self = CHORUS_PDF_RENDERER (object);

  retire_worker (self, TRUE);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  cache_clear (self);

  G_OBJECT_CLASS (chorus_pdf_renderer_parent_class)->finalize (object);
}

static void
chorus_pdf_renderer_class_init (ChorusPdfRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_pdf_renderer_finalize;
}

static void
chorus_pdf_renderer_init (ChorusPdfRenderer *self)
{
  self->cache_limit = DEFAULT_CACHE_LIMIT;
  g_queue_init (&self->cache);
}

ChorusPdfRenderer *
chorus_pdf_renderer_new (void)
{
  return g_object_new (CHORUS_TYPE_PDF_RENDERER, NULL);
}

double
chorus_pdf_renderer_capped_scale (double width_pt,
                                  double height_pt,
                                  double scale)
{
  /* Two pixels of slack on each side: an area's pixel bounds are rounded outwards. */
  double max_side = CHORUS_PDF_MAX_TEXTURE_SIDE - 2;

  g_return_val_if_fail (width_pt > 0 && height_pt > 0 && scale > 0, 1.0);

  scale = MIN (scale, max_side / width_pt);
  scale = MIN (scale, max_side / height_pt);
  scale = MIN (scale, sqrt (0.98 * CHORUS_PDF_MAX_TEXTURE_PIXELS / (width_pt * height_pt)));
  return scale;
}

void
chorus_pdf_renderer_load_async (ChorusPdfRenderer   *self,
                                GBytes              *bytes,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  g_atomic_int_inc (&self->generation);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  self->truncated = FALSE;
  cache_clear (self);

  /* Pending tasks hold a reference on the renderer, so a worker never outlives its jobs' callers. */
  retire_worker (self, FALSE);
  self->jobs = g_async_queue_new ();
  self->thread = g_thread_new ("chorus-pdf", worker_main, g_async_queue_ref (self->jobs));

  job = job_new (self, JOB_LOAD, g_task_new (self, cancellable, callback, user_data), chorus_pdf_renderer_load_async);
  job->bytes = g_bytes_ref (bytes);
  submit (self, job);
}

gboolean
chorus_pdf_renderer_load_finish (ChorusPdfRenderer  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  LoadResult *loaded;

  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;
  if (loaded->generation != self->generation)
    {
      load_result_free (loaded);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Another document was loaded since");
      return FALSE;
    }
  self->bytes = g_steal_pointer (&loaded->bytes);
  self->sizes = g_steal_pointer (&loaded->sizes);
  self->truncated = loaded->truncated;
  load_result_free (loaded);
  return TRUE;
}

GBytes *
chorus_pdf_renderer_get_bytes (ChorusPdfRenderer *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), NULL);
  return self->bytes;
}

guint
chorus_pdf_renderer_get_n_pages (ChorusPdfRenderer *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), 0);
  return self->sizes ? self->sizes->len / 2 : 0;
}

gboolean
chorus_pdf_renderer_is_truncated (ChorusPdfRenderer *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), FALSE);
  return self->truncated;
}

void
chorus_pdf_renderer_get_page_size (ChorusPdfRenderer *self,
                                   guint              page,
                                   double            *width,
                                   double            *height)
{
  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));
  g_return_if_fail (page < chorus_pdf_renderer_get_n_pages (self));

  if (width)
    *width = g_array_index (self->sizes, double, page * 2);
  if (height)
    *height = g_array_index (self->sizes, double, page * 2 + 1);
}

void
chorus_pdf_renderer_render_async (ChorusPdfRenderer     *self,
                                  guint                  page,
                                  double                 scale,
                                  const graphene_rect_t *area,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  RenderRequestData *request;
  Job *job;

  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));
  g_return_if_fail (scale > 0 && isfinite (scale));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  job = job_new (self, JOB_RENDER, g_task_new (self, cancellable, callback, user_data),
                 chorus_pdf_renderer_render_async);
  job->page = page;
  job->scale = scale;
  request = g_new0 (RenderRequestData, 1);
  request->generation = job->generation;
  request->page = page;
  request->scale = scale;
  request->whole = area == NULL;
  if (area != NULL)
    request->area = *area;
  g_task_set_task_data (job->task, request, g_free);
  submit (self, job);
}

GdkTexture *
chorus_pdf_renderer_render_finish (ChorusPdfRenderer  *self,
                                   GAsyncResult       *result,
                                   graphene_rect_t    *area,
                                   GError            **error)
{
  RenderResult *rendered;
  const RenderRequestData *request;
  GdkTexture *texture;

  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  rendered = g_task_propagate_pointer (G_TASK (result), error);
  if (rendered == NULL)
    return NULL;
  request = g_task_get_task_data (G_TASK (result));
  texture = g_steal_pointer (&rendered->texture);
  if (area != NULL)
    *area = rendered->area;
  /* Only whole pages of the current document are worth keeping. */
  if (request->whole && request->generation == self->generation &&
      request->page < chorus_pdf_renderer_get_n_pages (self))
    cache_insert (self, request->page, request->scale, texture);
  render_result_free (rendered);
  return texture;
}

GdkTexture *
chorus_pdf_renderer_lookup (ChorusPdfRenderer *self,
                            guint              page,
                            double             scale)
{
  gint64 key;

  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), NULL);

  key = scale_key (scale);
  for (GList *l = self->cache.head; l != NULL; l = l->next)
    {
      CacheEntry *entry = l->data;

      if (entry->page == page && entry->scale_key == key)
        {
          g_queue_unlink (&self->cache, l);
          g_queue_push_head_link (&self->cache, l);
          return entry->texture;
        }
    }
  return NULL;
}

gsize
chorus_pdf_renderer_get_cache_bytes (ChorusPdfRenderer *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), 0);
  return self->cache_bytes;
}

void
chorus_pdf_renderer_set_cache_limit (ChorusPdfRenderer *self,
                                     gsize              max_bytes)
{
  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));
  self->cache_limit = max_bytes;
  cache_trim (self);
}

void
chorus_pdf_renderer_find_async (ChorusPdfRenderer   *self,
                                const char          *text,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));
  g_return_if_fail (text != NULL);

  job = job_new (self, JOB_FIND, g_task_new (self, cancellable, callback, user_data), chorus_pdf_renderer_find_async);
  job->text = g_strdup (text);
  submit (self, job);
}

GArray *
chorus_pdf_renderer_find_finish (ChorusPdfRenderer  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
chorus_pdf_renderer_get_text_async (ChorusPdfRenderer   *self,
                                    guint                page,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));

  job = job_new (self, JOB_TEXT, g_task_new (self, cancellable, callback, user_data),
                 chorus_pdf_renderer_get_text_async);
  job->page = page;
  submit (self, job);
}

char *
chorus_pdf_renderer_get_text_finish (ChorusPdfRenderer  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
