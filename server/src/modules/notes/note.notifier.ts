import type { Note } from '@naer/shared';
import type { PatientScope } from '../../kernel/patient-scope';
import { audience, everyone } from '../../realtime/audience';
import type { NaerServer } from '../../realtime/naer-server';

/** Note events, after commit: the care team's organisations only. */
export interface NoteNotifier {
  added(scope: PatientScope, note: Note): void;
}

export function createNoteNotifier(io: NaerServer): NoteNotifier {
  return {
    added(scope, note) {
      io.to(everyone(audience(scope, { kind: 'note' }))).emit('note:added', { patientId: scope.id, note });
    },
  };
}
