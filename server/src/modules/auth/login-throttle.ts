import { createHash } from 'node:crypto';
import { and, count, desc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loginFailures } from '../../db/schema';
import { AppError } from '../../errors';

/** Failed logins are counted over this window, per account and per address, on every node (they live in the database). */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
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
  /** When the oldest failure that still counts towards `max` leaves the window. */
  async function retryAfter(column: typeof loginFailures.email | typeof loginFailures.ip, value: string, max: number, now: Date): Promise<number> {
    const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
    const [row] = await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(column, value), gt(loginFailures.at, since)))
      .orderBy(desc(loginFailures.at))
      .offset(max - 1)
      .limit(1);
    const until = (row?.at.getTime() ?? now.getTime()) + LOGIN_WINDOW_MS;
    return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  }

  return {
    /**
     * Records the attempt as a failure *before* the password is checked, so parallel guesses see
     * each other, and refuses it when the account or address is over its limit. A correct
     * password then calls `succeeded`, which removes it with the account's earlier failures.
     */
    async begin(email: string, ip: string | null, now: Date): Promise<void> {
      const key = accountKey(email);
      const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
      const [attempt] = await db.insert(loginFailures).values({ email: key, ip, at: now }).returning({ id: loginFailures.id });
      if (!attempt) throw new Error('login attempt not recorded');
      const [account] = await db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.email, key), gt(loginFailures.at, since)));
      const [address] = ip ? await db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since))) : [];
      const overAccount = (account?.n ?? 0) > MAX_FAILURES_PER_ACCOUNT;
      const overAddress = ip !== null && (address?.n ?? 0) > MAX_FAILURES_PER_ADDRESS;
      if (!overAccount && !overAddress) return;
      // A refused attempt does not count, so the lock lifts a fixed time after the last real failure.
      await db.delete(loginFailures).where(eq(loginFailures.id, attempt.id));
      if (overAccount) throw new LoginThrottledError(await retryAfter(loginFailures.email, key, MAX_FAILURES_PER_ACCOUNT, now), 'account');
      throw new LoginThrottledError(await retryAfter(loginFailures.ip, ip ?? '', MAX_FAILURES_PER_ADDRESS, now), 'address');
    },

    /** A correct password: the attempt never counted, and the account starts afresh. */
    async succeeded(email: string): Promise<void> {
      await db.delete(loginFailures).where(eq(loginFailures.email, accountKey(email)));
    },

    /** A wrong password: the attempt stays as a failure; rows past the window are pruned on the way. */
    async failed(now: Date): Promise<void> {
      await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
