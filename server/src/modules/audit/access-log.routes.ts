import { declaredRoutes } from '../../kernel/routes';
import type { AccessLogService } from './access-log.service';

export function accessLogRoutes(service: AccessLogService) {
  return declaredRoutes({
    'accessLog.page': ({ actor, params, query }) => service.page(actor, params.patientId, query),
  });
}
