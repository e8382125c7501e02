import type { Measurement } from '@naer/shared';
import type { Actor } from '../../kernel/actor';
import { ValidationError } from '../../kernel/errors';
import type { MeasurementService } from '../measurements/measurement.service';
import { ImportError, elementOf, readingsOf } from './observation-input';

/** A transaction-response Bundle: one entry per reading, in the order sent. */
export interface TransactionResponse {
  resourceType: 'Bundle';
  type: 'transaction-response';
  entry: Array<{ response: { status: string; location: string } }>;
}

const ENTRY_PATH = /^measurements\.(\d+)\.(.+)$/;

/**
 * FHIR in: a transaction Bundle of vital-sign Observations stored like readings from the app —
 * converted to canonical units, triaged against the patient's limits, alerts opened — all or nothing,
 * idempotent on Observation.identifier.
 */
export function createFhirImportService(deps: { measurements: MeasurementService }) {
  const { measurements } = deps;
  return {
    async importBundle(actor: Actor, bundle: unknown): Promise<TransactionResponse> {
      const inputs = readingsOf(bundle);
      let stored: Measurement[];
      try {
        stored = await measurements.submitBatch(actor, inputs);
      } catch (error) {
        // The reading's checks name `measurements.<i>.<field>`: say which entry and element that is.
        if (!(error instanceof ValidationError)) throw error;
        const issues = (error.details ?? []).map((d) => {
          const match = ENTRY_PATH.exec(d.path);
          const index = Number(match?.[1] ?? 0);
          const kind = inputs[index]?.kind ?? 'spo2';
          return { expression: `Bundle.entry[${index}].resource.${elementOf(kind, (match?.[2] ?? '').split('.'))}`, message: d.message };
        });
        throw new ImportError(issues.length > 0 ? issues : [{ expression: 'Bundle', message: error.message }]);
      }
      return {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: stored.map((m) => ({ response: { status: '201 Created', location: `Observation/${m.id}` } })),
      };
    },
  };
}

export type FhirImportService = ReturnType<typeof createFhirImportService>;
