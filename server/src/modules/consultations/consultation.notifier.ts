import type { Consultation } from '@naer/shared';
import type { NaerServer } from '../../realtime/naer-server';
import { callRoom, orgRoom, userRoom } from '../../realtime/rooms';

/** Consultation events, after the change: every participant (all their tabs), and a cancelled call's room. */
export interface ConsultationNotifier {
  updated(consultation: Consultation): void;
  /** A call to an organisation rings, or was taken: every clinician there. */
  incoming(consultation: Consultation): void;
  /** The call was cancelled: everyone in it is told the others left, and leaves the room. */
  ended(consultationId: string): void;
}

export function createConsultationNotifier(io: NaerServer): ConsultationNotifier {
  return {
    updated(consultation) {
      io.to(consultation.participants.map((p) => userRoom(p.userId))).emit('consultation:updated', { consultation });
    },
    incoming(consultation) {
      if (consultation.call) io.to(orgRoom(consultation.call.organisation.id)).emit('consultation:incoming', { consultation });
    },
    ended(consultationId) {
      io.in(callRoom(consultationId)).socketsLeave(callRoom(consultationId));
    },
  };
}

export const silentConsultationNotifier: ConsultationNotifier = { updated: () => undefined, incoming: () => undefined, ended: () => undefined };
