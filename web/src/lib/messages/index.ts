import * as alerts from './alerts';
import * as core from './core';
import * as enrolment from './enrolment';
import * as limits from './limits';
import * as monitoring from './monitoring';
import * as accesslog from './accesslog';
import * as messaging from './messaging';
import * as relatives from './relatives';
import * as questionnaires from './questionnaires';
import * as bluetooth from './bluetooth';
import * as offline from './offline';
import * as mydata from './mydata';
import * as admin from './admin';
import * as board from './board';
import * as overview from './overview';
import * as calls from './calls';
import * as visits from './visits';
import * as call from './call';
import * as consultations from './consultations';
import * as dashboard from './dashboard';
import * as systems from './systems';

/**
 * Every feature's texts, merged. A feature adds its own file here (`export const da = {...}; export
 * const en: Record<keyof typeof da, string> = {...}`) and one line to each spread below.
 */
const da = { ...core.da, ...alerts.da, ...enrolment.da, ...limits.da, ...monitoring.da, ...messaging.da, ...relatives.da, ...accesslog.da, ...bluetooth.da, ...questionnaires.da, ...offline.da, ...mydata.da, ...admin.da, ...visits.da, ...board.da, ...overview.da, ...calls.da, ...call.da, ...consultations.da, ...dashboard.da, ...systems.da };
const en: Record<keyof typeof da, string> = { ...core.en, ...alerts.en, ...enrolment.en, ...limits.en, ...monitoring.en, ...messaging.en, ...relatives.en, ...accesslog.en, ...bluetooth.en, ...questionnaires.en, ...offline.en, ...mydata.en, ...admin.en, ...visits.en, ...board.en, ...overview.en, ...calls.en, ...call.en, ...consultations.en, ...dashboard.en, ...systems.en };

export type MessageKey = keyof typeof da;
export const dictionaries: Record<'da' | 'en', Record<MessageKey, string>> = { da, en };
