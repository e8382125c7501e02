import { describe, expect, it } from 'vitest';
import type { Message, MessageParticipant } from '@naer/shared/contracts';
import { applyReceipt, mergeMessages } from './messaging';

const nurse: MessageParticipant = { id: 'u-nurse', role: 'clinician', displayName: 'Hanne Holm' } as MessageParticipant;
const patient: MessageParticipant = { id: 'u-patient', role: 'patient', displayName: 'Karen Jensen' } as MessageParticipant;

function message(id: string, sentAt: string, readBy: Message['readBy'] = []): Message {
  return { id, patientId: 'p1', body: id, sender: nurse, sentAt, readBy };
}

describe('mergeMessages', () => {
  it('keeps messages oldest first and never duplicates one', () => {
    const merged = mergeMessages([message('b', '2026-11-22T10:00:02Z')], [message('a', '2026-11-22T10:00:01Z'), message('b', '2026-11-22T10:00:02Z')]);
    expect(merged.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('keeps a receipt that arrived live before the send’s own answer', () => {
    const live = applyReceipt([message('m', '2026-11-22T10:00:00Z')], ['m'], patient, '2026-11-22T10:00:01Z');
    const merged = mergeMessages(live, [message('m', '2026-11-22T10:00:00Z')]);
    expect(merged[0]?.readBy.map((r) => r.reader.displayName)).toEqual(['Karen Jensen']);
  });

  it('takes the newer copy’s receipts and adds the ones only known here, once per reader', () => {
    const here = message('m', '2026-11-22T10:00:00Z', [{ reader: patient, readAt: '2026-11-22T10:00:01Z' }]);
    const server = message('m', '2026-11-22T10:00:00Z', [{ reader: patient, readAt: '2026-11-22T10:00:01Z' }, { reader: nurse, readAt: '2026-11-22T10:00:03Z' }]);
    const merged = mergeMessages([here], [server]);
    expect(merged[0]?.readBy.map((r) => r.reader.id)).toEqual(['u-patient', 'u-nurse']);
  });
});
