/**
 * One log result on screen: a section per file (collapsible), search with a
 * match count and next/previous, wrap, copy and save. A single virtualizer
 * scrolls the flattened rows, so only what is visible is in the DOM even
 * for a 50 MiB bundle; indexing and search run in slices (useLogWork).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LogInfoType } from '../../../../../shared/contract';
import { CopyButton } from '../../../components/CopyButton';
import { saveFile } from '../../../components/saveFile';
import { stepMatch, type SearchResult } from '../../../model/logSearch';
import {
  layoutRows,
  logFileName,
  logsAsText,
  plural,
  rowAt,
  rowOfLine,
  type IndexedFile,
} from '../../../model/logText';
import { FileHeaderRow, LineRow } from './LogRows';
import { useLogSearch } from './useLogWork';

const LINE_HEIGHT = 18;
const HEADER_HEIGHT = 32;
const NO_OFFSETS: readonly number[] = [];

interface Props {
  files: IndexedFile[];
  environmentName: string;
  infoType: LogInfoType;
  receivedAt: number;
}

/** Back to the left edge when the mark fits there; otherwise the mark a third of the way in. */
function sidewaysScroll(box: HTMLElement, mark: DOMRect): number {
  const left = mark.left - box.getBoundingClientRect().left + box.scrollLeft;
  return left + mark.width <= box.clientWidth - 24 ? 0 : Math.max(0, left - box.clientWidth / 3);
}

export function LogViewer({ files, environmentName, infoType, receivedAt }: Props) {
  const instanceIds = useMemo(() => [...new Set(files.map((f) => f.instanceId))], [files]);
  const [instance, setInstance] = useState('all');
  const [input, setInput] = useState('');
  const [wrap, setWrap] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const scrollRef = useRef<HTMLDivElement>(null);

  const shown = useMemo(
    () => (instance === 'all' ? files : files.filter((f) => f.instanceId === instance)),
    [files, instance],
  );
  const query = input.trim() === '' ? '' : input;
  const search = useLogSearch(shown, query);
  const result = search.result;
  const layout = useMemo(() => layoutRows(shown, collapsed), [shown, collapsed]);
  const allText = useMemo(() => logsAsText(shown), [shown]);

  // The virtualizer rebuilds every row's position when these change, so they change only with the layout.
  const estimateSize = useMemo(() => {
    const headers = new Set(layout.sectionStarts);
    return (i: number) => (headers.has(i) ? HEADER_HEIGHT : LINE_HEIGHT);
  }, [layout]);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer is read fresh each render
  const virtualizer = useVirtualizer({
    count: layout.total,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 12,
  });

  // Measured heights are kept by row index: stale once wrapping or the sections change.
  useEffect(() => virtualizer.measure(), [wrap, layout, virtualizer]);

  // Which match is current belongs to one search result; a new result starts at its first match, as a browser's find does.
  const [nav, setNav] = useState<{ of: SearchResult | null; index: number; moves: number }>({
    of: null,
    index: -1,
    moves: 0,
  });
  const current = nav.of === result ? nav.index : result && result.count > 0 ? 0 : -1;
  const moves = nav.of === result ? nav.moves : 0;
  const match = result && current >= 0 ? result.matches[current] : undefined;

  const handled = useRef<{ of: SearchResult | null; moves: number }>({ of: null, moves: 0 });
  useEffect(() => {
    if (!match || (handled.current.of === result && handled.current.moves === moves)) return;
    const key = shown[match.file]?.key;
    if (key && collapsed.has(key)) return; // only a first match in a closed section; moving to one opens it first
    handled.current = { of: result, moves };
    virtualizer.scrollToIndex(rowOfLine(layout, match.file, match.line), { align: 'center' });
    // Long unwrapped lines: once the mark is rendered, scroll sideways only as far as it needs.
    const frame = window.requestAnimationFrame(() => {
      const box = scrollRef.current;
      const mark = box?.querySelector('mark[data-current]');
      if (box && mark) box.scrollLeft = sidewaysScroll(box, mark.getBoundingClientRect());
    });
    return () => window.cancelAnimationFrame(frame);
  }, [match, result, moves, layout, shown, collapsed, virtualizer]);

  const toggle = useCallback(
    (key: string) =>
      setCollapsed((c) => {
        const next = new Set(c);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  const step = (direction: 1 | -1) => {
    if (!result || result.matches.length === 0) return;
    const index = stepMatch(current, result.matches.length, direction);
    const key = shown[result.matches[index]?.file ?? -1]?.key;
    if (key && collapsed.has(key)) toggle(key);
    setNav({ of: result, index, moves: moves + 1 });
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    step(e.shiftKey ? -1 : 1);
  };
  const allCollapsed = shown.length > 0 && shown.every((f) => collapsed.has(f.key));

  const countText = !query
    ? ''
    : search.searching
      ? `Searching…${search.soFar ? ` ${plural(search.soFar, 'match', 'matches')} so far` : ''}`
      : result && result.count > 0
        ? plural(result.count, 'match', 'matches')
        : 'No matches';

  return (
    <div className="log-viewer">
      <div className="table-toolbar log-toolbar">
        <input
          type="search"
          className="filter"
          aria-label="Search logs"
          placeholder="Search logs"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <output className="log-match-count" aria-live="polite">
          {countText}
        </output>
        {result && result.count > 0 && current >= 0 && (
          <span className="muted log-match-position">
            {(current + 1).toLocaleString('en-US')} of {result.matches.length.toLocaleString('en-US')}
          </span>
        )}
        <button
          type="button"
          className="button button-small"
          aria-label="Previous match"
          disabled={!result || result.matches.length === 0}
          onClick={() => step(-1)}
        >
          ↑ Prev
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label="Next match"
          disabled={!result || result.matches.length === 0}
          onClick={() => step(1)}
        >
          ↓ Next
        </button>
        <span className="spacer" />
        {instanceIds.length > 1 && (
          <label className="inline-field">
            <span>Instance</span>
            <select aria-label="Instance" value={instance} onChange={(e) => setInstance(e.target.value)}>
              <option value="all">All {instanceIds.length} instances</option>
              {instanceIds.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => setCollapsed(allCollapsed ? new Set() : new Set(shown.map((f) => f.key)))}
        >
          {allCollapsed ? 'Expand all' : 'Collapse all'}
        </button>
        <CopyButton text={allText} what="all logs" />
        <button
          type="button"
          className="button button-small"
          onClick={() => saveFile(allText, logFileName(environmentName, infoType, new Date(receivedAt)))}
        >
          Save to file
        </button>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No log files came back.</p>
      ) : (
        <div
          ref={scrollRef}
          className={wrap ? 'log-scroll log-wrap' : 'log-scroll'}
          role="log"
          aria-live="off"
          aria-label={`Log text of ${environmentName}`}
          tabIndex={0}
        >
          <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rowAt(layout, item.index);
              const file = shown[row.file]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={wrap ? virtualizer.measureElement : undefined}
                  className="log-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === 'header' ? (
                    <FileHeaderRow
                      file={file}
                      collapsed={collapsed.has(file.key)}
                      showInstance={instanceIds.length > 1}
                      onToggle={toggle}
                    />
                  ) : (
                    <LineRow
                      file={file}
                      line={row.line}
                      matchOffsets={result?.offsetsByFile[row.file] ?? NO_OFFSETS}
                      queryLength={query.length}
                      currentOffset={match && match.file === row.file ? match.offset : -1}
                    />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
