import { findQuestionnaire } from '@naer/shared/domain';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import type { LoadedDefinitionRow, QuestionnaireDefinitionRepository } from './questionnaire-definition.repository';

/** A loaded definition may take this long to reach the other server nodes (a miss on submit reloads at once). */
const MAX_AGE_MS = 10_000;

/** One version of a questionnaire: built in (code) or loaded by an administrator (database). */
export type CatalogEntry = { origin: 'built_in'; definition: QuestionnaireDefinition } | ({ origin: 'loaded' } & LoadedDefinitionRow);

/** Every questionnaire definition at one moment. */
export interface CatalogSnapshot {
  entries: readonly CatalogEntry[];
  /** Every version, retired ones too: stored responses are shown with the version they answered. */
  all: readonly QuestionnaireDefinition[];
  /** Versions patients may be given (not retired); the newest of each id is served for new answers. */
  active: readonly QuestionnaireDefinition[];
  entry(id: string, version: number): CatalogEntry | undefined;
  /** The newest version of a questionnaire not retired. */
  current(id: string): QuestionnaireDefinition | undefined;
}

function snapshotOf(builtIn: readonly QuestionnaireDefinition[], loaded: readonly LoadedDefinitionRow[]): CatalogSnapshot {
  const entries: CatalogEntry[] = [...builtIn.map((definition) => ({ origin: 'built_in' as const, definition })), ...loaded.map((row) => ({ origin: 'loaded' as const, ...row }))];
  const byKey = new Map(entries.map((e) => [`${e.definition.id}@${e.definition.version}`, e]));
  const active = entries.filter((e) => e.origin === 'built_in' || e.retiredAt === null).map((e) => e.definition);
  return {
    entries,
    all: entries.map((e) => e.definition),
    active,
    entry: (id, version) => byKey.get(`${id}@${version}`),
    current: (id) => findQuestionnaire(active, id),
  };
}

/**
 * Built-in definitions plus the ones administrators loaded, read from the database and kept for a
 * few seconds (every questionnaire request needs them; they change rarely). A write on this node
 * invalidates at once; other nodes catch up within MAX_AGE_MS, or at once on an unknown version.
 */
export function createQuestionnaireCatalog(deps: { database: Database; repository: QuestionnaireDefinitionRepository; builtIn: readonly QuestionnaireDefinition[] }) {
  const { database, repository, builtIn } = deps;
  const builtInIds: ReadonlySet<string> = new Set(builtIn.map((d) => d.id));
  let generation = 0;
  let cached: { snapshot: CatalogSnapshot; at: number; generation: number } | undefined;
  let pending: { promise: Promise<CatalogSnapshot>; generation: number } | undefined;

  function load(): Promise<CatalogSnapshot> {
    const started = generation;
    const promise = repository.list(database.db).then((rows) => {
      const snapshot = snapshotOf(builtIn, rows);
      // A write during the read may be missing from it: keep it only if nothing changed meanwhile.
      if (started === generation) cached = { snapshot, at: performance.now(), generation: started };
      return snapshot;
    });
    pending = { promise, generation: started };
    const clear = () => {
      if (pending?.promise === promise) pending = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  return {
    /** Whether `id` belongs to a questionnaire shipped with Naer (an administrator may not replace it). */
    isBuiltIn: (id: string) => builtInIds.has(id),

    /** The definitions now; `fresh` reads the database even when the kept copy is recent. */
    snapshot(options: { fresh?: boolean } = {}): Promise<CatalogSnapshot> {
      if (!options.fresh && cached && cached.generation === generation && performance.now() - cached.at < MAX_AGE_MS) return Promise.resolve(cached.snapshot);
      if (!options.fresh && pending && pending.generation === generation) return pending.promise;
      return load();
    },

    /** After a load or retirement on this node: the next snapshot reads the database. */
    invalidate(): void {
      generation += 1;
      cached = undefined;
    },
  };
}

export type QuestionnaireCatalog = ReturnType<typeof createQuestionnaireCatalog>;
