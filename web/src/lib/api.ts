import { API, urlOf } from '@naer/shared/api';
import type { Api, CallInput, EndpointName, Response as Answer } from '@naer/shared/api';
import type {
  ActivationRequest,
  DashboardQuery,
  DeclineHandover,
  EnrolmentRequest,
  ErrorDetail,
  HandoverRequest,
  HandoverStatus,
  LimitUpdate,
  LoginRequest,
  Measurement,
  MeasurementInput,
  OrganisationType,
  ResolveAlert,
  VisitThresholdsUpdate,
} from '@naer/shared/contracts';
import type { LimitRules, MeasurementKind } from '@naer/shared/domain';

export type { ErrorDetail };

/** Retry-After as seconds (it may be a number of seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** A failed API call: the server's `{ error: { code, message, details } }`, or `network` when no answer came. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** From Retry-After on a 429 or 503: how long the server asks us to wait. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = [], retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

type Fetch = typeof fetch;
type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler | null = null;

type ConnectionListener = (reachable: boolean) => void;
let onConnection: ConnectionListener | null = null;

/** Told after every call whether the server was reached: a page opened offline may never see an `offline` event. */
export function setConnectionListener(listener: ConnectionListener | null): void {
  onConnection = listener;
}

/** Called when a signed-in call answers 401 (the session expired or was revoked). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: ErrorDetail[] } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

interface RequestOptions {
  body?: unknown;
  fetch?: Fetch;
  /** Do not call the unauthorized handler on 401 (login and `me` answer 401 as a normal outcome). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

/** One JSON call to the API; only `call` uses it, so every path comes from a declaration. */
async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const doFetch = options.fetch ?? fetch;
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await doFetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    onConnection?.(false);
    throw new ApiError(0, 'network', 'No answer from the server');
  }
  onConnection?.(true);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
    if (isErrorBody(body)) {
      const { code, message, details } = body.error;
      throw new ApiError(response.status, code, message, details ?? [], retryAfter);
    }
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`, [], retryAfter);
  }
  return body as T;
}

/** The calls the screens make, by name; each is a declared endpoint (see call). */
export const api = {
  login: (credentials: LoginRequest) => call('auth.login', { body: credentials }, { quiet401: true }),
  logout: () => call('auth.logout', {}, { quiet401: true }),
  me: (fetchFn?: Fetch) => call('auth.me', {}, fetchFn ? { fetch: fetchFn, quiet401: true } : { quiet401: true }),
  // One reading is answered with one record.
  submitMeasurement: async (input: MeasurementInput) => (await call('measurements.submit', { body: input })) as Measurement,
  measurements: (patientId: string, limit = 20) => call('measurements.list', { params: { patientId }, query: { limit } }),
  /** One page of the board, most urgent first; `cursor` from the previous page, `q` searches name or id. */
  patients: (query: { limit?: number; cursor?: string | null; q?: string; filters?: Record<string, string> } = {}) =>
    call('patients.board', { query: { ...query.filters, limit: query.limit, cursor: query.cursor ?? undefined, q: query.q || undefined } }),
  alerts: (after?: string) => call('alerts.list', { query: { after } }),
  alert: (id: string) => call('alerts.detail', { params: { id } }),
  claimAlert: (id: string) => call('alerts.claim', { params: { id } }),
  releaseAlert: (id: string) => call('alerts.release', { params: { id } }),
  resolveAlert: (id: string, input: ResolveAlert) => call('alerts.resolve', { params: { id }, body: input }),
  handOverAlert: (id: string, input: HandoverRequest) => call('alerts.handover', { params: { id }, body: input }),
  handovers: (status: HandoverStatus = 'pending') => call('handovers.list', { query: { status } }),
  acceptHandover: (id: string) => call('handovers.accept', { params: { id } }),
  declineHandover: (id: string, input: DeclineHandover) => call('handovers.decline', { params: { id }, body: input }),
  cancelHandover: (id: string) => call('handovers.cancel', { params: { id } }),
  careTeam: (patientId: string) => call('handovers.careTeam', { params: { patientId } }),
  /** Open alerts and those resolved within `days` (today's by default). */
  patientStatus: (patientId: string, days = 1) => call('alerts.patientStatus', { params: { patientId }, query: { days: days > 1 ? days : undefined } }),
  organisations: (type?: OrganisationType) => call('enrolment.organisations', { query: { type } }),
  enrol: (input: EnrolmentRequest) => call('enrolment.enrol', { body: input }),
  newActivationCode: (patientId: string) => call('enrolment.activationCode', { params: { patientId } }),
  activate: (input: ActivationRequest) => call('auth.activate', { body: input }, { quiet401: true }),
  limits: (patientId: string) => call('limits.list', { params: { patientId } }),
  updateLimits: (patientId: string, kind: MeasurementKind, input: LimitUpdate) => call('limits.update', { params: { patientId, kind }, body: input }),
  setVisitThresholds: (patientId: string, input: VisitThresholdsUpdate) => call('limits.visitThresholds', { params: { patientId }, body: input }),
  previewLimits: (patientId: string, kind: MeasurementKind, rules: LimitRules, signal?: AbortSignal) =>
    call('limits.preview', { params: { patientId, kind }, body: { rules } }, signal ? { signal } : {}),
  dashboard: (query: DashboardQuery, signal?: AbortSignal) => call('dashboard.get', { query }, signal ? { signal } : {}),
};

/** The dashboard's CSV (a download link, not a JSON call), with the page's query and the labels' language. */
export const dashboardCsvUrl = (query: DashboardQuery, lang: 'da' | 'en'): string => urlOf(API['dashboard.csv'], {}, { ...query, lang });

/** The patient's own copy (download links, not JSON calls): FHIR for another system, or the readable summary. */
export const patientExportUrl = (patientId: string, format: 'fhir' | 'summary'): string => urlOf(API[format === 'fhir' ? 'export.fhir' : 'export.summary'], { patientId });

/** Calls a declared endpoint (shared/src/api): the path, the input and the answer's type all come from its declaration. */
export function call<N extends EndpointName>(name: N, input: CallInput<Api[N]> = {}, options: Omit<RequestOptions, 'body'> = {}): Promise<Answer<Api[N]>> {
  const e = API[name];
  const { params, query, body } = input as { params?: Record<string, string | number>; query?: Record<string, string | number | boolean | undefined>; body?: unknown };
  return request<Answer<Api[N]>>(e.method, urlOf(e, params, query), body === undefined ? options : { ...options, body });
}
