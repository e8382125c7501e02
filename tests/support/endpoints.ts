/**
 * The authorisation matrix: every declared HTTP endpoint and every socket event, with who may use it.
 *
 * HTTP rows come from the endpoint declarations (shared/src/api): who may call what is their access
 * policy, and this file only knows how to call each one. tests/integration/authorization-matrix.test.ts
 * runs every row for every role and checks that Express serves exactly the declared routes. Socket events are keyed by the shared event maps, so a new event does not compile without one.
 *
 * Roles, all about one target patient (`f.patient`): the patient themself; another patient on the
 * same care team; a relative with every grant on the patient; a relative whose grant is on another
 * patient; a clinician of an organisation on the care team (the hospital); a clinician of an
 * organisation not on it (also a hospital); an administrator.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import { mergeLimits } from '@naer/shared/domain';
import type { Database } from '../../server/src/db/client';
import { handovers, invitations, monitoringPauses, relativeGrants, users } from '../../server/src/db/schema';
import { hashPassword } from '../../server/src/modules/auth/password';
import { API } from '@naer/shared/api';
import type { AccessPolicy, Endpoint, EndpointName } from '@naer/shared/api';
import type { UserRole } from '@naer/shared';
import { DEFAULT_RESPONSIBILITIES, createFixture, PASSWORD } from './fixtures';
import type { Fixture, TestUser } from './fixtures';
import { TestClient as TestClientOf } from './test-app';
import type { ClientSocket, TestClient } from './test-app';

export const ROLES = ['patient', 'otherPatient', 'relativeWithGrant', 'relativeWithoutGrant', 'careTeamClinician', 'outsideClinician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface MatrixFixture extends Fixture {
  /** Every scope on `patient`, and red-alert notices. */
  relativeWithGrant: TestUser & { grantId: string };
  /** A grant on `otherPatient` only. */
  relativeWithoutGrant: TestUser;
}

const ALL_SCOPES = ['readings', 'alerts', 'consultations', 'messages'];

async function relativeUser(database: Database, label: string): Promise<TestUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@test.naer.dk`;
  const [row] = await database.db
    .insert(users)
    .values({ email, role: 'relative', displayName: label, passwordHash: await hashPassword(PASSWORD) })
    .returning({ id: users.id });
  if (!row) throw new Error('relative insert failed');
  return { id: row.id, email, password: PASSWORD };
}

async function grant(database: Database, patientId: string, relativeUserId: string): Promise<string> {
  const [row] = await database.db.insert(relativeGrants).values({ patientId, relativeUserId, scopes: ALL_SCOPES, notifyRed: true }).returning({ id: relativeGrants.id });
  if (!row) throw new Error('grant insert failed');
  return row.id;
}

/** The standard fixture plus the two relatives (grants written directly, as the patient would have). */
export async function createMatrixFixture(database: Database): Promise<MatrixFixture> {
  const f = await createFixture(database);
  const withGrant = await relativeUser(database, 'relative-with-grant');
  const withoutGrant = await relativeUser(database, 'relative-without-grant');
  const grantId = await grant(database, f.patient.patientId, withGrant.id);
  await grant(database, f.otherPatient.patientId, withoutGrant.id);
  return { ...f, relativeWithGrant: { ...withGrant, grantId }, relativeWithoutGrant: withoutGrant };
}

export function userOf(f: MatrixFixture, role: Role): TestUser {
  switch (role) {
    case 'patient':
      return f.patient;
    case 'otherPatient':
      return f.otherPatient;
    case 'relativeWithGrant':
      return f.relativeWithGrant;
    case 'relativeWithoutGrant':
      return f.relativeWithoutGrant;
    case 'careTeamClinician':
      return f.hospital.clinician;
    case 'outsideClinician':
      return f.outsider.clinician;
    case 'admin':
      return f.admin;
  }
}

export interface CallContext {
  f: MatrixFixture;
  database: Database;
  /** A signed-in client per role, to create what a call needs (e.g. the patient submits a reading). */
  as(role: Role): TestClient;
}

/** What one call needs: values for the path's `:params`, a body, a query string. */
export interface Prepared {
  params?: Record<string, string>;
  body?: unknown;
  query?: string;
}

export type Access =
  /** No session needed: exercised anonymously only (a session changes nothing about these). */
  | { public: true; note: string }
  | {
      /** Roles that get past access control: any answer but 401/403 (and never 5xx). Everyone else: 403. */
      allow: readonly Role[];
      /**
       * Roles that are allowed because the endpoint is a list of *their own* things, and whose answer
       * must not mention the target patient at all.
       */
      scopedOut?: readonly Role[];
      note?: string;
    };

export interface HttpEndpoint {
  /** Its name in the declarations (shared/src/api). */
  name: EndpointName;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As registered in Express, e.g. `/api/patients/:patientId`. */
  path: string;
  access: Access;
  /** Called before every role's call, so state-changing calls get fresh resources. */
  prepare?: (ctx: CallContext) => Promise<Prepared> | Prepared;
  /** The call ends the caller's session (logout): it runs with a session opened just for it. */
  freshSession?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Resources the calls act on, created fresh for each call where the call may change them.

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A red SpO2 reading by the patient: its id, and the open red alert it raised or updated. */
async function redReading(ctx: CallContext): Promise<{ measurementId: string; alertId: string }> {
  const measurementId = randomUUID();
  const res = await ctx.as('patient').post('/api/measurements', { id: measurementId, kind: 'spo2', value: 85, unit: '%', measuredAt: minutesAgo(1), source: 'manual' });
  if (res.status !== 201) throw new Error(`red reading: ${res.status} ${JSON.stringify(res.body)}`);
  const [alert] = await ctx.database.rows<{ id: string }>(sql`select id from alerts where last_measurement_id = ${measurementId}::uuid`);
  if (!alert) throw new Error('the red reading raised no alert');
  return { measurementId, alertId: alert.id };
}

/** A new open red alert on its own rule: any earlier alert of that rule is closed first (directly, as test set-up). */
async function freshRedAlert(ctx: CallContext, kind: 'body_temperature' | 'heart_rate'): Promise<string> {
  await ctx.database.rows(sql`update alerts set status = 'resolved', resolved_at = now(), claim_due_at = null where patient_id = ${ctx.f.patient.patientId}::uuid and rule = ${kind} and status <> 'resolved'`);
  const measurementId = randomUUID();
  const reading = kind === 'heart_rate' ? { value: 135, unit: '/min' } : { value: 39.6, unit: 'Cel' };
  const res = await ctx.as('patient').post('/api/measurements', { id: measurementId, kind, ...reading, measuredAt: minutesAgo(1), source: 'manual' });
  if (res.status !== 201) throw new Error(`red ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
  const [alert] = await ctx.database.rows<{ id: string }>(sql`select id from alerts where last_measurement_id = ${measurementId}::uuid`);
  if (!alert) throw new Error(`the red ${kind} raised no alert`);
  return alert.id;
}

/** A green reading by the patient. */
async function greenReading(ctx: CallContext): Promise<string> {
  const id = randomUUID();
  const res = await ctx.as('patient').post('/api/measurements', { id, kind: 'spo2', value: 97, unit: '%', measuredAt: minutesAgo(1), source: 'manual' });
  if (res.status !== 201) throw new Error(`green reading: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

/** A pending follow-up handover of the patient between two organisations on the care team. */
async function pendingHandover(ctx: CallContext, from: 'hospital' | 'gp', to: 'hospital' | 'gp'): Promise<string> {
  const [row] = await ctx.database.db
    .insert(handovers)
    .values({ patientId: ctx.f.patient.patientId, fromOrgId: ctx.f[from].id, fromUserId: ctx.f[from].clinician.id, toOrgId: ctx.f[to].id, message: 'Matrix test: please take over.', createdAt: new Date() })
    .returning({ id: handovers.id });
  if (!row) throw new Error('handover insert failed');
  return row.id;
}

async function activePause(ctx: CallContext): Promise<string> {
  const [row] = await ctx.database.db
    .insert(monitoringPauses)
    .values({ patientId: ctx.f.patient.patientId, startsAt: new Date(), endsAt: new Date(Date.now() + 86_400_000), reason: 'holiday', createdBy: ctx.f.hospital.clinician.id })
    .returning({ id: monitoringPauses.id });
  if (!row) throw new Error('pause insert failed');
  return row.id;
}

/** A registered system client, made through the API as an administrator would. */
async function systemClient(ctx: CallContext): Promise<string> {
  const res = await ctx.as('admin').post<{ client: { id: string } }>('/api/admin/system-clients', { name: `Matrix system ${randomUUID().slice(0, 6)}`, organisationId: ctx.f.hospital.id });
  if (res.status !== 201) throw new Error(`system client: ${res.status}`);
  return res.body.client.id;
}

/** A registered webhook for the hospital, made through the API as an administrator would. */
async function webhook(ctx: CallContext): Promise<string> {
  const res = await ctx.as('admin').post<{ webhook: { id: string } }>('/api/admin/webhooks', { organisationId: ctx.f.hospital.id, url: 'http://127.0.0.1:9/matrix', events: ['alert.raised'] });
  if (res.status !== 201) throw new Error(`webhook: ${res.status}`);
  return res.body.webhook.id;
}

/** One queued delivery of a new webhook. */
async function webhookDelivery(ctx: CallContext): Promise<string> {
  const id = await webhook(ctx);
  const [row] = await ctx.database.rows<{ id: number }>(
    sql`insert into webhook_deliveries (webhook_id, event, payload) values (${id}::uuid, 'alert.raised', '{}'::jsonb) returning id::int as id`,
  );
  return String(row?.id ?? 0);
}

async function unusedInvitation(ctx: CallContext): Promise<string> {
  const [row] = await ctx.database.db
    .insert(invitations)
    .values({
      codeHash: createHash('sha256').update(randomBytes(16)).digest('base64url'),
      kind: 'relative',
      patientId: ctx.f.patient.patientId,
      grants: { scopes: ['readings'], notifyRed: false },
      createdBy: ctx.f.patient.id,
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    })
    .returning({ id: invitations.id });
  if (!row) throw new Error('invitation insert failed');
  return row.id;
}

/** A grant of a throwaway relative, so revoking it leaves the matrix's relatives as they are. */
async function throwawayGrant(ctx: CallContext): Promise<string> {
  const relative = await relativeUser(ctx.database, 'relative-throwaway');
  return grant(ctx.database, ctx.f.patient.patientId, relative.id);
}

async function message(ctx: CallContext): Promise<string> {
  const id = randomUUID();
  const res = await ctx.as('patient').post(`/api/patients/${ctx.f.patient.patientId}/messages`, { id, body: 'Matrix test message' });
  if (res.status !== 201) throw new Error(`message: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

const spo2Rules = () => mergeLimits(['copd']).spo2;

/** A green COPD daily check for the patient (the patient's own source; a clinician's answer is refused for it after the access check). */
const copdDaily = (patientId: string) => ({
  id: randomUUID(),
  patientId,
  questionnaireId: 'copd-daily',
  version: 1,
  answers: { breathless: 0, 'sputum-amount': 0, 'sputum-colour': 0, cough: 0 },
  answeredAt: minutesAgo(2),
  source: 'manual',
});

/** A small loaded questionnaire with a fresh id, as an administrator would load licensed wording. */
const loadedDefinition = () => ({
  id: `matrix-${randomUUID().slice(0, 8)}`,
  version: 1,
  title: { da: 'Matrixskema', en: 'Matrix questionnaire' },
  programmes: ['copd'],
  cadence: 'weekly',
  items: [{ id: 'q1', type: 'scale', text: { da: 'Hvor meget?', en: 'How much?' }, label: { da: 'Mængde', en: 'Amount' }, min: 0, max: 5, minText: { da: 'Intet', en: 'None' }, maxText: { da: 'Meget', en: 'A lot' } }],
  scoring: { type: 'sum' },
  triage: [],
});

async function loadedQuestionnaire(ctx: CallContext): Promise<{ id: string; version: string }> {
  const definition = loadedDefinition();
  const res = await ctx.as('admin').post('/api/admin/questionnaires', definition);
  if (res.status !== 201) throw new Error(`load questionnaire: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: definition.id, version: '1' };
}

// ---------------------------------------------------------------------------------------------
// Who may do what comes from each endpoint's declared access policy (shared/src/api); this file only
// says how to call each one. Roles map to the declaration: the target patient's care-team clinician
// is at the hospital, which answers for DEFAULT_RESPONSIBILITIES[0]; the relative with a grant has every scope.

const BASE_ROLE: Record<Role, UserRole> = {
  patient: 'patient',
  otherPatient: 'patient',
  relativeWithGrant: 'relative',
  relativeWithoutGrant: 'relative',
  careTeamClinician: 'clinician',
  outsideClinician: 'clinician',
  admin: 'admin',
};

/** Whether the declared policy lets a role through for the target patient (any answer but 401/403). */
export function allowedBy(policy: AccessPolicy, role: Role): boolean {
  if (policy.roles === 'public') return true;
  if (!policy.roles.includes(BASE_ROLE[role])) return false;
  if (policy.target !== 'patient') return true;
  switch (role) {
    case 'patient':
    case 'admin':
      return true;
    case 'careTeamClinician':
      return !policy.responsibility || policy.responsibility.some((r) => DEFAULT_RESPONSIBILITIES[0]?.includes(r));
    case 'relativeWithGrant':
      return policy.relativeScope !== undefined;
    case 'otherPatient':
    case 'outsideClinician':
    case 'relativeWithoutGrant':
      return false;
  }
}

/** Outsiders let through to a list of their own things, whose answer must not mention the target patient. */
const OUTSIDERS: readonly Role[] = ['otherPatient', 'outsideClinician', 'relativeWithoutGrant'];

/** How to call each endpoint: fresh resources and a valid body, so the call gets past validation. */
const CALLS: { [N in EndpointName]?: Pick<HttpEndpoint, 'prepare' | 'freshSession'> } = {
  'auth.login': { prepare: (ctx) => ({ body: { email: ctx.f.otherPatient.email, password: PASSWORD } }) },
  'auth.logout': { freshSession: true },
  'auth.password': { prepare: () => ({ body: { currentPassword: PASSWORD, newPassword: PASSWORD } }) },
  'auth.activate': { prepare: () => ({ body: { code: 'ABCD-EFGH-JKLM', email: `new-${randomUUID()}@test.naer.dk`, password: 'a long enough password' } }) },
  'relatives.accept': { prepare: () => ({ body: { code: 'ABCD-EFGH-JKLM', email: `new-${randomUUID()}@test.naer.dk`, password: 'a long enough password', name: 'Ny pårørende' } }) },
  'measurements.submit': {
    prepare: (ctx) => ({ body: { id: randomUUID(), patientId: ctx.f.patient.patientId, kind: 'spo2', value: 96, unit: '%', measuredAt: minutesAgo(2), source: 'manual' } }),
  },
  'reviews.one': { prepare: async (ctx) => ({ params: { measurementId: await greenReading(ctx) } }) },
  'reviews.all': { prepare: () => ({ body: {} }) },
  'alerts.detail': { prepare: async (ctx) => ({ params: { id: (await redReading(ctx)).alertId } }) },
  'alerts.claim': { prepare: async (ctx) => ({ params: { id: (await redReading(ctx)).alertId } }) },
  'alerts.release': { prepare: async (ctx) => ({ params: { id: (await redReading(ctx)).alertId } }) },
  'alerts.resolve': { prepare: async (ctx) => ({ params: { id: (await redReading(ctx)).alertId }, body: { outcome: 'no_action_needed', note: 'Matrix test' } }) },
  'alerts.handover': { prepare: async (ctx) => ({ params: { id: (await redReading(ctx)).alertId }, body: { toOrganisationId: ctx.f.gp.id, message: 'Matrix test: please take over.' } }) },
  'handovers.followUp': { prepare: (ctx) => ({ body: { toOrganisationId: ctx.f.gp.id, message: 'Matrix test: please take over.' } }) },
  // The receiving organisation (here: the hospital) accepts or declines; the sender cancels.
  'handovers.accept': { prepare: async (ctx) => ({ params: { id: await pendingHandover(ctx, 'gp', 'hospital') } }) },
  'handovers.decline': { prepare: async (ctx) => ({ params: { id: await pendingHandover(ctx, 'gp', 'hospital') }, body: { reason: 'Matrix test: not ours.' } }) },
  'handovers.cancel': { prepare: async (ctx) => ({ params: { id: await pendingHandover(ctx, 'hospital', 'gp') } }) },
  'limits.update': { prepare: () => ({ params: { kind: 'spo2' }, body: { rules: spo2Rules(), reason: 'Matrix test' } }) },
  'limits.preview': { prepare: () => ({ params: { kind: 'spo2' }, body: { rules: spo2Rules() } }) },
  'limits.visitThresholds': { prepare: () => ({ body: { news2Red: 6, news2Yellow: 4, tobsYellow: 2, reason: 'Matrix test' } }) },
  'pauses.create': { prepare: () => ({ body: { endsAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'holiday' } }) },
  'pauses.cancel': { prepare: async (ctx) => ({ params: { pauseId: await activePause(ctx) } }) },
  'systemClients.create': { prepare: (ctx) => ({ body: { name: `Matrix system ${randomUUID().slice(0, 6)}`, organisationId: ctx.f.hospital.id } }) },
  'systemClients.revoke': { prepare: async (ctx) => ({ params: { id: await systemClient(ctx) } }) },
  'webhooks.create': { prepare: (ctx) => ({ body: { organisationId: ctx.f.hospital.id, url: 'http://127.0.0.1:9/matrix', events: ['alert.raised'] } }) },
  'webhooks.disable': { prepare: async (ctx) => ({ params: { id: await webhook(ctx) } }) },
  'webhooks.deliveries': { prepare: async (ctx) => ({ params: { id: await webhook(ctx) } }) },
  'webhooks.resend': { prepare: async (ctx) => ({ params: { id: await webhookDelivery(ctx) } }) },
  'enrolment.enrol': {
    prepare: (ctx) => ({
      body: {
        patient: { name: `Matrix Testpatient ${randomUUID().slice(0, 6)}`, birthDate: '1950-01-01' },
        programmes: ['copd'],
        careTeam: [{ organisationId: ctx.f.hospital.id, responsibilities: ['red', 'yellow', 'missing'] }],
      },
    }),
  },
  'messages.send': { prepare: () => ({ body: { id: randomUUID(), body: 'Matrix test' } }) },
  'visits.record': { prepare: () => ({ body: visitBody() }) },
  'consultations.book': { prepare: (ctx) => ({ body: consultationBody(ctx) }) },
  'consultations.callOrganisation': { prepare: (ctx) => ({ body: { organisationId: ctx.f.gp.id } }) },
  'consultations.take': { prepare: async (ctx) => ({ params: { id: await callToHospital(ctx) } }) },
  'consultations.detail': { prepare: async (ctx) => ({ params: { id: await bookedConsultation(ctx) } }) },
  'consultations.move': { prepare: async (ctx) => ({ params: { id: await bookedConsultation(ctx) }, body: { startsAt: new Date(Date.now() + 3_600_000).toISOString() } }) },
  'consultations.cancel': { prepare: async (ctx) => ({ params: { id: await bookedConsultation(ctx) } }) },
  'consultations.summary': { prepare: async (ctx) => ({ params: { id: await bookedConsultation(ctx) }, body: { summary: 'Matrix: agreed to continue.' } }) },
  'notes.add': { prepare: () => ({ body: { id: randomUUID(), body: 'Matrix test note' } }) },
  'messages.read': { prepare: async (ctx) => ({ body: { upTo: await message(ctx) } }) },
  'relatives.invite': { prepare: () => ({ body: { scopes: ['readings'], notifyRed: false } }) },
  'relatives.cancelInvitation': { prepare: async (ctx) => ({ params: { invitationId: await unusedInvitation(ctx) } }) },
  'relatives.revoke': { prepare: async (ctx) => ({ params: { grantId: await throwawayGrant(ctx) } }) },
  'questionnaires.list': { prepare: (ctx) => ({ query: `patientId=${ctx.f.patient.patientId}` }) },
  'questionnaires.definition': { prepare: () => ({ params: { id: 'copd-daily' } }) },
  'questionnaires.answer': { prepare: (ctx) => ({ body: copdDaily(ctx.f.patient.patientId) }) },
  'admin.loadQuestionnaire': { prepare: () => ({ body: loadedDefinition() }) },
  'admin.retireQuestionnaire': { prepare: async (ctx) => ({ params: await loadedQuestionnaire(ctx) }) },
};

/** Every declared endpoint with the access the test expects of it, derived from its declaration. */
export const HTTP_ENDPOINTS: readonly HttpEndpoint[] = (Object.entries(API) as Array<[EndpointName, Endpoint]>).map(([name, e]) => {
  const policy = e.access;
  const access: Access =
    policy.roles === 'public'
      ? { public: true, note: e.summary }
      : {
          allow: ROLES.filter((role) => allowedBy(policy, role)),
          scopedOut: policy.target === 'own' && e.method === 'GET' ? OUTSIDERS.filter((role) => allowedBy(policy, role)) : [],
          note: e.summary,
        };
  return { name, method: e.method, path: `/api${e.path}`, access, ...CALLS[name] };
});

/** Fills `:params` (`:patientId` defaults to the target patient). */
export function resolvePath(template: string, f: MatrixFixture, params: Record<string, string> = {}): string {
  const values: Record<string, string> = { patientId: f.patient.patientId, ...params };
  return template.replace(/:(\w+)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${template}: no value for :${name}; give it in prepare()`);
    return encodeURIComponent(value);
  });
}

// ---------------------------------------------------------------------------------------------
// Socket events. Keyed by the shared event maps: adding an event without a row does not compile.

export interface SocketEventRule {
  /** Roles whose sockets hear it when it concerns the target patient; every other role must not. */
  receivers: readonly Role[];
  /** Makes the server emit the event about the target patient (after every role's socket is connected). */
  trigger: (ctx: CallContext) => Promise<void>;
  /** After the trigger: puts back what it changed (e.g. a withdrawn grant). */
  restore?: (ctx: CallContext) => Promise<void>;
  note?: string;
}

async function expectStatus(res: Promise<{ status: number; body: unknown }>, status: number, what: string): Promise<void> {
  const { status: actual, body } = await res;
  if (actual !== status) throw new Error(`${what}: expected ${status}, got ${actual} ${JSON.stringify(body)}`);
}

/** A consultation about the target patient in a few minutes, the patient invited. */
const consultationBody = (ctx: CallContext) => ({
  patientId: ctx.f.patient.patientId, startsAt: new Date(Date.now() + 5 * 60_000).toISOString(), durationMinutes: 30, type: 'follow_up', purpose: 'Matrix', participantUserIds: [ctx.f.patient.id],
});

/** A consultation booked by the care-team clinician with the patient; its id. */
export async function bookedConsultation(ctx: CallContext): Promise<string> {
  const res = await ctx.as('careTeamClinician').post<{ consultation: { id: string } }>('/api/consultations', consultationBody(ctx));
  if (res.status !== 201) throw new Error(`consultation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.consultation.id;
}

/** The municipal nurse calls the hospital (the care-team clinician's organisation) about the patient; the call's id. */
async function callToHospital(ctx: CallContext): Promise<string> {
  const nurse = await new TestClientOf(ctx.as('careTeamClinician').baseUrl).login(ctx.f.municipality.clinician.email, ctx.f.municipality.clinician.password);
  const res = await nurse.post<{ consultation: { id: string } }>(`/api/patients/${ctx.f.patient.patientId}/calls`, { organisationId: ctx.f.hospital.id });
  if (res.status !== 201) throw new Error(`call: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.consultation.id;
}

/** A two-party call between fresh sockets of the organiser and the patient: join, signal both ways, leave. */
async function callBetweenOthers(ctx: CallContext): Promise<void> {
  const consultationId = await bookedConsultation(ctx);
  const [a, b] = await Promise.all([ctx.as('careTeamClinician').socket(), ctx.as('patient').socket()]);
  try {
    const joinA = await a.emitWithAck('consultation:join', { consultationId });
    const joined = nextEventOf(a, 'consultation:peer-joined');
    const joinB = await b.emitWithAck('consultation:join', { consultationId });
    if (!joinA.ok || !joinB.ok) throw new Error('the call could not be joined');
    const peer = await joined;
    const signalled = nextEventOf(b, 'consultation:signal');
    a.emit('consultation:signal', { consultationId, to: joinB.self.peerId, description: { type: 'offer', sdp: 'v=0' } });
    await signalled;
    void peer;
    const left = nextEventOf(a, 'consultation:peer-left');
    b.emit('consultation:leave', { consultationId });
    await left;
  } finally {
    a.disconnect();
    b.disconnect();
  }
}

const nextEventOf = <E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) =>
  new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 3_000);
    socket.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });

/** A calm home visit's vital signs (TOBS 0, NEWS2 0). */
export const visitBody = () => ({
  id: randomUUID(), measuredAt: minutesAgo(1), respiratoryRate: 16, spo2: 97, onOxygen: false, systolic: 130, diastolic: 80, pulse: 72, temperature: 36.8, consciousness: 'alert',
});

export const SOCKET_EVENTS: { [E in keyof ServerToClientEvents]: SocketEventRule } = {
  'consultation:updated': {
    receivers: ['patient', 'careTeamClinician'],
    note: 'the consultation\u2019s participants only (the organiser and the invited patient)',
    trigger: async (ctx) => {
      await bookedConsultation(ctx);
    },
  },
  'consultation:incoming': {
    receivers: ['careTeamClinician'],
    note: 'every clinician of the organisation called (the municipal nurse calls the hospital)',
    trigger: async (ctx) => {
      await callToHospital(ctx);
    },
  },
  'consultation:peer-joined': {
    receivers: [],
    note: 'only sockets in the call hear it; the matrix sockets are not in the call',
    trigger: callBetweenOthers,
  },
  'consultation:peer-left': { receivers: [], note: 'only sockets in the call', trigger: callBetweenOthers },
  'consultation:signal': { receivers: [], note: 'only the peer it is addressed to', trigger: callBetweenOthers },
  'visit:recorded': {
    receivers: ['patient', 'careTeamClinician', 'admin'],
    note: 'the care team and the patient whose readings they are; no relative grant names visits',
    trigger: (ctx) => expectStatus(ctx.as('careTeamClinician').post(`/api/patients/${ctx.f.patient.patientId}/visits`, visitBody()), 201, 'visit'),
  },
  'note:added': {
    receivers: ['careTeamClinician'],
    note: 'between clinicians on the care team',
    trigger: (ctx) => expectStatus(ctx.as('careTeamClinician').post(`/api/patients/${ctx.f.patient.patientId}/notes`, { id: randomUUID(), body: 'Matrix note' }), 201, 'note'),
  },
  'measurement:received': {
    receivers: ['patient', 'relativeWithGrant', 'careTeamClinician', 'admin'],
    trigger: (ctx) =>
      expectStatus(ctx.as('patient').post('/api/measurements', { id: randomUUID(), kind: 'spo2', value: 97, unit: '%', measuredAt: minutesAgo(1), source: 'manual' }), 201, 'reading'),
  },
  'alert:raised': {
    receivers: ['patient', 'relativeWithGrant', 'careTeamClinician', 'admin'],
    trigger: async (ctx) => {
      await freshRedAlert(ctx, 'heart_rate');
    },
  },
  'alert:updated': {
    receivers: ['patient', 'relativeWithGrant', 'careTeamClinician', 'admin'],
    trigger: async (ctx) => {
      await redReading(ctx);
      await redReading(ctx);
    },
  },
  'message:received': {
    receivers: ['patient', 'relativeWithGrant', 'careTeamClinician'],
    note: 'administrators can read the thread but are not part of the conversation',
    trigger: async (ctx) => {
      await message(ctx);
    },
  },
  'message:read': {
    receivers: ['patient', 'relativeWithGrant', 'careTeamClinician'],
    trigger: async (ctx) => {
      const upTo = await message(ctx);
      await expectStatus(ctx.as('careTeamClinician').post(`/api/patients/${ctx.f.patient.patientId}/messages/read`, { upTo }), 200, 'read receipt');
    },
  },
  'access:revoked': {
    receivers: ['relativeWithGrant'],
    note: 'only the relative whose access was withdrawn',
    trigger: (ctx) => expectStatus(ctx.as('patient').post(`/api/relatives/${ctx.f.relativeWithGrant.grantId}/revoke`), 204, 'withdraw access'),
    restore: async (ctx) => {
      ctx.f.relativeWithGrant.grantId = await grant(ctx.database, ctx.f.patient.patientId, ctx.f.relativeWithGrant.id);
    },
  },
  'relative:updated': {
    receivers: ['patient'],
    trigger: (ctx) => expectStatus(ctx.as('patient').post(`/api/patients/${ctx.f.patient.patientId}/relatives/invitations`, { scopes: ['readings'], notifyRed: false }), 201, 'invitation'),
  },
  'handover:requested': {
    receivers: ['careTeamClinician', 'admin'],
    note: 'between clinicians: the patient hears the alert change instead',
    trigger: async (ctx) => {
      const alertId = await freshRedAlert(ctx, 'body_temperature');
      const hospital = ctx.as('careTeamClinician');
      await hospital.post(`/api/alerts/${alertId}/claim`);
      await expectStatus(hospital.post(`/api/alerts/${alertId}/handover`, { toOrganisationId: ctx.f.gp.id, message: 'Matrix test: please take over.' }), 201, 'handover');
    },
  },
  'handover:updated': {
    receivers: ['careTeamClinician', 'admin'],
    trigger: async (ctx) => {
      const id = await pendingHandover(ctx, 'hospital', 'gp');
      await expectStatus(ctx.as('careTeamClinician').post(`/api/handovers/${id}/cancel`), 200, 'cancel handover');
    },
  },
  'measurement:reviewed': {
    receivers: ['patient', 'careTeamClinician', 'admin'],
    trigger: async (ctx) => {
      const measurementId = await greenReading(ctx);
      await expectStatus(ctx.as('careTeamClinician').post(`/api/measurements/${measurementId}/review`), 200, 'review');
    },
  },
  'patient:updated': {
    receivers: ['patient', 'careTeamClinician', 'admin'],
    trigger: async (ctx) => {
      await ctx.database.rows(sql`update monitoring_pauses set cancelled_at = now() where patient_id = ${ctx.f.patient.patientId}::uuid and cancelled_at is null`);
      await expectStatus(ctx.as('careTeamClinician').post(`/api/patients/${ctx.f.patient.patientId}/pauses`, { endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: 'holiday' }), 201, 'pause');
    },
  },
  'limits:changed': {
    receivers: ['patient', 'careTeamClinician', 'admin'],
    trigger: (ctx) => expectStatus(ctx.as('careTeamClinician').request('PUT', `/api/patients/${ctx.f.patient.patientId}/limits/spo2`, { rules: spo2Rules(), reason: 'Matrix test' }), 200, 'limits'),
  },
  'questionnaire:received': {
    receivers: ['patient', 'careTeamClinician', 'admin'],
    note: 'answers are not shared with relatives: no grant names them',
    trigger: (ctx) => expectStatus(ctx.as('patient').post('/api/questionnaire-responses', copdDaily(ctx.f.patient.patientId)), 201, 'questionnaire response'),
  },
};

/**
 * Events clients send, and who may use them: only invited participants join a call (the test books one
 * with the patient invited, by the care-team clinician); signal and leave act only inside a joined call.
 */
export const CLIENT_EVENTS: { [E in keyof ClientToServerEvents]: { allow: readonly Role[] } } = {
  'consultation:join': { allow: ['patient', 'careTeamClinician'] },
  'consultation:signal': { allow: ['patient', 'careTeamClinician'] },
  'consultation:leave': { allow: ['patient', 'careTeamClinician'] },
};

// ---------------------------------------------------------------------------------------------
// The routes Express really has.

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every `METHOD /path` registered under /api, read from the router stack at runtime. */
export function registeredApiRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`route ${String(layer.route.path)} under ${prefix} is not a string path: add it to the table by hand`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) found.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${prefix}${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found.filter((route) => route.split(' ')[1]?.startsWith('/api/'));
}
