import { API } from '@naer/shared/api';
import type { CareTeamOrganisation, SessionUser } from '@naer/shared/contracts';

const access = API['consultations.book'].access;
/** The care-team responsibilities that let an organisation's clinicians book video consultations, as `consultations.book` declares them. */
export const BOOKING_RESPONSIBILITIES: readonly string[] = access.responsibility ?? [];

type Team = { organisations: readonly Pick<CareTeamOrganisation, 'id' | 'name' | 'responsibilities'>[] };

const books = (organisation: Pick<CareTeamOrganisation, 'responsibilities'>) => organisation.responsibilities.some((r) => BOOKING_RESPONSIBILITIES.includes(r));

/** Organisations on the care team that answer for consultations: who to ask when you may not book. */
export function bookingOrganisations(careTeam: Team): string[] {
  return careTeam.organisations.filter(books).map((o) => o.name);
}

/** Whether the user may book: a clinician whose organisation answers for consultations. Only to spare a refused form; the server decides. */
export function canBookConsultations(user: Pick<SessionUser, 'role' | 'organisation'> | null, careTeam: Team): boolean {
  if (!user?.organisation || (access.roles !== 'public' && !access.roles.includes(user.role))) return false;
  const mine = careTeam.organisations.find((o) => o.id === user.organisation?.id);
  return mine ? books(mine) : false;
}
