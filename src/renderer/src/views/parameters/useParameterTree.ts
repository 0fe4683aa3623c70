/**
 * The tree's state for one target: the filter (applied through
 * useDeferredValue, so typing never waits for the tree), which folders are
 * open, and the rows that follow from both.
 *
 * Without a filter, the open folders are the user's, remembered per target.
 * With one, every folder holding a match starts open so matches are never
 * hidden; folders the user closes while filtering are remembered only until
 * the filter changes.
 */
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ParameterSummary } from '../../../../shared/contract';
import { defaultOpenFolders, recallOpenFolders, rememberOpenFolders } from './openFolders';
import {
  ancestorPaths,
  buildParameterTree,
  filterTree,
  folderPaths,
  isFiltering,
  visibleRows,
  type ParameterFilter,
} from './parameterTree';

const NO_FILTER: ParameterFilter = { text: '', type: 'any' };
const NOTHING: ReadonlySet<string> = new Set();

export function useParameterTree(targetKey: string, parameters: readonly ParameterSummary[]) {
  const [filter, setFilter] = useState<ParameterFilter>(NO_FILTER);
  const applied = useDeferredValue(filter);
  // A new listing is built into a tree in a render of its own, not in the task that received and parsed it.
  const listed = useDeferredValue(parameters);
  const root = useMemo(() => buildParameterTree(listed), [listed]);
  const matches = useMemo(() => filterTree(root, applied), [root, applied]);

  // null until the user opens or closes something: the default depends on the listing's size.
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(() => recallOpenFolders(targetKey));
  const open = useMemo(() => chosen ?? defaultOpenFolders(root), [chosen, root]);
  const [closedWhileFiltering, setClosedWhileFiltering] = useState<{ of: ParameterFilter; paths: ReadonlySet<string> }>(
    {
      of: NO_FILTER,
      paths: NOTHING,
    },
  );
  const closed = closedWhileFiltering.of === applied ? closedWhileFiltering.paths : NOTHING;

  const rows = useMemo(
    () => visibleRows(root, matches ? (path) => !closed.has(path) : (path) => open.has(path), matches),
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
