import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CONSCIOUSNESS_LEVELS, KIND_INFO } from '@naer/shared/domain';
import type { MeasurementInput, MeasurementKind, MeasurementSource } from '@naer/shared';
import { MeasurementInputSchema } from '@naer/shared';
import { BP_COMPONENT_CODING, EXTENSION, KIND_CODING, codeTarget } from '../fhir/fhir-codes';

/** One thing wrong with an entry, named by its FHIRPath as OperationOutcome.issue.expression wants it. */
export interface ImportIssue {
  expression: string;
  message: string;
}

/** A Bundle that cannot be stored as it is; nothing of it is stored. */
export class ImportError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(issues.map((i) => `${i.expression}: ${i.message}`).join('; '));
  }
}

const CodingSchema = z.object({ system: z.string().optional(), code: z.string().optional() });
const QuantitySchema = z.object({ value: z.number().optional(), code: z.string().optional(), unit: z.string().optional(), system: z.string().optional() });

/** The parts of an incoming Observation Naer reads (anything else is ignored). */
const ObservationSchema = z.object({
  resourceType: z.literal('Observation', { error: 'must be an Observation' }),
  status: z.string().optional(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).optional(),
  code: z.object({ coding: z.array(CodingSchema).optional() }).optional(),
  subject: z.object({ reference: z.string().optional() }).optional(),
  effectiveDateTime: z.string().optional(),
  valueQuantity: QuantitySchema.optional(),
  valueCodeableConcept: z.object({ coding: z.array(CodingSchema).optional() }).optional(),
  component: z.array(z.object({ code: z.object({ coding: z.array(CodingSchema).optional() }).optional(), valueQuantity: QuantitySchema.optional() })).optional(),
  extension: z.array(z.object({ url: z.string(), valueCode: z.string().optional() })).optional(),
});
type IncomingObservation = z.infer<typeof ObservationSchema>;

export const TransactionBundleSchema = z.object({
  resourceType: z.literal('Bundle', { error: 'must be a Bundle' }),
  type: z.literal('transaction', { error: 'must be a transaction Bundle' }),
  entry: z.array(z.object({ resource: z.unknown(), request: z.object({ method: z.string().optional() }).optional() })).min(1, { error: 'must hold at least one entry' }).max(500, { error: 'may hold at most 500 entries' }),
});

/** UCUM codes other systems send for the units Naer's readings accept. */
const UCUM_ALIASES: Record<string, string> = { '[lb_av]': 'lb', '{beats}/min': '/min', '{breaths}/min': '/min', 'kPa': 'kPa', '[degF]': '[degF]' };
const SOURCES: readonly MeasurementSource[] = ['manual', 'device', 'nurse'];
const PATIENT_REFERENCE = /^Patient\/([0-9a-f-]{36})$/i;

/** A reading's id from the sender's identifier: the same identifier is the same reading, so a resend replays. */
function idOf(system: string, value: string): string {
  const h = createHash('sha256').update(`${system}|${value}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function kindOf(o: IncomingObservation): MeasurementKind | undefined {
  for (const c of o.code?.coding ?? []) {
    const target = c.code ? codeTarget(c.system, c.code) : undefined;
    if (target && 'kind' in target) return target.kind;
  }
  return undefined;
}

function unitOf(kind: MeasurementKind, q: z.infer<typeof QuantitySchema> | undefined): string | undefined {
  const code = q?.code ?? q?.unit;
  if (code === undefined) return undefined;
  const unit = UCUM_ALIASES[code] ?? code;
  return unit in KIND_INFO[kind].units ? unit : undefined;
}

const hasCode = (coding: Array<z.infer<typeof CodingSchema>> | undefined, wanted: Array<{ code?: string }>) =>
  (coding ?? []).some((c) => wanted.some((w) => w.code !== undefined && w.code === c.code));

/** Maps one entry to a reading as the app would send it, or throws the issues found. */
function toInput(resource: unknown, i: number): MeasurementInput {
  const at = (element: string) => `Bundle.entry[${i}].resource${element ? `.${element}` : ''}`;
  const parsed = ObservationSchema.safeParse(resource);
  if (!parsed.success) throw new ImportError(parsed.error.issues.map((issue) => ({ expression: at(issue.path.join('.')), message: issue.message })));
  const o = parsed.data;
  const issues: ImportIssue[] = [];
  const kind = kindOf(o);
  if (!kind) issues.push({ expression: at('code'), message: `no code Naer reads; use LOINC ${Object.values(KIND_CODING).map((k) => k.codings[0]?.code).join(', ')} or the NPU codes` });
  const identifier = o.identifier?.find((x) => x.system && x.value);
  if (!identifier?.system || !identifier.value) issues.push({ expression: at('identifier'), message: 'an identifier with system and value is required, so a resend is recognised' });
  const patientId = PATIENT_REFERENCE.exec(o.subject?.reference ?? '')?.[1];
  if (!patientId) issues.push({ expression: at('subject.reference'), message: 'must be Patient/<id> of a patient in Naer' });
  if (!o.effectiveDateTime) issues.push({ expression: at('effectiveDateTime'), message: 'is required: when the reading was taken' });
  if (!kind || issues.length > 0) throw new ImportError(issues);

  const sourceCode = o.extension?.find((e) => e.url === EXTENSION.source)?.valueCode;
  const source: MeasurementSource = SOURCES.includes(sourceCode as MeasurementSource) ? (sourceCode as MeasurementSource) : 'device';
  const base = { id: idOf(identifier?.system ?? '', identifier?.value ?? ''), patientId, measuredAt: o.effectiveDateTime, source, ...(o.status === 'preliminary' ? { quality: 'questionable' as const } : {}) };

  let candidate: unknown;
  if (kind === 'blood_pressure') {
    const part = (name: 'systolic' | 'diastolic') => {
      const index = (o.component ?? []).findIndex((c) => hasCode(c.code?.coding, BP_COMPONENT_CODING[name].coding ?? []));
      if (index < 0) issues.push({ expression: at('component'), message: `needs the ${name} component (LOINC ${BP_COMPONENT_CODING[name].coding?.[0]?.code})` });
      return { index, quantity: o.component?.[index]?.valueQuantity };
    };
    const systolic = part('systolic');
    const diastolic = part('diastolic');
    const unit = unitOf(kind, systolic.quantity);
    if (systolic.index >= 0 && !unit) issues.push({ expression: at(`component[${systolic.index}].valueQuantity.code`), message: `unit must be ${Object.keys(KIND_INFO[kind].units).join(' or ')} (UCUM)` });
    if (issues.length > 0) throw new ImportError(issues);
    candidate = { ...base, kind, unit, value: { systolic: systolic.quantity?.value, diastolic: diastolic.quantity?.value } };
  } else if (kind === 'consciousness') {
    const level = o.valueCodeableConcept?.coding?.map((c) => c.code).find((c) => (CONSCIOUSNESS_LEVELS as readonly (string | undefined)[]).includes(c));
    candidate = { ...base, kind, unit: '{level}', value: level };
  } else {
    const unit = unitOf(kind, o.valueQuantity);
    if (!unit) throw new ImportError([{ expression: at('valueQuantity.code'), message: `unit must be ${Object.keys(KIND_INFO[kind].units).join(' or ')} (UCUM)` }]);
    candidate = { ...base, kind, unit, value: o.valueQuantity?.value };
  }
  const input = MeasurementInputSchema.safeParse(candidate);
  if (!input.success) throw new ImportError(input.error.issues.map((issue) => ({ expression: at(elementOf(kind, issue.path.map(String))), message: issue.message })));
  return input.data;
}

/** Where a reading's field lives in the Observation. */
export function elementOf(kind: MeasurementKind, path: string[]): string {
  const [field, part] = path;
  if (field === 'value') {
    if (kind === 'blood_pressure') return `component.where(code.coding.code='${part === 'diastolic' ? '8462-4' : '8480-6'}').valueQuantity.value`;
    return kind === 'consciousness' ? 'valueCodeableConcept' : 'valueQuantity.value';
  }
  const map: Record<string, string> = { unit: 'valueQuantity.code', measuredAt: 'effectiveDateTime', patientId: 'subject.reference', id: 'identifier', source: 'extension', quality: 'status', kind: 'code' };
  return map[field ?? ''] ?? (field ?? '');
}

/** Every entry of a transaction Bundle as a reading; all issues of all entries at once. */
export function readingsOf(bundle: unknown): MeasurementInput[] {
  const parsed = TransactionBundleSchema.safeParse(bundle);
  if (!parsed.success) throw new ImportError(parsed.error.issues.map((issue) => ({ expression: ['Bundle', ...issue.path.map(String)].join('.'), message: issue.message })));
  const issues: ImportIssue[] = [];
  const inputs: MeasurementInput[] = [];
  parsed.data.entry.forEach((entry, i) => {
    try {
      inputs.push(toInput(entry.resource, i));
    } catch (error) {
      if (error instanceof ImportError) issues.push(...error.issues);
      else throw error;
    }
  });
  if (issues.length > 0) throw new ImportError(issues);
  return inputs;
}
