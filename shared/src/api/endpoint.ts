import { z } from 'zod';
import type { CareTeamResponsibility } from '../contracts/enrolment.contract';
import type { RelativeScope } from '../contracts/relative.contract';
import type { UserRole } from '../contracts/auth.contract';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/**
 * Who may call an endpoint. `roles` gates by role before anything else runs. For a patient's data
 * (`target: 'patient'`) a clinician must also be on the care team, and, when `responsibility` is
 * set, their organisation must answer for one of those there; a relative needs an active grant
 * with `relativeScope` (no scope named: relatives are refused). `own`: a list of the caller's own things.
 */
export interface AccessPolicy {
  roles: readonly UserRole[] | 'public';
  target: 'patient' | 'own' | 'none';
  responsibility?: readonly CareTeamResponsibility[];
  relativeScope?: RelativeScope;
  /** The kind of data, as the audit log and the patient's access log name it (e.g. `limits`); the endpoint's name otherwise. */
  resource?: string;
  /** What someone the roles exclude is told, in plain words (a general sentence otherwise). */
  refusal?: string;
}

/** One endpoint, declared once: validation, OpenAPI, the authorisation test and the web client come from it. */
export interface Endpoint<
  P extends z.ZodObject | undefined = z.ZodObject | undefined,
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** Under /api, Express style: `/patients/:patientId`. */
  path: string;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Picks the schema of a union that a body claims to be, so errors name that one's fields. */
  bodyVariant?: (body: unknown) => z.ZodType;
  /** A body that may be left out (read as `{}`). */
  bodyOptional?: boolean;
  /** The answer's shape: only what it lists leaves the server. Absent: 204 No Content. */
  response?: R;
  /** A response that is not JSON (the response schema is then `z.string()`). */
  produces?: 'text/csv' | 'application/fhir+json' | 'text/html';
  /** Success status (200 by default; 201 for creations; a replay of an idempotent create answers 200). */
  status?: 200 | 201 | 204;
  access: AccessPolicy;
  /** Other answers worth documenting, by status. */
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 429, string>>;
}

/** Declares an endpoint, keeping its schemas' exact types for server handlers and the web client. */
export function endpoint<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(e: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return e;
}

// Optional properties read as `S | undefined`: strip that before asking what S holds.
type Infer<S, Fallback> = [NonNullable<S>] extends [never] ? Fallback : NonNullable<S> extends z.ZodType ? z.infer<NonNullable<S>> : Fallback;
type Input<S, Fallback> = [NonNullable<S>] extends [never] ? Fallback : NonNullable<S> extends z.ZodType ? z.input<NonNullable<S>> : Fallback;

/** What a handler receives, parsed. */
export interface Parsed<E extends Endpoint> {
  params: Infer<E['params'], Record<string, never>>;
  query: Infer<E['query'], Record<string, never>>;
  body: Infer<E['body'], undefined>;
}

/** What a client sends, before parsing (query values may be numbers; defaults may be left out). */
export interface Request<E extends Endpoint> {
  params: Input<E['params'], Record<string, never>>;
  query: Input<E['query'], Record<string, never>>;
  body: Input<E['body'], undefined>;
}

type Has<S> = [NonNullable<S>] extends [never] ? false : true;

/** What a client passes to call an endpoint: params and body when it has them, query optional. */
export type CallInput<E extends Endpoint> = (Has<E['params']> extends true ? { params: Request<E>['params'] } : { params?: never }) &
  (Has<E['query']> extends true ? { query?: Partial<Request<E>['query']> } : { query?: never }) &
  (Has<E['body']> extends true ? { body: Request<E>['body'] } : { body?: never });

/** The URL of a call: `:params` filled in (encoded) and the defined query values appended. */
export function urlOf(e: Pick<Endpoint, 'path'>, params: Record<string, string | number> = {}, query: Record<string, string | number | boolean | null | undefined> = {}): string {
  const path = e.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${e.path}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const qs = search.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

/** What the endpoint answers. */
export type Response<E extends Endpoint> = Infer<E['response'], void>;

/** A UUID as Naer writes ids (any version): the one pattern for ids in paths, queries and guards. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path or query id that must be a UUID; the message names the parameter and what it identifies. */
export const uuidParam = (name: string, what: string) =>
  z.string({ error: `${name} must be ${what} id (a UUID)` }).regex(UUID_PATTERN, { error: `${name} must be ${what} id (a UUID), not this value` });

export const PatientParamsSchema = z.object({ patientId: uuidParam('patientId', 'a patient') });
