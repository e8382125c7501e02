import type { RelativeScope, UserRole } from '@naer/shared';
import { MEASUREMENT_KINDS } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import { toAppointment } from './appointment.mapper';
import { codeTarget } from './fhir-codes';
import type { Observation, Resource } from './fhir.types';
import type { FhirRepository, PageCursor, PageQuery, QuestionnaireFhirRow } from './fhir.repository';
import { toFlag } from './flag.mapper';
import { toObservation } from './observation.mapper';
import { toPatient } from './patient.mapper';
import { toQuestionnaireResponse } from './questionnaire-response.mapper';
import { SCORE_ID, toScoreObservation, toVisitScoreObservation } from './score-observation.mapper';

/** Who may read each kind of data over FHIR: the same roles and relative grants as the app's own endpoints for it. */
const POLICY = {
  patient: { roles: ['patient', 'clinician', 'admin'] },
  measurement: { roles: ['patient', 'relative', 'clinician', 'admin'], relativeScope: 'readings' },
  questionnaire: { roles: ['patient', 'clinician', 'admin'] },
  visit: { roles: ['clinician', 'admin'] },
  alert: { roles: ['clinician', 'admin'] },
  consultation: { roles: ['patient', 'relative', 'clinician', 'admin'], relativeScope: 'consultations' },
} as const satisfies Record<string, { roles: readonly UserRole[]; relativeScope?: RelativeScope }>;
type DataClass = keyof typeof POLICY;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Page {
  resources: Resource[];
  /** Where the next page starts; undefined on the last page. */
  next: PageCursor | undefined;
}

export interface ObservationSearch extends PageQuery {
  codes: Array<{ system: string | undefined; code: string }> | undefined;
}

interface Item {
  at: Date;
  resource: Resource;
}

/** Newest first, then by id in byte order: the order every page and cursor follows. */
const byTimeThenId = (a: Item, b: Item) => b.at.getTime() - a.at.getTime() || (a.resource.id < b.resource.id ? 1 : a.resource.id > b.resource.id ? -1 : 0);
const afterCursor = (cursor: PageCursor | undefined) => (item: Item) =>
  !cursor || item.at.getTime() < cursor.at.getTime() || (item.at.getTime() === cursor.at.getTime() && item.resource.id < cursor.id);

function page(items: Item[], q: PageQuery): Page {
  const sorted = items.filter(afterCursor(q.after)).sort(byTimeThenId);
  const shown = sorted.slice(0, q.limit);
  const last = shown.at(-1);
  return { resources: shown.map((i) => i.resource), next: sorted.length > q.limit && last ? { at: last.at, id: last.resource.id } : undefined };
}

export function createFhirService(deps: { database: Database; fhir: FhirRepository; access: AccessService; audit: AuditRepository; clock: Clock }) {
  const { database, fhir, access, audit, clock } = deps;

  const mayRead = (actor: Actor, data: DataClass) => (POLICY[data].roles as readonly UserRole[]).includes(actor.role);

  /** The app's access decision for one patient, audited as a read of `data` (refusals too). */
  async function read<T>(actor: Actor, patientId: string, data: DataClass, load: () => Promise<T>): Promise<T> {
    if (!mayRead(actor, data)) {
      await audit.record(database.db, { actor, patientId, resource: data, action: 'read', outcome: 'refused' }, clock.now());
      throw new ForbiddenError(actor.role === 'patient' ? 'This is for your care team; your own page in the app shows it.' : 'Your role cannot read this kind of data.');
    }
    const policy: { roles: readonly UserRole[]; relativeScope?: RelativeScope } = POLICY[data];
    const permitted: Actor = { ...actor, permit: policy.relativeScope ? { relativeScope: policy.relativeScope } : {} };
    return access.readPatient(permitted, patientId, data, load);
  }

  /** What an Observation search reads: the kinds, scores and questionnaires its codes select (all without codes), within what the role may read. */
  function targets(actor: Actor, codes: ObservationSearch['codes']) {
    const found = codes?.map((c) => codeTarget(c.system, c.code));
    const kinds = found ? [...new Set(found.flatMap((t) => (t && 'kind' in t ? [t.kind] : [])))] : [...MEASUREMENT_KINDS];
    const scores = found ? [...new Set(found.flatMap((t) => (t && 'score' in t ? [t.score] : [])))] : (['tobs', 'news2'] as const);
    const questionnaires = found ? [...new Set(found.flatMap((t) => (t && 'questionnaire' in t ? [t.questionnaire] : [])))] : undefined;
    return {
      kinds,
      scores: mayRead(actor, 'visit') ? scores : [],
      questionnaires: mayRead(actor, 'questionnaire') && (questionnaires === undefined || questionnaires.length > 0) ? { ids: questionnaires } : undefined,
    };
  }

  async function observationPage(actor: Actor, q: ObservationSearch): Promise<Page> {
    const t = targets(actor, q.codes);
    const items: Item[] = [];
    if (t.kinds.length > 0) {
      for (const row of await fhir.measurements(q, t.kinds)) items.push({ at: row.measuredAt, resource: toObservation(row) });
    }
    if (t.questionnaires) {
      const rows = await fhir.answers(q, { ...(t.questionnaires.ids ? { questionnaireIds: t.questionnaires.ids } : {}), scoredOnly: true, fhirIdPrefix: SCORE_ID.questionnaire });
      for (const row of rows) items.push({ at: row.answeredAt, resource: toScoreObservation(row as QuestionnaireFhirRow & { score: number }) });
      await audit.record(database.db, { actor, patientId: q.patientId, resource: 'questionnaire', action: 'read' }, clock.now());
    }
    if (t.scores.length > 0) {
      for (const row of await fhir.visits(q, t.scores.map((s) => SCORE_ID[s]))) {
        for (const which of t.scores) items.push({ at: row.measuredAt, resource: toVisitScoreObservation(row, which) });
      }
      await audit.record(database.db, { actor, patientId: q.patientId, resource: 'visit', action: 'read' }, clock.now());
    }
    return page(items, q);
  }

  async function byId<R, T extends { patientId: string }>(actor: Actor, type: string, id: string, data: DataClass, load: () => Promise<T | undefined>, map: (row: T) => R): Promise<R> {
    const row = await load();
    if (!row) throw new NotFoundError(type, id);
    return read(actor, row.patientId, data, async () => map(row));
  }

  return {
    async patient(actor: Actor, id: string) {
      if (!UUID.test(id)) throw new NotFoundError('Patient', id);
      const row = await read(actor, id, 'patient', () => fhir.patient(id));
      if (!row) throw new NotFoundError('Patient', id);
      return toPatient(row);
    },

    async observation(actor: Actor, id: string): Promise<Observation> {
      const [prefix, rest] = id.startsWith(SCORE_ID.questionnaire) ? ['score', id.slice(SCORE_ID.questionnaire.length)]
        : id.startsWith(SCORE_ID.tobs) ? ['tobs', id.slice(SCORE_ID.tobs.length)]
        : id.startsWith(SCORE_ID.news2) ? ['news2', id.slice(SCORE_ID.news2.length)]
        : ['reading', id];
      if (!UUID.test(rest)) throw new NotFoundError('Observation', id);
      switch (prefix) {
        case 'score': {
          const row = await fhir.answer(rest);
          if (!row || row.score === null) throw new NotFoundError('Observation', id);
          return read(actor, row.patientId, 'questionnaire', async () => toScoreObservation({ ...row, score: row.score ?? 0 }));
        }
        case 'tobs':
        case 'news2':
          return byId(actor, 'Observation', id, 'visit', () => fhir.visit(rest), (row) => toVisitScoreObservation(row, prefix));
        default:
          return byId(actor, 'Observation', id, 'measurement', () => fhir.measurement(rest), toObservation);
      }
    },

    /** One page of a patient's Observations: readings, questionnaire scores and visit scores, newest first. */
    searchObservations: (actor: Actor, q: ObservationSearch) => read(actor, q.patientId, 'measurement', () => observationPage(actor, q)),

    async questionnaireResponse(actor: Actor, id: string) {
      if (!UUID.test(id)) throw new NotFoundError('QuestionnaireResponse', id);
      return byId(actor, 'QuestionnaireResponse', id, 'questionnaire', () => fhir.answer(id), toQuestionnaireResponse);
    },

    searchQuestionnaireResponses: (actor: Actor, q: PageQuery) =>
      read(actor, q.patientId, 'questionnaire', async () =>
        page((await fhir.answers(q, { scoredOnly: false, fhirIdPrefix: '' })).map((row) => ({ at: row.answeredAt, resource: toQuestionnaireResponse(row) })), q)),

    async flag(actor: Actor, id: string) {
      if (!UUID.test(id)) throw new NotFoundError('Flag', id);
      return byId(actor, 'Flag', id, 'alert', () => fhir.alert(id), toFlag);
    },

    searchFlags: (actor: Actor, q: PageQuery) =>
      read(actor, q.patientId, 'alert', async () => page((await fhir.openAlerts(q)).map((row) => ({ at: row.openedAt, resource: toFlag(row) })), q)),

    async appointment(actor: Actor, id: string) {
      if (!UUID.test(id)) throw new NotFoundError('Appointment', id);
      return byId(actor, 'Appointment', id, 'consultation', () => fhir.consultation(id), toAppointment);
    },

    searchAppointments: (actor: Actor, q: PageQuery) =>
      read(actor, q.patientId, 'consultation', async () => page((await fhir.consultations(q)).map((row) => ({ at: row.startsAt, resource: toAppointment(row) })), q)),
  };
}

export type FhirService = ReturnType<typeof createFhirService>;
