/* chorus-pdf-view-document.c: what ChorusPdfView does with the whole document: copy the current
 * page's text, print (on a poppler document of its own), save a copy of the file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "chorus-file-choice.h"
#include "chorus-pdf-view-private.h"

static void
text_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = chorus_pdf_renderer_get_text_finish (CHORUS_PDF_RENDERER (source), result, &error);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  _chorus_pdf_view_show_toast (self, *text ? _("Page text copied") : _("This page has no text (it may be a scan)"));
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (widget);

  chorus_pdf_renderer_get_text_async (self->renderer, self->current_page, NULL, text_done_cb,
                                      g_object_ref (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!chorus_pdf_view_print (CHORUS_PDF_VIEW (widget), NULL, &error))
    _chorus_pdf_view_show_toast (CHORUS_PDF_VIEW (widget), error->message);
}

static void
copy_saved (GtkWidget    *owner,
            const GError *error)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup_printf (_("The copy could not be saved: %s"), error->message);
  _chorus_pdf_view_show_toast (CHORUS_PDF_VIEW (owner), text != NULL ? text : _("Copy saved"));
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (widget);
  GBytes *bytes = chorus_pdf_renderer_get_bytes (self->renderer);

  if (bytes == NULL)
    return;
  chorus_save_bytes (widget, _("Save a Copy"), _("_Save"), self->file_name ? self->file_name : "facture.pdf", bytes,
                     copy_saved);
}

static void
print_draw_page_cb (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page_nr,
                    PopplerDocument   *document)
{
  PopplerPage *page = poppler_document_get_page (document, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  g_object_unref (page);
}

gboolean
chorus_pdf_view_print (ChorusPdfView  *self,
                       const char     *export_path,
                       GError        **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  PopplerDocument *document;
  GBytes *bytes;
  GtkNative *native;
  GtkPrintOperationResult result;

  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), FALSE);

  bytes = chorus_pdf_renderer_get_bytes (self->renderer);
  if (bytes == NULL || self->state != CHORUS_PDF_VIEW_READY)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("There is no document to print."));
      return FALSE;
    }

  /* A document of its own: the renderer's belongs to its worker thread. */
  document = poppler_document_new_from_bytes (bytes, NULL, error);
  if (document == NULL)
    return FALSE;

  operation = gtk_print_operation_new ();
  /* The pages the view could read, not the count the file claims. */
  gtk_print_operation_set_n_pages (operation, (int) self->pages->len);
  gtk_print_operation_set_job_name (operation, self->file_name ? self->file_name : "facture.pdf");
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (print_draw_page_cb), document,
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  native = gtk_widget_get_native (GTK_WIDGET (self));
  if (export_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_path);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
    }
  else
    {
      gtk_print_operation_set_allow_async (operation, TRUE);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL, error);
    }
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

void
_chorus_pdf_view_class_document_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pdf.copy-text", NULL, copy_text_action);
  gtk_widget_class_install_action (widget_class, "pdf.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "pdf.save-copy", NULL, save_copy_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "pdf.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "pdf.save-copy", NULL);
}
