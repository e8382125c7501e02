import type { Note, NoteInput } from '@naer/shared';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import type { AccessService } from '../access/access.service';
import type { NoteNotifier } from './note.notifier';
import type { NoteRepository, NoteWithAuthor } from './note.repository';

const LIST_LIMIT = 200;

function toNote(row: NoteWithAuthor): Note {
  return {
    id: row.id,
    patientId: row.patientId,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    author: {
      userId: row.authorId,
      displayName: row.authorName,
      jobTitle: row.jobTitle,
      organisation: row.organisationId && row.organisationName && row.organisationType ? { id: row.organisationId, name: row.organisationName, type: row.organisationType } : null,
    },
  };
}

export function createNoteService(deps: { notes: NoteRepository; access: AccessService; notifier: NoteNotifier; clock: Clock }) {
  const { notes, access, notifier, clock } = deps;
  return {
    /** Every note on the patient, newest first; the access check audits the read. */
    async list(actor: Actor, patientId: string): Promise<{ notes: Note[] }> {
      const rows = await access.readPatient(actor, patientId, 'note', () => notes.list(patientId, LIST_LIMIT));
      return { notes: rows.map(toNote) };
    },

    /** Writes a note (audited in the same statement), then tells the care team. A retry returns the stored note. */
    async add(actor: Actor, patientId: string, input: NoteInput): Promise<{ note: Note; fresh: boolean }> {
      const scope = await access.authorise(actor, patientId, 'write', 'note');
      const now = clock.now();
      const inserted = await notes.insert(
        { id: input.id, patientId, authorId: actor.userId, organisationId: actor.organisation?.id ?? null, body: input.body, createdAt: now },
        { actor, patientId, resource: 'note', action: 'create', details: { noteId: input.id } },
      );
      const row = await notes.findById(input.id);
      if (!row) throw new NotFoundError('note', input.id);
      if (!inserted && (row.patientId !== patientId || row.body !== input.body || row.authorId !== actor.userId)) {
        throw new ConflictError(`id: a different note was already stored with id ${input.id}; generate a new id for a new note.`);
      }
      const note = toNote(row);
      if (inserted) notifier.added(scope, note);
      return { note, fresh: inserted };
    },
  };
}

export type NoteService = ReturnType<typeof createNoteService>;
