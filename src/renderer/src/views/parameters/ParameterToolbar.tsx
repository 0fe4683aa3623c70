/** Above the tree: filter by text and type, how many parameters there are and match, expand and collapse all. */
import type { ParameterType } from '../../../../shared/contract';
import { formatCount as count, type ParameterFilter } from './parameterTree';

interface Props {
  filter: ParameterFilter;
  onFilter: (filter: ParameterFilter) => void;
  total: number;
  /** Null when no filter applies. */
  matched: number | null;
  apiCalls: number;
  onExpandAll: () => void;
  onCollapseAll: () => void;
}

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

export function ParameterToolbar({ filter, onFilter, total, matched, apiCalls, onExpandAll, onCollapseAll }: Props) {
  return (
    <div className="table-toolbar parameter-toolbar">
      <input
        type="search"
        className="filter"
        aria-label="Filter parameters"
        placeholder="Filter by name or path"
        spellCheck={false}
        autoComplete="off"
        value={filter.text}
        onChange={(e) => onFilter({ ...filter, text: e.target.value })}
      />
      <label className="inline-field">
        <span>Type</span>
        <select
          aria-label="Filter by type"
          value={filter.type}
          onChange={(e) => onFilter({ ...filter, type: e.target.value as ParameterFilter['type'] })}
        >
          <option value="any">Any type</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <p className="muted table-count" role="status">
        {matched === null
          ? `${count(total)} ${total === 1 ? 'parameter' : 'parameters'} (${count(apiCalls)} DescribeParameters ${apiCalls === 1 ? 'call' : 'calls'})`
          : `${count(matched)} of ${count(total)} ${total === 1 ? 'parameter' : 'parameters'} ${matched === 1 ? 'matches' : 'match'}`}
      </p>
      <span className="spacer" />
      <button type="button" className="button button-small" onClick={onExpandAll}>
        Expand all
      </button>
      <button type="button" className="button button-small" onClick={onCollapseAll}>
        Collapse all
      </button>
    </div>
  );
}
