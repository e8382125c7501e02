import uPlot from 'uplot';
import type { AlertSeverity } from '@naer/shared/contracts';
import type { ChartReading } from './limit-lines';
import type { AlertMarker, TrendModel } from './trend-data';

/**
 * Draws a trend model with uPlot: the readings as uPlot's one series, everything else in its hooks
 * on the same canvas (band areas under the grid in `drawClear`, band edges and threshold lines over
 * it in `drawAxes`, points, alert markers and the limit labels on top in `draw`). New data goes
 * through `setData`; the plot is built once.
 */

type Model = TrendModel<ChartReading>;

export interface TrendPlotOptions {
  height: number;
  /** Tick labels; read on every draw, so a language change shows after `redraw()`. */
  formatTime: (ms: number, stepMs: number) => string;
  formatValue: (value: number) => string;
  /** Decimals the kind is recorded with: no tick falls between two values a reading can have. */
  decimals: number;
  unit: () => string;
  /** The reading under the cursor (its index in `model.points`), or null when the cursor leaves. */
  onHover?: (index: number | null) => void;
}

export interface TrendPlot {
  update(model: Model): void;
  redraw(): void;
  destroy(): void;
}

interface Palette {
  line: string;
  paper: string;
  grid: string;
  axis: string;
  yellow: string;
  yellowLine: string;
  red: string;
  change: string;
  outline: string;
  alert: Record<AlertSeverity, string>;
}

// Tints of the level colours under the readings; red is painted over paper, so where both apply it shows red.
const BAND_ALPHA = { yellow: 0.35, red: 0.25 };
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function paletteOf(el: HTMLElement): Palette {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    line: v('--chart-line', '#0b4f6c'),
    paper: v('--chart-paper', '#ffffff'),
    grid: v('--chart-grid', '#c9d0d8'),
    axis: v('--chart-axis', '#4a5360'),
    yellow: v('--chart-yellow', '#ffd43b'),
    yellowLine: v('--chart-yellow-line', '#8a6d00'),
    red: v('--chart-red', '#a4161a'),
    change: v('--chart-change', '#4a5360'),
    outline: v('--chart-outline', '#1b1f24'),
    alert: {
      red: v('--chart-alert-red', '#a4161a'),
      yellow: v('--chart-alert-yellow', '#ffd43b'),
      missing: v('--chart-alert-missing', '#4a5360'),
      review: v('--chart-alert-review', '#5a2d82'),
    },
  };
}

const clipToPlot = (u: uPlot, margin = 0) => {
  const { left, top, width, height } = u.bbox;
  u.ctx.beginPath();
  u.ctx.rect(left - margin, top - margin, width + 2 * margin, height + 2 * margin);
  u.ctx.clip();
};

function drawBands(u: uPlot, model: Model, c: Palette) {
  const { ctx, bbox } = u;
  const bottom = bbox.top + bbox.height;
  for (const s of model.bands) {
    const x0 = u.valToPos(s.start, 'x', true);
    const x1 = u.valToPos(s.end, 'x', true);
    const edge = Math.min(bottom, Math.max(bbox.top, u.valToPos(s.value, 'y', true)));
    const [y0, y1] = s.side === 'below' ? [edge, bottom] : [bbox.top, edge];
    if (s.level === 'red') {
      ctx.fillStyle = c.paper;
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    }
    ctx.globalAlpha = BAND_ALPHA[s.level];
    ctx.fillStyle = s.level === 'red' ? c.red : c.yellow;
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    ctx.globalAlpha = 1;
  }
}

/** Band edges go over the grid, so an edge on a grid line still shows. */
function drawEdges(u: uPlot, model: Model, c: Palette, pr: number) {
  const { ctx } = u;
  ctx.lineWidth = 2 * pr;
  for (const s of model.bands) {
    const y = u.valToPos(s.value, 'y', true);
    ctx.strokeStyle = s.level === 'red' ? c.red : c.yellowLine;
    ctx.beginPath();
    ctx.moveTo(u.valToPos(s.start, 'x', true), y);
    ctx.lineTo(u.valToPos(s.end, 'x', true), y);
    ctx.stroke();
  }
}

function drawThresholds(u: uPlot, model: Model, c: Palette, pr: number) {
  const { ctx } = u;
  ctx.lineWidth = 2.5 * pr;
  ctx.setLineDash([8 * pr, 5 * pr]);
  for (const line of model.lines) {
    ctx.strokeStyle = line.level === 'red' ? c.red : c.yellowLine;
    ctx.beginPath();
    line.vertices.forEach((v, i) => {
      const x = u.valToPos(v.at, 'x', true);
      const y = u.valToPos(v.value, 'y', true);
      const before = line.vertices[i - 1];
      if (!before) ctx.moveTo(x, y);
      else {
        // Each threshold holds until the next reading, then steps.
        ctx.lineTo(x, u.valToPos(before.value, 'y', true));
        ctx.lineTo(x, y);
      }
    });
    ctx.stroke();
  }
  // Where another limit version took over.
  ctx.strokeStyle = c.change;
  ctx.lineWidth = 2 * pr;
  ctx.setLineDash([2 * pr, 4 * pr]);
  for (const at of model.changes) {
    const x = u.valToPos(at, 'x', true);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/** Least room per reading, in CSS pixels, for a dot on each (as uPlot's own points.space): denser, the line alone shows them. */
const DOT_SPACE = 8;

function drawPoints(u: uPlot, model: Model, c: Palette, pr: number) {
  const { ctx } = u;
  const r = 4 * pr;
  const dots = u.bbox.width / pr / Math.max(1, model.points.length) >= DOT_SPACE;
  const solid = new Path2D();
  const hollow = new Path2D();
  for (const p of model.points) {
    const x = u.valToPos(p.at, 'x', true);
    const y = u.valToPos(p.value, 'y', true);
    // Flagged readings are always marked.
    if (p.flagged) hollow.rect(x - r, y - r, 2 * r, 2 * r);
    else if (dots) {
      solid.moveTo(x + r, y);
      solid.arc(x, y, r, 0, 2 * Math.PI);
    }
  }
  ctx.fillStyle = c.line;
  ctx.fill(solid);
  // Flagged by the device: hollow squares, so shape and fill both tell them apart.
  ctx.fillStyle = c.paper;
  ctx.fill(hollow);
  ctx.strokeStyle = c.line;
  ctx.lineWidth = 2 * pr;
  ctx.stroke(hollow);
}

/** A marker sitting on the time axis: triangles for red and yellow, a diamond for review, a ring for a missing reading. */
function drawMarker(ctx: CanvasRenderingContext2D, m: AlertMarker, x: number, base: number, c: Palette, pr: number) {
  const h = 12 * pr;
  const w = 7 * pr;
  ctx.beginPath();
  switch (m.severity) {
    case 'red':
    case 'yellow':
      ctx.moveTo(x, base - h);
      ctx.lineTo(x + w, base);
      ctx.lineTo(x - w, base);
      ctx.closePath();
      break;
    case 'review':
      ctx.moveTo(x, base - h);
      ctx.lineTo(x + w, base - h / 2);
      ctx.lineTo(x, base);
      ctx.lineTo(x - w, base - h / 2);
      ctx.closePath();
      break;
    case 'missing':
      ctx.arc(x, base - h / 2, h / 2 - pr, 0, 2 * Math.PI);
      break;
  }
  ctx.lineWidth = 2 * pr;
  if (m.severity === 'missing') {
    ctx.fillStyle = c.paper;
    ctx.strokeStyle = c.alert.missing;
  } else {
    ctx.fillStyle = c.alert[m.severity];
    // The light yellow needs an edge on white.
    ctx.strokeStyle = m.severity === 'yellow' ? c.outline : c.alert[m.severity];
  }
  ctx.fill();
  ctx.stroke();
}

function drawMarkers(u: uPlot, model: Model, c: Palette, pr: number) {
  const { ctx, bbox } = u;
  const base = bbox.top + bbox.height;
  ctx.lineWidth = 2 * pr;
  ctx.setLineDash([3 * pr, 4 * pr]);
  ctx.globalAlpha = 0.5;
  for (const m of model.markers) {
    const x = u.valToPos(m.at, 'x', true);
    ctx.strokeStyle = m.severity === 'yellow' ? c.yellowLine : c.alert[m.severity];
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, base);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  for (const m of model.markers) drawMarker(ctx, m, u.valToPos(m.at, 'x', true), base, c, pr);
}

/** The limits in force at the end of the period: labelled in a gutter right of the plot (a limit rarely falls on a tick). */
function endLabels(model: Model, format: (v: number) => string): Array<{ level: 'yellow' | 'red'; value: number; text: string }> {
  const labels = model.current.bands.map((b) => ({ level: b.level, value: b.value }));
  for (const line of model.lines) {
    const last = line.vertices[line.vertices.length - 1];
    if (last?.at === model.to) labels.push({ level: line.level, value: last.value });
  }
  return labels.map((l) => ({ ...l, text: format(l.value) }));
}

const LABEL_FONT = (pr: number) => `600 ${13 * pr}px ${FONT}`;

/** Room right of the plot for the widest label, in CSS pixels. */
function gutter(u: uPlot, labels: Array<{ text: string }>): number {
  if (labels.length === 0) return 16;
  const pr = uPlot.pxRatio;
  // uPlot caches the font it last set: ours is set and undone around every use.
  u.ctx.save();
  u.ctx.font = LABEL_FONT(pr);
  const widest = Math.max(...labels.map((l) => u.ctx.measureText(l.text).width / pr));
  u.ctx.restore();
  return Math.ceil(widest) + 16;
}

function drawLabels(u: uPlot, labels: Array<{ level: 'yellow' | 'red'; value: number; text: string }>, c: Palette, pr: number) {
  const { ctx, bbox } = u;
  ctx.font = LABEL_FONT(pr);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const left = bbox.left + bbox.width + 4 * pr;
  for (const l of labels) {
    const y = u.valToPos(l.value, 'y', true);
    if (y < bbox.top || y > bbox.top + bbox.height) continue;
    const w = ctx.measureText(l.text).width + 8 * pr;
    const h = 18 * pr;
    const colour = l.level === 'red' ? c.red : c.yellowLine;
    ctx.fillStyle = c.paper;
    ctx.strokeStyle = colour;
    ctx.lineWidth = pr;
    ctx.beginPath();
    ctx.roundRect(left, y - h / 2, w, h, 4 * pr);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.fillText(l.text, left + 4 * pr, y);
  }
}

/** Tick steps of 1, 2 and 5 from the kind's smallest step up to 1000. */
function valueSteps(decimals: number): number[] {
  const steps: number[] = [];
  for (let power = -decimals; power <= 3; power++) for (const m of [1, 2, 5]) steps.push(Number((m * 10 ** power).toFixed(decimals)));
  return steps;
}

/** Room for the widest tick label (consciousness ticks are level names, not numbers). */
function valueAxisSize(u: uPlot, values: string[] | null): number {
  const pr = uPlot.pxRatio;
  u.ctx.save();
  u.ctx.font = `${14 * pr}px ${FONT}`;
  const widest = Math.max(0, ...(values ?? []).map((v) => u.ctx.measureText(v).width / pr));
  u.ctx.restore();
  return Math.max(44, Math.ceil(widest) + 18);
}

function plotOptions(width: number, c: Palette, options: TrendPlotOptions, model: () => Model): uPlot.Options {
  const axis = {
    stroke: c.axis,
    font: `14px ${FONT}`,
    labelFont: `14px ${FONT}`,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1 },
  };
  return {
    width,
    height: options.height,
    ms: 1,
    legend: { show: false },
    padding: [8, (u) => gutter(u, endLabels(model(), options.formatValue)), null, null],
    cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
    scales: {
      x: { time: true, range: () => [model().from, model().to] },
      y: { range: () => [model().range.min, model().range.max] },
    },
    series: [{}, { stroke: c.line, width: 2.5, points: { show: false } }],
    axes: [
      { ...axis, space: 70, values: (_u, splits, _i, _space, incr) => splits.map((v) => options.formatTime(v, incr)) },
      { ...axis, size: valueAxisSize, label: options.unit(), labelSize: 24, incrs: valueSteps(options.decimals), values: (_u, splits) => splits.map((v) => options.formatValue(v)) },
    ],
    hooks: {
      drawClear: [
        (u) => {
          u.ctx.save();
          clipToPlot(u);
          drawBands(u, model(), c);
          u.ctx.restore();
        },
      ],
      drawAxes: [
        (u) => {
          const pr = uPlot.pxRatio;
          u.ctx.save();
          clipToPlot(u);
          drawEdges(u, model(), c, pr);
          drawThresholds(u, model(), c, pr);
          u.ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const pr = uPlot.pxRatio;
          u.ctx.save();
          clipToPlot(u, 6 * pr);
          drawPoints(u, model(), c, pr);
          drawMarkers(u, model(), c, pr);
          u.ctx.restore();
          u.ctx.save();
          drawLabels(u, endLabels(model(), options.formatValue), c, pr);
          u.ctx.restore();
          // The bench reads when the last chart of a page was drawn (npm run bench, chart phase).
          performance.mark(CHART_DRAWN);
        },
      ],
      setCursor: [(u) => options.onHover?.(typeof u.cursor.idx === 'number' ? u.cursor.idx : null)],
    },
  };
}

/** Performance mark set each time a chart finishes drawing. */
export const CHART_DRAWN = 'naer:chart-drawn';

/**
 * A plot in `target`, sized to its width. It is built on the first resize notification, which comes
 * after layout: reading the width at once would force a layout per chart on a page of many.
 */
export function createTrendPlot(target: HTMLElement, initial: Model, options: TrendPlotOptions): TrendPlot {
  let model = initial;
  let plot: uPlot | null = null;
  const resize = new ResizeObserver((entries) => {
    const box = Math.floor(entries[0]?.contentRect.width ?? 0);
    // Not laid out (hidden): wait for a width.
    if (box === 0) return;
    const width = Math.max(200, box);
    if (!plot) plot = new uPlot(plotOptions(width, paletteOf(target), options, () => model), model.data, target);
    else if (width !== plot.width) plot.setSize({ width, height: options.height });
  });
  resize.observe(target);

  return {
    update(next) {
      if (next === model) return;
      model = next;
      plot?.setData(model.data);
    },
    redraw() {
      const y = plot?.axes[1];
      if (y) y.label = options.unit();
      plot?.redraw(false, true);
    },
    destroy() {
      resize.disconnect();
      plot?.destroy();
    },
  };
}
