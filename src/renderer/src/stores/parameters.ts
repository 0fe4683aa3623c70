/**
 * Parameter Store data for the selected target: the metadata list, the
 * String/StringList values of the rows the user has seen, and per-parameter
 * history. Everything belongs to `key`; an answer for another key is dropped.
 *
 * Values are fetched only for rows on screen (the view asks, debounced while
 * scrolling), each at most once per listed version, so a listing of 20,000
 * parameters costs GetParameters calls for the few dozen rows looked at, not
 * for all of them. SecureString values are never asked for or kept here: a
 * revealed value lives only in the view's component state.
 *
 * The listing streams: `partial` holds the parameters of the pages read so
 * far (an array that only grows, so the tree merges each batch in) and
 * `progress` how many, until the complete answer replaces them. A page of an
 * older load, or of another target, is never applied.
 */
import { create } from 'zustand';
import type {
  AppError,
  ParameterList,
  ParameterPage,
  ParameterSummary,
  ParameterVersion,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { createPageBatcher } from '../model/pagedLoad';
import { targetKey } from '../model/target';

/** The contract's cap per getValues call (main splits it into GetParameters calls of ten). */
const VALUES_PER_CALL = 50;

export interface ParameterValue {
  value: string;
  /** The version the value was read at; a listing that shows a newer one makes it stale. */
  version: number;
}

/** How far a listing has got: DescribeParameters gives no total, so only what is loaded. */
export interface ParameterLoadProgress {
  pages: number;
  loaded: number;
}

export interface ParametersState {
  key: string | null;
  list: Loadable<ParameterList>;
  /** The parameters read so far by the listing in flight; null when none is streaming. */
  partial: ParameterList | null;
  progress: ParameterLoadProgress | null;
  /** String and StringList values read so far, by name. */
  values: Record<string, ParameterValue>;
  valuesError: AppError | null;
  history: Record<string, Loadable<ParameterVersion[]>>;
  /** Bumped by every load, so the view can drop values it revealed against an older listing. */
  generation: number;
  /** When the current listing arrived (ms since the epoch): rows show ages relative to it. */
  listedAt: number;
  resetFor: (key: string) => void;
  /** Lists the target's parameters; `changed` names one a change just wrote, whose value is read afresh. */
  load: (target: Target, changed?: string) => Promise<void>;
  /**
   * The view was left while the listing streamed in: stops it (down to its AWS requests) and forgets its
   * pages; the previous listing, if any, stays, and the next visit lists afresh.
   */
  cancelLoad: () => void;
  loadHistory: (target: Target, name: string) => Promise<void>;
  /** Reads the values of these rows not yet known at their listed version; SecureStrings are skipped. */
  requestValues: (target: Target, parameters: readonly ParameterSummary[]) => Promise<void>;
  /** After a failed read: forget what was asked, so the rows on screen are asked for again. */
  retryValues: () => void;
}

/** A value is shown for a row when it was read at the listed version or later. */
export function currentValue(values: Record<string, ParameterValue>, parameter: ParameterSummary): string | undefined {
  const known = values[parameter.name];
  return known && known.version >= parameter.version ? known.value : undefined;
}

export const useParameters = create<ParametersState>()((set, get) => {
  const mine = (target: Target) => get().key === targetKey(target);
  // `name@version` asked for under the current key, answered or not: one read per version, however often a row scrolls by.
  let asked = new Set<string>();
  /** Bumped by every listing: pages and answers of an older one are dropped. */
  let listings = 0;
  let listingAbort: AbortController | null = null;

  return {
    key: null,
    list: idle,
    partial: null,
    progress: null,
    values: {},
    valuesError: null,
    history: {},
    generation: 0,
    listedAt: 0,

    resetFor: (key) => {
      if (get().key === key) return;
      asked = new Set();
      set({ key, list: idle, partial: null, progress: null, values: {}, valuesError: null, history: {} });
    },

    load: async (target, changed) => {
      get().resetFor(targetKey(target));
      set((s) => {
        const values = { ...s.values };
        if (changed !== undefined) delete values[changed];
        return {
          list: loading(s.list),
          partial: null,
          progress: null,
          history: {},
          generation: s.generation + 1,
          values,
        };
      });
      const listing = ++listings;
      const current = () => listing === listings && mine(target);
      listingAbort?.abort();
      const abort = new AbortController();
      listingAbort = abort;
      let parameters: ParameterSummary[] = [];
      const pages = createPageBatcher<ParameterPage>((batch) => {
        if (!current()) return;
        const last = batch[batch.length - 1]!;
        // A new array that begins with the old one: the tree sees a list that grew and merges only the new rows.
        parameters = parameters.concat(...batch.map((p) => p.parameters));
        set((s) => ({
          partial: { parameters, apiCalls: last.pages },
          progress: { pages: last.pages, loaded: last.loaded },
          listedAt: s.partial ? s.listedAt : Date.now(),
        }));
      });
      const result = await api['ssm.listParameters']({ target }, { onProgress: pages.add, signal: abort.signal });
      pages.cancel();
      if (listingAbort === abort) listingAbort = null;
      if (!current()) return;
      // Versions may have moved on; whatever is on screen is asked for again at the new listing's versions.
      asked = new Set();
      set((s) => ({ list: settle(s.list, result), partial: null, progress: null, listedAt: Date.now() }));
    },

    cancelLoad: () => {
      if (get().list.status !== 'loading' || !listingAbort) return;
      listings++;
      listingAbort.abort();
      listingAbort = null;
      const previous = dataOf(get().list);
      set({ list: previous ? { status: 'ready', data: previous } : idle, partial: null, progress: null });
    },

    loadHistory: async (target, name) => {
      set((s) => ({ history: { ...s.history, [name]: loading(s.history[name]) } }));
      const result = await api['ssm.parameterHistory']({ target, name });
      if (!mine(target)) return;
      set((s) => ({ history: { ...s.history, [name]: settle(s.history[name], result) } }));
    },

    requestValues: async (target, parameters) => {
      if (!mine(target)) return;
      const { values } = get();
      const names: string[] = [];
      for (const p of parameters) {
        const stamp = `${p.name}@${p.version}`;
        if (p.type === 'SecureString' || asked.has(stamp) || currentValue(values, p) !== undefined) continue;
        asked.add(stamp);
        names.push(p.name);
      }
      const batches: string[][] = [];
      for (let i = 0; i < names.length; i += VALUES_PER_CALL) batches.push(names.slice(i, i + VALUES_PER_CALL));
      await Promise.all(
        batches.map(async (batch) => {
          const result = await api['ssm.getValues']({ target, names: batch });
          if (!mine(target)) return;
          if (!result.ok) {
            set({ valuesError: result.error });
            return;
          }
          set((s) => {
            const next = { ...s.values };
            for (const v of result.data.values) next[v.name] = { value: v.value, version: v.version };
            return { values: next };
          });
        }),
      );
    },

    retryValues: () => {
      asked = new Set();
      set({ valuesError: null });
    },
  };
});
