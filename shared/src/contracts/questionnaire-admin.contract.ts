import { z } from 'zod';
import { IsoDateTimeSchema, MAX_VERSION } from './common.contract';
import { QuestionnaireDefinitionSchema } from '../domain/questionnaires/definition';

/**
 * Where a definition comes from: shipped with Naer (our own wording), or loaded by an administrator
 * (typically licensed wording such as CAT or KCCQ-12).
 */
export const QuestionnaireOriginSchema = z.enum(['built_in', 'loaded']);
export type QuestionnaireOrigin = z.infer<typeof QuestionnaireOriginSchema>;

/**
 * current: the version patients are given for new answers (the newest not retired);
 * superseded: an older version, still accepted for answers given before the new one arrived (offline queues);
 * retired: withdrawn; answers given after `retiredAt` are refused.
 */
export const QuestionnaireVersionStatusSchema = z.enum(['current', 'superseded', 'retired']);
export type QuestionnaireVersionStatus = z.infer<typeof QuestionnaireVersionStatusSchema>;

/** One stored version of a questionnaire, as administrators see it. */
export const AdminQuestionnaireVersionSchema = z.object({
  questionnaireId: z.string(),
  version: z.number().int(),
  origin: QuestionnaireOriginSchema,
  status: QuestionnaireVersionStatusSchema,
  /** Who loaded it and when; null for built-in definitions. */
  loadedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  loadedAt: IsoDateTimeSchema.nullable(),
  retiredAt: IsoDateTimeSchema.nullable(),
  definition: QuestionnaireDefinitionSchema,
});
export type AdminQuestionnaireVersion = z.infer<typeof AdminQuestionnaireVersionSchema>;

/** One questionnaire with every version, newest first. */
export const AdminQuestionnaireSchema = z.object({
  id: z.string(),
  origin: QuestionnaireOriginSchema,
  /** The version given to patients for new answers; null when every version is retired. */
  currentVersion: z.number().int().nullable(),
  versions: z.array(AdminQuestionnaireVersionSchema),
});
export type AdminQuestionnaire = z.infer<typeof AdminQuestionnaireSchema>;

/** `GET /api/admin/questionnaires`: built-in questionnaires first, then the loaded ones by id. */
export const AdminQuestionnaireListSchema = z.object({ items: z.array(AdminQuestionnaireSchema) });
export type AdminQuestionnaireList = z.infer<typeof AdminQuestionnaireListSchema>;

/**
 * `POST /api/admin/questionnaires`: the body is one definition, checked with the same schema as the
 * built-in ones (every referenced item exists, option values unique, Danish and English text).
 */
export const LoadQuestionnaireRequestSchema = QuestionnaireDefinitionSchema;
export type LoadQuestionnaireRequest = z.infer<typeof LoadQuestionnaireRequestSchema>;

/** `POST /api/admin/questionnaires/:id/versions/:version/retire`. */
export const QuestionnaireVersionParamsSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: 'id must be a questionnaire id, e.g. cat' }),
  version: z.coerce.number({ error: 'version must be a number' }).int({ error: 'version must be a whole number' }).min(1, { error: 'version must be at least 1' }).max(MAX_VERSION, { error: `version must be at most ${MAX_VERSION}` }),
});
export type QuestionnaireVersionParams = z.infer<typeof QuestionnaireVersionParamsSchema>;
