import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { openClusterAdapter } from './realtime/adapter';
import { loadConfig } from './config';
import { openBackupChannel } from './db/backup-channel';
import { openDatabase } from './db/client';
import { runMigrations } from './db/migrate';
import { seedDemo } from './demo/seed';
import { systemClock } from './kernel/clock';
import { startJobs } from './jobs/job-runner';
import { startWebhookDelivery } from './jobs/webhook-delivery.job';
import { createNotifier } from './realtime/notifier';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: path.resolve(config.DATA_DIR), poolSize: config.DATABASE_POOL_SIZE });
  // The embedded database is held by this process alone: `npm run backup` asks it for a copy (see db/backup-channel.ts).
  const dumpDataDir = database.dumpDataDir;
  const backupChannel = dumpDataDir && !config.DATA_DIR.startsWith('memory://') ? await openBackupChannel(path.resolve(config.DATA_DIR), dumpDataDir) : undefined;
  await runMigrations(database);
  if (config.SEED_DEMO === 'true') await seedDemo(database);

  // Several nodes on one PostgreSQL share Socket.IO rooms through it; PGlite is a single node.
  const socketAdapter = config.DATABASE_URL ? openClusterAdapter(config.DATABASE_URL) : undefined;
  const app = createApp({ database, socketAdapter, webBuildDir: config.WEB_BUILD_DIR ?? path.join(repoRoot, 'web/build'), trustProxy: config.TRUST_PROXY, iceServers: config.ICE_SERVERS });
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${config.PORT} is already in use: stop the other process or start with PORT=<another port>.`) : error),
    );
    app.httpServer.listen(config.PORT, config.HOST, resolve);
  });
  const jobs = config.RUN_JOBS === 'true' ? startJobs({ database, clock: systemClock, notifier: createNotifier(app.io), intervalMs: config.JOB_INTERVAL_MS }) : { stop: async () => undefined };
  const webhooks = config.RUN_JOBS === 'true' ? startWebhookDelivery({ database, clock: systemClock, intervalMs: config.WEBHOOK_INTERVAL_MS, leaseMs: config.WEBHOOK_LEASE_MS }) : { stop: async () => undefined };
  const { port } = app.httpServer.address() as AddressInfo;
  console.log(`Naer is running on http://localhost:${port} (database: ${database.engine}${database.engine === 'pglite' ? `, ${path.resolve(config.DATA_DIR)}` : ''})`);

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await jobs.stop();
    await webhooks.stop();
    await app.close();
    await socketAdapter?.close();
    await backupChannel?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    process.exit(exitCode);
  };
  // A dead embedded database never answers again: end with a non-zero exit so a supervisor restarts Naer.
  database.onFailure((error) => {
    console.error(`Naer stops: the database has stopped (${error.message}). Exit code 1, so a supervisor can restart it.`);
    setTimeout(() => process.exit(1), 3_000).unref();
    void stop('database failure', 1);
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
