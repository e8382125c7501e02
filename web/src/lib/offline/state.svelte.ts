import type { QueueItem } from './queue';

/** What the pages show of the offline queue; written by client.ts. */
export const offline = $state({
  /** Every item on this device, newest first (waiting, failed and recent receipts). */
  items: [] as QueueItem[],
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  flushing: false,
});
