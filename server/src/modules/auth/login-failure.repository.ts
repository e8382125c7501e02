import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loginFailures } from '../../db/schema';

/** Which failures a count or a wait is about: one account from one address, one account from anywhere, or one address. */
export type FailureScope = { account: string; ip: string | null } | { account: string } | { ip: string };

/** Failed logins in the database, so every node counts the same ones. */
export function createLoginFailureRepository(db: Db) {
  const fromAddress = (ip: string | null) => (ip === null ? isNull(loginFailures.ip) : eq(loginFailures.ip, ip));
  const where = (scope: FailureScope): SQL => {
    if (!('account' in scope)) return eq(loginFailures.ip, scope.ip);
    if (!('ip' in scope)) return eq(loginFailures.email, scope.account);
    return and(eq(loginFailures.email, scope.account), fromAddress(scope.ip)) as SQL;
  };

  return {
    /** Stores an attempt as a failure; returns its id. */
    async record(account: string, ip: string | null, now: Date): Promise<number> {
      const [attempt] = await db.insert(loginFailures).values({ email: account, ip, at: now }).returning({ id: loginFailures.id });
      if (!attempt) throw new Error('login attempt not recorded');
      return attempt.id;
    },

    /** Failures since `since` for the account from this address, from anywhere, and from the address: in one read of the window. */
    async counts(account: string, ip: string | null, since: Date): Promise<{ here: number; anywhere: number; fromAddress: number }> {
      const accountWhere = where({ account });
      const here = where({ account, ip });
      const address = ip === null ? sql`false` : where({ ip });
      const [counts] = await db
        .select({
          here: sql<number>`count(*) filter (where ${here})`.mapWith(Number),
          anywhere: sql<number>`count(*) filter (where ${accountWhere})`.mapWith(Number),
          fromAddress: sql<number>`count(*) filter (where ${address})`.mapWith(Number),
        })
        .from(loginFailures)
        .where(and(gt(loginFailures.at, since), or(accountWhere, address)));
      return { here: counts?.here ?? 0, anywhere: counts?.anywhere ?? 0, fromAddress: counts?.fromAddress ?? 0 };
    },

    /** Time of the `n`th newest failure in scope since `since`, if there are that many. */
    async nthNewestAt(scope: FailureScope, n: number, since: Date): Promise<Date | undefined> {
      const [row] = await db
        .select({ at: loginFailures.at })
        .from(loginFailures)
        .where(and(where(scope), gt(loginFailures.at, since)))
        .orderBy(desc(loginFailures.at))
        .offset(n - 1)
        .limit(1);
      return row?.at;
    },

    async remove(id: number): Promise<void> {
      await db.delete(loginFailures).where(eq(loginFailures.id, id));
    },

    /** Forgets the account's failures from this address. */
    async clear(account: string, ip: string | null): Promise<void> {
      await db.delete(loginFailures).where(where({ account, ip }));
    },

    /** Deletes failures older than `before`. */
    async prune(before: Date): Promise<void> {
      await db.delete(loginFailures).where(lt(loginFailures.at, before));
    },
  };
}

export type LoginFailureRepository = ReturnType<typeof createLoginFailureRepository>;
