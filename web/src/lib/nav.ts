import { resolve } from '$app/paths';
import type { Pathname } from '$app/types';
import type { UserRole } from '@naer/shared/contracts';
import type { MessageKey } from './i18n.svelte';

/** One link in the header's navigation. */
export interface NavItem {
  href: Pathname;
  label: MessageKey;
}

/** Header navigation per role; a feature adds its page here with one line. */
export const NAV: Record<UserRole, NavItem[]> = {
  patient: [{ href: '/today', label: 'nav.today' }, { href: '/my-data', label: 'nav.myData' }, { href: '/questionnaires', label: 'nav.questionnaires' }, { href: '/messages', label: 'nav.messages' }, { href: '/relatives', label: 'nav.relatives' }, { href: '/access-log', label: 'nav.accessLog' }],
  relative: [{ href: '/relative', label: 'nav.relative' }],
  clinician: [{ href: '/board', label: 'nav.board' }, { href: '/consultations', label: 'nav.consultations' }, { href: '/enrol', label: 'nav.enrol' }, { href: '/dashboard', label: 'nav.dashboard' }],
  admin: [{ href: '/board', label: 'nav.board' }, { href: '/admin/questionnaires', label: 'nav.adminQuestionnaires' }, { href: '/admin/systems', label: 'nav.adminSystems' }, { href: '/dashboard', label: 'nav.dashboard' }],
};

/** A link's URL with the app's base path. One route at a time: TypeScript gives up resolving the union of every page. */
export const navHref = (item: NavItem): string => resolve(item.href as '/');
