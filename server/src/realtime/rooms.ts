import type { RelativeScope } from '@naer/shared';

/** Socket.IO room names: one per organisation, one per patient. */
export const orgRoom = (organisationId: string) => `org:${organisationId}`;
export const patientRoom = (patientId: string) => `patient:${patientId}`;
export const ADMIN_ROOM = 'admins';
/** The sockets in one consultation's call (signalling only; media goes browser to browser). */
export const callRoom = (consultationId: string) => `call:${consultationId}`;
/** Every socket of one user, so a change to that user (e.g. withdrawn access) reaches all their tabs and nodes. */
export const userRoom = (userId: string) => `user:${userId}`;
/** What a relative hears about a patient: one room per granted scope, plus `red` for red-alert notices. */
export type RelativeRoomScope = RelativeScope | 'red';
export const relativeRoom = (patientId: string, scope: RelativeRoomScope) => `relative:${patientId}:${scope}`;
/** Every relative room of a patient, to leave them all on withdrawal. */
export const relativeRooms = (patientId: string, scopes: readonly RelativeRoomScope[]) => scopes.map((scope) => relativeRoom(patientId, scope));
