/**
 * One row of a score chart: `points` for a value with `atLeast ≤ value < below` (a missing end is
 * unbounded). A part's rows run in ascending order and tile the number line: each `below` is the next row's `atLeast`.
 */
export interface VitalSignBand<Part extends string> {
  part: Part;
  atLeast?: number;
  below?: number;
  points: number;
}

/** The points of the first row for `part` that holds `value` and passes `applies`; throws on a non-finite value or a chart with a hole. */
export function bandPoints<Band extends VitalSignBand<string>>(
  chart: readonly Band[],
  part: Band['part'],
  value: number,
  applies: (band: Band) => boolean = () => true,
): number {
  if (!Number.isFinite(value)) throw new RangeError(`${part} must be a finite number, got ${String(value)}`);
  const band = chart.find(
    (b) => b.part === part && applies(b) && (b.atLeast === undefined || value >= b.atLeast) && (b.below === undefined || value < b.below),
  );
  if (!band) throw new RangeError(`the chart has no band for ${part} ${String(value)}`);
  return band.points;
}

/** The points for a named level; throws on a level the table does not know (input that skipped the contract). */
export function levelPoints<Level extends string>(table: Readonly<Record<Level, number>>, part: string, level: Level): number {
  const points = Object.hasOwn(table, level) ? table[level] : undefined;
  if (points === undefined) throw new RangeError(`${part} ${String(level)} is not a known level`);
  return points;
}
