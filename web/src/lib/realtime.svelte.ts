import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import { ApiError, call } from './api';

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
  #socket: NaerSocket | null = null;
  readonly #handlers: [string, (...args: never[]) => void][] = [];
  #everConnected = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(onConnect: (reconnect: boolean) => void) {
    // socket.io-client is loaded when a page goes live, not with the page's first load.
    void import('socket.io-client').then(({ io }) => {
      if (this.#closed) return;
      const socket: NaerSocket = io({ path: '/socket.io', withCredentials: true, autoConnect: false });
      this.#socket = socket;
      socket.on('connect', () => {
        this.status = 'live';
        const reconnect = this.#everConnected;
        this.#everConnected = true;
        onConnect(reconnect);
      });
      socket.on('disconnect', (reason) => {
        if (this.#closed) return;
        this.status = 'reconnecting';
        // The server closed it (its session ended): socket.io will not reconnect by itself.
        if (reason === 'io server disconnect') this.#recover(socket, 0);
      });
      socket.on('connect_error', () => {
        this.status = this.#everConnected ? 'reconnecting' : 'connecting';
        // A refusal by the server's middleware leaves the socket inactive; try again ourselves.
        if (!socket.active) this.#recover(socket, REFUSED_RETRY_MS);
      });
      for (const [event, handler] of this.#handlers) this.#listen(socket, event, handler);
      socket.connect();
    });
  }

  /**
   * Asks the server whether the session still holds before connecting again: when it has ended, the
   * 401 opens the login page (the app's unauthorized handler) instead of "reconnecting" for ever.
   */
  #recover(socket: NaerSocket, delayMs: number): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      call('auth.me').then(
        () => {
          this.#retry = null;
          if (!this.#closed) socket.connect();
        },
        (error: unknown) => {
          this.#retry = null;
          // Signed out: the login page takes over. Offline or a server error: try again later.
          if (!(error instanceof ApiError && error.status === 401)) this.#recover(socket, REFUSED_RETRY_MS);
        },
      );
    }, delayMs);
  }

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
    const listener = handler as (...args: never[]) => void;
    this.#handlers.push([event, listener]);
    if (this.#socket) this.#listen(this.#socket, event, listener);
  }

  #listen(socket: NaerSocket, event: string, handler: (...args: never[]) => void): void {
    // socket.io's typed overloads cannot narrow a generic event name; the map guarantees the pairing.
    (socket.on as (event: string, handler: (...args: never[]) => void) => void)(event, handler);
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
  }
}
