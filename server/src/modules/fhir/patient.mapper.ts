import type { Patient } from './fhir.types';
import type { PatientFhirRow } from './fhir.repository';

const FHIR_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The patient's name and birth date, and their GP (by name) from the care team. */
export function toPatient(row: PatientFhirRow): Patient {
  return {
    resourceType: 'Patient',
    id: row.id,
    active: true,
    name: [{ use: 'official', text: row.name }],
    ...(row.birthDate && FHIR_DATE.test(row.birthDate) ? { birthDate: row.birthDate } : {}),
    ...(row.generalPractitioners.length > 0 ? { generalPractitioner: row.generalPractitioners.map((display) => ({ display })) } : {}),
  };
}
