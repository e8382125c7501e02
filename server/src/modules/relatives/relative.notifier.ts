import { RELATIVE_SCOPES } from '@naer/shared';
import type { RelativeScope } from '@naer/shared';
import { patientRoom, relativeRooms, userRoom } from '../../realtime/rooms';
import type { RelativeRoomScope } from '../../realtime/rooms';
import type { NaerServer } from '../../realtime/naer-server';

const EVERY_RELATIVE_ROOM: RelativeRoomScope[] = [...RELATIVE_SCOPES, 'red'];

/** The rooms a grant lets a relative listen to: one per scope, plus red-alert notices when asked for. */
export const grantRooms = (patientId: string, scopes: readonly RelativeScope[], notifyRed: boolean) =>
  relativeRooms(patientId, [...scopes, ...(notifyRed ? (['red'] as const) : [])]);

/**
 * Moves a relative's open sockets (every tab, on every node: the adapter fans these calls out) in or
 * out of a patient's rooms, so a grant or a withdrawal takes effect on live connections at once.
 */
export interface RelativeNotifier {
  granted(relativeUserId: string, patientId: string, scopes: readonly RelativeScope[], notifyRed: boolean): void;
  revoked(relativeUserId: string, patientId: string): void;
  /** The patient's list of relatives or invitations changed. */
  changed(patientId: string): void;
}

export function createRelativeNotifier(io: NaerServer): RelativeNotifier {
  return {
    granted(relativeUserId, patientId, scopes, notifyRed) {
      // A new invitation may narrow an earlier grant: leave everything, then join what is granted now.
      io.in(userRoom(relativeUserId)).socketsLeave(relativeRooms(patientId, EVERY_RELATIVE_ROOM));
      io.in(userRoom(relativeUserId)).socketsJoin(grantRooms(patientId, scopes, notifyRed));
    },
    revoked(relativeUserId, patientId) {
      io.in(userRoom(relativeUserId)).socketsLeave(relativeRooms(patientId, EVERY_RELATIVE_ROOM));
      io.to(userRoom(relativeUserId)).emit('access:revoked', { patientId });
    },
    changed(patientId) {
      io.to(patientRoom(patientId)).emit('relative:updated', { patientId });
    },
  };
}
