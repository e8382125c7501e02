/** Child processes of the bench: started with `node --import tsx` (one process each, no wrapper), always stopped. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

const children = new Set<ChildProcess>();

export interface Child {
  proc: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript entry point of this repo in a new Node process; stdout and stderr go to `logFile`.
 * `env` is laid over this process's environment; an undefined value removes the variable.
 */
export function startTs(entry: string, env: Record<string, string | undefined>, logFile: string, options: { ipc?: boolean; nodeArgs?: string[] } = {}): Child {
  const log = createWriteStream(logFile);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', entry], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  proc.stdout?.pipe(log, { end: false });
  proc.stderr?.pipe(log, { end: false });
  children.add(proc);
  proc.once('exit', () => {
    children.delete(proc);
    log.end();
  });
  return { proc, logFile, stop: () => stopChild(proc) };
}

/** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
export function stopChild(proc: ChildProcess, graceMs = 5_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** Stops every child still running (the orchestrator's cleanup). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((proc) => stopChild(proc)));
}

/** Last resort on process exit: no awaiting possible, so straight to SIGKILL. */
export function killAllChildrenSync(): void {
  for (const proc of children) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}

export async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

/** Polls `url` until it answers 200; fails early if the child exits, or after `timeoutMs`. */
export async function waitForHealth(child: Child, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(`${url}: the process exited (${child.proc.exitCode ?? child.proc.signalCode}) before it was healthy:\n${await tail(child.logFile)}`);
    }
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs} ms:\n${await tail(child.logFile)}`);
}
