/** CPU accounting from /proc (Linux): who used the two cores during a measured window. */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = 100;

/** utime + stime of one process (or one thread: `/proc/<pid>/task/<tid>`) in ms, and its parent pid; undefined when it is gone. */
function procStat(pid: number | string): { cpuMs: number; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid ... utime(14) stime(15), counted from 1 over the whole line.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return { cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND, ppid };
  } catch {
    return undefined;
  }
}

export interface CpuSnapshot {
  at: number;
  /** ms of CPU per named group. */
  groups: Record<string, number>;
  /** ms of CPU per thread of each single-process group, by thread id. */
  threads: Record<string, Record<string, number>>;
  /** Busy ms of the whole machine, all cores. */
  machineBusy: number;
}

function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields.map(Number);
    return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Children of `parent` (one level), e.g. every PostgreSQL backend of a postmaster. */
function childrenOf(parent: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  return pids.filter((pid) => procStat(pid)?.ppid === parent);
}

/**
 * Snapshot of CPU used so far by each group: `pids` are single processes, `trees` a parent plus its
 * direct children (PostgreSQL: postmaster and backends). Backends that exit between two snapshots lose
 * their share, so keep connections open across a window (both pools do).
 */
export function cpuSnapshot(groups: Record<string, { pid?: number | undefined; tree?: number | undefined }>): CpuSnapshot {
  const out: Record<string, number> = {};
  const threads: Record<string, Record<string, number>> = {};
  for (const [name, group] of Object.entries(groups)) {
    let ms = 0;
    if (group.pid !== undefined) {
      ms += procStat(group.pid)?.cpuMs ?? 0;
      threads[name] = threadsOf(group.pid);
    }
    if (group.tree !== undefined) {
      ms += procStat(group.tree)?.cpuMs ?? 0;
      for (const child of childrenOf(group.tree)) ms += procStat(child)?.cpuMs ?? 0;
    }
    out[name] = ms;
  }
  return { at: performance.now(), groups: out, threads, machineBusy: machineBusyMs() };
}

function threadsOf(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) out[tid] = procStat(`${pid}/task/${tid}`)?.cpuMs ?? 0;
  } catch {
    // The process is gone.
  }
  return out;
}

export interface CpuUse {
  wallMs: number;
  /** CPU ms per group over the window. */
  groups: Record<string, number>;
  /** CPU ms of each single-process group's busiest thread over the window: one core is its limit. */
  busiestThread: Record<string, number>;
  machineBusy: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const groups: Record<string, number> = {};
  for (const name of Object.keys(b.groups)) groups[name] = (b.groups[name] ?? 0) - (a.groups[name] ?? 0);
  const busiestThread: Record<string, number> = {};
  for (const [name, after] of Object.entries(b.threads)) {
    const before = a.threads[name] ?? {};
    busiestThread[name] = Math.max(0, ...Object.entries(after).map(([tid, ms]) => ms - (before[tid] ?? 0)));
  }
  return { wallMs: b.at - a.at, groups, busiestThread, machineBusy: b.machineBusy - a.machineBusy };
}

/** Share of all cores busy over `sampleMs` (0..1). */
export async function machineLoad(sampleMs = 1_000): Promise<number> {
  const a = machineBusyMs();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const busy = machineBusyMs() - a;
  return busy / ((performance.now() - t0) * cpus().length);
}

/**
 * On a shared machine, waits (up to `maxWaitMs`) until other work leaves the cores mostly idle, so
 * a measured window does not start in the middle of someone's test run. Returns the last load seen.
 */
export async function waitForQuiet(maxWaitMs: number, threshold = 0.25, onWait?: (load: number) => void): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  let load = await machineLoad();
  while (load > threshold && performance.now() < deadline) {
    onWait?.(load);
    load = await machineLoad(2_000);
  }
  return load;
}
