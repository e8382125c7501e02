import type postgres from 'postgres';
import type { LiveSession } from './live-session';
import { SESSIONS_ENDED_CHANNEL } from './live-session';

export interface SessionCacheOptions {
  /** How long a looked-up session is trusted without asking the database again. */
  ttlMs: number;
  maxEntries: number;
}

/**
 * Live sessions read in the last few seconds, so most requests skip the session lookup (one
 * database round trip of the three a submission makes). Ending a session forgets it at once on
 * this node and, through its NOTIFY, on every other node; an entry is trusted for `ttlMs` at most.
 */
export function createSessionCache(options: SessionCacheOptions = { ttlMs: 5_000, maxEntries: 20_000 }) {
  const entries = new Map<string, { session: LiveSession; cachedAt: number }>();
  // Bumped by every forget: a lookup that began before it must not store what it read.
  let generation = 0;
  let enabled = true;

  return {
    get(id: string, now: Date): LiveSession | undefined {
      const entry = entries.get(id);
      if (!entry) return undefined;
      const age = now.getTime() - entry.cachedAt;
      if (age < 0 || age >= options.ttlMs || entry.session.expiresAt.getTime() <= now.getTime()) {
        entries.delete(id);
        return undefined;
      }
      return entry.session;
    },

    /** The generation to hand back to `set` once the lookup that starts now has answered. */
    begin: () => generation,

    set(session: LiveSession, now: Date, since: number): void {
      if (!enabled || since !== generation) return;
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(session.id, { session, cachedAt: now.getTime() });
    },

    forget(ids: readonly string[]): void {
      generation++;
      for (const id of ids) entries.delete(id);
    },

    /** Forgets everything and stops (or resumes) caching: off while this node cannot hear other nodes end sessions. */
    reset(caching: boolean): void {
      generation++;
      entries.clear();
      enabled = caching;
    },

    get size() {
      return entries.size;
    },
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;

/**
 * On PostgreSQL other nodes end sessions too: caching starts once this node listens for their
 * NOTIFY, and everything cached is dropped whenever the listening connection (re)connects, since
 * notifications sent while it was away are lost. Returns a function that stops listening.
 */
export function followEndedSessions(client: postgres.Sql, cache: SessionCache): () => Promise<void> {
  cache.reset(false);
  const listening = client
    .listen(
      SESSIONS_ENDED_CHANNEL,
      (id) => cache.forget([id]),
      () => cache.reset(true),
    )
    .catch(() => undefined);
  return async () => {
    cache.reset(false);
    await (await listening)?.unlisten().catch(() => undefined);
  };
}
