import { Reply, declaredRoutes } from '../../kernel/routes';
import type { NoteService } from './note.service';

export function noteRoutes(service: NoteService) {
  return declaredRoutes({
    'notes.list': ({ actor, params }) => service.list(actor, params.patientId),
    'notes.add': async ({ actor, params, body }) => {
      const { note, fresh } = await service.add(actor, params.patientId, body);
      return new Reply(fresh ? 201 : 200, { note });
    },
  });
}
