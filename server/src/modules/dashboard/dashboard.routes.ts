import { declaredRoutes } from '../../kernel/routes';
import type { DashboardService } from './dashboard.service';

export function dashboardRoutes(service: DashboardService) {
  return declaredRoutes({
    'dashboard.get': ({ actor, query }) => service.get(actor, query),
    'dashboard.csv': async ({ actor, query, res }) => {
      res.setHeader('Content-Disposition', `attachment; filename="naer-dashboard-${query.from ?? 'seneste'}-${query.to ?? 'i-dag'}.csv"`);
      return service.csv(actor, query);
    },
  });
}
