import { consciousnessOf } from '@naer/shared/domain';
import type { BloodPressureComponent } from '@naer/shared/domain';
import type { DeviceInfo, MeasurementSource, TriageLevel, TriageReason } from '@naer/shared';
import { BP_COMPONENT_CODING, CONSCIOUSNESS_DISPLAY, EXTENSION, INTERPRETATION, KIND_CODING, SYSTEM } from './fhir-codes';
import type { CodeableConcept, Device, Extension, Observation, ObservationComponent, Quantity, Reference } from './fhir.types';
import type { MeasurementFhirRow } from './fhir.repository';
import { referenceRanges } from './reference-range.mapper';

/**
 * Device conditions that mean the number is not a reading of the patient (shared/src/devices/conditions.ts):
 * demonstration or test data (nothing was measured) and failed measurements. Other questionable flags
 * keep the number, marked preliminary.
 */
const NO_READING: Partial<Record<string, 'not-performed' | 'error'>> = {
  'demonstration-data': 'not-performed',
  'testing-data': 'not-performed',
  'measurement-unavailable': 'error',
  'invalid-measurement': 'error',
  'equipment-malfunction': 'error',
  'sensor-malfunction': 'error',
  'sensor-disconnected': 'error',
  'sensor-unconnected': 'error',
  'unknown-sensor': 'error',
};

const ABSENT_DISPLAY = { 'not-performed': 'Not Performed', error: 'Error' } as const;

export const patientReference = (patientId: string): Reference => ({ reference: `Patient/${patientId}` });

/** Who entered the data: the patient (by hand or with a device), or the named clinician. */
export function performerOf(source: MeasurementSource, patientId: string, clinician: { name: string | null; jobTitle: string | null }): Reference[] {
  if (source !== 'nurse') return [patientReference(patientId)];
  const name = clinician.name ? `${clinician.name}${clinician.jobTitle ? `, ${clinician.jobTitle}` : ''}` : 'Clinician';
  return [{ display: name }];
}

export const sourceExtension = (source: MeasurementSource): Extension => ({ url: EXTENSION.source, valueCode: source });

/** The triage colour as an interpretation (with the reasons in words) and as Naer's own extension. */
export function interpretationOf(level: TriageLevel, reasons: readonly TriageReason[]): Pick<Observation, 'interpretation'> {
  const coding = INTERPRETATION[level];
  if (!coding) return {};
  const text = reasons.map((r) => r.text.en).join('; ');
  return { interpretation: [{ coding: [coding], ...(text ? { text } : {}) }] };
}

function deviceOf(info: DeviceInfo): Device {
  const name = info.name ?? info.model;
  return {
    resourceType: 'Device',
    id: 'device',
    ...(name ? { deviceName: [{ name, type: info.name ? 'user-friendly-name' : 'model-name' }] } : {}),
    ...(info.manufacturer ? { manufacturer: info.manufacturer } : {}),
    ...(info.model ? { modelNumber: info.model } : {}),
    ...(info.serialNumber ? { serialNumber: info.serialNumber } : {}),
    ...(info.firmware ? { version: [{ value: info.firmware }] } : {}),
  };
}

function quantity(row: MeasurementFhirRow, value: number): Quantity {
  const coding = KIND_CODING[row.kind];
  return { value, unit: coding.unit, system: SYSTEM.ucum, code: coding.ucum };
}

const absent = (reason: 'not-performed' | 'error'): CodeableConcept => ({ coding: [{ system: SYSTEM.dataAbsentReason, code: reason, display: ABSENT_DISPLAY[reason] }] });

function bloodPressure(row: MeasurementFhirRow, missing: 'not-performed' | 'error' | undefined): ObservationComponent[] {
  const half = (component: BloodPressureComponent, value: number): ObservationComponent => ({
    code: BP_COMPONENT_CODING[component],
    ...(missing ? { dataAbsentReason: absent(missing) } : { valueQuantity: quantity(row, value) }),
    ...(row.limitRules && !missing ? nonEmpty('referenceRange', referenceRanges(row.limitRules, component)) : {}),
  });
  return [half('systolic', row.value), half('diastolic', row.value2 ?? Number.NaN)];
}

function nonEmpty<K extends string, T>(key: K, list: T[]): { [P in K]?: T[] } {
  return (list.length > 0 ? { [key]: list } : {}) as { [P in K]?: T[] };
}

function valueOf(row: MeasurementFhirRow): Pick<Observation, 'valueQuantity' | 'valueCodeableConcept'> {
  if (row.kind === 'consciousness') {
    const level = consciousnessOf(row.value);
    return { valueCodeableConcept: { coding: [{ system: SYSTEM.naer.consciousness, code: level, display: CONSCIOUSNESS_DISPLAY[level] }], text: CONSCIOUSNESS_DISPLAY[level] } };
  }
  return { valueQuantity: quantity(row, row.value) };
}

function reportedValue(row: MeasurementFhirRow): string {
  if (row.kind === 'consciousness') return CONSCIOUSNESS_DISPLAY[consciousnessOf(row.value)];
  const unit = KIND_CODING[row.kind].unit;
  return row.value2 === null ? `${row.value} ${unit}` : `${row.value}/${row.value2} ${unit}`;
}

/**
 * One reading as an HL7 vital-signs Observation: LOINC and Danish codings, UCUM quantity, the limits in
 * force when it was judged, the triage colour, who entered it and with which device. A reading the
 * device flagged is preliminary; one the device says is no reading at all carries a dataAbsentReason.
 */
export function toObservation(row: MeasurementFhirRow): Observation {
  const coding = KIND_CODING[row.kind];
  const flags = row.device?.flags ?? [];
  const missing = row.quality === 'questionable' ? flags.map((f) => NO_READING[f]).find((r) => r !== undefined) : undefined;
  const status = missing === 'not-performed' ? 'cancelled' : row.quality === 'questionable' && !missing ? 'preliminary' : 'final';
  const notes = [
    ...(flags.length > 0 ? [`Device reported: ${flags.join(', ')}.`] : []),
    ...(missing ? [`The device reported ${reportedValue(row)} but flagged it as no reading of the patient.`] : []),
  ];
  return {
    resourceType: 'Observation',
    id: row.id,
    ...(coding.profiles.length > 0 ? { meta: { profile: coding.profiles } } : {}),
    ...(row.device ? { contained: [deviceOf(row.device)] } : {}),
    extension: [sourceExtension(row.source), { url: EXTENSION.triageLevel, valueCode: row.triageLevel }, ...flags.map((f) => ({ url: EXTENSION.deviceCondition, valueCode: f }))],
    status,
    category: [coding.category],
    code: { coding: coding.codings, text: coding.text },
    subject: patientReference(row.patientId),
    effectiveDateTime: row.measuredAt.toISOString(),
    issued: row.receivedAt.toISOString(),
    performer: performerOf(row.source, row.patientId, { name: row.enteredByName, jobTitle: row.enteredByJobTitle }),
    ...(row.kind === 'blood_pressure' ? {} : missing ? { dataAbsentReason: absent(missing) } : valueOf(row)),
    ...(missing ? {} : interpretationOf(row.triageLevel, row.triageReasons)),
    ...(notes.length > 0 ? { note: notes.map((text) => ({ text })) } : {}),
    ...(row.device ? { device: { reference: '#device' } } : {}),
    ...(row.kind !== 'blood_pressure' && row.limitRules && !missing ? nonEmpty('referenceRange', referenceRanges(row.limitRules)) : {}),
    ...(row.kind === 'blood_pressure' ? { component: bloodPressure(row, missing) } : {}),
  };
}
