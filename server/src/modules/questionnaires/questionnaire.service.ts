import { createHash } from 'node:crypto';
import type { Programme, QuestionnaireList, QuestionnaireResponse, QuestionnaireResponseInput, QuestionnaireResponsePage, TriageResult } from '@naer/shared';
import {
  alertForTriage,
  findQuestionnaire,
  isQuestionnaireDue,
  latestQuestionnaires,
  questionnaireErrorReason,
  questionnaireRule,
  questionnairesForProgrammes,
  scoreResponse,
  triageResponse,
  validateAnswers,
} from '@naer/shared/domain';
import type { QuestionnaireDefinition, QuestionnaireScore } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { Notifier } from '../../realtime/notifier';
import type { AccessService } from '../access/access.service';
import type { PatientScope } from '../../kernel/patient-scope';
import type { Actor } from '../../kernel/actor';
import { toAlert } from '../alerts/alert.mapper';
import type { AlertRow } from '../alerts/alert.mapper';
import type { CatalogSnapshot, QuestionnaireCatalog } from './questionnaire.catalog';
import { toLastResponse, toQuestionnaireResponse } from './questionnaire.mapper';
import type { QuestionnaireNotifier } from './questionnaire.notifier';
import type { QuestionnaireRepository, QuestionnaireResponseRow } from './questionnaire.repository';

/** Clock skew tolerated between the patient's device and the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Answers older than this are refused: almost certainly a device clock that was never set. */
const MAX_AGE_MS = 365 * 86_400_000;

/** Hash of what the client sent (answers in key order, time normalised), so a replay with other content is caught. */
function payloadHash(patientId: string, input: QuestionnaireResponseInput): string {
  const answers = Object.entries(input.answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify([patientId, input.questionnaireId, input.version, answers, new Date(input.answeredAt).toISOString(), input.source]);
  return createHash('sha256').update(canonical).digest('base64url');
}

const NO_SCORE: QuestionnaireScore = { total: null, domains: [], band: null };

/** Scoring or triage that fails sends the response to a person instead of losing it. */
function assess(definition: QuestionnaireDefinition, answers: Record<string, number>, history: Parameters<typeof triageResponse>[3], at: Date): { score: QuestionnaireScore; triage: TriageResult } {
  let score: QuestionnaireScore;
  try {
    score = scoreResponse(definition, answers);
  } catch {
    return { score: NO_SCORE, triage: { level: 'review', reasons: [questionnaireErrorReason()] } };
  }
  return { score, triage: triageResponse(definition, answers, score.total, history, at) };
}

/** How much history the definition's baseline rules look at. */
function historyNeeded(definition: QuestionnaireDefinition): { days: number; limit: number } {
  let days = 0;
  let limit = 0;
  for (const rule of definition.triage) {
    if (rule.type !== 'baseline') continue;
    days = Math.max(days, rule.windowDays);
    limit = Math.max(limit, rule.maxResponses);
  }
  return { days, limit };
}

export function createQuestionnaireService(deps: {
  database: Database;
  repository: QuestionnaireRepository;
  access: AccessService;
  /** Alert events go out like the measurement path's. */
  notifier: Notifier;
  notify: QuestionnaireNotifier;
  /** Built-in definitions and the ones administrators loaded. */
  catalog: QuestionnaireCatalog;
  clock: Clock;
}) {
  const { database, repository, access, notifier, notify, catalog, clock } = deps;

  /** The version answered; one loaded on another node moments ago is found by reading the catalog again. */
  async function definitionFor(input: QuestionnaireResponseInput): Promise<{ definition: QuestionnaireDefinition; snapshot: CatalogSnapshot }> {
    let snapshot = await catalog.snapshot();
    if (!snapshot.entry(input.questionnaireId, input.version)) snapshot = await catalog.snapshot({ fresh: true });
    const entry = snapshot.entry(input.questionnaireId, input.version);
    if (entry) {
      if (entry.origin === 'loaded' && entry.retiredAt !== null && new Date(input.answeredAt).getTime() >= entry.retiredAt.getTime()) {
        const current = snapshot.current(input.questionnaireId);
        const next = current ? `load the questionnaire again and answer version ${current.version}` : 'it is no longer in use';
        throw new ValidationError(`version: ${input.questionnaireId} version ${input.version} was withdrawn on ${entry.retiredAt.toISOString()}; ${next}.`, [{ path: 'version', message: 'withdrawn version' }]);
      }
      return { definition: entry.definition, snapshot };
    }
    const newest = snapshot.current(input.questionnaireId) ?? findQuestionnaire(snapshot.all, input.questionnaireId);
    if (!newest) {
      throw new ValidationError(`questionnaireId: there is no questionnaire ${input.questionnaireId}; GET /api/questionnaires lists them.`, [
        { path: 'questionnaireId', message: 'unknown questionnaire' },
      ]);
    }
    throw new ValidationError(`version: ${input.questionnaireId} has no version ${input.version} (the current one is ${newest.version}); load the questionnaire again and answer it.`, [
      { path: 'version', message: 'unknown version' },
    ]);
  }

  function checkAnswers(definition: QuestionnaireDefinition, answers: Record<string, number>): void {
    const issues = validateAnswers(definition, answers);
    if (issues.length > 0) throw new ValidationError(issues.map((i) => i.message).join(' '), issues);
  }

  function patientIdFor(actor: Actor, input: QuestionnaireResponseInput): string {
    if (actor.role === 'patient' && actor.patientId) return input.patientId ?? actor.patientId;
    if (!input.patientId) {
      throw new ValidationError('patientId: is required when you enter answers on a patient\u2019s behalf.', [{ path: 'patientId', message: 'required when entering on a patient\u2019s behalf' }]);
    }
    return input.patientId;
  }

  function checkSource(actor: Actor, input: QuestionnaireResponseInput): void {
    const expected = actor.role === 'patient' ? 'manual' : 'nurse';
    if (input.source !== expected) {
      const why = expected === 'manual' ? 'you answered yourself' : 'you enter the answers on the patient\u2019s behalf';
      throw new ValidationError(`source: must be ${expected} when ${why}.`, [{ path: 'source', message: `must be ${expected}` }]);
    }
  }

  function checkTime(input: QuestionnaireResponseInput, now: Date): Date {
    const answeredAt = new Date(input.answeredAt);
    if (answeredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new ValidationError('answeredAt: lies in the future; check the date and the device\u2019s clock.', [{ path: 'answeredAt', message: 'in the future' }]);
    }
    if (answeredAt.getTime() < now.getTime() - MAX_AGE_MS) {
      throw new ValidationError('answeredAt: is more than a year old; check the date and the device\u2019s clock.', [{ path: 'answeredAt', message: 'more than a year old' }]);
    }
    return answeredAt;
  }

  /** A patient answers only the questionnaires of the programmes they are enrolled in. */
  function checkProgrammes(definition: QuestionnaireDefinition, programmes: readonly Programme[]): void {
    if (definition.programmes.some((p) => programmes.includes(p))) return;
    throw new ForbiddenError(
      `questionnaireId: ${definition.id} is not part of the patient\u2019s programmes (${programmes.join(', ') || 'none'}), so it cannot be answered for them. Answer one of the questionnaires the patient is given.`,
    );
  }

  async function store(actor: Actor, input: QuestionnaireResponseInput, now: Date): Promise<{ response: QuestionnaireResponse; scope: PatientScope; alert: AlertRow | null; fresh: boolean }> {
    const { definition, snapshot } = await definitionFor(input);
    const toResponse = (row: QuestionnaireResponseRow) => toQuestionnaireResponse(row, snapshot.all);
    checkAnswers(definition, input.answers);
    const patientId = patientIdFor(actor, input);
    const answeredAt = checkTime(input, now);
    const context = await repository.loadContext(database.db, patientId, definition.id, input.id, answeredAt, historyNeeded(definition));
    const scope = await access.decide(actor, patientId, context.scope, 'write', 'questionnaire');
    checkSource(actor, input);
    checkProgrammes(definition, context.programmes);

    const { score, triage } = assess(definition, input.answers, context.history, answeredAt);
    const row: QuestionnaireResponseRow = {
      id: input.id,
      patientId,
      questionnaireId: definition.id,
      questionnaireVersion: definition.version,
      answers: input.answers,
      score: score.total,
      answeredAt,
      receivedAt: now,
      source: input.source,
      enteredBy: actor.userId,
      triageLevel: triage.level,
      triageReasons: triage.reasons,
      payloadHash: payloadHash(patientId, input),
    };
    const audit = { actor, patientId, resource: 'questionnaire', action: 'create', details: { questionnaireResponseId: input.id, questionnaireId: definition.id } };
    const result = await repository.insert(database.db, { row, alert: alertForTriage(questionnaireRule(definition.id), triage, context.careTeam, now), audit }, now);
    if (result.inserted) return { response: toResponse(row), scope, alert: result.alert, fresh: true };

    const existing = await repository.findById(database.db, input.id);
    if (!existing || existing.payloadHash !== row.payloadHash) {
      throw new ConflictError(`id: different answers were already stored with id ${input.id}; generate a new id for a new set of answers.`);
    }
    return { response: toResponse(existing), scope, alert: null, fresh: false };
  }

  return {
    /**
     * Validates, scores and triages one response, then stores it with its alert and audit record in
     * one statement and notifies after commit. A replay of the same answers returns the stored record.
     */
    async submit(actor: Actor, input: QuestionnaireResponseInput): Promise<{ response: QuestionnaireResponse; fresh: boolean }> {
      const { response, scope, alert, fresh } = await store(actor, input, clock.now());
      if (fresh) {
        if (alert) notifier.alertChanged(scope, toAlert(alert), alert.raised === true);
        notify.received(scope, response);
      }
      return { response, fresh };
    },

    /**
     * A patient's questionnaires (their programmes', with due and last answer): the patient's own,
     * or `patientId` for someone allowed to read it. Without a patient: every questionnaire.
     */
    async list(actor: Actor, patientId: string | undefined): Promise<QuestionnaireList> {
      const id = patientId ?? (actor.role === 'patient' ? (actor.patientId ?? undefined) : undefined);
      const snapshot = await catalog.snapshot();
      if (!id) return { patientId: null, items: latestQuestionnaires(snapshot.active).map((definition) => ({ definition, due: null, lastResponse: null })) };
      await access.checkPatient(actor, id, 'read', 'questionnaire');
      const { programmes, last } = await repository.overview(id);
      const now = clock.now();
      const byId = new Map(last.map((l) => [l.questionnaire_id, l]));
      return {
        patientId: id,
        items: questionnairesForProgrammes(snapshot.active, programmes).map((definition) => {
          const lastRow = byId.get(definition.id);
          const lastAt = lastRow ? new Date(lastRow.answered_at) : null;
          return { definition, due: isQuestionnaireDue(definition.cadence, lastAt, now), lastResponse: lastRow ? toLastResponse(lastRow, snapshot.all) : null };
        }),
      };
    },

    /** One questionnaire's definition: the newest version not retired, or the one asked for (retired ones too, for stored answers). */
    async get(id: string, version: number | undefined): Promise<QuestionnaireDefinition> {
      const snapshot = await catalog.snapshot();
      const definition = version === undefined ? snapshot.current(id) : snapshot.entry(id, version)?.definition;
      if (!definition) throw new NotFoundError('questionnaire', version === undefined ? id : `${id} version ${version}`);
      return definition;
    },

    /** One page of a patient's responses, newest first; the access check audits the read. */
    async responses(actor: Actor, patientId: string, q: { questionnaireId?: string | undefined; limit: number; cursor?: string | undefined }): Promise<QuestionnaireResponsePage> {
      await access.checkPatient(actor, patientId, 'read', 'questionnaire');
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const rows = await repository.list(patientId, { questionnaireId: q.questionnaireId, limit: q.limit + 1, after });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const { all } = await catalog.snapshot();
      return { items: page.map((row) => toQuestionnaireResponse(row, all)), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
    },
  };
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>;

const encodeCursor = (row: QuestionnaireResponseRow) => Buffer.from(`${row.answeredAt.toISOString()}|${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { answeredAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const answeredAt = new Date(time ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(answeredAt.getTime())) {
    throw new ValidationError('cursor: is not a cursor from an earlier page; start again without it.', [{ path: 'cursor', message: 'unknown cursor' }]);
  }
  return { answeredAt, id };
}
