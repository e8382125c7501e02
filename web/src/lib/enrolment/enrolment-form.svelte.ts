import { DEFAULT_CLAIM_WITHIN_MINUTES, REQUIRED_RESPONSIBILITIES, USUAL_RESPONSIBILITIES, defaultSchedule } from '@naer/shared/contracts';
import type { CareTeamResponsibility, EnrolmentRequest, OrganisationOption, OrganisationType, Programme } from '@naer/shared/contracts';
import { MEASUREMENT_KINDS } from '@naer/shared/domain';
import type { MeasurementKind } from '@naer/shared/domain';
import type { ApiError } from '$lib/api';
import { t } from '$lib/i18n.svelte';
import type { MessageKey } from '$lib/i18n.svelte';
import { danishToday, wholeIn } from './enrolment-input';

type Schedule = NonNullable<EnrolmentRequest['schedule']>;
export type Cadence = 'standard' | 'daily' | 'twice' | 'weekly';

/** A field's problem, keyed by the id of the field the summary's link focuses. */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** Server text when no translated message fits. */
  text?: string;
}

/** One organisation on the care team as the form edits it. */
export interface Member {
  organisationId: string;
  responsibilities: CareTeamResponsibility[];
  claimWithin: string;
}

export const PROGRAMMES: Programme[] = ['copd', 'heart_failure'];
/** Partners the clinician picks; their own hospital department is always on the team. */
export const PARTNERS: Array<Exclude<OrganisationType, 'hospital'>> = ['gp', 'municipality'];
export const TEAM_TYPES: OrganisationType[] = ['hospital', ...PARTNERS];
const CADENCES: Record<Cadence, Schedule['phases']> = {
  standard: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }],
  daily: [{ timesPerWeek: 7 }],
  twice: [{ timesPerWeek: 2 }],
  weekly: [{ timesPerWeek: 1 }],
};
export const CADENCE_OPTIONS = Object.keys(CADENCES) as Cadence[];
/** The kinds' error is keyed by the first checkbox, so the summary link focuses it. */
export const KINDS_ERROR = `kind-${MEASUREMENT_KINDS[0]}`;
const CPR_LIKE = /\d{6}\s*-?\s*\d{4}/;


const member = (type: OrganisationType, organisationId = ''): Member => ({
  organisationId,
  responsibilities: [...USUAL_RESPONSIBILITIES[type]],
  claimWithin: String(DEFAULT_CLAIM_WITHIN_MINUTES),
});

const blankTeam = (ownId: string | null): Record<OrganisationType, Member> => ({
  hospital: member('hospital', ownId ?? ''),
  gp: member('gp'),
  municipality: member('municipality'),
});

/** The enrolment form: patient, programmes, care team and schedule, checked before it is sent. */
export class EnrolmentForm {
  organisations = $state<OrganisationOption[]>([]);
  name = $state('');
  birthDate = $state('');
  programmes = $state<Record<Programme, boolean>>({ copd: false, heart_failure: false });
  team: Record<OrganisationType, Member> = $state(blankTeam(null));
  chosenKinds = $state<MeasurementKind[] | null>(null);
  cadence = $state<Cadence>('standard');
  timeOfDay = $state('09:00');
  graceHours = $state('4');
  errors = $state<Record<string, FieldError>>({});

  readonly selectedProgrammes = $derived(PROGRAMMES.filter((p) => this.programmes[p]));
  // The measurements follow the programmes until the clinician changes them by hand.
  readonly kinds = $derived(this.chosenKinds ?? (this.selectedProgrammes.length > 0 ? defaultSchedule(this.selectedProgrammes).kinds : []));
  readonly ownOrganisation = $derived(this.organisations.find((o) => o.id === this.ownId) ?? null);

  /** The clinician's own hospital department, always on the team. */
  readonly ownId: string | null;

  constructor(ownId: string | null) {
    this.ownId = ownId;
    this.team = blankTeam(ownId);
  }

  ofType(type: OrganisationType): OrganisationOption[] {
    return this.organisations.filter((o) => o.type === type);
  }

  activeTypes(): OrganisationType[] {
    return ['hospital', ...PARTNERS.filter((type) => this.team[type].organisationId !== '')];
  }

  validate(): Record<string, FieldError> {
    const found: Record<string, FieldError> = {};
    const { name, birthDate, team } = this;
    if (name.trim().length < 2) found.name = { key: 'enrol.error.name' };
    else if (CPR_LIKE.test(name)) found.name = { key: 'enrol.error.nameCpr' };
    if (!birthDate) found.birthDate = { key: 'enrol.error.birthDate' };
    else if (birthDate > danishToday()) found.birthDate = { key: 'enrol.error.birthDateFuture' };
    if (this.selectedProgrammes.length === 0) found['programme-copd'] = { key: 'enrol.error.programmes' };
    for (const type of this.activeTypes()) {
      const organisation = this.organisations.find((o) => o.id === team[type].organisationId)?.name ?? t(`enrol.team.type.${type}`);
      if (team[type].responsibilities.length === 0) found[`resp-${type}-red`] = { key: 'enrol.error.responsibilities', params: { organisation } };
      if (!wholeIn(team[type].claimWithin, 5, 1440)) found[`claim-${type}`] = { key: 'enrol.error.claimWithin' };
    }
    for (const needed of REQUIRED_RESPONSIBILITIES) {
      if (!this.activeTypes().some((type) => team[type].responsibilities.includes(needed))) {
        found[`uncovered-${needed}`] = { key: 'enrol.error.uncovered', params: { what: t(`responsibility.${needed}`).toLowerCase() } };
      }
    }
    if (this.kinds.length === 0) found[KINDS_ERROR] = { key: 'enrol.error.kinds' };
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(this.timeOfDay)) found.timeOfDay = { key: 'enrol.error.timeOfDay' };
    if (!wholeIn(this.graceHours, 1, 72)) found.graceHours = { key: 'enrol.error.graceHours' };
    return found;
  }

  request(): EnrolmentRequest {
    return {
      patient: { name: this.name.trim(), birthDate: this.birthDate },
      programmes: this.selectedProgrammes,
      careTeam: this.activeTypes().map((type) => ({
        organisationId: this.team[type].organisationId,
        responsibilities: this.team[type].responsibilities,
        claimWithinMinutes: Number(this.team[type].claimWithin),
      })),
      schedule: { kinds: this.kinds, phases: CADENCES[this.cadence], timeOfDay: this.timeOfDay, graceHours: Number(this.graceHours) },
    };
  }

  reset(): void {
    this.name = '';
    this.birthDate = '';
    this.programmes = { copd: false, heart_failure: false };
    this.team = blankTeam(this.ownId);
    this.chosenKinds = null;
    this.cadence = 'standard';
    this.timeOfDay = '09:00';
    this.graceHours = '4';
    this.errors = {};
  }
}

/** The server's answer to a refused enrolment, as the form's errors. */
export function fromServer(error: ApiError): Record<string, FieldError> {
  if (error.status === 403) return { form: { key: 'enrol.error.forbidden' } };
  const found: Record<string, FieldError> = {};
  for (const detail of error.details) {
    const id = detail.path === 'patient.name' ? 'name' : detail.path === 'patient.birthDate' ? 'birthDate' : detail.path.startsWith('programmes') ? 'programme-copd' : `server-${detail.path}`;
    found[id] = { key: 'app.error.unknown', text: detail.message };
  }
  if (Object.keys(found).length === 0) found.form = { key: 'app.error.unknown', text: error.message };
  return found;
}

/** A field error as the reader sees it. */
export const errorText = (e: FieldError | undefined) => (e ? (e.text ?? t(e.key, e.params ?? {})) : '');