/** A table's filter box with the count it shows: "1,000 databases", or "12 of 1,000" while a filter is on. */
export function TableFilter({
  label,
  placeholder,
  value,
  onChange,
  shown,
  total,
  noun,
}: {
  /** The box's accessible name, e.g. "Filter databases". */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** Rows matching the filter the table shows (it may lag the box by a frame while React catches up). */
  shown: number;
  total: number;
  /** Singular and plural, e.g. ['database', 'databases']. */
  noun: readonly [string, string];
}) {
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <div className="table-toolbar">
      <input
        type="search"
        className="filter"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="muted table-count">
        {value.trim() ? `${count(shown)} of ${count(total)}` : `${count(total)} ${total === 1 ? noun[0] : noun[1]}`}
      </span>
    </div>
  );
}
