import type { ActionKind, AdherenceBand, Dashboard, DashboardFigures, PatientCount, ResponseTimes } from '../contracts/dashboard.contract';
import { ACTION_KINDS, ADHERENCE_BANDS } from '../contracts/dashboard.contract';
import { ALERT_OUTCOMES } from '../contracts/alert.contract';
import type { AlertOutcome } from '../contracts/alert.contract';
import type { OrganisationType } from '../contracts/auth.contract';
import { KIND_INFO, MEASUREMENT_KINDS } from './kinds';
import type { MeasurementKind } from './kinds';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire, questionnaireIdOfRule } from './questionnaires/registry';

/** The three aims, in the order the page shows them. */
export const DASHBOARD_AIMS = ['population', 'quality', 'cost'] as const;
export type DashboardAim = (typeof DASHBOARD_AIMS)[number];

type Text = { da: string; en: string };
/** A shown value: a number (already rounded as shown), "< 5", or null for "nothing to measure". */
export type RowValue = number | PatientCount | null;

/** One line of a dashboard table, and of the CSV: the same rows feed both, so they cannot disagree. */
export interface DashboardRow {
  aim: DashboardAim;
  /** Stable id, e.g. `population.enrolledPatients` or `cost.noAction.spo2`. */
  key: string;
  label: Text;
  unit: Text | null;
  current: RowValue;
  previous: RowValue;
}

export const AIM_TITLES: Record<DashboardAim, Text> = {
  population: { da: 'Befolkningens sundhed', en: 'Population health' },
  quality: { da: 'Kvalitet for patienten', en: 'Quality for the patient' },
  cost: { da: 'Omkostning pr. patient', en: 'Cost per patient' },
};

const UNITS = {
  patients: { da: 'patienter', en: 'patients' },
  percent: { da: '%', en: '%' },
  minutes: { da: 'minutter', en: 'minutes' },
  alerts: { da: 'alarmer', en: 'alerts' },
  months: { da: 'patientmåneder', en: 'patient-months' },
  perMonth: { da: 'pr. patientmåned', en: 'per patient-month' },
  per100Months: { da: 'pr. 100 patientmåneder', en: 'per 100 patient-months' },
  per100Days: { da: 'pr. 100 patientdage', en: 'per 100 patient-days' },
  score: { da: 'point (1–5)', en: 'points (1–5)' },
} satisfies Record<string, Text>;

const BAND_LABELS: Record<AdherenceBand, Text> = {
  under_50: { da: 'Patienter med under 50 % af de planlagte målinger', en: 'Patients with under 50 % of scheduled measurements' },
  from_50_to_79: { da: 'Patienter med 50–79 % af de planlagte målinger', en: 'Patients with 50–79 % of scheduled measurements' },
  from_80: { da: 'Patienter med 80 % eller flere af de planlagte målinger', en: 'Patients with 80 % or more of scheduled measurements' },
};

export const SECTOR_NAMES: Record<OrganisationType, Text> = {
  hospital: { da: 'hospital', en: 'hospital' },
  gp: { da: 'almen praksis', en: 'general practice' },
  municipality: { da: 'kommune', en: 'municipality' },
};

const OUTCOME_LABELS: Record<AlertOutcome, Text> = {
  contacted_patient: { da: 'Udfald: patienten kontaktet', en: 'Outcome: patient contacted' },
  home_visit: { da: 'Udfald: hjemmebesøg', en: 'Outcome: home visit' },
  medication_changed: { da: 'Udfald: medicin ændret', en: 'Outcome: medication changed' },
  referred_to_hospital: { da: 'Udfald: henvist til hospital', en: 'Outcome: referred to hospital' },
  admitted: { da: 'Udfald: indlagt', en: 'Outcome: admitted' },
  no_action_needed: { da: 'Udfald: ingen handling nødvendig', en: 'Outcome: no action needed' },
};

const ACTION_LABELS: Record<ActionKind | 'total', Text> = {
  claims: { da: 'Alarmer taget', en: 'Alerts claimed' },
  reviews: { da: 'Målinger gennemset', en: 'Readings reviewed' },
  visits: { da: 'Hjemmebesøg', en: 'Home visits' },
  messages: { da: 'Beskeder til patienten', en: 'Messages to the patient' },
  consultations: { da: 'Videokonsultationer', en: 'Video consultations' },
  total: { da: 'Handlinger i alt', en: 'Actions in total' },
};

const isKind = (rule: string): rule is MeasurementKind => (MEASUREMENT_KINDS as readonly string[]).includes(rule);

/** What an alert rule is about, in words: the measurement, a missing reading, a home visit, or the questionnaire. */
export function ruleText(rule: string): Text {
  if (isKind(rule)) return KIND_INFO[rule].label;
  if (rule === 'missing') return { da: 'Manglende måling', en: 'Missing reading' };
  if (rule === 'early_warning') return { da: 'Hjemmebesøg (TOBS/NEWS2)', en: 'Home visit (TOBS/NEWS2)' };
  const questionnaire = questionnaireIdOfRule(rule);
  const title = questionnaire === undefined ? undefined : findQuestionnaire(BUILT_IN_QUESTIONNAIRES, questionnaire)?.title;
  return title ?? { da: `Regel ${rule}`, en: `Rule ${rule}` };
}

/** Rounded as shown: one decimal. */
const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);
/** A share 0–1 as a percentage with one decimal. */
const percent = (n: number | null): number | null => (n === null ? null : Math.round(n * 1000) / 10);

type Pick = (f: DashboardFigures) => RowValue;

function timesRows(aim: DashboardAim, name: 'timeToClaim' | 'timeToResolution', what: Text, d: Dashboard, row: (key: string, label: Text, unit: Text | null, pick: Pick) => DashboardRow): DashboardRow[] {
  const times = (f: DashboardFigures): ResponseTimes => f.quality[name];
  const sectors = [...new Set([...times(d).bySector, ...times(d.previous).bySector].map((s) => s.sector))];
  const sectorOf = (f: DashboardFigures, sector: OrganisationType) => times(f).bySector.find((s) => s.sector === sector);
  return [
    row(`${aim}.${name}.median`, { da: `${what.da}, median`, en: `${what.en}, median` }, UNITS.minutes, (f) => round1(times(f).medianMinutes)),
    row(`${aim}.${name}.p90`, { da: `${what.da}, 90 %-fraktil`, en: `${what.en}, 90th percentile` }, UNITS.minutes, (f) => round1(times(f).p90Minutes)),
    ...sectors.flatMap((sector) => [
      row(`${aim}.${name}.${sector}.median`, { da: `${what.da}, median, ${SECTOR_NAMES[sector].da}`, en: `${what.en}, median, ${SECTOR_NAMES[sector].en}` }, UNITS.minutes, (f) => round1(sectorOf(f, sector)?.medianMinutes ?? null)),
      row(`${aim}.${name}.${sector}.p90`, { da: `${what.da}, 90 %-fraktil, ${SECTOR_NAMES[sector].da}`, en: `${what.en}, 90th percentile, ${SECTOR_NAMES[sector].en}` }, UNITS.minutes, (f) => round1(sectorOf(f, sector)?.p90Minutes ?? null)),
    ]),
  ];
}

/** The dashboard's tables, row by row, this period against the previous one. */
export function dashboardRows(d: Dashboard): DashboardRow[] {
  const rowIn =
    (aim: DashboardAim) =>
    (key: string, label: Text, unit: Text | null, pick: Pick): DashboardRow => ({ aim, key, label, unit, current: pick(d), previous: pick(d.previous) });
  const p = rowIn('population');
  const q = rowIn('quality');
  const c = rowIn('cost');
  const band = (f: DashboardFigures, b: AdherenceBand) => f.population.adherence.distribution.find((x) => x.band === b)?.patients ?? 0;
  const rules = [...new Set([...d.cost.noActionByRule, ...d.previous.cost.noActionByRule].map((r) => r.rule))];
  const ruleOf = (f: DashboardFigures, rule: string) => f.cost.noActionByRule.find((r) => r.rule === rule);

  return [
    p('population.enrolledPatients', { da: 'Patienter i forløb', en: 'Patients enrolled' }, UNITS.patients, (f) => f.population.enrolledPatients),
    p('population.startedPatients', { da: 'Startet i perioden', en: 'Started in the period' }, UNITS.patients, (f) => f.population.startedPatients),
    p('population.endedPatients', { da: 'Afsluttet i perioden', en: 'Ended in the period' }, UNITS.patients, (f) => f.population.endedPatients),
    p('population.pausedPatients', { da: 'Med pause i målingerne', en: 'With measurements paused' }, UNITS.patients, (f) => f.population.pausedPatients),
    p('population.patientMonths', { da: 'Patientmåneder', en: 'Patient-months' }, UNITS.months, (f) => round1(f.population.patientMonths)),
    p('population.adherence', { da: 'Planlagte målinger modtaget', en: 'Scheduled measurements received' }, UNITS.percent, (f) => percent(f.population.adherence.overall)),
    ...ADHERENCE_BANDS.map((b) => p(`population.adherence.${b}`, BAND_LABELS[b], UNITS.patients, (f) => band(f, b))),
    p('population.worsenedPatients', { da: 'Patienter med forværring', en: 'Patients who worsened' }, UNITS.patients, (f) => f.population.worsenedPatients),
    p('population.admissions', { da: 'Indlæggelser (udfald af alarm)', en: 'Admissions (alert outcome)' }, null, (f) => f.population.admissions),
    p('population.admissionsPer100PatientMonths', { da: 'Indlæggelser', en: 'Admissions' }, UNITS.per100Months, (f) => round1(f.population.admissionsPer100PatientMonths)),

    q('quality.redAlerts', { da: 'Røde alarmer', en: 'Red alerts' }, UNITS.alerts, (f) => f.quality.redAlerts),
    ...timesRows('quality', 'timeToClaim', { da: 'Fra rød alarm til den blev taget', en: 'From red alert to claim' }, d, q),
    ...timesRows('quality', 'timeToResolution', { da: 'Fra rød alarm til den blev afsluttet', en: 'From red alert to resolution' }, d, q),
    q('quality.escalations', { da: 'Eskaleringer', en: 'Escalations' }, null, (f) => f.quality.escalations),
    q('quality.resolvedAlerts', { da: 'Alarmer afsluttet', en: 'Alerts closed' }, UNITS.alerts, (f) => f.quality.resolvedAlerts),
    q('quality.neverClaimed', { da: 'Alarmer lukket, uden at nogen tog dem', en: 'Alerts closed without anyone claiming them' }, UNITS.alerts, (f) => f.quality.neverClaimed),
    ...ALERT_OUTCOMES.map((o) => q(`quality.outcomes.${o}`, OUTCOME_LABELS[o], UNITS.alerts, (f) => f.quality.outcomes[o])),
    q('quality.involvement.averageScore', { da: 'Føler sig inddraget i behandlingen, gennemsnit', en: 'Feel involved in their treatment, average' }, UNITS.score, (f) => round1(f.quality.involvement.averageScore)),
    q('quality.involvement.answeredPatients', { da: 'Patienter, der svarede på spørgsmålet om inddragelse', en: 'Patients who answered the involvement question' }, UNITS.patients, (f) => f.quality.involvement.answeredPatients),
    q('quality.involvement.answeredShare', { da: 'Andel, der svarede på spørgsmålet om inddragelse', en: 'Share who answered the involvement question' }, UNITS.percent, (f) => percent(f.quality.involvement.answeredShare)),

    ...[...ACTION_KINDS, 'total' as const].map((k) => c(`cost.actionsPerPatientMonth.${k}`, ACTION_LABELS[k], UNITS.perMonth, (f) => round1(f.cost.actionsPerPatientMonth[k]))),
    c('cost.alertsPer100PatientDays.red', { da: 'Røde alarmer', en: 'Red alerts' }, UNITS.per100Days, (f) => round1(f.cost.alertsPer100PatientDays.red)),
    c('cost.alertsPer100PatientDays.yellow', { da: 'Gule alarmer', en: 'Yellow alerts' }, UNITS.per100Days, (f) => round1(f.cost.alertsPer100PatientDays.yellow)),
    ...rules.map((rule) => {
      const text = ruleText(rule);
      return c(`cost.noAction.${rule}`, { da: `Afsluttet uden handling: ${text.da}`, en: `Closed with no action: ${text.en}` }, UNITS.percent, (f) => percent(ruleOf(f, rule)?.share ?? null));
    }),
  ];
}

/** CSV field quoting (RFC 4180): quotes when the text holds a comma, quote or line break. */
const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvValue = (value: RowValue) => (value === null ? '' : String(value));

const CSV_HEADER: Record<'da' | 'en', string[]> = {
  da: ['Mål', 'Måltal', 'Denne periode', 'Forrige periode', 'Enhed'],
  en: ['Aim', 'Measure', 'This period', 'Previous period', 'Unit'],
};

/** The dashboard's rows as CSV with a header row; numbers with a decimal point, "< 5" as shown, empty for "nothing to measure". */
export function dashboardCsv(d: Dashboard, lang: 'da' | 'en'): string {
  const lines = [CSV_HEADER[lang], ...dashboardRows(d).map((r) => [AIM_TITLES[r.aim][lang], r.label[lang], csvValue(r.current), csvValue(r.previous), r.unit?.[lang] ?? ''])];
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}
