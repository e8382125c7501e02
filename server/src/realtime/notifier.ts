import type { Server } from 'socket.io';
import type { Alert, Measurement } from '@naer/shared';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import type { PatientScope } from '../kernel/patient-scope';
import { emitAlert } from '../modules/alerts/alert.notifier';
import { audience, everyone } from './audience';

/** Sends notifications after commit; the database stays the truth, so a lost event costs a resync, not data. */
export interface Notifier {
  measurementReceived(scope: PatientScope, measurement: Measurement): void;
  alertChanged(scope: PatientScope, alert: Alert, raised: boolean): void;
}

export function createNotifier(io: Server<ClientToServerEvents, ServerToClientEvents>): Notifier {
  return {
    measurementReceived(scope, measurement) {
      io.to(everyone(audience(scope, { kind: 'measurement' }))).emit('measurement:received', { patientId: scope.id, measurement });
    },
    alertChanged(scope, alert, raised) {
      emitAlert(io, scope, alert, raised);
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentNotifier: Notifier = { measurementReceived: () => undefined, alertChanged: () => undefined };
