import type { Actor } from '../../kernel/actor';

/** A live session with its actor. */
export interface LiveSession {
  id: string;
  expiresAt: Date;
  actor: Omit<Actor, 'ip'>;
}

/** The channel on which the statement that ends sessions announces their ids (see session.repository). */
export const SESSIONS_ENDED_CHANNEL = 'naer_sessions_ended';
