import type { Database } from '../db/client';
import { Reply, declaredRoutes } from '../kernel/routes';
import { openApiDocument } from './openapi';

/** Health for load balancers and supervisors: 503 with the reason when the database cannot answer. */
export function systemRoutes(database: Database) {
  const unhealthy = (problem: string) => new Reply(503, { status: 'degraded' as const, database: database.engine, problem });
  return declaredRoutes({
    'system.health': async () => {
      const failure = database.failure();
      if (failure) return unhealthy(`The database has stopped: ${failure} Naer is restarting.`);
      try {
        await database.ping();
      } catch (error) {
        return unhealthy(`The database does not answer: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { status: 'ok' as const, database: database.engine };
    },
    'system.openapi': () => openApiDocument(),
  });
}
