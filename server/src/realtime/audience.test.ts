import { describe, expect, it } from 'vitest';
import { audience } from './audience';

const scope = { id: 'p1', careTeamOrgIds: ['h', 'k'] };

describe('audience', () => {
  it('sends a red alert to the care team and administrators, and its plain version to the patient and relatives with alerts or red notices', () => {
    expect(audience(scope, { kind: 'alert', severity: 'red' })).toEqual({
      staff: ['org:h', 'org:k', 'admins'],
      family: ['patient:p1', 'relative:p1:alerts', 'relative:p1:red'],
    });
    expect(audience(scope, { kind: 'alert', severity: 'yellow' }).family).toEqual(['patient:p1', 'relative:p1:alerts']);
  });

  it('keeps handovers between clinicians and messages away from administrators', () => {
    expect(audience(scope, { kind: 'handover' })).toEqual({ staff: ['org:h', 'org:k', 'admins'], family: [] });
    expect(audience(scope, { kind: 'message' })).toEqual({ staff: ['org:h', 'org:k'], family: ['patient:p1', 'relative:p1:messages'] });
  });

  it('lets relatives with the readings grant hear readings, and nobody beyond the patient hear answers, pauses and limits', () => {
    expect(audience(scope, { kind: 'measurement' }).family).toEqual(['patient:p1', 'relative:p1:readings']);
    expect(audience(scope, { kind: 'questionnaire' }).family).toEqual(['patient:p1']);
    expect(audience(scope, { kind: 'patient' }).family).toEqual(['patient:p1']);
    expect(audience(scope, { kind: 'limits' }).family).toEqual(['patient:p1']);
  });
});
