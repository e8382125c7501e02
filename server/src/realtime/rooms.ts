/** Socket.IO room names: one per organisation, one per patient. */
export const orgRoom = (organisationId: string) => `org:${organisationId}`;
export const patientRoom = (patientId: string) => `patient:${patientId}`;
export const ADMIN_ROOM = 'admins';
