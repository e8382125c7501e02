import type { Socket } from 'socket.io';
import type { Clock } from '../../kernel/clock';
import type { Database } from '../../db/client';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { grantRooms } from './relative.notifier';
import { createRelativeRepository } from './relative.repository';

/**
 * A relative's socket joins one room per granted scope of each patient who shares with them, and
 * each subscription is audited on that patient. The grants are read again after joining: a
 * withdrawal that committed while this socket was joining may have emptied the rooms before it
 * entered, so anything no longer granted is left at once and reported as withdrawn.
 */
export async function joinGrantedRooms(socket: Socket, actor: Actor, deps: { database: Database; audit: AuditRepository; clock: Clock }): Promise<void> {
  const relatives = createRelativeRepository(deps.database);
  const grants = await relatives.activeGrantsFor(actor.userId);
  for (const grant of grants) await socket.join(grantRooms(grant.patient.id, grant.scopes, grant.notifyRed));
  const now = deps.clock.now();
  for (const grant of grants) {
    await deps.audit.record(deps.database.db, { actor, patientId: grant.patient.id, resource: 'socket', action: 'subscribe', details: { scopes: grant.scopes, notifyRed: grant.notifyRed } }, now);
  }
  const still = new Map((await relatives.activeGrantsFor(actor.userId)).map((g) => [g.grantId, g]));
  for (const grant of grants) {
    const current = still.get(grant.grantId);
    if (current && current.scopes.length === grant.scopes.length && current.scopes.every((s) => grant.scopes.includes(s)) && current.notifyRed === grant.notifyRed) continue;
    for (const room of grantRooms(grant.patient.id, grant.scopes, grant.notifyRed)) await socket.leave(room);
    if (current) await socket.join(grantRooms(current.patient.id, current.scopes, current.notifyRed));
    else socket.emit('access:revoked', { patientId: grant.patient.id });
  }
}
