// npm run restore FILE: brings back a backup of the embedded database while no server runs (see README, "Backups").
import path from 'node:path';
import { loadConfig } from '../server/src/config';
import { POSTGRES_REFUSAL, restoreBackup } from '../server/src/db/embedded-backup';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.DATABASE_URL) throw new Error(POSTGRES_REFUSAL);
  if (config.DATA_DIR.startsWith('memory://')) throw new Error('DATA_DIR is in memory: there is no data directory to restore into.');
  const file = process.argv[2];
  if (!file) throw new Error('Give the backup to restore: npm run restore naer-backup-<time>.tar.gz');
  const restored = await restoreBackup({ dataDir: path.resolve(config.DATA_DIR), file, now: new Date() });
  console.log(`Restored ${path.resolve(file)} into ${restored.dataDir}: ${restored.contents.readings} readings and ${restored.contents.alerts} alerts.`);
  console.log(restored.setAside ? `The data directory that was there is kept, untouched, at ${restored.setAside}; delete it once you no longer need it.` : 'There was no data directory before.');
  console.log('Start Naer as usual (npm run serve); it runs any newer migrations on the restored data.');
}

main().catch((error: unknown) => {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
