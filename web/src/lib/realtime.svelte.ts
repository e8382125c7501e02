import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

type NaerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Wait before retrying after the server refused the connection (socket.io does not retry those itself). */
const REFUSED_RETRY_MS = 5_000;

/**
 * One Socket.IO connection to the server, authenticated by the session cookie.
 * Events only notify: `onConnect` runs on every (re)connect so the page resyncs from the API.
 */
export class RealtimeConnection {
  status = $state<ConnectionStatus>('connecting');
  readonly #socket: NaerSocket;
  #everConnected = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(onConnect: (reconnect: boolean) => void) {
    this.#socket = io({ path: '/socket.io', withCredentials: true, autoConnect: false });
    this.#socket.on('connect', () => {
      this.status = 'live';
      const reconnect = this.#everConnected;
      this.#everConnected = true;
      onConnect(reconnect);
    });
    this.#socket.on('disconnect', () => {
      if (!this.#closed) this.status = 'reconnecting';
    });
    this.#socket.on('connect_error', () => {
      this.status = this.#everConnected ? 'reconnecting' : 'connecting';
      // A refusal by the server's middleware leaves the socket inactive; try again ourselves.
      if (!this.#socket.active && !this.#closed) {
        this.#retry ??= setTimeout(() => {
          this.#retry = null;
          if (!this.#closed) this.#socket.connect();
        }, REFUSED_RETRY_MS);
      }
    });
    this.#socket.connect();
  }

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
    // socket.io's typed overloads cannot narrow a generic event name; the map guarantees the pairing.
    (this.#socket.on as (event: string, handler: (...args: never[]) => void) => void)(event, handler);
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }
}
