import type { AccessLogEntry } from '@naer/shared/contracts';
import { i18n, t } from './i18n.svelte';
import type { MessageKey } from './i18n.svelte';
import { dictionaries } from './messages';

const isKey = (key: string): key is MessageKey => key in dictionaries.da;

const VERBS: Record<string, MessageKey> = {
  read: 'accessLog.verb.read',
  subscribe: 'accessLog.verb.subscribe',
  write: 'accessLog.verb.write',
  create: 'accessLog.verb.create',
  revoke: 'accessLog.verb.revoke',
  join: 'accessLog.verb.join',
  leave: 'accessLog.verb.leave',
  download: 'accessLog.verb.download',
};

/** What was done, in plain words, e.g. "så dine målinger" or "forsøgte at se dine beskeder, men fik ikke adgang". */
export function describeAccess(entry: AccessLogEntry): string {
  const resourceKey = `accessLog.resource.${entry.resource}`;
  const what = t(isKey(resourceKey) ? resourceKey : 'accessLog.resource.other');
  if (entry.outcome !== 'allowed') return t(entry.action === 'read' || entry.action === 'subscribe' ? 'accessLog.refused.read' : 'accessLog.refused.write', { what });
  return t(VERBS[entry.action] ?? 'accessLog.verb.other', { what });
}

const lowerFirst = (text: string) => (i18n.lang === 'da' ? text.charAt(0).toLowerCase() + text.slice(1) : text);

/** Who: name, role (a clinician's job) and organisation, e.g. "Hanne Holm, sygeplejerske, Lunge- og Hjerteambulatoriet". */
export function describeActor(entry: AccessLogEntry): string {
  const { who } = entry;
  if (who.isPatient) return t('accessLog.you');
  if (!who.userId || !who.name) return t('accessLog.system');
  const role =
    who.role === 'clinician'
      ? who.jobTitle
        ? lowerFirst(who.jobTitle)
        : t('accessLog.role.clinician')
      : who.role === 'relative'
        ? t('accessLog.role.relative')
        : who.role === 'admin'
          ? t('accessLog.role.admin')
          : null;
  return [who.name, role, who.organisation?.name].filter(Boolean).join(', ');
}
