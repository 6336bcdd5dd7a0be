/* chorus-ecb-rates-group.c: one entry row per half-year, newest first, saved in "ecb-rates" on apply. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-ecb-rates-group.h"
#include "chorus-late-interest.h"

/* Half-years offered: interest may be owed on invoices paid late up to several years back. */
#define N_HALF_YEARS 10

struct _ChorusEcbRatesGroup
{
  AdwPreferencesGroup parent_instance;

  GSettings          *settings;
  GHashTable         *rows;      /* semester -> AdwEntryRow */
};

G_DEFINE_FINAL_TYPE (ChorusEcbRatesGroup, chorus_ecb_rates_group, ADW_TYPE_PREFERENCES_GROUP)

static gboolean
apply_row (ChorusEcbRatesGroup *self,
           AdwEntryRow         *row)
{
  const char *semester = g_object_get_data (G_OBJECT (row), "chorus-semester");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GVariant) current = g_settings_get_value (self->settings, "ecb-rates");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  gint32 value;
  int bp = 0;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean clear = trimmed[0] == '\0';

  if (!clear && !chorus_late_interest_parse_rate (text, &bp))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), _("Type a percentage with at most two decimals, such as 2,15"));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  g_variant_iter_init (&iter, current);
  while (g_variant_iter_next (&iter, "{&si}", &key, &value))
    if (g_strcmp0 (key, semester) != 0)
      g_variant_builder_add (&builder, "{si}", key, value);
  if (!clear)
    g_variant_builder_add (&builder, "{si}", semester, (gint32) bp);
  g_settings_set_value (self->settings, "ecb-rates", g_variant_builder_end (&builder));
  return TRUE;
}

static void
row_applied_cb (AdwEntryRow         *row,
                ChorusEcbRatesGroup *self)
{
  apply_row (self, row);
}

static char *
row_title (guint year,
           guint half)
{
  return half == 1 ? g_strdup_printf (_("First half of %u"), year) : g_strdup_printf (_("Second half of %u"), year);
}

static void
chorus_ecb_rates_group_dispose (GObject *object)
{
  ChorusEcbRatesGroup *self = CHORUS_ECB_RATES_GROUP (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  G_OBJECT_CLASS (chorus_ecb_rates_group_parent_class)->dispose (object);
}

static void
chorus_ecb_rates_group_class_init (ChorusEcbRatesGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_ecb_rates_group_dispose;
}

static void
chorus_ecb_rates_group_init (ChorusEcbRatesGroup *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GVariant) saved = NULL;
  guint year = (guint) g_date_time_get_year (now);
  guint half = g_date_time_get_month (now) <= 6 ? 1 : 2;

  self->settings = g_settings_new (APP_ID);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  saved = g_settings_get_value (self->settings, "ecb-rates");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Late-payment interest"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("The ECB main refinancing rate in force on the first day of each half-year, in "
                                           "percent, as published by the Banque de France. Interest is this rate plus 8 "
                                           "points, from the day after the legal deadline; each invoice paid late also "
                                           "owes a fixed 40 € indemnity. Chorus Desk ships no rate."));
  for (guint i = 0; i < N_HALF_YEARS; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *semester = g_strdup_printf ("%04u-S%u", year, half);
      g_autofree char *title = row_title (year, half);
      gint32 bp;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_alignment (GTK_EDITABLE (row), 1.0);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), gtk_label_new ("%"));
      if (g_variant_lookup (saved, semester, "i", &bp))
        {
          g_autofree char *text = g_strdup_printf ("%s%d,%02d", bp < 0 ? "-" : "", ABS (bp) / 100, ABS (bp) % 100);
          gtk_editable_set_text (GTK_EDITABLE (row), text);
        }
      g_object_set_data_full (G_OBJECT (row), "chorus-semester", g_strdup (semester), g_free);
      g_signal_connect_object (row, "apply", G_CALLBACK (row_applied_cb), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_hash_table_insert (self->rows, g_steal_pointer (&semester), row);
      if (half == 1)
        {
          year--;
          half = 2;
        }
      else
        half = 1;
    }
}

GtkWidget *
chorus_ecb_rates_group_new (void)
{
  return g_object_new (CHORUS_TYPE_ECB_RATES_GROUP, NULL);
}
