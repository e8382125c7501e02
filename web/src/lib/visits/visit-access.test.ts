import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@naer/shared/contracts';
import { VISIT_RESPONSIBILITIES, canRecordVisits } from './visit-access';

const HOSPITAL = { id: '11111111-1111-4111-8111-111111111111', name: 'Hospital', type: 'hospital' as const };
const MUNICIPALITY = { id: '33333333-3333-4333-8333-333333333333', name: 'Kommune', type: 'municipality' as const };
const GP = { id: '22222222-2222-4222-8222-222222222222', name: 'Lægehus', type: 'gp' as const };

const team = {
  organisations: [
    { id: HOSPITAL.id, responsibilities: ['red', 'yellow', 'missing', 'limits'] },
    { id: MUNICIPALITY.id, responsibilities: ['home_visit', 'acute'] },
  ],
};

const user = (role: SessionUser['role'], organisation: SessionUser['organisation']): SessionUser => ({
  id: '55555555-5555-4555-8555-555555555555',
  email: 'x@example.dk',
  displayName: 'X',
  role,
  organisation,
  patientId: null,
});

describe('canRecordVisits', () => {
  it('follows the responsibilities visits.record declares', () => {
    expect([...VISIT_RESPONSIBILITIES].sort()).toEqual(['acute', 'home_visit']);
  });

  it('lets a clinician whose organisation makes home visits for the patient record one', () => {
    expect(canRecordVisits(user('clinician', MUNICIPALITY), team)).toBe(true);
  });

  it('lets an organisation with only acute visits record one', () => {
    const acuteOnly = { organisations: [{ id: MUNICIPALITY.id, responsibilities: ['acute'] }] };
    expect(canRecordVisits(user('clinician', MUNICIPALITY), acuteOnly)).toBe(true);
  });

  it('refuses a hospital clinician on the care team without home or acute visits', () => {
    expect(canRecordVisits(user('clinician', HOSPITAL), team)).toBe(false);
  });

  it('refuses a clinician whose organisation is not on the care team, an admin and no user', () => {
    expect(canRecordVisits(user('clinician', GP), team)).toBe(false);
    expect(canRecordVisits(user('admin', MUNICIPALITY), team)).toBe(false);
    expect(canRecordVisits(null, team)).toBe(false);
  });
});
