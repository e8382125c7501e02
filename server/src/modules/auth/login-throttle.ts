import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError } from '../../kernel/errors';
import { createLoginFailureRepository } from './login-failure.repository';
import type { FailureScope } from './login-failure.repository';

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
  const failures = createLoginFailureRepository(db);

  /** When the oldest failure that still counts towards `max` leaves the window. */
  async function retryAfter(scope: FailureScope, max: number, now: Date): Promise<number> {
    const at = await failures.nthNewestAt(scope, max, new Date(now.getTime() - LOGIN_WINDOW_MS));
    const until = (at?.getTime() ?? now.getTime()) + LOGIN_WINDOW_MS;
    return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  }

  return {
    /**
     * Records the attempt as a failure *before* the password is checked, so parallel guesses see
     * each other, and refuses it when the account (from this address, or from everywhere) or the
     * address is over its limit. A correct password then calls `succeeded`, which removes it.
     */
    async begin(email: string, ip: string | null, now: Date): Promise<void> {
      const account = accountKey(email);
      const attempt = await failures.record(account, ip, now);
      const { here, anywhere, fromAddress } = await failures.counts(account, ip, new Date(now.getTime() - LOGIN_WINDOW_MS));
      const limit: [FailureScope, number] | undefined =
        here > MAX_FAILURES_PER_ACCOUNT ? [{ account, ip }, MAX_FAILURES_PER_ACCOUNT]
        : anywhere > MAX_FAILURES_PER_ACCOUNT_ANYWHERE ? [{ account }, MAX_FAILURES_PER_ACCOUNT_ANYWHERE]
        : undefined;
      const overAddress = ip !== null && fromAddress > MAX_FAILURES_PER_ADDRESS;
      if (!limit && !overAddress) return;
      // A refused attempt does not count, so the lock lifts a fixed time after the last real failure.
      await failures.remove(attempt);
      if (limit) throw new LoginThrottledError(await retryAfter(...limit, now), 'account');
      throw new LoginThrottledError(await retryAfter({ ip: ip ?? '' }, MAX_FAILURES_PER_ADDRESS, now), 'address');
    },

    /** A correct password: the attempt never counted, and the account starts afresh at this address (failures elsewhere still count). */
    async succeeded(email: string, ip: string | null): Promise<void> {
      await failures.clear(accountKey(email), ip);
    },

    /** A wrong password: the attempt stays as a failure; rows past the window are pruned on the way. */
    async failed(now: Date): Promise<void> {
      await failures.prune(new Date(now.getTime() - LOGIN_WINDOW_MS));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
