/* chorus-flow-report.h: a deposited flux's report (consulterCRDetaille) put in words a supplier can act on. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "chorus-client-types.h"

G_BEGIN_DECLS

/* One error of the report, explained. Strings are translated. */
typedef struct {
  char *title;     /* what is concerned: "Invoice F-2026-014 refused", "The file could not be processed" */
  char *detail;    /* the platform's own words, with the identifiers it named */
  char *advice;    /* what to do about it */
} ChorusFlowAdvice;

void        chorus_flow_advice_free     (ChorusFlowAdvice       *advice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusFlowAdvice, chorus_flow_advice_free)

/* The report's state in a sentence: integrated, partly integrated, rejected, or still being
 * processed (any other IN_ state, which stays shown as sent). */
char       *chorus_flow_report_summary  (const ChorusFlowReport *report);
/* TRUE once the platform has finished with the flux (integrated or rejected, even in part). */
gboolean    chorus_flow_report_is_final (const ChorusFlowReport *report);
/* TRUE when at least one invoice of the flux was refused or the file itself was. */
gboolean    chorus_flow_report_has_errors (const ChorusFlowReport *report);
/* One ChorusFlowAdvice per error, invoices first, in the report's order. */
GPtrArray  *chorus_flow_report_explain  (const ChorusFlowReport *report);

G_END_DECLS
