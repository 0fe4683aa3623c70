import type { ParameterSummary } from '../../../../shared/contract';
import { type ParameterFolder, leafName, MASK } from './parameterTree';
import { formatAge, formatDateTime } from '../../model/time';

interface Props {
  root: ParameterFolder;
  values: Record<string, string>;
  revealed: Record<string, string>;
  selected: string | null;
  onSelect: (name: string) => void;
  onReveal: (name: string) => void;
  onHide: (name: string) => void;
}

function ValueCell({ parameter, props }: { parameter: ParameterSummary; props: Props }) {
  const { name } = parameter;
  if (parameter.type !== 'SecureString') {
    const value = props.values[name];
    return <code className="parameter-value">{value ?? '…'}</code>;
  }
  const shown = props.revealed[name];
  return (
    <span className="parameter-value">
      {shown === undefined ? (
        <span aria-label={`${name} value hidden`}>{MASK}</span>
      ) : (
        <code aria-label={`${name} value`}>{shown}</code>
      )}{' '}
      {shown === undefined ? (
        <button
          type="button"
          className="link-button"
          aria-label={`Reveal ${name}`}
          onClick={() => props.onReveal(name)}
        >
          Reveal
        </button>
      ) : (
        <button type="button" className="link-button" aria-label={`Hide ${name}`} onClick={() => props.onHide(name)}>
          Hide
        </button>
      )}
    </span>
  );
}

function Folder({ folder, props }: { folder: ParameterFolder; props: Props }) {
  return (
    <ul className="parameter-folder" aria-label={folder.path}>
      {folder.folders.map((child) => (
        <li key={child.path} className="parameter-folder-item">
          <span className="parameter-folder-name">{child.label}/</span>
          <Folder folder={child} props={props} />
        </li>
      ))}
      {folder.parameters.map((p) => (
        <li key={p.name} className={p.name === props.selected ? 'parameter-row selected' : 'parameter-row'}>
          <button
            type="button"
            className="parameter-name link-button"
            aria-label={p.name}
            aria-pressed={p.name === props.selected}
            onClick={() => props.onSelect(p.name)}
          >
            {leafName(p.name)}
          </button>
          <span className="parameter-type">{p.type}</span>
          <span className="parameter-meta">v{p.version}</span>
          <span className="parameter-meta" title={formatDateTime(p.lastModified)}>
            {p.lastModified ? formatAge(p.lastModified, new Date()) : '—'}
          </span>
          <span className="parameter-meta">{p.tier ?? 'Standard'}</span>
          {/* Only SecureStrings have a key; the column stays aligned for the rest. */}
          <span className="parameter-meta parameter-key">{p.keyId ?? ''}</span>
          <ValueCell parameter={p} props={props} />
        </li>
      ))}
    </ul>
  );
}

/** Folders by path as nested lists; each parameter row shows its value, masked for SecureString. */
export function ParameterTree(props: Props) {
  return (
    <nav className="parameter-tree" aria-label="Parameters by path">
      <Folder folder={props.root} props={props} />
    </nav>
  );
}
