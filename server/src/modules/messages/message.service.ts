import type { Message, MessageInput, MessageListQuery, MessageReadResult, MessageThread } from '@naer/shared';
import type { Database } from '../../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { Actor } from '../../kernel/actor';
import type { MessageNotifier } from './message.notifier';
import { toMessage } from './message.repository';
import type { MessageRepository, MessageRow } from './message.repository';

const encodeCursor = (row: MessageRow) => Buffer.from(`${new Date(row.sent_at).toISOString()}|${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { sentAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const sentAt = new Date(time ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(sentAt.getTime())) {
    throw new ValidationError('before: is not a cursor from an earlier page; start again without it.', [{ path: 'before', message: 'unknown cursor' }]);
  }
  return { sentAt, id };
}

export function createMessageService(deps: { database: Database; messages: MessageRepository; access: AccessService; notifier: MessageNotifier; clock: Clock }) {
  const { database, messages, access, notifier, clock } = deps;
  return {
    /** The newest page of the thread (oldest first), with the caller's unread count; the access check audits the read. */
    async thread(actor: Actor, patientId: string, q: MessageListQuery): Promise<MessageThread> {
      await access.checkPatient(actor, patientId, 'read', 'message');
      const before = q.before ? decodeCursor(q.before) : undefined;
      const rows = await messages.listNewestFirst(patientId, q.limit + 1, before);
      const page = rows.slice(0, q.limit);
      const oldest = page.at(-1);
      const [unread, answeredBy] = await Promise.all([messages.countUnread(actor, patientId), messages.answeredBy(patientId)]);
      return { items: page.reverse().map(toMessage), olderCursor: rows.length > q.limit && oldest ? encodeCursor(oldest) : null, unread, answeredBy };
    },

    /**
     * Sends a message in the patient's thread (patient, relative with the messages grant, or the care
     * team). Idempotent on the client's id: a retry returns the stored message and notifies no one twice.
     */
    async send(actor: Actor, patientId: string, input: MessageInput): Promise<{ message: Message; fresh: boolean }> {
      const scope = await access.checkPatient(actor, patientId, 'write', 'message');
      const sentAt = clock.now();
      const outcome = await database.db.transaction(async (tx) => {
        const inserted = await messages.insert(tx, {
          id: input.id,
          patientId,
          senderId: actor.userId,
          senderRole: actor.role,
          senderOrgId: actor.organisation?.id ?? null,
          body: input.body,
          sentAt,
        });
        const row = await messages.findById(tx, input.id);
        if (!row) throw new Error(`message ${input.id} vanished after insert`);
        if (!inserted && (row.patient_id !== patientId || row.sender_id !== actor.userId || row.body !== input.body)) {
          throw new ConflictError(`id: a different message was already sent with id ${input.id}; generate a new id for a new message.`);
        }
        return { row, fresh: inserted };
      });
      const message = toMessage(outcome.row);
      if (outcome.fresh) notifier.received(scope, message);
      return { message, fresh: outcome.fresh };
    },

    /**
     * Read receipts: marks every message from the other side up to `upTo` as read by the caller.
     * Administrators look without leaving receipts, so the patient never sees "read" by someone who will not answer.
     */
    async markRead(actor: Actor, patientId: string, upTo: string): Promise<MessageReadResult> {
      const readAt = clock.now();
      if (actor.role === 'admin') {
        await access.checkPatient(actor, patientId, 'read', 'message');
        return { messageIds: [], readAt: readAt.toISOString() };
      }
      const scope = await access.checkPatient(actor, patientId, 'write', 'message');
      const ids = await database.db.transaction((tx) => messages.markRead(tx, actor, patientId, upTo, readAt));
      if (ids === undefined) throw new NotFoundError('message in this thread', upTo);
      if (ids.length > 0) {
        const reader = await messages.participant(actor.userId);
        if (reader) notifier.read(scope, { patientId, reader, messageIds: ids, readAt: readAt.toISOString() });
      }
      return { messageIds: ids, readAt: readAt.toISOString() };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
