import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import type { Actor } from '../kernel/actor';

/** The typed Socket.IO server; its own file so notifiers and the socket server import it without a loop. */
export type NaerServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { actor: Actor }>;
