import { z } from 'zod';
import { endpoint } from './endpoint';

/** `/api/health`: `ok` once migrations have run; `degraded` with the reason while the database cannot answer. */
export const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['pglite', 'postgres']), problem: z.string().optional() });
export type Health = z.infer<typeof HealthSchema>;

export const systemApi = {
  'system.health': endpoint({ method: 'GET', path: '/health', summary: 'Liveness and database engine (503 with the reason when the database cannot answer)', response: HealthSchema, access: { roles: 'public', target: 'none' } }),
  'system.openapi': endpoint({ method: 'GET', path: '/openapi.json', summary: 'This document (OpenAPI 3.1, generated from the endpoint declarations)', response: z.record(z.string(), z.unknown()), access: { roles: 'public', target: 'none' } }),
};
