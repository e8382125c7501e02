import { randomUUID } from 'node:crypto';
import type { Consultation, ConsultationInput, ConsultationMove, ConsultationParticipant, IceServer } from '@naer/shared';
import type { Database } from '../../db/client';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { NoteService } from '../notes/note.service';
import type { ConsultationNotifier } from './consultation.notifier';
import type { ConsultationRepository } from './consultation.repository';

const DAY_MS = 86_400_000;
/** A consultation in the past by more than this cannot be booked or moved there (a typo in the date). */
const PAST_TOLERANCE_MS = 10 * 60_000;
/** The call opens this long before the start and stays open this long after the planned end. */
export const CALL_OPENS_BEFORE_MS = 15 * 60_000;
export const CALL_STAYS_OPEN_AFTER_MS = 60 * 60_000;

export function createConsultationService(deps: {
  database: Database;
  consultations: ConsultationRepository;
  access: AccessService;
  audit: AuditRepository;
  notes: NoteService;
  notifier: ConsultationNotifier;
  clock: Clock;
  iceServers: IceServer[];
}) {
  const { database, consultations, access, audit, notes, notifier, clock } = deps;

  function checkStart(startsAt: Date, now: Date): void {
    if (startsAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
      throw new ValidationError('startsAt: lies in the past; choose a time from now on.', [{ path: 'startsAt', message: 'in the past' }]);
    }
  }

  /** The consultation, for one of its participants; anyone else is refused (audited). */
  async function forParticipant(actor: Actor, id: string, action: 'read' | 'write'): Promise<Consultation> {
    const consultation = await consultations.find(id);
    if (!consultation || !consultation.participants.some((p) => p.userId === actor.userId)) {
      if (!consultation) throw new NotFoundError('consultation', id);
      // A relative sharing consultations sees only those they are invited to: the others do not exist for them (without the grant: refused).
      if (actor.role === 'relative') {
        await access.authorise({ ...actor, permit: { relativeScope: 'consultations' } }, consultation.patientId, action, 'consultation');
        throw new NotFoundError('consultation', id);
      }
      await audit.record(database.db, { actor, patientId: consultation.patientId, resource: 'consultation', action, outcome: 'refused', details: { consultationId: id } }, clock.now());
      throw new ForbiddenError('You are not invited to this consultation. Ask the person who booked it to invite you.');
    }
    return consultation;
  }

  async function changed(actor: Actor, consultation: Consultation, action: string): Promise<Consultation> {
    await audit.record(database.db, { actor, patientId: consultation.patientId, resource: 'consultation', action, details: { consultationId: consultation.id } }, clock.now());
    notifier.updated(consultation);
    return consultation;
  }

  return {
    /** Books a call: a clinician whose organisation answers for consultations on the patient's care team; invitees must be allowed to take part. */
    async book(actor: Actor, input: ConsultationInput): Promise<Consultation> {
      const now = clock.now();
      const startsAt = new Date(input.startsAt);
      checkStart(startsAt, now);
      await access.authorise({ ...actor, permit: { responsibility: ['consultation'] } }, input.patientId, 'write', 'consultation');
      const allowed = new Map((await consultations.invitees(input.patientId)).map((p) => [p.userId, p]));
      const invited = [...new Set(input.participantUserIds.filter((id) => id !== actor.userId))];
      const strangers = invited.filter((id) => !allowed.has(id));
      if (strangers.length > 0) {
        throw new ValidationError(`participantUserIds: ${strangers.join(', ')} cannot take part: invite the patient, relatives the patient shares consultations with, or clinicians on the care team.`, [
          { path: 'participantUserIds', message: 'not the patient, a relative sharing consultations, or a clinician on the care team' },
        ]);
      }
      const consultation = await consultations.insert(
        database.db,
        { patientId: input.patientId, organiserId: actor.userId, organisationId: actor.organisation?.id ?? null, startsAt, durationMinutes: input.durationMinutes, type: input.type, purpose: input.purpose, participantUserIds: invited },
        { actor, patientId: input.patientId, resource: 'consultation', action: 'create', details: { participants: invited.length + 1 } },
        now,
      );
      if (!consultation) throw new AppError('conflict', 'The consultation could not be stored; try again.');
      notifier.updated(consultation);
      return consultation;
    },

    /** The caller's consultations from `from` (default: a day ago) to `to` (default: 60 days ahead). */
    async list(actor: Actor, q: { from?: string | undefined; to?: string | undefined }): Promise<{ consultations: Consultation[] }> {
      const now = clock.now();
      const from = q.from ? new Date(q.from) : new Date(now.getTime() - DAY_MS);
      const to = q.to ? new Date(q.to) : new Date(now.getTime() + 60 * DAY_MS);
      if (from > to) throw new ValidationError('from: is after to; swap them.', [{ path: 'from', message: 'after to' }]);
      const list = await consultations.forUser(actor.userId, from, to);
      await audit.recordReads(database.db, actor, list.map((c) => c.patientId), 'consultation', now);
      return { consultations: list };
    },

    async detail(actor: Actor, id: string): Promise<{ consultation: Consultation }> {
      const consultation = await forParticipant(actor, id, 'read');
      await audit.record(database.db, { actor, patientId: consultation.patientId, resource: 'consultation', action: 'read', details: { consultationId: id } }, clock.now());
      return { consultation };
    },

    async move(actor: Actor, id: string, input: ConsultationMove): Promise<{ consultation: Consultation }> {
      const current = await forParticipant(actor, id, 'write');
      if (current.status !== 'scheduled') throw new AppError('conflict', 'This consultation was cancelled or has taken place; book a new one.');
      const startsAt = new Date(input.startsAt);
      checkStart(startsAt, clock.now());
      const moved = await consultations.update(id, { startsAt, ...(input.durationMinutes ? { durationMinutes: input.durationMinutes } : {}) }, clock.now());
      if (!moved) throw new NotFoundError('consultation', id);
      return { consultation: await changed(actor, moved, 'move') };
    },

    async cancel(actor: Actor, id: string): Promise<{ consultation: Consultation }> {
      const current = await forParticipant(actor, id, 'write');
      if (current.status === 'cancelled') return { consultation: current };
      const cancelled = await consultations.update(id, { status: 'cancelled' }, clock.now());
      if (!cancelled) throw new NotFoundError('consultation', id);
      notifier.ended(id);
      return { consultation: await changed(actor, cancelled, 'cancel') };
    },

    /** What was agreed: on the consultation (the patient reads it) and as a care-team note. */
    async summary(actor: Actor, id: string, summary: string): Promise<{ consultation: Consultation }> {
      const current = await forParticipant(actor, id, 'write');
      if (current.status === 'cancelled') throw new AppError('conflict', 'This consultation was cancelled; there is nothing to summarise.');
      const done = await consultations.update(id, { summary, status: 'completed' }, clock.now());
      if (!done) throw new NotFoundError('consultation', id);
      await notes.add(actor, current.patientId, { id: randomUUID(), body: `Videosamtale ${new Date(current.startsAt).toISOString().slice(0, 10)}: ${summary}` });
      return { consultation: await changed(actor, done, 'summary') };
    },

    /** Calls an organisation on the care team now: it rings for every clinician there until one takes it. */
    async callOrganisation(actor: Actor, patientId: string, organisationId: string): Promise<Consultation> {
      const now = clock.now();
      const scope = await access.authorise(actor, patientId, 'write', 'consultation');
      if (!scope.careTeamOrgIds.includes(organisationId) || organisationId === actor.organisation?.id) {
        throw new ValidationError('organisationId: call another organisation on the patient’s care team.', [{ path: 'organisationId', message: 'not another organisation on the care team' }]);
      }
      const consultation = await consultations.insert(
        database.db,
        { patientId, organiserId: actor.userId, organisationId: actor.organisation?.id ?? null, startsAt: now, durationMinutes: 30, type: 'specialist_advice', purpose: 'Akut rådgivning', participantUserIds: [], calledOrganisationId: organisationId },
        { actor, patientId, resource: 'consultation', action: 'call', details: { organisationId } },
        now,
      );
      if (!consultation) throw new AppError('conflict', 'The call could not be started; try again.');
      notifier.incoming(consultation);
      notifier.updated(consultation);
      return consultation;
    },

    /** Takes a ringing call to the actor's organisation; a colleague who was faster makes it a 409. */
    async take(actor: Actor, id: string): Promise<{ consultation: Consultation }> {
      const current = await consultations.find(id);
      if (!current) throw new NotFoundError('consultation', id);
      if (!current.call || current.call.organisation.id !== actor.organisation?.id) {
        await audit.record(database.db, { actor, patientId: current.patientId, resource: 'consultation', action: 'take', outcome: 'refused', details: { consultationId: id } }, clock.now());
        throw new ForbiddenError('Only clinicians of the organisation that was called can take the call.');
      }
      const taken = await consultations.take(id, { userId: actor.userId, organisationId: actor.organisation.id }, clock.now());
      if (!taken) throw new AppError('conflict', 'A colleague took the call already, or it was cancelled.');
      notifier.incoming(taken);
      return { consultation: await changed(actor, taken, 'take') };
    },

    async invitees(actor: Actor, patientId: string): Promise<{ invitees: ConsultationParticipant[] }> {
      const invitees = await access.readPatient(actor, patientId, 'consultation', () => consultations.invitees(patientId));
      return { invitees };
    },

    /** May this actor enter the call now? The consultation, or why not (the socket answers with it). */
    async admit(actor: Actor, id: string): Promise<{ consultation: Consultation } | { refused: { code: 'not_found' | 'forbidden' | 'cancelled'; message: string } }> {
      const consultation = await consultations.find(id);
      if (!consultation) return { refused: { code: 'not_found', message: 'There is no such consultation.' } };
      const invited = consultation.participants.some((p) => p.userId === actor.userId);
      const now = clock.now();
      if (!invited) {
        await audit.record(database.db, { actor, patientId: consultation.patientId, resource: 'consultation_call', action: 'join', outcome: 'refused', details: { consultationId: id } }, now);
        return { refused: { code: 'forbidden', message: 'You are not invited to this consultation. Ask the person who booked it to invite you.' } };
      }
      if (consultation.status === 'cancelled') return { refused: { code: 'cancelled', message: 'This consultation was cancelled.' } };
      const start = Date.parse(consultation.startsAt);
      const end = start + consultation.durationMinutes * 60_000 + CALL_STAYS_OPEN_AFTER_MS;
      if (now.getTime() < start - CALL_OPENS_BEFORE_MS || now.getTime() > end) {
        return { refused: { code: 'forbidden', message: `The call opens 15 minutes before it starts (${consultation.startsAt}) and closes an hour after it ends.` } };
      }
      return { consultation };
    },

    /** Audits joining or leaving the call: the patient sees it in "Hvem har set mine data". */
    async recordPresence(actor: Actor, consultation: { id: string; patientId: string }, action: 'join' | 'leave'): Promise<void> {
      await audit.record(database.db, { actor, patientId: consultation.patientId, resource: 'consultation_call', action, details: { consultationId: consultation.id } }, clock.now());
    },

    iceServers: () => deps.iceServers,
  };
}

export type ConsultationService = ReturnType<typeof createConsultationService>;
