import { createAdapter } from '@socket.io/postgres-adapter';
import { Adapter, MessageType } from 'socket.io-adapter';
import type { BroadcastOptions } from 'socket.io-adapter';
import pg from 'pg';
import { logError } from '../logging';

type AdapterFactory = ReturnType<typeof createAdapter>;

/** Socket.IO fan-out across server nodes through PostgreSQL LISTEN/NOTIFY, and the pool it runs on. */
export interface ClusterAdapter {
  adapter: AdapterFactory;
  /** Ends the pool; call after the Socket.IO server has closed (which releases the LISTEN connection). */
  close(): Promise<void>;
}

/** What the cluster adapter keeps to itself; present at runtime in socket.io-adapter 2.5. */
interface ClusterInternals {
  serverCount(): Promise<number>;
  publish(message: { type: MessageType; data: unknown }): void;
}

/**
 * The stock cluster adapter awaits the NOTIFY round trip before it delivers to this node's own
 * sockets (seconds under load). Here local sockets get the event at once, and the event is
 * published to the other nodes afterwards, and only when the heartbeat says there are any.
 */
function localFirst(factory: AdapterFactory): AdapterFactory {
  // Socket.IO calls the factory with `new`, so it must be a function, not an arrow.
  return function (nsp) {
    const adapter = factory(nsp);
    const cluster = adapter as unknown as ClusterInternals;
    adapter.broadcast = async (packet: unknown, opts: BroadcastOptions) => {
      Adapter.prototype.broadcast.call(adapter, packet, opts);
      if (opts.flags?.local || (await cluster.serverCount()) < 2) return;
      const encoded = { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags };
      cluster.publish({ type: MessageType.BROADCAST, data: { packet, opts: encoded } });
    };
    return adapter;
  };
}

/**
 * Opens the PostgreSQL adapter (PostgreSQL only: PGlite is one process by nature). The adapter
 * needs a `pg` pool of its own (one connection stays in LISTEN) and its table for payloads over
 * NOTIFY's 8,000-byte limit (`socket_io_attachments`, created by the migrations).
 */
export function openClusterAdapter(databaseUrl: string): ClusterAdapter {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'naer-socket-adapter' });
  // The adapter reconnects by itself; log the reason only, redacted (never a payload: it may carry patient data).
  const log = (error: Error) => logError('socket adapter', error);
  pool.on('error', log);
  return {
    adapter: localFirst(createAdapter(pool, { errorHandler: log })),
    close: () => pool.end(),
  };
}
