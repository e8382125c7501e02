import { describe, expect, it } from 'vitest';
import { MAX_INVITEES, PURPOSE_MAX_LENGTH, bookingInput, moveInput, newBookingDraft, serverProblems } from './booking-input';
import type { BookingDraft } from './booking-input';

const PATIENT_ID = '44444444-4444-4444-8444-444444444444';
const PATIENT_USER = '55555555-5555-4555-8555-555555555551';
const NURSE = '55555555-5555-4555-8555-555555555552';
const now = new Date(2026, 2, 3, 10, 7);

const draft = (change: Partial<BookingDraft> = {}): BookingDraft => ({
  date: '2026-03-03',
  time: '10:30',
  durationMinutes: 30,
  type: 'follow_up',
  purpose: 'Opfølgning efter udskrivelsen',
  participantUserIds: [PATIENT_USER],
  ...change,
});

describe('newBookingDraft', () => {
  it('suggests the next quarter hour, half an hour, a follow-up, with the patient invited', () => {
    const fresh = newBookingDraft(now, [
      { userId: PATIENT_USER, role: 'patient' },
      { userId: NURSE, role: 'clinician' },
    ]);
    expect(fresh).toEqual({ date: '2026-03-03', time: '10:15', durationMinutes: 30, type: 'follow_up', purpose: '', participantUserIds: [PATIENT_USER] });
  });
});

describe('bookingInput', () => {
  it('turns a filled form into the booking, the start in UTC and the purpose trimmed', () => {
    const result = bookingInput(draft({ purpose: '  Medicin efter udskrivelsen ', participantUserIds: [PATIENT_USER, NURSE, PATIENT_USER] }), PATIENT_ID, now);
    expect(result).toEqual({
      ok: true,
      input: {
        patientId: PATIENT_ID,
        startsAt: new Date(2026, 2, 3, 10, 30).toISOString(),
        durationMinutes: 30,
        type: 'follow_up',
        purpose: 'Medicin efter udskrivelsen',
        participantUserIds: [PATIENT_USER, NURSE],
      },
    });
  });

  it('names every field with a problem at once', () => {
    const result = bookingInput(draft({ date: '', purpose: '   ', participantUserIds: [], durationMinutes: 20 }), PATIENT_ID, now);
    expect(result).toEqual({ ok: false, problems: { startsAt: 'required', purpose: 'required', participantUserIds: 'required', durationMinutes: 'invalid' } });
  });

  it('refuses a time that has passed, a date that does not exist, and too many invitees', () => {
    expect(bookingInput(draft({ time: '09:30' }), PATIENT_ID, now)).toEqual({ ok: false, problems: { startsAt: 'past' } });
    expect(bookingInput(draft({ date: '2026-02-30' }), PATIENT_ID, now)).toEqual({ ok: false, problems: { startsAt: 'invalid' } });
    const many = Array.from({ length: MAX_INVITEES + 1 }, (_, i) => `55555555-5555-4555-8555-55555555556${i}`);
    expect(bookingInput(draft({ participantUserIds: many }), PATIENT_ID, now)).toEqual({ ok: false, problems: { participantUserIds: 'tooMany' } });
  });

  it('takes a start a few minutes ago (a form left open), as the server does', () => {
    expect(bookingInput(draft({ time: '10:00' }), PATIENT_ID, now).ok).toBe(true);
  });

  it('refuses a purpose longer than the contract allows', () => {
    expect(bookingInput(draft({ purpose: 'x'.repeat(PURPOSE_MAX_LENGTH + 1) }), PATIENT_ID, now)).toEqual({ ok: false, problems: { purpose: 'tooLong' } });
  });
});

describe('moveInput', () => {
  it('gives the new start and length', () => {
    expect(moveInput('2026-03-04', '11:00', 45, now)).toEqual({ ok: true, input: { startsAt: new Date(2026, 2, 4, 11, 0).toISOString(), durationMinutes: 45 } });
  });

  it('refuses a new time in the past', () => {
    expect(moveInput('2026-03-02', '11:00', 30, now)).toEqual({ ok: false, problem: 'past' });
  });
});

describe('serverProblems', () => {
  it('puts a 400 on the field it names, an invitee index on the invitees', () => {
    expect(
      serverProblems([
        { path: 'startsAt', message: 'in the past' },
        { path: 'participantUserIds.1', message: 'not allowed' },
        { path: 'somethingElse', message: 'x' },
      ]),
    ).toEqual({ startsAt: 'rejected', participantUserIds: 'rejected' });
  });
});
