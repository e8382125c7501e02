import type { Message } from '@naer/shared';
import type { MessageReadEvent } from '@naer/shared/realtime';
import type { PatientScope } from '../../kernel/patient-scope';
import { audience, everyone } from '../../realtime/audience';
import type { NaerServer } from '../../realtime/naer-server';

/** Thread events, after commit: the care team's organisations, the patient, and relatives holding the messages grant. */
export interface MessageNotifier {
  received(scope: PatientScope, message: Message): void;
  read(scope: PatientScope, event: MessageReadEvent): void;
}

export function createMessageNotifier(io: NaerServer): MessageNotifier {
  const rooms = (scope: PatientScope) => everyone(audience(scope, { kind: 'message' }));
  return {
    received(scope, message) {
      io.to(rooms(scope)).emit('message:received', { patientId: scope.id, message });
    },
    read(scope, event) {
      io.to(rooms(scope)).emit('message:read', event);
    },
  };
}
