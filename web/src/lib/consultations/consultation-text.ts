import type { Consultation, ConsultationParticipant, ConsultationType } from '@naer/shared/contracts';
import { i18n, t } from '../i18n.svelte';
import type { ConsultationChange } from './consultation-list';
import { clockTime, daysFrom, weekdayDate } from './consultation-time';

/** "i dag kl. 10.30", "i morgen kl. 10.30", else "tirsdag 3. marts kl. 10.30". */
export function whenText(at: Date | string, now: Date): string {
  const days = daysFrom(now, at);
  const date = days === 0 ? t('consultations.today') : days === 1 ? t('consultations.tomorrow') : weekdayDate(at, i18n.lang);
  return t('consultations.when', { date, time: clockTime(at, i18n.lang) });
}

/** "i dag" or "i morgen" for the patient's reminder (it only shows those two days). */
export function dayWord(at: Date | string, now: Date): string {
  return daysFrom(now, at) === 0 ? t('consultations.today') : t('consultations.tomorrow');
}

export const clock = (at: Date | string): string => clockTime(at, i18n.lang);

export const typeText = (type: ConsultationType): string => t(`consultations.type.${type}`);

/** "Mette Kofoed (Hillerød Kommune)" for a clinician, "Knud Møller (patient)" for the others. */
export function participantText(participant: Pick<ConsultationParticipant, 'displayName' | 'role' | 'organisation'>): string {
  const about = participant.role === 'clinician' && participant.organisation ? participant.organisation.name : t(`consultations.role.${participant.role}`);
  return `${participant.displayName} (${about})`;
}

/** Who the call is with, for the patient: the organiser's organisation, or "dit behandlerteam". */
export const organisationText = (consultation: Pick<Consultation, 'organisation'>): string => consultation.organisation?.name ?? t('consultations.careTeam');

/** A change said aloud to screen-reader users (and shown nowhere else). */
export function changeText(change: ConsultationChange, consultation: Consultation, now: Date): string {
  const params = { name: consultation.patientName, when: whenText(consultation.startsAt, now) };
  switch (change) {
    case 'booked':
      return t('consultations.announce.booked', params);
    case 'moved':
      return t('consultations.announce.moved', params);
    case 'cancelled':
      return t('consultations.announce.cancelled', params);
    case 'summarised':
      return t('consultations.announce.summarised', params);
  }
}
