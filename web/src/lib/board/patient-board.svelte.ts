import { BOARD_DEFAULT_LIMIT } from '@naer/shared/contracts';
import type { BoardCounts, PatientList, PatientSummary } from '@naer/shared/contracts';
import { NO_FILTERS, filterParams } from './board-filters';
import type { BoardFilters } from './board-filters';

/** Socket events arrive in bursts (a batch, an alert and its measurement): refetch the board once. */
const REFRESH_DEBOUNCE_MS = 150;
/** Typing in the search field: ask the server once the clinician pauses. */
const SEARCH_DEBOUNCE_MS = 250;
/** The API's largest page: a refresh of a long list reads it in pages of this size. */
const MAX_PAGE = 500;

interface PatientBoardDeps {
  list: (query: { limit: number; cursor: string | null; q: string; filters: Record<string, string> }) => Promise<PatientList>;
  /** An answer arrived: whatever went wrong before is over. */
  onLoaded: () => void;
  onError: (error: unknown) => void;
}

/**
 * The board's patient list: the most urgent first, more on request, narrowed by a search. A live
 * refresh re-reads as many rows as are shown, so it never shortens the list.
 */
export class PatientBoard {
  patients = $state<PatientSummary[]>([]);
  nextCursor = $state<string | null>(null);
  counts = $state<BoardCounts | null>(null);
  loaded = $state(false);
  loadingMore = $state(false);
  /** What is typed in the search field; `query` is what the list shows. */
  search = $state('');
  query = $state('');
  /** Filters and order; the server filters, sorts and pages. */
  filters = $state<BoardFilters>({ ...NO_FILTERS });
  /** Names of every patient seen on any page, so the alert feed can name patients further down the list. */
  names = $state<Record<string, string>>({});
  #wanted = BOARD_DEFAULT_LIMIT;
  #request = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #searchTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #deps: PatientBoardDeps;

  constructor(deps: PatientBoardDeps) {
    this.#deps = deps;
  }

  #remember(rows: PatientSummary[]) {
    this.names = { ...this.names, ...Object.fromEntries(rows.map((p) => [p.id, p.name])) };
  }

  /** Re-reads the board from the top, as many rows as are shown. */
  async refresh(): Promise<void> {
    const mine = ++this.#request;
    try {
      const rows: PatientSummary[] = [];
      let cursor: string | null = null;
      let counts: BoardCounts | null = null;
      do {
        const page = await this.#deps.list({ limit: Math.min(MAX_PAGE, this.#wanted - rows.length), cursor, q: this.query, filters: filterParams(this.filters) });
        rows.push(...page.items);
        cursor = page.nextCursor;
        counts = page.counts;
      } while (cursor && rows.length < this.#wanted && mine === this.#request);
      if (mine !== this.#request) return;
      this.patients = rows;
      this.nextCursor = cursor;
      this.counts = counts;
      this.#remember(rows);
      this.#deps.onLoaded();
    } catch (error) {
      if (mine === this.#request) this.#deps.onError(error);
    } finally {
      if (mine === this.#request) this.loaded = true;
    }
  }

  /** The next page, appended; a refresh that overtakes it already includes these rows. */
  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.#wanted = this.patients.length + BOARD_DEFAULT_LIMIT;
    const mine = ++this.#request;
    try {
      const page = await this.#deps.list({ limit: BOARD_DEFAULT_LIMIT, cursor: this.nextCursor, q: this.query, filters: filterParams(this.filters) });
      if (mine !== this.#request) return;
      const shown = Object.fromEntries(this.patients.map((p) => [p.id, true]));
      this.patients = [...this.patients, ...page.items.filter((p) => !shown[p.id])];
      this.nextCursor = page.nextCursor;
      this.counts = page.counts;
      this.#remember(page.items);
      this.#deps.onLoaded();
    } catch (error) {
      if (mine === this.#request) this.#deps.onError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** New filters or order: the first page of the new list. */
  setFilters(filters: BoardFilters): void {
    this.filters = filters;
    this.#wanted = BOARD_DEFAULT_LIMIT;
    void this.refresh();
  }

  /** The search field changed: once typing pauses, show the first page of matches. */
  searchChanged(): void {
    if (this.#searchTimer) clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => {
      this.#searchTimer = null;
      if (this.search.trim() === this.query) return;
      this.query = this.search.trim();
      this.#wanted = BOARD_DEFAULT_LIMIT;
      void this.refresh();
    }, SEARCH_DEBOUNCE_MS);
  }

  scheduleRefresh(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  dispose(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    if (this.#searchTimer) clearTimeout(this.#searchTimer);
  }
}
