import type { Dashboard, DashboardQuery } from '@naer/shared/contracts';
import { ApiError } from '$lib/api';

/** Why the figures are not shown: no access, a period the server refused (its message), no answer, or anything else. */
export type DashboardProblem = { kind: 'forbidden' } | { kind: 'period'; message: string } | { kind: 'network' } | { kind: 'failed' };

/** The dashboard's figures for the latest query; an older answer that arrives late is dropped. */
export class DashboardData {
  data = $state<Dashboard | null>(null);
  loading = $state(false);
  problem = $state<DashboardProblem | null>(null);
  #load: (query: DashboardQuery, signal: AbortSignal) => Promise<Dashboard>;
  #controller: AbortController | null = null;
  #last: DashboardQuery | null = null;

  constructor(load: (query: DashboardQuery, signal: AbortSignal) => Promise<Dashboard>) {
    this.#load = load;
  }

  async fetch(query: DashboardQuery): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#last = query;
    this.loading = true;
    try {
      const data = await this.#load(query, controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
      this.problem = null;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.problem = problemOf(error);
      // Figures of another query must not stay on screen under this query's filters.
      this.data = null;
    } finally {
      if (this.#controller === controller) this.loading = false;
    }
  }

  retry(): Promise<void> {
    return this.#last ? this.fetch(this.#last) : Promise.resolve();
  }

  /** The filters asked for no valid period: nothing to show until they do. */
  clear(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.loading = false;
    this.data = null;
    this.problem = null;
  }

  destroy(): void {
    this.#controller?.abort();
  }
}

function problemOf(error: unknown): DashboardProblem {
  if (!(error instanceof ApiError)) return { kind: 'failed' };
  if (error.isNetwork) return { kind: 'network' };
  if (error.status === 403) return { kind: 'forbidden' };
  if (error.status === 400) return { kind: 'period', message: error.details[0]?.message ?? error.message };
  return { kind: 'failed' };
}
