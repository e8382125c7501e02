import type { ApiError } from './api';
import type { MessageKey } from './i18n.svelte';

/** The message for a 429: how many minutes to wait when the server said (Retry-After), else a general one. */
export function tooManyAttempts(error: ApiError): { key: MessageKey; params: Record<string, number> } {
  if (error.retryAfterSeconds === null) return { key: 'login.error.tooMany', params: {} };
  return { key: 'login.error.tooManyWait', params: { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) } };
}
