/** The comparisons limits and questionnaire rules use (`eq` only in questionnaires). */
export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq';

/** `a op b`. */
export function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'eq':
      return a === b;
  }
}

/** Whole hundredths: 82.0 − 80.0 is exactly 200, 17.5 − 13.5 exactly 400, and 38.0 ≥ 38.0 holds. */
export const hundredths = (value: number): number => Math.round(value * 100);
