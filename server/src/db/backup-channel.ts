import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * How `npm run backup` asks a running single-node server for a copy of its embedded database, which
 * the server holds exclusively. The server listens on a port of its own on 127.0.0.1 only (never the
 * public HOST, never behind the reverse proxy, no /api route, no patient-data read in the audit log)
 * and writes that port with a random token to a file only its own user can read, inside DATA_DIR.
 */
export const CHANNEL_FILE = 'naer-backup-channel.json';

export interface ChannelFile {
  pid: number;
  port: number;
  token: string;
}

export interface BackupChannel {
  readonly port: number;
  /** Stops listening and removes the channel file (if it is still ours). */
  close(): Promise<void>;
}

const channelPath = (dataDir: string) => path.join(dataDir, CHANNEL_FILE);

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Serves `GET /dump` with `Authorization: Bearer <token>` on 127.0.0.1 for the life of the server. */
export async function openBackupChannel(dataDir: string, dump: () => Promise<Buffer>): Promise<BackupChannel> {
  const token = randomBytes(32).toString('base64url');
  const server = createServer((req, res) => {
    const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.method !== 'GET' || req.url !== '/dump') return void res.writeHead(404).end();
    if (!given || !sameToken(given, token)) return void res.writeHead(401).end();
    const started = Date.now();
    dump().then(
      (bytes) => {
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length, 'cache-control': 'no-store' }).end(bytes);
        console.log(`Backup: the embedded database was copied for npm run backup (${bytes.length} bytes, ${Date.now() - started} ms)`);
      },
      (error: unknown) => {
        console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('The server could not copy its database; see its log.');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const file = channelPath(dataDir);
  const temporary = `${file}.${process.pid}`;
  // Created with mode 0600 and renamed into place, so the token is never readable by others, not even briefly.
  rmSync(temporary, { force: true });
  writeFileSync(temporary, JSON.stringify({ pid: process.pid, port, token } satisfies ChannelFile), { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);

  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (readChannelFile(dataDir)?.token === token) unlinkSync(file);
    },
  };
}

/** The channel file as written, or undefined when there is none (or it is not one). */
export function readChannelFile(dataDir: string): ChannelFile | undefined {
  let text: string;
  try {
    text = readFileSync(channelPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ChannelFile>;
    return typeof parsed.pid === 'number' && typeof parsed.port === 'number' && typeof parsed.token === 'string' ? (parsed as ChannelFile) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server that holds `dataDir` now, or undefined when none does (no channel file, or its process has ended). */
export function runningServer(dataDir: string): (ChannelFile & { file: string }) | undefined {
  const channel = readChannelFile(dataDir);
  return channel && alive(channel.pid) ? { ...channel, file: channelPath(dataDir) } : undefined;
}

/** Asks the running server for its dump; throws with a message a person can act on. */
export async function requestDump(server: ChannelFile & { file: string }, timeoutMs = 300_000): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${server.port}/dump`, { headers: { authorization: `Bearer ${server.token}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(
      `A Naer server (pid ${server.pid}) holds this data directory but did not answer on 127.0.0.1:${server.port} (${cause}). ` +
        `If it is still starting, try again; if no Naer server runs, delete ${server.file}.`,
      { cause: error },
    );
  }
  if (res.status !== 200) throw new Error(`The running server refused the backup (HTTP ${res.status}): ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}
