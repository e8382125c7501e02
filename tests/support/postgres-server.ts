import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

const DIR_PREFIX = 'naer-pg-';
const OWNER_FILE = 'owner.pid';
const LOG_FILE = 'test-server.log';
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresServer {
  /** Superuser URL of the `postgres` database, e.g. `postgres://postgres@127.0.0.1:54321/postgres`. */
  url: string;
  port: number;
  /** Directory holding the data dir, socket and log; removed by `stop()`. */
  dir: string;
  /** Stops the server (fast shutdown) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Keep fsync on, for tests that kill processes and check what survived. Default false. */
  durable?: boolean;
  /** Keep the server's directory here between runs: an existing data dir is reused, and `stop()` leaves it in place. */
  keepDir?: string;
}

/** Starts a throwaway PostgreSQL server on a free loopback port, owned by this process. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  reapStaleServers(bin, asRoot);

  const keep = options.keepDir;
  const base = keep ?? (await mkdtemp(join(tmpdir(), DIR_PREFIX)));
  if (keep) await mkdir(keep, { recursive: true });
  // The postgres user has to traverse the base dir when we run as root.
  await chmod(base, 0o755);
  if (!keep) await writeFile(join(base, OWNER_FILE), String(process.pid));
  const dataDir = join(base, 'data');
  const pg: PgContext = { bin, asRoot, base, dataDir, keep: keep !== undefined };
  const reused = keep !== undefined && existsSync(join(dataDir, 'PG_VERSION'));

  const onExit = (): void => stopSync(pg);
  process.on('exit', onExit);

  try {
    if (!reused) {
      if (asRoot) {
        await run('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '700', dataDir]);
      }
      await pgRun(pg, 'initdb', ['-D', dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
    }

    let port = 0;
    // A port found free can be taken before the server binds it; try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        '-c listen_addresses=127.0.0.1',
        `-k ${dataDir}`,
        `-c fsync=${options.durable ? 'on' : 'off'}`,
        ...(options.durable ? [] : ['-c synchronous_commit=off', '-c full_page_writes=off']),
        '-c max_connections=300',
      ].join(' ');
      try {
        await pgRun(pg, 'pg_ctl', ['-D', dataDir, '-l', join(dataDir, LOG_FILE), '-o', serverOptions, '-w', '-t', '60', 'start']);
        break;
      } catch (error) {
        const log = await readFile(join(dataDir, LOG_FILE), 'utf8').catch(() => '');
        if (attempt < 3 && /could not bind|already in use/i.test(log)) continue;
        throw new Error(`PostgreSQL did not start: ${errorText(error)}\n${log}`, { cause: error });
      }
    }

    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dir: base,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off('exit', onExit);
        try {
          await pgRun(pg, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
        } finally {
          if (!keep) await rm(base, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    process.off('exit', onExit);
    stopSync(pg);
    throw error;
  }
}

/** Creates an empty database and returns its URL on the same server as `adminUrl`. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  assertDatabaseName(name);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`create database ${sql(name)}`;
  } finally {
    await sql.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database, disconnecting anyone still using it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`drop database if exists ${sql(name)} with (force)`;
  } finally {
    await sql.end();
  }
}

interface PgContext {
  bin: string;
  asRoot: boolean;
  base: string;
  dataDir: string;
  /** A kept directory: stopped, never removed. */
  keep?: boolean;
}

function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) throw new Error(`invalid database name: ${JSON.stringify(name)}`);
}

function command(pg: Pick<PgContext, 'bin' | 'asRoot'>, tool: 'initdb' | 'pg_ctl', args: string[]): [string, string[]] {
  const exe = join(pg.bin, tool);
  // PostgreSQL refuses to run as root.
  return pg.asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

async function pgRun(pg: PgContext, tool: 'initdb' | 'pg_ctl', args: string[]): Promise<void> {
  const [file, argv] = command(pg, tool, args);
  // cwd: the postgres user may not be able to read ours.
  await run(file, argv, { cwd: pg.base, env: pgEnv() });
}

function pgEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('PG')) delete env[key];
  return env;
}

function stopSync(pg: PgContext): void {
  if (existsSync(join(pg.dataDir, 'postmaster.pid'))) {
    try {
      const [file, argv] = command(pg, 'pg_ctl', ['-D', pg.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      execFileSync(file, argv, { cwd: pg.base, env: pgEnv(), stdio: 'ignore' });
    } catch {
      // Best effort: we are already on the way out.
    }
  }
  if (pg.keep) return;
  try {
    rmSync(pg.base, { recursive: true, force: true });
  } catch {
    // Best effort, as above.
  }
}

/** Stops servers left behind by test processes that died without cleaning up (e.g. SIGKILL). */
function reapStaleServers(bin: string, asRoot: boolean): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const base = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(base, OWNER_FILE), 'utf8'));
      if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
      stopSync({ bin, asRoot, base, dataDir: join(base, 'data') });
    } catch {
      // Not ours to judge (no owner file yet, another user's dir, ...).
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function findPostgresBin(): string {
  const candidates = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  candidates.push('/usr/lib/postgresql/15/bin');
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // No Debian-style install.
  }
  for (const dir of candidates) {
    const initdb = join(dir, 'initdb');
    // Resolve symlinks (/usr/local/bin/initdb -> .../15/bin/initdb) so pg_ctl comes from the same install.
    if (existsSync(initdb)) return dirname(realpathSync(initdb));
  }
  throw new Error('initdb not found on PATH or in /usr/lib/postgresql/*/bin; install PostgreSQL 15 (apt-get install postgresql)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && typeof error.stderr === 'string' && error.stderr) {
    return error.stderr.trim();
  }
  return error instanceof Error ? error.message : String(error);
}
