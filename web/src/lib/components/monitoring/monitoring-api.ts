import type { PauseInput } from '@naer/shared/contracts';
import { call } from '$lib/api';

/** The monitoring endpoints: pauses, reviews, the schedule view and the patient's summary. */
export const monitoringApi = {
  patient: (patientId: string) => call('patients.summary', { params: { patientId } }),
  schedule: (patientId: string) => call('patients.schedule', { params: { patientId } }),
  pauses: (patientId: string) => call('pauses.list', { params: { patientId } }),
  pause: (patientId: string, input: PauseInput) => call('pauses.create', { params: { patientId }, body: input }),
  cancelPause: (pauseId: string) => call('pauses.cancel', { params: { pauseId } }),
  reviews: (patientId: string, from?: string) => call('reviews.list', { params: { patientId }, query: { from } }),
  review: (measurementId: string) => call('reviews.one', { params: { measurementId } }),
  reviewAll: (patientId: string, upTo?: string) => call('reviews.all', { params: { patientId }, body: upTo ? { upTo } : {} }),
};
