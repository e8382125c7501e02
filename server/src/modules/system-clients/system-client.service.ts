import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { NewSystemClient, SystemClient, SystemClientRequest } from '@naer/shared';
import type { Database } from '../../db/client';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { AuditRepository } from '../audit/audit.repository';
import type { UserRepository } from '../auth/user.repository';
import type { OrganisationRepository } from '../organisations/organisation.repository';
import type { SystemClientRepository, SystemClientRow } from './system-client.repository';

/** Credentials start with this, so a leaked one is recognisable (e.g. by secret scanners). */
const TOKEN_PREFIX = 'naer_sys_';

export const systemTokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

function toClient(row: SystemClientRow): SystemClient {
  return { id: row.id, name: row.name, organisation: row.organisation, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null };
}

export function createSystemClientService(deps: { database: Database; clients: SystemClientRepository; users: UserRepository; organisations: OrganisationRepository; audit: AuditRepository; clock: Clock }) {
  const { database, clients, users, organisations, audit, clock } = deps;
  const { db } = database;

  function requireAdmin(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators register external systems.');
  }

  return {
    async list(actor: Actor): Promise<{ items: SystemClient[] }> {
      requireAdmin(actor);
      return { items: (await clients.list(db)).map(toClient) };
    },

    /** Registers a system for one organisation; the credential is answered this once and kept only as a hash. */
    async create(actor: Actor, input: SystemClientRequest): Promise<NewSystemClient> {
      requireAdmin(actor);
      const now = clock.now();
      const organisation = await organisations.find(db, input.organisationId);
      if (!organisation) throw new ValidationError(`organisationId: there is no organisation with id ${input.organisationId}.`, [{ path: 'organisationId', message: 'unknown organisation' }]);
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const id = await db.transaction(async (tx) => {
        const userId = await users.insertSystemUser(tx, { email: `system-${randomUUID()}@systems.naer.invalid`, displayName: `${input.name} (system)`, organisationId: organisation.id });
        const clientId = await clients.insert(tx, { userId, name: input.name, tokenHash: systemTokenHash(token), createdBy: actor.userId, createdAt: now });
        await audit.record(tx, { actor, resource: 'system_client', action: 'create', details: { systemClientId: clientId, organisationId: organisation.id, name: input.name } }, now);
        return clientId;
      });
      const row = await clients.find(db, id);
      if (!row) throw new NotFoundError('system client', id);
      return { client: toClient(row), token };
    },

    async revoke(actor: Actor, id: string): Promise<SystemClient> {
      requireAdmin(actor);
      const now = clock.now();
      await db.transaction(async (tx) => {
        if (!(await clients.find(tx, id))) throw new NotFoundError('system client', id);
        await clients.revoke(tx, id, now);
        await audit.record(tx, { actor, resource: 'system_client', action: 'revoke', details: { systemClientId: id } }, now);
      });
      const row = await clients.find(db, id);
      if (!row) throw new NotFoundError('system client', id);
      return toClient(row);
    },

    /** The actor a bearer credential stands for (a clinician of the system's organisation), or undefined. */
    async authenticate(token: string, ip: string | null): Promise<Actor | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const row = await clients.findActive(db, systemTokenHash(token));
      if (!row) return undefined;
      return { userId: row.userId, email: row.email, displayName: `${row.name} (system)`, role: 'clinician', organisation: row.organisation, patientId: null, ip };
    },
  };
}

export type SystemClientService = ReturnType<typeof createSystemClientService>;
