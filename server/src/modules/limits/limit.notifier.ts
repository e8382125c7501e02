import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import { audience, everyone } from '../../realtime/audience';
import type { LimitNotifier } from './limit.service';

/** `limits:changed` to the care team's organisations, the patient and administrators (after commit). */
export function createLimitNotifier(io: Server<ClientToServerEvents, ServerToClientEvents>): LimitNotifier {
  return {
    limitsChanged(scope, version) {
      io.to(everyone(audience(scope, { kind: 'limits' }))).emit('limits:changed', { patientId: scope.id, kind: version.kind, version });
    },
  };
}
