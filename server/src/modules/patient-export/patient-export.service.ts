import { API } from '@naer/shared/api';
import type { Database } from '../../db/client';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import { toAppointment } from '../fhir/appointment.mapper';
import { toCommunication } from '../fhir/communication.mapper';
import { toCollection } from '../fhir/bundle.mapper';
import type { FhirRepository, PatientFhirRow, PatientRecordRows } from '../fhir/fhir.repository';
import type { Resource } from '../fhir/fhir.types';
import { toFlag } from '../fhir/flag.mapper';
import { toObservation } from '../fhir/observation.mapper';
import { toPatient } from '../fhir/patient.mapper';
import { toQuestionnaireResponse } from '../fhir/questionnaire-response.mapper';
import { toScoreObservation, toVisitScoreObservation } from '../fhir/score-observation.mapper';
import type { QuestionnaireCatalog } from '../questionnaires/questionnaire.catalog';
import type { PatientExportRepository } from './patient-export.repository';
import { renderPatientSummary } from './patient-summary.html';

/** The audit log's name for a download; the patient's access log says it in Danish. */
export const EXPORT_RESOURCE = 'export';
const REFUSAL = API['export.fhir'].access.refusal;

export interface ExportFile {
  filename: string;
  body: string;
}

/** A file name safe everywhere: the name in plain letters (æ ø å spelt out) and the Danish date. */
export function exportFileName(name: string, now: Date, extension: 'json' | 'html'): string {
  const slug = name
    .toLowerCase()
    .replaceAll('æ', 'ae').replaceAll('ø', 'oe').replaceAll('å', 'aa')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 60).replace(/-+$/, '');
  const date = now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  return `naer-${slug || 'patient'}-${date}.${extension}`;
}

/** Every resource of the patient as FHIR: Patient first, then readings, answers and scores, visit scores, alerts, consultations, messages. */
function resourcesOf(patient: PatientFhirRow, record: PatientRecordRows): Resource[] {
  return [
    toPatient(patient),
    ...record.measurements.map(toObservation),
    ...record.answers.map(toQuestionnaireResponse),
    ...record.answers.flatMap((row) => (row.score === null ? [] : [toScoreObservation({ ...row, score: row.score })])),
    ...record.visits.flatMap((row) => [toVisitScoreObservation(row, 'tobs'), toVisitScoreObservation(row, 'news2')]),
    ...record.alerts.map(toFlag),
    ...record.consultations.map(toAppointment),
    ...record.messages.map(toCommunication),
  ];
}

/** "The patient's copy": everything Naer holds about a patient, for the patient (or an administrator), every download audited. */
export function createPatientExportService(deps: {
  database: Database;
  fhir: FhirRepository;
  exports: PatientExportRepository;
  catalog: QuestionnaireCatalog;
  access: AccessService;
  audit: AuditRepository;
  clock: Clock;
}) {
  const { database, fhir, exports, catalog, access, audit, clock } = deps;

  async function load(actor: Actor, patientId: string, format: 'fhir' | 'html') {
    if (actor.role !== 'patient' && actor.role !== 'admin') {
      await audit.record(database.db, { actor, patientId, resource: EXPORT_RESOURCE, action: 'read', outcome: 'refused' }, clock.now());
      throw new ForbiddenError(REFUSAL);
    }
    await access.authorise(actor, patientId, 'read', EXPORT_RESOURCE);
    const now = clock.now();
    const [patient, record] = await Promise.all([fhir.patient(patientId), fhir.everything(patientId)]);
    if (!patient) throw new NotFoundError('patient', patientId);
    await audit.record(database.db, { actor, patientId, resource: EXPORT_RESOURCE, action: 'download', details: { format } }, now);
    return { patient, record, now };
  }

  return {
    /** A FHIR R4 collection Bundle; `base` is the FHIR API's base URL, so each entry's fullUrl is where the same resource is read. */
    async fhirBundle(actor: Actor, patientId: string, base: string): Promise<ExportFile> {
      const { patient, record, now } = await load(actor, patientId, 'fhir');
      const bundle = toCollection({ base, resources: resourcesOf(patient, record), now });
      return { filename: exportFileName(patient.name, now, 'json'), body: JSON.stringify(bundle, null, 2) };
    },

    /** The readable copy in Danish, one self-contained HTML file. */
    async summary(actor: Actor, patientId: string): Promise<ExportFile> {
      const { patient, record, now } = await load(actor, patientId, 'html');
      const [context, definitions] = await Promise.all([exports.context(patientId, now), catalog.snapshot()]);
      const definition = (id: string, version: number) => definitions.entry(id, version)?.definition;
      return { filename: exportFileName(patient.name, now, 'html'), body: renderPatientSummary({ patient, record, context, definition, now }) };
    },
  };
}

export type PatientExportService = ReturnType<typeof createPatientExportService>;
