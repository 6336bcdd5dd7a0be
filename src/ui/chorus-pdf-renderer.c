/* chorus-pdf-renderer.c: poppler is not thread-safe per document, so one worker thread owns the
 * document and runs every job on it in order; results come back as GTasks on the caller's context. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>

#include "chorus-pdf-renderer.h"

#define DEFAULT_CACHE_LIMIT (96 * 1024 * 1024)

typedef enum {
  JOB_LOAD,
  JOB_RENDER,
  JOB_FIND,
  JOB_TEXT,
  JOB_QUIT,
} JobKind;

typedef struct {
  JobKind  kind;
  guint    generation;
  GTask   *task;
  GBytes  *bytes;
  guint    page;
  double   scale;
  char    *text;
} Job;

typedef struct {
  guint   generation;
  GBytes *bytes;
  GArray *sizes;   /* double pairs: width, height in points */
} LoadResult;

typedef struct {
  guint       page;
  gint64      scale_key;
  GdkTexture *texture;
  gsize       size;
} CacheEntry;

struct _ChorusPdfRenderer
{
  GObject      parent_instance;

  GThread     *thread;
  GAsyncQueue *jobs;
  guint        generation;

  GBytes      *bytes;
  GArray      *sizes;

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
  if (poppler_document_get_n_pages (document) < 1)
    {
      g_object_unref (document);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This PDF has no pages."));
      return NULL;
    }
  return document;
}

static void
cairo_surface_unref_cb (gpointer data)
{
  cairo_surface_destroy (data);
}

static GdkTexture *
render_page (PopplerPage *page,
             double       scale)
{
  double width_pt, height_pt;
  int width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) pixels = NULL;

  poppler_page_get_size (page, &width_pt, &height_pt);
  width = MAX (1, (int) ceil (width_pt * scale));
  height = MAX (1, (int) ceil (height_pt * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The texture keeps the surface's memory alive: no copy of the pixels. */
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                       (gsize) cairo_image_surface_get_stride (surface) * height,
                                       cairo_surface_unref_cb, surface);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels,
                                 cairo_image_surface_get_stride (surface));
}

static GArray *
find_text (PopplerDocument *document,
           const char      *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (ChorusPdfMatch));
  int n_pages = poppler_document_get_n_pages (document);

  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      double width, height;
      GList *found;

      poppler_page_get_size (page, &width, &height);
      found = poppler_page_find_text_with_options (page, text, POPPLER_FIND_DEFAULT);
      g_object_unref (page);
      for (GList *l = found; l != NULL; l = l->next)
        {
          PopplerRectangle *rect = l->data;
          ChorusPdfMatch match = { (guint) i, GRAPHENE_RECT_INIT (0, 0, 0, 0) };

          /* poppler counts y from the bottom of the page. */
          graphene_rect_init (&match.area, (float) rect->x1, (float) (height - rect->y2),
                              (float) (rect->x2 - rect->x1), (float) (rect->y2 - rect->y1));
          g_array_append_val (matches, match);
        }
      g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
    }
  return matches;
}

static gpointer
worker_main (gpointer data)
{
  g_autoptr(GAsyncQueue) jobs = data;
  PopplerDocument *document = NULL;
  guint document_generation = 0;

  for (;;)
    {
      Job *job = g_async_queue_pop (jobs);
      g_autoptr(GError) error = NULL;

      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }

      if (g_task_return_error_if_cancelled (job->task))
        {
          job_free (job);
          continue;
        }

      if (job->kind == JOB_LOAD)
        {
          PopplerDocument *loaded = open_document (job->bytes, &error);

          if (loaded == NULL)
            {
              g_clear_object (&document);
              document_generation = job->generation;
              g_task_return_error (job->task, g_steal_pointer (&error));
            }
          else
            {
              LoadResult *result = g_new0 (LoadResult, 1);
              int n_pages = poppler_document_get_n_pages (loaded);

              result->generation = job->generation;
              result->bytes = g_bytes_ref (job->bytes);
              result->sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n_pages * 2);
              for (int i = 0; i < n_pages; i++)
                {
                  PopplerPage *page = poppler_document_get_page (loaded, i);
                  double size[2];

                  poppler_page_get_size (page, &size[0], &size[1]);
                  g_object_unref (page);
                  g_array_append_vals (result->sizes, size, 2);
                }
              g_clear_object (&document);
              document = loaded;
              document_generation = job->generation;
              g_task_return_pointer (job->task, result, (GDestroyNotify) load_result_free);
            }
        }
      else if (document == NULL || document_generation != job->generation)
        {
          g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "The document was replaced");
        }
      else if (job->kind == JOB_RENDER || job->kind == JOB_TEXT)
        {
          PopplerPage *page = poppler_document_get_page (document, (int) job->page);

          if (page == NULL)
            g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                     "No page %u", job->page);
          else if (job->kind == JOB_RENDER)
            g_task_return_pointer (job->task, render_page (page, job->scale), g_object_unref);
          else
            g_task_return_pointer (job->task, poppler_page_get_text (page), g_free);
          g_clear_object (&page);
        }
      else if (job->kind == JOB_FIND)
        {
          g_task_return_pointer (job->task, find_text (document, job->text),
                                 (GDestroyNotify) g_array_unref);
        }
      job_free (job);
    }
  g_clear_object (&document);
  return NULL;
}

/* Caller side. */

static void
push_job (ChorusPdfRenderer *self,
          JobKind            kind,
          GTask             *task,
          Job              **out_job)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->generation = self->generation;
  job->task = task;
  *out_job = job;
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
  Job *quit = g_new0 (Job, 1);

  quit->kind = JOB_QUIT;
  g_async_queue_push (self->jobs, quit);
  /* The last reference can go with a finished job inside the worker itself: it must not wait for itself. */
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);
  g_clear_pointer (&self->jobs, g_async_queue_unref);
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
  self->jobs = g_async_queue_new ();
  self->cache_limit = DEFAULT_CACHE_LIMIT;
  g_queue_init (&self->cache);
  /* Pending tasks hold a reference on the renderer, so the worker never outlives its jobs. */
  self->thread = g_thread_new ("chorus-pdf", worker_main, g_async_queue_ref (self->jobs));
}

ChorusPdfRenderer *
chorus_pdf_renderer_new (void)
{
  return g_object_new (CHORUS_TYPE_PDF_RENDERER, NULL);
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

  self->generation++;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  cache_clear (self);

  push_job (self, JOB_LOAD, g_task_new (self, cancellable, callback, user_data), &job);
  g_task_set_source_tag (job->task, chorus_pdf_renderer_load_async);
  job->bytes = g_bytes_ref (bytes);
  g_async_queue_push (self->jobs, job);
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
chorus_pdf_renderer_render_async (ChorusPdfRenderer   *self,
                                  guint                page,
                                  double               scale,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CHORUS_IS_PDF_RENDERER (self));
  g_return_if_fail (scale > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  push_job (self, JOB_RENDER, g_task_new (self, cancellable, callback, user_data), &job);
  g_task_set_source_tag (job->task, chorus_pdf_renderer_render_async);
  job->page = page;
  job->scale = scale;
  g_task_set_task_data (job->task, g_memdup2 (&(double[2]) { page, scale }, sizeof (double[2])), g_free);
  g_async_queue_push (self->jobs, job);
}

GdkTexture *
chorus_pdf_renderer_render_finish (ChorusPdfRenderer  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  GdkTexture *texture;
  const double *request;

  g_return_val_if_fail (CHORUS_IS_PDF_RENDERER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  texture = g_task_propagate_pointer (G_TASK (result), error);
  request = g_task_get_task_data (G_TASK (result));
  if (texture != NULL)
    cache_insert (self, (guint) request[0], request[1], texture);
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

  push_job (self, JOB_FIND, g_task_new (self, cancellable, callback, user_data), &job);
  g_task_set_source_tag (job->task, chorus_pdf_renderer_find_async);
  job->text = g_strdup (text);
  g_async_queue_push (self->jobs, job);
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

  push_job (self, JOB_TEXT, g_task_new (self, cancellable, callback, user_data), &job);
  g_task_set_source_tag (job->task, chorus_pdf_renderer_get_text_async);
  job->page = page;
  g_async_queue_push (self->jobs, job);
}

char *
chorus_pdf_renderer_get_text_finish (ChorusPdfRenderer  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
