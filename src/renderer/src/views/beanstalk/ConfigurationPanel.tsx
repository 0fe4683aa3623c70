import { useEffect, useMemo } from 'react';
import type { ChangeIntent, EnvironmentConfiguration, OptionSetting, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  groupOptions,
  optionId,
  optionValueError,
  pendingChanges,
  PROPERTIES_NAMESPACE,
  SECRETS_NAMESPACE,
  type PendingSetting,
} from '../../model/beanstalkConfig';
import { dataOf } from '../../model/loadable';
import { formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { useChanges } from '../../stores/changes';
import { EditRemoveCell, InlineValueForm, useInlineEdit } from './InlineValueForm';
import { PropertiesSection } from './PropertiesSection';
import { GridHead } from '../../components/GridHead';

interface Props {
  target: Target;
  environmentName: string;
}

type OptionKey = { namespace: string; optionName: string; resourceName?: string };

/** "a → b", with removals and masked values in words. */
function pendingWords(d: PendingSetting): string {
  const named = d.namespace === PROPERTIES_NAMESPACE || d.namespace === SECRETS_NAMESPACE;
  if (d.after === undefined) return named ? 'removed' : `${d.before ?? '(not set)'} → (default)`;
  return `${d.before ?? '(not set)'} → ${d.after}`;
}

export function updateOptions(
  environmentName: string,
  set: (OptionKey & { value: string })[],
  remove: OptionKey[],
): ChangeIntent {
  return { kind: 'beanstalk.updateOptions', environmentName, set, remove };
}

function key(option: OptionKey): OptionKey {
  return option.resourceName
    ? { namespace: option.namespace, optionName: option.optionName, resourceName: option.resourceName }
    : { namespace: option.namespace, optionName: option.optionName };
}

function OptionRow({
  option,
  showNamespace,
  pending,
  onPlan,
}: {
  option: OptionSetting;
  showNamespace: boolean;
  pending: PendingSetting | undefined;
  onPlan: (intent: { set?: OptionKey & { value: string }; remove?: OptionKey }) => void;
}) {
  const { editing, start, fail, stop, formProps } = useInlineEdit();
  const errorId = `opt-${optionId(option)}-error`;

  const submit = () => {
    if (editing === null) return;
    const problem = optionValueError(editing);
    if (problem) {
      fail(problem);
      return;
    }
    if (editing === (option.value ?? '')) {
      fail('That is the current value.');
      return;
    }
    stop();
    onPlan({ set: { ...key(option), value: editing } });
  };

  return (
    <tr>
      <th scope="row" className="option-name">
        {option.optionName}
        {showNamespace && <span className="path">{option.namespace}</span>}
        {option.resourceName && <span className="path">resource {option.resourceName}</span>}
      </th>
      <td className="option-value">
        {editing === null ? (
          <>
            {option.value ? <code>{option.value}</code> : <span className="muted">(not set)</span>}
            {pending && (
              <span className="pending-value">
                {' '}
                → <code>{pending.after ?? '(default)'}</code> <span className="tag tag-pending">pending</span>
              </span>
            )}
          </>
        ) : (
          <InlineValueForm name={option.optionName} {...formProps} errorId={errorId} onSubmit={submit} />
        )}
      </td>
      <EditRemoveCell
        name={option.optionName}
        editing={editing !== null}
        onEdit={() => start(option.value ?? '')}
        onRemove={() => onPlan({ remove: key(option) })}
      />
    </tr>
  );
}

function Options({
  config,
  pending,
  onPlan,
}: {
  config: EnvironmentConfiguration;
  pending: Map<string, PendingSetting>;
  onPlan: Parameters<typeof OptionRow>[0]['onPlan'];
}) {
  const groups = useMemo(() => groupOptions(config.options), [config.options]);
  if (groups.length === 0) return <p className="muted">No option settings.</p>;
  return (
    <>
      {groups.map((group) => (
        <section key={group.title} className="option-group">
          <h3 className={group.namespace ? 'namespace' : undefined}>{group.title}</h3>
          <table className="grid grid-compact option-grid" aria-label={group.title}>
            <GridHead columns={['Name', 'Value']} />
            <tbody>
              {group.options.map((o) => (
                <OptionRow
                  key={optionId(o)}
                  option={o}
                  showNamespace={!group.namespace}
                  pending={pending.get(optionId(o))}
                  onPlan={onPlan}
                />
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

function Secrets({ config }: { config: EnvironmentConfiguration }) {
  return (
    <section className="option-group">
      <h3>Environment secrets</h3>
      {config.secrets.length === 0 ? (
        <p className="muted">None. Secrets referenced from SSM Parameter Store or Secrets Manager would appear here.</p>
      ) : (
        <table className="grid grid-compact option-grid" aria-label="Environment secrets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Reference</th>
              <th scope="col">Store</th>
            </tr>
          </thead>
          <tbody>
            {config.secrets.map((s) => (
              <tr key={s.name}>
                <th scope="row" className="option-name">
                  {s.name}
                </th>
                <td>
                  <code className="arn">{s.arn}</code>
                </td>
                <td className="nowrap">
                  {s.store === 'ssm' ? 'SSM Parameter Store' : s.store === 'secretsmanager' ? 'Secrets Manager' : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ConfigurationPanel({ target, environmentName }: Props) {
  const configuration = useBeanstalk((s) => s.configuration[environmentName]);
  const data = dataOf(configuration);

  useEffect(() => {
    void useBeanstalk.getState().loadConfiguration(target, environmentName);
  }, [target, environmentName]);

  const pending = useMemo(
    () => (data ? pendingChanges(data.options, data.properties, data.draft, data.secrets) : []),
    [data],
  );
  const pendingById = useMemo(() => new Map(pending.map((p) => [optionId(p), p])), [pending]);

  const plan = (set: (OptionKey & { value: string })[], remove: OptionKey[]) =>
    void useChanges.getState().preview(target, updateOptions(environmentName, set, remove));
  const reload = () => void useBeanstalk.getState().loadConfiguration(target, environmentName);

  return (
    <section
      className="eb-configuration"
      aria-label="Configuration"
      aria-busy={configuration?.status === 'loading' || undefined}
    >
      {configuration?.status === 'error' && (
        <ErrorNotice
          error={configuration.error}
          title={
            data ? 'Could not refresh the configuration; showing the previous one' : 'Could not read the configuration'
          }
          onRetry={reload}
        />
      )}
      {!data ? (
        configuration?.status !== 'error' && <p className="loading">Loading the configuration…</p>
      ) : (
        <>
          {data.draft && (
            <div className="notice notice-warning" role="status" aria-label="Pending settings">
              <div className="notice-body">
                <p className="notice-title">
                  An update is in progress
                  {pending.length > 0
                    ? `: ${pending.length} setting${pending.length === 1 ? '' : 's'} pending`
                    : '; the pending settings match what is deployed'}
                </p>
                {pending.length > 0 && (
                  <ul className="draft-list">
                    {pending.map((d) => (
                      <li key={optionId(d)}>
                        <code>
                          {d.namespace} {d.optionName}: {pendingWords(d)}
                        </code>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          )}
          <p className="fetch-meta config-meta">
            {data.applicationName} · {data.platform}
            {data.dateUpdated && ` · updated ${formatDateTime(data.dateUpdated)}`}
          </p>
          <Options
            config={data}
            pending={pendingById}
            onPlan={({ set, remove }) => plan(set ? [set] : [], remove ? [remove] : [])}
          />
          <PropertiesSection
            target={target}
            environmentName={environmentName}
            config={data}
            pending={pending}
            onPlan={(set, remove) =>
              plan(
                set.map((p) => ({ namespace: PROPERTIES_NAMESPACE, optionName: p.name, value: p.value })),
                remove.map((name) => ({ namespace: PROPERTIES_NAMESPACE, optionName: name })),
              )
            }
          />
          <Secrets config={data} />
        </>
      )}
    </section>
  );
}
