import { RawJson, declaredRoutes } from '../../kernel/routes';
import type { MeasurementService } from './measurement.service';

export function measurementRoutes(service: MeasurementService) {
  return declaredRoutes({
    'measurements.submit': async ({ actor, body }) =>
      'measurements' in body ? { measurements: await service.submitBatch(actor, body.measurements) } : service.submitOne(actor, body),
    'measurements.list': async ({ actor, params, query }) => {
      const page = await service.list(actor, params.patientId, query);
      // The items are JSON texts already (see listJson): joined, not parsed and serialised again.
      return new RawJson(`{"items":[${page.itemsJson.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`);
    },
  });
}
