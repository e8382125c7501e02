import { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

interface Receiver {
  answer: (bytes: Buffer) => void;
  fail: (error: Error) => void;
}

type FromWorker = { ready: true } | { bytes: Uint8Array } | { failed: string } | { closed: true };

/** PGlite on its own thread, reached as a PostgreSQL wire-protocol connection (see pglite-thread.mjs). */
export interface PgliteWorker {
  /** A socket for postgres.js (`socket` option): one live at a time, since PGlite is one backend. */
  connect(): Duplex;
  /** Calls `listener` once if the thread dies on its own (not through close()): nothing can be answered after that. */
  onFailure(listener: (error: Error) => void): void;
  /**
   * The data directory as a gzipped tarball, read between two protocol messages. Consistent only when
   * no transaction is open on the connection: the caller holds it idle (see Database.dumpDataDir).
   */
  dumpDataDir(): Promise<Buffer>;
  /** The thread itself, so a fault test can kill it. */
  readonly thread: Worker;
  close(): Promise<void>;
}

const TERMINATE = 0x58; // 'X': the client says goodbye; the backend must live on for the next connection.

// A path, not `new Worker(new URL(...))`: Vite (vitest) rewrites that pattern into a bundled web worker.
const WORKER_SCRIPT = fileURLToPath(new URL('./pglite-thread.mjs', import.meta.url));

/** A simple-protocol Query message. */
function query(text: string): Buffer {
  const body = Buffer.from(`${text}\0`);
  const header = Buffer.alloc(5);
  header.write('Q');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

// A connection that died mid-transaction must not hand the next one its open transaction or statements.
const RESET = Buffer.concat([query('ROLLBACK'), query('DISCARD ALL')]);

/** Starts PGlite on a worker thread and resolves once its data directory is open. */
export async function startPgliteWorker(dataDir: string): Promise<PgliteWorker> {
  const worker = new Worker(WORKER_SCRIPT, { workerData: { dataDir } });
  // Who gets each request's answer, in order (PGlite answers in the order it was asked).
  const waiting: Array<Receiver | undefined> = [];
  let current: Duplex | undefined;
  let greeting: Buffer | undefined;
  let stopped: Error | undefined;
  let onClosed: (() => void) | undefined;
  let closing = false;
  const failureListeners: Array<(error: Error) => void> = [];

  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) return resolve();
      if ('closed' in message) return onClosed?.();
      const to = waiting.shift();
      if ('failed' in message) {
        const error = new Error(`The embedded database failed: ${message.failed}`);
        return to ? to.fail(error) : reject(error);
      }
      to?.answer(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
    });
    worker.once('error', (error) => {
      stopped = error;
      reject(error);
      current?.destroy(error);
    });
    worker.once('exit', (code) => {
      stopped ??= new Error(`The embedded database thread stopped (exit code ${code}).`);
      reject(stopped);
      current?.destroy(stopped);
      onClosed?.();
      if (!closing) for (const listener of failureListeners) listener(stopped);
    });
  });
  // A data directory that cannot be opened: the thread must not linger.
  await opened.catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  function send(bytes: Buffer, to: Receiver | undefined): void {
    waiting.push(to);
    worker.postMessage({ bytes });
  }

  function connect(): Duplex {
    if (current && !current.destroyed) current.destroy();
    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    const socket: Duplex & { readyState?: string } = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        if (stopped) return done(stopped);
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        const whole: Buffer[] = [];
        let at = 0;
        // The startup message has no type byte; every later one is a type byte and a length.
        while (pending.length - at >= 5) {
          const length = started ? 1 + pending.readInt32BE(at + 1) : pending.readInt32BE(at);
          if (pending.length - at < length) break;
          const message = pending.subarray(at, at + length);
          at += length;
          if (started) {
            if (message[0] !== TERMINATE) whole.push(message);
          } else {
            started = true;
            greet(message);
          }
        }
        pending = pending.subarray(at);
        if (whole.length) send(Buffer.concat(whole), toSocket);
        done();
      },
      final(done) {
        socket.readyState = 'closed';
        socket.push(null);
        done();
      },
    });
    const toSocket: Receiver = { answer: (bytes) => void (socket.destroyed || socket.push(bytes)), fail: (error) => socket.destroy(error) };

    /** PGlite answers a startup message only once: later connections get the first answer, on a reset session. */
    function greet(startup: Buffer): void {
      if (greeting) {
        send(RESET, undefined);
        socket.push(greeting);
        return;
      }
      send(Buffer.from(startup), {
        answer: (bytes) => {
          greeting = bytes;
          toSocket.answer(bytes);
        },
        fail: toSocket.fail,
      });
    }

    socket.readyState = 'open';
    current = socket;
    if (stopped) queueMicrotask(() => socket.destroy(stopped));
    return socket;
  }

  function dumpDataDir(): Promise<Buffer> {
    if (stopped) return Promise.reject(stopped);
    return new Promise((answer, fail) => {
      waiting.push({ answer, fail });
      worker.postMessage({ dump: true });
    });
  }

  return {
    connect,
    dumpDataDir,
    onFailure: (listener) => void failureListeners.push(listener),
    thread: worker,
    async close() {
      if (stopped) return;
      closing = true;
      const closed = new Promise<void>((resolve) => (onClosed = resolve));
      worker.postMessage({ close: true });
      await closed;
      stopped = new Error('The embedded database is closed.');
      await worker.terminate();
    },
  };
}
