/**
 * The viewer's two long jobs, run a slice at a time off the input path: line
 * offsets, built once per result, and the search, started once typing pauses
 * and abandoned as soon as the query or the files change.
 */
import { useEffect, useState } from 'react';
import type { InstanceLogs } from '../../../../../shared/contract';
import { browserScheduler, runSliced, searchLogs, type SearchResult } from '../../../model/logSearch';
import { filesOf, indexFiles, type IndexedFile } from '../../../model/logText';

const SEARCH_DEBOUNCE_MS = 200;

export function useIndexedFiles(instances: readonly InstanceLogs[]): IndexedFile[] | null {
  const [indexed, setIndexed] = useState<{ of: readonly InstanceLogs[]; files: IndexedFile[] } | null>(null);
  useEffect(() => {
    const run = runSliced(
      indexFiles(filesOf(instances)),
      { onDone: (files) => setIndexed({ of: instances, files }) },
      browserScheduler(),
    );
    return () => run.cancel();
  }, [instances]);
  // A result for older instances is never shown against newer ones.
  return indexed?.of === instances ? indexed.files : null;
}

export interface SearchState {
  /** The finished search for the current query; null while none is finished. */
  result: SearchResult | null;
  searching: boolean;
  /** Matches found so far by a search still running. */
  soFar: number;
}

export function useLogSearch(files: IndexedFile[] | null, query: string): SearchState {
  const [state, setState] = useState<SearchState & { files: IndexedFile[] | null; query: string }>({
    result: null,
    searching: false,
    soFar: 0,
    files: null,
    query: '',
  });
  useEffect(() => {
    if (!files || query === '') return;
    let run: { cancel(): void } | undefined;
    const timer = window.setTimeout(() => {
      setState({ result: null, searching: true, soFar: 0, files, query });
      run = runSliced(
        searchLogs(files, query),
        {
          onProgress: (soFar) => setState((s) => ({ ...s, soFar })),
          onDone: (result) => setState({ result, searching: false, soFar: result.count, files, query }),
        },
        browserScheduler(),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      run?.cancel();
    };
  }, [files, query]);
  if (!files || query === '') return { result: null, searching: false, soFar: 0 };
  // Until the debounced search for this query starts, say it is coming rather than show the last query's count.
  if (state.files !== files || state.query !== query) return { result: null, searching: true, soFar: 0 };
  return state;
}
