import { randomUUID } from 'node:crypto';
import type { AlertOutcome, MeasurementInput, MeasurementKind } from '@naer/shared';
import type { Actor } from '../kernel/actor';
import type { AlertLifecycleService } from '../modules/alerts/alert-lifecycle.service';
import type { AlertRepository } from '../modules/alerts/alert.repository';
import type { Database } from '../db/client';
import type { EscalationJob } from '../jobs/escalation.job';
import type { MeasurementService } from '../modules/measurements/measurement.service';
import type { MessageService } from '../modules/messages/message.service';
import type { MonitoringService } from '../modules/monitoring/monitoring.service';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * A red episode in the months before the last 30 days: SpO2 falls, someone claims the alert (after an
 * escalation when `escalated`), and resolves it with an outcome; an admission pauses measuring.
 * Claims get faster and admissions fewer from the quarter before to the last one: the dashboard's story.
 */
interface Episode {
  patient: string;
  daysAgo: number;
  claimAfterMinutes: number;
  by: 'hospital' | 'gp' | 'municipality';
  outcome: AlertOutcome;
  escalated?: boolean;
  message?: string;
}

const EPISODES: Episode[] = [
  { patient: 'Birthe Hansen', daysAgo: 140, claimAfterMinutes: 62, by: 'hospital', outcome: 'admitted', message: 'Du er indlagt på lungemedicinsk afdeling. Vi holder pause med målingerne, til du er hjemme igen.' },
  { patient: 'Else Johansen', daysAgo: 121, claimAfterMinutes: 52, by: 'gp', outcome: 'admitted', escalated: true },
  { patient: 'Anna Mortensen', daysAgo: 110, claimAfterMinutes: 45, by: 'gp', outcome: 'home_visit', escalated: true },
  { patient: 'Lis Larsen', daysAgo: 100, claimAfterMinutes: 27, by: 'hospital', outcome: 'medication_changed', message: 'Vi har aftalt en prednisolon-kur med din læge. Mål igen i morgen.' },
  { patient: 'Erik Nielsen', daysAgo: 75, claimAfterMinutes: 38, by: 'hospital', outcome: 'admitted' },
  { patient: 'Karen Jensen', daysAgo: 65, claimAfterMinutes: 18, by: 'hospital', outcome: 'contacted_patient', message: 'Tak for din måling. Ring til os, hvis du bliver mere forpustet.' },
  { patient: 'Bent Madsen', daysAgo: 50, claimAfterMinutes: 14, by: 'municipality', outcome: 'home_visit' },
  { patient: 'Hans Christensen', daysAgo: 36, claimAfterMinutes: 9, by: 'municipality', outcome: 'contacted_patient' },
];

/** Patients whose pulse limit fires often for nothing: a yellow pulse every other week, closed with "no action needed". */
const NOISY_PULSE = new Set(['Jørgen Pedersen', 'Ole Olsen', 'Niels Jørgensen']);
/** Share of scheduled days a patient skips; most measure faithfully. */
const SKIP: Record<string, number> = { 'Hans Christensen': 0.5, 'Ruth Thomsen': 0.3, 'Leif Knudsen': 0.2 };
const DEFAULT_SKIP = 0.08;

export interface HistoryDeps {
  database: Database;
  measurements: MeasurementService;
  lifecycle: AlertLifecycleService;
  alerts: AlertRepository;
  escalation: EscalationJob;
  monitoring: MonitoringService;
  messages: MessageService;
  /** Moves the seed's clock. */
  setNow: (at: Date) => void;
  staff: Record<Episode['by'], Actor>;
}

export interface HistoryPatient {
  name: string;
  patientId: string;
  actor: Actor;
  /** Baseline readings of a calm day. */
  readings: (daysAgo: number) => Array<{ kind: MeasurementKind; value: MeasurementInput['value']; unit: string }>;
}

/**
 * Seeds one patient's months between enrolment and the last `recentDays` days: the schedule's readings
 * (daily for the first 14 days, then Monday and Thursday) with a few skipped, and their episodes.
 */
export async function seedHistory(deps: HistoryDeps, p: HistoryPatient, enrolledAt: Date, now: Date, recentDays: number, rnd: () => number): Promise<void> {
  const { measurements, lifecycle, alerts, escalation, monitoring, messages, setNow, staff } = deps;
  const skip = SKIP[p.name] ?? DEFAULT_SKIP;
  const episodes = EPISODES.filter((e) => e.patient === p.name);
  const firstDay = Math.floor((now.getTime() - enrolledAt.getTime()) / DAY) - 1;
  let pausedUntil = 0;
  let noisyFortnight = -1;

  for (let daysAgo = firstDay; daysAgo > recentDays; daysAgo--) {
    const episode = episodes.find((e) => e.daysAgo === daysAgo);
    const evening = new Date(now.getTime() - daysAgo * DAY - (2 + rnd() * 3) * 3_600_000);
    // Episodes in the morning, when the hospital answers for red alerts and its claim clock runs.
    const measuredAt = episode ? new Date(Date.UTC(evening.getUTCFullYear(), evening.getUTCMonth(), evening.getUTCDate(), 8, 30)) : evening;
    const weekday = measuredAt.getUTCDay();
    const scheduled = daysAgo > firstDay - 14 || weekday === 1 || weekday === 4;
    if (measuredAt.getTime() < pausedUntil || (!episode && (!scheduled || rnd() < skip))) continue;

    const fortnight = Math.floor(daysAgo / 14);
    const noisy = NOISY_PULSE.has(p.name) && fortnight !== noisyFortnight;
    if (noisy) noisyFortnight = fortnight;
    const readings = p.readings(daysAgo).map((r) => {
      if (episode && r.kind === 'spo2') return { ...r, value: 86 };
      if (noisy && r.kind === 'heart_rate') return { ...r, value: 104 + Math.round(rnd() * 4) };
      return r;
    });
    setNow(new Date(measuredAt.getTime() + MINUTE));
    await measurements.submitBatch(p.actor, readings.map((r) => ({ id: randomUUID(), kind: r.kind, value: r.value, unit: r.unit, measuredAt: measuredAt.toISOString(), source: 'device' }) as MeasurementInput));

    const open = await alerts.listOpen(deps.database.db, { patientId: p.patientId });
    for (const alert of open) {
      if (episode && alert.rule === 'spo2') {
        if (episode.escalated) await escalation.run(new Date(measuredAt.getTime() + 35 * MINUTE));
        const claimedAt = new Date(measuredAt.getTime() + episode.claimAfterMinutes * MINUTE);
        setNow(claimedAt);
        await lifecycle.claim(staff[episode.by], alert.id);
        const resolvedAt = new Date(claimedAt.getTime() + (40 + rnd() * 80) * MINUTE);
        setNow(resolvedAt);
        await lifecycle.resolve(staff[episode.by], alert.id, { outcome: episode.outcome });
        if (episode.message) await messages.send(staff.hospital, p.patientId, { id: randomUUID(), body: episode.message });
        if (episode.outcome === 'admitted') {
          pausedUntil = resolvedAt.getTime() + 6 * DAY;
          await monitoring.createPause(staff.hospital, p.patientId, { startsAt: resolvedAt.toISOString(), endsAt: new Date(pausedUntil).toISOString(), reason: 'admitted', note: 'Indlagt' });
        }
      } else if (alert.rule === 'heart_rate') {
        // The noisy pulse limit: seen within hours, nothing to do.
        setNow(new Date(measuredAt.getTime() + (60 + rnd() * 180) * MINUTE));
        await lifecycle.resolve(staff.hospital, alert.id, { outcome: 'no_action_needed', note: 'Kendt høj puls efter trappegang.' });
      }
    }
    // Every other Thursday the hospital nurse looks through the readings that raised nothing.
    if (weekday === 4 && fortnight % 2 === 0) {
      setNow(new Date(measuredAt.getTime() + 14 * 3_600_000));
      await monitoring.reviewAll(staff.hospital, p.patientId, {});
    }
  }
}
