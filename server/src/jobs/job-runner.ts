import type { Clock } from '../kernel/clock';
import type { Database } from '../db/client';
import type { Notifier } from '../realtime/notifier';
import { createEscalationJob } from './escalation.job';
import type { EscalationResult } from './escalation.job';
import { createMissingReadingsJob } from './missing-readings.job';
import type { MissingReadingsResult } from './missing-readings.job';
import { logError } from '../logging';

export interface JobDeps {
  database: Database;
  notifier: Notifier;
}

export interface Jobs {
  /** Escalates red alerts not claimed in time; safe to run on several nodes at once. */
  runEscalation: (now: Date) => Promise<EscalationResult>;
  /** Raises missing-reading alerts for overdue scheduled readings; safe to run on several nodes at once. */
  runMissingReadings: (now: Date) => Promise<MissingReadingsResult>;
}

/** The timed jobs as plain functions of `now`, so tests call them directly with a test clock. */
export function createJobs(deps: JobDeps): Jobs {
  const escalation = createEscalationJob(deps);
  const missing = createMissingReadingsJob(deps);
  return { runEscalation: (now) => escalation.run(now), runMissingReadings: (now) => missing.run(now) };
}

export interface RunningJobs {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs every job now and then every `intervalMs` (never overlapping itself). A failing job is logged
 * and tried again next time; the other jobs still run.
 */
export function startJobs(deps: JobDeps & { clock: Clock; intervalMs: number; log?: (message: string, error: unknown) => void }): RunningJobs {
  const jobs = createJobs(deps);
  // Redacted: a database error's message and detail carry the offending values (patient data).
  const log = deps.log ?? ((message, error) => logError(message, error));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    const steps: Array<[string, (now: Date) => Promise<unknown>]> = [
      ['escalation', jobs.runEscalation],
      ['missing readings', jobs.runMissingReadings],
    ];
    for (const [name, run] of steps) {
      if (stopped) return;
      try {
        await run(deps.clock.now());
      } catch (error) {
        log(`job ${name} failed; it runs again in ${Math.round(deps.intervalMs / 1000)} s`, error);
      }
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule(deps.intervalMs);
      });
    }, delay);
    // The HTTP server keeps the process alive; the job timer alone must not.
    timer.unref();
  }

  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
