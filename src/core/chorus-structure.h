/* chorus-structure.h: structures (legal entities) and their services, as Chorus Pro gives them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chorus-types.h"

G_BEGIN_DECLS

typedef struct _ChorusService {
  gint64    id;                   /* idService */
  char     *code;                 /* codeService */
  char     *name;                 /* libelleService / nomService */
  char     *description;
  gboolean  active;               /* estActif */
  char     *start_date;           /* dateDbtService / dateDebutValidite */
  char     *end_date;             /* dateFinService / dateFinValidite */
  gboolean  engagement_required;  /* parametres.numeroEngagement (consulter/service) */
} ChorusService;

typedef struct _ChorusStructure {
  gint64        id;                       /* idStructureCPP / idStructure */
  char         *identifier;               /* identifiantStructure, e.g. a SIRET */
  ChorusIdType  id_type;
  char         *name;                     /* designation / raison sociale */
  char         *status;                   /* statut, e.g. ACTIVE */
  /* consulter only */
  char         *email;
  char         *vat_number;
  char         *address;                  /* one line: adresse, code postal, ville */
  gboolean      service_required;         /* parametres.codeServiceDoitEtreRenseigne */
  gboolean      engagement_required;      /* parametres.numeroEJDoitEtreRenseigne */
  gboolean      service_or_engagement;    /* parametres.gestionNumeroEJOuCodeService */
  char         *password_expiry;          /* dateExpirationMotPasseCompteTech */
  /* monCompte/recuperer/rattachements only */
  ChorusRole    role;                     /* roleUtilisateur */
  char         *attachment_status;        /* statutRattachementStructure */
  GPtrArray    *services;                 /* ChorusService; NULL when not given */
} ChorusStructure;

ChorusService   *chorus_service_new     (void);
ChorusService   *chorus_service_copy    (const ChorusService   *service);
void             chorus_service_free    (ChorusService         *service);
ChorusStructure *chorus_structure_new   (void);
ChorusStructure *chorus_structure_copy  (const ChorusStructure *structure);
void             chorus_structure_free  (ChorusStructure       *structure);

#define CHORUS_TYPE_SERVICE   (chorus_service_get_type ())
#define CHORUS_TYPE_STRUCTURE (chorus_structure_get_type ())
GType chorus_service_get_type   (void) G_GNUC_CONST;
GType chorus_structure_get_type (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusService, chorus_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusStructure, chorus_structure_free)

G_END_DECLS
