import { CONSULTATION_TYPES, ConsultationInputSchema, MAX_PARTICIPANTS } from '@naer/shared/contracts';
import type { ConsultationInput, ConsultationMove, ConsultationParticipant, ConsultationType, ErrorDetail } from '@naer/shared/contracts';
import { fromDateTimeInputs, nextQuarterHour, toDateTimeInputs } from './consultation-time';

/** The lengths the form offers, in minutes. */
export const DURATIONS = [15, 30, 45, 60] as const;
export const DEFAULT_DURATION = 30;
/** At most this many invitees: a call holds MAX_PARTICIPANTS, the organiser included. */
export const MAX_INVITEES = MAX_PARTICIPANTS - 1;
export const PURPOSE_MAX_LENGTH = ConsultationInputSchema.shape.purpose.maxLength ?? 500;
export { CONSULTATION_TYPES };

// The server takes a start this far in the past (a form left open a while), no further.
const PAST_TOLERANCE_MS = 10 * 60_000;

/** The booking form as the clinician fills it in: date and time as their inputs hold them. */
export interface BookingDraft {
  date: string;
  time: string;
  durationMinutes: number;
  type: ConsultationType;
  purpose: string;
  participantUserIds: string[];
}

export type BookingField = 'startsAt' | 'durationMinutes' | 'type' | 'purpose' | 'participantUserIds';
/** A field's problem; the component turns it into words (`rejected`: the server refused it). */
export type BookingProblem = 'required' | 'invalid' | 'past' | 'tooLong' | 'tooMany' | 'rejected';
export type BookingProblems = Partial<Record<BookingField, BookingProblem>>;

/** The fields in the order the form shows them, for its error summary. */
export const BOOKING_FIELDS: readonly BookingField[] = ['startsAt', 'durationMinutes', 'type', 'purpose', 'participantUserIds'];

/** A fresh form: the next quarter hour, half an hour, a follow-up, with the patient invited. */
export function newBookingDraft(now: Date, invitees: readonly Pick<ConsultationParticipant, 'userId' | 'role'>[]): BookingDraft {
  return {
    ...toDateTimeInputs(nextQuarterHour(now)),
    durationMinutes: DEFAULT_DURATION,
    type: 'follow_up',
    purpose: '',
    participantUserIds: invitees.filter((i) => i.role === 'patient').map((i) => i.userId),
  };
}

/** The start the date and time name, or the problem with them. */
export function startFrom(date: string, time: string, now: Date): { ok: true; startsAt: string } | { ok: false; problem: BookingProblem } {
  if (date.trim() === '' || time.trim() === '') return { ok: false, problem: 'required' };
  const at = fromDateTimeInputs(date, time);
  if (!at) return { ok: false, problem: 'invalid' };
  if (at.getTime() < now.getTime() - PAST_TOLERANCE_MS) return { ok: false, problem: 'past' };
  return { ok: true, startsAt: at.toISOString() };
}

const isDuration = (minutes: number) => (DURATIONS as readonly number[]).includes(minutes);

/** The booking to send, or every field's problem (checked here first to spare a refused request; the server decides). */
export function bookingInput(draft: BookingDraft, patientId: string, now: Date): { ok: true; input: ConsultationInput } | { ok: false; problems: BookingProblems } {
  const problems: BookingProblems = {};
  const start = startFrom(draft.date, draft.time, now);
  if (!start.ok) problems.startsAt = start.problem;
  if (!isDuration(draft.durationMinutes)) problems.durationMinutes = 'invalid';
  if (!(CONSULTATION_TYPES as readonly string[]).includes(draft.type)) problems.type = 'required';
  const purpose = draft.purpose.trim();
  if (purpose === '') problems.purpose = 'required';
  else if (purpose.length > PURPOSE_MAX_LENGTH) problems.purpose = 'tooLong';
  const invited = [...new Set(draft.participantUserIds)];
  if (invited.length === 0) problems.participantUserIds = 'required';
  else if (invited.length > MAX_INVITEES) problems.participantUserIds = 'tooMany';
  if (!start.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, input: { patientId, startsAt: start.startsAt, durationMinutes: draft.durationMinutes, type: draft.type, purpose, participantUserIds: invited } };
}

/** A new time for a booked call, or the problem with it. */
export function moveInput(date: string, time: string, durationMinutes: number, now: Date): { ok: true; input: ConsultationMove } | { ok: false; problem: BookingProblem } {
  const start = startFrom(date, time, now);
  if (!start.ok) return start;
  if (!isDuration(durationMinutes)) return { ok: false, problem: 'invalid' };
  return { ok: true, input: { startsAt: start.startsAt, durationMinutes } };
}

/** The fields a server 400 names (`participantUserIds[1]` is the invitees field); anything else goes to the form as a whole. */
export function serverProblems(details: readonly ErrorDetail[]): BookingProblems {
  const problems: BookingProblems = {};
  for (const detail of details) {
    const field = BOOKING_FIELDS.find((f) => detail.path === f || detail.path.startsWith(`${f}.`) || detail.path.startsWith(`${f}[`));
    if (field) problems[field] = 'rejected';
  }
  return problems;
}
