import { describe, expect, it } from 'vitest';
import { NO_FILTERS, filterParams, filtersFromUrl, isFiltered } from './board-filters';

describe('board filters in the URL', () => {
  it('reads every filter and writes it back the same way', () => {
    const url = new URLSearchParams('programme=copd&status=yellow,red&owner=mine&organisation=7f0c5a8e-1d2b-4c3a-9e8f-0a1b2c3d4e5f&sector=municipality&paused=true&sort=name');
    const f = filtersFromUrl(url);
    expect(f).toEqual({ programme: 'copd', status: ['yellow', 'red'], owner: 'mine', organisation: '7f0c5a8e-1d2b-4c3a-9e8f-0a1b2c3d4e5f', sector: 'municipality', paused: 'true', sort: 'name' });
    // Colours are written in the board's order, so the same view has one URL.
    expect(filterParams(f)).toEqual({ programme: 'copd', status: 'red,yellow', owner: 'mine', organisation: '7f0c5a8e-1d2b-4c3a-9e8f-0a1b2c3d4e5f', sector: 'municipality', paused: 'true', sort: 'name' });
  });

  it('ignores what it does not know, so an old bookmark still opens the board', () => {
    expect(filtersFromUrl(new URLSearchParams('programme=asthma&status=purple,red&owner=x&organisation=nope&sort=age'))).toEqual({ ...NO_FILTERS, status: ['red'] });
  });

  it('leaves the defaults out of the URL, and the sort alone is not a filter', () => {
    expect(filterParams(NO_FILTERS)).toEqual({});
    expect(isFiltered({ ...NO_FILTERS, sort: 'latest' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, paused: 'false' })).toBe(true);
  });
});
