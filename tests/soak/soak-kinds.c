/* soak-kinds.c: the soak's rows: for each outbox kind, what it acts on, how the app queues it, what the simulator must hold. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-json.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "soak.h"

/* ---- the plan --------------------------------------------------------------------------------- */

guint
soak_env_uint (const char *name, guint fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

char *
soak_path_in (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

JsonObject *
soak_load_plan (const char *dir, GError **error)
{
  g_autofree char *path = soak_path_in (dir, "plan.json");
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return chorus_json_parse_object (text, (gssize) length, error);
}

/* The engagement chorus_test_fill_invoice() gives, for the flux. */
#define ENGAGEMENT "EJ-2026-0042"
#define FLUX_SYNTAX "IN_DP_E1_CII_16B"
/* A seller the account is not attached to: Chorus takes the flux, then rejects its invoice. */
#define FOREIGN_SELLER "35600000000048"

/* ---- shared steps ------------------------------------------------------------------------- */

static const char *
fact (JsonObject *facts, const char *name)
{
  return json_object_get_string_member (facts, name);
}

void
soak_fill_invoice (ChorusInvoice *invoice, JsonObject *facts, const char *number, const char *recipient,
              const char *service)
{
  chorus_test_fill_invoice (invoice, number, recipient, service, json_object_get_int_member (facts, "supplierId"));
}

char *
soak_next_number (SoakSetup *setup, char letter)
{
  return g_strdup_printf ("SK-%c-%05u", letter, ++setup->serial);
}

/* Setup: an invoice from the account's supplier to its own recipient, straight to the simulator
 * (no outbox: this is the world the soak starts from). Its id, 0 with @error. */
static gint64
setup_invoice (SoakSetup *setup, char letter, GError **error)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  g_autoptr(ChorusActionResult) result = NULL;
  g_autofree char *number = soak_next_number (setup, letter);

  soak_fill_invoice (invoice, setup->facts, number, fact (setup->facts, "recipient"), fact (setup->facts, "service"));
  result = chorus_client_submit_sync (setup->client, invoice, NULL, error);
  return result != NULL ? result->invoice_id : 0;
}

/* Setup: the recipient (the same account) sets @status. */
static gboolean
setup_status (SoakSetup *setup, gint64 invoice_id, ChorusStatus status, GError **error)
{
  g_autoptr(ChorusActionResult) result =
    chorus_client_process_received_sync (setup->client, invoice_id, status,
                                         chorus_status_needs_motif (status) ? "Pièce justificative manquante" : NULL,
                                         NULL, NULL, error);

  return result != NULL;
}

JsonObject *
soak_item_new (const SoakKind *row, const char *key, gboolean apply)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "kind", row->name);
  json_object_set_string_member (item, "key", key);
  json_object_set_string_member (item, "expect", apply ? "apply" : "refuse");
  json_object_set_array_member (item, "effects", json_array_new ());
  return item;
}

JsonObject *
soak_item_add_effect (JsonObject *item, const char *reader, guint times)
{
  JsonObject *effect = json_object_new ();

  json_object_set_string_member (effect, "read", reader);
  json_object_set_int_member (effect, "times", times);
  json_array_add_object_element (json_object_get_array_member (item, "effects"), effect);
  return effect;
}

void
soak_add_history_effect (JsonObject *item, gint64 invoice_id, const char *status, guint times)
{
  JsonObject *effect = soak_item_add_effect (item, "history", times);

  json_object_set_int_member (effect, "invoice", invoice_id);
  json_object_set_string_member (effect, "status", status);
}

static void
add_invoice_effect (JsonObject *item, const char *number, guint times)
{
  JsonObject *effect = soak_item_add_effect (item, "invoice", times);

  json_object_set_string_member (effect, "number", number);
}

gboolean
soak_one_in (SoakSetup *setup, guint every)
{
  return g_rand_int_range (setup->rand, 0, (gint32) every) == 0;
}

/* ---- PROCESS: traiter/recue ---------------------------------------------------------------- */

/* Chains of recipient statuses on one invoice, queued one after the other (offline work, or
 * quick clicks). A step the simulator's rules refuse is always the last of its chain: the
 * outbox fails the later actions of an invoice with the refused one. */
typedef struct {
  guint        weight;
  ChorusStatus steps[4];
  gboolean     last_refused;
} Chain;

static const Chain chains[] = {
  { 3, { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MANDATEE, CHORUS_STATUS_COMPTABILISEE,
         CHORUS_STATUS_MISE_EN_PAIEMENT }, FALSE },
  { 1, { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MANDATEE, CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE,
         CHORUS_STATUS_MISE_EN_PAIEMENT }, FALSE },
  /* A service fait cancelled, then done again: the same status twice, on purpose. */
  { 2, { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_SERVICE_FAIT,
         CHORUS_STATUS_MANDATEE }, FALSE },
  { 1, { CHORUS_STATUS_SUSPENDUE }, FALSE },
  { 1, { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_REJETEE }, FALSE },
  { 1, { CHORUS_STATUS_A_RECYCLER }, FALSE },
  /* Refused by the rules: mandated before the service fait, paid before the mandate. */
  { 1, { CHORUS_STATUS_MANDATEE }, TRUE },
  { 1, { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MISE_EN_PAIEMENT }, TRUE },
};

static const Chain *
pick_chain (SoakSetup *setup)
{
  guint total = 0, pick;

  for (gsize i = 0; i < G_N_ELEMENTS (chains); i++)
    total += chains[i].weight;
  pick = (guint) g_rand_int_range (setup->rand, 0, (gint32) total);
  for (gsize i = 0; i < G_N_ELEMENTS (chains); i++)
    {
      if (pick < chains[i].weight)
        return &chains[i];
      pick -= chains[i].weight;
    }
  g_assert_not_reached ();
}

static guint
chain_length (const Chain *chain)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (chain->steps) && chain->steps[n] != CHORUS_STATUS_UNKNOWN)
    n++;
  return n;
}

static gboolean
process_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("process");
  guint made = 0;

  while (made < n)
    {
      const Chain *chain = pick_chain (setup);
      guint length = chain_length (chain);
      gint64 id = setup_invoice (setup, 'P', error);

      if (id == 0)
        return FALSE;
      for (guint k = 0; k < length && made < n; k++, made++)
        {
          ChorusStatus target = chain->steps[k];
          const char *code = chorus_status_to_api (target);
          gboolean apply = !(chain->last_refused && k + 1 == length);
          g_autofree char *key = g_strdup_printf ("process:%" G_GINT64_FORMAT ":%s", id, code);
          JsonObject *item = soak_item_new (row, key, apply);

          json_object_set_int_member (item, "invoice", id);
          json_object_set_string_member (item, "target", code);
          if (chorus_status_needs_motif (target))
            json_object_set_string_member (item, "motif", "Bon de commande absent");
          if (target == CHORUS_STATUS_MANDATEE)
            json_object_set_string_member (item, "mandate", "MDT-2026-7");
          soak_add_history_effect (item, id, code, apply ? 1 : 0);
          g_ptr_array_add (items, item);
        }
    }
  return TRUE;
}

/* The soak's invoices go from the account's supplier to its own recipient, so each has one row
 * per side, both with its Chorus id (and a third, to validate, for those with a validator). */
gint64
soak_item_row_key (SoakWorker *worker, JsonObject *item, ChorusDirection direction, GError **error)
{
  gint64 chorus_id = json_object_get_int_member (item, "invoice");
  gint64 key = chorus_store_find_invoice (chorus_sync_get_store (worker->sync), direction, chorus_id);

  if (key == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "invoice %" G_GINT64_FORMAT " (%s) is not in the store",
                 chorus_id, direction == CHORUS_DIRECTION_ISSUED ? "issued" : "received");
  return key;
}

static gboolean
process_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  gint64 id = soak_item_row_key (worker, item, CHORUS_DIRECTION_RECEIVED, error);

  return id != 0 && chorus_sync_enqueue_process (worker->sync, &id, 1,
                                                 chorus_status_from_api (json_object_get_string_member (item, "target")),
                                                 json_object_get_string_member_with_default (item, "motif", NULL),
                                                 json_object_get_string_member_with_default (item, "mandate", NULL),
                                                 error);
}

static char *
process_key (const ChorusAction *action)
{
  return g_strdup_printf ("process:%" G_GINT64_FORMAT ":%s", action->chorus_id, chorus_status_to_api (action->target));
}

/* ---- DEPOSIT_PDF: deposer/pdf then soumettre ------------------------------------------------ */

static JsonObject *
deposit_item (const SoakKind *row, const char *prefix, const char *number, gboolean apply)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", prefix, number);
  JsonObject *item = soak_item_new (row, key, apply);

  json_object_set_string_member (item, "number", number);
  return item;
}

static gboolean
pdf_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("deposit-pdf");
  g_autofree char *pdf = g_build_filename (setup->files_dir, "facture.pdf", NULL);

  chorus_test_write_tiny_pdf (pdf);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = NULL;
      const char *recipient = fact (setup->facts, "recipient");
      gboolean apply = TRUE;
      JsonObject *item;

      if (soak_one_in (setup, 12))
        {
          /* Refused: the number is taken by an invoice deposited before. */
          g_autoptr(ChorusHistory) history = NULL;
          gint64 id = setup_invoice (setup, 'D', error);

          if (id == 0 || (history = chorus_client_get_history_sync (setup->client, id, NULL, error)) == NULL)
            return FALSE;
          number = g_strdup (history->invoice_number);
          apply = FALSE;
        }
      else
        {
          number = soak_next_number (setup, 'F');
          if (soak_one_in (setup, 11))
            {
              /* Refused: that recipient closed. */
              recipient = fact (setup->facts, "inactive");
              apply = FALSE;
            }
        }
      item = deposit_item (row, "pdf", number, apply);
      json_object_set_string_member (item, "recipient", recipient);
      add_invoice_effect (item, number, apply ? 1 : 0);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
deposit_enqueue (SoakWorker *worker, JsonObject *item, const char *file, const char *syntax, GError **error)
{
  g_autoptr(ChorusDepositDraft) draft = chorus_deposit_draft_new ();
  const char *recipient = json_object_get_string_member_with_default (item, "recipient", NULL);

  soak_fill_invoice (draft->invoice, worker->facts, json_object_get_string_member (item, "number"),
                recipient != NULL ? recipient : fact (worker->facts, "recipient"), fact (worker->facts, "service"));
  draft->pdf_path = g_build_filename (worker->files_dir, file, NULL);
  draft->flux_syntax = g_strdup (syntax);
  return chorus_sync_enqueue_deposit (worker->sync, draft, error) != 0;
}

static gboolean
pdf_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  return deposit_enqueue (worker, item, "facture.pdf", NULL, error);
}

static char *
deposit_key (const ChorusAction *action, const char *prefix)
{
  g_autoptr(JsonNode) node = json_from_string (action->payload, NULL);
  g_autoptr(ChorusDepositDraft) draft = node != NULL ? chorus_deposit_draft_from_json (node, NULL) : NULL;

  return g_strdup_printf ("%s:%s", prefix, draft != NULL ? chorus_invoice_get_number (draft->invoice) : "?");
}

static char *
pdf_key (const ChorusAction *action)
{
  return deposit_key (action, "pdf");
}

/* ---- DEPOSIT_FLOW: deposer/flux ------------------------------------------------------------ */

static gboolean
flow_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("deposit-flow");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = soak_next_number (setup, 'X');
      g_autofree char *file = g_strdup_printf ("%s.xml", number);
      g_autofree char *path = g_build_filename (setup->files_dir, file, NULL);
      /* A flux whose seller is not the account's: taken (one flux), its invoice rejected. */
      gboolean foreign = soak_one_in (setup, 12);
      g_autofree char *xml = chorus_test_cii_invoice (number, fact (setup->facts, "service"),
                                                      foreign ? FOREIGN_SELLER : fact (setup->facts, "supplier"),
                                                      fact (setup->facts, "recipient"), ENGAGEMENT);
      JsonObject *item;
      JsonObject *effect;

      if (!g_file_set_contents (path, xml, -1, error))
        return FALSE;
      item = deposit_item (row, "flux", number, TRUE);
      json_object_set_string_member (item, "file", file);
      effect = soak_item_add_effect (item, "flux", 1);
      json_object_set_string_member (effect, "file", file);
      add_invoice_effect (item, number, foreign ? 0 : 1);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
flow_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  return deposit_enqueue (worker, item, json_object_get_string_member (item, "file"), FLUX_SYNTAX, error);
}

static char *
flow_key (const ChorusAction *action)
{
  return deposit_key (action, "flux");
}

/* ---- COMPLETE: completer ------------------------------------------------------------------- */

static gboolean
complete_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("complete");

  for (guint i = 0; i < n; i++)
    {
      gint64 id = setup_invoice (setup, 'C', error);
      /* Refused: the invoice was never suspended (a stale list, a double click elsewhere). */
      gboolean apply = !soak_one_in (setup, 10);
      g_autofree char *key = g_strdup_printf ("complete:%" G_GINT64_FORMAT, id);
      JsonObject *item;

      if (id == 0 || (apply && !setup_status (setup, id, CHORUS_STATUS_SUSPENDUE, error)))
        return FALSE;
      item = soak_item_new (row, key, apply);
      json_object_set_int_member (item, "invoice", id);
      json_object_set_string_member (item, "comment", "Bon de commande joint");
      soak_add_history_effect (item, id, "COMPLETEE", apply ? 1 : 0);
      /* Half of them join the missing document (ajouter/fichier, then completer naming it): on
       * the invoice once when completed; uploaded but joined to nothing when refused. */
      if (soak_one_in (setup, 2))
        {
          g_autofree char *name = g_strdup_printf ("BC-%" G_GINT64_FORMAT ".pdf", id);
          g_autofree char *path = g_build_filename (setup->files_dir, name, NULL);
          JsonObject *effect = soak_item_add_effect (item, "joined", apply ? 1 : 0);

          chorus_test_write_tiny_pdf (path);
          json_object_set_string_member (item, "file", name);
          json_object_set_int_member (effect, "invoice", id);
          json_object_set_string_member (effect, "name", name);
        }
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
complete_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  gint64 id = soak_item_row_key (worker, item, CHORUS_DIRECTION_ISSUED, error);
  const char *file = json_object_get_string_member_with_default (item, "file", NULL);
  g_autofree char *path = file != NULL ? g_build_filename (worker->files_dir, file, NULL) : NULL;
  const char *paths[] = { path, NULL };

  return id != 0 && chorus_sync_enqueue_complete (worker->sync, id, json_object_get_string_member (item, "comment"),
                                                  paths, error) != 0;
}

static char *
complete_key (const ChorusAction *action)
{
  return g_strdup_printf ("complete:%" G_GINT64_FORMAT, action->chorus_id);
}

/* ---- RECYCLE: recycler --------------------------------------------------------------------- */

static gboolean
recycle_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("recycle");

  for (guint i = 0; i < n; i++)
    {
      gint64 id = setup_invoice (setup, 'R', error);
      const char *recipient = fact (setup->facts, "recipient");
      gboolean to_recycle = TRUE, apply = TRUE;
      g_autofree char *key = g_strdup_printf ("recycle:%" G_GINT64_FORMAT, id);
      JsonObject *item;

      /* Refused: sent to a recipient that closed, or the invoice was never to recycle. */
      if (soak_one_in (setup, 10))
        {
          apply = FALSE;
          if (soak_one_in (setup, 2))
            recipient = fact (setup->facts, "inactive");
          else
            to_recycle = FALSE;
        }
      if (id == 0 || (to_recycle && !setup_status (setup, id, CHORUS_STATUS_A_RECYCLER, error)))
        return FALSE;
      item = soak_item_new (row, key, apply);
      json_object_set_int_member (item, "invoice", id);
      json_object_set_string_member (item, "recipient", recipient);
      json_object_set_string_member (item, "comment", "Service corrigé");
      /* Recycling routes the invoice again: it passes EN_COURS_ACHEMINEMENT once. */
      soak_add_history_effect (item, id, "EN_COURS_ACHEMINEMENT", apply ? 1 : 0);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
recycle_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  gint64 id = soak_item_row_key (worker, item, CHORUS_DIRECTION_ISSUED, error);

  return id != 0 && chorus_sync_enqueue_recycle (worker->sync, id, json_object_get_string_member (item, "recipient"),
                                                 fact (worker->facts, "service"), NULL,
                                                 json_object_get_string_member (item, "comment"), error) != 0;
}

static char *
recycle_key (const ChorusAction *action)
{
  return g_strdup_printf ("recycle:%" G_GINT64_FORMAT, action->chorus_id);
}

/* ---- READ_PDF: deposer/pdf alone, for what the platform reads ------------------------------- */

static gboolean
read_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("read-pdf");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = soak_next_number (setup, 'L');
      g_autofree char *name = g_strdup_printf ("lecture-%s.pdf", number);
      g_autofree char *path = g_build_filename (setup->files_dir, name, NULL);
      g_autofree char *key = g_strdup_printf ("read:%s", name);
      JsonObject *item = soak_item_new (row, key, TRUE);
      JsonObject *effect;

      chorus_test_write_tiny_pdf (path);
      json_object_set_string_member (item, "file", name);
      /* An upload alone is joined to nothing and changes nothing a user sees: after a lost
       * answer the outbox uploads again by design (outbox.c, READ_PDF). What must hold is that
       * the upload the action answers with is on the server, under its name. */
      effect = soak_item_add_effect (item, "uploaded", 1);
      json_object_set_string_member (effect, "name", name);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
read_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  g_autofree char *path = g_build_filename (worker->files_dir, json_object_get_string_member (item, "file"), NULL);

  return chorus_sync_enqueue_read_pdf (worker->sync, path, error) != 0;
}

static char *
read_key (const ChorusAction *action)
{
  g_autoptr(JsonObject) payload = chorus_json_parse_object (action->payload, -1, NULL);

  return g_strdup_printf ("read:%s", payload != NULL ? json_object_get_string_member_with_default (payload, "name", "?")
                                                     : "?");
}

/* ---- the tables ---------------------------------------------------------------------------- */

static const SoakKind invoice_kinds[] = {
  { "process", CHORUS_ACTION_KIND_PROCESS, 30, FALSE, process_plan, process_enqueue, process_key },
  { "deposit-pdf", CHORUS_ACTION_KIND_DEPOSIT_PDF, 12, FALSE, pdf_plan, pdf_enqueue, pdf_key },
  /* A flux whose answer was lost and that cannot be found asks the user. */
  { "deposit-flow", CHORUS_ACTION_KIND_DEPOSIT_FLOW, 12, TRUE, flow_plan, flow_enqueue, flow_key },
  { "complete", CHORUS_ACTION_KIND_COMPLETE, 8, FALSE, complete_plan, complete_enqueue, complete_key },
  { "recycle", CHORUS_ACTION_KIND_RECYCLE, 8, FALSE, recycle_plan, recycle_enqueue, recycle_key },
  { "read-pdf", CHORUS_ACTION_KIND_READ_PDF, 4, FALSE, read_plan, read_enqueue, read_key },
};

static gpointer
join_tables (gpointer data)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (SoakKind));

  g_array_append_vals (all, invoice_kinds, G_N_ELEMENTS (invoice_kinds));
  g_array_append_vals (all, &soak_validation_kind, 1);
  g_array_append_vals (all, soak_works_kinds, SOAK_N_WORKS_KINDS);
  return all;
}

const SoakKind *
soak_kinds (guint *n)
{
  static GOnce once = G_ONCE_INIT;
  GArray *all = g_once (&once, join_tables, NULL);

  *n = all->len;
  return (const SoakKind *) (gpointer) all->data;
}

const SoakKind *
soak_kind_find (const char *name)
{
  guint n;
  const SoakKind *kinds = soak_kinds (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kinds[i].name, name) == 0)
      return &kinds[i];
  return NULL;
}

/* The simulator's tables (src/sim/chorus-sim-dataset.c): history rows are appended in order
 * (seq), invoices and flows are rows of their own. */
static const SoakQuery readers[] = {
  { "history", "SELECT count(*) FROM history WHERE invoice_id = :invoice AND statut = :status AND seq > :history_base" },
  { "invoice", "SELECT count(*) FROM invoices WHERE numero = :number AND supplier_id = :supplierId AND id > :invoice_base" },
  { "flux", "SELECT count(*) FROM flux WHERE nom_fichier = :file" },
  /* A document joined to an invoice (completer links it; an upload left over is joined to none). */
  { "joined", "SELECT count(*) FROM attachments WHERE invoice_id = :invoice AND nom = :name" },
  /* A read upload: there at least once (see read_plan). */
  { "uploaded", "SELECT count(*) > 0 FROM attachments WHERE nom = :name AND id > :attachment_base" },
  /* A validator's decision, once, with its comment: the complement for a validation, the motif's
   * code for a refusal, a suspension or a rejection (the simulator keeps motifRefus as the new
   * status's comment). */
  { "decision", "SELECT count(*) FROM history WHERE invoice_id = :invoice AND statut = :status"
                " AND commentaire IS :comment AND seq > :history_base" },
  /* Every decision on the invoice, whichever: one per item, never two. */
  { "decisions", "SELECT count(*) FROM history WHERE invoice_id = :invoice"
                 " AND statut IN ('VALIDEE_1', 'VALIDEE_2', 'REFUSEE_1', 'REFUSEE_2', 'SUSPENDUE', 'REJETEE',"
                 " 'A_RECYCLER') AND seq > :history_base" },
  /* Works pieces have no history: each processing writes its comment (motif) on the piece. */
  { "works-number", "SELECT count(*) FROM works WHERE numero = :number AND id > :works_base" },
  { "works-comment", "SELECT count(*) FROM works WHERE id = :piece AND motif = :comment" },
  { "works-status", "SELECT count(*) FROM works WHERE id = :piece AND statut = :status" },
};

static const SoakQuery baselines[] = {
  { "history_base", "SELECT coalesce(max(seq), 0) FROM history" },
  { "invoice_base", "SELECT coalesce(max(id), 0) FROM invoices" },
  { "works_base", "SELECT coalesce(max(id), 0) FROM works" },
  { "attachment_base", "SELECT coalesce(max(id), 0) FROM attachments" },
};

const SoakQuery *
soak_readers (guint *n)
{
  *n = G_N_ELEMENTS (readers);
  return readers;
}

const SoakQuery *
soak_baselines (guint *n)
{
  *n = G_N_ELEMENTS (baselines);
  return baselines;
}
