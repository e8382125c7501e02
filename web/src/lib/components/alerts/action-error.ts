import { ApiError } from '$lib/api';
import { i18n, t } from '$lib/i18n.svelte';

/** What to tell a clinician when an alert or handover action failed, and what to do about it. */
export function actionError(error: unknown): string {
  if (!(error instanceof ApiError)) return t('app.error.unknown');
  if (error.isNetwork) return t('app.error.network');
  // The server's own words name the person or organisation involved, but they are English.
  const detail = i18n.lang === 'en' ? ` ${error.message}` : '';
  if (error.status === 409) return `${t('alerts.error.conflict')}${detail}`;
  if (error.status === 403) return `${t('alerts.error.forbidden')}${detail}`;
  return `${t('alerts.error.failed')}${detail}`;
}

/** True when the failure means the alert changed under us, so the screen should resync. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 409 || error.status === 404);
}
