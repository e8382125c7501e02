import { SvelteDate } from 'svelte/reactivity';
import type { Consultation } from '@naer/shared/contracts';
import { call } from '../api';
import type { ConnectionStatus, RealtimeConnection } from '../realtime.svelte';
import { changeOf, upsertConsultation } from './consultation-list';
import type { ConsultationChange } from './consultation-list';

type Range = { from?: string; to?: string };

/**
 * The signed-in user's consultations in a window, kept current by `consultation:updated`. An update
 * that arrives while a load is under way is applied again on top of its answer, so it is never lost.
 */
export class ConsultationFeed {
  items = $state<Consultation[]>([]);
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  readonly #range: () => Range;
  #request = 0;
  #loading = false;
  #wasLive = false;
  #duringLoad: Consultation[] = [];

  constructor(range: () => Range) {
    this.#range = range;
  }

  async load(): Promise<void> {
    const mine = ++this.#request;
    this.#loading = true;
    this.#duringLoad = [];
    try {
      const { consultations } = await call('consultations.list', { query: this.#range() });
      if (mine !== this.#request) return;
      this.items = this.#duringLoad.reduce(upsertConsultation, consultations);
      this.status = 'ready';
    } catch {
      if (mine === this.#request) this.status = this.items.length > 0 ? 'ready' : 'failed';
    } finally {
      if (mine === this.#request) this.#loading = false;
    }
  }

  /** A consultation the server just answered with, or one from an event; says what changed. */
  apply(consultation: Consultation): ConsultationChange | null {
    if (this.#loading) this.#duringLoad.push(consultation);
    const change = changeOf(this.items.find((c) => c.id === consultation.id), consultation);
    this.items = upsertConsultation(this.items, consultation);
    return change;
  }

  /** Told the page connection's status as it changes: every (re)connect reloads, as events missed meanwhile are not replayed. */
  statusChanged(status: ConnectionStatus | undefined): void {
    const live = status === 'live';
    if (live && !this.#wasLive) void this.load();
    this.#wasLive = live;
  }

  /** Follows a page's connection: updates as they come; `onchange` e.g. to announce them. */
  listen(live: RealtimeConnection, onchange?: (change: ConsultationChange | null, consultation: Consultation) => void): void {
    live.on('consultation:updated', ({ consultation }) => {
      const change = this.apply(consultation);
      onchange?.(change, consultation);
    });
  }
}

/** The current time for a component, moved on every `intervalMs` so a "Deltag" link opens by itself. */
export class Ticker {
  readonly now = new SvelteDate();

  start(intervalMs = 15_000): () => void {
    this.now.setTime(Date.now());
    const timer = setInterval(() => this.now.setTime(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }
}
