import type { Visit } from '@naer/shared';
import type { PatientScope } from '../../kernel/patient-scope';
import { audience, everyone } from '../../realtime/audience';
import type { NaerServer } from '../../realtime/naer-server';

/** Visit events, after commit: the care team (and the patient, whose readings they are). */
export interface VisitNotifier {
  recorded(scope: PatientScope, visit: Visit): void;
}

export function createVisitNotifier(io: NaerServer): VisitNotifier {
  return {
    recorded(scope, visit) {
      io.to(everyone(audience(scope, { kind: 'visit' }))).emit('visit:recorded', { patientId: scope.id, visit });
    },
  };
}

export const silentVisitNotifier: VisitNotifier = { recorded: () => undefined };
