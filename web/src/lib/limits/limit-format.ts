import type { LimitVersion } from '@naer/shared/contracts';
import { locale, t } from '$lib/i18n.svelte';

/** A version's start, e.g. "3. marts 2026 kl. 14.05". */
export const longDate = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Who set a version: name, job title and organisation, or the system. */
export function setBy(version: LimitVersion): string {
  const by = version.setBy;
  if (!by) return t('limits.setBySystem');
  const role = by.jobTitle ? `, ${by.jobTitle}` : '';
  const organisation = by.organisation ? ` (${by.organisation.name})` : '';
  return t('limits.setBy', { who: `${by.name}${role}${organisation}` });
}
