import type { Measurement, PatientSummary } from '@naer/shared/contracts';
import { call } from '$lib/api';
import { RealtimeConnection } from '$lib/realtime.svelte';
import type { ConnectionStatus } from '$lib/realtime.svelte';

/** Readings in the call's side panel: enough for a trend per kind, few enough to read at a glance. */
const READINGS = 20;

/**
 * A patient's latest readings, open alerts and summary for a clinician in a call, kept current:
 * socket events only say "something changed", the API answers what (later answers win).
 */
export class PatientWatch {
  readonly patientId: string;
  summary = $state.raw<PatientSummary | null>(null);
  readings = $state.raw<Measurement[]>([]);
  #failures = $state({ summary: false, readings: false });
  /** The last answer for the summary or the readings was an error (what is shown may be stale). */
  readonly failed: boolean = $derived(this.#failures.summary || this.#failures.readings);
  /** The newest reading that arrived while watching, for the live announcement. */
  arrived = $state.raw<Measurement | null>(null);
  readonly #connection: RealtimeConnection;
  readonly #latest = { summary: 0, readings: 0 };

  constructor(patientId: string) {
    this.patientId = patientId;
    void this.#loadSummary();
    void this.#loadReadings();
    this.#connection = new RealtimeConnection((reconnect) => {
      if (!reconnect) return;
      void this.#loadSummary();
      void this.#loadReadings();
    });
    this.#connection.on('measurement:received', (event) => {
      if (event.patientId !== patientId) return;
      this.arrived = event.measurement;
      void this.#loadReadings();
      void this.#loadSummary();
    });
    const alertChanged = (event: { patientId: string }) => {
      if (event.patientId === patientId) void this.#loadSummary();
    };
    this.#connection.on('alert:raised', alertChanged);
    this.#connection.on('alert:updated', alertChanged);
  }

  get connection(): ConnectionStatus {
    return this.#connection.status;
  }

  async #loadSummary(): Promise<void> {
    const mine = ++this.#latest.summary;
    try {
      const summary = await call('patients.summary', { params: { patientId: this.patientId } });
      if (mine !== this.#latest.summary) return;
      this.summary = summary;
      this.#failures.summary = false;
    } catch {
      if (mine === this.#latest.summary) this.#failures.summary = true;
    }
  }

  async #loadReadings(): Promise<void> {
    const mine = ++this.#latest.readings;
    try {
      const page = await call('measurements.list', { params: { patientId: this.patientId }, query: { limit: READINGS } });
      if (mine !== this.#latest.readings) return;
      this.readings = page.items;
      this.#failures.readings = false;
    } catch {
      if (mine === this.#latest.readings) this.#failures.readings = true;
    }
  }

  close(): void {
    this.#connection.close();
  }
}
