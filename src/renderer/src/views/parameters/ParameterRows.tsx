/**
 * The two kinds of treeitem the parameter tree scrolls: a folder (open or
 * closed, with its count) and a parameter (type, version, age, tier, KMS key
 * and value, masked for SecureString). Memoised on plain props, so a filter
 * keystroke re-renders only the rows whose content changed.
 *
 * Rows are positioned by the tree; each carries aria-level, aria-setsize and
 * aria-posinset because the DOM holds only the rows in view. Buttons inside a
 * row are out of the tab order (the tree has one tab stop, a roving one);
 * keyboard users reveal from the detail panel.
 */
import { memo, useId } from 'react';
import type { ParameterSummary } from '../../../../shared/contract';
import { formatAge, formatDateTime } from '../../model/time';
import { formatCount, leafName, MASK, type ParameterFolder } from './parameterTree';

interface Position {
  index: number;
  level: number;
  setSize: number;
  posInSet: number;
  /** The tree's one tab stop. */
  tabbable: boolean;
}

const indent = (level: number) => ({ paddingLeft: `${(level - 1) * 1.1}rem` });

/** What every treeitem says about where it sits, and whether it is the tab stop. */
function treeItem(position: Position, label: string, describedBy: string) {
  return {
    role: 'treeitem',
    'aria-label': label,
    'aria-describedby': describedBy,
    'aria-level': position.level,
    'aria-setsize': position.setSize,
    'aria-posinset': position.posInSet,
    tabIndex: position.tabbable ? 0 : -1,
    'data-index': position.index,
  } as const;
}

interface FolderProps extends Position {
  folder: ParameterFolder;
  open: boolean;
  count: number;
  filtering: boolean;
  onToggle: (path: string) => void;
}

export const FolderRow = memo(function FolderRow(props: FolderProps) {
  const { folder, open, count } = props;
  const countId = useId();
  return (
    <div
      {...treeItem(props, folder.path, countId)}
      aria-expanded={open}
      className="parameter-folder-row"
      onClick={() => props.onToggle(folder.path)}
    >
      <span className="parameter-folder-name" style={indent(props.level)}>
        <span className="parameter-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {folder.label}/
      </span>
      <span id={countId} className="parameter-meta">
        {formatCount(count)}
        {props.filtering ? ' matching' : count === 1 ? ' parameter' : ' parameters'}
      </span>
    </div>
  );
});

interface ParameterProps extends Position {
  parameter: ParameterSummary;
  selected: boolean;
  /** String/StringList value when read; undefined while it loads. */
  value: string | undefined;
  /** A SecureString's value, only once the user revealed it. */
  revealed: string | undefined;
  now: Date;
  onSelect: (name: string) => void;
  onReveal: (name: string) => void;
  onHide: (name: string) => void;
}

function ValueCell({ parameter, value, revealed, onReveal, onHide }: ParameterProps) {
  const { name } = parameter;
  if (parameter.type !== 'SecureString') {
    return (
      <code className="parameter-value" title={value}>
        {value ?? '…'}
      </code>
    );
  }
  return (
    <span className="parameter-value">
      {revealed === undefined ? (
        <span aria-label={`${name} value hidden`}>{MASK}</span>
      ) : (
        <code aria-label={`${name} value`}>{revealed}</code>
      )}{' '}
      <button
        type="button"
        className="link-button"
        tabIndex={-1}
        aria-label={`${revealed === undefined ? 'Reveal' : 'Hide'} ${name}`}
        onClick={() => (revealed === undefined ? onReveal(name) : onHide(name))}
      >
        {revealed === undefined ? 'Reveal' : 'Hide'}
      </button>
    </span>
  );
}

export const ParameterRow = memo(function ParameterRow(props: ParameterProps) {
  const { parameter: p } = props;
  const factsId = useId();
  return (
    <div
      {...treeItem(props, p.name, factsId)}
      aria-selected={props.selected}
      className={props.selected ? 'parameter-row selected' : 'parameter-row'}
      onClick={() => props.onSelect(p.name)}
    >
      <span className="parameter-name" style={indent(props.level)} title={p.name}>
        {leafName(p.name)}
      </span>
      <span id={factsId} className="parameter-facts-inline">
        <span className="parameter-type">{p.type}</span>
        <span className="parameter-meta parameter-version">v{p.version}</span>
        <span className="parameter-meta parameter-modified" title={formatDateTime(p.lastModified)}>
          {p.lastModified ? formatAge(p.lastModified, props.now) : '—'}
        </span>
        <span className="parameter-meta parameter-tier">{p.tier ?? 'Standard'}</span>
        {/* Only SecureStrings have a key; the column stays aligned for the rest. */}
        <span className="parameter-meta parameter-key">{p.keyId ?? ''}</span>
      </span>
      <ValueCell {...props} />
    </div>
  );
});

/** Headings over the rows' columns, for the eye; each row's description carries the same facts for screen readers. */
export function ParameterColumns() {
  return (
    <div className="parameter-columns" aria-hidden="true">
      <span>Name</span>
      <span>Type</span>
      <span className="parameter-version">Version</span>
      <span className="parameter-modified">Modified</span>
      <span className="parameter-tier">Tier</span>
      <span className="parameter-key">KMS key</span>
      <span>Value</span>
    </div>
  );
}
