import type { Message, MessageParticipant, UserRole } from '@naer/shared/contracts';
import { call } from './api';

/** The patient's message thread: read, send (idempotent on the id), and read receipts. */
export const messagingApi = {
  thread: (patientId: string, before?: string) => call('messages.thread', { params: { patientId }, query: { before } }),
  send: (patientId: string, id: string, body: string) => call('messages.send', { params: { patientId }, body: { id, body } }),
  markRead: (patientId: string, upTo: string) => call('messages.read', { params: { patientId }, body: { upTo } }),
};

/** The care team on one side; the patient and their relatives on the other. */
export const isCareSide = (role: UserRole) => role === 'clinician' || role === 'admin';

/** Whether a message came from the other side of the conversation than the viewer. */
export const fromOtherSide = (message: Message, viewer: UserRole) => isCareSide(message.sender.role) !== isCareSide(viewer);

/** Messages by id, oldest first: a resync or a live event never duplicates or reorders. */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) {
    const known = byId.get(m.id);
    // Receipts only grow: a send's late answer must not wipe a receipt that arrived live before it.
    byId.set(m.id, known ? { ...m, readBy: unionReceipts(known.readBy, m.readBy) } : m);
  }
  return [...byId.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id));
}

function unionReceipts(a: Message['readBy'], b: Message['readBy']): Message['readBy'] {
  const readers = new Set(b.map((r) => r.reader.id));
  return [...b, ...a.filter((r) => !readers.has(r.reader.id))];
}

/** Adds a read receipt to the messages it covers (once per reader). */
export function applyReceipt(messages: Message[], messageIds: string[], reader: MessageParticipant, readAt: string): Message[] {
  const ids = new Set(messageIds);
  return messages.map((m) =>
    ids.has(m.id) && !m.readBy.some((r) => r.reader.id === reader.id) ? { ...m, readBy: [...m.readBy, { reader, readAt }] } : m,
  );
}
