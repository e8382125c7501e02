import type { Consultation } from '@naer/shared';
import type { NaerServer } from '../../realtime/naer-server';
import { callRoom, userRoom } from '../../realtime/rooms';

/** Consultation events, after the change: every participant (all their tabs), and a cancelled call's room. */
export interface ConsultationNotifier {
  updated(consultation: Consultation): void;
  /** The call was cancelled: everyone in it is told the others left, and leaves the room. */
  ended(consultationId: string): void;
}

export function createConsultationNotifier(io: NaerServer): ConsultationNotifier {
  return {
    updated(consultation) {
      io.to(consultation.participants.map((p) => userRoom(p.userId))).emit('consultation:updated', { consultation });
    },
    ended(consultationId) {
      io.in(callRoom(consultationId)).socketsLeave(callRoom(consultationId));
    },
  };
}

export const silentConsultationNotifier: ConsultationNotifier = { updated: () => undefined, ended: () => undefined };
