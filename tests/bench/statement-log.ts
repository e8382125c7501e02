/** Breaks PostgreSQL's `log_min_duration_statement = 0` output down by statement: where the database time goes. */
import { open } from 'node:fs/promises';

export interface StatementCost {
  label: string;
  /** Executions per submission. */
  perSubmission: number;
  /** Mean server-side ms per execution (parse + bind + execute). */
  meanMs: number;
  /** Share of all statement time. */
  share: number;
}

export interface StatementProfile {
  submissions: number;
  msPerSubmission: number;
  statements: StatementCost[];
}

const ENTRY = /\bLOG:\s+duration: ([\d.]+) ms\s+(parse|bind|execute|statement)\s*[^:]*:\s?(.*)$/;

/** Reads the server log from `offset` and sums durations per statement text. */
export async function analyseStatementLog(file: string, offset: number, submissions: number): Promise<StatementProfile> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    await handle.read(buffer, 0, buffer.length, offset);
    text = buffer.toString('utf8');
  } finally {
    await handle.close();
  }

  const groups = new Map<string, { ms: number; executions: number }>();
  let current: { ms: number; phase: string; sql: string } | undefined;
  const flush = () => {
    if (!current) return;
    const text = current.sql.replace(/\s+/g, ' ').trim();
    // Long statements can share their first lines (a common CTE): the key is the whole text, the label its head and tail.
    const key = text.length > 300 ? `${text.slice(0, 150)} … ${text.slice(-140)}` : text;
    const group = groups.get(key) ?? { ms: 0, executions: 0 };
    group.ms += current.ms;
    if (current.phase === 'execute' || current.phase === 'statement') group.executions++;
    groups.set(key, group);
    current = undefined;
  };
  for (const line of text.split('\n')) {
    const match = ENTRY.exec(line);
    if (match) {
      flush();
      current = { ms: Number(match[1]), phase: match[2] ?? '', sql: match[3] ?? '' };
    } else if (current && line.startsWith('\t')) {
      current.sql += ` ${line.trim()}`;
    } else {
      flush();
    }
  }
  flush();

  let total = 0;
  for (const group of groups.values()) total += group.ms;
  const n = Math.max(1, submissions);
  const statements = [...groups.entries()]
    .map(([sql, g]) => ({ label: sql, perSubmission: g.executions / n, meanMs: g.ms / Math.max(1, g.executions), share: total ? g.ms / total : 0, ms: g.ms }))
    .sort((a, b) => b.ms - a.ms)
    .map(({ ms: _ms, ...rest }) => rest);
  return { submissions, msPerSubmission: total / n, statements };
}
