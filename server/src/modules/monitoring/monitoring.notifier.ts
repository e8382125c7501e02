import type { Server } from 'socket.io';
import type { ClientToServerEvents, MeasurementReviewedEvent, PatientUpdatedEvent, ServerToClientEvents } from '@naer/shared/realtime';
import { audience, everyone } from '../../realtime/audience';
import type { PatientScope } from '../../kernel/patient-scope';

/** Tells every screen showing the patient about pauses and reviews; call only after commit. */
export interface MonitoringNotifier {
  patientUpdated(scope: PatientScope, change: PatientUpdatedEvent['change']): void;
  measurementsReviewed(scope: PatientScope, review: Omit<MeasurementReviewedEvent, 'patientId'>): void;
}

export function createMonitoringNotifier(io: Server<ClientToServerEvents, ServerToClientEvents>): MonitoringNotifier {
  // The care team's organisations, administrators, and the patient (who sees "seen by ...").
  const rooms = (scope: PatientScope) => everyone(audience(scope, { kind: 'patient' }));
  return {
    patientUpdated(scope, change) {
      io.to(rooms(scope)).emit('patient:updated', { patientId: scope.id, change });
    },
    measurementsReviewed(scope, review) {
      io.to(rooms(scope)).emit('measurement:reviewed', { patientId: scope.id, ...review });
    },
  };
}

/** For tools and tests that run without sockets. */
export const silentMonitoringNotifier: MonitoringNotifier = { patientUpdated: () => undefined, measurementsReviewed: () => undefined };
