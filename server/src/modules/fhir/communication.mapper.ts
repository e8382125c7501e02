import type { Communication } from './fhir.types';
import type { MessageFhirRow } from './fhir.repository';
import { patientReference } from './observation.mapper';

/** A message in the patient's thread as a Communication: who sent it (and for which organisation), when, and the text. */
export function toCommunication(row: MessageFhirRow): Communication {
  return {
    resourceType: 'Communication',
    id: row.id,
    status: 'completed',
    subject: patientReference(row.patientId),
    sent: row.sentAt.toISOString(),
    sender: { display: row.organisationName ? `${row.senderName} (${row.organisationName})` : row.senderName },
    payload: [{ contentString: row.body }],
  };
}
