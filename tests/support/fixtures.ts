import { randomUUID } from 'node:crypto';
import type { CareTeamResponsibility, MeasurementKind, Programme } from '@naer/shared';
import { mergeLimits } from '@naer/shared/domain';
import type { Database } from '../../server/src/db/client';
import { careTeamMembers, enrolments, organisations, patientLimits, patients, programmes as programmeTable, users } from '../../server/src/db/schema';
import { hashPassword } from '../../server/src/modules/auth/password';

export const PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface Fixture {
  hospital: { id: string; clinician: TestUser };
  gp: { id: string; clinician: TestUser };
  municipality: { id: string; clinician: TestUser };
  /** An organisation that is on no care team of this fixture. */
  outsider: { id: string; clinician: TestUser };
  admin: TestUser;
  patient: TestUser & { patientId: string };
  /** Another patient on the same care team. */
  otherPatient: TestUser & { patientId: string };
}

const unique = () => randomUUID().slice(0, 8);

async function user(database: Database, role: 'patient' | 'clinician' | 'admin', organisationId: string | null, label: string): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${label}-${unique()}@test.naer.dk`;
  const [row] = await database.db
    .insert(users)
    .values({ email, role, organisationId, displayName: label, passwordHash: await passwordHash })
    .returning({ id: users.id });
  if (!row) throw new Error('user insert failed');
  return { id: row.id, email, password: PASSWORD };
}

/**
 * What each place on a care team given as bare ids answers for, in order, as the demo's teams do:
 * the hospital everything clinical, the GP yellow and medication, the municipality missing readings, visits and acute.
 */
export const DEFAULT_RESPONSIBILITIES: CareTeamResponsibility[][] = [
  ['red', 'yellow', 'missing', 'limits', 'consultation', 'home_visit'],
  ['yellow', 'medication'],
  ['missing', 'home_visit', 'acute'],
];

/** A patient enrolled with programme default limits (or none), on the given care team. */
export async function createPatient(
  database: Database,
  careTeam: Array<string | { organisationId: string; responsibilities: CareTeamResponsibility[] }>,
  options: { programmes?: Programme[]; withLimits?: boolean; limitsFrom?: Date } = {},
): Promise<TestUser & { patientId: string; name: string }> {
  const programmes = options.programmes ?? ['copd'];
  const account = await user(database, 'patient', null, 'patient');
  const name = `Testpatient ${unique()}`;
  const [patient] = await database.db.insert(patients).values({ userId: account.id, name }).returning({ id: patients.id });
  if (!patient) throw new Error('patient insert failed');
  await database.db.insert(enrolments).values(programmes.map((programme) => ({ patientId: patient.id, programme })));
  if (careTeam.length > 0) {
    await database.db
      .insert(careTeamMembers)
      .values(careTeam.map((member, i) => ({ patientId: patient.id, escalationOrder: i, ...(typeof member === 'string' ? { organisationId: member, responsibilities: DEFAULT_RESPONSIBILITIES[i] ?? [] } : member) })));
  }
  if (options.withLimits !== false) {
    const validFrom = options.limitsFrom ?? new Date(Date.now() - 400 * 86_400_000);
    await database.db.insert(patientLimits).values(
      Object.entries(mergeLimits(programmes)).map(([kind, rules]) => ({ patientId: patient.id, kind: kind as MeasurementKind, rules, validFrom, reason: 'test defaults' })),
    );
  }
  return { ...account, patientId: patient.id, name };
}

/** Three organisations on a care team, one outside it, their clinicians, an admin and two patients. */
export async function createFixture(database: Database, programmes: Programme[] = ['copd']): Promise<Fixture> {
  const org = async (type: 'hospital' | 'gp' | 'municipality', label: string) => {
    const [row] = await database.db.insert(organisations).values({ name: `${label} ${unique()}`, type }).returning({ id: organisations.id });
    if (!row) throw new Error('organisation insert failed');
    return { id: row.id, clinician: await user(database, 'clinician', row.id, `${label}-nurse`) };
  };
  // Programmes must exist for enrolments; inserting them is idempotent.
  await database.db.insert(programmeTable).values([
    { code: 'copd', name: { da: 'TeleKOL', en: 'COPD' } },
    { code: 'heart_failure', name: { da: 'TeleHjerte', en: 'Heart failure' } },
  ]).onConflictDoNothing();
  const hospital = await org('hospital', 'hospital');
  const gp = await org('gp', 'gp');
  const municipality = await org('municipality', 'kommune');
  const outsider = await org('hospital', 'outsider');
  const team = [hospital.id, gp.id, municipality.id];
  return {
    hospital,
    gp,
    municipality,
    outsider,
    admin: await user(database, 'admin', null, 'admin'),
    patient: await createPatient(database, team, { programmes }),
    otherPatient: await createPatient(database, team, { programmes }),
  };
}
