import { and, desc, eq, isNull } from 'drizzle-orm';
import type { OrganisationType } from '@naer/shared';
import type { Executor } from '../../db/client';
import { organisations, systemClients, users } from '../../db/schema';

export interface SystemClientRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  createdAt: Date;
  revokedAt: Date | null;
  organisation: { id: string; name: string; type: OrganisationType };
}

const columns = {
  id: systemClients.id, userId: systemClients.userId, name: systemClients.name, email: users.email, createdAt: systemClients.createdAt, revokedAt: systemClients.revokedAt,
  orgId: organisations.id, orgName: organisations.name, orgType: organisations.type,
};
type Selected = { id: string; userId: string; name: string; email: string; createdAt: Date; revokedAt: Date | null; orgId: string | null; orgName: string | null; orgType: OrganisationType | null };

function toRow(r: Selected): SystemClientRow {
  if (!r.orgId || !r.orgName || !r.orgType) throw new Error(`system client ${r.id} has no organisation`);
  return { id: r.id, userId: r.userId, name: r.name, email: r.email, createdAt: r.createdAt, revokedAt: r.revokedAt, organisation: { id: r.orgId, name: r.orgName, type: r.orgType } };
}

export function createSystemClientRepository() {
  const select = (executor: Executor) =>
    executor.select(columns).from(systemClients).innerJoin(users, eq(users.id, systemClients.userId)).leftJoin(organisations, eq(organisations.id, users.organisationId));

  return {
    async insert(executor: Executor, row: { userId: string; name: string; tokenHash: string; createdBy: string; createdAt: Date }): Promise<string> {
      const [inserted] = await executor.insert(systemClients).values(row).returning({ id: systemClients.id });
      if (!inserted) throw new Error('system client insert returned no row');
      return inserted.id;
    },

    async list(executor: Executor): Promise<SystemClientRow[]> {
      return (await select(executor).orderBy(desc(systemClients.createdAt))).map(toRow);
    },

    async find(executor: Executor, id: string): Promise<SystemClientRow | undefined> {
      const [row] = await select(executor).where(eq(systemClients.id, id));
      return row ? toRow(row) : undefined;
    },

    /** The client whose credential hashes to this, while it is not revoked. */
    async findActive(executor: Executor, tokenHash: string): Promise<SystemClientRow | undefined> {
      const [row] = await select(executor).where(and(eq(systemClients.tokenHash, tokenHash), isNull(systemClients.revokedAt)));
      return row ? toRow(row) : undefined;
    },

    async revoke(executor: Executor, id: string, at: Date): Promise<void> {
      await executor.update(systemClients).set({ revokedAt: at }).where(and(eq(systemClients.id, id), isNull(systemClients.revokedAt)));
    },
  };
}

export type SystemClientRepository = ReturnType<typeof createSystemClientRepository>;
