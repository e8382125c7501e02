import type { MeasurementKind } from '@naer/shared/domain';
import { SERVICE_TIME_ZONE, dueSlots } from '@naer/shared/domain';
import type { QuestionnaireList, ScheduleView } from '@naer/shared/contracts';

/** One line of today's plan. */
export type PlanEntry =
  | { type: 'reading'; kind: MeasurementKind; at: string | null; state: 'done' | 'waiting' | 'todo' }
  | { type: 'questionnaire'; id: string; name: string; state: 'done' | 'waiting' | 'todo' };

const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: SERVICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Danish calendar day of an instant, e.g. 2026-03-02. */
export function dayKey(at: Date): string {
  return dayKeyFormat.format(at);
}

const DAY_MS = 86_400_000;

/**
 * Today's plan from the schedule: each scheduled kind due today (done when a reading of it was made
 * today, `waiting` when only a queued one was), then each questionnaire due or answered today
 * (`waiting` when its answers are still on the device).
 * Pure: readings and `now` are passed in.
 */
export function todaysPlan(input: {
  schedule: ScheduleView | null;
  questionnaires: QuestionnaireList | null;
  sentToday: { kind: MeasurementKind; measuredAt: string }[];
  waitingToday: { kind: MeasurementKind; measuredAt: string }[];
  /** Answers kept on the device, not yet received by the server. */
  waitingAnswers?: { questionnaireId: string; answeredAt: string }[];
  now: Date;
  lang: 'da' | 'en';
}): PlanEntry[] {
  const today = dayKey(input.now);
  const isToday = (iso: string) => dayKey(new Date(iso)) === today;
  const entries: PlanEntry[] = [];
  const seen = new Set<MeasurementKind>();
  if (input.schedule && !input.schedule.pause) {
    for (const enrolment of input.schedule.enrolments) {
      const schedule = enrolment.schedule;
      if (!schedule) continue;
      const from = new Date(input.now.getTime() - DAY_MS);
      const to = new Date(input.now.getTime() + DAY_MS);
      const slot = dueSlots(schedule, new Date(enrolment.enrolledAt), from, to).find((s) => dayKey(s) === today);
      if (!slot) continue;
      for (const kind of schedule.kinds) {
        if (seen.has(kind)) continue;
        seen.add(kind);
        const done = input.sentToday.some((m) => m.kind === kind && isToday(m.measuredAt));
        const waiting = input.waitingToday.some((m) => m.kind === kind && isToday(m.measuredAt));
        entries.push({ type: 'reading', kind, at: slot.toISOString(), state: done ? 'done' : waiting ? 'waiting' : 'todo' });
      }
    }
  }
  for (const item of input.questionnaires?.items ?? []) {
    const answeredToday = item.lastResponse ? isToday(item.lastResponse.answeredAt) : false;
    if (item.due !== true && !answeredToday) continue;
    const title = item.definition.title;
    const waiting = (input.waitingAnswers ?? []).some((a) => a.questionnaireId === item.definition.id && isToday(a.answeredAt));
    const state = item.due !== true ? 'done' : waiting ? 'waiting' : 'todo';
    entries.push({ type: 'questionnaire', id: item.definition.id, name: title[input.lang], state });
  }
  return entries;
}

/** The first entry still to do (the "next" step), or null when everything is done. */
export function nextEntry(entries: PlanEntry[]): PlanEntry | null {
  return entries.find((e) => e.state === 'todo') ?? null;
}
