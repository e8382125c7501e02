import { NewSystemClientSchema, SystemClientListSchema, SystemClientParamsSchema, SystemClientRequestSchema, SystemClientSchema } from '../contracts';
import { endpoint } from './endpoint';

const ADMIN_ONLY = 'Only administrators register external systems.';
const access = { resource: 'system_client', roles: ['admin'], target: 'none', refusal: ADMIN_ONLY } as const;

export const systemsApi = {
  'systemClients.list': endpoint({
    method: 'GET', path: '/admin/system-clients', summary: 'External systems and the organisation each acts for (never their credentials)', response: SystemClientListSchema, access,
  }),
  'systemClients.create': endpoint({
    method: 'POST', path: '/admin/system-clients', summary: 'Register an external system for one organisation; answers its bearer credential once (stored hashed)',
    body: SystemClientRequestSchema, response: NewSystemClientSchema, status: 201, access, errors: { 400: 'No name, or an unknown organisation' },
  }),
  'systemClients.revoke': endpoint({
    method: 'POST', path: '/admin/system-clients/:id/revoke', summary: 'Stop a system\u2019s credential at once', params: SystemClientParamsSchema, response: SystemClientSchema, access,
    errors: { 404: 'No such system client' },
  }),
};
