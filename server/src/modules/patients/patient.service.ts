import type { PatientList, PatientListQuery, PatientOverview, PatientSummary } from '@naer/shared';
import { BOARD_DEFAULT_LIMIT } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { createPatientRepository, decodeBoardCursor, encodeBoardCursor } from './patient.repository';
import type { BoardScope } from './patient.repository';
import { createPatientOverviewRepository } from './patient-overview.repository';

const DAY_MS = 86_400_000;
/** Readings this many days before the period come along, so baseline and trend limits at its start have their window (the defaults look back 3–7 days). */
const LEAD_DAYS = 14;

export function createPatientService(deps: { database: Database; access: AccessService; audit: AuditRepository; clock: Clock }) {
  const { database, access, audit, clock } = deps;
  const patients = createPatientRepository(database);
  const overviews = createPatientOverviewRepository(database);
  return {
    /** One page of the clinician's board: their organisation's patients, most urgent first; every row shown is audited. */
    async board(actor: Actor, q: Partial<PatientListQuery> = {}): Promise<PatientList> {
      let scope: BoardScope;
      if (actor.role === 'clinician' && actor.organisation) {
        scope = { organisationId: actor.organisation.id };
      } else if (actor.role === 'admin') {
        scope = 'all';
      } else {
        throw new ForbiddenError('The patient list is for clinicians. Open your own page instead.');
      }
      const now = clock.now();
      const page = await patients.boardPage(
        scope,
        {
          limit: q.limit ?? BOARD_DEFAULT_LIMIT,
          after: q.cursor ? decodeBoardCursor(q.cursor) : undefined,
          search: q.q || undefined,
          programme: q.programme,
          status: q.status,
          owner: q.owner,
          organisation: q.organisation,
          sector: q.sector,
          paused: q.paused,
          sort: q.sort,
        },
        actor,
        now,
      );
      await audit.recordReads(database.db, actor, page.items.map((p) => p.id), 'patient', now);
      return { items: page.items, nextCursor: page.next ? encodeBoardCursor(page.next) : null, counts: page.counts };
    },

    /** The overview's readings, questionnaire answers and alert timeline for the last `days` days; the access check audits the read. */
    async overview(actor: Actor, patientId: string, days: number): Promise<PatientOverview> {
      const to = clock.now();
      const from = new Date(to.getTime() - days * DAY_MS);
      const data = await access.readPatient(actor, patientId, 'overview', () => overviews.read(patientId, from, new Date(from.getTime() - LEAD_DAYS * DAY_MS)));
      return { patientId, from: from.toISOString(), to: to.toISOString(), ...data };
    },

    /** One patient's summary, after the access check (which audits the read). */
    async summary(actor: Actor, patientId: string): Promise<PatientSummary> {
      await access.checkPatient(actor, patientId, 'read', 'patient');
      const summary = await patients.summary(patientId, actor, clock.now());
      if (!summary) throw new ForbiddenError();
      return summary;
    },
  };
}

export type PatientService = ReturnType<typeof createPatientService>;
