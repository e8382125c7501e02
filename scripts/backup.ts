// npm run backup [FILE or DIRECTORY]: a consistent copy of the embedded database (see README, "Backups").
import path from 'node:path';
import { loadConfig } from '../server/src/config';
import { POSTGRES_REFUSAL, writeBackup } from '../server/src/db/embedded-backup';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.DATABASE_URL) throw new Error(POSTGRES_REFUSAL);
  if (config.DATA_DIR.startsWith('memory://')) throw new Error('DATA_DIR is in memory: there is nothing on disk to back up.');
  const dataDir = path.resolve(config.DATA_DIR);
  const written = await writeBackup({ dataDir, target: process.argv[2], now: new Date() });
  const source = written.from === 'server' ? `taken by the running server (pid ${written.pid})` : 'read from the data directory (no server was running)';
  console.log(`Wrote ${written.file} (${(written.bytes / 1_048_576).toFixed(1)} MB), a consistent copy of ${dataDir}, ${source}.`);
  console.log(`It holds ${written.contents.readings} readings and ${written.contents.alerts} alerts. It is patient data: keep it as safe as the server.`);
}

main().catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
