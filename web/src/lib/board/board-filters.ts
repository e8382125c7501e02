import { BOARD_STATUSES } from '@naer/shared/contracts';
import type { BoardStatus, Programme } from '@naer/shared/contracts';

/** The board's filters as the URL keeps them, so a view can be shared or bookmarked. */
export interface BoardFilters {
  programme: Programme | null;
  status: BoardStatus[];
  owner: 'mine' | 'organisation' | 'unclaimed' | null;
  organisation: string | null;
  sector: 'hospital' | 'gp' | 'municipality' | null;
  paused: 'true' | 'false' | null;
  sort: 'urgency' | 'name' | 'latest';
}

export const NO_FILTERS: BoardFilters = { programme: null, status: [], owner: null, organisation: null, sector: null, paused: null, sort: 'urgency' };

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | null => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters from a URL's query; anything unknown is ignored (an old bookmark still opens the board). */
export function filtersFromUrl(params: URLSearchParams): BoardFilters {
  const status = (params.get('status') ?? '')
    .split(',')
    .map((s) => oneOf(s.trim(), BOARD_STATUSES))
    .filter((s): s is BoardStatus => s !== null);
  const organisation = params.get('organisation');
  return {
    programme: oneOf(params.get('programme'), ['copd', 'heart_failure'] as const),
    status: [...new Set(status)],
    owner: oneOf(params.get('owner'), ['mine', 'organisation', 'unclaimed'] as const),
    organisation: organisation && UUID.test(organisation) ? organisation : null,
    sector: oneOf(params.get('sector'), ['hospital', 'gp', 'municipality'] as const),
    paused: oneOf(params.get('paused'), ['true', 'false'] as const),
    sort: oneOf(params.get('sort'), ['urgency', 'name', 'latest'] as const) ?? 'urgency',
  };
}

/** The filters as query parameters for the URL and the API: only what narrows or reorders the list. */
export function filterParams(f: BoardFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.programme) out.programme = f.programme;
  if (f.status.length > 0) out.status = BOARD_STATUSES.filter((s) => f.status.includes(s)).join(',');
  if (f.owner) out.owner = f.owner;
  if (f.organisation) out.organisation = f.organisation;
  if (f.sector) out.sector = f.sector;
  if (f.paused) out.paused = f.paused;
  if (f.sort !== 'urgency') out.sort = f.sort;
  return out;
}

/** Whether any filter narrows the list (the sort alone does not). */
export const isFiltered = (f: BoardFilters): boolean => Object.keys(filterParams({ ...f, sort: 'urgency' })).length > 0;
