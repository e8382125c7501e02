import { eq } from 'drizzle-orm';
import type { Organisation, OrganisationType, Programme } from '@naer/shared';
import type { Executor } from '../../db/client';
import { organisations, programmes } from '../../db/schema';

export interface NewOrganisation {
  name: string;
  type: OrganisationType;
  serviceHours: { days: number[]; from: string; to: string } | null;
  alwaysOpen?: boolean;
}

/** Organisations and the programmes they run: set up once per installation. */
export function createOrganisationRepository() {
  return {
    /** Inserts organisations in the given order; returns their ids in that order. */
    async insertOrganisations(executor: Executor, rows: NewOrganisation[]): Promise<string[]> {
      const inserted = await executor
        .insert(organisations)
        .values(rows.map((o) => ({ name: o.name, type: o.type, serviceHours: o.serviceHours, alwaysOpen: o.alwaysOpen ?? false })))
        .returning({ id: organisations.id, name: organisations.name });
      return rows.map((o) => {
        const row = inserted.find((i) => i.name === o.name);
        if (!row) throw new Error(`organisation insert returned no row for ${o.name}`);
        return row.id;
      });
    },

    /** One organisation by id, or undefined. */
    async find(executor: Executor, id: string): Promise<Organisation | undefined> {
      const [row] = await executor.select({ id: organisations.id, name: organisations.name, type: organisations.type }).from(organisations).where(eq(organisations.id, id));
      return row;
    },

    async anyOrganisation(executor: Executor): Promise<boolean> {
      const [row] = await executor.select({ id: organisations.id }).from(organisations).limit(1);
      return row !== undefined;
    },

    async insertProgrammes(executor: Executor, rows: Array<{ code: Programme; name: { da: string; en: string } }>): Promise<void> {
      await executor.insert(programmes).values(rows);
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
