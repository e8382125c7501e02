import type { RelativeAccept, RelativeAcceptResult, RelativeInvitationCode, RelativeInvitationInput, RelativeList, SessionUser, SharedPatient } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { ErrorDetail } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { toSessionUser } from '../auth/auth.service';
import type { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import type { RelativeNotifier } from './relative.notifier';
import { hashInvitationCode, newInvitationCode, toShared } from './relative.repository';
import type { GrantRow, RelativeRepository } from './relative.repository';

/** How long an invitation code can be used. */
export const INVITATION_TTL_MS = 7 * 86_400_000;
/** New relative accounts: long enough to resist guessing, short enough to remember as a sentence. */
const MIN_PASSWORD_LENGTH = 10;


const INVALID_CODE =
  'This invitation code cannot be used: it may be mistyped, already used, withdrawn by the patient, or more than 7 days old. Check the code, or ask the patient for a new one.';

/** A freshly signed-in session to put in the cookie, when accepting logged someone in. */
export interface AcceptOutcome extends RelativeAcceptResult {
  session?: { token: string; expiresAt: Date };
}

export function createRelativeService(deps: {
  database: Database;
  relatives: RelativeRepository;
  access: AccessService;
  audit: AuditRepository;
  auth: AuthService;
  notifier: RelativeNotifier;
  clock: Clock;
}) {
  const { database, relatives, access, audit, auth, notifier, clock } = deps;

  /** Only the patient decides who sees their data; a refusal is audited like any other. */
  async function requireSelf(actor: Actor, patientId: string, resource: string): Promise<void> {
    if (actor.role === 'patient' && actor.patientId === patientId) return;
    await audit.record(database.db, { actor, patientId, resource, action: 'write', outcome: 'refused' }, clock.now());
    throw new ForbiddenError('Only the patient can invite relatives or withdraw their access. Ask the patient to do it in the Naer app.');
  }

  /** Uses the invitation and grants it to the relative (created by `relativeIn` if new) in one transaction, audited. */
  async function consume(invitationId: string, now: Date, relativeIn: (tx: Executor) => Promise<Actor>): Promise<GrantRow> {
    return database.db.transaction(async (tx) => {
      const relative = await relativeIn(tx);
      const row = await relatives.consumeInvitation(tx, invitationId, relative.userId, now);
      if (!row) throw new AppError('conflict', 'This invitation was used or withdrawn a moment ago. Ask the patient for a new code.', [{ path: 'code', message: 'used or withdrawn meanwhile' }]);
      await audit.record(tx, { actor: relative, patientId: row.patient_id, resource: 'relative_grant', action: 'create', details: { grantId: row.id, scopes: row.scopes, notifyRed: row.notify_red } }, now);
      return row;
    });
  }

  /** After commit: the relative's open sockets join the patient's rooms, and the patient's page refreshes. */
  async function announce(grant: GrantRow): Promise<SharedPatient> {
    notifier.granted(grant.relative_user_id, grant.patient_id, grant.scopes, grant.notify_red);
    notifier.changed(grant.patient_id);
    return toShared(grant, (await relatives.patientName(grant.patient_id)) ?? '');
  }

  return {
    /** The patient creates a one-time code for a relative; the code is returned once and only its hash kept. */
    async invite(actor: Actor, patientId: string, input: RelativeInvitationInput): Promise<RelativeInvitationCode> {
      await requireSelf(actor, patientId, 'invitation');
      await access.checkPatient(actor, patientId, 'write', 'invitation');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
      const { code, display } = newInvitationCode();
      const id = await relatives.insertInvitation(database.db, {
        codeHash: hashInvitationCode(code),
        patientId,
        scopes: input.scopes,
        notifyRed: input.notifyRed,
        createdBy: actor.userId,
        createdAt: now,
        expiresAt,
      });
      notifier.changed(patientId);
      return { id, code: display, expiresAt: expiresAt.toISOString(), scopes: input.scopes, notifyRed: input.notifyRed };
    },

    /** Who can see the patient's data, and codes not yet used; for the patient, their care team and administrators. */
    async list(actor: Actor, patientId: string): Promise<RelativeList> {
      await access.checkPatient(actor, patientId, 'read', 'relative_grant');
      return relatives.listForPatient(patientId, clock.now());
    },

    /** The patient withdraws a relative's access: refused from the next request on, and their open sockets leave at once. */
    async revoke(actor: Actor, grantId: string): Promise<void> {
      const grant = await relatives.findGrant(grantId);
      if (!grant) throw new NotFoundError('relative access', grantId);
      await requireSelf(actor, grant.patient_id, 'relative_grant');
      await access.checkPatient(actor, grant.patient_id, 'write', 'relative_grant');
      const now = clock.now();
      const revoked = await database.db.transaction(async (tx) => {
        const row = await relatives.revokeGrant(tx, grantId, now);
        if (row) await audit.record(tx, { actor, patientId: row.patient_id, resource: 'relative_grant', action: 'revoke', details: { grantId, relativeUserId: row.relative_user_id } }, now);
        return row;
      });
      // Withdrawing twice is harmless: the sockets are told again, in case a node missed it the first time.
      notifier.revoked(grant.relative_user_id, grant.patient_id);
      if (revoked) notifier.changed(grant.patient_id);
    },

    /** The patient withdraws an invitation that has not been used yet. */
    async cancelInvitation(actor: Actor, patientId: string, invitationId: string): Promise<void> {
      await requireSelf(actor, patientId, 'invitation');
      await access.checkPatient(actor, patientId, 'write', 'invitation');
      const now = clock.now();
      const done = await relatives.revokeInvitation(database.db, patientId, invitationId, now);
      if (!done) throw new NotFoundError('unused invitation', invitationId);
      notifier.changed(patientId);
    },

    /** The patients the signed-in relative may see, and what. */
    async mine(actor: Actor): Promise<SharedPatient[]> {
      if (actor.role !== 'relative') throw new ForbiddenError('This list is for relatives. Patients and clinicians start from their own pages.');
      const items = await relatives.activeGrantsFor(actor.userId);
      await audit.recordReads(database.db, actor, items.map((i) => i.patient.id), 'relative_grant', clock.now());
      return items;
    },

    /**
     * Accepts an invitation: a signed-in relative with the code alone; someone new with e-mail,
     * password and name (the account is created); an existing relative with e-mail and password.
     */
    async accept(actor: Actor | undefined, input: RelativeAccept, ip: string | null): Promise<AcceptOutcome> {
      const now = clock.now();
      const invitation = await relatives.findUsableInvitation(hashInvitationCode(input.code), now);
      if (!invitation) {
        await audit.record(database.db, { actor: actor ?? null, ip, resource: 'invitation', action: 'accept', outcome: 'failed' }, now);
        throw new AppError('not_found', INVALID_CODE, [{ path: 'code', message: 'unknown, used, withdrawn or expired invitation code' }]);
      }

      if (actor) {
        if (actor.role !== 'relative') {
          throw new ForbiddenError('You are signed in with a patient or staff account. A relative needs their own account: log out, open the invitation again and create one.');
        }
        const grant = await consume(invitation.id, now, async () => actor);
        return { user: toSessionUser(actor), shared: await announce(grant) };
      }

      const missing: ErrorDetail[] = [];
      if (!input.email) missing.push({ path: 'email', message: 'email is required: write your e-mail address' });
      if (!input.password) missing.push({ path: 'password', message: 'password is required: write a password' });
      if (!input.email || !input.password || missing.length > 0) throw new ValidationError(missing.map((m) => m.message).join('; '), missing);
      const email = input.email.toLowerCase();
      const password = input.password;

      const existing = await relatives.findUserByEmail(email);
      if (existing) {
        if (existing.role !== 'relative') {
          throw new AppError('conflict', 'This e-mail belongs to an account that is not a relative\u2019s. Use another e-mail address for your relative account.', [{ path: 'email', message: 'belongs to a patient or staff account' }]);
        }
        const session = await auth.login({ email, password }, ip);
        let grant: GrantRow;
        try {
          grant = await consume(invitation.id, now, async () => relativeActor(session.user, ip));
        } catch (error) {
          // No half-done acceptance: the session opened for it goes too.
          await auth.logout(session.token);
          throw error;
        }
        return { user: session.user, shared: await announce(grant), session };
      }

      const problems: ErrorDetail[] = [];
      if (!input.name) problems.push({ path: 'name', message: 'name is required for a new account: write your name, as the patient and the care team will see it' });
      if (password.length < MIN_PASSWORD_LENGTH) problems.push({ path: 'password', message: `password is too short: use at least ${MIN_PASSWORD_LENGTH} characters, e.g. a short sentence` });
      if (!input.name || problems.length > 0) throw new ValidationError(problems.map((p) => p.message).join('; '), problems);
      const name = input.name;

      const passwordHash = await hashPassword(password);
      const grant = await consume(invitation.id, now, async (tx) => {
        const created = await relatives.insertRelativeUser(tx, { email, passwordHash, displayName: name }, now);
        if (!created) throw new AppError('conflict', 'An account with this e-mail already exists. Log in with it, or use another e-mail address.', [{ path: 'email', message: 'already has an account' }]);
        return { userId: created, email, displayName: name, role: 'relative', organisation: null, patientId: null, ip };
      });
      const session = await auth.login({ email, password }, ip);
      return { user: session.user, shared: await announce(grant), session };
    },
  };
}

/** The acting relative for audit records written while accepting (before a request actor exists). */
function relativeActor(user: SessionUser, ip: string | null): Actor {
  return { userId: user.id, email: user.email, displayName: user.displayName, role: 'relative', organisation: null, patientId: null, ip };
}

export type RelativeService = ReturnType<typeof createRelativeService>;
