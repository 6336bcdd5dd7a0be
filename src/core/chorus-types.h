/* chorus-types.h: the API's enumerations, their wire strings and their translated labels. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every invoice status of the platform (spec annex V5.00, works statuses included), in its order.
 * The list grows: an invoice keeps the raw code of a status not listed here (see
 * chorus_invoice_get_status_code()), and chorus_status_code_label() still shows it readably. */
typedef enum {
  CHORUS_STATUS_UNKNOWN = 0,
  CHORUS_STATUS_BROUILLON,
  CHORUS_STATUS_A_VALIDER_1,
  CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR,
  CHORUS_STATUS_REFUSEE_1,
  CHORUS_STATUS_VALIDEE_1,
  CHORUS_STATUS_ABSENCE_VALIDATION_1_HORS_DELAI,
  CHORUS_STATUS_A_VALIDER_2,
  CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR,
  CHORUS_STATUS_REFUSEE_2,
  CHORUS_STATUS_VALIDEE_2,
  CHORUS_STATUS_ABSENCE_VALIDATION_2_HORS_DELAI,
  CHORUS_STATUS_DEPOSEE,
  CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE,
  CHORUS_STATUS_EN_COURS_ACHEMINEMENT,
  CHORUS_STATUS_MISE_A_DISPOSITION,
  CHORUS_STATUS_A_RECYCLER,
  CHORUS_STATUS_SUSPENDUE,
  CHORUS_STATUS_REJETEE,
  CHORUS_STATUS_MANDATEE,
  CHORUS_STATUS_MISE_EN_PAIEMENT,
  CHORUS_STATUS_COMPTABILISEE,
  CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE,
  CHORUS_STATUS_ABANDONNEE,
  CHORUS_STATUS_SUPPRIMEE,
  CHORUS_STATUS_ASSOCIEE,
  CHORUS_STATUS_EN_COURS_TRAITEMENT_PIVOT_S,
  CHORUS_STATUS_A_VALIDER_MOE,
  CHORUS_STATUS_REFUSEE_MOE,
  CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR,
  CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR,
  CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR,
  CHORUS_STATUS_INTERPRETEE_OCR,
  CHORUS_STATUS_COMPLETEE,
  CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA,
  CHORUS_STATUS_ERREUR_MOE_SUR_MOA,
  CHORUS_STATUS_ERREUR_DESTINATAIRE_PD,
  CHORUS_STATUS_ERREUR_DESTINATAIRE_EA,
  CHORUS_STATUS_SERVICE_FAIT,
  CHORUS_STATUS_NON_CONFORME,
  CHORUS_STATUS_A_ASSOCIER_MOE,
  CHORUS_STATUS_ERREUR_DE_MOE,
  CHORUS_STATUS_MISE_A_DISPOSITION_MOE,
  CHORUS_STATUS_PRISE_EN_COMPTE_MOE,
  CHORUS_STATUS_A_ASSOCIER_MOA,
  CHORUS_STATUS_ERREUR_DE_MOA,
  CHORUS_STATUS_REFUSEE_MOA,
  CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR,
  CHORUS_STATUS_REFUSEE_FOURNISSEUR,
  CHORUS_STATUS_A_COMPLETER,
  CHORUS_STATUS_TRANSMISE_MOA,
  CHORUS_STATUS_PRISE_EN_COMPTE_DESTINATAIRE,
  CHORUS_STATUS_REMPLACEE_PAR_A22,
  CHORUS_STATUS_DUPLIQUE_APRES_REFUS,
  CHORUS_STATUS_MISE_A_DISPOSITION_MOA,
  CHORUS_STATUS_PRISE_EN_COMPTE_MOA,
  CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE,
  CHORUS_STATUS_TECHNIQUE_INCONNU,
  CHORUS_STATUS_LAST
} ChorusStatus;

/* The groups of the list filters and counters. Stored in the cache: append, never renumber. */
typedef enum {
  CHORUS_STATUS_GROUP_ALL = 0,
  CHORUS_STATUS_GROUP_TO_PROCESS,   /* À traiter: mise à disposition, complétée */
  CHORUS_STATUS_GROUP_SENT_BACK,    /* Renvoyées: à recycler, rejetée, suspendue, refusées, erreurs */
  CHORUS_STATUS_GROUP_PROCESSED,    /* Traitées: service fait … mise en paiement */
  CHORUS_STATUS_GROUP_IN_VALIDATION, /* En validation: à valider / validée (niveaux 1 et 2) */
  CHORUS_STATUS_GROUP_WORKS,        /* Travaux: the dossier de facturation's MOE / MOA steps */
  CHORUS_STATUS_GROUP_IN_TRANSIT,   /* En acheminement: brouillon, déposée, en cours d'acheminement */
  CHORUS_STATUS_GROUP_OTHER,        /* Autres: abandonnée, supprimée, remplacée, codes not listed */
  CHORUS_STATUS_GROUP_LAST
} ChorusStatusGroup;

typedef enum {
  CHORUS_CADRE_UNKNOWN = 0,
  CHORUS_CADRE_A1, CHORUS_CADRE_A2, CHORUS_CADRE_A3, CHORUS_CADRE_A4, CHORUS_CADRE_A5,
  CHORUS_CADRE_A6, CHORUS_CADRE_A7, CHORUS_CADRE_A8, CHORUS_CADRE_A9, CHORUS_CADRE_A10,
  CHORUS_CADRE_A11, CHORUS_CADRE_A12, CHORUS_CADRE_A13, CHORUS_CADRE_A14, CHORUS_CADRE_A15,
  CHORUS_CADRE_A16, CHORUS_CADRE_A17, CHORUS_CADRE_A18, CHORUS_CADRE_A19, CHORUS_CADRE_A20,
  CHORUS_CADRE_A21, CHORUS_CADRE_A22, CHORUS_CADRE_A23, CHORUS_CADRE_A24, CHORUS_CADRE_A25,
  CHORUS_CADRE_LAST
} ChorusCadre;

typedef enum {
  CHORUS_ROLE_UNKNOWN = 0,
  CHORUS_ROLE_FOURNISSEUR,
  CHORUS_ROLE_MOE,
  CHORUS_ROLE_MOA,
  CHORUS_ROLE_VALIDATEUR,
  CHORUS_ROLE_DESTINATAIRE,
  CHORUS_ROLE_LAST
} ChorusRole;

typedef enum {
  CHORUS_ID_TYPE_UNKNOWN = 0,
  CHORUS_ID_TYPE_SIRET,
  CHORUS_ID_TYPE_UE_HORS_FRANCE,
  CHORUS_ID_TYPE_HORS_UE,
  CHORUS_ID_TYPE_RIDET,
  CHORUS_ID_TYPE_TAHITI,
  CHORUS_ID_TYPE_AUTRE,
  CHORUS_ID_TYPE_PARTICULIER,
  CHORUS_ID_TYPE_LAST
} ChorusIdType;

typedef enum {
  CHORUS_VAT_TYPE_UNKNOWN = 0,
  CHORUS_VAT_TYPE_SUR_DEBIT,
  CHORUS_VAT_TYPE_SUR_ENCAISSEMENT,
  CHORUS_VAT_TYPE_EXONERATION,
  CHORUS_VAT_TYPE_SANS_TVA,
  CHORUS_VAT_TYPE_LAST
} ChorusVatType;

typedef enum {
  CHORUS_INVOICE_TYPE_UNKNOWN = 0,
  CHORUS_INVOICE_TYPE_FACTURE,
  CHORUS_INVOICE_TYPE_AVOIR,
  CHORUS_INVOICE_TYPE_ACOMPTE,
  CHORUS_INVOICE_TYPE_LAST
} ChorusInvoiceType;

const char        *chorus_status_to_api             (ChorusStatus       status);
ChorusStatus       chorus_status_from_api           (const char        *api);
const char        *chorus_status_label              (ChorusStatus       status);
ChorusStatusGroup  chorus_status_get_group          (ChorusStatus       status);
/* The same for a raw code as sent, known or not: a known code's translated label; any other
 * code made readable ("NOUVEL_ETAT" -> "Nouvel etat"), never "unknown". NULL/empty -> "". */
const char        *chorus_status_code_label         (const char        *code);
ChorusStatusGroup  chorus_status_code_group         (const char        *code);
/* Any API code the app has no label for, as words: "NOUVEL_ETAT" -> "Nouvel etat" (interned). */
const char        *chorus_code_readable             (const char        *code);
/* An interned copy of @code (NULL for NULL or ""), so invoices can share status codes. */
const char        *chorus_status_code_intern        (const char        *code);
const char        *chorus_status_group_label        (ChorusStatusGroup  group);
/* "Virement" for VIREMENT…; a code not listed is made readable like a status. */
gboolean           chorus_status_needs_motif        (ChorusStatus       status);
gboolean           chorus_status_is_recipient_target (ChorusStatus      status);
/* Statuses a recipient may set from @current with traiter/recue, in processing order. */
gsize              chorus_status_recipient_targets  (ChorusStatus       current,
                                                     ChorusStatus      *targets,
                                                     gsize              max_targets);

const char        *chorus_cadre_to_api              (ChorusCadre        cadre);
ChorusCadre        chorus_cadre_from_api            (const char        *api);
const char        *chorus_cadre_label               (ChorusCadre        cadre);
const char        *chorus_cadre_short_code          (ChorusCadre        cadre);
gboolean           chorus_cadre_is_works            (ChorusCadre        cadre);

const char        *chorus_role_to_api               (ChorusRole         role);
ChorusRole         chorus_role_from_api             (const char        *api);
const char        *chorus_role_label                (ChorusRole         role);

const char        *chorus_id_type_to_api            (ChorusIdType       type);
ChorusIdType       chorus_id_type_from_api          (const char        *api);
const char        *chorus_id_type_label             (ChorusIdType       type);

const char        *chorus_vat_type_to_api           (ChorusVatType      type);
ChorusVatType      chorus_vat_type_from_api         (const char        *api);
const char        *chorus_vat_type_label            (ChorusVatType      type);

const char        *chorus_invoice_type_to_api       (ChorusInvoiceType  type);
ChorusInvoiceType  chorus_invoice_type_from_api     (const char        *api);
const char        *chorus_invoice_type_label        (ChorusInvoiceType  type);

/* Money is kept in cents (int64) everywhere but on the wire. */
gint64             chorus_amount_from_double        (double             value);
double             chorus_amount_to_double          (gint64             cents);
/* "1 234,56 €": French grouping and decimal comma, independent of the process locale. */
char              *chorus_amount_format             (gint64             cents,
                                                     const char        *currency);
/* "23/11/2026" from "2026-11-23"; NULL stays NULL. */
char              *chorus_date_format               (const char        *iso_date);
gboolean           chorus_siret_is_valid            (const char        *siret);
/* Reads "1 234,56", "1234.5", "-12 €" into cents; FALSE on anything else. */
gboolean           chorus_amount_parse              (const char        *text,
                                                     gint64            *cents);
/* "2026-11-23" from "23/11/2026" (or from an ISO date); NULL when not a real date. */
char              *chorus_date_parse                (const char        *text);

G_END_DECLS
