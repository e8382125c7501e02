import { randomUUID } from 'node:crypto';
import type { MeasurementInput, MeasurementKind, Programme } from '@naer/shared';
import { USUAL_RESPONSIBILITIES } from '@naer/shared';
import { BUILT_IN_QUESTIONNAIRES, danishMonth, mergeLimits } from '@naer/shared/domain';
import type { Consciousness } from '@naer/shared/domain';
import type { Clock } from '../kernel/clock';
import { createAccessService } from '../modules/access/access.service';
import { createAlertRepository } from '../modules/alerts/alert.repository';
import { createAuditRepository } from '../modules/audit/audit.repository';
import type { Actor } from '../kernel/actor';
import { hashPassword } from '../modules/auth/password';
import { createMeasurementRepository } from '../modules/measurements/measurement.repository';
import { createMeasurementService } from '../modules/measurements/measurement.service';
import { silentNotifier } from '../realtime/notifier';
import type { Database } from '../db/client';
import { withStartupLock } from '../db/startup-lock';
import { hashActivationCode, newActivationCode } from '../modules/enrolment/activation-code';
import { createActivationRepository } from '../modules/enrolment/activation.repository';
import { createEnrolmentRepository } from '../modules/enrolment/enrolment.repository';
import { createOrganisationRepository } from '../modules/organisations/organisation.repository';
import { createUserRepository } from '../modules/auth/user.repository';
import { createConsultationRepository } from '../modules/consultations/consultation.repository';
import { silentConsultationNotifier } from '../modules/consultations/consultation.notifier';
import { createConsultationService } from '../modules/consultations/consultation.service';
import { createNoteRepository } from '../modules/notes/note.repository';
import { createNoteService } from '../modules/notes/note.service';
import { createQuestionnaireCatalog } from '../modules/questionnaires/questionnaire.catalog';
import { createQuestionnaireDefinitionRepository } from '../modules/questionnaires/questionnaire-definition.repository';
import { silentQuestionnaireNotifier } from '../modules/questionnaires/questionnaire.notifier';
import { createQuestionnaireRepository } from '../modules/questionnaires/questionnaire.repository';
import { createQuestionnaireService } from '../modules/questionnaires/questionnaire.service';
import { createRelativeRepository, hashInvitationCode, newInvitationCode } from '../modules/relatives/relative.repository';
import { createLimitRepository } from '../modules/limits/limit.repository';
import { createAlertLifecycleService } from '../modules/alerts/alert-lifecycle.service';
import { silentAlertLifecycleNotifier } from '../modules/alerts/alert.notifier';
import { createHandoverRepository } from '../modules/handovers/handover.repository';
import { createEscalationJob } from '../jobs/escalation.job';
import { createMessageRepository } from '../modules/messages/message.repository';
import { createMessageService } from '../modules/messages/message.service';
import { createMonitoringRepository } from '../modules/monitoring/monitoring.repository';
import { createMonitoringService } from '../modules/monitoring/monitoring.service';
import { silentMonitoringNotifier } from '../modules/monitoring/monitoring.notifier';
import { seedHistory } from './history';
import type { HistoryDeps } from './history';
import { createVisitRepository } from '../modules/visits/visit.repository';
import { createVisitService } from '../modules/visits/visit.service';
import { silentVisitNotifier } from '../modules/visits/visit.notifier';

export const DEMO_PASSWORD = 'naer-demo';
const DAY = 86_400_000;
const HISTORY_DAYS = 30;
/** Enrolled about five months ago (a whole number of weeks before the readings, so the twice-weekly days stay the same), for months of involvement answers. */
const ENROLLED_DAYS_AGO = HISTORY_DAYS + 5 + 16 * 7;
/** Calendar months before this one with monthly involvement answers. */
const INVOLVEMENT_MONTHS = 4;

/** Small deterministic PRNG so every fresh demo looks the same. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What goes wrong for a demo patient in the last days, so the board shows every colour. */
type Story = 'stable' | 'spo2_red' | 'weight_red' | 'pulse_yellow' | 'bp_yellow' | 'fever_yellow' | 'resolved_episode';

interface DemoPatient {
  name: string;
  email: string;
  birthDate: string;
  programmes: Programme[];
  withGp: boolean;
  story: Story;
}

const PATIENTS: DemoPatient[] = [
  { name: 'Karen Jensen', email: 'patient@demo.naer.dk', birthDate: '1948-03-12', programmes: ['copd'], withGp: true, story: 'stable' },
  { name: 'Erik Nielsen', email: 'erik.nielsen@demo.naer.dk', birthDate: '1944-07-02', programmes: ['heart_failure'], withGp: true, story: 'weight_red' },
  { name: 'Birthe Hansen', email: 'birthe.hansen@demo.naer.dk', birthDate: '1951-11-23', programmes: ['copd'], withGp: true, story: 'spo2_red' },
  { name: 'Jørgen Pedersen', email: 'jorgen.pedersen@demo.naer.dk', birthDate: '1946-01-30', programmes: ['copd'], withGp: true, story: 'pulse_yellow' },
  { name: 'Inge Andersen', email: 'inge.andersen@demo.naer.dk', birthDate: '1950-05-17', programmes: ['heart_failure'], withGp: true, story: 'bp_yellow' },
  { name: 'Hans Christensen', email: 'hans.christensen@demo.naer.dk', birthDate: '1942-09-08', programmes: ['copd'], withGp: false, story: 'fever_yellow' },
  { name: 'Lis Larsen', email: 'lis.larsen@demo.naer.dk', birthDate: '1949-12-01', programmes: ['copd'], withGp: true, story: 'resolved_episode' },
  { name: 'Poul Sørensen', email: 'poul.sorensen@demo.naer.dk', birthDate: '1945-04-14', programmes: ['heart_failure'], withGp: true, story: 'stable' },
  { name: 'Grethe Rasmussen', email: 'grethe.rasmussen@demo.naer.dk', birthDate: '1953-08-27', programmes: ['copd', 'heart_failure'], withGp: true, story: 'stable' },
  { name: 'Niels Jørgensen', email: 'niels.jorgensen@demo.naer.dk', birthDate: '1947-02-19', programmes: ['copd'], withGp: true, story: 'stable' },
  { name: 'Kirsten Petersen', email: 'kirsten.petersen@demo.naer.dk', birthDate: '1952-06-05', programmes: ['copd'], withGp: false, story: 'stable' },
  { name: 'Bent Madsen', email: 'bent.madsen@demo.naer.dk', birthDate: '1940-10-10', programmes: ['heart_failure'], withGp: true, story: 'resolved_episode' },
  { name: 'Hanne Kristensen', email: 'hanne.kristensen@demo.naer.dk', birthDate: '1955-03-03', programmes: ['copd'], withGp: true, story: 'stable' },
  { name: 'Ole Olsen', email: 'ole.olsen@demo.naer.dk', birthDate: '1943-12-24', programmes: ['copd', 'heart_failure'], withGp: true, story: 'pulse_yellow' },
  { name: 'Ruth Thomsen', email: 'ruth.thomsen@demo.naer.dk', birthDate: '1941-07-21', programmes: ['heart_failure'], withGp: false, story: 'stable' },
  { name: 'Svend Poulsen', email: 'svend.poulsen@demo.naer.dk', birthDate: '1948-09-15', programmes: ['copd'], withGp: true, story: 'stable' },
  { name: 'Else Johansen', email: 'else.johansen@demo.naer.dk', birthDate: '1950-01-08', programmes: ['copd'], withGp: true, story: 'spo2_red' },
  { name: 'Knud Møller', email: 'knud.moller@demo.naer.dk', birthDate: '1946-05-29', programmes: ['heart_failure'], withGp: true, story: 'stable' },
  { name: 'Anna Mortensen', email: 'anna.mortensen@demo.naer.dk', birthDate: '1954-04-18', programmes: ['copd'], withGp: true, story: 'stable' },
  { name: 'Leif Knudsen', email: 'leif.knudsen@demo.naer.dk', birthDate: '1944-11-11', programmes: ['heart_failure'], withGp: true, story: 'stable' },
];

/** The day's readings for one patient: a personal baseline with noise, bent by their story near the end. */
function readingsFor(p: DemoPatient, rnd: () => number, daysAgo: number): Array<{ kind: MeasurementKind; value: MeasurementInput['value']; unit: string }> {
  const noise = (spread: number) => (rnd() - 0.5) * 2 * spread;
  const recent = daysAgo <= 2;
  const episode = p.story === 'resolved_episode' && daysAgo >= 14 && daysAgo <= 16;
  const out: Array<{ kind: MeasurementKind; value: MeasurementInput['value']; unit: string }> = [];
  let spo2 = Math.round(95 + noise(1.4));
  let pulse = Math.round(76 + noise(8));
  if (p.programmes.includes('copd')) {
    if ((p.story === 'spo2_red' && recent) || episode) spo2 = 87 - (2 - Math.min(daysAgo, 2));
    if (p.story === 'pulse_yellow' && recent) pulse = 106 + Math.round(noise(3));
    out.push({ kind: 'spo2', value: spo2, unit: '%' }, { kind: 'heart_rate', value: pulse, unit: '/min' });
    const fever = p.story === 'fever_yellow' && recent;
    if (fever || daysAgo % 3 === 0) out.push({ kind: 'body_temperature', value: fever ? 38.4 : Math.round((36.7 + noise(0.3)) * 10) / 10, unit: 'Cel' });
  }
  if (p.programmes.includes('heart_failure')) {
    const base = 78 + (p.name.length % 7) * 3;
    const gain = (p.story === 'weight_red' && daysAgo <= 3) || episode ? (3 - daysAgo) * 0.9 : 0;
    out.push({ kind: 'body_weight', value: Math.round((base + gain + noise(0.25)) * 10) / 10, unit: 'kg' });
    const systolic = p.story === 'bp_yellow' && recent ? 166 : Math.round(128 + noise(8));
    out.push({ kind: 'blood_pressure', value: { systolic, diastolic: Math.round(78 + noise(5)) }, unit: 'mm[Hg]' });
    if (!p.programmes.includes('copd')) {
      out.push({ kind: 'heart_rate', value: Math.round(72 + noise(7)), unit: '/min' });
      out.push({ kind: 'spo2', value: Math.min(100, Math.round(96 + noise(1.4))), unit: '%' });
    }
  }
  return out;
}

const CAT_ITEMS = ['cough', 'phlegm', 'chest', 'stairs', 'home', 'going-out', 'sleep', 'energy'];

/** Questionnaires a demo patient answers on a day: the daily check of each programme, and the weekly COPD score on Mondays' equivalent (every 7th day). */
function answersFor(p: DemoPatient, rnd: () => number, daysAgo: number): Array<{ questionnaireId: string; answers: Record<string, number> }> {
  if (daysAgo > 21) return [];
  const unwell = p.story !== 'stable' && p.story !== 'resolved_episode' && daysAgo <= 2;
  const out: Array<{ questionnaireId: string; answers: Record<string, number> }> = [];
  if (p.programmes.includes('copd')) {
    out.push({ questionnaireId: 'copd-daily', answers: { breathless: unwell ? 1 : 0, 'sputum-amount': unwell && p.story === 'spo2_red' ? 1 : 0, 'sputum-colour': 0, cough: rnd() < 0.2 ? 1 : 0 } });
    if (daysAgo % 7 === 0) {
      // A medium-impact total (15–19) that holds steady week to week, 5 points higher when unwell; one point moves between two items.
      const total = 15 + (p.name.length % 5) + (unwell ? 5 : 0);
      const items = CAT_ITEMS.map((_, j) => Math.floor(total / 8) + (j < total % 8 ? 1 : 0));
      const from = Math.floor(rnd() * 8);
      const to = (from + 3) % 8;
      if ((items[from] ?? 0) > 0 && (items[to] ?? 5) < 5) {
        items[from] = (items[from] ?? 0) - 1;
        items[to] = (items[to] ?? 0) + 1;
      }
      out.push({ questionnaireId: 'cat-weekly', answers: Object.fromEntries(CAT_ITEMS.map((id, j) => [id, items[j] ?? 0])) });
    }
  }
  if (p.programmes.includes('heart_failure')) {
    const swollen = p.story === 'weight_red' && daysAgo <= 3;
    out.push({ questionnaireId: 'hf-daily', answers: { swelling: swollen ? 1 : 0, night: 0, breathless: swollen ? 1 : 0, dizzy: 0, appetite: rnd() < 0.1 ? 1 : 0 } });
  }
  return out;
}

/**
 * The monthly involvement answers (1–5) of a demo patient: one a month for the last few calendar
 * months, a personal level that rises a little month by month, now and then a month skipped, and
 * this month only from some patients (never Karen, who answers it in the app).
 */
function involvementFor(index: number, rnd: () => number, now: Date, enrolledAt: Date): Array<{ answeredAt: Date; value: number }> {
  const thisMonth = danishMonth(now);
  const out: Array<{ answeredAt: Date; value: number }> = [];
  for (let monthsAgo = INVOLVEMENT_MONTHS; monthsAgo >= 0; monthsAgo--) {
    const skipped = rnd() < 0.1 + 0.04 * monthsAgo || (monthsAgo === 0 && index % 3 === 0);
    const wobble = rnd();
    // Days 2–22 at 10:00 UTC (11 or 12 in Denmark) stay inside the month whatever the time zone does.
    const month = thisMonth - monthsAgo;
    const answeredAt = new Date(Date.UTC(1970 + Math.floor(month / 12), month % 12, 2 + ((index * 5 + monthsAgo * 3) % 21), 10));
    if (skipped || answeredAt.getTime() <= enrolledAt.getTime() || answeredAt.getTime() >= now.getTime() - 3_600_000) continue;
    const level = 2.4 + (index % 4) * 0.5 + (INVOLVEMENT_MONTHS - monthsAgo) * 0.2;
    out.push({ answeredAt, value: Math.min(5, Math.max(1, Math.round(level + (wobble - 0.5) * 1.6))) });
  }
  return out;
}

/** Seeds the demo data set once; a later start finds it and does nothing. Everything goes through the repositories and services the product uses. */
export async function seedDemo(database: Database, now: Date = new Date()): Promise<boolean> {
  return withStartupLock(database, async () => {
    const { db } = database;
    const organisationRows = createOrganisationRepository();
    if (await organisationRows.anyOrganisation(db)) return false;
    console.log('Seeding demo data (first start)...');

    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const [hospital, gp, municipality] = await organisationRows.insertOrganisations(db, [
      { name: 'Lunge- og Hjerteambulatoriet, Nordsjællands Hospital', type: 'hospital', serviceHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '15:30' } },
      { name: 'Lægehuset Kongens Vænge', type: 'gp', serviceHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' } },
      { name: 'Hillerød Kommune, Hjemmesygepleje og Akutteam', type: 'municipality', alwaysOpen: true, serviceHours: null },
    ]);
    if (!hospital || !gp || !municipality) throw new Error('seeding organisations failed');

    const staff = await createUserRepository(db).insertStaff(db, [
      { email: 'hospital@demo.naer.dk', displayName: 'Hanne Holm', role: 'clinician', organisationId: hospital, jobTitle: 'Sygeplejerske', passwordHash },
      { email: 'laege@demo.naer.dk', displayName: 'Jonas Berg', role: 'clinician', organisationId: hospital, jobTitle: 'Overlæge', passwordHash },
      { email: 'gp@demo.naer.dk', displayName: 'Peter Gram', role: 'clinician', organisationId: gp, jobTitle: 'Praktiserende læge', passwordHash },
      { email: 'kommune@demo.naer.dk', displayName: 'Mette Kofoed', role: 'clinician', organisationId: municipality, jobTitle: 'Hjemmesygeplejerske', passwordHash },
      { email: 'akut@demo.naer.dk', displayName: 'Ali Hassan', role: 'clinician', organisationId: municipality, jobTitle: 'Akutsygeplejerske', passwordHash },
      { email: 'admin@demo.naer.dk', displayName: 'Naer Administrator', role: 'admin', organisationId: null, jobTitle: null, passwordHash },
    ]);
    const physician = staff.get('laege@demo.naer.dk');
    const nurse = staff.get('hospital@demo.naer.dk');
    const homeNurse = staff.get('kommune@demo.naer.dk');
    const gpDoctor = staff.get('gp@demo.naer.dk');
    if (!physician || !nurse || !homeNurse || !gpDoctor) throw new Error('seeding staff failed');

    await organisationRows.insertProgrammes(db, [
      { code: 'copd', name: { da: 'TeleKOL', en: 'Telehealth COPD' } },
      { code: 'heart_failure', name: { da: 'TeleHjerte', en: 'Telehealth heart failure' } },
    ]);

    const enrolledAt = new Date(now.getTime() - ENROLLED_DAYS_AGO * DAY);
    const clock = { current: now };
    const seedClock: Clock = { now: () => clock.current };
    const audit = createAuditRepository(database);
    const enrolmentRows = createEnrolmentRepository(db);
    const activations = createActivationRepository();
    const access = createAccessService({ database, audit, clock: seedClock });
    const measurementRows = createMeasurementRepository(database);
    const measurements = createMeasurementService({ database, measurements: measurementRows, access, notifier: silentNotifier, clock: seedClock });
    const catalog = createQuestionnaireCatalog({ database, repository: createQuestionnaireDefinitionRepository(), builtIn: BUILT_IN_QUESTIONNAIRES });
    const questionnaires = createQuestionnaireService({
      database, repository: createQuestionnaireRepository(database), access, notifier: silentNotifier, notify: silentQuestionnaireNotifier, catalog, clock: seedClock,
    });
    const staffActor = (userId: string, email: string, displayName: string, organisationId: string, type: 'hospital' | 'gp' | 'municipality', name: string): Actor => ({
      userId, email, displayName, role: 'clinician', organisation: { id: organisationId, name, type }, patientId: null, ip: null,
    });
    const mette = staffActor(homeNurse, 'kommune@demo.naer.dk', 'Mette Kofoed', municipality, 'municipality', 'Hillerød Kommune, Hjemmesygepleje og Akutteam');
    const hanne = staffActor(nurse, 'hospital@demo.naer.dk', 'Hanne Holm', hospital, 'hospital', 'Lunge- og Hjerteambulatoriet, Nordsjællands Hospital');
    const peter = staffActor(gpDoctor, 'gp@demo.naer.dk', 'Peter Gram', gp, 'gp', 'Lægehuset Kongens Vænge');
    // Months of follow-up before the last weeks: the episodes and the noisy pulse limit the dashboard shows.
    const history: HistoryDeps = {
      database,
      measurements,
      lifecycle: createAlertLifecycleService({ database, alerts: createAlertRepository(database), handovers: createHandoverRepository(database), access, audit, notifier: silentAlertLifecycleNotifier, clock: seedClock }),
      alerts: createAlertRepository(database),
      escalation: createEscalationJob({ database, notifier: silentNotifier }),
      monitoring: createMonitoringService({ database, monitoring: createMonitoringRepository(database), access, audit, notify: silentMonitoringNotifier, alerts: silentNotifier, clock: seedClock }),
      messages: createMessageService({ database, messages: createMessageRepository(database), access, notifier: { received: () => undefined, read: () => undefined }, clock: seedClock }),
      setNow: (at) => {
        clock.current = at;
      },
      staff: { hospital: hanne, gp: peter, municipality: mette },
    };
    const seeded: Array<{ p: DemoPatient; patientId: string; actor: Actor; index: number }> = [];

    for (const [index, p] of PATIENTS.entries()) {
      const kinds = [...new Set(p.programmes.flatMap((code) => (code === 'copd' ? ['spo2', 'heart_rate', 'body_temperature'] : ['body_weight', 'blood_pressure', 'heart_rate', 'spo2'])))] as MeasurementKind[];
      // Enrolled and activated as a real patient is: the letter's code is used at once.
      const code = newActivationCode();
      const { patientId, userId } = await db.transaction(async (tx) => {
        const patientId = await enrolmentRows.insert(
          tx,
          {
            patient: { name: p.name, birthDate: p.birthDate },
            programmes: p.programmes,
            schedule: { kinds, phases: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }], timeOfDay: '09:00', graceHours: 4 },
            careTeam: [
              { organisationId: hospital, responsibilities: [...USUAL_RESPONSIBILITIES.hospital], escalationOrder: 0, claimWithinMinutes: 30 },
              ...(p.withGp ? [{ organisationId: gp, responsibilities: [...USUAL_RESPONSIBILITIES.gp], escalationOrder: 1, claimWithinMinutes: 30 }] : []),
              { organisationId: municipality, responsibilities: [...USUAL_RESPONSIBILITIES.municipality], escalationOrder: 2, claimWithinMinutes: 30 },
            ],
            limits: mergeLimits(p.programmes),
            limitReason: 'Programmets standardgrænser ved indskrivning',
            followUpOrgId: hospital,
            activationCodeHash: hashActivationCode(code),
            activationExpiresAt: new Date(enrolledAt.getTime() + 14 * DAY),
            enrolledBy: physician,
          },
          enrolledAt,
        );
        const invitation = await activations.findInvitation(tx, hashActivationCode(code));
        if (!invitation) throw new Error('seeding an activation failed');
        const userId = await activations.createPatientAccount(tx, { patientId, invitationId: invitation.id, email: p.email, passwordHash, displayName: p.name }, enrolledAt);
        return { patientId, userId };
      });

      const actor: Actor = { userId, email: p.email, displayName: p.name, role: 'patient', organisation: null, patientId, ip: null };
      const rnd = random(index + 1);
      for (const { answeredAt, value } of involvementFor(index, random(1000 + index), now, enrolledAt)) {
        clock.current = new Date(answeredAt.getTime() + 60_000);
        await questionnaires.submit(actor, { id: randomUUID(), questionnaireId: 'involvement-monthly', version: 1, answers: { involved: value }, answeredAt: answeredAt.toISOString(), source: 'manual' });
      }
      const earlier = random(2000 + index);
      await seedHistory(history, { name: p.name, patientId, actor, readings: (daysAgo) => readingsFor(p, earlier, daysAgo) }, enrolledAt, now, HISTORY_DAYS, earlier);
      for (let daysAgo = HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
        const measuredAt = new Date(now.getTime() - daysAgo * DAY - (2 + rnd() * 3) * 3_600_000);
        clock.current = new Date(measuredAt.getTime() + 60_000);
        const inputs = readingsFor(p, rnd, daysAgo).map(
          (r) => ({ id: randomUUID(), kind: r.kind, value: r.value, unit: r.unit, measuredAt: measuredAt.toISOString(), source: index % 2 ? 'device' : 'manual' }) as MeasurementInput,
        );
        await measurements.submitBatch(actor, inputs);
        for (const answer of answersFor(p, rnd, daysAgo)) {
          await questionnaires.submit(actor, { id: randomUUID(), ...answer, version: 1, answeredAt: new Date(measuredAt.getTime() + 120_000).toISOString(), source: 'manual' });
        }
      }
      seeded.push({ p, patientId, actor, index });
    }

    const byName = (name: string) => {
      const found = seeded.find((s) => s.p.name === name);
      if (!found) throw new Error(`no demo patient ${name}`);
      return found;
    };

    // Home visits: a worried visit to Birthe (her SpO2 fell), a calm one to Jørgen and to Erik last week.
    const visitService = createVisitService({
      database, visits: createVisitRepository(database), measurements, measurementRows, limits: createLimitRepository(), access, notifier: silentNotifier, visitNotifier: silentVisitNotifier, clock: seedClock,
    });
    const visit = async (name: string, hoursAgo: number, signs: { rr: number; spo2: number; oxygen?: boolean; sys: number; dia: number; pulse: number; temp: number; level?: Consciousness }) => {
      const at = new Date(now.getTime() - hoursAgo * 3_600_000);
      clock.current = new Date(at.getTime() + 5 * 60_000);
      await visitService.record(mette, byName(name).patientId, {
        id: randomUUID(), measuredAt: at.toISOString(), respiratoryRate: signs.rr, spo2: signs.spo2, onOxygen: signs.oxygen ?? false, systolic: signs.sys,
        diastolic: signs.dia, pulse: signs.pulse, temperature: signs.temp, consciousness: signs.level ?? 'alert',
      });
    };
    await visit('Jørgen Pedersen', 6 * 24 + 3, { rr: 16, spo2: 94, sys: 134, dia: 82, pulse: 88, temp: 36.9 });
    await visit('Erik Nielsen', 5 * 24 + 2, { rr: 18, spo2: 95, sys: 142, dia: 86, pulse: 78, temp: 36.7 });
    await visit('Birthe Hansen', 20, { rr: 23, spo2: 87, sys: 118, dia: 74, pulse: 104, temp: 37.9, level: 'agitated' });
    // After that visit the hospital tightened Birthe's visit thresholds: her next visit turns red at NEWS2 6.
    await createLimitRepository().saveVisitThresholds(database.db, {
      patientId: byName('Birthe Hansen').patientId, news2Red: 6, news2Yellow: 4, tobsYellow: 2, setBy: hanne.userId,
      reason: 'Svær KOL med lille reserve; aftalt med overlægen efter hjemmebesøget', setAt: new Date(now.getTime() - 18 * 3_600_000),
    });

    // Team notes from all three sectors.
    const notes = createNoteService({ notes: createNoteRepository(database), access, notifier: { added: () => undefined }, clock: seedClock });
    const note = async (author: Actor, name: string, hoursAgo: number, body: string) => {
      clock.current = new Date(now.getTime() - hoursAgo * 3_600_000);
      await notes.add(author, byName(name).patientId, { id: randomUUID(), body });
    };
    await note(hanne, 'Birthe Hansen', 30, 'Har haft forkølelse i en uge. Vær opmærksom på iltmætningen de næste dage.');
    await note(mette, 'Birthe Hansen', 19, 'Besøgt i dag: urolig og lidt forpustet, SpO2 87 %. Lungeambulatoriet er orienteret.');
    await note(peter, 'Erik Nielsen', 4 * 24, 'Furosemid øget til 40 mg x 2 fra i dag. Vægt kontrolleres dagligt.');
    await note(hanne, 'Karen Jensen', 10 * 24, 'Stabil. Næste kontrol i ambulatoriet om 3 måneder.');

    // Video consultations: Karen's follow-up in ten minutes with the home nurse (the call is open now), Erik's tomorrow, and Karen's last one with what was agreed.
    const consultationRows = createConsultationRepository(database);
    const consultationService = createConsultationService({
      database, consultations: consultationRows, access, audit: createAuditRepository(database), notes, notifier: silentConsultationNotifier, clock: seedClock, iceServers: [],
    });
    clock.current = now;
    const karenConsultation = byName('Karen Jensen');
    await consultationService.book(hanne, {
      patientId: karenConsultation.patientId, startsAt: new Date(now.getTime() + 10 * 60_000).toISOString(), durationMinutes: 30, type: 'follow_up',
      purpose: 'Opfølgning på iltmætning og ny inhalator', participantUserIds: [karenConsultation.actor.userId, homeNurse],
    });
    const erik = byName('Erik Nielsen');
    await consultationService.book(hanne, {
      patientId: erik.patientId, startsAt: new Date(now.getTime() + DAY).toISOString(), durationMinutes: 30, type: 'discharge',
      purpose: 'Udskrivelsessamtale: vægt og vanddrivende medicin', participantUserIds: [erik.actor.userId, homeNurse, gpDoctor],
    });
    const earlier = await consultationRows.insert(
      db,
      { patientId: karenConsultation.patientId, organiserId: nurse, organisationId: hospital, startsAt: new Date(now.getTime() - 9 * DAY), durationMinutes: 20, type: 'follow_up', purpose: 'Kontrol efter forværring', participantUserIds: [karenConsultation.actor.userId] },
      { actor: hanne, patientId: karenConsultation.patientId, resource: 'consultation', action: 'create' },
      new Date(now.getTime() - 12 * DAY),
    );
    if (earlier) await consultationRows.update(earlier.id, { status: 'completed', summary: 'Du har det bedre. Fortsæt med den nye inhalator morgen og aften. Vi ringer igen om en uge.' }, new Date(now.getTime() - 9 * DAY));

    // Karen's daughter follows her readings, alerts and messages.
    const relatives = createRelativeRepository(database);
    const karen = byName('Karen Jensen');
    const invitedAt = new Date(enrolledAt.getTime() + DAY);
    const invitation = await relatives.insertInvitation(db, {
      codeHash: hashInvitationCode(newInvitationCode().code), patientId: karen.patientId, scopes: ['readings', 'alerts', 'messages'], notifyRed: true,
      createdBy: karen.actor.userId, createdAt: invitedAt, expiresAt: new Date(invitedAt.getTime() + 7 * DAY),
    });
    await db.transaction(async (tx) => {
      const relative = await relatives.insertRelativeUser(tx, { email: 'parorende@demo.naer.dk', passwordHash, displayName: 'Susanne Jensen' }, invitedAt);
      if (!relative) throw new Error('seeding the relative failed');
      await relatives.consumeInvitation(tx, invitation, relative, invitedAt);
    });

    // Episodes older than three days were handled: close them as a nurse would have.
    await createAlertRepository(database).closeHandledBefore(db, new Date(now.getTime() - 3 * DAY), nurse, { outcome: 'contacted_patient', note: 'Ringet op; har det bedre.' });
    console.log(`Seeded ${PATIENTS.length} patients with ${HISTORY_DAYS} days of history.`);
    return true;
  });
}
