import type { PGlite, messages as Messages } from '@electric-sql/pglite';
import { protocol } from '@electric-sql/pglite';

type BackendMessage = Messages.BackendMessage;
type DataRowMessage = Messages.DataRowMessage;
type ParameterDescriptionMessage = Messages.ParameterDescriptionMessage;
type RowDescriptionMessage = Messages.RowDescriptionMessage;

interface Prepared {
  name: string;
  paramTypes: number[];
  fields: Array<{ name: string; dataTypeID: number }>;
}

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Hot statements on PGlite, parsed and planned once under a name. PGlite's query() parses every
 * call again and crosses into WebAssembly six times (parse, describe, bind, describe, execute,
 * sync); here a call is one Bind/Execute/Sync message.
 */
export function pglitePrepared(pg: PGlite) {
  const statements = new Map<string, Prepared>();

  async function prepare(text: string): Promise<Prepared> {
    const name = `naer_${statements.size + 1}`;
    const messages = await pg.execProtocolStream(concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
    const params = messages.find((m): m is ParameterDescriptionMessage => m.name === 'parameterDescription');
    const row = messages.find((m): m is RowDescriptionMessage => m.name === 'rowDescription');
    const prepared = { name, paramTypes: params?.dataTypeIDs ?? [], fields: row?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [] };
    statements.set(text, prepared);
    return prepared;
  }

  /** Runs `text` with `params`; `inTransaction` when the caller holds a PGlite transaction (its lock is then ours). */
  return async function run<T>(text: string, params: unknown[], inTransaction: boolean): Promise<T[]> {
    const work = () =>
      pg.runExclusive(async () => {
        const statement = statements.get(text) ?? (await prepare(text));
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serializer = pg.serializers[statement.paramTypes[i] ?? 0];
          return serializer ? serializer(value) : asText(value);
        });
        const messages: BackendMessage[] = await pg.execProtocolStream(
          concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]),
          { syncToFs: false },
        );
        const rows = messages
          .filter((m): m is DataRowMessage => m.name === 'dataRow')
          .map((m) => Object.fromEntries(statement.fields.map((f, i) => [f.name, parseValue(pg, m.fields[i], f.dataTypeID)])) as T);
        if (!inTransaction) await pg.syncToFs();
        return rows;
      });
    // Outside a transaction, wait for any open one to finish, as PGlite's own query() does.
    return inTransaction ? work() : pg._runExclusiveTransaction(work);
  };
}

/** A value PGlite has no serializer for, as PostgreSQL's text input expects it. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

function parseValue(pg: PGlite, text: string | null | undefined, type: number): unknown {
  if (text === null || text === undefined) return null;
  const parser = pg.parsers[type];
  return parser ? parser(text, type) : text;
}
