import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { invitations, patients, users } from '../../db/schema';

/** What deciding whether an activation code can be used needs. */
export type InvitationRow = Pick<typeof invitations.$inferSelect, 'id' | 'patientId' | 'expiresAt' | 'usedAt' | 'revokedAt'>;

const INVITATION_COLUMNS = { id: invitations.id, patientId: invitations.patientId, expiresAt: invitations.expiresAt, usedAt: invitations.usedAt, revokedAt: invitations.revokedAt };

export function createActivationRepository() {
  return {
    async findInvitation(executor: Executor, codeHash: string): Promise<InvitationRow | undefined> {
      const [row] = await executor
        .select(INVITATION_COLUMNS)
        .from(invitations)
        .where(and(eq(invitations.codeHash, codeHash), eq(invitations.kind, 'patient_activation')))
        .limit(1);
      return row;
    },

    /** Locks the invitation until the transaction ends, so a concurrent activation with the same code waits and then finds it used. */
    async lockInvitation(executor: Executor, id: string): Promise<InvitationRow | undefined> {
      const [row] = await executor.select(INVITATION_COLUMNS).from(invitations).where(eq(invitations.id, id)).for('update');
      return row;
    },

    /** Whether an account already uses this (lower-cased) e-mail address. */
    async emailTaken(executor: Executor, email: string): Promise<boolean> {
      const [taken] = await executor.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
      return taken !== undefined;
    },

    /** Locks the patient row; its name and its account, if it has one. */
    async lockPatient(executor: Executor, patientId: string): Promise<{ name: string; userId: string | null } | undefined> {
      const [patient] = await executor.select({ name: patients.name, userId: patients.userId }).from(patients).where(eq(patients.id, patientId)).for('update');
      return patient;
    },

    /** Creates the patient's account, links it to the patient and marks the code used; returns the user's id. */
    async createPatientAccount(executor: Executor, a: { patientId: string; invitationId: string; email: string; passwordHash: string; displayName: string }, now: Date): Promise<string> {
      const [user] = await executor
        .insert(users)
        .values({ email: a.email, passwordHash: a.passwordHash, role: 'patient', displayName: a.displayName, passwordChangedAt: now, createdAt: now })
        .returning({ id: users.id });
      if (!user) throw new Error('user insert returned no row');
      await executor.update(patients).set({ userId: user.id }).where(and(eq(patients.id, a.patientId), isNull(patients.userId)));
      await executor.update(invitations).set({ usedAt: now, usedBy: user.id }).where(and(eq(invitations.id, a.invitationId), isNull(invitations.usedAt)));
      return user.id;
    },
  };
}

export type ActivationRepository = ReturnType<typeof createActivationRepository>;
