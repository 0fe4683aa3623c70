/**
 * The parameter tree, virtualised: the rows come flattened (visibleRows) and
 * only those in view, plus a few either side, are in the DOM, whatever the
 * account's size. It follows the ARIA tree pattern with one roving tab stop:
 * Up/Down move, Right opens a folder or enters it, Left closes one or goes to
 * the parent, Home/End jump, Enter/Space select a parameter or toggle a
 * folder. Values are asked for, debounced, for the parameters in view only.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ParameterSummary } from '../../../../shared/contract';
import { currentValue, type ParameterValue } from '../../stores/parameters';
import { FolderRow, ParameterRow } from './ParameterRows';
import { parentRowIndex, type TreeRow } from './parameterTree';

const ROW_HEIGHT = 28;
const estimateSize = () => ROW_HEIGHT;
/** How long the view must rest before the values in view are read, so a fling asks for nothing on the way. */
const VALUES_DEBOUNCE_MS = 120;

interface Props {
  rows: readonly TreeRow[];
  values: Record<string, ParameterValue>;
  revealed: Record<string, string>;
  selected: string | null;
  filtering: boolean;
  /** Set while a filter keystroke is still being applied. */
  busy: boolean;
  /** A row to bring into view once it is among the rows (a parameter just created); cleared by onScrolledTo. */
  scrollTo: string | null;
  onScrolledTo: () => void;
  now: Date;
  onSelect: (name: string) => void;
  onToggle: (path: string, open?: boolean) => void;
  onReveal: (name: string) => void;
  onHide: (name: string) => void;
  onVisible: (parameters: ParameterSummary[]) => void;
}

export function ParameterTree(props: Props) {
  const { rows, onVisible, onToggle, onSelect } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  // Set by a key press: the row to focus once the virtualizer has rendered it.
  const focusIndex = useRef<number | null>(null);

  const getItemKey = useCallback((i: number) => rows[i]?.id ?? i, [rows]);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer is read fresh each render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  // The one tab stop: the active row when it is rendered, otherwise the first row in view. Only the
  // rendered rows are searched: an index of every row would cost a pass over 20,000 on each keystroke.
  let tabStop = first;
  for (let i = first; i <= last; i++) if (rows[i]?.id === activeId) tabStop = i;

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const inView: ParameterSummary[] = [];
      for (let i = first; i <= last; i++) {
        const row = rows[i];
        if (row?.kind === 'parameter') inView.push(row.parameter);
      }
      if (inView.length > 0) onVisible(inView);
    }, VALUES_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [first, last, rows, onVisible]);

  const { scrollTo, onScrolledTo } = props;
  useEffect(() => {
    const index = scrollTo === null ? -1 : rows.findIndex((r) => r.id === scrollTo);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    onScrolledTo();
  }, [scrollTo, rows, virtualizer, onScrolledTo]);

  useEffect(() => {
    if (focusIndex.current === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex.current}"]`);
    if (!element) return;
    focusIndex.current = null;
    element.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[target];
    if (!row) return;
    setActiveId(row.id);
    focusIndex.current = target;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed in a row's own button are that button's.
    if ((e.target as HTMLElement).getAttribute('role') !== 'treeitem') return;
    const index = Number((e.target as HTMLElement).dataset.index);
    const row = rows[index];
    if (!row) return;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(index + 1);
        break;
      case 'ArrowUp':
        moveTo(index - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.kind === 'folder' && !row.open) onToggle(row.folder.path, true);
        else if (row.kind === 'folder' && rows[index + 1]?.level === row.level + 1) moveTo(index + 1);
        break;
      case 'ArrowLeft':
        if (row.kind === 'folder' && row.open) onToggle(row.folder.path, false);
        else if (parentRowIndex(rows, index) >= 0) moveTo(parentRowIndex(rows, index));
        break;
      case 'Enter':
      case ' ':
        if (row.kind === 'folder') onToggle(row.folder.path);
        else onSelect(row.parameter.name);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className="parameter-tree"
      role="tree"
      aria-label="Parameters by path"
      aria-busy={props.busy || undefined}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        const index = Number((e.target as HTMLElement).dataset.index);
        const row = Number.isNaN(index) ? undefined : rows[index];
        if (row && row.id !== activeId) setActiveId(row.id);
      }}
    >
      <div role="none" className="parameter-tree-rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          const position = {
            index: item.index,
            level: row.level,
            setSize: row.setSize,
            posInSet: row.posInSet,
            tabbable: item.index === tabStop,
          };
          return (
            <div
              key={item.key}
              role="none"
              className="parameter-tree-slot"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'folder' ? (
                <FolderRow
                  {...position}
                  folder={row.folder}
                  open={row.open}
                  count={row.count}
                  filtering={props.filtering}
                  onToggle={onToggle}
                />
              ) : (
                <ParameterRow
                  {...position}
                  parameter={row.parameter}
                  selected={row.parameter.name === props.selected}
                  value={currentValue(props.values, row.parameter)}
                  revealed={props.revealed[row.parameter.name]}
                  now={props.now}
                  onSelect={onSelect}
                  onReveal={props.onReveal}
                  onHide={props.onHide}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
