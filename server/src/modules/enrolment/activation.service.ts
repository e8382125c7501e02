import { ActivationProblem } from '@naer/shared';
import type { ActivationRequest, SessionUser } from '@naer/shared';
import type { Database } from '../../db/client';
import { AppError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { toSessionUser } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import type { SessionRepository } from '../auth/session.repository';
import { hashActivationCode } from './activation-code';
import { createActivationRepository } from './activation.repository';
import type { InvitationRow } from './activation.repository';

const codeError = (message: string, problem: ActivationProblem) => new ValidationError(message, [{ path: 'code', message: problem }]);
const usedError = () => codeError('This activation code has already been used. Log in with your e-mail and password, or ask your nurse for a new code.', ActivationProblem.used);

/** The invitation if its code can be used now; otherwise an error the patient can act on. */
function usable(invitation: InvitationRow | undefined, now: Date): InvitationRow {
  if (!invitation || invitation.revokedAt) {
    throw codeError('The activation code was not recognised. Check that you typed it as it stands in your letter, or ask your nurse for a new code.', ActivationProblem.unknown);
  }
  if (invitation.usedAt) throw usedError();
  if (invitation.expiresAt.getTime() <= now.getTime()) {
    throw codeError('This activation code has expired. Ask your nurse for a new code.', ActivationProblem.expired);
  }
  return invitation;
}

const emailTaken = () =>
  new AppError('conflict', 'This e-mail is already used by another account in Naer. Use another e-mail address, or ask your nurse for help.', [
    { path: 'email', message: ActivationProblem.emailTaken },
  ]);

// postgres.js and PGlite both report SQLSTATE in `code`; drizzle may wrap the driver error in `cause`.
const isUniqueViolation = (error: unknown): boolean => {
  const code = (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined);
  return code(error) === '23505' || (typeof error === 'object' && error !== null && 'cause' in error && code(error.cause) === '23505');
};

export function createActivationService(deps: {
  database: Database;
  sessions: SessionRepository;
  audit: AuditRepository;
  clock: Clock;
  /** Ends a session as a logout does: its open sockets close too. */
  endSession: (token: string) => Promise<void>;
}) {
  const { database, sessions, audit, clock } = deps;
  const { db } = database;

  const activations = createActivationRepository();

  return {
    /**
     * Turns a valid, unused, unexpired code into the patient's own account (e-mail and password) and
     * opens a session. Single-use: the code is marked used in the same transaction that creates the account.
     */
    async activate(input: ActivationRequest, ip: string | null, previousToken?: string): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
      const now = clock.now();
      const codeHash = hashActivationCode(input.code);
      const email = input.email.trim().toLowerCase();
      const row = await activations.findInvitation(db, codeHash);
      let found: InvitationRow;
      try {
        found = usable(row, now);
      } catch (error) {
        const problem = error instanceof ValidationError ? error.details?.[0]?.message : undefined;
        await audit.record(db, { actor: null, ip, patientId: row?.patientId ?? null, resource: 'patient_account', action: 'activate', outcome: 'failed', details: { problem } }, now);
        throw error;
      }
      // The slow hash runs only for a code that looked valid, and outside the transaction.
      const passwordHash = await hashPassword(input.password);

      let actor: Omit<Actor, 'ip'>;
      try {
        actor = await db.transaction(async (tx) => {
          const locked = await activations.lockInvitation(tx, found.id);
          // Checked again under the row lock: a concurrent activation with the same code finds it used.
          const invitation = usable(locked, now);
          if (await activations.emailTaken(tx, email)) throw emailTaken();
          const patient = await activations.lockPatient(tx, invitation.patientId);
          if (!patient || patient.userId) throw usedError();
          const userId = await activations.createPatientAccount(tx, { patientId: invitation.patientId, invitationId: invitation.id, email, passwordHash, displayName: patient.name }, now);
          const self: Omit<Actor, 'ip'> = { userId, email, displayName: patient.name, role: 'patient', organisation: null, patientId: invitation.patientId };
          await audit.record(tx, { actor: { ...self, ip }, patientId: invitation.patientId, resource: 'patient_account', action: 'activate' }, now);
          return self;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }

      // Like a login: whatever session this browser had (e.g. a clinician's on a shared PC) ends here.
      if (previousToken) await deps.endSession(previousToken);
      const session = await sessions.create(actor.userId, now);
      await audit.record(db, { actor: { ...actor, ip }, resource: 'session', action: 'login', details: { via: 'activation' } }, now);
      return { ...session, user: toSessionUser(actor) };
    },
  };
}

export type ActivationService = ReturnType<typeof createActivationService>;
