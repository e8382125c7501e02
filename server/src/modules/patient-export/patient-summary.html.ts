import { CONSCIOUSNESS_LEVELS, KIND_INFO, MEASUREMENT_KINDS, SECTOR_NAMES, describeRules, ruleText, visitReasonText } from '@naer/shared/domain';
import type { MeasurementKind, QuestionnaireDefinition } from '@naer/shared/domain';
import type { PatientFhirRow, PatientRecordRows } from '../fhir/fhir.repository';
import type { ExportContextRows } from './patient-export.repository';

/** Everything the readable copy shows; `definition` names a questionnaire version's questions and options. */
export interface SummaryInput {
  patient: PatientFhirRow;
  record: PatientRecordRows;
  context: ExportContextRows;
  definition: (id: string, version: number) => QuestionnaireDefinition | undefined;
  now: Date;
}

const TIME_ZONE = 'Europe/Copenhagen';
const dateTime = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, dateStyle: 'long', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, dateStyle: 'long' });

/** Every text from the database or a person goes through this: names, notes and answers cannot add markup. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const e = escapeHtml;
const at = (d: Date) => e(dateTime.format(d));
/** A number as Danes write it: decimal comma, no grouping, at most `decimals` decimals. */
const num = (value: number, decimals: number) => new Intl.NumberFormat('da-DK', { maximumFractionDigits: decimals, useGrouping: false }).format(value);

const COLOUR: Record<string, string> = {
  green: 'Grøn – inden for dine grænser',
  yellow: 'Gul – lidt uden for dine grænser',
  red: 'Rød – tydeligt uden for dine grænser',
  questionable: 'Usikker måling – bør måles igen',
  review: 'Skal vurderes af behandlerteamet',
  missing: 'Manglende måling',
};

const UNIT_DA: Record<MeasurementKind, string> = {
  spo2: '%', heart_rate: 'slag/min', body_weight: 'kg', blood_pressure: 'mmHg', body_temperature: '°C', respiratory_rate: 'vejrtrækninger/min', consciousness: '',
};

const CONSCIOUSNESS_DA: Record<(typeof CONSCIOUSNESS_LEVELS)[number], string> = {
  alert: 'Vågen og klar', agitated: 'Urolig', new_confusion: 'Ny forvirring', voice: 'Reagerer på tiltale', pain: 'Reagerer på smerte', unresponsive: 'Reagerer ikke',
};

const SOURCE_DA: Record<string, string> = { manual: 'skrevet ind', device: 'fra måleapparat', nurse: 'målt af sygeplejerske' };

const RESPONSIBILITY_DA: Record<string, string> = {
  red: 'røde alarmer', yellow: 'gule alarmer', missing: 'manglende målinger', limits: 'grænseværdier', consultation: 'konsultationer',
  medication: 'medicin', home_visit: 'hjemmebesøg', acute: 'akut hjælp',
};

const ALERT_STATUS_DA: Record<string, string> = { open: 'Åben – venter på behandlerteamet', claimed: 'Behandlerteamet er i gang', resolved: 'Afsluttet' };

const OUTCOME_DA: Record<string, string> = {
  contacted_patient: 'Du blev kontaktet', home_visit: 'Hjemmebesøg', medication_changed: 'Medicinen blev ændret', referred_to_hospital: 'Henvist til hospital',
  admitted: 'Indlagt', no_action_needed: 'Ingen handling nødvendig',
};

const CONSULTATION_STATUS_DA: Record<string, string> = { scheduled: 'Planlagt', cancelled: 'Aflyst', completed: 'Gennemført' };
const CONSULTATION_TYPE_DA: Record<string, string> = { follow_up: 'Opfølgning', discharge: 'Udskrivning', specialist_advice: 'Rådgivning fra speciallæge' };

/** A reading's value with its unit, Danish decimal comma. */
function valueText(kind: MeasurementKind, value: number, value2: number | null): string {
  if (kind === 'consciousness') return CONSCIOUSNESS_DA[CONSCIOUSNESS_LEVELS[value] ?? 'alert'];
  const n = (v: number) => num(v, Math.min(KIND_INFO[kind].decimals, 1));
  return kind === 'blood_pressure' ? `${n(value)}/${n(value2 ?? 0)} ${UNIT_DA[kind]}` : `${n(value)} ${UNIT_DA[kind]}`;
}

const section = (id: string, title: string, body: string) => `<section aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>${body}</section>`;
const none = (text: string) => `<p class="none">${e(text)}</p>`;

function table(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const tr = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${e(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

function aboutYou(input: SummaryInput): string {
  const { patient, context } = input;
  const programmes = context.programmes.map((p) => `<li>${e(p.name.da)} (siden ${e(dateOnly.format(p.enrolledAt))})</li>`).join('');
  const team = context.careTeam
    .map((c) => `<li><strong>${e(c.name)}</strong> (${e(SECTOR_NAMES[c.type].da)})${c.responsibilities.length > 0 ? ` – holder øje med ${e(c.responsibilities.map((r) => RESPONSIBILITY_DA[r] ?? r).join(', '))}` : ''}</li>`)
    .join('');
  return section('om-dig', 'Om dig', `<dl><dt>Navn</dt><dd>${e(patient.name)}</dd>${patient.birthDate ? `<dt>Fødselsdato</dt><dd>${e(patient.birthDate)}</dd>` : ''}</dl>
<h3>Dine forløb</h3>${programmes ? `<ul>${programmes}</ul>` : none('Du er ikke skrevet ind i et forløb lige nu.')}
<h3>Dit behandlerteam</h3>${team ? `<ul>${team}</ul>` : none('Der er ikke noget behandlerteam på dig lige nu.')}`);
}

function limits(input: SummaryInput): string {
  const parts = input.context.limits.map((l) => {
    const lines = describeRules(l.rules);
    const body = lines.length > 0 ? `<ul>${lines.map((line) => `<li>${e(line.da)}</li>`).join('')}</ul>` : none('Måles uden grænser.');
    return `<h3>${e(KIND_INFO[l.kind].label.da)}</h3><p class="meta">Gælder fra ${at(l.validFrom)}</p>${body}`;
  });
  return section('graenser', 'Dine grænseværdier lige nu', `<p>Grænserne afgør, om en måling bliver grøn, gul eller rød. Dit behandlerteam har sat dem.</p>${parts.join('') || none('Der er ingen grænser sat.')}`);
}

function readings(input: SummaryInput): string {
  const parts = MEASUREMENT_KINDS.flatMap((kind) => {
    const rows = input.record.measurements.filter((m) => m.kind === kind).reverse();
    if (rows.length === 0) return [];
    const label = KIND_INFO[kind].label.da;
    return [table(`${label}: ${rows.length} ${rows.length === 1 ? 'måling' : 'målinger'}, nyeste først`, ['Tidspunkt', 'Værdi', 'Farve', 'Hvorfor', 'Hvordan'], rows.map((m) => [
      at(m.measuredAt),
      e(valueText(kind, m.value, m.value2)),
      e(COLOUR[m.triageLevel] ?? m.triageLevel),
      e(m.triageReasons.map((r) => r.text.da).join(' ')),
      e(m.enteredByName && m.source !== 'device' ? `${SOURCE_DA[m.source] ?? m.source} (${m.enteredByName})` : (SOURCE_DA[m.source] ?? m.source)),
    ]))];
  });
  return section('maalinger', 'Dine målinger', parts.join('') || none('Der er ingen målinger endnu.'));
}

function visits(input: SummaryInput): string {
  const rows = [...input.record.visits].reverse().map((v) => [
    at(v.measuredAt),
    e(String(v.tobsTotal)),
    e(String(v.news2Total)),
    e(COLOUR[v.triageLevel] ?? v.triageLevel),
    e(v.triageReasons.map((r) => visitReasonText(r).text.da).join(' ')),
    e(`${v.recordedByName}${v.organisationName ? `, ${v.organisationName}` : ''}`),
  ]);
  return section('besoeg', 'Besøg af sygeplejerske (TOBS og NEWS2)', rows.length > 0
    ? `<p>TOBS og NEWS2 er point, som sygeplejersken regner ud fra dine målinger ved et besøg. Jo flere point, jo mere opmærksomhed.</p>${table('Besøg, nyeste først', ['Tidspunkt', 'TOBS', 'NEWS2', 'Farve', 'Hvorfor', 'Sygeplejerske'], rows)}`
    : none('Der er ingen besøg registreret.'));
}

function answerText(d: QuestionnaireDefinition | undefined, answers: Record<string, unknown>): string {
  const items = Object.entries(answers).map(([id, value]) => {
    const item = d?.items.find((i) => i.id === id);
    const option = item?.type === 'choice' ? item.options.find((o) => o.value === value)?.text.da : undefined;
    const shown = option ?? (typeof value === 'number' ? (item?.type === 'scale' ? `${value} (fra ${item.min} til ${item.max})` : String(value)) : JSON.stringify(value));
    return `<li><span class="q">${e(item?.text.da ?? id)}</span> ${e(shown)}</li>`;
  });
  return items.length > 0 ? `<ul class="answers">${items.join('')}</ul>` : '';
}

function questionnaires(input: SummaryInput): string {
  const parts = [...input.record.answers].reverse().map((a) => {
    const d = input.definition(a.questionnaireId, a.questionnaireVersion);
    const title = d?.title.da ?? a.questionnaireId;
    const score = a.score === null ? '' : ` · Point: ${e(num(a.score, 2))}`;
    const reasons = a.triageReasons.map((r) => r.text.da).join(' ');
    return `<article><h3>${e(title)}</h3><p class="meta">${at(a.answeredAt)}${score} · ${e(COLOUR[a.triageLevel] ?? a.triageLevel)}${reasons ? ` · ${e(reasons)}` : ''}</p>${answerText(d, a.answers)}</article>`;
  });
  return section('spoergeskemaer', 'Dine svar på spørgeskemaer', parts.join('') || none('Du har ikke svaret på nogen spørgeskemaer endnu.'));
}

function alerts(input: SummaryInput): string {
  const rows = [...input.record.alerts].reverse().map((a) => {
    const outcome = a.outcome ? (OUTCOME_DA[a.outcome] ?? a.outcome) : '';
    const ended = a.resolvedAt ? ` (${at(a.resolvedAt)})` : '';
    return [
      at(a.openedAt),
      e(ruleText(a.rule).da),
      e(COLOUR[a.severity] ?? a.severity),
      e(a.reasons.map((r) => r.text.da).join(' ')),
      `${e(ALERT_STATUS_DA[a.status] ?? a.status)}${ended}${outcome ? `: ${e(outcome)}` : ''}${a.outcomeNote ? `<br /><span class="note">${e(a.outcomeNote)}</span>` : ''}`,
      e(a.responsibleOrgName ?? ''),
    ];
  });
  return section('alarmer', 'Alarmer og hvad der skete', rows.length > 0
    ? `<p>En alarm går til dit behandlerteam, når en måling eller et svar er uden for dine grænser, eller når en måling mangler.</p>${table('Alarmer, nyeste først', ['Oprettet', 'Om', 'Farve', 'Hvorfor', 'Udfald', 'Hvem havde den'], rows)}`
    : none('Der har ikke været nogen alarmer.'));
}

function consultations(input: SummaryInput): string {
  const rows = [...input.record.consultations].reverse().map((c) => [
    at(c.startsAt),
    e(`${CONSULTATION_TYPE_DA[c.type] ?? c.type}, ${c.durationMinutes} min.`),
    e(`${c.organiserName}${c.organisationName ? `, ${c.organisationName}` : ''}`),
    e(c.purpose),
    e(CONSULTATION_STATUS_DA[c.status] ?? c.status),
    e(c.summary ?? ''),
  ]);
  return section('konsultationer', 'Videokonsultationer', rows.length > 0
    ? table('Konsultationer, nyeste først', ['Tidspunkt', 'Slags', 'Med', 'Formål', 'Status', 'Opsummering'], rows)
    : none('Der har ikke været nogen videokonsultationer.'));
}

function messageThread(input: SummaryInput): string {
  const rows = [...input.record.messages].reverse().map((m) => [at(m.sentAt), e(`${m.senderName}${m.organisationName ? `, ${m.organisationName}` : ''}`), e(m.body)]);
  return section('beskeder', 'Beskeder', rows.length > 0
    ? table('Beskeder mellem dig og dit behandlerteam, nyeste først', ['Sendt', 'Fra', 'Besked'], rows)
    : none('Der har ikke været nogen beskeder.'));
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#111;background:#fff;margin:0 auto;max-width:60rem;padding:1.5rem}
h1{font-size:1.8rem;margin:0 0 .5rem}h2{font-size:1.4rem;margin:2rem 0 .5rem;border-bottom:2px solid #333}h3{font-size:1.15rem;margin:1.25rem 0 .25rem}
.about{border:2px solid #333;padding:.75rem 1rem;border-radius:4px;background:#f4f4f4}
.meta{color:#333;margin:.25rem 0}.none{font-style:italic}.note{font-style:italic}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.75rem 0 1.5rem;font-size:.95rem}caption{text-align:left;font-weight:bold;font-size:1.05rem;padding:.25rem 0}
th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#e6e6e6}
.answers{margin:.25rem 0 1rem}.answers .q{display:block;font-weight:bold}
@media print{body{padding:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr,article{break-inside:avoid}thead{display:table-header-group}.about{background:none}}
`;

/** The patient's readable copy: one HTML file in Danish, no scripts or outside files, made for screen and paper. */
export function renderPatientSummary(input: SummaryInput): string {
  const { patient, now } = input;
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Dine data fra Naer – ${e(patient.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Dine data fra Naer</h1>
<p class="meta">${e(patient.name)} · Hentet ${at(now)}</p>
</header>
<main>
<section class="about" aria-labelledby="om-filen">
<h2 id="om-filen">Om denne fil</h2>
<p>Her er alt, hvad Naer har gemt om dig: dine målinger, dine svar på spørgeskemaer, besøg, alarmer, videokonsultationer og beskeder. Den viser dine data, som de så ud, da du hentede filen. Nyere målinger kommer ikke med.</p>
<p>Filen er din. Du kan give den til en pårørende eller en ny læge, fx ved at printe den eller sende den. Den indeholder oplysninger om dit helbred, så giv den kun til nogen, du stoler på.</p>
<p>Har du brug for at få dine data ind i et andet system, så hent i stedet FHIR-filen fra Naer. Den er lavet til computere.</p>
</section>
${aboutYou(input)}
${limits(input)}
${readings(input)}
${questionnaires(input)}
${visits(input)}
${alerts(input)}
${consultations(input)}
${messageThread(input)}
</main>
<footer><p class="meta">Lavet af Naer ${at(now)}. Tider er dansk tid.</p></footer>
</body>
</html>
`;
}
