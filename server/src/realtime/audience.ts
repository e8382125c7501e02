import type { AlertSeverity } from '@naer/shared';
import type { PatientScope } from '../kernel/patient-scope';
import { ADMIN_ROOM, orgRoom, patientRoom, relativeRoom } from './rooms';
import type { RelativeRoomScope } from './rooms';

/** What a patient-scoped event is about; it decides who may hear it. */
export type Topic =
  | { kind: 'alert'; severity: AlertSeverity }
  | { kind: 'handover' }
  | { kind: 'measurement' }
  | { kind: 'questionnaire' }
  | { kind: 'limits' }
  | { kind: 'patient' }
  | { kind: 'message' }
  | { kind: 'visit' }
  | { kind: 'note' };

/** Rooms of one event: staff hear the full payload, family (patient, granted relatives) the version meant for them. */
export interface Audience {
  staff: string[];
  family: string[];
}

/** The relative rooms that hear a topic: each grant's scope, and red-alert notices for red alerts. */
function relativeScopes(topic: Topic): RelativeRoomScope[] {
  switch (topic.kind) {
    case 'alert':
      return topic.severity === 'red' ? ['alerts', 'red'] : ['alerts'];
    case 'measurement':
      return ['readings'];
    case 'message':
      return ['messages'];
    // Questionnaire answers are not shared with relatives (no grant names them), so nor is their event.
    case 'questionnaire':
    case 'visit':
    case 'note':
    case 'handover':
    case 'limits':
    case 'patient':
      return [];
  }
}

/**
 * The one rule for who hears a patient's event: every organisation on the care team, administrators
 * (not for the patient's messages or the team's notes), and, except for handovers and notes between
 * clinicians, the patient and the relatives granted that topic.
 */
export function audience(scope: PatientScope, topic: Topic): Audience {
  const staff = [...scope.careTeamOrgIds.map(orgRoom), ...(topic.kind === 'message' || topic.kind === 'note' ? [] : [ADMIN_ROOM])];
  // Handovers and care-team notes are between clinicians.
  if (topic.kind === 'handover' || topic.kind === 'note') return { staff, family: [] };
  return { staff, family: [patientRoom(scope.id), ...relativeScopes(topic).map((s) => relativeRoom(scope.id, s))] };
}

/** Every room of the audience, for an event whose payload is the same for all. */
export const everyone = (a: Audience): string[] => [...a.staff, ...a.family];
