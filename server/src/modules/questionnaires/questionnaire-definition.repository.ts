import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import type { Executor } from '../../db/client';
import { questionnaireDefinitions, users } from '../../db/schema';

/** A loaded definition with the name of the administrator who loaded it. */
export interface LoadedDefinitionRow {
  questionnaireId: string;
  version: number;
  definition: QuestionnaireDefinition;
  loadedBy: { id: string; name: string };
  loadedAt: Date;
  retiredAt: Date | null;
}

const columns = {
  questionnaireId: questionnaireDefinitions.questionnaireId,
  version: questionnaireDefinitions.version,
  definition: questionnaireDefinitions.definition,
  loadedById: questionnaireDefinitions.loadedBy,
  loadedByName: users.displayName,
  loadedAt: questionnaireDefinitions.loadedAt,
  retiredAt: questionnaireDefinitions.retiredAt,
};

type Selected = { questionnaireId: string; version: number; definition: QuestionnaireDefinition; loadedById: string; loadedByName: string; loadedAt: Date; retiredAt: Date | null };

const toRow = (r: Selected): LoadedDefinitionRow => ({
  questionnaireId: r.questionnaireId,
  version: r.version,
  definition: r.definition,
  loadedBy: { id: r.loadedById, name: r.loadedByName },
  loadedAt: r.loadedAt,
  retiredAt: r.retiredAt,
});

export function createQuestionnaireDefinitionRepository() {
  return {
    /** Every loaded version, retired ones too (stored answers keep pointing at them). */
    async list(executor: Executor): Promise<LoadedDefinitionRow[]> {
      const rows = await executor
        .select(columns)
        .from(questionnaireDefinitions)
        .innerJoin(users, eq(users.id, questionnaireDefinitions.loadedBy))
        .orderBy(asc(questionnaireDefinitions.questionnaireId), asc(questionnaireDefinitions.version));
      return rows.map(toRow);
    },

    async find(executor: Executor, questionnaireId: string, version: number): Promise<LoadedDefinitionRow | undefined> {
      const [row] = await executor
        .select(columns)
        .from(questionnaireDefinitions)
        .innerJoin(users, eq(users.id, questionnaireDefinitions.loadedBy))
        .where(and(eq(questionnaireDefinitions.questionnaireId, questionnaireId), eq(questionnaireDefinitions.version, version)))
        .limit(1);
      return row ? toRow(row) : undefined;
    },

    /** Serialises loads of one questionnaire id until the transaction ends (the version check and the insert must not interleave). */
    async lock(executor: Executor, questionnaireId: string): Promise<void> {
      await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${`questionnaire-definition:${questionnaireId}`}))`);
    },

    async newestVersion(executor: Executor, questionnaireId: string): Promise<number | null> {
      const [row] = await executor
        .select({ newest: max(questionnaireDefinitions.version) })
        .from(questionnaireDefinitions)
        .where(eq(questionnaireDefinitions.questionnaireId, questionnaireId));
      return row?.newest ?? null;
    },

    async insert(executor: Executor, definition: QuestionnaireDefinition, loadedBy: string, loadedAt: Date): Promise<void> {
      await executor.insert(questionnaireDefinitions).values({ questionnaireId: definition.id, version: definition.version, definition, loadedBy, loadedAt });
    },

    /** Sets `retired_at` once; false when the version was already retired (or does not exist). */
    async retire(executor: Executor, questionnaireId: string, version: number, at: Date): Promise<boolean> {
      const rows = await executor
        .update(questionnaireDefinitions)
        .set({ retiredAt: at })
        .where(and(eq(questionnaireDefinitions.questionnaireId, questionnaireId), eq(questionnaireDefinitions.version, version), isNull(questionnaireDefinitions.retiredAt)))
        .returning({ version: questionnaireDefinitions.version });
      return rows.length > 0;
    },
  };
}

export type QuestionnaireDefinitionRepository = ReturnType<typeof createQuestionnaireDefinitionRepository>;
