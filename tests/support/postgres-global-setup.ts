import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server; test files create their own database on it. */
    postgresAdminUrl: string;
  }
}

/** One PostgreSQL server per test run (per project that lists this file as globalSetup). */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The fault test kills processes and checks what survived, so it keeps fsync on.
  const server = await startPostgres({ durable: project.name === 'fault' });
  project.provide('postgresAdminUrl', server.url);
  return () => server.stop();
}
