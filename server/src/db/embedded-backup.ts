import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CHANNEL_FILE, requestDump, runningServer } from './backup-channel';

/**
 * `npm run backup` and `npm run restore` for the embedded database (PGlite, no DATABASE_URL). A backup
 * is PGlite's own dump of the data directory (a gzipped tarball), taken by the running server while it
 * holds its one connection idle, or taken here when no server runs.
 */

export interface BackupContents {
  readings: number;
  alerts: number;
}

export const POSTGRES_REFUSAL =
  'DATABASE_URL is set: Naer runs on PostgreSQL, and PostgreSQL is backed up with its own tools: pg_dump --format=custom to back up, pg_restore to restore (see README, "Backups").';

/** `naer-backup-2026-12-03T10-15-00Z.tar.gz`: sorts by time, no characters a file system dislikes. */
export function backupFileName(now: Date): string {
  return `naer-backup-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.tar.gz`;
}

const stamp = (now: Date) => now.toISOString().replace(/[:.]/g, '-');
const hasDatabase = (dataDir: string) => existsSync(path.join(dataDir, 'PG_VERSION'));

async function countRows(pg: PGlite): Promise<BackupContents> {
  const tables = await pg.query<{ present: boolean }>(`select to_regclass('public.measurements') is not null and to_regclass('public.alerts') is not null as present`);
  if (!tables.rows[0]?.present) throw new Error('it holds no Naer tables (readings and alerts)');
  const counts = await pg.query<{ readings: number; alerts: number }>('select (select count(*) from measurements)::int as readings, (select count(*) from alerts)::int as alerts');
  const row = counts.rows[0];
  if (!row) throw new Error('the counts did not answer');
  return row;
}

/** What a dump holds, read by loading it into memory: this also proves that it loads. */
export async function contentsOf(dump: Buffer): Promise<BackupContents> {
  const pg = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(dump)]) });
  try {
    return await countRows(pg);
  } finally {
    await pg.close();
  }
}

/** A consistent dump of the data directory: from the server that holds it, or read here when none runs. */
export async function dumpDataDir(dataDir: string): Promise<{ bytes: Buffer; from: 'server' | 'directory'; pid?: number }> {
  const server = runningServer(dataDir);
  if (server) return { bytes: await requestDump(server), from: 'server', pid: server.pid };
  if (!hasDatabase(dataDir)) throw new Error(`There is no embedded database in ${dataDir} (DATA_DIR): nothing to back up.`);
  const pg = await PGlite.create(dataDir);
  try {
    await pg.exec('checkpoint');
    const file = await pg.dumpDataDir('gzip');
    return { bytes: Buffer.from(await file.arrayBuffer()), from: 'directory' };
  } finally {
    await pg.close();
  }
}

export interface WrittenBackup {
  file: string;
  bytes: number;
  from: 'server' | 'directory';
  pid?: number;
  contents: BackupContents;
}

/** Dumps `dataDir`, checks the dump loads, and writes it (mode 0600: it is patient data) to `target` or a timestamped file. */
export async function writeBackup(options: { dataDir: string; target?: string | undefined; now: Date }): Promise<WrittenBackup> {
  const target = options.target ?? '.';
  const file = path.resolve(existsSync(target) && statSync(target).isDirectory() ? path.join(target, backupFileName(options.now)) : target);
  if (existsSync(file)) throw new Error(`${file} already exists: give another file name.`);
  const dump = await dumpDataDir(options.dataDir);
  let contents: BackupContents;
  try {
    contents = await contentsOf(dump.bytes);
  } catch (error) {
    throw new Error(`The dump of ${options.dataDir} does not load, so it was not written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const partial = `${file}.partial`;
  writeFileSync(partial, dump.bytes, { mode: 0o600, flag: 'wx' });
  renameSync(partial, file);
  return { file, bytes: dump.bytes.length, from: dump.from, ...(dump.pid === undefined ? {} : { pid: dump.pid }), contents };
}

export interface RestoredBackup {
  dataDir: string;
  /** Where the data directory that was there before now is; undefined when there was none. */
  setAside: string | undefined;
  contents: BackupContents;
}

/**
 * Loads `file` into a fresh directory beside `dataDir`, then moves the current data directory aside
 * (kept, never deleted) and the fresh one into its place. Refuses while a server holds `dataDir`; a
 * backup that does not load changes nothing.
 */
export async function restoreBackup(options: { dataDir: string; file: string; now: Date }): Promise<RestoredBackup> {
  const dataDir = path.resolve(options.dataDir);
  const file = path.resolve(options.file);
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  const server = runningServer(dataDir);
  if (server) {
    throw new Error(`A Naer server (pid ${server.pid}) is running on ${dataDir}: stop it first, then run npm run restore again. (If no Naer server runs, delete ${server.file}.)`);
  }
  const fresh = `${dataDir}.restoring-${stamp(options.now)}`;
  mkdirSync(fresh, { recursive: true });
  let contents: BackupContents;
  try {
    const pg = await PGlite.create({ dataDir: fresh, loadDataDir: new Blob([new Uint8Array(readFileSync(file))]) });
    try {
      await pg.exec('checkpoint');
      contents = await countRows(pg);
    } finally {
      await pg.close();
    }
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw new Error(`${file} could not be loaded, so nothing was changed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // The backed-up server's channel file came along in the dump; its token and port mean nothing here.
  rmSync(path.join(fresh, CHANNEL_FILE), { force: true });
  let setAside: string | undefined;
  if (existsSync(dataDir)) {
    setAside = `${dataDir}.before-restore-${stamp(options.now)}`;
    renameSync(dataDir, setAside);
  }
  renameSync(fresh, dataDir);
  return { dataDir, setAside, contents };
}
