import type { Server } from 'socket.io';
import type { Alert, Handover } from '@naer/shared';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import { ADMIN_ROOM, orgRoom, patientRoom, relativeRoom } from '../../realtime/rooms';
import type { PatientScope } from '../../kernel/patient-scope';
import { toPatientAlert } from './alert.mapper';

/** Tells every screen that shows the patient about an ownership change; call only after commit. */
export interface AlertLifecycleNotifier {
  alertUpdated(scope: PatientScope, alert: Alert): void;
  handoverChanged(scope: PatientScope, handover: Handover, requested: boolean): void;
}

export function createAlertLifecycleNotifier(io: Server<ClientToServerEvents, ServerToClientEvents>): AlertLifecycleNotifier {
  // Clinicians of every organisation on the care team, and administrators; Socket.IO de-duplicates across rooms.
  const clinicianRooms = (scope: PatientScope) => [...scope.careTeamOrgIds.map(orgRoom), ADMIN_ROOM];
  return {
    alertUpdated(scope, alert) {
      io.to(clinicianRooms(scope)).emit('alert:updated', { patientId: scope.id, alert });
      // The patient, and relatives who were granted alerts (or red-alert notices), hear the plain version.
      const family = [patientRoom(scope.id), relativeRoom(scope.id, 'alerts'), ...(alert.severity === 'red' ? [relativeRoom(scope.id, 'red')] : [])];
      io.to(family).emit('alert:updated', { patientId: scope.id, alert: toPatientAlert(alert) });
    },
    handoverChanged(scope, handover, requested) {
      // Handover messages are between clinicians: the patient's room hears the alert change, not these.
      io.to(clinicianRooms(scope)).emit(requested ? 'handover:requested' : 'handover:updated', { patientId: scope.id, handover });
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentAlertLifecycleNotifier: AlertLifecycleNotifier = { alertUpdated: () => undefined, handoverChanged: () => undefined };
