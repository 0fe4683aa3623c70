import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { useDiagnostics } from '../../stores/diagnostics';
import { fromForm, toForm, type SettingsErrors, type SettingsForm } from './settingsForm';

interface Props {
  target: Target;
  /** Environments the last scan saw, so each gets a row even before it has settings. */
  environments: readonly string[];
}

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {text}
    </span>
  );
}

function SettingsEditor({ target, initial }: { target: Target; initial: SettingsForm }) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const environments = Object.keys(form.requiredProperties);

  const change = (next: SettingsForm) => {
    setForm(next);
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = fromForm(form);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const error = await useDiagnostics.getState().saveSettings(target, parsed.settings);
    setBusy(false);
    // The form keeps what was typed either way; only a success marks it saved.
    setSaveError(error ? error.message : null);
    setSaved(!error);
  };

  const errorProps = (key: string) =>
    errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${key}` } : {};

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>Who deploys</legend>
        <p className="muted">The roles and users that run eb init / eb create; rule F1 checks their permissions.</p>
        <ul className="deployers">
          {form.deployers.map((d, i) => (
            <li key={i}>
              <label>
                Principal type {i + 1}{' '}
                <select
                  value={d.type}
                  onChange={(e) =>
                    change({
                      ...form,
                      deployers: form.deployers.map((x, j) =>
                        j === i ? { ...x, type: e.target.value === 'user' ? 'user' : 'role' } : x,
                      ),
                    })
                  }
                >
                  <option value="role">Role</option>
                  <option value="user">User</option>
                </select>
              </label>{' '}
              <label>
                Principal name {i + 1}{' '}
                <input
                  className="filter"
                  value={d.name}
                  {...errorProps(`deployers.${i}.name`)}
                  onChange={(e) =>
                    change({
                      ...form,
                      deployers: form.deployers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                    })
                  }
                />
              </label>{' '}
              <button
                type="button"
                className="button button-small button-quiet"
                aria-label={`Remove deployer ${i + 1}`}
                onClick={() => change({ ...form, deployers: form.deployers.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
              <FieldError id={`${id}-deployers.${i}.name`} text={errors[`deployers.${i}.name`]} />
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button button-small"
          onClick={() => change({ ...form, deployers: [...form.deployers, { type: 'role', name: '' }] })}
        >
          Add deployer
        </button>
        <FieldError id={`${id}-deployers`} text={errors.deployers} />
      </fieldset>
      <fieldset>
        <legend>Per environment</legend>
        {environments.length === 0 ? (
          <p className="empty">Scan first: environments found by the scan are listed here.</p>
        ) : (
          <table className="grid grid-compact settings-envs">
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Required properties (comma list)</th>
                <th scope="col">Parameter path</th>
              </tr>
            </thead>
            <tbody>
              {environments.map((env) => (
                <tr key={env}>
                  <th scope="row">{env}</th>
                  <td>
                    <input
                      className="filter filter-wide"
                      aria-label={`Required properties for ${env}`}
                      placeholder="DB_HOST, DB_USER"
                      value={form.requiredProperties[env] ?? ''}
                      {...errorProps(`requiredProperties.${env}`)}
                      onChange={(e) =>
                        change({ ...form, requiredProperties: { ...form.requiredProperties, [env]: e.target.value } })
                      }
                    />
                    <FieldError id={`${id}-requiredProperties.${env}`} text={errors[`requiredProperties.${env}`]} />
                  </td>
                  <td>
                    <input
                      className="filter filter-wide"
                      aria-label={`Parameter path for ${env}`}
                      placeholder="/myapp/prod"
                      value={form.parameterPaths[env] ?? ''}
                      {...errorProps(`parameterPaths.${env}`)}
                      onChange={(e) =>
                        change({ ...form, parameterPaths: { ...form.parameterPaths, [env]: e.target.value } })
                      }
                    />
                    <FieldError id={`${id}-parameterPaths.${env}`} text={errors[`parameterPaths.${env}`]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </fieldset>
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      {saveError && (
        <p role="alert" className="notice notice-error">
          Not saved: {saveError}
        </p>
      )}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
        {saved && (
          <span role="status" className="verify-ok">
            ✓ Saved. Scan again to apply them.
          </span>
        )}
      </div>
    </form>
  );
}

/** The "Settings" disclosure: loads when first opened. */
export function SettingsPanel({ target, environments }: Props) {
  const [open, setOpen] = useState(false);
  const settings = useDiagnostics((s) => s.settings);
  const data = dataOf(settings);

  useEffect(() => {
    if (open && useDiagnostics.getState().settings.status === 'idle')
      void useDiagnostics.getState().loadSettings(target);
  }, [open, target]);

  return (
    <details className="panel settings" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Settings</summary>
      {settings.status === 'error' && (
        <ErrorNotice
          error={settings.error}
          title="Could not read the diagnostics settings"
          onRetry={() => void useDiagnostics.getState().loadSettings(target)}
        />
      )}
      {data ? (
        // Re-mounted when the known environments change, so new ones get rows.
        <SettingsEditor key={environments.join('|')} target={target} initial={toForm(data, environments)} />
      ) : (
        open && settings.status !== 'error' && <p className="loading">Loading settings…</p>
      )}
    </details>
  );
}
