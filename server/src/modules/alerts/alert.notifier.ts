import type { Server } from 'socket.io';
import type { Alert, Handover } from '@naer/shared';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import { audience } from '../../realtime/audience';
import type { PatientScope } from '../../kernel/patient-scope';
import { toPatientAlert } from './alert.mapper';

type Io = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * Emits an alert change to its audience; call only after commit. Staff get the full alert, the
 * patient and relatives the plain version (no staff names or notes), on every path that changes an alert.
 */
export function emitAlert(io: Io, scope: PatientScope, alert: Alert, raised: boolean): void {
  const rooms = audience(scope, { kind: 'alert', severity: alert.severity });
  const event = raised ? 'alert:raised' : 'alert:updated';
  io.to(rooms.staff).emit(event, { patientId: scope.id, alert });
  io.to(rooms.family).except(rooms.staff).emit(event, { patientId: scope.id, alert: toPatientAlert(alert) });
}

/** Tells every screen that shows the patient about an ownership change; call only after commit. */
export interface AlertLifecycleNotifier {
  alertUpdated(scope: PatientScope, alert: Alert): void;
  handoverChanged(scope: PatientScope, handover: Handover, requested: boolean): void;
}

export function createAlertLifecycleNotifier(io: Io): AlertLifecycleNotifier {
  return {
    alertUpdated(scope, alert) {
      emitAlert(io, scope, alert, false);
    },
    handoverChanged(scope, handover, requested) {
      io.to(audience(scope, { kind: 'handover' }).staff).emit(requested ? 'handover:requested' : 'handover:updated', { patientId: scope.id, handover });
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentAlertLifecycleNotifier: AlertLifecycleNotifier = { alertUpdated: () => undefined, handoverChanged: () => undefined };
