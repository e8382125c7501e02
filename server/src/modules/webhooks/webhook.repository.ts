import { sql } from 'drizzle-orm';
import type { OrganisationType, WebhookEvent } from '@naer/shared';
import type { Database, Executor } from '../../db/client';

export interface WebhookRow {
  id: string;
  organisation: { id: string; name: string; type: OrganisationType };
  url: string;
  events: WebhookEvent[];
  created_at: string;
  disabled_at: string | null;
  pending: number;
  failed: number;
}

export interface DeliveryRow {
  id: number;
  event_id: string;
  event: WebhookEvent;
  created_at: string;
  attempts: number;
  delivered_at: string | null;
  failed_at: string | null;
  next_attempt_at: string;
  last_error: string | null;
}

/** A due delivery with where and how to send it. */
export interface DueDelivery {
  id: number;
  event_id: string;
  event: string;
  payload: Record<string, unknown>;
  created_at: string;
  attempts: number;
  url: string;
  secret: string;
}

const iso = (d: Date) => d.toISOString();

const webhookSelect = sql`
  select w.id, json_build_object('id', o.id, 'name', o.name, 'type', o.type) as organisation, w.url, w.events,
         to_char(w.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
         to_char(w.disabled_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as disabled_at,
         (select count(*)::int from webhook_deliveries d where d.webhook_id = w.id and d.delivered_at is null and d.failed_at is null) as pending,
         (select count(*)::int from webhook_deliveries d where d.webhook_id = w.id and d.failed_at is not null) as failed
    from webhooks w join organisations o on o.id = w.organisation_id`;

const deliveryColumns = sql`d.id::int as id, d.event_id, d.event, to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, d.attempts,
  to_char(d.delivered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as delivered_at, to_char(d.failed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as failed_at,
  to_char(d.next_attempt_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as next_attempt_at, d.last_error`;

export function createWebhookRepository(database: Database) {
  return {
    async insert(executor: Executor, row: { organisationId: string; url: string; events: WebhookEvent[]; secret: string; createdBy: string; createdAt: Date }): Promise<string> {
      const [inserted] = await database.rows<{ id: string }>(
        sql`insert into webhooks (organisation_id, url, events, secret, created_by, created_at)
            values (${row.organisationId}::uuid, ${row.url}, ${JSON.stringify(row.events)}::jsonb, ${row.secret}, ${row.createdBy}::uuid, ${iso(row.createdAt)}::timestamptz) returning id`,
        executor,
      );
      if (!inserted) throw new Error('webhook insert returned no row');
      return inserted.id;
    },

    async list(): Promise<WebhookRow[]> {
      return database.rows<WebhookRow>(sql`${webhookSelect} order by w.created_at desc`);
    },

    async find(executor: Executor, id: string): Promise<WebhookRow | undefined> {
      const [row] = await database.rows<WebhookRow>(sql`${webhookSelect} where w.id = ${id}::uuid`, executor);
      return row;
    },

    async disable(executor: Executor, id: string, at: Date): Promise<void> {
      await database.rows(sql`update webhooks set disabled_at = ${iso(at)}::timestamptz where id = ${id}::uuid and disabled_at is null`, executor);
    },

    /** The newest deliveries, failed first. */
    async deliveries(webhookId: string, limit: number): Promise<DeliveryRow[]> {
      return database.rows<DeliveryRow>(sql`
        select ${deliveryColumns} from webhook_deliveries d where d.webhook_id = ${webhookId}::uuid
         order by (d.failed_at is null), d.id desc limit ${limit}`);
    },

    async findDelivery(executor: Executor, id: number): Promise<(DeliveryRow & { webhook_id: string }) | undefined> {
      const [row] = await database.rows<DeliveryRow & { webhook_id: string }>(sql`select ${deliveryColumns}, d.webhook_id from webhook_deliveries d where d.id = ${id}`, executor);
      return row;
    },

    /** Queues a delivery again from the first try. */
    async resend(executor: Executor, id: number, at: Date): Promise<void> {
      await database.rows(sql`update webhook_deliveries set failed_at = null, delivered_at = null, attempts = 0, next_attempt_at = ${iso(at)}::timestamptz, last_error = null where id = ${id}`, executor);
    },

    /**
     * Claims due deliveries of enabled webhooks for this node: rows locked with SKIP LOCKED are another
     * node's; a claimed row is leased until `leaseUntil`, so a node that dies mid-send leaves it to be retried.
     */
    async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueDelivery[]> {
      return database.rows<DueDelivery>(sql`
        with due as (
          select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id
           where d.delivered_at is null and d.failed_at is null and d.next_attempt_at <= ${iso(now)}::timestamptz and w.disabled_at is null
           order by d.next_attempt_at, d.id limit ${limit} for update of d skip locked)
        update webhook_deliveries d set next_attempt_at = ${iso(leaseUntil)}::timestamptz
          from due, webhooks w
         where d.id = due.id and w.id = d.webhook_id
        returning d.id::int as id, d.event_id, d.event, d.payload, to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, d.attempts, w.url, w.secret`);
    },

    /** Marks a batch's successful deliveries in one statement. */
    async delivered(ids: number[], at: Date): Promise<void> {
      if (ids.length === 0) return;
      await database.rows(sql`update webhook_deliveries set delivered_at = ${iso(at)}::timestamptz, attempts = attempts + 1, last_error = null where id = any(${`{${ids.join(',')}}`}::bigint[])`);
    },

    /** A failed try: the next at `retryAt`, or given up (null). */
    async attemptFailed(id: number, error: string, retryAt: Date | null, at: Date): Promise<void> {
      await database.rows(sql`
        update webhook_deliveries set attempts = attempts + 1, last_error = ${error.slice(0, 500)},
               next_attempt_at = coalesce(${retryAt ? iso(retryAt) : null}::timestamptz, next_attempt_at),
               failed_at = case when ${retryAt === null} then ${iso(at)}::timestamptz end
         where id = ${id}`);
    },
  };
}

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
