import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, danishDate, filterParams, filtersFromUrl, periodOf, queryOf } from './dashboard-filters';

const PARTNER = '7f0c5a8e-1d2b-4c3a-9e8f-0a1b2c3d4e5f';

describe('dashboard filters in the URL', () => {
  it('opens on the last quarter, all programmes and no partner, with nothing in the URL', () => {
    expect(filtersFromUrl(new URLSearchParams(''))).toEqual(DEFAULT_FILTERS);
    expect(filterParams(DEFAULT_FILTERS)).toEqual({});
  });

  it('reads every filter and writes it back the same way', () => {
    const f = filtersFromUrl(new URLSearchParams(`period=month&programme=heart_failure&partner=${PARTNER}`));
    expect(f).toEqual({ ...DEFAULT_FILTERS, period: 'month', programme: 'heart_failure', partner: PARTNER });
    expect(filterParams(f)).toEqual({ period: 'month', programme: 'heart_failure', partner: PARTNER });
  });

  it('takes dates in the URL as a custom period, and ignores what it does not know', () => {
    expect(filtersFromUrl(new URLSearchParams('period=week&from=2026-09-01&to=2026-11-30'))).toMatchObject({ period: 'custom', from: '2026-09-01', to: '2026-11-30' });
    expect(filtersFromUrl(new URLSearchParams('period=year&programme=asthma&partner=nope'))).toEqual(DEFAULT_FILTERS);
  });
});

describe('the period a filter asks for', () => {
  it('ends the presets today: the last 7, 30 and 91 days', () => {
    expect(periodOf({ ...DEFAULT_FILTERS, period: 'week' }, '2026-11-30')).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(periodOf({ ...DEFAULT_FILTERS, period: 'month' }, '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodOf(DEFAULT_FILTERS, '2026-11-30')).toEqual({ from: '2026-09-01', to: '2026-11-30' });
  });

  it('says what is wrong with custom dates instead of asking the server', () => {
    const custom = (from: string | null, to: string | null) => periodOf({ ...DEFAULT_FILTERS, period: 'custom', from, to }, '2026-11-30');
    expect(custom('2026-09-01', null)).toEqual({ problem: 'missing' });
    expect(custom('2026-02-30', '2026-03-01')).toEqual({ problem: 'invalid' });
    expect(custom('2026-10-02', '2026-10-01')).toEqual({ problem: 'order' });
    expect(custom('2024-01-01', '2026-01-01')).toEqual({ problem: 'tooLong' });
    expect(custom('2026-10-01', '2026-10-01')).toEqual({ from: '2026-10-01', to: '2026-10-01' });
  });

  it('uses the Danish date: 23:30 UTC on 30 November is already 1 December in Copenhagen', () => {
    expect(danishDate(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
  });

  it('sends only the filters that narrow', () => {
    expect(queryOf({ ...DEFAULT_FILTERS, programme: 'copd' }, { from: '2026-09-01', to: '2026-11-30' })).toEqual({ from: '2026-09-01', to: '2026-11-30', programme: 'copd' });
  });
});
