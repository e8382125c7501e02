import { z } from 'zod';
import { DashboardQuerySchema, DashboardSchema } from '../contracts';
import { endpoint } from './endpoint';

const STAFF_ONLY = 'The population dashboard is for clinicians and administrators; it never shows one patient\u2019s data to patients or relatives.';

export const dashboardApi = {
  'dashboard.get': endpoint({
    method: 'GET', path: '/dashboard', summary: 'Triple Aim figures of one organisation for a period (from, to: YYYY-MM-DD, both included) against the period before; optional programme and care-team partner. Groups of 1–4 patients show as "< 5". Audited',
    query: DashboardQuerySchema, response: DashboardSchema,
    access: { resource: 'dashboard', roles: ['clinician', 'admin'], target: 'none', refusal: STAFF_ONLY }, errors: { 400: 'A bad date, or from after to', 403: 'Another organisation\u2019s figures, or not staff' },
  }),
  'dashboard.csv': endpoint({
    method: 'GET', path: '/dashboard.csv', summary: 'The dashboard\u2019s tables as CSV (text/csv, header row: aim, measure, this period, previous period, unit), same query as /dashboard. Audited',
    query: DashboardQuerySchema, response: z.string(), produces: 'text/csv',
    access: { resource: 'dashboard', roles: ['clinician', 'admin'], target: 'none', refusal: STAFF_ONLY }, errors: { 400: 'A bad date, or from after to', 403: 'Another organisation\u2019s figures, or not staff' },
  }),
};
