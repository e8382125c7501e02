import { describe, expect, it } from 'vitest';
import { BOOKING_RESPONSIBILITIES, bookingOrganisations, canBookConsultations } from './consultation-access';

const HOSPITAL = { id: '11111111-1111-4111-8111-111111111111', name: 'Lungeambulatoriet', type: 'hospital' as const };
const MUNICIPALITY = { id: '33333333-3333-4333-8333-333333333333', name: 'Hjemmesygeplejen', type: 'municipality' as const };

const team = {
  organisations: [
    { id: HOSPITAL.id, name: HOSPITAL.name, responsibilities: ['red', 'yellow', 'limits', 'consultation'] },
    { id: MUNICIPALITY.id, name: MUNICIPALITY.name, responsibilities: ['missing', 'home_visit', 'acute'] },
  ],
};

describe('canBookConsultations', () => {
  it('follows the responsibilities consultations.book declares', () => {
    expect(BOOKING_RESPONSIBILITIES).toEqual(['consultation']);
  });

  it('lets a clinician whose organisation answers for consultations book', () => {
    expect(canBookConsultations({ role: 'clinician', organisation: HOSPITAL }, team)).toBe(true);
  });

  it('refuses a clinician on the care team without the consultation responsibility, and anyone not a clinician', () => {
    expect(canBookConsultations({ role: 'clinician', organisation: MUNICIPALITY }, team)).toBe(false);
    expect(canBookConsultations({ role: 'admin', organisation: HOSPITAL }, team)).toBe(false);
    expect(canBookConsultations(null, team)).toBe(false);
  });

  it('names the organisations to ask instead', () => {
    expect(bookingOrganisations(team)).toEqual(['Lungeambulatoriet']);
  });
});
