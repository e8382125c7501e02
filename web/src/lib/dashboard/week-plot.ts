import uPlot from 'uplot';

/**
 * Weekly series on one uPlot canvas, overlaid by week number (week 1 of this period over week 1 of
 * the previous one). Lines are told apart by dash and dot shape as well as colour; the page's legend
 * and table say the same in words. Built once, on the first resize (after layout), as trend-plot.
 */

export type WeekColour = 'brand' | 'muted' | 'red' | 'yellow';

export interface WeekSeries {
  /** The legend's words for the line. */
  label: string;
  /** One value per week; null where nothing was measured (a gap in the line). */
  values: Array<number | null>;
  colour: WeekColour;
  /** Dash pattern in CSS pixels; none for a solid line. */
  dash?: number[];
  /** Dots on each week: filled, hollow or none. */
  dots: 'filled' | 'hollow' | 'none';
}

export interface WeekPlotOptions {
  height: number;
  /** The value axis' label, read on every draw (the language may change). */
  unit: () => string;
  formatValue: (value: number) => string;
  /** The label of week `index` (0 is the period's first week). */
  formatWeek: (index: number) => string;
  /** A fixed top of the value axis (100 for a percentage); otherwise from the data. */
  max?: number;
}

export interface WeekPlot {
  update(series: WeekSeries[]): void;
  redraw(): void;
  destroy(): void;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

type Palette = Record<WeekColour, string> & { paper: string; grid: string; axis: string };

function paletteOf(el: HTMLElement): Palette {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    brand: v('--chart-line', '#0b4f6c'),
    muted: v('--chart-previous', '#4a5360'),
    red: v('--chart-red', '#a4161a'),
    // --yellow-bg is too faint for a line on white; this yellow-brown is 4.9:1.
    yellow: v('--chart-yellow-line', '#8a6d00'),
    paper: v('--chart-paper', '#ffffff'),
    grid: v('--chart-grid', '#c9d0d8'),
    axis: v('--chart-axis', '#4a5360'),
  };
}

/** uPlot's data: the week index on x, then one row per series, padded with gaps to the longest. */
export function weekData(series: WeekSeries[]): uPlot.AlignedData {
  const weeks = Math.max(1, ...series.map((s) => s.values.length));
  const x = Array.from({ length: weeks }, (_, i) => i);
  return [x, ...series.map((s) => x.map((i) => s.values[i] ?? null))];
}

/** A round top for the value axis above the largest value (at least 1). */
export function niceMax(series: WeekSeries[]): number {
  const largest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  if (largest <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= largest) ?? 10;
  return step * power;
}

function seriesOptions(s: WeekSeries, c: Palette): uPlot.Series {
  const colour = c[s.colour];
  return {
    label: s.label,
    stroke: colour,
    width: s.dash ? 2 : 2.5,
    dash: s.dash,
    spanGaps: false,
    points: s.dots === 'none' ? { show: false } : { show: true, size: 8, width: 2, stroke: colour, fill: s.dots === 'hollow' ? c.paper : colour },
  };
}

function plotOptions(width: number, c: Palette, series: WeekSeries[], options: WeekPlotOptions, current: () => WeekSeries[]): uPlot.Options {
  const axis = { stroke: c.axis, font: `14px ${FONT}`, labelFont: `14px ${FONT}`, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  return {
    width,
    height: options.height,
    legend: { show: false },
    cursor: { show: false },
    // Room on the right for the last week's label, centred on the edge.
    padding: [12, 36, null, null],
    scales: {
      x: { time: false, range: (u) => [0, Math.max(1, (u.data[0]?.length ?? 1) - 1)] },
      y: { range: () => [0, options.max ?? niceMax(current())] },
    },
    series: [{}, ...series.map((s) => seriesOptions(s, c))],
    axes: [
      { ...axis, space: 80, incrs: [1, 2, 4, 8, 13, 26, 52], values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? options.formatWeek(v) : '')) },
      { ...axis, size: 56, label: options.unit(), labelSize: 24, values: (_u, splits) => splits.map((v) => options.formatValue(v)) },
    ],
  };
}

/** A plot of `series` in `target`, sized to its width; `update` with the same number of series feeds new data. */
export function createWeekPlot(target: HTMLElement, initial: WeekSeries[], options: WeekPlotOptions): WeekPlot {
  let series = initial;
  let plot: uPlot | null = null;
  const build = (width: number) => {
    plot?.destroy();
    plot = new uPlot(plotOptions(width, paletteOf(target), series, options, () => series), weekData(series), target);
  };
  const resize = new ResizeObserver((entries) => {
    const box = Math.floor(entries[0]?.contentRect.width ?? 0);
    // Not laid out (hidden): wait for a width.
    if (box === 0) return;
    const width = Math.max(200, box);
    if (!plot) build(width);
    else if (width !== plot.width) plot.setSize({ width, height: options.height });
  });
  resize.observe(target);

  return {
    update(next) {
      const rebuild = next.length !== series.length || next.some((s, i) => s.label !== series[i]?.label);
      series = next;
      if (!plot) return;
      if (rebuild) build(plot.width);
      else plot.setData(weekData(series));
    },
    redraw() {
      // Labels and tick texts follow the language: rebuilt with the new words.
      if (plot) build(plot.width);
    },
    destroy() {
      resize.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}
