import type { Server } from 'socket.io';
import type { Alert, Measurement } from '@naer/shared';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import type { PatientScope } from '../kernel/patient-scope';
import { toPatientAlert } from '../modules/alerts/alert.mapper';
import { ADMIN_ROOM, orgRoom, patientRoom, relativeRoom } from './rooms';

/** Sends notifications after commit; the database stays the truth, so a lost event costs a resync, not data. */
export interface Notifier {
  measurementReceived(scope: PatientScope, measurement: Measurement): void;
  alertChanged(scope: PatientScope, alert: Alert, raised: boolean): void;
}

export function createNotifier(io: Server<ClientToServerEvents, ServerToClientEvents>): Notifier {
  // Every organisation on the care team, the patient, and administrators; Socket.IO de-duplicates sockets across rooms.
  const rooms = (scope: PatientScope) => [...scope.careTeamOrgIds.map(orgRoom), patientRoom(scope.id), ADMIN_ROOM];
  const staffRooms = (scope: PatientScope) => [...scope.careTeamOrgIds.map(orgRoom), ADMIN_ROOM];
  return {
    measurementReceived(scope, measurement) {
      io.to([...rooms(scope), relativeRoom(scope.id, 'readings')]).emit('measurement:received', { patientId: scope.id, measurement });
    },
    alertChanged(scope, alert, raised) {
      // Relatives hear alerts through the alerts grant, and red ones also through "tell me about red alerts".
      const relatives = [relativeRoom(scope.id, 'alerts'), ...(alert.severity === 'red' ? [relativeRoom(scope.id, 'red')] : [])];
      const event = raised ? 'alert:raised' : 'alert:updated';
      io.to(staffRooms(scope)).emit(event, { patientId: scope.id, alert });
      // The patient and relatives get the alert without staff names and notes, as on every other path.
      io.to([patientRoom(scope.id), ...relatives]).except(staffRooms(scope)).emit(event, { patientId: scope.id, alert: toPatientAlert(alert) });
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentNotifier: Notifier = { measurementReceived: () => undefined, alertChanged: () => undefined };
