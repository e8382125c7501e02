import { z } from 'zod';
import { ApiErrorSchema } from '@naer/shared';
import { API } from '@naer/shared/api';
import type { Endpoint } from '@naer/shared/api';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[]; anyOf?: unknown };
/** A union at the root is one of its shapes, never several (a reading or a batch): say so with oneOf. */
function exclusive(schema: Record<string, unknown>): Record<string, unknown> {
  const { anyOf, ...rest } = schema;
  return anyOf ? { ...rest, oneOf: anyOf } : schema;
}
const content = (schema: z.ZodType, io: 'input' | 'output') => ({ 'application/json': { schema: exclusive(jsonSchema(schema, io)) } });
const error = (description: string) => ({ description, content: content(ApiErrorSchema, 'output') });

/** Parameters from a zod object, so they cannot drift from the contract. */
function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: where, required: where === 'path' || (s.required?.includes(name) ?? false), schema: p }));
}

/** The answers an endpoint can give, from its declaration: success, bad input, and what its access policy refuses. */
function responses(e: Endpoint) {
  const status = e.response ? (e.status ?? 200) : 204;
  const body = e.produces ? { [e.produces]: { schema: e.produces === 'application/fhir+json' ? { type: 'object', description: 'A FHIR R4 resource' } : { type: 'string' } } } : e.response ? content(e.response, 'output') : undefined;
  const out: Record<string, unknown> = { [status]: body ? { description: 'Success', content: body } : { description: 'Done' } };
  if (status === 201) out[200] = { description: 'A replay of the same request: the stored record', ...(e.response ? { content: content(e.response, 'output') } : {}) };
  if (e.params || e.query || e.body) out[400] = error('Bad input: the message names the field or parameter');
  if (e.access.roles !== 'public') out[401] = error('No session: log in first.');
  if (e.access.roles !== 'public') out[403] = error(`Not allowed: for ${e.access.roles.join(', ')}${e.access.target === 'patient' ? ' on the patient\u2019s care team' : ''}${e.access.responsibility ? ` whose organisation answers for ${e.access.responsibility.join(' or ')}` : ''}${e.access.relativeScope ? `; relatives with the ${e.access.relativeScope} grant` : ''}`);
  if (e.access.target === 'patient') out[404] = error('Unknown patient or record');
  for (const [code, description] of Object.entries(e.errors ?? {})) out[code] = error(description);
  return out;
}

/** The OpenAPI 3.1 document, generated once from the endpoint declarations (shared/src/api), which never change at run time. */
export function openApiDocument(): ReturnType<typeof build> {
  built ??= build();
  return built;
}

let built: ReturnType<typeof build> | undefined;

function build() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, e] of Object.entries(API) as [string, Endpoint][]) {
    const path = `/api${e.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = {
      operationId: name,
      summary: e.summary,
      'x-naer-access': e.access,
      parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
      ...(e.body ? { requestBody: { required: !e.bodyOptional, content: content(e.body, 'input') } } : {}),
      responses: responses(e),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Naer API', version: '1.0.0', description: 'Home monitoring for COPD and heart failure. Errors always have the shape { error: { code, message, details? } }.' },
    paths,
  };
}
