import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, startPostgres } from './postgres-server';
import { testDatabaseUrl, testEngine } from './test-database';

async function selectOne(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    return row?.one ?? 0;
  } finally {
    await sql.end();
  }
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startPostgres', () => {
  it('starts a server that answers queries and leaves nothing behind when stopped', async () => {
    const server = await startPostgres();
    try {
      expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
      expect(existsSync(server.dir)).toBe(true);
      expect(await selectOne(server.url)).toBe(1);
      const sql = postgres(server.url, { max: 1 });
      const [settings] = await sql<{ fsync: string; version: string }[]>`
        select current_setting('fsync') as fsync, current_setting('server_version_num') as version`;
      await sql.end();
      expect(settings?.fsync).toBe('off');
      expect(Number(settings?.version)).toBeGreaterThanOrEqual(150000);
    } finally {
      await server.stop();
    }
    expect(await portIsOpen(server.port)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    await server.stop();
  });

  it('keeps fsync on when asked to be durable', async () => {
    const server = await startPostgres({ durable: true });
    try {
      const sql = postgres(server.url, { max: 1 });
      const [row] = await sql<{ fsync: string }[]>`select current_setting('fsync') as fsync`;
      await sql.end();
      expect(row?.fsync).toBe('on');
    } finally {
      await server.stop();
    }
  });

  it('rejects database names that are not plain identifiers', async () => {
    await expect(createDatabase('postgres://postgres@127.0.0.1:1/postgres', 'x"; drop')).rejects.toThrow(/invalid database name/);
  });
});

describe('the run-wide server', () => {
  it('creates and drops a database whose URL answers queries', async () => {
    const adminUrl = inject('postgresAdminUrl');
    const name = `naer_selftest_${process.pid}`;
    const url = await createDatabase(adminUrl, name);
    expect(new URL(url).pathname).toBe(`/${name}`);
    expect(await selectOne(url)).toBe(1);
    await dropDatabase(adminUrl, name);
    await expect(selectOne(url)).rejects.toThrow(/does not exist/);
  });

  it('gives each call of testDatabaseUrl its own empty database', async () => {
    expect(testEngine()).toBe('postgres');
    const [first, second] = await Promise.all([testDatabaseUrl(), testDatabaseUrl()]);
    expect(first).toBeDefined();
    expect(first).not.toBe(second);
    expect(await selectOne(first ?? '')).toBe(1);
  });
});
