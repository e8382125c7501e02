import { SYSTEM } from './fhir-codes';
import type { Appointment } from './fhir.types';
import type { ConsultationFhirRow } from './fhir.repository';
import { patientReference } from './observation.mapper';

const STATUS: Record<string, Appointment['status']> = { scheduled: 'booked', cancelled: 'cancelled', completed: 'fulfilled' };

/** A video consultation as an Appointment between the patient and the organiser. */
export function toAppointment(row: ConsultationFhirRow): Appointment {
  const organiser = `${row.organiserName}${row.organisationName ? ` (${row.organisationName})` : ''}`;
  return {
    resourceType: 'Appointment',
    id: row.id,
    status: STATUS[row.status] ?? 'booked',
    serviceType: [{ coding: [{ system: SYSTEM.naer.consultationType, code: row.type }], text: 'Video consultation' }],
    description: row.purpose,
    start: row.startsAt.toISOString(),
    end: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000).toISOString(),
    minutesDuration: row.durationMinutes,
    created: row.createdAt.toISOString(),
    ...(row.summary ? { comment: row.summary } : {}),
    participant: [
      { actor: patientReference(row.patientId), status: 'accepted' },
      { actor: { display: organiser }, status: 'accepted' },
    ],
  };
}
