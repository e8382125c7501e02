import type { MeasurementKind, TriageLevel } from '@naer/shared';
import type { BloodPressureComponent } from '@naer/shared/domain';
import type { CodeableConcept, Coding } from './fhir.types';

/** Code systems and profiles Naer's FHIR resources name. */
export const SYSTEM = {
  loinc: 'http://loinc.org',
  /** NPU and the Danish DNK codes (one terminology, as the national infrastructure FUT uses it). */
  npu: 'urn:oid:1.2.208.176.2.1',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  referenceRangeMeaning: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning',
  flagCategory: 'http://terminology.hl7.org/CodeSystem/flag-category',
  /** Naer's own codes, where no national or international code is verified (domain.md §2). */
  naer: {
    measurement: 'https://naer.dk/fhir/CodeSystem/measurement-kind',
    consciousness: 'https://naer.dk/fhir/CodeSystem/consciousness-level',
    score: 'https://naer.dk/fhir/CodeSystem/score',
    scorePart: 'https://naer.dk/fhir/CodeSystem/score-part',
    alertRule: 'https://naer.dk/fhir/CodeSystem/alert-rule',
    consultationType: 'https://naer.dk/fhir/CodeSystem/consultation-type',
  },
} as const;

export const EXTENSION = {
  /** Who entered a reading: manual (the patient), device (read over Bluetooth) or nurse. */
  source: 'https://naer.dk/fhir/StructureDefinition/measurement-source',
  /** A condition the device reported with the reading (shared/src/devices/conditions.ts). */
  deviceCondition: 'https://naer.dk/fhir/StructureDefinition/device-condition',
  /** The triage colour, as Naer judged the reading or alert. */
  triageLevel: 'https://naer.dk/fhir/StructureDefinition/triage-level',
  alertStatus: 'https://naer.dk/fhir/StructureDefinition/alert-status',
} as const;

export const CATEGORY_CLINICAL: CodeableConcept = { coding: [{ system: SYSTEM.flagCategory, code: 'clinical', display: 'Clinical' }], text: 'Clinical' };

export const QUESTIONNAIRE_BASE = 'https://naer.dk/fhir/Questionnaire';

const VITAL_SIGNS = 'http://hl7.org/fhir/StructureDefinition/vitalsigns';
const profile = (name: string) => `http://hl7.org/fhir/StructureDefinition/${name}`;

const loinc = (code: string, display: string): Coding => ({ system: SYSTEM.loinc, code, display });
const npu = (code: string, display?: string): Coding => ({ system: SYSTEM.npu, code, ...(display ? { display } : {}) });

export const CATEGORY = {
  vitalSigns: { coding: [{ system: SYSTEM.observationCategory, code: 'vital-signs', display: 'Vital Signs' }], text: 'Vital Signs' },
  exam: { coding: [{ system: SYSTEM.observationCategory, code: 'exam', display: 'Exam' }], text: 'Exam' },
  survey: { coding: [{ system: SYSTEM.observationCategory, code: 'survey', display: 'Survey' }], text: 'Survey' },
} satisfies Record<string, CodeableConcept>;

/** How one kind is coded: codings (LOINC first, then the Danish code), profiles, category, UCUM unit and its readable form. */
export interface KindCoding {
  codings: Coding[];
  text: string;
  profiles: string[];
  category: CodeableConcept;
  ucum: string;
  unit: string;
}

/** Every kind's codes (domain.md §2); consciousness has no verified code and carries Naer's own. */
export const KIND_CODING: Record<MeasurementKind, KindCoding> = {
  spo2: {
    codings: [
      loinc('2708-6', 'Oxygen saturation in Arterial blood'),
      loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
      npu('NPU03011', 'Hb(Fe; O2-bind.; aB)—Oxygen(O2); sat. = ?'),
    ],
    text: 'Oxygen saturation',
    profiles: [VITAL_SIGNS, profile('oxygensat')],
    category: CATEGORY.vitalSigns,
    ucum: '%',
    unit: '%',
  },
  heart_rate: {
    codings: [loinc('8867-4', 'Heart rate'), npu('NPU21692', 'Heart—Systole; frequency = ? × 1/min')],
    text: 'Pulse',
    profiles: [VITAL_SIGNS, profile('heartrate')],
    category: CATEGORY.vitalSigns,
    ucum: '/min',
    unit: 'beats/minute',
  },
  body_weight: {
    codings: [loinc('29463-7', 'Body weight'), npu('NPU03804', 'Pt—Body; mass = ? kg')],
    text: 'Body weight',
    profiles: [VITAL_SIGNS, profile('bodyweight')],
    category: CATEGORY.vitalSigns,
    ucum: 'kg',
    unit: 'kg',
  },
  blood_pressure: {
    codings: [loinc('85354-9', 'Blood pressure panel with all children optional')],
    text: 'Blood pressure',
    profiles: [VITAL_SIGNS, profile('bp')],
    category: CATEGORY.vitalSigns,
    ucum: 'mm[Hg]',
    unit: 'mmHg',
  },
  body_temperature: {
    codings: [loinc('8310-5', 'Body temperature'), npu('NPU08676', 'Pt—Body; temp. = ? °C')],
    text: 'Body temperature',
    profiles: [VITAL_SIGNS, profile('bodytemp')],
    category: CATEGORY.vitalSigns,
    ucum: 'Cel',
    unit: 'C',
  },
  respiratory_rate: {
    codings: [loinc('9279-1', 'Respiratory rate')],
    text: 'Respiratory rate',
    profiles: [VITAL_SIGNS, profile('resprate')],
    category: CATEGORY.vitalSigns,
    ucum: '/min',
    unit: 'breaths/minute',
  },
  consciousness: {
    codings: [{ system: SYSTEM.naer.measurement, code: 'consciousness', display: 'Level of consciousness' }],
    text: 'Level of consciousness',
    profiles: [],
    category: CATEGORY.exam,
    ucum: '{level}',
    unit: 'level',
  },
};

/** The two halves of a blood pressure panel. */
export const BP_COMPONENT_CODING: Record<BloodPressureComponent, CodeableConcept> = {
  systolic: { coding: [loinc('8480-6', 'Systolic blood pressure'), npu('DNK05472')], text: 'Systolic blood pressure' },
  diastolic: { coding: [loinc('8462-4', 'Diastolic blood pressure'), npu('DNK05473')], text: 'Diastolic blood pressure' },
};

/** Naer's consciousness levels, in rank order (KIND_INFO.consciousness stores the rank). */
export const CONSCIOUSNESS_DISPLAY = {
  alert: 'Alert',
  agitated: 'Agitated',
  new_confusion: 'New confusion',
  voice: 'Responds to voice',
  pain: 'Responds to pain',
  unresponsive: 'Unresponsive',
} as const;

/** The triage colour as an HL7 interpretation; questionable and review carry none (not judged against limits). */
export const INTERPRETATION: Record<TriageLevel, Coding | undefined> = {
  green: { system: SYSTEM.interpretation, code: 'N', display: 'Normal' },
  yellow: { system: SYSTEM.interpretation, code: 'A', display: 'Abnormal' },
  red: { system: SYSTEM.interpretation, code: 'AA', display: 'Critical abnormal' },
  questionable: undefined,
  review: undefined,
};

export const SCORE_CODING = {
  tobs: { coding: [{ system: SYSTEM.naer.score, code: 'tobs', display: 'TOBS early-warning score' }], text: 'TOBS' },
  news2: { coding: [{ system: SYSTEM.naer.score, code: 'news2', display: 'NEWS2 early-warning score' }], text: 'NEWS2' },
} satisfies Record<string, CodeableConcept>;

/** A questionnaire's total score as a code of Naer's score system. */
export const questionnaireScoreCode = (questionnaireId: string): string => `questionnaire-${questionnaireId}`;

/** A code search token → what it selects: a measurement kind or a score. */
export type CodeTarget = { kind: MeasurementKind } | { score: 'tobs' | 'news2' } | { questionnaire: string };

/** Looks a `system|code` or bare `code` token up in the tables above; undefined when Naer emits no such code. */
export function codeTarget(system: string | undefined, code: string): CodeTarget | undefined {
  for (const [kind, coding] of Object.entries(KIND_CODING) as Array<[MeasurementKind, KindCoding]>) {
    if (coding.codings.some((c) => c.code === code && (system === undefined || c.system === system))) return { kind };
  }
  if (system !== undefined && system !== SYSTEM.naer.score) return undefined;
  if (code === 'tobs' || code === 'news2') return { score: code };
  if (code.startsWith('questionnaire-')) return { questionnaire: code.slice('questionnaire-'.length) };
  return undefined;
}
