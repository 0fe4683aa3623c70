export type SortDirection = 'ascending' | 'descending';

export interface GridColumn {
  label: string;
  className?: string;
  /** Sortable columns only: the direction while the grid is sorted by this column, else null. */
  sort?: SortDirection | null;
  /** Sortable columns only: sort by this column, or turn its direction round. */
  onSort?: () => void;
}

interface Props {
  columns: readonly (string | GridColumn)[];
  /** Whether the last column holds each row's buttons; its name is for screen readers only. */
  actions?: boolean;
  /** For a virtualised grid, which states each row's position: the header is row 1. */
  rowIndexed?: boolean;
}

function HeaderCell({ column }: { column: GridColumn }) {
  if (!column.onSort) {
    return (
      <th scope="col" className={column.className}>
        {column.label}
      </th>
    );
  }
  const sort = column.sort ?? null;
  return (
    // aria-sort only on the column the grid is sorted by, as the APG sortable table does.
    <th scope="col" className={column.className} aria-sort={sort ?? undefined}>
      <button type="button" className="sort-button" onClick={column.onSort}>
        {column.label}
        <span className={sort ? 'sort-mark sort-mark-active' : 'sort-mark'} aria-hidden="true">
          {sort === 'descending' ? '▼' : '▲'}
        </span>
      </button>
    </th>
  );
}

/** A grid's header row, with optional sortable columns. */
export function GridHead({ columns, actions = true, rowIndexed = false }: Props) {
  return (
    <thead>
      <tr aria-rowindex={rowIndexed ? 1 : undefined}>
        {columns.map((column) => {
          const c = typeof column === 'string' ? { label: column } : column;
          return <HeaderCell key={c.label} column={c} />;
        })}
        {actions && (
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
