import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DeviceInfo, LocalizedText, MeasurementInputValue, TriageReason } from '@naer/shared';
import type { LimitRules, QuestionnaireDefinition, VisitTriageReason } from '@naer/shared/domain';
import { MEASUREMENT_KINDS } from '@naer/shared/domain';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const organisationType = pgEnum('organisation_type', ['hospital', 'gp', 'municipality']);
export const userRole = pgEnum('user_role', ['patient', 'relative', 'clinician', 'admin']);
export const programmeCode = pgEnum('programme_code', ['copd', 'heart_failure']);
export const measurementKind = pgEnum('measurement_kind', MEASUREMENT_KINDS);
export const measurementSource = pgEnum('measurement_source', ['manual', 'device', 'nurse']);
export const measurementQuality = pgEnum('measurement_quality', ['ok', 'questionable']);
export const triageLevel = pgEnum('triage_level', ['green', 'yellow', 'red', 'questionable', 'review']);
export const alertSeverity = pgEnum('alert_severity', ['red', 'yellow', 'missing', 'review']);
export const alertStatus = pgEnum('alert_status', ['open', 'claimed', 'resolved']);

/** Change-feed position shared by alerts, so `?after=` resync sees every change in order. */
export const alertChangeSeq = pgSequence('alert_change_seq');
const alertSeq = sql`nextval('alert_change_seq')`;

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  type: organisationType('type').notNull(),
  /** Open around the clock (e.g. the municipal acute team): receives escalations. */
  alwaysOpen: boolean('always_open').notNull().default(false),
  /** Service hours as { days: [1..7], from: 'HH:MM', to: 'HH:MM' }; null = always open. */
  serviceHours: jsonb('service_hours').$type<{ days: number[]; from: string; to: string } | null>(),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash'),
  role: userRole('role').notNull(),
  displayName: text('display_name').notNull(),
  /** Clinicians (and organisation admins) belong to one organisation. */
  organisationId: uuid('organisation_id').references(() => organisations.id),
  /** A clinician's job, e.g. nurse, physician. */
  jobTitle: text('job_title'),
  passwordChangedAt: ts('password_changed_at'),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const patients = pgTable('patients', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The patient's own login; null until activated. */
  userId: uuid('user_id').unique().references(() => users.id),
  name: text('name').notNull(),
  birthDate: text('birth_date'),
  /** Bumped by every write that changes what a reading is triaged against (a reading, a limits change): nodes cache that context by it. */
  contextVersion: bigint('context_version', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
});

export const programmes = pgTable('programmes', {
  code: programmeCode('code').primaryKey(),
  name: jsonb('name').$type<LocalizedText>().notNull(),
});

export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    programme: programmeCode('programme').notNull().references(() => programmes.code),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    enrolledBy: uuid('enrolled_by').references(() => users.id),
    endedAt: ts('ended_at'),
    /** Measurement schedule (kinds, cadence, time of day, grace). */
    schedule: jsonb('schedule').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('enrolments_patient_idx').on(t.patientId)],
);

export const careTeamMembers = pgTable(
  'care_team_members',
  {
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    /** What this organisation answers for: triage colours and tasks. */
    responsibilities: jsonb('responsibilities').$type<string[]>().notNull().default([]),
    /** Position in the escalation chain (lower first). */
    escalationOrder: integer('escalation_order').notNull().default(0),
    /** Minutes an unclaimed red alert waits before it escalates. */
    claimWithinMinutes: integer('claim_within_minutes').notNull().default(30),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.organisationId] }), index('care_team_org_idx').on(t.organisationId)],
);

/** Versioned per patient and kind: a change is a new row with who, when and why. */
export const patientLimits = pgTable(
  'patient_limits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    kind: measurementKind('kind').notNull(),
    rules: jsonb('rules').$type<LimitRules>().notNull(),
    validFrom: ts('valid_from').notNull(),
    setBy: uuid('set_by').references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('patient_limits_lookup_idx').on(t.patientId, t.kind, t.validFrom)],
);

/**
 * Per-patient score totals at which a nurse visit turns yellow or red, when a clinician tightened the
 * national ones (NEWS2 7 red, NEWS2 5 yellow, TOBS 2 yellow). No row: the national thresholds apply.
 */
export const visitThresholds = pgTable('visit_thresholds', {
  patientId: uuid('patient_id').primaryKey().references(() => patients.id),
  news2Red: integer('news2_red').notNull(),
  news2Yellow: integer('news2_yellow').notNull(),
  tobsYellow: integer('tobs_yellow').notNull(),
  setBy: uuid('set_by').notNull().references(() => users.id),
  reason: text('reason').notNull(),
  setAt: ts('set_at').notNull(),
});

/** Immutable facts: never updated; a correction is a new record. */
export const measurements = pgTable(
  'measurements',
  {
    /** Generated by the client so a retry is recognised. */
    id: uuid('id').primaryKey(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    kind: measurementKind('kind').notNull(),
    /** Canonical value; for blood pressure the systolic. */
    value: doublePrecision('value').notNull(),
    /** Diastolic for blood pressure; null otherwise. */
    value2: doublePrecision('value2'),
    unit: text('unit').notNull(),
    originalValue: jsonb('original_value').$type<MeasurementInputValue>().notNull(),
    originalUnit: text('original_unit').notNull(),
    measuredAt: ts('measured_at').notNull(),
    receivedAt: ts('received_at').notNull(),
    source: measurementSource('source').notNull(),
    device: jsonb('device').$type<DeviceInfo>(),
    quality: measurementQuality('quality').notNull(),
    enteredBy: uuid('entered_by').references(() => users.id),
    triageLevel: triageLevel('triage_level').notNull(),
    triageReasons: jsonb('triage_reasons').$type<TriageReason[]>().notNull(),
    limitId: uuid('limit_id').references(() => patientLimits.id),
    /** Hash of the submitted payload: a replay with other content is a conflict. */
    payloadHash: text('payload_hash').notNull(),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
  },
  // The history index, measurements_history_idx on (patient_id, measured_at desc, id desc) including every
  // column a history page shows, is created in drizzle/0005 (drizzle cannot declare INCLUDE): a patient's
  // readings lie scattered over the table in arrival order, and a 90-day page read from the index alone
  // touches ~17 pages instead of ~120.
  (t) => [index('measurements_patient_kind_time_idx').on(t.patientId, t.kind, t.measuredAt), index('measurements_reviewed_idx').on(t.reviewedAt).where(sql`reviewed_at is not null`)],
);

/** Latest reading per patient and kind, kept in the submission's transaction so the board never scans history. */
export const latestMeasurements = pgTable(
  'latest_measurements',
  {
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    kind: measurementKind('kind').notNull(),
    measurementId: uuid('measurement_id').notNull(),
    value: doublePrecision('value').notNull(),
    value2: doublePrecision('value2'),
    unit: text('unit').notNull(),
    measuredAt: ts('measured_at').notNull(),
    level: triageLevel('level').notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.kind] })],
);

/**
 * One row per patient per Danish calendar week (its Monday) with anything received that week, kept by
 * triggers on measurements and questionnaire_responses in the inserting transaction. Each column is a
 * set of weekdays (bit 0 = Monday): the population dashboard reads a patient's year as 53 small rows.
 */
export const patientWeeks = pgTable(
  'patient_weeks',
  {
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    week: date('week', { mode: 'string' }).notNull(),
    /** Days with a reading. */
    readingDays: smallint('reading_days').notNull().default(0),
    /** Days with a reading or a questionnaire answer. */
    entryDays: smallint('entry_days').notNull().default(0),
    /** Days with a yellow or red reading or answer. */
    flaggedDays: smallint('flagged_days').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.week] })],
);

export const questionnaireResponses = pgTable(
  'questionnaire_responses',
  {
    id: uuid('id').primaryKey(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    questionnaireId: text('questionnaire_id').notNull(),
    questionnaireVersion: integer('questionnaire_version').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    score: doublePrecision('score'),
    answeredAt: ts('answered_at').notNull(),
    receivedAt: ts('received_at').notNull(),
    source: measurementSource('source').notNull(),
    enteredBy: uuid('entered_by').references(() => users.id),
    triageLevel: triageLevel('triage_level').notNull(),
    triageReasons: jsonb('triage_reasons').$type<TriageReason[]>().notNull(),
    payloadHash: text('payload_hash').notNull(),
  },
  (t) => [index('questionnaire_responses_patient_idx').on(t.patientId, t.answeredAt), index('questionnaire_responses_questionnaire_idx').on(t.questionnaireId, t.answeredAt)],
);

/**
 * Questionnaire definitions an administrator loaded (licensed wording, e.g. CAT or KCCQ-12), next to
 * the built-in ones in code. A row is immutable (a trigger allows only setting `retired_at` once): new
 * wording is a new version, and responses name the (id, version) they answered.
 */
export const questionnaireDefinitions = pgTable(
  'questionnaire_definitions',
  {
    questionnaireId: text('questionnaire_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<QuestionnaireDefinition>().notNull(),
    loadedBy: uuid('loaded_by').notNull().references(() => users.id),
    loadedAt: ts('loaded_at').notNull(),
    /** No new answers to this version after this time; stored answers keep it. */
    retiredAt: ts('retired_at'),
  },
  (t) => [primaryKey({ columns: [t.questionnaireId, t.version] })],
);

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    /** What the alert is about; one open alert per patient per rule. */
    rule: text('rule').notNull(),
    severity: alertSeverity('severity').notNull(),
    status: alertStatus('status').notNull().default('open'),
    reasons: jsonb('reasons').$type<TriageReason[]>().notNull(),
    openedAt: ts('opened_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    lastMeasurementId: uuid('last_measurement_id'),
    breaches: integer('breaches').notNull().default(1),
    ownerId: uuid('owner_id').references(() => users.id),
    /** The organisation answering for the alert now (moves on accepted handover and on escalation). */
    responsibleOrgId: uuid('responsible_org_id').references(() => organisations.id),
    /** Red alerts: claim before this time or the alert escalates. */
    claimDueAt: ts('claim_due_at'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    claimedAt: ts('claimed_at'),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    /** contacted_patient, home_visit, medication_changed, referred_to_hospital, admitted, no_action_needed. */
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    /** This version's position, bumped on every change: a screen keeps the newest version of each alert. */
    seq: bigint('seq', { mode: 'number' }).notNull().default(alertSeq),
    /**
     * The transaction that last changed the alert (set by a trigger on update). The resync feed reads
     * by it: a transaction's sequence numbers can commit after a later one's, its transaction id
     * cannot hide behind a snapshot's horizon (see alert.service).
     */
    changedXid: bigint('changed_xid', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [
    uniqueIndex('alerts_one_open_per_rule').on(t.patientId, t.rule).where(sql`status <> 'resolved'`),
    index('alerts_changed_xid_idx').on(t.changedXid),
    index('alerts_open_patient_idx').on(t.patientId).where(sql`status <> 'resolved'`),
    index('alerts_claim_due_idx').on(t.claimDueAt).where(sql`status = 'open' and claim_due_at is not null`),
  ],
);

export const handoverStatus = pgEnum('handover_status', ['pending', 'accepted', 'declined', 'cancelled']);

/** A request to hand an alert (or a patient's follow-up) to another organisation; the sender stays responsible until accepted. */
export const handovers = pgTable(
  'handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    /** Null when the whole follow-up of the patient is handed over. */
    alertId: uuid('alert_id').references(() => alerts.id),
    fromOrgId: uuid('from_org_id').notNull().references(() => organisations.id),
    fromUserId: uuid('from_user_id').notNull().references(() => users.id),
    toOrgId: uuid('to_org_id').notNull().references(() => organisations.id),
    message: text('message').notNull(),
    status: handoverStatus('status').notNull().default('pending'),
    createdAt: ts('created_at').notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    declineReason: text('decline_reason'),
  },
  (t) => [
    uniqueIndex('handovers_one_pending_per_alert').on(t.alertId).where(sql`status = 'pending' and alert_id is not null`),
    index('handovers_to_org_idx').on(t.toOrgId, t.status),
    index('handovers_patient_idx').on(t.patientId),
  ],
);

/** Who answers for a patient's follow-up (the organisation that owns it), changed by accepted handovers. */
export const followUpOwners = pgTable('follow_up_owners', {
  patientId: uuid('patient_id').primaryKey().references(() => patients.id),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  userId: uuid('user_id').references(() => users.id),
  since: ts('since').notNull(),
});

/** A clinician paused a patient's schedule: no missing alerts in [startsAt, endsAt). */
export const monitoringPauses = pgTable(
  'monitoring_pauses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** admitted, holiday, other. */
    reason: text('reason').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: createdAt(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [index('monitoring_pauses_patient_idx').on(t.patientId, t.endsAt)],
);

export const invitationKind = pgEnum('invitation_kind', ['patient_activation', 'relative']);

/** One-time codes: a patient's activation, or a relative's invitation. Only a hash of the code is stored. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    codeHash: text('code_hash').notNull().unique(),
    kind: invitationKind('kind').notNull(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    /** What a relative will see: readings, alerts, consultations, messages; and notifyRed. */
    grants: jsonb('grants').$type<{ scopes: string[]; notifyRed: boolean } | null>(),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    usedBy: uuid('used_by').references(() => users.id),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('invitations_patient_idx').on(t.patientId)],
);

/** What a relative may see of a patient's data, until the patient withdraws it. */
export const relativeGrants = pgTable(
  'relative_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    relativeUserId: uuid('relative_user_id').notNull().references(() => users.id),
    /** readings, alerts, consultations, messages. */
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    notifyRed: boolean('notify_red').notNull().default(false),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('relative_grants_active').on(t.patientId, t.relativeUserId).where(sql`revoked_at is null`),
    index('relative_grants_relative_idx').on(t.relativeUserId),
  ],
);

/** A thread per patient between the patient (or a relative with the grant) and the care team. */
export const messages = pgTable(
  'messages',
  {
    /** Generated by the client so a retry is recognised. */
    id: uuid('id').primaryKey(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    senderId: uuid('sender_id').notNull().references(() => users.id),
    senderRole: userRole('sender_role').notNull(),
    senderOrgId: uuid('sender_org_id').references(() => organisations.id),
    body: text('body').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [index('messages_patient_idx').on(t.patientId, t.sentAt)],
);

/** Read receipts: who read which message, when. */
export const messageReads = pgTable(
  'message_reads',
  {
    messageId: uuid('message_id').notNull().references(() => messages.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    readAt: ts('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index('message_reads_user_idx').on(t.userId)],
);

/** Failed logins, for rate limiting per account and per address across every node. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip'),
    at: ts('at').notNull(),
  },
  (t) => [index('login_failures_email_idx').on(t.email, t.at), index('login_failures_ip_idx').on(t.ip, t.at)],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id').notNull().references(() => alerts.id),
    type: text('type').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    at: ts('at').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at), index('alert_events_type_at_idx').on(t.type, t.at)],
);

/** External systems acting for one organisation through a bearer credential (only its hash is kept). */
export const systemClients = pgTable('system_clients', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The system's own user (a clinician of the organisation without a password): access checks and audit name it. */
  userId: uuid('user_id').notNull().unique().references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
});

/** An external system's address to be told of changes for one organisation's patients (signed with `secret`). */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  url: text('url').notNull(),
  /** alert.raised, alert.updated, reading.received. */
  events: jsonb('events').$type<string[]>().notNull(),
  /** The HMAC-SHA256 key; the receiver holds it too, so it is kept as it is (shown to the administrator once). */
  secret: text('secret').notNull(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
});

/**
 * The outbox: one row per event per webhook, written by triggers in the transaction of the change;
 * a job on any node delivers due rows (claimed with SKIP LOCKED, leased while sending).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Sent as the event's id: a receiver drops a repeat by it. */
    eventId: uuid('event_id').notNull().defaultRandom(),
    webhookId: uuid('webhook_id').notNull().references(() => webhooks.id),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    deliveredAt: ts('delivered_at'),
    /** Given up after the last retry; an administrator can send it again. */
    failedAt: ts('failed_at'),
    lastError: text('last_error'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`delivered_at is null and failed_at is null`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
  ],
);

/** Append-only (a trigger refuses UPDATE and DELETE): who did what to which patient's data. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    userId: uuid('user_id'),
    role: text('role'),
    organisationId: uuid('organisation_id'),
    patientId: uuid('patient_id'),
    resource: text('resource').notNull(),
    action: text('action').notNull(),
    outcome: text('outcome').notNull().default('allowed'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_patient_time_idx').on(t.patientId, t.at)],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Payloads over NOTIFY's 8,000-byte limit for the Socket.IO PostgreSQL adapter (its own layout; the
 * adapter writes and cleans it). Created by migration so that no node creates tables at run time.
 */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  payload: bytea('payload'),
});

/** A home visit's set of vital signs with its TOBS and NEWS2; each sign is also a reading (measurements, source nurse). */
export const visits = pgTable(
  'visits',
  {
    /** Generated by the client so a retry is recognised. */
    id: uuid('id').primaryKey(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    measuredAt: ts('measured_at').notNull(),
    recordedBy: uuid('recorded_by').notNull().references(() => users.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** The signs as entered (respiratoryRate, spo2, onOxygen, systolic, diastolic, pulse, temperature, consciousness). */
    vitals: jsonb('vitals').$type<Record<string, unknown>>().notNull(),
    spo2Scale: integer('spo2_scale').notNull(),
    tobs: jsonb('tobs').$type<Record<string, unknown>>().notNull(),
    news2: jsonb('news2').$type<Record<string, unknown>>().notNull(),
    tobsTotal: integer('tobs_total').notNull(),
    news2Total: integer('news2_total').notNull(),
    triageLevel: triageLevel('triage_level').notNull(),
    /** The visit's own reasons (code, level, params); its alert carries them as text. */
    triageReasons: jsonb('triage_reasons').$type<VisitTriageReason[]>().notNull(),
    /** Hash of the submitted payload: a replay with other content is a conflict. */
    payloadHash: text('payload_hash').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('visits_patient_time_idx').on(t.patientId, t.measuredAt)],
);

/** Short notes any clinician on the care team writes and all sectors read; never edited. */
export const careTeamNotes = pgTable(
  'care_team_notes',
  {
    id: uuid('id').primaryKey(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    authorId: uuid('author_id').notNull().references(() => users.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('care_team_notes_patient_time_idx').on(t.patientId, t.createdAt)],
);

/** A booked video consultation about one patient; the call itself is browser-to-browser (WebRTC). */
export const consultations = pgTable(
  'consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    organiserId: uuid('organiser_id').notNull().references(() => users.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    startsAt: ts('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** follow_up, discharge, specialist_advice. */
    type: text('type').notNull(),
    purpose: text('purpose').notNull(),
    /** scheduled, cancelled, completed. */
    status: text('status').notNull().default('scheduled'),
    summary: text('summary'),
    /** An ad-hoc call to an organisation (specialist advice): whose clinicians may take it until one does. */
    calledOrganisationId: uuid('called_organisation_id').references(() => organisations.id),
    takenBy: uuid('taken_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('consultations_patient_time_idx').on(t.patientId, t.startsAt)],
);

/** Who is invited to a consultation (the organiser too); only they may join its call. */
export const consultationParticipants = pgTable(
  'consultation_participants',
  {
    consultationId: uuid('consultation_id').notNull().references(() => consultations.id),
    userId: uuid('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.userId] }), index('consultation_participants_user_idx').on(t.userId)],
);
