/**
 * A table of any length with only the rows on screen in the DOM (TanStack
 * Virtual, spacer rows above and below), that stays a table to assistive
 * technology and to tests: aria-rowcount on the table, aria-rowindex on each
 * row, and rows named by their content.
 *
 * Keyboard: one row is in the tab order (roving tabindex); Up/Down,
 * PageUp/PageDown and Home/End move focus between rows, scrolling as needed;
 * Enter, or a click outside the row's own buttons, opens the row. The row
 * named by `openKey` is scrolled into view whenever it changes.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';

export interface RowState {
  className?: string;
  /** The row open in a detail panel. */
  current?: boolean;
  /** The row shown opened in place. */
  expanded?: boolean;
}

interface Props<R> {
  /** The table's accessible name. */
  label: string;
  rows: readonly R[];
  /** Keep it stable (defined outside the component): a new function re-measures every row. */
  rowKey: (row: R) => string;
  /** A `<GridHead rowIndexed …>`. */
  head: ReactNode;
  /** `<col>` widths: the layout is fixed, so columns do not move as rows scroll in and out. */
  columns: ReactNode;
  columnCount: number;
  estimateRowHeight: number;
  /** Keep it stable (useCallback): rows already on screen re-render only when it or their state changes. */
  cells: (row: R) => ReactNode;
  rowState?: (row: R) => RowState;
  onOpen?: (row: R) => void;
  openKey?: string | null;
  /** Called while the last rows are on screen, to load more (the caller ignores calls while it loads). */
  onNearEnd?: () => void;
  /** Extra classes for the table (the scroll box is `.vtable-scroll`). */
  className?: string;
  /**
   * Shown under the header when there are no rows. The table stays mounted, so a filter that matches
   * nothing and then something again does not rebuild the virtualizer.
   */
  empty?: ReactNode;
}

const OVERSCAN = 8;
/** How close to the last row counts as the end, so the next page arrives before the user gets there. */
const NEAR_END = 40;
/** Until the header is measured; it is one line of 12 px text with padding. */
const HEAD_ESTIMATE = 30;

function rowIndexOf(target: EventTarget): { row: HTMLElement; index: number } | null {
  const row = (target as HTMLElement).closest<HTMLElement>('tr[data-index]');
  return row ? { row, index: Number(row.dataset.index) } : null;
}

interface RowProps<R> extends RowState {
  row: R;
  index: number;
  tabbable: boolean;
  cells: (row: R) => ReactNode;
  measure: (element: HTMLTableRowElement | null) => void;
}

/** Memoised, so a scroll renders only the rows that come into view. */
const VirtualRow = memo(function VirtualRow<R>({
  row,
  index,
  tabbable,
  className,
  current,
  expanded,
  cells,
  measure,
}: RowProps<R>) {
  return (
    <tr
      data-index={index}
      ref={measure}
      aria-rowindex={index + 2}
      aria-current={current || undefined}
      aria-expanded={expanded}
      tabIndex={tabbable ? 0 : -1}
      className={className}
    >
      {cells(row)}
    </tr>
  );
}) as <R>(p: RowProps<R>) => ReactNode;

export function VirtualTable<R>(props: Props<R>) {
  const { rows, rowKey, onOpen, onNearEnd, openKey = null, estimateRowHeight } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [headHeight, setHeadHeight] = useState(HEAD_ESTIMATE);

  // The rows scroll under a sticky header: the list starts below it, and a row brought into view must clear it.
  useLayoutEffect(() => {
    const head = scrollRef.current?.querySelector('thead');
    if (!head) return;
    const measure = () => setHeadHeight(head.getBoundingClientRect().height || HEAD_ESTIMATE);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(head);
    return () => observer.disconnect();
  }, []);

  const getItemKey = useCallback((i: number) => rowKey(rows[i]!), [rows, rowKey]);
  const estimateSize = useCallback(() => estimateRowHeight, [estimateRowHeight]);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer is read fresh each render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN,
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  });

  // Focus follows the row, not its position: a filter that moves the row keeps it focused.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const activeIndex = useMemo(
    () => (activeKey === null ? -1 : rows.findIndex((r) => rowKey(r) === activeKey)),
    [rows, rowKey, activeKey],
  );
  const pendingFocus = useRef<number | null>(null);

  // A row moved to by keyboard may not be rendered yet: focus it once the scroll has rendered it.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
    if (!row) return;
    pendingFocus.current = null;
    row.focus({ preventScroll: true });
  });

  const openIndex = useMemo(
    () => (openKey === null ? -1 : rows.findIndex((r) => rowKey(r) === openKey)),
    [rows, rowKey, openKey],
  );
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (openKey === scrolledTo.current) return;
    scrolledTo.current = openKey;
    if (openIndex >= 0) virtualizer.scrollToIndex(openIndex, { align: 'auto' });
  }, [openKey, openIndex, virtualizer]);

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    pendingFocus.current = target;
    setActiveKey(rowKey(rows[target]!));
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = rowIndexOf(e.target);
    if (!at) return;
    const box = scrollRef.current;
    const page = Math.max(1, Math.floor(((box?.clientHeight ?? 0) - headHeight) / estimateRowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: at.index + 1,
      ArrowUp: at.index - 1,
      PageDown: at.index + page,
      PageUp: at.index - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key === 'Enter' && e.target === at.row && onOpen) {
      e.preventDefault();
      onOpen(rows[at.index]!);
      return;
    }
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    moveTo(next);
  };

  const onFocus = (e: FocusEvent<HTMLTableSectionElement>) => {
    const at = rowIndexOf(e.target);
    const row = at ? rows[at.index] : undefined;
    if (row !== undefined) setActiveKey(rowKey(row));
  };

  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const at = rowIndexOf(e.target);
    // The row's own buttons and links act for themselves; a drag that selected text is not a click on the row.
    if (!at || !onOpen || (e.target as HTMLElement).closest('button, a, input, select, textarea')) return;
    if (window.getSelection()?.toString()) return;
    onOpen(rows[at.index]!);
  };

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const top = first ? first.start - headHeight : 0;
  const bottom = last ? virtualizer.getTotalSize() - (last.end - headHeight) : 0;
  const lastIndex = last?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && lastIndex >= 0 && lastIndex >= rows.length - 1 - NEAR_END) onNearEnd();
  }, [onNearEnd, lastIndex, rows.length]);
  const tabbable = items.some((i) => i.index === activeIndex) ? activeIndex : (first?.index ?? -1);

  return (
    <div ref={scrollRef} className="vtable-scroll">
      <table
        className={props.className ? `grid vtable ${props.className}` : 'grid vtable'}
        aria-label={props.label}
        aria-rowcount={rows.length + 1}
      >
        <colgroup>{props.columns}</colgroup>
        {props.head}
        <tbody ref={bodyRef} onKeyDown={onKeyDown} onFocus={onFocus} onClick={onClick}>
          {top > 0 && (
            <tr aria-hidden="true" className="vtable-spacer">
              <td colSpan={props.columnCount} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            const state = props.rowState?.(row);
            return (
              <VirtualRow
                key={item.key}
                row={row}
                index={item.index}
                tabbable={item.index === tabbable}
                className={state?.className}
                current={state?.current}
                expanded={state?.expanded}
                cells={props.cells}
                measure={virtualizer.measureElement}
              />
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="vtable-spacer">
              <td colSpan={props.columnCount} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && props.empty}
    </div>
  );
}
