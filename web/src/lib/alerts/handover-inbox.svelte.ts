import type { Handover, HandoverList } from '@naer/shared/contracts';
import { t } from '$lib/i18n.svelte';
import { mergeHandover } from './alert-merge';

interface HandoverInboxDeps {
  list: () => Promise<HandoverList>;
  myOrganisationId: () => string | null;
  onError: (error: unknown) => void;
}

/** Pending handovers to and from my organisation, kept current by the API and live events. */
export class HandoverInbox {
  handovers = $state<Handover[]>([]);
  /** The handover an action is running on; its buttons wait. */
  busyId = $state<string | null>(null);
  readonly #deps: HandoverInboxDeps;

  constructor(deps: HandoverInboxDeps) {
    this.#deps = deps;
  }

  merge(handover: Handover): void {
    this.handovers = mergeHandover(this.handovers, handover, this.#deps.myOrganisationId());
  }

  async sync(): Promise<void> {
    try {
      this.handovers = (await this.#deps.list()).items;
    } catch (error) {
      this.#deps.onError(error);
    }
  }

  /** Runs an action on one handover and merges its answer; failures are the caller's to report. */
  async run(handover: Handover, action: (id: string) => Promise<Handover>): Promise<Handover> {
    this.busyId = handover.id;
    try {
      const changed = await action(handover.id);
      this.merge(changed);
      return changed;
    } finally {
      this.busyId = null;
    }
  }

  /** What to read out about a live handover event, if it concerns my organisation. */
  announcement(handover: Handover, requested: boolean): string | null {
    const mine = this.#deps.myOrganisationId();
    const name = handover.patient.name;
    if (requested) return handover.to.id === mine ? t('alerts.inbox.announce.new', { org: handover.from.name, name }) : null;
    if (handover.from.id !== mine) return null;
    if (handover.status === 'accepted') return t('alerts.inbox.announce.accepted', { org: handover.to.name, name });
    if (handover.status === 'declined') return t('alerts.inbox.announce.declined', { org: handover.to.name, name, reason: handover.declineReason ?? '' });
    return null;
  }
}
