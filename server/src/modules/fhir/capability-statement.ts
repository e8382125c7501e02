import { KIND_CODING } from './fhir-codes';

const PATIENT = { name: 'patient', type: 'reference', documentation: 'Required: the patient whose data to search (Patient/<id> or <id>).' };
const COUNT = { name: '_count', type: 'number', documentation: 'Page size, 1-500 (default 50); follow the Bundle\u2019s next link for more.' };
const DATE = (of: string) => ({ name: 'date', type: 'date', documentation: `${of}; prefixes eq, ge, gt, le, lt; dates without a time are Danish calendar days.` });

const read = { code: 'read' };
const search = { code: 'search-type' };

/** What this server supports, built from the same tables the mappers use. */
export function capabilityStatement(base: string, now: Date) {
  const profiles = [...new Set(Object.values(KIND_CODING).flatMap((k) => k.profiles))];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Naer',
    kind: 'instance',
    software: { name: 'Naer' },
    implementation: { description: 'Naer home monitoring: FHIR R4 read API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Sign in as for the app (a session, or a system client\u2019s bearer token). Every read is checked against the patient\u2019s care team and relative grants and written to the patient\u2019s access log.',
        },
        resource: [
          { type: 'Patient', interaction: [read] },
          {
            type: 'Observation',
            supportedProfile: profiles,
            interaction: [read, search],
            searchParam: [
              PATIENT,
              { name: 'code', type: 'token', documentation: 'LOINC, NPU/DNK or Naer score codes, as system|code or code; commas mean or.' },
              DATE('When the reading was measured'),
              COUNT,
            ],
          },
          { type: 'QuestionnaireResponse', interaction: [read, search], searchParam: [PATIENT, DATE('When the questionnaire was answered'), COUNT] },
          { type: 'Flag', interaction: [read, search], searchParam: [PATIENT, COUNT], documentation: 'Search returns open alerts; read returns any alert.' },
          { type: 'Appointment', interaction: [read, search], searchParam: [PATIENT, DATE('When the consultation starts'), COUNT] },
        ],
      },
    ],
  };
}
