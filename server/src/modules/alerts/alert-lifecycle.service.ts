import { releaseRestartsClaimClock } from '@naer/shared/domain';
import type { Alert, AlertDetail, Handover, PatientStatus, ResolveAlert } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import { ConflictError, ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { PatientScope } from '../../kernel/patient-scope';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { toHandover } from '../handovers/handover.mapper';
import type { HandoverRepository } from '../handovers/handover.repository';
import type { AlertRow } from './alert.mapper';
import { toOwnedAlert, toTimelineEvent } from './alert.mapper';
import type { AlertLifecycleNotifier } from './alert.notifier';
import type { AlertRepository } from './alert.repository';

/** The acting clinician and their organisation. */
export interface Clinician {
  actor: Actor;
  userId: string;
  orgId: string;
}

/** Only clinicians change alerts; administrators read, patients see their own status page. */
export function requireClinician(actor: Actor, doing: string): Clinician {
  if (actor.role !== 'clinician') throw new ForbiddenError(`Only clinicians on the patient\u2019s care team can ${doing}.`);
  if (!actor.organisation) throw new ForbiddenError('Your account is not linked to an organisation; ask an administrator.');
  return { actor, userId: actor.userId, orgId: actor.organisation.id };
}

/** What a transition inside the transaction changed besides the alert itself. */
interface Changes {
  /** Handovers closed or opened on the way, to announce after commit. */
  handovers: Array<{ id: string; requested: boolean }>;
  details?: Record<string, unknown>;
}

const DAY_MS = 86_400_000;

export function createAlertLifecycleService(deps: {
  database: Database;
  alerts: AlertRepository;
  handovers: HandoverRepository;
  access: AccessService;
  audit: AuditRepository;
  notifier: AlertLifecycleNotifier;
  clock: Clock;
}) {
  const { database, alerts, handovers, access, audit, notifier, clock } = deps;

  async function scopeOf(actor: Actor, alertId: string, mode: 'read' | 'write'): Promise<PatientScope> {
    const found = await alerts.findScope(database.db, alertId);
    if (!found) throw new NotFoundError('alert', alertId);
    return access.decide(actor, found.patientId, found.scope, mode, 'alert');
  }

  /**
   * Runs one transition: access decided first (refusals audited), then the alert is locked so
   * concurrent changes queue behind each other, the change, its timeline event and audit record
   * commit together, and only then does anyone hear about it.
   */
  async function transition(
    who: Clinician,
    alertId: string,
    action: string,
    run: (tx: Executor, row: AlertRow, now: Date) => Promise<Changes>,
  ): Promise<Alert> {
    const scope = await scopeOf(who.actor, alertId, 'write');
    const now = clock.now();
    const result = await database.db.transaction(async (tx) => {
      const row = await alerts.lock(tx, alertId);
      if (!row) throw new NotFoundError('alert', alertId);
      const changes = await run(tx, row, now);
      await audit.record(tx, { actor: who.actor, patientId: row.patient_id, resource: 'alert', action, details: { alertId, ...changes.details } }, now);
      const owned = await alerts.findOwned(tx, alertId);
      if (!owned) throw new NotFoundError('alert', alertId);
      const changed: Array<{ handover: Handover; requested: boolean }> = [];
      for (const h of changes.handovers) {
        const handover = await handovers.find(tx, h.id);
        if (handover) changed.push({ handover: toHandover(handover), requested: h.requested });
      }
      return { alert: toOwnedAlert(owned), changed };
    });
    notifier.alertUpdated(scope, result.alert);
    for (const { handover, requested } of result.changed) notifier.handoverChanged(scope, handover, requested);
    return result.alert;
  }

  async function ownedByOther(tx: Executor, row: AlertRow, who: Clinician): Promise<string | null> {
    if (row.status !== 'claimed' || !row.owner_id || row.owner_id === who.userId) return null;
    return alerts.describeUser(tx, row.owner_id);
  }

  /** Claims the alert for `who`, in their organisation; settles a pending handover the claim overtakes. */
  async function claimInside(tx: Executor, row: AlertRow, who: Clinician, now: Date): Promise<Changes> {
    const changes: Changes = { handovers: [] };
    const pending = await handovers.lockPendingForAlert(tx, row.id);
    if (pending && pending.to_org_id === who.orgId) {
      // The receiving organisation takes it: that is accepting the handover.
      await handovers.decide(tx, pending.id, 'accepted', who.userId, now);
      await alerts.addEvent(tx, row.id, 'handover_accepted', who.userId, now, {
        handoverId: pending.id,
        fromOrganisationId: pending.from_org_id,
        toOrganisationId: pending.to_org_id,
      });
      changes.handovers.push({ id: pending.id, requested: false });
    } else if (pending && pending.from_org_id !== who.orgId) {
      // A third organisation acted first ("the party in contact with the patient acts"): the request is moot.
      await handovers.decide(tx, pending.id, 'cancelled', who.userId, now);
      await alerts.addEvent(tx, row.id, 'handover_cancelled', who.userId, now, { handoverId: pending.id, reason: 'claimed_by_other_organisation' });
      changes.handovers.push({ id: pending.id, requested: false });
    }
    await alerts.update(tx, row.id, { status: 'claimed', ownerId: who.userId, responsibleOrgId: who.orgId, claimedAt: now }, now);
    await alerts.addEvent(tx, row.id, 'claimed', who.userId, now, { organisationId: who.orgId });
    return changes;
  }

  return {
    /** The alert, its patient, its timeline and care team; the read is audited with the alert's id. */
    async detail(actor: Actor, alertId: string): Promise<AlertDetail> {
      if (actor.role !== 'clinician' && actor.role !== 'admin') throw new ForbiddenError('Alert details are for the care team. Your own page shows what happens with your readings.');
      const scope = await scopeOf(actor, alertId, 'read');
      const [owned, events, careTeam, patient] = await Promise.all([
        alerts.findOwned(database.db, alertId),
        alerts.timeline(database.db, alertId),
        handovers.careTeam(database.db, scope.id),
        alerts.patientName(database.db, scope.id),
      ]);
      if (!owned || !patient) throw new NotFoundError('alert', alertId);
      await audit.record(database.db, { actor, patientId: scope.id, resource: 'alert', action: 'read', details: { alertId } }, clock.now());
      return { alert: toOwnedAlert(owned), patient, events: events.map(toTimelineEvent), careTeam };
    },

    /** open → claimed by me. Someone else's claim wins: 409 naming them. Claiming my own claim again is a no-op. */
    async claim(actor: Actor, alertId: string): Promise<Alert> {
      const who = requireClinician(actor, 'take an alert');
      return transition(who, alertId, 'claim', async (tx, row, now) => {
        if (row.status === 'resolved') throw new ConflictError('This alert is already resolved; nothing to take. Refresh to see its outcome.');
        const other = await ownedByOther(tx, row, who);
        if (other) {
          const pending = await handovers.lockPendingForAlert(tx, row.id);
          const hint = pending?.to_org_id === who.orgId ? ' It is being handed over to your organisation: accept the handover instead.' : ' Ask them, or wait for them to hand it over.';
          throw new ConflictError(`${other} has already taken this alert.${hint}`);
        }
        if (row.status === 'claimed') return { handovers: [] };
        return claimInside(tx, row, who, now);
      });
    },

    /** The owner lets go: claimed → open again, and a red alert's claim clock starts over. */
    async release(actor: Actor, alertId: string): Promise<Alert> {
      const who = requireClinician(actor, 'release an alert');
      return transition(who, alertId, 'release', async (tx, row, now) => {
        if (row.status !== 'claimed') throw new ConflictError(`This alert is ${row.status === 'resolved' ? 'resolved' : 'not taken by anyone'}, so there is nothing to release.`);
        const other = await ownedByOther(tx, row, who);
        if (other) throw new ConflictError(`Only ${other}, who took this alert, can release it.`);
        let claimDueAt: Date | null | undefined;
        if (releaseRestartsClaimClock(row.severity) && row.responsible_org_id) {
          const minutes = await alerts.claimWithinMinutes(tx, row.patient_id, row.responsible_org_id);
          if (minutes !== undefined) claimDueAt = new Date(now.getTime() + minutes * 60_000);
        }
        await alerts.update(tx, row.id, { status: 'open', ownerId: null, claimedAt: null, ...(claimDueAt !== undefined ? { claimDueAt } : {}) }, now);
        await alerts.addEvent(tx, row.id, 'released', who.userId, now, {});
        return { handovers: [] };
      });
    },

    /** The owner closes the alert with an outcome; an unclaimed alert is claimed and resolved in one step. */
    async resolve(actor: Actor, alertId: string, input: ResolveAlert): Promise<Alert> {
      const who = requireClinician(actor, 'resolve an alert');
      const note = input.note ? input.note : null;
      return transition(who, alertId, 'resolve', async (tx, row, now) => {
        if (row.status === 'resolved') throw new ConflictError('This alert is already resolved. Refresh to see its outcome.');
        const other = await ownedByOther(tx, row, who);
        if (other) throw new ConflictError(`${other} has taken this alert; only they can resolve it. Ask them, or wait for a handover.`);
        const changes: Changes = { handovers: [], details: { outcome: input.outcome } };
        if (row.status === 'open') changes.handovers.push(...(await claimInside(tx, row, who, now)).handovers);
        const pending = await handovers.lockPendingForAlert(tx, row.id);
        if (pending) {
          // Resolved while waiting for an answer: the request has nothing left to hand over.
          await handovers.decide(tx, pending.id, 'cancelled', who.userId, now);
          await alerts.addEvent(tx, row.id, 'handover_cancelled', who.userId, now, { handoverId: pending.id, reason: 'resolved' });
          changes.handovers.push({ id: pending.id, requested: false });
        }
        await alerts.update(tx, row.id, { status: 'resolved', ownerId: who.userId, resolvedAt: now, resolvedBy: who.userId, outcome: input.outcome, outcomeNote: note }, now);
        await alerts.addEvent(tx, row.id, 'resolved', who.userId, now, { outcome: input.outcome, note });
        return changes;
      });
    },

    /** What the patient sees: each open alert, and each resolved within `days`, with who saw it and who handles it. */
    async patientStatus(actor: Actor, patientId: string, days = 1): Promise<PatientStatus> {
      await access.checkPatient(actor, patientId, 'read', 'alert_status');
      const since = new Date(clock.now().getTime() - days * DAY_MS);
      const rows = await alerts.patientStatus(database.db, patientId, since);
      return {
        items: rows.map((r) => ({
          alertId: r.id,
          rule: r.rule,
          severity: r.severity,
          status: r.status,
          receivedAt: new Date(r.opened_at).toISOString(),
          seenBy: r.seen_by ? { jobTitle: r.seen_by.jobTitle, organisation: r.seen_by.organisation ?? '', at: new Date(r.seen_by.at).toISOString() } : null,
          handledBy: r.handled_by ? { name: r.handled_by.name, jobTitle: r.handled_by.jobTitle, organisation: r.handled_by.organisation ?? '' } : null,
          callToday: r.severity === 'red' && r.status === 'claimed',
          resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
          outcome: r.outcome,
        })),
      };
    },
  };
}

export type AlertLifecycleService = ReturnType<typeof createAlertLifecycleService>;
