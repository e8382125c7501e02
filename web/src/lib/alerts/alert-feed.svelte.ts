import type { Alert, AlertList } from '@naer/shared/contracts';
import { becameRed, mergeAlert } from './alert-merge';

/** Socket events arrive in bursts (a batch, an alert and its handover): resync once. */
const SYNC_DEBOUNCE_MS = 150;

interface AlertFeedDeps {
  /** GET /api/alerts, or the changes since `after`. */
  list: (after?: string) => Promise<AlertList>;
  /** A live change turned an alert red. */
  onRed: (alert: Alert) => void;
  onError: (error: unknown) => void;
}

/**
 * The board's alert feed: open and claimed alerts, newest change first. Only API answers fill it
 * (the first list, then the changes after its cursor); socket events just ask for a resync, so a
 * change missed while offline and a change announced live arrive the same way.
 */
export class AlertFeed {
  alerts = $state<Alert[]>([]);
  /** Patients' names as the alert API gave them, for patients beyond the loaded board pages. */
  names = $state<Record<string, string>>({});
  #resolved: Record<string, string> = {};
  // Position in the change feed; only API answers move it, so a resync never skips a change.
  #cursor: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #deps: AlertFeedDeps;

  constructor(deps: AlertFeedDeps) {
    this.#deps = deps;
  }

  /** Takes one alert version (an API answer); `announce` reports alerts that turned red. */
  merge(incoming: Alert, announce = false): void {
    if (incoming.patientName && this.names[incoming.patientId] !== incoming.patientName) {
      this.names = { ...this.names, [incoming.patientId]: incoming.patientName };
    }
    const result = mergeAlert({ alerts: this.alerts, resolved: this.#resolved }, incoming);
    if (!result.merged) return;
    this.alerts = result.feed.alerts;
    this.#resolved = result.feed.resolved;
    if (result.needsSync) this.scheduleSync();
    if (announce && becameRed(result.merged, result.previous)) this.#deps.onRed(result.merged);
  }

  /** Reads what changed since the last answer. Before the first answer lands, nothing is "new" to announce. */
  async sync(): Promise<void> {
    const announce = this.#cursor !== null;
    try {
      const list = await this.#deps.list(this.#cursor ?? undefined);
      for (const alert of list.items) this.merge(alert, announce);
      this.#cursor = list.cursor;
    } catch (error) {
      this.#deps.onError(error);
    }
  }

  scheduleSync(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.sync();
    }, SYNC_DEBOUNCE_MS);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
