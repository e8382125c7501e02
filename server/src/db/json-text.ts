import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';

/**
 * How a field's SQL expression becomes JSON: `string` for text that never needs escaping (a uuid,
 * an enum, an ISO timestamp), `json` for an expression whose text is JSON already (jsonb, a
 * number, to_json(text), a nested jsonObjectText). NULL becomes null either way.
 */
export type JsonField = readonly ['string' | 'json', SQL];

/** A constant as an SQL string literal (the keys are code, never input; quoted all the same). */
const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

/**
 * A JSON object's text built by concatenation. json_build_object looks up every argument's type
 * on every row: on a 90-day history page this is about twice as fast, and the text has no padding.
 */
export function jsonObjectText(fields: Record<string, JsonField>): SQL {
  const parts = Object.entries(fields).map(([key, [kind, expression]], i) => {
    const value = kind === 'string' ? sql`coalesce('"' || (${expression})::text || '"', 'null')` : sql`coalesce((${expression})::text, 'null')`;
    return sql`${literal(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`)}, ${value}`;
  });
  return sql`concat(${sql.join(parts, sql`, `)}, '}')`;
}
