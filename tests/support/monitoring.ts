import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client';
import { careTeamMembers, organisations } from '../../server/src/db/schema';
import type { Fixture, TestUser } from './fixtures';
import { TestClient } from './test-app';

/** A Monday at hh:mm UTC, some days after today (09:30 UTC is inside Danish working hours in summer and winter). */
export function nextMondayUtc(hours: number, minutes = 0): Date {
  const date = new Date();
  date.setUTCHours(hours, minutes, 0, 0);
  do date.setUTCDate(date.getUTCDate() + 1);
  while (date.getUTCDay() !== 1);
  return date;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The fixture's organisations as the demo has them: hospital and GP on weekdays, the municipality around the clock. */
export async function useDemoServiceHours(database: Database, f: Fixture): Promise<void> {
  await database.db.update(organisations).set({ serviceHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '15:30' } }).where(eq(organisations.id, f.hospital.id));
  await database.db.update(organisations).set({ serviceHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' } }).where(eq(organisations.id, f.gp.id));
  await database.db.update(organisations).set({ alwaysOpen: true, serviceHours: null }).where(eq(organisations.id, f.municipality.id));
}

/** What each organisation answers for on one patient's care team (hospital red and yellow, GP yellow, municipality missing by default). */
export async function setResponsibilities(database: Database, f: Fixture, patientId: string, gp: string[] = ['yellow']): Promise<void> {
  const set = (organisationId: string, responsibilities: string[]) =>
    database.db
      .update(careTeamMembers)
      .set({ responsibilities })
      .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.organisationId, organisationId)));
  await set(f.hospital.id, ['red', 'yellow', 'limits']);
  await set(f.gp.id, gp);
  await set(f.municipality.id, ['missing', 'home_visit', 'acute']);
}

export const login = (baseUrl: string, user: TestUser) => new TestClient(baseUrl).login(user.email, user.password);

/** A reading body at `at`; SpO2 85 is red under the COPD defaults, 96 is green. */
export const spo2 = (value: number, at: Date) => ({ id: randomUUID(), kind: 'spo2', value, unit: '%', measuredAt: at.toISOString(), source: 'manual' });

export interface StoredAlert {
  id: string;
  rule: string;
  severity: string;
  status: string;
  responsible_org_id: string | null;
  claim_due_at: string | Date | null;
  escalation_level: number;
  opened_at: string | Date;
  outcome: string | null;
}

export const alertsOf = (database: Database, patientId: string, rule?: string) =>
  database.rows<StoredAlert>(
    sql`select id, rule, severity, status, responsible_org_id, claim_due_at, escalation_level, opened_at, outcome
          from alerts where patient_id = ${patientId}::uuid ${rule ? sql`and rule = ${rule}` : sql``} order by opened_at`,
  );

export const eventsOf = (database: Database, alertId: string) =>
  database.rows<{ type: string; actor_id: string | null; data: Record<string, unknown> }>(
    sql`select type, actor_id, data from alert_events where alert_id = ${alertId}::uuid order by id`,
  );
