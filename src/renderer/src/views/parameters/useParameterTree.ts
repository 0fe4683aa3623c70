/**
 * The tree's state for one target: the filter (applied through
 * useDeferredValue, so typing never waits for the tree), which folders are
 * open, and the rows that follow from both.
 *
 * Without a filter, the open folders are the user's, remembered per target.
 * With one, every folder holding a match starts open so matches are never
 * hidden; folders the user closes while filtering are remembered only until
 * the filter changes.
 *
 * While a listing streams in, `parameters` grows by pages: the tree is
 * extended with each batch rather than built again, and until the listing is
 * complete the default is only the top level open (the default opens every
 * folder of a small account, which a streaming one cannot know it is yet).
 */
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ParameterSummary } from '../../../../shared/contract';
import { extendsList } from '../../model/pagedLoad';
import { defaultOpenFolders, recallOpenFolders, rememberOpenFolders } from './openFolders';
import {
  ancestorPaths,
  buildParameterTree,
  everyRow,
  extendParameterTree,
  filterTree,
  folderPaths,
  isFiltering,
  visibleRows,
  type FilterMatches,
  type ParameterFilter,
  type ParameterFolder,
} from './parameterTree';

const NO_FILTER: ParameterFilter = { text: '', type: 'any' };
const NOTHING: ReadonlySet<string> = new Set();

/** The last listing built into a tree: the next one, if it only grew, extends it. */
let lastBuilt: { parameters: readonly ParameterSummary[]; root: ParameterFolder } | null = null;

/** The tree of `parameters`, built on the last one when `parameters` begins with the same rows. */
export function treeOf(parameters: readonly ParameterSummary[]): ParameterFolder {
  const last = lastBuilt;
  const root =
    last && last.parameters.length > 0 && extendsList(last.parameters, parameters)
      ? extendParameterTree(last.root, parameters.slice(last.parameters.length))
      : buildParameterTree(parameters);
  lastBuilt = { parameters, root };
  return root;
}

/** The last filter applied and its matches: a keystroke that narrows it tests only those. */
let lastFiltered: { root: ParameterFolder; filter: ParameterFilter; matches: FilterMatches | null } | undefined;

/**
 * The matches of the last few filters on the current tree. A Backspace goes
 * back to a filter just typed through, whose matches are then reused rather
 * than found again across every parameter (widening cannot start from the
 * narrower result, so without this each Backspace re-tested all 20,000).
 */
const RECENT_FILTERS = 24;
let recent: { root: ParameterFolder; byFilter: Map<string, FilterMatches | null> } | undefined;

const filterKey = (filter: ParameterFilter): string => `${filter.type}\u0000${filter.text.trim().toLowerCase()}`;

export function matchesOf(root: ParameterFolder, filter: ParameterFilter): FilterMatches | null {
  if (recent?.root !== root) recent = { root, byFilter: new Map() };
  const key = filterKey(filter);
  const known = recent.byFilter.get(key);
  const matches = known !== undefined ? known : filterTree(root, filter, lastFiltered);
  // Most recent last, so the first key is the one to forget.
  recent.byFilter.delete(key);
  recent.byFilter.set(key, matches);
  if (recent.byFilter.size > RECENT_FILTERS) recent.byFilter.delete(recent.byFilter.keys().next().value as string);
  lastFiltered = { root, filter, matches };
  return matches;
}

export function useParameterTree(targetKey: string, parameters: readonly ParameterSummary[], complete = true) {
  const [filter, setFilter] = useState<ParameterFilter>(NO_FILTER);
  const applied = useDeferredValue(filter);
  // A new listing is built into a tree in a render of its own, not in the task that received and parsed it.
  const listed = useDeferredValue(parameters);
  const root = useMemo(() => treeOf(listed), [listed]);
  const matches = useMemo(() => matchesOf(root, applied), [root, applied]);

  // null until the user opens or closes something: the default depends on the listing's size.
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(() => recallOpenFolders(targetKey));
  const open = useMemo(() => chosen ?? defaultOpenFolders(root, complete), [chosen, root, complete]);
  const [closedWhileFiltering, setClosedWhileFiltering] = useState<{ of: ParameterFilter; paths: ReadonlySet<string> }>(
    {
      of: NO_FILTER,
      paths: NOTHING,
    },
  );
  const closed = closedWhileFiltering.of === applied ? closedWhileFiltering.paths : NOTHING;

  const rows = useMemo(
    () =>
      matches && matches.count === root.total && closed.size === 0
        ? everyRow(root)
        : visibleRows(root, matches ? (path) => !closed.has(path) : (path) => open.has(path), matches),
    [root, matches, open, closed],
  );

  const choose = useCallback(
    (next: ReadonlySet<string>) => {
      setChosen(next);
      rememberOpenFolders(targetKey, next);
    },
    [targetKey],
  );

  // Read by the callbacks below, so they keep one identity and the memoised rows they reach do not re-render.
  const latest = useRef({ matches, closed, open, applied });
  useLayoutEffect(() => {
    latest.current = { matches, closed, open, applied };
  });

  const toggle = useCallback(
    (path: string, want?: boolean) => {
      const { matches, closed, open, applied } = latest.current;
      const set = matches ? closed : open;
      // While filtering the set holds closed folders, otherwise open ones.
      const isOpen = matches ? !closed.has(path) : open.has(path);
      if (want === isOpen) return;
      const next = new Set(set);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      if (matches) setClosedWhileFiltering({ of: applied, paths: next });
      else choose(next);
    },
    [choose],
  );

  const expandAll = () => {
    if (matches) setClosedWhileFiltering({ of: applied, paths: NOTHING });
    else choose(new Set(folderPaths(root)));
  };
  const collapseAll = () => {
    if (matches) setClosedWhileFiltering({ of: applied, paths: new Set(matches.inFolder.keys()) });
    else choose(new Set());
  };
  /** Opens the folders that hold `name` (a parameter just created), so its row can be shown. */
  const openTo = useCallback(
    (name: string) => {
      const { open } = latest.current;
      const missing = ancestorPaths(name).filter((p) => !open.has(p));
      if (missing.length > 0) choose(new Set([...open, ...missing]));
    },
    [choose],
  );

  return {
    filter,
    setFilter,
    /** The filter's effect is still being computed. */
    pending: filter !== applied,
    /** A new listing is still being built into the tree. */
    building: listed !== parameters,
    filtering: isFiltering(applied),
    matches,
    total: root.total,
    rows,
    toggle,
    expandAll,
    collapseAll,
    openTo,
  };
}
