import type { QuestionnaireResponse } from '@naer/shared';
import type { PatientScope } from '../../kernel/patient-scope';
import { audience, everyone } from '../../realtime/audience';
import type { NaerServer } from '../../realtime/naer-server';

/** `questionnaire:received` after commit: the care team's organisations, the patient and administrators (answers are not shared with relatives). */
export interface QuestionnaireNotifier {
  received(scope: PatientScope, response: QuestionnaireResponse): void;
}

export function createQuestionnaireNotifier(io: NaerServer): QuestionnaireNotifier {
  return {
    received(scope, response) {
      io.to(everyone(audience(scope, { kind: 'questionnaire' }))).emit('questionnaire:received', { patientId: scope.id, response });
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentQuestionnaireNotifier: QuestionnaireNotifier = { received: () => undefined };
