import type { Dashboard, DashboardSeries } from '@naer/shared/contracts';
import type { DashboardAim } from '@naer/shared/domain';
import type { MessageKey } from '$lib/i18n.svelte';
import { formatDay, formatNumberIn } from './dashboard-format';
import type { WeekSeries } from './week-plot';

type Lang = 'da' | 'en';
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** What one aim's chart draws and says. */
export interface AimChart {
  title: string;
  unit: string;
  series: WeekSeries[];
  summary: string;
  max?: number;
}

const PREVIOUS_DASH = [8, 5];
const PREVIOUS_DOTTED = [2, 4];
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** One sentence on a weekly series: lowest, highest and last week (values as the chart shows them). */
function sentence(what: string, values: Array<number | null>, unit: string, lang: Lang, t: Translate): string {
  const known = values.filter((v): v is number => v !== null);
  const last = [...values].reverse().find((v): v is number => v !== null);
  if (known.length === 0 || last === undefined) return t('dashboard.chart.summary.none', { what });
  const f = (v: number) => `${formatNumberIn(v, lang)} ${unit}`;
  return t('dashboard.chart.summary', { what, weeks: values.length, min: f(Math.min(...known)), max: f(Math.max(...known)), last: f(last) });
}

/** The three charts of a dashboard: this period solid, the previous one dashed over it by week number. */
export function aimCharts(d: Dashboard, lang: Lang, t: Translate): Record<DashboardAim, AimChart> {
  const { current, previous } = d.series;
  const pair = (pick: (s: DashboardSeries) => Array<number | null>, colour: 'brand'): WeekSeries[] => [
    { label: t('dashboard.chart.current'), values: pick(current), colour, dots: 'filled' },
    { label: t('dashboard.chart.previous'), values: pick(previous), colour: 'muted', dash: PREVIOUS_DASH, dots: 'none' },
  ];
  const adherence = (s: DashboardSeries) => s.adherence.map(percent);
  const claim = (s: DashboardSeries) => s.redClaimMedianMinutes.map(round1);
  const red = (s: DashboardSeries) => s.redPer100PatientDays.map(round1);
  const yellow = (s: DashboardSeries) => s.yellowPer100PatientDays.map(round1);
  const costUnit = t('dashboard.chart.unit.cost');
  return {
    population: {
      title: t('dashboard.chart.population'),
      unit: t('dashboard.chart.unit.population'),
      series: pair(adherence, 'brand'),
      summary: sentence(t('dashboard.chart.population'), adherence(current), '%', lang, t),
      max: 100,
    },
    quality: {
      title: t('dashboard.chart.quality'),
      unit: t('dashboard.chart.unit.quality'),
      series: pair(claim, 'brand'),
      summary: sentence(t('dashboard.chart.quality'), claim(current), t('dashboard.chart.unit.quality'), lang, t),
    },
    cost: {
      title: t('dashboard.chart.cost'),
      unit: costUnit,
      series: [
        { label: t('dashboard.chart.red'), values: red(current), colour: 'red', dots: 'filled' },
        { label: t('dashboard.chart.yellow'), values: yellow(current), colour: 'yellow', dots: 'hollow' },
        { label: t('dashboard.chart.redPrevious'), values: red(previous), colour: 'red', dash: PREVIOUS_DASH, dots: 'none' },
        { label: t('dashboard.chart.yellowPrevious'), values: yellow(previous), colour: 'yellow', dash: PREVIOUS_DOTTED, dots: 'none' },
      ],
      summary: `${sentence(t('dashboard.chart.red.name'), red(current), costUnit, lang, t)} ${sentence(t('dashboard.chart.yellow.name'), yellow(current), costUnit, lang, t)}`,
    },
  };
}

/** The x axis' label of week `index`: the Monday it starts in this period, or its number past the end. */
export function weekLabel(d: Dashboard, index: number, lang: Lang, t: Translate): string {
  const monday = d.series.current.weeks[index];
  return monday ? formatDay(monday, lang) : t('dashboard.chart.week', { number: index + 1 });
}
