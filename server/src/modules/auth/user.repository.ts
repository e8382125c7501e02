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

    async setPassword(executor: Executor, userId: string, passwordHash: string, now: Date): Promise<void> {
      await executor.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
