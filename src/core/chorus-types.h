/* chorus-types.h: the API's enumerations, their wire strings and their translated labels. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the client connects (a profile names it with CHORUS_PROFILE_QUALIFICATION, …). */
typedef enum {
  CHORUS_ENVIRONMENT_QUALIFICATION,  /* PISTE sandbox + Chorus Pro qualification */
  CHORUS_ENVIRONMENT_PRODUCTION,
  CHORUS_ENVIRONMENT_LOCAL,          /* the simulator, at a base URL such as http://127.0.0.1:8080 */
                                     /* (on this computer only, unless CHORUS_DESK_ALLOW_REMOTE_LOCAL=1) */
} ChorusEnvironment;

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

/* Any API code the app has no label for, as words: "NOUVEL_ETAT" -> "Nouvel etat" (interned). */
const char        *chorus_code_readable             (const char        *code);

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

G_END_DECLS
