/* chorus-test-invoices.c: deterministic invoices, so tests can compute what the list must show. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "chorus-status.h"
#include "chorus-test-invoices.h"

static const ChorusStatus statuses[] = {
  CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_COMPLETEE, CHORUS_STATUS_A_RECYCLER,
  CHORUS_STATUS_REJETEE, CHORUS_STATUS_SUSPENDUE, CHORUS_STATUS_SERVICE_FAIT,
  CHORUS_STATUS_MANDATEE, CHORUS_STATUS_MISE_EN_PAIEMENT,
};

static const char *const suppliers[] = {
  "Acme Formation", "Bureau Veritas", "Café des Arts", "Dupont SARL", "Électricité 2000",
  "Formatech", "Garage Martin", "Hôtel du Parc", "Imprimerie Nouvelle", "Jardins & Cie",
};

ChorusStatus
chorus_test_status (guint i)
{
  return statuses[i % G_N_ELEMENTS (statuses)];
}

const char *
chorus_test_supplier (guint i)
{
  return suppliers[(i / 3) % G_N_ELEMENTS (suppliers)];
}

gint64
chorus_test_amount (guint i)
{
  return 1000 + (gint64) ((i * 7919u) % 2000000u);
}

static ChorusInvoice *
make_invoice (guint i)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  /* Every seventh number is long, as training bodies number theirs: the column must show it whole. */
  g_autofree char *number = g_strdup_printf (i % 7 == 6 ? "AVFCT-2026-%06u" : "F-%06u", i);
  g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", 1 + (i / 28) % 12, 1 + i % 28);
  g_autofree char *deposit = g_strdup_printf ("2026-%02u-%02u", 1 + ((i + 3) / 28) % 12, 1 + (i + 3) % 28);
  g_autoptr(GDateTime) deposited = g_date_time_new_local (2026, 1 + ((i + 3) / 28) % 12, 1 + (i + 3) % 28,
                                                        8 + i % 10, (i * 7) % 60, 0);
  /* The status came a few days after the deposit: paid invoices took time to be paid. */
  g_autoptr(GDateTime) changed = g_date_time_add_days (deposited, i % 23);
  g_autofree char *status_date = g_date_time_format (changed, "%Y-%m-%dT%H:%M:00");
  g_autofree char *siret = g_strdup_printf ("4048330480%04u", 10 + (i / 3) % 10);
  g_autofree char *service = g_strdup_printf ("SRV%u", i % 4);
  g_autofree char *engagement = g_strdup_printf ("EJ%05u", i % 997);
  gint64 ttc = chorus_test_amount (i);
  gint64 ht = ttc * 5 / 6;

  chorus_invoice_set_id (invoice, 1000 + i);
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  chorus_invoice_set_status (invoice, chorus_test_status (i));
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_deposit_date (invoice, deposit);
  chorus_invoice_set_status_date (invoice, status_date);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_recipient_id (invoice, 26);
  chorus_invoice_set_recipient_code (invoice, "26073001700015");
  chorus_invoice_set_recipient_name (invoice, "Centre hospitalier de Valence");
  chorus_invoice_set_service_code (invoice, service);
  chorus_invoice_set_service_name (invoice, "Service formation");
  chorus_invoice_set_supplier_id (invoice, 500 + (i / 3) % 10);
  chorus_invoice_set_supplier_code (invoice, siret);
  chorus_invoice_set_supplier_name (invoice, chorus_test_supplier (i));
  chorus_invoice_set_supplier_id_type (invoice, i % 10 == 9 ? CHORUS_ID_TYPE_UE_HORS_FRANCE : CHORUS_ID_TYPE_SIRET);
  chorus_invoice_set_engagement_number (invoice, engagement);
  chorus_invoice_set_amount_ht (invoice, ht);
  chorus_invoice_set_amount_vat (invoice, ttc - ht);
  chorus_invoice_set_amount_ttc (invoice, ttc);
  chorus_invoice_set_amount_to_pay (invoice, ttc);
  return invoice;
}

void
chorus_test_fill_store (ChorusStore *store,
                        guint        n)
{
  g_autoptr(GError) error = NULL;
  /* An empty store is filled like a first sync: indexes and full text built once at the end
   * (a million rows otherwise take tens of minutes). */
  gboolean bulk = chorus_store_begin_bulk_load (store, &error);

  g_assert_no_error (error);
  for (guint start = 0; start < n; start += 50000)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_full (50000, g_object_unref);

      for (guint i = start; i < MIN (n, start + 50000); i++)
        g_ptr_array_add (page, make_invoice (i));
      g_assert_true (chorus_store_upsert_invoices (store, page, &error));
      g_assert_no_error (error);
    }
  if (bulk)
    {
      g_assert_true (chorus_store_end_bulk_load (store, &error));
      g_assert_no_error (error);
    }
}

ChorusStore *
chorus_test_open_store (char **dir)
{
  g_autoptr(GError) error = NULL;
  ChorusStore *store;

  *dir = g_dir_make_tmp ("chorus-ui-XXXXXX", &error);
  g_assert_no_error (error);
  store = chorus_store_open (*dir, &error);
  g_assert_no_error (error);
  return store;
}

void
chorus_test_load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
