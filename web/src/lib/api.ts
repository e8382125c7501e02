import type {
  AlertList,
  LoginRequest,
  LoginResponse,
  Measurement,
  MeasurementInput,
  MeasurementPage,
  PatientList,
  SessionUser,
} from '@naer/shared/contracts';
import type {
  Alert,
  AlertDetail,
  CareTeam,
  DeclineHandover,
  Handover,
  HandoverList,
  HandoverRequest,
  HandoverStatus,
  PatientStatus,
  ResolveAlert,
} from '@naer/shared/contracts';
import type {
  ActivationRequest,
  EnrolmentRequest,
  EnrolmentResponse,
  LimitPreview,
  LimitUpdate,
  LimitVersion,
  OrganisationList,
  OrganisationType,
  PatientLimits,
  ReissuedActivation,
} from '@naer/shared/contracts';
import type { LimitRules, MeasurementKind } from '@naer/shared/domain';

export interface ErrorDetail {
  path: string;
  message: string;
}

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

/** One JSON call to the API; features with their own client module build on this. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
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
    throw new ApiError(0, 'network', 'No answer from the server');
  }
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

export const api = {
  login: (credentials: LoginRequest) =>
    request<LoginResponse>('POST', '/api/auth/login', { body: credentials, quiet401: true }),
  logout: () => request<void>('POST', '/api/auth/logout', { quiet401: true }),
  me: (fetchFn?: Fetch) =>
    request<{ user: SessionUser }>('GET', '/api/auth/me', fetchFn ? { fetch: fetchFn, quiet401: true } : { quiet401: true }),
  submitMeasurement: (input: MeasurementInput) => request<Measurement>('POST', '/api/measurements', { body: input }),
  measurements: (patientId: string, limit = 20) =>
    request<MeasurementPage>('GET', `/api/patients/${encodeURIComponent(patientId)}/measurements?limit=${limit}`),
  /** One page of the board, most urgent first; `cursor` from the previous page, `q` searches name or id. */
  patients: (query: { limit?: number; cursor?: string | null; q?: string } = {}) => {
    const params = new URLSearchParams();
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.q) params.set('q', query.q);
    const search = params.toString();
    return request<PatientList>('GET', search ? `/api/patients?${search}` : '/api/patients');
  },
  alerts: (after?: string) =>
    request<AlertList>('GET', after ? `/api/alerts?after=${encodeURIComponent(after)}` : '/api/alerts'),
  alert: (id: string) => request<AlertDetail>('GET', `/api/alerts/${encodeURIComponent(id)}`),
  claimAlert: (id: string) => request<Alert>('POST', `/api/alerts/${encodeURIComponent(id)}/claim`),
  releaseAlert: (id: string) => request<Alert>('POST', `/api/alerts/${encodeURIComponent(id)}/release`),
  resolveAlert: (id: string, input: ResolveAlert) => request<Alert>('POST', `/api/alerts/${encodeURIComponent(id)}/resolve`, { body: input }),
  handOverAlert: (id: string, input: HandoverRequest) =>
    request<Handover>('POST', `/api/alerts/${encodeURIComponent(id)}/handover`, { body: input }),
  handovers: (status: HandoverStatus = 'pending') => request<HandoverList>('GET', `/api/handovers?status=${status}`),
  acceptHandover: (id: string) => request<Handover>('POST', `/api/handovers/${encodeURIComponent(id)}/accept`),
  declineHandover: (id: string, input: DeclineHandover) =>
    request<Handover>('POST', `/api/handovers/${encodeURIComponent(id)}/decline`, { body: input }),
  cancelHandover: (id: string) => request<Handover>('POST', `/api/handovers/${encodeURIComponent(id)}/cancel`),
  careTeam: (patientId: string) => request<CareTeam>('GET', `/api/patients/${encodeURIComponent(patientId)}/care-team`),
  /** Open alerts and those resolved within `days` (today's by default). */
  patientStatus: (patientId: string, days = 1) => request<PatientStatus>('GET', `/api/patients/${encodeURIComponent(patientId)}/status${days > 1 ? `?days=${days}` : ''}`),
  organisations: (type?: OrganisationType) =>
    request<OrganisationList>('GET', type ? `/api/organisations?type=${encodeURIComponent(type)}` : '/api/organisations'),
  enrol: (input: EnrolmentRequest) => request<EnrolmentResponse>('POST', '/api/enrolments', { body: input }),
  newActivationCode: (patientId: string) =>
    request<ReissuedActivation>('POST', `/api/patients/${encodeURIComponent(patientId)}/activation-code`, { body: {} }),
  activate: (input: ActivationRequest) => request<{ user: SessionUser }>('POST', '/api/auth/activate', { body: input, quiet401: true }),
  limits: (patientId: string) => request<PatientLimits>('GET', `/api/patients/${encodeURIComponent(patientId)}/limits`),
  updateLimits: (patientId: string, kind: MeasurementKind, input: LimitUpdate) =>
    request<LimitVersion>('PUT', `/api/patients/${encodeURIComponent(patientId)}/limits/${kind}`, { body: input }),
  previewLimits: (patientId: string, kind: MeasurementKind, rules: LimitRules, signal?: AbortSignal) =>
    request<LimitPreview>('POST', `/api/patients/${encodeURIComponent(patientId)}/limits/${kind}/preview`, signal ? { body: { rules }, signal } : { body: { rules } }),
};
