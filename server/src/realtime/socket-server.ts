import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../kernel/clock';
import type { Database } from '../db/client';
import { SESSION_COOKIE, readCookie } from '../kernel/session-cookie';
import type { AuditRepository } from '../modules/audit/audit.repository';
import type { Actor } from '../kernel/actor';
import type { AuthService } from '../modules/auth/auth.service';
import { joinGrantedRooms } from '../modules/relatives/relative.sockets';
import type { NaerServer } from './naer-server';
import { ADMIN_ROOM, orgRoom, patientRoom, userRoom } from './rooms';
import { logError } from '../logging';

/** Rooms an actor listens to: their organisation's, their own patient record's, or every patient's (admin). */
function roomsFor(actor: Actor): string[] {
  switch (actor.role) {
    case 'clinician':
      return actor.organisation ? [orgRoom(actor.organisation.id)] : [];
    case 'patient':
      return actor.patientId ? [patientRoom(actor.patientId)] : [];
    case 'admin':
      return [ADMIN_ROOM];
    case 'relative':
      // Per patient and granted scope, read from the grants on connection (see joinGrantedRooms).
      return [];
  }
}

/** Socket.IO on the HTTP server, authenticated by the same session cookie as the API. */
export function createSocketServer(httpServer: HttpServer, deps: { auth: AuthService; audit: AuditRepository; database: Database; clock: Clock }): NaerServer {
  const io: NaerServer = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'] });

  io.use((socket, next) => {
    const token = readCookie(socket.request.headers.cookie, SESSION_COOKIE);
    if (!token) {
      next(new Error('unauthenticated'));
      return;
    }
    deps.auth.authenticate(token).then(
      (actor) => {
        if (!actor) return next(new Error('unauthenticated'));
        socket.data.actor = { ...actor, ip: socket.handshake.address };
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error('authentication failed')),
    );
  });

  io.on('connection', (socket) => {
    const actor = socket.data.actor;
    const rooms = roomsFor(actor);
    // Every socket also joins its user's room, so a change to that user reaches all their tabs on every node.
    void socket.join([...rooms, userRoom(actor.userId)]);
    if (actor.role === 'relative') {
      joinGrantedRooms(socket, actor, deps).catch((error: unknown) => logError('joining a relative\u2019s rooms failed', error));
      return;
    }
    // A subscription is a read of patient data: it is audited like one.
    deps.audit
      .record(deps.database.db, { actor, patientId: actor.patientId, resource: 'socket', action: 'subscribe', details: { rooms } }, deps.clock.now())
      .catch((error: unknown) => logError('audit of socket subscription failed', error));
  });

  return io;
}
