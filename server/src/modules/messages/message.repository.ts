import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Message, MessageParticipant, Organisation, UserRole } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import type { Actor } from '../../kernel/actor';

/** A participant as the SQL below builds it with json_build_object. */
interface ParticipantJson {
  id: string;
  role: UserRole;
  displayName: string;
  jobTitle: string | null;
  organisation: Organisation | null;
}

export interface MessageRow {
  id: string;
  patient_id: string;
  sender_id: string;
  body: string;
  sent_at: string | Date;
  sender: ParticipantJson;
  reads: Array<{ reader: ParticipantJson; readAt: string }> | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** The JSON of one user as a message participant; `u` is the users row, `o` their organisation. */
const participant = (u: string, o: string) =>
  sql.raw(`json_build_object('id', ${u}.id, 'role', ${u}.role, 'displayName', ${u}.display_name, 'jobTitle', ${u}.job_title,
    'organisation', case when ${o}.id is null then null else json_build_object('id', ${o}.id, 'name', ${o}.name, 'type', ${o}.type) end)`);

/** Messages with sender and receipts; the caller adds `where` and ordering. */
const selectMessages = sql`
  select m.id, m.patient_id, m.sender_id, m.body, m.sent_at,
    ${participant('su', 'so')} as sender,
    (select json_agg(json_build_object('reader', ${participant('ru', 'ro')}, 'readAt', r.read_at) order by r.read_at, ru.id)
       from message_reads r join users ru on ru.id = r.user_id left join organisations ro on ro.id = ru.organisation_id
      where r.message_id = m.id) as reads
  from messages m
  join users su on su.id = m.sender_id
  left join organisations so on so.id = m.sender_org_id`;

const toParticipant = (p: ParticipantJson): MessageParticipant => ({
  id: p.id,
  role: p.role,
  displayName: p.displayName,
  jobTitle: p.jobTitle,
  organisation: p.organisation ? { id: p.organisation.id, name: p.organisation.name, type: p.organisation.type } : null,
});

/** Allow-list from a row to the public Message contract. */
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    patientId: row.patient_id,
    body: row.body,
    sentAt: iso(row.sent_at),
    sender: toParticipant(row.sender),
    readBy: (row.reads ?? []).map((r) => ({ reader: toParticipant(r.reader), readAt: iso(r.readAt) })),
  };
}

/** The side of the conversation a role writes from: the patient and relatives, or the care team. */
const careSide = (role: UserRole) => role === 'clinician' || role === 'admin';

/**
 * Whether message `m` is unread for the actor, as SQL. A clinician's organisation reads as one team:
 * a message from the patient or a relative is read once anyone of that organisation has read it. An
 * administrator counts what no clinician has read yet. A patient or relative counts the care team's
 * messages they have not read themselves.
 */
export function unreadCondition(actor: Actor): SQL {
  switch (actor.role) {
    case 'clinician':
      if (!actor.organisation) return sql`false`;
      return sql`m.sender_role in ('patient', 'relative') and not exists (
        select 1 from message_reads r join users ru on ru.id = r.user_id
         where r.message_id = m.id and ru.organisation_id = ${actor.organisation.id}::uuid)`;
    case 'admin':
      return sql`m.sender_role in ('patient', 'relative') and not exists (
        select 1 from message_reads r join users ru on ru.id = r.user_id where r.message_id = m.id and ru.role = 'clinician')`;
    case 'patient':
    case 'relative':
      return sql`m.sender_role = 'clinician' and not exists (
        select 1 from message_reads r where r.message_id = m.id and r.user_id = ${actor.userId}::uuid)`;
  }
}

/** The board's unread count for the patient row aliased `p` (see `unreadCondition`). */
export function unreadMessagesCount(actor: Actor): SQL {
  return sql`(select count(*)::int from messages m where m.patient_id = p.id and ${unreadCondition(actor)})`;
}

export function createMessageRepository(database: Database) {
  return {
    /** Stores a message; false when the id exists already (a retry, or a clash the caller checks). */
    async insert(
      executor: Executor,
      m: { id: string; patientId: string; senderId: string; senderRole: UserRole; senderOrgId: string | null; body: string; sentAt: Date },
    ): Promise<boolean> {
      const rows = await database.rows<{ id: string }>(
        sql`insert into messages (id, patient_id, sender_id, sender_role, sender_org_id, body, sent_at)
            values (${m.id}::uuid, ${m.patientId}::uuid, ${m.senderId}::uuid, ${m.senderRole}::user_role, ${m.senderOrgId}::uuid, ${m.body}, ${m.sentAt.toISOString()}::timestamptz)
            on conflict (id) do nothing returning id`,
        executor,
      );
      return rows.length > 0;
    },

    async findById(executor: Executor, id: string): Promise<MessageRow | undefined> {
      const [row] = await database.rows<MessageRow>(sql`${selectMessages} where m.id = ${id}::uuid`, executor);
      return row;
    },

    /** The newest `limit` messages before the cursor, newest first, keyed on (sent_at, id). */
    async listNewestFirst(patientId: string, limit: number, before?: { sentAt: Date; id: string }): Promise<MessageRow[]> {
      const cursor = before ? sql`and (m.sent_at, m.id) < (${before.sentAt.toISOString()}::timestamptz, ${before.id}::uuid)` : sql``;
      return database.rows<MessageRow>(sql`${selectMessages} where m.patient_id = ${patientId}::uuid ${cursor} order by m.sent_at desc, m.id desc limit ${limit}`);
    },

    async countUnread(actor: Actor, patientId: string): Promise<number> {
      const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from messages m where m.patient_id = ${patientId}::uuid and ${unreadCondition(actor)}`);
      return row?.n ?? 0;
    },

    /**
     * Records that the reader read every message from the other side of the thread up to and
     * including `upTo`; returns the ids newly marked. Undefined when `upTo` is not in this thread.
     */
    async markRead(executor: Executor, reader: { userId: string; role: UserRole }, patientId: string, upTo: string, at: Date): Promise<string[] | undefined> {
      const other = careSide(reader.role) ? sql`m.sender_role in ('patient', 'relative')` : sql`m.sender_role = 'clinician'`;
      const [row] = await database.rows<{ found: boolean; ids: string[] | null }>(
        sql`with target as (select sent_at, id from messages where id = ${upTo}::uuid and patient_id = ${patientId}::uuid),
          ins as (
            insert into message_reads (message_id, user_id, read_at)
            select m.id, ${reader.userId}::uuid, ${at.toISOString()}::timestamptz
              from messages m, target
             where m.patient_id = ${patientId}::uuid and ${other} and m.sender_id <> ${reader.userId}::uuid
               and (m.sent_at, m.id) <= (target.sent_at, target.id)
            on conflict (message_id, user_id) do nothing
            returning message_id
          )
          select exists (select 1 from target) as found, (select array_agg(message_id::text) from ins) as ids`,
        executor,
      );
      if (!row?.found) return undefined;
      return row.ids ?? [];
    },

    /** The reader as the thread shows them (their job title is not part of the session's actor). */
    async participant(userId: string): Promise<MessageParticipant | undefined> {
      const [row] = await database.rows<{ p: ParticipantJson }>(
        sql`select ${participant('u', 'o')} as p from users u left join organisations o on o.id = u.organisation_id where u.id = ${userId}::uuid`,
      );
      return row ? toParticipant(row.p) : undefined;
    },

    /** Who answers the thread: the organisation that owns the patient's follow-up, else the first on the care team. */
    async answeredBy(patientId: string): Promise<Organisation | null> {
      const [row] = await database.rows<Organisation>(
        sql`select o.id, o.name, o.type from organisations o
             where o.id = coalesce(
               (select f.organisation_id from follow_up_owners f where f.patient_id = ${patientId}::uuid),
               (select c.organisation_id from care_team_members c where c.patient_id = ${patientId}::uuid order by c.escalation_order, c.created_at limit 1))`,
      );
      return row ? { id: row.id, name: row.name, type: row.type } : null;
    },
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;
