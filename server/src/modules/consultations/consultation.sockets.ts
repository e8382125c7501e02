import type { Socket } from 'socket.io';
import type { CallPeer, ClientToServerEvents, JoinAnswer, ServerToClientEvents } from '@naer/shared/realtime';
import { UUID_PATTERN } from '@naer/shared/api';
import { MAX_PARTICIPANTS } from '@naer/shared';
import type { Actor } from '../../kernel/actor';
import type { NaerServer } from '../../realtime/naer-server';
import { callRoom } from '../../realtime/rooms';
import { logError } from '../../logging';
import type { ConsultationService } from './consultation.service';

type NaerSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { actor: Actor }>;

const peerOf = (id: string, actor: Actor): CallPeer => ({
  peerId: id,
  userId: actor.userId,
  displayName: actor.displayName,
  role: actor.role === 'patient' || actor.role === 'relative' ? actor.role : 'clinician',
});

/**
 * A call's signalling: joining (invited participants only, audited), relaying descriptions and
 * candidates between the sockets in the call, and leaving. The server reads no media and no SDP.
 */
export function handleCalls(io: NaerServer, socket: NaerSocket, service: ConsultationService): void {
  const actor = socket.data.actor;
  // Calls this socket is in, with the patient each is about (for the audit of leaving).
  const joined = new Map<string, string>();

  const leave = async (consultationId: string) => {
    const patientId = joined.get(consultationId);
    if (patientId === undefined) return;
    joined.delete(consultationId);
    await socket.leave(callRoom(consultationId));
    socket.to(callRoom(consultationId)).emit('consultation:peer-left', { consultationId, peerId: socket.id });
    await service.recordPresence(actor, { id: consultationId, patientId }, 'leave');
  };

  socket.on('consultation:join', (request, answer) => {
    const reply = typeof answer === 'function' ? answer : () => undefined;
    const consultationId = typeof request?.consultationId === 'string' ? request.consultationId : '';
    if (!UUID_PATTERN.test(consultationId)) {
      reply({ ok: false, error: { code: 'invalid', message: 'consultationId must be a consultation id (a UUID).' } });
      return;
    }
    void (async (): Promise<JoinAnswer> => {
      const admitted = await service.admit(actor, consultationId);
      if ('refused' in admitted) return { ok: false, error: admitted.refused };
      const room = callRoom(consultationId);
      const others = (await io.in(room).fetchSockets()).filter((s) => s.id !== socket.id);
      const people = new Set(others.map((s) => s.data.actor.userId));
      if (!people.has(actor.userId) && people.size >= MAX_PARTICIPANTS) return { ok: false, error: { code: 'full', message: `A call has at most ${MAX_PARTICIPANTS} people.` } };
      await socket.join(room);
      joined.set(consultationId, admitted.consultation.patientId);
      socket.to(room).emit('consultation:peer-joined', { consultationId, peer: peerOf(socket.id, actor) });
      await service.recordPresence(actor, { id: consultationId, patientId: admitted.consultation.patientId }, 'join');
      return { ok: true, self: peerOf(socket.id, actor), peers: others.map((s) => peerOf(s.id, s.data.actor)), iceServers: service.iceServers() };
    })().then(reply, (error: unknown) => {
      logError('joining a call failed', error);
      reply({ ok: false, error: { code: 'not_found', message: 'The call could not be joined; try again.' } });
    });
  });

  socket.on('consultation:signal', (message) => {
    const consultationId = message?.consultationId;
    // Only from inside the call; the target is a socket id the sender learnt from the call's peers.
    if (typeof consultationId !== 'string' || !joined.has(consultationId) || typeof message.to !== 'string') return;
    const payload = { consultationId, from: socket.id, ...(message.description ? { description: message.description } : {}), ...(message.candidate !== undefined ? { candidate: message.candidate } : {}) };
    io.to(message.to).emit('consultation:signal', payload);
  });

  socket.on('consultation:leave', (request) => {
    if (typeof request?.consultationId === 'string') leave(request.consultationId).catch((error: unknown) => logError('leaving a call failed', error));
  });

  socket.on('disconnect', () => {
    for (const consultationId of [...joined.keys()]) leave(consultationId).catch((error: unknown) => logError('leaving a call failed', error));
  });
}
