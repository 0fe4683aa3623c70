import { ErrorNotice } from '../../components/ErrorNotice';
import type { AppError, ParameterSummary, Target } from '../../../../shared/contract';
import { dataOf } from '../../model/loadable';
import { useParameters } from '../../stores/parameters';
import { MASK } from './parameterTree';
import { GridHead } from '../../components/GridHead';

interface Props {
  target: Target;
  parameter: ParameterSummary;
  value: string | undefined;
  revealed: string | undefined;
  revealError: AppError | null;
  onReveal: () => void;
  onHide: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onRestore: (version: number) => void;
}

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

function History({ target, parameter, onRestore }: Pick<Props, 'target' | 'parameter' | 'onRestore'>) {
  const history = useParameters((s) => s.history[parameter.name]);
  const versions = dataOf(history);
  if (!history || history.status === 'idle') {
    return (
      <button
        type="button"
        className="button button-small"
        onClick={() => void useParameters.getState().loadHistory(target, parameter.name)}
      >
        History
      </button>
    );
  }
  return (
    <section aria-label={`History of ${parameter.name}`} className="parameter-history">
      <h3>History</h3>
      {history.status === 'error' && (
        <ErrorNotice
          error={history.error}
          title="Could not load the history"
          compact
          onRetry={() => void useParameters.getState().loadHistory(target, parameter.name)}
        />
      )}
      {history.status === 'loading' && !versions && <p className="loading">Loading history…</p>}
      {versions && (
        <table>
          <GridHead columns={['Version', 'Modified', 'By', 'Value']} />
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{when(v.lastModified)}</td>
                <td>{v.user ?? '—'}</td>
                <td>{v.value === undefined ? MASK : <code>{v.value}</code>}</td>
                <td>
                  {v.version !== parameter.version && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Restore version ${v.version} of ${parameter.name}`}
                      onClick={() => onRestore(v.version)}
                    >
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The selected parameter: metadata, value (revealed on request only), history and actions. */
export function ParameterDetail(props: Props) {
  const { parameter } = props;
  const secure = parameter.type === 'SecureString';
  return (
    <section className="parameter-detail" aria-label={`Parameter ${parameter.name}`}>
      <h2>{parameter.name}</h2>
      {parameter.description && <p>{parameter.description}</p>}
      <dl className="parameter-facts">
        <dt>Type</dt>
        <dd>{parameter.type}</dd>
        <dt>Version</dt>
        <dd>{parameter.version}</dd>
        <dt>Last modified</dt>
        <dd>
          {when(parameter.lastModified)}
          {parameter.lastModifiedUser ? ` by ${parameter.lastModifiedUser}` : ''}
        </dd>
        <dt>Tier</dt>
        <dd>{parameter.tier ?? 'Standard'}</dd>
        <dt>KMS key</dt>
        <dd>{parameter.keyId ?? (secure ? 'alias/aws/ssm' : '—')}</dd>
        <dt>Value</dt>
        <dd>
          {!secure ? (
            <code>{props.value ?? '…'}</code>
          ) : props.revealed === undefined ? (
            <>
              {MASK}{' '}
              <button type="button" className="button button-small" onClick={props.onReveal}>
                Reveal value
              </button>
            </>
          ) : (
            <>
              <code>{props.revealed}</code>{' '}
              <button type="button" className="button button-small" onClick={props.onHide}>
                Hide value
              </button>
            </>
          )}
        </dd>
      </dl>
      {props.revealError && <ErrorNotice error={props.revealError} title="Could not reveal the value" compact />}
      <div className="parameter-actions">
        <button type="button" className="button button-small" onClick={props.onEdit}>
          Edit
        </button>
        <button type="button" className="button button-small button-danger" onClick={props.onDelete}>
          Delete
        </button>
      </div>
      <History target={props.target} parameter={parameter} onRestore={props.onRestore} />
    </section>
  );
}
