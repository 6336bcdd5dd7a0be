/* soak-works.c: the soak's rows for works pieces (facturesTravaux): deposits and the actors' processing through the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sync-works.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "soak.h"

/* The course the works rows build on (the simulator's works rules, chorus-sim-travaux.c): the
 * supplier deposits a projet de décompte (A4) to the maîtrise d'œuvre; the MOE takes it into
 * account by depositing the état d'acompte (A15) after it, which goes to the maîtrise d'ouvrage.
 * The account holds the three roles. */

#define WORKS_PDF "travaux.pdf"
#define WORKS_DOC "situation.pdf"

static char *
works_number (SoakSetup *setup, const char *letters)
{
  return g_strdup_printf ("SK-%s-%05u", letters, ++setup->serial);
}

static ChorusWorksDeposit *
first_deposit (SoakSetup *setup, const char *number)
{
  JsonObject *facts = setup->facts;
  g_autofree char *pdf = g_build_filename (setup->files_dir, WORKS_PDF, NULL);

  return chorus_test_works_first_deposit (CHORUS_CADRE_A4, number, json_object_get_int_member (facts, "supplierId"),
                                          json_object_get_int_member (facts, "moeId"),
                                          json_object_get_int_member (facts, "moaId"),
                                          json_object_get_string_member (facts, "moa"), pdf);
}

/* The état d'acompte the MOE deposits after @previous_id, as the portal prefills it. */
static ChorusWorksDeposit *
next_deposit (SoakSetup *setup, gint64 previous_id, const char *number, GError **error)
{
  g_autoptr(ChorusWorksPiece) previous = chorus_client_works_consult_sync (setup->client, previous_id, NULL, error);
  ChorusWorksDeposit *deposit;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (previous == NULL)
    return NULL;
  deposit = chorus_works_deposit_new_next (previous, CHORUS_ROLE_MOE);
  deposit->number = g_strdup (number);
  deposit->invoice_date = g_date_time_format (now, "%Y-%m-%d");
  deposit->pdf_path = g_build_filename (setup->files_dir, WORKS_PDF, NULL);
  return deposit;
}

/* Setup: deposits straight to the simulator (the world the soak starts from). */
static gint64
setup_submit (SoakSetup *setup, ChorusWorksDeposit *deposit, GError **error)
{
  g_autoptr(GBytes) pdf = chorus_test_tiny_pdf ();
  g_autoptr(ChorusActionResult) upload = chorus_client_add_file_sync (setup->client, pdf, WORKS_PDF, "PDF",
                                                                       "application/pdf", NULL, error);
  g_autoptr(ChorusWorksResult) result = NULL;

  if (upload == NULL)
    return 0;
  result = chorus_client_works_submit_sync (setup->client, deposit, upload->attachment_id, NULL, error);
  return result != NULL ? result->piece_id : 0;
}

static gint64
setup_first (SoakSetup *setup, GError **error)
{
  g_autofree char *number = works_number (setup, "WP");
  g_autoptr(ChorusWorksDeposit) deposit = first_deposit (setup, number);

  return setup_submit (setup, deposit, error);
}

/* A projet de décompte and its état d'acompte; the latter's id, the former's in @first_id. */
static gint64
setup_pair (SoakSetup *setup, gint64 *first_id, GError **error)
{
  g_autofree char *number = works_number (setup, "WE");
  g_autoptr(ChorusWorksDeposit) deposit = NULL;

  *first_id = setup_first (setup, error);
  if (*first_id == 0 || (deposit = next_deposit (setup, *first_id, number, error)) == NULL)
    return 0;
  return setup_submit (setup, deposit, error);
}

static gboolean
setup_done (gpointer result)
{
  if (result != NULL)
    chorus_works_result_free (result);
  return result != NULL;
}

static JsonObject *
works_item (const SoakKind *row, gint64 piece, gboolean apply)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, row->name, piece);
  JsonObject *item = soak_item_new (row, key, apply);

  json_object_set_int_member (item, "piece", piece);
  return item;
}

static JsonObject *
works_effect (JsonObject *item, const char *reader, guint times)
{
  JsonObject *effect = soak_item_add_effect (item, reader, times);

  json_object_set_int_member (effect, "piece", json_object_get_int_member (item, "piece"));
  return effect;
}

/* Every processing writes its comment on the piece (its motif): a comment of its own tells
 * that this very action went through. */
static void
comment_effect (SoakSetup *setup, JsonObject *item, gboolean apply)
{
  g_autofree char *comment = g_strdup_printf ("Soak %u : %s", ++setup->serial,
                                              json_object_get_string_member (item, "kind"));

  json_object_set_string_member (item, "comment", comment);
  json_object_set_string_member (works_effect (item, "works-comment", apply ? 1 : 0), "comment", comment);
}

/* ---- WORKS_SUBMIT: a first piece, or the next one of a billing file ---------------------------- */

static gboolean
submit_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find ("works-submit");
  g_autofree char *pdf = g_build_filename (setup->files_dir, WORKS_PDF, NULL);
  g_autofree char *doc = g_build_filename (setup->files_dir, WORKS_DOC, NULL);

  chorus_test_write_tiny_pdf (pdf);
  chorus_test_write_tiny_pdf (doc);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChorusWorksDeposit) deposit = NULL;
      g_autofree char *key = NULL;
      gboolean apply = TRUE;
      JsonObject *item;

      if (soak_one_in (setup, 2))
        {
          g_autofree char *number = works_number (setup, "WS");

          deposit = first_deposit (setup, number);
        }
      else
        {
          g_autofree char *number = works_number (setup, "WN");
          gint64 previous;

          /* Refused: that projet already has its état d'acompte. */
          if (soak_one_in (setup, 10))
            {
              if (setup_pair (setup, &previous, error) == 0)
                return FALSE;
              apply = FALSE;
            }
          else if ((previous = setup_first (setup, error)) == 0)
            return FALSE;
          deposit = next_deposit (setup, previous, number, error);
          if (deposit == NULL)
            return FALSE;
        }
      key = g_strdup_printf ("works-submit:%s", deposit->number);
      item = soak_item_new (row, key, apply);
      json_object_set_member (item, "deposit", chorus_works_deposit_to_json (deposit));
      json_object_set_string_member (soak_item_add_effect (item, "works-number", apply ? 1 : 0), "number", deposit->number);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
submit_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  g_autoptr(ChorusWorksDeposit) deposit = chorus_works_deposit_from_json (json_object_get_member (item, "deposit"),
                                                                          error);

  return deposit != NULL && chorus_sync_enqueue_works_deposit (worker->sync, deposit, error) != 0;
}

static char *
submit_key (const ChorusAction *action)
{
  g_autoptr(JsonNode) node = json_from_string (action->payload, NULL);
  g_autoptr(ChorusWorksDeposit) deposit = node != NULL ? chorus_works_deposit_from_json (node, NULL) : NULL;

  return g_strdup_printf ("works-submit:%s", deposit != NULL ? deposit->number : "?");
}

/* ---- the processing of a piece -------------------------------------------------------------- */

/* What each processing row acts on. "Refused" subjects are pieces the simulator's rules do not
 * let the actor process that way. */
typedef enum {
  SUBJECT_PROJET,          /* an A4 with the MOE: suspend, refuse */
  SUBJECT_ASSOCIATED,      /* an A4 the MOE took into account (ASSOCIEE): nothing more to do on it */
  SUBJECT_ACOMPTE,         /* an A15 with the MOA: ask the supplier's piece to be recycled */
  SUBJECT_TO_RECYCLE,      /* an A4 sent back for recycling */
  SUBJECT_PROJET_SUSPENDED,   /* an A4 the MOE suspended: the supplier completes it */
  SUBJECT_ACOMPTE_SUSPENDED,  /* an A15 the MOA suspended: the MOE completes it */
} Subject;

static gint64
setup_subject (SoakSetup *setup, Subject subject, GError **error)
{
  gint64 first = 0, second;

  switch (subject)
    {
    case SUBJECT_PROJET:
      return setup_first (setup, error);
    case SUBJECT_ASSOCIATED:
      return setup_pair (setup, &first, error) != 0 ? first : 0;
    case SUBJECT_ACOMPTE:
      return setup_pair (setup, &first, error);
    case SUBJECT_TO_RECYCLE:
      second = setup_pair (setup, &first, error);
      return second != 0 && setup_done (chorus_client_works_ask_recycle_sync (setup->client, second, NULL, error))
             ? first : 0;
    case SUBJECT_PROJET_SUSPENDED:
      first = setup_first (setup, error);
      return first != 0 && setup_done (chorus_client_works_suspend_sync (setup->client, first, "Pièce manquante",
                                                                         NULL, error))
             ? first : 0;
    case SUBJECT_ACOMPTE_SUSPENDED:
      second = setup_pair (setup, &first, error);
      return second != 0 && setup_done (chorus_client_works_suspend_sync (setup->client, second, "Détail manquant",
                                                                          NULL, error))
             ? second : 0;
    default:
      g_return_val_if_reached (0);
    }
}

typedef struct {
  const char       *row;
  ChorusWorksAction action;
  Subject           subject;
  Subject           refused_subject;   /* one in ten acts on this one, which the rules refuse */
  const char       *status;            /* ask-recycle writes no comment: the status it sets */
  gboolean          with_files;
} Processing;

static const Processing processings[] = {
  { "works-suspend", CHORUS_WORKS_ACTION_SUSPEND, SUBJECT_PROJET, SUBJECT_ASSOCIATED, NULL, FALSE },
  { "works-refuse", CHORUS_WORKS_ACTION_REFUSE, SUBJECT_PROJET, SUBJECT_ASSOCIATED, NULL, FALSE },
  { "works-ask-recycle", CHORUS_WORKS_ACTION_ASK_RECYCLE, SUBJECT_ACOMPTE, SUBJECT_PROJET,
    "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", FALSE },
  { "works-recycle", CHORUS_WORKS_ACTION_RECYCLE, SUBJECT_TO_RECYCLE, SUBJECT_PROJET, NULL, FALSE },
  { "works-complete", CHORUS_WORKS_ACTION_COMPLETE, SUBJECT_PROJET_SUSPENDED, SUBJECT_PROJET, NULL, TRUE },
  { "works-complete-moe", CHORUS_WORKS_ACTION_COMPLETE_MOE, SUBJECT_ACOMPTE_SUSPENDED, SUBJECT_ACOMPTE, NULL, TRUE },
};

static const Processing *
processing_of (const char *row)
{
  for (gsize i = 0; i < G_N_ELEMENTS (processings); i++)
    if (g_str_equal (processings[i].row, row))
      return &processings[i];
  g_return_val_if_reached (NULL);
}

static gboolean
processing_plan (SoakSetup *setup, const char *name, guint n, GPtrArray *items, GError **error)
{
  const SoakKind *row = soak_kind_find (name);
  const Processing *p = processing_of (name);

  for (guint i = 0; i < n; i++)
    {
      gboolean apply = !soak_one_in (setup, 10);
      gint64 piece = setup_subject (setup, apply ? p->subject : p->refused_subject, error);
      JsonObject *item;

      if (piece == 0)
        return FALSE;
      item = works_item (row, piece, apply);
      if (p->status != NULL)
        json_object_set_string_member (works_effect (item, "works-status", apply ? 1 : 0), "status", p->status);
      else
        comment_effect (setup, item, apply);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
processing_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  const Processing *p = processing_of (json_object_get_string_member (item, "kind"));
  g_autofree char *doc = g_build_filename (worker->files_dir, WORKS_DOC, NULL);
  const char *files[] = { doc, NULL };

  return chorus_sync_enqueue_works_action (worker->sync, p->action, json_object_get_int_member (item, "piece"),
                                           json_object_get_string_member_with_default (item, "comment", NULL),
                                           p->with_files ? files : NULL, error) != 0;
}

static char *
processing_key (const ChorusAction *action)
{
  ChorusWorksAction what = chorus_sync_works_action_of_kind (action->kind);

  for (gsize i = 0; i < G_N_ELEMENTS (processings); i++)
    if (processings[i].action == what)
      return g_strdup_printf ("%s:%" G_GINT64_FORMAT, processings[i].row, chorus_sync_works_action_piece (action));
  return g_strdup ("works:?");
}

#define PROCESSING_PLAN(fn, name) \
  static gboolean fn (SoakSetup *setup, guint n, GPtrArray *items, GError **error) \
  { return processing_plan (setup, name, n, items, error); }
PROCESSING_PLAN (suspend_plan, "works-suspend")
PROCESSING_PLAN (refuse_plan, "works-refuse")
PROCESSING_PLAN (ask_recycle_plan, "works-ask-recycle")
PROCESSING_PLAN (recycle_plan, "works-recycle")
PROCESSING_PLAN (complete_plan, "works-complete")
PROCESSING_PLAN (complete_moe_plan, "works-complete-moe")
#undef PROCESSING_PLAN

const SoakKind soak_works_kinds[SOAK_N_WORKS_KINDS] = {
  { "works-submit", CHORUS_ACTION_KIND_WORKS_SUBMIT, 6, FALSE, submit_plan, submit_enqueue, submit_key },
  { "works-suspend", CHORUS_ACTION_KIND_WORKS_SUSPEND, 4, FALSE, suspend_plan, processing_enqueue, processing_key },
  { "works-refuse", CHORUS_ACTION_KIND_WORKS_REFUSE, 4, FALSE, refuse_plan, processing_enqueue, processing_key },
  { "works-ask-recycle", CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE, 4, FALSE, ask_recycle_plan, processing_enqueue,
    processing_key },
  { "works-recycle", CHORUS_ACTION_KIND_WORKS_RECYCLE, 4, FALSE, recycle_plan, processing_enqueue, processing_key },
  { "works-complete", CHORUS_ACTION_KIND_WORKS_COMPLETE, 4, FALSE, complete_plan, processing_enqueue, processing_key },
  { "works-complete-moe", CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE, 4, FALSE, complete_moe_plan, processing_enqueue,
    processing_key },
};
