import { createHash } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loginFailures } from '../../db/schema';
import { AppError } from '../../kernel/errors';

/** Failed logins are counted over this window, per account and per address, on every node (they live in the database). */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/**
 * Failures for one account from one address before that address is refused for the account: an
 * attacker elsewhere cannot lock a nurse out of her own workstation by typing wrong passwords.
 */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures for one account from all addresses together: guessing spread over many addresses still stops. */
export const MAX_FAILURES_PER_ACCOUNT_ANYWHERE = 50;
/** Higher than per account: a hospital's staff may share one address behind NAT. */
export const MAX_FAILURES_PER_ADDRESS = 20;

/** A refused login attempt; the route turns `retryAfterSeconds` into a Retry-After header. */
export class LoginThrottledError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly scope: 'account' | 'address',
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    const wait = `Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`;
    super(
      'rate_limited',
      scope === 'account'
        ? `Too many failed logins for this account. ${wait}, or ask your administrator to reset the password.`
        : `Too many failed logins from your network address. ${wait}, or contact your IT support if this keeps happening.`,
    );
  }
}

/**
 * The account key: a hash of the lower-cased address, so the table never holds e-mail addresses
 * (failed attempts include addresses typed by mistake, i.e. other people's).
 */
export const accountKey = (email: string) => `sha256:${createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')}`;

export function createLoginThrottle(db: Db) {
  const fromAddress = (ip: string | null) => (ip === null ? isNull(loginFailures.ip) : eq(loginFailures.ip, ip));

  /** When the oldest failure that still counts towards `max` leaves the window. */
  async function retryAfter(where: SQL, max: number, now: Date): Promise<number> {
    const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
    const [row] = await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(where, gt(loginFailures.at, since)))
      .orderBy(desc(loginFailures.at))
      .offset(max - 1)
      .limit(1);
    const until = (row?.at.getTime() ?? now.getTime()) + LOGIN_WINDOW_MS;
    return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  }

  return {
    /**
     * Records the attempt as a failure *before* the password is checked, so parallel guesses see
     * each other, and refuses it when the account (from this address, or from everywhere) or the
     * address is over its limit. A correct password then calls `succeeded`, which removes it.
     */
    async begin(email: string, ip: string | null, now: Date): Promise<void> {
      const key = accountKey(email);
      const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
      const [attempt] = await db.insert(loginFailures).values({ email: key, ip, at: now }).returning({ id: loginFailures.id });
      if (!attempt) throw new Error('login attempt not recorded');
      const account = eq(loginFailures.email, key);
      const accountHere = and(account, fromAddress(ip)) as SQL;
      const address = ip === null ? sql`false` : eq(loginFailures.ip, ip);
      // The three counts in one read of the window.
      const [counts] = await db
        .select({
          here: sql<number>`count(*) filter (where ${accountHere})`.mapWith(Number),
          anywhere: sql<number>`count(*) filter (where ${account})`.mapWith(Number),
          fromAddress: sql<number>`count(*) filter (where ${address})`.mapWith(Number),
        })
        .from(loginFailures)
        .where(and(gt(loginFailures.at, since), or(account, address)));
      const { here = 0, anywhere = 0, fromAddress: atAddress = 0 } = counts ?? {};
      const limit: [SQL, number] | undefined =
        here > MAX_FAILURES_PER_ACCOUNT ? [accountHere, MAX_FAILURES_PER_ACCOUNT]
        : anywhere > MAX_FAILURES_PER_ACCOUNT_ANYWHERE ? [account, MAX_FAILURES_PER_ACCOUNT_ANYWHERE]
        : undefined;
      const overAddress = ip !== null && atAddress > MAX_FAILURES_PER_ADDRESS;
      if (!limit && !overAddress) return;
      // A refused attempt does not count, so the lock lifts a fixed time after the last real failure.
      await db.delete(loginFailures).where(eq(loginFailures.id, attempt.id));
      if (limit) throw new LoginThrottledError(await retryAfter(...limit, now), 'account');
      throw new LoginThrottledError(await retryAfter(eq(loginFailures.ip, ip ?? ''), MAX_FAILURES_PER_ADDRESS, now), 'address');
    },

    /** A correct password: the attempt never counted, and the account starts afresh at this address (failures elsewhere still count). */
    async succeeded(email: string, ip: string | null): Promise<void> {
      await db.delete(loginFailures).where(and(eq(loginFailures.email, accountKey(email)), fromAddress(ip)));
    },

    /** A wrong password: the attempt stays as a failure; rows past the window are pruned on the way. */
    async failed(now: Date): Promise<void> {
      await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
