// The embedded PostgreSQL (PGlite, WebAssembly) on a thread of its own, so that queries never
// block the server's event loop and HTTP and the database use two cores. It speaks the wire
// protocol: the main thread sends whole protocol messages and gets PGlite's answer bytes back.
// Plain JavaScript: worker threads do not inherit the TypeScript loader on Node 20.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const { dataDir } = workerData;
let pg;
try {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  pg = await PGlite.create(dataDir);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
}

// One request at a time, in the order they came: PGlite is one backend.
let queue = Promise.resolve();
parentPort.on('message', (message) => {
  queue = queue.then(async () => {
    if (message.close) {
      await pg?.close();
      parentPort.postMessage({ closed: true });
      return;
    }
    try {
      if (message.dump) {
        // Queued like a query, so no protocol message runs while the data directory is read.
        const bytes = new Uint8Array(await (await pg.dumpDataDir('gzip')).arrayBuffer());
        parentPort.postMessage({ bytes }, [bytes.buffer]);
        return;
      }
      parentPort.postMessage({ bytes: await pg.execProtocolRaw(message.bytes) });
    } catch (error) {
      parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    }
  });
});
