import { randomBytes } from 'node:crypto';
import type { NewWebhook, Webhook, WebhookDelivery, WebhookRequest } from '@naer/shared';
import type { Database } from '../../db/client';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { AuditRepository } from '../audit/audit.repository';
import type { OrganisationRepository } from '../organisations/organisation.repository';
import type { DeliveryRow, WebhookRepository, WebhookRow } from './webhook.repository';

const DELIVERY_LIST_LIMIT = 100;

const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id, organisation: row.organisation, url: row.url, events: row.events, createdAt: row.created_at, disabledAt: row.disabled_at, pending: row.pending, failed: row.failed,
});

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id, eventId: row.event_id, event: row.event, createdAt: row.created_at, attempts: row.attempts,
  status: row.delivered_at ? 'delivered' : row.failed_at ? 'failed' : 'pending',
  deliveredAt: row.delivered_at, nextAttemptAt: row.delivered_at || row.failed_at ? null : row.next_attempt_at, lastError: row.last_error,
});

/** Administrators' side of webhooks: register, disable, see deliveries, send one again. */
export function createWebhookService(deps: { database: Database; webhooks: WebhookRepository; organisations: OrganisationRepository; audit: AuditRepository; clock: Clock }) {
  const { database, webhooks, organisations, audit, clock } = deps;
  const { db } = database;
  const requireAdmin = (actor: Actor) => {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators manage webhooks.');
  };

  return {
    async list(actor: Actor): Promise<{ items: Webhook[] }> {
      requireAdmin(actor);
      return { items: (await webhooks.list()).map(toWebhook) };
    },

    async create(actor: Actor, input: WebhookRequest): Promise<NewWebhook> {
      requireAdmin(actor);
      const now = clock.now();
      const organisation = await organisations.find(db, input.organisationId);
      if (!organisation) throw new ValidationError(`organisationId: there is no organisation with id ${input.organisationId}.`, [{ path: 'organisationId', message: 'unknown organisation' }]);
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const id = await db.transaction(async (tx) => {
        const webhookId = await webhooks.insert(tx, { organisationId: organisation.id, url: input.url, events: [...new Set(input.events)], secret, createdBy: actor.userId, createdAt: now });
        await audit.record(tx, { actor, resource: 'webhook', action: 'create', details: { webhookId, organisationId: organisation.id, url: input.url, events: input.events } }, now);
        return webhookId;
      });
      const row = await webhooks.find(db, id);
      if (!row) throw new NotFoundError('webhook', id);
      return { webhook: toWebhook(row), secret };
    },

    async disable(actor: Actor, id: string): Promise<Webhook> {
      requireAdmin(actor);
      const now = clock.now();
      await db.transaction(async (tx) => {
        if (!(await webhooks.find(tx, id))) throw new NotFoundError('webhook', id);
        await webhooks.disable(tx, id, now);
        await audit.record(tx, { actor, resource: 'webhook', action: 'disable', details: { webhookId: id } }, now);
      });
      const row = await webhooks.find(db, id);
      if (!row) throw new NotFoundError('webhook', id);
      return toWebhook(row);
    },

    async deliveries(actor: Actor, id: string): Promise<{ items: WebhookDelivery[] }> {
      requireAdmin(actor);
      if (!(await webhooks.find(db, id))) throw new NotFoundError('webhook', id);
      return { items: (await webhooks.deliveries(id, DELIVERY_LIST_LIMIT)).map(toDelivery) };
    },

    async resend(actor: Actor, id: number): Promise<WebhookDelivery> {
      requireAdmin(actor);
      const now = clock.now();
      await db.transaction(async (tx) => {
        if (!(await webhooks.findDelivery(tx, id))) throw new NotFoundError('webhook delivery', String(id));
        await webhooks.resend(tx, id, now);
        await audit.record(tx, { actor, resource: 'webhook', action: 'resend', details: { deliveryId: id } }, now);
      });
      const row = await webhooks.findDelivery(db, id);
      if (!row) throw new NotFoundError('webhook delivery', String(id));
      return toDelivery(row);
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
