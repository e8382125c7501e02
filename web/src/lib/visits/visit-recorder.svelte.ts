import type { Visit } from '@naer/shared/contracts';
import type { Spo2Scale } from '@naer/shared/domain';
import { ApiError, call } from '$lib/api';
import { newId } from '$lib/id';
import { newDraft, readDraft, serverProblems, toLocalInput, toVisitInput } from './visit-draft';
import type { FieldProblem, FieldProblems, VisitDraft, VisitField } from './visit-draft';
import { liveScores } from './visit-score';

/** Why a save failed as a whole (a field's problem is shown at the field). */
export type FormProblem = { code: 'forbidden' | 'network' | 'conflict' | 'notFound' | 'unknown' } | { code: 'server'; message: string };

/**
 * One visit being filled in and saved: the draft, its live scores, the problems to show and the save.
 * The client id is made once per visit, so pressing save again after a lost answer cannot store it twice.
 */
export class VisitRecorder {
  readonly #patientId: string;
  readonly #clock: () => number;
  #id = newId();
  #scaleChosen = false;
  /** The moment the draft's time is checked against (ms): set when the form starts and on every save. */
  #now = $state(0);

  draft: VisitDraft = $state(newDraft(0, 1));
  /** The scale the patient's limits point to; the nurse may choose the other for this visit. */
  usualScale = $state<Spo2Scale>(1);
  touched = $state<Partial<Record<VisitField, true>>>({});
  /** After a save was tried, every problem shows (empty required fields too). */
  tried = $state(false);
  serverFields = $state<FieldProblems>({});
  formProblem = $state<FormProblem | null>(null);
  saving = $state(false);
  /** The stored visit and when its answer came (ms). */
  saved = $state<{ visit: Visit; savedAt: number } | null>(null);

  readonly read = $derived(readDraft(this.draft, this.#now));
  readonly scores = $derived(liveScores(this.read.signs, this.draft.spo2Scale));

  constructor(patientId: string, clock: () => number = Date.now) {
    this.#patientId = patientId;
    this.#clock = clock;
    this.#now = clock();
    this.draft = newDraft(this.#now, 1);
  }

  /** The problem to show at a field: the server's, else the draft's once the field was left (or a save tried). */
  problem(field: VisitField): FieldProblem | undefined {
    const server = this.serverFields[field];
    if (server) return server;
    const own = this.read.problems[field];
    if (!own) return undefined;
    return this.tried || (this.touched[field] && own.code !== 'required') ? own : undefined;
  }

  /** Every problem shown, in the form's order, for the summary above the form. */
  problems(order: readonly VisitField[]): Array<[VisitField, FieldProblem]> {
    return order.flatMap((field) => {
      const problem = this.problem(field);
      return problem ? [[field, problem] as [VisitField, FieldProblem]] : [];
    });
  }

  touch(field: VisitField): void {
    this.touched[field] = true;
  }

  /** A changed field drops what the server said about it. */
  edited(field: VisitField): void {
    if (this.serverFields[field]) this.serverFields = Object.fromEntries(Object.entries(this.serverFields).filter(([f]) => f !== field));
  }

  /** Takes the scale from the patient's limits, unless the nurse has already chosen one. */
  useUsualScale(scale: Spo2Scale): void {
    this.usualScale = scale;
    if (!this.#scaleChosen) this.draft.spo2Scale = scale;
  }

  chooseScale(scale: Spo2Scale): void {
    this.#scaleChosen = true;
    this.draft.spo2Scale = scale;
    this.edited('spo2Scale');
  }

  setMeasuredNow(): void {
    this.#now = this.#clock();
    this.draft.measuredAt = toLocalInput(this.#now);
    this.edited('measuredAt');
  }

  /** Saves the visit; the same id on every try until it is saved. */
  async save(): Promise<'invalid' | 'saved' | 'failed'> {
    if (this.saving || this.saved) return 'failed';
    this.tried = true;
    this.formProblem = null;
    this.#now = this.#clock();
    const { input } = toVisitInput(this.#id, this.draft, this.#now);
    if (!input || Object.keys(this.serverFields).length > 0) return 'invalid';
    this.saving = true;
    try {
      const { visit } = await call('visits.record', { params: { patientId: this.#patientId }, body: input });
      this.saved = { visit, savedAt: this.#clock() };
      return 'saved';
    } catch (error) {
      this.#failed(error);
      return 'failed';
    } finally {
      this.saving = false;
    }
  }

  #failed(error: unknown): void {
    if (!(error instanceof ApiError)) this.formProblem = { code: 'unknown' };
    else if (error.isNetwork) this.formProblem = { code: 'network' };
    else if (error.status === 403) this.formProblem = { code: 'forbidden' };
    else if (error.status === 404) this.formProblem = { code: 'notFound' };
    else if (error.status === 409) this.formProblem = { code: 'conflict' };
    else if (error.status === 400) {
      const { fields, other } = serverProblems(error.details);
      this.serverFields = fields;
      if (other.length > 0 || Object.keys(fields).length === 0) this.formProblem = { code: 'server', message: other.join(' ') || error.message };
    } else this.formProblem = { code: 'unknown' };
  }

  /** An empty form for the next visit, with a new id, measured now, on the patient's usual scale. */
  startNew(): void {
    this.#id = newId();
    this.#scaleChosen = false;
    this.#now = this.#clock();
    this.draft = newDraft(this.#now, this.usualScale);
    this.touched = {};
    this.tried = false;
    this.serverFields = {};
    this.formProblem = null;
    this.saved = null;
  }
}
