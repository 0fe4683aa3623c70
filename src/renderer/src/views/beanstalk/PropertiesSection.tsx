import { useState } from 'react';
import type { AppError, EnvironmentConfiguration, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  hasErrors,
  PROPERTIES_NAMESPACE,
  validateProperty,
  type PendingSetting,
  type PropertyErrors,
} from '../../model/beanstalkConfig';
import { useBeanstalk } from '../../stores/beanstalk';
import { EditRemoveCell, FieldError, InlineValueForm, useInlineEdit } from './InlineValueForm';
import { GridHead } from '../../components/GridHead';

type Property = EnvironmentConfiguration['properties'][number];

interface Props {
  target: Target;
  environmentName: string;
  config: EnvironmentConfiguration;
  /** Draft changes to properties, by property name. */
  pending: PendingSetting[];
  onPlan: (set: { name: string; value: string }[], remove: string[]) => void;
}

/** A revealed value lives only in this component's state: leaving the page forgets it. */
type Revealed = { status: 'loading' } | { status: 'shown'; value: string } | { status: 'error'; error: AppError };

const MASK = '••••••';

function PendingMark({ pending }: { pending: PendingSetting }) {
  return (
    <span className="pending-value">
      {' '}
      → {pending.after === undefined ? 'removed' : <code>{pending.after}</code>}{' '}
      <span className="tag tag-pending">pending</span>
    </span>
  );
}

function PropertyRow({
  property,
  names,
  revealed,
  pending,
  onReveal,
  onHide,
  onPlan,
}: {
  property: Property;
  pending: PendingSetting | undefined;
  names: string[];
  revealed: Revealed | undefined;
  onReveal: () => void;
  onHide: () => void;
  onPlan: Props['onPlan'];
}) {
  const { editing, start, fail, stop, formProps } = useInlineEdit();
  const errorId = `prop-${property.name}-error`;

  const submit = () => {
    if (editing === null) return;
    const problem = validateProperty(property.name, editing, names, property.name).value;
    if (problem) {
      fail(problem);
      return;
    }
    stop();
    onPlan([{ name: property.name, value: editing }], []);
  };

  const value = !property.masked ? (
    <code>{property.value ?? ''}</code>
  ) : revealed?.status === 'shown' ? (
    <>
      <code className="revealed">{revealed.value}</code>{' '}
      <button
        type="button"
        className="button button-small button-quiet"
        aria-label={`Hide ${property.name}`}
        onClick={onHide}
      >
        Hide
      </button>
    </>
  ) : (
    <>
      <span className="masked" aria-label="Hidden value">
        {MASK}
      </span>{' '}
      <button
        type="button"
        className="button button-small"
        aria-label={`Reveal ${property.name}`}
        disabled={revealed?.status === 'loading'}
        aria-busy={revealed?.status === 'loading' || undefined}
        onClick={onReveal}
      >
        {revealed?.status === 'loading' ? 'Revealing…' : 'Reveal'}
      </button>
      {revealed?.status === 'error' && (
        <ErrorNotice compact error={revealed.error} title={`Could not reveal ${property.name}`} />
      )}
    </>
  );

  return (
    <tr>
      <th scope="row" className="option-name">
        {property.name}
      </th>
      <td className="option-value">
        {editing === null ? (
          <>
            {value}
            {pending && <PendingMark pending={pending} />}
          </>
        ) : (
          <InlineValueForm
            name={property.name}
            {...formProps}
            errorId={errorId}
            secret={property.masked}
            onSubmit={submit}
          />
        )}
      </td>
      <EditRemoveCell
        name={property.name}
        editing={editing !== null}
        onEdit={() => start(property.masked ? '' : (property.value ?? ''))}
        onRemove={() => onPlan([], [property.name])}
      />
    </tr>
  );
}

function AddProperty({ names, onPlan }: { names: string[]; onPlan: Props['onPlan'] }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<PropertyErrors>({});

  const submit = () => {
    const found = validateProperty(name, value, names);
    setErrors(found);
    if (hasErrors(found)) return;
    onPlan([{ name: name.trim(), value }], []);
    setName('');
    setValue('');
  };

  return (
    <form
      className="add-property"
      aria-label="Add a property"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <input
          className="filter"
          aria-label="New property name"
          placeholder="NAME"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'new-property-name-error' : undefined}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((x) => ({ ...x, name: undefined }));
          }}
        />
        <FieldError id="new-property-name-error" message={errors.name} />
      </div>
      <div className="field">
        <input
          className="filter"
          aria-label="New property value"
          placeholder="value"
          autoComplete="off"
          aria-invalid={errors.value ? true : undefined}
          aria-describedby={errors.value ? 'new-property-value-error' : undefined}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setErrors((x) => ({ ...x, value: undefined }));
          }}
        />
        <FieldError id="new-property-value-error" message={errors.value} />
      </div>
      <button type="submit" className="button">
        Add property
      </button>
    </form>
  );
}

export function PropertiesSection({ target, environmentName, config, pending, onPlan }: Props) {
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({});
  const names = config.properties.map((p) => p.name);
  const pendingByName = new Map(
    pending.filter((p) => p.namespace === PROPERTIES_NAMESPACE).map((p) => [p.optionName, p]),
  );
  const additions = [...pendingByName.values()].filter((p) => !names.includes(p.optionName));

  const reveal = async (name: string) => {
    setRevealed((r) => ({ ...r, [name]: { status: 'loading' } }));
    const result = await useBeanstalk.getState().revealProperty(target, environmentName, name);
    setRevealed((r) => ({
      ...r,
      [name]: result.ok ? { status: 'shown', value: result.data.value } : { status: 'error', error: result.error },
    }));
  };
  const hide = (name: string) =>
    setRevealed((r) => {
      const next = { ...r };
      delete next[name];
      return next;
    });

  // A value being replaced or removed is hidden again, so the page never shows a stale secret.
  const plan: Props['onPlan'] = (set, remove) => {
    for (const name of [...set.map((p) => p.name), ...remove]) hide(name);
    onPlan(set, remove);
  };

  return (
    <section className="option-group">
      <h3>Environment properties</h3>
      {config.properties.length === 0 && additions.length === 0 ? (
        <p className="muted">
          No environment properties. Apps that read settings from the environment will not find any.
        </p>
      ) : (
        <table className="grid grid-compact option-grid" aria-label="Environment properties">
          <GridHead columns={['Name', 'Value']} />
          <tbody>
            {config.properties.map((p) => (
              <PropertyRow
                key={p.name}
                property={p}
                names={names}
                revealed={revealed[p.name]}
                pending={pendingByName.get(p.name)}
                onReveal={() => void reveal(p.name)}
                onHide={() => hide(p.name)}
                onPlan={plan}
              />
            ))}
            {additions.map((p) => (
              <tr key={`pending-${p.optionName}`} className="pending-row">
                <th scope="row" className="option-name">
                  {p.optionName}
                </th>
                <td className="option-value">
                  <code>{p.after}</code> <span className="tag tag-pending">pending</span>
                </td>
                <td className="actions-cell" />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddProperty names={names} onPlan={plan} />
    </section>
  );
}
