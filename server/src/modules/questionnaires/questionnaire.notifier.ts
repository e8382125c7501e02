import type { QuestionnaireResponse } from '@naer/shared';
import type { PatientScope } from '../../kernel/patient-scope';
import { ADMIN_ROOM, orgRoom, patientRoom, relativeRoom } from '../../realtime/rooms';
import type { NaerServer } from '../../realtime/socket-server';

/** `questionnaire:received` after commit: the care team's organisations, the patient, administrators, and relatives with the readings grant. */
export interface QuestionnaireNotifier {
  received(scope: PatientScope, response: QuestionnaireResponse): void;
}

export function createQuestionnaireNotifier(io: NaerServer): QuestionnaireNotifier {
  return {
    received(scope, response) {
      const rooms = [...scope.careTeamOrgIds.map(orgRoom), patientRoom(scope.id), ADMIN_ROOM, relativeRoom(scope.id, 'readings')];
      io.to(rooms).emit('questionnaire:received', { patientId: scope.id, response });
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentQuestionnaireNotifier: QuestionnaireNotifier = { received: () => undefined };
