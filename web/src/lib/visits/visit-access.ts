import { API } from '@naer/shared/api';
import type { CareTeamOrganisation, SessionUser } from '@naer/shared/contracts';

const access = API['visits.record'].access;
/** The care-team responsibilities that let an organisation's clinicians record a visit, as `visits.record` declares them. */
export const VISIT_RESPONSIBILITIES: readonly string[] = access.responsibility ?? [];

/**
 * Whether the user may record a visit for the patient: a clinician whose organisation answers for home
 * or acute visits on the care team. Only to spare a refused form; the server decides on every save.
 */
export function canRecordVisits(user: SessionUser | null, careTeam: { organisations: readonly Pick<CareTeamOrganisation, 'id' | 'responsibilities'>[] }): boolean {
  if (!user?.organisation || (access.roles !== 'public' && !access.roles.includes(user.role))) return false;
  const mine = careTeam.organisations.find((o) => o.id === user.organisation?.id);
  return mine?.responsibilities.some((r) => VISIT_RESPONSIBILITIES.includes(r)) ?? false;
}
