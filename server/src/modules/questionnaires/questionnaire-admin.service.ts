import { isDeepStrictEqual } from 'node:util';
import type { AdminQuestionnaire, AdminQuestionnaireList, AdminQuestionnaireVersion, QuestionnaireVersionStatus } from '@naer/shared';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import type { CatalogEntry, CatalogSnapshot, QuestionnaireCatalog } from './questionnaire.catalog';
import { definitionEngineIssues } from './questionnaire-definition.checks';
import type { QuestionnaireDefinitionRepository } from './questionnaire-definition.repository';

const RESOURCE = 'questionnaire_definition';

function statusOf(entry: CatalogEntry, snapshot: CatalogSnapshot): QuestionnaireVersionStatus {
  if (entry.origin === 'loaded' && entry.retiredAt !== null) return 'retired';
  return snapshot.current(entry.definition.id)?.version === entry.definition.version ? 'current' : 'superseded';
}

function toVersion(entry: CatalogEntry, snapshot: CatalogSnapshot): AdminQuestionnaireVersion {
  const loaded = entry.origin === 'loaded';
  return {
    questionnaireId: entry.definition.id,
    version: entry.definition.version,
    origin: entry.origin,
    status: statusOf(entry, snapshot),
    loadedBy: loaded ? entry.loadedBy : null,
    loadedAt: loaded ? entry.loadedAt.toISOString() : null,
    retiredAt: loaded ? (entry.retiredAt?.toISOString() ?? null) : null,
    definition: entry.definition,
  };
}

function listOf(snapshot: CatalogSnapshot): AdminQuestionnaire[] {
  const byId = new Map<string, CatalogEntry[]>();
  for (const entry of snapshot.entries) byId.set(entry.definition.id, [...(byId.get(entry.definition.id) ?? []), entry]);
  return [...byId.entries()].map(([id, entries]) => ({
    id,
    origin: entries[0]?.origin ?? 'loaded',
    currentVersion: snapshot.current(id)?.version ?? null,
    versions: entries.sort((a, b) => b.definition.version - a.definition.version).map((e) => toVersion(e, snapshot)),
  }));
}

/** Loading and retiring licensed questionnaire wording (administrators only; every change audited). */
export function createQuestionnaireAdminService(deps: { database: Database; repository: QuestionnaireDefinitionRepository; catalog: QuestionnaireCatalog; audit: AuditRepository; clock: Clock }) {
  const { database, repository, catalog, audit, clock } = deps;

  async function versionOf(id: string, version: number): Promise<AdminQuestionnaireVersion> {
    const snapshot = await catalog.snapshot({ fresh: true });
    const entry = snapshot.entry(id, version);
    if (!entry) throw new NotFoundError('questionnaire', `${id} version ${version}`);
    return toVersion(entry, snapshot);
  }

  return {
    /** Built-in questionnaires, then the loaded ones, each with every version newest first. */
    async list(): Promise<AdminQuestionnaireList> {
      return { items: listOf(await catalog.snapshot({ fresh: true })) };
    },

    /**
     * Stores a new version of a loaded questionnaire. The same id and version with the same content
     * again is a replay (`fresh: false`); with other content, or a version not above the newest, a 409.
     */
    async load(actor: Actor, definition: QuestionnaireDefinition): Promise<{ version: AdminQuestionnaireVersion; fresh: boolean }> {
      if (catalog.isBuiltIn(definition.id)) {
        throw new ConflictError(`id: ${definition.id} is a questionnaire shipped with Naer and cannot be replaced; give the licensed wording its own id (e.g. ${definition.id}-licensed).`);
      }
      const issues = definitionEngineIssues(definition);
      if (issues.length > 0) throw new ValidationError(issues.map((i) => i.message).join('; '), issues);

      const now = clock.now();
      const fresh = await database.db.transaction(async (tx) => {
        await repository.lock(tx, definition.id);
        const newest = await repository.newestVersion(tx, definition.id);
        const existing = await repository.find(tx, definition.id, definition.version);
        if (existing) {
          // jsonb does not keep key order: compare values, not text.
          if (isDeepStrictEqual(existing.definition, definition)) return false;
          throw new ConflictError(`version: ${definition.id} version ${definition.version} is already loaded with other content; a stored definition never changes, so load the new wording as version ${(newest ?? definition.version) + 1}.`);
        }
        if (newest !== null && definition.version < newest) {
          throw new ConflictError(`version: ${definition.id} already has version ${newest}; a new wording needs a higher version, e.g. ${newest + 1}.`);
        }
        await repository.insert(tx, definition, actor.userId, now);
        await audit.record(tx, { actor, resource: RESOURCE, action: 'create', details: { questionnaireId: definition.id, version: definition.version, title: definition.title.en } }, now);
        return true;
      });
      if (fresh) catalog.invalidate();
      return { version: await versionOf(definition.id, definition.version), fresh };
    },

    /** No new answers to this version from now on (answers given before stay valid). Retiring twice answers the same. */
    async retire(actor: Actor, id: string, version: number): Promise<AdminQuestionnaireVersion> {
      if (catalog.isBuiltIn(id)) {
        throw new ValidationError(`id: ${id} is shipped with Naer and cannot be retired; only loaded questionnaires can.`, [{ path: 'id', message: 'built-in questionnaire' }]);
      }
      const now = clock.now();
      const changed = await database.db.transaction(async (tx) => {
        if (!(await repository.find(tx, id, version))) throw new NotFoundError('questionnaire', `${id} version ${version}`);
        const retired = await repository.retire(tx, id, version, now);
        if (retired) await audit.record(tx, { actor, resource: RESOURCE, action: 'retire', details: { questionnaireId: id, version } }, now);
        return retired;
      });
      if (changed) catalog.invalidate();
      return versionOf(id, version);
    },
  };
}

export type QuestionnaireAdminService = ReturnType<typeof createQuestionnaireAdminService>;
