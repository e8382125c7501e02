import { Router } from 'express';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { z } from 'zod';
import type { UserRole } from '@naer/shared';
import { API, UUID_PATTERN } from '@naer/shared/api';
import type { Api, Endpoint, EndpointName, Parsed, Response } from '@naer/shared/api';
import type { Actor } from './actor';
import { ForbiddenError, UnauthenticatedError, ValidationError } from './errors';

/** An answer whose status differs from the declared one (200 for the replay of a create; 503 for a health check that fails). */
export class Reply<T> {
  constructor(
    readonly status: 200 | 201 | 503,
    readonly body: T,
  ) {}
}

/** An answer already serialised to JSON in SQL (each column listed there); sent as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface HandlerContext<E extends Endpoint> extends Parsed<E> {
  /** The signed-in actor; reading it on a public endpoint without a session is a 401. */
  readonly actor: Actor;
  /** The session's actor, if any (public endpoints). */
  readonly session: Actor | undefined;
  req: ExpressRequest;
  res: ExpressResponse;
}

type Result<E extends Endpoint> = Response<E> | Reply<Response<E>> | RawJson;
export type Handler<E extends Endpoint> = (ctx: HandlerContext<E>) => Promise<Result<E>> | Result<E>;
/** Handlers for some of the declared endpoints (one feature's). */
export type Handlers<K extends EndpointName> = { [N in K]: Handler<Api[N]> };

/** How a role is named in a refusal. */
const ROLE_NAMES: Record<UserRole, string> = { patient: 'patients', relative: 'relatives', clinician: 'clinicians', admin: 'administrators' };

/** Audits a refusal by role, like the access check's; set as `app.locals.recordRefusal` by the composition root. */
export type RefusalRecorder = (refusal: { actor: Actor; patientId: string | null; resource: string; action: 'read' | 'write' }) => Promise<void>;

const recorderOf = (req: ExpressRequest) => (req.app.locals as { recordRefusal?: RefusalRecorder }).recordRefusal;

function parseWith(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

function parseBody(e: Endpoint, body: unknown): unknown {
  if (!e.body) return undefined;
  const empty = body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
  if (empty && e.bodyOptional) return parseWith(e.body, {});
  if (empty) throw new ValidationError('Send a JSON body with Content-Type: application/json.', [{ path: '(body)', message: 'missing JSON body' }]);
  return parseWith(e.bodyVariant?.(body) ?? e.body, body);
}

function checkRole(e: Endpoint, actor: Actor | undefined): void {
  if (e.access.roles === 'public') return;
  if (!actor) throw new UnauthenticatedError();
  if (!e.access.roles.includes(actor.role)) {
    if (e.access.refusal) throw new ForbiddenError(e.access.refusal);
    const who = e.access.roles.map((role) => (role === 'clinician' && e.access.target === 'patient' ? 'clinicians on the patient\u2019s care team' : ROLE_NAMES[role]));
    const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} and ${who.at(-1) ?? ''}` : who[0];
    throw new ForbiddenError(`Only ${list} can do this; you are signed in as ${actor.role === 'admin' ? 'an administrator' : `a ${actor.role}`}.`);
  }
}

function send(e: Endpoint, res: ExpressResponse, result: unknown): void {
  if (result instanceof RawJson) {
    res.status(e.status ?? 200).type('application/json').send(result.text);
    return;
  }
  const status = result instanceof Reply ? result.status : (e.status ?? 200);
  const body: unknown = result instanceof Reply ? result.body : result;
  if (!e.response) {
    res.status(204).end();
    return;
  }
  if (e.produces) {
    res.status(status).type(e.produces).send(e.response.parse(body));
    return;
  }
  // Shaped by the declared schema: a column it does not list never leaves the server.
  res.status(status).json(e.response.parse(body));
}

/** Mounts the handlers of declared endpoints: roles, then params, query and body by their schemas, then the answer by its schema. */
export function declaredRoutes<K extends EndpointName>(handlers: Handlers<K>): Router {
  const router = Router();
  for (const name of Object.keys(handlers) as K[]) {
    const e: Endpoint = API[name];
    const handler = handlers[name] as unknown as Handler<Endpoint>;
    const method = e.method === 'GET' ? 'get' : e.method === 'PUT' ? 'put' : 'post';
    router[method](e.path, async (req, res) => {
      const session = req.actor;
      try {
        checkRole(e, session);
      } catch (error) {
        const patientId = (req.params as Record<string, string | undefined>).patientId;
        const record = recorderOf(req);
        if (error instanceof ForbiddenError && session && record) {
          await record({ actor: session, patientId: patientId && UUID_PATTERN.test(patientId) ? patientId : null, resource: e.access.resource ?? name, action: e.method === 'GET' ? 'read' : 'write' });
        }
        throw error;
      }
      const params = e.params ? parseWith(e.params, req.params) : {};
      const query = e.query ? parseWith(e.query, req.query ?? {}) : {};
      const body = parseBody(e, req.body);
      const actor = session && e.access.roles !== 'public' ? { ...session, permit: { relativeScope: e.access.relativeScope, responsibility: e.access.responsibility } } : session;
      const ctx = {
        params, query, body, req, res, session: actor,
        get actor(): Actor {
          if (!actor) throw new UnauthenticatedError();
          return actor;
        },
      } as HandlerContext<Endpoint>;
      send(e, res, await handler(ctx));
    });
  }
  return router;
}


