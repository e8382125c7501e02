import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglitePrepared } from './pglite-prepared';

let pg: PGlite;
let run: ReturnType<typeof pglitePrepared>;

beforeAll(async () => {
  pg = await PGlite.create('memory://');
  await pg.exec(`create table readings (id uuid primary key, value double precision not null, at timestamptz not null, device jsonb)`);
  run = pglitePrepared(pg);
});

afterAll(async () => {
  await pg.close();
});

const insert = `insert into readings (id, value, at, device) values ($1::uuid, $2::float8, $3::timestamptz, $4::jsonb) returning id, value, at, device`;

describe('PGlite prepared statements', () => {
  it('returns rows parsed like PGlite’s own query(): numbers, dates and JSON', async () => {
    const [row] = await run<{ id: string; value: number; at: Date; device: unknown }>(insert, ['6f1d3a52-0d1e-4c41-9a53-3d1a4c6f8e01', 91.5, '2026-11-22T10:00:00.000Z', '{"name":"Oxi \\"Pro\\""}'], false);
    expect(row).toEqual({ id: '6f1d3a52-0d1e-4c41-9a53-3d1a4c6f8e01', value: 91.5, at: new Date('2026-11-22T10:00:00.000Z'), device: { name: 'Oxi "Pro"' } });
    const same = await pg.query('select id, value, at, device from readings');
    expect(same.rows).toEqual([row]);
  });

  it('reports a failed statement and leaves the connection usable, with nothing written', async () => {
    await expect(run(insert, ['not-a-uuid', 1, '2026-11-22T10:00:00.000Z', null], false)).rejects.toThrow(/uuid/);
    await expect(run(insert, ['6f1d3a52-0d1e-4c41-9a53-3d1a4c6f8e01', 1, '2026-11-22T10:00:00.000Z', null], false)).rejects.toThrow(/duplicate key/);
    const rows = await run<{ n: number }>('select count(*)::int as n from readings', [], false);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('runs inside a PGlite transaction, whose rollback undoes it', async () => {
    await pg
      .transaction(async () => {
        await run(insert, ['0c7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6', 2, '2026-11-22T11:00:00.000Z', null], true);
        const inside = await run<{ n: number }>('select count(*)::int as n from readings', [], true);
        expect(inside).toEqual([{ n: 2 }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await run('select count(*)::int as n from readings', [], false)).toEqual([{ n: 1 }]);
  });

  it('waits for an open transaction instead of running inside it', async () => {
    let release!: () => void;
    let inserted!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const insertedInside = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = pg.transaction(async (tx) => {
      await tx.query(`insert into readings (id, value, at) values ('11111111-2222-4333-8444-555555555555', 3, now())`);
      inserted();
      await held;
      await tx.rollback();
    });
    await insertedInside;
    // Run inside the open transaction, this would count its uncommitted row.
    const outside = run<{ n: number }>('select count(*)::int as n from readings', [], false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await transaction;
    expect(await outside).toEqual([{ n: 1 }]);
  });
});
