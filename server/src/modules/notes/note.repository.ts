import { desc, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { careTeamNotes, organisations, users } from '../../db/schema';
import type { AuditEntry } from '../audit/audit.repository';
import { auditFrom } from '../audit/audit.repository';

export type NoteRow = typeof careTeamNotes.$inferSelect;
export interface NoteWithAuthor extends NoteRow {
  authorName: string;
  jobTitle: string | null;
  organisationName: string | null;
  organisationType: 'hospital' | 'gp' | 'municipality' | null;
}

const iso = (date: Date) => date.toISOString();

/** Care-team notes: written once, never edited. */
export function createNoteRepository(database: Database) {
  const select = (executor: Executor) =>
    executor
      .select({
        id: careTeamNotes.id, patientId: careTeamNotes.patientId, authorId: careTeamNotes.authorId, organisationId: careTeamNotes.organisationId,
        body: careTeamNotes.body, createdAt: careTeamNotes.createdAt, authorName: users.displayName, jobTitle: users.jobTitle,
        organisationName: organisations.name, organisationType: organisations.type,
      })
      .from(careTeamNotes)
      .innerJoin(users, eq(users.id, careTeamNotes.authorId))
      .leftJoin(organisations, eq(organisations.id, careTeamNotes.organisationId));

  return {
    /** Stores the note and its audit record in one statement; `inserted: false` for a replay. */
    async insert(row: NoteRow, audit: AuditEntry): Promise<boolean> {
      const [result] = await database.rows<{ inserted: boolean }>(sql`
        with ins as (
          insert into care_team_notes (id, patient_id, author_id, organisation_id, body, created_at)
          values (${row.id}::uuid, ${row.patientId}::uuid, ${row.authorId}::uuid, ${row.organisationId}::uuid, ${row.body}, ${iso(row.createdAt)}::timestamptz)
          on conflict (id) do nothing returning id
        ),
        audit as (${auditFrom(audit, row.createdAt, sql`ins`)})
        select exists (select 1 from ins) as inserted`);
      return result?.inserted ?? false;
    },

    async findById(id: string): Promise<NoteWithAuthor | undefined> {
      const [row] = await select(database.db).where(eq(careTeamNotes.id, id)).limit(1);
      return row;
    },

    /** The patient's notes, newest first. */
    list(patientId: string, limit: number): Promise<NoteWithAuthor[]> {
      return select(database.db).where(eq(careTeamNotes.patientId, patientId)).orderBy(desc(careTeamNotes.createdAt), desc(careTeamNotes.id)).limit(limit);
    },
  };
}

export type NoteRepository = ReturnType<typeof createNoteRepository>;
