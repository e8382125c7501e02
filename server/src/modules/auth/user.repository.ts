import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { users } from '../../db/schema';

/** What signing in and changing a password read and write of a user. */
export function createUserRepository(db: Db) {
  return {
    /** The account with this e-mail address in any case, with its password hash. */
    async findLogin(email: string): Promise<{ id: string; passwordHash: string | null } | undefined> {
      const [user] = await db
        .select({ id: users.id, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
        .limit(1);
      return user;
    },

    async passwordHashOf(userId: string): Promise<string | null> {
      const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
      return row?.passwordHash ?? null;
    },

    /** Inserts staff accounts (clinicians and administrators); returns their ids by e-mail. */
    async insertStaff(
      executor: Executor,
      rows: Array<{ email: string; displayName: string; role: 'clinician' | 'admin'; organisationId: string | null; jobTitle: string | null; passwordHash: string }>,
    ): Promise<Map<string, string>> {
      const inserted = await executor.insert(users).values(rows).returning({ id: users.id, email: users.email });
      return new Map(inserted.map((u) => [u.email, u.id]));
    },

    /** The user an external system acts as: a clinician of its organisation without a password (it never signs in). */
    async insertSystemUser(executor: Executor, row: { email: string; displayName: string; organisationId: string }): Promise<string> {
      const [inserted] = await executor
        .insert(users)
        .values({ ...row, role: 'clinician', jobTitle: 'System', passwordHash: null })
        .returning({ id: users.id });
      if (!inserted) throw new Error('system user insert returned no row');
      return inserted.id;
    },

    async setPassword(executor: Executor, userId: string, passwordHash: string, now: Date): Promise<void> {
      await executor.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
