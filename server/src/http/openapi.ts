import { z } from 'zod';
import {
  AlertListQuerySchema,
  AlertListSchema,
  ApiErrorSchema,
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  MeasurementBatchResponseSchema,
  MeasurementBatchSchema,
  MeasurementInputSchema,
  MeasurementListQuerySchema,
  MeasurementPageSchema,
  MeasurementSchema,
  PatientListSchema,
  PatientSummarySchema,
} from '@naer/shared';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } });
const input = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } });
const error = (description: string) => ({ description, content: json(ApiErrorSchema) });

/** Query parameters from a zod object, so they cannot drift from the contract. */
function queryParameters(schema: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(jsonSchema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: jsonSchema.required?.includes(name) ?? false, schema: s }));
}

const patientIdParam = { name: 'patientId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const common = { 401: error('No session: log in first.'), 403: error('Not on the care team.'), 404: error('Unknown patient.') };

/** The OpenAPI 3.1 document, generated from the shared zod contracts on each request (cheap, never stale). */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Naer API', version: '1.0.0', description: 'Home monitoring for COPD and heart failure. Errors always have the shape { error: { code, message, details? } }.' },
    paths: {
      '/api/health': { get: { summary: 'Liveness and database engine', responses: { 200: { description: 'Ready', content: json(z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) })) } } } },
      '/api/auth/login': {
        post: { summary: 'Log in; sets the httpOnly session cookie', requestBody: { required: true, content: input(LoginRequestSchema) }, responses: { 200: { description: 'Logged in', content: json(LoginResponseSchema) }, 400: error('Bad input'), 401: error('Wrong e-mail or password'), 403: error('Sent from another website'), 429: error('Too many failed logins for the account or the address; see Retry-After') } },
      },
      '/api/auth/logout': { post: { summary: 'Log out; revokes the session', responses: { 204: { description: 'Logged out' } } } },
      '/api/auth/password': {
        post: {
          summary: 'Change the password; ends every other session of the user (this one continues)',
          requestBody: { required: true, content: input(ChangePasswordRequestSchema) },
          responses: { 204: { description: 'Changed' }, 400: error('Bad input, or the current password is wrong'), 401: common[401], 429: error('Too many wrong passwords; see Retry-After') },
        },
      },
      '/api/auth/me': { get: { summary: 'The signed-in user', responses: { 200: { description: 'The user', content: json(LoginResponseSchema) }, 401: common[401] } } },
      '/api/measurements': {
        post: {
          summary: 'Submit one reading or a batch; idempotent on the client id',
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [input(MeasurementInputSchema)['application/json'].schema, input(MeasurementBatchSchema)['application/json'].schema] } } } },
          responses: {
            201: { description: 'Stored (or the stored record on a replay)', content: { 'application/json': { schema: { oneOf: [json(MeasurementSchema)['application/json'].schema, json(MeasurementBatchResponseSchema)['application/json'].schema] } } } },
            400: error('Bad input: the message names the field'),
            409: error('The id was used for a different reading'),
            413: error('Body too large'),
            ...common,
          },
        },
      },
      '/api/patients': { get: { summary: 'Board: the organisation\u2019s patients, most urgent first', responses: { 200: { description: 'Patients', content: json(PatientListSchema) }, 401: common[401], 403: common[403] } } },
      '/api/patients/{patientId}': { get: { summary: 'One patient\u2019s summary', parameters: [patientIdParam], responses: { 200: { description: 'Summary', content: json(PatientSummarySchema) }, ...common } } },
      '/api/patients/{patientId}/measurements': {
        get: { summary: 'A patient\u2019s readings, newest first, paginated', parameters: [patientIdParam, ...queryParameters(MeasurementListQuerySchema)], responses: { 200: { description: 'A page', content: json(MeasurementPageSchema) }, 400: error('Bad query'), ...common } },
      },
      '/api/alerts': {
        get: { summary: 'Open alerts, or every change after a cursor', parameters: queryParameters(AlertListQuerySchema), responses: { 200: { description: 'Alerts', content: json(AlertListSchema) }, 400: error('Bad cursor'), 401: common[401], 403: common[403] } },
      },
    },
  };
}
