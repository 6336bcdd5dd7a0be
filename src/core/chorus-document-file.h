/* chorus-document-file.h: invoice documents saved into the user's folders: safe names, never an overwrite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-invoice.h"

G_BEGIN_DECLS

/* Longest name chorus_document_file_name() gives, in bytes (file systems allow 255). */
#define CHORUS_DOCUMENT_NAME_MAX 200

/* "<supplier>-<number>-<id>.pdf" for the invoice's PDF, "<number>-<attachment id>.pdf" for an
 * attachment. Server text is kept to letters, digits, '-', '_' and '.', never starts with a dot,
 * and the whole name stays within CHORUS_DOCUMENT_NAME_MAX bytes. The Chorus id keeps two
 * invoices with the same supplier and number (a rejected one and its re-deposit) apart. */
char  *chorus_document_file_name (ChorusInvoice  *invoice,
                                  gint64          attachment_id);

/* Writes @bytes as a new file @name in @folder and returns it. Nothing is ever replaced: when the
 * name is taken (by a file, a folder or a link, which is not followed), "-2", "-3"… go before the
 * extension. A failed write leaves no partial file. */
GFile *chorus_document_write_new (GFile         *folder,
                                  const char    *name,
                                  GBytes        *bytes,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
