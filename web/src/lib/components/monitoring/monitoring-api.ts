import type { MeasurementReview, Pause, PauseInput, PatientSummary, ReviewAllResult, ReviewList, ScheduleView } from '@naer/shared/contracts';
import { request } from '$lib/api';

const patientPath = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;

/** The monitoring endpoints: pauses, reviews, the schedule view and the patient's summary. */
export const monitoringApi = {
  patient: (patientId: string) => request<PatientSummary>('GET', patientPath(patientId)),
  schedule: (patientId: string) => request<ScheduleView>('GET', `${patientPath(patientId)}/schedule`),
  pauses: (patientId: string) => request<{ items: Pause[] }>('GET', `${patientPath(patientId)}/pauses`),
  pause: (patientId: string, input: PauseInput) => request<Pause>('POST', `${patientPath(patientId)}/pauses`, { body: input }),
  cancelPause: (pauseId: string) => request<Pause>('POST', `/api/pauses/${encodeURIComponent(pauseId)}/cancel`),
  reviews: (patientId: string, from?: string) =>
    request<ReviewList>('GET', from ? `${patientPath(patientId)}/reviews?from=${encodeURIComponent(from)}` : `${patientPath(patientId)}/reviews`),
  review: (measurementId: string) => request<MeasurementReview>('POST', `/api/measurements/${encodeURIComponent(measurementId)}/review`),
  reviewAll: (patientId: string, upTo?: string) =>
    request<ReviewAllResult>('POST', `${patientPath(patientId)}/measurements/review-all`, { body: upTo ? { upTo } : {} }),
};
