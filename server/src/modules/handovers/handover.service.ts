import type { CareTeam, DeclineHandover, Handover, HandoverRequest, HandoverStatus } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { PatientScope } from '../../kernel/patient-scope';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { requireClinician } from '../alerts/alert-lifecycle.service';
import type { Clinician } from '../alerts/alert-lifecycle.service';
import { toOwnedAlert } from '../alerts/alert.mapper';
import type { AlertLifecycleNotifier } from '../alerts/alert.notifier';
import type { AlertRepository } from '../alerts/alert.repository';
import { toHandover } from './handover.mapper';
import type { HandoverRepository, HandoverState } from './handover.repository';

/** Most decided handovers a list returns (pending ones are few by nature). */
const LIST_LIMIT = 200;

const STATUS_TEXT: Record<Exclude<HandoverStatus, 'pending'>, string> = { accepted: 'accepted', declined: 'declined', cancelled: 'cancelled' };

/** The receiver must be another organisation on the patient's care team. */
function checkTarget(scope: PatientScope, who: Clinician, toOrganisationId: string, responsibleOrgId: string | null): void {
  if (!scope.careTeamOrgIds.includes(toOrganisationId)) {
    throw new ValidationError('toOrganisationId: is not on this patient\u2019s care team; choose one of the care team\u2019s organisations.', [
      { path: 'toOrganisationId', message: 'not on the care team' },
    ]);
  }
  if (toOrganisationId === who.orgId || toOrganisationId === responsibleOrgId) {
    throw new ValidationError('toOrganisationId: that organisation already answers for this; choose another organisation on the care team.', [
      { path: 'toOrganisationId', message: 'already responsible' },
    ]);
  }
}

export function createHandoverService(deps: {
  database: Database;
  alerts: AlertRepository;
  handovers: HandoverRepository;
  access: AccessService;
  audit: AuditRepository;
  notifier: AlertLifecycleNotifier;
  clock: Clock;
}) {
  const { database, alerts, handovers, access, audit, notifier, clock } = deps;

  /** Commits, then announces the handover (and its alert, when there is one) to the care team. */
  async function commit(
    who: Clinician,
    scope: PatientScope,
    action: string,
    requested: boolean,
    run: (tx: Executor, now: Date) => Promise<{ handoverId: string; alertId: string | null }>,
  ): Promise<Handover> {
    const now = clock.now();
    const result = await database.db.transaction(async (tx) => {
      const { handoverId, alertId } = await run(tx, now);
      await audit.record(tx, { actor: who.actor, patientId: scope.id, resource: 'handover', action, details: { handoverId, alertId } }, now);
      const handover = await handovers.find(tx, handoverId);
      if (!handover) throw new NotFoundError('handover', handoverId);
      const owned = alertId ? await alerts.findOwned(tx, alertId) : undefined;
      return { handover: toHandover(handover), alert: owned ? toOwnedAlert(owned) : undefined };
    });
    if (result.alert) notifier.alertUpdated(scope, result.alert);
    notifier.handoverChanged(scope, result.handover, requested);
    return result.handover;
  }

  /** The receiving organisation answers: access decided first, then alert (if any) and handover locked in that order. */
  async function answer(actor: Actor, handoverId: string, doing: string, decideAs: 'accepted' | 'declined', reason: string | null): Promise<Handover> {
    const who = requireClinician(actor, doing);
    const found = await handovers.findScope(database.db, handoverId);
    if (!found) throw new NotFoundError('handover', handoverId);
    const scope = await access.decide(actor, found.patient_id, found.scope, 'write', 'handover');
    if (found.to_org_id !== who.orgId) throw new ForbiddenError(`Only clinicians in the receiving organisation can ${doing}.`);
    return commit(who, scope, decideAs === 'accepted' ? 'accept' : 'decline', false, async (tx, now) => {
      // Alert (or, for a follow-up, the patient) before handover: the order every path locks in, so none waits on another.
      const alert = found.alert_id ? await alerts.lock(tx, found.alert_id) : undefined;
      if (!found.alert_id) await handovers.lockPatient(tx, found.patient_id);
      const locked = await handovers.lock(tx, handoverId);
      if (!locked) throw new NotFoundError('handover', handoverId);
      assertPending(locked);
      await handovers.decide(tx, handoverId, decideAs, who.userId, now, reason);
      if (decideAs === 'accepted') {
        if (alert) {
          if (alert.status === 'resolved') throw new ConflictError('The alert was resolved meanwhile; there is nothing to take over.');
          await alerts.update(tx, alert.id, { status: 'claimed', ownerId: who.userId, responsibleOrgId: who.orgId, claimedAt: now }, now);
          await alerts.addEvent(tx, alert.id, 'handover_accepted', who.userId, now, { handoverId, fromOrganisationId: locked.from_org_id, toOrganisationId: locked.to_org_id });
        } else {
          await handovers.setFollowUpOwner(tx, locked.patient_id, who.orgId, who.userId, now);
        }
      } else if (alert) {
        // The sender keeps it; the alert moves in the change feed so every board drops the pending badge.
        await alerts.update(tx, alert.id, {}, now);
        await alerts.addEvent(tx, alert.id, 'handover_declined', who.userId, now, { handoverId, toOrganisationId: locked.to_org_id, reason });
      }
      return { handoverId, alertId: locked.alert_id };
    });
  }

  function assertPending(h: HandoverState): void {
    if (h.status !== 'pending') throw new ConflictError(`This handover was already ${STATUS_TEXT[h.status]}. Refresh to see who answers for the patient now.`);
  }

  return {
    /** The owner (or a colleague in the responsible organisation) asks another organisation to take an alert. */
    async requestForAlert(actor: Actor, alertId: string, input: HandoverRequest): Promise<Handover> {
      const who = requireClinician(actor, 'hand over an alert');
      const found = await alerts.findScope(database.db, alertId);
      if (!found) throw new NotFoundError('alert', alertId);
      const scope = await access.decide(actor, found.patientId, found.scope, 'write', 'alert');
      return commit(who, scope, 'request', true, async (tx, now) => {
        const row = await alerts.lock(tx, alertId);
        if (!row) throw new NotFoundError('alert', alertId);
        if (row.status === 'resolved') throw new ConflictError('This alert is already resolved; there is nothing to hand over.');
        if (row.owner_id !== who.userId && row.responsible_org_id !== who.orgId) {
          const holder = row.owner_id ? await alerts.describeUser(tx, row.owner_id) : null;
          throw new ConflictError(
            holder
              ? `${holder} has taken this alert; only they or their colleagues can hand it over.`
              : 'Your organisation does not answer for this alert. Take it first ("Jeg tager den"), then hand it over.',
          );
        }
        checkTarget(scope, who, input.toOrganisationId, row.responsible_org_id);
        const pending = await handovers.lockPendingForAlert(tx, alertId);
        if (pending) throw new ConflictError('A handover of this alert is already waiting for an answer. Wait for it, or cancel it first.');
        const handoverId = await handovers.insert(tx, { patientId: row.patient_id, alertId, fromOrgId: who.orgId, fromUserId: who.userId, toOrgId: input.toOrganisationId, message: input.message }, now);
        await alerts.update(tx, alertId, {}, now);
        await alerts.addEvent(tx, alertId, 'handover_requested', who.userId, now, {
          handoverId,
          fromOrganisationId: who.orgId,
          toOrganisationId: input.toOrganisationId,
          message: input.message,
        });
        return { handoverId, alertId };
      });
    },

    /** The organisation answering for the patient's follow-up asks another to take it over. */
    async requestFollowUp(actor: Actor, patientId: string, input: HandoverRequest): Promise<Handover> {
      const who = requireClinician(actor, 'hand over a patient\u2019s follow-up');
      const scope = await access.checkPatient(actor, patientId, 'write', 'handover');
      return commit(who, scope, 'request', true, async (tx, now) => {
        await handovers.lockPatient(tx, patientId);
        const owner = await handovers.followUpOwner(tx, patientId);
        if (owner?.organisation.id !== who.orgId) {
          throw new ConflictError(`${owner?.organisation.name ?? 'Another organisation'} answers for this patient\u2019s follow-up; only they can hand it over.`);
        }
        checkTarget(scope, who, input.toOrganisationId, owner.organisation.id);
        if (await handovers.pendingFollowUp(tx, patientId)) throw new ConflictError('A handover of this patient\u2019s follow-up is already waiting for an answer. Wait for it, or cancel it first.');
        const handoverId = await handovers.insert(tx, { patientId, alertId: null, fromOrgId: who.orgId, fromUserId: who.userId, toOrgId: input.toOrganisationId, message: input.message }, now);
        return { handoverId, alertId: null };
      });
    },

    /** In one transaction: the handover is accepted and the alert (or follow-up) moves to the accepting clinician. */
    accept: (actor: Actor, handoverId: string) => answer(actor, handoverId, 'accept this handover', 'accepted', null),

    /** Returns it with a reason; the sender stays responsible. */
    decline: (actor: Actor, handoverId: string, input: DeclineHandover) => answer(actor, handoverId, 'decline this handover', 'declined', input.reason),

    /** The sending organisation withdraws its request; nothing changes hands. */
    async cancel(actor: Actor, handoverId: string): Promise<Handover> {
      const who = requireClinician(actor, 'cancel a handover');
      const found = await handovers.findScope(database.db, handoverId);
      if (!found) throw new NotFoundError('handover', handoverId);
      const scope = await access.decide(actor, found.patient_id, found.scope, 'write', 'handover');
      if (found.from_org_id !== who.orgId) throw new ForbiddenError('Only the organisation that sent this handover can cancel it.');
      return commit(who, scope, 'cancel', false, async (tx, now) => {
        if (found.alert_id) await alerts.lock(tx, found.alert_id);
        else await handovers.lockPatient(tx, found.patient_id);
        const locked = await handovers.lock(tx, handoverId);
        if (!locked) throw new NotFoundError('handover', handoverId);
        assertPending(locked);
        await handovers.decide(tx, handoverId, 'cancelled', who.userId, now);
        if (locked.alert_id) {
          await alerts.update(tx, locked.alert_id, {}, now);
          await alerts.addEvent(tx, locked.alert_id, 'handover_cancelled', who.userId, now, { handoverId, reason: 'withdrawn' });
        }
        return { handoverId, alertId: locked.alert_id };
      });
    },

    /** Handovers to and from my organisation (every one for an administrator); each patient read is audited. */
    async list(actor: Actor, status: HandoverStatus): Promise<Handover[]> {
      let organisationId: string | null;
      if (actor.role === 'clinician' && actor.organisation) organisationId = actor.organisation.id;
      else if (actor.role === 'admin') organisationId = null;
      else throw new ForbiddenError('Handovers are for clinicians on a care team.');
      const rows = await handovers.list(database.db, organisationId, status, LIST_LIMIT);
      await audit.recordReads(database.db, actor, rows.map((r) => r.patient_id), 'handover', clock.now());
      return rows.map(toHandover);
    },

    /** The patient's care team (the handover targets) and who owns the follow-up. */
    async careTeam(actor: Actor, patientId: string): Promise<CareTeam> {
      await access.checkPatient(actor, patientId, 'read', 'care_team');
      const [organisations, owner] = await Promise.all([handovers.careTeam(database.db, patientId), handovers.followUpOwner(database.db, patientId)]);
      return {
        patientId,
        organisations: organisations.map((o) => ({ ...o, escalationOrder: Number(o.escalationOrder) })),
        followUpOwner: owner ? { organisation: owner.organisation, userId: owner.userId, since: owner.since === null ? null : new Date(owner.since).toISOString() } : null,
      };
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
